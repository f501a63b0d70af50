/*
 * fuzz_font.c — the font loading path on arbitrary bytes: the bytes become
 * the one file of a manifest's default chain; gw_fonts_open must refuse it
 * cleanly or give a face whose metrics, cmap lookups and subset embedding
 * (HarfBuzz hb-subset into a libharu document) do not crash.  libharu dies
 * on unitsPerEm 0 (SIGFPE, docs/SECURITY.md), so that check is on the path.
 */
#include "fuzz.h"
#include "font.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *ctx)
{
	(void)e;
	(void)d;
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char font[64], manifest[64];
	gw_fonts *fs = NULL;
	gw_err err = {0};
	FILE *f;

	if (font[0] == '\0') {
		snprintf(font, sizeof font, "/tmp/gw-fuzz-font-%d.ttf", (int)getpid());
		snprintf(manifest, sizeof manifest, "/tmp/gw-fuzz-font-%d.manifest", (int)getpid());
		f = fopen(manifest, "w");
		fprintf(f, "* = %s\n", font);
		fclose(f);
	}
	f = fopen(font, "wb");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (gw_fonts_open(&fs, manifest, &err) == 0) {
		static const uint32_t cps[] = {0x4E00, 'A', 0x81FA, 0x21619, 0x2610, 0};
		gw_fonts_set_reuse(fs, 0);
		HPDF_Doc pdf = HPDF_New(on_error, NULL);
		gw_pdffonts *pf = gw_pdffonts_new(fs, pdf);
		for (const uint32_t *cp = cps; *cp; cp++) {
			gw_face *face = gw_fonts_pick(fs, "x", *cp);
			if (face) {
				gw_face_advance(face, *cp);
				gw_face_ascent(face);
				gw_face_descent(face);
				gw_pdffonts_use(pf, face, *cp);
			}
		}
		gw_err e2 = {0};
		gw_pdffonts_embed(pf, &e2);
		gw_pdffonts_free(pf);
		HPDF_Free(pdf);
	}
	gw_fonts_free(fs);
	unlink(font);
	return 0;
}
