/*
 * cli_di.c — `gongwen di-check FILE.di...`: read DI files back (di.c) and
 * check them, without ever loading an external entity or DTD.  One line
 * per file ("FILE: ok: 函, 7 條列"); exit 1 when any fails.
 */
#include "cli.h"
#include "di.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_di_check(gw_cli *cli, int argc, char **argv)
{
	int rc = 0;
	(void)cli;

	if (argc < 2)
		return gw_cli_usage("di-check", "name the DI file(s) to check");
	for (int i = 1; i < argc; i++) {
		gw_err err = {0};
		char *data = NULL, *summary = NULL;
		size_t len = 0;
		if (argv[i][0] == '-' && argv[i][1])
			return gw_cli_usage("di-check", "unknown option '%s'", argv[i]);
		if (gw_file_read(&data, &len, argv[i], 16 * 1024 * 1024, &err) < 0 ||
		    gw_di_check(&summary, data, len, argv[i], &err) < 0) {
			int r = gw_cli_fail(&err);
			rc = rc ? rc : r;
		} else {
			printf("%s\n", summary);
		}
		free(summary);
		free(data);
	}
	return rc;
}
