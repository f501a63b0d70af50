/*
 * docs.h — the document pack: which of the six documents (request, form,
 * network, vpn, return, approval) apply to an application, and the data tree
 * each template receives (templates/README.md lists every field).
 *
 * The tree is the application's JSON from the store (gw_db_app) with computed
 * fields added: move-kind booleans for the form's checkboxes, per-device `ip`
 * and `sw` booleans, `needs_ip`, `ip_devices`, counts, the form front's
 * `devices_front` / `devices_more` (GW_DOCS_FRONT_DEVICES), the bureau and its
 * reviewers (tables bureau / reviewers), the rules' failures for the return
 * letter, and the bureau's letter (date, 發文字號) for return / approval.
 * Every field a template reads is present ("" when the applicant left it
 * out), so templates merge strictly and a typo in a template is an error.
 * The admin account/password (bureau.admin_account) is never in the tree.
 *
 * gw_docs_build is pure (no store, no clock) and is what the unit tests
 * drive; gw_docs_tree gathers its inputs from the store (data_docs.c).
 */
#ifndef GW_DOCS_H
#define GW_DOCS_H

#include "common.h"
#include "data.h"

#include <jansson.h>

typedef enum gw_doc_kind {
	GW_DOC_REQUEST, GW_DOC_FORM, GW_DOC_NETWORK, GW_DOC_VPN, GW_DOC_RETURN, GW_DOC_APPROVAL,
	GW_DOC_COUNT
} gw_doc_kind;

/* How many devices the form's front page lists (devices_front); the others
 * are counted in devices_more and listed only on the back.  Measured: page 1
 * of templates/form.docx holds this many rows of the longest realistic
 * values in gongwen and in LibreOffice (templates/README.md). */
#define GW_DOCS_FRONT_DEVICES 5

/* "request" … "approval" (print order), and back; -1 for an unknown name. */
const char *gw_docs_name(int kind);
int gw_docs_kind(const char *name);
/* The document's Chinese title (static). */
const char *gw_docs_title(int kind);

/* In a --only set: the DI files of the letters that apply (`--only di`),
 * without their DOCX, PDF and ODT unless those are named too. */
#define GW_DOCS_DI (1u << 16)

/* Parse "request,form" into a bit set (1u << kind; "di" is GW_DOCS_DI).  GW_EUSAGE naming the
 * unknown name. */
int gw_docs_parse_list(unsigned *out, const char *list, gw_err *err);

/* The documents that apply to a tree built by gw_docs_build, as a bit set:
 * request and form always; network and vpn when a device needs an IP; return
 * when the status is "returned", approval when "approved". */
unsigned gw_docs_applicable(const json_t *tree);

/* Build the data tree.  app: the application (import format); status: its
 * workflow state; ref: {"bureau": {...}, "reviewers": [...]} (gw_db_reference);
 * failures: the rules' failures as [{"rule","device","device_name","field",
 * "message"}] (may be NULL); reply: the bureau's letter {"date","doc_no"} for
 * a returned / approved application (may be NULL otherwise).
 * *out is a new reference.  GW_EDATA when app is not an object. */
int gw_docs_build(json_t **out, const json_t *app, const char *status, const json_t *ref,
		  const json_t *failures, const json_t *reply, gw_err *err);

/* The same from the store: reads the application, its status, the reference
 * data, its latest return / approval letter and runs the rules.  A returned
 * or approved application without its letter is GW_ESTATE. */
int gw_docs_tree(json_t **out, gw_db *db, const char *app_id, gw_err *err);

/* ROC date text 「中華民國115年11月20日」 of an ISO date; any other text is
 * copied (「永久」).  Caller frees. */
char *gw_docs_roc_text(const char *iso);

/* ==== Store side (data_docs.c: the only part that sees sqlite3) ==== */

/* {"bureau": {name, short_name, unit, address, phone, fax, head_title,
 * head_name, doc_prefix, email, code}, "reviewers": [{role, title, person, ext, checks}]}
 * (reviewers in the bureau's order).  *out is a new reference. */
int gw_db_reference(json_t **out, gw_db *db, gw_err *err);

/* The latest letter of kind ("return" / "approval") of app_id as
 * {"date","doc_no"}; *out is NULL (and 0 returned) when there is none. */
int gw_db_letter_get(json_t **out, gw_db *db, const char *app_id, const char *kind,
		     gw_err *err);

/* The reviewers whose latest result is "fail", in the bureau's order:
 * [{"title","note"}].  *out is a new reference. */
int gw_db_review_fails(json_t **out, gw_db *db, const char *app_id, gw_err *err);

/* The ids of every application, in id order (json array of strings). */
int gw_db_app_ids(json_t **out, gw_db *db, gw_err *err);

/* Record the files render wrote into the packet folder folder (documents
 * table) and one history row, in one transaction.  The rows replace the
 * application's earlier rows for the same folder (render replaced the folder
 * as a whole), so the table lists what is on disk; folder is compared by its
 * absolute path.  files: [{"name","kind","path","sha256","bytes"}]. */
int gw_db_documents_record(gw_db *db, const char *app_id, const char *folder,
			   const json_t *files, gw_err *err);

#endif
