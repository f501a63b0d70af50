/* Unit tests for docs.c (the data tree, which documents apply) and
 * data_docs.c (reference data, letters, documents rows). */
#include "t.h"
#include "docs.h"

#include <stdio.h>
#include <stdlib.h>

static json_t *J(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);
	if (!v)
		fprintf(stderr, "bad test JSON: %s\n", je.text);
	return v;
}

static const char *S(const json_t *root, const char *path)
{
	/* "a.b.c" or "a.0.b" */
	char *p = strdup(path), *save = NULL;
	const json_t *v = root;
	for (char *k = strtok_r(p, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	free(p);
	return json_is_string(v) ? json_string_value(v) : v == NULL ? "(missing)" : "(not text)";
}

static const json_t *V(const json_t *root, const char *path)
{
	char *p = strdup(path), *save = NULL;
	const json_t *v = root;
	for (char *k = strtok_r(p, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	free(p);
	return v;
}

static const char *APP =
	"{\"id\":\"A-1\",\"agency\":{\"name\":\"臺中市政府環境保護局\"},"
	"\"move\":{\"kind\":\"攜出\"},"
	"\"devices\":[{\"seq\":1,\"name\":\"web\",\"needs_ip\":{\"internal\":false,\"external\":true},"
	"\"security_software\":{\"vans\":{\"installed\":true}},\"reports\":[{},{}]},"
	"{\"seq\":2,\"name\":\"disk\",\"serial\":\"\"}],"
	"\"network\":{\"period\":{\"from\":\"2026-12-10\",\"to\":\"永久\"}},"
	"\"vpn\":{\"period\":{\"to\":\"2027-12-09\"}},"
	"\"bureau\":{\"asset_no\":\"115-DC-0009\",\"admin_account\":\"root / s3cret\"}}";

static const char *REF =
	"{\"bureau\":{\"name\":\"臺中市政府數位發展局\",\"phone\":\"04-22289111\","
	"\"asset_no\":\"not this\",\"admin_account\":\"nor this\"},"
	"\"reviewers\":[{\"role\":\"admin\",\"title\":\"資訊機房管理人員\",\"person\":\"陳助理管理師\","
	"\"ext\":\"22311\"},{\"role\":\"chief\",\"title\":\"網路資安科主管\",\"person\":\"科長\","
	"\"ext\":\"\"}]}";

TEST(docs_tree_computed_fields)
{
	json_t *app = J(APP), *ref = J(REF), *t = NULL;
	gw_err err = {0};

	CHECK_INT(gw_docs_build(&t, app, "received", ref, NULL, NULL, &err), 0);
	CHECK(json_is_true(V(t, "kind.carry_out")));
	CHECK(json_is_false(V(t, "kind.move_in")));
	CHECK(json_is_true(V(t, "devices.0.ip.external")));
	CHECK(json_is_false(V(t, "devices.0.ip.internal")));
	CHECK(json_is_true(V(t, "devices.0.sw.vans")));
	CHECK(json_is_false(V(t, "devices.0.sw.antivirus")));
	CHECK(json_is_false(V(t, "devices.1.ip.external")));
	CHECK(json_is_true(V(t, "needs_ip")));
	CHECK_INT(json_array_size(V(t, "ip_devices")), 1);
	CHECK_STR(S(t, "ip_devices.0.name"), "web");
	CHECK_INT(json_integer_value(V(t, "device_count")), 2);
	CHECK_INT(json_integer_value(V(t, "report_count")), 2);
	CHECK_STR(S(t, "network.period.to_text"), "永久");
	CHECK_STR(S(t, "vpn.period.to_text"), "中華民國116年12月9日");
	CHECK_STR(S(t, "vpn.period.from"), "");
	CHECK_STR(S(t, "status"), "received");
	/* The caller's tree is not changed. */
	CHECK(json_object_get(app, "kind") == NULL);
	json_decref(app);
	json_decref(ref);
	json_decref(t);
}

TEST(docs_tree_fills_every_field)
{
	json_t *app = J("{\"id\":\"A-2\",\"devices\":[{}]}"), *t = NULL;
	gw_err err = {0};

	CHECK_INT(gw_docs_build(&t, app, "received", NULL, NULL, NULL, &err), 0);
	CHECK_STR(S(t, "agency.name"), "");
	CHECK_STR(S(t, "applicant.ext"), "");
	CHECK_STR(S(t, "letter.doc_no"), "");
	CHECK_STR(S(t, "move.vendor.tax_id"), "");
	CHECK_STR(S(t, "devices.0.serial"), "");
	CHECK_STR(S(t, "devices.0.warranty_until"), "");
	CHECK(json_is_integer(V(t, "devices.0.seq")));
	CHECK_STR(S(t, "bureau.name"), "");
	CHECK_STR(S(t, "reply.doc_no"), "");
	CHECK(json_is_false(V(t, "needs_ip")));
	CHECK(json_is_false(V(t, "many_failures")));
	CHECK_STR(S(t, "first_failure"), "");
	CHECK(json_is_array(V(t, "network.rules")));
	CHECK(json_is_array(V(t, "vpn.accounts")));
	CHECK(json_is_true(V(t, "kind.move_in")) == 0);
	json_decref(app);
	json_decref(t);
	CHECK_INT(gw_docs_build(&t, NULL, "x", NULL, NULL, NULL, &err), GW_EDATA);
}

TEST(docs_tree_bureau_never_has_the_password)
{
	json_t *app = J(APP), *ref = J(REF), *t = NULL;
	gw_err err = {0};

	CHECK_INT(gw_docs_build(&t, app, "approved", ref, NULL, NULL, &err), 0);
	CHECK(V(t, "bureau.admin_account") == NULL);
	char *all = json_dumps(t, 0);
	CHECK(strstr(all, "s3cret") == NULL);
	CHECK(strstr(all, "nor this") == NULL);
	free(all);
	/* The application's own bureau fields win over the reference row. */
	CHECK_STR(S(t, "bureau.asset_no"), "115-DC-0009");
	CHECK_STR(S(t, "bureau.name"), "臺中市政府數位發展局");
	CHECK_STR(S(t, "bureau.phone"), "04-22289111");
	CHECK_STR(S(t, "bureau.coordination"), "");
	json_decref(app);
	json_decref(ref);
	json_decref(t);
}

TEST(docs_tree_contacts_failures_reply)
{
	json_t *app = J(APP), *ref = J(REF), *t = NULL;
	json_t *fails = J("[{\"rule\":\"R3\",\"device\":2,\"message\":\"設備2（disk）序號未填\"},"
			  "{\"rule\":\"R4\",\"device\":null,\"message\":\"未檢附SSLVPN申請單\"}]");
	json_t *reply = J("{\"date\":\"2026-11-25\",\"doc_no\":\"中市數網字第1150000001號\"}");
	gw_err err = {0};

	CHECK_INT(gw_docs_build(&t, app, "returned", ref, fails, reply, &err), 0);
	CHECK_INT(json_array_size(V(t, "contacts")), 1); /* the chief has no extension */
	CHECK_STR(S(t, "contacts.0.ext"), "22311");
	CHECK_INT(json_array_size(V(t, "reviewers")), 2);
	CHECK_STR(S(t, "contact.person"), "陳助理管理師");
	CHECK_INT(json_array_size(V(t, "failures")), 2);
	CHECK_STR(S(t, "failures.1.message"), "未檢附SSLVPN申請單");
	CHECK_INT(json_integer_value(V(t, "failures.1.n")), 2);
	CHECK_STR(S(t, "failures.1.device_name"), "");
	CHECK(json_is_true(V(t, "many_failures")));
	CHECK_STR(S(t, "first_failure"), "設備2（disk）序號未填");
	CHECK_STR(S(t, "reply.doc_no"), "中市數網字第1150000001號");
	CHECK_STR(S(t, "reply.date"), "2026-11-25");
	json_decref(app);
	json_decref(ref);
	json_decref(fails);
	json_decref(reply);
	json_decref(t);
}

TEST(docs_applicable_by_ip_and_status)
{
	json_t *t = J("{\"status\":\"received\",\"needs_ip\":false}");
	unsigned base = 1u << GW_DOC_REQUEST | 1u << GW_DOC_FORM;
	unsigned net = 1u << GW_DOC_NETWORK | 1u << GW_DOC_VPN;

	CHECK_INT(gw_docs_applicable(t), base);
	json_object_set_new(t, "needs_ip", json_true());
	CHECK_INT(gw_docs_applicable(t), base | net);
	json_object_set_new(t, "status", json_string("returned"));
	CHECK_INT(gw_docs_applicable(t), base | net | 1u << GW_DOC_RETURN);
	json_object_set_new(t, "status", json_string("approved"));
	CHECK_INT(gw_docs_applicable(t), base | net | 1u << GW_DOC_APPROVAL);
	json_object_set_new(t, "status", json_string("under_review"));
	CHECK_INT(gw_docs_applicable(t), base | net);
	json_decref(t);
}

TEST(docs_names_and_lists)
{
	unsigned set;
	gw_err err = {0};

	CHECK_STR(gw_docs_name(GW_DOC_VPN), "vpn");
	CHECK_INT(gw_docs_kind("approval"), GW_DOC_APPROVAL);
	CHECK_INT(gw_docs_kind("letter"), -1);
	CHECK_INT(gw_docs_parse_list(&set, "request,form", &err), 0);
	CHECK_INT(set, 1u << GW_DOC_REQUEST | 1u << GW_DOC_FORM);
	CHECK_INT(gw_docs_parse_list(&set, "request,forms", &err), GW_EUSAGE);
	CHECK(strstr(err.msg, "\"forms\"") != NULL);
	gw_err_clear(&err);
	CHECK_INT(gw_docs_parse_list(&set, "", &err), GW_EUSAGE);
}

TEST(docs_roc_text)
{
	char *s = gw_docs_roc_text("2026-11-20");
	CHECK_STR(s, "中華民國115年11月20日");
	free(s);
	s = gw_docs_roc_text("2027-01-05");
	CHECK_STR(s, "中華民國116年1月5日");
	free(s);
	s = gw_docs_roc_text("永久");
	CHECK_STR(s, "永久");
	free(s);
	s = gw_docs_roc_text(NULL);
	CHECK_STR(s, "");
	free(s);
}

TEST(docs_store_reference_letters_documents)
{
	char path[512];
	gw_db *db = NULL;
	gw_err err = {0};
	json_t *ref = NULL, *letter = (json_t *)1, *ids = NULL;

	snprintf(path, sizeof path, "%s/docs.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	CHECK_INT(gw_db_reference(&ref, db, &err), 0);
	CHECK_STR(S(ref, "bureau.name"), "臺中市政府數位發展局");
	CHECK_STR(S(ref, "reviewers.0.ext"), "22311");
	CHECK_STR(S(ref, "reviewers.1.person"), "盧分析師");
	CHECK_INT(json_array_size(V(ref, "reviewers")), 7);
	CHECK_INT(gw_db_letter_get(&letter, db, "A-1", "return", &err), 0);
	CHECK(letter == NULL);

	json_t *app = J(APP);
	json_object_del(json_object_get(app, "bureau"), "admin_account");
	CHECK_INT(gw_db_import(db, app, 0, &err), 0);
	CHECK_INT(gw_db_app_ids(&ids, db, &err), 0);
	CHECK_INT(json_array_size(ids), 1);
	CHECK_STR(S(ids, "0"), "A-1");

	json_t *tree = NULL;
	CHECK_INT(gw_docs_tree(&tree, db, "A-1", &err), 0);
	CHECK_STR(S(tree, "bureau.name"), "臺中市政府數位發展局");
	CHECK_STR(S(tree, "status"), "received");
	CHECK_INT(json_array_size(V(tree, "contacts")), 6);
	json_decref(tree);
	CHECK_INT(gw_docs_tree(&tree, db, "NOPE", &err), GW_ENOTFOUND);
	CHECK(tree == NULL);

	json_t *files = J("[{\"name\":\"form.docx\",\"kind\":\"form\",\"path\":\"out/A-1/form.docx\","
			  "\"sha256\":\"00\",\"bytes\":12}]");
	CHECK_INT(gw_db_documents_record(db, "A-1", "out/A-1", files, &err), 0);
	json_decref(files);
	json_decref(tree);
	json_decref(app);
	json_decref(ids);
	json_decref(ref);
	gw_db_free(db);
}

TEST(docs_store_returned_tree_has_letter_and_reasons)
{
	char path[512], *doc_no = NULL;
	gw_db *db = NULL;
	gw_err err = {0};
	json_t *app = J(APP), *tree = NULL;

	snprintf(path, sizeof path, "%s/ret.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	if (!db)
		return;
	json_object_del(json_object_get(app, "bureau"), "admin_account");
	CHECK_INT(gw_db_import(db, app, 0, &err), 0);
	/* The minimal application fails the rules: the window returns it. */
	CHECK_INT(gw_db_decide(&doc_no, NULL, db, "A-1", 0, "2026-11-25", &err), 0);
	CHECK_INT(gw_docs_tree(&tree, db, "A-1", &err), 0);
	CHECK_STR(S(tree, "status"), "returned");
	CHECK_STR(S(tree, "reply.doc_no"), doc_no ? doc_no : "?");
	CHECK_STR(S(tree, "reply.date"), "2026-11-25");
	CHECK(json_array_size(V(tree, "failures")) > 0);
	CHECK(strcmp(S(tree, "failures.0.rule"), "R1") == 0);
	CHECK(gw_docs_applicable(tree) & 1u << GW_DOC_RETURN);
	/* Each reason is a clause: no final 。 (the template adds it). */
	const char *m = S(tree, "failures.0.message");
	CHECK(strlen(m) > 3 && strcmp(m + strlen(m) - 3, "。") != 0);
	free(doc_no);
	json_decref(tree);
	json_decref(app);
	gw_db_free(db);
}

/* The audit's computed fields: the move's direction (the approval's 上架 or
 * 下架), whether a period ends on a date (「至…止」 or 「（永久）」), and a
 * 配合事項 that does not double the approval's 。. */
TEST(docs_tree_direction_period_coordination)
{
	json_t *app = J(APP), *ref = J(REF), *t = NULL;
	gw_err err = {0};

	json_object_set_new(json_object_get(app, "bureau"), "coordination",
			    json_string("請於上架前完成防火牆設定。"));
	CHECK_INT(gw_docs_build(&t, app, "approved", ref, NULL, NULL, &err), 0);
	CHECK(json_is_false(V(t, "kind.inbound")));
	CHECK(json_is_true(V(t, "kind.outbound")));
	CHECK(json_is_false(V(t, "network.period.to_is_date")));
	CHECK_STR(S(t, "network.period.to_text"), "永久");
	CHECK(json_is_true(V(t, "vpn.period.to_is_date")));
	CHECK_STR(S(t, "vpn.period.to_text"), "中華民國116年12月9日");
	CHECK_STR(S(t, "bureau.coordination"), "請於上架前完成防火牆設定");
	json_decref(t);
	t = NULL;

	json_object_set_new(json_object_get(app, "move"), "kind", json_string("移入"));
	json_object_set_new(json_object_get(app, "bureau"), "coordination", json_string("。"));
	CHECK_INT(gw_docs_build(&t, app, "approved", ref, NULL, NULL, &err), 0);
	CHECK(json_is_true(V(t, "kind.inbound")));
	CHECK(json_is_false(V(t, "kind.outbound")));
	CHECK_STR(S(t, "bureau.coordination"), "");
	json_decref(app);
	json_decref(ref);
	json_decref(t);
}
