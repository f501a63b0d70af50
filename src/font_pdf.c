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
 * once with libdeflate and handed to libharu unfiltered, with /Filter
 * written by a write hook, so nothing is compressed twice.
 *
 * Invariants: gw_pdffonts_use for every character before
 * gw_pdffonts_embed; gw_pdffonts_show only after it.  Objects added to the
 * HPDF_Doc are owned by it.  Wraps hb-subset, libharu (objects), libdeflate.
 */
#include "font.h"
#include "font_int.h"

#include <hb-subset.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_doc.h>
#include <hpdf_gstate.h>
#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== A small map: code point → CID ==== */

typedef struct cpmap {
	uint32_t *keys; /* cp + 1; 0 = empty */
	uint16_t *vals;
	size_t cap, n;
} cpmap;

static size_t cp_hash(uint32_t k, size_t cap) { return (k * 2654435761u) & (cap - 1); }

static uint16_t *cpmap_slot(cpmap *m, uint32_t cp, int add)
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
		cpmap big = {xcalloc(2 * m->cap, sizeof(uint32_t)), xcalloc(2 * m->cap, sizeof(uint16_t)),
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

/* ==== Per-document state ==== */

typedef struct pface {
	gw_face *face;
	cpmap cids;      /* cp → CID (1..n), allocated at use */
	uint32_t *cps;   /* cps[cid-1] */
	size_t ncps, capcps;
	uint16_t *widths; /* per CID, 1/1000 em (after embed) */
	int embedded;
	char res[16];    /* resource name, "GW<n>" */
	HPDF_Dict font;  /* the Type0 font dictionary */
} pface;

struct gw_pdffonts {
	gw_fonts *fs;
	HPDF_Doc pdf;
	pface *faces;
	size_t nfaces, capfaces;
	struct libdeflate_compressor *zc;
	/* statistics for the bench */
	size_t font_bytes, subset_bytes;
};

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
		free(pf->faces[i].cids.keys);
		free(pf->faces[i].cids.vals);
		free(pf->faces[i].cps);
		free(pf->faces[i].widths);
	}
	free(pf->faces);
	if (pf->zc)
		libdeflate_free_compressor(pf->zc);
	free(pf);
}

static pface *pface_for(gw_pdffonts *pf, gw_face *f, int add)
{
	for (size_t i = 0; i < pf->nfaces; i++)
		if (pf->faces[i].face == f)
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
	snprintf(p->res, sizeof p->res, "GW%zu", pf->nfaces);
	return p;
}

void gw_pdffonts_use(gw_pdffonts *pf, gw_face *f, uint32_t cp)
{
	pface *p;
	uint16_t *slot;

	if (pf == NULL || f == NULL || !f->ok)
		return;
	p = pface_for(pf, f, 1);
	if (p->embedded || cpmap_slot(&p->cids, cp, 0))
		return; /* after embedding: reported by show */
	if (p->ncps >= 65534)
		return; /* CIDs are 16-bit; show reports the overflow */
	slot = cpmap_slot(&p->cids, cp, 1);
	if (p->ncps == p->capcps) {
		p->capcps = p->capcps ? 2 * p->capcps : 256;
		p->cps = xrealloc(p->cps, p->capcps * sizeof *p->cps);
	}
	p->cps[p->ncps++] = cp;
	*slot = (uint16_t)p->ncps;
}

/* ==== Streams ==== */

/* Write the /Filter entry of a stream whose bytes are already deflated. */
static HPDF_STATUS write_flate_filter(HPDF_Dict d, HPDF_Stream s)
{
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* A new indirect stream object holding data, deflated here (level 6) when
 * that makes it smaller. */
static HPDF_Dict new_stream(gw_pdffonts *pf, const void *data, size_t n, gw_err *err)
{
	HPDF_Dict d = HPDF_DictStream_New(pf->pdf->mmgr, pf->pdf->xref);
	size_t bound, zn;
	void *z;

	if (d == NULL) {
		gw_err_set(err, GW_EPDF, "PDF: cannot create a stream object (libharu error 0x%04lX)",
			   (unsigned long)HPDF_GetError(pf->pdf));
		return NULL;
	}
	if (pf->zc == NULL)
		pf->zc = libdeflate_alloc_compressor(6);
	bound = libdeflate_zlib_compress_bound(pf->zc, n);
	z = xmalloc(bound);
	zn = pf->zc ? libdeflate_zlib_compress(pf->zc, data, n, z, bound) : 0;
	if (zn > 0 && zn < n) {
		d->write_fn = write_flate_filter;
		if (HPDF_Stream_Write(d->stream, z, (HPDF_UINT)zn) != HPDF_OK)
			d = NULL;
	} else if (HPDF_Stream_Write(d->stream, data, (HPDF_UINT)n) != HPDF_OK) {
		d = NULL;
	}
	free(z);
	if (d == NULL)
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

static int libharu_fail(gw_pdffonts *pf, gw_face *f, const char *what, gw_err *err)
{
	return gw_err_set(err, GW_EPDF, "%s: PDF: cannot %s (libharu error 0x%04lX)", f->path, what,
			  (unsigned long)HPDF_GetError(pf->pdf));
}

/* Subset one face and add its font objects to the document. */
static int embed_face(gw_pdffonts *pf, pface *p, gw_err *err)
{
	gw_face *f = p->face;
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	const hb_map_t *o2n;
	uint16_t *c2g = NULL;
	uint8_t *cidset = NULL;
	gw_buf tu, wb;
	unsigned int blen = 0;
	const char *bytes;
	char base[160], psn[100];
	uint32_t h = 2166136261u;
	int rc = 0, dw;
	HPDF_Dict type0, cidf, desc, ff, s;
	HPDF_Array arr;
	HPDF_Xref xref = pf->pdf->xref;
	HPDF_MMgr mm = pf->pdf->mmgr;
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

	gw_buf_init(&tu);
	gw_buf_init(&wb);
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
	hb_set_t *us = hb_subset_input_unicode_set(in);
	hb_set_clear(us);
	hb_set_add(gs, 0);
	p->widths = xcalloc(p->ncps + 1, sizeof *p->widths);
	uint32_t *ogid = xcalloc(p->ncps + 1, sizeof *ogid);
	for (size_t i = 0; i < p->ncps; i++) {
		uint32_t g = 0;
		gw_face_glyph(f, p->cps[i], &g); /* 0 (.notdef) if the face lacks it */
		ogid[i + 1] = g;
		hb_set_add(gs, g);
		p->widths[i + 1] = (uint16_t)gw_face_glyph_advance(f, g);
		h = (h ^ p->cps[i]) * 16777619u;
	}
	plan = hb_subset_plan_create_or_fail(f->face, in);
	if (plan == NULL) {
		free(ogid);
		rc = gw_err_set(err, GW_EFONT, "%s: hb-subset cannot plan a subset of this font", f->path);
		goto done;
	}
	o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
	c2g = xcalloc(p->ncps + 1, sizeof *c2g);
	for (size_t i = 0; i <= p->ncps; i++) {
		hb_codepoint_t ng = hb_map_get(o2n, ogid[i]);
		if (ng == HB_MAP_VALUE_INVALID) {
			free(ogid);
			rc = gw_err_set(err, GW_EFONT, "%s: hb-subset dropped glyph %u", f->path, ogid[i]);
			goto done;
		}
		/* CIDToGIDMap is big-endian 16-bit. */
		c2g[i] = (uint16_t)((ng >> 8) | (ng << 8));
	}
	free(ogid);
	sub = hb_subset_plan_execute_or_fail(plan);
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
	pf->subset_bytes += blen;

	/* FontFile2 */
	if ((ff = new_stream(pf, bytes, blen, err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)blen);
	/* Names: a subset tag from the character set, as PDF asks. */
	ps_name(psn, sizeof psn, f);
	h ^= (uint32_t)p->ncps;
	snprintf(base, sizeof base, "%c%c%c%c%c%c+%s", 'A' + h % 26, 'A' + h / 26 % 26,
		 'A' + h / 676 % 26, 'A' + h / 17576 % 26, 'A' + h / 456976 % 26,
		 'A' + h / 11881376 % 26, psn);

	/* FontDescriptor */
	desc = HPDF_Dict_New(mm);
	if (desc == NULL || HPDF_Xref_Add(xref, desc) != HPDF_OK) {
		rc = libharu_fail(pf, f, "create a font descriptor", err);
		goto done;
	}
	{
		int bb[4] = {f->bbox[0] * 1000 / (int)f->upem, f->bbox[1] * 1000 / (int)f->upem,
			     f->bbox[2] * 1000 / (int)f->upem, f->bbox[3] * 1000 / (int)f->upem};
		int flags = 4 | (f->italic || f->italic_angle != 0 ? 64 : 0);
		HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
		HPDF_Dict_AddName(desc, "FontName", base);
		HPDF_Dict_AddNumber(desc, "Flags", flags);
		add_num_array(desc, "FontBBox", bb, 4);
		HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)f->italic_angle);
		HPDF_Dict_AddNumber(desc, "Ascent", gw_face_ascent(f));
		HPDF_Dict_AddNumber(desc, "Descent", -gw_face_descent(f));
		HPDF_Dict_AddNumber(desc, "CapHeight",
				    f->cap_height > 0 ? f->cap_height * 1000 / (int)f->upem
						      : gw_face_ascent(f));
		HPDF_Dict_AddNumber(desc, "StemV", f->bold ? 120 : 80);
		if (HPDF_Dict_Add(desc, "FontFile2", ff) != HPDF_OK) {
			rc = libharu_fail(pf, f, "add the font file", err);
			goto done;
		}
	}
	/* CIDSet (PDF/A-1 wants it for subsets): every CID 0..n is present. */
	{
		size_t nb = (p->ncps + 1 + 7) / 8;
		cidset = xcalloc(nb, 1);
		for (size_t c = 0; c <= p->ncps; c++)
			cidset[c / 8] |= (uint8_t)(0x80 >> (c % 8));
		if ((s = new_stream(pf, cidset, nb, err)) == NULL) {
			rc = GW_EPDF;
			goto done;
		}
		HPDF_Dict_Add(desc, "CIDSet", s);
	}

	/* CIDFontType2 */
	cidf = HPDF_Dict_New(mm);
	if (cidf == NULL || HPDF_Xref_Add(xref, cidf) != HPDF_OK) {
		rc = libharu_fail(pf, f, "create a CID font", err);
		goto done;
	}
	HPDF_Dict_AddName(cidf, "Type", "Font");
	HPDF_Dict_AddName(cidf, "Subtype", "CIDFontType2");
	HPDF_Dict_AddName(cidf, "BaseFont", base);
	{
		HPDF_Dict si = HPDF_Dict_New(mm);
		if (si == NULL) {
			rc = libharu_fail(pf, f, "create CIDSystemInfo", err);
			goto done;
		}
		HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
		HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
		HPDF_Dict_AddNumber(si, "Supplement", 0);
		HPDF_Dict_Add(cidf, "CIDSystemInfo", si);
	}
	HPDF_Dict_Add(cidf, "FontDescriptor", desc);
	/* W: DW is the commonest width; runs of other widths as c [w ...]. */
	{
		size_t best = 0, cnt;
		dw = 1000;
		for (size_t i = 1; i <= p->ncps && i < 64; i++) {
			cnt = 0;
			for (size_t j = 1; j <= p->ncps; j++)
				cnt += p->widths[j] == p->widths[i];
			if (cnt > best) {
				best = cnt;
				dw = p->widths[i];
			}
		}
		HPDF_Dict_AddNumber(cidf, "DW", dw);
		arr = HPDF_Array_New(mm);
		for (size_t i = 1; i <= p->ncps;) {
			if (p->widths[i] == dw) {
				i++;
				continue;
			}
			HPDF_Array run = HPDF_Array_New(mm);
			HPDF_Array_AddNumber(arr, (HPDF_INT32)i);
			while (i <= p->ncps && p->widths[i] != dw)
				HPDF_Array_AddNumber(run, p->widths[i++]);
			HPDF_Array_Add(arr, run);
		}
		if (HPDF_Array_Items(arr) > 0)
			HPDF_Dict_Add(cidf, "W", arr);
		else
			HPDF_Array_Free(arr);
	}
	if ((s = new_stream(pf, c2g, 2 * (p->ncps + 1), err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	HPDF_Dict_Add(cidf, "CIDToGIDMap", s);

	/* Type0 with ToUnicode */
	type0 = HPDF_Dict_New(mm);
	if (type0 == NULL || HPDF_Xref_Add(xref, type0) != HPDF_OK) {
		rc = libharu_fail(pf, f, "create a Type0 font", err);
		goto done;
	}
	HPDF_Dict_AddName(type0, "Type", "Font");
	HPDF_Dict_AddName(type0, "Subtype", "Type0");
	HPDF_Dict_AddName(type0, "BaseFont", base);
	HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
	arr = HPDF_Array_New(mm);
	HPDF_Array_Add(arr, cidf);
	HPDF_Dict_Add(type0, "DescendantFonts", arr);
	gw_pdffonts_tounicode(&tu, p->cps, p->ncps);
	if ((s = new_stream(pf, tu.data, tu.len, err)) == NULL) {
		rc = GW_EPDF;
		goto done;
	}
	if (HPDF_Dict_Add(type0, "ToUnicode", s) != HPDF_OK) {
		rc = libharu_fail(pf, f, "add the ToUnicode CMap", err);
		goto done;
	}
	p->font = type0;
	p->embedded = 1;
done:
	free(c2g);
	free(cidset);
	gw_buf_dispose(&tu);
	gw_buf_dispose(&wb);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	return rc;
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

/* Shortest decimal for a PDF number (at most 3 decimals). */
static void num(gw_buf *b, double v)
{
	char t[48];
	int n;
	if (fabs(v) < 0.0005)
		v = 0;
	n = snprintf(t, sizeof t, "%.3f", v);
	while (n > 0 && t[n - 1] == '0')
		t[--n] = '\0';
	if (n > 0 && t[n - 1] == '.')
		t[--n] = '\0';
	if (strcmp(t, "-0") == 0)
		strcpy(t, "0");
	gw_buf_adds(b, t);
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

	gw_buf_init(&b);
	if (n == 0)
		goto done;
	if (page == NULL || !HPDF_Page_Validate(page)) {
		rc = gw_err_set(err, GW_EPDF, "PDF: drawing text on an invalid page");
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
	if (HPDF_Dict_GetItem(fonts, p->res, HPDF_OCLASS_DICT) == NULL &&
	    HPDF_Dict_Add(fonts, p->res, p->font) != HPDF_OK) {
		rc = gw_err_set(err, GW_EPDF, "PDF: cannot add font %s to the page", p->res);
		goto done;
	}
	gw_buf_adds(&b, "q ");
	num(&b, r), gw_buf_addc(&b, ' '), num(&b, g), gw_buf_addc(&b, ' '), num(&b, bl);
	gw_buf_adds(&b, " rg");
	if (bold && !f->bold) {
		/* Synthetic bold as Word does it: fill and stroke the outline. */
		gw_buf_addc(&b, ' ');
		num(&b, r), gw_buf_addc(&b, ' '), num(&b, g), gw_buf_addc(&b, ' '), num(&b, bl);
		gw_buf_adds(&b, " RG ");
		num(&b, size / 30.0);
		gw_buf_adds(&b, " w 0 j 2 Tr");
	}
	if (attr->gstate) {
		/* Text state survives BT/ET; make sure nobody's leaks into ours. */
		if (attr->gstate->char_space != 0)
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
	gw_buf_printf(&b, "\nBT /%s ", p->res);
	num(&b, size);
	gw_buf_adds(&b, " Tf ");
	/* Synthetic italic: a 12° skew of the text matrix. */
	gw_buf_adds(&b, "1 0 ");
	num(&b, italic && !f->italic ? 0.21256 : 0);
	gw_buf_adds(&b, " 1 ");
	num(&b, xs[0]), gw_buf_addc(&b, ' '), num(&b, y);
	gw_buf_adds(&b, " Tm [<");
	pen = xs[0];
	for (size_t i = 0; i < n; i++) {
		uint16_t *cid = cpmap_slot(&p->cids, cps[i], 0);
		if (cid == NULL) {
			rc = gw_err_set(err, GW_EPDF,
					"%s: PDF: character U+%04X was not declared with gw_pdffonts_use before embedding",
					f->path, cps[i]);
			goto done;
		}
		if (i > 0) {
			/* TJ moves left by adj/1000 * size: adj = (pen - x) * 1000 / size. */
			double adj = (pen - xs[i]) * 1000.0 / size;
			adj = round(adj * 10) / 10;
			if (adj != 0) {
				gw_buf_adds(&b, "> ");
				num(&b, adj);
				gw_buf_adds(&b, " <");
				pen -= adj * size / 1000.0;
			}
		}
		gw_buf_printf(&b, "%04X", *cid);
		pen += p->widths[*cid] * size / 1000.0;
	}
	gw_buf_adds(&b, ">] TJ ET Q\n");
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) != HPDF_OK)
		rc = gw_err_set(err, GW_EPDF, "PDF: cannot write the page content (libharu error 0x%04lX)",
				(unsigned long)HPDF_GetError(pf->pdf));
done:
	gw_buf_dispose(&b);
	return rc;
}

/* A character no font has (--allow-missing-glyphs): an outlined box per
 * character, inside a marked-content span whose ActualText keeps the
 * character extractable. */
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
		num(&b, r), gw_buf_addc(&b, ' '), num(&b, g), gw_buf_addc(&b, ' '), num(&b, bl);
		gw_buf_adds(&b, " RG ");
		num(&b, size / 20.0);
		gw_buf_adds(&b, " w [] 0 d ");
		num(&b, xs[i] + size * 0.1), gw_buf_addc(&b, ' '), num(&b, y - size * 0.1);
		gw_buf_addc(&b, ' ');
		num(&b, size * 0.8), gw_buf_addc(&b, ' '), num(&b, size * 0.9);
		gw_buf_adds(&b, " re S Q EMC\n");
	}
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) != HPDF_OK)
		rc = gw_err_set(err, GW_EPDF, "PDF: cannot write the page content");
done:
	gw_buf_dispose(&b);
	return rc;
}
