/*
 * rules.c — the bureau's rules R1–R9 (see rules.h) over the jansson tree.
 *
 * Invariants: a rule never skips a value it cannot read — a missing or
 * malformed value is a failure of the rule that needs it, naming the field;
 * failures come out in rule order, then device order, then field order; the
 * messages are clauses for an official letter (no trailing 。, the device's
 * number and full name, the field's Chinese name).  No library but jansson.
 *
 * Which JSON fields are on which page of the form (資訊機房設備／系統移（攜）
 * 出入申請單), from the seed §二.2 (docs/rules.md, docs/import.md):
 *
 *   R1 申請函 (request letter):   letter.date, letter.doc_no
 *   R2 第1頁 (front):            agency.name, agency.unit, applicant.name, .title,
 *                                .phone, .ext, .fax, .email, move.kind,
 *                                .system_name, .reason, .planned_date,
 *                                .planned_time, move.vendor.name, .tax_id,
 *                                .engineer, .phone; form_front.sealed (核章),
 *                                form_front.original (正本).
 *                                Not required: the four bureau fields
 *                                bureau.asset_no (資產編號), .coordination
 *                                (配合事項), .vm_location (虛擬主機位置),
 *                                .admin_account (管理帳號/密碼).
 *   R3 第2頁 (back, 軟硬體資產資料), for every device: type, name, hostname,
 *                                brand, model, serial, qty, rack_units, power,
 *                                os, os_version, database, software, purpose,
 *                                maintainer, warranty_until, needs_ip.internal,
 *                                needs_ip.external.  Not required: the IP
 *                                address (filled by the bureau's IP manager,
 *                                seed 2.b) and the virtual-host fields (2.c),
 *                                neither of which is in the import format.
 *   Not form fields (read by R4–R9 only): public_website, large_public_site
 *   (absent = false), security_software, golive_record, reports; agency.code,
 *   .short_name, .address, .head_* belong to the letter's layout, not a rule.
 *
 * Scope decisions (documented because the seed is silent):
 * - R4–R7 and R9 concern equipment entering the data centre (the seed's
 *   process is 「主機進駐資訊機房」 and its test window is 「申請移入機房前一個月」):
 *   they apply when move.kind is 移入 or 攜入, or blank/unknown (strictest);
 *   for 移出 and 攜出 only R1–R3 apply.
 * - R8 is the exemption itself and never fails: Disk Array, Storage,
 *   Network, Embedded and Parts skip R5, R7 and R9 (the test reports and
 *   the go-live record that carries them).  They do not skip R6: the seed
 *   exempts them from the reports only (「無需檢附資安檢測報告」), and its
 *   security software is required of any device running Windows or Linux.
 *   A device with no type is not exempt.
 * - R7 source-code scan: Server(WEB AP) and Server(WEB AP+DB) that are public
 *   websites (the latter contains a WEB AP); pentest: any device marked
 *   large_public_site.
 * - R6 "Windows or Linux": os or os_version naming Windows or a Linux
 *   distribution, case-insensitive.
 * - R5: a report without a date, with an unparsable date, or with a missing
 *   critical/high/medium count fails; so does every report when the move-in
 *   date is missing or unparsable (one failure, no device).
 * - R10 附件 (attachments; only when the bureau's require_attachments is on,
 *   gw_rules_opts): every report the tree declares (reports[]), every evidence
 *   it declares (security_software.<kind>.evidence filled and not 「無」) and a
 *   go-live record it declares (golive_record true) needs its file: a "file"
 *   key on the item (the import format), or a top-level "attachments"
 *   element with the device's seq and the kind (report kind, antivirus, mdr,
 *   vans, golive) — the stored attachments, from gw_db_check.  Moving in
 *   only; the evidence on every device (as R6), the reports and the go-live
 *   record on non-exempt devices (as R5, R7, R9).  Fields: devices[i].reports[j].file,
 *   devices[i].security_software.<kind>.file, devices[i].golive_file.
 *   docs/attachments.md describes the files.
 */
#include "rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== Small helpers ==== */

static const char *get_str(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A string field is filled when it is a non-empty string after trimming
 * spaces (ASCII and U+3000); 「無」 is filled. */
static int filled_str(const char *s)
{
	if (s == NULL)
		return 0;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return 1;
	}
	return 0;
}

/* Filled for any JSON type the format uses: a non-blank string, a number, a
 * boolean.  Absent, null, "", objects and arrays are not. */
static int filled(const json_t *v)
{
	if (v == NULL)
		return 0;
	if (json_is_string(v))
		return filled_str(json_string_value(v));
	return json_is_integer(v) || json_is_real(v) || json_is_boolean(v);
}

static int is_true(const json_t *obj, const char *key)
{
	return json_is_object(obj) && json_is_true(json_object_get(obj, key));
}

static int date_parse(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	if (*y < 1912 || *m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1] + (*m == 2 && leap))
		return -1;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return mdays[m - 1] + (m == 2 && leap);
}

void gw_rules_window_start(int *oy, int *om, int *od, int y, int m, int d)
{
	if (m == 1) {
		y--;
		m = 12;
	} else {
		m--;
	}
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	*oy = y;
	*om = m;
	*od = d;
}

static long ymd(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

/* 「115年11月5日」: dates in messages use the ROC calendar. */
static char *roc(int y, int m, int d)
{
	return xasprintf("%d年%d月%d日", y - 1911, m, d);
}

static const char *const exempt_types[] = {"Disk Array", "Storage", "Network", "Embedded",
	"Parts", NULL};

int gw_rules_exempt_type(const char *type)
{
	if (type == NULL)
		return 0;
	for (const char *const *t = exempt_types; *t; t++)
		if (strcmp(*t, type) == 0)
			return 1;
	return 0;
}

static int ci_contains(const char *hay, const char *needle)
{
	if (hay == NULL)
		return 0;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static int runs_windows_or_linux(const json_t *dev)
{
	static const char *const names[] = {"windows", "linux", "ubuntu", "debian", "red hat",
		"redhat", "rhel", "centos", "rocky", "almalinux", "suse", "fedora", NULL};
	const char *os = get_str(dev, "os"), *ver = get_str(dev, "os_version");

	for (const char *const *n = names; *n; n++)
		if (ci_contains(os, *n) || ci_contains(ver, *n))
			return 1;
	return 0;
}

/* ==== Field facts ==== */

int gw_tax_id_ok(const char *s)
{
	static const int w[8] = {1, 2, 1, 2, 1, 2, 4, 1};
	int sum = 0;

	if (s == NULL || strlen(s) != 8)
		return 0;
	for (int i = 0; i < 8; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		int p = (s[i] - '0') * w[i];
		p = p / 10 + p % 10;
		sum += p >= 10 ? p - 9 : p; /* 28 → 10 → 1 */
	}
	/* 7th digit 7: its 28 counted above as 1; it may also count as 0. */
	return sum % 5 == 0 || (s[6] == '7' && (sum - 1) % 5 == 0);
}

int gw_phone_ok(const char *s)
{
	char d[24];
	size_t n = 0, ext = 0;
	const char *p = s;

	if (s == NULL)
		return 0;
	if (strncmp(p, "+886", 4) == 0) {
		d[n++] = '0';
		p += 4;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == sizeof d - 1)
				return 0;
			d[n++] = *p;
		} else if (*p == '-' || *p == ' ' || *p == '(' || *p == ')') {
			continue;
		} else {
			break;
		}
	}
	if (*p) { /* an extension: 分機, #, 轉 or ext, then 1–6 digits */
		static const char *const marks[] = {"分機", "#", "轉", "ext.", "ext", "EXT", NULL};
		size_t k;
		for (k = 0; marks[k]; k++)
			if (strncmp(p, marks[k], strlen(marks[k])) == 0)
				break;
		if (!marks[k])
			return 0;
		p += strlen(marks[k]);
		while (*p == ' ')
			p++;
		for (; *p >= '0' && *p <= '9'; p++)
			ext++;
		if (*p || ext < 1 || ext > 6)
			return 0;
	}
	d[n] = '\0';
	if (n < 2 || d[0] != '0')
		return 0;
	if (d[1] == '9')
		return n == 10;
	return d[1] >= '2' && d[1] <= '8' && (n == 9 || n == 10);
}

static int port_ok(const char *s, const char *e, long *out)
{
	long v = 0;
	if (s == e || e - s > 5)
		return 0;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return v >= 1 && v <= 65535;
}

static const char *skip_spaces(const char *s, const char *e)
{
	while (s < e && *s == ' ')
		s++;
	return s;
}

int gw_ports_ok(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) >= 1 && json_integer_value(v) <= 65535;
	if (!json_is_string(v))
		return 0;
	const char *s = json_string_value(v), *end = s + strlen(s);
	while (s < end) {
		/* one item up to , or 、 or ， */
		const char *e = s;
		while (e < end && *e != ',' && strncmp(e, "、", 3) != 0 && strncmp(e, "，", 3) != 0)
			e++;
		const char *a = skip_spaces(s, e), *b = e;
		while (b > a && b[-1] == ' ')
			b--;
		const char *dash = memchr(a, '-', (size_t)(b - a));
		long lo, hi;
		if (dash) {
			const char *x = dash, *y = dash + 1;
			while (x > a && x[-1] == ' ')
				x--;
			y = skip_spaces(y, b);
			if (!port_ok(a, x, &lo) || !port_ok(y, b, &hi) || hi < lo)
				return 0;
		} else if (!port_ok(a, b, &lo)) {
			return 0;
		}
		if (e == end)
			return 1;
		s = e + (*e == ',' ? 1 : 3);
		if (s == end)
			return 0; /* a trailing separator */
	}
	return 0; /* empty */
}

/* ==== The failure list ==== */

typedef struct ctx {
	gw_rules *r;
	const char *rule;
	int dev_seq;          /* 0 = none */
	const char *dev_name; /* NULL = none */
	size_t dev_index;
} ctx;

static void add(ctx *c, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(ctx *c, const char *field, const char *fmt, ...)
{
	gw_rules *r = c->r;
	va_list ap;
	gw_buf b;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->fail = xrealloc(r->fail, r->cap * sizeof *r->fail);
	}
	gw_rule_fail *f = &r->fail[r->n++];
	memset(f, 0, sizeof *f);
	snprintf(f->rule, sizeof f->rule, "%s", c->rule);
	f->device = c->dev_seq;
	f->device_name = xstrdup(c->dev_seq && c->dev_name ? c->dev_name : "");
	f->field = xstrdup(field);
	gw_buf_init(&b);
	va_start(ap, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *detail = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(detail, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap2);
	va_end(ap2);
	va_end(ap);
	f->detail = detail;
	if (c->dev_seq) {
		gw_buf_printf(&b, "設備%d", c->dev_seq);
		if (filled_str(f->device_name))
			gw_buf_printf(&b, "（%s）", f->device_name);
	}
	gw_buf_adds(&b, detail);
	f->message = gw_buf_detach(&b, NULL);
}

void gw_rules_free(gw_rules *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->fail[i].device_name);
		free(r->fail[i].field);
		free(r->fail[i].message);
		free(r->fail[i].detail);
	}
	free(r->fail);
	free(r);
}

/* A required field: report "「name」欄位未填寫" unless filled. */
typedef struct req {
	const char *path;  /* dotted path under the object */
	const char *label; /* the form's Chinese name */
} req;

static const json_t *get_path(const json_t *obj, const char *path)
{
	char key[64];

	while (obj && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key || !json_is_object(obj))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		path += n + (dot != NULL);
	}
	return obj;
}

/* ==== R1 request letter, R2 form page 1 ==== */

static void rule_r1(ctx *c, const json_t *app)
{
	const json_t *letter = json_object_get(app, "letter");
	const char *date = get_str(letter, "date");
	int y, m, d;

	c->rule = "R1";
	if (!filled_str(date))
		add(c, "letter.date", "申請函「發文日期」未填寫");
	else if (date_parse(date, &y, &m, &d) < 0)
		add(c, "letter.date", "申請函「發文日期」「%s」不是有效日期", date);
	if (!filled(json_object_get(letter, "doc_no")))
		add(c, "letter.doc_no", "申請函「發文字號」未填寫");
}

/* Labels as the form prints them (make_templates.py), so that a clerk finds
 * the field the return letter names. */
static const req page1[] = {
	{"agency.name", "申請機關"},
	{"agency.unit", "申請單位"},
	{"applicant.name", "申請人姓名"},
	{"applicant.title", "申請人職稱"},
	{"applicant.phone", "聯絡電話"},
	{"applicant.ext", "聯絡電話分機"},
	{"applicant.fax", "傳真"},
	{"applicant.email", "電子信箱"},
	{"move.kind", "申請類別（移入／移出／攜入／攜出）"},
	{"move.system_name", "系統名稱"},
	{"move.reason", "移（攜）出入原因"},
	{"move.planned_date", "預定日期"},
	{"move.planned_time", "預定時間"},
	{"move.vendor.name", "廠商名稱"},
	{"move.vendor.tax_id", "統一編號"},
	{"move.vendor.engineer", "廠商工程師"},
	{"move.vendor.phone", "廠商工程師聯絡電話"},
	{NULL, NULL},
};

/* The telephone fields of page 1; a fax may say 無 (none). */
static int is_phone_field(const char *path, const char *v)
{
	if (strcmp(path, "applicant.fax") == 0)
		return strpbrk(v, "0123456789") != NULL;
	return strcmp(path, "applicant.phone") == 0 || strcmp(path, "move.vendor.phone") == 0;
}

static void rule_r2(ctx *c, const json_t *app)
{
	int y, m, d;

	c->rule = "R2";
	for (const req *q = page1; q->path; q++) {
		const json_t *v = get_path(app, q->path);
		if (!filled(v))
			add(c, q->path, "申請單第1頁「%s」欄位未填寫", q->label);
		else if (strcmp(q->path, "move.planned_date") == 0 &&
			 date_parse(json_string_value(v), &y, &m, &d) < 0)
			add(c, q->path, "申請單第1頁「%s」「%s」不是有效日期", q->label,
			    json_is_string(v) ? json_string_value(v) : "");
		else if (json_is_string(v) && strcmp(q->path, "move.vendor.tax_id") == 0 &&
			 !gw_tax_id_ok(json_string_value(v)))
			add(c, q->path, "申請單第1頁「%s」「%s」%s", q->label, json_string_value(v),
			    strspn(json_string_value(v), "0123456789") == 8 &&
					    strlen(json_string_value(v)) == 8
				    ? "檢查碼不符，請確認"
				    : "應為8位數字");
		else if (json_is_string(v) && is_phone_field(q->path, json_string_value(v)) &&
			 !gw_phone_ok(json_string_value(v)))
			add(c, q->path, "申請單第1頁「%s」「%s」不是有效的電話號碼（市話：區碼02至08加7至8位"
			    "數字，可加分機；手機：09加8位數字）", q->label, json_string_value(v));
	}
	const json_t *front = json_object_get(app, "form_front");
	if (!is_true(front, "sealed"))
		add(c, "form_front.sealed", "申請單第1頁未經申請機關核章");
	if (!is_true(front, "original"))
		add(c, "form_front.original", "申請單未交付正本");
}

/* ==== R3 form page 2, per device ==== */

static const req page2[] = {
	{"type", "設備種類"},
	{"name", "設備名稱"},
	{"hostname", "主機名稱"},
	{"brand", "廠牌"},
	{"model", "型號"},
	{"serial", "序號"},
	{"qty", "數量"},
	{"rack_units", "高度（U）"},
	{"power", "電源"},
	{"os", "作業系統"},
	{"os_version", "作業系統版本"},
	{"database", "資料庫"},
	{"software", "應用軟體"},
	{"purpose", "用途"},
	{"maintainer", "維護廠商"},
	{"warranty_until", "保固期限"},
	{"needs_ip.internal", "IP需求（內部IP）"},
	{"needs_ip.external", "IP需求（外部IP）"},
	{NULL, NULL},
};

static void rule_r3(ctx *c, const json_t *dev)
{
	char path[96];
	int y, m, d;

	for (const req *q = page2; q->path; q++) {
		const json_t *v = get_path(dev, q->path);
		snprintf(path, sizeof path, "devices[%zu].%s", c->dev_index, q->path);
		if (!filled(v))
			add(c, path, "申請單第2頁「%s」欄位未填寫（無資料者應填「無」）", q->label);
		else if (strcmp(q->path, "warranty_until") == 0 && json_is_string(v) &&
			 strcmp(json_string_value(v), "無") != 0 &&
			 date_parse(json_string_value(v), &y, &m, &d) < 0)
			add(c, path, "申請單第2頁「%s」「%s」不是有效日期", q->label,
			    json_string_value(v));
	}
}

/* ==== R5–R7, R9: security of a non-exempt device ==== */

typedef struct kind_info {
	const char *kind;
	const char *name; /* as the seed's table names the result */
} kind_info;

static const kind_info kinds[] = {
	{"source_code_scan", "原始碼檢測"},
	{"host_vuln_scan", "主機弱點掃描"},
	{"web_vuln_scan", "網站應用程式弱點掃描"},
	{"pentest", "滲透測試"},
	{"malware_scan", "病毒及惡意程式偵測"},
	{"patch_status", "弱點、漏洞修補"},
	{NULL, NULL},
};

static const char *kind_name(const char *kind)
{
	for (const kind_info *k = kinds; k->kind; k++)
		if (kind && strcmp(k->kind, kind) == 0)
			return k->name;
	return NULL;
}

typedef struct window {
	int ok;            /* move-in date known */
	long from, to;     /* yyyymmdd, inclusive */
	char *from_s, *to_s;
} window;

static void rule_r5(ctx *c, const json_t *dev, const window *w)
{
	const json_t *reports = json_object_get(dev, "reports");
	char path[96];
	size_t i;
	const json_t *rep;

	if (!json_is_array(reports))
		return; /* R7 names the missing reports */
	json_array_foreach(reports, i, rep) {
		const char *kind = get_str(rep, "kind");
		const char *kn = kind_name(kind);
		char unknown[160];
		if (kn == NULL) {
			snprintf(unknown, sizeof unknown, "第%zu份資安檢測", i + 1);
			kn = unknown;
		}
		const char *date = get_str(rep, "date");
		int y, m, d;
		snprintf(path, sizeof path, "devices[%zu].reports[%zu].date", c->dev_index, i);
		if (!filled_str(date))
			add(c, path, "%s報告未填檢測日期", kn);
		else if (date_parse(date, &y, &m, &d) < 0)
			add(c, path, "%s報告檢測日期「%s」不是有效日期", kn, date);
		else if (w->ok && (ymd(y, m, d) < w->from || ymd(y, m, d) > w->to)) {
			char *ds = roc(y, m, d);
			add(c, path, "%s報告檢測日期%s不在移入日期前一個月內（應為%s至%s）", kn, ds,
			    w->from_s, w->to_s);
			free(ds);
		}
		/* Findings: every count of medium risk or higher must be present and 0. */
		static const char *const levels[] = {"critical", "high", "medium"};
		static const char *const level_names[] = {"嚴重", "高", "中"};
		gw_buf found, missing;
		gw_buf_init(&found);
		gw_buf_init(&missing);
		for (int l = 0; l < 3; l++) {
			const json_t *v = json_object_get(rep, levels[l]);
			if (!json_is_integer(v)) {
				gw_buf_printf(&missing, "%s%s風險", missing.len ? "、" : "",
					      level_names[l]);
			} else if (json_integer_value(v) > 0) {
				gw_buf_printf(&found, "%s%s風險弱點%lld項", found.len ? "、" : "",
					      level_names[l], (long long)json_integer_value(v));
			}
		}
		if (missing.len) {
			snprintf(path, sizeof path, "devices[%zu].reports[%zu]", c->dev_index, i);
			add(c, path, "%s報告未載明%s弱點數", kn, missing.data);
		}
		if (found.len) {
			const char *first = NULL;
			for (int l = 0; l < 3 && !first; l++) {
				const json_t *v = json_object_get(rep, levels[l]);
				if (json_is_integer(v) && json_integer_value(v) > 0)
					first = levels[l];
			}
			snprintf(path, sizeof path, "devices[%zu].reports[%zu].%s", c->dev_index, i,
				 first);
			add(c, path, "%s報告發現%s（應無中風險以上之弱點）", kn, found.data);
		}
		gw_buf_dispose(&found);
		gw_buf_dispose(&missing);
	}
}

static void rule_r6(ctx *c, const json_t *dev)
{
	static const char *const sw[] = {"antivirus", "mdr", "vans"};
	static const char *const sw_name[] = {"防毒軟體", "端點偵測應變（MDR）軟體",
		"資通安全弱點通報（VANS）軟體"};
	const json_t *all = json_object_get(dev, "security_software");
	char path[96];

	if (!runs_windows_or_linux(dev))
		return;
	for (int i = 0; i < 3; i++) {
		const json_t *one = json_is_object(all) ? json_object_get(all, sw[i]) : NULL;
		if (!is_true(one, "installed")) {
			snprintf(path, sizeof path, "devices[%zu].security_software.%s.installed",
				 c->dev_index, sw[i]);
			add(c, path, "未安裝本府提供之%s", sw_name[i]);
			continue;
		}
		const char *ev = get_str(one, "evidence");
		if (!filled_str(ev) || strcmp(ev, "無") == 0) {
			snprintf(path, sizeof path, "devices[%zu].security_software.%s.evidence",
				 c->dev_index, sw[i]);
			add(c, path, "未檢附%s安裝佐證文件", sw_name[i]);
		}
	}
}

static int has_report(const json_t *dev, const char *kind)
{
	const json_t *reports = json_object_get(dev, "reports"), *rep;
	size_t i;

	json_array_foreach(reports, i, rep) {
		const char *k = get_str(rep, "kind");
		if (k && strcmp(k, kind) == 0)
			return 1;
	}
	return 0;
}

static void rule_r7(ctx *c, const json_t *dev)
{
	const char *type = get_str(dev, "type");
	int ap_db_vm = type && (strcmp(type, "Server(AP)") == 0 || strcmp(type, "Server(DB)") == 0 ||
				strcmp(type, "Server(VM)") == 0);
	int web = type && (strcmp(type, "Server(WEB AP)") == 0 ||
			   strcmp(type, "Server(WEB AP+DB)") == 0);
	const char *need[6];
	int n = 0;
	char path[128];

	if (web && is_true(dev, "public_website"))
		need[n++] = "source_code_scan";
	if (ap_db_vm)
		need[n++] = "host_vuln_scan";
	if (web)
		need[n++] = "web_vuln_scan";
	if (is_true(dev, "large_public_site"))
		need[n++] = "pentest";
	if (ap_db_vm) {
		need[n++] = "malware_scan";
		need[n++] = "patch_status";
	}
	for (int i = 0; i < n; i++) {
		if (has_report(dev, need[i]))
			continue;
		snprintf(path, sizeof path, "devices[%zu].reports[kind=%s]", c->dev_index, need[i]);
		add(c, path, "未檢附%s結果報告", kind_name(need[i]));
	}
}

static void rule_r9(ctx *c, const json_t *dev)
{
	char path[96];

	if (is_true(dev, "golive_record"))
		return;
	snprintf(path, sizeof path, "devices[%zu].golive_record", c->dev_index);
	add(c, path, "未檢附資訊系統上線作業紀錄表");
}

/* ==== R10 attachments ==== */

/* Is the item (device seq, kind) attached: a "file" on the item itself, or
 * an element of the top-level attachments list? */
static int attached(const json_t *app, const json_t *item, int seq, const char *kind)
{
	const json_t *a;
	size_t i;

	if (filled_str(get_str(item, "file")))
		return 1;
	json_array_foreach(json_object_get(app, "attachments"), i, a) {
		const json_t *dev = json_object_get(a, "device");
		const char *k = get_str(a, "kind");
		if (json_is_integer(dev) && json_integer_value(dev) == seq && k &&
		    strcmp(k, kind) == 0)
			return 1;
	}
	return 0;
}

static void rule_r10(ctx *c, const json_t *app, const json_t *dev, int exempt)
{
	static const char *const sw[] = {"antivirus", "mdr", "vans"};
	static const char *const sw_name[] = {"防毒軟體", "端點偵測應變（MDR）軟體",
		"資通安全弱點通報（VANS）軟體"};
	const json_t *rep, *all = json_object_get(dev, "security_software");
	char path[128];
	size_t i;

	json_array_foreach(exempt ? NULL : json_object_get(dev, "reports"), i, rep) {
		const char *kind = get_str(rep, "kind");
		const char *kn = kind_name(kind);
		if (attached(app, rep, c->dev_seq, kind ? kind : ""))
			continue;
		snprintf(path, sizeof path, "devices[%zu].reports[%zu].file", c->dev_index, i);
		if (kn)
			add(c, path, "%s結果報告未附檔案", kn);
		else
			add(c, path, "第%zu份資安檢測報告未附檔案", i + 1);
	}
	for (int k = 0; k < 3; k++) {
		const json_t *one = json_is_object(all) ? json_object_get(all, sw[k]) : NULL;
		const char *ev = get_str(one, "evidence");
		if (!filled_str(ev) || strcmp(ev, "無") == 0 || attached(app, one, c->dev_seq, sw[k]))
			continue;
		snprintf(path, sizeof path, "devices[%zu].security_software.%s.file", c->dev_index,
			 sw[k]);
		add(c, path, "%s安裝佐證文件「%s」未附檔案", sw_name[k], ev);
	}
	if (!exempt && is_true(dev, "golive_record") && !filled_str(get_str(dev, "golive_file")) &&
	    !attached(app, NULL, c->dev_seq, "golive")) {
		snprintf(path, sizeof path, "devices[%zu].golive_file", c->dev_index);
		add(c, path, "資訊系統上線作業紀錄表未附檔案");
	}
}

/* ==== R4 network ==== */

/* Each row's port, when given: 1–65535 (gw_ports_ok). */
static void ports(ctx *c, const json_t *rows, const char *path, const char *form)
{
	const json_t *row;
	size_t i;
	char field[64];

	json_array_foreach(rows, i, row) {
		const json_t *v = json_object_get(row, "port");
		if (!filled(v) || gw_ports_ok(v))
			continue;
		char num[24] = "";
		if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		snprintf(field, sizeof field, "%s[%zu].port", path, i);
		add(c, field, "%s第%zu列「埠號」「%s」應為1至65535之數字（多個以逗號分隔，範圍如1000-2000）",
		    form, i + 1, json_is_string(v) ? json_string_value(v) : num);
	}
}

/* One failure per missing form (no device: the forms belong to the whole
 * application), naming the devices that need an address. */
static void rule_r4(ctx *c, const json_t *app, const json_t *devs)
{
	gw_buf which;
	const json_t *dev;
	size_t i;

	gw_buf_init(&which);
	json_array_foreach(devs, i, dev) {
		const json_t *ip = json_object_get(dev, "needs_ip");
		if (is_true(ip, "internal") || is_true(ip, "external")) {
			const json_t *seq = json_object_get(dev, "seq");
			gw_buf_printf(&which, "%s設備%lld", which.len ? "、" : "",
				      json_is_integer(seq) ? (long long)json_integer_value(seq)
							   : (long long)i + 1);
		}
	}
	c->rule = "R4";
	ports(c, json_object_get(json_object_get(app, "network"), "rules"), "network.rules",
	      "臺中市政府主機設備網路連線申請單");
	ports(c, json_object_get(json_object_get(app, "vpn"), "targets"), "vpn.targets",
	      "臺中市政府SSLVPN網路連線維護申請單");
	if (which.len && !is_true(json_object_get(app, "network"), "filed"))
		add(c, "network.filed",
		    "%s需要內部／外部IP位址，未檢附臺中市政府主機設備網路連線申請單", which.data);
	if (which.len && !is_true(json_object_get(app, "vpn"), "filed"))
		add(c, "vpn.filed",
		    "%s需要內部／外部IP位址，未檢附臺中市政府SSLVPN網路連線維護申請單", which.data);
	gw_buf_dispose(&which);
}

/* ==== Driver ==== */

static const char *const titles[][2] = {
	{"R1", "申請函"},
	{"R2", "申請單第1頁"},
	{"R3", "申請單第2頁軟硬體資產資料"},
	{"R4", "網路連線申請"},
	{"R5", "資訊安全檢測報告"},
	{"R6", "資訊安全軟體"},
	{"R7", "應檢附之資訊安全檢測項目"},
	{"R8", "免附資安檢測報告之設備"},
	{"R9", "資訊系統上線作業紀錄表"},
	{"R10", "附件"},
};

const char *gw_rules_title(const char *rule)
{
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (rule && strcmp(titles[i][0], rule) == 0)
			return titles[i][1];
	return "";
}

static void set_device(ctx *c, const json_t *dev, size_t i)
{
	const json_t *seq = json_object_get(dev, "seq");
	c->dev_index = i;
	c->dev_seq = json_is_integer(seq) && json_integer_value(seq) > 0 &&
				     json_integer_value(seq) < 1000000
			     ? (int)json_integer_value(seq)
			     : (int)i + 1;
	c->dev_name = get_str(dev, "name");
}

static void no_device(ctx *c)
{
	c->dev_seq = 0;
	c->dev_name = NULL;
}

/* Does the security part (R4–R7, R9) apply to this move? */
static int moving_in(const json_t *app)
{
	const char *kind = get_str(json_object_get(app, "move"), "kind");
	return !(kind && (strcmp(kind, "移出") == 0 || strcmp(kind, "攜出") == 0));
}

int gw_rules_check(gw_rules **out, const json_t *app, gw_err *err)
{
	return gw_rules_check_opts(out, app, NULL, err);
}

int gw_rules_check_opts(gw_rules **out, const json_t *app, const gw_rules_opts *o,
			gw_err *err)
{
	ctx c = {0};
	window w = {0};
	const json_t *devs, *dev;
	size_t i;

	*out = NULL;
	if (!json_is_object(app))
		return gw_err_set(err, GW_EDATA, "the application is not a JSON object");
	c.r = xcalloc(1, sizeof *c.r);
	devs = json_object_get(app, "devices");
	if (!json_is_array(devs))
		devs = NULL;

	rule_r1(&c, app);
	rule_r2(&c, app);

	c.rule = "R3";
	if (devs == NULL || json_array_size(devs) == 0)
		add(&c, "devices", "申請單第2頁軟硬體資產資料未填寫任何設備");
	json_array_foreach(devs, i, dev) {
		set_device(&c, dev, i);
		if (!json_is_object(dev)) {
			char path[48];
			snprintf(path, sizeof path, "devices[%zu]", i);
			add(&c, path, "申請單第2頁資料無法辨識");
			continue;
		}
		rule_r3(&c, dev);
	}
	no_device(&c);

	if (!moving_in(app))
		goto done;

	rule_r4(&c, app, devs);

	/* R5: the window of the move-in date. */
	const char *pd = get_str(json_object_get(app, "move"), "planned_date");
	int y, m, d, fy, fm, fd;
	if (pd && date_parse(pd, &y, &m, &d) == 0) {
		gw_rules_window_start(&fy, &fm, &fd, y, m, d);
		w.ok = 1;
		w.from = ymd(fy, fm, fd);
		w.to = ymd(y, m, d);
		w.from_s = roc(fy, fm, fd);
		w.to_s = roc(y, m, d);
	}
	int any_reports = 0;
	json_array_foreach(devs, i, dev)
		if (json_is_object(dev) && !gw_rules_exempt_type(get_str(dev, "type")) &&
		    json_array_size(json_object_get(dev, "reports")) > 0)
			any_reports = 1;
	c.rule = "R5";
	if (!w.ok && any_reports)
		add(&c, "move.planned_date",
		    "移入日期未填寫或不是有效日期，無法確認資訊安全檢測報告之檢測日期");
	json_array_foreach(devs, i, dev) {
		if (!json_is_object(dev) || gw_rules_exempt_type(get_str(dev, "type")))
			continue;
		set_device(&c, dev, i);
		rule_r5(&c, dev, &w);
	}
	/* R6 applies to every device entering: the seed exempts Disk Array,
	 * Storage, … from the test reports only (「無需檢附資安檢測報告」), while
	 * its security software is required of whatever runs Windows or Linux. */
	c.rule = "R6";
	json_array_foreach(devs, i, dev) {
		if (!json_is_object(dev))
			continue;
		set_device(&c, dev, i);
		rule_r6(&c, dev);
	}
	c.rule = "R7";
	json_array_foreach(devs, i, dev) {
		if (!json_is_object(dev) || gw_rules_exempt_type(get_str(dev, "type")))
			continue;
		set_device(&c, dev, i);
		rule_r7(&c, dev);
	}
	c.rule = "R9";
	json_array_foreach(devs, i, dev) {
		if (!json_is_object(dev) || gw_rules_exempt_type(get_str(dev, "type")))
			continue;
		set_device(&c, dev, i);
		rule_r9(&c, dev);
	}
	c.rule = "R10";
	json_array_foreach(devs, i, dev) {
		if (!o || !o->require_attachments || !json_is_object(dev))
			continue;
		set_device(&c, dev, i);
		rule_r10(&c, app, dev, gw_rules_exempt_type(get_str(dev, "type")));
	}
done:
	free(w.from_s);
	free(w.to_s);
	*out = c.r;
	return 0;
}

/* ==== Output ==== */

json_t *gw_rules_json(const gw_rules *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; r && i < r->n; i++) {
		const gw_rule_fail *f = &r->fail[i];
		json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:s}", "rule", f->rule,
						     "device",
						     f->device ? json_integer(f->device) : json_null(),
						     "field", f->field, "message", f->message));
	}
	return arr;
}

char *gw_rules_line(const gw_rule_fail *f)
{
	if (f->device == 0)
		return xasprintf("%s %s", f->rule, f->detail);
	if (filled_str(f->device_name))
		return xasprintf("%s 設備%d（%s）：%s", f->rule, f->device, f->device_name,
				 f->detail);
	return xasprintf("%s 設備%d：%s", f->rule, f->device, f->detail);
}
