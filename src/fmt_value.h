/* SPDX-License-Identifier: MIT */
/*
 * A value as it comes out of the database (db.h) and goes into templates'
 * fields and expressions (fmt.h, expr.h): the one type every stage shares,
 * in a header of its own so that db.h needs nothing else of fmt.h.
 */
#ifndef HRP_FMT_VALUE_H
#define HRP_FMT_VALUE_H

#include <stdint.h>

/* A value as it comes out of the database. */
enum fmt_vtype { FMT_V_NULL, FMT_V_INT, FMT_V_REAL, FMT_V_TEXT, FMT_V_BLOB };
struct fmt_value {
	enum fmt_vtype type;
	int64_t i;     /* FMT_V_INT; FMT_V_BLOB: number of bytes */
	double r;      /* FMT_V_REAL */
	const char *s; /* FMT_V_TEXT, NUL-terminated UTF-8;
	                * FMT_V_BLOB: the bytes */
};

#endif
