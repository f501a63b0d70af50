/*
 * pdfio.c — bytes in and out of libharu without its copying, and deflate
 * (see pdfio.h).
 *
 * libharu's streams are objects with function pointers (struct
 * _HPDF_Stream_Rec, public in hpdf_streams.h).  Two kinds are made here:
 * a read-only stream over bytes in memory (the source of a stream object:
 * libharu reads it when it saves the PDF, in 4 KB pieces, with memcpy), and
 * a write-only stream appending to a gw_buf (the destination of the whole
 * PDF, installed as the document's stream before HPDF_SaveToStream, which
 * leaves any stream that is not its own memory stream as it is).  Both are
 * allocated with the document's memory manager, so libharu frees them as
 * its own: HPDF_Stream_Free calls free_fn, then frees the record.
 *
 * Wraps libdeflate and libharu's stream interface.
 */
#include "pdfio.h"

#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

/* ==== Deflate ==== */

/* One compressor per thread: libdeflate's compressor holds its match state
 * and may be used by one thread at a time, and the service renders on
 * several threads.  Freed when its thread ends. */
static pthread_key_t compressor_key;
static pthread_once_t compressor_once = PTHREAD_ONCE_INIT;

static void compressor_free(void *c)
{
	libdeflate_free_compressor(c);
}

static void compressor_key_make(void)
{
	(void)pthread_key_create(&compressor_key, compressor_free);
}

static struct libdeflate_compressor *compressor(void)
{
	/* Level 1: glyph outlines barely compress further.  Measured on a
	 * TW-Kai subset of a letter (185 KB): level 1 → 106.8 KB in 1.15 ms,
	 * level 4 → 105.4 KB in 1.89 ms, level 6 → 103.7 KB in 2.59 ms; a
	 * whole packet in its own process: 38 → 33 ms CPU for +1.3 % bytes
	 * (level 4 → 1). */
	struct libdeflate_compressor *c;

	pthread_once(&compressor_once, compressor_key_make);
	c = pthread_getspecific(compressor_key);
	if (c == NULL && (c = libdeflate_alloc_compressor(1)) != NULL &&
	    pthread_setspecific(compressor_key, c) != 0) {
		libdeflate_free_compressor(c);
		c = NULL;
	}
	return c;
}

int gw_deflate(char **out, size_t *outlen, const void *data, size_t n)
{
	struct libdeflate_compressor *c = compressor();
	size_t bound = c ? libdeflate_zlib_compress_bound(c, n) : 0, zn = 0;
	char *buf = xmalloc(bound > n ? bound : n + 1);

	if (c)
		zn = libdeflate_zlib_compress(c, data, n, buf, bound);
	if (zn > 0 && zn < n) {
		*out = xrealloc(buf, zn);
		*outlen = zn;
		return 1;
	}
	memcpy(buf, data, n);
	*out = buf;
	*outlen = n;
	return 0;
}

int gw_deflate_raw(char **out, size_t *outlen, uint32_t *crc, const void *data, size_t n)
{
	struct libdeflate_compressor *c = compressor();
	size_t bound = c ? libdeflate_deflate_compress_bound(c, n) : 0, zn = 0;
	char *buf;

	*out = NULL;
	*outlen = 0;
	if (c == NULL)
		return 0;
	buf = xmalloc(bound ? bound : 1);
	zn = libdeflate_deflate_compress(c, data, n, buf, bound);
	if (zn == 0) {
		free(buf);
		return 0;
	}
	*out = xrealloc(buf, zn);
	*outlen = zn;
	*crc = (uint32_t)libdeflate_crc32(0, data, n);
	return 1;
}

/* ==== Numbers ==== */

/* Without printf: this runs for every glyph run, adjustment and line of
 * every page. */
void gw_pdf_num(gw_buf *b, double v)
{
	char t[32], *p = t + sizeof t;
	long long m;
	unsigned long long u;
	unsigned frac;

	if (!(fabs(v) < 1e15)) { /* not a page coordinate; never drawn */
		gw_buf_addc(b, '0');
		return;
	}
	m = llround(v * 1000);
	u = m < 0 ? (unsigned long long)-m : (unsigned long long)m;
	frac = (unsigned)(u % 1000);
	u /= 1000;
	if (frac) {
		int digits = 3;
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		for (int i = 0; i < digits; i++) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--p = '.';
	}
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (m < 0)
		*--p = '-';
	gw_buf_add(b, p, (size_t)(t + sizeof t - p));
}

/* ==== A stream over bytes in memory ==== */

typedef struct bytes_src {
	const HPDF_BYTE *data;
	size_t len, pos;
	void (*release)(void *);
	void *ctx;
} bytes_src;

static HPDF_STATUS src_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	bytes_src *b = s->attr;
	size_t n = b->len - b->pos;
	if (n > *siz)
		n = *siz;
	memcpy(ptr, b->data + b->pos, n);
	b->pos += n;
	*siz = (HPDF_UINT)n;
	return b->pos == b->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS src_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	bytes_src *b = s->attr;
	long long base = mode == HPDF_SEEK_SET ? 0 : mode == HPDF_SEEK_CUR ? (long long)b->pos
									    : (long long)b->len;
	if (base + pos < 0 || base + pos > (long long)b->len)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	b->pos = (size_t)(base + pos);
	return HPDF_OK;
}

static HPDF_INT32 src_tell(HPDF_Stream s) { return (HPDF_INT32)((bytes_src *)s->attr)->pos; }
static HPDF_UINT32 src_size(HPDF_Stream s) { return (HPDF_UINT32)((bytes_src *)s->attr)->len; }

static void src_free(HPDF_Stream s)
{
	bytes_src *b = s->attr;
	if (b->release)
		b->release(b->ctx);
	HPDF_FreeMem(s->mmgr, b);
}

/* A stream record of the document's memory manager with attr allocated
 * beside it; NULL when either allocation fails. */
static HPDF_Stream stream_new(HPDF_MMgr mm, size_t attr_size)
{
	HPDF_Stream s = HPDF_GetMem(mm, sizeof *s);
	void *attr;
	if (s == NULL)
		return NULL;
	if ((attr = HPDF_GetMem(mm, (HPDF_UINT)attr_size)) == NULL) {
		HPDF_FreeMem(mm, s);
		return NULL;
	}
	memset(s, 0, sizeof *s);
	memset(attr, 0, attr_size);
	s->sig_bytes = HPDF_STREAM_SIG_BYTES;
	s->type = HPDF_STREAM_CALLBACK;
	s->mmgr = mm;
	s->error = mm->error;
	s->attr = attr;
	return s;
}

static HPDF_Stream bytes_stream(HPDF_MMgr mm, const void *data, size_t len,
				void (*release)(void *), void *ctx)
{
	HPDF_Stream s = stream_new(mm, sizeof(bytes_src));
	if (s == NULL)
		return NULL;
	bytes_src *b = s->attr;
	b->data = data;
	b->len = len;
	b->release = release;
	b->ctx = ctx;
	s->read_fn = src_read;
	s->seek_fn = src_seek;
	s->tell_fn = src_tell;
	s->size_fn = src_size;
	s->free_fn = src_free;
	return s;
}

/* The /Filter entry of a stream whose bytes are already deflated. */
static HPDF_STATUS write_flate_filter(HPDF_Dict d, HPDF_Stream s)
{
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* Make d's data the bytes of s (its own stream is dropped). */
static void set_stream(HPDF_Dict d, HPDF_Stream s, int deflated)
{
	HPDF_Stream_Free(d->stream);
	d->stream = s;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = deflated ? write_flate_filter : NULL;
}

HPDF_Dict gw_hpdf_bytes(HPDF_Doc pdf, const void *data, size_t len, int deflated,
			void (*release)(void *), void *ctx)
{
	HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	HPDF_Stream s;

	if (d == NULL)
		return NULL;
	if ((s = bytes_stream(pdf->mmgr, data, len, release, ctx)) == NULL)
		return NULL; /* d, empty, belongs to the document */
	set_stream(d, s, deflated);
	return d;
}

/* ==== Saving ==== */

static HPDF_STATUS out_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
	gw_buf_add(*(gw_buf **)s->attr, ptr, siz);
	return HPDF_OK;
}

static void out_free(HPDF_Stream s) { HPDF_FreeMem(s->mmgr, s->attr); }

static void free_bytes(void *p) { free(p); }

/* Replace a page's content (a libharu memory stream) by its deflated bytes. */
static HPDF_STATUS deflate_content(HPDF_Doc pdf, HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict c = attr ? attr->contents : NULL;
	HPDF_Stream ms, s;
	char *raw, *z = NULL;
	size_t n = 0, zn = 0;
	int deflated;

	if (c == NULL || (ms = c->stream) == NULL || ms->type != HPDF_STREAM_MEMORY)
		return HPDF_OK;
	raw = xmalloc((size_t)ms->size + 1);
	for (HPDF_UINT i = 0, nb = HPDF_MemStream_GetBufCount(ms); i < nb; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(ms, i, &len);
		if (p == NULL || n + len > ms->size) {
			free(raw);
			return HPDF_SetError(&pdf->error, HPDF_INVALID_STREAM, 0);
		}
		memcpy(raw + n, p, len);
		n += len;
	}
	deflated = gw_deflate(&z, &zn, raw, n);
	free(raw);
	if ((s = bytes_stream(pdf->mmgr, z, zn, free_bytes, z)) == NULL) {
		free(z);
		return HPDF_CheckError(&pdf->error);
	}
	set_stream(c, s, deflated);
	attr->stream = s; /* drawing is over: a later write fails, cleanly */
	return HPDF_OK;
}

HPDF_STATUS gw_hpdf_save(HPDF_Doc pdf, gw_buf *out)
{
	HPDF_Stream o;
	HPDF_STATUS st;

	for (HPDF_UINT i = 0; pdf->page_list && i < pdf->page_list->count; i++)
		if ((st = deflate_content(pdf, HPDF_List_ItemAt(pdf->page_list, i))) != HPDF_OK)
			return st;
	if ((o = stream_new(pdf->mmgr, sizeof(gw_buf *))) == NULL)
		return HPDF_CheckError(&pdf->error);
	*(gw_buf **)o->attr = out;
	o->write_fn = out_write;
	o->free_fn = out_free;
	if (pdf->stream)
		HPDF_Stream_Free(pdf->stream);
	pdf->stream = o;
	st = HPDF_SaveToStream(pdf);
	/* out is the caller's: nothing may write to it after this call. */
	HPDF_Stream_Free(pdf->stream);
	pdf->stream = NULL;
	return st;
}
