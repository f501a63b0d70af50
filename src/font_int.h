/*
 * font_int.h — what font.c and font_pdf.c share: the face and manifest
 * structures.  Only the font module includes this (and HarfBuzz).
 */
#ifndef GW_FONT_INT_H
#define GW_FONT_INT_H

#include "font.h"

#include <harfbuzz/hb.h>
#include <harfbuzz/hb-ot.h>

struct gw_face {
	char *path;
	unsigned index;  /* face index in a collection (.ttc#N), else 0 */
	int ok;          /* mapped and checked */
	int missing;     /* the file does not exist */
	char *error;     /* why it is unusable (malformed, licence) */
	hb_blob_t *blob; /* the mapped file */
	hb_face_t *face;
	hb_font_t *font; /* scale = upem */
	char *family, *psname;
	unsigned upem, nglyphs;
	int16_t bbox[4];
	uint16_t mac_style, fs_type, fs_selection;
	int has_os2;
	int hhea_asc, hhea_desc, hhea_gap, typo_asc, typo_desc, typo_gap, win_asc, win_desc;
	int cap_height;
	int ul_pos, ul_thick, st_pos, st_thick; /* underline (post), strikeout (OS/2) */
	double italic_angle;
	int asc, desc, gap; /* what layout uses, font units, descent positive */
	int bold, italic;
	/* Embedded subsets kept for later documents of the process (the least
	 * recently used is dropped first). */
	struct fembed *cache[16];
	unsigned nbuilds;     /* subsets built from this face in this process */
	hb_face_t *prepped;   /* hb_subset_preprocess'd face, once nbuilds is large */
};

typedef struct gw_chain {
	char **names;
	size_t nnames;
	int bold, italic;
	gw_face **files; /* borrowed from gw_fonts.faces */
	size_t nfiles;
	int line;
} gw_chain;

struct gw_fonts {
	char *manifest; /* path, NULL for the built-in defaults */
	gw_chain *chains;
	size_t nchains, capchains;
	gw_face **faces;
	size_t nfaces, capfaces;
	int has_default;
	int reuse; /* reuse a face's cached subset in later documents */
	/* gw_fonts_pick_style's chains for the last few names and styles asked
	 * (a run alternates its East Asian and Latin font names) */
	struct {
		char name[256];
		int ok, bold, italic;
		gw_chain *chain[5];
	} memo[4];
	unsigned memo_next;
};

int chain_usable(const gw_chain *c);
void fembed_free(struct fembed *fe); /* font_pdf.c */

#endif
