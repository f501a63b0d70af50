/*
 * cli_tpl.c — the merge tags command(s).  Not built yet: each
 * says so and exits 2 until its issue lands.
 */
#include "cli.h"

#include <stdio.h>

int cmd_merge(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: merge: not implemented yet\n");
	return GW_EXIT_USAGE;
}

int cmd_tags(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: tags: not implemented yet\n");
	return GW_EXIT_USAGE;
}
