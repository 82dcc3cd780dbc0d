/* SPDX-License-Identifier: MIT */
/*
 * Who a month's documents cover: the stores and the employees that have a
 * payslip (the stored pay run) or a scorecard (KPI results) in month M.
 * The queries behind split batches (--split store|employee) and the
 * archive, read from a database opened with db.h.
 */
#ifndef HRP_PEOPLE_H
#define HRP_PEOPLE_H

#include <stddef.h>

#include "month.h"

struct arena;
struct db;
struct diag;

/* A kind of per-employee document, by the records it prints. */
enum people_kind {
	PEOPLE_PAYSLIP,  /* a slip of the month's stored pay run (pay_slip) */
	PEOPLE_SCORECARD /* one KPI result of the month or more (kpi_result) */
};

/* An employee a document covers, with what distribution needs. */
struct people_employee {
	const char *id;            /* employee.id; NULL if not text */
	const char *name;          /* "" if not text */
	const char *email;         /* "" when not known */
	const char *password;      /* payslip_password, "" when not set */
	const char *id_number;     /* 身份证号, "" when not known */
	const char *department_id; /* of the position; NULL if not text */
};

/*
 * The ids of the stores (by the department of each employee's position)
 * that have a document of kind in month m, in id order, into *ids[0..*n):
 * the array and the strings live in a until arena_free(). An id is NULL
 * where the database holds no text (only a damaged database). None is
 * *n = 0. Returns 0, or -1 after reporting the database error into d.
 */
int people_stores(struct db *db, enum people_kind kind, struct month m,
                  struct arena *a, const char ***ids, size_t *n,
                  struct diag *d);

/*
 * The employees that have a document of kind in month m, each once, in id
 * order, into *out[0..*n), living in a as for people_stores(). Returns 0,
 * or -1 after reporting.
 */
int people_employees(struct db *db, enum people_kind kind, struct month m,
                     struct arena *a, struct people_employee **out, size_t *n,
                     struct diag *d);

#endif
