/* SPDX-License-Identifier: MIT */
/*
 * The sRGB ICC profile (v4.2, 588 bytes, made by Little CMS:
 * scripts/srgb-icc.py) of the output intent of archived PDF/A files when
 * $HRPRESS_ICC_PROFILE names no other.
 */
#ifndef HRP_SRGB_ICC_H
#define HRP_SRGB_ICC_H

#include <stddef.h>

extern const unsigned char srgb_icc[];
extern const size_t srgb_icc_len;

#endif
