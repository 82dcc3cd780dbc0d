/* SPDX-License-Identifier: MIT */
/*
 * distribute: ASCII file names, the open password rule (payslip_password,
 * else the last 6 characters of the ID number), its refusals naming the
 * employee, and the manifest's BOM, quoting and neutralised formulas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "distribute.h"

static void
test_names(void **state)
{
	char *s;

	(void)state;
	s = distribute_file_name("payslip", "2025-03", "E0012");
	assert_string_equal(s, "payslip-2025-03-E0012.pdf");
	free(s);
	s = distribute_manifest_name("2025-03", 1, 1);
	assert_string_equal(s, "manifest-2025-03.csv");
	free(s);
	s = distribute_manifest_name("2025-03", 2, 3);
	assert_string_equal(s, "manifest-2025-03-shard-2-of-3.csv");
	free(s);
}

static void
test_password_rule(void **state)
{
	struct diag *d = diag_new(NULL);
	struct distribute_person p = { "E0012", "马晓丽", "", NULL,
	    "44030619851224123X" };
	enum distribute_pw_from from;
	char *pw;

	(void)state;
	/* the last 6 characters of the ID number, X included */
	pw = distribute_password(&p, "owner", &from, d);
	assert_string_equal(pw, "24123X");
	assert_int_equal(from, DISTRIBUTE_PW_ID_NUMBER);
	free(pw);
	/* an empty payslip_password is not set */
	p.password = "";
	pw = distribute_password(&p, "owner", &from, d);
	assert_string_equal(pw, "24123X");
	free(pw);
	/* payslip_password wins, whole, counted in characters */
	p.password = "工资条密码啊";
	pw = distribute_password(&p, "owner", &from, d);
	assert_string_equal(pw, "工资条密码啊");
	assert_int_equal(from, DISTRIBUTE_PW_FIELD);
	free(pw);
	/* the last 6 characters, not bytes, of a non-ASCII ID */
	p.password = NULL;
	p.id_number = "号码一二三四五六";
	pw = distribute_password(&p, NULL, &from, d);
	assert_string_equal(pw, "一二三四五六");
	free(pw);
	assert_int_equal(diag_errors(d), 0);
	diag_free(d);
}

static void
test_password_refusals(void **state)
{
	struct diag *d = diag_new(NULL);
	struct distribute_person p = { "E0033", "金鑫", "", NULL, "" };
	enum distribute_pw_from from = DISTRIBUTE_PW_FIELD;

	(void)state;
	assert_null(distribute_password(&p, "owner", &from, d));
	assert_int_equal(from, DISTRIBUTE_PW_NONE);
	assert_true(diag_has(d, DIAG_PAYSLIP_PASSWORD));
	assert_non_null(strstr(diag_text(d), "E0033 金鑫"));
	/* 5 characters are too few, for either field */
	p.id_number = "12345";
	assert_null(distribute_password(&p, "owner", &from, d));
	assert_non_null(strstr(diag_text(d), "at least 6"));
	p.password = "密码12";
	assert_null(distribute_password(&p, "owner", &from, d));
	/* invalid UTF-8 */
	p.password = "abc\xff\xfe" "def";
	assert_null(distribute_password(&p, "owner", &from, d));
	/* an open password equal to the owner password lifts every limit */
	p.password = NULL;
	p.id_number = "110101199003071234";
	assert_null(distribute_password(&p, "071234", &from, d));
	assert_int_equal(from, DISTRIBUTE_PW_NONE);
	assert_int_equal(diag_errors(d), 5);
	diag_free(d);
}

static void
test_manifest(void **state)
{
	const struct distribute_person p[3] = {
		{ "E0001", "陈国栋", "chen@example.com", NULL, NULL },
		{ "E0002", "=HYPERLINK(\"x\")", "a,b@example.com", NULL, NULL },
		{ "E0003", "+1+1", NULL, NULL, NULL },
	};
	const char *const files[3] = { "payslip-2025-03-E0001.pdf",
	    "payslip-2025-03-E0002.pdf", "payslip-2025-03-E0003.pdf" };
	const enum distribute_pw_from from[3] = { DISTRIBUTE_PW_ID_NUMBER,
	    DISTRIBUTE_PW_FIELD, DISTRIBUTE_PW_NONE };
	size_t len;
	char *m;

	(void)state;
	m = distribute_manifest(p, 3, files, from, &len);
	assert_int_equal(len, strlen(m));
	assert_string_equal(m,
	    "\xef\xbb\xbf" "employee_id,name,email,file,password_hint\r\n"
	    "E0001,陈国栋,chen@example.com,payslip-2025-03-E0001.pdf,"
	    "身份证号后6位\r\n"
	    "E0002,\"'=HYPERLINK(\"\"x\"\")\",\"a,b@example.com\","
	    "payslip-2025-03-E0002.pdf,工资条密码\r\n"
	    "E0003,'+1+1,,payslip-2025-03-E0003.pdf,无密码\r\n");
	free(m);
	/* no employees: the header alone */
	m = distribute_manifest(p, 0, files, from, &len);
	assert_string_equal(m, "\xef\xbb\xbf"
	    "employee_id,name,email,file,password_hint\r\n");
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_password_rule),
		cmocka_unit_test(test_password_refusals),
		cmocka_unit_test(test_manifest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
