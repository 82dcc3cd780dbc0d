#!/bin/sh
# End-to-end tests of archive shards: GNU parallel runs four shards of a
# month, each on its own copy of the sample database, then hrpress ledger
# merge enters their ledger rows in the main database and hrpress verify
# --db checks every file. Both ways of collecting the files: one shared
# output directory, and directories of their own (given the archive's id
# first) copied together afterwards. Then the refusals, each leaving the
# main database exactly as it was. Prints "shards: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
HRPRESS_TEMPLATES=${HRPRESS_TEMPLATES:-$top/templates}
export HRPRESS_TEMPLATES
month=2025-03

check() { # check DESCRIPTION COMMAND...: exits 0
	desc=$1; shift
	if "$@" > "$work/last.out" 2> "$work/last.err"; then ok; else
		bad "$desc"; sed 's/^/    /' "$work/last.out" "$work/last.err" | head -20
	fi
}
fails() { # fails DESCRIPTION STATUS COMMAND...: exits with STATUS
	desc=$1; want=$2; shift 2
	"$@" > "$work/last.out" 2> "$work/last.err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok; else
		bad "$desc (exit $rc, not $want)"; sed 's/^/    /' "$work/last.out" "$work/last.err" | head -10
	fi
}
says() { # says DESCRIPTION FILE TEXT: FILE has TEXT
	if grep -qF -- "$3" "$2"; then ok; else
		bad "$1: no \"$3\" in:"; sed 's/^/    /' "$2" | head -10
	fi
}
unchanged() { # unchanged DESCRIPTION: main.db is as dumped in before.sql
	sqlite3 "$db" .dump > "$work/after.sql"
	if cmp -s "$work/before.sql" "$work/after.sql"; then ok; else
		bad "$1: the main database changed"
		diff "$work/before.sql" "$work/after.sql" | head -5 | sed 's/^/    /'
	fi
}
npdf() { find "$1" -name '*.pdf' | wc -l; }
rows() { sqlite3 "$db" "SELECT count(*) FROM archive_ledger"; }
# parallel without its citation notice (the notice is checked for below)
par() { parallel --will-cite --halt now,fail=1 "$@"; }

if ! command -v parallel > /dev/null 2>&1; then
	echo "shards: needs GNU parallel (Debian package parallel; scripts/deps.sh)" >&2
	exit 1
fi

cd "$work"
db=$work/main.db
check "init --sample" "$bin" init "$db" --sample
check "payroll" "$bin" payroll "$db" --month $month
check "close" "$bin" close "$db" --month $month
records=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM pay_slip) + (SELECT count(DISTINCT employee_id) FROM kpi_result WHERE month = '$month')")
check "the sample has records" test "$records" -gt 50

# ---- one shared output directory (recommended) ----------------------------
for k in 1 2 3 4; do cp "$db" "$work/a$k.db"; done
check "4 shards into one directory with parallel" \
    par -j 4 "$bin" archive "$work/a{}.db" --month $month --shard {}/4 -j 1 \
    -o "$work/shared" ::: 1 2 3 4
if grep -qi "cite" "$work/last.err"; then bad "parallel printed its citation notice"; else ok; fi
check "every record once" test "$(npdf shared)" -eq "$records"
check "one archive id" test "$(ls shared/hrpress-archive.id | wc -l)" -eq 1
id=$(sed -n 's/^id //p' shared/hrpress-archive.id)
for k in 1 2 3 4; do
	check "shard $k's rows name the shared archive" test \
	    "$(sqlite3 a$k.db "SELECT count(*) FROM archive_ledger WHERE archive_id <> '$id'")" -eq 0
done
check "the main ledger is empty before the merge" test "$(rows)" -eq 0
fails "verify before the merge" 1 "$bin" verify --db "$db" shared
check "merge the 4 shards" "$bin" ledger merge "$db" a1.db a2.db a3.db a4.db
says "merge says what it merged" last.out "merged $records records from 4 shard databases into $db"
says "merge says what to do next" last.out "next:"
says "merge counts each shard" last.out "a3.db: "
check "main has every row" test "$(rows)" -eq "$records"
check "verify --db of the whole archive" "$bin" verify --db "$db" shared
says "verify counts every file" last.out "verified $records of $records files (0 failed"
# a directory: an interrupted run's temporary dot-file is not a record,
# a folder without records is an error, a changed file fails the lot
d1=$(find shared/$month -mindepth 1 -maxdepth 1 -type d | sort | head -1)
f1=$(find "$d1" -name '*.pdf' | sort | head -1)
echo partial > "$d1/.E9999-payslip.Ab12Cd"
check "verify of a month skips temporary dot-files" "$bin" verify --db "$db" "shared/$month"
mkdir empty
fails "verify of a folder without records" 1 "$bin" verify --db "$db" empty
says "an empty folder is named" last.err "empty: no archived records (*.pdf) in this folder"
cp "$f1" keep.pdf
chmod u+w "$f1"
printf 'x' >> "$f1"
fails "verify of a folder with a changed file" 1 "$bin" verify --db "$db" "$d1"
says "the changed file is named" last.err "$f1"
cp keep.pdf "$f1"
check "verify again after the file is restored" "$bin" verify --db "$db" "$d1"
rm -f "$d1/.E9999-payslip.Ab12Cd"

# merged again: nothing changes, and it says so
sqlite3 "$db" .dump > before.sql
check "merge twice" "$bin" ledger merge "$db" a1.db a2.db a3.db a4.db
says "merge twice says nothing new" last.out "nothing to merge: $db already has every record of the 4 shard databases"
unchanged "merge twice"
check "one shard given twice" "$bin" ledger merge "$db" a2.db a2.db
unchanged "one shard given twice"

# ---- directories of their own, copied together ----------------------------
# a second archive of the month, into which half the payslips were
# archived before: the shards must not reuse those versions
check "archive half the payslips into a new archive" "$bin" archive "$db" \
    --month $month --kind payslip --shard 1/2 -j 1 -o "$work/arch2"
before=$(npdf arch2)
check "ledger id of that archive" "$bin" ledger id arch2
says "ledger id prints the id file" last.out "arch2/hrpress-archive.id: "
for k in 1 2 3 4; do
	cp "$db" "$work/b$k.db"
	mkdir "$work/out$k"
	cp -p arch2/hrpress-archive.id "$work/out$k/"
done
check "4 shards into their own directories" \
    par -j 4 "$bin" archive "$work/b{}.db" --month $month --shard {}/4 -j 2 \
    -o "$work/out{}" ::: 1 2 3 4
clash=0
for k in 1 2 3 4; do
	for f in $(cd "out$k" && find . -name '*.pdf'); do
		[ -e "arch2/$f" ] && clash=$((clash + 1))
	done
done
check "no shard wrote a name that arch2 has" test "$clash" -eq 0
v2=$(find out1 out2 out3 out4 -name '*-payslip.v2.pdf' | wc -l)
check "the payslips archived before got version 2" test "$v2" -eq "$before"
check "merge the separate shards" "$bin" ledger merge "$db" b1.db b2.db b3.db b4.db
says "separate shards merged" last.out "merged $records records from 4 shard databases"
if grep -q "different archive directories" last.err; then bad "a warning about archive directories"; else ok; fi
for k in 1 2 3 4; do
	check "copy out$k into arch2 (never over a file)" cp -a -n "out$k/." arch2/
done
check "every file is in arch2" test "$(npdf arch2)" -eq $((before + records))
check "verify --db of the copied-together archive" "$bin" verify --db "$db" arch2
says "verify of arch2 counts every file" last.out "verified $((before + records)) of $((before + records)) files (0 failed"

# shards that each made their own id: merged, with a warning
for k in 1 2; do cp "$db" "$work/u$k.db"; done
check "2 shards without a shared id" par -j 2 "$bin" archive "$work/u{}.db" \
    --month $month --kind scorecard --shard {}/8 -j 1 -o "$work/u{}" ::: 1 2
check "merge shards of two archive directories" "$bin" ledger merge "$db" u1.db u2.db
says "warns about two archive directories" last.err "shards wrote into different archive directories"
check "each directory verifies where it is" "$bin" verify --db "$db" u1 u2

# ---- refusals: exit 1, a message naming the shard, main unchanged ---------
sqlite3 "$db" .dump > before.sql

# a conflict: the same path in the same archive with another file
cp "$db" good.db
cp "$db" c.db
check "good shard archives" "$bin" archive good.db --month $month --kind scorecard --shard 3/8 -j 1 -o "$work/shared"
sqlite3 c.db "INSERT INTO archive_ledger (path, kind, employee_id, month, sha256, size, created_at, generator, signer_sha256, version, archive_id) SELECT path, kind, employee_id, month, '$(printf '%064d' 7)', size + 1, created_at, generator, signer_sha256, version, archive_id FROM archive_ledger WHERE archive_id = '$id' ORDER BY id LIMIT 1"
cpath=$(sqlite3 c.db "SELECT path FROM archive_ledger WHERE sha256 = '$(printf '%064d' 7)'")
fails "merge a conflicting shard" 1 "$bin" ledger merge "$db" good.db c.db
says "the conflict is named" last.err "error: archive ledgers conflict: c.db:"
says "the conflict names the path" last.err "$cpath"
says "the conflict says what differs" last.err "two different files under one name"
says "the refusal says main is unchanged" last.err "is unchanged: nothing was merged"
unchanged "conflict (the good shard's rows are not entered either)"

# a shard of another database (the same sample, made again)
check "another database" "$bin" init other.db --sample
check "its payroll" "$bin" payroll other.db --month $month
check "it archives a shard" "$bin" archive other.db --month $month --kind payslip --shard 1/8 -j 1 -o "$work/other"
fails "merge a shard of another database" 1 "$bin" ledger merge "$db" other.db
says "another database is named" last.err "error: not a copy of the main database: other.db: not a copy of $db"
unchanged "another database"

# the main database as its own shard, and a missing shard
fails "merge main into itself" 1 "$bin" ledger merge "$db" "$db"
says "main itself is named" last.err "is the main database itself"
fails "merge a missing shard" 1 "$bin" ledger merge "$db" missing.db
says "the missing shard is named" last.err "missing.db"
fails "merge without a shard" 1 "$bin" ledger merge "$db"
says "usage names the arguments" last.err "hrpress ledger merge MAIN.db SHARD.db"
unchanged "main itself, missing shard, usage"

# single writer: another program holds the write lock
cp "$db" w.db
check "a shard to merge while busy" "$bin" archive w.db --month $month --kind scorecard --shard 4/8 -j 1 -o "$work/shared"
# (the writer says when it holds the lock, and lets go when told, at most
# after 10 s)
( printf 'BEGIN IMMEDIATE;\nINSERT INTO data_change (source, month, n) VALUES (%s, %s, 1);\n.shell touch locked\n' "'lock'" "''"
  i=0; while [ ! -e unlock ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  printf 'ROLLBACK;\n' ) | sqlite3 "$db" &
lock=$!
i=0; while [ ! -e locked ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
fails "merge while another program writes" 2 "$bin" ledger merge "$db" w.db --wait 1
says "busy is said" last.err "busy"
touch unlock
wait "$lock"
unchanged "busy"
check "merge when the lock is gone" "$bin" ledger merge "$db" w.db
says "merged after the lock" last.out "merged "

finish shards
