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
#include "pkg.h"

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
/* The output for input in with extension ext ("pdf", "odt"): DIR/<name>
 * when dir is set, else beside in (x.docx → x.ext).  Caller frees. */
char *gw_cli_out_name(const char *dir, const char *in, const char *ext);
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
int cmd_odt(gw_cli *cli, int argc, char **argv);
/* merge --odt: the merged package as ODT beside its DOCX (OUT.docx →
 * OUT.odt), written atomically (cli_odt.c). */
int gw_cli_odt_beside(const gw_pkg *merged, const char *docx_path, gw_err *err);
int cmd_di_check(gw_cli *cli, int argc, char **argv);
int cmd_tags(gw_cli *cli, int argc, char **argv);
int cmd_fonts(gw_cli *cli, int argc, char **argv);
int cmd_bureau(gw_cli *cli, int argc, char **argv);
int cmd_user(gw_cli *cli, int argc, char **argv);
int cmd_serve(gw_cli *cli, int argc, char **argv);
int cmd_attach(gw_cli *cli, int argc, char **argv);
int cmd_attachments(gw_cli *cli, int argc, char **argv);
int cmd_detach(gw_cli *cli, int argc, char **argv);

/* The warnings that a bureau letter is signed with the title only because
 * bureau.head_name is empty, and that its DI file lacks the bureau's
 * 機關代碼 because bureau.code is empty (cli_bureau.c); each printed at most
 * once per process.  _tree: render of one application, tree its data tree,
 * docs the bit set of documents written (1u << GW_DOC_*) and di that of the
 * letters whose DI file was written.  _db: kind "return" or "approval" for
 * decide; NULL for render --all, warning when any application will get a
 * letter among the documents only (0: all; GW_DOCS_DI: every letter's DI). */
void gw_cli_bureau_warn_tree(const json_t *tree, unsigned docs, unsigned di);
void gw_cli_bureau_warn_db(gw_db *db, const char *kind, unsigned only);

#endif
