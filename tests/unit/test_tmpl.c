/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for tmpl.c and tmpl_check.c: parsing templates into trees with
 * source lines, refusing DOCTYPEs and entities, namespace and schema
 * errors, and the checks against a database (queries, parameters, fields,
 * formats, table rows). The shipped templates must parse and check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "diag.h"
#include "tmpl.h"
#include "tmpl_int.h"
#include "xmem.h"

/* Every test template starts with these two lines. */
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
#define TAIL "</template>\n"

struct fixture {
	char dir[64];
	char *dbpath;
	struct db *db;		/* read-only, schema only */
	struct diag *d;
	struct tmpl *t;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct db *db;

	strcpy(f->dir, "/tmp/hrp-test-tmpl-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->dbpath = xasprintf("%s/hr.db", f->dir);
	f->d = diag_new(NULL);
	db = db_open(f->dbpath, DB_CREATE, f->d);
	if (db == NULL)
		return -1;
	db_close(db);
	f->db = db_open(f->dbpath, DB_READONLY, f->d);
	if (f->db == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *p;

	tmpl_free(f->t);
	db_close(f->db);
	unlink(f->dbpath);
	p = xasprintf("%s/t.xml", f->dir);
	unlink(p);
	free(p);
	rmdir(f->dir);
	free(f->dbpath);
	diag_free(f->d);
	free(f);
	return 0;
}

/* Parse xml as "t.xml"; the tree is freed by teardown. */
static struct tmpl *
parse(struct fixture *f, const char *xml)
{
	tmpl_free(f->t);
	f->t = tmpl_parse_memory(xml, strlen(xml), "t.xml", f->d);
	return f->t;
}

/* Parse xml, which must be valid, and run tmpl_check on it. */
static int
check(struct fixture *f, const char *xml)
{
	if (parse(f, xml) == NULL)
		fail_msg("template did not parse: %s", diag_text(f->d));
	return tmpl_check(f->t, f->db, f->d);
}

/* Start over with an empty diagnostics sink. */
static void
reset_diag(struct fixture *f)
{
	diag_free(f->d);
	f->d = diag_new(NULL);
}

/* The diagnostics must contain want. */
static void
assert_diag(struct fixture *f, const char *want)
{
	if (strstr(diag_text(f->d), want) == NULL)
		fail_msg("diagnostics lack \"%s\":\n%s", want, diag_text(f->d));
}

/* The n-th child (0-based) of a node, skipping nothing. */
static const struct tmpl_node *
nth(const struct tmpl_node *n, int i)
{
	const struct tmpl_node *c = n->child;

	while (c && i-- > 0)
		c = c->next;
	if (c == NULL)
		fail_msg("%s has no child %d", tmpl_kind_name(n->kind), i);
	return c;
}

static int
nchildren(const struct tmpl_node *n)
{
	const struct tmpl_node *c;
	int k = 0;

	for (c = n->child; c; c = c->next)
		k++;
	return k;
}

/* ---- parsing ---- */

static void
test_parse_tree(void **state)
{
	struct fixture *f = *state;
	const struct tmpl_node *root, *q, *body, *sec, *para, *field;
	struct tmpl *t;

	t = parse(f, HEAD
	    "  <page size=\"A5\" margin=\"10mm\"/>\n"			/* 3 */
	    "  <param name=\"month\" type=\"month\" required=\"yes\"/>\n" /* 4 */
	    "  <query name=\"staff\">SELECT id FROM employee</query>\n"	/* 5 */
	    "  <body>\n"							/* 6 */
	    "    <section query=\"staff\" as=\"e\">\n"			/* 7 */
	    "      <para align=\"right\">工号 <field value=\"e.id\"/></para>\n"
	    "    </section>\n"							/* 9 */
	    "    <page-break/>\n"						/* 10 */
	    "  </body>\n"
	    TAIL);
	if (t == NULL)
		fail_msg("%s", diag_text(f->d));
	assert_int_equal(diag_errors(f->d), 0);
	assert_string_equal(t->path, "t.xml");
	root = t->root;
	assert_int_equal(root->kind, TMPL_TEMPLATE);
	assert_null(root->parent);
	assert_int_equal(root->pos.line, 2);
	assert_string_equal(root->pos.file, "t.xml");
	assert_string_equal(tmpl_attr(root, "version"), "1");
	assert_null(tmpl_attr(root, "name"));
	/* Formatting white space between elements is not kept. */
	assert_int_equal(nchildren(root), 4);
	assert_int_equal(nth(root, 0)->kind, TMPL_PAGE);
	assert_int_equal(nth(root, 0)->pos.line, 3);
	assert_string_equal(tmpl_attr(nth(root, 0), "margin"), "10mm");
	assert_int_equal(nth(root, 0)->nattrs, 2);
	assert_int_equal(nth(root, 1)->kind, TMPL_PARAM);
	assert_string_equal(tmpl_attr(nth(root, 1), "required"), "yes");

	q = tmpl_find(t, TMPL_QUERY);
	assert_non_null(q);
	assert_ptr_equal(q, nth(root, 2));
	assert_int_equal(q->pos.line, 5);
	assert_string_equal(tmpl_attr(q, "name"), "staff");
	assert_int_equal(q->child->kind, TMPL_TEXT);
	assert_string_equal(q->child->text, "SELECT id FROM employee");
	assert_ptr_equal(q->child->parent, q);

	body = tmpl_find(t, TMPL_BODY);
	assert_non_null(body);
	assert_ptr_equal(body->parent, root);
	assert_ptr_equal(root->last, body);
	assert_null(tmpl_find(t, TMPL_HEADER));
	assert_int_equal(nchildren(body), 2);
	sec = nth(body, 0);
	assert_int_equal(sec->kind, TMPL_SECTION);
	assert_int_equal(sec->pos.line, 7);
	assert_string_equal(tmpl_attr(sec, "as"), "e");
	assert_int_equal(nth(body, 1)->kind, TMPL_PAGE_BREAK);
	assert_int_equal(nth(body, 1)->pos.line, 10);
	assert_ptr_equal(body->last, nth(body, 1));

	para = nth(sec, 0);
	assert_int_equal(para->kind, TMPL_PARA);
	assert_int_equal(para->pos.line, 8);
	assert_int_equal(nchildren(para), 2);
	assert_int_equal(nth(para, 0)->kind, TMPL_TEXT);
	assert_string_equal(nth(para, 0)->text, "工号 ");
	field = nth(para, 1);
	assert_int_equal(field->kind, TMPL_FIELD);
	assert_string_equal(tmpl_attr(field, "value"), "e.id");
	assert_null(tmpl_attr(field, "format"));
	assert_null(field->child);
	assert_ptr_equal(field->parent, para);
	assert_null(field->check);
}

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(tmpl_kind_name(TMPL_TEMPLATE), "template");
	assert_string_equal(tmpl_kind_name(TMPL_PAGE_BREAK), "page-break");
	assert_string_equal(tmpl_kind_name(TMPL_PAGE_NUMBER), "page-number");
	assert_string_equal(tmpl_kind_name(TMPL_RUNNING), "running");
	assert_string_equal(tmpl_kind_name(TMPL_TEXT), "#text");
	assert_string_equal(tmpl_kind_name(TMPL__COUNT), "?");
}

static void
test_parse_whitespace(void **state)
{
	struct fixture *f = *state;
	const struct tmpl_node *body, *p;
	struct tmpl *t;

	t = parse(f, HEAD
	    "  <query name=\"q\">\n    SELECT 1\n  </query>\n"
	    "  <body>\n"
	    "    <para>一二\n"
	    "      三 四<b>粗</b> 五<br/>\t六</para>\n"
	    "    <para>a  b\t\tc</para>\n"
	    "    <para>\n      只有缩进\n    </para>\n"
	    "    <para>x &lt;&amp;&gt; &#x5DE5;<!-- note --><?pi x?>y"
	    "<![CDATA[<z>]]></para>\n"
	    "    <heading level=\"1\">  lead and trail  </heading>\n"
	    "  </body>\n" TAIL);
	if (t == NULL)
		fail_msg("%s", diag_text(f->d));
	/* Query text is kept exactly, newlines and all. */
	assert_string_equal(tmpl_find(t, TMPL_QUERY)->child->text,
	    "\n    SELECT 1\n  ");
	body = tmpl_find(t, TMPL_BODY);

	/* A white-space run with a newline is dropped, not made a space;
	 * single spaces and tabs on one line are kept. */
	p = nth(body, 0);
	assert_int_equal(nchildren(p), 5);
	assert_string_equal(nth(p, 0)->text, "一二三 四");
	assert_int_equal(nth(p, 1)->kind, TMPL_B);
	assert_string_equal(nth(p, 1)->child->text, "粗");
	assert_string_equal(nth(p, 2)->text, " 五");
	assert_int_equal(nth(p, 3)->kind, TMPL_BR);
	assert_string_equal(nth(p, 4)->text, "\t六");

	assert_string_equal(nth(body, 1)->child->text, "a  b\t\tc");
	p = nth(body, 2);
	assert_int_equal(nchildren(p), 1);
	assert_string_equal(p->child->text, "只有缩进");

	/* Entities and character references are resolved; comments and
	 * processing instructions are dropped; CDATA is text. */
	p = nth(body, 3);
	{
		char all[64] = "";
		const struct tmpl_node *c;
		for (c = p->child; c; c = c->next) {
			assert_int_equal(c->kind, TMPL_TEXT);
			strcat(all, c->text);
		}
		assert_string_equal(all, "x <&> 工y<z>");
	}
	assert_string_equal(nth(body, 4)->child->text, "  lead and trail  ");
}

static void
test_not_well_formed(void **state)
{
	struct fixture *f = *state;

	assert_null(parse(f, HEAD
	    "  <body>\n"
	    "    <para>x</body>\n"
	    TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_XML));
	assert_false(diag_has(f->d, DIAG_TMPL_SCHEMA));
	/* name:LINE:COL of the first problem. */
	assert_diag(f, "hrpress: t.xml:4:19: error: template is not "
	    "well-formed XML: ");
	assert_diag(f, "mismatch");
}

static void
test_not_well_formed_more(void **state)
{
	struct fixture *f = *state;
	int errors;

	assert_null(parse(f, ""));
	assert_true(diag_errors(f->d) > 0);
	errors = diag_errors(f->d);

	assert_null(parse(f, HEAD "  <body><para>\xff\xfe</para></body>\n"
	    TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_XML));
	assert_diag(f, "t.xml:3:");
	assert_true(diag_errors(f->d) > errors);
	errors = diag_errors(f->d);

	assert_null(parse(f, HEAD "  <body><para a=\"1\" a=\"2\">x</para>"
	    "</body>\n" TAIL));
	assert_true(diag_errors(f->d) > errors);
	errors = diag_errors(f->d);

	/* An undeclared entity is an error, not silently dropped. */
	assert_null(parse(f, HEAD "  <body><para>&nbsp;</para></body>\n"
	    TAIL));
	assert_diag(f, "t.xml:3:");
	assert_diag(f, "nbsp");
	assert_true(diag_errors(f->d) > errors);
}

/* First line of /etc/passwd, which must never show up anywhere. */
static char *
passwd_line(void)
{
	FILE *fp = fopen("/etc/passwd", "rb");
	char line[256] = "root:x:0:0:";

	if (fp) {
		if (fgets(line, sizeof(line), fp) == NULL)
			strcpy(line, "root:x:0:0:");
		fclose(fp);
	}
	line[strcspn(line, "\n")] = '\0';
	return xstrdup(line);
}

/* xml must be refused as not well-formed, without leaking /etc/passwd. */
static void
check_doctype_refused(struct fixture *f, const char *xml, int from_file)
{
	char *secret = passwd_line();
	char *path = xasprintf("%s/t.xml", f->dir);
	struct diag *d = diag_new(NULL);
	struct tmpl *t;

	if (from_file) {
		FILE *fp = fopen(path, "wb");
		assert_non_null(fp);
		fputs(xml, fp);
		fclose(fp);
		t = tmpl_parse_file(path, d);
	} else
		t = tmpl_parse_memory(xml, strlen(xml), "t.xml", d);
	if (t != NULL)
		fail_msg("accepted:\n%s", xml);
	assert_true(diag_has(d, DIAG_TMPL_XML));
	assert_true(strlen(secret) > 4);
	if (strstr(diag_text(d), secret) || strstr(diag_text(d), "root:x"))
		fail_msg("file content leaked: %s", diag_text(d));
	diag_free(d);
	free(path);
	free(secret);
}

static void
test_doctype_refused(void **state)
{
	struct fixture *f = *state;
	static const char *const tail =
	    "<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
	    "  <body><para>&xxe;</para></body>\n" TAIL;
	static const char *const heads[] = {
		/* classic external entity */
		"<!DOCTYPE template [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n",
		"<!DOCTYPE template [<!ENTITY xxe SYSTEM \"/etc/passwd\">]>\n",
		/* external parameter entity expanded inside the subset */
		"<!DOCTYPE template [<!ENTITY % p SYSTEM \"file:///etc/passwd\">"
		" %p; <!ENTITY xxe \"x\">]>\n",
		/* external DTD */
		"<!DOCTYPE template SYSTEM \"/etc/passwd\">\n",
		/* harmless internal entity: still no DOCTYPE allowed */
		"<!DOCTYPE template [<!ENTITY xxe \"hello\">]>\n",
		/* entity expansion bomb */
		"<!DOCTYPE template [<!ENTITY a \"aaaaaaaaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
		"<!ENTITY xxe \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		"]>\n",
	};
	size_t i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		char *xml = xasprintf("<?xml version=\"1.0\"?>\n%s%s", heads[i],
		    tail);
		check_doctype_refused(f, xml, 0);
		check_doctype_refused(f, xml, 1);
		free(xml);
	}
}

static void
test_doctype_message(void **state)
{
	struct fixture *f = *state;

	assert_null(parse(f, "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE template>\n"
	    "<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
	    "  <body/>\n" TAIL));
	assert_diag(f, "DOCTYPE is not allowed");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_xinclude_not_processed(void **state)
{
	struct fixture *f = *state;
	char *secret = passwd_line();

	assert_null(parse(f, HEAD
	    "  <body><para><xi:include xmlns:xi=\"http://www.w3.org/2001/"
	    "XInclude\" href=\"/etc/passwd\" parse=\"text\"/></para></body>\n"
	    TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_SCHEMA));
	assert_null(strstr(diag_text(f->d), secret));
	free(secret);
}

static void
test_namespace(void **state)
{
	struct fixture *f = *state;

	assert_null(parse(f, "<?xml version=\"1.0\"?>\n"
	    "<template version=\"1\"><body/></template>\n"));
	assert_true(diag_has(f->d, DIAG_TMPL_NAMESPACE));
	assert_diag(f, "t.xml:2: error: not an hrpress template");
	assert_int_equal(diag_errors(f->d), 1);

	assert_null(parse(f, "<?xml version=\"1.0\"?>\n\n"
	    "<template xmlns=\"urn:hrpress:template:2\" version=\"1\">"
	    "<body/></template>\n"));
	assert_diag(f, "t.xml:3: error: not an hrpress template");
	assert_int_equal(diag_errors(f->d), 2);

	/* Right namespace, wrong root element. */
	assert_null(parse(f, "<?xml version=\"1.0\"?>\n"
	    "<body xmlns=\"urn:hrpress:template:1\"/>\n"));
	assert_int_equal(diag_errors(f->d), 3);
	assert_false(diag_has(f->d, DIAG_TMPL_SCHEMA));
}

/*
 * A wrong or missing version is the namespace diagnostic ("wrong namespace
 * or version"), not a generic schema failure.
 */
static void
test_version(void **state)
{
	struct fixture *f = *state;

	assert_null(parse(f, "<?xml version=\"1.0\"?>\n"
	    "<template xmlns=\"urn:hrpress:template:1\" version=\"2\">\n"
	    "  <body/>\n" TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_NAMESPACE));
	assert_diag(f, "t.xml:2: error: not an hrpress template");

	assert_null(parse(f, "<?xml version=\"1.0\"?>\n"
	    "<template xmlns=\"urn:hrpress:template:1\">\n"
	    "  <body/>\n" TAIL));
	assert_int_equal(diag_errors(f->d), 2);
	assert_false(diag_has(f->d, DIAG_TMPL_SCHEMA));
}

static void
test_schema_errors(void **state)
{
	struct fixture *f = *state;

	/* Unknown element. */
	assert_null(parse(f, HEAD
	    "  <body>\n"
	    "    <para>x</para>\n"
	    "    <blink>y</blink>\n"
	    "  </body>\n" TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_SCHEMA));
	assert_false(diag_has(f->d, DIAG_TMPL_XML));
	assert_diag(f, "hrpress: t.xml:5: error: template does not match the "
	    "schema: ");
	assert_diag(f, "blink");
}

static void
test_schema_missing_attr(void **state)
{
	struct fixture *f = *state;

	/* <table> without widths. */
	assert_null(parse(f, HEAD
	    "  <body>\n"
	    "    <para>x</para>\n"
	    "\n"
	    "    <table>\n"
	    "      <row><cell>a</cell></row>\n"
	    "    </table>\n"
	    "  </body>\n" TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_SCHEMA));
	assert_diag(f, "t.xml:6: error: template does not match the schema");
	assert_diag(f, "table");
}

static void
test_schema_missing_field_value(void **state)
{
	struct fixture *f = *state;

	/* <field> without value, and a body missing entirely elsewhere. */
	assert_null(parse(f, HEAD
	    "  <body>\n"
	    "    <para>a <field format=\"money\"/></para>\n"
	    "  </body>\n" TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_SCHEMA));
	assert_diag(f, "t.xml:4: error: template does not match the schema");

	assert_null(parse(f, HEAD "  <page size=\"A4\"/>\n" TAIL));
	assert_true(diag_errors(f->d) >= 2);
}

static void
test_schema_unknown_format(void **state)
{
	struct fixture *f = *state;

	/* Field formats are a closed list in the schema, so the schema
	 * reports them before tmpl_check could. */
	assert_null(parse(f, HEAD
	    "  <body>\n"
	    "    <para><field value=\"x\" format=\"dollars\"/></para>\n"
	    "  </body>\n" TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_SCHEMA));
	assert_false(diag_has(f->d, DIAG_TMPL_UNKNOWN_FORMAT));
	assert_diag(f, "t.xml:4: error: template does not match the schema");
	assert_diag(f, "format");
}

static void
test_schema_bad_values(void **state)
{
	struct fixture *f = *state;

	assert_null(parse(f, HEAD
	    "  <page size=\"A3\"/>\n"
	    "  <body><para color=\"red\">x</para></body>\n" TAIL));
	assert_true(diag_has(f->d, DIAG_TMPL_SCHEMA));
	assert_diag(f, "t.xml:3:");
}

static void
test_parse_file(void **state)
{
	struct fixture *f = *state;
	char *path = xasprintf("%s/t.xml", f->dir);
	char *missing = xasprintf("%s/nope.xml", f->dir);
	FILE *fp = fopen(path, "wb");
	struct tmpl *t;

	assert_non_null(fp);
	fputs(HEAD "  <body>\n    <para>文件</para>\n  </body>\n" TAIL, fp);
	fclose(fp);
	t = tmpl_parse_file(path, f->d);
	assert_non_null(t);
	assert_string_equal(t->path, path);
	assert_string_equal(tmpl_find(t, TMPL_BODY)->child->child->text, "文件");
	assert_string_equal(tmpl_find(t, TMPL_BODY)->child->pos.file, path);
	assert_int_equal(tmpl_find(t, TMPL_BODY)->child->pos.line, 4);
	tmpl_free(t);

	assert_null(tmpl_parse_file(missing, f->d));
	assert_true(diag_has(f->d, DIAG_IO_OPEN));
	assert_diag(f, missing);
	assert_int_equal(diag_errors(f->d), 1);
	tmpl_free(NULL);
	free(path);
	free(missing);
}

/* Path of a shipped template, found from the source tree or build/tests. */
static char *
template_path(const char *name)
{
	static const char *const dirs[] = {
		"templates", "../templates", "../../templates",
	};
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *p = xasprintf("%s/%s", dirs[i], name);
		struct stat sb;
		if (stat(p, &sb) == 0)
			return p;
		free(p);
	}
	fail_msg("cannot find templates/%s (run from the source tree)", name);
	return NULL;
}

static void
test_real_templates(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {
		"payslip.xml", "scorecard.xml", "handbook.xml",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = template_path(names[i]);
		struct tmpl *t = tmpl_parse_file(path, f->d);

		if (t == NULL)
			fail_msg("%s: %s", path, diag_text(f->d));
		assert_non_null(tmpl_find(t, TMPL_BODY));
		assert_non_null(tmpl_find(t, TMPL_QUERY));
		assert_non_null(tmpl_find(t, TMPL_META));
		if (tmpl_check(t, f->db, f->d) != 0)
			fail_msg("%s: %s", path, diag_text(f->d));
		assert_int_equal(diag_errors(f->d), 0);
		/* The check recorded the meta query's bindings. */
		assert_non_null(tmpl_find(t, TMPL_META)->check);
		tmpl_free(t);
		free(path);
	}
}

/* ---- checking against the database ---- */

/* A valid template to start from: store rows in a section. */
#define STORE_QUERY \
	"  <query name=\"stores\">SELECT id, name FROM store</query>\n"

static void
test_check_ok(void **state)
{
	struct fixture *f = *state;
	const struct tmpl_node *sec;
	const struct tmpl_info *in;

	assert_int_equal(check(f, HEAD
	    "  <param name=\"month\" type=\"month\"/>\n"
	    STORE_QUERY
	    "  <query name=\"deps\">SELECT name AS dname FROM department\n"
	    "    WHERE store_id = :sid AND :month IS NOT NULL</query>\n"
	    "  <body>\n"
	    "    <section query=\"stores\" as=\"s\" record=\"store {s.id}\">\n"
	    "      <if test=\"s.id != 'x' and month = null\">\n"
	    "        <para><field value=\"s.name\"/></para>\n"
	    "      </if>\n"
	    "      <list query=\"deps\" with=\"sid = s.id\">\n"
	    "        <item><field value=\"deps.dname\"/> "
	    "<field value=\"s.id\"/></item>\n"
	    "      </list>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL), 0);
	assert_int_equal(diag_errors(f->d), 0);
	sec = tmpl_find(f->t, TMPL_BODY)->child;
	in = sec->check;
	assert_non_null(in);
	assert_string_equal(in->alias, "s");
	assert_string_equal(in->sql, "SELECT id, name FROM store");
	assert_non_null(in->record);
	/* The list's alias defaults to the query name; its with= is kept. */
	in = nth(sec, 1)->check;
	assert_string_equal(in->alias, "deps");
	assert_int_equal(in->nwith, 1);
	assert_string_equal(in->with[0].name, "sid");
}

static void
test_check_unknown_query(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <body>\n"
	    "    <section query=\"shops\">\n"
	    "      <para>x</para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_UNKNOWN_QUERY));
	assert_diag(f, "t.xml:5: error: unknown query: shops");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_check_duplicate_query(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <query name=\"other\">SELECT 1 AS one</query>\n"
	    "  <query name=\"stores\">SELECT id FROM store</query>\n"
	    "  <body/>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_DUP_QUERY));
	assert_diag(f, "t.xml:5: error: duplicate query name: stores "
	    "(first defined at line 3)");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_check_sql_error_line(void **state)
{
	struct fixture *f = *state;

	/* The SQL starts on the <query> line (3); the bad token is on the
	 * second SQL line, so the error is on line 4, at its column. */
	assert_int_equal(check(f, HEAD
	    "  <query name=\"q\">SELECT id,\n"
	    "      FROM store</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_SQL));
	assert_diag(f, "hrpress: t.xml:4:7: error: error in template SQL: "
	    "near \"FROM\": syntax error");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_check_sql_error_column(void **state)
{
	struct fixture *f = *state;

	/* On the first line the column counts from the start tag's end:
	 * "  <query name="q">" is 18 characters. */
	assert_int_equal(check(f, HEAD
	    "  <query name=\"q\">SELECT nosuch FROM store</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	assert_diag(f, "hrpress: t.xml:3:26: error: error in template SQL: "
	    "no such column: nosuch");

	/* SQL starting on the line after <query>. */
	assert_int_equal(check(f, HEAD
	    "  <query name=\"q\">\n"
	    "    SELECT id,\n"
	    "    FROM store\n"
	    "  </query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	assert_diag(f, "hrpress: t.xml:5:5: error: error in template SQL: "
	    "near \"FROM\": syntax error");

	/* SQLite gives no offset for a missing table: the SQL's start. */
	assert_int_equal(check(f, HEAD
	    "  <query name=\"q\">SELECT id FROM stor</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	assert_diag(f, "hrpress: t.xml:3:19: error: error in template SQL: "
	    "no such table: stor");
	assert_int_equal(diag_errors(f->d), 3);
}

/*
 * libxml2 gives an element the line where its start tag ends; the SQL text
 * must still get the exact position of its first character when the start
 * tag spreads over two lines, or a second <query> stands on the same line.
 */
static void
test_check_sql_error_position_odd_layout(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD
	    "  <query\n"
	    "      name=\"q\">SELECT nosuch FROM store</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	/* "      name="q">" is 15 characters. */
	assert_diag(f, "hrpress: t.xml:4:23: error: error in template SQL: "
	    "no such column: nosuch");
}

/* See above. */
static void
test_check_sql_error_position_same_line(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD
	    "  <query name=\"a\">SELECT 1 AS x</query>"
	    "<query name=\"b\">SELECT nosuch</query>\n"
	    "  <body>\n"
	    "    <section query=\"b\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	/* The second query's SQL starts at column 56. */
	assert_diag(f, "hrpress: t.xml:3:63: error: error in template SQL: "
	    "no such column: nosuch");
}

/*
 * An element's line is where its start tag starts, as tmpl.h documents,
 * not where it ends (libxml2's line); the real templates spread <section>
 * and <meta> tags over two lines.
 */
static void
test_element_line_is_tag_start(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <body>\n"
	    "    <section query=\"shops\"\n"
	    "        as=\"s\">\n"
	    "      <para>x</para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL), -1);
	assert_diag(f, "t.xml:5: error: unknown query: shops");
}

static void
test_check_unbound_param(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD
	    "  <query name=\"q\">SELECT id FROM store\n"
	    "    WHERE id = :who</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_UNBOUND_PARAM));
	assert_diag(f, "t.xml:4:16: error: query parameter has no value: :who");
	assert_int_equal(diag_errors(f->d), 1);

	/* Declared as a parameter, it is bound. */
	reset_diag(f);
	assert_int_equal(check(f, HEAD
	    "  <param name=\"who\"/>\n"
	    "  <query name=\"q\">SELECT id FROM store\n"
	    "    WHERE id = :who</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), 0);
	assert_int_equal(diag_errors(f->d), 0);
}

static void
test_check_with_binding(void **state)
{
	struct fixture *f = *state;
	static const char *const tmpl_fmt = HEAD STORE_QUERY
	    "  <query name=\"deps\">SELECT name FROM department "
	    "WHERE store_id = :sid</query>\n"
	    "  <body>\n"
	    "    <section query=\"stores\" as=\"s\">\n"
	    "      <section query=\"deps\" %s><para>x</para></section>\n"
	    "    </section>\n"
	    "    <section query=\"deps\" with=\"sid=s.id\"><para>x</para>"
	    "</section>\n"
	    "  </body>\n" TAIL;
	char *xml;

	/* Bound by with= inside the section; the second use is outside the
	 * scope of alias s. */
	xml = xasprintf(tmpl_fmt, "with=\"sid = s.id\"");
	assert_int_equal(check(f, xml), -1);
	free(xml);
	assert_false(diag_has(f->d, DIAG_TMPL_UNBOUND_PARAM));
	assert_true(diag_has(f->d, DIAG_TMPL_UNKNOWN_FIELD));
	assert_diag(f, "t.xml:9: error: unknown field: s.id: no query with "
	    "alias s encloses this element");
	assert_int_equal(diag_errors(f->d), 1);

	/* Without with=, :sid is unbound at the inner use; it is reported
	 * at the parameter in the SQL. */
	reset_diag(f);
	xml = xasprintf(tmpl_fmt, "");
	assert_int_equal(check(f, xml), -1);
	free(xml);
	assert_true(diag_has(f->d, DIAG_TMPL_UNBOUND_PARAM));
	assert_diag(f, "t.xml:4:67: error: query parameter has no value: :sid");
	assert_int_equal(diag_errors(f->d), 2);

	/* A with= without "=" is a bad value. */
	xml = xasprintf(tmpl_fmt, "with=\"sid\"");
	assert_int_equal(check(f, xml), -1);
	free(xml);
	assert_true(diag_has(f->d, DIAG_TMPL_BAD_VALUE));
	assert_diag(f, "t.xml:7: error: invalid attribute value: with: "
	    "expected name=expression in \"sid\"");
}

static void
test_check_unknown_field(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <body>\n"
	    "    <section query=\"stores\" as=\"s\">\n"
	    "      <para>x</para>\n"
	    "      <para><field value=\"s.nmae\"/></para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_UNKNOWN_FIELD));
	/* The message names the query and lists its columns. */
	assert_diag(f, "t.xml:7: error: unknown field: s.nmae (query stores "
	    "has: id, name)");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_check_alias_not_in_scope(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <body>\n"
	    "    <section query=\"stores\" as=\"s\">\n"
	    "      <para><field value=\"s.name\"/></para>\n"
	    "    </section>\n"
	    "    <para><field value=\"s.name\"/></para>\n"
	    "    <if test=\"stores.id = 'x'\"><para>y</para></if>\n"
	    "  </body>\n" TAIL), -1);
	assert_diag(f, "t.xml:8: error: unknown field: s.name: no query with "
	    "alias s encloses this element");
	/* The alias is s, not the query name. */
	assert_diag(f, "t.xml:9: error: unknown field: stores.id: no query");
	assert_int_equal(diag_errors(f->d), 2);
}

static void
test_check_param_refs(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, HEAD
	    "  <param name=\"month\" type=\"month\"/>\n"
	    "  <body>\n"
	    "    <if test=\"month != null\"><para><field value=\"month\" "
	    "format=\"month\"/></para></if>\n"
	    "    <if test=\"grade > 1\"><para>y</para></if>\n"
	    "    <if test=\"1.5 > 1\"><para>y</para></if>\n"
	    "  </body>\n" TAIL), -1);
	assert_diag(f, "t.xml:6: error: unknown field: grade is not a "
	    "template parameter");
	assert_true(diag_has(f->d, DIAG_TMPL_EXPR));
	assert_diag(f, "t.xml:7: error: invalid expression: ");
	assert_int_equal(diag_errors(f->d), 2);
}

static void
test_check_interp_format(void **state)
{
	struct fixture *f = *state;

	/* Formats inside {...} are not covered by the schema. */
	assert_int_equal(check(f, HEAD
	    "  <meta title=\"{month|dollars}\" author=\"{month|month}\"/>\n"
	    "  <param name=\"month\"/>\n"
	    "  <body><para>x</para></body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_UNKNOWN_FORMAT));
	assert_diag(f, "t.xml:3: error: unknown format: dollars");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_check_row_cells(void **state)
{
	struct fixture *f = *state;
	const struct tmpl_node *table;
	const struct tmpl_info *in;

	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <body>\n"
	    "    <table widths=\"1 2 1\">\n"
	    "      <row><cell>a</cell><cell colspan=\"2\">b</cell></row>\n"
	    "      <row><cell>a</cell><cell>b</cell></row>\n"
	    "      <rows query=\"stores\" as=\"s\">\n"
	    "        <row><cell><field value=\"s.id\"/></cell><cell/><cell/>"
	    "</row>\n"
	    "        <row><cell colspan=\"3\">ok</cell><cell/></row>\n"
	    "      </rows>\n"
	    "    </table>\n"
	    "  </body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_BAD_VALUE));
	assert_diag(f, "t.xml:7: error: invalid attribute value: row has 2 "
	    "columns, table widths give 3");
	assert_diag(f, "t.xml:10: error: invalid attribute value: row has 4 "
	    "columns, table widths give 3");
	assert_int_equal(diag_errors(f->d), 2);
	/* Widths are shares of the table. */
	table = tmpl_find(f->t, TMPL_BODY)->child;
	in = table->check;
	assert_int_equal(in->ncols, 3);
	assert_true(in->widths[0] > 0.249 && in->widths[0] < 0.251);
	assert_true(in->widths[1] > 0.499 && in->widths[1] < 0.501);
}

static void
test_check_write_denied(void **state)
{
	struct fixture *f = *state;
	struct db *rw;

	assert_int_equal(check(f, HEAD
	    "  <query name=\"w\">DELETE FROM store</query>\n"
	    "  <body>\n"
	    "    <section query=\"w\"><para>x</para></section>\n"
	    "  </body>\n" TAIL), -1);
	assert_true(diag_has(f->d, DIAG_DB_DENIED));
	assert_diag(f, "t.xml:3:");
	assert_int_equal(diag_errors(f->d), 1);

	/* On a read-write connection as well. */
	rw = db_open(f->dbpath, DB_READWRITE, f->d);
	assert_non_null(rw);
	assert_int_equal(tmpl_check(f->t, rw, f->d), -1);
	assert_int_equal(diag_errors(f->d), 2);
	assert_false(diag_has(f->d, DIAG_DB_SQL));
	db_close(rw);
}

static void
test_check_many_errors(void **state)
{
	struct fixture *f = *state;

	/* Checking goes on after an error: every problem is reported. */
	assert_int_equal(check(f, HEAD STORE_QUERY
	    "  <query name=\"bad\">SELEC 1</query>\n"
	    "  <body>\n"
	    "    <section query=\"nosuch\"><para>x</para></section>\n"
	    "    <section query=\"bad\"><para>x</para></section>\n"
	    "    <section query=\"stores\" as=\"s\">\n"
	    "      <para><field value=\"s.x\"/><field value=\"s.y\"/></para>\n"
	    "    </section>\n"
	    "    <para><field value=\"z\"/></para>\n"
	    "  </body>\n" TAIL), -1);
	assert_int_equal(diag_errors(f->d), 5);
	assert_diag(f, "t.xml:6: error: unknown query: nosuch");
	/* An SQL error is reported in the query, where it can be fixed. */
	assert_diag(f, "t.xml:4:21: error: error in template SQL");
	assert_diag(f, "t.xml:9: error: unknown field: s.x");
	assert_diag(f, "t.xml:9: error: unknown field: s.y");
	assert_diag(f, "t.xml:11: error: unknown field: z is not");
}

static void
test_lengths_and_sizes(void **state)
{
	(void)state;
	assert_true(tmpl_length("72pt") == 72);
	assert_true(tmpl_length("10") == 10);
	assert_true(tmpl_length("25.4mm") > 71.999 && tmpl_length("25.4mm")
	    < 72.001);
	assert_true(tmpl_length("2.54cm") > 71.999 && tmpl_length("2.54cm")
	    < 72.001);
	assert_true(tmpl_length("1.5") == 1.5);
	assert_true(tmpl_length("mm") < 0);
	assert_true(tmpl_length("10in") < 0);
	assert_true(tmpl_length("") < 0);
	assert_true(tmpl_size("小四") == 12);
	assert_true(tmpl_size("五号") == 10.5);
	assert_true(tmpl_size("初号") == 42);
	assert_true(tmpl_size("10.5") == 10.5);
	assert_true(tmpl_size("0") < 0);
	assert_true(tmpl_size("201") < 0);
	assert_true(tmpl_size("12pt") < 0);
	assert_true(tmpl_size("九号") < 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_parse_tree),
		cmocka_unit_test(test_kind_names),
		T(test_parse_whitespace),
		T(test_not_well_formed),
		T(test_not_well_formed_more),
		T(test_doctype_refused),
		T(test_doctype_message),
		T(test_xinclude_not_processed),
		T(test_namespace),
		T(test_version),
		T(test_schema_errors),
		T(test_schema_missing_attr),
		T(test_schema_missing_field_value),
		T(test_schema_unknown_format),
		T(test_schema_bad_values),
		T(test_parse_file),
		T(test_real_templates),
		T(test_check_ok),
		T(test_check_unknown_query),
		T(test_check_duplicate_query),
		T(test_check_sql_error_line),
		T(test_check_sql_error_column),
		T(test_check_sql_error_position_odd_layout),
		T(test_check_sql_error_position_same_line),
		T(test_element_line_is_tag_start),
		T(test_check_unbound_param),
		T(test_check_with_binding),
		T(test_check_unknown_field),
		T(test_check_alias_not_in_scope),
		T(test_check_param_refs),
		T(test_check_interp_format),
		T(test_check_row_cells),
		T(test_check_write_denied),
		T(test_check_many_errors),
		cmocka_unit_test(test_lengths_and_sizes),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
