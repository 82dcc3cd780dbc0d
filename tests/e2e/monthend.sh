#!/bin/sh
# End-to-end tests of the month end on the sample database: closing and
# reopening a month (refused imports and payroll, the audit table), with the
# messages a clerk sees.
# Prints "monthend: N passed, N failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@" > "$work/last.out" 2> "$work/last.err"; then ok; else
		bad "$desc"; sed 's/^/    /' "$work/last.out" "$work/last.err" | head -20
	fi
}
exits() { # exits CODE COMMAND...: command exits with CODE
	want=$1; shift
	"$@" > "$work/x.out" 2> "$work/x.err"
	got=$?
	[ "$got" -eq "$want" ] || { echo "exit $got, wanted $want"; cat "$work/x.err"; return 1; }
}
err_has() { grep -F -q -- "$1" "$work/x.err" || { echo "stderr lacks: $1"; cat "$work/x.err"; return 1; }; }
out_has() { grep -F -q -- "$1" "$work/x.out" || { echo "stdout lacks: $1"; cat "$work/x.out"; return 1; }; }
q() { sqlite3 "$db" "$1"; }
sum() { cksum < "$db"; }

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample
export USER=clerk1

# ---------------------------------------------------------------- close
t_close_no_run() {
	exits 1 "$bin" close "$db" --month 2025-03 &&
	err_has "no payroll stored for 2025-03: run hrpress payroll" &&
	[ "$(q "SELECT count(*) FROM month_audit")" = 0 ]
}
check "close without a run is refused" t_close_no_run
check "payroll 2025-03" "$bin" payroll "$db" --month 2025-03
t_close() {
	exits 0 "$bin" close "$db" --month 2025-03 --note "checked" &&
	out_has "2025-03 closed by clerk1"
}
check "close 2025-03" t_close
check "closed twice is refused" exits 1 "$bin" close "$db" --month 2025-03
printf '工号,月份,月销量目标\nE0012,2025-03,9\n' > fix.csv
before=$(sum)
t_payroll_closed() {
	exits 1 "$bin" payroll "$db" --month 2025-03 &&
	err_has "2025-03 is closed, payroll refused" &&
	err_has "hrpress reopen $db --month 2025-03 --reason"
}
check "payroll of a closed month is refused" t_payroll_closed
t_import_closed() {
	exits 1 "$bin" import "$db" facts fix.csv --replace &&
	err_has "error: month is closed: 2025-03 is closed, import of facts"
}
check "import into a closed month is refused" t_import_closed
[ "$(sum)" = "$before" ] && ok || bad "refused commands changed the database"
t_reopen_no_reason() {
	exits 1 "$bin" reopen "$db" --month 2025-03 &&
	err_has "needs a reason" &&
	exits 1 "$bin" reopen "$db" --month 2025-03 --reason " "
}
check "reopen without a reason is refused" t_reopen_no_reason
[ "$(sum)" = "$before" ] && ok || bad "refused reopen changed the database"
t_reopen() {
	exits 0 "$bin" reopen "$db" --month 2025-03 --reason "E0012 sold 9" &&
	out_has "2025-03 reopened by clerk1"
}
check "reopen with a reason" t_reopen
check "payroll after reopen" "$bin" payroll "$db" --month 2025-03
[ "$(q "SELECT group_concat(action || ':' || by_user || ':' || reason, '|')
	FROM (SELECT * FROM month_audit ORDER BY id)")" = \
	"close:clerk1:checked|reopen:clerk1:E0012 sold 9" ] && ok ||
	bad "month_audit rows"
t_append_only() {
	! q "DELETE FROM month_audit" 2>/dev/null &&
	! q "UPDATE month_audit SET reason = 1" 2>/dev/null &&
	[ "$(q "SELECT count(*) FROM month_audit")" = 2 ]
}
check "month_audit is append-only" t_append_only

echo "monthend: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
