/*
 * data.c — the SQLite store (wraps sqlite3; see data.h).
 *
 * The schema lives in data/schema.sql and is compiled into the binary
 * (embed.S).  PRAGMA user_version holds the schema version; opening an older
 * database runs the migrations after it, in one transaction.
 */
#include "data_int.h"
#include "app.h"
#include "rules.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char gw_schema_sql[];

/* ==== Connection ==== */

int gw_db_fail(gw_db *db, const char *what, gw_err *err)
{
	return gw_err_set(err, GW_EDB, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
}

int gw_db_exec(gw_db *db, const char *sql, gw_err *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return gw_db_fail(db, "query failed", err);
	return 0;
}

/* Writers of one process (the service's threads) queue here for the
 * write lock instead of in SQLite's busy handler, which sleeps and retries
 * (a writer waited up to a second and a half under load). */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

/* BEGIN IMMEDIATE with write_mu held; the lock is released if it fails. */
static int begin_locked(gw_db *db, gw_err *err)
{
	int rc = gw_db_exec(db, "BEGIN IMMEDIATE", err);
	if (rc == 0)
		db->in_tx = 1;
	else
		pthread_mutex_unlock(&write_mu);
	return rc;
}

int gw_db_begin(gw_db *db, gw_err *err)
{
	pthread_mutex_lock(&write_mu);
	return begin_locked(db, err);
}

int gw_db_try_begin(gw_db *db, gw_err *err)
{
	if (pthread_mutex_trylock(&write_mu) != 0)
		return GW_ESTALE;
	return begin_locked(db, err);
}

int gw_db_commit(gw_db *db, gw_err *err)
{
	int rc = gw_db_exec(db, "COMMIT", err);
	if (rc == 0) {
		db->in_tx = 0;
		pthread_mutex_unlock(&write_mu);
	}
	return rc;
}

void gw_db_rollback(gw_db *db)
{
	if (db->in_tx) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		pthread_mutex_unlock(&write_mu);
	}
	db->in_tx = 0;
}

int gw_db_prepare(sqlite3_stmt **out, gw_db *db, const char *sql, gw_err *err)
{
	if (sqlite3_prepare_v2(db->h, sql, -1, out, NULL) != SQLITE_OK)
		return gw_db_fail(db, "cannot prepare query", err);
	return 0;
}

int gw_db_prepare_kept(sqlite3_stmt **out, gw_db *db, const char *sql, gw_err *err)
{
	int i;

	for (i = 0; i < db->nkept; i++)
		if (db->kept[i].sql == sql) {
			*out = db->kept[i].st;
			return 0;
		}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
		return gw_db_fail(db, "cannot prepare query", err);
	if (db->nkept == GW_DB_KEPT) {
		/* More distinct statements than slots: the oldest goes. */
		sqlite3_finalize(db->kept[0].st);
		memmove(&db->kept[0], &db->kept[1], (GW_DB_KEPT - 1) * sizeof db->kept[0]);
		db->nkept--;
	}
	db->kept[db->nkept].sql = sql;
	db->kept[db->nkept++].st = *out;
	return 0;
}

void gw_db_done(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int user_version(gw_db *db, int *v, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, "PRAGMA user_version", err)) < 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	else
		rc = gw_db_fail(db, "cannot read schema version", err);
	sqlite3_finalize(st);
	return rc;
}

/* Migration 2 → 3: the reviewers' duties (the approval letter lists them)
 * in the words of the bureau's process document (seed §三), where a
 * database still has version 2's shortened defaults. */
static const char migrate_3[] =
	"UPDATE reviewers SET checks ="
	" '檢視「臺中市政府資訊機房設備移（攜）出入申請單」第1頁是否填寫有誤，如填妥則給予「資產編號」；彙整管制人員(管理者)意見'"
	" WHERE role = 'admin' AND checks ="
	" '檢視申請單第1頁是否填寫有誤，給予資產編號；彙整管制人員意見';"
	"UPDATE reviewers SET checks ="
	" '檢視「資訊系統上線作業紀錄表」及相關資安檢測報告是否符合ISMS規定'"
	" WHERE role = 'security' AND checks ="
	" '檢視資訊系統上線作業紀錄表及資安檢測報告是否符合ISMS規定';"
	"UPDATE reviewers SET checks ="
	" '檢視「臺中市政府主機設備網路連線申請單」、「臺中市政府SSLVPN網路連線維護申請單」等相關文件/條件是否符合ISMS規定'"
	" WHERE role = 'network' AND checks ="
	" '檢視主機設備網路連線申請單、SSLVPN網路連線維護申請單';"
	"UPDATE reviewers SET checks ="
	" '檢視「資訊系統上線作業紀錄表」防毒軟體安裝及掃描結果'"
	" WHERE role = 'antivirus' AND checks ="
	" '檢視防毒軟體安裝及掃描結果';"
	"UPDATE reviewers SET checks ="
	" '檢視「資訊系統上線作業紀錄表」端點軟體安裝及回報情形'"
	" WHERE role = 'mdr' AND checks ="
	" '檢視端點軟體安裝及回報情形';"
	"UPDATE reviewers SET checks ="
	" '檢視「資訊系統上線作業紀錄表」VANS軟體安裝情形'"
	" WHERE role = 'vans' AND checks ="
	" '檢視VANS軟體安裝情形';";

/* Migration 4 → 5: the service.  applications gains the draft state (its
 * CHECK and the status trigger change, so the table is rebuilt — foreign
 * keys are off around the migration, see migrate) and a version; history the
 * account that acted; users, sessions and login_failures are new.  Written
 * out here, not taken from schema.sql, so that a later schema cannot change
 * what this step does. */
static const char migrate_5[] =
	"PRAGMA legacy_alter_table = ON;"
	"CREATE TABLE applications_v5 ("
	" id TEXT PRIMARY KEY,"
	" agency_id INTEGER NOT NULL REFERENCES agencies(id),"
	" applicant_name TEXT, applicant_title TEXT, applicant_phone TEXT, applicant_ext TEXT,"
	" applicant_fax TEXT, applicant_email TEXT,"
	" letter_date TEXT, letter_doc_no TEXT, letter_urgency TEXT, letter_attachments TEXT,"
	" move_kind TEXT, system_name TEXT, reason TEXT, planned_date TEXT, planned_time TEXT,"
	" vendor_name TEXT, vendor_tax_id TEXT, vendor_engineer TEXT, vendor_phone TEXT,"
	" front_sealed INTEGER, front_original INTEGER,"
	" network_filed INTEGER, network_from TEXT, network_to TEXT,"
	" vpn_filed INTEGER, vpn_from TEXT, vpn_to TEXT, vpn_reason TEXT,"
	" bureau_asset_no TEXT, bureau_coordination TEXT, bureau_vm_location TEXT,"
	" bureau_admin_account TEXT,"
	" status TEXT NOT NULL DEFAULT 'received'"
	"  CHECK (status IN ('draft','received','incomplete','returned','under_review','approved')),"
	" imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	" version INTEGER NOT NULL DEFAULT 1);"
	"INSERT INTO applications_v5 SELECT *, 1 FROM applications;"
	"DROP TABLE applications;"
	"ALTER TABLE applications_v5 RENAME TO applications;"
	"PRAGMA legacy_alter_table = OFF;"
	"CREATE TRIGGER applications_status_moves BEFORE UPDATE OF status ON applications"
	" WHEN OLD.status <> NEW.status AND NOT ("
	"  (OLD.status = 'draft' AND NEW.status = 'received')"
	"  OR (OLD.status = 'received' AND NEW.status IN ('incomplete', 'under_review', 'returned'))"
	"  OR (OLD.status = 'incomplete' AND NEW.status IN ('under_review', 'returned'))"
	"  OR (OLD.status = 'under_review' AND NEW.status IN ('incomplete', 'returned', 'approved')))"
	" BEGIN SELECT RAISE(ABORT, 'illegal status change'); END;"
	"CREATE TRIGGER applications_keep_approved BEFORE DELETE ON applications"
	" WHEN OLD.status = 'approved'"
	" BEGIN SELECT RAISE(ABORT, 'an approved application cannot be replaced or deleted'); END;"
	"ALTER TABLE history ADD COLUMN account TEXT;"
	"CREATE TABLE users (name TEXT PRIMARY KEY, display TEXT NOT NULL DEFAULT '',"
	" roles TEXT NOT NULL, agency TEXT, hash TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE TABLE sessions (token_hash TEXT PRIMARY KEY,"
	" user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, csrf TEXT NOT NULL,"
	" created INTEGER NOT NULL, seen INTEGER NOT NULL, addr TEXT);"
	"CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX login_failures_key ON login_failures(key, at);"
	"CREATE INDEX sessions_user ON sessions(user);";

/* After the rebuild of migration 5: every child row still has its parent. */
static int foreign_keys_ok(gw_db *db, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, "PRAGMA foreign_key_check", err)) < 0)
		return rc;
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		rc = gw_err_set(err, GW_EDB, "%s: migration to schema 5: table %s has a row whose "
				"parent is missing", db->path, sqlite3_column_text(st, 0));
	else if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "migration to schema 5", err);
	sqlite3_finalize(st);
	return rc;
}

/* 6 → 7: bureau.code, empty; a column already there is left as it is. */
static int migrate_7(gw_db *db, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc, have;

	if ((rc = gw_db_prepare(&st, db, "SELECT 1 FROM pragma_table_info('bureau') WHERE name = "
				"'code'", err)) < 0)
		return rc;
	have = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return have ? 0 : gw_db_exec(db, "ALTER TABLE bureau ADD COLUMN code TEXT NOT NULL "
				     "DEFAULT ''", err);
}

/* Bring the schema to GW_SCHEMA_VERSION.  Each step i→i+1 is one entry; the
 * whole migration is one transaction, so a crash leaves the old version. */
static int migrate(gw_db *db, gw_err *err)
{
	int v = 0, rc;

	if ((rc = user_version(db, &v, err)) < 0)
		return rc;
	if (v == GW_SCHEMA_VERSION)
		return 0;
	if (v > GW_SCHEMA_VERSION)
		return gw_err_set(err, GW_EDB, "%s: schema version %d is newer than this gongwen (%d)",
				  db->path, v, GW_SCHEMA_VERSION);
	/* Step 5 rebuilds applications: its children must not follow it
	 * (ON DELETE CASCADE); the pragma is a no-op inside a transaction. */
	if (v < 5 && (rc = gw_db_exec(db, "PRAGMA foreign_keys = OFF", err)) < 0)
		return rc;
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	/* Someone else may have migrated while we waited for the lock. */
	if ((rc = user_version(db, &v, err)) < 0)
		goto done;
	if (v == 0 && (rc = gw_db_exec(db, gw_schema_sql, err)) < 0)
		goto done;
	/* v == 0 got the current schema above; an older database takes each
	 * step after its version.  Future: if (v != 0 && v < 8) { … } */
	if (v != 0 && v < 2 && (rc = gw_db_migrate_documents(db, err)) < 0)
		goto done;
	if (v != 0 && v < 3 && (rc = gw_db_exec(db, migrate_3, err)) < 0)
		goto done;
	/* 3 → 4: the bureau's e-mail for its letters' sender block (none yet). */
	if (v != 0 && v < 4 &&
	    (rc = gw_db_exec(db, "ALTER TABLE bureau ADD COLUMN email TEXT NOT NULL DEFAULT ''",
			     err)) < 0)
		goto done;
	if (v != 0 && v < 5 &&
	    ((rc = gw_db_exec(db, migrate_5, err)) < 0 || (rc = foreign_keys_ok(db, err)) < 0))
		goto done;
	/* 5 → 6: attachments (data_attach.c) and the bureau's settings for them. */
	if (v != 0 && v < 6 && (rc = gw_db_migrate_attachments(db, err)) < 0)
		goto done;
	/* 6 → 7: the bureau's 機關代碼 for its letters' DI files (none yet). */
	if (v != 0 && v < 7 && (rc = migrate_7(db, err)) < 0)
		goto done;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", GW_SCHEMA_VERSION);
	if ((rc = gw_db_exec(db, sql, err)) < 0)
		goto done;
	rc = gw_db_commit(db, err);
done:
	if (rc < 0)
		gw_db_rollback(db);
	/* Foreign keys back on (step 5 turned them off). */
	if (sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK &&
	    rc == 0)
		rc = gw_db_fail(db, "cannot enable foreign keys", err);
	return rc;
}

/* "shell:LOGIN" for history rows written from the command line: $USER
 * when it is a plain name (getpwuid is not used: glibc's NSS can crash when
 * an allocation fails), else the user id. */
static char *shell_account(void)
{
	const char *u = getenv("USER");
	size_t n = u ? strlen(u) : 0;

	for (size_t i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' && u[i] <= 'Z') ||
		      (u[i] >= '0' && u[i] <= '9') || u[i] == '.' || u[i] == '_' || u[i] == '-'))
			n = 0;
	if (n == 0 || n > 32)
		return xasprintf("shell:uid%d", (int)geteuid());
	return xasprintf("shell:%s", u);
}

int gw_db_open(gw_db **out, const char *path, gw_err *err)
{
	gw_db *db = xcalloc(1, sizeof *db);
	int rc = 0;

	*out = NULL;
	db->path = xstrdup(path);
	db->account = shell_account();
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = gw_err_set(err, GW_EDB, "%s: cannot open database: %s", path,
				db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(db->h, 15000);
	sqlite3_extended_result_codes(db->h, 1);
	if ((rc = gw_db_exec(db, "PRAGMA foreign_keys = ON", err)) < 0)
		goto done;
	/* journal_mode=WAL is persistent; setting it again is cheap. */
	if (sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK &&
	    sqlite3_errcode(db->h) != SQLITE_BUSY) {
		rc = gw_db_fail(db, "cannot use this file as a database", err);
		goto done;
	}
	if ((rc = gw_db_exec(db, "PRAGMA synchronous = NORMAL", err)) < 0)
		goto done;
	if ((rc = migrate(db, err)) == 0)
		rc = gw_db_attach_open_sweep(db, err); /* a crashed attach or detach */
done:
	if (rc < 0)
		gw_db_free(db);
	else
		*out = db;
	return rc;
}

void gw_db_free(gw_db *db)
{
	if (db == NULL)
		return;
	gw_db_rollback(db);
	for (int i = 0; i < db->nkept; i++)
		sqlite3_finalize(db->kept[i].st);
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db->account);
	free(db);
}

void gw_db_checkpoint_later(gw_db *db)
{
	sqlite3_wal_autocheckpoint(db->h, 0);
}

int gw_db_checkpoint(gw_db *db, gw_err *err)
{
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return gw_db_fail(db, "checkpoint", err);
	return 0;
}

void gw_db_set_account(gw_db *db, const char *account)
{
	free(db->account);
	db->account = xstrdup(account);
}

/* ==== Import ==== */

/* Bind JSON value v (string, integer, boolean, or absent) to parameter i. */
static void bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
	if (v == NULL || json_is_null(v))
		sqlite3_bind_null(st, i);
	else if (json_is_string(v))
		sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v),
				  SQLITE_TRANSIENT);
	else if (json_is_boolean(v))
		sqlite3_bind_int(st, i, json_is_true(v));
	else if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else
		sqlite3_bind_null(st, i);
}

/* Look up a dotted path ("move.vendor.name") in obj; NULL when absent. */
static const json_t *get(const json_t *obj, const char *path)
{
	char key[64];

	while (obj && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_is_object(obj) ? json_object_get(obj, key) : NULL;
		path += n + (dot != NULL);
	}
	return obj;
}

/* Run an INSERT whose parameters come, in order, from the dotted paths in
 * cols (relative to obj); the first nfixed parameters are bound by the caller. */
static int insert(gw_db *db, sqlite3_stmt *st, const json_t *obj, const char *const *cols,
		  int nfixed, gw_err *err)
{
	int i = nfixed + 1;

	for (const char *const *c = cols; *c; c++)
		bind_json(st, i++, get(obj, *c));
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : gw_db_fail(db, "cannot store", err);
	sqlite3_reset(st);
	return rc;
}

static const char *const agency_cols[] = {"code", "name", "short_name", "unit", "address",
	"head_title", "head_name", NULL};
static const char *const app_cols[] = {"id", "applicant.name", "applicant.title",
	"applicant.phone", "applicant.ext", "applicant.fax", "applicant.email", "letter.date",
	"letter.doc_no", "letter.urgency", "letter.attachments", "move.kind", "move.system_name",
	"move.reason", "move.planned_date", "move.planned_time", "move.vendor.name",
	"move.vendor.tax_id", "move.vendor.engineer", "move.vendor.phone", "form_front.sealed",
	"form_front.original", "network.filed", "network.period.from", "network.period.to",
	"vpn.filed", "vpn.period.from", "vpn.period.to", "vpn.reason", "bureau.asset_no",
	"bureau.coordination", "bureau.vm_location", "bureau.admin_account", NULL};
static const char *const device_cols[] = {"seq", "type", "name", "hostname", "brand", "model",
	"serial", "qty", "rack_units", "power", "os", "os_version", "database", "software",
	"purpose", "public_website", "large_public_site", "needs_ip.internal", "needs_ip.external",
	"maintainer", "warranty_until", "golive_record", NULL};
static const char *const sw_cols[] = {"installed", "evidence", NULL};
static const char *const report_cols[] = {"kind", "date", "tool", "critical", "high", "medium",
	"low", NULL};
static const char *const rule_cols[] = {"source", "destination", "port", "protocol", "purpose",
	NULL};
static const char *const account_cols[] = {"name", "company", "email", "mobile", NULL};
static const char *const target_cols[] = {"host", "port", "protocol", NULL};

/* Insert the rows of array arr into table (app_id, pos, cols…). */
static int insert_list(gw_db *db, const char *table, const char *const *cols, const char *id,
		       const json_t *arr, gw_err *err)
{
	gw_buf sql;
	sqlite3_stmt *st = NULL;
	int rc = 0, n = 0;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return 0;
	gw_buf_init(&sql);
	gw_buf_printf(&sql, "INSERT INTO %s VALUES (?, ?", table);
	for (const char *const *c = cols; *c; c++, n++)
		gw_buf_adds(&sql, ", ?");
	gw_buf_adds(&sql, ")");
	if ((rc = gw_db_prepare(&st, db, sql.data, err)) < 0)
		goto done;
	for (size_t i = 0; i < json_array_size(arr) && rc == 0; i++) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		rc = insert(db, st, json_array_get(arr, i), cols, 2, err);
	}
done:
	sqlite3_finalize(st);
	gw_buf_dispose(&sql);
	return rc;
}

static int insert_devices(gw_db *db, const char *id, const json_t *devs, gw_err *err)
{
	sqlite3_stmt *dst = NULL, *sst = NULL, *rst = NULL;
	int rc;

	if (!json_is_array(devs))
		return 0;
	if ((rc = gw_db_prepare(&dst, db, "INSERT INTO devices VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,"
				    "?,?,?,?,?,?,?,?,?,?,?)", err)) < 0 ||
	    (rc = gw_db_prepare(&sst, db, "INSERT INTO security_software VALUES (?,?,?,?,?)",
				err)) < 0 ||
	    (rc = gw_db_prepare(&rst, db, "INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?)",
				err)) < 0)
		goto done;
	for (size_t i = 0; i < json_array_size(devs) && rc == 0; i++) {
		const json_t *d = json_array_get(devs, i);
		sqlite3_bind_text(dst, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(dst, 2, (sqlite3_int64)i);
		if ((rc = insert(db, dst, d, device_cols, 2, err)) < 0)
			break;
		const json_t *sw = get(d, "security_software");
		static const char *const kinds[] = {"antivirus", "mdr", "vans"};
		for (int k = 0; k < 3 && rc == 0 && json_is_object(sw); k++) {
			const json_t *one = json_object_get(sw, kinds[k]);
			if (!json_is_object(one))
				continue;
			sqlite3_bind_text(sst, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(sst, 2, (sqlite3_int64)i);
			sqlite3_bind_text(sst, 3, kinds[k], -1, SQLITE_STATIC);
			rc = insert(db, sst, one, sw_cols, 3, err);
		}
		const json_t *reps = get(d, "reports");
		for (size_t r = 0; rc == 0 && r < json_array_size(reps); r++) {
			sqlite3_bind_text(rst, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(rst, 2, (sqlite3_int64)i);
			sqlite3_bind_int64(rst, 3, (sqlite3_int64)r);
			rc = insert(db, rst, json_array_get(reps, r), report_cols, 3, err);
		}
	}
done:
	sqlite3_finalize(dst);
	sqlite3_finalize(sst);
	sqlite3_finalize(rst);
	return rc;
}

static int app_exists(gw_db *db, const char *id, int *exists, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, "SELECT 1 FROM applications WHERE id = ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW || s == SQLITE_DONE)
		*exists = s == SQLITE_ROW;
	else
		rc = gw_db_fail(db, "cannot look up application", err);
	sqlite3_finalize(st);
	return rc;
}

/* Insert one validated application; the caller holds the transaction.
 * status: NULL for the default (received); version: 0 for the default (1). */
static int import_one(gw_db *db, const json_t *app, int replace, const char *status,
		      long long version, gw_err *err)
{
	const char *id = json_string_value(json_object_get(app, "id"));
	sqlite3_stmt *st = NULL;
	int rc, exists = 0;

	if ((rc = app_exists(db, id, &exists, err)) < 0)
		return rc;
	if (exists && !replace)
		return gw_err_set(err, GW_EDATA,
				  "application %s is already in the store (use --replace)", id);
	if (exists) {
		sqlite3_stmt *del;
		if ((rc = gw_db_prepare(&del, db, "DELETE FROM applications WHERE id = ?", err)) < 0)
			return rc;
		sqlite3_bind_text(del, 1, id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = gw_db_fail(db, "cannot replace application", err);
		sqlite3_finalize(del);
		if (rc < 0)
			return rc;
	}
	if ((rc = gw_db_prepare(&st, db, "INSERT INTO agencies (code, name, short_name, unit, "
				"address, head_title, head_name) VALUES (?,?,?,?,?,?,?)", err)) < 0)
		goto done;
	const json_t *agency = json_object_get(app, "agency");
	if ((rc = insert(db, st, json_is_object(agency) ? agency : NULL, agency_cols, 0, err)) < 0)
		goto done;
	sqlite3_finalize(st);
	st = NULL;
	gw_buf sql;
	gw_buf_init(&sql);
	gw_buf_adds(&sql, "INSERT INTO applications (agency_id, id, applicant_name, applicant_title, "
		    "applicant_phone, applicant_ext, applicant_fax, applicant_email, letter_date, "
		    "letter_doc_no, letter_urgency, letter_attachments, move_kind, system_name, reason, "
		    "planned_date, planned_time, vendor_name, vendor_tax_id, vendor_engineer, "
		    "vendor_phone, front_sealed, front_original, network_filed, network_from, "
		    "network_to, vpn_filed, vpn_from, vpn_to, vpn_reason, bureau_asset_no, "
		    "bureau_coordination, bureau_vm_location, bureau_admin_account, status, version) "
		    "VALUES (last_insert_rowid()");
	for (const char *const *c = app_cols; *c; c++)
		gw_buf_adds(&sql, ",?");
	gw_buf_adds(&sql, ",?,?)");
	rc = gw_db_prepare(&st, db, sql.data, err);
	gw_buf_dispose(&sql);
	if (rc < 0)
		goto done;
	/* status and version are the last two columns, bound by position. */
	int ncols = 0;
	while (app_cols[ncols])
		ncols++;
	sqlite3_bind_text(st, ncols + 1, status ? status : "received", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, ncols + 2, version > 0 ? version : 1);
	if ((rc = insert(db, st, app, app_cols, 0, err)) < 0)
		goto done;
	if ((rc = insert_devices(db, id, json_object_get(app, "devices"), err)) < 0 ||
	    (rc = insert_list(db, "network_rules", rule_cols, id, get(app, "network.rules"),
			      err)) < 0 ||
	    (rc = insert_list(db, "vpn_accounts", account_cols, id, get(app, "vpn.accounts"),
			      err)) < 0 ||
	    (rc = insert_list(db, "vpn_targets", target_cols, id, get(app, "vpn.targets"), err)) < 0)
		goto done;
	if (status == NULL) /* the service records its own actions (gw_db_app_*) */
		rc = gw_db_history(db, id, "applicant", exists ? "replace" : "import", NULL, err);
done:
	sqlite3_finalize(st);
	return rc;
}

int gw_db_import_all(gw_db *db, const json_t *apps, int replace, int *failed_index, gw_err *err)
{
	return gw_db_import_files(db, apps, NULL, replace, NULL, failed_index, err);
}

int gw_db_import_files(gw_db *db, const json_t *apps, const char *const *bases, int replace,
		       const char *by, int *failed_index, gw_err *err)
{
	gw_attach_batch **files = xcalloc(json_array_size(apps) + 1, sizeof *files);
	int rc = 0, committed = 0;
	size_t i;

	*failed_index = -1;
	for (i = 0; i < json_array_size(apps); i++) {
		if ((rc = gw_app_validate(json_array_get(apps, i), err)) < 0) {
			*failed_index = (int)i;
			goto done;
		}
		/* The same id twice in one file would silently keep the last. */
		const char *id = json_string_value(json_object_get(json_array_get(apps, i), "id"));
		for (size_t j = 0; j < i; j++)
			if (strcmp(id, json_string_value(json_object_get(json_array_get(apps, j),
									  "id"))) == 0) {
				*failed_index = (int)i;
				rc = gw_err_set(err, GW_EDATA, "id: \"%s\" appears twice", id);
				goto done;
			}
	}
	/* The files each application names: checked and staged before the
	 * transaction (nothing is locked while they are read). */
	for (i = 0; i < json_array_size(apps); i++) {
		const json_t *app = json_array_get(apps, i);
		if (!gw_attach_names_files(app))
			continue;
		if (bases == NULL) {
			*failed_index = (int)i;
			rc = gw_err_set(err, GW_EDATA, "the application names files; attach them with "
					"gongwen attach, or import the JSON file that names them");
			goto done;
		}
		if ((rc = gw_db_attach_load(&files[i], db, app, bases[i], err)) < 0) {
			*failed_index = (int)i;
			goto done;
		}
	}
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	for (i = 0; i < json_array_size(apps) && rc == 0; i++) {
		const json_t *app = json_array_get(apps, i);
		if ((rc = import_one(db, app, replace, NULL, 0, err)) < 0 ||
		    (rc = gw_db_attach_place(db, json_string_value(json_object_get(app, "id")),
					     files[i], by ? by : "applicant", err)) < 0)
			*failed_index = (int)i;
	}
	if (rc == 0 && (rc = gw_db_commit(db, err)) == 0)
		committed = 1;
	else if (rc < 0 && sqlite3_get_autocommit(db->h)) {
		db->in_tx = 0; /* COMMIT failed and SQLite rolled back: the sweep decides */
		committed = -1;
	}
	if (rc < 0 && db->in_tx) {
		for (i = 0; i < json_array_size(apps); i++)
			gw_db_attach_abort(files[i]);
		gw_db_rollback(db);
	}
done:
	for (i = 0; i < json_array_size(apps); i++)
		gw_db_attach_batch_free(files[i], committed);
	free(files);
	return rc;
}

int gw_db_import(gw_db *db, const json_t *app, int replace, gw_err *err)
{
	json_t *one = json_array();
	int idx;

	json_array_append(one, (json_t *)app);
	int rc = gw_db_import_all(db, one, replace, &idx, err);
	json_decref(one);
	return rc;
}

/* ==== Drafts and versions (the service) ==== */

/* status and version of application id (*status: caller frees). */
int gw_db_app_version(long long *version, char **status, gw_db *db, const char *id,
		      gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (status)
		*status = NULL;
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT status, version FROM applications WHERE id = ?",
				     err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		if (status)
			*status = xstrdup((const char *)sqlite3_column_text(st, 0));
		*version = sqlite3_column_int64(st, 1);
	} else if (s == SQLITE_DONE) {
		rc = gw_err_set(err, GW_ENOTFOUND, "%s: no application with id \"%s\"", db->path, id);
	} else {
		rc = gw_db_fail(db, "cannot read application", err);
	}
	gw_db_done(st);
	return rc;
}

int gw_db_app_create(gw_db *db, const json_t *app, gw_err *err)
{
	const char *id;
	int rc, exists = 0;

	if ((rc = gw_app_validate(app, err)) < 0)
		return rc;
	id = json_string_value(json_object_get(app, "id"));
	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = app_exists(db, id, &exists, err)) == 0 && exists)
		rc = gw_err_set(err, GW_ESTALE, "application %s is already in the store", id);
	if (rc == 0 && (rc = import_one(db, app, 0, "draft", 1, err)) == 0)
		rc = gw_db_history(db, id, "clerk", "create", "draft", err);
	if (rc == 0)
		rc = gw_db_commit(db, err);
	if (rc < 0)
		gw_db_rollback(db);
	return rc;
}

int gw_db_app_save(long long *out_version, gw_db *db, const char *id, const json_t *app,
		   const json_t *device_map, long long if_version, gw_err *err)
{
	gw_attach_trash *trash = NULL;
	char *status = NULL;
	long long version = 0;
	int rc;

	if ((rc = gw_app_validate(app, err)) < 0)
		return rc;
	if (strcmp(json_string_value(json_object_get(app, "id")), id) != 0)
		return gw_err_set(err, GW_EDATA, "id: \"%s\" is not the application saved (%s)",
				  json_string_value(json_object_get(app, "id")), id);
	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = gw_db_app_version(&version, &status, db, id, err)) < 0)
		goto done;
	if (version != if_version) {
		rc = gw_err_set(err, GW_ESTALE, "application %s: version %lld is stale (now %lld): "
				"someone else saved it first", id, if_version, version);
		goto done;
	}
	if (strcmp(status, "draft") != 0 && strcmp(status, "returned") != 0) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is %s: only a draft or a returned "
				"application can be changed", id, status);
		goto done;
	}
	/* The attachments follow their devices before the devices are rewritten
	 * (attachments have no foreign key to them). */
	if (device_map && (rc = gw_db_attach_remap(db, id, device_map, json_object_get(app, "devices"),
						   "clerk", &trash, err)) < 0)
		goto done;
	if ((rc = import_one(db, app, 1, "draft", version + 1, err)) < 0)
		goto done;
	char *detail = xasprintf("version %lld%s", version + 1,
				 strcmp(status, "returned") == 0 ? "; returned → draft" : "");
	rc = gw_db_history(db, id, "clerk", "save", detail, err);
	free(detail);
	if (rc == 0 && (rc = gw_db_commit(db, err)) == 0 && out_version)
		*out_version = version + 1;
done:
	if (rc < 0)
		gw_db_rollback(db);
	gw_attach_trash_done(trash, rc == 0);
	free(status);
	return rc;
}

int gw_db_app_submit(long long *out_version, gw_db *db, const char *id, gw_err *err)
{
	char *status = NULL;
	long long version = 0;
	json_t *app = NULL;
	gw_rules *r = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = gw_db_app_version(&version, &status, db, id, err)) < 0)
		goto done;
	if (strcmp(status, "draft") != 0) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is %s: only a draft can be submitted",
				id, status);
		goto done;
	}
	if ((rc = gw_db_app(&app, db, id, err)) < 0 || (rc = gw_db_check(&r, db, id, app, err)) < 0)
		goto done;
	if (r->n) {
		rc = gw_err_set(err, GW_ERULES, "application %s fails the check (%zu rule(s)): %s",
				id, r->n, r->fail[0].message);
		goto done;
	}
	if ((rc = gw_db_prepare(&st, db, "UPDATE applications SET status = 'received', "
				"version = version + 1 WHERE id = ?", err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot submit the application", err);
		goto done;
	}
	if ((rc = gw_db_history(db, id, "clerk", "submit", "draft → received", err)) == 0 &&
	    (rc = gw_db_commit(db, err)) == 0 && out_version)
		*out_version = version + 1;
done:
	if (rc < 0)
		gw_db_rollback(db);
	sqlite3_finalize(st);
	gw_rules_free(r);
	json_decref(app);
	free(status);
	return rc;
}

/* ==== Reading ==== */

static int one_text(char **out, gw_db *db, const char *sql, const char *id, const char *what,
		    gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = gw_db_prepare_kept(&st, db, sql, err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (s == SQLITE_DONE)
		rc = gw_err_set(err, GW_ENOTFOUND, "%s: no application with id \"%s\"", db->path, id);
	else
		rc = gw_db_fail(db, what, err);
	gw_db_done(st);
	return rc;
}

int gw_db_app(json_t **out, gw_db *db, const char *id, gw_err *err)
{
	char *text;
	json_error_t je;
	int rc;

	*out = NULL;
	if ((rc = one_text(&text, db, "SELECT json FROM application_json WHERE id = ?", id,
			   "cannot read application", err)) < 0)
		return rc;
	*out = json_loads(text, 0, &je);
	if (*out == NULL)
		rc = gw_err_set(err, GW_EDB, "%s: application %s: stored JSON unreadable: %s", db->path,
				id, je.text);
	free(text);
	return rc;
}

int gw_db_app_status(char **out, gw_db *db, const char *id, gw_err *err)
{
	return one_text(out, db, "SELECT status FROM applications WHERE id = ?", id,
			"cannot read application", err);
}

int gw_db_app_agency(char **out, gw_db *db, const char *id, gw_err *err)
{
	return one_text(out, db, "SELECT coalesce(g.name, '') FROM applications a JOIN agencies g "
			"ON g.id = a.agency_id WHERE a.id = ?", id, "cannot read application", err);
}

int gw_db_query_json(gw_db *db, const char *sql,
		     int (*fn)(void *ctx, const char *json, int row), void *ctx, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s, row = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return gw_err_set(err, GW_EUSAGE, "--sql: %s", sqlite3_errmsg(db->h));
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		return gw_err_set(err, GW_EUSAGE, "--sql: only a read-only query is allowed");
	}
	rc = 0;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		if ((rc = fn(ctx, text ? text : "null", row++)) != 0)
			break;
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = gw_err_set(err, GW_EUSAGE, "--sql: %s", sqlite3_errmsg(db->h));
	sqlite3_finalize(st);
	return rc;
}

int gw_db_list(gw_db *db, void (*fn)(void *ctx, const char *const cols[5]), void *ctx,
	       gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT a.id, coalesce(g.name, ''), "
				     "coalesce(a.system_name, ''), coalesce(a.planned_date, ''), "
				     "a.status FROM applications a JOIN agencies g ON g.id = "
				     "a.agency_id ORDER BY a.id", err)) < 0)
		return rc;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cols[5];
		for (int i = 0; i < 5; i++)
			cols[i] = (const char *)sqlite3_column_text(st, i);
		fn(ctx, cols);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot list applications", err);
	gw_db_done(st);
	return rc;
}

int gw_db_history(gw_db *db, const char *app_id, const char *role, const char *action,
		  const char *detail, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare_kept(&st, db, "INSERT INTO history (app_id, role, action, detail, "
				"account) VALUES (?, ?, ?, ?, ?)", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 5, db->account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot record history", err);
	gw_db_done(st);
	return rc;
}
