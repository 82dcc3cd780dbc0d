/* SPDX-License-Identifier: MIT */
/*
 * hrpress archive DB --month M [--kind K,...] [--key K --cert C] -o DIR:
 * one PDF/A record per employee and kind, optionally signed, stored without
 * ever replacing a file, then entered in the ledger in one transaction.
 * Glue only: the work is in archive.c, sign.c and the render pipeline.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "bind.h"
#include "cli.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "font.h"
#include "jobs.h"
#include "layout.h"
#include "month.h"
#include "page.h"
#include "pdf.h"
#include "people.h"
#include "render.h"
#include "sign.h"
#include "tmpl.h"
#include "utf8.h"
#include "xmem.h"

#define MAX_FONTS 8

static const char archive_usage[] =
    "usage: hrpress archive DB --month YYYY-MM [--kind payslip,scorecard]\n"
    "                       [--key KEY.pem --cert CERT.pem] [-j N]\n"
    "                       [--shard K/N] -o DIR\n\n"
    "Write one PDF/A-2b record per employee and document kind to\n"
    "DIR/YYYY-MM/<department id>/<employee id>-<kind>.pdf and enter each\n"
    "file in the database's archive ledger. An existing file is never\n"
    "replaced: the next version (.v2.pdf, ...) is written instead.\n\n"
    "  -m, --month YYYY-MM   the month to archive\n"
    "  -k, --kind LIST       payslip, scorecard or both (default both)\n"
    "  --key FILE            PEM private key: sign every record (PKCS#7)\n"
    "  --cert FILE           PEM certificate of the key, then any chain\n"
    "  -o, --output DIR      the archive directory\n"
    "  --font FILE[:INDEX]   font chain, as for hrpress render\n"
    "  -j, --jobs N          worker processes (default: online processors)\n"
    "  --shard K/N           only the K-th of N shards of the records, so\n"
    "                        that machines with copies of DB share a month\n"
    "  -h, --help            this text\n\n"
    "The ICC profile of the output intent is $HRPRESS_ICC_PROFILE or the\n"
    "built-in sRGB profile (ICC v4.2).\n";

/* A kind of record: its template, signing reason and who gets one. */
struct kind {
	const char *name;
	const char *tmpl;
	const char *reason;
	enum people_kind people;
};

static const struct kind kinds[] = {
    {"payslip", "payslip.xml", "工资条签发", PEOPLE_PAYSLIP},
    {"scorecard", "scorecard.xml", "绩效考核表签发", PEOPLE_SCORECARD},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/*
 * Records a worker has written but not yet flushed and linked: a batch
 * costs one flush to disk (archive_tmp_sync) instead of one per file,
 * which took longer than making the file.
 */
#define FLUSH_BATCH 64

struct staged {
	struct archive_tmp *tmp;
	int kind, first_version;
	const char *emp;
	size_t len;
	char hex[SIGN_SHA256_HEX];
};

/* One record to write: an employee and a kind. */
struct unit {
	size_t kind; /* index in kinds[] */
	char *emp, *dept;
};

/* Everything one run needs, opened once. */
struct run {
	const char *month, *outdir, *icc, *dbpath;
	struct month m;     /* month, parsed */
	struct db *ro, *rw; /* ro: one per process (worker_init) */
	struct fontset *fs;
	struct sign_key *key;
	struct tmpl *tmpl[2]; /* per kind, parsed and checked once */
	struct unit *units;   /* this shard's records, in order */
	size_t nunits, units_cap;
	struct pdf_scratch *scratch; /* per worker */
	int workers;
	struct jobs_shard shard;
	long long now;
	char created_at[32];
	char archive_id[ARCHIVE_ID_HEX]; /* outdir's id */
	char *generator;
	struct archive_entry *ents; /* strings owned (freed in run_free) */
	size_t nents, cap;
	struct staged staged[FLUSH_BATCH]; /* a worker's, not yet linked */
	size_t nstaged;
	struct diag *d;
};

/*
 * In a worker: flush the staged files to disk, link each under its name
 * and send its ledger row to the parent (kind, employee, path, sha256,
 * size, version; tab separated: ids and paths never hold a tab). A file
 * gets its final name only once it is on disk.
 */
static int
flush_staged(struct run *r, struct jobs_out *out, struct diag *d)
{
	size_t i, n = r->nstaged;
	struct archive_tmp *t[FLUSH_BATCH] = {NULL};
	int rc = 0;

	for (i = 0; i < n; i++)
		t[i] = r->staged[i].tmp;
	if (archive_tmp_sync(t, n, d) != 0)
		rc = -1;
	for (i = 0; i < n && rc == 0; i++) {
		struct staged *st = &r->staged[i];
		char *rel = NULL, *rec;
		int version = 0;

		if (archive_tmp_link(st->tmp, st->first_version, &rel, &version,
		                     d) != 0) {
			rc = -1;
			break;
		}
		rec = xasprintf("%d\t%s\t%s\t%s\t%zu\t%d", st->kind, st->emp,
		                rel, st->hex, st->len, version);
		rc = jobs_emit(out, rec, strlen(rec));
		free(rec);
		free(rel);
	}
	for (i = 0; i < n; i++)
		archive_tmp_free(r->staged[i].tmp);
	r->nstaged = 0;
	return rc;
}

/*
 * In a worker: render, sign and write one record; it is linked and its
 * ledger row sent with the rest of its batch (flush_staged).
 */
static int
one_record(struct run *r, const struct kind *k, const struct tmpl *t,
           const char *emp, const char *dept, struct jobs_out *out)
{
	struct bind_param params[2] = {
	    {"month", r->month},
	    {"employee", emp},
	};
	struct page_doc *pd = NULL;
	struct archive_meta m;
	struct pdf_info info[3] = {
	    {"HrpEmployeeID", emp},
	    {"HrpMonth", r->month},
	    {"HrpDocumentKind", k->name},
	};
	struct pdf_options opt;
	unsigned char *data = NULL;
	size_t len = 0;
	char *xmp = NULL, *label;
	struct staged *st;
	int last = 0, rc = -1;

	label = xasprintf("%s %s %s", k->name, emp, r->month);
	if ((pd = render_pages(t, r->ro, params, 2, r->fs, r->d)) == NULL)
		goto out;
	if (r->key != NULL &&
	    layout_sigblock(pd, r->fs, sign_key_signer(r->key), r->now,
	                    k->reason, r->d) < 0)
		goto out;
	memset(&m, 0, sizeof(m));
	m.title = pd->meta.title;
	m.author = pd->meta.author;
	m.subject = pd->meta.subject;
	m.keywords = pd->meta.keywords;
	m.creator = pd->meta.creator;
	m.producer = "hrpress"; /* what pdf.c writes as /Producer */
	m.time_s = r->now;
	m.employee_id = emp;
	m.month = r->month;
	m.kind = k->name;
	xmp = archive_xmp(&m);
	memset(&opt, 0, sizeof(opt));
	opt.compress = 1;
	opt.pdfa = 1;
	opt.xmp = xmp;
	opt.icc_path = r->icc;
	opt.time_s = r->now;
	opt.info = info;
	opt.ninfo = 3;
	opt.scratch = r->scratch;
	if (pdf_render(pd, r->fs, label, &opt, &data, &len, r->d) != 0)
		goto out;
	if (r->key != NULL) {
		struct sign_params sp = {k->reason, r->now};

		if (sign_pdf(r->key, &sp, label, &data, &len, r->d) != 0)
			goto out;
	}
	if (archive_ledger_last_version(r->ro, r->archive_id, r->month, dept,
	                                emp, k->name, &last, r->d) != 0)
		goto out;
	st = &r->staged[r->nstaged];
	st->tmp = archive_tmp_write(r->outdir, r->month, dept, emp, k->name,
	                            data, len, r->d);
	if (st->tmp == NULL)
		goto out;
	st->kind = (int)(k - kinds);
	st->first_version = last + 1;
	st->emp = emp;
	st->len = len;
	sign_sha256_hex(data, len, st->hex);
	rc = ++r->nstaged == FLUSH_BATCH ? flush_staged(r, out, r->d) : 0;
out:
	free(data);
	free(xmp);
	free(label);
	page_doc_free(pd);
	return rc;
}

/*
 * Payslips are archived only from a stored run that matches the data; a
 * month not closed yet is archived with a warning, since its run can
 * still change (docs/archive.md).
 */
static int
check_month(struct run *r)
{
	int closed;

	if (closing_run_fresh(r->ro, r->month, 0, r->d) != 0)
		return -1;
	closed = closing_is_closed(r->ro, r->month, r->d);
	if (closed < 0)
		return -1;
	if (!closed)
		diag_report(
		    r->d, DIAG_ARCHIVE_OPEN_MONTH, NULL,
		    "%s: its pay "
		    "run can still change; after review, hrpress close %s "
		    "--month %s locks it",
		    r->month, r->dbpath, r->month);
	return 0;
}

/*
 * Parse and check the kind's template once, and add its records to the
 * run's list (only those of this shard: the shard counts over every kind).
 */
static int
one_kind(struct run *r, size_t ki, size_t *seen)
{
	const struct kind *k = &kinds[ki];
	struct arena *a = arena_new();
	struct people_employee *emps;
	char *path = render_builtin_path(k->tmpl);
	size_t i, n;
	int rc = -1;

	if (people_employees(r->ro, k->people, r->m, a, &emps, &n, r->d) != 0)
		goto out;
	if (n == 0) {
		printf("no %s records for %s\n", k->name, r->month);
		rc = 0;
		goto out;
	}
	if ((r->tmpl[ki] = render_template(path, r->ro, r->d)) == NULL)
		goto out;
	for (i = 0; i < n; i++, (*seen)++) {
		struct unit *u;

		if (emps[i].id == NULL || emps[i].department_id == NULL) {
			diag_report(r->d, DIAG_ARCHIVE_BAD_NAME, NULL,
			            "%s: employee or department id is not text",
			            k->name);
			goto out;
		}
		if (!jobs_shard_has(&r->shard, *seen))
			continue;
		if (r->nunits == r->units_cap)
			r->units = xgrow(r->units, &r->units_cap, r->nunits + 1,
			                 sizeof(*r->units));
		u = &r->units[r->nunits++];
		u->kind = ki;
		u->emp = xstrdup(emps[i].id);
		u->dept = xstrdup(emps[i].department_id);
	}
	rc = 0;
out:
	free(path);
	arena_free(a);
	return rc;
}

/* ---- the worker side ---- */

/* A database connection must not cross fork(): each worker opens its own. */
static int
worker_init(void *ctx, struct diag *d)
{
	struct run *r = ctx;

	r->ro = db_open(r->dbpath, DB_READONLY, d);
	r->scratch = pdf_scratch_new();
	return r->ro != NULL ? 0 : -1;
}

static int
work_unit(void *ctx, size_t i, struct jobs_out *out, struct diag *d)
{
	struct run *r = ctx;
	const struct unit *u = &r->units[i];

	r->d = d;
	return one_record(r, &kinds[u->kind], r->tmpl[u->kind], u->emp, u->dept,
	                  out);
}

/* After a worker's last record, or when it stops: the staged files. */
static int
worker_done(void *ctx, struct jobs_out *out, struct diag *d)
{
	return flush_staged(ctx, out, d);
}

/* ---- the parent side ---- */

/* A worker's ledger row (one_record): keep it and say what was written. */
static int
take_record(void *ctx, const void *rec, size_t len, struct diag *d)
{
	struct run *r = ctx;
	char *s = xstrndup(rec, len), *f[6], *save = NULL;
	struct archive_entry *e;
	size_t n = 0;
	int ki;

	for (f[n] = strtok_r(s, "\t", &save); n < 5 && f[n] != NULL;
	     f[n] = strtok_r(NULL, "\t", &save))
		n++;
	ki = f[0] != NULL ? atoi(f[0]) : -1;
	if (n != 5 || f[5] == NULL || ki < 0 || (size_t)ki >= NKINDS) {
		diag_report(d, DIAG_JOBS_WORKER, NULL,
		            "malformed result from a worker: \"%.80s\"", s);
		free(s);
		return -1;
	}
	if (r->nents == r->cap)
		r->ents =
		    xgrow(r->ents, &r->cap, r->nents + 1, sizeof(*r->ents));
	e = &r->ents[r->nents++];
	memset(e, 0, sizeof(*e));
	e->kind = kinds[ki].name;
	e->employee_id = xstrdup(f[1]);
	e->path = xstrdup(f[2]);
	e->sha256 = xstrdup(f[3]);
	e->size = strtoll(f[4], NULL, 10);
	e->version = atoi(f[5]);
	e->month = r->month;
	e->created_at = r->created_at;
	e->generator = r->generator;
	e->signer_sha256 = r->key ? sign_key_fingerprint(r->key) : NULL;
	e->archive_id = r->archive_id;
	if (e->version > 1)
		printf("wrote %s/%s (version %d: earlier versions kept)\n",
		       r->outdir, e->path, e->version);
	else
		printf("wrote %s/%s\n", r->outdir, e->path);
	free(s);
	return 0;
}

static void
run_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nents; i++) {
		free((char *)r->ents[i].path);
		free((char *)r->ents[i].employee_id);
		free((char *)r->ents[i].sha256);
	}
	for (i = 0; i < r->nunits; i++) {
		free(r->units[i].emp);
		free(r->units[i].dept);
	}
	for (i = 0; i < NKINDS; i++)
		tmpl_free(r->tmpl[i]);
	free(r->units);
	free(r->ents);
	free(r->generator);
	pdf_scratch_free(r->scratch);
	sign_key_free(r->key);
	fontset_free(r->fs);
	db_close(r->ro);
	db_close(r->rw);
}

static int
parse_kinds(const char *list, int *want, struct diag *d)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	size_t i;
	int rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NKINDS; i++)
			if (strcmp(tok, kinds[i].name) == 0)
				break;
		if (i == NKINDS) {
			diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
			            "--kind %s: expected payslip or scorecard",
			            tok);
			rc = -1;
			break;
		}
		want[i] = 1;
	}
	free(copy);
	return rc;
}

/*
 * Every character of the signer's name is in a font of the chain: checked
 * once, before the workers start, instead of failing in each of them.
 */
static int
signer_printable(const struct fontset *fs, const char *signer, const char *cert,
                 struct diag *d)
{
	size_t len = strlen(signer), i = 0;
	uint32_t cp;

	while (i < len) {
		int k = utf8_decode(signer + i, len - i, &cp);

		if (k < 0)
			break;
		if (fontset_pick(fs, cp) < 0) {
			diag_report(
			    d, DIAG_SIGN_KEY, NULL,
			    "%s: the "
			    "certificate's name \"%s\" has U+%04X, which no "
			    "font has: make the certificate again with openssl "
			    "req -utf8 -subj '/CN=NAME', or add a font with "
			    "--font",
			    cert, signer, (unsigned)cp);
			return -1;
		}
		i += (size_t)k;
	}
	return 0;
}

static int
archive(struct run *r, const int *want, const char *key, const char *cert,
        const char *const *fonts, size_t nf)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct jobs_spec spec;
	struct tm tm;
	size_t i, seen = 0;
	int rc;

	r->now = sde != NULL && *sde != '\0' ? strtoll(sde, NULL, 10)
	                                     : (long long)now;
	gmtime_r(&now, &tm);
	strftime(r->created_at, sizeof(r->created_at), "%Y-%m-%dT%H:%M:%SZ",
	         &tm);
	r->generator = xasprintf("hrpress %s", HRP_VERSION);
	if (key != NULL && (r->key = sign_key_load(key, cert, r->d)) == NULL)
		return -1;
	if ((r->rw = db_open(r->dbpath, DB_READWRITE, r->d)) == NULL ||
	    (r->ro = db_open(r->dbpath, DB_READONLY, r->d)) == NULL)
		return -1;
	if (want[0] && check_month(r) != 0)
		return -1;
	for (i = 0; i < NKINDS; i++)
		if (want[i] && one_kind(r, i, &seen) != 0)
			return -1;
	/* the workers open their own connections */
	db_close(r->ro);
	r->ro = NULL;
	r->fs = render_fonts(fonts, nf, r->d);
	if (r->fs == NULL ||
	    (r->key != NULL &&
	     signer_printable(r->fs, sign_key_signer(r->key), cert, r->d) != 0))
		return -1;
	/* the ledger rows name this archive directory (archive_root_id) */
	if (archive_root_id(r->outdir, 1, r->archive_id, r->d) != 0)
		return -1;
	memset(&spec, 0, sizeof(spec));
	spec.nunits = r->nunits;
	spec.workers = r->workers;
	spec.unit_name = "files";
	spec.progress = 1;
	spec.ctx = r;
	spec.worker_init = worker_init;
	spec.work = work_unit;
	spec.worker_done = worker_done;
	spec.record = take_record;
	rc = jobs_run(&spec, r->d);
	/*
	 * The files written so far are durable; enter them even after a
	 * failure, so that the ledger knows every file in the archive. Only
	 * this process writes the database.
	 */
	if (r->nents > 0 &&
	    (archive_sync_dirs(r->outdir, r->ents, r->nents, r->d) != 0 ||
	     archive_ledger_append(r->rw, r->ents, r->nents, r->d) != 0))
		return -1;
	if (rc != 0)
		return -1;
	printf("archived %zu record%s for %s in %s\n", r->nents,
	       r->nents == 1 ? "" : "s", r->month, r->outdir);
	return 0;
}

int
cmd_archive(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"month", required_argument, NULL, 'm'},
	    {"kind", required_argument, NULL, 'k'},
	    {"key", required_argument, NULL, 'K'},
	    {"cert", required_argument, NULL, 'C'},
	    {"font", required_argument, NULL, 'f'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"shard", required_argument, NULL, 'S'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *fonts[MAX_FONTS];
	const char *key = NULL, *cert = NULL, *env;
	int want[NKINDS];
	struct run r;
	size_t nf = 0, i;
	int c, rc;

	memset(&r, 0, sizeof(r));
	r.workers = jobs_default_workers();
	r.shard.k = r.shard.n = 1;
	for (i = 0; i < NKINDS; i++)
		want[i] = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:m:k:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			r.outdir = optarg;
			break;
		case 'm':
			r.month = optarg;
			break;
		case 'k':
			if (parse_kinds(optarg, want, d) != 0)
				return 1;
			break;
		case 'K':
			key = optarg;
			break;
		case 'C':
			cert = optarg;
			break;
		case 'f':
			if (nf == MAX_FONTS) {
				diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
				            "at most %d fonts", MAX_FONTS);
				return 1;
			}
			fonts[nf++] = optarg;
			break;
		case 'j':
			if (jobs_parse_workers(optarg, &r.workers, d) != 0)
				return 1;
			break;
		case 'S':
			if (jobs_parse_shard(optarg, "--shard", &r.shard, d) !=
			    0)
				return 1;
			break;
		case 'h':
			fputs(archive_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 1 || r.month == NULL || r.outdir == NULL) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress archive DB --month YYYY-MM -o DIR "
		            "(see hrpress archive --help)");
		return 1;
	}
	if (month_arg("--month", r.month, &r.m, d) != 0)
		return 1;
	if ((key == NULL) != (cert == NULL)) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "--key and --cert go together");
		return 1;
	}
	for (i = 0; i < NKINDS && !want[i]; i++)
		;
	if (i == NKINDS)
		for (i = 0; i < NKINDS; i++)
			want[i] = 1;
	env = getenv("HRPRESS_ICC_PROFILE");
	r.icc = env != NULL && *env != '\0' ? env : NULL;
	r.d = d;
	r.dbpath = argv[optind];
	rc = archive(&r, want, key, cert, fonts, nf) == 0
	         ? 0
	         : (diag_exit_code(d) ? diag_exit_code(d) : 2);
	run_free(&r);
	return rc;
}
