/* SPDX-License-Identifier: MIT */
/*
 * Import kind iit_opening: each employee's year-to-date income-tax figures
 * of the months before the first month computed in hrpress (cumulative
 * income, social insurance and housing fund, special additional
 * deductions, tax withheld, months counted), into table iit_opening. All
 * rows or none, like every import; docs/import.md lists the columns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "import.h"
#include "month.h"
#include "xmem.h"

enum ocol {
	O_EMPLOYEE,
	O_NAME,
	O_UPTO,
	O_INCOME,
	O_SI,
	O_EXTRA,
	O_WITHHELD,
	O_MONTHS,
	O__COUNT
};

/* Header names a clerk may use (after import_header_key()). */
static const char *const ocol_names[O__COUNT] = {
    "工号|员工编号|employee_id",
    "姓名|name",
    "截至月份|截止月份|upto_month",
    "累计收入|累计收入额|income",
    "累计专项扣除|累计社保公积金|si",
    "累计专项附加扣除|extra",
    "累计已预缴税额|累计已缴税额|累计已扣缴税额|withheld",
    "累计月数|累计减除费用月数|months",
};

struct octx {
	struct db *db;
	struct diag *d;
	struct arena *a;
	const char *file;
	const struct import_record *hdr;
	int col[O__COUNT];
	int errors0;
};

static void oerror(struct octx *c, int line, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
oerror(struct octx *c, int line, int field, const char *fmt, ...)
{
	struct srcpos p = {c->file, line, field >= 0 ? field + 1 : 0};
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (field >= 0 && (size_t)field < c->hdr->nfields)
		diag_report(c->d, DIAG_CSV_FIELD, &p, "%s: %s",
		            c->hdr->fields[field], msg);
	else
		diag_report(c->d, DIAG_CSV_FIELD, &p, "%s", msg);
}

static int
name_match(const char *names, const char *key)
{
	size_t n = strlen(key);
	const char *s = names, *bar;

	while (*s != '\0') {
		bar = strchr(s, '|');
		if (bar == NULL)
			bar = s + strlen(s);
		if ((size_t)(bar - s) == n && strncmp(s, key, n) == 0)
			return 1;
		s = *bar == '|' ? bar + 1 : bar;
	}
	return 0;
}

static int
parse_header(struct octx *c)
{
	size_t f;
	int k;

	for (k = 0; k < O__COUNT; k++)
		c->col[k] = -1;
	for (f = 0; f < c->hdr->nfields; f++) {
		const char *key = import_header_key(c->a, c->hdr->fields[f]);

		if (*key == '\0')
			continue;
		for (k = 0; k < O__COUNT; k++)
			if (name_match(ocol_names[k], key))
				break;
		if (k == O__COUNT) {
			oerror(
			    c, c->hdr->line, (int)f,
			    "unknown column (the "
			    "columns of iit_opening are 工号, 姓名, 截至月份, "
			    "累计收入, 累计专项扣除, 累计专项附加扣除, "
			    "累计已预缴税额, 累计月数)");
			continue;
		}
		if (c->col[k] >= 0)
			oerror(c, c->hdr->line, (int)f,
			       "the same column as "
			       "field %d",
			       c->col[k] + 1);
		c->col[k] = (int)f;
	}
	if (c->col[O_EMPLOYEE] < 0 || c->col[O_UPTO] < 0 ||
	    c->col[O_INCOME] < 0)
		oerror(c, c->hdr->line, -1,
		       "missing required column: 工号, "
		       "截至月份 and 累计收入 are required");
	return diag_errors(c->d) > c->errors0 ? -1 : 0;
}

static const char *
cellv(const struct octx *c, const struct import_record *r, enum ocol k)
{
	if (c->col[k] < 0 || (size_t)c->col[k] >= r->nfields)
		return "";
	return r->fields[c->col[k]];
}

static int64_t
yuan(struct octx *c, const struct import_record *r, enum ocol k)
{
	const char *s = cellv(c, r, k), *why;
	int64_t fen = 0;

	if (*s != '\0' && import_parse_yuan(s, 0, &fen, &why) < 0)
		oerror(c, r->line, c->col[k], "\"%s\" %s", s, why);
	return fen;
}

/* One row: checked, then (when nothing failed so far) stored. */
static int
one_row(struct octx *c, const struct import_record *r, int replace,
        struct import_stats *st, struct buf *seen)
{
	const char *emp = cellv(c, r, O_EMPLOYEE), *upto = cellv(c, r, O_UPTO);
	const char *ms = cellv(c, r, O_MONTHS), *why;
	struct db_param p[8];
	struct db_rows rows;
	int64_t months = 0, n;
	int year = 0, mon = 0;
	char *key, month[MONTH_TEXT], jan[MONTH_TEXT], dec[MONTH_TEXT];
	struct month m;

	if (!import_is_id(emp)) {
		oerror(c, r->line, c->col[O_EMPLOYEE],
		       "\"%s\" is not an "
		       "employee id",
		       emp);
		return 0;
	}
	p[0] = db_param_text("e", emp);
	if (db_query(c->db, "SELECT count(*) FROM employee WHERE id = :e", NULL,
	             p, 1, c->a, &rows, c->d) < 0)
		return -1;
	if (db_cell(&rows, 0, 0)->i == 0)
		oerror(c, r->line, c->col[O_EMPLOYEE],
		       "unknown employee %s "
		       "(import staff first)",
		       emp);
	/* as a spreadsheet writes it: 2025-04, 2025/4, 2025年4月 */
	if (month_read(upto, &m, &why) < 0) {
		oerror(c, r->line, c->col[O_UPTO],
		       "\"%s\" is not a month "
		       "(YYYY-MM): the last month the figures cover",
		       upto);
		return 0;
	}
	year = m.year;
	mon = m.month;
	month_format(m, month);
	upto = month;
	if (*ms == '\0')
		months = mon;
	else if (import_parse_count(ms, &months, &why) < 0)
		oerror(c, r->line, c->col[O_MONTHS], "\"%s\" %s", ms, why);
	else if (months > mon)
		oerror(c, r->line, c->col[O_MONTHS],
		       "%lld months, but "
		       "January to %s has %d",
		       (long long)months, upto, mon);
	key = arena_printf(c->a, "\n%s\x1f%d\n", emp, year);
	if (seen->len > 0 && strstr(buf_cstr(seen), key) != NULL) {
		oerror(c, r->line, c->col[O_EMPLOYEE],
		       "duplicate row: %s "
		       "has another row for %d",
		       emp, year);
		return 0;
	}
	buf_adds(seen, key);
	buf_addc(seen, '\n');
	p[1] = db_param_int("y", year);
	p[2] = db_param_text("upto", upto);
	p[3] = db_param_int("income", yuan(c, r, O_INCOME));
	p[4] = db_param_int("si", yuan(c, r, O_SI));
	p[5] = db_param_int("extra", yuan(c, r, O_EXTRA));
	p[6] = db_param_int("withheld", yuan(c, r, O_WITHHELD));
	p[7] = db_param_int("months", months);
	if (db_query(c->db,
	             "SELECT count(*) FROM iit_opening WHERE "
	             "employee_id = :e AND year = :y",
	             NULL, p, 2, c->a, &rows, c->d) < 0)
		return -1;
	n = db_cell(&rows, 0, 0)->i;
	if (n > 0 && !replace) {
		oerror(
		    c, r->line, c->col[O_EMPLOYEE],
		    "the opening of %s for "
		    "%d is already in the database (import with --replace to "
		    "replace it)",
		    emp, year);
		return 0;
	}
	month_format(month_tax_year_first(m), jan);
	month_format(month_tax_year_last(m), dec);
	if (closing_check_range(
	        c->db, jan, dec,
	        arena_printf(c->a, "import of iit_opening from %s", c->file),
	        c->d) < 0)
		return 0;
	if (diag_errors(c->d) > c->errors0)
		return 0;
	if (n > 0) {
		if (db_query(c->db,
		             "DELETE FROM iit_opening WHERE employee_id "
		             "= :e AND year = :y",
		             NULL, p, 2, NULL, NULL, c->d) < 0)
			return -1;
		st->deleted++;
	}
	if (db_query(c->db,
	             "INSERT INTO iit_opening (employee_id, year, "
	             "upto_month, income_fen, si_fen, extra_fen, withheld_fen, "
	             "months)"
	             " VALUES (:e, :y, :upto, :income, :si, :extra, :withheld, "
	             ":months)",
	             NULL, p, 8, NULL, NULL, c->d) < 0)
		return -1;
	if (n == 0)
		st->inserted++;
	return 0;
}

static int
run(struct octx *c, const struct import_csv *csv, int replace,
    struct import_stats *st)
{
	struct buf seen;
	size_t i, f;
	int rc = 0;

	if (csv->nrecords == 0) {
		struct srcpos p = {c->file, 0, 0};

		diag_report(c->d, DIAG_CSV_SYNTAX, &p,
		            "empty file: expected a header row");
		return -1;
	}
	c->hdr = &csv->records[0];
	if (parse_header(c) < 0)
		return -1;
	buf_init(&seen, 0);
	buf_addc(&seen, '\n');
	for (i = 1; i < csv->nrecords && rc == 0; i++) {
		const struct import_record *r = &csv->records[i];

		for (f = 0; f < r->nfields && r->fields[f][0] == '\0'; f++)
			;
		if (f == r->nfields)
			continue;
		st->rows++;
		rc = one_row(c, r, replace, st, &seen);
	}
	buf_free(&seen);
	if (rc < 0 || diag_errors(c->d) > c->errors0)
		return -1;
	return 0;
}

int
import_opening_file(struct db *db, const char *path, enum import_encoding enc,
                    int replace, struct import_stats *st, struct diag *d)
{
	struct srcpos pos = {path, 0, 0};
	struct import_csv *csv;
	struct octx c;
	struct buf b;
	char chunk[65536], *text;
	size_t n, tlen;
	FILE *f;
	int rc;

	memset(st, 0, sizeof(*st));
	if ((f = fopen(path, "rb")) == NULL) {
		diag_report(d, DIAG_IO_OPEN, &pos, "%s", strerror(errno));
		return -1;
	}
	buf_init(&b, IMPORT_MAX_FILE_BYTES);
	rc = 0;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n) < 0) {
			diag_report(d, DIAG_CSV_LIMIT, &pos,
			            "larger than %u bytes",
			            IMPORT_MAX_FILE_BYTES);
			rc = -1;
		}
	if (rc == 0 && ferror(f)) {
		diag_report(d, DIAG_IO_READ, &pos, "%s", strerror(errno));
		rc = -1;
	}
	fclose(f);
	text = rc == 0 ? import_decode(b.data ? b.data : "", b.len, enc, path,
	                               &st->encoding, &tlen, d)
	               : NULL;
	buf_free(&b);
	if (text == NULL)
		return -1;
	csv = import_csv_parse(text, tlen, path, d);
	free(text);
	if (csv == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.d = d;
	c.a = arena_new();
	c.file = path;
	c.errors0 = diag_errors(d);
	rc = db_begin(db, d);
	if (rc == 0)
		rc = run(&c, csv, replace, st);
	if (rc == 0)
		rc = db_commit(db, d);
	if (rc != 0) {
		db_rollback(db);
		st->inserted = st->updated = st->deleted = 0;
		st->renewed = 0;
	}
	arena_free(c.a);
	import_csv_free(csv);
	return rc;
}
