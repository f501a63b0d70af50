/*
 * main.c — gongwen's entry point: global options, --help, dispatch.
 *
 * The table below is the one list of subcommands and their usage texts;
 * each command's code lives in cli*.c.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct command {
	const char *name;
	int (*fn)(gw_cli *, int, char **);
	const char *usage;
} command;

static const command commands[] = {
	{"init", cmd_init,
	 "init [--db PATH]\n  Create or migrate the database; load the bureau's reference data."},
	{"import", cmd_import,
	 "import FILE.json... [--replace]\n"
	 "  Add applications (a file holds one application object or an array of them).\n"
	 "  All or nothing: a file with any error changes nothing.\n"
	 "  --replace  overwrite an application with the same id"},
	{"export", cmd_export,
	 "export ID [--files DIR]\n  Print the application as JSON (the import format).\n"
	 "  --files DIR  write DIR/ID.json and its attachments beside it (DIR/ID-files/),\n"
	 "               named in the JSON, so that importing it attaches them again"},
	{"list", cmd_list, "list\n  Applications with id, agency, system, planned date and status."},
	{"bureau", cmd_bureau,
	 "bureau [--json]\nbureau get FIELD\nbureau set FIELD VALUE [FIELD VALUE...]\n"
	 "  Show or change the bureau's reference data the letters print.  Fields: name,\n"
	 "  short_name, code (機關代碼 of the DI files; empty until set), unit, address,\n"
	 "  phone, fax, email, head_title, head_name (who signs the return and approval\n"
	 "  letters; empty: the title only), doc_prefix (機關代字 of the letter\n"
	 "  numbers), asset_format (%Y ROC year, %G Gregorian year, %N serial,\n"
	 "  %0wN zero-padded, %% a percent sign), require_attachments (1: rule R10),\n"
	 "  attach_max_file_mb, attach_max_app_mb.  Each value is checked; all or nothing;\n"
	 "  every change is recorded in history."},
	{"attach", cmd_attach,
	 "attach APP_ID FILE --kind KIND [--device N] [--name NAME] [--role ROLE]\n"
	 "  Attach a report, evidence, the go-live record or another file (PDF, PNG, JPEG,\n"
	 "  judged by content) to the application.  KIND: source_code_scan host_vuln_scan\n"
	 "  web_vuln_scan pentest malware_scan patch_status antivirus mdr vans golive\n"
	 "  other; every kind but other names the device's seq with --device."},
	{"attachments", cmd_attachments,
	 "attachments APP_ID [--json]\n  The application's attachments: id, device, kind, pages, size, sha256, flags, name."},
	{"detach", cmd_detach,
	 "detach APP_ID ATTACHMENT [--role ROLE]\n"
	 "  Remove an attachment (its number, or its sha256 or at least 8 digits of it);\n"
	 "  a file no attachment names any more is removed from disk."},
	{"user", cmd_user,
	 "user add NAME --role ROLE[,ROLE...] [--agency AGENCY_NAME] [--display TEXT]\n"
	 "user list [--json]\nuser passwd NAME\nuser disable NAME | user enable NAME\n"
	 "user roles NAME ROLE[,ROLE...] [--agency AGENCY_NAME]\n"
	 "  The service's accounts.  Roles: clerk (one agency, --agency: the agency.name of\n"
	 "  its applications), window, admin, security, network, antivirus, mdr, vans, chief,\n"
	 "  manager.  The password is asked on the terminal, or read as one line from stdin;\n"
	 "  at least 12 characters; kept as an Argon2id hash."},
	{"serve", cmd_serve,
	 "serve [--listen ADDR:PORT] [--cert FILE --key FILE] [-j RENDERERS] [--out DIR]\n"
	 "      [--log FILE] [--max-body BYTES] [--max-conns N] [--max-per-addr N] [--timeout S]\n"
	 "      [--idle-timeout S]\n"
	 "  The web service: the pages and the JSON API on one store (default\n"
	 "  127.0.0.1:8080; TLS with --cert and --key).  Stops on SIGTERM or SIGINT after\n"
	 "  the requests in flight."},
	{"check", cmd_check,
	 "check APP_ID|FILE.json [--json]\n"
	 "  Apply rules R1-R9 (and R10, the attachments, when bureau.require_attachments\n"
	 "  is 1) and print every failure; exit 1 when any fails."},
	{"review", cmd_review,
	 "review APP_ID --role ROLE --result ok|fail [--note TEXT]\n"
	 "  Record a reviewer's result (admin, security, network, antivirus, mdr, vans, chief)."},
	{"status", cmd_status,
	 "status APP_ID [--json]\n  Where the application stands: state, check, reviews, letters, what is missing."},
	{"decide", cmd_decide,
	 "decide APP_ID approve|return [--date YYYY-MM-DD]\n  Approve (assigns the asset number) or return by letter; issues the letter number."},
	{"render", cmd_render,
	 "render APP_ID|--all [--only request,form,...,di] [--archive] [--with-attachments] [-j N] [--out DIR] [--templates DIR]\n"
	 "  Write the DOCX and PDF of each document that applies into out/APP_ID/, with\n"
	 "  packet.pdf (one print job) and manifest.json.  Each DOCX has its ODT beside\n"
	 "  it, each letter its DI file (--only di: the DI files alone).  The attachments go\n"
	 "  under attachments/.  --archive adds PDF/A copies under archive/ (and the\n"
	 "  attachments); --with-attachments appends the attachments' pages to\n"
	 "  packet.pdf; --all -j N renders every application with N processes."},
	{"merge", cmd_merge,
	 "merge TEMPLATE.docx DATA.json -o OUT.docx [--pdf] [--odt] [--lenient] [--allow-active]\n"
	 "merge TEMPLATE.docx --db PATH --sql QUERY -o 'DIR/{id}.docx'\n"
	 "  Mail merge: DATA.json holding an array writes one document per element.  A template\n"
	 "  with active content (DDE fields, external links fetched on open, altChunk, macros,\n"
	 "  ActiveX) is refused unless --allow-active.  --pdf and --odt also write OUT.pdf and\n"
	 "  OUT.odt beside each DOCX."},
	{"pdf", cmd_pdf,
	 "pdf IN.docx -o OUT.pdf [--archive] [--allow-missing-glyphs] [--strict]\npdf IN.docx... -d DIR [...]\n  Render a DOCX to PDF (several: DIR/NAME.pdf each).  --strict: text that\n  would not be drawn (below a page, clipped, ignored) is an error, not a warning."},
	{"odt", cmd_odt,
	 "odt IN.docx -o OUT.odt\nodt IN.docx... -d DIR\n"
	 "  Write a DOCX as OpenDocument Text (ODF 1.3), natively (several: DIR/NAME.odt each)."},
	{"di-check", cmd_di_check,
	 "di-check FILE.di...\n"
	 "  Read DI files back and check their parts (order, codes), never loading an external entity."},
	{"tags", cmd_tags, "tags TEMPLATE.docx [--json]\n  List every tag with its place; lint (template errors and active content)."},
	{"fonts", cmd_fonts,
	 "fonts [--manifest FILE] [--text TEXT [--font NAME] [--bold] [--italic]]\n"
	 "  What each font name resolves to, and missing files; with --text, which face draws each\n"
	 "  character (exit 1 if no font has one)."},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* A command's one-line summary: the first sentence of its description (the
 * usage text's indented lines, after the synopsis lines). */
static void put_summary(FILE *f, const char *usage)
{
	const char *p = strstr(usage, "\n  ");
	if (p == NULL)
		return;
	for (p += 3; *p; p++) {
		if (*p == '\n') {
			if (strncmp(p, "\n  ", 3) != 0)
				break;
			fputc(' ', f);
			p += 2;
			continue;
		}
		fputc(*p, f);
		if (*p == '.' && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0'))
			break;
	}
}

static void usage_all(FILE *f)
{
	fprintf(f, "usage: gongwen [--db PATH] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "  %-8s ", commands[i].name);
		put_summary(f, commands[i].usage);
		fputc('\n', f);
	}
	fprintf(f, "\n`gongwen COMMAND --help` for one command.  --db defaults to data/gongwen.db.\n");
}

int main(int argc, char **argv)
{
	gw_cli cli = {.db_path = "data/gongwen.db"};
	int n = 0, help = 0, rc;

	gw_process_init();

	/* Take the global options out, wherever they stand, before dispatching. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return gw_cli_usage("--db", "needs a path");
			cli.db_path = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			cli.db_path = argv[i] + 5;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			help = 1;
		} else {
			argv[++n] = argv[i];
		}
	}
	argc = n + 1;
	argv[argc] = NULL;
	if (argc < 2) {
		usage_all(help ? stdout : stderr);
		return help ? 0 : GW_EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 && argc == 2) {
		usage_all(stdout);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		argv++;
		argc--;
		help = 1;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (help) {
			printf("usage: gongwen %s\n", commands[i].usage);
			return 0;
		}
		rc = commands[i].fn(&cli, argc - 1, argv + 1);
		/* Output that did not reach stdout (a full disk, a closed pipe) is a
		 * failure, never a silent success with a blank file. */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "gongwen: standard output: write failed: %s\n",
				strerror(errno));
			rc = rc ? rc : GW_EXIT_FAIL;
		}
		return rc;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("gongwen 0.1\n");
		return 0;
	}
	fprintf(stderr, "gongwen: unknown command '%s'\n", argv[1]);
	usage_all(stderr);
	return GW_EXIT_USAGE;
}
