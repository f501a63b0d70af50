/*
 * font.c — fonts: the manifest (document font names → chains of font files),
 * per-character face picking along the chain, and metrics for layout.
 * Embedding into PDFs lives in font_pdf.c.
 *
 * Invariants: every font file is mapped once per process (hb_blob from file,
 * mmap) when the manifest is opened, and its raw tables (head magic,
 * unitsPerEm 16..16384, maxp, hhea, hmtx, cmap, glyf/loca, OS/2.fsType) are
 * checked before HarfBuzz or libharu see it, so a malformed or
 * embedding-restricted font is an error naming the file, never a crash
 * later.  A file that does not exist is skipped (gongwen fonts shows it).
 * Metrics are integers in 1/1000 em.  Wraps HarfBuzz (hb, hb-ot).
 */
#include "font.h"
#include "font_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ==== Raw table checks ==== */

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Find table tag in the sfnt at d[0..n); sets off and len. */
static int find_table(const uint8_t *d, size_t dir, const char *tag, uint32_t *off, uint32_t *len)
{
	unsigned nt = be16(d + dir + 4);
	for (unsigned i = 0; i < nt; i++) {
		const uint8_t *r = d + dir + 12 + 16 * i;
		if (memcmp(r, tag, 4) == 0) {
			*off = be32(r + 8);
			*len = be32(r + 12);
			return 1;
		}
	}
	return 0;
}

/* Validate the sfnt and fill the face's raw metrics.  Returns 0 or GW_EFONT
 * with a message naming path and cause. */
static int check_sfnt(gw_face *f, const uint8_t *d, size_t n, gw_err *err)
{
	static const char *need[] = {"head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf"};
	uint32_t off, len, ver;
	size_t dir = 0;
	unsigned nt;

	if (n < 12)
		return gw_err_set(err, GW_EFONT, "%s: not a font (%zu bytes)", f->path, n);
	ver = be32(d);
	if (ver == 0x74746366u) { /* ttcf: pick the face's table directory */
		uint32_t nf = be32(d + 8);
		if (nf == 0 || 12 + 4 * (uint64_t)nf > n)
			return gw_err_set(err, GW_EFONT, "%s: truncated font collection header", f->path);
		if (f->index >= nf)
			return gw_err_set(err, GW_EFONT, "%s: the collection has %u fonts; #%u does not exist",
					  f->path, nf, f->index);
		dir = be32(d + 12 + 4 * (size_t)f->index);
		if (dir + 12 > n)
			return gw_err_set(err, GW_EFONT, "%s: truncated font collection", f->path);
		ver = be32(d + dir);
	} else if (f->index > 0) {
		return gw_err_set(err, GW_EFONT, "%s: not a font collection, so no font #%u", f->path, f->index);
	}
	if (ver == 0x4F54544Fu) /* OTTO */
		return gw_err_set(err, GW_EFONT,
				  "%s: CFF-outline OpenType fonts are not supported; use a TrueType (.ttf) font",
				  f->path);
	if (ver != 0x00010000u && ver != 0x74727565u) /* 1.0, 'true' */
		return gw_err_set(err, GW_EFONT, "%s: not a TrueType font (bad sfnt version)", f->path);
	nt = be16(d + dir + 4);
	if (nt == 0 || nt > 512 || dir + 12 + 16 * (size_t)nt > n)
		return gw_err_set(err, GW_EFONT, "%s: truncated or bad table directory (%u tables)",
				  f->path, nt);
	for (unsigned i = 0; i < nt; i++) {
		const uint8_t *r = d + dir + 12 + 16 * i;
		uint64_t o = be32(r + 8), l = be32(r + 12);
		if (o + l > n)
			return gw_err_set(err, GW_EFONT, "%s: truncated: table '%.4s' ends past the file end",
					  f->path, (const char *)r);
	}
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!find_table(d, dir, need[i], &off, &len))
			return gw_err_set(err, GW_EFONT, "%s: no '%s' table (not a TrueType font?)",
					  f->path, need[i]);
	/* head: magic, upem, bbox, macStyle, indexToLocFormat */
	find_table(d, dir, "head", &off, &len);
	if (len < 54 || be32(d + off + 12) != 0x5F0F3CF5u)
		return gw_err_set(err, GW_EFONT, "%s: bad 'head' table (magic number)", f->path);
	f->upem = be16(d + off + 18);
	if (f->upem < 16 || f->upem > 16384)
		return gw_err_set(err, GW_EFONT, "%s: unitsPerEm %u is outside 16..16384 (malformed font)",
				  f->path, f->upem);
	f->bbox[0] = (int16_t)be16(d + off + 36);
	f->bbox[1] = (int16_t)be16(d + off + 38);
	f->bbox[2] = (int16_t)be16(d + off + 40);
	f->bbox[3] = (int16_t)be16(d + off + 42);
	f->mac_style = be16(d + off + 44);
	if ((int16_t)be16(d + off + 50) > 1)
		return gw_err_set(err, GW_EFONT, "%s: bad 'head' table (indexToLocFormat)", f->path);
	/* maxp */
	find_table(d, dir, "maxp", &off, &len);
	if (len < 6 || be16(d + off + 4) == 0)
		return gw_err_set(err, GW_EFONT, "%s: bad 'maxp' table (no glyphs)", f->path);
	f->nglyphs = be16(d + off + 4);
	/* hhea */
	find_table(d, dir, "hhea", &off, &len);
	if (len < 36)
		return gw_err_set(err, GW_EFONT, "%s: bad 'hhea' table (too short)", f->path);
	f->hhea_asc = (int16_t)be16(d + off + 4);
	f->hhea_desc = (int16_t)be16(d + off + 6);
	f->hhea_gap = (int16_t)be16(d + off + 8);
	if (be16(d + off + 34) == 0)
		return gw_err_set(err, GW_EFONT, "%s: bad 'hhea' table (no horizontal metrics)", f->path);
	/* OS/2 (optional in TrueType, but checked when present) */
	f->has_os2 = 0;
	if (find_table(d, dir, "OS/2", &off, &len) && len >= 78) {
		f->has_os2 = 1;
		f->fs_type = be16(d + off + 8);
		f->fs_selection = be16(d + off + 62);
		f->typo_asc = (int16_t)be16(d + off + 68);
		f->typo_desc = (int16_t)be16(d + off + 70);
		f->typo_gap = (int16_t)be16(d + off + 72);
		f->win_asc = be16(d + off + 74);
		f->win_desc = be16(d + off + 76);
		f->cap_height = 0;
		f->st_thick = (int16_t)be16(d + off + 26);
		f->st_pos = (int16_t)be16(d + off + 28);
		if (be16(d + off) >= 2 && len >= 96)
			f->cap_height = (int16_t)be16(d + off + 88);
		/* Restricted-licence embedding (bit 1) unless a less restrictive
		 * bit (2 preview/print, 3 editable) is also set; bit 9 bitmap only. */
		if ((f->fs_type & 0x0002) && !(f->fs_type & 0x000C))
			return gw_err_set(err, GW_EFONT,
					  "%s: the font's licence forbids embedding (OS/2.fsType 0x%04X)",
					  f->path, f->fs_type);
		if (f->fs_type & 0x0200)
			return gw_err_set(err, GW_EFONT,
					  "%s: the font's licence allows only bitmap embedding (OS/2.fsType 0x%04X)",
					  f->path, f->fs_type);
	}
	/* post: italic angle (optional) */
	f->italic_angle = 0;
	if (find_table(d, dir, "post", &off, &len) && len >= 12) {
		f->italic_angle = (int32_t)be32(d + off + 4) / 65536.0;
		f->ul_pos = (int16_t)be16(d + off + 8);
		f->ul_thick = (int16_t)be16(d + off + 10);
	}
	return 0;
}

/* ==== Faces ==== */

static int per_mille(const gw_face *f, int v)
{
	long x = (long)v * 1000;
	return (int)(x >= 0 ? (x + f->upem / 2) / f->upem : -((-x + f->upem / 2) / f->upem));
}

/* Map and check one file.  *out is set only on success. */
static int face_open(gw_face *f, gw_err *err)
{
	unsigned int n = 0;
	const char *d;
	int rc = 0;
	char name[256];
	unsigned int nl = sizeof name;

	f->blob = hb_blob_create_from_file_or_fail(f->path);
	if (f->blob == NULL)
		return gw_err_set(err, GW_EFONT, "%s: cannot read the font file", f->path);
	d = hb_blob_get_data(f->blob, &n);
	if ((rc = check_sfnt(f, (const uint8_t *)d, n, err)) < 0)
		goto done;
	f->face = hb_face_create(f->blob, f->index);
	f->font = hb_font_create(f->face);
	hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
	if (hb_face_get_glyph_count(f->face) == 0) {
		rc = gw_err_set(err, GW_EFONT, "%s: HarfBuzz finds no glyphs in the font", f->path);
		goto done;
	}
	if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1),
				&nl, name) == 0) {
		nl = sizeof name;
		hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID, &nl, name);
	}
	f->family = xstrdup(nl > 0 ? name : "");
	nl = sizeof name;
	if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &nl, name) == 0)
		name[0] = '\0';
	f->psname = xstrdup(name);
	/* Ascent/descent as LibreOffice computes line height: hhea when set,
	 * else OS/2 win metrics; OS/2 typo metrics when USE_TYPO_METRICS. */
	f->asc = f->hhea_asc;
	f->desc = -f->hhea_desc;
	f->gap = f->hhea_gap;
	if (f->has_os2) {
		if (f->asc == 0 && f->desc == 0) {
			f->asc = f->win_asc;
			f->desc = f->win_desc;
			f->gap = 0;
		}
		if ((f->fs_selection & 0x80) && (f->typo_asc || f->typo_desc)) {
			f->asc = f->typo_asc;
			f->desc = -f->typo_desc;
			f->gap = f->typo_gap;
		}
	}
	if (f->asc == 0 && f->desc == 0) {
		f->asc = f->bbox[3];
		f->desc = -f->bbox[1];
	}
	f->bold = f->has_os2 ? !!(f->fs_selection & 0x20) : !!(f->mac_style & 1);
	f->italic = f->has_os2 ? !!(f->fs_selection & 0x01) : !!(f->mac_style & 2);
	f->ok = 1;
done:
	return rc;
}

static void face_dispose(gw_face *f)
{
	for (size_t i = 0; i < sizeof f->cache / sizeof f->cache[0]; i++)
		fembed_free(f->cache[i]);
	hb_font_destroy(f->font);
	hb_face_destroy(f->prepped);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->path);
	free(f->family);
	free(f->psname);
}

int gw_face_glyph(gw_face *f, uint32_t cp, uint32_t *gid)
{
	hb_codepoint_t g = 0;
	if (f == NULL || !f->ok || !hb_font_get_nominal_glyph(f->font, cp, &g) || g == 0)
		return 0;
	if (gid)
		*gid = g;
	return 1;
}

int gw_face_has(gw_face *f, uint32_t cp)
{
	return gw_face_glyph(f, cp, NULL);
}

int gw_face_advance(gw_face *f, uint32_t cp)
{
	uint32_t g;
	if (!gw_face_glyph(f, cp, &g))
		return 0;
	return per_mille(f, hb_font_get_glyph_h_advance(f->font, g));
}

int gw_face_glyph_advance(gw_face *f, uint32_t gid)
{
	return per_mille(f, hb_font_get_glyph_h_advance(f->font, gid));
}

int gw_face_ascent(gw_face *f) { return f ? per_mille(f, f->asc) : 0; }
int gw_face_descent(gw_face *f) { return f ? per_mille(f, f->desc) : 0; }
int gw_face_line_gap(gw_face *f) { return f ? per_mille(f, f->gap) : 0; }
int gw_face_is_bold(gw_face *f) { return f ? f->bold : 0; }

void gw_face_decoration(gw_face *f, int *ul_pos, int *ul_thick, int *st_pos, int *st_thick)
{
	/* Fallbacks when a font leaves them 0: Word's usual proportions. */
	int up = f && f->ul_thick > 0 ? per_mille(f, f->ul_pos) : -100;
	int ut = f && f->ul_thick > 0 ? per_mille(f, f->ul_thick) : 50;
	int sp = f && f->st_thick > 0 ? per_mille(f, f->st_pos) : 250;
	int st = f && f->st_thick > 0 ? per_mille(f, f->st_thick) : 50;
	if (ul_pos)
		*ul_pos = up;
	if (ul_thick)
		*ul_thick = ut;
	if (st_pos)
		*st_pos = sp;
	if (st_thick)
		*st_thick = st;
}
int gw_face_is_italic(gw_face *f) { return f ? f->italic : 0; }
const char *gw_face_name(gw_face *f) { return f ? f->family : ""; }
const char *gw_face_path(gw_face *f) { return f ? f->path : ""; }

/* ==== The manifest ==== */

/* Built-in defaults: used when no manifest file is found.  The chains of the
 * shipped fonts/manifest without its drop-in (relative) files. */
static const char builtin_manifest[] =
	"標楷體, DFKai-SB, BiauKai, 標楷體-繁, TW-Kai, 全字庫正楷體, 教育部標準楷書 = /usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Kai-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Kai-Plus-98_1.ttf\n"
	"新細明體, PMingLiU, 新細明體-ExtB, PMingLiU-ExtB = /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf\n"
	"細明體, MingLiU, 細明體-ExtB, MingLiU-ExtB = /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf\n"
	"細明體_HKSCS, MingLiU_HKSCS, 細明體_HKSCS-ExtB, MingLiU_HKSCS-ExtB = /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf\n"
	"TW-Sung, 全字庫正宋體, 宋體, SimSun = /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf\n"
	"微軟正黑體 UI, Microsoft JhengHei UI = /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf\n"
	"微軟正黑體, Microsoft JhengHei = /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf\n"
	"Times New Roman, Liberation Serif, Georgia = /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf\n"
	"Times New Roman, Liberation Serif, Georgia [bold] = /usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf\n"
	"Times New Roman, Liberation Serif, Georgia [italic] = /usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf\n"
	"Times New Roman, Liberation Serif, Georgia [bold italic] = /usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf\n"
	"Arial, Helvetica, Liberation Sans, Verdana, Tahoma, Segoe UI = /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf\n"
	"Arial, Helvetica, Liberation Sans, Verdana, Tahoma, Segoe UI [bold] = /usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf\n"
	"Arial, Helvetica, Liberation Sans, Verdana, Tahoma, Segoe UI [italic] = /usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf\n"
	"Arial, Helvetica, Liberation Sans, Verdana, Tahoma, Segoe UI [bold italic] = /usr/share/fonts/truetype/liberation2/LiberationSans-BoldItalic.ttf\n"
	"Calibri, Carlito, Calibri Light = /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf, /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf\n"
	"Calibri, Carlito, Calibri Light [bold] = /usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf, /usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf\n"
	"Calibri, Carlito, Calibri Light [italic] = /usr/share/fonts/truetype/crosextra/Carlito-Italic.ttf, /usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf\n"
	"Calibri, Carlito, Calibri Light [bold italic] = /usr/share/fonts/truetype/crosextra/Carlito-BoldItalic.ttf, /usr/share/fonts/truetype/liberation2/LiberationSans-BoldItalic.ttf\n"
	"Cambria, Caladea = /usr/share/fonts/truetype/crosextra/Caladea-Regular.ttf, /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf\n"
	"Cambria, Caladea [bold] = /usr/share/fonts/truetype/crosextra/Caladea-Bold.ttf, /usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf\n"
	"Cambria, Caladea [italic] = /usr/share/fonts/truetype/crosextra/Caladea-Italic.ttf, /usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf\n"
	"Cambria, Caladea [bold italic] = /usr/share/fonts/truetype/crosextra/Caladea-BoldItalic.ttf, /usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf\n"
	"Courier New, Courier, Liberation Mono, Consolas = /usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf\n"
	"Courier New, Courier, Liberation Mono, Consolas [bold] = /usr/share/fonts/truetype/liberation2/LiberationMono-Bold.ttf\n"
	"Courier New, Courier, Liberation Mono, Consolas [italic] = /usr/share/fonts/truetype/liberation2/LiberationMono-Italic.ttf\n"
	"Courier New, Courier, Liberation Mono, Consolas [bold italic] = /usr/share/fonts/truetype/liberation2/LiberationMono-BoldItalic.ttf\n"
	"* = /usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Kai-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Kai-Plus-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Ext-B-98_1.ttf, /usr/share/fonts/truetype/cns11643/TW-Sung-Plus-98_1.ttf, /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n";

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* The face for path and collection index (one per distinct pair). */
static gw_face *face_for(gw_fonts *fs, const char *path, unsigned index)
{
	for (size_t i = 0; i < fs->nfaces; i++)
		if (strcmp(fs->faces[i]->path, path) == 0 && fs->faces[i]->index == index)
			return fs->faces[i];
	if (fs->nfaces == fs->capfaces) {
		fs->capfaces = fs->capfaces ? 2 * fs->capfaces : 16;
		fs->faces = xrealloc(fs->faces, fs->capfaces * sizeof *fs->faces);
	}
	gw_face *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->index = index;
	fs->faces[fs->nfaces++] = f;
	return f;
}

static char *resolve_path(const char *dir, const char *file)
{
	if (file[0] == '/' || dir == NULL || dir[0] == '\0')
		return xstrdup(file);
	return xasprintf("%s/%s", dir, file);
}

/* Parse manifest text; dir resolves relative paths; where names the source
 * in messages. */
static int parse_manifest(gw_fonts *fs, char *text, const char *dir, const char *where, gw_err *err)
{
	int lineno = 0, rc = 0;
	char *save = NULL, *line;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq, *lhs, *rhs, *style, *tok, *s2 = NULL;
		int bold = 0, italic = 0;
		gw_chain *c;

		lineno++;
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL) {
			rc = gw_err_set(err, GW_EFONT, "%s: line %d: expected 'NAMES = FILES'", where, lineno);
			goto done;
		}
		*eq = '\0';
		lhs = trim(line);
		rhs = trim(eq + 1);
		style = strchr(lhs, '[');
		if (style) {
			char *close = strchr(style, ']');
			if (close == NULL || *trim(close + 1) != '\0') {
				rc = gw_err_set(err, GW_EFONT, "%s: line %d: unclosed '[style]'", where, lineno);
				goto done;
			}
			*close = '\0';
			*style++ = '\0';
			for (tok = strtok_r(style, " \t", &s2); tok; tok = strtok_r(NULL, " \t", &s2)) {
				if (strcasecmp(tok, "bold") == 0)
					bold = 1;
				else if (strcasecmp(tok, "italic") == 0)
					italic = 1;
				else if (strcasecmp(tok, "regular") != 0) {
					rc = gw_err_set(err, GW_EFONT,
							"%s: line %d: unknown style '%s' (bold, italic, regular)",
							where, lineno, tok);
					goto done;
				}
			}
			lhs = trim(lhs);
		}
		if (*lhs == '\0' || *rhs == '\0') {
			rc = gw_err_set(err, GW_EFONT, "%s: line %d: expected 'NAMES = FILES'", where, lineno);
			goto done;
		}
		if (fs->nchains == fs->capchains) {
			fs->capchains = fs->capchains ? 2 * fs->capchains : 16;
			fs->chains = xrealloc(fs->chains, fs->capchains * sizeof *fs->chains);
		}
		c = &fs->chains[fs->nchains++];
		memset(c, 0, sizeof *c);
		c->bold = bold;
		c->italic = italic;
		c->line = lineno;
		for (tok = strtok_r(lhs, ",", &s2); tok; tok = strtok_r(NULL, ",", &s2)) {
			tok = trim(tok);
			if (*tok == '\0')
				continue;
			c->names = xrealloc(c->names, (c->nnames + 1) * sizeof *c->names);
			c->names[c->nnames++] = xstrdup(tok);
		}
		for (tok = strtok_r(rhs, ",", &s2); tok; tok = strtok_r(NULL, ",", &s2)) {
			char *p, *hash, *endp;
			unsigned long index = 0;
			tok = trim(tok);
			if (*tok == '\0')
				continue;
			/* file.ttc#N: face N of a collection. */
			hash = strrchr(tok, '#');
			if (hash && hash[1] >= '0' && hash[1] <= '9') {
				index = strtoul(hash + 1, &endp, 10);
				if (*endp != '\0' || index > 1000) {
					rc = gw_err_set(err, GW_EFONT, "%s: line %d: bad collection index in '%s'",
							where, lineno, tok);
					goto done;
				}
				*hash = '\0';
			}
			p = resolve_path(dir, trim(tok));
			c->files = xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
			c->files[c->nfiles++] = face_for(fs, p, (unsigned)index);
			free(p);
		}
		if (c->nnames == 0 || c->nfiles == 0) {
			rc = gw_err_set(err, GW_EFONT, "%s: line %d: expected 'NAMES = FILES'", where, lineno);
			goto done;
		}
	}
done:
	return rc;
}

static int is_file(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where the manifest is: $GONGWEN_FONTS (a file, or a folder holding
 * `manifest`), ./fonts/manifest, beside the executable (../fonts/manifest,
 * fonts/manifest, ../share/gongwen/fonts/manifest), else NULL (built-in
 * defaults). */
static char *find_manifest(void)
{
	const char *env = getenv("GONGWEN_FONTS");
	char exe[PATH_MAX], *slash, *p;
	ssize_t n;
	struct stat st;

	if (env && *env) {
		if (stat(env, &st) == 0 && S_ISDIR(st.st_mode))
			return xasprintf("%s/manifest", env);
		return xstrdup(env);
	}
	if (is_file("fonts/manifest"))
		return xstrdup("fonts/manifest");
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			p = xasprintf("%s/../fonts/manifest", exe);
			if (is_file(p))
				return p;
			free(p);
			p = xasprintf("%s/fonts/manifest", exe);
			if (is_file(p))
				return p;
			free(p);
			p = xasprintf("%s/../share/gongwen/fonts/manifest", exe);
			if (is_file(p))
				return p;
			free(p);
		}
	}
	return NULL;
}

int gw_fonts_load(gw_fonts **out, const char *manifest, gw_err *err)
{
	gw_fonts *fs = xcalloc(1, sizeof *fs);
	char *text = NULL, *dir = NULL, *slash;

	fs->reuse = 1;
	size_t len;
	int rc = 0;

	*out = NULL;
	fs->manifest = manifest ? xstrdup(manifest) : find_manifest();
	if (fs->manifest) {
		if ((rc = gw_file_read(&text, &len, fs->manifest, 1 << 20, err)) < 0) {
			if (err)
				err->code = GW_EFONT;
			rc = GW_EFONT;
			goto done;
		}
		dir = xstrdup(fs->manifest);
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			strcpy(dir, ".");
		rc = parse_manifest(fs, text, dir, fs->manifest, err);
	} else {
		text = xstrdup(builtin_manifest);
		rc = parse_manifest(fs, text, NULL, "built-in font manifest", err);
	}
	if (rc < 0)
		goto done;
	for (size_t i = 0; i < fs->nchains; i++)
		if (fs->chains[i].nnames == 1 && strcmp(fs->chains[i].names[0], "*") == 0)
			fs->has_default = 1;
	if (!fs->has_default) {
		rc = gw_err_set(err, GW_EFONT, "%s: no default chain ('* = FILES')",
				fs->manifest ? fs->manifest : "built-in font manifest");
		goto done;
	}
	/* Open every file that exists; remember failures for the report. */
	for (size_t i = 0; i < fs->nfaces; i++) {
		gw_face *f = fs->faces[i];
		gw_err e = {0};
		if (!is_file(f->path)) {
			f->missing = 1;
			continue;
		}
		if (face_open(f, &e) < 0) {
			f->ok = 0;
			f->error = xstrdup(e.msg);
		}
	}
	*out = fs;
	fs = NULL;
done:
	free(text);
	free(dir);
	gw_fonts_free(fs);
	return rc;
}

int gw_fonts_open(gw_fonts **out, const char *manifest, gw_err *err)
{
	gw_fonts *fs = NULL;
	int rc;

	*out = NULL;
	if ((rc = gw_fonts_load(&fs, manifest, err)) < 0)
		goto done;
	for (size_t i = 0; i < fs->nfaces; i++)
		if (fs->faces[i]->error) {
			rc = gw_err_set(err, GW_EFONT, "%s", fs->faces[i]->error);
			goto done;
		}
	for (size_t i = 0; i < fs->nchains; i++) {
		gw_chain *c = &fs->chains[i];
		if (c->nnames == 1 && strcmp(c->names[0], "*") == 0 && !chain_usable(c)) {
			rc = gw_err_set(err, GW_EFONT,
					"%s: line %d: none of the default chain's font files exists",
					fs->manifest ? fs->manifest : "built-in font manifest", c->line);
			goto done;
		}
	}
	*out = fs;
	fs = NULL;
done:
	gw_fonts_free(fs);
	return rc;
}

void gw_fonts_set_reuse(gw_fonts *fs, int on)
{
	if (fs)
		fs->reuse = !!on;
}

void gw_fonts_free(gw_fonts *fs)
{
	if (fs == NULL)
		return;
	for (size_t i = 0; i < fs->nchains; i++) {
		for (size_t j = 0; j < fs->chains[i].nnames; j++)
			free(fs->chains[i].names[j]);
		free(fs->chains[i].names);
		free(fs->chains[i].files);
	}
	free(fs->chains);
	for (size_t i = 0; i < fs->nfaces; i++) {
		face_dispose(fs->faces[i]);
		free(fs->faces[i]->error);
		free(fs->faces[i]);
	}
	free(fs->faces);
	free(fs->manifest);
	free(fs);
}

int chain_usable(const gw_chain *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (c->files[i]->ok)
			return 1;
	return 0;
}

/* ==== Picking ==== */

static int name_eq(const char *a, const char *b)
{
	/* ASCII case-insensitive; other bytes exact (CJK names). */
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static gw_chain *find_chain(gw_fonts *fs, const char *name, int bold, int italic)
{
	for (size_t i = 0; i < fs->nchains; i++) {
		gw_chain *c = &fs->chains[i];
		if (c->bold != bold || c->italic != italic)
			continue;
		for (size_t j = 0; j < c->nnames; j++)
			if (name_eq(c->names[j], name))
				return c;
	}
	return NULL;
}

static gw_face *chain_pick(gw_chain *c, uint32_t cp)
{
	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < c->nfiles; i++)
		if (c->files[i]->ok && gw_face_has(c->files[i], cp))
			return c->files[i];
	return NULL;
}

gw_face *gw_fonts_pick_style(gw_fonts *fs, const char *name, int bold, int italic, uint32_t cp)
{
	gw_face *f = NULL;
	char nm[256];

	if (fs == NULL)
		return NULL;
	bold = !!bold;
	italic = !!italic;
	if (name == NULL)
		name = "*";
	/* Layout asks per character, with a few names in turn (East Asian and
	 * Latin): remember the chains of the last four names and styles. */
	const size_t nmemo = sizeof fs->memo / sizeof fs->memo[0];
	size_t m;
	for (m = 0; m < nmemo; m++)
		if (fs->memo[m].ok && fs->memo[m].bold == bold && fs->memo[m].italic == italic &&
		    strcmp(fs->memo[m].name, name) == 0)
			break;
	if (m == nmemo) {
		m = fs->memo_next++ % nmemo;
		/* Word writes "標楷體" but also " 標楷體 "; trim. */
		snprintf(fs->memo[m].name, sizeof fs->memo[m].name, "%s", name);
		snprintf(nm, sizeof nm, "%s", name);
		name = trim(nm);
		fs->memo[m].bold = bold;
		fs->memo[m].italic = italic;
		gw_chain **c = fs->memo[m].chain;
		c[0] = bold || italic ? find_chain(fs, name, bold, italic) : NULL;
		c[1] = bold && italic ? find_chain(fs, name, 1, 0) : NULL;
		c[2] = find_chain(fs, name, 0, 0);
		c[3] = bold || italic ? find_chain(fs, "*", bold, italic) : NULL;
		c[4] = find_chain(fs, "*", 0, 0);
		/* a longer name than the memo holds is looked up every time */
		fs->memo[m].ok = strlen(fs->memo[m].name) + 1 < sizeof fs->memo[m].name;
	}
	for (int i = 0; i < 5; i++)
		if ((f = chain_pick(fs->memo[m].chain[i], cp)))
			return f;
	return NULL;
}

gw_face *gw_fonts_pick(gw_fonts *fs, const char *name, uint32_t cp)
{
	return gw_fonts_pick_style(fs, name, 0, 0, cp);
}

int gw_fonts_err_missing(gw_err *err, const char *where, const char *name, uint32_t cp)
{
	gw_buf ch;
	int rc;

	gw_buf_init(&ch);
	if (cp > 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && !(cp >= 0xD800 && cp < 0xE000) &&
	    cp <= 0x10FFFF) {
		gw_buf_addc(&ch, '\'');
		gw_utf8_put(&ch, cp);
		gw_buf_adds(&ch, "' ");
	}
	rc = gw_err_set(err, GW_EFONT, "%s%sno font has %s(U+%04X) for font %s", where ? where : "",
			where && *where ? ": " : "", ch.data ? ch.data : "", cp, name && *name ? name : "(default)");
	gw_buf_dispose(&ch);
	return rc;
}

/* ==== Report (gongwen fonts) ==== */

int gw_fonts_describe(gw_fonts *fs, gw_buf *out)
{
	int bad = 0;

	gw_buf_printf(out, "manifest: %s\n", fs->manifest ? fs->manifest : "(built-in defaults)");
	for (size_t i = 0; i < fs->nchains; i++) {
		gw_chain *c = &fs->chains[i];
		int usable = chain_usable(c);
		for (size_t j = 0; j < c->nnames; j++)
			gw_buf_printf(out, "%s%s", j ? ", " : "", strcmp(c->names[j], "*") == 0
					  ? "* (default)" : c->names[j]);
		if (c->bold || c->italic)
			gw_buf_printf(out, " [%s%s%s]", c->bold ? "bold" : "",
				      c->bold && c->italic ? " " : "", c->italic ? "italic" : "");
		gw_buf_printf(out, "%s\n", usable ? "" : "  -- NO USABLE FILE");
		for (size_t j = 0; j < c->nfiles; j++) {
			gw_face *f = c->files[j];
			char idx[16] = "";
			if (f->index)
				snprintf(idx, sizeof idx, "#%u", f->index);
			if (f->ok)
				gw_buf_printf(out, "  ok       %s%s (%s, %u glyphs)\n", f->path, idx, f->family,
					      f->nglyphs);
			else if (f->missing)
				gw_buf_printf(out, "  missing  %s%s\n", f->path, idx);
			else
				gw_buf_printf(out, "  BROKEN   %s\n", f->error ? f->error : f->path);
		}
		if (!usable)
			bad++;
	}
	for (size_t i = 0; i < fs->nfaces; i++)
		if (fs->faces[i]->error)
			bad++;
	return bad;
}
