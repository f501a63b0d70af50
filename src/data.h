/*
 * data.h — the SQLite store: open/migrate, import and export applications,
 * list them, and run a query whose rows are JSON documents.
 *
 * This module (data.c, data_*.c) is the only one that includes sqlite3.h.
 * Every write runs in one BEGIN IMMEDIATE transaction; the database is in WAL
 * mode with foreign keys on and a busy timeout, so several processes can use
 * one file at once.
 */
#ifndef GW_DATA_H
#define GW_DATA_H

#include "common.h"
#include <jansson.h>

#define GW_SCHEMA_VERSION 1

typedef struct gw_db gw_db;

/* Open the database at path, creating and migrating it to the current schema
 * when needed.  *out is the caller's, freed with gw_db_free. */
int gw_db_open(gw_db **out, const char *path, gw_err *err);
void gw_db_free(gw_db *db);

/* Validate and insert one application.  With replace, an existing one with the
 * same id is overwritten; without, it is an error.  All or nothing. */
int gw_db_import(gw_db *db, const json_t *app, int replace, gw_err *err);

/* Import several applications in one transaction: any error changes nothing.
 * *failed_index is the index of the offending element (or -1). */
int gw_db_import_all(gw_db *db, const json_t *apps, int replace, int *failed_index, gw_err *err);

/* The application's data tree, built by the view application_json.
 * *out is a new reference (json_decref). */
int gw_db_app(json_t **out, gw_db *db, const char *id, gw_err *err);

/* Status of an application ("received", …) into *out (caller frees). */
int gw_db_app_status(char **out, gw_db *db, const char *id, gw_err *err);

/* Call fn once per row of sql; each row's first column must be a JSON text.
 * fn returning non-zero stops the walk and that value is returned. */
int gw_db_query_json(gw_db *db, const char *sql,
		     int (*fn)(void *ctx, const char *json, int row), void *ctx, gw_err *err);

/* Rows for `gongwen list`: fn(ctx, id, agency, system, planned_date, status). */
int gw_db_list(gw_db *db, void (*fn)(void *ctx, const char *const cols[5]), void *ctx,
	       gw_err *err);

/* Append one history entry (own transaction unless one is open). */
int gw_db_history(gw_db *db, const char *app_id, const char *role, const char *action,
		  const char *detail, gw_err *err);

#endif
