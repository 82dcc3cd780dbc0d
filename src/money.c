/* SPDX-License-Identifier: MIT */
/*
 * Money arithmetic on int64 fen with one rounding rule (half away from zero,
 * exact through 128-bit intermediates), parsing of yuan amounts as people
 * type them, and display as digits or as the Chinese uppercase amount.
 */
#include "money.h"

#include <assert.h>
#include <string.h>

/* The two spellings of the yuan sign: U+00A5 and fullwidth U+FFE5. */
#define YEN_HALF "\xC2\xA5"
#define YEN_FULL "\xEF\xBF\xA5"

static int
in_range(__int128 v)
{
	return v >= -(__int128)MONEY_MAX_FEN && v <= (__int128)MONEY_MAX_FEN;
}

typedef unsigned __int128 u128;

/* |x| without overflow, also for the most negative value. */
static u128
mag(__int128 x)
{
	return x < 0 ? 0 - (u128)x : (u128)x;
}

__int128
money_div_round(__int128 n, __int128 d)
{
	__int128 q, r;
	u128 ar;

	assert(d > 0);
	q = n / d;
	r = n % d;
	/*
	 * C division truncates toward zero and r has the sign of n; round
	 * away from zero when the dropped part is at least half of d
	 * (|r| >= d - |r|, which cannot overflow as 2 * |r| could).
	 */
	ar = mag(r);
	if (ar != 0 && ar >= (u128)d - ar)
		q += n < 0 ? -1 : 1;
	return q;
}

int
money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
	__int128 q;

	assert(den > 0);
	/* |amount * num| < 2^126, so the product cannot overflow. */
	q = money_div_round((__int128)amount * num, den);
	if (!in_range(q))
		return -1;
	*out = (int64_t)q;
	return 0;
}

/* ---- exact rationals ---- */

struct money_q
money_q_make(__int128 n, __int128 d)
{
	struct money_q r;

	assert(d > 0);
	r.n = n;
	r.d = d;
	return r;
}

static u128
gcd(u128 a, u128 b)
{
	u128 t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * r * c / d rounded half up, for r < d: double-and-add over the bits of c
 * keeps the value as quot + rem / d with rem < d < 2^127, so that neither
 * 2 * rem nor rem + r can pass 2^128.
 */
static u128
frac_scale(u128 r, u128 c, u128 d)
{
	u128 quot = 0, rem = 0;
	int bit;

	for (bit = 127; bit >= 0; bit--) {
		quot <<= 1;
		rem <<= 1;
		if (rem >= d) {
			rem -= d;
			quot++;
		}
		if ((c >> bit) & 1) {
			rem += r;
			if (rem >= d) {
				rem -= d;
				quot++;
			}
		}
	}
	return rem != 0 && rem >= d - rem ? quot + 1 : quot;
}

int
money_q_norm(struct money_q *x)
{
	u128 a = mag(x->n), d = (u128)x->d, g, whole;

	assert(x->d > 0);
	g = gcd(a, d);
	if (g > 1) {
		a /= g;
		d /= g;
	}
	whole = a / d;
	if (whole > (u128)MONEY_Q_MAX)
		return -1;
	if (d > (u128)MONEY_Q_DEN_CAP) {
		/* a / d rounded to a multiple of 1 / MONEY_Q_DEN_CAP. */
		a = whole * (u128)MONEY_Q_DEN_CAP +
		    frac_scale(a % d, (u128)MONEY_Q_DEN_CAP, d);
		d = (u128)MONEY_Q_DEN_CAP;
	}
	x->n = x->n < 0 ? -(__int128)a : (__int128)a;
	x->d = (__int128)d;
	return a / d > (u128)MONEY_Q_MAX ? -1 : 0;
}

/* The most negative __int128, the one value whose negation overflows. */
#define I128_MIN (-(__int128)(((u128)1 << 127) - 1) - 1)

/*
 * x * y with the common factors of each numerator and the other
 * denominator divided out first, so that the products stay small.
 */
int
money_q_mul(struct money_q *x, struct money_q y)
{
	__int128 g1 = (__int128)gcd(mag(x->n), (u128)y.d);
	__int128 g2 = (__int128)gcd(mag(y.n), (u128)x->d);

	/* gcd(0, d) = d; both are >= 1 as y.d and x->d are. */
	if (__builtin_mul_overflow(x->n / g1, y.n / g2, &x->n) ||
	    __builtin_mul_overflow(x->d / g2, y.d / g1, &x->d))
		return -1;
	return money_q_norm(x);
}

int
money_q_div(struct money_q *x, struct money_q y)
{
	assert(y.n != 0);
	if (y.n == I128_MIN)
		return -1;
	return money_q_mul(
	    x, money_q_make(y.n < 0 ? -y.d : y.d, y.n < 0 ? -y.n : y.n));
}

int
money_q_add(struct money_q *x, struct money_q y)
{
	__int128 a, b;

	if (__builtin_mul_overflow(x->n, y.d, &a) ||
	    __builtin_mul_overflow(y.n, x->d, &b) ||
	    __builtin_mul_overflow(x->d, y.d, &x->d) ||
	    __builtin_add_overflow(a, b, &x->n))
		return -1;
	return money_q_norm(x);
}

/*
 * a / b against c / d for a, c >= 0 and b, d > 0, exactly: the whole parts
 * first; if they are equal, the remainders ra / b and rc / d compare as
 * d / rc against b / ra (Euclid's steps, so the loop ends).
 */
static int
ucmp(u128 a, u128 b, u128 c, u128 d)
{
	u128 qa, qc, ra, rc;
	int sign = 1;

	for (;;) {
		qa = a / b;
		qc = c / d;
		if (qa != qc)
			return qa < qc ? -sign : sign;
		ra = a % b;
		rc = c % d;
		if (ra == 0 || rc == 0)
			return ra == rc ? 0 : ra == 0 ? -sign : sign;
		a = b;
		c = d;
		b = ra;
		d = rc;
		sign = -sign;
	}
}

int
money_q_cmp(struct money_q x, struct money_q y)
{
	int nx = x.n < 0, ny = y.n < 0;

	if (nx != ny)
		return nx ? -1 : 1;
	if (nx)
		return -ucmp(mag(x.n), (u128)x.d, mag(y.n), (u128)y.d);
	return ucmp((u128)x.n, (u128)x.d, (u128)y.n, (u128)y.d);
}

int64_t
money_q_round(struct money_q x)
{
	__int128 r = money_div_round(x.n, x.d);

	/* Only a shown intermediate can be this far out; amounts are
	 * checked against MONEY_MAX_FEN before they are used. */
	if (r > INT64_MAX)
		return INT64_MAX;
	if (r < INT64_MIN)
		return INT64_MIN;
	return (int64_t)r;
}

int
money_apply_bp(int64_t amount_fen, int64_t rate_bp, int64_t *out)
{
	return money_muldiv(amount_fen, rate_bp, MONEY_BP_PER_UNIT, out);
}

int
money_add(int64_t a, int64_t b, int64_t *out)
{
	__int128 s = (__int128)a + b;

	if (!in_range(s))
		return -1;
	*out = (int64_t)s;
	return 0;
}

/*
 * Grammar: [-] [¥|￥] [-] INT [. D [D]] where INT is either plain digits or
 * 1-3 digits (no leading zero) followed by ",DDD" groups. A sign may stand
 * before or after the yuan sign ("-¥12" and "¥-12" both occur), but only one
 * of them. No blanks, no "+", no exponent, no bare ".5" or "12.".
 */
int
money_parse_yuan(const char *s, int64_t *fen)
{
	int64_t v = 0;
	int neg = 0, ndig, frac, i;
	const char *group;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (strncmp(s, YEN_HALF, strlen(YEN_HALF)) == 0)
		s += strlen(YEN_HALF);
	else if (strncmp(s, YEN_FULL, strlen(YEN_FULL)) == 0)
		s += strlen(YEN_FULL);
	if (*s == '-' && !neg) {
		neg = 1;
		s++;
	}

	/* Integer part, with optional thousands groups. */
	group = s;
	ndig = 0;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s - '0');
		/* Checked per digit, so a long string cannot overflow v. */
		if (v > MONEY_MAX_FEN / MONEY_FEN_PER_YUAN)
			return -1;
		ndig++;
		s++;
	}
	if (ndig == 0)
		return -1;
	if (*s == ',') {
		if (ndig > 3 || *group == '0')
			return -1;
		while (*s == ',') {
			s++;
			for (i = 0; i < 3; i++, s++) {
				if (*s < '0' || *s > '9')
					return -1;
				v = v * 10 + (*s - '0');
				if (v > MONEY_MAX_FEN / MONEY_FEN_PER_YUAN)
					return -1;
			}
		}
		if (*s >= '0' && *s <= '9')
			return -1;
	}
	v *= MONEY_FEN_PER_YUAN;

	/* One or two decimals; "12." and a third decimal are refused. */
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		frac = (*s++ - '0') * 10;
		if (*s >= '0' && *s <= '9')
			frac += *s++ - '0';
		v += frac;
	}
	if (*s != '\0' || v > MONEY_MAX_FEN)
		return -1;
	*fen = neg ? -v : v;
	return 0;
}

char *
money_format(int64_t fen, int grouping, char *out, size_t size)
{
	char tmp[40];
	char *p = tmp + sizeof(tmp);
	uint64_t u;
	int n = 0;

	assert(size >= 32);
	/* Negate in unsigned arithmetic so that INT64_MIN works too. */
	u = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;
	*--p = '\0';
	*--p = (char)('0' + u % 10);
	u /= 10;
	*--p = (char)('0' + u % 10);
	u /= 10;
	*--p = '.';
	do {
		if (grouping && n > 0 && n % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + u % 10);
		u /= 10;
		n++;
	} while (u > 0);
	if (fen < 0)
		*--p = '-';
	memcpy(out, p, (size_t)(tmp + sizeof(tmp) - p));
	return out;
}

/* ---- 大写金额 ---- */

static const char *const cn_digit[10] = {"零", "壹", "贰", "叁", "肆",
                                         "伍", "陆", "柒", "捌", "玖"};
/* Place within a four-digit section, then the section itself. */
static const char *const cn_place[4] = {"", "拾", "佰", "仟"};
static const char *const cn_section[3] = {"", "万", "亿"};

static void
put(char *out, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	/* 128 bytes hold any amount in range (the longest needs 82). */
	assert(*len + n < size);
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/*
 * The rules followed are those for filling in bills and vouchers (中国人民
 * 银行《支付结算办法》附件): where the rules allow two spellings, the first
 * listed below is used.
 *   - Every non-zero digit carries its place (壹拾, never bare 拾), and a
 *     non-empty section carries 万 or 亿.
 *   - A run of zeros between two non-zero digits is written as one 零,
 *     also when the run crosses a 万/亿 boundary: 1,001,000 is
 *     壹佰万零壹仟元整 and 100,111 is 壹拾万零壹佰壹拾壹元. (Omitting
 *     this 零 when only the 万 digit is zero is also allowed; we do not.)
 *   - Trailing zeros of the yuan part produce no 零.
 *   - 整 follows 元 when there are neither 角 nor 分. After 角 it is
 *     optional and we leave it out: 壹元伍角.
 *   - If 角 is zero and 分 is not, 零 follows 元: 壹元零伍分. If only the
 *     元 digit is zero and 角 is not (1680.32), the 零 is optional and we
 *     leave it out: 壹仟陆佰捌拾元叁角贰分.
 *   - Below one yuan the amount starts with 角 or 分 (伍角, 伍分); zero
 *     is 零元整. Negative amounts get a leading 负.
 */
int
money_cn_upper(int64_t fen, char *out, size_t size)
{
	char digits[16];
	int64_t u, yuan;
	int jiao, fen_digit, nd, p, zero, section_used, started;
	size_t len = 0;

	assert(size >= 128);
	out[0] = '\0';
	if (fen < -MONEY_MAX_FEN || fen > MONEY_MAX_FEN)
		return -1;
	if (fen < 0)
		put(out, size, &len, "负");
	u = fen < 0 ? -fen : fen;
	yuan = u / MONEY_FEN_PER_YUAN;
	jiao = (int)(u / 10 % 10);
	fen_digit = (int)(u % 10);

	/* Digits of the yuan part, least significant first. */
	nd = 0;
	do {
		digits[nd++] = (char)(yuan % 10);
		yuan /= 10;
	} while (yuan > 0);
	assert(nd <= 12);

	started = zero = section_used = 0;
	for (p = nd - 1; p >= 0; p--) {
		if (digits[p] != 0) {
			if (zero)
				put(out, size, &len, cn_digit[0]);
			put(out, size, &len, cn_digit[(int)digits[p]]);
			put(out, size, &len, cn_place[p % 4]);
			zero = 0;
			started = section_used = 1;
		} else if (started)
			zero = 1;
		if (p % 4 == 0 && p > 0) {
			if (section_used)
				put(out, size, &len, cn_section[p / 4]);
			section_used = 0;
		}
	}

	if (started)
		put(out, size, &len, "元");
	if (jiao == 0 && fen_digit == 0) {
		if (!started)
			put(out, size, &len, "零元");
		put(out, size, &len, "整");
		return 0;
	}
	if (jiao != 0) {
		put(out, size, &len, cn_digit[jiao]);
		put(out, size, &len, "角");
	}
	if (fen_digit != 0) {
		if (jiao == 0 && started)
			put(out, size, &len, cn_digit[0]);
		put(out, size, &len, cn_digit[fen_digit]);
		put(out, size, &len, "分");
	}
	return 0;
}
