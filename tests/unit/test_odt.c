/* Unit tests for the ODT writer (odt.c) and the DI files (di.c): documents
 * made from WordprocessingML snippets in tests/data/model/base.docx, written
 * to memory, opened again as a zip (pkg.c) and read with libxml2. */
#include "t.h"
#include "di.h"
#include "docs.h"
#include "model.h"
#include "odt.h"
#include "pkg.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <zip.h>

#define NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define DOC(body) "<w:document " NS "><w:body>" body "</w:body></w:document>"
#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define LVL(i, fmt, text, ind)                                                              \
	"<w:lvl w:ilvl=\"" #i "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" fmt "\"/>"     \
	"<w:lvlText w:val=\"" text "\"/><w:pPr><w:ind w:left=\"" #ind "\" w:hanging=\"600\"/></w:pPr></w:lvl>"
#define NUMP(lvl, text)                                                                     \
	"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"1\"/></w:numPr>" \
	"</w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define NUMBERING                                                                          \
	"<w:numbering " NS "><w:abstractNum w:abstractNumId=\"0\">"                       \
	LVL(0, "taiwaneseCountingThousand", "%1、", 600)                                   \
	LVL(1, "taiwaneseCountingThousand", "(%2)", 1200) "</w:abstractNum>"               \
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"

static gw_doc *load(const char *numbering, const char *document)
{
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	gw_err err = {0};

	if (gw_pkg_open(&pkg, "tests/data/model/base.docx", &err) < 0) {
		fprintf(stderr, "    %s\n", err.msg);
		return NULL;
	}
	if (numbering)
		gw_pkg_set(pkg, "word/numbering.xml", xstrdup(numbering), strlen(numbering));
	gw_pkg_set(pkg, "word/document.xml", xstrdup(document), strlen(document));
	if (gw_model_load(&doc, pkg, &err) < 0)
		fprintf(stderr, "    load: %s\n", err.msg);
	gw_pkg_free(pkg);
	return doc;
}

/* An ODT opened again: its entries in order (libzip directly: pkg.c reads
 * only OPC packages). */
typedef struct odt_zip {
	int n;
	char *name[32], *data[32];
	size_t len[32];
	int method[32], extra[32];
} odt_zip;

static void zip_dispose(odt_zip *z)
{
	for (int i = 0; i < z->n; i++) {
		free(z->name[i]);
		free(z->data[i]);
	}
	free(z);
}

static odt_zip *odt_of(const gw_doc *doc)
{
	char *bytes = NULL;
	size_t len = 0;
	gw_err err = {0};
	zip_error_t ze;

	if (!doc || gw_odt_write_mem(&bytes, &len, doc, "t.odt", &err) < 0) {
		fprintf(stderr, "    odt: %s\n", err.msg);
		return NULL;
	}
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(bytes, len, 1, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!za) {
		fprintf(stderr, "    reopen: %s\n", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	odt_zip *z = xcalloc(1, sizeof *z);
	for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0) && z->n < 32; i++) {
		zip_stat_t st;
		zip_stat_index(za, (zip_uint64_t)i, 0, &st);
		z->name[z->n] = xstrdup(st.name);
		z->method[z->n] = st.comp_method;
		z->extra[z->n] = zip_file_extra_fields_count(za, (zip_uint64_t)i, ZIP_FL_LOCAL) +
				 zip_file_extra_fields_count(za, (zip_uint64_t)i, ZIP_FL_CENTRAL);
		z->data[z->n] = xmalloc(st.size + 1);
		zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
		zip_int64_t got = f ? zip_fread(f, z->data[z->n], st.size) : -1;
		if (f)
			zip_fclose(f);
		z->len[z->n] = got > 0 ? (size_t)got : 0;
		z->data[z->n][z->len[z->n]] = 0;
		z->n++;
	}
	zip_close(za);
	zip_error_fini(&ze);
	return z;
}

static const char *part(const odt_zip *z, const char *name)
{
	for (int i = 0; z && i < z->n; i++)
		if (strcmp(z->name[i], name) == 0)
			return z->data[i];
	return "";
}

static xmlDocPtr part_xml(const odt_zip *z, const char *name)
{
	const char *d = part(z, name);
	return xmlReadMemory(d, (int)strlen(d), name, NULL, XML_PARSE_NONET);
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text of content.xml as gw_doc_text gives a document's: one line per
 * text:p (table cells included, covered ones too), text:tab '\t',
 * text:line-break '\n', text:s its spaces. */
static void odt_text(gw_buf *b, const xmlNode *n, int in_p)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && in_p) {
			gw_buf_adds(b, (const char *)n->content);
		} else if (named(n, "p") || named(n, "h")) {
			odt_text(b, n->children, 1);
			gw_buf_addc(b, '\n');
		} else if (named(n, "tab")) {
			gw_buf_addc(b, '\t');
		} else if (named(n, "line-break")) {
			gw_buf_addc(b, '\n');
		} else if (named(n, "s")) {
			xmlChar *c = xmlGetProp(n, (const xmlChar *)"c");
			int k = c ? atoi((const char *)c) : 1;
			xmlFree(c);
			while (k-- > 0)
				gw_buf_addc(b, ' ');
		} else if (n->type == XML_ELEMENT_NODE) {
			odt_text(b, n->children, in_p);
		}
	}
}

static char *text_of(const odt_zip *pkg)
{
	gw_buf b;
	xmlDocPtr x = part_xml(pkg, "content.xml");
	gw_buf_init(&b);
	gw_buf_adds(&b, "");
	if (x) {
		const xmlNode *root = xmlDocGetRootElement(x);
		for (const xmlNode *n = root->children; n; n = n->next)
			if (named(n, "body"))
				odt_text(&b, n->children, 0);
		xmlFreeDoc(x);
	}
	return gw_buf_detach(&b, NULL);
}

TEST(odt_package_layout)
{
	gw_doc *doc = load(NULL, DOC(P("一")));
	odt_zip *pkg = odt_of(doc);
	CHECK(pkg != NULL);
	if (pkg) {
		CHECK_STR(pkg->name[0], "mimetype");
		CHECK_STR(pkg->data[0], "application/vnd.oasis.opendocument.text");
		CHECK_INT(pkg->method[0], ZIP_CM_STORE);
		for (int i = 0; i < pkg->n; i++)
			CHECK_INT(pkg->extra[i], 0);
		const char *m = part(pkg, "META-INF/manifest.xml");
		CHECK(strstr(m, "manifest:full-path=\"/\"") != NULL);
		for (int i = 1; i < pkg->n; i++) {
			const char *n = pkg->name[i];
			char *want = xasprintf("manifest:full-path=\"%s\"", n);
			if (strcmp(n, "META-INF/manifest.xml") != 0 && !CHECK(strstr(m, want) != NULL))
				fprintf(stderr, "    %s not in the manifest\n", n);
			free(want);
		}
		const char *names[] = {"content.xml", "styles.xml", "meta.xml", "settings.xml",
				       "META-INF/manifest.xml"};
		for (size_t i = 0; i < 5; i++) {
			xmlDocPtr x = part_xml(pkg, names[i]);
			if (!CHECK(x != NULL))
				fprintf(stderr, "    %s is not well-formed\n", names[i]);
			xmlFreeDoc(x);
		}
		/* Strict ODF: no LibreOffice extension namespace anywhere. */
		CHECK(strstr(part(pkg, "content.xml"), "loext") == NULL);
		CHECK(strstr(part(pkg, "styles.xml"), "loext") == NULL);
	}
	zip_dispose(pkg);
	gw_doc_free(doc);
}

TEST(odt_text_equals_the_documents)
{
	/* Hostile characters, runs of spaces, tabs, a line break, a page break
	 * inside a paragraph, list labels, a table with merged cells. */
	gw_doc *doc = load(NUMBERING,
		DOC(P("  lead &amp; &lt;tag&gt; \"q\" 'a'   three")
		    "<w:p><w:r><w:t>a</w:t></w:r><w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t>"
		    "<w:br w:type=\"page\"/><w:t>after the break</w:t></w:r></w:p>"
		    NUMP(0, "first") NUMP(1, "sub") NUMP(0, "second")
		    "<w:tbl><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/>"
		    "<w:gridCol w:w=\"2000\"/></w:tblGrid>"
		    "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P("wide") "</w:tc>"
		    "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P("tall") "</w:tc></w:tr>"
		    "<w:tr><w:tc>" P("x") "</w:tc><w:tc>" P("y") "</w:tc>"
		    "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
		    P("臺中市　函")));
	odt_zip *pkg = odt_of(doc);
	char *want = gw_doc_text(doc), *got = text_of(pkg);
	CHECK_STR(got, want);
	CHECK(strstr(want, "一、\tfirst") != NULL); /* the labels are in both */
	const char *content = part(pkg, "content.xml");
	CHECK(strstr(content, "&lt;tag&gt;") != NULL);
	CHECK(strstr(content, "&amp;") != NULL);
	CHECK(strstr(content, "table:number-columns-spanned=\"2\"") != NULL);
	CHECK(strstr(content, "table:number-rows-spanned=\"2\"") != NULL);
	CHECK(strstr(content, "<table:covered-table-cell") != NULL);
	CHECK(strstr(content, "fo:break-before=\"page\"") != NULL);
	CHECK(strstr(content, "text:style-name=\"" GW_ODT_LABEL_PREFIX) != NULL);
	free(want);
	free(got);
	zip_dispose(pkg);
	gw_doc_free(doc);
}

TEST(odt_page_fonts_and_fields)
{
	gw_doc *doc = load(NULL,
		DOC("<w:p><w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\""
		    " w:eastAsia=\"標楷體\"/><w:b/><w:sz w:val=\"30\"/></w:rPr><w:t>主旨</w:t></w:r></w:p>"
		    "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\""
		    " w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"454\""
		    " w:gutter=\"0\"/></w:sectPr>"));
	odt_zip *pkg = odt_of(doc);
	const char *styles = part(pkg, "styles.xml"), *content = part(pkg, "content.xml");
	CHECK(strstr(styles, "fo:page-width=\"595.3pt\"") != NULL);
	CHECK(strstr(styles, "fo:page-height=\"841.9pt\"") != NULL);
	CHECK(strstr(styles, "fo:margin-left=\"56.7pt\"") != NULL);
	CHECK(strstr(content, "style:font-name-asian=\"標楷體\"") != NULL);
	CHECK(strstr(content, "style:language-asian=\"zh\" style:country-asian=\"TW\"") != NULL);
	CHECK(strstr(content, "fo:font-size=\"15pt\"") != NULL);
	CHECK(strstr(content, "fo:font-weight=\"bold\"") != NULL);
	CHECK(strstr(content, "<style:font-face style:name=\"標楷體\"") != NULL);
	CHECK(strstr(content, "style:master-page-name=\"MP1\"") != NULL);
	zip_dispose(pkg);
	gw_doc_free(doc);
}

TEST(odt_line_grid)
{
	gw_doc *doc = load(NULL,
		DOC(P("一") "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\""
		    " w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"850\""
		    " w:footer=\"850\" w:gutter=\"0\"/><w:docGrid w:type=\"lines\" w:linePitch=\"600\"/>"
		    "</w:sectPr>"));
	odt_zip *pkg = odt_of(doc);
	const char *styles = part(pkg, "styles.xml");
	CHECK(strstr(styles, "style:layout-grid-mode=\"line\" style:layout-grid-lines=\"23\"") != NULL);
	CHECK(strstr(styles, "style:layout-grid-base-height=\"30pt\"") != NULL);
	CHECK(strstr(styles, "<style:default-page-layout><style:page-layout-properties"
			     " style:layout-grid-standard-mode=\"true\"/>") != NULL);
	zip_dispose(pkg);
	gw_doc_free(doc);
}

/* ==== DI ==== */

static json_t *letter_tree(const char *agency, const char *date, const char *no)
{
	json_t *t = json_pack("{s:{s:s,s:s,s:s}, s:{s:s,s:s,s:s}, s:{s:s,s:s}}",
			      "agency", "name", agency, "code", "387040000A", "address", "地址甲",
			      "letter", "date", date, "doc_no", no, "urgency", "速件",
			      "bureau", "name", "臺中市政府數位發展局", "address", "地址乙");
	return t;
}

#define LETTER(copies)                                                                     \
	DOC(P("地址：407臺中市") P("承辦人：王小明") P("電話：04-1") P("受文者：臺中市政府數位發展局") \
	    P("速別：速件") P("附件：如說明二") P("主旨：檢送&lt;&amp;&gt;\"文件\"，請查照。")  \
	    P("說明：") NUMP(0, "依據辦理。") NUMP(0, "檢送：") NUMP(1, "申請單。")          \
	    P("正本：" copies) P("副本：本局資訊室") P("局長　陳大明"))

TEST(di_request_letter_order_and_escaping)
{
	gw_doc *doc = load(NUMBERING, LETTER("臺中市政府數位發展局"));
	json_t *tree = letter_tree("環保局<&>\"", "", "");
	const char *att[] = {"form.pdf", "network.pdf"};
	char *di = NULL, *sw = NULL, *summary = NULL;
	gw_err err = {0};

	CHECK(gw_di_build(&di, &sw, GW_DOC_REQUEST, tree, doc, "request", att, 2, &err) == 0);
	CHECK(sw == NULL); /* one recipient: no roster */
	if (di) {
		static const char start[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					    "<!DOCTYPE 函 SYSTEM \"104_2_utf8.dtd\" [\n";
		CHECK(strncmp(di, start, sizeof start - 1) == 0);
		CHECK(strstr(di, "<!ENTITY ATTCH2 SYSTEM \"network.pdf\" NDATA _X>") != NULL);
		CHECK(strstr(di, "<全銜>環保局&lt;&amp;&gt;&quot;</全銜>") != NULL);
		CHECK(strstr(di, "<文字>檢送&lt;&amp;&gt;&quot;文件&quot;，請查照。</文字>") != NULL);
		/* not numbered by the agency yet: empty date and number */
		CHECK(strstr(di, "<年月日/>") != NULL);
		CHECK(strstr(di, "<字/>") != NULL);
		CHECK(strstr(di, "<速別 代碼=\"速件\"/>") != NULL);
		CHECK(strstr(di, "<條列 序號=\"二、\">\n      <文字>檢送：</文字>\n"
			      "      <條列 序號=\"(一)\">") != NULL);
		CHECK(strstr(di, "<附件檔名 附件名=\"ATTCH1 ATTCH2\"/>") != NULL);
		CHECK(gw_di_check(&summary, di, strlen(di), "request.di", &err) == 0);
		if (err.code)
			fprintf(stderr, "    %s\n", err.msg);
		CHECK_STR(summary, "request.di: ok: 函, 3 條列");
		/* the parts in the order of the DTD */
		const char *order[] = {"<發文機關>", "<函類別", "<地址>", "<聯絡方式>", "<受文者>",
				       "<發文日期>", "<發文字號>", "<速別", "<附件>", "<主旨>",
				       "<段落", "<正本>", "<副本>", "<署名>"};
		const char *at = di;
		for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
			const char *p = strstr(at, order[i]);
			if (!CHECK(p != NULL))
				fprintf(stderr, "    %s missing or out of order\n", order[i]);
			else
				at = p;
		}
	}
	free(di);
	free(sw);
	free(summary);
	json_decref(tree);
	gw_doc_free(doc);
}

TEST(di_numbered_letter_and_roster)
{
	gw_doc *doc = load(NUMBERING, LETTER("臺中市政府數位發展局、臺中市政府環境保護局"));
	json_t *tree = letter_tree("臺中市政府環境保護局", "2026-11-20", "中市環資字第1150012345號");
	char *di = NULL, *sw = NULL;
	gw_err err = {0};

	CHECK(gw_di_build(&di, &sw, GW_DOC_REQUEST, tree, doc, "request", NULL, 0, &err) == 0);
	if (di && sw) {
		CHECK(strstr(di, "<!ENTITY 表單 SYSTEM \"request.sw\" NDATA DI>") != NULL);
		CHECK(strstr(di, "<交換表 交換表單=\"表單\">") != NULL);
		CHECK(strstr(di, "<年月日>中華民國115年11月20日</年月日>") != NULL);
		CHECK(strstr(di, "<字>中市環資字</字>") != NULL);
		CHECK(strstr(di, "<年度>115</年度>") != NULL);
		CHECK(strstr(di, "<流水號>0012345</流水號>") != NULL);
		CHECK(strstr(sw, "<全銜>臺中市政府環境保護局</全銜>\n  <機關代碼>387040000A</機關代碼>") != NULL);
		CHECK(strstr(sw, "本局") == NULL); /* the sender's own unit is not exchanged */
		CHECK(gw_di_check(NULL, di, strlen(di), "request.di", &err) == 0);
	} else {
		CHECK(!"a DI and a roster");
	}
	free(di);
	free(sw);
	json_decref(tree);
	gw_doc_free(doc);
}

TEST(di_check_refuses_bad_files_and_never_loads_entities)
{
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				   "<!DOCTYPE 函 SYSTEM \"104_2_utf8.dtd\" [\n";
	static const char good[] =
		"<發文機關><全銜>甲</全銜></發文機關><函類別 代碼=\"函\"/><地址/><聯絡方式/>"
		"<受文者><全銜>乙</全銜></受文者><發文日期><年月日/></發文日期><發文字號><字/></發文字號>"
		"<速別 代碼=\"普通件\"/><主旨><文字>x</文字></主旨><正本><全銜>乙</全銜></正本>"
		"<署名>局長</署名></函>";
	struct { const char *subset, *body, *want; } cases[] = {
		{"]>", good, NULL},
		{"]>", "<發文機關/><地址/><函類別 代碼=\"函\"/>", "<地址> where <函類別> must come"},
		{"]>", "<發文機關/><函類別 代碼=\"令\"/>", "函類別 代碼 \"令\" is not 函"},
		{"<!ENTITY x SYSTEM \"/etc/passwd\">]>",
		 "<發文機關><全銜>&x;</全銜></發文機關>", "entity reference &x;"},
		{"<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>",
		 "<發文機關><全銜>&x;</全銜></發文機關>", "entity reference &x;"},
		{"]>", "<發文機關/><函類別 代碼=\"函\"/><地址/><聯絡方式/><受文者/><發文日期/>"
		       "<發文字號/><速別 代碼=\"特急件\"/>", "速別 代碼 \"特急件\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *x = xasprintf("%s%s\n<函>%s%s", head, cases[i].subset, cases[i].body,
				    strstr(cases[i].body, "</函>") ? "" : "</函>");
		gw_err err = {0};
		int rc = gw_di_check(NULL, x, strlen(x), "t.di", &err);
		if (cases[i].want == NULL) {
			if (!CHECK(rc == 0))
				fprintf(stderr, "    case %zu: %s\n", i, err.msg);
		} else if (!CHECK(rc < 0 && strstr(err.msg, cases[i].want) != NULL)) {
			fprintf(stderr, "    case %zu: got \"%s\"\n", i, err.msg);
		}
		CHECK(strstr(err.msg, "root:") == NULL); /* nothing of /etc/passwd */
		free(x);
	}
}
