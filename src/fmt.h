/* SPDX-License-Identifier: MIT */
/*
 * Field formats by name, as templates use them: a value from the database
 * (integer, real, text or NULL) becomes display text. Locale-independent.
 */
#ifndef HRP_FMT_H
#define HRP_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "fmt_value.h"

struct buf;

enum fmt_kind {
	FMT_TEXT,     /* as is (NULL → "") */
	FMT_INT,      /* integer with grouping: 12,345 */
	FMT_MONEY,    /* fen → "1,234.56" */
	FMT_YUAN,     /* fen → "¥1,234.56" */
	FMT_CN_UPPER, /* fen → 大写金额 */
	FMT_PERCENT,  /* bp → "85.00%" */
	FMT_SCORE, /* centipoints → "95.5" (one decimal, trailing .0 kept) */
	FMT_DECIMAL, /* hundredths → "1,234.5" (as many decimals as it has) */
	FMT_DATE,    /* "2025-03-07" → "2025年3月7日" */
	FMT_MONTH,   /* "2025-03" → "2025年3月" */
	FMT_MASK,    /* mask(H,T[,G]): "6222********1234" (fmt_parse) */
	FMT__COUNT
};

/* A format with its arguments, as fmt_parse() reads it. */
struct fmt_spec {
	enum fmt_kind kind;
	int keep_head; /* mask: leading characters shown */
	int keep_tail; /* mask: trailing characters shown */
	int group;     /* mask: a space every group characters, 0 = none */
};

/* Largest H and T of mask(H,T) and largest G of mask(H,T,G). */
#define FMT_MASK_KEEP_MAX 32
#define FMT_MASK_GROUP_MAX 8

/*
 * Kind by template name ("money", "cn-upper", ...); -1 if unknown. mask
 * needs its arguments and is found by fmt_parse() only.
 */
int fmt_lookup(const char *name);
/*
 * A format as a template writes it: a name of fmt_lookup(), or
 * "mask(H,T)" / "mask(H,T,G)" with H, T in 0..FMT_MASK_KEEP_MAX and G in
 * 1..FMT_MASK_GROUP_MAX. Returns 0 with *out set, or -1.
 */
int fmt_parse(const char *s, struct fmt_spec *out);
const char *fmt_name(enum fmt_kind kind);

/*
 * Append the formatted value to out. NULL formats as "" for every kind.
 * Money, percent, score and decimal kinds take integers only (or text that is
 * an integer); FMT_INT also takes integers only. Returns 0, or -1 when the
 * value does not fit the format (a real where fen are needed, text that is not
 * a date, ...), with a short reason in *why (static string). A BLOB (a picture)
 * has no text form and fails with every format.
 */
int fmt_value(enum fmt_kind kind, const struct fmt_value *v, struct buf *out,
              const char **why);
/*
 * The same for a format with arguments. mask takes text or an integer and
 * counts characters, not bytes: the first keep_head and last keep_tail
 * characters are shown, each other one becomes "*" (a value of at most
 * keep_head + keep_tail characters is hidden whole); with group, a space
 * follows every group characters of the result, "6222 **** **** 1234".
 */
int fmt_format(const struct fmt_spec *f, const struct fmt_value *v,
               struct buf *out, const char **why);

#endif
