/* Unit tests for the hardening in util.c: safe messages, the temp-file
 * registry, and the atomic writer's refusal to replace what is not a file. */
#include "t.h"
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

TEST(err_messages_are_one_printable_line)
{
	gw_err err = {0};
	gw_err_set(&err, GW_EDATA, "x: %s: unknown field", "\x1b[2J\nline\x7f\xc2\x9b\xff臺");
	CHECK_STR(err.msg, "x: ?[2J?line????臺: unknown field");
	gw_err_prefix(&err, "%s: ", "f\r");
	CHECK_STR(err.msg, "f?: x: ?[2J?line????臺: unknown field");
}

TEST(tmp_registry_cleans_up)
{
	char a[600], b[600];
	snprintf(a, sizeof a, "%s/a.tmp.1", t_tmpdir());
	snprintf(b, sizeof b, "%s/b.tmp.1", t_tmpdir());
	fclose(fopen(a, "w"));
	fclose(fopen(b, "w"));
	int sa = gw_tmp_register(a), sb = gw_tmp_register(b);
	CHECK(sa >= 0 && sb >= 0 && sa != sb);
	gw_tmp_unregister(sb);
	gw_tmp_cleanup();
	CHECK(access(a, F_OK) != 0);  /* registered: removed */
	CHECK(access(b, F_OK) == 0);  /* unregistered: kept */
}

TEST(atomic_write_refuses_non_files)
{
	char fifo[600], dir[600], tmp[640];
	gw_err err = {0}, e2 = {0};
	snprintf(fifo, sizeof fifo, "%s/fifo", t_tmpdir());
	snprintf(dir, sizeof dir, "%s/dir", t_tmpdir());
	CHECK(mkfifo(fifo, 0600) == 0);
	CHECK(mkdir(dir, 0755) == 0);
	CHECK_INT(gw_file_write_atomic(fifo, "x", 1, &err), GW_EIO);
	CHECK(strstr(err.msg, "not a regular file") != NULL);
	struct stat st;
	CHECK(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK_INT(gw_file_write_atomic(dir, "x", 1, &e2), GW_EIO);
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", fifo, (long)getpid());
	CHECK(access(tmp, F_OK) != 0);
}

TEST(atomic_write_never_removes_a_foreign_temp_file)
{
	char path[600], tmp[640];
	gw_err err = {0};
	snprintf(path, sizeof path, "%s/out.docx", t_tmpdir());
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	fclose(fopen(tmp, "w")); /* someone else's file in the way */
	CHECK_INT(gw_file_write_atomic(path, "x", 1, &err), GW_EIO);
	CHECK(access(tmp, F_OK) == 0);
	CHECK(access(path, F_OK) != 0);
}

TEST(tmp_create_registers_and_refuses_existing)
{
	char p[600];
	int slot = -1, s2 = -1;
	snprintf(p, sizeof p, "%s/c.tmp.1", t_tmpdir());
	int fd = gw_tmp_create(p, &slot);
	CHECK(fd >= 0 && slot >= 0);
	CHECK(gw_tmp_create(p, &s2) < 0 && s2 == -1); /* O_EXCL: never someone else's */
	if (fd >= 0)
		close(fd);
	gw_tmp_cleanup();
	CHECK(access(p, F_OK) != 0);
}
