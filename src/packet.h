/*
 * packet.h — the document packet of one application (packet.c): every
 * document that applies as DOCX and PDF, packet.pdf, the archive copies and
 * manifest.json, published whole into <out>/<APP_ID>/ and recorded in the
 * store.  Called by `gongwen render` and by the service.
 *
 * A gw_packet holds compiled templates and the fonts' subset caches; it is
 * not thread-safe: one per thread (or process), reused for many packets.
 */
#ifndef GW_PACKET_H
#define GW_PACKET_H

#include "common.h"
#include "data.h"
#include "docs.h"

#include <jansson.h>

typedef struct gw_packet gw_packet;

typedef struct gw_packet_opts {
	const char *templates; /* template folder; NULL: $GW_TEMPLATES, ./templates, beside the binary */
	const char *out_dir;   /* NULL: "out" */
	unsigned only;         /* bit set of documents (1u << GW_DOC_*), 0 = all that apply */
	int archive;           /* also archive/<doc>.pdf (PDF/A) */
	int with_attachments;  /* packet.pdf goes on with the attachments' pages */
	/* Warnings (a document asked for does not apply, no blank page for
	 * duplex): one line each, without a prefix.  NULL: dropped. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
} gw_packet_opts;

/* A packet written into its temporary folder (tmp), not yet published at
 * final.  files: [{name, kind, path, sha256, bytes}] in print order; tree:
 * the application's data tree; set: the documents written. */
typedef struct gw_packet_staged {
	char *id, *tmp, *final;
	json_t *files, *tree;
	unsigned set;
} gw_packet_staged;

/* Open a renderer: makes out_dir, removes temporary folders that a killed
 * render left there, maps the fonts. */
int gw_packet_open(gw_packet **out, const gw_packet_opts *o, gw_err *err);
void gw_packet_free(gw_packet *p);
const char *gw_packet_out_dir(const gw_packet *p);
/* The template folder for given (NULL: $GW_TEMPLATES, ./templates, the
 * folder beside the binary); malloc'd. */
char *gw_packet_templates_dir(const char *given);

/* Stage, sync and publish application id's packet; *out (zeroed by the
 * caller) describes it, its folder now final; dispose it after use. */
int gw_packet_render(gw_packet *p, gw_db *db, const char *id, gw_packet_staged *out,
		     gw_err *err);

/* The steps of gw_packet_render, for a caller that syncs many at once:
 * stage (write into the temporary folder), sync (every file under a folder
 * of the file system to disk), finish (publish and record in the store). */
int gw_packet_stage(gw_packet *p, gw_db *db, const char *id, gw_packet_staged *out,
		    gw_err *err);
int gw_packet_sync(const char *dir, gw_err *err);
int gw_packet_finish(gw_packet *p, gw_db *db, gw_packet_staged *s, gw_err *err);
/* Remove a staged packet's temporary folder (if still there) and free it. */
void gw_packet_staged_dispose(gw_packet_staged *s);

#endif
