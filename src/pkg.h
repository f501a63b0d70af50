/*
 * pkg.h — OPC packages (DOCX): a hostile-input-safe reader and an atomic
 * writer.  Wraps libzip; nothing else in gongwen includes zip.h.
 *
 * Opening a package reads and checks every entry once, counting the bytes
 * actually inflated (headers can lie): limits on entry count, part size, total
 * size and compression ratio; no duplicate (also case-variant) names, no
 * absolute or "../" names, no encrypted or unsupported entries.  The parts are
 * then held in memory; gw_pkg_read returns borrowed bytes.
 *
 * Writing copies every part that was not replaced byte-for-byte (same
 * compressed data) and writes to a temp file renamed into place.
 */
#ifndef GW_PKG_H
#define GW_PKG_H

#include "common.h"
#include <libxml/tree.h>

typedef struct gw_pkg gw_pkg;

/* Open a DOCX.  *out is the caller's (gw_pkg_free).  Errors name the file
 * and the entry: "x.docx: word/document.xml: compression ratio over 200". */
int gw_pkg_open(gw_pkg **out, const char *path, gw_err *err);
/* The same from bytes in memory (copied); name is used in messages. */
int gw_pkg_open_mem(gw_pkg **out, const void *data, size_t len, const char *name, gw_err *err);
void gw_pkg_free(gw_pkg *pkg);
/* An independent copy of pkg (same parts, same source archive bytes, so
 * untouched parts are still copied byte for byte), as the start of one merged
 * document made from a template opened once.  *out is the caller's. */
int gw_pkg_clone(gw_pkg **out, const gw_pkg *pkg, gw_err *err);

/* The file name given at open (borrowed). */
const char *gw_pkg_path(const gw_pkg *pkg);
size_t gw_pkg_count(const gw_pkg *pkg);
/* Name of part i, 0 <= i < count (borrowed). */
const char *gw_pkg_name(const gw_pkg *pkg, size_t i);

/* Bytes of a part (borrowed; valid until the part is replaced or the package
 * freed).  GW_ENOTFOUND when absent. */
int gw_pkg_read(const gw_pkg *pkg, const char *part, const char **data, size_t *len,
		gw_err *err);

/* Parse a part as XML, safely: no DTD, no entities expanded, no network or
 * file access, no DOCTYPE at all.  *out is the caller's (xmlFreeDoc). */
int gw_pkg_xml(xmlDocPtr *out, const gw_pkg *pkg, const char *part, gw_err *err);
/* The same for a tree that will only be read, never modified: parsed with
 * XML_PARSE_COMPACT, which is faster and smaller. */
int gw_pkg_xml_readonly(xmlDocPtr *out, const gw_pkg *pkg, const char *part, gw_err *err);

/* The main document part ("word/document.xml" usually), found through
 * _rels/.rels (officeDocument relationship).  Borrowed. */
int gw_pkg_main_part(const char **out, const gw_pkg *pkg, gw_err *err);

/* Resolve relationship rid of part source ("word/document.xml") to a part
 * name inside the package (*out caller frees).  External targets and targets
 * outside the package are GW_EPACKAGE; an unknown rid GW_ENOTFOUND. */
int gw_pkg_rel_target(char **out, const gw_pkg *pkg, const char *source, const char *rid,
		      gw_err *err);
/* The first relationship of source whose Type ends with type_suffix
 * ("/styles", "/numbering", "/theme"), resolved as above; GW_ENOTFOUND. */
int gw_pkg_rel_by_type(char **out, const gw_pkg *pkg, const char *source,
		       const char *type_suffix, gw_err *err);

/* Active content: what runs or fetches something when Word opens the
 * document — a DDE, DDEAUTO, INCLUDETEXT, INCLUDEPICTURE, LINK or IMPORT
 * field (w:fldSimple or w:instrText), a relationship with TargetMode="External"
 * other than a hyperlink (linked picture, OLE object, attachedTemplate,
 * subDocument, frame, …), a hyperlink that is not http, https or mailto, an
 * altChunk, macros (a VBA project) and ActiveX controls.  cb is called once
 * per item with the part it is in and what it is (one line, sanitised).
 * < 0 only when a part cannot be read. */
typedef void (*gw_active_fn)(void *ctx, const char *part, const char *what);
int gw_pkg_active(const gw_pkg *pkg, gw_active_fn cb, void *ctx, gw_err *err);

/* Replace (or add) a part's content; the package takes ownership of data
 * (allocated with xmalloc). */
void gw_pkg_set(gw_pkg *pkg, const char *part, char *data, size_t len);
/* Serialise an XML tree into a part (replacing it). */
void gw_pkg_set_xml(gw_pkg *pkg, const char *part, xmlDocPtr doc);

/* Write the package to path atomically (temp file + rename).  On failure
 * nothing is left behind and an older file at path survives. */
int gw_pkg_write(const gw_pkg *pkg, const char *path, gw_err *err);
/* The same into memory (*out caller frees). */
int gw_pkg_write_mem(char **out, size_t *len, const gw_pkg *pkg, gw_err *err);

#endif
