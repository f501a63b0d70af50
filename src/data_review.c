/*
 * data_review.c — the bureau's review workflow over the store (see the
 * "Review workflow" section of data.h for the states and legal moves):
 * reviews, the section chief's approval, the decision (approve / return),
 * asset numbers and the bureau's letter numbers (發文字號).
 *
 * Invariants: every change runs in one BEGIN IMMEDIATE transaction that
 * first re-reads the state, so two clerks acting at once cannot both move
 * the same application; every action appends a history row (time, role);
 * nothing is updated in place except applications.status and
 * .bureau_asset_no; serials come from `sequences` and are never reused.
 * The rules are run on the tree read inside the transaction (rules.c).
 * Wraps sqlite3 (through data_int.h).
 */
#include "data_int.h"
#include "app.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const six_roles[] = {"admin", "security", "network", "antivirus", "mdr",
	"vans", NULL};

/* ==== Helpers ==== */

static int role_index(const char *role)
{
	for (int i = 0; six_roles[i]; i++)
		if (strcmp(six_roles[i], role) == 0)
			return i;
	return strcmp(role, "chief") == 0 ? 6 : -1;
}

/* The application's status; GW_ENOTFOUND when there is none. */
static int get_status(char **out, gw_db *db, const char *id, gw_err *err)
{
	return gw_db_app_status(out, db, id, err);
}

static int set_status(gw_db *db, const char *id, const char *status, const char *asset,
		      gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, "UPDATE applications SET status = ?, "
				"bureau_asset_no = coalesce(?, bureau_asset_no) WHERE id = ?",
				err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
	if (asset)
		sqlite3_bind_text(st, 2, asset, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot change the application's status", err);
	sqlite3_finalize(st);
	return rc;
}

/* The latest review of each role: result[i] is 1 ok, 0 fail, -1 none (i as
 * role_index; 6 = chief); ids[i] the review's id (0 when none). */
typedef struct latest {
	int result[7];
	long long ids[7];
} latest;

static int get_latest(latest *out, gw_db *db, const char *id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	for (int i = 0; i < 7; i++) {
		out->result[i] = -1;
		out->ids[i] = 0;
	}
	if ((rc = gw_db_prepare(&st, db, "SELECT role, result, id FROM reviews WHERE id IN "
				"(SELECT max(id) FROM reviews WHERE app_id = ? GROUP BY role)",
				err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int i = role_index((const char *)sqlite3_column_text(st, 0));
		if (i < 0)
			continue;
		out->result[i] = strcmp((const char *)sqlite3_column_text(st, 1), "ok") == 0;
		out->ids[i] = sqlite3_column_int64(st, 2);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read reviews", err);
	sqlite3_finalize(st);
	return rc;
}

/* Are all six reviewers' latest results ok?  Lists the others in *missing. */
static int six_ok(const latest *l, gw_buf *missing)
{
	int ok = 1;
	for (int i = 0; i < 6; i++)
		if (l->result[i] != 1) {
			ok = 0;
			if (missing)
				gw_buf_printf(missing, "%s%s (%s)", missing->len ? ", " : "",
					      six_roles[i], l->result[i] == 0 ? "fail" : "not reviewed");
		}
	return ok;
}

static int any_fail(const latest *l)
{
	for (int i = 0; i < 7; i++)
		if (l->result[i] == 0)
			return 1;
	return 0;
}

/* The chief's approval counts only when it is later than every reviewer's
 * latest result: a reviewer changing their mind voids it. */
static int chief_ok(const latest *l)
{
	if (l->result[6] != 1)
		return 0;
	for (int i = 0; i < 6; i++)
		if (l->ids[i] > l->ids[6])
			return 0;
	return 1;
}

/* Number of failed rules for the stored application. */
static int check_count(size_t *out, gw_db *db, const char *id, gw_err *err)
{
	json_t *app = NULL;
	gw_rules *r = NULL;
	int rc;

	*out = 0;
	if ((rc = gw_db_app(&app, db, id, err)) == 0 && (rc = gw_db_check(&r, db, id, app, err)) == 0)
		*out = r->n;
	gw_rules_free(r);
	json_decref(app);
	return rc;
}

static int is_final(const char *status)
{
	return strcmp(status, "returned") == 0 || strcmp(status, "approved") == 0;
}

/* Next serial of a per-year sequence, creating it at 1. */
static int next_serial(long long *out, gw_db *db, const char *name, int year, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, "INSERT INTO sequences (name, year, last) VALUES (?, ?, 1) "
				"ON CONFLICT (name, year) DO UPDATE SET last = last + 1 "
				"RETURNING last", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = gw_db_fail(db, "cannot advance a sequence", err);
	sqlite3_finalize(st);
	return rc;
}

static int bureau_text(char **out, gw_db *db, const char *column, gw_err *err)
{
	sqlite3_stmt *st;
	char sql[96];
	int rc;

	*out = NULL;
	snprintf(sql, sizeof sql, "SELECT %s FROM bureau WHERE id = 1", column);
	if ((rc = gw_db_prepare(&st, db, sql, err)) < 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	else
		rc = gw_err_set(err, GW_EDB, "%s: bureau.%s is not set (run gongwen init)", db->path,
				column);
	sqlite3_finalize(st);
	return rc;
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ==== Asset numbers ==== */

int gw_asset_format(char **out, const char *pattern, int roc_year, long serial, gw_err *err)
{
	gw_buf b;
	int has_n = 0, rc = 0;

	*out = NULL;
	gw_buf_init(&b);
	for (const char *p = pattern; *p && rc == 0; p++) {
		if (*p != '%') {
			gw_buf_addc(&b, *p);
			continue;
		}
		p++;
		int width = 0, zero = 0;
		if (*p == '0') {
			zero = 1;
			p++;
		}
		while (*p >= '0' && *p <= '9' && width < 20)
			width = width * 10 + (*p++ - '0');
		switch (*p) {
		case 'Y': gw_buf_printf(&b, "%03d", roc_year); break;
		case 'G': gw_buf_printf(&b, "%d", roc_year + 1911); break;
		case 'N':
			has_n = 1;
			gw_buf_printf(&b, zero ? "%0*ld" : "%*ld", width, serial);
			break;
		case '%': gw_buf_addc(&b, '%'); break;
		default:
			rc = gw_err_set(err, GW_EDATA, "bureau.asset_format \"%s\": unknown directive "
					"at byte %d (use %%Y, %%G, %%N, %%0wN, %%%%)", pattern,
					(int)(p - pattern));
		}
		if (*p == '\0')
			break;
	}
	if (rc == 0 && !has_n)
		rc = gw_err_set(err, GW_EDATA, "bureau.asset_format \"%s\": has no serial (%%N), so "
				"numbers would repeat", pattern);
	if (rc == 0)
		*out = gw_buf_detach(&b, NULL);
	gw_buf_dispose(&b);
	return rc;
}

/* ==== Letters ==== */

/* Allocate a letter number inside the caller's transaction. */
static int letter_new_tx(char **out, gw_db *db, const char *app_id, const char *kind,
			 const char *date, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	char *prefix = NULL, *status = NULL;
	long long serial = 0;
	int rc, y, m, d;

	*out = NULL;
	if (strcmp(kind, "return") != 0 && strcmp(kind, "approval") != 0)
		return gw_err_set(err, GW_EUSAGE, "letter kind \"%s\": the bureau writes return or "
				  "approval letters", kind);
	if (date == NULL || gw_date_parse(date, &y, &m, &d) < 0)
		return gw_err_set(err, GW_EDATA, "letter date \"%s\" is not a date (YYYY-MM-DD)",
				  date ? date : "");
	int roc = y - 1911;
	if (roc > 999)
		return gw_err_set(err, GW_EDATA, "letter date %s: ROC year %d has more than 3 digits",
				  date, roc);
	if ((rc = get_status(&status, db, app_id, err)) < 0 ||
	    (rc = bureau_text(&prefix, db, "doc_prefix", err)) < 0 ||
	    (rc = next_serial(&serial, db, "letter", roc, err)) < 0)
		goto done;
	if (serial > 9999999) {
		rc = gw_err_set(err, GW_EDATA, "letter numbers of ROC year %d are exhausted (9999999)",
				roc);
		goto done;
	}
	*out = xasprintf("%s第%03d%07lld號", prefix, roc, serial);
	if ((rc = gw_db_prepare(&st, db, "INSERT INTO letters (app_id, kind, date, doc_no, year, "
				"serial) VALUES (?, ?, ?, ?, ?, ?)", err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, *out, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, roc);
	sqlite3_bind_int64(st, 6, serial);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot record the letter", err);
		goto done;
	}
	char *detail = xasprintf("%s %s %s", kind, *out, date);
	rc = gw_db_history(db, app_id, "window", "letter", detail, err);
	free(detail);
done:
	sqlite3_finalize(st);
	free(prefix);
	free(status);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int gw_db_letter_new(char **out, gw_db *db, const char *app_id, const char *kind,
		     const char *date, gw_err *err)
{
	int own = !db->in_tx, rc;

	*out = NULL;
	if (own && (rc = gw_db_begin(db, err)) < 0)
		return rc;
	rc = letter_new_tx(out, db, app_id, kind, date, err);
	if (own && rc == 0)
		rc = gw_db_commit(db, err);
	if (own && rc < 0) {
		gw_db_rollback(db);
		free(*out);
		*out = NULL;
	}
	return rc;
}

int gw_db_letter_find(char **out, char **out_date, gw_db *db, const char *app_id,
		      const char *kind, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (out_date)
		*out_date = NULL;
	if ((rc = gw_db_prepare(&st, db, "SELECT doc_no, date FROM letters WHERE app_id = ? AND "
				"kind = ? ORDER BY id DESC LIMIT 1", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (out_date)
			*out_date = xstrdup((const char *)sqlite3_column_text(st, 1));
	} else if (s == SQLITE_DONE) {
		rc = gw_err_set(err, GW_ENOTFOUND, "%s: application %s has no %s letter", db->path,
				app_id, kind);
	} else {
		rc = gw_db_fail(db, "cannot read letters", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ==== Reviews ==== */

static int insert_review(gw_db *db, const char *id, const char *role, int ok, const char *note,
			 gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, "INSERT INTO reviews (app_id, role, result, note) "
				"VALUES (?, ?, ?, ?)", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ok ? "ok" : "fail", -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(st, 4, note, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 4);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot record the review", err);
	sqlite3_finalize(st);
	return rc;
}

int gw_db_review(char **out, gw_db *db, const char *app_id, const char *role, int ok,
		 const char *note, gw_err *err)
{
	char *status = NULL;
	const char *next = NULL;
	latest l;
	gw_buf why;
	size_t nfail = 0;
	int rc, ri = role_index(role);

	if (out)
		*out = NULL;
	gw_buf_init(&why);
	if (ri < 0)
		return gw_err_set(err, GW_EUSAGE, "review: unknown role \"%s\" (admin, security, "
				  "network, antivirus, mdr, vans, chief)", role);
	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = get_status(&status, db, app_id, err)) < 0)
		goto done;
	if (is_final(status)) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is %s: a closed application takes "
				"no more reviews", app_id, status);
		goto done;
	}
	if (strcmp(status, "draft") == 0) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is a draft: its clerk has not "
				"submitted it yet", app_id);
		goto done;
	}
	if (ri == 6) {
		/* The chief sees only what the administrator presents (陳核): an
		 * application under review, complete, every reviewer ok. */
		if (strcmp(status, "under_review") != 0) {
			rc = gw_err_set(err, GW_ESTATE, "application %s is %s: the chief reviews only "
					"an application under review (every reviewer ok)", app_id,
					status);
			goto done;
		}
		if (ok) {
			if ((rc = get_latest(&l, db, app_id, err)) < 0 ||
			    (rc = check_count(&nfail, db, app_id, err)) < 0)
				goto done;
			if (!six_ok(&l, &why))
				rc = gw_err_set(err, GW_ESTATE, "application %s: the chief cannot "
						"approve before every reviewer is ok: %s", app_id,
						why.data);
			else if (nfail)
				rc = gw_err_set(err, GW_ESTATE, "application %s: the chief cannot "
						"approve: the check fails %zu rule(s) (gongwen check "
						"%s)", app_id, nfail, app_id);
			if (rc < 0)
				goto done;
		}
	}
	if ((rc = insert_review(db, app_id, role, ok, note, err)) < 0 ||
	    (rc = get_latest(&l, db, app_id, err)) < 0)
		goto done;
	/* The flowchart's branch 文件齊備 / 文件不齊備: a chief's fail sends it
	 * back; otherwise a failing check or any reviewer's standing fail means
	 * the agency must fix something (incomplete), neither means the documents
	 * are complete and under review. */
	if (ri == 6) {
		next = ok ? "under_review" : "incomplete";
	} else {
		int fail6 = 0;
		for (int i = 0; i < 6; i++)
			fail6 |= l.result[i] == 0;
		if (!fail6 && (rc = check_count(&nfail, db, app_id, err)) < 0)
			goto done;
		next = fail6 || nfail ? "incomplete" : "under_review";
	}
	if (strcmp(next, status) != 0 && (rc = set_status(db, app_id, next, NULL, err)) < 0)
		goto done;
	char *detail = strcmp(next, status) != 0
			       ? xasprintf("%s%s%s; %s → %s", ok ? "ok" : "fail", note ? ": " : "",
					   note ? note : "", status, next)
			       : xasprintf("%s%s%s; still %s", ok ? "ok" : "fail", note ? ": " : "",
					   note ? note : "", status);
	rc = gw_db_history(db, app_id, role, "review", detail, err);
	free(detail);
	if (rc == 0)
		rc = gw_db_commit(db, err);
done:
	if (rc < 0)
		gw_db_rollback(db);
	else if (out)
		*out = xstrdup(next);
	free(status);
	gw_buf_dispose(&why);
	return rc;
}

/* ==== Decision ==== */

int gw_db_decide(char **out_doc_no, char **out_asset, gw_db *db, const char *app_id,
		 int approve, const char *date, gw_err *err)
{
	char *status = NULL, *fmt = NULL, *asset = NULL, *doc_no = NULL;
	char day[11];
	latest l;
	gw_buf why;
	size_t nfail = 0;
	int rc, y;

	if (out_doc_no)
		*out_doc_no = NULL;
	if (out_asset)
		*out_asset = NULL;
	gw_buf_init(&why);
	if (date == NULL) {
		today(day);
		date = day;
	}
	if (gw_date_parse(date, &y, NULL, NULL) < 0)
		return gw_err_set(err, GW_EUSAGE, "decide: \"%s\" is not a date (YYYY-MM-DD)", date);
	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = get_status(&status, db, app_id, err)) < 0 ||
	    (rc = get_latest(&l, db, app_id, err)) < 0 ||
	    (rc = check_count(&nfail, db, app_id, err)) < 0)
		goto done;
	if (is_final(status)) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is already %s", app_id, status);
		goto done;
	}
	if (strcmp(status, "draft") == 0) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is a draft: its clerk has not "
				"submitted it yet", app_id);
		goto done;
	}
	if (approve) {
		int six = six_ok(&l, &why);
		if (nfail)
			gw_buf_printf(&why, "%sthe check fails %zu rule(s)", why.len ? "; " : "",
				      nfail);
		if (six && nfail == 0 && !chief_ok(&l))
			gw_buf_printf(&why, "%sthe section chief has not approved (review --role "
				      "chief --result ok)", why.len ? "; " : "");
		if (strcmp(status, "under_review") != 0 && why.len == 0)
			gw_buf_printf(&why, "it is %s, not under review", status);
		if (why.len) {
			rc = gw_err_set(err, GW_ESTATE, "application %s cannot be approved: %s", app_id,
					why.data);
			goto done;
		}
		long long serial;
		if ((rc = bureau_text(&fmt, db, "asset_format", err)) < 0 ||
		    (rc = next_serial(&serial, db, "asset", y - 1911, err)) < 0 ||
		    (rc = gw_asset_format(&asset, fmt, y - 1911, (long)serial, err)) < 0)
			goto done;
		/* A format without the year would repeat numbers each year. */
		sqlite3_stmt *st;
		if ((rc = gw_db_prepare(&st, db, "SELECT 1 FROM applications WHERE bureau_asset_no = ?",
					err)) < 0)
			goto done;
		sqlite3_bind_text(st, 1, asset, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			rc = gw_err_set(err, GW_EDATA, "asset number %s is already taken (bureau."
					"asset_format \"%s\" should contain %%Y)", asset, fmt);
		sqlite3_finalize(st);
		if (rc < 0)
			goto done;
	} else if (nfail == 0 && !any_fail(&l)) {
		rc = gw_err_set(err, GW_ESTATE, "application %s cannot be returned: the check passes "
				"and no reviewer failed it", app_id);
		goto done;
	}
	const char *next = approve ? "approved" : "returned";
	if ((rc = set_status(db, app_id, next, asset, err)) < 0 ||
	    (rc = letter_new_tx(&doc_no, db, app_id, approve ? "approval" : "return", date,
				err)) < 0)
		goto done;
	char *detail = approve ? xasprintf("approve: %s → approved; asset %s; letter %s", status,
					   asset, doc_no)
			       : xasprintf("return: %s → returned; %zu rule(s) failed; letter %s",
					   status, nfail, doc_no);
	rc = gw_db_history(db, app_id, "window", "decide", detail, err);
	free(detail);
	if (rc == 0)
		rc = gw_db_commit(db, err);
done:
	if (rc < 0) {
		gw_db_rollback(db);
	} else {
		if (out_doc_no) {
			*out_doc_no = doc_no;
			doc_no = NULL;
		}
		if (out_asset) {
			*out_asset = asset;
			asset = NULL;
		}
	}
	free(status);
	free(fmt);
	free(asset);
	free(doc_no);
	gw_buf_dispose(&why);
	return rc;
}

/* ==== State for `status` ==== */

int gw_db_app_missing(json_t **out, gw_db *db, const char *id, const char *status, gw_err *err)
{
	latest l;
	size_t nfail = 0;
	int rc, fails = 0, todo = 0;

	*out = json_array();
	if (is_final(status))
		return 0;
	if ((rc = check_count(&nfail, db, id, err)) < 0)
		return rc;
	if (nfail)
		json_array_append_new(*out, json_sprintf("%zu 項規則不符", nfail));
	if (strcmp(status, "draft") == 0) {
		if (!nfail)
			json_array_append_new(*out, json_string("待機關送出"));
		return 0;
	}
	if ((rc = get_latest(&l, db, id, err)) < 0)
		return rc;
	for (int i = 0; i < 6; i++) {
		fails += l.result[i] == 0;
		todo += l.result[i] == -1;
	}
	if (fails)
		json_array_append_new(*out, json_sprintf("%d 位審查不符", fails));
	if (todo)
		json_array_append_new(*out, json_sprintf("%d 位審查人員未審查", todo));
	if (!fails && !todo && !chief_ok(&l))
		json_array_append_new(*out, json_string("待主管核准"));
	if (!nfail && !fails && !todo && chief_ok(&l) && strcmp(status, "under_review") == 0)
		json_array_append_new(*out, json_string("可核准"));
	return 0;
}

int gw_db_reviewers(json_t **out, gw_db *db, gw_err *err)
{
	static const char *const keys[] = {"role", "title", "person", "ext", "checks"};
	sqlite3_stmt *st;
	int rc, s;

	*out = json_array();
	if ((rc = gw_db_prepare(&st, db, "SELECT role, title, person, ext, checks FROM reviewers "
				"ORDER BY pos", err)) < 0)
		return rc;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_object();
		for (int i = 0; i < 5; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			json_object_set_new(row, keys[i], json_string(t ? t : ""));
		}
		json_array_append_new(*out, row);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read reviewers", err);
	sqlite3_finalize(st);
	return rc;
}

int gw_db_review_state(json_t **out, gw_db *db, const char *app_id, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	json_t *o = NULL, *arr;
	int rc, s;

	*out = NULL;
	if ((rc = gw_db_prepare(&st, db, "SELECT status, bureau_asset_no FROM applications "
				"WHERE id = ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	if (s != SQLITE_ROW) {
		rc = s == SQLITE_DONE ? gw_err_set(err, GW_ENOTFOUND, "%s: no application with id "
						   "\"%s\"", db->path, app_id)
				      : gw_db_fail(db, "cannot read application", err);
		goto done;
	}
	const char *asset = (const char *)sqlite3_column_text(st, 1);
	o = json_pack("{s:s, s:s, s:o}", "id", app_id, "status", sqlite3_column_text(st, 0),
		      "asset_no", asset && *asset ? json_string(asset) : json_null());
	sqlite3_finalize(st);
	st = NULL;

	arr = json_array();
	json_object_set_new(o, "reviews", arr);
	if ((rc = gw_db_prepare(&st, db,
				"SELECT v.role, v.title, v.person, v.ext, v.checks, r.result, r.note, r.at "
				"FROM reviewers v LEFT JOIN reviews r ON r.id = (SELECT max(id) "
				"FROM reviews WHERE app_id = ?1 AND role = v.role) ORDER BY v.pos",
				err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_object();
		static const char *const keys[] = {"role", "title", "person", "ext", "checks",
			"result", "note", "at"};
		for (int i = 0; i < 8; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			json_object_set_new(row, keys[i], t ? json_string(t) : json_null());
		}
		json_array_append_new(arr, row);
	}
	if (s != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot read reviews", err);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;

	/* What decide would allow now: the same tests as gw_db_decide. */
	latest l;
	size_t nfail;
	const char *status = json_string_value(json_object_get(o, "status"));
	if ((rc = get_latest(&l, db, app_id, err)) < 0 ||
	    (rc = check_count(&nfail, db, app_id, err)) < 0)
		goto done;
	json_object_set_new(o, "can_approve",
			    json_boolean(strcmp(status, "under_review") == 0 && nfail == 0 &&
					 six_ok(&l, NULL) && chief_ok(&l)));
	json_object_set_new(o, "can_return",
			    json_boolean(!is_final(status) && strcmp(status, "draft") != 0 &&
					 (nfail > 0 || any_fail(&l))));

	arr = json_array();
	json_object_set_new(o, "letters", arr);
	if ((rc = gw_db_prepare(&st, db, "SELECT kind, doc_no, date FROM letters WHERE app_id = ? "
				"ORDER BY id", err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "kind",
						     sqlite3_column_text(st, 0), "doc_no",
						     sqlite3_column_text(st, 1), "date",
						     sqlite3_column_text(st, 2)));
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read letters", err);
done:
	sqlite3_finalize(st);
	if (rc < 0)
		json_decref(o);
	else
		*out = o;
	return rc;
}
