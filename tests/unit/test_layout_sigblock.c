/* SPDX-License-Identifier: MIT */
/*
 * The visible signature block with the fake monospace font: one ruled box
 * low on the right of the first page, its title, signer, time (UTC) and
 * reason as text items inside it, and the refusal of a character no font
 * has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"
#include "font.h"
#include "layout.h"
#include "page.h"

static void
test_sigblock(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = fontset_fake();
	struct page_doc *pd = page_doc_new();
	int title = 0, signer = 0, when = 0, reason = 0, rects = 0;
	double bx = 0, by = 0, bw = 0, bh = 0;
	size_t i;

	(void)state;
	page_add(pd, 595.0, 842.0);
	page_add(pd, 595.0, 842.0);
	assert_int_equal(layout_sigblock(pd, fs, "人事部 Zhang", 1743465600,
	    "工资条签发", d), 0);
	assert_int_equal(pd->pages[1].nitems, 0);
	for (i = 0; i < pd->pages[0].nitems; i++) {
		const struct page_item *it = &pd->pages[0].items[i];

		if (it->kind == PAGE_RECT) {
			rects++;
			bx = it->u.rect.x_pt;
			by = it->u.rect.y_pt;
			bw = it->u.rect.w_pt;
			bh = it->u.rect.h_pt;
			/* inside the page, right of centre, low on the page */
			assert_true(bx > 297.0);
			assert_true(bx + bw < 595.0);
			assert_true(by > 600.0);
			assert_true(by + bh < 842.0);
		}
	}
	assert_int_equal(rects, 1);
	for (i = 0; i < pd->pages[0].nitems; i++) {
		const struct page_item *it = &pd->pages[0].items[i];

		if (it->kind != PAGE_TEXT)
			continue;
		assert_int_equal(strlen(it->u.text.utf8), it->u.text.len);
		/* every line starts inside the box */
		assert_true(it->u.text.x_pt > bx && it->u.text.x_pt < bx + bw);
		assert_true(it->u.text.y_pt > by && it->u.text.y_pt < by + bh);
		if (strstr(it->u.text.utf8, "电子签名"))
			title = 1;
		if (strstr(it->u.text.utf8, "人事部 Zhang"))
			signer = 1;
		if (strstr(it->u.text.utf8, "2025-04-01 00:00:00 UTC"))
			when = 1;
		if (strstr(it->u.text.utf8, "工资条签发"))
			reason = 1;
	}
	assert_true(title && signer && when && reason);
	assert_int_equal(diag_errors(d), 0);
	/* a character no font has (private use) is refused */
	assert_int_equal(layout_sigblock(pd, fs, "\xEE\x80\x80", 0, "x", d),
	    -1);
	assert_true(diag_has(d, DIAG_LAYOUT_GLYPH));
	page_doc_free(pd);
	fontset_free(fs);
	diag_free(d);
}

/* A document without pages gets no block and no error. */
static void
test_sigblock_no_pages(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = fontset_fake();
	struct page_doc *pd = page_doc_new();

	(void)state;
	assert_int_equal(layout_sigblock(pd, fs, "x", 0, "y", d), 0);
	assert_int_equal(pd->npages, 0);
	assert_int_equal(diag_errors(d), 0);
	page_doc_free(pd);
	fontset_free(fs);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigblock),
		cmocka_unit_test(test_sigblock_no_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
