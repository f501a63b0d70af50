/* Unit tests for rules.c (R1–R9 at their edges) and the data module's
 * letter numbers and asset-number format (data_review.c). */
#include "t.h"
#include "rules.h"
#include "data.h"

#include <stdio.h>
#include <stdlib.h>

/* A complete application: device 1 a Linux Server(AP) needing an internal IP,
 * device 2 a Server(WEB AP) public website on Windows, device 3 a Disk Array.
 * Move-in 2026-12-10, so the window is 2026-11-10 … 2026-12-10. */
static const char base_json[] =
	"{\"id\":\"T-1\","
	"\"agency\":{\"name\":\"臺中市政府環境保護局\",\"unit\":\"資訊室\"},"
	"\"applicant\":{\"name\":\"王小明\",\"title\":\"資訊管理師\",\"phone\":\"04-22289111\","
	"\"ext\":\"66301\",\"fax\":\"無\",\"email\":\"w@example.tw\"},"
	"\"letter\":{\"date\":\"2026-11-20\",\"doc_no\":\"中市環資字第1150012345號\"},"
	"\"move\":{\"kind\":\"移入\",\"system_name\":\"系統\",\"reason\":\"集中管理\","
	"\"planned_date\":\"2026-12-10\",\"planned_time\":\"14:00-17:00\","
	"\"vendor\":{\"name\":\"廠商\",\"tax_id\":\"12345675\",\"engineer\":\"李志豪\","
	"\"phone\":\"0912-345-678\"}},"
	"\"form_front\":{\"sealed\":true,\"original\":true},"
	"\"devices\":["
	"{\"seq\":1,\"type\":\"Server(AP)\",\"name\":\"應用伺服器\",\"hostname\":\"ap01\","
	"\"brand\":\"HPE\",\"model\":\"DL360\",\"serial\":\"S1\",\"qty\":1,\"rack_units\":1,"
	"\"power\":\"500W\",\"os\":\"Linux\",\"os_version\":\"RHEL 9\",\"database\":\"無\","
	"\"software\":\"無\",\"purpose\":\"查詢\",\"public_website\":false,"
	"\"large_public_site\":false,\"needs_ip\":{\"internal\":true,\"external\":false},"
	"\"maintainer\":\"廠商\",\"warranty_until\":\"2029-12-31\","
	"\"security_software\":{\"antivirus\":{\"installed\":true,\"evidence\":\"a.pdf\"},"
	"\"mdr\":{\"installed\":true,\"evidence\":\"m.pdf\"},"
	"\"vans\":{\"installed\":true,\"evidence\":\"v.pdf\"}},"
	"\"golive_record\":true,\"reports\":["
	"{\"kind\":\"host_vuln_scan\",\"date\":\"2026-11-13\",\"critical\":0,\"high\":0,\"medium\":0,\"low\":3},"
	"{\"kind\":\"malware_scan\",\"date\":\"2026-11-14\",\"critical\":0,\"high\":0,\"medium\":0,\"low\":0},"
	"{\"kind\":\"patch_status\",\"date\":\"2026-11-14\",\"critical\":0,\"high\":0,\"medium\":0,\"low\":0}]},"
	"{\"seq\":2,\"type\":\"Server(WEB AP)\",\"name\":\"網站伺服器\",\"hostname\":\"web01\","
	"\"brand\":\"Dell\",\"model\":\"R760\",\"serial\":\"S2\",\"qty\":1,\"rack_units\":2,"
	"\"power\":\"800W\",\"os\":\"Windows\",\"os_version\":\"Windows Server 2022\","
	"\"database\":\"無\",\"software\":\"IIS\",\"purpose\":\"網站\",\"public_website\":true,"
	"\"large_public_site\":false,\"needs_ip\":{\"internal\":true,\"external\":true},"
	"\"maintainer\":\"廠商\",\"warranty_until\":\"2029-12-31\","
	"\"security_software\":{\"antivirus\":{\"installed\":true,\"evidence\":\"a.pdf\"},"
	"\"mdr\":{\"installed\":true,\"evidence\":\"m.pdf\"},"
	"\"vans\":{\"installed\":true,\"evidence\":\"v.pdf\"}},"
	"\"golive_record\":true,\"reports\":["
	"{\"kind\":\"source_code_scan\",\"date\":\"2026-11-12\",\"critical\":0,\"high\":0,\"medium\":0,\"low\":4},"
	"{\"kind\":\"web_vuln_scan\",\"date\":\"2026-11-13\",\"critical\":0,\"high\":0,\"medium\":0,\"low\":5}]},"
	"{\"seq\":3,\"type\":\"Disk Array\",\"name\":\"儲存陣列\",\"hostname\":\"無\","
	"\"brand\":\"Synology\",\"model\":\"SA3400\",\"serial\":\"S3\",\"qty\":1,\"rack_units\":2,"
	"\"power\":\"500W\",\"os\":\"無\",\"os_version\":\"無\",\"database\":\"無\","
	"\"software\":\"無\",\"purpose\":\"儲存\",\"needs_ip\":{\"internal\":false,\"external\":false},"
	"\"maintainer\":\"廠商\",\"warranty_until\":\"2028-06-30\",\"golive_record\":false,"
	"\"reports\":[]}],"
	"\"network\":{\"filed\":true},\"vpn\":{\"filed\":true},"
	"\"bureau\":{\"asset_no\":\"\",\"coordination\":\"\",\"vm_location\":\"\",\"admin_account\":\"\"}}";

static json_t *base(void)
{
	json_error_t je;
	json_t *v = json_loads(base_json, 0, &je);
	if (v == NULL)
		fprintf(stderr, "test_rules: base fixture: line %d: %s\n", je.line, je.text);
	return v;
}

static json_t *dev(json_t *app, int i)
{
	return json_array_get(json_object_get(app, "devices"), (size_t)i);
}

static json_t *report(json_t *app, int d, int r)
{
	return json_array_get(json_object_get(dev(app, d), "reports"), (size_t)r);
}

static void set_str(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, json_string(s));
}

/* Run the rules; the result is a string "R5/1/field R6/2/field …" for
 * comparisons, and the list is freed. */
static char *run(json_t *app)
{
	gw_rules *r = NULL;
	gw_err err = {0};
	gw_buf b;

	gw_buf_init(&b);
	gw_buf_adds(&b, "");
	if (gw_rules_check(&r, app, &err) < 0) {
		gw_buf_printf(&b, "error: %s", err.msg);
	} else {
		for (size_t i = 0; i < r->n; i++)
			gw_buf_printf(&b, "%s%s/%d/%s", i ? " " : "", r->fail[i].rule,
				      r->fail[i].device, r->fail[i].field);
	}
	gw_rules_free(r);
	json_decref(app);
	return gw_buf_detach(&b, NULL);
}

#define EXPECT(app, want)                          \
	do {                                       \
		char *got_ = run(app);             \
		CHECK_STR(got_, want);             \
		free(got_);                        \
	} while (0)

static json_t *with_report_date(int d, int r, const char *date)
{
	json_t *a = base();
	set_str(report(a, d, r), "date", date);
	return a;
}

static json_t *with_move(const char *planned, const char *report_date)
{
	json_t *a = base();
	set_str(json_object_get(a, "move"), "planned_date", planned);
	set_str(report(a, 0, 0), "date", report_date);
	/* Keep the other reports inside the new window: same date. */
	set_str(report(a, 0, 1), "date", planned);
	set_str(report(a, 0, 2), "date", planned);
	set_str(report(a, 1, 0), "date", planned);
	set_str(report(a, 1, 1), "date", planned);
	return a;
}

TEST(rules_base_passes)
{
	EXPECT(base(), "");
}

TEST(rules_window_start_clamps)
{
	int y, m, d;
	gw_rules_window_start(&y, &m, &d, 2026, 3, 31);
	CHECK(y == 2026 && m == 2 && d == 28);
	gw_rules_window_start(&y, &m, &d, 2024, 3, 31);
	CHECK(y == 2024 && m == 2 && d == 29);
	gw_rules_window_start(&y, &m, &d, 2000, 3, 30);
	CHECK(y == 2000 && m == 2 && d == 29);
	gw_rules_window_start(&y, &m, &d, 2100, 3, 29);
	CHECK(y == 2100 && m == 2 && d == 28);
	gw_rules_window_start(&y, &m, &d, 2026, 1, 15);
	CHECK(y == 2025 && m == 12 && d == 15);
	gw_rules_window_start(&y, &m, &d, 2026, 5, 31);
	CHECK(y == 2026 && m == 4 && d == 30);
	gw_rules_window_start(&y, &m, &d, 2026, 12, 10);
	CHECK(y == 2026 && m == 11 && d == 10);
	gw_rules_window_start(&y, &m, &d, 2026, 3, 1);
	CHECK(y == 2026 && m == 2 && d == 1);
}

TEST(rules_r5_window_edges)
{
	/* Move-in 2026-12-10: 11-10 is the first day in, 11-09 out. */
	EXPECT(with_report_date(0, 0, "2026-11-10"), "");
	EXPECT(with_report_date(0, 0, "2026-11-09"), "R5/1/devices[0].reports[0].date");
	/* The move-in day itself is inside; the day after is not. */
	EXPECT(with_report_date(0, 0, "2026-12-10"), "");
	EXPECT(with_report_date(0, 0, "2026-12-11"), "R5/1/devices[0].reports[0].date");
	EXPECT(with_report_date(1, 1, "2025-11-10"), "R5/2/devices[1].reports[1].date");
}

TEST(rules_r5_window_month_ends)
{
	EXPECT(with_move("2026-03-31", "2026-02-28"), "");
	EXPECT(with_move("2026-03-31", "2026-02-27"), "R5/1/devices[0].reports[0].date");
	EXPECT(with_move("2024-03-31", "2024-02-29"), "");
	EXPECT(with_move("2024-03-31", "2024-02-28"), "R5/1/devices[0].reports[0].date");
	EXPECT(with_move("2026-01-31", "2025-12-31"), "");
	EXPECT(with_move("2026-01-31", "2025-12-30"), "R5/1/devices[0].reports[0].date");
	EXPECT(with_move("2026-02-28", "2026-01-28"), "");
	EXPECT(with_move("2026-02-28", "2026-01-27"), "R5/1/devices[0].reports[0].date");
}

TEST(rules_r5_findings)
{
	json_t *a = base();
	json_object_set_new(report(a, 0, 0), "medium", json_integer(1));
	EXPECT(a, "R5/1/devices[0].reports[0].medium");
	a = base();
	json_object_set_new(report(a, 1, 0), "high", json_integer(1));
	EXPECT(a, "R5/2/devices[1].reports[0].high");
	a = base();
	json_object_set_new(report(a, 0, 2), "critical", json_integer(3));
	json_object_set_new(report(a, 0, 2), "medium", json_integer(2));
	EXPECT(a, "R5/1/devices[0].reports[2].critical");
	a = base();
	json_object_set_new(report(a, 0, 0), "low", json_integer(99));
	EXPECT(a, "");
	a = base();
	json_object_del(report(a, 0, 0), "medium");
	EXPECT(a, "R5/1/devices[0].reports[0]");
}

TEST(rules_r5_messages)
{
	json_t *a = base();
	gw_rules *r = NULL;
	gw_err err = {0};
	json_object_set_new(report(a, 0, 0), "medium", json_integer(2));
	json_object_set_new(report(a, 0, 0), "high", json_integer(1));
	set_str(report(a, 0, 1), "date", "2026-11-09");
	CHECK_INT(gw_rules_check(&r, a, &err), 0);
	CHECK_INT(r->n, 2);
	if (r->n == 2) {
		/* Field order: report 0's findings before report 1's date. */
		CHECK_STR(r->fail[1].message, "設備1（應用伺服器）病毒及惡意程式偵測報告檢測日期"
			  "115年11月9日不在移入日期前一個月內（應為115年11月10日至115年12月10日）");
		CHECK_STR(r->fail[0].message,
			  "設備1（應用伺服器）主機弱點掃描報告發現高風險弱點1項、中風險弱點2項（應無中風險以上之弱點）");
		CHECK_STR(r->fail[0].detail, "主機弱點掃描報告發現高風險弱點1項、中風險弱點2項（應無中風險以上之弱點）");
		CHECK_STR(r->fail[0].device_name, "應用伺服器");
		char *line = gw_rules_line(&r->fail[0]);
		CHECK_STR(line, "R5 設備1（應用伺服器）：主機弱點掃描報告發現高風險弱點1項、中風險弱點2項（應無中風險以上之弱點）");
		free(line);
	}
	/* No message ends in 。 */
	for (size_t i = 0; r && i < r->n; i++) {
		size_t n = strlen(r->fail[i].message);
		CHECK(n < 3 || strcmp(r->fail[i].message + n - 3, "。") != 0);
	}
	gw_rules_free(r);
	json_decref(a);
}

TEST(rules_unparsable_dates_fail)
{
	EXPECT(with_report_date(0, 0, "2026-02-30"), "R5/1/devices[0].reports[0].date");
	EXPECT(with_report_date(0, 0, "20261113"), "R5/1/devices[0].reports[0].date");
	EXPECT(with_report_date(0, 0, ""), "R5/1/devices[0].reports[0].date");
	json_t *a = base();
	set_str(json_object_get(a, "move"), "planned_date", "2026/12/10");
	EXPECT(a, "R2/0/move.planned_date R5/0/move.planned_date");
	a = base();
	set_str(json_object_get(a, "letter"), "date", "2026-11-31");
	EXPECT(a, "R1/0/letter.date");
	a = base();
	set_str(dev(a, 2), "warranty_until", "2028-06-31");
	EXPECT(a, "R3/3/devices[2].warranty_until");
}

TEST(rules_r3_wu_vs_blank)
{
	json_t *a = base();
	set_str(dev(a, 2), "serial", "無");
	EXPECT(a, "");
	a = base();
	set_str(dev(a, 2), "serial", "");
	EXPECT(a, "R3/3/devices[2].serial");
	a = base();
	json_object_del(dev(a, 2), "serial");
	EXPECT(a, "R3/3/devices[2].serial");
	a = base();
	set_str(dev(a, 0), "software", "\xe3\x80\x80 ");
	EXPECT(a, "R3/1/devices[0].software");
	a = base();
	json_object_del(json_object_get(dev(a, 1), "needs_ip"), "external");
	EXPECT(a, "R3/2/devices[1].needs_ip.external");
	a = base();
	json_object_set_new(a, "devices", json_array());
	EXPECT(a, "R3/0/devices");
}

TEST(rules_r3_message_names_device_and_field)
{
	json_t *a = base();
	gw_rules *r = NULL;
	gw_err err = {0};
	set_str(dev(a, 2), "serial", "");
	gw_rules_check(&r, a, &err);
	CHECK_INT(r->n, 1);
	if (r->n == 1)
		CHECK_STR(r->fail[0].message,
			  "設備3（儲存陣列）申請單第2頁「序號」欄位未填寫（無資料者應填「無」）");
	gw_rules_free(r);
	json_decref(a);
}

TEST(rules_r1_r2)
{
	json_t *a = base();
	set_str(json_object_get(a, "letter"), "doc_no", "");
	EXPECT(a, "R1/0/letter.doc_no");
	a = base();
	json_object_del(a, "letter");
	EXPECT(a, "R1/0/letter.date R1/0/letter.doc_no");
	a = base();
	json_object_set_new(json_object_get(a, "form_front"), "sealed", json_false());
	EXPECT(a, "R2/0/form_front.sealed");
	a = base();
	json_object_del(a, "form_front");
	EXPECT(a, "R2/0/form_front.sealed R2/0/form_front.original");
	a = base();
	set_str(json_object_get(a, "applicant"), "email", "");
	set_str(json_object_get(json_object_get(a, "move"), "vendor"), "tax_id", "");
	EXPECT(a, "R2/0/applicant.email R2/0/move.vendor.tax_id");
	/* The four bureau fields are the bureau's: blank or filled, no failure. */
	a = base();
	json_object_del(a, "bureau");
	EXPECT(a, "");
	a = base();
	set_str(json_object_get(a, "bureau"), "asset_no", "115-DC-0001");
	EXPECT(a, "");
}

TEST(rules_exempt_types)
{
	static const char *const types[] = {"Disk Array", "Storage", "Network", "Embedded", "Parts"};
	for (int i = 0; i < 5; i++) {
		CHECK(gw_rules_exempt_type(types[i]));
		json_t *a = base();
		/* An exempt device with no reports and no go-live record passes
		 * (R5, R7, R9 do not apply)… */
		set_str(dev(a, 0), "type", types[i]);
		json_object_set_new(dev(a, 0), "reports", json_array());
		json_object_set_new(dev(a, 0), "golive_record", json_false());
		EXPECT(a, "");
		/* …but R6 does: the seed exempts it from the reports only, and a
		 * device running Linux needs the security software whatever its
		 * type. */
		a = base();
		set_str(dev(a, 0), "type", types[i]);
		json_object_del(dev(a, 0), "security_software");
		EXPECT(a, "R6/1/devices[0].security_software.antivirus.installed "
			  "R6/1/devices[0].security_software.mdr.installed "
			  "R6/1/devices[0].security_software.vans.installed");
	}
	CHECK(!gw_rules_exempt_type("Server(VM)"));
	CHECK(!gw_rules_exempt_type(NULL));
	/* A stale, failing report on an exempt device is not checked either. */
	json_t *a = base();
	json_array_append_new(json_object_get(dev(a, 2), "reports"),
			      json_pack("{s:s, s:s, s:i, s:i, s:i}", "kind", "host_vuln_scan",
					"date", "2020-01-01", "critical", 0, "high", 0, "medium", 5));
	EXPECT(a, "");
}

TEST(rules_r4_both_forms)
{
	json_t *a = base();
	json_object_set_new(json_object_get(a, "vpn"), "filed", json_false());
	EXPECT(a, "R4/0/vpn.filed");
	a = base();
	json_object_del(a, "network");
	EXPECT(a, "R4/0/network.filed");
	a = base();
	json_object_del(a, "network");
	json_object_del(a, "vpn");
	EXPECT(a, "R4/0/network.filed R4/0/vpn.filed");
	/* No device needs an address: no form needed. */
	a = base();
	for (int i = 0; i < 2; i++) {
		json_t *ip = json_object_get(dev(a, i), "needs_ip");
		json_object_set_new(ip, "internal", json_false());
		json_object_set_new(ip, "external", json_false());
	}
	json_object_del(a, "network");
	json_object_del(a, "vpn");
	EXPECT(a, "");
	/* Only an external address is enough to need both. */
	a = base();
	json_object_set_new(json_object_get(dev(a, 0), "needs_ip"), "internal", json_false());
	json_object_set_new(json_object_get(dev(a, 1), "needs_ip"), "internal", json_false());
	json_object_set_new(json_object_get(a, "vpn"), "filed", json_false());
	EXPECT(a, "R4/0/vpn.filed");
}

TEST(rules_r6_security_software)
{
	json_t *a = base();
	json_object_set_new(json_object_get(json_object_get(dev(a, 1), "security_software"), "vans"),
			    "installed", json_false());
	EXPECT(a, "R6/2/devices[1].security_software.vans.installed");
	a = base();
	set_str(json_object_get(json_object_get(dev(a, 0), "security_software"), "antivirus"),
		"evidence", "");
	EXPECT(a, "R6/1/devices[0].security_software.antivirus.evidence");
	a = base();
	json_object_del(json_object_get(dev(a, 0), "security_software"), "mdr");
	EXPECT(a, "R6/1/devices[0].security_software.mdr.installed");
	/* Not Windows or Linux: R6 does not apply. */
	a = base();
	set_str(dev(a, 0), "os", "AIX");
	set_str(dev(a, 0), "os_version", "7.3");
	json_object_del(dev(a, 0), "security_software");
	EXPECT(a, "");
	/* A Linux distribution named only in the version still counts. */
	a = base();
	set_str(dev(a, 0), "os", "其他");
	set_str(dev(a, 0), "os_version", "Ubuntu 22.04");
	json_object_del(dev(a, 0), "security_software");
	EXPECT(a, "R6/1/devices[0].security_software.antivirus.installed "
		  "R6/1/devices[0].security_software.mdr.installed "
		  "R6/1/devices[0].security_software.vans.installed");
}

TEST(rules_r7_required_reports)
{
	json_t *a = base();
	json_array_remove(json_object_get(dev(a, 0), "reports"), 2);
	EXPECT(a, "R7/1/devices[0].reports[kind=patch_status]");
	/* A public website needs the source-code scan; a private one does not. */
	a = base();
	json_array_remove(json_object_get(dev(a, 1), "reports"), 0);
	EXPECT(a, "R7/2/devices[1].reports[kind=source_code_scan]");
	a = base();
	json_array_remove(json_object_get(dev(a, 1), "reports"), 0);
	json_object_set_new(dev(a, 1), "public_website", json_false());
	EXPECT(a, "");
	/* A large public site needs a penetration test. */
	a = base();
	json_object_set_new(dev(a, 1), "large_public_site", json_true());
	EXPECT(a, "R7/2/devices[1].reports[kind=pentest]");
	a = base();
	set_str(dev(a, 0), "type", "Server(WEB AP+DB)");
	EXPECT(a, "R7/1/devices[0].reports[kind=web_vuln_scan]");
	a = base();
	set_str(dev(a, 0), "type", "Server(VM)");
	json_object_set_new(dev(a, 0), "reports", json_array());
	EXPECT(a, "R7/1/devices[0].reports[kind=host_vuln_scan] "
		  "R7/1/devices[0].reports[kind=malware_scan] "
		  "R7/1/devices[0].reports[kind=patch_status]");
}

TEST(rules_r9_golive)
{
	json_t *a = base();
	json_object_set_new(dev(a, 0), "golive_record", json_false());
	EXPECT(a, "R9/1/devices[0].golive_record");
	a = base();
	json_object_del(dev(a, 1), "golive_record");
	EXPECT(a, "R9/2/devices[1].golive_record");
}

TEST(rules_move_out_skips_security)
{
	json_t *a = base();
	set_str(json_object_get(a, "move"), "kind", "移出");
	json_object_set_new(dev(a, 0), "reports", json_array());
	json_object_set_new(dev(a, 0), "golive_record", json_false());
	json_object_del(a, "vpn");
	EXPECT(a, "");
	a = base();
	set_str(json_object_get(a, "move"), "kind", "攜入");
	json_object_del(a, "vpn");
	EXPECT(a, "R4/0/vpn.filed");
}

TEST(rules_order_and_json)
{
	json_t *a = base();
	gw_rules *r = NULL;
	gw_err err = {0};
	json_object_set_new(dev(a, 1), "golive_record", json_false());
	set_str(dev(a, 2), "serial", "");
	json_object_set_new(json_object_get(a, "vpn"), "filed", json_false());
	CHECK_INT(gw_rules_check(&r, a, &err), 0);
	json_t *arr = gw_rules_json(r);
	char *text = json_dumps(arr, JSON_COMPACT);
	CHECK_STR(text,
		  "[{\"rule\":\"R3\",\"device\":3,\"field\":\"devices[2].serial\",\"message\":"
		  "\"設備3（儲存陣列）申請單第2頁「序號」欄位未填寫（無資料者應填「無」）\"},"
		  "{\"rule\":\"R4\",\"device\":null,\"field\":\"vpn.filed\",\"message\":"
		  "\"設備1、設備2需要內部／外部IP位址，未檢附臺中市政府SSLVPN網路連線維護申請單\"},"
		  "{\"rule\":\"R9\",\"device\":2,\"field\":\"devices[1].golive_record\",\"message\":"
		  "\"設備2（網站伺服器）未檢附資訊系統上線作業紀錄表\"}]");
	char *line = gw_rules_line(&r->fail[1]);
	CHECK_STR(line, "R4 設備1、設備2需要內部／外部IP位址，未檢附臺中市政府SSLVPN網路連線維護申請單");
	free(line);
	free(text);
	json_decref(arr);
	gw_rules_free(r);
	json_decref(a);
	CHECK_STR(gw_rules_title("R9"), "資訊系統上線作業紀錄表");
	CHECK_STR(gw_rules_title("R0"), "");
}

TEST(rules_not_an_object)
{
	gw_rules *r = NULL;
	gw_err err = {0};
	json_t *a = json_array();
	CHECK_INT(gw_rules_check(&r, a, &err), GW_EDATA);
	CHECK(r == NULL);
	json_decref(a);
	/* Wrong types inside are failures, not crashes. */
	a = json_pack("{s:s, s:i, s:[i, s]}", "id", "X", "letter", 3, "devices", 1, "x");
	char *got = run(a);
	CHECK(strstr(got, "R1/0/letter.date") != NULL);
	CHECK(strstr(got, "R3/1/devices[0]") != NULL);
	free(got);
}

/* ==== Asset numbers and letter numbers (data_review.c) ==== */

TEST(asset_format)
{
	char *s = NULL;
	gw_err err = {0};
	CHECK_INT(gw_asset_format(&s, "%Y-DC-%04N", 115, 7, &err), 0);
	CHECK_STR(s, "115-DC-0007");
	free(s);
	CHECK_INT(gw_asset_format(&s, "DC%G%%%N", 115, 12, &err), 0);
	CHECK_STR(s, "DC2026%12");
	free(s);
	CHECK_INT(gw_asset_format(&s, "%Y-%Q-%N", 115, 1, &err), GW_EDATA);
	CHECK(s == NULL);
	gw_err_clear(&err);
	CHECK_INT(gw_asset_format(&s, "%Y-DC", 115, 1, &err), GW_EDATA);
	CHECK(strstr(err.msg, "%N") != NULL);
}

TEST(letter_numbers_per_year)
{
	char path[512], *no = NULL, *date = NULL;
	gw_db *db = NULL;
	gw_err err = {0};
	snprintf(path, sizeof path, "%s/l.db", t_tmpdir());
	CHECK_INT(gw_db_open(&db, path, &err), 0);
	json_t *a = base();
	CHECK_INT(gw_db_import(db, a, 0, &err), 0);
	json_decref(a);
	CHECK_INT(gw_db_letter_new(&no, db, "T-1", "return", "2026-11-25", &err), 0);
	CHECK_STR(no, "中市數網字第1150000001號");
	free(no);
	CHECK_INT(gw_db_letter_new(&no, db, "T-1", "approval", "2026-12-31", &err), 0);
	CHECK_STR(no, "中市數網字第1150000002號");
	free(no);
	/* A new ROC year starts at 1. */
	CHECK_INT(gw_db_letter_new(&no, db, "T-1", "approval", "2027-01-01", &err), 0);
	CHECK_STR(no, "中市數網字第1160000001號");
	free(no);
	CHECK_INT(gw_db_letter_find(&no, &date, db, "T-1", "approval", &err), 0);
	CHECK_STR(no, "中市數網字第1160000001號");
	CHECK_STR(date, "2027-01-01");
	free(no);
	free(date);
	CHECK_INT(gw_db_letter_new(&no, db, "NOPE", "return", "2026-11-25", &err), GW_ENOTFOUND);
	gw_err_clear(&err);
	CHECK_INT(gw_db_letter_new(&no, db, "T-1", "request", "2026-11-25", &err), GW_EUSAGE);
	gw_err_clear(&err);
	CHECK_INT(gw_db_letter_new(&no, db, "T-1", "return", "2026-02-30", &err), GW_EDATA);
	gw_err_clear(&err);
	/* A failed call used no number. */
	CHECK_INT(gw_db_letter_new(&no, db, "T-1", "return", "2026-11-26", &err), 0);
	CHECK_STR(no, "中市數網字第1150000003號");
	free(no);
	CHECK_INT(gw_db_letter_find(&no, NULL, db, "T-1", "return", &err), 0);
	CHECK_STR(no, "中市數網字第1150000003號");
	free(no);
	gw_db_free(db);
}

TEST(rules_tax_id_check_digit)
{
	/* WEB.md's examples; the 7th digit 7 counts its 28 as 1 or 0. */
	CHECK(gw_tax_id_ok("04595257"));
	CHECK(gw_tax_id_ok("10458575"));
	CHECK(gw_tax_id_ok("12345675"));
	CHECK(!gw_tax_id_ok("12345678"));
	CHECK(!gw_tax_id_ok("12345674"));
	CHECK(!gw_tax_id_ok("1234567"));
	CHECK(!gw_tax_id_ok("123456750"));
	CHECK(!gw_tax_id_ok("1234567a"));
	CHECK(!gw_tax_id_ok(""));
	/* 7th digit 7, valid only with the 28 counted as 0: 1,0,0,0,0,0,28,… */
	CHECK(gw_tax_id_ok("10000074"));  /* 1+0+1+4 = 6 ✗, 1+0+0+4 = 5 ✓ */
	CHECK(gw_tax_id_ok("10000073"));  /* 1+1+3 = 5 ✓ */
	CHECK(!gw_tax_id_ok("10000072"));
}

TEST(rules_phone_format)
{
	CHECK(gw_phone_ok("04-22289111"));
	CHECK(gw_phone_ok("(04)2228-9111"));
	CHECK(gw_phone_ok("04-22289111 分機 66301"));
	CHECK(gw_phone_ok("04-22289111#66301"));
	CHECK(gw_phone_ok("037-123456"));
	CHECK(gw_phone_ok("0912-345-678"));
	CHECK(gw_phone_ok("+886-912-345-678"));
	CHECK(!gw_phone_ok("0912-345-67"));
	CHECK(!gw_phone_ok("04-2228"));
	CHECK(!gw_phone_ok("01-22289111"));
	CHECK(!gw_phone_ok("22289111"));
	CHECK(!gw_phone_ok("04-22289111 分機"));
	CHECK(!gw_phone_ok("04-22289111 abc"));
	CHECK(!gw_phone_ok(""));
}

TEST(rules_ports)
{
	json_t *v;
	static const char *const good[] = {"443", "1", "65535", "80,443", "80, 443", "1000-2000",
					   "80、443", "22，3389", "1000 - 2000", NULL};
	static const char *const bad[] = {"0", "65536", "70000", "abc", "", "80,", ",80", "2000-1000",
					  "443/tcp", "-", "1-", NULL};
	for (int i = 0; good[i]; i++) {
		v = json_string(good[i]);
		if (!gw_ports_ok(v))
			CHECK_STR(good[i], "(a valid port list)");
		json_decref(v);
	}
	for (int i = 0; bad[i]; i++) {
		v = json_string(bad[i]);
		if (gw_ports_ok(v))
			CHECK_STR(bad[i], "(an invalid port list)");
		json_decref(v);
	}
}
