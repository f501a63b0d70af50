/*
 * merge.h — a compiled template (tpl.h) × a jansson data tree → a merged
 * package.  Compile once, merge many times: gw_tpl_merge only copies bytes
 * and substitutes values; it never parses XML (a part whose sections repeat
 * blocks is scanned once for cells, tables and headers left empty, which
 * get an empty paragraph or go, so Word never calls the output damaged).
 *
 * Semantics (docs/templates.md): lookup walks the scope chain outwards (a
 * loop body sees outer fields); sections repeat for arrays, render once for
 * true / objects (the object becomes the scope) / non-empty strings and
 * non-zero numbers, and are skipped for false, null, "", 0, [] and missing
 * fields; inverse sections the opposite.  Values are XML-escaped, "\n"
 * becomes a line break (w:br), "\t" a tab (w:tab); integers print as written,
 * reals in shortest round-trip form, booleans as true / false.
 *
 * Errors: a missing field is an error naming the tag and its place (or empty
 * with a warning when opts->lenient); a string that XML cannot carry (control
 * characters, invalid UTF-8, U+FFFE/U+FFFF) is an error naming the field;
 * a filter given what it cannot use (an unparsable date) names the tag.
 * All are GW_EDATA.
 */
#ifndef GW_MERGE_H
#define GW_MERGE_H

#include "common.h"
#include "pkg.h"
#include "tpl.h"

#include <jansson.h>

typedef struct gw_merge_opts {
	int lenient;  /* missing fields render empty, with a warning */
	/* Called once per warning (one line, no newline); NULL: warnings dropped. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
} gw_merge_opts;

/* Merge data into the compiled template t.  *out is a new package
 * (gw_pkg_free) whose parts with tags are replaced and whose other parts are
 * the template's, copied byte for byte when written.  opts may be NULL
 * (strict).  On error *out is NULL. */
int gw_tpl_merge(gw_pkg **out, const gw_tpl *t, const json_t *data, const gw_merge_opts *opts,
		 gw_err *err);

/* The merged XML of one part only, for tests and for callers that keep their
 * own package (*out caller frees, NUL-terminated).  GW_ENOTFOUND when the
 * part has no tags. */
int gw_tpl_merge_part(char **out, size_t *len, const gw_tpl *t, const char *part,
		      const json_t *data, const gw_merge_opts *opts, gw_err *err);

#endif
