#!/bin/sh
# Check that the Debian packages hrpress needs to build, test and run are
# present. As root, install the missing ones with apt-get; otherwise print the
# exact command and fail.
set -eu
PKGS="build-essential pkg-config libhpdf-dev libxml2-dev libxml2-utils libsqlite3-dev sqlite3
libpng-dev libharfbuzz-dev libunibreak-dev libdeflate-dev libcmocka-dev libssl-dev libqpdf-dev libzip-dev icc-profiles-free
fonts-droid-fallback fonts-dejavu-core fonts-wqy-microhei fonts-hanazono time parallel openssl
poppler-utils qpdf mupdf-tools python3 python3-pikepdf python3-fonttools imagemagick
clang libclang-rt-14-dev clang-tidy clang-format cppcheck valgrind libxlsxwriter-dev python3-openpyxl"
missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "hrpress: missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
else
	echo "hrpress: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
