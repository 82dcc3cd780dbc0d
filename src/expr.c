/* SPDX-License-Identifier: MIT */
/*
 * A recursive-descent parser and evaluator for the small expression language
 * of templates (see expr.h), plus {expr|format} text substitution.
 */
#include "expr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmem.h"

#define EXPR_MAX_DEPTH 64

enum expr_kind { E_LIT, E_REF, E_NOT, E_AND, E_OR, E_CMP };
enum expr_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct expr {
	enum expr_kind kind;
	enum expr_op op;          /* E_CMP */
	struct fmt_value lit;     /* E_LIT */
	const char *alias, *name; /* E_REF; alias NULL = parameter */
	struct expr *l, *r;       /* operands */
};

struct parser {
	struct arena *a;
	const char *src;
	const char *p;
	const struct srcpos *pos;
	struct diag *d;
	int depth;
	int failed;
};

static void
fail(struct parser *ps, const char *what)
{
	struct srcpos p = {NULL, 0, 0};

	if (ps->failed)
		return;
	ps->failed = 1;
	if (ps->pos) {
		p = *ps->pos;
		/* Attribute columns are unknown; point into the expression. */
		if (p.col > 0)
			p.col += (int)(ps->p - ps->src);
	}
	diag_report(ps->d, DIAG_TMPL_EXPR, ps->pos ? &p : NULL,
	            "%s at offset %d in \"%s\"", what, (int)(ps->p - ps->src),
	            ps->src);
}

static void
skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	       *ps->p == '\r')
		ps->p++;
}

static int
is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Match keyword kw as a whole word. */
static int
keyword(struct parser *ps, const char *kw)
{
	size_t n = strlen(kw);

	skip_ws(ps);
	if (strncmp(ps->p, kw, n) == 0 && !is_name_char(ps->p[n])) {
		ps->p += n;
		return 1;
	}
	return 0;
}

static struct expr *
node(struct parser *ps, enum expr_kind k)
{
	struct expr *e = arena_alloc(ps->a, sizeof(*e));
	e->kind = k;
	return e;
}

static struct expr *parse_or(struct parser *ps);

static struct expr *
parse_prim(struct parser *ps)
{
	struct expr *e;

	skip_ws(ps);
	if (*ps->p == '(') {
		ps->p++;
		e = parse_or(ps);
		skip_ws(ps);
		if (*ps->p != ')') {
			fail(ps, "expected ')'");
			return NULL;
		}
		ps->p++;
		return e;
	}
	if (*ps->p == '\'') {
		const char *s = ++ps->p;
		while (*ps->p && *ps->p != '\'')
			ps->p++;
		if (*ps->p != '\'') {
			fail(ps, "unterminated string");
			return NULL;
		}
		e = node(ps, E_LIT);
		e->lit.type = FMT_V_TEXT;
		e->lit.s = arena_strndup(ps->a, s, (size_t)(ps->p - s));
		ps->p++;
		return e;
	}
	if ((*ps->p >= '0' && *ps->p <= '9') ||
	    (*ps->p == '-' && ps->p[1] >= '0' && ps->p[1] <= '9')) {
		int neg = *ps->p == '-';
		int64_t v = 0;
		if (neg)
			ps->p++;
		while (*ps->p >= '0' && *ps->p <= '9') {
			if (v > (INT64_MAX - 9) / 10) {
				fail(ps, "number too large");
				return NULL;
			}
			v = v * 10 + (*ps->p++ - '0');
		}
		if (is_name_char(*ps->p) || *ps->p == '.') {
			fail(ps, "only whole numbers are allowed");
			return NULL;
		}
		e = node(ps, E_LIT);
		e->lit.type = FMT_V_INT;
		e->lit.i = neg ? -v : v;
		return e;
	}
	if (is_name_start(*ps->p)) {
		const char *s = ps->p;
		char *first;
		while (is_name_char(*ps->p))
			ps->p++;
		first = arena_strndup(ps->a, s, (size_t)(ps->p - s));
		if (strcmp(first, "null") == 0) {
			e = node(ps, E_LIT);
			e->lit.type = FMT_V_NULL;
			return e;
		}
		e = node(ps, E_REF);
		if (*ps->p == '.') {
			ps->p++;
			s = ps->p;
			if (!is_name_start(*ps->p)) {
				fail(ps, "expected a column name after '.'");
				return NULL;
			}
			while (is_name_char(*ps->p))
				ps->p++;
			e->alias = first;
			e->name = arena_strndup(ps->a, s, (size_t)(ps->p - s));
		} else
			e->name = first;
		return e;
	}
	fail(ps, *ps->p ? "unexpected character" : "unexpected end");
	return NULL;
}

static struct expr *
parse_cmp(struct parser *ps)
{
	struct expr *l = parse_prim(ps), *e;
	enum expr_op op;

	if (l == NULL)
		return NULL;
	skip_ws(ps);
	if (ps->p[0] == '=') {
		op = OP_EQ, ps->p += 1;
	} else if (ps->p[0] == '!' && ps->p[1] == '=') {
		op = OP_NE, ps->p += 2;
	} else if (ps->p[0] == '<' && ps->p[1] == '=') {
		op = OP_LE, ps->p += 2;
	} else if (ps->p[0] == '>' && ps->p[1] == '=') {
		op = OP_GE, ps->p += 2;
	} else if (ps->p[0] == '<') {
		op = OP_LT, ps->p += 1;
	} else if (ps->p[0] == '>') {
		op = OP_GT, ps->p += 1;
	} else
		return l;
	e = node(ps, E_CMP);
	e->op = op;
	e->l = l;
	e->r = parse_prim(ps);
	return e->r ? e : NULL;
}

static struct expr *
parse_not(struct parser *ps)
{
	struct expr *e;

	if (++ps->depth > EXPR_MAX_DEPTH) {
		fail(ps, "expression nested too deeply");
		return NULL;
	}
	if (keyword(ps, "not")) {
		e = node(ps, E_NOT);
		e->l = parse_not(ps);
		ps->depth--;
		return e->l ? e : NULL;
	}
	e = parse_cmp(ps);
	ps->depth--;
	return e;
}

static struct expr *
parse_and(struct parser *ps)
{
	struct expr *l = parse_not(ps);

	while (l && keyword(ps, "and")) {
		struct expr *e = node(ps, E_AND);
		e->l = l;
		e->r = parse_not(ps);
		l = e->r ? e : NULL;
	}
	return l;
}

static struct expr *
parse_or(struct parser *ps)
{
	struct expr *l;

	if (++ps->depth > EXPR_MAX_DEPTH) {
		fail(ps, "expression nested too deeply");
		return NULL;
	}
	l = parse_and(ps);
	while (l && keyword(ps, "or")) {
		struct expr *e = node(ps, E_OR);
		e->l = l;
		e->r = parse_and(ps);
		l = e->r ? e : NULL;
	}
	ps->depth--;
	return l;
}

struct expr *
expr_parse(struct arena *a, const char *src, const struct srcpos *pos,
           struct diag *d)
{
	struct parser ps = {a, src, src, pos, d, 0, 0};
	struct expr *e = parse_or(&ps);

	if (e && !ps.failed) {
		skip_ws(&ps);
		if (*ps.p != '\0')
			fail(&ps, "unexpected text after expression");
	}
	return ps.failed ? NULL : e;
}

int
expr_refs(const struct expr *e, expr_ref_fn fn, void *ctx)
{
	int rc = 0;

	if (e == NULL)
		return 0;
	if (e->kind == E_REF)
		return fn(ctx, e->alias, e->name);
	if (expr_refs(e->l, fn, ctx) != 0)
		rc = -1;
	if (expr_refs(e->r, fn, ctx) != 0)
		rc = -1;
	return rc;
}

int
expr_truth(const struct fmt_value *v)
{
	switch (v->type) {
	case FMT_V_NULL:
		return 0;
	case FMT_V_INT:
		return v->i != 0;
	case FMT_V_REAL:
		return v->r != 0;
	case FMT_V_TEXT:
		return v->s[0] != '\0';
	case FMT_V_BLOB:
		return v->i > 0;
	}
	return 0;
}

/* Integer value of v if it is an integer or integer text. */
static int
as_int(const struct fmt_value *v, int64_t *out)
{
	char *end;

	if (v->type == FMT_V_INT) {
		*out = v->i;
		return 1;
	}
	if (v->type == FMT_V_TEXT && v->s[0]) {
		long long x = strtoll(v->s, &end, 10);
		if (*end == '\0') {
			*out = x;
			return 1;
		}
	}
	return 0;
}

static int
compare(enum expr_op op, const struct fmt_value *a, const struct fmt_value *b)
{
	int c;
	int64_t x, y;

	if (a->type == FMT_V_NULL || b->type == FMT_V_NULL) {
		int both = a->type == b->type;
		return op == OP_EQ ? both : op == OP_NE ? !both : 0;
	}
	if (a->type == FMT_V_REAL || b->type == FMT_V_REAL) {
		double p = a->type == FMT_V_REAL ? a->r : (double)a->i;
		double q = b->type == FMT_V_REAL ? b->r : (double)b->i;
		c = p < q ? -1 : p > q;
	} else if ((a->type == FMT_V_INT || b->type == FMT_V_INT) &&
	           as_int(a, &x) && as_int(b, &y))
		c = x < y ? -1 : x > y;
	else {
		const char *s = a->type == FMT_V_TEXT ? a->s : "";
		const char *t = b->type == FMT_V_TEXT ? b->s : "";
		c = strcmp(s, t);
	}
	switch (op) {
	case OP_EQ:
		return c == 0;
	case OP_NE:
		return c != 0;
	case OP_LT:
		return c < 0;
	case OP_LE:
		return c <= 0;
	case OP_GT:
		return c > 0;
	case OP_GE:
		return c >= 0;
	}
	return 0;
}

void
expr_eval(const struct expr *e, expr_lookup_fn fn, void *ctx,
          struct fmt_value *out)
{
	struct fmt_value l, r;
	const struct fmt_value *v;

	memset(out, 0, sizeof(*out));
	out->type = FMT_V_INT;
	switch (e->kind) {
	case E_LIT:
		*out = e->lit;
		return;
	case E_REF:
		v = fn(ctx, e->alias, e->name);
		if (v)
			*out = *v;
		else
			out->type = FMT_V_NULL;
		return;
	case E_NOT:
		expr_eval(e->l, fn, ctx, &l);
		out->i = !expr_truth(&l);
		return;
	case E_AND:
		expr_eval(e->l, fn, ctx, &l);
		if (!expr_truth(&l))
			return;
		expr_eval(e->r, fn, ctx, &r);
		out->i = expr_truth(&r);
		return;
	case E_OR:
		expr_eval(e->l, fn, ctx, &l);
		if (expr_truth(&l)) {
			out->i = 1;
			return;
		}
		expr_eval(e->r, fn, ctx, &r);
		out->i = expr_truth(&r);
		return;
	case E_CMP:
		expr_eval(e->l, fn, ctx, &l);
		expr_eval(e->r, fn, ctx, &r);
		out->i = compare(e->op, &l, &r);
		return;
	}
}

/* ---- substitutions ---- */

struct interp_part {
	struct interp_part *next;
	const char *text; /* literal text, or NULL for a substitution */
	struct expr *e;
	struct fmt_spec fmt;
};

struct interp {
	struct interp_part *head;
	int dynamic;
};

struct interp *
interp_parse(struct arena *a, const char *src, const struct srcpos *pos,
             struct diag *d)
{
	struct interp *in = arena_alloc(a, sizeof(*in));
	struct interp_part **tail = &in->head;
	struct buf lit;
	const char *p = src;
	int failed = 0;

	buf_init(&lit, 0);
	while (*p) {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			buf_addc(&lit, p[0]);
			p += 2;
		} else if (*p == '{') {
			const char *end = strchr(p, '}');
			const char *bar;
			char *inner;
			struct interp_part *part;
			struct fmt_spec fs = {FMT_TEXT, 0, 0, 0};

			if (end == NULL) {
				diag_report(d, DIAG_TMPL_EXPR, pos,
				            "unclosed '{' in \"%s\"", src);
				failed = 1;
				break;
			}
			if (lit.len) {
				part = arena_alloc(a, sizeof(*part));
				part->text = arena_strdup(a, buf_cstr(&lit));
				*tail = part, tail = &part->next;
				buf_reset(&lit);
			}
			inner = arena_strndup(a, p + 1, (size_t)(end - p - 1));
			bar = strchr(inner, '|');
			if (bar) {
				if (fmt_parse(bar + 1, &fs) < 0) {
					diag_report(d, DIAG_TMPL_UNKNOWN_FORMAT,
					            pos, "%s", bar + 1);
					failed = 1;
					fs.kind = FMT_TEXT;
				}
				inner[bar - inner] = '\0';
			}
			part = arena_alloc(a, sizeof(*part));
			part->e = expr_parse(a, inner, pos, d);
			part->fmt = fs;
			if (part->e == NULL)
				failed = 1;
			*tail = part, tail = &part->next;
			in->dynamic = 1;
			p = end + 1;
		} else if (*p == '}') {
			diag_report(
			    d, DIAG_TMPL_EXPR, pos,
			    "unmatched '}' in \"%s\" (write }} for a brace)",
			    src);
			failed = 1;
			break;
		} else
			buf_addc(&lit, *p++);
	}
	if (!failed && lit.len) {
		struct interp_part *part = arena_alloc(a, sizeof(*part));
		part->text = arena_strdup(a, buf_cstr(&lit));
		*tail = part;
	}
	buf_free(&lit);
	return failed ? NULL : in;
}

int
interp_refs(const struct interp *in, expr_ref_fn fn, void *ctx)
{
	const struct interp_part *p;
	int rc = 0;

	for (p = in->head; p; p = p->next)
		if (p->e && expr_refs(p->e, fn, ctx) != 0)
			rc = -1;
	return rc;
}

int
interp_is_constant(const struct interp *in)
{
	return !in->dynamic;
}

int
interp_eval(const struct interp *in, expr_lookup_fn fn, void *ctx,
            struct buf *out, const char **why)
{
	const struct interp_part *p;
	struct fmt_value v;

	for (p = in->head; p; p = p->next) {
		if (p->text) {
			buf_adds(out, p->text);
			continue;
		}
		expr_eval(p->e, fn, ctx, &v);
		if (fmt_format(&p->fmt, &v, out, why) != 0)
			return -1;
	}
	return 0;
}
