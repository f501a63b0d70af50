/*
 * bench/serve_load.c — the load generator of bench/serve.sh: N client
 * threads, each with its own keep-alive connection and session, send list,
 * check, save and packet.pdf requests in turn until TOTAL have been answered
 * in all.  A small C client so that the client's own cost does not crowd the
 * two cores the server runs on.  One line per request on stdout: "KIND
 * STATUS MILLISECONDS"; then "rss N KB" after 1 000 and after TOTAL requests
 * (the server's VmRSS).
 *
 * usage: serve_load PORT SERVER_PID TOTAL CONFIG CHECK_BODY SAVE_BODY PACKET_PATH [THINK_MS]
 * CONFIG: one line per client: COOKIE CSRF DRAFT_ID VERSION
 * THINK_MS: each client waits that long after an answer before its next
 * request (a person at a page), 0 (the default) for none: a closed loop that
 * saturates the server.  At the end, "version DRAFT_ID VERSION" per client,
 * so that a following run can save again.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct client {
	char cookie[128], csrf[80], id[64];
	long version;
	pthread_t t;
	int k;
} client;

static int port, server_pid;
static long total;
static atomic_long issued;
static atomic_long answered;
static char *check_body, *save_body, *packet_path;
static size_t check_len, save_len;
static long think_ms;
static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *b = malloc(*len + 1);
	if (fread(b, 1, *len, f) != *len)
		exit(2);
	b[*len] = 0;
	fclose(f);
	return b;
}

static long rss_kb(void)
{
	char path[64], line[256];
	long kb = 0;
	snprintf(path, sizeof path, "/proc/%d/status", server_pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static int connect_to(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("connect");
		exit(2);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* Send req (head + body); read one response into buf.  Returns the status
 * (-1 when the connection broke). */
static int exchange(int fd, const char *head, size_t hlen, const char *body, size_t blen,
		    char **buf, size_t *cap, size_t *blen_out, size_t *body_off)
{
	if (send(fd, head, hlen, body ? MSG_MORE : 0) != (ssize_t)hlen)
		return -1;
	if (body && send(fd, body, blen, 0) != (ssize_t)blen)
		return -1;
	size_t len = 0, hend = 0;
	long want = -1;
	for (;;) {
		if (len + 65536 > *cap) {
			*cap = (len + 65536) * 2;
			*buf = realloc(*buf, *cap);
		}
		ssize_t n = recv(fd, *buf + len, *cap - len - 1, 0);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		(*buf)[len] = 0;
		char *end;
		if (!hend && (end = strstr(*buf, "\r\n\r\n")) != NULL) {
			char *cl = strcasestr(*buf, "\r\nContent-Length:");
			want = cl && cl < end ? strtol(cl + 17, NULL, 10) : 0;
			hend = (size_t)(end + 4 - *buf);
		}
		if (hend && (long)(len - hend) >= want)
			break;
	}
	*body_off = hend;
	*blen_out = (size_t)want;
	return atoi(*buf + 9);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *run(void *arg)
{
	client *c = arg;
	static const char *const kinds[] = {"list", "check", "save", "packet"};
	char head[1024], *buf = NULL;
	size_t cap = 0, blen, off;
	int fd = connect_to(), k = c->k;

	for (;;) {
		long n = atomic_fetch_add(&issued, 1) + 1;
		if (n > total)
			break;
		const char *body = NULL;
		size_t bl = 0;
		int hl;
		switch (k) {
		case 0:
			hl = snprintf(head, sizeof head, "GET /api/applications HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				      "Cookie: %s\r\n\r\n", c->cookie);
			break;
		case 1:
			body = check_body, bl = check_len;
			hl = snprintf(head, sizeof head, "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				      "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: application/json\r\n"
				      "Content-Length: %zu\r\n\r\n", c->cookie, c->csrf, bl);
			break;
		case 2:
			body = save_body, bl = save_len;
			hl = snprintf(head, sizeof head, "PUT /api/applications/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				      "Cookie: %s\r\nX-CSRF-Token: %s\r\nIf-Match: \"%ld\"\r\n"
				      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
				      c->id, c->cookie, c->csrf, c->version, bl);
			break;
		default:
			hl = snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				      "Cookie: %s\r\n\r\n", packet_path, c->cookie);
		}
		double t0 = now_ms();
		int st = exchange(fd, head, (size_t)hl, body, bl, &buf, &cap, &blen, &off);
		double dt = now_ms() - t0;
		if (st < 0) {
			close(fd);
			fd = connect_to();
		}
		if (k == 2 && st == 200) {
			char *v = strstr(buf + off, "\"version\":");
			if (v)
				c->version = strtol(v + 10, NULL, 10);
		}
		if (k == 3 && st == 200 && (blen < 5 || memcmp(buf + off, "%PDF-", 5) != 0))
			st = -2;
		long a = atomic_fetch_add(&answered, 1) + 1;
		pthread_mutex_lock(&out_mu);
		printf("%s %d %.3f\n", kinds[k], st, dt);
		if (a == 1000 || a == total)
			printf("rss %ld %ld\n", a, rss_kb());
		pthread_mutex_unlock(&out_mu);
		k = (k + 1) % 4;
		if (think_ms > 0) {
			struct timespec ts = {think_ms / 1000, (think_ms % 1000) * 1000000L};
			while (nanosleep(&ts, &ts) < 0)
				;
		}
	}
	close(fd);
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 8 && argc != 9) {
		fprintf(stderr, "usage: serve_load PORT SERVER_PID TOTAL CONFIG CHECK SAVE PACKET_PATH "
			"[THINK_MS]\n");
		return 2;
	}
	think_ms = argc == 9 ? atol(argv[8]) : 0;
	port = atoi(argv[1]);
	server_pid = atoi(argv[2]);
	total = atol(argv[3]);
	check_body = slurp(argv[5], &check_len);
	save_body = slurp(argv[6], &save_len);
	packet_path = argv[7];
	FILE *f = fopen(argv[4], "r");
	client cs[256];
	int n = 0;
	while (f && n < 256 && fscanf(f, "%127s %79s %63s %ld", cs[n].cookie, cs[n].csrf, cs[n].id,
				      &cs[n].version) == 4) {
		cs[n].k = n % 4;
		n++;
	}
	if (f)
		fclose(f);
	double t0 = now_ms();
	for (int i = 0; i < n; i++)
		pthread_create(&cs[i].t, NULL, run, &cs[i]);
	for (int i = 0; i < n; i++)
		pthread_join(cs[i].t, NULL);
	printf("elapsed %.3f\n", now_ms() - t0);
	for (int i = 0; i < n; i++)
		printf("version %s %ld\n", cs[i].id, cs[i].version);
	return 0;
}
