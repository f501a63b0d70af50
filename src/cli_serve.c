/*
 * cli_serve.c — `gongwen serve`: parses the options and runs the service
 * (serve.c).  Prints one line when it listens: "gongwen: serving
 * http://ADDR:PORT/ (store PATH)".
 */
#include "cli.h"
#include "serve.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ready(void *ctx, int port)
{
	const gw_serve_opts *o = ctx;
	char host[128];
	const char *colon = strrchr(o->listen, ':');
	size_t n = colon ? (size_t)(colon - o->listen) : 0;
	snprintf(host, sizeof host, "%.*s", (int)n, o->listen);
	fprintf(stderr, "gongwen: serving %s://%s:%d/ (store %s)\n", o->cert ? "https" : "http",
		host, port, o->db_path);
}

static int number(long *out, const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < lo || v > hi)
		return gw_cli_usage("serve", "%s '%s': a number from %ld to %ld", opt, s, lo, hi);
	*out = v;
	return 0;
}

int cmd_serve(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
					     {"cert", required_argument, NULL, 'c'},
					     {"key", required_argument, NULL, 'k'},
					     {"out", required_argument, NULL, 'o'},
					     {"templates", required_argument, NULL, 't'},
					     {"log", required_argument, NULL, 'L'},
					     {"max-body", required_argument, NULL, 'b'},
					     {"max-conns", required_argument, NULL, 'C'},
					     {"max-per-addr", required_argument, NULL, 'P'},
					     {"timeout", required_argument, NULL, 'T'},
					     {"idle-timeout", required_argument, NULL, 'I'},
					     {0}};
	gw_serve_opts o = {.db_path = cli->db_path, .listen = "127.0.0.1:8080", .renderers = 2,
			   .max_conns = 256, .max_per_addr = 64, .timeout = 30, .idle = 1800,
			   .max_body = 4u << 20};
	gw_err err = {0};
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "j:", opts, NULL)) != -1) {
		switch (c) {
		case 'l': o.listen = optarg; break;
		case 'c': o.cert = optarg; break;
		case 'k': o.key = optarg; break;
		case 'o': o.out_dir = optarg; break;
		case 't': o.templates = optarg; break;
		case 'L': o.log_path = optarg; break;
		case 'j':
			if (number(&v, "-j", optarg, 1, 64))
				return GW_EXIT_USAGE;
			o.renderers = (int)v;
			break;
		case 'b':
			if (number(&v, "--max-body", optarg, 1024, 1L << 30))
				return GW_EXIT_USAGE;
			o.max_body = (size_t)v;
			break;
		case 'C':
			if (number(&v, "--max-conns", optarg, 1, 100000))
				return GW_EXIT_USAGE;
			o.max_conns = (int)v;
			break;
		case 'P':
			if (number(&v, "--max-per-addr", optarg, 1, 100000))
				return GW_EXIT_USAGE;
			o.max_per_addr = (int)v;
			break;
		case 'T':
			if (number(&v, "--timeout", optarg, 1, 3600))
				return GW_EXIT_USAGE;
			o.timeout = (int)v;
			break;
		case 'I':
			if (number(&v, "--idle-timeout", optarg, 1, 43200))
				return GW_EXIT_USAGE;
			o.idle = v;
			break;
		default: return gw_cli_usage("serve", "unknown option");
		}
	}
	if (optind != argc)
		return gw_cli_usage("serve", "unexpected argument '%s'", argv[optind]);
	if (!o.cert != !o.key)
		return gw_cli_usage("serve", "TLS needs both --cert and --key");
	o.ready = ready;
	o.ready_ctx = &o;
	if (gw_serve_run(&o, &err) < 0)
		return gw_cli_fail(&err);
	return 0;
}
