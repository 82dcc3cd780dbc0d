#!/bin/sh
# One part of the valgrind check: any invalid access or definite leak
# makes it fail (exit 99 from valgrind fails the test that ran it).
# usage: valgrind.sh PART BIN RAWHARU [UNIT_TEST...]
#   unit       every unit test binary given, under valgrind
#   run        tests/e2e/run.sh with the hrpress binary wrapped in valgrind
#   import     tests/e2e/import.sh, the same way
#   errors-1   tests/errors/run.sh over the first half of the case files
#   errors-2   the second half (the halves run side by side under make -j2;
#              the closed loop of codes is checked by the plain run)
# Prints "valgrind PART: N passed, N failed" (unit) or the suite's own
# summary line.
set -u
part=$1
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
raw=$3
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
cat > "$wrap/hrpress" <<W
#!/bin/sh
exec $vg "$bin" "\$@"
W
chmod +x "$wrap/hrpress"

# half N (1 or 2) of the case files, alternating in name order
cases() {
	ls "$top"/tests/errors/cases/*.case | awk -v h="$1" 'NR % 2 == h % 2'
}

case $part in
unit)
	pass=0 fail=0
	for t in "$@"; do
		if $vg "$t" > /dev/null 2> "$t.vg"; then pass=$((pass + 1)); else
			fail=$((fail + 1)); echo "FAIL: $t under valgrind"; tail -30 "$t.vg"
		fi
	done
	echo "valgrind unit: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	;;
run) sh "$top/tests/e2e/run.sh" "$wrap/hrpress" "$raw" ;;
import) sh "$top/tests/e2e/import.sh" "$wrap/hrpress" ;;
errors-1 | errors-2) sh "$top/tests/errors/run.sh" "$wrap/hrpress" $(cases "${part#errors-}") ;;
*) echo "valgrind.sh: unknown part: $part (unit, run, import, errors-1, errors-2)"; exit 2 ;;
esac
