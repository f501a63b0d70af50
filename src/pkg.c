/*
 * pkg.c — OPC packages (DOCX) read and written safely.  Wraps libzip and owns
 * the safe way to parse a part with libxml2.
 *
 * Invariants:
 * - Opening reads every entry once and counts the bytes actually inflated:
 *   declared sizes are never trusted (libzip 1.7.3 delivered 200 MiB from an
 *   entry claiming 100 bytes, even with ZIP_CHECKCONS).
 * - Part names are unique ignoring ASCII case, relative, without "." or ".."
 *   segments, backslashes or control characters; lookups ignore case (OPC
 *   part names are case-insensitive, and duplicates are refused, so a lookup
 *   is never ambiguous).
 * - XML parts are parsed with no DTD, no entity expansion, no network or file
 *   access; a DOCTYPE anywhere is refused before libxml2 sees the bytes.
 * - Writing copies each untouched entry's compressed bytes as they were, and
 *   replaces the target file only by rename.
 */
#include "pkg.h"
#include "pdfio.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* Limits for hostile packages; generous for real documents with pictures. */
#define MAX_ENTRIES 10000
#define MAX_PART (128u << 20)      /* one part, inflated */
#define MAX_TOTAL (512u << 20)     /* all parts, inflated */
#define MAX_RATIO 200              /* inflated / compressed, for parts > RATIO_MIN */
#define RATIO_MIN (1u << 20)
#define MAX_NAME 1024

typedef struct part {
	char *name;
	char *data;     /* inflated bytes (NUL-terminated for convenience) */
	size_t len;
	zip_int64_t index; /* entry in the source archive, or -1 when replaced/added */
} part;

struct gw_pkg {
	char *path;
	zip_t *za;          /* source archive, kept open for byte-for-byte copies */
	char *mem;          /* the archive bytes when opened from memory */
	size_t mem_len;
	part *parts;
	size_t nparts;
	char *main_part;    /* cached gw_pkg_main_part */
	struct relset *rels; /* parsed relationship parts, a list (see rels_get) */
};

static void relset_free(struct relset *r);

/* ==== Names ==== */

static const char *name_problem(const char *n)
{
	size_t len = strlen(n);

	if (len == 0)
		return "empty part name";
	if (len > MAX_NAME)
		return "part name too long";
	if (n[0] == '/')
		return "absolute part name";
	if (strchr(n, '\\'))
		return "backslash in part name";
	if (len >= 2 && n[1] == ':')
		return "drive letter in part name";
	for (const char *p = n; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "control character in part name";
	for (const char *seg = n; seg; ) {
		const char *slash = strchr(seg, '/');
		size_t sl = slash ? (size_t)(slash - seg) : strlen(seg);
		if ((sl == 1 && seg[0] == '.') || (sl == 2 && seg[0] == '.' && seg[1] == '.'))
			return "'.' or '..' in part name";
		if (sl == 0 && slash)
			return "empty segment in part name";
		seg = slash ? slash + 1 : NULL;
	}
	return NULL;
}

static part *find(const gw_pkg *pkg, const char *name)
{
	if (name[0] == '/')
		name++;
	for (size_t i = 0; i < pkg->nparts; i++)
		if (strcasecmp(pkg->parts[i].name, name) == 0)
			return &pkg->parts[i];
	return NULL;
}

/* ==== Opening ==== */

static int zip_fail(gw_err *err, const char *path, const char *entry, zip_error_t *ze)
{
	int rc = gw_err_set(err, GW_EPACKAGE, "%s: %s%s%s", path, entry ? entry : "",
			    entry ? ": " : "", zip_error_strerror(ze));
	zip_error_fini(ze);
	return rc;
}

static int read_entry(gw_pkg *pkg, zip_uint64_t i, size_t *total, gw_err *err)
{
	zip_stat_t st;
	zip_file_t *zf = NULL;
	gw_buf b;
	char chunk[65536];
	zip_int64_t n;
	int rc = 0;

	gw_buf_init(&b);
	zip_stat_init(&st);
	if (zip_stat_index(pkg->za, i, 0, &st) < 0)
		return gw_err_set(err, GW_EPACKAGE, "%s: entry %llu: %s", pkg->path,
				  (unsigned long long)i, zip_strerror(pkg->za));
	const char *name = st.name ? st.name : "";
	size_t nl = strlen(name);
	if (nl > 0 && name[nl - 1] == '/')
		return 0; /* a folder entry carries nothing */
	const char *why = name_problem(name);
	if (why)
		return gw_err_set(err, GW_EPACKAGE, "%s: \"%.100s\": %s", pkg->path, name, why);
	if (find(pkg, name))
		return gw_err_set(err, GW_EPACKAGE, "%s: %s: duplicate part name%s", pkg->path, name,
				  find(pkg, name)->name && strcmp(find(pkg, name)->name, name)
					  ? " (differs only in case)" : "");
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return gw_err_set(err, GW_EPACKAGE, "%s: %s: encrypted entry", pkg->path, name);
	if ((st.valid & ZIP_STAT_COMP_METHOD) &&
	    !zip_compression_method_supported(st.comp_method, 0))
		return gw_err_set(err, GW_EPACKAGE, "%s: %s: unsupported compression method %d",
				  pkg->path, name, (int)st.comp_method);
	zf = zip_fopen_index(pkg->za, i, 0);
	if (zf == NULL)
		return gw_err_set(err, GW_EPACKAGE, "%s: %s: %s", pkg->path, name,
				  zip_strerror(pkg->za));
	while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if (b.len + (size_t)n > MAX_PART) {
			rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: part larger than %u MiB", pkg->path,
					name, MAX_PART >> 20);
			goto done;
		}
		if (*total + b.len + (size_t)n > MAX_TOTAL) {
			rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: package larger than %u MiB inflated",
					pkg->path, name, MAX_TOTAL >> 20);
			goto done;
		}
		gw_buf_add(&b, chunk, (size_t)n);
	}
	if (n < 0) {
		rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: corrupt entry: %s", pkg->path, name,
				zip_file_strerror(zf));
		goto done;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size != b.len) {
		rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: entry size %zu does not match its header "
				"(%llu)", pkg->path, name, b.len, (unsigned long long)st.size);
		goto done;
	}
	if (b.len > RATIO_MIN && (st.valid & ZIP_STAT_COMP_SIZE) &&
	    b.len / (st.comp_size ? st.comp_size : 1) > MAX_RATIO) {
		rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: compression ratio over %d (zip bomb?)",
				pkg->path, name, MAX_RATIO);
		goto done;
	}
	pkg->parts = xrealloc(pkg->parts, (pkg->nparts + 1) * sizeof *pkg->parts);
	part *p = &pkg->parts[pkg->nparts++];
	p->name = xstrdup(name);
	p->index = (zip_int64_t)i;
	gw_buf_addc(&b, '\0');
	b.len--;
	p->data = gw_buf_detach(&b, &p->len);
	*total += p->len;
done:
	if (zf)
		zip_fclose(zf);
	gw_buf_dispose(&b);
	return rc;
}

/* Whether an XML part declares a DOCTYPE or entities (UTF-8 or UTF-16).
 * Such a part is refused when the package is opened, not when (or if) it is
 * parsed: parts copied through untouched must not smuggle one either. */
static int declares_dtd(const part *p)
{
	/* One pass over the bytes: every "<!" (UTF-8) or "<\0!\0" (UTF-16, either
	 * byte order) is looked at; comments and CDATA pass. */
	const char *s = p->data, *end = p->data + p->len;

	while ((s = memchr(s, '<', (size_t)(end - s))) != NULL) {
		const char *q = s + 1;
		int step = 1;
		if (q < end && *q == '\0') { /* UTF-16LE: '<' 0 '!' 0 */
			q++;
			step = 2;
		} else if (s > p->data && s[-1] == '\0') { /* UTF-16BE: 0 '<' 0 '!' */
			q++;
			step = 2;
		}
		if (q < end && *q == '!') {
			static const char *const words[] = {"DOCTYPE", "ENTITY"};
			for (int w = 0; w < 2; w++) {
				const char *k = words[w], *r = q + step;
				while (*k && r < end && *r == *k) {
					k++;
					r += step;
				}
				if (*k == '\0')
					return 1;
			}
		}
		s++;
	}
	return 0;
}

static int is_xml_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 4 && strcasecmp(n + l - 4, ".xml") == 0) ||
	       (l > 5 && strcasecmp(n + l - 5, ".rels") == 0);
}

/* The main part's content types of a macro-enabled document and template
 * (.docm, .dotm), and the plain ones a .docx and .dotx have instead. */
static const char *const macro_types[][2] = {
	{"application/vnd.ms-word.document.macroEnabled.main+xml",
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
	{"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"},
};

/* Content types: a DOCX, DOTX, DOCM or DOTM main part.  Macros are active
 * content (gw_pkg_active), refused by whatever loads a template; no reader
 * ever runs them. */
static int check_docx(gw_pkg *pkg, gw_err *err)
{
	part *ct = find(pkg, "[Content_Types].xml");
	const char *main;
	int rc;

	if (ct == NULL)
		return gw_err_set(err, GW_EPACKAGE, "%s: not a DOCX (no [Content_Types].xml)",
				  pkg->path);
	for (size_t i = 0; i < pkg->nparts; i++)
		if (is_xml_name(pkg->parts[i].name) && declares_dtd(&pkg->parts[i]))
			return gw_err_set(err, GW_EXML, "%s: %s: DOCTYPE or entity declaration refused",
					  pkg->path, pkg->parts[i].name);
	if ((rc = gw_pkg_main_part(&main, pkg, err)) < 0)
		return rc;
	if (!strstr(ct->data, "wordprocessingml.document.main+xml") &&
	    !strstr(ct->data, "wordprocessingml.template.main+xml") &&
	    !strstr(ct->data, macro_types[0][0]) && !strstr(ct->data, macro_types[1][0]))
		return gw_err_set(err, GW_EPACKAGE, "%s: not a Word document (main part %s)",
				  pkg->path, main);
	return 0;
}

static int open_source(gw_pkg **out, gw_pkg *pkg, zip_source_t *src, gw_err *err)
{
	zip_error_t ze;
	size_t total = 0;
	int rc = 0;

	zip_error_init(&ze);
	pkg->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (pkg->za == NULL) {
		zip_source_free(src);
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP) {
			zip_error_fini(&ze);
			rc = gw_err_set(err, GW_EPACKAGE, "%s: not a DOCX (not a zip archive)",
					pkg->path);
		} else {
			rc = zip_fail(err, pkg->path, NULL, &ze);
		}
		goto done;
	}
	zip_error_fini(&ze);
	zip_int64_t n = zip_get_num_entries(pkg->za, 0);
	if (n > MAX_ENTRIES) {
		rc = gw_err_set(err, GW_EPACKAGE, "%s: %lld entries (more than %d)", pkg->path,
				(long long)n, MAX_ENTRIES);
		goto done;
	}
	for (zip_int64_t i = 0; i < n && rc == 0; i++)
		rc = read_entry(pkg, (zip_uint64_t)i, &total, err);
	if (rc == 0)
		rc = check_docx(pkg, err);
done:
	if (rc < 0)
		gw_pkg_free(pkg);
	else
		*out = pkg;
	return rc;
}

int gw_pkg_open(gw_pkg **out, const char *path, gw_err *err)
{
	char *data = NULL;
	size_t len;
	int rc;

	*out = NULL;
	/* Read the file whole: the package is held in memory anyway, and an
	 * OLE file (encrypted Office document, old .doc) gets a clear message. */
	if ((rc = gw_file_read(&data, &len, path, MAX_TOTAL, err)) < 0)
		return rc;
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		free(data);
		return gw_err_set(err, GW_EPACKAGE, "%s: not a DOCX (an encrypted Office document or an "
				  "old .doc file)", path);
	}
	rc = gw_pkg_open_mem(out, data, len, path, err);
	free(data);
	return rc;
}

int gw_pkg_open_mem(gw_pkg **out, const void *data, size_t len, const char *name, gw_err *err)
{
	gw_pkg *pkg = xcalloc(1, sizeof *pkg);
	zip_error_t ze;

	*out = NULL;
	pkg->path = xstrdup(name);
	pkg->mem = xmalloc(len ? len : 1);
	pkg->mem_len = len;
	memcpy(pkg->mem, data, len);
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(pkg->mem, len, 0, &ze);
	if (src == NULL) {
		int rc = zip_fail(err, name, NULL, &ze);
		gw_pkg_free(pkg);
		return rc;
	}
	zip_error_fini(&ze);
	return open_source(out, pkg, src, err);
}

int gw_pkg_clone(gw_pkg **out, const gw_pkg *pkg, gw_err *err)
{
	gw_pkg *c = xcalloc(1, sizeof *c);
	zip_error_t ze;
	zip_source_t *src;

	*out = NULL;
	c->path = xstrdup(pkg->path);
	c->mem_len = pkg->mem_len;
	c->mem = xmalloc(pkg->mem_len ? pkg->mem_len : 1);
	memcpy(c->mem, pkg->mem, pkg->mem_len);
	zip_error_init(&ze);
	/* The source was checked when pkg was opened; only the directory is read again. */
	if ((src = zip_source_buffer_create(c->mem, c->mem_len, 0, &ze)) == NULL ||
	    (c->za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		if (src)
			zip_source_free(src);
		int rc = zip_fail(err, pkg->path, NULL, &ze);
		gw_pkg_free(c);
		return rc;
	}
	zip_error_fini(&ze);
	c->parts = xcalloc(pkg->nparts ? pkg->nparts : 1, sizeof *c->parts);
	c->nparts = pkg->nparts;
	for (size_t i = 0; i < pkg->nparts; i++) {
		const part *p = &pkg->parts[i];
		c->parts[i].name = xstrdup(p->name);
		c->parts[i].data = xmalloc(p->len + 1);
		memcpy(c->parts[i].data, p->data, p->len);
		c->parts[i].data[p->len] = 0;
		c->parts[i].len = p->len;
		c->parts[i].index = p->index;
	}
	if (pkg->main_part)
		c->main_part = xstrdup(pkg->main_part);
	*out = c;
	return 0;
}

void gw_pkg_free(gw_pkg *pkg)
{
	if (pkg == NULL)
		return;
	for (size_t i = 0; i < pkg->nparts; i++) {
		free(pkg->parts[i].name);
		free(pkg->parts[i].data);
	}
	free(pkg->parts);
	if (pkg->za)
		zip_discard(pkg->za);
	free(pkg->mem);
	free(pkg->path);
	free(pkg->main_part);
	relset_free(pkg->rels);
	free(pkg);
}

/* ==== Reading ==== */

const char *gw_pkg_path(const gw_pkg *pkg)
{
	return pkg->path;
}

size_t gw_pkg_count(const gw_pkg *pkg)
{
	return pkg->nparts;
}

const char *gw_pkg_name(const gw_pkg *pkg, size_t i)
{
	return i < pkg->nparts ? pkg->parts[i].name : NULL;
}

int gw_pkg_read(const gw_pkg *pkg, const char *name, const char **data, size_t *len, gw_err *err)
{
	part *p = find(pkg, name);

	if (p == NULL)
		return gw_err_set(err, GW_ENOTFOUND, "%s: no part %s", pkg->path, name);
	*data = p->data;
	*len = p->len;
	return 0;
}

/* libxml2 must never fetch anything: not files, not the network. */
static xmlParserInputPtr no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Once per process: no entity loading; libxml2 allocates through xmalloc
 * (its own out-of-memory paths printed to stderr and could hand back a
 * rootless tree) and never prints: errors travel in gw_err only.  The
 * error handler is per thread in libxml2, so each thread sets its own. */
static void setup_libxml_once(void)
{
	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
	xmlInitParser();
	xmlSetExternalEntityLoader(no_entities);
}

static void setup_libxml(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, setup_libxml_once);
	xmlSetGenericErrorFunc(NULL, quiet);
}

static int parse_xml(xmlDocPtr *out, const gw_pkg *pkg, const char *name, int extra,
		     gw_err *err)
{
	const char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = gw_pkg_read(pkg, name, &data, &len, err)) < 0)
		return rc;
	if (len > INT32_MAX)
		return gw_err_set(err, GW_EXML, "%s: %s: part too large", pkg->path, name);
	if (memmem(data, len, "<!DOCTYPE", 9) || memmem(data, len, "<!ENTITY", 8))
		return gw_err_set(err, GW_EXML, "%s: %s: DOCTYPE or entity declaration refused",
				  pkg->path, name);
	setup_libxml();
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return gw_err_set(err, GW_EXML, "%s: %s: out of memory", pkg->path, name);
	*out = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
				 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | extra);
	if (*out == NULL) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char msg[200] = "unreadable XML";
		if (e && e->message) {
			snprintf(msg, sizeof msg, "%s", e->message);
			msg[strcspn(msg, "\n")] = '\0';
		}
		rc = gw_err_set(err, GW_EXML, "%s: %s: line %d: %s", pkg->path, name, e ? e->line : 0,
				msg);
	} else if ((*out)->intSubset || (*out)->extSubset) {
		xmlFreeDoc(*out);
		*out = NULL;
		rc = gw_err_set(err, GW_EXML, "%s: %s: DOCTYPE refused", pkg->path, name);
	}
	xmlFreeParserCtxt(ctxt);
	return rc;
}

int gw_pkg_xml(xmlDocPtr *out, const gw_pkg *pkg, const char *name, gw_err *err)
{
	return parse_xml(out, pkg, name, 0, err);
}

/* XML_PARSE_COMPACT keeps short texts inside their nodes: fewer allocations
 * (measured: -19 % CPU for `gongwen pdf` over a batch of letters), but such a
 * tree must not be modified afterwards. */
int gw_pkg_xml_readonly(xmlDocPtr *out, const gw_pkg *pkg, const char *name, gw_err *err)
{
	return parse_xml(out, pkg, name, XML_PARSE_COMPACT, err);
}

/* ==== Relationships ==== */

static char *rels_name(const char *source)
{
	const char *slash = strrchr(source, '/');

	if (source[0] == '\0')
		return xstrdup("_rels/.rels");
	if (slash == NULL)
		return xasprintf("_rels/%s.rels", source);
	return xasprintf("%.*s/_rels/%s.rels", (int)(slash - source), source, slash + 1);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Resolve target relative to source's folder; NULL when it leaves the package. */
static char *resolve(const char *source, const char *target)
{
	gw_buf b;
	char *segs[256];
	int nseg = 0;
	char *path, *tok, *save = NULL;

	gw_buf_init(&b);
	if (target[0] != '/') {
		const char *slash = strrchr(source, '/');
		if (slash)
			gw_buf_add(&b, source, (size_t)(slash - source + 1));
	}
	/* Percent-decoding: "media/image%201.png". */
	for (const char *p = target; *p; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			gw_buf_addc(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else if (*p == '#' || *p == '?') {
			break;
		} else {
			gw_buf_addc(&b, *p);
		}
	}
	path = gw_buf_detach(&b, NULL);
	for (tok = strtok_r(path, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (nseg == 0) {
				free(path);
				return NULL;
			}
			nseg--;
			continue;
		}
		if (nseg == 256) {
			free(path);
			return NULL;
		}
		segs[nseg++] = tok;
	}
	gw_buf_init(&b);
	for (int i = 0; i < nseg; i++) {
		if (i)
			gw_buf_addc(&b, '/');
		gw_buf_adds(&b, segs[i]);
	}
	free(path);
	if (b.len == 0) {
		gw_buf_dispose(&b);
		return NULL;
	}
	return gw_buf_detach(&b, NULL);
}

/* A relationships part, parsed once and kept: the model asks it for every
 * style, numbering, header, footer and picture.  Dropped when the part is
 * replaced (gw_pkg_set). */
typedef struct rel {
	char *id, *type, *target; /* attributes as written (NULL when absent) */
	int external;
} rel;

struct relset {
	char *name;            /* the .rels part */
	rel *rels;
	size_t n;
	struct relset *next;
};

static void relset_free(struct relset *r)
{
	while (r) {
		struct relset *next = r->next;
		for (size_t i = 0; i < r->n; i++) {
			free(r->rels[i].id);
			free(r->rels[i].type);
			free(r->rels[i].target);
		}
		free(r->rels);
		free(r->name);
		free(r);
		r = next;
	}
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static int rels_get(struct relset **out, const gw_pkg *pkg, const char *rname, gw_err *err)
{
	gw_pkg *mut = (gw_pkg *)pkg; /* the cache is not observable state */
	xmlDocPtr doc = NULL;
	int rc;

	for (struct relset *r = pkg->rels; r; r = r->next)
		if (strcmp(r->name, rname) == 0) {
			*out = r;
			return 0;
		}
	if ((rc = gw_pkg_xml_readonly(&doc, pkg, rname, err)) < 0)
		return rc;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL) { /* libxml2 can return a rootless tree when memory runs out */
		xmlFreeDoc(doc);
		return gw_err_set(err, GW_EXML, "%s: %s: no root element", pkg->path, rname);
	}
	struct relset *r = xcalloc(1, sizeof *r);
	r->name = xstrdup(rname);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship") != 0)
			continue;
		r->rels = xrealloc(r->rels, (r->n + 1) * sizeof *r->rels);
		rel *e = &r->rels[r->n++];
		e->id = prop(n, "Id");
		e->type = prop(n, "Type");
		e->target = prop(n, "Target");
		char *mode = prop(n, "TargetMode");
		e->external = mode && strcmp(mode, "External") == 0;
		free(mode);
	}
	xmlFreeDoc(doc);
	r->next = mut->rels;
	mut->rels = r;
	*out = r;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Find a relationship of source by Id (rid) or by Type suffix. */
static int find_rel(char **out, const gw_pkg *pkg, const char *source, const char *rid,
		    const char *type_suffix, gw_err *err)
{
	char *rname = rels_name(source);
	struct relset *set = NULL;
	int rc;

	*out = NULL;
	if ((rc = rels_get(&set, pkg, rname, err)) < 0)
		goto done;
	rc = GW_ENOTFOUND;
	for (size_t i = 0; i < set->n; i++) {
		const rel *e = &set->rels[i];
		if (rid ? !(e->id && strcmp(e->id, rid) == 0) : !(e->type && ends_with(e->type, type_suffix)))
			continue;
		if (e->external)
			rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: relationship %s points outside "
					"the package (external)", pkg->path, rname, e->id ? e->id : "?");
		else if (e->target == NULL || (*out = resolve(source, e->target)) == NULL)
			rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: relationship %s target "
					"\"%.100s\" leaves the package", pkg->path, rname,
					e->id ? e->id : "?", e->target ? e->target : "");
		else
			rc = 0;
		break;
	}
	if (rc == GW_ENOTFOUND)
		rc = gw_err_set(err, GW_ENOTFOUND, "%s: %s: no relationship %s", pkg->path, rname,
				rid ? rid : type_suffix);
done:
	free(rname);
	return rc;
}

int gw_pkg_rel_target(char **out, const gw_pkg *pkg, const char *source, const char *rid,
		      gw_err *err)
{
	return find_rel(out, pkg, source, rid, NULL, err);
}

int gw_pkg_rel_by_type(char **out, const gw_pkg *pkg, const char *source,
		       const char *type_suffix, gw_err *err)
{
	return find_rel(out, pkg, source, NULL, type_suffix, err);
}

int gw_pkg_main_part(const char **out, const gw_pkg *pkg, gw_err *err)
{
	gw_pkg *mut = (gw_pkg *)pkg; /* the cache is not observable state */
	char *name = NULL;
	int rc;

	*out = NULL;
	if (pkg->main_part) {
		*out = pkg->main_part;
		return 0;
	}
	if ((rc = find_rel(&name, pkg, "", NULL, "/officeDocument", err)) < 0) {
		if (rc == GW_ENOTFOUND) {
			gw_err_clear(err);
			rc = gw_err_set(err, GW_EPACKAGE, "%s: not a DOCX (no main document)",
					pkg->path);
		}
		return rc;
	}
	if (find(pkg, name) == NULL) {
		rc = gw_err_set(err, GW_EPACKAGE, "%s: main document %s is missing", pkg->path, name);
		free(name);
		return rc;
	}
	mut->main_part = name;
	*out = name;
	return 0;
}

/* ==== Writing ==== */

/* A replaced or removed relationships part invalidates what was parsed of it. */
static void forget_rels(gw_pkg *pkg, const char *name)
{
	for (struct relset **r = &pkg->rels; *r; r = &(*r)->next)
		if (strcasecmp((*r)->name, name) == 0) {
			struct relset *dead = *r;
			*r = dead->next;
			dead->next = NULL;
			relset_free(dead);
			break;
		}
}

void gw_pkg_set(gw_pkg *pkg, const char *name, char *data, size_t len)
{
	part *p = find(pkg, name);

	if (p == NULL) {
		pkg->parts = xrealloc(pkg->parts, (pkg->nparts + 1) * sizeof *pkg->parts);
		p = &pkg->parts[pkg->nparts++];
		p->name = xstrdup(name[0] == '/' ? name + 1 : name);
	} else {
		free(p->data);
	}
	p->data = data;
	p->len = len;
	p->index = -1;
	forget_rels(pkg, p->name);
}

void gw_pkg_set_xml(gw_pkg *pkg, const char *name, xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int n = 0;

	setup_libxml();
	xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	if (mem == NULL)
		gw_oom(0); /* libxml2 fails only for want of memory here */
	gw_pkg_set(pkg, name, xstrndup((const char *)mem, (size_t)n), (size_t)n);
	xmlFree(mem);
}

/* ==== Entries deflated before libzip sees them ====
 * libzip deflates with zlib; libdeflate (the PDF writer's) is about three
 * times faster at level 1 and smaller.  An entry is compressed here, and its
 * source tells libzip, by its stat (method deflate, sizes and CRC), that
 * the bytes are compressed already: libzip copies them as they are, as it
 * does for an entry of another archive (zip_source_zip). */
typedef struct deflated {
	char *data;   /* raw deflate */
	size_t len;   /* its bytes */
	size_t size;  /* the entry's bytes inflated */
	uint32_t crc; /* their CRC-32 */
	size_t off;   /* read position */
	zip_error_t error;
} deflated;

static zip_int64_t deflated_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	deflated *d = ud;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		d->off = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = d->len - d->off < len ? d->len - d->off : (size_t)len;
		memcpy(data, d->data + d->off, n);
		d->off += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		if (len < sizeof *st) {
			zip_error_set(&d->error, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
			    ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD;
		st->size = d->size;
		st->comp_size = d->len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = d->crc;
		st->encryption_method = ZIP_EM_NONE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&d->error, data, len);
	case ZIP_SOURCE_FREE:
		free(d->data);
		zip_error_fini(&d->error);
		free(d);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
						      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
						      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&d->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* A source of data[0..n) deflated, or NULL (no compressor, or deflate would
 * not make it smaller): the caller adds the bytes as they are then. */
static zip_source_t *deflated_source(zip_t *za, const void *data, size_t n)
{
	deflated *d = xcalloc(1, sizeof *d);
	zip_source_t *s = NULL;

	if (gw_deflate_raw(&d->data, &d->len, &d->crc, data, n) && d->len < n) {
		d->size = n;
		zip_error_init(&d->error);
		s = zip_source_function(za, deflated_cb, d);
		if (s)
			return s;
		zip_error_fini(&d->error);
	}
	free(d->data);
	free(d);
	return NULL;
}

/* Add data[0..n) as name: deflated here unless store is set or deflate
 * would not make it smaller, else as it is. */
static zip_int64_t add_bytes(zip_t *za, const char *name, const void *data, size_t n, int store)
{
	zip_source_t *s = store ? NULL : deflated_source(za, data, n);
	zip_int64_t idx;

	if (s == NULL) {
		store = 1;
		if ((s = zip_source_buffer(za, data, n, 0)) == NULL)
			return -1;
	}
	if ((idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(s);
		return -1;
	}
	if (store && zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) < 0)
		return -1;
	return idx;
}

static int add_entry(zip_t *za, const gw_pkg *pkg, const part *p, gw_err *err)
{
	zip_source_t *s;
	zip_int64_t idx;

	if (p->index < 0)
		idx = add_bytes(za, p->name, p->data, p->len, 0);
	else if ((s = zip_source_zip(za, pkg->za, (zip_uint64_t)p->index, 0, 0, -1)) == NULL)
		idx = -1;
	else if ((idx = zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8)) < 0)
		zip_source_free(s);
	if (idx < 0)
		return gw_err_set(err, GW_EPACKAGE, "%s: %s: %s", pkg->path, p->name, zip_strerror(za));
	return 0;
}

/* Close za (writing into src, a buffer source kept open by the caller) and
 * copy the written archive into *out (caller frees).  za and src are gone
 * afterwards, whatever the result. */
static int close_to_mem(char **out, size_t *len, zip_t *za, zip_source_t *src, const char *name,
			gw_err *err)
{
	int rc;

	if (zip_close(za) < 0) {
		rc = gw_err_set(err, GW_EPACKAGE, "%s: cannot write package: %s", name,
				zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		return rc;
	}
	zip_stat_t st;
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
		zip_source_free(src);
		return gw_err_set(err, GW_EPACKAGE, "%s: cannot read back the written package",
				  name);
	}
	*out = xmalloc(st.size ? st.size : 1);
	zip_int64_t got = zip_source_read(src, *out, st.size);
	zip_source_close(src);
	zip_source_free(src);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(*out);
		*out = NULL;
		return gw_err_set(err, GW_EPACKAGE, "%s: cannot read back the written package",
				  name);
	}
	*len = (size_t)st.size;
	return 0;
}

/* A new archive writing into memory: *src is kept for close_to_mem. */
static int open_mem(zip_t **za, zip_source_t **src, const char *name, gw_err *err)
{
	zip_error_t ze;

	zip_error_init(&ze);
	*src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (*src == NULL)
		return zip_fail(err, name, NULL, &ze);
	zip_source_keep(*src);
	*za = zip_open_from_source(*src, ZIP_TRUNCATE, &ze);
	if (*za == NULL) {
		zip_source_free(*src);
		return zip_fail(err, name, NULL, &ze);
	}
	zip_error_fini(&ze);
	return 0;
}

int gw_pkg_write_mem(char **out, size_t *len, const gw_pkg *pkg, gw_err *err)
{
	zip_source_t *src;
	zip_t *za;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if ((rc = open_mem(&za, &src, pkg->path, err)) < 0)
		return rc;
	/* [Content_Types].xml first, as Office writes it; then the rest in order. */
	const part *ct = find(pkg, "[Content_Types].xml");
	if (ct)
		rc = add_entry(za, pkg, ct, err);
	for (size_t i = 0; i < pkg->nparts && rc == 0; i++)
		if (&pkg->parts[i] != ct)
			rc = add_entry(za, pkg, &pkg->parts[i], err);
	if (rc < 0) {
		zip_discard(za);
		zip_source_free(src);
		return rc;
	}
	return close_to_mem(out, len, za, src, pkg->path, err);
}

int gw_zip_write_mem(char **out, size_t *len, const gw_zip_entry *e, size_t n, const char *name,
		     gw_err *err)
{
	zip_source_t *src;
	zip_t *za;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = open_mem(&za, &src, name, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (add_bytes(za, e[i].name, e[i].data, e[i].len, e[i].stored) < 0)
			rc = gw_err_set(err, GW_EPACKAGE, "%s: %s: %s", name, e[i].name,
					zip_strerror(za));
	if (rc < 0) {
		zip_discard(za);
		zip_source_free(src);
		return rc;
	}
	return close_to_mem(out, len, za, src, name, err);
}

int gw_pkg_write(const gw_pkg *pkg, const char *path, gw_err *err)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = gw_pkg_write_mem(&data, &len, pkg, err)) < 0)
		return rc;
	rc = gw_file_write_atomic(path, data, len, err);
	free(data);
	return rc;
}

/* ==== Active content ==== */

/* The last segment of a relationship type URI ("…/relationships/image"). */
static const char *rel_kind(const char *type)
{
	const char *slash = type ? strrchr(type, '/') : NULL;
	return slash ? slash + 1 : type ? type : "";
}

static void active_item(const gw_pkg *pkg, const char *part, gw_active_fn cb, void *ctx,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void active_item(const gw_pkg *pkg, const char *part, gw_active_fn cb, void *ctx,
			const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	gw_str_sanitize(what); /* targets and field codes are the template's: one printable line */
	(void)pkg;
	cb(ctx, part, what, 0);
}

/* A part named vbaProject.bin (in any folder, any case). */
static int is_vba_name(const char *name)
{
	const char *slash = strrchr(name, '/');
	return strcasecmp(slash ? slash + 1 : name, "vbaProject.bin") == 0;
}

/* Is the main part's content type a macro-enabled one? */
static int macro_enabled(const gw_pkg *pkg)
{
	const part *ct = find(pkg, "[Content_Types].xml");
	return ct && (strstr(ct->data, macro_types[0][0]) || strstr(ct->data, macro_types[1][0]));
}

/* "DDEAUTO c:\\…" → is its first word one of the fields that run a program or
 * fetch a file when the document is opened or its fields are updated? */
static const char *active_field(const char *instr)
{
	static const char *const words[] = {"DDEAUTO", "DDE", "INCLUDETEXT", "INCLUDEPICTURE",
					    "LINK", "IMPORT", NULL};
	while (*instr == ' ' || *instr == '\t' || *instr == '\r' || *instr == '\n')
		instr++;
	size_t n = 0;
	while (instr[n] && instr[n] != ' ' && instr[n] != '\t' && instr[n] != '\\' && instr[n] != '"')
		n++;
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(instr, words[i], n) == 0)
			return words[i];
	return NULL;
}

static void field_check(const gw_pkg *pkg, const char *part, const char *instr, gw_active_fn cb,
			void *ctx)
{
	const char *w = active_field(instr);
	if (w == NULL)
		return;
	while (*instr == ' ' || *instr == '\t' || *instr == '\r' || *instr == '\n')
		instr++;
	int n = (int)strlen(instr);
	while (n > 0 && (instr[n - 1] == ' ' || instr[n - 1] == '\t'))
		n--;
	active_item(pkg, part, cb, ctx, "%s field '%.*s'%s (%s when the document is opened or its "
		    "fields are updated)", w, n > 80 ? 80 : n, instr, n > 80 ? "…" : "",
		    w[0] == 'D' ? "runs a program" : "fetches a file");
}

/* Fields of a part: w:fldSimple/@w:instr, and the w:instrText of complex
 * fields (between fldChar begin and separate, nested), joined. */
static void scan_fields(const gw_pkg *pkg, const char *part, xmlNodePtr n, gw_buf *stack,
			int *depth, gw_active_fn cb, void *ctx)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (strcmp(name, "fldSimple") == 0) {
			xmlChar *v = NULL;
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (strcmp((const char *)a->name, "instr") == 0)
					v = xmlNodeGetContent((xmlNodePtr)a);
			if (v)
				field_check(pkg, part, (const char *)v, cb, ctx);
			xmlFree(v);
		} else if (strcmp(name, "fldChar") == 0) {
			xmlChar *t = NULL;
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (strcmp((const char *)a->name, "fldCharType") == 0)
					t = xmlNodeGetContent((xmlNodePtr)a);
			if (t && strcmp((const char *)t, "begin") == 0) {
				if (*depth < 16)
					gw_buf_init(&stack[*depth]);
				++*depth;
			} else if (t && *depth > 0 && (strcmp((const char *)t, "separate") == 0 ||
						       strcmp((const char *)t, "end") == 0)) {
				if (*depth <= 16 && stack[*depth - 1].data) {
					gw_buf_add(&stack[*depth - 1], "", 0);
					field_check(pkg, part, stack[*depth - 1].data, cb, ctx);
					gw_buf_dispose(&stack[*depth - 1]);
				}
				if (strcmp((const char *)t, "end") == 0)
					--*depth;
			}
			xmlFree(t);
		} else if (strcmp(name, "instrText") == 0 && *depth > 0 && *depth <= 16) {
			xmlChar *v = xmlNodeGetContent(n);
			gw_buf_adds(&stack[*depth - 1], v ? (const char *)v : "");
			xmlFree(v);
		}
		scan_fields(pkg, part, n->children, stack, depth, cb, ctx);
	}
}

int gw_pkg_active(const gw_pkg *pkg, gw_active_fn cb, void *ctx, gw_err *err)
{
	const char *vba = NULL;
	int rc, nmacros = 0;

	for (size_t i = 0; i < pkg->nparts; i++) {
		const part *p = &pkg->parts[i];
		size_t n = strlen(p->name);
		/* Macros and ActiveX controls count where a relationship makes
		 * them part of the document; a vbaProject.bin or a macro-enabled
		 * content type without one is reported once below. */
		if (is_vba_name(p->name))
			vba = p->name;
		if (n > 5 && strcasecmp(p->name + n - 5, ".rels") == 0) {
			struct relset *set;
			if ((rc = rels_get(&set, pkg, p->name, err)) < 0)
				return rc;
			for (size_t k = 0; k < set->n; k++) {
				const rel *e = &set->rels[k];
				const char *kind = rel_kind(e->type), *id = e->id ? e->id : "?";
				const char *target = e->target ? e->target : "";
				if (strcmp(kind, "hyperlink") == 0) {
					if (e->external && strncasecmp(target, "http://", 7) != 0 &&
					    strncasecmp(target, "https://", 8) != 0 &&
					    strncasecmp(target, "mailto:", 7) != 0)
						active_item(pkg, p->name, cb, ctx, "relationship %s: a link to "
							    "'%.100s' (only http, https and mailto links are "
							    "allowed)", id, target);
				} else if (e->external) {
					active_item(pkg, p->name, cb, ctx, "relationship %s: external %s "
						    "'%.100s' (fetched when the document is opened)", id,
						    kind, target);
				} else if (strcmp(kind, "aFChunk") == 0) {
					active_item(pkg, p->name, cb, ctx, "relationship %s: altChunk "
						    "'%.100s' (foreign content Word imports when it opens "
						    "the document)", id, target);
				} else if (strcmp(kind, "vbaProject") == 0) {
					char what[400];
					snprintf(what, sizeof what, "relationship %s: macros (a VBA "
						 "project '%.100s')", id, target);
					gw_str_sanitize(what);
					cb(ctx, p->name, what, 1);
					nmacros++;
				} else if (strcmp(kind, "control") == 0) {
					active_item(pkg, p->name, cb, ctx, "relationship %s: an ActiveX "
						    "control '%.100s'", id, target);
				}
			}
			continue;
		}
		if (n > 4 && strcasecmp(p->name + n - 4, ".xml") == 0 &&
		    (memmem(p->data, p->len, "instrText", 9) || memmem(p->data, p->len, "fldSimple", 9))) {
			xmlDocPtr doc = NULL;
			gw_buf stack[16];
			int depth = 0;
			if ((rc = gw_pkg_xml_readonly(&doc, pkg, p->name, err)) < 0)
				return rc;
			memset(stack, 0, sizeof stack);
			scan_fields(pkg, p->name, xmlDocGetRootElement(doc), stack, &depth, cb, ctx);
			for (int k = 0; k < 16; k++)
				gw_buf_dispose(&stack[k]);
			xmlFreeDoc(doc);
		}
	}
	if (nmacros == 0 && vba)
		cb(ctx, vba, "macros (a VBA project)", 1);
	else if (nmacros == 0 && macro_enabled(pkg))
		cb(ctx, "[Content_Types].xml", "macros (a macro-enabled document type, .docm)", 1);
	return 0;
}

/* ==== Dropping macros ==== */

/* The part a relationships part belongs to: "word/_rels/document.xml.rels"
 * → "word/document.xml", "_rels/.rels" → "" (the package); NULL when rname
 * is not in a _rels folder.  Caller frees. */
static char *rels_source(const char *rname)
{
	size_t n = strlen(rname);
	const char *slash = strrchr(rname, '/');

	if (n < 5 || strcasecmp(rname + n - 5, ".rels") != 0 || slash == NULL ||
	    (size_t)(slash - rname) < 5 || strncmp(slash - 5, "_rels", 5) != 0 ||
	    (slash - rname > 5 && slash[-6] != '/'))
		return NULL;
	return xasprintf("%.*s%.*s", (int)(slash - 5 - rname), rname,
			 (int)(rname + n - 5 - (slash + 1)), slash + 1);
}

static void drop_part(gw_pkg *pkg, const char *name)
{
	part *p = find(pkg, name);

	if (p == NULL)
		return;
	forget_rels(pkg, p->name);
	free(p->name);
	free(p->data);
	memmove(p, p + 1, (size_t)(pkg->parts + pkg->nparts - (p + 1)) * sizeof *p);
	pkg->nparts--;
}

/* Append name to the list unless it is there. */
static void add_name(char ***list, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcasecmp((*list)[i], name) == 0)
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = xstrdup(name);
}

static int attr_is(xmlNodePtr n, const char *name, const char *value, int nocase)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	int same = v && (nocase ? strcasecmp((const char *)v, value) : strcmp((const char *)v, value)) == 0;
	xmlFree(v);
	return same;
}

int gw_pkg_drop_macros(gw_pkg *pkg, size_t *out_dropped, gw_err *err)
{
	char **dead = NULL, **rels = NULL;
	size_t ndead = 0, nrels = 0;
	xmlDocPtr doc = NULL;
	int rc = 0;

	if (out_dropped)
		*out_dropped = 0;
	for (size_t i = 0; i < pkg->nparts; i++) {
		size_t n = strlen(pkg->parts[i].name);
		if (n > 5 && strcasecmp(pkg->parts[i].name + n - 5, ".rels") == 0)
			add_name(&rels, &nrels, pkg->parts[i].name);
		else if (is_vba_name(pkg->parts[i].name))
			add_name(&dead, &ndead, pkg->parts[i].name);
	}
	/* Every relationship to a VBA project goes, with its target. */
	for (size_t i = 0; i < nrels && rc == 0; i++) {
		char *source = rels_source(rels[i]);
		int changed = 0;
		if (source == NULL || (rc = gw_pkg_xml(&doc, pkg, rels[i], err)) < 0) {
			free(source);
			continue;
		}
		xmlNodePtr root = xmlDocGetRootElement(doc), next;
		for (xmlNodePtr n = root ? root->children : NULL; n; n = next) {
			next = n->next;
			if (n->type != XML_ELEMENT_NODE)
				continue;
			char *type = prop(n, "Type"), *target = prop(n, "Target");
			if (strcmp(rel_kind(type), "vbaProject") == 0 &&
			    !attr_is(n, "TargetMode", "External", 0)) {
				char *t = target ? resolve(source, target) : NULL;
				if (t)
					add_name(&dead, &ndead, t);
				free(t);
				xmlUnlinkNode(n);
				xmlFreeNode(n);
				changed = 1;
			}
			free(type);
			free(target);
		}
		if (changed)
			gw_pkg_set_xml(pkg, rels[i], doc);
		xmlFreeDoc(doc);
		doc = NULL;
		free(source);
	}
	/* A dropped part's own relationships go with it, and the parts they
	 * name (a VBA project's vbaData.xml); the list grows as it is read. */
	for (size_t i = 0; i < ndead && rc == 0; i++) {
		char *rname = rels_name(dead[i]);
		struct relset *set;
		if (find(pkg, rname) && (rc = rels_get(&set, pkg, rname, err)) == 0) {
			for (size_t k = 0; k < set->n; k++) {
				char *t = set->rels[k].external || !set->rels[k].target ? NULL
					  : resolve(dead[i], set->rels[k].target);
				if (t)
					add_name(&dead, &ndead, t);
				free(t);
			}
			add_name(&dead, &ndead, rname);
		}
		free(rname);
	}
	/* [Content_Types].xml: no override for a dropped part, no default
	 * for a VBA project's extension, the plain main content type. */
	if (rc == 0 && find(pkg, "[Content_Types].xml") &&
	    (rc = gw_pkg_xml(&doc, pkg, "[Content_Types].xml", err)) == 0) {
		xmlNodePtr root = xmlDocGetRootElement(doc), next;
		for (xmlNodePtr n = root ? root->children : NULL; n; n = next) {
			next = n->next;
			if (n->type != XML_ELEMENT_NODE)
				continue;
			int drop = 0;
			for (size_t i = 0; i < ndead && !drop; i++) {
				char *pn = xasprintf("/%s", dead[i]);
				drop = strcmp((const char *)n->name, "Override") == 0 &&
				       attr_is(n, "PartName", pn, 1);
				free(pn);
			}
			if (strcmp((const char *)n->name, "Default") == 0 &&
			    attr_is(n, "ContentType", "application/vnd.ms-office.vbaProject", 1))
				drop = 1;
			for (size_t k = 0; k < 2 && !drop; k++)
				if (attr_is(n, "ContentType", macro_types[k][0], 1))
					xmlSetProp(n, BAD_CAST "ContentType", BAD_CAST macro_types[k][1]);
			if (drop) {
				xmlUnlinkNode(n);
				xmlFreeNode(n);
			}
		}
		gw_pkg_set_xml(pkg, "[Content_Types].xml", doc);
		xmlFreeDoc(doc);
	}
	for (size_t i = 0; i < ndead; i++) {
		if (rc == 0 && find(pkg, dead[i])) {
			drop_part(pkg, dead[i]);
			if (out_dropped)
				++*out_dropped;
		}
		free(dead[i]);
	}
	for (size_t i = 0; i < nrels; i++)
		free(rels[i]);
	free(dead);
	free(rels);
	return rc;
}
