#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of images and the watermark: the payslip shows the logo
# with a compressed soft mask and the company seal as a one-colour
# stencil (1-bit image mask, twice as fine as its PNG), the seal over the
# issuer's signature line; the handbook has the watermark on every page,
# marked so that pdftotext leaves it out of the body text; a PDF/A-2b
# archive of one month with the seal still verifies. Prints
# "images: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
month=2025-03


cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month
check "payslips" "$bin" payslips "$db" --month $month -o ps.pdf
check "scorecards" "$bin" scorecards "$db" --month $month -o sc.pdf
check "handbook" "$bin" handbook "$db" -D year=2025 -o hb.pdf

# pdfimages -list: per image row "page num type w h color comp bpc enc ...".
pdfimages -list ps.pdf > ps.img 2>&1
pages=$(pdfinfo ps.pdf | awk '/^Pages:/ { print $2 }')
check "payslips: a logo and a seal on every page" \
	test "$(awk 'NR > 2 && ($3 == "image" || $3 == "stencil")' ps.img | wc -l)" -eq $((2 * pages))
check "payslips: the seal is a 600x600 1-bit G4 stencil without a soft mask" \
	sh -c "awk 'NR > 2 && \$3 == \"stencil\" && \$4 == 600 && \$5 == 600 && \$8 == 1 && \$9 == \"ccitt\"' ps.img | grep -q . &&
	    ! awk 'NR > 2 && \$3 == \"smask\" && \$4 == 300' ps.img | grep -q ."
check "payslips: the logo has its soft mask" \
	sh -c "awk 'NR > 2 && \$3 == \"smask\" && \$4 == 336 && \$5 == 96' ps.img | grep -q ."
# Each file is embedded once: one object id per image size.
check "payslips: each image embedded once" \
	test "$(awk 'NR > 2 { print $11 }' ps.img | sort -u | wc -l)" -eq 2
# libharu writes soft masks uncompressed unless told otherwise.
masks_deflated() {
	qpdf --show-npages ps.pdf > /dev/null || return 1
	qpdf --qdf --object-streams=disable ps.pdf ps.qdf.pdf || return 1
	$py - ps.pdf <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
n = 0
for obj in pdf.objects:
    if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
        f = obj.get("/Filter")
        # the seal's 1-bit mask is CCITT G4 (src/ccitt.c), the rest deflated
        want = "/CCITTFaxDecode" if obj.get("/ImageMask") else "/FlateDecode"
        assert f == want, (obj.objgen, f)
        n += 1
assert n == 3, n
PY
}
check "payslips: images and masks deflated" masks_deflated
check "scorecards: logo on every page" \
	test "$(pdfimages -list sc.pdf | awk 'NR > 2 && $3 == "image"' | wc -l)" -eq \
	"$(pdfinfo sc.pdf | awk '/^Pages:/ { print $2 }')"
check "handbook: logo on the cover" \
	sh -c "pdfimages -f 1 -l 1 -list hb.pdf | awk 'NR > 2 && \$3 == \"image\"' | grep -q ."
for f in ps sc hb; do
	check "$f: qpdf --check" qpdf --check $f.pdf
done

# The seal is red ink over the issuer's line: pixels around the right-hand
# signature are red, and the text under the seal is still dark.
seal_red() {
	pdftoppm -r 60 -f 1 -l 1 -singlefile -png ps.pdf ps60 || return 1
	$py - ps60.png <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
idat = b""; i = 8
while i < len(data):
    n, t = struct.unpack(">I4s", data[i:i + 8]); i += 8
    if t == b"IDAT": idat += data[i:i + n]
    i += n + 4
raw = zlib.decompress(idat)
bpp = 3 if ctype == 2 else 4
stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
red = [(x, y) for y in range(h) for x in range(w)
       if rows[y][x * bpp] > 180 and rows[y][x * bpp + 1] < 140 and rows[y][x * bpp + 2] < 140]
assert len(red) > 300, len(red)
xs = sorted(p[0] for p in red); ys = sorted(p[1] for p in red)
cx, cy = xs[len(xs) // 2] / w, ys[len(ys) // 2] / h
# right half of the page, in the lower part where the signatures are
assert 0.5 < cx < 0.9 and 0.4 < cy < 0.9, (cx, cy)
PY
}
check "payslips: a red seal over the issuer's signature" seal_red

# The watermark: a rotated, marked text on every handbook page, none on
# payslips, and no stray watermark characters in the extracted text.
marks() { qpdf --qdf --object-streams=disable "$1" "$1.qdf" && grep -a -c "/Subtype /Watermark" "$1.qdf"; }
hbpages=$(pdfinfo hb.pdf | awk '/^Pages:/ { print $2 }')
check "handbook: a watermark on every page" test "$(marks hb.pdf)" -eq "$hbpages"
check "payslips: no watermark" test "$(marks ps.pdf)" -eq 0
check "scorecards: no watermark" test "$(marks sc.pdf)" -eq 0
check "handbook: the watermark is drawn turned" \
	grep -a -q '^0\.7071[0-9]* 0\.7071[0-9]* -0\.7071[0-9]* 0\.7071[0-9]* .* Tm$' hb.pdf.qdf
pdftotext -layout hb.pdf hb.txt
check "handbook: pdftotext has no stray watermark characters" \
	sh -c "! grep -q '^ *[内部资料] *\$' hb.txt && ! grep -q '[^ ]   *[内部资料]\$' hb.txt"
check "handbook: the cover text is intact" grep -q "内部资料，请勿外传" hb.txt
check "handbook: watermark in the font subset (inkcheck)" $py "$top/tests/tools/inkcheck.py" hb.pdf ps.pdf sc.pdf
check "kinsoku on all documents" $py "$top/tests/tools/kinsoku.py" hb.pdf ps.pdf sc.pdf

# A PDF/A-2b archive with the seal (a stencil) still verifies.
check "archive $month" "$bin" archive "$db" --month $month -o arch
first=$(find arch -name '*-payslip.pdf' | sort | head -1)
check "archive: a payslip PDF" test -n "$first"
if [ -n "$first" ]; then
	check "archive: qpdf --check" qpdf --check "$first"
	check "archive: PDF/A-2b metadata" sh -c "pdfinfo -meta '$first' | grep -q '<pdfaid:part>2</pdfaid:part>'"
	check "archive: verify" "$bin" verify "$first" --db "$db"
	check "archive: images kept" sh -c "pdfimages -list '$first' | awk 'NR > 2 && \$3 == \"smask\"' | grep -q ."
fi
# One process archives every record: the images of the first record are
# reused for the others, and every record must still carry both images
# (the logo with its mask, the seal's stencil), byte for byte the same,
# and render them.
imglist() { pdfimages -list "$1" | awk 'NR > 2 { print $3, $4, $5, $14 }'; }
if [ -n "$first" ]; then
	imglist "$first" > img.first
	check "archive: the first record has an image, its mask and a stencil" \
		test "$(awk '$1 == "image"' img.first | wc -l) $(awk '$1 == "smask"' img.first | wc -l) $(awk '$1 == "stencil"' img.first | wc -l)" = "1 1 1"
	same=0 files=0
	for f in $(find arch -name '*-payslip.pdf' | sort); do
		files=$((files + 1))
		imglist "$f" | cmp -s - img.first && same=$((same + 1))
	done
	check "archive: every record has the same images and masks ($same of $files)" \
		test "$same" -eq "$files" -a "$files" -gt 1
	last=$(find arch -name '*-payslip.pdf' | sort | tail -1)
	pdfimages -png "$last" lastimg
	check "archive: the last record's logo, mask and seal decode" \
		sh -c "ls lastimg-*.png | wc -l | grep -qx 3"
	check "archive: the last record verifies" "$bin" verify "$last" --db "$db"
fi

finish images
