#!/bin/sh
# End-to-end tests of decimal KPI values: a KPI sheet as Excel saves it
# (UTF-8 with BOM, CRLF, Chinese headers and KPI names) with 8.5, 96.3%,
# 82.55 and "1,000" is imported, the scorecard is rendered and pdftotext
# must show the exact values, achievement rates and points; the same
# sheet as an .xlsx (number cells and a percent-formatted cell) stores the
# same values; bad values (82.555, 八十, 10% on a KPI counted in 次) stop
# the import with file:line:column and the field, leaving the database
# unchanged.
# Prints "kpi: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
month=2025-04

txt_has() { # txt_has FILE LINE: a line of pdftotext -layout, spaces squeezed
	tr -s ' ' < "$1" | grep -F -x -q -- "$2" || { echo "$1 lacks the line: $2"; tr -s ' ' < "$1"; return 1; }
}
q() { sqlite3 "$db" "$1"; }
sum() { cksum < "$db"; }

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample

# E0009 is a sales consultant: 展厅销量 台, 店内投保率 %, 试乘试驾 次,
# SSI满意度 分, two graded rows.
printf '\357\273\277工号,姓名,考核指标,目标,实际,得分,备注\r\n' > kpi.csv
printf 'E0009,黄志强,展厅销量,12,8.5,,\r\n' >> kpi.csv
printf 'E0009,黄志强,店内投保率,90%%,96.3%%,,\r\n' >> kpi.csv
printf 'E0009,黄志强,试乘试驾,"12,000","11,000.25",,\r\n' >> kpi.csv
printf 'E0009,黄志强,SSI满意度,90,82.550,,\r\n' >> kpi.csv
printf 'E0009,黄志强,展车与展位6S,,,9.5,\r\n' >> kpi.csv
printf 'E0009,黄志强,服务规范与纪律,,,8,\r\n' >> kpi.csv

# The usual mistakes, each on its own line; nothing of the file is stored.
printf '\357\273\277工号,姓名,考核指标,目标,实际,得分,备注\r\n' > bad.csv
printf 'E0009,黄志强,展厅销量,12,8.555,,\r\n' >> bad.csv
printf 'E0009,黄志强,店内投保率,90%%,八十,,\r\n' >> bad.csv
printf 'E0009,黄志强,试乘试驾,10%%,8,,\r\n' >> bad.csv
before=$(sum)
check "bad values: exit 1" exits 1 "$bin" import "$db" kpi bad.csv --month $month
check "82.555: file, line, column, field" err_has 'hrpress: bad.csv:2:5: error: invalid field: 实际: "8.555" more than two decimals (the actual value of KPI UNITS)'
check "八十: not a number" err_has 'hrpress: bad.csv:3:5: error: invalid field: 实际: "八十" is not a number (82.5, at most two decimals) (the actual value of KPI INS)'
check "10% on a KPI counted in 次" err_has 'hrpress: bad.csv:4:4: error: invalid field: 目标: "10%": KPI TD is counted in 次, not in %: write its target without %'
check "bad values: database unchanged" test "$(sum)" = "$before"

check "import the Excel CSV" exits 0 "$bin" import "$db" kpi kpi.csv --month $month
check "import: counts printed" out_has "kpi.csv: 6 rows (UTF-8): 6 inserted, 0 updated"
check "8.5 stored exactly" test "$(q "SELECT actual_x100 FROM kpi_result WHERE employee_id = 'E0009' AND month = '$month' AND kpi_code = 'UNITS'")" = 850
check "96.3% on a % KPI stored as 96.3" test "$(q "SELECT target_x100 || '/' || actual_x100 FROM kpi_result WHERE employee_id = 'E0009' AND month = '$month' AND kpi_code = 'INS'")" = 9000/9630
check "12,000 and 11,000.25" test "$(q "SELECT target_x100 || '/' || actual_x100 FROM kpi_result WHERE employee_id = 'E0009' AND month = '$month' AND kpi_code = 'TD'")" = 1200000/1100025
check "total points 8.5/12×40 + 15 + 11,000.25/12,000×10 + 82.55/90×15 + 9.5 + 8" test "$(q "SELECT sum(points_x100) FROM kpi_score WHERE employee_id = 'E0009' AND month = '$month'")" = $((7083 * 40 / 100 + 1500 + 9166 * 10 / 100 + 9172 * 15 / 100 + 950 + 800))

check "render the scorecard" exits 0 "$bin" scorecards "$db" --month $month --employee E0009 -o sc.pdf
check "scorecard: qpdf --check" qpdf --check sc.pdf
check "scorecard: every font embedded" sh -c "pdffonts sc.pdf | awk 'NR > 2 && \$(NF-4) != \"yes\" { exit 1 }'"
pdftotext -layout sc.pdf sc.txt
check "scorecard: 8.5台, 70.83%, 28.3 points" txt_has sc.txt " 1 展厅销量 40 12台 8.5台 70.83% 28.3"
check "scorecard: 96.3%, capped at 100%" txt_has sc.txt " 2 店内投保率 15 90% 96.3% 100.00% 15.0"
check "scorecard: 12,000次 and 11,000.25次 on one line" txt_has sc.txt " 3 试乘试驾 10 12,000次 11,000.25次 91.66% 9.2"
check "scorecard: 82.55分 (82.550 as written)" txt_has sc.txt " 4 SSI满意度 15 90分 82.55分 91.72% 13.8"
check "scorecard: the total" txt_has sc.txt "合计（满分100分） 100 83.7"

# The same sheet as Excel holds it: number cells, and 96.3% as 0.963 in a
# percent format.
if /usr/bin/python3 -c 'import openpyxl' 2> /dev/null; then
	/usr/bin/python3 - "$work/kpi.xlsx" <<'EOF'
import sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '考核'
ws.append(['工号', '姓名', '考核指标', '目标', '实际', '得分', '备注'])
ws.append(['E0009', '黄志强', '展厅销量', 12, 9.5, None, None])
ws.append(['E0009', '黄志强', '店内投保率', 0.9, 0.963, None, None])
ws['D3'].number_format = '0%'
ws['E3'].number_format = '0.0%'
ws.append(['E0009', '黄志强', '试乘试驾', 1000, 750.25, None, None])
ws.append(['E0009', '黄志强', 'SSI满意度', 90, 82.5, None, None])
ws.append(['E0009', '黄志强', '展车与展位6S', None, None, 9.5, None])
ws.append(['E0009', '黄志强', '服务规范与纪律', None, None, 8, None])
wb.save(sys.argv[1])
EOF
	check "import the .xlsx with --replace" exits 0 "$bin" import "$db" kpi kpi.xlsx --month $month --replace
	check "xlsx: 9.5 from a number cell" test "$(q "SELECT actual_x100 FROM kpi_result WHERE employee_id = 'E0009' AND month = '$month' AND kpi_code = 'UNITS'")" = 950
	check "xlsx: 0.963 shown as 96.3% stored as 96.3" test "$(q "SELECT target_x100 || '/' || actual_x100 FROM kpi_result WHERE employee_id = 'E0009' AND month = '$month' AND kpi_code = 'INS'")" = 9000/9630
	check "xlsx: 750.25" test "$(q "SELECT actual_x100 FROM kpi_result WHERE employee_id = 'E0009' AND month = '$month' AND kpi_code = 'TD'")" = 75025
	check "render again" exits 0 "$bin" scorecards "$db" --month $month --employee E0009 -o sc2.pdf
	pdftotext -layout sc2.pdf sc2.txt
	check "scorecard: 750.25次" txt_has sc2.txt " 3 试乘试驾 10 1,000次 750.25次 75.02% 7.5"
	check "scorecard: 82.5分" txt_has sc2.txt " 4 SSI满意度 15 90分 82.5分 91.66% 13.7"
else
	echo "kpi: python3-openpyxl missing; the .xlsx checks are skipped"
fi

finish kpi
