/*
 * layout_int.h — geometry helpers of layout.c that live in their own files:
 * floating drawings (layout_float.c: where a float goes, the room a line has
 * beside it) and columns (layout_cols.c: where each column of a section is,
 * moving a column's items, separator lines).
 *
 * Units are points; x is absolute on the page.  "Flow" y is the distance
 * down a section's body as if it were one endless page (layout.c estimates
 * where each page starts in it), which is where text and floats meet before
 * pagination.
 */
#ifndef GW_LAYOUT_INT_H
#define GW_LAYOUT_INT_H

#include "layout.h"

/* A region text must not enter (a float with its distances), in flow y. */
typedef struct lf_zone {
	double y0, y1, x0, x1;
	gw_wrap wrap;      /* GW_WRAP_SQUARE or GW_WRAP_TOPBOTTOM */
	int side;          /* gw_float.side */
	bool inherited;    /* a table cell's copy of a zone from around the table */
} lf_zone;

typedef struct lf_zones {
	lf_zone *v;
	size_t n, cap;
} lf_zones;

void lf_zones_add(lf_zones *z, const lf_zone *zone);
void lf_zones_dispose(lf_zones *z);

/* The room of a line of height h at flow y in the area [aleft, aleft +
 * width], which its indents make [aleft + *x0, aleft + *right]: the area
 * narrowed beside square zones (the indents kept from the new edges); when a
 * zone leaves no room (less than min_w) or wraps top-and-bottom, the line
 * moves down below it: *skip is how far (0 when it stays).  A zone wrapped
 * on both sides with room on each splits the line: [*x0, *right] left of it
 * and [*x0b, *rightb] right of it (*x0b < 0: one segment). */
void lf_narrow(const lf_zones *z, double y, double h, double aleft, double width, double min_w,
	       double *x0, double *right, double *skip, double *x0b, double *rightb);

/* The page frame a float is placed in. */
typedef struct lf_frame {
	double page_w, page_h;
	double m_top, m_bottom, m_left, m_right;
	double col_left, col_w;    /* the column (text area) of the anchor */
} lf_frame;

/* The float's top-left corner: x absolute; y absolute on the page when
 * *page_y is set (relative to page, margins), else from the anchor
 * paragraph's top. */
void lf_place(const gw_float *f, const lf_frame *fr, double *x, double *y, bool *page_y);

/* Move items sideways (a column's content to its column). */
void lc_shift(gw_item *v, size_t n, double dx);

/* Column lefts (from the first column's left) into x and widths into w
 * (s->columns entries): equal columns from num and space, unequal ones from
 * w:col.  True when the widths differ. */
bool lc_columns(const gw_section *s, double width, double *x, double *w);

#endif
