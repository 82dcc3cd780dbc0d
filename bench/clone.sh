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
# The schema is read in one query and the SQL written by awk, so the
# cloning costs two sqlite3 runs whatever the number of tables.
set -eu
db=$1
stores=$2
copies=${3:-3}

# one line per column: table, column, 1 when it is the table's lone
# INTEGER PRIMARY KEY (the rowid), the table its foreign key points to or -
sqlite3 -batch -noheader -separator ' ' "$db" "
SELECT m.name, p.name,
       p.pk = 1 AND upper(p.type) = 'INTEGER' AND
         (SELECT count(*) FROM pragma_table_info(m.name) WHERE pk > 0) = 1,
       coalesce((SELECT \"table\" FROM pragma_foreign_key_list(m.name) f
                 WHERE f.\"from\" = p.name LIMIT 1), '-')
FROM sqlite_master m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'archive_ledger'
ORDER BY m.name, p.cid" |
awk -v stores="$stores" -v copies="$copies" '
# entity of a column: store, department, position, employee or ""
function entity(t, c, fk) {
	if (c == "id" && (t == "store" || t == "department" || t == "position" || t == "employee"))
		return t
	if (fk == "store" || fk == "department" || fk == "position" || fk == "employee")
		return fk
	if (c == "store_id") return "store"
	if (c == "department_id") return "department"
	if (c == "position_id" || c == "superior_id") return "position"
	if (c == "employee_id") return "employee"
	return ""
}
function flush(   s, c, org, emp, skip, se) {
	if (t == "" || level == "") return
	printf "CREATE TEMP TABLE \"orig_%s\" AS SELECT * FROM \"%s\";\n", t, t
	for (s = 0; s < stores; s++) {
		# store 0 is the sample store itself: only its extra staff copies
		org = sprintf("B%03d_", s)
		if (s == 0) org = ""
		for (c = 0; c < copies; c++) {
			emp = sprintf("B%03dc%d_", s, c)
			skip = (s == 0 && c == 0) || (level == "store" && (c > 0 || s == 0))
			if (skip) continue
			se = exprs
			gsub(/:org/, "\047" org "\047", se)
			gsub(/:emp/, "\047" emp "\047", se)
			printf "INSERT OR IGNORE INTO \"%s\" (%s) SELECT %s FROM \"orig_%s\";\n", t, names, se, t
		}
	}
}
BEGIN { print "BEGIN;" }
$1 != t { flush(); t = $1; level = ""; names = ""; exprs = "" }
{
	if ($3 == 1) next
	c = $2; e = entity(t, c, $4)
	if (e == "employee") {
		level = "employee"
		x = "CASE WHEN \"" c "\" IS NULL OR \"" c "\" = \047\047 THEN \"" c "\" ELSE :emp || \"" c "\" END"
	} else if (e != "") {
		if (level != "employee") level = "store"
		x = "CASE WHEN \"" c "\" IS NULL OR \"" c "\" = \047\047 THEN \"" c "\" ELSE :org || \"" c "\" END"
	} else
		x = "\"" c "\""
	names = names (names == "" ? "" : ", ") "\"" c "\""
	exprs = exprs (exprs == "" ? "" : ", ") x
}
END { flush(); print "COMMIT;" }' | sqlite3 -batch "$db"
