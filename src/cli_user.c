/*
 * cli_user.c — `gongwen user`: the service's accounts (data_user.c).
 *
 *   user add NAME --role ROLE[,ROLE…] [--agency AGENCY_NAME] [--display TEXT]
 *   user list [--json]
 *   user passwd NAME
 *   user disable NAME | user enable NAME
 *   user roles NAME ROLE[,ROLE…] [--agency AGENCY_NAME]
 *
 * A password comes from the terminal (asked twice, not echoed) or, when
 * stdin is not a terminal, as one line on stdin; never on the command line.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One line from f without its newline (at most cap - 1 bytes); -1 at EOF or
 * when the line is too long. */
static int read_line(char *buf, size_t cap, FILE *f)
{
	if (!fgets(buf, (int)cap, f))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(f))
		return -1;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

static int ask(char *buf, size_t cap, const char *prompt)
{
	struct termios old, quiet;
	int rc;

	fprintf(stderr, "%s", prompt);
	tcgetattr(0, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(0, TCSAFLUSH, &quiet);
	rc = read_line(buf, cap, stdin);
	tcsetattr(0, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The new password into buf; a usage-style failure prints and returns -1. */
static int get_password(char *buf, size_t cap, const char *name)
{
	gw_err err = {0};

	if (isatty(0)) {
		char again[300];
		char *prompt = xasprintf("%s 的新密碼 new password for %s: ", name, name);
		int rc = ask(buf, cap, prompt);
		free(prompt);
		if (rc == 0 && gw_user_password_check(buf, &err) < 0) {
			gw_cli_fail(&err);
			return -1;
		}
		if (rc == 0)
			rc = ask(again, sizeof again, "再輸入一次 again: ");
		if (rc == 0 && strcmp(buf, again) != 0) {
			fprintf(stderr, "gongwen: user: the two passwords differ\n");
			rc = -1;
		}
		memset(again, 0, sizeof again);
		return rc;
	}
	if (read_line(buf, cap, stdin) < 0) {
		fprintf(stderr, "gongwen: user: give the password as one line on stdin\n");
		return -1;
	}
	return 0;
}

static int fail_usage(const char *fmt, const char *arg)
{
	return gw_cli_usage("user", fmt, arg);
}

static int user_list(gw_db *db, int as_json)
{
	gw_err err = {0};
	json_t *all = NULL, *u;
	size_t i;

	if (gw_db_users(&all, db, &err) < 0) {
		json_decref(all);
		return gw_cli_fail(&err);
	}
	if (as_json) {
		char *text = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
	} else {
		printf("name\troles\tagency\tstate\tdisplay\n");
		json_array_foreach(all, i, u) {
			gw_buf roles;
			json_t *r;
			size_t j;
			gw_buf_init(&roles);
			gw_buf_adds(&roles, "");
			json_array_foreach(json_object_get(u, "roles"), j, r)
				gw_buf_printf(&roles, "%s%s", j ? "," : "", json_string_value(r));
			const char *agency = json_string_value(json_object_get(u, "agency"));
			printf("%s\t%s\t%s\t%s\t%s\n", json_string_value(json_object_get(u, "name")),
			       roles.data, agency ? agency : "-",
			       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
			       json_string_value(json_object_get(u, "display")));
			gw_buf_dispose(&roles);
		}
	}
	json_decref(all);
	return 0;
}

int cmd_user(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"agency", required_argument, NULL, 'a'},
					     {"display", required_argument, NULL, 'd'},
					     {"json", no_argument, NULL, 'j'},
					     {0}};
	const char *role = NULL, *agency = NULL, *display = NULL;
	char pw[300];
	gw_err err = {0};
	gw_db *db = NULL;
	int c, as_json = 0, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 'a')
			agency = optarg;
		else if (c == 'd')
			display = optarg;
		else if (c == 'j')
			as_json = 1;
		else
			return gw_cli_usage("user", "unknown option");
	}
	int n = argc - optind;
	char **a = argv + optind;
	if (n < 1)
		return gw_cli_usage("user", "say add, list, passwd, disable, enable or roles");
	const char *sub = a[0];
	int want = strcmp(sub, "list") == 0 ? 1 : strcmp(sub, "roles") == 0 ? 3 : 2;
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "passwd") &&
	    strcmp(sub, "disable") && strcmp(sub, "enable") && strcmp(sub, "roles"))
		return fail_usage("unknown subcommand '%s'", sub);
	if (n != want)
		return fail_usage(want == 1 ? "%s takes no argument" : want == 2
					  ? "%s names one account" : "%s names an account and its roles",
				  sub);
	if (strcmp(sub, "add") == 0 && role == NULL)
		return gw_cli_usage("user", "add needs --role ROLE[,ROLE...]");
	if ((role || display) && strcmp(sub, "add") != 0)
		return fail_usage("--role and --display belong to add, not %s", sub);
	if (agency && strcmp(sub, "add") != 0 && strcmp(sub, "roles") != 0)
		return fail_usage("--agency belongs to add and roles, not %s", sub);
	if (role && gw_user_roles_check(role, &err) < 0)
		return gw_cli_fail(&err);
	if (gw_cli_open_db(&db, cli, &err) < 0)
		return gw_cli_fail(&err);
	if (strcmp(sub, "list") == 0) {
		rc = user_list(db, as_json);
		goto done;
	}
	if (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) {
		if (get_password(pw, sizeof pw, a[1]) < 0) {
			rc = GW_EXIT_FAIL;
			goto done;
		}
		rc = strcmp(sub, "add") == 0
			     ? gw_db_user_add(db, a[1], role, agency, display, pw, &err)
			     : gw_db_user_passwd(db, a[1], pw, &err);
		memset(pw, 0, sizeof pw);
	} else if (strcmp(sub, "roles") == 0) {
		rc = gw_db_user_roles(db, a[1], a[2], agency, &err);
	} else {
		rc = gw_db_user_disable(db, a[1], strcmp(sub, "disable") == 0, &err);
	}
	if (rc < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	printf("%s: %s\n", a[1], strcmp(sub, "add") == 0 ? "added" : strcmp(sub, "passwd") == 0
		       ? "password changed; its sessions ended" : strcmp(sub, "roles") == 0
		       ? "roles changed; its sessions ended" : strcmp(sub, "disable") == 0
		       ? "disabled; its sessions ended" : "enabled");
done:
	gw_db_free(db);
	return rc;
}
