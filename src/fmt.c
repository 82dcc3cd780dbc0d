/* SPDX-License-Identifier: MIT */
/*
 * Field formats: turns one database value into display text for a named
 * format (money, percent, date, ...). All digits are produced here by hand,
 * so the output never depends on the C locale.
 */
#include "fmt.h"

#include <assert.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "money.h"
#include "month.h"

/* clang-format off */
static const char *const names[FMT__COUNT] = {
	[FMT_TEXT] = "text",
	[FMT_INT] = "int",
	[FMT_MONEY] = "money",
	[FMT_YUAN] = "yuan",
	[FMT_CN_UPPER] = "cn-upper",
	[FMT_PERCENT] = "percent",
	[FMT_SCORE] = "score",
	[FMT_DECIMAL] = "decimal",
	[FMT_DATE] = "date",
	[FMT_MONTH] = "month",
	[FMT_MASK] = "mask",
};
/* clang-format on */

int
fmt_lookup(const char *name)
{
	int k;

	for (k = 0; k < FMT__COUNT; k++)
		if (k != FMT_MASK && strcmp(name, names[k]) == 0)
			return k;
	return -1;
}

/* A number 0..max at *p, advancing *p; -1 when there is none. */
static int
small_number(const char **p, int max)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < 3) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n == 0 || v > max || (**p >= '0' && **p <= '9') ? -1 : v;
}

int
fmt_parse(const char *s, struct fmt_spec *out)
{
	const char *p = s;
	int k = fmt_lookup(s);

	memset(out, 0, sizeof(*out));
	if (k >= 0) {
		out->kind = (enum fmt_kind)k;
		return 0;
	}
	if (strncmp(p, "mask(", 5) != 0)
		return -1;
	p += 5;
	out->kind = FMT_MASK;
	if ((out->keep_head = small_number(&p, FMT_MASK_KEEP_MAX)) < 0 ||
	    *p++ != ',' ||
	    (out->keep_tail = small_number(&p, FMT_MASK_KEEP_MAX)) < 0)
		return -1;
	if (*p == ',') {
		p++;
		if ((out->group = small_number(&p, FMT_MASK_GROUP_MAX)) < 1)
			return -1;
	}
	return strcmp(p, ")") == 0 ? 0 : -1;
}

const char *
fmt_name(enum fmt_kind kind)
{
	assert(kind >= 0 && kind < FMT__COUNT);
	return names[kind];
}

/* ---- numbers ---- */

/*
 * A plain integer in text: optional '-', then digits, nothing else, within
 * int64. SQLite hands back TEXT for values imported as text, so "12345" is
 * accepted where an integer is wanted; "12.0", " 12" and "1e3" are not.
 */
static int
parse_int(const char *s, int64_t *out)
{
	uint64_t v = 0, limit;
	int neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s == '\0')
		return -1;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	/* Negating in unsigned arithmetic keeps INT64_MIN well defined. */
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* v in decimal, with "," every three digits when grouping. */
static void
put_int(struct buf *out, int64_t v, int grouping)
{
	char tmp[32];
	char *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do {
		if (grouping && n > 0 && n % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + u % 10);
		u /= 10;
		n++;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	buf_add(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * u / 10^decimals with exactly that many decimals and an optional "-". The
 * value is already scaled, so nothing is rounded here.
 */
static void
put_scaled(struct buf *out, int neg, uint64_t u, int decimals)
{
	char tmp[32];
	char *p = tmp + sizeof(tmp);
	int i;

	for (i = 0; i < decimals; i++) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	*--p = '.';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (neg)
		*--p = '-';
	buf_add(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * A real as text for the text format: shortest round-trip-ish "%.15g",
 * with the decimal point forced to "." whatever LC_NUMERIC says.
 */
static int
put_real(struct buf *out, double r)
{
	char tmp[64];
	const char *dp = localeconv()->decimal_point;
	size_t dlen = strlen(dp);
	char *q;

	if (!isfinite(r))
		return -1;
	snprintf(tmp, sizeof(tmp), "%.15g", r);
	if (dlen > 0 && strcmp(dp, ".") != 0 && (q = strstr(tmp, dp))) {
		*q = '.';
		memmove(q + 1, q + dlen, strlen(q + dlen) + 1);
	}
	buf_adds(out, tmp);
	return 0;
}

/* The integer in v (INT, or TEXT holding a plain integer); 0 or -1. */
static int
value_int(const struct fmt_value *v, int64_t *out, const char **why,
          const char *real_why)
{
	switch (v->type) {
	case FMT_V_INT:
		*out = v->i;
		return 0;
	case FMT_V_TEXT:
		if (parse_int(v->s, out) == 0)
			return 0;
		*why = "text is not an integer";
		return -1;
	case FMT_V_REAL:
		*why = real_why;
		return -1;
	default:
		assert(!"unexpected value type");
		*why = "unexpected value type";
		return -1;
	}
}

/* ---- the formats ---- */

static int
format_text(const struct fmt_value *v, struct buf *out, const char **why)
{
	switch (v->type) {
	case FMT_V_INT:
		put_int(out, v->i, 0);
		return 0;
	case FMT_V_REAL:
		if (put_real(out, v->r) == 0)
			return 0;
		*why = "number is not finite";
		return -1;
	case FMT_V_TEXT:
		buf_adds(out, v->s);
		return 0;
	default:
		assert(!"unexpected value type");
		*why = "unexpected value type";
		return -1;
	}
}

static int
format_money(enum fmt_kind kind, int64_t fen, struct buf *out, const char **why)
{
	char tmp[128];

	if (fen < -MONEY_MAX_FEN || fen > MONEY_MAX_FEN) {
		*why = "amount out of range";
		return -1;
	}
	if (kind == FMT_CN_UPPER) {
		/* Cannot fail: the range was checked above. */
		money_cn_upper(fen, tmp, sizeof(tmp));
		buf_adds(out, tmp);
		return 0;
	}
	money_format(fen, 1, tmp, sizeof(tmp));
	if (kind == FMT_YUAN) {
		/* Sign before the currency sign, as in "-¥1,234.56". */
		if (fen < 0)
			buf_addc(out, '-');
		buf_adds(out, "\xC2\xA5");
		buf_adds(out, fen < 0 ? tmp + 1 : tmp);
	} else
		buf_adds(out, tmp);
	return 0;
}

static void
format_score(int64_t cp, struct buf *out)
{
	/* The one rounding rule, half away from zero, to a tenth. */
	__int128 t = money_div_round(cp, 10);
	uint64_t tenths = t < 0 ? (uint64_t)-t : (uint64_t)t;

	/* A score that rounds to zero prints as "0.0", not "-0.0". */
	put_scaled(out, cp < 0 && tenths > 0, tenths, 1);
}

/*
 * Hundredths as the number they are, grouped like int, with the decimals
 * it has and no more: 8250 → "82.5", 8200 → "82", 123405 → "1,234.05".
 */
static void
format_decimal(int64_t h, struct buf *out)
{
	uint64_t u = h < 0 ? 0 - (uint64_t)h : (uint64_t)h;
	unsigned frac = (unsigned)(u % 100);

	if (h < 0)
		buf_addc(out, '-');
	put_int(out, (int64_t)(u / 100), 1);
	if (frac != 0) {
		buf_addc(out, '.');
		buf_addc(out, (char)('0' + frac / 10));
		if (frac % 10 != 0)
			buf_addc(out, (char)('0' + frac % 10));
	}
}

static int
format_date(enum fmt_kind kind, const struct fmt_value *v, struct buf *out,
            const char **why)
{
	struct month m;
	int d;

	if (kind == FMT_DATE) {
		if (v->type != FMT_V_TEXT ||
		    month_parse_date(v->s, &m, &d) < 0) {
			*why = "not a date YYYY-MM-DD";
			return -1;
		}
		buf_printf(out, "%d年%d月%d日", m.year, m.month, d);
	} else {
		if (v->type != FMT_V_TEXT || month_parse(v->s, &m) < 0) {
			*why = "not a month YYYY-MM";
			return -1;
		}
		buf_printf(out, "%d年%d月", m.year, m.month);
	}
	return 0;
}

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t
char_len(const unsigned char *s)
{
	size_t n = *s < 0x80    ? 1
	           : *s >= 0xf0 ? 4
	           : *s >= 0xe0 ? 3
	           : *s >= 0xc0 ? 2
	                        : 1;
	size_t i;

	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

static int
format_mask(const struct fmt_spec *f, const struct fmt_value *v,
            struct buf *out, const char **why)
{
	char num[32];
	const char *s;
	size_t nchars = 0, i, len;
	int hide_all;

	if (v->type == FMT_V_INT) {
		snprintf(num, sizeof(num), "%lld", (long long)v->i);
		s = num;
	} else if (v->type == FMT_V_TEXT)
		s = v->s;
	else {
		*why = "mask takes text or an integer";
		return -1;
	}
	for (i = 0; s[i] != '\0'; i += char_len((const unsigned char *)s + i))
		nchars++;
	hide_all = nchars <= (size_t)f->keep_head + (size_t)f->keep_tail;
	for (i = 0; i < nchars; i++) {
		if (f->group > 0 && i > 0 && i % (size_t)f->group == 0)
			buf_addc(out, ' ');
		len = char_len((const unsigned char *)s);
		if (!hide_all && (i < (size_t)f->keep_head ||
		                  i >= nchars - (size_t)f->keep_tail))
			buf_add(out, s, len);
		else
			buf_addc(out, '*');
		s += len;
	}
	return 0;
}

/*
 * Formats append to a scratch buffer first and then to out in one piece, so
 * that a refused value or a full capped buffer leaves out unchanged.
 */
int
fmt_value(enum fmt_kind kind, const struct fmt_value *v, struct buf *out,
          const char **why)
{
	struct fmt_spec f = {kind, 0, 0, 0};

	return fmt_format(&f, v, out, why);
}

int
fmt_format(const struct fmt_spec *f, const struct fmt_value *v, struct buf *out,
           const char **why)
{
	enum fmt_kind kind = f->kind;
	struct buf tmp;
	int64_t n;
	int rc = 0;

	assert(kind >= 0 && kind < FMT__COUNT);
	*why = NULL;
	if (v->type == FMT_V_NULL)
		return 0;
	if (v->type == FMT_V_BLOB) {
		*why =
		    "a BLOB (picture) has no text: show it with <image field>";
		return -1;
	}
	buf_init(&tmp, 0);
	switch (kind) {
	case FMT_TEXT:
		rc = format_text(v, &tmp, why);
		break;
	case FMT_INT:
		rc = value_int(v, &n, why, "expected an integer");
		if (rc == 0)
			put_int(&tmp, n, 1);
		break;
	case FMT_MONEY:
	case FMT_YUAN:
	case FMT_CN_UPPER:
		rc = value_int(v, &n, why, "money must be integer fen");
		if (rc == 0)
			rc = format_money(kind, n, &tmp, why);
		break;
	case FMT_PERCENT:
		rc = value_int(v, &n, why,
		               "percent must be integer basis points");
		if (rc == 0) {
			put_scaled(&tmp, n < 0,
			           n < 0 ? 0 - (uint64_t)n : (uint64_t)n, 2);
			buf_addc(&tmp, '%');
		}
		break;
	case FMT_SCORE:
		rc = value_int(v, &n, why,
		               "score must be integer hundredths of a point");
		if (rc == 0)
			format_score(n, &tmp);
		break;
	case FMT_DECIMAL:
		rc =
		    value_int(v, &n, why, "decimal must be integer hundredths");
		if (rc == 0)
			format_decimal(n, &tmp);
		break;
	case FMT_DATE:
	case FMT_MONTH:
		rc = format_date(kind, v, &tmp, why);
		break;
	case FMT_MASK:
		rc = format_mask(f, v, &tmp, why);
		break;
	default:
		assert(!"unknown format");
		*why = "unknown format";
		rc = -1;
	}
	if (rc == 0 && buf_add(out, tmp.data, tmp.len) < 0) {
		*why = "text too long";
		rc = -1;
	}
	buf_free(&tmp);
	return rc;
}
