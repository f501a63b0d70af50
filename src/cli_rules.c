/*
 * cli_rules.c — the rules and review commands: check, review, status, decide.
 *
 * check reads an application from the store (APP_ID) or from a file not yet
 * imported (anything ending in .json, or an existing path containing '/'),
 * validated with gw_app_validate first.  The workflow commands call the data
 * module's review functions (data_review.c), which run every change in one
 * BEGIN IMMEDIATE transaction and record it in history.
 */
#include "cli.h"
#include "app.h"
#include "rules.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ==== Loading ==== */

static int is_file_arg(const char *s)
{
	size_t n = strlen(s);
	return (n > 5 && strcasecmp(s + n - 5, ".json") == 0) || strchr(s, '/') != NULL;
}

/* The rules' failures for APP_ID (with its stored attachments) or for
 * FILE.json (its "file" keys; R10 as the store's bureau says when the store
 * exists).  *out as gw_rules_check's. */
static int check_app(gw_rules **out, int *r10, const gw_cli *cli, const char *arg, gw_err *err)
{
	gw_db *db = NULL;
	json_t *app = NULL;
	int rc;

	*out = NULL;
	if (is_file_arg(arg)) {
		gw_rules_opts o = {0};
		if ((rc = gw_json_load_file(&app, arg, err)) < 0)
			return rc;
		if ((rc = gw_app_validate(app, err)) < 0) {
			gw_err_prefix(err, "%s: ", arg);
		} else if (access(cli->db_path, F_OK) == 0 &&
			   ((rc = gw_db_open(&db, cli->db_path, err)) < 0 ||
			    (rc = gw_db_require_attachments(&o.require_attachments, db, err)) < 0)) {
			/* the store's error says why */
		} else {
			rc = gw_rules_check_opts(out, app, &o, err);
			*r10 = o.require_attachments;
		}
	} else if ((rc = gw_cli_open_db(&db, cli, err)) == 0 &&
		   (rc = gw_db_app(&app, db, arg, err)) == 0) {
		if ((rc = gw_db_check(out, db, arg, app, err)) == 0)
			rc = gw_db_require_attachments(r10, db, err);
	}
	json_decref(app);
	gw_db_free(db);
	return rc;
}

static void print_failures(FILE *f, const gw_rules *r, const char *indent)
{
	for (size_t i = 0; i < r->n; i++) {
		char *line = gw_rules_line(&r->fail[i]);
		fprintf(f, "%s%s\n", indent, line);
		free(line);
	}
}

/* ==== check ==== */

int cmd_check(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	gw_err err = {0};
	gw_rules *r = NULL;
	int c, as_json = 0, rc, r10 = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return gw_cli_usage("check", "unknown option");
		as_json = 1;
	}
	if (optind != argc - 1)
		return gw_cli_usage("check", optind >= argc ? "name one APP_ID or FILE.json"
							    : "name only one APP_ID or FILE.json");
	if (check_app(&r, &r10, cli, argv[optind], &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (as_json) {
		json_t *arr = gw_rules_json(r);
		char *text = json_dumps(arr, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
		json_decref(arr);
	} else if (r->n == 0) {
		printf("%s: 所有規則（%s）均符合\n", argv[optind], r10 ? "R1–R10" : "R1–R9");
	} else {
		print_failures(stdout, r, "");
	}
	rc = r->n ? GW_EXIT_FAIL : GW_EXIT_OK;
done:
	gw_rules_free(r);
	return rc;
}

/* ==== review ==== */

int cmd_review(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"result", required_argument, NULL, 's'},
					     {"note", required_argument, NULL, 'n'},
					     {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	const char *role = NULL, *result = NULL, *note = NULL;
	char *state = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 's')
			result = optarg;
		else if (c == 'n')
			note = optarg;
		else
			return gw_cli_usage("review", "unknown option");
	}
	if (optind != argc - 1)
		return gw_cli_usage("review", "name one APP_ID");
	if (role == NULL)
		return gw_cli_usage("review", "--role is required (admin, security, network, "
					      "antivirus, mdr, vans, chief)");
	if (result == NULL || (strcmp(result, "ok") != 0 && strcmp(result, "fail") != 0))
		return gw_cli_usage("review", "--result must be ok or fail");
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 ||
	    (rc = gw_db_review(&state, db, argv[optind], role, strcmp(result, "ok") == 0, note,
			       &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	printf("%s: %s %s; status %s\n", argv[optind], role, result, state);
done:
	free(state);
	gw_db_free(db);
	return rc;
}

/* ==== status ==== */

static const char *status_zh(const char *s)
{
	static const char *const map[][2] = {{"draft", "草稿（機關尚未送出）"}, {"received", "已收件"},
		{"incomplete", "文件不齊備（已通知機關修正）"}, {"returned", "已發文檢還"},
		{"under_review", "審查中"}, {"approved", "已核准"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], s) == 0)
			return map[i][1];
	return "";
}

/* What is missing and the next step, from the state, the check and the
 * latest reviews (st from gw_db_review_state).  Appends strings to missing;
 * returns the next step (static or *owned, caller frees *owned). */
static const char *next_step(json_t *missing, char **owned, const char *id, const json_t *st,
			     const gw_rules *r)
{
	const char *status = json_string_value(json_object_get(st, "status"));
	const json_t *rv;
	size_t i;
	int six_ok = 1, any_fail = 0, chief_ok = 0;
	gw_buf roles;

	*owned = NULL;
	if (strcmp(status, "approved") == 0 || strcmp(status, "returned") == 0)
		return "無（已結案 closed）";
	if (strcmp(status, "draft") == 0)
		return "機關承辦人送出申請 the clerk submits it (gongwen serve)";
	gw_buf_init(&roles);
	json_array_foreach(json_object_get(st, "reviews"), i, rv) {
		const char *role = json_string_value(json_object_get(rv, "role"));
		const char *res = json_string_value(json_object_get(rv, "result"));
		if (res && strcmp(res, "fail") == 0)
			any_fail = 1;
		if (strcmp(role, "chief") == 0) {
			chief_ok = res && strcmp(res, "ok") == 0;
		} else if (!res || strcmp(res, "ok") != 0) {
			six_ok = 0;
			gw_buf_printf(&roles, "%s%s (%s)", roles.len ? ", " : "", role,
				      res ? res : "未審查 not reviewed");
		}
	}
	if (r->n)
		json_array_append_new(missing, json_sprintf("%zu 項規則不符 rule(s) fail", r->n));
	if (!six_ok)
		json_array_append_new(missing, json_sprintf("審查 reviews: %s", roles.data));
	if (six_ok && r->n == 0 && !chief_ok)
		json_array_append_new(missing, json_string("網路資安科主管核准 chief's approval "
							   "(review --role chief --result ok)"));
	gw_buf_dispose(&roles);
	if (r->n || any_fail)
		return *owned = xasprintf("通知機關修正後再審查，或 gongwen decide %s return 發文檢還",
					  id);
	if (json_is_true(json_object_get(st, "can_approve")))
		return *owned = xasprintf("gongwen decide %s approve", id);
	if (six_ok && chief_ok) /* a review after the chief's approval voided it */
		json_array_append_new(missing, json_string("網路資安科主管重新核准 the chief must "
							   "approve again after the latest review"));
	if (six_ok)
		return "陳核網路資安科主管 (review --role chief)";
	return "待審查 awaiting reviews";
}

int cmd_status(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *app = NULL, *st = NULL, *missing = json_array();
	gw_rules *r = NULL;
	char *owned = NULL;
	int c, rc = 0, as_json = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j') {
			rc = gw_cli_usage("status", "unknown option");
			goto done;
		}
		as_json = 1;
	}
	if (optind != argc - 1) {
		rc = gw_cli_usage("status", "name one APP_ID");
		goto done;
	}
	const char *id = argv[optind];
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 ||
	    (rc = gw_db_review_state(&st, db, id, &err)) < 0 ||
	    (rc = gw_db_app(&app, db, id, &err)) < 0 ||
	    (rc = gw_db_check(&r, db, id, app, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	const char *next = next_step(missing, &owned, id, st, r);
	if (as_json) {
		json_object_set_new(st, "check", gw_rules_json(r));
		json_object_set(st, "missing", missing);
		json_object_set_new(st, "next", json_string(next));
		char *text = json_dumps(st, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
		goto done;
	}
	const char *status = json_string_value(json_object_get(st, "status"));
	const json_t *asset = json_object_get(st, "asset_no"), *rv, *lt, *m;
	size_t i;
	printf("%s\n", id);
	printf("狀態 status: %s %s\n", status, status_zh(status));
	if (json_is_string(asset))
		printf("資產編號: %s\n", json_string_value(asset));
	if (r->n == 0) {
		int r10 = 0;
		gw_err e10 = {0};
		gw_db_require_attachments(&r10, db, &e10);
		printf("檢核 check: 通過 pass (%s)\n", r10 ? "R1–R10" : "R1–R9");
	} else {
		printf("檢核 check: %zu 項不符 fail\n", r->n);
		print_failures(stdout, r, "  ");
	}
	printf("審查 reviews:\n");
	json_array_foreach(json_object_get(st, "reviews"), i, rv) {
		const char *res = json_string_value(json_object_get(rv, "result"));
		const char *note = json_string_value(json_object_get(rv, "note"));
		const char *at = json_string_value(json_object_get(rv, "at"));
		const char *ext = json_string_value(json_object_get(rv, "ext"));
		printf("  %-9s %s（%s", json_string_value(json_object_get(rv, "role")),
		       json_string_value(json_object_get(rv, "title")),
		       json_string_value(json_object_get(rv, "person")));
		if (ext && *ext)
			printf("，分機%s", ext);
		printf("）: %s", res ? res : "-");
		if (at)
			printf(" %s", at);
		if (note && *note)
			printf(" 「%s」", note);
		printf("\n");
	}
	json_array_foreach(json_object_get(st, "letters"), i, lt)
		printf("發文 letter: %s %s %s\n", json_string_value(json_object_get(lt, "kind")),
		       json_string_value(json_object_get(lt, "doc_no")),
		       json_string_value(json_object_get(lt, "date")));
	json_array_foreach(missing, i, m)
		printf("缺漏 missing: %s\n", json_string_value(m));
	printf("下一步 next: %s\n", next);
done:
	free(owned);
	gw_rules_free(r);
	json_decref(app);
	json_decref(st);
	json_decref(missing);
	gw_db_free(db);
	return rc;
}

/* ==== decide ==== */

int cmd_decide(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"date", required_argument, NULL, 'd'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	char *doc_no = NULL, *asset = NULL;
	const char *date = NULL;
	int c, rc = 0, approve;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return gw_cli_usage("decide", "unknown option");
		date = optarg;
	}
	if (optind != argc - 2)
		return gw_cli_usage("decide", "name APP_ID and approve or return");
	if (strcmp(argv[optind + 1], "approve") == 0)
		approve = 1;
	else if (strcmp(argv[optind + 1], "return") == 0)
		approve = 0;
	else
		return gw_cli_usage("decide", "'%s': say approve or return", argv[optind + 1]);
	if (date && gw_date_parse(date, NULL, NULL, NULL) < 0)
		return gw_cli_usage("decide", "--date '%s' is not a date (YYYY-MM-DD)", date);
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 ||
	    (rc = gw_db_decide(&doc_no, &asset, db, argv[optind], approve, date, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (approve)
		printf("%s: approved; 資產編號 %s; 發文字號 %s\n", argv[optind], asset, doc_no);
	else
		printf("%s: returned; 發文字號 %s\n", argv[optind], doc_no);
	gw_cli_bureau_warn_db(db, approve ? "approval" : "return", 0);
done:
	free(doc_no);
	free(asset);
	gw_db_free(db);
	return rc;
}
