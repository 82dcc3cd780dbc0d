#!/bin/sh
# SPDX-License-Identifier: MIT
# Check that the user documentation covers what the sources define:
#  - every diagnostic code of src/diag_codes.h has a heading in
#    docs/diagnostics.md ("### DIAG_TMPL_SQL");
#  - every table and view of src/schema.sql has a heading in docs/schema.md
#    ("### employee"), and each of its columns is named (`column`) in that
#    table's section;
#  - every element of templates/template.rng has a heading in
#    docs/templates.md ("#### `<section>`"), and every attribute is named
#    (`name`) somewhere in it.
# Prints each missing item and exits 1 if there is any; 0 otherwise.
# Usage: sh scripts/check-docs.sh [SOURCE_TREE]
set -eu

root=${1:-$(dirname "$0")/..}
if ! cd "$root" 2>/dev/null; then
	echo "check-docs: cannot enter $root" >&2
	exit 1
fi

codes=src/diag_codes.h
schema=src/schema.sql
rng=templates/template.rng
diagdoc=docs/diagnostics.md
schemadoc=docs/schema.md
tmpldoc=docs/templates.md

status=0
for f in "$codes" "$schema" "$rng" "$diagdoc" "$schemadoc" "$tmpldoc"; do
	if [ ! -r "$f" ]; then
		echo "check-docs: cannot read $f" >&2
		status=1
	fi
done
[ "$status" -eq 0 ] || exit 1

missing=0
report() {
	echo "check-docs: $1" >&2
	missing=$((missing + 1))
}

# Heading lines of a Markdown file (outside fenced code blocks).
headings() {
	awk '/^```/ { fence = !fence; next } !fence && /^#+[ \t]/' "$1"
}

# --- diagnostic codes -------------------------------------------------------
diag_heads=$(headings "$diagdoc")
for code in $(sed -n 's/^DIAG(\(DIAG_[A-Z0-9_]*\),.*/\1/p' "$codes"); do
	if ! printf '%s\n' "$diag_heads" | grep -q "[^A-Z0-9_]$code\([^A-Z0-9_]\|\$\)"; then
		report "$diagdoc: no heading for diagnostic $code"
	fi
done

# --- tables, views and their columns ---------------------------------------
# One line per table or view: "name col col ...". Columns are the lines of a
# CREATE TABLE body that start with a name (not a constraint); a view's
# columns are the names after AS in its select list, plus plain r.col ones.
objects=$(awk '
	function flush() { if (name != "") print name cols; name = ""; cols = "" }
	{ sub(/--.*/, "") }
	toupper($0) ~ /^CREATE (TABLE|VIEW)/ {
		flush()
		line = $0
		sub(/^[Cc][Rr][Ee][Aa][Tt][Ee] +[A-Za-z]+ +/, "", line)
		sub(/^[Ii][Ff] +[Nn][Oo][Tt] +[Ee][Xx][Ii][Ss][Tt][Ss] +/, "", line)
		match(line, /^[A-Za-z_][A-Za-z0-9_]*/)
		name = substr(line, RSTART, RLENGTH)
		view = toupper($0) ~ /^CREATE VIEW/
		body = 1
		next
	}
	body && !view && /^\)/ { flush(); body = 0; next }
	body && !view && /^[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]/ {
		w = $1
		u = toupper(w)
		if (u != "PRIMARY" && u != "UNIQUE" && u != "CHECK" &&
		    u != "FOREIGN" && u != "CONSTRAINT")
			cols = cols " " w
		next
	}
	body && view {
		if (toupper($0) ~ /^FROM[ \t]/) { flush(); body = 0; next }
		line = " " $0
		while (match(line, /[^A-Za-z0-9_][Aa][Ss][ \t]+[A-Za-z_][A-Za-z0-9_]*/)) {
			t = substr(line, RSTART + 1, RLENGTH - 1)
			sub(/^[Aa][Ss][ \t]+/, "", t)
			cols = cols " " t
			line = substr(line, RSTART + RLENGTH)
		}
		line = $0
		sub(/^SELECT[ \t]+/, "", line)
		n = split(line, part, ",")
		for (i = 1; i <= n; i++) {
			p = part[i]
			gsub(/^[ \t]+|[ \t]+$/, "", p)
			if (p ~ /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/) {
				sub(/^[^.]*\./, "", p)
				cols = cols " " p
			}
		}
	}
	body && view && /;[ \t]*$/ { flush(); body = 0 }
	END { flush() }
' "$schema")

if [ -z "$objects" ]; then
	report "$schema: found no tables"
fi
# The loop runs in a subshell: it prints one line per problem on stdout,
# counted here, and the message itself on stderr.
n=$(printf '%s\n' "$objects" | while read -r table cols; do
	[ -n "$table" ] || continue
	# The section of the table: from its heading to the next heading of the
	# same or a higher level.
	section=$(awk -v t="$table" '
		/^```/ { fence = !fence }
		!fence && /^#+[ \t]/ {
			match($0, /^#+/)
			lvl = RLENGTH
			h = $0
			sub(/^#+[ \t]+/, "", h)
			gsub(/`/, "", h)
			sub(/[ \t]+$/, "", h)
			if (inside && lvl <= level) inside = 0
			if (!inside && (h == t || h ~ ("^" t " ") || h ~ (" " t "$"))) {
				inside = 1
				level = lvl
				print "#found"
				next
			}
		}
		inside { print }
	' "$schemadoc")
	case $section in
	"#found"*) ;;
	*)
		echo "check-docs: $schemadoc: no heading for table $table" >&2
		echo x
		continue
		;;
	esac
	for col in $cols; do
		if ! printf '%s\n' "$section" | grep -q "\`$col\`"; then
			echo "check-docs: $schemadoc: column $table.$col not described" >&2
			echo x
		fi
	done
done | wc -l)
missing=$((missing + n))

# --- template elements and attributes --------------------------------------
tmpl_heads=$(headings "$tmpldoc")
for el in $(grep -o '<element name="[^"]*"' "$rng" |
    sed 's/.*name="\([^"]*\)"/\1/' | sort -u); do
	if ! printf '%s\n' "$tmpl_heads" | grep -q "<$el>"; then
		report "$tmpldoc: no heading for element <$el>"
	fi
done
for at in $(grep -o '<attribute name="[^"]*"' "$rng" |
    sed 's/.*name="\([^"]*\)"/\1/' | sort -u); do
	if ! grep -q "\`$at\`" "$tmpldoc"; then
		report "$tmpldoc: attribute $at not described"
	fi
done

if [ "$missing" -gt 0 ]; then
	echo "check-docs: $missing item(s) missing from the documentation" >&2
	exit 1
fi
echo "check-docs: documentation covers every diagnostic, table and element"
