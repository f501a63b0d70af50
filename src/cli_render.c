/*
 * cli_render.c — `gongwen render`: the document packet of one application
 * (or of all, with worker processes) into out/<APP_ID>/.  The packet itself
 * is packet.c's; this file parses the options, runs the workers of --all and
 * prints.
 */
#include "cli.h"
#include "docs.h"
#include "packet.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ==== --all ==== */

/* Packets a worker renders before it syncs them to disk together: one
 * syncfs (a journal commit the worker waits for) per BATCH packets instead
 * of one each.  A packet is still published only once its files are on
 * disk. */
#define BATCH 8

/* Report application id's failure (on stderr, over the progress line). */
static void report(const char *id, const gw_err *e)
{
	fprintf(stderr, "%sgongwen: %s: %s\n", isatty(2) ? "\r\033[K" : "", id, e->msg);
}

/* Sync, publish and record the staged packets; one byte each on fd. */
static int flush_staged(gw_packet *r, gw_db *db, gw_packet_staged *st, size_t n, int fd)
{
	gw_err e = {0};
	int fails = 0, synced = n > 0 ? gw_packet_sync(st[0].tmp, &e) == 0 : 1;

	for (size_t i = 0; i < n; i++) {
		char c = 'o';
		gw_err fe = {0};
		if (!synced || gw_packet_finish(r, db, &st[i], &fe) < 0) {
			report(st[i].id, synced ? &fe : &e);
			c = 'f';
			fails++;
		} else {
			gw_cli_bureau_warn_tree(st[i].tree, st[i].set);
		}
		gw_packet_staged_dispose(&st[i]);
		if (fd >= 0 && write(fd, &c, 1) < 0)
			fd = -1;
	}
	return fails;
}

/* Render ids[w], ids[w+n], … ; one byte per application on fd ('o' / 'f'). */
static int worker(gw_packet *r, const gw_cli *cli, const json_t *ids, size_t w, size_t n, int fd)
{
	gw_db *db = NULL;
	gw_err err = {0};
	gw_packet_staged st[BATCH];
	size_t nst = 0;
	int fails = 0;

	if (gw_cli_open_db(&db, cli, &err) < 0) {
		gw_cli_fail(&err);
		return 1;
	}
	memset(st, 0, sizeof st);
	for (size_t i = w; i < json_array_size(ids); i += n) {
		const char *id = json_string_value(json_array_get(ids, i));
		gw_err e = {0};
		if (gw_packet_stage(r, db, id, &st[nst], &e) < 0) {
			report(id, &e);
			gw_packet_staged_dispose(&st[nst]);
			fails++;
			if (fd >= 0 && write(fd, "f", 1) < 0)
				fd = -1;
			continue;
		}
		if (++nst == BATCH) {
			fails += flush_staged(r, db, st, nst, fd);
			nst = 0;
		}
	}
	fails += flush_staged(r, db, st, nst, fd);
	gw_db_free(db);
	return fails > 0;
}

static int render_all(gw_packet *r, unsigned only, const gw_cli *cli, int jobs)
{
	gw_db *db = NULL;
	gw_err err = {0};
	json_t *ids = NULL;
	size_t total, done = 0, failed = 0;
	int p[2] = {-1, -1}, tty = isatty(2), rc;

	if (gw_cli_open_db(&db, cli, &err) < 0 || gw_db_app_ids(&ids, db, &err) < 0) {
		gw_db_free(db);
		return gw_cli_fail(&err);
	}
	gw_cli_bureau_warn_db(db, NULL, only); /* once, before the workers */
	gw_db_free(db); /* never share a connection across fork */
	total = json_array_size(ids);
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > total)
		jobs = total ? (int)total : 1;
	if (pipe(p) < 0) {
		json_decref(ids);
		gw_err_set(&err, GW_EIO, "render: pipe: %s", strerror(errno));
		return gw_cli_fail(&err);
	}
	fflush(NULL);
	pid_t *kids = xcalloc((size_t)jobs, sizeof *kids);
	for (int w = 0; w < jobs; w++) {
		kids[w] = fork();
		if (kids[w] == 0) {
			close(p[0]);
			int x = worker(r, cli, ids, (size_t)w, (size_t)jobs, p[1]);
			fflush(NULL);
			/* The child's copies: freed so leak checkers see a clean exit. */
			free(kids);
			json_decref(ids);
			gw_packet_free(r);
			_exit(x);
		}
		if (kids[w] < 0) {
			fprintf(stderr, "gongwen: render: fork: %s\n", strerror(errno));
			kids[w] = 0;
		}
	}
	close(p[1]);
	char buf[256];
	ssize_t got;
	while ((got = read(p[0], buf, sizeof buf)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < got; i++) {
			done++;
			failed += buf[i] == 'f';
		}
		if (tty)
			fprintf(stderr, "\r\033[Krender: %zu/%zu applications, %zu failed", done, total,
				failed);
	}
	close(p[0]);
	int bad_exit = 0;
	for (int w = 0; w < jobs; w++) {
		int st;
		if (kids[w] > 0 && waitpid(kids[w], &st, 0) == kids[w] &&
		    !(WIFEXITED(st) && WEXITSTATUS(st) <= 1))
			bad_exit = 1;
		if (kids[w] == 0)
			bad_exit = 1;
	}
	free(kids);
	if (tty)
		fprintf(stderr, "\n");
	printf("rendered %zu of %zu applications into %s/ (%zu failed, %d worker%s)\n",
	       done - failed, total, gw_packet_out_dir(r), failed, jobs, jobs == 1 ? "" : "s");
	if (done < total)
		fprintf(stderr, "gongwen: render: %zu applications were not rendered (a worker "
			"stopped)\n", total - done);
	rc = failed || done < total || bad_exit ? GW_EXIT_FAIL : 0;
	json_decref(ids);
	return rc;
}

/* ==== The command ==== */

/* Warnings of the packet (a document that does not apply, no blank page). */
static void cli_warn_hook(void *ctx, const char *msg)
{
	gw_cli_warn("%s", msg);
}

static int render_one(gw_packet *r, gw_db *db, const char *id, gw_err *err)
{
	gw_packet_staged s = {0};
	int rc;

	if ((rc = gw_packet_render(r, db, id, &s, err)) == 0) {
		size_t i;
		json_t *f;
		gw_cli_bureau_warn_tree(s.tree, s.set);
		json_array_foreach(s.files, i, f)
			printf("%s/%s\n", s.final, json_string_value(json_object_get(f, "name")));
		printf("%s/manifest.json\n", s.final);
	}
	gw_packet_staged_dispose(&s);
	return rc;
}

int cmd_render(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"only", required_argument, NULL, 'o'},
		{"archive", no_argument, NULL, 'a'}, {"all", no_argument, NULL, 'A'},
		{"out", required_argument, NULL, 'O'}, {"templates", required_argument, NULL, 't'},
		{"jobs", required_argument, NULL, 'j'},
		{"with-attachments", no_argument, NULL, 'W'}, {0}};
	gw_packet_opts po = {.out_dir = "out", .warn = cli_warn_hook};
	gw_packet *r = NULL;
	gw_err err = {0};
	gw_db *db = NULL;
	int all = 0, jobs = 1, c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (gw_docs_parse_list(&po.only, optarg, &err) < 0)
				return gw_cli_usage("render", "%s", err.msg);
			break;
		case 'a': po.archive = 1; break;
		case 'W': po.with_attachments = 1; break;
		case 'A': all = 1; break;
		case 'O': po.out_dir = optarg; break;
		case 't': po.templates = optarg; break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 256)
				return gw_cli_usage("render", "-j needs a number of workers 1-256, not "
						    "\"%s\"", optarg);
			jobs = (int)n;
			break;
		}
		default:
			return gw_cli_usage("render", "unknown option \"%s\" (see gongwen render "
					    "--help)", argv[optind - 1]);
		}
	}
	if (all == (optind < argc) || argc - optind > 1)
		return gw_cli_usage("render", "give one APP_ID or --all");
	if (gw_packet_open(&r, &po, &err) < 0)
		return gw_cli_fail(&err);
	if (all)
		rc = render_all(r, po.only, cli, jobs);
	else if (gw_cli_open_db(&db, cli, &err) < 0 || render_one(r, db, argv[optind], &err) < 0)
		rc = gw_cli_fail(&err);
	else
		rc = 0;
	gw_db_free(db);
	gw_packet_free(r);
	return rc;
}
