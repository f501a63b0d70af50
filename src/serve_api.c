/*
 * serve_api.c — the JSON API under /api/ (the contract is in docs/web.md's
 * source, the design note WEB.md): each handler checks the session, the
 * Origin and CSRF token of a change, the account's role and agency, parses
 * the body, calls the same library code as the CLI (app.c, rules.c,
 * data*.c, packet.c) and answers.  Errors are {"error": Chinese cause,
 * "field": JSON path}; statuses 400 bad input, 401 no session, 403 role or
 * CSRF, 404 absent or not yours, 409 stale or illegal, 413, 428, 429.
 */
#include "serve_int.h"
#include "app.h"
#include "rules.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

typedef enum MHD_Result res;

static const char *const staff_roles[] = {"window", "admin", "security", "network", "antivirus",
	"mdr", "vans", "chief", "manager", NULL};

/* ==== Helpers ==== */

static const char *header(gw_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static int has_role(const gw_req *r, const char *role)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r->who, "roles"), i, v)
		if (strcmp(json_string_value(v), role) == 0)
			return 1;
	return 0;
}

static int is_staff(const gw_req *r)
{
	for (int i = 0; staff_roles[i]; i++)
		if (has_role(r, staff_roles[i]))
			return 1;
	return 0;
}

static const char *my_agency(const gw_req *r)
{
	return json_string_value(json_object_get(r->who, "agency"));
}

static const char *cookie_name(const gw_req *r)
{
	return gw_req_tls(r) ? "__Host-gongwen" : "gongwen";
}

static int is_change(const gw_req *r)
{
	return strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
}

static int same(const char *a, const char *b)
{
	size_t n = strlen(a);
	unsigned char d = n != strlen(b);
	for (size_t i = 0; i < n && !d; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	/* constant time over the length of a when the lengths agree */
	return d == 0;
}

/* A change must come from our own pages: Sec-Fetch-Site same-origin (or
 * none: typed by the user), Origin (when sent) our own. */
static int origin_ok(gw_req *r)
{
	const char *site = header(r, "Sec-Fetch-Site");
	const char *origin = header(r, "Origin");
	const char *host = header(r, "Host");

	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return 0;
	if (origin) {
		if (!host)
			return 0;
		char *want = xasprintf("%s://%s", gw_req_tls(r) ? "https" : "http", host);
		int ok = strcmp(origin, want) == 0;
		free(want);
		return ok;
	}
	return 1;
}

/* The session, or an answer (401) in *ret. */
static int need_session(gw_req *r, res *ret)
{
	gw_err err = {0};
	const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, cookie_name(r));
	gw_db *db = gw_req_db(r);

	if (!db) {
		*ret = MHD_YES;
		return -1;
	}
	if (tok && strlen(tok) == 64) {
		int rc = gw_db_session(&r->who, db, tok, &err);
		if (rc == 0) {
			snprintf(r->token, sizeof r->token, "%s", tok);
			gw_db_set_account(db, json_string_value(json_object_get(r->who, "user")));
			return 0;
		}
		if (rc != GW_EAUTH) {
			*ret = gw_reply_fault(r, &err);
			return -1;
		}
	}
	*ret = gw_reply_error(r, 401, NULL, "請先登入%s", tok ? "（登入已逾時或已登出）" : "");
	return -1;
}

/* A change: Origin/Sec-Fetch-Site and the CSRF token (403). */
static int need_csrf(gw_req *r, res *ret)
{
	const char *tok = header(r, "X-CSRF-Token");
	const char *want = json_string_value(json_object_get(r->who, "csrf"));

	if (!origin_ok(r)) {
		*ret = gw_reply_error(r, 403, NULL, "拒絕來自其他網站的請求");
		return -1;
	}
	if (!tok || !want || !same(tok, want)) {
		*ret = gw_reply_error(r, 403, NULL, "缺少或錯誤的 CSRF 權杖（X-CSRF-Token），請重新整理頁面");
		return -1;
	}
	return 0;
}

static int need_role(gw_req *r, const char *role, res *ret)
{
	if (has_role(r, role))
		return 0;
	*ret = gw_reply_error(r, 403, NULL, "此帳號沒有「%s」角色，不能進行此操作", role);
	return -1;
}

/* The body as JSON (400 when it is not). */
static int need_body(gw_req *r, json_t **out, res *ret)
{
	json_error_t je;

	*out = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES,
			  &je);
	if (*out)
		return 0;
	*ret = gw_reply_error(r, 400, NULL, "資料不是正確的 JSON（第%d行第%d字：%s）", je.line,
			      je.column, je.text);
	return -1;
}

/* The body as an application tree: a JSON object (400 when it is not). */
static int need_tree(gw_req *r, json_t **out, res *ret)
{
	if (need_body(r, out, ret) < 0)
		return -1;
	if (json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	*ret = gw_reply_error(r, 400, NULL, "申請資料應為一個物件");
	return -1;
}

static const char *str_member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The field named at the front of an English message ("devices[1].x: …"). */
static void field_of(char *out, size_t cap, const char *msg)
{
	size_t n = strcspn(msg, ": ");
	if (msg[n] != ':' || n == 0 || n >= cap)
		n = 0;
	memcpy(out, msg, n);
	out[n] = '\0';
}

/* A library failure as an answer.  what: the Chinese name of the action. */
static res fail(gw_req *r, const gw_err *err, const char *what)
{
	json_t *extra = json_pack("{s:s}", "detail", err->msg);
	char field[128];

	switch (err->code) {
	case GW_ENOTFOUND:
		json_decref(extra);
		return gw_reply_error(r, 404, NULL, "找不到");
	case GW_ESTALE:
		return gw_reply_error_with(r, 409, NULL, extra, "%s失敗：資料已被他人更新，請重新載入",
					   what);
	case GW_ESTATE:
	case GW_ERULES:
		return gw_reply_error_with(r, 409, NULL, extra, "%s失敗：目前的狀態不允許此操作",
					   what);
	case GW_EDATA:
	case GW_EUSAGE:
		field_of(field, sizeof field, err->msg);
		return gw_reply_error_with(r, 400, field[0] ? field : NULL, extra,
					   "%s失敗：資料不正確", what);
	default:
		json_decref(extra);
		return gw_reply_fault(r, err);
	}
}

/* The application if this account may see it: a clerk only its agency's;
 * else 404 (absent or not yours alike).  *tree may be NULL. */
static int need_app(gw_req *r, const char *id, json_t **tree, res *ret)
{
	gw_err err = {0};
	char *agency = NULL;
	int rc;

	if (tree)
		*tree = NULL;
	if (!gw_app_id_ok(id)) {
		*ret = gw_reply_error(r, 404, NULL, "找不到此申請");
		return -1;
	}
	if ((rc = gw_db_app_agency(&agency, r->db, id, &err)) < 0) {
		*ret = rc == GW_ENOTFOUND ? gw_reply_error(r, 404, NULL, "找不到此申請")
					  : gw_reply_fault(r, &err);
		return -1;
	}
	int mine = my_agency(r) && *agency && strcmp(agency, my_agency(r)) == 0;
	free(agency);
	/* A draft is its agency's working copy: the bureau sees it once
	 * submitted (docs/SECURITY.md). */
	if (!mine && is_staff(r)) {
		char *status = NULL;
		if ((rc = gw_db_app_status(&status, r->db, id, &err)) < 0) {
			*ret = gw_reply_fault(r, &err);
			return -1;
		}
		mine = strcmp(status, "draft") != 0;
		free(status);
	}
	if (!mine) {
		gw_log(r, "refused", "404 %s: another agency's application or a draft", id);
		*ret = gw_reply_error(r, 404, NULL, "找不到此申請");
		return -1;
	}
	if (tree && (rc = gw_db_app(tree, r->db, id, &err)) < 0) {
		*ret = rc == GW_ENOTFOUND ? gw_reply_error(r, 404, NULL, "找不到此申請")
					  : gw_reply_fault(r, &err);
		return -1;
	}
	return 0;
}

/* A clerk's tree must be its own agency's; NULL agency.name is filled in. */
static int own_agency(gw_req *r, json_t *tree, res *ret)
{
	json_t *agency = json_object_get(tree, "agency");
	const char *mine = my_agency(r);

	if (agency == NULL || json_is_null(agency)) {
		agency = json_object();
		json_object_set_new(tree, "agency", agency);
	}
	if (!json_is_object(agency)) {
		*ret = gw_reply_error(r, 400, "agency", "應為物件");
		return -1;
	}
	const char *name = str_member(agency, "name");
	if (name == NULL || *name == '\0') {
		json_object_set_new(agency, "name", json_string(mine ? mine : ""));
		return 0;
	}
	if (!mine || strcmp(name, mine) != 0) {
		*ret = gw_reply_error(r, 403, "agency.name", "只能填寫本機關（%s）的申請",
				      mine ? mine : "");
		return -1;
	}
	return 0;
}

/* Validate a tree; 400 naming the field in Chinese. */
static int need_valid(gw_req *r, const json_t *tree, res *ret)
{
	gw_app_fault zh = {{0}};
	gw_err err = {0};

	if (gw_app_check(tree, &zh, &err) == 0)
		return 0;
	*ret = gw_reply_error_with(r, 400, zh.field[0] ? zh.field : NULL,
				   json_pack("{s:s}", "detail", err.msg), "%s%s%s",
				   zh.field[0] ? zh.field : "", zh.field[0] ? "：" : "", zh.text);
	return -1;
}

static json_t *failures_json(const gw_rules *rl)
{
	json_t *arr = json_array();
	for (size_t i = 0; rl && i < rl->n; i++) {
		const gw_rule_fail *f = &rl->fail[i];
		json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:s}", "rule", f->rule, "device",
						     f->device ? json_integer(f->device) : json_null(),
						     "field", f->field, "text", f->message));
	}
	return arr;
}

static long long parse_version(const char *s)
{
	char *end;
	if (!s)
		return -1;
	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	if (*s == '"')
		s++;
	long long v = strtoll(s, &end, 10);
	if (end == s || (*end && strcmp(end, "\"") != 0) || v < 1)
		return -1;
	return v;
}

static void set_etag(gw_req *r, long long version)
{
	char tag[32];
	snprintf(tag, sizeof tag, "\"%lld\"", version);
	gw_req_header(r, "ETag", tag);
}

/* ==== Session ==== */

static res h_login(gw_req *r)
{
	json_t *body = NULL, *who = NULL;
	char token[65], cookie[256];
	gw_err err = {0};
	res ret;
	int rc;

	if (!origin_ok(r))
		return gw_reply_error(r, 403, NULL, "拒絕來自其他網站的請求");
	if (need_body(r, &body, &ret) < 0)
		return ret;
	const char *user = str_member(body, "user"), *pw = str_member(body, "password");
	if (!user || !*user) {
		json_decref(body);
		return gw_reply_error(r, 400, "user", "請輸入帳號");
	}
	if (!pw || !*pw) {
		json_decref(body);
		return gw_reply_error(r, 400, "password", "請輸入密碼");
	}
	if (!gw_req_db(r)) {
		json_decref(body);
		return MHD_YES;
	}
	/* A login ends the session this browser had. */
	const char *old = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, cookie_name(r));
	if (old && strlen(old) == 64)
		gw_db_logout(r->db, old, NULL);
	rc = gw_db_login(&who, token, r->db, user, pw, r->addr, &err);
	if (rc == GW_ELIMIT) {
		gw_log(r, "login-throttled", "%s", err.msg);
		json_decref(body);
		gw_req_header(r, "Retry-After", "900");
		return gw_reply_error(r, 429, NULL, "登入失敗次數過多，請15分鐘後再試");
	}
	if (rc == GW_EAUTH) {
		gw_log(r, "login-failed", "%s", err.msg);
		json_decref(body);
		return gw_reply_error(r, 401, NULL, "帳號或密碼錯誤");
	}
	json_decref(body);
	if (rc < 0)
		return gw_reply_fault(r, &err);
	r->who = json_incref(who);
	gw_log(r, "login", "ok");
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", cookie_name(r),
		 token, gw_req_tls(r) ? "; Secure" : "");
	gw_req_header(r, "Set-Cookie", cookie);
	return gw_reply_json(r, 200, who);
}

static res h_logout(gw_req *r)
{
	gw_err err = {0};
	char cookie[128];

	if (gw_db_logout(r->db, r->token, &err) < 0)
		return gw_reply_fault(r, &err);
	gw_log(r, "logout", "ok");
	snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
		 cookie_name(r), gw_req_tls(r) ? "; Secure" : "");
	gw_req_header(r, "Set-Cookie", cookie);
	return gw_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* ==== Applications ==== */

typedef struct list_ctx {
	json_t *arr;
	const char *agency, *status, *q;
	const char *mine; /* the clerk's agency, whose drafts a staff member sees */
	int staff;        /* bureau staff: drafts of other agencies are not listed */
} list_ctx;

static void list_row(void *ctx, const char *const cols[5])
{
	list_ctx *l = ctx;
	if (l->agency && strcmp(cols[1], l->agency) != 0)
		return;
	if (l->staff && strcmp(cols[4], "draft") == 0 && !(l->mine && strcmp(cols[1], l->mine) == 0))
		return;
	if (l->status && *l->status && strcmp(cols[4], l->status) != 0)
		return;
	if (l->q && *l->q && !strstr(cols[0], l->q) && !strstr(cols[2], l->q))
		return;
	json_array_append_new(l->arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", cols[0], "agency",
						cols[1], "system", cols[2], "planned", cols[3],
						"status", cols[4]));
}

/* Each application's "missing" (gw_db_app_missing: R1–R9 and the reviews)
 * kept with the stamp it was worked out at (gw_db_app_stamp: any change of
 * the application, its reviews or attachments, or the bureau's data gives a
 * new one), so that a list does not run the rules for every row each time.
 * A slot per hash of the id; a stale or taken slot is worked out again. */
#define MISSING_SLOTS 4096
static struct {
	char id[72];
	long long stamp;
	char *json;
} missing_slot[MISSING_SLOTS];
static pthread_mutex_t missing_mu = PTHREAD_MUTEX_INITIALIZER;

static int app_missing(json_t **out, gw_db *db, const char *id, const char *status, gw_err *err)
{
	unsigned h = 2166136261u;
	long long stamp;
	int rc;

	*out = NULL;
	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h %= MISSING_SLOTS;
	if ((rc = gw_db_app_stamp(&stamp, db, id, err)) < 0)
		return rc;
	pthread_mutex_lock(&missing_mu);
	if (missing_slot[h].json && missing_slot[h].stamp == stamp &&
	    strcmp(missing_slot[h].id, id) == 0)
		*out = json_loads(missing_slot[h].json, 0, NULL);
	pthread_mutex_unlock(&missing_mu);
	if (*out)
		return 0;
	if ((rc = gw_db_app_missing(out, db, id, status, err)) < 0 ||
	    strlen(id) >= sizeof missing_slot[h].id)
		return rc;
	char *text = json_dumps(*out, JSON_COMPACT);
	pthread_mutex_lock(&missing_mu);
	free(missing_slot[h].json);
	strcpy(missing_slot[h].id, id);
	missing_slot[h].stamp = stamp;
	missing_slot[h].json = text;
	pthread_mutex_unlock(&missing_mu);
	return 0;
}

static res h_list(gw_req *r)
{
	gw_err err = {0};
	list_ctx l = {json_array(), NULL, NULL, NULL, my_agency(r), is_staff(r)};

	if (!is_staff(r)) {
		l.agency = my_agency(r);
		if (!l.agency)
			return gw_reply_json(r, 200, json_pack("{s:o}", "applications", l.arr));
	} else {
		l.agency = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "agency");
		if (l.agency && !*l.agency)
			l.agency = NULL;
	}
	l.status = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "status");
	l.q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
	if (gw_db_list(r->db, list_row, &l, &err) < 0) {
		json_decref(l.arr);
		return gw_reply_fault(r, &err);
	}
	/* Each row's "missing", as /status says it (after the list: its
	 * statement is done). */
	size_t i;
	json_t *a;
	json_array_foreach(l.arr, i, a) {
		json_t *missing = NULL;
		if (app_missing(&missing, r->db, json_string_value(json_object_get(a, "id")),
				json_string_value(json_object_get(a, "status")), &err) < 0) {
			json_decref(missing);
			json_decref(l.arr);
			return gw_reply_fault(r, &err);
		}
		json_object_set_new(a, "missing", missing);
	}
	return gw_reply_json(r, 200, json_pack("{s:o}", "applications", l.arr));
}

/* A new id for a draft that came without one: ROC year and 6 random hex. */
static json_t *new_id(void)
{
	unsigned char b[3];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		memset(b, 0, sizeof b);
	return json_sprintf("%03d-W%02X%02X%02X", tm.tm_year + 1900 - 1911, b[0], b[1], b[2]);
}

static res h_create(gw_req *r)
{
	json_t *tree = NULL;
	gw_err err = {0};
	res ret;

	if (need_role(r, "clerk", &ret) < 0 || need_tree(r, &tree, &ret) < 0)
		return ret;
	const char *id = str_member(tree, "id");
	if (!id || !*id)
		json_object_set_new(tree, "id", new_id());
	if (own_agency(r, tree, &ret) < 0 || need_valid(r, tree, &ret) < 0) {
		json_decref(tree);
		return ret;
	}
	id = str_member(tree, "id");
	if (gw_db_app_create(r->db, tree, &err) < 0) {
		ret = err.code == GW_ESTALE ? gw_reply_error(r, 409, "id", "編號「%s」已被使用", id)
					    : fail(r, &err, "建立申請");
		json_decref(tree);
		return ret;
	}
	char *loc = xasprintf("/api/applications/%s", id);
	gw_req_header(r, "Location", loc);
	free(loc);
	set_etag(r, 1);
	json_t *out = json_pack("{s:s, s:i}", "id", id, "version", 1);
	json_decref(tree);
	return gw_reply_json(r, 201, out);
}

static res h_get(gw_req *r, const char *id)
{
	json_t *tree = NULL;
	char *status = NULL;
	long long version = 0;
	gw_err err = {0};
	res ret;

	if (need_app(r, id, &tree, &ret) < 0)
		return ret;
	if (gw_db_app_version(&version, &status, r->db, id, &err) < 0) {
		json_decref(tree);
		return fail(r, &err, "讀取");
	}
	set_etag(r, version);
	json_t *out = json_pack("{s:o, s:s, s:I}", "application", tree, "status", status, "version",
				(json_int_t)version);
	free(status);
	return gw_reply_json(r, 200, out);
}

/* A PUT's device_map (docs/attachments.md, "In the service") against the
 * stored devices and the tree being saved: 400 naming the field in Chinese.
 * The save judges it again inside its transaction (gw_db_app_save). */
static int need_map(gw_req *r, const char *id, const json_t *tree, const json_t *map, res *ret)
{
	json_t *stored = NULL;
	gw_app_fault zh = {{0}};
	gw_err err = {0};
	int *old = NULL, *nw = NULL, *to = NULL, rc;

	if (gw_db_app(&stored, r->db, id, &err) < 0) {
		*ret = fail(r, &err, "儲存");
		return -1;
	}
	size_t nold = gw_attach_device_seqs(&old, json_object_get(stored, "devices"));
	size_t nnew = gw_attach_device_seqs(&nw, json_object_get(tree, "devices"));
	to = xcalloc(nold + 1, sizeof *to);
	if ((rc = gw_attach_map_check(to, map, old, nold, nw, nnew, &zh, &err)) < 0)
		*ret = gw_reply_error_with(r, 400, zh.field, json_pack("{s:s}", "detail", err.msg),
					   "%s：%s", zh.field, zh.text);
	free(old);
	free(nw);
	free(to);
	json_decref(stored);
	return rc < 0 ? -1 : 0;
}

static res h_put(gw_req *r, const char *id)
{
	json_t *tree = NULL, *map = NULL;
	long long version = 0, want;
	gw_err err = {0};
	res ret;

	if (need_role(r, "clerk", &ret) < 0 || need_app(r, id, NULL, &ret) < 0)
		return ret;
	if ((want = parse_version(header(r, "If-Match"))) < 0)
		return gw_reply_error(r, 428, "If-Match", "儲存時須附上版本（If-Match 標頭）");
	if (need_tree(r, &tree, &ret) < 0)
		return ret;
	/* Not part of the application: what became of each stored device, so
	 * that the attachments follow their devices in the save's transaction. */
	map = json_incref(json_object_get(tree, "device_map"));
	json_object_del(tree, "device_map");
	const char *tid = str_member(tree, "id");
	if (!tid || !*tid)
		json_object_set_new(tree, "id", json_string(id));
	else if (strcmp(tid, id) != 0) {
		json_decref(tree);
		json_decref(map);
		return gw_reply_error(r, 400, "id", "編號不能修改");
	}
	if (own_agency(r, tree, &ret) < 0 || need_valid(r, tree, &ret) < 0 ||
	    (map && need_map(r, id, tree, map, &ret) < 0)) {
		json_decref(tree);
		json_decref(map);
		return ret;
	}
	int rc = gw_db_app_save(&version, r->db, id, tree, map, want, &err);
	json_decref(tree);
	json_decref(map);
	if (rc == GW_ESTALE) {
		long long now = 0;
		gw_err e2 = {0};
		gw_db_app_version(&now, NULL, r->db, id, &e2);
		return gw_reply_error_with(r, 409, NULL, json_pack("{s:I}", "version", (json_int_t)now),
					   "此申請已被他人更新（目前版本 %lld），未儲存；請重新載入",
					   now);
	}
	if (rc == GW_ESTATE)
		return gw_reply_error_with(r, 409, NULL, json_pack("{s:s}", "detail", err.msg),
					   "已送出的申請不能修改");
	if (rc < 0)
		return fail(r, &err, "儲存");
	/* What the saved draft now misses, worked out here rather than by the
	 * next list (which would do it for every row saved since: lists come
	 * more often than saves).  A failure here only leaves it to the list. */
	json_t *missing = NULL;
	gw_err merr = {0};
	app_missing(&missing, r->db, id, "draft", &merr);
	json_decref(missing);
	set_etag(r, version);
	return gw_reply_json(r, 200, json_pack("{s:I}", "version", (json_int_t)version));
}

static res h_submit(gw_req *r, const char *id)
{
	json_t *tree = NULL;
	gw_rules *rl = NULL;
	long long version = 0;
	gw_err err = {0};
	res ret;

	if (need_role(r, "clerk", &ret) < 0 || need_app(r, id, &tree, &ret) < 0)
		return ret;
	int rc = gw_db_check(&rl, r->db, id, tree, &err);
	json_decref(tree);
	if (rc < 0)
		return gw_reply_fault(r, &err);
	if (rl->n) {
		json_t *extra = json_pack("{s:o}", "failures", failures_json(rl));
		ret = gw_reply_error_with(r, 409, rl->fail[0].field, extra,
					  "檢查未通過（%zu項），不能送出：%s", rl->n,
					  rl->fail[0].message);
		gw_rules_free(rl);
		return ret;
	}
	gw_rules_free(rl);
	if ((rc = gw_db_app_submit(&version, r->db, id, &err)) == GW_ESTATE)
		return gw_reply_error_with(r, 409, NULL, json_pack("{s:s}", "detail", err.msg),
					   "只有草稿可以送出（此申請已送出）");
	if (rc < 0)
		return fail(r, &err, "送出");
	set_etag(r, version);
	return gw_reply_json(r, 200, json_pack("{s:s, s:I}", "status", "received", "version",
					       (json_int_t)version));
}

static res h_check(gw_req *r)
{
	json_t *tree = NULL;
	gw_rules *rl = NULL;
	gw_err err = {0};
	res ret;

	if (need_body(r, &tree, &ret) < 0)
		return ret;
	if (json_is_object(tree) && !json_object_get(tree, "id"))
		json_object_set_new(tree, "id", json_string("new"));
	if (need_valid(r, tree, &ret) < 0) {
		json_decref(tree);
		return ret;
	}
	/* R10 as the bureau says; a saved application of the account's own
	 * agency brings its stored attachments (gw_db_check). */
	const char *id = str_member(tree, "id"), *ag = str_member(json_object_get(tree, "agency"), "name");
	json_t *saved = NULL;
	gw_rules_opts ro = {0};
	gw_err none = {0};
	int rc = gw_db_require_attachments(&ro.require_attachments, r->db, &err);
	if (rc == 0 && gw_app_id_ok(id) && gw_db_app(&saved, r->db, id, &none) == 0 && ag &&
	    str_member(json_object_get(saved, "agency"), "name") &&
	    strcmp(ag, str_member(json_object_get(saved, "agency"), "name")) == 0 &&
	    (is_staff(r) || (my_agency(r) && strcmp(ag, my_agency(r)) == 0)))
		rc = gw_db_check(&rl, r->db, id, tree, &err);
	else if (rc == 0)
		rc = gw_rules_check_opts(&rl, tree, &ro, &err);
	json_decref(saved);
	json_decref(tree);
	if (rc < 0)
		return fail(r, &err, "檢查");
	json_t *out = json_pack("{s:b, s:o}", "ok", rl->n == 0, "failures", failures_json(rl));
	gw_rules_free(rl);
	return gw_reply_json(r, 200, out);
}

static res h_status(gw_req *r, const char *id)
{
	json_t *tree = NULL, *st = NULL;
	gw_rules *rl = NULL;
	gw_err err = {0};
	res ret;

	if (need_app(r, id, &tree, &ret) < 0)
		return ret;
	if (gw_db_review_state(&st, r->db, id, &err) < 0 ||
	    gw_db_check(&rl, r->db, id, tree, &err) < 0) {
		json_decref(tree);
		json_decref(st);
		return fail(r, &err, "讀取");
	}
	json_object_set_new(st, "failures", failures_json(rl));
	gw_rules_free(rl);
	json_decref(tree);
	json_t *missing = NULL;
	if (app_missing(&missing, r->db, id, json_string_value(json_object_get(st, "status")),
			&err) < 0) {
		json_decref(missing);
		json_decref(st);
		return fail(r, &err, "讀取");
	}
	json_object_set_new(st, "missing", missing);
	return gw_reply_json(r, 200, st);
}

static res h_review(gw_req *r, const char *id)
{
	json_t *body = NULL;
	char *next = NULL;
	gw_err err = {0};
	res ret;

	if (need_app(r, id, NULL, &ret) < 0 || need_body(r, &body, &ret) < 0)
		return ret;
	const char *role = str_member(body, "role"), *result = str_member(body, "result");
	const json_t *note = json_object_get(body, "note");
	if (!role || strcmp(role, "clerk") == 0 || strcmp(role, "window") == 0 ||
	    strcmp(role, "manager") == 0 || gw_user_roles_check(role, NULL) < 0)
		ret = gw_reply_error(r, 400, "role", "審查角色應為 admin、security、network、antivirus、"
				     "mdr、vans 或 chief");
	else if (!has_role(r, role))
		ret = gw_reply_error(r, 403, "role", "此帳號沒有「%s」角色", role);
	else if (!result || (strcmp(result, "ok") != 0 && strcmp(result, "fail") != 0))
		ret = gw_reply_error(r, 400, "result", "結果應為 ok 或 fail");
	else if (note && !json_is_null(note) &&
		 (!json_is_string(note) || json_string_length(note) > 2000 ||
		  gw_utf8_xml_invalid(json_string_value(note), json_string_length(note), NULL)))
		ret = gw_reply_error(r, 400, "note", "意見應為2000位元組以內的文字");
	else if (gw_db_review(&next, r->db, id, role, strcmp(result, "ok") == 0,
			      json_string_value(note), &err) < 0)
		ret = fail(r, &err, "審查");
	else
		ret = gw_reply_json(r, 200, json_pack("{s:s}", "status", next));
	free(next);
	json_decref(body);
	return ret;
}

static res h_decide(gw_req *r, const char *id)
{
	json_t *body = NULL;
	char *doc_no = NULL, *asset = NULL;
	gw_err err = {0};
	res ret;

	if (need_role(r, "window", &ret) < 0 || need_app(r, id, NULL, &ret) < 0 ||
	    need_body(r, &body, &ret) < 0)
		return ret;
	const char *d = str_member(body, "decision"), *date = str_member(body, "date");
	if (!d || (strcmp(d, "approve") != 0 && strcmp(d, "return") != 0))
		ret = gw_reply_error(r, 400, "decision", "決定應為 approve（核准）或 return（檢還）");
	else if (date && gw_date_parse(date, NULL, NULL, NULL) < 0)
		ret = gw_reply_error(r, 400, "date", "「%s」不是日期（年-月-日）", date);
	else if (gw_db_decide(&doc_no, &asset, r->db, id, strcmp(d, "approve") == 0, date, &err) < 0)
		ret = fail(r, &err, strcmp(d, "approve") == 0 ? "核准" : "檢還");
	else
		ret = gw_reply_json(r, 200, json_pack("{s:s, s:s, s:o}", "status",
						      strcmp(d, "approve") == 0 ? "approved" : "returned",
						      "doc_no", doc_no, "asset_no",
						      asset ? json_string(asset) : json_null()));
	free(doc_no);
	free(asset);
	json_decref(body);
	return ret;
}

static res h_history(gw_req *r, const char *id)
{
	json_t *h = NULL;
	gw_err err = {0};
	res ret;

	if (need_app(r, id, NULL, &ret) < 0)
		return ret;
	if (gw_db_app_history(&h, r->db, id, &err) < 0) {
		json_decref(h);
		return gw_reply_fault(r, &err);
	}
	return gw_reply_json(r, 200, json_pack("{s:o}", "history", h));
}

/* ==== Documents ==== */

static const char *doc_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".pdf") == 0)
		return "application/pdf";
	if (dot && strcmp(dot, ".docx") == 0)
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	if (dot && strcmp(dot, ".json") == 0)
		return "application/json";
	return "application/octet-stream";
}

static int doc_name_ok(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '-'))
			return 0;
	return 1;
}

static res packet_fail(gw_req *r, const gw_err *err)
{
	if (err->code == GW_ENOTFOUND)
		return gw_reply_error(r, 404, NULL, "此申請沒有這份文件");
	if (err->code == GW_ESTATE || err->code == GW_EDATA)
		return gw_reply_error_with(r, 409, NULL, json_pack("{s:s}", "detail", err->msg),
					   "文件無法產生");
	return gw_reply_fault(r, err);
}

static res h_documents(gw_req *r, const char *id)
{
	json_t *files = NULL, *out = json_array(), *f;
	gw_err err = {0};
	size_t i;
	res ret;

	if (need_app(r, id, NULL, &ret) < 0) {
		json_decref(out);
		return ret;
	}
	if (gw_serve_packet(r, id, NULL, NULL, NULL, &files, &err) < 0) {
		json_decref(out);
		return packet_fail(r, &err);
	}
	json_array_foreach(files, i, f) {
		const char *name = str_member(f, "name");
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:O}", "name", name, "kind",
						     str_member(f, "kind"), "type", doc_type(name),
						     "size", json_object_get(f, "bytes")));
	}
	json_decref(files);
	return gw_reply_json(r, 200, json_pack("{s:o}", "documents", out));
}

static res h_document(gw_req *r, const char *id, const char *name)
{
	gw_err err = {0};
	int fd = -1;
	size_t len = 0;
	res ret;

	if (need_app(r, id, NULL, &ret) < 0)
		return ret;
	if (!doc_name_ok(name))
		return gw_reply_error(r, 404, NULL, "此申請沒有這份文件");
	if (gw_serve_packet(r, id, name, &fd, &len, NULL, &err) < 0)
		return packet_fail(r, &err);
	int inline_ok = strcmp(doc_type(name), "application/pdf") == 0;
	char *disp = xasprintf("%s; filename=\"%s-%s\"", inline_ok ? "inline" : "attachment", id,
			       name);
	ret = gw_reply_fd(r, doc_type(name), fd, len, disp);
	free(disp);
	return ret;
}

/* The packet folder as one zip (libzip, in memory). */
static int zip_files(char **out, size_t *outlen, const char *id, const json_t *files,
		     gw_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	char **bufs = xcalloc(json_array_size(files) + 1, sizeof *bufs);
	size_t i, n = 0;
	const json_t *f;
	int rc = 0;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		gw_oom(0);
	zip_source_keep(src);
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		free(bufs);
		return gw_err_set(err, GW_EIO, "zip: %s", zip_error_strerror(&ze));
	}
	json_array_foreach(files, i, f) {
		size_t len;
		const char *name = str_member(f, "name");
		if ((rc = gw_file_read(&bufs[n], &len, str_member(f, "path"), 256u << 20, err)) < 0)
			break;
		char *entry = xasprintf("%s/%s", id, name);
		zip_source_t *zs = zip_source_buffer(za, bufs[n++], len, 0);
		if (!zs || zip_file_add(za, entry, zs, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(zs);
			rc = gw_err_set(err, GW_EIO, "zip: %s", zip_strerror(za));
		}
		free(entry);
		if (rc < 0)
			break;
	}
	if (rc < 0)
		zip_discard(za);
	else if (zip_close(za) < 0)
		rc = gw_err_set(err, GW_EIO, "zip: %s", zip_strerror(za));
	for (i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	if (rc == 0) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
			rc = gw_err_set(err, GW_EIO, "zip: cannot read the archive back");
		} else {
			*out = xmalloc(st.size + 1);
			zip_int64_t got = zip_source_read(src, *out, st.size);
			zip_source_close(src);
			if (got < 0 || (zip_uint64_t)got != st.size) {
				free(*out);
				*out = NULL;
				rc = gw_err_set(err, GW_EIO, "zip: short read");
			} else {
				*outlen = (size_t)st.size;
			}
		}
	}
	zip_source_free(src);
	return rc;
}

static res h_zip(gw_req *r, const char *id)
{
	json_t *files = NULL;
	char *data = NULL;
	size_t len = 0;
	gw_err err = {0};
	res ret;

	if (need_app(r, id, NULL, &ret) < 0)
		return ret;
	if (gw_serve_packet(r, id, NULL, NULL, NULL, &files, &err) < 0)
		return packet_fail(r, &err);
	int rc = zip_files(&data, &len, id, files, &err);
	json_decref(files);
	if (rc < 0)
		return gw_reply_fault(r, &err);
	char *disp = xasprintf("attachment; filename=\"%s.zip\"", id);
	ret = gw_reply_bytes(r, 200, "application/zip", data, len, disp);
	free(disp);
	free(data);
	return ret;
}

/* ==== Accounts and the bureau (manager) ==== */

/* roles as "a,b" from a JSON string or array; NULL when malformed. */
static char *roles_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (!json_is_array(v))
		return NULL;
	gw_buf b;
	size_t i;
	json_t *e;
	gw_buf_init(&b);
	gw_buf_adds(&b, "");
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			gw_buf_dispose(&b);
			return NULL;
		}
		gw_buf_printf(&b, "%s%s", i ? "," : "", json_string_value(e));
	}
	return gw_buf_detach(&b, NULL);
}

static res user_fail(gw_req *r, const gw_err *err)
{
	char field[64];
	if (err->code == GW_ESTALE)
		return gw_reply_error(r, 409, "name", "此帳號已存在");
	if (err->code == GW_ENOTFOUND)
		return gw_reply_error(r, 404, NULL, "找不到此帳號");
	if (err->code == GW_EUSAGE || err->code == GW_EDATA) {
		field_of(field, sizeof field, err->msg);
		return gw_reply_error_with(r, 400, field[0] ? field : NULL,
					   json_pack("{s:s}", "detail", err->msg),
					   "帳號資料不正確（密碼至少12字；角色須為已知角色；承辦人須有機關）");
	}
	return gw_reply_fault(r, err);
}

static res h_users(gw_req *r)
{
	json_t *all = NULL;
	gw_err err = {0};

	if (gw_db_users(&all, r->db, &err) < 0) {
		json_decref(all);
		return gw_reply_fault(r, &err);
	}
	return gw_reply_json(r, 200, json_pack("{s:o}", "users", all));
}

static res h_user_add(gw_req *r)
{
	json_t *body = NULL;
	gw_err err = {0};
	res ret;

	if (need_body(r, &body, &ret) < 0)
		return ret;
	char *roles = roles_text(json_object_get(body, "roles"));
	const char *name = str_member(body, "name"), *pw = str_member(body, "password");
	if (!name)
		ret = gw_reply_error(r, 400, "name", "請輸入帳號");
	else if (!roles)
		ret = gw_reply_error(r, 400, "roles", "請選擇角色");
	else if (!pw)
		ret = gw_reply_error(r, 400, "password", "請輸入密碼");
	else if (gw_db_user_add(r->db, name, roles, str_member(body, "agency"),
				str_member(body, "display"), pw, &err) < 0)
		ret = user_fail(r, &err);
	else {
		gw_log(r, "user-add", "%s roles %s", name, roles);
		json_t *u = NULL;
		if (gw_db_user(&u, r->db, name, &err) < 0)
			ret = gw_reply_fault(r, &err);
		else
			ret = gw_reply_json(r, 201, u);
	}
	free(roles);
	json_decref(body);
	return ret;
}

static res h_user_put(gw_req *r, const char *name)
{
	json_t *body = NULL, *u = NULL;
	gw_err err = {0};
	res ret;
	int rc = 0;

	if (need_body(r, &body, &ret) < 0)
		return ret;
	const json_t *roles = json_object_get(body, "roles"), *dis = json_object_get(body, "disabled");
	const char *pw = str_member(body, "password"), *agency = str_member(body, "agency");
	if (roles) {
		char *t = roles_text(roles);
		rc = t ? gw_db_user_roles(r->db, name, t, agency, &err)
		       : gw_err_set(&err, GW_EUSAGE, "roles: a list of role names");
		free(t);
	}
	if (rc == 0 && pw)
		rc = gw_db_user_passwd(r->db, name, pw, &err);
	if (rc == 0 && dis && json_is_boolean(dis))
		rc = gw_db_user_disable(r->db, name, json_is_true(dis), &err);
	json_decref(body);
	if (rc < 0)
		return user_fail(r, &err);
	gw_log(r, "user-change", "%s", name);
	if (gw_db_user(&u, r->db, name, &err) < 0)
		return user_fail(r, &err);
	return gw_reply_json(r, 200, u);
}

static res h_bureau_get(gw_req *r)
{
	json_t *b = NULL;
	gw_err err = {0};
	json_t *rv = NULL;
	if (gw_db_bureau(&b, r->db, &err) < 0 || gw_db_reviewers(&rv, r->db, &err) < 0) {
		json_decref(b);
		json_decref(rv);
		return gw_reply_fault(r, &err);
	}
	/* The reviewers' duties ride along (read-only here: the bureau's data
	 * changes them through `gongwen bureau`). */
	json_object_set_new(b, "reviewers", rv);
	return gw_reply_json(r, 200, json_pack("{s:o}", "bureau", b));
}

static res h_bureau_put(gw_req *r)
{
	json_t *body = NULL, *v;
	const char *key;
	const char **pairs;
	size_t n = 0;
	gw_err err = {0};
	int changed = 0;
	res ret;

	if (need_body(r, &body, &ret) < 0)
		return ret;
	if (!json_is_object(body)) {
		json_decref(body);
		return gw_reply_error(r, 400, NULL, "應為欄位與值的物件");
	}
	pairs = xcalloc(2 * json_object_size(body) + 1, sizeof *pairs);
	json_object_foreach(body, key, v) {
		if (!json_is_string(v)) {
			char *field = xasprintf("bureau.%s", key);
			ret = gw_reply_error(r, 400, field, "應為文字");
			free(field);
			free(pairs);
			json_decref(body);
			return ret;
		}
		pairs[n++] = key;
		pairs[n++] = json_string_value(v);
	}
	if (gw_db_bureau_set(&changed, r->db, pairs, n / 2, &err) < 0) {
		char field[64];
		field_of(field, sizeof field, err.msg);
		/* messages read "PATH: bureau.phone: …": the field is the second part */
		const char *b = strstr(err.msg, "bureau.");
		if (b) {
			size_t k = strcspn(b, ": ");
			snprintf(field, sizeof field, "%.*s", (int)k, b);
		}
		ret = err.code == GW_EDATA || err.code == GW_EUSAGE
			      ? gw_reply_error_with(r, 400, field[0] ? field : NULL,
						    json_pack("{s:s}", "detail", err.msg),
						    "局處資料不正確")
			      : gw_reply_fault(r, &err);
	} else {
		json_t *b = NULL;
		ret = gw_db_bureau(&b, r->db, &err) < 0
			      ? gw_reply_fault(r, &err)
			      : gw_reply_json(r, 200, json_pack("{s:i, s:o}", "changed", changed,
								"bureau", b));
	}
	free(pairs);
	json_decref(body);
	return ret;
}

/* ==== Routing ==== */

static res not_allowed(gw_req *r, const char *allow)
{
	gw_req_header(r, "Allow", allow);
	return gw_reply_error(r, 405, NULL, "不支援此方法");
}

/* /api/applications/ID/WHAT */
static const struct {
	const char *what;
	int post; /* 1: POST, 0: GET */
	res (*fn)(gw_req *r, const char *id);
} per_app[] = {{"submit", 1, h_submit}, {"reviews", 1, h_review}, {"decide", 1, h_decide},
	       {"status", 0, h_status}, {"history", 0, h_history}, {"documents", 0, h_documents},
	       {"documents.zip", 0, h_zip}};

enum MHD_Result gw_api_handle(gw_req *r)
{
	const char *p = r->url + strlen("/api");
	const char *m = r->method;
	int get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0, post = strcmp(m, "POST") == 0,
	    put = strcmp(m, "PUT") == 0;
	char seg[4][128];
	int nseg = 0;
	res ret;

	/* Split /a/b/c/d into at most four segments. */
	while (*p == '/' && nseg < 4) {
		size_t n = strcspn(p + 1, "/");
		if (n >= sizeof seg[0])
			return gw_reply_error(r, 404, NULL, "找不到");
		memcpy(seg[nseg], p + 1, n);
		seg[nseg++][n] = '\0';
		p += 1 + n;
	}
	if (*p || nseg == 0)
		return gw_reply_error(r, 404, NULL, "找不到");

	if (nseg == 1 && strcmp(seg[0], "login") == 0)
		return post ? h_login(r) : not_allowed(r, "POST");
	if (need_session(r, &ret) < 0)
		return ret;
	if (is_change(r) && need_csrf(r, &ret) < 0)
		return ret;

	if (nseg == 1 && strcmp(seg[0], "logout") == 0)
		return post ? h_logout(r) : not_allowed(r, "POST");
	if (nseg == 1 && strcmp(seg[0], "me") == 0)
		return get ? gw_reply_json(r, 200, json_incref(r->who)) : not_allowed(r, "GET");
	if (nseg == 1 && strcmp(seg[0], "check") == 0)
		return post ? h_check(r) : not_allowed(r, "POST");
	if (strcmp(seg[0], "applications") == 0) {
		if (nseg == 1)
			return get ? h_list(r) : post ? h_create(r) : not_allowed(r, "GET, POST");
		const char *id = seg[1];
		if (nseg == 2)
			return get ? h_get(r, id) : put ? h_put(r, id) : not_allowed(r, "GET, PUT");
		const char *what = seg[2];
		for (size_t i = 0; nseg == 3 && i < sizeof per_app / sizeof per_app[0]; i++)
			if (strcmp(what, per_app[i].what) == 0)
				return (per_app[i].post ? post : get) ? per_app[i].fn(r, id)
					: not_allowed(r, per_app[i].post ? "POST" : "GET");
		if (nseg == 4 && strcmp(what, "documents") == 0)
			return get ? h_document(r, id, seg[3]) : not_allowed(r, "GET");
		if (strcmp(what, "attachments") == 0) /* serve_attach.c */
			return need_app(r, id, NULL, &ret) < 0 ? ret
				: gw_api_attachments(r, id, nseg == 4 ? seg[3] : NULL, is_staff(r),
						     has_role(r, "window"));
	}
	if (strcmp(seg[0], "users") == 0 && nseg <= 2) {
		if (need_role(r, "manager", &ret) < 0)
			return ret;
		if (nseg == 1)
			return get ? h_users(r) : post ? h_user_add(r) : not_allowed(r, "GET, POST");
		return put ? h_user_put(r, seg[1]) : not_allowed(r, "PUT");
	}
	if (nseg == 1 && strcmp(seg[0], "bureau") == 0) {
		if (get)
			return h_bureau_get(r);
		if (!put)
			return not_allowed(r, "GET, PUT");
		if (need_role(r, "manager", &ret) < 0)
			return ret;
		return h_bureau_put(r);
	}
	return gw_reply_error(r, 404, NULL, "找不到");
}
