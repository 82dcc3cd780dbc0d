/* SPDX-License-Identifier: MIT */
/*
 * scheme.h: values in their units, display widths, and an export edited in
 * one cell imported as a new version of a library scheme.
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

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "scheme.h"
#include "xmem.h"

extern const char hrp_schemes_sql[];

static void
test_format(void **state)
{
	char s[32];

	(void)state;
	scheme_format_value(SCHEME_YUAN, 350000, s);
	assert_string_equal(s, "3500");
	scheme_format_value(SCHEME_YUAN, 250, s);
	assert_string_equal(s, "2.5");
	scheme_format_value(SCHEME_YUAN, 1, s);
	assert_string_equal(s, "0.01");
	scheme_format_value(SCHEME_PERCENT, 1250, s);
	assert_string_equal(s, "12.5");
	scheme_format_value(SCHEME_POINTS, 9000, s);
	assert_string_equal(s, "90");
	scheme_format_value(SCHEME_COUNT, 11, s);
	assert_string_equal(s, "11");
	assert_string_equal(scheme_unit_label(SCHEME_YUAN), "元");
	assert_string_equal(scheme_unit_label(SCHEME_PERCENT), "%");
}

static void
test_parse(void **state)
{
	const char *why = NULL;
	int64_t v = 0;

	(void)state;
	assert_int_equal(scheme_parse_value(SCHEME_YUAN, "400", &v, &why), 0);
	assert_int_equal(v, 40000);
	assert_int_equal(scheme_parse_value(SCHEME_YUAN, "400元", &v, &why),
	    0);
	assert_int_equal(v, 40000);
	assert_int_equal(scheme_parse_value(SCHEME_YUAN, "¥3,500.50", &v,
	    &why), 0);
	assert_int_equal(v, 350050);
	assert_int_equal(scheme_parse_value(SCHEME_PERCENT, "12.5%", &v, &why),
	    0);
	assert_int_equal(v, 1250);
	assert_int_equal(scheme_parse_value(SCHEME_POINTS, "90分", &v, &why),
	    0);
	assert_int_equal(v, 9000);
	assert_int_equal(scheme_parse_value(SCHEME_COUNT, "16", &v, &why), 0);
	assert_int_equal(v, 16);
	assert_int_equal(scheme_parse_value(SCHEME_YUAN, "4x0", &v, &why), -1);
	assert_non_null(why);
	assert_int_equal(scheme_parse_value(SCHEME_YUAN, "", &v, &why), -1);
	assert_int_equal(scheme_parse_value(SCHEME_COUNT, "1.5", &v, &why), -1);
	assert_int_equal(scheme_parse_value(SCHEME_PERCENT, "-5", &v, &why),
	    -1);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(scheme_text_width("abc"), 3);
	assert_int_equal(scheme_text_width("底薪"), 4);
	assert_int_equal(scheme_text_width("第2档：金额"), 11);
	assert_int_equal(scheme_text_width("𠮷"), 2);
	assert_int_equal(scheme_text_width(""), 0);
}

struct fix {
	char path[64];
	struct db *db;
	struct diag *d;
};

static int
setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/test_scheme_XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	f->d = diag_new(NULL);
	f->db = db_open(f->path, DB_CREATE, f->d);
	assert_non_null(f->db);
	assert_int_equal(db_exec(f->db, hrp_schemes_sql, f->d), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	db_close(f->db);
	diag_free(f->d);
	unlink(f->path);
	free(f);
	return 0;
}

static int64_t
scalar(struct fix *f, const char *sql)
{
	struct arena *a = arena_new();
	struct db_rows r;
	int64_t v;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, a, &r, f->d), 0);
	v = db_cell(&r, 0, 0)->i;
	arena_free(a);
	return v;
}

/* Replace the first occurrence of from in s (a copy is returned). */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *out;

	assert_non_null(p);
	out = xasprintf("%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
	return out;
}

static void
test_import_new_version(void **state)
{
	struct fix *f = *state;
	struct buf csv, out;
	char *edited;
	int n = -1;

	buf_init(&csv, 0);
	buf_init(&out, 0);
	assert_int_equal(scheme_export(f->db, "SALES2015", NULL, NULL, &csv,
	    f->d), 0);
	assert_memory_equal(csv.data, "\xEF\xBB\xBF编号,说明,数值,单位,备注\r\n",
	    strlen("\xEF\xBB\xBF编号,说明,数值,单位,备注\r\n"));
	edited = replace(buf_cstr(&csv), "第2档：金额,300,", "第2档：金额,400,");
	assert_int_equal(scheme_import(f->db, "SALES2015", "t.csv", edited,
	    strlen(edited), "2025-05", 0, &out, &n, f->d), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(buf_cstr(&out), "300元 → 400元"));
	/* the old version is untouched, the new one a copy with one change */
	assert_int_equal(scalar(f, "SELECT value FROM tier t JOIN"
	    " scheme_version v ON v.id = t.version_id WHERE v.scheme_id ="
	    " 'SALES2015' AND v.valid_from = '2015-01' AND t.table_code ="
	    " 'loan_fee' AND t.lo = 350000"), 30000);
	assert_int_equal(scalar(f, "SELECT value FROM tier t JOIN"
	    " scheme_version v ON v.id = t.version_id WHERE v.scheme_id ="
	    " 'SALES2015' AND v.valid_from = '2025-05' AND t.table_code ="
	    " 'loan_fee' AND t.lo = 350000"), 40000);
	assert_int_equal(scalar(f, "SELECT (SELECT count(*) FROM pay_rule"
	    " WHERE version_id = n.id) - (SELECT count(*) FROM pay_rule WHERE"
	    " version_id = o.id) + (SELECT count(*) FROM tier WHERE"
	    " version_id = n.id) - (SELECT count(*) FROM tier WHERE"
	    " version_id = o.id) FROM scheme_version o, scheme_version n"
	    " WHERE o.scheme_id = 'SALES2015' AND o.valid_from = '2015-01'"
	    " AND n.scheme_id = 'SALES2015' AND n.valid_from = '2025-05'"), 0);
	assert_int_equal(diag_errors(f->d), 0);
	/* the same file from a later month: it holds 2015-01, but 2025-05
	   is in force then, and importing it would undo that version */
	buf_reset(&out);
	assert_int_equal(scheme_import(f->db, "SALES2015", "t.csv", edited,
	    strlen(edited), "2025-06", 0, &out, &n, f->d), -1);
	assert_true(diag_has(f->d, DIAG_SCHEME_VERSION));
	assert_int_equal(scalar(f, "SELECT count(*) FROM scheme_version"
	    " WHERE scheme_id = 'SALES2015'"), 2);
	free(edited);
	buf_free(&csv);
	buf_free(&out);
}

static void
test_import_refused(void **state)
{
	struct fix *f = *state;
	struct buf csv, out;
	char *edited;
	int n;

	buf_init(&csv, 0);
	buf_init(&out, 0);
	assert_int_equal(scheme_export(f->db, "SALES2008", NULL, NULL, &csv,
	    f->d), 0);
	/* a renamed row id is refused, nothing stored */
	edited = replace(buf_cstr(&csv), "tier.car2008[A].2.from,", "X");
	assert_int_equal(scheme_import(f->db, "SALES2008", "t.csv", edited,
	    strlen(edited), "2025-05", 0, &out, &n, f->d), -1);
	assert_true(diag_has(f->d, DIAG_SCHEME_ROWS));
	free(edited);
	assert_int_equal(scalar(f, "SELECT count(*) FROM scheme_version"
	    " WHERE scheme_id = 'SALES2008'"), 1);
	assert_int_equal(scheme_show(f->db, "NOPE", NULL, NULL, &out, f->d),
	    -1);
	assert_true(diag_has(f->d, DIAG_SCHEME_UNKNOWN));
	assert_int_equal(scheme_show(f->db, "SALES2008", NULL, "2007-12",
	    &out, f->d), -1);
	assert_true(diag_has(f->d, DIAG_SCHEME_VERSION));
	buf_free(&csv);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_width),
		cmocka_unit_test_setup_teardown(test_import_new_version, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_refused, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
