#!/bin/sh
# Turn standard input into a C string constant named $1 (used to embed
# src/schema.sql in the binary, so `hrpress init` needs no data files).
set -eu
name=$1
printf '/* Generated from src/schema.sql by scripts/embed.sh; do not edit. */\n'
printf 'extern const char %s[];\nconst char %s[] =\n' "$name" "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/'
printf ';\n'
