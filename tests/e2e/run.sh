#!/bin/sh
# End-to-end tests: build the sample database, run payroll, render the three
# documents and check them with independent tools (pdftotext, pdffonts,
# qpdf, the glyph ink checker, sqlite3), then check that bad input fails
# cleanly. Prints "e2e: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
raw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
py=/usr/bin/python3
month=2025-03

# pdftext PDF: text with -layout into PDF.txt; fails on any stderr output.
pdftext() {
	pdftotext -layout "$1" "$1.txt" 2> "$1.err" || return 1
	[ ! -s "$1.err" ] || { cat "$1.err"; return 1; }
}
has() { grep -F -q -- "$2" "$1" || { echo "missing: $2"; return 1; }; }
fonts_ok() { # every font embedded, subset, with ToUnicode
	pdffonts "$1" > "$1.fonts" 2>&1 || return 1
	n=$(tail -n +3 "$1.fonts" | wc -l)
	[ "$n" -ge 1 ] || { echo "no fonts"; return 1; }
	tail -n +3 "$1.fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") { print; bad = 1 } } END { exit bad }'
}

cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
for m in 2025-01 2025-02 2025-03; do
	check "payroll $m" "$bin" payroll "$db" --month $m
done

# Stored runs print line by line, without computing: RFC 4180 CSV, JSON.
check "payroll --format csv" sh -c "'$bin' payroll '$db' --month $month --format csv > run.csv"
check "payroll --format json" sh -c "'$bin' payroll '$db' --month $month --format json > run.json"
check "json is valid" $py -m json.tool run.json
csv_ok() {
	$py - "$db" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open('run.csv', encoding='utf-8', newline='')))
db = sqlite3.connect(sys.argv[1])
n, total = db.execute("SELECT count(*), sum(amount_fen) FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2025-03'").fetchone()
assert len(rows) == n, (len(rows), n)
got = sum(round(float(r['amount_yuan']) * 100) for r in rows)
assert got == total, (got, total)
assert any(',' in r['basis'] or '"' in r['basis'] or r['category'] == 'deduction' for r in rows)
PY
}
check "csv: every stored line, amounts add up" csv_ok
check "--format on a month without a run is exit 1" exits 1 "$bin" payroll "$db" --month 2024-01 --format csv
# Net = gross - deductions on every slip, and each equals its lines.
check "slips: net = gross - deductions = lines" test "$(sqlite3 "$db" "SELECT count(*) FROM pay_slip s WHERE net_fen <> gross_fen - deduction_fen OR gross_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM pay_line l WHERE l.run_id = s.run_id AND l.employee_id = s.employee_id AND category <> 'deduction') OR deduction_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM pay_line l WHERE l.run_id = s.run_id AND l.employee_id = s.employee_id AND category = 'deduction')")" = 0
check "no negative earning line" test "$(sqlite3 "$db" "SELECT count(*) FROM pay_line WHERE amount_fen < 0")" = 0
check "every employee has income tax withheld (>= 0)" test "$(sqlite3 "$db" "SELECT count(*) FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '$month' AND rule_code = 'iit'")" = 51
# A 2025-07 version with another loan-fee tier leaves a recomputed March alone.
sqlite3 "$db" "SELECT employee_id, rule_code, amount_fen, basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '$month' ORDER BY 1, 2" > march1.txt
sqlite3 "$db" "INSERT INTO scheme_version (scheme_id, valid_from, note) VALUES ('SALES2015', '2025-07', 'test');
 INSERT INTO pay_rule SELECT (SELECT id FROM scheme_version WHERE scheme_id = 'SALES2015' AND valid_from = '2025-07'), seq, code, name, category, calc, measure, tier_table, tier_measure, amount_fen, ratio_num, ratio_den, item_filter, item_key, cond_measure, cond_min, cond_max, cond2_measure, cond2_min, cond2_max, note FROM pay_rule WHERE version_id = (SELECT id FROM scheme_version WHERE scheme_id = 'SALES2015' AND valid_from = '2015-01');
 INSERT INTO tier SELECT (SELECT id FROM scheme_version WHERE scheme_id = 'SALES2015' AND valid_from = '2025-07'), table_code, lo, lo_strict, CASE WHEN table_code = 'loan_fee' THEN value + 10000 ELSE value END, note, key FROM tier WHERE version_id = (SELECT id FROM scheme_version WHERE scheme_id = 'SALES2015' AND valid_from = '2015-01');"
check "payroll $month again after a 2025-07 version" "$bin" payroll "$db" --month $month
sqlite3 "$db" "SELECT employee_id, rule_code, amount_fen, basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '$month' ORDER BY 1, 2" > march2.txt
check "2025-07 tier change does not change 2025-03" cmp march1.txt march2.txt
# All or nothing: a missing fact names the employee on stdout, stores nothing.
cp "$db" fail.db
sqlite3 fail.db "DELETE FROM month_fact WHERE employee_id = 'E0044' AND month = '$month' AND measure = 'bottles'; DELETE FROM pay_run WHERE month = '$month'"
check "payroll with a missing fact is exit 1" exits 1 "$bin" payroll fail.db --month $month
check "failed payroll lists the employee and reason" grep -q "E0044 姜楠: missing data: 养护用品瓶数" "$work/x.out"
check "failed payroll stores nothing" test "$(sqlite3 fail.db "SELECT count(*) FROM pay_run WHERE month = '$month'")" = 0

check "handbook renders" "$bin" handbook "$db" -D year=2025 -o hb.pdf
check "scorecards render" "$bin" scorecards "$db" --month $month -o sc.pdf
check "payslips render" "$bin" payslips "$db" --month $month -o ps.pdf

check "payroll summary renders" "$bin" render "$db" "$top/templates/payroll-summary.xml" --month $month -o sum.pdf

for f in hb.pdf sc.pdf ps.pdf sum.pdf; do
	check "$f: pdftotext without warnings" pdftext $f
	check "$f: fonts embedded, subset, ToUnicode" fonts_ok $f
	check "$f: qpdf --check" qpdf --check $f
done
# one run of each checker over the four (they name the file that fails)
check "every drawn glyph has ink" $py "$top/tests/tools/inkcheck.py" hb.pdf sc.pdf ps.pdf sum.pdf
check "no line breaks against the kinsoku rules" $py "$top/tests/tools/kinsoku.py" hb.pdf sc.pdf ps.pdf sum.pdf
# The kinsoku checker is not blind: a forced break before ， must be seen.
cat > kinsoku.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <body><para>第一行<br/>，第二行以逗号开头</para></body>
</template>
X
check "kinsoku negative control renders" "$bin" render "$db" kinsoku.xml -o kinsoku.pdf
check "kinsoku checker rejects a line starting with ，" exits 1 $py "$top/tests/tools/kinsoku.py" kinsoku.pdf

# The ink checker is not blind: libharu's own embedding of the full font
# draws 资编额标实 with components missing, and the checker must say so.
check "negative control renders" "$raw" raw.pdf
check "ink checker rejects libharu's full-font embedding" exits 1 $py "$top/tests/tools/inkcheck.py" raw.pdf

# The rare-character names come back exactly, on scorecards and payslips.
for name in 喆 堃 昇 玥 𠮷; do
	check "payslips show $name" has ps.pdf.txt "$name"
	check "scorecards show $name" has sc.pdf.txt "$name"
done

# One payslip per stored pay slip, one scorecard per employee with KPIs.
slips=$(sqlite3 "$db" "SELECT count(*) FROM pay_slip JOIN pay_run r ON r.id = run_id WHERE r.month = '$month'")
pages=$(pdfinfo ps.pdf | awk '/^Pages:/ { print $2 }')
check "payslips: one page per employee ($slips)" test "$pages" = "$slips"
cards=$(sqlite3 "$db" "SELECT count(DISTINCT employee_id) FROM kpi_result WHERE month = '$month'")
pages=$(pdfinfo sc.pdf | awk '/^Pages:/ { print $2 }')
check "scorecards: one page per employee ($cards)" test "$pages" = "$cards"

# Every net amount on the payslips is the stored one, and in 大写 too.
sqlite3 -separator ' ' "$db" "SELECT e.name, ps.net_fen FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id JOIN employee e ON e.id = ps.employee_id WHERE r.month = '$month'" > nets.txt
nets_ok() {
	while read -r name fen; do
		yuan=$(printf '%s' "$fen" | awk '{ printf "%.2f", $1 / 100 }' | sed ':a;s/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/;ta')
		has ps.pdf.txt "¥$yuan" || return 1
	done < nets.txt
}
check "payslips: every net amount matches the database" nets_ok
# 工资汇总表: its grand total is the sum of the payslips' net amounts.
summary_ok() {
	total=$(sqlite3 "$db" "SELECT printf('%.2f', sum(net_fen) / 100.0) FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id WHERE r.month = '$month'" | sed ':a;s/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/;ta')
	has sum.pdf.txt "总计实发 ¥$total" || return 1
	sum=0
	for fen in $(cut -d' ' -f2 nets.txt); do sum=$((sum + fen)); done
	want=$(sqlite3 "$db" "SELECT sum(net_fen) FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id WHERE r.month = '$month'")
	[ "$sum" = "$want" ] || { echo "payslip nets $sum != $want"; return 1; }
}
check "summary: grand total = sum of payslip nets" summary_ok
check "summary: every department listed" has sum.pdf.txt "售后服务部"
check "payslips: deductions and tax shown" has ps.pdf.txt "个人所得税"
check "payslips: no deduction prints as -0.00" sh -c "! grep -Eq '(^|[^0-9])[-−]0\.00' ps.pdf.txt"
check "payslips: net pay in Chinese uppercase" has ps.pdf.txt "实发金额（大写）："
check "payslips: page numbers" grep -E -q "第 *1 *页 */ *共 *1 *页" ps.pdf.txt
check "scorecards: signature lines" has sc.pdf.txt "被考核人（签字）："
check "scorecards: total out of 100" has sc.pdf.txt "合计（满分100分）"

# Handbook: TOC entries carry the page where the department starts.
toc_ok() {
	tail=$(grep -n "销售部" hb.pdf.txt | head -1)
	line=$(grep -m1 -E "^ *销售部[ .·…]+ *[0-9]+ *$" hb.pdf.txt) || { echo "no TOC line for 销售部"; return 1; }
	page=$(echo "$line" | grep -oE '[0-9]+ *$' | tr -d ' ')
	pdftotext -f "$page" -l "$page" -layout hb.pdf - 2>/dev/null | grep -q "销售部" \
		|| { echo "page $page does not show 销售部 ($tail)"; return 1; }
}
check "handbook: TOC page number points at the department" toc_ok
check "handbook: title in document info" sh -c "pdfinfo hb.pdf | grep -q '岗位说明书汇编'"
check "handbook: bookmarks" sh -c "qpdf --json hb.pdf | grep -q '/Outlines'"

# Bad input: clear message with position, exit 1, no output file.
check "missing database is exit 1" exits 1 "$bin" payslips nosuch.db --month $month -o a.pdf
check "missing database: message names the file" err_has "nosuch.db"
check "invalid month is exit 1" exits 1 "$bin" payslips "$db" --month 2025-13 -o a.pdf
check "no output on failure" test ! -e a.pdf
cat > broken.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <body>
    <para>unclosed
  </body>
</template>
X
check "malformed template is exit 1" exits 1 "$bin" render "$db" broken.xml -o b.pdf
check "malformed template: file and line" err_has "broken.xml:4"
cat > invalid.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <body>
    <para>ok</para>
    <chart/>
  </body>
</template>
X
check "schema-invalid template is exit 1" exits 1 "$bin" render "$db" invalid.xml -o b.pdf
check "schema-invalid template: file and line" err_has "invalid.xml:4"
cat > badsql.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">SELECT id,
      nmae FROM employee</query>
  <body>
    <section query="q" as="e"><para><field value="e.id"/></para></section>
  </body>
</template>
X
check "SQL error is exit 1" exits 1 "$bin" render "$db" badsql.xml -o b.pdf
check "SQL error points at the template line" err_has "badsql.xml:3"
cat > badfield.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">SELECT id, name FROM employee</query>
  <body>
    <section query="q" as="e">
      <para><field value="e.nmae"/></para>
    </section>
  </body>
</template>
X
check "unknown field is exit 1" exits 1 "$bin" render "$db" badfield.xml -o b.pdf
check "unknown field: position and columns" err_has "badfield.xml:5: error: unknown field: e.nmae"
cat > write.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">DELETE FROM employee RETURNING id</query>
  <body><section query="q" as="e"><para><field value="e.id"/></para></section></body>
</template>
X
before=$(sqlite3 "$db" "SELECT count(*) FROM employee")
check "writing template SQL is refused" exits 1 "$bin" render "$db" write.xml -o b.pdf
after=$(sqlite3 "$db" "SELECT count(*) FROM employee")
check "database unchanged after refused SQL" test "$before" = "$after"
check "no output after template errors" test ! -e b.pdf
cat > xxe.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE template [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<template xmlns="urn:hrpress:template:1" version="1"><body><para>&x;</para></body></template>
X
check "DOCTYPE/external entity refused" exits 1 "$bin" render "$db" xxe.xml -o c.pdf
check "init refuses an existing database" exits 1 "$bin" init "$db"
check "unknown command is exit 1" exits 1 "$bin" frobnicate
check "--help exits 0" exits 0 "$bin" payslips --help

finish e2e
