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

static void count_warning(void *ctx, const char *msg)
{
	(void)msg;
	++*(int *)ctx;
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

#define OUT(x) "<w:p><w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r></w:p>"
#define TC(x) "<w:tc>" x "</w:tc>"
#define LIT(x) "<w:p><w:r><w:t>" x "</w:t></w:r></w:p>"
#define EMPTY "<w:p><w:r><w:t xml:space=\"preserve\"/></w:r></w:p>"

TEST(tpl_anonymous_close)
{
	/* {/} closes the innermost open section, nested and in table rows. */
	CHECK_STR(merge(P(R("{#l}{.},{/}")), "{\"l\": [1, 2]}", 0), OUT("1,2,"));
	CHECK_STR(merge(P(R("{#g}")) P(R("{#c}{.}{/}|")) P(R("{/}")), "{\"g\": [{\"c\": [1, 2]}, {\"c\": [3]}]}", 0),
		  OUT("12|") OUT("3|"));
	CHECK_STR(merge("<w:tbl><w:tr>" TC(P(R("{#r}{a}"))) TC(P(R("{/}"))) "</w:tr></w:tbl>",
			"{\"r\": [{\"a\": \"x\"}, {\"a\": \"y\"}]}", 0),
		  "<w:tbl><w:tr>" TC(OUT("x")) TC(EMPTY) "</w:tr><w:tr>" TC(OUT("y")) TC(EMPTY) "</w:tr></w:tbl>");
	gw_tpl_report *r = inspect(P(R("{#users}{/}")));
	if (CHECK(r != NULL) && CHECK_INT(r->ntags, 2)) {
		CHECK_STR(r->tags[1].source, "{/}");
		CHECK_STR(r->tags[1].name, "users");
	}
	gw_tpl_report_free(r);
	CHECK(strstr(merge(P(R("{/}")), "{}", 0), "section end '{/}' has no matching start") != NULL);
}

TEST(tpl_dash_element)
{
	/* {-w:p l}: the paragraph repeats (kept even when it holds only tags). */
	CHECK_STR(merge(P(R("{-w:p l}{.}{/l}")) P(R("end")), "{\"l\": [\"a\", \"b\"]}", 0),
		  OUT("a") OUT("b") LIT("end"));
	CHECK_STR(merge(P(R("{-w:p l}{.}")) P(R("{/l}")), "{\"l\": [1, 2]}", 0),
		  OUT("1") EMPTY OUT("2") EMPTY);
	CHECK_STR(merge(P(R("{-w:p l}x{/l}")) P(R("end")), "{\"l\": []}", 0), LIT("end"));
	/* {-w:tr r} in one cell repeats the row; {-w:tbl t} the table. */
	CHECK_STR(merge("<w:tbl><w:tr>" TC(P(R("{-w:tr r}{.}{/r}"))) "</w:tr></w:tbl>", "{\"r\": [1, 2]}", 0),
		  "<w:tbl><w:tr>" TC(OUT("1")) "</w:tr><w:tr>" TC(OUT("2")) "</w:tr></w:tbl>");
	CHECK_STR(merge("<w:tbl><w:tr>" TC(P(R("{-w:tbl t}{.}{/t}"))) "</w:tr></w:tbl>", "{\"t\": [1, 2]}", 0),
		  "<w:tbl><w:tr>" TC(OUT("1")) "</w:tr></w:tbl><w:tbl><w:tr>" TC(OUT("2")) "</w:tr></w:tbl>");
	gw_tpl_report *r = inspect(P(R("{-w:tbl t}x{/t}")) P(R("{-1x y}")) P(R("{-w:body b}{/b}")) P(R("{-w:p q}{/q}")));
	if (CHECK(r != NULL) && CHECK_INT(r->ndiags, 3)) {
		CHECK(strstr(r->diags[0], "paragraph 1: no <w:tbl> element around '{-w:tbl t}' to repeat"));
		CHECK(strstr(r->diags[1], "bad element name '1x'"));
		CHECK(strstr(r->diags[2], "cannot repeat <w:body>"));
		CHECK_STR(r->tags[0].element, "w:tbl");
		CHECK_STR(r->tags[5].element, "w:p");
		CHECK_INT(r->tags[5].place, GW_PLACE_ELEMENT);
	}
	gw_tpl_report_free(r);
	/* A row loop reaching outside the section written around it. */
	CHECK(strstr(merge("<w:tbl><w:tr>" TC(P(R("{#a}")) P(R("{-w:tr r}{/r}")) P(R("{/a}"))) "</w:tr></w:tbl>",
			   "{\"a\": true, \"r\": [1]}", 0),
		     "section 'a' and a section inside it repeat overlapping parts") != NULL);
	r = inspect("<w:tbl><w:tr>" TC(P(R("{#a}")) P(R("{-w:tr r}{/r}")) P(R("{/a}"))) "</w:tr></w:tbl>");
	if (CHECK(r != NULL) && CHECK_INT(r->ndiags, 1))
		CHECK(strstr(r->diags[0], "paragraph 1: section 'a' and a section inside it") != NULL);
	gw_tpl_report_free(r);
	/* A condition before the row loop's tag in its cell repeats with the row
	 * (as in docxtemplater): allowed. */
	CHECK_STR(merge("<w:tbl><w:tr>" TC(P(R("{#c}*{/c}{#r}{.}"))) TC(P(R("{/r}"))) "</w:tr></w:tbl>",
			"{\"c\": true, \"r\": [1, 2]}", 0),
		  "<w:tbl><w:tr>" TC(OUT("*1")) TC(EMPTY) "</w:tr><w:tr>" TC(OUT("*2")) TC(EMPTY) "</w:tr></w:tbl>");
}

TEST(tpl_tag_paragraph_kept_when_it_holds_more)
{
	/* A picture next to the closing tag stays, inside the section (as
	 * docxtemplater); alone, the tag paragraph goes. */
	CHECK_STR(merge(P(R("{#c}")) P(R("x")) P(R("{/c}") "<w:r><w:drawing/></w:r>"), "{\"c\": true}", 0),
		  LIT("x") "<w:p><w:r><w:t xml:space=\"preserve\"/></w:r><w:r><w:drawing/></w:r></w:p>");
	CHECK_STR(merge(P(R("{#c}")) P(R("x")) P(R("{/c}") "<w:r><w:drawing/></w:r>"), "{\"c\": false}", 0), "");
	/* A page break opening the loop starts each repetition. */
	CHECK_STR(merge(P("<w:r><w:br w:type=\"page\"/></w:r>" R("{#l}")) P(R("{.}")) P(R("{/l}")),
			"{\"l\": [1, 2]}", 0),
		  "<w:p><w:r><w:br w:type=\"page\"/></w:r><w:r><w:t xml:space=\"preserve\"/></w:r></w:p>" OUT("1")
		  "<w:p><w:r><w:br w:type=\"page\"/></w:r><w:r><w:t xml:space=\"preserve\"/></w:r></w:p>" OUT("2"));
	/* A bookmark or a closing page break: the paragraph stays once, after. */
	CHECK_STR(merge(P(R("{#l}")) P(R("{.}")) P("<w:bookmarkStart w:id=\"1\" w:name=\"b\"/>" R("{/l}")),
			"{\"l\": [1, 2]}", 0),
		  OUT("1") OUT("2") "<w:p><w:bookmarkStart w:id=\"1\" w:name=\"b\"/><w:r><w:t xml:space=\"preserve\"/></w:r></w:p>");
	/* Formatting and proofing marks are nothing: the paragraph goes. */
	CHECK_STR(merge(P("<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:proofErr w:type=\"spellStart\"/>" R("{#l}"))
			P(R("{.}")) P(R("{/l}")), "{\"l\": [1]}", 0), OUT("1"));
}

TEST(merge_mends_cells_tables_headers)
{
	/* A cell whose loop paragraphs follow a nested table ends with a
	 * paragraph; a table left without rows goes. */
	const char *nested = "<w:tbl><w:tr>" TC(P(R("in"))) "</w:tr></w:tbl>";
	char body[1024];
	snprintf(body, sizeof body, "<w:tbl><w:tr>" TC("%s" P(R("{#l}")) P(R("{.}")) P(R("{/l}"))) "</w:tr></w:tbl>", nested);
	char want[1024];
	snprintf(want, sizeof want, "<w:tbl><w:tr>" TC("%s<w:p/>") "</w:tr></w:tbl>",
		 "<w:tbl><w:tr>" TC(LIT("in")) "</w:tr></w:tbl>");
	CHECK_STR(merge(body, "{\"l\": []}", 0), want);
	CHECK_STR(merge(P(R("a")) "<w:tbl><w:tblPr/><w:tr>" TC(P(R("{#r}{.}"))) TC(P(R("{/r}"))) "</w:tr></w:tbl>" P(R("b")),
			"{\"r\": []}", 0),
		  LIT("a") LIT("b"));
}

TEST(tpl_active_content)
{
	const char *dde = "<w:p><w:fldSimple w:instr=\" DDEAUTO cmd.exe \"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"
			  "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> INCLUDE</w:instrText></w:r>"
			  "<w:r><w:instrText>TEXT \"c:\\\\a\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
			  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
			  "<w:p><w:fldSimple w:instr=\" PAGE \"/></w:p>" P(R("{x}"));
	gw_tpl_report *r = inspect(dde);
	if (CHECK(r != NULL) && CHECK_INT(r->nactive, 2)) {
		CHECK_STR(r->active[0], "tests: word/document.xml: DDEAUTO field 'DDEAUTO cmd.exe' (runs a program "
			  "when the document is opened or its fields are updated)");
		CHECK(strstr(r->active[1], "INCLUDETEXT field 'INCLUDETEXT \"c:\\\\a\"' (fetches a file") != NULL);
		CHECK_INT(r->ndiags, 0);
	}
	gw_tpl_report_free(r);
	CHECK(strncmp(merge(dde, "{\"x\": 1}", 0), "ERR: tests: word/document.xml: DDEAUTO field", 44) == 0);
	/* --allow-active: compiled, one warning per item. */
	gw_pkg *pkg = with_body(dde);
	gw_tpl *t = NULL;
	gw_err err = {0};
	int nwarn = 0;
	gw_tpl_opts o = {.allow_active = 1, .warn = count_warning, .warn_ctx = &nwarn};
	CHECK_INT(gw_tpl_compile_opts(&t, pkg, &o, &err), 0);
	CHECK_INT(nwarn, 2);
	gw_tpl_free(t);
	gw_pkg_free(pkg);
}

TEST(merge_renumbers_repeated_pictures)
{
	/* Each repetition of a picture gets its own wp:docPr id, past the
	 * template's largest (7 here). */
#define PIC(id) "<w:r><w:drawing xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">" \
		"<wp:docPr id=\"" id "\" name=\"p\"/></w:drawing></w:r>"
	const char *got = merge(P(PIC("7")) P(R("{#l}")) P(PIC("1") R("{.}")) P(R("{/l}")), "{\"l\": [1, 2]}", 0);
	CHECK(strstr(got, "<wp:docPr id=\"8\" name=\"p\"/>") != NULL);
	CHECK(strstr(got, "<wp:docPr id=\"9\" name=\"p\"/>") != NULL);
	CHECK(strstr(got, "<wp:docPr id=\"10\" name=\"p\"/>") != NULL);
	CHECK(strstr(got, "id=\"1\"") == NULL);
	/* Data that looks like one is text, untouched. */
	got = merge(P(R("{#l}")) P(PIC("1") R("{.}")) P(R("{/l}")), "{\"l\": [\"<a:docPr id=\\\"1\\\" :docPr id=\\\"1\\\"\"]}", 0);
	CHECK(strstr(got, "&lt;a:docPr id=\"1\" :docPr id=\"1\"") != NULL);
	CHECK(strstr(got, "<wp:docPr id=\"2\" name=\"p\"/>") != NULL);
#undef PIC
}
