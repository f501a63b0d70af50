/*
 * pdfio.h — bytes in and out of libharu without its copying, and deflate.
 *
 * libharu keeps every stream in 4 KB chunks and copies bytes one at a time
 * (HPDF_MemCpy), and deflates page content with zlib at level 6.  A packet
 * of PDFs spent about a fifth of its time there (measured, perf).  This
 * module gives the writers (pdf.c, font_pdf.c) these:
 *
 *   - gw_deflate: one libdeflate compressor per thread (zlib format);
 *   - gw_hpdf_bytes: a stream dictionary whose data are bytes already in
 *     memory (compressed or not), read from there when the PDF is saved,
 *     never copied into libharu;
 *   - gw_hpdf_save: the whole PDF serialised straight into a gw_buf, every
 *     page's content deflated here first (libdeflate), not by zlib;
 *   - gw_pdf_num: numbers for content streams, without printf.
 *
 * Invariants: internal to the PDF writer (includes libharu); not
 * thread-safe (the compressor is per process).  Wraps libdeflate and
 * libharu's stream interface.
 */
#ifndef GW_PDFIO_H
#define GW_PDFIO_H

#include "common.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stddef.h>
#include <stdint.h>

/* Compress data[0..n) (zlib format).  *out is the caller's (free) and holds
 * the compressed bytes; returns 1 when they are smaller than n, else 0 and
 * *out holds a copy of the raw bytes. */
int gw_deflate(char **out, size_t *outlen, const void *data, size_t n);

/* Compress data[0..n) as raw deflate (a ZIP entry's method 8), with the
 * CRC-32 of data in *crc.  Returns 1 and *out (the caller's) on success, 0
 * with *out NULL when no compressor could be had. */
int gw_deflate_raw(char **out, size_t *outlen, uint32_t *crc, const void *data, size_t n);

/* Append v to b as PDF writes numbers: the shortest decimal with at most
 * three decimals ("12", "-0.5", "0.333"); 0 for a value no page has. */
void gw_pdf_num(gw_buf *b, double v);

/* A new indirect stream object whose data are data[0..len), written as they
 * are (with /Filter /FlateDecode when deflated).  The bytes must stay valid
 * until the document is saved or freed: keep calls release(ctx) when libharu
 * frees the object (release may be NULL).  NULL on failure (libharu's
 * error is set). */
HPDF_Dict gw_hpdf_bytes(HPDF_Doc pdf, const void *data, size_t len, int deflated,
			void (*release)(void *), void *ctx);

/* Deflate every page's content (libdeflate) and serialise the document into
 * out.  Returns HPDF_OK or libharu's error code. */
HPDF_STATUS gw_hpdf_save(HPDF_Doc pdf, gw_buf *out);

#endif
