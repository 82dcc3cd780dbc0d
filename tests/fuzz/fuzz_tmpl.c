/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: arbitrary bytes as a template. Parse and validate;
 * if that succeeds, check it against a database with the real schema, bind
 * it and lay it out with the fake font. Nothing may crash, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "bind.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "tmpl.h"

static struct db *fuzz_db;
static struct fontset *fuzz_fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[] = "/tmp/hrpress-fuzz-XXXXXX";
	struct diag *d = diag_new(NULL);
	int fd = mkstemp(path);

	(void)argc, (void)argv;
	if (fd < 0)
		abort();
	close(fd);
	fuzz_db = db_open(path, DB_CREATE, d);
	if (fuzz_db == NULL)
		abort();
	/* A little data so that sections and rows repeat. */
	db_exec(fuzz_db,
	    "INSERT INTO store VALUES ('S1','店','店','','','','');"
	    "INSERT INTO department VALUES ('D1','S1','部门','',0);"
	    "INSERT INTO position (id, department_id, title) VALUES ('P1','D1','岗位');"
	    "INSERT INTO employee (id, name, position_id, hire_date, base_fen)"
	    " VALUES ('E1','张三','P1','2020-01-01',300000),"
	    " ('E2','𠮷四','P1','2021-05-01',250000);", d);
	unlink(path);
	fuzz_fonts = fontset_fake();
	diag_free(d);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bind_param params[] = {
		{ "month", "2025-03" }, { "employee", NULL },
	};
	struct diag *d = diag_new(NULL);
	struct tmpl *t = tmpl_parse_memory((const char *)data, size, "fuzz.xml", d);

	if (t != NULL && tmpl_check(t, fuzz_db, d) == 0) {
		struct doc *doc = bind_run(t, fuzz_db, params, 2, d);
		if (doc != NULL) {
			struct page_doc *pd = layout_run(doc, fuzz_fonts, d);
			page_doc_free(pd);
		}
		doc_free(doc);
	}
	tmpl_free(t);
	diag_free(d);
	return 0;
}
