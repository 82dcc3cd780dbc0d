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

# A month-end from the clerk's CSV files: April 2025 is imported into a copy
# of the demo database, so the documents above stay those of the sample.
imp="$out/import-demo.db"
rm -f "$imp"
cp "$db" "$imp"
csv=samples/csv
echo
echo "import of $csv into $imp:"
"$bin" import "$imp" staff "$csv/staff-2025-04.gbk.csv"
"$bin" import "$imp" facts "$csv/facts-2025-04.csv" --month 2025-04
"$bin" import "$imp" sales "$csv/sales-2025-04.csv" --month 2025-04
"$bin" import "$imp" kpi "$csv/kpi-2025-04.gbk.csv" --month 2025-04
"$bin" import "$imp" store "$csv/store-2025-04.csv" --month 2025-04
"$bin" import "$imp" si_base "$csv/si_base-2025.gbk.csv"
"$bin" import "$imp" iit_deduction "$csv/iit_deduction-2025-04.gbk.csv" --month 2025-04
"$bin" payroll "$imp" --month 2025-04 > "$out/payroll-2025-04.txt"
"$bin" payslips "$imp" --month 2025-04 -o "$out/payslips-2025-04.pdf"
printf '  %s (%s bytes)\n' "$out/payslips-2025-04.pdf" "$(wc -c < "$out/payslips-2025-04.pdf" | tr -d ' ')"
