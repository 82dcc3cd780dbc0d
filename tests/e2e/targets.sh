#!/bin/sh
# End-to-end tests of the after-sales targets of the year (DOMAIN §3.4,
# §3.6): the service_target import as Excel writes it (GBK, CRLF, Chinese
# headers, 万元), the month's target split among the service advisors into
# each one's personal output target, the CSI and ten-item targets on the
# printable payroll summary, and the messages when a target is missing.
# Prints "targets: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$db" "$1"; }
basis() { # basis EMPLOYEE RULE: the stored basis of the line
	q "SELECT l.basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id
	   WHERE r.month = '2025-03' AND l.employee_id = '$1'
	   AND l.rule_code = '$2'"
}
amount() {
	q "SELECT l.amount_fen FROM pay_line l JOIN pay_run r ON r.id = l.run_id
	   WHERE r.month = '2025-03' AND l.employee_id = '$1'
	   AND l.rule_code = '$2'"
}

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample
t_sample() {
	[ "$(q "SELECT output_fen || '/' || output2_fen || '/' || csi_min_x100 || '/' || ten_item_min_x100
	       FROM service_target WHERE store_id = 'S01' AND year = 2025")" = \
	  "220000000/240000000/90000/9200" ]
}
check "the sample store has the seed's targets of 2025" t_sample

# ---------------------------------------------------------------- import
printf '年度,第一目标总产值（万元）,第一目标日常维修（万元）,第一目标事故车维修（万元）,第二目标总产值（万元）,第二目标日常维修（万元）,第二目标事故车维修（万元）,CSI满意度不低于,十项调查不低于\r\n2026,230,185,45,250,195,55,905,92.5\r\n' |
	iconv -f utf-8 -t gbk > target-gbk.csv
t_import_gbk() {
	exits 0 "$bin" import "$db" service_target target-gbk.csv &&
	out_has "1 rows (GBK): 1 inserted, 0 updated" &&
	[ "$(q "SELECT output_fen || '/' || routine_fen || '/' || accident2_fen || '/' || csi_min_x100 || '/' || ten_item_min_x100
	       FROM service_target WHERE year = 2026")" = \
	  "230000000/185000000/55000000/90500/9250" ]
}
check "service_target as Excel writes it: GBK, CRLF, Chinese headers in 万元" t_import_gbk
printf 'year,output_yuan,csi_min\n2026,"2,350,000.00",\n' > target-en.csv
t_import_update() {
	exits 0 "$bin" import "$db" service_target target-en.csv &&
	out_has "0 inserted, 1 updated" &&
	[ "$(q "SELECT output_fen || '/' || routine_fen || '/' || csi_min_x100 FROM service_target WHERE year = 2026")" = \
	  "235000000/185000000/90500" ]
}
check "a second file updates the columns it has and keeps the others" t_import_update
printf '门店,年度,第一目标\nS01,2027,230万\n' > target-wan.csv
t_import_wan() {
	exits 0 "$bin" import "$db" service_target target-wan.csv &&
	[ "$(q "SELECT output_fen FROM service_target WHERE year = 2027")" = 230000000 ]
}
check "a cell written 230万 is 2,300,000 yuan" t_import_wan
printf '门店,年度,第一目标总产值（万元）,第一目标日常维修\nS01,2029,22O,19O万\n' > target-wanbad.csv
t_import_wan_bad() {
	exits 1 "$bin" import "$db" service_target target-wanbad.csv &&
	err_has 'target-wanbad.csv:2:3: error: invalid field: 第一目标总产值（万元）: "22O" is not an amount in 万元 (220 or 220.35)' &&
	err_has 'target-wanbad.csv:2:4: error: invalid field: 第一目标日常维修: "19O" is not an amount in 万元 (220 or 220.35)'
}
check "a typo in a 万元 column is named as not an amount in 万元" t_import_wan_bad
printf '年度,第一目标总产值\n2028,abc\n28,100\n2028,100\n2028,200\n' > target-bad.csv
t_import_bad() {
	before=$(q "SELECT count(*) FROM service_target") &&
	exits 1 "$bin" import "$db" service_target target-bad.csv &&
	err_has 'target-bad.csv:2:2: error: invalid field: 第一目标总产值: "abc" is not an amount in yuan' &&
	err_has 'target-bad.csv:3:1: error: invalid field: 年度: "28" is not a year (YYYY)' &&
	err_has 'target-bad.csv:5: error: invalid field: duplicate row: line 4 has the same store_id and year' &&
	[ "$(q "SELECT count(*) FROM service_target")" = "$before" ]
}
check "bad cells are named by line and column, nothing is stored" t_import_bad
printf '年度,总产值\n2028,100\n' > target-col.csv
t_import_col() {
	exits 1 "$bin" import "$db" service_target target-col.csv &&
	err_has "unknown column: a service_target file has the columns store_id, year, output_yuan"
}
check "an unknown column lists the kind's columns" t_import_col
t_help() {
	exits 0 "$bin" import --help &&
	out_has "service_target"
}
check "hrpress import --help lists service_target" t_help

# ---------------------------------------------------------------- split
# In the sample both advisors import their achievement rate ready-made
# (产值达成率): that rate wins, as before.
check "payroll 2025-03 with the rates imported" "$bin" payroll "$db" --month 2025-03
t_direct_rate() {
	basis E0044 sa_output | grep -F -q "产值达成率 90.43% × " &&
	! basis E0044 sa_output | grep -F -q "个人产值目标"
}
check "an imported 产值达成率 is used as it is" t_direct_rate
# Without the rate, the advisor's target is a share of the month's target:
# 2,200,000 ÷ 12 = 183,333.33, the only regular advisor takes all of it.
q "DELETE FROM month_fact WHERE month = '2025-03' AND measure = 'output_ach_bp'
   AND employee_id = 'E0044'"
check "payroll 2025-03 without E0044's rate" "$bin" payroll "$db" --month 2025-03
t_share_one() {
	basis E0044 sa_output | grep -F -q "产值达成率 46.36%（个人产值 85,000元 ÷ 个人产值目标 183,333.33元；个人产值目标 = 本月第一目标 183,333.33元（全年第一目标 2,200,000元 ÷ 12） × 分摊 1/1）" &&
	basis E0044 sa_bottles_capped | grep -F -q "产值达成率 46.36%（个人产值 85,000元 ÷ 个人产值目标 183,333.33元" &&
	basis E0044 sa_bottles_capped | grep -F -q "< 100%：" &&
	basis E0044 sa_bottles_capped | grep -F -q "养护用品瓶数 130瓶 × 产值达成率 46.36% × 考核表得分"
}
check "the basis shows the annual target, the month's, the share and the achievement" t_share_one
# A second regular advisor: E0045 on AS_SA, without a rate either; weights
# 1 and 3 give 45,833.33 and 137,500.
q "DELETE FROM month_fact WHERE month = '2025-03' AND measure = 'output_ach_bp';
   UPDATE employee SET scheme_id = 'AS_SA' WHERE id = 'E0045'"
check "payroll 2025-03 with two regular advisors" "$bin" payroll "$db" --month 2025-03
t_share_two() {
	basis E0044 sa_output | grep -F -q "个人产值目标 91,666.67元；个人产值目标 = 本月第一目标 183,333.33元（全年第一目标 2,200,000元 ÷ 12） × 分摊 1/2" &&
	basis E0045 sa_output | grep -F -q "个人产值 104,000元 ÷ 个人产值目标 91,666.67元" &&
	basis E0045 sa_bottles | grep -F -q "产值达成率 113.45%"
}
check "two advisors share the month's target equally" t_share_two
printf '工号,月份,产值目标权重\r\nE0044,2025/3,1\r\nE0045,2025/3,3\r\n' > weights.csv
t_weights() {
	exits 0 "$bin" import "$db" facts weights.csv &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	basis E0044 sa_output | grep -F -q "个人产值目标 45,833.33元；个人产值目标 = 本月第一目标 183,333.33元（全年第一目标 2,200,000元 ÷ 12） × 分摊 1/4" &&
	basis E0045 sa_output | grep -F -q "个人产值 104,000元 ÷ 个人产值目标 137,500元；个人产值目标 = 本月第一目标 183,333.33元（全年第一目标 2,200,000元 ÷ 12） × 分摊 3/4"
}
check "weights imported as 产值目标权重 split it 1 : 3" t_weights
printf '月份,本月产值目标\r\n2025-03,200000\r\n' > month-target.csv
t_month_split() {
	exits 0 "$bin" import "$db" store month-target.csv &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	basis E0044 sa_output | grep -F -q "个人产值目标 50,000元；个人产值目标 = 本月第一目标 200,000元（门店导入） × 分摊 1/4"
}
check "a month's own target (本月产值目标) replaces annual ÷ 12" t_month_split
printf '工号,月份,个人产值目标\r\nE0044,2025-03,"90,000"\r\n' > own.csv
t_own_target() {
	exits 0 "$bin" import "$db" facts own.csv &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	basis E0044 sa_output | grep -F -q "产值达成率 94.44%（个人产值 85,000元 ÷ 个人产值目标 90,000元）" &&
	basis E0045 sa_output | grep -F -q "个人产值目标 150,000元；"
}
check "an imported 个人产值目标 wins; the others keep their share" t_own_target

# ---------------------------------------------------------------- joiner
t_joiner() {
	q "UPDATE employee SET hire_date = '2025-03-10' WHERE id = 'E0044'" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	[ "$(q "SELECT count(*) FROM pay_line l JOIN pay_run r ON r.id = l.run_id
	       WHERE r.month = '2025-03' AND l.employee_id = 'E0044' AND l.rule_code = 'base'")" = 0 ] &&
	basis E0044 base_part | grep -F -q "本月入职或离职：" &&
	basis E0044 base_part | grep -F -q "在职工作日 16天（2025-03-10入职）" &&
	basis E0045 base | grep -F -q "整月在职：底薪 3,500元" &&
	q "UPDATE employee SET hire_date = '2019-08-05' WHERE id = 'E0044'" &&
	exits 0 "$bin" payroll "$db" --month 2025-03
}
check "an advisor who joined on the 10th is paid the 底薪 of the days employed" t_joiner

# ---------------------------------------------------------------- stale
t_stale() {
	exits 0 "$bin" import "$db" service_target target-wan.csv &&
	exits 1 "$bin" payslips "$db" --month 2025-03 -o p.pdf &&
	err_has "after-sales targets (service_target)" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	exits 0 "$bin" payslips "$db" --month 2025-03 -o p.pdf
}
check "new targets make the stored run stale, naming them" t_stale

# ---------------------------------------------------------------- summary
printf '月份,CSI满意度,十项调查得分\r\n2025-03,912,90.5\r\n' > quality.csv
t_summary() {
	exits 0 "$bin" import "$db" store quality.csv &&
	exits 0 "$bin" payroll "$db" --month 2025-03 &&
	exits 0 "$bin" render "$db" "$top/templates/payroll-summary.xml" --month 2025-03 -o sum.pdf &&
	pdftotext -layout sum.pdf sum.txt &&
	grep -q "售后部门2025年度目标：本月完成情况（未计入工资，仅供审核）" sum.txt &&
	grep "^总产值" sum.txt | grep -q "2,200,000.00 .*200,000.00 .*2,400,000.00 .*200,000.00 .*214,000.00 .*107.00% .*107.00% 达第二目标" &&
	grep -q "质量目标：CSI满意度 912分（不低于900分）达标；十项调查 90.5分（不低于92分）未达标" sum.txt &&
	[ "$(pdfinfo sum.pdf | sed -n 's/^Pages: *//p')" = 1 ] &&
	qpdf --check sum.pdf > /dev/null
}
check "the payroll summary shows the targets, CSI and ten-item against them" t_summary

# ---------------------------------------------------------------- missing
t_missing() {
	q "DELETE FROM service_target; DELETE FROM store_fact WHERE measure = 'store_output_target_fen';
	   DELETE FROM month_fact WHERE measure = 'output_target_fen'" &&
	exits 1 "$bin" payroll "$db" --month 2025-03 &&
	err_has "employee E0044, 2025-03: missing data: the year's after-sales targets (hrpress import DB service_target)" &&
	out_has "E0045" &&
	exits 0 "$bin" payroll "$db" --month 2025-03 --accept-missing &&
	[ "$(q "SELECT reason_zh FROM pay_unpaid WHERE employee_id = 'E0044'")" = \
	  "缺少数据：售后年度目标（hrpress import DB service_target）（请导入本月数据或门店数据中的这些列，或用 hrpress set 补一个值）" ]
}
check "without the year's targets the advisors are not computed, and say why" t_missing

finish targets
