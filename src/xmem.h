/* SPDX-License-Identifier: MIT */
/*
 * Allocation that never returns NULL (out of memory prints
 * "hrpress: out of memory" and exits 2), and arenas: a tree of nodes lives in
 * one arena and is freed whole.
 */
#ifndef HRP_XMEM_H
#define HRP_XMEM_H

#include <stdarg.h>
#include <stddef.h>

/* ---- plain allocation: abort the process on OOM ---- */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grow *p (an array of *cap elements of elsize) to hold at least need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elsize);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Newly allocated printf result; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- arenas ---- */
struct arena;

struct arena *arena_new(void);
/* Frees every block of the arena; arena_free(NULL) does nothing. */
void arena_free(struct arena *a);
/* Zeroed memory aligned for any type, valid until arena_free(). */
void *arena_alloc(struct arena *a, size_t size);
/* The same, not zeroed: for memory the caller fills completely. */
void *arena_alloc_raw(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A copy of n bytes (n may be 0: a valid, empty block). */
void *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

#endif
