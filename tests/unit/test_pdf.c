/* SPDX-License-Identifier: MIT */
/*
 * PDF backend tests: a two-page document built by hand is written and read
 * back with poppler (text, fonts), qpdf (structure), mutool (outline) and the
 * ink checker; failures must leave no file and no temporary behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "font.h"
#include "page.h"
#include "pdf.h"
#include "pdf_int.h"
#include "xmem.h"

#include <hpdf_utils.h>

#define INKCHECK "tests/tools/inkcheck.py"

struct fixture {
	char dir[64];		/* a fresh directory per test */
	struct fontset *fs;
};

/* Run cmd; stdout and stderr are returned separately. */
static int
run(const char *cmd, char **out, char **err)
{
	char errpath[] = "/tmp/hrp_test_pdf_err.XXXXXX";
	int efd = mkstemp(errpath);
	char *full, chunk[4096];
	struct buf b;
	FILE *p;
	size_t n;
	int st;

	assert_true(efd >= 0);
	close(efd);
	full = xasprintf("%s 2>%s", cmd, errpath);
	p = popen(full, "r");
	assert_non_null(p);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&b, chunk, n);
	st = pclose(p);
	*out = buf_take(&b);
	if (*out == NULL)
		*out = xstrdup("");
	p = fopen(errpath, "r");
	assert_non_null(p);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&b, chunk, n);
	fclose(p);
	*err = buf_take(&b);
	if (*err == NULL)
		*err = xstrdup("");
	unlink(errpath);
	free(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct diag *d = diag_new(NULL);

	fx->fs = fontset_open_default(d);
	assert_non_null(fx->fs);
	diag_free(d);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fontset_free(fx->fs);
	free(fx);
	return 0;
}

static int
setup_dir(void **state)
{
	struct fixture *fx = *state;

	strcpy(fx->dir, "/tmp/hrp_test_pdf.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	return 0;
}

static int
teardown_dir(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Number of directory entries other than . and .. */
static int
count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

/*
 * Append text runs for s at (x, y), switching face where the first face
 * lacks a character, as layout does; returns the x after the text.
 */
/* Decode one character of a valid UTF-8 string; returns its length. */
static int
decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int k = *u < 0x80 ? 1 : *u < 0xE0 ? 2 : *u < 0xF0 ? 3 : 4;

	*cp = k == 1 ? *u : (uint32_t)(*u & (0x7F >> k));
	for (int i = 1; i < k; i++)
		*cp = (*cp << 6) | (u[i] & 0x3F);
	return k;
}

/*
 * Append text runs for s at (x, y), switching face where the first face
 * lacks a character, as layout does; returns the x after the text.
 */
static double
add_text(struct page_doc *pd, size_t pg, const struct fontset *fs,
    double x, double y, double size, int bold, const char *s)
{
	const char *p = s;

	while (*p) {
		const char *start = p;
		double x0 = x;
		struct page_item *it;
		int font = -1;

		while (*p) {
			uint32_t cp;
			int k = decode(p, &cp);
			int f = fontset_pick(fs, cp);

			assert_true(f >= 0);
			if (font >= 0 && f != font)
				break;
			font = f;
			x += fontset_advance(fs, f, cp, size);
			p += k;
		}
		it = page_add_item(pd, pg, PAGE_TEXT);
		it->u.text.x_pt = x0;
		it->u.text.y_pt = y;
		it->u.text.font = font;
		it->u.text.size_pt = size;
		it->u.text.bold = bold;
		it->u.text.rgb = 0x202020;
		it->u.text.utf8 = arena_strndup(pd->arena, start,
		    (size_t)(p - start));
		it->u.text.len = (size_t)(p - start);
	}
	return x;
}

static struct page_doc *
sample_doc(const struct fontset *fs)
{
	struct page_doc *pd = page_doc_new();
	struct page_item *it;
	struct page_outline *o;

	page_add(pd, 595, 842);
	page_add(pd, 595, 842);
	add_text(pd, 0, fs, 72, 90, 20, 1, "资编额标实手册");
	add_text(pd, 0, fs, 72, 130, 12, 0, "姓名：𠮷田喆堃 工号 A-123");
	add_text(pd, 0, fs, 72, 150, 12, 0, "昇玥 实发 8,500.00 元");
	add_text(pd, 0, fs, 72, 170, 12, 0, "见第二页");

	it = page_add_item(pd, 0, PAGE_LINE);
	it->u.line = (struct page_line){ 72, 100, 523, 100, 1, 0x000000, 0 };
	it = page_add_item(pd, 0, PAGE_LINE);
	it->u.line = (struct page_line){ 72, 158, 523, 158, 0.5, 0x808080, 1 };
	it = page_add_item(pd, 0, PAGE_RECT);
	it->u.rect = (struct page_rect){ 70, 200, 200, 40, 0xE0E8F0, 0x3050A0,
	    1, 1 };
	add_text(pd, 0, fs, 80, 225, 12, 0, "实发合计：8,500.00");
	it = page_add_item(pd, 0, PAGE_LINK);
	it->u.link = (struct page_link){ 72, 158, 48, 14, 1, 72 };

	add_text(pd, 1, fs, 72, 90, 16, 1, "第二页：薪酬");
	add_text(pd, 1, fs, 72, 120, 12, 0, "额定标准 𠮷");

	o = page_add_outline(pd);
	*o = (struct page_outline){ "一、总则", 0, 0, 72 };
	o = page_add_outline(pd);
	*o = (struct page_outline){ "1.1 𠮷田的职责", 1, 0, 120 };
	o = page_add_outline(pd);
	*o = (struct page_outline){ "二、薪酬", 0, 1, 72 };

	pd->meta.title = "员工手册";
	pd->meta.author = "人力资源部";
	pd->meta.subject = "岗位说明";
	pd->meta.keywords = "手册, 薪酬";
	pd->meta.creator = "hrpress 测试";
	return pd;
}

static void
test_write_and_read_back(void **state)
{
	struct fixture *fx = *state;
	struct page_doc *pd = sample_doc(fx->fs);
	struct diag *d = diag_new(NULL);
	char *path = xasprintf("%s/out.pdf", fx->dir);
	char *cmd, *out, *err;
	char *line, *save;
	int fonts = 0;
	struct stat st;

	assert_int_equal(pdf_write(pd, fx->fs, path, NULL, d), 0);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 2000 && st.st_size < 60000);
	assert_int_equal(count_entries(fx->dir), 1);

	cmd = xasprintf("pdftotext '%s' -", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_string_equal(err, "");
	assert_string_equal(out,
	    "资编额标实手册\n"
	    "姓名：𠮷田喆堃 工号 A-123\n"
	    "昇玥 实发 8,500.00 元\n"
	    "见第二页\n\n"
	    "实发合计：8,500.00\n\n\f"
	    "第二页：薪酬\n"
	    "额定标准 𠮷\n\n\f");
	free(cmd);
	free(out);
	free(err);

	cmd = xasprintf("qpdf --check '%s'", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "No syntax or stream encoding errors"));
	free(cmd);
	free(out);
	free(err);

	/* name type encoding emb sub uni object ID */
	cmd = xasprintf("pdffonts '%s'", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_string_equal(err, "");
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "name", 4) == 0 || line[0] == '-')
			continue;
		assert_non_null(strstr(line, "CID TrueType"));
		assert_non_null(strstr(line, "Identity-H"));
		assert_non_null(strstr(line, "yes yes yes"));
		assert_non_null(strchr(line, '+'));	/* subset tag */
		fonts++;
	}
	/* Droid Sans Fallback, DejaVu Sans (Latin) and HanaMinB (𠮷) */
	assert_int_equal(fonts, 3);
	free(cmd);
	free(out);
	free(err);

	cmd = xasprintf("mutool show '%s' outline", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	/* one tab per level; the first entry is open and has a child */
	assert_non_null(strstr(out, "-\t\"一、总则\"\t#page=1&"));
	assert_non_null(strstr(out, "\n|\t\t\"1.1 𠮷田的职责\"\t#page=1&"));
	assert_non_null(strstr(out, "\n|\t\"二、薪酬\"\t#page=2&"));
	free(cmd);
	free(out);
	free(err);

	cmd = xasprintf("pdfinfo '%s'", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "Title:           员工手册\n"));
	assert_non_null(strstr(out, "Author:          人力资源部\n"));
	assert_non_null(strstr(out, "Subject:         岗位说明\n"));
	assert_non_null(strstr(out, "Keywords:        手册, 薪酬\n"));
	assert_non_null(strstr(out, "Creator:         hrpress 测试\n"));
	assert_non_null(strstr(out, "Producer:        hrpress\n"));
	assert_non_null(strstr(out, "Pages:           2\n"));
	assert_non_null(strstr(out, "CreationDate:"));
	free(cmd);
	free(out);
	free(err);

	/* one borderless link on page 1, to page 2 at 72 pt from the top */
	cmd = xasprintf("/usr/bin/python3 -c 'import pikepdf, sys\n"
	    "p = pikepdf.open(sys.argv[1])\n"
	    "a = p.pages[0].obj.Annots\n"
	    "d = a[0].Dest\n"
	    "t = [i for i, g in enumerate(p.pages) "
	    "if g.obj.objgen == d[0].objgen]\n"
	    "print(len(a), a[0].Subtype, t, d[1], float(d[3]), d[4], "
	    "list(a[0].Border))' '%s'", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_string_equal(out, "1 /Link [1] /XYZ 770.0 None [0, 0, 0]\n");
	free(cmd);
	free(out);
	free(err);

	cmd = xasprintf("/usr/bin/python3 " INKCHECK " '%s'", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strstr(out, ", 0 problems"));
	free(cmd);
	free(out);
	free(err);

	free(path);
	diag_free(d);
	page_doc_free(pd);
}

/* Uncompressed output is larger and still valid. */
static void
test_uncompressed(void **state)
{
	struct fixture *fx = *state;
	struct page_doc *pd = sample_doc(fx->fs);
	struct diag *d = diag_new(NULL);
	struct pdf_options opt = { 0 };
	char *a = xasprintf("%s/a.pdf", fx->dir);
	char *b = xasprintf("%s/b.pdf", fx->dir);
	char *cmd, *out, *err;
	struct stat sa, sb;

	opt.compress = 1;
	assert_int_equal(pdf_write(pd, fx->fs, a, &opt, d), 0);
	opt.compress = 0;
	assert_int_equal(pdf_write(pd, fx->fs, b, &opt, d), 0);
	assert_int_equal(stat(a, &sa), 0);
	assert_int_equal(stat(b, &sb), 0);
	assert_true(sb.st_size > sa.st_size);
	cmd = xasprintf("qpdf --check '%s'", b);
	assert_int_equal(run(cmd, &out, &err), 0);
	free(cmd);
	free(out);
	free(err);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	diag_free(d);
	page_doc_free(pd);
}

static void
test_unwritable(void **state)
{
	struct fixture *fx = *state;
	struct page_doc *pd = sample_doc(fx->fs);
	struct diag *d = diag_new(NULL);
	char *path = xasprintf("%s/no-such-dir/out.pdf", fx->dir);

	assert_int_equal(pdf_write(pd, fx->fs, path, NULL, d), -1);
	assert_true(diag_has(d, DIAG_IO_WRITE));
	assert_non_null(strstr(diag_text(d), path));
	assert_non_null(strstr(diag_text(d), "No such file or directory"));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(count_entries(fx->dir), 0);
	free(path);
	diag_free(d);
	page_doc_free(pd);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[256];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

static void
put_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

/*
 * A write error half-way (the file size limit stands in for a full disk)
 * leaves the old file as it was and removes the temporary.
 */
static void
test_write_error_keeps_old(void **state)
{
	struct fixture *fx = *state;
	struct page_doc *pd = sample_doc(fx->fs);
	struct diag *d = diag_new(NULL);
	char *path = xasprintf("%s/keep.pdf", fx->dir);
	struct rlimit old, lim;
	char *text;
	int rc;

	put_file(path, "old contents\n");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 1000;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = pdf_write(pd, fx->fs, path, NULL, d);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(rc, -1);
	assert_true(diag_has(d, DIAG_IO_WRITE));
	assert_non_null(strstr(diag_text(d), "File too large"));
	text = slurp(path);
	assert_string_equal(text, "old contents\n");
	assert_int_equal(count_entries(fx->dir), 1);
	free(text);
	unlink(path);
	free(path);
	diag_free(d);
	page_doc_free(pd);
}

/* A document the backend refuses also leaves the old file alone. */
static void
test_bad_doc_keeps_old(void **state)
{
	struct fixture *fx = *state;
	struct page_doc *pd = sample_doc(fx->fs);
	struct diag *d = diag_new(NULL);
	char *path = xasprintf("%s/keep.pdf", fx->dir);
	struct page_item *it;
	char *text;

	put_file(path, "old contents\n");
	/* 𠮷 given to the face that does not have it */
	it = page_add_item(pd, 1, PAGE_TEXT);
	it->u.text.font = 0;
	it->u.text.size_pt = 12;
	it->u.text.utf8 = "\xF0\xA0\xAE\xB7";
	it->u.text.len = 4;
	assert_int_equal(pdf_write(pd, fx->fs, path, NULL, d), -1);
	assert_true(diag_errors(d) > 0);
	text = slurp(path);
	assert_string_equal(text, "old contents\n");
	assert_int_equal(count_entries(fx->dir), 1);
	free(text);

	/* and a target that is a directory fails at the rename */
	diag_free(d);
	d = diag_new(NULL);
	unlink(path);
	assert_int_equal(mkdir(path, 0755), 0);
	pd->pages[1].nitems--;
	assert_int_equal(pdf_write(pd, fx->fs, path, NULL, d), -1);
	assert_true(diag_has(d, DIAG_IO_WRITE));
	assert_int_equal(count_entries(fx->dir), 1);
	rmdir(path);
	free(path);
	diag_free(d);
	page_doc_free(pd);
}

/* Text-free documents need no fonts. */
static void
test_no_text(void **state)
{
	struct fixture *fx = *state;
	struct page_doc *pd = page_doc_new();
	struct diag *d = diag_new(NULL);
	char *path = xasprintf("%s/empty.pdf", fx->dir);
	char *cmd, *out, *err;
	struct page_item *it;

	page_add(pd, 200, 100);
	it = page_add_item(pd, 0, PAGE_RECT);
	it->u.rect = (struct page_rect){ 10, 10, 50, 50, 0xFF0000, 0, 1, 0 };
	assert_int_equal(pdf_write(pd, fx->fs, path, NULL, d), 0);
	cmd = xasprintf("pdffonts '%s' | wc -l", path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_int_equal(atoi(out), 2);	/* the two header lines only */
	free(cmd);
	free(out);
	free(err);
	unlink(path);
	free(path);
	diag_free(d);
	page_doc_free(pd);
}

/*
 * pdf_real writes what libharu's HPDF_FToA writes. Every finite float and
 * both infinities were compared once (4.3 billion values, about 2 minutes);
 * here the values a page has (coordinates to 1/100000 pt, colours,
 * widths), the edges of the clamp, of the rounding and of the fraction,
 * and 300,000 random bit patterns.
 */
static void
expect_real(float f)
{
	char want[32] = {0}, got[32];
	size_t n;

	HPDF_FToA(want, f, want + sizeof(want) - 1);
	n = pdf_real(got, (double)f);
	if (strcmp(want, got) != 0 || n != strlen(got))
		fail_msg("%a: HPDF_FToA \"%s\", pdf_real \"%s\"", (double)f,
		         want, got);
}

static void
test_real_format(void **state)
{
	static const float edges[] = {
	    0.0f,      -0.0f,      1.0f,        -1.0f,      0.5f,
	    0.000005f, 0.0000049f, 0.0000051f,  0.99999f,   0.999995f,
	    0.9999951f, 1.999995f, 32767.0f,    -32767.0f,  32767.5f,
	    32768.0f,  1e30f,      -1e30f,      595.27559f, 841.88977f,
	    0.48f,     0.3f,       0.9098f,     0.93333f,   0.95686f,
	    12.34567f, 1e-30f,     -1e-30f,
	};
	uint32_t x = 2463534242u;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		expect_real(edges[i]);
	expect_real(1.0f / 0.0f);
	expect_real(-1.0f / 0.0f);
	for (k = 0; k < 20000000; k += 37) /* 0 to 200 pt, 1/100000 steps */
		expect_real((float)k / 100000.0f);
	for (k = 0; k < 300000; k++) {
		float f;

		x ^= x << 13; /* xorshift32 */
		x ^= x >> 17;
		x ^= x << 5;
		if ((x & 0x7F800000u) == 0x7F800000u)
			continue; /* NaN */
		memcpy(&f, &x, sizeof(f));
		expect_real(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_format),
		cmocka_unit_test_setup_teardown(test_write_and_read_back, setup_dir,
		    teardown_dir),
		cmocka_unit_test_setup_teardown(test_uncompressed, setup_dir,
		    teardown_dir),
		cmocka_unit_test_setup_teardown(test_unwritable, setup_dir,
		    teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_error_keeps_old, setup_dir,
		    teardown_dir),
		cmocka_unit_test_setup_teardown(test_bad_doc_keeps_old, setup_dir,
		    teardown_dir),
		cmocka_unit_test_setup_teardown(test_no_text, setup_dir,
		    teardown_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
