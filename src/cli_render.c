/*
 * cli_render.c — `gongwen render`: the document packet of one application
 * (or of all, with worker processes) into out/<APP_ID>/.
 *
 * For each document that applies (docs.c): merge its template (templates/
 * <kind>.docx) with the application's data tree, write the DOCX, render the
 * PDF; then packet.pdf (every PDF in print order, one print job), with
 * --archive a PDF/A copy of each under archive/, and manifest.json (each
 * file with its sha256 and size).  The files are recorded in the store's
 * documents table.
 *
 * Invariants: the output folder appears only complete.  Everything is written
 * into out/.<APP_ID>.tmp-<pid>/ and that folder is then swapped with
 * out/<APP_ID>/ (renameat2 RENAME_EXCHANGE) or renamed into place; on any
 * failure the temporary folder is removed and an older packet survives.
 * The folder is synced to disk (syncfs) before it is moved into place; a
 * worker of --all syncs its packets 8 at a time (stage, then flush_staged).
 * Templates are compiled once per process and merged many times.
 *
 * No library is wrapped here: templates go through tpl.c / merge.c, the PDF
 * through model.c / pdf.c, the store through docs.c / data_docs.c.
 */
#include "cli.h"
#include "app.h"
#include "docs.h"
#include "font.h"
#include "merge.h"
#include "model.h"
#include "pdf.h"
#include "pkg.h"
#include "tpl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ==== The renderer (one per process) ==== */

typedef struct renderer {
	char *tpl_dir;
	const char *out_dir;
	unsigned only;     /* bit set of documents asked for, 0 = all that apply */
	int archive;
	int quiet;         /* --all: no per-file lines */
	gw_pkg *pkg[GW_DOC_COUNT];
	gw_tpl *tpl[GW_DOC_COUNT];
	gw_fonts *fonts;
	gw_doc *blank;     /* templates/blank.docx: the packet's duplex filler */
	int blank_tried;
} renderer;

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* --templates, else $GW_TEMPLATES, else ./templates, else beside the binary. */
static char *find_templates(const char *given)
{
	char exe[PATH_MAX];
	ssize_t n;

	if (given)
		return xstrdup(given);
	if (getenv("GW_TEMPLATES") && *getenv("GW_TEMPLATES"))
		return xstrdup(getenv("GW_TEMPLATES"));
	if (is_dir("templates"))
		return xstrdup("templates");
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			char *p = xasprintf("%s/templates", exe);
			if (is_dir(p))
				return p;
			free(p);
		}
	}
	return xstrdup("templates");
}

static void renderer_dispose(renderer *r)
{
	for (int k = 0; k < GW_DOC_COUNT; k++) {
		if (r->tpl[k])
			gw_tpl_free(r->tpl[k]);
		if (r->pkg[k])
			gw_pkg_free(r->pkg[k]);
	}
	if (r->fonts)
		gw_fonts_free(r->fonts);
	if (r->blank)
		gw_doc_free(r->blank);
	free(r->tpl_dir);
}

/* ==== Files and folders ==== */

static int rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		if (!d)
			return -1;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = xasprintf("%s/%s", path, e->d_name);
			rm_rf(p);
			free(p);
		}
		closedir(d);
		return rmdir(path);
	}
	return unlink(path);
}

/* Remove the temporary folders (".<id>.tmp-<pid>") that a render killed
 * half-way left in out_dir; a folder whose process still runs is kept. */
static void sweep_tmp(const char *out_dir)
{
	DIR *d = opendir(out_dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *t = e->d_name[0] == '.' ? strstr(e->d_name, ".tmp-") : NULL;
		char *end;
		if (!t || t == e->d_name)
			continue;
		long pid = strtol(t + 5, &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;
		char *p = xasprintf("%s/%s", out_dir, e->d_name);
		rm_rf(p);
		free(p);
	}
	closedir(d);
}

/* Put the finished folder tmp at final: swap with an older one (which is
 * then removed) or rename into place. */
static int publish(const char *tmp, const char *final, gw_err *err)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
		rm_rf(tmp); /* now the old packet */
		return 0;
	}
	if (errno == ENOENT || errno == EINVAL || errno == ENOSYS) {
		/* No older folder (or no exchange on this file system). */
		if (errno != ENOENT && is_dir(final)) {
			char *old = xasprintf("%s.old-%d", final, (int)getpid());
			if (rename(final, old) < 0) {
				free(old);
				return gw_err_set(err, GW_EIO, "%s: cannot replace: %s", final,
						  strerror(errno));
			}
			int rc = rename(tmp, final);
			if (rc < 0)
				rename(old, final);
			else
				rm_rf(old);
			free(old);
			if (rc == 0)
				return 0;
		} else if (rename(tmp, final) == 0) {
			return 0;
		}
	}
	return gw_err_set(err, GW_EIO, "%s: cannot move the packet into place: %s", final,
			  strerror(errno));
}

/* Write one file of the packet into the temporary folder dir and add
 * {name, kind, path, sha256, bytes} to files.  No fsync here: nothing in the
 * temporary folder is visible, and publish() syncs the folder once (one
 * journal commit per packet instead of one per file). */
static int put_file(json_t *files, const char *dir, const char *final, const char *name,
		    const char *kind, const char *data, size_t len, gw_err *err)
{
	char *p = xasprintf("%s/%s", dir, name), hex[65];
	int fd, rc = 0;
	size_t off = 0;

	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
		rc = gw_err_set(err, GW_EIO, "%s: cannot create: %s", p, strerror(errno));
		goto done;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = gw_err_set(err, GW_EIO, "%s: cannot write: %s", p,
					n < 0 ? strerror(errno) : "short write");
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 && rc == 0)
		rc = gw_err_set(err, GW_EIO, "%s: cannot write: %s", p, strerror(errno));
	if (rc < 0)
		goto done;
	gw_sha256_hex(hex, data, len);
	json_t *f = json_object();
	json_object_set_new(f, "name", json_string(name));
	json_object_set_new(f, "kind", json_string(kind));
	char *fp = xasprintf("%s/%s", final, name);
	json_object_set_new(f, "path", json_string(fp));
	free(fp);
	json_object_set_new(f, "sha256", json_string(hex));
	json_object_set_new(f, "bytes", json_integer((json_int_t)len));
	json_array_append_new(files, f);
done:
	free(p);
	return rc;
}

/* Flush every file of the folder (and the folder) to disk. */
static int sync_dir(const char *dir, gw_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || syncfs(fd) < 0)
		rc = gw_err_set(err, GW_EIO, "%s: cannot sync: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* ==== One application ==== */

/* Pages of a PDF written by the PDF writer (libharu: no object streams, one
 * "/Type /Page" per page object). */
static int pdf_pages(const char *pdf, size_t len)
{
	static const char key[] = "/Type /Page";
	const char *p = pdf, *end = pdf + len;
	int n = 0;

	while ((p = memmem(p, (size_t)(end - p), key, sizeof key - 1)) != NULL) {
		p += sizeof key - 1;
		if (p >= end || *p != 's')
			n++;
	}
	return n;
}

/* The blank page (templates/blank.docx), loaded once; NULL when the file
 * is missing (the packet is then written without fillers). */
static gw_doc *blank_page(renderer *r)
{
	if (!r->blank_tried) {
		gw_pkg *pkg = NULL;
		gw_err e = {0};
		char *path = xasprintf("%s/blank.docx", r->tpl_dir);
		r->blank_tried = 1;
		if (gw_pkg_open(&pkg, path, &e) < 0 || gw_model_load(&r->blank, pkg, &e) < 0)
			gw_cli_warn("%s: packet.pdf without blank pages for duplex printing", e.msg);
		if (pkg)
			gw_pkg_free(pkg);
		free(path);
	}
	return r->blank;
}

static int load_template(renderer *r, int k, gw_err *err)
{
	char *path;
	int rc;

	if (r->tpl[k])
		return 0;
	path = xasprintf("%s/%s.docx", r->tpl_dir, gw_docs_name(k));
	if ((rc = gw_pkg_open(&r->pkg[k], path, err)) == 0 &&
	    (rc = gw_tpl_compile(&r->tpl[k], r->pkg[k], err)) < 0) {
		gw_pkg_free(r->pkg[k]);
		r->pkg[k] = NULL;
	}
	free(path);
	return rc;
}

/* A packet written into its temporary folder, not yet published. */
typedef struct staged {
	char *id, *tmp, *final;
	json_t *files, *tree;
	unsigned set;
} staged;

static void staged_dispose(staged *s)
{
	if (s->tmp)
		rm_rf(s->tmp);
	free(s->id);
	free(s->tmp);
	free(s->final);
	json_decref(s->files);
	json_decref(s->tree);
	memset(s, 0, sizeof *s);
}

/* Render every document of application id into a temporary folder beside
 * its final one (*out, the caller's: publish or dispose).  Nothing is synced
 * to disk or visible yet. */
static int stage(renderer *r, gw_db *db, const char *id, staged *out, gw_err *err)
{
	json_t *tree = NULL, *files = json_array();
	char *final = NULL, *tmp = NULL;
	unsigned set;
	int rc = 0;
	gw_doc *docs[GW_DOC_COUNT] = {0};
	int pages[GW_DOC_COUNT] = {0};
	size_t ndocs = 0;

	if (!gw_app_id_ok(id)) {
		rc = gw_err_set(err, GW_EUSAGE, "application id \"%s\" cannot name a folder", id);
		goto done;
	}
	if ((rc = gw_docs_tree(&tree, db, id, err)) < 0)
		goto done;
	set = gw_docs_applicable(tree);
	if (r->only) {
		for (int k = 0; k < GW_DOC_COUNT; k++)
			if ((r->only & 1u << k) && !(set & 1u << k))
				gw_cli_warn("%s: %s does not apply (status %s%s)", id, gw_docs_name(k),
					    json_string_value(json_object_get(tree, "status")),
					    json_is_true(json_object_get(tree, "needs_ip"))
						    ? "" : ", no device needs an IP");
		set &= r->only;
		if (set == 0) {
			rc = gw_err_set(err, GW_ESTATE, "%s: none of the documents asked for applies "
					"(status %s)", id,
					json_string_value(json_object_get(tree, "status")));
			goto done;
		}
	}
	final = xasprintf("%s/%s", r->out_dir, id);
	tmp = xasprintf("%s/.%s.tmp-%d", r->out_dir, id, (int)getpid());
	rm_rf(tmp);
	if ((rc = gw_mkdirs(tmp, err)) < 0)
		goto done;
	if (r->archive) {
		char *a = xasprintf("%s/archive", tmp);
		rc = gw_mkdirs(a, err);
		free(a);
		if (rc < 0)
			goto done;
	}

	for (int k = 0; k < GW_DOC_COUNT; k++) {
		if (!(set & 1u << k))
			continue;
		const char *name = gw_docs_name(k);
		gw_pkg *merged = NULL;
		char *docx = xasprintf("%s.docx", name);
		char *path = xasprintf("%s/%s", tmp, docx);
		char *bytes = NULL;
		size_t nbytes = 0;
		if ((rc = load_template(r, k, err)) == 0 &&
		    (rc = gw_tpl_merge(&merged, r->tpl[k], tree, NULL, err)) < 0)
			gw_err_prefix(err, "%s/%s.docx: application %s: ", r->tpl_dir, name, id);
		if (rc == 0)
			rc = gw_pkg_write_mem(&bytes, &nbytes, merged, err);
		if (rc == 0)
			rc = put_file(files, tmp, final, docx, name, bytes, nbytes, err);
		free(bytes);
		bytes = NULL;
		if (rc == 0) {
			gw_doc *doc = NULL;
			char *pdf = xasprintf("%s.pdf", name);
			char *ppath = xasprintf("%s/%s", tmp, pdf);
			gw_pdf_opts o = {.title = gw_docs_title(k)};
			o.author = json_string_value(json_object_get(json_object_get(tree, "agency"),
								     "name"));
			if ((rc = gw_model_load(&doc, merged, err)) < 0)
				gw_err_prefix(err, "%s: ", path);
			else
				docs[ndocs++] = doc;
			if (rc == 0 && (rc = gw_pdf_write_mem(&bytes, &nbytes, &doc, 1, r->fonts, &o,
							      err)) < 0)
				gw_err_prefix(err, "%s: ", ppath);
			if (rc == 0)
				pages[ndocs - 1] = pdf_pages(bytes, nbytes);
			if (rc == 0)
				rc = put_file(files, tmp, final, pdf, name, bytes, nbytes, err);
			free(bytes);
			bytes = NULL;
			if (rc == 0 && r->archive) {
				char *apdf = xasprintf("archive/%s.pdf", name);
				o.archive = true;
				if ((rc = gw_pdf_write_mem(&bytes, &nbytes, &doc, 1, r->fonts, &o,
							   err)) == 0)
					rc = put_file(files, tmp, final, apdf, name, bytes, nbytes, err);
				free(bytes);
				bytes = NULL;
				free(apdf);
			}
				free(pdf);
			free(ppath);
		}
		if (merged)
			gw_pkg_free(merged);
		free(docx);
		free(path);
		if (rc < 0)
			goto done;
	}
	if (ndocs > 0) {
		char *bytes = NULL;
		size_t nbytes = 0;
		/* Each document with the font subsets it was just rendered with
		 * (cached): the packet subsets and compresses nothing again. */
		gw_pdf_opts o = {.title = "申請文件", .fonts_per_document = true};
		/* Printed duplex: every document starts on a front side, so a
		 * document with an odd page count is followed by a blank page. */
		gw_doc *print[2 * GW_DOC_COUNT];
		size_t nprint = 0;
		for (size_t i = 0; i < ndocs; i++) {
			print[nprint++] = docs[i];
			if (i + 1 < ndocs && pages[i] % 2 == 1 && blank_page(r) != NULL)
				print[nprint++] = r->blank;
		}
		o.author = json_string_value(json_object_get(json_object_get(tree, "agency"), "name"));
		if ((rc = gw_pdf_write_mem(&bytes, &nbytes, print, nprint, r->fonts, &o, err)) == 0)
			rc = put_file(files, tmp, final, "packet.pdf", "packet", bytes, nbytes, err);
		free(bytes);
		if (rc < 0)
			goto done;
	}

	/* manifest.json: what is in the folder, with checksums. */
	{
		json_t *m = json_object();
		json_object_set_new(m, "id", json_string(id));
		json_object_set(m, "status", json_object_get(tree, "status"));
		json_object_set_new(m, "archive", json_boolean(r->archive));
		json_t *list = json_array();
		size_t i;
		json_t *f;
		json_array_foreach(files, i, f) {
			json_t *e = json_object();
			json_object_set(e, "name", json_object_get(f, "name"));
			json_object_set(e, "document", json_object_get(f, "kind"));
			json_object_set(e, "sha256", json_object_get(f, "sha256"));
			json_object_set(e, "bytes", json_object_get(f, "bytes"));
			json_array_append_new(list, e);
		}
		json_object_set_new(m, "files", list);
		char *text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		gw_buf b;
		json_t *scratch = json_array();
		gw_buf_init(&b);
		gw_buf_adds(&b, text);
		gw_buf_addc(&b, '\n');
		rc = put_file(scratch, tmp, final, "manifest.json", "manifest", b.data, b.len, err);
		json_decref(scratch);
		gw_buf_dispose(&b);
		free(text);
		json_decref(m);
		if (rc < 0)
			goto done;
	}
	out->id = xstrdup(id);
	out->tmp = tmp;
	out->final = final;
	out->files = files;
	out->tree = tree;
	out->set = set;
	tmp = final = NULL;
	files = tree = NULL;
done:
	if (tmp) {
		rm_rf(tmp);
		free(tmp);
	}
	for (size_t i = 0; i < ndocs; i++)
		gw_doc_free(docs[i]);
	free(final);
	json_decref(tree);
	json_decref(files);
	return rc;
}

/* Move a staged packet (its files already on disk: synced) into place,
 * record it in the store and list its files. */
static int finish(renderer *r, gw_db *db, staged *s, gw_err *err)
{
	int rc;

	if ((rc = publish(s->tmp, s->final, err)) < 0)
		return rc;
	free(s->tmp);
	s->tmp = NULL;
	rc = gw_db_documents_record(db, s->id, s->final, s->files, err);
	if (rc == 0)
		gw_cli_bureau_warn_tree(s->tree, s->set);
	if (rc == 0 && !r->quiet) {
		size_t i;
		json_t *f;
		json_array_foreach(s->files, i, f)
			printf("%s/%s\n", s->final, json_string_value(json_object_get(f, "name")));
		printf("%s/manifest.json\n", s->final);
	}
	return rc;
}

static int render_one(renderer *r, gw_db *db, const char *id, gw_err *err)
{
	staged s = {0};
	int rc;

	if ((rc = stage(r, db, id, &s, err)) == 0 && (rc = sync_dir(s.tmp, err)) == 0)
		rc = finish(r, db, &s, err);
	staged_dispose(&s);
	return rc;
}

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
static int flush_staged(renderer *r, gw_db *db, staged *st, size_t n, int fd)
{
	gw_err e = {0};
	int fails = 0, synced = n > 0 ? sync_dir(st[0].tmp, &e) == 0 : 1;

	for (size_t i = 0; i < n; i++) {
		char c = 'o';
		gw_err fe = {0};
		if (!synced || finish(r, db, &st[i], &fe) < 0) {
			report(st[i].id, synced ? &fe : &e);
			c = 'f';
			fails++;
		}
		staged_dispose(&st[i]);
		if (fd >= 0 && write(fd, &c, 1) < 0)
			fd = -1;
	}
	return fails;
}

/* Render ids[w], ids[w+n], … ; one byte per application on fd ('o' / 'f'). */
static int worker(renderer *r, const gw_cli *cli, const json_t *ids, size_t w, size_t n, int fd)
{
	gw_db *db = NULL;
	gw_err err = {0};
	staged st[BATCH];
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
		if (stage(r, db, id, &st[nst], &e) < 0) {
			report(id, &e);
			staged_dispose(&st[nst]);
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

static int render_all(renderer *r, const gw_cli *cli, int jobs)
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
	gw_cli_bureau_warn_db(db, NULL, r->only); /* once, before the workers */
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
			renderer_dispose(r);
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
	       done - failed, total, r->out_dir, failed, jobs, jobs == 1 ? "" : "s");
	if (done < total)
		fprintf(stderr, "gongwen: render: %zu applications were not rendered (a worker "
			"stopped)\n", total - done);
	rc = failed || done < total || bad_exit ? GW_EXIT_FAIL : 0;
	json_decref(ids);
	return rc;
}

/* ==== The command ==== */

int cmd_render(gw_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"only", required_argument, NULL, 'o'},
		{"archive", no_argument, NULL, 'a'}, {"all", no_argument, NULL, 'A'},
		{"out", required_argument, NULL, 'O'}, {"templates", required_argument, NULL, 't'},
		{"jobs", required_argument, NULL, 'j'}, {0}};
	renderer r = {0};
	gw_err err = {0};
	gw_db *db = NULL;
	const char *tpl_given = NULL;
	int all = 0, jobs = 1, c, rc;

	r.out_dir = "out";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (gw_docs_parse_list(&r.only, optarg, &err) < 0)
				return gw_cli_usage("render", "%s", err.msg);
			break;
		case 'a': r.archive = 1; break;
		case 'A': all = 1; break;
		case 'O': r.out_dir = optarg; break;
		case 't': tpl_given = optarg; break;
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
	r.tpl_dir = find_templates(tpl_given);
	r.quiet = all;
	if ((rc = gw_mkdirs(r.out_dir, &err)) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	sweep_tmp(r.out_dir);
	if (gw_fonts_open(&r.fonts, NULL, &err) < 0) {
		rc = gw_cli_fail(&err);
		goto done;
	}
	if (all) {
		rc = render_all(&r, cli, jobs);
		goto done;
	}
	if (gw_cli_open_db(&db, cli, &err) < 0 || render_one(&r, db, argv[optind], &err) < 0)
		rc = gw_cli_fail(&err);
	else
		rc = 0;
done:
	gw_db_free(db);
	renderer_dispose(&r);
	return rc;
}
