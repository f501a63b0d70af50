/*
 * layout.h — layout: the document model (model.h) set into pages of placed
 * items — glyph runs, lines, rectangles, images, missing-glyph boxes — that a
 * writer (pdf.c; a PNG preview or ODF writer could be another) draws without
 * knowing anything about paragraphs or tables.
 *
 * Units are points (double).  Origin: the TOP-LEFT corner of the page, y grows
 * downwards (a writer for PDF flips: y_pdf = page height - y).
 *
 * Layout measures text through a gw_measure (font choice and metrics), so the
 * unit tests use fake metrics; gw_measure_fonts wraps font.h.  The only
 * third-party library layout uses is ICU, for line break opportunities.
 *
 * Memory: a gw_layout owns everything in it (gw_layout_free); gw_face and
 * gw_image pointers are borrowed from the fonts and the model, which must
 * outlive the layout.
 */
#ifndef GW_LAYOUT_H
#define GW_LAYOUT_H

#include "common.h"
#include "font.h"
#include "model.h"

#include <stdbool.h>

/* How layout chooses and measures fonts.  Metrics in 1/1000 em. */
typedef struct gw_measure {
	void *ctx;
	/* The face that draws cp for document font `name`, preferring a real
	 * bold / italic face when asked (NULL: none has the character). */
	gw_face *(*pick)(void *ctx, const char *name, int bold, int italic, uint32_t cp);
	int (*advance)(void *ctx, gw_face *f, uint32_t cp);
	int (*ascent)(void *ctx, gw_face *f);
	int (*descent)(void *ctx, gw_face *f); /* positive */
	/* Extra leading (hhea lineGap); LibreOffice adds it above the text of a
	 * line that uses the face.  NULL means 0. */
	int (*line_gap)(void *ctx, gw_face *f);
	/* Whether the face is a real bold / italic; NULL means "no". */
	int (*is_bold)(void *ctx, gw_face *f);
	int (*is_italic)(void *ctx, gw_face *f);
} gw_measure;

typedef enum gw_item_kind {
	GW_ITEM_GLYPHS, /* a run of characters of one face, size, colour */
	GW_ITEM_LINE,   /* a straight line (border, underline, strike) */
	GW_ITEM_RECT,   /* a filled rectangle (shading) */
	GW_ITEM_IMAGE,  /* an inline picture */
	GW_ITEM_BOX     /* a missing glyph: a stroked box where it would be */
} gw_item_kind;

typedef struct gw_glyphs {
	gw_face *face;
	double size;          /* pt */
	bool bold, italic;    /* synthesise (the face lacks the style) */
	uint32_t color;       /* 0xRRGGBB */
	double y;             /* baseline */
	size_t n;
	uint32_t *cps;        /* code points */
	double *xs;           /* left edge of each character */
} gw_glyphs;

typedef struct gw_item {
	gw_item_kind kind;
	union {
		gw_glyphs g;
		struct { double x0, y0, x1, y1, width; uint32_t color; int dash; } line; /* dash: 0 solid, 1 dotted, 2 dashed */
		struct { double x, y, w, h; uint32_t color; } rect;
		struct { double x, y, w, h; const gw_image *img; } image; /* y = top */
		struct { double x, y, w, h; uint32_t cp; /* the box */
			 double pen, baseline, size; uint32_t color; } box; /* where the character was */
	} u;
} gw_item;

typedef struct gw_page {
	double width, height;   /* pt */
	size_t doc;             /* index of the document it belongs to */
	int number;             /* page number as printed (PAGE) */
	size_t nitems, cap;
	gw_item *items;
} gw_page;

typedef struct gw_layout {
	size_t npages, cap;
	gw_page *pages;
	int nwarnings;
	char **warnings;        /* "U+2705 '✅' has no font: drawn as a box (paragraph 3)" */
	int nlost;              /* how many of the warnings are about text not drawn
	                           (below the page, clipped by an exact row height,
	                           missing from the pages): the body's characters
	                           given to layout are counted against those drawn */
} gw_layout;

typedef struct gw_layout_opts {
	bool allow_missing_glyphs; /* a character no font has: a warning and a box */
	int default_tab;           /* twips; 0 = 420 */
	bool no_hanging_punctuation; /* keep ，。、：；？！ inside the right edge
				      (default: one may hang past it, as Word's
				      overflowPunct and LibreOffice with zh-TW) */
} gw_layout_opts;

/* Lay doc out, appending its pages to *lay (created when *lay is NULL, so
 * several documents can share one layout; each keeps its page numbering).
 * doc_index is stored in each page.  opts may be NULL.  Fails with GW_EFONT
 * naming the character, U+XXXX and its place when no face has it (unless
 * allow_missing_glyphs).  On failure *lay keeps what it had (free it). */
int gw_layout_doc(gw_layout **lay, const gw_doc *doc, size_t doc_index, const gw_measure *m,
		  const gw_layout_opts *opts, gw_err *err);
void gw_layout_free(gw_layout *lay);

/* A gw_measure over the font manifest (font.h); fs stays the caller's. */
void gw_measure_fonts(gw_measure *out, gw_fonts *fs);

/* ---- exposed for tests and other writers ---- */

/* Word's rule for which rFonts slot a character uses: 1 for East Asian
 * (CJK ideographs, kana, hangul, fullwidth forms, CJK punctuation), else 0. */
int gw_layout_is_eastasian(uint32_t cp);

#endif
