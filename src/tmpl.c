/* SPDX-License-Identifier: MIT */
/*
 * Template parsing: XML (libxml2, no network, no DTD, no entity expansion)
 * → RELAX NG validation against the embedded schema → a tree of tmpl_node
 * with source lines. Nothing of libxml2 leaves this file and tmpl_check.c.
 */
#include "tmpl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "xmem.h"

extern const char hrp_template_rng[];

static const char *const kind_names[TMPL__COUNT] = {
    [TMPL_TEMPLATE] = "template",
    [TMPL_PAGE] = "page",
    [TMPL_STYLE] = "style",
    [TMPL_META] = "meta",
    [TMPL_PARAM] = "param",
    [TMPL_QUERY] = "query",
    [TMPL_HEADER] = "header",
    [TMPL_FOOTER] = "footer",
    [TMPL_BODY] = "body",
    [TMPL_SECTION] = "section",
    [TMPL_IF] = "if",
    [TMPL_PARA] = "para",
    [TMPL_HEADING] = "heading",
    [TMPL_LIST] = "list",
    [TMPL_ITEM] = "item",
    [TMPL_TABLE] = "table",
    [TMPL_ROWS] = "rows",
    [TMPL_ROW] = "row",
    [TMPL_CELL] = "cell",
    [TMPL_SPACE] = "space",
    [TMPL_RULE] = "rule",
    [TMPL_PAGE_BREAK] = "page-break",
    [TMPL_SIGNATURES] = "signatures",
    [TMPL_SIGN] = "sign",
    [TMPL_TOC] = "toc",
    [TMPL_FIELD] = "field",
    [TMPL_B] = "b",
    [TMPL_BR] = "br",
    [TMPL_PAGE_NUMBER] = "page-number",
    [TMPL_PAGE_COUNT] = "page-count",
    [TMPL_RUNNING] = "running",
    [TMPL_CHART] = "chart",
    [TMPL_SERIES] = "series",
    [TMPL_ORGCHART] = "orgchart",
    [TMPL_IMAGE] = "image",
    [TMPL_WATERMARK] = "watermark",
    [TMPL_TEXT] = "#text",
};

const char *
tmpl_kind_name(enum tmpl_kind kind)
{
	return kind < TMPL__COUNT ? kind_names[kind] : "?";
}

/* Collects libxml2's structured errors into diagnostics. */
struct xml_errors {
	struct diag *d;
	const char *name;    /* file name for messages */
	enum diag_code code; /* DIAG_TMPL_XML or DIAG_TMPL_SCHEMA */
	int count;
};

static void
on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct xml_errors *xe = ctx;
	struct srcpos p = {xe->name, e->line, 0};
	char *msg;
	size_t n;

	if (e->level == XML_ERR_WARNING)
		return;
	/* libxml2 gives a column for parser errors only. */
	if (e->domain == XML_FROM_PARSER && e->int2 > 0)
		p.col = e->int2;
	msg = xstrdup(e->message ? e->message : "unknown error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	diag_report(xe->d, xe->code, &p, "%s", msg);
	free(msg);
	xe->count++;
}

static enum tmpl_kind
kind_of(const char *name)
{
	int k;

	for (k = 0; k < TMPL_TEXT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (enum tmpl_kind)k;
	return TMPL__COUNT;
}

/* Elements whose character data is content (not formatting whitespace). */
static int
keeps_text(enum tmpl_kind k)
{
	switch (k) {
	case TMPL_PARA:
	case TMPL_HEADING:
	case TMPL_ITEM:
	case TMPL_B:
	case TMPL_CELL:
	case TMPL_QUERY:
		return 1;
	default:
		return 0;
	}
}

/*
 * Drop the indentation of inline text: a run of white space that contains a
 * newline is source formatting, not content (Chinese text has no spaces
 * between words, so turning it into a space would be wrong).
 */
static char *
strip_layout_space(struct arena *a, const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = arena_alloc(a, n + 1);

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			size_t j = i;
			int nl = 0;
			while (j < n && (s[j] == ' ' || s[j] == '\t' ||
			                 s[j] == '\n' || s[j] == '\r'))
				nl |= s[j++] == '\n';
			if (!nl)
				while (i < j)
					out[o++] = s[i++];
			i = j;
		} else
			out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

/*
 * libxml2 gives an element the line where its start tag ends, and no
 * column. While parsing, remember in _private the byte offset (+1) where
 * each start tag ends; convert() then finds the '<' of the tag (it cannot
 * occur inside attribute values) and the start of the element's content.
 */
static void
on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                 const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
                 int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr pc = ctx;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nns, ns, nattrs,
	                      ndefaulted, attrs);
	if (pc->node != NULL && pc->node->_private == NULL)
		pc->node->_private =
		    (void *)(uintptr_t)(xmlByteConsumed(pc) + 1);
}

/* Walks the source forward, counting lines and columns (characters). */
struct cursor {
	const char *src;
	size_t len;
	size_t off;    /* byte offset reached */
	int line, col; /* of src[off] */
};

static void
advance(struct cursor *c, size_t to, struct srcpos *pos)
{
	for (; c->off < to && c->off < c->len; c->off++) {
		if (c->src[c->off] == '\n') {
			c->line++;
			c->col = 1;
		} else if (((unsigned char)c->src[c->off] & 0xC0) != 0x80)
			c->col++;
	}
	pos->line = c->line;
	pos->col = c->col;
}

static struct tmpl_node *
convert(struct tmpl *t, xmlNode *x, struct tmpl_node *parent,
        struct cursor *cur)
{
	size_t tag_end = (size_t)(uintptr_t)x->_private;
	struct tmpl_node *n = arena_alloc(t->arena, sizeof(*n));
	xmlAttr *at;
	xmlNode *c;
	size_t i;

	n->kind = kind_of((const char *)x->name);
	n->parent = parent;
	n->pos.file = t->path;
	n->pos.line = (int)xmlGetLineNo(x);
	if (tag_end-- > 0 && tag_end < cur->len && tag_end >= cur->off) {
		struct srcpos lp;
		size_t lt = tag_end;
		while (lt > cur->off && cur->src[lt] != '<')
			lt--;
		/* The line of the '<'. No column: expressions in attributes
		 * add their offset to it, and attribute columns are unknown. */
		advance(cur, lt, &lp);
		n->pos.line = lp.line;
	}
	for (at = x->properties, i = 0; at; at = at->next)
		i++;
	n->attrs = arena_alloc(t->arena, (i ? i : 1) * sizeof(*n->attrs));
	for (at = x->properties; at; at = at->next) {
		xmlChar *v = xmlNodeListGetString(x->doc, at->children, 1);
		n->attrs[n->nattrs].name =
		    arena_strdup(t->arena, (const char *)at->name);
		n->attrs[n->nattrs].value =
		    arena_strdup(t->arena, v ? (const char *)v : "");
		n->nattrs++;
		xmlFree(v);
	}
	for (c = x->children; c; c = c->next) {
		struct tmpl_node *k = NULL;

		if (c->type == XML_ELEMENT_NODE)
			k = convert(t, c, n, cur);
		else if ((c->type == XML_TEXT_NODE ||
		          c->type == XML_CDATA_SECTION_NODE) &&
		         keeps_text(n->kind)) {
			const char *s = (const char *)c->content;
			k = arena_alloc(t->arena, sizeof(*k));
			k->kind = TMPL_TEXT;
			k->parent = n;
			k->pos.file = t->path;
			k->pos.line = (int)xmlGetLineNo(c);
			k->text = n->kind == TMPL_QUERY
			              ? arena_strdup(t->arena, s)
			              : strip_layout_space(t->arena, s);
			/* SQL error offsets are counted from here. */
			if (n->kind == TMPL_QUERY && c == x->children &&
			    x->_private != NULL && tag_end < cur->len &&
			    cur->src[tag_end] == '>')
				advance(cur, tag_end + 1, &k->pos);
			if (*k->text == '\0')
				k = NULL;
		}
		if (k == NULL)
			continue;
		if (n->last)
			n->last->next = k;
		else
			n->child = k;
		n->last = k;
	}
	return n;
}

static int
validate(xmlDoc *doc, struct xml_errors *xe)
{
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr schema;
	xmlRelaxNGValidCtxtPtr vc;
	int rc;

	pc = xmlRelaxNGNewMemParserCtxt(hrp_template_rng,
	                                (int)strlen(hrp_template_rng));
	schema = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	if (schema == NULL) {
		diag_report(xe->d, DIAG_TMPL_SCHEMA, NULL,
		            "the built-in template schema does not compile");
		return -1;
	}
	vc = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, xe);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(schema);
	if (rc != 0 && xe->count == 0)
		diag_report(xe->d, DIAG_TMPL_SCHEMA, NULL, "%s", xe->name);
	return rc == 0 ? 0 : -1;
}

static struct tmpl *
parse(const char *xml, size_t len, const char *name, struct diag *d)
{
	struct xml_errors xe = {d, name, DIAG_TMPL_XML, 0};
	/* No network, no DTD loading, no entity substitution: a template
	 * cannot make hrpress read another file or reach a server. */
	int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING;
	xmlParserCtxtPtr pc;
	xmlDoc *doc = NULL;
	xmlNode *root;
	xmlChar *version = NULL;
	struct cursor cur = {xml, len, 0, 1, 1};
	struct tmpl *t = NULL;

	xmlSetStructuredErrorFunc(&xe, on_xml_error);
	pc = xmlNewParserCtxt();
	if (pc != NULL) {
		pc->sax->startElementNs = on_start_element;
		doc = xmlCtxtReadMemory(pc, xml, (int)len, name, NULL, opts);
		xmlFreeParserCtxt(pc);
	}
	if (doc == NULL || xe.count) {
		if (doc == NULL && xe.count == 0) {
			struct srcpos p = {name, 0, 0};
			diag_report(d, DIAG_IO_READ, &p, "cannot parse");
		}
		goto out;
	}
	if (doc->intSubset || doc->extSubset) {
		struct srcpos p = {name, 1, 0};
		diag_report(d, DIAG_TMPL_XML, &p, "DOCTYPE is not allowed");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root != NULL)
		version = xmlGetNoNsProp(root, (const xmlChar *)"version");
	if (root == NULL || root->ns == NULL ||
	    strcmp((const char *)root->ns->href, TMPL_NAMESPACE) != 0 ||
	    strcmp((const char *)root->name, "template") != 0 ||
	    version == NULL || strcmp((const char *)version, "1") != 0) {
		struct srcpos p = {name, root ? (int)xmlGetLineNo(root) : 1, 0};
		diag_report(d, DIAG_TMPL_NAMESPACE, &p,
		            "expected <template xmlns=\"%s\" version=\"1\">",
		            TMPL_NAMESPACE);
		goto out;
	}
	xe.code = DIAG_TMPL_SCHEMA;
	if (validate(doc, &xe) != 0)
		goto out;
	t = xcalloc(1, sizeof(*t));
	t->arena = arena_new();
	t->path = arena_strdup(t->arena, name);
	t->root = convert(t, root, NULL, &cur);
out:
	xmlFree(version);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeDoc(doc);
	return t;
}

/* Templates are small; anything larger is not a template. */
#define TMPL_MAX_BYTES (16 * 1024 * 1024)

struct tmpl *
tmpl_parse_file(const char *path, struct diag *d)
{
	struct srcpos p = {path, 0, 0};
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;
	struct tmpl *t;

	if (f == NULL) {
		diag_report(d, DIAG_IO_OPEN, &p, "%s", strerror(errno));
		return NULL;
	}
	buf_init(&b, TMPL_MAX_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n) != 0) {
			diag_report(d, DIAG_IO_READ, &p, "larger than %d MiB",
			            TMPL_MAX_BYTES >> 20);
			fclose(f);
			buf_free(&b);
			return NULL;
		}
	if (ferror(f)) {
		diag_report(d, DIAG_IO_READ, &p, "%s", strerror(errno));
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	t = parse(buf_cstr(&b), b.len, path, d);
	buf_free(&b);
	return t;
}

struct tmpl *
tmpl_parse_memory(const char *xml, size_t len, const char *name, struct diag *d)
{
	return parse(xml, len, name, d);
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
	free(t);
}

const char *
tmpl_attr(const struct tmpl_node *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return n->attrs[i].value;
	return NULL;
}

const struct tmpl_node *
tmpl_find(const struct tmpl *t, enum tmpl_kind kind)
{
	const struct tmpl_node *n;

	for (n = t->root->child; n; n = n->next)
		if (n->kind == kind)
			return n;
	return NULL;
}
