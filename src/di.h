/*
 * di.h — the DI file (文書本文檔, the XML of 電子公文交換, revision 104,
 * UTF-8) of a letter (函): what an agency's 公文 system imports instead of
 * a clerk retyping the letter (di.c).
 *
 * gw_di_build writes `<!DOCTYPE 函 SYSTEM "104_2_utf8.dtd" [...]>` with an
 * unparsed entity for the roster and for each attachment, then 函 with its
 * parts in the order of the DTD: 發文機關 函類別 地址 聯絡方式+ 受文者
 * 發文日期 發文字號 速別 (密等及解密條件或保密期限) 附件 主旨 段落 正本
 * 副本 署名.  Codes, dates and numbers come from the letter's data tree
 * (docs.c); the wording (主旨, the numbered 說明, the sender block, 正本 and
 * 副本) from the merged letter's model, so the DI says exactly what the
 * printed letter says.  gw_di_check reads a DI back without loading any
 * external entity or DTD (libxml2 with XML_PARSE_NONET, no NOENT, no
 * DTDLOAD) and checks the order and every enumerated value.
 */
#ifndef GW_DI_H
#define GW_DI_H

#include "common.h"
#include "model.h"

#include <jansson.h>

/* The DI of letter kind (GW_DOC_REQUEST, GW_DOC_RETURN or GW_DOC_APPROVAL)
 * named base ("request": its files are base.di and base.sw): tree is the
 * application's data tree, letter the merged letter's model, attachments the
 * file names the letter encloses (entities ATTCH1…), n of them.  *di and,
 * when the letter has more than one recipient, *sw (else NULL) are the
 * caller's.  GW_EDATA for a letter that is not one (no 主旨, an unknown
 * 速別). */
int gw_di_build(char **di, char **sw, int kind, const json_t *tree, const gw_doc *letter,
		const char *base, const char *const *attachments, int n, gw_err *err);

/* Check a DI file's bytes (name for messages): well-formed, root 函, the
 * parts in order, 函類別 代碼="函", 速別 代碼 one of 普通件 速件 最速件,
 * 段落 段名="說明：", each 條列 with a 序號, no entity reference in the
 * text.  On success *summary (caller frees, may be NULL) is one line. */
int gw_di_check(char **summary, const char *data, size_t len, const char *name, gw_err *err);

#endif
