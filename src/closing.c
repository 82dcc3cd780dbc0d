/* SPDX-License-Identifier: MIT */
/*
 * Closing and reopening months (closing.h): month_lock holds the closed
 * months, month_audit every close and reopen.
 */
#include "closing.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "xmem.h"

static struct db_param
ptext(const char *name, const char *s)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.v.type = FMT_V_TEXT;
	p.v.s = s;
	return p;
}

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

	p[0] = ptext("m", from);
	p[1] = ptext("to", to != NULL ? to : "9999-99");
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
	    month, what != NULL ? what : "this change", db_path(db), month);
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
		diag_report(d, DIAG_MONTH_CLOSE, NULL,
		    "%s is already closed (hrpress reopen %s --month %s "
		    "--reason \"...\" reopens it)", month, db_path(db), month);
		return -1;
	}
	a = arena_new();
	p[0] = ptext("m", month);
	rc = db_query(db, sql_run, NULL, p, 1, a, &rows, d);
	if (rc == 0 && db_cell(&rows, 0, 0)->i == 0) {
		diag_report(d, DIAG_MONTH_CLOSE, NULL,
		    "no payroll stored for %s: run hrpress payroll %s "
		    "--month %s first, review it, then close", month,
		    db_path(db), month);
		rc = -1;
	}
	arena_free(a);
	if (rc < 0)
		return -1;
	now_utc(at, sizeof(at));
	p[1] = ptext("at", at);
	p[2] = ptext("by", user);
	p[3] = ptext("note", note != NULL ? note : "");
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
		diag_report(d, DIAG_MONTH_CLOSE, NULL,
		    "reopening %s needs a reason: hrpress reopen %s --month %s "
		    "--reason \"why it must change\"", month, db_path(db),
		    month);
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
	p[0] = ptext("m", month);
	p[1] = ptext("at", at);
	p[2] = ptext("by", user);
	p[3] = ptext("note", reason);
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

	if (u != NULL && *u != '\0')
		return u;
	u = getlogin();
	if (u != NULL && *u != '\0')
		return u;
	return "unknown";
}
