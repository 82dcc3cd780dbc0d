/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xlsx.c: workbooks are built here with libzip from the XML
 * parts Excel writes (shared and inline strings with rich text and
 * phonetic runs, styles with date, month and percent formats, formulas
 * with and without a saved value, the 1904 date system, hidden and
 * Chinese-named sheets) and read back as records; every refusal (merged
 * header, 19-digit number, error cell, zip bomb, DTD, not a workbook) is
 * checked with its cell reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "xlsx.h"
#include "xmem.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/" \
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/" \
    "2006/relationships\""

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://"
    "schemas.openxmlformats.org/package/2006/content-types\"/>";

/* A workbook's parts: name, text; a NULL name ends the list. */
struct part {
	const char *name;
	const char *text;
	size_t len;		/* 0: strlen(text) */
};

/* Zip parts into memory; *len set; the caller frees. */
static char *
make_zip(const struct part *parts, size_t *len)
{
	char path[] = "/tmp/hrp-test-xlsx-XXXXXX";
	int fd = mkstemp(path), err = 0;
	zip_t *z;
	FILE *f;
	char *data;
	long n;

	assert_true(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE | ZIP_CREATE, &err);
	assert_non_null(z);
	for (; parts->name != NULL; parts++) {
		size_t l = parts->len ? parts->len : strlen(parts->text);
		zip_source_t *s = zip_source_buffer(z, parts->text, l, 0);

		assert_non_null(s);
		assert_true(zip_file_add(z, parts->name, s, ZIP_FL_OVERWRITE)
		    >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = xmalloc((size_t)n);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	*len = (size_t)n;
	return data;
}

static const char default_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

static const char default_workbook[] =
    "<?xml version=\"1.0\"?><workbook " NS "><workbookPr/><sheets>"
    "<sheet name=\"工资表\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"第二页\" sheetId=\"2\" r:id=\"rId2\"/>"
    "</sheets></workbook>";

/* xf 0 General, 1 date (14), 2 year-month (custom 164), 3 percent (10),
   4 custom date with quoted text (165), 5 time (20: a plain number). */
static const char default_styles[] =
    "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月"
    "&quot;\"/><numFmt numFmtId=\"165\" formatCode=\"[$-804]yyyy/m/d;@\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/>"
    "</cellStyleXfs><cellXfs count=\"6\"><xf numFmtId=\"0\"/>"
    "<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"10\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"20\"/></cellXfs></styleSheet>";

static const char default_sst[] =
    "<?xml version=\"1.0\"?><sst " NS " count=\"4\" uniqueCount=\"4\">"
    "<si><t>工号</t></si><si><t>姓名</t></si>"
    "<si><r><t>马</t></r><r><rPr><b/></rPr><t>晓丽</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ma</t></rPh></si>"
    "<si><t xml:space=\"preserve\">  E0012 </t></si></sst>";

struct book {
	const char *workbook, *rels, *styles, *sst, *sheet1, *sheet2;
};

/* Read a workbook made of b's parts (NULL: the defaults above). */
static struct import_csv *
read_book(const struct book *b, const char *sheet, struct diag *d)
{
	struct part parts[9];
	struct import_csv *csv;
	size_t n = 0, len;
	char *data;

	parts[n++] = (struct part){"[Content_Types].xml", content_types, 0};
	parts[n++] = (struct part){"xl/workbook.xml",
	    b->workbook ? b->workbook : default_workbook, 0};
	parts[n++] = (struct part){"xl/_rels/workbook.xml.rels",
	    b->rels ? b->rels : default_rels, 0};
	parts[n++] = (struct part){"xl/styles.xml",
	    b->styles ? b->styles : default_styles, 0};
	parts[n++] = (struct part){"xl/sharedStrings.xml",
	    b->sst ? b->sst : default_sst, 0};
	if (b->sheet1)
		parts[n++] = (struct part){"xl/worksheets/sheet1.xml",
		    b->sheet1, 0};
	if (b->sheet2)
		parts[n++] = (struct part){"xl/worksheets/sheet2.xml",
		    b->sheet2, 0};
	parts[n] = (struct part){NULL, NULL, 0};
	data = make_zip(parts, &len);
	assert_true(xlsx_is_zip(data, len));
	csv = xlsx_read(data, len, "f.xlsx", sheet, d);
	free(data);
	return csv;
}

static void
has(struct diag *d, const char *want)
{
	if (strstr(diag_text(d), want) == NULL)
		fail_msg("missing \"%s\" in:\n%s", want, diag_text(d));
}

#define SHEET(rows) "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>" \
    rows "</sheetData></worksheet>"

static void
test_cell_ref(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 1, 1), "A1");
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 12, 3), "C12");
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 5, 26), "Z5");
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 5, 27), "AA5");
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 9, 702), "ZZ9");
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 1048576, 16384),
	    "XFD1048576");
	assert_string_equal(xlsx_cell_ref(b, sizeof(b), 7, 0), "7");
	assert_true(xlsx_is_ole("\xD0\xCF\x11\xE0\xA1\xB1", 6));
	assert_false(xlsx_is_zip("PK\x05\x06", 4));
}

/* Every kind of cell Excel writes, and empty rows between. */
static void
test_values(void **state)
{
	struct diag *d = diag_new(NULL);
	struct book b = {0};
	struct import_csv *csv;
	const struct import_record *r;

	(void)state;
	b.sheet1 = SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	    "<c r=\"B1\" t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><t>底薪</t></is></c>"
	    "<c r=\"D1\" t=\"inlineStr\"><is><r><t>入职</t></r><r><t>日期"
	    "</t></r></is></c><c r=\"E1\" t=\"str\"><f>\"月\"&amp;\"份\"</f>"
	    "<v>月份</v></c><c r=\"F1\"><v>1</v></c><c r=\"G1\"/>"
	    "<c r=\"H1\" t=\"b\"><v>1</v></c></row>"
	    "<row r=\"2\" spans=\"1:8\"><c r=\"A2\" s=\"0\"/></row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>3</v></c>"
	    "<c r=\"B4\" t=\"s\"><v>2</v></c>"
	    "<c r=\"C4\" s=\"0\"><v>3500.1999999999998</v></c>"
	    "<c r=\"D4\" s=\"1\"><v>45802</v></c>"
	    "<c r=\"E4\" s=\"2\"><v>45778</v></c>"
	    "<c r=\"F4\" s=\"3\"><v>0.85499999999999998</v></c>"
	    "<c r=\"H4\" t=\"b\"><v>0</v></c></row>"
	    "<row r=\"6\"><c r=\"C6\"><f>C4*2</f><v>7000.4</v></c>"
	    "<c r=\"D6\" s=\"4\"><v>45803.75</v></c>"
	    "<c r=\"E6\" s=\"5\"><v>0.5</v></c><c r=\"F6\"><v>-0</v></c>"
	    "</row>");
	csv = read_book(&b, NULL, d);
	if (csv == NULL)
		fail_msg("%s", diag_text(d));
	assert_string_equal(csv->sheet, "工资表");
	assert_int_equal(csv->nrecords, 3);
	r = &csv->records[0];
	assert_int_equal(r->line, 1);
	assert_int_equal(r->nfields, 8);
	assert_string_equal(r->fields[0], "工号");
	assert_string_equal(r->fields[1], "姓名");
	assert_string_equal(r->fields[2], "底薪");
	assert_string_equal(r->fields[3], "入职日期");
	assert_string_equal(r->fields[4], "月份");
	assert_string_equal(r->fields[5], "1");
	assert_string_equal(r->fields[6], "");
	assert_string_equal(r->fields[7], "TRUE");
	r = &csv->records[1];
	assert_int_equal(r->line, 4);
	assert_int_equal(r->nfields, 8);
	assert_string_equal(r->fields[0], "E0012");	/* trimmed */
	assert_string_equal(r->fields[1], "马晓丽");	/* no phonetic run */
	assert_string_equal(r->fields[2], "3500.2");
	assert_string_equal(r->fields[3], "2025-05-25");
	assert_string_equal(r->fields[4], "2025-05");
	assert_string_equal(r->fields[5], "85.5%");
	assert_string_equal(r->fields[6], "");
	assert_string_equal(r->fields[7], "FALSE");
	r = &csv->records[2];
	assert_int_equal(r->line, 6);
	assert_int_equal(r->nfields, 8);	/* padded to the header */
	assert_string_equal(r->fields[0], "");
	assert_string_equal(r->fields[2], "7000.4");	/* cached value */
	assert_string_equal(r->fields[3], "2025-05-26");	/* time dropped */
	assert_string_equal(r->fields[4], "0.5");	/* a time: a number */
	assert_string_equal(r->fields[5], "0");
	assert_int_equal(diag_errors(d), 0);
	import_csv_free(csv);
	diag_free(d);
}

/* Day 1, 59, 61 of the 1900 system (60 is Lotus' 1900-02-29) and the
   1904 system. */
static void
test_date_systems(void **state)
{
	struct diag *d = diag_new(NULL);
	struct book b = {0};
	struct import_csv *csv;

	(void)state;
	b.sheet1 = SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c>"
	    "<c r=\"B1\" s=\"1\"><v>59</v></c><c r=\"C1\" s=\"1\"><v>61</v>"
	    "</c><c r=\"D1\" s=\"1\"><v>2958465</v></c></row>");
	csv = read_book(&b, NULL, d);
	assert_non_null(csv);
	assert_string_equal(csv->records[0].fields[0], "1900-01-01");
	assert_string_equal(csv->records[0].fields[1], "1900-02-28");
	assert_string_equal(csv->records[0].fields[2], "1900-03-01");
	assert_string_equal(csv->records[0].fields[3], "9999-12-31");
	import_csv_free(csv);

	b.sheet1 = SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>60</v></c>"
	    "<c r=\"B1\" s=\"1\"><v>-1</v></c></row>");
	assert_null(read_book(&b, NULL, d));
	has(d, "f.xlsx:工资表!A1: error: cell cannot be imported: 60 is not a "
	    "date Excel can show");
	has(d, "f.xlsx:工资表!B1: error");

	b.workbook = "<?xml version=\"1.0\"?><workbook " NS ">"
	    "<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" "
	    "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	b.sheet1 = SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44340</v></c>"
	    "<c r=\"B1\" s=\"1\"><v>0</v></c></row>");
	csv = read_book(&b, NULL, d);
	assert_non_null(csv);
	assert_string_equal(csv->records[0].fields[0], "2025-05-25");
	assert_string_equal(csv->records[0].fields[1], "1904-01-01");
	import_csv_free(csv);
	diag_free(d);
}

/* The sheet by name; the first visible one by default. */
static void
test_sheets(void **state)
{
	struct diag *d = diag_new(NULL);
	struct book b = {0};
	struct import_csv *csv;

	(void)state;
	b.sheet1 = SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>one</t></is>"
	    "</c></row>");
	b.sheet2 = SHEET("<row><c t=\"inlineStr\"><is><t>two</t></is></c>"
	    "<c t=\"inlineStr\"><is><t>b</t></is></c></row>");
	csv = read_book(&b, "第二页", d);
	assert_non_null(csv);
	assert_string_equal(csv->sheet, "第二页");
	/* Rows and cells without r count from the last. */
	assert_int_equal(csv->records[0].line, 1);
	assert_string_equal(csv->records[0].fields[1], "b");
	import_csv_free(csv);

	assert_null(read_book(&b, "工资", d));
	has(d, "f.xlsx: error: cannot read the Excel workbook: no sheet named "
	    "\"工资\": the workbook has 工资表, 第二页");

	b.workbook = "<?xml version=\"1.0\"?><workbook " NS "><sheets>"
	    "<sheet name=\"说明\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
	    "<sheet name=\"第二页\" sheetId=\"2\" r:id=\"rId2\"/>"
	    "</sheets></workbook>";
	csv = read_book(&b, NULL, d);
	assert_non_null(csv);
	assert_string_equal(csv->sheet, "第二页");
	import_csv_free(csv);
	diag_free(d);
}

static void
test_refusals(void **state)
{
	struct diag *d = diag_new(NULL);
	struct book b = {0};

	(void)state;
	/* A formula saved without its value (a generator, not Excel). */
	b.sheet1 = SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x"
	    "</t></is></c></row><row r=\"2\"><c r=\"B2\"><f>A1*2</f></c>"
	    "<c r=\"C2\"><v>6222020200001234567</v></c>"
	    "<c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"E2\" t=\"s\"><v>99</v></c></row>");
	assert_null(read_book(&b, NULL, d));
	has(d, "f.xlsx:工资表!B2: error: cell cannot be imported: a formula "
	    "without a saved value");
	has(d, "f.xlsx:工资表!C2: error: cell cannot be imported: the number "
	    "6.22202E+18 has more digits than the 15 Excel keeps, so its last "
	    "digits are lost: format the column as text");
	has(d, "f.xlsx:工资表!D2: error: cell cannot be imported: the cell "
	    "shows the Excel error #N/A");
	has(d, "f.xlsx:工资表!E2: error: cell cannot be imported: shared text "
	    "99 does not exist");
	diag_free(d);

	/* Merged cells in the header row; merges below it are fine. */
	d = diag_new(NULL);
	b.sheet1 = "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
	    "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c></row>"
	    "<row r=\"3\"><c r=\"B3\"><v>1</v></c></row></sheetData>"
	    "<mergeCells count=\"2\"><mergeCell ref=\"B2:D2\"/>"
	    "<mergeCell ref=\"B5:B6\"/></mergeCells></worksheet>";
	assert_null(read_book(&b, NULL, d));
	has(d, "f.xlsx:工资表!B2: error: cell cannot be imported: merged header "
	    "cells B2:D2: unmerge them");
	assert_int_equal(diag_errors(d), 1);
	diag_free(d);

	/* A DTD (entity expansion) is refused. */
	d = diag_new(NULL);
	b.sheet1 = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a "
	    "\"aaaa\">]><worksheet " NS "><sheetData/></worksheet>";
	assert_null(read_book(&b, NULL, d));
	has(d, "document type declaration");
	diag_free(d);

	/* Not well-formed. */
	d = diag_new(NULL);
	b.sheet1 = "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
	    "<row r=\"1\"><c></row>";
	assert_null(read_book(&b, NULL, d));
	has(d, "f.xlsx: error: cannot read the Excel workbook: "
	    "xl/worksheets/sheet1.xml:1: not well-formed XML");
	diag_free(d);

	/* No sheet part. */
	d = diag_new(NULL);
	b.sheet1 = NULL;
	assert_null(read_book(&b, NULL, d));
	has(d, "xl/worksheets/sheet1.xml is missing");
	diag_free(d);
}

/* A zip that is not a workbook, and a damaged zip. */
static void
test_not_a_workbook(void **state)
{
	static const struct part docx[] = {
	    {"[Content_Types].xml", content_types, 0},
	    {"word/document.xml", "<document/>", 0}, {NULL, NULL, 0}};
	struct diag *d = diag_new(NULL);
	size_t len;
	char *data = make_zip(docx, &len);

	(void)state;
	assert_null(xlsx_read(data, len, "f.xlsx", NULL, d));
	has(d, "f.xlsx: error: cannot read the Excel workbook: a zip file but "
	    "not an Excel workbook");
	/* Cut in half: the central directory is gone. */
	assert_null(xlsx_read(data, len / 2, "f.xlsx", NULL, d));
	has(d, "not a readable .xlsx file");
	free(data);
	diag_free(d);
}

/* 40 MB of blanks in a sheet packs into some 40 KB: refused as soon as
   the ratio is seen, long before the part's size cap. */
static void
test_zip_bomb(void **state)
{
	size_t n = 40u * 1024 * 1024, len, i;
	char *big = xmalloc(n + 200), *data;
	struct diag *d = diag_new(NULL);
	struct part parts[] = {
	    {"[Content_Types].xml", content_types, 0},
	    {"xl/workbook.xml", default_workbook, 0},
	    {"xl/_rels/workbook.xml.rels", default_rels, 0},
	    {"xl/worksheets/sheet1.xml", big, 0}, {NULL, NULL, 0}};

	(void)state;
	i = (size_t)sprintf(big, "<?xml version=\"1.0\"?><worksheet " NS
	    "><sheetData>");
	memset(big + i, ' ', n - i);
	strcpy(big + n - 30, "</sheetData></worksheet>");
	parts[3].len = strlen(big);
	data = make_zip(parts, &len);
	assert_true(len < n / XLSX_MAX_RATIO);
	assert_null(xlsx_read(data, len, "bomb.xlsx", NULL, d));
	has(d, "bomb.xlsx: error: workbook too large: "
	    "xl/worksheets/sheet1.xml unpacks to more than 200 times its "
	    "packed size");
	free(data);
	free(big);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_ref),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_date_systems),
		cmocka_unit_test(test_sheets),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_zip_bomb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
