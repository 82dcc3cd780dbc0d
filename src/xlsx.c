/* SPDX-License-Identifier: MIT */
/*
 * .xlsx reading: libzip opens the workbook in memory, libxml2's streaming
 * reader walks workbook.xml, its relationships, styles.xml, the shared
 * strings and then the sheet row by row, and each row becomes a record of
 * text values as they would be in a CSV file saved by Excel.
 */
#include "xlsx.h"

#include <libxml/xmlreader.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "xmem.h"

#define MAX_ROW 1048576 /* Excel's last row */
#define MAX_COL 16384   /* Excel's last column, XFD */
#define MAX_SHEETS 1000
#define MAX_MERGES 100000
#define ATTR_MAX 512 /* longest attribute value we look at */

/* What a cell's number format makes of a number. */
enum numclass {
	NUM_PLAIN,  /* General, 0.00, text, times: the number */
	NUM_DATE,   /* a date format with a day: YYYY-MM-DD */
	NUM_MONTH,  /* year and month, no day: YYYY-MM */
	NUM_PERCENT /* 0.855 shown as 85.5% */
};

/* One part of the zip being read by the XML reader. */
struct part {
	zip_file_t *zf;
	const char *name; /* path in the zip */
	uint64_t comp;    /* compressed size */
	uint64_t out;     /* uncompressed bytes read so far */
	int over;         /* 1: over XLSX_MAX_PART_BYTES, 2: ratio */
	int ioerr;        /* zip_fread failed */
	char xmlmsg[256]; /* first XML error */
	int xmlline;
};

struct merge {
	int r1, c1, r2, c2;
};

struct book {
	zip_t *za;
	const char *file;
	struct diag *d;
	struct arena *a; /* the result's arena */
	int errors0;
	int date1904;
	unsigned char *xfclass; /* enum numclass of each cellXfs entry */
	size_t nxf, xf_cap;
	struct fmtid {
		int id;
		unsigned char cls;
	} * fmts; /* custom number formats */
	size_t nfmts, fmts_cap;
	char **sst; /* shared strings; NULL = too long */
	size_t nsst, sst_cap;
	const char *sheet; /* name of the sheet read */
	struct merge *merges;
	size_t nmerges, merges_cap;
};

/* ------------------------------------------------------------ helpers */

int
xlsx_is_zip(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int
xlsx_is_ole(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0;
}

char *
xlsx_cell_ref(char *buf, size_t n, int row, int col)
{
	char letters[8];
	int i = (int)sizeof(letters) - 1;

	letters[i] = '\0';
	while (col > 0 && i > 0) {
		letters[--i] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	snprintf(buf, n, "%s%d", letters + i, row);
	return buf;
}

static int
failed(const struct book *b)
{
	return diag_errors(b->d) > b->errors0;
}

static void book_error(struct book *b, enum diag_code code, const char *fmt,
                       ...) __attribute__((format(printf, 3, 4)));

static void
book_error(struct book *b, enum diag_code code, const char *fmt, ...)
{
	struct srcpos p = {b->file, 0, 0};
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_report(b->d, code, &p, "%s", msg);
}

static void cell_error(struct book *b, enum diag_code code, int row, int col,
                       const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
cell_error(struct book *b, enum diag_code code, int row, int col,
           const char *fmt, ...)
{
	char ref[32], label[1024], msg[1024];
	struct srcpos p = {label, 0, 0};
	va_list ap;

	/* A whole row is "file:sheet:12", a cell "file:sheet!C12". */
	snprintf(label, sizeof(label), "%s:%s%s%s", b->file, b->sheet,
	         col > 0 ? "!" : ":",
	         xlsx_cell_ref(ref, sizeof(ref), row, col));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_report(b->d, code, &p, "%s", msg);
}

/* ------------------------------------------------------------ parts */

static int
part_read(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	zip_int64_t n;

	if (p->over || p->ioerr || len <= 0)
		return p->over || p->ioerr ? -1 : 0;
	n = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (n < 0) {
		p->ioerr = 1;
		return -1;
	}
	p->out += (uint64_t)n;
	if (p->out > XLSX_MAX_PART_BYTES) {
		p->over = 1;
		return -1;
	}
	if (p->out > XLSX_RATIO_AFTER && p->out / XLSX_MAX_RATIO > p->comp) {
		p->over = 2;
		return -1;
	}
	return (int)n;
}

static int
part_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void
part_xml_error(void *arg, xmlErrorPtr e)
{
	struct part *p = arg;

	if (p->xmlmsg[0] != '\0' || e == NULL)
		return;
	snprintf(p->xmlmsg, sizeof(p->xmlmsg), "%s",
	         e->message ? e->message : "error");
	p->xmlmsg[strcspn(p->xmlmsg, "\n")] = '\0';
	p->xmlline = e->line;
}

static void part_failed(struct book *b, const struct part *p);

/* Index of path in the zip, or -1. */
static zip_int64_t
locate(const struct book *b, const char *path)
{
	zip_int64_t i = zip_name_locate(b->za, path, 0);

	if (i < 0)
		i = zip_name_locate(b->za, path, ZIP_FL_NOCASE);
	return i;
}

/*
 * Open path for streaming; NULL after reporting when required (else NULL
 * silently when the part is absent).
 */
static xmlTextReaderPtr
part_open(struct book *b, const char *path, int required, struct part *p)
{
	zip_int64_t i = locate(b, path);
	xmlTextReaderPtr x;
	zip_stat_t st;

	memset(p, 0, sizeof(*p));
	p->name = path;
	if (i < 0) {
		if (required)
			book_error(b, DIAG_XLSX_FORMAT,
			           "%s is missing: not an "
			           "Excel workbook (.xlsx) or a damaged one",
			           path);
		return NULL;
	}
	zip_stat_init(&st);
	if (zip_stat_index(b->za, (zip_uint64_t)i, 0, &st) < 0 ||
	    (p->zf = zip_fopen_index(b->za, (zip_uint64_t)i, 0)) == NULL) {
		book_error(b, DIAG_XLSX_FORMAT,
		           "cannot unpack %s: %s (open "
		           "the file in Excel and save it again as .xlsx)",
		           path, zip_strerror(b->za));
		return NULL;
	}
	p->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	/* The sizes the zip declares are checked first; part_read() checks
	   what really comes out, in case they lie. */
	if (st.valid & ZIP_STAT_SIZE) {
		if (st.size > XLSX_MAX_PART_BYTES)
			p->over = 1;
		else if (st.size > XLSX_RATIO_AFTER &&
		         st.size / XLSX_MAX_RATIO > p->comp)
			p->over = 2;
		if (p->over) {
			part_failed(b, p);
			zip_fclose(p->zf);
			p->zf = NULL;
			return NULL;
		}
	}
	x = xmlReaderForIO(part_read, part_close, p, path, NULL,
	                   XML_PARSE_NONET | XML_PARSE_NOERROR |
	                       XML_PARSE_NOWARNING);
	if (x == NULL) {
		zip_fclose(p->zf);
		book_error(b, DIAG_XLSX_FORMAT, "cannot read %s", path);
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(x, part_xml_error, p);
	return x;
}

static void
part_close_all(xmlTextReaderPtr x, struct part *p)
{
	if (x != NULL)
		xmlFreeTextReader(x);
	if (p->zf != NULL)
		zip_fclose(p->zf);
	p->zf = NULL;
}

/* Report why reading p stopped. */
static void
part_failed(struct book *b, const struct part *p)
{
	if (p->over == 1)
		book_error(b, DIAG_XLSX_LIMIT,
		           "%s is larger than %u MiB "
		           "unpacked: split the sheet into smaller files",
		           p->name, XLSX_MAX_PART_BYTES / (1024 * 1024));
	else if (p->over == 2)
		book_error(
		    b, DIAG_XLSX_LIMIT,
		    "%s unpacks to more than %u "
		    "times its packed size, which no spreadsheet does (a zip "
		    "bomb?): refused",
		    p->name, XLSX_MAX_RATIO);
	else if (p->ioerr)
		book_error(b, DIAG_XLSX_FORMAT,
		           "cannot unpack %s: %s (open "
		           "the file in Excel and save it again as .xlsx)",
		           p->name, zip_file_strerror(p->zf));
	else
		book_error(b, DIAG_XLSX_FORMAT,
		           "%s:%d: not well-formed XML: "
		           "%s",
		           p->name, p->xmlline,
		           p->xmlmsg[0] ? p->xmlmsg : "unexpected end");
}

/*
 * Next node: 1, 0 at the end, -1 after reporting. A DTD is refused: no
 * workbook part has one, and entities are how XML bombs work.
 */
static int
step(struct book *b, xmlTextReaderPtr x, struct part *p)
{
	int rc = xmlTextReaderRead(x);

	if (rc < 0) {
		part_failed(b, p);
		return -1;
	}
	if (rc == 1 &&
	    xmlTextReaderNodeType(x) == XML_READER_TYPE_DOCUMENT_TYPE) {
		book_error(b, DIAG_XLSX_FORMAT,
		           "%s has a document type "
		           "declaration, which Excel never writes: refused",
		           p->name);
		return -1;
	}
	return rc;
}

static int
is_start(xmlTextReaderPtr x, const char *local)
{
	const xmlChar *n;

	if (xmlTextReaderNodeType(x) != XML_READER_TYPE_ELEMENT)
		return 0;
	n = xmlTextReaderConstLocalName(x);
	return n != NULL && strcmp((const char *)n, local) == 0;
}

static int
is_end(xmlTextReaderPtr x, const char *local)
{
	const xmlChar *n;

	if (xmlTextReaderNodeType(x) != XML_READER_TYPE_END_ELEMENT)
		return 0;
	n = xmlTextReaderConstLocalName(x);
	return n != NULL && strcmp((const char *)n, local) == 0;
}

/*
 * The attribute of the current element with this local name (any
 * namespace) into out[0..n); 1 if present, else 0 with out "".
 */
static int
attr(xmlTextReaderPtr x, const char *local, char *out, size_t n)
{
	int found = 0;

	out[0] = '\0';
	if (xmlTextReaderMoveToFirstAttribute(x) != 1)
		return 0;
	do {
		const xmlChar *ln = xmlTextReaderConstLocalName(x);
		const xmlChar *v;

		if (ln == NULL || strcmp((const char *)ln, local) != 0)
			continue;
		v = xmlTextReaderConstValue(x);
		snprintf(out, n, "%s", v ? (const char *)v : "");
		found = 1;
		break;
	} while (xmlTextReaderMoveToNextAttribute(x) == 1);
	xmlTextReaderMoveToElement(x);
	return found;
}

/*
 * The text inside the current element into out (capped: *toolong set when
 * it did not fit). only_t: text of <t> elements outside <rPh> (phonetic
 * runs), as in <si> and <is>; else all text. 0, or -1 after reporting.
 */
static int
read_text(struct book *b, xmlTextReaderPtr x, struct part *p, int only_t,
          struct buf *out, int *toolong)
{
	int depth = xmlTextReaderDepth(x), in_t = 0, in_rph = 0, rc, type;

	buf_reset(out);
	*toolong = 0;
	if (xmlTextReaderIsEmptyElement(x))
		return 0;
	while ((rc = step(b, x, p)) == 1) {
		type = xmlTextReaderNodeType(x);
		if (type == XML_READER_TYPE_END_ELEMENT &&
		    xmlTextReaderDepth(x) == depth)
			return 0;
		if (is_start(x, "t") && !xmlTextReaderIsEmptyElement(x))
			in_t++;
		else if (is_end(x, "t") && in_t > 0)
			in_t--;
		else if (is_start(x, "rPh") && !xmlTextReaderIsEmptyElement(x))
			in_rph++;
		else if (is_end(x, "rPh") && in_rph > 0)
			in_rph--;
		else if ((type == XML_READER_TYPE_TEXT ||
		          type == XML_READER_TYPE_CDATA ||
		          type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		          type == XML_READER_TYPE_WHITESPACE) &&
		         (!only_t || (in_t > 0 && in_rph == 0))) {
			const xmlChar *v = xmlTextReaderConstValue(x);

			if (v != NULL && buf_adds(out, (const char *)v) < 0)
				*toolong = 1;
		}
	}
	if (rc == 0) {
		book_error(b, DIAG_XLSX_FORMAT, "%s ends inside an element",
		           p->name);
	}
	return -1;
}

/* ------------------------------------------------------------ workbook */

/* Path of a relationship target, relative to xl/, in the zip. */
static char *
target_path(struct book *b, const char *target)
{
	if (target[0] == '/')
		return arena_strdup(b->a, target + 1);
	return arena_printf(b->a, "xl/%s", target);
}

/*
 * Find the sheet's relationship id from xl/workbook.xml and the date
 * system. 0, or -1 after reporting.
 */
static int
read_workbook(struct book *b, const char *want, char *rid, size_t nrid)
{
	struct part p;
	xmlTextReaderPtr x = part_open(b, "xl/workbook.xml", 1, &p);
	struct buf names;
	char name[ATTR_MAX], id[ATTR_MAX], state[64], v[64];
	int rc, nsheets = 0, found = 0;

	if (x == NULL)
		return -1;
	buf_init(&names, 4096);
	while ((rc = step(b, x, &p)) == 1) {
		if (is_start(x, "workbookPr")) {
			attr(x, "date1904", v, sizeof(v));
			b->date1904 =
			    strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
		} else if (is_start(x, "sheet") && nsheets < MAX_SHEETS) {
			attr(x, "name", name, sizeof(name));
			attr(x, "id", id, sizeof(id));
			attr(x, "state", state, sizeof(state));
			nsheets++;
			buf_printf(&names, "%s%s", names.len ? ", " : "", name);
			if (found)
				continue;
			if (want != NULL
			        ? strcmp(name, want) == 0
			        : strcmp(state, "hidden") != 0 &&
			              strcmp(state, "veryHidden") != 0) {
				found = 1;
				b->sheet = arena_strdup(b->a, name);
				snprintf(rid, nrid, "%s", id);
			}
		}
	}
	part_close_all(x, &p);
	if (rc == 0 && !found) {
		if (want != NULL)
			book_error(b, DIAG_XLSX_FORMAT,
			           "no sheet named \"%s\": "
			           "the workbook has %s",
			           want,
			           names.len ? buf_cstr(&names) : "no sheets");
		else
			book_error(b, DIAG_XLSX_FORMAT,
			           "the workbook has no "
			           "visible sheet");
	}
	buf_free(&names);
	return rc == 0 && found ? 0 : -1;
}

/* Paths of the sheet, the shared strings and the styles from the
   workbook's relationships. 0, or -1 after reporting. */
static int
read_rels(struct book *b, const char *rid, char **sheet, char **sst,
          char **styles)
{
	struct part p;
	xmlTextReaderPtr x = part_open(b, "xl/_rels/workbook.xml.rels", 1, &p);
	char id[ATTR_MAX], target[ATTR_MAX], type[ATTR_MAX];
	size_t tl;
	int rc;

	*sheet = NULL;
	*sst = arena_strdup(b->a, "xl/sharedStrings.xml");
	*styles = arena_strdup(b->a, "xl/styles.xml");
	if (x == NULL)
		return -1;
	while ((rc = step(b, x, &p)) == 1) {
		if (!is_start(x, "Relationship"))
			continue;
		attr(x, "Id", id, sizeof(id));
		attr(x, "Target", target, sizeof(target));
		attr(x, "Type", type, sizeof(type));
		tl = strlen(type);
		if (strcmp(id, rid) == 0)
			*sheet = target_path(b, target);
		else if (tl >= 14 &&
		         strcmp(type + tl - 14, "/sharedStrings") == 0)
			*sst = target_path(b, target);
		else if (tl >= 7 && strcmp(type + tl - 7, "/styles") == 0)
			*styles = target_path(b, target);
	}
	part_close_all(x, &p);
	if (rc == 0 && *sheet == NULL)
		book_error(b, DIAG_XLSX_FORMAT,
		           "sheet %s has no part in the "
		           "workbook (a damaged file: save it again in Excel)",
		           b->sheet);
	return rc == 0 && *sheet != NULL ? 0 : -1;
}

/* The class of a custom number format code: its first section, outside
   quotes, escapes and [brackets]. */
static enum numclass
code_class(const char *s)
{
	int y = 0, m = 0, d = 0, pct = 0;

	for (; *s && *s != ';'; s++) {
		switch (*s) {
		case '"':
			s++;
			while (*s && *s != '"')
				s++;
			if (!*s)
				return NUM_PLAIN;
			break;
		case '\\':
		case '_':
		case '*':
			if (!s[1])
				return NUM_PLAIN;
			s++;
			break;
		case '[':
			while (*s && *s != ']')
				s++;
			if (!*s)
				return NUM_PLAIN;
			break;
		case 'y':
		case 'Y':
			y = 1;
			break;
		case 'm':
		case 'M':
			m = 1;
			break;
		case 'd':
		case 'D':
			d = 1;
			break;
		case '%':
			pct = 1;
			break;
		default:
			break;
		}
	}
	if (d)
		return NUM_DATE;
	if (y)
		return m ? NUM_MONTH : NUM_DATE;
	return pct ? NUM_PERCENT : NUM_PLAIN;
}

/* The class of a built-in number format (ECMA-376 18.8.30, and the ids
   Chinese Excel uses for its date formats). */
static enum numclass
builtin_class(int id)
{
	if (id == 9 || id == 10)
		return NUM_PERCENT;
	if (id == 17)
		return NUM_MONTH;
	if ((id >= 14 && id <= 16) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return NUM_DATE;
	return NUM_PLAIN;
}

static enum numclass
fmt_class(const struct book *b, int id)
{
	size_t i;

	for (i = 0; i < b->nfmts; i++)
		if (b->fmts[i].id == id)
			return (enum numclass)b->fmts[i].cls;
	return builtin_class(id);
}

/* Number formats of the cell styles. A workbook without styles has only
   plain numbers. 0, or -1 after reporting. */
static int
read_styles(struct book *b, const char *path)
{
	struct part p;
	xmlTextReaderPtr x = part_open(b, path, 0, &p);
	char v[ATTR_MAX], code[ATTR_MAX];
	int rc, in_xfs = 0;

	if (x == NULL)
		return failed(b) ? -1 : 0;
	while ((rc = step(b, x, &p)) == 1) {
		if (is_start(x, "numFmt")) {
			attr(x, "numFmtId", v, sizeof(v));
			attr(x, "formatCode", code, sizeof(code));
			b->fmts = xgrow(b->fmts, &b->fmts_cap, b->nfmts + 1,
			                sizeof(*b->fmts));
			b->fmts[b->nfmts].id = atoi(v);
			b->fmts[b->nfmts++].cls =
			    (unsigned char)code_class(code);
		} else if (is_start(x, "cellXfs"))
			in_xfs = !xmlTextReaderIsEmptyElement(x);
		else if (is_end(x, "cellXfs"))
			in_xfs = 0;
		else if (in_xfs && is_start(x, "xf") &&
		         b->nxf < (size_t)MAX_ROW) {
			attr(x, "numFmtId", v, sizeof(v));
			b->xfclass =
			    xgrow(b->xfclass, &b->xf_cap, b->nxf + 1, 1);
			b->xfclass[b->nxf++] =
			    (unsigned char)fmt_class(b, atoi(v));
		}
	}
	part_close_all(x, &p);
	return rc == 0 ? 0 : -1;
}

/* The shared strings; a workbook may have none. 0, or -1 after
   reporting. */
static int
read_strings(struct book *b, const char *path)
{
	struct part p;
	xmlTextReaderPtr x = part_open(b, path, 0, &p);
	struct buf s;
	int rc, toolong;

	if (x == NULL)
		return failed(b) ? -1 : 0;
	buf_init(&s, IMPORT_MAX_FIELD_BYTES);
	while ((rc = step(b, x, &p)) == 1) {
		if (!is_start(x, "si"))
			continue;
		if (b->nsst >= XLSX_MAX_STRINGS) {
			book_error(b, DIAG_XLSX_LIMIT,
			           "more than %d different "
			           "texts in the workbook",
			           XLSX_MAX_STRINGS);
			rc = -1;
			break;
		}
		if (read_text(b, x, &p, 1, &s, &toolong) < 0) {
			rc = -1;
			break;
		}
		b->sst =
		    xgrow(b->sst, &b->sst_cap, b->nsst + 1, sizeof(*b->sst));
		b->sst[b->nsst++] =
		    toolong ? NULL : arena_strndup(b->a, buf_cstr(&s), s.len);
	}
	buf_free(&s);
	part_close_all(x, &p);
	return rc == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ the sheet */

/* "C12" → row 12, column 3; 0, or -1 if it is no cell reference. */
static int
parse_ref(const char *s, int *row, int *col)
{
	long c = 0, r = 0;

	while (*s >= 'A' && *s <= 'Z' && c <= MAX_COL)
		c = c * 26 + (*s++ - 'A' + 1);
	while (*s >= '0' && *s <= '9' && r <= MAX_ROW)
		r = r * 10 + (*s++ - '0');
	if (*s != '\0' || c < 1 || c > MAX_COL || r < 1 || r > MAX_ROW)
		return -1;
	*row = (int)r;
	*col = (int)c;
	return 0;
}

/* Days since 1970-01-01 → civil date (proleptic Gregorian). */
static void
civil(long z, int *y, int *m, int *d)
{
	long era, yoe, doe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A copy in the arena of s less spaces, tabs and line breaks at both
   ends. */
static char *
trim_dup(struct book *b, const char *s)
{
	const char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	                 e[-1] == '\n'))
		e--;
	return arena_strndup(b->a, s, (size_t)(e - s));
}

/*
 * A number as text by its format class into out[0..n). 0, or -1 after
 * reporting at the cell.
 */
static int
number_text(struct book *b, const char *v, enum numclass cls, int row, int col,
            char *out, size_t n)
{
	char *end;
	double x = strtod(v, &end);
	int y, m, d;
	long days;

	if (end == v || *end != '\0' || !isfinite(x)) {
		cell_error(b, DIAG_XLSX_CELL, row, col,
		           "\"%s\" is not a "
		           "number, though the file says it is",
		           v);
		return -1;
	}
	if (cls == NUM_DATE || cls == NUM_MONTH) {
		/* Day 60 of the 1900 system is 1900-02-29, which never was;
		   Excel keeps it for Lotus 1-2-3. */
		if (x < (b->date1904 ? 0 : 1) || x >= 2958466 ||
		    (!b->date1904 && floor(x) == 60)) {
			cell_error(
			    b, DIAG_XLSX_CELL, row, col,
			    "%s is not a "
			    "date Excel can show (the cell has a date format)",
			    v);
			return -1;
		}
		days = (long)floor(x);
		if (b->date1904)
			days -= 24107; /* 1904-01-01 */
		else if (days >= 61)
			days -= 25569; /* 1899-12-30 */
		else
			days -= 25568; /* 1899-12-31 */
		civil(days, &y, &m, &d);
		if (cls == NUM_MONTH)
			snprintf(out, n, "%04d-%02d", y, m);
		else
			snprintf(out, n, "%04d-%02d-%02d", y, m, d);
		return 0;
	}
	if (cls == NUM_PERCENT)
		x *= 100;
	/* Excel keeps 15 significant digits: a longer number has already
	   lost its last digits, and a bank account or ID number typed into
	   a number cell is the usual cause. */
	if (fabs(x) >= 1e15) {
		cell_error(
		    b, DIAG_XLSX_CELL, row, col,
		    "the number %.5E has "
		    "more digits than the 15 Excel keeps, so its last digits "
		    "are lost: format the column as text (设置单元格格式 → "
		    "文本) and type the numbers again",
		    x);
		return -1;
	}
	snprintf(out, n, "%.15g%s", x == 0 ? 0.0 : x,
	         cls == NUM_PERCENT ? "%" : "");
	return 0;
}

/* The cell being read. */
struct cell {
	int row, col;
	char type[16]; /* t: s, str, inlineStr, b, e, d, n */
	int style;     /* s, index into cellXfs */
	int has_f, has_v, v_long;
	struct buf v; /* <v> text, or <is> text */
};

/* The text of a cell (into the arena), NULL for an empty cell, or
 *bad = 1 after reporting. */
static char *
cell_value(struct book *b, struct cell *c, int *bad)
{
	enum numclass cls;
	char num[64];
	const char *v = buf_cstr(&c->v);
	char *endp;
	long idx;

	*bad = 0;
	if (c->v_long) {
		cell_error(b, DIAG_XLSX_LIMIT, c->row, c->col,
		           "text longer "
		           "than %d bytes",
		           IMPORT_MAX_FIELD_BYTES);
		*bad = 1;
		return NULL;
	}
	if (strcmp(c->type, "inlineStr") == 0)
		return trim_dup(b, v);
	if (!c->has_v || (c->v.len == 0 && strcmp(c->type, "str") != 0)) {
		if (c->has_f) {
			cell_error(
			    b, DIAG_XLSX_CELL, c->row, c->col,
			    "a "
			    "formula without a saved value (the file was not "
			    "saved by Excel): open it in Excel and save it "
			    "again, or paste the column as values");
			*bad = 1;
		}
		return NULL;
	}
	if (strcmp(c->type, "s") == 0) {
		idx = strtol(v, &endp, 10);
		if (endp == v || *endp != '\0' || idx < 0 ||
		    (size_t)idx >= b->nsst) {
			cell_error(b, DIAG_XLSX_CELL, c->row, c->col,
			           "shared "
			           "text %s does not exist (a damaged file)",
			           v);
			*bad = 1;
			return NULL;
		}
		if (b->sst[idx] == NULL) {
			cell_error(b, DIAG_XLSX_LIMIT, c->row, c->col,
			           "text "
			           "longer than %d bytes",
			           IMPORT_MAX_FIELD_BYTES);
			*bad = 1;
			return NULL;
		}
		return trim_dup(b, b->sst[idx]);
	}
	if (strcmp(c->type, "str") == 0)
		return trim_dup(b, v);
	if (strcmp(c->type, "b") == 0)
		return arena_strdup(b->a,
		                    strcmp(v, "0") == 0 ? "FALSE" : "TRUE");
	if (strcmp(c->type, "e") == 0) {
		cell_error(
		    b, DIAG_XLSX_CELL, c->row, c->col,
		    "the cell shows "
		    "the Excel error %s: correct the formula or the value",
		    v);
		*bad = 1;
		return NULL;
	}
	if (strcmp(c->type, "d") == 0) {
		/* An ISO 8601 date or date-time: its date. */
		return arena_strndup(
		    b->a, v, strlen(v) > 10 && v[10] == 'T' ? 10 : strlen(v));
	}
	cls = c->style >= 0 && (size_t)c->style < b->nxf
	          ? (enum numclass)b->xfclass[c->style]
	          : NUM_PLAIN;
	if (number_text(b, v, cls, c->row, c->col, num, sizeof(num)) < 0) {
		*bad = 1;
		return NULL;
	}
	return arena_strdup(b->a, num);
}

/* Read the children of <c> into cell. 0, or -1 after reporting. */
static int
read_cell(struct book *b, xmlTextReaderPtr x, struct part *p, struct cell *c,
          struct buf *tmp)
{
	int depth = xmlTextReaderDepth(x), rc, toolong;

	c->has_f = c->has_v = c->v_long = 0;
	buf_reset(&c->v);
	if (xmlTextReaderIsEmptyElement(x))
		return 0;
	while ((rc = step(b, x, p)) == 1) {
		if (xmlTextReaderNodeType(x) == XML_READER_TYPE_END_ELEMENT &&
		    xmlTextReaderDepth(x) == depth)
			return 0;
		if (is_start(x, "f")) {
			c->has_f = 1;
			if (read_text(b, x, p, 0, tmp, &toolong) < 0)
				return -1;
		} else if (is_start(x, "v") || is_start(x, "is")) {
			int inl = is_start(x, "is");

			if (read_text(b, x, p, inl, &c->v, &toolong) < 0)
				return -1;
			c->has_v = 1;
			c->v_long = toolong;
		}
	}
	if (rc == 0)
		book_error(b, DIAG_XLSX_FORMAT, "%s ends inside a cell",
		           p->name);
	return -1;
}

/* Append the row's cells as a record; cells[0..ncols) may hold NULLs. */
static void
add_record(struct book *b, struct import_csv *csv, size_t *cap, int row,
           char **cells, size_t ncols, char *empty)
{
	struct import_record *r;
	size_t i;

	csv->records =
	    xgrow(csv->records, cap, csv->nrecords + 1, sizeof(*csv->records));
	r = &csv->records[csv->nrecords++];
	r->line = row;
	r->nfields = ncols;
	r->fields = arena_alloc(b->a, ncols * sizeof(char *));
	for (i = 0; i < ncols; i++) {
		r->fields[i] = cells[i] ? cells[i] : empty;
		cells[i] = NULL;
	}
}

/* Every record at least as wide as the header. */
static void
pad_records(struct book *b, struct import_csv *csv, char *empty)
{
	size_t w, i, f;

	if (csv->nrecords == 0)
		return;
	w = csv->records[0].nfields;
	for (i = 1; i < csv->nrecords; i++) {
		struct import_record *r = &csv->records[i];
		char **nf;

		if (r->nfields >= w)
			continue;
		nf = arena_alloc(b->a, w * sizeof(char *));
		for (f = 0; f < w; f++)
			nf[f] = f < r->nfields ? r->fields[f] : empty;
		r->fields = nf;
		r->nfields = w;
	}
}

static int
read_merge(struct book *b, xmlTextReaderPtr x)
{
	char ref[ATTR_MAX], *colon;
	struct merge m;

	attr(x, "ref", ref, sizeof(ref));
	colon = strchr(ref, ':');
	if (colon == NULL)
		return 0;
	*colon = '\0';
	if (parse_ref(ref, &m.r1, &m.c1) < 0 ||
	    parse_ref(colon + 1, &m.r2, &m.c2) < 0)
		return 0;
	if (b->nmerges >= MAX_MERGES)
		return 0;
	b->merges = xgrow(b->merges, &b->merges_cap, b->nmerges + 1,
	                  sizeof(*b->merges));
	b->merges[b->nmerges++] = m;
	return 0;
}

/* Merged cells in the header row are refused: only the first cell of a
   merge has the text, the others would be columns without a name. */
static void
check_merges(struct book *b, const struct import_csv *csv)
{
	char r1[32], r2[32];
	size_t i;
	int hdr;

	if (csv->nrecords == 0)
		return;
	hdr = csv->records[0].line;
	for (i = 0; i < b->nmerges; i++) {
		const struct merge *m = &b->merges[i];

		if (m->r1 > hdr || m->r2 < hdr)
			continue;
		cell_error(b, DIAG_XLSX_CELL, hdr, m->c1,
		           "merged header cells "
		           "%s:%s: unmerge them (合并后居中 → 取消单元格合并) "
		           "and give "
		           "each column its own header in row %d",
		           xlsx_cell_ref(r1, sizeof(r1), m->r1, m->c1),
		           xlsx_cell_ref(r2, sizeof(r2), m->r2, m->c2), hdr);
	}
}

/* The sheet's rows into csv. 0, or -1 after reporting. */
static int
read_sheet(struct book *b, const char *path, struct import_csv *csv)
{
	struct part p;
	xmlTextReaderPtr x = part_open(b, path, 1, &p);
	char *cells[IMPORT_MAX_FIELDS], *empty = arena_strdup(b->a, "");
	char v[ATTR_MAX];
	struct cell c;
	struct buf tmp;
	size_t ncols = 0, cap = 0;
	int rc, row = 0, col = 0, in_row = 0, bad;

	if (x == NULL)
		return -1;
	memset(cells, 0, sizeof(cells));
	memset(&c, 0, sizeof(c));
	buf_init(&c.v, IMPORT_MAX_FIELD_BYTES);
	buf_init(&tmp, 65536);
	while ((rc = step(b, x, &p)) == 1) {
		if (is_start(x, "row")) {
			if (attr(x, "r", v, sizeof(v))) {
				long r = strtol(v, NULL, 10);

				if (r < 1 || r > MAX_ROW || r <= row) {
					book_error(
					    b, DIAG_XLSX_FORMAT,
					    "%s: "
					    "row number %s out of order (a "
					    "damaged file)",
					    path, v);
					rc = -1;
					break;
				}
				row = (int)r;
			} else if (++row > MAX_ROW) {
				book_error(b, DIAG_XLSX_FORMAT,
				           "%s: more "
				           "than %d rows",
				           path, MAX_ROW);
				rc = -1;
				break;
			}
			col = 0;
			while (ncols > 0)
				cells[--ncols] = NULL;
			in_row = !xmlTextReaderIsEmptyElement(x);
		} else if (in_row && is_end(x, "row")) {
			in_row = 0;
			if (ncols == 0)
				continue;
			if (csv->nrecords > IMPORT_MAX_ROWS) {
				cell_error(b, DIAG_XLSX_LIMIT, row, 0,
				           "more "
				           "than %d rows",
				           IMPORT_MAX_ROWS);
				rc = -1;
				break;
			}
			add_record(b, csv, &cap, row, cells, ncols, empty);
		} else if (in_row && is_start(x, "c")) {
			if (attr(x, "r", v, sizeof(v))) {
				int rr;

				if (parse_ref(v, &rr, &c.col) < 0 ||
				    rr != row) {
					book_error(
					    b, DIAG_XLSX_FORMAT,
					    "%s: "
					    "cell reference %s in row %d (a "
					    "damaged file)",
					    path, v, row);
					rc = -1;
					break;
				}
			} else
				c.col = col + 1;
			col = c.col;
			c.row = row;
			attr(x, "t", c.type, sizeof(c.type));
			c.style = attr(x, "s", v, sizeof(v)) ? atoi(v) : 0;
			if (read_cell(b, x, &p, &c, &tmp) < 0) {
				rc = -1;
				break;
			}
			{
				char *s = cell_value(b, &c, &bad);

				if (s == NULL || *s == '\0')
					continue;
				if (c.col > IMPORT_MAX_FIELDS) {
					cell_error(b, DIAG_XLSX_LIMIT, row,
					           c.col,
					           "a value beyond column %d",
					           IMPORT_MAX_FIELDS);
					continue;
				}
				cells[c.col - 1] = s;
				if ((size_t)c.col > ncols)
					ncols = (size_t)c.col;
			}
		} else if (is_start(x, "mergeCell"))
			read_merge(b, x);
	}
	buf_free(&c.v);
	buf_free(&tmp);
	part_close_all(x, &p);
	if (rc != 0)
		return -1;
	pad_records(b, csv, empty);
	check_merges(b, csv);
	return failed(b) ? -1 : 0;
}

/* ------------------------------------------------------------ driver */

static int
read_book(struct book *b, const char *want, struct import_csv *csv)
{
	char rid[ATTR_MAX], *sheet, *sst, *styles;

	if (locate(b, "mimetype") >= 0 && locate(b, "content.xml") >= 0) {
		book_error(
		    b, DIAG_XLSX_FORMAT,
		    "an OpenDocument spreadsheet "
		    "(.ods): save it as Excel 2007-365 (.xlsx) or as CSV");
		return -1;
	}
	if (locate(b, "xl/workbook.xml") < 0) {
		book_error(
		    b, DIAG_XLSX_FORMAT,
		    "a zip file but not an Excel "
		    "workbook (no xl/workbook.xml): save the sheet as .xlsx "
		    "or as CSV");
		return -1;
	}
	if (read_workbook(b, want, rid, sizeof(rid)) < 0 ||
	    read_rels(b, rid, &sheet, &sst, &styles) < 0 ||
	    read_styles(b, styles) < 0 || read_strings(b, sst) < 0)
		return -1;
	csv->sheet = b->sheet;
	return read_sheet(b, sheet, csv);
}

struct import_csv *
xlsx_read(const char *data, size_t len, const char *file, const char *sheet,
          struct diag *d)
{
	struct import_csv *csv = xcalloc(1, sizeof(*csv));
	struct book b;
	zip_error_t ze;
	zip_source_t *src;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	b.file = file;
	b.d = d;
	b.errors0 = diag_errors(d);
	csv->arena = arena_new();
	b.a = csv->arena;
	b.sheet = "";
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src != NULL) {
		b.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
		if (b.za == NULL)
			zip_source_free(src);
	}
	if (b.za == NULL)
		book_error(&b, DIAG_XLSX_FORMAT,
		           "not a readable .xlsx file "
		           "(%s): open it in Excel and save it again",
		           zip_error_strerror(&ze));
	else
		rc = read_book(&b, sheet, csv);
	zip_error_fini(&ze);
	if (b.za != NULL)
		zip_discard(b.za);
	free(b.xfclass);
	free(b.fmts);
	free(b.sst);
	free(b.merges);
	if (rc < 0) {
		import_csv_free(csv);
		return NULL;
	}
	return csv;
}
