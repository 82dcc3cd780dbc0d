/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: amounts. The first 8 bytes are an int64 for
 * 大写金额, grouping and rate arithmetic; the rest is parsed as a yuan
 * string, and whatever parses must format back to the same amount.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "xmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[256], fmt[64];
	int64_t v = 0, r, back;
	char *s;

	if (size >= 8) {
		memcpy(&v, data, 8);
		(void)money_cn_upper(v, out, sizeof(out));
		(void)money_format(v, 1, fmt, sizeof(fmt));
		(void)money_apply_bp(v, (int64_t)(v % 1000000), &r);
		(void)money_muldiv(v, 7, 3, &r);
		data += 8;
		size -= 8;
	}
	s = xstrndup((const char *)data, size);
	if (money_parse_yuan(s, &v) == 0) {
		money_format(v, 1, fmt, sizeof(fmt));
		if (money_parse_yuan(fmt, &back) != 0 || back != v)
			abort();
		if (money_cn_upper(v, out, sizeof(out)) != 0)
			abort();
	}
	free(s);
	return 0;
}
