/*
 * model.c — the document model: walks a DOCX's main document, header,
 * footer, footnote and endnote parts into gw_doc (sections → blocks →
 * paragraphs, tables → runs), with styles and numbering resolved by
 * model_style.c and floating drawings placed by model_float.c.  Also the
 * plain-text view (gw_doc_text) and a debug dump (gw_doc_dump).
 *
 * Invariants: everything reachable from a gw_doc lives in its arena; no
 * pointer into an XML tree survives gw_model_load (names are interned).
 * Revisions are shown accepted (w:ins kept, w:del and w:moveFrom dropped).
 * Fields are never evaluated: PAGE, NUMPAGES and SECTIONPAGES become
 * GW_INL_FIELD, every other field shows its cached result, so DDE,
 * INCLUDETEXT and the like can do nothing.  Notes are numbered in the order
 * of their references and walked there, in their own part.  What the model
 * cannot show (charts, equations as equations, floating groups) becomes one
 * warning per kind, never a silent drop.  Every descent is
 * depth-bounded (MAX_DEPTH, MAX_TABLE_DEPTH).  Reads parts through pkg.h;
 * walks libxml2 trees.
 */
#include "model_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== Context: warnings, kept trees, interned names ==== */

/* The warnings whose construct holds text that is not shown. */
static const char *const LOSES_TEXT[] = {
	"ruby (phonetic guide) text ignored",
	"content nested too deep ignored", "subdocument ignored",
	"embedded document (altChunk) ignored", "tables nested too deep ignored",
	"table wider than 1000 columns cut", "fields nested too deep: inner fields hidden",
	"chart ignored", "SmartArt diagram ignored", NULL
};

void m_warn(mctx *m, const char *msg)
{
	for (int i = 0; i < m->nwarnings; i++)
		if (strcmp(m->warnings[i], msg) == 0)
			return;
	for (int i = 0; LOSES_TEXT[i]; i++)
		if (strcmp(LOSES_TEXT[i], msg) == 0)
			m->nlost++;
	if (m->nwarnings == m->capwarnings) {
		m->capwarnings = m->capwarnings ? m->capwarnings * 2 : 8;
		m->warnings = xrealloc(m->warnings, (size_t)m->capwarnings * sizeof *m->warnings);
	}
	m->warnings[m->nwarnings++] = gw_arena_strdup(m->a, msg);
}

void m_keep(mctx *m, xmlDocPtr d)
{
	if (d == NULL)
		return;
	if (m->nxdocs == (int)(sizeof m->xdocs / sizeof *m->xdocs)) {
		/* Only the main parts (document, styles, theme, numbering,
		 * settings, core) are kept: this cannot happen. */
		abort();
	}
	m->xdocs[m->nxdocs++] = d;
}

typedef struct interned {
	const char **slot;
	size_t cap, n;
} interned;

static unsigned long hash_str(const char *s)
{
	unsigned long h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* The arena copy of s, one per distinct string. */
static const char *intern(mctx *m, interned *t, const char *s)
{
	if (s == NULL)
		return NULL;
	if (t->n * 2 >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		const char **slot = xcalloc(cap, sizeof *slot);
		for (size_t i = 0; i < t->cap; i++)
			if (t->slot[i]) {
				size_t j = hash_str(t->slot[i]) & (cap - 1);
				while (slot[j])
					j = (j + 1) & (cap - 1);
				slot[j] = t->slot[i];
			}
		free(t->slot);
		t->slot = slot;
		t->cap = cap;
	}
	size_t j = hash_str(s) & (t->cap - 1);
	while (t->slot[j]) {
		if (strcmp(t->slot[j], s) == 0)
			return t->slot[j];
		j = (j + 1) & (t->cap - 1);
	}
	t->slot[j] = gw_arena_strdup(m->a, s);
	t->n++;
	return t->slot[j];
}

/* The walk's own state beyond mctx. */
typedef struct walk {
	mctx *m;
	interned names;
	gw_section *secs;
	int nsecs, capsecs;
	gw_block *body_first, **body_tail; /* blocks of the open section */
	gw_block *prev_hf[6];              /* the last section's headers and footers,
					      which a section without its own inherits */
} walk;

static const char *name(walk *w, const char *s)
{
	return intern(w->m, &w->names, s);
}

static void fix_rp(walk *w, gw_rprops *rp)
{
	rp->font_ascii = name(w, rp->font_ascii);
	rp->font_hansi = name(w, rp->font_hansi);
	rp->font_eastasia = name(w, rp->font_eastasia);
}

/* ==== Inlines ==== */

typedef struct pstate {
	gw_rprops base;          /* run properties of the paragraph's style */
	gw_inline *first, **tail;
	gw_buf tb;               /* text not yet made an inline */
	gw_rprops tb_rp;
	bool tb_open;
} pstate;

static bool rp_str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool rp_eq(const gw_rprops *a, const gw_rprops *b)
{
	return rp_str_eq(a->font_ascii, b->font_ascii) && rp_str_eq(a->font_hansi, b->font_hansi) &&
	       rp_str_eq(a->font_eastasia, b->font_eastasia) && a->size == b->size &&
	       a->bold == b->bold && a->italic == b->italic && a->strike == b->strike &&
	       a->caps == b->caps && a->underline == b->underline && a->color == b->color &&
	       a->vert == b->vert && a->spacing == b->spacing && a->hidden == b->hidden &&
	       a->hint_eastasia == b->hint_eastasia && a->scale == b->scale &&
	       a->position == b->position && a->highlight == b->highlight;
}

static gw_inline *push_inline(walk *w, pstate *ps, gw_inline_kind kind, const gw_rprops *rp)
{
	gw_inline *in = gw_arena_alloc(w->m->a, sizeof *in);
	in->kind = kind;
	in->rp = *rp;
	fix_rp(w, &in->rp);
	*ps->tail = in;
	ps->tail = &in->next;
	return in;
}

static void flush_text(walk *w, pstate *ps)
{
	if (!ps->tb_open)
		return;
	if (ps->tb.len) {
		gw_inline *in = push_inline(w, ps, GW_INL_TEXT, &ps->tb_rp);
		in->text = gw_arena_strndup(w->m->a, ps->tb.data, ps->tb.len);
		in->len = ps->tb.len;
	}
	ps->tb.len = 0;
	if (ps->tb.data)
		ps->tb.data[0] = '\0';
	ps->tb_open = false;
}

static gw_inline *add_inline(walk *w, pstate *ps, gw_inline_kind kind, const gw_rprops *rp)
{
	flush_text(w, ps);
	return push_inline(w, ps, kind, rp);
}

/* Field state: true when content here is not shown (inside an instruction
 * or the cached result of a field computed at layout).  *collect is the
 * buffer that gathers a computed field's cached result. */
static bool field_hidden(mctx *m, gw_buf **collect)
{
	*collect = NULL;
	for (int i = 0; i < m->nfields; i++) {
		if (!m->fields[i].in_result)
			return true;
		if (m->fields[i].kind >= 0) {
			*collect = &m->fields[i].result;
			return true;
		}
	}
	return m->field_overflow > 0;
}

static bool is_symbol_font(const char *f)
{
	return f && m_sym_map(f, 'a') != 0;
}

/* Append text (UTF-8, from the XML) in properties rp; control characters
 * become spaces, symbol-font characters their Unicode counterparts. */
static void emit_text(walk *w, pstate *ps, const gw_rprops *rp, const char *s, size_t n)
{
	gw_buf *collect;
	gw_rprops r = *rp;
	const char *p = s, *end = s + n;
	bool sym = is_symbol_font(rp->font_ascii) || is_symbol_font(rp->font_hansi);

	if (n == 0)
		return;
	if (field_hidden(w->m, &collect)) {
		if (collect)
			gw_buf_add(collect, s, n);
		return;
	}
	if (sym) {
		/* Drawn with the East Asian face: ☐ ☑ ■ are in the Kai and Sung fonts. */
		r.font_ascii = r.font_hansi = r.font_eastasia;
	}
	if (ps->tb_open && !rp_eq(&ps->tb_rp, &r))
		flush_text(w, ps);
	if (!ps->tb_open) {
		ps->tb_open = true;
		ps->tb_rp = r;
	}
	while (p < end) {
		int32_t c = gw_utf8_next(&p, end);
		if (c < 0)
			continue;
		if (sym) {
			const char *f = c < 0x80 ? rp->font_ascii : rp->font_hansi;
			uint32_t u = m_sym_map(f, (uint32_t)c);
			if (u && (c < 0x100 || (c >= 0xF000 && c <= 0xF0FF)))
				c = (int32_t)u;
		}
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
			c = ' ';
		if (w->m->checkbox_cp) {
			/* a checkbox control's symbol, drawn with the East Asian face */
			c = (int32_t)w->m->checkbox_cp;
			w->m->checkbox_cp = 0;
			if (r.font_eastasia && *r.font_eastasia && !sym) {
				gw_rprops e = r;
				e.font_ascii = e.font_hansi = e.font_eastasia;
				gw_buf b;
				gw_buf_init(&b);
				gw_utf8_put(&b, (uint32_t)c);
				flush_text(w, ps);
				emit_text(w, ps, &e, b.data, b.len);
				gw_buf_dispose(&b);
				flush_text(w, ps);
				ps->tb_open = true;
				ps->tb_rp = r;
				continue;
			}
		}
		gw_utf8_put(&ps->tb, (uint32_t)c);
	}
}

static void emit_cp(walk *w, pstate *ps, const gw_rprops *rp, uint32_t cp)
{
	gw_buf b;
	gw_buf_init(&b);
	gw_utf8_put(&b, cp);
	emit_text(w, ps, rp, b.data, b.len);
	gw_buf_dispose(&b);
}

/* A non-text inline, unless a field hides it. */
static gw_inline *emit_inline(walk *w, pstate *ps, gw_inline_kind kind, const gw_rprops *rp)
{
	gw_buf *collect;
	if (field_hidden(w->m, &collect))
		return NULL;
	return add_inline(w, ps, kind, rp);
}

/* The \* format switch of a field instruction as a numFmt, or NULL. */
static const char *field_fmt(const char *instr)
{
	static const char *map[][2] = {
		{"ROMAN", "upperRoman"}, {"roman", "lowerRoman"}, {"ALPHABETIC", "upperLetter"},
		{"alphabetic", "lowerLetter"}, {"ArabicDash", "numberInDash"},
		{"CHINESENUM1", "taiwaneseCounting"}, {"CHINESENUM2", "ideographLegalTraditional"},
		{"CHINESENUM3", "taiwaneseCountingThousand"}, {"Arabic", "decimal"},
	};
	for (const char *p = instr; p && (p = strstr(p, "\\*")); p += 2) {
		const char *a = p + 2;
		while (*a == ' ' || *a == '"')
			a++;
		for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
			size_t n = strlen(map[i][0]);
			if (strncmp(a, map[i][0], n) == 0 && !isalnum((unsigned char)a[n]))
				return map[i][1];
		}
	}
	return NULL;
}

/* PAGE, NUMPAGES, SECTIONPAGES, or -1 for a field shown by its result. */
static int field_kind(const char *instr)
{
	char word[16];
	int n = 0;

	while (*instr == ' ' || *instr == '\t')
		instr++;
	while (*instr && *instr != ' ' && *instr != '\\' && n < 15)
		word[n++] = (char)(*instr >= 'a' && *instr <= 'z' ? *instr - 32 : *instr), instr++;
	word[n] = '\0';
	if (strcmp(word, "PAGE") == 0)
		return GW_FIELD_PAGE;
	if (strcmp(word, "NUMPAGES") == 0)
		return GW_FIELD_NUMPAGES;
	if (strcmp(word, "SECTIONPAGES") == 0)
		return GW_FIELD_SECTIONPAGES;
	return -1;
}

static void field_char(walk *w, pstate *ps, const gw_rprops *rp, const char *type)
{
	mctx *m = w->m;
	m_field *f;

	if (type == NULL)
		return;
	if (strcmp(type, "begin") == 0) {
		if (m->nfields == MAX_FIELDS || m->field_overflow) {
			m->field_overflow++;
			m_warn(m, "fields nested too deep: inner fields hidden");
			return;
		}
		f = &m->fields[m->nfields++];
		gw_buf_init(&f->instr);
		gw_buf_init(&f->result);
		f->in_result = false;
		f->kind = -1;
		f->inl = NULL;
		return;
	}
	if (m->field_overflow) {
		if (strcmp(type, "end") == 0)
			m->field_overflow--;
		return;
	}
	if (m->nfields == 0)
		return;
	f = &m->fields[m->nfields - 1];
	if (!f->in_result && (strcmp(type, "separate") == 0 || strcmp(type, "end") == 0)) {
		f->kind = field_kind(f->instr.data ? f->instr.data : "");
		f->in_result = true;
		if (f->kind >= 0) {
			/* Emit as seen from outside this field. */
			int kind = f->kind;
			gw_buf *collect;
			m->nfields--;
			if (!field_hidden(m, &collect)) {
				f->inl = add_inline(w, ps, GW_INL_FIELD, rp);
				f->inl->field = (gw_field)kind;
				f->inl->text = "";
				f->inl->num_fmt = field_fmt(f->instr.data);
			}
			m->nfields++;
		}
	}
	if (strcmp(type, "end") == 0) {
		if (f->inl) {
			f->inl->text = gw_arena_strndup(m->a, f->result.data ? f->result.data : "",
							f->result.len);
			f->inl->len = f->result.len;
		}
		gw_buf_dispose(&f->instr);
		gw_buf_dispose(&f->result);
		m->nfields--;
	}
}

static void fields_reset(mctx *m)
{
	for (int i = 0; i < m->nfields; i++) {
		gw_buf_dispose(&m->fields[i].instr);
		gw_buf_dispose(&m->fields[i].result);
	}
	m->nfields = 0;
	m->field_overflow = 0;
}

/* Concatenated text of w:t (or m:t) descendants, for fldSimple results and
 * equations. */
static void collect_text(gw_buf *b, xmlNodePtr n, const char *tname, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, tname) == 0) {
			for (xmlNodePtr t = c->children; t; t = t->next)
				if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) &&
				    t->content)
					gw_buf_adds(b, (const char *)t->content);
		} else if (!m_is_w(c, "del") && !m_is_w(c, "delText")) {
			collect_text(b, c, tname, depth + 1);
		}
	}
}

/* ==== Pictures and objects ==== */

static gw_block *walk_blocks(walk *w, xmlNodePtr parent, int depth, bool body);

static void png_size(const unsigned char *d, size_t n, int *wpx, int *hpx)
{
	if (n >= 24) {
		*wpx = (int)((uint32_t)d[16] << 24 | (uint32_t)d[17] << 16 | d[18] << 8 | d[19]);
		*hpx = (int)((uint32_t)d[20] << 24 | (uint32_t)d[21] << 16 | d[22] << 8 | d[23]);
	}
}

static void jpeg_size(const unsigned char *d, size_t n, int *wpx, int *hpx)
{
	size_t i = 2;
	while (i + 9 < n) {
		if (d[i] != 0xFF) {
			i++;
			continue;
		}
		int mk = d[i + 1];
		size_t len = (size_t)d[i + 2] << 8 | d[i + 3];
		if (mk >= 0xC0 && mk <= 0xCF && mk != 0xC4 && mk != 0xC8 && mk != 0xCC) {
			*hpx = d[i + 5] << 8 | d[i + 6];
			*wpx = d[i + 7] << 8 | d[i + 8];
			return;
		}
		i += 2 + len;
	}
}

/* An image inline for relationship rid of the current part; cx, cy in
 * EMU (0: from the picture's pixels at 96 dpi). */
static void add_image(walk *w, pstate *ps, const gw_rprops *rp, const char *rid, long cx,
		      long cy, bool anchored)
{
	mctx *m = w->m;
	gw_err e = {0};
	char *target = NULL;
	const char *data;
	size_t len;
	gw_buf *collect;

	if (field_hidden(m, &collect))
		return;
	if (rid == NULL || gw_pkg_rel_target(&target, m->pkg, m->part, rid, &e) < 0 ||
	    gw_pkg_read(m->pkg, target, &data, &len, &e) < 0) {
		m_warn(m, "picture missing from the package ignored");
		goto done;
	}
	const unsigned char *u = (const unsigned char *)data;
	int format = len >= 8 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0 ? 1
		     : len >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF ? 2 : 0;
	if (format == 0) {
		const char *kind = len >= 4 && memcmp(u, "GIF8", 4) == 0 ? "GIF"
				   : len >= 2 && memcmp(u, "BM", 2) == 0 ? "BMP"
				   : len >= 4 && (memcmp(u, "II*", 3) == 0 || memcmp(u, "MM\0*", 4) == 0) ? "TIFF"
				   : len >= 4 && memcmp(u, "\x01\0\0\0", 4) == 0 ? "EMF"
				   : len >= 4 && memcmp(u, "\xD7\xCD\xC6\x9A", 4) == 0 ? "WMF" : "unknown";
		char msg[96];
		snprintf(msg, sizeof msg, "%s picture ignored (only PNG and JPEG are drawn)", kind);
		m_warn(m, msg);
		goto done;
	}
	gw_inline *in = add_inline(w, ps, GW_INL_IMAGE, rp);
	in->image.data = gw_arena_memdup(m->a, data, len);
	in->image.len = len;
	in->image.format = format;
	in->image.part = name(w, target);
	in->image.anchored = anchored;
	/* EMU: 914400 an inch, 635 a twip. */
	if (cx <= 0 || cy <= 0) {
		int wpx = 0, hpx = 0;
		if (format == 1)
			png_size(u, len, &wpx, &hpx);
		else
			jpeg_size(u, len, &wpx, &hpx);
		cx = (long)(wpx > 0 && wpx < 100000 ? wpx : 96) * 9525;
		cy = (long)(hpx > 0 && hpx < 100000 ? hpx : 96) * 9525;
	}
	in->image.width = (int)(cx / 635 > 200000 ? 200000 : cx / 635);
	in->image.height = (int)(cy / 635 > 200000 ? 200000 : cy / 635);
	if (anchored)
		m_warn(m, "floating picture placed inline");
done:
	free(target);
}

/* Paragraphs of a text box, placed after the paragraph that anchors it
 * (m->pending, which the paragraph's caller drains). */
static gw_block *textbox_blocks(walk *w, xmlNodePtr txbx, int depth)
{
	mctx *m = w->m;
	m_field saved[MAX_FIELDS];
	int nsaved = m->nfields, over = m->field_overflow;

	memcpy(saved, m->fields, sizeof saved);
	m->nfields = 0;
	m->field_overflow = 0;
	gw_block *blocks = walk_blocks(w, txbx, depth + 1, false);
	fields_reset(m);
	memcpy(m->fields, saved, sizeof saved);
	m->nfields = nsaved;
	m->field_overflow = over;
	return blocks;
}

static void add_textbox(walk *w, xmlNodePtr txbx, int depth)
{
	mctx *m = w->m;
	gw_block *blocks = textbox_blocks(w, txbx, depth);
	for (gw_block *b = blocks, *next; b; b = next) {
		next = b->next;
		b->next = NULL;
		*m->pending_tail = b;
		m->pending_tail = &b->next;
	}
	m_warn(m, "text box placed as paragraphs after its anchor");
}

/* Pictures (a:blip) and text boxes (w:txbxContent) anywhere under n. */
static int drawing_parts(walk *w, pstate *ps, const gw_rprops *rp, xmlNodePtr n, long cx, long cy,
			 bool anchored, bool group, int depth)
{
	int found = 0;

	if (depth > MAX_DEPTH)
		return 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (m_is(c, "blip")) {
			add_image(w, ps, rp, m_attr_ns(c, "embed", "relationships"), cx, cy, anchored);
			if (m_attr_ns(c, "embed", "relationships") == NULL)
				m_warn(w->m, "linked picture ignored");
			found++;
		} else if (m_is_w(c, "txbxContent")) {
			add_textbox(w, c, depth);
			found++;
		} else if (group && (m_is(c, "pic") || m_is(c, "wsp"))) {
			/* A picture or shape in a group: its own size (in the group's
			 * child coordinates, which are EMU unless the group is scaled). */
			xmlNodePtr ext = m_find(m_find(c, "xfrm", depth), "ext", depth);
			long x = ext ? atol(m_attr(ext, "cx") ? m_attr(ext, "cx") : "0") : 0;
			long y = ext ? atol(m_attr(ext, "cy") ? m_attr(ext, "cy") : "0") : 0;
			found += drawing_parts(w, ps, rp, c, x > 0 ? x : cx, y > 0 ? y : cy, anchored,
					       group, depth + 1);
		} else {
			found += drawing_parts(w, ps, rp, c, cx, cy, anchored,
					       group || m_is(c, "wgp") || m_is(c, "grpSp"), depth + 1);
		}
	}
	return found;
}

/* A floating picture or text box (wp:anchor, or a VML shape when vml): a
 * GW_INL_FLOAT.  False when it is something else (a group, a chart), left
 * to the inline path. */
/* The picture of relationship rid as f's image (cx, cy: EMU, 0 from f). */
static void float_image(walk *w, gw_float *f, const gw_rprops *rp, const char *rid, long cx,
			long cy)
{
	pstate tmp;
	memset(&tmp, 0, sizeof tmp);
	tmp.tail = &tmp.first;
	gw_buf_init(&tmp.tb);
	add_image(w, &tmp, rp, rid, f->width > 0 ? (long)f->width * 635 : cx,
		  f->height > 0 ? (long)f->height * 635 : cy, false);
	gw_buf_dispose(&tmp.tb);
	if (tmp.first && tmp.first->kind == GW_INL_IMAGE) {
		f->has_image = true;
		f->image = tmp.first->image;
		f->image.anchored = true;
		if (f->width <= 0 || f->height <= 0) {
			f->width = f->image.width;
			f->height = f->image.height;
		}
	}
}

/* A hostile size: nothing negative, nothing beyond a 10 m page. */
static void float_clamp(gw_float *f)
{
	f->width = f->width < 0 ? 0 : f->width > 200000 ? 200000 : f->width;
	f->height = f->height < 0 ? 0 : f->height > 200000 ? 200000 : f->height;
	f->x = f->x < -200000 ? -200000 : f->x > 200000 ? 200000 : f->x;
	f->y = f->y < -200000 ? -200000 : f->y > 200000 ? 200000 : f->y;
	for (int i = 0; i < 4; i++) {
		f->dist[i] = f->dist[i] < 0 ? 0 : f->dist[i] > 20000 ? 20000 : f->dist[i];
		f->inset[i] = f->inset[i] < 0 ? 0 : f->inset[i] > 20000 ? 20000 : f->inset[i];
	}
}

/* a:off / a:ext of an a:xfrm (EMU); false when absent. */
static bool xfrm_box(xmlNodePtr xfrm, const char *off, const char *ext, double v[4])
{
	xmlNodePtr o = NULL, e = NULL;
	for (xmlNodePtr c = xfrm ? xfrm->children : NULL; c; c = c->next) {
		if (m_is(c, off))
			o = c;
		else if (m_is(c, ext))
			e = c;
	}
	if (!o || !e)
		return false;
	const char *x = m_attr(o, "x"), *y = m_attr(o, "y");
	const char *cx = m_attr(e, "cx"), *cy = m_attr(e, "cy");
	v[0] = x ? strtod(x, NULL) : 0;
	v[1] = y ? strtod(y, NULL) : 0;
	v[2] = cx ? strtod(cx, NULL) : 0;
	v[3] = cy ? strtod(cy, NULL) : 0;
	return true;
}

/* The pictures, shapes and text boxes of a group (wpg:wgp, wpg:grpSp) as
 * f's kids, placed in f's box (gcx x gcy EMU) from their child
 * coordinates (a:chOff, a:chExt). */
static void float_group(walk *w, gw_float *f, const gw_rprops *rp, xmlNodePtr grp, double gcx,
			double gcy, int depth)
{
	mctx *m = w->m;
	if (depth > MAX_DEPTH)
		return;
	double ch[4] = {0, 0, gcx, gcy};
	xmlNodePtr gpr = NULL;
	int n = 0;
	for (xmlNodePtr c = grp->children; c; c = c->next) {
		if (m_is(c, "grpSpPr"))
			gpr = c;
		else if (m_is(c, "wsp") || m_is(c, "pic") || m_is(c, "grpSp"))
			n++;
	}
	xfrm_box(m_find(gpr, "xfrm", 2), "chOff", "chExt", ch);
	double sx = ch[2] > 0 ? gcx / ch[2] : 1, sy = ch[3] > 0 ? gcy / ch[3] : 1;
	if (n == 0)
		return;
	f->kids = gw_arena_array(m->a, (size_t)n, sizeof *f->kids);
	for (xmlNodePtr c = grp->children; c; c = c->next) {
		bool sub = m_is(c, "grpSp");
		if (!sub && !m_is(c, "wsp") && !m_is(c, "pic"))
			continue;
		gw_float *k = &f->kids[f->nkids++];
		m_float_init(k);
		double box[4] = {0, 0, 0, 0};
		xmlNodePtr pr = NULL;
		for (xmlNodePtr e = c->children; e; e = e->next)
			if (m_is(e, sub ? "grpSpPr" : "spPr"))
				pr = e;
		xfrm_box(m_find(pr, "xfrm", 2), "off", "ext", box);
		k->x = (int)((box[0] - ch[0]) * sx / 635);
		k->y = (int)((box[1] - ch[1]) * sy / 635);
		k->width = (int)(box[2] * sx / 635);
		k->height = (int)(box[3] * sy / 635);
		if (sub) {
			float_group(w, k, rp, c, box[2] * sx, box[3] * sy, depth + 1);
		} else if (m_is(c, "pic")) {
			xmlNodePtr blip = m_find(c, "blip", depth);
			if (blip)
				float_image(w, k, rp, m_attr_ns(blip, "embed", "relationships"), 0, 0);
		} else {
			m_float_shape(k, c, depth);
			xmlNodePtr txbx = m_find(c, "txbxContent", depth);
			if (txbx)
				k->content = textbox_blocks(w, txbx, depth);
		}
		float_clamp(k);
	}
}

/* A floating picture, text box or group (wp:anchor, or a VML shape when
 * vml): a GW_INL_FLOAT.  False when it is something else (a chart, a VML
 * group), left to the inline path. */
static bool add_float(walk *w, pstate *ps, const gw_rprops *rp, xmlNodePtr an, xmlNodePtr gd,
		      long cx, long cy, bool vml, int depth)
{
	mctx *m = w->m;
	xmlNodePtr grp = gd && !vml ? m_find(gd, "wgp", depth) : NULL;
	if (gd == NULL || (vml && m_find(gd, "group", depth)))
		return false;
	xmlNodePtr blip = m_find(gd, vml ? "imagedata" : "blip", depth);
	xmlNodePtr txbx = m_find(gd, "txbxContent", depth);
	xmlNodePtr wsp = vml ? NULL : m_find(gd, "wsp", depth);
	if (!grp && !blip && !txbx && !wsp)
		return false;
	gw_float *f = gw_arena_alloc(m->a, sizeof *f);
	m_float_init(f);
	if (vml)
		m_float_vml(f, an, depth);
	else
		m_float_anchor(f, an, depth);
	if (grp) {
		if (f->width <= 0)
			f->width = (int)(cx / 635);
		if (f->height <= 0)
			f->height = (int)(cy / 635);
		float_group(w, f, rp, grp, (double)f->width * 635, (double)f->height * 635, depth + 1);
	} else {
		if (wsp)
			m_float_shape(f, wsp, depth);
		if (blip) {
			const char *rid = vml ? m_attr_ns(blip, "id", "relationships")
					      : m_attr_ns(blip, "embed", "relationships");
			if (rid == NULL && vml)
				rid = m_attr_ns(blip, "pict", "relationships");
			float_image(w, f, rp, rid, cx, cy);
		}
		if (txbx)
			f->content = textbox_blocks(w, txbx, depth);
	}
	if (f->width <= 0)
		f->width = (int)(cx / 635);
	if (f->height <= 0)
		f->height = (int)(cy / 635);
	float_clamp(f);
	gw_inline *in = emit_inline(w, ps, GW_INL_FLOAT, rp);
	if (in)
		in->fl = f;
	return true;
}

static void add_drawing(walk *w, pstate *ps, const gw_rprops *rp, xmlNodePtr dr, int depth)
{
	for (xmlNodePtr c = dr->children; c; c = c->next) {
		bool anchored = m_is(c, "anchor");
		if (!anchored && !m_is(c, "inline"))
			continue;
		xmlNodePtr ext = NULL, gd = m_find(c, "graphicData", depth);
		for (xmlNodePtr e = c->children; e; e = e->next)
			if (m_is(e, "extent"))
				ext = e;
		long cx = ext && m_attr(ext, "cx") ? atol(m_attr(ext, "cx")) : 0;
		long cy = ext && m_attr(ext, "cy") ? atol(m_attr(ext, "cy")) : 0;
		const char *uri = gd ? m_attr(gd, "uri") : NULL;
		if (uri == NULL)
			uri = "";
		if (anchored && add_float(w, ps, rp, c, gd, cx, cy, false, depth + 1)) {
			continue;
		} else if (strstr(uri, "/chart")) {
			m_warn(w->m, "chart ignored");
		} else if (strstr(uri, "/diagram")) {
			m_warn(w->m, "SmartArt diagram ignored");
		} else if (gd == NULL || drawing_parts(w, ps, rp, gd, cx, cy, anchored, false, depth + 1) == 0) {
			m_warn(w->m, strstr(uri, "Shape") || strstr(uri, "Group") || strstr(uri, "Canvas")
					     ? "drawing shape ignored"
					     : "drawing ignored");
		}
	}
}

/* VML (w:pict) and OLE objects (w:object, whose preview is VML). */
static void add_vml(walk *w, pstate *ps, const gw_rprops *rp, xmlNodePtr pict, bool object,
		    int depth)
{
	xmlNodePtr img = m_find(pict, "imagedata", depth);
	xmlNodePtr txbx = m_find(pict, "txbxContent", depth);
	int found = 0;

	/* the shape (v:shape, v:rect, …): the first child that is not a v:shapetype */
	xmlNodePtr shape = NULL;
	for (xmlNodePtr c = pict->children; c && !shape; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !m_is(c, "shapetype"))
			shape = c;
	const char *sst = shape ? m_attr(shape, "style") : NULL;
	if (!object && sst && strstr(sst, "position:absolute") &&
	    add_float(w, ps, rp, shape, shape, 0, 0, true, depth))
		return;

	if (img) {
		xmlNodePtr shape = img->parent;
		const char *style = shape ? m_attr(shape, "style") : NULL;
		const char *rid = m_attr_ns(img, "id", "relationships");
		if (rid == NULL)
			rid = m_attr_ns(img, "pict", "relationships");
		const char *pos = style ? strstr(style, "position:absolute") : NULL;
		add_image(w, ps, rp, rid, m_css_emu(style, "width"), m_css_emu(style, "height"),
			  pos != NULL);
		found++;
	}
	if (txbx) {
		add_textbox(w, txbx, depth);
		found++;
	}
	if (object)
		m_warn(w->m, found ? "embedded (OLE) object shown as its picture"
				   : "embedded (OLE) object ignored");
	else if (!found)
		m_warn(w->m, "VML drawing ignored");
}

/* ==== Runs and paragraph content ==== */

static void walk_inlines(walk *w, pstate *ps, xmlNodePtr parent, int depth);

/* mc:AlternateContent: the first mc:Choice (we read DrawingML and wps), else
 * the mc:Fallback. */
static xmlNodePtr alternate(xmlNodePtr ac)
{
	xmlNodePtr fb = NULL;
	for (xmlNodePtr c = ac->children; c; c = c->next) {
		if (m_is(c, "Choice"))
			return c;
		if (m_is(c, "Fallback"))
			fb = c;
	}
	return fb;
}

void gw_format_number(gw_buf *b, const char *fmt, int n)
{
	if (fmt == NULL)
		fmt = "decimal";
	if (strcmp(fmt, "numberInDash") == 0) {
		char t[32];
		snprintf(t, sizeof t, "- %d -", n);
		gw_buf_adds(b, t);
	} else if (strcmp(fmt, "chicago") == 0) {
		static const char *sym[] = {"*", "\xe2\x80\xa0", "\xe2\x80\xa1", "\xc2\xa7"};
		int k = n > 0 ? (n - 1) % 4 : 0;
		for (int i = 0; i <= (n > 0 ? (n - 1) / 4 : 0) && i < 8; i++)
			gw_buf_adds(b, sym[k]);
	} else {
		m_format_number(b, fmt, n);
	}
}

/* A footnote (endnote when end) reference: the note numbered in reference
 * order, its content walked in its own part, a GW_INL_NOTE with the mark. */
static void add_note(walk *w, pstate *ps, const gw_rprops *rp, xmlNodePtr ref, bool end,
		     int depth)
{
	mctx *m = w->m;
	int k = end;
	const char *id = m_attr(ref, "id");
	xmlNodePtr note = NULL;
	gw_buf *collect;

	if (field_hidden(m, &collect))
		return;
	if (m->note_depth > 0) {
		m_warn(m, "note reference inside a note ignored");
		return;
	}
	for (xmlNodePtr c = m->note_root[k] ? m->note_root[k]->children : NULL; c && id; c = c->next)
		if (c->type == XML_ELEMENT_NODE && m_attr(c, "id") && strcmp(m_attr(c, "id"), id) == 0)
			note = c;
	if (note == NULL) {
		m_warn(m, end ? "endnote missing from the package ignored"
			      : "footnote missing from the package ignored");
		return;
	}
	gw_note *nt = gw_arena_alloc(m->a, sizeof *nt);
	nt->endnote = end;
	const char *cm = m_attr(ref, "customMarkFollows");
	if (cm && (strcmp(cm, "1") == 0 || strcmp(cm, "true") == 0 || strcmp(cm, "on") == 0)) {
		nt->mark = "";
	} else {
		gw_buf b;
		gw_buf_init(&b);
		gw_format_number(&b, m->note_fmt[k], m->note_start[k] + m->note_count[k]++);
		gw_buf_adds(&b, "");
		nt->mark = gw_arena_strndup(m->a, b.data, b.len);
		gw_buf_dispose(&b);
	}
	/* The note's paragraphs: its own part, outside any table being walked. */
	const char *saved_part = m->part, *saved_ts = m->table_style;
	xmlNodePtr *saved_cond = m->table_cond;
	gw_note *saved_note = m->note_cur;
	m->part = m->note_part[k];
	m->note_cur = nt;
	m->table_style = NULL;
	m->table_cond = NULL;
	m->note_depth++;
	nt->content = textbox_blocks(w, note, depth);
	m->note_depth--;
	m->part = saved_part;
	m->note_cur = saved_note;
	m->table_style = saved_ts;
	m->table_cond = saved_cond;
	gw_rprops r = *rp;
	r.vert = GW_VERT_SUPER;
	gw_inline *in = add_inline(w, ps, GW_INL_NOTE, &r);
	in->note = nt;
	in->text = nt->mark;
	in->len = strlen(nt->mark);
	if (end) {
		if (m->nendnotes == m->capendnotes) {
			m->capendnotes = m->capendnotes ? m->capendnotes * 2 : 8;
			m->endnotes = xrealloc(m->endnotes, (size_t)m->capendnotes * sizeof *m->endnotes);
		}
		m->endnotes[m->nendnotes++] = nt;
	}
}

static void walk_run(walk *w, pstate *ps, xmlNodePtr r, int depth);

/* A checkbox content control (w14:checkbox): its content with the first
 * character drawn as the symbol of its state (w14:checkedState /
 * uncheckedState: a code point in a font, a symbol font mapped to Unicode),
 * whatever the content holds. */
static void add_checkbox(walk *w, pstate *ps, xmlNodePtr cb, xmlNodePtr content, int depth)
{
	mctx *m = w->m;
	xmlNodePtr ck = m_find(cb, "checked", 2);
	const char *v = ck ? m_attr_any(ck, "val") : NULL;
	bool on = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
	xmlNodePtr st = m_find(cb, on ? "checkedState" : "uncheckedState", 2);
	const char *hex = st ? m_attr_any(st, "val") : NULL;
	const char *font = st ? m_attr_any(st, "font") : NULL;
	uint32_t ch = hex ? (uint32_t)strtoul(hex, NULL, 16) : on ? 0x2612 : 0x2610;
	uint32_t u = font ? m_sym_map(font, ch) : 0;
	if (u == 0)
		u = ch >= 0xF000 && ch <= 0xF0FF ? ch - 0xF000 : ch;
	if (u < 0x20 || u > 0x10FFFF || (u >= 0xD800 && u < 0xE000))
		u = on ? 0x2612 : 0x2610;
	size_t before = ps->tb.len;
	gw_inline **tail = ps->tail;
	m->checkbox_cp = u;
	walk_inlines(w, ps, content, depth + 1);
	if (m->checkbox_cp && ps->tail == tail && ps->tb.len == before) {
		/* an empty control: the symbol alone, in the paragraph's font */
		gw_rprops rp = ps->base;
		emit_cp(w, ps, &rp, u);
	}
	m->checkbox_cp = 0;
}

static void run_children(walk *w, pstate *ps, const gw_rprops *rp, xmlNodePtr r, int depth)
{
	mctx *m = w->m;

	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = r->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *n = (const char *)c->name;
		if (m_is(c, "AlternateContent")) {
			xmlNodePtr alt = alternate(c);
			if (alt)
				run_children(w, ps, rp, alt, depth + 1);
			continue;
		}
		if (strcmp(n, "drawing") == 0) {
			add_drawing(w, ps, rp, c, depth + 1);
			continue;
		}
		if (!m_is_w(c, n))
			continue;
		if (strcmp(n, "t") == 0) {
			gw_buf t;
			gw_buf_init(&t);
			for (xmlNodePtr x = c->children; x; x = x->next)
				if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
				    x->content)
					gw_buf_adds(&t, (const char *)x->content);
			const char *s = t.data ? t.data : "";
			size_t len = t.len;
			if (xmlNodeGetSpacePreserve(c) != 1) {
				/* Without xml:space="preserve", Word drops the outer blanks. */
				while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
					s++, len--;
				while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
					       s[len - 1] == '\n' || s[len - 1] == '\r'))
					len--;
			}
			emit_text(w, ps, rp, s, len);
			gw_buf_dispose(&t);
		} else if (strcmp(n, "instrText") == 0) {
			if (m->nfields && !m->field_overflow && !m->fields[m->nfields - 1].in_result)
				for (xmlNodePtr x = c->children; x; x = x->next)
					if (x->type == XML_TEXT_NODE && x->content)
						gw_buf_adds(&m->fields[m->nfields - 1].instr,
							    (const char *)x->content);
		} else if (strcmp(n, "fldChar") == 0) {
			field_char(w, ps, rp, m_attr(c, "fldCharType"));
		} else if (strcmp(n, "tab") == 0 || strcmp(n, "ptab") == 0) {
			emit_inline(w, ps, GW_INL_TAB, rp);
		} else if (strcmp(n, "br") == 0) {
			const char *t = m_attr(c, "type");
			emit_inline(w, ps, t && strcmp(t, "page") == 0 ? GW_INL_PAGEBREAK
					   : t && strcmp(t, "column") == 0 ? GW_INL_COLBREAK
					   : GW_INL_BREAK, rp);
		} else if (strcmp(n, "cr") == 0) {
			emit_inline(w, ps, GW_INL_BREAK, rp);
		} else if (strcmp(n, "sym") == 0) {
			const char *font = m_attr(c, "font");
			uint32_t ch = (uint32_t)strtoul(m_attr(c, "char") ? m_attr(c, "char") : "0", NULL, 16);
			uint32_t u = m_sym_map(font, ch);
			gw_rprops r = *rp;
			if (u == 0)
				u = ch >= 0xF000 && ch <= 0xF0FF ? ch - 0xF000 : ch;
			if (u < 0x20 || u > 0x10FFFF || (u >= 0xD800 && u < 0xE000))
				u = 0x25A1;
			r.font_ascii = r.font_hansi = r.font_eastasia;
			emit_cp(w, ps, &r, u);
		} else if (strcmp(n, "noBreakHyphen") == 0) {
			emit_cp(w, ps, rp, 0x2011);
		} else if (strcmp(n, "pgNum") == 0) {
			gw_inline *in = emit_inline(w, ps, GW_INL_FIELD, rp);
			if (in) {
				in->field = GW_FIELD_PAGE;
				in->text = "";
			}
		} else if (strcmp(n, "pict") == 0) {
			add_vml(w, ps, rp, c, false, depth + 1);
		} else if (strcmp(n, "object") == 0) {
			add_vml(w, ps, rp, c, true, depth + 1);
		} else if (strcmp(n, "footnoteReference") == 0 || strcmp(n, "endnoteReference") == 0) {
			add_note(w, ps, rp, c, n[0] == 'e', depth);
		} else if (strcmp(n, "footnoteRef") == 0 || strcmp(n, "endnoteRef") == 0) {
			/* the note's own mark, in the note: LibreOffice draws it in the
			 * paragraph's font on the baseline (Word: superscript) */
			gw_buf *collect;
			if (m->note_cur && !field_hidden(m, &collect)) {
				gw_inline *in = add_inline(w, ps, GW_INL_NOTE, &ps->base);
				in->note = m->note_cur;
				in->note_own = true;
				in->text = m->note_cur->mark;
				in->len = strlen(in->text);
			}
		} else if (strcmp(n, "ruby") == 0) {
			xmlNodePtr base = m_child(c, "rubyBase");
			if (base)
				walk_inlines(w, ps, base, depth + 1);
			m_warn(m, "ruby (phonetic guide) text ignored");
		} else if (strcmp(n, "contentPart") == 0) {
			m_warn(m, "ink ignored");
		}
		/* softHyphen (invisible unless hyphenating), lastRenderedPageBreak,
		 * comment and note marks, delText (only inside w:del): nothing. */
	}
}

static void walk_run(walk *w, pstate *ps, xmlNodePtr r, int depth)
{
	xmlNodePtr rpr = m_child(r, "rPr");
	gw_rprops rp = ps->base;

	m_apply_style(w->m, m_val(rpr, "rStyle"), &rp, NULL);
	m_apply_rpr(w->m, &rp, rpr);
	run_children(w, ps, &rp, r, depth);
}

static void walk_inlines(walk *w, pstate *ps, xmlNodePtr parent, int depth)
{
	mctx *m = w->m;

	if (depth > MAX_DEPTH) {
		m_warn(m, "content nested too deep ignored");
		return;
	}
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *n = (const char *)c->name;
		if (m_is(c, "AlternateContent")) {
			xmlNodePtr alt = alternate(c);
			if (alt)
				walk_inlines(w, ps, alt, depth + 1);
		} else if (m_is(c, "oMath") || m_is(c, "oMathPara")) {
			gw_buf t;
			gw_buf_init(&t);
			collect_text(&t, c, "t", depth);
			emit_text(w, ps, &ps->base, t.data ? t.data : "", t.len);
			gw_buf_dispose(&t);
			m_warn(m, "equation shown as plain text");
		} else if (!m_is_w(c, n)) {
			continue;
		} else if (strcmp(n, "r") == 0) {
			walk_run(w, ps, c, depth + 1);
		} else if (strcmp(n, "hyperlink") == 0 || strcmp(n, "smartTag") == 0 ||
			   strcmp(n, "customXml") == 0 || strcmp(n, "ins") == 0 ||
			   strcmp(n, "moveTo") == 0 || strcmp(n, "dir") == 0 || strcmp(n, "bdo") == 0) {
			walk_inlines(w, ps, c, depth + 1);
		} else if (strcmp(n, "sdt") == 0) {
			xmlNodePtr content = m_child(c, "sdtContent");
			xmlNodePtr cb = m_find(m_child(c, "sdtPr"), "checkbox", 2);
			if (cb && content)
				add_checkbox(w, ps, cb, content, depth + 1);
			else if (content)
				walk_inlines(w, ps, content, depth + 1);
		} else if (strcmp(n, "fldSimple") == 0) {
			const char *instr = m_attr(c, "instr");
			int kind = field_kind(instr ? instr : "");
			if (kind < 0) {
				walk_inlines(w, ps, c, depth + 1);
				continue;
			}
			gw_rprops rp = ps->base;
			xmlNodePtr r = m_child(c, "r");
			m_apply_style(m, m_val(m_child(r, "rPr"), "rStyle"), &rp, NULL);
			m_apply_rpr(m, &rp, m_child(r, "rPr"));
			gw_inline *in = emit_inline(w, ps, GW_INL_FIELD, &rp);
			if (in) {
				gw_buf t;
				gw_buf_init(&t);
				collect_text(&t, c, "t", depth);
				in->field = (gw_field)kind;
				in->num_fmt = field_fmt(instr);
				in->text = gw_arena_strndup(m->a, t.data ? t.data : "", t.len);
				in->len = t.len;
				gw_buf_dispose(&t);
			}
		} else if (strcmp(n, "subDoc") == 0) {
			m_warn(m, "subdocument ignored");
		}
		/* del, moveFrom: deleted revisions; bookmarks, proofErr, perm*,
		 * comment ranges: markers without content. */
	}
}

/* ==== Paragraphs ==== */

static gw_block *build_para(walk *w, xmlNodePtr p, int depth)
{
	mctx *m = w->m;
	xmlNodePtr ppr = m_child(p, "pPr");
	xmlNodePtr numpr = m_child(ppr, "numPr");
	gw_block *b = gw_arena_alloc(m->a, sizeof *b);
	gw_para *para = &b->u.para;
	m_ppw pw;
	gw_rprops rp;
	pstate ps;
	const char *sid = m_val(ppr, "pStyle");

	b->kind = GW_BLOCK_PARA;
	m_ppw_init(m, &pw);
	m_rp_defaults(m, &rp);
	if (m->table_style)
		m_apply_style(m, m->table_style, &rp, &pw);
	for (xmlNodePtr *c = m->table_cond; c && *c; c++) {
		m_apply_ppr(m, &pw, m_child(*c, "pPr"));
		m_apply_rpr(m, &rp, m_child(*c, "rPr"));
	}
	if (sid == NULL || m_style_get(m, sid) == NULL)
		sid = m->default_pstyle;
	m_apply_style(m, sid, &rp, &pw);

	/* Numbering: direct numPr over the style's; the level's pPr sits between
	 * the style and direct formatting. */
	int num_id = pw.num_id, ilvl = pw.num_lvl;
	if (m_val(numpr, "numId"))
		num_id = m_int(m_val(numpr, "numId"), 0);
	if (m_val(numpr, "ilvl"))
		ilvl = m_int(m_val(numpr, "ilvl"), 0);
	else if (ilvl < 0 && num_id > 0)
		/* Style-linked lists (Heading 2 ↔ level 2) name no ilvl. */
		ilvl = m_num_style_level(m, num_id, sid);
	if (ilvl < 0 || ilvl > 8)
		ilvl = 0;
	xmlNodePtr lvl = num_id > 0 ? m_num_level(m, num_id, ilvl, NULL) : NULL;
	if (lvl)
		m_apply_ppr(m, &pw, m_child(lvl, "pPr"));
	m_apply_ppr(m, &pw, ppr);
	if (m_child(ppr, "framePr"))
		m_warn(m, "framed paragraph placed inline");

	para->mark_rp = rp;
	m_apply_rpr(m, &para->mark_rp, m_child(ppr, "rPr"));
	m_ppw_finish(m, &pw, rp.size, &para->pp);
	para->pp.style_id = name(w, sid);
	if (lvl) {
		para->num_rp = para->mark_rp;
		para->num_text = m_num_label(m, num_id, ilvl, &para->num_rp, &para->num_suffix);
		fix_rp(w, &para->num_rp);
		if (para->num_text && para->num_text[0] == '\0' && para->num_suffix == 0)
			para->num_suffix = 2;
	}
	fix_rp(w, &para->mark_rp);

	memset(&ps, 0, sizeof ps);
	ps.base = rp;
	ps.tail = &para->first;
	gw_buf_init(&ps.tb);
	walk_inlines(w, &ps, p, depth + 1);
	/* A page-number field's result never holds a paragraph mark: one still
	 * open here lacks its end, and must not hide the rest of the document. */
	while (m->nfields && !m->field_overflow && m->fields[m->nfields - 1].in_result &&
	       m->fields[m->nfields - 1].kind >= 0) {
		m_warn(m, "unterminated field");
		field_char(w, &ps, &ps.base, "end");
	}
	flush_text(w, &ps);
	gw_buf_dispose(&ps.tb);
	return b;
}

/* ==== Tables ==== */

typedef struct tblw {
	gw_border borders[6];
	int margin[4];          /* top, left, bottom, right */
	uint32_t shading;
} tblw;

static void apply_mar(int margin[4], xmlNodePtr mar)
{
	static const char *side[4][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL},
					 {"right", "end"}};
	if (mar == NULL)
		return;
	for (int i = 0; i < 4; i++) {
		xmlNodePtr e = m_child(mar, side[i][0]);
		if (e == NULL && side[i][1])
			e = m_child(mar, side[i][1]);
		if (e) {
			const char *t = m_attr(e, "type");
			if (t == NULL || strcmp(t, "dxa") == 0)
				margin[i] = m_twips(m_attr(e, "w"), margin[i]);
		}
	}
}

static void apply_borders(gw_border *b, int n, xmlNodePtr bd)
{
	static const char *side[6][2] = {{"top", NULL},	  {"left", "start"}, {"bottom", NULL},
					 {"right", "end"}, {"insideH", NULL}, {"insideV", NULL}};
	if (bd == NULL)
		return;
	for (int i = 0; i < n; i++) {
		xmlNodePtr e = m_child(bd, side[i][0]);
		if (e == NULL && side[i][1])
			e = m_child(bd, side[i][1]);
		m_border(&b[i], e);
	}
}

static void apply_tblpr(gw_table *t, tblw *tw, xmlNodePtr tp)
{
	const char *v;
	xmlNodePtr e;

	if (tp == NULL)
		return;
	apply_borders(tw->borders, 6, m_child(tp, "tblBorders"));
	apply_mar(tw->margin, m_child(tp, "tblCellMar"));
	if ((v = m_val(tp, "jc")))
		t->align = strcmp(v, "center") == 0 ? GW_ALIGN_CENTER
			   : (strcmp(v, "right") == 0 || strcmp(v, "end") == 0) ? GW_ALIGN_RIGHT
			   : GW_ALIGN_LEFT;
	if ((e = m_child(tp, "tblLayout")) && m_attr(e, "type"))
		t->fixed_layout = strcmp(m_attr(e, "type"), "fixed") == 0;
	if ((e = m_child(tp, "tblInd")))
		t->indent = m_twips(m_attr(e, "w"), 0);
	if ((e = m_child(tp, "tblW"))) {
		const char *type = m_attr(e, "type"), *wv = m_attr(e, "w");
		t->width = t->width_pct = 0;
		if (type && strcmp(type, "pct") == 0 && wv)
			t->width_pct = strchr(wv, '%') ? (int)(atof(wv) * 50) : m_int(wv, 0);
		else if (type == NULL || strcmp(type, "dxa") == 0)
			t->width = m_twips(wv, 0);
	}
	if ((e = m_child(tp, "shd")))
		tw->shading = m_shading(e, tw->shading);
}

typedef struct rowtmp {
	gw_border borders[6];
	xmlNodePtr *tcb;     /* each cell's tcBorders */
	xmlNodePtr **cond;   /* each cell's conditional formats (NULL-ended) */
} rowtmp;

/* ==== Conditional table formatting (w:tblStylePr) ==== */

enum {
	LOOK_FIRST_ROW = 0x20, LOOK_LAST_ROW = 0x40, LOOK_FIRST_COL = 0x80, LOOK_LAST_COL = 0x100,
	LOOK_NO_HBAND = 0x200, LOOK_NO_VBAND = 0x400
};

static int table_look(xmlNodePtr look)
{
	static const struct {
		const char *attr;
		int bit;
	} a[] = {{"firstRow", LOOK_FIRST_ROW},	 {"lastRow", LOOK_LAST_ROW},
		 {"firstColumn", LOOK_FIRST_COL}, {"lastColumn", LOOK_LAST_COL},
		 {"noHBand", LOOK_NO_HBAND},	 {"noVBand", LOOK_NO_VBAND}};
	const char *v;
	int f = 0;

	if (look == NULL)
		return LOOK_FIRST_ROW | LOOK_FIRST_COL | LOOK_NO_VBAND; /* Word's 04A0 */
	if ((v = m_attr(look, "val")))
		f = (int)strtol(v, NULL, 16);
	for (size_t i = 0; i < sizeof a / sizeof *a; i++)
		if ((v = m_attr(look, a[i].attr)))
			f = (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0)
				    ? f | a[i].bit : f & ~a[i].bit;
	return f;
}

/* The w:tblStylePr elements that apply to the cell at (row r of nrows,
 * grid columns c..c+span of ncols), lowest priority first, from every style
 * of the chain (root first).  Arena array ending in NULL, or NULL. */
static xmlNodePtr *cell_conds(mctx *m, const m_style **chain, int nchain, int look, int r,
			      int nrows, int c, int span, int ncols)
{
	const char *types[8];
	int nt = 0, n = 0;
	bool first_row = (look & LOOK_FIRST_ROW) && r == 0;
	bool last_row = (look & LOOK_LAST_ROW) && r == nrows - 1;
	bool first_col = (look & LOOK_FIRST_COL) && c == 0;
	bool last_col = (look & LOOK_LAST_COL) && c + span >= ncols;

	if (nchain == 0)
		return NULL;
	if (!(look & LOOK_NO_VBAND))
		types[nt++] = (c - ((look & LOOK_FIRST_COL) ? 1 : 0)) % 2 == 0 ? "band1Vert" : "band2Vert";
	if (!(look & LOOK_NO_HBAND))
		types[nt++] = (r - ((look & LOOK_FIRST_ROW) ? 1 : 0)) % 2 == 0 ? "band1Horz" : "band2Horz";
	if (first_col)
		types[nt++] = "firstCol";
	if (last_col)
		types[nt++] = "lastCol";
	if (first_row)
		types[nt++] = "firstRow";
	if (last_row)
		types[nt++] = "lastRow";
	if (first_row && first_col)
		types[nt++] = "nwCell";
	if (first_row && last_col)
		types[nt++] = "neCell";
	xmlNodePtr *out = gw_arena_array(m->a, (size_t)(nt * nchain) + 1, sizeof *out);
	for (int t = 0; t < nt; t++)
		for (int i = nchain - 1; i >= 0; i--) {
			int budget = MAX_PROPS;
			for (xmlNodePtr x = chain[i]->node->children; x && budget-- > 0; x = x->next)
				if (m_is_w(x, "tblStylePr") && m_attr(x, "type") &&
				    strcmp(m_attr(x, "type"), types[t]) == 0 && n < nt * nchain)
					out[n++] = x;
		}
	return n ? out : NULL;
}

typedef struct nodevec {
	xmlNodePtr *v;
	int n, cap;
} nodevec;

/* Collect the children named want (tr or tc) of n, through sdt, customXml,
 * ins and moveTo wrappers. */
static void collect(nodevec *out, xmlNodePtr n, const char *want, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (m_is_w(c, want)) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 16;
				out->v = xrealloc(out->v, (size_t)out->cap * sizeof *out->v);
			}
			out->v[out->n++] = c;
		} else if (m_is_w(c, "sdt") && m_child(c, "sdtContent")) {
			collect(out, m_child(c, "sdtContent"), want, depth + 1);
		} else if (m_is_w(c, "customXml") || m_is_w(c, "ins") || m_is_w(c, "moveTo")) {
			collect(out, c, want, depth + 1);
		} else if (m_is(c, "AlternateContent") && alternate(c)) {
			collect(out, alternate(c), want, depth + 1);
		}
	}
}

static gw_block *build_table(walk *w, xmlNodePtr tbl, int depth)
{
	mctx *m = w->m;
	gw_block *b = gw_arena_alloc(m->a, sizeof *b);
	gw_table *t = &b->u.table;
	xmlNodePtr tpr = m_child(tbl, "tblPr");
	const char *sid = m_val(tpr, "tblStyle");
	tblw tw = {.margin = {0, 108, 0, 108}, .shading = 0xFFFFFFFF};
	const m_style *chain[MAX_CHAIN];
	int nchain;

	b->kind = GW_BLOCK_TABLE;
	if (sid == NULL || m_style_get(m, sid) == NULL)
		sid = m->default_tstyle;
	t->style_id = name(w, sid);
	/* The style chain's tblPr (borders, margins), then direct tblPr. */
	{
		const m_style *tmp = m_style_get(m, sid);
		nchain = 0;
		for (const m_style *s = tmp; s && nchain < MAX_CHAIN; s = m_style_get(m, s->based_on)) {
			bool seen = false;
			for (int i = 0; i < nchain; i++)
				seen |= chain[i] == s;
			if (seen)
				break;
			chain[nchain++] = s;
		}
		for (int i = nchain - 1; i >= 0; i--) {
			apply_tblpr(t, &tw, chain[i]->tblpr);
			xmlNodePtr tc = chain[i]->tcpr;
			if (tc && m_child(tc, "shd"))
				tw.shading = m_shading(m_child(tc, "shd"), tw.shading);
		}
	}
	apply_tblpr(t, &tw, tpr);
	memcpy(t->borders, tw.borders, sizeof t->borders);
	if (m_child(tpr, "tblpPr"))
		m_warn(m, "floating table placed inline");

	/* Grid. */
	xmlNodePtr grid = m_child(tbl, "tblGrid");
	int ngrid = 0;
	for (xmlNodePtr c = grid ? grid->children : NULL; c; c = c->next)
		ngrid += m_is_w(c, "gridCol");

	/* Rows. */
	nodevec trv = {0};
	collect(&trv, tbl, "tr", depth);
	xmlNodePtr *trs = trv.v;
	int ntr = trv.n;
	t->rows = gw_arena_array(m->a, (size_t)ntr + 1, sizeof *t->rows);
	rowtmp *tmp = xcalloc((size_t)ntr + 1, sizeof *tmp);
	int maxcol = 0;
	const char *saved_style = m->table_style;
	xmlNodePtr *saved_cond = m->table_cond;
	int look = table_look(m_child(tpr, "tblLook"));
	int live_rows = 0;
	for (int r = 0; r < ntr; r++)
		live_rows += !m_child(m_child(trs[r], "trPr"), "del");

	for (int r = 0; r < ntr; r++) {
		xmlNodePtr tr = trs[r], trpr = m_child(tr, "trPr");
		if (trpr && m_child(trpr, "del"))
			continue; /* a deleted row */
		gw_row *row = &t->rows[t->nrows];
		rowtmp *rt = &tmp[t->nrows];
		t->nrows++;
		memcpy(rt->borders, tw.borders, sizeof rt->borders);
		int rowmar[4];
		memcpy(rowmar, tw.margin, sizeof rowmar);
		xmlNodePtr ex = m_child(tr, "tblPrEx");
		if (ex) {
			apply_borders(rt->borders, 6, m_child(ex, "tblBorders"));
			apply_mar(rowmar, m_child(ex, "tblCellMar"));
		}
		int col = 0;
		if (trpr) {
			xmlNodePtr h = m_child(trpr, "trHeight");
			if (h) {
				const char *rule = m_attr(h, "hRule");
				row->height = m_twips(m_attr(h, "val"), 0);
				row->height_rule = rule == NULL ? (row->height > 0 ? 1 : 0)
						   : strcmp(rule, "exact") == 0 ? 2
						   : strcmp(rule, "atLeast") == 0 ? 1 : 0;
			}
			xmlNodePtr e;
			if ((e = m_child(trpr, "tblHeader")))
				row->header = m_onoff(e);
			if ((e = m_child(trpr, "cantSplit")))
				row->cant_split = m_onoff(e);
			col = m_int(m_val(trpr, "gridBefore"), 0);
			if (col < 0 || col >= MAX_COLS)
				col = 0;
		}
		nodevec tcv = {0};
		collect(&tcv, tr, "tc", depth);
		xmlNodePtr *tcs = tcv.v;
		int ntc = tcv.n;
		row->cells = gw_arena_array(m->a, (size_t)ntc + 1, sizeof *row->cells);
		rt->tcb = gw_arena_array(m->a, (size_t)ntc + 1, sizeof *rt->tcb);
		rt->cond = gw_arena_array(m->a, (size_t)ntc + 1, sizeof *rt->cond);
		for (int i = 0; i < ntc; i++) {
			xmlNodePtr tc = tcs[i], tcpr = m_child(tc, "tcPr"), e;
			const char *v;
			/* Legacy horizontal merge: a continuation widens the cell before. */
			if ((v = m_val(tcpr, "hMerge")) == NULL && m_child(tcpr, "hMerge"))
				v = "continue";
			if (v && strcmp(v, "continue") == 0 && row->ncells > 0) {
				int span = m_int(m_val(tcpr, "gridSpan"), 1);
				span = span < 1 ? 1 : span > MAX_COLS ? MAX_COLS : span;
				if (col + span > MAX_COLS)
					span = col < MAX_COLS ? MAX_COLS - col : 0;
				row->cells[row->ncells - 1].span += span;
				col += span;
				continue;
			}
			if (col >= MAX_COLS) {
				m_warn(m, "table wider than 1000 columns cut");
				break;
			}
			gw_cell *cell = &row->cells[row->ncells];
			rt->tcb[row->ncells] = m_child(tcpr, "tcBorders");
			row->ncells++;
			cell->col = col;
			cell->span = m_int(m_val(tcpr, "gridSpan"), 1);
			if (cell->span < 1 || cell->span > MAX_COLS)
				cell->span = 1;
			if (col + cell->span > MAX_COLS)
				cell->span = MAX_COLS - col;
			col += cell->span;
			if ((e = m_child(tcpr, "vMerge"))) {
				v = m_attr(e, "val");
				cell->vmerge = v && strcmp(v, "restart") == 0 ? 1 : 2;
			}
			if ((e = m_child(tcpr, "tcW"))) {
				const char *type = m_attr(e, "type");
				if (type == NULL || strcmp(type, "dxa") == 0)
					cell->width = m_twips(m_attr(e, "w"), 0);
			}
			memcpy(cell->margin, rowmar, sizeof cell->margin);
			apply_mar(cell->margin, m_child(tcpr, "tcMar"));
			if ((v = m_val(tcpr, "textDirection")) && strcmp(v, "lrTb") != 0 &&
			    strcmp(v, "lrTbV") != 0)
				m_warn(m, "vertical text in a table cell laid out horizontally");
			v = m_val(tcpr, "vAlign");
			cell->valign = v == NULL ? GW_VALIGN_TOP
				       : strcmp(v, "center") == 0 || strcmp(v, "both") == 0 ? GW_VALIGN_CENTER
				       : strcmp(v, "bottom") == 0 ? GW_VALIGN_BOTTOM : GW_VALIGN_TOP;
			xmlNodePtr *cond = cell_conds(m, chain, nchain, look, t->nrows - 1, live_rows,
						      cell->col, cell->span, ngrid);
			rt->cond[row->ncells - 1] = cond;
			cell->shading = tw.shading;
			for (xmlNodePtr *c = cond; c && *c; c++)
				cell->shading = m_shading(m_child(m_child(*c, "tcPr"), "shd"), cell->shading);
			cell->shading = m_shading(m_child(tcpr, "shd"), cell->shading);
			m->table_style = sid;
			m->table_cond = cond;
			m->table_depth++;
			cell->content = walk_blocks(w, tc, depth + 1, false);
			m->table_depth--;
			m->table_style = saved_style;
			m->table_cond = saved_cond;
		}
		free(tcs);
		if (trpr)
			col += m_int(m_val(trpr, "gridAfter"), 0) > 0 &&
					       m_int(m_val(trpr, "gridAfter"), 0) < 1000
				       ? m_int(m_val(trpr, "gridAfter"), 0) : 0;
		if (col > maxcol)
			maxcol = col > MAX_COLS ? MAX_COLS : col;
	}
	free(trs);

	/* Grid widths; columns the grid lacks take cell widths or share. */
	t->ncols = ngrid > maxcol ? ngrid : maxcol;
	t->grid = gw_arena_array(m->a, (size_t)t->ncols + 1, sizeof *t->grid);
	int i = 0;
	for (xmlNodePtr c = grid ? grid->children : NULL; c; c = c->next)
		if (m_is_w(c, "gridCol"))
			t->grid[i++] = m_twips(m_attr(c, "w"), 0);
	for (int k = 0; k < t->ncols; k++) {
		if (t->grid[k] > 0)
			continue;
		for (int r = 0; r < t->nrows && t->grid[k] <= 0; r++)
			for (int j = 0; j < t->rows[r].ncells; j++) {
				gw_cell *c = &t->rows[r].cells[j];
				if (c->col <= k && k < c->col + c->span && c->width > 0)
					t->grid[k] = c->width / c->span;
			}
		if (t->grid[k] <= 0)
			t->grid[k] = 0; /* layout shares the rest of the width */
	}

	/* Borders: the cell's own, else the table's outer or inside ones. */
	for (int r = 0; r < t->nrows; r++) {
		gw_row *row = &t->rows[r];
		rowtmp *rt = &tmp[r];
		for (int j = 0; j < row->ncells; j++) {
			gw_cell *c = &row->cells[j];
			c->borders[GW_SIDE_TOP] = rt->borders[r == 0 ? GW_SIDE_TOP : GW_SIDE_INSIDE_H];
			c->borders[GW_SIDE_BOTTOM] =
				rt->borders[r == t->nrows - 1 ? GW_SIDE_BOTTOM : GW_SIDE_INSIDE_H];
			c->borders[GW_SIDE_LEFT] = rt->borders[j == 0 ? GW_SIDE_LEFT : GW_SIDE_INSIDE_V];
			c->borders[GW_SIDE_RIGHT] =
				rt->borders[j == row->ncells - 1 ? GW_SIDE_RIGHT : GW_SIDE_INSIDE_V];
			for (xmlNodePtr *x = rt->cond[j]; x && *x; x++)
				apply_borders(c->borders, 4, m_child(m_child(*x, "tcPr"), "tcBorders"));
			apply_borders(c->borders, 4, rt->tcb[j]);
		}
	}
	/* A vertically merged cell's bottom is that of the last cell it covers. */
	for (int r = 0; r < t->nrows; r++)
		for (int j = 0; j < t->rows[r].ncells; j++) {
			gw_cell *c = &t->rows[r].cells[j];
			if (c->vmerge != 1)
				continue;
			for (int r2 = r + 1; r2 < t->nrows; r2++) {
				gw_cell *below = NULL;
				for (int k = 0; k < t->rows[r2].ncells; k++)
					if (t->rows[r2].cells[k].col == c->col)
						below = &t->rows[r2].cells[k];
				if (below == NULL || below->vmerge != 2)
					break;
				c->borders[GW_SIDE_BOTTOM] = below->borders[GW_SIDE_BOTTOM];
			}
		}
	free(tmp);
	return b;
}

/* ==== Blocks, sections, headers ==== */

static void close_section(walk *w, xmlNodePtr sectpr);

static void append(gw_block ***tail, gw_block *b)
{
	**tail = b;
	*tail = &b->next;
	b->next = NULL;
}

/* Blocks under parent appended at *tail.  In the body (body true) tail is
 * &w->body_tail, which close_section moves to a fresh list at each section
 * break. */
static void walk_blocks_into(walk *w, xmlNodePtr parent, int depth, bool body, gw_block ***tail)
{
	mctx *m = w->m;

	if (depth > MAX_DEPTH) {
		m_warn(m, "content nested too deep ignored");
		return;
	}
	for (xmlNodePtr c = parent->children; c && m->rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *n = (const char *)c->name;
		if (m_is(c, "AlternateContent")) {
			xmlNodePtr alt = alternate(c);
			if (alt)
				walk_blocks_into(w, alt, depth + 1, body, tail);
			continue;
		}
		if (!m_is_w(c, n))
			continue;
		if (strcmp(n, "p") == 0) {
			gw_block *pend = m->pending, **ptail = m->pending_tail;
			m->pending = NULL;
			m->pending_tail = &m->pending;
			gw_block *b = build_para(w, c, depth);
			xmlNodePtr ppr = m_child(c, "pPr");
			bool empty = b->u.para.first == NULL && b->u.para.num_text == NULL;
			/* A paragraph whose mark and content were deleted is gone.  So
			 * is an empty one that only carries a section break, after
			 * other content of its section: LibreOffice lays it out so
			 * (its DOCX export writes one per section; Word shows it as
			 * an empty line). */
			if (!(empty && (m_child(m_child(ppr, "rPr"), "del") ||
					(body && m_child(ppr, "sectPr") && m->pending == NULL &&
					 w->body_first != NULL))))
				append(tail, b);
			for (gw_block *x = m->pending, *next; x; x = next) {
				next = x->next;
				append(tail, x);
			}
			m->pending = pend;
			m->pending_tail = ptail;
			if (body && m_child(ppr, "sectPr"))
				close_section(w, m_child(ppr, "sectPr"));
		} else if (strcmp(n, "tbl") == 0) {
			if (m->table_depth >= MAX_TABLE_DEPTH) {
				m_warn(m, "tables nested too deep ignored");
				continue;
			}
			append(tail, build_table(w, c, depth + 1));
		} else if (strcmp(n, "sdt") == 0) {
			if (m_child(c, "sdtContent"))
				walk_blocks_into(w, m_child(c, "sdtContent"), depth + 1, body, tail);
		} else if (strcmp(n, "customXml") == 0 || strcmp(n, "ins") == 0 ||
			   strcmp(n, "moveTo") == 0) {
			walk_blocks_into(w, c, depth + 1, body, tail);
		} else if (strcmp(n, "altChunk") == 0) {
			m_warn(m, "embedded document (altChunk) ignored");
		}
	}
}

static gw_block *walk_blocks(walk *w, xmlNodePtr parent, int depth, bool body)
{
	gw_block *first = NULL, **tail = &first;
	walk_blocks_into(w, parent, depth, body, &tail);
	return first;
}

/* Header or footer part for relationship rid of the main part (cached). */
static gw_block *load_hf(walk *w, const char *rid)
{
	mctx *m = w->m;
	gw_err e = {0};
	char *part = NULL;
	xmlDocPtr x = NULL;
	gw_block *blocks = NULL;

	if (rid == NULL || gw_pkg_rel_target(&part, m->pkg, m->main_part, rid, &e) < 0) {
		m_warn(m, "header or footer part missing");
		goto done;
	}
	for (int i = 0; i < m->nhdrs; i++)
		if (strcmp(m->hdrs[i].part, part) == 0) {
			blocks = m->hdrs[i].blocks;
			goto done;
		}
	if (gw_pkg_xml_readonly(&x, m->pkg, part, &e) < 0) {
		if (e.code == GW_ENOTFOUND) {
			m_warn(m, "header or footer part missing");
		} else {
			m->rc = gw_err_set(m->err, e.code, "%s", e.msg);
		}
		goto done;
	}
	{
		/* Nothing in the model points into the tree: it goes after the walk. */
		const char *saved_part = m->part;
		m_field saved[MAX_FIELDS];
		int nsaved = m->nfields, over = m->field_overflow;
		memcpy(saved, m->fields, sizeof saved);
		m->nfields = m->field_overflow = 0;
		m->part = name(w, part);
		blocks = walk_blocks(w, xmlDocGetRootElement(x), 0, false);
		fields_reset(m);
		memcpy(m->fields, saved, sizeof saved);
		m->nfields = nsaved;
		m->field_overflow = over;
		m->part = saved_part;
		xmlFreeDoc(x);
	}
	if (m->nhdrs < (int)(sizeof m->hdrs / sizeof *m->hdrs)) {
		m->hdrs[m->nhdrs].part = name(w, part);
		m->hdrs[m->nhdrs].blocks = blocks;
		m->nhdrs++;
	}
done:
	free(part);
	return blocks;
}

static bool onoff_str(const char *v)
{
	return strcmp(v, "0") != 0 && strcmp(v, "false") != 0 && strcmp(v, "off") != 0;
}

static void parse_sectpr(walk *w, gw_section *s, xmlNodePtr sp)
{
	mctx *m = w->m;
	xmlNodePtr e;
	const char *v;

	/* A4 with zh-TW Word's margins when the section says nothing. */
	s->page_w = 11906;
	s->page_h = 16838;
	s->margin_top = s->margin_bottom = 1440;
	s->margin_left = s->margin_right = 1800;
	s->header_dist = 851;
	s->footer_dist = 992;
	s->columns = 1;
	s->header = w->prev_hf[0];
	s->footer = w->prev_hf[1];
	s->header_first = w->prev_hf[2];
	s->footer_first = w->prev_hf[3];
	s->header_even = w->prev_hf[4];
	s->footer_even = w->prev_hf[5];
	if (sp == NULL)
		return;
	if ((e = m_child(sp, "pgSz"))) {
		s->page_w = m_twips(m_attr(e, "w"), s->page_w);
		s->page_h = m_twips(m_attr(e, "h"), s->page_h);
		s->landscape = (v = m_attr(e, "orient")) && strcmp(v, "landscape") == 0;
		if (s->page_w < 720 || s->page_w > 31680)
			s->page_w = 11906;
		if (s->page_h < 720 || s->page_h > 31680)
			s->page_h = 16838;
	}
	if ((e = m_child(sp, "pgMar"))) {
		s->margin_top = m_twips(m_attr(e, "top"), s->margin_top);
		s->margin_bottom = m_twips(m_attr(e, "bottom"), s->margin_bottom);
		s->margin_left = m_twips(m_attr(e, "left"), s->margin_left);
		s->margin_right = m_twips(m_attr(e, "right"), s->margin_right);
		if ((v = m_attr(e, "start")))
			s->margin_left = m_twips(v, s->margin_left);
		if ((v = m_attr(e, "end")))
			s->margin_right = m_twips(v, s->margin_right);
		s->header_dist = m_twips(m_attr(e, "header"), s->header_dist);
		s->footer_dist = m_twips(m_attr(e, "footer"), s->footer_dist);
		s->gutter = m_twips(m_attr(e, "gutter"), 0);
	}
	if ((e = m_child(sp, "titlePg")))
		s->title_page = m_onoff(e);
	if ((v = m_val(sp, "type")))
		s->start_type = strcmp(v, "continuous") == 0 ? 1
				: strcmp(v, "evenPage") == 0 ? 2
				: strcmp(v, "oddPage") == 0 ? 3
				: strcmp(v, "nextColumn") == 0 ? 4 : 0;
	s->col_space = 720;
	if ((e = m_child(sp, "cols"))) {
		s->columns = m_int(m_attr(e, "num"), 1);
		s->col_space = m_twips(m_attr(e, "space"), 720);
		if (s->col_space < 0 || s->col_space > 31680)
			s->col_space = 720;
		s->col_sep = m_attr(e, "sep") && onoff_str(m_attr(e, "sep"));
		v = m_attr(e, "equalWidth");
		int ncol = 0;
		for (xmlNodePtr c = e->children; c; c = c->next)
			if (m_is_w(c, "col"))
				ncol++;
		if (v && !onoff_str(v) && ncol > 1 && ncol <= 45) {
			s->columns = ncol;
			s->col_w = gw_arena_array(m->a, (size_t)ncol, sizeof(int));
			s->col_gap = gw_arena_array(m->a, (size_t)ncol, sizeof(int));
			int i = 0;
			for (xmlNodePtr c = e->children; c; c = c->next)
				if (m_is_w(c, "col")) {
					s->col_w[i] = m_twips(m_attr(c, "w"), 0);
					s->col_gap[i] = m_twips(m_attr(c, "space"), 0);
					if (s->col_w[i] < 0 || s->col_w[i] > 31680)
						s->col_w[i] = 0;
					if (s->col_gap[i] < 0 || s->col_gap[i] > 31680)
						s->col_gap[i] = 0;
					i++;
				}
		}
		if (s->columns < 1 || s->columns > 45)
			s->columns = 1;
	}
	if ((e = m_child(sp, "docGrid"))) {
		v = m_attr(e, "type");
		s->grid_type = v == NULL ? 0
			       : strcmp(v, "lines") == 0 ? 1
			       : strcmp(v, "linesAndChars") == 0 ? 2
			       : strcmp(v, "snapToChars") == 0 ? 3 : 0;
		s->grid_pitch = m_twips(m_attr(e, "linePitch"), 0);
		s->grid_char_space = m_int(m_attr(e, "charSpace"), 0);
	}
	if ((e = m_child(sp, "pgNumType")) && (v = m_attr(e, "fmt")) && strcmp(v, "decimal") != 0)
		s->page_fmt = name(w, v);
	if ((e = m_child(sp, "pgNumType")))
		s->page_start = m_int(m_attr(e, "start"), 0);
	for (xmlNodePtr c = sp->children; c && m->rc == 0; c = c->next) {
		bool hdr = m_is_w(c, "headerReference");
		if (!hdr && !m_is_w(c, "footerReference"))
			continue;
		const char *type = m_attr(c, "type");
		gw_block *blocks = load_hf(w, m_attr_ns(c, "id", "relationships"));
		if (type && strcmp(type, "first") == 0)
			*(hdr ? &s->header_first : &s->footer_first) = blocks;
		else if (type && strcmp(type, "even") == 0)
			*(hdr ? &s->header_even : &s->footer_even) = blocks;
		else
			*(hdr ? &s->header : &s->footer) = blocks;
	}
}

static void close_section(walk *w, xmlNodePtr sectpr)
{
	if (w->nsecs == w->capsecs) {
		w->capsecs = w->capsecs ? w->capsecs * 2 : 4;
		w->secs = xrealloc(w->secs, (size_t)w->capsecs * sizeof *w->secs);
	}
	gw_section *s = &w->secs[w->nsecs];
	memset(s, 0, sizeof *s);
	parse_sectpr(w, s, sectpr);
	*w->body_tail = NULL;
	s->body = w->body_first;
	for (int k = 0; k < 2; k++)
		if (w->m->note_restart[k] == 1)
			w->m->note_count[k] = 0;
	w->nsecs++;
	w->body_first = NULL;
	w->body_tail = &w->body_first;
	w->prev_hf[0] = s->header;
	w->prev_hf[1] = s->footer;
	w->prev_hf[2] = s->header_first;
	w->prev_hf[3] = s->footer_first;
	w->prev_hf[4] = s->header_even;
	w->prev_hf[5] = s->footer_even;
}

/* ==== Loading ==== */

/* Styles, theme, numbering and settings are usually the same bytes in every
 * document of a batch (one template, many records): the parsed tree of the
 * last one of each type is kept for the process and reused when the bytes
 * are equal.  Safe because these trees are read-only (COMPACT) and the
 * model never points into them after gw_model_load returns.  One cache per
 * thread: the service renders on several threads at once. */
#define PART_CACHE 6
static _Thread_local struct part_cache {
	const char *type; /* a string literal of optional_part's callers */
	char *bytes;
	size_t len;
	xmlDocPtr doc;
} part_cache[PART_CACHE];

static xmlDocPtr cache_get(const char *type, const char *bytes, size_t len)
{
	for (int i = 0; i < PART_CACHE; i++) {
		struct part_cache *c = &part_cache[i];
		if (c->type && strcmp(c->type, type) == 0)
			return c->len == len && memcmp(c->bytes, bytes, len) == 0 ? c->doc : NULL;
	}
	return NULL;
}

static void cache_put(const char *type, const char *bytes, size_t len, xmlDocPtr doc)
{
	struct part_cache *c = NULL;
	for (int i = 0; i < PART_CACHE && c == NULL; i++)
		if (part_cache[i].type == NULL || strcmp(part_cache[i].type, type) == 0)
			c = &part_cache[i];
	if (c == NULL)
		return;
	xmlFreeDoc(c->doc);
	free(c->bytes);
	c->type = type;
	c->bytes = xmalloc(len ? len : 1);
	memcpy(c->bytes, bytes, len);
	c->len = len;
	c->doc = doc;
}

void gw_model_thread_done(void)
{
	for (int i = 0; i < PART_CACHE; i++) {
		xmlFreeDoc(part_cache[i].doc);
		free(part_cache[i].bytes);
		memset(&part_cache[i], 0, sizeof part_cache[i]);
	}
}

/* An optional part related to the main part by type; NULL when absent.
 * The tree is borrowed from the cache above (never freed by the caller). */
static int optional_part(mctx *m, xmlDocPtr *out, const char *source, const char *type)
{
	gw_err e = {0};
	char *part = NULL;
	int rc = 0;

	*out = NULL;
	if (gw_pkg_rel_by_type(&part, m->pkg, source, type, &e) < 0) {
		if (e.code != GW_ENOTFOUND)
			rc = gw_err_set(m->err, e.code, "%s", e.msg);
		goto done;
	}
	const char *bytes = NULL;
	size_t len = 0;
	if (gw_pkg_read(m->pkg, part, &bytes, &len, &e) == 0 &&
	    (*out = cache_get(type, bytes, len)) != NULL)
		goto done;
	gw_err_clear(&e);
	if (gw_pkg_xml_readonly(out, m->pkg, part, &e) < 0) {
		if (e.code == GW_ENOTFOUND) {
			char msg[200];
			snprintf(msg, sizeof msg, "%.150s missing", part);
			m_warn(m, msg);
		} else {
			rc = gw_err_set(m->err, e.code, "%s", e.msg);
		}
		goto done;
	}
	cache_put(type, bytes, len, *out);
done:
	free(part);
	return rc;
}

static const char *core_text(walk *w, xmlNodePtr root, const char *tag)
{
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (m_is(c, tag)) {
			gw_buf b;
			gw_buf_init(&b);
			for (xmlNodePtr t = c->children; t; t = t->next)
				if (t->type == XML_TEXT_NODE && t->content && b.len < 4096)
					gw_buf_adds(&b, (const char *)t->content);
			const char *s = b.len ? gw_arena_strndup(w->m->a, b.data, b.len) : NULL;
			gw_buf_dispose(&b);
			return s;
		}
	return NULL;
}

/* w:footnotePr / w:endnotePr: numFmt, numStart, numRestart over k's state. */
static void note_pr(mctx *m, int k, xmlNodePtr pr)
{
	const char *v;
	if (pr == NULL)
		return;
	if ((v = m_val(pr, "numFmt")))
		snprintf(m->note_fmt[k], sizeof m->note_fmt[k], "%s", v);
	if ((v = m_val(pr, "numStart")))
		m->note_start[k] = m_int(v, 1);
	if (m->note_start[k] < 0 || m->note_start[k] > 100000)
		m->note_start[k] = 1;
	if ((v = m_val(pr, "numRestart"))) {
		m->note_restart[k] = strcmp(v, "eachSect") == 0 ? 1 : strcmp(v, "eachPage") == 0 ? 2 : 0;
		if (m->note_restart[k] == 2 && k == 1)
			m_warn(m, "endnotes numbered on through the pages (numRestart eachPage)");
	}
}

/* The footnotes and endnotes parts (kept until the walk ends) and their
 * numbering: settings, then the body's last sectPr. */
static int load_notes(walk *w, xmlDocPtr settings, xmlNodePtr last_sectpr)
{
	mctx *m = w->m;
	static const char *type[2] = {"/footnotes", "/endnotes"};
	static const char *pr[2] = {"footnotePr", "endnotePr"};
	for (int k = 0; k < 2; k++) {
		gw_err e = {0};
		char *part = NULL;
		xmlDocPtr x = NULL;
		snprintf(m->note_fmt[k], sizeof m->note_fmt[k], "%s", k ? "lowerRoman" : "decimal");
		m->note_start[k] = 1;
		if (settings)
			note_pr(m, k, m_child(xmlDocGetRootElement(settings), pr[k]));
		note_pr(m, k, m_child(last_sectpr, pr[k]));
		if (gw_pkg_rel_by_type(&part, m->pkg, m->main_part, type[k], &e) < 0) {
			if (e.code != GW_ENOTFOUND)
				return gw_err_set(m->err, e.code, "%s", e.msg);
			continue;
		}
		if (gw_pkg_xml_readonly(&x, m->pkg, part, &e) < 0) {
			if (e.code != GW_ENOTFOUND) {
				free(part);
				return gw_err_set(m->err, e.code, "%s", e.msg);
			}
			m_warn(m, k ? "endnotes part missing" : "footnotes part missing");
			free(part);
			continue;
		}
		m_keep(m, x);
		m->note_root[k] = xmlDocGetRootElement(x);
		m->note_part[k] = name(w, part);
		free(part);
	}
	return 0;
}

int gw_model_load(gw_doc **out, const gw_pkg *pkg, gw_err *err)
{
	mctx m;
	walk w;
	xmlDocPtr main = NULL, styles, theme, numbering, settings, core;
	gw_arena *a = gw_arena_new();
	gw_doc *doc = gw_arena_alloc(a, sizeof *doc);
	int rc;

	*out = NULL;
	memset(&m, 0, sizeof m);
	memset(&w, 0, sizeof w);
	doc->arena = a;
	doc->default_tab = 720;
	m.doc = doc;
	m.a = a;
	m.pkg = pkg;
	m.file = gw_pkg_path(pkg);
	m.err = err;
	m.pending_tail = &m.pending;
	w.m = &m;
	w.body_tail = &w.body_first;

	if ((rc = gw_pkg_main_part(&m.main_part, pkg, err)) < 0)
		goto done;
	m.part = m.main_part;
	if ((rc = gw_pkg_xml_readonly(&main, pkg, m.main_part, err)) < 0)
		goto done;
	m_keep(&m, main);
	if ((rc = optional_part(&m, &styles, m.main_part, "/styles")) < 0 ||
	    (rc = optional_part(&m, &theme, m.main_part, "/theme")) < 0 ||
	    (rc = optional_part(&m, &numbering, m.main_part, "/numbering")) < 0 ||
	    (rc = optional_part(&m, &settings, m.main_part, "/settings")) < 0 ||
	    (rc = optional_part(&m, &core, "", "/core-properties")) < 0)
		goto done;
	m_styles_init(&m, styles, theme, numbering);
	if (settings) {
		xmlNodePtr root = xmlDocGetRootElement(settings), e;
		if ((e = m_child(root, "evenAndOddHeaders")))
			doc->even_and_odd = m_onoff(e);
		const char *v = m_val(root, "characterSpacingControl");
		if (v)
			doc->punct_compress = strcmp(v, "compressPunctuation") == 0 ? 1
					      : strcmp(v, "compressPunctuationAndJapaneseKana") == 0 ? 2 : 0;
		for (xmlNodePtr c = m_child(m_child(root, "compat"), "compatSetting"); c; c = c->next)
			if (m_is_w(c, "compatSetting") && m_attr(c, "name") &&
			    strcmp(m_attr(c, "name"), "compatibilityMode") == 0)
				doc->compat_mode = m_int(m_attr(c, "val"), 0);
		if (doc->compat_mode == 0 && m_child(root, "compat"))
			doc->compat_mode = 11; /* a compat block without a mode: Word 2003 */
		if ((e = m_child(root, "defaultTabStop"))) {
			doc->default_tab = m_twips(m_attr(e, "val"), 720);
			if (doc->default_tab < 20)
				doc->default_tab = 720;
		}
	}
	if ((rc = load_notes(&w, settings, m_child(m_child(xmlDocGetRootElement(main), "body"),
						  "sectPr"))) < 0)
		goto done;
	if (core) {
		xmlNodePtr root = xmlDocGetRootElement(core);
		doc->title = core_text(&w, root, "title");
		doc->author = core_text(&w, root, "creator");
		doc->subject = core_text(&w, root, "subject");
		doc->keywords = core_text(&w, root, "keywords");
	}

	xmlNodePtr root = xmlDocGetRootElement(main);
	xmlNodePtr body = m_child(root, "body");
	if (body == NULL) {
		rc = gw_err_set(err, GW_ETEMPLATE, "%s: %s: no w:body (not a Word document body)",
				m.file, m.main_part);
		goto done;
	}
	gw_block ***tail = &w.body_tail;
	walk_blocks_into(&w, body, 0, true, tail);
	if (m.rc < 0) {
		rc = m.rc;
		goto done;
	}
	/* The last section: body-level sectPr (Word always writes one). */
	xmlNodePtr last = NULL;
	for (xmlNodePtr c = body->children; c; c = c->next)
		if (m_is_w(c, "sectPr"))
			last = c;
	/* An empty last section (a section break ending the body, as some
	 * generators write) would only add a blank page. */
	if (w.body_first || w.nsecs == 0)
		close_section(&w, last);
	if (m.rc < 0) {
		rc = m.rc;
		goto done;
	}
	if (m.nfields)
		m_warn(&m, "unterminated field");
	doc->nsections = w.nsecs;
	doc->sections = gw_arena_memdup(a, w.secs, (size_t)w.nsecs * sizeof *w.secs);
	doc->footnotes_per_page = m.note_restart[0] == 2;
	doc->footnote_fmt = gw_arena_strdup(a, m.note_fmt[0]);
	doc->footnote_start = m.note_start[0];
	doc->nendnotes = m.nendnotes;
	doc->endnotes = m.nendnotes ? gw_arena_memdup(a, m.endnotes,
						      (size_t)m.nendnotes * sizeof *m.endnotes) : NULL;
	doc->nwarnings = m.nwarnings;
	doc->nlost = m.nlost;
	doc->warnings = gw_arena_memdup(a, m.warnings, (size_t)m.nwarnings * sizeof *m.warnings);
	*out = doc;
	doc = NULL;
	rc = 0;
done:
	fields_reset(&m);
	for (int i = 0; i < m.nxdocs; i++)
		xmlFreeDoc(m.xdocs[i]);
	free(m.warnings);
	free(m.endnotes);
	free(w.secs);
	free(w.names.slot);
	if (doc)
		gw_arena_free(a);
	return rc;
}

void gw_doc_free(gw_doc *doc)
{
	if (doc)
		gw_arena_free(doc->arena); /* the doc itself lives in its arena */
}

/* ==== Plain text and dump ==== */

static void blocks_text(gw_buf *b, const gw_block *blk, int depth);

/* A float's text: its text box, then its kids' (a group). */
static void float_text(gw_buf *b, const gw_float *f, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	if (f->content)
		blocks_text(b, f->content, depth);
	for (int i = 0; i < f->nkids; i++)
		float_text(b, &f->kids[i], depth + 1);
}

static void blocks_text(gw_buf *b, const gw_block *blk, int depth)
{
	for (; blk && depth < MAX_TABLE_DEPTH + 2; blk = blk->next) {
		if (blk->kind == GW_BLOCK_TABLE) {
			const gw_table *t = &blk->u.table;
			for (int r = 0; r < t->nrows; r++)
				for (int c = 0; c < t->rows[r].ncells; c++)
					blocks_text(b, t->rows[r].cells[c].content, depth + 1);
			continue;
		}
		const gw_para *p = &blk->u.para;
		if (p->num_text) {
			gw_buf_adds(b, p->num_text);
			if (p->num_suffix == 0)
				gw_buf_addc(b, '\t');
			else if (p->num_suffix == 1)
				gw_buf_addc(b, ' ');
		}
		for (const gw_inline *in = p->first; in; in = in->next) {
			if (in->rp.hidden)
				continue;
			switch (in->kind) {
			case GW_INL_TEXT:
			case GW_INL_FIELD:
				gw_buf_add(b, in->text ? in->text : "", in->text ? in->len : 0);
				break;
			case GW_INL_TAB:
				gw_buf_addc(b, '\t');
				break;
			case GW_INL_BREAK:
				gw_buf_addc(b, '\n');
				break;
			case GW_INL_PAGEBREAK:
				/* A page break ending a paragraph starts no new line. */
				if (in->next)
					gw_buf_addc(b, '\n');
				break;
			case GW_INL_COLBREAK:
				if (in->next)
					gw_buf_addc(b, '\n');
				break;
			case GW_INL_NOTE:
				gw_buf_add(b, in->text ? in->text : "", in->text ? in->len : 0);
				break;
			case GW_INL_IMAGE:
			case GW_INL_FLOAT:
				break;
			}
		}
		gw_buf_addc(b, '\n');
		/* text boxes and footnotes after their paragraph (endnotes at the end) */
		for (const gw_inline *in = p->first; in; in = in->next) {
			if (in->kind == GW_INL_FLOAT)
				float_text(b, in->fl, depth + 1);
			else if (in->kind == GW_INL_NOTE && !in->note->endnote && !in->note_own)
				blocks_text(b, in->note->content, depth + 1);
		}
	}
}

char *gw_doc_text(const gw_doc *doc)
{
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_adds(&b, "");
	for (int s = 0; doc && s < doc->nsections; s++)
		blocks_text(&b, doc->sections[s].body, 0);
	for (int i = 0; doc && i < doc->nendnotes; i++)
		blocks_text(&b, doc->endnotes[i]->content, 0);
	return gw_buf_detach(&b, NULL);
}

char *gw_blocks_text(const gw_block *first)
{
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_adds(&b, "");
	blocks_text(&b, first, 0);
	return gw_buf_detach(&b, NULL);
}

static const char *align_name(gw_align a)
{
	static const char *n[] = {"left", "center", "right", "both", "distribute"};
	return a <= GW_ALIGN_DISTRIBUTE ? n[a] : "?";
}

static void dump_rp(FILE *f, const gw_rprops *rp)
{
	fprintf(f, "[%s|%s|%s %g%s%s%s%s", rp->font_ascii ? rp->font_ascii : "-",
		rp->font_hansi ? rp->font_hansi : "-", rp->font_eastasia ? rp->font_eastasia : "-",
		rp->size / 2.0, rp->bold ? " b" : "", rp->italic ? " i" : "",
		rp->strike ? " s" : "", rp->caps ? " caps" : "");
	if (rp->underline)
		fprintf(f, " u%d", rp->underline);
	if (rp->color)
		fprintf(f, " #%06X", rp->color);
	if (rp->vert)
		fprintf(f, " %s", rp->vert == GW_VERT_SUPER ? "sup" : "sub");
	if (rp->spacing)
		fprintf(f, " sp%d", rp->spacing);
	if (rp->hidden)
		fprintf(f, " hidden");
	if (rp->scale != 100)
		fprintf(f, " w%d%%", rp->scale);
	if (rp->position)
		fprintf(f, " pos%d", rp->position);
	if (rp->highlight != 0xFFFFFFFF)
		fprintf(f, " hl%06X", rp->highlight);
	fputc(']', f);
}

static void dump_border(FILE *f, const char *side, const gw_border *b)
{
	static const char *n[] = {"none", "single", "double", "thick", "dotted", "dashed"};
	if (b->style == GW_BORDER_NONE)
		fprintf(f, " %s=none", side);
	else
		fprintf(f, " %s=%s/%d/%06X", side, n[b->style], b->width, b->color);
}

static void dump_blocks(FILE *f, const gw_block *blk, int ind);

static void dump_blocks(FILE *f, const gw_block *blk, int ind)
{
	for (; blk && ind < 2 * (MAX_TABLE_DEPTH + 4); blk = blk->next) {
		if (blk->kind == GW_BLOCK_TABLE) {
			const gw_table *t = &blk->u.table;
			fprintf(f, "%*sTABLE style=%s cols=%d grid=", ind, "",
				t->style_id ? t->style_id : "-", t->ncols);
			for (int i = 0; i < t->ncols; i++)
				fprintf(f, "%s%d", i ? "," : "", t->grid[i]);
			fprintf(f, " jc=%s ind=%d w=%d pct=%d%s\n", align_name(t->align), t->indent,
				t->width, t->width_pct, t->fixed_layout ? " fixed" : "");
			for (int r = 0; r < t->nrows; r++) {
				const gw_row *row = &t->rows[r];
				fprintf(f, "%*sROW h=%d rule=%d%s%s\n", ind + 2, "", row->height,
					row->height_rule, row->header ? " header" : "",
					row->cant_split ? " cantSplit" : "");
				for (int c = 0; c < row->ncells; c++) {
					const gw_cell *cl = &row->cells[c];
					fprintf(f, "%*sCELL col=%d span=%d vmerge=%d w=%d", ind + 4, "",
						cl->col, cl->span, cl->vmerge, cl->width);
					dump_border(f, "T", &cl->borders[GW_SIDE_TOP]);
					dump_border(f, "L", &cl->borders[GW_SIDE_LEFT]);
					dump_border(f, "B", &cl->borders[GW_SIDE_BOTTOM]);
					dump_border(f, "R", &cl->borders[GW_SIDE_RIGHT]);
					fprintf(f, " mar=%d,%d,%d,%d valign=%d", cl->margin[0],
						cl->margin[1], cl->margin[2], cl->margin[3], cl->valign);
					if (cl->shading != 0xFFFFFFFF)
						fprintf(f, " fill=%06X", cl->shading);
					fputc('\n', f);
					dump_blocks(f, cl->content, ind + 6);
				}
			}
			continue;
		}
		const gw_para *p = &blk->u.para;
		const gw_pprops *pp = &p->pp;
		fprintf(f, "%*sP style=%s jc=%s ind=%d,%d,%d sp=%d,%d line=%d%s", ind, "",
			pp->style_id ? pp->style_id : "-", align_name(pp->align), pp->ind_left,
			pp->ind_right, pp->ind_first, pp->space_before, pp->space_after, pp->line,
			pp->line_rule == GW_LINE_AUTO ? "auto"
			: pp->line_rule == GW_LINE_EXACT ? "exact" : "atLeast");
		if (pp->page_break_before)
			fprintf(f, " pageBreakBefore");
		if (pp->keep_next)
			fprintf(f, " keepNext");
		if (pp->keep_lines)
			fprintf(f, " keepLines");
		if (!pp->widow_control)
			fprintf(f, " noWidow");
		if (!pp->snap_to_grid)
			fprintf(f, " noSnap");
		if (pp->contextual_spacing)
			fprintf(f, " contextual");
		for (int i = 0; i < pp->ntabs; i++)
			fprintf(f, " tab=%d/%d/%d", pp->tabs[i].pos, pp->tabs[i].align, pp->tabs[i].leader);
		if (!pp->kinsoku || !pp->word_wrap || !pp->auto_space_de || !pp->auto_space_dn)
			fprintf(f, " cjk=%d%d%d%d", pp->kinsoku, pp->word_wrap, pp->auto_space_de,
				pp->auto_space_dn);
		if (pp->no_overflow_punct)
			fprintf(f, " no-overflow-punct");
		if (pp->shading != 0xFFFFFFFF)
			fprintf(f, " fill=%06X", pp->shading);
		for (int i = 0; i < 4; i++)
			if (pp->borders[i].style != GW_BORDER_NONE)
				dump_border(f, (const char *[]){"pT", "pL", "pB", "pR"}[i], &pp->borders[i]);
		if (p->num_text)
			fprintf(f, " num=\"%s\"/%d", p->num_text, p->num_suffix);
		fputc(' ', f);
		dump_rp(f, &p->mark_rp);
		fputc('\n', f);
		for (const gw_inline *in = p->first; in; in = in->next) {
			fprintf(f, "%*s", ind + 2, "");
			switch (in->kind) {
			case GW_INL_TEXT:
				fprintf(f, "T \"%.*s\" ", (int)in->len, in->text);
				break;
			case GW_INL_TAB:
				fprintf(f, "TAB ");
				break;
			case GW_INL_BREAK:
				fprintf(f, "BR ");
				break;
			case GW_INL_PAGEBREAK:
				fprintf(f, "PAGEBREAK ");
				break;
			case GW_INL_FIELD:
				fprintf(f, "FIELD %s \"%s\" ",
					in->field == GW_FIELD_PAGE ? "PAGE"
					: in->field == GW_FIELD_NUMPAGES ? "NUMPAGES" : "SECTIONPAGES",
					in->text ? in->text : "");
				break;
			case GW_INL_IMAGE:
				fprintf(f, "IMAGE %s %s %dx%d%s ", in->image.part,
					in->image.format == 1 ? "png" : "jpeg", in->image.width,
					in->image.height, in->image.anchored ? " anchored" : "");
				break;
			case GW_INL_COLBREAK:
				fprintf(f, "COLBREAK ");
				break;
			case GW_INL_NOTE:
				fprintf(f, "%s \"%s\" ", in->note->endnote ? "ENDNOTE" : "FOOTNOTE",
					in->note->mark);
				break;
			case GW_INL_FLOAT: {
				const gw_float *fl = in->fl;
				fprintf(f, "FLOAT rel=%d/%d align=%d/%d pos=%d,%d size=%dx%d wrap=%d/%d "
					"dist=%d,%d,%d,%d%s%s ", fl->rel_h, fl->rel_v, fl->align_h,
					fl->align_v, fl->x, fl->y, fl->width, fl->height, fl->wrap,
					fl->side, fl->dist[0], fl->dist[1], fl->dist[2], fl->dist[3],
					fl->has_image ? " image" : "", fl->content ? " textbox" : "");
				break;
			}
			}
			dump_rp(f, &in->rp);
			fputc('\n', f);
			if (in->kind == GW_INL_NOTE && !in->note_own)
				dump_blocks(f, in->note->content, ind + 4);
			else if (in->kind == GW_INL_FLOAT && in->fl->content)
				dump_blocks(f, in->fl->content, ind + 4);
		}
	}
}

void gw_doc_dump(FILE *f, const gw_doc *doc)
{
	if (doc == NULL)
		return;
	fprintf(f, "DOC sections=%d evenOdd=%d tab=%d punct=%d compat=%d title=%s author=%s\n",
		doc->nsections, doc->even_and_odd, doc->default_tab, doc->punct_compress,
		doc->compat_mode, doc->title ? doc->title : "-", doc->author ? doc->author : "-");
	for (int i = 0; i < doc->nwarnings; i++)
		fprintf(f, "WARNING %s\n", doc->warnings[i]);
	for (int i = 0; i < doc->nsections; i++) {
		const gw_section *s = &doc->sections[i];
		fprintf(f, "SECTION %dx%d%s mar=%d,%d,%d,%d hdr=%d ftr=%d type=%d grid=%d/%d start=%d%s\n",
			s->page_w, s->page_h, s->landscape ? " landscape" : "", s->margin_top,
			s->margin_right, s->margin_bottom, s->margin_left, s->header_dist,
			s->footer_dist, s->start_type, s->grid_type, s->grid_pitch, s->page_start,
			s->title_page ? " titlePg" : "");
		if (s->columns > 1) {
			fprintf(f, "  COLS %d space=%d%s", s->columns, s->col_space,
				s->col_sep ? " sep" : "");
			for (int k = 0; s->col_w && k < s->columns; k++)
				fprintf(f, " %d/%d", s->col_w[k], s->col_gap[k]);
			fputc('\n', f);
		}
		static const char *hn[] = {"HEADER", "FOOTER", "HEADER first", "FOOTER first",
					   "HEADER even", "FOOTER even"};
		const gw_block *hf[] = {s->header, s->footer, s->header_first, s->footer_first,
					s->header_even, s->footer_even};
		for (int k = 0; k < 6; k++)
			if (hf[k]) {
				fprintf(f, "  %s\n", hn[k]);
				dump_blocks(f, hf[k], 4);
			}
		fprintf(f, "  BODY\n");
		dump_blocks(f, s->body, 4);
	}
	for (int i = 0; i < doc->nendnotes; i++)
		fprintf(f, "ENDNOTE \"%s\"\n", doc->endnotes[i]->mark);
}
