-- hrpress database schema, version 2 (PRAGMA user_version = 2). A database
-- of an older version is upgraded by the scripts under src/migrate/.
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
  address     TEXT NOT NULL DEFAULT '',
  issuer_dept TEXT NOT NULL DEFAULT '',   -- 编制/发放部门, e.g. 人事行政部
  payslip_note TEXT NOT NULL DEFAULT '',  -- 工资条说明 printed on payslips
  handbook_title TEXT NOT NULL DEFAULT '',    -- 汇编封面标题
  handbook_subtitle TEXT NOT NULL DEFAULT ''  -- the cover's second line
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
  scheme_id      TEXT REFERENCES scheme(id), -- overrides the position's scheme
  id_number      TEXT NOT NULL DEFAULT '',  -- 身份证号 (printed masked)
  bank_name      TEXT NOT NULL DEFAULT '',  -- 开户行 for 代发工资
  bank_account   TEXT NOT NULL DEFAULT '',  -- 银行账号 (printed masked)
  email          TEXT NOT NULL DEFAULT '',  -- where the private payslip goes
  payslip_password TEXT                     -- opens the private payslip; NULL = from id_number
);
CREATE INDEX employee_position ON employee(position_id);
-- the organisation read from a store down (one store's documents)
CREATE INDEX department_store ON department(store_id);
CREATE INDEX position_department ON position(department_id);

-- The store's pictures: its logo and its seal (公章 / 人事专用章), each an
-- 8-bit PNG as `hrpress store --logo/--seal` wrote it. A store without a
-- row of a kind has no such picture: its documents show none.
CREATE TABLE store_image (
  store_id   TEXT NOT NULL REFERENCES store(id),
  kind       TEXT NOT NULL CHECK (kind IN ('logo', 'seal')),
  png        BLOB NOT NULL,
  width_px   INTEGER NOT NULL CHECK (width_px > 0),
  height_px  INTEGER NOT NULL CHECK (height_px > 0),
  source     TEXT NOT NULL DEFAULT '',  -- file name it was loaded from
  loaded_at  TEXT NOT NULL DEFAULT '',  -- UTC time of loading
  PRIMARY KEY (store_id, kind)
);

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
  subtotal    TEXT,  -- after this step the basis names the value so far
  PRIMARY KEY (version_id, rule_code, seq)
);

-- Dated scheme assignments (hrpress scheme assign --from M): from month
-- valid_from on, the position (or the employee) is on scheme_id. Months
-- before a position's first row use position.scheme_id, an employee's
-- own rows and employee.scheme_id come before the position's.
CREATE TABLE scheme_assignment (
  scheme_id    TEXT NOT NULL REFERENCES scheme(id),
  position_id  TEXT NOT NULL DEFAULT '',
  employee_id  TEXT NOT NULL DEFAULT '',
  valid_from   TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  PRIMARY KEY (position_id, employee_id, valid_from),
  CHECK ((position_id = '') <> (employee_id = ''))
);

-- Car models and their class (2008 scheme: A or B).
CREATE TABLE vehicle_model (
  model  TEXT PRIMARY KEY,
  class  TEXT NOT NULL DEFAULT ''
);

-- The pay policy (分配政策) of every scheme version in plain Chinese, with
-- the version's own figures: one row per rule, the rules of one name
-- together (保险提成 below and from 70%). Rows with position_id '' use
-- the version's parameters; each position whose scheme it is gets its own
-- rows, with its pay_param overrides. Money prints in yuan (1,234元,
-- 1,234.50元), shares and rates in percent (30%, 12.5%); docs/schema.md
-- gives the wording of each calc.
CREATE VIEW pay_policy AS
SELECT x.scheme_id, x.version_id, x.valid_from, x.position_id, x.seq,
       x.code AS rule_code, x.name, x.text
FROM (
  WITH RECURSIVE
  -- Whom the text is for: the version itself and each position on it.
  aud(version_id, scheme_id, valid_from, position_id) AS (
    SELECT id, scheme_id, valid_from, '' FROM scheme_version
    UNION ALL
    SELECT v.id, v.scheme_id, v.valid_from, p.id
    FROM scheme_version v JOIN position p ON p.scheme_id = v.scheme_id),
  -- The measures, with the unit written after a count (8台, 5级).
  mu(code, name, unit, sfx, derived, store) AS (
    SELECT m.code, m.name, m.unit, coalesce(s.column2, ''), m.derived,
           m.description LIKE 'store_fact:%'
    FROM measure m LEFT JOIN (VALUES
      ('units', '台'), ('network_units', '台'), ('insured_units', '台'),
      ('full_cover_units', '台'), ('financed_units', '台'),
      ('units_target', '台'), ('work_orders', '台'), ('renewals', '台'),
      ('ordinal', '台'), ('work_days', '天'), ('attend_days', '天'),
      ('bottles', '瓶'), ('commercial_policies', '单'),
      ('service_years', '年'), ('grade', '级'),
      ('position_headcount', '人')) s ON s.column1 = m.code),
  -- A figure in its unit. Money: yuan with grouping, decimals only when
  -- not whole; bp and centipoints: up to two decimals, trailing zeros cut.
  -- The same two expressions recur below, applied to other columns.
  fig(unit, v, text) AS (
    SELECT DISTINCT u.unit, n.v, CASE u.unit
      WHEN 'fen' THEN iif(n.v < 0, '-', '') || printf('%,d', abs(n.v) / 100)
        || iif(abs(n.v) % 100, printf('.%02d', abs(n.v) % 100), '') || '元'
      WHEN 'bp' THEN rtrim(rtrim(printf('%d.%02d', n.v / 100, n.v % 100),
        '0'), '.') || '%'
      WHEN 'score' THEN rtrim(rtrim(printf('%d.%02d', n.v / 100, n.v % 100),
        '0'), '.') || '分'
      ELSE n.v END
    FROM (SELECT 'fen' AS unit UNION ALL SELECT 'bp' UNION ALL SELECT 'score'
          UNION ALL SELECT 'count') u,
      (SELECT lo AS v FROM tier UNION SELECT value FROM tier
       UNION SELECT cond_min FROM pay_rule UNION SELECT cond_max FROM pay_rule
       UNION SELECT cond2_min FROM pay_rule UNION SELECT cond2_max FROM pay_rule
       UNION SELECT amount_fen FROM pay_rule UNION SELECT 0) n
    WHERE n.v IS NOT NULL),
  -- Parameters for each audience: a position's own row overrides ''.
  prm(version_id, position_id, code, name, unit, value) AS (
    SELECT a.version_id, a.position_id, p.code, p.name, p.unit, p.value
    FROM aud a JOIN pay_param p ON p.version_id = a.version_id
    WHERE p.position_id = a.position_id
       OR (p.position_id = '' AND NOT EXISTS (SELECT 1 FROM pay_param o
             WHERE o.version_id = p.version_id AND o.code = p.code
               AND o.position_id = a.position_id))),
  -- Conditions, both of a rule as rows: 投保率<70%, 已转正且月销量目标≥1台.
  cnd(version_id, code, text) AS (
    SELECT DISTINCT c.version_id, c.code, group_concat(CASE
        WHEN c.measure = 'on_probation' AND c.lo IS NULL AND c.hi = 1
          THEN '已转正'
        WHEN c.measure = 'on_probation' AND c.lo = 1 AND c.hi IS NULL
          THEN '试用期内'
        WHEN c.measure = 'part_month' AND c.lo IS NULL AND c.hi = 1
          THEN '整月在职'
        WHEN c.measure = 'part_month' AND c.lo = 1 AND c.hi IS NULL
          THEN '本月入职或离职'
        WHEN m.unit = 'count' AND c.hi = c.lo + 1
          THEN m.name || '为' || c.lo || m.sfx
        WHEN c.hi IS NULL THEN m.name || '≥' || fl.text || m.sfx
        WHEN c.lo IS NULL THEN m.name || '<' || fh.text || m.sfx
        ELSE fl.text || m.sfx || '≤' || m.name || '<' || fh.text || m.sfx
        END, '且') OVER (PARTITION BY c.version_id, c.code ORDER BY c.k
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    FROM (SELECT version_id, code, 1 AS k, cond_measure AS measure,
            cond_min AS lo, cond_max AS hi FROM pay_rule
          WHERE cond_measure IS NOT NULL
          UNION ALL
          SELECT version_id, code, 2, cond2_measure, cond2_min, cond2_max
          FROM pay_rule WHERE cond2_measure IS NOT NULL) c
    JOIN mu m ON m.code = c.measure
    LEFT JOIN fig fl ON fl.unit = m.unit AND fl.v = c.lo
    LEFT JOIN fig fh ON fh.unit = m.unit AND fh.v = c.hi),
  -- Every use of a tier table: the measure that selects the row, the kind
  -- of value (a bp share or fen) and the key of a two-dimensional table.
  tuse(version_id, tbl, measure, kind, item_key) AS (
    SELECT version_id, tier_table, coalesce(tier_measure, measure),
           iif(calc = 'tier_share', 'bp', 'fen'), item_key
    FROM pay_rule WHERE tier_table IS NOT NULL
    UNION
    SELECT version_id, tier_table, ref, 'fen', NULL FROM pay_term
    WHERE source = 'tier'),
  -- Each tier row as "threshold value": ≥30% 发30%, 第1–10台 200元. Counts
  -- print as ranges; the lowest row of a table starting at 0 reads "<next";
  -- below a first threshold above 0 nothing is paid, and the text says so.
  -- solo: the table's only row, from 0: the value alone (per model).
  trow(version_id, tbl, measure, kind, item_key, key, lo, strict, solo,
       text) AS (
    SELECT u.version_id, u.tbl, u.measure, u.kind, u.item_key, t.key, t.lo,
      t.lo_strict, t.n = 1 AND t.nlo IS NULL AND t.lo = 0 AND NOT t.lo_strict,
      CASE WHEN t.n = 1 AND t.lo > 0 AND m.unit <> 'count'
        THEN iif(t.lo_strict, '≤', '<') || fl.text || ' '
          || iif(u.kind = 'bp', '不发', fz.text)
          || iif(u.item_key IS NULL, '；', '，') ELSE '' END
      || CASE
        WHEN t.n = 1 AND t.nlo IS NULL AND t.lo = 0 AND NOT t.lo_strict
          THEN ''
        WHEN m.code = 'ordinal' THEN '第' || (t.lo + t.lo_strict)
          || CASE WHEN t.nlo IS NULL THEN '台起'
                  WHEN t.nlo - 1 + t.nstrict = t.lo + t.lo_strict THEN '台'
                  ELSE '–' || (t.nlo - 1 + t.nstrict) || '台' END || ' '
        WHEN m.unit = 'count' THEN
          CASE WHEN t.nlo IS NULL
                 THEN iif(t.lo_strict, '>', '≥') || t.lo || m.sfx
               WHEN t.nlo - 1 + t.nstrict = t.lo + t.lo_strict
                 THEN (t.lo + t.lo_strict) || m.sfx
               ELSE (t.lo + t.lo_strict) || '–' || (t.nlo - 1 + t.nstrict)
                 || m.sfx END || ' '
        WHEN t.n = 1 AND t.lo = 0 AND NOT t.lo_strict
          THEN iif(t.nstrict, '≤', '<') || fn.text || ' '
        ELSE iif(t.lo_strict, '>', '≥') || fl.text || ' ' END
      || CASE WHEN u.kind = 'bp' AND t.value = 0 THEN '不发'
              WHEN u.kind = 'bp' THEN '发' || fv.text ELSE fv.text END
    FROM tuse u
    JOIN (SELECT version_id, table_code, key, lo, lo_strict, value,
            row_number() OVER w AS n, lead(lo) OVER w AS nlo,
            lead(lo_strict) OVER w AS nstrict
          FROM tier
          WINDOW w AS (PARTITION BY version_id, table_code, key
                       ORDER BY lo, lo_strict)) t
      ON t.version_id = u.version_id AND t.table_code = u.tbl
     AND (t.key = '' OR u.item_key IS NOT NULL)
    JOIN mu m ON m.code = u.measure
    JOIN fig fz ON fz.unit = 'fen' AND fz.v = 0
    LEFT JOIN fig fl ON fl.unit = m.unit AND fl.v = t.lo
    LEFT JOIN fig fn ON fn.unit = m.unit AND fn.v = t.nlo
    LEFT JOIN fig fv ON fv.unit = u.kind AND fv.v = t.value),
  -- One table per key ("A类：第1–10台 200元，…"), rows in threshold order.
  tkey(version_id, tbl, measure, kind, item_key, key, solo, text) AS (
    SELECT DISTINCT version_id, tbl, measure, kind, item_key, key,
      max(solo) OVER k,
      group_concat(text, iif(item_key IS NULL, '；', '，')) OVER k
    FROM trow
    WINDOW k AS (PARTITION BY version_id, tbl, measure, kind, item_key, key
                 ORDER BY lo, strict
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),
  -- The keys with the same figures together, named once: "L3三厢、S5：<60%
  -- 150元，…；L3两厢：…"; a per-model amount alone reads "L3两厢 200元".
  tgrp(version_id, tbl, measure, kind, item_key, first, text) AS (
    SELECT DISTINCT version_id, tbl, measure, kind, item_key,
      min(key) OVER g,
      iif(item_key IS NULL, '', group_concat(iif(key = '', '未单列车型',
        key || iif(item_key = 'class', '类', '')), '、') OVER g
        || iif(solo, ' ', '：')) || text
    FROM tkey
    WINDOW g AS (PARTITION BY version_id, tbl, measure, kind, item_key, text
                 ORDER BY key
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),
  -- flat: every row from 0, so the table is by key only (车型).
  ttext(version_id, tbl, measure, kind, item_key, flat, text) AS (
    SELECT DISTINCT version_id, tbl, measure, kind, item_key,
      NOT EXISTS (SELECT 1 FROM tier t WHERE t.version_id = g.version_id
                    AND t.table_code = g.tbl AND (t.lo <> 0 OR t.lo_strict)),
      group_concat(text, '；') OVER (
        PARTITION BY version_id, tbl, measure, kind, item_key ORDER BY first
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    FROM tgrp g),
  -- The steps in force for each audience (when_param switches), with
  -- their operands written out.
  st(version_id, position_id, rule_code, n, last, op, opnd, grp) AS (
    SELECT a.version_id, a.position_id, t.rule_code,
      row_number() OVER w, count(*) OVER (PARTITION BY a.version_id,
        a.position_id, t.rule_code), t.op,
      CASE t.source
        WHEN 'const' THEN CASE
          WHEN t.op IN ('mul', 'div') AND t.num * 10000 % t.den = 0 THEN
            rtrim(rtrim(printf('%d.%02d', t.num * 100 / t.den,
              t.num * 10000 / t.den % 100), '0'), '.') || '%'
          WHEN t.op IN ('mul', 'div') THEN t.num || '/' || t.den
          ELSE printf('%,d', t.num / t.den / 100)
            || iif(t.num / t.den % 100,
                   printf('.%02d', t.num / t.den % 100), '') || '元' END
        WHEN 'measure' THEN coalesce(m.name, t.ref)
          || iif(m.unit = 'score', '/100', '')
          || CASE WHEN t.num * iif(m.unit IN ('bp', 'score'), 10000, 1)
                       = t.den THEN ''
                  WHEN t.num * iif(m.unit IN ('bp', 'score'), 10000, 1)
                       * 10000 % t.den = 0 THEN ' × ' || rtrim(rtrim(printf(
                    '%d.%02d', t.num * iif(m.unit IN ('bp', 'score'), 10000,
                    1) * 100 / t.den, t.num * iif(m.unit IN ('bp', 'score'),
                    10000, 1) * 10000 / t.den % 100), '0'), '.') || '%'
                  ELSE ' × ' || t.num || '/' || t.den END
        WHEN 'param' THEN coalesce(p.name || ' ' || CASE p.unit
          WHEN 'bp' THEN rtrim(rtrim(printf('%d.%02d',
            p.value * t.num * 100 / t.den,
            p.value * t.num * 10000 / t.den % 100), '0'), '.') || '%'
          WHEN 'fen' THEN printf('%,d', p.value * t.num / t.den / 100)
            || iif(p.value * t.num / t.den % 100,
                   printf('.%02d', p.value * t.num / t.den % 100), '') || '元'
          ELSE rtrim(rtrim(printf('%d.%02d', p.value * t.num / t.den,
            p.value * t.num * 100 / t.den % 100), '0'), '.') END,
          t.ref || '（未设定）')
        WHEN 'tier' THEN '按' || coalesce(m.name, t.ref) || '分档（'
          || coalesce(tt.text, '') || '）'
        WHEN 'group' THEN '当月' || coalesce((SELECT name FROM pay_rule g
          WHERE g.code = t.ref ORDER BY g.version_id LIMIT 1), t.ref) || '合计'
        END,
      iif(t.source = 'group', t.ref, NULL)
    FROM aud a JOIN pay_term t ON t.version_id = a.version_id
    LEFT JOIN mu m ON m.code = t.ref AND t.source IN ('measure', 'tier')
    LEFT JOIN prm p ON p.version_id = a.version_id
      AND p.position_id = a.position_id AND p.code = t.ref
      AND t.source = 'param'
    LEFT JOIN prm s ON s.version_id = a.version_id
      AND s.position_id = a.position_id AND s.code = t.when_param
    LEFT JOIN ttext tt ON tt.version_id = t.version_id
      AND tt.tbl = t.tier_table AND tt.measure = t.ref AND tt.kind = 'fen'
      AND tt.item_key IS NULL
    WHERE t.when_param IS NULL OR (s.value & t.when_mask) <> 0
    WINDOW w AS (PARTITION BY a.version_id, a.position_id, t.rule_code
                 ORDER BY t.seq)),
  -- dup: a group sum right after one of the same name (养护用品提成 of
  -- two rules) is written once.
  sd(version_id, position_id, rule_code, n, last, op, opnd, dup) AS (
    SELECT version_id, position_id, rule_code, n, last, op, opnd,
      op = 'add' AND grp IS NOT NULL AND lag(grp) OVER w IS NOT NULL
        AND lag(opnd) OVER w = opnd
    FROM st
    WINDOW w AS (PARTITION BY version_id, position_id, rule_code ORDER BY n)),
  -- Each rule's own part: the amount as an expression (expr) that the
  -- steps continue, and as a sentence (alone) when it has no steps; atom:
  -- expr is one term, so a step's 不超过 needs no brackets around it.
  base(version_id, position_id, seq, code, name, cond, atom, expr,
       alone) AS (
    SELECT a.version_id, a.position_id, r.seq, r.code, r.name, c.text,
      r.calc IN ('fixed', 'measure'),
      CASE r.calc
        WHEN 'fixed' THEN fa.text
        WHEN 'measure' THEN m.name
        WHEN 'per_unit' THEN m.name || ' × ' || fa.text
        WHEN 'tier_share' THEN m.name || ' × 按' || tm.name || '发放比例（'
          || tt.text || '）'
        WHEN 'per_item_tier' THEN CASE r.item_filter
            WHEN 'financed' THEN '按揭车辆' WHEN 'insured' THEN '店内投保车辆'
            WHEN 'full_cover' THEN '五项全保车辆' WHEN 'network' THEN '网络订单'
            ELSE '' END
          || '每台按' || CASE WHEN tt.flat AND r.item_key = 'class'
                                THEN '车型类别'
                              WHEN tt.flat AND r.item_key = 'model' THEN '车型'
                              ELSE coalesce(tm.name, m.name) END
          || '（' || tt.text || '）'
        WHEN 'item_ratio' THEN CASE r.item_filter
            WHEN 'financed' THEN '按揭车辆的' WHEN 'insured' THEN '店内投保车辆的'
            WHEN 'full_cover' THEN '五项全保车辆的' WHEN 'network' THEN '网络订单的'
            ELSE '' END
          || m.name || ' × ' || CASE WHEN r.ratio_num * 10000 % r.ratio_den = 0
            THEN rtrim(rtrim(printf('%d.%02d', r.ratio_num * 100 / r.ratio_den,
              r.ratio_num * 10000 / r.ratio_den % 100), '0'), '.') || '%'
            ELSE r.ratio_num || '/' || r.ratio_den END || '（每台不低于0）'
        WHEN 'tier_value' THEN '按' || tm.name || '（' || tt.text || '）'
        WHEN 'formula' THEN ''
        WHEN 'top_up' THEN '前述各项合计低于' || fa.text || '时，补足至'
          || fa.text
        END,
      CASE
        WHEN r.calc = 'fixed' THEN iif(c.text IS NULL, '每月发放', '发放')
          || fa.text
        WHEN r.calc = 'measure' AND r.measure = 'base_fen'
          THEN '按员工合同约定的月固定工资发放'
        WHEN r.calc = 'measure' AND r.measure = 'perf_fen'
          THEN '按员工合同约定的绩效工资基数全额发放'
        WHEN r.calc = 'measure' AND m.store THEN '按当月' || m.name || '发放'
        WHEN r.calc = 'measure' AND m.derived THEN '按' || m.name || '发放'
        WHEN r.calc = 'measure' THEN '按当月核定的' || m.name || '发放'
        END
    FROM aud a JOIN pay_rule r ON r.version_id = a.version_id
    LEFT JOIN cnd c ON c.version_id = r.version_id AND c.code = r.code
    LEFT JOIN mu m ON m.code = r.measure
    LEFT JOIN mu tm ON tm.code = r.tier_measure
    LEFT JOIN fig fa ON fa.unit = 'fen' AND fa.v = r.amount_fen
    LEFT JOIN ttext tt ON tt.version_id = r.version_id
      AND tt.tbl = r.tier_table AND tt.measure = coalesce(r.tier_measure,
        r.measure) AND tt.kind = iif(r.calc = 'tier_share', 'bp', 'fen')
      AND tt.item_key IS r.item_key),
  -- The steps applied in order. A sum followed by a product is bracketed;
  -- min/max read 不超过/不低于 (after a comma when it is the last step).
  -- sum: expr ends in a sum; atom: expr is one term.
  steps(version_id, position_id, code, n, expr, sum, atom) AS (
    SELECT version_id, position_id, code, 0, expr, 0, atom FROM base
    UNION ALL
    SELECT c.version_id, c.position_id, c.code, s.n,
      CASE
        WHEN s.dup THEN c.expr
        WHEN s.op = 'add' AND c.expr = '' THEN s.opnd
        WHEN s.op = 'sub' AND c.expr = '' THEN '−' || s.opnd
        WHEN s.op IN ('add', 'sub') THEN c.expr || iif(c.expr LIKE '%）', '',
          ' ') || iif(s.op = 'add', '+ ', '− ') || s.opnd
        WHEN s.op IN ('mul', 'div') THEN iif(c.sum, '(' || c.expr || ')',
          c.expr) || iif(c.expr LIKE '%）' AND NOT c.sum, '', ' ')
          || iif(s.op = 'mul', '× ', '÷ ') || s.opnd
        WHEN s.n = s.last THEN c.expr || iif(s.op = 'min', '，不超过',
          '，不低于') || s.opnd
        ELSE iif(c.atom, c.expr, '(' || c.expr || ')') || iif(s.op = 'min',
          '（不超过', '（不低于') || s.opnd || '）'
        END,
      iif(s.dup, c.sum, s.op IN ('add', 'sub') AND c.expr <> ''),
      iif(s.dup, c.atom, c.expr = '' AND s.op = 'add')
    FROM steps c JOIN sd s ON s.version_id = c.version_id
      AND s.position_id = c.position_id AND s.rule_code = c.code
      AND s.n = c.n + 1),
  line(version_id, position_id, seq, code, name, text) AS (
    SELECT b.version_id, b.position_id, b.seq, b.code, b.name,
      coalesce(b.cond || '时，', '') || iif(c.n > 0 OR b.alone IS NULL,
        c.expr, b.alone)
    FROM base b JOIN steps c ON c.version_id = b.version_id
      AND c.position_id = b.position_id AND c.code = b.code
    WHERE NOT EXISTS (SELECT 1 FROM st s WHERE s.version_id = c.version_id
        AND s.position_id = c.position_id AND s.rule_code = c.code
        AND s.n = c.n + 1))
  -- Rules of the same name make one item, at the place (and with the
  -- code) of the first.
  SELECT DISTINCT a.scheme_id, a.version_id, a.valid_from, a.position_id,
    first_value(l.seq) OVER n AS seq, first_value(l.code) OVER n AS code,
    l.name, group_concat(l.text, '；') OVER n AS text
  FROM aud a JOIN line l
    ON l.version_id = a.version_id AND l.position_id = a.position_id
  WINDOW n AS (PARTITION BY a.version_id, a.position_id, l.name
               ORDER BY l.seq
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
) x;

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
  target_x100   INTEGER,  -- hundredths of the KPI's unit (82.5 台 = 8250); NULL for graded
  actual_x100   INTEGER,
  points_x100   INTEGER CHECK (points_x100 IS NULL OR points_x100 >= 0), -- graded only
  remark        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (employee_id, month, kpi_code)
);

-- Points per KPI row, in centipoints, derived from kpi and kpi_result.
-- Target and actual are both in hundredths, so the ratio is the same as
-- of the whole numbers they were before decimals were kept.
CREATE VIEW kpi_score AS
SELECT r.employee_id, r.month, k.code AS kpi_code, k.seq, k.name, k.weight,
       k.kind, k.unit, r.target_x100, r.actual_x100, r.remark,
       CASE WHEN k.kind = 'ratio' AND r.target_x100 > 0
            THEN min(r.actual_x100 * 10000 / r.target_x100, 10000)
            ELSE NULL END AS achieve_bp,
       CASE WHEN k.kind = 'ratio'
            THEN CASE WHEN r.target_x100 > 0
                      THEN min(r.actual_x100 * 10000 / r.target_x100, 10000)
                           * k.weight / 100
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

-- The employees a run stored with --accept-missing did not compute, and
-- why: they get no payslip this month (未计算（本月不发放）). Each run of
-- the month replaces the list with its own, so a run that computes
-- everyone leaves it empty.
CREATE TABLE pay_unpaid (
  run_id       INTEGER NOT NULL REFERENCES pay_run(id) ON DELETE CASCADE,
  employee_id  TEXT NOT NULL,
  name         TEXT NOT NULL,            -- as the run read it
  reason       TEXT NOT NULL,            -- the message payroll printed
  reason_zh    TEXT NOT NULL DEFAULT '', -- the same in Chinese, as printed
  PRIMARY KEY (run_id, employee_id)
);

-- A stored pay slip with everything its header prints, one row per month
-- and employee: the employee, the post, the store and its identity (logo,
-- seal, issuing department, remarks), the totals and the attendance. The
-- payslip templates read it, so that a template shows another column by
-- naming it (docs/schema.md).
CREATE VIEW slip_header AS
SELECT r.month AS month, r.id AS run_id,
       e.id AS id, e.name AS name, e.gender AS gender, e.grade AS grade,
       e.hire_date AS hire_date, e.id_number AS id_number,
       e.bank_name AS bank_name, e.bank_account AS bank_account,
       e.email AS email,
       p.id AS position_id, p.title AS position, p.sort AS p_sort,
       d.id AS d_id, d.name AS dept, d.sort AS d_sort,
       s.id AS store_id, s.name AS store, s.short_name AS store_short_name,
       s.issuer_dept AS issuer_dept, s.payslip_note AS payslip_note,
       ps.gross_fen AS gross_fen, ps.deduction_fen AS deduction_fen,
       -ps.deduction_fen AS deduction_shown_fen, ps.net_fen AS net_fen,
       (SELECT f.value FROM month_fact f WHERE f.employee_id = e.id
          AND f.month = r.month AND f.measure = 'work_days') AS work_days,
       (SELECT f.value FROM month_fact f WHERE f.employee_id = e.id
          AND f.month = r.month AND f.measure = 'attend_days') AS attend_days,
       (SELECT i.png FROM store_image i WHERE i.store_id = s.id
          AND i.kind = 'logo') AS logo_png,
       (SELECT i.png FROM store_image i WHERE i.store_id = s.id
          AND i.kind = 'seal') AS seal_png
FROM pay_slip ps
JOIN pay_run r ON r.id = ps.run_id
JOIN employee e ON e.id = ps.employee_id
JOIN position p ON p.id = e.position_id
JOIN department d ON d.id = p.department_id
JOIN store s ON s.id = d.store_id;

-- The stored pay lines with their month; deductions (stored positive) also
-- negated in shown_fen, as payslips print them.
CREATE VIEW slip_line AS
SELECT r.month AS month, l.run_id AS run_id, l.employee_id AS employee_id,
       l.seq AS seq, l.rule_code AS rule_code, l.name AS name,
       l.category AS category, l.basis AS basis, l.amount_fen AS amount_fen,
       CASE WHEN l.category = 'deduction' THEN -l.amount_fen
            ELSE l.amount_fen END AS shown_fen
FROM pay_line l
JOIN pay_run r ON r.id = l.run_id;

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

-- Attendance of joiners and leavers, and figures received ready-made from
-- the OEM's DMS (a scheme reads them instead of deriving its own).
INSERT INTO measure (code, name, unit, derived, description) VALUES
 ('employed_workdays', '在职工作日',   'count', 1, 'weekdays (Monday to Friday) of the month from hire_date to leave_date'),
 ('part_month',        '本月入离职',   'count', 1, '1 when hired after the 1st or leaving before the last day of the month'),
 ('completion_in_bp',  '完成率',       'bp',    0, 'monthly achievement rate received ready-made (DMS)'),
 ('vehicle_comm_fen',  '整车提成',     'fen',   0, 'vehicle commission received ready-made (DMS)'),
 ('routine_output_fen','日常维修产值', 'fen',   0, 'personal routine repair output incl. warranty (DMS)'),
 ('accident_output_fen','事故车维修产值','fen',  0, 'personal accident repair output (DMS)'),
 ('store_routine_fen', '全店日常维修产值','fen', 0, 'store_fact: routine repair output incl. warranty (DMS)'),
 ('store_accident_fen','全店事故车维修产值','fen',0, 'store_fact: accident repair output (DMS)'),
 ('store_output_target_fen','本月产值目标','fen', 0, 'store_fact: the month''s output target, when the year''s is not split evenly'),
 ('store_output_ach_bp','产值目标达成率','bp',  1, 'store_output_fen / the month''s first output target'),
 ('store_output_ach2_bp','第二目标达成率','bp', 1, 'store_output_fen / the month''s second output target'),
 ('csi_x100',          'CSI满意度',    'score', 0, 'store_fact: CSI satisfaction score of the month'),
 ('ten_item_x100',     '十项调查得分', 'score', 0, 'store_fact: ten-item survey score of the month');

-- Archive ledger: one row per archived PDF, append-only (hrpress archive;
-- docs/archive.md). path is relative to the archive directory; sha256 is the
-- hex digest of the whole file; signer_sha256 the signing certificate's
-- fingerprint, NULL when unsigned; archive_id the id in the archive
-- directory's hrpress-archive.id ('' for rows written before it existed).
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
  version        INTEGER NOT NULL CHECK (version >= 1),
  archive_id     TEXT NOT NULL DEFAULT ''  -- the archive directory's id
);
CREATE INDEX archive_ledger_path ON archive_ledger(archive_id, path);
CREATE INDEX IF NOT EXISTS archive_ledger_sha256 ON archive_ledger(sha256);
CREATE TRIGGER IF NOT EXISTS archive_ledger_no_update
BEFORE UPDATE ON archive_ledger
BEGIN SELECT RAISE(ABORT, 'archive_ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS archive_ledger_no_delete
BEFORE DELETE ON archive_ledger
BEGIN SELECT RAISE(ABORT, 'archive_ledger is append-only'); END;

-- ---------------------------------------------------------------- month end
-- A closed (reviewed and locked) month: import, payroll and scheme changes
-- that would alter its stored pay run are refused until it is reopened
-- (hrpress close / reopen; docs/payroll.md).
CREATE TABLE IF NOT EXISTS month_lock (
  month      TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  closed_at  TEXT NOT NULL,
  closed_by  TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
);
-- Every close and reopen, append-only like archive_ledger.
CREATE TABLE IF NOT EXISTS month_audit (
  id       INTEGER PRIMARY KEY,
  month    TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  action   TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
  at       TEXT NOT NULL,
  by_user  TEXT NOT NULL,
  reason   TEXT NOT NULL DEFAULT '',
  CHECK (action = 'close' OR reason <> '')
);
CREATE TRIGGER IF NOT EXISTS month_audit_no_update
BEFORE UPDATE ON month_audit
BEGIN SELECT RAISE(ABORT, 'month_audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS month_audit_no_delete
BEFORE DELETE ON month_audit
BEGIN SELECT RAISE(ABORT, 'month_audit is append-only'); END;

-- Year-to-date income-tax figures of the months before hrpress was used,
-- per employee and tax year, so that the cumulative withholding of the
-- first month in hrpress is right (hrpress import DB iit_opening; the
-- stored runs and deductions of months up to upto_month are not counted
-- again). Money in fen.
CREATE TABLE IF NOT EXISTS iit_opening (
  employee_id   TEXT NOT NULL REFERENCES employee(id),
  year          INTEGER NOT NULL,
  upto_month    TEXT NOT NULL CHECK (upto_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  income_fen    INTEGER NOT NULL CHECK (income_fen >= 0),   -- 累计收入
  si_fen        INTEGER NOT NULL CHECK (si_fen >= 0),       -- 累计专项扣除
  extra_fen     INTEGER NOT NULL CHECK (extra_fen >= 0),    -- 累计专项附加扣除
  withheld_fen  INTEGER NOT NULL CHECK (withheld_fen >= 0), -- 累计已预缴税额
  months        INTEGER NOT NULL CHECK (months BETWEEN 0 AND 12), -- 累计减除费用月数
  PRIMARY KEY (employee_id, year),
  CHECK (CAST(substr(upto_month, 1, 4) AS INTEGER) = year)
);
-- ---------------------------------------------------------------- stale runs
-- A counter per input table (and month, for monthly tables; '' otherwise)
-- that triggers raise on every insert, update and delete (of employee and
-- position: of the columns pay depends on). A pay run keeps the counters
-- it saw in pay_run_input; when one has moved since, the run is stale and
-- the commands that print it refuse (docs/payroll.md#stale-runs).
CREATE TABLE IF NOT EXISTS data_change (
  source  TEXT NOT NULL,                 -- the table changed
  month   TEXT NOT NULL DEFAULT '',      -- its month; '' for other tables
  n       INTEGER NOT NULL DEFAULT 0,    -- changes so far
  PRIMARY KEY (source, month)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pay_run_input (
  run_id  INTEGER NOT NULL REFERENCES pay_run(id) ON DELETE CASCADE,
  source  TEXT NOT NULL,
  month   TEXT NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (run_id, source, month)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS month_fact_change_i AFTER INSERT ON month_fact
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('month_fact', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS month_fact_change_u AFTER UPDATE ON month_fact
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('month_fact', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
  INSERT INTO data_change (source, month, n) VALUES ('month_fact', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS month_fact_change_d AFTER DELETE ON month_fact
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('month_fact', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS vehicle_sale_change_i AFTER INSERT ON vehicle_sale
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_sale', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS vehicle_sale_change_u AFTER UPDATE ON vehicle_sale
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_sale', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_sale', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS vehicle_sale_change_d AFTER DELETE ON vehicle_sale
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_sale', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS kpi_result_change_i AFTER INSERT ON kpi_result
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('kpi_result', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS kpi_result_change_u AFTER UPDATE ON kpi_result
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('kpi_result', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
  INSERT INTO data_change (source, month, n) VALUES ('kpi_result', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS kpi_result_change_d AFTER DELETE ON kpi_result
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('kpi_result', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS store_fact_change_i AFTER INSERT ON store_fact
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('store_fact', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS store_fact_change_u AFTER UPDATE ON store_fact
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('store_fact', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
  INSERT INTO data_change (source, month, n) VALUES ('store_fact', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS store_fact_change_d AFTER DELETE ON store_fact
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('store_fact', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_deduction_change_i AFTER INSERT ON iit_deduction
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_deduction', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_deduction_change_u AFTER UPDATE ON iit_deduction
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_deduction', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
  INSERT INTO data_change (source, month, n) VALUES ('iit_deduction', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_deduction_change_d AFTER DELETE ON iit_deduction
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_deduction', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS employee_change_i AFTER INSERT ON employee
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('employee', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS employee_change_u AFTER UPDATE OF position_id, grade, hire_date, probation_end,
  leave_date, base_fen, perf_fen, scheme_id ON employee
WHEN OLD.position_id IS NOT NEW.position_id
  OR OLD.grade IS NOT NEW.grade
  OR OLD.hire_date IS NOT NEW.hire_date
  OR OLD.probation_end IS NOT NEW.probation_end
  OR OLD.leave_date IS NOT NEW.leave_date
  OR OLD.base_fen IS NOT NEW.base_fen
  OR OLD.perf_fen IS NOT NEW.perf_fen
  OR OLD.scheme_id IS NOT NEW.scheme_id
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('employee', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS employee_change_d AFTER DELETE ON employee
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('employee', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS position_change_i AFTER INSERT ON position
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('position', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS position_change_u AFTER UPDATE OF department_id, scheme_id ON position
WHEN OLD.department_id IS NOT NEW.department_id OR OLD.scheme_id IS NOT NEW.scheme_id
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('position', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS position_change_d AFTER DELETE ON position
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('position', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_change_i AFTER INSERT ON scheme
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_change_u AFTER UPDATE ON scheme
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_change_d AFTER DELETE ON scheme
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_version_change_i AFTER INSERT ON scheme_version
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme_version', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_version_change_u AFTER UPDATE ON scheme_version
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme_version', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_version_change_d AFTER DELETE ON scheme_version
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme_version', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_rule_change_i AFTER INSERT ON pay_rule
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_rule', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_rule_change_u AFTER UPDATE ON pay_rule
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_rule', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_rule_change_d AFTER DELETE ON pay_rule
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_rule', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS tier_change_i AFTER INSERT ON tier
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('tier', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS tier_change_u AFTER UPDATE ON tier
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('tier', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS tier_change_d AFTER DELETE ON tier
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('tier', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_param_change_i AFTER INSERT ON pay_param
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_param', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_param_change_u AFTER UPDATE ON pay_param
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_param', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_param_change_d AFTER DELETE ON pay_param
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_param', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_term_change_i AFTER INSERT ON pay_term
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_term', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_term_change_u AFTER UPDATE ON pay_term
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_term', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_term_change_d AFTER DELETE ON pay_term
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_term', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS vehicle_model_change_i AFTER INSERT ON vehicle_model
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_model', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS vehicle_model_change_u AFTER UPDATE ON vehicle_model
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_model', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS vehicle_model_change_d AFTER DELETE ON vehicle_model
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('vehicle_model', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS si_rate_change_i AFTER INSERT ON si_rate
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('si_rate', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS si_rate_change_u AFTER UPDATE ON si_rate
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('si_rate', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS si_rate_change_d AFTER DELETE ON si_rate
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('si_rate', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS si_base_change_i AFTER INSERT ON si_base
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('si_base', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS si_base_change_u AFTER UPDATE ON si_base
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('si_base', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS si_base_change_d AFTER DELETE ON si_base
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('si_base', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_bracket_change_i AFTER INSERT ON iit_bracket
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_bracket', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_bracket_change_u AFTER UPDATE ON iit_bracket
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_bracket', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_bracket_change_d AFTER DELETE ON iit_bracket
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_bracket', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_threshold_change_i AFTER INSERT ON iit_threshold
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_threshold', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_threshold_change_u AFTER UPDATE ON iit_threshold
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_threshold', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_threshold_change_d AFTER DELETE ON iit_threshold
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_threshold', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS kpi_change_i AFTER INSERT ON kpi
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('kpi', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS kpi_change_u AFTER UPDATE ON kpi
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('kpi', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS kpi_change_d AFTER DELETE ON kpi
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('kpi', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_run_change_i AFTER INSERT ON pay_run
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_run', NEW.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS pay_run_change_d AFTER DELETE ON pay_run
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('pay_run', OLD.month, 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_opening_change_i AFTER INSERT ON iit_opening
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_opening', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_opening_change_u AFTER UPDATE ON iit_opening
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_opening', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS iit_opening_change_d AFTER DELETE ON iit_opening
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('iit_opening', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;

-- stale runs: which scheme a post or person is on is an input too
CREATE TRIGGER IF NOT EXISTS scheme_assignment_change_i AFTER INSERT ON scheme_assignment
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme_assignment', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_assignment_change_u AFTER UPDATE ON scheme_assignment
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme_assignment', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS scheme_assignment_change_d AFTER DELETE ON scheme_assignment
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('scheme_assignment', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;

-- This database's identity: one random id made when the database is created
-- (or upgraded to version 2). A copy (cp, a backup, a job runner's copy for
-- an archive shard) keeps it, so hrpress ledger merge can tell a copy of
-- this database from another one. Never changed.
CREATE TABLE IF NOT EXISTS db_identity (
  one  INTEGER PRIMARY KEY CHECK (one = 1),
  id   TEXT NOT NULL CHECK (length(id) = 32)
);
INSERT OR IGNORE INTO db_identity (one, id) VALUES (1, lower(hex(randomblob(16))));
CREATE TRIGGER IF NOT EXISTS db_identity_no_update
BEFORE UPDATE ON db_identity
BEGIN SELECT RAISE(ABORT, 'db_identity is never changed'); END;
CREATE TRIGGER IF NOT EXISTS db_identity_no_delete
BEFORE DELETE ON db_identity
BEGIN SELECT RAISE(ABORT, 'db_identity is never changed'); END;

-- The after-sales department's targets of a year, per store (DOMAIN §3.4:
-- 第一目标 220万, 第二目标 240万; CSI ≥ 900, 十项调查 ≥ 92). Output
-- targets are annual, in fen: a month's target is the annual one ÷ 12
-- unless the store fact store_output_target_fen (store_output_target2_fen)
-- gives the month's own; the regular service advisors share it
-- (docs/payroll.md). The quality targets are minimum scores in
-- centipoints (900 → 90000). NULL: not set.
CREATE TABLE IF NOT EXISTS service_target (
  store_id          TEXT NOT NULL REFERENCES store(id),
  year              INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  output_fen        INTEGER CHECK (output_fen > 0),    -- 第一目标 总产值
  routine_fen       INTEGER CHECK (routine_fen >= 0),  -- 第一目标 日常维修（含保修）
  accident_fen      INTEGER CHECK (accident_fen >= 0), -- 第一目标 事故车维修
  output2_fen       INTEGER CHECK (output2_fen > 0),   -- 第二目标 总产值
  routine2_fen      INTEGER CHECK (routine2_fen >= 0),
  accident2_fen     INTEGER CHECK (accident2_fen >= 0),
  csi_min_x100      INTEGER CHECK (csi_min_x100 >= 0),      -- CSI满意度不低于
  ten_item_min_x100 INTEGER CHECK (ten_item_min_x100 >= 0), -- 十项调查不低于
  PRIMARY KEY (store_id, year)
);
CREATE TRIGGER IF NOT EXISTS service_target_change_i AFTER INSERT ON service_target
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('service_target', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS service_target_change_u AFTER UPDATE ON service_target
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('service_target', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS service_target_change_d AFTER DELETE ON service_target
BEGIN
  INSERT INTO data_change (source, month, n) VALUES ('service_target', '', 1)
  ON CONFLICT (source, month) DO UPDATE SET n = n + 1;
END;
-- The measures of the targets: a service advisor's share of the month's
-- output target, and whether the quality targets are met.
INSERT OR IGNORE INTO measure (code, name, unit, derived, description) VALUES
 ('output_target_fen', '个人产值目标', 'fen',   0, 'month_fact: a service advisor''s own output target; else a share of the store''s month target'),
 ('output_weight',     '产值目标权重', 'count', 0, 'month_fact: the advisor''s weight in the split of the store''s output target (default 1)'),
 ('store_output_target2_fen','本月第二目标','fen', 0, 'store_fact: the month''s second output target, when the year''s is not split evenly'),
 ('csi_met',           'CSI满意度达标', 'count', 1, '1 when csi_x100 is at least the year''s CSI target'),
 ('ten_item_met',      '十项调查达标', 'count', 1, '1 when ten_item_x100 is at least the year''s ten-item target');

PRAGMA user_version = 2;
