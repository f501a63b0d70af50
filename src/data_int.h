/*
 * data_int.h — what the files of the data module share (data.c, data_*.c).
 * Nothing outside src/data*.c includes this: the rest of gongwen never sees
 * sqlite3.
 */
#ifndef GW_DATA_INT_H
#define GW_DATA_INT_H

#include "data.h"
#include <sqlite3.h>

/* Statements prepared once per connection (gw_db_prepare_kept). */
#define GW_DB_KEPT 24

struct gw_db {
	sqlite3 *h;
	char *path;
	char *account; /* who acts: history.account of every row written */
	int in_tx;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} kept[GW_DB_KEPT];
	int nkept;
};

/* Translate the connection's last error into err: "PATH: WHAT: sqlite message". */
int gw_db_fail(gw_db *db, const char *what, gw_err *err);
int gw_db_exec(gw_db *db, const char *sql, gw_err *err);
/* BEGIN IMMEDIATE … COMMIT / ROLLBACK. */
int gw_db_begin(gw_db *db, gw_err *err);
/* BEGIN IMMEDIATE only if no other thread of this process is writing:
 * GW_ESTALE (and nothing begun) when one is. */
int gw_db_try_begin(gw_db *db, gw_err *err);
int gw_db_commit(gw_db *db, gw_err *err);
void gw_db_rollback(gw_db *db);
int gw_db_prepare(sqlite3_stmt **out, gw_db *db, const char *sql, gw_err *err);
/* The same for a statement run again and again (per application of a batch):
 * prepared once per connection and kept.  sql must be a string literal (kept
 * statements are found by its address).  Release with gw_db_done, never
 * sqlite3_finalize. */
int gw_db_prepare_kept(sqlite3_stmt **out, gw_db *db, const char *sql, gw_err *err);
/* Release a kept statement: reset, bindings cleared (NULL is fine). */
void gw_db_done(sqlite3_stmt *st);

/* Migration 1 → 2 (data_docs.c): documents gains folder, filled from each
 * row's path, and keeps only each folder's latest packet.  Runs inside the
 * migration's transaction. */
int gw_db_migrate_documents(gw_db *db, gw_err *err);

/* Migration 5 → 6 (data_attach.c): the attachments table and the bureau's
 * attachment settings.  Inside the migration's transaction. */
int gw_db_migrate_attachments(gw_db *db, gw_err *err);

/* Attachments follow their devices (data_attach.c): apply a device map
 * (gw_attach_map_check) to app_id's rows inside the caller's transaction,
 * before the devices are rewritten — new_devices: the devices array being
 * saved (NULL: none).  A removed device's rows
 * are detached (a history row each); a file no row names any more goes to
 * *trash (made when NULL), which the caller empties with
 * gw_attach_trash_done after COMMIT (1) or ROLLBACK (0).  One history row
 * "renumber" names the moves; an identity map changes nothing. */
typedef struct gw_attach_trash gw_attach_trash;
int gw_db_attach_remap(gw_db *db, const char *app_id, const json_t *map, const json_t *new_devices,
		       const char *by, gw_attach_trash **trash, gw_err *err);
void gw_attach_trash_done(gw_attach_trash *t, int committed);

#endif
