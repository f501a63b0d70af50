/*
 * attach.c — attachments judged by their content, their names cleaned, and
 * packet.pdf assembled with their pages (see attach.h).  Wraps qpdf through
 * its C API (qpdf-c.h): no PDF is parsed here by hand.
 *
 * Invariants: a file is accepted only when its first bytes say PDF, PNG or
 * JPEG *and* the matching parser reads it — qpdf for a PDF (no recovery of a
 * damaged cross-reference table, every object parsed by writing the whole
 * file to memory without decoding any stream, no warning), libharu for an
 * image (through gw_pdf_image_page, which is also how it is printed; a PNG's
 * chunks, checksums and image data are checked with zlib first, since libpng
 * would report a damaged one on stderr by itself).  An
 * encrypted PDF is refused, even one that opens without a password: its
 * pages could not be copied into the packet faithfully.  Nothing a PDF
 * contains is ever run; JavaScript, launch actions, embedded files and
 * submitting forms are found by walking the object graph from the trailer
 * and reported as flags.  No stream is decompressed, so a "zip bomb" inside a
 * PDF costs nothing here.
 */
#include "attach.h"
#include "pdf.h"

#include <qpdf/qpdf-c.h>

#include <stdint.h>
#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

/* ==== Kinds ==== */

static const struct kind {
	const char *kind, *title;
	int device;
} kinds[] = {
	{"source_code_scan", "原始碼檢測結果報告", 1},
	{"host_vuln_scan", "主機弱點掃描結果報告", 1},
	{"web_vuln_scan", "網站應用程式弱點掃描結果報告", 1},
	{"pentest", "滲透測試結果報告", 1},
	{"malware_scan", "病毒及惡意程式偵測結果報告", 1},
	{"patch_status", "弱點、漏洞修補結果報告", 1},
	{"antivirus", "防毒軟體安裝佐證文件", 1},
	{"mdr", "端點偵測應變（MDR）軟體安裝佐證文件", 1},
	{"vans", "資通安全弱點通報（VANS）軟體安裝佐證文件", 1},
	{"golive", "資訊系統上線作業紀錄表", 1},
	{"other", "其他附件", 0},
	{NULL, NULL, 0},
};

static const struct kind *find_kind(const char *kind)
{
	for (const struct kind *k = kinds; kind && k->kind; k++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	return NULL;
}

int gw_attach_kind_ok(const char *kind)
{
	return find_kind(kind) != NULL;
}

int gw_attach_kind_needs_device(const char *kind)
{
	const struct kind *k = find_kind(kind);
	return k && k->device;
}

const char *gw_attach_kind_title(const char *kind)
{
	const struct kind *k = find_kind(kind);
	return k ? k->title : "附件";
}

const char *gw_attach_kinds(void)
{
	return "source_code_scan, host_vuln_scan, web_vuln_scan, pentest, malware_scan, "
	       "patch_status, antivirus, mdr, vans, golive, other";
}

/* ==== Names ==== */

static int unsafe_cp(int32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

#define NAME_MAX_BYTES 120

char *gw_attach_clean_name(const char *path)
{
	const char *base = path, *p;
	gw_buf b;

	for (p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	gw_buf_init(&b);
	const char *s = base, *end = base + strlen(base);
	while (s < end) {
		const char *at = s;
		int32_t c = gw_utf8_next(&s, end);
		if (c < 0) {
			s = at + 1;
			gw_buf_addc(&b, '_');
		} else if (unsafe_cp(c)) {
			gw_buf_addc(&b, '_');
		} else if (b.len == 0 && (c == '.' || c == ' ' || c == 0x3000)) {
			continue; /* no hidden or blank-led names */
		} else {
			gw_buf_add(&b, at, (size_t)(s - at));
		}
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	if (b.len > NAME_MAX_BYTES) {
		/* Keep the extension (up to 16 bytes); cut the stem on a character. */
		const char *dot = strrchr(b.data, '.');
		size_t ext = dot && (size_t)(b.data + b.len - dot) <= 16 ? (size_t)(b.data + b.len - dot) : 0;
		size_t keep = NAME_MAX_BYTES - ext;
		while (keep > 0 && ((unsigned char)b.data[keep] & 0xC0) == 0x80)
			keep--;
		memmove(b.data + keep, b.data + b.len - ext, ext);
		b.len = keep + ext;
		b.data[b.len] = '\0';
	}
	if (b.len == 0)
		gw_buf_adds(&b, "attachment");
	return gw_buf_detach(&b, NULL);
}

void gw_attach_flags_text(gw_buf *b, unsigned flags)
{
	static const char *const names[] = {"javascript", "launch", "embedded_file",
		"submit_form"};
	int first = 1;

	for (int i = 0; i < 4; i++)
		if (flags & (1u << i)) {
			gw_buf_printf(b, "%s%s", first ? "" : ",", names[i]);
			first = 0;
		}
	if (first)
		gw_buf_adds(b, "");
}

/* ==== qpdf ==== */

/* The first warning or the error of q, as one line. */
static const char *qpdf_why(qpdf_data q, qpdf_error e)
{
	const char *t = e ? qpdf_get_error_message_detail(q, e) : NULL;
	if (!t || !*t)
		t = e ? qpdf_get_error_full_text(q, e) : NULL;
	return t && *t ? t : "unknown fault";
}

static qpdf_data qpdf_open_mem(const char *desc, const void *data, size_t len, QPDF_ERROR_CODE *rc)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_set_attempt_recovery(q, QPDF_FALSE);
	*rc = qpdf_read_memory(q, desc, data, (unsigned long long)len, NULL);
	return q;
}

/* A set of object numbers (open addressing). */
typedef struct idset {
	uint64_t *slot;
	size_t cap, n;
} idset;

static int idset_add(idset *s, uint64_t id)
{
	if (2 * (s->n + 1) > s->cap) {
		idset old = *s;
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->slot = xcalloc(s->cap, sizeof *s->slot);
		s->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slot[i])
				idset_add(s, old.slot[i]);
		free(old.slot);
	}
	size_t i = (size_t)(id * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
	while (s->slot[i]) {
		if (s->slot[i] == id)
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = id;
	s->n++;
	return 1;
}

#define MAX_OBJECTS 4000000

/* Walk every object reachable from the trailer; set the flags of what a
 * reader could act on.  -1 when the graph is absurdly large. */
static int walk(qpdf_data q, unsigned *flags)
{
	qpdf_oh *stack = NULL;
	size_t n = 0, cap = 0, visits = 0;
	idset seen = {0};
	gw_buf keys;
	int rc = 0;

	gw_buf_init(&keys);
#define PUSH(h) do { if (n == cap) { cap = cap ? 2 * cap : 256; \
		stack = xrealloc(stack, cap * sizeof *stack); } stack[n++] = (h); } while (0)
	PUSH(qpdf_get_trailer(q));
	while (n > 0) {
		qpdf_oh h = stack[--n];
		if (++visits > MAX_OBJECTS) {
			rc = -1;
			qpdf_oh_release(q, h);
			break;
		}
		int id = qpdf_oh_is_indirect(q, h) ? qpdf_oh_get_object_id(q, h) : 0;
		if (id > 0 && !idset_add(&seen, (uint64_t)id << 16 | (uint64_t)qpdf_oh_get_generation(q, h) << 1 | 1)) {
			qpdf_oh_release(q, h);
			continue;
		}
		if (qpdf_oh_is_array(q, h)) {
			int k = qpdf_oh_get_array_n_items(q, h);
			for (int i = 0; i < k; i++) {
				qpdf_oh v = qpdf_oh_get_array_item(q, h, i);
				if (qpdf_oh_is_array(q, v) || qpdf_oh_is_dictionary(q, v) ||
				    qpdf_oh_is_stream(q, v))
					PUSH(v);
				else
					qpdf_oh_release(q, v);
			}
			qpdf_oh_release(q, h);
			continue;
		}
		qpdf_oh d = h;
		if (qpdf_oh_is_stream(q, h)) {
			d = qpdf_oh_get_dict(q, h);
			qpdf_oh_release(q, h);
		}
		if (!qpdf_oh_is_dictionary(q, d)) {
			qpdf_oh_release(q, d);
			continue;
		}
		/* One key iteration at a time per qpdf: copy the keys first. */
		keys.len = 0;
		qpdf_oh_begin_dict_key_iter(q, d);
		while (qpdf_oh_dict_more_keys(q)) {
			const char *k = qpdf_oh_dict_next_key(q);
			gw_buf_add(&keys, k, strlen(k) + 1);
		}
		for (size_t off = 0; off < keys.len; off += strlen(keys.data + off) + 1) {
			const char *k = keys.data + off;
			if (strcmp(k, "/JS") == 0 || strcmp(k, "/JavaScript") == 0)
				*flags |= GW_ATTACH_JS;
			else if (strcmp(k, "/EmbeddedFiles") == 0 || strcmp(k, "/EF") == 0)
				*flags |= GW_ATTACH_EMBEDDED;
			qpdf_oh v = qpdf_oh_get_key(q, d, k);
			if (strcmp(k, "/S") == 0 && qpdf_oh_is_name(q, v)) {
				if (qpdf_oh_is_name_and_equals(q, v, "/JavaScript"))
					*flags |= GW_ATTACH_JS;
				else if (qpdf_oh_is_name_and_equals(q, v, "/Launch"))
					*flags |= GW_ATTACH_LAUNCH;
				else if (qpdf_oh_is_name_and_equals(q, v, "/SubmitForm") ||
					 qpdf_oh_is_name_and_equals(q, v, "/ImportData"))
					*flags |= GW_ATTACH_SUBMIT;
			}
			if (qpdf_oh_is_array(q, v) || qpdf_oh_is_dictionary(q, v) ||
			    qpdf_oh_is_stream(q, v))
				PUSH(v);
			else
				qpdf_oh_release(q, v);
		}
		qpdf_oh_release(q, d);
	}
#undef PUSH
	while (n > 0)
		qpdf_oh_release(q, stack[--n]);
	free(stack);
	free(seen.slot);
	gw_buf_dispose(&keys);
	return rc;
}

static int inspect_pdf(gw_attach_info *out, const char *name, const void *data, size_t len,
		       gw_err *err)
{
	QPDF_ERROR_CODE qrc;
	qpdf_data q = qpdf_open_mem(name, data, len, &qrc);
	int rc = 0;

	out->refusal = GW_ATTACH_BROKEN;
	if (qrc & QPDF_ERRORS) {
		qpdf_error e = qpdf_get_error(q);
		if (e && qpdf_get_error_code(q, e) == qpdf_e_password)
			rc = gw_err_set(err, GW_EDATA, "%s: an encrypted PDF (it asks for a password); "
					"attach a copy without encryption", name);
		else
			rc = gw_err_set(err, GW_EDATA, "%s: a damaged PDF that cannot be read: %s",
					name, qpdf_why(q, e));
		goto done;
	}
	if (qpdf_is_encrypted(q)) {
		rc = gw_err_set(err, GW_EDATA, "%s: an encrypted PDF (restricted by an owner "
				"password); attach a copy without encryption", name);
		goto done;
	}
	int pages = qpdf_get_num_pages(q);
	if (pages < 0 || qpdf_has_error(q)) {
		rc = gw_err_set(err, GW_EDATA, "%s: a damaged PDF: its page tree cannot be read: %s",
				name, qpdf_why(q, qpdf_get_error(q)));
		goto done;
	}
	if (pages == 0) {
		rc = gw_err_set(err, GW_EDATA, "%s: a PDF without pages", name);
		goto done;
	}
	if (walk(q, &out->flags) < 0) {
		rc = gw_err_set(err, GW_EDATA, "%s: a PDF of more than %d objects", name,
				MAX_OBJECTS);
		goto done;
	}
	/* Every object parses: write the whole file to memory, streams as they
	 * are (no decoding). */
	if (qpdf_has_error(q) || (qpdf_init_write_memory(q) & QPDF_ERRORS)) {
		rc = gw_err_set(err, GW_EDATA, "%s: a damaged PDF: %s", name,
				qpdf_why(q, qpdf_get_error(q)));
		goto done;
	}
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_compress_streams(q, QPDF_FALSE);
	if (qpdf_write(q) & QPDF_ERRORS) {
		rc = gw_err_set(err, GW_EDATA, "%s: a damaged PDF: %s", name,
				qpdf_why(q, qpdf_get_error(q)));
		goto done;
	}
	if (qpdf_more_warnings(q)) {
		rc = gw_err_set(err, GW_EDATA, "%s: a damaged PDF (qpdf: %s); save it again "
				"(print to PDF) and attach the copy", name,
				qpdf_why(q, qpdf_next_warning(q)));
		goto done;
	}
	out->media_type = "application/pdf";
	out->pages = pages;
	out->refusal = GW_ATTACH_OK;
done:
	qpdf_cleanup(&q);
	return rc;
}

int gw_attach_pdf_pages(const char *pdf, size_t len)
{
	QPDF_ERROR_CODE qrc;
	qpdf_data q = qpdf_open_mem("pdf", pdf, len, &qrc);
	int n = qrc & QPDF_ERRORS ? -1 : qpdf_get_num_pages(q);
	qpdf_cleanup(&q);
	return n;
}

/* ==== Inspection ==== */

/* What a refused file looks like, for the message. */
static const char *looks_like(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return "a ZIP archive";
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return "a gzip file";
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<') {
		for (size_t j = i; j + 4 <= n && j < i + 1024; j++)
			if (strncasecmp((const char *)p + j, "<svg", 4) == 0)
				return "an SVG image";
		return "HTML or XML";
	}
	if (n >= 4 && (memcmp(p, "GIF8", 4) == 0))
		return "a GIF image";
	return NULL;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* PNG dimensions from IHDR (the first chunk); 0 when malformed. */
static int png_size(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
	if (n < 33 || memcmp(p + 12, "IHDR", 4) != 0)
		return 0;
	*w = be32(p + 16);
	*h = be32(p + 20);
	return 1;
}

/* The PNG's framing before libpng sees it (libpng reports a damaged file on
 * stderr by itself, libharu giving it no handler): every chunk whole with
 * its CRC, IHDR first, IEND last, and the image data inflating to no more
 * than the pixels can hold.  NULL when sound, else why not. */
static const char *png_framing(const unsigned char *p, size_t n, uint32_t w, uint32_t h)
{
	size_t off = 8;
	int seen_iend = 0;
	z_stream z;
	unsigned char sink[16384];
	int zrc = Z_OK;
	/* the largest a row can be: 8 bytes a pixel (16-bit RGBA) and a filter byte */
	uint64_t cap = (uint64_t)h * ((uint64_t)w * 8 + 1), got = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return "cannot check its image data";
	while (!seen_iend) {
		if (off + 12 > n) {
			inflateEnd(&z);
			return "it ends before its last chunk (truncated)";
		}
		uint32_t len = be32(p + off);
		const unsigned char *type = p + off + 4;
		if (len > n - off - 12) {
			inflateEnd(&z);
			return "a chunk runs past the end of the file (truncated)";
		}
		if ((uint32_t)crc32(0, type, len + 4) != be32(p + off + 8 + len)) {
			inflateEnd(&z);
			return "a chunk's checksum is wrong";
		}
		if (off == 8 && memcmp(type, "IHDR", 4) != 0) {
			inflateEnd(&z);
			return "it does not begin with IHDR";
		}
		if (memcmp(type, "IDAT", 4) == 0 && zrc == Z_OK) {
			z.next_in = (unsigned char *)type + 4;
			z.avail_in = len;
			while (z.avail_in > 0 && zrc == Z_OK) {
				z.next_out = sink;
				z.avail_out = sizeof sink;
				zrc = inflate(&z, Z_NO_FLUSH);
				got += sizeof sink - z.avail_out;
				if (got > cap) {
					inflateEnd(&z);
					return "its image data inflates to more than its pixels hold";
				}
			}
			if (zrc != Z_OK && zrc != Z_STREAM_END) {
				inflateEnd(&z);
				return "its image data is damaged";
			}
		}
		seen_iend = memcmp(type, "IEND", 4) == 0;
		off += 12 + (size_t)len;
	}
	inflateEnd(&z);
	return zrc == Z_STREAM_END ? NULL : "its image data is incomplete";
}

const char *gw_attach_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;

	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

#define MAX_SIDE 12000
#define MAX_PIXELS 40000000ull

int gw_attach_inspect(gw_attach_info *out, const char *name, const void *data, size_t len,
		      gw_err *err)
{
	const unsigned char *p = data;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (len == 0) {
		out->refusal = GW_ATTACH_BROKEN;
		return gw_err_set(err, GW_EDATA, "%s: an empty file (0 bytes)", name);
	}
	gw_sha256_hex(out->sha256, data, len);
	const char *type = gw_attach_sniff(data, len);
	if (type && strcmp(type, "application/pdf") == 0)
		return inspect_pdf(out, name, data, len, err);
	int png = type && strcmp(type, "image/png") == 0;
	int jpeg = type && strcmp(type, "image/jpeg") == 0;
	if (!png && !jpeg) {
		const char *like = looks_like(p, len);
		out->refusal = GW_ATTACH_BAD_TYPE;
		return gw_err_set(err, GW_EDATA, "%s: not a PDF, PNG or JPEG file%s%s%s", name,
				  like ? " (it is " : "", like ? like : "", like ? ")" : "");
	}
	out->refusal = GW_ATTACH_BROKEN;
	if (png) {
		uint32_t w, h;
		if (!png_size(p, len, &w, &h) || w == 0 || h == 0)
			return gw_err_set(err, GW_EDATA, "%s: a damaged PNG image (no IHDR)", name);
		if (w > MAX_SIDE || h > MAX_SIDE || (uint64_t)w * h > MAX_PIXELS) {
			out->refusal = GW_ATTACH_TOO_LARGE;
			return gw_err_set(err, GW_ELIMIT, "%s: a PNG image of %u × %u pixels (at most "
					  "%d a side and %llu million in all)", name, w, h, MAX_SIDE,
					  MAX_PIXELS / 1000000);
		}
		const char *why = png_framing(p, len, w, h);
		if (why)
			return gw_err_set(err, GW_EDATA, "%s: a damaged PNG image: %s", name, why);
	}
	if (jpeg) {
		/* libharu reads a JPEG's header only: a cut-off file has no EOI. */
		size_t tail = len > 65536 ? 65536 : len;
		if (memmem(p + len - tail, tail, "\xff\xd9", 2) == NULL)
			return gw_err_set(err, GW_EDATA, "%s: a damaged JPEG image: it has no end "
					  "marker (truncated)", name);
	}
	/* The real parse is the one that prints it. */
	char *page = NULL;
	size_t plen = 0;
	if ((rc = gw_pdf_image_page(&page, &plen, data, len, png, err)) < 0) {
		gw_err_prefix(err, "%s: ", name);
		return rc;
	}
	free(page);
	out->media_type = png ? "image/png" : "image/jpeg";
	out->pages = 1;
	out->refusal = GW_ATTACH_OK;
	return 0;
}

/* ==== packet.pdf with the attachments ==== */

/* An empty A4 page at the end of q. */
static int blank_page(qpdf_data q, gw_err *err)
{
	qpdf_oh page = qpdf_oh_parse(q, "<< /Type /Page /MediaBox [0 0 595.276 841.89] "
				     "/Resources << >> >>");
	qpdf_oh ind = qpdf_make_indirect_object(q, page);
	int rc = 0;

	if (qpdf_has_error(q) || (qpdf_add_page(q, q, ind, QPDF_FALSE) & QPDF_ERRORS))
		rc = gw_err_set(err, GW_EPDF, "packet.pdf: cannot add a blank page: %s",
				qpdf_why(q, qpdf_get_error(q)));
	qpdf_oh_release(q, page);
	qpdf_oh_release(q, ind);
	return rc;
}

int gw_attach_append(char **out, size_t *outlen, const char *pdf, size_t len,
		     const gw_attach_part *parts, size_t nparts, gw_err *err)
{
	QPDF_ERROR_CODE qrc;
	qpdf_data dst = qpdf_open_mem("packet.pdf", pdf, len, &qrc);
	qpdf_data *src = xcalloc(nparts + 1, sizeof *src);
	char **bufs = xcalloc(nparts + 1, sizeof *bufs);
	int rc = 0;

	*out = NULL;
	*outlen = 0;
	if (qrc & QPDF_ERRORS) {
		rc = gw_err_set(err, GW_EPDF, "packet.pdf: qpdf cannot read it: %s",
				qpdf_why(dst, qpdf_get_error(dst)));
		goto done;
	}
	for (size_t i = 0; i < nparts; i++) {
		const gw_attach_part *a = &parts[i];
		size_t n = 0;
		if ((rc = gw_file_read(&bufs[i], &n, a->path, (size_t)1 << 31, err)) < 0)
			goto done;
		if (strcmp(a->media_type, "application/pdf") != 0) {
			char *page = NULL;
			size_t plen = 0;
			if ((rc = gw_pdf_image_page(&page, &plen, bufs[i], n,
						    strcmp(a->media_type, "image/png") == 0, err)) < 0) {
				gw_err_prefix(err, "attachment %s: ", a->name);
				goto done;
			}
			free(bufs[i]);
			bufs[i] = page;
			n = plen;
		}
		src[i] = qpdf_open_mem(a->name, bufs[i], n, &qrc);
		if ((qrc & QPDF_ERRORS) ||
		    (qpdf_push_inherited_attributes_to_page(src[i]) & QPDF_ERRORS)) {
			rc = gw_err_set(err, GW_EPDF, "attachment %s: qpdf cannot read it: %s",
					a->name, qpdf_why(src[i], qpdf_get_error(src[i])));
			goto done;
		}
		int pages = qpdf_get_num_pages(src[i]);
		/* Printed duplex: each attachment starts on a front side, as each
		 * document of the packet does (packet.c). */
		if (pages > 0 && qpdf_get_num_pages(dst) % 2 == 1 &&
		    (rc = blank_page(dst, err)) < 0)
			goto done;
		for (int p = 0; p < pages; p++) {
			qpdf_oh page = qpdf_get_page_n(src[i], (size_t)p);
			if (qpdf_add_page(dst, src[i], page, QPDF_FALSE) & QPDF_ERRORS) {
				rc = gw_err_set(err, GW_EPDF, "attachment %s: page %d cannot be "
						"copied: %s", a->name, p + 1,
						qpdf_why(dst, qpdf_get_error(dst)));
				goto done;
			}
		}
		if (pages < 0) {
			rc = gw_err_set(err, GW_EPDF, "attachment %s: its pages cannot be read",
					a->name);
			goto done;
		}
	}
	if (qpdf_init_write_memory(dst) & QPDF_ERRORS) {
		rc = gw_err_set(err, GW_EPDF, "packet.pdf: %s", qpdf_why(dst, qpdf_get_error(dst)));
		goto done;
	}
	qpdf_set_decode_level(dst, qpdf_dl_none);
	if (qpdf_write(dst) & QPDF_ERRORS) {
		rc = gw_err_set(err, GW_EPDF, "packet.pdf with attachments: %s",
				qpdf_why(dst, qpdf_get_error(dst)));
		goto done;
	}
	*outlen = qpdf_get_buffer_length(dst);
	*out = xmalloc(*outlen ? *outlen : 1);
	memcpy(*out, qpdf_get_buffer(dst), *outlen);
done:
	qpdf_cleanup(&dst);
	for (size_t i = 0; i < nparts; i++) {
		if (src[i])
			qpdf_cleanup(&src[i]);
		free(bufs[i]);
	}
	free(src);
	free(bufs);
	return rc;
}
