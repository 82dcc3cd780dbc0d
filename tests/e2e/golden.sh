#!/bin/sh
# SPDX-License-Identifier: MIT
# Print-quality regression test: renders every shipped document from the
# sample database and compares
#   - its text (pdftotext -layout) byte for byte with tests/golden/NAME.txt;
#   - one or two chosen pages, rasterised at 60 dpi, with
#     tests/ref/NAME-pN.png: at most 0.5% of the pixels may differ by more
#     than 10% (ImageMagick compare -metric AE -fuzz 10%), which absorbs
#     anti-aliasing noise but not a moved line, a lost row or tofu;
#   - for one payslip and one scorecard, the page dump (render --dump=page:
#     every text run, line and image to 0.01 pt) byte for byte with
#     tests/golden/NAME.page, which catches a move too small to see.
# Prints "golden: N passed, N failed".
#
# usage: sh tests/e2e/golden.sh BIN [--regen]
#   --regen  write the golden texts and reference images instead of
#            comparing; look at every PNG before keeping it.
#
# The output is deterministic: the handbook's year is given (-D year=2025,
# otherwise it is the current year) and SOURCE_DATE_EPOCH fixes the PDF
# creation date. No page prints a run date, so no line is filtered. The
# references are drawn with the default font chain (DroidSansFallbackFull,
# DejaVuSans, HanaMinB from /usr/share/fonts/truetype); other fonts fail the
# comparison. On a failure the new text, the new page and a diff image are
# kept in a directory named in the message.
set -u
if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != --regen ]; }; then
	echo "usage: sh tests/e2e/golden.sh BIN [--regen]" >&2
	exit 2
fi
. "$(dirname "$0")/lib.sh"
regen=${2:+yes}
golden=$top/tests/golden
ref=$top/tests/ref
month=2025-03
keep=

export HRPRESS_TEMPLATES="$top/templates"
# 2025-04-01 00:00:00 UTC: the PDFs' creation date.
export SOURCE_DATE_EPOCH=1743465600
export TZ=UTC

# keepdir: a directory outside $work for the evidence of a failure.
keepdir() {
	[ -n "$keep" ] || keep=$(mktemp -d "${TMPDIR:-/tmp}/hrpress-golden.XXXXXX")
}

# text NAME: NAME.pdf to NAME.txt with no message from pdftotext, then the
# text against tests/golden/NAME.txt (or written there with --regen).
text() {
	name=$1
	if ! pdftotext -layout "$name.pdf" "$name.txt" 2> "$name.err" || [ -s "$name.err" ]; then
		bad "$name: pdftotext"; sed 's/^/    /' "$name.err" | head -20
		return
	fi
	if [ -n "$regen" ]; then
		cp "$name.txt" "$golden/$name.txt" && ok && echo "wrote tests/golden/$name.txt"
		return
	fi
	if [ ! -f "$golden/$name.txt" ]; then
		bad "$name: no tests/golden/$name.txt (run with --regen)"
	elif cmp -s "$golden/$name.txt" "$name.txt"; then
		ok
	else
		keepdir; cp "$name.txt" "$keep/$name.txt"
		bad "$name: text differs from tests/golden/$name.txt (new text: $keep/$name.txt)"
		diff -u --label "tests/golden/$name.txt" --label "new/$name.txt" "$golden/$name.txt" "$name.txt" | head -40
	fi
}

# pagedump NAME: NAME.page (made by --dump=page) against
# tests/golden/NAME.page (or written there with --regen).
pagedump() {
	name=$1
	if [ ! -s "$name.page" ]; then
		bad "$name: no page dump"
		return
	fi
	if [ -n "$regen" ]; then
		cp "$name.page" "$golden/$name.page" && ok && echo "wrote tests/golden/$name.page"
		return
	fi
	if [ ! -f "$golden/$name.page" ]; then
		bad "$name: no tests/golden/$name.page (run with --regen)"
	elif cmp -s "$golden/$name.page" "$name.page"; then
		ok
	else
		keepdir; cp "$name.page" "$keep/$name.page"
		bad "$name: page dump differs from tests/golden/$name.page (new dump: $keep/$name.page)"
		diff -u --label "tests/golden/$name.page" --label "new/$name.page" "$golden/$name.page" "$name.page" | head -40
	fi
}

# page NAME N: page N of NAME.pdf at 60 dpi against tests/ref/NAME-pN.png.
page() {
	name=$1 n=$2 png=$1-p$2
	if ! pdftoppm -r 60 -f "$n" -l "$n" -png -singlefile "$name.pdf" "$png" 2> "$png.err" ||
	    [ ! -s "$png.png" ]; then
		bad "$png: pdftoppm"; sed 's/^/    /' "$png.err" | head -20
		return
	fi
	if [ -n "$regen" ]; then
		cp "$png.png" "$ref/$png.png" && ok && echo "wrote tests/ref/$png.png"
		return
	fi
	if [ ! -f "$ref/$png.png" ]; then
		bad "$png: no tests/ref/$png.png (run with --regen)"
		return
	fi
	want=$(identify -format '%w %h' "$ref/$png.png")
	got=$(identify -format '%w %h' "$png.png")
	if [ "$want" != "$got" ]; then
		keepdir; cp "$png.png" "$keep/$png.png"
		bad "$png: size $got, reference $want (new page: $keep/$png.png)"
		return
	fi
	# AE prints the number of differing pixels on stderr; exit 1 only
	# means "not identical", 2 is an error.
	compare -metric AE -fuzz 10% "$ref/$png.png" "$png.png" "$png-diff.png" 2> "$png.ae"
	if [ $? -gt 1 ]; then
		bad "$png: compare"; sed 's/^/    /' "$png.ae" | head -20
		return
	fi
	pixels=$(($(identify -format '%w * %h' "$ref/$png.png")))
	differ=$(awk '{ print $1 + 0; exit }' "$png.ae")
	if awk -v d="$differ" -v n="$pixels" 'BEGIN { exit !(d <= n * 0.005) }'; then
		ok
	else
		keepdir; cp "$png.png" "$keep/$png.png"; cp "$png-diff.png" "$keep/$png-diff.png"
		bad "$png: $differ of $pixels pixels differ from tests/ref/$png.png (more than 0.5%); diff image: $keep/$png-diff.png"
	fi
}

cd "$work" || exit 2
[ -z "$regen" ] || mkdir -p "$golden" "$ref" || exit 2
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
# the months of the tax year before it first, as make demo does: income
# tax is cumulative, so the golden figures include real tax
for m in 2025-01 2025-02 $month; do
	check "payroll $m" "$bin" payroll "$db" --month $m
done
check "handbook" "$bin" handbook "$db" -D year=2025 -o handbook.pdf
check "scorecards" "$bin" scorecards "$db" --month $month -o scorecards.pdf
check "payslips" "$bin" payslips "$db" --month $month -o payslips.pdf
check "payslip-3up" "$bin" render "$db" "$top/templates/payslip-3up.xml" --month $month -o payslip-3up.pdf
check "payroll-summary" "$bin" render "$db" "$top/templates/payroll-summary.xml" --month $month -o payroll-summary.pdf
check "payroll-changes" "$bin" render "$db" "$top/templates/payroll-changes.xml" --month $month -D prev=2025-02 -D threshold=300 -o payroll-changes.pdf

for name in handbook scorecards payslips payslip-3up payroll-summary payroll-changes; do
	if [ ! -s "$name.pdf" ]; then
		bad "$name: no PDF"
		continue
	fi
	text "$name"
done

# The pages compared: the first page of each document (the handbook's
# cover, the first scorecard and payslip, the summary); the handbook's
# organisation chart, the densest drawing; and the 3-up sheet with the
# longest payslip of the sample (E0009, 16 pay lines, in the third slot).
orgchart=3
check "handbook: the organisation chart is on page $orgchart" \
	sh -c "pdftotext -layout -f $orgchart -l $orgchart handbook.pdf - | grep -q '注：实线连接直接上级'"
check "payslip-3up: E0009 is on page 3" \
	sh -c "pdftotext -layout -f 3 -l 3 payslip-3up.pdf - | grep -q 'E0009'"
for spec in handbook:1 handbook:$orgchart scorecards:1 payslips:1 payslip-3up:3 \
    payroll-summary:1; do
	name=${spec%:*}
	[ -s "$name.pdf" ] || continue
	page "$name" "${spec#*:}"
done

# The page dumps: the longest payslip (E0009) and the first scorecard, with
# its bar and line charts.
check "payslip E0009: --dump=page" "$bin" payslips "$db" --month $month \
	--employee E0009 --dump=page -o payslip-E0009.page
check "scorecard E0001: --dump=page" "$bin" scorecards "$db" --month $month \
	--employee E0001 --dump=page -o scorecard-E0001.page
for name in payslip-E0009 scorecard-E0001; do
	pagedump "$name"
done

[ -z "$keep" ] || echo "golden: failure evidence kept in $keep"
finish golden
