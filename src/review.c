/* SPDX-License-Identifier: MIT */
/*
 * The comparison of two months' stored pay runs (review.h).
 */
#include "review.h"

#include <inttypes.h>
#include <string.h>

#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "xmem.h"

/* Per employee in either run: month's and prev's slips side by side. */
static const char review_sql_employees[] =
    "WITH cur AS (SELECT ps.employee_id, ps.gross_fen, ps.net_fen"
    "  FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id"
    "  WHERE r.month = :month),"
    " old AS (SELECT ps.employee_id, ps.gross_fen, ps.net_fen"
    "  FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id"
    "  WHERE r.month = :prev),"
    " ids AS (SELECT employee_id FROM cur UNION SELECT employee_id FROM old)"
    " SELECT e.id, e.name, coalesce(d.name, '') AS dept,"
    "  CASE WHEN o.employee_id IS NULL THEN"
    "    iif(e.hire_date >= :month || '-01', '入职 ' || e.hire_date,"
    "        '上月无工资')"
    "  WHEN c.employee_id IS NULL THEN"
    "    iif(e.leave_date IS NOT NULL AND e.leave_date <> ''"
    "        AND e.leave_date < :month || '-01', '离职 ' || e.leave_date,"
    "        '本月无工资')"
    "  ELSE '' END AS status,"
    "  o.gross_fen AS gross_prev, c.gross_fen AS gross,"
    "  o.net_fen AS net_prev, c.net_fen AS net,"
    "  coalesce(c.net_fen, 0) - coalesce(o.net_fen, 0) AS net_diff"
    " FROM ids JOIN employee e ON e.id = ids.employee_id"
    " LEFT JOIN position p ON p.id = e.position_id"
    " LEFT JOIN department d ON d.id = p.department_id"
    " LEFT JOIN cur c ON c.employee_id = e.id"
    " LEFT JOIN old o ON o.employee_id = e.id"
    " ORDER BY d.sort, d.id, e.id";

/*
 * 1 when :prev is before the store's first month: no pay run and no
 * monthly data of that month or earlier, so there is nothing to compare.
 */
static const char review_sql_before_start[] =
    "SELECT NOT EXISTS (SELECT 1 FROM pay_run WHERE month <= :prev)"
    " AND NOT EXISTS (SELECT 1 FROM month_fact WHERE month <= :prev)"
    " AND NOT EXISTS (SELECT 1 FROM vehicle_sale WHERE month <= :prev)"
    " AND NOT EXISTS (SELECT 1 FROM kpi_result WHERE month <= :prev)"
    " AND NOT EXISTS (SELECT 1 FROM store_fact WHERE month <= :prev)";

/*
 * The pay lines of employees in both runs that changed beyond the
 * thresholds :threshold (whole yuan, NULL = 0) and :pct (percent of the
 * old amount, NULL = none).
 */
static const char review_sql_lines[] =
    "WITH cur AS (SELECT l.employee_id, l.rule_code, min(l.name) AS name,"
    "  min(l.seq) AS seq, min(l.category) AS category,"
    "  sum(l.amount_fen) AS amt, group_concat(l.basis, '；') AS basis"
    "  FROM pay_line l JOIN pay_run r ON r.id = l.run_id"
    "  WHERE r.month = :month GROUP BY 1, 2),"
    " old AS (SELECT l.employee_id, l.rule_code, min(l.name) AS name,"
    "  min(l.seq) AS seq, min(l.category) AS category,"
    "  sum(l.amount_fen) AS amt, group_concat(l.basis, '；') AS basis"
    "  FROM pay_line l JOIN pay_run r ON r.id = l.run_id"
    "  WHERE r.month = :prev GROUP BY 1, 2),"
    " both_runs AS (SELECT ps.employee_id FROM pay_slip ps"
    "  JOIN pay_run r ON r.id = ps.run_id WHERE r.month = :month"
    "  INTERSECT SELECT ps.employee_id FROM pay_slip ps"
    "  JOIN pay_run r ON r.id = ps.run_id WHERE r.month = :prev),"
    " k AS (SELECT employee_id, rule_code FROM cur"
    "  UNION SELECT employee_id, rule_code FROM old),"
    " x AS (SELECT k.employee_id AS id, k.rule_code,"
    "  coalesce(c.name, o.name) AS item,"
    "  iif(coalesce(c.category, o.category) = 'deduction', '扣款', '收入')"
    "    AS kind,"
    "  o.amt AS prev_amount, c.amt AS amount,"
    "  coalesce(c.amt, 0) - coalesce(o.amt, 0) AS diff,"
    "  coalesce(c.basis, '（本月无此项）') AS basis,"
    "  coalesce(o.basis, '（上月无此项）') AS prev_basis,"
    "  coalesce(c.seq, o.seq) AS seq"
    "  FROM k LEFT JOIN cur c ON c.employee_id = k.employee_id"
    "  AND c.rule_code = k.rule_code"
    "  LEFT JOIN old o ON o.employee_id = k.employee_id"
    "  AND o.rule_code = k.rule_code"
    "  WHERE k.employee_id IN (SELECT employee_id FROM both_runs))"
    " SELECT x.id, e.name, x.item, x.kind, x.prev_amount, x.amount, x.diff,"
    "  x.basis, x.prev_basis"
    " FROM x JOIN employee e ON e.id = x.id"
    " LEFT JOIN position p ON p.id = e.position_id"
    " LEFT JOIN department d ON d.id = p.department_id"
    " WHERE x.diff <> 0 AND abs(x.diff) > coalesce(:threshold, 0) * 100"
    " AND (:pct IS NULL OR abs(x.diff) * 100"
    "  > :pct * abs(coalesce(x.prev_amount, 0)))"
    " ORDER BY d.sort, d.id, x.id, x.seq";

static struct db_param
pint_or_null(const char *name, int64_t v, int set)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.v.type = set ? FMT_V_INT : FMT_V_NULL;
	p.v.i = v;
	return p;
}

/* fen as yuan, or "—" for NULL. */
static const char *
yuan(const struct fmt_value *v, char *buf, size_t size)
{
	if (v->type != FMT_V_INT)
		return "—";
	return money_format(v->i, 1, buf, size);
}

static const char *
signed_yuan(int64_t fen, char *buf, size_t size)
{
	if (size < 2)
		return "";
	if (fen == 0)
		return money_format(0, 1, buf, size);
	buf[0] = fen < 0 ? '-' : '+';
	money_format(fen < 0 ? -fen : fen, 1, buf + 1, size - 1);
	return buf;
}

int
review_compare(struct db *db, const char *month, const char *prev,
               int64_t threshold_yuan, int64_t pct, FILE *out, struct diag *d)
{
	struct db_param p[4];
	struct db_rows emps, lines;
	struct arena *a;
	char b1[48], b2[48], b3[48], b4[48], b5[48];
	size_t i;
	int before, rc = -1;

	if (closing_run_fresh(db, month, 0, d) < 0)
		return -1;
	a = arena_new();
	p[0] = db_param_text("month", month);
	p[1] = db_param_text("prev", prev);
	if (db_query(db, review_sql_before_start, NULL, &p[1], 1, a, &emps, d) <
	    0)
		goto out;
	before = db_cell(&emps, 0, 0)->i != 0;
	if (!before && closing_run_fresh(db, prev, 1, d) < 0)
		goto out;
	p[2] = pint_or_null("threshold", threshold_yuan, 1);
	p[3] = pint_or_null("pct", pct, pct >= 0);
	if (db_query(db, review_sql_employees, NULL, p, 2, a, &emps, d) < 0 ||
	    db_query(db, review_sql_lines, NULL, p, 4, a, &lines, d) < 0)
		goto out;
	fprintf(out, "%s 工资变动表（对比 %s；列出变动超过 %" PRId64 "元",
	        month, prev, threshold_yuan);
	if (pct >= 0)
		fprintf(out, "且超过 %" PRId64 "%%", pct);
	fputs("的项目）\n", out);
	if (before)
		fprintf(out,
		        "（%s 在本店有数据的第一个月之前，没有可对比的工资："
		        "每位员工都列为上月无工资）\n",
		        prev);
	fputs("工号\t姓名\t部门\t上月应发\t本月应发\t上月实发\t本月实发\t"
	      "实发变动\t说明\n",
	      out);
	for (i = 0; i < emps.nrows; i++)
		fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		        db_cell(&emps, i, 0)->s, db_cell(&emps, i, 1)->s,
		        db_cell(&emps, i, 2)->s,
		        yuan(db_cell(&emps, i, 4), b1, sizeof(b1)),
		        yuan(db_cell(&emps, i, 5), b2, sizeof(b2)),
		        yuan(db_cell(&emps, i, 6), b3, sizeof(b3)),
		        yuan(db_cell(&emps, i, 7), b4, sizeof(b4)),
		        signed_yuan(db_cell(&emps, i, 8)->i, b5, sizeof(b5)),
		        db_cell(&emps, i, 3)->s);
	fprintf(out, "\n变动项目：%zu 项\n", lines.nrows);
	for (i = 0; i < lines.nrows; i++)
		fprintf(out,
		        "  %s %s %s（%s）：%s → %s（%s）\n    本月依据：%s\n"
		        "    上月依据：%s\n",
		        db_cell(&lines, i, 0)->s, db_cell(&lines, i, 1)->s,
		        db_cell(&lines, i, 2)->s, db_cell(&lines, i, 3)->s,
		        yuan(db_cell(&lines, i, 4), b1, sizeof(b1)),
		        yuan(db_cell(&lines, i, 5), b2, sizeof(b2)),
		        signed_yuan(db_cell(&lines, i, 6)->i, b3, sizeof(b3)),
		        db_cell(&lines, i, 7)->s, db_cell(&lines, i, 8)->s);
	rc = 0;
out:
	arena_free(a);
	return rc;
}
