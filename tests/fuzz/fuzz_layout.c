/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: arbitrary bytes (invalid UTF-8 and characters
 * outside the BMP included) as paragraph text, in the body, in a narrow
 * table cell and justified, laid out with the fake font.
 */
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "xmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fontset *fs;
	char *s = xstrndup((const char *)data, size);
	struct diag *d = diag_new(NULL);
	struct doc *doc = doc_new();
	struct doc_node *p, *t, *r, *c;
	struct page_doc *pd;

	if (fs == NULL)
		fs = fontset_fake();
	p = doc_add_text(doc, doc->body, s, NULL);
	p->u.para.justify = size & 1;
	t = doc_add(doc, doc->body, DOC_TABLE);
	t->u.table.ncols = 2;
	t->u.table.cols = arena_alloc(doc->arena, 2 * sizeof(*t->u.table.cols));
	t->u.table.cols[0].width = 0.1;
	t->u.table.cols[1].width = 0.9;
	t->u.table.header_rows = 1;
	r = doc_add(doc, t, DOC_ROW);
	c = doc_add(doc, r, DOC_CELL);
	doc_add_text(doc, c, s, NULL);
	c = doc_add(doc, r, DOC_CELL);
	doc_add_text(doc, c, s, NULL);
	pd = layout_run(doc, fs, d);
	page_doc_free(pd);
	doc_free(doc);
	diag_free(d);
	free(s);
	return 0;
}
