/*
 * layout_float.c — floating drawings: where one goes on its page
 * (wp:positionH/V: an offset or an alignment relative to the page, the
 * margins, the column or the anchor paragraph), and the room a line of text
 * has beside the floats that wrap (square, tight and through beside the
 * bounding box on the wider side or the side asked for; top-and-bottom
 * leaves no room).  Word and LibreOffice cut one line into two segments
 * when a float stands in the middle with room on both sides; here the line
 * takes the wider side.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TW 20.0
#define EPS 0.01

void lf_zones_add(lf_zones *z, const lf_zone *zone)
{
	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 4;
		z->v = xrealloc(z->v, z->cap * sizeof *z->v);
	}
	z->v[z->n++] = *zone;
}

void lf_zones_dispose(lf_zones *z)
{
	free(z->v);
	memset(z, 0, sizeof *z);
}

/* One pass at y: the area [*a, *b] narrowed, or the skip needed.  A single
 * zone wrapped on both sides with room on each leaves two segments: the
 * second is [*c, *d] (*c < 0 when there is none). */
static double narrow_at(const lf_zones *z, double y, double h, double min_w, double *a, double *b,
			double *c, double *d)
{
	double L = *a, R = *b, skip = 0;
	int hits = 0;
	const lf_zone *both = NULL;
	*c = *d = -1;
	for (size_t i = 0; i < z->n; i++) {
		const lf_zone *q = &z->v[i];
		if (!(y < q->y1 - EPS && y + h > q->y0 + EPS))
			continue;
		if (!(q->x1 > L + EPS && q->x0 < R - EPS))
			continue;
		hits++;
		if (q->wrap == GW_WRAP_TOPBOTTOM) {
			if (q->y1 - y > skip)
				skip = q->y1 - y;
			continue;
		}
		double lspace = q->x0 - L, rspace = R - q->x1;
		if (q->side == 0 && lspace >= min_w && rspace >= min_w)
			both = q;
		bool left_side = q->side == 1 ? true : q->side == 2 ? false : lspace >= rspace;
		if (left_side)
			R = q->x0;
		else
			L = q->x1;
		if (R - L < min_w && q->y1 - y > skip)
			skip = q->y1 - y;
	}
	if (both && hits == 1) {
		/* text on both sides (LibreOffice's parallel wrap) */
		L = *a;
		R = both->x0;
		*c = both->x1;
		*d = *b;
	}
	if (skip <= 0) {
		*a = L;
		*b = R;
	}
	return skip;
}

void lf_narrow(const lf_zones *z, double y, double h, double aleft, double width, double min_w,
	       double *x0, double *right, double *skip, double *x0b, double *rightb)
{
	*skip = 0;
	*x0b = *rightb = -1;
	if (z == NULL || z->n == 0)
		return;
	/* the indents keep their distance from a float's edge (LibreOffice) */
	double li = *x0, ri = width - *right;
	for (int k = 0; k < 16; k++) {
		double a = aleft, b = aleft + width, c, d;
		double s = narrow_at(z, y + *skip, h, min_w + li + ri, &a, &b, &c, &d);
		if (s <= 0) {
			*x0 = a - aleft + li;
			if (c >= 0) {
				*right = b - aleft;
				*x0b = c - aleft;
				*rightb = d - aleft - ri;
			} else {
				*right = b - aleft - ri;
			}
			return;
		}
		*skip += s;
	}
}

/* Start of a span of length `room` for a box of length `size` aligned by a
 * (1 start, 2 centre, 3 end; inside = start, outside = end). */
static double aligned(int a, double base, double room, double size)
{
	switch (a) {
	case 2: return base + (room - size) / 2;
	case 3:
	case 5: return base + room - size;
	default: return base;
	}
}

void lf_place(const gw_float *f, const lf_frame *fr, double *x, double *y, bool *page_y)
{
	double fw = f->width / TW, fh = f->height / TW;
	double base, room;
	switch (f->rel_h) {
	case GW_REL_PAGE: base = 0; room = fr->page_w; break;
	case GW_REL_MARGIN: base = fr->m_left; room = fr->page_w - fr->m_left - fr->m_right; break;
	case GW_REL_LEFT_MARGIN: base = 0; room = fr->m_left; break;
	case GW_REL_RIGHT_MARGIN: base = fr->page_w - fr->m_right; room = fr->m_right; break;
	default: base = fr->col_left; room = fr->col_w; break;
	}
	*x = f->align_h ? aligned(f->align_h, base, room, fw) : base + f->x / TW;
	*page_y = true;
	switch (f->rel_v) {
	case GW_REL_PAGE: base = 0; room = fr->page_h; break;
	case GW_REL_MARGIN: base = fr->m_top; room = fr->page_h - fr->m_top - fr->m_bottom; break;
	case GW_REL_TOP_MARGIN: base = 0; room = fr->m_top; break;
	case GW_REL_BOTTOM_MARGIN: base = fr->page_h - fr->m_bottom; room = fr->m_bottom; break;
	default:
		*page_y = false;
		base = 0;
		room = fh;
		break;
	}
	*y = f->align_v ? aligned(f->align_v, base, room, fh) : base + f->y / TW;
}

void lc_shift(gw_item *v, size_t n, double dx)
{
	if (dx == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		gw_item *it = &v[i];
		switch (it->kind) {
		case GW_ITEM_GLYPHS:
			for (size_t k = 0; k < it->u.g.n; k++)
				it->u.g.xs[k] += dx;
			break;
		case GW_ITEM_LINE:
			it->u.line.x0 += dx;
			it->u.line.x1 += dx;
			break;
		case GW_ITEM_RECT: it->u.rect.x += dx; break;
		case GW_ITEM_IMAGE: it->u.image.x += dx; break;
		case GW_ITEM_BOX:
			it->u.box.x += dx;
			it->u.box.pen += dx;
			break;
		}
	}
}

bool lc_columns(const gw_section *s, double width, double *x, double *w)
{
	int n = s->columns > 1 ? s->columns : 1;
	bool unequal = false;
	if (s->col_w) {
		double pos = 0;
		bool ok = true;
		for (int i = 0; i < n; i++)
			if (s->col_w[i] <= 0)
				ok = false;
		if (ok) {
			for (int i = 0; i < n; i++) {
				x[i] = pos;
				w[i] = s->col_w[i] / TW;
				if (fabs(w[i] - w[0]) > 0.5)
					unequal = true;
				pos += w[i] + s->col_gap[i] / TW;
			}
			return unequal;
		}
	}
	double gap = s->col_space / TW;
	double cw = (width - (n - 1) * gap) / n;
	if (cw < 18) {
		cw = width / n;
		gap = 0;
	}
	for (int i = 0; i < n; i++) {
		x[i] = i * (cw + gap);
		w[i] = cw;
	}
	return false;
}
