/* SPDX-License-Identifier: MIT */
/*
 * The basis texts of pay lines: how an amount, a rate, a measure with the
 * figures behind it, a condition or a step's running value reads on the
 * payslip ("任务完成率 75.00%（6台 ÷ 8台）", "3,000元"). The engine
 * (payroll.c) computes; this file only writes.
 */
#include "payroll.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "money.h"
#include "payroll_int.h"

/* ------------------------------------------------------------ basis text */

char *
payroll_yuan(int64_t fen, char *out, size_t size)
{
	char num[48];
	size_t len;

	money_format(fen, 1, num, sizeof(num));
	len = strlen(num);
	if (len > 3 && strcmp(num + len - 3, ".00") == 0)
		num[len - 3] = '\0';
	snprintf(out, size, "%s元", num);
	return out;
}

void
payroll_add_yuan(struct buf *b, int64_t fen)
{
	char s[48];

	buf_adds(b, payroll_yuan(fen, s, sizeof(s)));
}

/* Integer and hundredths, trailing zeros of the fraction dropped. */
void
payroll_add_hundredths(struct buf *b, int64_t v)
{
	int64_t w = v / 100, f = v % 100;

	if (v < 0) {
		buf_addc(b, '-');
		w = -w;
		f = -f;
	}
	buf_printf(b, "%lld", (long long)w);
	if (f % 10 != 0)
		buf_printf(b, ".%02lld", (long long)f);
	else if (f != 0)
		buf_printf(b, ".%lld", (long long)(f / 10));
}

/* A measured rate num / den bp, floored to 0.01%: "75.00%". */
void
payroll_add_rate(struct buf *b, int64_t num, int64_t den)
{
	int64_t bp = num / den;
	uint64_t mag;

	assert(den > 0);
	/* Floor, not truncate: a rate is never shown above what it is. */
	if (num % den != 0 && num < 0)
		bp--;
	/* The magnitude in unsigned arithmetic: -INT64_MIN has no int64_t. */
	mag = bp < 0 ? 0u - (uint64_t)bp : (uint64_t)bp;
	if (bp < 0)
		buf_addc(b, '-');
	buf_printf(b, "%llu.%02llu%%", (unsigned long long)(mag / 100),
	           (unsigned long long)(mag % 100));
}

/* A threshold or share as written in a scheme: "70%", "3,500元", "2台". */
void
payroll_add_bound(struct buf *b, const struct mdef *m, int64_t v)
{
	switch (m->unit) {
	case U_FEN:
		payroll_add_yuan(b, v);
		break;
	case U_BP:
		payroll_add_hundredths(b, v);
		buf_addc(b, '%');
		break;
	case U_SCORE:
		payroll_add_hundredths(b, v);
		buf_adds(b, "分");
		break;
	case U_COUNT:
		buf_printf(b, "%lld%s", (long long)v, m->suffix);
		break;
	}
}

void
payroll_add_value(struct buf *b, const struct mdef *m, const struct mval *v)
{
	if (m->unit == U_BP)
		payroll_add_rate(b, v->num, v->den);
	else
		payroll_add_bound(b, m, v->num);
	/* A figure received ready-made says so where a ratio shows parts. */
	if (m->unit != U_COUNT)
		buf_adds(b, m->suffix);
	if (v->parts == 1)
		buf_printf(b, "（%lld台 ÷ %lld台）", (long long)v->a,
		           (long long)v->b);
	else if (v->parts == 2) {
		buf_adds(b, "（");
		payroll_add_yuan(b, v->a);
		buf_adds(b, " ÷ ");
		payroll_add_yuan(b, v->b);
		buf_adds(b, "）");
	}
	buf_adds(b, v->note);
}

/* Does the text of v end in a full-width bracket (no space after it)? */
int
payroll_ends_bracket(const struct mdef *m, const struct mval *v)
{
	return v->parts || v->note[0] != '\0' ||
	       (m->unit != U_COUNT && m->suffix[0] != '\0');
}

const char *
payroll_label(const char *name, const char *code)
{
	return name != NULL && *name != '\0' ? name : code;
}

/* "任务完成率 75.00%（6台 ÷ 8台）", or for the rank "本月销量第1名（12台）". */
void
payroll_add_measure(struct buf *b, const char *lbl, const struct mdef *m,
                    const struct mval *v, const struct payroll_input *in)
{
	if (strcmp(m->code, "sales_rank") == 0) {
		buf_printf(b, "本月销量第%lld名（%lld台）", (long long)v->num,
		           (long long)payroll_count_items(in, FILTER_SETTLED));
		return;
	}
	buf_printf(b, "%s ", lbl);
	payroll_add_value(b, m, v);
}

/* A scale factor num/den as people write it: "80%", "2", "1/3". */
void
payroll_add_scale(struct buf *b, int64_t num, int64_t den)
{
	if (den == 1)
		buf_printf(b, "%lld", (long long)num);
	else if (den == 100)
		buf_printf(b, "%lld%%", (long long)num);
	else if (den == MONEY_BP_PER_UNIT) {
		payroll_add_hundredths(b, num);
		buf_addc(b, '%');
	} else
		buf_printf(b, "%lld/%lld", (long long)num, (long long)den);
}

/*
 * v in unit u as a payslip shows it: yuan, a rate, points (分), or a count
 * followed by suffix, with two decimals when hundredths is set.
 */
static void
add_unit_value(struct buf *b, enum munit u, const char *suffix, int hundredths,
               struct money_q v)
{
	struct money_q h = v;

	switch (u) {
	case U_FEN:
		payroll_add_yuan(b, money_q_round(v));
		break;
	case U_BP:
		payroll_add_rate(b, (int64_t)v.n, (int64_t)v.d);
		break;
	case U_SCORE:
		payroll_add_hundredths(b, money_q_round(v));
		buf_adds(b, "分");
		break;
	case U_COUNT:
		if (hundredths) {
			h.n *= 100;
			payroll_add_hundredths(b, money_q_round(h));
		} else
			buf_printf(b, "%lld", (long long)money_q_round(v));
		buf_adds(b, suffix);
		break;
	}
}

/* A value num/den of unit u with label, for a formula step; a count is
   shown whole. */
void
payroll_add_labelled(struct buf *b, const char *lbl, enum munit u,
                     const char *suffix, struct money_q v)
{
	if (lbl != NULL && *lbl != '\0')
		buf_printf(b, "%s ", lbl);
	add_unit_value(b, u, suffix, 0, v);
}

enum munit
payroll_unit_of(const char *s)
{
	if (s == NULL)
		return U_COUNT;
	if (strcmp(s, "fen") == 0)
		return U_FEN;
	if (strcmp(s, "bp") == 0)
		return U_BP;
	if (strcmp(s, "score") == 0)
		return U_SCORE;
	return U_COUNT;
}

/* The running value of a rule's steps: a count that is not whole, or is
   kept in hundredths, with two decimals. */
void
payroll_add_qvalue(struct buf *b, const struct vfmt *f, struct money_q v)
{
	add_unit_value(b, f->u, f->suffix, f->hundredths || v.d != 1, v);
}

void
payroll_add_cond(struct buf *b, const char *lbl, const char *code,
                 struct payroll_opt min, struct payroll_opt max,
                 const struct mval *v, const struct payroll_input *in)
{
	const struct mdef *m = payroll_mdef_find(code);
	const char *sp;

	if (strcmp(code, "on_probation") == 0) {
		/* A flag reads better as words than as "0 < 1". */
		buf_adds(b, v->num != 0 ? "试用期内" : "已转正");
		return;
	}
	if (strcmp(code, "part_month") == 0) {
		/* The dates say who joined or left; the days follow. */
		buf_adds(b, v->num != 0 ? "本月入职或离职" : "整月在职");
		return;
	}
	if ((strcmp(code, "csi_met") == 0 ||
	     strcmp(code, "ten_item_met") == 0) &&
	    strlen(v->note) > 6) {
		/* The score against the year's target says it all:
		   "CSI满意度 912分 ≥ 目标 900分", without its brackets. */
		buf_add(b, v->note + 3, strlen(v->note) - 6);
		return;
	}
	payroll_add_measure(b, payroll_label(lbl, code), m, v, in);
	if (strcmp(m->code, "sales_rank") == 0)
		return;
	sp = payroll_ends_bracket(m, v) ? "" : " ";
	if (min.set && max.set) {
		buf_adds(b, "，在 ");
		payroll_add_bound(b, m, min.v);
		buf_adds(b, "（含）至 ");
		payroll_add_bound(b, m, max.v);
		buf_adds(b, " 之间");
	} else if (min.set) {
		buf_printf(b, "%s≥ ", sp);
		payroll_add_bound(b, m, min.v);
	} else {
		buf_printf(b, "%s< ", sp);
		payroll_add_bound(b, m, max.v);
	}
}
