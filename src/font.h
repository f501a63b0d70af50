/*
 * font.h — fonts: the manifest (names documents use → font files, with a
 * per-glyph fallback chain), metrics for layout, and embedding into a PDF as
 * subsets with a valid ToUnicode (BMP and beyond).  Wraps HarfBuzz
 * (hb-subset); libharu is shared with pdf.c.
 *
 * A font file is mapped once per process (gw_fonts lives for the process);
 * embedding state is per PDF document (gw_pdffonts).
 * Metrics are in thousandths of an em, so layout is independent of upem.
 */
#ifndef GW_FONT_H
#define GW_FONT_H

#include "common.h"

typedef struct gw_fonts gw_fonts;   /* the manifest and its open faces */
typedef struct gw_face gw_face;     /* one font file (borrowed from gw_fonts) */
typedef struct gw_pdffonts gw_pdffonts;

/* Load the manifest and map every font file it names (once per process).
 * manifest NULL: $GONGWEN_FONTS (a file, or a folder holding `manifest`),
 * else ./fonts/manifest, else fonts/manifest beside the executable
 * (<exe dir>/../fonts, <exe dir>/fonts, <exe dir>/../share/gongwen/fonts),
 * else built-in defaults for Debian's
 * fonts-cns11643 and fonts-liberation2.  Format: docs/fonts.md.
 * Fails (GW_EFONT, naming the file) on a malformed manifest, on a font file
 * that exists but is malformed or forbids embedding, or when no file of the
 * default chain exists.  Missing files are skipped.  *out is the caller's. */
int gw_fonts_open(gw_fonts **out, const char *manifest, gw_err *err);
/* Like gw_fonts_open but keeps broken files (marked) for gw_fonts_describe;
 * fails only on an unreadable or malformed manifest. */
int gw_fonts_load(gw_fonts **out, const char *manifest, gw_err *err);
void gw_fonts_free(gw_fonts *fs);
/* Whether each face's embedded subsets (the last 16, compressed) are kept for
 * later documents of this process (default on).  A later document embeds as
 * they are the cached subsets that draw its characters with at most a
 * quarter of their glyphs unused, plus one new subset of the characters none
 * of them has: in a mail merge only the names and numbers are subset and
 * compressed per document.  Off: every document subsets from scratch, and
 * its bytes do not depend on what the process rendered before. */
void gw_fonts_set_reuse(gw_fonts *fs, int on);
/* Append a human-readable listing (each chain, each file ok/missing/BROKEN)
 * to out; returns the number of problems (a chain with no usable file, a
 * broken file). */
int gw_fonts_describe(gw_fonts *fs, gw_buf *out);

/* The face that draws cp for document font `name` (walking its fallback
 * chain, then the default chain).  NULL when no face has the character. */
gw_face *gw_fonts_pick(gw_fonts *fs, const char *name, uint32_t cp);
/* The same for a styled run: the name's [bold]/[italic] chain first (a
 * real bold/italic face), then its regular chain, then the default chains.
 * gw_face_is_bold/italic of the result says whether to synthesise. */
gw_face *gw_fonts_pick_style(gw_fonts *fs, const char *name, int bold, int italic, uint32_t cp);

/* The error for a character that no face of the chain (nor the default
 * chain) has: "WHERE: no font has '✅' (U+2705) for font NAME", GW_EFONT,
 * returned.  where names the place (file, part, paragraph); the caller
 * decides whether it is fatal (--allow-missing-glyphs: a warning). */
int gw_fonts_err_missing(gw_err *err, const char *where, const char *name, uint32_t cp);

/* Advance width of cp in the face, 1/1000 em (0 if the face lacks it). */
int gw_face_advance(gw_face *f, uint32_t cp);
/* Typographic ascent and descent (descent positive), 1/1000 em, as Word
 * and LibreOffice use them for line height (hhea / OS/2 win metrics). */
int gw_face_ascent(gw_face *f);
int gw_face_descent(gw_face *f);
/* Extra leading the font asks for between lines (hhea lineGap), 1/1000 em.
 * Single line spacing as Word and LibreOffice (DOCX) compute it is
 * ascent + descent + line_gap: Times New Roman/Liberation Serif 12 pt →
 * 13.8 pt, TW-Kai 14 pt → 14 pt. */
int gw_face_line_gap(gw_face *f);
/* Underline position (negative: below the baseline) and thickness (post
 * table), strikeout position and thickness (OS/2), 1/1000 em; usual values
 * when the font leaves them 0.  Any pointer may be NULL. */
void gw_face_decoration(gw_face *f, int *ul_pos, int *ul_thick, int *st_pos, int *st_thick);
/* Whether the face has a glyph for cp (not .notdef). */
int gw_face_has(gw_face *f, uint32_t cp);
/* The glyph id of cp in the face; 0 when it has none (*gid untouched). */
int gw_face_glyph(gw_face *f, uint32_t cp, uint32_t *gid);
/* Advance of a glyph id, 1/1000 em. */
int gw_face_glyph_advance(gw_face *f, uint32_t gid);
const char *gw_face_path(gw_face *f);  /* the font file, borrowed */
/* Whether the face is a real bold/italic (else synthesised when asked). */
int gw_face_is_bold(gw_face *f);
int gw_face_is_italic(gw_face *f);
const char *gw_face_name(gw_face *f);  /* family name, borrowed */

/* ---- PDF embedding (per document) ---- */

/* hpdf is the libharu HPDF_Doc of the document being written. */
gw_pdffonts *gw_pdffonts_new(gw_fonts *fs, void *hpdf);
void gw_pdffonts_free(gw_pdffonts *pf);

/* The group the following use/show calls belong to (default 0).  Each group
 * has its own fonts: a PDF holding several documents, one group each, embeds
 * for each the subsets it was rendered with (cached), instead of subsetting
 * the union of their characters again; a subset two groups share is written
 * once. */
void gw_pdffonts_group(gw_pdffonts *pf, int group);
/* First pass: declare every character the document draws with a face. */
void gw_pdffonts_use(gw_pdffonts *pf, gw_face *f, uint32_t cp);
/* Subset every used face (only the used glyphs) and add it to the PDF. */
int gw_pdffonts_embed(gw_pdffonts *pf, gw_err *err);

/* Draw n characters of face f at size (pt) on the libharu page `page`, the
 * i-th with its left edge at xs[i] on the baseline y (PDF points, origin
 * bottom-left).  bold/italic synthesise the style when the face lacks it.
 * Text stays extractable: pdftotext yields exactly these characters. */
int gw_pdffonts_show(gw_pdffonts *pf, void *page, gw_face *f, double size, int bold,
		     int italic, uint32_t rgb, const uint32_t *cps, const double *xs, size_t n,
		     double y, gw_err *err);
/* gw_pdffonts_show with f == NULL calls this: for characters no font has
 * (--allow-missing-glyphs), a visible outlined box per character, each in a
 * marked-content span whose /ActualText names the character (Acrobat copies
 * it; poppler and pdf.js do not extract it). */
int gw_pdffonts_show_missing(gw_pdffonts *pf, void *page, double size, uint32_t rgb,
			     const uint32_t *cps, const double *xs, size_t n, double y, gw_err *err);

/* The ToUnicode CMap for CIDs 1..n drawing cps[0..n) (bfchar, UTF-16BE,
 * surrogate pairs beyond the BMP), appended to b.  Exposed for tests. */
void gw_pdffonts_tounicode(gw_buf *b, const uint32_t *cps, size_t n);
/* Bytes of font programs embedded so far (after subsetting, before deflate). */
size_t gw_pdffonts_subset_bytes(gw_pdffonts *pf);
/* Of those, the bytes subset (and compressed) for this document, not reused. */
size_t gw_pdffonts_built_bytes(gw_pdffonts *pf);

#endif
