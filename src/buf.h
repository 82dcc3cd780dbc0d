/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer with an optional cap (input-driven buffers must have
 * one: going over it is a user error reported by the caller).
 */
#ifndef HRP_BUF_H
#define HRP_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char
	    *data; /* NUL-terminated once anything was added; NULL when empty */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* cap on len; 0 = no cap */
};

void buf_init(struct buf *b, size_t max);
/* Append; return 0, or -1 (nothing appended) if the cap would be exceeded. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty); valid until the next change. */
const char *buf_cstr(const struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Hand the contents (NUL-terminated, caller frees) over and reset b. */
char *buf_take(struct buf *b);

#endif
