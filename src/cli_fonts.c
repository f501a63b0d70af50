/*
 * cli_fonts.c — the fonts command: what each font name of the manifest
 * resolves to, with missing and broken files marked.  Exit 1 when a chain
 * has no usable file or a file is broken.
 */
#include "cli.h"
#include "font.h"

#include <stdio.h>
#include <string.h>

int cmd_fonts(gw_cli *cli, int argc, char **argv)
{
	const char *manifest = NULL;
	gw_fonts *fs = NULL;
	gw_err err = {0};
	gw_buf b;
	int rc, bad;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--manifest") == 0 && i + 1 < argc)
			manifest = argv[++i];
		else
			return gw_cli_usage("fonts", "unexpected argument '%s'", argv[i]);
	}
	if ((rc = gw_fonts_load(&fs, manifest, &err)) < 0)
		return gw_cli_fail(&err);
	gw_buf_init(&b);
	bad = gw_fonts_describe(fs, &b);
	fputs(b.data, stdout);
	gw_buf_dispose(&b);
	gw_fonts_free(fs);
	if (bad) {
		fprintf(stderr, "gongwen: fonts: %d problem%s (a name with no usable file, or a broken file)\n",
			bad, bad == 1 ? "" : "s");
		return GW_EXIT_FAIL;
	}
	return GW_EXIT_OK;
}
