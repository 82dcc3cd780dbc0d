/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for expr.c: parsing and evaluation of template expressions
 * (literals, references, comparisons, boolean precedence), their error
 * reports, and text with {expr|format} substitutions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "expr.h"
#include "xmem.h"

/* A fake row: references resolve against this table. */
struct var {
	const char *alias;	/* NULL = template parameter */
	const char *name;
	struct fmt_value v;
};

struct env {
	const struct var *vars;
	size_t nvars;
	int lookups;		/* how often lookup() was called */
};

static const struct fmt_value *
lookup(void *ctx, const char *alias, const char *name)
{
	struct env *env = ctx;
	size_t i;

	env->lookups++;
	for (i = 0; i < env->nvars; i++) {
		const struct var *v = &env->vars[i];
		if (strcmp(v->name, name) != 0)
			continue;
		if ((alias == NULL) != (v->alias == NULL))
			continue;
		if (alias && strcmp(alias, v->alias) != 0)
			continue;
		return &v->v;
	}
	return NULL;
}

static const struct var vars[] = {
	{ "e", "id", { FMT_V_TEXT, 0, 0, "E1024" } },
	{ "e", "grade", { FMT_V_INT, 3, 0, NULL } },
	{ "e", "count_text", { FMT_V_TEXT, 0, 0, "10" } },
	{ "e", "empty", { FMT_V_TEXT, 0, 0, "" } },
	{ "e", "gone", { FMT_V_NULL, 0, 0, NULL } },
	{ "e", "zero", { FMT_V_INT, 0, 0, NULL } },
	{ "e", "pay", { FMT_V_INT, 123456, 0, NULL } },
	{ "e", "ratio", { FMT_V_REAL, 0, 1.5, NULL } },
	{ NULL, "month", { FMT_V_TEXT, 0, 0, "2025-03" } },
	{ NULL, "id", { FMT_V_TEXT, 0, 0, "param-id" } },
};

struct fixture {
	struct arena *a;
	struct diag *d;
	struct env env;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->a = arena_new();
	f->d = diag_new(NULL);
	f->env.vars = vars;
	f->env.nvars = sizeof(vars) / sizeof(vars[0]);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->a);
	diag_free(f->d);
	free(f);
	return 0;
}

/* Parse src (must succeed) and evaluate it. */
static struct fmt_value
eval(struct fixture *f, const char *src)
{
	struct expr *e = expr_parse(f->a, src, NULL, f->d);
	struct fmt_value v;

	if (e == NULL)
		fail_msg("\"%s\" did not parse: %s", src, diag_text(f->d));
	assert_int_equal(diag_errors(f->d), 0);
	memset(&v, 0x5a, sizeof(v));
	expr_eval(e, lookup, &f->env, &v);
	return v;
}

/* Evaluate src and check it gives integer want (comparisons, booleans). */
static void
check_int(struct fixture *f, const char *src, int64_t want)
{
	struct fmt_value v = eval(f, src);

	if (v.type != FMT_V_INT)
		fail_msg("\"%s\": type %d, want an integer", src, (int)v.type);
	if (v.i != want)
		fail_msg("\"%s\" gave %lld, want %lld", src, (long long)v.i,
		    (long long)want);
}

/* src must be refused with DIAG_TMPL_EXPR and a message containing what. */
static void
check_refused(const char *src, const char *what)
{
	struct arena *a = arena_new();
	struct diag *d = diag_new(NULL);
	struct expr *e = expr_parse(a, src, NULL, d);

	if (e != NULL)
		fail_msg("\"%.40s\" was accepted", src);
	assert_true(diag_has(d, DIAG_TMPL_EXPR));
	/* Reported once, not once per nesting level. */
	assert_int_equal(diag_errors(d), 1);
	if (strstr(diag_text(d), what) == NULL)
		fail_msg("\"%.40s\": message \"%s\" lacks \"%s\"", src,
		    diag_text(d), what);
	arena_free(a);
	diag_free(d);
}

/* ---- literals and references ---- */

static void
test_literals(void **state)
{
	struct fixture *f = *state;
	struct fmt_value v;

	check_int(f, "42", 42);
	check_int(f, "-7", -7);
	check_int(f, "  9  ", 9);
	check_int(f, "0", 0);
	v = eval(f, "'工资 条'");
	assert_int_equal(v.type, FMT_V_TEXT);
	assert_string_equal(v.s, "工资 条");
	v = eval(f, "''");
	assert_int_equal(v.type, FMT_V_TEXT);
	assert_string_equal(v.s, "");
	v = eval(f, "null");
	assert_int_equal(v.type, FMT_V_NULL);
	/* Literals never consult the lookup. */
	assert_int_equal(f->env.lookups, 0);
}

static void
test_refs_eval(void **state)
{
	struct fixture *f = *state;
	struct fmt_value v;

	v = eval(f, "e.id");
	assert_int_equal(v.type, FMT_V_TEXT);
	assert_string_equal(v.s, "E1024");
	/* A bare name is a parameter, even when a column has that name. */
	v = eval(f, "id");
	assert_int_equal(v.type, FMT_V_TEXT);
	assert_string_equal(v.s, "param-id");
	v = eval(f, "e.grade");
	assert_int_equal(v.type, FMT_V_INT);
	assert_int_equal(v.i, 3);
	/* Unknown at evaluation time: NULL. */
	v = eval(f, "e.nosuch");
	assert_int_equal(v.type, FMT_V_NULL);
	/* "nullable" is a name, not the keyword null followed by junk. */
	v = eval(f, "nullable");
	assert_int_equal(v.type, FMT_V_NULL);
	assert_true(f->env.lookups >= 4);
}

/* Collects the references expr_refs() visits. */
struct seen {
	char text[256];
	int refuse;		/* return -1 for this many calls */
};

static int
collect(void *ctx, const char *alias, const char *name)
{
	struct seen *s = ctx;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%s%s%s;",
	    alias ? alias : "", alias ? "." : "", name);
	if (s->refuse > 0) {
		s->refuse--;
		return -1;
	}
	return 0;
}

static void
test_refs_visit(void **state)
{
	struct fixture *f = *state;
	struct expr *e;
	struct seen s;

	e = expr_parse(f->a, "e.grade > 2 and (month = '2025-03' or not x.y)",
	    NULL, f->d);
	assert_non_null(e);
	memset(&s, 0, sizeof(s));
	assert_int_equal(expr_refs(e, collect, &s), 0);
	assert_string_equal(s.text, "e.grade;month;x.y;");

	/* One refusal makes the whole walk fail, but every ref is visited. */
	memset(&s, 0, sizeof(s));
	s.refuse = 1;
	assert_int_equal(expr_refs(e, collect, &s), -1);
	assert_string_equal(s.text, "e.grade;month;x.y;");
}

/* ---- comparisons ---- */

static void
test_compare_int(void **state)
{
	struct fixture *f = *state;

	check_int(f, "1 < 2", 1);
	check_int(f, "2 < 1", 0);
	check_int(f, "2 <= 2", 1);
	check_int(f, "3 <= 2", 0);
	check_int(f, "3 > 2", 1);
	check_int(f, "2 >= 3", 0);
	check_int(f, "2 = 2", 1);
	check_int(f, "2 != 2", 0);
	check_int(f, "-3 < 2", 1);
	check_int(f, "e.grade = 3", 1);
	check_int(f, "e.grade>=4", 0);
	/* Integer text compares numerically with an integer: "10" > 9,
	 * although "10" < "9" as bytes. */
	check_int(f, "e.count_text > 9", 1);
	check_int(f, "e.count_text = 10", 1);
	/* Reals compare as numbers. */
	check_int(f, "e.ratio > 1", 1);
	check_int(f, "e.ratio < 2", 1);
}

static void
test_compare_text(void **state)
{
	struct fixture *f = *state;

	check_int(f, "'a' < 'b'", 1);
	check_int(f, "'b' < 'a'", 0);
	check_int(f, "'10' < '9'", 1);	/* bytes, not numbers */
	check_int(f, "e.id = 'E1024'", 1);
	check_int(f, "e.id != 'E1024'", 0);
	check_int(f, "e.id = 'e1024'", 0);
	check_int(f, "month = '2025-03'", 1);
	check_int(f, "month >= '2025-04'", 0);
	check_int(f, "'王' = '王'", 1);
}

static void
test_compare_null(void **state)
{
	struct fixture *f = *state;

	check_int(f, "null = null", 1);
	check_int(f, "null != null", 0);
	check_int(f, "e.gone = null", 1);
	check_int(f, "e.gone != null", 0);
	check_int(f, "e.zero = null", 0);
	check_int(f, "e.zero != null", 1);
	check_int(f, "e.empty = null", 0);
	/* NULL is neither smaller nor greater than anything. */
	check_int(f, "e.gone < 1", 0);
	check_int(f, "e.gone > 1", 0);
	check_int(f, "e.gone <= null", 0);
	check_int(f, "e.gone = 0", 0);
}

/* ---- boolean operators ---- */

static void
test_bool_precedence(void **state)
{
	struct fixture *f = *state;

	/* "and" binds tighter than "or": 1 or (0 and 0). */
	check_int(f, "1 = 1 or 1 = 2 and 1 = 2", 1);
	/* Parentheses override it. */
	check_int(f, "(1 = 1 or 1 = 2) and 1 = 2", 0);
	/* "not" applies to the whole comparison: not (1 = 2). */
	check_int(f, "not 1 = 2", 1);
	/* ... but binds tighter than "and": (not 0) and 0. */
	check_int(f, "not 0 and 0", 0);
	check_int(f, "not (0 and 0)", 1);
	check_int(f, "not not 5", 1);
	check_int(f, "not not not 5", 0);
	check_int(f, "0 or 0 or 7", 1);
	check_int(f, "1 and 1 and 0", 0);
	check_int(f, "((((e.grade = 3))))", 1);
	/* Keywords are whole words: "order" is a name, not "or" + "der". */
	check_int(f, "order = null", 1);
	check_int(f, "andy = null and notes = null", 1);
}

static void
test_truth(void **state)
{
	struct fixture *f = *state;
	struct fmt_value v;

	/* NULL, 0 and "" are false; anything else is true. */
	check_int(f, "not e.gone", 1);
	check_int(f, "not e.zero", 1);
	check_int(f, "not e.empty", 1);
	check_int(f, "not e.id", 0);
	check_int(f, "not e.ratio", 0);
	check_int(f, "not '0'", 0);	/* text "0" is not empty */
	check_int(f, "e.id and e.grade", 1);
	check_int(f, "e.id and e.empty", 0);
	check_int(f, "e.gone or e.zero", 0);

	v.type = FMT_V_TEXT;
	v.s = "";
	assert_false(expr_truth(&v));
	v.s = "x";
	assert_true(expr_truth(&v));
	v.type = FMT_V_INT;
	v.i = -1;
	assert_true(expr_truth(&v));
	v.type = FMT_V_NULL;
	assert_false(expr_truth(&v));
}

static void
test_short_circuit(void **state)
{
	struct fixture *f = *state;

	f->env.lookups = 0;
	check_int(f, "0 and e.id", 0);
	assert_int_equal(f->env.lookups, 0);
	check_int(f, "1 or e.id", 1);
	assert_int_equal(f->env.lookups, 0);
	check_int(f, "1 and e.id", 1);
	assert_int_equal(f->env.lookups, 1);
}

/* ---- errors ---- */

static void
test_errors(void **state)
{
	(void)state;
	check_refused("'abc", "unterminated string");
	check_refused("e.id = 'E1", "unterminated string");
	check_refused("1 2", "unexpected text after expression");
	check_refused("e.id e.name", "unexpected text after expression");
	check_refused("1.5", "only whole numbers");
	check_refused("12abc", "only whole numbers");
	check_refused("99999999999999999999", "number too large");
	check_refused("e.", "expected a column name");
	check_refused("e.9", "expected a column name");
	check_refused("1 =", "unexpected end");
	check_refused("", "unexpected end");
	check_refused("(1 = 1", "expected ')'");
	check_refused("1 = 1)", "unexpected text after expression");
	check_refused("a and", "unexpected end");
	check_refused("a == b", "unexpected character");
	check_refused("\"double\"", "unexpected character");
	check_refused("a ! b", "unexpected text");
}

static void
test_error_position(void **state)
{
	struct fixture *f = *state;
	struct srcpos pos = { "t.xml", 7, 10 };
	struct srcpos nocol = { "t.xml", 7, 0 };

	/* With a column, the offset into the expression is added. */
	assert_null(expr_parse(f->a, "1 2", &pos, f->d));
	assert_non_null(strstr(diag_text(f->d), "t.xml:7:12: error: "));
	assert_non_null(strstr(diag_text(f->d), "at offset 2 in \"1 2\""));
	/* Without one, only the line is given. */
	assert_null(expr_parse(f->a, "'x", &nocol, f->d));
	assert_non_null(strstr(diag_text(f->d), "t.xml:7: error: "));
	assert_int_equal(diag_errors(f->d), 2);
	/* The caller's position is not modified. */
	assert_int_equal(pos.col, 10);
}

/* Build "((((...1...))))" or "not not ... 1" of a given depth. */
static char *
nested(const char *open, const char *core, const char *close, int depth)
{
	size_t lo = strlen(open), lc = strlen(close), n;
	char *s = xmalloc((size_t)depth * (lo + lc) + strlen(core) + 1), *p = s;
	int i;

	for (i = 0; i < depth; i++, p += lo)
		memcpy(p, open, lo);
	n = strlen(core);
	memcpy(p, core, n);
	p += n;
	for (i = 0; i < depth; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void
test_depth(void **state)
{
	struct fixture *f = *state;
	char *s;

	/* Moderate nesting is fine. */
	s = nested("(", "1 = 1", ")", 20);
	check_int(f, s, 1);
	free(s);
	s = nested("not ", "1", "", 40);
	check_int(f, s, 1);
	free(s);
	/* Deeper than the limit is refused, once, without deep recursion. */
	s = nested("(", "1", ")", 65);
	check_refused(s, "nested too deeply");
	free(s);
	s = nested("(", "1", ")", 200000);
	check_refused(s, "nested too deeply");
	free(s);
	s = nested("not ", "1", "", 65);
	check_refused(s, "nested too deeply");
	free(s);
	s = nested("not ", "1", "", 100000);
	check_refused(s, "nested too deeply");
	free(s);
	s = nested("(not ", "1", ")", 100000);
	check_refused(s, "nested too deeply");
	free(s);
}

/* ---- substitutions ---- */

/* Parse src as text with substitutions and evaluate it (must succeed). */
static const char *
interp(struct fixture *f, const char *src, int *constant)
{
	struct interp *in = interp_parse(f->a, src, NULL, f->d);
	struct buf b;
	const char *why = "unset";
	char *s;

	if (in == NULL)
		fail_msg("\"%s\" did not parse: %s", src, diag_text(f->d));
	if (constant)
		*constant = interp_is_constant(in);
	buf_init(&b, 0);
	assert_int_equal(interp_eval(in, lookup, &f->env, &b, &why), 0);
	s = arena_strdup(f->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void
test_interp_text(void **state)
{
	struct fixture *f = *state;
	int constant = -1;

	assert_string_equal(interp(f, "工资条", &constant), "工资条");
	assert_int_equal(constant, 1);
	assert_string_equal(interp(f, "", &constant), "");
	assert_int_equal(constant, 1);
	assert_string_equal(interp(f, "{{e.id}}", &constant), "{e.id}");
	assert_int_equal(constant, 1);
	assert_string_equal(interp(f, "a }} b {{", NULL), "a } b {");
	assert_int_equal(f->env.lookups, 0);
}

static void
test_interp_subst(void **state)
{
	struct fixture *f = *state;
	int constant = -1;

	assert_string_equal(interp(f, "{e.id}", &constant), "E1024");
	assert_int_equal(constant, 0);
	assert_string_equal(interp(f, "员工 {e.id}，{e.grade}级", NULL),
	    "员工 E1024，3级");
	assert_string_equal(interp(f, "{e.pay|money}", NULL), "1,234.56");
	assert_string_equal(interp(f, "{month|month}工资条", NULL),
	    "2025年3月工资条");
	assert_string_equal(interp(f, "[{e.gone}]", NULL), "[]");
	assert_string_equal(interp(f, "{{{e.id}}}", NULL), "{E1024}");
	/* A substitution may hold any expression. */
	assert_string_equal(interp(f, "{e.grade > 2}", NULL), "1");
}

static void
test_interp_refs(void **state)
{
	struct fixture *f = *state;
	struct interp *in;
	struct seen s;

	in = interp_parse(f->a, "{a.b} and {c|money} {{d}}", NULL, f->d);
	assert_non_null(in);
	memset(&s, 0, sizeof(s));
	assert_int_equal(interp_refs(in, collect, &s), 0);
	assert_string_equal(s.text, "a.b;c;");
	memset(&s, 0, sizeof(s));
	s.refuse = 1;
	assert_int_equal(interp_refs(in, collect, &s), -1);
	assert_string_equal(s.text, "a.b;c;");
}

static void
test_interp_errors(void **state)
{
	struct fixture *f = *state;
	struct srcpos pos = { "t.xml", 4, 0 };

	assert_null(interp_parse(f->a, "name {e.id", &pos, f->d));
	assert_true(diag_has(f->d, DIAG_TMPL_EXPR));
	assert_non_null(strstr(diag_text(f->d),
	    "t.xml:4: error: invalid expression: unclosed '{'"));
	assert_int_equal(diag_errors(f->d), 1);

	assert_null(interp_parse(f->a, "a } b", &pos, f->d));
	assert_non_null(strstr(diag_text(f->d), "unmatched '}'"));
	assert_int_equal(diag_errors(f->d), 2);

	assert_false(diag_has(f->d, DIAG_TMPL_UNKNOWN_FORMAT));
	assert_null(interp_parse(f->a, "{e.pay|dollars}", &pos, f->d));
	assert_true(diag_has(f->d, DIAG_TMPL_UNKNOWN_FORMAT));
	assert_non_null(strstr(diag_text(f->d), "unknown format: dollars"));
	assert_int_equal(diag_errors(f->d), 3);

	/* A bad expression inside braces is reported as such. */
	assert_null(interp_parse(f->a, "x {1.5} y", &pos, f->d));
	assert_non_null(strstr(diag_text(f->d), "only whole numbers"));
	assert_int_equal(diag_errors(f->d), 4);
}

static void
test_interp_refused_value(void **state)
{
	struct fixture *f = *state;
	struct interp *in;
	struct buf b;
	const char *why = NULL;

	/* Text where fen are needed does not fit "money". */
	in = interp_parse(f->a, "pay {e.id|money}", NULL, f->d);
	assert_non_null(in);
	buf_init(&b, 0);
	assert_int_equal(interp_eval(in, lookup, &f->env, &b, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, "text is not an integer");
	buf_free(&b);

	/* A real is refused too: money is never a double. */
	in = interp_parse(f->a, "{e.ratio|money}", NULL, f->d);
	assert_non_null(in);
	why = NULL;
	buf_init(&b, 0);
	assert_int_equal(interp_eval(in, lookup, &f->env, &b, &why), -1);
	assert_non_null(why);
	buf_free(&b);

	/* An invalid month in a month format. */
	in = interp_parse(f->a, "{e.id|month}", NULL, f->d);
	assert_non_null(in);
	why = NULL;
	buf_init(&b, 0);
	assert_int_equal(interp_eval(in, lookup, &f->env, &b, &why), -1);
	assert_string_equal(why, "not a month YYYY-MM");
	buf_free(&b);
	assert_int_equal(diag_errors(f->d), 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_literals),
		T(test_refs_eval),
		T(test_refs_visit),
		T(test_compare_int),
		T(test_compare_text),
		T(test_compare_null),
		T(test_bool_precedence),
		T(test_truth),
		T(test_short_circuit),
		cmocka_unit_test(test_errors),
		T(test_error_position),
		T(test_depth),
		T(test_interp_text),
		T(test_interp_subst),
		T(test_interp_refs),
		T(test_interp_errors),
		T(test_interp_refused_value),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
