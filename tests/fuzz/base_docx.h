/*
 * base_docx.h — a minimal DOCX built in memory for harnesses that fuzz one
 * part's content: the parts are zipped with the package writer itself
 * (gw_pkg_set on a package opened from a stored zip of two entries).
 */
#ifndef GW_FUZZ_BASE_DOCX_H
#define GW_FUZZ_BASE_DOCX_H
#include "pkg.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

static const char base_ct[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char base_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/* A package whose word/document.xml is doc[0..len); *out caller frees. */
static int base_docx(gw_pkg **out, const char *doc, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	char *bytes;
	int rc = -1;

	*out = NULL;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	zip_file_add(za, "[Content_Types].xml", zip_source_buffer(za, base_ct, strlen(base_ct), 0), 0);
	zip_file_add(za, "_rels/.rels", zip_source_buffer(za, base_rels, strlen(base_rels), 0), 0);
	zip_file_add(za, "word/document.xml", zip_source_buffer(za, doc, len, 0), 0);
	if (zip_close(za) == 0 && zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		bytes = malloc(st.size ? st.size : 1);
		if (zip_source_read(src, bytes, st.size) == (zip_int64_t)st.size) {
			gw_err err = {0};
			rc = gw_pkg_open_mem(out, bytes, st.size, "fuzz.docx", &err);
		}
		zip_source_close(src);
		free(bytes);
	} else {
		zip_discard(za);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}
#endif
