/* SPDX-License-Identifier: MIT */
/*
 * CCITT Group 4 (ITU-T T.6) compression of 1-bit images, for the
 * /CCITTFaxDecode filter of PDF (PDF/A-2 allows it). A one-colour seal's
 * edges are long smooth curves, which T.6 codes as small moves from the
 * row above: its 600 x 600 image mask is about 2.9 KB this way against
 * 6.6 KB deflated.
 */
#ifndef HRP_CCITT_H
#define HRP_CCITT_H

#include <stddef.h>

/*
 * The T.6 code of a w x h image (w, h >= 1): rows of `row` bytes each
 * (row >= (w + 7) / 8), pixels from the most significant bit, bit 0 black
 * and 1 white, which is what /CCITTFaxDecode gives back with its
 * defaults (/K 0 is replaced by /K -1; /BlackIs1 false; /EncodedByteAlign
 * false; /EndOfBlock true: the code ends with EOFB). Bits of a row past
 * w are ignored. Returns a malloc'd buffer of *len bytes, which the
 * caller frees; never NULL (out of memory is fatal).
 */
unsigned char *ccitt_g4_encode(const unsigned char *bits, int w, int h,
                               size_t row, size_t *len);

#endif
