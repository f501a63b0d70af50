/*
 * failmalloc.c — LD_PRELOAD fault injection for every allocation in the
 * process (gongwen's own and SQLite's, jansson's, libxml2's, libzip's), as
 * SQLite's test suite does: GW_FAILMALLOC=N makes the N-th call to malloc,
 * calloc or realloc return NULL (once).  GW_FAILMALLOC_COUNT=1 prints the
 * number of calls at exit, so a test knows how many points to try.
 * Test-only; built as out/build/failmalloc.so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static long fail_at = -1, calls;

__attribute__((constructor)) static void init(void)
{
	const char *s = getenv("GW_FAILMALLOC");
	fail_at = s ? atol(s) : 0;
	calls = 0; /* count from here: the loader's own allocations vary */
}

static int fail_now(void)
{
	if (fail_at < 0)
		return 0; /* before init */
	return ++calls == fail_at;
}

void *malloc(size_t n)
{
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, n);
}

__attribute__((destructor)) static void fini(void)
{
	if (getenv("GW_FAILMALLOC_COUNT")) {
		char buf[64];
		int k = snprintf(buf, sizeof buf, "failmalloc: %ld calls\n", calls);
		if (write(2, buf, (size_t)k) < 0)
			return;
	}
}
