#!/bin/sh
# Run the unit tests, then the end-to-end suites with the hrpress binary
# wrapped in valgrind: any invalid access or definite leak makes the run
# fail (exit 99 from valgrind fails the test that ran it).
# usage: valgrind.sh BIN RAWHARU UNIT_TEST...
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
raw=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
pass=0 fail=0
for t in "$@"; do
	if $vg "$t" > /dev/null 2> "$t.vg"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: $t under valgrind"; tail -30 "$t.vg"
	fi
done
echo "valgrind unit: $pass passed, $fail failed"
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
cat > "$wrap/hrpress" <<W
#!/bin/sh
exec $vg "$bin" "\$@"
W
chmod +x "$wrap/hrpress"
rc=0
[ "$fail" -eq 0 ] || rc=1
sh "$top/tests/e2e/run.sh" "$wrap/hrpress" "$raw" || rc=1
sh "$top/tests/errors/run.sh" "$wrap/hrpress" || rc=1
sh "$top/tests/e2e/import.sh" "$wrap/hrpress" || rc=1
exit $rc
