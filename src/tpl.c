/*
 * tpl.c — the template compiler: finds docxtemplater-style tags in the text
 * of WordprocessingML parts, checks them like a compiler (every error, with
 * part, paragraph, text and caret), decides how each section repeats, and
 * cuts each part's XML into the node tree merge.c runs (tpl_int.h).
 *
 * How a part is compiled:
 * 1. Parse it (gw_pkg_xml: safe libxml2), number its paragraphs (w:p, in
 *    document order, table and text-box paragraphs included) and collect the
 *    text of each paragraph from its w:t elements (not under w:del).
 * 2. Find the tags in each paragraph's text; a tag may span many w:t (split
 *    runs, proofing marks, bookmarks, revisions).  Its text is moved into the
 *    w:t where it starts (so the value takes that run's formatting) and
 *    removed from the others.
 * 3. Pair sections ({/} closes the innermost) and place them (docxtemplater
 *    with paragraphLoop): {-w:p x} → the named enclosing elements repeat;
 *    across table cells → the rows repeat; open and close tags alone in
 *    sibling paragraphs → those paragraphs go (when they hold nothing else)
 *    and the ones between repeat; otherwise inline, which is only allowed
 *    when the XML between the tags repeats into well-formed XML (same
 *    element path on both sides).
 * 4. Put a cut mark (U+FDD0 index U+FDD1, a noncharacter no template holds)
 *    where each tag goes, serialise the tree with libxml2, and split the
 *    bytes at the marks into nodes, checking that sections nest in the
 *    bytes as their tags do.
 *
 * Active content (gw_pkg_active) is collected with the problems: compiling
 * refuses it unless allowed, inspecting lists it.
 *
 * Invariants: libxml2 trees live only inside one compile call; the compiled
 * template holds bytes and nodes from one arena.
 */
#include "tpl_int.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MARK_OPEN "\xEF\xB7\x90"  /* U+FDD0 */
#define MARK_CLOSE "\xEF\xB7\x91" /* U+FDD1 */
#define MAX_DIAGS 200

/* ==== Arena: every string and array of a template, freed in one call ==== */

typedef struct arena {
	void **p;
	size_t n, cap;
} arena;

static void *amalloc(arena *a, size_t n)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->p = xrealloc(a->p, a->cap * sizeof *a->p);
	}
	return a->p[a->n++] = xcalloc(1, n ? n : 1);
}

static char *astrndup(arena *a, const char *s, size_t n)
{
	char *d = amalloc(a, n + 1);
	if (n) /* s may be NULL for an empty string: memcpy(_, NULL, 0) is UB */
		memcpy(d, s, n);
	return d;
}

static void arena_free(arena *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->p[i]);
	free(a->p);
	free(a);
}

/* ==== Compile state ==== */

typedef struct seg {
	xmlNodePtr t;   /* the w:t element */
	size_t start;   /* offset of its text in the paragraph text */
	size_t len;
} seg;

typedef struct para {
	xmlNodePtr p;
	int num;
	seg *segs;
	size_t nsegs, capsegs;
	gw_buf text;
	const char *text_copy; /* arena copy for messages */
} para;

typedef struct ctag {
	tpl_tag *tag;
	size_t idx;      /* global index (cut mark number) */
	para *para;
	size_t start, end; /* byte range in the paragraph text */
	int partner;     /* index in part's ctag array of the matching open/close, -1 */
	int parent;      /* index of the open tag of the enclosing section, -1 */
	int bad;         /* had a syntax error */
	int keep_para;   /* GW_PLACE_PARAGRAPHS: 1 keep this tag's paragraph (emptied)
			    outside the section; 2 keep it only when the section shows
			    nothing (cells) */
	int in_body;     /* GW_PLACE_PARAGRAPHS: the tag's paragraph holds more than
			    the tag, so it stays (emptied of the tag) inside the body */
	xmlNodePtr elem; /* GW_PLACE_ELEMENT: the first (open) or last (close)
			    element repeated */
} ctag;

typedef struct compiler {
	const gw_pkg *pkg;
	const char *file;
	arena *ar;
	/* all tags of all parts */
	tpl_tag **tags;
	size_t ntags, captags;
	char **diags;
	size_t ndiags, capdiags;
	struct dkey { int para; size_t off, seq; } *dkeys; /* sort keys of diags */
	size_t extra_diags; /* beyond MAX_DIAGS */
	char **active;      /* active content: "FILE: PART: what" (gw_pkg_active) */
	size_t nactive;
	/* the current part */
	char *part;
	para *paras;
	size_t nparas, capparas;
	ctag *ct;
	size_t nct, capct;
	int misnested;
	size_t *tree;    /* sections open while the nodes are built (global indexes) */
	size_t ntree, captree;
} compiler;

static int is_w(xmlNodePtr n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       (strcmp((const char *)n->ns->href, W_NS) == 0 ||
		strcmp((const char *)n->ns->href, W_NS_STRICT) == 0) &&
	       strcmp((const char *)n->name, local) == 0;
}

/* ==== Diagnostics ==== */

static int wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* Display columns of s[0..n). */
static size_t columns(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t w = 0;

	while (p < end) {
		const char *at = p;
		int32_t c = gw_utf8_next(&p, end);
		if (c < 0) {
			/* A cut or broken sequence: one column, and move on (the
			 * decoder may not advance). */
			w++;
			if (p == at)
				p++;
			continue;
		}
		if (c >= 0xFDD0 && c <= 0xFDD1)
			continue;
		w += wide((uint32_t)c) ? 2 : 1;
	}
	return w;
}

/* Start of the code point containing s[i]. */
static size_t cp_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

void tpl_where(char *buf, size_t n, const gw_tpl *t, const tpl_tag *tag)
{
	snprintf(buf, n, "%s: %s, paragraph %d", t->file, tag->info.part, tag->info.paragraph);
}

/* Add "FILE: PART, paragraph N: cause" + the paragraph text + a caret line
 * under text[start..end). */
static void diag(compiler *c, const para *p, size_t start, size_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void diag(compiler *c, const para *p, size_t start, size_t end, const char *fmt, ...)
{
	gw_buf b;
	va_list ap;

	if (c->ndiags >= MAX_DIAGS) {
		c->extra_diags++;
		return;
	}
	gw_buf_init(&b);
	if (p)
		gw_buf_printf(&b, "%s: %s, paragraph %d: ", c->file, c->part, p->num);
	else
		gw_buf_printf(&b, "%s: %s: ", c->file, c->part);
	va_start(ap, fmt);
	char msg[600];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	gw_buf_adds(&b, msg);
	if (p) {
		const char *text = p->text.data;
		size_t len = p->text.len;
		/* Long paragraphs: a window around the tag, cut at code points. */
		size_t from = 0, to = len;
		if (columns(text, len) > 100) {
			from = start > 120 ? cp_start(text, start - 120) : 0;
			while (columns(text + from, start - from) > 40)
				from = cp_start(text, from + 4 > start ? start : from + 4);
			to = end;
			while (to < len && columns(text + from, to - from) < 100)
				to++;
			to = to < len ? cp_start(text, to) : len;
		}
		gw_buf_adds(&b, "\n  ");
		if (from > 0)
			gw_buf_adds(&b, "…");
		gw_buf_add(&b, text + from, to - from);
		if (to < len)
			gw_buf_adds(&b, "…");
		gw_buf_adds(&b, "\n  ");
		size_t pad = columns(text + from, start - from) + (from > 0 ? 1 : 0);
		for (size_t i = 0; i < pad; i++)
			gw_buf_addc(&b, ' ');
		size_t w = columns(text + start, ((end > start ? end : start + 1) > to ? to : (end > start ? end : start + 1)) - start);
		if (w > 200)
			w = 200;
		gw_buf_addc(&b, '^');
		for (size_t i = 1; i < w; i++)
			gw_buf_addc(&b, '~');
	}
	if (c->ndiags == c->capdiags) {
		c->capdiags = c->capdiags ? c->capdiags * 2 : 16;
		c->diags = xrealloc(c->diags, c->capdiags * sizeof *c->diags);
		c->dkeys = xrealloc(c->dkeys, c->capdiags * sizeof *c->dkeys);
	}
	c->dkeys[c->ndiags] = (struct dkey){p ? p->num : 0, start, c->ndiags};
	c->diags[c->ndiags++] = gw_buf_detach(&b, NULL);
}

/* Sort the problems of one part into reading order, as a compiler lists them. */
static void sort_diags(compiler *c, size_t from)
{
	for (size_t i = from + 1; i < c->ndiags; i++) {
		struct dkey k = c->dkeys[i];
		char *d = c->diags[i];
		size_t j = i;
		while (j > from && (c->dkeys[j - 1].para > k.para ||
				    (c->dkeys[j - 1].para == k.para && c->dkeys[j - 1].off > k.off))) {
			c->dkeys[j] = c->dkeys[j - 1];
			c->diags[j] = c->diags[j - 1];
			j--;
		}
		c->dkeys[j] = k;
		c->diags[j] = d;
	}
}

/* ==== Collecting paragraphs and their text ==== */

static para *new_para(compiler *c, xmlNodePtr p)
{
	if (c->nparas == c->capparas) {
		c->capparas = c->capparas ? c->capparas * 2 : 64;
		c->paras = xrealloc(c->paras, c->capparas * sizeof *c->paras);
	}
	para *np = &c->paras[c->nparas++];
	memset(np, 0, sizeof *np);
	np->p = p;
	np->num = (int)c->nparas;
	gw_buf_init(&np->text);
	return np;
}

static void collect(compiler *c, xmlNodePtr n, size_t cur)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(n, "del") || is_w(n, "moveFrom"))
			continue; /* deleted text is not template text */
		if (is_w(n, "p")) {
			new_para(c, n);
			collect(c, n->children, c->nparas); /* 1-based index of this paragraph */
			continue;
		}
		if (is_w(n, "t") && cur > 0) {
			para *p = &c->paras[cur - 1];
			xmlChar *s = xmlNodeGetContent(n);
			size_t len = s ? strlen((const char *)s) : 0;
			if (p->nsegs == p->capsegs) {
				p->capsegs = p->capsegs ? p->capsegs * 2 : 8;
				p->segs = xrealloc(p->segs, p->capsegs * sizeof *p->segs);
			}
			p->segs[p->nsegs++] = (seg){n, p->text.len, len};
			gw_buf_add(&p->text, s ? (const char *)s : "", len);
			xmlFree(s);
			continue;
		}
		collect(c, n->children, cur);
	}
}

/* ==== Tag syntax ==== */

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
	/* U+00A0 and U+3000 (Word and IMEs insert them) count as blanks too. */
	for (;;) {
		if (*e - *s >= 2 && memcmp(*s, "\xC2\xA0", 2) == 0)
			*s += 2;
		else if (*e - *s >= 3 && memcmp(*s, "\xE3\x80\x80", 3) == 0)
			*s += 3;
		else if (*e - *s >= 2 && memcmp(*e - 2, "\xC2\xA0", 2) == 0)
			*e -= 2;
		else if (*e - *s >= 3 && memcmp(*e - 3, "\xE3\x80\x80", 3) == 0)
			*e -= 3;
		else
			break;
		while (*s < *e && is_space(**s))
			(*s)++;
		while (*e > *s && is_space((*e)[-1]))
			(*e)--;
	}
}

static int name_char_ok(unsigned char ch)
{
	return ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '$';
}

/* Parse a path "a.b.c", ".", "$index"; 0 or -1. */
static int parse_path(tpl_path *out, arena *ar, const char *s, size_t n)
{
	memset(out, 0, sizeof *out);
	if (n == 1 && s[0] == '.') {
		out->kind = PATH_SELF;
		return 0;
	}
	if (n == 6 && memcmp(s, "$index", 6) == 0) {
		out->kind = PATH_INDEX;
		return 0;
	}
	if (n == 9 && memcmp(s, "$position", 9) == 0) {
		out->kind = PATH_POSITION;
		return 0;
	}
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return -1;
	int nseg = 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return -1;
			nseg++;
		} else if (!name_char_ok((unsigned char)s[i]) || s[i] == '$') {
			return -1;
		}
	}
	out->kind = PATH_NAME;
	out->seg = amalloc(ar, nseg * sizeof *out->seg);
	out->nseg = 0;
	for (size_t i = 0, st = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			out->seg[out->nseg++] = astrndup(ar, s + st, i - st);
			st = i + 1;
		}
	}
	return 0;
}

/* A quoted string at *p (", ', “”, ‘’); *p moves past it.  0 or -1. */
static int parse_quoted(char **out, arena *ar, const char **p, const char *e)
{
	const char *close;
	size_t ql;

	if (**p == '"' || **p == '\'') {
		close = **p == '"' ? "\"" : "'";
		ql = 1;
	} else if (e - *p >= 3 && memcmp(*p, "\xE2\x80\x9C", 3) == 0) { /* “ … ” */
		close = "\xE2\x80\x9D";
		ql = 3;
	} else if (e - *p >= 3 && memcmp(*p, "\xE2\x80\x98", 3) == 0) { /* ‘ … ’ */
		close = "\xE2\x80\x99";
		ql = 3;
	} else {
		return -1;
	}
	gw_buf b;
	gw_buf_init(&b);
	const char *s = *p + ql;
	size_t cl = strlen(close);
	while (s < e) {
		if ((size_t)(e - s) >= cl && memcmp(s, close, cl) == 0)
			break;
		if (*s == '\\' && s + 1 < e && ql == 1) {
			gw_buf_addc(&b, s[1]);
			s += 2;
			continue;
		}
		gw_buf_addc(&b, *s++);
	}
	if (s >= e) {
		gw_buf_dispose(&b);
		return -1;
	}
	*out = astrndup(ar, b.data, b.len);
	gw_buf_dispose(&b);
	*p = s + cl;
	return 0;
}

/* Parse one filter "name:arg:arg" in [s, e).  0 or -1 with why. */
static int parse_filter(tpl_filter *f, arena *ar, const char *s, const char *e, char *why,
			size_t wl)
{
	const char *p = s;
	tpl_arg args[8];
	int nargs = 0;

	while (p < e && *p != ':')
		p++;
	const char *ne = p, *ns = s;
	trim(&ns, &ne);
	if (ns == ne) {
		snprintf(why, wl, "empty filter name");
		return -1;
	}
	f->def = gw_filter_find(ns, (size_t)(ne - ns));
	if (f->def == NULL) {
		snprintf(why, wl, "unknown filter '%.*s'", (int)(ne - ns), ns);
		return -1;
	}
	while (p < e && *p == ':') {
		p++;
		while (p < e && is_space(*p))
			p++;
		if (nargs == 8) {
			snprintf(why, wl, "too many arguments to filter '%s'", f->def->name);
			return -1;
		}
		tpl_arg *a = &args[nargs++];
		memset(a, 0, sizeof *a);
		if (p < e && (*p == '"' || *p == '\'' || (unsigned char)*p == 0xE2)) {
			if (parse_quoted(&a->text, ar, &p, e) < 0) {
				snprintf(why, wl, "unterminated string in filter '%s'", f->def->name);
				return -1;
			}
		} else {
			const char *as = p;
			while (p < e && *p != ':')
				p++;
			const char *ae = p;
			trim(&as, &ae);
			if (as == ae) {
				snprintf(why, wl, "empty argument to filter '%s'", f->def->name);
				return -1;
			}
			if ((*as >= '0' && *as <= '9') || *as == '-') {
				a->text = astrndup(ar, as, (size_t)(ae - as));
			} else if (parse_path(&a->path, ar, as, (size_t)(ae - as)) == 0) {
				a->is_path = 1;
			} else {
				snprintf(why, wl, "bad argument '%.*s' to filter '%s'", (int)(ae - as),
					 as, f->def->name);
				return -1;
			}
		}
		while (p < e && is_space(*p))
			p++;
	}
	if (p < e) {
		snprintf(why, wl, "unexpected '%.*s' after filter '%s'", (int)(e - p), p,
			 f->def->name);
		return -1;
	}
	if (nargs < f->def->min_args || nargs > f->def->max_args) {
		snprintf(why, wl, "filter '%s' takes %s%d argument%s: %s", f->def->name,
			 f->def->min_args == f->def->max_args ? "" : "at most ",
			 f->def->max_args, f->def->max_args == 1 ? "" : "s", f->def->usage);
		return -1;
	}
	f->nargs = nargs;
	f->args = amalloc(ar, (nargs ? nargs : 1) * sizeof *f->args);
	memcpy(f->args, args, nargs * sizeof *args);
	return 0;
}

/* An XML qualified name as docxtemplater's dash syntax names elements. */
static int qname_ok(const char *s, size_t n)
{
	int colons = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		int start = i == 0 || s[i - 1] == ':';
		if (ch == ':') {
			if (start || i + 1 == n || ++colons > 1)
				return 0;
		} else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
			     (!start && ((ch >= '0' && ch <= '9') || ch == '-' || ch == '.')))) {
			return 0;
		}
	}
	return n > 0;
}

/* Parse the inside of a tag (between the braces) into tag.  0 or -1 with why. */
static int parse_tag(tpl_tag *tag, arena *ar, const char *s, const char *e, char *why, size_t wl)
{
	trim(&s, &e);
	tag->info.kind = GW_TAG_VAR;
	if (s == e) {
		snprintf(why, wl, "empty tag");
		return -1;
	}
	tag->info.element = "";
	switch (*s) {
	case '#': tag->info.kind = GW_TAG_OPEN; s++; break;
	case '^': tag->info.kind = GW_TAG_INVERSE; s++; break;
	case '/':
		tag->info.kind = GW_TAG_CLOSE;
		s++;
		trim(&s, &e);
		if (s == e) { /* {/}: closes the innermost open section */
			tag->info.name = "";
			tag->info.filters = "";
			return 0;
		}
		break;
	case '@':
		snprintf(why, wl, "raw XML tags {@…} are not supported");
		return -1;
	case '-': {
		/* {-w:p name}: docxtemplater's explicit loop element (its
		 * pattern /^-([^\s]+)\s(.+)/); without a blank it is a name. */
		const char *sp = s + 1;
		while (sp < e && !is_space(*sp))
			sp++;
		if (sp == e)
			break;
		if (!qname_ok(s + 1, (size_t)(sp - s - 1))) {
			snprintf(why, wl, "bad element name '%.*s' (an XML element such as w:p, "
				 "w:tr or w:tbl)", (int)(sp - s - 1), s + 1);
			return -1;
		}
		tag->info.kind = GW_TAG_OPEN;
		tag->info.element = astrndup(ar, s + 1, (size_t)(sp - s - 1));
		s = sp;
		break;
	}
	default: break;
	}
	/* Split at '|' outside quotes. */
	const char *bar = NULL;
	for (const char *p = s; p < e; p++) {
		if (*p == '"' || *p == '\'') {
			const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
			if (q == NULL)
				break;
			p = q;
		} else if (*p == '|') {
			bar = p;
			break;
		}
	}
	const char *ne = bar ? bar : e, *ns = s;
	trim(&ns, &ne);
	tag->info.name = astrndup(ar, ns, (size_t)(ne - ns));
	if (ns == ne) {
		snprintf(why, wl, "tag without a name");
		return -1;
	}
	if (parse_path(&tag->path, ar, ns, (size_t)(ne - ns)) < 0) {
		snprintf(why, wl, "bad name '%.*s' (names are letters, digits, _ and -, joined by "
			 "dots)", (int)(ne - ns), ns);
		return -1;
	}
	if (tag->info.kind != GW_TAG_VAR &&
	    (tag->path.kind == PATH_INDEX || tag->path.kind == PATH_POSITION)) {
		snprintf(why, wl, "'%s' is a number, not a section", tag->info.name);
		return -1;
	}
	tag->info.filters = "";
	if (bar == NULL)
		return 0;
	if (tag->info.kind != GW_TAG_VAR) {
		snprintf(why, wl, "filters apply to values only, not to section tags");
		return -1;
	}
	const char *fs = bar + 1, *fe = e;
	trim(&fs, &fe);
	tag->info.filters = astrndup(ar, fs, (size_t)(fe - fs));
	/* Count and parse the filters, splitting at '|' outside quotes. */
	tpl_filter fl[32];
	int nf = 0;
	const char *p = bar + 1, *start = p;
	for (;; p++) {
		if (p < e && (*p == '"' || *p == '\'')) {
			const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
			if (q) {
				p = q;
				continue;
			}
		}
		if (p < e && (unsigned char)*p == 0xE2 && e - p >= 3 &&
		    (memcmp(p, "\xE2\x80\x9C", 3) == 0 || memcmp(p, "\xE2\x80\x98", 3) == 0)) {
			const char *cl = p[2] == '\x9C' ? "\xE2\x80\x9D" : "\xE2\x80\x99";
			const char *q = memmem(p + 3, (size_t)(e - p - 3), cl, 3);
			if (q) {
				p = q + 2;
				continue;
			}
		}
		if (p == e || *p == '|') {
			if (nf == 32) {
				snprintf(why, wl, "too many filters");
				return -1;
			}
			memset(&fl[nf], 0, sizeof fl[nf]);
			if (parse_filter(&fl[nf], ar, start, p, why, wl) < 0)
				return -1;
			nf++;
			start = p + 1;
			if (p == e)
				break;
		}
	}
	tag->nfilters = nf;
	tag->filters = amalloc(ar, nf * sizeof *tag->filters);
	memcpy(tag->filters, fl, nf * sizeof *fl);
	return 0;
}

static ctag *add_ctag(compiler *c, para *p, size_t start, size_t end)
{
	if (c->nct == c->capct) {
		c->capct = c->capct ? c->capct * 2 : 64;
		c->ct = xrealloc(c->ct, c->capct * sizeof *c->ct);
	}
	ctag *t = &c->ct[c->nct++];
	memset(t, 0, sizeof *t);
	t->para = p;
	t->start = start;
	t->end = end;
	t->partner = -1;
	t->parent = -1;
	t->tag = amalloc(c->ar, sizeof *t->tag);
	t->tag->info.part = c->part;
	t->tag->info.paragraph = p->num;
	t->tag->info.offset = start;
	t->tag->info.source = astrndup(c->ar, p->text.data + start, end - start);
	t->tag->info.name = "";
	t->tag->info.filters = "";
	t->tag->info.element = "";
	t->tag->para_text = p->text_copy;
	t->tag->tag_len = end - start;
	if (c->ntags == c->captags) {
		c->captags = c->captags ? c->captags * 2 : 64;
		c->tags = xrealloc(c->tags, c->captags * sizeof *c->tags);
	}
	t->idx = c->ntags;
	c->tags[c->ntags++] = t->tag;
	return t;
}

/* Find the tags of one paragraph. */
static void scan_para(compiler *c, para *p)
{
	const char *s = p->text.data;
	size_t n = p->text.len;
	char why[400];

	if (n == 0 || (memchr(s, '{', n) == NULL && memchr(s, '}', n) == NULL))
		return;
	p->text_copy = astrndup(c->ar, s, n);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '}') {
			diag(c, p, i, i + 1, "unopened tag: '}' without '{'");
			continue;
		}
		if (s[i] != '{')
			continue;
		size_t j = i + 1;
		while (j < n && s[j] != '{' && s[j] != '}')
			j++;
		if (j == n || s[j] == '{') {
			size_t show = j - i > 40 ? cp_start(s, i + 40) - i : j - i;
			diag(c, p, i, j, "unclosed tag '%.*s%s' (no '}' in this paragraph)", (int)show,
			     s + i, show < j - i ? "…" : "");
			i = j - 1;
			continue;
		}
		ctag *t = add_ctag(c, p, i, j + 1);
		if (parse_tag(t->tag, c->ar, s + i + 1, s + j, why, sizeof why) < 0) {
			diag(c, p, i, j + 1, "%s in '%.*s'", why, (int)(j + 1 - i), s + i);
			t->bad = 1;
		}
		i = j;
	}
}

/* ==== Sections: pairing and placement ==== */

static void pair_sections(compiler *c)
{
	int *stack = xmalloc((c->nct + 1) * sizeof *stack);
	int sp = 0;

	for (size_t i = 0; i < c->nct; i++) {
		ctag *t = &c->ct[i];
		if (t->bad)
			continue;
		gw_tag_kind k = t->tag->info.kind;
		t->tag->info.depth = sp;
		t->parent = sp ? stack[sp - 1] : -1;
		if (k == GW_TAG_OPEN || k == GW_TAG_INVERSE) {
			stack[sp++] = (int)i;
		} else if (k == GW_TAG_CLOSE) {
			int at = sp - 1;
			int anon = t->tag->info.name[0] == '\0'; /* {/} closes the innermost */
			while (!anon && at >= 0 && strcmp(c->ct[stack[at]].tag->info.name, t->tag->info.name) != 0)
				at--;
			if (at < 0) {
				diag(c, t->para, t->start, t->end, "section end '%s' has no matching start%s%s%s",
				     t->tag->info.source, sp ? " (the open section is '" : "",
				     sp ? c->ct[stack[sp - 1]].tag->info.name : "", sp ? "')" : "");
				t->bad = 1;
				continue;
			}
			while (sp - 1 > at) {
				ctag *o = &c->ct[stack[--sp]];
				diag(c, o->para, o->start, o->end, "unclosed section '%s' (closed by '%s' of an outer section)",
				     o->tag->info.name, t->tag->info.source);
				o->bad = 1;
			}
			ctag *o = &c->ct[stack[--sp]];
			o->partner = (int)i;
			t->partner = stack[sp];
			t->tag->info.depth = sp;
			t->tag->info.name = o->tag->info.name;
		}
	}
	while (sp > 0) {
		ctag *o = &c->ct[stack[--sp]];
		diag(c, o->para, o->start, o->end, "unclosed section '%s'", o->tag->info.name);
		o->bad = 1;
	}
	free(stack);
}

/* The w:t holding the start of tag t. */
static xmlNodePtr start_node(const ctag *t)
{
	const para *p = t->para;
	for (size_t i = 0; i < p->nsegs; i++)
		if (t->start >= p->segs[i].start && t->start < p->segs[i].start + p->segs[i].len)
			return p->segs[i].t;
	return p->segs[p->nsegs - 1].t;
}

static int standalone(const ctag *t)
{
	const char *s = t->para->text.data;
	for (size_t i = 0; i < t->para->text.len; i++)
		if ((i < t->start || i >= t->end) && !is_space(s[i]))
			return 0;
	return 1;
}

static size_t ancestors(xmlNodePtr *out, size_t max, xmlNodePtr n)
{
	size_t k = 0;
	for (xmlNodePtr a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		k++;
	if (k > max)
		return 0;
	size_t i = k;
	for (xmlNodePtr a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		out[--i] = a;
	return k;
}

/* Are the paragraphs from op to ep all the block content of a table cell? */
static int cell_would_empty(xmlNodePtr op, xmlNodePtr ep)
{
	if (!is_w(op->parent, "tc"))
		return 0;
	int inside = 0;
	for (xmlNodePtr c = op->parent->children; c; c = c->next) {
		if (c == op)
			inside = 1;
		if (!inside && (is_w(c, "p") || is_w(c, "tbl") || is_w(c, "sdt")))
			return 0;
		if (c == ep)
			inside = 0;
	}
	return 1;
}

/* What a tag paragraph holds besides its text (extras). */
enum { EXTRA_BREAK = 1, EXTRA_SECT = 2, EXTRA_CONTENT = 4, EXTRA_MARK = 8 };

/* Elements that carry nothing of their own: formatting, proofing marks,
 * revision ids, the text (checked apart) and containers looked into. */
static int extras(xmlNodePtr n)
{
	static const char *const none[] = {"rPr", "proofErr", "lastRenderedPageBreak", "t", "tab",
					   "sdtPr", "sdtEndPr", "permStart", "permEnd", "noProof",
					   "softHyphen", "del", "moveFrom", "moveFromRangeStart",
					   "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
					   NULL};
	static const char *const into[] = {"r", "ins", "moveTo", "smartTag", "customXml", "sdt",
					   "sdtContent", "hyperlink", "dir", "bdo", NULL};
	int f = 0;

	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "pPr")) {
			for (xmlNodePtr d = c->children; d; d = d->next)
				if (is_w(d, "sectPr"))
					f |= EXTRA_SECT;
			continue;
		}
		if (is_w(c, "br") || is_w(c, "cr")) {
			f |= EXTRA_BREAK;
			continue;
		}
		if (is_w(c, "bookmarkStart") || is_w(c, "bookmarkEnd")) {
			f |= EXTRA_MARK;
			continue;
		}
		int k = 0;
		while (none[k] && !is_w(c, none[k]))
			k++;
		if (none[k])
			continue;
		k = 0;
		while (into[k] && !is_w(c, into[k]))
			k++;
		/* Anything else — a drawing, picture, object, field, note or
		 * comment reference, symbol, equation, … — is content. */
		f |= into[k] ? extras(c) : EXTRA_CONTENT;
	}
	return f;
}

/* "w:p" for an element written <w:p>: its name as a dash tag gives it. */
static int qname_is(xmlNodePtr n, const char *q)
{
	const char *colon = strchr(q, ':');
	const char *pfx = n->ns && n->ns->prefix ? (const char *)n->ns->prefix : NULL;
	if (colon)
		return pfx && strlen(pfx) == (size_t)(colon - q) && memcmp(pfx, q, colon - q) == 0 &&
		       strcmp((const char *)n->name, colon + 1) == 0;
	return pfx == NULL && strcmp((const char *)n->name, q) == 0;
}

static xmlNodePtr named_ancestor(xmlNodePtr n, const char *q)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (qname_is(n, q))
			return n;
	return NULL;
}

static int contains(xmlNodePtr anc, xmlNodePtr n)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

/* {-E name}…{/name}: the sibling E elements from the one around the open
 * tag to the one around the close tag repeat. */
static void place_element(compiler *c, ctag *o, ctag *e)
{
	const char *q = o->tag->info.element;
	xmlNodePtr ro = named_ancestor(start_node(o), q), re = named_ancestor(start_node(e), q);

	if (ro == NULL || re == NULL) {
		const ctag *t = ro == NULL ? o : e;
		diag(c, t->para, t->start, t->end, "no <%s> element around '%s' to repeat", q,
		     t->tag->info.source);
		return;
	}
	while (ro && re && ro->parent != re->parent) {
		if (contains(ro->parent, re))
			re = named_ancestor(re->parent, q);
		else
			ro = named_ancestor(ro->parent, q);
	}
	if (ro == NULL || re == NULL) {
		diag(c, o->para, o->start, o->end, "section '%s' starts and ends in <%s> elements "
		     "that are not siblings (paragraph %d)", o->tag->info.name, q, e->para->num);
		return;
	}
	if (ro->parent == NULL || ro->parent->type != XML_ELEMENT_NODE || is_w(ro, "body")) {
		diag(c, o->para, o->start, o->end, "section '%s' cannot repeat <%s>: a document has "
		     "one", o->tag->info.name, q);
		return;
	}
	o->elem = ro;
	e->elem = re;
	o->tag->info.place = e->tag->info.place = GW_PLACE_ELEMENT;
}

/* Decide how the section opened at ct[i] repeats. */
static void place_section(compiler *c, size_t i)
{
	ctag *o = &c->ct[i], *e = &c->ct[o->partner];
	xmlNodePtr ao[256], ae[256];
	size_t no = ancestors(ao, 256, start_node(o)), ne = ancestors(ae, 256, start_node(e));
	size_t l = 0;

	if (no == 0 || ne == 0) {
		diag(c, o->para, o->start, o->end, "section '%s' is nested too deeply", o->tag->info.name);
		return;
	}
	if (o->tag->info.element[0]) {
		place_element(c, o, e);
		return;
	}
	while (l < no && l < ne && ao[l] == ae[l])
		l++;
	xmlNodePtr lca = l ? ao[l - 1] : NULL;
	gw_tag_place pl = GW_PLACE_INLINE;
	if (lca && (is_w(lca, "tr") || is_w(lca, "tbl"))) {
		if (is_w(lca, "tbl") && !(is_w(ao[l], "tr") && is_w(ae[l], "tr"))) {
			diag(c, o->para, o->start, o->end,
			     "section '%s' spans table rows inside a content control; "
			     "put its start and end in plain rows", o->tag->info.name);
			return;
		}
		pl = GW_PLACE_ROWS;
	} else if (o->para != e->para && standalone(o) && standalone(e) &&
		   o->para->p->parent == e->para->p->parent) {
		pl = GW_PLACE_PARAGRAPHS;
	} else {
		/* Inline: repeating the XML between the tags must give well-formed XML. */
		int ok = no == ne;
		for (size_t k = l; ok && k < no; k++)
			ok = strcmp((const char *)ao[k]->name, (const char *)ae[k]->name) == 0;
		if (!ok) {
			diag(c, o->para, o->start, o->end,
			     "section '%s' ends in another structure than it starts (paragraph %d); "
			     "put its start and end in one paragraph, each alone in its own "
			     "paragraph, or in cells of one table",
			     o->tag->info.name, e->para->num);
			return;
		}
	}
	o->tag->info.place = pl;
	e->tag->info.place = pl;
	if (pl == GW_PLACE_PARAGRAPHS) {
		/* A tag paragraph goes only when it holds nothing but the tag.  One
		 * with a section break (w:pPr/w:sectPr: page size, margins, headers)
		 * stays outside the section, before or after it, or the page setup
		 * would go; so does one with only a bookmark (repeated, it would be
		 * many) and a closing paragraph with a page break (one break after
		 * the section, as docxtemplater).  Anything else — a picture, a
		 * field, an opening paragraph's break (each repetition starts on a
		 * new page) — stays in the body and repeats with it (docxtemplater
		 * keeps pictures and opening breaks so).  When
		 * the section fills a table cell, its closing paragraph is kept for
		 * when it shows nothing: a cell must hold a paragraph. */
		int fo = extras(o->para->p), fe = extras(e->para->p);
		if ((fo & EXTRA_SECT) || fo == EXTRA_MARK)
			o->keep_para = 1;
		else if (fo)
			o->in_body = 1;
		if (fe & EXTRA_SECT)
			e->keep_para = 1;
		else if (fe & EXTRA_CONTENT)
			e->in_body = 1;
		else if (fe)
			e->keep_para = 1;
		else if (cell_would_empty(o->para->p, e->para->p))
			e->keep_para = 2;
	}
}

/* ==== Cutting the part ==== */

static void put_mark(gw_buf *b, size_t idx)
{
	gw_buf_printf(b, MARK_OPEN "%zu" MARK_CLOSE, idx);
}

/* The end of a section's fallback: "U+FDD0 idx f U+FDD1" after the kept
 * close paragraph of a section that fills a table cell. */
static xmlNodePtr fallback_mark(xmlDocPtr doc, size_t idx)
{
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_printf(&b, MARK_OPEN "%zuf" MARK_CLOSE, idx);
	xmlNodePtr n = xmlNewDocTextLen(doc, (const xmlChar *)b.data, (int)b.len);
	gw_buf_dispose(&b);
	return n;
}

/* Rewrite the w:t texts of one paragraph: tag text moves to the w:t where the
 * tag starts, replaced by its cut mark (inline tags) or by nothing. */
static void rewrite_para(compiler *c, para *p, size_t first, size_t last)
{
	const char *s = p->text.data;

	for (size_t k = 0; k < p->nsegs; k++) {
		seg *sg = &p->segs[k];
		size_t so = sg->start, eo = sg->start + sg->len;
		int touched = 0;
		for (size_t i = first; i < last; i++)
			if (c->ct[i].start < eo && c->ct[i].end > so)
				touched = 1;
		if (!touched)
			continue;
		gw_buf b;
		gw_buf_init(&b);
		size_t pos = so;
		for (size_t i = first; i < last; i++) {
			ctag *t = &c->ct[i];
			if (t->end <= so || t->start >= eo)
				continue;
			if (t->start > pos)
				gw_buf_add(&b, s + pos, t->start - pos);
			if (t->start >= so && t->tag->info.place == GW_PLACE_INLINE)
				put_mark(&b, t->idx);
			pos = t->end < eo ? t->end : eo;
		}
		if (pos < eo)
			gw_buf_add(&b, s + pos, eo - pos);
		xmlNodeSetContent(sg->t, NULL);
		xmlNodeAddContentLen(sg->t, (const xmlChar *)b.data, (int)b.len);
		xmlNodeSetSpacePreserve(sg->t, 1);
		gw_buf_dispose(&b);
	}
}

static xmlNodePtr mark_node(xmlDocPtr doc, size_t idx)
{
	gw_buf b;
	gw_buf_init(&b);
	put_mark(&b, idx);
	xmlNodePtr n = xmlNewDocTextLen(doc, (const xmlChar *)b.data, (int)b.len);
	gw_buf_dispose(&b);
	return n;
}

static xmlNodePtr row_of(xmlNodePtr n)
{
	/* The w:tr that is a child of the w:tbl holding the section: the
	 * outermost w:tr below the tags' common table, found by place_section;
	 * here the nearest w:tr whose table also holds the partner. */
	while (n && !is_w(n, "tr"))
		n = n->parent;
	return n;
}

/* Put the cut marks of the part's sections into the tree. */
static void cut_sections(compiler *c, xmlDocPtr doc)
{
	for (size_t i = 0; i < c->nct; i++) {
		ctag *o = &c->ct[i];
		gw_tag_kind k = o->tag->info.kind;
		if (o->bad || (k != GW_TAG_OPEN && k != GW_TAG_INVERSE) || o->partner < 0)
			continue;
		ctag *e = &c->ct[o->partner];
		if (o->tag->info.place == GW_PLACE_ROWS) {
			xmlNodePtr ro = row_of(start_node(o)), re = row_of(start_node(e));
			/* Climb to the rows that are siblings (nested tables). */
			while (ro && re && ro->parent != re->parent) {
				if (contains(ro->parent, re))
					re = row_of(re->parent);
				else
					ro = row_of(ro->parent);
			}
			xmlAddPrevSibling(ro, mark_node(doc, o->idx));
			xmlAddNextSibling(re, mark_node(doc, e->idx));
		} else if (o->tag->info.place == GW_PLACE_ELEMENT) {
			xmlAddPrevSibling(o->elem, mark_node(doc, o->idx));
			xmlAddNextSibling(e->elem, mark_node(doc, e->idx));
		}
	}
	/* Paragraph sections last: they free the tag paragraphs. */
	for (size_t i = 0; i < c->nct; i++) {
		ctag *t = &c->ct[i];
		if (t->bad || t->tag->info.kind == GW_TAG_VAR || t->tag->info.place != GW_PLACE_PARAGRAPHS)
			continue;
		xmlNodePtr m = mark_node(doc, t->idx);
		if (t->in_body) {
			/* The paragraph stays (its tag text is gone) inside the body:
			 * the cut goes before an open paragraph, after a close one. */
			if (t->tag->info.kind == GW_TAG_CLOSE)
				xmlAddNextSibling(t->para->p, m);
			else
				xmlAddPrevSibling(t->para->p, m);
			continue;
		}
		if (t->keep_para) {
			/* The paragraph stays (its tag text is gone): the cut goes
			 * after an open paragraph, before a close one. */
			if (t->tag->info.kind == GW_TAG_CLOSE)
				xmlAddPrevSibling(t->para->p, m);
			else
				xmlAddNextSibling(t->para->p, m);
			if (t->keep_para == 2)
				xmlAddNextSibling(t->para->p, fallback_mark(doc, t->idx));
			continue;
		}
		xmlNodePtr old = xmlReplaceNode(t->para->p, m);
		xmlFreeNode(old);
		t->para->p = NULL;
	}
}

/* The repeated XML of sections nests otherwise than their tags: a section
 * repeating whole elements (rows, {-w:tbl x}) reaches outside the section
 * written around it.  Reported once per part. */
static void misnested(compiler *c, const ctag *t)
{
	if (c->misnested++)
		return;
	diag(c, t->para, t->start, t->end,
	     "section '%s' and a section inside it repeat overlapping parts of the document "
	     "(a row or element loop reaching outside its enclosing section); put the inner "
	     "section's tags inside what the outer one repeats", t->tag->info.name);
}

static tpl_node *build_nodes(compiler *c, const char *s, const char *end, size_t *pos,
			     size_t *nout, long want_close)
{
	tpl_node *v = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		const char *from = s + *pos;
		const char *m = memmem(from, (size_t)(end - from), MARK_OPEN, 3);
		const char *text_end = m ? m : end;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		if (text_end > from)
			v[n++] = (tpl_node){.kind = N_TEXT, .text = from, .len = (size_t)(text_end - from)};
		if (m == NULL) {
			*pos = (size_t)(end - s);
			break;
		}
		char *after;
		size_t idx = strtoul(m + 3, &after, 10);
		if (*after == 'f') {
			/* The text since the section's end is its fallback. */
			*pos = (size_t)(after - s) + 4;
			if (n >= 2 && v[n - 1].kind == N_TEXT && v[n - 2].kind == N_SECT) {
				v[n - 2].fallback = v[n - 1].text;
				v[n - 2].fallback_len = v[n - 1].len;
				n--;
			}
			continue;
		}
		*pos = (size_t)(after - s) + 3;
		tpl_tag *tag = c->tags[idx];
		if (tag->info.kind == GW_TAG_CLOSE) {
			/* A section that repeats a whole element (rows, {-w:tbl x}) can
			 * reach outside the section written around it. */
			const ctag *ce = &c->ct[idx - c->ct[0].idx];
			if ((long)c->ct[ce->partner].idx != want_close)
				misnested(c, &c->ct[ce->partner]);
			break;
		}
		/* A section may be pulled into one that repeats the element it
		 * stands in (a condition in a repeated row), but never around the
		 * section written around it. */
		const ctag *co = &c->ct[idx - c->ct[0].idx];
		if (tag->info.kind != GW_TAG_VAR && co->parent >= 0) {
			size_t k = 0;
			while (k < c->ntree && c->tree[k] != c->ct[co->parent].idx)
				k++;
			if (k == c->ntree)
				misnested(c, &c->ct[co->parent]);
		}
		if (tag->info.kind == GW_TAG_VAR) {
			v[n++] = (tpl_node){.kind = N_VAR, .tag = tag};
		} else {
			tpl_node sect = {.kind = N_SECT, .tag = tag};
			if (c->ntree == c->captree) {
				c->captree = c->captree ? c->captree * 2 : 16;
				c->tree = xrealloc(c->tree, c->captree * sizeof *c->tree);
			}
			c->tree[c->ntree++] = idx;
			sect.body = build_nodes(c, s, end, pos, &sect.nbody, (long)idx);
			c->ntree--;
			v[n++] = sect;
		}
	}
	/* Move into the arena so the template frees it in one call. */
	tpl_node *a = amalloc(c->ar, (n ? n : 1) * sizeof *a);
	memcpy(a, v, n * sizeof *v);
	free(v);
	*nout = n;
	return a;
}

/* ==== Parts ==== */

/* Do sections of the part repeat or remove whole blocks (paragraphs, rows,
 * elements)?  Then a cell, a table or a header may come out empty. */
static int needs_fixup(const compiler *c)
{
	for (size_t i = 0; i < c->nct; i++)
		if (c->ct[i].tag->info.kind != GW_TAG_VAR && c->ct[i].tag->info.place != GW_PLACE_INLINE)
			return 1;
	return 0;
}

/* The prefix the part's root gives the WordprocessingML namespace. */
static const char *w_prefix(compiler *c, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL || !root->ns || !root->ns->prefix || !root->ns->href ||
	    strcmp((const char *)root->ns->href, W_NS) != 0)
		return NULL;
	return astrndup(c->ar, (const char *)root->ns->prefix, strlen((const char *)root->ns->prefix));
}

static void reset_part(compiler *c)
{
	for (size_t i = 0; i < c->nparas; i++) {
		free(c->paras[i].segs);
		gw_buf_dispose(&c->paras[i].text);
	}
	c->nparas = 0;
	c->nct = 0;
	c->misnested = 0;
}

/* Analyse one part; with t, also cut it into t's next part. */
static int do_part(compiler *c, gw_tpl *t, const char *name, gw_err *err)
{
	const char *raw;
	size_t rawlen;
	xmlDocPtr doc = NULL;
	int rc;
	size_t diags_before = c->ndiags;

	if ((rc = gw_pkg_read(c->pkg, name, &raw, &rawlen, err)) < 0)
		return rc;
	if (memchr(raw, '{', rawlen) == NULL && memchr(raw, '}', rawlen) == NULL)
		return 0; /* no tags can be here: leave the part alone */
	if ((rc = gw_pkg_xml(&doc, c->pkg, name, err)) < 0)
		return rc;
	c->part = astrndup(c->ar, name, strlen(name));
	reset_part(c);
	collect(c, xmlDocGetRootElement(doc), 0);
	for (size_t i = 0; i < c->nparas; i++)
		scan_para(c, &c->paras[i]);
	if (c->nct == 0)
		goto done;
	if (memmem(raw, rawlen, MARK_OPEN, 3) || memmem(raw, rawlen, MARK_CLOSE, 3)) {
		diag(c, NULL, 0, 0, "the part holds the noncharacter U+FDD0 or U+FDD1, which "
		     "templates cannot contain");
		goto done;
	}
	pair_sections(c);
	for (size_t i = 0; i < c->nct; i++) {
		gw_tag_kind k = c->ct[i].tag->info.kind;
		if (!c->ct[i].bad && (k == GW_TAG_OPEN || k == GW_TAG_INVERSE) && c->ct[i].partner >= 0)
			place_section(c, i);
	}
	if (c->ndiags > diags_before || c->extra_diags)
		goto done;
	/* Inspecting cuts too (into a part thrown away): it checks how the
	 * sections nest in the bytes, as compiling does. */
	/* Cut: tag texts first (needs the paragraphs), then section marks. */
	for (size_t i = 0; i < c->nct;) {
		size_t j = i;
		while (j < c->nct && c->ct[j].para == c->ct[i].para)
			j++;
		rewrite_para(c, c->ct[i].para, i, j);
		i = j;
	}
	cut_sections(c, doc);
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	if (mem == NULL) {
		fprintf(stderr, "gongwen: out of memory serialising %s\n", name);
		abort();
	}
	tpl_part scratch, *tp = &scratch;
	if (t) {
		t->parts = xrealloc(t->parts, (t->nparts + 1) * sizeof *t->parts);
		tp = &t->parts[t->nparts++];
	}
	memset(tp, 0, sizeof *tp);
	tp->name = c->part;
	tp->xml = astrndup(c->ar, (const char *)mem, (size_t)len);
	tp->len = (size_t)len;
	xmlFree(mem);
	size_t pos = 0;
	tp->nodes = build_nodes(c, tp->xml, tp->xml + tp->len, &pos, &tp->nnodes, -1);
	tp->fixup = needs_fixup(c);
	tp->prefix = w_prefix(c, doc);
	tp->docpr = tp->fixup && memmem(tp->xml, tp->len, "docPr ", 6) != NULL;
done:
	sort_diags(c, diags_before);
	reset_part(c);
	xmlFreeDoc(doc);
	return 0;
}

static int is_tag_part(const char *name, const char *dir, size_t dirlen)
{
	if (strncmp(name, dir, dirlen) != 0 || strchr(name + dirlen, '/'))
		return 0;
	const char *b = name + dirlen;
	size_t n = strlen(b);
	if (n < 4 || strcmp(b + n - 4, ".xml") != 0)
		return 0;
	return strncmp(b, "header", 6) == 0 || strncmp(b, "footer", 6) == 0 ||
	       strcmp(b, "footnotes.xml") == 0 || strcmp(b, "endnotes.xml") == 0;
}

static void on_active(void *ctx, const char *part, const char *what)
{
	compiler *c = ctx;
	c->active = xrealloc(c->active, (c->nactive + 1) * sizeof *c->active);
	c->active[c->nactive++] = xasprintf("%s: %s: %s", c->file, part, what);
}

static int analyse(compiler *c, gw_tpl *t, gw_err *err)
{
	const char *main_part;
	int rc;

	if ((rc = gw_pkg_main_part(&main_part, c->pkg, err)) < 0)
		return rc;
	if ((rc = gw_pkg_active(c->pkg, on_active, c, err)) < 0)
		return rc;
	if ((rc = do_part(c, t, main_part, err)) < 0)
		return rc;
	const char *slash = strrchr(main_part, '/');
	size_t dirlen = slash ? (size_t)(slash - main_part + 1) : 0;
	for (size_t i = 0; i < gw_pkg_count(c->pkg); i++) {
		const char *n = gw_pkg_name(c->pkg, i);
		if (strcmp(n, main_part) != 0 && is_tag_part(n, main_part, dirlen))
			if ((rc = do_part(c, t, n, err)) < 0)
				return rc;
	}
	return 0;
}

static void compiler_dispose(compiler *c)
{
	reset_part(c);
	free(c->paras);
	free(c->ct);
	for (size_t i = 0; i < c->ndiags; i++)
		free(c->diags[i]);
	free(c->diags);
	free(c->dkeys);
	free(c->tags);
	free(c->tree);
	for (size_t i = 0; i < c->nactive; i++)
		free(c->active[i]);
	free(c->active);
}

/* The largest id="N" of a drawing's wp:docPr in any XML part: pictures a
 * section repeats are numbered after it (merge.c), so every id stays unique
 * in the document, as Word requires. */
static unsigned long docpr_max(const gw_pkg *pkg)
{
	unsigned long max = 0;
	for (size_t i = 0; i < gw_pkg_count(pkg); i++) {
		const char *name = gw_pkg_name(pkg, i), *s;
		size_t n = strlen(name), len;
		gw_err err = {0};
		if (n < 4 || strcmp(name + n - 4, ".xml") != 0 || gw_pkg_read(pkg, name, &s, &len, &err) < 0)
			continue;
		for (const char *p = s, *end = s + len; (p = memmem(p, (size_t)(end - p), "docPr id=\"", 10));) {
			p += 10;
			unsigned long v = strtoul(p, NULL, 10);
			if (v > max && v < 4000000000UL)
				max = v;
		}
	}
	return max;
}

/* ==== Public ==== */

int gw_tpl_compile(gw_tpl **out, const gw_pkg *pkg, gw_err *err)
{
	return gw_tpl_compile_opts(out, pkg, NULL, err);
}

int gw_tpl_compile_opts(gw_tpl **out, const gw_pkg *pkg, const gw_tpl_opts *o, gw_err *err)
{
	compiler c = {0};
	gw_tpl *t = xcalloc(1, sizeof *t);
	int rc;

	*out = NULL;
	t->pkg = pkg;
	t->arena = c.ar = xcalloc(1, sizeof(arena));
	t->file = astrndup(c.ar, gw_pkg_path(pkg), strlen(gw_pkg_path(pkg)));
	c.pkg = pkg;
	c.file = t->file;
	if ((rc = analyse(&c, t, err)) < 0)
		goto done;
	if (c.nactive > 0 && !(o && o->allow_active)) {
		size_t more = c.nactive - 1;
		rc = gw_err_set(err, GW_ETEMPLATE, "%s: active content refused%s", c.active[0],
				more ? " (and more)" : "");
		goto done;
	}
	for (size_t i = 0; i < c.nactive && o && o->warn; i++) {
		char *msg = xasprintf("%s: active content merged (--allow-active)", c.active[i]);
		o->warn(o->warn_ctx, msg);
		free(msg);
	}
	if (c.ndiags > 0) {
		size_t more = c.ndiags - 1 + c.extra_diags;
		char *nl = strchr(c.diags[0], '\n');
		char tail[64] = "";
		if (more)
			snprintf(tail, sizeof tail, " (and %zu more problem%s)", more, more == 1 ? "" : "s");
		rc = gw_err_set(err, GW_ETEMPLATE, "%.*s%s",
				nl ? (int)(nl - c.diags[0]) : (int)strlen(c.diags[0]), c.diags[0], tail);
		goto done;
	}
	t->docpr_max = docpr_max(pkg);
	t->ntags = c.ntags;
	t->tags = amalloc(c.ar, (c.ntags ? c.ntags : 1) * sizeof *t->tags);
	if (c.ntags) /* c.tags is NULL when there are none: memcpy(_, NULL, 0) is UB */
		memcpy(t->tags, c.tags, c.ntags * sizeof *c.tags);
	*out = t;
	t = NULL;
done:
	compiler_dispose(&c);
	gw_tpl_free(t);
	return rc;
}

void gw_tpl_free(gw_tpl *t)
{
	if (t == NULL)
		return;
	free(t->parts);
	arena_free(t->arena);
	free(t);
}

size_t gw_tpl_ntags(const gw_tpl *t)
{
	return t->ntags;
}

const gw_tag_info *gw_tpl_tag(const gw_tpl *t, size_t i)
{
	return &t->tags[i]->info;
}

int gw_tpl_inspect(gw_tpl_report **out, const gw_pkg *pkg, gw_err *err)
{
	compiler c = {0};
	gw_tpl_report *r = xcalloc(1, sizeof *r);
	int rc;

	*out = NULL;
	r->priv = c.ar = xcalloc(1, sizeof(arena));
	c.pkg = pkg;
	c.file = astrndup(c.ar, gw_pkg_path(pkg), strlen(gw_pkg_path(pkg)));
	if ((rc = analyse(&c, NULL, err)) < 0)
		goto done;
	r->ntags = c.ntags;
	r->tags = amalloc(c.ar, (c.ntags ? c.ntags : 1) * sizeof *r->tags);
	for (size_t i = 0; i < c.ntags; i++)
		r->tags[i] = c.tags[i]->info;
	if (c.extra_diags) {
		c.diags = xrealloc(c.diags, (c.ndiags + 1) * sizeof *c.diags);
		c.diags[c.ndiags++] = xasprintf("%s: (and %zu more problems)", c.file, c.extra_diags);
	}
	r->ndiags = c.ndiags;
	r->diags = c.diags;
	c.diags = NULL;
	c.ndiags = 0;
	r->nactive = c.nactive;
	r->active = c.active;
	c.active = NULL;
	c.nactive = 0;
	*out = r;
	r = NULL;
done:
	compiler_dispose(&c);
	gw_tpl_report_free(r);
	return rc;
}

void gw_tpl_report_free(gw_tpl_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->ndiags; i++)
		free(r->diags[i]);
	free(r->diags);
	for (size_t i = 0; i < r->nactive; i++)
		free(r->active[i]);
	free(r->active);
	arena_free(r->priv);
	free(r);
}
