/* Unit tests for arena.c: zeroed, aligned, large blocks, strings. */
#include "t.h"
#include "arena.h"

#include <stdint.h>

TEST(arena_basics)
{
	gw_arena *a = gw_arena_new();
	char *s = gw_arena_strdup(a, "標楷體");
	CHECK_STR(s, "標楷體");
	CHECK(gw_arena_strdup(a, NULL) == NULL);
	CHECK_STR(gw_arena_strndup(a, "abcdef", 3), "abc");
	for (int i = 0; i < 5000; i++) {
		unsigned char *p = gw_arena_alloc(a, (size_t)(i % 97) + 1);
		CHECK(((uintptr_t)p & 15) == 0);
		if (p[0] != 0)
			CHECK(!"not zeroed");
		p[0] = 1;
	}
	unsigned char *big = gw_arena_alloc(a, 1 << 20);
	CHECK(big[(1 << 20) - 1] == 0);
	char *after = gw_arena_strdup(a, "still fine");
	CHECK_STR(after, "still fine");
	CHECK(gw_arena_used(a) > (1 << 20));
	gw_arena_free(a);
	gw_arena_free(NULL);
}
