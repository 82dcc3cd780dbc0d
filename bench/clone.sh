#!/bin/sh
# Grow the sample dealership into a dealer group: sh bench/clone.sh DB STORES
# [COPIES]. Every store becomes STORES stores, each with COPIES (default 3)
# copies of the sample staff (about 150 people a store).
#
# The cloning is generic, so tables added later come along: every table and
# column is read from sqlite_master and pragma table_info, and a column is an
# id of a store, department, position or employee when it is that table's
# own id, a foreign key to it, or named store_id, department_id,
# position_id or employee_id. A table with an employee column is copied per
# store and staff copy, one with only store-level columns once per store;
# the rest (schemes, rates, months) is shared. Ids get a prefix: "B007_" for
# the store level, "B007c2_" for a copy's employees. An INTEGER PRIMARY KEY
# of a copied table is left to SQLite, and rows that would repeat a shared
# key (an empty position_id meaning "every position") are skipped.
set -eu
db=$1
stores=$2
copies=${3:-3}

q() { sqlite3 -batch -noheader "$db" "$1"; }

# entity of a column: store, department, position, employee or nothing
col_entity() { # table column
	case "$1.$2" in
	store.id) echo store; return ;;
	department.id) echo department; return ;;
	position.id) echo position; return ;;
	employee.id) echo employee; return ;;
	esac
	fk=$(q "SELECT \"table\" FROM pragma_foreign_key_list('$1') WHERE \"from\" = '$2' LIMIT 1")
	case "$fk" in
	store|department|position|employee) echo "$fk"; return ;;
	esac
	case "$2" in
	store_id) echo store ;;
	department_id) echo department ;;
	position_id | superior_id) echo position ;;
	employee_id) echo employee ;;
	esac
}

sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
echo "BEGIN;" > "$sql"
for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'archive_ledger' ORDER BY name"); do
	cols=$(q "SELECT name FROM pragma_table_info('$t') ORDER BY cid")
	# an INTEGER PRIMARY KEY alone is the rowid: let SQLite number copies
	rowid=$(q "SELECT name FROM pragma_table_info('$t') WHERE pk = 1 AND upper(type) = 'INTEGER' AND (SELECT count(*) FROM pragma_table_info('$t') WHERE pk > 0) = 1")
	level=""
	names=""
	exprs=""
	for c in $cols; do
		[ "$c" = "$rowid" ] && continue
		e=$(col_entity "$t" "$c")
		case "$e" in
		employee) level=employee; x="CASE WHEN \"$c\" IS NULL OR \"$c\" = '' THEN \"$c\" ELSE :emp || \"$c\" END" ;;
		store | department | position)
			[ "$level" = employee ] || level=store
			x="CASE WHEN \"$c\" IS NULL OR \"$c\" = '' THEN \"$c\" ELSE :org || \"$c\" END" ;;
		*) x="\"$c\"" ;;
		esac
		names="$names${names:+, }\"$c\""
		exprs="$exprs${exprs:+, }$x"
	done
	[ -n "$level" ] || continue
	echo "CREATE TEMP TABLE \"orig_$t\" AS SELECT * FROM \"$t\";" >> "$sql"
	s=0
	while [ "$s" -lt "$stores" ]; do
		# store 0 is the sample store itself: only its extra staff copies
		org=$(printf 'B%03d_' "$s")
		[ "$s" -eq 0 ] && org=""
		c=0
		while [ "$c" -lt "$copies" ]; do
			emp=$(printf 'B%03dc%d_' "$s" "$c")
			skip=0
			[ "$s" -eq 0 ] && [ "$c" -eq 0 ] && skip=1
			[ "$level" = store ] && { [ "$c" -gt 0 ] || [ "$s" -eq 0 ]; } && skip=1
			if [ "$skip" -eq 0 ]; then
				se=$(echo "$exprs" | sed "s/:org/'$org'/g; s/:emp/'$emp'/g")
				echo "INSERT OR IGNORE INTO \"$t\" ($names) SELECT $se FROM \"orig_$t\";" >> "$sql"
			fi
			c=$((c + 1))
		done
		s=$((s + 1))
	done
done
echo "COMMIT;" >> "$sql"
sqlite3 -batch "$db" < "$sql"
