/*
 * serve.c — `gongwen serve`: the daemon (GNU libmicrohttpd), its limits,
 * routing, the compiled-in pages of web/, the security headers every reply
 * carries, the log, the pools of store connections and packet renderers,
 * and the graceful stop.
 *
 * Threads: libmicrohttpd runs one thread per connection, bounded by
 * --max-conns (total) and --max-per-addr (per client address); a connection
 * idle for --timeout seconds is closed, a request's headers are bounded by
 * the connection's memory (32 KiB) and its body by --max-body (413).  A
 * packet render runs on one of -j render threads, each with its own
 * renderer and store connection (a gw_packet and the model's part cache are
 * not shared between threads); the request waits for it, no one else does.
 *
 * Stop: SIGTERM and SIGINT are blocked in every thread and taken by the
 * main thread with sigwait; it stops accepting (MHD_quiesce_daemon), waits
 * for the requests in flight to be answered, then stops the daemon.  Every
 * write is a store transaction or a packet published whole, so nothing is
 * half-written.  Wraps libmicrohttpd (with serve_api.c).
 */
#include "serve_int.h"
#include "model.h"
#include "packet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CSP "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
/* A document may be shown in the pages' own preview frame, nothing more. */
#define CSP_DOC "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
#define MAX_POOL 64
#define MAX_HEADERS 6

typedef struct rjob {
	const char *id, *account;
	gw_packet_staged *st;
	gw_err *err;
	int rc, done;
	struct rjob *next;
} rjob;

typedef struct rentry {
	char *id;
	long long stamp; /* gw_db_app_stamp when rendered; -1: none yet */
	int busy;        /* a render of it is running */
	json_t *files;
} rentry;

struct gw_server {
	gw_serve_opts o;
	struct MHD_Daemon *d;
	int tls;
	FILE *log;
	pthread_mutex_t log_mu;

	pthread_mutex_t db_mu;
	gw_db *dbs[MAX_POOL];
	int ndbs;

	/* render threads and their queue */
	pthread_t rt[MAX_POOL];
	int nrt;
	pthread_mutex_t q_mu;
	pthread_cond_t q_cv, d_cv;
	struct rjob *q_head;
	int q_stop;
	/* the last render of each application */
	pthread_mutex_t r_mu;
	pthread_cond_t r_cv;
	rentry *cache;
	size_t ncache, capcache;

	pthread_mutex_t f_mu;
	pthread_cond_t f_cv;
	int inflight;
};

/* Per-request extra headers (kept in the request's context). */
typedef struct req_full {
	gw_req r;
	char *hname[MAX_HEADERS], *hvalue[MAX_HEADERS];
	int nh;
} req_full;

/* ==== Log ==== */

void gw_log(gw_req *r, const char *event, const char *fmt, ...)
{
	gw_server *s = r->srv;
	char when[32], *detail = NULL;
	time_t t = time(NULL);
	struct tm tm;
	va_list ap;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) < 0)
		detail = NULL;
	va_end(ap);
	if (detail)
		gw_str_sanitize(detail);
	const char *user = r->who ? json_string_value(json_object_get(r->who, "user")) : NULL;
	pthread_mutex_lock(&s->log_mu);
	fprintf(s->log, "%s %s %s %s %s %s %s\n", when, r->addr[0] ? r->addr : "-",
		user ? user : "-", event, r->method ? r->method : "-", r->url ? r->url : "-",
		detail ? detail : "");
	fflush(s->log);
	pthread_mutex_unlock(&s->log_mu);
	free(detail);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	gw_server *s = cls;
	char *msg = NULL;

	if (vasprintf(&msg, fmt, ap) < 0)
		return;
	gw_str_sanitize(msg);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '?'))
		msg[--n] = '\0';
	pthread_mutex_lock(&s->log_mu);
	fprintf(s->log, "- - - httpd - - %s\n", msg);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_mu);
	free(msg);
}

static void mhd_log_line(gw_server *s, const char *msg)
{
	pthread_mutex_lock(&s->log_mu);
	fprintf(s->log, "- - - store - - %s\n", msg);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_mu);
}

/* ==== Pools ==== */

gw_db *gw_req_db(gw_req *r)
{
	gw_server *s = r->srv;
	gw_err err = {0};

	if (r->db)
		return r->db;
	pthread_mutex_lock(&s->db_mu);
	if (s->ndbs)
		r->db = s->dbs[--s->ndbs];
	pthread_mutex_unlock(&s->db_mu);
	if (r->db == NULL) {
		if (gw_db_open(&r->db, s->o.db_path, &err) < 0) {
			gw_reply_fault(r, &err);
			return NULL;
		}
		gw_db_checkpoint_later(r->db);
	}
	gw_db_set_account(r->db, "-");
	return r->db;
}

static void db_give(gw_server *s, gw_db *db)
{
	if (!db)
		return;
	pthread_mutex_lock(&s->db_mu);
	if (s->ndbs < MAX_POOL) {
		s->dbs[s->ndbs++] = db;
		db = NULL;
	}
	pthread_mutex_unlock(&s->db_mu);
	gw_db_free(db);
}

static void packet_warn(void *ctx, const char *msg)
{
	gw_server *s = ctx;
	pthread_mutex_lock(&s->log_mu);
	fprintf(s->log, "- - - render - - %s\n", msg);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_mu);
}

/* One render thread: its own renderer and store connection, for good (the
 * renderer's caches are per thread).  Takes jobs until told to stop. */
static void *render_main(void *arg)
{
	gw_server *s = arg;
	gw_packet *p = NULL;
	gw_db *db = NULL;
	gw_err oerr = {0};
	gw_packet_opts po = {.templates = s->o.templates, .out_dir = s->o.out_dir,
			     .warn = packet_warn, .warn_ctx = s};
	int orc = gw_packet_open(&p, &po, &oerr);

	if (orc == 0 && (orc = gw_db_open(&db, s->o.db_path, &oerr)) == 0)
		gw_db_checkpoint_later(db);
	pthread_mutex_lock(&s->q_mu);
	for (;;) {
		while (!s->q_head && !s->q_stop)
			pthread_cond_wait(&s->q_cv, &s->q_mu);
		if (!s->q_head)
			break;
		rjob *j = s->q_head;
		s->q_head = j->next;
		pthread_mutex_unlock(&s->q_mu);
		if (orc < 0) {
			*j->err = oerr;
			j->rc = orc;
		} else {
			gw_db_set_account(db, j->account);
			j->rc = gw_packet_render(p, db, j->id, j->st, j->err);
		}
		pthread_mutex_lock(&s->q_mu);
		j->done = 1;
		pthread_cond_broadcast(&s->d_cv);
	}
	pthread_mutex_unlock(&s->q_mu);
	gw_packet_free(p);
	gw_db_free(db);
	gw_model_thread_done();
	return NULL;
}

/* Render on a render thread and wait for it (only this request waits). */
static int render(gw_server *s, const char *account, const char *id, gw_packet_staged *st,
		  gw_err *err)
{
	rjob j = {.id = id, .account = account, .st = st, .err = err};

	pthread_mutex_lock(&s->q_mu);
	if (s->q_head) {
		rjob *t = s->q_head;
		while (t->next)
			t = t->next;
		t->next = &j;
	} else {
		s->q_head = &j;
	}
	pthread_cond_signal(&s->q_cv);
	while (!j.done)
		pthread_cond_wait(&s->d_cv, &s->q_mu);
	pthread_mutex_unlock(&s->q_mu);
	return j.rc;
}

static rentry *cache_get(gw_server *s, const char *id)
{
	for (size_t i = 0; i < s->ncache; i++)
		if (strcmp(s->cache[i].id, id) == 0)
			return &s->cache[i];
	if (s->ncache == s->capcache) {
		s->capcache = s->capcache ? 2 * s->capcache : 64;
		s->cache = xrealloc(s->cache, s->capcache * sizeof *s->cache);
	}
	rentry *e = &s->cache[s->ncache++];
	memset(e, 0, sizeof *e);
	e->id = xstrdup(id);
	e->stamp = -1;
	return e;
}

/* Open the file called name in the packet's list (under r_mu, so that a
 * render publishing a new folder cannot pull it away half-way). */
static int open_listed(const json_t *files, const char *name, int *fd, size_t *len, gw_err *err)
{
	size_t i;
	const json_t *f;

	json_array_foreach(files, i, f) {
		if (strcmp(json_string_value(json_object_get(f, "name")), name) != 0)
			continue;
		const char *path = json_string_value(json_object_get(f, "path"));
		struct stat st;
		*fd = open(path, O_RDONLY | O_CLOEXEC);
		if (*fd < 0 || fstat(*fd, &st) < 0) {
			if (*fd >= 0)
				close(*fd);
			return gw_err_set(err, GW_EIO, "%s: %s", path, strerror(errno));
		}
		*len = (size_t)st.st_size;
		return 0;
	}
	return gw_err_set(err, GW_ENOTFOUND, "no document %s", name);
}

int gw_serve_packet(gw_req *r, const char *id, const char *name, int *fd, size_t *len,
		    json_t **files, gw_err *err)
{
	gw_server *s = r->srv;
	gw_db *db = gw_req_db(r);
	long long stamp;
	int rc;

	if (files)
		*files = NULL;
	if (!db)
		return gw_err_set(err, GW_EDB, "no store connection");
	if ((rc = gw_db_app_stamp(&stamp, db, id, err)) < 0)
		return rc;
	pthread_mutex_lock(&s->r_mu);
	rentry *e = cache_get(s, id);
	while (e->busy) {
		pthread_cond_wait(&s->r_cv, &s->r_mu);
		e = cache_get(s, id); /* the array may have moved */
	}
	if (e->files == NULL || e->stamp != stamp) {
		e->busy = 1;
		pthread_mutex_unlock(&s->r_mu);
		gw_packet_staged st = {0};
		const char *account = r->who ? json_string_value(json_object_get(r->who, "user")) : NULL;
		rc = render(s, account ? account : "-", id, &st, err);
		pthread_mutex_lock(&s->r_mu);
		e = cache_get(s, id);
		e->busy = 0;
		if (rc == 0) {
			json_decref(e->files);
			e->files = json_incref(st.files);
			e->stamp = stamp;
		}
		pthread_cond_broadcast(&s->r_cv);
		if (rc < 0) {
			pthread_mutex_unlock(&s->r_mu);
			gw_packet_staged_dispose(&st);
			return rc;
		}
		gw_log(r, "render", "%s", id);
		gw_packet_staged_dispose(&st);
	}
	if (files)
		*files = json_incref(e->files);
	rc = name ? open_listed(e->files, name, fd, len, err) : 0;
	pthread_mutex_unlock(&s->r_mu);
	return rc;
}

/* ==== Replies ==== */

int gw_req_tls(const gw_req *r)
{
	return r->srv->tls;
}

const gw_serve_opts *gw_req_opts(const gw_req *r)
{
	return &r->srv->o;
}

void gw_req_header(gw_req *r, const char *name, const char *value)
{
	req_full *f = (req_full *)r;
	if (f->nh == MAX_HEADERS)
		return;
	f->hname[f->nh] = xstrdup(name);
	f->hvalue[f->nh++] = xstrdup(value);
}

static enum MHD_Result queue(gw_req *r, unsigned status, struct MHD_Response *resp,
			     const char *type, int api, int doc)
{
	req_full *f = (req_full *)r;
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	if (type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "Content-Security-Policy", doc ? CSP_DOC : CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", doc ? "SAMEORIGIN" : "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control", api ? "no-store" : "no-cache");
	if (r->srv->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000; includeSubDomains");
	for (int i = 0; i < f->nh; i++)
		MHD_add_response_header(resp, f->hname[i], f->hvalue[i]);
	if (status == 413)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	r->status = status;
	return ret;
}

static int is_api(const gw_req *r)
{
	return strncmp(r->url, "/api/", 5) == 0 || strcmp(r->url, "/api") == 0;
}

enum MHD_Result gw_reply_json(gw_req *r, unsigned status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	if (!text)
		text = xstrdup("{}");
	size_t n = strlen(text);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
	return queue(r, status, resp, "application/json; charset=utf-8", 1, 0);
}

static enum MHD_Result error_v(gw_req *r, unsigned status, const char *field, json_t *extra,
			       const char *fmt, va_list ap)
{
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	json_t *o = json_pack("{s:s}", "error", msg ? msg : "錯誤");
	if (field)
		json_object_set_new(o, "field", json_string(field));
	if (extra) {
		json_object_update(o, extra);
		json_decref(extra);
	}
	if (status == 401 || status == 403 || status == 413 || status == 429 || status >= 500)
		gw_log(r, "refused", "%u %s%s%s", status, msg ? msg : "", field ? " field=" : "",
		       field ? field : "");
	free(msg);
	return gw_reply_json(r, status, o);
}

enum MHD_Result gw_reply_error(gw_req *r, unsigned status, const char *field, const char *fmt,
			       ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum MHD_Result ret = error_v(r, status, field, NULL, fmt, ap);
	va_end(ap);
	return ret;
}

enum MHD_Result gw_reply_error_with(gw_req *r, unsigned status, const char *field, json_t *extra,
				    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum MHD_Result ret = error_v(r, status, field, extra, fmt, ap);
	va_end(ap);
	return ret;
}

enum MHD_Result gw_reply_fault(gw_req *r, const gw_err *err)
{
	gw_log(r, "fault", "%s", err->msg);
	return gw_reply_error(r, 500, NULL, "伺服器錯誤，請稍後再試或通知管理者");
}

enum MHD_Result gw_reply_bytes(gw_req *r, unsigned status, const char *type, const void *data,
			       size_t len, const char *disposition)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (resp && disposition)
		MHD_add_response_header(resp, "Content-Disposition", disposition);
	return queue(r, status, resp, type, is_api(r), disposition != NULL);
}

enum MHD_Result gw_reply_fd(gw_req *r, const char *type, int fd, size_t len,
			    const char *disposition)
{
	struct MHD_Response *resp = MHD_create_response_from_fd(len, fd);
	if (resp == NULL) {
		close(fd);
		return MHD_NO;
	}
	if (disposition)
		MHD_add_response_header(resp, "Content-Disposition", disposition);
	return queue(r, MHD_HTTP_OK, resp, type, 1, 1);
}

/* ==== The pages (web/, compiled in) ==== */

static const char *type_of(const char *path)
{
	static const char *const types[][2] = {{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".svg", "image/svg+xml"}, {".png", "image/png"}, {".woff2", "font/woff2"},
		{".json", "application/json; charset=utf-8"}, {".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"}};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

static enum MHD_Result serve_static(gw_req *r)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		gw_req_header(r, "Allow", "GET, HEAD");
		return gw_reply_bytes(r, 405, "text/plain; charset=utf-8", "405\n", 4, NULL);
	}
	const char *path = strcmp(r->url, "/") == 0 ? "index.html" : r->url + 1;
	for (const gw_web_asset *a = gw_web_assets; a->path; a++)
		if (strcmp(a->path, path) == 0)
			return gw_reply_bytes(r, 200, type_of(a->path), a->data,
					      (size_t)(a->end - a->data), NULL);
	return gw_reply_bytes(r, 404, "text/plain; charset=utf-8", "404 not found\n", 14, NULL);
}

/* ==== The daemon ==== */

static void client_addr(gw_req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	r->addr[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, r->addr,
			  sizeof r->addr);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
			  r->addr, sizeof r->addr);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **ctx)
{
	gw_server *s = cls;
	gw_req *r = *ctx;

	if (r == NULL) {
		req_full *f = xcalloc(1, sizeof *f);
		r = &f->r;
		r->srv = s;
		r->conn = conn;
		r->url = url;
		r->method = method;
		gw_buf_init(&r->body);
		client_addr(r);
		*ctx = r;
		pthread_mutex_lock(&s->f_mu);
		s->inflight++;
		pthread_mutex_unlock(&s->f_mu);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > gw_api_body_limit(r, s->o.max_body)) {
			/* Answer at once: the body is never read. */
			r->too_large = 1;
			return gw_reply_error(r, 413, NULL, "資料過大（上限 %zu 位元組）",
					      gw_api_body_limit(r, s->o.max_body));
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->too_large &&
		    r->body.len + *upload_data_size > gw_api_body_limit(r, s->o.max_body))
			r->too_large = 1;
		if (!r->too_large)
			gw_buf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->answered)
		return MHD_YES;
	if (r->too_large)
		return gw_reply_error(r, 413, NULL, "資料過大（上限 %zu 位元組）",
				      gw_api_body_limit(r, s->o.max_body));
	if (is_api(r))
		return gw_api_handle(r);
	return serve_static(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
			 enum MHD_RequestTerminationCode toe)
{
	gw_server *s = cls;
	req_full *f = *ctx;

	if (f == NULL)
		return;
	db_give(s, f->r.db);
	json_decref(f->r.who);
	gw_buf_dispose(&f->r.body);
	for (int i = 0; i < f->nh; i++) {
		free(f->hname[i]);
		free(f->hvalue[i]);
	}
	free(f);
	*ctx = NULL;
	pthread_mutex_lock(&s->f_mu);
	s->inflight--;
	pthread_cond_broadcast(&s->f_cv);
	pthread_mutex_unlock(&s->f_mu);
}

/* ADDR:PORT or [ADDR]:PORT into a socket address. */
static int parse_listen(struct sockaddr_storage *ss, const char *listen, gw_err *err)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	char *end;

	memset(ss, 0, sizeof *ss);
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return gw_err_set(err, GW_EUSAGE, "serve: --listen '%s': give ADDR:PORT", listen);
	long port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end || port < 0 || port > 65535)
		return gw_err_set(err, GW_EUSAGE, "serve: --listen '%s': bad port", listen);
	snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		host[strlen(host) - 1] = '\0';
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1)
			return 0;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) == 1)
			return 0;
	}
	return gw_err_set(err, GW_EUSAGE, "serve: --listen '%s': not a numeric address", listen);
}

int gw_serve_run(const gw_serve_opts *o, gw_err *err)
{
	gw_server *s = xcalloc(1, sizeof *s);
	struct sockaddr_storage ss;
	char *cert = NULL, *key = NULL;
	size_t n;
	sigset_t sigs, old;
	int rc, sig;

	/* Big blocks (a PDF, a login's 19 MiB Argon2 memory) are mapped and
	 * given back when freed, not kept in a thread's arena for good. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	mallopt(M_ARENA_MAX, 8);
	gw_db_session_idle(o->idle > 0 ? o->idle : GW_SESSION_IDLE);
	s->o = *o;
	if (!s->o.out_dir)
		s->o.out_dir = "out";
	s->log = stderr;
	pthread_mutex_init(&s->log_mu, NULL);
	pthread_mutex_init(&s->db_mu, NULL);
	pthread_mutex_init(&s->r_mu, NULL);
	pthread_cond_init(&s->r_cv, NULL);
	pthread_mutex_init(&s->q_mu, NULL);
	pthread_cond_init(&s->q_cv, NULL);
	pthread_cond_init(&s->d_cv, NULL);
	pthread_mutex_init(&s->f_mu, NULL);
	pthread_cond_init(&s->f_cv, NULL);
	if ((rc = parse_listen(&ss, o->listen, err)) < 0)
		goto done;
	if (o->log_path && (s->log = fopen(o->log_path, "a")) == NULL) {
		s->log = stderr;
		rc = gw_err_set(err, GW_EIO, "%s: cannot open the log: %s", o->log_path,
				strerror(errno));
		goto done;
	}
	/* The store is created or migrated once, before any request. */
	gw_db *db0;
	if ((rc = gw_db_open(&db0, o->db_path, err)) < 0)
		goto done;
	gw_db_checkpoint_later(db0);
	s->dbs[s->ndbs++] = db0;
	if (o->cert) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			rc = gw_err_set(err, GW_EUSAGE, "serve: this libmicrohttpd has no TLS");
			goto done;
		}
		if ((rc = gw_file_read(&cert, &n, o->cert, 1 << 20, err)) < 0 ||
		    (rc = gw_file_read(&key, &n, o->key, 1 << 20, err)) < 0)
			goto done;
		s->tls = 1;
	}
	/* Every thread the daemon starts inherits this mask: the signals that
	 * stop the service reach only sigwait below. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < o->renderers && i < MAX_POOL; i++)
		if (pthread_create(&s->rt[s->nrt], NULL, render_main, s) == 0)
			s->nrt++;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_POLL;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
		{MHD_OPTION_HTTPS_MEM_CERT, 0, cert}, {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
		{MHD_OPTION_END, 0, NULL}};
	s->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)o->max_conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)o->max_per_addr, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_ARRAY, s->tls ? tls_opts : &tls_opts[2], MHD_OPTION_END);
	if (s->d == NULL) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		rc = gw_err_set(err, GW_EIO, "serve: cannot listen on %s: %s", o->listen,
				strerror(errno));
		goto done;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	if (o->ready)
		o->ready(o->ready_ctx, di ? di->port : 0);
	/* The main thread checkpoints the WAL once a second (the writers do
	 * not: its syncs stay out of their commits) until a stop signal. */
	{
		gw_db *ck = NULL;
		gw_err cerr = {0};
		struct timespec second = {1, 0};
		if (gw_db_open(&ck, o->db_path, &cerr) < 0)
			mhd_log_line(s, cerr.msg);
		while ((sig = sigtimedwait(&sigs, NULL, &second)) < 0)
			if (ck && gw_db_checkpoint(ck, &cerr) < 0) {
				mhd_log_line(s, cerr.msg);
				gw_err_clear(&cerr);
			}
		if (ck)
			gw_db_checkpoint(ck, NULL);
		gw_db_free(ck);
	}
	{
		gw_req r0 = {.srv = s, .method = "-", .url = "-"};
		gw_log(&r0, "stop", "signal %d: finishing the requests in flight", sig);
	}
	MHD_socket lfd = MHD_quiesce_daemon(s->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	pthread_mutex_lock(&s->f_mu);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 300;
	while (s->inflight > 0)
		if (pthread_cond_timedwait(&s->f_cv, &s->f_mu, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&s->f_mu);
	MHD_stop_daemon(s->d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	{
		gw_req r0 = {.srv = s, .method = "-", .url = "-"};
		gw_log(&r0, "stop", "stopped");
	}
	rc = 0;
done:
	free(cert);
	free(key);
	for (int i = 0; i < s->ndbs; i++)
		gw_db_free(s->dbs[i]);
	pthread_mutex_lock(&s->q_mu);
	s->q_stop = 1;
	pthread_cond_broadcast(&s->q_cv);
	pthread_mutex_unlock(&s->q_mu);
	for (int i = 0; i < s->nrt; i++)
		pthread_join(s->rt[i], NULL);
	for (size_t i = 0; i < s->ncache; i++) {
		free(s->cache[i].id);
		json_decref(s->cache[i].files);
	}
	free(s->cache);
	if (s->log != stderr)
		fclose(s->log);
	free(s);
	return rc;
}
