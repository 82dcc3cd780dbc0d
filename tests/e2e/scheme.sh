#!/bin/sh
# End-to-end tests of hrpress scheme: a database without the sample holds
# the library of every scheme; show prints tiers readably; an exported
# version edited in one cell and imported from a later month changes that
# month's pay and leaves the earlier month's stored run as it was; every
# refusal prints its position and message and changes nothing; a file saved
# the way Excel saves it (BOM or GBK, CRLF) imports.
# Prints "scheme: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

err_is() { printf '%s\n' "$1" | cmp -s - "$work/x.err" || { echo "stderr is not: $1"; cat "$work/x.err"; return 1; }; }
same() { cmp -s "$1" "$2" || { echo "$1 and $2 differ"; diff "$1" "$2" | head -10; return 1; }; }
differ() { ! cmp -s "$1" "$2" || { echo "$1 and $2 are the same"; return 1; }; }
sum() { cksum < "$1"; }

cd "$work"

# ---- the library in a database without the sample
check "init without --sample" exits 0 "$bin" init lib.db
check "list" exits 0 "$bin" scheme list lib.db
for s in SALES2015 NET2015 SALES2008 SH2013 SH2013A AS_HEAD AS_SVC AS_SUP \
    AS_SA AS_SA_INS AS_INFO PARTS FIXED; do
	check "list has $s" grep -q "^$s " x.out
done
check "list: 13 schemes" out_has "13 schemes."
check "nothing is assigned in an empty store" test "$(grep -c '（未分配）' x.out)" = 13
check "show SALES2008" exits 0 "$bin" scheme show lib.db SALES2008
check "show: the per-car table, A class from the 11th car, in yuan" \
    grep -q '^tier.car2008\[A\].2.value  *单车提成 A 第2档：金额' x.out
check "show: 250 yuan" grep -q "tier.car2008\[A\].2.value .* 250元  " x.out
check "show: the 11th car" grep -q "tier.car2008\[A\].2.from .*第几台达到 .* 11  第11–15台" x.out
check "show: the days-per-month parameter" out_has "param.month_days"
check "show SALES2015: share 30% from 30% completion" exits 0 "$bin" scheme show lib.db SALES2015
check "show: the share tier in percent" grep -q "tier.completion_share.2.value .*发放比例 .* 30%  " x.out
# columns line up for Chinese text (wide characters count two): every
# value of the table ends in the same display column
cat > width.py <<'PY'
import re, sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
ends = set()
for l in open(sys.argv[1], encoding="utf-8"):
    if l.startswith(("tier.", "rule.", "param.", "term.")):
        m = re.search(r" (-?[0-9][0-9.]*(元|%|分)?)  ", l)
        ends.add(w(l[:m.end(1)]))
sys.exit(0 if len(ends) == 1 else 1)
PY
check "show: CJK-aligned values" python3 width.py x.out

# ---- export, edit one cell, import from a later month (sample store)
check "init --sample" exits 0 "$bin" init s.db --sample
for m in 01 02; do
	check "payroll 2025-$m" exits 0 "$bin" payroll s.db --month 2025-$m
done
check "feb before" sh -c "'$bin' payroll s.db --month 2025-02 --format csv > feb0.csv 2>/dev/null"
# March on the old figures, in a copy of the store
cp s.db old.db
check "payroll 2025-03 (old figures)" exits 0 "$bin" payroll old.db --month 2025-03
check "mar on the old figures" sh -c "'$bin' payroll old.db --month 2025-03 --format csv > mar0.csv 2>/dev/null"
check "export" exits 0 "$bin" scheme export s.db SALES2015 -o s.csv
check "export says what to do" out_has "edit the 数值 column, then hrpress scheme import s.db SALES2015 s.csv --from YYYY-MM"
check "export: UTF-8 BOM and header" sh -c "head -c 3 s.csv | od -An -tx1 | grep -q 'ef bb bf'"
check "export: CRLF" sh -c "head -1 s.csv | od -c | grep -q '\\\\r'"
check "export: the loan-fee row" grep -q '^tier.loan_fee.2.value,按揭手续费提成 第2档：金额,300,元,' s.csv
sed 's/^\(tier\.loan_fee\.2\.value,[^,]*\),300,/\1,400,/' s.csv > s400.csv
check "one cell differs" test "$(diff s.csv s400.csv | grep -c '^>')" = 1
check "import --from 2025-03" exits 0 "$bin" scheme import s.db SALES2015 s400.csv --from 2025-03
check "import: the change printed" out_has "tier.loan_fee.2.value（按揭手续费提成 第2档：金额）：300元 → 400元"
check "import: new version" out_has "SALES2015 version 2025-03 stored, copied from version 2015-01 with 1 change(s):"
check "list: the new version" sh -c "'$bin' scheme list s.db | grep -q '^SALES2015 .*2015-01、2025-03'"
check "show --month 2025-02: old figure" sh -c "'$bin' scheme show s.db SALES2015 --month 2025-02 | grep -q 'tier.loan_fee.2.value .* 300元'"
check "show --month 2025-03: new figure" sh -c "'$bin' scheme show s.db SALES2015 --month 2025-03 | grep -q 'tier.loan_fee.2.value .* 400元'"
for m in 02 03; do
	check "payroll 2025-$m again" exits 0 "$bin" payroll s.db --month 2025-$m
done
check "feb after" sh -c "'$bin' payroll s.db --month 2025-02 --format csv > feb1.csv 2>/dev/null"
check "mar after" sh -c "'$bin' payroll s.db --month 2025-03 --format csv > mar1.csv 2>/dev/null"
check "2025-02 is computed as before" same feb0.csv feb1.csv
check "2025-03 changed" differ mar0.csv mar1.csv
check "2025-03 pays 400 a car for fees of 3,500 or more" grep -q '按揭手续费提成,earning,"[0-9]*台 × 400元（按揭手续费≥3,500元）' mar1.csv
check "2025-03 no longer pays 300" sh -c "! grep -q '台 × 300元（按揭手续费≥3,500元）' mar1.csv"

# ---- refusals: exact messages, nothing changed
"$bin" scheme export s.db SALES2015 --version 2025-03 -o s3.csv > /dev/null
check "export names its version" grep -q '^scheme.SALES2015,.*,自2025-03起,版本,' s3.csv
before=$(sum s.db)
check "a file of an older version" exits 1 "$bin" scheme import s.db SALES2015 s400.csv --from 2025-04
check "older version: message" err_is "hrpress: s400.csv:2:3: error: no such scheme version: the file holds version 自2015-01起, but in 2025-04 version 2025-03 is in force: export that one (hrpress scheme export DB SALES2015 --month 2025-04 -o FILE.csv), make the change in it and import it"
check "a file of another scheme" exits 1 "$bin" scheme import s.db SALES2008 s3.csv --from 2025-04
check "another scheme: message" err_is "hrpress: s3.csv:2:1: error: scheme file does not match the version: the file is an export of SALES2015, not of SALES2008; import it as SALES2015, or export SALES2008"
check "unknown scheme" exits 1 "$bin" scheme show s.db NOPE
check "unknown scheme: message" err_is "hrpress: error: unknown pay scheme: NOPE; the schemes are: AS_HEAD, AS_INFO, AS_SA, AS_SA_INS, AS_SUP, AS_SVC, FIXED, NET2015, PARTS, SALES2008, SALES2015, SH2013, SH2013A (hrpress scheme list shows them)"
sed 's/^\(tier\.loan_fee\.2\.value,[^,]*\),400,/\1,4x0,/' s3.csv > bad-cell.csv
line=$(grep -n '^tier.loan_fee.2.value' s3.csv | cut -d: -f1)
check "bad cell" exits 1 "$bin" scheme import s.db SALES2015 bad-cell.csv --from 2025-04
check "bad cell: message" err_is "hrpress: bad-cell.csv:$line:3: error: invalid field: 数值 of \"tier.loan_fee.2.value\": \"4x0\" is not an amount in yuan; write a number in 元"
check "--from format" exits 1 "$bin" scheme import s.db SALES2015 s3.csv --from 2025-4
check "--from format: message" err_is "hrpress: error: invalid month, expected YYYY-MM: --from 2025-4: type four digits of the year, '-' and two of the month (March 2025 is --from 2025-03)"
check "--from required" exits 1 "$bin" scheme import s.db SALES2015 s3.csv
sed 's/^tier\.loan_fee\.2\.value,/tier.loan_fee.3.value,/' s3.csv > bad-row.csv
check "unknown row" exits 1 "$bin" scheme import s.db SALES2015 bad-row.csv --from 2025-04
check "unknown row: message" err_is "hrpress: bad-row.csv:$line:1: error: scheme file does not match the version: unknown row \"tier.loan_fee.3.value\": SALES2015 2025-03 has no such number; rows cannot be added or renamed, only their 数值 changed"
grep -v '^rule.acc.ratio_den' s3.csv > bad-missing.csv
check "missing row" exits 1 "$bin" scheme import s.db SALES2015 bad-missing.csv --from 2025-04
check "missing row: message" err_is "hrpress: bad-missing.csv: error: scheme file does not match the version: row \"rule.acc.ratio_den\" is missing; every row of the exported file must stay (export again if it was deleted)"
sed 's/^\(tier\.loan_fee\.2\.value,[^,]*,400\),元,/\1,%,/' s3.csv > bad-unit.csv
check "changed unit" exits 1 "$bin" scheme import s.db SALES2015 bad-unit.csv --from 2025-04
check "changed unit: message" err_is "hrpress: bad-unit.csv:$line:4: error: scheme file does not match the version: row \"tier.loan_fee.2.value\": 单位 \"%\" was changed; it must stay \"元\" (write the 数值 in that unit)"
sed 's/^\(tier\.loan_fee\.2\.from,[^,]*\),3500,/\1,0,/' s3.csv > bad-order.csv
check "tiers out of order" exits 1 "$bin" scheme import s.db SALES2015 bad-order.csv --from 2025-04
check "tiers out of order: message" err_is "hrpress: bad-order.csv:$((line - 1)): error: invalid field: \"tier.loan_fee.2.from\" must stay above \"tier.loan_fee.1.from\": the rows of a tier table go from the lowest threshold up"
sed 's/^\(tier\.loan_fee\.2\.value,[^,]*\),400,/\1,450,/' s3.csv > s450.csv
sed 's/^\(tier\.loan_fee\.2\.value,[^,]*\),400,/\1,450,/' s400.csv > s450old.csv
check "a month with a stored run" exits 1 "$bin" scheme import s.db SALES2015 s450old.csv --from 2025-02
check "stored run: message" err_is "hrpress: error: stored pay runs would change: 2025-02 already has a stored pay run with 24 payslip(s) on SALES2015 from 2025-02 on; they were paid on the old figures. Use a --from month after the last stored run, or add --force and run hrpress payroll again for those months"
check "a month that starts a version" exits 1 "$bin" scheme import s.db SALES2015 s450.csv --from 2025-03 --force
check "starts a version: message" err_is "hrpress: error: no such scheme version: SALES2015 already has a version valid from 2025-03; choose a later --from month, or export that version, edit it and import it from a later month"
check "assign to an unknown position" exits 1 "$bin" scheme assign s.db FIXED --position NOPE
check "unknown position: message" err_is "hrpress: error: no such position or employee: position NOPE does not exist; check the id (the 岗位编号 or 工号 of the import files)"
check "database unchanged by every refusal" test "$(sum s.db)" = "$before"
check "close 2025-03" exits 0 "$bin" close s.db --month 2025-03
check "a closed month is refused even with --force" exits 1 "$bin" scheme import s.db SALES2015 s450old.csv --from 2025-02 --force
check "closed: message" sh -c "grep -q 'error: month is closed: 2025-03' x.err"
check "reopen 2025-03" exits 0 "$bin" reopen s.db --month 2025-03 --reason "scheme test"

# ---- a clerk's file: saved by Excel as GBK with CRLF, and as UTF-8 BOM
sed 's/^\(tier\.loan_fee\.2\.value,[^,]*\),400,/\1,450,/' s3.csv | tail -c +4 | iconv -f UTF-8 -t GBK > gbk.csv
check "GBK file is not UTF-8" sh -c "! iconv -f UTF-8 -t UTF-8 gbk.csv > /dev/null 2>&1"
check "import GBK CRLF" exits 0 "$bin" scheme import s.db SALES2015 gbk.csv --from 2025-05
check "GBK: the change" out_has "400元 → 450元"
check "show 2025-05: 450" sh -c "'$bin' scheme show s.db SALES2015 --month 2025-05 | grep -q 'tier.loan_fee.2.value .* 450元'"
"$bin" scheme export s.db SALES2015 --version 2025-05 -o v5.csv > /dev/null
sed 's/^\(rule\.award_120\.amount,[^,]*\),300,/\1,"¥500.00",/' v5.csv > v5b.csv
check "import a quoted ¥ cell" exits 0 "$bin" scheme import s.db SALES2015 v5b.csv --from 2025-06
check "¥500.00 read as 500 yuan" out_has "rule.award_120.amount（超额奖：金额）：300元 → 500元"
"$bin" scheme export s.db SALES2015 -o v6.csv > /dev/null
check "an unchanged file: nothing to store" exits 0 "$bin" scheme import s.db SALES2015 v6.csv --from 2025-07
check "nothing to store: message" out_has "no value differs from SALES2015 version 2025-06; nothing stored."

# ---- assign from a month
check "assign E0009 to SALES2008 from a run month" exits 1 "$bin" scheme assign s.db SALES2008 --employee E0009 --from 2025-02
check "assign from a run month: message" err_is "hrpress: error: stored pay runs would change: 2025-02 already has a stored pay run with 2 payslip(s) of 黄志强 on another scheme; they were paid on it. Use --from with a month after the last stored run, or add --force and run hrpress payroll again for those months"
check "assign from 2025-03 with --force" exits 0 "$bin" scheme assign s.db SALES2008 --employee E0009 --from 2025-03 --force
check "assign: message" out_has "employee E0009（黄志强）is on SALES2008 销售部2008结构工资方案 from 2025-03 on."
check "assign: run payroll again" out_has "Run hrpress payroll DB --month M again for every month from 2025-03 on."
check "list: the dated assignment" sh -c "'$bin' scheme list s.db | grep -q '^SALES2008 .*员工E0009自2025-03'"
check "payroll 2025-02 again" exits 0 "$bin" payroll s.db --month 2025-02
check "feb once more" sh -c "'$bin' payroll s.db --month 2025-02 --format csv > feb2.csv 2>/dev/null"
check "2025-02 still as before" same feb0.csv feb2.csv
check "payroll 2025-03 again" exits 0 "$bin" payroll s.db --month 2025-03
check "2025-03: E0009 on the 2008 scheme" sh -c "'$bin' payroll s.db --month 2025-03 --format csv 2>/dev/null | grep -q '^E0009,黄志强,[0-9]*,fixed80,'"

finish scheme
