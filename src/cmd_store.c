/* SPDX-License-Identifier: MIT */
/*
 * hrpress store DB [--store S] [--logo F] [--seal F] [--no-logo]
 * [--no-seal]: load a store's logo and seal pictures into the database
 * (checked and rewritten as 8-bit PNGs by image.h, all or nothing), or,
 * without a change, show what the store's documents will carry.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "diag.h"
#include "image.h"
#include "xmem.h"

static const char store_usage[] =
    "usage: hrpress store DB [--store ID] [--logo FILE.png] [--seal FILE.png]\n"
    "           [--no-logo] [--no-seal]\n\n"
    "Load a store's pictures into DB: its logo (printed on payslips,\n"
    "scorecards and the handbook cover) and its seal (stamped on payslips\n"
    "over the issuer's signature line). Any PNG will do: 8 or 16 bits, grey,\n"
    "colour or palette, with or without transparency, as a scanner or an\n"
    "image editor saves it; a seal should have a transparent background.\n"
    "A store without a seal gets payslips without a seal.\n"
    "Without --logo, --seal, --no-logo or --no-seal, show the store's name\n"
    "and pictures.\n\n"
    "  -s, --store ID     the store (its id in the stores file); may be left\n"
    "                     out when DB has only one store\n"
    "  -l, --logo FILE    the store's logo, a PNG file\n"
    "  -S, --seal FILE    the store's seal, a PNG file\n"
    "      --no-logo      remove the store's logo\n"
    "      --no-seal      remove the store's seal\n"
    "  -h, --help         show this help\n";

/* One picture to load: the file's bytes rewritten as a plain PNG. */
struct picture {
	const char *kind;   /* "logo" or "seal" */
	const char *path;   /* as given, NULL if not asked */
	int remove;         /* --no-<kind> */
	unsigned char *png; /* malloc'd */
	size_t len;
	int width_px, height_px;
};

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

/* Read and check pic->path; 0, or -1 after reporting it by name. */
static int
read_picture(struct picture *pic, struct diag *d)
{
	struct srcpos p = {pic->path, 0, 0};
	unsigned char *data;
	size_t len = 0, cap = 65536;
	const char *why = NULL;
	FILE *f;

	if ((f = fopen(pic->path, "rb")) == NULL) {
		diag_report(d, DIAG_IO_OPEN, &p, "%s: %s", pic->kind,
		            strerror(errno));
		return -1;
	}
	data = xmalloc(cap);
	for (;;) {
		size_t got = fread(data + len, 1, cap - len, f);

		len += got;
		if (got == 0 || len > IMAGE_MAX_BYTES)
			break;
		if (len == cap)
			data = xgrow(data, &cap, cap + 1, 1);
	}
	if (ferror(f)) {
		diag_report(d, DIAG_IO_READ, &p, "%s: %s", pic->kind,
		            strerror(errno));
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	if (image_png_normalize(data, len, &pic->png, &pic->len, &pic->width_px,
	                        &pic->height_px, &why) != 0) {
		diag_report(d, DIAG_IMAGE_BAD, &p, "%s: %s", pic->kind, why);
		free(data);
		return -1;
	}
	free(data);
	return 0;
}

static void
text_param(struct db_param *p, const char *name, const char *s)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->v.type = FMT_V_TEXT;
	p->v.s = s;
}

/*
 * The store to change: the one given, or the only one. NULL after
 * reporting; the id lives in arena.
 */
static const char *
pick_store(struct db *db, const char *id, struct arena *a, struct diag *d)
{
	struct db_rows r;
	char ids[200];
	size_t i, n = 0;

	if (db_query(db, "SELECT id FROM store ORDER BY id", NULL, NULL, 0, a,
	             &r, d) != 0)
		return NULL;
	ids[0] = '\0';
	for (i = 0; i < r.nrows; i++) {
		const char *s = db_cell(&r, i, 0)->s;

		if (id != NULL && strcmp(s, id) == 0)
			return s;
		if (n + strlen(s) + 3 < sizeof(ids))
			n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%s",
			                      i ? ", " : "", s);
	}
	if (r.nrows == 0) {
		diag_report(d, DIAG_STORE_UNKNOWN, NULL,
		            "%s has no store yet: "
		            "import the stores file first",
		            db_path(db));
		return NULL;
	}
	if (id == NULL && r.nrows == 1)
		return db_cell(&r, 0, 0)->s;
	if (id == NULL)
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "%s has %zu stores: say "
		            "which with --store (one of %s)",
		            db_path(db), r.nrows, ids);
	else
		diag_report(d, DIAG_STORE_UNKNOWN, NULL,
		            "--store %s (%s has "
		            "%s)",
		            id, db_path(db), ids);
	return NULL;
}

/* Print the store's name and its pictures. */
static int
show_store(struct db *db, const char *id, struct arena *a, struct diag *d)
{
	static const char *const kinds[] = {"logo", "seal"};
	struct db_param p;
	struct db_rows r;
	size_t k, i;

	text_param(&p, "s", id);
	if (db_query(db, "SELECT name, short_name FROM store WHERE id = :s",
	             NULL, &p, 1, a, &r, d) != 0)
		return -1;
	printf("store %s: %s (%s)\n", id, db_cell(&r, 0, 0)->s,
	       db_cell(&r, 0, 1)->s);
	if (db_query(db,
	             "SELECT kind, width_px, height_px, length(png), "
	             "source, loaded_at FROM store_image WHERE store_id = :s",
	             NULL, &p, 1, a, &r, d) != 0)
		return -1;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < r.nrows; i++)
			if (strcmp(db_cell(&r, i, 0)->s, kinds[k]) == 0)
				break;
		if (i == r.nrows) {
			printf("  %s: none (load one with --%s FILE.png)\n",
			       kinds[k], kinds[k]);
			continue;
		}
		printf("  %s: %lldx%lld pixels, %lld bytes, from %s, %s\n",
		       kinds[k], (long long)db_cell(&r, i, 1)->i,
		       (long long)db_cell(&r, i, 2)->i,
		       (long long)db_cell(&r, i, 3)->i, db_cell(&r, i, 4)->s,
		       db_cell(&r, i, 5)->s);
	}
	return 0;
}

/* Store or remove the pictures asked for, in one transaction. */
static int
save_pictures(struct db *db, const char *id, struct picture *pics, size_t n,
              struct diag *d)
{
	struct db_param p[6];
	size_t i;

	if (db_begin(db, d) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *base;

		if (pics[i].path == NULL && !pics[i].remove)
			continue;
		text_param(&p[0], "s", id);
		text_param(&p[1], "k", pics[i].kind);
		if (pics[i].remove) {
			if (db_query(db,
			             "DELETE FROM store_image WHERE "
			             "store_id = :s AND kind = :k",
			             NULL, p, 2, NULL, NULL, d) != 0)
				goto fail;
			continue;
		}
		base = strrchr(pics[i].path, '/');
		text_param(&p[2], "src", base ? base + 1 : pics[i].path);
		memset(&p[3], 0, sizeof(p[3]));
		p[3].name = "png";
		p[3].v.type = FMT_V_BLOB;
		p[3].v.s = (const char *)pics[i].png;
		p[3].v.i = (int64_t)pics[i].len;
		memset(&p[4], 0, sizeof(p[4]));
		p[4].name = "w";
		p[4].v.type = FMT_V_INT;
		p[4].v.i = pics[i].width_px;
		p[5] = p[4];
		p[5].name = "h";
		p[5].v.i = pics[i].height_px;
		if (db_query(db,
		             "INSERT OR REPLACE INTO store_image (store_id, "
		             "kind, png, width_px, height_px, source, "
		             "loaded_at) VALUES "
		             "(:s, :k, :png, :w, :h, :src, "
		             "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
		             NULL, p, 6, NULL, NULL, d) != 0)
			goto fail;
	}
	return db_commit(db, d);
fail:
	db_rollback(db);
	return -1;
}

int
cmd_store(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"store", required_argument, NULL, 's'},
	    {"logo", required_argument, NULL, 'l'},
	    {"seal", required_argument, NULL, 'S'},
	    {"no-logo", no_argument, NULL, 'L'},
	    {"no-seal", no_argument, NULL, 'N'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct picture pics[2];
	const char *want = NULL, *id;
	struct arena *a;
	struct db *db;
	int c, rc = 0, change = 0;
	size_t i;

	memset(pics, 0, sizeof(pics));
	pics[0].kind = "logo";
	pics[1].kind = "seal";
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hs:l:S:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			want = optarg;
			break;
		case 'l':
		case 'S':
			pics[c == 'S'].path = optarg;
			change = 1;
			break;
		case 'L':
		case 'N':
			pics[c == 'N'].remove = 1;
			change = 1;
			break;
		case 'h':
			fputs(store_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 1) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress store DB "
		            "[--store ID] [--logo FILE.png] [--seal FILE.png]");
		return 1;
	}
	for (i = 0; i < 2; i++)
		if (pics[i].path != NULL && pics[i].remove) {
			diag_report(d, DIAG_CLI_USAGE, NULL,
			            "--%s and --no-%s "
			            "together: give one of them",
			            pics[i].kind, pics[i].kind);
			return 1;
		}
	/* Every file is checked before the database is touched. */
	for (i = 0; i < 2; i++)
		if (pics[i].path != NULL && read_picture(&pics[i], d) != 0)
			rc = -1;
	if (rc == 0 && (db = db_open(argv[optind], DB_READWRITE, d)) != NULL) {
		a = arena_new();
		if ((id = pick_store(db, want, a, d)) == NULL)
			rc = -1;
		else if (change && save_pictures(db, id, pics, 2, d) != 0)
			rc = -1;
		else
			rc = show_store(db, id, a, d);
		arena_free(a);
		db_close(db);
	} else
		rc = -1;
	for (i = 0; i < 2; i++)
		free(pics[i].png);
	return rc == 0 ? 0 : failed(d);
}
