/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: field and condition expressions, and text with
 * {expr|format} substitutions, parsed and evaluated against fixed values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "expr.h"
#include "xmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct fmt_value *
lookup(void *ctx, const char *alias, const char *name)
{
	static const struct fmt_value vals[] = {
		{ FMT_V_INT, 123456, 0, NULL },
		{ FMT_V_TEXT, 0, 0, "2025-03" },
		{ FMT_V_NULL, 0, 0, NULL },
		{ FMT_V_REAL, 0, 2.5, NULL },
	};
	(void)ctx;
	return &vals[(strlen(name) + (alias ? strlen(alias) : 0)) % 4];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct arena *a = arena_new();
	struct diag *d = diag_new(NULL);
	struct srcpos pos = { "fuzz", 1, 1 };
	struct expr *e = expr_parse(a, s, &pos, d);
	struct interp *in;

	if (e != NULL) {
		struct fmt_value v;
		expr_eval(e, lookup, NULL, &v);
		(void)expr_truth(&v);
	}
	in = interp_parse(a, s, &pos, d);
	if (in != NULL) {
		struct buf out;
		const char *why;
		buf_init(&out, 1 << 16);
		(void)interp_eval(in, lookup, NULL, &out, &why);
		buf_free(&out);
	}
	diag_free(d);
	arena_free(a);
	free(s);
	return 0;
}
