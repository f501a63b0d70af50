/*
 * fontbench.c — the fonts benchmark driver (bench/fonts.sh builds it against
 * the font module): lays a UTF-8 text out on A4 pages with a naive
 * character-wrapping layout (not the real renderer, which lands with
 * issue 4), embeds subsets through gw_pdffonts_*, and reports per-document
 * time with the fonts opened once per process.
 * Usage: fontbench MANIFEST TEXT OUT.pdf ITERATIONS FONTNAME SIZE MODE
 * MODE cold: every document subsets from scratch (gw_fonts_set_reuse 0);
 * merge: a mail merge, the addressee's name (王𡘙明 in the text) differs per
 * document and the cached subsets are reused.
 */
#include "common.h"
#include "font.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void herr(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	fprintf(stderr, "libharu error 0x%04X\n", (unsigned)e);
}

/* One document; returns PDF bytes, times into *t_embed. */
static size_t one(gw_fonts *fs, const char *text, size_t tlen, const char *font, double size,
		  const char *out, double *t_embed, size_t *subset, size_t *built)
{
	HPDF_Doc pdf = HPDF_New(herr, NULL);
	HPDF_Page page = NULL;
	gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
	gw_err err = {0};
	const char *s, *e = text + tlen;
	double left = 90, right = 595.276 - 90, top = 841.89 - 72, bottom = 72, x, y;
	double t0;
	int32_t cp;
	size_t len = 0;

	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	for (s = text; s < e && (cp = gw_utf8_next(&s, e)) >= 0;)
		if (cp != '\n')
			gw_pdffonts_use(pf, gw_fonts_pick(fs, font, (uint32_t)cp), (uint32_t)cp);
	t0 = now_ms();
	if (gw_pdffonts_embed(pf, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(1);
	}
	*t_embed += now_ms() - t0;
	*subset = gw_pdffonts_subset_bytes(pf);
	*built += gw_pdffonts_built_bytes(pf);
	x = left;
	y = top - size * 0.801;
	uint32_t cps[256];
	double xs[256];
	size_t n = 0;
	gw_face *run = NULL;
	for (s = text;;) {
		cp = s < e ? gw_utf8_next(&s, e) : -1;
		gw_face *f = cp > 0 && cp != '\n' ? gw_fonts_pick(fs, font, (uint32_t)cp) : NULL;
		double adv = f ? gw_face_advance(f, (uint32_t)cp) * size / 1000 : 0;
		int wrap = cp == '\n' || (f && x + adv > right);
		if (n > 0 && (cp < 0 || wrap || f != run || n == 256)) {
			if (gw_pdffonts_show(pf, page, run, size, 0, 0, 0, cps, xs, n, y, &err) < 0) {
				fprintf(stderr, "%s\n", err.msg);
				exit(1);
			}
			n = 0;
		}
		if (cp < 0)
			break;
		if (page == NULL || (wrap && y - size < bottom)) {
			page = HPDF_AddPage(pdf);
			HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
			if (wrap)
				y = top - size * 0.801 + size;
		}
		if (wrap) {
			x = left;
			y -= size;
		}
		if (f == NULL)
			continue;
		run = f;
		cps[n] = (uint32_t)cp;
		xs[n++] = x;
		x += adv;
	}
	HPDF_SaveToStream(pdf);
	len = HPDF_GetStreamSize(pdf);
	if (out) {
		char *buf = xmalloc(len);
		HPDF_UINT32 got = (HPDF_UINT32)len;
		HPDF_ReadFromStream(pdf, (HPDF_BYTE *)buf, &got);
		gw_file_write_atomic(out, buf, got, &err);
		free(buf);
	}
	gw_pdffonts_free(pf);
	HPDF_Free(pdf);
	return len;
}

/* Replace every "王𡘙明" in text by name. */
static char *with_name(const char *text, const char *name, size_t *len)
{
	gw_buf b;
	const char *p = text, *q, *old = "王𡘙明";
	gw_buf_init(&b);
	while ((q = strstr(p, old)) != NULL) {
		gw_buf_add(&b, p, (size_t)(q - p));
		gw_buf_adds(&b, name);
		p = q + strlen(old);
	}
	gw_buf_adds(&b, p);
	return gw_buf_detach(&b, len);
}

int main(int argc, char **argv)
{
	static const char *names[] = {"陳怡君", "林志豪", "黃淑芬", "張家瑋", "李宗翰", "吳佩珊", "劉冠廷",
				      "蔡依琳", "楊𡘙瑋", "許雅婷", "鄭博文", "謝欣妤", "郭俊宏", "洪詩涵"};
	gw_fonts *fs = NULL;
	gw_err err = {0};
	char *text;
	size_t tlen, bytes = 0, subset = 0, built = 0;
	int iters, merge;
	double t0, topen, tall, temb = 0;

	if (argc != 8) {
		fprintf(stderr, "usage: fontbench MANIFEST TEXT OUT.pdf ITERATIONS FONTNAME SIZE cold|merge\n");
		return 2;
	}
	iters = atoi(argv[4]);
	merge = strcmp(argv[7], "merge") == 0;
	if (gw_file_read(&text, &tlen, argv[2], 1 << 20, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	t0 = now_ms();
	if (gw_fonts_open(&fs, argv[1], &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	topen = now_ms() - t0;
	gw_fonts_set_reuse(fs, merge);
	bytes = one(fs, text, tlen, argv[5], atof(argv[6]), argv[3], &temb, &subset, &built);
	temb = 0;
	built = 0;
	size_t total = 0;
	t0 = now_ms();
	for (int i = 0; i < iters; i++) {
		size_t nl;
		char *t = with_name(text, names[i % (sizeof names / sizeof names[0])], &nl);
		total += one(fs, t, nl, argv[5], atof(argv[6]), NULL, &temb, &subset, &built);
		free(t);
	}
	tall = now_ms() - t0;
	printf("mode %s\nopen_ms %.2f\nembed_ms %.3f\ndoc_ms %.3f\npdf_bytes %zu\nmean_pdf_bytes %zu\n"
	       "subset_bytes %zu\nbuilt_bytes_per_doc %zu\n",
	       argv[7], topen, temb / iters, tall / iters, bytes, total / iters, subset, built / iters);
	gw_fonts_free(fs);
	free(text);
	return 0;
}
