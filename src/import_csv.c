/* SPDX-License-Identifier: MIT */
/*
 * CSV reading for import: bytes in UTF-8 or GBK are decoded to UTF-8, split
 * into RFC 4180 records under the input limits, and single values are read
 * in the formats people type into spreadsheets (yuan, percent, points,
 * counts). Nothing here knows about kinds of files or the database.
 */
#include "import.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "utf8.h"
#include "xlsx.h"
#include "xmem.h"

/* Largest count and largest percent/points value (x100) accepted. */
#define COUNT_MAX INT64_C(1000000000)
#define DEC2_MAX INT64_C(100000000)

/* ------------------------------------------------------------ names */

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
		diag_report(d, DIAG_CSV_ENCODING, &p, "bytes 0x%02X 0x%02X: %s",
		            u[0], u[1], what);
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

	if (enc != IMPORT_ENC_GBK && len >= 3 &&
	    memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
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
		             off + 1,
		             "NUL is not text (a spreadsheet file rather "
		             "than CSV?)");
		return NULL;
	}
	off = 0;
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
		/*
		 * Neither: point where the text stops being the encoding that
		 * read further, so that a UTF-8 file with one stray byte is
		 * shown that byte, not where its Chinese stops being GBK.
		 */
		if (enc != IMPORT_ENC_GBK && off > bad) {
			line = line_of(data, off, &ls);
			col = (int)utf8_count(data + ls, off - ls) + 1;
			bad = off;
		} else
			line = line_of(data, bad, &ls);
		report_bytes(d, file, line, col, data, bad, len,
		             enc == IMPORT_ENC_GBK ? "not valid GBK"
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
	int line; /* current physical line */
	struct diag *d;
};

static void syntax(struct parser *ps, enum diag_code code, int line,
                   size_t field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

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
				       "closed",
				       open_line);
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
			if (*ps->p == '\r' && ps->p + 1 < ps->end &&
			    ps->p[1] == '\n')
				ps->p++;
			if (*ps->p == '\n')
				ps->line++;
			if (add_byte(ps, b, *ps->p++, field) < 0)
				return -1;
		}
		if (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' &&
		    *ps->p != '\r') {
			syntax(ps, DIAG_CSV_SYNTAX, ps->line, field,
			       "text after the closing quote (a quote inside "
			       "a quoted field is written \"\")");
			return -1;
		}
	} else {
		start = ps->p;
		while (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' &&
		       *ps->p != '\r') {
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
	ps->p++; /* '\n' */
	ps->line++;
	return 1;
}

struct import_csv *
import_csv_parse(const char *text, size_t len, const char *file, struct diag *d)
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
		if (*ps.p == '\n' ||
		    (*ps.p == '\r' && ps.p + 1 < ps.end && ps.p[1] == '\n')) {
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
			fields[nf++] =
			    arena_strndup(csv->arena, buf_cstr(&b), b.len);
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

struct srcpos
import_pos(struct arena *a, const struct import_csv *csv, const char *file,
           int line, int field)
{
	struct srcpos p = {file, line, field >= 0 ? field + 1 : 0};
	char ref[32];

	/* A sheet's record: its line is the row and field f is column f + 1,
	   so the position is a cell ("staff.xlsx:工资表!C12"), or the row
	   ("staff.xlsx:工资表:12") for a message about the whole row. */
	if (csv != NULL && csv->sheet != NULL) {
		if (field >= 0)
			p.file = arena_printf(
			    a, "%s:%s!%s", file, csv->sheet,
			    xlsx_cell_ref(ref, sizeof(ref), line, field + 1));
		else
			p.file =
			    arena_printf(a, "%s:%s:%d", file, csv->sheet, line);
		p.line = p.col = 0;
	}
	return p;
}

/* ------------------------------------------------------------ values */

/* "more than two decimals" when s has a third one, else dflt. */
static const char *
number_reason(const char *s, const char *dflt)
{
	const char *dot = strchr(s, '.');
	size_t n = 0;

	if (dot != NULL) {
		while (dot[1 + n] >= '0' && dot[1 + n] <= '9')
			n++;
		if (n > 2 && (dot[1 + n] == '\0' || dot[1 + n] == '%'))
			return "more than two decimals";
	}
	return dflt;
}

static int
parse_amount(const char *s, int signed_ok, const char *not_one, int64_t *fen,
             const char **why)
{
	if (money_parse_yuan(s, fen) < 0) {
		*why = number_reason(s, not_one);
		return -1;
	}
	if (*fen < 0 && !signed_ok) {
		*why = "must not be negative";
		return -1;
	}
	return 0;
}

int
import_parse_yuan(const char *s, int signed_ok, int64_t *fen, const char **why)
{
	return parse_amount(s, signed_ok, "is not an amount in yuan", fen, why);
}

int
import_parse_wan(const char *s, int64_t *fen, const char **why)
{
	return parse_amount(s, 0, "is not an amount in 万元 (220 or 220.35)",
	                    fen, why);
}

int
import_parse_dec2(const char *s, int percent, int64_t *x100, const char **why)
{
	const char *p = s;
	int64_t v = 0;
	int nd = 0, frac = 0;

	if (*p == '-') {
		*why = "must not be negative";
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
		*why = number_reason(
		    s, percent ? "is not a percentage (85.5 = 85.5%)"
		               : "is not a number of points");
		return -1;
	}
	*x100 = v + frac;
	return 0;
}

int
import_parse_kpi_value(const char *s, int percent, int64_t *x100,
                       const char **why)
{
	const char *p = s;
	int64_t v = 0;
	int nd = 0, group = -1, frac = 0, nf = 0;

	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		*why = "must not be negative";
		return -1;
	}
	/* digits, optionally grouped by "," in threes as Excel shows them */
	for (; v <= COUNT_MAX; p++) {
		if (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p - '0');
			nd++;
			if (group >= 0 && ++group > 3)
				break;
		} else if (*p == ',' && nd > 0 && group != 0 &&
		           (group < 0 ? nd <= 3 : group == 3))
			group = 0;
		else
			break;
	}
	if (group >= 0 && group != 3)
		nd = 0;
	if (nd > 0 && *p == '.') {
		p++;
		while (*p >= '0' && *p <= '9' && nf < 2) {
			frac = frac * 10 + (*p++ - '0');
			nf++;
		}
		while (nf == 2 && *p == '0')
			p++; /* 82.550 is 82.55 exactly */
		if (nf == 1)
			frac *= 10;
		if (nf == 0)
			nd = 0;
	}
	if (percent && *p == '%')
		p++;
	else if (percent && strncmp(p, "\xEF\xBC\x85", 3) == 0)
		p += 3; /* the full-width ％ of a Chinese IME */
	if (nd == 0 || *p != '\0' || v > COUNT_MAX) {
		*why =
		    v > COUNT_MAX
		        ? "is too large"
		        : number_reason(s, "is not a number (82.5, at most two "
		                           "decimals)");
		return -1;
	}
	*x100 = v * 100 + frac;
	return 0;
}

int
import_parse_count(const char *s, int64_t *out, const char **why)
{
	const char *p = s;
	int64_t v = 0;

	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		*why = "must not be negative";
		return -1;
	}
	while (*p >= '0' && *p <= '9' && v <= COUNT_MAX)
		v = v * 10 + (*p++ - '0');
	if (p == s || *p != '\0' || v > COUNT_MAX) {
		*why = "is not a whole number";
		return -1;
	}
	*out = v;
	return 0;
}

int
import_parse_bool(const char *s, int *out)
{
	static const char *const yes[] = {"1", "是", "y", "yes", "true"};
	static const char *const no[] = {"0", "否", "n", "no", "false"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int
import_is_id(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return 0;
	return p > s && p - s <= IMPORT_ID_MAX_BYTES;
}

char *
import_header_key(struct arena *a, const char *h)
{
	char *s = arena_strdup(a, h), *e = s + strlen(s), *open;

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
