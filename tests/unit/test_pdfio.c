/*
 * test_pdfio.c — pdfio.c: numbers without printf, streams over bytes in
 * memory, saving straight into a buffer with page content deflated.
 */
#include "t.h"
#include "common.h"
#include "pdfio.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *fmt(double v)
{
	static char out[64];
	gw_buf b;
	gw_buf_init(&b);
	gw_pdf_num(&b, v);
	snprintf(out, sizeof out, "%.*s", (int)b.len, b.data);
	gw_buf_dispose(&b);
	return out;
}

TEST(pdfio_num)
{
	CHECK_STR(fmt(0), "0");
	CHECK_STR(fmt(-0.0004), "0");
	CHECK_STR(fmt(12), "12");
	CHECK_STR(fmt(-0.5), "-0.5");
	CHECK_STR(fmt(1 / 3.0), "0.333");
	CHECK_STR(fmt(2 / 3.0), "0.667");
	CHECK_STR(fmt(841.89), "841.89");
	CHECK_STR(fmt(-1234567.8915), "-1234567.892");
	CHECK_STR(fmt(0.0996), "0.1");
	CHECK_STR(fmt(1e300), "0");
	CHECK_STR(fmt(0.0 / 0.0), "0");
}

static int released;
static void release(void *p) { released += p == (void *)&released; }

static void on_err(HPDF_STATUS e, HPDF_STATUS d, void *u) {}

static size_t count(const char *d, size_t n, const char *needle)
{
	size_t k = 0, l = strlen(needle);
	for (const char *p = d; (p = memmem(p, n - (size_t)(p - d), needle, l)) != NULL; p += l)
		k++;
	return k;
}

TEST(pdfio_save)
{
	/* A stream over our bytes is written as it is (Length right, /Filter
	 * only when deflated) and released with the document; page content is
	 * deflated; the PDF lands in the buffer whole. */
	HPDF_Doc pdf = HPDF_New(on_err, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_Page page = HPDF_AddPage(pdf);
	static const char raw[] = "plain bytes, not deflated";
	char *z = NULL;
	size_t zn = 0;
	char big[4000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = "abcd"[i % 4];
	CHECK_INT(gw_deflate(&z, &zn, big, sizeof big), 1);
	CHECK(zn < 100);
	HPDF_Dict a = gw_hpdf_bytes(pdf, raw, strlen(raw), 0, release, &released);
	HPDF_Dict b = gw_hpdf_bytes(pdf, z, zn, 1, NULL, NULL);
	CHECK(a != NULL && b != NULL);
	HPDF_Dict_Add(pdf->catalog, "GWTestA", a);
	HPDF_Dict_Add(pdf->catalog, "GWTestB", b);
	for (int i = 0; i < 200; i++) {
		HPDF_Page_MoveTo(page, 10, 10 + i);
		HPDF_Page_LineTo(page, 200, 10 + i);
		HPDF_Page_Stroke(page);
	}
	gw_buf out;
	gw_buf_init(&out);
	CHECK_INT(gw_hpdf_save(pdf, &out), HPDF_OK);
	CHECK(out.len > 0 && memcmp(out.data, "%PDF-", 5) == 0);
	CHECK(memmem(out.data, out.len, "%%EOF", 5) != NULL);
	CHECK(memmem(out.data, out.len, raw, strlen(raw)) != NULL);
	CHECK(memmem(out.data, out.len, z, zn) != NULL);
	/* the deflated stream and the page content: two filters; no "200 l" in
	 * clear (the content is compressed) */
	CHECK_INT(count(out.data, out.len, "/Filter /FlateDecode"), 2);
	CHECK(memmem(out.data, out.len, " l\012", 3) == NULL);
	char len[32];
	snprintf(len, sizeof len, "%zu\012endobj", strlen(raw));
	CHECK(memmem(out.data, out.len, len, strlen(len)) != NULL);
	CHECK_INT(released, 0);
	HPDF_Free(pdf);
	CHECK_INT(released, 1);
	gw_buf_dispose(&out);
	free(z);
}
