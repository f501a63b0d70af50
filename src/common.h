/*
 * common.h — what every gongwen module shares: the error struct that carries
 * one-line diagnostics up to the CLI, the GW_E* codes, the aborting allocator
 * and a growable byte buffer.
 *
 * Invariants: fallible functions return 0 or a negative GW_E* code and fill
 * the caller-owned gw_err once, where the fault is found.  Allocation failure
 * never returns: xmalloc() prints and aborts, so callers need no NULL checks.
 */
#ifndef GW_COMMON_H
#define GW_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum {
	GW_OK = 0,
	GW_ENOTFOUND = -1, /* an id, file or name that does not exist */
	GW_ETEMPLATE = -2, /* a template that cannot be parsed or merged */
	GW_EDATA = -3,     /* input data that is malformed or invalid */
	GW_EPACKAGE = -4,  /* a zip/OPC package that is broken or hostile */
	GW_EXML = -5,      /* an XML part that cannot be parsed */
	GW_EFONT = -6,     /* a font that is missing, malformed or lacks a glyph */
	GW_EPDF = -7,      /* the PDF writer failed */
	GW_EIO = -8,       /* reading or writing a file failed */
	GW_EUSAGE = -9,    /* the command line is wrong */
	GW_ERULES = -10,   /* the application failed the rules (not a fault) */
	GW_EDB = -11,      /* the database failed */
	GW_ESTATE = -12,   /* an illegal workflow transition */
	GW_ESTALE = -13,   /* changed by someone else first (a stale version), or taken */
	GW_EAUTH = -14,    /* wrong account or password, no session */
	GW_ELIMIT = -15,   /* a limit was reached (throttled) */
};

#define GW_ERR_MSG 1024

/* Details of one failure.  Owned by the caller, passed down, set once. */
typedef struct gw_err {
	int code;              /* GW_E* */
	char msg[GW_ERR_MSG];  /* complete one-line message, no trailing newline */
} gw_err;

/* Set err (if not NULL and not already set) from a printf format and return
 * code, so that `return gw_err_set(err, GW_EDATA, "...")` reads naturally.
 * The message is made safe to print: control characters (C0, DEL, C1) and
 * invalid UTF-8 from hostile data become '?', so it stays one line and
 * cannot drive a terminal. */
int gw_err_set(gw_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix an existing message with context ("file: "), keeping the code. */
void gw_err_prefix(gw_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gw_err_clear(gw_err *err);
/* In place: control characters (C0, DEL, C1) and invalid UTF-8 become '?'
 * (one per byte), for any text from data that goes to a terminal. */
void gw_str_sanitize(char *s);

/* Aborting allocators: they never return NULL.  Out of memory prints one
 * line, removes registered temp files and exits with status 1. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The out-of-memory exit, for callers of libraries that return NULL. */
_Noreturn void gw_oom(size_t n);

/* Process set-up for the CLI (main calls it once): SIGXFSZ ignored so a
 * file-size limit is a write error, not a kill; SIGINT/SIGTERM/SIGHUP remove
 * registered temp files before dying; jansson allocates through xmalloc;
 * GW_FAIL_ALLOC=N (tests only) makes the N-th xmalloc-family allocation fail
 * as if memory ran out. */
void gw_process_init(void);
/* Temp files that must not outlive the process (write-then-rename outputs).
 * Register before creating; unregister after rename or unlink.  Returns a
 * slot (or -1 when the table is full: the file is then not tracked). */
int gw_tmp_register(const char *path);
void gw_tmp_unregister(int slot);
/* Create path (O_EXCL, O_NOFOLLOW, 0644) for writing and register it, with
 * the cleanup signals blocked in between; returns the fd, or -1 (errno). */
int gw_tmp_create(const char *path, int *slot);
/* Remove every registered temp file (async-signal-safe). */
void gw_tmp_cleanup(void);

/* A growable byte buffer; data is always NUL-terminated.  _init/_dispose. */
typedef struct gw_buf {
	char *data;
	size_t len, cap;
} gw_buf;

void gw_buf_init(gw_buf *b);
void gw_buf_dispose(gw_buf *b);
void gw_buf_add(gw_buf *b, const void *p, size_t n);
void gw_buf_adds(gw_buf *b, const char *s);
void gw_buf_addc(gw_buf *b, char c);
void gw_buf_printf(gw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s[0..n) as XML character data or attribute value: & < > " as
 * entities; C0 controls other than tab and newline (which XML cannot carry)
 * dropped. */
void gw_buf_add_xml(gw_buf *b, const char *s, size_t n);
/* Take ownership of the bytes; the buffer is left empty. */
char *gw_buf_detach(gw_buf *b, size_t *len);

/* Read a whole file (at most max bytes) into *out (caller frees). */
int gw_file_read(char **out, size_t *len, const char *path, size_t max, gw_err *err);
/* Write bytes to path atomically: a temp file in the same folder, fsync,
 * rename.  On failure nothing is left behind and an older file survives.
 * An existing path that is not a regular file (a device, a folder, a FIFO)
 * is refused, never replaced. */
int gw_file_write_atomic(const char *path, const void *data, size_t len, gw_err *err);
/* The same, syncing the file first only when sync is set: a batch of many
 * files is made durable once at its end (syncfs) instead of per file. */
int gw_file_write(const char *path, const void *data, size_t len, int sync, gw_err *err);
/* Create a directory and its parents (mode 0755); existing is fine. */
int gw_mkdirs(const char *path, gw_err *err);

/* UTF-8: decode one code point at *s (advancing it); returns -1 on invalid. */
int32_t gw_utf8_next(const char **s, const char *end);
/* Append code point cp as UTF-8. */
void gw_utf8_put(gw_buf *b, uint32_t cp);
/* NULL if s[0..n) is valid UTF-8 that XML can carry; else a static reason. */
const char *gw_utf8_xml_invalid(const char *s, size_t n, size_t *at);

/* Hex SHA-256 of data into out[65]. */
void gw_sha256_hex(char out[65], const void *data, size_t len);

#endif
