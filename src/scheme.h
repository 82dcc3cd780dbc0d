/* SPDX-License-Identifier: MIT */
/*
 * Pay schemes as a clerk sees them (hrpress scheme): list the schemes and
 * their versions, show one version as a table, export the numbers of a
 * version to CSV, import an edited CSV as a new version valid from a month,
 * and assign a scheme to a position or an employee from a month.
 *
 * Every editable number of a version is an item with a stable id:
 *   rule.CODE.amount | .ratio_num | .ratio_den | .cond_min | .cond_max |
 *     .cond2_min | .cond2_max          a column of pay_rule
 *   tier.TABLE.N.from | .value         the N-th row (1-based, in threshold
 *   tier.TABLE[KEY].N.from | .value    order) of a tier table (of one key)
 *   param.CODE | param.CODE[POSITION]  a pay_param value
 *   term.RULE.SEQ                      the constant of a const pay_term
 * Money is shown in yuan, bp as percent, centipoints as points. A version is
 * never changed: an import writes a new version, so months before it are
 * computed as before. docs/schemes.md is the user's manual.
 */
#ifndef HRP_SCHEME_H
#define HRP_SCHEME_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct diag;

/* How an item's value is written. */
enum scheme_unit {
	SCHEME_YUAN,    /* stored fen, written yuan ("3500", "2.5") */
	SCHEME_PERCENT, /* stored bp, written percent ("30", "12.5") */
	SCHEME_POINTS,  /* stored centipoints, written points */
	SCHEME_COUNT,   /* a whole number */
	SCHEME_FLAG     /* a whole number that selects a reading */
};

/* The CSV label of a unit: 元, %, 分, 数量, 选项. */
const char *scheme_unit_label(enum scheme_unit u);

/*
 * value (in the stored unit) as written in the CSV: no grouping, decimals
 * only when not whole ("3500", "3500.5", "12.25"). out holds 32 bytes.
 */
void scheme_format_value(enum scheme_unit u, int64_t value, char out[32]);

/*
 * Parse a cell written in unit u ("400", "400元", "¥400", "12.5%") into the
 * stored unit. Returns 0, or -1 with *why a phrase for the message.
 */
int scheme_parse_value(enum scheme_unit u, const char *s, int64_t *value,
                       const char **why);

/* Display width of UTF-8 text: 2 for CJK wide and fullwidth, else 1. */
size_t scheme_text_width(const char *s);

/*
 * Append to out every scheme with its versions (valid from) and who is on
 * it: positions, employees with an own scheme, dated assignments.
 */
int scheme_list(struct db *db, struct buf *out, struct diag *d);

/*
 * Append to out one version of scheme as an aligned table: its rules,
 * then every editable number with its note. version is a valid-from month
 * ("2015-01"), or NULL; month (or NULL) picks the version in force in that
 * month; with both NULL the latest version is shown.
 */
int scheme_show(struct db *db, const char *scheme, const char *version,
                const char *month, struct buf *out, struct diag *d);

/*
 * The CSV of a version (chosen as for scheme_show): UTF-8 with BOM, CRLF,
 * header 编号,说明,数值,单位,备注, one row per editable number.
 */
int scheme_export(struct db *db, const char *scheme, const char *version,
                  const char *month, struct buf *out, struct diag *d);

/*
 * Read an edited CSV (data, len bytes, read from file for messages; UTF-8
 * with or without BOM or GBK, LF or CRLF) and store a new version of
 * scheme valid from month from: a copy of the version in force in from
 * with the changed values. Refused, with file:line:column, when a row is
 * unknown, missing or repeated, a unit was changed or a value is not a
 * number; refused when from is not after every version of the scheme's
 * months already in force with a stored pay run on the scheme, unless
 * force; always refused when a closed month would change. Nothing is
 * written unless everything is right. *nchanged gets the number of values
 * changed; a summary line per change is appended to out.
 */
int scheme_import(struct db *db, const char *scheme, const char *file,
                  const char *data, size_t len, const char *from, int force,
                  struct buf *out, int *nchanged, struct diag *d);

/*
 * Put a position or an employee (exactly one of position, employee) on
 * scheme from month from (NULL: every month, the undated assignment).
 * Refused when months from then on have stored pay runs of the people it
 * moves (unless force), or are closed. A summary is appended to out.
 */
int scheme_assign(struct db *db, const char *scheme, const char *position,
                  const char *employee, const char *from, int force,
                  struct buf *out, struct diag *d);

#endif
