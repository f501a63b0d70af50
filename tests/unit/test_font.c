/* Unit tests for font.c: manifest, chain picking, metrics, malformed fonts. */
#include "t.h"
#include "common.h"
#include "font.h"

#include <hpdf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KAI "/usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf"
#define KAIB "/usr/share/fonts/truetype/cns11643/TW-Kai-Ext-B-98_1.ttf"
#define KAIP "/usr/share/fonts/truetype/cns11643/TW-Kai-Plus-98_1.ttf"
#define SERIF "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
#define SERIFB "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"

static char *write_manifest(const char *text)
{
	char *p = xasprintf("%s/manifest", t_tmpdir());
	FILE *f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

/* Write a copy of src to dir/name, patched by fn. */
static char *patched_copy(const char *src, const char *name, void (*fn)(char *d, size_t *n))
{
	char *d = NULL, *p = xasprintf("%s/%s", t_tmpdir(), name);
	size_t n = 0;
	gw_err err = {0};
	if (gw_file_read(&d, &n, src, 64u << 20, &err) < 0)
		return p;
	fn(d, &n);
	gw_file_write_atomic(p, d, n, &err);
	free(d);
	return p;
}

static uint32_t rd32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static char *table(char *d, const char *tag)
{
	unsigned nt = (unsigned char)d[4] << 8 | (unsigned char)d[5];
	for (unsigned i = 0; i < nt; i++)
		if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
			return d + rd32(d + 12 + 16 * i + 8);
	return NULL;
}

static void upem0(char *d, size_t *n) { char *h = table(d, "head"); h[18] = h[19] = 0; }
static void truncate_it(char *d, size_t *n) { *n = *n / 3; }
static void random_bytes(char *d, size_t *n)
{
	srand(42);
	for (size_t i = 0; i < 4096; i++)
		d[i] = (char)rand();
	*n = 4096;
}
static void restricted(char *d, size_t *n) { char *o = table(d, "OS/2"); o[8] = 0; o[9] = 2; }
static void badmagic(char *d, size_t *n) { char *h = table(d, "head"); h[12] = 0; }

TEST(font_manifest_and_pick)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	char *m = write_manifest("# test\n"
				 "標楷體, DFKai-SB = missing.ttf, " KAI ", " KAIB ", " KAIP "\n"
				 "Times New Roman = " SERIF "\n"
				 "Times New Roman [bold] = " SERIFB "\n"
				 "* = " KAI ", " KAIB "\n");
	CHECK_INT(gw_fonts_open(&fs, m, &err), 0);
	if (!fs) {
		printf("%s\n", err.msg);
		free(m);
		return;
	}
	gw_face *k = gw_fonts_pick(fs, "標楷體", 0x4E2D);
	CHECK(k != NULL);
	CHECK_STR(gw_face_name(k), "TW-Kai");
	/* Ext-B 𡘙 U+21619 walks the chain to TW-Kai-Ext-B. */
	gw_face *b = gw_fonts_pick(fs, "標楷體", 0x21619);
	CHECK(b != NULL);
	CHECK_STR(gw_face_name(b), "TW-Kai-Ext-B");
	CHECK_STR(gw_face_path(b), KAIB);
	/* Names match ignoring ASCII case and surrounding blanks. */
	CHECK(gw_fonts_pick(fs, " dfkai-sb ", 0x4E2D) == k);
	/* Latin name → Liberation Serif; CJK in a Latin name falls to the default. */
	gw_face *t = gw_fonts_pick(fs, "Times New Roman", 'A');
	CHECK_STR(gw_face_name(t), "Liberation Serif");
	CHECK(!gw_face_is_bold(t));
	CHECK(gw_fonts_pick(fs, "Times New Roman", 0x4E2D) == k);
	gw_face *tb = gw_fonts_pick_style(fs, "Times New Roman", 1, 0, 'A');
	CHECK(tb != t && gw_face_is_bold(tb));
	/* Bold Kai has no bold file: the regular face, to be synthesised. */
	CHECK(gw_fonts_pick_style(fs, "標楷體", 1, 1, 0x4E2D) == k);
	/* Unknown name → default chain. */
	CHECK(gw_fonts_pick(fs, "No Such Font", 0x4E2D) == k);
	/* A character no face has. */
	CHECK(gw_fonts_pick(fs, "標楷體", 0x2705) == NULL);
	CHECK(gw_fonts_pick(fs, "標楷體", 0x10FFFF) == NULL);
	gw_buf d;
	gw_buf_init(&d);
	CHECK_INT(gw_fonts_describe(fs, &d), 0);
	CHECK(strstr(d.data, "missing  ") != NULL);
	CHECK(strstr(d.data, "missing.ttf") != NULL);
	gw_buf_dispose(&d);
	gw_fonts_free(fs);
	free(m);
}

TEST(font_metrics)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	char *m = write_manifest("標楷體 = " KAI "\nTimes New Roman = " SERIF "\n* = " KAI "\n");
	CHECK_INT(gw_fonts_open(&fs, m, &err), 0);
	if (!fs) {
		free(m);
		return;
	}
	gw_face *k = gw_fonts_pick(fs, "標楷體", 0x4E2D);
	/* TW-Kai: upem 1024, hhea 820/-204: ascent + descent = one em, as
	 * LibreOffice measures it. */
	CHECK_INT(gw_face_ascent(k), 801);
	CHECK_INT(gw_face_descent(k), 199);
	CHECK_INT(gw_face_ascent(k) + gw_face_descent(k), 1000);
	CHECK_INT(gw_face_advance(k, 0x4E2D), 1000);
	CHECK_INT(gw_face_advance(k, 0x21619), 0); /* not in this face */
	gw_face *t = gw_fonts_pick(fs, "Times New Roman", 'A');
	/* Liberation Serif = Times New Roman metrics: 'A' 1479/2048, space 512/2048. */
	CHECK_INT(gw_face_advance(t, 'A'), 722);
	CHECK_INT(gw_face_advance(t, ' '), 250);
	CHECK_INT(gw_face_ascent(t), 891);
	CHECK_INT(gw_face_descent(t), 216);
	CHECK_INT(gw_face_line_gap(t), 42);
	int up, ut, sp, st;
	gw_face_decoration(t, &up, &ut, &sp, &st);
	CHECK(up < 0 && up > -200);
	CHECK(ut > 20 && ut < 100);
	CHECK(sp > 150 && sp < 400);
	CHECK(st > 20 && st < 100);
	gw_face_decoration(k, &up, &ut, NULL, NULL);
	CHECK(up < 0 && ut > 0);
	gw_fonts_free(fs);
	free(m);
}

static void expect_font_error(const char *path, const char *needle)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	char *txt = xasprintf("x = %s\n* = %s\n", path, KAI);
	char *m = write_manifest(txt);
	int rc = gw_fonts_open(&fs, m, &err);
	CHECK_INT(rc, GW_EFONT);
	CHECK(fs == NULL);
	CHECK(strstr(err.msg, path) != NULL);
	if (!CHECK(strstr(err.msg, needle) != NULL))
		printf("  message: %s\n", err.msg);
	/* gw_fonts_load keeps going and reports it. */
	CHECK_INT(gw_fonts_load(&fs, m, &err), 0);
	if (fs) {
		gw_buf d;
		gw_buf_init(&d);
		CHECK(gw_fonts_describe(fs, &d) >= 1);
		CHECK(strstr(d.data, "BROKEN") != NULL);
		gw_buf_dispose(&d);
		/* The broken face is never picked. */
		CHECK(gw_fonts_pick(fs, "x", 'A') != NULL);
		CHECK_STR(gw_face_path(gw_fonts_pick(fs, "x", 'A')), KAI);
	}
	gw_fonts_free(fs);
	free(m);
	free(txt);
}

TEST(font_malformed)
{
	char *p;
	p = patched_copy(SERIF, "upem0.ttf", upem0);
	expect_font_error(p, "unitsPerEm 0");
	free(p);
	p = patched_copy(SERIF, "trunc.ttf", truncate_it);
	expect_font_error(p, "truncated");
	free(p);
	p = patched_copy(SERIF, "random.ttf", random_bytes);
	expect_font_error(p, "not a TrueType font");
	free(p);
	p = patched_copy(SERIF, "fstype2.ttf", restricted);
	expect_font_error(p, "forbids embedding");
	free(p);
	p = patched_copy(SERIF, "magic.ttf", badmagic);
	expect_font_error(p, "magic");
	free(p);
	p = write_manifest("not a font at all\n");
	char *q = xasprintf("%s/text.ttf", t_tmpdir());
	rename(p, q);
	expect_font_error(q, "not a TrueType font");
	free(p);
	free(q);
}

TEST(font_manifest_errors)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	char *m = write_manifest("標楷體 = " KAI "\n");
	CHECK_INT(gw_fonts_open(&fs, m, &err), GW_EFONT);
	CHECK(strstr(err.msg, "default chain") != NULL);
	free(m);
	gw_err_clear(&err);
	m = write_manifest("* = " KAI "\nthis line has no equals sign\n");
	CHECK_INT(gw_fonts_open(&fs, m, &err), GW_EFONT);
	CHECK(strstr(err.msg, "line 2") != NULL);
	free(m);
	gw_err_clear(&err);
	m = write_manifest("x [heavy] = " KAI "\n* = " KAI "\n");
	CHECK_INT(gw_fonts_open(&fs, m, &err), GW_EFONT);
	CHECK(strstr(err.msg, "heavy") != NULL);
	free(m);
	gw_err_clear(&err);
	m = write_manifest("* = nothere.ttf\n");
	CHECK_INT(gw_fonts_open(&fs, m, &err), GW_EFONT);
	CHECK(strstr(err.msg, "none of the default") != NULL);
	free(m);
	gw_err_clear(&err);
	CHECK_INT(gw_fonts_open(&fs, "/nonexistent/manifest", &err), GW_EFONT);
	CHECK(strstr(err.msg, "/nonexistent/manifest") != NULL);
	CHECK(fs == NULL);
}

TEST(font_default_manifest)
{
	/* NULL: fonts/manifest of the repo (tests run from the root), else built-in. */
	gw_fonts *fs = NULL;
	gw_err err = {0};
	CHECK_INT(gw_fonts_open(&fs, NULL, &err), 0);
	CHECK(gw_fonts_pick(fs, "標楷體", 0x21619) != NULL);
	CHECK(gw_fonts_pick(fs, "新細明體", 0x2A6A5) != NULL);
	CHECK(gw_fonts_pick(fs, "Arial", 'x') != NULL);
	CHECK_STR(gw_face_name(gw_fonts_pick(fs, "Arial", 'x')), "Liberation Sans");
	/* Calibri → Carlito: 11 pt single line = 13.43 pt as in Word. */
	gw_face *cal = gw_fonts_pick(fs, "Calibri", 'x');
	CHECK_STR(gw_face_name(cal), "Carlito");
	CHECK_INT(gw_face_ascent(cal) + gw_face_descent(cal) + gw_face_line_gap(cal), 1221);
	CHECK_STR(gw_face_name(gw_fonts_pick_style(fs, "Cambria", 1, 0, 'x')), "Caladea");
	CHECK(gw_face_is_bold(gw_fonts_pick_style(fs, "Cambria", 1, 0, 'x')));
	gw_fonts_free(fs);
	/* The built-in defaults, when no manifest is found anywhere. */
	setenv("GONGWEN_FONTS", "/nonexistent/manifest", 1);
	CHECK_INT(gw_fonts_open(&fs, NULL, &err), GW_EFONT);
	unsetenv("GONGWEN_FONTS");
}

TEST(font_err_missing)
{
	gw_err err = {0};
	CHECK_INT(gw_fonts_err_missing(&err, "a.docx: word/document.xml, paragraph 3", "標楷體", 0x2705), GW_EFONT);
	CHECK_STR(err.msg, "a.docx: word/document.xml, paragraph 3: no font has '✅' (U+2705) for font 標楷體");
	gw_err_clear(&err);
	gw_fonts_err_missing(&err, NULL, NULL, 0x30000);
	CHECK_STR(err.msg, "no font has '𰀀' (U+30000) for font (default)");
	gw_err_clear(&err);
	gw_fonts_err_missing(&err, "x", "Arial", 0x1F);
	CHECK_STR(err.msg, "x: no font has (U+001F) for font Arial");
}

/* A TrueType collection of two fonts, built here: header, then each font
 * with its table offsets moved by where it lands. */
static char *make_ttc(const char *a, const char *b)
{
	const char *src[2] = {a, b};
	char *data[2] = {NULL, NULL}, *p = xasprintf("%s/coll.ttc", t_tmpdir());
	size_t len[2] = {0, 0}, off[2];
	gw_err err = {0};
	gw_buf out;
	for (int i = 0; i < 2; i++)
		gw_file_read(&data[i], &len[i], src[i], 8u << 20, &err);
	off[0] = 20;
	off[1] = (off[0] + len[0] + 3) & ~(size_t)3;
	gw_buf_init(&out);
	unsigned char hdr[20] = {'t', 't', 'c', 'f', 0, 1, 0, 0, 0, 0, 0, 2};
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 4; k++)
			hdr[12 + 4 * i + k] = (unsigned char)(off[i] >> (24 - 8 * k));
	gw_buf_add(&out, hdr, 20);
	for (int i = 0; i < 2; i++) {
		unsigned char *d = (unsigned char *)data[i];
		unsigned nt = d[4] << 8 | d[5];
		for (unsigned t = 0; t < nt; t++) {
			unsigned char *r = d + 12 + 16 * t + 8;
			uint32_t o = (uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 | (uint32_t)r[2] << 8 | r[3];
			o += (uint32_t)off[i];
			r[0] = (unsigned char)(o >> 24), r[1] = (unsigned char)(o >> 16);
			r[2] = (unsigned char)(o >> 8), r[3] = (unsigned char)o;
		}
		while (out.len < off[i])
			gw_buf_addc(&out, 0);
		gw_buf_add(&out, data[i], len[i]);
		free(data[i]);
	}
	gw_file_write_atomic(p, out.data, out.len, &err);
	gw_buf_dispose(&out);
	return p;
}

TEST(font_collection)
{
	char *ttc = make_ttc(SERIF, "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf");
	char *txt = xasprintf("Serif = %s\nSans = %s#1\n* = %s\n", ttc, ttc, KAI);
	char *m = write_manifest(txt);
	gw_fonts *fs = NULL;
	gw_err err = {0};
	if (CHECK_INT(gw_fonts_open(&fs, m, &err), 0)) {
		gw_face *a = gw_fonts_pick(fs, "Serif", 'A'), *b = gw_fonts_pick(fs, "Sans", 'A');
		CHECK_STR(gw_face_name(a), "Liberation Serif");
		CHECK_STR(gw_face_name(b), "Liberation Sans");
		CHECK(gw_face_is_bold(b) && !gw_face_is_bold(a));
		CHECK_INT(gw_face_advance(b, 'A'), 722);
		/* Face #1 embeds (hb-subset reads the right face). */
		HPDF_Doc pdf = HPDF_New(NULL, NULL);
		HPDF_Page page = HPDF_AddPage(pdf);
		gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
		uint32_t cps[] = {'A', 'b'};
		double xs[] = {10, 20};
		gw_pdffonts_use(pf, b, 'A');
		gw_pdffonts_use(pf, b, 'b');
		CHECK_INT(gw_pdffonts_embed(pf, &err), 0);
		CHECK_INT(gw_pdffonts_show(pf, page, b, 12, 0, 0, 0, cps, xs, 2, 100, &err), 0);
		CHECK(gw_pdffonts_built_bytes(pf) > 1000);
		CHECK_INT(HPDF_SaveToStream(pdf), HPDF_OK);
		gw_pdffonts_free(pf);
		HPDF_Free(pdf);
	} else {
		printf("  %s\n", err.msg);
	}
	gw_fonts_free(fs);
	free(m);
	free(txt);
	txt = xasprintf("Sans = %s#5\n* = %s\n", ttc, KAI);
	m = write_manifest(txt);
	gw_err_clear(&err);
	CHECK_INT(gw_fonts_open(&fs, m, &err), GW_EFONT);
	CHECK(strstr(err.msg, "the collection has 2 fonts; #5 does not exist") != NULL);
	free(m);
	free(txt);
	txt = xasprintf("Sans = %s#1\n* = %s\n", SERIF, KAI);
	m = write_manifest(txt);
	gw_err_clear(&err);
	CHECK_INT(gw_fonts_open(&fs, m, &err), GW_EFONT);
	CHECK(strstr(err.msg, "not a font collection") != NULL);
	free(m);
	free(txt);
	free(ttc);
}

/* Fonts whose directory is sound but whose tables are garbage: opening,
 * picking, measuring and embedding either work or fail cleanly. */
static unsigned scramble_seed;
static void scramble(char *d, size_t *n)
{
	static const char *tags[] = {"cmap", "glyf", "loca", "hmtx", "hhea", "maxp", "post", "name", "OS/2"};
	srand(scramble_seed);
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
		if (rand() % 3)
			continue;
		unsigned nt = (unsigned char)d[4] << 8 | (unsigned char)d[5];
		for (unsigned i = 0; i < nt; i++) {
			char *r = d + 12 + 16 * i;
			if (memcmp(r, tags[t], 4) != 0)
				continue;
			uint32_t off = rd32(r + 8), len = rd32(r + 12);
			for (int k = 0; k < 64 && len > 0; k++)
				d[off + (uint32_t)rand() % len] = (char)rand();
		}
	}
}

TEST(font_garbage_tables)
{
	int opened = 0, failed = 0;
	for (scramble_seed = 1; scramble_seed <= 24; scramble_seed++) {
		char name[32];
		snprintf(name, sizeof name, "g%u.ttf", scramble_seed);
		char *p = patched_copy(SERIF, name, scramble);
		char *txt = xasprintf("G = %s\n* = %s\n", p, KAI);
		char *m = write_manifest(txt);
		gw_fonts *fs = NULL;
		gw_err err = {0};
		if (gw_fonts_open(&fs, m, &err) < 0) {
			failed++;
			CHECK(strstr(err.msg, p) != NULL); /* names the file */
		} else {
			opened++;
			HPDF_Doc pdf = HPDF_New(NULL, NULL);
			HPDF_Page page = HPDF_AddPage(pdf);
			gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
			uint32_t cps[] = {'A', 'g', 0x4E2D, '1'};
			double xs[4];
			gw_face *fc[4];
			for (int i = 0; i < 4; i++) {
				fc[i] = gw_fonts_pick(fs, "G", cps[i]);
				xs[i] = 10 + 10 * i;
				gw_face_advance(fc[i], cps[i]);
				gw_pdffonts_use(pf, fc[i], cps[i]);
			}
			if (gw_pdffonts_embed(pf, &err) == 0) {
				for (int i = 0; i < 4; i++)
					gw_pdffonts_show(pf, page, fc[i], 12, 0, 0, 0, &cps[i], &xs[i], 1, 100, &err);
				HPDF_SaveToStream(pdf);
			}
			gw_pdffonts_free(pf);
			HPDF_Free(pdf);
		}
		gw_fonts_free(fs);
		free(m);
		free(txt);
		free(p);
	}
	CHECK(opened + failed == 24);
	if (getenv("GW_VERBOSE"))
		printf("  garbage fonts: %d opened, %d refused\n", opened, failed);
}
