#!/bin/sh
# make demo: build the sample dealership database from samples/, compute its
# pay for every sample month, and render the handbook, the scorecards and the
# payslips of the demo month into out/.
set -eu
bin=$1 db=$2 month=$3
out=$(dirname "$db")
mkdir -p "$out"
rm -f "$db"
"$bin" init "$db" --sample
for m in 2025-01 2025-02 2025-03; do
	"$bin" payroll "$db" --month "$m" > "$out/payroll-$m.txt"
done
cat "$out/payroll-$month.txt"
"$bin" handbook "$db" -D year=2025 -o "$out/handbook.pdf"
"$bin" scorecards "$db" --month "$month" -o "$out/scorecards-$month.pdf"
"$bin" payslips "$db" --month "$month" -o "$out/payslips-$month.pdf"
echo
echo "demo documents:"
for f in "$out/handbook.pdf" "$out/scorecards-$month.pdf" "$out/payslips-$month.pdf"; do
	printf '  %s (%s bytes)\n' "$f" "$(wc -c < "$f" | tr -d ' ')"
done
