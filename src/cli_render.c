/*
 * cli_render.c — the render command(s).  Not built yet: each
 * says so and exits 2 until its issue lands.
 */
#include "cli.h"

#include <stdio.h>

int cmd_render(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: render: not implemented yet\n");
	return GW_EXIT_USAGE;
}
