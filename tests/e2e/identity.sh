#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of a store's identity: a store that is not the sample,
# built from an empty database with CSV imports only, loads its own logo and seal (PNGs made by
# ImageMagick now: 8 and 16 bits, grey, palette, with and without alpha,
# interlaced) with hrpress store; its payslips and handbook show its own
# pictures, name, issuing department and remarks and nothing of the sample
# company; without a seal its payslips have none. Pictures that are not
# PNGs are refused by name and leave the database unchanged. Signing
# certificates made by openssl req without -utf8 are decoded or refused
# before any record is written. Prints "identity: N passed, N failed";
# KEEP=1 keeps the work directory for a look at the PDFs.
set -u
. "$(dirname "$0")/lib.sh"
month=2025-03

has() { grep -F -q -- "$2" "$1" || { echo "$1 lacks: $2"; return 1; }; }
lacks() { ! grep -F -n -- "$2" "$1" || { echo "$1 has: $2"; return 1; }; }
# images FILE.pdf: "page type width height color bpc" per image of page 1
images() { pdfimages -f 1 -l 1 -list "$1" | awk 'NR > 2 { print $1, $3, $4, $5, $6, $8 }'; }

cd "$work"
db=$work/ht.db
check "init (no sample)" "$bin" init "$db"

# --- the store, from nothing -------------------------------------------
# Every part from CSV files as a clerk makes them (BOM, CRLF, Chinese
# headers), and the library's FIXED pay scheme that init loads.
crlf() { sed 's/$/\r/' > "$1"; }
crlf stores.csv <<'CSV'
门店编号,公司全称,简称,品牌,城市,编制部门,工资条说明,汇编标题,副标题
HT,临川恒通汽车销售服务有限公司,恒通临川店,恒通,临川市,综合管理部,工资如有异议，请于三日内联系综合管理部。,岗位职责手册,恒通汽车授权经销商 · 临川市
CSV
crlf departments.csv <<'CSV'
部门编号,部门名称,部门职能,排序
GM,总经理办公室,统筹全店经营。,1
ADM,综合管理部,人事、行政与财务。,2
SVC,售后服务部,,3
CSV
crlf positions.csv <<'CSV'
岗位编号,部门,岗位名称,上级,岗位性质,薪酬方案,排序
GM,总经理办公室,总经理,,管理,FIXED,1
CLERK,ADM,综合主管,GM,管理,FIXED,1
FOREMAN,SVC,车间主任,"CLERK、GM",,FIXED,1
CSV
crlf job_items.csv <<'CSV'
岗位,栏目,内容
GM,岗位职责,制定年度经营目标。
GM,任职资格,本科以上学历。
CLERK,岗位职责,办理入职与离职手续。
CLERK,任职资格,三年以上行政经验。
CSV
crlf si_rate.csv <<'CSV'
城市,年度,险种,个人比例,基数下限（元）,基数上限（元）,舍入
临川市,2025,养老保险,8%,"3,000.00","20,000.00",分
CSV
for k in stores departments positions job_items si_rate; do
	check "import $k" "$bin" import "$db" $k $k.csv
done
printf '\357\273\277工号,姓名,性别,岗位,级别,入职日期,试用期截止日期,离职日期,底薪（元）,绩效工资（元）,薪酬方案\r\n' > staff.csv
printf 'H001,刘天堃,男,GM,5,2019-05-06,,,"9,000.00",0.00,\r\n' >> staff.csv
printf 'H002,\360\240\256\267祥云,女,CLERK,2,2022-09-01,,,"4,200.00",0.00,\r\n' >> staff.csv
printf 'H003,周明,男,FOREMAN,3,2021-03-15,,,"5,100.00",0.00,\r\n' >> staff.csv
printf '工号,姓名,应出勤天数,实际出勤天数\r\nH001,刘天堃,21,21\r\nH002,\360\240\256\267祥云,21,20\r\nH003,周明,21,21\r\n' > facts.csv
check "import staff" "$bin" import "$db" staff staff.csv
check "import facts" "$bin" import "$db" facts facts.csv --month $month
check "payroll" "$bin" payroll "$db" --month $month

# --- pictures of every kind ImageMagick writes ----------------------------
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
[ -r "$font" ] || font=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
convert -size 210x60 xc:none -fill '#0B6E4F' -draw 'rectangle 4,4 56,56' \
	-font "$font" -pointsize 34 -annotate +66+44 恒通 base.png
convert -size 240x240 xc:none -fill none -stroke '#C8102E' -strokewidth 8 \
	-draw 'circle 120,120 120,12' -stroke none -fill '#C8102E' \
	-font "$font" -pointsize 30 -gravity center -annotate +0+0 恒通专用章 seal.png
convert base.png -background white -alpha remove PNG24:rgb8.png
convert base.png -depth 16 PNG64:rgba16.png
convert base.png -background white -alpha remove -depth 16 PNG48:rgb16.png
convert base.png -background white -alpha remove -colorspace Gray PNG8:gray8.png
convert base.png -background white -alpha remove -colorspace Gray -depth 16 gray16.png
convert base.png -colorspace Gray -type GrayscaleAlpha PNG:graya.png
convert base.png -background white -alpha remove -colors 16 PNG8:pal.png
convert base.png -colors 16 PNG8:palalpha.png
convert base.png -interlace PNG PNG32:interlaced.png
# the colour type and depth each file really has (IHDR bytes 24 and 25)
kind() { od -An -tu1 -j24 -N2 "$1" | awk '{ print "depth " $1 " type " $2 }'; }
check "16-bit RGBA test file is 16-bit" test "$(kind rgba16.png)" = "depth 16 type 6"
check "grey test file is grey" sh -c "kind() { od -An -tu1 -j25 -N1 \"\$1\"; }; kind gray8.png | grep -Eq ' (0|3)$'"
check "palette test file has a palette" test "$(od -An -tu1 -j25 -N1 pal.png | tr -d ' ')" -eq 3
check "interlaced test file is interlaced" test "$(od -An -tu1 -j28 -N1 interlaced.png | tr -d ' ')" -eq 1
for f in rgb8 rgba16 rgb16 gray8 gray16 graya pal palalpha interlaced; do
	check "store --logo $f.png" "$bin" store "$db" --logo $f.png
	check "$f: payslip renders" "$bin" payslips "$db" --month $month \
		--employee H001 -o $f.pdf
	images $f.pdf > $f.img
	# a one-colour logo with transparency is a 1-bit stencil twice as fine
	check "$f: the logo is on the page at 210x60, 8 bits (or a stencil)" \
		sh -c "awk '(\$2 == \"image\" && \$3 == 210 && \$4 == 60 && \$6 == 8) || (\$2 == \"stencil\" && \$3 == 420 && \$4 == 120 && \$6 == 1)' $f.img | grep -q ."
	check "$f: qpdf --check" qpdf --check $f.pdf
done
# transparent kinds keep their transparency: this one-colour logo as a
# stencil (transparent where its bits are 1)
for f in rgba16 graya palalpha; do
	check "$f: transparency kept (stencil)" sh -c "awk '\$2 == \"stencil\"' $f.img | grep -q ."
done
check "rgb8: no soft mask" sh -c "! awk '\$2 == \"smask\"' rgb8.img | grep -q ."

# --- the store's own documents ---------------------------------------------
check "store --logo --seal" "$bin" store "$db" --logo base.png --seal seal.png
check "store shows its pictures" sh -c "'$bin' store '$db' | grep -q 'seal: 240x240'"
check "payslips" "$bin" payslips "$db" --month $month -o ps.pdf
check "handbook" "$bin" handbook "$db" -D year=2025 -o hb.pdf
pdftotext -layout ps.pdf ps.txt
pdftotext -layout hb.pdf hb.txt
pages=$(pdfinfo ps.pdf | awk '/^Pages:/ { print $2 }')
check "payslips: one page each" test "$pages" -eq 3
check "payslips: logo and seal on every page" \
	test "$(pdfimages -list ps.pdf | awk 'NR > 2 && ($3 == "image" || $3 == "stencil")' | wc -l)" -eq $((2 * pages))
check "payslips: the seal is the store's (240x240, a 480x480 stencil)" \
	sh -c "pdfimages -list ps.pdf | awk 'NR > 2 && \$3 == \"stencil\" && \$4 == 480 && \$5 == 480' | grep -q ."
check "payslips: the store's name" has ps.txt 临川恒通汽车销售服务有限公司
tr -d ' \n' < ps.txt > ps.flat
check "payslips: the store's remarks" has ps.flat 工资如有异议，请于三日内联系综合管理部。
check "payslips: 刘天堃" has ps.txt 刘天堃
check "payslips: 𠮷祥云" has ps.txt "$(printf '\360\240\256\267')祥云"
check "handbook: the cover's title" has hb.txt 岗位职责手册
check "handbook: the cover's subtitle" has hb.txt "恒通汽车授权经销商 · 临川市"
check "handbook: issued by the store's department" has hb.txt "综合管理部 编制"
check "handbook: the logo on the cover" \
	sh -c "pdfimages -f 1 -l 1 -list hb.pdf | awk 'NR > 2 && ((\$3 == \"image\" && \$4 == 210) || (\$3 == \"stencil\" && \$4 == 420))' | grep -q ."
check "handbook: the chart's note names the store's own position" \
	has hb.txt "如车间主任同时向总经理汇报"
# 车间主任 has no duties, qualifications or nature; 售后服务部 no scope
check "handbook: what is missing says 未填写" \
	test "$(grep -c 未填写 hb.txt)" -ge 4
check "handbook: every position is in it" sh -c \
	"grep -q 总经理 hb.txt && grep -q 综合主管 hb.txt && grep -q 车间主任 hb.txt"
for f in ps hb; do
	for s in 澜湾 江州 人事行政部 人事专用章 服务经理 服务站长; do
		check "$f: no sample text $s" lacks $f.txt $s
	done
	check "$f: qpdf --check" qpdf --check $f.pdf
done

# --- a second store of the group, without pictures ---------------------------
printf '门店编号,公司全称,简称,城市\r\nHT2,临川恒远汽车服务有限公司,恒远店,临川市\r\n' > stores2.csv
printf '部门编号,门店,部门名称,部门职能,排序\r\nHT2-SVC,HT2,恒远服务部,维修。,1\r\n' > departments2.csv
printf '岗位编号,部门,岗位名称,岗位性质,薪酬方案\r\nHT2-TECH,HT2-SVC,机修工,技术,FIXED\r\n' > positions2.csv
check "import the second store" "$bin" import "$db" stores stores2.csv
check "import its department" "$bin" import "$db" departments departments2.csv
check "import its position" "$bin" import "$db" positions positions2.csv
printf '工号,姓名,岗位,入职日期,底薪（元）\r\nH101,吴一凡,HT2-TECH,2023-01-09,"3,800.00"\r\n' > staff2.csv
printf '工号,应出勤天数,实际出勤天数\r\nH101,21,21\r\n' > facts2.csv
check "import the second store's staff" "$bin" import "$db" staff staff2.csv
check "import its facts" "$bin" import "$db" facts facts2.csv --month $month
check "payroll of both stores" "$bin" payroll "$db" --month $month
check "payslips --split store" "$bin" payslips "$db" --month $month --split store -j 1 -o split
check "the second store's payslip has no picture (no other store's)" \
	test "$(pdfimages -list split/payslips-$month-HT2.pdf | awk 'NR > 2' | wc -l)" -eq 0
pdftotext split/payslips-$month-HT2.pdf ht2.txt
check "... and its own name" has ht2.txt 临川恒远汽车服务有限公司
check "... not the first store's" lacks ht2.txt 临川恒通
check "... nor its remarks" lacks ht2.txt 工资如有异议
check "the first store's payslips keep logo and seal" \
	test "$(pdfimages -list split/payslips-$month-HT.pdf | awk 'NR > 2 && ($3 == "image" || $3 == "stencil")' | wc -l)" -eq 6
check "two stores: hrpress store asks which" exits 1 "$bin" store "$db" --seal seal.png
check "... listing them" err_has "say which with --store (one of HT, HT2)"
check "handbook -D store=HT2" "$bin" handbook "$db" -D year=2025 -D store=HT2 -o hb2.pdf
pdftotext hb2.pdf hb2.txt
check "its handbook is its own" sh -c "grep -q 临川恒远汽车服务有限公司 hb2.txt && grep -q 机修工 hb2.txt && ! grep -q 总经理 hb2.txt"
check "its handbook has no logo" test "$(pdfimages -list hb2.pdf | awk 'NR > 2' | wc -l)" -eq 0
check "an unknown store's handbook is refused" exits 1 "$bin" handbook "$db" -D store=NOPE -o nope.pdf
check "... saying there is no data" err_has "no data for a required section"

# --- without a seal, no seal -------------------------------------------------
check "store --no-seal" "$bin" store "$db" --store HT --no-seal
check "payslips without seal" "$bin" payslips "$db" --month $month -o noseal.pdf
check "no seal: only the logo on each of HT's pages" \
	test "$(pdfimages -list noseal.pdf | awk 'NR > 2 && ($3 == "image" || $3 == "stencil")' | wc -l)" -eq 3
check "no seal: no 240x240 picture" sh -c \
	"! pdfimages -list noseal.pdf | awk 'NR > 2 && (\$4 == 240 || \$4 == 480)' | grep -q ."
check "no logo, no seal" "$bin" store "$db" --store HT --no-logo
check "payslips without pictures" "$bin" payslips "$db" --month $month -o none.pdf
check "no pictures at all" test "$(pdfimages -list none.pdf | awk 'NR > 2' | wc -l)" -eq 0
printf '门店编号,工资条说明\r\nHT,\r\n' > nonote.csv
check "clear the remarks by import" "$bin" import "$db" stores nonote.csv
check "payslips without remarks" "$bin" payslips "$db" --month $month -o nonote.pdf
pdftotext -layout nonote.pdf nonote.txt
check "no remarks: the neutral sentence only" lacks nonote.txt 工资如有异议

# --- a custom template -------------------------------------------------------
# A copy of the payslip elsewhere, with a picture file of its own (found
# beside the copy, whatever the working directory) and one more column of
# slip_header: one added line, no change to the query.
mkdir -p my/images elsewhere
cp seal.png my/images/stamp.png
sed -e 's|<image field="e.seal_png"|<image src="images/stamp.png"|' \
    -e 's|<heading level="1" align="center" space-after="2mm"><field value="e.store"/></heading>|&<para>门店：<field value="e.store_short_name"/></para>|' \
	"$top/templates/payslip.xml" > my/payslip.xml
check "the copy changed two lines" test "$(diff "$top/templates/payslip.xml" my/payslip.xml | grep -c '^>')" -eq 2
check "render the copy from another directory" sh -c "cd elsewhere && '$bin' render '$db' ../my/payslip.xml --month $month --employee H001 -o ../my.pdf"
check "the copy's own picture file is drawn" sh -c \
	"pdfimages -list my.pdf | awk 'NR > 2 && ((\$3 == \"image\" && \$4 == 240) || (\$3 == \"stencil\" && \$4 == 480))' | grep -q ."
check "the added column is shown" sh -c "pdftotext my.pdf - | grep -q '门店：恒通临川店'"
check "HRPRESS_TEMPLATES: payslips use the copy" sh -c \
	"HRPRESS_TEMPLATES='$work/my' '$bin' payslips '$db' --month $month -o env.pdf && pdftotext env.pdf - | grep -q '门店：恒通临川店'"
check "HRPRESS_TEMPLATES: the handbook still comes from the built-in" sh -c \
	"HRPRESS_TEMPLATES='$work/my' '$bin' handbook '$db' -D year=2025 -o envhb.pdf"

# --- pictures that are not PNGs ----------------------------------------------
before=$(cksum < "$db")
convert base.png logo.jpg
check "a JPEG is refused by name" sh -c "exits() { \"\$@\" > x.out 2> x.err; test \$? -eq 1; }; \
	exits '$bin' store '$db' --logo logo.jpg && grep -q 'logo.jpg: error: not a usable PNG picture: logo: a JPEG file' x.err"
head -c 300 base.png > cut.png
check "a cut PNG is refused by name" exits 1 "$bin" store "$db" --logo base.png --seal cut.png
check "... naming cut.png" err_has "cut.png: error: not a usable PNG picture: seal: a damaged"
check "a missing file is refused" exits 1 "$bin" store "$db" --seal nosuch.png
check "... naming it" err_has nosuch.png
check "the database is unchanged" test "$(cksum < "$db")" = "$before"
check "an unknown store is refused" exits 1 "$bin" store "$db" --store XX --logo base.png
check "... listing the stores" err_has "ht.db has HT, HT2)"
check "--store HT works" "$bin" store "$db" --store HT --logo base.png

# --- signing certificates with a Chinese name --------------------------------
# `openssl req -subj` without -utf8 writes each UTF-8 byte as a character.
openssl req -x509 -newkey rsa:2048 -nodes -keyout k1.pem -out latin1.pem \
	-days 30 -subj "/CN=张三" > /dev/null 2>&1
check "the test certificate holds the misread name" sh -c \
	"openssl x509 -in latin1.pem -noout -subject | grep -q 'C3.A5'"
check "archive with a Latin-1 misread name" "$bin" archive "$db" \
	--month $month --kind payslip --key k1.pem --cert latin1.pem -j 1 -o ar1
f=$(find ar1 -name 'H001-payslip.pdf')
check "the record shows the name meant" sh -c "pdftotext '$f' - | grep -q '签署人：张三'"
check "verify names the signer" sh -c "'$bin' verify '$f' --db '$db' | grep -q 'signed by 张三'"
openssl req -x509 -newkey rsa:2048 -nodes -keyout k2.pem -out control.pem \
	-days 30 -utf8 -subj "/CN=$(printf '\302\205')x" > /dev/null 2>&1
check "a name that is not text is refused" exits 1 "$bin" archive "$db" \
	--month $month --kind payslip --key k2.pem --cert control.pem -o ar2
check "... naming the certificate and the fix" err_has "control.pem: the certificate's name (CN) is not readable text"
check "... with openssl req -utf8" err_has "openssl req -utf8"
check "... before any record is written" test ! -e ar2

finish identity
