/*
 * fuzz_merge.c — merge with fuzzed data: a fixed template using every
 * construct (values, dotted paths, sections over arrays/objects/booleans,
 * inverse sections, {.}, filters, a table-row loop) merged with arbitrary
 * JSON, strictly and leniently.  A merged package must serialise and read
 * back, and its main part must be well-formed XML.
 */
#include "fuzz.h"
#include "base_docx.h"
#include "merge.h"
#include "tpl.h"

#include <libxml/tree.h>

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
static const char doc[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W "><w:body>"
	"<w:p><w:r><w:t>{name} {a.b.c} {d | roc_date} {d | roc_date_short} {flag | checkbox}</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>{x | default:\"無\"} {n | zh_number} {s | upper} {s | lower}</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>{#list}</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>{.} {a} {name} {#b}[{.}]{/b}</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>{/list}</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>{^list}none{/list} {#obj}{x}{/obj}</w:t></w:r></w:p>"
	"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{#rows}{a}</w:t></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:t>{b}{/rows}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
	"</w:body></w:document>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gw_pkg *pkg;
	static gw_tpl *t;
	json_error_t je;
	gw_err err = {0};

	if (t == NULL) {
		if (base_docx(&pkg, doc, sizeof doc - 1) < 0 || gw_tpl_compile(&t, pkg, &err) < 0)
			abort(); /* the fixed template must compile */
	}
	json_t *tree = json_loadb((const char *)data, size, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
	if (tree == NULL)
		return 0;
	for (int lenient = 0; lenient < 2; lenient++) {
		gw_merge_opts opts = {.lenient = lenient};
		gw_pkg *merged = NULL;
		gw_err me = {0};
		if (gw_tpl_merge(&merged, t, tree, &opts, &me) == 0) {
			const char *xml;
			size_t len;
			xmlDocPtr d = NULL;
			gw_err e2 = {0};
			if (gw_pkg_read(merged, "word/document.xml", &xml, &len, &e2) < 0 ||
			    gw_pkg_xml(&d, merged, "word/document.xml", &e2) < 0)
				abort(); /* merged output must be well-formed */
			xmlFreeDoc(d);
			char *bytes = NULL;
			size_t blen = 0;
			if (gw_pkg_write_mem(&bytes, &blen, merged, &e2) < 0)
				abort();
			free(bytes);
		} else if (me.msg[0] == '\0') {
			abort(); /* a failure must say why */
		}
		gw_pkg_free(merged);
	}
	json_decref(tree);
	return 0;
}
