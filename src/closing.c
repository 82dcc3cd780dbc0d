/* SPDX-License-Identifier: MIT */
/*
 * Closing and reopening months (closing.h): month_lock holds the closed
 * months, month_audit every close and reopen.
 */
#include "closing.h"
#include <pwd.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "xmem.h"

/* The first closed month of from .. to into buf (size 8), or "". */
static int
first_closed(struct db *db, const char *from, const char *to, char *buf,
             struct diag *d)
{
	static const char sql[] =
	    "SELECT month FROM month_lock WHERE month >= :m "
	    "AND month <= :to ORDER BY month LIMIT 1";
	struct db_param p[2];
	struct db_rows rows;
	struct arena *a = arena_new();
	const struct fmt_value *v;
	int rc;

	p[0] = db_param_text("m", from);
	p[1] = db_param_text("to", to != NULL ? to : "9999-99");
	buf[0] = '\0';
	rc = db_query(db, sql, NULL, p, 2, a, &rows, d);
	if (rc == 0 && rows.nrows > 0) {
		v = db_cell(&rows, 0, 0);
		if (v->type == FMT_V_TEXT && strlen(v->s) == 7)
			memcpy(buf, v->s, 8);
	}
	arena_free(a);
	return rc;
}

static int
refuse(struct db *db, const char *month, const char *what, struct diag *d)
{
	diag_report(d, DIAG_MONTH_CLOSED, NULL,
	            "%s is closed, %s refused: to change it, first run "
	            "hrpress reopen %s --month %s --reason \"...\"",
	            month, what != NULL ? what : "this change", db_path(db),
	            month);
	return -1;
}

int
closing_check(struct db *db, const char *month, const char *what,
              struct diag *d)
{
	char found[8];

	if (first_closed(db, month, month, found, d) < 0)
		return -1;
	if (found[0] == '\0')
		return 0;
	return refuse(db, found, what, d);
}

int
closing_check_range(struct db *db, const char *from, const char *to,
                    const char *what, struct diag *d)
{
	char found[8];

	if (first_closed(db, from, to, found, d) < 0)
		return -1;
	if (found[0] == '\0')
		return 0;
	return refuse(db, found, what, d);
}

int
closing_is_closed(struct db *db, const char *month, struct diag *d)
{
	char found[8];

	if (first_closed(db, month, month, found, d) < 0)
		return -1;
	return found[0] != '\0';
}

static void
now_utc(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
closing_close(struct db *db, const char *month, const char *user,
              const char *note, struct diag *d)
{
	static const char sql_run[] =
	    "SELECT count(*) FROM pay_run WHERE month = :m";
	static const char sql_lock[] =
	    "INSERT INTO month_lock (month, closed_at, closed_by, note) "
	    "VALUES (:m, :at, :by, :note)";
	static const char sql_audit[] =
	    "INSERT INTO month_audit (month, action, at, by_user, reason) "
	    "VALUES (:m, 'close', :at, :by, :note)";
	struct db_param p[4];
	struct db_rows rows;
	struct arena *a;
	char at[32];
	int rc, closed;

	closed = closing_is_closed(db, month, d);
	if (closed < 0)
		return -1;
	if (closed) {
		diag_report(
		    d, DIAG_MONTH_CLOSE, NULL,
		    "%s is already closed (hrpress reopen %s --month %s "
		    "--reason \"...\" reopens it)",
		    month, db_path(db), month);
		return -1;
	}
	a = arena_new();
	p[0] = db_param_text("m", month);
	rc = db_query(db, sql_run, NULL, p, 1, a, &rows, d);
	if (rc == 0 && db_cell(&rows, 0, 0)->i == 0) {
		diag_report(d, DIAG_MONTH_CLOSE, NULL,
		            "no payroll stored for %s: run hrpress payroll %s "
		            "--month %s first, review it, then close",
		            month, db_path(db), month);
		rc = -1;
	}
	arena_free(a);
	if (rc < 0)
		return -1;
	now_utc(at, sizeof(at));
	p[1] = db_param_text("at", at);
	p[2] = db_param_text("by", user);
	p[3] = db_param_text("note", note != NULL ? note : "");
	if (db_begin(db, d) < 0)
		return -1;
	if (db_query(db, sql_lock, NULL, p, 4, NULL, NULL, d) < 0 ||
	    db_query(db, sql_audit, NULL, p, 4, NULL, NULL, d) < 0 ||
	    db_commit(db, d) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
closing_reopen(struct db *db, const char *month, const char *user,
               const char *reason, struct diag *d)
{
	static const char sql_unlock[] =
	    "DELETE FROM month_lock WHERE month = :m";
	static const char sql_audit[] =
	    "INSERT INTO month_audit (month, action, at, by_user, reason) "
	    "VALUES (:m, 'reopen', :at, :by, :note)";
	struct db_param p[4];
	char at[32];
	int closed;

	if (reason == NULL || reason[strspn(reason, " \t")] == '\0') {
		diag_report(
		    d, DIAG_MONTH_CLOSE, NULL,
		    "reopening %s needs a reason: hrpress reopen %s --month %s "
		    "--reason \"why it must change\"",
		    month, db_path(db), month);
		return -1;
	}
	closed = closing_is_closed(db, month, d);
	if (closed < 0)
		return -1;
	if (!closed) {
		diag_report(d, DIAG_MONTH_CLOSE, NULL,
		            "%s is not closed, nothing to reopen", month);
		return -1;
	}
	now_utc(at, sizeof(at));
	p[0] = db_param_text("m", month);
	p[1] = db_param_text("at", at);
	p[2] = db_param_text("by", user);
	p[3] = db_param_text("note", reason);
	if (db_begin(db, d) < 0)
		return -1;
	if (db_query(db, sql_unlock, NULL, p, 1, NULL, NULL, d) < 0 ||
	    db_query(db, sql_audit, NULL, p, 4, NULL, NULL, d) < 0 ||
	    db_commit(db, d) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

const char *
closing_user(void)
{
	const char *u = getenv("USER");
	const struct passwd *pw;

	if (u != NULL && *u != '\0')
		return u;
	u = getenv("LOGNAME");
	if (u != NULL && *u != '\0')
		return u;
	/* cron, services, containers: no login environment */
	pw = getpwuid(geteuid());
	if (pw != NULL && pw->pw_name != NULL && *pw->pw_name != '\0')
		return pw->pw_name;
	u = getlogin();
	if (u != NULL && *u != '\0')
		return u;
	return "unknown";
}

/* ------------------------------------------------------------ stale runs */

/* The counters a run of :m reads: see closing_run_fresh(). */
#define RELEVANT                                                               \
	"(c.month = '' OR (c.month = :m AND c.source <> 'pay_run') OR "        \
	"(c.source = 'pay_run' AND c.month >= substr(:m, 1, 4) || '-01' "      \
	"AND c.month < :m))"

int
closing_snapshot(struct db *db, long long run_id, const char *month,
                 struct diag *d)
{
	static const char sql_del[] =
	    "DELETE FROM pay_run_input WHERE run_id = :run";
	static const char sql_ins[] =
	    "INSERT INTO pay_run_input (run_id, source, month, n) "
	    "SELECT :run, c.source, c.month, c.n FROM data_change c "
	    "WHERE " RELEVANT;
	struct db_param p[2];

	memset(p, 0, sizeof(p));
	p[0].name = "run";
	p[0].v.type = FMT_V_INT;
	p[0].v.i = run_id;
	p[1] = db_param_text("m", month);
	if (db_query(db, sql_del, NULL, p, 1, NULL, NULL, d) < 0 ||
	    db_query(db, sql_ins, NULL, p, 2, NULL, NULL, d) < 0)
		return -1;
	return 0;
}

/* What a clerk calls the data of table source. */
static const char *
source_label(const char *source)
{
	static const char *const labels[][2] = {
	    {"employee", "staff"},
	    {"position", "positions"},
	    {"scheme", "pay schemes"},
	    {"scheme_version", "pay schemes"},
	    {"pay_rule", "pay schemes"},
	    {"tier", "pay schemes"},
	    {"pay_param", "pay schemes"},
	    {"pay_term", "pay schemes"},
	    {"scheme_assignment", "scheme assignments"},
	    {"vehicle_model", "car models"},
	    {"si_rate", "social insurance rates"},
	    {"si_base", "contribution bases (si_base)"},
	    {"iit_bracket", "the tax table"},
	    {"iit_threshold", "the tax table"},
	    {"iit_deduction", "tax deductions (iit_deduction)"},
	    {"month_fact", "monthly facts"},
	    {"vehicle_sale", "sales"},
	    {"kpi_result", "KPI results"},
	    {"kpi", "KPI items"},
	    {"store_fact", "store figures"},
	    {"iit_opening", "year-to-date openings (iit_opening)"},
	    {"service_target", "after-sales targets (service_target)"},
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i][0], source) == 0)
			return labels[i][1];
	return source;
}

int
closing_run_fresh(struct db *db, const char *month, int warn_only,
                  struct diag *d)
{
	static const char sql_run[] = "SELECT id FROM pay_run WHERE month = :m";
	static const char sql_changed[] =
	    "SELECT c.source, c.month FROM data_change c "
	    "LEFT JOIN pay_run_input s ON s.run_id = :run "
	    "AND s.source = c.source AND s.month = c.month "
	    "WHERE " RELEVANT " AND c.n <> coalesce(s.n, 0) "
	    "ORDER BY c.source = 'pay_run', c.month, c.source";
	struct db_param p[2];
	struct db_rows rows;
	struct arena *a;
	struct buf what;
	size_t i;
	int closed, rc = 0;

	closed = closing_is_closed(db, month, d);
	if (closed != 0)
		return closed < 0 ? -1 : 0;
	a = arena_new();
	memset(p, 0, sizeof(p));
	p[1] = db_param_text("m", month);
	if (db_query(db, sql_run, NULL, &p[1], 1, a, &rows, d) < 0) {
		arena_free(a);
		return -1;
	}
	if (rows.nrows == 0) {
		diag_report(d, DIAG_PAY_NOT_STORED, NULL,
		            "%s: run hrpress "
		            "payroll %s --month %s first",
		            month, db_path(db), month);
		arena_free(a);
		return -1;
	}
	p[0].name = "run";
	p[0].v.type = FMT_V_INT;
	p[0].v.i = db_cell(&rows, 0, 0)->i;
	if (db_query(db, sql_changed, NULL, p, 2, a, &rows, d) < 0) {
		arena_free(a);
		return -1;
	}
	buf_init(&what, 0);
	for (i = 0; i < rows.nrows; i++) {
		const char *src = db_cell(&rows, i, 0)->s;
		const char *label = strcmp(src, "pay_run") == 0
		                        ? arena_printf(a, "the pay run of %s",
		                                       db_cell(&rows, i, 1)->s)
		                        : source_label(src);

		if (what.len > 0 && strstr(buf_cstr(&what), label) != NULL)
			continue;
		if (what.len > 0)
			buf_adds(&what, ", ");
		buf_adds(&what, label);
	}
	if (what.len > 0) {
		diag_report(d, warn_only ? DIAG_PAY_STALE_WARN : DIAG_PAY_STALE,
		            NULL,
		            "%s: %s changed after it was "
		            "computed; run hrpress payroll %s --month %s "
		            "again",
		            month, buf_cstr(&what), db_path(db), month);
		rc = warn_only ? 0 : -1;
	}
	buf_free(&what);
	arena_free(a);
	return rc;
}

int
closing_check_employee(struct db *db, const char *month, const char *employee,
                       int need_slip, struct diag *d)
{
	static const char sql[] =
	    "SELECT e.name, e.hire_date, e.leave_date, EXISTS (SELECT 1 "
	    "FROM pay_slip s JOIN pay_run r ON r.id = s.run_id "
	    "WHERE r.month = :m AND s.employee_id = e.id) "
	    "FROM employee e WHERE e.id = :e";
	struct db_param p[2];
	struct db_rows rows;
	struct arena *a = arena_new();
	int rc = 0;

	p[0] = db_param_text("m", month != NULL ? month : "");
	p[1] = db_param_text("e", employee);
	if (db_query(db, sql, NULL, p, 2, a, &rows, d) < 0)
		rc = -1;
	else if (rows.nrows == 0) {
		diag_report(
		    d, DIAG_CLI_UNKNOWN_EMPLOYEE, NULL,
		    "--employee %s: "
		    "no employee has this id in %s (employee ids are the 工号 "
		    "column of the staff file)",
		    employee, db_path(db));
		rc = -1;
	} else if (need_slip && month != NULL && db_cell(&rows, 0, 3)->i == 0) {
		const struct fmt_value *left = db_cell(&rows, 0, 2);

		diag_report(d, DIAG_CLI_UNKNOWN_EMPLOYEE, NULL,
		            "--employee %s "
		            "(%s) has no payslip in the stored pay run of %s "
		            "(hired %s%s%s)",
		            employee, db_cell(&rows, 0, 0)->s, month,
		            db_cell(&rows, 0, 1)->s,
		            left->type == FMT_V_TEXT ? ", left " : "",
		            left->type == FMT_V_TEXT ? left->s : "");
		rc = -1;
	}
	arena_free(a);
	return rc;
}
