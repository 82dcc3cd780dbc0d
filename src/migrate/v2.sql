-- Upgrade a database of schema version 1 to version 2. Every statement of
-- schema.sql that is new in version 2 is repeated here, in the same order,
-- so that an upgraded database has exactly the schema of a new one
-- (tests/unit/test_db.c compares the two). db.c runs this script in one
-- transaction and sets PRAGMA user_version = 2 after it.

-- employee: the fields a private payslip and the bank list need
ALTER TABLE employee ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
ALTER TABLE employee ADD COLUMN bank_name TEXT NOT NULL DEFAULT '';
ALTER TABLE employee ADD COLUMN bank_account TEXT NOT NULL DEFAULT '';
ALTER TABLE employee ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE employee ADD COLUMN payslip_password TEXT;

-- store: the identity texts the built-in templates print
ALTER TABLE store ADD COLUMN issuer_dept TEXT NOT NULL DEFAULT '';
ALTER TABLE store ADD COLUMN payslip_note TEXT NOT NULL DEFAULT '';
ALTER TABLE store ADD COLUMN handbook_title TEXT NOT NULL DEFAULT '';
ALTER TABLE store ADD COLUMN handbook_subtitle TEXT NOT NULL DEFAULT '';

-- archive_ledger: which archive directory a row belongs to. A database
-- made before the archive existed has no ledger yet: create it first.
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
ALTER TABLE archive_ledger ADD COLUMN archive_id TEXT NOT NULL DEFAULT '';
CREATE INDEX archive_ledger_path ON archive_ledger(archive_id, path);

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

-- Attendance of joiners and leavers, and figures received ready-made from
-- the OEM's DMS (a scheme reads them instead of deriving its own).
INSERT OR IGNORE INTO measure (code, name, unit, derived, description) VALUES
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
