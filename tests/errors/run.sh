#!/bin/sh
# Every diagnostic hrpress has, raised by a real input: the cases are data,
# tests/errors/cases/*.case (the format is described in
# tests/errors/cases/README). Each case runs one command in a fresh
# directory and checks its exit status, that it raised the expected code
# (HRPRESS_DIAG_CODES), the expected piece of its message, that stderr
# holds only "hrpress: " lines, and, when it failed, that it left no file
# behind (the directory's files are the same before and after: names, sizes
# and modification times) and did not change the database (the same bytes
# as a copy taken before, or else the same `sqlite3 .dump`).
# Then the closed loop: every code of src/diag_codes.h must be expected by a
# case, or be listed in tests/errors/unreachable with its reason.
# Prints "errors: N passed, N failed"; exits 1 on any failure.
# Usage: run.sh BIN [CASE-FILE...]  (a subset of the files skips the loop)
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
[ -z "${KEEP:-}" ] || echo "errors: the cases run in $work (c1, c2, ...; kept)"
pass=0 fail=0
if [ $# -eq 0 ]; then
	set -- "$here"/cases/*.case
	loop=1
else
	loop=0
fi
export HRPRESS_BIN="$bin"
# The same messages whatever the caller's locale.
export LC_ALL=C
# The checking tools are Debian's (see tests/e2e/lib.sh): python3 is /usr/bin's.
PATH=/usr/bin:/bin:$PATH
export PATH

# --- fixtures: built once, copied into each case --------------------------
mkdir "$work/fixtures"
"$bin" init "$work/fixtures/sample.sqlite" --sample > /dev/null 2>&1 ||
	{ echo "errors: cannot init the sample database"; exit 1; }
cp "$work/fixtures/sample.sqlite" "$work/fixtures/paid.sqlite"
"$bin" payroll "$work/fixtures/paid.sqlite" --month 2025-03 > /dev/null 2>&1 ||
	{ echo "errors: cannot run payroll"; exit 1; }

# --- one case -------------------------------------------------------------
bad() {
	failed=1
	echo "FAIL: $file: $name: $*"
}

# The database before the run, kept as $dir.db-before; db_same is true when
# it is the same after: the same bytes (the usual case, one cmp), or else
# the same contents (a rolled-back write may leave other bytes).
db_keep() {
	rm -f "$dir.db-before"
	[ ! -f "$dir/db.sqlite" ] || cp "$dir/db.sqlite" "$dir.db-before"
}
db_same() {
	if [ ! -f "$dir.db-before" ]; then
		[ ! -f "$dir/db.sqlite" ]
		return
	fi
	[ -f "$dir/db.sqlite" ] || return 1
	cmp -s "$dir.db-before" "$dir/db.sqlite" ||
		[ "$(sqlite3 "$dir.db-before" .dump)" = "$(sqlite3 "$dir/db.sqlite" .dump)" ]
}

# Files below the case directory with their sizes and modification times
# (to the nanosecond: a file written again shows); the database only by
# name (its bytes may change where its contents do not, db_same), so that a
# journal left behind shows.
tree() {
	(cd "$dir" && find . -name 'db.sqlite*' -printf '%p\n' -o \
		-type f -printf '%p %s %T@\n') | sort
}

run_case() {
	[ -n "$name" ] || return 0
	failed=0
	run_checks
	if [ "$failed" -eq 1 ]; then
		fail=$((fail + 1))
		[ ! -f "$dir.err" ] || sed 's/^/    /' "$dir.err" | head -20
	else
		pass=$((pass + 1))
	fi
	echo "$codes" | tr ' ' '\n' >> "$work/expected"
}

run_checks() {
	if [ -z "$run" ]; then
		bad "no run: line"
		return
	fi
	if [ -z "$codes" ]; then
		bad "no code: line"
		return
	fi
	case $fixture in
	none) ;;
	sample | paid) cp "$work/fixtures/$fixture.sqlite" "$dir/db.sqlite" ;;
	*) bad "unknown fixture: $fixture"; return ;;
	esac
	prelude='hrpress() { "$HRPRESS_BIN" "$@"; }
top='"'$top'"'
'
	if [ -n "$setup" ]; then
		printf '%s%s' "$prelude" "$setup" > "$dir.setup"
		if ! (cd "$dir" && sh -e "$dir.setup") < /dev/null > "$dir.sout" 2>&1; then
			bad "setup failed"
			sed 's/^/    /' "$dir.sout" | head -20
			return
		fi
	fi
	db_keep
	before=$(tree)
	printf '%s%s\n' "$prelude" "$run" > "$dir.cmd"
	(cd "$dir" && HRPRESS_DIAG_CODES="$dir.codes" sh "$dir.cmd") \
		< /dev/null > "$dir.out" 2> "$dir.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "exit $got, wanted $want"
	fi
	for c in $codes; do
		grep -q -x "$c" "$dir.codes" 2> /dev/null ||
			bad "$c was not raised (raised: $(sort -u "$dir.codes" 2> /dev/null | tr '\n' ' '))"
	done
	printf '%s' "$msgs" > "$dir.msgs"
	while IFS= read -r m; do
		[ -z "$m" ] || grep -F -q -- "$m" "$dir.err" ||
			bad "message lacks: $m"
	done < "$dir.msgs"
	if grep -v -q '^hrpress: ' "$dir.err"; then
		bad "stray stderr output"
	fi
	if [ "$got" -ne 0 ]; then
		after=$(tree)
		if [ -n "$partial" ]; then
			# a run with workers keeps what the others finished
			after=$(printf '%s\n' "$after" |
				grep -v "^\./$partial/[^/ ]* [0-9]* [0-9.]*\$" || true)
		fi
		if [ "$before" != "$after" ]; then
			bad "left files behind or changed them:"
			printf '%s\n' "$before" > "$dir.before"
			printf '%s\n' "$after" | diff "$dir.before" - |
				grep '^[<>]' | sed 's/^/    /'
		fi
		db_same || bad "changed the database"
	fi
}

# --- the case files ---------------------------------------------------------
# A case starts at "case: NAME"; see cases/README for the other lines.
: > "$work/expected"
n=0
for file in "$@"; do
	name=
	lineno=0
	infile=
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		if [ -n "$infile" ]; then
			if [ "$line" = "$eof" ]; then
				infile=
			else
				printf '%s\n' "$line" >> "$dir/$infile"
			fi
			continue
		fi
		case $line in
		'#'* | '') continue ;;
		'case: '*)
			run_case
			n=$((n + 1))
			name=${line#case: }
			dir=$work/c$n
			mkdir "$dir"
			fixture=paid want=1 codes= msgs= run= setup=
			partial=
			;;
		*)
			if [ -z "$name" ]; then
				echo "FAIL: $file:$lineno: a line before the first case:"
				fail=$((fail + 1))
				continue
			fi
			case $line in
			'fixture: '*) fixture=${line#fixture: } ;;
			'exit: '*) want=${line#exit: } ;;
			'code: '*) codes="$codes ${line#code: }" ;;
			'message: '*) msgs="$msgs${line#message: }
" ;;
			'setup: '*) setup="$setup${line#setup: }
" ;;
			'run: '*) run=${line#run: } ;;
			'partial: '*) partial=${line#partial: } ;;
			'file: '*' <<'*)
				infile=${line#file: }
				eof=${infile#* <<}
				infile=${infile%% <<*}
				mkdir -p "$(dirname "$dir/$infile")"
				: > "$dir/$infile"
				;;
			*)
				echo "FAIL: $file:$lineno: not a case line: $line"
				fail=$((fail + 1))
				;;
			esac
			;;
		esac
	done < "$file"
	run_case
	name=
done

# --- the closed loop: every code expected somewhere ------------------------
if [ "$loop" -eq 1 ]; then
	sed -n 's/^DIAG(\(DIAG_[A-Z0-9_]*\),.*/\1/p' "$top/src/diag_codes.h" |
		sort -u > "$work/all"
	grep -v '^#' "$here/unreachable" | awk 'NF { print $1 }' |
		sort -u > "$work/allowed"
	sort -u "$work/expected" | grep . > "$work/covered"
	missing=$(comm -23 "$work/all" "$work/covered" | comm -23 - "$work/allowed")
	if [ -n "$missing" ]; then
		fail=$((fail + 1))
		echo "FAIL: codes of src/diag_codes.h that no case expects (add a"
		echo "      case to tests/errors/cases/, or, if no input can raise"
		echo "      one, list it with its reason in tests/errors/unreachable):"
		echo "$missing" | sed 's/^/    /'
	fi
	stale=$(comm -12 "$work/allowed" "$work/covered")
	if [ -n "$stale" ]; then
		fail=$((fail + 1))
		echo "FAIL: codes in tests/errors/unreachable that a case raises:"
		echo "$stale" | sed 's/^/    /'
	fi
	unknown=$(comm -13 "$work/all" "$work/covered"; comm -13 "$work/all" "$work/allowed")
	if [ -n "$unknown" ]; then
		fail=$((fail + 1))
		echo "FAIL: codes expected or listed that src/diag_codes.h lacks:"
		echo "$unknown" | sed 's/^/    /'
	fi
	echo "errors: $(wc -l < "$work/covered") of $(wc -l < "$work/all") codes raised by a case; not reachable from input:"
	grep -v '^#' "$here/unreachable" | grep . | sed 's/^/    /'
fi

echo "errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
