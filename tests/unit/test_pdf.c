/*
 * test_pdf.c — the PDF writer with the real fonts (fonts/manifest): a model
 * built by hand is written, then read back with poppler's tools (pdftotext,
 * pdfinfo) and qpdf --check.  A failure leaves no file and keeps an old one.
 */
#include "t.h"
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static gw_rprops RP = {"Times New Roman", "Times New Roman", "標楷體", 28, .highlight = 0xFFFFFFFFu};

static gw_block *mkpara(gw_block *b, gw_inline *in, const char *text)
{
	memset(b, 0, sizeof *b);
	memset(in, 0, sizeof *in);
	b->kind = GW_BLOCK_PARA;
	b->u.para.pp.line = 240;
	b->u.para.pp.align = GW_ALIGN_BOTH;
	b->u.para.pp.kinsoku = b->u.para.pp.word_wrap = true; /* the model's defaults */
	b->u.para.pp.shading = 0xFFFFFFFFu;
	b->u.para.pp.auto_space_de = b->u.para.pp.auto_space_dn = true;
	b->u.para.mark_rp = RP;
	in->kind = GW_INL_TEXT;
	in->rp = RP;
	in->text = text;
	in->len = strlen(text);
	b->u.para.first = in;
	return b;
}

static void mksection(gw_section *s, gw_block *body)
{
	memset(s, 0, sizeof *s);
	s->page_w = 11906;
	s->page_h = 16838;
	s->margin_top = s->margin_bottom = 1440;
	s->margin_left = s->margin_right = 1134;
	s->header_dist = s->footer_dist = 850;
	s->body = body;
}

static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	gw_buf b;
	gw_buf_init(&b);
	char tmp[4096];
	size_t n;
	while (p && (n = fread(tmp, 1, sizeof tmp, p)) > 0)
		gw_buf_add(&b, tmp, n);
	if (p)
		pclose(p);
	return gw_buf_detach(&b, &n);
}

static void strip_ws(char *s)
{
	char *o = s;
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\f' && *s != '\t')
			*o++ = *s;
	*o = 0;
}

TEST(pdf_text_pages_and_check)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	CHECK_INT(gw_fonts_open(&fs, NULL, &err), 0);
	if (!fs)
		return;
	gw_block b[3];
	gw_inline in[3];
	mkpara(&b[0], &in[0], "主旨：檢送本局「資訊機房設備移入申請單」1份，請查照。");
	mkpara(&b[1], &in[1], "說明：依據Server (AP)主機弱點掃描報告辦理，姓名𡘙𠀀𪚥。");
	mkpara(&b[2], &in[2], "第二頁");
	b[0].next = &b[1];
	b[1].next = &b[2];
	b[2].u.para.pp.page_break_before = true;
	gw_section s;
	mksection(&s, &b[0]);
	gw_doc d = {0};
	d.nsections = 1;
	d.sections = &s;
	d.title = "測試";
	gw_doc *docs[2] = {&d, &d};
	char path[512], cmd[1200];
	snprintf(path, sizeof path, "%s/a.pdf", t_tmpdir());
	gw_pdf_opts o = {0};
	o.author = "臺中市政府環境保護局";
	CHECK_INT(gw_pdf_write(path, docs, 2, fs, &o, &err), 0);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", path);
	char *info = run(cmd);
	CHECK(strstr(info, "Pages:           4") != NULL); /* two documents of two pages */
	CHECK(strstr(info, "臺中市政府環境保護局") != NULL);
	CHECK(strstr(info, "Creator:         gongwen") != NULL);
	free(info);
	snprintf(cmd, sizeof cmd, "pdftotext -f 1 -l 2 '%s' - 2>&1", path);
	char *text = run(cmd);
	strip_ws(text);
	CHECK_STR(text, "主旨：檢送本局「資訊機房設備移入申請單」1份，請查照。"
			"說明：依據Server(AP)主機弱點掃描報告辦理，姓名𡘙𠀀𪚥。第二頁");
	free(text);
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1 && echo clean", path);
	char *q = run(cmd);
	CHECK_STR(q, "clean\n");
	free(q);
	gw_fonts_free(fs);
}

static void count_warning(void *ctx, const char *msg)
{
	(*(int *)ctx)++;
	CHECK(strstr(msg, "U+2705") != NULL);
}

static void count_warning_any(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

TEST(pdf_missing_glyph_leaves_nothing)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	CHECK_INT(gw_fonts_open(&fs, NULL, &err), 0);
	if (!fs)
		return;
	gw_block b;
	gw_inline in;
	mkpara(&b, &in, "完成✅");
	gw_section s;
	mksection(&s, &b);
	gw_doc d = {0};
	d.nsections = 1;
	d.sections = &s;
	gw_doc *docs[1] = {&d};
	char path[512];
	snprintf(path, sizeof path, "%s/old.pdf", t_tmpdir());
	FILE *f = fopen(path, "w");
	fputs("old", f);
	fclose(f);
	CHECK_INT(gw_pdf_write(path, docs, 1, fs, NULL, &err), GW_EFONT);
	CHECK(strstr(err.msg, "U+2705") != NULL);
	struct stat st;
	CHECK(stat(path, &st) == 0 && st.st_size == 3); /* the old file survives */
	/* allowed: a box that still extracts as the character */
	gw_err e2 = {0};
	gw_pdf_opts o = {0};
	int warned = 0;
	o.allow_missing_glyphs = true;
	o.warn = count_warning;
	o.warn_ctx = &warned;
	snprintf(path, sizeof path, "%s/box.pdf", t_tmpdir());
	CHECK_INT(gw_pdf_write(path, docs, 1, fs, &o, &e2), 0);
	CHECK(stat(path, &st) == 0 && st.st_size > 100);
	CHECK_INT(warned, 1);
	gw_fonts_free(fs);
}

/* ==== Real documents: the PDF's text is the model's text ==== */

#include "pkg.h"
#include <glob.h>

/* Remove white space (pdftotext places its own; it also turns the
 * ideographic space U+3000 into white space); what is left must match
 * exactly, character for character and in order. */
static void squeeze(char *s)
{
	strip_ws(s);
	char *o = s;
	for (char *p = s; *p; p++) {
		if (memcmp(p, "\xE3\x80\x80", 3) == 0) {
			p += 2;
			continue;
		}
		if (*p != '\r' && *p != '\v')
			*o++ = *p;
	}
	*o = 0;
}

TEST(pdf_text_equals_model_text)
{
	gw_fonts *fs = NULL;
	gw_err err = {0};
	CHECK_INT(gw_fonts_open(&fs, NULL, &err), 0);
	if (!fs)
		return;
	glob_t g;
	int n = 0;
	{
		memset(&g, 0, sizeof g);
		glob("templates/*.docx", 0, NULL, &g);
		glob("tests/data/model/*.docx", g.gl_pathc ? GLOB_APPEND : 0, NULL, &g);
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *in = g.gl_pathv[i];
			gw_pkg *pkg = NULL;
			gw_doc *doc = NULL;
			gw_err e = {0};
			if (gw_pkg_open(&pkg, in, &e) < 0 || gw_model_load(&doc, pkg, &e) < 0) {
				CHECK_STR(e.msg, "");
				gw_pkg_free(pkg);
				continue;
			}
			/* headers and footers are not in gw_doc_text: leave them out */
			for (int s = 0; s < doc->nsections; s++) {
				gw_section *sec = &doc->sections[s];
				sec->header = sec->footer = sec->header_first = sec->footer_first = NULL;
				sec->header_even = sec->footer_even = NULL;
			}
			char path[600], cmd[1400];
			snprintf(path, sizeof path, "%s/t%zu.pdf", t_tmpdir(), i);
			gw_pdf_opts o = {0};
			o.allow_missing_glyphs = true;
			o.warn = count_warning_any;
			int rc = gw_pdf_write(path, &doc, 1, fs, &o, &e);
			CHECK_INT(rc, 0);
			if (rc == 0) {
				char *want = gw_doc_text(doc);
				snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>&1", path);
				char *got = run(cmd);
				squeeze(want);
				squeeze(got);
				if (strcmp(got, want) != 0)
					fprintf(stderr, "    %s\n", in);
				CHECK_STR(got, want);
				snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1 && echo clean",
					 path);
				char *q = run(cmd);
				CHECK_STR(q, "clean\n");
				free(q);
				free(got);
				free(want);
				n++;
			}
			gw_doc_free(doc);
			gw_pkg_free(pkg);
		}
		globfree(&g);
	}
	CHECK(n >= 3);
	gw_fonts_free(fs);
}
