/*
 * cli_rules.c — the check review status decide command(s).  Not built yet: each
 * says so and exits 2 until its issue lands.
 */
#include "cli.h"

#include <stdio.h>

int cmd_check(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: check: not implemented yet\n");
	return GW_EXIT_USAGE;
}

int cmd_review(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: review: not implemented yet\n");
	return GW_EXIT_USAGE;
}

int cmd_status(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: status: not implemented yet\n");
	return GW_EXIT_USAGE;
}

int cmd_decide(gw_cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongwen: decide: not implemented yet\n");
	return GW_EXIT_USAGE;
}
