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
 * per page, when PAGE / NUMPAGES / SECTIONPAGES are known.
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
	for (int i = 0; i < u->ncells; i++) {
		ulist_dispose(&u->cells[i].content);
		free(u->cells[i].ypos);
	}
	free(u->cells);
	free(u->above);
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
			if (c->in_header || c->where[0])
				add_special(al, A_BREAK, &in->rp); /* no page breaks in cells or headers */
			else
				add_special(al, A_PAGE, &in->rp);
			break;
		case GW_INL_FIELD: {
			int v = in->field == GW_FIELD_PAGE ? c->page_no
				: in->field == GW_FIELD_NUMPAGES ? c->numpages : c->secpages;
			if (in->field != GW_FIELD_PAGE && !c->in_header)
				c->saw_numpages = true;
			char num[24];
			snprintf(num, sizeof num, "%d", v > 0 ? v : 1);
			rc = add_text(c, al, &in->rp, num, strlen(num));
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
	size_t s = 0;
	bool first = true;
	do {
		pline *L = plist_push(out);
		L->s = s;
		L->first = first;
		L->x0 = g->ind_left + (first ? g->ind_first : 0);
		L->right = g->width - g->ind_right;
		if (L->x0 < 0)
			L->x0 = 0;
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
	       a->shift == b->shift;
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

/* Lay out one paragraph into units, area [left, left+width). */
static int para_units(ctx *c, ulist *out, const gw_para *p, double left, double width)
{
	int rc = 0;
	alist al = {0};
	plist pl = {0};
	double *xs = NULL;
	const gw_pprops *pp = &p->pp;
	if ((rc = para_atoms(c, &al, p)) < 0)
		goto done;
	pgeom g = {width, pp->ind_left / TW, pp->ind_right / TW, pp->ind_first / TW,
		   (c->opts.default_tab > 0 ? c->opts.default_tab
		    : c->doc->default_tab > 0 ? c->doc->default_tab : 420) / TW, pp,
		   !c->opts.no_hanging_punctuation && !pp->no_overflow_punct && !c->where[0]};
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
		unit *u = ulist_push(out);
		u->kind = U_LINE;
		u->h = h;
		u->para_no = c->para_no;
		for (size_t i = L->s; i < L->vis_e; i++)
			if ((al.v[i].kind == A_CHAR || al.v[i].kind == A_BOX) && al.v[i].cp != ' ')
				u->nchars++;
		if (!c->in_header)
			c->text_in += u->nchars;
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
		if (li > 0 && pl.v[li - 1].end == 2)
			u->page_before = true;
	}
	/* Paragraph-level flags. */
	size_t nl = out->n - first_unit;
	unit *U = &out->v[first_unit];
	U[0].sb = pp->space_before / TW;
	U[nl - 1].sa = pp->space_after / TW;
	/* a paragraph border takes room: its width and its distance */
	if (pp->borders[GW_SIDE_TOP].style != GW_BORDER_NONE)
		U[0].sb += pp->borders[GW_SIDE_TOP].space + border_w(&pp->borders[GW_SIDE_TOP]);
	if (pp->borders[GW_SIDE_BOTTOM].style != GW_BORDER_NONE)
		U[nl - 1].sa += pp->borders[GW_SIDE_BOTTOM].space +
				border_w(&pp->borders[GW_SIDE_BOTTOM]);
	if (pp->page_break_before)
		U[0].page_before = true;
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
	free(al.v);
	free(pl.v);
	free(xs);
	return rc;
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
	char saved[sizeof c->where];
	memcpy(saved, c->where, sizeof saved);
	for (int r = 0; r < t->nrows && rc == 0; r++) {
		const gw_row *row = &t->rows[r];
		unit *u = ulist_push(out);
		u->kind = U_ROW;
		u->tbl = t;
		u->row = r;
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
			rc = blocks_units(c, &rcl->content, cell->content, rcl->x + rcl->pad[1], cw);
			/* `u` may have moved if out grew: it did not (content is a separate list) */
			rcl->ypos = xmalloc((rcl->content.n + 1) * sizeof(double));
			rcl->content_h = stack_units(&rcl->content, rcl->ypos);
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

static int blocks_units(ctx *c, ulist *out, const gw_block *b, double left, double width)
{
	int rc = 0;
	const gw_para *prev = NULL;
	for (; b && rc == 0; b = b->next) {
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

typedef struct pager {
	ctx *c;
	const gw_section *s;
	gw_page *page;
	double top, bottom, y;
	bool empty;            /* nothing placed on this page yet */
	ilist pending;         /* items of the current page */
	seq q;                 /* draws into pending */
	int number;
} pager;

static void pager_flush(pager *pg)
{
	seq_flush(&pg->q);
	if (pg->page)
		page_take(pg->page, &pg->pending);
}

static void pager_new(pager *pg)
{
	pager_flush(pg);
	pg->page = new_page(pg->c, pg->s, pg->number++);
	pg->y = pg->top;
	pg->empty = true;
	pg->q.out = &pg->pending;
	pg->q.pend = NULL;
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

static void paginate(pager *pg, ulist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		bool newp = false;
		if (l->v[i].page_before && !pg->empty) {
			pager_new(pg);
			newp = true;
		}
		/* keep chains: move the whole chain when it fits an empty page */
		if (!pg->empty && (i == 0 || !l->v[i - 1].keep)) {
			size_t end;
			double ch = chain_height(l, i, &end);
			if (end > i && pg->y + l->v[i].sb + ch > pg->bottom + EPS &&
			    ch <= pg->bottom - pg->top + EPS) {
				pager_new(pg);
				newp = true;
			}
		}
		unit *u = &l->v[i];
		/* a merged group too tall for an empty page splits at a row */
		if (u->kind == U_ROW && u->group_h > u->h + EPS &&
		    pg->y + u->sb + u->group_h > pg->bottom + EPS &&
		    u->group_h > pg->bottom - pg->top + EPS) {
			if (!pg->empty && pg->y + u->sb + u->h > pg->bottom + EPS) {
				pager_new(pg);
				repeat_headers(pg, l, i);
			}
			split_group(l, i, pg->bottom - pg->y - l->v[i].sb);
			u = &l->v[i];
		}
		bool fits = pg->y + u->sb + u->h <= pg->bottom + EPS;
		if (!fits && u->kind == U_ROW) {
			unit rest;
			double room = pg->bottom - pg->y - u->sb;
			if (room > 0 && (!pg->empty || u->h > room) &&
			    split_row(u, room, &rest, pg->empty || u->h > pg->bottom - pg->top)) {
				insert_after(l, i, &rest);
				u = &l->v[i];
				fits = true;
			}
		}
		if (!fits && !pg->empty) {
			pager_new(pg);
			newp = true;
		}
		if (newp)
			repeat_headers(pg, l, i);
		u = &l->v[i];
		if (newp && u->kind == U_ROW && pg->y + u->sb + u->group_h > pg->bottom + EPS) {
			/* at the top of a page (after the repeated header rows) and
			 * still too tall: it splits, even a w:cantSplit row */
			unit rest;
			double room = pg->bottom - pg->y - u->sb;
			if (u->group_h > u->h + EPS)
				split_group(l, i, room);
			u = &l->v[i];
			if (pg->y + u->sb + u->h > pg->bottom + EPS && room > 0 &&
			    split_row(u, room, &rest, true)) {
				insert_after(l, i, &rest);
				u = &l->v[i];
			}
		}
		pg->y += u->sb;
		seq_emit(&pg->q, u, pg->y);
		pg->y += u->h + u->sa;
		pg->empty = false;
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
		pager pg = {.c = c, .s = s, .top = top, .bottom = bottom, .number = number};
		pg.q.c = c;
		pg.q.page_h = s->page_h / TW;
		const gw_page *lastp = c->lay->npages > doc_first ? &c->lay->pages[c->lay->npages - 1]
								  : NULL;
		if (si > 0 && s->start_type == 1 && lastp && fabs(lastp->width - s->page_w / TW) < 1 &&
		    fabs(lastp->height - s->page_h / TW) < 1) {
			/* a continuous section goes on on the same page */
			pg.page = &c->lay->pages[c->lay->npages - 1];
			pg.y = carry_y > top ? carry_y : top;
			pg.empty = false;
			pg.q.out = &pg.pending;
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
		rc = blocks_units(c, &units, s->body, left, width);
		if (rc == 0)
			paginate(&pg, &units);
		pager_flush(&pg);
		carry_y = pg.y;
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
			bool first = p == sec_first[si];
			for (int f = 0; f < 2 && rc == 0; f++) {
				const gw_block *b = pick_hf(d, s, f, first, pg->number);
				if (!b)
					continue;
				ilist items = {0};
				double h;
				rc = hf_items(c, b, s, &items, f, &h);
				page_take(&c->lay->pages[p], &items);
				ilist_dispose(&items);
			}
		}
	}
done:
	free(sec_first);
	return rc;
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
	if (rc == 0 && c.saw_numpages) {
		/* The body shows NUMPAGES: lay out again with the count known. */
		int np = (int)((*lay)->npages - start);
		pages_truncate(*lay, start);
		for (int i = nw; i < (*lay)->nwarnings; i++)
			free((*lay)->warnings[i]);
		(*lay)->nwarnings = nw;
		(*lay)->nlost = nl;
		c = (ctx){.doc = doc, .m = m, .lay = *lay, .err = err};
		if (opts)
			c.opts = *opts;
		c.numpages = np;
		c.secpages = np;
		rc = layout_pass(&c, doc_index);
	}
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
