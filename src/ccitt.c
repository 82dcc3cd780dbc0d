/* SPDX-License-Identifier: MIT */
/*
 * CCITT Group 4 encoder (ITU-T T.6, the two-dimensional code of T.4
 * without end-of-line codes): each row is coded against the row above
 * (the first against an all-white row) in pass, vertical and horizontal
 * modes; horizontal mode sends two run lengths with the modified Huffman
 * codes of T.4 tables 2 and 3. The mode logic follows the description
 * in T.6 section 2.2 (as libtiff's Fax3Encode2DRow does).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccitt.h"
#include "xmem.h"

/* A code of `len` bits, the last `len` bits of `bits`. */
struct code {
	uint16_t bits;
	uint8_t len;
};

/* T.4 table 2: terminating codes of runs 0-63, then make-up codes of
 * 64-1728 in steps of 64; table 3: make-up codes 1792-2560 of both colours. */
static const struct code white_term[64] = {
    {0x0035, 8}, {0x0007, 6}, {0x0007, 4}, {0x0008, 4}, {0x000b, 4},
    {0x000c, 4}, {0x000e, 4}, {0x000f, 4}, {0x0013, 5}, {0x0014, 5},
    {0x0007, 5}, {0x0008, 5}, {0x0008, 6}, {0x0003, 6}, {0x0034, 6},
    {0x0035, 6}, {0x002a, 6}, {0x002b, 6}, {0x0027, 7}, {0x000c, 7},
    {0x0008, 7}, {0x0017, 7}, {0x0003, 7}, {0x0004, 7}, {0x0028, 7},
    {0x002b, 7}, {0x0013, 7}, {0x0024, 7}, {0x0018, 7}, {0x0002, 8},
    {0x0003, 8}, {0x001a, 8}, {0x001b, 8}, {0x0012, 8}, {0x0013, 8},
    {0x0014, 8}, {0x0015, 8}, {0x0016, 8}, {0x0017, 8}, {0x0028, 8},
    {0x0029, 8}, {0x002a, 8}, {0x002b, 8}, {0x002c, 8}, {0x002d, 8},
    {0x0004, 8}, {0x0005, 8}, {0x000a, 8}, {0x000b, 8}, {0x0052, 8},
    {0x0053, 8}, {0x0054, 8}, {0x0055, 8}, {0x0024, 8}, {0x0025, 8},
    {0x0058, 8}, {0x0059, 8}, {0x005a, 8}, {0x005b, 8}, {0x004a, 8},
    {0x004b, 8}, {0x0032, 8}, {0x0033, 8}, {0x0034, 8}};
static const struct code white_makeup[27] = {
    {0x001b, 5}, {0x0012, 5}, {0x0017, 6}, {0x0037, 7}, {0x0036, 8},
    {0x0037, 8}, {0x0064, 8}, {0x0065, 8}, {0x0068, 8}, {0x0067, 8},
    {0x00cc, 9}, {0x00cd, 9}, {0x00d2, 9}, {0x00d3, 9}, {0x00d4, 9},
    {0x00d5, 9}, {0x00d6, 9}, {0x00d7, 9}, {0x00d8, 9}, {0x00d9, 9},
    {0x00da, 9}, {0x00db, 9}, {0x0098, 9}, {0x0099, 9}, {0x009a, 9},
    {0x0018, 6}, {0x009b, 9}};
static const struct code black_term[64] = {
    {0x0037, 10}, {0x0002, 3},  {0x0003, 2},  {0x0002, 2},  {0x0003, 3},
    {0x0003, 4},  {0x0002, 4},  {0x0003, 5},  {0x0005, 6},  {0x0004, 6},
    {0x0004, 7},  {0x0005, 7},  {0x0007, 7},  {0x0004, 8},  {0x0007, 8},
    {0x0018, 9},  {0x0017, 10}, {0x0018, 10}, {0x0008, 10}, {0x0067, 11},
    {0x0068, 11}, {0x006c, 11}, {0x0037, 11}, {0x0028, 11}, {0x0017, 11},
    {0x0018, 11}, {0x00ca, 12}, {0x00cb, 12}, {0x00cc, 12}, {0x00cd, 12},
    {0x0068, 12}, {0x0069, 12}, {0x006a, 12}, {0x006b, 12}, {0x00d2, 12},
    {0x00d3, 12}, {0x00d4, 12}, {0x00d5, 12}, {0x00d6, 12}, {0x00d7, 12},
    {0x006c, 12}, {0x006d, 12}, {0x00da, 12}, {0x00db, 12}, {0x0054, 12},
    {0x0055, 12}, {0x0056, 12}, {0x0057, 12}, {0x0064, 12}, {0x0065, 12},
    {0x0052, 12}, {0x0053, 12}, {0x0024, 12}, {0x0037, 12}, {0x0038, 12},
    {0x0027, 12}, {0x0028, 12}, {0x0058, 12}, {0x0059, 12}, {0x002b, 12},
    {0x002c, 12}, {0x005a, 12}, {0x0066, 12}, {0x0067, 12}};
static const struct code black_makeup[27] = {
    {0x000f, 10}, {0x00c8, 12}, {0x00c9, 12}, {0x005b, 12}, {0x0033, 12},
    {0x0034, 12}, {0x0035, 12}, {0x006c, 13}, {0x006d, 13}, {0x004a, 13},
    {0x004b, 13}, {0x004c, 13}, {0x004d, 13}, {0x0072, 13}, {0x0073, 13},
    {0x0074, 13}, {0x0075, 13}, {0x0076, 13}, {0x0077, 13}, {0x0052, 13},
    {0x0053, 13}, {0x0054, 13}, {0x0055, 13}, {0x005a, 13}, {0x005b, 13},
    {0x0064, 13}, {0x0065, 13}};
static const struct code ext_makeup[13] = {
    {0x0008, 11}, {0x000c, 11}, {0x000d, 11}, {0x0012, 12}, {0x0013, 12},
    {0x0014, 12}, {0x0015, 12}, {0x0016, 12}, {0x0017, 12}, {0x001c, 12},
    {0x001d, 12}, {0x001e, 12}, {0x001f, 12}};

/* Mode codes of T.6 table 1. */
static const struct code pass_code = {0x1, 4};  /* 0001 */
static const struct code horiz_code = {0x1, 3}; /* 001 */
/* vertical mode by b1 - a1: VR3 VR2 VR1 V0 VL1 VL2 VL3 */
static const struct code vert_code[7] = {
    {0x03, 7}, {0x03, 6}, {0x03, 3}, {0x1, 1}, {0x2, 3}, {0x02, 6}, {0x02, 7}};
static const struct code eol_code = {0x001, 12}; /* 000000000001 */

struct bitout {
	unsigned char *buf;
	size_t len, cap;
	uint32_t acc; /* bits not yet written, the oldest highest */
	int nacc;
};

static void
put_code(struct bitout *o, struct code c)
{
	o->acc = (o->acc << c.len) | c.bits;
	o->nacc += c.len;
	while (o->nacc >= 8) {
		if (o->len == o->cap)
			o->buf = xgrow(o->buf, &o->cap, o->len + 1, 1);
		o->nacc -= 8;
		o->buf[o->len++] = (unsigned char)(o->acc >> o->nacc);
	}
	o->acc &= (1u << o->nacc) - 1;
}

/* A run of n pixels of one colour (black != 0): make-up codes, then the
 * terminating code. */
static void
put_run(struct bitout *o, int n, int black)
{
	const struct code *term = black ? black_term : white_term;
	const struct code *makeup = black ? black_makeup : white_makeup;

	while (n >= 2560 + 64) {
		put_code(o, ext_makeup[12]);
		n -= 2560;
	}
	if (n >= 1792)
		put_code(o, ext_makeup[n / 64 - 28]);
	else if (n >= 64)
		put_code(o, makeup[n / 64 - 1]);
	put_code(o, term[n % 64]);
}

/* Colour of pixel x of a row: 1 black, 0 white (bit 0 is black). */
static int
pixel(const unsigned char *r, int x)
{
	return !((r[x >> 3] >> (7 - (x & 7))) & 1);
}

/* The first x in [from, w) whose colour is not c, or w. */
static int
next_change(const unsigned char *r, int from, int w, int c)
{
	int x = from;

	while (x < w && (x & 7) != 0) {
		if (pixel(r, x) != c)
			return x;
		x++;
	}
	/* whole bytes of colour c: 0x00 for black, 0xff for white */
	while (x + 8 <= w && r[x >> 3] == (c ? 0x00 : 0xff))
		x += 8;
	while (x < w && pixel(r, x) == c)
		x++;
	return x;
}

/* Code row `cur` against `ref`. */
static void
encode_row(struct bitout *o, const unsigned char *ref, const unsigned char *cur,
           int w)
{
	int a0 = 0, a1, a2, b1, b2, c0 = 0; /* c0: colour at a0 */

	a1 = pixel(cur, 0) ? 0 : next_change(cur, 0, w, 0);
	b1 = pixel(ref, 0) ? 0 : next_change(ref, 0, w, 0);
	for (;;) {
		b2 = b1 < w ? next_change(ref, b1, w, pixel(ref, b1)) : w;
		if (b2 < a1) {
			put_code(o, pass_code);
			a0 = b2;
		} else if (b1 - a1 >= -3 && b1 - a1 <= 3) {
			put_code(o, vert_code[b1 - a1 + 3]);
			a0 = a1;
			c0 = !c0;
		} else {
			a2 = a1 < w ? next_change(cur, a1, w, !c0) : w;
			put_code(o, horiz_code);
			put_run(o, a1 - a0, c0);
			put_run(o, a2 - a1, !c0);
			a0 = a2;
		}
		if (a0 >= w)
			break;
		a1 = next_change(cur, a0, w, c0);
		/* b1: the next change on ref after a0 to the colour !c0 */
		b1 = next_change(ref, a0, w, !c0);
		b1 = b1 < w ? next_change(ref, b1, w, c0) : w;
	}
}

unsigned char *
ccitt_g4_encode(const unsigned char *bits, int w, int h, size_t row,
                size_t *len)
{
	struct bitout o = {NULL, 0, 0, 0, 0};
	unsigned char *white = xmalloc(row);
	const unsigned char *ref = white;
	int y;

	memset(white, 0xff, row);
	for (y = 0; y < h; y++) {
		encode_row(&o, ref, bits + (size_t)y * row, w);
		ref = bits + (size_t)y * row;
	}
	put_code(&o, eol_code); /* EOFB: two EOLs */
	put_code(&o, eol_code);
	if (o.nacc > 0) { /* pad the last byte with 0 bits */
		struct code pad = {0, (uint8_t)(8 - o.nacc)};

		put_code(&o, pad);
	}
	free(white);
	*len = o.len;
	return o.buf;
}
