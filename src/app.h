/*
 * app.h — the application data tree (docs/import.md): validation of the import
 * format and small accessors shared by the rules and the documents.
 *
 * The tree is a jansson json_t; this module owns no state.
 */
#ifndef GW_APP_H
#define GW_APP_H

#include "common.h"
#include <jansson.h>

/* Check an application tree against the import format.  Unknown keys, wrong
 * types, unknown enum values, impossible dates and unsafe ids are errors naming
 * the JSON path: `devices[2].type: unknown device type "Sever(AP)"`. */
int gw_app_validate(const json_t *app, gw_err *err);

/* The same, for the service: a fault also fills *zh (when not NULL) with
 * the JSON path ("devices[1].serial") and the cause in Chinese. */
typedef struct gw_app_fault {
	char field[256];
	char text[512];
} gw_app_fault;
int gw_app_check(const json_t *app, gw_app_fault *zh, gw_err *err);

/* Parse a strict ISO date YYYY-MM-DD that exists in the calendar. 0 or -1. */
int gw_date_parse(const char *s, int *y, int *m, int *d);

/* Load a JSON file; malformed JSON is reported with line and column.
 * *out is a new reference. */
int gw_json_load_file(json_t **out, const char *path, gw_err *err);

/* Is s a safe application id (letters, digits, '-', '_', '.'; not leading '.';
 * 1..64 bytes)?  Ids become folder names under out/. */
int gw_app_id_ok(const char *s);

#endif
