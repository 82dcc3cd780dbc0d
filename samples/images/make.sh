#!/bin/sh
# SPDX-License-Identifier: MIT
# Draws the sample dealership's images with ImageMagick (Debian package
# imagemagick) and a CJK font from fonts-wqy-microhei:
#   seal.png  the personnel department's red company seal (人事专用章):
#             a ring, a star, the company name along the upper arc and the
#             seal's purpose below the star; RGBA, 300x300, the ink 80 %
#             opaque so that text under it stays readable;
#   logo.png  the store's mark (two waves in a disc) and its short name,
#             336x96, about 300 dpi at the payslip's 8 mm height.
# Fully transparent pixels take the ink colour, so that the colour plane,
# which a PDF stores apart from the alpha mask, is nearly uniform and
# compresses to almost nothing.
# `hrpress init --sample` loads both into the sample store's store_image rows
# (scripts/images-sql.sh embeds them). Run from anywhere:
# sh samples/images/make.sh
set -eu
cd "$(dirname "$0")"
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
[ -r "$font" ] || font=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
name=江州澜湾汽车销售服务有限公司
ink="#E0141B"

# --- the seal ---------------------------------------------------------------
# The name is set one character at a time along an arc of 224 degrees,
# each character turned to face the centre, as a seal engraver sets it.
size=300 c=150 r=94
n=$(printf '%s' "$name" | wc -m)
draw=""
i=0
for ch in $(printf '%s' "$name" | sed 's/./& /g'); do
	a=$(awk -v i=$i -v n="$n" 'BEGIN { printf "%.3f", -112 + 224 * i / (n - 1) }')
	x=$(awk -v a="$a" -v r=$r 'BEGIN { printf "%+.1f", r * sin(a * 3.14159265 / 180) }')
	y=$(awk -v a="$a" -v r=$r 'BEGIN { printf "%+.1f", -r * cos(a * 3.14159265 / 180) }')
	draw="$draw -annotate ${a}x${a}${x}${y} $ch"
	i=$((i + 1))
done
# five-pointed star, radius 38, centred a little above the middle
star=$(awk -v c=$c 'BEGIN {
	for (k = 0; k < 10; k++) {
		rr = (k % 2) ? 15 : 38; a = (-90 + 36 * k) * 3.14159265 / 180
		printf "%s%.1f,%.1f", (k ? " " : ""), c + rr * cos(a), c - 4 + rr * sin(a)
	}
}')
# shellcheck disable=SC2086
convert -size ${size}x${size} xc:none \
	-fill none -stroke "$ink" -strokewidth 9 \
	-draw "circle $c,$c $c,$((c - 138))" \
	-stroke none -fill "$ink" -draw "polygon $star" \
	-font "$font" -pointsize 30 -gravity center $draw \
	-pointsize 25 -annotate +0+70 人事专用章 \
	-channel A -evaluate multiply 0.8 +channel \
	-background "$ink" -alpha background \
	PNG32:seal.png.tmp
mv seal.png.tmp seal.png

# --- the logo ---------------------------------------------------------------
# A blue disc with two white waves (澜湾: ripples in a bay), then the
# store's short name, on a transparent ground; drawn at 560x160, then
# scaled to 60 %.
blue='#1F5FA8'
# A band 8 px thick along one period of a sine wave around y = $1, as a
# polygon (upper edge left to right, lower edge back).
wave() {
	awk -v y0="$1" 'BEGIN {
		for (k = 0; k <= 40; k++) {
			x = 34 + 100 * k / 40
			printf "%.1f,%.1f ", x, y0 - 4 - 14 * sin(6.2831853 * k / 40)
		}
		for (k = 40; k >= 0; k--) {
			x = 34 + 100 * k / 40
			printf "%.1f,%.1f ", x, y0 + 4 - 14 * sin(6.2831853 * k / 40)
		}
	}'
}
convert -size 560x160 xc:none \
	-fill "$blue" -draw "circle 84,80 84,8" \
	-fill white -draw "polygon $(wave 66)" -draw "polygon $(wave 100)" \
	-stroke none -fill "$blue" -font "$font" -pointsize 74 \
	-gravity west -annotate +172+0 澜湾汽车 \
	-resize 60% -background "$blue" -alpha background \
	PNG32:logo.png.tmp
mv logo.png.tmp logo.png
