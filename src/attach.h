/*
 * attach.h — attachments: the files that travel with an application (the
 * security test reports, the installation evidence of the anti-virus, MDR
 * and VANS software, the go-live record, anything else).  This module judges
 * a file by its content — PDF, PNG or JPEG, parsed for real — cleans the
 * name it came with, and assembles packet.pdf with the attached pages.  It
 * keeps no state and touches no store (data_attach.c does, attach.c only
 * inspects and assembles).  Wraps qpdf (its C API, qpdf-c.h); images become
 * pages through the PDF module (gw_pdf_image_page).
 */
#ifndef GW_ATTACH_H
#define GW_ATTACH_H

#include "common.h"

/* What a PDF holds that a reader could act on.  Such a file is stored (it
 * may be the evidence itself) but flagged, and never executed: gongwen only
 * copies its pages. */
enum {
	GW_ATTACH_JS = 1,       /* JavaScript (/JS, /S /JavaScript, a JavaScript name tree) */
	GW_ATTACH_LAUNCH = 2,   /* a launch action (/S /Launch) */
	GW_ATTACH_EMBEDDED = 4, /* embedded files (/EmbeddedFiles, /EF) */
	GW_ATTACH_SUBMIT = 8,   /* a form that submits or imports data */
};

/* Refusals, for a front end that answers by class (the web: 413, 415, 400). */
enum {
	GW_ATTACH_OK = 0,
	GW_ATTACH_TOO_LARGE,    /* over a limit */
	GW_ATTACH_BAD_TYPE,     /* not a PDF, PNG or JPEG by content */
	GW_ATTACH_BROKEN,       /* says PDF/PNG/JPEG but does not parse, is encrypted, empty */
};

typedef struct gw_attach_info {
	const char *media_type; /* static: "application/pdf", "image/png", "image/jpeg" */
	int pages;              /* pages it adds to packet.pdf (an image: 1) */
	unsigned flags;         /* GW_ATTACH_JS … */
	int refusal;            /* when inspection fails: GW_ATTACH_TOO_LARGE … */
	char sha256[65];
} gw_attach_info;

/* The kinds of attachment: the six report kinds of the import format
 * (source_code_scan host_vuln_scan web_vuln_scan pentest malware_scan
 * patch_status), the three evidence kinds (antivirus mdr vans), golive (資訊
 * 系統上線作業紀錄表) and other.  All but other belong to a device. */
int gw_attach_kind_ok(const char *kind);
int gw_attach_kind_needs_device(const char *kind);
/* The kind's Chinese name as the letters print it (「主機弱點掃描結果報告」…). */
const char *gw_attach_kind_title(const char *kind);
/* The kinds, comma-separated, for messages and usage texts. */
const char *gw_attach_kinds(void);

/* Judge a file by its bytes: a PDF (qpdf opens it, every object parses, it
 * is not encrypted, it has at least one page), a PNG or a JPEG that the PDF
 * module can place as a page, of at most 12000 pixels a side and 40 million
 * in all.  name is only for messages.  Fails with GW_EDATA naming the file
 * and the cause (GW_ELIMIT for an image too large); out->refusal says which
 * class.  Never decompresses a stream of a PDF. */
int gw_attach_inspect(gw_attach_info *out, const char *name, const void *data, size_t len,
		      gw_err *err);

/* The media type the first bytes announce ("application/pdf", "image/png",
 * "image/jpeg"), or NULL: what a file claims, before gw_attach_inspect
 * checks that it is so. */
const char *gw_attach_sniff(const void *data, size_t len);

/* "javascript,launch" for flags (empty for none), into b. */
void gw_attach_flags_text(gw_buf *b, unsigned flags);
/* The name to keep for a file called path: its last component (after '/' or
 * '\'), control characters and invalid UTF-8 as '_', no leading dots or
 * spaces, at most 120 bytes (the extension kept); "attachment" when nothing
 * is left.  Never contains '/' and never starts with '.'.  Caller frees. */
char *gw_attach_clean_name(const char *path);

/* One attachment to print after the documents. */
typedef struct gw_attach_part {
	const char *path;       /* the stored file */
	const char *media_type; /* as inspected */
	const char *name;       /* for messages */
} gw_attach_part;

/* packet.pdf with the attachments' pages after its own: pdf[0..len) and
 * each part in order (a PDF's pages as they are, an image as one A4 page),
 * each starting on a front side for duplex printing (a blank page before it
 * when the pages so far are odd).
 * *out is malloc'd (caller frees).  Fails with GW_EPDF / GW_EIO naming the
 * attachment. */
int gw_attach_append(char **out, size_t *outlen, const char *pdf, size_t len,
		     const gw_attach_part *parts, size_t nparts, gw_err *err);

/* Pages of a PDF in memory (qpdf), or -1 when it cannot be read. */
int gw_attach_pdf_pages(const char *pdf, size_t len);

#endif
