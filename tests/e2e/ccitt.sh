#!/bin/sh
# SPDX-License-Identifier: MIT
# The CCITT G4 encoder (src/ccitt.c) against two decoders that are not
# ours: g4check writes a PDF of three G4 image masks that use every run
# length code of both colours and every coding mode, and poppler
# (pdfimages) and mupdf (mutool show -b) must give back exactly the bits
# that went in; and the seal of a payslip (tests/e2e/images.sh) is
# G4-coded.
# Usage: sh tests/e2e/ccitt.sh build/tests/g4check
# Prints "ccitt: N passed, N failed".
set -u
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@" > "$work/last.out" 2> "$work/last.err"; then ok; else
		bad "$desc"; sed 's/^/    /' "$work/last.out" "$work/last.err" | head -20
	fi
}

cd "$work"
check "g4check writes its PDF" "$tool" .
check "qpdf --check" qpdf --check g4.pdf
check "pdfimages lists three G4 image masks" sh -c \
	"pdfimages -list g4.pdf | awk 'NR > 2 && \$3 == \"stencil\" && \$9 == \"ccitt\"' | wc -l | grep -qx 3"
pdfimages g4.pdf pi 2> pi.err
for k in 0 1 2; do
	# a PBM's header is two lines: P4, then the width and height
	if [ -f pi-00$k.pbm ]; then
		tail -n +3 pi-00$k.pbm > p$k.raw
	else
		: > p$k.raw
	fi
	check "poppler decodes image $k to the bits that went in" \
		"$tool" -c $k p$k.raw
	mutool show -b g4.pdf $((4 + k)) > m$k.raw 2> m$k.err
	check "mupdf decodes image $k to the bits that went in" \
		"$tool" -c $k m$k.raw
done
check "poppler and mupdf say nothing about the code" sh -c \
	"! grep -qi 'error\|warning' pi.err m0.err m1.err m2.err"
# a wrong bit is found: the check can fail
cp m0.raw flip.raw
printf '\001' | dd of=flip.raw bs=1 seek=5000 conv=notrunc 2> /dev/null
check "a changed bit is caught" sh -c "! '$tool' -c 0 flip.raw"

echo "ccitt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
