/*
 * data_attach.c — attachments in the store (table attachments, schema 6) and
 * their files on disk: attach, list, detach, the import's files, the sweep,
 * and the rules with what is attached (gw_db_check).
 *
 * Where the files are: <folder of the database>/files/<sha256[0:2]>/<sha256>,
 * one file per content whatever the number of rows naming it, and
 * files/tmp/ for files on their way in or out.
 *
 * Invariants (no orphan row, no lost file):
 * - A file comes in as files/tmp/<pid>-<n>-<sha8>, written and fsync'ed
 *   before any lock is taken.  Then, inside the BEGIN IMMEDIATE transaction
 *   that inserts its row, it is hard-linked to its final name and the folder
 *   synced; the temp name goes only after COMMIT.  A crash before COMMIT
 *   leaves no row and a temp file of a dead process, which tells the next
 *   open to sweep; a crash after leaves the row and its file.
 * - A file goes out (detach) by renaming it to files/tmp/trash-<pid>-<sha>
 *   inside the transaction that deletes its last row; it is unlinked after
 *   COMMIT.  A crash before COMMIT leaves the row and the trash, which the
 *   sweep renames back.
 * - The sweep runs inside BEGIN IMMEDIATE, so no writer is between its file
 *   and its COMMIT: it removes rows whose application is gone, temp files of
 *   dead processes, and final files no row names.  gw_db_open runs it when
 *   files/tmp holds something of a dead process; detach always.
 * - An approved or returned application's attachments are its record: they
 *   cannot change.
 * Wraps sqlite3 (through data_int.h); content checks are attach.c's.
 */
#include "data_int.h"
#include "app.h"
#include "attach.h"
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ==== Places ==== */

/* <folder of the database>/files; malloc'd. */
static char *files_dir(const gw_db *db)
{
	const char *slash = strrchr(db->path, '/');
	if (!slash)
		return xstrdup("files");
	return xasprintf("%.*s/files", (int)(slash - db->path), db->path);
}

char *gw_db_attach_path(const gw_db *db, const char *sha256)
{
	char *dir = files_dir(db), *p = xasprintf("%s/%.2s/%s", dir, sha256, sha256);
	free(dir);
	return p;
}

/* Tests only: GW_CRASH_AT=NAME kills the process at that point, as a power
 * cut would (no cleanup, no atexit). */
static void crash_point(const char *name)
{
	const char *at = getenv("GW_CRASH_AT");
	if (at && strcmp(at, name) == 0)
		raise(SIGKILL);
}

static int sync_dir(const char *dir, gw_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
	if (fd < 0 || fsync(fd) < 0)
		rc = gw_err_set(err, GW_EIO, "%s: cannot sync: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

static int is_hex64(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == 64;
}

/* Is the process that named a temp file still running?  Our own counts. */
static int pid_alive(long pid)
{
	return pid > 0 && (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* ==== Migration 5 → 6 ==== */

/* The attachments table (as data/schema.sql has it) and the bureau's
 * attachment settings, off and at their defaults; a part already there is
 * left as it is.  Inside the migration's transaction. */
int gw_db_migrate_attachments(gw_db *db, gw_err *err)
{
	static const char *const cols[][2] = {
		{"require_attachments", "ALTER TABLE bureau ADD COLUMN require_attachments TEXT NOT "
					"NULL DEFAULT '0'"},
		{"attach_max_file_mb", "ALTER TABLE bureau ADD COLUMN attach_max_file_mb TEXT NOT "
				       "NULL DEFAULT '50'"},
		{"attach_max_app_mb", "ALTER TABLE bureau ADD COLUMN attach_max_app_mb TEXT NOT NULL "
				      "DEFAULT '300'"},
	};
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_exec(db,
		"CREATE TABLE IF NOT EXISTS attachments ("
		" id INTEGER PRIMARY KEY, app_id TEXT NOT NULL, device INTEGER,"
		" kind TEXT NOT NULL CHECK (kind IN ('source_code_scan','host_vuln_scan',"
		"  'web_vuln_scan','pentest','malware_scan','patch_status','antivirus','mdr',"
		"  'vans','golive','other')),"
		" name TEXT NOT NULL,"
		" media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf','image/png',"
		"  'image/jpeg')),"
		" bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, pages INTEGER NOT NULL,"
		" flags TEXT NOT NULL DEFAULT '', added_by TEXT NOT NULL,"
		" added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
		"CREATE UNIQUE INDEX IF NOT EXISTS attachments_item ON attachments(app_id, "
		" coalesce(device, 0), kind, sha256);"
		"CREATE INDEX IF NOT EXISTS attachments_sha ON attachments(sha256);", err)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof cols / sizeof cols[0] && rc == 0; i++) {
		if ((rc = gw_db_prepare(&st, db, "SELECT 1 FROM pragma_table_info('bureau') WHERE "
					"name = ?", err)) < 0)
			break;
		sqlite3_bind_text(st, 1, cols[i][0], -1, SQLITE_STATIC);
		int have = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!have)
			rc = gw_db_exec(db, cols[i][1], err);
	}
	return rc;
}

/* ==== Settings ==== */

typedef struct settings {
	int require;
	long long max_file, max_app; /* bytes */
} settings;

static int read_settings(settings *out, gw_db *db, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT require_attachments, attach_max_file_mb, "
				"attach_max_app_mb FROM bureau WHERE id = 1", err)) < 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->require = sqlite3_column_int(st, 0) == 1;
		out->max_file = sqlite3_column_int64(st, 1) << 20;
		out->max_app = sqlite3_column_int64(st, 2) << 20;
	} else {
		rc = gw_err_set(err, GW_EDB, "%s: table bureau is empty (run gongwen init)", db->path);
	}
	gw_db_done(st);
	return rc;
}

int gw_db_attach_limits(long long *max_file, long long *max_app, gw_db *db, gw_err *err)
{
	settings s;
	int rc = read_settings(&s, db, err);
	if (rc == 0) {
		*max_file = s.max_file;
		*max_app = s.max_app;
	}
	return rc;
}

/* Read a file to attach, refusing one over the per-file limit before
 * reading it. */
static int read_limited(char **out, size_t *len, const char *path, const settings *set,
			gw_err *err)
{
	struct stat st;

	*out = NULL;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > set->max_file)
		return gw_err_set(err, GW_ELIMIT, "%s: %lld bytes, more than the limit of %lld MB a "
				  "file (bureau.attach_max_file_mb)", path, (long long)st.st_size,
				  set->max_file >> 20);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return gw_err_set(err, GW_EDATA, "%s: not a regular file", path);
	return gw_file_read(out, len, path, (size_t)set->max_file, err);
}

int gw_db_attach_read(char **out, size_t *len, gw_db *db, const char *path, gw_err *err)
{
	settings set;
	int rc = read_settings(&set, db, err);
	if (rc == 0)
		rc = read_limited(out, len, path, &set, err);
	return rc;
}

/* ==== Staging: files on their way in ==== */

typedef struct staged {
	int device;             /* seq; 0 = the whole application */
	char *kind, *name, *tmp, *final;
	char *where;            /* the JSON path that named it (import), or NULL */
	gw_attach_info info;
	long long bytes;
	int tmp_slot;
	int linked;             /* we created the final name (unlink if we abort) */
	long long row;          /* its row id once placed (or the existing one) */
	int existed;            /* the same file was already attached to the item */
} staged;

struct gw_attach_batch {
	staged *s;
	size_t n, cap;
};

static unsigned long tmp_counter;

/* Inspect data and write it to files/tmp (synced).  Nothing is locked. */
static int stage(gw_attach_batch *b, gw_db *db, int device, const char *kind, const char *name,
		 const void *data, size_t len, const settings *set, gw_err *err)
{
	staged s = {0};
	char *dir = files_dir(db), *tmpdir = xasprintf("%s/tmp", dir);
	int rc = 0;

	s.tmp_slot = -1;
	if (!gw_attach_kind_ok(kind)) {
		rc = gw_err_set(err, GW_EUSAGE, "unknown kind \"%s\" (kinds: %s)", kind,
				gw_attach_kinds());
		goto done;
	}
	if (gw_attach_kind_needs_device(kind) && device <= 0) {
		rc = gw_err_set(err, GW_EUSAGE, "%s: a %s belongs to a device: name its seq "
				"(--device N)", name, kind);
		goto done;
	}
	s.name = gw_attach_clean_name(name);
	if ((long long)len > set->max_file) {
		s.info.refusal = GW_ATTACH_TOO_LARGE;
		rc = gw_err_set(err, GW_ELIMIT, "%s: %zu bytes, more than the limit of %lld MB a "
				"file (bureau.attach_max_file_mb)", s.name, len, set->max_file >> 20);
		goto done;
	}
	if ((rc = gw_attach_inspect(&s.info, s.name, data, len, err)) < 0)
		goto done;
	if ((rc = gw_mkdirs(tmpdir, err)) < 0)
		goto done;
	unsigned long n = __atomic_fetch_add(&tmp_counter, 1, __ATOMIC_RELAXED);
	s.tmp = xasprintf("%s/%ld-%lu-%.8s", tmpdir, (long)getpid(), n, s.info.sha256);
	s.final = gw_db_attach_path(db, s.info.sha256);
	/* Written and synced under a temp name of its own, then renamed to
	 * s.tmp, which a signal still removes (registered) and the sweep
	 * removes once this process is gone. */
	if ((rc = gw_file_write_atomic(s.tmp, data, len, err)) < 0) {
		free(s.tmp);
		s.tmp = NULL;
		goto done;
	}
	s.tmp_slot = gw_tmp_register(s.tmp);
	s.device = device;
	s.kind = xstrdup(kind);
	s.bytes = (long long)len;
done:
	if (rc < 0) {
		if (s.tmp) {
			unlink(s.tmp);
			gw_tmp_unregister(s.tmp_slot);
		}
		free(s.tmp);
		free(s.final);
		free(s.name);
	} else {
		if (b->n == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 8;
			b->s = xrealloc(b->s, b->cap * sizeof *b->s);
		}
		b->s[b->n++] = s;
	}
	free(dir);
	free(tmpdir);
	return rc;
}

/* After COMMIT (committed) or after a failed one: the temp names go, except
 * after a failed COMMIT, when they stay for the sweep (the rows' fate is
 * unknown).  Frees the batch. */
static void batch_free(gw_attach_batch *b, int committed)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		staged *s = &b->s[i];
		if (s->tmp && committed >= 0)
			unlink(s->tmp);
		gw_tmp_unregister(s->tmp_slot);
		free(s->tmp);
		free(s->final);
		free(s->kind);
		free(s->name);
		free(s->where);
	}
	free(b->s);
	free(b);
}

/* Inside the transaction, before ROLLBACK: the final names we created go. */
static void batch_unlink_ours(gw_attach_batch *b)
{
	for (size_t i = 0; b && i < b->n; i++)
		if (b->s[i].linked) {
			unlink(b->s[i].final);
			b->s[i].linked = 0;
		}
}

/* ==== Placing rows (inside the caller's transaction) ==== */

static int app_status(char **out, gw_db *db, const char *app_id, gw_err *err)
{
	int rc = gw_db_app_status(out, db, app_id, err);
	if (rc == 0 && (strcmp(*out, "approved") == 0 || strcmp(*out, "returned") == 0)) {
		rc = gw_err_set(err, GW_ESTATE, "application %s is %s: its attachments are part of "
				"the record and cannot change", app_id, *out);
	}
	return rc;
}

static int device_exists(int *out, gw_db *db, const char *app_id, int seq, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT 1 FROM devices WHERE app_id = ? AND "
				"coalesce(seq, pos + 1) = ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, seq);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW || s == SQLITE_DONE)
		*out = s == SQLITE_ROW;
	else
		rc = gw_db_fail(db, "cannot look up the device", err);
	gw_db_done(st);
	return rc;
}

static long long existing_row(gw_db *db, const char *app_id, const staged *s)
{
	sqlite3_stmt *st;
	long long id = 0;

	if (gw_db_prepare_kept(&st, db, "SELECT id FROM attachments WHERE app_id = ? AND "
			       "coalesce(device, 0) = ? AND kind = ? AND sha256 = ?", NULL) < 0)
		return -1;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, s->device);
	sqlite3_bind_text(st, 3, s->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, s->info.sha256, -1, SQLITE_TRANSIENT);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE)
		id = -1;
	gw_db_done(st);
	return id;
}

/* Bytes the application's files take (each content once). */
static int app_bytes(long long *out, gw_db *db, const char *app_id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT coalesce(sum(bytes), 0) FROM (SELECT DISTINCT "
				"sha256, bytes FROM attachments WHERE app_id = ?)", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = gw_db_fail(db, "cannot sum the attachments", err);
	gw_db_done(st);
	return rc;
}

static int sha_in_app(gw_db *db, const char *app_id, const char *sha)
{
	sqlite3_stmt *st;
	int found = 0;

	if (gw_db_prepare_kept(&st, db, "SELECT 1 FROM attachments WHERE app_id = ? AND sha256 = ?",
			       NULL) < 0)
		return 0;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	gw_db_done(st);
	return found;
}

/* Link each staged file to its final name and insert its row and a history
 * row; the caller holds the transaction and commits or rolls back (calling
 * batch_unlink_ours first). */
static int place(gw_db *db, const char *app_id, gw_attach_batch *b, const char *by,
		 const settings *set, gw_err *err)
{
	sqlite3_stmt *st = NULL;
	char *status = NULL;
	long long total = 0;
	int rc;

	if (b->n == 0)
		return 0;
	if ((rc = app_status(&status, db, app_id, err)) < 0 ||
	    (rc = app_bytes(&total, db, app_id, err)) < 0)
		goto done;
	for (size_t i = 0; i < b->n && rc == 0; i++) {
		staged *s = &b->s[i];
		const char *where = s->where ? s->where : s->name;
		int exists = 1;
		if (s->device > 0 && (rc = device_exists(&exists, db, app_id, s->device, err)) < 0)
			break;
		if (!exists) {
			rc = gw_err_set(err, GW_EDATA, "%s: application %s has no device %d", where,
					app_id, s->device);
			break;
		}
		if ((s->row = existing_row(db, app_id, s)) < 0) {
			rc = gw_db_fail(db, "cannot look up attachments", err);
			break;
		}
		if (s->row > 0) {
			s->existed = 1; /* the same file for the same item: once */
			continue;
		}
		int new_content = !sha_in_app(db, app_id, s->info.sha256);
		if (new_content && total + s->bytes > set->max_app) {
			s->info.refusal = GW_ATTACH_TOO_LARGE;
			rc = gw_err_set(err, GW_ELIMIT, "%s: application %s would hold %lld MB of "
					"attachments, more than the limit of %lld MB "
					"(bureau.attach_max_app_mb)", where, app_id,
					(total + s->bytes + (1 << 20) - 1) >> 20, set->max_app >> 20);
			break;
		}
		/* The file first, synced; then its row. */
		char *sub = xstrdup(s->final);
		*strrchr(sub, '/') = '\0';
		if ((rc = gw_mkdirs(sub, err)) == 0) {
			if (link(s->tmp, s->final) == 0)
				s->linked = 1;
			else if (errno != EEXIST)
				rc = gw_err_set(err, GW_EIO, "%s: cannot store: %s", s->final,
						strerror(errno));
			if (rc == 0)
				rc = sync_dir(sub, err);
		}
		free(sub);
		if (rc < 0)
			break;
		crash_point("attach-file");
		if ((rc = gw_db_prepare_kept(&st, db, "INSERT INTO attachments (app_id, device, kind, "
					"name, media_type, bytes, sha256, pages, flags, added_by) "
					"VALUES (?,?,?,?,?,?,?,?,?,?)", err)) < 0)
			break;
		const char *account = db->account ? db->account : "unknown";
		gw_buf flags;
		gw_buf_init(&flags);
		gw_attach_flags_text(&flags, s->info.flags);
		sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
		if (s->device > 0)
			sqlite3_bind_int(st, 2, s->device);
		sqlite3_bind_text(st, 3, s->kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, s->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, s->info.media_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, s->bytes);
		sqlite3_bind_text(st, 7, s->info.sha256, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 8, s->info.pages);
		sqlite3_bind_text(st, 9, flags.data, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, account, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = gw_db_fail(db, "cannot store the attachment", err);
		else
			s->row = sqlite3_last_insert_rowid(db->h);
		gw_db_done(st);
		st = NULL;
		if (rc == 0) {
			if (new_content)
				total += s->bytes;
			char dev[32] = "";
			if (s->device > 0)
				snprintf(dev, sizeof dev, "device %d ", s->device);
			char *detail = xasprintf("#%lld %s%s: %s (%s, %lld bytes, sha256 %s%s%s)",
						 s->row, dev, s->kind, s->name, s->info.media_type,
						 s->bytes, s->info.sha256,
						 flags.len ? "; flagged " : "", flags.data);
			rc = gw_db_history(db, app_id, by ? by : "applicant", "attach", detail, err);
			free(detail);
		}
		gw_buf_dispose(&flags);
	}
done:
	free(status);
	return rc;
}

/* ==== The sweep ==== */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does files/tmp hold anything of a process that is gone? */
static int tmp_has_dead(const char *tmpdir)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		const char *p = e->d_name;
		if (p[0] == '.')
			continue;
		if (strncmp(p, "trash-", 6) == 0)
			p += 6;
		found = !pid_alive(strtol(p, NULL, 10));
	}
	closedir(d);
	return found;
}

/* The sweep itself; the caller holds the transaction. */
static int sweep_locked(gw_db *db, int *out_removed, gw_err *err)
{
	char *dir = files_dir(db), *tmpdir = xasprintf("%s/tmp", dir);
	char **named = NULL;
	size_t nnamed = 0, cap = 0;
	sqlite3_stmt *st = NULL;
	int rc = 0, removed = 0;
	DIR *d = NULL;
	struct dirent *e;

	if ((rc = gw_db_exec(db, "DELETE FROM attachments WHERE app_id NOT IN "
			     "(SELECT id FROM applications)", err)) < 0)
		goto done;
	if ((rc = gw_db_prepare(&st, db, "SELECT DISTINCT sha256 FROM attachments ORDER BY 1",
				err)) < 0)
		goto done;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (nnamed == cap) {
			cap = cap ? 2 * cap : 256;
			named = xrealloc(named, cap * sizeof *named);
		}
		named[nnamed++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	st = NULL;
	qsort(named, nnamed, sizeof *named, cmp_str);
#define NAMED(sha) (bsearch(&(const char *){sha}, named, nnamed, sizeof *named, cmp_str) != NULL)
	/* files/tmp: what dead processes left. */
	if ((d = opendir(tmpdir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			const char *p = e->d_name;
			int trash = strncmp(p, "trash-", 6) == 0;
			if (p[0] == '.')
				continue;
			char *end;
			long pid = strtol(trash ? p + 6 : p, &end, 10);
			if (pid_alive(pid))
				continue;
			char *path = xasprintf("%s/%s", tmpdir, p);
			const char *sha = trash && *end == '-' ? end + 1 : "";
			if (trash && is_hex64(sha) && NAMED(sha)) {
				/* A detach that did not commit: its row is still there. */
				char *final = gw_db_attach_path(db, sha);
				if (access(final, F_OK) != 0 && rename(path, final) == 0) {
					free(final);
					free(path);
					continue;
				}
				free(final);
			}
			unlink(path);
			removed++;
			free(path);
		}
		closedir(d);
		d = NULL;
	}
	/* files/xx/<sha256>: what no row names. */
	for (int i = 0; i < 256; i++) {
		char *sub = xasprintf("%s/%02x", dir, i);
		if ((d = opendir(sub)) != NULL) {
			while ((e = readdir(d)) != NULL) {
				if (!is_hex64(e->d_name) || NAMED(e->d_name))
					continue;
				char *path = xasprintf("%s/%s", sub, e->d_name);
				if (unlink(path) == 0)
					removed++;
				free(path);
			}
			closedir(d);
			d = NULL;
		}
		free(sub);
	}
#undef NAMED
done:
	for (size_t i = 0; i < nnamed; i++)
		free(named[i]);
	free(named);
	free(dir);
	free(tmpdir);
	if (out_removed)
		*out_removed = removed;
	return rc;
}

int gw_db_attach_sweep(gw_db *db, int *out_removed, gw_err *err)
{
	int rc;

	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = sweep_locked(db, out_removed, err)) == 0)
		rc = gw_db_commit(db, err);
	if (rc < 0)
		gw_db_rollback(db);
	return rc;
}

int gw_db_attach_open_sweep(gw_db *db, gw_err *err)
{
	char *dir = files_dir(db), *tmpdir = xasprintf("%s/tmp", dir);
	int rc = 0;

	if (tmp_has_dead(tmpdir))
		rc = gw_db_attach_sweep(db, NULL, err);
	free(dir);
	free(tmpdir);
	return rc;
}

/* ==== Attach, list, detach ==== */

static json_t *row_json(gw_db *db, sqlite3_stmt *st)
{
	json_t *o = json_object(), *flags = json_array();
	const char *f = (const char *)sqlite3_column_text(st, 9);
	const char *sha = (const char *)sqlite3_column_text(st, 7);

	json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
	json_object_set_new(o, "device", sqlite3_column_type(st, 2) == SQLITE_NULL
						 ? json_null()
						 : json_integer(sqlite3_column_int(st, 2)));
	json_object_set_new(o, "kind", json_string((const char *)sqlite3_column_text(st, 3)));
	json_object_set_new(o, "title",
			    json_string(gw_attach_kind_title((const char *)sqlite3_column_text(st, 3))));
	json_object_set_new(o, "name", json_string((const char *)sqlite3_column_text(st, 4)));
	json_object_set_new(o, "media_type", json_string((const char *)sqlite3_column_text(st, 5)));
	json_object_set_new(o, "bytes", json_integer(sqlite3_column_int64(st, 6)));
	json_object_set_new(o, "sha256", json_string(sha));
	json_object_set_new(o, "pages", json_integer(sqlite3_column_int(st, 8)));
	for (const char *p = f; p && *p;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		json_array_append_new(flags, json_stringn(p, n));
		p += n + (c != NULL);
	}
	json_object_set_new(o, "flags", flags);
	json_object_set_new(o, "added_by", json_string((const char *)sqlite3_column_text(st, 10)));
	json_object_set_new(o, "added_at", json_string((const char *)sqlite3_column_text(st, 11)));
	char *path = gw_db_attach_path(db, sha);
	json_object_set_new(o, "path", json_string(path));
	free(path);
	return o;
}

#define ROW_COLS "id, app_id, device, kind, name, media_type, bytes, sha256, pages, flags, " \
		 "added_by, added_at"

int gw_db_attachments(json_t **out, gw_db *db, const char *app_id, gw_err *err)
{
	sqlite3_stmt *st;
	char *status = NULL;
	int rc, s;

	*out = NULL;
	if ((rc = gw_db_app_status(&status, db, app_id, err)) < 0)
		return rc;
	free(status);
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT " ROW_COLS " FROM attachments WHERE app_id = ? "
				"ORDER BY coalesce(device, 1000000000), CASE kind "
				"WHEN 'golive' THEN 2 WHEN 'other' THEN 3 ELSE 1 END, id", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	*out = json_array();
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, row_json(db, st));
	if (s != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot list attachments", err);
		json_decref(*out);
		*out = NULL;
	}
	gw_db_done(st);
	return rc;
}

static int row_by_id(json_t **out, gw_db *db, long long id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT " ROW_COLS " FROM attachments WHERE id = ?",
				err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = row_json(db, st);
	else
		rc = gw_db_fail(db, "cannot read the attachment", err);
	gw_db_done(st);
	return rc;
}

int gw_db_attach(json_t **out, gw_db *db, const char *app_id, int device, const char *kind,
		 const char *name, const void *data, size_t len, const char *by, gw_err *err)
{
	gw_attach_batch *b = xcalloc(1, sizeof *b);
	settings set;
	char *status = NULL;
	int rc, committed = 0;

	if (out)
		*out = NULL;
	/* Cheap refusals before reading anything: a missing or final application. */
	if ((rc = app_status(&status, db, app_id, err)) < 0 ||
	    (rc = read_settings(&set, db, err)) < 0 ||
	    (rc = stage(b, db, device, kind, name, data, len, &set, err)) < 0)
		goto done;
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	if ((rc = place(db, app_id, b, by, &set, err)) == 0 && (rc = gw_db_commit(db, err)) == 0) {
		committed = 1;
	} else if (sqlite3_get_autocommit(db->h)) {
		db->in_tx = 0; /* COMMIT failed and SQLite rolled back: the sweep decides */
		committed = -1;
	} else {
		batch_unlink_ours(b);
		gw_db_rollback(db);
	}
	if (rc == 0 && out) {
		rc = row_by_id(out, db, b->s[0].row, err);
		if (rc == 0)
			json_object_set_new(*out, "existed", json_boolean(b->s[0].existed));
	}
done:
	free(status);
	batch_free(b, committed);
	return rc;
}

/* Rows of app_id that `which` names: an id, or a sha256 (at least 8 hex
 * digits of its start). */
static int find_rows(json_t **out, gw_db *db, const char *app_id, const char *which, gw_err *err)
{
	sqlite3_stmt *st;
	size_t n = strlen(which);
	int rc, s, by_id = n > 0 && n <= 18 && strspn(which, "0123456789") == n;
	int by_sha = n >= 8 && n <= 64 && strspn(which, "0123456789abcdef") == n;

	*out = NULL;
	if (!by_id && !by_sha)
		return gw_err_set(err, GW_EUSAGE, "\"%s\" names no attachment: give its number or "
				  "its sha256 (at least 8 hex digits)", which);
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT " ROW_COLS " FROM attachments WHERE app_id = ? "
				"AND (id = ?2 OR (?3 AND substr(sha256, 1, length(?4)) = ?4)) "
				"ORDER BY id", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, by_id ? strtoll(which, NULL, 10) : -1);
	sqlite3_bind_int(st, 3, by_sha);
	sqlite3_bind_text(st, 4, which, -1, SQLITE_TRANSIENT);
	*out = json_array();
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, row_json(db, st));
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot look up attachments", err);
	else if (json_array_size(*out) == 0)
		rc = gw_err_set(err, GW_ENOTFOUND, "application %s has no attachment \"%s\"", app_id,
				which);
	gw_db_done(st);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static int sha_named(gw_db *db, const char *sha)
{
	sqlite3_stmt *st;
	int found = 1; /* when in doubt, keep the file */

	if (gw_db_prepare_kept(&st, db, "SELECT 1 FROM attachments WHERE sha256 = ?", NULL) < 0)
		return 1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_DONE)
		found = 0;
	gw_db_done(st);
	return found;
}

/* Files leaving the store: each renamed to files/tmp/trash-<pid>-<sha> inside
 * the transaction that deletes its last row, then unlinked after COMMIT or
 * put back after a ROLLBACK (gw_attach_trash_done). */
struct gw_attach_trash {
	char **trash, **finals;
	size_t n;
};

void gw_attach_trash_done(gw_attach_trash *t, int committed)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (committed)
			unlink(t->trash[i]);
		else
			rename(t->trash[i], t->finals[i]);
		free(t->trash[i]);
		free(t->finals[i]);
	}
	free(t->trash);
	free(t->finals);
	free(t);
}

/* Delete rows (as find_rows gives them) of app_id, each with a history row
 * "detach"; a file no row names any more goes to *trash (made when NULL).
 * Inside the caller's transaction. */
static int drop_rows(gw_db *db, const char *app_id, const json_t *rows, const char *by,
		     gw_attach_trash **trash, gw_err *err)
{
	char *dir = files_dir(db);
	const json_t *r;
	size_t i;
	int rc = 0;

	if (!*trash)
		*trash = xcalloc(1, sizeof **trash);
	json_array_foreach(rows, i, r) {
		sqlite3_stmt *st;
		long long id = json_integer_value(json_object_get(r, "id"));
		const char *sha = json_string_value(json_object_get(r, "sha256"));
		if ((rc = gw_db_prepare_kept(&st, db, "DELETE FROM attachments WHERE id = ?", err)) < 0)
			break;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = gw_db_fail(db, "cannot remove the attachment", err);
		gw_db_done(st);
		if (rc < 0)
			break;
		const json_t *dev = json_object_get(r, "device");
		char devs[32] = "";
		if (json_is_integer(dev))
			snprintf(devs, sizeof devs, "device %lld ", (long long)json_integer_value(dev));
		char *detail = xasprintf("#%lld %s%s: %s (sha256 %s)", id, devs,
					 json_string_value(json_object_get(r, "kind")),
					 json_string_value(json_object_get(r, "name")), sha);
		rc = gw_db_history(db, app_id, by ? by : "applicant", "detach", detail, err);
		free(detail);
		if (rc < 0)
			break;
		if (sha_named(db, sha))
			continue;
		/* The last row naming the file: the file goes, through the trash. */
		gw_attach_trash *t = *trash;
		char *final = gw_db_attach_path(db, sha);
		char *tp = xasprintf("%s/tmp/trash-%ld-%s", dir, (long)getpid(), sha);
		char *tmpdir = xasprintf("%s/tmp", dir);
		gw_mkdirs(tmpdir, NULL);
		free(tmpdir);
		if (rename(final, tp) == 0) {
			t->trash = xrealloc(t->trash, (t->n + 1) * sizeof *t->trash);
			t->finals = xrealloc(t->finals, (t->n + 1) * sizeof *t->finals);
			t->trash[t->n] = tp;
			t->finals[t->n++] = final;
		} else {
			free(tp);
			free(final);
		}
	}
	free(dir);
	return rc;
}

int gw_db_detach(json_t **out, gw_db *db, const char *app_id, const char *which, const char *by,
		 gw_err *err)
{
	json_t *rows = NULL;
	gw_attach_trash *trash = NULL;
	char *status = NULL;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	if ((rc = app_status(&status, db, app_id, err)) < 0 ||
	    (rc = find_rows(&rows, db, app_id, which, err)) < 0 ||
	    (rc = sweep_locked(db, NULL, err)) < 0 ||
	    (rc = drop_rows(db, app_id, rows, by, &trash, err)) < 0)
		goto done;
	crash_point("detach-trash");
	if ((rc = gw_db_commit(db, err)) < 0)
		goto done; /* the rows may still be there: the files go back */
	gw_attach_trash_done(trash, 1);
	trash = NULL;
	if (out) {
		*out = rows;
		rows = NULL;
	}
done:
	if (rc < 0 && db->in_tx)
		gw_db_rollback(db);
	gw_attach_trash_done(trash, 0);
	free(status);
	json_decref(rows);
	return rc;
}

/* ==== Renumbering: attachments follow their device ==== */

static int dev_seq(const json_t *dev, size_t i);

/* The rows of app_id's device seq. */
static int device_rows(json_t **out, gw_db *db, const char *app_id, int seq, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT " ROW_COLS " FROM attachments WHERE app_id = ? "
				"AND device = ? ORDER BY id", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, seq);
	*out = json_array();
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, row_json(db, st));
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot look up attachments", err);
	gw_db_done(st);
	return rc;
}

size_t gw_attach_device_seqs(int **out, const json_t *devices)
{
	size_t n = json_array_size(devices);

	*out = xcalloc(n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++)
		(*out)[i] = dev_seq(json_array_get(devices, i), i);
	return n;
}

static size_t seq_index(const int *seqs, size_t n, long long seq)
{
	for (size_t i = 0; i < n; i++)
		if (seqs[i] == seq)
			return i;
	return n;
}

/* A fault: the English message for err (field first, as the rest of the
 * store says it) and the Chinese one for the service. */
static int map_fault(gw_app_fault *zh, gw_err *err, const char *field, const char *en,
		     const char *text)
{
	if (zh) {
		snprintf(zh->field, sizeof zh->field, "%s", field);
		snprintf(zh->text, sizeof zh->text, "%s", text);
	}
	return gw_err_set(err, GW_EDATA, "%s: %s", field, en);
}

int gw_attach_map_check(int *to, const json_t *map, const int *old_seqs, size_t nold,
			const int *new_seqs, size_t nnew, gw_app_fault *zh, gw_err *err)
{
	char field[64], en[160], text[256];
	const char *key;
	json_t *v;
	size_t k;

	if (!json_is_object(map))
		return map_fault(zh, err, "device_map", "should be an object {\"OLD SEQ\": NEW SEQ or null}",
				 "設備對照應為物件，例如 {\"1\": 2, \"2\": 1, \"3\": null}");
	for (k = 0; k < nold; k++)
		to[k] = -1;
	json_object_foreach((json_t *)map, key, v) {
		char *end;
		long long from = strtoll(key, &end, 10);
		snprintf(field, sizeof field, "device_map.%.40s", key);
		if (!*key || *end || from < 1 || (k = seq_index(old_seqs, nold, from)) == nold) {
			snprintf(en, sizeof en, "the saved application has no device %.40s", key);
			snprintf(text, sizeof text, "儲存的申請沒有設備「%.40s」（原有 %zu 項設備）", key, nold);
			return map_fault(zh, err, field, en, text);
		}
		if (json_is_null(v)) {
			to[k] = 0;
			continue;
		}
		long long seq = json_is_integer(v) ? json_integer_value(v) : -1;
		if (seq_index(new_seqs, nnew, seq) == nnew) {
			snprintf(en, sizeof en, "should be the seq of a device of the application saved "
				 "(1 to %zu) or null (removed)", nnew);
			snprintf(text, sizeof text, "應為儲存後的設備序號（1 至 %zu）或 null（已刪除）", nnew);
			return map_fault(zh, err, field, en, text);
		}
		for (size_t j = 0; j < nold; j++)
			if (j != k && to[j] == seq) {
				snprintf(en, sizeof en, "device %d and device %lld both become device %lld",
					 old_seqs[j], from, seq);
				snprintf(text, sizeof text, "設備%d 與設備%lld 不能都成為設備%lld", old_seqs[j],
					 from, seq);
				return map_fault(zh, err, field, en, text);
			}
		to[k] = (int)seq;
	}
	for (k = 0; k < nold; k++)
		if (to[k] < 0) {
			snprintf(en, sizeof en, "device %d of the saved application is missing (its new "
				 "seq, or null when removed)", old_seqs[k]);
			snprintf(text, sizeof text, "設備對照缺少原有的設備%d（應寫它的新序號，刪除則為 null）",
				 old_seqs[k]);
			return map_fault(zh, err, "device_map", en, text);
		}
	return 0;
}

/* The stored application's device seqs, in order. */
static int stored_seqs(int **out, size_t *n, gw_db *db, const char *app_id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = NULL;
	*n = 0;
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT coalesce(seq, pos + 1) FROM devices WHERE "
				"app_id = ? ORDER BY pos", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = sqlite3_column_int(st, 0);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read the devices", err);
	gw_db_done(st);
	return rc;
}

static int exec_dev(gw_db *db, const char *sql, const char *app_id, int a, int b, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare(&st, db, sql, err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, app_id, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) == 3) {
		sqlite3_bind_int(st, 2, a);
		sqlite3_bind_int(st, 3, b);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot renumber the attachments", err);
	sqlite3_finalize(st);
	return rc;
}

int gw_db_attach_remap(gw_db *db, const char *app_id, const json_t *map, const json_t *new_devices,
		       const char *by, gw_attach_trash **trash, gw_err *err)
{
	int *old = NULL, *nw = NULL, *to = NULL;
	size_t nold = 0, nnew = 0, k;
	json_t *rows = NULL;
	gw_buf what;
	int rc, same = 1;

	gw_buf_init(&what);
	if ((rc = stored_seqs(&old, &nold, db, app_id, err)) < 0)
		goto done;
	nnew = gw_attach_device_seqs(&nw, new_devices);
	to = xcalloc(nold + 1, sizeof *to);
	if ((rc = gw_attach_map_check(to, map, old, nold, nw, nnew, NULL, err)) < 0)
		goto done;
	for (k = 0; k < nold; k++)
		same = same && to[k] == old[k];
	if (same)
		goto done; /* nothing moves: no history row either */
	/* The devices removed: their rows go as a detach takes them. */
	for (k = 0; k < nold && rc == 0; k++) {
		if (to[k] != 0)
			continue;
		json_decref(rows);
		rows = NULL;
		if ((rc = device_rows(&rows, db, app_id, old[k], err)) == 0)
			rc = drop_rows(db, app_id, rows, by, trash, err);
	}
	/* The others, through negative seqs: a permutation never meets the
	 * unique index (app_id, device, kind, sha256) half done. */
	for (k = 0; k < nold && rc == 0; k++)
		if (to[k] != 0 && to[k] != old[k])
			rc = exec_dev(db, "UPDATE attachments SET device = -?3 WHERE app_id = ?1 AND "
				      "device = ?2", app_id, old[k], to[k], err);
	if (rc == 0)
		rc = exec_dev(db, "UPDATE attachments SET device = -device WHERE app_id = ?1 AND "
			      "device < 0", app_id, 0, 0, err);
	if (rc < 0)
		goto done;
	gw_buf_adds(&what, "devices ");
	for (k = 0; k < nold; k++) {
		if (k)
			gw_buf_adds(&what, ", ");
		if (to[k])
			gw_buf_printf(&what, "%d→%d", old[k], to[k]);
		else
			gw_buf_printf(&what, "%d removed", old[k]);
	}
	rc = gw_db_history(db, app_id, by ? by : "applicant", "renumber", what.data, err);
done:
	gw_buf_dispose(&what);
	json_decref(rows);
	free(old);
	free(nw);
	free(to);
	return rc;
}

/* ==== Import: the files an application names ==== */

static int is_blank(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Read one named file relative to base and stage it. */
static int load_one(gw_attach_batch *b, gw_db *db, const char *base, const char *rel, int device,
		    const char *kind, const char *where, const settings *set, gw_err *err)
{
	char *path, *data = NULL;
	size_t len = 0;
	int rc;

	size_t rn = strlen(rel);
	if (rel[0] == '/' || strcmp(rel, "..") == 0 || strncmp(rel, "../", 3) == 0 ||
	    strstr(rel, "/../") != NULL || (rn >= 3 && strcmp(rel + rn - 3, "/..") == 0) ||
	    strchr(rel, '\\') != NULL)
		return gw_err_set(err, GW_EDATA, "%s: \"%s\": name a file inside the JSON file's "
				  "folder (a relative path without .. or \\)", where, rel);
	path = xasprintf("%s/%s", base, rel);
	if ((rc = read_limited(&data, &len, path, set, err)) < 0) {
		gw_err_prefix(err, "%s: ", where);
	} else if ((rc = stage(b, db, device, kind, path, data, len, set, err)) < 0) {
		gw_err_prefix(err, "%s: ", where);
	} else {
		b->s[b->n - 1].where = xstrdup(where);
		/* Keep the name as the file is called, not the folder it was in. */
	}
	free(data);
	free(path);
	return rc;
}

static int dev_seq(const json_t *dev, size_t i)
{
	const json_t *seq = json_object_get(dev, "seq");
	return json_is_integer(seq) && json_integer_value(seq) > 0 && json_integer_value(seq) < 1000000
		       ? (int)json_integer_value(seq)
		       : (int)i + 1;
}

int gw_attach_names_files(const json_t *app)
{
	const json_t *devs = json_object_get(app, "devices"), *d, *r;
	size_t i, j;

	if (json_array_size(json_object_get(app, "attachments")) > 0)
		return 1;
	json_array_foreach(devs, i, d) {
		if (json_object_get(d, "golive_file"))
			return 1;
		json_array_foreach(json_object_get(d, "reports"), j, r)
			if (json_object_get(r, "file"))
				return 1;
		const json_t *sw = json_object_get(d, "security_software");
		const char *k;
		const json_t *one;
		if (json_is_object(sw))
			json_object_foreach((json_t *)sw, k, one)
				if (json_object_get(one, "file"))
					return 1;
	}
	return 0;
}

int gw_db_attach_load(gw_attach_batch **out, gw_db *db, const json_t *app, const char *base,
		      gw_err *err)
{
	gw_attach_batch *b = xcalloc(1, sizeof *b);
	const json_t *devs = json_object_get(app, "devices"), *d, *r, *a;
	settings set;
	size_t i, j;
	char where[160];
	int rc;

	*out = NULL;
	if ((rc = read_settings(&set, db, err)) < 0)
		goto done;
	json_array_foreach(devs, i, d) {
		int seq = dev_seq(d, i);
		json_array_foreach(json_object_get(d, "reports"), j, r) {
			const char *f = json_string_value(json_object_get(r, "file"));
			const char *kind = json_string_value(json_object_get(r, "kind"));
			if (is_blank(f))
				continue;
			snprintf(where, sizeof where, "devices[%zu].reports[%zu].file", i, j);
			if (is_blank(kind)) {
				rc = gw_err_set(err, GW_EDATA, "%s: the report has no kind", where);
				goto done;
			}
			if ((rc = load_one(b, db, base, f, seq, kind, where, &set, err)) < 0)
				goto done;
		}
		static const char *const sw[] = {"antivirus", "mdr", "vans"};
		for (int k = 0; k < 3; k++) {
			const json_t *one = json_object_get(json_object_get(d, "security_software"), sw[k]);
			const char *f = json_string_value(json_object_get(one, "file"));
			if (is_blank(f))
				continue;
			snprintf(where, sizeof where, "devices[%zu].security_software.%s.file", i, sw[k]);
			if ((rc = load_one(b, db, base, f, seq, sw[k], where, &set, err)) < 0)
				goto done;
		}
		const char *g = json_string_value(json_object_get(d, "golive_file"));
		snprintf(where, sizeof where, "devices[%zu].golive_file", i);
		if (!is_blank(g) && (rc = load_one(b, db, base, g, seq, "golive", where, &set, err)) < 0)
			goto done;
	}
	json_array_foreach(json_object_get(app, "attachments"), i, a) {
		const char *f = json_string_value(json_object_get(a, "file"));
		const char *kind = json_string_value(json_object_get(a, "kind"));
		const json_t *dev = json_object_get(a, "device");
		snprintf(where, sizeof where, "attachments[%zu].file", i);
		if (is_blank(f)) {
			rc = gw_err_set(err, GW_EDATA, "%s: names no file", where);
			goto done;
		}
		if ((rc = load_one(b, db, base, f, json_is_integer(dev) ? (int)json_integer_value(dev) : 0,
				   kind ? kind : "other", where, &set, err)) < 0)
			goto done;
	}
done:
	if (rc < 0)
		batch_free(b, 0);
	else
		*out = b;
	return rc;
}

int gw_db_attach_place(gw_db *db, const char *app_id, gw_attach_batch *b, const char *by,
		       gw_err *err)
{
	settings set;
	int rc;

	if (!b || b->n == 0)
		return 0;
	if ((rc = read_settings(&set, db, err)) < 0)
		return rc;
	return place(db, app_id, b, by, &set, err);
}

void gw_db_attach_abort(gw_attach_batch *b)
{
	batch_unlink_ours(b);
}

void gw_db_attach_batch_free(gw_attach_batch *b, int committed)
{
	batch_free(b, committed);
}

/* ==== The rules with what is attached ==== */

int gw_db_check(gw_rules **out, gw_db *db, const char *app_id, const json_t *app, gw_err *err)
{
	json_t *t = json_copy((json_t *)app), *rows = NULL, *list = json_array(), *r;
	settings set;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = read_settings(&set, db, err)) < 0 ||
	    (rc = gw_db_attachments(&rows, db, app_id, err)) < 0)
		goto done;
	json_array_foreach(rows, i, r)
		json_array_append_new(list, json_pack("{s:O, s:O}", "device",
						      json_object_get(r, "device"), "kind",
						      json_object_get(r, "kind")));
	json_object_set_new(t, "attachments", list);
	list = NULL;
	gw_rules_opts o = {.require_attachments = set.require};
	rc = gw_rules_check_opts(out, t, &o, err);
done:
	json_decref(list);
	json_decref(rows);
	json_decref(t);
	return rc;
}

int gw_db_require_attachments(int *out, gw_db *db, gw_err *err)
{
	settings set;
	int rc = read_settings(&set, db, err);
	*out = rc == 0 && set.require;
	return rc;
}

/* ==== Export: the files back beside the JSON ==== */

static json_t *device_by_seq(json_t *app, int seq)
{
	json_t *d;
	size_t i;

	json_array_foreach(json_object_get(app, "devices"), i, d)
		if (dev_seq(d, i) == seq)
			return d;
	return NULL;
}

/* Put file on the item the row belongs to; 0 when it has no free place. */
static int place_on_item(json_t *app, const json_t *row, const char *file)
{
	const json_t *dv = json_object_get(row, "device");
	const char *kind = json_string_value(json_object_get(row, "kind"));
	json_t *dev = json_is_integer(dv) ? device_by_seq(app, (int)json_integer_value(dv)) : NULL;
	json_t *r;
	size_t i;

	if (!dev)
		return 0;
	if (strcmp(kind, "golive") == 0) {
		if (json_object_get(dev, "golive_file"))
			return 0;
		return json_object_set_new(dev, "golive_file", json_string(file)) == 0;
	}
	if (strcmp(kind, "antivirus") == 0 || strcmp(kind, "mdr") == 0 || strcmp(kind, "vans") == 0) {
		json_t *one = json_object_get(json_object_get(dev, "security_software"), kind);
		if (!json_is_object(one) || json_object_get(one, "file"))
			return 0;
		return json_object_set_new(one, "file", json_string(file)) == 0;
	}
	json_array_foreach(json_object_get(dev, "reports"), i, r) {
		const char *k = json_string_value(json_object_get(r, "kind"));
		if (k && strcmp(k, kind) == 0 && !json_object_get(r, "file"))
			return json_object_set_new(r, "file", json_string(file)) == 0;
	}
	return 0;
}

int gw_db_export_files(char **out_path, gw_db *db, const char *app_id, const char *dir,
		       gw_err *err)
{
	json_t *app = NULL, *rows = NULL, *extra = json_array(), *r;
	char *data = NULL, *json_path = NULL, *text = NULL;
	size_t i, len;
	int rc;

	*out_path = NULL;
	if (!gw_app_id_ok(app_id))
		return gw_err_set(err, GW_EUSAGE, "application id \"%s\" cannot name a file", app_id);
	if ((rc = gw_db_app(&app, db, app_id, err)) < 0 ||
	    (rc = gw_db_attachments(&rows, db, app_id, err)) < 0)
		goto done;
	json_array_foreach(rows, i, r) {
		const char *sha = json_string_value(json_object_get(r, "sha256"));
		char *rel = xasprintf("%s-files/%zu/%s", app_id, i + 1,
				      json_string_value(json_object_get(r, "name")));
		char *path = xasprintf("%s/%s", dir, rel), *sub = xstrdup(path), *src;
		*strrchr(sub, '/') = '\0';
		src = gw_db_attach_path(db, sha);
		char hex[65];
		if ((rc = gw_mkdirs(sub, err)) == 0 &&
		    (rc = gw_file_read(&data, &len, src, (size_t)1 << 32, err)) == 0) {
			gw_sha256_hex(hex, data, len);
			if (strcmp(hex, sha) != 0)
				rc = gw_err_set(err, GW_EIO, "%s: the stored file does not match its "
						"sha256 (the store is damaged)", src);
			else
				rc = gw_file_write_atomic(path, data, len, err);
		}
		free(data);
		data = NULL;
		if (rc == 0 && !place_on_item(app, r, rel)) {
			json_t *e = json_object();
			if (json_is_integer(json_object_get(r, "device")))
				json_object_set(e, "device", json_object_get(r, "device"));
			json_object_set(e, "kind", json_object_get(r, "kind"));
			json_object_set_new(e, "file", json_string(rel));
			json_array_append_new(extra, e);
		}
		free(rel);
		free(path);
		free(sub);
		free(src);
		if (rc < 0)
			goto done;
	}
	if (json_array_size(extra))
		json_object_set(app, "attachments", extra);
	json_path = xasprintf("%s/%s.json", dir, app_id);
	text = json_dumps(app, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_adds(&b, text);
	gw_buf_addc(&b, '\n');
	rc = gw_file_write_atomic(json_path, b.data, b.len, err);
	gw_buf_dispose(&b);
	if (rc == 0) {
		*out_path = json_path;
		json_path = NULL;
	}
done:
	free(text);
	free(json_path);
	json_decref(extra);
	json_decref(rows);
	json_decref(app);
	return rc;
}
