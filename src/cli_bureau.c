/*
 * cli_bureau.c — `gongwen bureau`: show and change the bureau's reference
 * data (table bureau: name, address, telephone, who signs the letters, the
 * letter-number prefix, the asset-number pattern), and the warning render
 * and decide print while the letters would be signed with the title only.
 *
 * Invariants: values are checked (gw_bureau_check) before the store is
 * opened, so a usage error changes nothing; the store checks them again and
 * writes all fields of one command in one transaction (data_bureau.c).  The
 * head-name warning is printed at most once per process.
 * No library is wrapped here.
 */
#include "cli.h"
#include "docs.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== The unsigned-letter warning ==== */

static int warned;

static void warn_unsigned(const char *title, const char *letters)
{
	if (warned)
		return;
	warned = 1;
	gw_cli_warn("bureau.head_name is empty: the %s signed with the title only (%s); set the "
		    "name with: gongwen bureau set head_name NAME", letters,
		    title && *title ? title : "no title");
}

static int name_empty(const json_t *bureau)
{
	const char *n = json_string_value(json_object_get(bureau, "head_name"));
	return n == NULL || *n == '\0';
}

void gw_cli_bureau_warn_tree(const json_t *tree, unsigned docs)
{
	const json_t *b = json_object_get(tree, "bureau");

	if (!(docs & (1u << GW_DOC_RETURN | 1u << GW_DOC_APPROVAL)) || !name_empty(b))
		return;
	warn_unsigned(json_string_value(json_object_get(b, "head_title")),
		      docs & 1u << GW_DOC_RETURN ? "return letter (檢還函) is"
						: "approval letter (核准函) is");
}

static int count_row(void *ctx, const char *json, int row)
{
	json_t *j = json_loads(json, JSON_DECODE_ANY, NULL);
	*(long long *)ctx = json_integer_value(j);
	json_decref(j);
	return 0;
}

void gw_cli_bureau_warn_db(gw_db *db, const char *kind, unsigned only)
{
	json_t *b = NULL;
	gw_err err = {0};
	long long n = 1;

	if (warned || gw_db_bureau(&b, db, &err) < 0 || !name_empty(b))
		goto done;
	if (kind == NULL) {
		/* render --all: only when some application gets a letter. */
		int ret = !only || only & 1u << GW_DOC_RETURN;
		int app = !only || only & 1u << GW_DOC_APPROVAL;
		char *sql = xasprintf("SELECT count(*) FROM applications WHERE status IN ('%s', '%s')",
				      ret ? "returned" : "-", app ? "approved" : "-");
		n = 0;
		if (gw_db_query_json(db, sql, count_row, &n, &err) != 0)
			n = 0;
		free(sql);
	}
	if (n > 0)
		warn_unsigned(json_string_value(json_object_get(b, "head_title")),
			      kind == NULL ? "bureau's letters are"
			      : strcmp(kind, "return") == 0 ? "return letter (檢還函) is"
							     : "approval letter (核准函) is");
done:
	json_decref(b);
}

/* ==== gongwen bureau ==== */

#define FIELDS "name, short_name, unit, address, phone, fax, email, head_title, head_name, " \
	"doc_prefix, asset_format"

static int known(const char *field)
{
	const char *f;

	for (size_t i = 0; (f = gw_bureau_field(i)) != NULL; i++)
		if (strcmp(f, field) == 0)
			return 1;
	return 0;
}

/* Print s made safe for a terminal (a value written into the store by
 * other means may hold anything). */
static void put_safe(const char *s)
{
	char *v = xstrdup(s ? s : "");

	gw_str_sanitize(v);
	fputs(v, stdout);
	free(v);
}

static void put_value(const json_t *b, const char *field)
{
	put_safe(json_string_value(json_object_get(b, field)));
	putchar('\n');
}

static void show(const json_t *b)
{
	const char *f;

	for (size_t i = 0; (f = gw_bureau_field(i)) != NULL; i++) {
		printf("%-13s%s", f, strlen(f) >= 13 ? " " : ""); /* require_attachments … */
		put_value(b, f);
	}
}

int cmd_bureau(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	gw_err err = {0};
	gw_db *db = NULL;
	json_t *before = NULL, *after = NULL;
	int c, rc = 0, as_json = 0, changed = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c != 'j')
			return gw_cli_usage("bureau", "unknown option \"%s\"", argv[optind - 1]);
		as_json = 1;
	}
	const char *verb = optind < argc ? argv[optind] : NULL;
	int nargs = argc - optind - (verb != NULL);
	char **args = argv + optind + (verb != NULL);

	if (verb == NULL) {
		/* show */
	} else if (strcmp(verb, "get") == 0) {
		if (nargs != 1)
			return gw_cli_usage("bureau", "get takes one FIELD");
	} else if (strcmp(verb, "set") == 0) {
		if (nargs < 2 || nargs % 2 != 0)
			return gw_cli_usage("bureau", "set takes FIELD VALUE pairs");
		if (as_json)
			return gw_cli_usage("bureau", "--json goes with showing the fields, not set");
	} else {
		return gw_cli_usage("bureau", "unknown action \"%s\" (get or set)", verb);
	}
	/* Every field name and value is checked before the store is opened. */
	if (verb && strcmp(verb, "get") == 0 && !known(args[0]))
		return gw_cli_usage("bureau", "bureau.%s: no such field (fields: %s)", args[0],
				    FIELDS);
	for (int i = 0; verb && strcmp(verb, "set") == 0 && i < nargs; i += 2) {
		int r = gw_bureau_check(args[i], args[i + 1], &err);
		if (r == GW_EUSAGE)
			return gw_cli_usage("bureau", "%s", err.msg);
		if (r < 0) {
			gw_err_prefix(&err, "%s: ", cli->db_path);
			return gw_cli_fail(&err);
		}
	}
	if ((rc = gw_cli_open_db(&db, cli, &err)) < 0 || (rc = gw_db_bureau(&before, db, &err)) < 0)
		goto done;
	if (verb == NULL) {
		if (as_json) {
			char *t = json_dumps(before, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			puts(t);
			free(t);
		} else {
			show(before);
		}
		if (name_empty(before))
			gw_cli_warn("bureau.head_name is empty: the bureau's letters are signed with "
				    "the title only; set it with: gongwen bureau set head_name NAME");
		goto done;
	}
	if (strcmp(verb, "get") == 0) {
		put_value(before, args[0]);
		goto done;
	}
	if ((rc = gw_db_bureau_set(&changed, db, (const char *const *)args, (size_t)nargs / 2,
				   &err)) < 0) {
		if (rc == GW_EDATA)
			gw_err_prefix(&err, "%s: ", cli->db_path);
		goto done;
	}
	if ((rc = gw_db_bureau(&after, db, &err)) < 0)
		goto done;
	for (int i = 0; i < nargs; i += 2) {
		const char *was = json_string_value(json_object_get(before, args[i]));
		const char *now = json_string_value(json_object_get(after, args[i]));
		printf("bureau.%s: ", args[i]);
		if (strcmp(was, now) == 0) {
			fputs("unchanged ", stdout);
		} else {
			putchar('"');
			put_safe(was);
			fputs("\" → ", stdout);
		}
		putchar('"');
		put_safe(now);
		fputs("\"\n", stdout);
	}
done:
	if (rc < 0)
		rc = gw_cli_fail(&err);
	json_decref(before);
	json_decref(after);
	gw_db_free(db);
	return rc;
}
