/*
 * t.h — the unit-test harness: TEST(name) registers a test at load time, so a
 * new test file needs no list to be edited.  CHECK* record a
 * failure and go on; a test passes when none of its checks failed.
 */
#ifndef GW_T_H
#define GW_T_H
#include <string.h>

void t_register(const char *name, void (*fn)(void), const char *file);
int t_check(int ok, const char *what, const char *file, int line);
int t_check_str(const char *got, const char *want, const char *what, const char *file, int line);
int t_check_int(long long got, long long want, const char *what, const char *file, int line);

#define TEST(name)                                                            \
	static void name(void);                                               \
	__attribute__((constructor)) static void reg_##name(void)             \
	{                                                                     \
		t_register(#name, name, __FILE__);                            \
	}                                                                     \
	static void name(void)

#define CHECK(c) t_check(!!(c), #c, __FILE__, __LINE__)
#define CHECK_STR(got, want) t_check_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want) t_check_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)

/* A scratch folder for the current test, removed by the runner after. */
const char *t_tmpdir(void);
#endif
