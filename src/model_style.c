/*
 * model_style.c — the resolving half of the document model: XML helpers and
 * units, styles (docDefaults, basedOn chains, table styles), theme fonts,
 * numbering (counters, level text, number formats) and symbol-font mapping.
 *
 * Invariants: property layers are applied in Word's order — built-in
 * defaults, docDefaults, table style, paragraph style, numbering level,
 * character style, direct formatting — each layer overwriting only what it
 * states.  Style chains are walked root first with at most MAX_CHAIN links,
 * so a basedOn cycle ends there.  Toggle properties (b, i, caps, strike,
 * vanish) are treated as plain on/off at every layer: Word's XOR of toggles
 * between styles is not modelled (a bold style based on a bold style stays
 * bold).  Wraps libxml2 trees only for reading.
 */
#include "model_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"

/* ==== XML helpers ==== */

static bool is_w_ns(const xmlNs *ns)
{
	return ns && ns->href &&
	       (strcmp((const char *)ns->href, W_NS) == 0 ||
		strcmp((const char *)ns->href, W_NS_STRICT) == 0);
}

bool m_is_w(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       is_w_ns(n->ns);
}

bool m_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr m_child(xmlNodePtr n, const char *name)
{
	if (n == NULL)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (m_is_w(c, name))
			return c;
	return NULL;
}

static const char *attr_value(xmlAttrPtr a)
{
	for (xmlNodePtr t = a->children; t; t = t->next)
		if (t->type == XML_TEXT_NODE && t->content)
			return (const char *)t->content;
	return "";
}

const char *m_attr(xmlNodePtr n, const char *name)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && (a->ns == NULL || is_w_ns(a->ns)))
			return attr_value(a);
	return NULL;
}

const char *m_attr_ns(xmlNodePtr n, const char *name, const char *ns_part)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->ns && a->ns->href &&
		    strstr((const char *)a->ns->href, ns_part))
			return attr_value(a);
	return NULL;
}

const char *m_val(xmlNodePtr n, const char *child)
{
	return m_attr(m_child(n, child), "val");
}

xmlNodePtr m_find(xmlNodePtr n, const char *name, int depth)
{
	if (n == NULL || depth > MAX_DEPTH)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, name) == 0)
			return c;
		xmlNodePtr f = m_find(c, name, depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

/* ==== Units ==== */

int m_twips(const char *s, int dflt)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return dflt;
	if (strcmp(end, "pt") == 0)
		v *= 20;
	else if (strcmp(end, "in") == 0)
		v *= 1440;
	else if (strcmp(end, "cm") == 0)
		v *= 1440 / 2.54;
	else if (strcmp(end, "mm") == 0)
		v *= 144 / 2.54;
	else if (strcmp(end, "pc") == 0 || strcmp(end, "pi") == 0)
		v *= 240;
	if (v > 1e7)
		v = 1e7;
	if (v < -1e7)
		v = -1e7;
	return (int)lround(v);
}

int m_int(const char *s, int dflt)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtol(s, &end, 10);
	if (end == s)
		return dflt;
	if (v > 100000000)
		v = 100000000;
	if (v < -100000000)
		v = -100000000;
	return (int)v;
}

bool m_onoff(xmlNodePtr el)
{
	const char *v = m_attr(el, "val");
	if (v == NULL)
		return true;
	return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
		 strcmp(v, "none") == 0);
}

uint32_t m_color(const char *s, uint32_t dflt)
{
	char *end;
	unsigned long v;

	if (s == NULL || strcmp(s, "auto") == 0 || strlen(s) != 6)
		return dflt;
	v = strtoul(s, &end, 16);
	return *end ? dflt : (uint32_t)v;
}

/* ==== Styles and theme ==== */

static int style_cmp(const void *a, const void *b)
{
	return strcmp(((const m_style *)a)->id, ((const m_style *)b)->id);
}

const m_style *m_style_get(const mctx *m, const char *id)
{
	m_style key = {.id = id};
	if (id == NULL || m->nstyles == 0)
		return NULL;
	return bsearch(&key, m->styles, (size_t)m->nstyles, sizeof key, style_cmp);
}

static void load_theme(mctx *m, xmlDocPtr theme)
{
	xmlNodePtr root = theme ? xmlDocGetRootElement(theme) : NULL;
	xmlNodePtr scheme = m_find(root, "fontScheme", 0);

	for (int major = 0; major < 2 && scheme; major++) {
		xmlNodePtr f = NULL;
		const char **dst = major ? m->theme_major : m->theme_minor;
		for (xmlNodePtr c = scheme->children; c; c = c->next)
			if (m_is(c, major ? "majorFont" : "minorFont"))
				f = c;
		if (f == NULL)
			continue;
		const char *hant = NULL;
		for (xmlNodePtr c = f->children; c; c = c->next) {
			const char *tf = NULL;
			if (c->type != XML_ELEMENT_NODE)
				continue;
			for (xmlAttrPtr a = c->properties; a; a = a->next)
				if (strcmp((const char *)a->name, "typeface") == 0)
					tf = attr_value(a);
			if (tf == NULL)
				continue;
			if (m_is(c, "latin"))
				dst[0] = tf;
			else if (m_is(c, "ea"))
				dst[1] = tf;
			else if (m_is(c, "cs"))
				dst[2] = tf;
			else if (m_is(c, "font")) {
				for (xmlAttrPtr a = c->properties; a; a = a->next)
					if (strcmp((const char *)a->name, "script") == 0 &&
					    strcmp(attr_value(a), "Hant") == 0)
						hant = tf;
			}
		}
		/* Traditional Chinese documents leave <a:ea typeface=""/> empty and
		 * name the face under script="Hant". */
		if ((dst[1] == NULL || dst[1][0] == '\0') && hant && hant[0])
			dst[1] = hant;
		for (int i = 0; i < 3; i++)
			if (dst[i] && dst[i][0] == '\0')
				dst[i] = NULL;
	}
}

static int abstract_cmp(const void *a, const void *b)
{
	int x = ((const m_abstract *)a)->id, y = ((const m_abstract *)b)->id;
	return (x > y) - (x < y);
}

static int num_cmp(const void *a, const void *b)
{
	int x = ((const m_num *)a)->id, y = ((const m_num *)b)->id;
	return (x > y) - (x < y);
}

static void load_numbering(mctx *m, xmlDocPtr numbering)
{
	xmlNodePtr root = numbering ? xmlDocGetRootElement(numbering) : NULL;
	int na = 0, nn = 0;

	if (root == NULL)
		return;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		na += m_is_w(c, "abstractNum");
		nn += m_is_w(c, "num");
	}
	m->abstracts = gw_arena_array(m->a, (size_t)na + 1, sizeof *m->abstracts);
	m->nums = gw_arena_array(m->a, (size_t)nn + 1, sizeof *m->nums);
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (m_is_w(c, "abstractNum")) {
			m_abstract *an = &m->abstracts[m->nabstracts++];
			an->id = m_int(m_attr(c, "abstractNumId"), -1);
			an->first_num = -1;
			an->num_style_link = m_val(c, "numStyleLink");
			for (xmlNodePtr l = c->children; l; l = l->next) {
				int i = m_int(m_attr(l, "ilvl"), -1);
				if (m_is_w(l, "lvl") && i >= 0 && i < 9 && an->lvl[i] == NULL)
					an->lvl[i] = l;
			}
		} else if (m_is_w(c, "num")) {
			m_num *n = &m->nums[m->nnums++];
			n->id = m_int(m_attr(c, "numId"), -1);
			n->abstract_id = m_int(m_val(c, "abstractNumId"), -1);
			for (int i = 0; i < 9; i++)
				n->start_override[i] = -1;
			for (xmlNodePtr o = c->children; o; o = o->next) {
				int i = m_int(m_attr(o, "ilvl"), -1);
				if (!m_is_w(o, "lvlOverride") || i < 0 || i >= 9)
					continue;
				xmlNodePtr so = m_child(o, "startOverride");
				if (so)
					n->start_override[i] = m_int(m_attr(so, "val"), 0);
				if (m_child(o, "lvl"))
					n->lvl[i] = m_child(o, "lvl");
			}
		}
	}
	/* Sorted by id for lookups (of duplicated ids, any one is found). */
	qsort(m->abstracts, (size_t)m->nabstracts, sizeof *m->abstracts, abstract_cmp);
	qsort(m->nums, (size_t)m->nnums, sizeof *m->nums, num_cmp);
}

static m_abstract *num_abstract(mctx *m, const m_num *n);

/* Word and LibreOffice count the list instances (w:num) of one list
 * definition together, unless an instance overrides a level (a restart):
 * each num gets the index of the num whose counters it uses. */
static void share_counters(mctx *m)
{
	for (int i = 0; i < m->nnums; i++) {
		m_num *n = &m->nums[i];
		bool own = false;
		n->owner = i;
		for (int l = 0; l < 9; l++)
			own |= n->start_override[l] >= 0 || n->lvl[l] != NULL;
		if (own)
			continue;
		m_abstract *an = num_abstract(m, n);
		if (an && an->first_num < 0)
			an->first_num = i;
		if (an)
			n->owner = an->first_num;
	}
}

void m_styles_init(mctx *m, xmlDocPtr styles, xmlDocPtr theme, xmlDocPtr numbering)
{
	xmlNodePtr root = styles ? xmlDocGetRootElement(styles) : NULL;
	int n = 0;

	load_theme(m, theme);
	load_numbering(m, numbering);
	if (root == NULL) {
		share_counters(m);
		return;
	}
	for (xmlNodePtr c = root->children; c; c = c->next)
		n += m_is_w(c, "style");
	m->styles = gw_arena_array(m->a, (size_t)n + 1, sizeof *m->styles);
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (m_is_w(c, "docDefaults")) {
			m->rpr_default = m_child(m_child(c, "rPrDefault"), "rPr");
			m->ppr_default = m_child(m_child(c, "pPrDefault"), "pPr");
			continue;
		}
		if (!m_is_w(c, "style") || m_attr(c, "styleId") == NULL)
			continue;
		const char *type = m_attr(c, "type");
		m_style *s = &m->styles[m->nstyles++];
		s->id = m_attr(c, "styleId");
		s->type = type == NULL ? 'p' : strcmp(type, "character") == 0 ? 'c'
				: strcmp(type, "table") == 0 ? 't'
				: strcmp(type, "numbering") == 0 ? 'n' : 'p';
		s->based_on = m_val(c, "basedOn");
		s->node = c;
		s->ppr = m_child(c, "pPr");
		s->rpr = m_child(c, "rPr");
		s->tblpr = m_child(c, "tblPr");
		s->tcpr = m_child(c, "tcPr");
		const char *def = m_attr(c, "default");
		if (def && (strcmp(def, "1") == 0 || strcmp(def, "true") == 0 || strcmp(def, "on") == 0)) {
			if (s->type == 'p' && m->default_pstyle == NULL)
				m->default_pstyle = s->id;
			if (s->type == 't' && m->default_tstyle == NULL)
				m->default_tstyle = s->id;
		}
	}
	qsort(m->styles, (size_t)m->nstyles, sizeof *m->styles, style_cmp);
	share_counters(m);
	/* Duplicated ids: bsearch may find any; Word uses the first, rare enough. */
}

/* ==== Character properties ==== */

void m_rp_defaults(const mctx *m, gw_rprops *rp)
{
	memset(rp, 0, sizeof *rp);
	/* The application's defaults when docDefaults say nothing: 10 pt,
	 * Times New Roman and 新細明體 (zh-TW Word).  Theme fonts apply only
	 * where an rFonts names them. */
	rp->size = 20;
	rp->font_ascii = rp->font_hansi = "Times New Roman";
	rp->font_eastasia = "新細明體";
	rp->scale = 100;
	rp->highlight = 0xFFFFFFFF;
	m_apply_rpr(m, rp, m->rpr_default);
}

static const char *theme_font(const mctx *m, const char *t)
{
	if (t == NULL)
		return NULL;
	const char *const *set = strncmp(t, "major", 5) == 0 ? m->theme_major : m->theme_minor;
	if (strstr(t, "EastAsia"))
		return set[1];
	if (strstr(t, "Bidi"))
		return set[2];
	return set[0];
}

void m_apply_rpr(const mctx *m, gw_rprops *rp, xmlNodePtr rpr)
{
	int budget = MAX_PROPS;

	if (rpr == NULL)
		return;
	/* Property sets are applied once per run: a bounded number of children
	 * keeps a hostile style from costing its size at every use. */
	for (xmlNodePtr c = rpr->children; c && budget-- > 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is_w_ns(c->ns))
			continue;
		const char *n = (const char *)c->name;
		const char *v = m_attr(c, "val");
		if (strcmp(n, "rFonts") == 0) {
			const char *f;
			/* A theme attribute wins over the explicit name (Word). */
			if ((f = theme_font(m, m_attr(c, "asciiTheme"))) || (f = m_attr(c, "ascii")))
				rp->font_ascii = f;
			if ((f = theme_font(m, m_attr(c, "hAnsiTheme"))) || (f = m_attr(c, "hAnsi")))
				rp->font_hansi = f;
			if ((f = theme_font(m, m_attr(c, "eastAsiaTheme"))) ||
			    (f = m_attr(c, "eastAsia")))
				rp->font_eastasia = f;
			if ((f = m_attr(c, "hint")))
				rp->hint_eastasia = strcmp(f, "eastAsia") == 0;
		} else if (strcmp(n, "sz") == 0) {
			int hp = v && strpbrk(v, "ptinm") ? m_twips(v, 0) / 10 : m_int(v, 0);
			if (hp >= 2 && hp <= 3276)
				rp->size = hp;
		} else if (strcmp(n, "b") == 0) {
			rp->bold = m_onoff(c);
		} else if (strcmp(n, "i") == 0) {
			rp->italic = m_onoff(c);
		} else if (strcmp(n, "strike") == 0 || strcmp(n, "dstrike") == 0) {
			rp->strike = m_onoff(c);
		} else if (strcmp(n, "caps") == 0 || strcmp(n, "smallCaps") == 0) {
			rp->caps = m_onoff(c);
		} else if (strcmp(n, "w") == 0) {
			int sc = v && strchr(v, '%') ? atoi(v) : m_int(v, 100);
			rp->scale = sc >= 1 && sc <= 600 ? sc : 100;
		} else if (strcmp(n, "position") == 0) {
			int pos = m_int(v, 0);
			rp->position = pos > -3168 && pos < 3168 ? pos : 0;
		} else if (strcmp(n, "highlight") == 0) {
			static const struct {
				const char *name;
				uint32_t rgb;
			} hl[] = {{"yellow", 0xFFFF00}, {"green", 0x00FF00}, {"cyan", 0x00FFFF},
				  {"magenta", 0xFF00FF}, {"blue", 0x0000FF}, {"red", 0xFF0000},
				  {"darkBlue", 0x000080}, {"darkCyan", 0x008080}, {"darkGreen", 0x008000},
				  {"darkMagenta", 0x800080}, {"darkRed", 0x800000}, {"darkYellow", 0x808000},
				  {"darkGray", 0x808080}, {"lightGray", 0xC0C0C0}, {"black", 0x000000},
				  {"white", 0xFFFFFF}};
			rp->highlight = 0xFFFFFFFF;
			for (size_t i = 0; v && i < sizeof hl / sizeof *hl; i++)
				if (strcmp(v, hl[i].name) == 0)
					rp->highlight = hl[i].rgb;
		} else if (strcmp(n, "shd") == 0) {
			rp->highlight = m_shading(c, 0xFFFFFFFF);
		} else if (strcmp(n, "vanish") == 0) {
			rp->hidden = m_onoff(c);
		} else if (strcmp(n, "u") == 0) {
			if (v == NULL || strcmp(v, "none") == 0 || strcmp(v, "0") == 0)
				rp->underline = v ? 0 : 1;
			else if (strcmp(v, "double") == 0)
				rp->underline = 2;
			else if (strncmp(v, "thick", 5) == 0)
				rp->underline = 3;
			else
				rp->underline = 1;
		} else if (strcmp(n, "color") == 0) {
			rp->color = m_color(v, 0);
		} else if (strcmp(n, "vertAlign") == 0) {
			rp->vert = v == NULL ? GW_VERT_BASELINE
				   : strcmp(v, "superscript") == 0 ? GW_VERT_SUPER
				   : strcmp(v, "subscript") == 0 ? GW_VERT_SUB : GW_VERT_BASELINE;
		} else if (strcmp(n, "spacing") == 0) {
			rp->spacing = m_twips(v, 0);
		}
	}
}

/* The chain of style id, root first, into chain[]; returns its length. */
static int style_chain(const mctx *m, const char *id, const m_style **chain)
{
	const m_style *tmp[MAX_CHAIN];
	int n = 0;

	for (const m_style *s = m_style_get(m, id); s && n < MAX_CHAIN;
	     s = m_style_get(m, s->based_on)) {
		bool seen = false;
		for (int i = 0; i < n; i++)
			seen |= tmp[i] == s;
		if (seen)
			break;
		tmp[n++] = s;
	}
	for (int i = 0; i < n; i++)
		chain[i] = tmp[n - 1 - i];
	return n;
}

void m_apply_style(const mctx *m, const char *id, gw_rprops *rp, m_ppw *pw)
{
	const m_style *chain[MAX_CHAIN];
	int n = style_chain(m, id, chain);

	for (int i = 0; i < n; i++) {
		if (pw)
			m_apply_ppr(m, pw, chain[i]->ppr);
		if (rp)
			m_apply_rpr(m, rp, chain[i]->rpr);
	}
}

/* ==== Paragraph properties ==== */

void m_ppw_init(const mctx *m, m_ppw *pw)
{
	memset(pw, 0, sizeof *pw);
	pw->pp.line = 240;
	pw->pp.line_rule = GW_LINE_AUTO;
	/* Word behaves as if widow control were on unless a style turns it off
	 * (zh-TW documents carry <w:widowControl w:val="0"/> to do so). */
	pw->pp.widow_control = true;
	pw->pp.snap_to_grid = true;
	pw->pp.outline_level = -1;
	pw->pp.auto_space_de = pw->pp.auto_space_dn = true;
	pw->pp.kinsoku = pw->pp.word_wrap = true;
	pw->pp.shading = 0xFFFFFFFF;
	pw->left_chars = pw->right_chars = pw->first_chars = pw->hanging_chars = -1;
	pw->num_id = pw->num_lvl = -1;
	m_apply_ppr(m, pw, m->ppr_default);
}

static void apply_tabs(m_ppw *pw, xmlNodePtr tabs)
{
	int budget = MAX_PROPS;

	for (xmlNodePtr t = tabs->children; t && budget-- > 0; t = t->next) {
		if (!m_is_w(t, "tab"))
			continue;
		const char *v = m_attr(t, "val");
		const char *l = m_attr(t, "leader");
		int pos = m_twips(m_attr(t, "pos"), 0);
		int at = -1;
		for (int i = 0; i < pw->ntabs; i++)
			if (pw->tabs[i].pos == pos)
				at = i;
		if (v && (strcmp(v, "clear") == 0 || strcmp(v, "bar") == 0)) {
			if (at >= 0 && strcmp(v, "clear") == 0)
				pw->tabs[at] = pw->tabs[--pw->ntabs];
			continue;
		}
		if (at < 0) {
			if (pw->ntabs == MAX_TABS)
				continue;
			at = pw->ntabs++;
		}
		gw_tabstop *ts = &pw->tabs[at];
		ts->pos = pos;
		ts->align = v == NULL ? 0
			    : strcmp(v, "center") == 0 ? 1
			    : (strcmp(v, "right") == 0 || strcmp(v, "end") == 0) ? 2
			    : strcmp(v, "decimal") == 0 ? 3 : 0;
		ts->leader = l == NULL ? 0
			     : (strcmp(l, "dot") == 0 || strcmp(l, "middleDot") == 0) ? 1
			     : strcmp(l, "hyphen") == 0 ? 2
			     : (strcmp(l, "underscore") == 0 || strcmp(l, "heavy") == 0) ? 3 : 0;
	}
}

static void apply_ind(m_ppw *pw, xmlNodePtr c)
{
	const char *v;

	if ((v = m_attr(c, "left")) || (v = m_attr(c, "start"))) {
		pw->pp.ind_left = m_twips(v, 0);
		pw->left_chars = -1;
	}
	if ((v = m_attr(c, "leftChars")) || (v = m_attr(c, "startChars")))
		pw->left_chars = m_int(v, 0) ? m_int(v, 0) : -1;
	if ((v = m_attr(c, "right")) || (v = m_attr(c, "end"))) {
		pw->pp.ind_right = m_twips(v, 0);
		pw->right_chars = -1;
	}
	if ((v = m_attr(c, "rightChars")) || (v = m_attr(c, "endChars")))
		pw->right_chars = m_int(v, 0) ? m_int(v, 0) : -1;
	if ((v = m_attr(c, "firstLine"))) {
		pw->pp.ind_first = m_twips(v, 0);
		pw->hanging = false;
		pw->first_chars = pw->hanging_chars = -1;
	}
	if ((v = m_attr(c, "firstLineChars"))) {
		pw->first_chars = m_int(v, 0) ? m_int(v, 0) : -1;
		if (pw->first_chars > 0)
			pw->hanging_chars = -1;
	}
	/* hanging wins over firstLine in the same element. */
	if ((v = m_attr(c, "hanging"))) {
		pw->pp.ind_first = -m_twips(v, 0);
		pw->hanging = true;
		pw->first_chars = pw->hanging_chars = -1;
	}
	if ((v = m_attr(c, "hangingChars"))) {
		pw->hanging_chars = m_int(v, 0) ? m_int(v, 0) : -1;
		if (pw->hanging_chars > 0)
			pw->first_chars = -1;
	}
}

void m_apply_ppr(const mctx *m, m_ppw *pw, xmlNodePtr ppr)
{
	int budget = MAX_PROPS;

	if (ppr == NULL)
		return;
	for (xmlNodePtr c = ppr->children; c && budget-- > 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is_w_ns(c->ns))
			continue;
		const char *n = (const char *)c->name;
		const char *v = m_attr(c, "val");
		if (strcmp(n, "jc") == 0 && v) {
			pw->pp.align = strcmp(v, "center") == 0 ? GW_ALIGN_CENTER
				       : (strcmp(v, "right") == 0 || strcmp(v, "end") == 0) ? GW_ALIGN_RIGHT
				       : (strcmp(v, "both") == 0 || strstr(v, "Kashida")) ? GW_ALIGN_BOTH
				       : (strcmp(v, "distribute") == 0 || strcmp(v, "thaiDistribute") == 0)
					       ? GW_ALIGN_DISTRIBUTE
					       : GW_ALIGN_LEFT;
		} else if (strcmp(n, "ind") == 0) {
			apply_ind(pw, c);
		} else if (strcmp(n, "spacing") == 0) {
			const char *s;
			if ((s = m_attr(c, "before")))
				pw->pp.space_before = m_twips(s, 0);
			if ((s = m_attr(c, "after")))
				pw->pp.space_after = m_twips(s, 0);
			/* *Lines win over twips; one line is 240 twips (as LibreOffice). */
			if ((s = m_attr(c, "beforeLines")) && m_int(s, 0) > 0)
				pw->pp.space_before = m_int(s, 0) * 240 / 100;
			if ((s = m_attr(c, "afterLines")) && m_int(s, 0) > 0)
				pw->pp.space_after = m_int(s, 0) * 240 / 100;
			if ((s = m_attr(c, "beforeAutospacing")))
				pw->before_auto = strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ||
						  strcmp(s, "on") == 0;
			if ((s = m_attr(c, "afterAutospacing")))
				pw->after_auto = strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ||
						 strcmp(s, "on") == 0;
			if ((s = m_attr(c, "line"))) {
				pw->pp.line = m_twips(s, 240);
				pw->pp.line_rule = GW_LINE_AUTO;
			}
			if ((s = m_attr(c, "lineRule")))
				pw->pp.line_rule = strcmp(s, "exact") == 0 ? GW_LINE_EXACT
						   : strcmp(s, "atLeast") == 0 ? GW_LINE_ATLEAST
						   : GW_LINE_AUTO;
			if (pw->pp.line_rule == GW_LINE_AUTO && pw->pp.line <= 0)
				pw->pp.line = 240;
		} else if (strcmp(n, "pageBreakBefore") == 0) {
			pw->pp.page_break_before = m_onoff(c);
		} else if (strcmp(n, "keepNext") == 0) {
			pw->pp.keep_next = m_onoff(c);
		} else if (strcmp(n, "keepLines") == 0) {
			pw->pp.keep_lines = m_onoff(c);
		} else if (strcmp(n, "widowControl") == 0) {
			pw->pp.widow_control = m_onoff(c);
		} else if (strcmp(n, "snapToGrid") == 0) {
			pw->pp.snap_to_grid = m_onoff(c);
		} else if (strcmp(n, "contextualSpacing") == 0) {
			pw->pp.contextual_spacing = m_onoff(c);
		} else if (strcmp(n, "tabs") == 0) {
			apply_tabs(pw, c);
		} else if (strcmp(n, "autoSpaceDE") == 0) {
			pw->pp.auto_space_de = m_onoff(c);
		} else if (strcmp(n, "autoSpaceDN") == 0) {
			pw->pp.auto_space_dn = m_onoff(c);
		} else if (strcmp(n, "kinsoku") == 0) {
			pw->pp.kinsoku = m_onoff(c);
		} else if (strcmp(n, "wordWrap") == 0) {
			pw->pp.word_wrap = m_onoff(c);
		} else if (strcmp(n, "overflowPunct") == 0) {
			pw->pp.no_overflow_punct = !m_onoff(c);
		} else if (strcmp(n, "pBdr") == 0) {
			static const char *side[4][2] = {{"top", NULL}, {"left", "start"},
							 {"bottom", NULL}, {"right", "end"}};
			for (int i = 0; i < 4; i++) {
				xmlNodePtr e = m_child(c, side[i][0]);
				if (e == NULL && side[i][1])
					e = m_child(c, side[i][1]);
				m_border(&pw->pp.borders[i], e);
			}
		} else if (strcmp(n, "shd") == 0) {
			pw->pp.shading = m_shading(c, 0xFFFFFFFF);
		} else if (strcmp(n, "outlineLvl") == 0) {
			int l = m_int(v, 9);
			pw->pp.outline_level = l >= 0 && l < 9 ? l : -1;
		} else if (strcmp(n, "numPr") == 0) {
			const char *id = m_val(c, "numId"), *il = m_val(c, "ilvl");
			if (id)
				pw->num_id = m_int(id, 0);
			if (il)
				pw->num_lvl = m_int(il, 0);
		}
	}
}

static int tab_cmp(const void *a, const void *b)
{
	return ((const gw_tabstop *)a)->pos - ((const gw_tabstop *)b)->pos;
}

void m_ppw_finish(mctx *m, m_ppw *pw, int size, gw_pprops *out)
{
	/* 1/100 character, a character being the font size: size half-points
	 * = size * 10 twips. */
	long ch = size > 0 ? size * 10 : 240;

	*out = pw->pp;
	if (pw->left_chars > 0)
		out->ind_left = (int)(pw->left_chars * ch / 100);
	if (pw->right_chars > 0)
		out->ind_right = (int)(pw->right_chars * ch / 100);
	if (pw->first_chars > 0)
		out->ind_first = (int)(pw->first_chars * ch / 100);
	if (pw->hanging_chars > 0)
		out->ind_first = -(int)(pw->hanging_chars * ch / 100);
	if (pw->before_auto)
		out->space_before = 280;
	if (pw->after_auto)
		out->space_after = 280;
	if (pw->ntabs) {
		out->tabs = gw_arena_memdup(m->a, pw->tabs, (size_t)pw->ntabs * sizeof *pw->tabs);
		out->ntabs = pw->ntabs;
		qsort(out->tabs, (size_t)out->ntabs, sizeof *out->tabs, tab_cmp);
	} else {
		out->tabs = NULL;
		out->ntabs = 0;
	}
}

/* ==== Borders and shading ==== */

void m_border(gw_border *b, xmlNodePtr el)
{
	const char *v;

	if (el == NULL)
		return;
	v = m_attr(el, "val");
	if (v == NULL || strcmp(v, "nil") == 0 || strcmp(v, "none") == 0) {
		b->style = GW_BORDER_NONE;
		b->width = 0;
		b->space = 0;
		return;
	}
	b->space = m_int(m_attr(el, "space"), 0);
	if (b->space < 0 || b->space > 31)
		b->space = 0;
	b->style = strcmp(v, "single") == 0 ? GW_BORDER_SINGLE
		   : strcmp(v, "thick") == 0 ? GW_BORDER_THICK
		   : (strcmp(v, "double") == 0 || strcmp(v, "triple") == 0 ||
		      strncmp(v, "thinThick", 9) == 0 || strncmp(v, "thickThin", 9) == 0)
			   ? GW_BORDER_DOUBLE
		   : strcmp(v, "dotted") == 0 ? GW_BORDER_DOTTED
		   : (strncmp(v, "dash", 4) == 0 || strncmp(v, "dot", 3) == 0) ? GW_BORDER_DASHED
									      : GW_BORDER_SINGLE;
	b->width = m_int(m_attr(el, "sz"), 4);
	if (b->width < 2)
		b->width = 2;
	if (b->width > 96)
		b->width = 96;
	b->color = m_color(m_attr(el, "color"), 0);
}

uint32_t m_shading(xmlNodePtr shd, uint32_t dflt)
{
	const char *val, *fill, *color;
	uint32_t f, c;
	int pct = -1;

	if (shd == NULL)
		return dflt;
	val = m_attr(shd, "val");
	fill = m_attr(shd, "fill");
	color = m_attr(shd, "color");
	f = (fill && strcmp(fill, "auto") != 0) ? m_color(fill, 0xFFFFFFFF) : 0xFFFFFFFF;
	if (val && strcmp(val, "solid") == 0)
		pct = 100;
	else if (val && strncmp(val, "pct", 3) == 0)
		pct = m_int(val + 3, 0);
	if (pct <= 0 || val == NULL || strcmp(val, "nil") == 0)
		return (val && strcmp(val, "nil") == 0) ? 0xFFFFFFFF : f;
	/* A pattern percentage of colour over the fill, blended to one colour. */
	c = m_color(color, 0);
	if (f == 0xFFFFFFFF)
		f = 0xFFFFFF;
	uint32_t out = 0;
	for (int sh = 0; sh < 24; sh += 8) {
		int a = (int)((f >> sh) & 0xFF), b = (int)((c >> sh) & 0xFF);
		out |= (uint32_t)((a * (100 - pct) + b * pct) / 100) << sh;
	}
	return out;
}

/* ==== Numbering ==== */

static m_abstract *abstract_get(const mctx *m, int id)
{
	m_abstract key = {.id = id};
	if (m->nabstracts == 0)
		return NULL;
	return bsearch(&key, m->abstracts, (size_t)m->nabstracts, sizeof key, abstract_cmp);
}

static m_num *num_get(mctx *m, int id)
{
	m_num key = {.id = id};
	if (m->nnums == 0)
		return NULL;
	return bsearch(&key, m->nums, (size_t)m->nnums, sizeof key, num_cmp);
}

/* The abstractNum behind a num, following numStyleLink through numbering
 * styles (bounded). */
static m_abstract *num_abstract(mctx *m, const m_num *n)
{
	m_abstract *an = abstract_get(m, n->abstract_id);

	for (int hop = 0; an && an->num_style_link && hop < MAX_CHAIN; hop++) {
		const m_style *s = m_style_get(m, an->num_style_link);
		int id = s ? m_int(m_val(m_child(s->ppr, "numPr"), "numId"), -1) : -1;
		const m_num *n2 = num_get(m, id);
		m_abstract *next = n2 ? abstract_get(m, n2->abstract_id) : NULL;
		if (next == NULL || next == an)
			break;
		an = next;
	}
	return an;
}

static xmlNodePtr lvl_node(mctx *m, m_num *n, int ilvl)
{
	const m_abstract *an;

	if (ilvl < 0 || ilvl > 8)
		return NULL;
	if (n->lvl[ilvl])
		return n->lvl[ilvl];
	an = num_abstract(m, n);
	return an ? an->lvl[ilvl] : NULL;
}

int m_num_style_level(mctx *m, int num_id, const char *style_id)
{
	m_num *n = num_id > 0 ? num_get(m, num_id) : NULL;

	for (int i = 0; n && style_id && i < 9; i++) {
		const char *ps = m_val(lvl_node(m, n, i), "pStyle");
		if (ps && strcmp(ps, style_id) == 0)
			return i;
	}
	return -1;
}

xmlNodePtr m_num_level(mctx *m, int num_id, int ilvl, m_num **num_out)
{
	m_num *n = num_id > 0 ? num_get(m, num_id) : NULL;

	if (num_out)
		*num_out = n;
	return n ? lvl_node(m, n, ilvl) : NULL;
}

static void roman(gw_buf *b, int n, bool upper)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *sym[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"};

	for (int i = 0; i < 13; i++)
		while (n >= val[i]) {
			for (const char *s = sym[i]; *s; s++)
				gw_buf_addc(b, upper ? (char)toupper((unsigned char)*s) : *s);
			n -= val[i];
		}
}

/* Chinese counting below 10^8: 一 … 十 十一 二十 一百 一百零一 一千零一十 一萬. */
static void cjk_count(gw_buf *b, int n, const char *const *dig, const char *const *unit,
		      bool ten_alone)
{
	static const int pw[] = {1000, 100, 10, 1};
	bool zero = false, any = false;

	if (n >= 10000) {
		cjk_count(b, n / 10000, dig, unit, ten_alone);
		gw_buf_adds(b, unit[4]);
		n %= 10000;
		if (n == 0)
			return;
		any = true;
		if (n < 1000)
			zero = true;
	}
	for (int i = 0; i < 4; i++) {
		int d = n / pw[i] % 10;
		if (d == 0) {
			if (any)
				zero = true;
			continue;
		}
		if (zero)
			gw_buf_adds(b, dig[0]);
		zero = false;
		/* 10–19 are 十, 十一 … at the head of a number, not 一十. */
		if (!(ten_alone && i == 2 && d == 1 && !any))
			gw_buf_adds(b, dig[d]);
		gw_buf_adds(b, unit[3 - i]);
		any = true;
	}
}

void m_format_number(gw_buf *b, const char *fmt, int n)
{
	static const char *dig[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *cdig[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *unit[] = {"", "十", "百", "千", "萬"};
	static const char *ldig[] = {"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"};
	static const char *lunit[] = {"", "拾", "佰", "仟", "萬"};
	static const char *sdig[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
	static const char *sunit[] = {"", "拾", "佰", "仟", "万"};
	static const char *gan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
	static const char *zhi[] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"};

	if (fmt == NULL)
		fmt = "decimal";
	if (strcmp(fmt, "none") == 0)
		return;
	if (n < 0)
		n = 0;
	if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) {
		if (n > 0 && n < 4000) {
			roman(b, n, fmt[0] == 'u');
			return;
		}
	} else if (strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) {
		if (n > 0 && n <= 780) {
			char c = (char)((fmt[0] == 'u' ? 'A' : 'a') + (n - 1) % 26);
			for (int i = 0; i <= (n - 1) / 26; i++)
				gw_buf_addc(b, c);
			return;
		}
	} else if (n > 0 && n < 100000000 &&
		   (strncmp(fmt, "taiwaneseCounting", 17) == 0 ||
		    strncmp(fmt, "chineseCounting", 15) == 0 ||
		    strncmp(fmt, "japaneseCounting", 16) == 0)) {
		cjk_count(b, n, cdig, unit, true);
		return;
	} else if (n > 0 && n < 100000000 && strcmp(fmt, "ideographLegalTraditional") == 0) {
		cjk_count(b, n, ldig, lunit, false);
		return;
	} else if (n > 0 && n < 100000000 && strcmp(fmt, "chineseLegalSimplified") == 0) {
		cjk_count(b, n, sdig, sunit, false);
		return;
	} else if (strcmp(fmt, "ideographDigital") == 0 || strcmp(fmt, "taiwaneseDigital") == 0 ||
		   strcmp(fmt, "japaneseDigitalTenThousand") == 0) {
		char tmp[16];
		snprintf(tmp, sizeof tmp, "%d", n);
		for (char *p = tmp; *p; p++)
			gw_buf_adds(b, dig[*p - '0']);
		return;
	} else if (strcmp(fmt, "ideographTraditional") == 0 && n > 0) {
		gw_buf_adds(b, gan[(n - 1) % 10]);
		return;
	} else if (strcmp(fmt, "ideographZodiac") == 0 && n > 0) {
		gw_buf_adds(b, zhi[(n - 1) % 12]);
		return;
	} else if (strncmp(fmt, "decimalFullWidth", 16) == 0) {
		char tmp[16];
		snprintf(tmp, sizeof tmp, "%d", n);
		for (char *p = tmp; *p; p++)
			gw_utf8_put(b, 0xFF10u + (uint32_t)(*p - '0'));
		return;
	} else if (strncmp(fmt, "decimalEnclosedCircle", 21) == 0 && n >= 1 && n <= 20) {
		gw_utf8_put(b, 0x2460u + (uint32_t)n - 1);
		return;
	} else if (strcmp(fmt, "decimalEnclosedParen") == 0 && n >= 1 && n <= 20) {
		gw_utf8_put(b, 0x2474u + (uint32_t)n - 1);
		return;
	} else if (strcmp(fmt, "decimalEnclosedFullstop") == 0 && n >= 1 && n <= 20) {
		gw_utf8_put(b, 0x2488u + (uint32_t)n - 1);
		return;
	} else if (strcmp(fmt, "decimalZero") == 0 && n < 10) {
		gw_buf_printf(b, "0%d", n);
		return;
	} else if (strcmp(fmt, "ordinal") == 0) {
		int t = n % 100, u = n % 10;
		gw_buf_printf(b, "%d%s", n,
			      (t >= 11 && t <= 13) ? "th" : u == 1 ? "st" : u == 2 ? "nd" : u == 3 ? "rd" : "th");
		return;
	}
	/* decimal, and the fallback for formats we do not know or numbers
	 * outside a format's range (Word does the same for the latter). */
	gw_buf_printf(b, "%d", n);
}

static void lvl_text(mctx *m, gw_buf *b, m_num *num, int ilvl, xmlNodePtr lvl)
{
	const m_num *cnt = &m->nums[num->owner];
	const char *text = m_val(lvl, "lvlText");
	bool legal = m_child(lvl, "isLgl") && m_onoff(m_child(lvl, "isLgl"));

	if (text == NULL)
		return;
	for (const char *p = text; *p && b->len <= MAX_LABEL; p++) {
		if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
			int l = p[1] - '1';
			xmlNodePtr ln = lvl_node(m, num, l);
			int v;
			if (cnt->started[l])
				v = cnt->count[l];
			else if (num->start_override[l] >= 0)
				v = num->start_override[l];
			else
				v = m_int(m_val(ln, "start"), 0);
			const char *fmt = m_val(ln, "numFmt");
			if (legal && l != ilvl)
				fmt = "decimal";
			m_format_number(b, fmt, v);
			p++;
		} else {
			gw_buf_addc(b, *p);
		}
	}
}

const char *m_num_label(mctx *m, int num_id, int ilvl, gw_rprops *rp, int *suffix)
{
	m_num *num;
	xmlNodePtr lvl = m_num_level(m, num_id, ilvl, &num);
	const char *fmt, *suff;
	gw_buf b;

	*suffix = 0;
	if (lvl == NULL)
		return NULL;
	/* Advance this level, restart the deeper ones (w:lvlRestart: 0 never,
	 * k restarts after a level above k is used). */
	m_num *cnt = &m->nums[num->owner];
	if (!cnt->started[ilvl]) {
		cnt->count[ilvl] = num->start_override[ilvl] >= 0 ? num->start_override[ilvl]
								  : m_int(m_val(lvl, "start"), 0);
		cnt->started[ilvl] = true;
	} else if (cnt->count[ilvl] < 100000000) {
		cnt->count[ilvl]++;
	}
	for (int d = ilvl + 1; d < 9; d++) {
		const char *r = m_val(lvl_node(m, num, d), "lvlRestart");
		if (r == NULL || (m_int(r, 0) != 0 && ilvl < m_int(r, 0)))
			cnt->started[d] = false;
	}
	m_apply_rpr(m, rp, m_child(lvl, "rPr"));
	suff = m_val(lvl, "suff");
	*suffix = suff == NULL ? 0 : strcmp(suff, "space") == 0 ? 1 : strcmp(suff, "nothing") == 0 ? 2 : 0;
	fmt = m_val(lvl, "numFmt");
	gw_buf_init(&b);
	if (m_child(lvl, "lvlPicBulletId")) {
		gw_buf_adds(&b, "•");
	} else if (fmt && strcmp(fmt, "bullet") == 0) {
		/* Bullets are often symbol-font characters: map them like w:sym. */
		const char *t = m_val(lvl, "lvlText");
		const char *p = t ? t : "", *end = p + strlen(p);
		bool mapped = false;
		while (p < end && b.len <= MAX_LABEL) {
			int32_t c = gw_utf8_next(&p, end);
			uint32_t u = c < 0 ? 0 : m_sym_map(rp->font_ascii, (uint32_t)c);
			if (u == 0 && c >= 0xF000 && c <= 0xF0FF)
				u = 0x2022;
			if (u) {
				mapped = true;
				gw_utf8_put(&b, u);
			} else if (c > 0) {
				gw_utf8_put(&b, (uint32_t)c);
			}
		}
		if (mapped)
			rp->font_ascii = rp->font_hansi = rp->font_eastasia;
	} else {
		lvl_text(m, &b, num, ilvl, lvl);
	}
	/* Every numbered paragraph gets its own copy: a huge lvlText must not
	 * multiply (Word's own limit is far below this). */
	size_t len = b.len;
	if (len > MAX_LABEL) {
		const char *p = b.data, *end = b.data + MAX_LABEL;
		while (p < end) {
			const char *q = p;
			if (gw_utf8_next(&q, b.data + b.len) < 0 || q > end)
				break;
			p = q;
		}
		len = (size_t)(p - b.data);
	}
	const char *out = gw_arena_strndup(m->a, b.data ? b.data : "", len);
	gw_buf_dispose(&b);
	return out;
}

/* ==== Symbol fonts ==== */

typedef struct symmap {
	unsigned char code;
	uint32_t uni;
} symmap;

/* Wingdings: the boxes, ticks and bullets official forms use. */
static const symmap wingdings[] = {
	{0x6C, 0x25CF}, /* ● */ {0x6D, 0x25CB}, {0x6E, 0x25A0}, /* ■ */
	{0x6F, 0x2610}, /* ☐ empty box */ {0x70, 0x25A1}, {0x71, 0x25A1}, {0x72, 0x25A1},
	{0x75, 0x25C6}, {0x76, 0x25C6}, {0x77, 0x25C6}, {0x78, 0x2612}, /* ☒ */
	{0x9F, 0x2022}, {0xA1, 0x25CB}, {0xA4, 0x25C9}, {0xA7, 0x25AA}, {0xA8, 0x2610}, /* ☐ */
	{0xD8, 0x27A2}, {0xE8, 0x2794}, {0xFB, 0x2717}, {0xFC, 0x2713}, /* ✓ */
	{0xFD, 0x2612}, /* ☒ */ {0xFE, 0x2611}, /* ☑ */
	{0x4A, 0x263A}, {0x4C, 0x2639}, {0x21, 0x270F}, {0x22, 0x2702}, {0x28, 0x260E},
};

static const symmap wingdings2[] = {
	{0x2A, 0x2610}, {0xA3, 0x2610}, {0xA2, 0x25A1}, {0x30, 0x2610}, /* boxes */
	{0x50, 0x2713}, {0x4F, 0x2717}, {0x51, 0x2717}, {0x52, 0x2611}, {0x53, 0x2612},
	{0x54, 0x2612}, {0x56, 0x2612}, {0x97, 0x25CF}, {0x98, 0x25CB}, {0x99, 0x25CB},
	{0x9A, 0x25CF}, {0xA1, 0x25A0}, {0xA4, 0x25A0}, {0xA5, 0x25A1},
};

/* Symbol: Adobe's Symbol encoding, the part documents use. */
static const symmap symbolfont[] = {
	{0xB7, 0x2022}, {0xD6, 0x221A}, {0xB4, 0x00D7}, {0xB8, 0x00F7}, {0xB1, 0x00B1},
	{0xA3, 0x2264}, {0xB3, 0x2265}, {0xB9, 0x2260}, {0xAE, 0x2192}, {0xAC, 0x2190},
	{0xAD, 0x2191}, {0xAF, 0x2193}, {0xB0, 0x00B0}, {0xA5, 0x221E}, {0xBB, 0x2248},
	{0xBA, 0x2261}, {0xD7, 0x22C5}, {0xE0, 0x25CA}, {0x2D, 0x2212}, {0x2A, 0x2217},
	{0xA8, 0x2663}, {0xA9, 0x2666}, {0xAA, 0x2665}, {0xAB, 0x2660}, {0xC5, 0x2295},
	{0xC6, 0x2205}, {0xD2, 0x00AE}, {0xD3, 0x00A9}, {0xD4, 0x2122}, {0xE5, 0x2211},
};

uint32_t m_sym_map(const char *font, uint32_t ch)
{
	const symmap *t;
	size_t n;
	uint32_t c = ch >= 0xF000 && ch <= 0xF0FF ? ch - 0xF000 : ch;

	if (font == NULL)
		return 0;
	if (strcasecmp(font, "Wingdings") == 0) {
		t = wingdings;
		n = sizeof wingdings / sizeof *wingdings;
	} else if (strcasecmp(font, "Wingdings 2") == 0) {
		t = wingdings2;
		n = sizeof wingdings2 / sizeof *wingdings2;
	} else if (strcasecmp(font, "Symbol") == 0) {
		if ((c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)) {
			/* Greek letters sit on the Latin ones (α on a). */
			static const uint32_t up[] = {0x391, 0x392, 0x3A7, 0x394, 0x395, 0x3A6, 0x393,
						      0x397, 0x399, 0x3D1, 0x39A, 0x39B, 0x39C, 0x39D,
						      0x39F, 0x3A0, 0x398, 0x3A1, 0x3A3, 0x3A4, 0x3A5,
						      0x3C2, 0x3A9, 0x39E, 0x3A8, 0x396};
			uint32_t u = up[(c & 0x1F) - 1];
			return c >= 0x61 ? (u == 0x3D1 ? 0x3C6 : u == 0x3C2 ? 0x3D6 : u + 0x20) : u;
		}
		t = symbolfont;
		n = sizeof symbolfont / sizeof *symbolfont;
		if (c < 0x80 && c >= 0x20) {
			for (size_t i = 0; i < n; i++)
				if (t[i].code == c)
					return t[i].uni;
			return c;
		}
	} else {
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (t[i].code == c)
			return t[i].uni;
	/* Unknown code of a symbol font: a visible stand-in, not a PUA glyph no
	 * font has. */
	return c < 0x80 && c >= 0x20 ? c : 0x25A1;
}
