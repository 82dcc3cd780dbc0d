#!/bin/sh
# End-to-end tests of hrpress import from Excel workbooks written by an
# independent writer (openpyxl, tests/tools/csv2xlsx.py) at test time: every
# sample CSV of April 2025 saved as .xlsx (numbers as numbers, dates as
# serials and as text, months as dates, a Chinese sheet name, blank rows)
# must give the same tables and the same payslips as the CSV files; the
# usual mistakes (merged header, a bank account typed as a number, a formula
# without a saved value, .xls, a zip bomb, too many rows) fail with the cell
# named and the database unchanged; a 50,000-row sheet is read and its
# peak memory printed.
# Prints "xlsx: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
csv=$top/samples/csv
py=/usr/bin/python3
month=2025-04

same() { [ "$1" = "$2" ] || { echo "got:  $1"; echo "want: $2"; return 1; }; }

if ! $py -c 'import openpyxl' 2>/dev/null; then
	echo "xlsx: python3-openpyxl is missing (scripts/deps.sh installs it)"
	exit 1
fi
cd "$work"
# Every sample CSV used below saved as .xlsx by csv2xlsx.py, all in one
# Python process (loading openpyxl alone takes a third of a second): the
# monthly kinds on a sheet 工资表 with blank rows, the store's own kinds on
# a sheet 组织; and dept-bad.xlsx, qh-departments with a bad 排序 cell.
$py - "$top/tests/tools" "$csv" <<'PY'
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from csv2xlsx import convert
import openpyxl
csv = sys.argv[2]
for n in ('staff-2025-04.gbk', 'facts-2025-04', 'sales-2025-04',
          'kpi-2025-04.gbk', 'store-2025-04', 'si_base-2025.gbk',
          'iit_deduction-2025-04.gbk'):
    convert('%s/%s.csv' % (csv, n), n + '.xlsx', '工资表', True)
for n in ('qh-stores', 'qh-departments', 'qh-positions.gbk', 'qh-models'):
    convert('%s/%s.csv' % (csv, n), n + '.xlsx', '组织')
wb = openpyxl.load_workbook('qh-departments.xlsx')
wb.active['D3'] = '第二'
wb.save('dept-bad.xlsx')
PY
"$bin" init csv.db --sample > /dev/null
"$bin" init xl.db --sample > /dev/null
db=xl.db

# Every kind, once from CSV and once from the same data saved as .xlsx.
for spec in "staff staff-2025-04.gbk" "facts facts-2025-04 --month $month" \
    "sales sales-2025-04 --month $month" "kpi kpi-2025-04.gbk --month $month" \
    "store store-2025-04" "si_base si_base-2025.gbk" \
    "iit_deduction iit_deduction-2025-04.gbk --month $month"; do
	set -- $spec
	kind=$1 name=$2; shift 2
	"$bin" import csv.db "$kind" "$csv/$name.csv" "$@" > /dev/null
	check "$kind: xlsx imports" exits 0 "$bin" import xl.db "$kind" "$name.xlsx" "$@"
	check "$kind: sheet named in the report" out_has "$name.xlsx: sheet 工资表: "
done
for t in employee month_fact vehicle_sale kpi_result store_fact si_base iit_deduction; do
	check "$t: the same rows from xlsx and from CSV" same \
	    "$(sqlite3 xl.db "SELECT * FROM $t ORDER BY 1, 2, 3" | cksum)" \
	    "$(sqlite3 csv.db "SELECT * FROM $t ORDER BY 1, 2, 3" | cksum)"
done
check "dates typed as text and as serials: hire date" same \
    "$(sqlite3 xl.db "SELECT hire_date FROM employee WHERE id = 'E0052'")" 2025-04-01
"$bin" payroll csv.db --month $month > /dev/null 2>&1
check "payroll from the xlsx data" exits 0 "$bin" payroll xl.db --month $month
check "payslips to the fen the same as from CSV" same \
    "$(sqlite3 xl.db "SELECT employee_id, gross_fen, net_fen FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '$month' ORDER BY 1" | cksum)" \
    "$(sqlite3 csv.db "SELECT employee_id, gross_fen, net_fen FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '$month' ORDER BY 1" | cksum)"

# A workbook renamed to .csv is still read as a workbook.
cp staff-2025-04.gbk.xlsx renamed.csv
check "a renamed .xlsx is read by its content" exits 0 "$bin" import xl.db staff renamed.csv
check "renamed: read as a sheet" out_has "renamed.csv: sheet 工资表: 2 rows"

# The mistakes, each with the cell named and nothing stored.
$py - <<'PY'
import datetime, openpyxl, zipfile
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '员工信息'
ws.append(['工号', '姓名', '岗位', '级别', '入职日期', '底薪（元）', '绩效工资（元）', '银行账号'])
ws.append(['E0060', '周敏', 'SAL-CONS', 1, datetime.date(2025, 4, 7), 2500, 3000, '6222020200001234567'])
ws.append(['E0061', '吴磊', 'SAL-CONS', 1, '2025/4/8', 2500, 3000, 6222020200001234567])
ws.append(['E0062', '郑洁', 'SAL-CONS', 'x', '2025年4月9日', '=F2*1.1', 3000, '6222020200007654321'])
wb.save('mistakes.xlsx')
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '工资表'
ws.append(['员工', None, '底薪（元）']); ws.append(['工号', '姓名', '底薪（元）'])
ws.append(['E0012', '马晓丽', 3000]); ws.merge_cells('A1:B1')
wb.save('merged.xlsx')
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '说明'
ws.append(['这张表是说明']); ws2 = wb.create_sheet('调薪')
ws2.append(['工号', '底薪（元）']); ws2.append(['E0012', 3100.5])
wb.save('sheets.xlsx')
# A zip bomb: a sheet of 300 MB of blanks packs into some 300 KB.
src = zipfile.ZipFile('merged.xlsx')
with zipfile.ZipFile('bomb.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for n in src.namelist():
        if n != 'xl/worksheets/sheet1.xml':
            z.writestr(n, src.read(n))
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for i in range(300):
            f.write(b' ' * (1 << 20))
        f.write(b'</sheetData></worksheet>')
# Under the size cap, but 100 MB from some 100 KB: the ratio gives it away.
with zipfile.ZipFile('bomb2.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for n in src.namelist():
        if n != 'xl/worksheets/sheet1.xml':
            z.writestr(n, src.read(n))
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for i in range(100):
            f.write(b' ' * (1 << 20))
        f.write(b'</sheetData></worksheet>')
# 100,001 rows after the header: over the row cap.
with zipfile.ZipFile('rows.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for n in src.namelist():
        if n != 'xl/worksheets/sheet1.xml':
            z.writestr(n, src.read(n))
    rows = ['<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 100003)]
    z.writestr('xl/worksheets/sheet1.xml', '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + ''.join(rows) + '</sheetData></worksheet>')
open('old.xls', 'wb').write(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504)
# mistakes2.xlsx: mistakes.xlsx without the reader's problems (a grade
# mistake left for import.c); good.xlsx: that corrected too
wb = openpyxl.load_workbook('mistakes.xlsx')
ws = wb.active
ws['H3'] = '6222020200001234567'; ws['F4'] = 2750
wb.save('mistakes2.xlsx')
wb.active['D4'] = 1
wb.save('good.xlsx')
PY
before=$(cksum < $db)
check "mistakes: refused" exits 1 "$bin" import $db staff mistakes.xlsx
check "a bank account typed as a number: cell and the fix" err_has \
    "mistakes.xlsx:员工信息!H3: error: cell cannot be imported: the number 6.22202E+18 has more digits than the 15 Excel keeps, so its last digits are lost: format the column as text (设置单元格格式 → 文本) and type the numbers again"
check "a formula saved without its value: cell named" err_has \
    "mistakes.xlsx:员工信息!F4: error: cell cannot be imported: a formula without a saved value"
check "mistakes: database unchanged" same "$(cksum < $db)" "$before"
# Without the reader's problems, import.c's checks name cells too.
check "grade mistake: refused" exits 1 "$bin" import $db staff mistakes2.xlsx
check "grade mistake: cell, column and value" err_has \
    "mistakes2.xlsx:员工信息!D4: error: invalid field: 级别: \"x\" is not a whole number"
check "grade mistake: database unchanged" same "$(cksum < $db)" "$before"
check "corrected workbook imports" exits 0 "$bin" import $db staff good.xlsx
check "dates as a date cell, 2025/4/8 and 2025年4月9日" same \
    "$(sqlite3 $db "SELECT group_concat(hire_date, ' ') FROM (SELECT hire_date FROM employee WHERE id IN ('E0060', 'E0061', 'E0062') ORDER BY id)")" \
    "2025-04-07 2025-04-08 2025-04-09"
check "bank account typed as text kept whole" same \
    "$(sqlite3 $db "SELECT bank_account FROM employee WHERE id = 'E0061'")" 6222020200001234567
before=$(cksum < $db)
check "merged header: refused" exits 1 "$bin" import $db staff merged.xlsx
check "merged header: the cells and what to do" err_has \
    "merged.xlsx:工资表!A1: error: cell cannot be imported: merged header cells A1:B1: unmerge them"
check "--sheet picks a sheet by its Chinese name" exits 0 "$bin" import $db staff sheets.xlsx --sheet 调薪
check "--sheet: read that sheet" out_has "sheets.xlsx: sheet 调薪: 1 rows: 0 inserted, 1 updated"
check "--sheet: the value stored" same "$(sqlite3 $db "SELECT base_fen FROM employee WHERE id = 'E0012'")" 310050
before=$(cksum < $db)
check "the first sheet is the default" exits 1 "$bin" import $db staff sheets.xlsx
check "first sheet: its header is checked" err_has "sheets.xlsx:说明!A1: error: invalid field: 这张表是说明: unknown column"
check "--sheet that does not exist" exits 1 "$bin" import $db staff sheets.xlsx --sheet 工资
check "--sheet: the sheets are listed" err_has "sheets.xlsx: error: cannot read the Excel workbook: no sheet named \"工资\": the workbook has 说明, 调薪"
check "--sheet with a CSV file" exits 1 "$bin" import $db staff "$csv/staff-2025-04.csv" --sheet 调薪
check "zip bomb refused" exits 1 "$bin" import $db staff bomb.xlsx
check "zip bomb: over the size cap" err_has "bomb.xlsx: error: workbook too large: xl/worksheets/sheet1.xml is larger than 256 MiB unpacked"
check "zip bomb under the size cap refused" exits 1 "$bin" import $db staff bomb2.xlsx
check "zip bomb: the ratio" err_has "bomb2.xlsx: error: workbook too large: xl/worksheets/sheet1.xml unpacks to more than 200 times its packed size"
check "100,001 rows refused" exits 1 "$bin" import $db facts rows.xlsx --month $month
check "row cap: the row named" err_has "rows.xlsx:工资表:100002: error: workbook too large: more than 100000 rows"
check ".xls refused" exits 1 "$bin" import $db staff old.xls
check ".xls: what to do" err_has "old.xls: error: cannot read the Excel workbook: an Excel 97-2003 workbook (.xls) or a workbook with a password: in Excel, save it without a password as Excel 工作簿 (.xlsx) or as CSV UTF-8"
check "refusals: database unchanged" same "$(cksum < $db)" "$before"

# The store's own kinds (stores, departments, positions, models) read the
# same records: the same rows as from CSV, and their checks name cells.
"$bin" init org-csv.db > /dev/null
"$bin" init org-xl.db > /dev/null
for spec in "stores qh-stores" "departments qh-departments" \
    "positions qh-positions.gbk" "models qh-models"; do
	set -- $spec
	"$bin" import org-csv.db "$1" "$csv/$2.csv" > /dev/null
	check "$1: xlsx imports" exits 0 "$bin" import org-xl.db "$1" "$2.xlsx"
done
for t in store department position vehicle_model; do
	check "$t: the same rows from xlsx and from CSV" same \
	    "$(sqlite3 org-xl.db "SELECT * FROM $t ORDER BY 1" | cksum)" \
	    "$(sqlite3 org-csv.db "SELECT * FROM $t ORDER BY 1" | cksum)"
done
before=$(cksum < org-xl.db)
check "departments: a bad cell refused" exits 1 "$bin" import org-xl.db departments dept-bad.xlsx
check "departments: the cell named" err_has "dept-bad.xlsx:组织!D3: error: invalid field: 排序"
check "departments: database unchanged" same "$(cksum < org-xl.db)" "$before"

# 50,000 sales in one sheet (inline strings, as openpyxl's streaming writer
# saves them): read in a bounded amount of memory. openpyxl writes each row
# of the sample once; the 50,000 rows are those rows again under new row
# numbers and sale numbers, byte for byte what openpyxl writes for them
# (and in a sixth of its time).
$py - "$csv/sales-2025-04.csv" <<'PY'
import csv, re, sys, zipfile, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig').read().splitlines()))
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet('销售明细')
ws.append(rows[0])
body = rows[1:]
n = len(body)
for i in range(n):
    r = list(body[i])
    r[0] = 26000000 + i
    for j in (5, 11, 12, 13, 14, 15):
        if r[j] != '':
            r[j] = float(r[j].replace(',', ''))
    ws.append(r)
wb.save('seed.xlsx')
src = zipfile.ZipFile('seed.xlsx')
sheet = src.read('xl/worksheets/sheet1.xml').decode()
cut = [m.start() for m in re.finditer('<row r="', sheet)]
end = sheet.index('</sheetData>')
seed = [sheet[a:b] for a, b in zip(cut[1:], cut[2:] + [end])]
ref = re.compile(r' r="([A-Z]*)\d+"')
out = [sheet[:cut[1]]]
for k in range(50000):
    t = seed[k % n]
    v = '<v>%d</v>' % (26000000 + k % n)
    assert v in t
    t = ref.sub(lambda m: ' r="%s%d"' % (m.group(1), k + 2), t)
    out.append(t.replace(v, '<v>%d</v>' % (26000000 + k), 1))
out.append(sheet[end:])
with zipfile.ZipFile('big.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for i in src.infolist():
        if i.filename == 'xl/worksheets/sheet1.xml':
            z.writestr(i, ''.join(out).encode(), zipfile.ZIP_DEFLATED)
        else:
            z.writestr(i, src.read(i.filename), zipfile.ZIP_DEFLATED)
PY
check "50,000 rows: imported" exits 0 /usr/bin/time -f %M -o rss.txt "$bin" import $db sales big.xlsx --month $month --replace
check "50,000 rows: counted" out_has "big.xlsx: sheet 销售明细: 50000 rows: 50000 inserted"
check "50,000 rows: stored under their sale numbers" same "$(sqlite3 $db "SELECT count(*) FROM vehicle_sale WHERE month = '$month' AND id BETWEEN 26000000 AND 26049999")" 50000
rss=$(tail -1 rss.txt)
echo "xlsx: 50,000-row sheet ($(wc -c < big.xlsx) bytes) peak RSS ${rss} KB"
# AddressSanitizer (make check-asan) keeps freed memory in quarantine and
# shadows all of it, so the bound holds for the plain build only.
if ldd "$bin" 2>/dev/null | grep -q libasan || nm "$bin" 2>/dev/null | grep -q __asan_init; then
	echo "xlsx: sanitizer build, peak RSS not checked"
else
	check "50,000 rows: peak RSS under 150 MB" test "$rss" -lt 153600
fi

finish xlsx
