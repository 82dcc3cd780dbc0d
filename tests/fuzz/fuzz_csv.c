/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: CSV import. The first byte picks the kind and the
 * encoding (auto, UTF-8 or GBK); the rest is the file, imported into the
 * sample database. An import that fails must leave every table it writes
 * as it was (checked by a row count).
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "diag.h"
#include "import.h"
#include "xmem.h"

extern const char hrp_samples_sql[];

static struct db *fuzz_db;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rows of the tables that import writes: must never change on failure. */
static int64_t
rows(void)
{
	struct arena *a = arena_new();
	struct diag *d = diag_new(NULL);
	struct db_rows r;
	int64_t n = -1;

	if (db_query(fuzz_db, "SELECT (SELECT count(*) FROM employee)"
	    " + (SELECT count(*) FROM month_fact)"
	    " + (SELECT count(*) FROM vehicle_sale)"
	    " + (SELECT count(*) FROM kpi_result)"
	    " + (SELECT count(*) FROM store_fact)"
	    " + (SELECT count(*) FROM si_base)"
	    " + (SELECT count(*) FROM iit_deduction)",
	    NULL, NULL, 0, a, &r, d) == 0)
		n = db_cell(&r, 0, 0)->i;
	arena_free(a);
	diag_free(d);
	return n;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[] = "/tmp/hrpress-fuzz-csv-XXXXXX";
	struct diag *d = diag_new(NULL);
	int fd = mkstemp(path);

	(void)argc, (void)argv;
	if (fd < 0)
		abort();
	close(fd);
	fuzz_db = db_open(path, DB_CREATE, d);
	if (fuzz_db == NULL || db_exec(fuzz_db, hrp_samples_sql, d) != 0)
		abort();
	unlink(path);
	diag_free(d);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { IMPORT_STAFF, IMPORT_ENC_AUTO, NULL, 0, NULL };
	struct import_stats st;
	struct diag *d;
	int64_t before;

	if (size < 1)
		return 0;
	o.kind = (enum import_kind)(data[0] % 7);
	o.encoding = (enum import_encoding)((data[0] >> 3) % 3);
	o.month = (data[0] & 0x80) ? "2025-03" : NULL;
	o.replace = o.kind != IMPORT_STAFF && (data[0] & 0x40);
	before = rows();
	d = diag_new(NULL);
	if (import_data(fuzz_db, "fuzz.csv", (const char *)data + 1, size - 1,
	    &o, &st, d) != 0 && rows() != before)
		abort();	/* a failed import changed the database */
	/* A successful import stays: later inputs meet a changed store. */
	diag_free(d);
	return 0;
}
