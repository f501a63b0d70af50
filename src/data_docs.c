/*
 * data_docs.c — what the document pack reads from and records in the store:
 * the bureau's reference data (tables bureau, reviewers), the bureau's
 * letters of an application, the reviewers' failed results, the list of
 * application ids, and the files `render` wrote (table documents).
 *
 * Invariants: reads are single statements; a render's documents rows
 * replace those of the same application and folder, in one transaction with
 * its history row, so the table lists exactly what is on disk.  Wraps sqlite3 (through data_int.h).
 */
#include "data_int.h"
#include "docs.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static json_t *col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return json_string(s ? s : "");
}

int gw_db_reference(json_t **out, gw_db *db, gw_err *err)
{
	static const char *const bcols[] = {"name", "short_name", "unit", "address", "phone",
		"fax", "head_title", "head_name", "doc_prefix", "email", "code", NULL};
	sqlite3_stmt *st = NULL;
	json_t *ref = json_object(), *bureau = json_object(), *revs = json_array();
	int rc, s;

	*out = NULL;
	json_object_set_new(ref, "bureau", bureau);
	json_object_set_new(ref, "reviewers", revs);
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT name, short_name, unit, address, phone, fax, "
				"head_title, head_name, doc_prefix, email, code FROM bureau WHERE id = 1",
				err)) < 0)
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
	gw_db_done(st);
	st = NULL;
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT role, title, person, ext, checks FROM reviewers "
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
	gw_db_done(st);
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
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT date, doc_no FROM letters WHERE app_id = ? AND "
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
	gw_db_done(st);
	return rc;
}

int gw_db_review_fails(json_t **out, gw_db *db, const char *app_id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = json_array();
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT v.title, coalesce(r.note, '') FROM reviews r "
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
	gw_db_done(st);
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

/* The packet folder's absolute path (caller frees): resolved through
 * symbolic links when it exists, else made absolute from the working folder,
 * so "out/X", "./out/X" and "/srv/gw/out/X" are one folder. */
static char *abs_folder(const char *folder)
{
	char *r = realpath(folder, NULL), cwd[PATH_MAX];

	if (r != NULL)
		return r;
	if (folder[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(folder);
	return xasprintf("%s/%s", cwd, folder);
}

int gw_db_documents_record(gw_db *db, const char *app_id, const char *folder,
			   const json_t *files, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	gw_buf detail;
	size_t i;
	json_t *f;
	char *abs = abs_folder(folder);
	int rc;

	gw_buf_init(&detail);
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	/* The folder was replaced as a whole: so are its rows.  A row from
	 * before schema 2 names the folder as that render was given it. */
	if ((rc = gw_db_prepare_kept(&st, db, "DELETE FROM documents WHERE app_id = ? AND folder IN "
				"(?, ?)", err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, abs, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, folder, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot replace the rendered documents", err);
		goto done;
	}
	gw_db_done(st);
	st = NULL;
	if ((rc = gw_db_prepare_kept(&st, db, "INSERT INTO documents (app_id, kind, path, sha256, "
				"bytes, folder) VALUES (?, ?, ?, ?, ?, ?)", err)) < 0)
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
		sqlite3_bind_text(st, 6, abs, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = gw_db_fail(db, "cannot record the rendered documents", err);
			goto done;
		}
		gw_buf_printf(&detail, "%s%s", i ? " " : "",
			      json_string_value(json_object_get(f, "name")));
	}
	rc = gw_db_history(db, app_id, "system", "render", detail.data ? detail.data : "", err);
done:
	gw_db_done(st);
	if (rc == 0)
		rc = gw_db_commit(db, err);
	if (rc < 0 && db->in_tx)
		gw_db_rollback(db);
	gw_buf_dispose(&detail);
	free(abs);
	return rc;
}

/* ==== Migration 1 → 2 ==== */

/* The packet folder of a file render recorded as path: its parent folder,
 * or the grandparent for a PDF/A copy in archive/ (the packet folder is
 * always named app_id).  *out: caller frees. */
static char *folder_of(const char *app_id, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash == NULL) {
		free(dir);
		return xstrdup(".");
	}
	*slash = '\0';
	slash = strrchr(dir, '/');
	if (slash != NULL && strcmp(slash + 1, "archive") == 0 && strcmp(app_id, "archive") != 0)
		*slash = '\0';
	return dir;
}

int gw_db_migrate_documents(gw_db *db, gw_err *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int rc, s;

	if ((rc = gw_db_exec(db, "ALTER TABLE documents ADD COLUMN folder TEXT", err)) < 0 ||
	    (rc = gw_db_prepare(&sel, db, "SELECT id, app_id, path FROM documents", err)) < 0 ||
	    (rc = gw_db_prepare(&upd, db, "UPDATE documents SET folder = ? WHERE id = ?", err)) < 0)
		goto done;
	while ((s = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *app = (const char *)sqlite3_column_text(sel, 1);
		const char *path = (const char *)sqlite3_column_text(sel, 2);
		char *folder = folder_of(app ? app : "", path ? path : "");
		sqlite3_bind_text(upd, 1, folder, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
		s = sqlite3_step(upd);
		sqlite3_reset(upd);
		free(folder);
		if (s != SQLITE_DONE)
			break;
	}
	if (s != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot migrate documents", err);
		goto done;
	}
	/* Version 1 added rows on every render.  Keep each folder's latest
	 * packet: drop every row of an earlier render (packet.pdf closes each
	 * render), then any row whose file a later row recorded again.  In
	 * O(n log n): a database of 30 000 rows took 28 s with correlated
	 * subqueries. */
	rc = gw_db_exec(db,
		"CREATE INDEX documents_app ON documents(app_id, folder);"
		"CREATE TEMP TABLE gw_last (app_id TEXT, folder TEXT, id INTEGER, "
		"  PRIMARY KEY (app_id, folder)) WITHOUT ROWID;"
		"INSERT INTO gw_last SELECT app_id, folder, max(id) FROM documents "
		"  WHERE kind = 'packet' GROUP BY app_id, folder;"
		"CREATE TEMP TABLE gw_prev (app_id TEXT, folder TEXT, id INTEGER, "
		"  PRIMARY KEY (app_id, folder)) WITHOUT ROWID;"
		"INSERT INTO gw_prev SELECT d.app_id, d.folder, max(d.id) FROM documents d "
		"  JOIN gw_last l ON l.app_id = d.app_id AND l.folder = d.folder "
		"  WHERE d.kind = 'packet' AND d.id < l.id GROUP BY d.app_id, d.folder;"
		"DELETE FROM documents WHERE id <= coalesce((SELECT p.id FROM gw_prev p WHERE "
		"  p.app_id = documents.app_id AND p.folder = documents.folder), 0);"
		"DELETE FROM documents WHERE id NOT IN "
		"  (SELECT max(id) FROM documents GROUP BY app_id, path);"
		"DROP TABLE gw_last; DROP TABLE gw_prev;", err);
done:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}
