/* SPDX-License-Identifier: MIT */
/*
 * Password protection of a finished PDF: AES-256 (PDF 2.0 encryption,
 * revision 6), done in memory so that the unprotected document never
 * reaches a disk. The only user of libqpdf.
 */
#ifndef HRP_ENCRYPT_H
#define HRP_ENCRYPT_H

#include <stddef.h>

struct diag;

/*
 * The shortest open password accepted, in characters: the last 6
 * characters of an ID number are the default.
 */
#define ENCRYPT_MIN_PASSWORD 6

/*
 * Encrypt the PDF of len bytes at pdf with AES-256 (R6): it opens only
 * with user_pw (UTF-8), which allows printing at full resolution and
 * reading aloud but no changes, no copying of text and images, no
 * annotations, forms or page assembly; owner_pw lifts those limits and
 * must differ from user_pw. On success *out (xmalloc'd, freed by the
 * caller) and *outlen receive the encrypted file and 0 is returned; on
 * failure DIAG_PDF_ENCRYPT naming label is reported, *out is NULL and -1
 * is returned.
 */
int encrypt_pdf(const void *pdf, size_t len, const char *user_pw,
                const char *owner_pw, const char *label, unsigned char **out,
                size_t *outlen, struct diag *d);

/*
 * A random owner password (64 hex digits from the system's random
 * source), for runs that name none: then nobody can lift the limits.
 * Returns a string the caller frees, or NULL after reporting
 * DIAG_PDF_ENCRYPT.
 */
char *encrypt_random_password(struct diag *d);

#endif
