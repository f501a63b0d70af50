/*
 * tpl.h — DOCX templates: the tag language (docxtemplater syntax) parsed
 * from the WordprocessingML parts of a package into a compiled template with
 * source positions, once, for merging with many records (merge.h).
 *
 * Tags: {name} {a.b} {#list}…{/list} {^list}…{/list} {.} {x | filter:"arg"},
 * {/} (closes the innermost open section) and {-w:p list}…{/list} (repeats the
 * named enclosing element: w:p, w:tr, w:tbl, …), as docxtemplater.
 * Tags split across runs (proofing marks, bookmarks, revision marks, changes
 * of formatting) are joined; the value goes where the tag starts.  Text in
 * w:del is not template text.  The language is specified in docs/templates.md.
 *
 * Parts scanned: the main document and every header, footer, footnotes and
 * endnotes part next to it.  Parts without tags are not touched (the package
 * writer copies them byte for byte).
 *
 * Errors are collected like a compiler's: every problem of every part, each
 * with part, paragraph number (1-based, document order, table paragraphs
 * included), the paragraph text and a caret under the tag.
 */
#ifndef GW_TPL_H
#define GW_TPL_H

#include "common.h"
#include "pkg.h"

typedef struct gw_tpl gw_tpl;

typedef enum gw_tag_kind {
	GW_TAG_VAR,     /* {name} */
	GW_TAG_OPEN,    /* {#name} */
	GW_TAG_INVERSE, /* {^name} */
	GW_TAG_CLOSE    /* {/name} */
} gw_tag_kind;

typedef enum gw_tag_place {
	GW_PLACE_INLINE,     /* a value, or a section inside one paragraph (or same-shaped runs) */
	GW_PLACE_PARAGRAPHS, /* section tags alone in their paragraphs: repeats the paragraphs between */
	GW_PLACE_ROWS,       /* section across table cells: repeats the row(s) */
	GW_PLACE_ELEMENT     /* {-w:p x}: repeats the named enclosing element(s) */
} gw_tag_place;

/* One tag as written (all strings borrowed from the report / template). */
typedef struct gw_tag_info {
	gw_tag_kind kind;
	const char *name;    /* the path as written without spaces: "agency.name", "."
				(for {/}: the name of the section it closes) */
	const char *element; /* {-w:p x}: "w:p"; else "" */
	const char *source;  /* the tag's text as typed, braces included */
	const char *filters; /* "roc_date | default:\"無\"" or "" */
	const char *part;    /* "word/document.xml" */
	int paragraph;       /* 1-based paragraph number in the part */
	size_t offset;       /* byte offset of '{' in the paragraph text */
	int depth;           /* section nesting depth, 0 at top level */
	gw_tag_place place;  /* for OPEN/INVERSE/CLOSE: how the section repeats */
} gw_tag_info;

/* What `gongwen tags` shows: every tag found and every problem. */
typedef struct gw_tpl_report {
	gw_tag_info *tags;
	size_t ntags;
	char **diags;  /* each a report: "FILE: PART, paragraph N: cause\n  text\n  ^~~" */
	size_t ndiags;
	char **active; /* active content, one line each: "FILE: PART: what" (gw_pkg_active) */
	size_t nactive;
	void *priv;
} gw_tpl_report;

/* Compile the template in pkg.  On success *out is the caller's (gw_tpl_free);
 * it borrows pkg, which must stay open until gw_tpl_free (merges copy its
 * untouched parts).  A template error returns GW_ETEMPLATE with the
 * first problem in err ("… (and N more problems)"); gw_tpl_inspect lists all.
 * A broken package or XML part returns that module's error. */
int gw_tpl_compile(gw_tpl **out, const gw_pkg *pkg, gw_err *err);

/* Active content (a DDE field, a relationship fetched on open, altChunk,
 * macros, ActiveX; gw_pkg_active) makes gw_tpl_compile fail with GW_ETEMPLATE
 * naming the first item; with allow_active it compiles and each item is
 * passed to warn (one line "FILE: PART: what", no newline; may be NULL). */
typedef struct gw_tpl_opts {
	int allow_active;
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
} gw_tpl_opts;
int gw_tpl_compile_opts(gw_tpl **out, const gw_pkg *pkg, const gw_tpl_opts *o, gw_err *err);
void gw_tpl_free(gw_tpl *t);

/* Every tag and every problem of the template in pkg.  Returns 0 even when
 * the template has errors (they are in (*out)->diags, active content in
 * (*out)->active); < 0 only when the package cannot be read.  *out is the caller's (gw_tpl_report_free). */
int gw_tpl_inspect(gw_tpl_report **out, const gw_pkg *pkg, gw_err *err);
void gw_tpl_report_free(gw_tpl_report *r);

/* The tags of a compiled template (borrowed; valid until gw_tpl_free). */
size_t gw_tpl_ntags(const gw_tpl *t);
const gw_tag_info *gw_tpl_tag(const gw_tpl *t, size_t i);

#endif
