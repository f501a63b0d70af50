/*
 * filter.c — the table of template filters and the scalar formatting the
 * merge shares with them.  Pure functions over jansson values; no state.
 *
 * Adding a filter: one function and one line in `table`, one example in
 * docs/templates.md.  Dates are ISO YYYY-MM-DD (an optional time after 'T'
 * or ' ' is ignored); ROC year = Gregorian year - 1911.
 */
#include "filter.h"
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== Values ==== */

int gw_json_scalar_text(gw_buf *out, const json_t *j)
{
	char tmp[64];

	switch (json_typeof(j)) {
	case JSON_STRING:
		gw_buf_add(out, json_string_value(j), json_string_length(j));
		return 0;
	case JSON_INTEGER:
		gw_buf_printf(out, "%lld", (long long)json_integer_value(j));
		return 0;
	case JSON_REAL: {
		double d = json_real_value(j);
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(tmp, sizeof tmp, "%.*g", prec, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
		gw_buf_adds(out, tmp);
		return 0;
	}
	case JSON_TRUE: gw_buf_adds(out, "true"); return 0;
	case JSON_FALSE: gw_buf_adds(out, "false"); return 0;
	case JSON_NULL: return 0;
	default: return -1;
	}
}

int gw_json_truthy(const json_t *j)
{
	if (j == NULL)
		return 0;
	switch (json_typeof(j)) {
	case JSON_STRING: return json_string_length(j) > 0;
	case JSON_INTEGER: return json_integer_value(j) != 0;
	case JSON_REAL: return json_real_value(j) != 0.0;
	case JSON_TRUE: return 1;
	case JSON_ARRAY: return json_array_size(j) > 0;
	case JSON_OBJECT: return json_object_size(j) > 0;
	default: return 0;
	}
}

static int is_missing(const gw_fval *v)
{
	return !v->is_text && v->j == NULL;
}

/* Bytes of s to quote in a message: at most 60, whole code points. */
static int clip(const char *s)
{
	size_t n = strlen(s);
	if (n <= 60)
		return (int)n;
	n = 60;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* The value as text into out; -1 for arrays/objects (why filled). */
static int text_of(gw_buf *out, const gw_fval *v, char *why, size_t whylen)
{
	gw_buf_add(out, "", 0); /* never NULL data, even when empty */
	if (v->is_text) {
		gw_buf_add(out, v->text.data, v->text.len);
		return 0;
	}
	if (v->j == NULL)
		return 0;
	if (gw_json_scalar_text(out, v->j) < 0) {
		snprintf(why, whylen, "the value is %s, not text",
			 json_is_array(v->j) ? "a list" : "an object");
		return -1;
	}
	return 0;
}

static void set_text(gw_fval *v, const char *s, size_t n)
{
	gw_buf t;

	gw_buf_init(&t);
	gw_buf_add(&t, s, n);
	gw_buf_dispose(&v->text);
	v->text = t;
	v->is_text = 1;
	v->j = NULL;
}

/* ==== Numbers ==== */

static const char *const zh_digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

void gw_zh_number(gw_buf *out, long long n)
{
	static const char *const unit[] = {"千", "百", "十", ""};
	static const char *const group_unit[] = {"億", "萬", ""};
	long long groups[3] = {n / 100000000LL, n / 10000 % 10000, n % 10000};
	int started = 0, zero = 0;

	if (n == 0) {
		gw_buf_adds(out, zh_digit[0]);
		return;
	}
	for (int g = 0; g < 3; g++) {
		long long v = groups[g];
		if (v == 0) {
			zero = started;
			continue;
		}
		if (g == 0 && v >= 10000) { /* 10^12 and over: recurse for the 億 count */
			gw_zh_number(out, v);
			started = 1;
			gw_buf_adds(out, group_unit[g]);
			continue;
		}
		int d[4] = {(int)(v / 1000), (int)(v / 100 % 10), (int)(v / 10 % 10), (int)(v % 10)};
		for (int i = 0; i < 4; i++) {
			if (d[i] == 0) {
				zero = started;
				continue;
			}
			if (zero)
				gw_buf_adds(out, zh_digit[0]);
			zero = 0;
			/* 10..19 read 十, 十一 at the head of a number, 一十 inside one. */
			if (!(i == 2 && d[i] == 1 && !started))
				gw_buf_adds(out, zh_digit[d[i]]);
			gw_buf_adds(out, unit[i]);
			started = 1;
		}
		gw_buf_adds(out, group_unit[g]);
	}
}

/* An integer from the value (integer, integral real or a string of digits). */
static int int_of(long long *n, const gw_fval *v, char *why, size_t whylen)
{
	gw_buf t;
	int rc = 0;

	if (!v->is_text && v->j && json_is_integer(v->j)) {
		*n = json_integer_value(v->j);
		goto check;
	}
	if (!v->is_text && v->j && json_is_real(v->j) && floor(json_real_value(v->j)) == json_real_value(v->j) &&
	    fabs(json_real_value(v->j)) < 1e15) {
		*n = (long long)json_real_value(v->j);
		goto check;
	}
	gw_buf_init(&t);
	if (text_of(&t, v, why, whylen) < 0) {
		gw_buf_dispose(&t);
		return -1;
	}
	char *end;
	const char *s = t.data;
	while (*s == ' ')
		s++;
	*n = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (t.len == 0 || end == s || *end || (*s == '-' && 0)) {
		snprintf(why, whylen, "'%.*s' is not a whole number", clip(t.data), t.data);
		rc = -1;
	}
	gw_buf_dispose(&t);
	if (rc < 0)
		return rc;
check:
	if (*n < 0 || *n >= 1000000000000LL) {
		snprintf(why, whylen, "%lld is out of range (0 to 999999999999)", *n);
		return -1;
	}
	return 0;
}

/* A Chinese-counting number between open and close: 3 → 三, (三). */
static int zh_number_text(gw_fval *v, const char *open, const char *close, char *why, size_t wl)
{
	long long n;
	gw_buf b;

	if (is_missing(v))
		return 0;
	if (int_of(&n, v, why, wl) < 0)
		return -1;
	gw_buf_init(&b);
	gw_buf_adds(&b, open);
	gw_zh_number(&b, n);
	gw_buf_adds(&b, close);
	set_text(v, b.data, b.len);
	gw_buf_dispose(&b);
	return 0;
}

static int f_zh_number(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return zh_number_text(v, "", "", why, wl);
}

static int f_zh_paren_number(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return zh_number_text(v, "(", ")", why, wl);
}

/* ==== Dates ==== */

/* Parse the value as a date; *empty when it is "" or null (rendered empty). */
static int date_of(int *y, int *m, int *d, int *empty, const gw_fval *v, char *why, size_t wl)
{
	gw_buf t;
	int rc = 0;

	*empty = 0;
	gw_buf_init(&t);
	if (text_of(&t, v, why, wl) < 0) {
		rc = -1;
		goto done;
	}
	if (t.len == 0) {
		*empty = 1;
		goto done;
	}
	if (t.len > 10 && (t.data[10] == 'T' || t.data[10] == ' '))
		t.data[10] = 0;
	if (gw_date_parse(t.data, y, m, d) < 0) {
		/* gw_date_parse refuses years before 1912: say why for those. */
		if (t.len == 10 && t.data[4] == '-' && strncmp(t.data, "1912", 4) < 0 &&
		    strspn(t.data, "0123456789-") == 10)
			snprintf(why, wl, "'%.*s' is before the ROC calendar (1912)", clip(t.data), t.data);
		else
			snprintf(why, wl, "'%.*s' is not a date YYYY-MM-DD", clip(t.data), t.data);
		rc = -1;
	}
done:
	gw_buf_dispose(&t);
	return rc;
}

static int roc_common(gw_fval *v, const char *fmt, int which, char *why, size_t wl)
{
	int y, m, d, empty;
	char tmp[96];

	if (is_missing(v))
		return 0;
	if (date_of(&y, &m, &d, &empty, v, why, wl) < 0)
		return -1;
	if (empty) {
		set_text(v, "", 0);
		return 0;
	}
	if (which == 0)
		snprintf(tmp, sizeof tmp, fmt, y - 1911, m, d);
	else
		snprintf(tmp, sizeof tmp, fmt, y - 1911);
	set_text(v, tmp, strlen(tmp));
	return 0;
}

static int f_roc_date(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return roc_common(v, "中華民國%d年%d月%d日", 0, why, wl);
}

static int f_roc_date_short(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return roc_common(v, "%d年%d月%d日", 0, why, wl);
}

static int f_roc_date_dot(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return roc_common(v, "%d.%02d.%02d", 0, why, wl);
}

static int f_roc_year(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return roc_common(v, "%d", 1, why, wl);
}

/* ==== Text ==== */

static int f_checkbox(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	int on;

	if (is_missing(v))
		return 0;
	if (na == 0) {
		on = v->is_text ? v->text.len > 0 : gw_json_truthy(v->j);
	} else {
		gw_buf t, w;
		gw_buf_init(&t);
		gw_buf_init(&w);
		int rc = text_of(&w, &a[0], why, wl) < 0;
		if (!rc)
			rc = text_of(&t, v, why, wl) < 0;
		on = !rc && t.len == w.len && memcmp(t.data, w.data, t.len) == 0;
		/* A list matches when any element equals the argument. */
		if (rc && !v->is_text && json_is_array(v->j)) {
			size_t i;
			json_t *e;
			on = 0;
			json_array_foreach(v->j, i, e) {
				gw_buf_dispose(&t);
				gw_buf_init(&t);
				if (gw_json_scalar_text(&t, e) == 0 && t.len == w.len &&
				    memcmp(t.data, w.data, t.len) == 0)
					on = 1;
			}
			rc = 0;
		}
		gw_buf_dispose(&t);
		gw_buf_dispose(&w);
		if (rc)
			return -1;
	}
	set_text(v, on ? "☑" : "☐", strlen("☑"));
	return 0;
}

static int f_default(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	int empty;

	if (v->is_text)
		empty = v->text.len == 0;
	else
		empty = v->j == NULL || json_is_null(v->j) ||
			(json_is_string(v->j) && json_string_length(v->j) == 0) ||
			(json_is_array(v->j) && json_array_size(v->j) == 0);
	if (!empty)
		return 0;
	gw_buf t;
	gw_buf_init(&t);
	if (text_of(&t, &a[0], why, wl) < 0) {
		gw_buf_dispose(&t);
		return -1;
	}
	set_text(v, t.data, t.len);
	gw_buf_dispose(&t);
	return 0;
}

static int map_ascii(gw_fval *v, int upper, char *why, size_t wl)
{
	gw_buf t;

	if (is_missing(v))
		return 0;
	gw_buf_init(&t);
	if (text_of(&t, v, why, wl) < 0) {
		gw_buf_dispose(&t);
		return -1;
	}
	for (size_t i = 0; i < t.len; i++) {
		char c = t.data[i];
		if (upper && c >= 'a' && c <= 'z')
			t.data[i] = (char)(c - 32);
		else if (!upper && c >= 'A' && c <= 'Z')
			t.data[i] = (char)(c + 32);
	}
	set_text(v, t.data, t.len);
	gw_buf_dispose(&t);
	return 0;
}

static int f_upper(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return map_ascii(v, 1, why, wl);
}

static int f_lower(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	return map_ascii(v, 0, why, wl);
}

static int f_trim(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	gw_buf t;

	if (is_missing(v))
		return 0;
	gw_buf_init(&t);
	if (text_of(&t, v, why, wl) < 0) {
		gw_buf_dispose(&t);
		return -1;
	}
	size_t s = 0, e = t.len;
	/* ASCII blanks and the ideographic space U+3000 (E3 80 80). */
	for (;;) {
		if (s < e && strchr(" \t\r\n", t.data[s]))
			s++;
		else if (e - s >= 3 && memcmp(t.data + s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	for (;;) {
		if (e > s && strchr(" \t\r\n", t.data[e - 1]))
			e--;
		else if (e - s >= 3 && memcmp(t.data + e - 3, "\xE3\x80\x80", 3) == 0)
			e -= 3;
		else
			break;
	}
	set_text(v, t.data + s, e - s);
	gw_buf_dispose(&t);
	return 0;
}

static int f_join(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	gw_buf t, sep;
	size_t i;
	json_t *e;
	int rc = 0;

	if (is_missing(v) || v->is_text)
		return 0;
	if (!json_is_array(v->j)) {
		if (json_is_object(v->j)) {
			snprintf(why, wl, "the value is an object, not a list");
			return -1;
		}
		return 0; /* a scalar joins to itself */
	}
	gw_buf_init(&t);
	gw_buf_init(&sep);
	if (na > 0)
		rc = text_of(&sep, &a[0], why, wl);
	else
		gw_buf_adds(&sep, "、");
	json_array_foreach(v->j, i, e) {
		if (rc < 0)
			break;
		if (i > 0)
			gw_buf_add(&t, sep.data, sep.len);
		if (gw_json_scalar_text(&t, e) < 0) {
			snprintf(why, wl, "element %zu is %s, not text", i + 1,
				 json_is_array(e) ? "a list" : "an object");
			rc = -1;
		}
	}
	if (rc == 0)
		set_text(v, t.data, t.len);
	gw_buf_dispose(&t);
	gw_buf_dispose(&sep);
	return rc;
}

static int f_count(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	char tmp[32];
	size_t n = 0;

	if (is_missing(v))
		return 0;
	if (!v->is_text && json_is_array(v->j))
		n = json_array_size(v->j);
	else if (!v->is_text && json_is_object(v->j))
		n = json_object_size(v->j);
	else if (!v->is_text && json_is_null(v->j))
		n = 0;
	else {
		gw_buf t;
		gw_buf_init(&t);
		text_of(&t, v, why, wl);
		for (size_t i = 0; i < t.len; i++) /* code points */
			n += ((unsigned char)t.data[i] & 0xC0) != 0x80;
		gw_buf_dispose(&t);
	}
	snprintf(tmp, sizeof tmp, "%zu", n);
	set_text(v, tmp, strlen(tmp));
	return 0;
}

static int f_phone_ext(gw_fval *v, const gw_fval *a, int na, char *why, size_t wl)
{
	gw_buf t, ext;
	int rc = 0;

	if (is_missing(v))
		return 0;
	gw_buf_init(&t);
	gw_buf_init(&ext);
	if (text_of(&t, v, why, wl) < 0 || text_of(&ext, &a[0], why, wl) < 0) {
		rc = -1;
		goto done;
	}
	if (ext.len > 0 && t.len > 0) {
		gw_buf_adds(&t, " 分機 ");
		gw_buf_add(&t, ext.data, ext.len);
	}
	set_text(v, t.data, t.len);
done:
	gw_buf_dispose(&t);
	gw_buf_dispose(&ext);
	return rc;
}

/* ==== The table ==== */

static const gw_filter_def table[] = {
	{"roc_date", 0, 0, "roc_date", f_roc_date},
	{"roc_date_short", 0, 0, "roc_date_short", f_roc_date_short},
	{"roc_date_dot", 0, 0, "roc_date_dot", f_roc_date_dot},
	{"roc_year", 0, 0, "roc_year", f_roc_year},
	{"checkbox", 0, 1, "checkbox or checkbox:\"value\"", f_checkbox},
	{"default", 1, 1, "default:\"無\"", f_default},
	{"zh_number", 0, 0, "zh_number", f_zh_number},
	{"zh_paren_number", 0, 0, "zh_paren_number", f_zh_paren_number},
	{"upper", 0, 0, "upper", f_upper},
	{"lower", 0, 0, "lower", f_lower},
	{"trim", 0, 0, "trim", f_trim},
	{"join", 0, 1, "join or join:\"、\"", f_join},
	{"count", 0, 0, "count", f_count},
	{"phone_ext", 1, 1, "phone_ext:ext_field", f_phone_ext},
};

const gw_filter_def *gw_filter_find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strlen(table[i].name) == len && memcmp(table[i].name, name, len) == 0)
			return &table[i];
	return NULL;
}

const gw_filter_def *gw_filter_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}
