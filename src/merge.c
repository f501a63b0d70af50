/*
 * merge.c — runs a compiled template (tpl_int.h) over a jansson data tree.
 *
 * The merge walks each part's node tree once, appending template bytes and
 * escaped values to one growing buffer: no XML parsing, no tree, no
 * re-serialisation, so a merge costs about the size of its output.  Parts
 * without tags are not touched (the package writer copies them as they
 * were compressed).  A part whose sections repeat or remove blocks gets one
 * more pass over its bytes (uncorrupt) that mends cells, tables and headers
 * the data left empty.
 *
 * Invariants: a value is emitted only inside a w:t (the compiler guarantees
 * it), so a line break is "</w:t><w:br/><w:t …>" and a tab likewise; text is
 * checked before it is written (nothing XML cannot carry gets out); on error
 * nothing is returned.
 */
#include "merge.h"
#include "tpl_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scope {
	const json_t *v;
	const tpl_tag *sect; /* the section that pushed it (NULL for the root) */
	long index;          /* element index when it is a list element, else -1 */
} scope;

typedef struct mctx {
	const gw_tpl *t;
	const gw_merge_opts *o;
	gw_err *err;
	gw_buf *out;
	scope *sc;
	size_t nsc, capsc;
} mctx;

/* ==== Lookup ==== */

static const json_t *descend(const json_t *v, const tpl_path *p, int from)
{
	for (int i = from; v && i < p->nseg; i++) {
		if (json_is_object(v)) {
			v = json_object_get(v, p->seg[i]);
		} else if (json_is_array(v)) {
			char *end;
			unsigned long k = strtoul(p->seg[i], &end, 10);
			v = (*end == 0 && p->seg[i][0] >= '0' && p->seg[i][0] <= '9')
				    ? json_array_get(v, k) : NULL;
		} else {
			v = NULL;
		}
	}
	return v;
}

/* The value of path in the scope chain; NULL when missing.  *owned is set
 * (and must be decref'd) for the loop counters.  *level: the scope found. */
static const json_t *lookup(mctx *m, const tpl_path *p, json_t **owned, size_t *level)
{
	*owned = NULL;
	*level = m->nsc - 1;
	switch (p->kind) {
	case PATH_SELF:
		return m->sc[m->nsc - 1].v;
	case PATH_INDEX:
	case PATH_POSITION:
		for (size_t i = m->nsc; i-- > 0;)
			if (m->sc[i].index >= 0)
				return *owned = json_integer(m->sc[i].index + (p->kind == PATH_POSITION));
		return NULL;
	default:
		for (size_t i = m->nsc; i-- > 0;) {
			const json_t *v = m->sc[i].v;
			if (json_is_object(v) && json_object_get(v, p->seg[0])) {
				*level = i;
				return descend(json_object_get(v, p->seg[0]), p, 1);
			}
		}
		return NULL;
	}
}

/* "devices[2].name": the data path of a tag's field found at scope level. */
static void field_name(gw_buf *b, mctx *m, const tpl_tag *tag, size_t level)
{
	for (size_t i = 1; i <= level && i < m->nsc; i++) {
		if (m->sc[i].sect == NULL)
			continue;
		gw_buf_adds(b, m->sc[i].sect->info.name);
		if (m->sc[i].index >= 0)
			gw_buf_printf(b, "[%ld]", m->sc[i].index + 1);
		gw_buf_addc(b, '.');
	}
	gw_buf_adds(b, tag->info.name);
}

static int fail(mctx *m, const tpl_tag *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(mctx *m, const tpl_tag *tag, const char *fmt, ...)
{
	char where[512], msg[600];
	va_list ap;

	tpl_where(where, sizeof where, m->t, tag);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return gw_err_set(m->err, GW_EDATA, "%s: tag %s: %s", where, tag->info.source, msg);
}

/* ==== Values ==== */

static const char BR[] = "</w:t><w:br/><w:t xml:space=\"preserve\">";
static const char TAB[] = "</w:t><w:tab/><w:t xml:space=\"preserve\">";

static void emit_escaped(gw_buf *out, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '\n': rep = BR; break;
		case '\t': rep = TAB; break;
		case '\r':
			rep = (i + 1 < n && s[i + 1] == '\n') ? "" : BR;
			break;
		default: continue;
		}
		gw_buf_add(out, s + run, i - run);
		gw_buf_adds(out, rep);
		run = i + 1;
	}
	gw_buf_add(out, s + run, n - run);
}

static int emit_var(mctx *m, const tpl_tag *tag)
{
	json_t *owned = NULL, *argowned[8] = {0};
	size_t level;
	gw_fval v = {0}, args[8];
	int rc = 0;
	gw_buf text;

	gw_buf_init(&v.text);
	gw_buf_init(&text);
	gw_buf_add(&text, "", 0); /* data never NULL: an empty value is "" */
	memset(args, 0, sizeof args);
	v.j = lookup(m, &tag->path, &owned, &level);
	for (int f = 0; f < tag->nfilters; f++) {
		const tpl_filter *fl = &tag->filters[f];
		char why[300] = "";
		for (int a = 0; a < fl->nargs; a++) {
			gw_buf_init(&args[a].text);
			if (fl->args[a].is_path) {
				size_t lv;
				args[a].j = lookup(m, &fl->args[a].path, &argowned[a], &lv);
			} else {
				args[a].is_text = 1;
				gw_buf_adds(&args[a].text, fl->args[a].text);
			}
		}
		int frc = fl->def->fn(&v, args, fl->nargs, why, sizeof why);
		for (int a = 0; a < fl->nargs; a++) {
			gw_buf_dispose(&args[a].text);
			json_decref(argowned[a]);
			argowned[a] = NULL;
			args[a] = (gw_fval){0};
		}
		if (frc < 0) {
			rc = fail(m, tag, "filter %s: %s", fl->def->name, why);
			goto done;
		}
	}
	if (!v.is_text && v.j == NULL) {
		gw_buf name;
		gw_buf_init(&name);
		field_name(&name, m, tag, m->nsc - 1);
		if (m->o && m->o->lenient) {
			if (m->o->warn) {
				char where[512], msg[1024];
				tpl_where(where, sizeof where, m->t, tag);
				snprintf(msg, sizeof msg, "%s: tag %s: no field '%s' in the data; left empty",
					 where, tag->info.source, name.data);
				m->o->warn(m->o->warn_ctx, msg);
			}
		} else {
			rc = fail(m, tag, "no field '%s' in the data", name.data);
		}
		gw_buf_dispose(&name);
		goto done;
	}
	const char *s;
	size_t n;
	if (v.is_text) {
		gw_buf_add(&v.text, "", 0);
		s = v.text.data;
		n = v.text.len;
	} else {
		if (gw_json_scalar_text(&text, v.j) < 0) {
			if (tag->path.kind == PATH_SELF) /* docxtemplater prints "[object Object]" */
				rc = fail(m, tag, "the current item is %s; name its fields (e.g. {%s}) or "
					  "use a section", json_is_array(v.j) ? "a list" : "an object",
					  json_is_object(v.j) && json_object_size(v.j)
						  ? json_object_iter_key(json_object_iter((json_t *)v.j))
						  : "field");
			else
				rc = fail(m, tag, "'%s' is %s; use a section {#%s}…{/%s} or the join filter",
					  tag->info.name, json_is_array(v.j) ? "a list" : "an object",
					  tag->info.name, tag->info.name);
			goto done;
		}
		s = text.data;
		n = text.len;
	}
	size_t at;
	const char *bad = gw_utf8_xml_invalid(s, n, &at);
	if (bad) {
		gw_buf name;
		gw_buf_init(&name);
		field_name(&name, m, tag, level);
		rc = fail(m, tag, "field '%s' cannot go into a document: %s at byte %zu", name.data,
			  bad, at);
		gw_buf_dispose(&name);
		goto done;
	}
	emit_escaped(m->out, s, n);
done:
	json_decref(owned);
	gw_buf_dispose(&v.text);
	gw_buf_dispose(&text);
	return rc;
}

/* ==== Walking ==== */

static void push(mctx *m, const json_t *v, const tpl_tag *sect, long index)
{
	if (m->nsc == m->capsc) {
		m->capsc = m->capsc ? m->capsc * 2 : 16;
		m->sc = xrealloc(m->sc, m->capsc * sizeof *m->sc);
	}
	m->sc[m->nsc++] = (scope){v, sect, index};
}

static int run(mctx *m, const tpl_node *nodes, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const tpl_node *nd = &nodes[i];
		if (nd->kind == N_TEXT) {
			gw_buf_add(m->out, nd->text, nd->len);
			continue;
		}
		if (nd->kind == N_VAR) {
			rc = emit_var(m, nd->tag);
			continue;
		}
		json_t *owned;
		size_t level;
		const json_t *v = lookup(m, &nd->tag->path, &owned, &level);
		int truthy = json_is_object(v) || gw_json_truthy(v);
		if (nd->fallback && (nd->tag->info.kind == GW_TAG_INVERSE ? truthy : !truthy))
			gw_buf_add(m->out, nd->fallback, nd->fallback_len);
		if (nd->tag->info.kind == GW_TAG_INVERSE) {
			if (!truthy)
				rc = run(m, nd->body, nd->nbody);
		} else if (json_is_array(v)) {
			size_t k;
			json_t *e;
			json_array_foreach(v, k, e) {
				push(m, e, nd->tag, (long)k);
				rc = run(m, nd->body, nd->nbody);
				m->nsc--;
				if (rc < 0)
					break;
			}
		} else if (truthy) {
			push(m, v, nd->tag, -1);
			rc = run(m, nd->body, nd->nbody);
			m->nsc--;
		}
		json_decref(owned);
	}
	return rc;
}

/* ==== Structure ==== */

/* Sections that repeat or remove blocks can leave what Word reports as a
 * damaged file: a table cell without a paragraph or ending with a table, a
 * table without rows, a row without cells, a header or footer without a
 * paragraph.  One pass over the merged part mends it as docxtemplater does: an
 * empty paragraph (<w:p/>) closes such a cell, header or footer; an empty
 * table or row goes.  The part is the template's serialisation with escaped
 * values (no '<' in text), so its elements are found by their tags. */
enum { FX_P, FX_TBL, FX_TR, FX_TC, FX_STORY, FX_SDT, FX_N };

typedef struct fxel {
	int kind;
	size_t at;    /* where its start tag begins in the new part */
	int rows;     /* FX_TBL: rows; FX_TR: cells */
	int any_p;    /* FX_TC, FX_STORY: holds a paragraph */
	int last_tbl; /* FX_TC, FX_STORY: the last block is a table */
} fxel;

static void uncorrupt(gw_buf *out, const char *pfx)
{
	static const char *const names[FX_N] = {"p", "tbl", "tr", "tc", NULL, "sdt"};
	const char *s = out->data, *end = out->data + out->len;
	size_t pl = strlen(pfx);
	gw_buf nb;
	fxel st[256];
	int sp = 0, changed = 0;

	gw_buf_init(&nb);
	const char *copied = s;
	for (const char *p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL;) {
		const char *q = p + 1;
		int closing = q < end && *q == '/';
		q += closing;
		if (q >= end || (size_t)(end - q) <= pl || memcmp(q, pfx, pl) != 0 || q[pl] != ':') {
			p = q;
			continue;
		}
		q += pl + 1;
		int kind = -1;
		for (int k = 0; k < FX_N; k++) {
			const char *n = names[k];
			if (k == FX_STORY)
				n = (end - q > 3 && (memcmp(q, "hdr", 3) == 0 || memcmp(q, "ftr", 3) == 0)) ? (q[0] == 'h' ? "hdr" : "ftr") : NULL;
			if (n == NULL)
				continue;
			size_t l = strlen(n);
			if ((size_t)(end - q) > l && memcmp(q, n, l) == 0 &&
			    (q[l] == '>' || q[l] == ' ' || q[l] == '/' || q[l] == '\n' || q[l] == '\t' || q[l] == '\r')) {
				kind = k;
				break;
			}
		}
		const char *gt = memchr(q, '>', (size_t)(end - q));
		if (kind < 0 || gt == NULL) {
			p = q;
			continue;
		}
		int selfclose = !closing && gt[-1] == '/';
		fxel *top = sp ? &st[sp - 1] : NULL;
		if (!closing) {
			if (kind == FX_TR && top && top->kind == FX_TBL)
				top->rows++;
			if (kind == FX_TC && top && top->kind == FX_TR)
				top->rows++;
			if (selfclose) {
				if ((kind == FX_P || kind == FX_SDT) && top &&
				    (top->kind == FX_TC || top->kind == FX_STORY)) {
					top->any_p = 1;
					top->last_tbl = 0;
				}
			} else if (sp < 256) {
				gw_buf_add(&nb, copied, (size_t)(p - copied));
				copied = p;
				st[sp++] = (fxel){.kind = kind, .at = nb.len};
			} else {
				/* Deeper than any real document: leave the part as it is. */
				gw_buf_dispose(&nb);
				return;
			}
			p = gt + 1;
			continue;
		}
		if (top == NULL || top->kind != kind) { /* not the structure expected: leave it */
			gw_buf_dispose(&nb);
			return;
		}
		fxel el = *top;
		sp--;
		fxel *parent = sp ? &st[sp - 1] : NULL;
		gw_buf_add(&nb, copied, (size_t)(p - copied));
		copied = p;
		if ((kind == FX_TBL || kind == FX_TR) && el.rows == 0) {
			/* A table without rows, a row without cells: dropped. */
			nb.len = el.at;
			copied = gt + 1;
			if (kind == FX_TR && parent && parent->kind == FX_TBL)
				parent->rows--;
			changed = 1;
		} else {
			if ((kind == FX_TC || kind == FX_STORY) && (!el.any_p || el.last_tbl)) {
				gw_buf_printf(&nb, "<%s:p/>", pfx);
				changed = 1;
			}
			if (parent && (parent->kind == FX_TC || parent->kind == FX_STORY)) {
				if (kind == FX_P || kind == FX_SDT) {
					parent->any_p = 1;
					parent->last_tbl = 0;
				} else if (kind == FX_TBL) {
					parent->last_tbl = 1;
				}
			}
		}
		p = gt + 1;
	}
	if (!changed) {
		gw_buf_dispose(&nb);
		return;
	}
	gw_buf_add(&nb, copied, (size_t)(end - copied));
	gw_buf_dispose(out);
	*out = nb;
}

/* Pictures a section repeats would share their wp:docPr id, which Word
 * reports as damaged content: the part's ids are renumbered from *next
 * (past every id of the template). */
static void renumber_docpr(gw_buf *out, unsigned long *next)
{
	static const char key[] = "docPr id=\"";
	const char *s = out->data, *end = out->data + out->len, *copied = s;
	gw_buf nb;

	gw_buf_init(&nb);
	for (const char *p = s; (p = memmem(p, (size_t)(end - p), key, sizeof key - 1));) {
		/* In a start tag "<wp:docPr id=": text never holds a raw '<'. */
		const char *b = p;
		if (b > s && b[-1] == ':')
			for (b--; b > s && (isalnum((unsigned char)b[-1]) || b[-1] == '_' || b[-1] == '-');)
				b--;
		if (b == s || b[-1] != '<') {
			p++;
			continue;
		}
		p += sizeof key - 1;
		const char *q = p;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		gw_buf_add(&nb, copied, (size_t)(p - copied));
		gw_buf_printf(&nb, "%lu", (*next)++);
		copied = p = q;
	}
	if (copied == s) {
		gw_buf_dispose(&nb);
		return;
	}
	gw_buf_add(&nb, copied, (size_t)(end - copied));
	gw_buf_dispose(out);
	*out = nb;
}

static int merge_part(gw_buf *out, const gw_tpl *t, const tpl_part *p, const json_t *data,
		      const gw_merge_opts *opts, unsigned long *next_docpr, gw_err *err)
{
	mctx m = {.t = t, .o = opts, .err = err, .out = out};
	int rc;

	push(&m, data, NULL, -1);
	rc = run(&m, p->nodes, p->nnodes);
	free(m.sc);
	if (rc == 0 && p->fixup && p->prefix)
		uncorrupt(out, p->prefix);
	if (rc == 0 && p->docpr)
		renumber_docpr(out, next_docpr);
	return rc;
}

int gw_tpl_merge_part(char **out, size_t *len, const gw_tpl *t, const char *part,
		      const json_t *data, const gw_merge_opts *opts, gw_err *err)
{
	gw_buf b;
	int rc;

	*out = NULL;
	*len = 0;
	for (size_t i = 0; i < t->nparts; i++) {
		if (strcmp(t->parts[i].name, part) != 0)
			continue;
		unsigned long next = t->docpr_max + 1;
		gw_buf_init(&b);
		if ((rc = merge_part(&b, t, &t->parts[i], data, opts, &next, err)) < 0) {
			gw_buf_dispose(&b);
			return rc;
		}
		*out = gw_buf_detach(&b, len);
		return 0;
	}
	return gw_err_set(err, GW_ENOTFOUND, "%s: %s: no tags in this part", t->file, part);
}

int gw_tpl_merge(gw_pkg **out, const gw_tpl *t, const json_t *data, const gw_merge_opts *opts,
		 gw_err *err)
{
	gw_pkg *pkg = NULL;
	char **bufs = xcalloc(t->nparts + 1, sizeof *bufs);
	size_t *lens = xcalloc(t->nparts + 1, sizeof *lens);
	int rc = 0;

	unsigned long next = t->docpr_max + 1;

	*out = NULL;
	/* Merge every part first: an error leaves no package half made. */
	for (size_t i = 0; i < t->nparts && rc == 0; i++) {
		gw_buf b;
		gw_buf_init(&b);
		rc = merge_part(&b, t, &t->parts[i], data, opts, &next, err);
		bufs[i] = gw_buf_detach(&b, &lens[i]);
	}
	if (rc == 0 && (rc = gw_pkg_clone(&pkg, t->pkg, err)) == 0) {
		for (size_t i = 0; i < t->nparts; i++) {
			gw_pkg_set(pkg, t->parts[i].name, bufs[i], lens[i]);
			bufs[i] = NULL;
		}
		*out = pkg;
	}
	for (size_t i = 0; i < t->nparts; i++)
		free(bufs[i]);
	free(bufs);
	free(lens);
	return rc;
}
