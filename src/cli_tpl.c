/*
 * cli_tpl.c — `gongwen merge` (one document, mail merge from a JSON array or
 * from SQL rows) and `gongwen tags` (list and lint a template's tags).
 *
 * Mail merge invariants: the template is compiled once; each record is
 * merged and written on its own (temp file + rename), so a failing record is
 * reported and skipped and the others are still written; output names come
 * from a pattern whose {field} values are sanitised so no data can name a
 * file outside the output folder.  --pdf renders each merged document to a
 * PDF beside its DOCX (model → layout → pdf).
 */
#include "app.h"
#include "cli.h"
#include "filter.h"
#include "merge.h"
#include "model.h"
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAME_VALUE 80   /* bytes of one field in a file name */
#define MAX_FILE_NAME 240   /* bytes of the file name (the last component) */

/* ==== Template errors ==== */

#define ACTIVE_REFUSED "active content refused (--allow-active merges it anyway)"

/* Print every problem of the template (compile found at least one): its
 * active content (unless allowed), then its template errors. */
static int print_template_errors(const gw_pkg *pkg, const gw_err *first, int allow_active)
{
	gw_tpl_report *r = NULL;
	gw_err err = {0};

	if (gw_tpl_inspect(&r, pkg, &err) < 0) {
		gw_tpl_report_free(r);
		return gw_cli_fail(first);
	}
	size_t na = allow_active ? 0 : r->nactive, n = na + r->ndiags;
	if (n == 0) {
		gw_tpl_report_free(r);
		return gw_cli_fail(first);
	}
	for (size_t i = 0; i < na; i++)
		fprintf(stderr, "gongwen: %s: " ACTIVE_REFUSED "\n", r->active[i]);
	for (size_t i = 0; i < r->ndiags; i++)
		fprintf(stderr, "gongwen: %s\n", r->diags[i]);
	if (n > 1)
		fprintf(stderr, "gongwen: %s: %zu problems\n", gw_pkg_path(pkg), n);
	gw_tpl_report_free(r);
	return GW_EXIT_TEMPLATE;
}

/* ==== Output names ==== */

/* Append value to b as a safe piece of a file name: no '/', '\\', control
 * characters, leading dots or ".." anywhere; at most MAX_NAME_VALUE bytes (whole code points). */
static void add_safe(gw_buf *b, const char *s, size_t n)
{
	size_t start = b->len;
	const char *p = s, *end = s + n;

	while (p < end && b->len - start < MAX_NAME_VALUE) {
		const char *cp = p;
		int32_t c = gw_utf8_next(&p, end);
		if (p == cp)
			p++; /* a broken sequence: the decoder may not advance */
		if (c < 0 || c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':' ||
		    c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' ||
		    (c == '.' && (b->len == start || b->data[b->len - 1] == '.')))
			gw_buf_addc(b, '_');
		else if (b->len - start + (size_t)(p - cp) <= MAX_NAME_VALUE)
			gw_buf_add(b, cp, (size_t)(p - cp));
		else
			break;
	}
	if (b->len == start)
		gw_buf_addc(b, '_');
	else if (b->data[b->len - 1] == '.')
		b->data[b->len - 1] = '_'; /* "x." + ".docx" must not make ".." */
}

static int pattern_has_fields(const char *pattern)
{
	const char *slash = strrchr(pattern, '/');
	const char *base = slash ? slash + 1 : pattern;
	return strchr(base, '{') != NULL;
}

/* The output name for record (n is its 0-based number).  Fields may only be
 * in the last path component; the folder part is the user's. */
static int output_name(char **out, const char *pattern, const json_t *rec, size_t n, gw_err *err)
{
	const char *slash = strrchr(pattern, '/');
	const char *base = slash ? slash + 1 : pattern;
	gw_buf b;
	int rc = 0;

	*out = NULL;
	gw_buf_init(&b);
	gw_buf_add(&b, pattern, (size_t)(base - pattern));
	size_t name_start = b.len;
	for (const char *p = base; *p;) {
		if (*p != '{') {
			gw_buf_addc(&b, *p++);
			continue;
		}
		const char *close = strchr(p, '}');
		if (close == NULL) {
			rc = gw_err_set(err, GW_EUSAGE, "output pattern '%s': '{' without '}'", pattern);
			goto done;
		}
		char *field = xstrndup(p + 1, (size_t)(close - p - 1));
		gw_buf v;
		gw_buf_init(&v);
		const json_t *j = rec;
		if (strcmp(field, "$position") == 0 || strcmp(field, "$index") == 0) {
			gw_buf_printf(&v, "%zu", n + (field[1] == 'p'));
		} else {
			char *save, *seg = strtok_r(field, ".", &save);
			for (; seg && j; seg = strtok_r(NULL, ".", &save))
				j = json_is_object(j) ? json_object_get(j, seg) : NULL;
			if (j == NULL || gw_json_scalar_text(&v, j) < 0 || json_is_null(j)) {
				rc = gw_err_set(err, GW_EDATA, "no value for {%.*s} in the output name",
						(int)(close - p - 1), p + 1);
				free(field);
				gw_buf_dispose(&v);
				goto done;
			}
		}
		add_safe(&b, v.data ? v.data : "", v.len);
		free(field);
		gw_buf_dispose(&v);
		p = close + 1;
	}
	if (b.len - name_start > MAX_FILE_NAME) {
		rc = gw_err_set(err, GW_EDATA, "output name longer than %d bytes", MAX_FILE_NAME);
		goto done;
	}
	*out = gw_buf_detach(&b, NULL);
done:
	gw_buf_dispose(&b);
	return rc;
}

/* ==== Writing many files ==== */

/* Write one document of a batch: temp file + rename (a crash never leaves a
 * half-written file), without an fsync per file, which made a 1000-letter
 * run wait on the disk for most of its time; the batch is made durable by one
 * syncfs at the end (finish_batch). */
static int write_batch_file(const char *path, const void *data, size_t len, gw_err *err)
{
	return gw_file_write(path, data, len, 0, err);
}

/* Flush the batch's files to disk: one syncfs for the file system of path. */
static int finish_batch(const char *path, gw_err *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash)
		*slash = 0;
	int fd = open(slash ? (dir[0] ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (syncfs(fd) < 0)
			rc = gw_err_set(err, GW_EIO, "%s: sync failed: %s", dir, strerror(errno));
		close(fd);
	}
	free(dir);
	return rc;
}

/* ==== merge ==== */

typedef struct run {
	const gw_tpl *tpl;
	gw_merge_opts opts;
	const char *pattern;
	int pdf;
	size_t done, failed, total; /* total 0: unknown (SQL) */
	char **names;               /* written so far, to refuse duplicates */
	size_t nnames;
	int tty;
	time_t last_progress;
	const char *record_label;   /* for warnings: "record 3" */
	char *last_dir;             /* output folder made last */
	gw_fonts *fonts;            /* --pdf: opened at the first record */
} run;

static void warn_cb(void *ctx, const char *msg)
{
	run *r = ctx;
	if (r->tty)
		fprintf(stderr, "\r\033[K");
	if (r->record_label)
		gw_cli_warn("%s: %s", r->record_label, msg);
	else
		gw_cli_warn("%s", msg);
}

static void progress(run *r, int final)
{
	if (!r->tty)
		return;
	time_t now = time(NULL);
	if (!final && now == r->last_progress)
		return;
	r->last_progress = now;
	if (final)
		fprintf(stderr, "\r\033[K");
	else if (r->total)
		fprintf(stderr, "\r\033[K%zu/%zu documents", r->done + r->failed, r->total);
	else
		fprintf(stderr, "\r\033[K%zu documents", r->done + r->failed);
}

/* --pdf: render the merged package beside the DOCX (OUT.docx → OUT.pdf),
 * through the document model, layout and PDF writer (pdf.h).  The fonts are
 * opened once per run. */
static int write_pdf(run *r, const gw_pkg *merged, const char *docx_path, gw_err *err)
{
	gw_doc *doc = NULL;
	gw_pdf_opts o = {0};
	int rc;
	size_t n = strlen(docx_path);
	char *pdf_path = n > 5 && strcasecmp(docx_path + n - 5, ".docx") == 0
				 ? xasprintf("%.*s.pdf", (int)(n - 5), docx_path)
				 : xasprintf("%s.pdf", docx_path);

	if (r->fonts == NULL && (rc = gw_fonts_open(&r->fonts, NULL, err)) < 0)
		goto done;
	if ((rc = gw_model_load(&doc, merged, err)) < 0)
		goto done;
	o.warn = warn_cb;
	o.warn_ctx = r;
	rc = gw_pdf_write(pdf_path, &doc, 1, r->fonts, &o, err);
done:
	gw_doc_free(doc);
	free(pdf_path);
	return rc;
}

/* Merge and write one record; errors are reported and counted. */
static int one(run *r, const json_t *rec, size_t n)
{
	gw_err err = {0};
	gw_pkg *out = NULL;
	char *path = NULL;
	char label[64];
	int rc;

	snprintf(label, sizeof label, "record %zu", n + 1);
	const json_t *id = json_is_object(rec) ? json_object_get(rec, "id") : NULL;
	if (json_is_string(id))
		snprintf(label, sizeof label, "record %zu (%.40s)", n + 1, json_string_value(id));
	gw_str_sanitize(label); /* the id is data: no terminal escapes, one line */
	r->record_label = r->total == 1 ? NULL : label;
	if ((rc = output_name(&path, r->pattern, rec, n, &err)) < 0)
		goto done;
	for (size_t i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], path) == 0) {
			rc = gw_err_set(&err, GW_EDATA, "%s: already written by an earlier record", path);
			goto done;
		}
	if ((rc = gw_tpl_merge(&out, r->tpl, rec, &r->opts, &err)) < 0)
		goto done;
	const char *slash = strrchr(path, '/');
	if (slash && slash != path) {
		char *dir = xstrndup(path, (size_t)(slash - path));
		if (r->last_dir == NULL || strcmp(dir, r->last_dir) != 0) {
			rc = gw_mkdirs(dir, &err);
			free(r->last_dir);
			r->last_dir = dir;
			dir = NULL;
		}
		free(dir);
		if (rc < 0)
			goto done;
	}
	if (r->pdf && (rc = write_pdf(r, out, path, &err)) < 0)
		goto done; /* no DOCX either: a record is written whole or not at all */
	if (r->total == 1) {
		rc = gw_pkg_write(out, path, &err);
	} else {
		char *bytes;
		size_t len;
		if ((rc = gw_pkg_write_mem(&bytes, &len, out, &err)) == 0) {
			rc = write_batch_file(path, bytes, len, &err);
			free(bytes);
		}
	}
done:
	if (rc < 0) {
		r->failed++;
		if (r->tty)
			fprintf(stderr, "\r\033[K");
		if (r->record_label)
			fprintf(stderr, "gongwen: %s: %s\n", label, err.msg);
		else
			fprintf(stderr, "gongwen: %s\n", err.msg);
	} else {
		r->done++;
		r->names = xrealloc(r->names, (r->nnames + 1) * sizeof *r->names);
		r->names[r->nnames++] = path;
		path = NULL;
	}
	progress(r, 0);
	gw_pkg_free(out);
	free(path);
	return rc < 0 ? gw_cli_exit_code(rc) : 0;
}

static int sql_row(void *ctx, const char *text, int row)
{
	run *r = ctx;
	json_error_t je;
	json_t *rec = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, &je);

	if (rec == NULL) {
		r->failed++;
		fprintf(stderr, "gongwen: --sql: row %d: not JSON: %s\n", row + 1, je.text);
		return 0;
	}
	one(r, rec, (size_t)row);
	json_decref(rec);
	return 0;
}

static int merge_usage(const char *fmt, const char *arg)
{
	return gw_cli_usage("merge", fmt, arg);
}

int cmd_merge(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"lenient", no_argument, NULL, 'l'},
					     {"pdf", no_argument, NULL, 'p'},
					     {"sql", required_argument, NULL, 's'},
					     {"output", required_argument, NULL, 'o'},
					     {"allow-active", no_argument, NULL, 'A'},
					     {0}};
	const char *outp = NULL, *sql = NULL;
	int lenient = 0, pdf = 0, allow_active = 0, c, rc = 0;
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_tpl *tpl = NULL;
	json_t *data = NULL;
	gw_db *db = NULL;
	run r = {0};

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outp = optarg; break;
		case 'l': lenient = 1; break;
		case 'p': pdf = 1; break;
		case 's': sql = optarg; break;
		case 'A': allow_active = 1; break;
		default: return GW_EXIT_USAGE;
		}
	}
	int nargs = argc - optind;
	if (nargs < 1)
		return merge_usage("%s", "needs a template");
	if (sql ? nargs != 1 : nargs != 2)
		return merge_usage("%s", sql ? "takes TEMPLATE.docx --sql QUERY (no data file)"
					     : "needs TEMPLATE.docx and DATA.json");
	if (outp == NULL)
		return merge_usage("%s", "needs -o OUT.docx");
	const char *tpath = argv[optind];

	if ((rc = gw_pkg_open(&pkg, tpath, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	gw_tpl_opts topts = {.allow_active = allow_active, .warn = warn_cb, .warn_ctx = &r};
	if ((rc = gw_tpl_compile_opts(&tpl, pkg, &topts, &err)) < 0) {
		rc = rc == GW_ETEMPLATE ? print_template_errors(pkg, &err, allow_active)
					: gw_cli_fail(&err);
		goto done;
	}
	r.tpl = tpl;
	r.opts.lenient = lenient;
	r.opts.warn = warn_cb;
	r.opts.warn_ctx = &r;
	r.pattern = outp;
	r.pdf = pdf;
	r.tty = isatty(2);

	if (sql) {
		if (!pattern_has_fields(outp)) {
			rc = merge_usage("-o '%s' needs a {field} pattern: a query gives several documents", outp);
			goto done;
		}
		if ((rc = gw_cli_open_db(&db, cli, &err)) < 0) {
			rc = gw_cli_fail(&err);
			goto done;
		}
		if ((rc = gw_db_query_json(db, sql, sql_row, &r, &err)) < 0) {
			progress(&r, 1);
			rc = gw_cli_fail(&err);
			goto done;
		}
	} else {
		const char *dpath = argv[optind + 1];
		if ((rc = gw_json_load_file(&data, dpath, &err)) < 0) {
			rc = gw_cli_fail(&err);
			goto done;
		}
		if (json_is_array(data)) {
			if (!pattern_has_fields(outp) && json_array_size(data) != 1) {
				rc = merge_usage("-o '%s' needs a {field} pattern: the data holds several records",
						 outp);
				goto done;
			}
			r.total = json_array_size(data);
			size_t i;
			json_t *rec;
			json_array_foreach(data, i, rec)
				one(&r, rec, i);
		} else {
			r.total = 1;
			rc = one(&r, data, 0);
			goto done;
		}
	}
	progress(&r, 1);
	if (r.nnames > 0 && finish_batch(r.names[0], &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	printf("%zu document%s written, %zu failed\n", r.done, r.done == 1 ? "" : "s", r.failed);
	rc = r.failed ? GW_EXIT_FAIL : 0;
done:
	for (size_t i = 0; i < r.nnames; i++)
		free(r.names[i]);
	free(r.names);
	free(r.last_dir);
	gw_fonts_free(r.fonts);
	json_decref(data);
	gw_db_free(db);
	gw_tpl_free(tpl);
	gw_pkg_free(pkg);
	return rc;
}

/* ==== tags ==== */

static const char *kind_name(gw_tag_kind k)
{
	switch (k) {
	case GW_TAG_OPEN: return "section";
	case GW_TAG_INVERSE: return "inverse";
	case GW_TAG_CLOSE: return "end";
	default: return "value";
	}
}

static const char *place_name(gw_tag_place p)
{
	switch (p) {
	case GW_PLACE_PARAGRAPHS: return "paragraphs";
	case GW_PLACE_ROWS: return "rows";
	case GW_PLACE_ELEMENT: return "element";
	default: return "inline";
	}
}

int cmd_tags(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	int as_json = 0, c, rc = 0;
	gw_err err = {0};
	gw_pkg *pkg = NULL;
	gw_tpl_report *r = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return GW_EXIT_USAGE;
		as_json = 1;
	}
	if (argc - optind != 1)
		return gw_cli_usage("tags", "needs one TEMPLATE.docx");
	if ((rc = gw_pkg_open(&pkg, argv[optind], &err)) < 0 ||
	    (rc = gw_tpl_inspect(&r, pkg, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (as_json) {
		json_t *root = json_object(), *tags = json_array(), *errs = json_array();
		for (size_t i = 0; i < r->ntags; i++) {
			const gw_tag_info *t = &r->tags[i];
			json_t *o = json_pack("{s:s, s:i, s:I, s:s, s:s, s:s, s:s, s:i}", "part", t->part,
					      "paragraph", t->paragraph, "offset", (json_int_t)t->offset,
					      "kind", kind_name(t->kind), "name", t->name, "source",
					      t->source, "filters", t->filters, "depth", t->depth);
			if (t->kind != GW_TAG_VAR)
				json_object_set_new(o, "place", json_string(place_name(t->place)));
			if (t->element[0])
				json_object_set_new(o, "element", json_string(t->element));
			json_array_append_new(tags, o);
		}
		for (size_t i = 0; i < r->nactive; i++) {
			char *m = xasprintf("%s: active content", r->active[i]);
			json_array_append_new(errs, json_string(m));
			free(m);
		}
		for (size_t i = 0; i < r->ndiags; i++)
			json_array_append_new(errs, json_string(r->diags[i]));
		json_object_set_new(root, "tags", tags);
		json_object_set_new(root, "errors", errs);
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(root);
	} else {
		for (size_t i = 0; i < r->ntags; i++) {
			const gw_tag_info *t = &r->tags[i];
			printf("%s, paragraph %d\t%*s%s", t->part, t->paragraph, 2 * t->depth, "",
			       t->source);
			if (t->kind == GW_TAG_OPEN || t->kind == GW_TAG_INVERSE)
				printf("\t%s '%s' repeats %s", kind_name(t->kind), t->name,
				       t->place == GW_PLACE_ELEMENT ? t->element : place_name(t->place));
			printf("\n");
		}
		for (size_t i = 0; i < r->nactive; i++)
			fprintf(stderr, "gongwen: %s: active content\n", r->active[i]);
		for (size_t i = 0; i < r->ndiags; i++)
			fprintf(stderr, "gongwen: %s\n", r->diags[i]);
	}
	rc = r->ndiags || r->nactive ? GW_EXIT_TEMPLATE : 0;
done:
	gw_tpl_report_free(r);
	gw_pkg_free(pkg);
	return rc;
}
