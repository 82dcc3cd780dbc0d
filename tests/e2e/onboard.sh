#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end test of setting up a second store from nothing, the way a
# clerk would: a plain hrpress init, then only hrpress commands and CSV
# files (samples/csv/qh-*, made as Excel saves them: BOM, GBK, CRLF,
# Chinese headers). 海州青禾汽车 gets 3 departments, 8 positions with job
# descriptions (one with two superiors), KPI rows, car models, its city's
# rates, 12 employees (刘天堃 and 𠮷祥云 among them), pay schemes from the
# library, a seal of its own; a tier is changed from the second month
# through hrpress scheme; two months are paid, every document rendered and
# archived. Checks: every employee paid in both months, the first month's
# stored run unchanged by the scheme change, the exact names in the PDFs'
# text, and no text or picture of the sample company anywhere. The
# database is only read with sqlite3, never written. Prints
# "onboard: N passed, N failed"; KEEP=1 keeps the work directory.
set -u
. "$(dirname "$0")/lib.sh"
csv=$top/samples/csv

has() { grep -F -q -- "$2" "$1" || { echo "$1 lacks: $2"; return 1; }; }
lacks() { ! grep -F -n -- "$2" "$1" || { echo "$1 has: $2"; return 1; }; }
is() { [ "$1" = "$2" ] || { echo "got '$1', wanted '$2'"; return 1; }; }
q() { sqlite3 -readonly "$db" "$1"; }

cd "$work"
db=$work/qh.db
check "init without --sample" exits 0 "$bin" init "$db"
check "init holds the library of schemes" sh -c "'$bin' scheme list '$db' | grep -q '^SALES2015 '"
check "an empty store: no store row" is "$(q 'SELECT count(*) FROM store')" 0

# --- the store, from its files ---------------------------------------------
for f in stores departments positions.gbk job_items kpi_items models si_rate \
    staff si_base-2026; do
	kind=${f%.gbk}
	kind=${kind%-2026}
	check "import $kind" exits 0 "$bin" import "$db" $kind "$csv/qh-$f.csv"
done
check "positions file read as GBK" sh -c "'$bin' import '$db' positions '$csv/qh-positions.gbk.csv' | grep -q '(GBK): 0 inserted, 8 updated'"
check "the store" is "$(q "SELECT name || '|' || short_name || '|' || city || '|' || issuer_dept FROM store")" \
    "海州青禾汽车销售服务有限公司|青禾海州店|海州市|综合管理部"
check "3 departments" is "$(q 'SELECT count(*) FROM department')" 3
check "8 positions" is "$(q 'SELECT count(*) FROM position')" 8
check "客服专员 has two superiors, in order" \
    is "$(q "SELECT group_concat(superior_id) FROM (SELECT superior_id FROM position_superior WHERE position_id = 'KF' ORDER BY sort)")" "SHJL,XZ"
check "every position has duties" is "$(q "SELECT count(DISTINCT position_id) FROM position_item WHERE section = 'duty'")" 8
check "authority joined from the job file" is "$(q "SELECT authority FROM position WHERE id = 'ZJL'")" "对门店人事安排和费用支出有决定权"
check "KPI weights: 100 per position" is "$(q 'SELECT count(*) FROM (SELECT position_id FROM kpi GROUP BY position_id HAVING sum(weight) = 100)')" 8
check "12 employees" is "$(q 'SELECT count(*) FROM employee')" 12
check "𠮷祥云 stored exactly" is "$(q "SELECT name FROM employee WHERE id = 'Q004'")" "𠮷祥云"
check "si rates: 8% pension" is "$(q "SELECT rate_bp FROM si_rate WHERE city = '海州市' AND item = 'pension'")" 800

# --- the usual mistakes: refused with a position, the database unchanged ----
before=$(cksum < "$db")
printf '\357\273\277岗位编号,部门,岗位名称,上级\r\nJS,技术部,技师,SHJL\r\n' > p-dept.csv
check "unknown department refused" exits 1 "$bin" import "$db" positions p-dept.csv
check "unknown department: where and what" err_has "p-dept.csv:2:2: error: invalid field: 部门: unknown department 技术部"
printf '岗位编号,上级\r\nZJL,KF\r\n' > p-cycle.csv
check "cycle of superiors refused" exits 1 "$bin" import "$db" positions p-cycle.csv
check "cycle: message" err_has "p-cycle.csv:2:2: error: invalid field: 上级: superiors in a cycle"
printf '岗位,指标代码,指标名称,权重,类型\r\nKF,EXTRA,加分项,10,评分\r\n' > k-weight.csv
check "weights over 100 refused" exits 1 "$bin" import "$db" kpi_items k-weight.csv
check "weights: message" err_has "the weights of position KF add up to 110 points"
printf '岗位,栏目,内容\r\nWX,岗位职责,洗车。\r\n' > j-pos.csv
check "job item of an unknown position refused" exits 1 "$bin" import "$db" job_items j-pos.csv
check "unknown position: message" err_has "j-pos.csv:2:1: error: invalid field: 岗位: unknown position WX"
printf '岗位编号,薪酬方案\r\nXSGW,SALES2051\r\n' > p-scheme.csv
check "unknown scheme refused" exits 1 "$bin" import "$db" positions p-scheme.csv
check "unknown scheme: message" err_has "p-scheme.csv:2:2: error: invalid field: 薪酬方案: unknown pay scheme SALES2051"
check "nothing of the refused files stored" is "$(cksum < "$db")" "$before"

# --- pay schemes from the library, a seal of its own ------------------------
printf '\357\273\277岗位编号,薪酬方案\r\nZJL,FIXED\r\nXZ,FIXED\r\nXSJL,FIXED\r\nXSGW,SALES2015\r\nXSZL,FIXED\r\nSHJL,FIXED\r\nFWGW,FIXED\r\nKF,FIXED\r\n' > schemes.csv
check "assign schemes with the positions file" exits 0 "$bin" import "$db" positions schemes.csv
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
[ -r "$font" ] || font=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
convert -size 236x236 xc:none -fill none -stroke '#B22222' -strokewidth 7 \
	-draw 'circle 118,118 118,10' -stroke none -fill '#B22222' \
	-font "$font" -pointsize 28 -gravity center -annotate +0+0 青禾专用章 seal.png
check "store --seal" exits 0 "$bin" store "$db" --seal seal.png

# --- two months of facts and sales ------------------------------------------
for m in 01 02; do
	{
		printf '\357\273\277工号,姓名,应出勤天数,实际出勤天数,月销量目标,上户提成（元）,公证提成（元）,抵押提成（元）\r\n'
		for e in Q001:周明远 Q002:刘天堃 Q003:孙若溪 Q007:欧阳蔓 Q008:韩立诚 \
		    Q009:邵楠 Q010:贝家豪 Q011:詹雨桐; do
			printf '%s,%s,20,20,,,,\r\n' "${e%%:*}" "${e#*:}"
		done
		for e in Q004:𠮷祥云 Q005:何嘉禾 Q006:钟启航 Q012:龚子轩; do
			printf '%s,%s,20,19,8,100,50,0\r\n' "${e%%:*}" "${e#*:}"
		done
	} > facts-2026-$m.csv
	{
		printf '\357\273\277工号,姓名,销售日期,车型,成交价,按揭,按揭手续费\r\n'
		printf 'Q004,𠮷祥云,2026-%s-12,青禾C5,"128,800.00",是,"3,500.00"\r\n' $m
		printf 'Q005,何嘉禾,2026-%s-15,青禾C3,"96,500.00",否,\r\n' $m
	} > sales-2026-$m.csv
	check "import facts 2026-$m" exits 0 "$bin" import "$db" facts facts-2026-$m.csv --month 2026-$m
	check "import sales 2026-$m" exits 0 "$bin" import "$db" sales sales-2026-$m.csv --month 2026-$m
	# The month's scorecard results: every KPI row of every employee
	# (the rows are read from the database, the file goes in by import).
	{
		printf '\357\273\277工号,考核指标,目标,实际,得分\r\n'
		q "SELECT e.id, k.code, k.kind, k.weight FROM employee e JOIN kpi k ON k.position_id = e.position_id ORDER BY e.id, k.seq" |
		while IFS='|' read -r e k kind w; do
			if [ "$kind" = ratio ]; then
				printf '%s,%s,10,9,\r\n' "$e" "$k"
			else
				printf '%s,%s,,,%s\r\n' "$e" "$k" "$w"
			fi
		done
	} > kpi-2026-$m.csv
	check "import kpi 2026-$m" exits 0 "$bin" import "$db" kpi kpi-2026-$m.csv --month 2026-$m
done
printf '工号,销售日期,车型,成交价\r\nQ004,2026-01-20,澜湾M7,100000\r\n' > s-bad.csv
check "a car model not of this store is refused" exits 1 "$bin" import "$db" sales s-bad.csv --month 2026-01

# --- month 1, then a tier changed from month 2 ------------------------------
check "payroll 2026-01" exits 0 "$bin" payroll "$db" --month 2026-01
check "2026-01: all 12 paid" is "$(q "SELECT count(*) FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '2026-01'")" 12
run1=$(q "SELECT employee_id, seq, rule_code, amount_fen, basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2026-01' ORDER BY 1, 2")
check "2026-01: loan fee of 3,500 pays 300" is "$(q "SELECT amount_fen FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2026-01' AND l.employee_id = 'Q004' AND l.rule_code = 'loan_fee'")" 30000
check "scheme export" exits 0 "$bin" scheme export "$db" SALES2015 -o sales2015.csv
sed 's/^tier\.loan_fee\.2\.value,\([^,]*\),300,/tier.loan_fee.2.value,\1,400,/' sales2015.csv > sales2015-400.csv
check "one cell edited" sh -c "! cmp -s sales2015.csv sales2015-400.csv"
check "scheme import from 2026-02" exits 0 "$bin" scheme import "$db" SALES2015 sales2015-400.csv --from 2026-02
check "2026-01's stored run unchanged by the import" is "$(q "SELECT employee_id, seq, rule_code, amount_fen, basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2026-01' ORDER BY 1, 2")" "$run1"
# Any scheme change marks the stored runs for computing again; computing
# 2026-01 again gives exactly the same lines: it keeps the old version.
check "payroll 2026-01 again" exits 0 "$bin" payroll "$db" --month 2026-01
check "2026-01 computed again: the same lines" is "$(q "SELECT employee_id, seq, rule_code, amount_fen, basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2026-01' ORDER BY 1, 2")" "$run1"
check "payroll 2026-02" exits 0 "$bin" payroll "$db" --month 2026-02
check "2026-02: all 12 paid" is "$(q "SELECT count(*) FROM pay_slip s JOIN pay_run r ON r.id = s.run_id WHERE r.month = '2026-02'")" 12
check "2026-02: the new tier pays 400" is "$(q "SELECT amount_fen FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2026-02' AND l.employee_id = 'Q004' AND l.rule_code = 'loan_fee'")" 40000
check "2026-01's stored run unchanged" is "$(q "SELECT employee_id, seq, rule_code, amount_fen, basis FROM pay_line l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2026-01' ORDER BY 1, 2")" "$run1"
check "nobody without a net pay" is "$(q 'SELECT count(*) FROM pay_slip WHERE net_fen <= 0')" 0

# --- documents ----------------------------------------------------------------
check "handbook" exits 0 "$bin" handbook "$db" -o hb.pdf
for m in 01 02; do
	check "scorecards 2026-$m" exits 0 "$bin" scorecards "$db" --month 2026-$m -o sc-$m.pdf
	check "payslips 2026-$m" exits 0 "$bin" payslips "$db" --month 2026-$m -o ps-$m.pdf
done
check "archive 2026-01" exits 0 "$bin" archive "$db" --month 2026-01 -j 1 -o arc
check "archive: a payslip and a scorecard per employee" is "$(find arc -name '*.pdf' | wc -l | tr -d ' ')" 24
for f in hb.pdf sc-01.pdf sc-02.pdf ps-01.pdf ps-02.pdf; do
	check "$f: qpdf --check" qpdf --check $f
	pdftotext $f ${f%.pdf}.txt
done
find arc -name '*.pdf' | sort | while read -r f; do pdftotext "$f" -; done > arc.txt
for f in hb ps-01 ps-02 sc-01 sc-02; do
	check "$f: the store's name" has $f.txt "海州青禾汽车销售服务有限公司"
done
for f in ps-01 ps-02 sc-01 sc-02 arc; do
	check "$f: 刘天堃" has $f.txt "刘天堃"
	check "$f: 𠮷祥云" has $f.txt "𠮷祥云"
done
check "handbook: every position" sh -c "for t in 总经理 行政主管 销售经理 销售顾问 销售助理 售后经理 服务顾问 客服专员; do grep -q \"\$t\" hb.txt || exit 1; done"
check "handbook: a duty" has hb.txt "接待到店客户，介绍车型并安排试乘试驾。"
check "handbook: the store's cover title" has hb.txt "青禾海州店岗位说明书"
check "handbook: issued by the store's own department" has hb.txt "综合管理部 编制"
check "payslips: the store's remarks" has ps-01.txt "如对金额有疑问"
check "payslips: the issuing department" has ps-01.txt "综合管理部"
# Nothing of the sample company: its store names, brand, city, department.
names=$(sed -n "s/^ *('S01', '\([^']*\)', '\([^']*\)', '\([^']*\)',.*/\1 \2 \3/p" "$top/samples/org.sql")
check "the sample's store names found in samples/org.sql" test -n "$names"
for f in hb ps-01 ps-02 sc-01 sc-02 arc; do
	for n in $names 江州 人事行政部 人事专用章; do
		check "$f: nothing of the sample ($n)" lacks $f.txt "$n"
	done
done
# Pictures: the payslip carries this store's seal (236x236, one colour, so
# drawn as a stencil at twice its resolution) and nothing else.
check "payslip: only its own seal" is "$(pdfimages -f 1 -l 1 -list ps-01.pdf | awk 'NR > 2 && ($3 == "image" || $3 == "stencil") { print $3 " " $4 "x" $5 }' | sort -u)" "stencil 472x472"
# the sample's pictures, at their size and at twice it (as stencils)
sample_imgs=$(cd "$top/samples/images" && for i in *.png; do identify -format '%wx%h\n' "$i"; identify -format '%[fx:2*w]x%[fx:2*h]\n' "$i"; done | sort -u)
for f in hb.pdf sc-01.pdf ps-01.pdf; do
	check "$f: no picture of the sample's size" sh -c "! pdfimages -list $f | awk 'NR > 2 && (\$3 == \"image\" || \$3 == \"stencil\") { print \$4 \"x\" \$5 }' | grep -qxF '$sample_imgs'"
done

finish onboard
