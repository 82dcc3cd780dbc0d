#!/bin/sh
# End-to-end tests of hrpress import: load the example files of samples/csv
# (April 2025, UTF-8 with BOM and GBK: staff, facts, sales, KPI results,
# store figures, contribution bases, tax deductions) into a fresh sample
# database, run the month's payroll and render its payslips, then check that
# bad files in both encodings fail with positions and leave the database
# unchanged.
# Prints "import: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
csv=$top/samples/csv
month=2025-04

has() { grep -E -q -- "$2" "$1" || { echo "$1 lacks: $2"; return 1; }; }
q() { sqlite3 "$db" "$1"; }
sum() { cksum < "$db"; }

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample

# The clerk's month: staff changes (GBK), facts (UTF-8 BOM), sales, KPIs (GBK).
check "import staff (GBK)" exits 0 "$bin" import "$db" staff "$csv/staff-2025-04.gbk.csv"
check "staff: counts printed" out_has "2 rows (GBK): 1 inserted, 1 updated"
check "staff: new hire's name decoded from GBK" test "$(q "SELECT name FROM employee WHERE id = 'E0052'")" = "钱淏"
check "staff: 2,900 → 3,000 yuan raise stored in fen" test "$(q "SELECT base_fen FROM employee WHERE id = 'E0012'")" = 300000
check "import facts (UTF-8 BOM, wide)" exits 0 "$bin" import "$db" facts "$csv/facts-2025-04.csv" --month $month
check "facts: counts printed" out_has "52 rows (UTF-8), 258 values: 258 inserted, 0 updated"
check "facts: 85.5% stored as 8550 bp" test "$(q "SELECT count(*) FROM month_fact WHERE month = '$month' AND measure = 'kpi_attain_bp' AND value % 100 = 50")" -ge 1
check "facts: every stored measure of March is there in April" test "$(q "SELECT count(*) FROM (SELECT DISTINCT measure FROM month_fact WHERE month = '2025-03' EXCEPT SELECT DISTINCT measure FROM month_fact WHERE month = '$month')")" = 0
check "facts: output in yuan stored in fen, as in March" test "$(q "SELECT value FROM month_fact WHERE month = '$month' AND employee_id = 'E0044' AND measure = 'output_fen'")" = "$(q "SELECT value FROM month_fact WHERE month = '2025-03' AND employee_id = 'E0044' AND measure = 'output_fen'")"
check "facts: the new hire's lien commission 100.00 yuan" test "$(q "SELECT value FROM month_fact WHERE month = '$month' AND employee_id = 'E0052' AND measure = 'lien_comm_fen'")" = 10000
check "import sales" exits 0 "$bin" import "$db" sales "$csv/sales-2025-04.csv" --month $month
check "sales: 135 cars" test "$(q "SELECT count(*) FROM vehicle_sale WHERE month = '$month'")" = 135
check "sales: margins and price limits as in March" test "$(q "SELECT sum(margin_fen) || '/' || count(limit_fen) || '/' || sum(limit_fen) FROM vehicle_sale WHERE month = '$month' AND employee_id <> 'E0052'")" = "$(q "SELECT sum(margin_fen) || '/' || count(limit_fen) || '/' || sum(limit_fen) FROM vehicle_sale WHERE month = '2025-03'")"
check "import kpi (GBK, with 𠮷 in GB18030)" exits 0 "$bin" import "$db" kpi "$csv/kpi-2025-04.gbk.csv" --month $month
check "kpi: 242 results" test "$(q "SELECT count(*) FROM kpi_result WHERE month = '$month'")" = 242
check "the GBK and UTF-8 facts files are the same data" exits 0 "$bin" import "$db" facts "$csv/facts-2025-04.gbk.csv" --month $month --replace
check "replace: counts printed" out_has "0 inserted, 0 updated, 258 replaced"
check "import store figures (long form)" exits 0 "$bin" import "$db" store "$csv/store-2025-04.csv"
check "store: counts printed" out_has "8 rows (UTF-8): 8 inserted"
check "store: net profit 200,000.00 yuan, completion 100%" test "$(q "SELECT group_concat(value) FROM (SELECT value FROM store_fact WHERE month = '$month' AND measure IN ('net_profit_fen', 'profit_ach_bp') ORDER BY measure)")" = "20000000,10000"
check "store: GBK copy is the same data" exits 0 "$bin" import "$db" store "$csv/store-2025-04.gbk.csv" --replace
check "store: replaced" out_has "0 inserted, 0 updated, 8 replaced"
check "import contribution base (GBK)" exits 0 "$bin" import "$db" si_base "$csv/si_base-2025.gbk.csv"
check "si_base: the new hire's 2,500.00 yuan" test "$(q "SELECT base_fen FROM si_base WHERE employee_id = 'E0052' AND year = 2025")" = 250000
check "import tax deductions (GBK, wide)" exits 0 "$bin" import "$db" iit_deduction "$csv/iit_deduction-2025-04.gbk.csv" --month $month
check "iit_deduction: counts printed" out_has "4 rows (GBK), 5 values: 5 inserted, 0 updated"
check "iit_deduction: April as declared in March" test "$(q "SELECT group_concat(employee_id || kind || amount_fen) FROM (SELECT * FROM iit_deduction WHERE month = '$month' ORDER BY 1, 3)")" = "$(q "SELECT group_concat(employee_id || kind || amount_fen) FROM (SELECT * FROM iit_deduction WHERE month = '2025-03' ORDER BY 1, 3)")"

check "payroll for the imported month" "$bin" payroll "$db" --month $month
check "payroll: no employee left out" test "$(q "SELECT count(*) FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '$month'")" = 52
check "payroll: the new hire pays social insurance" test "$(q "SELECT count(*) FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '$month' AND l.employee_id = 'E0052' AND l.rule_code LIKE 'si_%' AND l.amount_fen > 0")" -ge 1
check "payroll: the new hire is paid" test "$(q "SELECT count(*) FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '$month' AND s.employee_id = 'E0052'")" = 1
check "payslip of E0012 renders" "$bin" payslips "$db" --month $month --employee E0012 -o e12.pdf
check "payslip text" sh -c "pdftotext -layout e12.pdf e12.txt"
check "payslip: the imported base pay 3,000.00" has e12.txt "底薪.*3,000\.00"
check "payslip: 22 of 22 days attended" has e12.txt "22 */ *22"
net=$(q "SELECT s.net_fen FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '$month' AND s.employee_id = 'E0012'")
yuan=$(printf '%s' "$net" | awk '{ printf "%.2f", $1 / 100 }' | sed ':a;s/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/;ta')
check "payslip: net pay equals the stored run (¥$yuan)" has e12.txt "¥$yuan"
check "payslips of the whole month render" "$bin" payslips "$db" --month $month -o all.pdf
pages=$(pdfinfo all.pdf 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "payslips: 52 pages" test "$pages" = 52

# Re-import without --replace: every row conflicts, nothing changes.
before=$(sum)
check "re-import is refused" exits 1 "$bin" import "$db" kpi "$csv/kpi-2025-04.csv" --month $month
check "re-import: position and reason" err_has "kpi-2025-04.csv:2:3: error: invalid field: 考核指标: KPI SALES of E0001 for 2025-04 is already in the database"
check "re-import: database unchanged" test "$(sum)" = "$before"

# Every error kind in one UTF-8 file, then the same file in GBK.
printf '\357\273\277工号,月份,指标,数值\r\n' > bad.csv
cat >> bad.csv <<'X'
E0009,2025-05,work_days,22
E0009,2025-05,attend_days,-1
E0099,2025-05,work_days,22
E0010,2025-13,work_days,22
E0010,2025-05,管理绩效达标率,85.555
E0010,2025-05,foo,1
E0009,2025-05,应出勤天数,21
E0011,2025-04,work_days,22
E0011,2025-05,appraisal_x100,九十
E0012,2025-05
X
tail -c +4 bad.csv | iconv -f UTF-8 -t GBK > bad.gbk.csv
for f in bad.csv bad.gbk.csv; do
	before=$(sum)
	check "$f: refused with exit 1" exits 1 "$bin" import "$db" facts $f --month 2025-05
	check "$f: negative count" err_has "$f:3:4: error: invalid field: 数值: \"-1\" must not be negative"
	check "$f: unknown employee" err_has "$f:4:1: error: invalid field: 工号: unknown employee E0099"
	check "$f: bad month" err_has "$f:5:2: error: invalid field: 月份: \"2025-13\" is not a month (2025-05, 2025/5 or 2025年5月)"
	check "$f: three decimals" err_has "$f:6:4: error: invalid field: 数值: \"85.555\" more than two decimals"
	check "$f: unknown measure" err_has "$f:7:3: error: invalid field: 指标: unknown measure \"foo\""
	check "$f: duplicate row" err_has "$f:8:3: error: invalid field: 指标: duplicate row: line 2 has the same employee, month and measure"
	check "$f: month mismatch" err_has "$f:9:2: error: invalid field: 月份: 2025-04 is not the month being imported (--month 2025-05)"
	check "$f: non-numeric" err_has "$f:10:4: error: invalid field: 数值: \"九十\" is not a number of points"
	check "$f: wrong number of fields" err_has "$f:11:3: error: invalid field: 指标: missing: the row has 2 fields, the header 4"
	check "$f: database byte-for-byte unchanged" test "$(sum)" = "$before"
	check "$f: no May rows" test "$(q "SELECT count(*) FROM month_fact WHERE month = '2025-05'")" = 0
done

# The new kinds: a store figure in facts, an unknown deduction kind, a
# contribution base of a wrong year; nothing is stored.
printf 'employee_id,net_profit_fen\nE0001,1\n' > wrongkind.csv
check "store figure in facts is refused" exits 1 "$bin" import "$db" facts wrongkind.csv --month 2025-05
check "store figure in facts: column and reason" err_has "wrongkind.csv:1:2: error: invalid field: net_profit_fen: measure net_profit_fen is a figure of the store: import it with kind store"
printf '工号,月份,扣除项目,金额\nE0001,2025-05,子女教育,2000\nE0001,2025-05,养猫,100\n' > ded.csv
before=$(sum)
check "unknown deduction kind is refused" exits 1 "$bin" import "$db" iit_deduction ded.csv
check "unknown deduction kind: position" err_has "ded.csv:3:3: error: invalid field: 扣除项目: unknown deduction kind \"养猫\""
check "unknown deduction kind: database unchanged" test "$(sum)" = "$before"
printf '工号,年度,缴费基数\nE0052,2025,3000\n' > base.csv
check "a second base for the year is refused" exits 1 "$bin" import "$db" si_base base.csv
check "second base: position" err_has "base.csv:2:3: error: invalid field: 缴费基数: the base of E0052 for 2025 is already in the database"
check "second base: database unchanged" test "$(sum)" = "$before"

# Encoding problems: GBK bytes forced as UTF-8; a byte valid in neither.
check "GBK forced as UTF-8 is refused" exits 1 "$bin" import "$db" facts bad.gbk.csv --month 2025-05 --encoding utf-8
check "GBK forced as UTF-8: line and column" err_has "bad.gbk.csv:1:1: error: invalid text encoding: bytes 0xB9 0xA4: not valid UTF-8"
printf 'employee_id,month,measure,value\nE0009,2025-05,work_days,2\200\n' > enc.csv
check "invalid bytes are refused" exits 1 "$bin" import "$db" facts enc.csv
check "invalid bytes: line and column" err_has "enc.csv:2:26: error: invalid text encoding: bytes 0x80 0x0A: neither UTF-8 nor GBK"
printf 'employee_id,month,measure,value\nE0009,2025-05,"work_days,22\n' > open.csv
check "unterminated quote is refused" exits 1 "$bin" import "$db" facts open.csv
check "unterminated quote: where it opened" err_has "open.csv:2:3: error: malformed CSV: quoted field opened on line 2 is not closed"
check "unknown kind is exit 1" exits 1 "$bin" import "$db" payroll bad.csv
check "missing file is exit 1" exits 1 "$bin" import "$db" facts nosuch.csv
check "missing file: named" err_has "nosuch.csv"
check "--help exits 0" exits 0 "$bin" import --help

finish import
