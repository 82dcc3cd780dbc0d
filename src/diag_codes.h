/* SPDX-License-Identifier: MIT */
/*
 * The diagnostic table: DIAG(CODE, CLASS, "message"). CLASS is USER (bad
 * input: exit 1), ENV (environment: missing file, I/O; exit 1), INTERNAL
 * (library failure or bug: exit 2) or WARN (a warning; does not fail).
 * Included by diag.h (enum) and diag.c (table); docs/diagnostics.md lists
 * every code. Messages are lowercase, one line, no period.
 */
/* command line */
DIAG(DIAG_CLI_USAGE, USER, "usage")
DIAG(DIAG_CLI_UNKNOWN_COMMAND, USER, "unknown command")
DIAG(DIAG_CLI_UNKNOWN_OPTION, USER, "unknown option")
DIAG(DIAG_CLI_MISSING_ARG, USER, "option needs an argument")
DIAG(DIAG_CLI_BAD_MONTH, USER, "invalid month, expected YYYY-MM")
DIAG(DIAG_CLI_BAD_VALUE, USER, "invalid option value")
DIAG(DIAG_CLI_UNKNOWN_EMPLOYEE, USER, "unknown employee")
/* files and environment */
DIAG(DIAG_IO_OPEN, ENV, "cannot open file")
DIAG(DIAG_IO_READ, ENV, "cannot read file")
DIAG(DIAG_IO_WRITE, ENV, "cannot write file")
DIAG(DIAG_IO_EXISTS, USER, "file already exists")
DIAG(DIAG_IO_SAME_FILE, USER, "output is the same file as an input")
DIAG(DIAG_IMAGE_BAD, USER, "not a usable PNG picture")
/* database */
DIAG(DIAG_DB_OPEN, ENV, "cannot open database")
DIAG(DIAG_DB_MISSING, USER, "database does not exist")
DIAG(DIAG_DB_VERSION, USER, "wrong database schema version")
DIAG(DIAG_DB_UPGRADED, WARN, "database upgraded")
DIAG(DIAG_DB_BUSY, INTERNAL, "database is busy")
DIAG(DIAG_DB_LIMIT, USER, "query over its limit")
DIAG(DIAG_DB_SQL, INTERNAL, "database error")
DIAG(DIAG_DB_DENIED, USER, "statement not allowed in a read-only query")
DIAG(DIAG_DB_EXISTS, USER, "database already initialised")
DIAG(DIAG_DB_DATA, USER, "invalid data in database")
DIAG(DIAG_STORE_UNKNOWN, USER, "no such store")
/* templates */
DIAG(DIAG_TMPL_XML, USER, "template is not well-formed XML")
DIAG(DIAG_TMPL_SCHEMA, USER, "template does not match the schema")
DIAG(DIAG_TMPL_NAMESPACE, USER,
     "not an hrpress template (wrong namespace or version)")
DIAG(DIAG_TMPL_DUP_QUERY, USER, "duplicate query name")
DIAG(DIAG_TMPL_UNKNOWN_QUERY, USER, "unknown query")
DIAG(DIAG_TMPL_SQL, USER, "error in template SQL")
DIAG(DIAG_TMPL_UNBOUND_PARAM, USER, "query parameter has no value")
DIAG(DIAG_TMPL_UNKNOWN_FIELD, USER, "unknown field")
DIAG(DIAG_TMPL_UNKNOWN_FORMAT, USER, "unknown format")
DIAG(DIAG_TMPL_EXPR, USER, "invalid expression")
DIAG(DIAG_TMPL_BAD_VALUE, USER, "invalid attribute value")
DIAG(DIAG_TMPL_TOO_MANY, USER, "too many errors, giving up")
/* binding data into a template */
DIAG(DIAG_BIND_FORMAT, USER, "value does not fit the format")
DIAG(DIAG_BIND_UTF8, USER, "invalid UTF-8 in data")
DIAG(DIAG_BIND_NO_ROWS, WARN, "query returned no rows")
DIAG(DIAG_BIND_EMPTY, USER, "no data for a required section")
/* fonts and layout */
DIAG(DIAG_FONT_MISSING, ENV, "font not found")
DIAG(DIAG_FONT_BAD, ENV, "cannot use font")
DIAG(DIAG_FONT_SUBSET, INTERNAL, "font subsetting failed")
DIAG(DIAG_LAYOUT_GLYPH, USER, "character not in any font")
DIAG(DIAG_LAYOUT_TOO_WIDE, USER, "content does not fit the page width")
DIAG(DIAG_LAYOUT_SLOT, USER, "content taller than its slot on the page")
DIAG(DIAG_LAYOUT_TOC, INTERNAL, "table of contents did not settle")
/* PDF */
DIAG(DIAG_PDF_LIBHARU, INTERNAL, "PDF library error")
DIAG(DIAG_PDF_ENCRYPT, INTERNAL, "cannot encrypt PDF")
DIAG(DIAG_PAYSLIP_PASSWORD, USER, "employee has no usable payslip password")
/* payroll */
DIAG(DIAG_PAY_NO_SCHEME, USER, "no pay scheme in force")
DIAG(DIAG_PAY_BAD_RULE, USER, "invalid pay rule")
DIAG(DIAG_PAY_NO_FACTS, USER, "no monthly data for employee")
DIAG(DIAG_PAY_OVERFLOW, USER, "amount out of range")
DIAG(DIAG_PAY_RULE_RANGE, USER, "pay rule calculation out of range")
DIAG(DIAG_PAY_EMPLOYEE, USER, "cannot compute employee")
DIAG(DIAG_PAY_NO_RATES, USER, "no social insurance rates or tax table in force")
DIAG(DIAG_PAY_NO_RUN, WARN,
     "earlier month of the tax year has no stored pay run")
DIAG(DIAG_PAY_NOT_STORED, USER, "no payroll stored for the month")
DIAG(DIAG_PAY_NO_SI_BASE, WARN,
     "no contribution base: no social insurance deducted")
DIAG(DIAG_PAY_LATER_RUNS, WARN,
     "later months of the tax year used the old figures")
/* month end */
DIAG(DIAG_MONTH_CLOSED, USER, "month is closed")
DIAG(DIAG_MONTH_CLOSE, USER, "cannot close or reopen month")
DIAG(DIAG_PAY_NOT_COMPUTED, WARN, "employee not computed, not paid")
DIAG(DIAG_PAY_STALE, USER, "stored pay run is out of date")
DIAG(DIAG_PAY_STALE_WARN, WARN, "stored pay run is out of date")
DIAG(DIAG_ARCHIVE_OPEN_MONTH, WARN, "month is not closed")

DIAG(DIAG_EXPORT_NO_ACCOUNT, USER,
     "employee has no bank account for the bank list")
DIAG(DIAG_EXPORT_LEFT_OUT, WARN, "employee left out of the bank list")
/* pay schemes (hrpress scheme) */
DIAG(DIAG_SCHEME_UNKNOWN, USER, "unknown pay scheme")
DIAG(DIAG_SCHEME_VERSION, USER, "no such scheme version")
DIAG(DIAG_SCHEME_ROWS, USER, "scheme file does not match the version")
DIAG(DIAG_SCHEME_RUNS, USER, "stored pay runs would change")
DIAG(DIAG_SCHEME_TARGET, USER, "no such position or employee")
/* import */
DIAG(DIAG_CSV_SYNTAX, USER, "malformed CSV")
DIAG(DIAG_CSV_ENCODING, USER, "invalid text encoding")
DIAG(DIAG_CSV_FIELD, USER, "invalid field")
DIAG(DIAG_IMPORT_GLYPH, WARN, "character in no font")
DIAG(DIAG_CSV_LIMIT, USER, "CSV input too large")
DIAG(DIAG_CSV_PAY_RUN, WARN, "month already has a pay run, run payroll again")
DIAG(DIAG_XLSX_FORMAT, USER, "cannot read the Excel workbook")
DIAG(DIAG_XLSX_CELL, USER, "cell cannot be imported")
DIAG(DIAG_XLSX_LIMIT, USER, "workbook too large")
/* archive, signatures and verification */
DIAG(DIAG_ARCHIVE_BAD_NAME, USER, "unsafe name for an archive path")
DIAG(DIAG_ARCHIVE_LEDGER, ENV, "archive ledger error")
DIAG(DIAG_ARCHIVE_VERIFY, USER, "verification failed")
DIAG(DIAG_ARCHIVE_UNTRUSTED, USER, "signer not trusted")
DIAG(DIAG_LEDGER_CONFLICT, USER, "archive ledgers conflict")
DIAG(DIAG_LEDGER_FOREIGN, USER, "not a copy of the main database")
DIAG(DIAG_LEDGER_REFUSED, USER, "ledger merge refused")
DIAG(DIAG_LEDGER_ARCHIVES, WARN,
     "shards wrote into different archive directories")
DIAG(DIAG_SIGN_KEY, USER, "cannot use signing key or certificate")
DIAG(DIAG_SIGN_PDF, INTERNAL, "cannot sign PDF")
/* worker processes (jobs) */
DIAG(DIAG_JOBS_WORKER, USER, "worker process failed")
DIAG(DIAG_JOBS_CRASH, INTERNAL, "worker process crashed")
DIAG(DIAG_JOBS_SYSTEM, ENV, "cannot start worker process")
