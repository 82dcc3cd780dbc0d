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

#include "month.h"

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
	const char *key;  /* model or class of 2-D tables; NULL or "" none */
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
	PAYROLL_ITEM_RATIO,
	PAYROLL_TIER_VALUE,
	PAYROLL_FORMULA,
	PAYROLL_TOP_UP
};

/* A named figure of a scheme version (table `pay_param`). */
struct payroll_param {
	const char *code;
	const char *name; /* label in basis texts */
	const char *unit; /* "fen", "bp", "count", "score", "flag" */
	int64_t value;
};

/*
 * One step of a rule's amount (table `pay_term`): value = value OP operand
 * x num / den. Text fields are borrowed like the rule's.
 */
struct payroll_term {
	int seq;
	const char *op;         /* add sub mul div min max */
	const char *source;     /* const measure param tier group */
	const char *ref;        /* measure, param or rule code */
	const char *tier_table; /* source tier: the table */
	int64_t num, den;       /* den > 0 */
	const char *when_param; /* NULL: always */
	int64_t when_mask;
	const char *ref_name; /* measure.name of ref, or NULL */
	const struct payroll_tier_table *tiers; /* set by prepare */
	const char *subtotal; /* names the value after this step, or NULL */
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
	const char *item_key;      /* NULL, "model" or "class" */
	const char *cond2_measure; /* a second condition, ANDed */
	struct payroll_opt cond2_min;
	struct payroll_opt cond2_max;
	const char *cond2_measure_name;
	struct payroll_term *terms; /* applied in order; may be NULL */
	size_t nterms;
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
	int64_t margin_fen;     /* bare-car gross margin */
	int64_t over_limit_fen; /* price above the price limit, >= 0 */
	const char *model;      /* vehicle_sale.model; NULL = "" */
	const char *car_class;  /* vehicle_model.class; NULL = "" */
};

/* A stored measure (table `month_fact`). */
struct payroll_fact {
	const char *measure;
	int64_t value;
};

/* Everything the measures of one employee and month are computed from. */
/*
 * The after-sales department's targets of a year (table service_target)
 * for one store, in fen and centipoints; 0 = not set.
 */
struct payroll_target {
	int year;
	int64_t output_fen;        /* 第一目标 总产值, annual */
	int64_t output2_fen;       /* 第二目标 总产值, annual */
	int64_t csi_min_x100;      /* CSI满意度 at least */
	int64_t ten_item_min_x100; /* 十项调查 at least */
};

struct payroll_input {
	const char *employee_id;
	struct month month; /* the month computed; year 0: not given */
	int64_t base_fen;   /* employee.base_fen */
	int64_t perf_fen;   /* employee.perf_fen */
	const struct payroll_fact *facts;
	size_t nfacts;
	const struct payroll_item *items; /* every car of the month */
	size_t nitems;
	int64_t sales_rank;     /* from payroll_rank(); 0 = no units */
	int has_scorecard;      /* kpi_score rows exist */
	int64_t scorecard_x100; /* sum of their points_x100 */
	/* added for the later schemes; zero/NULL when unused */
	const struct payroll_fact *store_facts; /* table store_fact */
	size_t nstore_facts;
	const struct payroll_param *params; /* resolved for the position */
	size_t nparams;
	const struct payroll_fact *group_totals; /* rule code -> sum, fen */
	size_t ngroup_totals;
	int64_t grade;              /* employee.grade */
	int64_t service_years;      /* completed years at the month's end */
	int on_probation;           /* in probation at the month's end */
	int64_t position_headcount; /* paid employees of the position */
	/* employment dates, "YYYY-MM-DD"; NULL or "" = not set */
	const char *hire_date;  /* employee.hire_date */
	const char *leave_date; /* employee.leave_date; NULL: still employed */
	/* the after-sales targets of the employee's store and year, or NULL */
	const struct payroll_target *target;
	/* the split of the store's month output target among the advisors
	   whose version has the flag sa_target_share: this employee's weight
	   (0: takes no share) and the sum of the weights of the month */
	int64_t share_weight;
	int64_t share_total;
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
 * is 0 and the version has no parameter no_target_completion_bp, or a date of
 * the employee is not YYYY-MM-DD), with *what naming it ("units_target",
 * "hire_date"); DIAG_PAY_BAD_RULE for an unknown or item-only code or a
 * missing parameter. *what is static or points into in.
 * completion_bp is the fact completion_in_bp when the employee has one.
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

/* ---- statutory deductions ---- */

/* One social-insurance or housing-fund item of a city and year. */
struct payroll_si_rate {
	const char *item; /* pension, medical, unemployment, housing */
	const char *name; /* line name, e.g. 养老保险 */
	int64_t rate_bp;
	int64_t fixed_fen;
	int64_t base_min_fen, base_max_fen;
	int64_t round_fen; /* 1, 10 or 100 */
};

/*
 * The employee's contribution for one item: base clamped to the city's
 * floor and ceiling, times the rate, plus the fixed amount, rounded half
 * away from zero to round_fen. *basis in arena a. Returns 0 or
 * DIAG_PAY_OVERFLOW.
 */
int payroll_si(const struct payroll_si_rate *r, int64_t base_fen,
               struct arena *a, int64_t *amount_fen, const char **basis);

/* A row of the annual withholding table; has_upto 0 = no upper limit. */
struct payroll_iit_bracket {
	int has_upto;
	int64_t upto_fen; /* inclusive upper bound of cumulative income */
	int64_t rate_bp;
	int64_t quick_fen;
};

/* Cumulative figures of the tax year up to and including this month. */
struct payroll_iit_input {
	int64_t gross_fen;     /* cumulative wages */
	int months;            /* months employed this year */
	int64_t threshold_fen; /* 5,000 a month */
	int64_t special_fen;   /* cumulative social insurance + housing fund */
	int64_t extra_fen;     /* cumulative special additional deductions */
	int64_t withheld_fen;  /* tax withheld in earlier months */
	const struct payroll_iit_bracket *brackets; /* ascending */
	size_t nbrackets;
};

/*
 * Tax to withhold this month by the cumulative method: cumulative taxable
 * income (never below 0) x rate - quick deduction - tax already withheld,
 * never below 0. Returns 0 or DIAG_PAY_OVERFLOW; *basis in arena a.
 */
int payroll_iit(const struct payroll_iit_input *in, struct arena *a,
                int64_t *tax_fen, const char **basis);

/* ---- a month's run ---- */

/* An employee the run could not compute, and why. */
struct payroll_failure {
	const char *employee_id;
	const char *name;
	const char *reason;    /* English, as in the diagnostic */
	const char *reason_zh; /* Chinese, as printed pages show it */
};

/* Totals of one department, or of the whole run. */
struct payroll_total {
	const char *department_id; /* NULL for the grand total */
	const char *department_name;
	int headcount; /* employees paid */
	int64_t gross_fen;
	int64_t deduction_fen; /* all deductions, tax included */
	int64_t si_fen;        /* social insurance and housing fund */
	int64_t tax_fen;       /* individual income tax */
	int64_t net_fen;
};

struct payroll_summary {
	const char *month;
	struct payroll_total *depts; /* by department.sort, id */
	size_t ndepts;
	struct payroll_total total;
	struct payroll_failure *failed; /* employees not computed */
	size_t nfailed;
	struct arena *arena; /* owns everything above */
};

/*
 * Compute month ("YYYY-MM") for every employee employed during it, under the
 * scheme version in force, and store it: in one transaction, the month's
 * previous pay_run is deleted and pay_run, pay_slip and pay_line rows are
 * inserted. All or nothing: if any rule is invalid or any employee cannot be
 * computed, every problem is reported and nothing is written. On success
 * returns 0 and, if out is non-NULL, a summary the caller frees with
 * payroll_summary_free(). Returns -1 after reporting; then *out, if
 * non-NULL, is a summary with no totals whose failed[] lists every employee
 * that could not be computed (nfailed may be 0 when the failure was not an
 * employee's, e.g. an invalid rule), or NULL. Statutory deductions (social
 * insurance, housing fund, income tax) are appended after the scheme's
 * lines; income tax reads the stored runs of the earlier months of the
 * year (a month without a run counts as no wages, with a warning). Later
 * months are never recomputed: if later months of the same tax year have
 * stored runs, a stored run is followed by a warning (DIAG_PAY_LATER_RUNS)
 * naming them, since their tax used this month's earlier figures.
 */
int payroll_run(struct db *db, const char *month, struct payroll_summary **out,
                struct diag *d);
/*
 * The same; with accept_missing, an employee who cannot be computed (or
 * whose position, department or store does not exist) is reported as the
 * warning DIAG_PAY_NOT_COMPUTED instead of an error, is not paid, and the
 * others are stored; the summary's failed[] lists who was not paid and
 * why. Without it, any such employee stops the run (nothing stored).
 */
int payroll_run_accept(struct db *db, const char *month, int accept_missing,
                       struct payroll_summary **out, struct diag *d);
void payroll_summary_free(struct payroll_summary *s);

/* A stored pay line, for export. */
struct payroll_stored_line {
	const char *employee_id;
	const char *employee_name;
	int seq;
	const char *rule_code;
	const char *name;
	const char *category;
	const char *basis;
	int64_t amount_fen;
};

/* The heading of the employees a run did not compute (--accept-missing). */
#define PAYROLL_UNPAID_NAME "未计算（本月不发放）"

/*
 * The stored run of month, line by line (department order, then employee
 * and seq), without computing anything, then one line per employee the run
 * did not compute (--accept-missing, table pay_unpaid; by id): seq 0,
 * rule_code and category "unpaid", name PAYROLL_UNPAID_NAME, basis the
 * reason, amount 0. Strings live in arena a. Returns the number of lines
 * (0 if the month has no run: *found = 0), or -1 after reporting.
 */
long payroll_stored(struct db *db, const char *month, struct arena *a,
                    struct payroll_stored_line **out, int *found,
                    struct diag *d);

#endif
