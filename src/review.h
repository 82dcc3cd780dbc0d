/* SPDX-License-Identifier: MIT */
/*
 * Review before printing: a month's stored pay run against another month's
 * (工资变动表), per employee (gross and net, joiners and leavers) and per
 * pay line that changed by more than a threshold, with the basis text that
 * explains the new amount. The same queries are in
 * templates/payroll-changes.xml.
 */
#ifndef HRP_REVIEW_H
#define HRP_REVIEW_H

#include <stdint.h>
#include <stdio.h>

struct db;
struct diag;

/*
 * Print to out the comparison of month's stored run with prev's: every
 * employee, then every line that changed by more than threshold_yuan (and,
 * when pct >= 0, by more than pct percent of its old amount). Both runs
 * must be stored and month's up to date (closing_run_fresh(); prev's only
 * warns), except when prev is before the store's first month (no run and
 * no monthly data up to prev): then a note says so and every employee is
 * listed as without last month's pay. Returns 0, or -1 after reporting.
 */
int review_compare(struct db *db, const char *month, const char *prev,
                   int64_t threshold_yuan, int64_t pct, FILE *out,
                   struct diag *d);

#endif
