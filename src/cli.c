/*
 * cli.c — shared CLI helpers and the store commands: init, import, export,
 * list.  Other commands live beside their modules (cli_rules.c, cli_tpl.c,
 * cli_pdf.c, cli_render.c).
 */
#include "cli.h"
#include "app.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== Helpers ==== */

int gw_cli_exit_code(int code)
{
	switch (code) {
	case 0: return GW_EXIT_OK;
	case GW_ETEMPLATE: return GW_EXIT_TEMPLATE;
	case GW_EUSAGE: return GW_EXIT_USAGE;
	default: return GW_EXIT_FAIL;
	}
}

int gw_cli_fail(const gw_err *err)
{
	fprintf(stderr, "gongwen: %s\n", err->msg[0] ? err->msg : "failed");
	return gw_cli_exit_code(err->code ? err->code : GW_EDATA);
}

int gw_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gongwen: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'gongwen %s --help')\n", cmd);
	return GW_EXIT_USAGE;
}

void gw_cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gongwen: warning: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int gw_cli_open_db(gw_db **out, const gw_cli *cli, gw_err *err)
{
	char *dir = xstrdup(cli->db_path);
	char *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		rc = gw_mkdirs(dir, err);
	}
	free(dir);
	if (rc == 0)
		rc = gw_db_open(out, cli->db_path, err);
	return rc;
}

/* ==== init ==== */

int cmd_init(gw_cli *cli, int argc, char **argv)
{
	gw_err err = {0};
	gw_db *db;

	if (argc > 1)
		return gw_cli_usage("init", "unexpected argument '%s'", argv[1]);
	if (gw_cli_open_db(&db, cli, &err) < 0)
		return gw_cli_fail(&err);
	printf("%s: schema version %d\n", cli->db_path, GW_SCHEMA_VERSION);
	gw_db_free(db);
	return 0;
}

/* ==== import ==== */

int cmd_import(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"replace", no_argument, NULL, 'r'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *all = json_array();
	int replace = 0, c, rc = 0, idx;
	size_t *starts = NULL, nfiles = 0;
	int *is_array = NULL;
	char **bases = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r') {
			rc = gw_cli_usage("import", "unknown option");
			goto done;
		}
		replace = 1;
	}
	if (optind >= argc) {
		rc = gw_cli_usage("import", "name at least one FILE.json");
		goto done;
	}
	nfiles = (size_t)(argc - optind);
	starts = xcalloc(nfiles + 1, sizeof *starts);
	is_array = xcalloc(nfiles, sizeof *is_array);
	for (size_t f = 0; f < nfiles; f++) {
		const char *path = argv[optind + (int)f];
		json_t *doc;
		size_t n = strlen(path);
		if (n >= 4 && strcmp(path + n - 4, ".csv") == 0) {
			gw_err_set(&err, GW_EDATA, "%s: CSV import is not supported yet; use JSON", path);
			rc = gw_cli_fail(&err);
			goto done;
		}
		if (gw_json_load_file(&doc, path, &err) < 0) {
			rc = gw_cli_fail(&err);
			goto done;
		}
		starts[f] = json_array_size(all);
		is_array[f] = json_is_array(doc);
		if (json_is_array(doc))
			json_array_extend(all, doc);
		else
			json_array_append(all, doc);
		json_decref(doc);
	}
	starts[nfiles] = json_array_size(all);
	if (gw_cli_open_db(&db, cli, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	/* Files an application names are relative to its JSON file's folder. */
	bases = xcalloc(json_array_size(all) + 1, sizeof *bases);
	for (size_t f = 0; f < nfiles; f++) {
		const char *path = argv[optind + (int)f], *slash = strrchr(path, '/');
		char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
				  : xstrdup(".");
		for (size_t i = starts[f]; i < starts[f + 1]; i++)
			bases[i] = i == starts[f] ? dir : xstrdup(dir);
		if (starts[f] == starts[f + 1])
			free(dir);
	}
	if (gw_db_import_files(db, all, (const char *const *)bases, replace, "applicant", &idx,
			       &err) < 0) {
		if (idx >= 0) {
			size_t f = 0;
			while (f + 1 < nfiles && starts[f + 1] <= (size_t)idx)
				f++;
			if (is_array[f])
				gw_err_prefix(&err, "%s: [%zu].", argv[optind + (int)f],
					      (size_t)idx - starts[f]);
			else
				gw_err_prefix(&err, "%s: ", argv[optind + (int)f]);
		}
		rc = gw_cli_fail(&err);
		goto done;
	}
	for (size_t i = 0; i < json_array_size(all); i++)
		printf("%s %s\n", replace ? "imported (replace)" : "imported",
		       json_string_value(json_object_get(json_array_get(all, i), "id")));
done:
	for (size_t i = 0; bases && i < json_array_size(all); i++)
		free(bases[i]);
	free(bases);
	free(starts);
	free(is_array);
	json_decref(all);
	gw_db_free(db);
	return rc;
}

/* ==== export ==== */

int cmd_export(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"files", required_argument, NULL, 'f'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *app = NULL;
	const char *files = NULL;
	char *written = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return gw_cli_usage("export", "unknown option");
		files = optarg;
	}
	if (optind != argc - 1)
		return gw_cli_usage("export", "name one application id");
	if (files) {
		/* The JSON and its attachments beside it (data_attach.c). */
		if (gw_cli_open_db(&db, cli, &err) < 0 || gw_mkdirs(files, &err) < 0 ||
		    gw_db_export_files(&written, db, argv[optind], files, &err) < 0)
			rc = gw_cli_fail(&err);
		else
			printf("%s\n", written);
		free(written);
		goto done;
	}
	if (gw_cli_open_db(&db, cli, &err) < 0 || gw_db_app(&app, db, argv[optind], &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	char *text = json_dumps(app, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	puts(text);
	free(text);
done:
	json_decref(app);
	gw_db_free(db);
	return rc;
}

/* ==== list ==== */

static void list_row(void *ctx, const char *const cols[5])
{
	(void)ctx;
	printf("%s\t%s\t%s\t%s\t%s\n", cols[0], cols[1], cols[2], cols[3], cols[4]);
}

int cmd_list(gw_cli *cli, int argc, char **argv)
{
	gw_err err = {0};
	gw_db *db = NULL;
	int rc = 0;

	if (argc > 1)
		return gw_cli_usage("list", "unexpected argument '%s'", argv[1]);
	if (gw_cli_open_db(&db, cli, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	printf("id\tagency\tsystem\tplanned\tstatus\n");
	if (gw_db_list(db, list_row, NULL, &err) < 0)
		rc = gw_cli_fail(&err);
done:
	gw_db_free(db);
	return rc;
}
