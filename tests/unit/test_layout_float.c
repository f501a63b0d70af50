/*
 * test_layout_float.c — the geometry of floats and columns (layout_float.c):
 * where a float goes, the room a line keeps beside it, column positions.
 */
#include "t.h"
#include "layout_int.h"
#include "model_int.h"

#include <math.h>

#define NEAR(a, b) (fabs((a) - (b)) < 0.01)

TEST(float_place_page_margin_column)
{
	lf_frame fr = {600, 800, 72, 72, 90, 90, 90, 420};
	gw_float f;
	double x, y;
	bool page_y;
	m_float_init(&f);
	/* by offset from the page: absolute on the page */
	f.rel_h = GW_REL_PAGE;
	f.rel_v = GW_REL_PAGE;
	f.x = 1200;
	f.y = 960;
	f.width = f.height = 1440;
	lf_place(&f, &fr, &x, &y, &page_y);
	CHECK(NEAR(x, 60) && NEAR(y, 48) && page_y);
	/* aligned right in the margins; vertical from the paragraph */
	f.rel_h = GW_REL_MARGIN;
	f.align_h = 3;
	f.rel_v = GW_REL_PARAGRAPH;
	f.y = 240;
	lf_place(&f, &fr, &x, &y, &page_y);
	CHECK(NEAR(x, 600 - 90 - 72) && NEAR(y, 12) && !page_y);
	/* centred in the column; bottom of the page */
	f.rel_h = GW_REL_COLUMN;
	f.align_h = 2;
	f.rel_v = GW_REL_PAGE;
	f.align_v = 3;
	lf_place(&f, &fr, &x, &y, &page_y);
	CHECK(NEAR(x, 90 + (420 - 72) / 2.0) && NEAR(y, 800 - 72) && page_y);
}

TEST(float_narrow_square_and_top_bottom)
{
	lf_zones z = {0};
	lf_zone right = {100, 200, 400, 500, GW_WRAP_SQUARE, 0};
	lf_zones_add(&z, &right);
	double x0 = 20, r = 460, skip, xb, rb; /* area 50..550 (width 500), first-line indent 20 */
	/* above the zone: untouched */
	lf_narrow(&z, 80, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(NEAR(x0, 20) && NEAR(r, 460) && skip == 0);
	/* beside it: ends at its left edge, the right indent (40) kept from it */
	lf_narrow(&z, 150, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(NEAR(x0, 20) && NEAR(r, 400 - 50 - 40) && skip == 0);
	/* a zone on the left: text starts after it, indent kept */
	lf_zone left = {300, 340, 40, 150, GW_WRAP_SQUARE, 0};
	lf_zones_add(&z, &left);
	x0 = 20;
	r = 460;
	lf_narrow(&z, 310, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(NEAR(x0, 150 - 50 + 20) && NEAR(r, 460) && skip == 0);
	/* top and bottom: the line moves below the zone */
	lf_zone tb = {400, 450, 200, 300, GW_WRAP_TOPBOTTOM, 0};
	lf_zones_add(&z, &tb);
	x0 = 0;
	r = 500;
	lf_narrow(&z, 395, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(NEAR(skip, 55) && NEAR(x0, 0) && NEAR(r, 500));
	/* a zone leaving less than min_w: below it too */
	lf_zone wide = {600, 620, 60, 540, GW_WRAP_SQUARE, 0};
	lf_zones_add(&z, &wide);
	lf_narrow(&z, 600, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(NEAR(skip, 20));
	lf_zones_dispose(&z);
	/* a zone in the middle, wrapped on both sides: two segments */
	lf_zone mid = {0, 100, 250, 350, GW_WRAP_SQUARE, 0};
	lf_zones_add(&z, &mid);
	x0 = 20;
	r = 460;
	lf_narrow(&z, 10, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(NEAR(x0, 20) && NEAR(r, 200) && NEAR(xb, 300) && NEAR(rb, 460) && skip == 0);
	/* the largest side only: one segment */
	z.v[0].side = 3;
	x0 = 20;
	r = 460;
	lf_narrow(&z, 10, 12, 50, 500, 12, &x0, &r, &skip, &xb, &rb);
	CHECK(xb < 0 && NEAR(x0, 20) && NEAR(r, 200 - 40));
	lf_zones_dispose(&z);
}

TEST(columns_equal_and_unequal)
{
	gw_section s = {0};
	double x[45], cw[45];
	s.columns = 2;
	s.col_space = 720; /* 36 pt */
	CHECK(!lc_columns(&s, 500, x, cw));
	CHECK(NEAR(cw[0], 232) && NEAR(cw[1], 232) && NEAR(x[0], 0) && NEAR(x[1], 268));
	int w[3] = {4000, 2000, 3000}, gap[3] = {400, 200, 0};
	s.columns = 3;
	s.col_w = w;
	s.col_gap = gap;
	CHECK(lc_columns(&s, 500, x, cw));
	CHECK(NEAR(cw[0], 200) && NEAR(cw[1], 100) && NEAR(x[1], 220) && NEAR(x[2], 330));
	gw_item it = {.kind = GW_ITEM_LINE, .u.line = {10, 0, 20, 0, 1, 0, 0}};
	lc_shift(&it, 1, 5);
	CHECK(NEAR(it.u.line.x0, 15) && NEAR(it.u.line.x1, 25));
}
