-- The library of pay schemes: every scheme of the source documents as
-- versioned data (docs/schemes.md, docs/payroll.md). `hrpress init` loads
-- it into every new database, so a store only has to assign them
-- (`hrpress scheme assign`). Nothing here names a store, a position or a
-- car model: tables keyed by model hold one row with key '' that applies
-- to every model without rows of its own; a store adds its models' rows
-- (samples/schemes.sql does so for the sample dealership). Money in fen,
-- rates and shares in basis points (1% = 100 bp). The notes record the
-- readings adopted where the source text is silent or garbled.

INSERT INTO scheme (id, name, description) VALUES
 ('SALES2015', '销售部2015绩效方案',
  '底薪 + 按个人任务完成率发放的绩效工资 + 单车提成（保险、按揭手续费、精品）+ 超额奖与销冠奖'),
 ('FIXED', '固定工资',
  '无提成岗位：底薪与绩效工资按月全额发放');

INSERT INTO scheme_version (scheme_id, valid_from, note) VALUES
 ('SALES2015', '2015-01', '2015年销售目标配套方案'),
 ('FIXED', '2015-01', '');

-- ------------------------------------------------------------ SALES2015
-- Columns of each VALUES row: seq, code, name, category, calc, measure,
-- tier_table, tier_measure, amount_fen, ratio_num, ratio_den, item_filter,
-- cond_measure, cond_min, cond_max, note.
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  tier_table, tier_measure, amount_fen, ratio_num, ratio_den, item_filter,
  cond_measure, cond_min, cond_max, note)
SELECT v.id, r.* FROM scheme_version v, (VALUES
 (1, 'base', '底薪', 'earning', 'measure', 'base_fen',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ''),
 (2, 'perf', '绩效工资', 'earning', 'tier_share', 'perf_fen',
  'completion_share', 'completion_bp', NULL, NULL, NULL, NULL,
  NULL, NULL, NULL,
  '按个人任务完成率分档发放，每10%一档向下取档（解读#2）；超过100%按100%封顶（解读#3）'),
 (3, 'ins_full', '保险提成', 'earning', 'per_unit', 'full_cover_units',
  NULL, NULL, 10000, NULL, NULL, NULL,
  'penetration_bp', NULL, 7000,
  '投保率不足70%：只有含五项基本险的店内投保车辆计提；投保率=店内投保台数÷销量（解读#5、#28）'),
 (4, 'ins_all', '保险提成', 'earning', 'per_unit', 'insured_units',
  NULL, NULL, 10000, NULL, NULL, NULL,
  'penetration_bp', 7000, NULL,
  '投保率达到70%（含）：店内投保车辆不论险种是否齐全均计提（解读#5、#28、#29）'),
 (5, 'loan_fee', '按揭手续费提成', 'earning', 'per_item_tier', 'loan_fee_fen',
  'loan_fee', NULL, NULL, NULL, NULL, 'financed',
  NULL, NULL, NULL,
  '按揭车辆按单车实收手续费分档计提'),
 (6, 'acc', '精品提成', 'earning', 'item_ratio', 'acc_margin_fen',
  NULL, NULL, NULL, 1, 3, 'settled',
  NULL, NULL, NULL,
  '精品毛利（售价-成本）的三分之一；单车低于成本按0计，不倒扣（解读#6，存疑）'),
 (7, 'award_120', '超额奖', 'award', 'fixed', NULL,
  NULL, NULL, 30000, NULL, NULL, NULL,
  'completion_bp', 12000, NULL,
  '任务完成率达到120%（含）；与销冠奖可同时获得'),
 (8, 'award_top', '销冠奖', 'award', 'fixed', NULL,
  NULL, NULL, 30000, NULL, NULL, NULL,
  'sales_rank', 1, 2,
  '当月同方案销量第一名；并列第一各得一份；无销量不参评')
) AS r
WHERE v.scheme_id = 'SALES2015' AND v.valid_from = '2015-01';

-- Share of the performance pay by completion rate. The 80% band includes
-- 90% itself; above 90% the seed is silent.
INSERT INTO tier (version_id, table_code, lo, lo_strict, value, note)
SELECT v.id, t.* FROM scheme_version v, (VALUES
 ('completion_share', 0, 0, 0, '完成率不足30%：只发底薪'),
 ('completion_share', 3000, 0, 3000, ''),
 ('completion_share', 4000, 0, 4000, ''),
 ('completion_share', 5000, 0, 5000, '“之后10%递加”'),
 ('completion_share', 6000, 0, 6000, ''),
 ('completion_share', 7000, 0, 7000, ''),
 ('completion_share', 8000, 0, 8000, '80%–90%（含90%）发放80%'),
 ('completion_share', 9000, 1, 8000,
  'reading #1: 90–100% not stated, paid as 80–90%（解读#1：原文未规定90%–100%，按80%发放）'),
 ('completion_share', 10000, 0, 10000,
  '达到100%全额发放；超过100%封顶（解读#3）'),
 ('loan_fee', 0, 0, 20000, '手续费不足3,500元：每台200元'),
 ('loan_fee', 350000, 0, 30000, '手续费3,500元及以上：每台300元')
) AS t
WHERE v.scheme_id = 'SALES2015' AND v.valid_from = '2015-01';

-- ------------------------------------------------------------ FIXED
-- Paid by attendance (docs/payroll.md, Attendance): each day missed (事假,
-- absence, before joining or after leaving) costs 1/21.75 of the pay and
-- full attendance is the full pay; a joiner's or leaver's days worked are
-- capped at the weekdays employed.
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  cond_measure, cond_min, cond_max, note)
SELECT v.id, r.* FROM scheme_version v, (VALUES
 (1, 'base', '底薪', 'earning', 'formula', NULL, 'part_month', NULL, 1,
  '整月在职：(月计薪天数 − 应出勤 + 实际出勤) × 底薪 ÷ 月计薪天数，每缺勤一天扣1/21.75，不低于0'),
 (2, 'base_part', '底薪', 'earning', 'formula', NULL, 'part_month', 1, NULL,
  '本月入职或离职：入职前、离职后的工作日按缺勤计；实际出勤天数不超过在职工作日'),
 (3, 'perf', '绩效工资', 'earning', 'measure', 'perf_fen', 'part_month', NULL, 1,
  '无提成岗位：整月在职者绩效工资按月全额发放'),
 (4, 'perf_part', '绩效工资', 'earning', 'formula', NULL, 'part_month', 1, NULL,
  '本月入职或离职：绩效工资同样按出勤折算')
) AS r
WHERE v.scheme_id = 'FIXED' AND v.valid_from = '2015-01';
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, num, den)
SELECT v.id, t.* FROM scheme_version v, (VALUES
 ('base', 1, 'add', 'param', 'month_days', 1, 100),
 ('base', 2, 'sub', 'measure', 'work_days', 1, 1),
 ('base', 3, 'add', 'measure', 'attend_days', 1, 1),
 ('base', 4, 'mul', 'measure', 'base_fen', 1, 1),
 ('base', 5, 'div', 'param', 'month_days', 1, 100),
 ('base', 6, 'max', 'const', NULL, 0, 1),
 ('base_part', 1, 'add', 'measure', 'attend_days', 1, 1),
 ('base_part', 2, 'min', 'measure', 'employed_workdays', 1, 1),
 ('base_part', 3, 'add', 'param', 'month_days', 1, 100),
 ('base_part', 4, 'sub', 'measure', 'work_days', 1, 1),
 ('base_part', 5, 'mul', 'measure', 'base_fen', 1, 1),
 ('base_part', 6, 'div', 'param', 'month_days', 1, 100),
 ('base_part', 7, 'max', 'const', NULL, 0, 1),
 ('perf_part', 1, 'add', 'measure', 'attend_days', 1, 1),
 ('perf_part', 2, 'min', 'measure', 'employed_workdays', 1, 1),
 ('perf_part', 3, 'add', 'param', 'month_days', 1, 100),
 ('perf_part', 4, 'sub', 'measure', 'work_days', 1, 1),
 ('perf_part', 5, 'mul', 'measure', 'perf_fen', 1, 1),
 ('perf_part', 6, 'div', 'param', 'month_days', 1, 100),
 ('perf_part', 7, 'max', 'const', NULL, 0, 1)
) AS t WHERE v.scheme_id = 'FIXED' AND v.valid_from = '2015-01';
INSERT INTO pay_param (version_id, code, name, unit, value, note)
SELECT v.id, 'month_days', '月计薪天数', 'count', 2175,
  '法定月计薪天数21.75天（日工资 = 月工资 ÷ 21.75），以百分之一天存储'
FROM scheme_version v WHERE v.scheme_id = 'FIXED' AND v.valid_from = '2015-01';

-- ================================================================ later schemes
-- Every scheme of the source as data. Rules read measures; pay_term rows
-- are the steps of a rule's amount (value OP operand x num/den, in seq
-- order); pay_param rows hold the lost figures and adopted readings, each
-- with its note. docs/payroll.md explains every column.

INSERT INTO scheme (id, name, description) VALUES
 ('NET2015', '网销2015方案', '底薪 + 绩效工资 + 网络订单按车型提成（不计入展厅任务）'),
 ('SALES2008', '销售部2008结构工资方案',
  '结构工资80%按出勤固定发放，20%按销售目标完成率×管理绩效达标率发放；单车提成按第几台分A/B类累进×达标率'),
 ('SH2013', '上海2013薪酬方案（表一）', '岗位工资5级 + 工龄工资 + 绩效工资（整车表一、按揭、超限价、装潢等提成）× 月度考核得分/100'),
 ('SH2013A', '上海2013薪酬方案（表二）', '同上，整车提成按表二（销售助理）'),
 ('AS_HEAD', '服务站长分配政策', '(基本工资1500 + 维修总产值×提成系数) × 绩效得分/100 + 日常激励，最低保障3000'),
 ('AS_SVC', '服务经理分配政策', '(基本工资 + 维修总产值×提成系数) × 绩效得分/100 + 日常激励 + 业绩奖金'),
 ('AS_SUP', '售后主管业绩奖金', '底薪 + 净利润×1%×系数×部门净利润完成率×月度考核成绩/100×考核表得分%'),
 ('AS_SA', '服务顾问（常规）产值提成', '产值提成、接车提成、养护用品、续保、其他提成'),
 ('AS_SA_INS', '保险事故服务顾问产值提成', '按个人产值×2%×达成率 + 接车×2元，×月度考核/100×考核表得分%'),
 ('AS_INFO', '信息员提成', '服务顾问组奖金×比例×月度考核/100×考核表得分%'),
 ('PARTS', '备件部奖金池', '(备件销售额×p% + 养护用品销售额×1% − 办公费用) × 利润目标达成率 × 部门考核% × 岗位比例');

INSERT INTO scheme_version (scheme_id, valid_from, note) VALUES
 ('NET2015', '2015-01', ''), ('SALES2008', '2008-01', ''),
 ('SH2013', '2013-05', '2013年5月方案'), ('SH2013A', '2013-05', '2013年5月方案'),
 ('AS_HEAD', '2018-01', ''), ('AS_SVC', '2018-01', ''), ('AS_SUP', '2018-01', ''),
 ('AS_SA', '2018-01', ''), ('AS_SA_INS', '2018-01', ''), ('AS_INFO', '2018-01', ''),
 ('PARTS', '2018-01', '');

-- ------------------------------------------------------------ SALES2015 (rest)
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  tier_table, item_filter, item_key, note)
SELECT v.id, r.* FROM scheme_version v, (VALUES
 (9, 'bare', '裸车提成', 'earning', 'per_item_tier', 'margin_fen', 'bare_car',
  'settled', 'model', '原表乱码（解读#4）：按裸车毛利区间×车型查表，表值为本店设定'),
 (10, 'reg', '上户提成', 'earning', 'measure', 'reg_comm_fen', NULL, NULL, NULL,
  '金额原文未给出（解读#27）：按录入金额'),
 (11, 'notary', '公证提成', 'earning', 'measure', 'notary_comm_fen', NULL, NULL, NULL,
  '金额原文未给出（解读#27）：按录入金额'),
 (12, 'lien', '抵押提成', 'earning', 'measure', 'lien_comm_fen', NULL, NULL, NULL,
  '金额原文未给出（解读#27）：按录入金额')
) AS r WHERE v.scheme_id = 'SALES2015' AND v.valid_from = '2015-01';

-- Bare-car commission by margin band (yuan 1000+ ... 8000+), for every
-- model (key ''); the source table is garbled, its surviving fragments
-- run from 200 to 500 yuan a car (reading #4).
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, 'bare_car', '', b.* FROM scheme_version v, (VALUES
 (100000, 20000, '裸车毛利1,000元起；原表乱码（解读#4），各车型同一标准，门店可按车型另设'),
 (250000, 20000, '2,500元起'), (300000, 30000, '3,000元起'),
 (350000, 30000, '3,500元起'), (500000, 40000, '5,000元起'),
 (600000, 40000, '6,000元起'), (800000, 50000, '8,000元起')
) AS b WHERE v.scheme_id = 'SALES2015' AND v.valid_from = '2015-01';

-- ------------------------------------------------------------ NET2015
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  tier_table, item_filter, item_key, note)
SELECT v.id, r.* FROM scheme_version v, (VALUES
 (1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL, NULL, ''),
 (2, 'perf', '绩效工资', 'earning', 'measure', 'perf_fen', NULL, NULL, NULL, ''),
 (3, 'net', '网络订单提成', 'earning', 'per_item_tier', 'price_fen', 'net_model',
  'network', 'model', '已结算网络订单按车型计提；不计入展厅销售顾问任务')
) AS r WHERE v.scheme_id = 'NET2015';
-- Three redacted models pay 300 a car, GA3S 200: every model 300 here;
-- a store gives its entry model (GA3S) a row of its own.
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, 'net_model', '', 0, 30000,
  '原文三款车型每台300元；GA3S（入门车型）每台200元，按车型另设'
FROM scheme_version v WHERE v.scheme_id = 'NET2015';

-- ------------------------------------------------------------ SALES2008
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  tier_table, item_filter, item_key, note)
SELECT v.id, r.* FROM scheme_version v, (VALUES
 (1, 'fixed80', '固定工资（80%）', 'earning', 'formula', NULL, NULL, NULL, NULL,
  '结构工资的80%按出勤发放（解读#7：80%只乘一次）；缺勤按月计薪天数折算日工资（解读#10）'),
 (2, 'fixed80_part', '固定工资（80%）', 'earning', 'formula', NULL, NULL, NULL, NULL,
  '本月入职或离职：同一算法，入职前、离职后的工作日按缺勤计；实际出勤天数不超过在职工作日'),
 (3, 'perf20', '绩效工资（20%）', 'earning', 'formula', NULL, NULL, NULL, NULL,
  '20% × 月销售目标完成率 × 管理绩效达标率；基本台数为目标（解读#9）'),
 (4, 'car', '单车提成', 'earning', 'per_item_tier', 'ordinal', 'car2008',
  'settled', 'class', '按第几台累进（解读#8）；A/B类各按本类单价，台次合并计数（参数ordinal_per_key）')
) AS r WHERE v.scheme_id = 'SALES2008';
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, num, den)
SELECT v.id, t.* FROM scheme_version v, (VALUES
 ('fixed80', 1, 'add', 'param', 'month_days', 1, 100),
 ('fixed80', 2, 'sub', 'measure', 'work_days', 1, 1),
 ('fixed80', 3, 'add', 'measure', 'attend_days', 1, 1),
 ('fixed80', 4, 'mul', 'measure', 'base_fen', 1, 1),
 ('fixed80', 5, 'mul', 'const', NULL, 80, 100),
 ('fixed80', 6, 'div', 'param', 'month_days', 1, 100),
 ('fixed80', 7, 'max', 'const', NULL, 0, 1),
 ('perf20', 1, 'add', 'measure', 'base_fen', 1, 1),
 ('perf20', 2, 'mul', 'const', NULL, 20, 100),
 ('perf20', 3, 'mul', 'measure', 'completion_bp', 1, 10000),
 ('perf20', 4, 'mul', 'measure', 'kpi_attain_bp', 1, 10000),
 ('car', 1, 'mul', 'measure', 'kpi_attain_bp', 1, 10000),
 ('fixed80_part', 1, 'add', 'measure', 'attend_days', 1, 1),
 ('fixed80_part', 2, 'min', 'measure', 'employed_workdays', 1, 1),
 ('fixed80_part', 3, 'add', 'param', 'month_days', 1, 100),
 ('fixed80_part', 4, 'sub', 'measure', 'work_days', 1, 1),
 ('fixed80_part', 5, 'mul', 'measure', 'base_fen', 1, 1),
 ('fixed80_part', 6, 'mul', 'const', NULL, 80, 100),
 ('fixed80_part', 7, 'div', 'param', 'month_days', 1, 100),
 ('fixed80_part', 8, 'max', 'const', NULL, 0, 1)
) AS t WHERE v.scheme_id = 'SALES2008';
-- The 80% part by attendance: whole month (fixed80) or joiner/leaver.
UPDATE pay_rule SET cond_measure = 'part_month', cond_max = 1
WHERE code = 'fixed80' AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id = 'SALES2008');
UPDATE pay_rule SET cond_measure = 'part_month', cond_min = 1
WHERE code = 'fixed80_part' AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id = 'SALES2008');
INSERT INTO pay_param (version_id, code, name, unit, value, note)
SELECT v.id, p.* FROM scheme_version v, (VALUES
 ('month_days', '月计薪天数', 'count', 2175, '原文未给出每月天数（解读#10）：取21.75天，以百分之一天存储'),
 ('ordinal_per_key', 'A/B类分别计台次', 'flag', 0, '解读#8：0 = A、B类合并计第几台；1 = 各类分别计')
) AS p WHERE v.scheme_id = 'SALES2008';
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, 'car2008', t.* FROM scheme_version v, (VALUES
 ('A', 1, 20000, '第1–10台'), ('A', 11, 25000, '第11–15台'), ('A', 16, 30000, '第16台起'),
 ('B', 1, 15000, '第1–10台'), ('B', 11, 20000, '第11–15台'), ('B', 16, 25000, '第16台起')
) AS t WHERE v.scheme_id = 'SALES2008';

-- ------------------------------------------------------------ SH2013, SH2013A
-- The two versions share every rule; the whole-vehicle commission reads
-- table 1 (consultants) or table 2 (assistants) (reading #12).
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  tier_table, tier_measure, amount_fen, ratio_num, ratio_den, item_filter,
  item_key, cond_measure, cond_max, cond2_measure, cond2_min, note)
SELECT v.id, r.seq, r.code, r.name, 'earning', r.calc, r.measure,
  CASE WHEN r.code = 'car' AND v.scheme_id = 'SH2013A' THEN 'car_t2'
       ELSE r.tier_table END,
  r.tier_measure, r.amount_fen, r.num, r.den, r.filter, r.key, r.cm, r.cmax,
  r.c2, r.c2min, r.note
FROM scheme_version v, (SELECT column1 AS seq, column2 AS code, column3 AS name, column4 AS calc, column5 AS measure, column6 AS tier_table, column7 AS tier_measure, column8 AS amount_fen, column9 AS num, column10 AS den, column11 AS filter, column12 AS key, column13 AS cm, column14 AS cmax, column15 AS c2, column16 AS c2min, column17 AS note FROM (VALUES
 (1, 'post', '岗位工资', 'tier_value', NULL, 'post_wage', 'grade', NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, '5级岗位工资，与考勤挂钩'),
 (2, 'seniority', '工龄工资', 'per_unit', 'service_years', NULL, NULL, 5000, NULL,
  NULL, NULL, NULL, 'on_probation', 1, NULL, NULL,
  '满一年起每年50元（解读#13）；试用期只发岗位工资（解读#22）'),
 (3, 'car', '整车提成', 'per_item_tier', 'price_fen', 'car_t1', 'completion_bp',
  NULL, NULL, NULL, 'settled', 'model', 'on_probation', 1, NULL, NULL,
  '按个人销售指标达成率每台计提，只计结算完成的车辆；×月度考核得分/100'),
 (4, 'mortgage', '按揭提成', 'per_unit', 'financed_units', NULL, NULL, 30000,
  NULL, NULL, NULL, NULL, 'on_probation', 1, 'units_target', 1,
  '有指标的顾问按揭客户每台加300元，计入整车提成'),
 (5, 'over_limit', '超限价提成', 'item_ratio', 'over_limit_fen', NULL, NULL, NULL,
  1, 2, 'settled', NULL, 'on_probation', 1, NULL, NULL,
  '超出部门限价部分的50%（解读#26：是否计入整车提成、是否税后为参数）'),
 (6, 'deco', '装潢提成', 'measure', 'deco_comm_fen', NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, 'on_probation', 1, NULL, NULL, '金额原文缺失（解读#14）：按录入金额'),
 (7, 'ins', '保险提成', 'measure', 'ins_comm_fen', NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, 'on_probation', 1, NULL, NULL, '金额原文缺失（解读#14）'),
 (8, 'plate', '上牌提成', 'measure', 'plate_comm_fen', NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, 'on_probation', 1, NULL, NULL, '金额原文缺失（解读#14）'),
 (9, 'used', '二手车提成', 'measure', 'used_comm_fen', NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, 'on_probation', 1, NULL, NULL, '金额原文缺失（解读#14）')
)) AS r
WHERE v.scheme_id IN ('SH2013', 'SH2013A');
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, num, den,
  when_param, when_mask)
SELECT v.id, t.* FROM scheme_version v, (VALUES
 ('post', 1, 'mul', 'measure', 'attend_days', 1, 1, NULL, NULL),
 ('post', 2, 'div', 'measure', 'work_days', 1, 1, NULL, NULL),
 ('seniority', 1, 'mul', 'measure', 'attend_days', 1, 1, NULL, NULL),
 ('seniority', 2, 'div', 'measure', 'work_days', 1, 1, NULL, NULL),
 ('car', 1, 'mul', 'measure', 'appraisal_x100', 1, 10000, NULL, NULL),
 ('mortgage', 1, 'mul', 'measure', 'appraisal_x100', 1, 10000, NULL, NULL),
 ('over_limit', 1, 'mul', 'param', 'limit_keep_bp', 1, 10000, NULL, NULL),
 ('over_limit', 2, 'mul', 'measure', 'appraisal_x100', 1, 10000, 'limit_in_vehicle', 1),
 ('deco', 1, 'mul', 'measure', 'appraisal_x100', 1, 10000, NULL, NULL),
 ('ins', 1, 'mul', 'measure', 'appraisal_x100', 1, 10000, NULL, NULL),
 ('plate', 1, 'mul', 'measure', 'appraisal_x100', 1, 10000, NULL, NULL),
 ('used', 1, 'mul', 'measure', 'appraisal_x100', 1, 10000, NULL, NULL)
) AS t WHERE v.scheme_id IN ('SH2013', 'SH2013A');
INSERT INTO pay_param (version_id, code, name, unit, value, note)
SELECT v.id, p.* FROM scheme_version v, (VALUES
 ('limit_in_vehicle', '超限价提成计入整车提成', 'flag', 1,
  '解读#26：1 = 计入整车提成，同样×月度考核得分/100；0 = 单独发放'),
 ('limit_keep_bp', '超限价金额计提比例（税后）', 'bp', 10000,
  '解读#26：“需完税”；10000 = 按超限价全额计算，若按税后计算填(1−税率)'),
 ('no_target_completion_bp', '无指标时的达成率', 'bp', 0,
  '规则(C)区分有指标与无指标的顾问：月销量目标为0即无指标，整车提成按达成率0%（不足60%一档）计，不享受按揭每台加300元')
) AS p WHERE v.scheme_id IN ('SH2013', 'SH2013A');
-- The post wage of a joiner or leaver: the same attendance ratio, the days
-- worked capped at the weekdays employed (a copied full month is not paid
-- to someone who left). Seq 0 keeps it first, where post is.
INSERT INTO pay_rule (version_id, seq, code, name, category, calc,
  cond_measure, cond_min, note)
SELECT v.id, 0, 'post_part', '岗位工资', 'earning', 'formula', 'part_month', 1,
  '本月入职或离职：岗位工资 × 实际出勤天数（不超过在职工作日）÷ 应出勤天数'
FROM scheme_version v WHERE v.scheme_id IN ('SH2013', 'SH2013A');
UPDATE pay_rule SET cond_measure = 'part_month', cond_max = 1
WHERE code = 'post' AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('SH2013', 'SH2013A'));
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, tier_table,
  num, den)
SELECT v.id, 'post_part', t.* FROM scheme_version v, (VALUES
 (1, 'add', 'measure', 'attend_days', NULL, 1, 1),
 (2, 'min', 'measure', 'employed_workdays', NULL, 1, 1),
 (3, 'div', 'measure', 'work_days', NULL, 1, 1),
 (4, 'mul', 'tier', 'grade', 'post_wage', 1, 1)
) AS t WHERE v.scheme_id IN ('SH2013', 'SH2013A');
-- Seniority pay is tied to attendance like the post wage (与考勤挂钩): a
-- joiner or leaver is paid it for the days worked, capped at the weekdays
-- employed, as post_part is; seniority itself is then for a full month.
-- Seq 3 keeps it next to seniority: the later rules move up by one.
UPDATE pay_rule SET seq = -seq WHERE seq >= 3 AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('SH2013', 'SH2013A'));
UPDATE pay_rule SET seq = 1 - seq WHERE seq <= -3 AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('SH2013', 'SH2013A'));
UPDATE pay_rule SET cond2_measure = 'part_month', cond2_max = 1
WHERE code = 'seniority' AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('SH2013', 'SH2013A'));
INSERT INTO pay_rule (version_id, seq, code, name, category, calc,
  cond_measure, cond_max, cond2_measure, cond2_min, note)
SELECT v.id, 3, 'seniority_part', '工龄工资', 'earning', 'formula',
  'on_probation', 1, 'part_month', 1,
  '本月入职或离职：工龄 × 50元 × 实际出勤天数（不超过在职工作日）÷ 应出勤天数'
FROM scheme_version v WHERE v.scheme_id IN ('SH2013', 'SH2013A');
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, tier_table,
  num, den)
SELECT v.id, 'seniority_part', t.* FROM scheme_version v, (VALUES
 (1, 'add', 'measure', 'attend_days', NULL, 1, 1),
 (2, 'min', 'measure', 'employed_workdays', NULL, 1, 1),
 (3, 'div', 'measure', 'work_days', NULL, 1, 1),
 (4, 'mul', 'measure', 'service_years', NULL, 1, 1),
 (5, 'mul', 'param', 'seniority_fen', NULL, 1, 1)
) AS t WHERE v.scheme_id IN ('SH2013', 'SH2013A');
INSERT INTO pay_param (version_id, code, name, unit, value, note)
SELECT v.id, 'seniority_fen', '每满一年', 'fen', 5000,
  '入离职当月的工龄工资按此计；整月在职的工龄工资为规则 seniority 的每年金额，两者应相同'
FROM scheme_version v WHERE v.scheme_id IN ('SH2013', 'SH2013A');
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, 'post_wage', '', t.* FROM scheme_version v, (VALUES
 (1, 100000, '一级'), (2, 110000, '二级'), (3, 120000, '三级'),
 (4, 130000, '四级'), (5, 140000, '五级（五级以上按五级）')
) AS t WHERE v.scheme_id IN ('SH2013', 'SH2013A');
-- Tables 1 and 2 by achievement, the sedan (三厢, T61/T33) rows for
-- every model (key ''); a store gives its hatchbacks (两厢, T33) the rows
-- 175/200/230/270/310/350/400 (table 1) or 125/150/180/220/260/300/350
-- (table 2) under their model. The <60% column is lo 0; the >=60% header
-- is reading #11.
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, t.* FROM scheme_version v,
 (SELECT column1, '', column2, column3, column4 FROM (VALUES
  ('car_t1', 0, 15000, '<60%；三厢车型（T61/T33三厢），两厢车型按车型另设'),
  ('car_t1', 6000, 18000, '≥60%（解读#11）'),
  ('car_t1', 7000, 21000, '≥70%'), ('car_t1', 8000, 24000, '≥80%'),
  ('car_t1', 9000, 27000, '≥90%'), ('car_t1', 10000, 30000, '≥100%'),
  ('car_t1', 12000, 35000, '≥120%'),
  ('car_t2', 0, 9000, '<60%；三厢车型（T61/T33三厢），两厢车型按车型另设'),
  ('car_t2', 6000, 12000, '≥60%（解读#11）'),
  ('car_t2', 7000, 15000, '≥70%'), ('car_t2', 8000, 18000, '≥80%'),
  ('car_t2', 9000, 21000, '≥90%'), ('car_t2', 10000, 25000, '≥100%'),
  ('car_t2', 12000, 30000, '≥120%')
 )) AS t
WHERE (v.scheme_id = 'SH2013' AND t.column1 = 'car_t1')
   OR (v.scheme_id = 'SH2013A' AND t.column1 = 'car_t2');

-- ------------------------------------------------------------ after-sales
-- Rules shared by several after-sales versions are written once and
-- inserted where their scheme_id is listed.
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  amount_fen, cond_measure, cond_min, cond_max, note)
SELECT v.id, r.seq, r.code, r.name, r.cat, r.calc, r.measure, r.amount,
  r.cm, r.cmin, r.cmax, r.note
FROM scheme_version v, (SELECT column1 AS scheme, column2 AS seq, column3 AS code, column4 AS name, column5 AS cat, column6 AS calc, column7 AS measure, column8 AS amount, column9 AS cm, column10 AS cmin, column11 AS cmax, column12 AS note FROM (VALUES
 ('AS_HEAD', 1, 'base', '基本工资', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '基本工资1500 × 绩效得分/100'),
 ('AS_HEAD', 2, 'output_comm', '产值提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '维修总产值 × 提成系数（原文缺失，解读#16）× 绩效得分/100'),
 ('AS_HEAD', 3, 'incentive', '日常激励', 'earning', 'measure', 'incentive_fen', NULL, NULL, NULL, NULL,
  '市场维护激励制度'),
 ('AS_HEAD', 4, 'guarantee', '最低工资保障补足', 'earning', 'top_up', NULL, 300000, NULL, NULL, NULL,
  '最低保障3000元作用于工资总额（解读#15）；另一读法（先保底再加激励）把本规则排在日常激励之前'),
 ('AS_SVC', 1, 'base', '基本工资', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '服务经理基本工资原文未给出（解读#16）：取本人底薪 × 绩效得分/100'),
 ('AS_SVC', 2, 'output_comm', '产值提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '维修总产值 × 提成系数（参数）× 绩效得分/100'),
 ('AS_SVC', 3, 'incentive', '日常激励', 'earning', 'measure', 'incentive_fen', NULL, NULL, NULL, NULL, ''),
 ('AS_SVC', 4, 'profit_bonus', '业绩奖金', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '净利润×1%×系数（原文缺失，解读#17，默认1）×部门净利润完成率×月度考核成绩/100×考核表得分%'),
 ('AS_SUP', 1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL, NULL, NULL, ''),
 ('AS_SUP', 2, 'profit_bonus', '业绩奖金', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '技术总监、车间主管、前台主管同一公式（解读#17、#21）'),
 ('AS_SA', 1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL, NULL, NULL, ''),
 ('AS_SA', 2, 'sa_output', '产值提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '个人产值 × q%（原文空白，解读#18）× 个人产值达成率 × 月度考核/100 × 考核表得分%'),
 ('AS_SA', 3, 'sa_orders', '接车提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '接车台数 × 2元 × 接车达成率 × 月度考核/100 × 考核表得分%'),
 ('AS_SA', 4, 'sa_bottles', '养护用品提成', 'earning', 'formula', NULL, NULL,
  'output_ach_bp', 10000, NULL, '完成产值目标：按瓶数分档每瓶10/8/6/5元 × 目标完成率 × 考核表得分%（解读#20、#25）'),
 ('AS_SA', 5, 'sa_bottles_capped', '养护用品提成', 'earning', 'formula', NULL, NULL,
  'output_ach_bp', NULL, 10000, '未完成产值目标：每瓶单价不超过按产值所在区间的封顶价6/5/0元（解读#19、#24）'),
 ('AS_SA', 6, 'sa_renew', '续保提成', 'earning', 'per_unit', 'commercial_policies', 10000,
  'renewals', 2, NULL, '续保2台（含）以上，每张商业险100元 × 考核表得分%（解读#29）'),
 ('AS_SA', 7, 'sa_other', '其他提成', 'earning', 'measure', 'other_comm_fen', NULL, NULL, NULL, NULL,
  '× 考核表得分%'),
 ('AS_SA_INS', 1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL, NULL, NULL, ''),
 ('AS_SA_INS', 2, 'sa_output', '产值提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '个人产值 × 2% × 个人达成率（按小组总产值）× 月度考核/100 × 考核表得分%'),
 ('AS_SA_INS', 3, 'sa_orders', '接车提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '接车台数 × 2元 × 月度考核/100 × 考核表得分%'),
 ('AS_SA_INS', 4, 'sa_bottles', '养护用品提成', 'earning', 'formula', NULL, NULL,
  'output_ach_bp', 10000, NULL, '完成产值目标：分档单价 × 瓶数 × 考核表得分%'),
 ('AS_SA_INS', 5, 'sa_bottles_capped', '养护用品提成', 'earning', 'formula', NULL, NULL,
  'output_ach_bp', NULL, 10000, '未完成产值目标：单价封顶（解读#19、#24）'),
 ('AS_SA_INS', 6, 'sa_renew', '续保提成', 'earning', 'per_unit', 'commercial_policies', 10000,
  'renewals', 2, NULL, '续保2台（含）以上，每张商业险100元 × 考核表得分%'),
 ('AS_SA_INS', 7, 'sa_other', '其他提成', 'earning', 'measure', 'other_comm_fen', NULL, NULL, NULL, NULL, ''),
 ('AS_INFO', 1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL, NULL, NULL, ''),
 ('AS_INFO', 2, 'info_share', '信息员提成', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '服务顾问组奖金（产值、接车、养护用品、其他提成合计）× 比例（原文缺失，解读#17）× 月度考核/100 × 考核表得分%'),
 ('PARTS', 1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL, NULL, NULL, ''),
 ('PARTS', 2, 'pool_share', '备件奖金', 'earning', 'formula', NULL, NULL, NULL, NULL, NULL,
  '奖金池 × 岗位比例50/30/20 ÷ 同岗位人数 × 月度考核/100 × 本人考核表得分%')
)) AS r
WHERE v.scheme_id = r.scheme;

INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, tier_table,
  num, den, when_param, when_mask)
SELECT v.id, t.code, t.seq, t.op, t.src, t.ref, t.tbl, t.num, t.den, t.wp, t.wm
FROM scheme_version v, (SELECT column1 AS scheme, column2 AS code, column3 AS seq, column4 AS op, column5 AS src, column6 AS ref, column7 AS tbl, column8 AS num, column9 AS den, column10 AS wp, column11 AS wm FROM (VALUES
 ('AS_HEAD', 'base', 1, 'add', 'const', NULL, NULL, 150000, 1, NULL, NULL),
 ('AS_HEAD', 'base', 2, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_HEAD', 'output_comm', 1, 'add', 'measure', 'store_output_fen', NULL, 1, 1, NULL, NULL),
 ('AS_HEAD', 'output_comm', 2, 'mul', 'param', 'output_coef_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_HEAD', 'output_comm', 3, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SVC', 'base', 1, 'add', 'measure', 'base_fen', NULL, 1, 1, NULL, NULL),
 ('AS_SVC', 'base', 2, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SVC', 'output_comm', 1, 'add', 'measure', 'store_output_fen', NULL, 1, 1, NULL, NULL),
 ('AS_SVC', 'output_comm', 2, 'mul', 'param', 'output_coef_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_SVC', 'output_comm', 3, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_output', 1, 'add', 'measure', 'output_fen', NULL, 1, 1, NULL, NULL),
 ('AS_SA', 'sa_output', 2, 'mul', 'param', 'sa_output_q_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_output', 3, 'mul', 'measure', 'output_ach_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_output', 4, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_output', 5, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_orders', 1, 'add', 'const', NULL, NULL, 200, 1, NULL, NULL),
 ('AS_SA', 'sa_orders', 2, 'mul', 'measure', 'work_orders', NULL, 1, 1, NULL, NULL),
 ('AS_SA', 'sa_orders', 3, 'mul', 'measure', 'order_ach_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_orders', 4, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_orders', 5, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_bottles', 1, 'add', 'tier', 'bottles', 'bottle_rate', 1, 1, NULL, NULL),
 ('AS_SA', 'sa_bottles', 2, 'mul', 'measure', 'bottles', NULL, 1, 1, NULL, NULL),
 ('AS_SA', 'sa_bottles', 3, 'mul', 'measure', 'output_ach_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_bottles', 4, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 1),
 ('AS_SA', 'sa_bottles', 5, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 2),
 ('AS_SA', 'sa_bottles_capped', 1, 'add', 'tier', 'bottles', 'bottle_rate', 1, 1, NULL, NULL),
 ('AS_SA', 'sa_bottles_capped', 2, 'min', 'tier', 'output_fen', 'bottle_cap', 1, 1, NULL, NULL),
 ('AS_SA', 'sa_bottles_capped', 3, 'mul', 'measure', 'bottles', NULL, 1, 1, NULL, NULL),
 ('AS_SA', 'sa_bottles_capped', 4, 'mul', 'measure', 'output_ach_bp', NULL, 1, 10000, 'bottles_capped_ach', 1),
 ('AS_SA', 'sa_bottles_capped', 5, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 1),
 ('AS_SA', 'sa_bottles_capped', 6, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 2),
 ('AS_SA', 'sa_renew', 1, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA', 'sa_other', 1, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_output', 1, 'add', 'measure', 'output_fen', NULL, 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_output', 2, 'mul', 'const', NULL, NULL, 2, 100, NULL, NULL),
 ('AS_SA_INS', 'sa_output', 3, 'mul', 'measure', 'output_ach_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_output', 4, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_output', 5, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_orders', 1, 'add', 'const', NULL, NULL, 200, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_orders', 2, 'mul', 'measure', 'work_orders', NULL, 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_orders', 3, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_orders', 4, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_bottles', 1, 'add', 'tier', 'bottles', 'bottle_rate', 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_bottles', 2, 'mul', 'measure', 'bottles', NULL, 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_bottles', 3, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 1),
 ('AS_SA_INS', 'sa_bottles', 4, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 2),
 ('AS_SA_INS', 'sa_bottles_capped', 1, 'add', 'tier', 'bottles', 'bottle_rate', 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_bottles_capped', 2, 'min', 'tier', 'output_fen', 'bottle_cap', 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_bottles_capped', 3, 'mul', 'measure', 'bottles', NULL, 1, 1, NULL, NULL),
 ('AS_SA_INS', 'sa_bottles_capped', 4, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 1),
 ('AS_SA_INS', 'sa_bottles_capped', 5, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, 'scorecard_at', 2),
 ('AS_SA_INS', 'sa_renew', 1, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_SA_INS', 'sa_other', 1, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_INFO', 'info_share', 1, 'add', 'group', 'sa_output', NULL, 1, 1, NULL, NULL),
 ('AS_INFO', 'info_share', 2, 'add', 'group', 'sa_orders', NULL, 1, 1, NULL, NULL),
 ('AS_INFO', 'info_share', 3, 'add', 'group', 'sa_bottles', NULL, 1, 1, NULL, NULL),
 ('AS_INFO', 'info_share', 4, 'add', 'group', 'sa_bottles_capped', NULL, 1, 1, NULL, NULL),
 ('AS_INFO', 'info_share', 5, 'add', 'group', 'sa_other', NULL, 1, 1, NULL, NULL),
 ('AS_INFO', 'info_share', 6, 'mul', 'param', 'info_share_bp', NULL, 1, 10000, NULL, NULL),
 ('AS_INFO', 'info_share', 7, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('AS_INFO', 'info_share', 8, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL),
 ('PARTS', 'pool_share', 1, 'add', 'measure', 'parts_sales_fen', NULL, 1, 1, NULL, NULL),
 ('PARTS', 'pool_share', 2, 'mul', 'param', 'parts_p_bp', NULL, 1, 10000, NULL, NULL),
 ('PARTS', 'pool_share', 3, 'add', 'measure', 'maint_sales_fen', NULL, 1, 100, NULL, NULL),
 ('PARTS', 'pool_share', 4, 'sub', 'measure', 'parts_office_fen', NULL, 1, 1, NULL, NULL),
 ('PARTS', 'pool_share', 5, 'max', 'const', NULL, NULL, 0, 1, NULL, NULL),
 ('PARTS', 'pool_share', 6, 'mul', 'measure', 'parts_profit_ach_bp', NULL, 1, 10000, NULL, NULL),
 ('PARTS', 'pool_share', 7, 'mul', 'measure', 'parts_score_x100', NULL, 1, 10000, NULL, NULL),
 ('PARTS', 'pool_share', 8, 'mul', 'param', 'parts_share_bp', NULL, 1, 10000, NULL, NULL),
 ('PARTS', 'pool_share', 9, 'div', 'measure', 'position_headcount', NULL, 1, 1, NULL, NULL),
 ('PARTS', 'pool_share', 10, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000, NULL, NULL),
 ('PARTS', 'pool_share', 11, 'mul', 'measure', 'scorecard_x100', NULL, 1, 10000, NULL, NULL)
)) AS t
WHERE v.scheme_id = t.scheme;

-- Named intermediate values: the parts pool after its multipliers and the
-- service advisors' group bonus the information clerk's share is taken of.
UPDATE pay_term SET subtotal = '奖金池'
WHERE rule_code = 'pool_share' AND seq = 7 AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id = 'PARTS');
UPDATE pay_term SET subtotal = '服务顾问组奖金'
WHERE rule_code = 'info_share' AND seq = 5 AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id = 'AS_INFO');

-- The supervisors' profit bonus, the same steps in AS_SVC and AS_SUP.
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, num, den)
SELECT v.id, 'profit_bonus', t.* FROM scheme_version v, (VALUES
 (1, 'add', 'measure', 'net_profit_fen', 1, 1),
 (2, 'mul', 'const', NULL, 1, 100),
 (3, 'mul', 'param', 'profit_factor_bp', 1, 10000),
 (4, 'mul', 'measure', 'profit_ach_bp', 1, 10000),
 (5, 'mul', 'measure', 'appraisal_x100', 1, 10000),
 (6, 'mul', 'measure', 'scorecard_x100', 1, 10000)
) AS t WHERE v.scheme_id IN ('AS_SVC', 'AS_SUP');

INSERT INTO pay_param (version_id, code, position_id, name, unit, value, note)
SELECT v.id, p.code, p.pos, p.name, p.unit, p.value, p.note
FROM scheme_version v, (SELECT column1 AS scheme, column2 AS code, column3 AS pos, column4 AS name, column5 AS unit, column6 AS value, column7 AS note FROM (VALUES
 ('AS_HEAD', 'output_coef_bp', '', '提成系数', 'bp', 100,
  '原文未给出（解读#16）：本店取1%'),
 ('AS_SVC', 'output_coef_bp', '', '提成系数', 'bp', 50,
  '原文未给出（解读#16）：本店取0.5%'),
 ('AS_SVC', 'profit_factor_bp', '', '业绩奖金系数', 'bp', 10000,
  '原文“1%××”缺一个系数（解读#17）：默认1'),
 ('AS_SUP', 'profit_factor_bp', '', '业绩奖金系数', 'bp', 10000,
  '原文“1%××”缺一个系数（解读#17）：默认1'),
 ('AS_SA', 'sa_output_q_bp', '', '产值提成比例q', 'bp', 200,
  '原文空白（解读#18）：本店取2%，与保险事故顾问相同'),
 ('AS_SA', 'bottles_capped_ach', '', '封顶单价再乘产值达成率', 'flag', 1,
  '未完成产值目标时同一差额被计两次：单价按产值封顶，又乘产值达成率。1 = 两者都用（默认，按原文“×目标完成率”照字面）；0 = 只封顶单价'),
 ('AS_SA', 'sa_target_share', '', '分摊本月产值目标', 'flag', 1,
  'DOMAIN §3.6：本月售后总产值目标（全年第一目标 ÷ 12，或门店导入的本月目标）按比例分给各常规服务顾问，得个人产值目标a；默认等分，产值目标权重可调；导入的个人产值目标或产值达成率优先'),
 ('AS_SA', 'scorecard_at', '', '考核表得分%作用位置', 'flag', 1,
  '解读#25：1 = 只在养护用品行乘一次（默认）；2 = 只在奖金层面；3 = 两处都乘'),
 ('AS_SA_INS', 'scorecard_at', '', '考核表得分%作用位置', 'flag', 1,
  '解读#25：1 = 乘一次（默认）；3 = 两处都乘'),
 ('AS_INFO', 'info_share_bp', '', '信息员提成比例', 'bp', 0,
  '原文缺失（解读#17）：默认无（0），由门店填写'),
 ('PARTS', 'parts_p_bp', '', '备件销售额提成比例p', 'bp', 300,
  '原文空白（解读#18）：本店取3%'),
 ('PARTS', 'parts_share_bp', '', '岗位比例', 'bp', 0,
  '未列出的岗位不参与')
)) AS p
WHERE v.scheme_id = p.scheme;

-- Bottles: the rate by the month's count (applies to every bottle), and
-- the caps by the output m reached when the target a is missed. t1 and t2
-- were lost (reading #19, #24): the store sets 8万 and 6万.
INSERT INTO tier (version_id, table_code, lo, lo_strict, value, note)
SELECT v.id, t.* FROM scheme_version v, (VALUES
 ('bottle_rate', 0, 0, 500, 'Y ≤ 50'), ('bottle_rate', 50, 1, 600, '50 < Y ≤ 100'),
 ('bottle_rate', 100, 1, 800, '100 < Y ≤ 200（标题中的8元）'),
 ('bottle_rate', 200, 1, 1000, 'Y > 200'),
 ('bottle_cap', 0, 0, 0, 'm < t2：0'),
 ('bottle_cap', 6000000, 0, 500, 't2 ≤ m ≤ t1：封顶5元；t2 = 6万（参数）'),
 ('bottle_cap', 8000000, 1, 600, 't1 < m < a：封顶6元；t1 = 8万（参数）')
) AS t WHERE v.scheme_id IN ('AS_SA', 'AS_SA_INS');

-- After-sales and parts: a joiner or leaver is paid the 底薪 of the days
-- employed, as in FIXED (docs/payroll.md#attendance-joiners-and-leavers);
-- a whole month keeps the full 底薪 (these schemes do not deduct absence).
-- The base rule applies to a whole month only, base_part follows it.
UPDATE pay_rule SET cond_measure = 'part_month', cond_max = 1,
  note = '整月在职：按月全额发放'
WHERE code = 'base' AND calc = 'measure' AND version_id IN (SELECT id
  FROM scheme_version WHERE scheme_id IN ('AS_SUP', 'AS_SA', 'AS_SA_INS',
  'AS_INFO', 'PARTS'));
UPDATE pay_rule SET seq = -seq - 1 WHERE seq >= 2 AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('AS_SUP', 'AS_SA',
  'AS_SA_INS', 'AS_INFO', 'PARTS'));
UPDATE pay_rule SET seq = -seq WHERE seq < 0;
INSERT INTO pay_rule (version_id, seq, code, name, category, calc,
  cond_measure, cond_min, note)
SELECT version_id, 2, 'base_part', '底薪', 'earning', 'formula', 'part_month',
  1, '本月入职或离职：入职前、离职后的工作日按缺勤计；实际出勤天数不超过在职工作日'
FROM pay_rule WHERE code = 'base' AND version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('AS_SUP', 'AS_SA',
  'AS_SA_INS', 'AS_INFO', 'PARTS'));
INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref, num, den)
SELECT r.version_id, 'base_part', t.* FROM pay_rule r, (VALUES
 (1, 'add', 'measure', 'attend_days', 1, 1),
 (2, 'min', 'measure', 'employed_workdays', 1, 1),
 (3, 'add', 'param', 'month_days', 1, 100),
 (4, 'sub', 'measure', 'work_days', 1, 1),
 (5, 'mul', 'measure', 'base_fen', 1, 1),
 (6, 'div', 'param', 'month_days', 1, 100),
 (7, 'max', 'const', NULL, 0, 1)
) AS t WHERE r.code = 'base_part' AND r.version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('AS_SUP', 'AS_SA',
  'AS_SA_INS', 'AS_INFO', 'PARTS'));
INSERT INTO pay_param (version_id, code, name, unit, value, note)
SELECT r.version_id, 'month_days', '月计薪天数', 'count', 2175,
  '法定月计薪天数21.75天（日工资 = 月工资 ÷ 21.75），以百分之一天存储'
FROM pay_rule r WHERE r.code = 'base_part' AND r.version_id IN
  (SELECT id FROM scheme_version WHERE scheme_id IN ('AS_SUP', 'AS_SA',
  'AS_SA_INS', 'AS_INFO', 'PARTS')) AND NOT EXISTS (SELECT 1
  FROM pay_param p WHERE p.version_id = r.version_id
  AND p.code = 'month_days');
