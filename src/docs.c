/*
 * docs.c — the document pack: which documents apply and the data tree the
 * templates receive (docs.h; templates/README.md lists every field).
 *
 * Invariants: the tree is a deep copy (the caller's app is never changed);
 * every field a template reads exists, "" when the applicant left it out, so
 * a strict merge fails only on a template's own mistakes; the admin
 * account/password never enters the tree.  No library is wrapped here; the
 * rules come from rules.c and the store from data_docs.c.
 */
#include "docs.h"
#include "app.h"

#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[GW_DOC_COUNT] = {"request", "form", "network", "vpn",
	"return", "approval"};
static const char *const titles[GW_DOC_COUNT] = {"申請函",
	"資訊機房設備／系統移（攜）出入申請單", "臺中市政府主機設備網路連線申請單",
	"臺中市政府SSLVPN網路連線維護申請單", "檢還函", "核准函"};

const char *gw_docs_name(int kind)
{
	return kind >= 0 && kind < GW_DOC_COUNT ? names[kind] : "";
}

const char *gw_docs_title(int kind)
{
	return kind >= 0 && kind < GW_DOC_COUNT ? titles[kind] : "";
}

int gw_docs_kind(const char *name)
{
	for (int i = 0; i < GW_DOC_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int gw_docs_parse_list(unsigned *out, const char *list, gw_err *err)
{
	const char *s = list;

	*out = 0;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *name = xstrndup(s, n);
		int k = gw_docs_kind(name);
		if (k < 0) {
			int rc = gw_err_set(err, GW_EUSAGE, "--only: unknown document \"%s\" (request, "
					    "form, network, vpn, return, approval)", name);
			free(name);
			return rc;
		}
		free(name);
		*out |= 1u << k;
		s += n + (e != NULL);
	}
	if (*out == 0)
		return gw_err_set(err, GW_EUSAGE, "--only: no document named");
	return 0;
}

unsigned gw_docs_applicable(const json_t *tree)
{
	unsigned set = 1u << GW_DOC_REQUEST | 1u << GW_DOC_FORM;
	const char *status = json_string_value(json_object_get(tree, "status"));

	if (json_is_true(json_object_get(tree, "needs_ip")))
		set |= 1u << GW_DOC_NETWORK | 1u << GW_DOC_VPN;
	if (status && strcmp(status, "returned") == 0)
		set |= 1u << GW_DOC_RETURN;
	if (status && strcmp(status, "approved") == 0)
		set |= 1u << GW_DOC_APPROVAL;
	return set;
}

char *gw_docs_roc_text(const char *iso)
{
	int y, m, d;

	if (iso && gw_date_parse(iso, &y, &m, &d) == 0 && y > 1911)
		return xasprintf("中華民國%d年%d月%d日", y - 1911, m, d);
	return xstrdup(iso ? iso : "");
}

/* ==== Normalising the application ==== */

/* The object at key of parent, created empty when absent or not an object. */
static json_t *obj(json_t *parent, const char *key)
{
	json_t *o = json_object_get(parent, key);
	if (!json_is_object(o)) {
		o = json_object();
		json_object_set_new(parent, key, o);
	}
	return o;
}

static json_t *arr(json_t *parent, const char *key)
{
	json_t *a = json_object_get(parent, key);
	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(parent, key, a);
	}
	return a;
}

/* Give every named field that is missing or null the value "". */
static void fields(json_t *o, const char *const *keys)
{
	for (; *keys; keys++) {
		json_t *v = json_object_get(o, *keys);
		if (v == NULL || json_is_null(v))
			json_object_set_new(o, *keys, json_string(""));
	}
}

static int truthy(const json_t *v)
{
	return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void period(json_t *parent)
{
	json_t *p = obj(parent, "period");
	static const char *const k[] = {"from", "to", NULL};
	fields(p, k);
	char *t = gw_docs_roc_text(str(p, "to"));
	int y, m, d;
	json_object_set_new(p, "to_text", json_string(t));
	/* A date reads 「自…起至…止」; a text such as 永久 does not follow 至…止. */
	json_object_set_new(p, "to_is_date", json_boolean(
		gw_date_parse(str(p, "to"), &y, &m, &d) == 0 && y > 1911));
	free(t);
}

static void normalise(json_t *t)
{
	static const char *const agency[] = {"name", "short_name", "code", "unit", "address",
		"head_title", "head_name", NULL};
	static const char *const applicant[] = {"name", "title", "phone", "ext", "fax", "email",
		NULL};
	static const char *const letter[] = {"date", "doc_no", "urgency", "attachments", NULL};
	static const char *const move[] = {"kind", "system_name", "reason", "planned_date",
		"planned_time", NULL};
	static const char *const vendor[] = {"name", "tax_id", "engineer", "phone", NULL};
	static const char *const device[] = {"seq", "type", "name", "hostname", "brand", "model",
		"serial", "qty", "rack_units", "power", "os", "os_version", "database", "software",
		"purpose", "maintainer", "warranty_until", NULL};
	static const char *const rule[] = {"source", "destination", "port", "protocol", "purpose",
		NULL};
	static const char *const account[] = {"name", "company", "email", "mobile", NULL};
	static const char *const target[] = {"host", "port", "protocol", NULL};
	static const char *const bureau[] = {"asset_no", "coordination", "vm_location", NULL};
	json_t *m, *devs, *ipdevs, *net, *vpn, *e;
	size_t i, reports = 0;

	fields(t, (const char *const[]){"id", NULL});
	fields(obj(t, "agency"), agency);
	fields(obj(t, "applicant"), applicant);
	fields(obj(t, "letter"), letter);
	m = obj(t, "move");
	fields(m, move);
	fields(obj(m, "vendor"), vendor);

	/* The move kind as four booleans for the form's checkboxes. */
	const char *kind = str(m, "kind");
	json_t *k = obj(t, "kind");
	json_object_set_new(k, "move_in", json_boolean(strcmp(kind, "移入") == 0));
	json_object_set_new(k, "move_out", json_boolean(strcmp(kind, "移出") == 0));
	json_object_set_new(k, "carry_in", json_boolean(strcmp(kind, "攜入") == 0));
	json_object_set_new(k, "carry_out", json_boolean(strcmp(kind, "攜出") == 0));
	/* Into the data centre (上架) or out of it (下架): the approval's steps. */
	json_object_set_new(k, "inbound", json_boolean(strcmp(kind, "移入") == 0 ||
		strcmp(kind, "攜入") == 0));
	json_object_set_new(k, "outbound", json_boolean(strcmp(kind, "移出") == 0 ||
		strcmp(kind, "攜出") == 0));

	devs = arr(t, "devices");
	ipdevs = json_array();
	json_array_foreach(devs, i, e) {
		if (!json_is_object(e)) {
			json_array_set_new(devs, i, json_object());
			e = json_array_get(devs, i);
		}
		fields(e, device);
		if (json_is_string(json_object_get(e, "seq")) && !*str(e, "seq"))
			json_object_set_new(e, "seq", json_integer((json_int_t)i + 1));
		json_t *need = json_object_get(e, "needs_ip");
		int in = truthy(json_object_get(need, "internal"));
		int ex = truthy(json_object_get(need, "external"));
		json_t *ip = obj(e, "ip");
		json_object_set_new(ip, "internal", json_boolean(in));
		json_object_set_new(ip, "external", json_boolean(ex));
		json_t *ss = json_object_get(e, "security_software"), *sw = obj(e, "sw");
		static const char *const tools[] = {"antivirus", "mdr", "vans", NULL};
		for (int j = 0; tools[j]; j++)
			json_object_set_new(sw, tools[j], json_boolean(truthy(json_object_get(
					    json_object_get(ss, tools[j]), "installed"))));
		reports += json_array_size(json_object_get(e, "reports"));
		if (in || ex)
			json_array_append(ipdevs, e);
	}
	/* The form's front lists the first GW_DOCS_FRONT_DEVICES devices and
	 * counts the rest, which only the back lists: page 1 stays one sheet
	 * whatever the number of devices. */
	json_t *front = json_array();
	size_t ndev = json_array_size(devs);
	for (i = 0; i < ndev && i < GW_DOCS_FRONT_DEVICES; i++)
		json_array_append(front, json_array_get(devs, i));
	json_object_set_new(t, "devices_front", front);
	json_object_set_new(t, "devices_more", json_integer(ndev > GW_DOCS_FRONT_DEVICES ?
		(json_int_t)(ndev - GW_DOCS_FRONT_DEVICES) : 0));
	json_object_set_new(t, "device_count", json_integer((json_int_t)ndev));
	json_object_set_new(t, "report_count", json_integer((json_int_t)reports));
	json_object_set_new(t, "needs_ip", json_boolean(json_array_size(ipdevs) > 0));
	json_object_set_new(t, "ip_devices", ipdevs);

	net = obj(t, "network");
	json_array_foreach(arr(net, "rules"), i, e)
		if (json_is_object(e))
			fields(e, rule);
	period(net);
	vpn = obj(t, "vpn");
	json_array_foreach(arr(vpn, "accounts"), i, e)
		if (json_is_object(e))
			fields(e, account);
	json_array_foreach(arr(vpn, "targets"), i, e)
		if (json_is_object(e))
			fields(e, target);
	fields(vpn, (const char *const[]){"reason", NULL});
	period(vpn);

	/* The bureau-only fields; the admin account/password is never printed. */
	json_t *b = obj(t, "bureau");
	json_object_del(b, "admin_account");
	fields(b, bureau);
	/* 配合事項 is set into a sentence that ends with its own 。 (approval). */
	const char *co = str(b, "coordination");
	size_t n = strlen(co);
	while (n >= 3 && strncmp(co + n - 3, "。", 3) == 0)
		n -= 3;
	if (n != strlen(co))
		json_object_set_new(b, "coordination", json_stringn(co, n));
}

int gw_docs_build(json_t **out, const json_t *app, const char *status, const json_t *ref,
		  const json_t *failures, const json_t *reply, gw_err *err)
{
	json_t *t, *contacts, *e;
	size_t i;

	*out = NULL;
	if (!json_is_object(app))
		return gw_err_set(err, GW_EDATA, "application: not a JSON object");
	t = json_deep_copy(app);
	normalise(t);
	json_object_set_new(t, "status", json_string(status ? status : ""));

	/* The bureau: its reference row merged under the application's own
	 * bureau-only fields (asset_no, coordination, vm_location). */
	json_t *b = json_object_get(t, "bureau");
	json_t *rb = json_object_get(ref, "bureau");
	const char *key;
	json_object_foreach(rb, key, e)
		if (strcmp(key, "admin_account") != 0 && !json_object_get(b, key))
			json_object_set_new(b, key, json_deep_copy(e));
	static const char *const bref[] = {"name", "short_name", "unit", "address", "phone", "fax",
		"head_title", "head_name", "doc_prefix", NULL};
	fields(b, bref);

	/* The reviewers who take calls (the chief has no extension) and the
	 * letters' 承辦人: the data-centre administrator. */
	contacts = json_array();
	json_t *contact = NULL;
	json_array_foreach(json_object_get(ref, "reviewers"), i, e) {
		if (*str(e, "ext"))
			json_array_append(contacts, e);
		if (!contact && strcmp(str(e, "role"), "admin") == 0)
			contact = e;
	}
	json_object_set_new(t, "contacts", contacts);
	json_object_set_new(t, "reviewers", json_deep_copy(json_object_get(ref, "reviewers")));
	json_t *c = json_object();
	json_object_set_new(c, "title", json_string(contact ? str(contact, "title") : ""));
	json_object_set_new(c, "person", json_string(contact ? str(contact, "person") : ""));
	json_object_set_new(c, "ext", json_string(contact ? str(contact, "ext") : ""));
	json_object_set_new(t, "contact", c);

	/* The return letter's reasons, one per failure. */
	json_t *fl = json_array();
	json_array_foreach(failures, i, e) {
		json_t *f = json_deep_copy(e);
		static const char *const fk[] = {"rule", "device_name", "field", "message", NULL};
		fields(f, fk);
		json_object_set_new(f, "n", json_integer((json_int_t)i + 1));
		json_array_append_new(fl, f);
	}
	json_object_set_new(t, "many_failures", json_boolean(json_array_size(fl) > 1));
	json_object_set_new(t, "first_failure", json_string(json_array_size(fl) ? str(
		json_array_get(fl, 0), "message") : ""));
	json_object_set_new(t, "failures", fl);

	json_t *r = json_object();
	json_object_set_new(r, "date", json_string(reply ? str(reply, "date") : ""));
	json_object_set_new(r, "doc_no", json_string(reply ? str(reply, "doc_no") : ""));
	json_object_set_new(t, "reply", r);
	*out = t;
	return 0;
}

/* ==== From the store ==== */

/* The rules' failures, then each reviewer's "fail" with its note, as the
 * return letter's reasons. */
static int reasons(json_t **out, gw_db *db, const char *app_id, const json_t *app, gw_err *err)
{
	json_t *list = json_array(), *revs = NULL, *e;
	size_t i;
	int rc = 0;

	gw_rules *rs = NULL;
	if ((rc = gw_db_check(&rs, db, app_id, app, err)) < 0)
		goto done;
	for (i = 0; i < rs->n; i++) {
		const gw_rule_fail *f = &rs->fail[i];
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(f->rule));
		json_object_set_new(o, "rule_title", json_string(gw_rules_title(f->rule)));
		json_object_set_new(o, "device", f->device ? json_integer(f->device) : json_null());
		json_object_set_new(o, "device_name", json_string(f->device_name));
		json_object_set_new(o, "field", json_string(f->field));
		json_object_set_new(o, "message", json_string(f->message));
		json_array_append_new(list, o);
	}
	gw_rules_free(rs);
	if ((rc = gw_db_review_fails(&revs, db, app_id, err)) < 0)
		goto done;
	json_array_foreach(revs, i, e) {
		json_t *o = json_object();
		const char *note = str(e, "note");
		char *msg = *note ? xasprintf("%s審查意見：%s", str(e, "title"), note)
				  : xasprintf("%s審查未通過", str(e, "title"));
		/* A note may end in 。; the template adds its own. */
		size_t n = strlen(msg);
		if (n >= 3 && strcmp(msg + n - 3, "。") == 0)
			msg[n - 3] = 0;
		json_object_set_new(o, "rule", json_string(""));
		json_object_set_new(o, "device", json_null());
		json_object_set_new(o, "message", json_string(msg));
		free(msg);
		json_array_append_new(list, o);
	}
	if (json_array_size(list) == 0) {
		/* Returned by the window without a recorded reason: still one. */
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(""));
		json_object_set_new(o, "device", json_null());
		json_object_set_new(o, "message", json_string("申請文件經審查仍未齊備"));
		json_array_append_new(list, o);
	}
done:
	json_decref(revs);
	if (rc == 0)
		*out = list;
	else
		json_decref(list);
	return rc;
}

int gw_docs_tree(json_t **out, gw_db *db, const char *app_id, gw_err *err)
{
	json_t *app = NULL, *ref = NULL, *fails = NULL, *reply = NULL;
	char *status = NULL;
	int rc;

	*out = NULL;
	if ((rc = gw_db_app(&app, db, app_id, err)) < 0 ||
	    (rc = gw_db_app_status(&status, db, app_id, err)) < 0 ||
	    (rc = gw_db_reference(&ref, db, err)) < 0)
		goto done;
	if (strcmp(status, "returned") == 0 || strcmp(status, "approved") == 0) {
		const char *kind = strcmp(status, "returned") == 0 ? "return" : "approval";
		if ((rc = gw_db_letter_get(&reply, db, app_id, kind, err)) < 0)
			goto done;
		if (reply == NULL) {
			rc = gw_err_set(err, GW_ESTATE, "application %s is %s but has no %s letter "
					"number (record the decision with gongwen decide)", app_id,
					status, kind);
			goto done;
		}
	}
	if (strcmp(status, "returned") == 0 && (rc = reasons(&fails, db, app_id, app, err)) < 0)
		goto done;
	rc = gw_docs_build(out, app, status, ref, fails, reply, err);
done:
	json_decref(app);
	json_decref(ref);
	json_decref(fails);
	json_decref(reply);
	free(status);
	return rc;
}
