/* SPDX-License-Identifier: MIT */
/*
 * Closing a month: a reviewed month is locked (table month_lock) so that
 * nothing alters its stored pay run until it is reopened with a reason;
 * every close and reopen is appended to month_audit. Commands that would
 * change a month's data or run call closing_check() first.
 */
#ifndef HRP_CLOSING_H
#define HRP_CLOSING_H

#include <stddef.h>

struct db;
struct diag;

/*
 * Is month ("YYYY-MM") closed? Returns 0 when it is open, or -1 after
 * reporting DIAG_MONTH_CLOSED naming the month, what was refused (what,
 * e.g. "import of facts"; NULL = "this change") and the command that
 * reopens it, or after reporting a database error. Works on a database
 * opened read-only.
 */
int closing_check(struct db *db, const char *month, const char *what,
                  struct diag *d);

/*
 * The same for a change in force in the months from .. to (both "YYYY-MM",
 * inclusive; to NULL = no end), e.g. a scheme version valid from a month or
 * a contribution base of a year: refused when any closed month is in the
 * range (the first one is named).
 */
int closing_check_range(struct db *db, const char *from, const char *to,
                        const char *what, struct diag *d);

/* 1 if month is closed, 0 if open, -1 after reporting a database error. */
int closing_is_closed(struct db *db, const char *month, struct diag *d);

/*
 * Lock month, recording user and note (may be NULL) in month_lock and a
 * 'close' row in month_audit, in one transaction. Refused (DIAG_MONTH_CLOSE)
 * when the month has no stored pay run or is already closed. Staleness of
 * the run is the caller's check. Returns 0 or -1 after reporting.
 */
int closing_close(struct db *db, const char *month, const char *user,
                  const char *note, struct diag *d);

/*
 * Unlock month, recording user and reason (must not be empty) as a
 * 'reopen' row of month_audit. Refused (DIAG_MONTH_CLOSE) when the month
 * is not closed or reason is empty. Returns 0 or -1 after reporting.
 */
int closing_reopen(struct db *db, const char *month, const char *user,
                   const char *reason, struct diag *d);

/* ---- stale runs ---- */

/*
 * Record with pay run run_id of month the change counters (table
 * data_change) of every input it read, into pay_run_input. Called by the
 * payroll run inside its transaction, after the run's rows are stored.
 * Returns 0 or -1 after reporting.
 */
int closing_snapshot(struct db *db, long long run_id, const char *month,
                     struct diag *d);

/*
 * May the stored run of month be printed? 0 when it exists and no input it
 * read (staff, facts, sales, KPI results, store figures, schemes, rates,
 * deductions, year-to-date openings, the earlier runs of the tax year) has
 * changed since it was computed, or when the month is closed (the locked
 * run is the record). Otherwise -1 after reporting DIAG_PAY_NOT_STORED
 * ("no payroll stored for M: run hrpress payroll DB --month M first") or
 * DIAG_PAY_STALE naming what changed and the command that recomputes; with
 * warn_only, DIAG_PAY_STALE_WARN is reported instead and 0 returned. One
 * query over a table of a few dozen rows: cheap for any number of staff.
 */
int closing_run_fresh(struct db *db, const char *month, int warn_only,
                      struct diag *d);

/*
 * Is employee (an --employee argument) known, and, with need_slip, on the
 * stored run of month? Returns 0, or -1 after reporting
 * DIAG_CLI_UNKNOWN_EMPLOYEE saying which (or a database error).
 */
int closing_check_employee(struct db *db, const char *month,
                           const char *employee, int need_slip, struct diag *d);

/*
 * The user to record: $USER, else $LOGNAME, else the name of the
 * effective user id in the password database, else getlogin(), else
 * "unknown". The string is static, the environment's or getpwuid()'s
 * (valid until the next getpw* call); do not free it.
 */
const char *closing_user(void);

#endif
