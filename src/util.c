/*
 * util.c — errors, aborting allocation, buffers, files, UTF-8, hashing.
 *
 * The only module allowed to exit on its own: xmalloc exits when memory runs
 * out (as redis and cmark do) so that no caller carries NULL checks.  Before
 * it exits (and on SIGINT/SIGTERM/SIGHUP) it removes the temp files that
 * output writers registered, so no half-written file outlives the process.
 * Hashing wraps nettle.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ==== Errors ==== */

/* Replace what must not reach a terminal or break the one-line form:
 * C0 controls, DEL, C1 controls (U+0080-U+009F) and invalid UTF-8. */
void gw_str_sanitize(char *s)
{
	char *p = s, *end = s + strlen(s);

	while (p < end) {
		const char *q = p;
		int32_t cp = gw_utf8_next(&q, end);
		if (cp < 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
			/* One '?' per bad sequence; keep the string's length. */
			size_t n = cp < 0 ? 1 : (size_t)(q - p);
			memset(p, '?', n);
			p += n;
		} else {
			p = (char *)q;
		}
	}
}

int gw_err_set(gw_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != 0)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	gw_str_sanitize(err->msg);
	return code;
}

void gw_err_prefix(gw_err *err, const char *fmt, ...)
{
	char head[GW_ERR_MSG], old[GW_ERR_MSG];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(err->msg, sizeof err->msg, "%s%s", head, old);
	gw_str_sanitize(err->msg);
}

void gw_err_clear(gw_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}

/* ==== Temp-file registry and process set-up ==== */

/* Fixed slots so that the signal handler needs no allocation or lock. */
#define MAX_TMP 16
static char tmp_path[MAX_TMP][PATH_MAX];
static volatile sig_atomic_t tmp_used[MAX_TMP];

int gw_tmp_register(const char *path)
{
	if (strlen(path) >= PATH_MAX)
		return -1;
	/* Threads of the service register at once: a slot is claimed (0 → 2)
	 * atomically, then filled, then offered to the handler (2 → 1). */
	for (int i = 0; i < MAX_TMP; i++) {
		sig_atomic_t free_slot = 0;
		if (!__atomic_compare_exchange_n(&tmp_used[i], &free_slot, 2, 0, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			continue;
		memcpy(tmp_path[i], path, strlen(path) + 1);
		__atomic_store_n(&tmp_used[i], 1, __ATOMIC_RELEASE);
		return i;
	}
	return -1;
}

void gw_tmp_unregister(int slot)
{
	if (slot >= 0 && slot < MAX_TMP)
		tmp_used[slot] = 0;
}

void gw_tmp_cleanup(void)
{
	for (int i = 0; i < MAX_TMP; i++) {
		if (tmp_used[i] == 1) {
			unlink(tmp_path[i]);
			tmp_used[i] = 0;
		}
	}
}

int gw_tmp_create(const char *path, int *slot)
{
	sigset_t block, old;
	int fd, saved;

	/* A signal is delivered as open() returns: block the ones that clean
	 * up until the new file is registered, so none can fall in between. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	saved = errno;
	*slot = fd >= 0 ? gw_tmp_register(path) : -1;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return fd;
}

static void on_fatal_signal(int sig)
{
	gw_tmp_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* GW_FAIL_ALLOC=N: the N-th allocation (1-based) fails.  0: never. */
static long alloc_fail_at, alloc_count;

void gw_process_init(void)
{
	const char *s = getenv("GW_FAIL_ALLOC");
	struct sigaction sa;

	if (s && *s)
		alloc_fail_at = strtol(s, NULL, 10);
	/* jansson 2.14 mishandles its own allocation failures (a NULL from
	 * json_array() made import succeed having stored nothing; a failure
	 * inside json_loadb crashed), so it allocates through xmalloc: out of
	 * memory is then one clean exit. */
	json_set_alloc_funcs(xmalloc, free);
	signal(SIGXFSZ, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* ==== Allocation ==== */

_Noreturn void gw_oom(size_t n)
{
	gw_tmp_cleanup();
	fprintf(stderr, "gongwen: out of memory (%zu bytes)\n", n);
	/* Exit, not abort: a clerk's folder gets no core file, and the store
	 * needs nothing: an uncommitted SQLite transaction is simply absent. */
	_exit(1);
}

static int injected_failure(void)
{
	return alloc_fail_at > 0 && ++alloc_count == alloc_fail_at;
}

void *xmalloc(size_t n)
{
	void *p = injected_failure() ? NULL : malloc(n ? n : 1);
	if (p == NULL)
		gw_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = injected_failure() ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		gw_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = injected_failure() ? NULL : realloc(p, n ? n : 1);
	if (q == NULL)
		gw_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	gw_buf b;

	gw_buf_init(&b);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	b.data = xrealloc(b.data, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.data;
}

/* ==== Buffers ==== */

void gw_buf_init(gw_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void gw_buf_dispose(gw_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	gw_buf_init(b);
}

static void grow(gw_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void gw_buf_add(gw_buf *b, const void *p, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void gw_buf_adds(gw_buf *b, const char *s)
{
	gw_buf_add(b, s, strlen(s));
}

void gw_buf_addc(gw_buf *b, char c)
{
	gw_buf_add(b, &c, 1);
}

void gw_buf_add_xml(gw_buf *b, const char *s, size_t n)
{
	size_t run = 0; /* start of the characters not yet added */

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c < 0x20 && c != '\t' && c != '\n')
			rep = "";
		else
			continue;
		gw_buf_add(b, s + run, i - run);
		gw_buf_adds(b, rep);
		run = i + 1;
	}
	gw_buf_add(b, s + run, n - run);
}

void gw_buf_printf(gw_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *gw_buf_detach(gw_buf *b, size_t *len)
{
	char *p;

	grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	gw_buf_init(b);
	return p;
}

/* ==== Files ==== */

int gw_file_read(char **out, size_t *len, const char *path, size_t max, gw_err *err)
{
	gw_buf b;
	char chunk[65536];
	size_t n;
	int rc = 0;
	FILE *f = fopen(path, "rb");

	*out = NULL;
	if (f == NULL)
		return gw_err_set(err, errno == ENOENT ? GW_ENOTFOUND : GW_EIO,
				  "%s: cannot open: %s", path, strerror(errno));
	gw_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			rc = gw_err_set(err, GW_EIO, "%s: file is larger than %zu bytes", path, max);
			goto done;
		}
		gw_buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		rc = gw_err_set(err, GW_EIO, "%s: read error: %s", path, strerror(errno));
		goto done;
	}
	*out = gw_buf_detach(&b, len);
done:
	gw_buf_dispose(&b);
	fclose(f);
	return rc;
}

int gw_file_write(const char *path, const void *data, size_t len, int sync, gw_err *err)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	const char *p = data;
	int rc = 0, fd = -1, slot = -1, created = 0;
	struct stat st;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		rc = gw_err_set(err, GW_EIO, "%s: exists and is not a regular file", path);
		goto done;
	}
	fd = gw_tmp_create(tmp, &slot); /* signals blocked until it is registered */
	if (fd < 0) {
		gw_tmp_unregister(slot);
		slot = -1;
		rc = gw_err_set(err, GW_EIO, "%s: cannot create: %s", path, strerror(errno));
		goto done;
	}
	created = 1; /* only our own temp file is ever unlinked */
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = gw_err_set(err, GW_EIO, "%s: write failed: %s", path,
					strerror(w < 0 ? errno : ENOSPC));
			goto done;
		}
		p += w;
		len -= (size_t)w;
	}
	if (sync && fsync(fd) < 0) {
		rc = gw_err_set(err, GW_EIO, "%s: sync failed: %s", path, strerror(errno));
		goto done;
	}
	if (close(fd) < 0) {
		fd = -1;
		rc = gw_err_set(err, GW_EIO, "%s: write failed: %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		rc = gw_err_set(err, GW_EIO, "%s: cannot replace: %s", path, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && created)
		unlink(tmp);
	gw_tmp_unregister(slot);
	free(tmp);
	return rc;
}

int gw_file_write_atomic(const char *path, const void *data, size_t len, gw_err *err)
{
	return gw_file_write(path, data, len, 1, err);
}

int gw_mkdirs(const char *path, gw_err *err)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				rc = gw_err_set(err, GW_EIO, "%s: cannot create folder: %s", p,
						strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	if (rc == 0) {
		struct stat st;
		if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			rc = gw_err_set(err, GW_EIO, "%s: not a folder", path);
	}
	free(p);
	return rc;
}

/* ==== UTF-8 ==== */

int32_t gw_utf8_next(const char **sp, const char *end)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t cp;
	int n;

	if ((const char *)s >= end)
		return -1;
	if (s[0] < 0x80) {
		*sp += 1;
		return s[0];
	} else if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return -1;
	}
	if (end - (const char *)s < n)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*sp += n;
	return (int32_t)cp;
}

void gw_utf8_put(gw_buf *b, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		s[0] = (char)cp;
		gw_buf_add(b, s, 1);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		gw_buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		gw_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		gw_buf_add(b, s, 4);
	}
}

const char *gw_utf8_xml_invalid(const char *s, size_t n, size_t *at)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *start = p;
		int32_t cp = gw_utf8_next(&p, end);
		if (at)
			*at = (size_t)(start - s);
		if (cp < 0)
			return "invalid UTF-8";
		if (cp == 0)
			return "a NUL character";
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			return "a control character";
		if (cp == 0xFFFE || cp == 0xFFFF)
			return "a non-character (U+FFFE/U+FFFF)";
	}
	return NULL;
}

/* ==== Hashing ==== */

void gw_sha256_hex(char out[65], const void *data, size_t len)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof d, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}
