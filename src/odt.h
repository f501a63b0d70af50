/*
 * odt.h — OpenDocument Text (ODF 1.3, CNS 15251 / ISO/IEC 26300) written
 * natively from the document model (odt.c), not through an office suite.
 *
 * The package: `mimetype` first and stored, META-INF/manifest.xml listing
 * every part, content.xml, styles.xml (named paragraph styles, page layouts,
 * master pages with headers and footers), meta.xml, settings.xml and
 * Pictures/.  Every part is strict ODF 1.3 (no extension namespaces).
 * docs/odt.md says how each property of the model maps and what is not
 * carried.
 */
#ifndef GW_ODT_H
#define GW_ODT_H

#include "common.h"
#include "model.h"

/* The ODT of doc into memory (*out caller frees).  name is used in
 * messages.  Fails only when the package cannot be written (GW_EPACKAGE). */
int gw_odt_write_mem(char **out, size_t *len, const gw_doc *doc, const char *name, gw_err *err);
/* The same to path, atomically (temp file + rename): on failure nothing is
 * left behind. */
int gw_odt_write(const char *path, const gw_doc *doc, gw_err *err);

/* The numbering labels of list paragraphs are written as text in spans whose
 * automatic style name starts with this prefix (followed by a tab or space
 * as the DOCX's suffix says), so a reader can tell the label from the
 * paragraph's own text. */
#define GW_ODT_LABEL_PREFIX "Lbl"

#endif
