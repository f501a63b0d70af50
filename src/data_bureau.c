/*
 * data_bureau.c — the bureau's reference data (table bureau, one row): read
 * every field, check a new value, change fields (`gongwen bureau`).
 *
 * Invariants: a field is changed only after its value passed
 * gw_bureau_check, so the letters never print a blank where they need text
 * and asset_format always formats; the changes of one call and their
 * history rows (role "bureau", action "bureau") are one transaction.  The
 * column names interpolated into SQL come only from the fixed table below.
 * Wraps sqlite3 (through data_int.h).
 */
#include "data_int.h"

#include <stdlib.h>
#include <string.h>

/* The longest value, in characters: one line of a letter's header. */
#define MAX_CHARS 100

enum { ANY, REQUIRED_TEXT, PHONE, PREFIX, ASSET, EMAIL, FLAG, MEGABYTES };

static const struct field {
	const char *name;
	int kind;
	const char *what; /* what the field is, for messages */
} fields[] = {
	{"name", REQUIRED_TEXT, "the bureau's full name"},
	{"short_name", REQUIRED_TEXT, "the bureau's short name"},
	{"unit", REQUIRED_TEXT, "the unit that handles the applications"},
	{"address", REQUIRED_TEXT, "the bureau's address"},
	{"phone", PHONE, "the bureau's telephone number"},
	{"fax", PHONE, "the bureau's fax number"},
	{"email", EMAIL, "the e-mail address of the letters' sender block"},
	{"head_title", REQUIRED_TEXT, "the title the letters are signed with"},
	{"head_name", ANY, "the name the letters are signed with"},
	{"doc_prefix", PREFIX, "機關代字 of the bureau's letter numbers"},
	{"asset_format", ASSET, "the pattern of asset numbers"},
	/* Attachments (schema 6; data_attach.c, rule R10). */
	{"require_attachments", FLAG, "1: every declared report, evidence and go-live record "
	 "needs its file (rule R10); 0: not"},
	{"attach_max_file_mb", MEGABYTES, "the largest attachment, in megabytes"},
	{"attach_max_app_mb", MEGABYTES, "all attachments of one application, in megabytes"},
};

#define NFIELDS (sizeof fields / sizeof fields[0])

const char *gw_bureau_field(size_t i)
{
	return i < NFIELDS ? fields[i].name : NULL;
}

static const struct field *find(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* Half- or full-width digit, and the other characters of a phone number. */
static int phone_digit(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static int phone_other(int32_t c)
{
	return c == '-' || c == '(' || c == ')' || c == '+' || c == '#' || c == ' ' ||
	       c == 0xFF0D || c == 0xFF08 || c == 0xFF09 || c == 0xFF0B || c == 0xFF03 ||
	       c == 0x3000;
}

static int is_space(int32_t c)
{
	return c == ' ' || c == 0x3000 || c == 0xA0;
}

int gw_bureau_check(const char *field, const char *value, gw_err *err)
{
	const struct field *f = find(field);
	const char *p = value, *end = value + strlen(value), *why;
	size_t at, nchars = 0, ndigits = 0;
	int32_t c = 0, first = -1;
	int rc = 0;

	if (f == NULL)
		return gw_err_set(err, GW_EUSAGE, "bureau.%s: no such field (fields: name, "
				  "short_name, unit, address, phone, fax, email, head_title, "
				  "head_name, doc_prefix, asset_format, require_attachments, "
				  "attach_max_file_mb, attach_max_app_mb)", field);
	if ((why = gw_utf8_xml_invalid(value, (size_t)(end - value), &at)) != NULL)
		return gw_err_set(err, GW_EDATA, "bureau.%s: %s at byte %zu", field, why, at);
	while (p < end) {
		c = gw_utf8_next(&p, end);
		if (first < 0)
			first = c;
		nchars++;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 ||
		    c == 0x2029)
			return gw_err_set(err, GW_EDATA, "bureau.%s: a control character (U+%04X) at "
					  "character %zu; the value must be one line of text",
					  field, (unsigned)c, nchars);
		if (f->kind == PHONE && !phone_digit(c) && !phone_other(c))
			return gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" is not a telephone "
					  "number: character %zu is not a digit or - ( ) + #",
					  field, value, nchars);
		if (f->kind == PREFIX && is_space(c))
			return gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" contains a space; 機關代字 "
					  "is one word (e.g. 中市數網字)", field, value);
		ndigits += phone_digit(c);
	}
	if (nchars == 0) {
		if (f->kind != ANY && f->kind != EMAIL)
			rc = gw_err_set(err, GW_EDATA, "bureau.%s: must not be empty (%s)", field,
					f->what);
		return rc;
	}
	if (is_space(first) || is_space(c))
		return gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" begins or ends with a space",
				  field, value);
	if (nchars > MAX_CHARS)
		return gw_err_set(err, GW_EDATA, "bureau.%s: %zu characters, at most %d", field,
				  nchars, MAX_CHARS);
	switch (f->kind) {
	case FLAG:
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
			rc = gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" must be 1 (on) or 0 (off)",
					field, value);
		break;
	case MEGABYTES: {
		char *end = NULL;
		long mb = strtol(value, &end, 10);
		if (*end || value[0] < '1' || value[0] > '9' || mb > 4096)
			rc = gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" must be a whole number of "
					"megabytes from 1 to 4096", field, value);
		break;
	}
	case PHONE:
		if (ndigits < 6)
			rc = gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" is not a telephone number "
					"(too few digits)", field, value);
		break;
	case PREFIX:
		/* The number is PREFIX第1150000001號: the prefix must not say 第 itself. */
		if (end - value >= 3 && (strcmp(end - 3, "第") == 0 || strcmp(end - 3, "號") == 0))
			rc = gw_err_set(err, GW_EDATA, "bureau.%s: \"%s\" ends with %s; give only 機關代字 "
					"(e.g. 中市數網字): the letter number adds 第…號", field, value,
					end - 3);
		break;
	case EMAIL: {
		/* local@domain.tld in printable ASCII, as a letter prints it */
		const char *at = strchr(value, '@'), *dot = at ? strrchr(at, '.') : NULL;
		for (p = value; *p && rc == 0; p++)
			if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
				rc = gw_err_set(err, GW_EDATA, "bureau.email: \"%s\" is not an e-mail "
						"address: character %d is not allowed", value,
						(int)(p - value) + 1);
		if (rc == 0 && (at == NULL || at == value || strchr(at + 1, '@') || dot == NULL ||
				dot == at + 1 || dot[1] == '\0'))
			rc = gw_err_set(err, GW_EDATA, "bureau.email: \"%s\" is not an e-mail address "
					"(name@domain.tw)", value);
		break;
	}
	case ASSET: {
		char *s = NULL;
		/* The formatter refuses an unknown directive or a missing %N. */
		if ((rc = gw_asset_format(&s, value, 115, 1, err)) == 0 &&
		    strstr(value, "%Y") == NULL && strstr(value, "%G") == NULL)
			rc = gw_err_set(err, GW_EDATA, "bureau.asset_format \"%s\": has no year (%%Y or "
					"%%G); the serial restarts each year, so numbers would repeat",
					value);
		free(s);
		break;
	}
	}
	return rc;
}

int gw_db_bureau(json_t **out, gw_db *db, gw_err *err)
{
	gw_buf sql;
	sqlite3_stmt *st = NULL;
	int rc, s;

	*out = NULL;
	gw_buf_init(&sql);
	gw_buf_adds(&sql, "SELECT ");
	for (size_t i = 0; i < NFIELDS; i++)
		gw_buf_printf(&sql, "%s%s", i ? ", " : "", fields[i].name);
	gw_buf_adds(&sql, " FROM bureau WHERE id = 1");
	if ((rc = gw_db_prepare(&st, db, sql.data, err)) < 0)
		goto done;
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		*out = json_object();
		for (size_t i = 0; i < NFIELDS; i++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)i);
			json_object_set_new(*out, fields[i].name, json_string(v ? v : ""));
		}
	} else if (s == SQLITE_DONE) {
		rc = gw_err_set(err, GW_EDB, "%s: table bureau is empty (run gongwen init)", db->path);
	} else {
		rc = gw_db_fail(db, "cannot read the bureau", err);
	}
done:
	sqlite3_finalize(st);
	gw_buf_dispose(&sql);
	return rc;
}

/* JSON-quote s into b (the history detail shows "" for an empty value). */
static void quote(gw_buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *q = json_dumps(j, JSON_ENCODE_ANY);
	gw_buf_adds(b, q ? q : "\"?\"");
	free(q);
	json_decref(j);
}

/* Change one field inside the caller's transaction; *changed is 0 when the
 * value was already the same (no write, no history). */
static int set_one(int *changed, gw_db *db, const char *field, const char *value, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	char *sql = NULL, *old = NULL;
	gw_buf detail;
	int rc, s;

	*changed = 0;
	gw_buf_init(&detail);
	sql = xasprintf("SELECT %s FROM bureau WHERE id = 1", field);
	if ((rc = gw_db_prepare(&st, db, sql, err)) < 0)
		goto done;
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		old = xstrdup(v ? v : "");
	} else {
		rc = s == SQLITE_DONE ? gw_err_set(err, GW_EDB, "%s: table bureau is empty (run "
						   "gongwen init)", db->path)
				      : gw_db_fail(db, "cannot read the bureau", err);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (strcmp(old, value) == 0)
		goto done;
	free(sql);
	sql = xasprintf("UPDATE bureau SET %s = ? WHERE id = 1", field);
	if ((rc = gw_db_prepare(&st, db, sql, err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot change the bureau", err);
		goto done;
	}
	gw_buf_printf(&detail, "%s: ", field);
	quote(&detail, old);
	gw_buf_adds(&detail, " → ");
	quote(&detail, value);
	if ((rc = gw_db_history(db, NULL, "bureau", "bureau", detail.data, err)) == 0)
		*changed = 1;
done:
	sqlite3_finalize(st);
	free(sql);
	free(old);
	gw_buf_dispose(&detail);
	return rc;
}

int gw_db_bureau_set(int *out_changed, gw_db *db, const char *const *pairs, size_t npairs,
		     gw_err *err)
{
	int rc = 0, changed = 0;

	if (out_changed)
		*out_changed = 0;
	for (size_t i = 0; i < npairs && rc == 0; i++) {
		rc = gw_bureau_check(pairs[2 * i], pairs[2 * i + 1], err);
		for (size_t j = 0; j < i && rc == 0; j++)
			if (strcmp(pairs[2 * j], pairs[2 * i]) == 0)
				rc = gw_err_set(err, GW_EUSAGE, "bureau.%s is given twice",
						pairs[2 * i]);
	}
	if (rc < 0)
		return rc;
	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	for (size_t i = 0; i < npairs && rc == 0; i++) {
		int one = 0;
		rc = set_one(&one, db, pairs[2 * i], pairs[2 * i + 1], err);
		changed += one;
	}
	if (rc == 0)
		rc = gw_db_commit(db, err);
	if (rc < 0)
		gw_db_rollback(db);
	else if (out_changed)
		*out_changed = changed;
	return rc;
}
