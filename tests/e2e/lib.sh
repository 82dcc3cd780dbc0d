# The prologue every end-to-end script shares; a script sources it as
#   . "$(dirname "$0")/lib.sh"
# with the hrpress binary as its first argument, and ends with `finish NAME`.
# It sets:
#   bin   the binary, as an absolute path
#   top   the top of the source tree
#   work  a fresh directory, removed on exit unless KEEP is set (KEEP=1
#         keeps it for a look at the files); a script that needs more at
#         exit sets its own EXIT trap, which must remove "$work"
#   pass, fail   the counters
# and defines:
#   ok, bad MESSAGE             count a pass; count and print a failure
#   check DESCRIPTION CMD...    passes if CMD exits 0; CMD's stdout and stderr
#                               go to $work/last.out and $work/last.err (both
#                               truncated first), printed on a failure
#   fails DESCRIPTION CMD...    passes if CMD exits 1, same files
#   exits CODE CMD...           true if CMD exits with CODE; its output goes
#                               to $work/x.out and $work/x.err (for use
#                               inside check: check "..." exits 1 ...)
#   err_has TEXT, out_has TEXT  $work/x.err / $work/x.out contain TEXT
#   finish NAME                 prints "NAME: N passed, N failed" and exits
#                               0 only without a failure
# The checking tools are Debian's (scripts/deps.sh): /usr/bin comes first
# on PATH, so that python3 is the one with python3-pikepdf and
# python3-openpyxl, not a user's own Python (a pyenv shim, a venv).
PATH=/usr/bin:/bin:$PATH
export PATH
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@" > "$work/last.out" 2> "$work/last.err"; then ok; else
		bad "$desc"; sed 's/^/    /' "$work/last.out" "$work/last.err" | head -20
	fi
}
fails() { # fails DESCRIPTION COMMAND...: command exits 1
	desc=$1; shift
	"$@" > "$work/last.out" 2> "$work/last.err"
	rc=$?
	if [ "$rc" -eq 1 ]; then ok; else
		bad "$desc (exit $rc)"; sed 's/^/    /' "$work/last.out" "$work/last.err" | head -10
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
finish() { # finish NAME
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ] && exit 0
	exit 1
}
