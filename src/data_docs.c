/*
 * data_docs.c — what the document pack reads from and records in the store:
 * the bureau's reference data (tables bureau, reviewers), the bureau's
 * letters of an application, the reviewers' failed results, the list of
 * application ids, and the files `render` wrote (table documents).
 *
 * Invariants: reads are single statements; the documents rows and their
 * history row go in one transaction.  Wraps sqlite3 (through data_int.h).
 */
#include "data_int.h"
#include "docs.h"

#include <stdlib.h>
#include <string.h>

static json_t *col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return json_string(s ? s : "");
}

int gw_db_reference(json_t **out, gw_db *db, gw_err *err)
{
	static const char *const bcols[] = {"name", "short_name", "unit", "address", "phone",
		"fax", "head_title", "head_name", "doc_prefix", NULL};
	sqlite3_stmt *st = NULL;
	json_t *ref = json_object(), *bureau = json_object(), *revs = json_array();
	int rc, s;

	*out = NULL;
	json_object_set_new(ref, "bureau", bureau);
	json_object_set_new(ref, "reviewers", revs);
	if ((rc = gw_db_prepare(&st, db, "SELECT name, short_name, unit, address, phone, fax, "
				"head_title, head_name, doc_prefix FROM bureau WHERE id = 1", err)) < 0)
		goto done;
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; bcols[i]; i++)
			json_object_set_new(bureau, bcols[i], col_text(st, i));
	} else if (s == SQLITE_DONE) {
		rc = gw_err_set(err, GW_EDB, "%s: table bureau is empty (run gongwen init)", db->path);
		goto done;
	} else {
		rc = gw_db_fail(db, "cannot read the bureau", err);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = gw_db_prepare(&st, db, "SELECT role, title, person, ext, checks FROM reviewers "
				"ORDER BY pos", err)) < 0)
		goto done;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *r = json_object();
		json_object_set_new(r, "role", col_text(st, 0));
		json_object_set_new(r, "title", col_text(st, 1));
		json_object_set_new(r, "person", col_text(st, 2));
		json_object_set_new(r, "ext", col_text(st, 3));
		json_object_set_new(r, "checks", col_text(st, 4));
		json_array_append_new(revs, r);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read the reviewers", err);
done:
	sqlite3_finalize(st);
	if (rc == 0)
		*out = ref;
	else
		json_decref(ref);
	return rc;
}

int gw_db_letter_get(json_t **out, gw_db *db, const char *app_id, const char *kind,
		     gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = NULL;
	if ((rc = gw_db_prepare(&st, db, "SELECT date, doc_no FROM letters WHERE app_id = ? AND "
				"kind = ? ORDER BY id DESC LIMIT 1", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		*out = json_object();
		json_object_set_new(*out, "date", col_text(st, 0));
		json_object_set_new(*out, "doc_no", col_text(st, 1));
	} else if (s != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot read letters", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int gw_db_review_fails(json_t **out, gw_db *db, const char *app_id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = json_array();
	if ((rc = gw_db_prepare(&st, db, "SELECT v.title, coalesce(r.note, '') FROM reviews r "
				"JOIN reviewers v ON v.role = r.role WHERE r.id IN "
				"(SELECT max(id) FROM reviews WHERE app_id = ? GROUP BY role) "
				"AND r.result = 'fail' ORDER BY v.pos", err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *r = json_object();
		json_object_set_new(r, "title", col_text(st, 0));
		json_object_set_new(r, "note", col_text(st, 1));
		json_array_append_new(*out, r);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read reviews", err);
	sqlite3_finalize(st);
done:
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int gw_db_app_ids(json_t **out, gw_db *db, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = json_array();
	if ((rc = gw_db_prepare(&st, db, "SELECT id FROM applications ORDER BY id", err)) < 0)
		goto done;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, col_text(st, 0));
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot list applications", err);
	sqlite3_finalize(st);
done:
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int gw_db_documents_record(gw_db *db, const char *app_id, const json_t *files, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	gw_buf detail;
	size_t i;
	json_t *f;
	int rc;

	gw_buf_init(&detail);
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	if ((rc = gw_db_prepare(&st, db, "INSERT INTO documents (app_id, kind, path, sha256, bytes) "
				"VALUES (?, ?, ?, ?, ?)", err)) < 0)
		goto done;
	json_array_foreach(files, i, f) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(f, "kind")), -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(f, "path")), -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, json_string_value(json_object_get(f, "sha256")), -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, json_integer_value(json_object_get(f, "bytes")));
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = gw_db_fail(db, "cannot record the rendered documents", err);
			goto done;
		}
		gw_buf_printf(&detail, "%s%s", i ? " " : "",
			      json_string_value(json_object_get(f, "name")));
	}
	rc = gw_db_history(db, app_id, "system", "render", detail.data ? detail.data : "", err);
done:
	sqlite3_finalize(st);
	if (rc == 0)
		rc = gw_db_commit(db, err);
	else if (db->in_tx)
		gw_db_rollback(db);
	gw_buf_dispose(&detail);
	return rc;
}
