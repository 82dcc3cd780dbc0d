#!/bin/sh
# Every user error: exit status 1 (2 for internal failures), a message that
# names the file, line and field or record, and no output file left behind.
# Each case below runs one command and checks its exit status, a piece of
# its message, and that the output it was asked for does not exist.
# Prints "errors: N passed, N failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0 fail=0

# case NAME WANT_EXIT "MESSAGE PART" OUTPUT -- COMMAND...
case_() {
	name=$1 want=$2 msg=$3 out=$4
	shift 5
	"$@" > out.txt 2> err.txt
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail=$((fail + 1)); echo "FAIL: $name: exit $got, wanted $want"; sed 's/^/    /' err.txt
	elif [ -n "$msg" ] && ! grep -F -q -- "$msg" err.txt; then
		fail=$((fail + 1)); echo "FAIL: $name: message lacks: $msg"; sed 's/^/    /' err.txt
	elif [ "$out" != "-" ] && [ -e "$out" ]; then
		fail=$((fail + 1)); echo "FAIL: $name: $out was written"
	elif [ "$(grep -c . err.txt)" -gt 0 ] && grep -v -q '^hrpress: ' err.txt; then
		fail=$((fail + 1)); echo "FAIL: $name: stray stderr output"; sed 's/^/    /' err.txt
	else
		pass=$((pass + 1))
	fi
}

"$bin" init db.sqlite --sample > /dev/null || { echo "errors: cannot init"; exit 1; }
"$bin" payroll db.sqlite --month 2025-03 > /dev/null || { echo "errors: cannot run payroll"; exit 1; }

case_ "missing database" 1 "hrpress: nosuch.db: error: database does not exist" a.pdf -- \
	"$bin" payslips nosuch.db --month 2025-03 -o a.pdf
cp db.sqlite old.sqlite && sqlite3 old.sqlite "PRAGMA user_version = 7"
case_ "wrong schema version" 1 "old.sqlite: error: wrong database schema version: found 7, expected" a.pdf -- \
	"$bin" payslips old.sqlite --month 2025-03 -o a.pdf
case_ "invalid month" 1 "error: invalid month, expected YYYY-MM: --month 2025-13: the month is 01 to 12 (March 2025 is --month 2025-03)" a.pdf -- \
	"$bin" payslips db.sqlite --month 2025-13 -o a.pdf
case_ "payroll invalid month" 1 "invalid month" - -- \
	"$bin" payroll db.sqlite --month 25-03
case_ "unknown command" 1 "unknown command: frobnicate" - -- "$bin" frobnicate
case_ "unknown option" 1 "unknown option: --frob" a.pdf -- \
	"$bin" payslips db.sqlite --month 2025-03 --frob -o a.pdf
case_ "option without its argument" 1 "option needs an argument" - -- \
	"$bin" payslips db.sqlite --month
case_ "missing font" 1 "font not found: nosuch.ttf" a.pdf -- \
	"$bin" payslips db.sqlite --month 2025-03 --font nosuch.ttf -o a.pdf
case_ "unwritable output directory" 1 "cannot write file: /etc/passwd/a.pdf" - -- \
	"$bin" payslips db.sqlite --month 2025-03 -o /etc/passwd/a.pdf
mkdir full
case_ "disk full" 1 "cannot write file: full/a.pdf: File too large" full/a.pdf -- \
	sh -c "ulimit -f 200; trap '' XFSZ; exec \"$bin\" payslips db.sqlite --month 2025-03 -o full/a.pdf"
case_ "disk full leaves no temporary file" 0 "" - -- sh -c "[ -z \"\$(ls full)\" ]"

cat > notwf.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <body>
    <para>开始
  </body>
</template>
X
case_ "template not well-formed" 1 "notwf.xml:4:" b.pdf -- "$bin" render db.sqlite notwf.xml -o b.pdf
cat > invalid.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <body>
    <table widths="1 1"><row><cell colspan="0">x</cell></row></table>
  </body>
</template>
X
case_ "template schema-invalid" 1 "invalid.xml:3: error: template does not match the schema" b.pdf -- \
	"$bin" render db.sqlite invalid.xml -o b.pdf
cat > ns.xml <<'X'
<template xmlns="urn:example:other" version="1"><body/></template>
X
case_ "template of another namespace" 1 "ns.xml:1: error: not an hrpress template" b.pdf -- \
	"$bin" render db.sqlite ns.xml -o b.pdf
cat > sql.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">
    SELECT id, name
    FROM employe</query>
  <body><section query="q" as="e"><para><field value="e.name"/></para></section></body>
</template>
X
case_ "SQL error in a template query" 1 "sql.xml:2:19: error: error in template SQL: no such table: employe" b.pdf -- \
	"$bin" render db.sqlite sql.xml -o b.pdf
cat > sql2.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">
    SELECT id, name
    FROM employee WHERE nmae = 1</query>
  <body><section query="q" as="e"><para><field value="e.name"/></para></section></body>
</template>
X
case_ "SQL error points at the token" 1 "sql2.xml:4:25: error: error in template SQL: no such column: nmae" b.pdf -- \
	"$bin" render db.sqlite sql2.xml -o b.pdf
cat > field.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">SELECT id, name FROM employee</query>
  <body>
    <section query="q" as="e">
      <para><field value="e.salary" format="money"/></para>
    </section>
  </body>
</template>
X
case_ "unknown field" 1 "field.xml:5: error: unknown field: e.salary (query q has: id, name)" b.pdf -- \
	"$bin" render db.sqlite field.xml -o b.pdf
cat > glyph.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">SELECT id, name || char(57344) AS name FROM employee WHERE id = 'E0003'</query>
  <body>
    <section query="q" as="e" record="employee {e.id}">
      <para>姓名：<field value="e.name"/></para>
    </section>
  </body>
</template>
X
case_ "character missing from every font" 1 "glyph.xml:5: error: character not in any font: U+E000" b.pdf -- \
	"$bin" render db.sqlite glyph.xml -o b.pdf
case_ "missing glyph names the record" 1 "in employee E0003" b.pdf -- \
	"$bin" render db.sqlite glyph.xml -o b.pdf
cat > slot.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">SELECT id, name FROM employee WHERE id IN ('E0003', 'E0004')</query>
  <body>
    <section query="q" as="e" record="employee {e.id}" per-page="3">
      <para size="40">姓名：<field value="e.name"/></para>
      <para size="40">工号：<field value="e.id"/></para>
      <para size="40">一</para><para size="40">二</para><para size="40">三</para>
    </section>
  </body>
</template>
X
case_ "record taller than its N-up slot" 1 "slot.xml:4: error: content taller than its slot on the page: " b.pdf -- \
	"$bin" render db.sqlite slot.xml -o b.pdf
case_ "slot overflow names the record" 1 "(3 a page) in employee E0003" b.pdf -- \
	"$bin" render db.sqlite slot.xml -o b.pdf
cat > write.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">UPDATE employee SET base_fen = 0 RETURNING id</query>
  <body><section query="q" as="e"><para><field value="e.id"/></para></section></body>
</template>
X
case_ "template SQL that writes" 1 "write.xml:2" b.pdf -- "$bin" render db.sqlite write.xml -o b.pdf
cat > fmt.xml <<'X'
<template xmlns="urn:hrpress:template:1" version="1">
  <query name="q">SELECT id, name FROM employee WHERE id = 'E0001'</query>
  <body>
    <section query="q" as="e" record="employee {e.id}">
      <para><field value="e.name" format="money"/></para>
    </section>
  </body>
</template>
X
case_ "value that does not fit its format" 1 "fmt.xml:5: error: value does not fit the format: e.name as money" b.pdf -- \
	"$bin" render db.sqlite fmt.xml -o b.pdf
case_ "format error names the record" 1 "employee E0001" b.pdf -- "$bin" render db.sqlite fmt.xml -o b.pdf
sqlite3 db.sqlite "UPDATE employee SET name = CAST(X'E5BC A0FF' AS TEXT) WHERE id = 'E0002'" 2>/dev/null \
	|| sqlite3 db.sqlite "UPDATE employee SET name = CAST(X'E5BCA0FF' AS TEXT) WHERE id = 'E0002'"
case_ "invalid UTF-8 in the database" 1 "invalid UTF-8 in data" c.pdf -- \
	"$bin" payslips db.sqlite --month 2025-03 -o c.pdf
case_ "invalid UTF-8 names the record" 1 "employee E0002" c.pdf -- \
	"$bin" payslips db.sqlite --month 2025-03 -o c.pdf
case_ "unknown employee" 1 "unknown employee: --employee E9999: no employee has this id in db.sqlite" e.pdf -- \
	"$bin" payslips db.sqlite --month 2025-03 --employee E9999 -o e.pdf
case_ "month without a pay run" 1 "no payroll stored for the month: 2024-01: run hrpress payroll db.sqlite --month 2024-01 first" e.pdf -- \
	"$bin" payslips db.sqlite --month 2024-01 -o e.pdf
case_ "scorecards of a month without results" 1 "no data for a required section: people (month=2024-01)" e.pdf -- \
	"$bin" scorecards db.sqlite --month 2024-01 -o e.pdf
case_ "init over an existing database" 1 "database already initialised" - -- "$bin" init db.sqlite
case_ "parameter the template does not have" 1 "has no parameter colour" d.pdf -- \
	"$bin" payslips db.sqlite --month 2025-03 -D colour=red -o d.pdf

echo "errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
