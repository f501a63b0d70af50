/* Unit tests for font_pdf.c: the ToUnicode CMap, and a driver that writes a
 * PDF page through libharu + gw_pdffonts_* alone (BMP, Ext-B, Latin,
 * synthetic bold/italic, a missing-glyph box).  tests/e2e/fontpdf.sh runs the
 * driver with GW_FONTPDF_OUT set and checks the PDF with poppler, qpdf and
 * pdf.js. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "t.h"
#include "common.h"
#include "font.h"
#include "pdfio.h"
#include "pdfa.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TEST(fontpdf_tounicode)
{
	gw_buf b;
	uint32_t cps[] = {0x4E2D, 0x21619, 'A', 0x20000, 0x2A6A5};
	gw_buf_init(&b);
	gw_pdffonts_tounicode(&b, cps, 5);
	CHECK(strstr(b.data, "/CMapType 2 def") != NULL);
	CHECK(strstr(b.data, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange") != NULL);
	CHECK(strstr(b.data, "5 beginbfchar\n") != NULL);
	CHECK(strstr(b.data, "<0001> <4E2D>\n") != NULL);
	/* U+21619 → D845 DE19 */
	CHECK(strstr(b.data, "<0002> <D845DE19>\n") != NULL);
	CHECK(strstr(b.data, "<0003> <0041>\n") != NULL);
	CHECK(strstr(b.data, "<0004> <D840DC00>\n") != NULL);
	CHECK(strstr(b.data, "<0005> <D869DEA5>\n") != NULL);
	CHECK(strstr(b.data, "cidrange") == NULL);
	gw_buf_dispose(&b);
	/* More than 100 entries: blocks of at most 100. */
	uint32_t many[250];
	for (int i = 0; i < 250; i++)
		many[i] = 0x4E00 + i;
	gw_buf_init(&b);
	gw_pdffonts_tounicode(&b, many, 250);
	CHECK(strstr(b.data, "100 beginbfchar") != NULL);
	CHECK(strstr(b.data, "50 beginbfchar") != NULL);
	CHECK(strstr(b.data, "<00FA> <4EF9>") != NULL);
	gw_buf_dispose(&b);
}

static void herr(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	fprintf(stderr, "libharu error 0x%04X detail %u\n", (unsigned)e, (unsigned)d);
}

typedef struct line {
	const char *font, *text;
	double size;
	int bold, italic;
	uint32_t rgb;
} line;

static const line lines[] = {
	{"標楷體", "申請人：王𡘙𠀀𪚥", 16, 0, 0, 0},
	{"標楷體", "臺中市政府資訊中心機房設備進駐申請", 14, 0, 0, 0},
	{"Times New Roman", "Data Centre move-in, 2026-11-25 (v1.0)", 12, 0, 0, 0},
	{"Times New Roman", "Bold Times", 12, 1, 0, 0x000000},
	{"標楷體", "粗體標楷", 14, 1, 0, 0xC00000},
	{"標楷體", "斜體標楷", 14, 0, 1, 0x0000C0},
	{"Arial", "Arial italic", 12, 0, 1, 0},
	{"標楷體", "☐ 否 ☑ 是 ■", 14, 0, 0, 0},
	{"新細明體", "細明體與𪚥字", 12, 0, 0, 0},
};

/* The same letter for another addressee: a mail merge's second document. */
static const line lines2[] = {
	{"標楷體", "申請人：林美玲", 16, 0, 0, 0},
	{"標楷體", "臺中市政府資訊中心機房設備進駐申請", 14, 0, 0, 0},
	{"Times New Roman", "Data Centre move-in, 2026-12-01 (v1.0)", 12, 0, 0, 0},
	{"Times New Roman", "Bold Times", 12, 1, 0, 0x000000},
	{"標楷體", "粗體標楷", 14, 1, 0, 0xC00000},
	{"標楷體", "斜體標楷", 14, 0, 1, 0x0000C0},
	{"Arial", "Arial italic", 12, 0, 1, 0},
	{"標楷體", "☐ 否 ☑ 是 ■", 14, 0, 0, 0},
	{"新細明體", "細明體與𪚥字", 12, 0, 0, 0},
};

/* Build the page with fonts fs (NULL: open fonts/manifest); 0 or GW_E*. */
static int write_pdf_lines(const char *path, gw_fonts *given, const line *lines, size_t nl, int archive,
			   gw_err *err, size_t *subset_bytes, size_t *built_bytes)
{
	gw_fonts *fs = given;
	gw_pdffonts *pf = NULL;
	HPDF_Doc pdf = NULL;
	HPDF_Page page;
	int rc = 0;

	if (fs == NULL && (rc = gw_fonts_open(&fs, "fonts/manifest", err)) < 0)
		goto done;
	pdf = HPDF_New(herr, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	pf = gw_pdffonts_new(fs, pdf);
	/* First pass: declare. */
	for (size_t l = 0; l < nl; l++) {
		const char *s = lines[l].text, *e = s + strlen(s);
		int32_t cp;
		while (s < e && (cp = gw_utf8_next(&s, e)) >= 0)
			gw_pdffonts_use(pf, gw_fonts_pick_style(fs, lines[l].font, lines[l].bold,
								 lines[l].italic, (uint32_t)cp),
					(uint32_t)cp);
	}
	gw_pdffonts_use(pf, gw_fonts_pick(fs, "標楷體", 'x'), 'x');
	if ((rc = gw_pdffonts_embed(pf, err)) < 0)
		goto done;
	/* Second pass: draw, one run per face change. */
	double y = 800;
	for (size_t l = 0; l < nl; l++) {
		const char *s = lines[l].text, *e = s + strlen(s);
		uint32_t cps[64];
		double xs[64], x = 72;
		gw_face *run = NULL;
		size_t n = 0;
		int32_t cp;
		while (1) {
			gw_face *f = NULL;
			cp = s < e ? gw_utf8_next(&s, e) : -1;
			if (cp >= 0)
				f = gw_fonts_pick_style(fs, lines[l].font, lines[l].bold, lines[l].italic,
							(uint32_t)cp);
			if (n > 0 && (cp < 0 || f != run)) {
				if ((rc = gw_pdffonts_show(pf, page, run, lines[l].size, lines[l].bold,
							   lines[l].italic, lines[l].rgb, cps, xs, n, y,
							   err)) < 0)
					goto done;
				n = 0;
			}
			if (cp < 0)
				break;
			run = f;
			cps[n] = (uint32_t)cp;
			xs[n++] = x;
			x += gw_face_advance(f, (uint32_t)cp) * lines[l].size / 1000.0;
		}
		y -= lines[l].size * 1.6;
	}
	/* A character no font has: the box. */
	{
		uint32_t miss[] = {0x2705};
		double mx[] = {72};
		if ((rc = gw_pdffonts_show(pf, page, NULL, 12, 0, 0, 0, miss, mx, 1, y, err)) < 0)
			goto done;
	}
	if (subset_bytes)
		*subset_bytes = gw_pdffonts_subset_bytes(pf);
	if (built_bytes)
		*built_bytes = gw_pdffonts_built_bytes(pf);
	{
		gw_pdf_meta m = {"臺中市政府資訊機房設備進駐申請 & <測試>", "臺中市政府教育局",
				 "機房設備移入申請函", "機房, 進駐, 𡘙", NULL, 1764062400};
		if ((rc = archive ? gw_pdfa_archive(pdf, &m, NULL, err) : gw_pdf_set_meta(pdf, &m, err)) < 0)
			goto done;
	}
	if (HPDF_SaveToFile(pdf, path) != HPDF_OK)
		rc = gw_err_set(err, GW_EIO, "%s: cannot save", path);
done:
	gw_pdffonts_free(pf);
	if (pdf)
		HPDF_Free(pdf);
	if (given == NULL)
		gw_fonts_free(fs);
	return rc;
}

static int write_pdf(const char *path, int archive, gw_err *err, size_t *subset_bytes)
{
	return write_pdf_lines(path, NULL, lines, sizeof lines / sizeof lines[0], archive, err,
			       subset_bytes, NULL);
}

TEST(fontpdf_driver)
{
	const char *env = getenv("GW_FONTPDF_OUT");
	char *path = env ? xstrdup(env) : xasprintf("%s/fonts.pdf", t_tmpdir());
	gw_err err = {0};
	size_t sb = 0;
	int rc = write_pdf(path, 0, &err, &sb);
	if (!CHECK_INT(rc, 0))
		printf("  %s\n", err.msg);
	char *d = NULL;
	size_t n = 0;
	if (rc == 0 && gw_file_read(&d, &n, path, 8u << 20, &err) == 0) {
		CHECK(n > 1000);
		CHECK(n < 120000);      /* subsets, not 500 KB of TW-Kai */
		CHECK(sb > 0 && sb < 200000);
		CHECK(memmem(d, n, "/CIDFontType2", 13) != NULL);
		CHECK(memmem(d, n, "/ToUnicode", 10) != NULL);
		CHECK(memmem(d, n, "/Identity-H", 11) != NULL);
		CHECK(memmem(d, n, "TW-Kai-Ext-B", 12) != NULL);
		free(d);
	}
	free(path);
}

TEST(fontpdf_errors)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	HPDF_Doc pdf;
	HPDF_Page page;
	if (gw_fonts_open(&fs, "fonts/manifest", &err) < 0) {
		CHECK(0);
		return;
	}
	pdf = HPDF_New(herr, NULL);
	page = HPDF_AddPage(pdf);
	gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
	gw_face *k = gw_fonts_pick(fs, "標楷體", 0x4E2D);
	uint32_t cp = 0x4E2D, other = 0x6587;
	double x = 10;
	/* Drawing before embed is an error, not a crash. */
	CHECK_INT(gw_pdffonts_show(pf, page, k, 12, 0, 0, 0, &cp, &x, 1, 100, &err), GW_EPDF);
	gw_err_clear(&err);
	gw_pdffonts_use(pf, k, cp);
	CHECK_INT(gw_pdffonts_embed(pf, &err), 0);
	CHECK_INT(gw_pdffonts_show(pf, page, k, 12, 0, 0, 0, &cp, &x, 1, 100, &err), 0);
	/* A character not declared before embedding is named. */
	CHECK_INT(gw_pdffonts_show(pf, page, k, 12, 0, 0, 0, &other, &x, 1, 100, &err), GW_EPDF);
	CHECK(strstr(err.msg, "U+6587") != NULL);
	/* Inside a text object: refused. */
	gw_err_clear(&err);
	HPDF_Page_BeginText(page);
	CHECK_INT(gw_pdffonts_show(pf, page, k, 12, 0, 0, 0, &cp, &x, 1, 100, &err), GW_EPDF);
	HPDF_Page_EndText(page);
	gw_pdffonts_free(pf);
	HPDF_Free(pdf);
	gw_fonts_free(fs);
}

TEST(fontpdf_archive)
{
	const char *env = getenv("GW_FONTPDF_OUT_A");
	char *path = env ? xstrdup(env) : xasprintf("%s/fonts-a.pdf", t_tmpdir());
	gw_err err = {0};
	int rc = write_pdf(path, 1, &err, NULL);
	if (!CHECK_INT(rc, 0))
		printf("  %s\n", err.msg);
	char *d = NULL;
	size_t n = 0;
	if (rc == 0 && gw_file_read(&d, &n, path, 8u << 20, &err) == 0) {
		CHECK(memcmp(d, "%PDF-1.4", 8) == 0);
		CHECK(memmem(d, n, "<pdfaid:part>1</pdfaid:part>", 28) != NULL);
		CHECK(memmem(d, n, "/Subtype /XML", 13) != NULL);
		CHECK(memmem(d, n, "/DestOutputProfile ", 19) != NULL);
		CHECK(memmem(d, n, "/GTS_PDFA1", 10) != NULL);
		CHECK(memmem(d, n, "/ID [", 5) != NULL);
		CHECK(memmem(d, n, "&amp; &lt;", 10) != NULL);
		CHECK(memmem(d, n, "/CIDSet", 7) != NULL);
		free(d);
	}
	free(path);
}

TEST(fontpdf_archive_refuses_base14)
{
	HPDF_Doc pdf = HPDF_New(herr, NULL);
	gw_err err = {0};
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetFontAndSize(page, HPDF_GetFont(pdf, "Helvetica", NULL), 12);
	CHECK_INT(gw_pdfa_archive(pdf, NULL, NULL, &err), GW_EPDF);
	CHECK(strstr(err.msg, "Helvetica") != NULL);
	gw_err_clear(&err);
	HPDF_Free(pdf);
	pdf = HPDF_New(herr, NULL);
	HPDF_AddPage(pdf);
	CHECK_INT(gw_pdfa_archive(pdf, NULL, "/nonexistent.icc", &err), GW_EPDF);
	CHECK(strstr(err.msg, "/nonexistent.icc") != NULL);
	HPDF_Free(pdf);
}

static int count(const char *d, size_t n, const char *needle)
{
	int k = 0;
	size_t l = strlen(needle);
	for (const char *p = d; (p = memmem(p, n - (size_t)(p - d), needle, l)) != NULL; p += l)
		k++;
	return k;
}

TEST(fontpdf_reuse)
{
	/* Two documents in one process: the second reuses the first's subsets
	 * and subsets only the new name (林美玲) and digits. */
	const char *env = getenv("GW_FONTPDF_OUT_R");
	char *p1 = xasprintf("%s/r1.pdf", t_tmpdir());
	char *p2 = env ? xstrdup(env) : xasprintf("%s/r2.pdf", t_tmpdir());
	char *p3 = xasprintf("%s/r3.pdf", t_tmpdir());
	gw_fonts *fs = NULL;
	gw_err err = {0};
	size_t sub1 = 0, built1 = 0, sub2 = 0, built2 = 0, sub3 = 0, built3 = 0;
	char *d = NULL;
	size_t n = 0;
	const size_t nl = sizeof lines / sizeof lines[0];

	if (!CHECK_INT(gw_fonts_open(&fs, "fonts/manifest", &err), 0))
		goto done;
	CHECK_INT(write_pdf_lines(p1, fs, lines, nl, 0, &err, &sub1, &built1), 0);
	CHECK_INT(write_pdf_lines(p2, fs, lines2, nl, 0, &err, &sub2, &built2), 0);
	CHECK_INT(built1, sub1);              /* first: everything built */
	CHECK(built2 > 0 && built2 * 10 < sub2); /* second: only the new characters */
	if (gw_file_read(&d, &n, p2, 8u << 20, &err) == 0) {
		/* TW-Kai twice (cached + the new characters); Ext-B not at all. */
		CHECK_INT(count(d, n, "+TW-Kai-98_1"), 2 * 3);
		CHECK_INT(count(d, n, "+TW-Kai-Ext-B"), 0);
		free(d);
	}
	/* Reuse off: one subset per face, built from scratch. */
	gw_fonts_set_reuse(fs, 0);
	CHECK_INT(write_pdf_lines(p3, fs, lines2, nl, 0, &err, &sub3, &built3), 0);
	CHECK_INT(built3, sub3);
	if (gw_file_read(&d, &n, p3, 8u << 20, &err) == 0) {
		CHECK_INT(count(d, n, "+TW-Kai-98_1"), 3); /* BaseFont x2 + FontName */
		free(d);
	}
done:
	gw_fonts_free(fs);
	free(p1);
	free(p2);
	free(p3);
}

TEST(fontpdf_reuse_concurrent)
{
	/* Two documents open at once on one gw_fonts: the second replaces the
	 * face's cached subset while the first still draws with it. */
	gw_fonts *fs = NULL;
	gw_err err = {0};
	if (!CHECK_INT(gw_fonts_open(&fs, "fonts/manifest", &err), 0))
		return;
	HPDF_Doc a = HPDF_New(herr, NULL), b = HPDF_New(herr, NULL), c = HPDF_New(herr, NULL);
	HPDF_Page pa = HPDF_AddPage(a), pb = HPDF_AddPage(b), pc = HPDF_AddPage(c);
	gw_pdffonts *fa = gw_pdffonts_new(fs, a), *fb = gw_pdffonts_new(fs, b), *fc = gw_pdffonts_new(fs, c);
	gw_face *k = gw_fonts_pick(fs, "標楷體", 0x4E2D);
	uint32_t one[] = {0x4E2D, 0x6587}, other[] = {0x7532, 0x4E59, 0x4E19};
	double xs[] = {10, 22, 34};
	for (int i = 0; i < 2; i++)
		gw_pdffonts_use(fa, k, one[i]);
	CHECK_INT(gw_pdffonts_embed(fa, &err), 0);     /* cache = {中文} */
	for (int i = 0; i < 3; i++)
		gw_pdffonts_use(fb, k, other[i]);
	CHECK_INT(gw_pdffonts_embed(fb, &err), 0);     /* cache = {甲乙丙}; a keeps {中文} */
	for (int i = 0; i < 3; i++)
		gw_pdffonts_use(fc, k, other[i]);
	CHECK_INT(gw_pdffonts_embed(fc, &err), 0);     /* c reuses {甲乙丙} */
	CHECK_INT(gw_pdffonts_built_bytes(fc), 0);
	CHECK_INT(gw_pdffonts_show(fa, pa, k, 12, 0, 0, 0, one, xs, 2, 100, &err), 0);
	CHECK_INT(gw_pdffonts_show(fb, pb, k, 12, 0, 0, 0, other, xs, 3, 100, &err), 0);
	CHECK_INT(gw_pdffonts_show(fc, pc, k, 12, 0, 0, 0, other, xs, 3, 100, &err), 0);
	gw_pdffonts_free(fb);
	gw_pdffonts_free(fa);
	gw_pdffonts_free(fc);
	HPDF_Free(a);
	HPDF_Free(b);
	HPDF_Free(c);
	gw_fonts_free(fs);
}

/* Declare and embed the characters of utf8 (face 標楷體) in group g of pf. */
static int use_text(gw_pdffonts *pf, gw_fonts *fs, int g, const char *utf8, gw_err *err)
{
	const char *s = utf8, *e = s + strlen(s);
	int32_t cp;
	gw_pdffonts_group(pf, g);
	while (s < e && (cp = gw_utf8_next(&s, e)) >= 0)
		gw_pdffonts_use(pf, gw_fonts_pick(fs, "標楷體", (uint32_t)cp), (uint32_t)cp);
	return 0;
}

static const char text_a[] = "臺中市政府數位發展局函受文者發文日期字號速別密等及解密條件或保密期限附件主旨說明正本副本局長";
static const char text_b[] = "資訊機房設備系統移攜出入申請單軟硬體資產資料廠牌型號序號數量用途主機名稱作業系統資料庫維護廠商";

/* Embed text in a fresh document (one group) and return the bytes built. */
static size_t embed_built(gw_fonts *fs, const char *text)
{
	gw_err err = {0};
	HPDF_Doc pdf = HPDF_New(herr, NULL);
	gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
	size_t built = (size_t)-1;
	use_text(pf, fs, 0, text, &err);
	if (gw_pdffonts_embed(pf, &err) == 0)
		built = gw_pdffonts_built_bytes(pf);
	gw_pdffonts_free(pf);
	HPDF_Free(pdf);
	return built;
}

TEST(fontpdf_cache_several)
{
	/* The documents of a packet alternate (letter, form, letter, form…):
	 * each face keeps several subsets, so the second letter reuses the
	 * first's although a form came in between. */
	gw_fonts *fs = NULL;
	gw_err err = {0};
	if (!CHECK_INT(gw_fonts_open(&fs, "fonts/manifest", &err), 0))
		return;
	CHECK(embed_built(fs, text_a) > 0);
	CHECK(embed_built(fs, text_b) > 0);
	CHECK_INT(embed_built(fs, text_a), 0);
	CHECK_INT(embed_built(fs, text_b), 0);
	/* A letter with a few new characters (a name) builds only those. */
	char more[512];
	snprintf(more, sizeof more, "%s林美玲", text_a);
	size_t built = embed_built(fs, more);
	CHECK(built > 0 && built < 4000); /* three glyphs, not the letter's sixty */
	gw_fonts_set_reuse(fs, 0);
	CHECK(embed_built(fs, text_a) > 0);
	gw_fonts_free(fs);
}

TEST(fontpdf_groups)
{
	/* One PDF holding two documents, one group each, both rendered before:
	 * nothing is subset again; each group draws with its own fonts; a
	 * subset both groups use is written once. */
	gw_fonts *fs = NULL;
	gw_err err = {0};
	if (!CHECK_INT(gw_fonts_open(&fs, "fonts/manifest", &err), 0))
		return;
	CHECK(embed_built(fs, text_a) > 0);
	CHECK(embed_built(fs, text_b) > 0);
	HPDF_Doc pdf = HPDF_New(herr, NULL);
	HPDF_Page p1 = HPDF_AddPage(pdf), p2 = HPDF_AddPage(pdf);
	gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
	use_text(pf, fs, 0, text_a, &err);
	use_text(pf, fs, 1, text_b, &err);
	use_text(pf, fs, 2, text_a, &err); /* a third document like the first */
	CHECK_INT(gw_pdffonts_embed(pf, &err), 0);
	CHECK_INT(gw_pdffonts_built_bytes(pf), 0);
	gw_face *k = gw_fonts_pick(fs, "標楷體", 0x81FA);
	uint32_t a[] = {0x81FA, 0x4E2D}, b[] = {0x8CC7, 0x8A0A}; /* 臺中, 資訊 */
	double xs[] = {100, 114};
	gw_pdffonts_group(pf, 0);
	CHECK_INT(gw_pdffonts_show(pf, p1, k, 14, 0, 0, 0, a, xs, 2, 700, &err), 0);
	gw_pdffonts_group(pf, 1);
	CHECK_INT(gw_pdffonts_show(pf, p2, k, 14, 0, 0, 0, b, xs, 2, 700, &err), 0);
	/* 資 is not in group 0's fonts: drawing it there is refused. */
	gw_pdffonts_group(pf, 0);
	CHECK(gw_pdffonts_show(pf, p1, k, 14, 0, 0, 0, b, xs, 2, 600, &err) < 0);
	gw_buf out;
	gw_buf_init(&out);
	CHECK_INT(gw_hpdf_save(pdf, &out), HPDF_OK);
	CHECK_INT(count(out.data, out.len, "/Subtype /Type0"), 2);
	CHECK_INT(count(out.data, out.len, "/FontFile2"), 2);
	CHECK(count(out.data, out.len, "/Filter /FlateDecode") >= 4);
	gw_buf_dispose(&out);
	gw_pdffonts_free(pf);
	HPDF_Free(pdf);
	gw_fonts_free(fs);
}

TEST(fontpdf_spacing)
{
	/* Uniform gaps (justified CJK) become Tc; an irregular gap stays a TJ
	 * adjustment; italic skews the text matrix; bold strokes. */
	gw_fonts *fs = NULL;
	gw_err err = {0};
	if (!CHECK_INT(gw_fonts_open(&fs, "fonts/manifest", &err), 0))
		return;
	HPDF_Doc pdf = HPDF_New(herr, NULL);
	HPDF_Page page = HPDF_AddPage(pdf);
	gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
	gw_face *k = gw_fonts_pick(fs, "標楷體", 0x4E2D);
	uint32_t c[] = {0x7533, 0x8ACB, 0x4EBA};
	double even[] = {100, 112.5, 125}, odd[] = {100, 110, 125};
	for (int i = 0; i < 3; i++)
		gw_pdffonts_use(pf, k, c[i]);
	CHECK_INT(gw_pdffonts_embed(pf, &err), 0);
	CHECK_INT(gw_pdffonts_show(pf, page, k, 10, 0, 0, 0, c, even, 3, 700, &err), 0);
	CHECK_INT(gw_pdffonts_show(pf, page, k, 10, 1, 1, 0xFF0000, c, odd, 3, 600, &err), 0);
	HPDF_SaveToStream(pdf);
	size_t n = HPDF_GetStreamSize(pdf);
	char *d = xmalloc(n + 1);
	HPDF_UINT32 got = (HPDF_UINT32)n;
	HPDF_ReadFromStream(pdf, (HPDF_BYTE *)d, &got);
	d[got] = 0;
	const char *want1 = "0 0 0 rg 2.5 Tc\nBT 1 0 0 1 100 700 Tm /GW1 10 Tf [<000100020003>] TJ";
	const char *want2 = "1 0 0 rg 1 0 0 RG 0.333 w 0 j 2 Tr\nBT 1 0 0.213 1 100 600 Tm /GW1 10 Tf "
			    "[<00010002> -500 <0003>] TJ";
	CHECK(memmem(d, got, want1, strlen(want1)) != NULL);
	if (!CHECK(memmem(d, got, want2, strlen(want2)) != NULL)) {
		char *q = memmem(d, got, "BT", 2);
		printf("  content: %.300s\n", q ? q - 60 : d);
	}
	free(d);
	gw_pdffonts_free(pf);
	HPDF_Free(pdf);
	gw_fonts_free(fs);
}
