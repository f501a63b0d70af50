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

#define GW_SCHEMA_VERSION 7

typedef struct gw_db gw_db;

/* Open the database at path, creating and migrating it to the current schema
 * when needed.  *out is the caller's, freed with gw_db_free. */
int gw_db_open(gw_db **out, const char *path, gw_err *err);
void gw_db_free(gw_db *db);
/* The account that acts through this connection: every history row written
 * names it (history.account).  Default "shell:LOGIN" (the CLI's user). */
void gw_db_set_account(gw_db *db, const char *account);
/* Writes through db no longer copy the WAL into the database now and then
 * (with its syncs, inside a writer's commit); the caller runs
 * gw_db_checkpoint from a thread of its own instead (the service: once a
 * second).  gw_db_checkpoint never waits for readers or writers. */
void gw_db_checkpoint_later(gw_db *db);
int gw_db_checkpoint(gw_db *db, gw_err *err);

/* Validate and insert one application.  With replace, an existing one with the
 * same id is overwritten; without, it is an error.  All or nothing. */
int gw_db_import(gw_db *db, const json_t *app, int replace, gw_err *err);

/* Import several applications in one transaction: any error changes nothing.
 * *failed_index is the index of the offending element (or -1). */
int gw_db_import_all(gw_db *db, const json_t *apps, int replace, int *failed_index, gw_err *err);

/* The same for applications that may name files (reports[].file,
 * security_software.*.file, devices[].golive_file, attachments[].file; see
 * data_attach.c): bases[i] is the folder the i-th application's paths are
 * relative to (the JSON file's).  The files are checked and copied into the
 * store with the rest, in the same transaction: all or nothing.  by: the
 * role of their history rows (NULL: applicant).  gw_db_import_all refuses a tree that names files. */
int gw_db_import_files(gw_db *db, const json_t *apps, const char *const *bases, int replace,
		       const char *by, int *failed_index, gw_err *err);

/* ==== Drafts and versions (the service; data.c) ====
 * An application made in the service starts as a draft (status "draft");
 * its clerk saves it again and again and then submits it (→ received).
 * applications.version goes up by one with each save and the submit, so a
 * save names the version it edited and a stale one changes nothing. */

/* status (may be NULL; caller frees) and version of application id. */
int gw_db_app_version(long long *version, char **status, gw_db *db, const char *id,
		      gw_err *err);
/* Validate app and store it as a new draft (version 1); GW_ESTALE when the
 * id is taken.  History: role clerk, action create. */
int gw_db_app_create(gw_db *db, const json_t *app, gw_err *err);
/* Replace draft (or returned) application id with app, which must carry the
 * same id, if its version is still if_version: GW_ESTALE when it is not
 * (nothing changes), GW_ESTATE when the application is submitted.  A
 * returned application becomes a draft again.  device_map (may be NULL):
 * the attachments follow their devices in the same transaction (see
 * gw_attach_map_check; GW_EDATA naming device_map… when it does not fit the
 * stored and the saved devices).  *out_version: the new one. */
int gw_db_app_save(long long *out_version, gw_db *db, const char *id, const json_t *app,
		   const json_t *device_map, long long if_version, gw_err *err);
/* draft → received when the check passes (GW_ERULES naming the first
 * failure when it does not; GW_ESTATE when not a draft). */
int gw_db_app_submit(long long *out_version, gw_db *db, const char *id, gw_err *err);

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

/* ==== Review workflow (data_review.c; owner: rules engineer) ====
 *
 * States (applications.status) and the legal moves, after the seed's flowchart:
 *
 *   draft ──submit (check passes; the service's gw_db_app_submit)──▶ received
 *   received ──review fail──▶ incomplete ──review ok (no fail left)──▶ under_review
 *   received ──review ok────▶ under_review ──review fail──▶ incomplete
 *   (a review while the check fails leads to incomplete whatever its result:
 *   the flowchart's 文件不齊備 branch; a check that passes and no standing
 *   fail leads to under_review, its 文件齊備 branch)
 *   received | incomplete | under_review ──decide return──▶ returned   (final)
 *   under_review ──decide approve──▶ approved                          (final)
 *
 * - The six reviewer roles (admin, security, network, antivirus, mdr, vans)
 *   may record a result while the application is received, incomplete or
 *   under review; a later result supersedes the same role's earlier one.
 * - The section chief (role chief) approves (陳核 → 核准): allowed only while
 *   under review with the check passing and all six latest results ok.  A
 *   chief "fail" sends the application back to incomplete.
 * - decide return: allowed when the check fails or any role's latest result
 *   is fail.  decide approve: the check passes, the six roles are ok and the
 *   chief's latest result is ok; it assigns the asset number.  Both issue
 *   the bureau's letter number (gw_db_letter_new) in the same transaction.
 * - Returned and approved are final; anything else is GW_ESTATE, naming the
 *   state and what is needed.  Every action appends a history row (time, role).
 */

/* Record a review.  role: admin security network antivirus mdr vans chief;
 * ok: 1 ok, 0 fail; note may be NULL.  *out (may be NULL) receives the new
 * state (caller frees).  Fails with GW_ENOTFOUND, GW_EUSAGE (unknown role),
 * GW_ESTATE (illegal in the current state). */
int gw_db_review(char **out, gw_db *db, const char *app_id, const char *role, int ok,
		 const char *note, gw_err *err);

/* Decide: approve (1) or return (0), as the bureau's window.  date is the
 * decision / letter date YYYY-MM-DD (NULL: today, local time).  On success
 * *out_doc_no is the letter's 發文字號 and, for approval, *out_asset the new
 * asset number (else NULL); both the caller's to free; either out may be
 * NULL.  GW_ESTATE when the decision is not allowed, with the reasons. */
int gw_db_decide(char **out_doc_no, char **out_asset, gw_db *db, const char *app_id,
		 int approve, const char *date, gw_err *err);

/* Allocate the bureau's next 發文字號 for a letter of kind "return" or
 * "approval" dated date (YYYY-MM-DD): 機關代字 (bureau.doc_prefix) + 第 + ROC
 * year (3 digits) + 7-digit serial of that ROC year + 號, e.g.
 * 中市數網字第1150000001號.  The serial comes from sequences('letter', ROC
 * year) and is never reused, even if the letter is never sent; the letter is
 * recorded in `letters` and history.  Each call makes a new number: call it
 * once when a letter is issued and find it again with gw_db_letter_find.
 * Runs in its own transaction unless one is open.  *out: caller frees. */
int gw_db_letter_new(char **out, gw_db *db, const char *app_id, const char *kind,
		     const char *date, gw_err *err);

/* The latest letter of kind for app_id: *out its 發文字號, *out_date its date
 * (may be NULL); caller frees.  GW_ENOTFOUND when there is none. */
int gw_db_letter_find(char **out, char **out_date, gw_db *db, const char *app_id,
		      const char *kind, gw_err *err);

/* What an application still lacks, short, in Chinese, for the service's
 * list and status: the failing rules, the reviews not ok, the chief's
 * approval; "可核准" when the window may approve; [] when closed.  status is
 * the application's (from the list or gw_db_app_status). */
int gw_db_app_missing(json_t **out, gw_db *db, const char *id, const char *status, gw_err *err);
/* The reviewers of the bureau's data, in order:
 * [{"role","title","person","ext","checks"}] (checks: the duties). */
int gw_db_reviewers(json_t **out, gw_db *db, gw_err *err);
/* Where an application stands, as a new JSON object (json_decref):
 *   {"id","status","asset_no" (null until approved),
 *    "reviews": [{"role","title","person","ext","checks","result" ("ok"|"fail"|null),
 *                 "note","at"}] — one per role in the bureau's order, chief last,
 *    "letters": [{"kind","doc_no","date"}] — in issue order,
 *    "can_approve", "can_return": what gw_db_decide would allow now} */
int gw_db_review_state(json_t **out, gw_db *db, const char *app_id, gw_err *err);

/* Format an asset number from a bureau.asset_format pattern: %Y ROC year
 * (3 digits), %G Gregorian year, %N serial, %0wN serial zero-padded to w
 * digits, %% a percent sign; other text is copied.  "%Y-DC-%04N", 115, 7 →
 * "115-DC-0007".  GW_EDATA for an unknown % directive or a pattern without %N.
 * *out: caller frees. */
int gw_asset_format(char **out, const char *pattern, int roc_year, long serial, gw_err *err);

/* ==== Attachments (data_attach.c; attach.h judges the files) ====
 *
 * The files that travel with an application: reports, evidence, the go-live
 * record, others; each a row of table attachments and a file under
 * <folder of the database>/files/, named by its sha256.  Rows are JSON
 * objects {"id","device" (seq or null),"kind","title","name","media_type",
 * "bytes","pages","sha256","flags":["javascript",…],"added_by","added_at",
 * "path" (the stored file)}. */

typedef struct gw_rules gw_rules;
typedef struct gw_attach_batch gw_attach_batch;

/* Attach data (len bytes, called name) to application app_id, as role (the
 * history row's; NULL: "applicant"; the row's added_by is the connection's
 * account, gw_db_set_account): device is the
 * device's seq (0: none; required by every kind but other), kind one of
 * gw_attach_kinds().  The content is judged first (gw_attach_inspect), then
 * the limits (bureau.attach_max_file_mb, attach_max_app_mb); the file is on
 * disk and synced before its row commits.  The same file for the same item
 * again is not stored twice: *out is then the existing row with "existed":
 * true.  *out (may be NULL) is the row (json_decref).  GW_ENOTFOUND (no such
 * application), GW_ESTATE (approved or returned), GW_EUSAGE (kind, device),
 * GW_EDATA (refused content, no such device), GW_ELIMIT (over a limit),
 * GW_EIO. */
int gw_db_attach(json_t **out, gw_db *db, const char *app_id, int device, const char *kind,
		 const char *name, const void *data, size_t len, const char *role, gw_err *err);

/* The attachments of app_id as a new JSON array of rows, by device, then
 * kind (reports and evidence, the go-live record, others), then id. */
int gw_db_attachments(json_t **out, gw_db *db, const char *app_id, gw_err *err);

/* Remove the attachments of app_id that which names (a row id, or a sha256:
 * all 64 hex digits or at least its first 8); a file that no row names any
 * more is removed from disk.  Runs the sweep.  *out (may be NULL): the rows
 * removed.  GW_ENOTFOUND, GW_ESTATE, GW_EUSAGE. */
int gw_db_detach(json_t **out, gw_db *db, const char *app_id, const char *which, const char *role,
		 gw_err *err);

/* Attachments follow their devices.  A device map says what became of each
 * device of the stored application when its devices were moved or removed:
 * {"OLD SEQ": NEW SEQ, "OLD SEQ": null (removed), …}, every stored device
 * once, the new seqs distinct and each a device of the application as saved.
 *
 * gw_attach_map_check: judge map (old_seqs: the stored devices' seqs,
 * new_seqs: the saved ones', as gw_attach_device_seqs gives them); to[k]
 * (nold ints, the caller's) becomes old_seqs[k]'s new seq or 0.  GW_EDATA
 * naming the field (device_map, device_map.3) in err and, when zh is not
 * NULL, in Chinese there. */
struct gw_app_fault;
int gw_attach_map_check(int *to, const json_t *map, const int *old_seqs, size_t nold,
			const int *new_seqs, size_t nnew, struct gw_app_fault *zh, gw_err *err);
/* The seqs of a devices array (a device's seq, else its position + 1) in
 * *out (caller frees); returns how many. */
size_t gw_attach_device_seqs(int **out, const json_t *devices);
/* Read the file at path to attach it: refused (GW_EDATA) when it is over
 * the per-file limit or not a regular file.  *out: caller frees. */
int gw_db_attach_read(char **out, size_t *len, gw_db *db, const char *path, gw_err *err);
/* The stored file of a sha256 (malloc'd path). */
char *gw_db_attach_path(const gw_db *db, const char *sha256);
/* The limits in bytes (bureau.attach_max_file_mb, attach_max_app_mb). */
int gw_db_attach_limits(long long *max_file, long long *max_app, gw_db *db, gw_err *err);
/* bureau.require_attachments (rule R10) into *out (1 or 0). */
int gw_db_require_attachments(int *out, gw_db *db, gw_err *err);

/* Remove rows of applications that are gone, temp files of dead processes
 * and stored files that no row names; restore a file whose detach did not
 * commit.  In one BEGIN IMMEDIATE transaction.  *out_removed (may be NULL):
 * files removed.  gw_db_open runs it when a crashed writer left something. */
int gw_db_attach_sweep(gw_db *db, int *out_removed, gw_err *err);
int gw_db_attach_open_sweep(gw_db *db, gw_err *err);

/* `export --files DIR`: DIR/<app_id>.json, the application as export
 * prints it, each attachment at DIR/<app_id>-files/<n>/<name> (n: 1, 2, … in
 * the order gw_db_attachments lists them) and named
 * in the JSON on its item (reports[].file, security_software.*.file,
 * golive_file) or, with no item to carry it, in a top-level "attachments"
 * list — so importing that JSON elsewhere attaches the same files.  Each
 * file is checked against its sha256 first.  *out_path (caller frees): the
 * JSON file. */
int gw_db_export_files(char **out_path, gw_db *db, const char *app_id, const char *dir,
		       gw_err *err);

/* Does the application tree name any file (import format)? */
int gw_attach_names_files(const json_t *app);
/* The import's steps: load (check and stage every file the tree names,
 * relative to base; before the transaction), place (inside it, after the
 * application's rows), abort (inside it, before ROLLBACK), free (committed:
 * 1, rolled back: 0, COMMIT failed: -1). */
int gw_db_attach_load(gw_attach_batch **out, gw_db *db, const json_t *app, const char *base,
		      gw_err *err);
int gw_db_attach_place(gw_db *db, const char *app_id, gw_attach_batch *b, const char *by,
		       gw_err *err);
void gw_db_attach_abort(gw_attach_batch *b);
void gw_db_attach_batch_free(gw_attach_batch *b, int committed);

/* The rules (gw_rules_check_opts) over app — app_id's tree as gw_db_app
 * gave it — with its stored attachments and bureau.require_attachments:
 * what `check`, `status`, the return letter and the service apply to a
 * stored application.  *out as gw_rules_check's. */
int gw_db_check(gw_rules **out, gw_db *db, const char *app_id, const json_t *app, gw_err *err);

/* ==== The bureau's reference data (data_bureau.c; `gongwen bureau`) ==== */

/* The fields of table bureau in display order, i = 0…; NULL past the last:
 * name short_name unit address phone fax head_title head_name doc_prefix
 * asset_format.  Static strings. */
const char *gw_bureau_field(size_t i);

/* Whether value may be stored in bureau.field: one line of valid UTF-8 (no
 * control characters), at most 100 characters, no space at either end;
 * non-empty except head_name (empty: the letters are signed with the title
 * only); phone and fax a telephone number; doc_prefix one word without the
 * 第…號 the letter number adds; asset_format accepted by gw_asset_format and
 * holding a year (%Y or %G).  GW_EUSAGE for an unknown field, GW_EDATA
 * naming the field ("bureau.phone: ...") for a bad value. */
int gw_bureau_check(const char *field, const char *value, gw_err *err);

/* Every field of the bureau as a new JSON object of strings (json_decref),
 * keys in gw_bureau_field order.  GW_EDB when the row is missing. */
int gw_db_bureau(json_t **out, gw_db *db, gw_err *err);

/* Set fields: pairs holds npairs (field, value) pairs.  Every value is
 * checked first (gw_bureau_check; a field given twice is GW_EUSAGE); then
 * all are written in one transaction, each change with one history row
 * (role "bureau", action "bureau", detail `field: "old" → "new"`).  A value
 * equal to the stored one is left alone.  *out_changed (may be NULL) is the
 * number of fields that changed.  All or nothing. */
int gw_db_bureau_set(int *out_changed, gw_db *db, const char *const *pairs, size_t npairs,
		     gw_err *err);

/* ==== Accounts, sessions, login throttling (data_user.c) ====
 * Roles: clerk (one agency: users.agency), window, the six reviewers admin
 * security network antivirus mdr vans, chief, manager.  Passwords: 12 to 256
 * bytes of UTF-8 without control characters, kept as Argon2id hashes. */
#define GW_SESSION_IDLE 1800    /* seconds without a request */
#define GW_SESSION_MAX 43200    /* seconds since login */
#define GW_LOGIN_WINDOW 900     /* failures count for 15 minutes */
#define GW_LOGIN_MAX_USER 5     /* failures per account: the next attempt is GW_ELIMIT */
#define GW_LOGIN_MAX_ADDR 20    /* failures per client address */

/* The known roles, i = 0…; NULL past the last. */
const char *gw_user_role(size_t i);
int gw_user_name_ok(const char *name);
/* roles: "clerk" or "admin,security": each known, none twice. GW_EUSAGE. */
int gw_user_roles_check(const char *roles, gw_err *err);
int gw_user_has_role(const char *roles, const char *role);
int gw_user_password_check(const char *password, gw_err *err);
/* nbytes random bytes (≤ 64) as lower-case hex into out[2 * nbytes + 1]. */
int gw_random_hex(char *out, size_t nbytes);

/* Add an account (a clerk needs agency); GW_ESTALE when the name is taken. */
int gw_db_user_add(gw_db *db, const char *name, const char *roles, const char *agency,
		   const char *display, const char *password, gw_err *err);
/* New password; the account's sessions end. */
int gw_db_user_passwd(gw_db *db, const char *name, const char *password, gw_err *err);
/* Disable (its sessions end) or enable an account. */
int gw_db_user_disable(gw_db *db, const char *name, int disabled, gw_err *err);
/* New roles (and agency when not NULL; "" clears it); sessions end. */
int gw_db_user_roles(gw_db *db, const char *name, const char *roles, const char *agency,
		     gw_err *err);
/* [{"name","display","roles":[…],"agency","disabled","created"}] / one. */
int gw_db_users(json_t **out, gw_db *db, gw_err *err);
int gw_db_user(json_t **out, gw_db *db, const char *name, gw_err *err);

/* Log in from address addr: GW_ELIMIT when the account or the address has
 * too many recent failures (nothing is checked then), GW_EAUTH for a wrong
 * name or password or a disabled account (recorded as a failure).  On
 * success token (64 hex) is the new session's secret and *who
 * {"user","display","roles","agency","csrf"}. */
int gw_db_login(json_t **who, char token[65], gw_db *db, const char *user, const char *password,
		const char *addr, gw_err *err);
/* The session of token: *who as for login; GW_EAUTH when there is none, it
 * is idle or too old (it is then ended) or its account is disabled. */
int gw_db_session(json_t **who, gw_db *db, const char *token, gw_err *err);
/* The idle limit of every session in this process, seconds (default
 * GW_SESSION_IDLE; `gongwen serve --idle-timeout`, for tests). */
void gw_db_session_idle(long seconds);
int gw_db_logout(gw_db *db, const char *token, gw_err *err);

/* An application's history: [{"at","account","role","action","detail"}]. */
int gw_db_app_history(json_t **out, gw_db *db, const char *id, gw_err *err);
/* The agency.name of application id ("" when none; caller frees). */
int gw_db_app_agency(char **out, gw_db *db, const char *id, gw_err *err);
/* A number that changes whenever anything an application's documents show
 * may have changed (its history but renders, the bureau's data). */
int gw_db_app_stamp(long long *out, gw_db *db, const char *id, gw_err *err);

#endif
