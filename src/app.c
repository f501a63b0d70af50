/*
 * app.c — validation of the application import format (docs/import.md).
 *
 * The format is described once, as tables of fields below; the validator
 * walks the tree against them and names the JSON path of the first fault.
 * Absent keys and "" both mean "not filled" and are always allowed here:
 * whether a field must be filled is the rules' business (R1–R9), not the
 * importer's.  What the importer refuses is what cannot be stored faithfully:
 * a wrong type, an unknown key or enum value, an impossible date.
 */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum ftype { F_STR, F_DATE, F_DATE_OR_PERM, F_DATE_OR_NONE, F_BOOL, F_INT, F_ENUM, F_OBJ, F_ARR, F_ID };

typedef struct field {
	const char *name;
	enum ftype type;
	const struct field *sub;    /* F_OBJ, F_ARR: the fields of the object (element) */
	const char *const *values;  /* F_ENUM: allowed values, NULL-terminated */
	const char *what;           /* F_ENUM: "device type", for the message */
} field;

static const char *const device_types[] = {"Server(AP)", "Server(DB)", "Server(VM)",
	"Server(WEB AP)", "Server(WEB AP+DB)", "Disk Array", "Storage", "Network", "Embedded",
	"Parts", NULL};
static const char *const report_kinds[] = {"source_code_scan", "host_vuln_scan",
	"web_vuln_scan", "pentest", "malware_scan", "patch_status", NULL};
static const char *const move_kinds[] = {"移入", "移出", "攜入", "攜出", NULL};
static const char *const urgencies[] = {"最速件", "速件", "普通件", NULL};

#define END {NULL, 0, NULL, NULL, NULL}

static const field agency_f[] = {{"name", F_STR}, {"short_name", F_STR}, {"code", F_STR},
	{"unit", F_STR}, {"address", F_STR}, {"head_title", F_STR}, {"head_name", F_STR}, END};
static const field applicant_f[] = {{"name", F_STR}, {"title", F_STR}, {"phone", F_STR},
	{"ext", F_STR}, {"fax", F_STR}, {"email", F_STR}, END};
static const field letter_f[] = {{"date", F_DATE}, {"doc_no", F_STR},
	{"urgency", F_ENUM, NULL, urgencies, "urgency"}, {"attachments", F_STR}, END};
static const field vendor_f[] = {{"name", F_STR}, {"tax_id", F_STR}, {"engineer", F_STR},
	{"phone", F_STR}, END};
static const field move_f[] = {{"kind", F_ENUM, NULL, move_kinds, "move kind"},
	{"system_name", F_STR}, {"reason", F_STR}, {"planned_date", F_DATE},
	{"planned_time", F_STR}, {"vendor", F_OBJ, vendor_f}, END};
static const field front_f[] = {{"sealed", F_BOOL}, {"original", F_BOOL}, END};
static const field ip_f[] = {{"internal", F_BOOL}, {"external", F_BOOL}, END};
/* "file" (reports, evidence), "golive_file" and "attachments" name files to
 * attach, relative to the JSON file (data_attach.c reads them on import). */
static const field sw_one_f[] = {{"installed", F_BOOL}, {"evidence", F_STR}, {"file", F_STR},
	END};
static const field sw_f[] = {{"antivirus", F_OBJ, sw_one_f}, {"mdr", F_OBJ, sw_one_f},
	{"vans", F_OBJ, sw_one_f}, END};
static const field report_f[] = {{"kind", F_ENUM, NULL, report_kinds, "report kind"},
	{"date", F_DATE}, {"tool", F_STR}, {"critical", F_INT}, {"high", F_INT},
	{"medium", F_INT}, {"low", F_INT}, {"file", F_STR}, END};
static const field device_f[] = {{"seq", F_INT},
	{"type", F_ENUM, NULL, device_types, "device type"}, {"name", F_STR},
	{"hostname", F_STR}, {"brand", F_STR}, {"model", F_STR}, {"serial", F_STR},
	{"qty", F_INT}, {"rack_units", F_INT}, {"power", F_STR}, {"os", F_STR},
	{"os_version", F_STR}, {"database", F_STR}, {"software", F_STR}, {"purpose", F_STR},
	{"public_website", F_BOOL}, {"large_public_site", F_BOOL}, {"needs_ip", F_OBJ, ip_f},
	{"maintainer", F_STR}, {"warranty_until", F_DATE_OR_NONE}, {"security_software", F_OBJ, sw_f},
	{"golive_record", F_BOOL}, {"golive_file", F_STR}, {"reports", F_ARR, report_f}, END};
static const field period_f[] = {{"from", F_DATE}, {"to", F_DATE_OR_PERM}, END};
static const field rule_f[] = {{"source", F_STR}, {"destination", F_STR}, {"port", F_STR},
	{"protocol", F_STR}, {"purpose", F_STR}, END};
static const field network_f[] = {{"filed", F_BOOL}, {"rules", F_ARR, rule_f},
	{"period", F_OBJ, period_f}, END};
static const field account_f[] = {{"name", F_STR}, {"company", F_STR}, {"email", F_STR},
	{"mobile", F_STR}, END};
static const field target_f[] = {{"host", F_STR}, {"port", F_STR}, {"protocol", F_STR}, END};
static const field vpn_f[] = {{"filed", F_BOOL}, {"accounts", F_ARR, account_f},
	{"targets", F_ARR, target_f}, {"period", F_OBJ, period_f}, {"reason", F_STR}, END};
static const field bureau_f[] = {{"asset_no", F_STR}, {"coordination", F_STR},
	{"vm_location", F_STR}, {"admin_account", F_STR}, END};
static const char *const attach_kinds[] = {"source_code_scan", "host_vuln_scan",
	"web_vuln_scan", "pentest", "malware_scan", "patch_status", "antivirus", "mdr", "vans",
	"golive", "other", NULL};
static const field attach_f[] = {{"device", F_INT},
	{"kind", F_ENUM, NULL, attach_kinds, "attachment kind"}, {"file", F_STR}, END};
static const field app_f[] = {{"id", F_ID}, {"agency", F_OBJ, agency_f},
	{"applicant", F_OBJ, applicant_f}, {"letter", F_OBJ, letter_f}, {"move", F_OBJ, move_f},
	{"form_front", F_OBJ, front_f}, {"devices", F_ARR, device_f},
	{"network", F_OBJ, network_f}, {"vpn", F_OBJ, vpn_f}, {"bureau", F_OBJ, bureau_f},
	{"attachments", F_ARR, attach_f}, END};

/* Longest string accepted in any field: far above any real form, far below
 * anything that would slow the documents down. */
#define MAX_STR (64 * 1024)
#define MAX_ITEMS 10000

int gw_date_parse(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int yy, mm, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mm = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (yy < 1912 || mm < 1 || mm > 12 || dd < 1)
		return -1;
	int leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
	if (dd > mdays[mm - 1] + (mm == 2 && leap))
		return -1;
	if (y) *y = yy;
	if (m) *m = mm;
	if (d) *d = dd;
	return 0;
}

int gw_app_id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int check_object(const json_t *obj, const field *fields, gw_buf *path, gw_app_fault *zh,
			gw_err *err);

/* The service's copy of a fault: the JSON path and the cause in Chinese. */
static void zh_set(gw_app_fault *zh, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void zh_set(gw_app_fault *zh, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (zh == NULL)
		return;
	snprintf(zh->field, sizeof zh->field, "%s", path);
	va_start(ap, fmt);
	vsnprintf(zh->text, sizeof zh->text, fmt, ap);
	va_end(ap);
	gw_str_sanitize(zh->text);
}

static const char *type_zh(const char *want)
{
	if (strcmp(want, "a string") == 0)
		return "文字";
	if (strcmp(want, "true or false") == 0)
		return "是或否（true/false）";
	if (strcmp(want, "an integer") == 0)
		return "整數";
	if (strcmp(want, "an object") == 0)
		return "物件";
	return "陣列";
}

static int check_value(const json_t *v, const field *f, gw_buf *path, gw_app_fault *zh,
		       gw_err *err)
{
	const char *want = NULL;
	size_t mark = path->len;
	int rc = 0;

	switch (f->type) {
	case F_STR: case F_DATE: case F_DATE_OR_PERM: case F_DATE_OR_NONE: case F_ENUM: case F_ID:
		if (!json_is_string(v)) {
			want = "a string";
			break;
		}
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), at;
		const char *bad = gw_utf8_xml_invalid(s, n, &at);
		if (bad) {
			zh_set(zh, path->data, "含有無法使用的字元（第%zu位元組）", at);
			return gw_err_set(err, GW_EDATA, "%s: %s at byte %zu", path->data, bad, at);
		}
		if (n > MAX_STR) {
			zh_set(zh, path->data, "文字過長（超過%d位元組）", MAX_STR);
			return gw_err_set(err, GW_EDATA, "%s: text longer than %d bytes", path->data,
					  MAX_STR);
		}
		if (f->type == F_ID && !gw_app_id_ok(s)) {
			zh_set(zh, path->data, "編號只能使用英文字母、數字及 . _ -（1至64字，不以 . 開頭）");
			return gw_err_set(err, GW_EDATA,
					  "%s: \"%.80s\" is not a usable id (1-64 of A-Z a-z 0-9 . _ -, "
					  "not starting with '.')", path->data, s);
		}
		if (n == 0)
			break;
		/* Besides a date, a period may end 永久 and a warranty may be 「無」
		 * (none: the form's "nothing to declare"). */
		const char *word = f->type == F_DATE_OR_PERM ? "永久"
				 : f->type == F_DATE_OR_NONE ? "無" : NULL;
		if ((f->type == F_DATE || word) && gw_date_parse(s, 0, 0, 0) < 0 &&
		    !(word && strcmp(s, word) == 0)) {
			zh_set(zh, path->data, "「%.80s」不是日期（年-月-日%s%s%s）", s,
			       word ? "或「" : "", word ? word : "", word ? "」" : "");
			return gw_err_set(err, GW_EDATA, "%s: \"%.80s\" is not a date (YYYY-MM-DD%s%s)",
					  path->data, s, word ? " or " : "", word ? word : "");
		}
		if (f->type == F_ENUM) {
			int found = 0;
			for (const char *const *e = f->values; *e; e++)
				found |= strcmp(*e, s) == 0;
			if (!found) {
				zh_set(zh, path->data, "「%.80s」不是可選的值", s);
				return gw_err_set(err, GW_EDATA, "%s: unknown %s \"%.80s\"", path->data,
						  f->what, s);
			}
		}
		break;
	case F_BOOL:
		if (!json_is_boolean(v))
			want = "true or false";
		break;
	case F_INT:
		if (!json_is_integer(v))
			want = "an integer";
		else if (json_integer_value(v) < 0 || json_integer_value(v) > 1000000000) {
			zh_set(zh, path->data, "數值超出範圍（0至10億）");
			return gw_err_set(err, GW_EDATA, "%s: %lld is out of range (0 to 10^9)",
					  path->data, (long long)json_integer_value(v));
		}
		break;
	case F_OBJ:
		if (!json_is_object(v))
			want = "an object";
		else
			rc = check_object(v, f->sub, path, zh, err);
		break;
	case F_ARR:
		if (!json_is_array(v)) {
			want = "an array";
			break;
		}
		if (json_array_size(v) > MAX_ITEMS) {
			zh_set(zh, path->data, "超過%d項", MAX_ITEMS);
			return gw_err_set(err, GW_EDATA, "%s: more than %d items", path->data, MAX_ITEMS);
		}
		for (size_t i = 0; i < json_array_size(v) && rc == 0; i++) {
			gw_buf_printf(path, "[%zu]", i);
			const json_t *e = json_array_get(v, i);
			if (!json_is_object(e)) {
				zh_set(zh, path->data, "應為物件");
				rc = gw_err_set(err, GW_EDATA, "%s: expected an object, found %s",
						path->data, type_name(e));
			} else {
				rc = check_object(e, f->sub, path, zh, err);
			}
			path->len = mark;
			path->data[mark] = '\0';
		}
		break;
	}
	if (want) {
		zh_set(zh, path->data, "應為%s", type_zh(want));
		return gw_err_set(err, GW_EDATA, "%s: expected %s, found %s", path->data, want,
				  type_name(v));
	}
	return rc;
}

static int check_object(const json_t *obj, const field *fields, gw_buf *path, gw_app_fault *zh,
			gw_err *err)
{
	const char *key;
	const json_t *v;
	size_t mark = path->len;
	int rc = 0;

	json_object_foreach((json_t *)obj, key, v) {
		const field *f = fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (mark)
			gw_buf_addc(path, '.');
		gw_buf_adds(path, key);
		if (f->name == NULL) {
			zh_set(zh, path->data, "不是申請資料的欄位");
			rc = gw_err_set(err, GW_EDATA, "%s: unknown field", path->data);
		} else if (!json_is_null(v)) {
			rc = check_value(v, f, path, zh, err);
		}
		path->len = mark;
		path->data[mark] = '\0';
		if (rc < 0)
			return rc;
	}
	return 0;
}

int gw_app_validate(const json_t *app, gw_err *err)
{
	return gw_app_check(app, NULL, err);
}

int gw_app_check(const json_t *app, gw_app_fault *zh, gw_err *err)
{
	gw_buf path;
	int rc;

	if (!json_is_object(app)) {
		zh_set(zh, "", "申請資料應為一個物件");
		return gw_err_set(err, GW_EDATA, "expected an application object, found %s",
				  type_name(app));
	}
	const json_t *id = json_object_get(app, "id");
	if (!json_is_string(id) || json_string_length(id) == 0) {
		zh_set(zh, "id", "申請需要編號");
		return gw_err_set(err, GW_EDATA, "id: an application needs a non-empty string id");
	}
	gw_buf_init(&path);
	gw_buf_adds(&path, "");
	rc = check_object(app, app_f, &path, zh, err);
	gw_buf_dispose(&path);
	return rc;
}

int gw_json_load_file(json_t **out, const char *path, gw_err *err)
{
	json_error_t je;
	char *text = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = gw_file_read(&text, &len, path, 256u << 20, err)) < 0)
		return rc;
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (*out == NULL)
		rc = gw_err_set(err, GW_EDATA, "%s: line %d, column %d: %s", path, je.line, je.column,
				je.text);
	free(text);
	return rc;
}
