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

int
money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
	__int128 p, q, r;

	assert(den > 0);
	/* |amount * num| < 2^126, so the product cannot overflow. */
	p = (__int128)amount * num;
	q = p / den;
	r = p % den;
	/*
	 * C division truncates toward zero and r has the sign of p; round
	 * away from zero when the dropped part is at least half of den.
	 */
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += p < 0 ? -1 : 1;
	if (!in_range(q))
		return -1;
	*out = (int64_t)q;
	return 0;
}

int
money_apply_bp(int64_t amount_fen, int64_t rate_bp, int64_t *out)
{
	return money_muldiv(amount_fen, rate_bp, 10000, out);
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
		if (v > MONEY_MAX_FEN / 100)
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
				if (v > MONEY_MAX_FEN / 100)
					return -1;
			}
		}
		if (*s >= '0' && *s <= '9')
			return -1;
	}
	v *= 100;

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
	yuan = u / 100;
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
