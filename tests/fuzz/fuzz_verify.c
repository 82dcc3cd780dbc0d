/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point: the verifier's parser. Any bytes are given to
 * sign_verify() as a whole file (signature dictionary, /ByteRange, the
 * /Contents hex string and the CMS structure in it) and to the reader of
 * the record's embedded metadata; neither may read outside the buffer,
 * and a file with no /ByteRange is never reported as signed.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "sign.h"
#include "xmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = size ? xmalloc(size) : NULL;
	struct archive_ident id;
	struct sign_result r;

	if (size)
		memcpy(copy, data, size);	/* exact size: ASan sees overruns */
	sign_verify(copy, size, NULL, &r);
	if (r.status == SIGN_VALID &&
	    memmem(copy, size, "/ByteRange", 10) == NULL)
		abort();
	(void)archive_ident_read(copy, size, &id);
	free(copy);
	return 0;
}
