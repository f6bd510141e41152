/* arena.c - bump allocator: one per article, freed in one go. */
#include "dipline.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t        used, size;
	max_align_t   data[];
};

struct arena {
	struct chunk *head;
};

arena *
arena_new(void)
{
	return xcalloc(1, sizeof(arena));
}

void *
arena_alloc(arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t        need = (n + 15) & ~(size_t)15;

	if (need == 0)
		need = 16;
	if (c == NULL || c->size - c->used < need) {
		size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += need;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	int     n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_grow(arena *a, void *old, size_t elsize, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void  *p = arena_alloc(a, ncap * elsize);

	if (old && *cap)
		memcpy(p, old, *cap * elsize);
	*cap = ncap;
	return p;
}

void
arena_free(arena *a)
{
	if (a == NULL)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}
