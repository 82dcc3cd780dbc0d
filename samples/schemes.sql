-- Pay schemes of the sample dealership, as data (docs/payroll.md).
-- Loaded after samples/org.sql and before samples/staff.sql. Money in fen,
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
INSERT INTO pay_rule (version_id, seq, code, name, category, calc, measure,
  note)
SELECT v.id, r.* FROM scheme_version v, (VALUES
 (1, 'base', '底薪', 'earning', 'measure', 'base_fen', ''),
 (2, 'perf', '绩效工资', 'earning', 'measure', 'perf_fen',
  '无提成岗位：绩效工资按月全额发放')
) AS r
WHERE v.scheme_id = 'FIXED' AND v.valid_from = '2015-01';
