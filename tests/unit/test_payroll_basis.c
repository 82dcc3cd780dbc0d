/* SPDX-License-Identifier: MIT */
/*
 * The values of formula steps as a payslip shows them: a labelled value
 * and a step's running value in each unit (yuan, rate, points, counts),
 * counts whole or in hundredths, through the one writer both use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "money.h"
#include "payroll_int.h"

static void
labelled_is(const char *lbl, enum munit u, const char *suffix, __int128 n,
    __int128 d, const char *want)
{
	struct buf b;

	buf_init(&b, 256);
	payroll_add_labelled(&b, lbl, u, suffix, money_q_make(n, d));
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void
qvalue_is(enum munit u, const char *suffix, int hundredths, __int128 n,
    __int128 d, const char *want)
{
	struct vfmt f = {1, u, suffix, hundredths};
	struct buf b;

	buf_init(&b, 256);
	payroll_add_qvalue(&b, &f, money_q_make(n, d));
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void
test_labelled(void **state)
{
	(void)state;
	labelled_is("底薪", U_FEN, "", 300000, 1, "底薪 3,000元");
	labelled_is(NULL, U_BP, "", 7500, 1, "75.00%");
	labelled_is("", U_BP, "", 2, 3, "0.00%");
	labelled_is("考核得分", U_SCORE, "", 9250, 1, "考核得分 92.5分");
	labelled_is("销量", U_COUNT, "台", 12, 1, "销量 12台");
	/* a count that is not whole is shown whole here */
	labelled_is("销量", U_COUNT, "台", 49, 4, "销量 12台");
}

static void
test_qvalue(void **state)
{
	(void)state;
	qvalue_is(U_FEN, "", 0, 123456, 1, "1,234.56元");
	qvalue_is(U_BP, "", 0, 12345, 1, "123.45%");
	qvalue_is(U_SCORE, "", 0, 8000, 1, "80分");
	qvalue_is(U_COUNT, "天", 0, 12, 1, "12天");
	/* not whole: two decimals, trailing zeros dropped */
	qvalue_is(U_COUNT, "天", 0, 87, 4, "21.75天");
	qvalue_is(U_COUNT, "天", 0, 43, 2, "21.5天");
	/* kept in hundredths, whole or not */
	qvalue_is(U_COUNT, "天", 1, 21, 1, "21天");
	qvalue_is(U_COUNT, "天", 1, 2175, 100, "21.75天");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labelled),
		cmocka_unit_test(test_qvalue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
