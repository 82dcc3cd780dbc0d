/* SPDX-License-Identifier: MIT */
/*
 * Merging archive ledgers: the rows that `hrpress archive --shard K/N`
 * entered in copies of a database are copied into the main database in
 * one transaction, after checking that each copy is one of the main
 * database and that no row contradicts one the main database has.
 */
#ifndef HRP_LEDGER_H
#define HRP_LEDGER_H

#include <stddef.h>

struct db;
struct diag;

/* What the merge found in one shard database. */
struct ledger_shard_stats {
	size_t rows;  /* rows of the shard's ledger */
	size_t added; /* of them, new to the main database: entered */
	size_t known; /* already in the main database (rows of the
	                 copy it was made from, a shard merged
	                 before, or an earlier shard of this merge) */
};

/* Conflicts reported before a merge gives up listing them. */
#define LEDGER_MAX_CONFLICTS 20

/*
 * The database's identity (table db_identity) into id[33]. Returns 0, or
 * -1 after reporting DIAG_LEDGER_FOREIGN when the database has none (made
 * by an earlier build) or a database error.
 */
int ledger_db_id(struct db *db, char *id, struct diag *d);

/*
 * Merge the archive ledgers of the n databases at paths[] into main
 * (opened read-write) in one transaction: all rows or none. Each shard is
 * opened read-only and must have main's database id; a row whose archive
 * id and path main already has is skipped when it is the same record
 * (same kind, employee, month, version, SHA-256, size and signer) and is
 * a conflict otherwise. A new row must name its record in its path, its
 * employee must be one of main's, and a payslip must come from the pay run
 * main has stored for its month. Refusals are DIAG_LEDGER_FOREIGN (a
 * shard that is not a copy of main, or whose pay run is not main's) and
 * DIAG_LEDGER_CONFLICT (up to LEDGER_MAX_CONFLICTS, each naming the shard,
 * the record and what differs); main is then unchanged. Warns
 * (DIAG_ARCHIVE_OPEN_MONTH) for each month of new payslips that main has
 * not closed, and (DIAG_LEDGER_ARCHIVES) when the new rows belong to more
 * than one archive directory. st[n] receives the counts. Returns 0 or -1.
 */
int ledger_merge(struct db *main, const char *const *paths, size_t n,
                 struct ledger_shard_stats *st, struct diag *d);

#endif
