#!/bin/sh
# End-to-end tests of private payslips: payslips --split employee writes one
# PDF per employee and a mail-merge manifest; --encrypt protects each file
# with AES-256 (R6) under the employee's own password, checked with qpdf and
# pdftotext; an employee without a password stops the run before any file
# is written. Prints "private: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export HRPRESS_TEMPLATES
unset HRPRESS_OWNER_PASSWORD
month=2025-03
py=/usr/bin/python3


cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month
n=$(sqlite3 "$db" "SELECT count(*) FROM pay_slip ps JOIN pay_run r ON r.id = ps.run_id WHERE r.month = '$month'")

# --split employee without encryption: one file per employee, a manifest
check "split employee" "$bin" payslips "$db" --month $month --split employee -j 2 -o plain
check "one file per employee ($n)" test "$(ls plain/payslip-$month-*.pdf | wc -l)" -eq "$n"
check "file names are ASCII: payslip-YYYY-MM-ID.pdf" sh -c "ls plain | grep -v -E '^(payslip-$month-[A-Za-z0-9_-]+\\.pdf|manifest-$month\\.csv)\$' | { ! grep .; }"
check "an unencrypted file needs no password" exits 2 qpdf --requires-password plain/payslip-$month-E0012.pdf
name12=$(sqlite3 "$db" "SELECT name FROM employee WHERE id = 'E0012'")
check "E0012's file shows E0012" sh -c "pdftotext plain/payslip-$month-E0012.pdf - | grep -q '$name12'"
check "E0012's file is one page" sh -c "pdfinfo plain/payslip-$month-E0012.pdf | grep -q '^Pages: *1\$'"
# only that employee's name among all employees' names
others_ok() {
	pdftotext plain/payslip-$month-E0012.pdf e12.txt || return 1
	sqlite3 "$db" "SELECT name FROM employee WHERE id <> 'E0012' AND length(name) >= 3" | while read -r nm; do
		if grep -q -F "$nm" e12.txt; then echo "E0012's file shows $nm"; exit 1; fi
	done
}
check "E0012's file shows no other employee" others_ok

# the employees' passwords and e-mail, as the staff import stores them
sqlite3 "$db" "UPDATE employee SET id_number = '11010119900307' || substr(id, 2);
 UPDATE employee SET id_number = '44030619851224123X' WHERE id = 'E0005';
 UPDATE employee SET payslip_password = '工资2025ab', email = 'ma.xiaoli@example.com' WHERE id = 'E0012';
 UPDATE employee SET name = '=HYPERLINK(\"x\")', email = 'a,b@example.com' WHERE id = 'E0020';"
cp "$db" keep.db
printf 'Owner-Pass-2025\r\n' > owner.txt
check "split employee --encrypt" "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file owner.txt -j 2 -o enc
check "one encrypted file per employee ($n)" test "$(ls enc/payslip-$month-*.pdf | wc -l)" -eq "$n"
allneed() {
	for f in enc/payslip-*.pdf; do
		qpdf --requires-password "$f" || { echo "no password needed: $f"; return 1; }
	done
}
check "qpdf --requires-password for every file" allneed
show_ok() {
	qpdf --show-encryption --password=070011 enc/payslip-$month-E0011.pdf > show.txt 2>&1 || { cat show.txt; return 1; }
	grep -q '^R = 6$' show.txt && grep -q 'file encryption method: AESv3' show.txt &&
	grep -q 'stream encryption method: AESv3' show.txt &&
	grep -q 'print high resolution: allowed' show.txt &&
	grep -q 'modify anything: not allowed' show.txt &&
	grep -q 'modify other: not allowed' show.txt &&
	grep -q 'extract for any purpose: not allowed' show.txt &&
	grep -q 'Supplied password is user password' show.txt || { cat show.txt; return 1; }
}
check "show-encryption: R6, AESv3, print high, modify not, extract not" show_ok
# the exact text with the right password, nothing with a wrong one
check "plain text of E0011" sh -c "pdftotext -layout plain/payslip-$month-E0011.pdf p11.txt"
check "pdftotext -upw last 6 of the ID number: the exact text" sh -c "pdftotext -layout -upw 070011 enc/payslip-$month-E0011.pdf e11.txt && cmp p11.txt e11.txt"
check "pdftotext with a wrong password fails" exits 1 pdftotext -upw 070012 enc/payslip-$month-E0011.pdf wrong.txt
check "pdftotext without a password fails" exits 1 pdftotext enc/payslip-$month-E0011.pdf none.txt
check "an ID ending in X: the X belongs to the password" sh -c "pdftotext -upw 24123X enc/payslip-$month-E0005.pdf - | grep -q '工资条'"
check "payslip_password wins over the ID number" sh -c "pdftotext -upw '工资2025ab' enc/payslip-$month-E0012.pdf - | grep -q '$name12'"
check "not the ID number when payslip_password is set" exits 1 pdftotext -upw 070012 enc/payslip-$month-E0012.pdf x.txt
check "the owner password opens it too" sh -c "qpdf --show-encryption --password=Owner-Pass-2025 enc/payslip-$month-E0012.pdf | grep -q 'Supplied password is owner password'"
check "the encrypted files pass qpdf --check" qpdf --check --password=070011 enc/payslip-$month-E0011.pdf
check "no unencrypted file or temporary left" sh -c "ls -a enc | grep -v -E '^(\\.|\\.\\.|payslip-$month-[A-Za-z0-9_-]+\\.pdf|manifest-$month\\.csv)\$' | { ! grep .; }"
check "database unchanged by rendering" cmp "$db" keep.db

# the manifest, read as a spreadsheet reads it
manifest_ok() {
	$py - enc/manifest-$month.csv "$db" "$n" <<'PY'
import csv, sqlite3, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
assert b'\r\n' in raw, 'no CRLF'
rows = list(csv.reader(raw[3:].decode('utf-8').splitlines()))
assert rows[0] == ['employee_id', 'name', 'email', 'file', 'password_hint'], rows[0]
body = rows[1:]
assert len(body) == int(sys.argv[3]), len(body)
db = sqlite3.connect(sys.argv[2])
names = dict(db.execute('SELECT id, name FROM employee'))
for r in body:
    eid, name, email, f, hint = r
    assert f == 'payslip-2025-03-%s.pdf' % eid, r
    if eid == 'E0020':
        assert name == "'" + names[eid], r          # a formula is neutralised
        assert email == 'a,b@example.com', r
    else:
        assert name == names[eid], r
    if eid == 'E0012':
        assert email == 'ma.xiaoli@example.com' and hint == '工资条密码', r
    else:
        assert hint == '身份证号后6位', r
assert [r[0] for r in body] == sorted(r[0] for r in body)
PY
}
check "manifest: BOM, CRLF, one row per employee, names, e-mail, file" manifest_ok
check "manifest mode follows the umask" sh -c "umask 077; '$bin' payslips '$db' --month $month --split employee --encrypt --owner-password-file owner.txt -j 2 -o enc077 && test \"\$(stat -c %a enc077/manifest-$month.csv)\" = 600 && test -z \"\$(find enc077 -type f ! -perm 600)\""

# shards: each writes its own manifest, together they cover everyone
check "shard 1/2" "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file owner.txt --shard 1/2 -o sh
check "shard 2/2" "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file owner.txt --shard 2/2 -o sh
check "shards: every employee once" test "$(ls sh/payslip-*.pdf | wc -l)" -eq "$n"
check "shards: two manifests" sh -c "test -f sh/manifest-$month-shard-1-of-2.csv && test -f sh/manifest-$month-shard-2-of-2.csv"
check "shards: the manifests list everyone" test "$(cat sh/manifest-*.csv | grep -c ',payslip-')" -eq "$n"

# the owner password from the environment, or random when none is given
check "owner password from HRPRESS_OWNER_PASSWORD" sh -c "HRPRESS_OWNER_PASSWORD=Env-Owner-99 '$bin' payslips '$db' --month $month --split employee --encrypt -o envpw && qpdf --show-encryption --password=Env-Owner-99 envpw/payslip-$month-E0012.pdf | grep -q 'owner password'"
check "no owner password: a random one" "$bin" payslips "$db" --month $month --split employee --encrypt -o randpw
check "random owner: the user password still opens it" sh -c "pdftotext -upw 070011 randpw/payslip-$month-E0011.pdf - | grep -q '工资条'"
check "scorecards --split employee --encrypt" sh -c "'$bin' scorecards '$db' --month $month --split employee --encrypt --owner-password-file owner.txt -o sc && qpdf --requires-password sc/scorecard-$month-E0011.pdf && pdftotext -upw 070011 sc/scorecard-$month-E0011.pdf - | grep -q '绩效'"

# mistakes: nothing is written, the message names the employee
sqlite3 "$db" "UPDATE employee SET id_number = '', payslip_password = NULL WHERE id = 'E0033'"
nm=$(sqlite3 "$db" "SELECT name FROM employee WHERE id = 'E0033'")
check "an employee without a password is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file owner.txt -o nopw
check "the message names the employee" err_has "E0033 $nm"
check "the message says what to fill in" err_has "id_number"
check "no file at all was written" test ! -e nopw
sqlite3 "$db" "UPDATE employee SET id_number = '1234' WHERE id = 'E0033'"
check "a 4-character ID number is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file owner.txt -o short
check "too short: the message says so" err_has "at least 6"
check "too short: no file" test ! -e short
cp keep.db "$db"
printf '070011\n' > same.txt
check "owner password = an employee's password is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file same.txt -o same
check "owner = open password: no file" test ! -e same
: > empty.txt
check "an empty owner password file is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file empty.txt -o e1
check "a missing owner password file is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --encrypt --owner-password-file nosuch.txt -o e2
check "--encrypt without --split employee is exit 1" exits 1 "$bin" payslips "$db" --month $month --encrypt -o e3.pdf
check "--encrypt with --split store is exit 1" exits 1 "$bin" payslips "$db" --month $month --split store --encrypt -o e4
check "--owner-password-file without --encrypt is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --owner-password-file owner.txt -o e5
check "--split employee with --employee is exit 1" exits 1 "$bin" payslips "$db" --month $month --split employee --employee E0012 -o e6
check "--split bogus is exit 1" exits 1 "$bin" payslips "$db" --month $month --split bogus -o e7
check "no output for the mistakes" sh -c "! ls -d e1 e2 e3.pdf e4 e5 e6 e7 2>/dev/null | grep ."
check "a month without a pay run is exit 1" exits 1 "$bin" payslips "$db" --month 2024-01 --split employee --encrypt -o none
check "a month without a pay run: no folder, no manifest" test ! -e none

# The clerk's way: ID numbers, e-mail and one password imported from a
# staff file saved by Excel (GBK, CRLF, Chinese headers), then sent out.
# The ID numbers get their GB 11643 check digit here, independently.
cp keep.db clerk.db
sqlite3 clerk.db "UPDATE employee SET id_number = '', payslip_password = NULL, email = ''"
sqlite3 -separator '|' clerk.db "SELECT id, name FROM employee ORDER BY id" > emps.txt
$py - emps.txt > staff.utf8.csv <<'EOF'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
out = ["工号,身份证号码,电子邮箱,工资条密码"]
for n, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    eid, name = line.rstrip("\n").split("|")
    body = "44030619%02d%02d%02d%03d" % (70 + n % 25, 1 + n % 12, 1 + n % 28, n)
    idn = body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]
    pw = "春节快乐2025" if eid == "E0007" else ""
    out.append("%s,%s,%s@example.com,%s" % (eid, idn, eid.lower(), pw))
sys.stdout.write("\r\n".join(out) + "\r\n")
EOF
check "staff file in GBK" iconv -f UTF-8 -t GBK -o staff.csv staff.utf8.csv
check "import staff (GBK, CRLF): ID numbers, e-mail, a password" "$bin" import clerk.db staff staff.csv
check "clerk: split employee --encrypt" "$bin" payslips clerk.db --month $month --split employee --encrypt --owner-password-file owner.txt -j 2 -o clerk
id3=$(sqlite3 clerk.db "SELECT substr(id_number, -6) FROM employee WHERE id = 'E0003'")
name3=$(sqlite3 clerk.db "SELECT name FROM employee WHERE id = 'E0003'")
check "clerk: E0003 opens with the last 6 of the imported ID ($id3)" sh -c "pdftotext -upw '$id3' clerk/payslip-$month-E0003.pdf - | grep -q '$name3'"
check "clerk: E0007 opens with the imported 工资条密码" sh -c "pdftotext -upw '春节快乐2025' clerk/payslip-$month-E0007.pdf - | grep -q '工资条'"
check "clerk: E0007 does not open with its ID number" exits 1 pdftotext -upw "$(sqlite3 clerk.db "SELECT substr(id_number, -6) FROM employee WHERE id = 'E0007'")" clerk/payslip-$month-E0007.pdf x.txt
check "clerk: the manifest has the imported e-mail" grep -q "^E0003,$name3,e0003@example.com,payslip-$month-E0003.pdf,身份证号后6位" clerk/manifest-$month.csv

finish private
