/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: pay rules and their steps. The bytes give the
 * employee's figures, a parameter and up to four rules (fixed, per unit,
 * measure or formula, with up to eight steps of any operation, source and
 * ratio); they are prepared and computed through payroll_compute(). A rule
 * the engine refuses is left out. Whatever is computed must be in range
 * and add up; any overflow on the way is caught by UBSan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "payroll.h"
#include "xmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bytes {
	const uint8_t *p;
	size_t n;
};

static uint8_t
take8(struct bytes *b)
{
	uint8_t v = 0;

	if (b->n > 0) {
		v = *b->p++;
		b->n--;
	}
	return v;
}

/* A 64-bit value; the first byte picks a small, a typical or a huge one. */
static int64_t
take64(struct bytes *b)
{
	uint8_t kind = take8(b);
	uint64_t u = 0;
	int i;

	for (i = 0; i < 8; i++)
		u = u << 8 | take8(b);
	switch (kind % 4) {
	case 0:
		return (int64_t)(u % 201) - 100;
	case 1:
		return (int64_t)(u % 100000000);
	case 2:
		return (int64_t)(u % 2000000000001) - 1000000000000;
	default:
		return (int64_t)u;
	}
}

static const char *const ops[] = {"add", "sub", "mul", "div", "min", "max"};
static const char *const measures[] = {
    "base_fen", "perf_fen", "work_days", "attend_days", "kpi_attain_bp",
    "appraisal_x100", "units_target", "units",
};
static const char *const calcs[] = {"formula", "fixed", "per_unit",
                                    "measure"};
static const char *const categories[] = {"earning", "award", "deduction"};
static const char *const codes[] = {"r0", "r1", "r2", "r3"};

#define NRULES 4
#define NTERMS 8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes b = {data, size};
	struct payroll_fact facts[4];
	struct payroll_param param = {"month_days", "月计薪天数", "count", 0};
	struct payroll_term terms[NRULES][NTERMS];
	struct payroll_rule rules[NRULES];
	struct payroll_input in;
	struct payroll_slip slip;
	struct arena *a;
	const char *what, *why;
	size_t nrules = 0, i, k;
	int64_t gross = 0, ded = 0;
	int rc;

	memset(&in, 0, sizeof(in));
	in.employee_id = "F1";
	in.month = (struct month){2025, 3};
	in.base_fen = take64(&b);
	in.perf_fen = take64(&b);
	facts[0].measure = "work_days";
	facts[1].measure = "attend_days";
	facts[2].measure = "kpi_attain_bp";
	facts[3].measure = "appraisal_x100";
	for (i = 0; i < 4; i++)
		facts[i].value = take64(&b);
	in.facts = facts;
	in.nfacts = 4;
	param.value = take64(&b);
	in.params = &param;
	in.nparams = 1;

	memset(rules, 0, sizeof(rules));
	memset(terms, 0, sizeof(terms));
	while (nrules < NRULES && b.n > 0) {
		struct payroll_rule *r = &rules[nrules];
		uint8_t shape = take8(&b);

		r->seq = (int)nrules + 1;
		r->code = codes[nrules];
		r->name = "规则";
		r->calc = calcs[shape % 4];
		r->category = categories[(shape >> 2) % 3];
		if (strcmp(r->calc, "fixed") == 0 ||
		    strcmp(r->calc, "per_unit") == 0) {
			r->amount_fen.set = 1;
			r->amount_fen.v = take64(&b);
		}
		if (strcmp(r->calc, "per_unit") == 0 ||
		    strcmp(r->calc, "measure") == 0)
			r->measure = measures[take8(&b) % 8];
		r->nterms = (size_t)(take8(&b) % (NTERMS + 1));
		for (k = 0; k < r->nterms; k++) {
			struct payroll_term *t = &terms[nrules][k];
			uint8_t c = take8(&b);

			t->seq = (int)k + 1;
			t->op = ops[c % 6];
			switch ((c / 6) % 3) {
			case 0:
				t->source = "const";
				break;
			case 1:
				t->source = "measure";
				t->ref = measures[take8(&b) % 8];
				break;
			default:
				t->source = "param";
				t->ref = "month_days";
				break;
			}
			t->num = take64(&b);
			t->den = take64(&b);
			/* den > 0, as the schema's CHECK makes it. */
			if (t->den == 0 || t->den == INT64_MIN)
				t->den = 1;
			else if (t->den < 0)
				t->den = -t->den;
		}
		r->terms = r->nterms > 0 ? terms[nrules] : NULL;
		if (payroll_rule_prepare(r, NULL, 0, &why) == 0)
			nrules++;
	}

	a = arena_new();
	rc = payroll_compute(rules, nrules, &in, a, &slip, &what);
	if (rc == 0) {
		for (i = 0; i < slip.nlines; i++) {
			int64_t v = slip.lines[i].amount_fen;

			if (v > MONEY_MAX_FEN || v < -MONEY_MAX_FEN)
				abort();
			if (slip.lines[i].rule->category_kind ==
			    PAYROLL_DEDUCTION)
				ded += v;
			else
				gross += v;
		}
		if (gross != slip.gross_fen || ded != slip.deduction_fen ||
		    slip.net_fen != gross - ded)
			abort();
	} else if (what == NULL)
		abort();
	arena_free(a);
	return 0;
}
