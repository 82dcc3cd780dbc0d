/* SPDX-License-Identifier: MIT */
/*
 * CSV import: bytes in UTF-8 or GBK are decoded to UTF-8, split into RFC 4180
 * records, matched to the columns of one kind (staff, facts, sales, kpi),
 * checked row by row against the database, and written in one transaction.
 * Any error rolls everything back.
 */
#include "import.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "utf8.h"
#include "xmem.h"

/* Longest id (employee, position, scheme, KPI code) and text we accept. */
#define ID_MAX_BYTES 32
#define TEXT_MAX_CHARS 200
/* Largest count and largest percent/points value (x100) accepted. */
#define COUNT_MAX INT64_C(1000000000)
#define DEC2_MAX INT64_C(100000000)

/* ------------------------------------------------------------ names */

int
import_kind_lookup(const char *name)
{
	static const char *const names[] = {"staff", "facts", "sales", "kpi"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

int
import_encoding_lookup(const char *name)
{
	if (strcasecmp(name, "auto") == 0)
		return IMPORT_ENC_AUTO;
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		return IMPORT_ENC_UTF8;
	if (strcasecmp(name, "gbk") == 0 || strcasecmp(name, "gb18030") == 0)
		return IMPORT_ENC_GBK;
	return -1;
}

const char *
import_encoding_name(enum import_encoding enc)
{
	return enc == IMPORT_ENC_GBK ? "GBK" : "UTF-8";
}

/* ------------------------------------------------------------ decoding */

/* Line of byte off (1-based) and the start of that line. */
static int
line_of(const char *data, size_t off, size_t *line_start)
{
	int line = 1;
	size_t i;

	*line_start = 0;
	for (i = 0; i < off; i++)
		if (data[i] == '\n') {
			line++;
			*line_start = i + 1;
		}
	return line;
}

static void
report_bytes(struct diag *d, const char *file, int line, int col,
    const char *data, size_t off, size_t len, const char *what)
{
	struct srcpos p = {file, line, col};
	const unsigned char *u = (const unsigned char *)data + off;

	if (off + 1 < len)
		diag_report(d, DIAG_CSV_ENCODING, &p,
		    "bytes 0x%02X 0x%02X: %s", u[0], u[1], what);
	else
		diag_report(d, DIAG_CSV_ENCODING, &p, "byte 0x%02X: %s", u[0],
		    what);
}

/*
 * GB18030 → UTF-8 with iconv(3). Returns the text, or NULL with *bad set to
 * the offset of the first invalid sequence and *bad_col to its column.
 */
static char *
from_gb18030(const char *data, size_t len, size_t *outlen, size_t *bad,
    int *bad_col)
{
	/* A GB18030 sequence of n bytes never becomes more than 2n in UTF-8. */
	size_t cap = len * 2 + 1, inleft = len, outleft = cap - 1;
	char *out = xmalloc(cap), *in = (char *)data, *op = out;
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	const char *nl;

	if (cd == (iconv_t)-1) {
		free(out);
		*bad = 0;
		*bad_col = -1;
		return NULL;
	}
	if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
		*bad = (size_t)(in - data);
		*op = '\0';
		nl = strrchr(out, '\n');
		nl = nl ? nl + 1 : out;
		*bad_col = (int)utf8_count(nl, (size_t)(op - nl)) + 1;
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

char *
import_decode(const char *data, size_t len, enum import_encoding enc,
    const char *file, enum import_encoding *used, size_t *outlen,
    struct diag *d)
{
	size_t off, ls, bad = 0;
	const char *nul;
	char *out;
	int col = 0, line;

	if (enc != IMPORT_ENC_GBK && len >= 3
	    && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		enc = IMPORT_ENC_UTF8;
	}
	/* NUL is valid in both encodings, but never in a spreadsheet's text. */
	nul = memchr(data, '\0', len);
	if (nul != NULL) {
		off = (size_t)(nul - data);
		line = line_of(data, off, &ls);
		report_bytes(d, file, line, (int)(off - ls) + 1, data, off,
		    off + 1, "NUL is not text (a spreadsheet file rather "
		    "than CSV?)");
		return NULL;
	}
	if (enc != IMPORT_ENC_GBK) {
		if (utf8_validate(data, len, &off) == 0) {
			*used = IMPORT_ENC_UTF8;
			*outlen = len;
			return xstrndup(data, len);
		}
		if (enc == IMPORT_ENC_UTF8) {
			line = line_of(data, off, &ls);
			col = (int)utf8_count(data + ls, off - ls) + 1;
			report_bytes(d, file, line, col, data, off, len,
			    "not valid UTF-8");
			return NULL;
		}
	}
	out = from_gb18030(data, len, outlen, &bad, &col);
	if (out == NULL) {
		if (col < 0) {
			struct srcpos p = {file, 0, 0};
			diag_report(d, DIAG_CSV_ENCODING, &p,
			    "iconv cannot convert from GB18030: %s",
			    strerror(errno));
			return NULL;
		}
		line = line_of(data, bad, &ls);
		report_bytes(d, file, line, col, data, bad,
		    len, enc == IMPORT_ENC_GBK ? "not valid GBK"
		    : "neither UTF-8 nor GBK");
		return NULL;
	}
	*used = IMPORT_ENC_GBK;
	return out;
}

/* ------------------------------------------------------------ CSV */

struct parser {
	const char *p, *end;
	const char *file;
	int line;		/* current physical line */
	struct diag *d;
};

static void
syntax(struct parser *ps, enum diag_code code, int line, size_t field,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
syntax(struct parser *ps, enum diag_code code, int line, size_t field,
    const char *fmt, ...)
{
	struct srcpos p = {ps->file, line, (int)field};
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_report(ps->d, code, &p, "%s", msg);
}

static int
add_byte(struct parser *ps, struct buf *b, char c, size_t field)
{
	if (buf_addc(b, c) == 0)
		return 0;
	syntax(ps, DIAG_CSV_LIMIT, ps->line, field,
	    "field longer than %d bytes", IMPORT_MAX_FIELD_BYTES);
	return -1;
}

/*
 * One field starting at ps->p into b; field is its 1-based number. Returns
 * 0 when the record goes on (a comma followed), 1 when it ended, -1 on
 * error.
 */
static int
parse_field(struct parser *ps, struct buf *b, size_t field)
{
	const char *start;
	int open_line;

	if (ps->p < ps->end && *ps->p == '"') {
		open_line = ps->line;
		ps->p++;
		for (;;) {
			if (ps->p >= ps->end) {
				syntax(ps, DIAG_CSV_SYNTAX, open_line, field,
				    "quoted field opened on line %d is not "
				    "closed", open_line);
				return -1;
			}
			if (*ps->p == '"') {
				if (ps->p + 1 < ps->end && ps->p[1] == '"') {
					if (add_byte(ps, b, '"', field) < 0)
						return -1;
					ps->p += 2;
					continue;
				}
				ps->p++;
				break;
			}
			/* A CRLF inside a field is stored as LF. */
			if (*ps->p == '\r' && ps->p + 1 < ps->end
			    && ps->p[1] == '\n')
				ps->p++;
			if (*ps->p == '\n')
				ps->line++;
			if (add_byte(ps, b, *ps->p++, field) < 0)
				return -1;
		}
		if (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n'
		    && *ps->p != '\r') {
			syntax(ps, DIAG_CSV_SYNTAX, ps->line, field,
			    "text after the closing quote (a quote inside "
			    "a quoted field is written \"\")");
			return -1;
		}
	} else {
		start = ps->p;
		while (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n'
		    && *ps->p != '\r') {
			if (*ps->p == '"') {
				syntax(ps, DIAG_CSV_SYNTAX, ps->line, field,
				    "quote inside an unquoted field (quote "
				    "the whole field and double the quote)");
				return -1;
			}
			ps->p++;
		}
		/* Trim spaces and tabs a hand-edited file may have. */
		while (start < ps->p && (*start == ' ' || *start == '\t'))
			start++;
		{
			const char *e = ps->p;

			while (e > start && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (buf_add(b, start, (size_t)(e - start)) < 0) {
				syntax(ps, DIAG_CSV_LIMIT, ps->line, field,
				    "field longer than %d bytes",
				    IMPORT_MAX_FIELD_BYTES);
				return -1;
			}
		}
	}
	if (ps->p >= ps->end)
		return 1;
	if (*ps->p == ',') {
		ps->p++;
		return 0;
	}
	if (*ps->p == '\r') {
		if (ps->p + 1 >= ps->end || ps->p[1] != '\n') {
			syntax(ps, DIAG_CSV_SYNTAX, ps->line, field,
			    "carriage return without a line feed");
			return -1;
		}
		ps->p++;
	}
	ps->p++;		/* '\n' */
	ps->line++;
	return 1;
}

struct import_csv *
import_csv_parse(const char *text, size_t len, const char *file,
    struct diag *d)
{
	struct parser ps = {text, text + len, file, 1, d};
	struct import_csv *csv = xcalloc(1, sizeof(*csv));
	char *fields[IMPORT_MAX_FIELDS];
	size_t cap = 0, nf, i;
	struct buf b;
	int rc, line;

	csv->arena = arena_new();
	buf_init(&b, IMPORT_MAX_FIELD_BYTES);
	while (ps.p < ps.end) {
		line = ps.line;
		/* An empty line is no record, not a record of one field. */
		if (*ps.p == '\n' || (*ps.p == '\r' && ps.p + 1 < ps.end
		    && ps.p[1] == '\n')) {
			ps.p += *ps.p == '\r' ? 2 : 1;
			ps.line++;
			continue;
		}
		if (csv->nrecords > IMPORT_MAX_ROWS) {
			syntax(&ps, DIAG_CSV_LIMIT, line, 0,
			    "more than %d rows", IMPORT_MAX_ROWS);
			goto fail;
		}
		nf = 0;
		do {
			if (nf == IMPORT_MAX_FIELDS) {
				syntax(&ps, DIAG_CSV_LIMIT, ps.line, nf + 1,
				    "more than %d fields in a row",
				    IMPORT_MAX_FIELDS);
				goto fail;
			}
			buf_reset(&b);
			rc = parse_field(&ps, &b, nf + 1);
			if (rc < 0)
				goto fail;
			fields[nf++] = arena_strndup(csv->arena, buf_cstr(&b),
			    b.len);
		} while (rc == 0);
		csv->records = xgrow(csv->records, &cap, csv->nrecords + 1,
		    sizeof(*csv->records));
		csv->records[csv->nrecords].line = line;
		csv->records[csv->nrecords].nfields = nf;
		csv->records[csv->nrecords].fields =
		    arena_alloc(csv->arena, nf * sizeof(char *));
		for (i = 0; i < nf; i++)
			csv->records[csv->nrecords].fields[i] = fields[i];
		csv->nrecords++;
	}
	buf_free(&b);
	return csv;
fail:
	buf_free(&b);
	import_csv_free(csv);
	return NULL;
}

void
import_csv_free(struct import_csv *csv)
{
	if (csv == NULL)
		return;
	arena_free(csv->arena);
	free(csv->records);
	free(csv);
}

/* ------------------------------------------------------------ string map */

/* Open addressing, keys borrowed from an arena that outlives the map. */
struct map_entry {
	const char *key;
	void *val;
};

struct map {
	struct map_entry *e;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (*s)
		h = (h ^ (unsigned char)*s++) * UINT64_C(1099511628211);
	return h;
}

static void *
map_get(const struct map *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash_str(key) & (m->cap - 1); m->e[i].key;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->e[i].key, key) == 0)
			return m->e[i].val;
	return NULL;
}

/* Insert or replace; val must not be NULL. */
static void
map_put(struct map *m, const char *key, void *val)
{
	size_t i;

	assert(val != NULL);
	if ((m->n + 1) * 2 > m->cap) {
		struct map old = *m;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->e = xcalloc(m->cap, sizeof(*m->e));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.e[i].key)
				map_put(m, old.e[i].key, old.e[i].val);
		free(old.e);
	}
	for (i = hash_str(key) & (m->cap - 1); m->e[i].key;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->e[i].key, key) == 0) {
			m->e[i].val = val;
			return;
		}
	m->e[i].key = key;
	m->e[i].val = val;
	m->n++;
}

static void
map_free(struct map *m)
{
	free(m->e);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------ columns */

/* Every column of every kind; docs/import.md describes each one. */
enum col {
	COL_EMPLOYEE, COL_NAME, COL_MONTH,
	COL_GENDER, COL_POSITION, COL_GRADE, COL_HIRE, COL_PROBATION,
	COL_LEAVE, COL_BASE, COL_PERF, COL_SCHEME,
	COL_MEASURE, COL_VALUE,
	COL_SALE_NO, COL_DATE, COL_MODEL, COL_PRICE, COL_CHANNEL,
	COL_SETTLED, COL_INSURED, COL_FULL, COL_FINANCED, COL_LOAN,
	COL_ACC_PRICE, COL_ACC_COST,
	COL_KPI, COL_TARGET, COL_ACTUAL, COL_POINTS, COL_REMARK,
	COL__COUNT
};

struct colspec {
	const char *name;	/* English header */
	const char *aliases;	/* Chinese headers, '|'-separated */
	const char *dbcol;	/* employee column (staff), or NULL */
};

static const struct colspec colspecs[COL__COUNT] = {
	[COL_EMPLOYEE] = {"employee_id", "工号|员工编号|员工工号", "id"},
	[COL_NAME] = {"name", "姓名", "name"},
	[COL_MONTH] = {"month", "月份", NULL},
	[COL_GENDER] = {"gender", "性别", "gender"},
	[COL_POSITION] = {"position_id", "岗位|岗位编号", "position_id"},
	[COL_GRADE] = {"grade", "级别", "grade"},
	[COL_HIRE] = {"hire_date", "入职日期", "hire_date"},
	[COL_PROBATION] = {"probation_end", "试用期截止日期|试用期满",
	    "probation_end"},
	[COL_LEAVE] = {"leave_date", "离职日期", "leave_date"},
	[COL_BASE] = {"base_yuan", "底薪", "base_fen"},
	[COL_PERF] = {"perf_yuan", "绩效工资|绩效工资基数", "perf_fen"},
	[COL_SCHEME] = {"scheme_id", "薪酬方案", "scheme_id"},
	[COL_MEASURE] = {"measure", "指标|指标代码", NULL},
	[COL_VALUE] = {"value", "数值|值", NULL},
	[COL_SALE_NO] = {"sale_no", "单号|销售单号", NULL},
	[COL_DATE] = {"sale_date", "销售日期|日期", NULL},
	[COL_MODEL] = {"model", "车型", NULL},
	[COL_PRICE] = {"price_yuan", "成交价", NULL},
	[COL_CHANNEL] = {"channel", "渠道|销售渠道", NULL},
	[COL_SETTLED] = {"settled", "结算完成|已结算", NULL},
	[COL_INSURED] = {"insured", "店内投保", NULL},
	[COL_FULL] = {"full_cover", "五项全保", NULL},
	[COL_FINANCED] = {"financed", "按揭", NULL},
	[COL_LOAN] = {"loan_fee_yuan", "按揭手续费", NULL},
	[COL_ACC_PRICE] = {"acc_price_yuan", "精品售价", NULL},
	[COL_ACC_COST] = {"acc_cost_yuan", "精品成本", NULL},
	[COL_KPI] = {"kpi_code", "考核指标|指标代码|指标", NULL},
	[COL_TARGET] = {"target", "目标|目标值", NULL},
	[COL_ACTUAL] = {"actual", "实际|实际值|完成值", NULL},
	[COL_POINTS] = {"points", "得分", NULL},
	[COL_REMARK] = {"remark", "备注", NULL},
};

/* Columns of each kind (terminated by COL__COUNT); the first are required. */
static const enum col staff_cols[] = {COL_EMPLOYEE, COL_NAME, COL_GENDER,
    COL_POSITION, COL_GRADE, COL_HIRE, COL_PROBATION, COL_LEAVE, COL_BASE,
    COL_PERF, COL_SCHEME, COL__COUNT};
static const enum col facts_cols[] = {COL_EMPLOYEE, COL_NAME, COL_MONTH,
    COL_MEASURE, COL_VALUE, COL__COUNT};
static const enum col sales_cols[] = {COL_EMPLOYEE, COL_DATE, COL_MODEL,
    COL_PRICE, COL_NAME, COL_MONTH, COL_SALE_NO, COL_CHANNEL, COL_SETTLED,
    COL_INSURED, COL_FULL, COL_FINANCED, COL_LOAN, COL_ACC_PRICE,
    COL_ACC_COST, COL__COUNT};
static const enum col kpi_cols[] = {COL_EMPLOYEE, COL_KPI, COL_NAME,
    COL_MONTH, COL_TARGET, COL_ACTUAL, COL_POINTS, COL_REMARK, COL__COUNT};

static const enum col *const kind_cols[] = {staff_cols, facts_cols,
    sales_cols, kpi_cols};
static const int kind_required[] = {1, 1, 4, 2};

/* ------------------------------------------------------------ context */

struct emp {
	const char *id, *name, *position_id;
};

struct measure_info {
	const char *code, *name, *unit;
	int derived;
};

struct kpi_info {
	const char *code, *name;
	int64_t weight;		/* points */
	int graded;		/* kind 'graded': points entered, no target */
};

struct fact {
	const char *emp, *month, *measure;
	int64_t value;		/* in the measure's unit */
	int line, field;
};

struct sale {
	int64_t no;		/* vehicle_sale.id, 0 = let SQLite choose */
	const char *emp, *month, *date, *model, *channel;
	int64_t price_fen, loan_fen, acc_price_fen, acc_cost_fen;
	int settled, insured, full_cover, financed;
	int line, field;	/* field: the sale_no or employee_id column */
};

struct kres {
	const char *emp, *month, *code, *remark;
	struct fmt_value target, actual, points;
	int line, field;
};

struct staff {
	const char *id;
	int exists;		/* update, not insert */
	int line;
	struct fmt_value v[COL__COUNT];	/* values of the file's columns */
};

struct ctx {
	struct db *db;
	struct diag *d;
	struct arena *a;
	const char *file;
	const struct import_opts *o;
	struct import_stats *st;
	int errors0;		/* diag_errors() before the import */
	const struct import_record *hdr;
	int col[COL__COUNT];	/* field index of each column, or -1 */
	const struct measure_info **wide;	/* wide facts: per field */
	int wide_form;
	struct map emps, positions, titles, schemes, measures, kpis;
	struct map seen;	/* key of a row → its line, for duplicates */
	struct map months;
	const char **month_list;
	size_t nmonths, month_cap;
	struct fact *facts;
	struct sale *sales;
	struct kres *kres;
	struct staff *staff;
	size_t nrows, rows_cap;	/* of the array of the kind */
};

static int
failed(const struct ctx *c)
{
	return diag_errors(c->d) > c->errors0;
}

/* The column's name as the file writes it, for messages. */
static const char *
col_label(const struct ctx *c, int field)
{
	if (field >= 0 && (size_t)field < c->hdr->nfields
	    && c->hdr->fields[field][0] != '\0')
		return c->hdr->fields[field];
	return arena_printf(c->a, "field %d", field + 1);
}

static void
field_error(struct ctx *c, int line, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
field_error(struct ctx *c, int line, int field, const char *fmt, ...)
{
	struct srcpos p = {c->file, line, field >= 0 ? field + 1 : 0};
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (field >= 0)
		diag_report(c->d, DIAG_CSV_FIELD, &p, "%s: %s",
		    col_label(c, field), msg);
	else
		diag_report(c->d, DIAG_CSV_FIELD, &p, "%s", msg);
}

/* Run sql; rows into out (may be NULL). 0 or -1 (reported). */
static int
query(struct ctx *c, const char *sql, const struct db_param *pa, size_t n,
    struct db_rows *out)
{
	return db_query(c->db, sql, NULL, pa, n, c->a, out, c->d);
}

static struct fmt_value
vtext(const char *s)
{
	struct fmt_value v = {FMT_V_TEXT, 0, 0, s};

	return v;
}

static struct fmt_value
vint(int64_t i)
{
	struct fmt_value v = {FMT_V_INT, i, 0, NULL};

	return v;
}

static struct fmt_value
vnull(void)
{
	struct fmt_value v = {FMT_V_NULL, 0, 0, NULL};

	return v;
}

static const char *
text_at(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_TEXT ? v->s : "";
}

static char *
key2(struct ctx *c, const char *a, const char *b)
{
	return arena_printf(c->a, "%s\x1f%s", a, b);
}

static char *
key3(struct ctx *c, const char *a, const char *b, const char *k)
{
	return arena_printf(c->a, "%s\x1f%s\x1f%s", a, b, k);
}

/* The reference tables a row is checked against. */
static int
load_refs(struct ctx *c)
{
	struct db_rows r;
	size_t i;

	if (query(c, "SELECT id, name, position_id FROM employee", NULL, 0,
	    &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct emp *e = arena_alloc(c->a, sizeof(*e));

		e->id = text_at(&r, i, 0);
		e->name = text_at(&r, i, 1);
		e->position_id = text_at(&r, i, 2);
		map_put(&c->emps, e->id, e);
	}
	if (query(c, "SELECT id, title FROM position", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		const char *id = text_at(&r, i, 0), *title = text_at(&r, i, 1);

		map_put(&c->positions, id, (void *)id);
		/* A title shared by two positions is ambiguous: "" marks it. */
		map_put(&c->titles, title,
		    map_get(&c->titles, title) ? (void *)"" : (void *)id);
	}
	if (query(c, "SELECT id FROM scheme", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		map_put(&c->schemes, text_at(&r, i, 0),
		    (void *)text_at(&r, i, 0));
	if (query(c, "SELECT code, name, unit, derived FROM measure", NULL, 0,
	    &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct measure_info *m = arena_alloc(c->a, sizeof(*m));

		m->code = text_at(&r, i, 0);
		m->name = text_at(&r, i, 1);
		m->unit = text_at(&r, i, 2);
		m->derived = db_cell(&r, i, 3)->i != 0;
		map_put(&c->measures, m->code, m);
		if (map_get(&c->measures, m->name) == NULL)
			map_put(&c->measures, m->name, m);
	}
	if (query(c, "SELECT position_id, code, name, weight, kind FROM kpi",
	    NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct kpi_info *k = arena_alloc(c->a, sizeof(*k));
		const char *pos = text_at(&r, i, 0);

		k->code = text_at(&r, i, 1);
		k->name = text_at(&r, i, 2);
		k->weight = db_cell(&r, i, 3)->i;
		k->graded = strcmp(text_at(&r, i, 4), "graded") == 0;
		map_put(&c->kpis, key2(c, pos, k->code), k);
		if (map_get(&c->kpis, key2(c, pos, k->name)) == NULL)
			map_put(&c->kpis, key2(c, pos, k->name), k);
	}
	return 0;
}

/* ------------------------------------------------------------ header */

/*
 * A header as written, less a trailing unit in brackets: "底薪（元）" and
 * "base_yuan (yuan)" name the columns 底薪 and base_yuan.
 */
static char *
header_key(struct ctx *c, const char *h)
{
	char *s = arena_strdup(c->a, h), *e = s + strlen(s), *open;

	if (e > s && e[-1] == ')')
		open = strrchr(s, '(');
	else if (e - s >= 3 && strcmp(e - 3, "）") == 0)
		open = strstr(s, "（");
	else
		open = NULL;
	if (open != NULL && open > s)
		*open = '\0';
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static int
alias_match(const char *aliases, const char *key)
{
	size_t n = strlen(key);
	const char *p = aliases, *bar;

	while (*p) {
		bar = strchr(p, '|');
		if (bar == NULL)
			bar = p + strlen(p);
		if ((size_t)(bar - p) == n && strncmp(p, key, n) == 0)
			return 1;
		p = *bar ? bar + 1 : bar;
	}
	return 0;
}

static int
find_col(const enum col *cols, const char *key)
{
	size_t i;

	for (i = 0; cols[i] != COL__COUNT; i++)
		if (strcasecmp(colspecs[cols[i]].name, key) == 0
		    || alias_match(colspecs[cols[i]].aliases, key))
			return (int)cols[i];
	return -1;
}

static int
parse_header(struct ctx *c)
{
	const enum col *cols = kind_cols[c->o->kind];
	const struct import_record *h = c->hdr;
	size_t f, i;
	int k;

	for (k = 0; k < COL__COUNT; k++)
		c->col[k] = -1;
	c->wide = arena_alloc(c->a, h->nfields * sizeof(*c->wide));
	for (f = 0; f < h->nfields; f++) {
		const char *key = header_key(c, h->fields[f]);
		const struct measure_info *m;

		if (*key == '\0')
			continue;
		k = find_col(cols, key);
		if (k >= 0 && c->col[k] >= 0) {
			field_error(c, h->line, (int)f,
			    "duplicate column (also column %d)",
			    c->col[k] + 1);
			continue;
		}
		if (k >= 0) {
			c->col[k] = (int)f;
			continue;
		}
		/* Facts in wide form: a column per measure, code or name. */
		m = c->o->kind == IMPORT_FACTS
		    ? map_get(&c->measures, key) : NULL;
		if (m != NULL && m->derived) {
			field_error(c, h->line, (int)f,
			    "measure %s is computed by payroll, not imported",
			    m->code);
			continue;
		}
		if (m != NULL) {
			for (i = 0; i < f; i++)
				if (c->wide[i] == m)
					break;
			if (i < f) {
				field_error(c, h->line, (int)f,
				    "duplicate column (also column %zu)",
				    i + 1);
				continue;
			}
			c->wide[f] = m;
			c->wide_form = 1;
			continue;
		}
		field_error(c, h->line, (int)f, "unknown column%s",
		    c->o->kind == IMPORT_FACTS
		    ? " (neither a known column nor a measure)" : "");
	}
	for (i = 0; i < (size_t)kind_required[c->o->kind]; i++)
		if (c->col[cols[i]] < 0)
			field_error(c, h->line, -1,
			    "%s: missing required column (%s)",
			    colspecs[cols[i]].name,
			    colspecs[cols[i]].aliases);
	if (c->o->kind == IMPORT_FACTS) {
		int has_m = c->col[COL_MEASURE] >= 0;
		int has_v = c->col[COL_VALUE] >= 0;

		if (has_m != has_v)
			field_error(c, h->line, -1, "%s: missing required "
			    "column (long form needs measure and value)",
			    has_m ? "value" : "measure");
		else if (has_m && c->wide_form)
			field_error(c, h->line, -1, "measure columns and a "
			    "measure,value pair cannot be mixed");
		else if (!has_m && !c->wide_form)
			field_error(c, h->line, -1, "measure: missing "
			    "required column (or one column per measure)");
	}
	if (c->o->kind != IMPORT_STAFF && c->col[COL_MONTH] < 0
	    && c->o->month == NULL)
		field_error(c, h->line, -1, "month: missing required column "
		    "(月份), or give --month");
	return failed(c) ? -1 : 0;
}

/* ------------------------------------------------------------ fields */

static const char *
cell(const struct ctx *c, const struct import_record *r, enum col k)
{
	if (c->col[k] < 0 || (size_t)c->col[k] >= r->nfields)
		return NULL;
	return r->fields[c->col[k]];
}

/* 1 with *out set, 0 when absent or empty, -1 after reporting. */
static int
get_text(struct ctx *c, const struct import_record *r, enum col k,
    size_t max_chars, const char **out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	if (utf8_count(s, strlen(s)) > max_chars) {
		field_error(c, r->line, c->col[k], "longer than %zu characters",
		    max_chars);
		return -1;
	}
	*out = s;
	return 1;
}

static int
get_id(struct ctx *c, const struct import_record *r, enum col k,
    const char **out)
{
	const char *s = cell(c, r, k), *p;

	if (s == NULL || *s == '\0')
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
		    || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			break;
	if (*p != '\0' || p - s > ID_MAX_BYTES) {
		field_error(c, r->line, c->col[k], "\"%s\" is not an id "
		    "(letters, digits, _ and -, at most %d)", s, ID_MAX_BYTES);
		return -1;
	}
	*out = s;
	return 1;
}

static int
get_date(struct ctx *c, const struct import_record *r, enum col k,
    const char **out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	if (fmt_parse_date(s, NULL, NULL, NULL) < 0) {
		field_error(c, r->line, c->col[k],
		    "\"%s\" is not a date (YYYY-MM-DD)", s);
		return -1;
	}
	*out = s;
	return 1;
}

/* Why a number-like string was refused, for messages. */
static const char *
number_reason(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t n = 0;

	if (dot != NULL) {
		while (dot[1 + n] >= '0' && dot[1 + n] <= '9')
			n++;
		if (n > 2 && (dot[1 + n] == '\0' || dot[1 + n] == '%'))
			return "more than two decimals";
	}
	return NULL;
}

/* Yuan with at most two decimals → fen, never negative. */
static int
parse_yuan_at(struct ctx *c, int line, int field, const char *s,
    int64_t *fen)
{
	const char *why = number_reason(s);

	if (money_parse_yuan(s, fen) < 0) {
		field_error(c, line, field, "\"%s\" %s", s,
		    why ? why : "is not an amount in yuan");
		return -1;
	}
	if (*fen < 0) {
		field_error(c, line, field, "\"%s\" must not be negative", s);
		return -1;
	}
	return 0;
}

static int
get_yuan(struct ctx *c, const struct import_record *r, enum col k,
    int64_t *fen)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	return parse_yuan_at(c, r->line, c->col[k], s, fen) < 0 ? -1 : 1;
}

/*
 * A decimal with at most two decimals, times 100: percent → basis points
 * ("85.5" or "85.5%" → 8550), points → centipoints. Never negative.
 */
static int
parse_dec2_at(struct ctx *c, int line, int field, const char *s,
    int percent, int64_t *out)
{
	const char *p = s, *why = number_reason(s);
	int64_t v = 0;
	int nd = 0, frac = 0;

	if (*p == '-') {
		field_error(c, line, field, "\"%s\" must not be negative", s);
		return -1;
	}
	while (*p >= '0' && *p <= '9' && v <= DEC2_MAX) {
		v = v * 10 + (*p++ - '0');
		nd++;
	}
	v *= 100;
	if (nd > 0 && *p == '.') {
		p++;
		if (*p >= '0' && *p <= '9') {
			frac = (*p++ - '0') * 10;
			if (*p >= '0' && *p <= '9')
				frac += *p++ - '0';
		} else
			nd = 0;
	}
	if (percent && *p == '%')
		p++;
	if (nd == 0 || *p != '\0' || v + frac > DEC2_MAX) {
		field_error(c, line, field, "\"%s\" %s", s, why ? why
		    : percent ? "is not a percentage (85.5 = 85.5%)"
		    : "is not a number of points");
		return -1;
	}
	*out = v + frac;
	return 0;
}

/* A count: a whole number, never negative. */
static int
parse_count_at(struct ctx *c, int line, int field, const char *s,
    int64_t *out)
{
	const char *p = s;
	int64_t v = 0;

	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		field_error(c, line, field, "\"%s\" must not be negative", s);
		return -1;
	}
	while (*p >= '0' && *p <= '9' && v <= COUNT_MAX)
		v = v * 10 + (*p++ - '0');
	if (p == s || *p != '\0' || v > COUNT_MAX) {
		field_error(c, line, field, "\"%s\" is not a whole number", s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
get_count(struct ctx *c, const struct import_record *r, enum col k,
    int64_t *out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	return parse_count_at(c, r->line, c->col[k], s, out) < 0 ? -1 : 1;
}

static int
get_bool(struct ctx *c, const struct import_record *r, enum col k, int *out)
{
	static const char *const yes[] = {"1", "是", "y", "yes", "true"};
	static const char *const no[] = {"0", "否", "n", "no", "false"};
	const char *s = cell(c, r, k);
	size_t i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	field_error(c, r->line, c->col[k], "\"%s\" is not 1/0 (是/否)", s);
	return -1;
}

/* A known employee; for monthly kinds an optional name must match. */
static const struct emp *
get_employee(struct ctx *c, const struct import_record *r)
{
	const struct emp *e;
	const char *id = NULL, *name;
	int rc = get_id(c, r, COL_EMPLOYEE, &id);

	if (rc == 0)
		field_error(c, r->line, c->col[COL_EMPLOYEE],
		    "an employee id is required");
	if (rc <= 0)
		return NULL;
	e = map_get(&c->emps, id);
	if (e == NULL) {
		field_error(c, r->line, c->col[COL_EMPLOYEE],
		    "unknown employee %s", id);
		return NULL;
	}
	name = cell(c, r, COL_NAME);
	if (name != NULL && *name != '\0' && strcmp(name, e->name) != 0) {
		field_error(c, r->line, c->col[COL_NAME],
		    "\"%s\" is not the name of %s (%s)", name, e->id,
		    e->name);
		return NULL;
	}
	return e;
}

/* The row's month: its month column, else --month. NULL after reporting. */
static const char *
get_month(struct ctx *c, const struct import_record *r)
{
	const char *s = cell(c, r, COL_MONTH);

	if ((s == NULL || *s == '\0') && c->o->month == NULL) {
		field_error(c, r->line, c->col[COL_MONTH],
		    "a month is required (YYYY-MM)");
		return NULL;
	}
	if (s == NULL || *s == '\0')
		s = c->o->month;
	else if (fmt_parse_month(s, NULL, NULL) < 0) {
		field_error(c, r->line, c->col[COL_MONTH],
		    "\"%s\" is not a month (YYYY-MM)", s);
		return NULL;
	} else if (c->o->month != NULL && strcmp(s, c->o->month) != 0) {
		field_error(c, r->line, c->col[COL_MONTH],
		    "%s is not the month being imported (--month %s)", s,
		    c->o->month);
		return NULL;
	}
	if (map_get(&c->months, s) == NULL) {
		map_put(&c->months, s, (void *)s);
		c->month_list = xgrow(c->month_list, &c->month_cap,
		    c->nmonths + 1, sizeof(*c->month_list));
		c->month_list[c->nmonths++] = s;
	}
	return s;
}

/* Is key new in the file? Reports a duplicate of an earlier line. */
static int
first_time(struct ctx *c, const char *key, int line, int field,
    const char *what)
{
	void *prev = map_get(&c->seen, key);

	if (prev != NULL) {
		field_error(c, line, field, "duplicate row: line %d has the "
		    "same %s", (int)(intptr_t)prev, what);
		return 0;
	}
	map_put(&c->seen, key, (void *)(intptr_t)line);
	return 1;
}

static void *
next_row(struct ctx *c, void **arr, size_t elsize)
{
	char *p;

	*arr = xgrow(*arr, &c->rows_cap, c->nrows + 1, elsize);
	p = (char *)*arr + c->nrows++ * elsize;
	memset(p, 0, elsize);
	return p;
}

/* ------------------------------------------------------------ rows */

/* A value in a measure's unit (fen, bp, count, score). */
static int
parse_measure_value(struct ctx *c, int line, int field,
    const struct measure_info *m, const char *s, int64_t *out)
{
	if (strcmp(m->unit, "fen") == 0)
		return parse_yuan_at(c, line, field, s, out);
	if (strcmp(m->unit, "bp") == 0)
		return parse_dec2_at(c, line, field, s, 1, out);
	if (strcmp(m->unit, "score") == 0)
		return parse_dec2_at(c, line, field, s, 0, out);
	return parse_count_at(c, line, field, s, out);
}

static void
add_fact(struct ctx *c, const struct import_record *r, int field,
    int key_field, const struct emp *e, const char *month,
    const struct measure_info *m, const char *s)
{
	struct fact *f;
	int64_t v;

	if (parse_measure_value(c, r->line, field, m, s, &v) < 0)
		return;
	if (!first_time(c, key3(c, e->id, month, m->code), r->line,
	    key_field, "employee, month and measure"))
		return;
	f = next_row(c, (void **)&c->facts, sizeof(*f));
	f->emp = e->id;
	f->month = month;
	f->measure = m->code;
	f->value = v;
	f->line = r->line;
	f->field = field;
}

static void
row_facts(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *month = get_month(c, r), *s;
	const struct measure_info *m;
	size_t f;

	if (!c->wide_form) {
		s = cell(c, r, COL_MEASURE);
		m = map_get(&c->measures, s);
		if (*s == '\0')
			field_error(c, r->line, c->col[COL_MEASURE],
			    "a measure is required");
		else if (m == NULL)
			field_error(c, r->line, c->col[COL_MEASURE],
			    "unknown measure \"%s\"", s);
		else if (m->derived)
			field_error(c, r->line, c->col[COL_MEASURE],
			    "measure %s is computed by payroll, not "
			    "imported", m->code);
		s = cell(c, r, COL_VALUE);
		if (*s == '\0') {
			field_error(c, r->line, c->col[COL_VALUE],
			    "a value is required");
			return;
		}
		if (e != NULL && month != NULL && m != NULL && !m->derived)
			add_fact(c, r, c->col[COL_VALUE],
			    c->col[COL_MEASURE], e, month, m, s);
		return;
	}
	for (f = 0; f < r->nfields && f < c->hdr->nfields; f++) {
		m = c->wide[f];
		/* An empty cell in wide form: no value for that measure. */
		if (m == NULL || r->fields[f][0] == '\0')
			continue;
		if (e != NULL && month != NULL)
			add_fact(c, r, (int)f, (int)f, e, month, m,
			    r->fields[f]);
	}
}

static void
row_sales(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *month = get_month(c, r), *ch;
	struct sale s;
	int ok = e != NULL && month != NULL;
	int64_t no = 0;
	char *key;

	memset(&s, 0, sizeof(s));
	s.settled = 1;
	s.channel = "showroom";
	if (get_count(c, r, COL_SALE_NO, &no) < 0)
		ok = 0;
	else if (cell(c, r, COL_SALE_NO) != NULL && no == 0) {
		field_error(c, r->line, c->col[COL_SALE_NO],
		    "a sale number (1 or more) is required");
		ok = 0;
	}
	if (get_date(c, r, COL_DATE, &s.date) <= 0) {
		if (s.date == NULL && cell(c, r, COL_DATE)[0] == '\0')
			field_error(c, r->line, c->col[COL_DATE],
			    "a sale date is required");
		ok = 0;
	}
	if (get_text(c, r, COL_MODEL, 64, &s.model) <= 0) {
		if (cell(c, r, COL_MODEL)[0] == '\0')
			field_error(c, r->line, c->col[COL_MODEL],
			    "a model is required");
		ok = 0;
	}
	if (get_yuan(c, r, COL_PRICE, &s.price_fen) <= 0) {
		if (cell(c, r, COL_PRICE)[0] == '\0')
			field_error(c, r->line, c->col[COL_PRICE],
			    "a price is required");
		ok = 0;
	}
	ch = cell(c, r, COL_CHANNEL);
	if (ch != NULL && *ch != '\0') {
		if (strcasecmp(ch, "showroom") == 0 || strcmp(ch, "展厅") == 0)
			s.channel = "showroom";
		else if (strcasecmp(ch, "network") == 0
		    || strcmp(ch, "网销") == 0 || strcmp(ch, "网络") == 0)
			s.channel = "network";
		else {
			field_error(c, r->line, c->col[COL_CHANNEL],
			    "\"%s\" is not showroom/network (展厅/网销)", ch);
			ok = 0;
		}
	}
	if (get_bool(c, r, COL_SETTLED, &s.settled) < 0
	    || get_bool(c, r, COL_INSURED, &s.insured) < 0
	    || get_bool(c, r, COL_FULL, &s.full_cover) < 0
	    || get_bool(c, r, COL_FINANCED, &s.financed) < 0
	    || get_yuan(c, r, COL_LOAN, &s.loan_fen) < 0
	    || get_yuan(c, r, COL_ACC_PRICE, &s.acc_price_fen) < 0
	    || get_yuan(c, r, COL_ACC_COST, &s.acc_cost_fen) < 0)
		ok = 0;
	if (s.full_cover && !s.insured) {
		field_error(c, r->line, c->col[COL_FULL], "full cover needs "
		    "insured = 1 (insured through the store)");
		ok = 0;
	}
	if (s.loan_fen > 0 && !s.financed) {
		field_error(c, r->line, c->col[COL_LOAN], "a loan fee needs "
		    "financed = 1");
		ok = 0;
	}
	if (!ok)
		return;
	s.no = no;
	s.emp = e->id;
	s.month = month;
	s.line = r->line;
	/* Without sale numbers, a row equal in every field is a duplicate. */
	if (no > 0) {
		s.field = c->col[COL_SALE_NO];
		key = arena_printf(c->a, "#%lld", (long long)no);
	} else {
		s.field = c->col[COL_EMPLOYEE];
		key = arena_printf(c->a, "%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%s"
		    "\x1f%d%d%d%d\x1f%lld\x1f%lld\x1f%lld", s.emp, s.month,
		    s.date, s.model, (long long)s.price_fen, s.channel,
		    s.settled, s.insured, s.full_cover, s.financed,
		    (long long)s.loan_fen, (long long)s.acc_price_fen,
		    (long long)s.acc_cost_fen);
	}
	if (!first_time(c, key, r->line, s.field, no > 0 ? "sale number"
	    : "values in every column (give sale_no to import two equal "
	    "sales)"))
		return;
	*(struct sale *)next_row(c, (void **)&c->sales, sizeof(s)) = s;
}

static void
row_kpi(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *month = get_month(c, r), *code = cell(c, r, COL_KPI);
	const char *remark = "", *ps;
	const struct kpi_info *k = NULL;
	int64_t target = 0, actual = 0, points = 0;
	int ht, ha, hp = 0, ok = e != NULL && month != NULL;
	struct kres *x;

	if (*code == '\0') {
		field_error(c, r->line, c->col[COL_KPI],
		    "a KPI code is required");
		ok = 0;
	} else if (e != NULL) {
		k = map_get(&c->kpis, key2(c, e->position_id, code));
		if (k == NULL) {
			field_error(c, r->line, c->col[COL_KPI], "unknown KPI "
			    "\"%s\" for position %s of %s", code,
			    e->position_id, e->id);
			ok = 0;
		}
	}
	ht = get_count(c, r, COL_TARGET, &target);
	ha = get_count(c, r, COL_ACTUAL, &actual);
	ps = cell(c, r, COL_POINTS);
	if (ps != NULL && *ps != '\0')
		hp = parse_dec2_at(c, r->line, c->col[COL_POINTS], ps, 0,
		    &points) < 0 ? -1 : 1;
	if (ht < 0 || ha < 0 || hp < 0
	    || get_text(c, r, COL_REMARK, TEXT_MAX_CHARS, &remark) < 0)
		ok = 0;
	if (k != NULL && !k->graded) {
		if (ht == 0)
			field_error(c, r->line, c->col[COL_TARGET], "KPI %s "
			    "is measured: a target is required", k->code);
		if (ha == 0)
			field_error(c, r->line, c->col[COL_ACTUAL], "KPI %s "
			    "is measured: an actual value is required",
			    k->code);
		if (hp > 0)
			field_error(c, r->line, c->col[COL_POINTS], "KPI %s "
			    "is measured: its points are computed, leave "
			    "them empty", k->code);
		if (ht == 0 || ha == 0 || hp > 0)
			ok = 0;
	} else if (k != NULL) {
		if (ht > 0 || ha > 0) {
			field_error(c, r->line, c->col[ht > 0 ? COL_TARGET
			    : COL_ACTUAL], "KPI %s is graded: it has no "
			    "target or actual value", k->code);
			ok = 0;
		}
		if (hp == 0) {
			field_error(c, r->line, c->col[COL_POINTS] >= 0
			    ? c->col[COL_POINTS] : c->col[COL_KPI],
			    "KPI %s is graded: points are required", k->code);
			ok = 0;
		} else if (hp > 0 && points > k->weight * 100) {
			field_error(c, r->line, c->col[COL_POINTS], "\"%s\" is "
			    "more than the KPI's weight of %lld points", ps,
			    (long long)k->weight);
			ok = 0;
		}
	}
	if (!ok || !first_time(c, key3(c, e->id, month, k->code), r->line,
	    c->col[COL_KPI], "employee, month and KPI"))
		return;
	x = next_row(c, (void **)&c->kres, sizeof(*x));
	x->emp = e->id;
	x->month = month;
	x->code = k->code;
	x->remark = remark;
	x->target = k->graded ? vnull() : vint(target);
	x->actual = k->graded ? vnull() : vint(actual);
	x->points = k->graded ? vint(points) : vnull();
	x->line = r->line;
	x->field = c->col[COL_KPI];
}

/* Staff columns that must have a value when present (NOT NULL). */
static int
staff_required(enum col k)
{
	return k == COL_NAME || k == COL_POSITION || k == COL_HIRE
	    || k == COL_GRADE || k == COL_BASE || k == COL_PERF;
}

static void
row_staff(struct ctx *c, const struct import_record *r)
{
	struct staff s;
	const char *id = NULL, *t = NULL, *g;
	int ok = 1, rc;
	int64_t v = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	rc = get_id(c, r, COL_EMPLOYEE, &id);
	if (rc == 0)
		field_error(c, r->line, c->col[COL_EMPLOYEE],
		    "an employee id is required");
	if (rc <= 0)
		return;
	s.id = id;
	s.line = r->line;
	s.exists = map_get(&c->emps, id) != NULL;
	for (i = 0; staff_cols[i] != COL__COUNT; i++) {
		enum col k = staff_cols[i];
		const char *x = cell(c, r, k);

		if (k == COL_EMPLOYEE || x == NULL)
			continue;
		if (*x == '\0' && staff_required(k)) {
			field_error(c, r->line, c->col[k],
			    "a value is required");
			ok = 0;
			continue;
		}
		s.v[k] = vnull();
		switch (k) {
		case COL_NAME:
			if (get_text(c, r, k, 50, &t) < 0)
				ok = 0;
			s.v[k] = vtext(t);
			break;
		case COL_GENDER:
			g = x;
			if (strcmp(g, "男") != 0 && strcmp(g, "女") != 0
			    && *g != '\0') {
				field_error(c, r->line, c->col[k],
				    "\"%s\" is not 男 or 女 (or empty)", g);
				ok = 0;
			}
			s.v[k] = vtext(g);
			break;
		case COL_POSITION:
			t = map_get(&c->positions, x);
			if (t == NULL)
				t = map_get(&c->titles, x);
			if (t == NULL || *t == '\0') {
				field_error(c, r->line, c->col[k],
				    t ? "position title \"%s\" is shared by "
				    "several positions, give its id"
				    : "unknown position \"%s\"", x);
				ok = 0;
			}
			s.v[k] = vtext(t);
			break;
		case COL_GRADE:
			if (parse_count_at(c, r->line, c->col[k], x, &v) < 0)
				ok = 0;
			else if (v < 1 || v > 9) {
				field_error(c, r->line, c->col[k],
				    "grade %lld is not between 1 and 9",
				    (long long)v);
				ok = 0;
			}
			s.v[k] = vint(v);
			break;
		case COL_HIRE:
		case COL_PROBATION:
		case COL_LEAVE:
			t = NULL;
			if (get_date(c, r, k, &t) < 0)
				ok = 0;
			s.v[k] = t ? vtext(t) : vnull();
			break;
		case COL_BASE:
		case COL_PERF:
			if (get_yuan(c, r, k, &v) < 0)
				ok = 0;
			s.v[k] = vint(v);
			break;
		case COL_SCHEME:
			t = NULL;
			if (get_id(c, r, k, &t) < 0)
				ok = 0;
			else if (t != NULL && !map_get(&c->schemes, t)) {
				field_error(c, r->line, c->col[k],
				    "unknown pay scheme %s", t);
				ok = 0;
			}
			s.v[k] = t ? vtext(t) : vnull();
			break;
		default:
			break;
		}
	}
	if (!s.exists)
		for (i = 0; i < 3; i++) {
			static const enum col need[] = {COL_NAME,
			    COL_POSITION, COL_HIRE};

			if (c->col[need[i]] < 0) {
				field_error(c, r->line, c->col[COL_EMPLOYEE],
				    "new employee %s needs a %s column", id,
				    colspecs[need[i]].name);
				ok = 0;
			}
		}
	/* Dates in order; ISO dates compare as strings. */
	if (ok && s.v[COL_HIRE].type == FMT_V_TEXT) {
		if (s.v[COL_PROBATION].type == FMT_V_TEXT
		    && strcmp(s.v[COL_PROBATION].s, s.v[COL_HIRE].s) < 0) {
			field_error(c, r->line, c->col[COL_PROBATION],
			    "probation ends before the hire date");
			ok = 0;
		}
		if (s.v[COL_LEAVE].type == FMT_V_TEXT
		    && strcmp(s.v[COL_LEAVE].s, s.v[COL_HIRE].s) < 0) {
			field_error(c, r->line, c->col[COL_LEAVE],
			    "leave date before the hire date");
			ok = 0;
		}
	}
	if (!first_time(c, arena_strdup(c->a, id), r->line,
	    c->col[COL_EMPLOYEE], "employee id") || !ok)
		return;
	*(struct staff *)next_row(c, (void **)&c->staff, sizeof(s)) = s;
}

/* ------------------------------------------------------------ writing */

static int
count_rows(struct ctx *c, const char *sql, const struct db_param *pa,
    size_t n, int64_t *out)
{
	struct db_rows r;

	if (query(c, sql, pa, n, &r) < 0)
		return -1;
	*out = r.nrows > 0 ? db_cell(&r, 0, 0)->i : 0;
	return 0;
}

/* --replace: the months' rows of the kind go first. */
static int
delete_months(struct ctx *c)
{
	static const char *const del[] = {NULL,
	    "DELETE FROM month_fact WHERE month = :m",
	    "DELETE FROM vehicle_sale WHERE month = :m",
	    "DELETE FROM kpi_result WHERE month = :m"};
	static const char *const cnt[] = {NULL,
	    "SELECT count(*) FROM month_fact WHERE month = :m",
	    "SELECT count(*) FROM vehicle_sale WHERE month = :m",
	    "SELECT count(*) FROM kpi_result WHERE month = :m"};
	size_t i;
	int64_t n;

	for (i = 0; i < c->nmonths; i++) {
		struct db_param p = {"m", vtext(c->month_list[i])};

		if (count_rows(c, cnt[c->o->kind], &p, 1, &n) < 0
		    || query(c, del[c->o->kind], &p, 1, NULL) < 0)
			return -1;
		c->st->deleted += (int)n;
	}
	return 0;
}

static int
store_facts(struct ctx *c)
{
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct fact *f = &c->facts[i];
		struct db_param p[] = {{"e", vtext(f->emp)},
		    {"m", vtext(f->month)}, {"k", vtext(f->measure)},
		    {"v", vint(f->value)}};

		if (count_rows(c, "SELECT count(*) FROM month_fact WHERE "
		    "employee_id = :e AND month = :m AND measure = :k", p, 3,
		    &n) < 0)
			return -1;
		if (n > 0)
			field_error(c, f->line, f->field, "%s of %s for %s is "
			    "already in the database (import with --replace "
			    "to replace the month)", f->measure, f->emp,
			    f->month);
		else if (!failed(c) && query(c, "INSERT INTO month_fact "
		    "(employee_id, month, measure, value) VALUES "
		    "(:e, :m, :k, :v)", p, 4, NULL) < 0)
			return -1;
	}
	return 0;
}

static int
store_sales(struct ctx *c)
{
	struct db_rows r;
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct sale *s = &c->sales[i];
		struct db_param p[] = {{"id", s->no ? vint(s->no) : vnull()},
		    {"e", vtext(s->emp)}, {"m", vtext(s->month)},
		    {"d", vtext(s->date)}, {"model", vtext(s->model)},
		    {"price", vint(s->price_fen)},
		    {"ch", vtext(s->channel)}, {"st", vint(s->settled)},
		    {"ins", vint(s->insured)}, {"full", vint(s->full_cover)},
		    {"fin", vint(s->financed)}, {"loan", vint(s->loan_fen)},
		    {"ap", vint(s->acc_price_fen)},
		    {"ac", vint(s->acc_cost_fen)}};
		size_t np = sizeof(p) / sizeof(p[0]);

		if (s->no > 0) {
			if (query(c, "SELECT month FROM vehicle_sale WHERE "
			    "id = :id", p, 1, &r) < 0)
				return -1;
			if (r.nrows > 0) {
				field_error(c, s->line, s->field, "sale number "
				    "%lld is already in the database (month "
				    "%s)", (long long)s->no,
				    text_at(&r, 0, 0));
				continue;
			}
		} else if (!c->o->replace) {
			if (count_rows(c, "SELECT count(*) FROM vehicle_sale "
			    "WHERE employee_id = :e AND month = :m AND "
			    "sale_date = :d AND model = :model AND price_fen "
			    "= :price AND channel = :ch AND settled = :st AND "
			    "insured = :ins AND full_cover = :full AND "
			    "financed = :fin AND loan_fee_fen = :loan AND "
			    "acc_price_fen = :ap AND acc_cost_fen = :ac", p,
			    np, &n) < 0)
				return -1;
			if (n > 0) {
				field_error(c, s->line, s->field, "the same sale "
				    "is already in the database (import with "
				    "--replace to replace the month)");
				continue;
			}
		}
		if (!failed(c) && query(c, "INSERT INTO vehicle_sale (id, "
		    "employee_id, month, sale_date, model, price_fen, channel,"
		    " settled, insured, full_cover, financed, loan_fee_fen, "
		    "acc_price_fen, acc_cost_fen) VALUES (:id, :e, :m, :d, "
		    ":model, :price, :ch, :st, :ins, :full, :fin, :loan, :ap,"
		    " :ac)", p, np, NULL) < 0)
			return -1;
	}
	return 0;
}

static int
store_kpi(struct ctx *c)
{
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct kres *k = &c->kres[i];
		struct db_param p[] = {{"e", vtext(k->emp)},
		    {"m", vtext(k->month)}, {"k", vtext(k->code)},
		    {"t", k->target}, {"a", k->actual}, {"p", k->points},
		    {"r", vtext(k->remark)}};

		if (count_rows(c, "SELECT count(*) FROM kpi_result WHERE "
		    "employee_id = :e AND month = :m AND kpi_code = :k", p, 3,
		    &n) < 0)
			return -1;
		if (n > 0)
			field_error(c, k->line, k->field, "KPI %s of %s for %s "
			    "is already in the database (import with "
			    "--replace to replace the month)", k->code,
			    k->emp, k->month);
		else if (!failed(c) && query(c, "INSERT INTO kpi_result "
		    "(employee_id, month, kpi_code, target, actual, "
		    "points_x100, remark) VALUES (:e, :m, :k, :t, :a, :p, :r)",
		    p, 7, NULL) < 0)
			return -1;
	}
	return 0;
}

static int
store_staff(struct ctx *c)
{
	struct db_param p[COL__COUNT];
	struct buf sql, vals;
	size_t i, j, np;
	int rc = 0;

	buf_init(&sql, 0);
	buf_init(&vals, 0);
	for (i = 0; i < c->nrows && rc == 0; i++) {
		const struct staff *s = &c->staff[i];

		buf_reset(&sql);
		buf_reset(&vals);
		np = 0;
		p[np].name = "id";
		p[np++].v = vtext(s->id);
		buf_adds(&sql, s->exists ? "UPDATE employee SET id = :id"
		    : "INSERT INTO employee (id");
		buf_adds(&vals, ") VALUES (:id");
		for (j = 0; staff_cols[j] != COL__COUNT; j++) {
			enum col k = staff_cols[j];
			const char *dbc = colspecs[k].dbcol;

			if (k == COL_EMPLOYEE || c->col[k] < 0)
				continue;
			p[np].name = dbc;
			p[np++].v = s->v[k];
			if (s->exists)
				buf_printf(&sql, ", %s = :%s", dbc, dbc);
			else {
				buf_printf(&sql, ", %s", dbc);
				buf_printf(&vals, ", :%s", dbc);
			}
		}
		if (s->exists)
			buf_adds(&sql, " WHERE id = :id");
		else {
			buf_adds(&sql, buf_cstr(&vals));
			buf_adds(&sql, ")");
		}
		rc = query(c, buf_cstr(&sql), p, np, NULL);
		if (s->exists)
			c->st->updated++;
		else
			c->st->inserted++;
	}
	buf_free(&sql);
	buf_free(&vals);
	return rc;
}

/* Warn about months whose stored pay run no longer matches the facts. */
static int
warn_pay_runs(struct ctx *c)
{
	size_t i;
	int64_t n;

	for (i = 0; i < c->nmonths; i++) {
		struct db_param p = {"m", vtext(c->month_list[i])};

		if (count_rows(c, "SELECT count(*) FROM pay_run WHERE "
		    "month = :m", &p, 1, &n) < 0)
			return -1;
		if (n > 0) {
			struct srcpos pos = {c->file, 0, 0};
			diag_report(c->d, DIAG_CSV_PAY_RUN, &pos, "%s",
			    c->month_list[i]);
		}
	}
	return 0;
}

/* ------------------------------------------------------------ driver */

/* Every row checked, then written; -1 after any error. */
static int
run(struct ctx *c, const struct import_csv *csv)
{
	size_t i, f;

	if (csv->nrecords == 0) {
		struct srcpos p = {c->file, 0, 0};
		diag_report(c->d, DIAG_CSV_SYNTAX, &p,
		    "empty file: expected a header row");
		return -1;
	}
	c->hdr = &csv->records[0];
	if (load_refs(c) < 0 || parse_header(c) < 0)
		return -1;
	for (i = 1; i < csv->nrecords; i++) {
		const struct import_record *r = &csv->records[i];
		int bad = 0;

		/* Rows of empty cells are what spreadsheets leave below data. */
		for (f = 0; f < r->nfields && r->fields[f][0] == '\0'; f++)
			;
		if (f == r->nfields)
			continue;
		c->st->rows++;
		if (r->nfields < c->hdr->nfields) {
			field_error(c, r->line, (int)r->nfields, "missing: the "
			    "row has %zu fields, the header %zu", r->nfields,
			    c->hdr->nfields);
			continue;
		}
		for (f = 0; f < r->nfields; f++)
			if (r->fields[f][0] != '\0'
			    && (f >= c->hdr->nfields
			    || c->hdr->fields[f][0] == '\0')) {
				field_error(c, r->line, (int)f, "value in a "
				    "column without a header");
				bad = 1;
			}
		if (bad)
			continue;
		switch (c->o->kind) {
		case IMPORT_STAFF:
			row_staff(c, r);
			break;
		case IMPORT_FACTS:
			row_facts(c, r);
			break;
		case IMPORT_SALES:
			row_sales(c, r);
			break;
		case IMPORT_KPI:
			row_kpi(c, r);
			break;
		}
	}
	if (c->o->replace && c->o->kind != IMPORT_STAFF
	    && delete_months(c) < 0)
		return -1;
	switch (c->o->kind) {
	case IMPORT_STAFF:
		if (!failed(c) && store_staff(c) < 0)
			return -1;
		break;
	case IMPORT_FACTS:
		if (store_facts(c) < 0)
			return -1;
		break;
	case IMPORT_SALES:
		if (store_sales(c) < 0)
			return -1;
		break;
	case IMPORT_KPI:
		if (store_kpi(c) < 0)
			return -1;
		break;
	}
	if (c->o->kind != IMPORT_STAFF)
		c->st->inserted = failed(c) ? 0 : (int)c->nrows;
	return failed(c) ? -1 : 0;
}

int
import_data(struct db *db, const char *file, const char *data, size_t len,
    const struct import_opts *o, struct import_stats *st, struct diag *d)
{
	struct import_csv *csv;
	struct ctx c;
	size_t tlen;
	char *text;
	int rc;

	memset(st, 0, sizeof(*st));
	if (o->replace && o->kind == IMPORT_STAFF) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL, "--replace does not "
		    "apply to staff: known employees are updated");
		return -1;
	}
	if (len > IMPORT_MAX_FILE_BYTES) {
		struct srcpos p = {file, 0, 0};
		diag_report(d, DIAG_CSV_LIMIT, &p, "larger than %u bytes",
		    IMPORT_MAX_FILE_BYTES);
		return -1;
	}
	text = import_decode(data, len, o->encoding, file, &st->encoding,
	    &tlen, d);
	if (text == NULL)
		return -1;
	csv = import_csv_parse(text, tlen, file, d);
	free(text);
	if (csv == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.d = d;
	c.a = arena_new();
	c.file = file;
	c.o = o;
	c.st = st;
	c.errors0 = diag_errors(d);
	rc = db_begin(db, d);
	if (rc == 0)
		rc = run(&c, csv);
	if (rc == 0)
		rc = db_commit(db, d);
	if (rc != 0) {
		db_rollback(db);
		st->inserted = st->updated = st->deleted = 0;
	} else if (o->kind != IMPORT_STAFF)
		rc = warn_pay_runs(&c);
	map_free(&c.emps);
	map_free(&c.positions);
	map_free(&c.titles);
	map_free(&c.schemes);
	map_free(&c.measures);
	map_free(&c.kpis);
	map_free(&c.seen);
	map_free(&c.months);
	free(c.month_list);
	free(c.facts);
	free(c.sales);
	free(c.kres);
	free(c.staff);
	arena_free(c.a);
	import_csv_free(csv);
	return rc;
}

int
import_file(struct db *db, const char *path, const struct import_opts *o,
    struct import_stats *st, struct diag *d)
{
	struct srcpos p = {path, 0, 0};
	struct buf b;
	char chunk[65536];
	size_t n;
	FILE *f;
	int rc;

	memset(st, 0, sizeof(*st));
	f = fopen(path, "rb");
	if (f == NULL) {
		diag_report(d, DIAG_IO_OPEN, &p, "%s", strerror(errno));
		return -1;
	}
	buf_init(&b, IMPORT_MAX_FILE_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n) < 0) {
			diag_report(d, DIAG_CSV_LIMIT, &p,
			    "larger than %u bytes", IMPORT_MAX_FILE_BYTES);
			fclose(f);
			buf_free(&b);
			return -1;
		}
	if (ferror(f)) {
		diag_report(d, DIAG_IO_READ, &p, "%s", strerror(errno));
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	rc = import_data(db, path, b.data ? b.data : "", b.len, o, st, d);
	buf_free(&b);
	return rc;
}
