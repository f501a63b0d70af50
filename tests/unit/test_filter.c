/* Unit tests for filter.c: the filters, numerals and value formatting. */
#include "t.h"
#include "filter.h"

#include <stdlib.h>

/* Run filter name on the JSON value text (NULL: missing) with literal args;
 * return the text result or "ERR: why" (static buffer). */
static const char *run(const char *name, const char *json, const char *arg)
{
	static char res[512];
	const gw_filter_def *f = gw_filter_find(name, strlen(name));
	json_t *j = json ? json_loads(json, JSON_DECODE_ANY, NULL) : NULL;
	gw_fval v = {0}, a = {0};
	char why[300] = "";

	if (f == NULL)
		return "NO FILTER";
	v.j = j;
	gw_buf_init(&v.text);
	gw_buf_init(&a.text);
	if (arg) {
		a.is_text = 1;
		gw_buf_adds(&a.text, arg);
	}
	if (f->fn(&v, &a, arg ? 1 : 0, why, sizeof why) < 0) {
		snprintf(res, sizeof res, "ERR: %s", why);
	} else if (v.is_text) {
		snprintf(res, sizeof res, "%s", v.text.data ? v.text.data : "");
	} else if (v.j == NULL) {
		snprintf(res, sizeof res, "MISSING");
	} else {
		gw_buf b;
		gw_buf_init(&b);
		gw_json_scalar_text(&b, v.j);
		snprintf(res, sizeof res, "%s", b.data ? b.data : "");
		gw_buf_dispose(&b);
	}
	gw_buf_dispose(&v.text);
	gw_buf_dispose(&a.text);
	json_decref(j);
	return res;
}

static const char *zh(long long n)
{
	static char res[256];
	gw_buf b;
	gw_buf_init(&b);
	gw_zh_number(&b, n);
	snprintf(res, sizeof res, "%s", b.data);
	gw_buf_dispose(&b);
	return res;
}

TEST(filter_zh_number)
{
	CHECK_STR(zh(0), "零");
	CHECK_STR(zh(3), "三");
	CHECK_STR(zh(10), "十");
	CHECK_STR(zh(11), "十一");
	CHECK_STR(zh(20), "二十");
	CHECK_STR(zh(21), "二十一");
	CHECK_STR(zh(100), "一百");
	CHECK_STR(zh(101), "一百零一");
	CHECK_STR(zh(110), "一百一十");
	CHECK_STR(zh(1001), "一千零一");
	CHECK_STR(zh(1010), "一千零一十");
	CHECK_STR(zh(10000), "一萬");
	CHECK_STR(zh(10001), "一萬零一");
	CHECK_STR(zh(100000), "十萬");
	CHECK_STR(zh(120034), "十二萬零三十四");
	CHECK_STR(zh(100000000), "一億");
	CHECK_STR(zh(123456789), "一億二千三百四十五萬六千七百八十九");
	CHECK_STR(run("zh_number", "\"12\"", NULL), "十二");
	CHECK_STR(run("zh_number", "\"x\"", NULL), "ERR: 'x' is not a whole number");
	CHECK_STR(run("zh_number", "-1", NULL), "ERR: -1 is out of range (0 to 999999999999)");
	CHECK_STR(run("zh_paren_number", "2", NULL), "(二)");
}

TEST(filter_dates)
{
	CHECK_STR(run("roc_date", "\"2026-11-25\"", NULL), "中華民國115年11月25日");
	CHECK_STR(run("roc_date_short", "\"2026-11-25\"", NULL), "115年11月25日");
	CHECK_STR(run("roc_date", "\"1912-01-01\"", NULL), "中華民國1年1月1日");
	CHECK_STR(run("roc_date", "\"2026-11-25T10:00:00\"", NULL), "中華民國115年11月25日");
	CHECK_STR(run("roc_date_dot", "\"2026-03-05\"", NULL), "115.03.05");
	CHECK_STR(run("roc_year", "\"2026-03-05\"", NULL), "115");
	CHECK_STR(run("roc_date", "\"\"", NULL), "");
	CHECK_STR(run("roc_date", NULL, NULL), "MISSING");
	CHECK_STR(run("roc_date", "\"2026-02-29\"", NULL), "ERR: '2026-02-29' is not a date YYYY-MM-DD");
	CHECK_STR(run("roc_date", "\"1911-12-31\"", NULL),
		  "ERR: '1911-12-31' is before the ROC calendar (1912)");
	CHECK_STR(run("roc_date", "\"25/11/2026\"", NULL), "ERR: '25/11/2026' is not a date YYYY-MM-DD");
	CHECK_STR(run("roc_date", "[1]", NULL), "ERR: the value is a list, not text");
}

TEST(filter_text)
{
	CHECK_STR(run("checkbox", "true", NULL), "☑");
	CHECK_STR(run("checkbox", "false", NULL), "☐");
	CHECK_STR(run("checkbox", "\"\"", NULL), "☐");
	CHECK_STR(run("checkbox", "\"移入\"", "移入"), "☑");
	CHECK_STR(run("checkbox", "\"移出\"", "移入"), "☐");
	CHECK_STR(run("checkbox", "[\"a\",\"b\"]", "b"), "☑");
	CHECK_STR(run("default", NULL, "無"), "無");
	CHECK_STR(run("default", "null", "無"), "無");
	CHECK_STR(run("default", "\"\"", "無"), "無");
	CHECK_STR(run("default", "0", "無"), "0");
	CHECK_STR(run("default", "\"x\"", "無"), "x");
	CHECK_STR(run("upper", "\"Web ap 伺服器\"", NULL), "WEB AP 伺服器");
	CHECK_STR(run("lower", "\"ABC\"", NULL), "abc");
	CHECK_STR(run("trim", "\"\xE3\x80\x80 a \"", NULL), "a");
	CHECK_STR(run("join", "[\"a\", 2, true]", NULL), "a、2、true");
	CHECK_STR(run("join", "[\"a\", \"b\"]", ", "), "a, b");
	CHECK_STR(run("join", "[[1]]", NULL), "ERR: element 1 is a list, not text");
	CHECK_STR(run("count", "[1,2,3]", NULL), "3");
	CHECK_STR(run("count", "\"中文\"", NULL), "2");
	CHECK_STR(run("phone_ext", "\"04-22289111\"", "66301"), "04-22289111 分機 66301");
	CHECK_STR(run("phone_ext", "\"04-22289111\"", ""), "04-22289111");
	CHECK(gw_filter_find("nope", 4) == NULL);
}

TEST(filter_scalar_text)
{
	CHECK_STR(run("trim", "0.1", NULL), "0.1");
	CHECK_STR(run("trim", "1e300", NULL), "1e+300");
	CHECK_STR(run("trim", "2.0", NULL), "2");
	CHECK_STR(run("trim", "0.30000000000000004", NULL), "0.30000000000000004");
	CHECK_STR(run("trim", "-17", NULL), "-17");
	CHECK_STR(run("trim", "9007199254740993", NULL), "9007199254740993");
	CHECK_STR(run("trim", "true", NULL), "true");
	CHECK_STR(run("trim", "null", NULL), "");
}
