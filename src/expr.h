/* SPDX-License-Identifier: MIT */
/*
 * Field and condition expressions of templates, and text with {expr|format}
 * substitutions. Grammar:
 *   expr    = and { "or" and }         and = not { "and" not }
 *   not     = "not" not | cmp          cmp = prim [ op prim ]
 *   op      = "=" | "!=" | "<" | "<=" | ">" | ">="
 *   prim    = NUMBER | 'string' | "null" | NAME [ "." NAME ] | "(" expr ")"
 * A NAME alone is a template parameter; alias.column is a column of the
 * current row of a query used with that alias.
 */
#ifndef HRP_EXPR_H
#define HRP_EXPR_H

#include "diag.h"
#include "fmt.h"

struct arena;
struct buf;

struct expr;

/* Parse src; errors at pos (column offsets added). NULL after reporting. */
struct expr *expr_parse(struct arena *a, const char *src,
                        const struct srcpos *pos, struct diag *d);

/* Visit every reference: alias is NULL for a parameter. */
typedef int (*expr_ref_fn)(void *ctx, const char *alias, const char *name);
/* Calls fn for each reference; returns -1 if any call returned -1. */
int expr_refs(const struct expr *e, expr_ref_fn fn, void *ctx);

/* Value of a reference, or NULL if unknown (checked before evaluation). */
typedef const struct fmt_value *(*expr_lookup_fn)(void *ctx, const char *alias,
                                                  const char *name);

/*
 * Evaluate. Comparisons give integer 1/0; "and"/"or"/"not" use truth
 * (NULL, 0 and "" are false). Integers compare numerically, text by bytes;
 * NULL equals only NULL. Text results point into the row or the arena.
 */
void expr_eval(const struct expr *e, expr_lookup_fn fn, void *ctx,
               struct fmt_value *out);
int expr_truth(const struct fmt_value *v);

/* ---- text with substitutions: "工资条 {e.name} {month|month}" ---- */
struct interp;

/* Parse; "{{" and "}}" stand for braces. NULL after reporting. */
struct interp *interp_parse(struct arena *a, const char *src,
                            const struct srcpos *pos, struct diag *d);
int interp_refs(const struct interp *in, expr_ref_fn fn, void *ctx);
/* Does the text contain any substitution? */
int interp_is_constant(const struct interp *in);
/*
 * Append the text with every substitution formatted to out. Returns 0, or
 * -1 with *why set when a value does not fit its format.
 */
int interp_eval(const struct interp *in, expr_lookup_fn fn, void *ctx,
                struct buf *out, const char **why);

#endif
