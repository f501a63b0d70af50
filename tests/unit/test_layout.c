/*
 * test_layout.c — layout with fake metrics: every CJK character 1 em wide,
 * Latin 0.5 em, ascent 0.8 + descent 0.2 em; U+2705 is in no font.  Models
 * are built by hand from model.h structs.
 */
#include "t.h"
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ==== Fake metrics ==== */

static gw_face *FACE = (gw_face *)&FACE;

static gw_face *f_pick(void *ctx, const char *name, int bold, int italic, uint32_t cp)
{
	return cp == 0x2705 ? NULL : FACE;
}
static int f_adv(void *ctx, gw_face *f, uint32_t cp)
{
	return gw_layout_is_eastasian(cp) ? 1000 : 500;
}
static int f_asc(void *ctx, gw_face *f) { return 800; }
static int f_desc(void *ctx, gw_face *f) { return 200; }

static const gw_measure M = {NULL, f_pick, f_adv, f_asc, f_desc, NULL, NULL, NULL};

/* ==== Model builder (allocations freed by done()) ==== */

static void *allocs[100000];
static size_t nallocs;

static void *tz(size_t n)
{
	void *p = calloc(1, n);
	allocs[nallocs++] = p;
	return p;
}

static void done(gw_layout *l)
{
	gw_layout_free(l);
	for (size_t i = 0; i < nallocs; i++)
		free(allocs[i]);
	nallocs = 0;
}

static gw_rprops RP = {"Times", "Times", "Kai", 20 /* 10 pt */, .highlight = 0xFFFFFFFFu};

static gw_block *para(const char *text)
{
	gw_block *b = tz(sizeof *b);
	b->kind = GW_BLOCK_PARA;
	b->u.para.pp.line = 240;
	b->u.para.pp.snap_to_grid = true;
	b->u.para.mark_rp = RP;
	b->u.para.pp.kinsoku = b->u.para.pp.word_wrap = true; /* the model's defaults */
	b->u.para.pp.shading = 0xFFFFFFFFu;
	b->u.para.pp.auto_space_de = b->u.para.pp.auto_space_dn = true;
	if (text) {
		gw_inline *in = tz(sizeof *in);
		in->kind = GW_INL_TEXT;
		in->rp = RP;
		in->text = text;
		in->len = strlen(text);
		b->u.para.first = in;
	}
	return b;
}

static void append_inline(gw_block *b, gw_inline_kind k, const char *text)
{
	gw_inline *in = tz(sizeof *in), **pp = &b->u.para.first;
	in->kind = k;
	in->rp = RP;
	in->text = text;
	in->len = text ? strlen(text) : 0;
	while (*pp)
		pp = &(*pp)->next;
	*pp = in;
}

/* A section whose text area is `wpt` x `hpt` points, margins 10 pt. */
static gw_doc *doc1(double wpt, double hpt, gw_block *body)
{
	gw_doc *d = tz(sizeof *d);
	d->nsections = 1;
	d->sections = tz(sizeof(gw_section));
	gw_section *s = d->sections;
	s->page_w = (int)((wpt + 20) * 20);
	s->page_h = (int)((hpt + 20) * 20);
	s->margin_top = s->margin_bottom = s->margin_left = s->margin_right = 200;
	s->header_dist = s->footer_dist = 100;
	s->body = body;
	return d;
}

static gw_block *chain(gw_block **v, int n)
{
	for (int i = 0; i + 1 < n; i++)
		v[i]->next = v[i + 1];
	return v[0];
}

/* ==== Reading a layout back ==== */

typedef struct tline {
	double y, x0, x1;
	char text[4096];
} tline;

/* The text lines of page p (glyph runs grouped by baseline, in order). */
static int page_lines(const gw_layout *l, size_t p, tline *out, int max)
{
	int n = 0;
	const gw_page *pg = &l->pages[p];
	for (size_t i = 0; i < pg->nitems; i++) {
		const gw_item *it = &pg->items[i];
		if (it->kind != GW_ITEM_GLYPHS)
			continue;
		int k;
		for (k = 0; k < n; k++)
			if (out[k].y > it->u.g.y - 0.01 && out[k].y < it->u.g.y + 0.01)
				break;
		if (k == n) {
			if (n == max)
				continue;
			memset(&out[n], 0, sizeof out[n]);
			out[n].y = it->u.g.y;
			out[n].x0 = 1e9;
			n++;
		}
		gw_buf b;
		gw_buf_init(&b);
		for (size_t j = 0; j < it->u.g.n; j++)
			gw_utf8_put(&b, it->u.g.cps[j]);
		strncat(out[k].text, b.data, sizeof out[k].text - strlen(out[k].text) - 1);
		gw_buf_dispose(&b);
		if (it->u.g.xs[0] < out[k].x0)
			out[k].x0 = it->u.g.xs[0];
		double e = it->u.g.xs[it->u.g.n - 1] +
			   it->u.g.size * f_adv(NULL, NULL, it->u.g.cps[it->u.g.n - 1]) / 1000.0;
		if (e > out[k].x1)
			out[k].x1 = e;
	}
	/* sort by y */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && out[j].y < out[j - 1].y; j--) {
			tline t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

static gw_layout *lay(gw_doc *d, bool allow, int *rc, gw_err *err)
{
	gw_layout *l = NULL;
	gw_layout_opts o = {allow, 0};
	*rc = gw_layout_doc(&l, d, 0, &M, &o, err);
	return l;
}

/* ==== Tests ==== */

TEST(layout_cjk_breaks_anywhere)
{
	gw_err err = {0};
	int rc;
	/* 100 pt = ten 10 pt characters a line */
	gw_layout *l = lay(doc1(100, 500, para("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑")), false,
			   &rc, &err);
	CHECK_INT(rc, 0);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 3);
	CHECK_STR(L[0].text, "一二三四五六七八九十");
	CHECK_STR(L[1].text, "甲乙丙丁戊己庚辛壬癸");
	CHECK_STR(L[2].text, "子丑");
	CHECK(L[1].y - L[0].y > 9.99 && L[1].y - L[0].y < 10.01); /* single: 1 em */
	done(l);
}

TEST(layout_kinsoku_no_line_start)
{
	gw_err err = {0};
	int rc;
	gw_layout *l = lay(doc1(100, 500, para("一二三四五六七八九十」甲乙")), false, &rc, &err);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "一二三四五六七八九"); /* 十 pushed along with 」 */
	CHECK_STR(L[1].text, "十」甲乙");
	done(l);
}

TEST(layout_kinsoku_no_line_end)
{
	gw_err err = {0};
	int rc;
	gw_layout *l = lay(doc1(100, 500, para("一二三四五六七八九「十乙")), false, &rc, &err);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "一二三四五六七八九");
	CHECK_STR(L[1].text, "「十乙");
	done(l);
}

TEST(layout_hanging_punctuation)
{
	gw_err err = {0};
	int rc;
	/* by default 。 hangs past the edge (Word, LibreOffice with zh-TW) */
	gw_layout *l = lay(doc1(100, 500, para("一二三四五六七八九十。甲乙")), false, &rc, &err);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "一二三四五六七八九十。");
	CHECK_STR(L[1].text, "甲乙");
	done(l);
	/* a closing bracket does not hang: it takes 十 along */
	l = lay(doc1(100, 500, para("一二三四五六七八九十」甲乙")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_STR(L[0].text, "一二三四五六七八九");
	done(l);
	/* two no-start characters: only one may hang, so both move with 十 */
	l = lay(doc1(100, 500, para("一二三四五六七八九十」。甲乙")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_STR(L[0].text, "一二三四五六七八九");
	CHECK_STR(L[1].text, "十」。甲乙");
	done(l);
	/* w:overflowPunct off: the same as without hanging */
	gw_block *np = para("一二三四五六七八九十。甲乙");
	np->u.para.pp.no_overflow_punct = true;
	l = lay(doc1(100, 500, np), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_STR(L[0].text, "一二三四五六七八九");
	done(l);
	/* without hanging: 。 cannot start a line, 十 goes with it */
	gw_layout_opts o = {false, 0, true};
	l = NULL;
	CHECK_INT(gw_layout_doc(&l, doc1(100, 500, para("一二三四五六七八九十。甲乙")), 0, &M, &o, &err), 0);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "一二三四五六七八九");
	CHECK_STR(L[1].text, "十。甲乙");
	done(l);
}

TEST(layout_latin_words_whole)
{
	gw_err err = {0};
	int rc;
	/* 5 pt a Latin letter: 100 pt = 20 letters */
	gw_layout *l = lay(doc1(100, 500, para("hello world abcdefghi xyz")), false, &rc, &err);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "hello world"); /* trailing space not drawn */
	CHECK_STR(L[1].text, "abcdefghi xyz");
	done(l);
	/* an over-long word breaks anywhere as a last resort */
	l = lay(doc1(50, 500, para("abcdefghijklmnopqrstuvwxyz")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 3);
	CHECK_STR(L[0].text, "abcdefghij");
	done(l);
}

/* Break opportunities from ICU (UAX #14) with LibreOffice's tailoring on top
 * (measured with LibreOffice 7.4, fidelity corpus "brk"). */
TEST(layout_mixed_breaks_icu)
{
	gw_err err = {0};
	int rc;
	tline L[8];
	/* "1433/TCP" stays whole (a slash between letters or digits) */
	gw_layout *l = lay(doc1(100, 500, para("連接埠 443/TCP 及 1433/TCP，以及")), false, &rc, &err);
	CHECK_INT(rc, 0);
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "連接埠 443/TCP 及");
	CHECK_STR(L[1].text, "1433/TCP，以及");
	done(l);
	/* a URL is one word; a backslash breaks after it ("C:\|Program") */
	l = lay(doc1(120, 500, para("址 https://a.tw/p 與C:\\Program\\Files")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "址 https://a.tw/p 與C:\\");
	CHECK_STR(L[1].text, "Program\\Files");
	done(l);
	/* a hyphen inside a number breaks after it; a tag after an opening
	 * brace and a slash may break ("{/|kind") */
	l = lay(doc1(100, 500, para("電話號碼甲乙丙 0912-345-678")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "電話號碼甲乙丙 0912-");
	CHECK_STR(L[1].text, "345-678");
	done(l);
	/* a word longer than the line is cut before a letter or digit that a
	 * CJK mark follows (LibreOffice): "2.4.6|2、Tomcat" */
	l = lay(doc1(50, 500, para("2.4.62、Tomcat")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "2.4.6");
	CHECK_STR(L[1].text, "2、Tomcat");
	done(l);
	/* a closing brace holds the letter after it, as ")" and "]" do */
	l = lay(doc1(100, 500, para("資料甲乙丙丁{ab}{cd}efgh")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "資料甲乙丙丁{ab}");
	CHECK_STR(L[1].text, "{cd}efgh");
	done(l);
	l = lay(doc1(100, 500, para("設備位置甲乙丙丁{/kind.in}")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "設備位置甲乙丙丁{/");
	CHECK_STR(L[1].text, "kind.in}");
	done(l);
	/* ... but only when the letter after the slash fits too */
	l = lay(doc1(100, 500, para("設備位置甲乙丙丁戊{/kind.in}")), false, &rc, &err);
	n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK_STR(L[0].text, "設備位置甲乙丙丁戊");
	CHECK_STR(L[1].text, "{/kind.in}");
	done(l);
}

TEST(layout_justify_cjk)
{
	gw_err err = {0};
	int rc;
	/* 105 pt: 10 characters and 5 pt of slack spread over 9 gaps */
	gw_block *b = para("一二三四五六七八九十甲乙");
	b->u.para.pp.align = GW_ALIGN_BOTH;
	gw_layout *l = lay(doc1(105, 500, b), false, &rc, &err);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 2);
	CHECK(L[0].x1 > 114.99 && L[0].x1 < 115.01); /* ends at the right margin (10 + 105) */
	CHECK(L[1].x1 > 29.99 && L[1].x1 < 30.01);   /* last line not justified */
	done(l);
	/* centre and right */
	b = para("一二");
	b->u.para.pp.align = GW_ALIGN_CENTER;
	l = lay(doc1(100, 500, b), false, &rc, &err);
	page_lines(l, 0, L, 8);
	CHECK(L[0].x0 > 49.99 && L[0].x0 < 50.01);
	done(l);
	b = para("一二");
	b->u.para.pp.align = GW_ALIGN_RIGHT;
	l = lay(doc1(100, 500, b), false, &rc, &err);
	page_lines(l, 0, L, 8);
	CHECK(L[0].x0 > 89.99 && L[0].x0 < 90.01);
	done(l);
}

TEST(layout_hanging_indent_label)
{
	gw_err err = {0};
	int rc;
	gw_block *b = para("甲乙丙丁戊己庚辛壬癸子丑寅卯");
	b->u.para.pp.ind_left = 40 * 20;   /* 40 pt */
	b->u.para.pp.ind_first = -40 * 20; /* hanging */
	b->u.para.num_text = "一、";
	b->u.para.num_rp = RP;
	b->u.para.num_suffix = 0;
	gw_layout *l = lay(doc1(100, 500, b), false, &rc, &err);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 3);
	CHECK_STR(L[0].text, "一、甲乙丙丁戊己");
	CHECK(L[0].x0 > 9.99 && L[0].x0 < 10.01); /* label at the first-line position */
	CHECK_STR(L[1].text, "庚辛壬癸子丑");
	CHECK(L[1].x0 > 49.99 && L[1].x0 < 50.01); /* hangs under the text */
	/* the text after the label starts at the hanging indent (tab) */
	const gw_page *pg = &l->pages[0];
	int found = 0;
	for (size_t i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == GW_ITEM_GLYPHS)
			for (size_t j = 0; j < pg->items[i].u.g.n; j++)
				if (pg->items[i].u.g.cps[j] == 0x7532 /* 甲 */) {
					CHECK(pg->items[i].u.g.xs[j] > 49.99 && pg->items[i].u.g.xs[j] < 50.01);
					found = 1;
				}
	CHECK(found);
	done(l);
}

TEST(layout_tab_stops)
{
	gw_err err = {0};
	int rc;
	gw_block *b = para("a");
	append_inline(b, GW_INL_TAB, NULL);
	append_inline(b, GW_INL_TEXT, "bb");
	append_inline(b, GW_INL_TAB, NULL);
	append_inline(b, GW_INL_TEXT, "cc");
	gw_tabstop *ts = tz(sizeof *ts);
	ts->pos = 80 * 20;
	ts->align = 2; /* right */
	b->u.para.pp.tabs = ts;
	b->u.para.pp.ntabs = 1;
	gw_layout *l = lay(doc1(100, 500, b), false, &rc, &err);
	const gw_page *pg = &l->pages[0];
	double xb = -1, xc = -1;
	for (size_t i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == GW_ITEM_GLYPHS)
			for (size_t j = 0; j < pg->items[i].u.g.n; j++) {
				if (pg->items[i].u.g.cps[j] == 'b' && xb < 0)
					xb = pg->items[i].u.g.xs[j];
				if (pg->items[i].u.g.cps[j] == 'c' && xc < 0)
					xc = pg->items[i].u.g.xs[j];
			}
	/* Word: a custom stop clears the default stops left of it, so the first
	 * tab goes to the right tab at 80 ("bb" ends at 10 + 80), the second to
	 * the next default stop (4 x 21 = 84) */
	CHECK(xb > 79.99 && xb < 80.01);
	CHECK(xc > 93.99 && xc < 94.01);
	done(l);
}

TEST(layout_grid_snap_and_line_rules)
{
	gw_err err = {0};
	int rc;
	gw_block *v[2] = {para("一"), para("二")};
	gw_doc *d = doc1(100, 500, chain(v, 2));
	d->sections[0].grid_type = 1;
	d->sections[0].grid_pitch = 600; /* 30 pt */
	gw_layout *l = lay(d, false, &rc, &err);
	tline L[8];
	page_lines(l, 0, L, 8);
	CHECK(L[1].y - L[0].y > 29.99 && L[1].y - L[0].y < 30.01);
	done(l);
	/* exact 20 pt; auto 1.5 lines */
	gw_block *w[3] = {para("一"), para("二"), para("三")};
	w[0]->u.para.pp.line_rule = GW_LINE_EXACT;
	w[0]->u.para.pp.line = 400;
	w[1]->u.para.pp.line = 360;
	l = lay(doc1(100, 500, chain(w, 3)), false, &rc, &err);
	page_lines(l, 0, L, 8);
	/* an exact line's baseline at 4/5 of it (LibreOffice): 4 pt below + 13 */
	CHECK(L[1].y - L[0].y > 16.99 && L[1].y - L[0].y < 17.01);
	CHECK(L[2].y - L[1].y > 9.99 && L[2].y - L[1].y < 10.01);
	/* line 1 occupies 20 pt: baseline 2 sits at 10 + 20 + 15 - 2 = 43 */
	CHECK(L[1].y > 42.99 && L[1].y < 43.01);
	done(l);
}

TEST(layout_page_breaking_and_widows)
{
	gw_err err = {0};
	int rc;
	/* 95 pt tall area: 9 lines of 10 pt a page */
	gw_block *v[30];
	for (int i = 0; i < 30; i++)
		v[i] = para("一");
	gw_layout *l = lay(doc1(100, 95, chain(v, 30)), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(l->npages, 4); /* 9 + 9 + 9 + 3 */
	done(l);
	/* 8 one-line paragraphs, then a 3-line paragraph with widow control:
	 * only one line would fit, so the whole paragraph moves */
	gw_block *w[9];
	for (int i = 0; i < 8; i++)
		w[i] = para("一");
	w[8] = para("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑");
	w[8]->u.para.pp.widow_control = true;
	l = lay(doc1(100, 95, chain(w, 9)), false, &rc, &err);
	CHECK_INT(l->npages, 2);
	tline L[12];
	CHECK_INT(page_lines(l, 0, L, 12), 8);
	CHECK_INT(page_lines(l, 1, L, 12), 3);
	done(l);
	/* without widow control the first line stays behind */
	for (int i = 0; i < 8; i++)
		w[i] = para("一");
	w[8] = para("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑");
	l = lay(doc1(100, 95, chain(w, 9)), false, &rc, &err);
	CHECK_INT(page_lines(l, 0, L, 12), 9);
	done(l);
	/* page break inside a paragraph, and page break before */
	gw_block *b = para("一");
	append_inline(b, GW_INL_PAGEBREAK, NULL);
	append_inline(b, GW_INL_TEXT, "二");
	gw_block *c2 = para("三");
	c2->u.para.pp.page_break_before = true;
	b->next = c2;
	l = lay(doc1(100, 95, b), false, &rc, &err);
	CHECK_INT(l->npages, 3);
	done(l);
}

/* A table: ncols columns of w pt, nrows rows with text, single borders. */
static gw_block *table(int ncols, double w, int nrows, const char *text)
{
	gw_block *b = tz(sizeof *b);
	b->kind = GW_BLOCK_TABLE;
	gw_table *t = &b->u.table;
	t->ncols = ncols;
	t->grid = tz(sizeof(int) * (size_t)ncols);
	for (int i = 0; i < ncols; i++)
		t->grid[i] = (int)(w * 20);
	t->nrows = nrows;
	t->rows = tz(sizeof(gw_row) * (size_t)nrows);
	for (int r = 0; r < nrows; r++) {
		gw_row *row = &t->rows[r];
		row->ncells = ncols;
		row->cells = tz(sizeof(gw_cell) * (size_t)ncols);
		for (int c = 0; c < ncols; c++) {
			gw_cell *cell = &row->cells[c];
			cell->col = c;
			cell->span = 1;
			cell->shading = 0xFFFFFFFFu;
			for (int s = 0; s < 4; s++) {
				cell->borders[s].style = GW_BORDER_SINGLE;
				cell->borders[s].width = 4;
			}
			cell->margin[1] = cell->margin[3] = 100; /* 5 pt */
			cell->content = para(text);
		}
	}
	return b;
}

TEST(layout_table_widths_scaled)
{
	gw_err err = {0};
	int rc;
	/* a grid of 3 x 60 pt in a 90 pt area: scaled to 30 pt columns */
	gw_layout *l = lay(doc1(90, 500, table(3, 60, 1, "一")), false, &rc, &err);
	CHECK_INT(rc, 0);
	tline L[8];
	int n = page_lines(l, 0, L, 8);
	CHECK_INT(n, 1);
	CHECK_STR(L[0].text, "一一一");
	/* vertical borders at 10, 40, 70, 100 */
	int vert = 0, at40 = 0, at100 = 0;
	const gw_page *pg = &l->pages[0];
	for (size_t i = 0; i < pg->nitems; i++) {
		const gw_item *it = &pg->items[i];
		if (it->kind == GW_ITEM_LINE && it->u.line.x0 == it->u.line.x1) {
			vert++;
			if (it->u.line.x0 > 39.99 && it->u.line.x0 < 40.01)
				at40++;
			if (it->u.line.x0 > 99.99 && it->u.line.x0 < 100.01)
				at100++;
		}
	}
	CHECK_INT(vert, 4); /* each edge drawn once */
	CHECK_INT(at40, 1);
	CHECK_INT(at100, 1);
	done(l);
}

TEST(layout_table_vmerge)
{
	gw_err err = {0};
	int rc;
	gw_block *b = table(2, 50, 2, "甲");
	gw_table *t = &b->u.table;
	/* first column merged over both rows; its content is four lines */
	t->rows[0].cells[0].vmerge = 1;
	t->rows[0].cells[0].content = para("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
	t->rows[1].cells[0].vmerge = 2;
	t->rows[1].cells[0].content = para("不見");
	gw_layout *l = lay(doc1(100, 500, b), false, &rc, &err);
	CHECK_INT(rc, 0);
	tline L[16];
	int n = page_lines(l, 0, L, 16);
	/* 40 pt of text: 4 lines of 4 chars (40 pt cell width) → 10 lines; */
	int hidden = 0;
	for (int i = 0; i < n; i++)
		if (strstr(L[i].text, "不見"))
			hidden = 1;
	CHECK(!hidden); /* a continued cell shows nothing */
	/* the table's bottom border lies below all ten lines (10 + 100 pt) */
	double maxy = 0;
	const gw_page *pg = &l->pages[0];
	for (size_t i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == GW_ITEM_LINE && pg->items[i].u.line.y0 > maxy)
			maxy = pg->items[i].u.line.y0;
	CHECK(maxy > 109.99);
	done(l);
}

TEST(layout_table_header_repeats)
{
	gw_err err = {0};
	int rc;
	gw_block *b = table(2, 50, 30, "乙");
	b->u.table.rows[0].header = true;
	b->u.table.rows[0].cells[0].content = para("頭");
	gw_layout *l = lay(doc1(100, 95, b), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK(l->npages >= 3);
	for (size_t p = 0; p < l->npages; p++) {
		tline L[16];
		int n = page_lines(l, p, L, 16);
		CHECK(n > 0 && strncmp(L[0].text, "頭", 3) == 0);
	}
	done(l);
}

TEST(layout_table_row_splits)
{
	gw_err err = {0};
	int rc;
	/* one row whose cell holds 15 lines in a 9-line page: it splits */
	gw_block *b = table(1, 100, 1, NULL);
	gw_block *v[15];
	for (int i = 0; i < 15; i++)
		v[i] = para("一");
	b->u.table.rows[0].cells[0].content = chain(v, 15);
	gw_layout *l = lay(doc1(100, 95, b), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(l->npages, 2);
	tline L[16];
	CHECK_INT(page_lines(l, 0, L, 16) + page_lines(l, 1, L, 16), 15);
	done(l);
	/* cantSplit moves a row that does not fit to the next page whole */
	gw_block *v2[5];
	for (int i = 0; i < 5; i++)
		v2[i] = para("一");
	gw_block *t = table(1, 100, 1, NULL);
	t->u.table.rows[0].cells[0].content = chain(v2, 5);
	t->u.table.rows[0].cant_split = true;
	gw_block *fill[6];
	for (int i = 0; i < 6; i++)
		fill[i] = para("填");
	chain(fill, 6);
	fill[5]->next = t;
	l = lay(doc1(100, 95, fill[0]), false, &rc, &err);
	CHECK_INT(l->npages, 2);
	CHECK_INT(page_lines(l, 1, L, 16), 5);
	done(l);
}

/* Every line of a layout's pages, all pages. */
static int all_lines(const gw_layout *l)
{
	int n = 0;
	tline L[64];
	for (size_t p = 0; p < l->npages; p++)
		n += page_lines(l, p, L, 64);
	return n;
}

TEST(layout_rows_split_nothing_lost)
{
	gw_err err = {0};
	int rc;
	/* two columns of 12 paragraphs each after 6 lines of text, on 9-line
	 * pages: the row continues on the next pages, no value lost */
	gw_block *t = table(2, 50, 1, NULL);
	gw_block *a[12], *b[12];
	for (int i = 0; i < 12; i++) {
		a[i] = para("甲");
		b[i] = para("乙");
	}
	t->u.table.rows[0].cells[0].content = chain(a, 12);
	t->u.table.rows[0].cells[1].content = chain(b, 12);
	gw_block *fill[7];
	for (int i = 0; i < 6; i++)
		fill[i] = para("填");
	fill[6] = t;
	gw_layout *l = lay(doc1(100, 95, chain(fill, 7)), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK(l->npages >= 2);
	CHECK_INT(all_lines(l), 6 + 12); /* a line holds 甲 and 乙 side by side */
	CHECK_INT(l->nlost, 0);
	done(l);
	/* a w:cantSplit row taller than a page splits where it is */
	gw_block *v[25];
	for (int i = 0; i < 25; i++)
		v[i] = para("一");
	t = table(1, 100, 1, NULL);
	t->u.table.rows[0].cells[0].content = chain(v, 25);
	t->u.table.rows[0].cant_split = true;
	gw_block *f2[3] = {para("填"), para("填"), t};
	l = lay(doc1(100, 95, chain(f2, 3)), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(all_lines(l), 27);
	CHECK_INT(l->nlost, 0);
	tline L[16];
	CHECK(page_lines(l, 0, L, 16) > 2); /* not moved to the next page */
	done(l);
}

TEST(layout_vmerge_group_splits)
{
	gw_err err = {0};
	int rc;
	/* the first column merged over three rows holds 20 lines: taller than
	 * a 9-line page, the group splits at a row and the merged cell goes on
	 * in the rest of the group on the next pages */
	gw_block *b = table(2, 50, 3, "乙");
	gw_table *t = &b->u.table;
	gw_block *v[20];
	for (int i = 0; i < 20; i++)
		v[i] = para("甲");
	t->rows[0].cells[0].vmerge = 1;
	t->rows[0].cells[0].content = chain(v, 20);
	t->rows[1].cells[0].vmerge = 2;
	t->rows[2].cells[0].vmerge = 2;
	gw_layout *l = lay(doc1(100, 95, b), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK(l->npages >= 3);
	int a = 0, z = 0;
	for (size_t p = 0; p < l->npages; p++) {
		tline L[16];
		int n = page_lines(l, p, L, 16);
		for (int i = 0; i < n; i++) {
			for (const char *q = L[i].text; (q = strstr(q, "甲")); q += 3)
				a++;
			for (const char *q = L[i].text; (q = strstr(q, "乙")); q += 3)
				z++;
		}
	}
	CHECK_INT(a, 20);
	CHECK_INT(z, 3);
	CHECK_INT(l->nlost, 0);
	done(l);
}

TEST(layout_text_lost_is_a_warning)
{
	gw_err err = {0};
	int rc;
	/* an exact row of 12 pt cannot hold three lines: Word clips them, we
	 * warn naming the paragraph */
	gw_block *t = table(1, 100, 1, NULL);
	gw_block *v[3] = {para("一"), para("二"), para("三")};
	t->u.table.rows[0].cells[0].content = chain(v, 3);
	t->u.table.rows[0].height = 240;
	t->u.table.rows[0].height_rule = 2;
	gw_layout *l = lay(doc1(100, 95, t), false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(l->nlost, 2);
	CHECK_INT(all_lines(l), 1);
	bool named = false;
	for (int i = 0; i < l->nwarnings; i++)
		if (strstr(l->warnings[i], "paragraph 2: 1 characters beyond a row's exact height"))
			named = true;
	CHECK(named);
	done(l);
}

TEST(layout_footer_page_fields)
{
	gw_err err = {0};
	int rc;
	gw_block *v[20];
	for (int i = 0; i < 20; i++)
		v[i] = para("一");
	gw_doc *d = doc1(100, 95, chain(v, 20));
	gw_block *f = para("第");
	append_inline(f, GW_INL_FIELD, NULL);
	append_inline(f, GW_INL_TEXT, "頁，共");
	gw_inline *last = f->u.para.first;
	while (last->next)
		last = last->next;
	append_inline(f, GW_INL_FIELD, NULL);
	last->next->field = GW_FIELD_NUMPAGES;
	append_inline(f, GW_INL_TEXT, "頁");
	d->sections[0].footer = f;
	d->sections[0].margin_bottom = 600;
	d->sections[0].page_h += 400;
	gw_layout *l = lay(d, false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(l->npages, 3);
	tline L[16];
	int n = page_lines(l, 1, L, 16);
	CHECK(n > 0);
	CHECK_STR(L[n - 1].text, "第2頁，共3頁");
	CHECK_INT(l->pages[2].number, 3);
	done(l);
}

TEST(layout_missing_glyph)
{
	gw_err err = {0};
	int rc;
	gw_block *v[2] = {para("一"), para("完成✅")};
	gw_layout *l = lay(doc1(100, 95, chain(v, 2)), false, &rc, &err);
	CHECK_INT(rc, GW_EFONT);
	CHECK(strstr(err.msg, "U+2705") != NULL);
	CHECK(strstr(err.msg, "paragraph 2") != NULL);
	CHECK_INT(l->npages, 0);
	done(l);
	gw_err e2 = {0};
	v[0] = para("一");
	v[1] = para("完成✅");
	l = lay(doc1(100, 95, chain(v, 2)), true, &rc, &e2);
	CHECK_INT(rc, 0);
	CHECK_INT(l->nwarnings, 1);
	int boxes = 0;
	for (size_t i = 0; i < l->pages[0].nitems; i++)
		boxes += l->pages[0].items[i].kind == GW_ITEM_BOX;
	CHECK_INT(boxes, 1);
	done(l);
}

TEST(layout_hostile_long_paragraph)
{
	gw_err err = {0};
	int rc;
	size_t n = 1000000;
	char *s = tz(n * 3 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 3, i % 7 == 6 ? "，" : "中", 3);
	clock_t t0 = clock();
	gw_layout *l = lay(doc1(400, 700, para(s)), false, &rc, &err);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK_INT(rc, 0);
	CHECK(l->npages > 300);
	CHECK(secs < 10);
	done(l);
	/* a million Latin letters without a space: broken anywhere, linear */
	char *a = tz(n + 1);
	memset(a, 'x', n);
	t0 = clock();
	l = lay(doc1(400, 700, para(a)), false, &rc, &err);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK_INT(rc, 0);
	CHECK(secs < 10);
	done(l);
}

TEST(layout_sections_continuous_and_highlight)
{
	gw_err err = {0};
	int rc;
	gw_block *a = para("一"), *b = para("二");
	gw_doc *d = doc1(100, 95, a);
	gw_section *two = tz(2 * sizeof(gw_section));
	two[0] = d->sections[0];
	two[1] = d->sections[0];
	two[1].body = b;
	two[1].start_type = 1; /* continuous: 二 goes on the same page */
	d->sections = two;
	d->nsections = 2;
	gw_layout *l = lay(d, false, &rc, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(l->npages, 1);
	tline L[4];
	CHECK_INT(page_lines(l, 0, L, 4), 2);
	done(l);
	/* next page (the default) */
	a = para("一");
	b = para("二");
	d = doc1(100, 95, a);
	two = tz(2 * sizeof(gw_section));
	two[0] = d->sections[0];
	two[1] = d->sections[0];
	two[1].body = b;
	d->sections = two;
	d->nsections = 2;
	l = lay(d, false, &rc, &err);
	CHECK_INT(l->npages, 2);
	done(l);
	/* highlighted text gets a rectangle behind it */
	a = para("一二");
	a->u.para.first->rp.highlight = 0xFFFF00;
	l = lay(doc1(100, 95, a), false, &rc, &err);
	int rects = 0;
	for (size_t i = 0; i < l->pages[0].nitems; i++)
		if (l->pages[0].items[i].kind == GW_ITEM_RECT) {
			rects++;
			CHECK(l->pages[0].items[i].u.rect.w > 19.99 && l->pages[0].items[i].u.rect.w < 20.01);
			CHECK(i == 0); /* drawn before the text */
		}
	CHECK_INT(rects, 1);
	done(l);
}

TEST(layout_paragraph_border_and_shading)
{
	gw_err err = {0};
	int rc;
	gw_block *a = para("一"), *b = para("二");
	b->u.para.pp.shading = 0xEEEEEE;
	for (int i = 0; i < 4; i++) {
		b->u.para.pp.borders[i].style = GW_BORDER_SINGLE;
		b->u.para.pp.borders[i].width = 8; /* 1 pt */
		b->u.para.pp.borders[i].space = 1;
	}
	a->next = b;
	gw_layout *l = lay(doc1(100, 95, a), false, &rc, &err);
	CHECK_INT(rc, 0);
	tline L[4];
	CHECK_INT(page_lines(l, 0, L, 4), 2);
	/* the top border and its distance push 二 down by 2 pt */
	CHECK(L[1].y - L[0].y > 11.99 && L[1].y - L[0].y < 12.01);
	int lines = 0, rects = 0;
	for (size_t i = 0; i < l->pages[0].nitems; i++) {
		lines += l->pages[0].items[i].kind == GW_ITEM_LINE;
		rects += l->pages[0].items[i].kind == GW_ITEM_RECT;
	}
	CHECK_INT(lines, 4);
	CHECK_INT(rects, 1);
	done(l);
}

TEST(layout_trailing_line_break)
{
	/* A line break ending a paragraph puts the paragraph mark on a line of
	 * its own, drawn empty and counted (Word and LibreOffice, measured):
	 * "AAA↵" then "BBB" leaves one empty line between them. */
	gw_block *v[4] = {para("AAA"), para("BBB"), para("CCC"), para("DDD")};
	append_inline(v[0], GW_INL_BREAK, NULL);
	gw_doc *d = doc1(400, 600, chain(v, 4));
	gw_err err = {0};
	int rc;
	gw_layout *l = lay(d, false, &rc, &err);
	tline t[8];
	if (!CHECK_INT(rc, 0) || !CHECK_INT(page_lines(l, 0, t, 8), 4)) {
		done(l);
		return;
	}
	double one = t[3].y - t[2].y; /* CCC → DDD: one line */
	CHECK(one > 1);
	CHECK(t[1].y - t[0].y > 1.9 * one && t[1].y - t[0].y < 2.1 * one);
	done(l);
}
