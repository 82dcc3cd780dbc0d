/* SPDX-License-Identifier: MIT */
/*
 * Shared by payroll*.c only: the state of one month's run (employees, the
 * scheme versions in force, the statutory data of the tax year) and the
 * helpers the engine, the statutory deductions and the database layer lend
 * each other. Not an interface for other modules.
 */
#ifndef HRP_PAYROLL_INT_H
#define HRP_PAYROLL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "money.h"
#include "payroll.h"

struct arena;
struct buf;
struct diag;

/* ---- the engine's catalogue (payroll.c) ---- */

/* The unit of a measure. */
enum munit { U_FEN, U_BP, U_COUNT, U_SCORE };

/* Where a measure comes from. */
enum msrc {
	SRC_FACT,     /* month_fact row */
	SRC_EMPLOYEE, /* employee column */
	SRC_DERIVED,  /* computed from cars, facts or the scorecard */
	SRC_ITEM,     /* a field of one car, read by item rules only */
	SRC_STORE     /* store_fact row of the month */
};

/*
 * How each measure of the schema's catalogue is obtained. The Chinese labels
 * are data (measure.name); only the unit suffix of counts lives here, as it
 * depends on what is counted.
 */
struct mdef {
	const char *code;
	enum munit unit;
	enum msrc src;
	const char *suffix; /* after a count: 台, 天, 名; after a figure
	                     * received ready-made: （DMS 提供） */
};

/* Which cars an item rule reads (pay_rule.item_filter). */
enum filter {
	FILTER_SETTLED, /* NULL or 'settled': settled showroom cars */
	FILTER_FINANCED,
	FILTER_INSURED,
	FILTER_FULL_COVER,
	FILTER_NETWORK /* settled network orders */
};

/* A measure's value num / den, and for ratios the two counts behind it. */
struct mval {
	int64_t num;
	int64_t den; /* > 0 */
	int parts;   /* a ÷ b is worth showing: 1 in cars, 2 in fen */
	int64_t a, b;
	char note[320]; /* shown after the value, e.g. "（无指标）"; "" none */
};

/* How the running value of a rule's steps prints: its unit so far. */
struct vfmt {
	int known; /* 0: no unit (a bare scale); print no value */
	enum munit u;
	const char *suffix; /* after a count */
	int hundredths;     /* a count kept in hundredths, like 21.75 days */
};

/* The catalogue's measure code, or NULL. */
const struct mdef *payroll_mdef_find(const char *code);
/* How many cars of the month's items pass filter. */
int64_t payroll_count_items(const struct payroll_input *in, int filter);
/* Set *what = code and return DIAG_PAY_OVERFLOW. */
int payroll_overflow(const char *code, const char **what);

/* ---- basis texts (payroll_basis.c) ---- */

/* Append payroll_yuan(fen) to b: "3,000元", "1,234.50元". */
void payroll_add_yuan(struct buf *b, int64_t fen);
/* Append v hundredths as a number without trailing zeros: "8", "0.5". */
void payroll_add_hundredths(struct buf *b, int64_t v);
/* Append the rate num/den (basis points) as a percentage: "75.00%". */
void payroll_add_rate(struct buf *b, int64_t num, int64_t den);
/* Append a bound v of measure m in the measure's unit. */
void payroll_add_bound(struct buf *b, const struct mdef *m, int64_t v);
/* Append the value v of measure m with the figures behind it. */
void payroll_add_value(struct buf *b, const struct mdef *m,
                       const struct mval *v);
/* Does the text of v end in a full-width bracket (no space after it)? */
int payroll_ends_bracket(const struct mdef *m, const struct mval *v);
/* name, or code when name is NULL or "". */
const char *payroll_label(const char *name, const char *code);
/* "任务完成率 75.00%（6台 ÷ 8台）", or for the rank "本月销量第1名（12台）". */
void payroll_add_measure(struct buf *b, const char *lbl, const struct mdef *m,
                         const struct mval *v, const struct payroll_input *in);
/* A scale factor num/den as people write it: "80%", "2", "1/3". */
void payroll_add_scale(struct buf *b, int64_t num, int64_t den);
/* A value v of unit u (suffix after a count) with label, for a formula
   step. */
void payroll_add_labelled(struct buf *b, const char *lbl, enum munit u,
                          const char *suffix, struct money_q v);
/* The condition (measure code, min, max) of a rule with the value v it
   was tested on: "任务完成率 75.00%（6台 ÷ 8台）≥ 60.00%". */
void payroll_add_cond(struct buf *b, const char *lbl, const char *code,
                      struct payroll_opt min, struct payroll_opt max,
                      const struct mval *v, const struct payroll_input *in);
/* The unit of a parameter or tier value ("fen", "bp", ...), as enum munit. */
enum munit payroll_unit_of(const char *s);
/* The running value v of a rule's steps in its unit f. */
void payroll_add_qvalue(struct buf *b, const struct vfmt *f, struct money_q v);

/* ---- a month's run (payroll_db.c) ---- */

/* A scheme version in force for the month, with its prepared rules. */
struct pay_version {
	const char *scheme_id;
	int64_t id; /* scheme_version.id; 0: none */
	const char *valid_from;
	struct payroll_rule *rules;
	size_t nrules;
	struct payroll_tier_table *tables;
	size_t ntables;
	struct db_rows params; /* code, position_id, name, unit, value */
	int grouped;           /* a rule reads other employees' lines */
	int bad;               /* a rule was reported invalid */
};

struct pay_emp {
	const char *id;
	const char *name;
	const char *city;
	const char *hire_date;
	const char *probation_end;
	const char *scheme_id; /* NULL: neither employee nor post */
	const char *position_id;
	const char *dept_id;
	const char *dept_name;
	const char *store_id;
	struct pay_version *ver;
	struct payroll_input in;
	struct payroll_fact *facts; /* in.facts, filled in a second pass */
	struct payroll_item *items; /* in.items, likewise */
	struct payroll_slip slip;
	const char *failure;    /* why it could not be computed, or NULL */
	const char *failure_zh; /* the same in Chinese, for printed pages */
};

/* Everything one run holds; freed with the arena. */
struct pay_run {
	struct db *db;
	const char *month; /* "YYYY-MM" */
	struct month m;    /* month, parsed */
	struct arena *a;
	struct diag *d;
	struct pay_emp *emps; /* in department order */
	size_t nemps;
	struct pay_emp **by_id; /* sorted by id, for lookups */
	struct pay_version *vers;
	size_t nvers;
	int accept_missing;  /* store the others; failures are warnings */
	size_t nno_base;     /* employees with rates but no si_base */
	const char *no_base; /* the first five of them, "B001, B002" */
	struct payroll_failure *dropped; /* employed, but not loadable */
	size_t ndropped;
};

/* ---- statutory deductions of a run (payroll_statutory.c) ---- */

/* Statutory deduction data of the run's tax year. */
struct pay_statutory {
	struct db_rows rates; /* si_rate of the year */
	struct db_rows bases; /* si_base of the year */
	struct db_rows
	    earlier;          /* per employee: gross, si, tax of earlier runs */
	struct db_rows extra; /* per employee: special additional, to date */
	struct db_rows
	    openings; /* per employee: iit_opening before the month */
	struct payroll_iit_bracket *brackets;
	size_t nbrackets;
	int64_t threshold_fen;
	struct month m; /* of the run */
};

/*
 * Load the statutory data of run's tax year into *st (arena run->a): social
 * insurance rates and bases, the tax table and threshold, the earlier runs'
 * figures; warn (DIAG_PAY_NO_RUN) about each earlier month without a run.
 * A missing tax table is reported (DIAG_PAY_NO_RATES) and leaves
 * st->nbrackets 0. Returns -1 after a database failure.
 */
int payroll_statutory_load(struct pay_run *run, struct pay_statutory *st);

/*
 * Append e's social insurance, housing fund and income tax lines to its
 * slip. Returns 0, or a diag code with *what (static or arena) set.
 */
int payroll_statutory_deduct(struct pay_run *run,
                             const struct pay_statutory *st, struct pay_emp *e,
                             const char **what);

/*
 * The months after run->month of the same tax year that have a stored run,
 * as "2025-02, 2025-03" in *months (arena run->a), or NULL when there are
 * none. Their income tax was withheld on the figures of run->month as they
 * were before this run. Returns -1 after a database failure.
 */
int payroll_statutory_later(struct pay_run *run, const char **months);

#endif
