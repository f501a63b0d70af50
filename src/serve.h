/*
 * serve.h — `gongwen serve`: the HTTP service over GNU libmicrohttpd
 * (serve.c: daemon, limits, routing, static files, security headers;
 * serve_api.c: the JSON API's handlers).  The handlers parse, call the same
 * library code as the CLI (app.c, rules.c, data*.c, packet.c) and answer.
 *
 * Threads: one per connection (libmicrohttpd's thread-per-connection mode),
 * bounded by the connection limits; store connections come from a pool;
 * packet renders run on a pool of -j renderers (a gw_packet is not
 * thread-safe), so a render holds up only the request waiting for it.
 */
#ifndef GW_SERVE_H
#define GW_SERVE_H

#include "common.h"
#include "data.h"

#include <jansson.h>

/* The files of web/, compiled in (scripts/web_assets.sh generates the
 * table, ended by a row of NULLs). */
typedef struct gw_web_asset {
	const char *path;            /* relative to web/: "index.html", "js/app.js" */
	const unsigned char *data, *end;
} gw_web_asset;
extern const gw_web_asset gw_web_assets[];

typedef struct gw_serve_opts {
	const char *db_path;
	const char *listen;     /* "127.0.0.1:8080" (ADDR:PORT; [v6]:PORT) */
	const char *cert, *key; /* PEM files: TLS when both are given */
	const char *out_dir;    /* packets are rendered into OUT/APP_ID/ ("out") */
	const char *templates;  /* NULL: as render finds them */
	const char *log_path;   /* NULL: stderr */
	int renderers;          /* -j: concurrent packet renders (default 2) */
	int max_conns;          /* total connections (default 256) */
	int max_per_addr;       /* per client address (default 64) */
	int timeout;            /* idle connection timeout, seconds (default 30) */
	long idle;              /* idle session timeout, seconds (default GW_SESSION_IDLE) */
	size_t max_body;        /* request body limit, bytes (default 4 MiB) */
	/* Called once listening, with the actual port (for --listen …:0). */
	void (*ready)(void *ctx, int port);
	void *ready_ctx;
} gw_serve_opts;

/* Run the service until SIGTERM or SIGINT; then stop accepting, let the
 * requests in flight finish and return 0. */
int gw_serve_run(const gw_serve_opts *o, gw_err *err);

#endif
