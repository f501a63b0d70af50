/*
 * cli_odt.c — `gongwen odt IN.docx -o OUT.odt` (and `-d DIR` for several):
 * package → model → ODT (odt.c).  Each output is written atomically, so a
 * failure leaves no file behind; with several inputs the others are still
 * converted and the exit code is that of the first failure.
 */
#include "cli.h"
#include "model.h"
#include "odt.h"
#include "pkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int convert_one(const char *in, const char *outp)
{
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	int rc = 0;

	if (gw_pkg_open(&pkg, in, &err) < 0 || gw_model_load(&doc, pkg, &err) < 0 ||
	    gw_odt_write(outp, doc, &err) < 0)
		rc = gw_cli_fail(&err);
	else
		for (int i = 0; i < doc->nwarnings; i++)
			gw_cli_warn("%s: %s", in, doc->warnings[i]);
	gw_doc_free(doc);
	gw_pkg_free(pkg);
	return rc;
}

int gw_cli_odt_beside(const gw_pkg *merged, const char *docx_path, gw_err *err)
{
	gw_doc *doc = NULL;
	char *path = gw_cli_out_name(NULL, docx_path, "odt");
	int rc;

	if ((rc = gw_model_load(&doc, merged, err)) == 0)
		rc = gw_odt_write(path, doc, err);
	gw_doc_free(doc);
	free(path);
	return rc;
}

int cmd_odt(gw_cli *cli, int argc, char **argv)
{
	gw_err err = {0};
	const char *outp = NULL, *dir = NULL;
	const char **ins = xcalloc((size_t)argc + 1, sizeof *ins);
	int nin = 0, rc = 0;
	(void)cli;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0 ||
		    strcmp(argv[i], "-d") == 0) {
			if (i + 1 >= argc) {
				rc = gw_cli_usage("odt", "%s needs a %s", argv[i],
						  argv[i][1] == 'd' ? "folder" : "file name");
				goto done;
			}
			if (argv[i][1] == 'd')
				dir = argv[++i];
			else
				outp = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			rc = gw_cli_usage("odt", "unknown option '%s'", argv[i]);
			goto done;
		} else {
			ins[nin++] = argv[i];
		}
	}
	if (nin == 0) {
		rc = gw_cli_usage("odt", "name the DOCX to convert");
		goto done;
	}
	if (!outp && !dir) {
		rc = gw_cli_usage("odt", "name the output with -o OUT.odt (or -d DIR)");
		goto done;
	}
	if (outp && (dir || nin > 1)) {
		rc = gw_cli_usage("odt", "-o takes one input; use -d DIR for several");
		goto done;
	}
	if (dir && gw_mkdirs(dir, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	for (int i = 0; i < nin; i++) {
		char *p = outp ? xstrdup(outp) : gw_cli_out_name(dir, ins[i], "odt");
		int r = convert_one(ins[i], p);
		if (r && !rc)
			rc = r;
		free(p);
	}
done:
	free(ins);
	return rc;
}
