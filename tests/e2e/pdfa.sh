#!/bin/sh
# SPDX-License-Identifier: MIT
# PDF/A-2b of archived records, checked by tests/tools/pdfacheck.py
# (pikepdf, not hrpress's code): every archived payslip and scorecard of
# a month, unsigned and signed (the signature's widget annotation). The
# checker must fail on copies of a record that break one requirement each
# (no /ID, a wrong pdfaid:part, an Info entry that differs from the XMP,
# a font not embedded, no output intent, encryption, CMYK paint with the
# RGB profile, a hidden annotation).
# Prints "pdfa: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
chk=$top/tests/tools/pdfacheck.py
month=2025-03

cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month
check "archive payslips" "$bin" archive "$db" --month $month \
	--kind payslip -o ar
check "archive scorecards" "$bin" archive "$db" --month $month \
	--kind scorecard -o ar
n=$(find ar -name '*.pdf' | wc -l)
check "archive wrote files ($n)" test "$n" -gt 50
# shellcheck disable=SC2046
check "every unsigned record is PDF/A-2b" $py "$chk" $(find ar -name '*.pdf')

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -utf8 \
	-subj "/O=测试车行/CN=测试车行人事部" -keyout k.pem -out c.pem 2>/dev/null
check "archive signed" "$bin" archive "$db" --month $month --kind payslip \
	--key k.pem --cert c.pem -o sig
one=$(find sig -name '*.pdf' | sort | head -1)
check "signed record has a signature widget" sh -c \
	"$py -c 'import pikepdf,sys; p=pikepdf.open(sys.argv[1]); \
a=p.pages[0].obj.get(\"/Annots\"); assert a and a[0].Subtype == \"/Widget\"' $one"
# shellcheck disable=SC2046
check "every signed record is PDF/A-2b" $py "$chk" $(find sig -name '*.pdf')

# Each copy breaks one requirement; the checker must say which.
rec=$(find ar -name '*-payslip.pdf' | sort | head -1)
$py - "$rec" <<'PY'
import sys, pikepdf

src = sys.argv[1]
def variant(name, change):
    with pikepdf.open(src) as pdf:
        change(pdf)
        pdf.save("bad-%s.pdf" % name, static_id=True)

# qpdf always writes an /ID: rename the key in the file's own trailer
data = open(src, "rb").read()
at = data.rindex(b"/ID")
open("bad-id.pdf", "wb").write(data[:at] + b"/XX" + data[at + 3:])
def xmp_part1(pdf):
    md = pdf.Root.Metadata
    md.write(md.read_bytes().replace(b"<pdfaid:part>2<", b"<pdfaid:part>1<"))
def title(pdf):
    pdf.trailer.Info.Title = pikepdf.String("另一个标题")
def font(pdf):
    for o in pdf.objects:
        if isinstance(o, pikepdf.Dictionary) and "/FontFile2" in o:
            del o["/FontFile2"]
            return
def intent(pdf):
    del pdf.Root["/OutputIntents"]
def cmyk(pdf):
    pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"0 0 0 1 k\n"))
def hidden(pdf):
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 10, 10], F=2)]))

# (qpdf always writes an XMP packet uncompressed, so that case is not made)
for name, f in [("part", xmp_part1),
                ("title", title), ("font", font), ("intent", intent),
                ("cmyk", cmyk), ("hidden", hidden)]:
    variant(name, f)
PY
qpdf --encrypt u o 256 -- "$rec" bad-encrypt.pdf
# bad_case NAME PROBLEM: the checker exits 1 on bad-NAME.pdf, naming it
bad_case() {
	check "checker refuses bad-$1.pdf ($2)" sh -c \
		"$py '$chk' bad-$1.pdf > bad.out; rc=\$?; cat bad.out; \
		test \$rc -eq 1 && grep -q '$2' bad.out"
}
bad_case id "no /ID"
bad_case part "pdfaid:part is not 2"
bad_case title "Info /Title"
bad_case font "is not embedded"
bad_case intent "no /OutputIntents"
bad_case cmyk "DeviceCMYK"
bad_case hidden "without the Print flag"
bad_case encrypt "encrypted"

finish pdfa
