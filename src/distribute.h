/* SPDX-License-Identifier: MIT */
/*
 * Documents that reach each employee privately (payslips --split
 * employee): the file names, the open password of each employee's file
 * and the manifest for a mail merge. Takes the employees' rows, gives out
 * names and text; writes nothing itself.
 */
#ifndef HRP_DISTRIBUTE_H
#define HRP_DISTRIBUTE_H

#include <stddef.h>

struct diag;

/* One employee's row, as read from the database (all UTF-8, borrowed). */
struct distribute_person {
	const char *id; /* employee id: [A-Za-z0-9_-], 1..64 */
	const char *name;
	const char *email;     /* "" or NULL: not known */
	const char *password;  /* payslip_password; NULL or "": not set */
	const char *id_number; /* 身份证号; NULL or "": not known */
};

/* Where an open password came from (the manifest's password_hint). */
enum distribute_pw_from {
	DISTRIBUTE_PW_NONE,     /* not encrypted */
	DISTRIBUTE_PW_FIELD,    /* payslip_password */
	DISTRIBUTE_PW_ID_NUMBER /* last 6 characters of id_number */
};

/*
 * The file of one employee's document: "KIND-YYYY-MM-ID.pdf" (kind is
 * "payslip" or "scorecard"), ASCII only, so it is safe on any file system
 * and in any mail client; the manifest gives the name. The id must pass
 * archive_name_ok (archive.h). Caller frees.
 */
char *distribute_file_name(const char *kind, const char *month, const char *id);

/*
 * The manifest's name beside the files: "manifest-YYYY-MM.csv", or
 * "manifest-YYYY-MM-shard-K-of-N.csv" for shard K of N > 1 so that the
 * shards of a run do not overwrite each other's. Caller frees.
 */
char *distribute_manifest_name(const char *month, unsigned k, unsigned n);

/*
 * The open password of p's file: payslip_password when set, else the last
 * 6 characters of id_number (as stored: an ID ending in X keeps its X).
 * Either must have at least ENCRYPT_MIN_PASSWORD (6) characters, be valid
 * UTF-8 and not equal owner_pw. Returns the password (caller frees) with
 * *from set, or NULL after reporting DIAG_PAYSLIP_PASSWORD naming the
 * employee (id and name) and what to fill in.
 */
char *distribute_password(const struct distribute_person *p,
                          const char *owner_pw, enum distribute_pw_from *from,
                          struct diag *d);

/*
 * The manifest of n employees for a mail merge: UTF-8 with a byte order
 * mark (so Excel reads it as UTF-8), CRLF line ends, RFC 4180 quoting, the
 * header "employee_id,name,email,file,password_hint" and one row per
 * employee in the given order; files[i] is the file name of person i,
 * from[i] where its password came from. A text cell that starts with
 * = + - @ TAB or CR gets a leading ' so that a spreadsheet shows it
 * instead of running it as a formula. Returns the text (caller frees)
 * with its length in *len.
 */
char *distribute_manifest(const struct distribute_person *p, size_t n,
                          const char *const *files,
                          const enum distribute_pw_from *from, size_t *len);

#endif
