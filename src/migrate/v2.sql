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
