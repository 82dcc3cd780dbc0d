#!/bin/sh
# Benchmark: sh bench/run.sh [STAFF...] (default: 3000 30000).
#
# For each size, build a synthetic dealer group from the sample dealership
# (bench/clone.sh: stores of about 150 staff), then time with /usr/bin/time:
# the payroll computation, batch payslips split by store (-j 1 and -j 2),
# and the archive of one payslip file per employee (-j 1 and -j 2,
# unsigned, then signed with a 2048-bit RSA key made here by openssl).
# Prints pages/s, files/s, bytes per page/file and the peak RSS
# of the largest process, then how each figure grows from the smallest to
# the largest size (time per unit should stay flat: linear growth).
#
# Environment: HRPRESS (the binary, default build/hrpress), BENCH_DIR
# (scratch space, default /tmp/hrpress-bench; about 1 GB per 30,000 files
# is written and removed again), BENCH_MONTH (default 2025-03).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${HRPRESS:-$top/build/hrpress}
dir=${BENCH_DIR:-/tmp/hrpress-bench}
month=${BENCH_MONTH:-2025-03}
copies=3
[ $# -gt 0 ] || set -- 3000 30000
[ -x "$bin" ] || { echo "bench: no $bin (run make first)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
command -v openssl > /dev/null || { echo "bench: needs openssl (Debian package openssl)" >&2; exit 1; }

mkdir -p "$dir"
results="$dir/results.txt"
: > "$results"
# the signing key and certificate of the signed archive steps
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -utf8 \
    -subj "/O=测试车行/CN=测试车行人事部" -keyout "$dir/sign.key" \
    -out "$dir/sign.pem" 2> /dev/null || { echo "bench: openssl req failed" >&2; exit 1; }

# timed NAME COMMAND...: run it under /usr/bin/time; "seconds peak_kb" is
# then the last line of $dir/time.out
timed() {
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$dir/time.out" "$@" > "$dir/out.log" 2> "$dir/err.log" || {
		echo "bench: $name failed:" >&2
		tail -5 "$dir/err.log" >&2
		exit 1
	}
}

# record NAME UNITS BYTES: one line of results.txt
record() {
	echo "$staff $1 $2 $(tail -1 "$dir/time.out") $3" >> "$results"
	echo "bench: $staff $1: $2 in $(tail -1 "$dir/time.out" | cut -d' ' -f1) s" >&2
}

for staff in "$@"; do
	per_store=$((51 * copies))
	stores=$(( (staff + per_store / 2) / per_store ))
	[ "$stores" -ge 1 ] || stores=1
	db="$dir/group-$staff.db"
	rm -f "$db"
	echo "bench: $staff staff: $stores stores of $per_store, building $db" >&2
	"$bin" init "$db" --sample > /dev/null
	sh "$here/clone.sh" "$db" "$stores" "$copies"
	n=$(sqlite3 "$db" "SELECT count(*) FROM employee")

	timed payroll "$bin" payroll "$db" --month "$month"
	record payroll "$n" 0

	for j in 1 2; do
		out="$dir/batch-j$j"
		rm -rf "$out"
		timed "batch-j$j" "$bin" payslips "$db" --month "$month" --split store -j "$j" -o "$out"
		pages=$(awk '/^wrote / { gsub(/[(]/, "", $3); s += $3 } END { print s + 0 }' "$dir/out.log")
		record "batch-j$j" "$pages" "$(cat "$out"/*.pdf | wc -c)"
		rm -rf "$out"
	done

	for j in 1 2; do
		out="$dir/archive-j$j"
		rm -rf "$out"
		cp "$db" "$dir/archive.db"
		timed "archive-j$j" "$bin" archive "$dir/archive.db" --month "$month" --kind payslip -j "$j" -o "$out"
		record "archive-j$j" "$(find "$out" -name '*.pdf' | wc -l)" \
		    "$(find "$out" -name '*.pdf' -exec cat {} + | wc -c)"
		rm -rf "$out" "$dir/archive.db"
	done

	for j in 1 2; do
		out="$dir/archive-sig-j$j"
		rm -rf "$out"
		cp "$db" "$dir/archive.db"
		timed "archive-sig-j$j" "$bin" archive "$dir/archive.db" --month "$month" --kind payslip \
		    --key "$dir/sign.key" --cert "$dir/sign.pem" -j "$j" -o "$out"
		record "archive-sig-j$j" "$(find "$out" -name '*.pdf' | wc -l)" \
		    "$(find "$out" -name '*.pdf' -exec cat {} + | wc -c)"
		rm -rf "$out" "$dir/archive.db"
	done
done

# results.txt: staff step units seconds peak_kb bytes
awk -v first="$1" -v nproc="$(nproc)" '
{
	staff[NR] = $1; step[NR] = $2; units[NR] = $3; sec[NR] = $4
	kb[NR] = $5; bytes[NR] = $6
	key = $1 " " $2; u[key] = $3; s[key] = $4; k[key] = $5
	if (!($2 in seen)) { seen[$2] = 1; order[++nsteps] = $2 }
	if ($1 > last) last = $1
}
END {
	printf "%-7s %-14s %7s %8s %10s %10s %8s\n", "staff", "step", "units", "seconds", "units/s", "bytes/unit", "peak MB"
	for (i = 1; i <= NR; i++) {
		rate = sec[i] > 0 ? units[i] / sec[i] : 0
		per = units[i] > 0 && bytes[i] > 0 ? bytes[i] / units[i] : 0
		printf "%-7d %-14s %7d %8.2f %10.0f %10.0f %8.1f\n", staff[i], step[i], units[i], sec[i], rate, per, kb[i] / 1024
	}
	if (last == first)
		exit
	printf "\ngrowth from %d to %d staff (units x%.2f): time and peak RSS\n", first, last, u[last " payroll"] / u[first " payroll"]
	printf "%-14s %8s %12s %8s\n", "step", "time x", "per unit x", "RSS x"
	for (i = 1; i <= nsteps; i++) {
		a = first " " order[i]; b = last " " order[i]
		if (!(a in s) || !(b in s) || s[a] == 0 || u[a] == 0) continue
		t = s[b] / s[a]; n = u[b] / u[a]
		printf "%-14s %8.2f %12.2f %8.2f\n", order[i], t, t / n, k[b] / k[a]
	}
}' "$results"
