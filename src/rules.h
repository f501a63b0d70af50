/*
 * rules.h — the bureau's rules R1–R9 (docs/rules.md, seed §二) over an application
 * tree (jansson json_t, the import format of docs/import.md).
 *
 * One implementation serves `gongwen check`, the bureau's return letter
 * (each failure is one numbered reason) and `gongwen status`.  Pure C over
 * the tree: no SQLite, no files, no clock.
 *
 * A failure carries the rule, the device it concerns, the field behind it and
 * a Chinese clause that reads well inside an official letter:
 *   message  「設備2（空品資料庫伺服器）主機弱點掃描報告發現中風險弱點2項（應無中風險以上之弱點）」
 *   detail   「主機弱點掃描報告發現中風險弱點2項（應無中風險以上之弱點）」 (the same without the device)
 * Neither ends in 。; the letter's template adds punctuation.
 */
#ifndef GW_RULES_H
#define GW_RULES_H

#include "common.h"
#include <jansson.h>

/* One failed rule.  All strings are owned by the list. */
typedef struct gw_rule_fail {
	char rule[4];       /* "R1" … "R10" */
	int device;         /* the device's seq (devices[i].seq, else i+1); 0 = none */
	char *device_name;  /* the device's name, "" when none or blank */
	char *field;        /* JSON path ("devices[2].serial") or a stable key
			     * ("devices[0].reports[kind=source_code_scan]") */
	char *message;      /* full clause, naming the device when there is one */
	char *detail;       /* the clause without the leading 「設備N（名稱）」 */
} gw_rule_fail;

/* Every failure of one application, ordered by rule, then device, then field
 * order in the tree.  n == 0 means every rule passes. */
typedef struct gw_rules {
	gw_rule_fail *fail;
	size_t n, cap;
} gw_rules;

/* Apply R1–R9 to app.  *out is the caller's (gw_rules_free), also when it
 * holds failures: a failed rule is a result, not an error.  Fails (GW_EDATA)
 * only when app is not an object.  The tree need not have passed
 * gw_app_validate: a missing or malformed value is reported as a failure of
 * the rule that needs it (an unparsable date names its field), never skipped. */
int gw_rules_check(gw_rules **out, const json_t *app, gw_err *err);

/* What the bureau's settings add to the rules. */
typedef struct gw_rules_opts {
	/* R10 (bureau.require_attachments): every declared report, evidence
	 * and go-live record must have its file — a "file" key on the item, or
	 * an element {"device": seq, "kind": …} of the tree's top-level
	 * "attachments" (gw_db_check puts the stored ones there). */
	int require_attachments;
} gw_rules_opts;

/* gw_rules_check with options (NULL: none; gw_rules_check is this with NULL). */
int gw_rules_check_opts(gw_rules **out, const json_t *app, const gw_rules_opts *o,
			gw_err *err);
void gw_rules_free(gw_rules *r);

/* The `check --json` array: [{"rule","device","field","message"}], device
 * null when none.  Returns a new reference. */
json_t *gw_rules_json(const gw_rules *r);

/* One line for the terminal: 「R5 設備1（名稱）：detail」 or 「R4 detail」.
 * Caller frees. */
char *gw_rules_line(const gw_rule_fail *f);

/* The rule's short Chinese title (「申請函」, 「申請單第1頁」, … 「資訊系統上線作業紀錄表」),
 * or "" for an unknown id.  Static string. */
const char *gw_rules_title(const char *rule);

/* The earliest allowed test date for a move-in on y-m-d: the same calendar day
 * one month earlier, clamped to that month's last day (2026-03-31 →
 * 2026-02-28, 2024-03-31 → 2024-02-29).  Writes *oy, *om, *od. */
void gw_rules_window_start(int *oy, int *om, int *od, int y, int m, int d);

/* Is the device type exempt from security reports and the go-live record
 * (R8: Disk Array, Storage, Network, Embedded, Parts)?  1 or 0. */
int gw_rules_exempt_type(const char *type);

/* Field facts, shared by the rules and the service (docs/rules.md):
 * 統一編號: 8 digits, weights 1,2,1,2,1,2,4,1, the digits of each product
 * summed, valid when the total is divisible by 5 (a 7th digit 7: the
 * product 28 counts as 1 or 0, either total will do).  1 or 0. */
int gw_tax_id_ok(const char *s);
/* A Taiwanese telephone number: area code 02–08 and 7–8 digits, or a mobile
 * 09 + 8 digits; "-", spaces and () between digits, +886 for the leading 0,
 * and an extension after 分機, #, 轉 or ext (1–6 digits).  1 or 0. */
int gw_phone_ok(const char *s);
/* Ports of a network rule: "443", "80,443", "1000-2000" (、，also separate),
 * each 1–65535, a range low to high; an integer as is.  1 or 0. */
int gw_ports_ok(const json_t *v);

#endif
