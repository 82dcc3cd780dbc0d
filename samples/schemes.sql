-- The sample dealership's own settings of the library's pay schemes
-- (src/schemes.sql, loaded by every `hrpress init`): its car models, the
-- per-model tables that replace the library's rows for every model, the
-- parts pool's shares of its positions and its city's social-insurance
-- rates. Loaded after samples/org.sql and before samples/staff.sql, which
-- assigns the schemes to the positions. Money in fen, rates in bp.

-- Car models of the store and their class in the 2008 scheme.
INSERT INTO vehicle_model (model, class) VALUES
 ('L3三厢', 'B'), ('L3两厢', 'B'), ('S5', 'A'), ('M7', 'A');

-- The store's per-model tables replace the library's rows for every model.
DELETE FROM tier WHERE key = ''
  AND table_code IN ('bare_car', 'net_model', 'car_t1', 'car_t2')
  AND version_id IN (SELECT id FROM scheme_version
                     WHERE scheme_id IN ('SALES2015', 'NET2015', 'SH2013',
                                         'SH2013A'));

-- Bare-car commission by margin band (yuan 1000+ ... 8000+) and model.
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, 'bare_car', m.model, b.lo, b.v + m.extra, '解读#4：本店设定'
FROM scheme_version v,
 (SELECT column1 AS lo, column2 AS v FROM (VALUES (100000, 20000), (250000, 20000), (300000, 30000), (350000, 30000),
         (500000, 40000), (600000, 40000), (800000, 50000))) AS b,
 (SELECT column1 AS model, column2 AS extra FROM (VALUES ('L3两厢', 0), ('L3三厢', 0), ('S5', 0), ('M7', 0))) AS m
WHERE v.scheme_id = 'SALES2015' AND v.valid_from = '2015-01';

INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, 'net_model', t.* FROM scheme_version v, (VALUES
 ('L3两厢', 0, 20000, '入门车型（原文GA3S）每台200元'),
 ('L3三厢', 0, 30000, '原文三款车型每台300元'),
 ('S5', 0, 30000, ''), ('M7', 0, 30000, '')
) AS t WHERE v.scheme_id = 'NET2015';

-- Tables 1 and 2 by achievement: sedans (三厢: L3三厢, S5, M7) and the
-- hatchback (两厢: L3两厢). The <60% column is lo 0; the ≥60% header is
-- reading #11.
INSERT INTO tier (version_id, table_code, key, lo, value, note)
SELECT v.id, t.tbl, m.model, t.lo, CASE WHEN m.hatch THEN t.hatch ELSE t.sedan END, t.note
FROM scheme_version v,
 (SELECT column1 AS model, column2 AS hatch FROM (VALUES ('L3三厢', 0), ('S5', 0), ('M7', 0), ('L3两厢', 1))) AS m,
 (SELECT column1 AS tbl, column2 AS lo, column3 AS sedan, column4 AS hatch, column5 AS note FROM (VALUES
  ('car_t1', 0, 15000, 17500, '<60%'), ('car_t1', 6000, 18000, 20000, '≥60%（解读#11）'),
  ('car_t1', 7000, 21000, 23000, '≥70%'), ('car_t1', 8000, 24000, 27000, '≥80%'),
  ('car_t1', 9000, 27000, 31000, '≥90%'), ('car_t1', 10000, 30000, 35000, '≥100%'),
  ('car_t1', 12000, 35000, 40000, '≥120%'),
  ('car_t2', 0, 9000, 12500, '<60%'), ('car_t2', 6000, 12000, 15000, '≥60%（解读#11）'),
  ('car_t2', 7000, 15000, 18000, '≥70%'), ('car_t2', 8000, 18000, 22000, '≥80%'),
  ('car_t2', 9000, 21000, 26000, '≥90%'), ('car_t2', 10000, 25000, 30000, '≥100%'),
  ('car_t2', 12000, 30000, 35000, '≥120%')
 )) AS t
WHERE v.scheme_id IN ('SH2013', 'SH2013A');

-- The parts pool's shares of the store's parts positions.
INSERT INTO pay_param (version_id, code, position_id, name, unit, value, note)
SELECT v.id, 'parts_share_bp', p.* FROM scheme_version v, (VALUES
 ('PRT-MGR', '备件经理比例', 'bp', 5000, '50%'),
 ('PRT-PLAN', '计划员比例', 'bp', 3000, '30%'),
 ('PRT-WH', '仓库管理员比例', 'bp', 2000,
  '20%，按实际人数平分（系数根据实际人数进行调整）')
) AS p WHERE v.scheme_id = 'PARTS';

-- ------------------------------------------------------------ deductions
-- Employee social insurance and housing fund of the store's city (the
-- sample city's figures; medical adds 3 yuan for serious illness).
INSERT INTO si_rate (city, year, item, name, rate_bp, fixed_fen, base_min_fen,
  base_max_fen, round_fen) VALUES
 ('江州市', 2025, 'pension', '养老保险', 800, 0, 450000, 2250000, 1),
 ('江州市', 2025, 'medical', '医疗保险', 200, 300, 450000, 2250000, 1),
 ('江州市', 2025, 'unemployment', '失业保险', 50, 0, 450000, 2250000, 1),
 ('江州市', 2025, 'housing', '住房公积金', 700, 0, 250000, 2800000, 100);
