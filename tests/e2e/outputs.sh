#!/bin/sh
# End-to-end tests of output files: the umask decides the mode of payslips
# and archive records, an output that is an input (by name, symbolic link or
# hard link) is refused before any work, a FIFO or standard output is
# written through instead of replaced; -o -, --version and --help of every
# command, and the progress bar on a terminal. Prints "outputs: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export HRPRESS_TEMPLATES
month=2025-03

mode() { stat -c %a "$1"; }

cd "$work"
db=$work/demo.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month
cp "$db" keep.db

# umask: salary documents are never more readable than the user allows
check "payslips under umask 077" sh -c "umask 077; '$bin' payslips '$db' --month $month -o p077.pdf"
check "umask 077 gives 0600" test "$(mode p077.pdf)" = 600
check "payslips under umask 027" sh -c "umask 027; '$bin' payslips '$db' --month $month -o p027.pdf"
check "umask 027 gives 0640" test "$(mode p027.pdf)" = 640
check "payslips under umask 022" sh -c "umask 022; '$bin' payslips '$db' --month $month -o p022.pdf"
check "umask 022 gives 0644" test "$(mode p022.pdf)" = 644
check "replacing under umask 077" sh -c "umask 077; '$bin' payslips '$db' --month $month -o p022.pdf"
check "a replaced 0644 file becomes 0600 under umask 077" test "$(mode p022.pdf)" = 600
check "split store under umask 077" sh -c "umask 077; '$bin' payslips '$db' --month $month --split store -j 2 -o split"
check "split files are 0600" sh -c "test -z \"\$(find split -name '*.pdf' ! -perm 600)\" && test -n \"\$(find split -name '*.pdf')\""
check "archive under umask 077" sh -c "umask 077; '$bin' archive '$db' --month $month --kind payslip -j 2 -o ar"
check "archive records are 0400" sh -c "test -z \"\$(find ar -name '*.pdf' ! -perm 400)\" && test -n \"\$(find ar -name '*.pdf')\""
cp keep.db "$db"
check "archive under umask 022" sh -c "umask 022; '$bin' archive '$db' --month $month --kind payslip -j 2 -o ar2"
check "archive records are 0444 under umask 022" sh -c "test -z \"\$(find ar2 -name '*.pdf' ! -perm 444)\" && test -n \"\$(find ar2 -name '*.pdf')\""
cp keep.db "$db"

# an output that is an input is refused, and the input stays as it was
check "-o DB is exit 1" exits 1 "$bin" payslips "$db" --month $month -o "$db"
check "-o DB: message names the database" err_has "this is the database"
check "-o DB: database unchanged" cmp "$db" keep.db
ln -s demo.db sym.db
check "-o SYMLINK-TO-DB is exit 1" exits 1 "$bin" payslips "$db" --month $month -o sym.db
check "symlink still a link to an unchanged database" sh -c "test -L sym.db && cmp '$db' keep.db"
ln "$db" hard.db
check "-o HARD-LINK-OF-DB is exit 1" exits 1 "$bin" scorecards "$db" --month $month -o hard.db
check "hard link: database unchanged" cmp hard.db keep.db
check "handbook -o DB is exit 1" exits 1 "$bin" handbook "$db" -o "$db"
cp "$top/templates/payslip.xml" t.xml
cp t.xml t.keep
check "render -o TEMPLATE is exit 1" exits 1 "$bin" render "$db" t.xml --month $month -o t.xml
check "render -o TEMPLATE: message names the template" err_has "this is the template"
check "template unchanged" cmp t.xml t.keep
ln -s t.xml tlink.pdf
check "render -o SYMLINK-TO-TEMPLATE is exit 1" exits 1 "$bin" render "$db" t.xml --month $month -o tlink.pdf
check "template still unchanged" cmp t.xml t.keep
font=$(ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf 2>/dev/null)
if [ -n "$font" ]; then
	cp "$font" f.ttf
	check "-o FONT is exit 1" exits 1 "$bin" payslips "$db" --month $month --font f.ttf:0 -o f.ttf
	check "font unchanged" cmp f.ttf "$font"
fi

# special files are written through, never replaced
mkfifo out.fifo
( cat out.fifo > fifo.pdf ) &
reader=$!
check "-o FIFO succeeds" "$bin" payslips "$db" --month $month --employee E0012 -o out.fifo
wait $reader
check "FIFO is still a FIFO" test -p out.fifo
check "FIFO carried a valid PDF" qpdf --check fifo.pdf
check "-o /dev/null succeeds" "$bin" payslips "$db" --month $month -o /dev/null
check "/dev/null is still a character device" test -c /dev/null
mkdir adir
check "-o DIRECTORY is exit 1" exits 1 "$bin" payslips "$db" --month $month -o adir
check "-o DIRECTORY: message says so" err_has "is a directory"
ln -s nowhere/x.pdf dangling.pdf
check "-o DANGLING-SYMLINK is exit 1" exits 1 "$bin" payslips "$db" --month $month -o dangling.pdf
check "dangling link left alone" test -L dangling.pdf
check "no temporary files left" sh -c "! ls -a | grep -E '\\.[A-Za-z0-9]{6}\$'"

# -o -: the PDF on standard output, the "wrote" line on standard error
check "payslips -o - | pdftotext -" sh -c "'$bin' payslips '$db' --month $month --employee E0012 -o - 2> stdout.err | pdftotext - - > stdout.txt"
check "-o -: the exact text of the payslip" grep -q "2025年3月工资条" stdout.txt
name=$(sqlite3 "$db" "SELECT name FROM employee WHERE id = 'E0012'")
check "-o -: the employee's name" grep -q "$name" stdout.txt
check "-o -: the wrote line is on standard error" grep -q "^wrote the PDF to standard output (1 page)" stdout.err
check "-o -: standard output is the PDF alone" sh -c "'$bin' handbook '$db' -o - 2>/dev/null | head -c 5 | grep -q '^%PDF-'"
check "-o -: nothing named - was written" test ! -e ./-
check "scorecards -o - | qpdf --check" sh -c "'$bin' scorecards '$db' --month $month -o - 2>/dev/null > sc-stdout.pdf && qpdf --check sc-stdout.pdf"
check "render -o - | qpdf --check" sh -c "'$bin' render '$db' '$top/templates/payslip.xml' --month $month -o - 2>/dev/null > r-stdout.pdf && qpdf --check r-stdout.pdf"
check "-o /dev/stdout appends to a >> redirection" sh -c "printf 'X' > app.pdf; '$bin' payslips '$db' --month $month --employee E0012 -o /dev/stdout >> app.pdf 2>/dev/null && head -c 6 app.pdf | grep -q '^X%PDF-'"
check "--split with -o - is exit 1" exits 1 "$bin" payslips "$db" --month $month --split store -o -

# --version on every command, --help of its own for each shortcut
for c in $("$bin" --help | awk '/^commands:/ { on = 1; next } on && NF { print $1 }'); do
	check "$c --version" sh -c "'$bin' $c --version | grep -q '^hrpress [0-9]'"
done
check "payslips --help is its own" sh -c "'$bin' payslips --help | grep -q '工资条'"
check "scorecards --help is its own" sh -c "'$bin' scorecards --help | grep -q '绩效考核表'"
check "handbook --help is its own" sh -c "'$bin' handbook --help | grep -q '岗位说明书汇编'"
check "render --help is its own" sh -c "'$bin' render --help | grep -q 'TEMPLATE.xml'"
check "payslips --help does not show render's usage" sh -c "! '$bin' payslips --help | grep -q 'hrpress render'"

# on a terminal, the progress bar is cleared before the "wrote" lines
# (script(1) gives the command a pseudo-terminal; where none can be had,
# the check is skipped and says so)
if command -v script > /dev/null && script -qec 'test -t 2' /dev/null > /dev/null 2>&1; then
	check "split store on a terminal" script -qec "'$bin' payslips '$db' --month $month --split store -j 2 -o ttysplit" tty.log
	tty_ok() {
		/usr/bin/python3 - tty.log <<'PY'
import sys
data = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
wrote = 0
for line in data.split('\n'):
    for seg in line.split('\r'):
        if 'wrote' in seg:
            wrote += 1
            assert seg.replace('\x1b[K', '', 1).startswith('wrote'), repr(seg)
assert wrote >= 1, data
assert '[' in data and 'stores' in data, 'no progress bar drawn'
PY
	}
	check "no progress text on a wrote line" tty_ok
else
	echo "outputs: skipped the terminal check: script(1) cannot open a pseudo-terminal here"
fi

finish outputs
