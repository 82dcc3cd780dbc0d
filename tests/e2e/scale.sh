#!/bin/sh
# End-to-end tests of large runs: batch payslips split by store, archive
# with worker processes (-j) and shards (--shard), and a failing worker. The
# sample dealership is grown to three stores with bench/clone.sh. No timing
# is asserted (bench/ measures speed). Prints "scale: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export HRPRESS_TEMPLATES
# reproducible dates, so that -j 1 and -j 2 can be compared
SOURCE_DATE_EPOCH=1743465600
export SOURCE_DATE_EPOCH
month=2025-03

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
# the files of an archive directory with a hash of their bytes, one line
# each (one sha256sum for all: pdftotext per file would cost more than the
# archive run)
sums() { # sums DIR
	(cd "$1" && find . -name '*.pdf' | LC_ALL=C sort | xargs sha256sum) |
	    awk '{ print $2, $1 }'
}
# same_texts DIR1 SUMS1 DIR2 SUMS2: the same files, and each pair either
# the same bytes or the same text (pdftotext only for a pair that differs)
same_texts() {
	awk '{ print $1 }' "$2" > "$work/names1"
	awk '{ print $1 }' "$4" > "$work/names2"
	cmp "$work/names1" "$work/names2" || return 1
	join "$2" "$4" | awk '$2 != $3 { print $1 }' | while read -r f; do
		pdftotext "$1/$f" "$work/t1" && pdftotext "$3/$f" "$work/t2" &&
		    cmp "$work/t1" "$work/t2" || { echo "$f: text differs"; exit 1; }
	done
}
ledger() { sqlite3 "$1" "SELECT path, kind, employee_id, month, version FROM archive_ledger ORDER BY path"; }

cd "$work"
db=$work/group.db
check "init --sample" "$bin" init "$db" --sample
check "three stores" sh "$top/bench/clone.sh" "$db" 3 1
check "payroll" "$bin" payroll "$db" --month $month
nstores=$(sqlite3 "$db" "SELECT count(*) FROM store")
check "clone made 3 stores" test "$nstores" -eq 3

# --- batch payslips, one PDF per store ------------------------------------
check "payslips --split store -j 2" "$bin" payslips "$db" --month $month \
	--split store -j 2 -o split
cp "$work/last.out" split.out
n=$(ls split | grep -c '^payslips-2025-03-.*\.pdf$')
check "one file per store ($n)" test "$n" -eq 3
check "stdout names every file, nothing else" \
	sh -c "test \$(grep -c '^wrote split/payslips-2025-03-' split.out) -eq 3 && ! grep -v '^wrote ' split.out"
for s in $(sqlite3 "$db" "SELECT id FROM store ORDER BY id"); do
	f=split/payslips-$month-$s.pdf
	check "$s: split file exists" test -s "$f"
	"$bin" payslips "$db" --month $month -D store="$s" -o "one-$s.pdf" > /dev/null 2>&1
	check "$s: same pages as that store alone ($(pages "$f"))" \
		test "$(pages "$f")" = "$(pages "one-$s.pdf")"
	slips=$(sqlite3 "$db" "SELECT count(*) FROM pay_slip ps JOIN employee e ON e.id = ps.employee_id JOIN position p ON p.id = e.position_id JOIN department d ON d.id = p.department_id WHERE d.store_id = '$s'")
	check "$s: at least a page per payslip" test "$(pages "$f")" -ge "$slips"
	check "$s: only its own staff" sh -c "pdftotext '$f' - | grep -q '工资条'"
done
"$bin" payslips "$db" --month $month -o all.pdf > /dev/null 2>&1
total=0
for f in split/*.pdf; do total=$((total + $(pages "$f"))); done
check "split pages add up to the whole batch ($total)" test "$total" -eq "$(pages all.pdf)"
fails "--shard without --split is refused" "$bin" payslips "$db" --month $month \
	--shard 1/2 -o x.pdf
fails "bad -j value" "$bin" payslips "$db" --month $month --split store -j 0 -o bad
fails "bad --shard value" "$bin" payslips "$db" --month $month --split store --shard 3/2 -o bad

# --- archive: -j 2 gives what -j 1 gives --------------------------------
cp "$db" j1.db
cp "$db" j2.db
check "archive -j 1" "$bin" archive j1.db --month $month -j 1 -o a1
check "archive -j 2" "$bin" archive j2.db --month $month -j 2 -o a2
sums a1 > a1.txt
sums a2 > a2.txt
n1=$(wc -l < a1.txt)
check "archive wrote files ($n1)" test "$n1" -gt 100
check "same files, same text per file" same_texts a1 a1.txt a2 a2.txt
ledger j1.db > l1.txt
ledger j2.db > l2.txt
check "same ledger rows" cmp l1.txt l2.txt
check "one ledger row per file" test "$(wc -l < l2.txt)" -eq "$n1"

# --- shards: 1/2 and 2/2 on two copies cover everything once --------------
cp "$db" s1.db
cp "$db" s2.db
check "archive --shard 1/2" "$bin" archive s1.db --month $month --shard 1/2 -o sh
check "archive --shard 2/2" "$bin" archive s2.db --month $month --shard 2/2 -o sh
sums sh > sh.txt
check "shards together: the same files and text" same_texts a1 a1.txt sh sh.txt
check "no file written twice (no .v2)" sh -c '! find sh -name "*.v2.pdf" | grep .'
{ ledger s1.db; ledger s2.db; } | sort > lsh.txt
check "shard ledgers together: every row once" cmp l1.txt lsh.txt
r1=$(sqlite3 s1.db "SELECT count(*) FROM archive_ledger")
r2=$(sqlite3 s2.db "SELECT count(*) FROM archive_ledger")
check "both shards did work ($r1 + $r2)" test "$r1" -gt 0 -a "$r2" -gt 0

# --- a failing worker fails the run ---------------------------------------
cp "$db" bad.db
victim=$(sqlite3 bad.db "SELECT employee_id FROM pay_slip ORDER BY employee_id LIMIT 1 OFFSET 40")
sqlite3 bad.db "UPDATE employee SET name = CAST(X'E4' AS TEXT) || 'x' WHERE id = '$victim'"
fails "archive -j 2 with a bad record exits 1" "$bin" archive bad.db --month $month --kind payslip -j 2 -o fa
cp "$work/last.err" fa.err
check "the worker's message is shown" grep -q "UTF-8" fa.err
check "and the failed worker is named" grep -q "worker .* exited with status 1" fa.err
check "stderr lines are whole" sh -c "! grep -v '^hrpress: ' fa.err"
check "no file for the bad record" sh -c "! find fa -name '$victim-*' | grep ."
check "no temporary file left" sh -c "! find fa -name '.*' -type f | grep ."
check "files written before the failure are in the ledger" \
	test "$(sqlite3 bad.db "SELECT count(*) FROM archive_ledger")" -eq "$(find fa -name '*.pdf' | wc -l)"
fails "payslips --split with a bad record exits 1" "$bin" payslips bad.db --month $month --split store -j 2 -o fs
vstore=$(sqlite3 bad.db "SELECT d.store_id FROM employee e JOIN position p ON p.id = e.position_id JOIN department d ON d.id = p.department_id WHERE e.id = '$victim'")
check "no file for the bad store" test ! -e "fs/payslips-$month-$vstore.pdf"
check "no partial file under any name" sh -c "! ls fs | grep -v '^payslips-$month-[A-Za-z0-9_-]*\.pdf$'"

finish scale
