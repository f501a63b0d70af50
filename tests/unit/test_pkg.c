/* Unit tests for pkg.c: the safe package reader and writer. */
#include "t.h"
#include "pkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char *fixture(const char *kind)
{
	static char path[512];
	char cmd[1024];

	snprintf(path, sizeof path, "%s/%s.docx", t_tmpdir(), kind);
	snprintf(cmd, sizeof cmd, "python3 tests/data/mkzip.py %s '%s'", kind, path);
	if (system(cmd) != 0)
		fprintf(stderr, "    fixture %s failed\n", kind);
	return path;
}

/* Open a fixture that must be refused; return the message. */
static int refuse(const char *kind, const char *needle)
{
	gw_pkg *pkg = NULL;
	gw_err err = {0};
	int rc = gw_pkg_open(&pkg, fixture(kind), &err);
	int ok = rc < 0 && pkg == NULL && strstr(err.msg, needle) != NULL;
	if (!ok)
		fprintf(stderr, "    %s: rc %d, message \"%s\", want \"%s\"\n", kind, rc, err.msg, needle);
	gw_pkg_free(pkg);
	return ok;
}

TEST(pkg_reads_a_docx)
{
	gw_pkg *pkg;
	gw_err err = {0};
	const char *main, *data;
	size_t len;
	CHECK_INT(gw_pkg_open(&pkg, fixture("good"), &err), 0);
	CHECK_INT(gw_pkg_main_part(&main, pkg, &err), 0);
	CHECK_STR(main, "word/document.xml");
	CHECK_INT(gw_pkg_read(pkg, "Word/Document.XML", &data, &len, &err), 0);
	CHECK(strstr(data, "你好") != NULL);
	CHECK_INT(gw_pkg_read(pkg, "word/none.xml", &data, &len, &err), GW_ENOTFOUND);
	xmlDocPtr doc;
	CHECK_INT(gw_pkg_xml(&doc, pkg, "word/document.xml", &err), 0);
	xmlFreeDoc(doc);
	gw_pkg_free(pkg);
}

TEST(pkg_relationships)
{
	gw_pkg *pkg;
	gw_err err = {0};
	char *t = NULL;
	CHECK_INT(gw_pkg_open(&pkg, fixture("good"), &err), 0);
	CHECK_INT(gw_pkg_rel_by_type(&t, pkg, "word/document.xml", "/styles", &err), 0);
	CHECK_STR(t, "word/styles.xml");
	free(t);
	CHECK_INT(gw_pkg_rel_target(&t, pkg, "word/document.xml", "rId2", &err), 0);
	CHECK_STR(t, "word/media/image 1.png");
	free(t);
	CHECK_INT(gw_pkg_rel_target(&t, pkg, "word/document.xml", "rId5", &err), 0);
	CHECK_STR(t, "word/media/abs.png");
	free(t);
	gw_err e3 = {0}, e4 = {0}, e9 = {0};
	CHECK_INT(gw_pkg_rel_target(&t, pkg, "word/document.xml", "rId3", &e3), GW_EPACKAGE);
	CHECK(strstr(e3.msg, "external") != NULL);
	CHECK_INT(gw_pkg_rel_target(&t, pkg, "word/document.xml", "rId4", &e4), GW_EPACKAGE);
	CHECK(strstr(e4.msg, "leaves the package") != NULL);
	CHECK_INT(gw_pkg_rel_target(&t, pkg, "word/document.xml", "rId9", &e9), GW_ENOTFOUND);
	gw_pkg_free(pkg);
}

TEST(pkg_refuses_hostile_packages)
{
	CHECK(refuse("notzip", "not a zip archive"));
	CHECK(refuse("ole", "encrypted Office document"));
	CHECK(refuse("truncated", "truncated.docx"));
	CHECK(refuse("dup", "duplicate part name"));
	CHECK(refuse("casedup", "duplicate part name"));
	CHECK(refuse("traversal", "'.' or '..' in part name"));
	CHECK(refuse("absolute", "absolute part name"));
	CHECK(refuse("nodoc", "main document word/document.xml is missing"));
	CHECK(refuse("nocontenttypes", "no [Content_Types].xml"));
	CHECK(refuse("bomb", "compression ratio"));
	CHECK(refuse("liar", "does not match its header"));
	CHECK(refuse("many", "entries (more than"));
}

static void on_item(void *ctx, const char *part, const char *what, int macros)
{
	char *s = ctx;
	snprintf(s + strlen(s), 512 - strlen(s), "%s|%s|%d;", part, what, macros);
}

TEST(pkg_macros_are_active_and_dropped)
{
	/* A package with a VBA project opens (nothing reads or runs it); it is
	 * one active item, macros; dropping removes the part and keeps the rest. */
	gw_pkg *pkg = NULL;
	gw_err err = {0};
	char items[512] = "";
	size_t n = 0;
	const char *d;
	size_t len;

	if (!CHECK_INT(gw_pkg_open(&pkg, fixture("macro"), &err), 0))
		return;
	CHECK_INT(gw_pkg_active(pkg, on_item, items, &err), 0);
	CHECK_STR(items, "word/vbaProject.bin|macros (a VBA project)|1;");
	size_t before = gw_pkg_count(pkg);
	CHECK_INT(gw_pkg_drop_macros(pkg, &n, &err), 0);
	CHECK_INT(n, 1);
	CHECK_INT(gw_pkg_count(pkg), before - 1);
	CHECK_INT(gw_pkg_read(pkg, "word/vbaProject.bin", &d, &len, &err), GW_ENOTFOUND);
	CHECK_INT(gw_pkg_read(pkg, "word/document.xml", &d, &len, &err), 0);
	items[0] = '\0';
	CHECK_INT(gw_pkg_active(pkg, on_item, items, &err), 0);
	CHECK_STR(items, "");
	/* Written and read again: a plain package. */
	char *bytes = NULL;
	gw_pkg *again = NULL;
	CHECK_INT(gw_pkg_write_mem(&bytes, &len, pkg, &err), 0);
	CHECK_INT(gw_pkg_open_mem(&again, bytes, len, "again.docx", &err), 0);
	CHECK_INT(gw_pkg_count(again), before - 1);
	free(bytes);
	gw_pkg_free(again);
	gw_pkg_free(pkg);
}

TEST(pkg_xml_is_safe)
{
	/* A DOCTYPE anywhere refuses the whole package at open, parsed or not. */
	CHECK(refuse("doctype", "word/document.xml: DOCTYPE or entity declaration refused"));
	CHECK(refuse("xxe", "word/document.xml: DOCTYPE or entity declaration refused"));
	gw_pkg *pkg;
	gw_err err = {0};
	xmlDocPtr doc = NULL;
	CHECK_INT(gw_pkg_open(&pkg, fixture("badxml"), &err), 0);
	CHECK_INT(gw_pkg_xml(&doc, pkg, "word/document.xml", &err), GW_EXML);
	CHECK(strstr(err.msg, "word/document.xml: line 1:") != NULL);
	gw_pkg_free(pkg);
}

TEST(pkg_write_roundtrip)
{
	gw_pkg *pkg, *back;
	gw_err err = {0};
	char out[512];
	const char *data;
	size_t len;
	CHECK_INT(gw_pkg_open(&pkg, fixture("good"), &err), 0);
	gw_pkg_set(pkg, "word/document.xml", xstrdup("<w:document xmlns:w='x'/>"), 25);
	gw_pkg_set(pkg, "customXml/new.xml", xstrdup("<a/>"), 4);
	snprintf(out, sizeof out, "%s/out.docx", t_tmpdir());
	CHECK_INT(gw_pkg_write(pkg, out, &err), 0);
	CHECK_INT(gw_pkg_open(&back, out, &err), 0);
	CHECK_INT(gw_pkg_count(back), gw_pkg_count(pkg));
	CHECK_INT(gw_pkg_read(back, "word/document.xml", &data, &len, &err), 0);
	CHECK_STR(data, "<w:document xmlns:w='x'/>");
	CHECK_INT(gw_pkg_read(back, "word/media/image 1.png", &data, &len, &err), 0);
	CHECK(len == 9 && memcmp(data, "\x89PNG fake", 9) == 0);
	CHECK_STR(gw_pkg_name(back, 0), "[Content_Types].xml");
	gw_pkg_free(back);
	/* A failed write leaves the older file intact. */
	struct stat before, after;
	stat(out, &before);
	char bad[600];
	snprintf(bad, sizeof bad, "%s/missing/dir.docx", t_tmpdir());
	CHECK(gw_pkg_write(pkg, bad, &err) < 0);
	stat(out, &after);
	CHECK(before.st_size == after.st_size);
	gw_pkg_free(pkg);
}
