/*
 * layout.c — the document model set into pages (see layout.h).
 *
 * The pipeline inside: a paragraph becomes an array of atoms (one per code
 * point, tab, break, image), each with its face and advance; a greedy line
 * breaker (CJK rules, kinsoku, hanging 、。，．) cuts it into lines; each line
 * becomes a "unit" (height, spacing, items relative to its top).  A table row
 * is a unit too, kept structured (cells hold their content's units) so that
 * it can be split across pages and its header rows repeated.  The paginator
 * places units on pages, honouring keep chains (keep-with-next, keep-lines,
 * widow/orphan control, header rows), then headers and footers are laid out
 * per page, when PAGE / NUMPAGES / SECTIONPAGES are known (the body's own
 * page-number fields are rewritten then too).
 *
 * Floats, columns, notes: a paragraph's floating drawings are drawn with its
 * first unit (at page y when placed relative to the page) and leave zones
 * in the section's "flow" (its units stacked as on one endless page, pages
 * estimated) that later lines are shortened beside (layout_float.c: the
 * geometry).  The paginator fills columns before pages (their items moved
 * right when a column ends; unequal columns lay the rest out again at each
 * column's width; columns before a continuous break balanced), keeps room
 * at the page's foot for the footnotes its lines reference (laid out once,
 * drawn under a separator when the page ends) and puts endnotes after the
 * text on a page of their own.
 *
 * The target is LibreOffice 7.4's layout of the same DOCX with the same fonts
 * (make fidelity).  Its behaviours measured and followed here: weak
 * characters (spaces) take the script, and so the font, of the character
 * before; a paragraph starting with weak ones and an empty line use the
 * Latin font; 1/5 em autospace between ideographs and Latin letters/digits;
 * the hhea line gap added above a line's text; fallback glyphs keep the line
 * metrics of the font asked for; with an East Asian language of zh-TW,
 * ，。、．：；？！ hang past the margin after a CJK character only; a document
 * grid's whole lines are centred in the body; table borders take room.
 *
 * Invariants: x coordinates are absolute page coordinates from the moment a
 * unit is built (a table's position does not depend on the page); only y is
 * relative until the unit is placed.  Every step is linear in the input
 * except rescanning a line's atoms once after a break (bounded by one word).
 * Break opportunities come from ICU's line break iterator (UAX #14, the
 * library LibreOffice uses); gongwen's kinsoku and the East Asian rules
 * measured in LibreOffice are applied on top (para_breaks).
 */
#include "layout.h"
#include "layout_int.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>

#define TW 20.0   /* twips per point */
#define EPS 0.01

/* ==== Item lists ==== */

typedef struct ilist {
	gw_item *v;
	size_t n, cap;
} ilist;

static gw_item *ilist_push(ilist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[0]);
	return &l->v[l->n++];
}

static void item_dispose(gw_item *it)
{
	if (it->kind == GW_ITEM_GLYPHS) {
		free(it->u.g.cps);
		free(it->u.g.xs);
	}
}

static void ilist_dispose(ilist *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_dispose(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Deep copy of it into dst, moved down by dy. */
static void item_copy(ilist *dst, const gw_item *it, double dy)
{
	gw_item *o = ilist_push(dst);
	*o = *it;
	switch (it->kind) {
	case GW_ITEM_GLYPHS:
		o->u.g.cps = xmalloc(it->u.g.n * sizeof(uint32_t) + 1);
		o->u.g.xs = xmalloc(it->u.g.n * sizeof(double) + 1);
		memcpy(o->u.g.cps, it->u.g.cps, it->u.g.n * sizeof(uint32_t));
		memcpy(o->u.g.xs, it->u.g.xs, it->u.g.n * sizeof(double));
		o->u.g.y += dy;
		break;
	case GW_ITEM_LINE:
		o->u.line.y0 += dy;
		o->u.line.y1 += dy;
		break;
	case GW_ITEM_RECT: o->u.rect.y += dy; break;
	case GW_ITEM_IMAGE: o->u.image.y += dy; break;
	case GW_ITEM_BOX:
		o->u.box.y += dy;
		o->u.box.baseline += dy;
		break;
	}
}

static void add_line(ilist *l, double x0, double y0, double x1, double y1, double w,
		     uint32_t color, int dash)
{
	gw_item *it = ilist_push(l);
	it->kind = GW_ITEM_LINE;
	it->u.line.x0 = x0;
	it->u.line.y0 = y0;
	it->u.line.x1 = x1;
	it->u.line.y1 = y1;
	it->u.line.width = w;
	it->u.line.color = color;
	it->u.line.dash = dash;
}

/* ==== Units: what the paginator places ==== */

enum { U_LINE, U_ROW };

typedef struct unit unit;
typedef struct ulist {
	unit *v;
	size_t n, cap;
} ulist;

/* One cell of a row unit: its geometry and its content as units. */
typedef struct rcell {
	const gw_cell *cell;
	double x, w;           /* outer box */
	int col, span;
	int rows;              /* rows covered (vMerge restart: > 1) */
	int vm;                /* the cell's vmerge, 2 when covered by the cell above
	                          (a group split across pages restarts on the next) */
	double pad[4];         /* top, left, bottom, right */
	ulist content;         /* units, y positions in ypos */
	double *ypos;          /* top of each content unit below the content top */
	double content_h;
} rcell;

struct unit {
	int kind;
	double h;              /* height (line height, or row height) */
	double sb, sa;         /* space before / after */
	bool keep;             /* must stay on the page of the next unit */
	bool page_before;      /* starts a new page */
	bool cant_split;
	ilist items;           /* U_LINE: items, y relative to the unit's top */
	int nchars;            /* U_LINE: characters it draws (spaces not counted) */
	int para_no;           /* U_LINE: its paragraph, for messages */
	/* U_ROW */
	int table_id;
	bool header;
	int ncells;
	rcell *cells;
	double group_h;        /* height of the vMerge group starting here (>= h) */
	double nat_h;          /* the height its content needs (h before w:trHeight atLeast) */
	double btop;           /* top border width inside h (LibreOffice counts borders) */
	gw_border *above;      /* bottom borders of the row above, per grid column (NULL: none) */
	int ncols;
	const gw_table *tbl;
	int row;
	bool continued;        /* a remainder after a split */
	/* floats, notes, columns (layout_float.c, the pager below) */
	ilist fixed;           /* items at page-absolute y (page-relative floats) */
	const gw_note **notes; /* footnotes referenced in this line */
	int nnotes;
	const gw_para *fpara;  /* this line shows its paragraph's body PAGE field */
	bool col_before;       /* starts a new column (w:br type=column) */
	const gw_block *src;   /* the body block it comes from (unequal columns lay
	                          the rest out again from here), or NULL */
	size_t src_atom;       /* a line: its first atom in the paragraph */
	float bw;              /* with src: the width it was laid out at */
};

static unit *ulist_push(ulist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[0]);
	return &l->v[l->n++];
}

static void ulist_dispose(ulist *l);

static void unit_dispose(unit *u)
{
	ilist_dispose(&u->items);
	ilist_dispose(&u->fixed);
	free(u->notes);
	for (int i = 0; i < u->ncells; i++) {
		ulist_dispose(&u->cells[i].content);
		free(u->cells[i].ypos);
	}
	free(u->cells);
	free(u->above);
}

/* The characters of a unit's lines (a row: its cells'), as counted into
 * the text given to layout. */
static long unit_chars(const unit *u)
{
	long n = u->nchars;
	for (int i = 0; i < u->ncells; i++)
		for (size_t k = 0; k < u->cells[i].content.n; k++)
			n += unit_chars(&u->cells[i].content.v[k]);
	return n;
}

static void ulist_dispose(ulist *l)
{
	for (size_t i = 0; i < l->n; i++)
		unit_dispose(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ==== Context ==== */

typedef struct ctx {
	const gw_doc *doc;
	const gw_section *sec;
	const gw_measure *m;
	gw_layout_opts opts;
	gw_layout *lay;
	gw_err *err;
	int para_no;           /* body paragraph counter, for messages */
	int script;            /* script of the last strong character (weak ones follow it) */
	const char *mname;     /* cache: the primary face of font `mname` */
	int mscript, mbold, mitalic;
	gw_face *mface;
	char where[160];       /* "table 1, row 2, cell 3" or "" */
	int tables;            /* table counter */
	int page_no;           /* PAGE value while building */
	int numpages, secpages;
	bool saw_numpages;     /* the body uses NUMPAGES/SECTIONPAGES */
	bool in_header;
	/* Floats: zones text wraps around, in flow y of the section's body */
	lf_zones zones;
	const ulist *flow_list; /* the body's units (NULL: not tracking) */
	size_t flow_n;          /* units of flow_list counted in flow */
	double flow, flow_page; /* flow y of the next unit; of the estimated page top */
	double body_top, body_h;
	int nested;             /* > 0 inside a text box or note: no flow */
	/* Notes laid out once (the pager places them) */
	struct lnote *lnotes;
	size_t nlnotes, caplnotes;
	bool any_notes;         /* a body line references a footnote */
	const ulist *src_list;  /* units of this list record their source block */
	const gw_block *cur_block; /* the block blocks_units is at */
	const gw_block *stop_block; /* blocks_units stops before it (NULL: the end) */
	int late_rc;            /* an error while paginating (notes, columns laid out again) */
	bool flow_cell;         /* the flow is a table cell's (no pages in it) */
	lf_zones hzones[2];     /* the header's wrapping floats, page y: first page, the others */
	/* PAGE in the body: the page each such paragraph landed on (the next
	 * pass lays it out with that number), and whether one came out wrong */
	struct ppage { const gw_para *p; int page; } *ppages;
	size_t nppages, capppages;
	bool fields_moved;
	const gw_para *cur_para;
	bool warned_tall_note;
	bool warned_lost_note;  /* a footnote referenced where none is placed */
	/* Nothing lost silently: the body's characters given to layout (every
	 * line para_units makes outside headers), drawn on a page, and lost
	 * (off the page, clipped), each loss a warning.  Whatever places lines
	 * other than through a counting seq (seq.c) adds its own to text_drawn
	 * or text_lost, or layout_pass warns "body: N of M characters not drawn". */
	long text_in, text_drawn, text_lost;
	int lost_para, lost_chars; /* a loss not yet warned about (one warning a paragraph) */
	const char *lost_why;
} ctx;

static void warn(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	gw_layout *l = c->lay;
	if (l->nwarnings >= 1000)
		return;
	l->warnings = xrealloc(l->warnings, (size_t)(l->nwarnings + 1) * sizeof(char *));
	l->warnings[l->nwarnings++] = xstrdup(buf);
}

/* ==== Character classes ==== */

int gw_layout_is_eastasian(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FFF) ||
	       (cp >= 0x3000 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* LibreOffice's script classes (i18npool getScriptClass, by Unicode block):
 * a weak character (space, no-break space, general punctuation, symbols)
 * takes the script of the character before it, and its font with it. */
enum { S_WEAK, S_LATIN, S_ASIAN };

static int script_of(uint32_t cp)
{
	if (cp == 0x20 || cp == 0xA0)
		return S_WEAK;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0xD7AF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2FFFF))
		return S_ASIAN;
	if (cp < 0x0300 || (cp >= 0x0370 && cp <= 0x1DFF) || (cp >= 0x1E00 && cp <= 0x1FFF) ||
	    (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF))
		return S_LATIN;
	return S_WEAK;
}

/* LibreOffice's autospace (Word's autoSpaceDE/DN) sits between an ideograph
 * (not CJK punctuation) and a Latin letter or digit. */
static int autospace_asian(uint32_t cp)
{
	return script_of(cp) == S_ASIAN && !(cp >= 0x3000 && cp <= 0x303F) &&
	       !(cp >= 0xFE30 && cp <= 0xFE4F) &&
	       !(cp >= 0xFF00 && cp <= 0xFFEF && !((cp >= 0xFF10 && cp <= 0xFF19) ||
						     (cp >= 0xFF21 && cp <= 0xFF3A) ||
						     (cp >= 0xFF41 && cp <= 0xFF5A)));
}

static int autospace_latin(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xC0 && cp < 0x0250 && cp != 0xD7 && cp != 0xF7);
}

/* East Asian characters and the symbols Word and LibreOffice treat as such
 * (UAX #14's ambiguous class resolved to ID, as in an East Asian context):
 * justification spreads a line's slack between them, and a line may break on
 * either side of one (unless kinsoku forbids). */
static int is_cjk_break(uint32_t cp)
{
	return gw_layout_is_eastasian(cp) || (cp >= 0x2460 && cp <= 0x27BF) ||
	       (cp >= 0x25A0 && cp <= 0x25FF) || cp == 0x2026 || cp == 0x2027 || cp == 0x2014 ||
	       cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D;
}

/* Whether cp is one of the ASCII characters in ascii or the characters of
 * the UTF-8 string list. */
static int in_list(uint32_t cp, const char *ascii, const char *list)
{
	if (cp < 0x80)
		return cp && strchr(ascii, (int)cp) != NULL;
	/* No list holds anything from U+3400 to U+FDFF or beyond the BMP (the
	 * punctuation lives below U+3400 and in the forms of U+FE00–U+FFFF):
	 * an ideograph costs two comparisons, not a walk of the list. */
	if ((cp >= 0x3400 && cp < 0xFE00) || cp >= 0x10000)
		return 0;
	const char *p = list, *end = list + strlen(list);
	while (p < end)
		if ((uint32_t)gw_utf8_next(&p, end) == cp)
			return 1;
	return 0;
}

/* Kinsoku: no line starts with these. */
static int no_start(uint32_t cp)
{
	return in_list(cp, ",.;:?!)]}%",
		       "，。、；：？！）」』】》〉…‧・〕］｝〗〙〛’”．﹐﹑﹒﹔﹕﹖﹗﹚﹜％‰℃");
}

/* Kinsoku: no line ends with these. */
static int no_end(uint32_t cp)
{
	return in_list(cp, "([{$", "（「『【《〈〔［｛〖〘〚‘“﹙﹛＄￥");
}

/* May hang past the right edge (Word's overflowPunct; LibreOffice's hanging
 * punctuation, measured with an East Asian language of zh-TW, as the
 * bureau's templates have): full-width comma, stops, colon, semicolon,
 * question and exclamation marks, and ASCII , and .  Closing brackets do
 * not hang: they take the character before them to the next line. */
static int hangs(uint32_t cp)
{
	switch (cp) {
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B:
	case 0xFF1F: case 0xFF01: case ',': case '.':
		return 1;
	default:
		return 0;
	}
}


/* ==== Atoms ==== */

enum { A_CHAR, A_TAB, A_BREAK, A_PAGE, A_IMAGE, A_BOX };

typedef struct atom {
	uint32_t cp;
	uint8_t kind;
	uint8_t brk;        /* a line may break before this atom */
	uint8_t bold, italic; /* synthesise */
	gw_face *face;
	const gw_rprops *rp;
	float size;         /* pt */
	float w;            /* advance, pt (letter spacing included) */
	float asc, desc;    /* pt */
	float shift;        /* baseline shift up (super/subscript), pt */
	float kern;         /* autospace before this atom, pt (dropped at a line start) */
	const gw_image *img;
	uint8_t fld;        /* a page-number field's digits: 1 + gw_field */
	const char *fld_fmt; /* their numFmt (NULL: decimal) */
	const gw_note *note; /* a footnote referenced here */
	const gw_note *mark; /* part of a footnote's mark */
} atom;

typedef struct alist {
	atom *v;
	size_t n, cap;
} alist;

static atom *alist_push(alist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[0]);
	return &l->v[l->n++];
}

/* Ascent and descent of a face at a size, pt. */
static void face_metrics(ctx *c, gw_face *f, double size, float *asc, float *desc)
{
	int gap = c->m->line_gap ? c->m->line_gap(c->m->ctx, f) : 0;
	*asc = (float)(size * (c->m->ascent(c->m->ctx, f) + gap) / 1000.0);
	*desc = (float)(size * c->m->descent(c->m->ctx, f) / 1000.0);
}

static const char *font_for_script(const gw_rprops *rp, uint32_t cp, int script)
{
	const char *n = script == S_ASIAN ? rp->font_eastasia : cp < 0x80 ? rp->font_ascii
										  : rp->font_hansi;
	if (!n || !*n)
		n = rp->font_ascii;
	if (!n || !*n)
		n = rp->font_eastasia;
	return n ? n : "";
}

static const char *font_for(const gw_rprops *rp, uint32_t cp)
{
	const char *n = gw_layout_is_eastasian(cp) ? rp->font_eastasia : rp->font_hansi;
	if (!n || !*n)
		n = rp->font_ascii;
	if (!n || !*n)
		n = rp->font_eastasia;
	return n ? n : "";
}

static void place_desc(ctx *c, char *out, size_t n)
{
	if (c->in_header)
		snprintf(out, n, "header/footer%s%s", c->where[0] ? ", " : "", c->where);
	else if (c->where[0])
		snprintf(out, n, "paragraph %d (%s)", c->para_no, c->where);
	else
		snprintf(out, n, "paragraph %d", c->para_no);
}

static int add_char(ctx *c, alist *al, const gw_rprops *rp, uint32_t cp)
{
	if (rp->caps && cp >= 'a' && cp <= 'z')
		cp -= 32;
	double size = rp->size / 2.0;
	float shift = 0;
	if (rp->vert != GW_VERT_BASELINE) {
		shift = (float)(rp->vert == GW_VERT_SUPER ? size * 0.33 : -size * 0.08);
		size *= 0.65;
	}
	shift += (float)(rp->position / 2.0);
	int sc = script_of(cp);
	if (sc == S_WEAK)
		sc = rp->hint_eastasia ? S_ASIAN : c->script;
	else
		c->script = sc;
	const char *name = font_for_script(rp, cp, sc);
	gw_face *f = c->m->pick(c->m->ctx, name, rp->bold, rp->italic, cp);
	atom *a = alist_push(al);
	a->cp = cp;
	a->rp = rp;
	a->size = (float)size;
	a->shift = shift;
	if (!f) {
		char place[200], ch[8] = "";
		gw_buf b;
		gw_buf_init(&b);
		gw_utf8_put(&b, cp);
		snprintf(ch, sizeof ch, "%s", b.data);
		gw_buf_dispose(&b);
		place_desc(c, place, sizeof place);
		if (!c->opts.allow_missing_glyphs)
			return gw_err_set(c->err, GW_EFONT,
					  "%s: character '%s' U+%04X: no font has it (font '%s')",
					  place, ch, (unsigned)cp, name);
		warn(c, "%s: character '%s' U+%04X: no font has it, drawn as a box", place, ch,
		     (unsigned)cp);
		a->kind = A_BOX;
		a->w = (float)(gw_layout_is_eastasian(cp) ? size : size * 0.6);
		/* a box keeps the line height of the run's main font if there is one */
		gw_face *mf = c->m->pick(c->m->ctx, name, 0, 0, gw_layout_is_eastasian(cp) ? 0x4E00 : 'x');
		if (mf)
			face_metrics(c, mf, size, &a->asc, &a->desc);
		else {
			a->asc = (float)(size * 0.88);
			a->desc = (float)(size * 0.12);
		}
		return 0;
	}
	a->kind = A_CHAR;
	a->face = f;
	a->w = (float)(size * c->m->advance(c->m->ctx, f, cp) / 1000.0 *
		       (rp->scale > 0 && rp->scale != 100 ? rp->scale / 100.0 : 1) +
		       rp->spacing / TW);
	/* A character drawn by a fallback face keeps the line metrics of the
	 * font asked for (LibreOffice: glyph fallback does not change the line
	 * height). */
	if (c->mname != name || c->mscript != sc || c->mbold != rp->bold ||
	    c->mitalic != rp->italic) {
		c->mname = name;
		c->mscript = sc;
		c->mbold = rp->bold;
		c->mitalic = rp->italic;
		c->mface = c->m->pick(c->m->ctx, name, rp->bold, rp->italic,
				      sc == S_ASIAN ? 0x4E00 : 'x');
	}
	face_metrics(c, c->mface ? c->mface : f, size, &a->asc, &a->desc);
	a->bold = rp->bold && !(c->m->is_bold && c->m->is_bold(c->m->ctx, f));
	a->italic = rp->italic && !(c->m->is_italic && c->m->is_italic(c->m->ctx, f));
	return 0;
}

static int add_text(ctx *c, alist *al, const gw_rprops *rp, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	int rc = 0;
	while (p < end && rc == 0) {
		int32_t cp = gw_utf8_next(&p, end);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp < 0x20 || cp == 0x7F || cp == 0xFEFF || cp == 0x200B)
			continue;
		rc = add_char(c, al, rp, (uint32_t)cp);
	}
	return rc;
}

static void add_special(alist *al, int kind, const gw_rprops *rp)
{
	atom *a = alist_push(al);
	a->kind = (uint8_t)kind;
	a->rp = rp;
	a->size = (float)(rp->size / 2.0);
}

/* The page a body paragraph with a PAGE field landed on in the last pass,
 * or dflt. */
static int body_page(const ctx *c, const gw_para *p, int dflt)
{
	if (c->in_header || c->nested || !p)
		return dflt;
	for (size_t i = 0; i < c->nppages; i++)
		if (c->ppages[i].p == p)
			return c->ppages[i].page;
	return dflt;
}

/* ==== Break opportunities ==== */

/* ICU line break iterators, opened once and reused (ubrk_open loads and
 * compiles the rules: far too slow per paragraph).  A small pool, so that
 * threads never share one; the pool stays reachable until exit. */
static pthread_mutex_t brk_lock = PTHREAD_MUTEX_INITIALIZER;
static UBreakIterator *brk_pool[8];
static int brk_npool;

static UBreakIterator *brk_take(void)
{
	UBreakIterator *bi = NULL;
	pthread_mutex_lock(&brk_lock);
	if (brk_npool > 0)
		bi = brk_pool[--brk_npool];
	pthread_mutex_unlock(&brk_lock);
	if (!bi) {
		UErrorCode st = U_ZERO_ERROR;
		bi = ubrk_open(UBRK_LINE, "zh_TW", NULL, 0, &st);
		if (U_FAILURE(st)) {
			if (bi)
				ubrk_close(bi);
			bi = NULL;
		}
	}
	return bi;
}

static void brk_give(UBreakIterator *bi)
{
	pthread_mutex_lock(&brk_lock);
	if (brk_npool < (int)(sizeof brk_pool / sizeof brk_pool[0])) {
		brk_pool[brk_npool++] = bi;
		bi = NULL;
	}
	pthread_mutex_unlock(&brk_lock);
	if (bi)
		ubrk_close(bi);
}

/* What ICU sees of an atom: its character, or the control or object
 * character that breaks as it does. */
static uint32_t atom_char(const atom *a)
{
	switch (a->kind) {
	case A_CHAR: case A_BOX: return a->cp;
	case A_TAB: return 0x09;
	case A_BREAK: return 0x0A;
	case A_PAGE: return 0x0C;
	default: return 0xFFFC; /* an image: UAX #14 class CB, breaks on both sides */
	}
}

/* Whether the slash at atom j follows a letter or digit (through more
 * slashes and colons: "https://"). */
static bool slash_in_word(const atom *v, size_t j)
{
	while (j > 0 && (v[j].cp == '/' || v[j].cp == ':') && v[j].kind == A_CHAR)
		j--;
	return v[j].kind == A_CHAR && autospace_latin(v[j].cp);
}

/* Set atom.brk: the opportunities of UAX #14 (ICU, locale zh_TW), then on
 * top of them gongwen's kinsoku and what LibreOffice does with zh-TW text
 * (measured): a line never starts with a space, a tab or a no_start
 * character, never ends with a no_end one; 、 after an ideograph breaks
 * before a Latin word ("三、|Storage") but not after one ("Ab、Storage");
 * a closing mark after an ideograph holds the Latin word after it
 * ("三」Storage"); curly quotes and the ambiguous symbols (①, ■, …, —)
 * break as ideographs; a hyphen inside a word or number breaks after it
 * ("0912-|345"), a slash between letters or digits does not ("1433/TCP",
 * "a/b", "https://www.…/path": UAX #14 would break after it, LibreOffice 7.4
 * does not; "{/|kind" it does), nor does a closing brace before one
 * ("{a}b": as UAX #14 holds ")b" and "]b") and a backslash does ("C:\\|Program"); without w:kinsoku only the ASCII rules hold, and without
 * w:wordWrap a Latin word breaks anywhere. */
static int para_breaks(ctx *c, alist *al, const gw_pprops *pp)
{
	size_t n = al->n;
	if (n < 2)
		return 0;
	uint16_t sbuf[512];
	uint16_t *u16 = 2 * n <= sizeof sbuf / sizeof sbuf[0] ? sbuf : xmalloc(2 * n * sizeof *u16);
	int32_t len = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = atom_char(&al->v[i]);
		if (cp >= 0x10000) {
			u16[len++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			u16[len++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else {
			u16[len++] = (uint16_t)cp;
		}
	}
	UBreakIterator *bi = brk_take();
	UErrorCode st = U_ZERO_ERROR;
	if (bi)
		ubrk_setText(bi, (const UChar *)u16, len, &st);
	if (!bi || U_FAILURE(st)) {
		if (bi)
			brk_give(bi);
		if (u16 != sbuf)
			free(u16);
		return gw_err_set(c->err, GW_EPDF, "line breaking: ICU's line break iterator: %s",
				  bi ? u_errorName(st) : "cannot open (ICU data missing?)");
	}
	/* ICU's boundaries are UTF-16 offsets; walk them with the atoms. */
	size_t i = 0;
	int32_t off = 0;
	for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
		while (i < n && off < b)
			off += atom_char(&al->v[i++]) >= 0x10000 ? 2 : 1;
		if (i < n && off == b && i > 0)
			al->v[i].brk = 1;
	}
	ubrk_setText(bi, NULL, 0, &st);
	brk_give(bi);
	if (u16 != sbuf)
		free(u16);
	bool kinsoku = pp->kinsoku, wrap = pp->word_wrap;
	for (i = 1; i < n; i++) {
		atom *pa = &al->v[i - 1], *a = &al->v[i];
		int ok = a->brk;
		uint32_t pc = pa->kind == A_CHAR || pa->kind == A_BOX ? pa->cp : 0;
		uint32_t cc = a->kind == A_CHAR || a->kind == A_BOX ? a->cp : 0;
		if (a->kind == A_BREAK || a->kind == A_PAGE || cc == ' ' || a->kind == A_TAB)
			ok = 0;
		else if (pa->kind == A_BREAK || pa->kind == A_PAGE)
			ok = 1;
		else if (pa->kind == A_TAB || pc == ' ')
			ok = !no_start(cc);
		else if (kinsoku && ((pc && no_end(pc)) || (cc && no_start(cc))))
			ok = 0;
		else if (!kinsoku && ((pc < 0x80 && no_end(pc)) || (cc < 0x80 && no_start(cc))))
			ok = 0;
		else if (pa->kind == A_IMAGE || a->kind == A_IMAGE)
			ok = 1;
		else if (autospace_latin(cc) && hangs(pc) && pc >= 0x3000)
			ok = i >= 2 && gw_layout_is_eastasian(al->v[i - 2].cp);
		else if (autospace_latin(cc) && gw_layout_is_eastasian(pc) && no_start(pc))
			ok = 0;
		else if (is_cjk_break(pc) || is_cjk_break(cc) || pc == 0x3000 || cc == 0x3000)
			ok = 1;
		else if (pc == '-' && i >= 2 && autospace_latin(cc) && autospace_latin(al->v[i - 2].cp))
			ok = 1;
		else if (pc == '/' && autospace_latin(cc) && slash_in_word(al->v, i - 1))
			ok = 0;
		else if (pc == '}' && autospace_latin(cc))
			ok = 0;
		else if (pc == '\\' && autospace_latin(cc))
			ok = 1;
		else if (!wrap && pc && cc)
			ok = 1;
		a->brk = (uint8_t)ok;
	}
	return 0;
}

/* The atoms of a paragraph (label first).  Hidden runs are dropped. */
static int para_atoms(ctx *c, alist *al, const gw_para *p)
{
	int rc = 0;
	/* Weak characters before the first strong one take the Latin script:
	 * LibreOffice uses its application language there (measured with
	 * en-US: a paragraph starting with ☑ sets it in the Latin font). */
	c->script = S_LATIN;
	if (p->num_text && *p->num_text) {
		if ((rc = add_text(c, al, &p->num_rp, p->num_text, strlen(p->num_text))) < 0)
			return rc;
		if (p->num_suffix == 0)
			add_special(al, A_TAB, &p->num_rp);
		else if (p->num_suffix == 1)
			rc = add_char(c, al, &p->num_rp, ' ');
	}
	for (const gw_inline *in = p->first; in && rc == 0; in = in->next) {
		if (in->rp.hidden)
			continue;
		switch (in->kind) {
		case GW_INL_TEXT:
			rc = add_text(c, al, &in->rp, in->text, in->len);
			break;
		case GW_INL_TAB: add_special(al, A_TAB, &in->rp); break;
		case GW_INL_BREAK: add_special(al, A_BREAK, &in->rp); break;
		case GW_INL_PAGEBREAK:
		case GW_INL_COLBREAK:
			if (c->in_header || c->where[0] || c->nested)
				add_special(al, A_BREAK, &in->rp); /* no page breaks in cells or headers */
			else {
				add_special(al, A_PAGE, &in->rp);
				if (in->kind == GW_INL_COLBREAK)
					al->v[al->n - 1].cp = 'C';
			}
			break;
		case GW_INL_NOTE: {
			size_t k = al->n;
			rc = add_text(c, al, &in->rp, in->text, in->len);
			for (size_t j = k; !in->note->endnote && j < al->n; j++)
				al->v[j].mark = in->note;
			if (!in->note->endnote && !in->note_own && !c->in_header && !c->nested) {
				if (al->n > k)
					al->v[k].note = in->note;
				else if (al->n > 0)
					al->v[al->n - 1].note = in->note;
				c->any_notes = true;
			} else if (!in->note->endnote && !in->note_own && !c->warned_lost_note) {
				/* neither Word nor LibreOffice places a footnote there */
				warn(c, "footnote %s: referenced in a header, footer or text box: its text "
				     "not drawn (the first such note)", in->note->mark);
				c->lay->nlost++;
				c->warned_lost_note = true;
			}
			break;
		}
		case GW_INL_FLOAT:
			break; /* placed by para_units */
		case GW_INL_FIELD: {
			int v = in->field == GW_FIELD_PAGE ? body_page(c, c->cur_para, c->page_no)
				: in->field == GW_FIELD_NUMPAGES ? c->numpages : c->secpages;
			if (in->field != GW_FIELD_PAGE && !c->in_header)
				c->saw_numpages = true;
			/* a \* switch, else the section's page-number format for PAGE */
			const char *fmt = in->num_fmt ? in->num_fmt
				: in->field == GW_FIELD_PAGE && c->sec ? c->sec->page_fmt : NULL;
			gw_buf num;
			gw_buf_init(&num);
			gw_format_number(&num, fmt, v > 0 ? v : 1);
			gw_buf_adds(&num, "");
			size_t k = al->n;
			rc = add_text(c, al, &in->rp, num.data, num.len);
			gw_buf_dispose(&num);
			for (; k < al->n; k++) {
				al->v[k].fld = (uint8_t)(1 + in->field);
				al->v[k].fld_fmt = fmt;
			}
			break;
		}
		case GW_INL_IMAGE: {
			atom *a = alist_push(al);
			a->kind = A_IMAGE;
			a->rp = &in->rp;
			a->img = &in->image;
			a->w = (float)(in->image.width / TW);
			a->asc = (float)(in->image.height / TW);
			a->desc = 0;
			a->size = (float)(in->rp.size / 2.0);
			break;
		}
		}
	}
	if (rc < 0)
		return rc;
	/* Autospace between ideographs and Latin letters (autoSpaceDE) or
	 * digits (autoSpaceDN). */
	for (size_t i = 1; i < al->n; i++) {
		atom *pa = &al->v[i - 1], *a = &al->v[i];
		if (pa->kind != A_CHAR || a->kind != A_CHAR)
			continue;
		uint32_t lat = autospace_asian(pa->cp) ? a->cp : pa->cp;
		bool on = lat >= '0' && lat <= '9' ? p->pp.auto_space_dn : p->pp.auto_space_de;
		if (on && ((autospace_asian(pa->cp) && autospace_latin(a->cp)) ||
			   (autospace_latin(pa->cp) && autospace_asian(a->cp))))
			a->kern = (pa->size > a->size ? pa->size : a->size) / 5;
	}
	return para_breaks(c, al, &p->pp);
}

/* ==== Line breaking ==== */

typedef struct pline {
	size_t s, e;          /* atoms [s, e) */
	size_t vis_e;         /* end without trailing spaces / breaks */
	double x0;            /* start, from the area's left */
	double right;         /* right limit, from the area's left */
	int end;              /* 0 wrapped, 1 line break, 2 page break, 3 paragraph end */
	bool first;
	double skip;          /* moved down past a float, pt */
	bool same_y;          /* the part right of a float, on the line before's baseline */
} pline;

typedef struct plist {
	pline *v;
	size_t n, cap;
} plist;

static pline *plist_push(plist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[0]);
	return &l->v[l->n++];
}

typedef struct pgeom {
	double width;         /* the area's width, pt */
	double ind_left, ind_right, ind_first; /* pt */
	double default_tab;
	const gw_pprops *pp;
	bool hang;            /* hanging punctuation */
	const lf_zones *zones; /* floats to wrap around (NULL: none) */
	double zy, zlh, aleft; /* flow y of the first line, a line's height, the area's left */
	size_t start;          /* first atom (a paragraph continued in another column) */
	bool first;            /* start begins the paragraph's first line */
} pgeom;

/* Width of the tab at atom i when the pen is at x (from the area's left). */
static double tab_width(const pgeom *g, const atom *v, size_t i, size_t n, double x, bool first)
{
	const gw_pprops *pp = g->pp;
	double best = -1;
	int align = 0;
	for (int t = 0; t < pp->ntabs; t++) {
		double pos = pp->tabs[t].pos / TW;
		if (pos > x + EPS && (best < 0 || pos < best)) {
			best = pos;
			align = pp->tabs[t].align;
		}
	}
	/* The hanging indent is an implicit tab stop on the first line. */
	if (first && g->ind_first < 0 && g->ind_left > x + EPS && (best < 0 || g->ind_left <= best)) {
		best = g->ind_left;
		align = 0;
	}
	if (best < 0) {
		double d = g->default_tab > 0 ? g->default_tab : 21;
		best = (floor((x + EPS) / d) + 1) * d;
		align = 0;
	}
	if (align == 0)
		return best - x;
	/* Right, centre, decimal: the text up to the next tab is measured. */
	double seg = 0, dec = -1;
	for (size_t j = i + 1; j < n; j++) {
		if (v[j].kind == A_TAB || v[j].kind == A_BREAK || v[j].kind == A_PAGE)
			break;
		if (align == 3 && dec < 0 && v[j].cp == '.')
			dec = seg;
		seg += v[j].w;
	}
	double w;
	if (align == 1)
		w = best - x - seg / 2;
	else if (align == 2)
		w = best - x - seg;
	else
		w = best - x - (dec >= 0 ? dec : seg);
	return w > 0 ? w : 0;
}

/* Cut the atoms into lines (greedy, as Word and LibreOffice do). */
static void break_lines(plist *out, atom *v, size_t n, const pgeom *g)
{
	size_t s = g->start;
	bool first = g->first;
	double zy = g->zy, bx0 = -1, bright = -1;
	do {
		pline *L = plist_push(out);
		L->s = s;
		L->first = first;
		L->x0 = g->ind_left + (first ? g->ind_first : 0);
		L->right = g->width - g->ind_right;
		if (L->x0 < 0)
			L->x0 = 0;
		if (g->zones && bx0 >= 0) {
			/* the other side of a float wrapped on both sides */
			L->x0 = bx0;
			L->right = bright;
			L->same_y = true;
			bx0 = -1;
			zy += g->zlh;
		} else if (g->zones) {
			lf_narrow(g->zones, zy, g->zlh, g->aleft, g->width, g->zlh, &L->x0, &L->right,
				  &L->skip, &bx0, &bright);
			zy += L->skip + (bx0 >= 0 ? 0 : g->zlh);
		}
		double x = L->x0;
		size_t last_ok = 0, prev_ok = 0, i = s, e = n;
		int end = 3;
		for (; i < n; i++) {
			atom *a = &v[i];
			if (a->kind == A_BREAK || a->kind == A_PAGE) {
				e = i + 1;
				end = a->kind == A_BREAK ? 1 : 2;
				break;
			}
			if (i > s && a->brk) {
				prev_ok = last_ok;
				last_ok = i;
			}
			if (i > s)
				x += a->kern;
			if (a->kind == A_TAB)
				a->w = (float)tab_width(g, v, i, n, x, first);
			if (a->kind == A_CHAR && a->cp == ' ') {
				x += a->w;
				continue;
			}
			if (x + a->w > L->right + EPS && i > s) {
				/* LibreOffice hangs it only after an East Asian
				 * character, not after a Latin word (measured) */
				if (g->hang && hangs(a->cp) && x <= L->right + EPS &&
				    v[i - 1].kind == A_CHAR && gw_layout_is_eastasian(v[i - 1].cp) &&
				    (i + 1 >= n || !no_start(v[i + 1].cp) || v[i + 1].kind != A_CHAR)) {
					e = i + 1; /* hangs past the edge */
				} else if (last_ok > s) {
					e = last_ok;
					/* LibreOffice (measured) breaks after a slash
					 * before a letter or digit only when that
					 * letter fits too ("{/|kind") */
					if (last_ok == i && prev_ok > s && v[i - 1].kind == A_CHAR &&
					    v[i - 1].cp == '/' && a->kind == A_CHAR &&
					    autospace_latin(a->cp))
						e = prev_ok;
				} else {
					e = i; /* an over-long word: break anywhere */
					if (a->cp >= 0x80 && no_start(a->cp) && i - 1 > s)
						e = i - 1; /* (LibreOffice: ASCII may start it) */
					/* LibreOffice (measured) cuts such a word before
					 * a letter or digit that a CJK mark follows:
					 * "2.4.6|2、Tomcat", "ab|c、defg" */
					for (size_t j = i - 1; j > s + 1; j--)
						if (v[j].kind == A_CHAR && v[j].cp >= 0x3000 &&
						    no_start(v[j].cp) && v[j - 1].kind == A_CHAR &&
						    autospace_latin(v[j - 1].cp)) {
							e = j - 1;
							break;
						}
				}
				end = 0;
				break;
			}
			x += a->w;
		}
		if (i >= n)
			e = n;
		/* Spaces after the break stay on this line (they hang). */
		if (end == 0)
			while (e < n && v[e].kind == A_CHAR && v[e].cp == ' ')
				e++;
		L->e = e;
		L->end = end;
		size_t ve = e;
		if (end == 1 || end == 2)
			ve--;
		while (ve > s && v[ve - 1].kind == A_CHAR && v[ve - 1].cp == ' ')
			ve--;
		L->vis_e = ve;
		s = e;
		first = false;
		if ((end == 1 || end == 2) && s >= n) {
			/* a line or page break ending the paragraph: the mark goes to
			 * a line of its own (the next page), which Word and
			 * LibreOffice draw empty and count in the height */
			pline *M = plist_push(out);
			M->s = M->e = M->vis_e = n;
			M->x0 = g->ind_left;
			M->right = L->right;
			M->end = 3;
		}
	} while (s < n);
}

/* ==== Lines into units ==== */

static bool same_run(const atom *a, const atom *b)
{
	return a->kind == A_CHAR && b->kind == A_CHAR && a->face == b->face && a->size == b->size &&
	       a->bold == b->bold && a->italic == b->italic && a->rp->color == b->rp->color &&
	       a->shift == b->shift && a->fld == b->fld && a->mark == b->mark &&
	       a->fld_fmt == b->fld_fmt;
}

/* Emit items for atoms [s, e) at positions xs (absolute), baseline y. */
static void emit_atoms(ilist *out, const atom *v, const double *xs, size_t s, size_t e, double y)
{
	/* Highlighting (w:highlight, run shading) first, behind the text. */
	for (size_t i = s; i < e;) {
		const gw_rprops *rp = v[i].rp;
		if (!rp || rp->highlight == 0xFFFFFFFFu || v[i].kind == A_BREAK || v[i].kind == A_PAGE) {
			i++;
			continue;
		}
		size_t j = i + 1;
		double asc = v[i].asc, desc = v[i].desc;
		while (j < e && v[j].rp && v[j].rp->highlight == rp->highlight &&
		       v[j].kind != A_BREAK && v[j].kind != A_PAGE) {
			if (v[j].asc > asc)
				asc = v[j].asc;
			if (v[j].desc > desc)
				desc = v[j].desc;
			j++;
		}
		gw_item *it = ilist_push(out);
		it->kind = GW_ITEM_RECT;
		it->u.rect.x = xs[i];
		it->u.rect.w = xs[j - 1] + v[j - 1].w - xs[i];
		it->u.rect.y = y - asc;
		it->u.rect.h = asc + desc;
		it->u.rect.color = rp->highlight;
		i = j;
	}
	size_t i = s;
	while (i < e) {
		const atom *a = &v[i];
		if (a->kind == A_CHAR) {
			size_t j = i + 1;
			while (j < e && same_run(a, &v[j]))
				j++;
			gw_item *it = ilist_push(out);
			it->kind = GW_ITEM_GLYPHS;
			gw_glyphs *g = &it->u.g;
			g->face = a->face;
			g->size = a->size;
			g->bold = a->bold;
			g->italic = a->italic;
			g->color = a->rp->color;
			g->y = y - a->shift;
			g->field = a->fld;
			g->field_fmt = a->fld_fmt;
			g->mark = a->mark;
			g->n = j - i;
			g->cps = xmalloc(g->n * sizeof(uint32_t) + 1);
			g->xs = xmalloc(g->n * sizeof(double) + 1);
			for (size_t k = i; k < j; k++) {
				g->cps[k - i] = v[k].cp;
				g->xs[k - i] = xs[k];
			}
			i = j;
			continue;
		}
		if (a->kind == A_BOX) {
			gw_item *it = ilist_push(out);
			it->kind = GW_ITEM_BOX;
			it->u.box.x = xs[i] + a->w * 0.1;
			it->u.box.w = a->w * 0.8;
			it->u.box.y = y - a->asc * 0.85;
			it->u.box.h = a->asc * 0.85;
			it->u.box.cp = a->cp;
			it->u.box.pen = xs[i];
			it->u.box.baseline = y;
			it->u.box.size = a->size;
			it->u.box.color = a->rp->color;
		} else if (a->kind == A_IMAGE) {
			gw_item *it = ilist_push(out);
			it->kind = GW_ITEM_IMAGE;
			it->u.image.x = xs[i];
			it->u.image.y = y - a->asc;
			it->u.image.w = a->w;
			it->u.image.h = a->asc;
			it->u.image.img = a->img;
		}
		i++;
	}
	/* Underline and strike-through, one line per stretch of equal style. */
	i = s;
	while (i < e) {
		const gw_rprops *rp = v[i].rp;
		if (!rp || (!rp->underline && !rp->strike) || v[i].kind == A_BREAK ||
		    v[i].kind == A_PAGE) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < e && v[j].rp && v[j].rp->underline == rp->underline &&
		       v[j].rp->strike == rp->strike && v[j].rp->color == rp->color &&
		       v[j].size == v[i].size && v[j].kind != A_BREAK && v[j].kind != A_PAGE)
			j++;
		size_t k = j; /* trailing spaces are not underlined */
		while (k > i && v[k - 1].kind == A_CHAR && v[k - 1].cp == ' ')
			k--;
		if (k > i) {
			double x0 = xs[i], x1 = xs[k - 1] + v[k - 1].w, sz = v[i].size;
			if (rp->underline) {
				double w = sz * (rp->underline == 3 ? 0.1 : 0.05);
				double uy = y + sz * 0.12;
				add_line(out, x0, uy, x1, uy, w, rp->color, 0);
				if (rp->underline == 2)
					add_line(out, x0, uy + w * 2.5, x1, uy + w * 2.5, w, rp->color, 0);
			}
			if (rp->strike)
				add_line(out, x0, y - sz * 0.3, x1, y - sz * 0.3, sz * 0.05, rp->color, 0);
		}
		i = j;
	}
}

/* Line height and baseline offset for the paragraph's rule. */
static void line_height(ctx *c, const gw_pprops *pp, double asc, double desc, double *h,
			double *base)
{
	double nat = asc + desc;
	double hh = nat;
	double b = asc;
	if (pp->line_rule == GW_LINE_AUTO) {
		hh = nat * (pp->line > 0 ? pp->line : 240) / 240.0;
		b = hh - desc; /* the extra goes above the text */
		if (pp->line < 240)
			b = asc * hh / (nat > 0 ? nat : 1);
	} else if (pp->line_rule == GW_LINE_EXACT) {
		/* LibreOffice puts the baseline of a fixed-height line at 4/5 of
		 * it, whatever the font (sw: SvxLineSpaceRule::Fix) */
		hh = pp->line / TW;
		b = hh * 0.8;
	} else {
		double at = pp->line / TW;
		if (at > hh) {
			b = at - desc;
			hh = at;
		}
	}
	const gw_section *sec = c->sec;
	if (sec && (sec->grid_type == 1 || sec->grid_type == 2) && sec->grid_pitch > 0 &&
	    pp->snap_to_grid && pp->line_rule != GW_LINE_EXACT && !c->in_header) {
		double pitch = sec->grid_pitch / TW;
		double k = ceil(hh / pitch - 1e-6);
		if (k < 1)
			k = 1;
		double g = k * pitch;
		b = (g - nat) / 2 + asc; /* centred in the grid cell */
		if (pp->line_rule == GW_LINE_AUTO && pp->line > 240)
			b = g - (hh - b); /* keep the text at the bottom when spacing is wider */
		hh = g;
	}
	*h = hh;
	*base = b;
}

static double border_w(const gw_border *b);
static void draw_border(ilist *out, const gw_border *b, double x0, double y0, double x1, double y1);

/* ==== Floats and notes of a paragraph ==== */

static int float_items(ctx *c, const gw_float *f, double x, double y, ilist *out);

/* Move the items of src to the end of dst (src emptied). */
static void take_items(ilist *dst, ilist *src)
{
	for (size_t i = 0; i < src->n; i++)
		*ilist_push(dst) = src->v[i];
	src->n = 0;
}

/* The footnotes referenced by atoms [s, e) go with their line. */
static void line_notes(unit *u, const atom *v, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++)
		if (v[i].note) {
			u->notes = xrealloc(u->notes, (size_t)(u->nnotes + 1) * sizeof *u->notes);
			u->notes[u->nnotes++] = v[i].note;
		}
}

/* The characters atoms [s, e) draw (spaces not counted) go to line u and,
 * outside headers, to the text given to layout. */
static void line_chars(ctx *c, unit *u, const atom *v, size_t s, size_t e)
{
	int n = 0;
	for (size_t i = s; i < e; i++)
		if ((v[i].kind == A_CHAR || v[i].kind == A_BOX) && v[i].cp != ' ')
			n++;
	u->nchars += n;
	if (!c->in_header)
		c->text_in += n;
}

/* A paragraph's floating drawings: their items (frel from the paragraph's
 * top, fpage at page y), and in the body the zones its lines and the next
 * ones wrap around (g gets them, with the flow y of its first line). */
static int para_floats(ctx *c, const gw_para *p, const alist *al, double left, double width,
		       pgeom *g, ilist *frel, ilist *fpage)
{
	bool flow = c->flow_list && !c->nested && !c->in_header;
	const gw_section *s = c->sec;
	double ptop_page = c->body_top + (c->flow - c->flow_page) + p->pp.space_before / TW;
	double ptop_flow = c->flow + p->pp.space_before / TW;
	/* zones wholly above this paragraph are done with */
	size_t keep = 0;
	for (size_t i = 0; flow && i < c->zones.n; i++)
		if (c->zones.v[i].y1 > c->flow)
			c->zones.v[keep++] = c->zones.v[i];
	if (flow)
		c->zones.n = keep;
	for (const gw_inline *in = p->first; in && s; in = in->next) {
		if (in->kind != GW_INL_FLOAT || in->rp.hidden)
			continue;
		const gw_float *f = in->fl;
		lf_frame fr = {s->page_w / TW, s->page_h / TW, s->margin_top / TW, s->margin_bottom / TW,
			       s->margin_left / TW, s->margin_right / TW, left, width};
		double x, y;
		bool page_y;
		lf_place(f, &fr, &x, &y, &page_y);
		int rc = float_items(c, f, x, y, page_y ? fpage : frel);
		if (rc < 0)
			return rc;
		if (!flow || (f->wrap != GW_WRAP_SQUARE && f->wrap != GW_WRAP_TOPBOTTOM) ||
		    (page_y && c->flow_cell))
			continue;
		double fy = page_y ? ptop_flow + (y - ptop_page) : ptop_flow + y;
		lf_zone z = {fy - f->dist[0] / TW, fy + f->height / TW + f->dist[2] / TW,
			     x - f->dist[1] / TW, x + f->width / TW + f->dist[3] / TW, f->wrap, f->side};
		lf_zones_add(&c->zones, &z);
	}
	if (!flow || c->zones.n == 0)
		return 0;
	/* a line's height for the wrap: the paragraph's tallest text */
	double asc = 0, desc = 0, h = 12, base;
	for (size_t i = 0; i < al->n; i++)
		if (al->v[i].kind == A_CHAR || al->v[i].kind == A_BOX) {
			if (al->v[i].asc > asc)
				asc = al->v[i].asc;
			if (al->v[i].desc > desc)
				desc = al->v[i].desc;
		}
	if (asc + desc > 0)
		line_height(c, &p->pp, asc, desc, &h, &base);
	g->zones = &c->zones;
	g->zy = ptop_flow;
	g->zlh = h;
	g->aleft = left;
	return 0;
}

/* Lay out one paragraph into units, area [left, left+width), from atom
 * `from` (0: the whole paragraph). */
static int para_units_at(ctx *c, ulist *out, const gw_para *p, double left, double width,
			 size_t from)
{
	int rc = 0;
	alist al = {0};
	plist pl = {0};
	double *xs = NULL;
	const gw_pprops *pp = &p->pp;
	ilist frel = {0}, fpage = {0}; /* float items: from the paragraph's top; on the page */
	c->cur_para = p;
	if ((rc = para_atoms(c, &al, p)) < 0)
		goto done;
	pgeom g = {width, pp->ind_left / TW, pp->ind_right / TW, pp->ind_first / TW,
		   (c->opts.default_tab > 0 ? c->opts.default_tab
		    : c->doc->default_tab > 0 ? c->doc->default_tab : 420) / TW, pp,
		   !c->opts.no_hanging_punctuation && !pp->no_overflow_punct && !c->where[0]};
	if (from == 0 && (rc = para_floats(c, p, &al, left, width, &g, &frel, &fpage)) < 0)
		goto done;
	g.start = from < al.n ? from : al.n;
	g.first = from == 0;
	/* A page or column break before anything else of the paragraph: the
	 * paragraph starts the next page (column), its first line there, and
	 * leaves no empty line behind (LibreOffice, measured: a full page then
	 * such a paragraph makes two pages, not three). */
	int lead_break = 0;
	if (from == 0 && al.n > 0 && al.v[0].kind == A_PAGE) {
		lead_break = al.v[0].cp == 'C' ? 'C' : 'P';
		g.start = 1;
	}
	break_lines(&pl, al.v, al.n, &g);
	xs = xmalloc((al.n + 1) * sizeof(double));
	/* Empty-line metrics from the paragraph mark's fonts. */
	float masc = 0, mdesc = 0;
	{
		double size = p->mark_rp.size / 2.0;
		gw_face *f1 = c->m->pick(c->m->ctx, font_for(&p->mark_rp, 0x4E00), 0, 0, 0x4E00);
		gw_face *f2 = c->m->pick(c->m->ctx, font_for(&p->mark_rp, 'x'), 0, 0, 'x');
		float a, d;
		/* an empty line takes the Latin font's height (LibreOffice: the
		 * script of no character is its application language's) */
		gw_face *mf = f2 ? f2 : f1;
		if (mf) {
			face_metrics(c, mf, size, &a, &d);
			masc = a;
			mdesc = d;
		}
		if (!f1 && !f2) {
			masc = (float)(size * 0.88);
			mdesc = (float)(size * 0.12);
		}
	}
	size_t first_unit = out->n;
	double seg_base = 0;
	for (size_t li = 0; li < pl.n; li++) {
		pline *L = &pl.v[li];
		double asc = 0, desc = 0;
		bool any = false;
		for (size_t i = L->s; i < L->e; i++) {
			const atom *a = &al.v[i];
			if (a->kind == A_TAB || a->kind == A_BREAK || a->kind == A_PAGE)
				continue;
			double aa = a->asc + (a->shift > 0 ? a->shift : 0);
			double dd = a->desc + (a->shift < 0 ? -a->shift : 0);
			if (aa > asc)
				asc = aa;
			if (dd > desc)
				desc = dd;
			any = true;
		}
		if (!any) {
			asc = masc;
			desc = mdesc;
		}
		/* Horizontal positions. */
		double x = L->x0;
		size_t last_tab = L->s;
		bool has_tab = false;
		for (size_t i = L->s; i < L->e; i++) {
			if (al.v[i].kind == A_TAB) {
				last_tab = i + 1;
				has_tab = true;
				/* tab widths were computed for this line's pen position */
			}
		}
		double natural = L->x0;
		for (size_t i = L->s; i < L->vis_e; i++)
			natural += al.v[i].w + (i > L->s ? al.v[i].kern : 0);
		double slack = L->right - natural;
		gw_align al_ = pp->align;
		double extra = 0, offset = 0;
		size_t from = has_tab ? last_tab : L->s;
		bool last = L->end == 3 || L->end == 2;
		if (slack > EPS && (al_ == GW_ALIGN_BOTH || al_ == GW_ALIGN_DISTRIBUTE) &&
		    (!last || al_ == GW_ALIGN_DISTRIBUTE) && L->end != 1) {
			size_t gaps = 0;
			for (size_t i = from + 1; i < L->vis_e; i++) {
				uint32_t a = al.v[i - 1].cp, b = al.v[i].cp;
				if (al_ == GW_ALIGN_DISTRIBUTE || a == ' ' || is_cjk_break(a) ||
				    is_cjk_break(b))
					gaps++;
			}
			if (gaps > 0)
				extra = slack / (double)gaps;
			else if (al_ == GW_ALIGN_DISTRIBUTE)
				offset = slack / 2;
		} else if (slack > 0 && al_ == GW_ALIGN_CENTER) {
			offset = slack / 2;
		} else if (slack > 0 && al_ == GW_ALIGN_RIGHT) {
			offset = slack;
		}
		x = left + L->x0 + offset;
		for (size_t i = L->s; i < L->e; i++) {
			if (extra > 0 && i > from && i < L->vis_e) {
				uint32_t a = al.v[i - 1].cp, b = al.v[i].cp;
				if (al_ == GW_ALIGN_DISTRIBUTE || a == ' ' || is_cjk_break(a) ||
				    is_cjk_break(b))
					x += extra;
			}
			if (i > L->s)
				x += al.v[i].kern;
			xs[i] = x;
			x += al.v[i].w;
		}
		double h, base;
		line_height(c, pp, asc, desc, &h, &base);
		if (L->same_y && out->n > first_unit) {
			/* the other side of a float: the same line, the same baseline */
			unit *u = &out->v[out->n - 1];
			line_notes(u, al.v, L->s, L->e);
			line_chars(c, u, al.v, L->s, L->vis_e);
			emit_atoms(&u->items, al.v, xs, L->s, L->vis_e, seg_base);
			continue;
		}
		seg_base = base;
		unit *u = ulist_push(out);
		u->kind = U_LINE;
		u->h = h;
		u->sb = L->skip;
		line_notes(u, al.v, L->s, L->e);
		for (size_t i = L->s; i < L->e && !c->in_header && !c->nested; i++)
			if (al.v[i].fld == 1 + GW_FIELD_PAGE)
				u->fpara = p;
		if (c->src_list == out && !c->nested && !c->in_header && !c->where[0]) {
			u->src = c->cur_block;
			u->src_atom = L->s;
			u->bw = (float)width;
		}
		u->para_no = c->para_no;
		line_chars(c, u, al.v, L->s, L->vis_e);
		/* Paragraph shading behind, borders over (w:shd, w:pBdr). */
		double bx0 = left + (pp->ind_first < 0 ? pp->ind_left + pp->ind_first : pp->ind_left) / TW;
		double bx1 = left + width - pp->ind_right / TW;
		if (pp->shading != 0xFFFFFFFFu) {
			gw_item *it = ilist_push(&u->items);
			it->kind = GW_ITEM_RECT;
			it->u.rect.x = bx0;
			it->u.rect.y = 0;
			it->u.rect.w = bx1 - bx0;
			it->u.rect.h = h;
			it->u.rect.color = pp->shading;
		}
		emit_atoms(&u->items, al.v, xs, L->s, L->vis_e, base);
		const gw_border *pb = pp->borders;
		draw_border(&u->items, &pb[GW_SIDE_LEFT], bx0 - pb[GW_SIDE_LEFT].space, 0,
			    bx0 - pb[GW_SIDE_LEFT].space, h);
		draw_border(&u->items, &pb[GW_SIDE_RIGHT], bx1 + pb[GW_SIDE_RIGHT].space, 0,
			    bx1 + pb[GW_SIDE_RIGHT].space, h);
		if (li == 0 && pb[GW_SIDE_TOP].style != GW_BORDER_NONE) {
			double by = -pb[GW_SIDE_TOP].space - border_w(&pb[GW_SIDE_TOP]) / 2;
			draw_border(&u->items, &pb[GW_SIDE_TOP], bx0, by, bx1, by);
		}
		if (li + 1 == pl.n && pb[GW_SIDE_BOTTOM].style != GW_BORDER_NONE) {
			double by = h + pb[GW_SIDE_BOTTOM].space + border_w(&pb[GW_SIDE_BOTTOM]) / 2;
			draw_border(&u->items, &pb[GW_SIDE_BOTTOM], bx0, by, bx1, by);
		}
		if (li > 0 && pl.v[li - 1].end == 2) {
			if (al.v[pl.v[li - 1].e - 1].cp == 'C')
				u->col_before = true;
			else
				u->page_before = true;
		}
	}
	/* Paragraph-level flags. */
	size_t nl = out->n - first_unit;
	unit *U = &out->v[first_unit];
	U[0].sb += from == 0 ? pp->space_before / TW : 0;
	take_items(&U[0].items, &frel);
	take_items(&U[0].fixed, &fpage);
	U[nl - 1].sa = pp->space_after / TW;
	/* a paragraph border takes room: its width and its distance */
	if (pp->borders[GW_SIDE_TOP].style != GW_BORDER_NONE)
		U[0].sb += pp->borders[GW_SIDE_TOP].space + border_w(&pp->borders[GW_SIDE_TOP]);
	if (pp->borders[GW_SIDE_BOTTOM].style != GW_BORDER_NONE)
		U[nl - 1].sa += pp->borders[GW_SIDE_BOTTOM].space +
				border_w(&pp->borders[GW_SIDE_BOTTOM]);
	/* a column break ending the paragraph: its mark starts the next column
	 * without the space after (LibreOffice, measured) */
	if (pl.n >= 2 && pl.v[pl.n - 1].s == al.n && pl.v[pl.n - 2].end == 2 &&
	    al.v[pl.v[pl.n - 2].e - 1].cp == 'C')
		U[nl - 1].sa = 0;
	if (pp->page_break_before && from == 0)
		U[0].page_before = true;
	if (lead_break == 'P')
		U[0].page_before = true;
	else if (lead_break == 'C')
		U[0].col_before = true;
	for (size_t i = 0; i + 1 < nl; i++) {
		if (pp->keep_lines)
			U[i].keep = true;
		if (pp->widow_control && nl >= 2 && (i == 0 || i == nl - 2))
			U[i].keep = true;
		if (U[i + 1].page_before)
			U[i].keep = false;
	}
	if (pp->keep_next)
		U[nl - 1].keep = true;
done:
	ilist_dispose(&frel);
	ilist_dispose(&fpage);
	free(al.v);
	free(pl.v);
	free(xs);
	return rc;
}

static int para_units(ctx *c, ulist *out, const gw_para *p, double left, double width)
{
	return para_units_at(c, out, p, left, width, 0);
}

/* ==== Tables ==== */

static int blocks_units(ctx *c, ulist *out, const gw_block *b, double left, double width);

static double border_w(const gw_border *b)
{
	if (b->style == GW_BORDER_NONE)
		return 0;
	double w = b->width > 0 ? b->width / 8.0 : 0.5;
	if (b->style == GW_BORDER_THICK && w < 1.5)
		w = 1.5;
	if (b->style == GW_BORDER_DOUBLE)
		return w * 3;
	return w;
}

/* Word's conflict rule, simplified: the heavier border wins; equal weights
 * keep the first. */
static const gw_border *stronger(const gw_border *a, const gw_border *b)
{
	if (!b || b->style == GW_BORDER_NONE)
		return a;
	if (!a || a->style == GW_BORDER_NONE)
		return b;
	return border_w(b) > border_w(a) ? b : a;
}

static void draw_border(ilist *out, const gw_border *b, double x0, double y0, double x1, double y1)
{
	if (!b || b->style == GW_BORDER_NONE)
		return;
	double w = b->width > 0 ? b->width / 8.0 : 0.5;
	if (w < 0.25)
		w = 0.25;
	int dash = b->style == GW_BORDER_DOTTED ? 1 : b->style == GW_BORDER_DASHED ? 2 : 0;
	if (b->style == GW_BORDER_THICK && w < 1.5)
		w = 1.5;
	if (b->style == GW_BORDER_DOUBLE) {
		bool horiz = fabs(y1 - y0) < fabs(x1 - x0);
		double d = w;
		if (horiz) {
			add_line(out, x0, y0 - d, x1, y1 - d, w, b->color, 0);
			add_line(out, x0, y0 + d, x1, y1 + d, w, b->color, 0);
		} else {
			add_line(out, x0 - d, y0, x1 - d, y1, w, b->color, 0);
			add_line(out, x0 + d, y0, x1 + d, y1, w, b->color, 0);
		}
		return;
	}
	add_line(out, x0, y0, x1, y1, w, b->color, dash);
}

/* Stack a cell's content units; returns the height. */
static double stack_units(const ulist *l, double *ypos)
{
	double y = 0;
	for (size_t i = 0; i < l->n; i++) {
		y += l->v[i].sb;
		ypos[i] = y;
		y += l->v[i].h;
		if (i + 1 < l->n)
			y += l->v[i].sa;
	}
	if (l->n)
		y += l->v[l->n - 1].sa;
	return y;
}

/* Drawing a sequence of units: a row's bottom edges wait until we know
 * whether the next row of the same table follows on the same page (then the
 * shared edge is drawn once, by the lower row, as the stronger of the two). */
typedef struct seq {
	ilist *out;
	const unit *pend;      /* last row drawn, bottom edges not yet drawn */
	double pend_y;
	ctx *c;                /* counts the body text drawn (NULL: a header,
	                          a repeated header row) */
	double page_h;         /* text below it is off the page */
} seq;

/* Lines of text not drawn: one warning a paragraph and cause. */
static void lost_flush(ctx *c)
{
	if (c->lost_chars > 0) {
		warn(c, "paragraph %d: %d characters %s: not drawn", c->lost_para, c->lost_chars,
		     c->lost_why);
		c->lay->nlost++;
	}
	c->lost_chars = 0;
}

static void text_lost(ctx *c, const unit *u, const char *why)
{
	c->text_lost += u->nchars;
	if (c->lost_para != u->para_no || c->lost_why != why)
		lost_flush(c);
	c->lost_para = u->para_no;
	c->lost_why = why;
	c->lost_chars += u->nchars;
}

static const char BELOW_PAGE[] = "below the bottom of the page";
static const char BEYOND_ROW[] = "beyond a row's exact height (w:hRule=\"exact\")";

static void seq_flush(seq *q);
static void seq_emit(seq *q, const unit *u, double y);

static void emit_row(seq *q, const unit *u, double y)
{
	ilist *out = q->out;
	const unit *above = q->pend && q->pend->table_id == u->table_id && q->pend->tbl == u->tbl
		? q->pend : NULL;
	if (!above)
		seq_flush(q);
	q->pend = NULL;
	for (int i = 0; i < u->ncells; i++) {
		const rcell *rc = &u->cells[i];
		if (rc->vm == 2)
			continue;
		double h = rc->rows > 1 ? u->group_h : u->h;
		if (rc->cell->shading != 0xFFFFFFFFu) {
			gw_item *it = ilist_push(out);
			it->kind = GW_ITEM_RECT;
			it->u.rect.x = rc->x;
			it->u.rect.y = y;
			it->u.rect.w = rc->w;
			it->u.rect.h = h;
			it->u.rect.color = rc->cell->shading;
		}
		double off = u->btop + rc->pad[0];
		double room = h - u->btop - rc->pad[0] - rc->pad[2];
		if (rc->cell->valign == GW_VALIGN_CENTER && room > rc->content_h)
			off += (room - rc->content_h) / 2;
		else if (rc->cell->valign == GW_VALIGN_BOTTOM && room > rc->content_h)
			off += room - rc->content_h;
		seq inner = {out, NULL, 0, q->c, q->page_h};
		for (size_t k = 0; k < rc->content.n; k++) {
			const unit *cu = &rc->content.v[k];
			/* Word and LibreOffice clip what an exact row cannot hold */
			if (cu->kind == U_LINE && u->tbl->rows[u->row].height_rule == 2 &&
			    off + rc->ypos[k] + cu->h > h + EPS && cu->nchars > 0) {
				if (q->c)
					text_lost(q->c, cu, BEYOND_ROW);
				continue;
			}
			seq_emit(&inner, cu, y + off + rc->ypos[k]);
		}
		seq_flush(&inner);
	}
	for (int i = 0; i < u->ncells; i++) {
		const rcell *rc = &u->cells[i];
		const gw_border *bd = rc->cell->borders;
		double x0 = rc->x, x1 = rc->x + rc->w;
		if (rc->vm != 2 || !above) {
			const gw_border *top = &bd[GW_SIDE_TOP];
			if (above && u->above) {
				/* per grid column: the stronger of this top and the bottom above */
				for (int j = rc->col; j < rc->col + rc->span && j < u->ncols; j++) {
					const gw_border *b = stronger(&u->above[j], top);
					double cx0 = j == rc->col ? x0 : rc->x + (rc->w * (j - rc->col)) / rc->span;
					double cx1 = j == rc->col + rc->span - 1 ? x1
						: rc->x + (rc->w * (j - rc->col + 1)) / rc->span;
					/* split at the real grid positions of the row above when the spans differ */
					draw_border(out, b, cx0, y, cx1, y);
				}
			} else {
				draw_border(out, top, x0, y, x1, y);
			}
		}
		const gw_border *left = &bd[GW_SIDE_LEFT];
		if (i > 0)
			left = stronger(&u->cells[i - 1].cell->borders[GW_SIDE_RIGHT], left);
		draw_border(out, left, x0, y, x0, y + u->h);
		if (i == u->ncells - 1)
			draw_border(out, &bd[GW_SIDE_RIGHT], x1, y, x1, y + u->h);
	}
	q->pend = u;
	q->pend_y = y;
}

static void seq_flush(seq *q)
{
	const unit *u = q->pend;
	q->pend = NULL;
	if (!u)
		return;
	double y = q->pend_y + u->h;
	for (int i = 0; i < u->ncells; i++) {
		const rcell *rc = &u->cells[i];
		draw_border(q->out, &rc->cell->borders[GW_SIDE_BOTTOM], rc->x, y, rc->x + rc->w, y);
	}
}

static void seq_emit(seq *q, const unit *u, double y)
{
	if (u->kind == U_ROW) {
		emit_row(q, u, y);
		return;
	}
	seq_flush(q);
	if (q->c && u->nchars > 0) {
		if (y + u->h > q->page_h + EPS) {
			text_lost(q->c, u, BELOW_PAGE);
			return;
		}
		q->c->text_drawn += u->nchars;
	}
	for (size_t i = 0; i < u->items.n; i++)
		item_copy(q->out, &u->items.v[i], y);
	for (size_t i = 0; i < u->fixed.n; i++)
		item_copy(q->out, &u->fixed.v[i], 0);
}

/* A float's picture, fill, outline and text box content at (x, y). */
static int float_items(ctx *c, const gw_float *f, double x, double y, ilist *out)
{
	double w = f->width / TW, h = f->height / TW;
	int rc = 0;
	size_t first = out->n;
	if (f->fill != 0xFFFFFFFFu) {
		gw_item *it = ilist_push(out);
		it->kind = GW_ITEM_RECT;
		it->u.rect = (__typeof__(it->u.rect)){x, y, w, h, f->fill};
	}
	if (f->has_image) {
		gw_item *it = ilist_push(out);
		it->kind = GW_ITEM_IMAGE;
		it->u.image = (__typeof__(it->u.image)){x, y, w, h, &f->image};
	}
	if (f->content) {
		ulist l = {0};
		double il = f->inset[1] / TW, ir = f->inset[3] / TW, cw = w - il - ir;
		if (cw < 6)
			cw = w > 6 ? w : 6;
		c->nested++;
		rc = blocks_units(c, &l, f->content, x + il, cw);
		c->nested--;
		double *ypos = xmalloc((l.n + 1) * sizeof(double));
		stack_units(&l, ypos);
		/* its text counts as drawn now (the float goes with its
		 * paragraph's first line, wherever that lands) */
		seq q = {out, NULL, 0, c->in_header ? NULL : c, HUGE_VAL};
		for (size_t i = 0; rc == 0 && i < l.n; i++)
			seq_emit(&q, &l.v[i], y + f->inset[0] / TW + ypos[i]);
		seq_flush(&q);
		free(ypos);
		ulist_dispose(&l);
	}
	if (f->line != 0xFFFFFFFFu) {
		double lw = f->line_w / TW;
		add_line(out, x, y, x + w, y, lw, f->line, 0);
		add_line(out, x, y + h, x + w, y + h, lw, f->line, 0);
		add_line(out, x, y, x, y + h, lw, f->line, 0);
		add_line(out, x + w, y, x + w, y + h, lw, f->line, 0);
	}
	for (int k = 0; k < f->nkids && rc == 0; k++)
		rc = float_items(c, &f->kids[k], x + f->kids[k].x / TW, y + f->kids[k].y / TW, out);
	for (size_t i = first; f->wrap == GW_WRAP_BEHIND && i < out->n; i++)
		out->v[i].behind = true;
	return rc;
}

/* A cell's content: a flow of its own, so that text wraps around the
 * floats anchored in it (those placed from its paragraphs) and the floats
 * around the table (y0: the flow y of the content's top there). */
static int cell_units(ctx *c, ulist *out, const gw_block *b, double left, double width,
		      double y0, double *float_bottom)
{
	const ulist *fl = c->flow_list;
	size_t fn = c->flow_n;
	double f = c->flow, fp = c->flow_page, bh = c->body_h;
	bool fc = c->flow_cell;
	lf_zones z = c->zones;
	c->zones = (lf_zones){0};
	for (size_t i = 0; fl && !c->nested && !c->in_header && i < z.n; i++) {
		lf_zone q = z.v[i];
		q.y0 -= y0;
		q.y1 -= y0;
		q.inherited = true;
		if (q.y1 > 0)
			lf_zones_add(&c->zones, &q);
	}
	c->flow_list = out;
	c->flow_n = 0;
	c->flow = c->flow_page = 0;
	c->body_h = 1e9;
	c->flow_cell = true;
	int rc = blocks_units(c, out, b, left, width);
	/* the cell grows to hold the floats anchored in it (layoutInCell) */
	*float_bottom = 0;
	for (size_t i = 0; i < c->zones.n; i++)
		if (!c->zones.v[i].inherited && c->zones.v[i].y1 > *float_bottom)
			*float_bottom = c->zones.v[i].y1;
	lf_zones_dispose(&c->zones);
	c->zones = z;
	c->flow_list = fl;
	c->flow_n = fn;
	c->flow = f;
	c->flow_page = fp;
	c->body_h = bh;
	c->flow_cell = fc;
	return rc;
}

static int table_units(ctx *c, ulist *out, const gw_table *t, double left, double width)
{
	int rc = 0;
	int ncols = t->ncols > 0 ? t->ncols : 1;
	double *colx = xcalloc((size_t)ncols + 1, sizeof(double));
	double total = 0;
	for (int i = 0; i < ncols; i++)
		total += t->ncols > 0 ? t->grid[i] / TW : 0;
	if (total <= 0) {
		/* no grid: share the width equally */
		for (int i = 0; i <= ncols; i++)
			colx[i] = width * i / ncols;
		total = width;
	} else {
		double scale = 1;
		/* Wider than the area: scale down (LibreOffice and Word do). */
		double avail = width - t->indent / TW;
		if (total > avail + 1 && avail > 0)
			scale = avail / total;
		colx[0] = 0;
		for (int i = 0; i < ncols; i++)
			colx[i + 1] = colx[i] + t->grid[i] / TW * scale;
		total = colx[ncols];
	}
	double x0 = left + t->indent / TW;
	if (t->align == GW_ALIGN_CENTER)
		x0 = left + (width - total) / 2;
	else if (t->align == GW_ALIGN_RIGHT)
		x0 = left + width - total;
	int tid = ++c->tables;
	size_t first = out->n;
	double row_flow = 0; /* the rows above, from the table's top (floats' flow) */
	const gw_block *src = c->src_list == out && !c->nested && !c->in_header && !c->where[0]
		? c->cur_block : NULL;
	char saved[sizeof c->where];
	memcpy(saved, c->where, sizeof saved);
	for (int r = 0; r < t->nrows && rc == 0; r++) {
		const gw_row *row = &t->rows[r];
		unit *u = ulist_push(out);
		u->kind = U_ROW;
		u->tbl = t;
		u->row = r;
		u->src = src;
		u->bw = (float)width;
		u->table_id = tid;
		u->header = row->header;
		u->cant_split = row->cant_split || row->height_rule == 2;
		u->ncols = ncols;
		u->ncells = row->ncells;
		u->cells = xcalloc((size_t)(row->ncells > 0 ? row->ncells : 1), sizeof(rcell));
		double hmax = 0;
		for (int k = 0; k < row->ncells && rc == 0; k++) {
			const gw_cell *cell = &row->cells[k];
			rcell *rcl = &u->cells[k];
			int col = cell->col < 0 ? 0 : cell->col >= ncols ? ncols - 1 : cell->col;
			int span = cell->span < 1 ? 1 : cell->span;
			if (col + span > ncols)
				span = ncols - col;
			rcl->cell = cell;
			rcl->col = col;
			rcl->span = span;
			rcl->x = x0 + colx[col];
			rcl->w = colx[col + span] - colx[col];
			rcl->rows = 1;
			for (int s = 0; s < 4; s++)
				rcl->pad[s] = cell->margin[s] / TW;
			rcl->vm = cell->vmerge;
			if (cell->vmerge == 2)
				continue; /* covered by the cell above: no content */
			if (cell->vmerge == 1) {
				/* count the rows the merge covers */
				for (int r2 = r + 1; r2 < t->nrows; r2++) {
					const gw_row *nr = &t->rows[r2];
					bool cont = false;
					for (int k2 = 0; k2 < nr->ncells; k2++)
						if (nr->cells[k2].col == cell->col && nr->cells[k2].vmerge == 2)
							cont = true;
					if (!cont)
						break;
					rcl->rows++;
				}
			}
			snprintf(c->where, sizeof c->where, "%s%stable %d, row %d, cell %d", saved,
				 saved[0] ? " > " : "", tid, r + 1, k + 1);
			double cw = rcl->w - rcl->pad[1] - rcl->pad[3];
			if (cw < 1)
				cw = 1;
			double fb;
			rc = cell_units(c, &rcl->content, cell->content, rcl->x + rcl->pad[1], cw,
					c->flow + row_flow + rcl->pad[0], &fb);
			/* `u` may have moved if out grew: it did not (content is a separate list) */
			rcl->ypos = xmalloc((rcl->content.n + 1) * sizeof(double));
			rcl->content_h = stack_units(&rcl->content, rcl->ypos);
			if (fb > rcl->content_h)
				rcl->content_h = fb;
			double need = rcl->content_h + rcl->pad[0] + rcl->pad[2];
			if (rcl->rows == 1 && need > hmax)
				hmax = need;
		}
		u->nat_h = hmax;
		if (row->height_rule == 2 && row->height > 0)
			hmax = row->height / TW;
		else if (row->height > 0 && row->height / TW > hmax)
			hmax = row->height / TW;
		if (hmax <= 0)
			hmax = 1;
		u->h = hmax;
		u->group_h = hmax;
		row_flow += hmax;
	}
	memcpy(c->where, saved, sizeof saved);
	if (rc < 0)
		goto done;
	/* vMerge: the group's height must hold the merged cell's content; the
	 * rows of a group stay together. */
	size_t nrows = out->n - first;
	unit *R = &out->v[first];
	for (size_t r = 0; r < nrows; r++) {
		for (int k = 0; k < R[r].ncells; k++) {
			rcell *rcl = &R[r].cells[k];
			if (rcl->rows <= 1)
				continue;
			size_t last = r + (size_t)rcl->rows - 1;
			if (last >= nrows)
				last = nrows - 1;
			double sum = 0;
			for (size_t q = r; q <= last; q++)
				sum += R[q].h;
			double need = rcl->content_h + rcl->pad[0] + rcl->pad[2];
			if (need > sum) {
				R[last].h += need - sum;
				R[last].nat_h = R[last].h;
			}
			for (size_t q = r; q < last; q++)
				R[q].keep = true;
		}
	}
	for (size_t r = 0; r < nrows; r++) {
		double gh = R[r].h;
		for (int k = 0; k < R[r].ncells; k++) {
			rcell *rcl = &R[r].cells[k];
			if (rcl->rows <= 1)
				continue;
			double sum = 0;
			for (size_t q = r; q < r + (size_t)rcl->rows && q < nrows; q++)
				sum += R[q].h;
			if (sum > gh)
				gh = sum;
		}
		R[r].group_h = gh;
		if (R[r].header && r + 1 < nrows)
			R[r].keep = true;
		/* the row above's bottom borders per grid column */
		if (r > 0) {
			R[r].above = xcalloc((size_t)ncols, sizeof(gw_border));
			for (int k = 0; k < R[r - 1].ncells; k++) {
				const rcell *pc = &R[r - 1].cells[k];
				for (int j = pc->col; j < pc->col + pc->span && j < ncols; j++)
					R[r].above[j] = pc->cell->borders[GW_SIDE_BOTTOM];
			}
		}
	}
	/* Borders take room (LibreOffice, measured: a row of one line is as
	 * tall as the line plus one horizontal border; the last row also holds
	 * the table's bottom border); a w:trHeight atLeast holds the top one (a
	 * row of 420 twips is 21 pt with its border, measured), not the
	 * table's bottom. */
	for (size_t r = 0; r < nrows; r++) {
		double bt = 0, bb = 0;
		for (int k = 0; k < R[r].ncells; k++) {
			const rcell *rcl = &R[r].cells[k];
			const gw_border *top = &rcl->cell->borders[GW_SIDE_TOP];
			if (R[r].above && rcl->col < ncols)
				top = stronger(&R[r].above[rcl->col], top);
			if (rcl->vm != 2 && border_w(top) > bt)
				bt = border_w(top);
			if (border_w(&rcl->cell->borders[GW_SIDE_BOTTOM]) > bb)
				bb = border_w(&rcl->cell->borders[GW_SIDE_BOTTOM]);
		}
		if (t->rows[r].height_rule != 2) {
			double min = R[r].h, nat = R[r].nat_h + bt;
			R[r].btop = bt;
			R[r].h = nat > min ? nat : min;
		}
		if (r + 1 == nrows)
			R[r].h += bb; /* an exact row too (measured) */
	}
	for (size_t r = 0; r < nrows; r++) {
		double gh = R[r].h;
		for (int k = 0; k < R[r].ncells; k++) {
			const rcell *rcl = &R[r].cells[k];
			double sum = 0;
			for (size_t q = r; rcl->rows > 1 && q < r + (size_t)rcl->rows && q < nrows; q++)
				sum += R[q].h;
			if (sum > gh)
				gh = sum;
		}
		R[r].group_h = gh;
	}
done:
	free(colx);
	return rc;
}

/* ==== Blocks ==== */

/* Count the body's new units into the flow (where floats meet text), with
 * an estimate of where pages start. */
/* A new estimated page in the flow: the header's floats are on it too. */
static void flow_page_start(ctx *c, bool first)
{
	const lf_zones *h = &c->hzones[first ? 0 : 1];
	for (size_t i = 0; !c->flow_cell && i < h->n; i++) {
		lf_zone z = h->v[i];
		z.y0 += c->flow_page - c->body_top;
		z.y1 += c->flow_page - c->body_top;
		lf_zones_add(&c->zones, &z);
	}
}

static void flow_advance(ctx *c, const ulist *out)
{
	if (c->flow_list != out || c->nested)
		return;
	for (; c->flow_n < out->n; c->flow_n++) {
		const unit *u = &out->v[c->flow_n];
		if (u->page_before ||
		    (c->flow > c->flow_page && c->flow - c->flow_page + u->sb + u->h > c->body_h)) {
			c->flow_page = c->flow;
			flow_page_start(c, false);
		}
		c->flow += u->sb + u->h + u->sa;
	}
}

/* The wrapping floats of a header (its paragraphs', placed from the header
 * distance) as zones in page y, which body text wraps around. */
static void header_zones(ctx *c, const gw_section *s, const gw_block *b, lf_zones *out)
{
	out->n = 0;
	double left = s->margin_left / TW, width = (s->page_w - s->margin_left - s->margin_right) / TW;
	lf_frame fr = {s->page_w / TW, s->page_h / TW, s->margin_top / TW, s->margin_bottom / TW,
		       s->margin_left / TW, s->margin_right / TW, left, width};
	for (; b; b = b->next) {
		if (b->kind != GW_BLOCK_PARA)
			continue;
		for (const gw_inline *in = b->u.para.first; in; in = in->next) {
			if (in->kind != GW_INL_FLOAT || in->rp.hidden ||
			    (in->fl->wrap != GW_WRAP_SQUARE && in->fl->wrap != GW_WRAP_TOPBOTTOM))
				continue;
			const gw_float *f = in->fl;
			double x, y;
			bool page_y;
			lf_place(f, &fr, &x, &y, &page_y);
			if (!page_y)
				y += s->header_dist / TW;
			lf_zone z = {y - f->dist[0] / TW, y + f->height / TW + f->dist[2] / TW,
				     x - f->dist[1] / TW, x + f->width / TW + f->dist[3] / TW, f->wrap,
				     f->side};
			lf_zones_add(out, &z);
		}
	}
}

static int blocks_units(ctx *c, ulist *out, const gw_block *b, double left, double width)
{
	int rc = 0;
	const gw_para *prev = NULL;
	for (; b && rc == 0 && b != c->stop_block; b = b->next) {
		flow_advance(c, out);
		c->cur_block = b;
		if (b->kind == GW_BLOCK_PARA) {
			const gw_para *p = &b->u.para;
			if (!c->in_header && !c->where[0])
				c->para_no++;
			else if (!c->in_header)
				c->para_no++;
			size_t first = out->n;
			rc = para_units(c, out, p, left, width);
			if (rc < 0)
				break;
			/* contextualSpacing: no spacing between paragraphs of one style */
			if (prev && first > 0 && out->n > first && p->pp.style_id && prev->pp.style_id &&
			    strcmp(p->pp.style_id, prev->pp.style_id) == 0) {
				if (p->pp.contextual_spacing)
					out->v[first].sb = 0;
				if (prev->pp.contextual_spacing)
					out->v[first - 1].sa = 0;
			}
			prev = p;
		} else {
			rc = table_units(c, out, &b->u.table, left, width);
			prev = NULL;
		}
	}
	return rc;
}

/* ==== Pages ==== */

static gw_page *new_page(ctx *c, const gw_section *s, int number)
{
	gw_layout *l = c->lay;
	if (l->npages == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->pages = xrealloc(l->pages, l->cap * sizeof *l->pages);
	}
	gw_page *p = &l->pages[l->npages++];
	memset(p, 0, sizeof *p);
	p->width = s->page_w / TW;
	p->height = s->page_h / TW;
	p->number = number;
	return p;
}

static void page_take(gw_page *p, ilist *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (p->nitems == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->items = xrealloc(p->items, p->cap * sizeof *p->items);
		}
		p->items[p->nitems++] = src->v[i];
	}
	free(src->v);
	memset(src, 0, sizeof *src);
}

/* Split a row unit so that its first part is at most `room` tall.  Returns
 * false when not even one line of any cell fits.  On success *u becomes the
 * first part and *rest the remainder.  A w:cantSplit row splits only when
 * forced: taller than a page, it splits where it is (LibreOffice, measured). */
static bool split_row(unit *u, double room, unit *rest, bool force)
{
	if ((u->cant_split && !force) || u->group_h > u->h + EPS)
		return false;
	for (int i = 0; i < u->ncells; i++)
		if (u->cells[i].rows > 1)
			return false;
	double used = 0;
	bool any = false;
	size_t *cut = xcalloc((size_t)u->ncells + 1, sizeof(size_t));
	for (int i = 0; i < u->ncells; i++) {
		rcell *rc = &u->cells[i];
		double lim = room - u->btop - rc->pad[0] - rc->pad[2];
		size_t k = 0;
		while (k < rc->content.n && rc->ypos[k] + rc->content.v[k].h <= lim + EPS)
			k++;
		cut[i] = k;
		if (k > 0) {
			any = true;
			double h = u->btop + rc->ypos[k - 1] + rc->content.v[k - 1].h + rc->pad[0] +
				   rc->pad[2];
			if (h > used)
				used = h;
		}
	}
	bool ok = false;
	for (int i = 0; i < u->ncells; i++)
		if (cut[i] < u->cells[i].content.n)
			ok = true;
	if (!any || !ok) {
		free(cut);
		return false;
	}
	*rest = *u;
	rest->cells = xcalloc((size_t)u->ncells, sizeof(rcell));
	rest->above = NULL;
	rest->items = (ilist){0};
	rest->continued = true;
	double resth = 0;
	for (int i = 0; i < u->ncells; i++) {
		rcell *a = &u->cells[i], *b = &rest->cells[i];
		*b = *a;
		size_t k = cut[i], n = a->content.n;
		b->content = (ulist){0};
		b->ypos = xmalloc((n - k + 1) * sizeof(double));
		for (size_t j = k; j < n; j++) {
			*ulist_push(&b->content) = a->content.v[j];
		}
		a->content.n = k;
		b->content_h = stack_units(&b->content, b->ypos);
		if (k < n)
			b->content.v[0].sb = 0;
		a->content_h = k ? a->ypos[k - 1] + a->content.v[k - 1].h : 0;
		double need = b->content_h + b->pad[0] + b->pad[2];
		if (need > resth)
			resth = need;
	}
	u->h = used > 0 ? used : room;
	u->group_h = u->h;
	rest->h = resth + rest->btop;
	rest->group_h = rest->h;
	rest->header = false;
	free(cut);
	return true;
}

/* A vertically merged group starting at row unit i that does not fit in
 * `room`: the rows that fit stay, and each merged cell's content that does
 * not fit in them moves to the cell of the first row that does not, which
 * becomes the restart of the rest of the group (Word and LibreOffice split a
 * merged cell across pages at a row boundary).  Returns false when not even
 * the first row fits. */
static bool split_group(ulist *l, size_t i, double room)
{
	unit *R = &l->v[i];
	int span = 1;
	for (int k = 0; k < R->ncells; k++)
		if (R->cells[k].rows > span)
			span = R->cells[k].rows;
	if (i + (size_t)span > l->n)
		span = (int)(l->n - i);
	int m = 0;
	double sum = 0;
	while (m < span && sum + R[m].h <= room + EPS)
		sum += R[m++].h;
	if (m == 0 || m >= span)
		return false;
	for (int k = 0; k < R->ncells; k++) {
		rcell *a = &R->cells[k];
		if (a->rows <= m)
			continue;
		rcell *b = NULL; /* the covered cell of row i + m at that column */
		for (int k2 = 0; k2 < R[m].ncells; k2++)
			if (R[m].cells[k2].col == a->col && R[m].cells[k2].vm == 2)
				b = &R[m].cells[k2];
		if (!b)
			continue;
		double lim = sum - R->btop - a->pad[0] - a->pad[2];
		size_t cut = 0, n = a->content.n;
		while (cut < n && a->ypos[cut] + a->content.v[cut].h <= lim + EPS)
			cut++;
		b->vm = 1;
		b->rows = a->rows - m;
		a->rows = m;
		ulist_dispose(&b->content);
		free(b->ypos);
		b->ypos = xmalloc((n - cut + 1) * sizeof(double));
		for (size_t j = cut; j < n; j++)
			*ulist_push(&b->content) = a->content.v[j];
		a->content.n = cut;
		if (cut < n)
			b->content.v[0].sb = 0;
		b->content_h = stack_units(&b->content, b->ypos);
		a->content_h = cut ? a->ypos[cut - 1] + a->content.v[cut - 1].h : 0;
		/* the rest of the group must hold the rest of the content */
		double rest = 0;
		for (int q = m; q < m + b->rows; q++)
			rest += R[q].h;
		double need = b->content_h + b->pad[0] + b->pad[2] + R[m].btop;
		if (need > rest)
			R[m + b->rows - 1].h += need - rest;
	}
	/* group heights again: the first part ends at row m - 1 */
	for (int q = 0; q < span; q++) {
		double gh = R[q].h;
		for (int k = 0; k < R[q].ncells; k++) {
			double s2 = 0;
			for (int r = q; R[q].cells[k].rows > 1 && r < q + R[q].cells[k].rows && r < span; r++)
				s2 += R[r].h;
			if (s2 > gh)
				gh = s2;
		}
		R[q].group_h = gh;
	}
	R[m - 1].keep = false;
	return true;
}

/* The count of text drawn and lost, and the warnings, at one moment. */
typedef struct tally {
	long drawn, lost;
	int lost_para, lost_chars, nwarnings, nlost;
	const char *lost_why;
} tally;

static void tally_save(const ctx *c, tally *t)
{
	*t = (tally){c->text_drawn, c->text_lost, c->lost_para, c->lost_chars,
		     c->lay->nwarnings, c->lay->nlost, c->lost_why};
}

/* Back to t: what was drawn since is drawn again. */
static void tally_restore(ctx *c, const tally *t)
{
	c->text_drawn = t->drawn;
	c->text_lost = t->lost;
	c->lost_para = t->lost_para;
	c->lost_chars = t->lost_chars;
	c->lost_why = t->lost_why;
	for (int i = t->nwarnings; i < c->lay->nwarnings; i++)
		free(c->lay->warnings[i]);
	if (c->lay->nwarnings > t->nwarnings)
		c->lay->nwarnings = t->nwarnings;
	c->lay->nlost = t->nlost;
}

typedef struct pager {
	ctx *c;
	const gw_section *s;
	gw_page *page;
	double top, bottom, y;
	bool empty;            /* nothing placed on this page (column) yet */
	ilist pending;         /* items of the current page */
	seq q;                 /* draws into pending */
	int number;
	/* columns: the current one's items start at pending[col_from] and move
	 * right by colx[col] when it ends */
	int ncols, col;
	double colx[45];
	double left, width;    /* the first column */
	double col_top;        /* top of the columns on this page */
	double maxy;           /* lowest y reached in any column of this page */
	size_t col_from;
	size_t cur_i, page_u0; /* unit being placed; first unit of this page */
	/* footnotes of this page, drawn at its foot */
	const gw_note **notes;
	size_t nnotes, capnotes;
	double foot_h;         /* their height with the separator (0: none) */
	double last_bottom;    /* balancing: the last column's bottom (0: as the others) */
	/* unequal columns: the rest laid out again at a column's width */
	ulist *l;              /* the units being placed */
	double colw[45];
	bool unequal, endnotes;
	tally at_page;         /* the text count when this page started (balancing
	                          draws the page again) */
} pager;

static void pager_relayout(pager *pg);
static void page_of_field(ctx *c, const gw_para *p, int page);
static void set_glyph_text(ctx *c, gw_glyphs *g, const char *s);
static double pager_limit(pager *pg, const unit *u);

#define NOTE_SEP 12.0      /* the footnote separator's line, pt */

static void pager_finish(pager *pg);

static void pager_flush(pager *pg)
{
	seq_flush(&pg->q);
	pager_finish(pg);
	if (pg->page)
		page_take(pg->page, &pg->pending);
	pg->col_from = 0;
}

static void pager_new(pager *pg)
{
	pager_flush(pg);
	pg->page = new_page(pg->c, pg->s, pg->number++);
	pg->y = pg->top;
	pg->empty = true;
	pg->q.out = &pg->pending;
	pg->q.pend = NULL;
	pg->col = 0;
	pg->col_from = 0;
	pg->col_top = pg->maxy = pg->top;
	pg->nnotes = 0;
	pg->foot_h = 0;
	pg->page_u0 = pg->cur_i;
	if (pg->unequal)
		pager_relayout(pg);
	tally_save(pg->c, &pg->at_page);
}

/* ---- Columns ---- */

/* The current column's items go to their column. */
static void pager_col_end(pager *pg)
{
	seq_flush(&pg->q);
	if (pg->ncols > 1 && pg->col_from <= pg->pending.n)
		lc_shift(pg->pending.v + pg->col_from, pg->pending.n - pg->col_from,
			 pg->colx[pg->col]);
	if (pg->y > pg->maxy)
		pg->maxy = pg->y;
	pg->col_from = pg->pending.n;
}

/* On to the next column, or the next page after the last. */
static void pager_advance(pager *pg)
{
	if (pg->col + 1 >= pg->ncols) {
		pager_new(pg);
		return;
	}
	pager_col_end(pg);
	pg->col++;
	pg->y = pg->col_top;
	pg->empty = true;
	if (pg->col == pg->ncols - 1 && pg->last_bottom > 0)
		pg->bottom = pg->last_bottom;
	if (pg->unequal)
		pager_relayout(pg);
}

static int endnote_units(ctx *c, ulist *out, double left, double width);

/* Unequal columns: when the current column is wider or narrower than the
 * units ahead were laid out for, they are laid out again at its width from
 * the unit being placed (a paragraph from the line it stopped at, a table
 * from the row; the header rows come again at a column's top).  A split
 * row's remainder and the endnotes keep their width. */
static void pager_relayout(pager *pg)
{
	ctx *c = pg->c;
	ulist *l = pg->l;
	size_t i = pg->cur_i;
	double w = pg->colw[pg->col];
	/* a split row's remainder stays as it is; what follows it is laid out again */
	bool top = true;
	while (l && i < l->n && l->v[i].continued) {
		i++;
		top = false;
	}
	if (!l || i >= l->n || !l->v[i].src || fabs(w - l->v[i].bw) < 0.01)
		return;
	const gw_block *b = l->v[i].src;
	size_t atom = l->v[i].src_atom;
	int row = l->v[i].row;
	bool is_row = l->v[i].kind == U_ROW;
	/* only what three columns' height hold is laid out again: the units
	 * from the next block starting there on stay (the next switch of
	 * column may want them as they are) */
	size_t j = i;
	double acc = 0, enough = 3 * (pg->bottom - pg->top);
	for (; j < l->n; j++) {
		const unit *u = &l->v[j];
		if (acc > enough && u->src && u->src != b &&
		    (u->kind == U_ROW ? u->row == 0 && !u->continued : u->src_atom == 0) &&
		    (j == 0 || l->v[j - 1].src != u->src))
			break;
		acc += u->sb + u->h + u->sa;
	}
	const gw_block *stop = j < l->n ? l->v[j].src : NULL;
	size_t ntail = l->n - j;
	unit *tail = ntail ? xmalloc(ntail * sizeof *tail) : NULL;
	if (ntail)
		memcpy(tail, &l->v[j], ntail * sizeof *tail);
	/* laid out again: counted again in the text given to layout */
	for (size_t k = i; k < j; k++) {
		c->text_in -= unit_chars(&l->v[k]);
		unit_dispose(&l->v[k]);
	}
	l->n = i;
	c->src_list = l;
	c->stop_block = stop;
	c->cur_block = b;
	int rc;
	if (!is_row) {
		rc = para_units_at(c, l, &b->u.para, pg->left, w, atom);
	} else {
		rc = table_units(c, l, &b->u.table, pg->left, w);
		/* the rows above this one go, but for the header rows */
		size_t q = i, k = i;
		for (; q < l->n; q++) {
			if (q - i < (size_t)row && (!l->v[q].header || !top)) {
				c->text_in -= unit_chars(&l->v[q]);
				unit_dispose(&l->v[q]);
				continue;
			}
			l->v[k++] = l->v[q];
		}
		l->n = k;
	}
	if (rc == 0 && b != stop)
		rc = blocks_units(c, l, b->next, pg->left, w);
	c->src_list = NULL;
	c->stop_block = NULL;
	if (rc == 0 && !stop && pg->endnotes)
		rc = endnote_units(c, l, pg->left, pg->width);
	for (size_t k = 0; k < ntail; k++)
		*ulist_push(l) = tail[k];
	free(tail);
	if (rc < 0) {
		for (size_t k = i; k < l->n; k++)
			unit_dispose(&l->v[k]);
		l->n = i; /* nothing more is placed; layout fails with the error */
		if (c->late_rc == 0)
			c->late_rc = rc;
	}
}

/* Unequal columns: line i is the last of its paragraph to fit this column,
 * and the rest, laid out again at the next column's width, would leave one
 * line alone there (a widow): LibreOffice then moves line i on too. */
static bool widow_after_reflow(pager *pg, const ulist *l, size_t i)
{
	const unit *u = &l->v[i];
	if (u->kind != U_LINE || !u->src || i + 1 >= l->n || l->v[i + 1].src != u->src ||
	    u->src->kind != GW_BLOCK_PARA || !u->src->u.para.pp.widow_control)
		return false;
	const unit *nx = &l->v[i + 1];
	double limit = pager_limit(pg, u);
	if (pg->y + u->sb + u->h > limit + EPS ||
	    pg->y + u->sb + u->h + u->sa + nx->sb + nx->h <= limit + EPS)
		return false;
	double nw = pg->colw[pg->col + 1 < pg->ncols ? pg->col + 1 : 0];
	if (fabs(nw - u->bw) < 0.01)
		return false;
	ulist rest = {0};
	const ulist *saved = pg->c->src_list;
	pg->c->src_list = NULL;
	int rc = para_units_at(pg->c, &rest, &u->src->u.para, pg->left, nw, nx->src_atom);
	pg->c->src_list = saved;
	bool widow = rc == 0 && rest.n < 2;
	for (size_t k = 0; k < rest.n; k++)
		pg->c->text_in -= unit_chars(&rest.v[k]); /* a trial: not given to layout */
	ulist_dispose(&rest);
	return widow;
}

/* ---- Footnotes ---- */

typedef struct lnote {
	const gw_note *note;
	ulist units;
	double *ypos;
	double h;
	bool drawn;            /* its text counted as drawn (once, though on two pages) */
} lnote;

/* A footnote laid out (once) at the body's width. */
static lnote *note_get(ctx *c, const gw_note *n, double left, double width)
{
	for (size_t i = 0; i < c->nlnotes; i++)
		if (c->lnotes[i].note == n)
			return &c->lnotes[i];
	if (c->nlnotes == c->caplnotes) {
		c->caplnotes = c->caplnotes ? c->caplnotes * 2 : 8;
		c->lnotes = xrealloc(c->lnotes, c->caplnotes * sizeof *c->lnotes);
	}
	lnote *ln = &c->lnotes[c->nlnotes++];
	memset(ln, 0, sizeof *ln);
	ln->note = n;
	c->nested++;
	int rc = blocks_units(c, &ln->units, n->content, left, width);
	if (rc < 0) {
		ulist_dispose(&ln->units); /* layout fails with the error */
		if (c->late_rc == 0)
			c->late_rc = rc;
	}
	c->nested--;
	ln->ypos = xmalloc((ln->units.n + 1) * sizeof(double));
	ln->h = stack_units(&ln->units, ln->ypos);
	if (c->sec && ln->h > (c->sec->page_h - c->sec->margin_top - c->sec->margin_bottom) / TW / 2 &&
	    !c->warned_tall_note) {
		warn(c, "footnote %s: taller than half a page, not continued on the next page "
		     "(the first such note)", n->mark);
		c->warned_tall_note = true;
	}
	return ln;
}

static bool page_has_note(const pager *pg, const gw_note *n)
{
	for (size_t i = 0; i < pg->nnotes; i++)
		if (pg->notes[i] == n)
			return true;
	return false;
}

/* Walk the footnotes of unit u (a row: of its cells' lines): add them to
 * the page when add, else only measure; returns the height they add. */
static double unit_notes(pager *pg, const unit *u, bool add, int depth)
{
	double h = 0;
	for (int i = 0; i < u->nnotes; i++) {
		if (page_has_note(pg, u->notes[i]))
			continue;
		lnote *ln = note_get(pg->c, u->notes[i], pg->left, pg->width);
		double add_h = ln->h + (pg->nnotes == 0 && h == 0 ? NOTE_SEP : 0);
		h += add_h;
		if (add) {
			if (pg->nnotes == pg->capnotes) {
				pg->capnotes = pg->capnotes ? pg->capnotes * 2 : 8;
				pg->notes = xrealloc(pg->notes, pg->capnotes * sizeof *pg->notes);
			}
			pg->notes[pg->nnotes++] = u->notes[i];
			pg->foot_h += add_h;
			h = 0;
		}
	}
	for (int k = 0; k < u->ncells && depth < 40; k++)
		for (size_t j = 0; j < u->cells[k].content.n; j++)
			h += unit_notes(pg, &u->cells[k].content.v[j], add, depth + 1);
	return h;
}

/* The lowest a unit may reach: above the footnotes, its own included. */
static double pager_limit(pager *pg, const unit *u)
{
	if (u->nnotes == 0 && (u->kind != U_ROW || !pg->c->any_notes))
		return pg->bottom - pg->foot_h;
	return pg->bottom - pg->foot_h - unit_notes(pg, u, false, 0);
}

/* The end of a page: columns moved, separator lines, the footnotes. */
static void pager_finish(pager *pg)
{
	if (!pg->page)
		return;
	pager_col_end(pg);
	const gw_section *s = pg->s;
	if (pg->ncols > 1 && s->col_sep && pg->maxy > pg->col_top + EPS)
		for (int k = 1; k <= pg->col && k < pg->ncols; k++) {
			double gap = s->col_gap ? s->col_gap[k - 1] / TW : s->col_space / TW;
			double x = pg->left + pg->colx[k] - gap / 2;
			add_line(&pg->pending, x, pg->col_top, x, pg->maxy, 0.5, 0, 0);
		}
	if (pg->nnotes) {
		double y = pg->bottom - pg->foot_h;
		add_line(&pg->pending, pg->left, y + NOTE_SEP / 2, pg->left + 144, y + NOTE_SEP / 2,
			 0.5, 0, 0);
		y += NOTE_SEP;
		seq q = {&pg->pending, NULL, 0, NULL, s->page_h / TW};
		for (size_t i = 0; i < pg->nnotes; i++) {
			lnote *ln = note_get(pg->c, pg->notes[i], pg->left, pg->width);
			q.c = ln->drawn ? NULL : pg->c;
			ln->drawn = true;
			for (size_t k = 0; k < ln->units.n; k++)
				seq_emit(&q, &ln->units.v[k], y + ln->ypos[k]);
			seq_flush(&q);
			y += ln->h;
		}
	}
	/* footnotes numbered on each page: their marks, in the text and in the notes */
	const gw_doc *d = pg->c->doc;
	for (size_t k = 0; d->footnotes_per_page && k < pg->nnotes; k++) {
		gw_buf b;
		gw_buf_init(&b);
		gw_format_number(&b, d->footnote_fmt ? d->footnote_fmt : "decimal",
			     d->footnote_start + (int)k);
		gw_buf_adds(&b, "");
		for (size_t i = 0; i < pg->pending.n; i++) {
			gw_item *it = &pg->pending.v[i];
			if (it->kind == GW_ITEM_GLYPHS && it->u.g.mark == pg->notes[k] && it->u.g.n)
				set_glyph_text(pg->c, &it->u.g, b.data);
		}
		gw_buf_dispose(&b);
	}
	pg->nnotes = 0;
	pg->foot_h = 0;
	/* floats behind the text first */
	size_t nb = 0;
	for (size_t i = 0; i < pg->pending.n; i++)
		nb += pg->pending.v[i].behind;
	if (nb && nb < pg->pending.n) {
		gw_item *v = xmalloc(pg->pending.n * sizeof *v);
		size_t a = 0, b = nb;
		for (size_t i = 0; i < pg->pending.n; i++)
			v[pg->pending.v[i].behind ? a++ : b++] = pg->pending.v[i];
		memcpy(pg->pending.v, v, pg->pending.n * sizeof *v);
		free(v);
	}
	pg->col_from = pg->pending.n;
}

/* Heights of the chain of units kept together from i; *end is its last. */
static double chain_height(const ulist *l, size_t i, size_t *end)
{
	double h = 0;
	size_t j = i;
	for (;;) {
		const unit *u = &l->v[j];
		h += (j == i ? 0 : u->sb) + u->h + (u->keep && j + 1 < l->n ? u->sa : 0);
		if (!u->keep || j + 1 >= l->n || l->v[j + 1].page_before)
			break;
		j++;
		if (j - i > 2000)
			break;
	}
	*end = j;
	return h;
}

/* On a new page, a table's header rows come again before row i. */
static void repeat_headers(pager *pg, const ulist *l, size_t i)
{
	const unit *u = &l->v[i];
	if (u->kind != U_ROW || u->header)
		return;
	size_t j = i;
	while (j > 0 && l->v[j - 1].kind == U_ROW && l->v[j - 1].table_id == u->table_id)
		j--;
	ctx *count = pg->q.c;
	pg->q.c = NULL; /* drawn again, counted once */
	for (; j < i && l->v[j].kind == U_ROW && l->v[j].header && !l->v[j].continued; j++) {
		seq_emit(&pg->q, &l->v[j], pg->y);
		pg->y += l->v[j].h;
		pg->empty = false;
	}
	pg->q.c = count;
}

/* Insert *rest after unit i (the list may move). */
static void insert_after(ulist *l, size_t i, const unit *rest)
{
	unit tmp = *rest;
	ulist_push(l);
	memmove(&l->v[i + 2], &l->v[i + 1], (l->n - i - 2) * sizeof(unit));
	l->v[i + 1] = tmp;
}

static void paginate_from(pager *pg, ulist *l, size_t from)
{
	for (size_t i = from; i < l->n; i++) {
		bool newp = false;
		pg->cur_i = i;
		if (l->v[i].page_before && (!pg->empty || pg->col > 0)) {
			pager_new(pg);
			newp = true;
		} else if (l->v[i].col_before && !pg->empty) {
			pager_advance(pg);
			newp = true;
		}
		/* keep chains: move the whole chain when it fits an empty page */
		if (!pg->empty && (i == 0 || !l->v[i - 1].keep)) {
			size_t end;
			double ch = chain_height(l, i, &end);
			if (end > i && pg->y + l->v[i].sb + ch > pager_limit(pg, &l->v[i]) + EPS &&
			    ch <= pg->bottom - pg->top + EPS) {
				pager_advance(pg);
				newp = true;
			}
		}
		if (pg->unequal && !pg->empty && widow_after_reflow(pg, l, i)) {
			pager_advance(pg);
			newp = true;
		}
		unit *u = &l->v[i];
		double limit = pager_limit(pg, u);
		/* a merged group too tall for an empty page (column) splits at a row */
		if (u->kind == U_ROW && u->group_h > u->h + EPS &&
		    pg->y + u->sb + u->group_h > limit + EPS &&
		    u->group_h > pg->bottom - pg->top + EPS) {
			if (!pg->empty && pg->y + u->sb + u->h > limit + EPS) {
				pager_advance(pg);
				repeat_headers(pg, l, i);
				limit = pager_limit(pg, &l->v[i]);
			}
			split_group(l, i, limit - pg->y - l->v[i].sb);
			u = &l->v[i];
		}
		bool fits = pg->y + u->sb + u->h <= limit + EPS;
		if (!fits && u->kind == U_ROW) {
			unit rest;
			double room = limit - pg->y - u->sb;
			if (room > 0 && (!pg->empty || u->h > room) &&
			    split_row(u, room, &rest, pg->empty || u->h > pg->bottom - pg->top)) {
				insert_after(l, i, &rest);
				u = &l->v[i];
				fits = true;
			}
		}
		if (!fits && !pg->empty) {
			pager_advance(pg);
			newp = true;
		}
		if (newp)
			repeat_headers(pg, l, i);
		u = &l->v[i];
		if (newp)
			limit = pager_limit(pg, u);
		if (newp && u->kind == U_ROW && pg->y + u->sb + u->group_h > limit + EPS) {
			/* at the top of a page or column (after the repeated header
			 * rows) and still too tall: it splits, even a w:cantSplit row */
			unit rest;
			double room = limit - pg->y - u->sb;
			if (u->group_h > u->h + EPS)
				split_group(l, i, room);
			u = &l->v[i];
			if (pg->y + u->sb + u->h > limit + EPS && room > 0 &&
			    split_row(u, room, &rest, true)) {
				insert_after(l, i, &rest);
				u = &l->v[i];
			}
		}
		pg->y += u->sb;
		seq_emit(&pg->q, u, pg->y);
		unit_notes(pg, u, true, 0);
		if (u->fpara)
			page_of_field(pg->c, u->fpara, pg->page->number);
		pg->y += u->h + u->sa;
		pg->empty = false;
	}
}

static void paginate(pager *pg, ulist *l)
{
	paginate_from(pg, l, 0);
}

/* Remember the page a paragraph's body PAGE field landed on (the first). */
static void page_of_field(ctx *c, const gw_para *p, int page)
{
	for (size_t i = 0; i < c->nppages; i++)
		if (c->ppages[i].p == p)
			return;
	if (c->nppages == c->capppages) {
		c->capppages = c->capppages ? c->capppages * 2 : 16;
		c->ppages = xrealloc(c->ppages, c->capppages * sizeof *c->ppages);
	}
	c->ppages[c->nppages].p = p;
	c->ppages[c->nppages++].page = page;
}

/* Greedy fill of units [i0, n) into ncols columns of height hgt, the last
 * one up to last. */
static bool balance_fits(const ulist *l, size_t i0, int ncols, double hgt, double last)
{
	int col = 0;
	double y = 0;
	bool empty = true;
	for (size_t i = i0; i < l->n; i++) {
		const unit *u = &l->v[i];
		double lim = col == ncols - 1 ? last : hgt;
		if ((u->col_before && !empty) || (!empty && y + u->sb + u->h > lim + EPS)) {
			if (++col >= ncols)
				return false;
			y = 0;
			empty = true;
		}
		if (!empty && y + u->sb + u->h > (col == ncols - 1 ? last : hgt) + EPS)
			return false;
		y += u->sb + u->h + u->sa;
		empty = false;
	}
	return true;
}

/* Balanced columns (before a continuous section break): the last page's
 * units again, in columns as short as holds them all. */
static void pager_balance(pager *pg, ulist *l)
{
	size_t i0 = pg->page_u0;
	if (pg->ncols < 2 || i0 >= l->n || pg->nnotes)
		return;
	for (size_t i = i0; i < l->n; i++)
		if (l->v[i].page_before && i > i0)
			return;
	double avail = pg->bottom - pg->col_top, lo = 0, hi = avail;
	if (!balance_fits(l, i0, pg->ncols, avail, avail))
		return;
	/* The shortest column height that holds it all, every column alike
	 * (LibreOffice; an empty paragraph that only carries the section break
	 * is not laid out, model.c) */
	for (int k = 0; k < 30 && hi - lo > 0.05; k++) {
		double mid = (lo + hi) / 2;
		if (balance_fits(l, i0, pg->ncols, mid, mid))
			hi = mid;
		else
			lo = mid;
	}
	pg->q.pend = NULL;
	for (size_t i = 0; i < pg->pending.n; i++)
		item_dispose(&pg->pending.v[i]);
	pg->pending.n = 0;
	tally_restore(pg->c, &pg->at_page);
	pg->col = 0;
	pg->col_from = 0;
	pg->y = pg->maxy = pg->col_top;
	pg->empty = true;
	double saved = pg->bottom;
	pg->bottom = pg->col_top + hi + EPS;
	pg->last_bottom = pg->bottom;
	paginate_from(pg, l, i0);
	pg->bottom = saved;
	pg->last_bottom = 0;
}

/* The items of src behind the text (a watermark in a header) go to the
 * front of the page's items; the others stay in src. */
static void page_take_behind(gw_page *p, ilist *src)
{
	size_t nb = 0, k = 0;
	for (size_t i = 0; i < src->n; i++)
		nb += src->v[i].behind;
	if (nb == 0)
		return;
	if (p->nitems + nb > p->cap) {
		p->cap = p->nitems + nb + 64;
		p->items = xrealloc(p->items, p->cap * sizeof *p->items);
	}
	memmove(p->items + nb, p->items, p->nitems * sizeof *p->items);
	for (size_t i = 0, j = 0; i < src->n; i++) {
		if (src->v[i].behind)
			p->items[j++] = src->v[i];
		else
			src->v[k++] = src->v[i];
	}
	p->nitems += nb;
	src->n = k;
}

/* A glyph run's text replaced (a number known only now), from its start. */
static void set_glyph_text(ctx *c, gw_glyphs *g, const char *s)
{
	size_t n = strlen(s);
	double x = g->xs[0];
	g->cps = xrealloc(g->cps, (n + 1) * sizeof(uint32_t));
	g->xs = xrealloc(g->xs, (n + 1) * sizeof(double));
	const char *p = s, *end = s + n;
	size_t k = 0;
	while (p < end) {
		int32_t cp = gw_utf8_next(&p, end);
		if (cp < 0)
			cp = 0xFFFD;
		g->cps[k] = (uint32_t)cp;
		g->xs[k++] = x;
		x += g->size * c->m->advance(c->m->ctx, g->face, (uint32_t)cp) / 1000.0;
	}
	g->n = k;
}

/* Page-number fields of the body: the digits of this page's numbers (they
 * were laid out with a placeholder of the same font). */
static void fix_fields(ctx *c, gw_page *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		gw_glyphs *g = &p->items[i].u.g;
		if (p->items[i].kind != GW_ITEM_GLYPHS || g->field == 0 || g->n == 0)
			continue;
		int f = g->field - 1;
		int v = f == GW_FIELD_PAGE ? p->number : f == GW_FIELD_NUMPAGES ? c->numpages
			: c->secpages;
		gw_buf num;
		gw_buf_init(&num);
		gw_format_number(&num, g->field_fmt, v > 0 ? v : 1);
		gw_buf_adds(&num, "");
		/* a number of another width than laid out: the next pass reflows */
		const char *q = num.data, *qe = num.data + num.len;
		size_t k = 0;
		bool same = true;
		while (q < qe) {
			int32_t cp = gw_utf8_next(&q, qe);
			if (k >= g->n || (uint32_t)cp != g->cps[k])
				same = false;
			k++;
		}
		if (!same || k != g->n)
			c->fields_moved = true;
		set_glyph_text(c, g, num.data);
		gw_buf_dispose(&num);
	}
}

/* Lay out a header or footer for one page (out NULL: only measure). */
static int hf_items(ctx *c, const gw_block *b, const gw_section *s, ilist *out, bool footer,
		    double *height)
{
	ulist l = {0};
	double left = s->margin_left / TW, width = (s->page_w - s->margin_left - s->margin_right) / TW;
	bool saved = c->in_header;
	c->in_header = true;
	int rc = blocks_units(c, &l, b, left, width);
	c->in_header = saved;
	double *ypos = xmalloc((l.n + 1) * sizeof(double));
	double h = stack_units(&l, ypos);
	*height = h;
	if (rc == 0 && out) {
		double top = footer ? s->page_h / TW - s->footer_dist / TW - h : s->header_dist / TW;
		seq q = {out, NULL, 0};
		for (size_t i = 0; i < l.n; i++)
			seq_emit(&q, &l.v[i], top + ypos[i]);
		seq_flush(&q);
	}
	free(ypos);
	ulist_dispose(&l);
	return rc;
}

static const gw_block *pick_hf(const gw_doc *d, const gw_section *s, bool footer, bool first,
			       int number)
{
	if (first && s->title_page)
		return footer ? s->footer_first : s->header_first;
	if (d->even_and_odd && number % 2 == 0)
		return footer ? s->footer_even : s->header_even;
	return footer ? s->footer : s->header;
}

/* Endnotes after the document's text, on a page of their own as
 * LibreOffice prints them: a separator line, then each note. */
static int endnote_units(ctx *c, ulist *out, double left, double width)
{
	const gw_doc *d = c->doc;
	if (d->nendnotes == 0)
		return 0;
	unit *u = ulist_push(out);
	u->kind = U_LINE;
	u->h = NOTE_SEP;
	add_line(&u->items, left, NOTE_SEP / 2, left + 144, NOTE_SEP / 2, 0.5, 0, 0);
	u->keep = true;
	u->page_before = true;
	int rc = 0;
	for (int i = 0; i < d->nendnotes && rc == 0; i++)
		rc = blocks_units(c, out, d->endnotes[i]->content, left, width);
	return rc;
}

static int layout_pass(ctx *c, size_t doc_index)
{
	int rc = 0;
	const gw_doc *d = c->doc;
	int number = 1;
	size_t doc_first = c->lay->npages;
	size_t *sec_first = xcalloc((size_t)d->nsections + 1, sizeof(size_t));
	double carry_y = 0;
	for (int si = 0; si < d->nsections && rc == 0; si++) {
		const gw_section *s = &d->sections[si];
		c->sec = s;
		if (s->page_start > 0)
			number = s->page_start;
		/* A header taller than the top margin pushes the body down. */
		double top = s->margin_top / TW, bottom = (s->page_h - s->margin_bottom) / TW;
		c->page_no = number;
		double hh = 0, fh = 0;
		const gw_block *hb = s->title_page ? s->header_first : s->header;
		const gw_block *fb = s->title_page ? s->footer_first : s->footer;
		if (hb && (rc = hf_items(c, hb, s, NULL, false, &hh)) < 0)
			break;
		if (fb && (rc = hf_items(c, fb, s, NULL, true, &fh)) < 0)
			break;
		if (s->header_dist / TW + hh > top)
			top = s->header_dist / TW + hh;
		if ((s->page_h - s->footer_dist) / TW - fh < bottom)
			bottom = (s->page_h - s->footer_dist) / TW - fh;
		if (bottom - top < 36)
			bottom = top + 36;
		/* A document grid: LibreOffice centres the whole lines of the grid in
		 * the body (measured: the first line's cell starts half the leftover
		 * below the top margin) and fills no more than those lines. */
		if ((s->grid_type == 1 || s->grid_type == 2) && s->grid_pitch > 0) {
			double pitch = s->grid_pitch / TW, hgt = bottom - top;
			double n = floor(hgt / pitch + 1e-9);
			if (n >= 1) {
				top += (hgt - n * pitch) / 2;
				bottom = top + n * pitch;
			}
		}
		ulist units = {0};
		double left = s->margin_left / TW;
		double width = (s->page_w - s->margin_left - s->margin_right) / TW;
		if (width < 36)
			width = 36;
		pager pg = {.c = c, .s = s, .top = top, .bottom = bottom, .number = number,
			    .ncols = 1, .left = left, .width = width, .col_top = top, .maxy = top};
		if (s->columns > 1) {
			pg.ncols = s->columns;
			pg.unequal = lc_columns(s, width, pg.colx, pg.colw);
			width = pg.width = pg.colw[0];
		}
		pg.q.c = c;
		pg.q.page_h = s->page_h / TW;
		const gw_page *lastp = c->lay->npages > doc_first ? &c->lay->pages[c->lay->npages - 1]
								  : NULL;
		if (si > 0 && s->start_type == 1 && lastp && fabs(lastp->width - s->page_w / TW) < 1 &&
		    fabs(lastp->height - s->page_h / TW) < 1) {
			/* a continuous section goes on on the same page */
			pg.page = &c->lay->pages[c->lay->npages - 1];
			pg.y = carry_y > top ? carry_y : top;
			pg.col_top = pg.maxy = pg.y;
			pg.empty = false;
			pg.q.out = &pg.pending;
			tally_save(c, &pg.at_page);
			sec_first[si] = c->lay->npages;
		} else {
			pager_new(&pg);
			/* evenPage / oddPage: a blank page first when the parity is wrong */
			if (si > 0 && ((s->start_type == 2 && pg.page->number % 2 != 0) ||
				       (s->start_type == 3 && pg.page->number % 2 == 0)))
				pager_new(&pg);
			sec_first[si] = c->lay->npages - 1;
		}
		/* PAGE in the body shows the section's first page number (fields
		 * belong in headers and footers, where they are exact). */
		c->page_no = pg.number - 1;
		c->flow_list = &units;
		c->flow_n = 0;
		c->flow = c->flow_page = 0;
		c->body_top = top;
		c->body_h = bottom - top;
		c->zones.n = 0;
		header_zones(c, s, s->title_page ? s->header_first : s->header, &c->hzones[0]);
		header_zones(c, s, s->header, &c->hzones[1]);
		flow_page_start(c, true);
		c->src_list = &units;
		rc = blocks_units(c, &units, s->body, left, width);
		c->flow_list = NULL;
		c->src_list = NULL;
		pg.endnotes = si + 1 == d->nsections && d->nendnotes > 0;
		if (rc == 0 && pg.endnotes)
			rc = endnote_units(c, &units, left, width);
		pg.l = &units;
		if (rc == 0)
			paginate(&pg, &units);
		if (rc == 0)
			rc = c->late_rc;
		if (rc == 0 && pg.ncols > 1 && si + 1 < d->nsections &&
		    d->sections[si + 1].start_type == 1)
			pager_balance(&pg, &units);
		pager_flush(&pg);
		carry_y = pg.ncols > 1 && pg.maxy > pg.y ? pg.maxy : pg.y;
		free(pg.notes);
		ulist_dispose(&units);
		number = pg.number;
		for (size_t p = sec_first[si]; p < c->lay->npages; p++)
			c->lay->pages[p].doc = doc_index;
	}
	sec_first[d->nsections] = c->lay->npages;
	if (rc < 0)
		goto done;
	lost_flush(c);
	if (c->text_drawn + c->text_lost != c->text_in) {
		warn(c, "body: %ld of %ld characters not drawn", c->text_in - c->text_drawn,
		     c->text_in);
		c->lay->nlost++;
	}
	/* Headers and footers, now that every count is known. */
	c->numpages = (int)(c->lay->npages - doc_first);
	for (int si = 0; si < d->nsections && rc == 0; si++) {
		const gw_section *s = &d->sections[si];
		c->sec = s;
		c->secpages = (int)(sec_first[si + 1] - sec_first[si]);
		for (size_t p = sec_first[si]; p < sec_first[si + 1] && rc == 0; p++) {
			gw_page *pg = &c->lay->pages[p];
			c->page_no = pg->number;
			fix_fields(c, pg);
			bool first = p == sec_first[si];
			for (int f = 0; f < 2 && rc == 0; f++) {
				const gw_block *b = pick_hf(d, s, f, first, pg->number);
				if (!b)
					continue;
				ilist items = {0};
				double h;
				rc = hf_items(c, b, s, &items, f, &h);
				page_take_behind(&c->lay->pages[p], &items);
				page_take(&c->lay->pages[p], &items);
				ilist_dispose(&items);
			}
		}
	}
done:
	free(sec_first);
	return rc;
}

static void ctx_dispose(ctx *c)
{
	for (size_t i = 0; i < c->nlnotes; i++) {
		ulist_dispose(&c->lnotes[i].units);
		free(c->lnotes[i].ypos);
	}
	free(c->lnotes);
	c->lnotes = NULL;
	c->nlnotes = c->caplnotes = 0;
	lf_zones_dispose(&c->zones);
	lf_zones_dispose(&c->hzones[0]);
	lf_zones_dispose(&c->hzones[1]);
	free(c->ppages);
	c->ppages = NULL;
	c->nppages = c->capppages = 0;
}

static void pages_truncate(gw_layout *l, size_t n)
{
	for (size_t p = n; p < l->npages; p++) {
		for (size_t i = 0; i < l->pages[p].nitems; i++)
			item_dispose(&l->pages[p].items[i]);
		free(l->pages[p].items);
	}
	l->npages = n;
}

int gw_layout_doc(gw_layout **lay, const gw_doc *doc, size_t doc_index, const gw_measure *m,
		  const gw_layout_opts *opts, gw_err *err)
{
	if (!*lay)
		*lay = xcalloc(1, sizeof **lay);
	ctx c = {.doc = doc, .m = m, .lay = *lay, .err = err};
	if (opts)
		c.opts = *opts;
	size_t start = (*lay)->npages;
	int nw = (*lay)->nwarnings, nl = (*lay)->nlost;
	c.numpages = 1;
	c.secpages = 1;
	int rc = layout_pass(&c, doc_index);
	if (rc == 0 && (c.saw_numpages || c.fields_moved)) {
		/* The body shows NUMPAGES, or a PAGE that came out wider or
		 * narrower: lay out again with the numbers known. */
		int np = (int)((*lay)->npages - start);
		struct ppage *pp = c.ppages;
		size_t npp = c.nppages, cap = c.capppages;
		c.ppages = NULL;
		pages_truncate(*lay, start);
		for (int i = nw; i < (*lay)->nwarnings; i++)
			free((*lay)->warnings[i]);
		(*lay)->nwarnings = nw;
		ctx_dispose(&c);
		(*lay)->nlost = nl;
		c = (ctx){.doc = doc, .m = m, .lay = *lay, .err = err};
		if (opts)
			c.opts = *opts;
		c.numpages = np;
		c.secpages = np;
		c.ppages = pp;
		c.nppages = npp;
		c.capppages = cap;
		rc = layout_pass(&c, doc_index);
	}
	ctx_dispose(&c);
	if (rc < 0)
		pages_truncate(*lay, start);
	return rc;
}

void gw_layout_free(gw_layout *lay)
{
	if (!lay)
		return;
	pages_truncate(lay, 0);
	free(lay->pages);
	for (int i = 0; i < lay->nwarnings; i++)
		free(lay->warnings[i]);
	free(lay->warnings);
	free(lay);
}
