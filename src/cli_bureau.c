/*
 * cli_bureau.c — `gongwen bureau`: show and change the bureau's reference
 * data (table bureau: name, address, telephone, who signs the letters, the
 * letter-number prefix, the asset-number pattern), and the warning render
 * and decide print while the letters would be signed with the title only or
 * their DI files would lack the bureau's 機關代碼.
 *
 * Invariants: values are checked (gw_bureau_check) before the store is
 * opened, so a usage error changes nothing; the store checks them again and
 * writes all fields of one command in one transaction (data_bureau.c).  The
 * head-name and code warnings are printed at most once each per process.
 * No library is wrapped here.
 */
#include "cli.h"
#include "docs.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== The unsigned-letter and no-code warnings ==== */

static int warned_name, warned_code;

#define LETTERS (1u << GW_DOC_RETURN | 1u << GW_DOC_APPROVAL)

static int empty(const json_t *bureau, const char *field)
{
	const char *v = json_string_value(json_object_get(bureau, field));
	return v == NULL || *v == '\0';
}

/* "return letter (檢還函)" … for a bit set of letters (both: all). */
static const char *letters_text(unsigned letters)
{
	if (letters == (1u << GW_DOC_RETURN))
		return "return letter (檢還函)";
	if (letters == (1u << GW_DOC_APPROVAL))
		return "approval letter (核准函)";
	return "bureau's letters";
}

/* Warn (once each) about what the bureau's letters in the bit set lack:
 * signed lacks a name, di (their DI files) the 機關代碼 of 發文機關. */
static void warn(const json_t *b, unsigned signed_letters, unsigned di_letters)
{
	if (signed_letters && !warned_name && empty(b, "head_name")) {
		const char *title = json_string_value(json_object_get(b, "head_title"));
		warned_name = 1;
		gw_cli_warn("bureau.head_name is empty: the %s %s signed with the title only (%s); "
			    "set the name with: gongwen bureau set head_name NAME",
			    letters_text(signed_letters), signed_letters == LETTERS ? "are" : "is",
			    title && *title ? title : "no title");
	}
	if (di_letters && !warned_code && empty(b, "code")) {
		warned_code = 1;
		gw_cli_warn("bureau.code is empty: the DI files of the %s go out without the "
			    "bureau's 機關代碼 (發文機關); set it with: gongwen bureau set code CODE",
			    letters_text(di_letters));
	}
}

void gw_cli_bureau_warn_tree(const json_t *tree, unsigned docs, unsigned di)
{
	/* A letter's DI carries its 署名 too: signed whether written as DOCX or DI. */
	warn(json_object_get(tree, "bureau"), (docs | di) & LETTERS, di & LETTERS);
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
	unsigned letters = 0;

	if ((warned_name && warned_code) || gw_db_bureau(&b, db, &err) < 0)
		goto done;
	if (kind != NULL) {
		letters = strcmp(kind, "return") == 0 ? 1u << GW_DOC_RETURN : 1u << GW_DOC_APPROVAL;
	} else {
		/* render --all: the letters among the documents asked for (a
		 * letter's DI goes with it; --only di is every letter's DI), and
		 * only when some application gets one. */
		int all = !only || (only & GW_DOCS_DI);
		int ret = all || only & 1u << GW_DOC_RETURN;
		int app = all || only & 1u << GW_DOC_APPROVAL;
		long long n = 0;
		char *sql = xasprintf("SELECT count(*) FROM applications WHERE status IN ('%s', '%s')",
				      ret ? "returned" : "-", app ? "approved" : "-");
		if (gw_db_query_json(db, sql, count_row, &n, &err) != 0)
			n = 0;
		free(sql);
		if (n > 0)
			letters = LETTERS;
	}
	warn(b, letters, letters);
done:
	json_decref(b);
}

/* ==== gongwen bureau ==== */

#define FIELDS "name, short_name, code, unit, address, phone, fax, email, head_title, " \
	"head_name, doc_prefix, asset_format, require_attachments, attach_max_file_mb, " \
	"attach_max_app_mb"

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
		if (empty(before, "head_name"))
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
