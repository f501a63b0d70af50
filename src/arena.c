/*
 * arena.c — region allocator: a chain of blocks, bump allocation inside the
 * newest one, large requests in blocks of their own.  No library wrapped.
 */
#include "arena.h"
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

typedef struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(ALIGN) unsigned char data[];
} block;

struct gw_arena {
	block *head;  /* newest block first */
	size_t total; /* bytes handed out */
};

gw_arena *gw_arena_new(void)
{
	return xcalloc(1, sizeof(gw_arena));
}

void gw_arena_free(gw_arena *a)
{
	if (a == NULL)
		return;
	for (block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static block *new_block(size_t cap)
{
	block *b = xmalloc(sizeof(block) + cap);
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

void *gw_arena_alloc(gw_arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	block *b = a->head;
	void *p;

	if (need < n) {
		fprintf(stderr, "gongwen: arena request too large (%zu bytes)\n", n);
		abort();
	}
	if (need == 0)
		need = ALIGN;
	if (b == NULL || b->cap - b->used < need) {
		if (need > BLOCK_SIZE / 4) {
			/* A large block goes behind the head so the head keeps its room. */
			block *big = new_block(need);
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = need;
			a->total += n;
			memset(big->data, 0, need);
			return big->data;
		}
		b = new_block(BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += need;
	a->total += n;
	memset(p, 0, need);
	return p;
}

void *gw_arena_array(gw_arena *a, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size) {
		fprintf(stderr, "gongwen: arena array overflow (%zu x %zu)\n", n, size);
		abort();
	}
	return gw_arena_alloc(a, n * size);
}

char *gw_arena_strndup(gw_arena *a, const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = gw_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gw_arena_strdup(gw_arena *a, const char *s)
{
	return s ? gw_arena_strndup(a, s, strlen(s)) : NULL;
}

void *gw_arena_memdup(gw_arena *a, const void *p, size_t n)
{
	void *q = gw_arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

size_t gw_arena_used(const gw_arena *a)
{
	return a ? a->total : 0;
}
