/*
 * pdf_image.c — an image (PNG, JPEG) as one page of PDF, so that an attached
 * screenshot prints inside packet.pdf (attach.c appends the page with qpdf).
 * Part of the PDF module: wraps libharu, as pdf.c does.
 *
 * The page is A4, portrait or landscape as the image is; the image is scaled
 * to fit inside 1.5 cm margins and centred, at no more than 150 dpi (a small
 * screenshot is not blown up to the page).  libharu reads the image itself
 * (libpng for PNG; a JPEG is embedded as it is, DCT-encoded): a file it
 * cannot read is GW_EDATA.
 */
#include "pdf.h"
#include "pdfio.h"

#include <hpdf.h>

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
