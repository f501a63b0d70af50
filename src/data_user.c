/*
 * data_user.c — the service's accounts, sessions and login throttling in the
 * store (tables users, sessions, login_failures; see data.h), and the
 * service's read-only queries (an application's history).
 *
 * Invariants: a password is kept only as an Argon2id hash (libargon2,
 * OWASP's parameters: 19 MiB, 2 passes, 1 lane); a session token is 256
 * random bits that the store keeps only as their SHA-256, so a copy of the
 * database opens no session; a wrong password costs the same time whether
 * the account exists or not.  Wraps sqlite3 (through data_int.h) and
 * libargon2.
 */
#include "data_int.h"

#include <argon2.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define ARGON_T 2
#define ARGON_M 19456 /* KiB */
#define ARGON_P 1

static const char *const known_roles[] = {"clerk", "window", "admin", "security", "network",
	"antivirus", "mdr", "vans", "chief", "manager", NULL};

const char *gw_user_role(size_t i)
{
	return i < sizeof known_roles / sizeof known_roles[0] ? known_roles[i] : NULL;
}

/* ==== Checks ==== */

int gw_user_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int gw_user_roles_check(const char *roles, gw_err *err)
{
	const char *p = roles;
	unsigned seen = 0;

	if (*roles == '\0')
		return gw_err_set(err, GW_EUSAGE, "roles: name at least one role");
	while (*p) {
		size_t n = strcspn(p, ",");
		int i;
		for (i = 0; known_roles[i]; i++)
			if (strlen(known_roles[i]) == n && strncmp(known_roles[i], p, n) == 0)
				break;
		if (known_roles[i] == NULL)
			return gw_err_set(err, GW_EUSAGE, "roles: unknown role \"%.*s\" (clerk, window, "
					  "admin, security, network, antivirus, mdr, vans, chief, "
					  "manager)", (int)(n > 40 ? 40 : n), p);
		if (seen & 1u << i)
			return gw_err_set(err, GW_EUSAGE, "roles: \"%s\" named twice", known_roles[i]);
		seen |= 1u << i;
		p += n;
		if (*p == ',' && *++p == '\0')
			return gw_err_set(err, GW_EUSAGE, "roles: a list ends with a role, not ','");
	}
	return 0;
}

int gw_user_has_role(const char *roles, const char *role)
{
	size_t n = strlen(role);
	for (const char *p = roles; p && *p;) {
		size_t m = strcspn(p, ",");
		if (m == n && strncmp(p, role, n) == 0)
			return 1;
		p += m + (p[m] == ',');
	}
	return 0;
}

int gw_user_password_check(const char *pw, gw_err *err)
{
	size_t chars = 0;
	const char *p = pw, *end = pw + strlen(pw);

	while (p < end) {
		int32_t c = gw_utf8_next(&p, end);
		if (c < 0)
			return gw_err_set(err, GW_EDATA, "password: not valid UTF-8");
		if (c < 0x20 || c == 0x7f)
			return gw_err_set(err, GW_EDATA, "password: no control characters");
		chars++;
	}
	if (chars < 12)
		return gw_err_set(err, GW_EDATA, "password: at least 12 characters (has %zu)", chars);
	if (end - pw > 256)
		return gw_err_set(err, GW_EDATA, "password: at most 256 bytes");
	return 0;
}

/* Display names and agencies: one line of text, at most 100 bytes. */
static int text_ok(const char *what, const char *s, gw_err *err)
{
	size_t at;
	const char *bad = gw_utf8_xml_invalid(s, strlen(s), &at);
	if (bad)
		return gw_err_set(err, GW_EDATA, "%s: %s at byte %zu", what, bad, at);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return gw_err_set(err, GW_EDATA, "%s: one line without control characters", what);
	if (strlen(s) > 200)
		return gw_err_set(err, GW_EDATA, "%s: at most 200 bytes", what);
	return 0;
}

/* ==== Hashes and random tokens ==== */

/* At most ARGON_AT_ONCE hashes at once (each takes 19 MiB for ~30 ms): a
 * flood of logins queues here instead of taking the memory. */
#define ARGON_AT_ONCE 2
static pthread_mutex_t argon_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t argon_cv = PTHREAD_COND_INITIALIZER;
static int argon_busy;

static void argon_enter(void)
{
	pthread_mutex_lock(&argon_mu);
	while (argon_busy >= ARGON_AT_ONCE)
		pthread_cond_wait(&argon_cv, &argon_mu);
	argon_busy++;
	pthread_mutex_unlock(&argon_mu);
}

static void argon_leave(void)
{
	pthread_mutex_lock(&argon_mu);
	argon_busy--;
	pthread_cond_signal(&argon_cv);
	pthread_mutex_unlock(&argon_mu);
}

static int hash_password(char *out, size_t cap, const char *pw, gw_err *err)
{
	unsigned char salt[16];

	if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt)
		return gw_err_set(err, GW_EIO, "getrandom: %s", strerror(errno));
	argon_enter();
	int rc = argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, pw, strlen(pw), salt, sizeof salt,
				       32, out, cap);
	argon_leave();
	if (rc != ARGON2_OK)
		return gw_err_set(err, GW_EIO, "argon2id: %s", argon2_error_message(rc));
	return 0;
}

int gw_random_hex(char *out, size_t nbytes)
{
	unsigned char b[64];
	static const char hex[] = "0123456789abcdef";

	if (nbytes > sizeof b || getrandom(b, nbytes, 0) != (ssize_t)nbytes)
		return -1;
	for (size_t i = 0; i < nbytes; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * nbytes] = '\0';
	return 0;
}

/* ==== Accounts ==== */

static int step_done(gw_db *db, sqlite3_stmt *st, const char *what, gw_err *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : gw_db_fail(db, what, err);
	sqlite3_finalize(st);
	return rc;
}

int gw_db_user_add(gw_db *db, const char *name, const char *roles, const char *agency,
		   const char *display, const char *password, gw_err *err)
{
	char hash[256];
	sqlite3_stmt *st = NULL;
	int rc;

	if (!gw_user_name_ok(name))
		return gw_err_set(err, GW_EUSAGE, "\"%.64s\" is not a usable account name (1-64 of "
				  "a-z 0-9 . _ -)", name);
	if ((rc = gw_user_roles_check(roles, err)) < 0 ||
	    (agency && (rc = text_ok("agency", agency, err)) < 0) ||
	    (display && (rc = text_ok("display", display, err)) < 0) ||
	    (rc = gw_user_password_check(password, err)) < 0)
		return rc;
	if (gw_user_has_role(roles, "clerk") && (agency == NULL || *agency == '\0'))
		return gw_err_set(err, GW_EUSAGE, "a clerk needs --agency (the agency.name of its "
				  "applications)");
	if ((rc = hash_password(hash, sizeof hash, password, err)) < 0)
		return rc;
	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = gw_db_prepare(&st, db, "INSERT INTO users (name, display, roles, agency, hash) "
				"VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, display ? display : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, roles, -1, SQLITE_TRANSIENT);
	if (agency && *agency)
		sqlite3_bind_text(st, 4, agency, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hash, -1, SQLITE_TRANSIENT);
	rc = step_done(db, st, "cannot add the account", err);
	if (rc == 0 && sqlite3_changes(db->h) == 0)
		rc = gw_err_set(err, GW_ESTALE, "account %s already exists", name);
	char *detail = xasprintf("%s: roles %s%s%s", name, roles, agency ? ", agency " : "",
				 agency ? agency : "");
	if (rc == 0)
		rc = gw_db_history(db, NULL, "manager", "user-add", detail, err);
	free(detail);
	if (rc == 0)
		rc = gw_db_commit(db, err);
done:
	if (rc < 0)
		gw_db_rollback(db);
	return rc;
}

/* UPDATE users SET … for one account, ending its sessions when asked; one
 * history row.  GW_ENOTFOUND for an unknown account. */
static int user_update(gw_db *db, const char *name, const char *sql, const char *v1,
		       int end_sessions, const char *detail, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	if ((rc = gw_db_prepare(&st, db, sql, err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, v1, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(db, st, "cannot change the account", err)) < 0)
		goto done;
	if (sqlite3_changes(db->h) == 0) {
		rc = gw_err_set(err, GW_ENOTFOUND, "%s: no account \"%s\"", db->path, name);
		goto done;
	}
	if (end_sessions) {
		if ((rc = gw_db_prepare(&st, db, "DELETE FROM sessions WHERE user = ?", err)) < 0)
			goto done;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		if ((rc = step_done(db, st, "cannot end the account's sessions", err)) < 0)
			goto done;
	}
	if ((rc = gw_db_history(db, NULL, "manager", "user", detail, err)) == 0)
		rc = gw_db_commit(db, err);
done:
	if (rc < 0)
		gw_db_rollback(db);
	return rc;
}

int gw_db_user_passwd(gw_db *db, const char *name, const char *password, gw_err *err)
{
	char hash[256];
	int rc;

	if ((rc = gw_user_password_check(password, err)) < 0 ||
	    (rc = hash_password(hash, sizeof hash, password, err)) < 0)
		return rc;
	char *detail = xasprintf("%s: password changed; sessions ended", name);
	rc = user_update(db, name, "UPDATE users SET hash = ? WHERE name = ?", hash, 1, detail, err);
	free(detail);
	return rc;
}

int gw_db_user_disable(gw_db *db, const char *name, int disabled, gw_err *err)
{
	char *detail = xasprintf("%s: %s", name, disabled ? "disabled; sessions ended" : "enabled");
	int rc = user_update(db, name, "UPDATE users SET disabled = ? WHERE name = ?",
			     disabled ? "1" : "0", disabled, detail, err);
	free(detail);
	return rc;
}

int gw_db_user_roles(gw_db *db, const char *name, const char *roles, const char *agency,
		     gw_err *err)
{
	int rc;

	if ((rc = gw_user_roles_check(roles, err)) < 0 ||
	    (agency && (rc = text_ok("agency", agency, err)) < 0))
		return rc;
	json_t *u = NULL;
	if ((rc = gw_db_user(&u, db, name, err)) < 0)
		return rc;
	const char *cur = json_string_value(json_object_get(u, "agency"));
	if (gw_user_has_role(roles, "clerk") && !(agency && *agency) && !(cur && *cur)) {
		json_decref(u);
		return gw_err_set(err, GW_EUSAGE, "a clerk needs --agency (the agency.name of its "
				  "applications)");
	}
	json_decref(u);
	char *detail = xasprintf("%s: roles %s%s%s; sessions ended", name, roles,
				 agency ? ", agency " : "", agency ? agency : "");
	rc = user_update(db, name, "UPDATE users SET roles = ? WHERE name = ?", roles, 1, detail,
			 err);
	free(detail);
	if (rc == 0 && agency) {
		char *d2 = xasprintf("%s: agency %s", name, agency);
		rc = user_update(db, name, "UPDATE users SET agency = nullif(?, '') WHERE name = ?",
				 agency, 0, d2, err);
		free(d2);
	}
	return rc;
}

static json_t *user_row(sqlite3_stmt *st)
{
	const char *agency = (const char *)sqlite3_column_text(st, 3);
	json_t *roles = json_array();
	const char *p = (const char *)sqlite3_column_text(st, 2);
	while (p && *p) {
		size_t n = strcspn(p, ",");
		json_array_append_new(roles, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:b, s:s}", "name", sqlite3_column_text(st, 0),
			 "display", sqlite3_column_text(st, 1), "roles", roles, "agency",
			 agency ? json_string(agency) : json_null(), "disabled",
			 sqlite3_column_int(st, 4), "created", sqlite3_column_text(st, 5));
}

int gw_db_users(json_t **out, gw_db *db, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = json_array();
	if ((rc = gw_db_prepare(&st, db, "SELECT name, display, roles, agency, disabled, created "
				"FROM users ORDER BY name", err)) < 0)
		return rc;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, user_row(st));
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot list accounts", err);
	sqlite3_finalize(st);
	return rc;
}

int gw_db_user(json_t **out, gw_db *db, const char *name, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = NULL;
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT name, display, roles, agency, disabled, "
				     "created FROM users WHERE name = ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if ((s = sqlite3_step(st)) == SQLITE_ROW)
		*out = user_row(st);
	else if (s == SQLITE_DONE)
		rc = gw_err_set(err, GW_ENOTFOUND, "%s: no account \"%s\"", db->path, name);
	else
		rc = gw_db_fail(db, "cannot read the account", err);
	gw_db_done(st);
	return rc;
}

/* ==== Login, sessions ==== */

static long long now_s(void)
{
	return (long long)time(NULL);
}

static int count_failures(long long *out, gw_db *db, const char *key, long long since,
			  gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_prepare_kept(&st, db, "SELECT count(*) FROM login_failures WHERE key = ? "
				     "AND at > ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = gw_db_fail(db, "cannot read login failures", err);
	gw_db_done(st);
	return rc;
}

static int record_failure(gw_db *db, const char *ukey, const char *akey, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = gw_db_begin(db, err)) < 0)
		return rc;
	for (int i = 0; i < 2 && rc == 0; i++) {
		if ((rc = gw_db_prepare_kept(&st, db, "INSERT INTO login_failures (key, at) VALUES "
					     "(?, ?)", err)) < 0)
			break;
		sqlite3_bind_text(st, 1, i ? akey : ukey, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, now_s());
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = gw_db_fail(db, "cannot record a login failure", err);
		gw_db_done(st);
	}
	if (rc == 0)
		rc = gw_db_exec(db, "DELETE FROM login_failures WHERE at < strftime('%s','now') - 86400",
				err);
	if (rc == 0)
		rc = gw_db_commit(db, err);
	if (rc < 0)
		gw_db_rollback(db);
	return rc;
}

/* The session's public part: {"user","display","roles","agency","csrf"}. */
static int session_who(json_t **out, gw_db *db, const char *user, const char *csrf,
		       gw_err *err)
{
	int rc = gw_db_user(out, db, user, err);
	if (rc == 0) {
		json_object_set(*out, "user", json_object_get(*out, "name"));
		json_object_del(*out, "name");
		json_object_del(*out, "created");
		json_object_del(*out, "disabled");
		json_object_set_new(*out, "csrf", json_string(csrf));
	}
	return rc;
}

static long session_idle = GW_SESSION_IDLE;

void gw_db_session_idle(long seconds)
{
	session_idle = seconds;
}

int gw_db_login(json_t **who, char token[65], gw_db *db, const char *user, const char *password,
		const char *addr, gw_err *err)
{
	static const char dummy[] =
		"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"Tm90IGEgcmVhbCBoYXNoLCBvbmx5IGZvciB0aW1pbmcuLi4";
	sqlite3_stmt *st = NULL;
	char *hash = NULL, *ukey, *akey, csrf[65], th[65];
	long long nu = 0, na = 0, since = now_s() - GW_LOGIN_WINDOW;
	int rc, disabled = 1;

	*who = NULL;
	token[0] = '\0';
	ukey = xasprintf("user:%.64s", user);
	akey = xasprintf("addr:%.64s", addr ? addr : "");
	if ((rc = count_failures(&nu, db, ukey, since, err)) < 0 ||
	    (rc = count_failures(&na, db, akey, since, err)) < 0)
		goto done;
	if (nu >= GW_LOGIN_MAX_USER || na >= GW_LOGIN_MAX_ADDR) {
		rc = gw_err_set(err, GW_ELIMIT, "login of %.64s from %s: %lld failures in %d minutes "
				"(throttled)", user, addr ? addr : "?", nu >= GW_LOGIN_MAX_USER ? nu : na,
				GW_LOGIN_WINDOW / 60);
		goto done;
	}
	if ((rc = gw_db_prepare(&st, db, "SELECT hash, disabled FROM users WHERE name = ?",
				err)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		hash = xstrdup((const char *)sqlite3_column_text(st, 0));
		disabled = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* The same work for an unknown account as for a wrong password. */
	argon_enter();
	int ok = argon2id_verify(hash ? hash : dummy, password, strlen(password)) == ARGON2_OK;
	argon_leave();
	if (!ok || !hash || disabled) {
		if ((rc = record_failure(db, ukey, akey, err)) == 0)
			rc = gw_err_set(err, GW_EAUTH, "login of %.64s from %s: %s", user,
					addr ? addr : "?", !hash ? "no such account"
					: !ok ? "wrong password" : "account disabled");
		goto done;
	}
	if (gw_random_hex(token, 32) < 0 || gw_random_hex(csrf, 32) < 0) {
		rc = gw_err_set(err, GW_EIO, "getrandom: %s", strerror(errno));
		goto done;
	}
	gw_sha256_hex(th, token, 64);
	if ((rc = gw_db_begin(db, err)) < 0)
		goto done;
	if ((rc = gw_db_prepare(&st, db, "INSERT INTO sessions (token_hash, user, csrf, created, "
				"seen, addr) VALUES (?, ?, ?, ?, ?, ?)", err)) == 0) {
		sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, user, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, now_s());
		sqlite3_bind_int64(st, 5, now_s());
		sqlite3_bind_text(st, 6, addr, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = gw_db_fail(db, "cannot open a session", err);
		sqlite3_finalize(st);
		st = NULL;
	}
	/* A success clears the account's failures; old sessions go. */
	if (rc == 0 && (rc = gw_db_prepare(&st, db, "DELETE FROM login_failures WHERE key = ?",
					   err)) == 0) {
		sqlite3_bind_text(st, 1, ukey, -1, SQLITE_TRANSIENT);
		rc = step_done(db, st, "cannot clear login failures", err);
		st = NULL;
	}
	if (rc == 0) {
		char sql[160];
		snprintf(sql, sizeof sql, "DELETE FROM sessions WHERE seen < %lld OR created < %lld",
			 now_s() - session_idle, now_s() - GW_SESSION_MAX);
		rc = gw_db_exec(db, sql, err);
	}
	if (rc == 0)
		rc = gw_db_commit(db, err);
	if (rc < 0)
		gw_db_rollback(db);
	else
		rc = session_who(who, db, user, csrf, err);
done:
	if (rc < 0)
		token[0] = '\0';
	free(hash);
	free(ukey);
	free(akey);
	return rc;
}

int gw_db_session(json_t **who, gw_db *db, const char *token, gw_err *err)
{
	sqlite3_stmt *st;
	char th[65], *user = NULL, *csrf = NULL;
	long long created = 0, seen = 0, now = now_s();
	int rc, disabled = 1;

	*who = NULL;
	if (strlen(token) != 64)
		return gw_err_set(err, GW_EAUTH, "no session");
	gw_sha256_hex(th, token, 64);
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT s.user, s.csrf, s.created, s.seen, u.disabled "
				     "FROM sessions s JOIN users u ON u.name = s.user "
				     "WHERE s.token_hash = ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		user = xstrdup((const char *)sqlite3_column_text(st, 0));
		csrf = xstrdup((const char *)sqlite3_column_text(st, 1));
		created = sqlite3_column_int64(st, 2);
		seen = sqlite3_column_int64(st, 3);
		disabled = sqlite3_column_int(st, 4);
	} else if (s != SQLITE_DONE) {
		rc = gw_db_fail(db, "cannot read the session", err);
	}
	gw_db_done(st);
	if (rc < 0)
		goto done;
	if (!user || disabled || now - seen > session_idle || now - created > GW_SESSION_MAX) {
		if (user)
			gw_db_logout(db, token, NULL);
		rc = gw_err_set(err, GW_EAUTH, "%s", !user ? "no session" : disabled
					? "account disabled" : now - created > GW_SESSION_MAX
					? "session expired (12 h)" : "session expired (idle)");
		goto done;
	}
	/* The idle clock moves a minute at a time: one write a minute, not
	 * one per request, and only when no one else is writing (a reader
	 * does not queue behind the writers for it; a later request renews)
	 * unless the session is five minutes from its idle limit. */
	if (now - seen >= (session_idle < 600 ? 1 : 60) &&
	    (rc = now - seen < session_idle - 300 ? gw_db_try_begin(db, err)
						     : gw_db_begin(db, err)) != GW_ESTALE) {
		if (rc < 0)
			goto done;
		if ((rc = gw_db_prepare_kept(&st, db, "UPDATE sessions SET seen = ? WHERE token_hash "
					     "= ?", err)) == 0) {
			sqlite3_bind_int64(st, 1, now);
			sqlite3_bind_text(st, 2, th, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = gw_db_fail(db, "cannot renew the session", err);
			gw_db_done(st);
		}
		if (rc == 0)
			rc = gw_db_commit(db, err);
		if (rc < 0) {
			gw_db_rollback(db);
			goto done;
		}
	}
	rc = session_who(who, db, user, csrf, err);
done:
	free(user);
	free(csrf);
	return rc;
}

int gw_db_logout(gw_db *db, const char *token, gw_err *err)
{
	sqlite3_stmt *st;
	char th[65];
	int rc;

	gw_sha256_hex(th, token, strlen(token));
	if ((rc = gw_db_prepare(&st, db, "DELETE FROM sessions WHERE token_hash = ?", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
	return step_done(db, st, "cannot end the session", err);
}

/* ==== The service's queries ==== */

int gw_db_app_history(json_t **out, gw_db *db, const char *id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc, s;

	*out = json_array();
	if ((rc = gw_db_prepare(&st, db, "SELECT CASE WHEN at GLOB '*Z' THEN at ELSE at || 'Z' END, "
				"account, role, action, detail FROM history "
				"WHERE app_id = ? ORDER BY id", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		static const char *const keys[] = {"at", "account", "role", "action", "detail"};
		json_t *row = json_object();
		for (int i = 0; i < 5; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			json_object_set_new(row, keys[i], t ? json_string(t) : json_null());
		}
		json_array_append_new(*out, row);
	}
	if (s != SQLITE_DONE)
		rc = gw_db_fail(db, "cannot read history", err);
	sqlite3_finalize(st);
	return rc;
}

int gw_db_app_stamp(long long *out, gw_db *db, const char *id, gw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	/* Two index lookups (history_app), not a scan of history. */
	if ((rc = gw_db_prepare_kept(&st, db, "SELECT max(coalesce((SELECT max(id) FROM history "
				     "WHERE app_id = ?1 AND action <> 'render'), 0), coalesce((SELECT "
				     "max(id) FROM history WHERE app_id IS NULL AND action = 'bureau'), "
				     "0))", err)) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = gw_db_fail(db, "cannot read history", err);
	gw_db_done(st);
	return rc;
}
