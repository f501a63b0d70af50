/*
 * cli_pdf.c — `gongwen pdf IN.docx -o OUT.pdf` and `gongwen pdf IN.docx...
 * -d DIR` (one PDF per input, DIR/<name>.pdf, the fonts opened once for
 * all): package → model → layout → PDF.  Each output is written atomically
 * (pdf.c), so a failure leaves no file behind; with several inputs the
 * others are still rendered and the exit code is that of the first failure.
 */
#include "cli.h"
#include "font.h"
#include "model.h"
#include "pdf.h"
#include "pkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void warn_cb(void *ctx, const char *msg)
{
	gw_cli_warn("%s: %s", (const char *)ctx, msg);
}

/* Render one DOCX; returns the exit code (the message already printed). */
static int render_one(const char *in, const char *outp, gw_fonts *fonts, gw_pdf_opts o)
{
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_doc *doc = NULL;
	int rc = 0;

	o.warn = warn_cb;
	o.warn_ctx = (void *)in;
	if (gw_pkg_open(&pkg, in, &err) < 0 || gw_model_load(&doc, pkg, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (gw_pdf_write(outp, &doc, 1, fonts, &o, &err) < 0) {
		if (err.code != GW_EIO)
			gw_err_prefix(&err, "%s: ", in);
		/* A character no font has: say how to render the rest anyway. */
		if (err.code == GW_EFONT && !o.allow_missing_glyphs &&
		    strstr(err.msg, "no font has it")) {
			size_t n = strlen(err.msg);
			snprintf(err.msg + n, sizeof err.msg - n,
				 "; --allow-missing-glyphs draws a box for it");
		}
		rc = gw_cli_fail(&err);
	}
done:
	gw_doc_free(doc);
	gw_pkg_free(pkg);
	return rc;
}

int cmd_pdf(gw_cli *cli, int argc, char **argv)
{
	gw_err err = {0};
	const char *outp = NULL, *dir = NULL;
	const char **ins = xcalloc((size_t)argc + 1, sizeof *ins);
	int nin = 0;
	gw_pdf_opts o = {0};
	gw_fonts *fonts = NULL;
	int rc = 0;
	(void)cli;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
			if (i + 1 >= argc) {
				rc = gw_cli_usage("pdf", "-o needs a file name");
				goto done;
			}
			outp = argv[++i];
		} else if (strcmp(argv[i], "-d") == 0) {
			if (i + 1 >= argc) {
				rc = gw_cli_usage("pdf", "-d needs a folder");
				goto done;
			}
			dir = argv[++i];
		} else if (strcmp(argv[i], "--archive") == 0) {
			o.archive = true;
		} else if (strcmp(argv[i], "--allow-missing-glyphs") == 0) {
			o.allow_missing_glyphs = true;
		} else if (strcmp(argv[i], "--strict") == 0) {
			o.strict = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			rc = gw_cli_usage("pdf", "unknown option '%s'", argv[i]);
			goto done;
		} else {
			ins[nin++] = argv[i];
		}
	}
	if (nin == 0) {
		rc = gw_cli_usage("pdf", "name the DOCX to render");
		goto done;
	}
	if (!outp && !dir) {
		rc = gw_cli_usage("pdf", "name the output with -o OUT.pdf (or -d DIR)");
		goto done;
	}
	if (outp && (dir || nin > 1)) {
		rc = gw_cli_usage("pdf", "-o takes one input; use -d DIR for several");
		goto done;
	}
	if (dir && gw_mkdirs(dir, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (gw_fonts_open(&fonts, NULL, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	for (int i = 0; i < nin; i++) {
		char *p = outp ? xstrdup(outp) : gw_cli_out_name(dir, ins[i], "pdf");
		int r = render_one(ins[i], p, fonts, o);
		if (r && !rc)
			rc = r;
		free(p);
	}
done:
	gw_fonts_free(fonts);
	free(ins);
	return rc;
}
