/*
 * fuzz_app.c — import validation on arbitrary bytes: parse as the importer
 * does (jansson, duplicates rejected, NUL allowed) and validate.  A valid
 * tree must also survive the id check and a dump/reload round trip.
 */
#include "fuzz.h"
#include "app.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	gw_err err = {0};
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);

	if (j == NULL)
		return 0;
	if (gw_app_validate(j, &err) == 0) {
		const char *id = json_string_value(json_object_get(j, "id"));
		if (id == NULL || !gw_app_id_ok(id))
			abort(); /* validation let an unusable id through */
		char *text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		json_t *back = text ? json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je) : NULL;
		gw_err e2 = {0};
		if (back == NULL || gw_app_validate(back, &e2) != 0)
			abort();
		json_decref(back);
		free(text);
	} else if (err.msg[0] == '\0') {
		abort(); /* a failure must say why */
	}
	json_decref(j);
	return 0;
}
