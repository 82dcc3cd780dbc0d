/* SPDX-License-Identifier: MIT */
/*
 * Archive tests: path components and their refusal of anything that could
 * leave the archive directory, never-overwriting stores, XML escaping and
 * the XMP packet, and the append-only ledger.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "archive.h"
#include "db.h"
#include "diag.h"
#include "xmem.h"

struct fixture {
	char dir[64];
	struct diag *d;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/hrp-archive-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->d = diag_new(NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	diag_free(f->d);
	free(f);
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = xmalloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return s;
}

/* Entries of dir (not . and ..). */
static int
count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

static void
test_name_ok(void **state)
{
	char long_name[80];

	(void)state;
	assert_true(archive_name_ok("E0012"));
	assert_true(archive_name_ok("sales_dept-2"));
	assert_false(archive_name_ok(""));
	assert_false(archive_name_ok(NULL));
	assert_false(archive_name_ok("."));
	assert_false(archive_name_ok(".."));
	assert_false(archive_name_ok("../../x"));
	assert_false(archive_name_ok("a/b"));
	assert_false(archive_name_ok("a b"));
	assert_false(archive_name_ok("销售部"));
	assert_false(archive_name_ok("E1\n"));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_false(archive_name_ok(long_name));
	long_name[64] = '\0';
	assert_true(archive_name_ok(long_name));
}

static void
test_rel_path(void **state)
{
	struct fixture *f = *state;
	char *p;

	p = archive_rel_path("2025-03", "SALES", "E0012", "payslip", 1, f->d);
	assert_string_equal(p, "2025-03/SALES/E0012-payslip.pdf");
	free(p);
	p = archive_rel_path("2025-03", "SALES", "E0012", "scorecard", 3,
	    f->d);
	assert_string_equal(p, "2025-03/SALES/E0012-scorecard.v3.pdf");
	free(p);
	assert_false(diag_has(f->d, DIAG_ARCHIVE_BAD_NAME));
	assert_null(archive_rel_path("2025-03", "../../x", "E1", "payslip", 1,
	    f->d));
	assert_true(diag_has(f->d, DIAG_ARCHIVE_BAD_NAME));
	assert_null(archive_rel_path("2025-3", "S", "E1", "payslip", 1, f->d));
	assert_null(archive_rel_path("../2025", "S", "E1", "payslip", 1, f->d));
	assert_null(archive_rel_path("2025-03", "S", "/etc/x", "payslip", 1,
	    f->d));
	assert_null(archive_rel_path("2025-03", "S", "E1", "pay/slip", 1,
	    f->d));
}

static void
test_store_versions(void **state)
{
	struct fixture *f = *state;
	char *root = xasprintf("%s/ar", f->dir), *rel = NULL, *p, *s;
	size_t len;
	int v = 0;

	assert_int_equal(archive_store(root, "2025-03", "SALES", "E0012",
	    "payslip", "first", 5, 1, &rel, &v, f->d), 0);
	assert_int_equal(v, 1);
	assert_string_equal(rel, "2025-03/SALES/E0012-payslip.pdf");
	free(rel);
	assert_int_equal(archive_store(root, "2025-03", "SALES", "E0012",
	    "payslip", "second", 6, 1, &rel, &v, f->d), 0);
	assert_int_equal(v, 2);
	assert_string_equal(rel, "2025-03/SALES/E0012-payslip.v2.pdf");
	free(rel);
	/* a version the ledger has is skipped even if its file is elsewhere */
	assert_int_equal(archive_store(root, "2025-03", "SALES", "E0012",
	    "payslip", "third", 5, 5, &rel, &v, f->d), 0);
	assert_int_equal(v, 5);
	assert_string_equal(rel, "2025-03/SALES/E0012-payslip.v5.pdf");
	free(rel);
	/* version 1 kept as it was */
	p = xasprintf("%s/2025-03/SALES/E0012-payslip.pdf", root);
	s = slurp(p, &len);
	assert_non_null(s);
	assert_int_equal(len, 5);
	assert_memory_equal(s, "first", 5);
	free(s);
	free(p);
	p = xasprintf("%s/2025-03/SALES/E0012-payslip.v2.pdf", root);
	s = slurp(p, &len);
	assert_non_null(s);
	assert_memory_equal(s, "second", 6);
	free(s);
	free(p);
	/* no temporary file left behind; no v3, v4 */
	p = xasprintf("%s/2025-03/SALES", root);
	assert_int_equal(count_entries(p), 3);
	free(p);
	free(root);
}

/* A crafted department or employee id writes nothing anywhere. */
static void
test_store_refuses_escape(void **state)
{
	struct fixture *f = *state;
	char *root = xasprintf("%s/ar", f->dir), *rel = NULL;
	int v = 0;

	assert_int_equal(archive_store(root, "2025-03", "../../x", "E1",
	    "payslip", "data", 4, 1, &rel, &v, f->d), -1);
	assert_null(rel);
	assert_int_equal(archive_store(root, "2025-03", "SALES", "../../../e",
	    "payslip", "data", 4, 1, &rel, &v, f->d), -1);
	assert_int_equal(archive_store(root, "2025-03", "SALES", "E1",
	    "../payslip", "data", 4, 1, &rel, &v, f->d), -1);
	assert_true(diag_has(f->d, DIAG_ARCHIVE_BAD_NAME));
	/* refused before anything was created */
	assert_int_equal(count_entries(f->dir), 0);
	free(root);
}

/*
 * A batch: three files written, none under a final name until they are
 * flushed and linked; one freed before its link leaves nothing behind.
 */
static void
test_tmp_batch(void **state)
{
	struct fixture *f = *state;
	char *root = xasprintf("%s/ar", f->dir), *rel = NULL, *p, *s;
	static const char *const emps[] = {"E1", "E2", "E3", "E4"};
	struct archive_tmp *t[4];
	size_t i, len;
	int v = 0;

	for (i = 0; i < 4; i++) {
		t[i] = archive_tmp_write(root, "2025-03", "SALES", emps[i],
		                         "payslip", emps[i], 2, f->d);
		assert_non_null(t[i]);
	}
	p = xasprintf("%s/2025-03/SALES", root);
	/* four dot-files, no final name yet */
	assert_int_equal(count_entries(p), 4);
	s = xasprintf("%s/E1-payslip.pdf", p);
	assert_int_equal(access(s, F_OK), -1);
	free(s);
	archive_tmp_free(t[3]);
	assert_int_equal(count_entries(p), 3);
	assert_int_equal(archive_tmp_sync(t, 3, f->d), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(archive_tmp_link(t[i], 1, &rel, &v, f->d), 0);
		assert_int_equal(v, 1);
		free(rel);
		archive_tmp_free(t[i]);
	}
	assert_int_equal(count_entries(p), 3);
	s = xasprintf("%s/E2-payslip.pdf", p);
	free(p);
	p = slurp(s, &len);
	assert_non_null(p);
	assert_int_equal(len, 2);
	assert_memory_equal(p, "E2", 2);
	free(p);
	free(s);
	s = xasprintf("%s/2025-03/SALES/E4-payslip.pdf", root);
	assert_int_equal(access(s, F_OK), -1);
	free(s);
	free(root);
}

/*
 * The ledger already holds the last version there can be: refused, naming
 * that version's file, and no temporary file is left.
 */
static void
test_store_no_version_left(void **state)
{
	struct fixture *f = *state;
	char *root = xasprintf("%s/ar", f->dir), *rel = NULL, *p;
	int v = 0;

	assert_int_equal(archive_store(root, "2025-03", "SALES", "E0012",
	    "payslip", "data", 4, 10000, &rel, &v, f->d), -1);
	assert_null(rel);
	assert_true(diag_has(f->d, DIAG_IO_EXISTS));
	p = xasprintf("hrpress: error: file already exists: "
	    "%s/2025-03/SALES/E0012-payslip.v9999.pdf: too many versions\n",
	    root);
	assert_string_equal(diag_text(f->d), p);
	free(p);
	p = xasprintf("%s/2025-03/SALES", root);
	assert_int_equal(count_entries(p), 0);
	free(p);
	free(root);
}

static void
test_xml_escape(void **state)
{
	char *s;

	(void)state;
	s = archive_xml_escape("R&D <研发> \"q\" 'a'");
	assert_string_equal(s,
	    "R&amp;D &lt;研发&gt; &quot;q&quot; &apos;a&apos;");
	free(s);
	s = archive_xml_escape("a\x01" "b\tc");
	assert_string_equal(s, "a b\tc");
	free(s);
	s = archive_xml_escape("");
	assert_string_equal(s, "");
	free(s);
}

static void
test_xmp(void **state)
{
	struct archive_meta m;
	xmlDocPtr doc;
	char *x;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.title = "R&D <研发> 2025年3月工资条";
	m.author = "江州 & Co";
	m.subject = "工资条";
	m.keywords = "工资条 2025-03";
	m.creator = "hrpress 0.1.0";
	m.producer = "hrpress";
	m.time_s = 1743465600;	/* 2025-04-01 00:00:00 UTC */
	m.employee_id = "E0012";
	m.month = "2025-03";
	m.kind = "payslip";
	x = archive_xmp(&m);
	doc = xmlReadMemory(x, (int)strlen(x), "xmp.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);	/* well-formed despite & and < in the title */
	xmlFreeDoc(doc);
	assert_non_null(strstr(x, "<pdfaid:part>2</pdfaid:part>"));
	assert_non_null(strstr(x, "<pdfaid:conformance>B</pdfaid:conformance>"));
	assert_non_null(strstr(x, "R&amp;D &lt;研发&gt; 2025年3月工资条"));
	assert_non_null(strstr(x, "<rdf:li>江州 &amp; Co</rdf:li>"));
	assert_non_null(strstr(x,
	    "<xmp:CreateDate>2025-04-01T00:00:00+00:00</xmp:CreateDate>"));
	assert_non_null(strstr(x, "<pdf:Producer>hrpress</pdf:Producer>"));
	assert_non_null(strstr(x, "<hrp:EmployeeID>E0012</hrp:EmployeeID>"));
	assert_non_null(strstr(x, "<hrp:Month>2025-03</hrp:Month>"));
	assert_non_null(strstr(x, "<hrp:DocumentKind>payslip</hrp:DocumentKind>"));
	assert_non_null(strstr(x,
	    "<pdfaSchema:namespaceURI>urn:hrpress:archive:1#"));
	assert_non_null(strstr(x, "<pdfaProperty:name>DocumentKind<"));
	free(x);
	/* absent values are left out, not written empty */
	m.author = NULL;
	m.keywords = NULL;
	x = archive_xmp(&m);
	assert_null(strstr(x, "dc:creator"));
	assert_null(strstr(x, "pdf:Keywords"));
	free(x);
}

static struct archive_entry
entry(const char *path, const char *sha)
{
	struct archive_entry e;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.kind = "payslip";
	e.employee_id = "E0012";
	e.month = "2025-03";
	e.sha256 = sha;
	e.size = 1234;
	e.created_at = "2025-04-01T00:00:00Z";
	e.generator = "hrpress test";
	e.version = 1;
	return e;
}

static long long
count_rows(struct db *db, struct diag *d)
{
	struct arena *a = arena_new();
	struct db_rows r;
	long long n = -1;

	if (db_query(db, "SELECT count(*) FROM archive_ledger", NULL, NULL, 0,
	    a, &r, d) == 0)
		n = db_cell(&r, 0, 0)->i;
	arena_free(a);
	return n;
}

static void
test_ledger_append_only(void **state)
{
	struct fixture *f = *state;
	char *path = xasprintf("%s/hr.db", f->dir);
	char sha1[65], sha2[65];
	struct archive_entry e[2];
	struct arena *a = arena_new();
	struct db_rows rows;
	struct db *db;
	int v = -1;

	memset(sha1, 'a', 64);
	sha1[64] = '\0';
	memset(sha2, 'b', 64);
	sha2[64] = '\0';
	db = db_open(path, DB_CREATE, f->d);
	assert_non_null(db);
	e[0] = entry("2025-03/S/E0012-payslip.pdf", sha1);
	e[1] = entry("2025-03/S/E0012-payslip.v2.pdf", sha2);
	e[1].version = 2;
	e[1].signer_sha256 = sha1;
	assert_int_equal(archive_ledger_append(db, e, 2, f->d), 0);
	assert_int_equal(count_rows(db, f->d), 2);
	assert_int_equal(archive_ledger_last_version(db, "", "2025-03", "S",
	    "E0012", "payslip", &v, f->d), 0);
	assert_int_equal(v, 2);
	/* another archive, record, kind or department: none */
	assert_int_equal(archive_ledger_last_version(db, "0123", "2025-03",
	    "S", "E0012", "payslip", &v, f->d), 0);
	assert_int_equal(v, 0);
	assert_int_equal(archive_ledger_last_version(db, "", "2025-03", "S",
	    "E001", "payslip", &v, f->d), 0);
	assert_int_equal(v, 0);
	assert_int_equal(archive_ledger_last_version(db, "", "2025-03", "S",
	    "E0012", "scorecard", &v, f->d), 0);
	assert_int_equal(v, 0);
	assert_int_equal(archive_ledger_last_version(db, "", "2025-03", "T",
	    "E0012", "payslip", &v, f->d), 0);
	assert_int_equal(v, 0);
	assert_int_equal(archive_ledger_last_version(db, "", "2025-03", "..",
	    "E0012", "payslip", &v, f->d), -1);
	assert_true(diag_has(f->d, DIAG_ARCHIVE_BAD_NAME));

	assert_int_equal(db_exec(db, "UPDATE archive_ledger SET size = 1",
	    f->d), -1);
	assert_int_equal(db_exec(db, "DELETE FROM archive_ledger", f->d), -1);
	assert_int_equal(db_exec(db, "UPDATE archive_ledger SET sha256 = "
	    "sha256 WHERE id = 1", f->d), -1);
	assert_int_equal(count_rows(db, f->d), 2);

	assert_int_equal(archive_ledger_find(db, sha2, a, &rows, f->d), 0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(db_cell(&rows, 0, 0)->s,
	    "2025-03/S/E0012-payslip.v2.pdf");
	assert_int_equal(db_cell(&rows, 0, 1)->i, 1234);
	assert_int_equal(db_cell(&rows, 0, 5)->i, 2);
	assert_string_equal(db_cell(&rows, 0, 6)->s, sha1);
	assert_int_equal(archive_ledger_find(db, "00", a, &rows, f->d), 0);
	assert_int_equal(rows.nrows, 0);

	/* one bad row: the whole batch is rolled back */
	e[0] = entry("2025-03/S/E1-payslip.pdf", sha1);
	e[1] = entry("2025-03/S/E2-payslip.pdf", "short");
	assert_int_equal(archive_ledger_append(db, e, 2, f->d), -1);
	assert_int_equal(count_rows(db, f->d), 2);
	db_close(db);
	arena_free(a);
	free(path);
}

/* What archive_xmp writes, archive_ident_read reads back; names match. */
static void
test_ident(void **state)
{
	struct archive_meta m;
	struct archive_ident id;
	char *x, *twice;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.title = "工资条";
	m.producer = "hrpress";
	m.employee_id = "E-12";
	m.month = "2025-03";
	m.kind = "payslip";
	x = archive_xmp(&m);
	assert_int_equal(archive_ident_read((const unsigned char *)x,
	    strlen(x), &id), 0);
	assert_string_equal(id.employee_id, "E-12");
	assert_string_equal(id.month, "2025-03");
	assert_string_equal(id.kind, "payslip");

	assert_true(archive_ident_matches_path(&id,
	    "ar/2025-03/SAL/E-12-payslip.pdf"));
	assert_true(archive_ident_matches_path(&id,
	    "2025-03/SAL/E-12-payslip.v12.pdf"));
	assert_true(archive_ident_matches_path(&id,
	    "/a/b/2025-03/S/E-12-payslip.pdf"));
	assert_false(archive_ident_matches_path(&id,
	    "ar/2025-03/SAL/E-13-payslip.pdf"));	/* other employee */
	assert_false(archive_ident_matches_path(&id,
	    "ar/2025-04/SAL/E-12-payslip.pdf"));	/* other month */
	assert_false(archive_ident_matches_path(&id,
	    "ar/2025-03/SAL/E-12-scorecard.pdf"));	/* other kind */
	assert_false(archive_ident_matches_path(&id,
	    "ar/2025-03/SAL/E-12-payslip.v0.pdf"));
	assert_false(archive_ident_matches_path(&id, "E-12-payslip.pdf"));
	assert_false(archive_ident_matches_path(&id, "张三工资条.pdf"));
	assert_false(archive_ident_matches_path(&id,
	    "x2025-03/SAL/E-12-payslip.pdf"));

	/* a second packet with other values is not a record */
	twice = xasprintf("%s%s", x, x);
	assert_int_equal(archive_ident_read((const unsigned char *)twice,
	    strlen(twice), &id), -1);
	assert_string_equal(id.employee_id, "");
	free(twice);
	free(x);
	assert_int_equal(archive_ident_read(NULL, 0, &id), -1);
	x = xstrdup("<hrp:EmployeeID>E<b/></hrp:EmployeeID><hrp:Month>2025-03"
	    "</hrp:Month><hrp:DocumentKind>payslip</hrp:DocumentKind>");
	assert_int_equal(archive_ident_read((const unsigned char *)x,
	    strlen(x), &id), -1);
	free(x);
}

/* An archive directory keeps its id; records inside find it. */
static void
test_root_id(void **state)
{
	struct fixture *f = *state;
	char id[ARCHIVE_ID_HEX], again[ARCHIVE_ID_HEX], other[ARCHIVE_ID_HEX];
	char *root = xasprintf("%s/ar", f->dir),
	    *root2 = xasprintf("%s/ar2", f->dir), *rel = NULL, *file, *idf;
	FILE *fp;

	assert_int_equal(archive_root_id(root, 0, id, f->d), 1);
	assert_int_equal(archive_root_id(root, 1, id, f->d), 0);
	assert_int_equal(strlen(id), ARCHIVE_ID_HEX - 1);
	assert_int_equal(archive_root_id(root, 1, again, f->d), 0);
	assert_string_equal(id, again);
	assert_int_equal(archive_root_id(root2, 1, other, f->d), 0);
	assert_string_not_equal(id, other);
	assert_int_equal(count_entries(root), 1);	/* no temporary left */

	file = xasprintf("%s/2025-03/SAL/E1-payslip.pdf", root);
	{
		char *cmd = xasprintf("mkdir -p '%s/2025-03/SAL' && "
		    "echo x > '%s'", root, file);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	assert_int_equal(archive_locate(file, again, &rel, f->d), 1);
	assert_string_equal(again, id);
	assert_string_equal(rel, "2025-03/SAL/E1-payslip.pdf");
	free(rel);

	/* a damaged id file is an error, never replaced */
	idf = xasprintf("%s/%s", root, ARCHIVE_ID_FILE);
	fp = fopen(idf, "w");
	assert_non_null(fp);
	fputs("hrpress-archive 1\nid zz\n", fp);
	fclose(fp);
	assert_int_equal(archive_root_id(root, 1, again, f->d), -1);
	assert_true(diag_has(f->d, DIAG_ARCHIVE_LEDGER));
	assert_int_equal(archive_locate(file, again, &rel, f->d), -1);
	free(idf);
	free(file);
	free(root);
	free(root2);
}

/*
 * The directories of stored files are synced once each before their rows
 * are entered; a directory that is gone is reported, not passed over.
 */
static void
test_sync_dirs(void **state)
{
	struct fixture *f = *state;
	struct archive_entry e[3];
	char *rel[2], *gone;
	int v;

	memset(e, 0, sizeof(e));
	assert_int_equal(archive_store(f->dir, "2025-03", "PRT", "E0001",
	    "payslip", "x", 1, 1, &rel[0], &v, f->d), 0);
	assert_int_equal(archive_store(f->dir, "2025-03", "PRT", "E0002",
	    "payslip", "y", 1, 1, &rel[1], &v, f->d), 0);
	e[0].path = rel[0];
	e[1].path = rel[1];
	assert_int_equal(archive_sync_dirs(f->dir, e, 2, f->d), 0);
	assert_int_equal(diag_errors(f->d), 0);
	e[2].path = "2025-04/SVC/E0003-payslip.pdf";
	assert_int_equal(archive_sync_dirs(f->dir, e, 3, f->d), -1);
	assert_int_equal(diag_errors(f->d), 1);
	gone = xasprintf("%s/2025-04/SVC", f->dir);
	assert_int_equal(access(gone, F_OK), -1);
	free(gone);
	free(rel[0]);
	free(rel[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test_setup_teardown(test_rel_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_versions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_refuses_escape,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmp_batch, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_store_no_version_left,
		    setup, teardown),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_xmp),
		cmocka_unit_test(test_ident),
		cmocka_unit_test_setup_teardown(test_root_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_append_only, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sync_dirs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
