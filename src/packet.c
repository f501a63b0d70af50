/*
 * packet.c — the document packet of one application into <out>/<APP_ID>/:
 * the work behind `gongwen render` and the service's documents.
 *
 * For each document that applies (docs.c): merge its template (templates/
 * <kind>.docx) with the application's data tree, write the DOCX, render the
 * PDF; then packet.pdf (every PDF in print order, one print job), with
 * --archive a PDF/A copy of each under archive/, and manifest.json (each
 * file with its sha256 and size).  The files are recorded in the store's
 * documents table.  The application's attachments (data_attach.c) are copied
 * into attachments/ (and archive/attachments/ with --archive) as
 * <row id>-<name>, listed in the manifest with their sha256, kind and
 * device; with_attachments appends their pages to packet.pdf (attach.c,
 * through qpdf), after the documents.
 *
 * Invariants: the output folder appears only complete.  Everything is written
 * into <out>/.<APP_ID>.tmp-<pid>/ and that folder is then swapped with
 * <out>/<APP_ID>/ (renameat2 RENAME_EXCHANGE) or renamed into place; on any
 * failure the temporary folder is removed and an older packet survives.
 * The folder is synced to disk (syncfs) before it is moved into place
 * (gw_packet_sync; a caller rendering many may stage several, sync once and
 * finish each).  Templates are compiled once per gw_packet and merged many
 * times.
 *
 * No library is wrapped here: templates go through tpl.c / merge.c, the PDF
 * through model.c / pdf.c, the store through docs.c / data_docs.c.
 */
#include "packet.h"
#include "app.h"
#include "attach.h"
#include "font.h"
#include "merge.h"
#include "model.h"
#include "pdf.h"
#include "pkg.h"
#include "tpl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ==== The renderer ==== */

struct gw_packet {
	char *tpl_dir;
	char *out_dir;
	unsigned only;     /* bit set of documents asked for, 0 = all that apply */
	int archive;
	int with_attachments;
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	gw_pkg *pkg[GW_DOC_COUNT];
	gw_tpl *tpl[GW_DOC_COUNT];
	gw_fonts *fonts;
	gw_doc *blank;     /* templates/blank.docx: the packet's duplex filler */
	int blank_tried;
};

/* A warning through the caller's hook (none: dropped). */
static void warn(gw_packet *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(gw_packet *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!r->warn)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) >= 0) {
		r->warn(r->warn_ctx, msg);
		free(msg);
	}
	va_end(ap);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* --templates, else $GW_TEMPLATES, else ./templates, else beside the binary. */
char *gw_packet_templates_dir(const char *given)
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

void gw_packet_free(gw_packet *r)
{
	if (!r)
		return;
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
	free(r->out_dir);
	free(r);
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

/* An attachment into the temporary folder as name (hard link to the stored
 * file when the store is on the same file system, else a copy), listed in
 * files with its row's sha256, size, kind and device. */
static int put_attachment(json_t *files, const char *dir, const char *final, const char *name,
			  const json_t *row, gw_err *err)
{
	const char *src = json_string_value(json_object_get(row, "path"));
	char *p = xasprintf("%s/%s", dir, name), *data = NULL;
	size_t len = 0;
	int rc = 0;

	if (link(src, p) < 0) {
		if ((rc = gw_file_read(&data, &len, src, (size_t)1 << 32, err)) == 0)
			rc = gw_file_write(p, data, len, 0, err);
		free(data);
	}
	if (rc == 0) {
		json_t *f = json_object(), *a = json_object();
		json_object_set_new(f, "name", json_string(name));
		json_object_set_new(f, "kind", json_string("attachment"));
		char *fp = xasprintf("%s/%s", final, name);
		json_object_set_new(f, "path", json_string(fp));
		free(fp);
		json_object_set(f, "sha256", json_object_get(row, "sha256"));
		json_object_set(f, "bytes", json_object_get(row, "bytes"));
		json_object_set(a, "kind", json_object_get(row, "kind"));
		json_object_set(a, "device", json_object_get(row, "device"));
		json_object_set(a, "name", json_object_get(row, "name"));
		json_object_set(a, "media_type", json_object_get(row, "media_type"));
		json_object_set(a, "flags", json_object_get(row, "flags"));
		json_object_set_new(f, "attachment", a);
		json_array_append_new(files, f);
	}
	free(p);
	return rc;
}

/* Flush every file of the folder (and the folder) to disk. */
int gw_packet_sync(const char *dir, gw_err *err)
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
static gw_doc *blank_page(gw_packet *r)
{
	if (!r->blank_tried) {
		gw_pkg *pkg = NULL;
		gw_err e = {0};
		char *path = xasprintf("%s/blank.docx", r->tpl_dir);
		r->blank_tried = 1;
		if (gw_pkg_open(&pkg, path, &e) < 0 || gw_model_load(&r->blank, pkg, &e) < 0)
			warn(r, "%s: packet.pdf without blank pages for duplex printing", e.msg);
		if (pkg)
			gw_pkg_free(pkg);
		free(path);
	}
	return r->blank;
}

static int load_template(gw_packet *r, int k, gw_err *err)
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

void gw_packet_staged_dispose(gw_packet_staged *s)
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
int gw_packet_stage(gw_packet *r, gw_db *db, const char *id, gw_packet_staged *out, gw_err *err)
{
	json_t *tree = NULL, *files = json_array(), *atts = NULL;
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
	if ((rc = gw_docs_tree(&tree, db, id, err)) < 0 ||
	    (rc = gw_db_attachments(&atts, db, id, err)) < 0)
		goto done;
	set = gw_docs_applicable(tree);
	if (r->only) {
		for (int k = 0; k < GW_DOC_COUNT; k++)
			if ((r->only & 1u << k) && !(set & 1u << k))
				warn(r, "%s: %s does not apply (status %s%s)", id, gw_docs_name(k),
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
		rc = gw_pdf_write_mem(&bytes, &nbytes, print, nprint, r->fonts, &o, err);
		if (rc == 0 && r->with_attachments && json_array_size(atts) > 0) {
			/* The attachments' pages after the documents: one print job. */
			size_t na = json_array_size(atts);
			gw_attach_part *parts = xcalloc(na, sizeof *parts);
			char *with = NULL;
			size_t nwith = 0;
			for (size_t i = 0; i < na; i++) {
				const json_t *a = json_array_get(atts, i);
				parts[i].path = json_string_value(json_object_get(a, "path"));
				parts[i].media_type = json_string_value(json_object_get(a, "media_type"));
				parts[i].name = json_string_value(json_object_get(a, "name"));
			}
			if ((rc = gw_attach_append(&with, &nwith, bytes, nbytes, parts, na, err)) == 0) {
				free(bytes);
				bytes = with;
				nbytes = nwith;
			} else {
				gw_err_prefix(err, "%s: ", id);
			}
			free(parts);
		}
		if (rc == 0)
			rc = put_file(files, tmp, final, "packet.pdf", "packet", bytes, nbytes, err);
		free(bytes);
		if (rc < 0)
			goto done;
	}
	/* The attachments themselves (and in the archive copy). */
	if (json_array_size(atts) > 0) {
		char *a = xasprintf("%s/attachments", tmp);
		rc = gw_mkdirs(a, err);
		free(a);
		if (rc == 0 && r->archive) {
			a = xasprintf("%s/archive/attachments", tmp);
			rc = gw_mkdirs(a, err);
			free(a);
		}
		for (size_t i = 0; i < json_array_size(atts) && rc == 0; i++) {
			const json_t *row = json_array_get(atts, i);
			char *n = xasprintf("attachments/%lld-%s",
					    (long long)json_integer_value(json_object_get(row, "id")),
					    json_string_value(json_object_get(row, "name")));
			rc = put_attachment(files, tmp, final, n, row, err);
			if (rc == 0 && r->archive) {
				char *an = xasprintf("archive/%s", n);
				rc = put_attachment(files, tmp, final, an, row, err);
				free(an);
			}
			free(n);
		}
		if (rc < 0)
			goto done;
	}

	/* manifest.json: what is in the folder, with checksums. */
	{
		json_t *m = json_object();
		json_object_set_new(m, "id", json_string(id));
		json_object_set(m, "status", json_object_get(tree, "status"));
		json_object_set_new(m, "archive", json_boolean(r->archive));
		json_object_set_new(m, "with_attachments",
				    json_boolean(r->with_attachments && json_array_size(atts) > 0));
		json_t *list = json_array();
		size_t i;
		json_t *f;
		json_array_foreach(files, i, f) {
			json_t *e = json_object();
			json_object_set(e, "name", json_object_get(f, "name"));
			json_object_set(e, "document", json_object_get(f, "kind"));
			json_object_set(e, "sha256", json_object_get(f, "sha256"));
			json_object_set(e, "bytes", json_object_get(f, "bytes"));
			if (json_object_get(f, "attachment"))
				json_object_set(e, "attachment", json_object_get(f, "attachment"));
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
	json_decref(atts);
	return rc;
}

int gw_packet_finish(gw_packet *r, gw_db *db, gw_packet_staged *s, gw_err *err)
{
	int rc;

	if ((rc = publish(s->tmp, s->final, err)) < 0)
		return rc;
	free(s->tmp);
	s->tmp = NULL;
	return gw_db_documents_record(db, s->id, s->final, s->files, err);
}

int gw_packet_render(gw_packet *r, gw_db *db, const char *id, gw_packet_staged *out,
		     gw_err *err)
{
	int rc;

	if ((rc = gw_packet_stage(r, db, id, out, err)) == 0 &&
	    (rc = gw_packet_sync(out->tmp, err)) == 0)
		rc = gw_packet_finish(r, db, out, err);
	return rc;
}

int gw_packet_open(gw_packet **out, const gw_packet_opts *o, gw_err *err)
{
	gw_packet *r = xcalloc(1, sizeof *r);
	int rc;

	r->tpl_dir = gw_packet_templates_dir(o->templates);
	r->out_dir = xstrdup(o->out_dir ? o->out_dir : "out");
	r->only = o->only;
	r->archive = o->archive;
	r->with_attachments = o->with_attachments;
	r->warn = o->warn;
	r->warn_ctx = o->warn_ctx;
	if ((rc = gw_mkdirs(r->out_dir, err)) < 0 || (rc = gw_fonts_open(&r->fonts, NULL, err)) < 0) {
		gw_packet_free(r);
		return rc;
	}
	sweep_tmp(r->out_dir);
	*out = r;
	return 0;
}

const char *gw_packet_out_dir(const gw_packet *r)
{
	return r->out_dir;
}

