/* SPDX-License-Identifier: MIT */
/*
 * Templates: the only user of libxml2. A template file is parsed (no network,
 * no DTD, no entities), validated against the embedded RELAX NG schema
 * (templates/template.rng) and turned into a tree of elements with their
 * source positions. tmpl_check() then checks what a schema cannot say:
 * queries against the database, fields, expressions and formats.
 */
#ifndef HRP_TMPL_H
#define HRP_TMPL_H

#include <stddef.h>

#include "diag.h"

struct arena;
struct db;

#define TMPL_NAMESPACE "urn:hrpress:template:1"

/* One kind per element of the vocabulary (docs/templates.md). */
enum tmpl_kind {
	TMPL_TEMPLATE,
	TMPL_PAGE,
	TMPL_STYLE,
	TMPL_META,
	TMPL_PARAM,
	TMPL_QUERY,
	TMPL_HEADER,
	TMPL_FOOTER,
	TMPL_BODY,
	TMPL_SECTION,
	TMPL_IF,
	TMPL_PARA,
	TMPL_HEADING,
	TMPL_LIST,
	TMPL_ITEM,
	TMPL_TABLE,
	TMPL_ROWS,
	TMPL_ROW,
	TMPL_CELL,
	TMPL_SPACE,
	TMPL_RULE,
	TMPL_PAGE_BREAK,
	TMPL_SIGNATURES,
	TMPL_SIGN,
	TMPL_TOC,
	TMPL_FIELD,
	TMPL_B,
	TMPL_BR,
	TMPL_PAGE_NUMBER,
	TMPL_PAGE_COUNT,
	TMPL_RUNNING,
	TMPL_CHART,
	TMPL_SERIES,
	TMPL_ORGCHART,
	TMPL_IMAGE,
	TMPL_WATERMARK,
	TMPL_TEXT, /* character data */
	TMPL__COUNT
};

struct tmpl_attr {
	const char *name;
	const char *value; /* UTF-8, entity-free */
};

struct tmpl_node {
	enum tmpl_kind kind;
	struct tmpl_node *parent;
	struct tmpl_node *next;  /* next sibling */
	struct tmpl_node *child; /* first child */
	struct tmpl_node *last;  /* last child */
	struct srcpos pos;       /* element start (line; col when known) */
	struct tmpl_attr *attrs;
	size_t nattrs;
	const char *text; /* TMPL_TEXT: the characters */
	void *check;      /* set by tmpl_check: parsed expressions */
};

struct tmpl {
	struct arena *arena;    /* owns the whole tree */
	const char *path;       /* as given */
	struct tmpl_node *root; /* TMPL_TEMPLATE */
};

/*
 * Parse and schema-validate path. Errors (not well-formed, DOCTYPE present,
 * wrong namespace or version, schema violations) are reported with file and
 * line (and column when libxml2 gives one), up to 50; returns NULL if any.
 */
struct tmpl *tmpl_parse_file(const char *path, struct diag *d);
/* The same from memory; name is used in messages. */
struct tmpl *tmpl_parse_memory(const char *xml, size_t len, const char *name,
                               struct diag *d);
void tmpl_free(struct tmpl *t);

/* Attribute value or NULL. */
const char *tmpl_attr(const struct tmpl_node *n, const char *name);
/* Element name of a kind ("section"). */
const char *tmpl_kind_name(enum tmpl_kind kind);
/* First child of the root of a kind, or NULL. */
const struct tmpl_node *tmpl_find(const struct tmpl *t, enum tmpl_kind kind);

/*
 * Check a parsed template against an open database: every query compiles,
 * is read-only, and its parameters are bound at each place it is used;
 * every field and expression names a known alias column or parameter;
 * formats and sizes are known; every <image> file is read (once, into the
 * template) and is a PNG of a kind the PDF writer takes. Reports every problem
 * (up to 50) at its template position; returns 0 or -1. Must succeed before
 * binding.
 */
int tmpl_check(struct tmpl *t, struct db *db, struct diag *d);

#endif
