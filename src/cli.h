/*
 * cli.h — the command-line front end: one cmd_<name> function per
 * subcommand, sharing option and error helpers.
 *
 * Exit codes (README.md): 0 ok, 1 the data or the rules failed, 2 usage,
 * 3 template error.  Messages go to stderr, one line, prefixed "gongwen: ".
 * `--db PATH` (anywhere on the line) and `--help` are handled by main.c
 * before a command runs, so commands never parse them.
 */
#ifndef GW_CLI_H
#define GW_CLI_H

#include "common.h"
#include "data.h"

enum { GW_EXIT_OK = 0, GW_EXIT_FAIL = 1, GW_EXIT_USAGE = 2, GW_EXIT_TEMPLATE = 3 };

typedef struct gw_cli {
	const char *db_path; /* --db, default data/gongwen.db */
} gw_cli;

/* Print err as "gongwen: msg" and return the exit code its class maps to. */
int gw_cli_fail(const gw_err *err);
/* Print "gongwen: CMD: msg" (usage error) and return 2. */
int gw_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "gongwen: warning: msg". */
void gw_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Open the store named by --db (creating its folder if needed). */
int gw_cli_open_db(gw_db **out, const gw_cli *cli, gw_err *err);
/* The exit code for a GW_E* code. */
int gw_cli_exit_code(int code);

/* Subcommands: argv[0] is the command name; return the exit code. */
int cmd_init(gw_cli *cli, int argc, char **argv);
int cmd_import(gw_cli *cli, int argc, char **argv);
int cmd_export(gw_cli *cli, int argc, char **argv);
int cmd_list(gw_cli *cli, int argc, char **argv);
int cmd_check(gw_cli *cli, int argc, char **argv);
int cmd_review(gw_cli *cli, int argc, char **argv);
int cmd_status(gw_cli *cli, int argc, char **argv);
int cmd_decide(gw_cli *cli, int argc, char **argv);
int cmd_render(gw_cli *cli, int argc, char **argv);
int cmd_merge(gw_cli *cli, int argc, char **argv);
int cmd_pdf(gw_cli *cli, int argc, char **argv);
int cmd_tags(gw_cli *cli, int argc, char **argv);
int cmd_fonts(gw_cli *cli, int argc, char **argv);
int cmd_bureau(gw_cli *cli, int argc, char **argv);
int cmd_user(gw_cli *cli, int argc, char **argv);
int cmd_serve(gw_cli *cli, int argc, char **argv);
int cmd_attach(gw_cli *cli, int argc, char **argv);
int cmd_attachments(gw_cli *cli, int argc, char **argv);
int cmd_detach(gw_cli *cli, int argc, char **argv);

/* The warning that a bureau letter is signed with the title only because
 * bureau.head_name is empty (cli_bureau.c); printed at most once per
 * process.  _tree: render of one application, tree its data tree and docs the
 * bit set of documents written (1u << GW_DOC_*).  _db: kind "return" or
 * "approval" for decide; NULL for render --all, warning when any
 * application will get a letter among the documents only (0: all). */
void gw_cli_bureau_warn_tree(const json_t *tree, unsigned docs);
void gw_cli_bureau_warn_db(gw_db *db, const char *kind, unsigned only);

#endif
