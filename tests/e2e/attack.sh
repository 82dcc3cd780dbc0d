#!/bin/sh
# End-to-end tests of what an attacker or an unlucky moment can do to a
# run (docs/hardening.md, "Attacks"): a payroll re-run while payslips are
# printed, a template query that would never end or never stop returning
# rows, a database another program keeps locked. Prints
# "attack: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export HRPRESS_TEMPLATES
trap 'touch "$work/stop" 2>/dev/null; kill $bgpid 2>/dev/null; rm -rf "$work"' EXIT
bgpid=
month=2025-03

status() { # status DESCRIPTION EXPECTED COMMAND...: exit status is EXPECTED
	desc=$1 want=$2; shift 2
	"$@" > "$work/last.out" 2> "$work/last.err"
	rc=$?
	cp "$work/last.err" "$work/status.err"
	if [ "$rc" -eq "$want" ]; then ok; else
		bad "$desc (exit $rc, expected $want)"
		sed 's/^/    /' "$work/last.out" "$work/last.err" | head -10
	fi
}

cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month

# --- one snapshot per document: a re-run is never half visible ---------
# A second process keeps changing E0051's base pay and re-running payroll
# (the last slip of the month);
# every payslip printed meanwhile must add up: its earnings lines to its
# gross, gross and deductions to its net.
rerun() { # change E0051's base pay and re-run payroll until ./stop exists
	i=0
	while [ ! -e stop ]; do
		base=$((300000 + (i % 2) * 37000))
		sqlite3 -cmd ".timeout 30000" "$db" \
			"UPDATE employee SET base_fen = $base WHERE id = 'E0051'"
		"$bin" payroll "$db" --month $month --wait 60 > /dev/null 2>&1 &&
			echo "$base" >> reruns
		i=$((i + 1))
		sleep 0.2
	done
}
rm -f stop reruns
rerun &
bgpid=$!
n=0 mixed=0 failed=0 stale=0
while [ $n -lt 8 ]; do
	if "$bin" payslips "$db" --month $month --wait 60 \
		-o "slip$n.pdf" > /dev/null 2> "slip$n.err"; then
		pdftotext -layout "slip$n.pdf" "slip$n.txt"
		python3 - "slip$n.txt" <<'PY' || mixed=$((mixed + 1))
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
def yuan(s):
    return round(float(s.replace(",", "").replace("¥", "")) * 100)
slips = [s for s in re.split(r"(?m)^(?=姓名 )", text) if "应发合计" in s]
bad = 0
for slip in slips:
    lines, gross, ded, net = [], None, None, None
    for row in slip.splitlines():
        m = re.match(r"\s*(\d+)\s+(?:\S.*?\s)?(-?[\d,]+\.\d\d)\s*$", row)
        if m and gross is None:
            lines.append(yuan(m.group(2)))
        if row.startswith("应发合计"):
            gross = yuan(row.split()[-1])
        elif row.startswith("扣款合计"):
            ded = yuan(row.split()[-1])
        elif row.startswith("实发金额（应发"):
            net = yuan(row.split()[-1])
    if "E0051" in slip.split("\n")[0]:
        open(sys.argv[1] + ".last", "w").write("%d\n" % gross)
    if not (lines and gross == sum(lines) and net == gross + ded):
        bad += 1
        print(sys.argv[1], slip.split()[1], lines, gross, ded, net)
sys.exit(0 if len(slips) > 40 and bad == 0 else 1)
PY
	elif grep -q "stored pay run is out of date" "slip$n.err"; then
		stale=$((stale + 1))	# between the change and its re-run
	else
		failed=$((failed + 1)); cat "slip$n.err"
	fi
	n=$((n + 1))
done
touch stop
wait $bgpid
bgpid=
check "8 batches of payslips printed during payroll re-runs" test $failed -eq 0 -a $stale -lt 8
check "every slip of every one adds up (no run half visible)" test $mixed -eq 0
# The same, made certain: a template that reads the total, then works for
# a while, then reads the lines, while the re-runs go on. Without one
# snapshot, a commit lands between the two reads.
cat > split.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<template xmlns="urn:hrpress:template:1" version="1" name="split">
  <page size="A4"/>
  <param name="month" type="month" required="yes"/>
  <query name="total">SELECT ps.gross_fen AS g FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id
    WHERE r.month = :month AND ps.employee_id = 'E0051'</query>
  <query name="work">WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n &lt; 1500000)
    SELECT count(*) AS n FROM c</query>
  <query name="lines">SELECT sum(l.amount_fen) AS g FROM pay_line l JOIN pay_run r ON r.id = l.run_id
    WHERE r.month = :month AND l.employee_id = 'E0051' AND l.category &lt;&gt; 'deduction'</query>
  <body>
    <section query="total" as="t"><para>total <field value="t.g"/></para></section>
    <section query="work" as="w"><para>work <field value="w.n"/></para></section>
    <section query="lines" as="l"><para>lines <field value="l.g"/></para></section>
  </body>
</template>
XML
rm -f stop
rerun &
bgpid=$!
n=0 split_bad=0 split_stale=0
while [ $n -lt 6 ]; do
	if "$bin" render "$db" split.xml --month $month --wait 60 -o split.pdf > /dev/null 2> split.err; then
		pdftotext split.pdf - | awk '/^total/ { t = $2 } /^lines/ { l = $2 } END { exit !(t != "" && t == l) }' ||
		split_bad=$((split_bad + 1))
	elif grep -q "stored pay run is out of date" split.err; then
		split_stale=$((split_stale + 1))
	else
		split_bad=$((split_bad + 1)); cat split.err
	fi
	n=$((n + 1))
done
touch stop
wait $bgpid
bgpid=
check "total and lines read apart still agree (one snapshot)" test $split_bad -eq 0 -a $split_stale -lt 6
check "the pay was re-run with both values meanwhile" sh -c 'test "$(sort -u reruns | wc -l)" -eq 2'

# --- template queries are bounded ----------------------------------------
cat > forever.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<template xmlns="urn:hrpress:template:1" version="1" name="forever">
  <page size="A4"/>
  <query name="n">WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)
    SELECT count(*) AS n FROM c</query>
  <body>
    <section query="n" as="r"><para><field value="r.n"/></para></section>
  </body>
</template>
XML
HRPRESS_QUERY_MSTEPS=20 status "a query that never ends is stopped (exit 1)" 1 \
	"$bin" render "$db" forever.xml -o forever.pdf
check "the message names the template line and the limit" \
	grep -q "forever.xml:4:.*query over its limit: query stopped after 20 million steps" status.err
check "no output written" test ! -e forever.pdf
sed -e 's/SELECT count(\*) AS n FROM c/SELECT n FROM c/' forever.xml > rows.xml
HRPRESS_QUERY_ROWS=50000 status "a query that never stops returning rows is stopped" 1 \
	"$bin" render "$db" rows.xml -o rows.pdf
check "the message says how many rows" grep -q "rows.xml:4:.*more than 50000 rows" status.err

# --- a database locked by another program -------------------------------
# (the program lets go of its lock when $db.unlock appears, at most after
# 10 s)
python3 - "$db" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[1] + ".locked", "w").close()
for i in range(200):
    if os.path.exists(sys.argv[1] + ".unlock"):
        break
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
lockpid=$!
i=0; while [ ! -e "$db.locked" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
status "payroll on a locked database gives up: exit 2" 2 \
	"$bin" payroll "$db" --month $month --wait 1
check "and says what to do" grep -q "database is busy: another program is writing to it and did not finish within 1 s: run the command again when it has finished, or add --wait SECONDS" status.err
( sleep 0.5; touch "$db.unlock" ) &
check "--wait 30 waits for the lock and then works" "$bin" payroll "$db" --month $month --wait 30
wait $lockpid
status "--wait needs seconds" 1 "$bin" payroll "$db" --month $month --wait soon
check "names the bad value" grep -q -- "--wait soon: expected seconds" status.err

# --- names that cannot be printed ----------------------------------------
printf '工号,姓名,性别,岗位,级别,入职日期,底薪（元）\r\nE0091,张\033[2J三,男,SAL-CONS,1,2025-04-01,2500\r\nE0092,李四\357\277\277,男,SAL-CONS,1,2025-04-01,2500\r\nE0093,王\007五,男,SAL-CONS,1,2025-04-01,2500\r\nE0094,赵\356\200\200,男,SAL-CONS,1,2025-04-01,2500\r\n' > unprintable.csv
before=$(sqlite3 "$db" "SELECT count(*) FROM employee")
status "names with ESC, U+FFFF, BEL, private use: refused" 1 "$bin" import "$db" staff unprintable.csv
check "each named at line:column with the character" sh -c 'grep -q "unprintable.csv:2:2: error: invalid field: 姓名: a control character (U+001B) at character 2" status.err &&
	grep -q "unprintable.csv:3:2: .*a noncharacter (U+FFFF) at character 3" status.err &&
	grep -q "unprintable.csv:4:2: .*a control character (U+0007)" status.err &&
	grep -q "unprintable.csv:5:2: .*a private-use character (U+E000)" status.err'
check "no raw control character reaches the terminal" sh -c '! LC_ALL=C grep -q "$(printf "\033")" status.err && ! LC_ALL=C grep -q "$(printf "\007")" status.err'
check "nothing imported" test "$(sqlite3 "$db" "SELECT count(*) FROM employee")" -eq "$before"
printf '工号,姓名,性别,岗位,级别,入职日期,底薪（元）\nE0095,王\360\223\200\200五,男,SAL-CONS,1,2025-04-01,2500\n' > glyph.csv
check "a character in no font imports" "$bin" import "$db" staff glyph.csv
cp "$work/last.err" glyph.err
check "with a warning naming the employee and the character" grep -q "glyph.csv:2:2: warning: character in no font: employee E0095, 姓名 \"王𓀀五\": 𓀀 (U+13000) is in none of the fonts" glyph.err

finish attack
