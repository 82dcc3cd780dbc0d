#!/bin/bash
# Interrupt payslips --split, archive, import, payroll and init at random
# points with SIGINT, SIGTERM and SIGKILL. After each kill: every file under
# a final name is a whole PDF (qpdf --show-npages exits 0 without a repair;
# qpdf --check in the full matrix), no temporary file is left (SIGINT and
# SIGTERM; after SIGKILL only the killed process's own temporaries may
# remain), no worker outlives its parent, the database passes
# integrity_check and holds either the rows from before or the committed
# ones, every ledger row's file exists with its hash, and a re-run works.
# usage: bash interrupt.sh BIN. Prints "interrupt: N passed, N failed".
# The delays are random from a seed printed first; HRPRESS_SEED=N replays
# the same delays (where each kill lands still depends on the machine's
# load). By default (make test) each command is killed four times: SIGINT
# to the process group and to the process alone, SIGTERM and SIGKILL, each
# in its own quarter of the command's delay range (which quarter is drawn
# from the seed), so that early and late kills are both tried.
# HRPRESS_TEST_FULL=1 (make test FULL=1, as CI runs it) kills each command
# 5 times per signal, at delays drawn from the whole range;
# INTERRUPT_KILLS=N sets that number and implies the full matrix.
# bash, not sh: "set -m" gives background jobs default SIGINT handling.
set -u
set -m
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/hrpress-interrupt.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HRPRESS_TEMPLATES="$top/templates"
full=${HRPRESS_TEST_FULL:-}
[ -n "${INTERRUPT_KILLS:-}" ] && full=1
KILLS=${INTERRUPT_KILLS:-5}
case $KILLS in '' | *[!0-9]* | 0) echo "interrupt: INTERRUPT_KILLS must be a number above 0: $KILLS"; exit 2 ;; esac
seed=${HRPRESS_SEED:-$(( ($(date +%s) ^ $$) % 32768 ))}
case $seed in ''|*[!0-9]*) echo "interrupt: HRPRESS_SEED must be a number: $seed"; exit 2 ;; esac
if [ -n "$full" ]; then
	echo "interrupt: seed $seed, full matrix, $KILLS kills per command and signal (HRPRESS_SEED=$seed INTERRUPT_KILLS=$KILLS replays it)"
else
	echo "interrupt: seed $seed, 4 kills per command (HRPRESS_SEED=$seed replays it; HRPRESS_TEST_FULL=1 runs the full matrix)"
fi
RANDOM=$seed
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

q() { sqlite3 -batch -noheader "$1" "$2"; }

# a random delay in seconds between $1 and $2 hundredths, in $d: set here,
# not printed into a $(...), whose subshell would draw from a new seed.
# Without the full matrix, kill number $quarter (0-3) of a command draws
# from that quarter of the range.
quarter=
delay() {
	local lo=$1 hi=$2 w
	if [ -n "$quarter" ]; then
		w=$(( (hi - lo + 1) / 4 ))
		lo=$((lo + quarter * w))
		[ "$quarter" -lt 3 ] && hi=$((lo + w - 1))
	fi
	printf -v d '0.%02d' $((lo + RANDOM % (hi - lo + 1)))
}

# the kills of one command, in the arrays ksig, kround and kquarter: the
# full matrix is KILLS rounds of INT, TERM and KILL at delays from the
# whole range; the subset is INT in rounds 1 (process group) and 2 (the
# process alone), TERM and KILL once, in the four quarters of the range
# rotated by the seed. (An array, not a $(...): see delay.)
kills() {
	local sig r rot i=0
	ksig=() kround=() kquarter=()
	if [ -n "$full" ]; then
		for sig in INT TERM KILL; do
			for r in $(seq 1 "$KILLS"); do
				ksig+=("$sig") kround+=("$r") kquarter+=("")
			done
		done
		return
	fi
	rot=$((RANDOM % 4))
	for sig in INT:1 INT:2 TERM:1 KILL:1; do
		ksig+=("${sig%:*}") kround+=("${sig#*:}")
		kquarter+=("$(( (i + rot) % 4 ))")
		i=$((i + 1))
	done
}

# run "$@" in the background, send signal sig after the delay, wait:
# sets rc. SIGINT goes to the whole process group (a terminal's ^C) on
# odd rounds, otherwise only to the main process.
interrupt() { # sig lo hi round cmd...
	local sig=$1 lo=$2 hi=$3 round=$4 pid
	shift 4
	"$@" > /dev/null 2>&1 &
	pid=$!
	delay "$lo" "$hi"
	sleep "$d"
	if [ "$sig" = INT ] && [ $((round % 2)) -eq 1 ]; then
		kill -s "$sig" -- -"$pid" 2>/dev/null
	else
		kill -s "$sig" "$pid" 2>/dev/null
	fi
	wait "$pid"
	rc=$?
}

# the exit status must be success or death by that very signal
check_rc() { # what sig
	local want
	case $2 in INT) want=130 ;; TERM) want=143 ;; KILL) want=137 ;; esac
	if [ "$rc" -eq 0 ] || [ "$rc" -eq "$want" ]; then ok; else
		bad "$1: exit status $rc after SIG$2"; fi
}

# no hrpress process of this test may outlive the one that was killed
check_orphans() { # what
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		pgrep -f "$work" > /dev/null || { ok; return; }
		sleep 0.1
	done
	bad "$1: worker processes outlived their parent"
	pkill -KILL -f "$work"
}

# A file cut short lacks its trailer, which qpdf then reconstructs with a
# warning (exit 3) or cannot find (exit 2): without the full matrix,
# --show-npages exiting 0 proves the file whole at a tenth of the cost of
# --check, which also decodes every stream (the full matrix runs it).
# Neither minds the last line missing, so the file must end with %%EOF.
check_pdfs() { # what dir [find options...]
	local what=$1 dir=$2 f n=0 how=--show-npages
	shift 2
	[ -z "$full" ] || how=--check
	for f in $(find "$dir" -name '*.pdf' -type f "$@"); do
		n=$((n + 1))
		qpdf "$how" "$f" > /dev/null 2>&1 && [ "$(tail -c 6 "$f")" = "%%EOF" ] ||
			{ bad "$what: $f is not a whole PDF (qpdf $how, %%EOF)"; return; }
	done
	ok
}

# temporaries: names from mkstemp (NAME.XXXXXX, .NAME.XXXXXX) and SQLite
# journals (which the next open rolls back)
temps() { # dir
	find "$1" -type f \( -name '*.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]' -o -name '.*' -o -name '*.??????-journal' \) | grep -v '\.pdf$\|\.db$\|\.csv$'
}

check_temps() { # what sig dir
	local left
	left=$(temps "$3")
	if [ "$2" = KILL ]; then ok; return; fi
	if [ -z "$left" ]; then ok; else bad "$1: SIG$2 left $(echo "$left" | head -3)"; fi
}

check_db() { # what db sum-query before after
	local what=$1 db=$2 ro now ic
	# first a reader of hrpress (render, export): it opens the database
	# read-only and must see the old or the new rows, even with the hot
	# journal of a killed write still there
	# (a run of 2025-02 makes the stored 2025-03 run out of date: then
	# the reader opens the database and refuses to print it)
	if "$bin" payroll "$db" --month 2025-03 --format csv > /dev/null 2> "$work/ro.err" ||
	    grep -q "stored pay run is out of date: 2025-03: the pay run of 2025-02" "$work/ro.err"
	then ok; else
		bad "$what: a read-only hrpress cannot open the database"; fi
	ro=$(sqlite3 -readonly -batch -noheader "$db" "$3")
	if [ "$ro" = "$4" ] || [ "$ro" = "$5" ]; then ok; else
		bad "$what: a read-only open sees neither old nor new rows: $ro"; fi
	# then read-write, which rolls a hot journal back
	ic=$(q "$db" "PRAGMA integrity_check")
	[ "$ic" = ok ] && ok || bad "$what: integrity_check: $ic"
	now=$(q "$db" "$3")
	if [ "$now" = "$ro" ]; then ok; else
		bad "$what: rows changed from $ro to $now on reopening"; fi
}

# (one sha256sum -c over the whole ledger: a missing file fails it too;
# sha256sum refuses an empty list)
check_ledger() { # what db dir
	local left
	q "$2" "SELECT sha256 || '  ' || path FROM archive_ledger" > "$work/ledger"
	[ -s "$work/ledger" ] || { ok; return; } # a kill before the first row
	if left=$(cd "$3" && sha256sum --strict --quiet -c "$work/ledger" 2>&1); then ok; else
		bad "$1: ledger rows without a file of their hash: $(echo "$left" | head -3)"
	fi
}

# bash reports every killed job on stderr: not a failure
exec 2> /dev/null

# ---- data: the sample grown into a group of stores ----
db=$work/group.db
"$bin" init "$db" --sample > /dev/null || { echo "interrupt: cannot init"; exit 1; }
sh "$top/bench/clone.sh" "$db" 10 3 > /dev/null || { echo "interrupt: clone failed"; exit 1; }
"$bin" payroll "$db" --month 2025-03 > /dev/null 2>&1 || { echo "interrupt: payroll failed"; exit 1; }
small=$work/small.db
"$bin" init "$small" --sample > /dev/null
sh "$top/bench/clone.sh" "$small" 2 1 > /dev/null
"$bin" payroll "$small" --month 2025-03 > /dev/null 2>&1

# ---- payslips --split store -j 2 ----
out=$work/payslips
kills
for k in "${!ksig[@]}"; do
	sig=${ksig[k]} r=${kround[k]} quarter=${kquarter[k]}
	touch "$work/mark"
	interrupt $sig 5 50 "$r" "$bin" payslips "$db" --month 2025-03 --split store -j 2 -o "$out"
	check_rc "payslips" $sig
	check_orphans "payslips"
	[ -d "$out" ] && check_pdfs "payslips" "$out" -newer "$work/mark"
	[ -d "$out" ] && check_temps "payslips" $sig "$out"
done
quarter=
"$bin" payslips "$db" --month 2025-03 --split store -j 2 -o "$out" > /dev/null 2>&1 && ok || bad "payslips: re-run failed"
[ "$(find "$out" -name '*.pdf' | wc -l)" -eq 10 ] && ok || bad "payslips: re-run did not write 10 files"
rm -f $(temps "$out")

# ---- archive -j 2 ----
ar=$work/archive
sum="SELECT count(*) FROM archive_ledger"
kills
for k in "${!ksig[@]}"; do
	sig=${ksig[k]} r=${kround[k]} quarter=${kquarter[k]}
	touch "$work/mark"
	before=$(q "$small" "$sum")
	interrupt $sig 5 50 "$r" "$bin" archive "$small" --month 2025-03 --kind payslip -j 2 -o "$ar"
	check_rc "archive" $sig
	check_orphans "archive"
	[ -d "$ar" ] && check_pdfs "archive" "$ar" -newer "$work/mark"
	[ -d "$ar" ] && check_temps "archive" $sig "$ar"
	n=$(q "$small" "SELECT count(*) FROM employee")
	check_db "archive" "$small" "$sum" "$before" "$((before + n))"
	check_ledger "archive" "$small" "$ar"
done
quarter=
# temporaries a SIGKILL left are dot-names: never a final name, never in
# the ledger; the re-run goes past them
"$bin" archive "$small" --month 2025-03 --kind payslip -j 2 -o "$ar" > /dev/null 2>&1 && ok || bad "archive: re-run failed"
check_ledger "archive re-run" "$small" "$ar"

# ---- import: 41,310 fact rows in one transaction ----
csv=$work/facts.csv
echo "employee_id,month,measure,value" > "$csv"
for m in 04 05 06 07 08 09 10 11 12; do
	q "$db" "SELECT id || ',2025-$m,work_days,21' FROM employee;
	    SELECT id || ',2025-$m,attend_days,20' FROM employee;
	    SELECT id || ',2025-$m,appraisal_x100,88' FROM employee" >> "$csv"
done
sum="SELECT count(*) || '/' || total(value) FROM month_fact WHERE month > '2025-03'"
before=$(q "$db" "$sum")
cp "$db" "$work/ref.db"
"$bin" import "$work/ref.db" facts "$csv" --replace > /dev/null 2>&1
after=$(q "$work/ref.db" "$sum")
[ "$before" != "$after" ] && ok || bad "import: the file changes nothing"
kills
for k in "${!ksig[@]}"; do
	sig=${ksig[k]} r=${kround[k]} quarter=${kquarter[k]}
	interrupt $sig 2 40 "$r" "$bin" import "$db" facts "$csv" --replace
	check_rc "import" $sig
	check_db "import" "$db" "$sum" "$before" "$after"
done
quarter=
"$bin" import "$db" facts "$csv" --replace > /dev/null 2>&1 && ok || bad "import: re-run failed"
[ "$(q "$db" "$sum")" = "$after" ] && ok || bad "import: re-run did not store the rows"

# ---- payroll of a new month ----
sum="SELECT count(*) || '/' || total(gross_fen) || '/' || total(net_fen) FROM pay_slip JOIN pay_run ON id = run_id WHERE month = '2025-02'"
before=$(q "$db" "$sum")
cp "$db" "$work/ref.db"
"$bin" payroll "$work/ref.db" --month 2025-02 > /dev/null 2>&1
after=$(q "$work/ref.db" "$sum")
[ "$before" != "$after" ] && ok || bad "payroll: the run changes nothing"
kills
for k in "${!ksig[@]}"; do
	sig=${ksig[k]} r=${kround[k]} quarter=${kquarter[k]}
	interrupt $sig 2 25 "$r" "$bin" payroll "$db" --month 2025-02
	check_rc "payroll" $sig
	check_db "payroll" "$db" "$sum" "$before" "$after"
done
quarter=
"$bin" payroll "$db" --month 2025-02 > /dev/null 2>&1 && ok || bad "payroll: re-run failed"
[ "$(q "$db" "$sum")" = "$after" ] && ok || bad "payroll: re-run did not store the run"
check_temps "database" INT "$work"

# ---- init --sample ----
idir=$work/init
mkdir -p "$idir"
kills
for k in "${!ksig[@]}"; do
	sig=${ksig[k]} r=${kround[k]} quarter=${kquarter[k]}
	rm -f "$idir/new.db"
	interrupt $sig 0 3 "$r" "$bin" init "$idir/new.db" --sample
	check_rc "init" $sig
	if [ -e "$idir/new.db" ]; then
		[ "$(q "$idir/new.db" "PRAGMA integrity_check; SELECT count(*) > 0 FROM employee")" = "ok
1" ] && ok || bad "init: $idir/new.db is incomplete"
	fi
	check_temps "init" $sig "$idir"
done
quarter=
rm -f "$idir/new.db"
"$bin" init "$idir/new.db" --sample > /dev/null && ok || bad "init: re-run failed"

echo "interrupt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
