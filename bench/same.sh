#!/bin/sh
# Are two builds' documents the same byte for byte? For changes that are
# only about speed: sh bench/same.sh OLD_BIN NEW_BIN
#
# Both binaries render, from the sample database with SOURCE_DATE_EPOCH
# fixed, the handbook, every scorecard and payslip of a month as one
# document and split by store, the 3-up payslips, the payroll summary,
# and the archive of the month's payslips and scorecards (one file per
# record); then every file is compared with cmp, except the archive's
# identity file, which is random by design (docs/archive.md). Prints "same: N files"
# or names the files that differ and exits 1.
#
# Environment: SAME_DIR (scratch, default /tmp/hrpress-same), SAME_MONTH
# (default 2025-03), HRPRESS_TEMPLATES (default: this tree's templates).
set -eu
[ $# -eq 2 ] || { echo "usage: sh bench/same.sh OLD_BIN NEW_BIN" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
dir=${SAME_DIR:-/tmp/hrpress-same}
month=${SAME_MONTH:-2025-03}
export HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export SOURCE_DATE_EPOCH=1743465600
rm -rf "$dir"
mkdir -p "$dir"

# render NAME BIN: every document of the sample into $dir/NAME
render() {
	out=$dir/$1
	bin=$2
	mkdir -p "$out"
	"$bin" init "$out/d.db" --sample > /dev/null
	sh "$here/clone.sh" "$out/d.db" 2 1
	"$bin" payroll "$out/d.db" --month "$month" > /dev/null 2>&1
	"$bin" handbook "$out/d.db" -D year=2025 -o "$out/handbook.pdf" > /dev/null
	for kind in payslips scorecards; do
		"$bin" "$kind" "$out/d.db" --month "$month" -o "$out/$kind.pdf" > /dev/null
		"$bin" "$kind" "$out/d.db" --month "$month" --split store -j 2 \
		    -o "$out/split" > /dev/null
	done
	"$bin" render "$out/d.db" "$HRPRESS_TEMPLATES/payslip-3up.xml" --month "$month" \
	    -o "$out/payslip-3up.pdf" > /dev/null
	"$bin" render "$out/d.db" "$HRPRESS_TEMPLATES/payroll-summary.xml" --month "$month" \
	    -o "$out/payroll-summary.pdf" > /dev/null 2>&1
	"$bin" archive "$out/d.db" --month "$month" -j 2 -o "$out/archive" > /dev/null 2>&1
	rm "$out/d.db"
}

render old "$1"
render new "$2"
(cd "$dir/old" && find . -type f ! -name hrpress-archive.id | sort) > "$dir/old.list"
(cd "$dir/new" && find . -type f ! -name hrpress-archive.id | sort) > "$dir/new.list"
if ! cmp -s "$dir/old.list" "$dir/new.list"; then
	echo "same: the two builds wrote different files:" >&2
	diff "$dir/old.list" "$dir/new.list" >&2 || true
	exit 1
fi
differ=0
while read -r f; do
	cmp -s "$dir/old/$f" "$dir/new/$f" || { echo "differs: $f" >&2; differ=$((differ + 1)); }
done < "$dir/old.list"
n=$(wc -l < "$dir/old.list")
[ "$differ" -eq 0 ] || { echo "same: $differ of $n files differ (kept in $dir)" >&2; exit 1; }
echo "same: $n files"
