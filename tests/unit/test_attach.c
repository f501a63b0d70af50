/* Unit tests for attachments: content judged by attach.c (qpdf, libharu),
 * names cleaned, packet.pdf assembled; the store (data_attach.c): attach,
 * the same file twice, limits, detach, the sweep after a crash; rule R10.
 * The PDFs are built here with a correct cross-reference table (offsets
 * computed), so that only what each test breaks is broken. */
#include "t.h"
#include "app.h"
#include "attach.h"
#include "data.h"
#include "pdf.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A one-page PDF whose catalog gets extra (e.g. an /OpenAction); *len set. */
static char *mkpdf(const char *extra, size_t *len)
{
	gw_buf b;
	long off[5];

	gw_buf_init(&b);
	gw_buf_adds(&b, "%PDF-1.4\n");
	off[1] = (long)b.len;
	gw_buf_printf(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R %s >>\nendobj\n", extra);
	off[2] = (long)b.len;
	gw_buf_adds(&b, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[3] = (long)b.len;
	gw_buf_adds(&b, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		    "/Contents 4 0 R >>\nendobj\n");
	off[4] = (long)b.len;
	gw_buf_adds(&b, "4 0 obj\n<< /Length 8 >>\nstream\n0 0 m S\n\nendstream\nendobj\n");
	long xref = (long)b.len;
	gw_buf_adds(&b, "xref\n0 5\n0000000000 65535 f \n");
	for (int i = 1; i <= 4; i++)
		gw_buf_printf(&b, "%010ld 00000 n \n", off[i]);
	gw_buf_printf(&b, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
	return gw_buf_detach(&b, len);
}

static int inspect(gw_attach_info *info, const void *data, size_t len, char *msg, size_t n)
{
	gw_err err = {0};
	int rc = gw_attach_inspect(info, "x", data, len, &err);
	snprintf(msg, n, "%s", err.msg);
	return rc;
}

TEST(attach_pdf_accepted_and_flagged)
{
	gw_attach_info info;
	char msg[GW_ERR_MSG];
	size_t len;
	char *pdf = mkpdf("", &len);

	CHECK_INT(inspect(&info, pdf, len, msg, sizeof msg), 0);
	CHECK_STR(info.media_type, "application/pdf");
	CHECK_INT(info.pages, 1);
	CHECK_INT(info.flags, 0);
	CHECK_INT(strlen(info.sha256), 64);
	free(pdf);

	/* JavaScript and a launch action: stored, flagged, never run. */
	pdf = mkpdf("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "
		    "/AA << /WC << /S /Launch /F (cmd.exe) >> >>", &len);
	CHECK_INT(inspect(&info, pdf, len, msg, sizeof msg), 0);
	CHECK(info.flags & GW_ATTACH_JS);
	CHECK(info.flags & GW_ATTACH_LAUNCH);
	gw_buf f;
	gw_buf_init(&f);
	gw_attach_flags_text(&f, info.flags);
	CHECK_STR(f.data, "javascript,launch");
	gw_buf_dispose(&f);
	free(pdf);

	pdf = mkpdf("/Names << /EmbeddedFiles << /Names [] >> >>", &len);
	CHECK_INT(inspect(&info, pdf, len, msg, sizeof msg), 0);
	CHECK_INT(info.flags, GW_ATTACH_EMBEDDED);
	free(pdf);
}

TEST(attach_hostile_refused)
{
	gw_attach_info info;
	char msg[GW_ERR_MSG];
	size_t len;
	char *pdf = mkpdf("", &len);

	/* 0 bytes */
	CHECK_INT(inspect(&info, "", 0, msg, sizeof msg), GW_EDATA);
	CHECK(strstr(msg, "empty") != NULL);
	/* truncated: the cross-reference table is gone, qpdf may not repair */
	CHECK_INT(inspect(&info, pdf, len / 2, msg, sizeof msg), GW_EDATA);
	CHECK(strstr(msg, "damaged PDF") != NULL);
	CHECK_INT(info.refusal, GW_ATTACH_BROKEN);
	free(pdf);
	/* a PDF header on HTML */
	const char *html = "%PDF-1.7\n<html><script>alert(1)</script></html>\n";
	CHECK_INT(inspect(&info, html, strlen(html), msg, sizeof msg), GW_EDATA);
	CHECK(strstr(msg, "damaged PDF") != NULL);
	/* HTML, SVG, ZIP (a zip bomb renamed .pdf is refused by its first bytes) */
	const char *page = "  <!DOCTYPE html><html><body>x</body></html>";
	CHECK_INT(inspect(&info, page, strlen(page), msg, sizeof msg), GW_EDATA);
	CHECK(strstr(msg, "HTML") != NULL);
	CHECK_INT(info.refusal, GW_ATTACH_BAD_TYPE);
	const char *svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" "
			  "onload=\"alert(1)\"/>";
	CHECK_INT(inspect(&info, svg, strlen(svg), msg, sizeof msg), GW_EDATA);
	CHECK(strstr(msg, "SVG") != NULL);
	CHECK_INT(inspect(&info, "PK\3\4\24\0\0\0\10\0", 10, msg, sizeof msg), GW_EDATA);
	CHECK(strstr(msg, "ZIP") != NULL);
	/* a PNG signature on nothing, and one claiming 100000 × 100000 pixels */
	unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
				 'I', 'H', 'D', 'R', 0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 6};
	CHECK_INT(inspect(&info, png, 8, msg, sizeof msg), GW_EDATA);
	CHECK_INT(inspect(&info, png, sizeof png, msg, sizeof msg), GW_ELIMIT);
	CHECK_INT(info.refusal, GW_ATTACH_TOO_LARGE);
	png[17] = png[18] = 0;
	png[19] = 10;
	png[21] = png[22] = 0;
	png[23] = 10; /* 10 × 10, but no image data: libharu refuses */
	CHECK_INT(inspect(&info, png, sizeof png, msg, sizeof msg), GW_EDATA);
	/* a JPEG start on garbage */
	CHECK_INT(inspect(&info, "\xff\xd8\xff\xe0garbage", 11, msg, sizeof msg), GW_EDATA);
}

TEST(attach_clean_name)
{
	static const char *const cases[][2] = {
		{"../../etc/passwd", "passwd"},
		{"C:\\Users\\x\\報告.pdf", "報告.pdf"},
		{"..\x1b[31mevil\x07\n.pdf", "_[31mevil__.pdf"},
		{"/tmp/..", "attachment"},
		{"rep\xe2\x80\xae" "fdp.exe", "rep_fdp.exe"}, /* right-to-left override */
		{"a\xff\xfe.pdf", "a__.pdf"},
	};
	char *n;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = gw_attach_clean_name(cases[i][0]);
		CHECK_STR(n, cases[i][1]);
		free(n);
	}
	char longname[400];
	memset(longname, 'x', sizeof longname);
	strcpy(longname + 300, ".pdf");
	n = gw_attach_clean_name(longname);
	CHECK_INT(strlen(n), 120);
	CHECK(strcmp(n + 116, ".pdf") == 0);
	free(n);
}

TEST(attach_append_pages)
{
	size_t len, plen;
	char *pdf = mkpdf("", &len), *out = NULL, path[600];
	gw_err err = {0};

	/* the packet (1 page) + the same PDF twice as attachments */
	snprintf(path, sizeof path, "%s/a.pdf", t_tmpdir());
	CHECK_INT(gw_file_write_atomic(path, pdf, len, &err), 0);
	gw_attach_part parts[2] = {{path, "application/pdf", "a.pdf"},
				   {path, "application/pdf", "b.pdf"}};
	CHECK_INT(gw_attach_append(&out, &plen, pdf, len, parts, 2, &err), 0);
	/* 1, a blank (duplex: each attachment starts on a front side), 1, a blank, 1 */
	CHECK_INT(gw_attach_pdf_pages(out, plen), 5);
	free(out);
	/* an attachment that is not there: named */
	gw_attach_part gone = {"/nonexistent/x.pdf", "application/pdf", "x.pdf"};
	CHECK(gw_attach_append(&out, &plen, pdf, len, &gone, 1, &err) < 0);
	CHECK(strstr(err.msg, "x.pdf") != NULL);
	free(pdf);
}

/* ==== The store ==== */

static gw_db *store(const char *name)
{
	char path[600];
	gw_db *db = NULL;
	gw_err err = {0};
	json_t *app = json_pack("{s:s, s:{s:s}, s:[{s:i, s:s}, {s:i, s:s}]}", "id", "A-1",
				"agency", "name", "機關", "devices", "seq", 1, "type",
				"Server(AP)", "seq", 2, "type", "Disk Array");

	snprintf(path, sizeof path, "%s/%s", t_tmpdir(), name);
	if (gw_db_open(&db, path, &err) < 0 || gw_db_import(db, app, 0, &err) < 0) {
		fprintf(stderr, "store: %s\n", err.msg);
		gw_db_free(db);
		db = NULL;
	}
	json_decref(app);
	return db;
}

static int nfiles(const char *dir)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "find '%s/files' -type f 2>/dev/null | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

TEST(attach_store_attach_twice_detach)
{
	gw_db *db = store("s.db");
	gw_err err = {0};
	json_t *row = NULL, *rows = NULL;
	size_t len;
	char *pdf = mkpdf("", &len);

	if (!db)
		return;
	CHECK_INT(gw_db_attach(&row, db, "A-1", 1, "host_vuln_scan", "/x/y/scan.pdf", pdf, len,
			       "t", &err), 0);
	CHECK_STR(json_string_value(json_object_get(row, "name")), "scan.pdf");
	CHECK(json_is_false(json_object_get(row, "existed")));
	json_decref(row);
	/* the same file for the same item: once */
	CHECK_INT(gw_db_attach(&row, db, "A-1", 1, "host_vuln_scan", "again.pdf", pdf, len, "t",
			       &err), 0);
	CHECK(json_is_true(json_object_get(row, "existed")));
	json_decref(row);
	/* the same file for another item: a row, one file */
	CHECK_INT(gw_db_attach(NULL, db, "A-1", 1, "malware_scan", "m.pdf", pdf, len, "t", &err), 0);
	CHECK_INT(gw_db_attachments(&rows, db, "A-1", &err), 0);
	CHECK_INT(json_array_size(rows), 2);
	json_decref(rows);
	CHECK_INT(nfiles(t_tmpdir()), 1);
	/* refusals: no device 9, a kind that needs a device, an unknown app */
	err.msg[0] = 0;
	CHECK_INT(gw_db_attach(NULL, db, "A-1", 9, "host_vuln_scan", "a.pdf", pdf, len, "t", &err),
		  GW_EDATA);
	CHECK(strstr(err.msg, "no device 9") != NULL);
	CHECK_INT(gw_db_attach(NULL, db, "A-1", 0, "golive", "a.pdf", pdf, len, "t", &err),
		  GW_EUSAGE);
	CHECK_INT(gw_db_attach(NULL, db, "B-2", 1, "golive", "a.pdf", pdf, len, "t", &err),
		  GW_ENOTFOUND);
	/* detach one row: the file stays (the other names it); then the other */
	CHECK_INT(gw_db_detach(NULL, db, "A-1", "1", "t", &err), 0);
	CHECK_INT(nfiles(t_tmpdir()), 1);
	err.msg[0] = 0;
	CHECK_INT(gw_db_detach(NULL, db, "A-1", "1", "t", &err), GW_ENOTFOUND);
	CHECK_INT(gw_db_detach(NULL, db, "A-1", "../etc", "t", &err), GW_EUSAGE);
	CHECK_INT(gw_db_detach(&rows, db, "A-1", "2", "t", &err), 0);
	CHECK_INT(json_array_size(rows), 1);
	json_decref(rows);
	CHECK_INT(nfiles(t_tmpdir()), 0);
	free(pdf);
	gw_db_free(db);
}

TEST(attach_store_limits)
{
	gw_db *db = store("l.db");
	gw_err err = {0};
	const char *set[] = {"attach_max_file_mb", "1", "attach_max_app_mb", "1"};
	size_t len;
	char *pdf = mkpdf("", &len);

	if (!db)
		return;
	CHECK_INT(gw_db_bureau_set(NULL, db, set, 2, &err), 0);
	/* over the per-file limit: refused before anything is written */
	char *big = calloc(1, (1 << 20) + 10);
	memcpy(big, pdf, len);
	CHECK_INT(gw_db_attach(NULL, db, "A-1", 1, "other", "big.pdf", big, (1 << 20) + 10, "t",
			       &err), GW_ELIMIT);
	CHECK(strstr(err.msg, "attach_max_file_mb") != NULL);
	free(big);
	CHECK_INT(nfiles(t_tmpdir()), 0);
	/* the per-application limit counts each content once */
	const char *set2[] = {"attach_max_app_mb", "1"};
	CHECK_INT(gw_db_bureau_set(NULL, db, set2, 1, &err), 0);
	CHECK_INT(gw_db_attach(NULL, db, "A-1", 1, "other", "a.pdf", pdf, len, "t", &err), 0);
	free(pdf);
	gw_db_free(db);
}

/* ==== R10 ==== */

static size_t r10_count(const json_t *app, int on)
{
	gw_rules *r = NULL;
	gw_rules_opts o = {on};
	gw_err err = {0};
	size_t n = 0;

	if (gw_rules_check_opts(&r, app, &o, &err) == 0)
		for (size_t i = 0; i < r->n; i++)
			n += strcmp(r->fail[i].rule, "R10") == 0;
	gw_rules_free(r);
	return n;
}

TEST(attach_rule_r10)
{
	json_t *app = json_pack(
		"{s:s, s:{s:s}, s:[{s:i, s:s, s:s, s:b, s:[{s:s}, {s:s, s:s}],"
		" s:{s:{s:b, s:s}, s:{s:b, s:s}}}]}",
		"id", "A-1", "move", "kind", "移入", "devices", "seq", 1, "type", "Server(AP)",
		"name", "主機", "golive_record", 1, "reports", "kind", "host_vuln_scan", "kind",
		"malware_scan", "file", "m.pdf", "security_software", "antivirus", "installed", 1,
		"evidence", "防毒.pdf", "mdr", "installed", 1, "evidence", "無");
	gw_rules *r = NULL;
	gw_err err = {0};

	/* off by default: nothing */
	CHECK_INT(r10_count(app, 0), 0);
	/* on: the host scan, the anti-virus evidence, the go-live record (the
	 * malware scan has its file; 「無」 declares no evidence) */
	CHECK_INT(r10_count(app, 1), 3);
	gw_rules_opts o = {1};
	CHECK_INT(gw_rules_check_opts(&r, app, &o, &err), 0);
	int seen = 0;
	for (size_t i = 0; r && i < r->n; i++)
		if (strcmp(r->fail[i].rule, "R10") == 0 && seen++ == 0) {
			CHECK_STR(r->fail[i].message, "設備1（主機）主機弱點掃描結果報告未附檔案");
			CHECK_STR(r->fail[i].field, "devices[0].reports[0].file");
		}
	gw_rules_free(r);
	CHECK_STR(gw_rules_title("R10"), "附件");
	/* stored attachments count as the files */
	json_object_set_new(app, "attachments",
			    json_pack("[{s:i, s:s}, {s:i, s:s}, {s:i, s:s}]", "device", 1, "kind",
				      "host_vuln_scan", "device", 1, "kind", "antivirus", "device",
				      1, "kind", "golive"));
	CHECK_INT(r10_count(app, 1), 0);
	/* moving out: R5–R10 do not apply */
	json_object_set_new(json_object_get(app, "move"), "kind", json_string("移出"));
	json_object_del(app, "attachments");
	CHECK_INT(r10_count(app, 1), 0);
	json_decref(app);
}

/* A device map (the PUT's device_map): every stored device once, onto the
 * saved devices' seqs or null, no two onto one; the field named. */
TEST(attach_device_map)
{
	const int old[] = {1, 2, 3}, now[] = {1, 2};
	int to[3];
	gw_app_fault zh;
	gw_err err = {0};
	json_t *m = json_loads("{\"1\": 2, \"2\": 1, \"3\": null}", 0, NULL);

	CHECK_INT(gw_attach_map_check(to, m, old, 3, now, 2, &zh, &err), 0);
	CHECK_INT(to[0], 2);
	CHECK_INT(to[1], 1);
	CHECK_INT(to[2], 0);
	json_decref(m);
	static const char *const bad[][2] = {
		{"[1, 2]", "device_map"},
		{"{\"1\": 2, \"2\": 1}", "device_map"},                      /* 3 left out */
		{"{\"1\": 2, \"2\": 1, \"3\": null, \"4\": 1}", "device_map.4"},
		{"{\"1\": 1, \"2\": 1, \"3\": null}", "device_map.2"},        /* two onto one */
		{"{\"1\": 3, \"2\": 1, \"3\": null}", "device_map.1"},        /* past the count */
		{"{\"1\": \"2\", \"2\": 1, \"3\": null}", "device_map.1"},
		{"{\"x\": 1, \"2\": 2, \"3\": null}", "device_map.x"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		gw_err e = {0};
		json_t *b = json_loads(bad[i][0], 0, NULL);
		memset(&zh, 0, sizeof zh);
		CHECK_INT(gw_attach_map_check(to, b, old, 3, now, 2, &zh, &e), GW_EDATA);
		CHECK_STR(zh.field, bad[i][1]);
		CHECK(zh.text[0] != '\0' && strncmp(e.msg, bad[i][1], strlen(bad[i][1])) == 0);
		json_decref(b);
	}
}
