/* SPDX-License-Identifier: MIT */
/*
 * Test data for ccitt_g4_encode (tests/e2e/ccitt.sh): g4check DIR writes
 * DIR/g4.pdf, a page with three CCITT G4 image masks (objects 4, 5, 6),
 * for decoders that are not ours (poppler's pdfimages, mupdf's mutool)
 * to decode. The pictures are made to reach every code:
 * runs of every length from 0 to past 2560 in both colours, edges that
 * move by 0-4 pixels from row to row (vertical modes), edges that end
 * (pass mode), noise, and widths of 1 and 13 pixels.
 *
 * g4check -c N FILE compares FILE, image N's rows as a decoder gave them
 * back, with the picture that went in, bit by bit up to
 * each row's width: decoders fill the unused bits of a row differently
 * (poppler with 0, mupdf with 1). Exit 0 if equal, 1 with the first
 * differing row and column if not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccitt.h"

struct img {
	int w, h;
	size_t row;
	unsigned char *bits;
};

static unsigned long seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 1103515245UL + 12345UL;
	return (unsigned)((seed >> 16) & 0x7fff) % n;
}

static void
set_px(struct img *im, int x, int y, int black)
{
	unsigned char *b = im->bits + (size_t)y * im->row + x / 8;

	if (black)
		*b &= (unsigned char)~(0x80 >> (x % 8));
	else
		*b |= (unsigned char)(0x80 >> (x % 8));
}

static int
get_px(const struct img *im, int x, int y)
{
	return !((im->bits[(size_t)y * im->row + x / 8] >> (7 - x % 8)) & 1);
}

static void
img_init(struct img *im, int w, int h)
{
	im->w = w;
	im->h = h;
	im->row = ((size_t)w + 7) / 8;
	im->bits = malloc(im->row * (size_t)h);
	/* the unused bits at the end of a row are random too */
	for (size_t i = 0; i < im->row * (size_t)h; i++)
		im->bits[i] = (unsigned char)rnd(256);
}

/*
 * The n-th run length of the list that reaches every code of both colours:
 * 0-63 (the terminating codes), then one length in each make-up code's
 * range 64-2623 (n * 64 plus something that varies), then 2700 (two
 * make-up codes).
 */
static int
run_length(int n)
{
	if (n < 64)
		return n;
	if (n < 64 + 40)
		return (n - 63) * 64 + (n * 37) % 64;
	return 2700;
}

/*
 * Rows 0-239: every other row white, the rows between them runs of each
 * length of run_length in turn, colours alternating, so that each length
 * is sent in horizontal mode in both colours (the white row above has no
 * edge to refer to). Then rows that move the edges of the row above,
 * noise, rows of one colour, and rows whose runs end.
 */
static void
make_big(struct img *im)
{
	int n = 0, y, x, black = 0;

	for (y = 0; y < im->h; y++) {
		int kind = y < 240 ? (y % 2 ? 0 : 4) : (int)rnd(6);

		x = 0;
		if (kind == 0) {
			while (x < im->w) {
				int len = run_length(n % (64 + 40 + 1));

				if (len > im->w - x) /* on the next row */
					break;
				for (int i = 0; i < len; i++)
					set_px(im, x++, y, black);
				black = !black;
				n++;
			}
			while (x < im->w) /* the rest white */
				set_px(im, x++, y, 0);
		} else if (kind == 1) { /* random runs */
			while (x < im->w) {
				int len = (int)rnd(2700);

				for (int i = 0; i < len && x < im->w; i++)
					set_px(im, x++, y, black);
				black = !black;
			}
		} else if (kind == 2 && y > 0) { /* edges moved 0-4 */
			int shift = (int)rnd(9) - 4;

			for (x = 0; x < im->w; x++) {
				int sx = x - shift;

				if (sx < 0)
					sx = 0;
				if (sx >= im->w)
					sx = im->w - 1;
				set_px(im, x, y, get_px(im, sx, y - 1));
			}
		} else if (kind == 3) { /* noise */
			for (x = 0; x < im->w; x++)
				set_px(im, x, y, (int)rnd(2));
		} else if (kind == 4) { /* all one colour */
			for (x = 0; x < im->w; x++)
				set_px(im, x, y, y >= 240 && y % 2);
		} else { /* the row above, some runs cut */
			for (x = 0; x < im->w; x++)
				set_px(im, x, y,
				       y > 0 && get_px(im, x, y - 1) &&
				           rnd(50) != 0);
		}
	}
}

static void
make_noise(struct img *im)
{
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++)
			set_px(im, x, y, (int)rnd(2));
}

/* The three pictures, always the same (a fixed seed). */
static void
make_all(struct img *im)
{
	seed = 12345;
	img_init(&im[0], 2700, 400);
	make_big(&im[0]);
	img_init(&im[1], 1, 7);
	make_noise(&im[1]);
	img_init(&im[2], 13, 9);
	make_noise(&im[2]);
}

static int
compare(int k, const char *file)
{
	struct img im[3], g;
	unsigned char *got;
	size_t n, have;
	int rc = 0;
	FILE *f;

	make_all(im);
	n = im[k].row * (size_t)im[k].h;
	if ((f = fopen(file, "rb")) == NULL) {
		perror(file);
		rc = 1;
		goto out;
	}
	got = calloc(n + 1, 1);
	have = fread(got, 1, n + 1, f);
	fclose(f);
	g = im[k];
	g.bits = got;
	if (have != n) {
		fprintf(stderr, "%s: %zu bytes, not %zu\n", file, have, n);
		rc = 1;
	}
	for (int y = 0; y < im[k].h && rc == 0; y++)
		for (int x = 0; x < im[k].w && rc == 0; x++)
			if (get_px(&g, x, y) != get_px(&im[k], x, y)) {
				fprintf(stderr,
				        "%s: image %d differs at row %d, "
				        "column %d\n",
				        file, k, y, x);
				rc = 1;
			}
	free(got);
out:
	for (int i = 0; i < 3; i++)
		free(im[i].bits);
	return rc;
}

int
main(int argc, char **argv)
{
	struct img im[3];
	unsigned char *code[3];
	size_t clen[3], off[12];
	char path[4096];
	FILE *f;
	int k, n = 0;

	if (argc == 4 && strcmp(argv[1], "-c") == 0 && argv[2][0] >= '0' &&
	    argv[2][0] <= '2' && argv[2][1] == '\0')
		return compare(argv[2][0] - '0', argv[3]);
	if (argc != 2) {
		fprintf(stderr, "usage: g4check DIR | g4check -c N FILE\n");
		return 2;
	}
	make_all(im);
	for (k = 0; k < 3; k++) {
		code[k] = ccitt_g4_encode(im[k].bits, im[k].w, im[k].h,
		                          im[k].row, &clen[k]);
	}
	snprintf(path, sizeof(path), "%s/g4.pdf", argv[1]);
	if ((f = fopen(path, "wb")) == NULL)
		return 1;
	fprintf(f, "%%PDF-1.7\n");
	off[++n] = (size_t)ftell(f);
	fprintf(f, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[++n] = (size_t)ftell(f);
	fprintf(f, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
	           "endobj\n");
	off[++n] = (size_t)ftell(f);
	fprintf(f,
	        "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox "
	        "[0 0 600 600] /Resources << /XObject << /I0 4 0 R /I1 5 0 R "
	        "/I2 6 0 R >> >> /Contents 7 0 R >>\nendobj\n");
	for (k = 0; k < 3; k++) {
		off[++n] = (size_t)ftell(f);
		fprintf(
		    f,
		    "%d 0 obj\n<< /Type /XObject /Subtype /Image "
		    "/Width %d /Height %d /ImageMask true /BitsPerComponent 1 "
		    "/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d "
		    "/Rows %d >> /Length %zu >>\nstream\n",
		    4 + k, im[k].w, im[k].h, im[k].w, im[k].h, clen[k]);
		fwrite(code[k], 1, clen[k], f);
		fprintf(f, "\nendstream\nendobj\n");
	}
	off[++n] = (size_t)ftell(f);
	{
		static const char content[] = "q 540 0 0 80 30 500 cm /I0 Do Q "
		                              "q 50 0 0 50 30 30 cm /I1 Do Q q "
		                              "50 0 0 50 90 30 cm /I2 Do Q";

		fprintf(f,
		        "7 0 obj\n<< /Length %zu >>\nstream\n%s\n"
		        "endstream\nendobj\n",
		        sizeof(content) - 1, content);
	}
	{
		long xref = ftell(f);

		fprintf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
		for (k = 1; k <= n; k++)
			fprintf(f, "%010zu 00000 n \n", off[k]);
		fprintf(f,
		        "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n"
		        "%ld\n%%%%EOF\n",
		        n + 1, xref);
	}
	for (k = 0; k < 3; k++) {
		printf("image %d: %dx%d, %zu bytes of G4\n", k, im[k].w,
		       im[k].h, clen[k]);
		free(code[k]);
		free(im[k].bits);
	}
	return fclose(f) ? 1 : 0;
}
