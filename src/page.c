/* SPDX-License-Identifier: MIT */
/*
 * Growing the page, outline and picture lists inside the page_doc's arena,
 * and each page's item list on the heap.
 */
#include "page.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

struct page_doc *
page_doc_new(void)
{
	struct arena *a = arena_new();
	struct page_doc *pd = arena_alloc(a, sizeof(*pd));
	pd->arena = a;
	return pd;
}

void
page_doc_free(struct page_doc *pd)
{
	size_t i;

	if (pd == NULL)
		return;
	for (i = 0; i < pd->npages; i++)
		free(pd->pages[i].items);
	arena_free(pd->arena);
}

/*
 * Arrays grow by doubling inside the arena; the old copy is abandoned.
 * The new part is not zeroed: every element is cleared when it is added.
 */
static void *
grow(struct arena *a, void *old, size_t *cap, size_t n, size_t elsize)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return old;
	if (ncap > SIZE_MAX / elsize)
		abort(); /* cannot happen before memory runs out */
	p = arena_alloc_raw(a, ncap * elsize);
	if (old)
		memcpy(p, old, *cap * elsize);
	*cap = ncap;
	return p;
}

struct page *
page_add(struct page_doc *pd, double width_pt, double height_pt)
{
	struct page *p;

	pd->pages = grow(pd->arena, pd->pages, &pd->pages_cap, pd->npages,
	                 sizeof(*pd->pages));
	p = &pd->pages[pd->npages++];
	memset(p, 0, sizeof(*p));
	p->width_pt = width_pt;
	p->height_pt = height_pt;
	return p;
}

struct page_item *
page_add_item(struct page_doc *pd, size_t pi, enum page_item_kind kind)
{
	struct page *p = &pd->pages[pi];
	struct page_item *it;

	/*
	 * On the heap, not in the arena: a page of a payslip has hundreds of
	 * items, and doubling inside the arena abandoned every smaller copy
	 * (85 KB a page). realloc reuses or frees them.
	 */
	p->items = xgrow(p->items, &p->cap, p->nitems + 1, sizeof(*p->items));
	it = &p->items[p->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

struct page_outline *
page_add_outline(struct page_doc *pd)
{
	struct page_outline *o;

	pd->outlines = grow(pd->arena, pd->outlines, &pd->outlines_cap,
	                    pd->noutlines, sizeof(*pd->outlines));
	o = &pd->outlines[pd->noutlines++];
	memset(o, 0, sizeof(*o));
	return o;
}

size_t
page_add_png(struct page_doc *pd, const unsigned char *data, size_t len,
             int width_px, int height_px)
{
	struct page_png *p;
	size_t i;

	for (i = 0; i < pd->npngs; i++)
		if (pd->pngs[i].key == data)
			return i;
	pd->pngs = grow(pd->arena, pd->pngs, &pd->pngs_cap, pd->npngs,
	                sizeof(*pd->pngs));
	p = &pd->pngs[pd->npngs];
	p->data = arena_memdup(pd->arena, data, len);
	p->len = len;
	p->width_px = width_px;
	p->height_px = height_px;
	p->key = data;
	return pd->npngs++;
}
