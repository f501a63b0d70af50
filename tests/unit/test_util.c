/* Unit tests for util.c: buffers, UTF-8, atomic files, hashing. */
#include "t.h"
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

TEST(util_utf8_roundtrip)
{
	const char *s = "a中𡘙";
	const char *p = s, *end = s + strlen(s);
	CHECK_INT(gw_utf8_next(&p, end), 'a');
	CHECK_INT(gw_utf8_next(&p, end), 0x4E2D);
	CHECK_INT(gw_utf8_next(&p, end), 0x21619);
	CHECK(p == end);
	gw_buf b;
	gw_buf_init(&b);
	gw_utf8_put(&b, 0x21619);
	CHECK_STR(b.data, "𡘙");
	gw_buf_dispose(&b);
	const char *bad = "\xC0\x80";
	p = bad;
	CHECK_INT(gw_utf8_next(&p, bad + 2), -1);
	const char *sur = "\xED\xA0\x80";
	p = sur;
	CHECK_INT(gw_utf8_next(&p, sur + 3), -1);
}

TEST(util_xml_invalid)
{
	size_t at;
	CHECK(gw_utf8_xml_invalid("ok\n\t", 4, &at) == NULL);
	CHECK(gw_utf8_xml_invalid("a\x01", 2, &at) != NULL);
	CHECK_INT(at, 1);
	CHECK(gw_utf8_xml_invalid("\xEF\xBF\xBF", 3, &at) != NULL);
	CHECK(gw_utf8_xml_invalid("a\0b", 3, &at) != NULL);
}

TEST(util_atomic_write)
{
	char path[300];
	gw_err err = {0};
	snprintf(path, sizeof path, "%s/f.txt", t_tmpdir());
	CHECK_INT(gw_file_write_atomic(path, "one", 3, &err), 0);
	CHECK_INT(gw_file_write_atomic(path, "two!", 4, &err), 0);
	char *text;
	size_t n;
	CHECK_INT(gw_file_read(&text, &n, path, 100, &err), 0);
	CHECK_STR(text, "two!");
	free(text);
	/* A folder that does not exist: error, nothing created. */
	snprintf(path, sizeof path, "%s/no/f.txt", t_tmpdir());
	CHECK_INT(gw_file_write_atomic(path, "x", 1, &err), GW_EIO);
	CHECK(strstr(err.msg, "cannot create") != NULL);
}

TEST(util_sha256)
{
	char h[65];
	gw_sha256_hex(h, "abc", 3);
	CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
