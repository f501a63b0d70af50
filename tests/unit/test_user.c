/* test_user.c — the service's accounts, sessions and login throttling
 * (data_user.c) and drafts with versions (data.c). */
#include "t.h"
#include "app.h"
#include "data.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gw_db *fresh(const char *name)
{
	char path[512];
	gw_db *db = NULL;
	gw_err err = {0};

	snprintf(path, sizeof path, "%s/%s.db", t_tmpdir(), name);
	remove(path);
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	return db;
}

TEST(user_checks)
{
	gw_err err = {0};

	CHECK(gw_user_name_ok("chen.wei_2-x"));
	CHECK(!gw_user_name_ok(""));
	CHECK(!gw_user_name_ok("Chen"));
	CHECK(!gw_user_name_ok("../x"));
	CHECK(!gw_user_name_ok(".x"));
	CHECK_INT(gw_user_roles_check("clerk", &err), 0);
	CHECK_INT(gw_user_roles_check("admin,security,chief", &err), 0);
	CHECK_INT(gw_user_roles_check("admin,admin", NULL), GW_EUSAGE);
	CHECK_INT(gw_user_roles_check("root", NULL), GW_EUSAGE);
	CHECK_INT(gw_user_roles_check("admin,", NULL), GW_EUSAGE);
	CHECK_INT(gw_user_roles_check("", NULL), GW_EUSAGE);
	CHECK(gw_user_has_role("admin,security", "security"));
	CHECK(!gw_user_has_role("admin,security", "secure"));
	CHECK_INT(gw_user_password_check("twelve-chars", &err), 0);
	CHECK_INT(gw_user_password_check("eleven-char", NULL), GW_EDATA);
	CHECK_INT(gw_user_password_check("十二個中文字的密碼好長喔", NULL), 0);
	CHECK_INT(gw_user_password_check("line\nbreak-password", NULL), GW_EDATA);
}

TEST(user_login_session_logout)
{
	gw_db *db = fresh("user1");
	gw_err err = {0};
	json_t *who = NULL, *all = NULL;
	char token[65];

	if (!db)
		return;
	CHECK_INT(gw_db_user_add(db, "chen", "clerk", "甲機關", "陳", "correct-horse-1", &err), 0);
	CHECK_INT(gw_db_user_add(db, "chen", "window", NULL, NULL, "correct-horse-1", NULL), GW_ESTALE);
	CHECK_INT(gw_db_user_add(db, "lin", "clerk", NULL, NULL, "correct-horse-1", NULL), GW_EUSAGE);
	CHECK_INT(gw_db_users(&all, db, &err), 0);
	CHECK_INT(json_array_size(all), 1);
	json_decref(all);
	CHECK_INT(gw_db_login(&who, token, db, "chen", "wrong-horse-12", "10.0.0.1", NULL), GW_EAUTH);
	CHECK_INT(gw_db_login(&who, token, db, "nobody", "wrong-horse-12", "10.0.0.1", NULL), GW_EAUTH);
	CHECK_INT(gw_db_login(&who, token, db, "chen", "correct-horse-1", "10.0.0.1", &err), 0);
	CHECK_INT(strlen(token), 64);
	CHECK_STR(json_string_value(json_object_get(who, "agency")), "甲機關");
	CHECK_INT(strlen(json_string_value(json_object_get(who, "csrf"))), 64);
	json_decref(who);
	who = NULL;
	CHECK_INT(gw_db_session(&who, db, token, &err), 0);
	CHECK_STR(json_string_value(json_object_get(who, "user")), "chen");
	json_decref(who);
	who = NULL;
	/* A new password ends the session. */
	CHECK_INT(gw_db_user_passwd(db, "chen", "new-horse-12345", &err), 0);
	CHECK_INT(gw_db_session(&who, db, token, NULL), GW_EAUTH);
	CHECK_INT(gw_db_login(&who, token, db, "chen", "new-horse-12345", "10.0.0.1", &err), 0);
	json_decref(who);
	who = NULL;
	CHECK_INT(gw_db_logout(db, token, &err), 0);
	CHECK_INT(gw_db_session(&who, db, token, NULL), GW_EAUTH);
	/* Disabled: no login. */
	CHECK_INT(gw_db_user_disable(db, "chen", 1, &err), 0);
	CHECK_INT(gw_db_login(&who, token, db, "chen", "new-horse-12345", "10.0.0.2", NULL), GW_EAUTH);
	CHECK_INT(gw_db_user_disable(db, "nobody", 1, NULL), GW_ENOTFOUND);
	gw_db_free(db);
}

TEST(user_login_throttled)
{
	gw_db *db = fresh("user2");
	gw_err err = {0};
	json_t *who = NULL;
	char token[65];

	if (!db)
		return;
	CHECK_INT(gw_db_user_add(db, "wang", "window", NULL, NULL, "correct-horse-1", &err), 0);
	for (int i = 0; i < GW_LOGIN_MAX_USER; i++)
		CHECK_INT(gw_db_login(&who, token, db, "wang", "wrong-horse-12", "10.0.0.3", NULL),
			  GW_EAUTH);
	CHECK_INT(gw_db_login(&who, token, db, "wang", "correct-horse-1", "10.0.0.3", NULL), GW_ELIMIT);
	CHECK(who == NULL);
	CHECK_STR(token, "");
	gw_db_free(db);
}

TEST(draft_save_versions_submit)
{
	gw_db *db = fresh("draft");
	gw_err err = {0};
	json_error_t je;
	long long v = 0;
	char *status = NULL;

	if (!db)
		return;
	json_t *app = json_loads("{\"id\":\"D-1\",\"agency\":{\"name\":\"甲\"},\"move\":{\"kind\":\"移入\"}}",
				 0, &je);
	CHECK_INT(gw_db_app_create(db, app, &err), 0);
	CHECK_INT(gw_db_app_create(db, app, NULL), GW_ESTALE);
	CHECK_INT(gw_db_app_version(&v, &status, db, "D-1", &err), 0);
	CHECK_INT(v, 1);
	CHECK_STR(status, "draft");
	free(status);
	CHECK_INT(gw_db_app_save(&v, db, "D-1", app, NULL, 1, &err), 0);
	CHECK_INT(v, 2);
	CHECK_INT(gw_db_app_save(&v, db, "D-1", app, NULL, 1, NULL), GW_ESTALE);
	CHECK_INT(gw_db_app_save(&v, db, "D-2", app, NULL, 2, NULL), GW_EDATA); /* the tree names D-1 */
	/* A draft takes no review; it cannot be submitted while the check fails. */
	CHECK_INT(gw_db_review(NULL, db, "D-1", "admin", 1, NULL, NULL), GW_ESTATE);
	CHECK_INT(gw_db_app_submit(&v, db, "D-1", NULL), GW_ERULES);
	CHECK_INT(gw_db_app_version(&v, &status, db, "D-1", &err), 0);
	CHECK_STR(status, "draft");
	free(status);
	json_decref(app);
	gw_db_free(db);
}
