/*
 * cli_fonts.c — the fonts command.  Not built yet: it says so and exits 2
 * until its issue lands.
 */
#include "cli.h"

#include <stdio.h>

int cmd_fonts(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: fonts: not implemented yet\n");
	return GW_EXIT_USAGE;
}
