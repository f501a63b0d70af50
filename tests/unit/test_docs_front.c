/* Unit tests for the form front's device list in docs.c: devices_front holds
 * the first GW_DOCS_FRONT_DEVICES devices, devices_more counts the others. */
#include "t.h"
#include "docs.h"

#include <stdio.h>
#include <stdlib.h>

/* The tree of an application with n devices (serials S1 … Sn). */
static json_t *tree_of(int n)
{
	json_t *app = json_object(), *devs = json_array(), *t = NULL;
	gw_err err = {0};

	for (int i = 1; i <= n; i++) {
		char serial[16];
		snprintf(serial, sizeof serial, "S%d", i);
		json_t *d = json_object();
		json_object_set_new(d, "seq", json_integer(i));
		json_object_set_new(d, "serial", json_string(serial));
		json_array_append_new(devs, d);
	}
	json_object_set_new(app, "devices", devs);
	if (gw_docs_build(&t, app, "received", NULL, NULL, NULL, &err) < 0)
		fprintf(stderr, "gw_docs_build: %s\n", err.msg);
	json_decref(app);
	return t;
}

static const char *front_serial(const json_t *t, size_t i)
{
	const char *s = json_string_value(json_object_get(json_array_get(json_object_get(t,
		"devices_front"), i), "serial"));
	return s ? s : "(missing)";
}

TEST(docs_front_none)
{
	json_t *t = tree_of(0);
	CHECK(t != NULL);
	CHECK(json_is_array(json_object_get(t, "devices_front")));
	CHECK_INT(json_array_size(json_object_get(t, "devices_front")), 0);
	CHECK_INT(json_integer_value(json_object_get(t, "devices_more")), 0);
	json_decref(t);
}

TEST(docs_front_up_to_the_limit)
{
	for (int n = 1; n <= GW_DOCS_FRONT_DEVICES; n++) {
		json_t *t = tree_of(n);
		CHECK_INT(json_array_size(json_object_get(t, "devices_front")), n);
		/* 0 is false: the template's {^devices_more} row (以下空白) shows. */
		CHECK(json_is_integer(json_object_get(t, "devices_more")));
		CHECK_INT(json_integer_value(json_object_get(t, "devices_more")), 0);
		char want[16];
		snprintf(want, sizeof want, "S%d", n);
		CHECK_STR(front_serial(t, (size_t)n - 1), want);
		json_decref(t);
	}
}

TEST(docs_front_more_than_the_limit)
{
	int n = GW_DOCS_FRONT_DEVICES + 15;
	json_t *t = tree_of(n);
	const json_t *front = json_object_get(t, "devices_front");

	CHECK_INT(json_array_size(front), GW_DOCS_FRONT_DEVICES);
	CHECK_STR(front_serial(t, 0), "S1");
	char last[16];
	snprintf(last, sizeof last, "S%d", GW_DOCS_FRONT_DEVICES);
	CHECK_STR(front_serial(t, GW_DOCS_FRONT_DEVICES - 1), last);
	CHECK_INT(json_integer_value(json_object_get(t, "devices_more")), 15);
	CHECK_INT(json_integer_value(json_object_get(t, "device_count")), n);
	/* The back still has every device, with the computed fields. */
	CHECK_INT(json_array_size(json_object_get(t, "devices")), n);
	CHECK(json_is_object(json_object_get(json_array_get(front, 0), "ip")));
	json_decref(t);
}
