/* SPDX-License-Identifier: MIT */
/*
 * jobs: shard arithmetic, -j and --shard parsing, progress formatting, and
 * forked workers whose records reach the parent exactly once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "jobs.h"

static void
test_shards_cover_once(void **state)
{
	unsigned n, k;
	size_t total, i;

	(void)state;
	for (n = 1; n <= 9; n++) {
		for (total = 0; total <= 40; total++) {
			size_t sum = 0;

			for (i = 0; i < total; i++) {
				int owners = 0;

				for (k = 1; k <= n; k++) {
					struct jobs_shard sh = { k, n };

					owners += jobs_shard_has(&sh, i);
				}
				assert_int_equal(owners, 1);
			}
			for (k = 1; k <= n; k++) {
				struct jobs_shard sh = { k, n };
				size_t c = 0;

				for (i = 0; i < total; i++)
					c += (size_t)jobs_shard_has(&sh, i);
				assert_int_equal(jobs_shard_count(&sh, total), c);
				/* shards differ in size by at most one */
				assert_true(c * n + n > total && c * n <= total + n);
				sum += c;
			}
			assert_int_equal(sum, total);
		}
	}
	/* 1/1 and no shard at all are the whole run */
	{
		struct jobs_shard all = { 1, 1 };

		assert_true(jobs_shard_has(&all, 12345));
		assert_true(jobs_shard_has(NULL, 7));
		assert_int_equal(jobs_shard_count(NULL, 31), 31);
	}
}

static void
test_parse_shard(void **state)
{
	static const char *const bad[] = {
		"", "0/2", "3/2", "2/0", "a/b", "1/", "/2", "1/2x", "-1/2",
		"1//2", "1/2/3", " 1/2", "1/2000000",
	};
	struct diag *d = diag_new(NULL);
	struct jobs_shard sh = { 0, 0 };
	size_t i;

	(void)state;
	assert_int_equal(jobs_parse_shard("1/2", "--shard", &sh, d), 0);
	assert_int_equal(sh.k, 1);
	assert_int_equal(sh.n, 2);
	assert_int_equal(jobs_parse_shard("7/7", "--shard", &sh, d), 0);
	assert_int_equal(sh.k, 7);
	assert_int_equal(sh.n, 7);
	assert_int_equal(jobs_parse_shard("12/200", "--shard", &sh, d), 0);
	assert_int_equal(sh.k, 12);
	assert_int_equal(sh.n, 200);
	assert_int_equal(diag_errors(d), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sh.k = sh.n = 99;
		assert_int_equal(jobs_parse_shard(bad[i], "--shard", &sh, d),
		    -1);
		/* a failed parse leaves the shard alone */
		assert_int_equal(sh.k, 99);
	}
	assert_int_equal(diag_errors(d), (int)(sizeof(bad) / sizeof(bad[0])));
	assert_true(diag_has(d, DIAG_CLI_BAD_VALUE));
	assert_non_null(strstr(diag_text(d), "--shard 3/2"));
	diag_free(d);
}

static void
test_parse_workers(void **state)
{
	static const char *const bad[] = { "", "0", "257", "x", "2x", "-1" };
	struct diag *d = diag_new(NULL);
	int n = 0;
	size_t i;

	(void)state;
	assert_int_equal(jobs_parse_workers("1", &n, d), 0);
	assert_int_equal(n, 1);
	assert_int_equal(jobs_parse_workers("256", &n, d), 0);
	assert_int_equal(n, 256);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(jobs_parse_workers(bad[i], &n, d), -1);
	assert_int_equal(n, 256);
	assert_int_equal(diag_errors(d), (int)(sizeof(bad) / sizeof(bad[0])));
	assert_true(jobs_default_workers() >= 1);
	diag_free(d);
}

static void
test_progress_format(void **state)
{
	char b[200];
	size_t n;

	(void)state;
	n = jobs_progress_format(b, sizeof(b), 5, 20, 1.0, "files", 1);
	assert_string_equal(b,
	    "[#####...............] 5/20 files  5.0/s  ETA 0:03");
	assert_int_equal(n, strlen(b));
	jobs_progress_format(b, sizeof(b), 5, 20, 1.0, "files", 0);
	assert_string_equal(b, "5/20 files (25%), 5.0/s, ETA 0:03");
	/* nothing done yet: no rate, no ETA */
	jobs_progress_format(b, sizeof(b), 0, 30000, 0.5, "files", 0);
	assert_string_equal(b, "0/30000 files (0%)");
	jobs_progress_format(b, sizeof(b), 0, 10, 0, "stores", 1);
	assert_string_equal(b, "[....................] 0/10 stores");
	/* long runs show hours; a finished run has ETA 0 */
	jobs_progress_format(b, sizeof(b), 1, 10000, 2.0, "files", 0);
	assert_string_equal(b, "1/10000 files (0%), 0.5/s, ETA 5:33:18");
	jobs_progress_format(b, sizeof(b), 40, 40, 8.0, "pages", 1);
	assert_string_equal(b,
	    "[####################] 40/40 pages  5.0/s  ETA 0:00");
	/* a small buffer is cut, never overrun */
	n = jobs_progress_format(b, 8, 5, 20, 1.0, "files", 0);
	assert_int_equal(n, 7);
	assert_string_equal(b, "5/20 fi");
}

/* ---- forked workers ---- */

struct ctx {
	size_t fail_at;		/* unit that fails; SIZE_MAX: none */
	int seen[64];		/* records per unit, in the parent */
	int inits;		/* worker_init calls (in workers only) */
};

static int
init(void *c, struct diag *d)
{
	struct ctx *x = c;

	(void)d;
	x->inits++;
	return 0;
}

static int
work(void *c, size_t unit, struct jobs_out *out, struct diag *d)
{
	struct ctx *x = c;
	char rec[32];

	assert_int_equal(x->inits, 1);
	if (unit == x->fail_at) {
		diag_report(d, DIAG_IO_WRITE, NULL, "unit %zu", unit);
		return -1;
	}
	snprintf(rec, sizeof(rec), "unit %zu", unit);
	return jobs_emit(out, rec, strlen(rec));
}

static int
record(void *c, const void *rec, size_t len, struct diag *d)
{
	struct ctx *x = c;
	char s[32];
	unsigned long u;

	(void)d;
	assert_true(len < sizeof(s));
	memcpy(s, rec, len);
	s[len] = '\0';
	assert_int_equal(sscanf(s, "unit %lu", &u), 1);
	assert_true(u < 64);
	x->seen[u]++;
	return 0;
}

static void
run_workers(struct ctx *x, size_t units, int workers, struct diag *d,
    int expect)
{
	struct jobs_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.nunits = units;
	spec.workers = workers;
	spec.unit_name = "units";
	spec.ctx = x;
	spec.worker_init = init;
	spec.work = work;
	spec.record = record;
	assert_int_equal(jobs_run(&spec, d), expect);
}

static void
test_run_every_unit_once(void **state)
{
	struct diag *d = diag_new(NULL);
	struct ctx x;
	int w;
	size_t i;

	(void)state;
	for (w = 1; w <= 4; w++) {
		memset(&x, 0, sizeof(x));
		x.fail_at = SIZE_MAX;
		run_workers(&x, 37, w, d, 0);
		for (i = 0; i < 37; i++)
			assert_int_equal(x.seen[i], 1);
		assert_int_equal(x.seen[37], 0);
		/* worker_init ran in the children, not here */
		assert_int_equal(x.inits, 0);
	}
	/* more workers than units, and no units at all */
	memset(&x, 0, sizeof(x));
	x.fail_at = SIZE_MAX;
	run_workers(&x, 2, 8, d, 0);
	assert_int_equal(x.seen[0] + x.seen[1], 2);
	run_workers(&x, 0, 2, d, 0);
	assert_int_equal(diag_errors(d), 0);
	diag_free(d);
}

static void
test_run_failure(void **state)
{
	struct diag *d = diag_new(NULL);
	struct ctx x;
	size_t i;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.fail_at = 3;
	run_workers(&x, 20, 2, d, -1);
	assert_true(diag_has(d, DIAG_JOBS_WORKER));
	assert_int_equal(diag_exit_code(d), 1);
	assert_int_equal(x.seen[3], 0);
	/* the units before the failure of that worker were delivered */
	assert_int_equal(x.seen[1], 1);
	for (i = 0; i < 20; i++)
		assert_true(x.seen[i] <= 1);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shards_cover_once),
		cmocka_unit_test(test_parse_shard),
		cmocka_unit_test(test_parse_workers),
		cmocka_unit_test(test_progress_format),
		cmocka_unit_test(test_run_every_unit_once),
		cmocka_unit_test(test_run_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
