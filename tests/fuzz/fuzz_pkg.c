/*
 * fuzz_pkg.c — the package reader on arbitrary bytes: open from memory, parse
 * every XML part safely, find the main document, resolve every relationship
 * of every .rels part, and write the package back to memory.
 */
#include "fuzz.h"
#include "pkg.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static void rels(const gw_pkg *pkg, const char *name)
{
	const char *r = strstr(name, "_rels/");
	xmlDocPtr doc = NULL;
	gw_err err = {0};

	if (r == NULL || !ends_with(name, ".rels") || gw_pkg_xml(&doc, pkg, name, &err) < 0)
		return;
	const char *file = r + 6;
	char *source = xasprintf("%.*s%.*s", (int)(r - name), name, (int)(strlen(file) - 5), file);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		xmlChar *id = xmlGetProp(n, BAD_CAST "Id");
		char *target = NULL;
		gw_err e = {0};
		if (id)
			gw_pkg_rel_target(&target, pkg, source, (const char *)id, &e);
		free(target);
		xmlFree(id);
	}
	char *t = NULL;
	gw_err e = {0};
	gw_pkg_rel_by_type(&t, pkg, source, "/styles", &e);
	free(t);
	free(source);
	xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_pkg *pkg = NULL;
	gw_err err = {0};
	const char *main;

	if (gw_pkg_open_mem(&pkg, data, size, "fuzz.docx", &err) < 0)
		return 0;
	gw_pkg_main_part(&main, pkg, &err);
	for (size_t i = 0; i < gw_pkg_count(pkg); i++) {
		const char *name = gw_pkg_name(pkg, i);
		xmlDocPtr doc = NULL;
		gw_err e = {0};
		if (gw_pkg_xml(&doc, pkg, name, &e) == 0)
			xmlFreeDoc(doc);
		rels(pkg, name);
	}
	char *out = NULL;
	size_t len = 0;
	gw_err we = {0};
	if (gw_pkg_write_mem(&out, &len, pkg, &we) == 0) {
		gw_pkg *back = NULL;
		gw_err be = {0};
		/* What we wrote must read back. */
		if (gw_pkg_open_mem(&back, out, len, "back.docx", &be) < 0)
			abort();
		if (gw_pkg_count(back) != gw_pkg_count(pkg))
			abort();
		gw_pkg_free(back);
	}
	free(out);
	gw_pkg_free(pkg);
	return 0;
}
