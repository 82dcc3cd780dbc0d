#!/bin/sh
# End-to-end tests of hrpress archive and verify: archive a month of the
# sample dealership (signed with a CA and signer made here by openssl),
# check every file with pdfsig, qpdf and pdfinfo, then tamper with files,
# the ledger and the names in the data. Prints "archive: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export HRPRESS_TEMPLATES
month=2025-03


cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month

# test CA and signer, made now; nothing private is kept
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=hrpress test CA" \
	-keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -utf8 -subj "/O=测试车行/CN=测试车行人事部" \
	-keyout signer.key -out signer.csr 2>/dev/null
openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	-days 2 -out signer.pem 2>/dev/null
check "test certificate made" test -s signer.pem

check "archive signed" "$bin" archive "$db" --month $month \
	--key signer.key --cert signer.pem -o ar
n=$(find ar -name '*.pdf' | wc -l)
check "archive wrote files ($n)" test "$n" -gt 10
check "layout month/department/employee-kind" \
	sh -c 'find ar -name "*.pdf" | grep -v -E "^ar/2025-03/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+-(payslip|scorecard)\.pdf$" | { ! grep .; }'
rows=$(sqlite3 "$db" "SELECT count(*) FROM archive_ledger")
check "one ledger row per file" test "$rows" -eq "$n"

# with SOURCE_DATE_EPOCH, a signed record is the same file byte for byte
# (RSA: PKCS#1 v1.5 is deterministic): the signing time is the record's,
# and so is the document /ID; -j 1 and -j 2 alike
cp "$db" sde1.db
cp "$db" sde2.db
check "signed archive at a fixed time" env SOURCE_DATE_EPOCH=1743465600 \
	"$bin" archive sde1.db --month $month --kind payslip --key signer.key \
	--cert signer.pem -j 1 -o sde1
sleep 1
check "the same again, two workers" env SOURCE_DATE_EPOCH=1743465600 \
	"$bin" archive sde2.db --month $month --kind payslip --key signer.key \
	--cert signer.pem -j 2 -o sde2
check "signed files byte-identical" diff -r -x hrpress-archive.id sde1 sde2
f=$(find sde1 -name '*.pdf' | sort | head -1)
check "signing time is SOURCE_DATE_EPOCH" sh -c "pdfsig '$f' | grep -q 'Signing Time: Apr 01 2025 00:00:00'"
ids=$(for g in $(find sde1 -name '*.pdf'); do grep -a -o '/ID *\[ *<[0-9A-F]*>' "$g" | head -1 | tr -d ' '; done | sort -u | wc -l)
check "one document id per file" test "$ids" -eq "$(find sde1 -name '*.pdf' | wc -l)"
pad=$(python3 -c "import re,sys; d=open(sys.argv[1],'rb').read(); m=re.search(rb'/Contents <([0-9A-F]*)>', d); h=m.group(1); print(len(h) - len(h.rstrip(b'0')))" "$f")
check "room kept for the signature is small ($pad zero digits)" test "$pad" -lt 400

# every signed file: pdfsig valid, qpdf clean, PDF/A id; verify OK (one
# run over the directory, as a clerk would check a month)
sigbad=0 qbad=0 metabad=0
for f in $(find ar -name '*.pdf' | sort); do
	pdfsig "$f" 2>&1 | grep -q "Signature is Valid" || { sigbad=$((sigbad + 1)); echo "pdfsig: $f"; }
	qpdf --check "$f" > /dev/null 2>&1 || { qbad=$((qbad + 1)); echo "qpdf: $f"; }
	pdfinfo -meta "$f" 2>/dev/null | grep -q "<pdfaid:part>2</pdfaid:part>" || metabad=$((metabad + 1))
done
check "pdfsig valid on every file" test $sigbad -eq 0
check "qpdf --check clean on every file" test $qbad -eq 0
check "pdfinfo -meta shows pdfaid part 2" test $metabad -eq 0
check "verify --db OK on every file" exits 0 "$bin" verify ar --db "$db"
check "verify counted every file" sh -c "grep -q 'verified $n of $n files' '$work/x.out' '$work/x.err'"

slip=$(find ar -name 'E0012-payslip.pdf' | head -1)
check "E0012 payslip archived" test -n "$slip"
pdfinfo -meta "$slip" > meta.xml 2>&1
check "XMP is well-formed" xmllint --noout meta.xml
check "XMP carries employee, month, kind" sh -c \
	'grep -q "<hrp:EmployeeID>E0012<" meta.xml && grep -q "<hrp:Month>2025-03<" meta.xml && grep -q "<hrp:DocumentKind>payslip<" meta.xml'
check "Info carries employee" sh -c "pdfinfo -custom '$slip' | grep -q 'HrpEmployeeID: *E0012'"
check "output intent and ID" sh -c "grep -a -q '/GTS_PDFA1' '$slip' && grep -a -q '/ID \\[' '$slip'"
# the output intent's profile: an RGB display profile, ICC v4 (PDF 1.7)
qpdf --json --json-stream-data=none "$slip" > slip.json
icc=$(python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))["qpdf"][1]
for k, v in j.items():
    o = v.get("value") if isinstance(v, dict) else None
    if isinstance(o, dict) and o.get("/S") == "/GTS_PDFA1":
        print(o["/DestOutputProfile"].split()[0])' slip.json)
qpdf --show-object="$icc" --filtered-stream-data "$slip" > icc.bin 2> /dev/null
check "output intent profile is ICC v4 RGB mntr" python3 -c '
import sys; d = open(sys.argv[1], "rb").read()
sys.exit(not (len(d) > 128 and d[8] == 4 and d[12:20] == b"mntrRGB "
    and d[36:40] == b"acsp"))' icc.bin
check "PDF 1.7 header" sh -c "head -c 8 '$slip' | grep -q '%PDF-1.7'"
# the one-colour seal is a 1-bit stencil, the logo keeps its soft mask
check "seal is an /ImageMask, logo has an /SMask" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))["qpdf"][1]
ims = [v["stream"]["dict"] for v in j.values() if isinstance(v, dict)
       and "stream" in v and v["stream"]["dict"].get("/Subtype") == "/Image"]
sys.exit(not (any(d.get("/ImageMask") is True and d.get("/BitsPerComponent") == 1
                  for d in ims) and any("/SMask" in d for d in ims)))' slip.json
check "fonts embedded" sh -c "pdffonts '$slip' | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\") exit 1 }'"
# text still exact: the archived page reads as the plain payslip plus the block
"$bin" payslips "$db" --month $month --employee E0012 -o plain.pdf > /dev/null
pdftotext -layout plain.pdf plain.txt
pdftotext -layout "$slip" arch.txt
words() { tr -s ' \f\n' '\n\n\n' < "$1" | grep . | sort -u; }
words plain.txt > plain.words
words arch.txt > arch.words
check "pdftotext: every word of the payslip kept" sh -c '! comm -23 plain.words arch.words | grep .'
check "pdftotext: signature block" sh -c 'grep -q "电子签名" arch.txt && grep -q "测试车行人事部" arch.txt && grep -q "工资条签发" arch.txt'
check "verify --trust the signing certificate" "$bin" verify "$slip" --trust signer.pem
check "verify --trust its CA" "$bin" verify "$slip" --trust ca.pem
"$bin" verify "$slip" > untrusted.out 2> untrusted.err
check "verify without --db or --trust: exit 3, signer not trusted" sh -c \
	"test $? -eq 3 && grep -q 'signer not trusted' untrusted.err && grep -q -- '--trust' untrusted.err"
check "the archive has its id file" grep -q '^hrpress-archive 1$' ar/hrpress-archive.id
check "ledger rows name the archive" test "$(sqlite3 "$db" "SELECT count(DISTINCT archive_id) FROM archive_ledger WHERE archive_id = '$(sed -n 's/^id //p' ar/hrpress-archive.id)'")" -eq 1

# forgeries: the same name on another key; a record under another name
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -utf8 -subj "/O=测试车行/CN=测试车行人事部" \
	-keyout twin.key -out twin.pem 2>/dev/null
check "archive re-signed by a look-alike certificate" "$bin" archive "$db" --month $month \
	--kind payslip --key twin.key --cert twin.pem -o forged
fslip=$(find forged -name 'E0012-payslip.pdf' | head -1)
"$bin" verify "$fslip" --trust signer.pem > /dev/null 2> forged.err
check "look-alike signer: not trusted by the real certificate (exit 3)" test $? -eq 3
"$bin" verify "$fslip" --trust ca.pem > /dev/null 2>&1
check "look-alike signer: not trusted by the real CA (exit 3)" test $? -eq 3
mkdir -p swap/2025-03/x && cp "$slip" swap/2025-03/x/keep.pdf
cp "$fslip" "$work/forged-copy.pdf"
cp "$slip" "$work/orig-copy.pdf"
cp "$fslip" "$slip"
fails "forgery copied into the archive refused with --db" "$bin" verify "$slip" --db "$db"
cp "$work/last.err" swap.err
check "says it belongs to another archive" grep -q "another archive or path" swap.err
cp "$work/orig-copy.pdf" "$slip"
other=$(find ar -name 'E0013-payslip.pdf' | head -1)
check "E0013 payslip archived" test -n "$other"
cp "$other" "$work/e13.pdf"
cp "$slip" "$other"
fails "E0012's record under E0013's name refused (--trust)" "$bin" verify "$other" --trust signer.pem
cp "$work/last.err" swap.err
check "says what the record really is" grep -q "the record inside is E0012's payslip of 2025-03" swap.err
fails "E0012's record under E0013's name refused (--db)" "$bin" verify "$other" --db "$db"
cp "$work/e13.pdf" "$other"
check "both verify again" "$bin" verify "$slip" "$other" --db "$db"
cp "$work/last.out" two.out
check "summary for several files" grep -q "verified 2 of 2 files" two.out

# one flipped byte anywhere: header, content stream, signature, trailer
size=$(stat -c %s "$slip")
cpos=$(grep -a -b -o '/Contents <' "$slip" | tail -1 | cut -d: -f1)
spos=$(grep -a -b -o 'stream' "$slip" | head -1 | cut -d: -f1)
# the last zero digit of the room kept after the signature
zpos=$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); print(d.index(b'>', $cpos + 11) - 1)" "$slip")
for off in 3 $((spos + 40)) $((cpos + 60)) $((cpos + 1500)) "$zpos" $((size - 20)) $((size - 2)); do
	cp "$slip" flip.pdf
	python3 -c "import sys; f=open('flip.pdf','r+b'); f.seek($off); b=f.read(1)[0]; f.seek($off); f.write(bytes([b ^ 0x01]))"
	fails "flip at $off detected (--db)" "$bin" verify flip.pdf --db "$db"
	fails "flip at $off detected (signature)" "$bin" verify flip.pdf
done
check "pdfsig sees the content flip" sh -c "cp '$slip' f2.pdf; python3 -c \"f=open('f2.pdf','r+b'); f.seek($spos + 40); b=f.read(1)[0]; f.seek($spos + 40); f.write(bytes([b ^ 1]))\"; ! pdfsig f2.pdf 2>&1 | grep -q 'Signature is Valid'"

# ledger is append-only
refused() { # refused DESCRIPTION SQL: sqlite3 fails with the trigger's message
	if sqlite3 "$db" "$2" > "$work/sql.out" 2>&1; then bad "$1 (accepted)"
	elif grep -q "append-only" "$work/sql.out"; then ok
	else bad "$1"; cat "$work/sql.out"; fi
}
nled=$(sqlite3 "$db" "SELECT count(*) FROM archive_ledger")
refused "ledger UPDATE refused" "UPDATE archive_ledger SET size = 1"
refused "ledger DELETE refused" "DELETE FROM archive_ledger"
check "ledger unchanged" test "$(sqlite3 "$db" "SELECT count(*) FROM archive_ledger WHERE size > 1")" -eq "$nled"

# a second run never overwrites: v2 next to v1
h1=$(sha256sum "$slip" | cut -d' ' -f1)
check "second archive run (unsigned payslips)" "$bin" archive "$db" --month $month --kind payslip -o ar
cp "$work/last.out" run2.out
check "second run says so" grep -q "version 2" run2.out
v2=$(dirname "$slip")/E0012-payslip.v2.pdf
check "v2 written" test -f "$v2"
check "v1 kept unchanged" test "$(sha256sum "$slip" | cut -d' ' -f1)" = "$h1"
check "v2 in the ledger" test "$(sqlite3 "$db" "SELECT version FROM archive_ledger WHERE path LIKE '%E0012-payslip.v2.pdf'")" = 2
check "unsigned v2 verifies with --db" "$bin" verify "$v2" --db "$db"
fails "unsigned v2 refused without --db" "$bin" verify "$v2"
cp "$v2" stray.pdf; echo >> stray.pdf
fails "file not in the ledger" "$bin" verify stray.pdf --db "$db"
check "no temporary files" sh -c '! find ar -name ".*" -type f | grep .'

# names from the data cannot leave the output directory. A database made
# without the schema's CHECK constraints holds a crafted employee id; the
# department name is free text and never used in paths.
cp "$db" evil.db
sqlite3 evil.db "PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON;
UPDATE department SET name = '../../x' WHERE id = (SELECT min(id) FROM department);
UPDATE employee SET id = '../../../escape' WHERE id = 'E0012';
UPDATE pay_slip SET employee_id = '../../../escape' WHERE employee_id = 'E0012';
UPDATE pay_line SET employee_id = '../../../escape' WHERE employee_id = 'E0012';" 2>/dev/null
check "crafted id stored" test "$(sqlite3 evil.db "SELECT count(*) FROM employee WHERE id LIKE '../%'")" -eq 1
mkdir -p jail
fails "crafted id refused" "$bin" archive evil.db --month $month --kind payslip -o jail/ar
cp "$work/last.err" evil.err
check "message names the unsafe id" grep -q "unsafe name" evil.err
check "nothing outside the output directory" sh -c '! find . -name "escape*" | grep . && ! test -e x && ! test -e jail/x'
check "schema CHECK refuses such ids" sh -c "! sqlite3 '$db' \"INSERT INTO department (id, store_id, name) SELECT '../x', store_id, 'x' FROM department LIMIT 1\" 2>/dev/null"

finish archive
