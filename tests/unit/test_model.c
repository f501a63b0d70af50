/* Unit tests for the document model (model.c, model_style.c): WordprocessingML
 * snippets put into tests/data/model/base.docx (made by mkbase.py), loaded
 * with gw_model_load, checked through the model and gw_doc_text. */
#include "t.h"
#include "model.h"
#include "pkg.h"

#include <stdio.h>
#include <stdlib.h>

#define NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" " \
	   "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" " \
	   "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" " \
	   "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\" " \
	   "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" " \
	   "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" " \
	   "xmlns:v=\"urn:schemas-microsoft-com:vml\" " \
	   "xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""
#define DOC(body) "<w:document " NS "><w:body>" body "</w:body></w:document>"
#define STYLES(x) "<w:styles " NS ">" x "</w:styles>"
#define NUMBERING(x) "<w:numbering " NS ">" x "</w:numbering>"

static bool quiet; /* a test that expects load errors sets it */

/* Load base.docx with parts replaced: pairs of (name, content), NULL ends. */
static gw_doc *load_parts(gw_err *err, const char *name, ...)
{
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	va_list ap;

	if (gw_pkg_open(&pkg, "tests/data/model/base.docx", err) < 0) {
		fprintf(stderr, "    %s\n", err->msg);
		return NULL;
	}
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *)) {
		const char *content = va_arg(ap, const char *);
		gw_pkg_set(pkg, n, xstrdup(content), strlen(content));
	}
	va_end(ap);
	if (gw_model_load(&doc, pkg, err) < 0 && !quiet)
		fprintf(stderr, "    load: %s\n", err->msg);
	gw_pkg_free(pkg);
	return doc;
}

static gw_doc *load_doc(const char *document)
{
	gw_err err = {0};
	return load_parts(&err, "word/document.xml", document, NULL);
}

static const gw_para *para_n(const gw_doc *doc, int n)
{
	const gw_block *b = doc && doc->nsections ? doc->sections[0].body : NULL;
	for (; b; b = b->next)
		if (b->kind == GW_BLOCK_PARA && n-- == 0)
			return &b->u.para;
	return NULL;
}

static bool has_warning(const gw_doc *doc, const char *needle)
{
	for (int i = 0; doc && i < doc->nwarnings; i++)
		if (strstr(doc->warnings[i], needle))
			return true;
	return false;
}

static void check_text(const gw_doc *doc, const char *want, const char *file, int line)
{
	char *text = gw_doc_text(doc);
	t_check_str(text, want, "gw_doc_text", file, line);
	free(text);
}
#define CHECK_TEXT(doc, want) check_text(doc, want, __FILE__, __LINE__)

TEST(model_plain_document)
{
	gw_doc *doc = load_doc(DOC("<w:p><w:r><w:t xml:space=\"preserve\">你好 </w:t></w:r>"
				   "<w:r><w:rPr><w:b/></w:rPr><w:t> world </w:t></w:r></w:p>"
				   "<w:p/>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK_INT(doc->nsections, 1);
	CHECK_TEXT(doc, "你好 world\n\n");
	const gw_para *p = para_n(doc, 0);
	CHECK(p->first && p->first->next && !p->first->rp.bold && p->first->next->rp.bold);
	/* No sectPr: A4 defaults. */
	CHECK_INT(doc->sections[0].page_w, 11906);
	CHECK_STR(doc->title, "測試公文");
	CHECK_STR(doc->author, "臺中市政府");
	CHECK_STR(doc->subject, "機房設備");
	CHECK_STR(doc->keywords, "gongwen");
	gw_doc_free(doc);
}

#define STYLE_SET                                                                          \
	STYLES("<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "  \
	       "w:eastAsia=\"標楷體\"/><w:sz w:val=\"24\"/></w:rPr></w:rPrDefault>"            \
	       "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault>"     \
	       "</w:docDefaults>"                                                              \
	       "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"           \
	       "<w:pPr><w:jc w:val=\"both\"/></w:pPr><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:style>" \
	       "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:basedOn w:val=\"Normal\"/>" \
	       "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"240\"/></w:pPr>"          \
	       "<w:rPr><w:b/><w:color w:val=\"FF0000\"/></w:rPr></w:style>"                    \
	       "<w:style w:type=\"paragraph\" w:styleId=\"Sub\"><w:basedOn w:val=\"Title\"/>"  \
	       "<w:rPr><w:b w:val=\"0\"/><w:sz w:val=\"20\"/></w:rPr></w:style>"               \
	       "<w:style w:type=\"paragraph\" w:styleId=\"LoopA\"><w:basedOn w:val=\"LoopB\"/>" \
	       "<w:rPr><w:i/></w:rPr></w:style>"                                               \
	       "<w:style w:type=\"paragraph\" w:styleId=\"LoopB\"><w:basedOn w:val=\"LoopA\"/>" \
	       "<w:pPr><w:jc w:val=\"right\"/></w:pPr></w:style>"                              \
	       "<w:style w:type=\"character\" w:styleId=\"Em\"><w:rPr><w:u w:val=\"double\"/>" \
	       "<w:rFonts w:eastAsia=\"新細明體\"/></w:rPr></w:style>")

TEST(model_style_inheritance)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/styles.xml", STYLE_SET, "word/document.xml",
		DOC("<w:p><w:r><w:t>normal</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>title</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:pStyle w:val=\"Sub\"/><w:jc w:val=\"left\"/></w:pPr>"
		    "<w:r><w:rPr><w:rStyle w:val=\"Em\"/><w:sz w:val=\"40\"/></w:rPr><w:t>sub</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:pStyle w:val=\"LoopA\"/></w:pPr><w:r><w:t>loop</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:pStyle w:val=\"NoSuchStyle\"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_para *p = para_n(doc, 0);
	CHECK_STR(p->pp.style_id, "Normal");
	CHECK_INT(p->pp.align, GW_ALIGN_BOTH);
	CHECK_INT(p->pp.space_after, 120);
	CHECK_INT(p->first->rp.size, 32);
	CHECK_STR(p->first->rp.font_eastasia, "標楷體");
	CHECK_STR(p->first->rp.font_ascii, "Times New Roman");
	p = para_n(doc, 1);
	CHECK_INT(p->pp.align, GW_ALIGN_CENTER);
	CHECK_INT(p->pp.space_before, 240);
	CHECK(p->first->rp.bold);
	CHECK_INT(p->first->rp.color, 0xFF0000);
	CHECK_INT(p->first->rp.size, 32);
	p = para_n(doc, 2);
	CHECK_INT(p->pp.align, GW_ALIGN_LEFT);           /* direct over style */
	CHECK(!p->first->rp.bold);                       /* b=0 in Sub over Title's b */
	CHECK_INT(p->first->rp.color, 0xFF0000);         /* inherited through Sub */
	CHECK_INT(p->first->rp.size, 40);                /* direct over style */
	CHECK_INT(p->first->rp.underline, 2);            /* character style */
	CHECK_STR(p->first->rp.font_eastasia, "新細明體");
	CHECK_INT(p->mark_rp.size, 20);                  /* the mark keeps the style's size */
	p = para_n(doc, 3);                              /* a basedOn cycle ends */
	CHECK_INT(p->pp.align, GW_ALIGN_RIGHT);
	CHECK(p->first->rp.italic);
	p = para_n(doc, 4);                              /* unknown style: default one */
	CHECK_STR(p->pp.style_id, "Normal");
	gw_doc_free(doc);
}

TEST(model_theme_fonts)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/styles.xml",
		STYLES("<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" "
		       "w:hAnsiTheme=\"minorHAnsi\" w:eastAsiaTheme=\"minorEastAsia\"/>"
		       "</w:rPr></w:rPrDefault></w:docDefaults>"),
		"word/document.xml",
		DOC("<w:p><w:r><w:t>a</w:t></w:r></w:p>"
		    "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"Arial\" w:asciiTheme=\"majorHAnsi\" "
		    "w:hint=\"eastAsia\"/></w:rPr><w:t>b</w:t></w:r></w:p>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_inline *in = para_n(doc, 0)->first;
	CHECK_STR(in->rp.font_ascii, "Calibri");
	CHECK_STR(in->rp.font_hansi, "Calibri");
	CHECK_STR(in->rp.font_eastasia, "新細明體"); /* <a:ea typeface=""/> → script Hant */
	in = para_n(doc, 1)->first;
	CHECK_STR(in->rp.font_ascii, "Calibri Light"); /* the theme attribute wins */
	CHECK(in->rp.hint_eastasia);
	CHECK_INT(in->rp.size, 20); /* Word's default 10 pt */
	gw_doc_free(doc);
}

#define LVL(i, fmt, text, ind)                                                              \
	"<w:lvl w:ilvl=\"" #i "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" fmt "\"/>"     \
	"<w:lvlText w:val=\"" text "\"/><w:pPr><w:ind w:left=\"" #ind "\" w:hanging=\"480\"/></w:pPr></w:lvl>"
#define NUMP(num, lvl, text)                                                                \
	"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #num "\"/></w:numPr>" \
	"</w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

TEST(model_numbering_official_letter)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/numbering.xml",
		NUMBERING("<w:abstractNum w:abstractNumId=\"0\">"
			  LVL(0, "taiwaneseCountingThousand", "%1、", 480)
			  LVL(1, "taiwaneseCountingThousand", "(%2)", 960)
			  LVL(2, "decimal", "%3.", 1440)
			  LVL(3, "decimal", "(%4)", 1920)
			  "</w:abstractNum>"
			  "<w:abstractNum w:abstractNumId=\"1\">"
			  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
			  "<w:lvlText w:val=\"\xEF\x82\xA8\"/><w:suff w:val=\"space\"/>"
			  "<w:rPr><w:rFonts w:ascii=\"Wingdings\" w:hAnsi=\"Wingdings\"/></w:rPr></w:lvl>"
			  "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/>"
			  "<w:lvlText w:val=\"%1.%2\"/><w:suff w:val=\"nothing\"/></w:lvl>"
			  "</w:abstractNum>"
			  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
			  "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/>"
			  "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"9\"/></w:lvlOverride></w:num>"
			  "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/></w:num>"),
		"word/document.xml",
		DOC(NUMP(1, 0, "主旨") NUMP(1, 1, "甲") NUMP(1, 2, "a") NUMP(1, 3, "b")
			    NUMP(1, 3, "c") NUMP(1, 2, "d") NUMP(1, 3, "e") NUMP(1, 1, "乙")
			    NUMP(1, 2, "f") NUMP(1, 0, "說明")
			    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
			    "<w:ind w:left=\"0\" w:firstLine=\"0\"/></w:pPr><w:r><w:t>direct</w:t></w:r></w:p>"
			    NUMP(2, 0, "nine") NUMP(2, 0, "ten") NUMP(2, 0, "eleven")
			    NUMP(3, 0, "box") NUMP(3, 1, "roman")
			    "<w:p><w:pPr><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr>"
			    "<w:r><w:t>none</w:t></w:r></w:p>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK_TEXT(doc, "一、\t主旨\n(一)\t甲\n1.\ta\n(1)\tb\n(2)\tc\n2.\td\n(1)\te\n"
			"(二)\t乙\n1.\tf\n二、\t說明\n三、\tdirect\n"
			"九、\tnine\n十、\tten\n十一、\televen\n☐ box\n1.Iroman\nnone\n");
	const gw_para *p = para_n(doc, 1);
	CHECK_INT(p->pp.ind_left, 960); /* the level's indents */
	CHECK_INT(p->pp.ind_first, -480);
	p = para_n(doc, 10);
	CHECK_INT(p->pp.ind_left, 0); /* direct over the level */
	CHECK_INT(p->pp.ind_first, 0);
	p = para_n(doc, 14);
	CHECK_INT(p->num_suffix, 1);
	CHECK_STR(p->num_rp.font_ascii, p->num_rp.font_eastasia); /* ☐ from the CJK face */
	gw_doc_free(doc);
}

TEST(model_number_formats)
{
	/* Through a level's lvlText, each format on one paragraph. */
	static const struct {
		const char *fmt;
		int start;
		const char *want;
	} cases[] = {
		{"taiwaneseCounting", 10, "十"},        {"taiwaneseCounting", 21, "二十一"},
		{"taiwaneseCountingThousand", 105, "一百零五"}, {"taiwaneseCountingThousand", 110, "一百一十"},
		{"taiwaneseCountingThousand", 1010, "一千零一十"}, {"chineseCounting", 12, "十二"},
		{"chineseCountingThousand", 20000, "二萬"}, {"ideographTraditional", 3, "丙"},
		{"ideographDigital", 105, "一〇五"},      {"upperLetter", 28, "BB"},
		{"lowerLetter", 3, "c"},                  {"upperRoman", 1994, "MCMXCIV"},
		{"lowerRoman", 4, "iv"},                  {"decimalFullWidth", 12, "１２"},
		{"decimalEnclosedCircle", 3, "③"},        {"ideographLegalTraditional", 11, "壹拾壹"},
		{"decimalZero", 7, "07"},                 {"none", 1, ""},
		{"somethingNew", 5, "5"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char num[2048], body[2048];
		gw_err err = {0};
		snprintf(num, sizeof num,
			 NUMBERING("<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
				   "<w:start w:val=\"%d\"/><w:numFmt w:val=\"%s\"/><w:lvlText w:val=\"%%1\"/>"
				   "<w:suff w:val=\"nothing\"/></w:lvl></w:abstractNum>"
				   "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"),
			 cases[i].start, cases[i].fmt);
		snprintf(body, sizeof body, "%s", DOC(NUMP(1, 0, "")));
		gw_doc *doc = load_parts(&err, "word/numbering.xml", num, "word/document.xml", body, NULL);
		const gw_para *p = para_n(doc, 0);
		CHECK(p && p->num_text);
		if (p && p->num_text && strcmp(p->num_text, cases[i].want) != 0)
			CHECK_STR(p->num_text, cases[i].want);
		gw_doc_free(doc);
	}
}

TEST(model_indent_chars_and_spacing)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/styles.xml",
		STYLES("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"N\">"
		       "<w:pPr><w:ind w:leftChars=\"100\" w:left=\"999\"/><w:widowControl w:val=\"0\"/></w:pPr>"
		       "<w:rPr><w:sz w:val=\"32\"/></w:rPr></w:style>"),
		"word/document.xml",
		DOC("<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/><w:spacing w:beforeLines=\"50\" "
		    "w:before=\"100\" w:line=\"400\" w:lineRule=\"exact\"/><w:keepNext/>"
		    "<w:pageBreakBefore/><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"8000\"/>"
		    "<w:tab w:val=\"left\" w:pos=\"2000\"/></w:tabs></w:pPr></w:p>"
		    "<w:p><w:pPr><w:ind w:left=\"240\" w:hanging=\"720\"/><w:spacing w:line=\"360\"/>"
		    "<w:jc w:val=\"distribute\"/></w:pPr></w:p>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_para *p = para_n(doc, 0);
	CHECK_INT(p->pp.ind_left, 320);   /* 1 char of 16 pt from the style */
	CHECK_INT(p->pp.ind_first, 640);  /* 2 chars */
	CHECK_INT(p->pp.space_before, 120);
	CHECK_INT(p->pp.line, 400);
	CHECK_INT(p->pp.line_rule, GW_LINE_EXACT);
	CHECK(p->pp.keep_next && p->pp.page_break_before && !p->pp.widow_control);
	CHECK_INT(p->pp.ntabs, 2);
	if (p->pp.ntabs == 2) {
		CHECK_INT(p->pp.tabs[0].pos, 2000);
		CHECK_INT(p->pp.tabs[1].align, 2);
		CHECK_INT(p->pp.tabs[1].leader, 1);
	}
	p = para_n(doc, 1);
	CHECK_INT(p->pp.ind_left, 240); /* twips without Chars clear the style's Chars */
	CHECK_INT(p->pp.ind_first, -720);
	CHECK_INT(p->pp.line_rule, GW_LINE_AUTO);
	CHECK_INT(p->pp.line, 360);
	CHECK_INT(p->pp.align, GW_ALIGN_DISTRIBUTE);
	gw_doc_free(doc);
}

TEST(model_symbols)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/><w:t>同意</w:t>"
		"<w:sym w:font=\"Wingdings\" w:char=\"F06F\"/><w:sym w:font=\"Wingdings\" w:char=\"F0A8\"/>"
		"<w:sym w:font=\"Wingdings\" w:char=\"F078\"/><w:sym w:font=\"Wingdings 2\" w:char=\"0052\"/>"
		"<w:sym w:font=\"Wingdings 2\" w:char=\"F0A3\"/><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>"
		"<w:sym w:font=\"Wingdings\" w:char=\"F06E\"/><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/>"
		"<w:sym w:font=\"Symbol\" w:char=\"F061\"/></w:r>"
		"<w:r><w:rPr><w:rFonts w:ascii=\"Wingdings\" w:hAnsi=\"Wingdings\"/></w:rPr>"
		"<w:t>\xC2\xA8\xC3\xBE</w:t></w:r><w:r><w:noBreakHyphen/><w:softHyphen/></w:r></w:p>"));
	CHECK(doc != NULL);
	CHECK_TEXT(doc, "☑同意☐☐☒☑☐✓■•α☐☑\xE2\x80\x91\n");
	gw_doc_free(doc);
}

TEST(model_fields)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:t xml:space=\"preserve\">第 </w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> 頁，共 </w:t></w:r>"
		"<w:fldSimple w:instr=\" NUMPAGES \\* MERGEFORMAT\"><w:r><w:t>9</w:t></w:r></w:fldSimple>"
		"<w:r><w:t xml:space=\"preserve\"> 頁</w:t></w:r></w:p>"
		/* A field shown by its cached result; a DDE field is never run. */
		"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText>DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/c calc\"</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>cached</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		/* Nested: IF with a PAGE in its instruction shows its result only. */
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:instrText> = 1 \"one\"</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>-one</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		/* A PAGE field without a separate. */
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>page</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK_TEXT(doc, "第 3 頁，共 9 頁\ncached-one\n");
	const gw_para *p = para_n(doc, 0);
	int fields = 0;
	for (const gw_inline *in = p->first; in; in = in->next)
		if (in->kind == GW_INL_FIELD) {
			CHECK_INT(in->field, fields == 0 ? GW_FIELD_PAGE : GW_FIELD_NUMPAGES);
			fields++;
		}
	CHECK_INT(fields, 2);
	fields = 0;
	for (const gw_inline *in = para_n(doc, 1)->first; in; in = in->next)
		fields += in->kind == GW_INL_FIELD;
	CHECK_INT(fields, 1);
	gw_doc_free(doc);
}

TEST(model_revisions_and_containers)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:ins w:id=\"1\"><w:r><w:t>kept</w:t></w:r></w:ins>"
		"<w:del w:id=\"2\"><w:r><w:delText>gone</w:delText></w:r></w:del>"
		"<w:moveFrom w:id=\"3\"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>"
		"<w:hyperlink r:id=\"rIdX\"><w:r><w:t>-link</w:t></w:r></w:hyperlink>"
		"<w:smartTag><w:r><w:t>-tag</w:t></w:r></w:smartTag>"
		"<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>-sdt</w:t></w:r></w:sdtContent></w:sdt>"
		"<w:bookmarkStart w:id=\"0\" w:name=\"b\"/><w:customXml><w:r><w:t>-xml</w:t></w:r></w:customXml>"
		"<w:bookmarkEnd w:id=\"0\"/><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"
		"<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p>"
		"<w:sdt><w:sdtContent><w:p><w:r><w:t>block sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>"
		"<w:p><w:pPr><w:rPr><w:del w:id=\"9\"/></w:rPr></w:pPr><w:del w:id=\"8\"><w:r><w:delText>x</w:delText></w:r></w:del></w:p>"
		"<w:p><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></w:p>"));
	CHECK(doc != NULL);
	CHECK_TEXT(doc, "kept-link-tag-sdt-xmla\tb\nc\nblock sdt\nx=1\n");
	CHECK(has_warning(doc, "equation"));
	gw_doc_free(doc);
}

#define TC(props, text) "<w:tc><w:tcPr>" props "</w:tcPr><w:p><w:r><w:t>" text "</w:t></w:r></w:p></w:tc>"

TEST(model_tables)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/styles.xml",
		STYLES("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
		       "<w:tblPr><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/>"
		       "<w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
		       "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:basedOn w:val=\"TableNormal\"/>"
		       "<w:rPr><w:sz w:val=\"28\"/></w:rPr>"
		       "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:color=\"auto\"/>"
		       "<w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/>"
		       "<w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/>"
		       "<w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr></w:style>"),
		"word/document.xml",
		DOC("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
		    "<w:tblLayout w:type=\"fixed\"/>"
		    "<w:jc w:val=\"center\"/></w:tblPr>"
		    "<w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"4000\"/></w:tblGrid>"
		    "<w:tr><w:trPr><w:tblHeader/><w:trHeight w:val=\"500\" w:hRule=\"exact\"/></w:trPr>"
		    TC("<w:gridSpan w:val=\"2\"/><w:shd w:val=\"clear\" w:fill=\"D9D9D9\"/>", "h1")
		    TC("<w:vMerge w:val=\"restart\"/><w:vAlign w:val=\"center\"/><w:textDirection w:val=\"tbRlV\"/>", "tall") "</w:tr>"
		    "<w:tr><w:trPr><w:cantSplit/></w:trPr>" TC("", "a")
		    TC("<w:tcBorders><w:right w:val=\"nil\"/><w:bottom w:val=\"double\" w:sz=\"12\" "
		       "w:color=\"FF0000\"/></w:tcBorders><w:tcMar><w:left w:w=\"0\" w:type=\"dxa\"/></w:tcMar>", "b")
		    TC("<w:vMerge/>", "") "</w:tr>"
		    "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:trHeight w:val=\"300\"/></w:trPr>"
		    "<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p>"
		    "<w:tbl><w:tblGrid><w:gridCol w:w=\"1000\"/></w:tblGrid><w:tr>" TC("", "nested")
		    "</w:tr></w:tbl><w:p/></w:tc>" TC("<w:vMerge w:val=\"continue\"/>", "") "</w:tr>"
		    "<w:tr><w:trPr><w:del w:id=\"1\"/></w:trPr>" TC("", "deleted row") "</w:tr>"
		    "</w:tbl><w:p/>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_block *b = doc->sections[0].body;
	CHECK(b && b->kind == GW_BLOCK_TABLE);
	if (!b || b->kind != GW_BLOCK_TABLE)
		return;
	const gw_table *t = &b->u.table;
	CHECK_STR(t->style_id, "TableGrid");
	CHECK_INT(t->ncols, 3);
	CHECK_INT(t->grid[2], 4000);
	CHECK_INT(t->nrows, 3);
	CHECK_INT(t->width_pct, 5000);
	CHECK_INT(t->align, GW_ALIGN_CENTER);
	CHECK(t->fixed_layout);
	const gw_row *r0 = &t->rows[0], *r1 = &t->rows[1], *r2 = &t->rows[2];
	CHECK(r0->header && r0->height == 500 && r0->height_rule == 2);
	CHECK(r1->cant_split);
	CHECK(r2->height == 300 && r2->height_rule == 1); /* no hRule: at least */
	CHECK_INT(r0->ncells, 2);
	CHECK_INT(r0->cells[0].span, 2);
	CHECK_INT(r0->cells[0].shading, 0xD9D9D9);
	CHECK_INT(r0->cells[1].col, 2);
	CHECK_INT(r0->cells[1].vmerge, 1);
	CHECK_INT(r0->cells[1].valign, GW_VALIGN_CENTER);
	CHECK_INT(r1->cells[2].vmerge, 2);
	CHECK_INT(r2->cells[0].col, 1); /* gridBefore */
	CHECK_INT(r2->cells[1].vmerge, 2);
	/* Table Grid: every side single, from the style. */
	CHECK_INT(r0->cells[0].borders[GW_SIDE_TOP].style, GW_BORDER_SINGLE);
	CHECK_INT(r0->cells[0].borders[GW_SIDE_LEFT].style, GW_BORDER_SINGLE);
	CHECK_INT(r1->cells[0].borders[GW_SIDE_RIGHT].style, GW_BORDER_SINGLE);
	CHECK_INT(r1->cells[0].borders[GW_SIDE_BOTTOM].width, 4);
	/* Cell borders over the table's. */
	CHECK_INT(r1->cells[1].borders[GW_SIDE_RIGHT].style, GW_BORDER_NONE);
	CHECK_INT(r1->cells[1].borders[GW_SIDE_BOTTOM].style, GW_BORDER_DOUBLE);
	CHECK_INT(r1->cells[1].borders[GW_SIDE_BOTTOM].color, 0xFF0000);
	CHECK_INT(r1->cells[1].margin[1], 0);
	CHECK_INT(r1->cells[0].margin[1], 108);
	/* Table style's run properties reach the cells' text. */
	const gw_block *cb = r1->cells[0].content;
	CHECK(cb && cb->kind == GW_BLOCK_PARA && cb->u.para.first && cb->u.para.first->rp.size == 28);
	/* Nested table inside the third row's first cell. */
	cb = r2->cells[0].content;
	CHECK(cb && cb->next && cb->next->kind == GW_BLOCK_TABLE);
	CHECK_TEXT(doc, "h1\ntall\na\nb\n\nc\nnested\n\n\n\n");
	CHECK(has_warning(doc, "vertical text"));
	gw_doc_free(doc);
}

TEST(model_sections_headers_images)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/settings.xml",
		"<w:settings " NS "><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"480\"/>"
		"<w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting "
		"w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
		"</w:compat></w:settings>",
		"word/header1.xml",
		"<w:hdr " NS "><w:p><w:r><w:drawing><wp:inline><wp:extent cx=\"914400\" cy=\"457200\"/>"
		"<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
		"<pic:pic><pic:blipFill><a:blip r:embed=\"rIdLogo\"/></pic:blipFill></pic:pic>"
		"</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
		"<w:r><w:t>page </w:t></w:r><w:fldSimple w:instr=\"PAGE\"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:hdr>",
		"word/document.xml",
		DOC("<w:p><w:r><w:t>one</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId5\"/>"
		    "<w:headerReference w:type=\"first\" r:id=\"rId8\"/><w:footerReference w:type=\"default\" r:id=\"rId6\"/>"
		    "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1134\" w:bottom=\"1440\" "
		    "w:left=\"1134\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:titlePg/>"
		    "<w:docGrid w:type=\"lines\" w:linePitch=\"600\"/></w:sectPr></w:pPr>"
		    "<w:r><w:t>two</w:t></w:r></w:p>"
		    "<w:p><w:r><w:drawing><wp:anchor><wp:extent cx=\"635000\" cy=\"635000\"/>"
		    "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
		    "<pic:pic><pic:blipFill><a:blip r:embed=\"rId7\"/></pic:blipFill></pic:pic>"
		    "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
		    "<w:drawing><wp:inline><wp:extent cx=\"1\" cy=\"1\"/><a:graphic><a:graphicData "
		    "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:blipFill>"
		    "<a:blip r:embed=\"rId9\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
		    "<w:t>three</w:t></w:r></w:p>"
		    "<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
		    "<w:pgNumType w:start=\"5\"/><w:type w:val=\"continuous\"/></w:sectPr>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK(doc->even_and_odd);
	CHECK_INT(doc->default_tab, 480);
	CHECK_INT(doc->punct_compress, 1);
	CHECK_INT(doc->compat_mode, 15);
	CHECK_INT(doc->nsections, 2);
	CHECK_TEXT(doc, "one\ntwo\nthree\n");
	const gw_section *s = &doc->sections[0];
	CHECK_INT(s->margin_left, 1134);
	CHECK(s->title_page);
	CHECK_INT(s->grid_type, 1);
	CHECK_INT(s->grid_pitch, 600);
	CHECK(s->header && s->header_first && s->footer && !s->header_even);
	if (s->header) {
		const gw_inline *in = s->header->u.para.first;
		CHECK(in && in->kind == GW_INL_IMAGE);
		if (in && in->kind == GW_INL_IMAGE) {
			CHECK_INT(in->image.format, 1);
			CHECK_INT(in->image.width, 1440);
			CHECK_INT(in->image.height, 720);
			CHECK_STR(in->image.part, "word/media/image1.png");
		}
		int fields = 0;
		for (; in; in = in->next)
			fields += in->kind == GW_INL_FIELD && in->field == GW_FIELD_PAGE;
		CHECK_INT(fields, 1);
	}
	s = &doc->sections[1];
	CHECK(s->landscape && s->page_w == 16838);
	CHECK_INT(s->page_start, 5);
	CHECK_INT(s->start_type, 1);
	CHECK(s->header == doc->sections[0].header); /* inherited */
	const gw_inline *in = s->body->u.para.first;
	CHECK(in && in->kind == GW_INL_FLOAT && in->fl->has_image && in->fl->width == 1000 &&
	      in->fl->image.width == 1000 && in->fl->wrap == GW_WRAP_NONE);
	CHECK(has_warning(doc, "GIF picture ignored"));
	gw_doc_free(doc);
}

TEST(model_text_boxes_and_objects)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:t>before</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
		"<w:drawing><wp:anchor><wp:extent cx=\"1\" cy=\"1\"/><a:graphic><a:graphicData "
		"uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp><wps:txbx>"
		"<w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
		"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
		"<w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p>"
		"</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
		"<w:r><w:t>after</w:t></w:r></w:p>"
		"<w:p><w:r><w:pict><v:shape style=\"width:72pt;height:36pt\"><v:imagedata r:id=\"rId7\"/>"
		"</v:shape></w:pict><w:object><v:shape/></w:object><w:drawing><wp:inline><a:graphic>"
		"<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"/></a:graphic>"
		"</wp:inline></w:drawing></w:r></w:p>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK_TEXT(doc, "beforeafter\nin the box\n\n");
	const gw_inline *fl = para_n(doc, 0)->first;
	while (fl && fl->kind != GW_INL_FLOAT)
		fl = fl->next;
	CHECK(fl && fl->fl->content && !fl->fl->has_image);
	CHECK(has_warning(doc, "OLE"));
	CHECK(has_warning(doc, "chart ignored"));
	const gw_inline *in = para_n(doc, 1)->first;
	CHECK(in && in->kind == GW_INL_IMAGE && in->image.width == 1440 && in->image.height == 720);
	gw_doc_free(doc);
}

TEST(model_hostile_nesting)
{
	/* Tables 40 deep and sdt 70 deep: bounded, warned, no crash. */
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_adds(&b, "<w:document " NS "><w:body>");
	for (int i = 0; i < 40; i++)
		gw_buf_adds(&b, "<w:tbl><w:tr><w:tc>");
	gw_buf_adds(&b, "<w:p><w:r><w:t>deep</w:t></w:r></w:p>");
	for (int i = 0; i < 40; i++)
		gw_buf_adds(&b, "</w:tc></w:tr></w:tbl>");
	gw_buf_adds(&b, "<w:p>");
	for (int i = 0; i < 70; i++)
		gw_buf_adds(&b, "<w:sdt><w:sdtContent>");
	gw_buf_adds(&b, "<w:r><w:t>x</w:t></w:r>");
	for (int i = 0; i < 70; i++)
		gw_buf_adds(&b, "</w:sdtContent></w:sdt>");
	gw_buf_adds(&b, "</w:p></w:body></w:document>");
	gw_doc *doc = load_doc(b.data);
	CHECK(doc != NULL);
	CHECK(has_warning(doc, "nested too deep"));
	char *text = gw_doc_text(doc);
	CHECK(text != NULL);
	free(text);
	gw_doc_free(doc);
	gw_buf_dispose(&b);
}

TEST(model_errors)
{
	gw_err err = {0};
	quiet = true;
	gw_doc *doc = load_parts(&err, "word/document.xml", "<w:document " NS "><w:body><w:p>", NULL);
	CHECK(doc == NULL);
	CHECK(strstr(err.msg, "word/document.xml") != NULL);
	gw_err_clear(&err);
	doc = load_parts(&err, "word/styles.xml", "<not xml", NULL);
	CHECK(doc == NULL);
	CHECK(strstr(err.msg, "word/styles.xml") != NULL);
	gw_err_clear(&err);
	doc = load_parts(&err, "word/document.xml", "<w:document " NS "/>", NULL);
	CHECK(doc == NULL);
	CHECK(strstr(err.msg, "no w:body") != NULL);
	gw_err_clear(&err);
	/* A header part that is not XML is an error naming it. */
	doc = load_parts(&err, "word/header1.xml", "garbage",
			 "word/document.xml",
			 DOC("<w:p/><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId5\"/></w:sectPr>"),
			 NULL);
	CHECK(doc == NULL);
	CHECK(strstr(err.msg, "word/header1.xml") != NULL);
	quiet = false;
}

TEST(model_dump)
{
	gw_doc *doc = load_doc(DOC("<w:p><w:r><w:t>dump me</w:t></w:r></w:p>"));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	gw_doc_dump(f, doc);
	fclose(f);
	CHECK(strstr(buf, "SECTION 11906x16838") != NULL);
	CHECK(strstr(buf, "T \"dump me\"") != NULL);
	free(buf);
	gw_doc_free(doc);
}

/* Whole packages: one made by LibreOffice from letter-lo.fodt, one shaped like
 * Word's output (mkword.py); their text is fixed in a .txt beside them. */
static void check_file(const char *base)
{
	char path[256];
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	char *want = NULL;
	size_t len;

	snprintf(path, sizeof path, "tests/data/model/%s.docx", base);
	CHECK_INT(gw_pkg_open(&pkg, path, &err), 0);
	CHECK_INT(gw_model_load(&doc, pkg, &err), 0);
	snprintf(path, sizeof path, "tests/data/model/%s.txt", base);
	CHECK_INT(gw_file_read(&want, &len, path, 1 << 20, &err), 0);
	if (doc && want) {
		char *text = gw_doc_text(doc);
		CHECK_STR(text, want);
		free(text);
	}
	free(want);
	gw_doc_free(doc);
	gw_pkg_free(pkg);
}

TEST(model_file_libreoffice_letter)
{
	check_file("letter-lo");
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	CHECK_INT(gw_pkg_open(&pkg, "tests/data/model/letter-lo.docx", &err), 0);
	CHECK_INT(gw_model_load(&doc, pkg, &err), 0);
	if (doc) {
		const gw_section *s = &doc->sections[0];
		CHECK_STR(doc->title, "機房設備進駐申請函");
		CHECK(s->footer != NULL);
		int fields = 0;
		for (const gw_inline *in = s->footer ? s->footer->u.para.first : NULL; in; in = in->next)
			fields += in->kind == GW_INL_FIELD;
		CHECK_INT(fields, 2);
		/* Its table has per-cell borders (no table style). */
		const gw_block *b = s->body;
		while (b && b->kind != GW_BLOCK_TABLE)
			b = b->next;
		CHECK(b != NULL);
		if (b)
			CHECK_INT(b->u.table.rows[2].cells[2].borders[GW_SIDE_BOTTOM].style, GW_BORDER_SINGLE);
	}
	gw_doc_free(doc);
	gw_pkg_free(pkg);
}

TEST(model_file_libreoffice_others)
{
	check_file("word-like-lo"); /* word-like.docx saved again by LibreOffice */
	check_file("list-lo");      /* from list-lo.html: lists, picture, nested table */
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	CHECK_INT(gw_pkg_open(&pkg, "tests/data/model/list-lo.docx", &err), 0);
	CHECK_INT(gw_model_load(&doc, pkg, &err), 0);
	if (doc) {
		const gw_block *b = doc->sections[0].body;
		int images = 0, tables = 0, nested = 0;
		for (; b; b = b->next) {
			if (b->kind == GW_BLOCK_PARA) {
				for (const gw_inline *in = b->u.para.first; in; in = in->next)
					images += in->kind == GW_INL_IMAGE && in->image.width == 720;
			} else {
				tables++;
				const gw_table *t = &b->u.table;
				for (int r = 0; r < t->nrows; r++)
					for (int c = 0; c < t->rows[r].ncells; c++)
						for (const gw_block *x = t->rows[r].cells[c].content; x; x = x->next)
							nested += x->kind == GW_BLOCK_TABLE;
			}
		}
		CHECK_INT(images, 1);
		CHECK_INT(tables, 1);
		CHECK_INT(nested, 1);
	}
	gw_doc_free(doc);
	gw_pkg_free(pkg);
}

TEST(model_file_word_like)
{
	check_file("word-like");
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	CHECK_INT(gw_pkg_open(&pkg, "tests/data/model/word-like.docx", &err), 0);
	CHECK_INT(gw_model_load(&doc, pkg, &err), 0);
	if (doc) {
		const gw_section *s = &doc->sections[0];
		CHECK_INT(doc->default_tab, 480);
		CHECK_INT(s->grid_type, 1);
		CHECK_INT(s->grid_pitch, 360);
		const gw_inline *in = s->header ? s->header->u.para.first : NULL;
		CHECK(in && in->kind == GW_INL_IMAGE && in->image.width == 720);
		char *ft = gw_blocks_text(s->footer);
		CHECK_STR(ft, "第 1 頁，共 1 頁\n");
		free(ft);
		const gw_para *p = para_n(doc, 0);
		CHECK_STR(p->first->rp.font_eastasia, "標楷體");
		CHECK_INT(p->first->rp.size, 40);
		CHECK_STR(p->mark_rp.font_ascii, "Calibri"); /* minorHAnsi */
		CHECK_INT(p->pp.widow_control, 0);
		CHECK_INT(doc->nwarnings, 0);
	}
	gw_doc_free(doc);
	gw_pkg_free(pkg);
}

TEST(model_table_style_conditional)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/styles.xml",
		STYLES("<w:style w:type=\"table\" w:styleId=\"List\"><w:tblPr><w:tblBorders>"
		       "<w:top w:val=\"single\" w:sz=\"8\"/><w:bottom w:val=\"single\" w:sz=\"8\"/></w:tblBorders></w:tblPr>"
		       "<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:color w:val=\"FFFFFF\"/></w:rPr>"
		       "<w:tcPr><w:tcBorders><w:bottom w:val=\"single\" w:sz=\"12\"/></w:tcBorders>"
		       "<w:shd w:val=\"clear\" w:fill=\"4472C4\"/></w:tcPr></w:tblStylePr>"
		       "<w:tblStylePr w:type=\"band1Horz\"><w:tcPr><w:shd w:val=\"clear\" w:fill=\"D9E2F3\"/></w:tcPr></w:tblStylePr>"
		       "<w:tblStylePr w:type=\"lastRow\"><w:rPr><w:i/></w:rPr></w:tblStylePr></w:style>"),
		"word/document.xml",
		DOC("<w:tbl><w:tblPr><w:tblStyle w:val=\"List\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" "
		    "w:lastRow=\"0\" w:noHBand=\"0\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid>"
		    "<w:tr>" TC("", "head") "</w:tr><w:tr>" TC("", "odd") "</w:tr><w:tr>" TC("", "even")
		    "</w:tr><w:tr>" TC("<w:shd w:val=\"clear\" w:fill=\"FFFF00\"/>", "own") "</w:tr></w:tbl><w:p/>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_table *t = &doc->sections[0].body->u.table;
	CHECK_INT(t->nrows, 4);
	const gw_cell *head = &t->rows[0].cells[0];
	CHECK_INT(head->shading, 0x4472C4);
	CHECK_INT(head->borders[GW_SIDE_BOTTOM].width, 12);
	CHECK_INT(head->borders[GW_SIDE_TOP].width, 8);
	CHECK(head->content->u.para.first->rp.bold);
	CHECK_INT(head->content->u.para.first->rp.color, 0xFFFFFF);
	CHECK_INT(t->rows[1].cells[0].shading, 0xD9E2F3);   /* band 1 after the header */
	CHECK_INT(t->rows[2].cells[0].shading, 0xFFFFFFFF); /* band 2: none */
	CHECK_INT(t->rows[3].cells[0].shading, 0xFFFF00);   /* direct over the style */
	CHECK(!t->rows[3].cells[0].content->u.para.first->rp.italic); /* lastRow is off */
	CHECK(!t->rows[1].cells[0].content->u.para.first->rp.bold);
	gw_doc_free(doc);
}

TEST(model_paragraph_borders_and_run_extras)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:pPr><w:pBdr><w:bottom w:val=\"thick\" w:sz=\"18\" w:space=\"1\" w:color=\"auto\"/></w:pBdr>"
		"<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/><w:kinsoku w:val=\"0\"/>"
		"<w:autoSpaceDE w:val=\"0\"/><w:framePr w:w=\"2000\"/></w:pPr>"
		"<w:r><w:rPr><w:w w:val=\"80\"/><w:position w:val=\"6\"/><w:highlight w:val=\"yellow\"/></w:rPr>"
		"<w:t>窄字</w:t></w:r><w:r><w:rPr><w:shd w:val=\"pct50\" w:color=\"000000\" w:fill=\"FFFFFF\"/></w:rPr>"
		"<w:t>灰底</w:t></w:r></w:p><w:p/>"
		"<w:tbl><w:tblPr><w:tblpPr w:leftFromText=\"180\"/></w:tblPr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_para *p = para_n(doc, 0);
	CHECK_INT(p->pp.borders[GW_SIDE_BOTTOM].style, GW_BORDER_THICK);
	CHECK_INT(p->pp.borders[GW_SIDE_BOTTOM].width, 18);
	CHECK_INT(p->pp.borders[GW_SIDE_BOTTOM].space, 1);
	CHECK_INT(p->pp.borders[GW_SIDE_TOP].style, GW_BORDER_NONE);
	CHECK_INT(p->pp.shading, 0xF2F2F2);
	CHECK(!p->pp.kinsoku && !p->pp.auto_space_de && p->pp.auto_space_dn && p->pp.word_wrap);
	CHECK_INT(p->first->rp.scale, 80);
	CHECK_INT(p->first->rp.position, 6);
	CHECK_INT(p->first->rp.highlight, 0xFFFF00);
	CHECK_INT(p->first->next->rp.highlight, 0x7F7F7F);
	CHECK_INT(p->first->next->rp.scale, 100);
	p = para_n(doc, 1);
	CHECK(p->pp.kinsoku && p->pp.shading == 0xFFFFFFFF);
	CHECK(has_warning(doc, "framed paragraph placed inline"));
	CHECK(has_warning(doc, "floating table placed inline"));
	gw_doc_free(doc);
}

TEST(model_numbering_style_linked)
{
	/* Heading styles carry numPr without ilvl; the level naming the style
	 * (w:pStyle in the lvl) is used.  numStyleLink reaches the list through
	 * a numbering style. */
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/styles.xml",
		STYLES("<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:pPr><w:numPr><w:numId w:val=\"1\"/>"
		       "</w:numPr></w:pPr></w:style>"
		       "<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:pPr><w:numPr><w:numId w:val=\"1\"/>"
		       "</w:numPr></w:pPr></w:style>"
		       "<w:style w:type=\"numbering\" w:styleId=\"Official\"><w:pPr><w:numPr><w:numId w:val=\"1\"/>"
		       "</w:numPr></w:pPr></w:style>"),
		"word/numbering.xml",
		NUMBERING("<w:abstractNum w:abstractNumId=\"0\"><w:styleLink w:val=\"Official\"/>"
			  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"taiwaneseCountingThousand\"/>"
			  "<w:pStyle w:val=\"H1\"/><w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/></w:lvl>"
			  "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"taiwaneseCountingThousand\"/>"
			  "<w:pStyle w:val=\"H2\"/><w:lvlText w:val=\"(%2)\"/><w:suff w:val=\"nothing\"/></w:lvl></w:abstractNum>"
			  "<w:abstractNum w:abstractNumId=\"1\"><w:numStyleLink w:val=\"Official\"/></w:abstractNum>"
			  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
			  "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"),
		"word/document.xml",
		DOC("<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:pStyle w:val=\"H2\"/></w:pPr><w:r><w:t>b</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:pStyle w:val=\"H2\"/></w:pPr><w:r><w:t>c</w:t></w:r></w:p>"
		    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
		    "<w:r><w:t>linked</w:t></w:r></w:p>"),
		NULL);
	CHECK(doc != NULL);
	/* num 2 reaches abstract 0 through the numbering style, so it counts on. */
	CHECK_TEXT(doc, "一、a\n(一)b\n(二)c\n二、linked\n");
	gw_doc_free(doc);
}

TEST(model_hostile_amplification)
{
	/* A huge lvlText used by many paragraphs, a cell spanning past any
	 * sane width: bounded output, no crash. */
	gw_buf num, body;
	gw_err err = {0};
	gw_buf_init(&num);
	gw_buf_init(&body);
	gw_buf_adds(&num, "<w:numbering " NS "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
			  "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"");
	for (int i = 0; i < 20000; i++)
		gw_buf_adds(&num, "%1字");
	gw_buf_adds(&num, "\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/>"
			  "</w:num></w:numbering>");
	gw_buf_adds(&body, "<w:document " NS "><w:body>");
	for (int i = 0; i < 2000; i++)
		gw_buf_adds(&body, NUMP(1, 0, "x"));
	gw_buf_adds(&body, "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"999\"/></w:tcPr><w:p/></w:tc>"
			   "<w:tc><w:tcPr><w:gridSpan w:val=\"999\"/></w:tcPr><w:p/></w:tc>"
			   "<w:tc><w:tcPr><w:hMerge/><w:gridSpan w:val=\"999\"/></w:tcPr><w:p/></w:tc>"
			   "<w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:body></w:document>");
	gw_doc *doc = load_parts(&err, "word/numbering.xml", num.data, "word/document.xml", body.data, NULL);
	CHECK(doc != NULL);
	if (doc) {
		const gw_para *p = para_n(doc, 1999);
		CHECK(p && p->num_text && strlen(p->num_text) <= 256);
		const gw_block *b = doc->sections[0].body;
		while (b && b->kind != GW_BLOCK_TABLE)
			b = b->next;
		CHECK(b && b->u.table.ncols == 1000);
		if (b) {
			const gw_row *r = &b->u.table.rows[0];
			CHECK_INT(r->ncells, 2);
			CHECK(r->cells[r->ncells - 1].col + r->cells[r->ncells - 1].span <= 1000);
		}
		CHECK(has_warning(doc, "1000 columns"));
	}
	gw_doc_free(doc);
	gw_buf_dispose(&num);
	gw_buf_dispose(&body);
}

TEST(model_unterminated_page_field)
{
	/* begin PAGE separate, no end: the next paragraph still shows. */
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>4</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>still here</w:t></w:r></w:p>"));
	CHECK_TEXT(doc, "4\nstill here\n");
	CHECK(has_warning(doc, "unterminated field"));
	gw_doc_free(doc);
}

TEST(model_numbering_shared_counters)
{
	/* Nums 1 and 3 share abstract 0 and count on together; num 2 restarts
	 * (startOverride) with counters of its own — as LibreOffice 7.4 shows. */
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/numbering.xml",
		NUMBERING("<w:abstractNum w:abstractNumId=\"0\">"
			  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>"
			  "<w:suff w:val=\"nothing\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/>"
			  "<w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/><w:suff w:val=\"nothing\"/></w:lvl>"
			  "</w:abstractNum><w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/></w:num>"
			  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
			  "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/>"
			  "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"),
		"word/document.xml",
		DOC(NUMP(1, 0, "a") NUMP(1, 0, "b") NUMP(1, 1, "b1") NUMP(2, 0, "c") NUMP(2, 0, "d")
		    NUMP(2, 1, "d1") NUMP(1, 0, "e") NUMP(1, 1, "e1") NUMP(3, 0, "f") NUMP(3, 1, "f1")),
		NULL);
	CHECK(doc != NULL);
	CHECK_TEXT(doc, "1.a\n2.b\na)b1\n1.c\n2.d\na)d1\n3.e\na)e1\n4.f\na)f1\n");
	gw_doc_free(doc);
}

/* Mutations that keep the XML well-formed (attribute values swapped for
 * hostile ones, empty elements repeated or dropped), applied to the Word-shaped
 * letter: every load must end in a model or a clean error.  Under `make asan`
 * this is a small fuzzer with a fixed seed. */
static char *mutate(const char *xml, unsigned *seed)
{
	static const char *values[] = {"0", "-1", "99999999", "abc", "", "auto", "restart", "page",
				       "begin", "end", "separate", "%1%2%9", "F0FE", "2147483647",
				       "-2147483648", "1.5in", "nil", "continue", "rId8", "rId1"};
	gw_buf b;
	size_t n = strlen(xml);
	size_t at = (size_t)rand_r(seed) % n;
	int op = rand_r(seed) % 3;

	gw_buf_init(&b);
	if (op == 0) { /* the next attribute value after at */
		const char *q = strstr(xml + at, "=\"");
		const char *e = q ? strchr(q + 2, '"') : NULL;
		if (q && e && !memchr(q, '<', (size_t)(e - q)) && !memchr(q, '>', (size_t)(e - q))) {
			gw_buf_add(&b, xml, (size_t)(q - xml) + 2);
			gw_buf_adds(&b, values[rand_r(seed) % (sizeof values / sizeof *values)]);
			gw_buf_adds(&b, e);
			return gw_buf_detach(&b, NULL);
		}
	} else { /* the next empty element after at: repeated or dropped */
		const char *e = strstr(xml + at, "/>");
		const char *s = e ? e : NULL;
		while (s && s > xml && *s != '<')
			s--;
		if (e && s && *s == '<' && s[1] != '/' && s[1] != '?') {
			gw_buf_add(&b, xml, (size_t)(s - xml));
			int times = op == 1 ? 1 + rand_r(seed) % 40 : 0;
			for (int i = 0; i <= times && op == 1; i++)
				gw_buf_add(&b, s, (size_t)(e + 2 - s));
			gw_buf_adds(&b, e + 2);
			return gw_buf_detach(&b, NULL);
		}
	}
	gw_buf_adds(&b, xml);
	return gw_buf_detach(&b, NULL);
}

TEST(model_mutations)
{
	static const char *parts[] = {"word/document.xml", "word/styles.xml", "word/numbering.xml",
				      "word/footer1.xml", "word/header1.xml"};
	gw_pkg *pkg = NULL;
	gw_err err = {0};
	unsigned seed = 20261125;
	int loaded = 0, refused = 0;

	CHECK_INT(gw_pkg_open(&pkg, "tests/data/model/word-like.docx", &err), 0);
	if (pkg == NULL)
		return;
	char *orig[5];
	for (int i = 0; i < 5; i++) {
		const char *d;
		size_t len;
		CHECK_INT(gw_pkg_read(pkg, parts[i], &d, &len, &err), 0);
		orig[i] = xstrndup(d, len);
	}
	for (int round = 0; round < 300; round++) {
		int which = rand_r(&seed) % 5;
		char *x = xstrdup(orig[which]);
		for (int k = 0; k < 1 + rand_r(&seed) % 4; k++) {
			char *y = mutate(x, &seed);
			free(x);
			x = y;
		}
		gw_pkg_set(pkg, parts[which], x, strlen(x));
		gw_doc *doc = NULL;
		gw_err e = {0};
		if (gw_model_load(&doc, pkg, &e) == 0) {
			char *text = gw_doc_text(doc);
			FILE *f = fopen("/dev/null", "w");
			gw_doc_dump(f, doc);
			fclose(f);
			free(text);
			loaded++;
		} else {
			CHECK(e.msg[0] != '\0');
			refused++;
		}
		gw_doc_free(doc);
		gw_pkg_set(pkg, parts[which], xstrdup(orig[which]), strlen(orig[which]));
	}
	CHECK(loaded > 200); /* the mutations keep most parts well-formed */
	for (int i = 0; i < 5; i++)
		free(orig[i]);
	gw_pkg_free(pkg);
}

/* ==== Notes, columns, content controls, floats (issue 14) ==== */

#define RELS_NOTES "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>" \
	"<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>" \
	"<Relationship Id=\"rIdF\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>" \
	"<Relationship Id=\"rIdE\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes\" Target=\"endnotes.xml\"/></Relationships>"

TEST(model_notes_numbered)
{
	gw_err err = {0};
	gw_doc *doc = load_parts(
		&err, "word/_rels/document.xml.rels", RELS_NOTES, "word/settings.xml",
		"<w:settings " NS "><w:footnotePr><w:numFmt w:val=\"upperLetter\"/><w:numStart w:val=\"3\"/>"
		"</w:footnotePr></w:settings>",
		"word/footnotes.xml",
		"<w:footnotes " NS "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p>"
		"</w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> one</w:t>"
		"</w:r></w:p></w:footnote><w:footnote w:id=\"2\"><w:p><w:r><w:t>two</w:t></w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"3\"><w:p><w:r><w:footnoteRef/><w:t>three</w:t></w:r></w:p></w:footnote></w:footnotes>",
		"word/endnotes.xml",
		"<w:endnotes " NS "><w:endnote w:id=\"1\"><w:p><w:r><w:endnoteRef/><w:t>end</w:t></w:r></w:p></w:endnote>"
		"<w:endnote w:id=\"2\"><w:p><w:r><w:endnoteRef/><w:t>end2</w:t></w:r></w:p></w:endnote></w:endnotes>",
		"word/document.xml",
		DOC("<w:p><w:r><w:t>a</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
		    "<w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"2\"/><w:t>*</w:t></w:r>"
		    "<w:r><w:endnoteReference w:id=\"1\"/></w:r><w:r><w:footnoteReference w:id=\"9\"/></w:r></w:p>"
		    "<w:p><w:pPr><w:sectPr><w:type w:val=\"continuous\"/></w:sectPr></w:pPr></w:p>"
		    "<w:p><w:r><w:t>b</w:t></w:r><w:r><w:footnoteReference w:id=\"3\"/></w:r>"
		    "<w:r><w:endnoteReference w:id=\"2\"/></w:r></w:p>"
		    "<w:sectPr><w:footnotePr><w:numRestart w:val=\"eachSect\"/></w:footnotePr></w:sectPr>"),
		NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_inline *in = para_n(doc, 0)->first;
	const char *marks[4] = {0};
	int k = 0;
	for (; in && k < 4; in = in->next)
		if (in->kind == GW_INL_NOTE)
			marks[k++] = in->note->mark;
	CHECK_INT(k, 3);
	CHECK_STR(marks[0], "C");      /* upperLetter from 3 */
	CHECK_STR(marks[1], "");       /* a custom mark: the text after it */
	CHECK_STR(marks[2], "i");      /* endnotes: lowerRoman */
	CHECK(has_warning(doc, "footnote missing"));
	/* each section restarts the footnotes; endnotes go on */
	in = doc->sections[1].body->u.para.first;
	while (in && in->kind != GW_INL_NOTE)
		in = in->next;
	CHECK(in && strcmp(in->note->mark, "C") == 0);
	CHECK_INT(doc->nendnotes, 2);
	CHECK_STR(doc->endnotes[1]->mark, "ii");
	/* the note's own mark, then its text; the notes in the document's text */
	/* the note's own mark: a GW_INL_NOTE of the note itself */
	const gw_inline *own = doc->endnotes[1]->content->u.para.first;
	CHECK(own && own->kind == GW_INL_NOTE && own->note_own && own->note == doc->endnotes[1]);
	CHECK(!doc->footnotes_per_page && doc->footnote_start == 3);
	CHECK_STR(doc->footnote_fmt, "upperLetter");
	char *et = gw_blocks_text(doc->endnotes[1]->content);
	CHECK_STR(et, "iiend2\n");
	free(et);
	char *t = gw_doc_text(doc);
	if (!CHECK(strstr(t, "aC*i\nC one\ntwo\n") != NULL))
		fprintf(stderr, "    text: %s\n", t);
	CHECK(strstr(t, "iend\niiend2\n") != NULL);
	free(t);
	gw_doc_free(doc);
}

TEST(model_columns_checkbox_colbreak)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:sdt><w:sdtPr><w14:checkbox xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">"
		"<w14:checked w14:val=\"1\"/><w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/>"
		"<w14:uncheckedState w14:val=\"2610\" w14:font=\"MS Gothic\"/></w14:checkbox></w:sdtPr>"
		"<w:sdtContent><w:r><w:t>\xe2\x98\x90</w:t></w:r></w:sdtContent></w:sdt>"
		"<w:sdt><w:sdtPr><w14:checkbox xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">"
		"<w14:checked w14:val=\"0\"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>x</w:t></w:r>"
		"</w:sdtContent></w:sdt><w:r><w:t>ok</w:t><w:br w:type=\"column\"/></w:r></w:p>"
		"<w:p><w:sdt><w:sdtPr><w14:checkbox xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">"
		"<w14:checked w14:val=\"true\"/><w14:checkedState w14:val=\"F0FE\" w14:font=\"Wingdings\"/>"
		"</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t xml:space=\"preserve\">\xe2\x98\x90 agree</w:t>"
		"</w:r></w:sdtContent></w:sdt><w:sdt><w:sdtPr><w14:checkbox xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"/>"
		"</w:sdtPr><w:sdtContent/></w:sdt></w:p>"
		"<w:p><w:pPr><w:sectPr><w:cols w:num=\"2\" w:space=\"425\" w:sep=\"1\"/></w:sectPr></w:pPr></w:p>"
		"<w:p/><w:sectPr><w:cols w:equalWidth=\"0\" w:space=\"0\"><w:col w:w=\"3000\" w:space=\"400\"/>"
		"<w:col w:w=\"5000\"/></w:cols></w:sectPr>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	/* the checked state's symbol, not the content's; unchecked by default ☐ */
	/* a label inside the control stays; an empty control shows its symbol */
	/* the empty paragraph that only carries the first section's break is
	 * gone (LibreOffice lays it out so); the last section's empty one stays */
	CHECK_TEXT(doc, "\xe2\x98\x92\xe2\x98\x90ok\n\xe2\x98\x91 agree\xe2\x98\x90\n\n");
	CHECK_INT(doc->nsections, 2);
	const gw_inline *in = para_n(doc, 0)->first;
	while (in && in->next)
		in = in->next;
	CHECK(in && in->kind == GW_INL_COLBREAK);
	CHECK_INT(doc->sections[0].columns, 2);
	CHECK_INT(doc->sections[0].col_space, 425);
	CHECK(doc->sections[0].col_sep && doc->sections[0].col_w == NULL);
	CHECK_INT(doc->sections[1].columns, 2);
	CHECK(doc->sections[1].col_w && doc->sections[1].col_w[0] == 3000 &&
	      doc->sections[1].col_gap[0] == 400 && doc->sections[1].col_w[1] == 5000);
	gw_doc_free(doc);
}

TEST(model_float_position_and_wrap)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:drawing><wp:anchor distT=\"0\" distB=\"12700\" distL=\"114300\" distR=\"114300\" "
		"behindDoc=\"0\"><wp:positionH relativeFrom=\"margin\"><wp:align>right</wp:align></wp:positionH>"
		"<wp:positionV relativeFrom=\"page\"><wp:posOffset>635000</wp:posOffset></wp:positionV>"
		"<wp:extent cx=\"914400\" cy=\"457200\"/><wp:wrapSquare wrapText=\"largest\"/><a:graphic>"
		"<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
		"<pic:blipFill><a:blip r:embed=\"rId7\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>"
		"</wp:anchor></w:drawing></w:r>"
		"<w:r><w:pict><v:shape style=\"position:absolute;margin-left:10pt;margin-top:20pt;width:100pt;"
		"height:50pt;z-index:-1;mso-position-horizontal-relative:page\"><v:textbox inset=\"1pt,2pt,3pt,4pt\">"
		"<w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
		"</w:pict></w:r></w:p>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_inline *in = para_n(doc, 0)->first;
	CHECK(in && in->kind == GW_INL_FLOAT);
	if (in && in->kind == GW_INL_FLOAT) {
		const gw_float *f = in->fl;
		CHECK(f->rel_h == GW_REL_MARGIN && f->align_h == 3 && f->rel_v == GW_REL_PAGE);
		CHECK_INT(f->y, 1000);
		CHECK(f->width == 1440 && f->height == 720 && f->has_image);
		CHECK(f->wrap == GW_WRAP_SQUARE && f->side == 3);
		CHECK(f->dist[1] == 180 && f->dist[2] == 20);
		in = in->next;
	}
	CHECK(in && in->kind == GW_INL_FLOAT);
	if (in && in->kind == GW_INL_FLOAT) {
		const gw_float *f = in->fl;
		CHECK(f->rel_h == GW_REL_PAGE && f->rel_v == GW_REL_PARAGRAPH);
		CHECK(f->x == 200 && f->y == 400 && f->width == 2000 && f->height == 1000);
		CHECK(f->wrap == GW_WRAP_BEHIND && f->content && !f->has_image);
		CHECK(f->inset[1] == 20 && f->inset[0] == 40 && f->inset[3] == 60 && f->inset[2] == 80);
	}
	CHECK_TEXT(doc, "\nboxed\n");
	gw_doc_free(doc);
}

TEST(model_float_group)
{
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:drawing><wp:anchor behindDoc=\"0\"><wp:positionH relativeFrom=\"page\">"
		"<wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom=\"page\">"
		"<wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx=\"1270000\" cy=\"635000\"/>"
		"<wp:wrapSquare wrapText=\"bothSides\"/><a:graphic><a:graphicData "
		"uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup\">"
		"<wpg:wgp xmlns:wpg=\"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup\">"
		"<wpg:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"1270000\" cy=\"635000\"/>"
		"<a:chOff x=\"100\" y=\"100\"/><a:chExt cx=\"2540000\" cy=\"1270000\"/></a:xfrm></wpg:grpSpPr>"
		"<pic:pic><pic:blipFill><a:blip r:embed=\"rId7\"/></pic:blipFill><pic:spPr><a:xfrm>"
		"<a:off x=\"100\" y=\"100\"/><a:ext cx=\"1270000\" cy=\"1270000\"/></a:xfrm></pic:spPr></pic:pic>"
		"<wps:wsp><wps:spPr><a:xfrm><a:off x=\"1270100\" y=\"635100\"/><a:ext cx=\"1270000\" "
		"cy=\"635000\"/></a:xfrm><a:ln w=\"12700\"/></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r>"
		"<w:t>stamp</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
		"</wpg:wgp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	const gw_inline *in = para_n(doc, 0)->first;
	CHECK(in && in->kind == GW_INL_FLOAT);
	if (in && in->kind == GW_INL_FLOAT) {
		const gw_float *f = in->fl;
		CHECK(f->width == 2000 && f->height == 1000 && f->nkids == 2);
		/* child coordinates halved into the group's box */
		if (f->nkids == 2) {
			CHECK(f->kids[0].has_image && f->kids[0].x == 0 && f->kids[0].width == 1000);
			CHECK(f->kids[1].content && f->kids[1].x == 1000 && f->kids[1].y == 500 &&
			      f->kids[1].width == 1000 && f->kids[1].line_w == 20);
		}
	}
	CHECK_TEXT(doc, "\nstamp\n");
	CHECK(!has_warning(doc, "placed inline"));
	gw_doc_free(doc);
}

TEST(model_counts_warnings_that_drop_text_and_reads_overflow_punct)
{
	/* ruby drops its guide text: counted for `pdf --strict`; a GIF picture
	 * (no text) is a warning that drops none */
	gw_doc *doc = load_doc(DOC(
		"<w:p><w:r><w:ruby><w:rt><w:r><w:t>ㄊㄞˊ</w:t></w:r></w:rt><w:rubyBase><w:r>"
		"<w:t>臺</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	CHECK(has_warning(doc, "ruby"));
	CHECK_INT(doc->nlost, 1);
	gw_doc_free(doc);
	doc = load_doc(DOC("<w:p><w:r><w:t>plain</w:t></w:r></w:p>"
			   "<w:p><w:pPr><w:overflowPunct w:val=\"0\"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"));
	CHECK(doc != NULL);
	if (doc) {
		CHECK_INT(doc->nlost, 0);
		CHECK(!para_n(doc, 0)->pp.no_overflow_punct); /* Word's default: may hang */
		CHECK(para_n(doc, 1)->pp.no_overflow_punct);
	}
	gw_doc_free(doc);
}
