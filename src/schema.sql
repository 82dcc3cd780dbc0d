-- hrpress database schema, version 1 (PRAGMA user_version = 1).
-- Money is integer fen (分). Rates and shares are integer basis points
-- (1% = 100 bp). Scores are centipoints (95.5 points = 9550). Months are
-- 'YYYY-MM', dates 'YYYY-MM-DD'. docs/schema.md explains every table.

-- ---------------------------------------------------------------- organisation
CREATE TABLE store (
  id          TEXT PRIMARY KEY CHECK (id GLOB '[A-Za-z0-9_-]*' AND id <> ''),
  name        TEXT NOT NULL,              -- full legal name
  short_name  TEXT NOT NULL,
  brand       TEXT NOT NULL DEFAULT '',   -- vehicle brand sold
  oem         TEXT NOT NULL DEFAULT '',   -- 厂家 / 主机厂
  city        TEXT NOT NULL DEFAULT '',
  address     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE department (
  id        TEXT PRIMARY KEY CHECK (id GLOB '[A-Za-z0-9_-]*' AND id <> ''),
  store_id  TEXT NOT NULL REFERENCES store(id),
  name      TEXT NOT NULL,
  scope     TEXT NOT NULL DEFAULT '',     -- 部门职能: what the department is for
  sort      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE scheme (
  id           TEXT PRIMARY KEY CHECK (id GLOB '[A-Za-z0-9_-]*' AND id <> ''),
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE position (
  id              TEXT PRIMARY KEY CHECK (id GLOB '[A-Za-z0-9_-]*' AND id <> ''),
  department_id   TEXT NOT NULL REFERENCES department(id),
  title           TEXT NOT NULL,            -- 岗位名称
  nature          TEXT NOT NULL DEFAULT '', -- 岗位性质
  authority       TEXT NOT NULL DEFAULT '', -- 管理权限
  accountability  TEXT NOT NULL DEFAULT '', -- 管理责任
  summary         TEXT NOT NULL DEFAULT '', -- 岗位说明
  scheme_id       TEXT REFERENCES scheme(id), -- pay scheme of the post
  sort            INTEGER NOT NULL DEFAULT 0
);

-- A position may report to two superiors (e.g. 服务经理: 分管副总、服务站长).
CREATE TABLE position_superior (
  position_id  TEXT NOT NULL REFERENCES position(id),
  superior_id  TEXT NOT NULL REFERENCES position(id),
  sort         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (position_id, superior_id),
  CHECK (position_id <> superior_id)
);

-- Numbered lists of a job description.
CREATE TABLE position_item (
  position_id  TEXT NOT NULL REFERENCES position(id),
  section      TEXT NOT NULL CHECK (section IN ('duty', 'routine', 'qualification')),
  seq          INTEGER NOT NULL CHECK (seq > 0),
  text         TEXT NOT NULL,
  PRIMARY KEY (position_id, section, seq)
);

CREATE TABLE employee (
  id             TEXT PRIMARY KEY CHECK (id GLOB '[A-Za-z0-9_-]*' AND id <> ''),
  name           TEXT NOT NULL,
  gender         TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', '男', '女')),
  position_id    TEXT NOT NULL REFERENCES position(id),
  grade          INTEGER NOT NULL DEFAULT 1 CHECK (grade BETWEEN 1 AND 9), -- 级别
  hire_date      TEXT NOT NULL CHECK (hire_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  probation_end  TEXT,                      -- last day of probation (试用期)
  leave_date     TEXT,                      -- NULL while employed
  base_fen       INTEGER NOT NULL DEFAULT 0 CHECK (base_fen >= 0), -- 底薪 / fixed pay
  perf_fen       INTEGER NOT NULL DEFAULT 0 CHECK (perf_fen >= 0), -- nominal 月绩效工资
  scheme_id      TEXT REFERENCES scheme(id) -- overrides the position's scheme
);
CREATE INDEX employee_position ON employee(position_id);

-- ---------------------------------------------------------------- pay schemes
-- A scheme changes by versions; the version in force for month M is the one
-- with the greatest valid_from <= M. Rules and tiers belong to one version.
CREATE TABLE scheme_version (
  id          INTEGER PRIMARY KEY,
  scheme_id   TEXT NOT NULL REFERENCES scheme(id),
  valid_from  TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  note        TEXT NOT NULL DEFAULT '',
  UNIQUE (scheme_id, valid_from)
);

-- Measures: the named quantities that rules read. Stored facts come from
-- month_fact; derived ones are computed from facts and vehicle sales
-- (docs/payroll.md lists how). unit: fen, bp (basis points), count, score.
CREATE TABLE measure (
  code         TEXT PRIMARY KEY,
  name         TEXT NOT NULL,             -- Chinese label used in basis texts
  unit         TEXT NOT NULL CHECK (unit IN ('fen', 'bp', 'count', 'score')),
  derived      INTEGER NOT NULL DEFAULT 0 CHECK (derived IN (0, 1)),
  description  TEXT NOT NULL DEFAULT ''
);

-- Ordered rules of a scheme version. calc says how amount is found:
--   fixed          amount_fen
--   measure        the value of measure (fen), e.g. the employee's base pay
--   per_unit       value of measure (count) x amount_fen
--   tier_share     value of measure (fen) x tier(tier_table, tier_measure) bp
--   per_item_tier  sum over the month's sales passing item_filter of
--                  tier(tier_table, item field named by measure) fen
--   item_ratio     sum over sales of max(0, item field measure) x ratio_num / ratio_den
--   tier_value     tier(tier_table, tier_measure) fen, e.g. post wage by grade
--   formula        0, then the rule's pay_term rows applied in seq order
--   top_up         max(0, amount_fen - the gross of the lines before it)
-- Any rule's pay_term rows are applied to its amount in seq order; per
-- item rules may key their tier rows by the car's model or class.
-- The rule applies only when cond_min <= cond_measure < cond_max (either
-- bound NULL = open). Amounts are rounded half-up to the fen once per line.
CREATE TABLE pay_rule (
  version_id    INTEGER NOT NULL REFERENCES scheme_version(id),
  seq           INTEGER NOT NULL,
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  category      TEXT NOT NULL CHECK (category IN ('earning', 'award', 'deduction')),
  calc          TEXT NOT NULL CHECK (calc IN ('fixed', 'measure', 'per_unit',
                  'tier_share', 'per_item_tier', 'item_ratio', 'tier_value',
                  'formula', 'top_up')),
  measure       TEXT REFERENCES measure(code),
  tier_table    TEXT,
  tier_measure  TEXT REFERENCES measure(code),
  amount_fen    INTEGER,
  ratio_num     INTEGER,
  ratio_den     INTEGER CHECK (ratio_den IS NULL OR ratio_den > 0),
  item_filter   TEXT CHECK (item_filter IS NULL OR item_filter IN
                  ('settled', 'financed', 'insured', 'full_cover', 'network')),
  item_key      TEXT CHECK (item_key IS NULL OR item_key IN ('model', 'class')),
  cond_measure  TEXT REFERENCES measure(code),
  cond_min      INTEGER,
  cond_max      INTEGER,
  cond2_measure TEXT REFERENCES measure(code),  -- a second condition (AND)
  cond2_min     INTEGER,
  cond2_max     INTEGER,
  note          TEXT NOT NULL DEFAULT '',  -- reading adopted (DOMAIN.md §6)
  PRIMARY KEY (version_id, seq),
  UNIQUE (version_id, code)
);

-- Tier tables: the row that applies is the one with the greatest lo that
-- the value reaches (value >= lo, or value > lo when lo_strict = 1).
CREATE TABLE tier (
  version_id  INTEGER NOT NULL REFERENCES scheme_version(id),
  table_code  TEXT NOT NULL,
  lo          INTEGER NOT NULL,
  lo_strict   INTEGER NOT NULL DEFAULT 0 CHECK (lo_strict IN (0, 1)),
  value       INTEGER NOT NULL,           -- bp share or fen amount, per the rule
  note        TEXT NOT NULL DEFAULT '',
  key         TEXT NOT NULL DEFAULT '',   -- car model or class for 2-D tables
  PRIMARY KEY (version_id, table_code, key, lo, lo_strict)
);

-- Named figures of a scheme version: lost figures and adopted readings
-- (DOMAIN.md section 6). position_id '' is the value for every position;
-- a row with a position_id overrides it for that position.
CREATE TABLE pay_param (
  version_id   INTEGER NOT NULL REFERENCES scheme_version(id),
  code         TEXT NOT NULL,
  position_id  TEXT NOT NULL DEFAULT '',
  name         TEXT NOT NULL,
  unit         TEXT NOT NULL CHECK (unit IN ('fen', 'bp', 'count', 'score', 'flag')),
  value        INTEGER NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (version_id, code, position_id)
);

-- The steps of a rule's amount, applied in seq order to the running value
-- (0 for calc 'formula'): value OP operand x num / den. source: const (the
-- operand is 1), measure, param, tier (tier_table looked up by measure ref)
-- or group (sum of the run's lines with rule code ref). A step with
-- when_param is used only when (param value & when_mask) <> 0.
CREATE TABLE pay_term (
  version_id  INTEGER NOT NULL REFERENCES scheme_version(id),
  rule_code   TEXT NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq > 0),
  op          TEXT NOT NULL CHECK (op IN ('add', 'sub', 'mul', 'div', 'min', 'max')),
  source      TEXT NOT NULL CHECK (source IN ('const', 'measure', 'param', 'tier', 'group')),
  ref         TEXT,
  tier_table  TEXT,
  num         INTEGER NOT NULL DEFAULT 1,
  den         INTEGER NOT NULL DEFAULT 1 CHECK (den > 0),
  when_param  TEXT,
  when_mask   INTEGER,
  PRIMARY KEY (version_id, rule_code, seq)
);

-- Car models and their class (2008 scheme: A or B).
CREATE TABLE vehicle_model (
  model  TEXT PRIMARY KEY,
  class  TEXT NOT NULL DEFAULT ''
);

-- Store-level monthly figures (after-sales output, net profit, parts).
CREATE TABLE store_fact (
  month    TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  measure  TEXT NOT NULL REFERENCES measure(code),
  value    INTEGER NOT NULL,
  PRIMARY KEY (month, measure)
);

-- ---------------------------------------------------------------- deductions
-- Employee social insurance and housing fund per city and year: amount =
-- clamp(base, base_min_fen, base_max_fen) x rate_bp + fixed_fen, rounded
-- half away from zero to round_fen (1 = the fen, 100 = the yuan).
CREATE TABLE si_rate (
  city          TEXT NOT NULL,
  year          INTEGER NOT NULL,
  item          TEXT NOT NULL CHECK (item IN ('pension', 'medical', 'unemployment', 'housing')),
  name          TEXT NOT NULL,
  rate_bp       INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  fixed_fen     INTEGER NOT NULL DEFAULT 0 CHECK (fixed_fen >= 0),
  base_min_fen  INTEGER NOT NULL CHECK (base_min_fen >= 0),
  base_max_fen  INTEGER NOT NULL,
  round_fen     INTEGER NOT NULL DEFAULT 1 CHECK (round_fen IN (1, 10, 100)),
  PRIMARY KEY (city, year, item),
  CHECK (base_max_fen >= base_min_fen)
);

-- Contribution base (缴费基数) of an employee for a year; no row: the
-- employee pays no social insurance or housing fund through payroll.
CREATE TABLE si_base (
  employee_id  TEXT NOT NULL REFERENCES employee(id),
  year         INTEGER NOT NULL,
  base_fen     INTEGER NOT NULL CHECK (base_fen >= 0),
  PRIMARY KEY (employee_id, year)
);

-- Individual income tax, cumulative withholding: the annual table and the
-- monthly threshold in force from year_from; upto_fen NULL = no limit.
CREATE TABLE iit_bracket (
  year_from  INTEGER NOT NULL,
  upto_fen   INTEGER,
  rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  quick_fen  INTEGER NOT NULL CHECK (quick_fen >= 0),
  PRIMARY KEY (year_from, rate_bp)
);
CREATE TABLE iit_threshold (
  year_from    INTEGER PRIMARY KEY,
  monthly_fen  INTEGER NOT NULL CHECK (monthly_fen >= 0)
);
-- Special additional deductions (专项附加扣除) declared per employee and month.
CREATE TABLE iit_deduction (
  employee_id  TEXT NOT NULL REFERENCES employee(id),
  month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  kind         TEXT NOT NULL CHECK (kind IN ('children', 'continuing_edu',
                 'illness', 'housing_loan', 'rent', 'elderly', 'infant', 'other')),
  amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
  PRIMARY KEY (employee_id, month, kind)
);

-- The 2019 annual withholding table (综合所得预扣率表) and 5,000 a month.
INSERT INTO iit_bracket (year_from, upto_fen, rate_bp, quick_fen) VALUES
 (2019, 3600000, 300, 0), (2019, 14400000, 1000, 252000),
 (2019, 30000000, 2000, 1692000), (2019, 42000000, 2500, 3192000),
 (2019, 66000000, 3000, 5292000), (2019, 96000000, 3500, 8592000),
 (2019, NULL, 4500, 18192000);
INSERT INTO iit_threshold (year_from, monthly_fen) VALUES (2019, 500000);

-- ---------------------------------------------------------------- monthly facts
-- One value per employee, month and stored measure (units target, attendance,
-- KPI attainment, ...).
CREATE TABLE month_fact (
  employee_id  TEXT NOT NULL REFERENCES employee(id),
  month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  measure      TEXT NOT NULL REFERENCES measure(code),
  value        INTEGER NOT NULL,
  PRIMARY KEY (employee_id, month, measure)
);

-- Each car sold. Only settled cars (结算完成) earn commission; network orders
-- do not count toward a showroom consultant's target.
CREATE TABLE vehicle_sale (
  id             INTEGER PRIMARY KEY,
  employee_id    TEXT NOT NULL REFERENCES employee(id),
  month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  sale_date      TEXT NOT NULL,
  model          TEXT NOT NULL,
  price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),
  channel        TEXT NOT NULL DEFAULT 'showroom' CHECK (channel IN ('showroom', 'network')),
  settled        INTEGER NOT NULL DEFAULT 1 CHECK (settled IN (0, 1)),
  insured        INTEGER NOT NULL DEFAULT 0 CHECK (insured IN (0, 1)),     -- insured through the store
  full_cover     INTEGER NOT NULL DEFAULT 0 CHECK (full_cover IN (0, 1)),  -- all five basic covers
  financed       INTEGER NOT NULL DEFAULT 0 CHECK (financed IN (0, 1)),
  loan_fee_fen   INTEGER NOT NULL DEFAULT 0 CHECK (loan_fee_fen >= 0),
  acc_price_fen  INTEGER NOT NULL DEFAULT 0 CHECK (acc_price_fen >= 0),     -- accessories sold
  acc_cost_fen   INTEGER NOT NULL DEFAULT 0 CHECK (acc_cost_fen >= 0),
  margin_fen     INTEGER NOT NULL DEFAULT 0,   -- bare-car gross margin (2015 table band)
  limit_fen      INTEGER CHECK (limit_fen IS NULL OR limit_fen >= 0)  -- price limit (限价); NULL none
);
CREATE INDEX vehicle_sale_month ON vehicle_sale(month, employee_id);

-- ---------------------------------------------------------------- scorecards
-- The KPI rows of a position's scorecard. kind 'ratio': points = weight x
-- min(actual / target, 1); kind 'graded': the appraiser enters the points.
CREATE TABLE kpi (
  position_id  TEXT NOT NULL REFERENCES position(id),
  code         TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  weight       INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),  -- points
  kind         TEXT NOT NULL CHECK (kind IN ('ratio', 'graded')),
  unit         TEXT NOT NULL DEFAULT '',  -- shown after target and actual (台, 万元, 分)
  PRIMARY KEY (position_id, code)
);

CREATE TABLE kpi_result (
  employee_id   TEXT NOT NULL REFERENCES employee(id),
  month         TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  kpi_code      TEXT NOT NULL,
  target        INTEGER,                  -- in the KPI's unit; NULL for graded
  actual        INTEGER,
  points_x100   INTEGER CHECK (points_x100 IS NULL OR points_x100 >= 0), -- graded only
  remark        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (employee_id, month, kpi_code)
);

-- Points per KPI row, in centipoints, derived from kpi and kpi_result.
CREATE VIEW kpi_score AS
SELECT r.employee_id, r.month, k.code AS kpi_code, k.seq, k.name, k.weight,
       k.kind, k.unit, r.target, r.actual, r.remark,
       CASE WHEN k.kind = 'ratio' AND r.target > 0
            THEN min(r.actual * 10000 / r.target, 10000) ELSE NULL END AS achieve_bp,
       CASE WHEN k.kind = 'ratio'
            THEN CASE WHEN r.target > 0
                      THEN min(r.actual * 10000 / r.target, 10000) * k.weight / 100
                      ELSE 0 END
            ELSE min(coalesce(r.points_x100, 0), k.weight * 100) END AS points_x100
FROM kpi_result r
JOIN employee e ON e.id = r.employee_id
JOIN kpi k ON k.position_id = e.position_id AND k.code = r.kpi_code;

-- ---------------------------------------------------------------- pay runs
CREATE TABLE pay_run (
  id           INTEGER PRIMARY KEY,
  month        TEXT NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  computed_at  TEXT NOT NULL,
  generator    TEXT NOT NULL
);

CREATE TABLE pay_slip (
  run_id          INTEGER NOT NULL REFERENCES pay_run(id) ON DELETE CASCADE,
  employee_id     TEXT NOT NULL REFERENCES employee(id),
  version_id      INTEGER NOT NULL REFERENCES scheme_version(id),
  gross_fen       INTEGER NOT NULL,
  deduction_fen   INTEGER NOT NULL,
  net_fen         INTEGER NOT NULL,
  PRIMARY KEY (run_id, employee_id),
  CHECK (net_fen = gross_fen - deduction_fen)
);

CREATE TABLE pay_line (
  run_id       INTEGER NOT NULL REFERENCES pay_run(id) ON DELETE CASCADE,
  employee_id  TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  rule_code    TEXT NOT NULL,
  name         TEXT NOT NULL,
  category     TEXT NOT NULL CHECK (category IN ('earning', 'award', 'deduction')),
  basis        TEXT NOT NULL,             -- how the amount was found, e.g. 8台 × 100元
  amount_fen   INTEGER NOT NULL,
  PRIMARY KEY (run_id, employee_id, seq),
  FOREIGN KEY (run_id, employee_id) REFERENCES pay_slip(run_id, employee_id) ON DELETE CASCADE
);

-- The measure catalogue. Stored measures are imported per employee and
-- month into month_fact; derived ones are computed by the payroll engine.
INSERT INTO measure (code, name, unit, derived, description) VALUES
 ('units_target',     '月销量目标',     'count', 0, 'monthly showroom unit target'),
 ('work_days',        '应出勤天数',     'count', 0, 'working days in the month'),
 ('attend_days',      '实际出勤天数',   'count', 0, 'days attended'),
 ('kpi_attain_bp',    '管理绩效达标率', 'bp',    0, 'management-KPI attainment rate'),
 ('appraisal_x100',   '月度考核成绩',   'score', 0, 'monthly appraisal result, centipoints'),
 ('base_fen',         '底薪',           'fen',   1, 'employee.base_fen'),
 ('perf_fen',         '绩效工资基数',   'fen',   1, 'employee.perf_fen'),
 ('units',            '销量',           'count', 1, 'settled showroom cars of the month'),
 ('network_units',    '网销台数',       'count', 1, 'settled network orders of the month'),
 ('completion_bp',    '任务完成率',     'bp',    1, 'units / units_target'),
 ('insured_units',    '店内投保台数',   'count', 1, 'settled showroom cars insured through the store'),
 ('full_cover_units', '五项全保台数',   'count', 1, 'insured cars with all five basic covers'),
 ('penetration_bp',   '投保率',         'bp',    1, 'insured_units / units'),
 ('financed_units',   '按揭台数',       'count', 1, 'settled showroom cars bought on a loan'),
 ('sales_rank',       '销量名次',       'count', 1, 'rank by units among employees on the same scheme (1 = top seller; 0 when no units)'),
 ('scorecard_x100',   '考核表得分',     'score', 1, 'sum of the KPI points of the month''s scorecard'),
 ('loan_fee_fen',     '按揭手续费',     'fen',   1, 'item field: loan handling fee of one car'),
 ('acc_margin_fen',   '精品毛利',       'fen',   1, 'item field: accessories price minus cost of one car'),
 ('price_fen',        '成交价',         'fen',   1, 'item field: price of one car'),
 ('margin_fen',       '裸车毛利',       'fen',   1, 'item field: bare-car gross margin of one car'),
 ('over_limit_fen',   '超限价金额',     'fen',   1, 'item field: price above the price limit, 0 without one'),
 ('ordinal',          '第几台',         'count', 1, 'item field: the car''s ordinal among the month''s settled cars'),
 ('grade',            '级别',           'count', 1, 'employee.grade'),
 ('service_years',    '工龄',           'count', 1, 'completed years from hire_date to the month''s last day'),
 ('on_probation',     '试用期',         'count', 1, '1 when probation_end is on or after the month''s last day'),
 ('position_headcount','同岗位人数',    'count', 1, 'employees of the same position paid this month'),
 ('output_fen',       '个人产值',       'fen',   0, 'personal after-sales output value'),
 ('output_ach_bp',    '产值达成率',     'bp',    0, 'personal output target achievement'),
 ('work_orders',      '接车台数',       'count', 0, 'work orders opened'),
 ('order_ach_bp',     '接车达成率',     'bp',    0, 'work-order target achievement'),
 ('bottles',          '养护用品瓶数',   'count', 0, 'maintenance products sold, bottles'),
 ('renewals',         '续保台数',       'count', 0, 'insurance renewals'),
 ('commercial_policies','商业险单数',   'count', 0, 'commercial policies among the renewals'),
 ('incentive_fen',    '日常激励',       'fen',   0, 'daily incentives and complaint rewards'),
 ('other_comm_fen',   '其他提成',       'fen',   0, 'other commissions'),
 ('reg_comm_fen',     '上户提成',       'fen',   0, 'plate registration commission (input)'),
 ('notary_comm_fen',  '公证提成',       'fen',   0, 'notarisation commission (input)'),
 ('lien_comm_fen',    '抵押提成',       'fen',   0, 'lien registration commission (input)'),
 ('deco_comm_fen',    '装潢提成',       'fen',   0, 'decoration commission (input)'),
 ('ins_comm_fen',     '保险提成',       'fen',   0, 'insurance commission (input)'),
 ('plate_comm_fen',   '上牌提成',       'fen',   0, 'plate commission (input)'),
 ('used_comm_fen',    '二手车提成',     'fen',   0, 'used-car commission (input)'),
 ('store_output_fen', '维修总产值',     'fen',   0, 'store_fact: after-sales total output'),
 ('net_profit_fen',   '净利润',         'fen',   0, 'store_fact: after-sales net profit'),
 ('profit_ach_bp',    '部门净利润完成率','bp',   0, 'store_fact: net-profit completion rate'),
 ('parts_sales_fen',  '备件销售额',     'fen',   0, 'store_fact: parts sales'),
 ('maint_sales_fen',  '养护用品销售额', 'fen',   0, 'store_fact: maintenance-product sales'),
 ('parts_office_fen', '部门办公费用',   'fen',   0, 'store_fact: parts department office expenses'),
 ('parts_profit_ach_bp','备件利润目标达成率','bp', 0, 'store_fact: parts profit-target achievement'),
 ('parts_score_x100', '备件部考核得分', 'score', 0, 'store_fact: parts department scorecard');

-- Archive ledger: one row per archived PDF, append-only (hrpress archive;
-- docs/archive.md). path is relative to the archive directory; sha256 is the
-- hex digest of the whole file; signer_sha256 the signing certificate's
-- fingerprint, NULL when unsigned.
CREATE TABLE IF NOT EXISTS archive_ledger (
  id             INTEGER PRIMARY KEY,
  path           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  employee_id    TEXT NOT NULL,
  month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
  size           INTEGER NOT NULL CHECK (size > 0),
  created_at     TEXT NOT NULL,
  generator      TEXT NOT NULL,
  signer_sha256  TEXT CHECK (signer_sha256 IS NULL OR length(signer_sha256) = 64),
  version        INTEGER NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS archive_ledger_sha256 ON archive_ledger(sha256);
CREATE TRIGGER IF NOT EXISTS archive_ledger_no_update
BEFORE UPDATE ON archive_ledger
BEGIN SELECT RAISE(ABORT, 'archive_ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS archive_ledger_no_delete
BEFORE DELETE ON archive_ledger
BEGIN SELECT RAISE(ABORT, 'archive_ledger is append-only'); END;

PRAGMA user_version = 1;
