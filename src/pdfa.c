/*
 * pdfa.c — document Info, XMP metadata and PDF/A-1b (see pdfa.h for why
 * libharu's own PDF/A calls are not used).
 *
 * Invariants: the Info dictionary and the XMP packet are written from the
 * same values in one place, so they always agree (PDF/A-1 §6.7.3); the
 * metadata stream is never filtered.  Wraps libharu (objects).
 */
#include "pdfa.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ICC "/usr/share/color/icc/sRGB.icc"

/* ==== Text strings ==== */

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7F || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* A PDF text string object for UTF-8 s: a literal for printable ASCII,
 * else UTF-16BE with BOM (written as a hex string). */
static void *text_obj(HPDF_Doc pdf, const char *s)
{
	gw_buf b;
	const char *p = s, *e = s + strlen(s);
	void *o;

	if (is_ascii(s))
		return HPDF_String_New(pdf->mmgr, s, NULL);
	gw_buf_init(&b);
	gw_buf_add(&b, "\xFE\xFF", 2);
	while (p < e) {
		int32_t cp = gw_utf8_next(&p, e);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			uint32_t v = (uint32_t)cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			char u[4] = {(char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo};
			gw_buf_add(&b, u, 4);
		} else {
			char u[2] = {(char)(cp >> 8), (char)cp};
			gw_buf_add(&b, u, 2);
		}
	}
	o = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	gw_buf_dispose(&b);
	return o;
}

static void xml_text(gw_buf *b, const char *s)
{
	gw_buf_add_xml(b, s, strlen(s));
}

/* D:YYYYMMDDHHmmSS+08'00' and 2026-11-25T17:20:00+08:00 for t (local time). */
static void dates(time_t t, char pdfd[32], char xmpd[40])
{
	struct tm tm;
	long off;
	char sign;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(pdfd, 32, "D:%04d%02d%02d%02d%02d%02d%c%02ld'%02ld'", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
	snprintf(xmpd, 40, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

static const char *producer(void)
{
	return "gongwen (libharu " HPDF_VERSION_TEXT ", HarfBuzz hb-subset)";
}

static time_t when(const gw_pdf_meta *m)
{
	return m && m->created ? m->created : time(NULL);
}

/* ==== Info ==== */

static HPDF_Dict info_dict(HPDF_Doc pdf)
{
	if (pdf->info == NULL) {
		/* libharu creates it on the first attribute. */
		HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "gongwen");
	}
	return pdf->info;
}

int gw_pdf_set_meta(void *hpdf, const gw_pdf_meta *m, gw_err *err)
{
	HPDF_Doc pdf = hpdf;
	HPDF_Dict info;
	char pd[32], xd[40];
	HPDF_STATUS st = HPDF_OK;
	const struct {
		const char *key, *val;
	} kv[] = {
		{"Title", m ? m->title : NULL},
		{"Author", m ? m->author : NULL},
		{"Subject", m ? m->subject : NULL},
		{"Keywords", m ? m->keywords : NULL},
		{"Creator", m && m->creator ? m->creator : "gongwen"},
		{"Producer", producer()},
	};

	if (pdf == NULL || !HPDF_HasDoc(pdf) || (info = info_dict(pdf)) == NULL)
		return gw_err_set(err, GW_EPDF, "PDF: cannot create the document information dictionary");
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (kv[i].val && kv[i].val[0])
			st |= HPDF_Dict_Add(info, kv[i].key, text_obj(pdf, kv[i].val));
	dates(when(m), pd, xd);
	st |= HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(pdf->mmgr, pd, NULL));
	st |= HPDF_Dict_Add(info, "ModDate", HPDF_String_New(pdf->mmgr, pd, NULL));
	if (st != HPDF_OK)
		return gw_err_set(err, GW_EPDF, "PDF: cannot write the document information (libharu error 0x%04lX)",
				  (unsigned long)HPDF_GetError(pdf));
	return 0;
}

/* ==== PDF/A-1b ==== */

static void xmp_packet(gw_buf *b, const gw_pdf_meta *m)
{
	char pd[32], xd[40];

	dates(when(m), pd, xd);
	gw_buf_adds(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		       "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		       "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		       "<dc:format>application/pdf</dc:format>\n");
	if (m && m->title && m->title[0]) {
		gw_buf_adds(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, m->title);
		gw_buf_adds(b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (m && m->author && m->author[0]) {
		gw_buf_adds(b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(b, m->author);
		gw_buf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (m && m->subject && m->subject[0]) {
		gw_buf_adds(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, m->subject);
		gw_buf_adds(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	gw_buf_adds(b, "</rdf:Description>\n"
		       "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	gw_buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", xd, xd);
	gw_buf_adds(b, "<xmp:CreatorTool>");
	xml_text(b, m && m->creator ? m->creator : "gongwen");
	gw_buf_adds(b, "</xmp:CreatorTool>\n</rdf:Description>\n"
		       "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
		       "<pdf:Producer>");
	xml_text(b, producer());
	gw_buf_adds(b, "</pdf:Producer>\n");
	if (m && m->keywords && m->keywords[0]) {
		gw_buf_adds(b, "<pdf:Keywords>");
		xml_text(b, m->keywords);
		gw_buf_adds(b, "</pdf:Keywords>\n");
	}
	gw_buf_adds(b, "</rdf:Description>\n"
		       "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		       "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		       "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
	for (int i = 0; i < 20; i++) /* padding lets editors update in place */
		gw_buf_adds(b, "                                                                                                   \n");
	gw_buf_adds(b, "<?xpacket end=\"w\"?>");
}

/* Fonts loaded through libharu (HPDF_GetFont) are base-14 or its own
 * TrueType path; neither is acceptable in an archive copy. */
static int check_fonts(HPDF_Doc pdf, gw_err *err)
{
	if (pdf->font_mgr == NULL)
		return 0;
	for (HPDF_UINT i = 0; i < pdf->font_mgr->count; i++) {
		HPDF_Font font = HPDF_List_ItemAt(pdf->font_mgr, i);
		HPDF_FontAttr attr = font ? (HPDF_FontAttr)font->attr : NULL;
		if (attr && attr->fontdef && attr->fontdef->type == HPDF_FONTDEF_TYPE_TYPE1)
			return gw_err_set(err, GW_EPDF,
					  "PDF/A: font '%s' is a libharu standard font, which is never embedded",
					  attr->fontdef->base_font);
	}
	return 0;
}

int gw_pdfa_archive(void *hpdf, const gw_pdf_meta *m, const char *icc, gw_err *err)
{
	HPDF_Doc pdf = hpdf;
	HPDF_Dict xmp, prof, intent;
	HPDF_Array arr;
	gw_buf b;
	char *iccdata = NULL;
	size_t icclen = 0;
	int rc = 0;
	HPDF_STATUS st = HPDF_OK;

	gw_pdf_meta mm = {0};

	/* One time for Info and XMP: they must agree to the second. */
	if (m)
		mm = *m;
	mm.created = when(m);
	m = &mm;
	gw_buf_init(&b);
	if (pdf == NULL || !HPDF_HasDoc(pdf)) {
		rc = gw_err_set(err, GW_EPDF, "PDF/A: no document");
		goto done;
	}
	if ((rc = check_fonts(pdf, err)) < 0)
		goto done;
	if (pdf->encrypt_on) {
		rc = gw_err_set(err, GW_EPDF, "PDF/A: an archive copy cannot be encrypted");
		goto done;
	}
	if ((rc = gw_pdf_set_meta(pdf, m, err)) < 0)
		goto done;
	if (icc == NULL)
		icc = DEFAULT_ICC;
	if ((rc = gw_file_read(&iccdata, &icclen, icc, 4u << 20, err)) < 0) {
		gw_err_prefix(err, "PDF/A: sRGB output intent (package icc-profiles-free): ");
		if (err)
			err->code = GW_EPDF;
		rc = GW_EPDF;
		goto done;
	}
	if (icclen < 128 || memcmp(iccdata + 36, "acsp", 4) != 0 || memcmp(iccdata + 16, "RGB ", 4) != 0 ||
	    iccdata[8] > 2) {
		rc = gw_err_set(err, GW_EPDF, "%s: not an ICC version 2 RGB profile (PDF/A-1 needs one)", icc);
		goto done;
	}
	if (pdf->pdf_version < HPDF_VER_14)
		pdf->pdf_version = HPDF_VER_14;

	/* XMP metadata: never filtered (PDF/A-1 6.7.2). */
	xmp_packet(&b, m);
	xmp = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (xmp == NULL) {
		rc = gw_err_set(err, GW_EPDF, "PDF/A: cannot create the metadata stream");
		goto done;
	}
	xmp->filter = HPDF_STREAM_FILTER_NONE;
	st |= HPDF_Dict_AddName(xmp, "Type", "Metadata");
	st |= HPDF_Dict_AddName(xmp, "Subtype", "XML");
	st |= HPDF_Stream_Write(xmp->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	st |= HPDF_Dict_Add(pdf->catalog, "Metadata", xmp);

	/* Output intent with the sRGB profile. */
	prof = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	intent = HPDF_Dict_New(pdf->mmgr);
	if (prof == NULL || intent == NULL || HPDF_Xref_Add(pdf->xref, intent) != HPDF_OK) {
		rc = gw_err_set(err, GW_EPDF, "PDF/A: cannot create the output intent");
		goto done;
	}
	prof->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	st |= HPDF_Dict_AddNumber(prof, "N", 3);
	st |= HPDF_Stream_Write(prof->stream, (const HPDF_BYTE *)iccdata, (HPDF_UINT)icclen);
	st |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	st |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	st |= HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
	st |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
	st |= HPDF_Dict_Add(intent, "RegistryName", HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
	st |= HPDF_Dict_Add(intent, "DestOutputProfile", prof);
	arr = HPDF_Array_New(pdf->mmgr);
	st |= HPDF_Array_Add(arr, intent);
	st |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr);

	/* Trailer /ID: unique per document (libharu's uses the time in seconds). */
	{
		char hex[65];
		HPDF_BYTE id[16];
		gw_buf seed;
		struct timespec ts;
		static unsigned long counter;
		gw_buf_init(&seed);
		clock_gettime(CLOCK_REALTIME, &ts);
		gw_buf_printf(&seed, "%ld.%ld %d %lu ", (long)ts.tv_sec, ts.tv_nsec, (int)getpid(),
			      __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
		gw_buf_add(&seed, b.data, b.len);
		gw_sha256_hex(hex, seed.data, seed.len);
		gw_buf_dispose(&seed);
		for (int i = 0; i < 16; i++) {
			unsigned v;
			sscanf(hex + 2 * i, "%2x", &v);
			id[i] = (HPDF_BYTE)v;
		}
		arr = HPDF_Array_New(pdf->mmgr);
		st |= HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16));
		st |= HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16));
		st |= HPDF_Dict_Add(pdf->trailer, "ID", arr);
	}
	if (st != HPDF_OK)
		rc = gw_err_set(err, GW_EPDF, "PDF/A: libharu failed (error 0x%04lX)", (unsigned long)HPDF_GetError(pdf));
done:
	free(iccdata);
	gw_buf_dispose(&b);
	return rc;
}
