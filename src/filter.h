/*
 * filter.h — the template filters ({x | roc_date}): one table, built in,
 * safe (no expression evaluation).  Used by the template compiler (names and
 * argument counts are checked at compile time) and by the merge.
 *
 * A value flowing through a chain is either a JSON value (borrowed from the
 * data), text produced by a previous filter, or "missing" (the field is not
 * in the data).  Only `default` turns missing into a value; the others pass
 * it on, and the merge reports it.
 */
#ifndef GW_FILTER_H
#define GW_FILTER_H

#include "common.h"
#include <jansson.h>

typedef struct gw_fval {
	const json_t *j; /* the value when !is_text; NULL with !is_text = missing */
	int is_text;
	gw_buf text;     /* the value when is_text (UTF-8) */
} gw_fval;

typedef struct gw_filter_def {
	const char *name;
	int min_args, max_args;
	const char *usage;  /* "roc_date" / "default:\"無\"" for messages */
	/* Transform *v in place using args; on failure write a short cause into
	 * why (e.g. "'2026-13-01' is not a date YYYY-MM-DD") and return -1. */
	int (*fn)(gw_fval *v, const gw_fval *args, int nargs, char *why, size_t whylen);
} gw_filter_def;

/* The filter named name[0..len), or NULL. */
const gw_filter_def *gw_filter_find(const char *name, size_t len);
/* All filters (*n of them), for listings. */
const gw_filter_def *gw_filter_table(size_t *n);

/* Text of a scalar JSON value as the merge prints it: strings as they are,
 * integers as written, reals in shortest round-trip form, true/false, null
 * as "".  Returns -1 for arrays and objects. */
int gw_json_scalar_text(gw_buf *out, const json_t *j);
/* Truthiness used by sections and checkbox: false, null, "", 0, [] and {}
 * and missing are false. */
int gw_json_truthy(const json_t *j);

/* Chinese numerals: 3 → 三, 10 → 十, 21 → 二十一, 105 → 一百零五. 0 ≤ n < 10^12. */
void gw_zh_number(gw_buf *out, long long n);

#endif
