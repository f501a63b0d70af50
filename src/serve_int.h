/*
 * serve_int.h — what serve.c (the daemon) and serve_api.c (the handlers)
 * share: one request, the replies, the store and renderer pools.  Nothing
 * else includes it.
 */
#ifndef GW_SERVE_INT_H
#define GW_SERVE_INT_H

#include "serve.h"

#include <microhttpd.h>

typedef struct gw_server gw_server;

/* One request, from its headers to its completion. */
typedef struct gw_req {
	gw_server *srv;
	struct MHD_Connection *conn;
	const char *method, *url;
	char addr[64];       /* the client's address, for throttling and the log */
	gw_buf body;
	int too_large;       /* the body passed opts.max_body */
	int answered;
	gw_db *db;           /* from the pool, for this request; NULL until needed */
	json_t *who;         /* the session: {"user","display","roles","agency","csrf"} */
	char token[65];      /* the session cookie's token ("" when none) */
	unsigned status;     /* what was answered */
} gw_req;

/* The store connection for this request (from the pool; set to the
 * account once the session is known).  NULL after replying 500. */
gw_db *gw_req_db(gw_req *r);

/* Replies.  Each adds the security headers; the API's also Cache-Control:
 * no-store.  body: stolen reference. */
enum MHD_Result gw_reply_json(gw_req *r, unsigned status, json_t *body);
/* {"error": Chinese cause, "field": field (omitted when NULL)}; logged
 * when the status is a refusal (401, 403, 404 for lack of rights, 413,
 * 429) or a server fault. */
enum MHD_Result gw_reply_error(gw_req *r, unsigned status, const char *field, const char *fmt,
			       ...) __attribute__((format(printf, 4, 5)));
/* The same with extra members merged into the body (stolen). */
enum MHD_Result gw_reply_error_with(gw_req *r, unsigned status, const char *field, json_t *extra,
				    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A server fault: logged with err's message; the client gets 500. */
enum MHD_Result gw_reply_fault(gw_req *r, const gw_err *err);
/* Bytes (copied) or an open file (taken; closed by MHD) with a type;
 * disposition may be NULL. */
enum MHD_Result gw_reply_bytes(gw_req *r, unsigned status, const char *type, const void *data,
			       size_t len, const char *disposition);
enum MHD_Result gw_reply_fd(gw_req *r, const char *type, int fd, size_t len,
			    const char *disposition);
/* Add a header to the next reply (Set-Cookie, ETag, Location); copied. */
void gw_req_header(gw_req *r, const char *name, const char *value);

/* A line in the service's log: time, address, account, event, detail. */
void gw_log(gw_req *r, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int gw_req_tls(const gw_req *r);
const gw_serve_opts *gw_req_opts(const gw_req *r);

/* The packet of application id, rendered now unless the last render is
 * still current (nothing it shows changed since).  Opens file name (NULL:
 * none) of it into *fd (size *len), or, for name NULL, gives the list of
 * files in *files ([{name, kind, path, sha256, bytes}], a new reference).
 * GW_ENOTFOUND when the packet has no such file.  Renders of different
 * applications run at once (up to -j); a second request for the same one
 * waits for the first's result. */
int gw_serve_packet(gw_req *r, const char *id, const char *name, int *fd, size_t *len,
		    json_t **files, gw_err *err);

/* serve_api.c: answer a request under /api/. */
enum MHD_Result gw_api_handle(gw_req *r);

/* serve_attach.c: /api/applications/ID/attachments[/SHA256] for an account
 * the router let see application id (staff: a bureau role; window: the
 * window's).  gw_api_body_limit: the body limit of request r (an upload of
 * an attachment gets more than max_body). */
enum MHD_Result gw_api_attachments(gw_req *r, const char *id, const char *sha, int staff,
				   int window);
size_t gw_api_body_limit(const gw_req *r, size_t max_body);

#endif
