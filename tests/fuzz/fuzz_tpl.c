/*
 * fuzz_tpl.c — the template parser on arbitrary main-document XML: the bytes
 * become word/document.xml of a minimal DOCX; gw_tpl_inspect lists every tag
 * and problem, gw_tpl_compile compiles, and a compiled template is merged
 * leniently with a small data tree and written back.
 */
#include "fuzz.h"
#include "base_docx.h"
#include "merge.h"
#include "tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *tree;
	gw_pkg *pkg = NULL, *merged = NULL;
	gw_tpl_report *rep = NULL;
	gw_tpl *t = NULL;
	gw_err err = {0};

	if (tree == NULL)
		tree = json_loads("{\"name\":\"王小明\",\"d\":\"2026-11-25\",\"n\":3,\"flag\":true,"
				  "\"list\":[{\"a\":\"1\",\"b\":[1,2]},{\"a\":\"<&>\\n\\t\"}],"
				  "\"obj\":{\"x\":\"y\"},\"empty\":[]}", 0, NULL);
	if (base_docx(&pkg, (const char *)data, size) < 0)
		return 0;
	if (gw_tpl_inspect(&rep, pkg, &err) == 0)
		gw_tpl_report_free(rep);
	gw_err_clear(&err);
	if (gw_tpl_compile(&t, pkg, &err) == 0) {
		gw_merge_opts opts = {.lenient = 1};
		gw_err me = {0};
		if (gw_tpl_merge(&merged, t, tree, &opts, &me) == 0) {
			char *bytes = NULL;
			size_t len = 0;
			gw_err we = {0};
			gw_pkg_write_mem(&bytes, &len, merged, &we);
			free(bytes);
		}
	}
	gw_pkg_free(merged);
	gw_tpl_free(t);
	gw_pkg_free(pkg);
	return 0;
}
