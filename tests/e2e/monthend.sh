#!/bin/sh
# End-to-end tests of the month end on the sample database: closing and
# reopening a month (refused imports and payroll, the audit table), with the
# messages a clerk sees.
# Prints "monthend: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$db" "$1"; }
sum() { cksum < "$db"; }

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample
export USER=clerk1

# ---------------------------------------------------------------- close
t_close_no_run() {
	exits 1 "$bin" close "$db" --month 2025-03 &&
	err_has "no payroll stored for the month: 2025-03: run hrpress payroll $db --month 2025-03 first" &&
	[ "$(q "SELECT count(*) FROM month_audit")" = 0 ]
}
check "close without a run is refused" t_close_no_run
check "payroll 2025-03" "$bin" payroll "$db" --month 2025-03
t_close() {
	exits 0 "$bin" close "$db" --month 2025-03 --note "checked" &&
	out_has "2025-03 closed by clerk1"
}
check "close 2025-03" t_close
check "closed twice is refused" exits 1 "$bin" close "$db" --month 2025-03
printf '工号,月份,月销量目标\nE0012,2025-03,9\n' > fix.csv
before=$(sum)
t_payroll_closed() {
	exits 1 "$bin" payroll "$db" --month 2025-03 &&
	err_has "2025-03 is closed, payroll refused" &&
	err_has "hrpress reopen $db --month 2025-03 --reason"
}
check "payroll of a closed month is refused" t_payroll_closed
t_import_closed() {
	exits 1 "$bin" import "$db" facts fix.csv --replace &&
	err_has "error: month is closed: 2025-03 is closed, import of facts"
}
check "import into a closed month is refused" t_import_closed
[ "$(sum)" = "$before" ] && ok || bad "refused commands changed the database"
t_reopen_no_reason() {
	exits 1 "$bin" reopen "$db" --month 2025-03 &&
	err_has "needs a reason" &&
	exits 1 "$bin" reopen "$db" --month 2025-03 --reason " "
}
check "reopen without a reason is refused" t_reopen_no_reason
[ "$(sum)" = "$before" ] && ok || bad "refused reopen changed the database"
t_reopen() {
	exits 0 "$bin" reopen "$db" --month 2025-03 --reason "E0012 sold 9" &&
	out_has "2025-03 reopened by clerk1"
}
check "reopen with a reason" t_reopen
check "payroll after reopen" "$bin" payroll "$db" --month 2025-03
[ "$(q "SELECT group_concat(action || ':' || by_user || ':' || reason, '|')
	FROM (SELECT * FROM month_audit ORDER BY id)")" = \
	"close:clerk1:checked|reopen:clerk1:E0012 sold 9" ] && ok ||
	bad "month_audit rows"
t_append_only() {
	! q "DELETE FROM month_audit" 2>/dev/null &&
	! q "UPDATE month_audit SET reason = 1" 2>/dev/null &&
	[ "$(q "SELECT count(*) FROM month_audit")" = 2 ]
}
check "month_audit is append-only" t_append_only
t_by_login() {
	exits 0 env -u USER -u LOGNAME "$bin" close "$db" --month 2025-03 &&
	out_has "2025-03 closed by $(id -un)" &&
	[ "$(q "SELECT by_user FROM month_audit ORDER BY id DESC LIMIT 1")" \
		= "$(id -un)" ]
}
check "close without USER records the login name" t_by_login
t_by_blank() {
	exits 1 "$bin" reopen "$db" --month 2025-03 --reason x --by " " &&
	err_has "--by needs a name" &&
	[ "$(q "SELECT count(*) FROM month_audit")" = 3 ]
}
check "reopen --by with no name is refused" t_by_blank
t_by_name() {
	exits 0 "$bin" reopen "$db" --month 2025-03 --reason "复核" \
		--by 张会计 &&
	out_has "2025-03 reopened by 张会计" &&
	[ "$(q "SELECT by_user FROM month_audit ORDER BY id DESC LIMIT 1")" \
		= 张会计 ]
}
check "reopen --by NAME records that name" t_by_name

# ---------------------------------------------------------------- stale runs
t_fresh_prints() {
	exits 0 "$bin" payroll "$db" --month 2025-03 --format csv &&
	exits 0 "$bin" payslips "$db" --month 2025-03 --employee E0012 -o p.pdf
}
check "a fresh run prints" t_fresh_prints
printf '工号,月份,月销量目标\nE0012,2025-03,9\n' > stale.csv
check "correct one value" "$bin" import "$db" facts stale.csv --replace
t_stale() {
	exits 1 "$bin" "$@" &&
	err_has "stored pay run is out of date: 2025-03: monthly facts changed after it was computed; run hrpress payroll $db --month 2025-03 again"
}
check "csv of a stale run is refused" t_stale payroll "$db" --month 2025-03 --format csv
check "json of a stale run is refused" t_stale payroll "$db" --month 2025-03 --format json
rm -f p.pdf
check "payslips of a stale run are refused" t_stale payslips "$db" --month 2025-03 -o p.pdf
[ ! -e p.pdf ] && ok || bad "a refused payslip run wrote its PDF"
check "summary template of a stale run is refused" t_stale render "$db" \
	"$top/templates/payroll-summary.xml" --month 2025-03 -o s.pdf
check "archive of a stale run is refused" t_stale archive "$db" --month 2025-03 --kind payslip -o ar
check "close of a stale run is refused" t_stale close "$db" --month 2025-03
check "scorecards do not need the run" "$bin" scorecards "$db" --month 2025-03 --employee E0012 -o sc.pdf
t_staff_stale() {
	"$bin" payroll "$db" --month 2025-03 > /dev/null 2>&1 &&
	q "UPDATE employee SET base_fen = base_fen + 100 WHERE id = 'E0001'" &&
	exits 1 "$bin" payslips "$db" --month 2025-03 -o p.pdf &&
	err_has "2025-03: staff changed after it was computed"
}
check "a staff change makes the run stale" t_staff_stale
t_name_not_stale() {
	"$bin" payroll "$db" --month 2025-03 > /dev/null 2>&1 &&
	q "UPDATE employee SET bank_account = '6222020000000000000' WHERE id = 'E0001'" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --format csv
}
check "a bank account change does not" t_name_not_stale
t_earlier_run() {
	"$bin" payroll "$db" --month 2025-02 > /dev/null 2>&1 &&
	exits 1 "$bin" payroll "$db" --month 2025-03 --format csv &&
	err_has "2025-03: the pay run of 2025-02 changed after it was computed"
}
check "an earlier month's new run makes the later one stale" t_earlier_run
check "payroll again" "$bin" payroll "$db" --month 2025-03

# ---------------------------------------------------------------- archive
t_archive_no_run() {
	exits 1 "$bin" archive "$db" --month 2025-05 --kind payslip -o ar &&
	err_has "no payroll stored for the month: 2025-05: run hrpress payroll $db --month 2025-05 first" &&
	[ ! -d ar/2025-05 ]
}
check "archive without a run is an error" t_archive_no_run
t_archive_open() {
	exits 0 "$bin" archive "$db" --month 2025-03 --kind payslip -o ar &&
	err_has "warning: month is not closed: 2025-03: its pay run can still change"
}
check "archive of an open month warns" t_archive_open
t_archive_closed() {
	"$bin" close "$db" --month 2025-03 > /dev/null &&
	exits 0 "$bin" archive "$db" --month 2025-03 --kind payslip -o ar2 &&
	! grep -q warning "$work/x.err"
}
check "archive of a closed month does not warn" t_archive_closed
t_closed_not_stale() {
	q "UPDATE employee SET base_fen = base_fen + 100 WHERE id = 'E0002'" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --format csv
}
check "a closed month's run stays printable" t_closed_not_stale

# ---------------------------------------------------------------- corrections
db=$work/fix.db
check "init a second database" "$bin" init "$db" --sample
march() { q "SELECT count(*) FROM month_fact WHERE month = '2025-03'"; }
n_before=$(march)
t_replace_one() {
	exits 0 "$bin" import "$db" facts fix.csv --replace &&
	out_has "0 inserted, 0 updated, 1 replaced" &&
	out_has "1 value replaced:" &&
	out_has "E0012 2025-03 月销量目标 8 → 9" &&
	[ "$(march)" = "$n_before" ] &&
	[ "$(q "SELECT value FROM month_fact WHERE employee_id = 'E0012'
		AND month = '2025-03' AND measure = 'units_target'")" = 9 ]
}
check "--replace of one row replaces that row only" t_replace_one
t_set() {
	exits 0 "$bin" set "$db" --month 2025-03 --employee E0012 \
		--measure 月销量目标 10 &&
	out_has "1 value replaced: E0012 2025-03 月销量目标 9 → 10" &&
	[ "$(march)" = "$n_before" ]
}
check "set corrects one value" t_set
t_set_bad() {
	before=$(sum)
	exits 1 "$bin" set "$db" --month 2025-03 --employee E0099 \
		--measure 月销量目标 3 &&
	err_has "unknown employee E0099" &&
	exits 1 "$bin" set "$db" --month 2025-03 --employee E0012 \
		--measure 月销量目标 8.5 &&
	exits 1 "$bin" set "$db" --month 2025-03 --employee E0012 \
		--measure 销量 8 &&
	[ "$(sum)" = "$before" ]
}
check "set refuses a wrong value and changes nothing" t_set_bad
# Property: correcting one value of one employee changes only that
# employee's stored lines; every other employee's lines are identical.
"$bin" payroll "$db" --month 2025-03 > /dev/null 2>&1
"$bin" payroll "$db" --month 2025-03 --format csv > run0.csv
for fx in E0012:units_target:12 E0003:attend_days:17 E0001:appraisal_x100:91.5 \
    E0009:work_days:20 E0030:bottles:7; do
	emp=${fx%%:*}; rest=${fx#*:}; m=${rest%%:*}; v=${rest#*:}
	"$bin" set "$db" --month 2025-03 --employee "$emp" --measure "$m" "$v" \
		> /dev/null 2> set.err
	if [ -n "$(q "SELECT 1 FROM month_fact WHERE employee_id = '$emp'
		AND month = '2025-03' AND measure = '$m'")" ] &&
	    "$bin" payroll "$db" --month 2025-03 > /dev/null 2>&1 &&
	    "$bin" payroll "$db" --month 2025-03 --format csv > run1.csv; then
		grep -v "^$emp," run0.csv > a.csv; grep -v "^$emp," run1.csv > b.csv
		if cmp -s a.csv b.csv && [ "$(wc -l < a.csv)" -gt 400 ]; then ok
		else bad "$emp $m=$v changed other employees' lines"
			diff a.csv b.csv | head -5; fi
	else bad "$emp $m=$v could not be set and computed"; cat set.err; fi
	cp run1.csv run0.csv
done

# ---------------------------------------------------------------- tax openings
# A store that starts using hrpress in May enters January-April as
# year-to-date openings; May's income tax must equal a full year's run.
db=$work/full.db
check "init the full-year database" "$bin" init "$db" --sample
for m in 04 05; do
	q "INSERT INTO month_fact SELECT employee_id, '2025-$m', measure, value
	     FROM month_fact WHERE month = '2025-03';
	   INSERT INTO vehicle_sale (employee_id, month, sale_date, model,
	     price_fen, channel, settled, insured, full_cover, financed,
	     loan_fee_fen, acc_price_fen, acc_cost_fen, margin_fen, limit_fen)
	     SELECT employee_id, '2025-$m', '2025-$m-15', model, price_fen,
	     channel, settled, insured, full_cover, financed, loan_fee_fen,
	     acc_price_fen, acc_cost_fen, margin_fen, limit_fen
	     FROM vehicle_sale WHERE month = '2025-03';
	   INSERT INTO kpi_result SELECT employee_id, '2025-$m', kpi_code,
	     target_x100, actual_x100, points_x100, remark FROM kpi_result
	     WHERE month = '2025-03';
	   INSERT INTO store_fact SELECT '2025-$m', measure, value
	     FROM store_fact WHERE month = '2025-03';
	   INSERT INTO iit_deduction SELECT employee_id, '2025-$m', kind,
	     amount_fen FROM iit_deduction WHERE month = '2025-03'"
done
cp "$db" "$work/may.db"
cp "$db" "$work/none.db"
for m in 01 02 03 04 05; do
	"$bin" payroll "$db" --month 2025-$m > /dev/null 2>&1 || bad "payroll 2025-$m"
done
# the openings, as a clerk would copy them from last system's 累计 report
{
	printf '\357\273\277工号,姓名,截至月份,累计收入（元）,累计专项扣除（元）,'
	printf '累计专项附加扣除（元）,累计已预缴税额（元）,累计月数\r\n'
	q "SELECT e.id, e.name, '2025-04',
	     printf('%.2f', sum(s.gross_fen) / 100.0),
	     printf('%.2f', (SELECT coalesce(sum(l.amount_fen), 0) FROM pay_line l
	       JOIN pay_run r2 ON r2.id = l.run_id WHERE l.employee_id = e.id
	       AND r2.month <= '2025-04' AND l.rule_code LIKE 'si\_%' ESCAPE '\')
	       / 100.0),
	     printf('%.2f', (SELECT coalesce(sum(amount_fen), 0) FROM iit_deduction d
	       WHERE d.employee_id = e.id AND d.month <= '2025-04') / 100.0),
	     printf('%.2f', (SELECT coalesce(sum(l.amount_fen), 0) FROM pay_line l
	       JOIN pay_run r2 ON r2.id = l.run_id WHERE l.employee_id = e.id
	       AND r2.month <= '2025-04' AND l.rule_code = 'iit') / 100.0),
	     CASE WHEN substr(e.hire_date, 1, 4) = '2025'
	       THEN 4 - CAST(substr(e.hire_date, 6, 2) AS INTEGER) + 1 ELSE 4 END
	   FROM employee e JOIN pay_slip s ON s.employee_id = e.id
	   JOIN pay_run r ON r.id = s.run_id AND r.month <= '2025-04'
	   GROUP BY e.id ORDER BY e.id" | tr '|' ',' | sed 's/$/\r/'
} > openings.csv
db=$work/may.db
t_openings() {
	exits 0 "$bin" import "$db" iit_opening openings.csv &&
	out_has "inserted" &&
	[ "$(q "SELECT count(*) FROM iit_opening")" -gt 40 ]
}
check "import the January-April openings" t_openings
t_may() {
	exits 0 "$bin" payroll "$db" --month 2025-05 &&
	! grep -q "earlier month of the tax year has no stored pay run" "$work/x.err"
}
check "May with openings: no warning about January-April" t_may
may_tax() { # db
	sqlite3 "$1" "SELECT l.employee_id || ':' || l.amount_fen FROM pay_line l
	  JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2025-05'
	  AND l.rule_code = 'iit' ORDER BY 1"
}
may_tax "$work/full.db" > tax.full
may_tax "$work/may.db" > tax.may
if cmp -s tax.full tax.may && [ "$(wc -l < tax.full)" -gt 40 ] &&
    [ "$(awk -F: '{ s += $2 } END { print s }' tax.full)" -gt 0 ]; then ok
else bad "May's tax with openings differs from the full year's"
	diff tax.full tax.may | head -5; fi
"$bin" payroll "$work/none.db" --month 2025-05 > /dev/null 2>&1
may_tax "$work/none.db" > tax.none
cmp -s tax.full tax.none && bad "without openings May's tax is the same: the test proves nothing" || ok
t_opening_errors() {
	printf '工号,截至月份,累计收入,累计月数\nE0099,2025-04,1000,4\nE0001,4月,1000,4\nE0002,2025-04,-5,4\nE0003,2025-04,100,5\n' > bad-open.csv
	before=$(sum)
	exits 1 "$bin" import "$db" iit_opening bad-open.csv &&
	err_has "bad-open.csv:2:1: error: invalid field: 工号: unknown employee E0099" &&
	err_has "bad-open.csv:3:2: error: invalid field: 截至月份:" &&
	err_has "bad-open.csv:4:3: error: invalid field: 累计收入:" &&
	err_has "bad-open.csv:5:4: error: invalid field: 累计月数: 5 months, but January to 2025-04 has 4" &&
	[ "$(sum)" = "$before" ] &&
	exits 1 "$bin" import "$db" iit_opening openings.csv &&
	err_has "already in the database (import with --replace" &&
	exits 0 "$bin" import "$db" iit_opening openings.csv --replace
}
check "iit_opening: mistakes are listed, nothing stored" t_opening_errors
t_opening_stale() {
	exits 1 "$bin" payslips "$db" --month 2025-05 -o o.pdf &&
	err_has "year-to-date openings (iit_opening) changed"
}
check "new openings make May's run stale" t_opening_stale
t_opening_excel() {
	printf '工号,姓名,截至月份,累计收入（元）,累计已预缴税额（元）\r\nE0001,陈国栋,2025/4,"100,000.00",3480\r\nE0002,王丽娟,2025年4月,"80,000.00",\r\n' |
		iconv -f utf-8 -t gbk > open-gbk.csv &&
	exits 0 "$bin" import "$db" iit_opening open-gbk.csv --replace &&
	out_has "(GBK)" &&
	[ "$(q "SELECT upto_month || '/' || income_fen || '/' || withheld_fen || '/' || months
	       FROM iit_opening WHERE employee_id = 'E0001'")" = "2025-04/10000000/348000/4" ] &&
	[ "$(q "SELECT upto_month FROM iit_opening WHERE employee_id = 'E0002'")" = 2025-04 ]
}
check "iit_opening as Excel writes it: GBK, CRLF, 2025/4, 2025年4月, 100,000.00" t_opening_excel

# ---------------------------------------------------------------- nobody dropped
db=$work/drop.db
check "init a database for dropped employees" "$bin" init "$db" --sample
q "DELETE FROM month_fact WHERE month = '2025-03' AND employee_id = 'E0007';
   PRAGMA foreign_keys = OFF;
   UPDATE employee SET position_id = 'NOPE' WHERE id = 'E0010'"
t_dropped() {
	exits 1 "$bin" payroll "$db" --month 2025-03 &&
	out_has "工资未保存：2 名员工无法计算" &&
	out_has "E0010 吴佳怡: position NOPE does not exist" &&
	out_has "E0007 孙浩: missing data: 应出勤天数, 月销量目标" &&
	out_has "add --accept-missing" &&
	[ "$(q "SELECT count(*) FROM pay_run")" = 0 ]
}
check "payroll lists everyone it cannot compute, stores nothing" t_dropped
t_accepted() {
	exits 0 "$bin" payroll "$db" --month 2025-03 --accept-missing &&
	out_has "未计算（本月不发放）：2 名员工" &&
	out_has "E0010 吴佳怡: position NOPE does not exist" &&
	err_has "warning: employee not computed, not paid: employee E0007" &&
	[ "$(q "SELECT count(*) FROM pay_slip")" = \
	  "$(q "SELECT count(*) - 2 FROM employee WHERE hire_date <= '2025-03-31'
	       AND (leave_date IS NULL OR leave_date >= '2025-03-01')")" ] &&
	[ "$(q "SELECT count(*) FROM pay_slip WHERE employee_id IN ('E0007', 'E0010')")" = 0 ]
}
check "--accept-missing stores the others and lists who is not paid" t_accepted
t_unpaid_kept() {
	[ "$(q "SELECT group_concat(employee_id, ' ') FROM (SELECT employee_id FROM pay_unpaid ORDER BY 1)")" = "E0007 E0010" ] &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --format csv &&
	out_has 'E0007,孙浩,0,unpaid,未计算（本月不发放）,unpaid,缺少数据：应出勤天数、月销量目标、' &&
	out_has 'E0010,吴佳怡,0,unpaid,未计算（本月不发放）,unpaid,岗位 NOPE 不存在,0.00' &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --format json &&
	out_has '"employee_id": "E0010", "employee_name": "吴佳怡", "seq": 0, "rule_code": "unpaid", "name": "未计算（本月不发放）", "category": "unpaid", "basis": "岗位 NOPE 不存在", "amount_yuan": "0.00"' &&
	exits 0 "$bin" render "$db" "$top/templates/payroll-summary.xml" --month 2025-03 -o "$work/unpaid.pdf" &&
	pdftotext "$work/unpaid.pdf" - | tr -d ' ' > "$work/unpaid.txt" &&
	grep -F -q "未计算（本月不发放）：2名员工，未计入上表合计，本月无工资条" "$work/unpaid.txt" &&
	grep -F -q "岗位NOPE不存在" "$work/unpaid.txt" &&
	grep -F -q "缺少数据：应出勤天数、月销量目标、" "$work/unpaid.txt" &&
	! grep -q -i "missing\|does not\|import" "$work/unpaid.txt"
}
check "the unpaid list is kept with the run: --format csv/json, the printable summary" t_unpaid_kept
t_unpaid_cleared() {
	q "PRAGMA foreign_keys = OFF;
	   UPDATE employee SET position_id = (SELECT position_id FROM employee WHERE id = 'E0008') WHERE id = 'E0010';
	   INSERT INTO month_fact SELECT 'E0007', month, measure, value FROM month_fact
	     WHERE employee_id = 'E0008' AND month = '2025-03'" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	[ "$(q "SELECT count(*) FROM pay_unpaid")" = 0 ] &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --format csv &&
	! grep -q ',unpaid,' "$work/x.out" &&
	exits 0 "$bin" render "$db" "$top/templates/payroll-summary.xml" --month 2025-03 -o "$work/paid.pdf" &&
	! pdftotext "$work/paid.pdf" - | grep -q "未计算"
}
check "a later normal run clears the unpaid list" t_unpaid_cleared

# ---------------------------------------------------------------- review
db=$work/review.db
check "init a database to review" "$bin" init "$db" --sample
for m in 01 02; do "$bin" payroll "$db" --month 2025-$m > /dev/null 2>&1; done
q "INSERT INTO employee (id, name, gender, position_id, grade, hire_date,
     base_fen, perf_fen, scheme_id)
   SELECT 'E0901', '新同事', gender, position_id, grade, '2025-03-03',
     base_fen, perf_fen, scheme_id FROM employee WHERE id = 'E0024';
   INSERT INTO month_fact SELECT 'E0901', month, measure, value
     FROM month_fact WHERE employee_id = 'E0024' AND month = '2025-03';
   UPDATE employee SET leave_date = '2025-02-20' WHERE id = 'E0026'"
check "payroll of the month to review" "$bin" payroll "$db" --month 2025-03
t_compare() {
	exits 0 "$bin" payroll "$db" --month 2025-03 --compare 2025-02 --threshold 300 &&
	out_has "2025-03 工资变动表（对比 2025-02；列出变动超过 300元的项目）" &&
	grep -q "^E0901	新同事	.*入职 2025-03-03$" "$work/x.out" &&
	grep -q "^E0026	彭丹	.*离职 2025-02-20$" "$work/x.out" &&
	out_has "E0045 石磊 产值提成（收入）：1,916.29 → 1,525.27（-391.02）" &&
	out_has "本月依据：个人产值 104,000元 × 2%" &&
	! out_has "E0045 石磊 续保提成" 2>/dev/null &&
	! out_has "E0049 金鑫 个人所得税" 2>/dev/null &&
	[ "$(q "SELECT count(*) FROM pay_run WHERE month = '2025-03'")" = 1 ]
}
check "--compare lists joiners, leavers and changed lines with their basis" t_compare
t_compare_all() {
	exits 0 "$bin" payroll "$db" --month 2025-03 --compare 2025-02 &&
	out_has "E0045 石磊 续保提成（收入）：268.80 → —（-268.80）" &&
	out_has "上月依据：续保台数 3台" &&
	out_has "E0049 金鑫 个人所得税（扣款）：21.95 → 37.55（+15.60）" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --compare 2025-02 --threshold 100% &&
	! out_has "E0049 金鑫 个人所得税" 2>/dev/null
}
check "--threshold 0 lists every change, a percent only the large ones" t_compare_all
t_compare_bad() {
	exits 1 "$bin" payroll "$db" --month 2025-03 --compare 2025-04 &&
	err_has "no payroll stored for the month: 2025-04" &&
	exits 1 "$bin" payroll "$db" --month 2025-03 --compare 2025-02 --threshold abc &&
	err_has "--threshold abc: expected whole yuan (200) or a percent (10%)"
}
check "--compare: a month without a run, a bad threshold" t_compare_bad
t_compare_before_start() {
	exits 0 "$bin" payroll "$db" --month 2025-03 --compare 2024-12 &&
	out_has "（2024-12 在本店有数据的第一个月之前，没有可对比的工资" &&
	grep -q "^E0001	陈国栋	.*	上月无工资$" "$work/x.out" &&
	[ "$(grep -c "上月无工资$" "$work/x.out")" = \
		"$(q "SELECT count(*) FROM pay_slip s JOIN pay_run r
			ON r.id = s.run_id WHERE r.month = '2025-03'
			AND s.employee_id <> 'E0901'")" ]
}
check "--compare with a month before the store's first: all new" \
	t_compare_before_start
t_changes_pdf() {
	exits 0 "$bin" render "$db" "$top/templates/payroll-changes.xml" \
		--month 2025-03 -D prev=2025-02 -D threshold=300 -o changes.pdf &&
	pdftotext -layout changes.pdf changes.txt &&
	grep -q "2025年3月工资变动表" changes.txt &&
	grep -q "入职 2025-03-03" changes.txt &&
	grep -q "离职 2025-02-20" changes.txt &&
	qpdf --check changes.pdf > /dev/null
}
check "the printable 工资变动表" t_changes_pdf

# ---------------------------------------------------------------- employee
db=$work/hr.db
t_unknown_employee() {
	exits 1 "$bin" payslips "$db" --month 2025-03 --employee E9999 -o e.pdf &&
	err_has "unknown employee: --employee E9999: no employee has this id" &&
	exits 1 "$bin" scorecards "$db" --month 2025-03 --employee E9999 -o e.pdf
}
check "an unknown --employee says so" t_unknown_employee

finish monthend
