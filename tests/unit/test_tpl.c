/* Unit tests for tpl.c and merge.c: tags parsed from WordprocessingML
 * strings (set into a fixture package), placement, lint messages, merge. */
#include "t.h"
#include "merge.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>

#define WDOC "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
#define WEND "</w:body></w:document>"
#define R(x) "<w:r><w:t>" x "</w:t></w:r>"
#define P(x) "<w:p>" x "</w:p>"

/* A package whose word/document.xml is WDOC body WEND. */
static gw_pkg *with_body(const char *body)
{
	static char path[512];
	char cmd[1024];
	gw_pkg *pkg = NULL;
	gw_err err = {0};

	snprintf(path, sizeof path, "%s/base.docx", t_tmpdir());
	snprintf(cmd, sizeof cmd, "[ -f '%s' ] || python3 tests/data/mkzip.py good '%s' 2>/dev/null",
		 path, path);
	char *bytes = NULL;
	size_t n;
	/* Opened from memory under the name "tests", so messages are stable. */
	if (system(cmd) != 0 || gw_file_read(&bytes, &n, path, 1 << 20, &err) < 0 ||
	    gw_pkg_open_mem(&pkg, bytes, n, "tests", &err) < 0) {
		fprintf(stderr, "    fixture: %s\n", err.msg);
		free(bytes);
		return NULL;
	}
	free(bytes);
	char *xml = xasprintf(WDOC "%s" WEND, body);
	gw_pkg_set(pkg, "word/document.xml", xml, strlen(xml));
	return pkg;
}

/* Merge body with JSON data; the merged document.xml's body, or "ERR: msg". */
static const char *merge(const char *body, const char *json, int lenient)
{
	static char res[4096];
	gw_pkg *pkg = with_body(body);
	gw_tpl *t = NULL;
	gw_err err = {0};
	json_t *data = json_loads(json, 0, NULL);
	gw_merge_opts o = {.lenient = lenient};
	char *out = NULL;
	size_t len;

	if (gw_tpl_compile(&t, pkg, &err) < 0 ||
	    gw_tpl_merge_part(&out, &len, t, "word/document.xml", data, &o, &err) < 0) {
		snprintf(res, sizeof res, "ERR: %s", err.msg);
	} else {
		const char *b = strstr(out, "<w:body>"), *e = strstr(out, "</w:body>");
		snprintf(res, sizeof res, "%.*s", b && e ? (int)(e - b - 8) : 0, b ? b + 8 : "");
	}
	free(out);
	json_decref(data);
	gw_tpl_free(t);
	gw_pkg_free(pkg);
	return res;
}

static gw_tpl_report *inspect(const char *body)
{
	gw_pkg *pkg = with_body(body);
	gw_tpl_report *r = NULL;
	gw_err err = {0};
	if (pkg == NULL || gw_tpl_inspect(&r, pkg, &err) < 0)
		fprintf(stderr, "    inspect: %s\n", err.msg);
	gw_pkg_free(pkg);
	return r;
}

TEST(tpl_tags_and_positions)
{
	gw_tpl_report *r = inspect(P(R("x")) P(R("機關：{ agency.name }") R("{d | roc_date | default:\"無\"}")));
	if (!CHECK(r != NULL))
		return;
	CHECK_INT(r->ntags, 2);
	CHECK_INT(r->ndiags, 0);
	CHECK_STR(r->tags[0].name, "agency.name");
	CHECK_STR(r->tags[0].source, "{ agency.name }");
	CHECK_INT(r->tags[0].paragraph, 2);
	CHECK_INT(r->tags[0].offset, strlen("機關："));
	CHECK_STR(r->tags[1].name, "d");
	CHECK_STR(r->tags[1].filters, "roc_date | default:\"無\"");
	CHECK_STR(r->tags[0].part, "word/document.xml");
	gw_tpl_report_free(r);
}

TEST(tpl_placement)
{
	gw_tpl_report *r = inspect(
		P(R("{#a}")) P(R("x")) P(R("{/a}")) P(R("{#b}in{/b}"))
		"<w:tbl><w:tr><w:tc>" P(R("{#c}1")) "</w:tc><w:tc>" P(R("2{/c}")) "</w:tc></w:tr></w:tbl>"
		P(R("{#d} not alone")) P(R("{/d}")));
	if (!CHECK(r != NULL))
		return;
	CHECK_INT(r->ndiags, 0);
	CHECK_INT(r->tags[0].place, GW_PLACE_PARAGRAPHS);
	CHECK_INT(r->tags[2].place, GW_PLACE_INLINE);
	CHECK_INT(r->tags[4].place, GW_PLACE_ROWS);
	CHECK_INT(r->tags[5].place, GW_PLACE_ROWS);
	CHECK_INT(r->tags[6].place, GW_PLACE_INLINE); /* same element path: repeatable inline */
	gw_tpl_report_free(r);
}

TEST(tpl_lint_lists_every_error)
{
	gw_tpl_report *r = inspect(P(R("{#a}")) P(R("{x | nope}{y | default}")) P(R("{}")) P(R("{@raw}")));
	if (!CHECK(r != NULL))
		return;
	CHECK_INT(r->ndiags, 5);
	if (r->ndiags == 5) {
		CHECK_STR(r->diags[0], "tests: word/document.xml, paragraph 1: unclosed section 'a'\n  {#a}\n  ^~~~");
		CHECK(strstr(r->diags[1], "paragraph 2: unknown filter 'nope' in '{x | nope}'"));
		CHECK(strstr(r->diags[2], "filter 'default' takes 1 argument: default:\"無\""));
		CHECK(strstr(r->diags[2], "\n            ^~~~~~~~~~~~~"));
		CHECK(strstr(r->diags[3], "empty tag in '{}'"));
		CHECK(strstr(r->diags[4], "raw XML tags {@…} are not supported"));
	}
	gw_tpl_report_free(r);
}

TEST(tpl_caret_counts_wide_characters)
{
	gw_tpl_report *r = inspect(P(R("主旨：{bad name}")));
	if (!CHECK(r != NULL) || !CHECK_INT(r->ndiags, 1))
		return;
	/* 主旨： is 6 columns wide. */
	CHECK(strstr(r->diags[0], "\n  主旨：{bad name}\n        ^~~~~~~~~~") != NULL);
	gw_tpl_report_free(r);
}

TEST(merge_split_runs_and_revisions)
{
	CHECK_STR(merge(P(R("a{na") "<w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:b/></w:rPr><w:t>m</w:t></w:r>"
			  "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:t>{junk}</w:t></w:r></w:del>" R("e}b")),
			"{\"name\": \"V\"}", 0),
		  "<w:p><w:r><w:t xml:space=\"preserve\">aV</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
		  "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"/></w:r><w:del w:id=\"1\" w:author=\"x\">"
		  "<w:r><w:t>{junk}</w:t></w:r></w:del><w:r><w:t xml:space=\"preserve\">b</w:t></w:r></w:p>");
}

TEST(merge_paragraph_and_row_loops)
{
	CHECK_STR(merge(P(R("{#l}")) P(R("{.}")) P(R("{/l}")), "{\"l\": [1, 2]}", 0),
		  "<w:p><w:r><w:t xml:space=\"preserve\">1</w:t></w:r></w:p>"
		  "<w:p><w:r><w:t xml:space=\"preserve\">2</w:t></w:r></w:p>");
	CHECK_STR(merge("<w:tbl><w:tr><w:tc>" P(R("{#l}{.}")) "</w:tc><w:tc>" P(R("{/l}")) "</w:tc></w:tr></w:tbl>",
			"{\"l\": [\"a\", \"b\"]}", 0),
		  "<w:tbl><w:tr><w:tc><w:p><w:r><w:t xml:space=\"preserve\">a</w:t></w:r></w:p></w:tc><w:tc><w:p>"
		  "<w:r><w:t xml:space=\"preserve\"/></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r>"
		  "<w:t xml:space=\"preserve\">b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space=\"preserve\"/>"
		  "</w:r></w:p></w:tc></w:tr></w:tbl>");
	CHECK_STR(merge("<w:tbl><w:tr><w:tc>" P(R("{#l}{.}")) "</w:tc><w:tc>" P(R("{/l}")) "</w:tc></w:tr></w:tbl>",
			"{\"l\": []}", 0),
		  ""); /* a table left without rows goes, as in docxtemplater (Word calls it damaged) */
}

TEST(merge_values_and_scopes)
{
	CHECK_STR(merge(P(R("{#o}{a}{b}{/o}")), "{\"b\": \"outer\", \"o\": {\"a\": \"in\"}}", 0),
		  "<w:p><w:r><w:t xml:space=\"preserve\">inouter</w:t></w:r></w:p>");
	CHECK_STR(merge(P(R("{v}")), "{\"v\": \"1<2\\n3\\t&\"}", 0),
		  "<w:p><w:r><w:t xml:space=\"preserve\">1&lt;2</w:t><w:br/><w:t xml:space=\"preserve\">3"
		  "</w:t><w:tab/><w:t xml:space=\"preserve\">&amp;</w:t></w:r></w:p>");
	CHECK_STR(merge(P(R("{#l}{$index}{/l}")), "{\"l\": [0, 0, 0]}", 0),
		  "<w:p><w:r><w:t xml:space=\"preserve\">012</w:t></w:r></w:p>");
	CHECK_STR(merge(P(R("{l.1.n}")), "{\"l\": [{\"n\": 1}, {\"n\": 2}]}", 0),
		  "<w:p><w:r><w:t xml:space=\"preserve\">2</w:t></w:r></w:p>");
}

TEST(merge_errors_name_tag_and_field)
{
	CHECK_STR(merge(P(R("{x}")), "{}", 0),
		  "ERR: tests: word/document.xml, paragraph 1: tag {x}: no field 'x' in the data");
	CHECK_STR(merge(P(R("[{x}]")), "{}", 1), "<w:p><w:r><w:t xml:space=\"preserve\">[]</w:t></w:r></w:p>");
	CHECK_STR(merge(P(R("{#d}{s}{/d}")), "{\"d\": [{\"s\": \"ok\"}, {\"s\": \"\\uFFFF\"}]}", 0),
		  "ERR: tests: word/document.xml, paragraph 1: tag {s}: field 'd[2].s' cannot go into a "
		  "document: a non-character (U+FFFE/U+FFFF) at byte 0");
	CHECK_STR(merge(P(R("{d|roc_date}")), "{\"d\": \"soon\"}", 0),
		  "ERR: tests: word/document.xml, paragraph 1: tag {d|roc_date}: filter roc_date: 'soon' is "
		  "not a date YYYY-MM-DD");
}

TEST(tpl_long_paragraph_error_window)
{
	/* Regression (found by fuzzing): the window of a long paragraph cut
	 * inside a CJK character made the column count loop forever. */
	gw_tpl_report *r = inspect(P(R("{^a}{$index}a{$index}} \":{$index}中default:\"x\"{\"joinzh_numberzh_number^roc_datecheckbox{/b}zh_numbera")));
	if (!CHECK(r != NULL))
		return;
	int found = 0;
	for (size_t i = 0; i < r->ndiags; i++)
		found |= strstr(r->diags[i], "unopened tag: '}' without '{'") != NULL;
	CHECK(found);
	gw_tpl_report_free(r);
	char body[4096] = "<w:p><w:r><w:t>";
	for (int i = 0; i < 300; i++)
		strcat(body, "中");
	strcat(body, "{x | nope}</w:t></w:r></w:p>");
	r = inspect(body);
	if (!CHECK(r != NULL) || !CHECK_INT(r->ndiags, 1))
		return;
	/* A window around the tag, with an ellipsis, the caret under the tag. */
	CHECK(strstr(r->diags[0], "\n  …中") != NULL);
	CHECK(strstr(r->diags[0], "中{x | nope}\n") != NULL);
	const char *caret = strrchr(r->diags[0], '\n');
	CHECK(caret && strstr(caret, "^~~~~~~~~~") != NULL);
	gw_tpl_report_free(r);
}
