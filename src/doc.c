/* SPDX-License-Identifier: MIT */
/* Building the document tree; every node lives in the document's arena. */
#include "doc.h"

#include <string.h>

#include "xmem.h"

#define MM(x) ((x)*72.0 / 25.4)

struct doc *
doc_new(void)
{
	struct arena *a = arena_new();
	struct doc *doc = arena_alloc(a, sizeof(*doc));

	doc->arena = a;
	doc->page_width_pt = MM(210);
	doc->page_height_pt = MM(297);
	doc->margin_top_pt = doc->margin_bottom_pt = MM(20);
	doc->margin_left_pt = doc->margin_right_pt = MM(20);
	doc->header_gap_pt = MM(6);
	doc->footer_gap_pt = MM(10);
	doc->base.size_pt = 10.5;
	doc->base.bold = 0;
	doc->base.rgb = 0x000000;
	doc->body = doc_add(doc, NULL, DOC_BLOCK);
	return doc;
}

void
doc_free(struct doc *doc)
{
	if (doc != NULL)
		arena_free(doc->arena);
}

struct doc_node *
doc_add(struct doc *doc, struct doc_node *parent, enum doc_kind kind)
{
	struct doc_node *n = arena_alloc(doc->arena, sizeof(*n));

	n->kind = kind;
	switch (kind) {
	case DOC_PARA:
	case DOC_SIGNATURES:
		n->u.para.line_height = 1.5;
		break;
	case DOC_TABLE:
		n->u.table.border_pt = 0.6;
		n->u.table.pad_pt = 3;
		break;
	case DOC_ROW:
		n->u.row.shade_rgb = 0xFFFFFF;
		break;
	case DOC_CELL:
		n->u.cell.colspan = 1;
		break;
	case DOC_RULE:
		n->u.height_pt = 0.6;
		break;
	case DOC_CHART:
		n->u.chart.height_pt = MM(50);
		n->u.chart.style = doc->base;
		n->u.chart.style.size_pt = 8;
		break;
	case DOC_IMAGE:
		n->u.image.opacity = 1;
		break;
	case DOC_ORGCHART:
		n->u.org.style = doc->base;
		n->u.org.style.size_pt = 9;
		n->u.org.head_rgb = 0xDCE6F1;
		break;
	default:
		break;
	}
	if (parent != NULL) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->child = n;
		parent->last = n;
		n->pos = parent->pos;
		n->record = parent->record;
	}
	return n;
}

struct doc_span *
doc_add_span(struct doc *doc, struct doc_node *para, enum doc_span_kind kind,
             const char *text, const struct doc_style *style)
{
	struct doc_span *s = arena_alloc(doc->arena, sizeof(*s));
	struct doc_span **tail = &para->u.para.spans;

	s->kind = kind;
	s->text = arena_strdup(doc->arena, text ? text : "");
	s->style = style ? *style : doc->base;
	while (*tail)
		tail = &(*tail)->next;
	*tail = s;
	return s;
}

const struct doc_png *
doc_add_png(struct doc *doc, const unsigned char *data, size_t len,
            int width_px, int height_px, const char *path)
{
	struct doc_png *p = arena_alloc(doc->arena, sizeof(*p));

	p->data = arena_memdup(doc->arena, data, len);
	p->len = len;
	p->width_px = width_px;
	p->height_px = height_px;
	p->path = arena_strdup(doc->arena, path ? path : "");
	return p;
}

struct doc_node *
doc_add_text(struct doc *doc, struct doc_node *parent, const char *text,
             const struct doc_style *style)
{
	struct doc_node *p = doc_add(doc, parent, DOC_PARA);
	doc_add_span(doc, p, DOC_SPAN_TEXT, text, style);
	return p;
}
