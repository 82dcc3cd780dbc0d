#!/bin/sh
# End-to-end tests of the handbook's pay policy (分配政策): render the sample
# dealership's handbook and check, with pdftotext, that each position's page
# lists the rules of its scheme with the figures of the version in force;
# then add a later version of the 2015 sales scheme with another loan-fee
# tier and check that only the handbook of a later year shows it.
# Prints "policy: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$db" "$1"; }
# has FILE TEXT: the page text, without spaces and line breaks (justified
# lines and wrapping split a rule anywhere), contains TEXT.
has() {
	tr -d ' \n' < "$1" | grep -F -q -- "$2" || { echo "$1 lacks: $2"; return 1; }
}
lacks() {
	if tr -d ' \n' < "$1" | grep -F -q -- "$2"; then
		echo "$1 has: $2"; return 1
	fi
}
# page PDF TITLE OUT: the text of the page whose table names the position
# (pdftotext ends each page with a form feed).
page() {
	pdftotext -layout "$1" "$3.all" &&
		awk -v RS='\f' -v t="岗位名称 *$2 " '$0 ~ t { print; found = 1; exit }
		    END { exit !found }' "$3.all" > "$3" && return 0
	echo "no page for $2 in $1"
	return 1
}

cd "$work"
db=$work/hr.db
check "init --sample" "$bin" init "$db" --sample
check "handbook 2025" "$bin" handbook "$db" -D year=2025 -o hb2025.pdf
check "handbook text" pdftotext -layout hb2025.pdf hb2025.txt

# 销售顾问: the 2015 scheme, every tier with its exact figures.
check "销售顾问 page" page hb2025.pdf 销售顾问 sc.txt
check "销售顾问: scheme and version" has sc.txt "分配政策执行《销售部2015绩效方案》（2015年1月起施行的版本）"
check "销售顾问: base pay" has sc.txt "1.底薪：按员工合同约定的月固定工资发放"
check "销售顾问: the completion tiers" has sc.txt "2.绩效工资：绩效工资基数×按任务完成率发放比例（<30%不发；≥30%发30%；≥40%发40%；≥50%发50%；≥60%发60%；≥70%发70%；≥80%发80%；>90%发80%；≥100%发100%）"
check "销售顾问: insurance, both readings of 70% in one item" has sc.txt "3.保险提成：投保率<70%时，五项全保台数×100元；投保率≥70%时，店内投保台数×100元"
check "销售顾问: loan fee tiers" has sc.txt "4.按揭手续费提成：按揭车辆每台按按揭手续费（<3,500元200元；≥3,500元300元）"
check "销售顾问: accessories" has sc.txt "5.精品提成：精品毛利×1/3（每台不低于0）"
check "销售顾问: awards" has sc.txt "6.超额奖：任务完成率≥120%时，发放300元7.销冠奖：销量名次为1时，发放300元"
check "销售顾问: bare-car bands" has sc.txt "≥1,000元200元，≥2,500元200元，≥3,000元300元，≥3,500元300元，≥5,000元400元，≥6,000元400元，≥8,000元500元）"
check "销售顾问: the whole post on one page" has sc.txt "11.抵押提成：按当月核定的抵押提成发放"

# 服务站长: the 3,000 yuan minimum and the parameters of its formulas.
check "服务站长 page" page hb2025.pdf 服务站长 head.txt
check "服务站长: base 1,500 × score" has head.txt "1.基本工资：1,500元×月度考核成绩/100"
check "服务站长: output coefficient 1%" has head.txt "2.产值提成：维修总产值×提成系数1%×月度考核成绩/100"
check "服务站长: the 3,000 minimum" has head.txt "4.最低工资保障补足：前述各项合计低于3,000元时，补足至3,000元"

# Other schemes: formula steps with their parameters, per-position shares.
check "销售主管 page" page hb2025.pdf 销售主管 sup.txt
check "销售主管: 2008 fixed part with 21.75 days" has sup.txt "(月计薪天数21.75−应出勤天数+实际出勤天数)×底薪×80%÷月计薪天数21.75，不低于0元"
check "销售主管: per-car bands by rank" has sup.txt "A类：第1–10台200元，第11–15台250元，第16台起300元；B类：第1–10台150元，第11–15台200元，第16台起250元）×管理绩效达标率"
check "备件经理 page" page hb2025.pdf 备件经理 pm.txt
check "备件经理: its own 50% share" has pm.txt "备件经理比例50%"
check "备件计划员 page" page hb2025.pdf 备件计划员 pp.txt
check "备件计划员: its own 30% share" has pp.txt "计划员比例30%"
check "every position has a pay policy" test "$(grep -c '^ *分配政策' hb2025.txt)" = "$(q "SELECT count(*) FROM position")"

# A later version with another loan-fee tier changes only later handbooks.
check "new SALES2015 version from 2026-07" sqlite3 "$db" "
INSERT INTO scheme_version (scheme_id, valid_from, note)
  VALUES ('SALES2015', '2026-07', 'loan fee 400');
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  tier_table, tier_measure, amount_fen, ratio_num, ratio_den, item_filter,
  item_key, cond_measure, cond_min, cond_max, cond2_measure, cond2_min,
  cond2_max, note)
SELECT n.id, seq, code, name, category, calc, measure, tier_table,
  tier_measure, amount_fen, ratio_num, ratio_den, item_filter, item_key,
  cond_measure, cond_min, cond_max, cond2_measure, cond2_min, cond2_max, r.note
FROM pay_rule r, scheme_version o, scheme_version n
WHERE o.scheme_id = 'SALES2015' AND o.valid_from = '2015-01'
  AND n.scheme_id = 'SALES2015' AND n.valid_from = '2026-07'
  AND r.version_id = o.id;
INSERT INTO tier (version_id, table_code, key, lo, lo_strict, value, note)
SELECT n.id, table_code, key, lo, lo_strict, value, t.note
FROM tier t, scheme_version o, scheme_version n
WHERE o.scheme_id = 'SALES2015' AND o.valid_from = '2015-01'
  AND n.scheme_id = 'SALES2015' AND n.valid_from = '2026-07'
  AND t.version_id = o.id;
UPDATE tier SET value = 40000 WHERE table_code = 'loan_fee' AND lo = 350000
  AND version_id = (SELECT id FROM scheme_version
                    WHERE scheme_id = 'SALES2015' AND valid_from = '2026-07');"
check "handbook 2025 again" "$bin" handbook "$db" -D year=2025 -o again.pdf
check "again text" pdftotext -layout again.pdf again.txt
check "2025 handbook unchanged by the 2026 version" cmp hb2025.txt again.txt
check "handbook 2026" "$bin" handbook "$db" -D year=2026 -o hb2026.pdf
check "销售顾问 page 2026" page hb2026.pdf 销售顾问 sc26.txt
check "2026: the new version" has sc26.txt "执行《销售部2015绩效方案》（2026年7月起施行的版本）"
check "2026: the new loan-fee tier" has sc26.txt "（<3,500元200元；≥3,500元400元）"
check "2026: not the old one" lacks sc26.txt "（<3,500元200元；≥3,500元300元）"
check "2026: the other rules as before" has sc26.txt "投保率<70%时，五项全保台数×100元；投保率≥70%时，店内投保台数×100元"
check "2026: 销售主管 still on 2008" sh -c "pdftotext -layout hb2026.pdf - | tr -d ' \n' | grep -F -q '（2008年1月起施行的版本）'"

# Before the scheme's first version, and a post without a scheme.
check "handbook 2014" "$bin" handbook "$db" -D year=2014 -o hb2014.pdf
check "销售顾问 page 2014" page hb2014.pdf 销售顾问 sc14.txt
check "2014: no version in force" has sc14.txt "分配政策执行《销售部2015绩效方案》，该方案在本年度尚无施行的版本。"
check "2014: no tiers" lacks sc14.txt "发放比例"
check "a post without a scheme" sqlite3 "$db" "UPDATE position SET scheme_id = NULL WHERE id = 'SAL-VEH'"
check "handbook without a scheme" "$bin" handbook "$db" -D year=2025 -o none.pdf
check "车辆管理员 page" page none.pdf 车辆管理员 veh.txt
check "车辆管理员: says so" has veh.txt "分配政策本岗位未设定分配方案。"
check "车辆管理员: no rules" lacks veh.txt "底薪："

finish policy
