/*
 * font_pdf.c — embedding fonts into a libharu PDF as subsets, and drawing
 * text with them.
 *
 * Design: libharu's own TrueType path is not used at all (it keeps loca,
 * hmtx and cmap whole, reads only the BMP cmap, writes an invalid
 * ToUnicode, and SIGFPEs on upem 0).  Instead each used face becomes a
 * Type0 font (Identity-H) over a CIDFontType2 written with libharu's object
 * API: the glyph program is an hb-subset of only the used glyphs (no
 * hinting, no layout tables), CIDs are allocated per distinct character
 * (1..n, so two characters sharing a glyph still extract as themselves),
 * a CIDToGIDMap stream maps CIDs to the subset's glyph ids, and the
 * ToUnicode CMap maps each CID to its character with bfchar entries in
 * UTF-16BE (surrogate pairs beyond the BMP).  Text is drawn with raw
 * content-stream operators (TJ with position adjustments, so extraction
 * order = drawing order and no spurious spaces).  Streams are deflated
 * once (pdfio.c, libdeflate) and handed to libharu as they are, with /Filter
 * written by a write hook, so nothing is compressed twice.
 *
 * A built subset (struct fembed: compressed streams, widths, CIDs) does not
 * depend on the document, so each face keeps the last 16 it embedded
 * (process lifetime, least recently used dropped first).  A later document
 * draws its characters from the cached subsets that cover them with little
 * waste, and only the characters none covers are subset and compressed, as
 * one more font of the same face (gw_fonts_set_reuse).  In a mail merge only
 * the names and numbers are subset per document; a packet of documents
 * rendered just before (gw_pdffonts_group: one group per document) subsets
 * nothing at all.
 *
 * Invariants: gw_pdffonts_use for every character before
 * gw_pdffonts_embed; gw_pdffonts_show only after it.  Objects added to the
 * HPDF_Doc are owned by it.  Not thread-safe (one deflate compressor and the
 * face caches are per process).  Wraps hb-subset and libharu (objects).
 */
#include "font.h"
#include "font_int.h"
#include "pdfio.h"

#include <harfbuzz/hb-subset.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_doc.h>
#include <hpdf_gstate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== A small map: code point → value ==== */

typedef struct cpmap {
	uint32_t *keys; /* cp + 1; 0 = empty */
	uint32_t *vals;
	size_t cap, n;
} cpmap;

static size_t cp_hash(uint32_t k, size_t cap) { return (k * 2654435761u) & (cap - 1); }

static uint32_t *cpmap_slot(cpmap *m, uint32_t cp, int add)
{
	size_t i;
	if (m->cap == 0) {
		if (!add)
			return NULL;
		m->cap = 256;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->vals = xcalloc(m->cap, sizeof *m->vals);
	}
	for (i = cp_hash(cp + 1, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == cp + 1)
			return &m->vals[i];
	if (!add)
		return NULL;
	if (2 * (m->n + 1) > m->cap) {
		cpmap big = {xcalloc(2 * m->cap, sizeof(uint32_t)), xcalloc(2 * m->cap, sizeof(uint32_t)),
			     2 * m->cap, 0};
		for (size_t j = 0; j < m->cap; j++)
			if (m->keys[j])
				*cpmap_slot(&big, m->keys[j] - 1, 1) = m->vals[j];
		free(m->keys);
		free(m->vals);
		*m = big;
		return cpmap_slot(m, cp, add);
	}
	m->keys[i] = cp + 1;
	m->n++;
	return &m->vals[i];
}

static void cpmap_dispose(cpmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ==== A built font: document-independent, cacheable ==== */

typedef struct zstream {
	char *data;
	size_t len;
	int deflated;
} zstream;

/* Everything needed to write one embedded subset font into any document:
 * CIDs 1..n draw cps[0..n); streams already compressed. */
struct fembed {
	uint32_t *cps;
	size_t n;
	cpmap cids;       /* cp → CID */
	uint16_t *widths; /* [n + 1], 1/1000 em */
	int dw;
	char base[160];   /* ABCDEF+PostScriptName */
	size_t len1;      /* font program bytes before compression */
	zstream fontfile, tounicode, c2g, cidset;
	int refs;         /* the face's cache and each document using it */
	unsigned long used; /* when a document last chose it (for the cache) */
};

/* Drop one reference (NULL is fine); the last frees it. */
void fembed_free(struct fembed *fe)
{
	if (fe == NULL || --fe->refs > 0)
		return;
	free(fe->cps);
	cpmap_dispose(&fe->cids);
	free(fe->widths);
	free(fe->fontfile.data);
	free(fe->tounicode.data);
	free(fe->c2g.data);
	free(fe->cidset.data);
	free(fe);
}

/* ==== Per-document state ==== */

/* Fonts of one face in one document (or one group of a document): fe[0..nfe)
 * are subsets cached from earlier documents and at most one subset built
 * for the characters none of those covers; one reference each. */
#define MAXPARTS 6

typedef struct pface {
	gw_face *face;
	int group;
	cpmap seen;      /* cp → 1 when declared */
	uint32_t *cps;   /* declared characters, in order of first use */
	size_t ncps, capcps;
	int embedded;
	int nfe;
	struct fembed *fe[MAXPARTS];
	HPDF_Dict font[MAXPARTS];
	char res[MAXPARTS][16];
	cpmap where;     /* cp → font index << 16 | CID */
} pface;

/* A subset written into this PDF, so that groups sharing it share one copy. */
typedef struct emitted {
	const struct fembed *fe;
	HPDF_Dict font;
	char res[16];
} emitted;

struct gw_pdffonts {
	gw_fonts *fs;
	HPDF_Doc pdf;
	pface *faces;
	size_t nfaces, capfaces;
	int nres;
	int group;
	emitted *out;
	size_t nout;
	size_t subset_bytes, built_bytes;
};

/* Orders the uses of cached subsets; per thread, as a face is used by one
 * thread (the service's renderers each own theirs). */
static _Thread_local unsigned long clock_now;

gw_pdffonts *gw_pdffonts_new(gw_fonts *fs, void *hpdf)
{
	gw_pdffonts *pf = xcalloc(1, sizeof *pf);
	pf->fs = fs;
	pf->pdf = hpdf;
	return pf;
}

void gw_pdffonts_free(gw_pdffonts *pf)
{
	if (pf == NULL)
		return;
	for (size_t i = 0; i < pf->nfaces; i++) {
		pface *p = &pf->faces[i];
		cpmap_dispose(&p->seen);
		cpmap_dispose(&p->where);
		free(p->cps);
		for (int k = 0; k < p->nfe; k++)
			fembed_free(p->fe[k]);
	}
	free(pf->faces);
	free(pf->out);
	free(pf);
}

static pface *pface_for(gw_pdffonts *pf, gw_face *f, int add)
{
	for (size_t i = 0; i < pf->nfaces; i++)
		if (pf->faces[i].face == f && pf->faces[i].group == pf->group)
			return &pf->faces[i];
	if (!add)
		return NULL;
	if (pf->nfaces == pf->capfaces) {
		pf->capfaces = pf->capfaces ? 2 * pf->capfaces : 8;
		pf->faces = xrealloc(pf->faces, pf->capfaces * sizeof *pf->faces);
	}
	pface *p = &pf->faces[pf->nfaces++];
	memset(p, 0, sizeof *p);
	p->face = f;
	p->group = pf->group;
	return p;
}

void gw_pdffonts_use(gw_pdffonts *pf, gw_face *f, uint32_t cp)
{
	pface *p;

	if (pf == NULL || f == NULL || !f->ok)
		return;
	p = pface_for(pf, f, 1);
	if (p->embedded || cpmap_slot(&p->seen, cp, 0))
		return; /* after embedding: reported by show */
	if (p->ncps >= 65534)
		return; /* CIDs are 16-bit; show reports the overflow */
	*cpmap_slot(&p->seen, cp, 1) = 1;
	if (p->ncps == p->capcps) {
		p->capcps = p->capcps ? 2 * p->capcps : 256;
		p->cps = xrealloc(p->cps, p->capcps * sizeof *p->cps);
	}
	p->cps[p->ncps++] = cp;
}

/* ==== Streams ==== */

/* Compress data once (zlib format), keeping the raw bytes when that is not
 * smaller. */
static void zstream_make(zstream *z, const void *data, size_t n)
{
	z->deflated = gw_deflate(&z->data, &z->len, data, n);
}

static void fembed_release(void *fe) { fembed_free(fe); }

/* A new indirect stream object over z's bytes (not copied: the object holds
 * a reference to fe, whose bytes they are, until libharu frees it). */
static HPDF_Dict new_stream(gw_pdffonts *pf, struct fembed *fe, const zstream *z, gw_err *err)
{
	HPDF_Dict d = gw_hpdf_bytes(pf->pdf, z->data, z->len, z->deflated, fembed_release, fe);

	if (d != NULL)
		fe->refs++;
	else
		gw_err_set(err, GW_EPDF, "PDF: cannot write a stream (libharu error 0x%04lX)",
			   (unsigned long)HPDF_GetError(pf->pdf));
	return d;
}

/* ==== ToUnicode ==== */

static void utf16_hex(gw_buf *b, uint32_t cp)
{
	if (cp >= 0x10000) {
		uint32_t v = cp - 0x10000;
		gw_buf_printf(b, "%04X%04X", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
	} else {
		gw_buf_printf(b, "%04X", cp);
	}
}

void gw_pdffonts_tounicode(gw_buf *b, const uint32_t *cps, size_t n)
{
	gw_buf_adds(b, "/CIDInit /ProcSet findresource begin\n"
		       "12 dict begin\n"
		       "begincmap\n"
		       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		       "/CMapName /Adobe-Identity-UCS def\n"
		       "/CMapType 2 def\n"
		       "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t i = 0; i < n; i += 100) {
		size_t m = n - i < 100 ? n - i : 100;
		gw_buf_printf(b, "%zu beginbfchar\n", m);
		for (size_t j = i; j < i + m; j++) {
			gw_buf_printf(b, "<%04zX> <", j + 1);
			utf16_hex(b, cps[j]);
			gw_buf_adds(b, ">\n");
		}
		gw_buf_adds(b, "endbfchar\n");
	}
	gw_buf_adds(b, "endcmap\n"
		       "CMapName currentdict /CMap defineresource pop\n"
		       "end\n"
		       "end\n");
}

/* ==== Embedding ==== */

static void ps_name(char *out, size_t cap, const gw_face *f)
{
	const char *s = f->psname && f->psname[0] ? f->psname : f->family;
	size_t n = 0;
	for (; s && *s && n + 1 < cap; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_')
			out[n++] = *s;
	if (n == 0)
		n = (size_t)snprintf(out, cap, "Font");
	out[n] = '\0';
}

static int add_num_array(HPDF_Dict d, const char *key, const int *v, size_t n)
{
	HPDF_Array a = HPDF_Array_New(d->mmgr);
	if (a == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		HPDF_Array_AddNumber(a, v[i]);
	return HPDF_Dict_Add(d, key, a) == HPDF_OK ? 0 : -1;
}

static int libharu_fail(gw_pdffonts *pf, const char *what, gw_err *err)
{
	return gw_err_set(err, GW_EPDF, "PDF: cannot %s (libharu error 0x%04lX)", what,
			  (unsigned long)HPDF_GetError(pf->pdf));
}

/* Subsets of one face after which it is preprocessed for subsetting. */
#define PREPROCESS_AFTER 40

/* Subset face f to the glyphs of cps[0..n) and compress everything once.
 * *out is the caller's (fembed_free). */
static int build(struct fembed **out, gw_face *f, const uint32_t *cps, size_t n, gw_err *err)
{
	struct fembed *fe = xcalloc(1, sizeof *fe);
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	const hb_map_t *o2n;
	uint32_t *ogid = NULL;
	uint16_t *c2g = NULL;
	uint8_t *cidset = NULL;
	gw_buf tu;
	unsigned int blen = 0;
	const char *bytes;
	char psn[100];
	uint32_t h = 2166136261u;
	int rc = 0;
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('v', 'h', 'e', 'a'),
		HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('m', 'o', 'r', 'x'),
		HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
		HB_TAG('V', 'D', 'M', 'X'), HB_TAG('c', 'm', 'a', 'p'), HB_TAG('m', 'e', 't', 'a'),
		HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
		HB_TAG('F', 'F', 'T', 'M'), HB_TAG('P', 'C', 'L', 'T'), HB_TAG('k', 'e', 'r', 'x'),
	};

	*out = NULL;
	gw_buf_init(&tu);
	fe->refs = 1;
	fe->n = n;
	fe->cps = xmalloc((n + 1) * sizeof *fe->cps);
	memcpy(fe->cps, cps, n * sizeof *cps);
	fe->widths = xcalloc(n + 1, sizeof *fe->widths);
	/* Plan: only the glyphs of the used characters (and composite parts). */
	in = hb_subset_input_create_or_fail();
	if (in == NULL) {
		rc = gw_err_set(err, GW_EFONT, "%s: hb-subset: cannot create input", f->path);
		goto done;
	}
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop[i]);
	hb_set_t *gs = hb_subset_input_glyph_set(in);
	hb_set_clear(hb_subset_input_unicode_set(in));
	hb_set_add(gs, 0);
	ogid = xcalloc(n + 1, sizeof *ogid);
	for (size_t i = 0; i < n; i++) {
		uint32_t g = 0;
		gw_face_glyph(f, cps[i], &g); /* 0 (.notdef) if the face lacks it */
		ogid[i + 1] = g;
		hb_set_add(gs, g);
		fe->widths[i + 1] = (uint16_t)gw_face_glyph_advance(f, g);
		*cpmap_slot(&fe->cids, cps[i], 1) = (uint32_t)(i + 1);
		h = (h ^ cps[i]) * 16777619u;
	}
	fe->widths[0] = (uint16_t)gw_face_glyph_advance(f, 0);
	/* A process that subsets this face again and again (a batch) pays once
	 * for hb_subset_preprocess (≈ 140 ms for TW-Kai, measured) and then plans
	 * each subset from it in ≈ 0.1 ms instead of 1–4 ms; a single document
	 * never reaches the threshold. */
	if (f->prepped == NULL && ++f->nbuilds == PREPROCESS_AFTER)
		f->prepped = hb_subset_preprocess(f->face);
	plan = hb_subset_plan_create_or_fail(f->prepped ? f->prepped : f->face, in);
	if (plan == NULL) {
		rc = gw_err_set(err, GW_EFONT, "%s: hb-subset cannot plan a subset of this font", f->path);
		goto done;
	}
	o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
	c2g = xcalloc(n + 1, sizeof *c2g);
	for (size_t i = 0; i <= n; i++) {
		hb_codepoint_t ng = hb_map_get(o2n, ogid[i]);
		if (ng == HB_MAP_VALUE_INVALID) {
			rc = gw_err_set(err, GW_EFONT, "%s: hb-subset dropped glyph %u", f->path, ogid[i]);
			goto done;
		}
		/* CIDToGIDMap is big-endian 16-bit. */
		c2g[i] = (uint16_t)((ng >> 8) | (ng << 8));
	}
	sub = hb_subset_plan_execute_or_fail(plan);
	/* hb_subset on garbage can "succeed" with an empty font: count glyphs. */
	if (sub == NULL || hb_face_get_glyph_count(sub) == 0) {
		rc = gw_err_set(err, GW_EFONT, "%s: hb-subset failed on this font", f->path);
		goto done;
	}
	blob = hb_face_reference_blob(sub);
	bytes = hb_blob_get_data(blob, &blen);
	if (blen < 12) {
		rc = gw_err_set(err, GW_EFONT, "%s: hb-subset produced an empty font", f->path);
		goto done;
	}
	fe->len1 = blen;
	zstream_make(&fe->fontfile, bytes, blen);
	zstream_make(&fe->c2g, c2g, 2 * (n + 1));
	gw_pdffonts_tounicode(&tu, cps, n);
	zstream_make(&fe->tounicode, tu.data, tu.len);
	/* CIDSet (PDF/A-1 wants it for subsets): every CID 0..n is present. */
	cidset = xcalloc((n + 1 + 7) / 8, 1);
	for (size_t c = 0; c <= n; c++)
		cidset[c / 8] |= (uint8_t)(0x80 >> (c % 8));
	zstream_make(&fe->cidset, cidset, (n + 1 + 7) / 8);
	/* DW is the commonest width (sampled over the first 64 CIDs). */
	{
		size_t best = 0, cnt;
		fe->dw = 1000;
		for (size_t i = 1; i <= n && i < 64; i++) {
			cnt = 0;
			for (size_t j = 1; j <= n; j++)
				cnt += fe->widths[j] == fe->widths[i];
			if (cnt > best) {
				best = cnt;
				fe->dw = fe->widths[i];
			}
		}
	}
	/* Names: a subset tag from the character set, as PDF asks. */
	ps_name(psn, sizeof psn, f);
	h ^= (uint32_t)n;
	snprintf(fe->base, sizeof fe->base, "%c%c%c%c%c%c+%s", 'A' + h % 26, 'A' + h / 26 % 26,
		 'A' + h / 676 % 26, 'A' + h / 17576 % 26, 'A' + h / 456976 % 26,
		 'A' + h / 11881376 % 26, psn);
	*out = fe;
	fe = NULL;
done:
	fembed_free(fe);
	free(ogid);
	free(c2g);
	free(cidset);
	gw_buf_dispose(&tu);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	return rc;
}

/* Write fe into the document: Type0 → CIDFontType2 → FontDescriptor. */
static int emit(HPDF_Dict *out, gw_pdffonts *pf, gw_face *f, struct fembed *fe, gw_err *err)
{
	HPDF_Dict type0, cidf, desc, ff, s, si;
	HPDF_Array arr;
	HPDF_Xref xref = pf->pdf->xref;
	HPDF_MMgr mm = pf->pdf->mmgr;
	HPDF_STATUS st = HPDF_OK;
	int rc = 0;
	int bb[4] = {f->bbox[0] * 1000 / (int)f->upem, f->bbox[1] * 1000 / (int)f->upem,
		     f->bbox[2] * 1000 / (int)f->upem, f->bbox[3] * 1000 / (int)f->upem};

	*out = NULL;
	if ((ff = new_stream(pf, fe, &fe->fontfile, err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	st |= HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)fe->len1);

	desc = HPDF_Dict_New(mm);
	if (desc == NULL || HPDF_Xref_Add(xref, desc) != HPDF_OK) {
		rc = libharu_fail(pf, "create a font descriptor", err);
		goto done;
	}
	st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	st |= HPDF_Dict_AddName(desc, "FontName", fe->base);
	st |= HPDF_Dict_AddNumber(desc, "Flags", 4 | (f->italic || f->italic_angle != 0 ? 64 : 0));
	st |= add_num_array(desc, "FontBBox", bb, 4) ? 1 : 0;
	st |= HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)f->italic_angle);
	st |= HPDF_Dict_AddNumber(desc, "Ascent", gw_face_ascent(f));
	st |= HPDF_Dict_AddNumber(desc, "Descent", -gw_face_descent(f));
	st |= HPDF_Dict_AddNumber(desc, "CapHeight", f->cap_height > 0 ? f->cap_height * 1000 / (int)f->upem
								      : gw_face_ascent(f));
	st |= HPDF_Dict_AddNumber(desc, "StemV", f->bold ? 120 : 80);
	st |= HPDF_Dict_Add(desc, "FontFile2", ff);
	if ((s = new_stream(pf, fe, &fe->cidset, err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	st |= HPDF_Dict_Add(desc, "CIDSet", s);

	cidf = HPDF_Dict_New(mm);
	if (cidf == NULL || HPDF_Xref_Add(xref, cidf) != HPDF_OK) {
		rc = libharu_fail(pf, "create a CID font", err);
		goto done;
	}
	st |= HPDF_Dict_AddName(cidf, "Type", "Font");
	st |= HPDF_Dict_AddName(cidf, "Subtype", "CIDFontType2");
	st |= HPDF_Dict_AddName(cidf, "BaseFont", fe->base);
	if ((si = HPDF_Dict_New(mm)) == NULL) {
		rc = libharu_fail(pf, "create CIDSystemInfo", err);
		goto done;
	}
	st |= HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	st |= HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	st |= HPDF_Dict_AddNumber(si, "Supplement", 0);
	st |= HPDF_Dict_Add(cidf, "CIDSystemInfo", si);
	st |= HPDF_Dict_Add(cidf, "FontDescriptor", desc);
	st |= HPDF_Dict_AddNumber(cidf, "DW", fe->dw);
	/* W: runs of widths other than DW, as c [w ...]. */
	if ((arr = HPDF_Array_New(mm)) == NULL) {
		rc = libharu_fail(pf, "create the W array", err);
		goto done;
	}
	for (size_t i = 1; i <= fe->n;) {
		if (fe->widths[i] == fe->dw) {
			i++;
			continue;
		}
		HPDF_Array run = HPDF_Array_New(mm);
		st |= HPDF_Array_AddNumber(arr, (HPDF_INT32)i);
		while (i <= fe->n && fe->widths[i] != fe->dw)
			st |= HPDF_Array_AddNumber(run, fe->widths[i++]);
		st |= HPDF_Array_Add(arr, run);
	}
	if (HPDF_Array_Items(arr) > 0)
		st |= HPDF_Dict_Add(cidf, "W", arr);
	else
		HPDF_Array_Free(arr);
	if ((s = new_stream(pf, fe, &fe->c2g, err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	st |= HPDF_Dict_Add(cidf, "CIDToGIDMap", s);

	type0 = HPDF_Dict_New(mm);
	if (type0 == NULL || HPDF_Xref_Add(xref, type0) != HPDF_OK) {
		rc = libharu_fail(pf, "create a Type0 font", err);
		goto done;
	}
	st |= HPDF_Dict_AddName(type0, "Type", "Font");
	st |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
	st |= HPDF_Dict_AddName(type0, "BaseFont", fe->base);
	st |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
	if ((arr = HPDF_Array_New(mm)) == NULL) {
		rc = libharu_fail(pf, "create DescendantFonts", err);
		goto done;
	}
	st |= HPDF_Array_Add(arr, cidf);
	st |= HPDF_Dict_Add(type0, "DescendantFonts", arr);
	if ((s = new_stream(pf, fe, &fe->tounicode, err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	st |= HPDF_Dict_Add(type0, "ToUnicode", s);
	if (st != HPDF_OK) {
		rc = gw_err_set(err, GW_EPDF, "%s: PDF: cannot write the font objects (libharu error 0x%04lX)",
				f->path, (unsigned long)HPDF_GetError(pf->pdf));
		goto done;
	}
	*out = type0;
done:
	return rc;
}

/* Characters a cached subset must draw to be worth a font of its own
 * (fewer are subset again with the rest). */
#define MINPART 8

/* Put fe into face f's cache (one reference), dropping the least recently
 * used entry when the cache is full. */
/* Bytes a face's cached subsets may hold together: a batch of documents
 * with thousands of distinct characters each (a hostile or odd input) must
 * not keep 16 large subsets alive. */
#define CACHE_BYTES (24u << 20)

static size_t fembed_bytes(const struct fembed *fe)
{
	return fe->fontfile.len + fe->tounicode.len + fe->c2g.len + fe->cidset.len +
	       fe->n * (sizeof *fe->cps + sizeof *fe->widths + 2 * sizeof(uint32_t));
}

/* Put fe into face f's cache (one reference), dropping the least recently
 * used entries while the cache is full or over CACHE_BYTES. */
static void cache_put(gw_face *f, struct fembed *fe)
{
	const size_t n = sizeof f->cache / sizeof f->cache[0];
	size_t bytes = fembed_bytes(fe), used = 0, slot;

	if (bytes > CACHE_BYTES / 2)
		return; /* one document's worth: not worth keeping */
	for (size_t i = 0; i < n; i++)
		used += f->cache[i] ? fembed_bytes(f->cache[i]) : 0;
	for (;;) {
		size_t nfull = 0;
		slot = n;
		for (size_t i = 0; i < n; i++) {
			if (f->cache[i] == NULL)
				continue;
			nfull++;
			if (slot == n || f->cache[i]->used < f->cache[slot]->used)
				slot = i;
		}
		if (slot == n || (nfull < n && used + bytes <= CACHE_BYTES))
			break;
		used -= fembed_bytes(f->cache[slot]);
		fembed_free(f->cache[slot]);
		f->cache[slot] = NULL;
	}
	for (slot = 0; f->cache[slot] != NULL; slot++)
		;
	f->cache[slot] = fe;
	fe->refs++;
	fe->used = ++clock_now;
}

/* Choose, greedily, the cached subsets that draw p's characters: each time
 * the one drawing most of those still uncovered, provided at most a quarter
 * of its glyphs go unused in this document (the size cost of reuse).  left
 * marks the uncovered characters (1) and *nleft counts them. */
static void choose_cached(pface *p, unsigned char *left, size_t *nleft)
{
	gw_face *f = p->face;
	const size_t ncache = sizeof f->cache / sizeof f->cache[0];
	while (*nleft > 0 && p->nfe < MAXPARTS - 1) {
		struct fembed *best = NULL;
		size_t bestk = 0;
		for (size_t c = 0; c < ncache; c++) {
			struct fembed *e = f->cache[c];
			int taken = 0;
			size_t k = 0;
			if (e == NULL)
				continue;
			for (int j = 0; j < p->nfe; j++)
				taken |= p->fe[j] == e;
			if (taken)
				continue;
			for (size_t i = 0; i < p->ncps; i++)
				k += left[i] && cpmap_slot(&e->cids, p->cps[i], 0) != NULL;
			if (4 * (e->n - k) > e->n)
				continue;
			if (k > bestk || (k == bestk && best && e->n < best->n))
				best = e, bestk = k;
		}
		if (best == NULL || (bestk < MINPART && bestk < *nleft))
			break;
		for (size_t i = 0; i < p->ncps; i++)
			if (left[i] && cpmap_slot(&best->cids, p->cps[i], 0) != NULL) {
				left[i] = 0;
				--*nleft;
			}
		best->refs++;
		best->used = ++clock_now;
		p->fe[p->nfe++] = best;
	}
}

/* Write fe into the PDF once: a group that shares it with another uses the
 * same objects under the same resource name. */
static int emit_once(gw_pdffonts *pf, pface *p, int k, gw_err *err)
{
	for (size_t i = 0; i < pf->nout; i++)
		if (pf->out[i].fe == p->fe[k]) {
			p->font[k] = pf->out[i].font;
			memcpy(p->res[k], pf->out[i].res, sizeof p->res[k]);
			return 0;
		}
	int rc = emit(&p->font[k], pf, p->face, p->fe[k], err);
	if (rc < 0)
		return rc;
	snprintf(p->res[k], sizeof p->res[k], "GW%d", ++pf->nres);
	pf->subset_bytes += p->fe[k]->len1;
	pf->out = xrealloc(pf->out, (pf->nout + 1) * sizeof *pf->out);
	pf->out[pf->nout].fe = p->fe[k];
	pf->out[pf->nout].font = p->font[k];
	memcpy(pf->out[pf->nout].res, p->res[k], sizeof p->res[k]);
	pf->nout++;
	return 0;
}

static int embed_face(gw_pdffonts *pf, pface *p, gw_err *err)
{
	gw_face *f = p->face;
	unsigned char *left = xmalloc(p->ncps + 1);
	uint32_t *rest = NULL;
	size_t nleft = p->ncps, nrest = 0;
	int rc = 0;

	memset(left, 1, p->ncps + 1);
	if (pf->fs->reuse)
		choose_cached(p, left, &nleft);
	if (nleft > 0) {
		struct fembed *fe = NULL;
		rest = xmalloc(nleft * sizeof *rest);
		for (size_t i = 0; i < p->ncps; i++)
			if (left[i])
				rest[nrest++] = p->cps[i];
		if ((rc = build(&fe, f, rest, nrest, err)) < 0)
			goto done;
		pf->built_bytes += fe->len1;
		p->fe[p->nfe++] = fe;
		if (pf->fs->reuse)
			cache_put(f, fe);
	}
	for (int k = 0; k < p->nfe; k++)
		if ((rc = emit_once(pf, p, k, err)) < 0)
			goto done;
	/* Where each character is drawn from: the first font that has it. */
	for (size_t i = 0; i < p->ncps; i++)
		for (int k = 0; k < p->nfe; k++) {
			uint32_t *cid = cpmap_slot(&p->fe[k]->cids, p->cps[i], 0);
			if (cid) {
				*cpmap_slot(&p->where, p->cps[i], 1) = (uint32_t)k << 16 | *cid;
				break;
			}
		}
	p->embedded = 1;
done:
	free(left);
	free(rest);
	return rc;
}

void gw_pdffonts_group(gw_pdffonts *pf, int group)
{
	if (pf)
		pf->group = group;
}

int gw_pdffonts_embed(gw_pdffonts *pf, gw_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < pf->nfaces && rc == 0; i++)
		if (!pf->faces[i].embedded && pf->faces[i].ncps > 0)
			rc = embed_face(pf, &pf->faces[i], err);
	return rc;
}

size_t gw_pdffonts_subset_bytes(gw_pdffonts *pf) { return pf ? pf->subset_bytes : 0; }
size_t gw_pdffonts_built_bytes(gw_pdffonts *pf) { return pf ? pf->built_bytes : 0; }

/* ==== Drawing ==== */

/* The page's /Font resource dictionary, created as libharu would. */
static HPDF_Dict page_fonts(HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (attr->fonts == NULL) {
		HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
		HPDF_Dict fonts;
		if (res == NULL || (fonts = HPDF_Dict_New(page->mmgr)) == NULL)
			return NULL;
		if (HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
			return NULL;
		attr->fonts = fonts;
	}
	return attr->fonts;
}

int gw_pdffonts_show(gw_pdffonts *pf, void *pagev, gw_face *f, double size, int bold, int italic,
		     uint32_t rgb, const uint32_t *cps, const double *xs, size_t n, double y,
		     gw_err *err)
{
	HPDF_Page page = pagev;
	HPDF_PageAttr attr;
	HPDF_Dict fonts;
	pface *p;
	gw_buf b;
	int rc = 0;
	double r = ((rgb >> 16) & 255) / 255.0, g = ((rgb >> 8) & 255) / 255.0, bl = (rgb & 255) / 255.0;
	double pen; /* where the text position is after the previous glyph, in page x */
	int cur = -1, open = 0;
	double tc = 0;      /* character spacing, points */

	gw_buf_init(&b);
	if (n == 0)
		goto done;
	if (page == NULL || !HPDF_Page_Validate(page)) {
		rc = gw_err_set(err, GW_EPDF, "PDF: drawing text on an invalid page");
		goto done;
	}
	if (pf->pdf == NULL || page->mmgr != pf->pdf->mmgr) {
		rc = gw_err_set(err, GW_EPDF, "PDF: the page belongs to another document");
		goto done;
	}
	attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
		rc = gw_err_set(err, GW_EPDF, "PDF: text drawn inside an open path or text object");
		goto done;
	}
	if (f == NULL) {
		rc = gw_pdffonts_show_missing(pf, pagev, size, rgb, cps, xs, n, y, err);
		goto done;
	}
	p = pface_for(pf, f, 0);
	if (p == NULL || !p->embedded) {
		rc = gw_err_set(err, GW_EPDF, "%s: PDF: face drawn before gw_pdffonts_embed", f->path);
		goto done;
	}
	if ((fonts = page_fonts(page)) == NULL) {
		rc = gw_err_set(err, GW_EPDF, "PDF: the page has no resource dictionary");
		goto done;
	}
	for (int k = 0; k < p->nfe; k++)
		if (p->font[k] && HPDF_Dict_GetItem(fonts, p->res[k], HPDF_OCLASS_DICT) == NULL &&
		    HPDF_Dict_Add(fonts, p->res[k], p->font[k]) != HPDF_OK) {
			rc = gw_err_set(err, GW_EPDF, "PDF: cannot add font %s to the page", p->res[k]);
			goto done;
		}
	/* Uniform spacing (justified or distributed CJK, expanded or condensed
	 * character spacing) is written as Tc, the rest as TJ adjustments.
	 * Extractors turn wide gaps into spaces either way (measured: pdf.js
	 * from 0.15 em, poppler from 0.5 em, and poppler splits the line at
	 * 1 em), as they do for LibreOffice's PDFs; an ActualText span did not
	 * help (pdf.js 4 ignores it, poppler gives it a zero-height box and
	 * moves it out of reading order). */
	if (n > 1) {
		double lo = 1e9, hi = -1e9, prev_end = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t *w = cpmap_slot(&p->where, cps[i], 0);
			if (w == NULL) {
				rc = gw_err_set(err, GW_EPDF,
						"%s: PDF: character U+%04X was not declared with gw_pdffonts_use before embedding",
						f->path, cps[i]);
				goto done;
			}
			if (i > 0) {
				double gap = xs[i] - prev_end;
				lo = gap < lo ? gap : lo;
				hi = gap > hi ? gap : hi;
			}
			prev_end = xs[i] + p->fe[*w >> 16]->widths[*w & 0xFFFF] * size / 1000.0;
		}
		if (lo > size * 0.002)
			tc = round(lo * 1000) / 1000;
		else if (hi < -size * 0.002)
			tc = round(hi * 1000) / 1000;
	}
	gw_buf_adds(&b, "q ");
	gw_pdf_num(&b, r), gw_buf_addc(&b, ' '), gw_pdf_num(&b, g), gw_buf_addc(&b, ' '), gw_pdf_num(&b, bl);
	gw_buf_adds(&b, " rg");
	if (bold && !f->bold) {
		/* Synthetic bold as Word does it: fill and stroke the outline. */
		gw_buf_addc(&b, ' ');
		gw_pdf_num(&b, r), gw_buf_addc(&b, ' '), gw_pdf_num(&b, g), gw_buf_addc(&b, ' '), gw_pdf_num(&b, bl);
		gw_buf_adds(&b, " RG ");
		gw_pdf_num(&b, size / 30.0);
		gw_buf_adds(&b, " w 0 j 2 Tr");
	}
	if (tc != 0) {
		gw_buf_addc(&b, ' ');
		gw_pdf_num(&b, tc);
		gw_buf_adds(&b, " Tc");
	}
	if (attr->gstate) {
		/* Text state survives BT/ET; make sure nobody's leaks into ours. */
		if (attr->gstate->char_space != 0 && tc == 0)
			gw_buf_adds(&b, " 0 Tc");
		if (attr->gstate->word_space != 0)
			gw_buf_adds(&b, " 0 Tw");
		if (attr->gstate->h_scalling != 100)
			gw_buf_adds(&b, " 100 Tz");
		if (attr->gstate->text_rise != 0)
			gw_buf_adds(&b, " 0 Ts");
		if (!(bold && !f->bold) && attr->gstate->rendering_mode != HPDF_FILL)
			gw_buf_adds(&b, " 0 Tr");
	}
	gw_buf_adds(&b, "\nBT ");
	/* Synthetic italic: a 12° skew of the text matrix. */
	gw_buf_adds(&b, "1 0 ");
	gw_pdf_num(&b, italic && !f->italic ? 0.21256 : 0);
	gw_buf_adds(&b, " 1 ");
	gw_pdf_num(&b, xs[0]), gw_buf_addc(&b, ' '), gw_pdf_num(&b, y);
	gw_buf_adds(&b, " Tm");
	pen = xs[0];
	for (size_t i = 0; i < n; i++) {
		uint32_t *w = cpmap_slot(&p->where, cps[i], 0);
		int k;
		unsigned cid;
		if (w == NULL) {
			rc = gw_err_set(err, GW_EPDF,
					"%s: PDF: character U+%04X was not declared with gw_pdffonts_use before embedding",
					f->path, cps[i]);
			goto done;
		}
		k = (int)(*w >> 16);
		cid = *w & 0xFFFF;
		if (k != cur) {
			/* A font switch ends the TJ; the pen carries over. */
			if (cur >= 0)
				gw_buf_adds(&b, open ? ">] TJ" : "] TJ");
			gw_buf_printf(&b, " /%s ", p->res[k]);
			gw_pdf_num(&b, size);
			gw_buf_adds(&b, " Tf [");
			open = 0;
			cur = k;
		}
		if (i > 0) {
			/* TJ moves left by adj/1000 * size: adj = (pen - x) * 1000 / size. */
			double adj = (pen - xs[i]) * 1000.0 / size;
			adj = round(adj * 10) / 10;
			if (adj != 0) {
				gw_buf_adds(&b, open ? "> " : "");
				gw_pdf_num(&b, adj);
				gw_buf_addc(&b, ' ');
				open = 0;
				pen -= adj * size / 1000.0;
			}
		}
		if (!open)
			gw_buf_addc(&b, '<');
		open = 1;
		{
			static const char hx[] = "0123456789ABCDEF";
			char h4[4] = {hx[cid >> 12 & 15], hx[cid >> 8 & 15], hx[cid >> 4 & 15], hx[cid & 15]};
			gw_buf_add(&b, h4, 4);
		}
		pen += p->fe[k]->widths[cid] * size / 1000.0 + tc;
	}
	gw_buf_adds(&b, open ? ">] TJ ET Q\n" : "] TJ ET Q\n");
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) != HPDF_OK)
		rc = gw_err_set(err, GW_EPDF, "PDF: cannot write the page content (libharu error 0x%04lX)",
				(unsigned long)HPDF_GetError(pf->pdf));
done:
	gw_buf_dispose(&b);
	return rc;
}

/* A character no font has (--allow-missing-glyphs): an outlined box per
 * character, inside a marked-content span whose ActualText names the
 * character (Acrobat copies it; poppler and pdf.js ignore ActualText that
 * covers no glyph). */
int gw_pdffonts_show_missing(gw_pdffonts *pf, void *pagev, double size, uint32_t rgb,
			     const uint32_t *cps, const double *xs, size_t n, double y, gw_err *err)
{
	HPDF_Page page = pagev;
	HPDF_PageAttr attr;
	gw_buf b;
	int rc = 0;
	double r = ((rgb >> 16) & 255) / 255.0, g = ((rgb >> 8) & 255) / 255.0, bl = (rgb & 255) / 255.0;

	gw_buf_init(&b);
	if (page == NULL || !HPDF_Page_Validate(page)) {
		rc = gw_err_set(err, GW_EPDF, "PDF: drawing on an invalid page");
		goto done;
	}
	attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
		rc = gw_err_set(err, GW_EPDF, "PDF: box drawn inside an open path or text object");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		gw_buf_adds(&b, "/Span <</ActualText <FEFF");
		utf16_hex(&b, cps[i]);
		gw_buf_adds(&b, ">>> BDC q ");
		gw_pdf_num(&b, r), gw_buf_addc(&b, ' '), gw_pdf_num(&b, g), gw_buf_addc(&b, ' '), gw_pdf_num(&b, bl);
		gw_buf_adds(&b, " RG ");
		gw_pdf_num(&b, size / 20.0);
		gw_buf_adds(&b, " w [] 0 d ");
		gw_pdf_num(&b, xs[i] + size * 0.1), gw_buf_addc(&b, ' '), gw_pdf_num(&b, y - size * 0.1);
		gw_buf_addc(&b, ' ');
		gw_pdf_num(&b, size * 0.8), gw_buf_addc(&b, ' '), gw_pdf_num(&b, size * 0.9);
		gw_buf_adds(&b, " re S Q EMC\n");
	}
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) != HPDF_OK)
		rc = gw_err_set(err, GW_EPDF, "PDF: cannot write the page content");
done:
	gw_buf_dispose(&b);
	return rc;
}
