/*
 * cli_fonts.c — the fonts command: what each font name of the manifest
 * resolves to, with missing and broken files marked (exit 1 when a chain
 * has no usable file or a file is broken); with --text, which face draws
 * each character of a text (a name with rare characters, before rendering),
 * exit 1 when no font has one.
 */
#include "cli.h"
#include "font.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* One line per distinct character of text: U+XXXX, the character, the face. */
static int show_text(gw_fonts *fs, const char *font, int bold, int italic, const char *text)
{
	const char *p = text, *end = text + strlen(text);
	int missing = 0;
	gw_err err = {0};

	while (p < end) {
		const char *at = p;
		int32_t cp = gw_utf8_next(&p, end);
		gw_face *f;
		if (cp < 0) {
			fprintf(stderr, "gongwen: fonts: --text: invalid UTF-8 at byte %zu\n", (size_t)(at - text));
			return GW_EXIT_USAGE;
		}
		if (memmem(text, (size_t)(at - text), at, (size_t)(p - at)))
			continue; /* shown already */
		f = gw_fonts_pick_style(fs, font, bold, italic, (uint32_t)cp);
		if (f) {
			printf("U+%04X  %.*s  %s%s  %s\n", (unsigned)cp, (int)(p - at), at, gw_face_name(f),
			       (bold && !gw_face_is_bold(f)) || (italic && !gw_face_is_italic(f)) ? " (synthetic style)" : "",
			       gw_face_path(f));
		} else {
			gw_err_clear(&err);
			gw_fonts_err_missing(&err, "", font, (uint32_t)cp);
			printf("U+%04X  MISSING  %s\n", (unsigned)cp, err.msg);
			missing++;
		}
	}
	if (missing) {
		fprintf(stderr, "gongwen: fonts: %d character%s no font has\n", missing, missing == 1 ? "" : "s");
		return GW_EXIT_FAIL;
	}
	return GW_EXIT_OK;
}

int cmd_fonts(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"manifest", required_argument, NULL, 'm'}, {"text", required_argument, NULL, 't'},
		{"font", required_argument, NULL, 'f'},     {"bold", no_argument, NULL, 'b'},
		{"italic", no_argument, NULL, 'i'},         {0}};
	const char *manifest = NULL, *text = NULL, *font = "標楷體";
	int bold = 0, italic = 0, c, rc, bad;
	gw_fonts *fs = NULL;
	gw_err err = {0};
	gw_buf b;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': manifest = optarg; break;
		case 't': text = optarg; break;
		case 'f': font = optarg; break;
		case 'b': bold = 1; break;
		case 'i': italic = 1; break;
		default:
			return gw_cli_usage("fonts", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return gw_cli_usage("fonts", "unexpected argument '%s'", argv[optind]);
	if (text) {
		if ((rc = gw_fonts_open(&fs, manifest, &err)) < 0)
			return gw_cli_fail(&err);
		rc = show_text(fs, font, bold, italic, text);
		gw_fonts_free(fs);
		return rc;
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
