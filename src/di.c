/*
 * di.c — DI files (104 revision) of the letters, and reading one back.
 *
 * Building: the letter's paragraphs are read by what they print ("地址：",
 * "承辦人：", "主旨：", "說明：", the numbered items, "正本：" …), so the DI
 * carries the wording of the merged template; the data tree gives what the
 * text does not say exactly: the sender's full name and 機關代碼, the date
 * (ISO, written in ROC form) and the 發文字號 split into 字, 年度 and 流水號.
 * A request letter whose agency has not numbered it (letter.date or
 * letter.doc_no empty) gets empty 發文日期 and 發文字號 for its 公文 system
 * to fill.  Text is escaped for XML (& < > " and nothing else is needed: the
 * model holds no control characters).
 *
 * Reading back (gw_di_check) uses libxml2 on bytes in memory with
 * XML_PARSE_NONET and without XML_PARSE_NOENT / XML_PARSE_DTDLOAD: the
 * internal subset is read (its unparsed entities are only declarations),
 * the external DTD and every external entity are never fetched, and an
 * entity reference in the text is an error.
 */
#include "di.h"
#include "docs.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== Building ==== */

static const char *jstr(const json_t *o, const char *path1, const char *key)
{
	const json_t *p = path1 ? json_object_get(o, path1) : o;
	const char *s = json_string_value(json_object_get(p, key));
	return s ? s : "";
}

static void esc(gw_buf *b, const char *s)
{
	if (s)
		gw_buf_add_xml(b, s, strlen(s));
}

/* <tag>text</tag> (or <tag/> for empty text) on its own line. */
static void elem(gw_buf *b, int indent, const char *tag, const char *text)
{
	gw_buf_printf(b, "%*s", indent * 2, "");
	if (!text || !*text) {
		gw_buf_printf(b, "<%s/>\n", tag);
		return;
	}
	gw_buf_printf(b, "<%s>", tag);
	esc(b, text);
	gw_buf_printf(b, "</%s>\n", tag);
}

/* The visible text of a paragraph, without its list label (caller frees). */
static char *para_text(const gw_para *p)
{
	gw_buf b;
	gw_buf_init(&b);
	gw_buf_adds(&b, "");
	for (const gw_inline *in = p->first; in; in = in->next) {
		if (in->rp.hidden)
			continue;
		if ((in->kind == GW_INL_TEXT || in->kind == GW_INL_FIELD) && in->text)
			gw_buf_add(&b, in->text, in->len);
		else if (in->kind == GW_INL_TAB || in->kind == GW_INL_BREAK)
			gw_buf_addc(&b, ' ');
	}
	return gw_buf_detach(&b, NULL);
}

/* The text after prefix, or NULL when s does not start with it. */
static const char *after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

typedef struct letter_parts {
	char *address, *recipient, *urgency, *secrecy, *attach, *subject, *copy_to, *cc, *sign;
	char *contact[8];
	int ncontact;
	gw_buf items; /* the 說明's 條列, already as XML */
	char *intro;  /* 說明's own 文字 */
} letter_parts;

static void parts_dispose(letter_parts *l)
{
	free(l->address);
	free(l->recipient);
	free(l->urgency);
	free(l->secrecy);
	free(l->attach);
	free(l->subject);
	free(l->copy_to);
	free(l->cc);
	free(l->sign);
	free(l->intro);
	for (int i = 0; i < l->ncontact; i++)
		free(l->contact[i]);
	gw_buf_dispose(&l->items);
}

static void set(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* Append text to *dst (a paragraph that continues the one before). */
static void append(char **dst, const char *s)
{
	char *n = xasprintf("%s%s", *dst ? *dst : "", s);
	free(*dst);
	*dst = n;
}

/* Walk the letter's body paragraphs and sort them into its parts. */
static void read_letter(letter_parts *l, const gw_doc *doc)
{
	enum { HEAD, SUBJECT, BODY, COPIES, END } state = HEAD;
	int stack[16], depth = 0; /* the indents of the open 條列 */
	char **last = NULL;       /* where a continuation paragraph goes */

	for (int s = 0; s < doc->nsections; s++) {
		for (const gw_block *b = doc->sections[s].body; b; b = b->next) {
			if (b->kind != GW_BLOCK_PARA)
				continue;
			const gw_para *p = &b->u.para;
			char *t = para_text(p);
			const char *v;
			if (state == HEAD && (v = after(t, "地址："))) {
				set(&l->address, v);
			} else if (state == HEAD && (after(t, "承辦人：") || after(t, "電話：") ||
						     after(t, "傳真：") || after(t, "電子信箱："))) {
				if (l->ncontact < 8)
					l->contact[l->ncontact++] = xstrdup(t);
			} else if (state == HEAD && (v = after(t, "受文者："))) {
				set(&l->recipient, v);
			} else if (state == HEAD && (v = after(t, "速別："))) {
				set(&l->urgency, v);
			} else if (state == HEAD && (v = after(t, "密等及解密條件或保密期限："))) {
				set(&l->secrecy, v);
			} else if (state == HEAD && (v = after(t, "附件："))) {
				set(&l->attach, v);
			} else if (state <= SUBJECT && (v = after(t, "主旨："))) {
				set(&l->subject, v);
				state = SUBJECT;
				last = &l->subject;
			} else if ((state == SUBJECT || state == BODY) && (v = after(t, "說明："))) {
				state = BODY;
				set(&l->intro, v);
				last = &l->intro;
			} else if (state >= SUBJECT && state <= COPIES && (v = after(t, "正本："))) {
				while (depth > 0) {
					gw_buf_printf(&l->items, "%*s</條列>\n", (depth + 1) * 2, "");
					depth--;
				}
				state = COPIES;
				set(&l->copy_to, v);
				last = NULL;
			} else if (state == COPIES && (v = after(t, "副本："))) {
				set(&l->cc, v);
			} else if (state == BODY && p->num_text && *p->num_text) {
				int ind = p->pp.ind_left;
				while (depth > 0 && stack[depth - 1] >= ind) {
					gw_buf_printf(&l->items, "%*s</條列>\n", (depth + 1) * 2, "");
					depth--;
				}
				if (depth < 16)
					stack[depth++] = ind;
				gw_buf_printf(&l->items, "%*s<條列 序號=\"", (depth + 1) * 2, "");
				esc(&l->items, p->num_text);
				gw_buf_adds(&l->items, "\">\n");
				elem(&l->items, depth + 2, "文字", t);
				last = NULL;
			} else if (state == COPIES && *t) {
				set(&l->sign, t);
				state = END;
			} else if (*t && last) {
				append(last, t); /* a paragraph that continues the one before */
			}
			free(t);
		}
	}
	while (depth > 0) {
		gw_buf_printf(&l->items, "%*s</條列>\n", (depth + 1) * 2, "");
		depth--;
	}
}

/* Split "A、B" into names (external recipients only: not 本局/本府… units of
 * the sender itself). */
static int recipients(char **out, int max, const char *list)
{
	int n = 0;
	const char *p = list ? list : "";
	while (*p && n < max) {
		const char *e = strstr(p, "、");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0 && strncmp(p, "本", 3) != 0)
			out[n++] = xstrndup(p, len);
		p += len + (e ? strlen("、") : 0);
	}
	return n;
}

/* The 機關代碼 of a name, when the tree knows it. */
static const char *code_of(const json_t *tree, const char *name)
{
	if (strcmp(name, jstr(tree, "agency", "name")) == 0)
		return jstr(tree, "agency", "code");
	if (strcmp(name, jstr(tree, "bureau", "name")) == 0)
		return jstr(tree, "bureau", "code");
	return "";
}

/* 「中市數網字第1150000001號」 → 字 中市數網字, 年度 115, 流水號 0000001. */
static void doc_number(gw_buf *b, const char *no)
{
	const char *di = strstr(no, "字第");
	gw_buf_adds(b, "  <發文字號>\n");
	if (*no && di) {
		const char *num = di + strlen("字第");
		size_t n = 0;
		while (num[n] >= '0' && num[n] <= '9')
			n++;
		char *zi = xstrndup(no, (size_t)(di - no) + strlen("字"));
		elem(b, 2, "字", zi);
		free(zi);
		gw_buf_adds(b, "    <文號>\n");
		char *year = xstrndup(num, n > 3 ? 3 : n), *serial = xstrndup(num + (n > 3 ? 3 : n),
									      n > 3 ? n - 3 : 0);
		elem(b, 3, "年度", year);
		elem(b, 3, "流水號", serial);
		free(year);
		free(serial);
		gw_buf_adds(b, "    </文號>\n");
	} else {
		/* Not numbered yet (or not in the 字第…號 form): the text as 字. */
		elem(b, 2, "字", no);
		gw_buf_adds(b, "    <文號>\n      <年度/>\n      <流水號/>\n    </文號>\n");
	}
	gw_buf_adds(b, "  </發文字號>\n");
}

static bool urgency_ok(const char *u)
{
	return strcmp(u, "普通件") == 0 || strcmp(u, "速件") == 0 || strcmp(u, "最速件") == 0;
}

int gw_di_build(char **di, char **sw, int kind, const json_t *tree, const gw_doc *letter,
		const char *base, const char *const *attachments, int n, gw_err *err)
{
	letter_parts l = {0};
	gw_buf b, r;
	char *names[32];
	int nnames = 0, rc = 0;
	bool bureau = kind != GW_DOC_REQUEST;

	*di = NULL;
	*sw = NULL;
	gw_buf_init(&b);
	gw_buf_init(&r);
	gw_buf_init(&l.items);
	read_letter(&l, letter);
	if (!l.subject) {
		rc = gw_err_set(err, GW_EDATA, "%s.di: the letter has no 主旨", base);
		goto done;
	}
	const char *urgency = l.urgency && *l.urgency ? l.urgency : "普通件";
	if (!urgency_ok(urgency)) {
		rc = gw_err_set(err, GW_EDATA, "%s.di: 速別 \"%s\" is not 普通件, 速件 or 最速件",
				base, urgency);
		goto done;
	}
	if (!l.attach || !*l.attach || strcmp(l.attach, "無") == 0)
		n = 0; /* the letter encloses nothing */
	nnames = recipients(names, 16, l.copy_to);
	nnames += recipients(names + nnames, 16, l.cc);

	gw_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<!DOCTYPE 函 SYSTEM \"104_2_utf8.dtd\" [\n");
	if (nnames > 1)
		gw_buf_printf(&b, "<!ENTITY 表單 SYSTEM \"%s.sw\" NDATA DI>\n", base);
	for (int i = 0; i < n; i++) {
		gw_buf_printf(&b, "<!ENTITY ATTCH%d SYSTEM \"", i + 1);
		esc(&b, attachments[i]);
		gw_buf_adds(&b, "\" NDATA _X>\n");
	}
	gw_buf_adds(&b, "<!NOTATION DI SYSTEM \"\">\n<!NOTATION _X SYSTEM \"\">\n]>\n<函>\n");

	const char *from = bureau ? "bureau" : "agency";
	gw_buf_adds(&b, "  <發文機關>\n");
	elem(&b, 2, "全銜", jstr(tree, from, "name"));
	elem(&b, 2, "機關代碼", jstr(tree, from, "code"));
	gw_buf_adds(&b, "  </發文機關>\n  <函類別 代碼=\"函\"/>\n");
	elem(&b, 1, "地址", l.address ? l.address : jstr(tree, from, "address"));
	for (int i = 0; i < l.ncontact; i++)
		elem(&b, 1, "聯絡方式", l.contact[i]);
	if (l.ncontact == 0)
		elem(&b, 1, "聯絡方式", "");

	gw_buf_adds(&b, "  <受文者>\n");
	if (nnames > 1) {
		gw_buf_adds(&b, "    <交換表 交換表單=\"表單\">如正副本行文單位</交換表>\n");
	} else {
		const char *to = l.recipient ? l.recipient : nnames ? names[0] : "";
		elem(&b, 2, "全銜", to);
		elem(&b, 2, "機關代碼", code_of(tree, to));
	}
	gw_buf_adds(&b, "  </受文者>\n");

	const char *date = bureau ? jstr(tree, "reply", "date") : jstr(tree, "letter", "date");
	const char *no = bureau ? jstr(tree, "reply", "doc_no") : jstr(tree, "letter", "doc_no");
	char *roc = *date ? gw_docs_roc_text(date) : xstrdup("");
	gw_buf_adds(&b, "  <發文日期>\n");
	elem(&b, 2, "年月日", roc);
	gw_buf_adds(&b, "  </發文日期>\n");
	free(roc);
	doc_number(&b, no);
	gw_buf_printf(&b, "  <速別 代碼=\"%s\"/>\n", urgency);
	if (l.secrecy && *l.secrecy) {
		gw_buf_adds(&b, "  <密等及解密條件或保密期限>\n");
		elem(&b, 2, "密等", l.secrecy);
		gw_buf_adds(&b, "  </密等及解密條件或保密期限>\n");
	}
	gw_buf_adds(&b, "  <附件>\n");
	elem(&b, 2, "文字", l.attach ? l.attach : "");
	if (n > 0) {
		gw_buf_adds(&b, "    <附件檔名 附件名=\"");
		for (int i = 0; i < n; i++)
			gw_buf_printf(&b, "%sATTCH%d", i ? " " : "", i + 1);
		gw_buf_adds(&b, "\"/>\n");
	}
	gw_buf_adds(&b, "  </附件>\n  <主旨>\n");
	elem(&b, 2, "文字", l.subject);
	gw_buf_adds(&b, "  </主旨>\n");
	if (l.intro || l.items.len) {
		gw_buf_adds(&b, "  <段落 段名=\"說明：\">\n");
		elem(&b, 2, "文字", l.intro ? l.intro : "");
		if (l.items.len)
			gw_buf_add(&b, l.items.data, l.items.len);
		gw_buf_adds(&b, "  </段落>\n");
	}
	static const char *copy_tags[] = {"正本", "副本"};
	const char *copy_text[] = {l.copy_to, l.cc};
	for (int k = 0; k < 2; k++) {
		if (!copy_text[k])
			continue;
		gw_buf_printf(&b, "  <%s>\n", copy_tags[k]);
		const char *p = copy_text[k];
		while (*p) {
			const char *e = strstr(p, "、");
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char *name = xstrndup(p, len);
			if (*name)
				elem(&b, 2, "全銜", name);
			free(name);
			p += len + (e ? strlen("、") : 0);
		}
		gw_buf_printf(&b, "  </%s>\n", copy_tags[k]);
	}
	elem(&b, 1, "署名", l.sign ? l.sign : "");
	gw_buf_adds(&b, "</函>\n");

	if (nnames > 1) {
		gw_buf_adds(&r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			    "<!DOCTYPE 交換表單 SYSTEM \"104_roster_utf8.dtd\">\n<交換表單>\n");
		for (int i = 0; i < nnames; i++) {
			elem(&r, 1, "全銜", names[i]);
			elem(&r, 1, "機關代碼", code_of(tree, names[i]));
		}
		gw_buf_adds(&r, "</交換表單>\n");
		*sw = gw_buf_detach(&r, NULL);
	}
	*di = gw_buf_detach(&b, NULL);
done:
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	parts_dispose(&l);
	gw_buf_dispose(&b);
	gw_buf_dispose(&r);
	return rc;
}

/* ==== Reading back ==== */

static bool is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *next_el(const xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

/* An entity reference anywhere below n (the text would depend on a file
 * the reader must never open). */
static const xmlNode *entity_ref(const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE)
			return n;
		if (n->type == XML_ELEMENT_NODE) {
			const xmlNode *r = entity_ref(n->children);
			if (r)
				return r;
		}
	}
	return NULL;
}

static int attr_is(const xmlNode *n, const char *attr, const char *const *allowed, char *got,
		   size_t gotsz)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	int ok = 0;
	snprintf(got, gotsz, "%s", v ? (const char *)v : "(none)");
	for (int i = 0; v && allowed[i]; i++)
		if (strcmp((const char *)v, allowed[i]) == 0)
			ok = 1;
	xmlFree(v);
	return ok;
}

/* Every 條列 below n has a non-empty 序號 and starts with 文字. */
static int check_items(const xmlNode *n, int *count, const char *name, gw_err *err)
{
	for (const xmlNode *c = next_el(n); c; c = next_el(c->next)) {
		if (is(c, "文字"))
			continue;
		if (!is(c, "條列"))
			return gw_err_set(err, GW_EDATA, "%s: line %d: <%s> in 說明", name, c->line,
					  (const char *)c->name);
		xmlChar *no = xmlGetProp(c, (const xmlChar *)"序號");
		int bad = !no || !*no;
		xmlFree(no);
		if (bad)
			return gw_err_set(err, GW_EDATA, "%s: line %d: 條列 without 序號", name,
					  c->line);
		if (!is(next_el(c->children), "文字"))
			return gw_err_set(err, GW_EDATA, "%s: line %d: 條列 does not start with 文字",
					  name, c->line);
		(*count)++;
		int rc = check_items(next_el(c->children)->next, count, name, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int gw_di_check(char **summary, const char *data, size_t len, const char *name, gw_err *err)
{
	/* The parts in order; 1 = required, 2 = repeatable and required. */
	static const struct { const char *tag; int req; } order[] = {
		{"發文機關", 2}, {"函類別", 1}, {"地址", 1}, {"聯絡方式", 2}, {"受文者", 1},
		{"發文日期", 1}, {"發文字號", 1}, {"速別", 1}, {"密等及解密條件或保密期限", 0},
		{"附件", 0}, {"主旨", 1}, {"段落", 0}, {"正本", 1}, {"副本", 0}, {"署名", 1},
	};
	static const char *const kinds[] = {"函", NULL};
	static const char *const urgencies[] = {"普通件", "速件", "最速件", NULL};
	static const char *const sections[] = {"說明：", NULL};
	xmlDocPtr doc = NULL;
	int rc = 0, items = 0;
	char got[256];

	if (summary)
		*summary = NULL;
	if (len > 16 * 1024 * 1024)
		return gw_err_set(err, GW_EDATA, "%s: larger than 16 MB", name);
	/* No XML_PARSE_NOENT (entities stay references), no DTDLOAD (the DTD
	 * is not fetched), NONET: nothing outside these bytes is read. */
	doc = xmlReadMemory(data, (int)len, name, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		rc = gw_err_set(err, GW_EXML, "%s: line %d: %s", name, e ? e->line : 0,
				e && e->message ? e->message : "not well-formed XML");
		if (err && rc < 0) {
			char *nl = strchr(err->msg, '\n');
			if (nl)
				*nl = 0;
		}
		goto done;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!is(root, "函")) {
		rc = gw_err_set(err, GW_EDATA, "%s: the root is <%s>, not <函>", name,
				root ? (const char *)root->name : "");
		goto done;
	}
	if (!doc->intSubset || !doc->intSubset->SystemID ||
	    strcmp((const char *)doc->intSubset->SystemID, "104_2_utf8.dtd") != 0) {
		rc = gw_err_set(err, GW_EDATA, "%s: the DOCTYPE does not name 104_2_utf8.dtd", name);
		goto done;
	}
	const xmlNode *ref = entity_ref(root->children);
	if (ref) {
		rc = gw_err_set(err, GW_EDATA, "%s: line %d: entity reference &%s; in the text "
				"(not expanded, never loaded)", name, ref->line,
				(const char *)ref->name);
		goto done;
	}
	size_t k = 0;
	for (const xmlNode *c = next_el(root->children); c; c = next_el(c->next)) {
		while (k < sizeof order / sizeof *order && !is(c, order[k].tag)) {
			if (order[k].req) {
				rc = gw_err_set(err, GW_EDATA, "%s: line %d: <%s> where <%s> must come",
						name, c->line, (const char *)c->name, order[k].tag);
				goto done;
			}
			k++;
		}
		if (k == sizeof order / sizeof *order) {
			rc = gw_err_set(err, GW_EDATA, "%s: line %d: <%s> out of order or unknown",
					name, c->line, (const char *)c->name);
			goto done;
		}
		if (is(c, "函類別") && !attr_is(c, "代碼", kinds, got, sizeof got)) {
			rc = gw_err_set(err, GW_EDATA, "%s: line %d: 函類別 代碼 \"%s\" is not 函",
					name, c->line, got);
			goto done;
		}
		if (is(c, "速別") && !attr_is(c, "代碼", urgencies, got, sizeof got)) {
			rc = gw_err_set(err, GW_EDATA, "%s: line %d: 速別 代碼 \"%s\" is not 普通件, "
					"速件 or 最速件", name, c->line, got);
			goto done;
		}
		if (is(c, "段落")) {
			if (!attr_is(c, "段名", sections, got, sizeof got)) {
				rc = gw_err_set(err, GW_EDATA, "%s: line %d: 段落 段名 \"%s\" is not 說明：",
						name, c->line, got);
				goto done;
			}
			if ((rc = check_items(c->children, &items, name, err)) < 0)
				goto done;
		}
		if (order[k].req != 2)
			k++;
		else if (!is(next_el(c->next), order[k].tag))
			k++;
	}
	for (; k < sizeof order / sizeof *order; k++)
		if (order[k].req) {
			rc = gw_err_set(err, GW_EDATA, "%s: <%s> is missing", name, order[k].tag);
			goto done;
		}
	if (summary)
		*summary = xasprintf("%s: ok: 函, %d 條列", name, items);
done:
	xmlFreeDoc(doc);
	return rc;
}
