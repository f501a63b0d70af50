/*
 * cli_attach.c — the attachment commands: attach, attachments, detach.
 * Thin: options are parsed here; the files are judged by attach.c and
 * stored by data_attach.c.  --role names the history rows' role (default
 * applicant); the rows' added_by is the store's account (shell:LOGIN).
 */
#include "cli.h"
#include "attach.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_row(const char *verb, const char *app_id, const json_t *r)
{
	const json_t *dev = json_object_get(r, "device");
	char *name = xstrdup(json_string_value(json_object_get(r, "name")));

	gw_str_sanitize(name);
	printf("%s #%lld %s: ", verb, (long long)json_integer_value(json_object_get(r, "id")),
	       app_id);
	if (json_is_integer(dev))
		printf("device %lld ", (long long)json_integer_value(dev));
	printf("%s %s (%s, %lld page%s, %lld bytes, sha256 %s)\n",
	       json_string_value(json_object_get(r, "kind")), name,
	       json_string_value(json_object_get(r, "media_type")),
	       (long long)json_integer_value(json_object_get(r, "pages")),
	       json_integer_value(json_object_get(r, "pages")) == 1 ? "" : "s",
	       (long long)json_integer_value(json_object_get(r, "bytes")),
	       json_string_value(json_object_get(r, "sha256")));
	free(name);
}

static void warn_flags(const json_t *r)
{
	const json_t *flags = json_object_get(r, "flags"), *f;
	size_t i;
	gw_buf b;

	if (json_array_size(flags) == 0)
		return;
	gw_buf_init(&b);
	json_array_foreach(flags, i, f)
		gw_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(f));
	char *name = xstrdup(json_string_value(json_object_get(r, "name")));
	gw_str_sanitize(name);
	gw_cli_warn("%s holds %s: stored and flagged for the reviewers; gongwen never runs it",
		    name, b.data);
	free(name);
	gw_buf_dispose(&b);
}

/* ==== attach ==== */

int cmd_attach(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"device", required_argument, NULL, 'd'},
					     {"kind", required_argument, NULL, 'k'},
					     {"name", required_argument, NULL, 'n'},
					     {"role", required_argument, NULL, 'b'},
					     {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *row = NULL;
	const char *kind = NULL, *name = NULL, *by = NULL;
	char *data = NULL, *end;
	size_t len = 0;
	long device = 0;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = strtol(optarg, &end, 10);
			if (*end || device < 1 || device > 999999)
				return gw_cli_usage("attach", "--device '%s': give the device's seq (1, 2, …)",
						    optarg);
			break;
		case 'k': kind = optarg; break;
		case 'n': name = optarg; break;
		case 'b': by = optarg; break;
		default: return gw_cli_usage("attach", "unknown option");
		}
	}
	if (optind != argc - 2)
		return gw_cli_usage("attach", "name APP_ID and one FILE");
	if (!kind)
		return gw_cli_usage("attach", "--kind is required (%s)", gw_attach_kinds());
	if (!gw_attach_kind_ok(kind))
		return gw_cli_usage("attach", "--kind '%s': one of %s", kind, gw_attach_kinds());
	if (gw_attach_kind_needs_device(kind) && device == 0)
		return gw_cli_usage("attach", "--kind %s belongs to a device: add --device N", kind);
	const char *app_id = argv[optind], *path = argv[optind + 1];
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 ||
	    (rc = gw_db_attach_read(&data, &len, db, path, &err)) < 0 ||
	    (rc = gw_db_attach(&row, db, app_id, (int)device, kind, name ? name : path, data, len,
			       by, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	print_row(json_is_true(json_object_get(row, "existed")) ? "already attached as" : "attached",
		  app_id, row);
	warn_flags(row);
done:
	json_decref(row);
	free(data);
	gw_db_free(db);
	return rc;
}

/* ==== attachments ==== */

int cmd_attachments(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *rows = NULL, *r;
	int c, rc = 0, as_json = 0;
	size_t i;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return gw_cli_usage("attachments", "unknown option");
		as_json = 1;
	}
	if (optind != argc - 1)
		return gw_cli_usage("attachments", "name one APP_ID");
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 ||
	    (rc = gw_db_attachments(&rows, db, argv[optind], &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (as_json) {
		char *text = json_dumps(rows, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		goto done;
	}
	printf("id\tdevice\tkind\tpages\tbytes\tsha256\tflags\tname\n");
	json_array_foreach(rows, i, r) {
		const json_t *dev = json_object_get(r, "device"), *f;
		char *name = xstrdup(json_string_value(json_object_get(r, "name")));
		size_t k;
		gw_str_sanitize(name);
		printf("%lld\t", (long long)json_integer_value(json_object_get(r, "id")));
		if (json_is_integer(dev))
			printf("%lld", (long long)json_integer_value(dev));
		printf("\t%s\t%lld\t%lld\t%.12s\t", json_string_value(json_object_get(r, "kind")),
		       (long long)json_integer_value(json_object_get(r, "pages")),
		       (long long)json_integer_value(json_object_get(r, "bytes")),
		       json_string_value(json_object_get(r, "sha256")));
		json_array_foreach(json_object_get(r, "flags"), k, f)
			printf("%s%s", k ? "," : "", json_string_value(f));
		printf("\t%s\n", name);
		free(name);
	}
done:
	json_decref(rows);
	gw_db_free(db);
	return rc;
}

/* ==== detach ==== */

int cmd_detach(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'b'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *rows = NULL, *r;
	const char *by = NULL;
	int c, rc = 0;
	size_t i;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'b')
			return gw_cli_usage("detach", "unknown option");
		by = optarg;
	}
	if (optind != argc - 2)
		return gw_cli_usage("detach", "name APP_ID and ATTACHMENT (its number or sha256)");
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 ||
	    (rc = gw_db_detach(&rows, db, argv[optind], argv[optind + 1], by, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	json_array_foreach(rows, i, r)
		print_row("detached", argv[optind], r);
done:
	json_decref(rows);
	gw_db_free(db);
	return rc;
}
