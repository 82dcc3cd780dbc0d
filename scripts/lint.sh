#!/bin/sh
# Static analysis: cppcheck (warning and portability classes) and
# clang-tidy with the committed .clang-tidy. Any finding fails. A finding
# that is wrong is suppressed where it occurs, with the reason beside it:
#   cppcheck:   /* cppcheck-suppress ID -- why */ on the line before
#   clang-tidy: /* NOLINT(check-name): why */ on the line
# usage: sh scripts/lint.sh [FILE.c...] (default: every src/*.c)
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- src/*.c
pkgs="libxml-2.0 sqlite3 harfbuzz harfbuzz-subset libunibreak libdeflate libcrypto xlsxwriter libzip"
rc=0
echo "lint: cppcheck"
cppcheck --enable=warning,portability --error-exitcode=1 --inline-suppr \
    --quiet --std=c11 -D__GNUC__ -D_POSIX_C_SOURCE=200809L \
    -DHRP_QPDF_SONAME='"libqpdf.so"' -Isrc "$@" || rc=1
echo "lint: clang-tidy"
log=$(mktemp)
db=$(mktemp -d)
trap 'rm -rf "$log" "$log.all" "$db"' EXIT
# shellcheck disable=SC2086
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -Ibuild $(pkg-config --cflags $pkgs)"
# The flags go into a compilation database, so that xargs can run two
# clang-tidy at a time (a file takes seconds), each writing its own log.
{
	echo "["
	sep=""
	for f in "$@"; do
		printf '%s{"directory": "%s", "file": "%s", "arguments": ["cc"' "$sep" "$(pwd)" "$f"
		# shellcheck disable=SC2086
		for a in $cflags -DHRP_DATADIR='\"/usr/share/hrpress\"' -DHRP_VERSION='\"lint\"' -DHRP_QPDF_SONAME='\"libqpdf.so\"' -c "$f"; do
			printf ', "%s"' "$a"
		done
		printf ']}\n'
		sep=","
	done
	echo "]"
} > "$db/compile_commands.json"
printf '%s\n' "$@" | xargs -P 2 -n 1 sh -c \
	'clang-tidy --quiet -p "$1" "$2" > "$1/$(echo "$2" | tr / _).log" 2> /dev/null || true' _ "$db"
cat "$db"/*.log > "$log"
grep -E '(error|warning):.*\[' "$log" | sed "s|^$(pwd)/||" | sort -u > "$log.all" || true
if [ -s "$log.all" ]; then
	cat "$log.all"
	rc=1
fi
[ "$rc" -eq 0 ] && echo "lint: clean"
exit "$rc"
