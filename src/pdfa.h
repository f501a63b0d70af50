/*
 * pdfa.h — document metadata and PDF/A-1b for libharu documents (the PDF
 * writer calls these; the font module makes the fonts conform).
 *
 * libharu 2.3.0's own PDF/A support is not used: HPDF_PDFA_SetPDFAConformance
 * writes the metadata stream with a misspelled /SubType, puts Info strings
 * into XMP without XML escaping and only from Info entries set earlier, and
 * HPDF_PDFA_AppendOutputIntents writes the key "DestOutputProfile " (with a
 * trailing space) so the ICC profile is never found (checked in the Debian
 * binary's strings).  HPDF_SetInfoAttr also cannot write non-ASCII text as
 * UTF-16, which Chinese titles need.
 */
#ifndef GW_PDFA_H
#define GW_PDFA_H

#include "common.h"

#include <time.h>

typedef struct gw_pdf_meta {
	const char *title;    /* UTF-8; NULL or "" leaves the entry out */
	const char *author;   /* the agency */
	const char *subject;
	const char *keywords;
	const char *creator;  /* NULL: "gongwen" */
	time_t created;       /* 0: now */
} gw_pdf_meta;

/* Fill the document Info dictionary (Title, Author, Subject, Keywords,
 * Creator, Producer, CreationDate, ModDate) as PDF text strings: ASCII as
 * is, anything else UTF-16BE with a BOM.  hpdf is an HPDF_Doc. */
int gw_pdf_set_meta(void *hpdf, const gw_pdf_meta *m, gw_err *err);

/* Make the document PDF/A-1b: PDF 1.4 header, the same metadata as XMP
 * (uncompressed, pdfaid part 1 conformance B), an sRGB output intent from
 * icc (NULL: /usr/share/color/icc/sRGB.icc of icc-profiles-free), and a
 * trailer /ID.  Call after drawing and before saving: it refuses (GW_EPDF)
 * a document whose fonts came through libharu's own font loading
 * (a base-14 font is never embedded).  Calls gw_pdf_set_meta itself. */
int gw_pdfa_archive(void *hpdf, const gw_pdf_meta *m, const char *icc, gw_err *err);

#endif
