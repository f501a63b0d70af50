/*
 * pdf.c — the PDF writer (see pdf.h): documents → layout.c → pages drawn
 * with libharu; text only through font.c (gw_pdffonts_*), which subsets and
 * embeds the faces and writes a valid ToUnicode.  Also the gw_measure over
 * font.h that layout uses for real documents.
 *
 * Two passes over the laid-out pages: first every drawn character is
 * declared (gw_pdffonts_use) so each face is subset once with exactly its
 * glyphs (gw_pdffonts_embed), then the pages are drawn.  The PDF is saved
 * into memory by gw_hpdf_save (pdfio.c: page content deflated with
 * libdeflate, no copying through libharu's memory streams; never
 * HPDF_SaveToFile, which truncates an existing file when a write fails) and
 * written with gw_file_write_atomic.
 *
 * Coordinates: layout's origin is the page's top-left, y down; PDF's is the
 * bottom-left, y up: y_pdf = height - y.  Wraps libharu.
 */
#include "pdf.h"
#include "layout.h"
#include "pdfa.h"
#include "pdfio.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ==== Measuring with the font manifest ==== */

static gw_face *m_pick(void *ctx, const char *name, int bold, int italic, uint32_t cp)
{
	return gw_fonts_pick_style(ctx, name, bold, italic, cp);
}
static int m_adv(void *ctx, gw_face *f, uint32_t cp) { return gw_face_advance(f, cp); }
static int m_asc(void *ctx, gw_face *f) { return gw_face_ascent(f); }
static int m_desc(void *ctx, gw_face *f) { return gw_face_descent(f); }
static int m_gap(void *ctx, gw_face *f) { return gw_face_line_gap(f); }
static int m_bold(void *ctx, gw_face *f) { return gw_face_is_bold(f); }
static int m_italic(void *ctx, gw_face *f) { return gw_face_is_italic(f); }

void gw_measure_fonts(gw_measure *out, gw_fonts *fs)
{
	out->ctx = fs;
	out->pick = m_pick;
	out->advance = m_adv;
	out->ascent = m_asc;
	out->descent = m_desc;
	out->line_gap = m_gap;
	out->is_bold = m_bold;
	out->is_italic = m_italic;
}

/* ==== libharu errors ==== */

typedef struct herr {
	HPDF_STATUS code, detail;
} herr;

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	herr *e = data;
	if (!e->code) {
		e->code = code;
		e->detail = detail;
	}
}

/* ==== Drawing ==== */

typedef struct imgcache {
	const gw_image *key;
	HPDF_Image img;
} imgcache;

typedef struct wr {
	HPDF_Doc pdf;
	herr he;
	gw_pdffonts *pf;
	imgcache *imgs;
	size_t nimgs;
	gw_err *err;
} wr;

/* What the page's graphics state holds between our operators (text and
 * images run inside q … Q and leave it as they found it). */
typedef struct pen {
	uint32_t stroke, fill;
	double width;
	int dash;
} pen;

static void put_rgb(gw_buf *b, uint32_t c, const char *op)
{
	gw_pdf_num(b, ((c >> 16) & 255) / 255.0);
	gw_buf_addc(b, ' ');
	gw_pdf_num(b, ((c >> 8) & 255) / 255.0);
	gw_buf_addc(b, ' ');
	gw_pdf_num(b, (c & 255) / 255.0);
	gw_buf_adds(b, op);
}

static void put_xy(gw_buf *b, double x, double y, const char *op)
{
	gw_pdf_num(b, x);
	gw_buf_addc(b, ' ');
	gw_pdf_num(b, y);
	gw_buf_adds(b, op);
}

/* Write what b holds to the page's content and empty it. */
static int flush(wr *w, HPDF_Page pg, gw_buf *b)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	if (b->len == 0)
		return 0;
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len) != HPDF_OK)
		return gw_err_set(w->err, GW_EPDF, "cannot write the page content (libharu error 0x%04X)",
				  (unsigned)w->he.code);
	b->len = 0;
	return 0;
}

static int image_of(wr *w, const gw_image *im, HPDF_Image *out)
{
	for (size_t i = 0; i < w->nimgs; i++)
		if (w->imgs[i].key == im) {
			*out = w->imgs[i].img;
			return 0;
		}
	HPDF_Image img = NULL;
	w->he.code = 0;
	if (im->format == 1)
		img = HPDF_LoadPngImageFromMem(w->pdf, im->data, (HPDF_UINT)im->len);
	else if (im->format == 2)
		img = HPDF_LoadJpegImageFromMem(w->pdf, im->data, (HPDF_UINT)im->len);
	if (!img) {
		HPDF_ResetError(w->pdf);
		return gw_err_set(w->err, GW_EPDF, "%s: image cannot be read (libharu error 0x%04X)",
				  im->part ? im->part : "image", (unsigned)w->he.code);
	}
	w->imgs = xrealloc(w->imgs, (w->nimgs + 1) * sizeof *w->imgs);
	w->imgs[w->nimgs].key = im;
	w->imgs[w->nimgs++].img = img;
	*out = img;
	return 0;
}

/* Rules and fills are written as PDF operators here (libharu's path calls
 * clear a 512-byte buffer and format with printf for each one: a form's
 * grid has hundreds); text goes through font.c; images through libharu. */
static int draw_page(wr *w, const gw_page *p)
{
	int rc = 0;
	HPDF_Page pg = HPDF_AddPage(w->pdf);
	pen st = {0, 0, 1.0, 0}; /* PDF's initial state: black, 1 pt, solid */
	gw_buf b;

	if (!pg)
		return gw_err_set(w->err, GW_EPDF, "cannot add a page (libharu error 0x%04X)",
				  (unsigned)w->he.code);
	gw_buf_init(&b);
	HPDF_Page_SetWidth(pg, (HPDF_REAL)p->width);
	HPDF_Page_SetHeight(pg, (HPDF_REAL)p->height);
	double H = p->height;
	for (size_t i = 0; i < p->nitems && rc == 0; i++) {
		const gw_item *it = &p->items[i];
		switch (it->kind) {
		case GW_ITEM_GLYPHS: {
			const gw_glyphs *g = &it->u.g;
			if ((rc = flush(w, pg, &b)) == 0)
				rc = gw_pdffonts_show(w->pf, pg, g->face, g->size, g->bold, g->italic,
						      g->color, g->cps, g->xs, g->n, H - g->y, w->err);
			break;
		}
		case GW_ITEM_LINE:
			if (it->u.line.width != st.width) {
				gw_pdf_num(&b, it->u.line.width);
				gw_buf_adds(&b, " w\n");
				st.width = it->u.line.width;
			}
			if (it->u.line.color != st.stroke) {
				put_rgb(&b, it->u.line.color, " RG\n");
				st.stroke = it->u.line.color;
			}
			if (it->u.line.dash != st.dash) {
				gw_buf_adds(&b, it->u.line.dash == 1   ? "[1 2] 0 d\n"
						: it->u.line.dash == 2 ? "[4 2] 0 d\n"
								       : "[] 0 d\n");
				st.dash = it->u.line.dash;
			}
			put_xy(&b, it->u.line.x0, H - it->u.line.y0, " m ");
			put_xy(&b, it->u.line.x1, H - it->u.line.y1, " l S\n");
			break;
		case GW_ITEM_RECT:
			if (it->u.rect.color != st.fill) {
				put_rgb(&b, it->u.rect.color, " rg\n");
				st.fill = it->u.rect.color;
			}
			put_xy(&b, it->u.rect.x, H - it->u.rect.y - it->u.rect.h, " ");
			put_xy(&b, it->u.rect.w, it->u.rect.h, " re f\n");
			break;
		case GW_ITEM_IMAGE: {
			HPDF_Image img = NULL;
			if ((rc = flush(w, pg, &b)) < 0 || (rc = image_of(w, it->u.image.img, &img)) < 0)
				break;
			HPDF_Page_DrawImage(pg, img, (HPDF_REAL)it->u.image.x,
					    (HPDF_REAL)(H - it->u.image.y - it->u.image.h),
					    (HPDF_REAL)it->u.image.w, (HPDF_REAL)it->u.image.h);
			break;
		}
		case GW_ITEM_BOX:
			/* a character no font has (--allow-missing-glyphs): font.c draws a
			 * visible box that still extracts as the character */
			if ((rc = flush(w, pg, &b)) == 0)
				rc = gw_pdffonts_show_missing(w->pf, pg, it->u.box.size, it->u.box.color,
							      &it->u.box.cp, &it->u.box.pen, 1,
							      H - it->u.box.baseline, w->err);
			break;
		}
	}
	if (rc == 0)
		rc = flush(w, pg, &b);
	gw_buf_dispose(&b);
	if (rc == 0 && w->he.code)
		rc = gw_err_set(w->err, GW_EPDF, "drawing a page failed (libharu error 0x%04X/%u)",
				(unsigned)w->he.code, (unsigned)w->he.detail);
	return rc;
}

/* ==== Metadata ==== */

/* A PDF text string: UTF-16BE with a BOM, written as a hex string, so any
 * character (CJK, beyond the BMP) survives whatever libharu's encoder is. */
static void info_text(wr *w, const char *key, const char *utf8)
{
	if (!utf8 || !*utf8)
		return;
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_add(&b, "\xFE\xFF", 2);
	const char *p = utf8, *end = utf8 + strlen(utf8);
	while (p < end) {
		int32_t cp = gw_utf8_next(&p, end);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			uint32_t v = (uint32_t)cp - 0x10000;
			uint16_t hi = (uint16_t)(0xD800 + (v >> 10)), lo = (uint16_t)(0xDC00 + (v & 0x3FF));
			char u[4] = {(char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo};
			gw_buf_add(&b, u, 4);
		} else {
			char u[2] = {(char)(cp >> 8), (char)cp};
			gw_buf_add(&b, u, 2);
		}
	}
	HPDF_Dict info = w->pdf->info;
	if (info) {
		HPDF_Binary s = HPDF_Binary_New(w->pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
		if (s)
			HPDF_Dict_Add(info, key, s);
	}
	gw_buf_dispose(&b);
}

static void set_metadata(wr *w, gw_doc *const *docs, size_t ndocs, const gw_pdf_opts *o)
{
	const gw_doc *d = ndocs ? docs[0] : NULL;
	/* creates the Info dictionary */
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "gongwen");
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_PRODUCER, "gongwen (libharu)");
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			tm.tm_sec, 'Z', 0, 0};
	HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, dt);
	HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, dt);
	info_text(w, "Title", o->title ? o->title : d ? d->title : NULL);
	info_text(w, "Author", o->author ? o->author : d ? d->author : NULL);
	info_text(w, "Subject", o->subject ? o->subject : d ? d->subject : NULL);
	info_text(w, "Keywords", o->keywords ? o->keywords : d ? d->keywords : NULL);
}

/* ==== Writer ==== */

static void emit_warning(const gw_pdf_opts *o, const char *msg)
{
	if (o->warn)
		o->warn(o->warn_ctx, msg);
	else
		fprintf(stderr, "gongwen: warning: %s\n", msg);
}

int gw_pdf_write_mem(char **out, size_t *len, gw_doc *const *docs, size_t ndocs,
		     gw_fonts *fonts, const gw_pdf_opts *opts, gw_err *err)
{
	int rc = 0;
	gw_pdf_opts o = {0};
	if (opts)
		o = *opts;
	gw_layout *lay = NULL;
	wr w = {0};
	w.err = err;
	*out = NULL;
	*len = 0;
	gw_measure m;
	gw_measure_fonts(&m, fonts);
	gw_layout_opts lo = {o.allow_missing_glyphs, 0};
	for (size_t i = 0; i < ndocs; i++) {
		for (int k = 0; k < docs[i]->nwarnings; k++)
			emit_warning(&o, docs[i]->warnings[k]);
		if ((rc = gw_layout_doc(&lay, docs[i], i, &m, &lo, err)) < 0)
			goto done;
	}
	if (!lay || lay->npages == 0) {
		rc = gw_err_set(err, GW_EDATA, "no document to render");
		goto done;
	}
	for (int k = 0; k < lay->nwarnings; k++)
		emit_warning(&o, lay->warnings[k]);
	if (o.strict) {
		int lost = lay->nlost;
		for (size_t i = 0; i < ndocs; i++)
			lost += docs[i]->nlost;
		if (lost > 0) {
			rc = gw_err_set(err, GW_EDATA, "text not drawn (%d warning%s above): "
					"--strict writes no PDF", lost, lost == 1 ? "" : "s");
			goto done;
		}
	}

	w.pdf = HPDF_New(on_error, &w.he);
	if (!w.pdf) {
		rc = gw_err_set(err, GW_EPDF, "libharu cannot start a document");
		goto done;
	}
	HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL);
	set_metadata(&w, docs, ndocs, &o);
	w.pf = gw_pdffonts_new(fonts, w.pdf);
	/* Pass 1: every character drawn, so each face is subset once. */
	for (size_t p = 0; p < lay->npages; p++)
		for (size_t i = 0; i < lay->pages[p].nitems; i++) {
			const gw_item *it = &lay->pages[p].items[i];
			if (i == 0)
				gw_pdffonts_group(w.pf, o.fonts_per_document ? (int)lay->pages[p].doc : 0);
			if (it->kind == GW_ITEM_GLYPHS)
				for (size_t j = 0; j < it->u.g.n; j++)
					gw_pdffonts_use(w.pf, it->u.g.face, it->u.g.cps[j]);
		}
	if ((rc = gw_pdffonts_embed(w.pf, err)) < 0)
		goto done;
	/* Pass 2: draw. */
	for (size_t p = 0; p < lay->npages && rc == 0; p++) {
		gw_pdffonts_group(w.pf, o.fonts_per_document ? (int)lay->pages[p].doc : 0);
		rc = draw_page(&w, &lay->pages[p]);
	}
	if (rc < 0)
		goto done;
	if (o.archive) {
		/* PDF/A-1b (pdfa.c): Info and XMP from the same values, sRGB
		 * output intent, /ID; after drawing, as it checks the fonts. */
		const gw_doc *d = ndocs ? docs[0] : NULL;
		gw_pdf_meta pm = {o.title ? o.title : d ? d->title : NULL,
				  o.author ? o.author : d ? d->author : NULL,
				  o.subject ? o.subject : d ? d->subject : NULL,
				  o.keywords ? o.keywords : d ? d->keywords : NULL, "gongwen", 0};
		if ((rc = gw_pdfa_archive(w.pdf, &pm, NULL, err)) < 0)
			goto done;
	}
	w.he.code = 0;
	gw_buf ob;
	gw_buf_init(&ob);
	if (gw_hpdf_save(w.pdf, &ob) != HPDF_OK) {
		gw_buf_dispose(&ob);
		rc = gw_err_set(err, GW_EPDF, "cannot serialise the PDF (libharu error 0x%04X/%u)",
				(unsigned)w.he.code, (unsigned)w.he.detail);
		goto done;
	}
	*out = gw_buf_detach(&ob, len);
done:
	gw_pdffonts_free(w.pf);
	if (w.pdf)
		HPDF_Free(w.pdf);
	free(w.imgs);
	gw_layout_free(lay);
	return rc;
}

int gw_pdf_write(const char *path, gw_doc *const *docs, size_t ndocs, gw_fonts *fonts,
		 const gw_pdf_opts *opts, gw_err *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc = gw_pdf_write_mem(&data, &len, docs, ndocs, fonts, opts, err);
	if (rc == 0)
		rc = gw_file_write_atomic(path, data, len, err);
	free(data);
	return rc;
}

/* ==== An image as a page (attach.c prints PNG and JPEG attachments) ==== */

/* One A4 page, portrait or landscape as the image is; the image scaled to fit
 * inside 1.5 cm margins and centred, at no more than 150 dpi (a small
 * screenshot is not blown up to the page).  libharu reads the image itself
 * (libpng for PNG; a JPEG is embedded as it is, DCT-encoded). */
int gw_pdf_image_page(char **out, size_t *len, const void *img, size_t n, int png,
		      gw_err *err)
{
	herr he = {0};
	HPDF_Doc pdf = HPDF_New(on_error, &he);
	HPDF_Image im = NULL;
	int rc = 0;
	gw_buf ob;

	*out = NULL;
	*len = 0;
	gw_buf_init(&ob);
	if (!pdf)
		return gw_err_set(err, GW_EPDF, "libharu cannot start a document");
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	im = png ? HPDF_LoadPngImageFromMem(pdf, img, (HPDF_UINT)n)
		 : HPDF_LoadJpegImageFromMem(pdf, img, (HPDF_UINT)n);
	if (!im || he.code) {
		rc = gw_err_set(err, GW_EDATA, "not a readable %s image (libharu error 0x%04X)",
				png ? "PNG" : "JPEG", (unsigned)he.code);
		goto done;
	}
	double w = HPDF_Image_GetWidth(im), h = HPDF_Image_GetHeight(im);
	if (w < 1 || h < 1) {
		rc = gw_err_set(err, GW_EDATA, "an image without pixels");
		goto done;
	}
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
			  w > h ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	double pw = HPDF_Page_GetWidth(page), ph = HPDF_Page_GetHeight(page);
	double margin = 1.5 / 2.54 * 72, aw = pw - 2 * margin, ah = ph - 2 * margin;
	double s = 72.0 / 150; /* points per pixel at 150 dpi */
	if (w * s > aw)
		s = aw / w;
	if (h * s > ah)
		s = ah / h;
	HPDF_Page_DrawImage(page, im, (HPDF_REAL)((pw - w * s) / 2), (HPDF_REAL)((ph - h * s) / 2),
			    (HPDF_REAL)(w * s), (HPDF_REAL)(h * s));
	if (he.code || gw_hpdf_save(pdf, &ob) != HPDF_OK) {
		rc = gw_err_set(err, GW_EPDF, "cannot make a page of the image (libharu error "
				"0x%04X/%u)", (unsigned)he.code, (unsigned)he.detail);
		goto done;
	}
	*out = gw_buf_detach(&ob, len);
done:
	gw_buf_dispose(&ob);
	HPDF_Free(pdf);
	return rc;
}
