/*
 * cli_pdf.c — `gongwen pdf IN.docx -o OUT.pdf [--archive]
 * [--allow-missing-glyphs]`: package → model → layout → PDF.  The output is
 * written atomically (pdf.c), so a failure leaves no file behind.
 */
#include "cli.h"
#include "font.h"
#include "model.h"
#include "pdf.h"
#include "pkg.h"

#include <stdio.h>
#include <string.h>

static void warn_cb(void *ctx, const char *msg)
{
	gw_cli_warn("%s: %s", (const char *)ctx, msg);
}

int cmd_pdf(gw_cli *cli, int argc, char **argv)
{
	gw_err err = {0};
	const char *in = NULL, *outp = NULL;
	gw_pdf_opts o = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	gw_fonts *fonts = NULL;
	int rc = 0;
	(void)cli;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
			if (i + 1 >= argc)
				return gw_cli_usage("pdf", "-o needs a file name");
			outp = argv[++i];
		} else if (strcmp(argv[i], "--archive") == 0) {
			o.archive = true;
		} else if (strcmp(argv[i], "--allow-missing-glyphs") == 0) {
			o.allow_missing_glyphs = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return gw_cli_usage("pdf", "unknown option '%s'", argv[i]);
		} else if (!in) {
			in = argv[i];
		} else {
			return gw_cli_usage("pdf", "unexpected argument '%s'", argv[i]);
		}
	}
	if (!in)
		return gw_cli_usage("pdf", "name the DOCX to render");
	if (!outp)
		return gw_cli_usage("pdf", "name the output with -o OUT.pdf");
	o.warn = warn_cb;
	o.warn_ctx = (void *)in;
	if (gw_pkg_open(&pkg, in, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (gw_model_load(&doc, pkg, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (gw_fonts_open(&fonts, NULL, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (gw_pdf_write(outp, &doc, 1, fonts, &o, &err) < 0) {
		if (err.code != GW_EIO)
			gw_err_prefix(&err, "%s: ", in);
		rc = gw_cli_fail(&err);
		goto done;
	}
done:
	gw_doc_free(doc);
	gw_fonts_free(fonts);
	gw_pkg_free(pkg);
	return rc;
}
