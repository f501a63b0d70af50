/*
 * pdf.h — the PDF writer: lays out one or more documents (layout.c) and draws
 * the pages with libharu, fonts through font.c (subset, embedded, with a
 * valid ToUnicode).  libharu is included only by pdf.c and font.c.
 *
 * Invariants: the output appears only complete.  The PDF is serialised with
 * HPDF_SaveToStream into a temp file beside `path`, fsync'ed and renamed; on
 * any failure nothing is left behind and an older file at `path` survives.
 * Several documents go into one PDF one after the other, each keeping its own
 * page numbering (PAGE / NUMPAGES count within the document).
 */
#ifndef GW_PDF_H
#define GW_PDF_H

#include "common.h"
#include "font.h"
#include "model.h"

#include <stdbool.h>

/* Called once per warning (a character drawn as a box under
 * allow_missing_glyphs, an unsupported construct the model reported). */
typedef void (*gw_pdf_warn_fn)(void *ctx, const char *msg);

typedef struct gw_pdf_opts {
	/* Metadata.  NULL takes the first document's docProps value (title,
	 * author, subject, keywords); creator is always "gongwen". */
	const char *title;
	const char *author;    /* the agency */
	const char *subject;
	const char *keywords;
	bool archive;          /* PDF/A-1b */
	bool allow_missing_glyphs; /* a character no font has: warning + box, not an error */
	bool strict;           /* text not drawn (gw_layout.nlost, gw_doc.nlost: below a
	                          page, clipped, an ignored construct) fails with GW_EDATA
	                          after its warnings, and nothing is written */
	/* Each document keeps its own fonts (gw_pdffonts_group): for a packet of
	 * documents just rendered one by one, whose subsets are cached, nothing
	 * is subset again; the fonts are larger than one union subset. */
	bool fonts_per_document;
	gw_pdf_warn_fn warn;   /* NULL: warnings go to stderr as "gongwen: warning: ..." */
	void *warn_ctx;
} gw_pdf_opts;

/* Render docs[0..ndocs) into one PDF at path.  opts may be NULL (defaults).
 * Fails with GW_EFONT naming the character (U+XXXX) and its place when no
 * font draws it, GW_EPDF for libharu failures, GW_EIO when the file cannot be
 * written.  The documents and fonts stay the caller's. */
int gw_pdf_write(const char *path, gw_doc *const *docs, size_t ndocs, gw_fonts *fonts,
		 const gw_pdf_opts *opts, gw_err *err);

/* The same into memory: *out (caller frees) holds the PDF bytes. */
int gw_pdf_write_mem(char **out, size_t *len, gw_doc *const *docs, size_t ndocs,
		     gw_fonts *fonts, const gw_pdf_opts *opts, gw_err *err);

/* One A4 page holding a PNG or JPEG image (png: 1 PNG, 0 JPEG), scaled to
 * fit inside 1.5 cm margins, centred, never enlarged beyond 150 dpi; a
 * landscape image gets a landscape page.  *out (caller frees)
 * is the PDF.  GW_EDATA when libharu cannot read the image. */
int gw_pdf_image_page(char **out, size_t *len, const void *img, size_t n, int png,
		      gw_err *err);

#endif
