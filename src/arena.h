/*
 * arena.h — region allocation for everything that lives as long as one
 * document (model nodes, strings, image bytes; layout boxes may use it too).
 *
 * Invariants: allocations are zeroed and aligned to 16 bytes; nothing is
 * freed singly; gw_arena_free releases every block at once.  Allocation
 * failure aborts (xmalloc), so no function here returns NULL.
 */
#ifndef GW_ARENA_H
#define GW_ARENA_H

#include <stddef.h>

typedef struct gw_arena gw_arena;

/* A new, empty arena (caller frees with gw_arena_free, which accepts NULL). */
gw_arena *gw_arena_new(void);
void gw_arena_free(gw_arena *a);

/* n zeroed bytes, valid until the arena is freed. */
void *gw_arena_alloc(gw_arena *a, size_t n);
/* n elements of size bytes each, zeroed; aborts on overflow. */
void *gw_arena_array(gw_arena *a, size_t n, size_t size);
/* Copies (NUL-terminated) into the arena; NULL in gives NULL out. */
char *gw_arena_strdup(gw_arena *a, const char *s);
char *gw_arena_strndup(gw_arena *a, const char *s, size_t n);
void *gw_arena_memdup(gw_arena *a, const void *p, size_t n);
/* Bytes handed out so far (for limits and tests). */
size_t gw_arena_used(const gw_arena *a);

#endif
