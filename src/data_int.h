/*
 * data_int.h — what the files of the data module share (data.c, data_*.c).
 * Nothing outside src/data*.c includes this: the rest of gongwen never sees
 * sqlite3.
 */
#ifndef GW_DATA_INT_H
#define GW_DATA_INT_H

#include "data.h"
#include <sqlite3.h>

struct gw_db {
	sqlite3 *h;
	char *path;
	int in_tx;
};

/* Translate the connection's last error into err: "PATH: WHAT: sqlite message". */
int gw_db_fail(gw_db *db, const char *what, gw_err *err);
int gw_db_exec(gw_db *db, const char *sql, gw_err *err);
/* BEGIN IMMEDIATE … COMMIT / ROLLBACK. */
int gw_db_begin(gw_db *db, gw_err *err);
int gw_db_commit(gw_db *db, gw_err *err);
void gw_db_rollback(gw_db *db);
int gw_db_prepare(sqlite3_stmt **out, gw_db *db, const char *sql, gw_err *err);

/* Migration 1 → 2 (data_docs.c): documents gains folder, filled from each
 * row's path, and keeps only each folder's latest packet.  Runs inside the
 * migration's transaction. */
int gw_db_migrate_documents(gw_db *db, gw_err *err);

#endif
