/* Unit tests for the store's bureau reference data (data_bureau.c), the
 * documents rows a render replaces (data_docs.c) and the migration of a
 * version-1 database.  The migration test builds its version-1 file with
 * sqlite3 directly: that is what an older gongwen left on disk. */
#include "t.h"
#include "docs.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The first row of a read-only query whose column is text (caller frees). */
static int first_row(void *ctx, const char *json, int row)
{
	*(char **)ctx = strdup(json);
	return 1;
}

static char *q(gw_db *db, const char *sql)
{
	char *s = NULL;
	gw_err err = {0};

	gw_db_query_json(db, sql, first_row, &s, &err);
	return s ? s : strdup("(no row)");
}

#define CHECK_Q(db, sql, want)                                                  \
	do {                                                                    \
		char *got_ = q((db), (sql));                                    \
		CHECK_STR(got_, (want));                                        \
		free(got_);                                                     \
	} while (0)

static int check(const char *field, const char *value)
{
	gw_err err = {0};
	int rc = gw_bureau_check(field, value, &err);
	/* A refusal always names the field. */
	if (rc < 0) {
		char want[64];
		snprintf(want, sizeof want, "bureau.%s", field);
		CHECK(strstr(err.msg, want) != NULL);
	}
	return rc;
}

TEST(bureau_check_values)
{
	CHECK_INT(check("head_name", "○○○"), 0);
	CHECK_INT(check("head_name", ""), 0); /* the shipped state: title only */
	CHECK_INT(check("head_title", ""), GW_EDATA);
	CHECK_INT(check("name", "臺中市政府數位發展局"), 0);
	CHECK_INT(check("address", ""), GW_EDATA);
	CHECK_INT(check("unit", "網路\n資安科"), GW_EDATA);
	CHECK_INT(check("unit", "網路\t資安科"), GW_EDATA);
	CHECK_INT(check("unit", "網路\xc2\x85資安科"), GW_EDATA); /* C1 NEL */
	CHECK_INT(check("unit", "網路\xe2\x80\xa8資安科"), GW_EDATA); /* U+2028 */
	CHECK_INT(check("unit", "\xff\xfe"), GW_EDATA);
	CHECK_INT(check("unit", " 網路資安科"), GW_EDATA);
	CHECK_INT(check("unit", "網路資安科　"), GW_EDATA); /* ideographic space */
	CHECK_INT(check("short_name", "數位 發展局"), 0);
	char long_text[400] = "";
	for (int i = 0; i < 101; i++)
		strcat(long_text, "長");
	CHECK_INT(check("address", long_text), GW_EDATA);
	long_text[300] = '\0'; /* 100 characters */
	CHECK_INT(check("address", long_text), 0);

	CHECK_INT(check("phone", "04-22289111"), 0);
	CHECK_INT(check("phone", "(04)2228-9111#2231"), 0);
	CHECK_INT(check("fax", "０４－２２５８０２０９"), 0);
	CHECK_INT(check("phone", "04-2228911x"), GW_EDATA);
	CHECK_INT(check("phone", "110"), GW_EDATA);
	CHECK_INT(check("fax", ""), GW_EDATA);

	CHECK_INT(check("doc_prefix", "中市數網字"), 0);
	CHECK_INT(check("doc_prefix", "中市數網字第"), GW_EDATA);
	CHECK_INT(check("doc_prefix", "中市 數網字"), GW_EDATA);
	CHECK_INT(check("doc_prefix", ""), GW_EDATA);

	CHECK_INT(check("asset_format", "%Y-DC-%04N"), 0);
	CHECK_INT(check("asset_format", "DC%G%05N"), 0);
	CHECK_INT(check("asset_format", "%Y-DC"), GW_EDATA);     /* no serial */
	CHECK_INT(check("asset_format", "DC-%04N"), GW_EDATA);   /* no year */
	CHECK_INT(check("asset_format", "%Y-%Q-%N"), GW_EDATA);  /* unknown directive */
	CHECK_INT(check("asset_format", ""), GW_EDATA);

	gw_err err = {0};
	CHECK_INT(gw_bureau_check("boss", "x", &err), GW_EUSAGE);
	CHECK(strstr(err.msg, "boss") != NULL && strstr(err.msg, "head_name") != NULL);
	CHECK_STR(gw_bureau_field(0), "name");
	CHECK_STR(gw_bureau_field(10), "asset_format");
	CHECK_STR(gw_bureau_field(11), "require_attachments");
	CHECK(gw_bureau_field(14) == NULL);
	/* attachments: a switch and two limits in megabytes */
	CHECK_INT(check("require_attachments", "1"), 0);
	CHECK_INT(check("require_attachments", "0"), 0);
	CHECK_INT(check("require_attachments", "yes"), GW_EDATA);
	CHECK_INT(check("require_attachments", ""), GW_EDATA);
	CHECK_INT(check("attach_max_file_mb", "50"), 0);
	CHECK_INT(check("attach_max_file_mb", "0"), GW_EDATA);
	CHECK_INT(check("attach_max_file_mb", "050"), GW_EDATA);
	CHECK_INT(check("attach_max_app_mb", "4097"), GW_EDATA);
	CHECK_INT(check("attach_max_app_mb", "12MB"), GW_EDATA);
	/* e-mail: empty (no line in the letters) or name@domain */
	CHECK_INT(check("email", ""), 0);
	CHECK_INT(check("email", "dc@taichung.gov.tw"), 0);
	CHECK_INT(check("email", "dc.taichung.gov.tw"), GW_EDATA);  /* no @ */
	CHECK_INT(check("email", "@taichung.gov.tw"), GW_EDATA);
	CHECK_INT(check("email", "dc@taichung"), GW_EDATA);         /* no dot */
	CHECK_INT(check("email", "dc@tc@gov.tw"), GW_EDATA);
	CHECK_INT(check("email", "dc@taichung.gov."), GW_EDATA);
	CHECK_INT(check("email", "機房@taichung.gov.tw"), GW_EDATA);
	CHECK_INT(check("email", "<dc@taichung.gov.tw>"), GW_EDATA);
}

TEST(bureau_store_set_and_history)
{
	char path[512];
	gw_db *db = NULL;
	gw_err err = {0};
	json_t *b = NULL, *ref = NULL;
	int changed = -1;

	snprintf(path, sizeof path, "%s/b.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	CHECK_INT(gw_db_bureau(&b, db, &err), 0);
	CHECK_INT(json_object_size(b), 14);
	CHECK_STR(json_string_value(json_object_get(b, "email")), "");
	CHECK_STR(json_string_value(json_object_get(b, "head_name")), "");
	CHECK_STR(json_string_value(json_object_get(b, "asset_format")), "%Y-DC-%04N");
	json_decref(b);

	const char *set1[] = {"head_name", "○○○", "phone", "04-22289112"};
	CHECK_INT(gw_db_bureau_set(&changed, db, set1, 2, &err), 0);
	CHECK_INT(changed, 2);
	CHECK_INT(gw_db_bureau(&b, db, &err), 0);
	CHECK_STR(json_string_value(json_object_get(b, "head_name")), "○○○");
	CHECK_STR(json_string_value(json_object_get(b, "phone")), "04-22289112");
	json_decref(b);
	/* The letters' data reads the same row. */
	CHECK_INT(gw_db_reference(&ref, db, &err), 0);
	CHECK_STR(json_string_value(json_object_get(json_object_get(ref, "bureau"), "head_name")),
		  "○○○");
	json_decref(ref);
	CHECK_Q(db, "SELECT json_group_array(json_array(role, action, detail)) FROM history",
		"[[\"bureau\",\"bureau\",\"head_name: \\\"\\\" → \\\"○○○\\\"\"],"
		"[\"bureau\",\"bureau\",\"phone: \\\"04-22289111\\\" → \\\"04-22289112\\\"\"]]");

	/* The same value again: nothing written, no history. */
	CHECK_INT(gw_db_bureau_set(&changed, db, set1, 1, &err), 0);
	CHECK_INT(changed, 0);
	CHECK_Q(db, "SELECT count(*) FROM history", "2");

	/* One bad value: nothing changes, the message names it. */
	const char *set2[] = {"head_name", "王○○", "asset_format", "%Y-%X"};
	CHECK_INT(gw_db_bureau_set(&changed, db, set2, 2, &err), GW_EDATA);
	CHECK(strstr(err.msg, "bureau.asset_format") != NULL);
	gw_err_clear(&err);
	CHECK_Q(db, "SELECT head_name FROM bureau", "○○○");
	CHECK_Q(db, "SELECT count(*) FROM history", "2");
	const char *set3[] = {"fax", "04-1234567", "fax", "04-7654321"};
	CHECK_INT(gw_db_bureau_set(&changed, db, set3, 2, &err), GW_EUSAGE);
	gw_err_clear(&err);
	CHECK_Q(db, "SELECT fax FROM bureau", "04-22580209");

	/* A changed doc_prefix reaches the bureau's next letter number. */
	const char *set4[] = {"doc_prefix", "中市數資字", "asset_format", "DC%G-%03N"};
	CHECK_INT(gw_db_bureau_set(NULL, db, set4, 2, &err), 0);
	CHECK_Q(db, "SELECT asset_format FROM bureau", "DC%G-%03N");
	json_t *app = json_loads("{\"id\":\"A-1\",\"agency\":{\"name\":\"臺中市政府環境保護局\"},"
				 "\"move\":{\"kind\":\"攜出\"},\"devices\":[{\"seq\":1}]}", 0, NULL);
	char *doc_no = NULL;
	CHECK_INT(gw_db_import(db, app, 0, &err), 0);
	CHECK_INT(gw_db_decide(&doc_no, NULL, db, "A-1", 0, "2026-11-25", &err), 0);
	CHECK_STR(doc_no, "中市數資字第1150000001號");
	free(doc_no);
	json_decref(app);
	gw_db_free(db);
}

static json_t *files_of(const char *dir, const char *const *names)
{
	json_t *files = json_array();
	for (; *names; names++) {
		json_t *f = json_object();
		char *p = xasprintf("%s/%s", dir, *names);
		json_object_set_new(f, "name", json_string(*names));
		json_object_set_new(f, "kind", json_string("form"));
		json_object_set_new(f, "path", json_string(p));
		json_object_set_new(f, "sha256", json_string("00"));
		json_object_set_new(f, "bytes", json_integer(1));
		json_array_append_new(files, f);
		free(p);
	}
	return files;
}

TEST(documents_rows_replace_the_folder)
{
	char path[512], *sql;
	gw_db *db = NULL;
	gw_err err = {0};
	const char *tmp = t_tmpdir();

	snprintf(path, sizeof path, "%s/d.db", tmp);
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	char *dir = xasprintf("%s/out/A-1", tmp), *dir2 = xasprintf("%s/./out/../out/A-1", tmp);
	char *other = xasprintf("%s/elsewhere/A-1", tmp);
	gw_err e2 = {0};
	CHECK_INT(gw_mkdirs(dir, &e2), 0);
	static const char *const first[] = {"request.docx", "return.docx", "archive/return.pdf",
		"packet.pdf", NULL};
	static const char *const second[] = {"request.docx", "packet.pdf", NULL};
	json_t *f1 = files_of(dir, first), *f2 = files_of(dir2, second), *f3 = files_of(other, second);

	CHECK_INT(gw_db_documents_record(db, "A-1", dir, f1, &err), 0);
	CHECK_INT(gw_db_documents_record(db, "B-2", dir, f2, &err), 0); /* another application */
	CHECK_Q(db, "SELECT count(*) FROM documents WHERE app_id = 'A-1'", "4");
	/* The same folder named another way: its rows are replaced. */
	CHECK_INT(gw_db_documents_record(db, "A-1", dir2, f2, &err), 0);
	char *real = realpath(dir, NULL);
	sql = xasprintf("SELECT json_group_array(path) FROM (SELECT path FROM documents WHERE "
			"app_id = 'A-1' AND folder = '%s' ORDER BY id)", real ? real : dir);
	free(real);
	char *want = xasprintf("[\"%s/request.docx\",\"%s/packet.pdf\"]", dir2, dir2);
	CHECK_Q(db, sql, want);
	free(want);
	free(sql);
	/* A packet in another folder (--out) is another set of files on disk. */
	CHECK_INT(gw_db_documents_record(db, "A-1", other, f3, &err), 0);
	CHECK_Q(db, "SELECT count(*) FROM documents WHERE app_id = 'A-1'", "4");
	CHECK_INT(gw_db_documents_record(db, "A-1", other, f3, &err), 0);
	CHECK_Q(db, "SELECT count(*) FROM documents WHERE app_id = 'A-1'", "4");
	CHECK_Q(db, "SELECT count(*) FROM documents WHERE app_id = 'B-2'", "2");
	/* Every render stays in history. */
	CHECK_Q(db, "SELECT count(*) FROM history WHERE action = 'render' AND app_id = 'A-1'", "4");
	json_decref(f1);
	json_decref(f2);
	json_decref(f3);
	free(dir);
	free(dir2);
	free(other);
	gw_db_free(db);
}

static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open(path, &h);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "raw_exec: %s\n", sqlite3_errmsg(h));
	sqlite3_close(h);
	return rc;
}

/* A bureau table as versions 1–3 had it (no email, no attachment settings),
 * and no attachments table (schema 6).  Rebuilt rather than
 * DROP COLUMN: SQLite's DROP COLUMN rewrites the stored CREATE TABLE text and
 * fails on some of the schema's comments. */
#define OLD_BUREAU                                                              \
	"CREATE TABLE bureau_v3 AS SELECT id, name, short_name, unit, address, phone, fax," \
	" head_title, head_name, doc_prefix, asset_format FROM bureau;"                 \
	"DROP TABLE bureau; ALTER TABLE bureau_v3 RENAME TO bureau;"             \
	"DROP TABLE attachments;"                                                 \
	OLD_SERVICE

/* Version 4 had no accounts, no application version, no history account
 * (its status CHECK without draft is left: the migration rebuilds it). */
#define OLD_SERVICE                                                             \
	"DROP TABLE sessions; DROP TABLE users; DROP TABLE login_failures;"      \
	"ALTER TABLE history DROP COLUMN account;"                               \
	"ALTER TABLE applications DROP COLUMN version;"

TEST(migrate_version_1_documents)
{
	char path[512];
	gw_db *db = NULL;
	gw_err err = {0};

	snprintf(path, sizeof path, "%s/v1.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	gw_db_free(db);
	db = NULL;
	/* What version 1 had: documents without folder, a row per file of
	 * every render (two renders of out/A-1, the first with --archive; one
	 * of pk/A-1; one of out/archive, an application named "archive"). */
	CHECK_INT(raw_exec(path,
		OLD_BUREAU
		"DROP INDEX documents_app; DROP TABLE documents;"
		"CREATE TABLE documents (id INTEGER PRIMARY KEY, app_id TEXT NOT NULL,"
		" kind TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,"
		" bytes INTEGER NOT NULL, at TEXT NOT NULL DEFAULT"
		" (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
		"INSERT INTO documents (app_id, kind, path, sha256, bytes) VALUES"
		" ('A-1', 'request', 'out/A-1/request.docx', 'a', 1),"
		" ('A-1', 'request', 'out/A-1/archive/request.pdf', 'a', 1),"
		" ('A-1', 'packet', 'out/A-1/packet.pdf', 'a', 1),"
		" ('A-1', 'request', 'pk/A-1/request.docx', 'b', 1),"
		" ('A-1', 'packet', 'pk/A-1/packet.pdf', 'b', 1),"
		" ('archive', 'request', 'out/archive/request.docx', 'c', 1),"
		" ('archive', 'packet', 'out/archive/packet.pdf', 'c', 1),"
		" ('A-1', 'request', 'out/A-1/request.docx', 'd', 2),"
		" ('A-1', 'packet', 'out/A-1/packet.pdf', 'd', 2);"
		"PRAGMA user_version = 1;"), SQLITE_OK);
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	CHECK_Q(db, "PRAGMA user_version", "6");
	CHECK_Q(db, "SELECT json_group_array(json_array(app_id, folder, path, sha256)) FROM "
		"(SELECT * FROM documents ORDER BY id)",
		"[[\"A-1\",\"pk/A-1\",\"pk/A-1/request.docx\",\"b\"],"
		"[\"A-1\",\"pk/A-1\",\"pk/A-1/packet.pdf\",\"b\"],"
		"[\"archive\",\"out/archive\",\"out/archive/request.docx\",\"c\"],"
		"[\"archive\",\"out/archive\",\"out/archive/packet.pdf\",\"c\"],"
		"[\"A-1\",\"out/A-1\",\"out/A-1/request.docx\",\"d\"],"
		"[\"A-1\",\"out/A-1\",\"out/A-1/packet.pdf\",\"d\"]]");
	CHECK_Q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'documents_app'", "1");
	/* The next render of out/A-1, named as version 1 named it, replaces the
	 * migrated rows. */
	static const char *const names[] = {"form.docx", "packet.pdf", NULL};
	json_t *f = files_of("out/A-1", names);
	CHECK_INT(gw_db_documents_record(db, "A-1", "out/A-1", f, &err), 0);
	CHECK_Q(db, "SELECT json_group_array(path) FROM documents WHERE app_id = 'A-1' AND "
		"path LIKE 'out/%'", "[\"out/A-1/form.docx\",\"out/A-1/packet.pdf\"]");
	json_decref(f);
	gw_db_free(db);
	/* Opened again: already version 2, nothing migrates twice. */
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	CHECK_Q(db, "SELECT count(*) FROM documents", "6");
	gw_db_free(db);
}

TEST(migrate_version_2_reviewer_duties)
{
	/* Version 2's shortened duties become the seed's words; a duty the
	 * bureau changed itself is left alone. */
	char path[512];
	gw_db *db = NULL;
	gw_err err = {0};

	snprintf(path, sizeof path, "%s/v2.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	gw_db_free(db);
	db = NULL;
	CHECK_INT(raw_exec(path,
		OLD_BUREAU
		"UPDATE reviewers SET checks = '檢視防毒軟體安裝及掃描結果' WHERE role = 'antivirus';"
		"UPDATE reviewers SET checks = '本局自訂' WHERE role = 'mdr';"
		"PRAGMA user_version = 2;"), SQLITE_OK);
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	CHECK_Q(db, "PRAGMA user_version", "6");
	CHECK_Q(db, "SELECT checks FROM reviewers WHERE role = 'antivirus'",
		"檢視「資訊系統上線作業紀錄表」防毒軟體安裝及掃描結果");
	CHECK_Q(db, "SELECT checks FROM reviewers WHERE role = 'mdr'", "本局自訂");
	CHECK_Q(db, "SELECT email FROM bureau", "");
	/* 5 → 6: attachments, off, at the default limits. */
	CHECK_Q(db, "SELECT require_attachments || ' ' || attach_max_file_mb || ' ' || "
		"attach_max_app_mb FROM bureau", "0 50 300");
	CHECK_Q(db, "SELECT count(*) FROM attachments", "0");
	gw_db_free(db);
}

TEST(migrate_version_4_service)
{
	/* Version 4 → 5 keeps every application with its devices and reviews;
	 * each gets version 1; drafts become possible; history names accounts. */
	char path[512];
	gw_db *db = NULL;
	gw_err err = {0};
	json_error_t je;

	snprintf(path, sizeof path, "%s/v4.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	json_t *app = json_loads("{\"id\":\"A-4\",\"agency\":{\"name\":\"甲機關\"},"
				 "\"devices\":[{\"seq\":1,\"name\":\"a\"},{\"seq\":2}]}", 0, &je);
	CHECK_INT(gw_db_import(db, app, 0, &err), 0);
	CHECK_INT(gw_db_review(NULL, db, "A-4", "admin", 0, "note", &err), 0);
	json_decref(app);
	gw_db_free(db);
	db = NULL;
	CHECK_INT(raw_exec(path, OLD_SERVICE "PRAGMA user_version = 4;"), SQLITE_OK);
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	CHECK_Q(db, "PRAGMA user_version", "6");
	CHECK_Q(db, "SELECT json_group_array(json_array(id, status, version)) FROM applications",
		"[[\"A-4\",\"incomplete\",1]]");
	CHECK_Q(db, "SELECT count(*) FROM devices WHERE app_id = 'A-4'", "2");
	CHECK_Q(db, "SELECT count(*) FROM reviews WHERE app_id = 'A-4'", "1");
	CHECK_Q(db, "SELECT count(*) FROM users", "0");
	CHECK_Q(db, "SELECT count(*) FROM history WHERE account IS NULL", "2");
	/* The rebuilt table keeps its guards and accepts a draft. */
	CHECK_Q(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
		"('applications_status_moves', 'applications_keep_approved')", "2");
	CHECK_INT(gw_db_history(db, "A-4", "admin", "note", NULL, &err), 0);
	CHECK_Q(db, "SELECT account LIKE 'shell:%' FROM history ORDER BY id DESC LIMIT 1", "1");
	CHECK_Q(db, "PRAGMA foreign_keys", "1");
	gw_db_free(db);
}
