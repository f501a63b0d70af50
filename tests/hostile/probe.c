/*
 * probe.c — a test driver that reaches library code no command reaches yet
 * (tests/hostile/cases.tsv uses it until `gongwen tags`/`pdf` land on main).
 *
 *   gw-probe pkg FILE        open a package the way every command does, parse
 *                            every XML part safely, find the main document and
 *                            resolve every relationship; first error → exit 1
 *   gw-probe copy IN OUT     open IN and write it to OUT with the package
 *                            writer (atomic: temp file + rename)
 *
 * Messages follow the CLI's form ("gongwen: ..."), exit 0 ok, 1 refused,
 * 2 usage.
 */
#include "pkg.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* "word/_rels/document.xml.rels" → "word/document.xml"; "_rels/.rels" → "". */
static char *rels_source(const char *rels)
{
	const char *r = strstr(rels, "_rels/");
	if (r == NULL || !ends_with(rels, ".rels"))
		return NULL;
	const char *file = r + 6;
	return xasprintf("%.*s%.*s", (int)(r - rels), rels, (int)(strlen(file) - 5), file);
}

static int probe_rels(const gw_pkg *pkg, const char *name, gw_err *err)
{
	xmlDocPtr doc = NULL;
	char *source = rels_source(name);
	int rc = 0;

	if (source == NULL)
		return 0;
	if ((rc = gw_pkg_xml(&doc, pkg, name, err)) < 0)
		goto done;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr n = root ? root->children : NULL; n && rc == 0; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *id = xmlGetProp(n, BAD_CAST "Id");
		char *target = NULL;
		if (id)
			rc = gw_pkg_rel_target(&target, pkg, source, (const char *)id, err);
		free(target);
		xmlFree(id);
	}
done:
	xmlFreeDoc(doc);
	free(source);
	return rc;
}

static int probe_pkg(const char *path, gw_err *err)
{
	gw_pkg *pkg = NULL;
	const char *main;
	int rc;

	if ((rc = gw_pkg_open(&pkg, path, err)) < 0)
		goto done;
	if ((rc = gw_pkg_main_part(&main, pkg, err)) < 0)
		goto done;
	for (size_t i = 0; i < gw_pkg_count(pkg) && rc == 0; i++) {
		const char *name = gw_pkg_name(pkg, i);
		if (ends_with(name, ".xml") || ends_with(name, ".rels")) {
			xmlDocPtr doc = NULL;
			rc = gw_pkg_xml(&doc, pkg, name, err);
			xmlFreeDoc(doc);
		}
		if (rc == 0 && ends_with(name, ".rels"))
			rc = probe_rels(pkg, name, err);
	}
done:
	gw_pkg_free(pkg);
	return rc;
}

int main(int argc, char **argv)
{
	gw_err err = {0};
	int rc;

	gw_process_init(); /* as gongwen's main: SIGXFSZ, temp-file cleanup */
	if (argc == 3 && strcmp(argv[1], "pkg") == 0) {
		rc = probe_pkg(argv[2], &err);
	} else if (argc == 4 && strcmp(argv[1], "copy") == 0) {
		gw_pkg *pkg = NULL;
		rc = gw_pkg_open(&pkg, argv[2], &err);
		if (rc == 0)
			rc = gw_pkg_write(pkg, argv[3], &err);
		gw_pkg_free(pkg);
	} else {
		fprintf(stderr, "usage: gw-probe pkg FILE | copy IN OUT\n");
		return 2;
	}
	if (rc < 0) {
		fprintf(stderr, "gongwen: %s\n", err.msg);
		return 1;
	}
	return 0;
}
