#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of render --dump: the template tree names each element's
# line (also in a template saved with CRLF line ends, and in one whose SQL
# is still wrong); the bound document shows the employees' values and
# records; the page dump of a payslip puts the employee's name where
# pdftotext -bbox finds it in the PDF of the same payslip; dumps are the
# same bytes twice; -o writes a file, never over an input; bad values and
# templates are refused with nothing written. Prints
# "dump: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
month=2025-03

cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month
sqlite3 "$db" .dump > before.sql

# A clerk's own template: the <section> is on line 8, the <para> on line 9.
cat > staff.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<template xmlns="urn:hrpress:template:1" version="1">
  <param name="month" type="month"/>
  <query name="staff">
    SELECT id, name FROM employee ORDER BY id LIMIT 3
  </query>
  <body>
    <section query="staff" as="e" record="employee {e.id}">
      <para align="right">姓名：<field value="e.name"/>（<field value="month" format="month"/>）</para>
    </section>
  </body>
</template>
EOF
name1=$(sqlite3 "$db" "SELECT name FROM employee WHERE id = 'E0001'")
name3=$(sqlite3 "$db" "SELECT name FROM employee ORDER BY id LIMIT 1 OFFSET 2")

check "tmpl: exit 0" exits 0 "$bin" render "$db" staff.xml --dump=tmpl
check "tmpl: the section at line 8, with its attributes" \
	grep -qxF '    section query="staff" as="e" record="employee {e.id}"  staff.xml:8' x.out
check "tmpl: the para at line 9, nested one deeper" \
	grep -qxF '      para align="right"  staff.xml:9' x.out
check "tmpl: the text and the field of the para" \
	sh -c 'grep -qxF "        #text \"姓名：\"  staff.xml:9" x.out &&
	    grep -qxF "        field value=\"e.name\"  staff.xml:9" x.out'
check "tmpl: the query text with its column" \
	grep -qE '^    #text "\\n    SELECT id, name FROM employee ORDER BY id LIMIT 3\\n  "  staff\.xml:4:23$' x.out
check "tmpl: no PDF written" sh -c '! ls *.pdf 2>/dev/null | grep -q .'

# The same template as Windows Notepad saves it: CRLF, the same lines.
sed 's/$/\r/' staff.xml > crlf.xml
check "tmpl: CRLF template" exits 0 "$bin" render "$db" crlf.xml --dump=tmpl
check "tmpl: CRLF keeps the lines" \
	grep -qxF '      para align="right"  crlf.xml:9' x.out

# --dump=tmpl only parses: a wrong column is shown, not checked.
sed 's/SELECT id, name/SELECT id, nmae/' staff.xml > typo.xml
check "tmpl: a template with a wrong column still dumps" \
	exits 0 "$bin" render "$db" typo.xml --dump=tmpl
typo_doc() {
	exits 1 "$bin" render "$db" typo.xml --dump=doc && [ ! -s x.out ] &&
	    grep -q "^hrpress: typo.xml:5[:0-9]*: error: .*nmae" x.err
}
check "doc: the wrong column is an error at its line, nothing printed" typo_doc

check "doc: exit 0" exits 0 "$bin" render "$db" staff.xml --dump=doc --month $month
check "doc: the first employee's record and name" \
	sh -c "grep -qxF '    block record=\"employee E0001\"  staff.xml:8' x.out &&
	    grep -qxF '        text \"$name1\" size=10.50' x.out"
check "doc: the third employee's name" \
	grep -qxF "        text \"$name3\" size=10.50" x.out
check "doc: three records, each one paragraph" \
	test "$(grep -c '^      para align=right line-height=1.50  staff.xml:9$' x.out)" -eq 3
check "doc: --month reaches the text" \
	grep -qxF '        text "2025年3月" size=10.50' x.out

# The payslip of E0001, as PDF and as page dump.
check "payslips PDF" "$bin" payslips "$db" --month $month --employee E0001 -o slip.pdf
check "page: payslips --dump=page" \
	exits 0 "$bin" payslips "$db" --month $month --employee E0001 --dump=page
cp x.out slip.page
check "page: one A4 page" \
	sh -c 'grep -qx "pages 1" slip.page && grep -q "^page 1 w=595.28 h=841.89 items=[1-9]" slip.page'
pdftotext -bbox slip.pdf slip.html
# The run of the name in the dump: x and x+w match the word's box in the
# PDF to 0.02 pt, and the baseline lies inside the box, inside the page.
name_at_pdf_box() {
	$py - "$name1" slip.page slip.html <<'PY'
import re, sys
name, page, html = sys.argv[1:]
runs = [l for l in open(page, encoding="utf-8")
        if l.startswith("  text ") and l.rstrip("\n").endswith(' "%s"' % name)]
assert len(runs) == 1, runs
f = dict(kv.split("=", 1) for kv in runs[0].split()[1:] if "=" in kv)
x, y, w = float(f["x"]), float(f["y"]), float(f["w"])
assert 0 < x < x + w < 595.28 and 0 < y < 841.89, (x, y, w)
words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                   r'yMax="([\d.]+)">([^<]*)</word>', open(html, encoding="utf-8").read())
boxes = [tuple(map(float, wd[:4])) for wd in words if wd[4] == name]
assert len(boxes) == 1, boxes
x0, y0, x1, y1 = boxes[0]
assert abs(x0 - x) < 0.02 and abs(x1 - (x + w)) < 0.02, (x0, x1, x, w)
assert y0 < y < y1, (y0, y1, y)
PY
}
check "page: the name where the PDF draws it" name_at_pdf_box
check "page: the logo image with its size" \
	grep -qE '^  image x=[0-9.]+ y=[0-9.]+ w=79\.37 h=22\.68 png=1 px=336x96 ' slip.page
check "page: the table lines" grep -qE '^  line x1=[0-9.]+ y1=[0-9.]+ x2=' slip.page
check "page: the bookmark" \
	grep -qE '^outline level=0 page=1 y=[0-9.]+ ".* '"$name1"'"$' slip.page
check "page: the same bytes twice" sh -c '
	"$0" payslips "$1" --month 2025-03 --employee E0001 --dump=page > again.page 2> /dev/null &&
	cmp slip.page again.page' "$bin" "$db"
# The default chain draws some ASCII runs (spaces) with Droid Sans
# Fallback; with DejaVu Sans first, every ASCII run is DejaVu's.
ascii_runs() { # ascii_runs FACE FILE: the number of ASCII-only runs of FACE
	LC_ALL=C grep -c "^  text .* font=$1 [^\"]*\"[ -~]*\"\$" "$2"
}
follows_font() {
	[ "$(ascii_runs DroidSansFallback slip.page)" -gt 0 ] &&
	    [ "$(ascii_runs DroidSansFallback x.out)" -eq 0 ] &&
	    [ "$(ascii_runs DejaVuSans x.out)" -gt 0 ]
}
check "page: --font DejaVuSans.ttf --font DroidSansFallbackFull.ttf" \
	exits 0 "$bin" payslips "$db" --month $month --employee E0001 --dump=page \
	--font DejaVuSans.ttf --font DroidSansFallbackFull.ttf
check "page: the dump follows --font" follows_font

# -o FILE: the same text in a file, and a "wrote" line.
check "-o: exit 0" exits 0 "$bin" render "$db" staff.xml --dump=doc -o staff.doc
check "-o: says where" out_has "wrote staff.doc"
check "-o: the file is the dump" sh -c '
	"$0" render "$1" staff.xml --dump=doc > stdout.doc && cmp staff.doc stdout.doc' "$bin" "$db"
check "-o -: standard output" sh -c '
	"$0" render "$1" staff.xml --dump=doc -o - | cmp - staff.doc' "$bin" "$db"
check "-o the database: refused" exits 1 "$bin" render "$db" staff.xml --dump=tmpl -o "$db"
check "-o the database: message" err_has "the database"
echo "%PDF-1.7 the clerk's PDF" > payslips.pdf
check "-o X.PDF: refused" \
	exits 1 "$bin" payslips "$db" --month $month --dump=page -o payslips.pdf
check "-o X.PDF: message" \
	err_has "usage: --dump writes text, not a PDF: -o payslips.pdf would replace it; give -o FILE.txt, or no -o to see the text on the screen"
check "-o X.PDF: the PDF is unchanged" grep -q "the clerk's PDF" payslips.pdf
check "-o X.PDF: upper case too" \
	exits 1 "$bin" render "$db" staff.xml --dump=tmpl -o OUT.PDF
check "-o X.PDF: nothing written" test ! -e OUT.PDF
rm -f payslips.pdf
check "-o the template: refused" exits 1 "$bin" render "$db" staff.xml --dump=tmpl -o staff.xml
check "the template is unchanged" grep -q '<section query="staff"' staff.xml

# The usual mistakes.
check "--dump=pages: exit 1" exits 1 "$bin" render "$db" staff.xml --dump=pages -o bad.txt
check "--dump=pages: the three values" \
	err_has "invalid option value: --dump=pages: expected --dump=tmpl (the template tree), --dump=doc (the bound document) or --dump=page (the laid-out pages)"
check "--dump=pages: no file" test ! -e bad.txt
check "--dump without a value: exit 1" exits 1 "$bin" render "$db" staff.xml --dump
check "--dump without a value: message" err_has "option needs an argument: --dump"
check "--dump with --split: exit 1" \
	exits 1 "$bin" payslips "$db" --month $month --split store --dump=page -o dir
check "--dump with --split: message" err_has "--dump shows one document: leave out --split"
check "--dump with --split: no directory" test ! -e dir
check "payslips --dump needs --month" exits 1 "$bin" payslips "$db" --dump=page
check "payslips --dump needs --month: message" err_has "needs --month YYYY-MM"
check "--dump=doc for an unknown employee: exit 1" \
	exits 1 "$bin" payslips "$db" --month $month --employee E9999 --dump=doc
check "--dump: a template that is not there" exits 1 "$bin" render "$db" nosuch.xml --dump=tmpl
check "--dump: a template that is not there: message" err_has "nosuch.xml"
check "--help lists --dump" sh -c '"$0" render --help | grep -q -- "--dump=tmpl|doc|page"' "$bin"

sqlite3 "$db" .dump > after.sql
check "the database is unchanged" cmp before.sql after.sql

finish dump
