#!/bin/sh
# End-to-end tests of what leaves hrpress for a spreadsheet or a bank: staff
# bank details imported from a file made the Excel way (GBK, CRLF, Chinese
# headers) and its usual mistakes, then the March run exported as the wide
# 工资表 and the bank list (代发工资) in .xlsx and .csv. The .xlsx files are
# read back with openpyxl: numbers are numbers in the format 0.00, the
# header is frozen, totals and department subtotals add up and equal both
# `payroll --format csv` and the net pay printed on the payslip PDF.
# Formula-like names are neutralised; masked numbers print masked.
# Prints "export: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
month=2025-03
py=/usr/bin/python3

q() { sqlite3 "$db" "$1"; }
sum() { cksum < "$db"; }

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample

# ---- staff bank details, the Excel way: GBK, CRLF, Chinese headers ----
# ID numbers get their GB 11643 check digit here, independently of hrpress;
# accounts are typed in groups of four as printed on the card.
q "SELECT id, name FROM employee ORDER BY id" > emps.txt
$py - emps.txt > staff.utf8.csv <<'EOF'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
out = ["工号,身份证号码,开户银行,银行卡号,电子邮箱"]
for n, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    eid, name = line.rstrip("\n").split("|")
    body = "11010519%02d%02d%02d%03d" % (70 + n % 25, 1 + n % 12, 1 + n % 28, n)
    idn = body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]
    acct = "6222 0202 %04d %04d 5%02d" % (n, 1000 + n, n % 100)
    out.append("%s,%s,中国工商银行朝阳支行,%s,%s@example.com"
               % (eid, idn, acct, eid.lower()))
sys.stdout.write("\r\n".join(out) + "\r\n")
EOF
check "staff file in GBK" iconv -f UTF-8 -t GBK -o staff.csv staff.utf8.csv
check "staff bank details (GBK, CRLF) import" exits 0 "$bin" import "$db" staff staff.csv
check "staff: every employee updated" out_has "(GBK): 0 inserted, 51 updated"
check "staff: account stored without spaces" test "$(q "SELECT bank_account FROM employee WHERE id = 'E0012'")" = "6222020200111011511"
check "staff: every ID number stored, 18 characters" test "$(q "SELECT count(*) FROM employee WHERE length(id_number) = 18")" = 51
check "staff: e-mail stored" test "$(q "SELECT email FROM employee WHERE id = 'E0001'")" = "e0001@example.com"

# The usual mistakes: a mistyped ID digit, an account Excel turned into
# 6.22202E+18, an old 15-digit number. Nothing is stored.
before=$(sum)
printf '工号,身份证号,银行账号\r\nE0001,110105197001010001,6222020200001000500\r\nE0002,110105197101020011,6.22202E+18\r\nE0003,110105491231002,62220202\r\n' | iconv -f UTF-8 -t GBK > mistakes.csv
check "mistakes: exit 1" exits 1 "$bin" import "$db" staff mistakes.csv
check "mistakes: wrong check digit at line:column" err_has "mistakes.csv:2:2: error: invalid field: 身份证号: \"110105197001010001\" has a wrong check digit"
check "mistakes: scientific notation explained" err_has "mistakes.csv:3:3: error: invalid field: 银行账号: \"6.22202E+18\" is in scientific notation: Excel dropped digits; format the column as text in Excel"
check "mistakes: 15-digit number refused" err_has "mistakes.csv:4:2: error: invalid field: 身份证号: \"110105491231002\" is an old 15-digit ID number"
check "mistakes: database unchanged" test "$(sum)" = "$before"
# A file without the bank columns leaves them alone.
printf '工号,底薪（元）\r\nE0012,"3,000.00"\r\n' > raise.csv
check "raise without bank columns" exits 0 "$bin" import "$db" staff raise.csv
check "raise: account kept" test "$(q "SELECT bank_account FROM employee WHERE id = 'E0012'")" = "6222020200111011511"
# Names a spreadsheet would run as formulas.
printf '工号,姓名\nE0020,"=HYPERLINK(""http://x"",""y"")"\nE0021,+1+1\n' > evil.csv
check "formula-like names imported" exits 0 "$bin" import "$db" staff evil.csv

check "payroll $month" exits 0 "$bin" payroll "$db" --month "$month"

# ---- exports ----
check "export wide .xlsx" exits 0 "$bin" export "$db" --month "$month" --kind payroll-wide -o 工资表.xlsx
check "export: says what it wrote" out_has "wrote 工资表.xlsx (51 employees, net pay "
check "export wide .csv --bom" exits 0 "$bin" export "$db" --month "$month" --kind payroll-wide -o wide.csv --bom
check "export bank .xlsx" exits 0 "$bin" export "$db" --month "$month" --kind bank -o 代发.xlsx
check "export bank .csv" exits 0 "$bin" export "$db" --month "$month" --kind bank -o bank.csv
check "payroll --format wide-csv --raw" exits 0 "$bin" payroll "$db" --month "$month" --format wide-csv --raw
cp "$work/x.out" wide-raw.csv
check "payroll --format csv --bom" exits 0 "$bin" payroll "$db" --month "$month" --format csv --bom
cp "$work/x.out" lines.csv
check "export: no temporary file left" test "$(ls | grep -c 'XXXXXX\|\.[A-Za-z0-9]\{6\}$')" = 0
check "BOM: export --bom" test "$(head -c 3 wide.csv | od -An -tx1 | tr -d ' ')" = efbbbf
check "BOM: payroll --format csv --bom" test "$(head -c 3 lines.csv | od -An -tx1 | tr -d ' ')" = efbbbf
check "BOM: none without --bom" test "$(head -c 3 bank.csv | od -An -tx1 | tr -d ' ')" != efbbbf
check "csv: CRLF line ends" sh -c "head -1 bank.csv | od -c | grep -q '\\\\r  \\\\n'"

# Net pay of every payslip as printed.
check "payslips PDF" exits 0 "$bin" payslips "$db" --month "$month" -o slips.pdf
pdftotext -layout slips.pdf slips.txt

cat > check.py <<'EOF'
import csv, io, re, sys
import openpyxl

errors = []
def need(cond, what):
    if not cond:
        errors.append(what)

def fen(x):
    return round(x * 100)

# Independent sums: the stored lines and the payslip PDF.
lines = list(csv.DictReader(io.open("lines.csv", encoding="utf-8-sig", newline="")))
gross = sum(fen(float(l["amount_yuan"])) for l in lines if l["category"] != "deduction")
ded = sum(fen(float(l["amount_yuan"])) for l in lines if l["category"] == "deduction")
pdf_net = sum(fen(float(m.replace(",", ""))) for m in re.findall(
    r"实发金额（应发合计 − 扣款合计）\s+¥([0-9,.]+)", open("slips.txt", encoding="utf-8").read()))
need(pdf_net == gross - ded, "payslip PDF net %d != csv lines %d" % (pdf_net, gross - ded))

wb = openpyxl.load_workbook("工资表.xlsx")
ws = wb.worksheets[0]
need(ws.title == "2025-03工资表", "sheet title %r" % ws.title)
need(ws.freeze_panes == "D2", "header and names not frozen: %r" % ws.freeze_panes)
need(ws.page_setup.orientation == "landscape", "not landscape")
need(ws.print_title_rows in ("1:1", "$1:$1"), "header not repeated: %r" % ws.print_title_rows)
rows = list(ws.iter_rows())
head = [c.value for c in rows[0]]
need(head[:4] == ["部门", "工号", "姓名", "岗位"], "header %r" % head[:4])
need(head[-3:] == ["应发合计", "扣款合计", "实发工资"], "header end %r" % head[-3:])
need(all(c.font.b for c in rows[0]), "header not bold")
body = [r for r in rows[1:] if r[1].value not in ("小计", None)]
need(len(body) == 51, "%d employee rows" % len(body))
for r in rows[1:]:
    for c in r[4:]:
        if c.value is not None:
            need(isinstance(c.value, (int, float)), "%s is not a number: %r" % (c.coordinate, c.value))
            need(c.number_format == "0.00", "%s format %r" % (c.coordinate, c.number_format))
net_col = len(head) - 1
need(sum(fen(r[net_col].value) for r in body) == pdf_net, "xlsx net != payslips")
need(sum(fen(r[net_col - 2].value) for r in body) == gross, "xlsx gross != lines")
need(sum(fen(r[net_col - 1].value) for r in body) == ded, "xlsx deductions != lines")
total = rows[-1]
need(total[0].value == "合计" and total[0].font.b, "last row is not a bold 合计")
for j in range(4, len(head)):
    col = sum(fen(r[j].value or 0) for r in body)
    need(fen(total[j].value or 0) == col, "total of %s" % head[j])
# each department's 小计 is the sum of its rows, just above it
depts, cur = {}, []
for r in rows[1:-1]:
    if r[1].value == "小计":
        need(r[1].font.b, "subtotal not bold")
        for j in range(4, len(head)):
            need(fen(r[j].value or 0) == sum(fen(x[j].value or 0) for x in cur),
                 "subtotal %s %s" % (r[0].value, head[j]))
        need(all(x[0].value == r[0].value for x in cur), "department mixed")
        depts[r[0].value] = len(cur)
        cur = []
    else:
        cur.append(r)
need(cur == [], "rows after the last subtotal")
need(len(depts) >= 5 and sum(depts.values()) == 51, "departments %r" % depts)
# formula-like names neutralised, in xlsx and csv; raw keeps them
names = {r[1].value: r[2].value for r in body}
need(names["E0020"] == "'=HYPERLINK(\"http://x\",\"y\")", "xlsx name %r" % names["E0020"])
need(names["E0021"] == "'+1+1", "xlsx name %r" % names["E0021"])
w = list(csv.reader(io.open("wide.csv", encoding="utf-8-sig", newline="")))
wn = {r[1]: r[2] for r in w}
need(wn["E0020"] == "'=HYPERLINK(\"http://x\",\"y\")", "csv name %r" % wn["E0020"])
need(wn["E0021"] == "'+1+1", "csv name %r" % wn["E0021"])
r = {r[1]: r[2] for r in csv.reader(io.open("wide-raw.csv", encoding="utf-8", newline=""))}
need(r["E0021"] == "+1+1", "raw name %r" % r["E0021"])
ln = [l["employee_name"] for l in lines if l["employee_id"] == "E0021"]
need(ln and all(n == "'+1+1" for n in ln), "payroll csv name %r" % ln[:1])
need(w[-1][0] == "合计" and fen(float(w[-1][-1])) == pdf_net, "csv total %r" % w[-1][-1:])

# the bank list
wb = openpyxl.load_workbook("代发.xlsx")
ws = wb.worksheets[0]
need(wb.sheetnames == ["2025-03代发工资"], "bank sheets %r" % wb.sheetnames)
need(ws.freeze_panes == "A2", "bank header not frozen")
rows = list(ws.iter_rows())
need([c.value for c in rows[0]] == ["序号", "户名", "开户行", "银行账号", "金额", "工号"],
     "bank header %r" % [c.value for c in rows[0]])
pay = rows[1:-1]
need(len(pay) == 51, "%d transfers" % len(pay))
for r in pay:
    need(isinstance(r[3].value, str) and r[3].value.isdigit(), "account %r not text digits" % r[3].value)
    need(isinstance(r[4].value, (int, float)) and r[4].number_format == "0.00", "amount %s" % r[4].coordinate)
need(sum(fen(r[4].value) for r in pay) == pdf_net, "bank total != payslips")
need(rows[-1][0].value == "合计" and fen(rows[-1][4].value) == pdf_net and rows[-1][4].font.b,
     "bank 合计 row")
acct = {r[5].value: r[3].value for r in pay}
need(acct["E0012"] == "6222020200111011511", "E0012 account %r" % acct["E0012"])
b = list(csv.reader(io.open("bank.csv", encoding="utf-8", newline="")))
need(sum(fen(float(r[4])) for r in b[1:-1]) == pdf_net, "bank csv total")
need(b[1][3].isdigit(), "bank csv account %r" % b[1][3])

if errors:
    print("\n".join(errors))
    sys.exit(1)
EOF
check "openpyxl: numbers, formats, frozen header, totals = payslips" $py check.py

# ---- the bank list when an account is missing ----
printf '工号,银行账号\r\nE0016,\r\n' > clear.csv
check "clear one account" exits 0 "$bin" import "$db" staff clear.csv
rm -f missing.xlsx
check "bank: missing account is an error" exits 1 "$bin" export "$db" --month "$month" --kind bank -o missing.xlsx
check "bank: names the employee and the fix" err_has "error: employee has no bank account for the bank list: E0016 𠮷文博 (net pay"
check "bank: --allow-missing named in the message" err_has "--allow-missing"
check "bank: no file written" test ! -e missing.xlsx
check "bank --allow-missing" exits 0 "$bin" export "$db" --month "$month" --kind bank -o missing.xlsx --allow-missing
check "bank --allow-missing: warning" err_has "warning: employee left out of the bank list: E0016"
check "bank --allow-missing: listed apart" $py -c "
import openpyxl
wb = openpyxl.load_workbook('missing.xlsx')
assert wb.sheetnames[1] == '未代发', wb.sheetnames
rows = list(wb.worksheets[1].iter_rows(values_only=True))
assert rows[1][0] == 'E0016' and rows[1][3] == '无银行账号', rows
assert len(list(wb.worksheets[0].iter_rows())) == 1 + 50 + 1
"

# ---- command-line mistakes ----
check "export -o the database: refused" exits 1 "$bin" export "$db" --month "$month" --kind payroll-wide -o "$db" --format xlsx
check "export -o the database: database intact" test "$(q "SELECT count(*) FROM employee")" = 51
check "export: unknown kind" exits 1 "$bin" export "$db" --month "$month" --kind wages -o x.xlsx
check "export: unknown kind says the kinds" err_has "expected payroll-wide or bank"
check "export: no extension" exits 1 "$bin" export "$db" --month "$month" --kind bank -o list
check "export: no extension says what to do" err_has "name the file .xlsx or .csv"
check "export: month without a run" exits 1 "$bin" export "$db" --month 2025-08 --kind bank -o x.csv
check "export: month without a run says the command" err_has "no payroll stored for the month: 2025-08: run hrpress payroll"
check "export -o - writes CSV to stdout" exits 0 "$bin" export "$db" --month "$month" --kind bank -o - --allow-missing
check "export -o -: the CSV" out_has "序号,户名,开户行,银行账号,金额,工号"
check "export --help" exits 0 "$bin" export --help
check "export --help names the kinds" out_has "payroll-wide"

# ---- masked numbers on a printed page ----
cat > mask.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<template xmlns="urn:hrpress:template:1" version="1" name="mask">
  <query name="e">SELECT name, id_number, bank_account FROM employee WHERE id = 'E0012'</query>
  <body>
    <section query="e">
      <para>账号 <field value="e.bank_account" format="mask(4,4,4)"/></para>
      <para>身份证 <field value="e.id_number" format="mask(6,4)"/></para>
      <para>姓名 <field value="e.name" format="mask(1,0)"/></para>
    </section>
  </body>
</template>
EOF
idn=$(q "SELECT id_number FROM employee WHERE id = 'E0012'")
check "mask: render" exits 0 "$bin" render "$db" mask.xml -o mask.pdf
pdftotext mask.pdf mask.txt
check "mask: account in groups" grep -q -F "账号 6222 **** **** ***1 511" mask.txt
check "mask: ID number" grep -q -F "身份证 $(echo "$idn" | cut -c1-6)********$(echo "$idn" | cut -c15-18)" mask.txt
check "mask: name, characters not bytes" grep -q -F "姓名 马**" mask.txt
check "mask: the full account is not printed" sh -c "! grep -q 6222020200111011511 mask.txt"

finish export
