/* SPDX-License-Identifier: MIT */
/*
 * Money is int64 fen (分); rates are int64 basis points (1% = 100 bp). One
 * rounding rule: half away from zero, to the fen. Also the Chinese uppercase
 * amount (大写金额) used on payslips.
 */
#ifndef HRP_MONEY_H
#define HRP_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Largest amount accepted anywhere: 10^13 fen = 1000 亿元. */
#define MONEY_MAX_FEN INT64_C(10000000000000)
/* Basis points in one (100%), and fen in one yuan. */
#define MONEY_BP_PER_UNIT 10000
#define MONEY_FEN_PER_YUAN 100

/*
 * n / d rounded half away from zero: the one rounding rule, used for every
 * amount, rate and score. d must be > 0. Exact for every n and d (no
 * intermediate can overflow).
 */
__int128 money_div_round(__int128 n, __int128 d);

/*
 * An exact rational n / d (d > 0), the value of a pay line while it is
 * being computed; it is rounded once, at the end, with money_q_round. After
 * each operation the fraction is reduced and a denominator beyond
 * MONEY_Q_DEN_CAP is rescaled to it (10^-9 fen, far below the fen the line
 * is rounded to). The operations return 0, or -1 when the value leaves
 * [-MONEY_Q_MAX, MONEY_Q_MAX] (then *x is unspecified): 128-bit arithmetic
 * inside that range never overflows.
 */
struct money_q {
	__int128 n;
	__int128 d; /* > 0 */
};

#define MONEY_Q_DEN_CAP ((__int128)1000000000)
#define MONEY_Q_MAX ((__int128)MONEY_MAX_FEN * 1000)

struct money_q money_q_make(__int128 n, __int128 d);
/* Reduce and rescale as described above; 0 or -1. */
int money_q_norm(struct money_q *x);
/* *x += y, *x *= y, *x /= y (y.n != 0): 0 or -1. */
int money_q_add(struct money_q *x, struct money_q y);
int money_q_mul(struct money_q *x, struct money_q y);
int money_q_div(struct money_q *x, struct money_q y);
/* -1, 0 or 1 as x <, =, > y; exact for any two values. */
int money_q_cmp(struct money_q x, struct money_q y);
/* x rounded to an integer by money_div_round, clamped to int64_t. */
int64_t money_q_round(struct money_q x);

/*
 * amount * num / den rounded half away from zero, exactly (128-bit
 * intermediate). den must be > 0. Returns 0, or -1 if the result is out of
 * [-MONEY_MAX_FEN, MONEY_MAX_FEN].
 */
int money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out);
/* amount * rate_bp / MONEY_BP_PER_UNIT, rounded; same return as money_muldiv.
 */
int money_apply_bp(int64_t amount_fen, int64_t rate_bp, int64_t *out);
/* Add with range check: 0 or -1. */
int money_add(int64_t a, int64_t b, int64_t *out);

/*
 * Parse a yuan amount as people write it: "1234", "1,234.5", "-0.01",
 * "¥1234.56" (at most two decimals, optional thousands commas in groups of
 * three, optional leading ¥ or ￥). Returns 0, or -1 if malformed, with more
 * than two decimals, or out of range.
 */
int money_parse_yuan(const char *s, int64_t *fen);

/*
 * Format fen as yuan with two decimals into out (size >= 32):
 * grouping 1 gives "1,234.56", 0 gives "1234.56". Returns out.
 */
char *money_format(int64_t fen, int grouping, char *out, size_t size);

/*
 * 大写金额 per the usual cheque rules, e.g. 100111.11 →
 * "壹拾万零壹佰壹拾壹元壹角壹分", 0 → "零元整", 10 → "壹拾元整",
 * 1000000.00 → "壹佰万元整", 0.05 → "伍分", negative → "负" + ...
 * Writes a NUL-terminated UTF-8 string into out (size >= 128). Returns 0,
 * or -1 if |fen| > MONEY_MAX_FEN.
 */
int money_cn_upper(int64_t fen, char *out, size_t size);

#endif
