/*
 * model_int.h — what the two halves of the document model share:
 * model_style.c (styles, theme fonts, numbering, property resolution) and
 * model.c (the walk over document, header and footer parts).
 *
 * Invariants: every XML tree is owned by the model context until the model is
 * built and is freed then; nodes and strings of the result come from the
 * document's arena.  Attribute values returned by m_attr are borrowed from
 * the XML tree.  Every descent into nested XML is bounded by MAX_DEPTH.
 */
#ifndef GW_MODEL_INT_H
#define GW_MODEL_INT_H

#include "arena.h"
#include "model.h"

#include <libxml/tree.h>

#define MAX_DEPTH 64        /* nesting of containers (sdt, smartTag, groups) */
#define MAX_TABLE_DEPTH 32  /* tables inside tables */
#define MAX_CHAIN 32        /* basedOn chain, numStyleLink hops */
#define MAX_TABS 64
#define MAX_PROPS 256       /* children of one pPr, rPr or tabs element read */
#define MAX_FIELDS 16       /* nested complex fields */
#define MAX_LABEL 256       /* bytes of a list label */
#define MAX_COLS 1000       /* grid columns of a table (Word allows 63) */

/* ==== XML helpers (model_style.c) ==== */

/* Element n is w:<name> (transitional or strict namespace). */
bool m_is_w(xmlNodePtr n, const char *name);
/* Element n has local name name, any namespace. */
bool m_is(xmlNodePtr n, const char *name);
/* First w:<name> child of n, or NULL. */
xmlNodePtr m_child(xmlNodePtr n, const char *name);
/* Value of attribute name in the w namespace (or none); borrowed, or NULL. */
const char *m_attr(xmlNodePtr n, const char *name);
/* Value of attribute name whose namespace URI contains ns_part (e.g.
 * "relationships" for r:id); borrowed, or NULL. */
const char *m_attr_ns(xmlNodePtr n, const char *name, const char *ns_part);
/* m_attr(m_child(n, child), "val"). */
const char *m_val(xmlNodePtr n, const char *child);
/* First descendant element with local name name (depth-bounded), or NULL. */
xmlNodePtr m_find(xmlNodePtr n, const char *name, int depth);

/* Units: twips from "720", "1.5in", "12pt", "2cm", "10mm"; half-points. */
int m_twips(const char *s, int dflt);
int m_int(const char *s, int dflt);
/* ST_OnOff: absent value means on. */
bool m_onoff(xmlNodePtr el);
uint32_t m_color(const char *s, uint32_t dflt);

/* ==== Styles, theme, numbering ==== */

typedef struct m_style {
	const char *id;
	char type;          /* 'p' paragraph, 'c' character, 't' table, 'n' numbering */
	const char *based_on;
	xmlNodePtr node;
	xmlNodePtr ppr, rpr, tblpr, tcpr; /* its property children, found once */
} m_style;

typedef struct m_abstract {
	int id;                   /* w:abstractNumId */
	int first_num;            /* index of the first num counting it, -1 */
	xmlNodePtr lvl[9];
	const char *num_style_link;
} m_abstract;

typedef struct m_num {
	int id;
	int abstract_id;
	xmlNodePtr lvl[9];        /* lvlOverride/lvl, else NULL */
	int start_override[9];    /* -1 none */
	int count[9];             /* counters, used through owner */
	bool started[9];
	int owner;                /* index of the num whose counters this one uses */
} m_num;

/* Paragraph properties while layers are applied (style chain, numbering,
 * direct): the *Chars indents wait for the final font size. */
typedef struct m_ppw {
	gw_pprops pp;
	int left_chars, right_chars, first_chars, hanging_chars; /* -1 unset */
	bool hanging;          /* ind_first holds a hanging amount */
	gw_tabstop tabs[MAX_TABS];
	int ntabs;
	int num_id, num_lvl;   /* -1 unset */
	bool before_auto, after_auto;
} m_ppw;

typedef struct m_field {
	gw_buf instr;
	bool in_result;        /* past fldChar separate */
	int kind;              /* -1 shown as cached result, else gw_field */
	gw_inline *inl;        /* the FIELD inline emitted for a computed field */
	gw_buf result;         /* cached result of a computed field */
} m_field;

typedef struct m_hdrcache {
	const char *part;
	gw_block *blocks;
} m_hdrcache;

typedef struct mctx {
	gw_doc *doc;
	gw_arena *a;
	const gw_pkg *pkg;
	const char *file;           /* package path, for messages */
	const char *main_part;
	const char *part;           /* part being walked (its rels resolve images) */
	gw_err *err;
	int rc;                     /* first hard error, stops the walk */

	xmlDocPtr xdocs[8];         /* main parts (document, styles, …), freed at the end */
	int nxdocs;

	m_style *styles;            /* sorted by id */
	int nstyles;
	const char *default_pstyle, *default_tstyle;
	xmlNodePtr rpr_default, ppr_default;
	const char *theme_major[3], *theme_minor[3]; /* latin, ea, cs */

	m_abstract *abstracts;
	int nabstracts;
	m_num *nums;
	int nnums;

	const char *table_style;    /* style of the innermost table being walked */
	xmlNodePtr *table_cond;     /* its tblStylePr for the cell being walked */
	int table_depth;

	m_field fields[MAX_FIELDS];
	int nfields;
	int field_overflow;         /* begins beyond MAX_FIELDS not pushed */

	gw_block *pending;          /* text-box paragraphs to place after the paragraph */
	gw_block **pending_tail;

	m_hdrcache hdrs[32];
	int nhdrs;

	const char **warnings;
	int nwarnings, capwarnings;
	int nlost;                  /* warnings about text not shown (gw_doc.nlost) */
} mctx;

void m_warn(mctx *m, const char *msg);
/* Keep an XML tree until the model is built. */
void m_keep(mctx *m, xmlDocPtr d);

/* Load styles, theme, numbering from their parts' trees (any may be NULL). */
void m_styles_init(mctx *m, xmlDocPtr styles, xmlDocPtr theme, xmlDocPtr numbering);
const m_style *m_style_get(const mctx *m, const char *id);

/* Character properties: Word's built-in defaults then docDefaults. */
void m_rp_defaults(const mctx *m, gw_rprops *rp);
/* Apply one w:rPr element over rp. */
void m_apply_rpr(const mctx *m, gw_rprops *rp, xmlNodePtr rpr);
/* Apply a style's basedOn chain (root first): rPr over rp, and when pw is
 * given, pPr over pw.  Table styles apply their paragraph and run parts. */
void m_apply_style(const mctx *m, const char *id, gw_rprops *rp, m_ppw *pw);

void m_ppw_init(const mctx *m, m_ppw *pw);
void m_apply_ppr(const mctx *m, m_ppw *pw, xmlNodePtr ppr);
/* Finish: *Chars indents with font size (half-points), tabs copied. */
void m_ppw_finish(mctx *m, m_ppw *pw, int size, gw_pprops *out);

/* Numbering: the label of a paragraph with (num_id, ilvl) advancing the
 * counters; applies the level's pPr to pw and rPr to rp; NULL when the
 * paragraph has no (valid) numbering.  *suffix: 0 tab, 1 space, 2 nothing. */
xmlNodePtr m_num_level(mctx *m, int num_id, int ilvl, m_num **num_out);
/* The level whose w:pStyle links it to paragraph style style_id, or -1. */
int m_num_style_level(mctx *m, int num_id, const char *style_id);
const char *m_num_label(mctx *m, int num_id, int ilvl, gw_rprops *rp, int *suffix);

/* Number formatting (numFmt) of n into b; exposed for tests via model.h? no:
 * internal. */
void m_format_number(gw_buf *b, const char *fmt, int n);

/* Symbol fonts: map a character of a Wingdings/Wingdings 2/Symbol run to
 * Unicode; returns 0 when font is not a symbol font. */
uint32_t m_sym_map(const char *font, uint32_t ch);

/* Borders: one w:top/w:left/... element; NULL keeps b. */
void m_border(gw_border *b, xmlNodePtr el);
/* Shading fill from w:shd (0xFFFFFFFF none). */
uint32_t m_shading(xmlNodePtr shd, uint32_t dflt);

#endif
