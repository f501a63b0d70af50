/*
 * odt.c — the document model as OpenDocument Text (ODF 1.3 strict).
 *
 * One pass over the model writes the body (content.xml) and the headers and
 * footers (styles.xml) as text into buffers; every distinct set of resolved
 * properties becomes one automatic style (deduplicated by its XML), every
 * paragraph style id of the DOCX one named style, every font one font-face
 * declaration.  The parts are then assembled and zipped through pkg.c
 * (which owns libzip): `mimetype` first and stored, then the manifest.
 *
 * Invariants: the model's text is valid UTF-8 without control characters
 * (model.c), so escaping & < > " and writing runs of spaces as text:s is all
 * the XML needs; lengths are written in points from twips; nothing of the
 * model's text is dropped (hidden runs are kept with text:display="none",
 * list labels become text in a GW_ODT_LABEL_PREFIX span).
 */
#include "odt.h"
#include "pkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== Writer state ==== */

typedef struct style_ent {
	uint64_t hash; /* of family, prefix, attributes and properties */
	int fam;
	char *attrs, *props;
	char *name;
} style_ent;

/* The automatic styles of one part (content.xml or styles.xml). */
typedef struct stylebook {
	style_ent *s;
	int n, cap;
	int counter[8];
	gw_buf xml;
	const char *prefix; /* "" for content.xml, "M" for styles.xml */
} stylebook;

typedef struct odt_ctx {
	const gw_doc *doc;
	stylebook content, master;
	gw_buf named;        /* named paragraph styles (office:styles) */
	char **named_ids;
	int nnamed;
	char **fonts;        /* font-face names used */
	int nfonts;
	gw_zip_entry *pics;  /* Pictures/… */
	int npics;
	int section;         /* the section being written */
	bool pending_break;  /* a page break ended the last paragraph */
	const char *pending_master; /* the next block starts this master page */
	int pending_page_start;
	/* The last paragraph and cell styles looked up: neighbours mostly
	 * share them (a table's cells), so most lookups end here. */
	const gw_para *last_para;
	const stylebook *last_para_book;
	bool last_brk;
	const char *last_master, *last_para_style;
	int last_page_start;
	const gw_cell *last_cell;
	const stylebook *last_cell_book;
	const char *last_cell_style;
	int in_note;         /* > 0 inside a note's body (ODF notes do not nest) */
	int nnotes, nframes; /* text:note ids, text box frame names */
} odt_ctx;

static void book_dispose(stylebook *b)
{
	for (int i = 0; i < b->n; i++) {
		free(b->s[i].attrs);
		free(b->s[i].props);
		free(b->s[i].name);
	}
	free(b->s);
	gw_buf_dispose(&b->xml);
}

/* ==== Text helpers ==== */

static void esc(gw_buf *b, const char *s, size_t n)
{
	gw_buf_add_xml(b, s, n);
}

/* Append buffer b (maybe never written: its data then NULL). */
static void add_buf(gw_buf *o, const gw_buf *b)
{
	if (b->len)
		gw_buf_add(o, b->data, b->len);
}

static void escs(gw_buf *b, const char *s)
{
	if (s)
		esc(b, s, strlen(s));
}

/* The writer runs once per document of every packet: these helpers append
 * without printf, which would otherwise dominate its time. */
static void add_int(gw_buf *b, long v)
{
	char t[24];
	int i = sizeof t;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do
		t[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		t[--i] = '-';
	gw_buf_add(b, t + i, sizeof t - (size_t)i);
}

/* hundredths as a decimal without trailing zeros: 7090 → "70.9". */
static void add_hundredths(gw_buf *b, long h)
{
	if (h < 0) {
		gw_buf_addc(b, '-');
		h = -h;
	}
	add_int(b, h / 100);
	int f = (int)(h % 100);
	if (f) {
		gw_buf_addc(b, '.');
		gw_buf_addc(b, (char)('0' + f / 10));
		if (f % 10)
			gw_buf_addc(b, (char)('0' + f % 10));
	}
}

/* A length in points from twips: "70.9pt". */
static void len_pt(gw_buf *b, int twips)
{
	add_hundredths(b, (long)twips * 5);
	gw_buf_adds(b, "pt");
}

/* name="value" with a leading space. */
static void attr(gw_buf *b, const char *name, const char *value)
{
	gw_buf_addc(b, ' ');
	gw_buf_adds(b, name);
	gw_buf_adds(b, "=\"");
	gw_buf_adds(b, value);
	gw_buf_addc(b, '"');
}

static void attr_len(gw_buf *b, const char *name, int twips)
{
	gw_buf_addc(b, ' ');
	gw_buf_adds(b, name);
	gw_buf_adds(b, "=\"");
	len_pt(b, twips);
	gw_buf_addc(b, '"');
}

static void attr_int(gw_buf *b, const char *name, long v, const char *unit)
{
	gw_buf_addc(b, ' ');
	gw_buf_adds(b, name);
	gw_buf_adds(b, "=\"");
	add_int(b, v);
	gw_buf_adds(b, unit);
	gw_buf_addc(b, '"');
}

static void color(gw_buf *b, uint32_t c)
{
	static const char hex[] = "0123456789abcdef";
	gw_buf_addc(b, '#');
	for (int sh = 20; sh >= 0; sh -= 4)
		gw_buf_addc(b, hex[(c >> sh) & 15]);
}

/* <el text:style-name="name"> (close: ">" or "/>"). */
static void styled(gw_buf *o, const char *el, const char *name, const char *close)
{
	gw_buf_addc(o, '<');
	gw_buf_adds(o, el);
	attr(o, "text:style-name", name);
	gw_buf_adds(o, close);
}

/* Is s an NCName as far as style names need (letters, digits, . - _ and any
 * non-ASCII character; not starting with a digit, '.' or '-')? */
static bool ncname(const char *s)
{
	if (!s || !*s || (*s >= '0' && *s <= '9') || *s == '.' || *s == '-')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* The style:name of a DOCX style id (caller frees): the id itself when it is
 * an NCName, else "S_" and the id with each other character as '_'. */
static char *style_ident(const char *id)
{
	if (ncname(id))
		return xstrdup(id);
	char *s = xasprintf("S_%s", id);
	for (unsigned char *p = (unsigned char *)s + 2; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	return s;
}

static void use_font(odt_ctx *c, const char *name)
{
	if (!name || !*name)
		return;
	for (int i = 0; i < c->nfonts; i++)
		if (strcmp(c->fonts[i], name) == 0)
			return;
	c->fonts = xrealloc(c->fonts, (size_t)(c->nfonts + 1) * sizeof *c->fonts);
	c->fonts[c->nfonts++] = xstrdup(name);
}

static uint64_t fnv1a(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The name of the automatic style with family, attributes (on style:style)
 * and properties (its children), made on first use. */
static const char *auto_style(stylebook *b, int fam, const char *family, const char *prefix,
			      const char *attrs, const char *props)
{
	attrs = attrs ? attrs : ""; /* an empty gw_buf's data is NULL */
	props = props ? props : "";
	uint64_t h = fnv1a(props, fnv1a(attrs, fnv1a(prefix, fnv1a(family, 0xcbf29ce484222325ULL))));
	for (int i = 0; i < b->n; i++)
		if (b->s[i].hash == h && b->s[i].fam == fam && strcmp(b->s[i].attrs, attrs) == 0 &&
		    strcmp(b->s[i].props, props) == 0)
			return b->s[i].name;
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->s = xrealloc(b->s, (size_t)b->cap * sizeof *b->s);
	}
	style_ent *e = &b->s[b->n++];
	e->hash = h;
	e->fam = fam;
	e->attrs = xstrdup(attrs);
	e->props = xstrdup(props);
	gw_buf nb;
	gw_buf_init(&nb);
	gw_buf_adds(&nb, b->prefix);
	gw_buf_adds(&nb, prefix);
	add_int(&nb, ++b->counter[fam]);
	e->name = gw_buf_detach(&nb, NULL);
	gw_buf_adds(&b->xml, "<style:style");
	attr(&b->xml, "style:name", e->name);
	attr(&b->xml, "style:family", family);
	gw_buf_adds(&b->xml, attrs);
	gw_buf_addc(&b->xml, '>');
	gw_buf_adds(&b->xml, props);
	gw_buf_adds(&b->xml, "</style:style>");
	return e->name;
}

/* ==== Properties ==== */

enum { FAM_P, FAM_T, FAM_L, FAM_TAB, FAM_COL, FAM_ROW, FAM_CELL, FAM_GR };

static void font_attrs(odt_ctx *c, gw_buf *b, const gw_rprops *rp)
{
	const char *latin = rp->font_ascii ? rp->font_ascii : rp->font_hansi;
	if (latin) {
		use_font(c, latin);
		gw_buf_adds(b, " style:font-name=\"");
		escs(b, latin);
		gw_buf_adds(b, "\" style:font-name-complex=\"");
		escs(b, latin);
		gw_buf_addc(b, '"');
	}
	if (rp->font_eastasia) {
		use_font(c, rp->font_eastasia);
		gw_buf_adds(b, " style:font-name-asian=\"");
		escs(b, rp->font_eastasia);
		gw_buf_addc(b, '"');
	}
}

/* style:text-properties of a run (empty for the defaults).  */
static void text_props(odt_ctx *c, gw_buf *b, const gw_rprops *rp)
{
	gw_buf_adds(b, "<style:text-properties");
	font_attrs(c, b, rp);
	if (rp->size > 0) {
		static const char *names[] = {"fo:font-size", "style:font-size-asian",
					      "style:font-size-complex"};
		for (int i = 0; i < 3; i++) {
			gw_buf_addc(b, ' ');
			gw_buf_adds(b, names[i]);
			gw_buf_adds(b, "=\"");
			add_hundredths(b, (long)rp->size * 50);
			gw_buf_adds(b, "pt\"");
		}
	}
	gw_buf_adds(b, " fo:language=\"en\" fo:country=\"US\" style:language-asian=\"zh\""
		    " style:country-asian=\"TW\"");
	if (rp->bold)
		gw_buf_adds(b, " fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""
			    " style:font-weight-complex=\"bold\"");
	if (rp->italic)
		gw_buf_adds(b, " fo:font-style=\"italic\" style:font-style-asian=\"italic\""
			    " style:font-style-complex=\"italic\"");
	if (rp->underline) {
		gw_buf_adds(b, " style:text-underline-style=\"solid\" style:text-underline-color=\"font-color\"");
		if (rp->underline == 2)
			gw_buf_adds(b, " style:text-underline-type=\"double\"");
		gw_buf_adds(b, rp->underline == 3 ? " style:text-underline-width=\"bold\""
						 : " style:text-underline-width=\"auto\"");
	}
	if (rp->strike)
		gw_buf_adds(b, " style:text-line-through-style=\"solid\"");
	if (rp->caps)
		gw_buf_adds(b, " fo:text-transform=\"uppercase\"");
	gw_buf_adds(b, " fo:color=\"");
	color(b, rp->color);
	gw_buf_addc(b, '"');
	if (rp->vert != GW_VERT_BASELINE)
		gw_buf_adds(b, rp->vert == GW_VERT_SUPER ? " style:text-position=\"super 58%\""
							 : " style:text-position=\"sub 58%\"");
	else if (rp->position && rp->size > 0)
		attr_int(b, "style:text-position", rp->position * 100 / rp->size, "% 100%");
	if (rp->spacing)
		attr_len(b, "fo:letter-spacing", rp->spacing);
	if (rp->scale > 0 && rp->scale != 100)
		attr_int(b, "style:text-scale", rp->scale, "%");
	if (rp->highlight != 0xFFFFFFFF) {
		gw_buf_adds(b, " fo:background-color=\"");
		color(b, rp->highlight);
		gw_buf_addc(b, '"');
	}
	if (rp->hidden)
		gw_buf_adds(b, " text:display=\"none\"");
	gw_buf_adds(b, "/>");
}

/* The style of a list label: its own family of names (GW_ODT_LABEL_PREFIX),
 * so that a reader can tell the label from the text. */
static const char *label_style(odt_ctx *c, stylebook *bk, const gw_rprops *rp)
{
	gw_buf b;
	gw_buf_init(&b);
	text_props(c, &b, rp);
	const char *n = auto_style(bk, FAM_L, "text", GW_ODT_LABEL_PREFIX, "", b.data);
	gw_buf_dispose(&b);
	return n;
}

static void border(gw_buf *b, const char *attr, const gw_border *bd)
{
	static const char *styles[] = {"none", "solid", "double", "solid", "dotted", "dashed"};
	gw_buf_addc(b, ' ');
	gw_buf_adds(b, attr);
	gw_buf_adds(b, "=\"");
	if (bd->style == GW_BORDER_NONE || (unsigned)bd->style > GW_BORDER_DASHED) {
		gw_buf_adds(b, "none\"");
		return;
	}
	int w = bd->width > 2 ? bd->width : 2; /* eighths of a point */
	if (bd->style == GW_BORDER_DOUBLE && w < 6)
		w = 6;
	add_hundredths(b, (long)w * 25 / 2);
	gw_buf_adds(b, "pt ");
	gw_buf_adds(b, styles[bd->style]);
	gw_buf_addc(b, ' ');
	color(b, bd->color);
	gw_buf_addc(b, '"');
}

static void tab_stops(gw_buf *b, const gw_pprops *pp)
{
	static const char *al[] = {"left", "center", "right", "char"};
	int n = 0;
	for (int i = 0; i < pp->ntabs; i++) {
		const gw_tabstop *t = &pp->tabs[i];
		if (t->pos - pp->ind_left < 0)
			continue; /* left of the indent: Word ignores it too */
		if (n++ == 0)
			gw_buf_adds(b, "<style:tab-stops>");
		gw_buf_adds(b, "<style:tab-stop");
		attr_len(b, "style:position", t->pos - pp->ind_left);
		attr(b, "style:type", al[t->align & 3]);
		if ((t->align & 3) == 3)
			gw_buf_adds(b, " style:char=\".\"");
		if (t->leader == 1)
			gw_buf_adds(b, " style:leader-style=\"dotted\" style:leader-text=\".\"");
		else if (t->leader == 2)
			gw_buf_adds(b, " style:leader-style=\"dash\" style:leader-text=\"-\"");
		else if (t->leader == 3)
			gw_buf_adds(b, " style:leader-style=\"solid\" style:leader-text=\"_\"");
		gw_buf_adds(b, "/>");
	}
	if (n)
		gw_buf_adds(b, "</style:tab-stops>");
}

/* style:paragraph-properties (+ the mark's text properties) of pp. */
static void para_props(odt_ctx *c, gw_buf *b, const gw_pprops *pp, const gw_rprops *mark,
		       bool brk, int page_start)
{
	static const char *al[] = {"start", "center", "end", "justify", "justify"};
	gw_buf_adds(b, "<style:paragraph-properties");
	attr(b, "fo:text-align", al[pp->align <= GW_ALIGN_DISTRIBUTE ? pp->align : 0]);
	if (pp->align == GW_ALIGN_DISTRIBUTE)
		gw_buf_adds(b, " fo:text-align-last=\"justify\"");
	attr_len(b, "fo:margin-left", pp->ind_left);
	attr_len(b, "fo:margin-right", pp->ind_right);
	attr_len(b, "fo:text-indent", pp->ind_first);
	attr_len(b, "fo:margin-top", pp->space_before);
	attr_len(b, "fo:margin-bottom", pp->space_after);
	if (pp->contextual_spacing)
		gw_buf_adds(b, " style:contextual-spacing=\"true\"");
	if (pp->line_rule == GW_LINE_EXACT)
		attr_len(b, "fo:line-height", pp->line);
	else if (pp->line_rule == GW_LINE_ATLEAST)
		attr_len(b, "style:line-height-at-least", pp->line);
	else
		attr_int(b, "fo:line-height", pp->line > 0 ? pp->line * 100 / 240 : 100, "%");
	if (brk || pp->page_break_before)
		gw_buf_adds(b, " fo:break-before=\"page\"");
	if (page_start > 0)
		attr_int(b, "style:page-number", page_start, "");
	if (pp->keep_next)
		gw_buf_adds(b, " fo:keep-with-next=\"always\"");
	if (pp->keep_lines)
		gw_buf_adds(b, " fo:keep-together=\"always\"");
	gw_buf_adds(b, pp->widow_control ? " fo:widows=\"2\" fo:orphans=\"2\""
					 : " fo:widows=\"0\" fo:orphans=\"0\"");
	attr(b, "style:text-autospace",
	     pp->auto_space_de || pp->auto_space_dn ? "ideograph-alpha" : "none");
	attr(b, "style:line-break", pp->kinsoku ? "strict" : "normal");
	gw_buf_adds(b, " style:punctuation-wrap=\"hanging\"");
	attr(b, "style:snap-to-layout-grid", pp->snap_to_grid ? "true" : "false");
	static const char *side[] = {"fo:border-top", "fo:border-left", "fo:border-bottom",
				     "fo:border-right"};
	static const char *pad[] = {"fo:padding-top", "fo:padding-left", "fo:padding-bottom",
				    "fo:padding-right"};
	for (int i = 0; i < 4; i++)
		if (pp->borders[i].style != GW_BORDER_NONE) {
			border(b, side[i], &pp->borders[i]);
			attr_len(b, pad[i], pp->borders[i].space * 20);
		}
	if (pp->shading != 0xFFFFFFFF) {
		gw_buf_adds(b, " fo:background-color=\"");
		color(b, pp->shading);
		gw_buf_addc(b, '"');
	}
	gw_buf_adds(b, ">");
	tab_stops(b, pp);
	gw_buf_adds(b, "</style:paragraph-properties>");
	if (mark)
		text_props(c, b, mark);
}

/* The named style for a DOCX paragraph style id (made on first use, with
 * the resolved properties of its first paragraph); its style:name. */
static char *named_style(odt_ctx *c, const gw_para *p)
{
	char *ident = style_ident(p->pp.style_id);
	for (int i = 0; i < c->nnamed; i++)
		if (strcmp(c->named_ids[i], ident) == 0)
			return ident;
	c->named_ids = xrealloc(c->named_ids, (size_t)(c->nnamed + 1) * sizeof *c->named_ids);
	c->named_ids[c->nnamed++] = xstrdup(ident);
	gw_buf_printf(&c->named, "<style:style style:name=\"%s\" style:display-name=\"", ident);
	escs(&c->named, p->pp.style_id);
	gw_buf_adds(&c->named, "\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">");
	para_props(c, &c->named, &p->pp, &p->mark_rp, false, 0);
	gw_buf_adds(&c->named, "</style:style>");
	return ident;
}

static const char *para_style(odt_ctx *c, stylebook *bk, const gw_para *p, bool brk,
			      const char *master, int page_start)
{
	const gw_para *l = c->last_para;
	if (l && c->last_para_book == bk && c->last_brk == brk && c->last_master == master &&
	    c->last_page_start == page_start && memcmp(&l->pp, &p->pp, sizeof p->pp) == 0 &&
	    memcmp(&l->mark_rp, &p->mark_rp, sizeof p->mark_rp) == 0)
		return c->last_para_style;
	gw_buf a, b;
	gw_buf_init(&a);
	gw_buf_init(&b);
	if (p->pp.style_id && *p->pp.style_id) {
		char *ident = named_style(c, p);
		attr(&a, "style:parent-style-name", ident);
		free(ident);
	} else {
		gw_buf_adds(&a, " style:parent-style-name=\"Standard\"");
	}
	if (master)
		attr(&a, "style:master-page-name", master);
	para_props(c, &b, &p->pp, &p->mark_rp, brk, page_start);
	const char *n = auto_style(bk, FAM_P, "paragraph", "P", a.data, b.data);
	gw_buf_dispose(&a);
	gw_buf_dispose(&b);
	c->last_para = p;
	c->last_para_book = bk;
	c->last_brk = brk;
	c->last_master = master;
	c->last_page_start = page_start;
	c->last_para_style = n;
	return n;
}

/* ==== Body ==== */

static void write_blocks(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_block *blk, int depth);

/* Characters of a run; spaces after a space (or at the start) as text:s. */
static void put_text(gw_buf *o, const char *s, size_t n, bool *after_space)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == ' ') {
			size_t j = i;
			while (j < n && s[j] == ' ')
				j++;
			size_t cnt = j - i;
			if (!*after_space) {
				gw_buf_addc(o, ' ');
				cnt--;
			}
			if (cnt == 1)
				gw_buf_adds(o, "<text:s/>");
			else if (cnt > 1)
				gw_buf_printf(o, "<text:s text:c=\"%zu\"/>", cnt);
			*after_space = true;
			i = j;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		esc(o, s + i, j - i);
		*after_space = false;
		i = j;
	}
}

static void put_image(odt_ctx *c, gw_buf *o, const gw_image *im)
{
	const char *ext = im->format == 2 ? "jpg" : "png";
	char *name = xasprintf("Pictures/image%d.%s", c->npics + 1, ext);
	c->pics = xrealloc(c->pics, (size_t)(c->npics + 1) * sizeof *c->pics);
	c->pics[c->npics++] = (gw_zip_entry){name, im->data, im->len, 0};
	gw_buf_printf(o, "<draw:frame draw:name=\"Image%d\" text:anchor-type=\"as-char\"",
		      c->npics);
	attr_len(o, "svg:width", im->width > 0 ? im->width : 20);
	attr_len(o, "svg:height", im->height > 0 ? im->height : 20);
	gw_buf_printf(o, " draw:z-index=\"0\"><draw:image xlink:href=\"%s\" xlink:type=\"simple\""
		      " xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>", name);
}

static void open_para(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_para *p, bool brk)
{
	const char *master = NULL;
	int page_start = 0;
	if (c->pending_master) {
		master = c->pending_master;
		page_start = c->pending_page_start;
		c->pending_master = NULL;
		brk = false;
	}
	styled(o, "text:p", para_style(c, bk, p, brk, master, page_start), ">");
}

/* A floating picture or text box (and a group's parts), anchored as a
 * character: ODF could place it, but the DOCX anchor offsets are not
 * carried (docs/odt.md). */
static void put_float(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_float *f, int depth)
{
	if (f->has_image)
		put_image(c, o, &f->image);
	if (f->content && depth < 8) {
		gw_buf_printf(o, "<draw:frame draw:name=\"Frame%d\" text:anchor-type=\"as-char\"",
			      ++c->nframes);
		attr_len(o, "svg:width", f->width > 0 ? f->width : 20);
		attr_len(o, "svg:height", f->height > 0 ? f->height : 20);
		gw_buf_adds(o, " draw:z-index=\"0\"><draw:text-box>");
		write_blocks(c, bk, o, f->content, depth + 1);
		gw_buf_adds(o, "</draw:text-box></draw:frame>");
	}
	for (int k = 0; k < f->nkids && depth < 8; k++)
		put_float(c, bk, o, &f->kids[k], depth + 1);
}

/* A footnote or endnote reference: text:note with the note's paragraphs
 * (its own mark, w:footnoteRef, is the citation ODF shows there); a
 * reference inside a note, which ODF cannot nest, is its mark as text. */
static void put_note(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_inline *in, bool *after_space)
{
	const gw_note *n = in->note;
	if (in->note_own)
		return;
	if (c->in_note || !n->content) {
		put_text(o, in->text ? in->text : "", in->text ? in->len : 0, after_space);
		return;
	}
	gw_buf_printf(o, "<text:note text:id=\"ftn%d\" text:note-class=\"%s\"><text:note-citation>",
		      ++c->nnotes, n->endnote ? "endnote" : "footnote");
	esc(o, in->text ? in->text : "", in->text ? in->len : 0);
	gw_buf_adds(o, "</text:note-citation><text:note-body>");
	c->in_note++;
	write_blocks(c, bk, o, n->content, 1);
	c->in_note--;
	gw_buf_adds(o, "</text:note-body></text:note>");
	*after_space = false;
}

static void write_para(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_para *p)
{
	gw_buf mark;
	bool after_space = true;
	const gw_inline *last = NULL; /* the run span_name was found for */
	const char *span_name = NULL;

	gw_buf_init(&mark);
	text_props(c, &mark, &p->mark_rp);
	open_para(c, bk, o, p, c->pending_break);
	c->pending_break = false;
	if (p->num_text) {
		styled(o, "text:span", label_style(c, bk, &p->num_rp), ">");
		put_text(o, p->num_text, strlen(p->num_text), &after_space);
		gw_buf_adds(o, "</text:span>");
		if (p->num_suffix == 0) {
			gw_buf_adds(o, "<text:tab/>");
			after_space = true;
		} else if (p->num_suffix == 1) {
			put_text(o, " ", 1, &after_space);
		}
	}
	for (const gw_inline *in = p->first; in; in = in->next) {
		if (in->kind == GW_INL_PAGEBREAK) {
			/* ODF breaks pages between paragraphs: the rest of this
			 * paragraph becomes a paragraph that starts a page. */
			gw_buf_adds(o, "</text:p>");
			if (in->next) {
				open_para(c, bk, o, p, true);
				after_space = true;
			} else {
				c->pending_break = true;
				gw_buf_dispose(&mark);
				return;
			}
			continue;
		}
		/* Runs in a row mostly share their properties: one lookup. */
		if (!last || memcmp(&last->rp, &in->rp, sizeof in->rp) != 0) {
			gw_buf rb;
			gw_buf_init(&rb);
			text_props(c, &rb, &in->rp);
			span_name = strcmp(rb.data, mark.data) == 0
					    ? NULL
					    : auto_style(bk, FAM_T, "text", "T", "", rb.data);
			gw_buf_dispose(&rb);
			last = in;
		}
		bool span = span_name && in->kind != GW_INL_IMAGE;
		if (span)
			styled(o, "text:span", span_name, ">");
		switch (in->kind) {
		case GW_INL_TEXT:
			put_text(o, in->text, in->len, &after_space);
			break;
		case GW_INL_TAB:
			gw_buf_adds(o, "<text:tab/>");
			after_space = true;
			break;
		case GW_INL_BREAK:
			gw_buf_adds(o, "<text:line-break/>");
			after_space = true;
			break;
		case GW_INL_FIELD:
			gw_buf_adds(o, in->field == GW_FIELD_PAGE
					       ? "<text:page-number text:select-page=\"current\">"
					       : "<text:page-count>");
			put_text(o, in->text ? in->text : "", in->text ? in->len : 0, &after_space);
			gw_buf_adds(o, in->field == GW_FIELD_PAGE ? "</text:page-number>"
								  : "</text:page-count>");
			after_space = false;
			break;
		case GW_INL_IMAGE:
			put_image(c, o, &in->image);
			after_space = false;
			break;
		case GW_INL_PAGEBREAK:
			break;
		case GW_INL_COLBREAK:
			/* columns are not carried (docs/odt.md): a line break */
			gw_buf_adds(o, "<text:line-break/>");
			after_space = true;
			break;
		case GW_INL_NOTE:
			put_note(c, bk, o, in, &after_space);
			break;
		case GW_INL_FLOAT:
			put_float(c, bk, o, in->fl, 1);
			after_space = false;
			break;
		}
		if (span)
			gw_buf_adds(o, "</text:span>");
	}
	gw_buf_adds(o, "</text:p>");
	gw_buf_dispose(&mark);
}

static const char *cell_style(odt_ctx *c, stylebook *bk, const gw_cell *cl)
{
	const gw_cell *l = c->last_cell;
	if (l && c->last_cell_book == bk && memcmp(l->borders, cl->borders, sizeof cl->borders) == 0 &&
	    memcmp(l->margin, cl->margin, sizeof cl->margin) == 0 && l->valign == cl->valign &&
	    l->shading == cl->shading)
		return c->last_cell_style;
	static const char *side[] = {"fo:border-top", "fo:border-left", "fo:border-bottom",
				     "fo:border-right"};
	static const char *pad[] = {"fo:padding-top", "fo:padding-left", "fo:padding-bottom",
				    "fo:padding-right"};
	static const char *va[] = {"top", "middle", "bottom"};
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_adds(&b, "<style:table-cell-properties");
	for (int i = 0; i < 4; i++) {
		border(&b, side[i], &cl->borders[i]);
		attr_len(&b, pad[i], cl->margin[i]);
	}
	gw_buf_printf(&b, " style:vertical-align=\"%s\"", va[cl->valign <= GW_VALIGN_BOTTOM ? cl->valign : 0]);
	if (cl->shading != 0xFFFFFFFF) {
		gw_buf_adds(&b, " fo:background-color=\"");
		color(&b, cl->shading);
		gw_buf_addc(&b, '"');
	}
	gw_buf_adds(&b, "/>");
	const char *n = auto_style(bk, FAM_CELL, "table-cell", "C", "", b.data);
	gw_buf_dispose(&b);
	c->last_cell = cl;
	c->last_cell_book = bk;
	c->last_cell_style = n;
	return n;
}

/* Rows below r that continue the vertical merge started at column col. */
static int rows_spanned(const gw_table *t, int r, int col)
{
	int n = 1;
	for (int k = r + 1; k < t->nrows; k++) {
		const gw_row *row = &t->rows[k];
		bool cont = false;
		for (int i = 0; i < row->ncells; i++)
			if (row->cells[i].col == col && row->cells[i].vmerge == 2)
				cont = true;
		if (!cont)
			break;
		n++;
	}
	return n;
}

/* An empty cell for a grid column a row leaves out (w:gridBefore/After). */
static void filler_cell(gw_buf *o)
{
	gw_buf_adds(o, "<table:table-cell><text:p/></table:table-cell>");
}

static void write_table(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_table *t, int depth)
{
	const gw_section *sec = &c->doc->sections[c->section];
	int width = 0;
	for (int i = 0; i < t->ncols; i++)
		width += t->grid[i];
	if (width <= 0)
		width = sec->page_w - sec->margin_left - sec->margin_right;

	gw_buf a, b;
	gw_buf_init(&a);
	gw_buf_init(&b);
	if (depth == 0 && c->pending_master) {
		gw_buf_printf(&a, " style:master-page-name=\"%s\"", c->pending_master);
		c->pending_master = NULL;
	}
	gw_buf_adds(&b, "<style:table-properties");
	attr_len(&b, "style:width", width);
	if (t->align == GW_ALIGN_CENTER)
		gw_buf_adds(&b, " table:align=\"center\"");
	else if (t->align == GW_ALIGN_RIGHT)
		gw_buf_adds(&b, " table:align=\"right\"");
	else {
		gw_buf_adds(&b, " table:align=\"left\"");
		attr_len(&b, "fo:margin-left", t->indent);
	}
	if (c->pending_break && depth == 0) {
		gw_buf_adds(&b, " fo:break-before=\"page\"");
		c->pending_break = false;
	}
	gw_buf_adds(&b, " table:border-model=\"collapsing\"/>");
	const char *tn = auto_style(bk, FAM_TAB, "table", "Table", a.data, b.data);
	gw_buf_printf(o, "<table:table table:name=\"%s\" table:style-name=\"%s\">", tn, tn);
	gw_buf_dispose(&a);
	gw_buf_dispose(&b);

	for (int i = 0; i < t->ncols; i++) {
		gw_buf_init(&b);
		gw_buf_adds(&b, "<style:table-column-properties");
		attr_len(&b, "style:column-width", t->grid[i] > 0 ? t->grid[i] : 1);
		gw_buf_adds(&b, "/>");
		gw_buf_printf(o, "<table:table-column table:style-name=\"%s\"/>",
			      auto_style(bk, FAM_COL, "table-column", "Col", "", b.data));
		gw_buf_dispose(&b);
	}
	if (t->ncols == 0)
		gw_buf_adds(o, "<table:table-column/>");

	int hdr_end = 0;
	while (hdr_end < t->nrows && t->rows[hdr_end].header)
		hdr_end++;
	for (int r = 0; r < t->nrows; r++) {
		const gw_row *row = &t->rows[r];
		if (r == 0 && hdr_end > 0)
			gw_buf_adds(o, "<table:table-header-rows>");
		gw_buf_init(&b);
		gw_buf_adds(&b, "<style:table-row-properties");
		if (row->height > 0 && row->height_rule == 2)
			attr_len(&b, "style:row-height", row->height);
		else if (row->height > 0)
			attr_len(&b, "style:min-row-height", row->height);
		gw_buf_printf(&b, " fo:keep-together=\"%s\"/>", row->cant_split ? "always" : "auto");
		gw_buf_printf(o, "<table:table-row table:style-name=\"%s\">",
			      auto_style(bk, FAM_ROW, "table-row", "Row", "", b.data));
		gw_buf_dispose(&b);
		int pos = 0;
		for (int i = 0; i < row->ncells; i++) {
			const gw_cell *cl = &row->cells[i];
			int span = cl->span > 0 ? cl->span : 1;
			for (; pos < cl->col && pos < t->ncols; pos++)
				filler_cell(o);
			if (cl->vmerge == 2) {
				gw_buf_adds(o, "<table:covered-table-cell>");
				write_blocks(c, bk, o, cl->content, depth + 1);
				gw_buf_adds(o, "</table:covered-table-cell>");
			} else {
				gw_buf_printf(o, "<table:table-cell table:style-name=\"%s\"",
					      cell_style(c, bk, cl));
				if (span > 1)
					gw_buf_printf(o, " table:number-columns-spanned=\"%d\"", span);
				if (cl->vmerge == 1) {
					int rs = rows_spanned(t, r, cl->col);
					if (rs > 1)
						gw_buf_printf(o, " table:number-rows-spanned=\"%d\"", rs);
				}
				gw_buf_adds(o, ">");
				if (cl->content)
					write_blocks(c, bk, o, cl->content, depth + 1);
				else
					gw_buf_adds(o, "<text:p/>");
				gw_buf_adds(o, "</table:table-cell>");
			}
			for (int k = 1; k < span; k++)
				gw_buf_adds(o, "<table:covered-table-cell/>");
			pos = cl->col + span;
		}
		for (; pos < t->ncols; pos++)
			filler_cell(o);
		gw_buf_adds(o, "</table:table-row>");
		if (r + 1 == hdr_end)
			gw_buf_adds(o, "</table:table-header-rows>");
	}
	gw_buf_adds(o, "</table:table>");
}

static void write_blocks(odt_ctx *c, stylebook *bk, gw_buf *o, const gw_block *blk, int depth)
{
	for (; blk; blk = blk->next) {
		if (blk->kind == GW_BLOCK_TABLE)
			write_table(c, bk, o, &blk->u.table, depth);
		else
			write_para(c, bk, o, &blk->u.para);
	}
	/* A cell or header ending in a page break: nothing follows to carry it. */
	if (depth > 0)
		c->pending_break = false;
}

/* ==== Pages ==== */

static void page_layout(odt_ctx *c, gw_buf *o, int s)
{
	const gw_section *sec = &c->doc->sections[s];
	bool hdr = sec->header || sec->header_first || sec->header_even;
	bool ftr = sec->footer || sec->footer_first || sec->footer_even;
	int top = hdr ? sec->header_dist : sec->margin_top;
	int bottom = ftr ? sec->footer_dist : sec->margin_bottom;

	gw_buf_printf(o, "<style:page-layout style:name=\"pm%d\"><style:page-layout-properties", s + 1);
	attr_len(o, "fo:page-width", sec->page_w);
	attr_len(o, "fo:page-height", sec->page_h);
	gw_buf_printf(o, " style:print-orientation=\"%s\"", sec->landscape ? "landscape" : "portrait");
	attr_len(o, "fo:margin-top", top);
	attr_len(o, "fo:margin-bottom", bottom);
	attr_len(o, "fo:margin-left", sec->margin_left);
	attr_len(o, "fo:margin-right", sec->margin_right);
	gw_buf_adds(o, " style:writing-mode=\"lr-tb\"");
	if (sec->grid_type > 0 && sec->grid_pitch > 0) {
		int body = sec->page_h - sec->margin_top - sec->margin_bottom;
		gw_buf_printf(o, " style:layout-grid-mode=\"%s\" style:layout-grid-lines=\"%d\"",
			      sec->grid_type == 1 ? "line" : "both", body / sec->grid_pitch);
		attr_len(o, "style:layout-grid-base-height", sec->grid_pitch);
		gw_buf_adds(o, " style:layout-grid-ruby-height=\"0pt\" style:layout-grid-ruby-below=\"false\""
			    " style:layout-grid-print=\"false\" style:layout-grid-display=\"false\"");
	}
	gw_buf_adds(o, ">");
	if (sec->columns > 1)
		gw_buf_printf(o, "<style:columns fo:column-count=\"%d\" fo:column-gap=\"36pt\"/>",
			      sec->columns);
	gw_buf_adds(o, "</style:page-layout-properties>");
	if (hdr) {
		gw_buf_adds(o, "<style:header-style><style:header-footer-properties");
		int h = sec->margin_top - sec->header_dist;
		attr_len(o, "fo:min-height", h > 0 ? h : 0);
		gw_buf_adds(o, " fo:margin-bottom=\"0pt\" fo:margin-left=\"0pt\" fo:margin-right=\"0pt\"/>"
			    "</style:header-style>");
	}
	if (ftr) {
		gw_buf_adds(o, "<style:footer-style><style:header-footer-properties");
		int h = sec->margin_bottom - sec->footer_dist;
		attr_len(o, "fo:min-height", h > 0 ? h : 0);
		gw_buf_adds(o, " fo:margin-top=\"0pt\" fo:margin-left=\"0pt\" fo:margin-right=\"0pt\"/>"
			    "</style:footer-style>");
	}
	gw_buf_adds(o, "</style:page-layout>");
}

static void hf(odt_ctx *c, gw_buf *o, const char *el, const gw_block *blocks)
{
	gw_buf_printf(o, "<style:%s>", el);
	if (blocks)
		write_blocks(c, &c->master, o, blocks, 1);
	else
		gw_buf_adds(o, "<text:p/>");
	gw_buf_printf(o, "</style:%s>", el);
}

static void master_page(odt_ctx *c, gw_buf *o, int s)
{
	const gw_section *sec = &c->doc->sections[s];
	int save = c->section;
	c->section = s;
	gw_buf_printf(o, "<style:master-page style:name=\"MP%d\" style:page-layout-name=\"pm%d\">",
		      s + 1, s + 1);
	if (sec->header || sec->header_first || sec->header_even) {
		hf(c, o, "header", sec->header);
		if (c->doc->even_and_odd)
			hf(c, o, "header-left", sec->header_even);
		if (sec->title_page)
			hf(c, o, "header-first", sec->header_first);
	}
	if (sec->footer || sec->footer_first || sec->footer_even) {
		hf(c, o, "footer", sec->footer);
		if (c->doc->even_and_odd)
			hf(c, o, "footer-left", sec->footer_even);
		if (sec->title_page)
			hf(c, o, "footer-first", sec->footer_first);
	}
	gw_buf_adds(o, "</style:master-page>");
	c->section = save;
}

/* ==== Parts ==== */

#define NS_DOC                                                                                    \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""                     \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""                       \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""                         \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""                       \
	" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""                      \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""              \
	" xmlns:xlink=\"http://www.w3.org/1999/xlink\""                                          \
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""                                         \
	" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""                         \
	" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""                \
	" xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\""                     \
	" office:version=\"1.3\""

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static void font_decls(odt_ctx *c, gw_buf *o)
{
	gw_buf_adds(o, "<office:font-face-decls>");
	for (int i = 0; i < c->nfonts; i++) {
		gw_buf_adds(o, "<style:font-face style:name=\"");
		escs(o, c->fonts[i]);
		/* svg:font-family is a CSS family: quoted, so spaces stay. */
		gw_buf_adds(o, "\" svg:font-family=\"'");
		for (const char *p = c->fonts[i]; *p; p++) {
			if (*p == '\'' || *p == '\\')
				gw_buf_addc(o, '\\');
			esc(o, p, 1);
		}
		gw_buf_adds(o, "'\"/>");
	}
	gw_buf_adds(o, "</office:font-face-decls>");
}

/* <tag>value</tag> when value is set. */
static void meta_elem(gw_buf *o, const char *tag, const char *value)
{
	if (!value || !*value)
		return;
	gw_buf_printf(o, "<%s>", tag);
	escs(o, value);
	gw_buf_printf(o, "</%s>", tag);
}

static char *meta_xml(const gw_doc *doc)
{
	gw_buf o;
	gw_buf_init(&o);
	gw_buf_adds(&o, XML_DECL "<office:document-meta" NS_DOC "><office:meta>"
		    "<meta:generator>gongwen</meta:generator>");
	meta_elem(&o, "dc:title", doc->title);
	meta_elem(&o, "dc:subject", doc->subject);
	meta_elem(&o, "meta:keyword", doc->keywords);
	meta_elem(&o, "meta:initial-creator", doc->author);
	gw_buf_adds(&o, "<dc:language>zh-TW</dc:language></office:meta></office:document-meta>\n");
	return gw_buf_detach(&o, NULL);
}

/* settings.xml: LibreOffice's layout switches that match Word's (and
 * gongwen's) rules, as plain ODF config items an other consumer ignores. */
static char *settings_xml(const gw_doc *doc)
{
	static const struct { const char *name, *value; } items[] = {
		{"AddParaTableSpacing", "true"},
		{"AddParaTableSpacingAtStart", "true"},
		{"AddParaSpacingToTableCells", "true"},
		{"TabOverMargin", "true"},
		{"UseFormerLineSpacing", "false"},
	};
	gw_buf o;
	gw_buf_init(&o);
	gw_buf_adds(&o, XML_DECL "<office:document-settings" NS_DOC "><office:settings>"
		    "<config:config-item-set config:name=\"ooo:configuration-settings\">");
	for (size_t i = 0; i < sizeof items / sizeof *items; i++)
		gw_buf_printf(&o, "<config:config-item config:name=\"%s\" config:type=\"boolean\">"
			      "%s</config:config-item>", items[i].name, items[i].value);
	/* w:characterSpacingControl: CJK punctuation set half width. */
	gw_buf_printf(&o, "<config:config-item config:name=\"CharacterCompressionType\""
		      " config:type=\"short\">%d</config:config-item>", doc->punct_compress);
	gw_buf_adds(&o, "</config:config-item-set></office:settings></office:document-settings>\n");
	return gw_buf_detach(&o, NULL);
}

static char *manifest_xml(const odt_ctx *c)
{
	gw_buf o;
	gw_buf_init(&o);
	gw_buf_adds(&o, XML_DECL "<manifest:manifest xmlns:manifest=\""
		    "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
		    "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
		    " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>");
	static const char *parts[] = {"content.xml", "styles.xml", "meta.xml", "settings.xml"};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		gw_buf_printf(&o, "<manifest:file-entry manifest:full-path=\"%s\""
			      " manifest:media-type=\"text/xml\"/>", parts[i]);
	for (int i = 0; i < c->npics; i++)
		gw_buf_printf(&o, "<manifest:file-entry manifest:full-path=\"%s\""
			      " manifest:media-type=\"%s\"/>", c->pics[i].name,
			      strstr(c->pics[i].name, ".jpg") ? "image/jpeg" : "image/png");
	gw_buf_adds(&o, "</manifest:manifest>\n");
	return gw_buf_detach(&o, NULL);
}

int gw_odt_write_mem(char **out, size_t *len, const gw_doc *doc, const char *name, gw_err *err)
{
	odt_ctx c = {.doc = doc};
	gw_buf body, masters, content, styles;
	int rc;

	c.content.prefix = "";
	c.master.prefix = "M";
	gw_buf_init(&c.content.xml);
	gw_buf_init(&c.master.xml);
	gw_buf_init(&c.named);
	gw_buf_init(&body);
	gw_buf_init(&masters);
	gw_buf_init(&content);
	gw_buf_init(&styles);

	/* The body, section by section: each section's first block starts
	 * its master page. */
	for (int s = 0; s < doc->nsections; s++) {
		char mp[32];
		snprintf(mp, sizeof mp, "MP%d", s + 1);
		c.section = s;
		c.pending_master = mp;
		c.pending_page_start = doc->sections[s].page_start;
		write_blocks(&c, &c.content, &body, doc->sections[s].body, 0);
		if (c.pending_master) { /* an empty section: a paragraph carries its page */
			char *attrs = xasprintf(" style:parent-style-name=\"Standard\""
						" style:master-page-name=\"%s\"", mp);
			gw_buf_printf(&body, "<text:p text:style-name=\"%s\"/>",
				      auto_style(&c.content, FAM_P, "paragraph", "P", attrs,
						 "<style:paragraph-properties/>"));
			free(attrs);
			c.pending_master = NULL;
		}
	}
	if (doc->nsections == 0)
		gw_buf_adds(&body, "<text:p/>");
	c.pending_break = false;
	for (int s = 0; s < doc->nsections; s++)
		master_page(&c, &masters, s);
	if (doc->nsections == 0)
		gw_buf_adds(&masters, "<style:master-page style:name=\"MP1\" style:page-layout-name=\"pm1\"/>");

	/* content.xml */
	gw_buf_adds(&content, XML_DECL "<office:document-content" NS_DOC ">");
	font_decls(&c, &content);
	gw_buf_adds(&content, "<office:automatic-styles>");
	add_buf(&content, &c.content.xml);
	gw_buf_adds(&content, "</office:automatic-styles><office:body><office:text>");
	add_buf(&content, &body);
	gw_buf_adds(&content, "</office:text></office:body></office:document-content>\n");

	/* styles.xml */
	gw_buf_adds(&styles, XML_DECL "<office:document-styles" NS_DOC ">");
	font_decls(&c, &styles);
	/* Word's document grid is LibreOffice's "standard" grid mode (lines of
	 * the pitch, characters of their own width), which it reads from the
	 * default page layout only. */
	gw_buf_adds(&styles, "<office:styles><style:default-page-layout><style:page-layout-properties"
		    " style:layout-grid-standard-mode=\"true\"/></style:default-page-layout>");
	gw_buf_adds(&styles, "<style:default-style style:family=\"paragraph\">"
		    "<style:paragraph-properties");
	attr_len(&styles, "style:tab-stop-distance", doc->default_tab > 0 ? doc->default_tab : 720);
	gw_buf_adds(&styles, " style:writing-mode=\"lr-tb\"/><style:text-properties"
		    " fo:language=\"en\" fo:country=\"US\" style:language-asian=\"zh\""
		    " style:country-asian=\"TW\" fo:hyphenate=\"false\"/></style:default-style>"
		    "<style:style style:name=\"Standard\" style:family=\"paragraph\""
		    " style:class=\"text\"/>");
	add_buf(&styles, &c.named);
	gw_buf_adds(&styles, "</office:styles><office:automatic-styles>");
	for (int s = 0; s < doc->nsections; s++)
		page_layout(&c, &styles, s);
	if (doc->nsections == 0)
		gw_buf_adds(&styles, "<style:page-layout style:name=\"pm1\"/>");
	add_buf(&styles, &c.master.xml);
	gw_buf_adds(&styles, "</office:automatic-styles><office:master-styles>");
	add_buf(&styles, &masters);
	gw_buf_adds(&styles, "</office:master-styles></office:document-styles>\n");

	char *meta = meta_xml(doc), *settings = settings_xml(doc), *manifest = manifest_xml(&c);
	static const char mimetype[] = "application/vnd.oasis.opendocument.text";
	int n = 0;
	gw_zip_entry *e = xcalloc((size_t)c.npics + 6, sizeof *e);
	e[n++] = (gw_zip_entry){"mimetype", mimetype, sizeof mimetype - 1, 1};
	e[n++] = (gw_zip_entry){"META-INF/manifest.xml", manifest, strlen(manifest), 0};
	e[n++] = (gw_zip_entry){"content.xml", content.data, content.len, 0};
	e[n++] = (gw_zip_entry){"styles.xml", styles.data, styles.len, 0};
	e[n++] = (gw_zip_entry){"meta.xml", meta, strlen(meta), 0};
	e[n++] = (gw_zip_entry){"settings.xml", settings, strlen(settings), 0};
	for (int i = 0; i < c.npics; i++)
		e[n++] = c.pics[i];
	rc = gw_zip_write_mem(out, len, e, (size_t)n, name, err);

	free(e);
	free(meta);
	free(settings);
	free(manifest);
	for (int i = 0; i < c.npics; i++)
		free((char *)c.pics[i].name);
	free(c.pics);
	for (int i = 0; i < c.nfonts; i++)
		free(c.fonts[i]);
	free(c.fonts);
	for (int i = 0; i < c.nnamed; i++)
		free(c.named_ids[i]);
	free(c.named_ids);
	book_dispose(&c.content);
	book_dispose(&c.master);
	gw_buf_dispose(&c.named);
	gw_buf_dispose(&body);
	gw_buf_dispose(&masters);
	gw_buf_dispose(&content);
	gw_buf_dispose(&styles);
	return rc;
}

int gw_odt_write(const char *path, const gw_doc *doc, gw_err *err)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = gw_odt_write_mem(&data, &len, doc, path, err)) < 0)
		return rc;
	rc = gw_file_write_atomic(path, data, len, err);
	free(data);
	return rc;
}
