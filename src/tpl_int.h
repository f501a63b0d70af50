/*
 * tpl_int.h — the compiled template, shared by tpl.c (which builds it) and
 * merge.c (which runs it).  Nothing else includes this file.
 *
 * A compiled part is its serialised XML cut at the tags into a tree of
 * nodes: TEXT nodes point into the part's XML bytes (copied verbatim at
 * merge), VAR nodes print a value, SECT nodes repeat their body.  Section
 * placement (paragraphs, table rows) was resolved at compile time by moving
 * the cut points, so the merge never looks at XML.
 */
#ifndef GW_TPL_INT_H
#define GW_TPL_INT_H

#include "filter.h"
#include "tpl.h"

enum { PATH_NAME, PATH_SELF, PATH_INDEX, PATH_POSITION };

typedef struct tpl_path {
	int kind;     /* PATH_* */
	char **seg;   /* PATH_NAME: the dotted segments */
	int nseg;
} tpl_path;

typedef struct tpl_arg {
	int is_path;  /* a bare name looked up in the data; else literal text */
	char *text;
	tpl_path path;
} tpl_arg;

typedef struct tpl_filter {
	const gw_filter_def *def;
	tpl_arg *args;
	int nargs;
} tpl_filter;

typedef struct tpl_tag {
	gw_tag_info info;
	tpl_path path;
	tpl_filter *filters;
	int nfilters;
	const char *para_text; /* the paragraph's text, for messages */
	size_t tag_len;        /* bytes of the tag in para_text */
} tpl_tag;

enum { N_TEXT, N_VAR, N_SECT };

typedef struct tpl_node {
	int kind;
	const char *text;       /* N_TEXT: into the part's xml */
	size_t len;
	const tpl_tag *tag;     /* N_VAR, N_SECT (the opening tag) */
	struct tpl_node *body;  /* N_SECT */
	size_t nbody;
	const char *fallback;   /* N_SECT: bytes emitted when the body is not (a */
	size_t fallback_len;    /* table cell must keep a paragraph), or NULL */
} tpl_node;

typedef struct tpl_part {
	char *name;
	char *xml;      /* serialised part with the cut marks */
	size_t len;
	tpl_node *nodes;
	size_t nnodes;
	int fixup;          /* sections repeat or remove blocks: the merged part is
			       checked for cells, tables and headers Word would call
			       damaged (merge.c, uncorrupt) */
	const char *prefix; /* the WordprocessingML namespace prefix ("w"), or NULL */
	int docpr;          /* fixup, and pictures: their wp:docPr ids are renumbered */
} tpl_part;

struct gw_tpl {
	const gw_pkg *pkg;
	char *file;          /* template file name, for messages */
	tpl_part *parts;
	size_t nparts;
	tpl_tag **tags;
	size_t ntags;
	unsigned long docpr_max; /* the largest wp:docPr id of the package */
	void *arena;
};

/* "FILE: PART, paragraph N" for messages about tag (into buf). */
void tpl_where(char *buf, size_t n, const gw_tpl *t, const tpl_tag *tag);

#endif
