/*
 * runner.c — runs every registered unit test (or those whose name contains
 * argv[1]) and ends with "unit: N passed, N failed".
 */
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TESTS 2048

static struct {
	const char *name, *file;
	void (*fn)(void);
} tests[MAX_TESTS];
static int ntests, failures;
static char tmpdir[256];

void t_register(const char *name, void (*fn)(void), const char *file)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].fn = fn;
		tests[ntests].file = file;
		ntests++;
	}
}

int t_check(int ok, const char *what, const char *file, int line)
{
	if (!ok) {
		failures++;
		fprintf(stderr, "    %s:%d: check failed: %s\n", file, line, what);
	}
	return ok;
}

int t_check_str(const char *got, const char *want, const char *what, const char *file, int line)
{
	int ok = got && want ? strcmp(got, want) == 0 : got == want;
	if (!ok) {
		failures++;
		fprintf(stderr, "    %s:%d: %s\n      got:  %s\n      want: %s\n", file, line, what,
			got ? got : "(null)", want ? want : "(null)");
	}
	return ok;
}

int t_check_int(long long got, long long want, const char *what, const char *file, int line)
{
	if (got != want) {
		failures++;
		fprintf(stderr, "    %s:%d: %s = %lld, want %lld\n", file, line, what, got, want);
	}
	return got == want;
}

const char *t_tmpdir(void)
{
	return tmpdir;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		snprintf(tmpdir, sizeof tmpdir, "/tmp/gw-unit-XXXXXX");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 2;
		}
		failures = 0;
		tests[i].fn();
		if (failures == 0) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "FAIL %s (%s)\n", tests[i].name, tests[i].file);
		}
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "warning: could not remove %s\n", tmpdir);
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
