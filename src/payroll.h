/* SPDX-License-Identifier: MIT */
/*
 * The payroll engine: pay schemes stored as data (ordered rules and tier
 * tables of a scheme version) plus an employee's monthly measures give pay
 * lines, each with its amount in fen and a Chinese basis text. A pure layer
 * computes one employee without a database; payroll_run() does a whole month
 * and stores it in one transaction.
 */
#ifndef HRP_PAYROLL_H
#define HRP_PAYROLL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct diag;

/* ---- scheme data ---- */

/* One row of a tier table (table `tier`). */
struct payroll_tier {
	int64_t lo;       /* threshold, in the unit of the measure read */
	int lo_strict;    /* 1: value > lo; 0: value >= lo */
	int64_t value;    /* bp (tier_share) or fen (per_item_tier) */
	const char *note; /* reading adopted; "" or NULL when none */
};

/* The rows of one tier table of a scheme version. */
struct payroll_tier_table {
	const char *code;                 /* tier.table_code */
	const struct payroll_tier *tiers; /* ascending by (lo, lo_strict) */
	size_t ntiers;
};

/* An optional integer column: set = 0 stands for SQL NULL. */
struct payroll_opt {
	int set;
	int64_t v;
};

/* What a rule computes; see `calc` in src/schema.sql. */
enum payroll_calc {
	PAYROLL_FIXED,
	PAYROLL_MEASURE,
	PAYROLL_PER_UNIT,
	PAYROLL_TIER_SHARE,
	PAYROLL_PER_ITEM_TIER,
	PAYROLL_ITEM_RATIO
};

enum payroll_category {
	PAYROLL_EARNING,  /* part of gross pay */
	PAYROLL_AWARD,    /* part of gross pay, shown apart */
	PAYROLL_DEDUCTION /* subtracted from gross pay */
};

/*
 * One rule (table `pay_rule`). The text fields are borrowed and must outlive
 * the rule; NULL stands for SQL NULL. The fields after `note` are labels
 * (measure.name) for basis texts, NULL meaning "use the code". The last
 * block is filled by payroll_rule_prepare().
 */
struct payroll_rule {
	int seq;                       /* order within the version */
	const char *code;              /* pay_rule.code, unique per version */
	const char *name;              /* line name shown on the payslip */
	const char *category;          /* "earning", "award", "deduction" */
	const char *calc;              /* "fixed", "measure", ... */
	const char *measure;           /* measure or item field read */
	const char *tier_table;        /* tier.table_code */
	const char *tier_measure;      /* measure that selects the tier */
	struct payroll_opt amount_fen; /* fixed / per_unit amount */
	struct payroll_opt ratio_num;  /* item_ratio numerator */
	struct payroll_opt ratio_den;  /* item_ratio denominator, > 0 */
	const char *item_filter;       /* which cars an item rule sums */
	const char *cond_measure;      /* condition measure or NULL */
	struct payroll_opt cond_min;   /* cond_min <= value (inclusive) */
	struct payroll_opt cond_max;   /* value < cond_max (exclusive) */
	const char *note;              /* reading adopted, not computed */
	const char *measure_name;
	const char *tier_measure_name;
	const char *cond_measure_name;
	/* set by payroll_rule_prepare() */
	enum payroll_calc calc_kind;
	enum payroll_category category_kind;
	int filter_kind;                        /* private to payroll.c */
	const struct payroll_tier_table *tiers; /* resolved tier_table */
};

/*
 * Check that rule r is a combination the engine knows (calc kind with exactly
 * the columns it uses, known measures of the right unit, tier table present
 * among tables[0..n), den > 0, a condition with a measure and a bound) and
 * resolve its kinds and tier table. Returns 0, or -1 with *why set to a
 * static English reason.
 */
int payroll_rule_prepare(struct payroll_rule *r,
                         const struct payroll_tier_table *tables, size_t n,
                         const char **why);

/*
 * The row of table t reached by the exact rational value num / den (den > 0):
 * the greatest (lo, lo_strict) with value >= lo (value > lo if strict).
 * Returns its index, or -1 if no row is reached.
 */
int payroll_tier_find(const struct payroll_tier_table *t, int64_t num,
                      int64_t den);

/* ---- one employee's month ---- */

/* One car of the month sold by the employee (table `vehicle_sale`). */
struct payroll_item {
	int64_t price_fen;      /* price_fen */
	int64_t loan_fee_fen;   /* loan handling fee collected */
	int64_t acc_margin_fen; /* accessories price - cost; may be < 0 */
	int network;            /* channel = 'network' */
	int settled;            /* only settled cars count */
	int insured;            /* insured through the store */
	int full_cover;         /* all five basic covers */
	int financed;           /* bought on a loan */
};

/* A stored measure (table `month_fact`). */
struct payroll_fact {
	const char *measure;
	int64_t value;
};

/* Everything the measures of one employee and month are computed from. */
struct payroll_input {
	const char *employee_id;
	const char *month; /* "YYYY-MM" */
	int64_t base_fen;  /* employee.base_fen */
	int64_t perf_fen;  /* employee.perf_fen */
	const struct payroll_fact *facts;
	size_t nfacts;
	const struct payroll_item *items; /* every car of the month */
	size_t nitems;
	int64_t sales_rank;     /* from payroll_rank(); 0 = no units */
	int has_scorecard;      /* kpi_score rows exist */
	int64_t scorecard_x100; /* sum of their points_x100 */
};

/* A computed pay line; basis lives in the arena given to the computation. */
struct payroll_line {
	const struct payroll_rule *rule;
	int64_t amount_fen; /* rounded to the fen, >= 0 normally */
	const char *basis;  /* e.g. "5台 × 100元（五项全保台数）" */
};

/* One employee's lines (only rules whose condition holds) and totals. */
struct payroll_slip {
	struct payroll_line *lines; /* arena, rule order */
	size_t nlines;
	int64_t gross_fen;     /* earnings + awards */
	int64_t deduction_fen; /* deductions */
	int64_t net_fen;       /* gross - deductions */
};

/*
 * Value of measure code for in, as the exact rational *num / *den (den > 0;
 * bp measures that are ratios, like completion_bp, have den != 1). Returns 0;
 * DIAG_PAY_NO_FACTS when a stored fact it needs is missing (or units_target
 * is not > 0), with *what naming it ("units_target"); DIAG_PAY_BAD_RULE for an
 * unknown or item-only code. *what is static or points into in.
 */
int payroll_measure(const struct payroll_input *in, const char *code,
                    int64_t *num, int64_t *den, const char **what);

/*
 * Compute one prepared rule. *applies is 0 when its condition does not hold
 * (no line). Otherwise the amount is rounded once (half away from zero) and
 * *basis is a Chinese text in arena a. Returns 0, or a diag code
 * (DIAG_PAY_NO_FACTS, DIAG_PAY_OVERFLOW) with *what explaining it.
 */
int payroll_line_compute(const struct payroll_rule *r,
                         const struct payroll_input *in, struct arena *a,
                         int *applies, int64_t *amount_fen, const char **basis,
                         const char **what);

/*
 * Compute every rule of rules[0..n) (prepared, in order) into *out (arena a).
 * Returns 0, or a diag code with *what (arena a) listing every problem
 * found, e.g. "units_target" or "units_target, attend_days".
 */
int payroll_compute(const struct payroll_rule *rules, size_t n,
                    const struct payroll_input *in, struct arena *a,
                    struct payroll_slip *out, const char **what);

/*
 * Standard competition ranking by units, descending: rank[i] = 1 + the number
 * of units[j] > units[i]; 0 when units[i] <= 0.
 */
void payroll_rank(const int64_t *units, size_t n, int64_t *rank);

/*
 * Yuan text of fen for basis texts: "3,000元" for whole yuan, else
 * "1,234.50元". out must hold 48 bytes. Returns out.
 */
char *payroll_yuan(int64_t fen, char *out, size_t size);

/* ---- a month's run ---- */

/* Totals of one department, or of the whole run. */
struct payroll_total {
	const char *department_id; /* NULL for the grand total */
	const char *department_name;
	int headcount; /* employees paid */
	int64_t gross_fen;
	int64_t deduction_fen;
	int64_t net_fen;
};

struct payroll_summary {
	const char *month;
	struct payroll_total *depts; /* by department.sort, id */
	size_t ndepts;
	struct payroll_total total;
	struct arena *arena; /* owns everything above */
};

/*
 * Compute month ("YYYY-MM") for every employee employed during it, under the
 * scheme version in force, and store it: in one transaction, the month's
 * previous pay_run is deleted and pay_run, pay_slip and pay_line rows are
 * inserted. All or nothing: if any rule is invalid or any employee cannot be
 * computed, every problem is reported and nothing is written. On success
 * returns 0 and, if out is non-NULL, a summary the caller frees with
 * payroll_summary_free(). Returns -1 after reporting.
 */
int payroll_run(struct db *db, const char *month, struct payroll_summary **out,
                struct diag *d);
void payroll_summary_free(struct payroll_summary *s);

#endif
