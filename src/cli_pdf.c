/*
 * cli_pdf.c — the pdf command.  Not built yet: each
 * says so and exits 2 until its issue lands.
 */
#include "cli.h"

#include <stdio.h>

int cmd_pdf(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: pdf: not implemented yet\n");
	return GW_EXIT_USAGE;
}
