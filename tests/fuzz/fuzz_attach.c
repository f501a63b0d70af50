/*
 * fuzz_attach.c — an attachment's bytes judged (attach.c: qpdf for a PDF,
 * zlib and libharu for a PNG, libharu for a JPEG).  Invariants: a refusal
 * says why and names its class; an accepted file has a media type, at least
 * one page and a sha256; nothing crashes, hangs or prints (qpdf and libpng
 * are kept quiet).
 */
#include "fuzz.h"
#include "attach.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_attach_info info;
	gw_err err = {0};

	if (gw_attach_inspect(&info, "fuzz", data, size, &err) == 0) {
		if (!info.media_type || info.pages < 1 || strlen(info.sha256) != 64 ||
		    info.refusal != GW_ATTACH_OK)
			abort();
	} else if (err.msg[0] == '\0' || info.refusal == GW_ATTACH_OK) {
		abort(); /* a refusal must say why, and which kind */
	}
	return 0;
}
