/*
 * cli_pdf.c — the pdf fonts command(s).  Not built yet: each
 * says so and exits 2 until its issue lands.
 */
#include "cli.h"

#include <stdio.h>

int cmd_pdf(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: pdf: not implemented yet\n");
	return GW_EXIT_USAGE;
}

int cmd_fonts(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: fonts: not implemented yet\n");
	return GW_EXIT_USAGE;
}
