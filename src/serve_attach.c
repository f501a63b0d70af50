/*
 * serve_attach.c — the attachments API of `gongwen serve` (registered in
 * serve_api.c's router, which has already checked the session, the CSRF
 * token of a change and that the account may see the application):
 *
 *   GET    /api/applications/ID/attachments        the list
 *   POST   /api/applications/ID/attachments        upload: multipart/form-data
 *          (fields kind, device, file) or the raw file as the body with
 *          ?kind=K&device=N&name=NAME
 *   GET    /api/applications/ID/attachments/SHA256 the file
 *   DELETE /api/applications/ID/attachments/SHA256 detach (every row of it)
 *
 * A clerk changes the attachments of its agency's drafts only; the window may
 * while the application is open; other roles read.  The files are judged and
 * stored by attach.c / data_attach.c as for the CLI.  Answers: 201 (stored),
 * 200 (the same file was already there), 400 (damaged content, bad kind or
 * device), 404 (absent or not yours), 409 (not a draft, decided), 413 (over a
 * limit), 415 (not PDF, PNG or JPEG by content).  A file is served with the
 * type its content was checked to be, Content-Disposition with its cleaned
 * name, X-Content-Type-Options: nosniff and a sandboxing CSP, so that even a
 * hostile PDF that a browser renders cannot script the service's origin.
 *
 * Attachments follow their devices.  A row names its device by seq, and the
 * seqs are the order of the devices array a save writes.  So when the page
 * moves or deletes devices, its PUT /api/applications/ID carries beside the
 * tree "device_map": {"OLD SEQ": NEW SEQ or null, …}, every stored device
 * once (serve_api.c takes it out of the tree and judges it, 400 naming
 * device_map or device_map.N in Chinese).  gw_db_app_save applies it in the
 * save's own transaction, under its version check (If-Match): rows move to
 * their device's new seq, a removed device's rows are detached as DELETE
 * does (history rows, files no row names deleted), one history row
 * "renumber" names the moves with the account.  No separate endpoint: a
 * save and its renumbering cannot come apart.
 */
#include "serve_int.h"
#include "attach.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum MHD_Result res;

/* The service buffers an upload in memory before judging it: this caps it
 * whatever bureau.attach_max_file_mb says (the bureau's limit still applies
 * below it, answered 413 by the store). */
#define UPLOAD_MAX ((size_t)64 << 20)

/* Only a request that carries a session cookie may send that much before
 * the router looks at it (the session itself is checked after the body). */
size_t gw_api_body_limit(const gw_req *r, size_t max_body)
{
	const char *u = r->url, *tok;
	size_t n = strlen(u);

	if (strcmp(r->method, "POST") != 0 || strncmp(u, "/api/applications/", 18) != 0 ||
	    n <= 12 || strcmp(u + n - 12, "/attachments") != 0 || UPLOAD_MAX <= max_body)
		return max_body;
	tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
					  gw_req_tls(r) ? "__Host-gongwen" : "gongwen");
	return tok && strlen(tok) == 64 ? UPLOAD_MAX : max_body;
}

/* ==== Helpers ==== */

static json_t *public_row(json_t *row)
{
	json_object_del(row, "path"); /* the store's layout is not the client's business */
	return row;
}

static int sha_ok(const char *s)
{
	size_t n = strlen(s);
	return n == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* Content-Disposition for name: an ASCII fallback and the UTF-8 name
 * percent-encoded (RFC 6266, RFC 5987). */
static char *disposition(const char *name)
{
	gw_buf b;

	gw_buf_init(&b);
	gw_buf_adds(&b, "inline; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		gw_buf_addc(&b, *p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == ';'
					? '_' : (char)*p);
	gw_buf_adds(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			gw_buf_addc(&b, (char)*p);
		else
			gw_buf_printf(&b, "%%%02X", *p);
	}
	return gw_buf_detach(&b, NULL);
}

/* A store failure as an answer. */
static res answer_fail(gw_req *r, const gw_err *err, const char *what)
{
	json_t *extra = json_pack("{s:s}", "detail", err->msg);

	switch (err->code) {
	case GW_ENOTFOUND:
		json_decref(extra);
		return gw_reply_error(r, 404, NULL, "找不到");
	case GW_ESTATE:
		return gw_reply_error_with(r, 409, NULL, extra, "%s失敗：已決定（核准或檢還）的申請，附件不能變更",
					   what);
	case GW_ELIMIT:
		return gw_reply_error_with(r, 413, NULL, extra, "%s失敗：超過附件大小上限", what);
	case GW_EDATA:
		return gw_reply_error_with(r, 400, "file", extra, "%s失敗：檔案損壞或無法讀取", what);
	case GW_EUSAGE:
		return gw_reply_error_with(r, 400, strstr(err->msg, "kind") ? "kind" : "device", extra,
					   "%s失敗：附件種類或設備不正確", what);
	default:
		json_decref(extra);
		return gw_reply_fault(r, err);
	}
}

/* May this account change the application's attachments now?  A clerk
 * (not staff): its own agency's draft (the router checked the agency); the
 * window: until the decision (the store refuses after it). */
static int may_change(gw_req *r, const char *id, int staff, int window, res *ret)
{
	gw_err err = {0};
	char *status = NULL;
	int rc = 0;

	if (staff && !window) {
		*ret = gw_reply_error(r, 403, NULL, "只有申請機關（草稿）或收件窗口可以變更附件");
		return -1;
	}
	if (gw_db_app_status(&status, r->db, id, &err) < 0) {
		*ret = answer_fail(r, &err, "變更附件");
		return -1;
	}
	if (!staff && strcmp(status, "draft") != 0) {
		*ret = gw_reply_error(r, 409, NULL, "申請已送出，附件不能再變更（狀態：%s）", status);
		rc = -1;
	}
	free(status);
	return rc;
}

/* ==== Upload ==== */

typedef struct upload {
	gw_buf file, kind, device, name;
	int files;       /* parts named "file" (one allowed) */
} upload;

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *content_type,
			       const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	upload *u = cls;
	gw_buf *to = NULL;

	if (strcmp(key, "file") == 0) {
		if (off == 0) {
			u->files++;
			if (filename && u->name.len == 0)
				gw_buf_adds(&u->name, filename);
		}
		to = &u->file;
	} else if (strcmp(key, "kind") == 0) {
		to = &u->kind;
	} else if (strcmp(key, "device") == 0) {
		to = &u->device;
	} else if (strcmp(key, "name") == 0) {
		to = &u->name;
	}
	if (to && (to == &u->file || to->len + size <= 1024))
		gw_buf_add(to, data, size);
	return MHD_YES;
}

static const char *arg(gw_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

static res h_upload(gw_req *r, const char *id, int staff)
{
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);
	upload u;
	gw_err err = {0};
	json_t *row = NULL;
	res ret;

	gw_buf_init(&u.file);
	gw_buf_init(&u.kind);
	gw_buf_init(&u.device);
	gw_buf_init(&u.name);
	u.files = 0;
	if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 64 * 1024, on_part, &u);
		if (!pp || MHD_post_process(pp, r->body.data ? r->body.data : "", r->body.len) != MHD_YES) {
			if (pp)
				MHD_destroy_post_processor(pp);
			ret = gw_reply_error(r, 400, NULL, "上傳的資料格式不正確（multipart/form-data）");
			goto done;
		}
		MHD_destroy_post_processor(pp);
		if (u.files != 1) {
			ret = gw_reply_error(r, 400, "file", "請上傳一個檔案（欄位 file）");
			goto done;
		}
	} else {
		/* The raw file as the body; what it is in the query string. */
		gw_buf_add(&u.file, r->body.data ? r->body.data : "", r->body.len);
		if (arg(r, "kind"))
			gw_buf_adds(&u.kind, arg(r, "kind"));
		if (arg(r, "device"))
			gw_buf_adds(&u.device, arg(r, "device"));
		if (arg(r, "name"))
			gw_buf_adds(&u.name, arg(r, "name"));
	}
	const char *kind = u.kind.len ? u.kind.data : "";
	if (!gw_attach_kind_ok(kind)) {
		ret = gw_reply_error(r, 400, "kind", "附件種類應為 %s 之一", gw_attach_kinds());
		goto done;
	}
	long device = 0;
	if (u.device.len) {
		char *end;
		device = strtol(u.device.data, &end, 10);
		if (*end || device < 1 || device > 999999) {
			ret = gw_reply_error(r, 400, "device", "設備應為設備的序號（1、2…）");
			goto done;
		}
	}
	if (u.file.len > 0 && gw_attach_sniff(u.file.data, u.file.len) == NULL) {
		gw_log(r, "refused", "415 %s: an upload that is not PDF, PNG or JPEG", id);
		ret = gw_reply_error(r, 415, "file", "只接受 PDF、PNG 或 JPEG 檔案（依內容判斷，不依副檔名）");
		goto done;
	}
	if (gw_db_attach(&row, r->db, id, (int)device, kind, u.name.len ? u.name.data : "attachment",
			 u.file.data ? u.file.data : "", u.file.len, staff ? "window" : "clerk",
			 &err) < 0) {
		ret = answer_fail(r, &err, "上傳附件");
		goto done;
	}
	int existed = json_is_true(json_object_get(row, "existed"));
	ret = gw_reply_json(r, existed ? 200 : 201, json_pack("{s:o}", "attachment", public_row(row)));
	row = NULL;
done:
	json_decref(row);
	gw_buf_dispose(&u.file);
	gw_buf_dispose(&u.kind);
	gw_buf_dispose(&u.device);
	gw_buf_dispose(&u.name);
	return ret;
}

/* ==== List, file, detach ==== */

static res h_list(gw_req *r, const char *id)
{
	json_t *rows = NULL, *row;
	gw_err err = {0};
	size_t i;

	if (gw_db_attachments(&rows, r->db, id, &err) < 0)
		return answer_fail(r, &err, "讀取附件");
	json_array_foreach(rows, i, row)
		public_row(row);
	return gw_reply_json(r, 200, json_pack("{s:o}", "attachments", rows));
}

static res h_file(gw_req *r, const char *id, const char *sha)
{
	json_t *rows = NULL, *row, *found = NULL;
	gw_err err = {0};
	size_t i;
	res ret;

	if (gw_db_attachments(&rows, r->db, id, &err) < 0)
		return answer_fail(r, &err, "讀取附件");
	json_array_foreach(rows, i, row)
		if (!found && strcmp(json_string_value(json_object_get(row, "sha256")), sha) == 0)
			found = row;
	if (!found) {
		json_decref(rows);
		return gw_reply_error(r, 404, NULL, "找不到此附件");
	}
	const char *path = json_string_value(json_object_get(found, "path"));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		gw_err e = {0};
		gw_err_set(&e, GW_EIO, "%s: attachment of %s missing from the store: %s", path, id,
			   strerror(errno));
		if (fd >= 0)
			close(fd);
		json_decref(rows);
		return gw_reply_fault(r, &e);
	}
	char *disp = disposition(json_string_value(json_object_get(found, "name")));
	/* Rendered by the browser, the file may not run script or reach the
	 * service: a sandbox of its own, no network. */
	gw_req_header(r, "Content-Security-Policy", "sandbox; default-src 'none'; "
		      "img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'");
	ret = gw_reply_fd(r, json_string_value(json_object_get(found, "media_type")), fd,
			  (size_t)st.st_size, disp);
	free(disp);
	json_decref(rows);
	return ret;
}

static res h_detach(gw_req *r, const char *id, const char *sha, int staff)
{
	json_t *rows = NULL, *row;
	gw_err err = {0};
	size_t i;

	if (gw_db_detach(&rows, r->db, id, sha, staff ? "window" : "clerk", &err) < 0)
		return answer_fail(r, &err, "刪除附件");
	json_array_foreach(rows, i, row)
		public_row(row);
	return gw_reply_json(r, 200, json_pack("{s:o}", "detached", rows));
}

enum MHD_Result gw_api_attachments(gw_req *r, const char *id, const char *sha, int staff,
				   int window)
{
	const char *m = r->method;
	int get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
	res ret;

	if (sha == NULL) {
		if (get)
			return h_list(r, id);
		if (strcmp(m, "POST") != 0) {
			gw_req_header(r, "Allow", "GET, POST");
			return gw_reply_error(r, 405, NULL, "不支援此方法");
		}
		if (may_change(r, id, staff, window, &ret) < 0)
			return ret;
		return h_upload(r, id, staff);
	}
	if (!sha_ok(sha))
		return gw_reply_error(r, 404, NULL, "找不到此附件");
	if (get)
		return h_file(r, id, sha);
	if (strcmp(m, "DELETE") != 0) {
		gw_req_header(r, "Allow", "GET, DELETE");
		return gw_reply_error(r, 405, NULL, "不支援此方法");
	}
	if (may_change(r, id, staff, window, &ret) < 0)
		return ret;
	return h_detach(r, id, sha, staff);
}
