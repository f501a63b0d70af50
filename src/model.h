/*
 * model.h — the document model: what the renderer needs of a
 * WordprocessingML document, with every style, numbering and default already
 * resolved, so layout never looks back at XML.
 *
 * Built by gw_model_load from a package (model.c walks the parts,
 * model_style.c resolves styles, theme fonts and numbering); read by
 * layout.c.  All
 * memory of one document (nodes, strings, image bytes) comes from one arena
 * freed by gw_doc_free.  Lengths are twips (1/20 pt) unless a name says
 * otherwise; font sizes are half-points (Word's w:sz).  Lists are singly
 * linked in document order (`next`), arrays carry their count.
 */
#ifndef GW_MODEL_H
#define GW_MODEL_H

#include "common.h"
#include "pkg.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum gw_align {
	GW_ALIGN_LEFT, GW_ALIGN_CENTER, GW_ALIGN_RIGHT, GW_ALIGN_BOTH, GW_ALIGN_DISTRIBUTE
} gw_align;

typedef enum gw_vert { GW_VERT_BASELINE, GW_VERT_SUPER, GW_VERT_SUB } gw_vert;

/* Character properties, fully resolved (docDefaults → styles → direct). */
typedef struct gw_rprops {
	const char *font_ascii;    /* w:rFonts ascii (theme fonts resolved), e.g. "Times New Roman" */
	const char *font_hansi;    /* w:rFonts hAnsi */
	const char *font_eastasia; /* w:rFonts eastAsia, e.g. "標楷體" */
	int size;                  /* half-points (w:sz); 24 = 12 pt */
	bool bold, italic, strike, caps;
	int underline;             /* 0 none, 1 single, 2 double, 3 thick */
	uint32_t color;            /* 0xRRGGBB */
	gw_vert vert;
	int spacing;               /* extra letter spacing, twips (w:spacing) */
	bool hidden;               /* w:vanish: not drawn */
	bool hint_eastasia;        /* w:rFonts w:hint="eastAsia": ambiguous characters
	                              (quotes, dashes) take the eastAsia font */
	int scale;                 /* w:w: horizontal scale in percent (100) */
	int position;              /* w:position: raised (+) or lowered (-), half-points */
	uint32_t highlight;        /* w:highlight or w:shd fill behind the text, 0xRRGGBB;
	                              0xFFFFFFFF for none */
} gw_rprops;

typedef enum gw_inline_kind {
	GW_INL_TEXT,      /* text: UTF-8, no control characters */
	GW_INL_TAB,       /* w:tab */
	GW_INL_BREAK,     /* w:br (line) or w:cr */
	GW_INL_PAGEBREAK, /* w:br type=page (column breaks too) */
	GW_INL_FIELD,     /* a field computed at layout: PAGE, NUMPAGES */
	GW_INL_IMAGE      /* inline picture */
} gw_inline_kind;

typedef enum gw_field { GW_FIELD_PAGE, GW_FIELD_NUMPAGES, GW_FIELD_SECTIONPAGES } gw_field;

typedef struct gw_image {
	const unsigned char *data; /* PNG or JPEG bytes (arena) */
	size_t len;
	int format;                /* 1 PNG, 2 JPEG */
	int width, height;         /* drawn size, twips (from wp:extent EMU) */
	const char *part;          /* part name, for messages */
	bool anchored;             /* a floating picture (wp:anchor, VML) placed
	                              inline at its anchor (a warning says so) */
} gw_image;

typedef struct gw_inline {
	gw_inline_kind kind;
	gw_rprops rp;
	const char *text;   /* GW_INL_TEXT (w:sym is mapped here to Unicode: ☐ ☑ ■ …);
	                       GW_INL_FIELD: the field's cached result ("1"), maybe "" */
	size_t len;         /* bytes of text */
	gw_field field;     /* GW_INL_FIELD */
	gw_image image;     /* GW_INL_IMAGE */
	struct gw_inline *next;
} gw_inline;

typedef enum gw_line_rule { GW_LINE_AUTO, GW_LINE_EXACT, GW_LINE_ATLEAST } gw_line_rule;

typedef struct gw_tabstop {
	int pos;       /* twips from the paragraph's left indent origin (page text left) */
	int align;     /* 0 left, 1 center, 2 right, 3 decimal */
	int leader;    /* 0 none, 1 dot, 2 hyphen, 3 underscore */
} gw_tabstop;

typedef enum gw_border_style {
	GW_BORDER_NONE, GW_BORDER_SINGLE, GW_BORDER_DOUBLE, GW_BORDER_THICK, GW_BORDER_DOTTED,
	GW_BORDER_DASHED
} gw_border_style;

typedef struct gw_border {
	gw_border_style style;
	int width;        /* eighths of a point (w:sz) */
	uint32_t color;
	int space;        /* w:space: distance from the text, points */
} gw_border;

/* Paragraph properties, fully resolved. */
typedef struct gw_pprops {
	gw_align align;
	int ind_left, ind_right; /* twips */
	int ind_first;           /* first line: positive = first-line indent, negative = hanging */
	int space_before, space_after;  /* twips (auto spacing resolved) */
	int line;                /* GW_LINE_AUTO: 240ths of a line (240 = single); else twips */
	gw_line_rule line_rule;
	bool page_break_before, keep_next, keep_lines, widow_control;
	bool snap_to_grid;       /* follows the section's document grid (default true) */
	bool contextual_spacing; /* ignore spacing between paragraphs of the same style */
	const char *style_id;
	int ntabs;
	gw_tabstop *tabs;
	int outline_level;       /* -1 none */
	/* Added after the first layout code; defaults in brackets. */
	bool auto_space_de;      /* w:autoSpaceDE: space between CJK and Latin [true] */
	bool auto_space_dn;      /* w:autoSpaceDN: space between CJK and digits [true] */
	bool kinsoku;            /* w:kinsoku: CJK line-start/end rules [true] */
	bool word_wrap;          /* w:wordWrap: false lets a Latin word break anywhere [true] */
	bool no_overflow_punct;  /* w:overflowPunct off: ，。 … do not hang past the right
	                            edge [false: they may] */
	gw_border borders[4];    /* w:pBdr top, left, bottom, right [none] */
	uint32_t shading;        /* w:shd fill, 0xFFFFFFFF none */
} gw_pprops;

typedef struct gw_block gw_block;

typedef struct gw_para {
	gw_pprops pp;
	const char *num_text;   /* resolved list label ("一、", "(一)", "1.") or NULL */
	gw_rprops num_rp;       /* label's character properties */
	int num_suffix;         /* after the label: 0 tab, 1 space, 2 nothing */
	gw_rprops mark_rp;      /* paragraph mark's properties (height of an empty paragraph) */
	gw_inline *first;       /* inlines in order */
} gw_para;

enum { GW_SIDE_TOP, GW_SIDE_LEFT, GW_SIDE_BOTTOM, GW_SIDE_RIGHT, GW_SIDE_INSIDE_H,
       GW_SIDE_INSIDE_V };

typedef enum gw_valign { GW_VALIGN_TOP, GW_VALIGN_CENTER, GW_VALIGN_BOTTOM } gw_valign;

typedef struct gw_cell {
	int col;            /* first grid column */
	int span;           /* gridSpan (>= 1) */
	int vmerge;         /* 0 none, 1 restart, 2 continue (covered by the cell above) */
	int width;          /* tcW in twips, 0 = from the grid */
	gw_border borders[4];  /* resolved: cell tcBorders over conditional table-style
	                          borders over table borders (top,left,bottom,right).
	                          Neighbours may disagree on their shared edge (one
	                          none, one single): Word draws the stronger.  A
	                          vmerge restart cell has the bottom of the last cell
	                          it covers. */
	int margin[4];      /* resolved cell margins, twips */
	gw_valign valign;
	uint32_t shading;   /* fill 0xRRGGBB, or 0xFFFFFFFF for none */
	gw_block *content;  /* paragraphs and nested tables */
} gw_cell;

typedef struct gw_row {
	int height;         /* twips, 0 = auto */
	int height_rule;    /* 0 auto, 1 atLeast, 2 exact */
	bool header;        /* w:tblHeader: repeated on each page */
	bool cant_split;
	int ncells;
	gw_cell *cells;
} gw_row;

typedef struct gw_table {
	int ncols;
	int *grid;          /* w:gridCol widths, twips */
	int nrows;
	gw_row *rows;
	gw_align align;     /* jc: left, center, right */
	int indent;         /* tblInd, twips */
	int width;          /* tblW in twips if given, else 0 */
	gw_border borders[6]; /* table-level: top,left,bottom,right,insideH,insideV */
	int width_pct;      /* tblW type pct, in 1/50 percent (5000 = full width), else 0 */
	const char *style_id; /* w:tblStyle (or the default table style), NULL if none */
	bool fixed_layout;  /* w:tblLayout fixed: the grid as given, no autofit to content */
} gw_table;

typedef enum gw_block_kind { GW_BLOCK_PARA, GW_BLOCK_TABLE } gw_block_kind;

struct gw_block {
	gw_block_kind kind;
	union {
		gw_para para;
		gw_table table;
	} u;
	struct gw_block *next;
};

typedef struct gw_section {
	int page_w, page_h;                 /* twips; A4 = 11906 x 16838 */
	int margin_top, margin_bottom, margin_left, margin_right;
	int header_dist, footer_dist;       /* from the page edge */
	bool landscape;
	bool title_page;                    /* distinct first-page header/footer */
	int grid_type;                      /* 0 none, 1 lines, 2 linesAndChars, 3 snapToChars */
	int grid_pitch;                     /* w:linePitch, twips */
	gw_block *header, *footer;          /* default */
	gw_block *header_first, *footer_first;
	gw_block *header_even, *footer_even;
	int page_start;                     /* pgNumType start, 0 = continue */
	gw_block *body;                     /* the section's blocks */
	int start_type;                     /* w:type: 0 nextPage, 1 continuous, 2 evenPage,
	                                       3 oddPage, 4 nextColumn */
	int gutter;                         /* pgMar gutter, twips (not added to margin_left) */
	int columns;                        /* w:cols num (laid out as 1, with a warning) */
	int grid_char_space;                /* docGrid charSpace (linesAndChars) */
} gw_section;

typedef struct gw_arena gw_arena;

typedef struct gw_doc {
	int nsections;
	gw_section *sections;
	bool even_and_odd;          /* settings: w:evenAndOddHeaders */
	const char *title, *author, *subject, *keywords; /* docProps/core.xml */
	int nwarnings;
	const char **warnings;      /* "text box ignored", once per kind */
	int nlost;                  /* how many of them drop text (footnotes, ruby,
	                               content nested too deep, …): `pdf --strict` */
	gw_arena *arena;
	int default_tab;            /* settings: w:defaultTabStop, twips (720 if absent) */
	int punct_compress;         /* settings: w:characterSpacingControl: 0 doNotCompress
	                               (default), 1 compressPunctuation, 2 … and kana */
	int compat_mode;            /* settings: compatibilityMode (15 = Word 2013+,
	                               14 = 2010, 12 = 2007, 11 = older), 0 if absent */
} gw_doc;

/* Build the model of a package's main document.  *out is the caller's
 * (gw_doc_free).  Unsupported constructs become warnings, never silent drops;
 * a part that cannot be parsed is an error naming it ("x.docx:
 * word/header1.xml: line 1: ..."): GW_EXML, GW_EPACKAGE, or GW_ETEMPLATE for
 * a main part without w:body.  Missing optional parts (styles, numbering,
 * theme, settings, a header, a picture) are warnings.
 *
 * Resolution rules worth knowing: toggles (b, i, caps, strike, vanish) are
 * plain on/off at every layer (no XOR between styles); *Chars indents win
 * over twips and use the paragraph style's font size; beforeLines and
 * afterLines count 240 twips a line; list instances (w:num) of one
 * definition share their counters unless one overrides a level (as Word and
 * LibreOffice count);
 * revisions are shown accepted; fields other than PAGE, NUMPAGES and
 * SECTIONPAGES show their cached result and are never evaluated; floating
 * pictures come inline (image.anchored), text boxes become paragraphs after
 * their anchor paragraph. */
int gw_model_load(gw_doc **out, const gw_pkg *pkg, gw_err *err);
void gw_doc_free(gw_doc *doc);
/* Free this thread's cache of parsed shared parts (styles, numbering, …)
 * that gw_model_load keeps; for a thread that ends (the service's render
 * threads).  Loading again afterwards is fine. */
void gw_model_thread_done(void);

/* Dump the model as indented text (one node per line) for tests and for
 * debugging layout: sections, paragraphs with their resolved properties, runs,
 * tables with cells and borders. */
void gw_doc_dump(FILE *f, const gw_doc *doc);

/* The plain text of a document, paragraphs separated by '\n', table cells in
 * row order (for tests and for the text a PDF must extract).  Caller frees. */
char *gw_doc_text(const gw_doc *doc);
/* The same for one list of blocks (a header or footer).  Caller frees. */
char *gw_blocks_text(const gw_block *first);

#endif
