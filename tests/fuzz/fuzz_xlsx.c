/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: .xlsx reading. The input is the workbook; it is
 * read as the first visible sheet. A result must be well-formed: every
 * record at least as wide as the header, every field a string, rows in
 * increasing order.
 */
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "import.h"
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag *d = diag_new(NULL);
	struct import_csv *csv;
	size_t i, f;

	csv = xlsx_read((const char *)data, size, "fuzz.xlsx", NULL, d);
	if (csv == NULL && diag_errors(d) == 0)
		abort();	/* a failure must say why */
	for (i = 0; csv != NULL && i < csv->nrecords; i++) {
		const struct import_record *r = &csv->records[i];

		if (r->nfields < csv->records[0].nfields
		    || (i > 0 && r->line <= csv->records[i - 1].line))
			abort();
		for (f = 0; f < r->nfields; f++)
			if (r->fields[f] == NULL)
				abort();
	}
	import_csv_free(csv);
	diag_free(d);
	return 0;
}
