/*
 * replay.c — feed files to a fuzz harness without libFuzzer, so `make test`
 * (and make asan, valgrind) replays the saved corpora and every past finding.
 *
 *   fuzz-replay-<harness> DIR|FILE...
 *
 * Prints "replayed N inputs"; a crash, hang or sanitizer report is the
 * failure (the caller runs it under timeout).
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;
	unsigned char chunk[65536];

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n > cap) {
			cap = (len + n) * 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	/* An exact-size copy so ASan sees reads past the end. */
	unsigned char *exact = malloc(len ? len : 1);
	if (exact == NULL)
		abort();
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	long count = 0;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]) < 0;
			count++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0;
		while (d && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (n + 1) * sizeof *names);
			names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
			sprintf(names[n++], "%s/%s", argv[i], e->d_name);
		}
		if (d)
			closedir(d);
		qsort(names, n, sizeof *names, cmp); /* same order every run */
		for (size_t k = 0; k < n; k++) {
			bad |= replay_file(names[k]) < 0;
			count++;
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %ld inputs\n", count);
	return bad;
}
