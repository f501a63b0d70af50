/* Unit tests for app.c: the import format's validation. */
#include "t.h"
#include "app.h"

#include <stdlib.h>

static int validate(const char *json, char *msg, size_t n)
{
	json_error_t je;
	json_t *v = json_loads(json, JSON_ALLOW_NUL, &je);
	gw_err err = {0};
	int rc = v ? gw_app_validate(v, &err) : -100;
	snprintf(msg, n, "%s", err.msg);
	json_decref(v);
	return rc;
}

TEST(app_minimal_ok)
{
	char m[GW_ERR_MSG];
	CHECK_INT(validate("{\"id\":\"A-1\"}", m, sizeof m), 0);
	CHECK_INT(validate("{\"id\":\"A-1\",\"devices\":[{\"type\":\"Parts\",\"serial\":\"\"}]}", m,
			   sizeof m), 0);
}

TEST(app_rejects_bad_values)
{
	char m[GW_ERR_MSG];
	CHECK_INT(validate("{\"id\":\"A-1\",\"devices\":[{},{\"qty\":\"2\"}]}", m, sizeof m),
		  GW_EDATA);
	CHECK_STR(m, "devices[1].qty: expected an integer, found a string");
	validate("{\"id\":\"A-1\",\"devices\":[{\"reports\":[{\"kind\":\"pentest\"},"
		 "{\"kind\":\"scan\"}]}]}", m, sizeof m);
	CHECK_STR(m, "devices[0].reports[1].kind: unknown report kind \"scan\"");
	validate("{\"id\":\"A-1\",\"move\":{\"kind\":\"移走\"}}", m, sizeof m);
	CHECK_STR(m, "move.kind: unknown move kind \"移走\"");
	validate("{\"id\":\"A-1\",\"letter\":{\"date\":\"2026-13-01\"}}", m, sizeof m);
	CHECK_STR(m, "letter.date: \"2026-13-01\" is not a date (YYYY-MM-DD)");
	validate("{\"id\":\"A-1\",\"agency\":{\"nmae\":\"x\"}}", m, sizeof m);
	CHECK_STR(m, "agency.nmae: unknown field");
	validate("{\"id\":\"../x\"}", m, sizeof m);
	CHECK(strstr(m, "not a usable id") != NULL);
	validate("{\"id\":\"A\",\"move\":{\"reason\":\"a\\u0001b\"}}", m, sizeof m);
	CHECK_STR(m, "move.reason: a control character at byte 1");
	validate("{\"id\":\"A\",\"form_front\":{\"sealed\":1}}", m, sizeof m);
	CHECK_STR(m, "form_front.sealed: expected true or false, found an integer");
	CHECK_INT(validate("[]", m, sizeof m), GW_EDATA);
}

TEST(app_dates)
{
	CHECK_INT(gw_date_parse("2024-02-29", 0, 0, 0), 0);
	CHECK_INT(gw_date_parse("2026-02-29", 0, 0, 0), -1);
	CHECK_INT(gw_date_parse("2026-4-01", 0, 0, 0), -1);
	CHECK_INT(gw_date_parse("2026-04-31", 0, 0, 0), -1);
	CHECK_INT(gw_date_parse("1900-02-28", 0, 0, 0), -1);
	int y, m, d;
	CHECK_INT(gw_date_parse("2026-11-25", &y, &m, &d), 0);
	CHECK(y == 2026 && m == 11 && d == 25);
}

TEST(app_permanent_period)
{
	char m[GW_ERR_MSG];
	CHECK_INT(validate("{\"id\":\"A\",\"network\":{\"period\":{\"from\":\"2026-01-01\","
			   "\"to\":\"永久\"}}}", m, sizeof m), 0);
	CHECK_INT(validate("{\"id\":\"A\",\"network\":{\"period\":{\"from\":\"永久\"}}}", m,
			   sizeof m), GW_EDATA);
}

/* A device without a warranty says 「無」 (filled: nothing to declare). */
TEST(app_warranty_none)
{
	char m[GW_ERR_MSG];
	CHECK_INT(validate("{\"id\":\"A\",\"devices\":[{\"warranty_until\":\"無\"}]}", m, sizeof m),
		  0);
	CHECK_INT(validate("{\"id\":\"A\",\"devices\":[{\"warranty_until\":\"2028-02-29\"}]}", m,
			   sizeof m), 0);
	CHECK_INT(validate("{\"id\":\"A\",\"devices\":[{\"warranty_until\":\"永久\"}]}", m,
			   sizeof m), GW_EDATA);
	CHECK_INT(validate("{\"id\":\"A\",\"devices\":[{\"warranty_until\":\"2027-02-29\"}]}", m,
			   sizeof m), GW_EDATA);
}
