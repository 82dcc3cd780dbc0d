/* SPDX-License-Identifier: MIT */
/*
 * hrpress render DB TEMPLATE -o OUT, and the shortcuts handbook, scorecards
 * and payslips that use the built-in templates. Glue only: open the database
 * read-only, parse and check the template, bind, lay out, write the PDF.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bind.h"
#include "buf.h"
#include "cli.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "distribute.h"
#include "dump.h"
#include "encrypt.h"
#include "archive.h"
#include "font.h"
#include "jobs.h"
#include "month.h"
#include "outfile.h"
#include "page.h"
#include "pdf.h"
#include "people.h"
#include "render.h"
#include "tmpl.h"
#include "xmem.h"

#define MAX_PARAMS 32
#define MAX_FONTS 8

/* Options every rendering command has, and where fonts come from. */
#define COMMON_OPTS                                                            \
	"  -D NAME=VALUE         any other template parameter\n"               \
	"  --font FILE[:INDEX]   font chain, in order of preference "          \
	"(repeatable);\n"                                                      \
	"                        default: DroidSansFallbackFull.ttf,\n"        \
	"                        DejaVuSans.ttf, HanaMinB.ttf\n"               \
	"  --dump=tmpl|doc|page  no PDF: print the template tree, the bound\n" \
	"                        document or the laid-out pages as text, to\n" \
	"                        standard output or to -o FILE "               \
	"(docs/templates.md)\n"                                                \
	"  -h, --help            this text\n"                                  \
	"  --version             the version of hrpress\n\n"                   \
	"-o names a new or existing PDF, written under a temporary name and\n" \
	"renamed when complete, with the umask's permissions; -o - writes "    \
	"the\n"                                                                \
	"PDF to standard output (the \"wrote\" line then goes to standard\n"   \
	"error). An -o that is the database, the template or a font is\n"      \
	"refused.\n\n"                                                         \
	"Fonts are searched in $HRPRESS_FONT_PATH, ./fonts, the installed "    \
	"data\n"                                                               \
	"directory and /usr/share/fonts/truetype/*.\n"

#define BUILTIN_NOTE                                                           \
	"The built-in template is searched in $HRPRESS_TEMPLATES, the\n"       \
	"templates/ folder beside the program's parent folder, then the\n"     \
	"installed data directory.\n"

#define SPLIT_OPTS(cmd)                                                        \
	"  --split store         one PDF per store,\n"                         \
	"                        DIR/" cmd "-YYYY-MM-<store id>.pdf;\n"        \
	"                        -o names the directory (default .)\n"         \
	"  -j, --jobs N          with --split: worker processes (default: "    \
	"online\n"                                                             \
	"                        processors)\n"                                \
	"  --shard K/N           with --split: only the K-th of N shards, "    \
	"for\n"                                                                \
	"                        spreading a run over machines\n"

static const char render_usage[] =
    "usage: hrpress render DB TEMPLATE.xml [options] -o OUT.pdf\n\n"
    "Render a template with the data of DB (opened read-only) into a PDF.\n"
    "For the built-in documents see hrpress handbook, scorecards and\n"
    "payslips --help.\n\n"
    "  -o, --output FILE     the PDF to write, or - for standard output\n"
    "  -m, --month YYYY-MM   the template parameter month\n"
    "  -e, --employee ID     the template parameter employee\n" COMMON_OPTS;

static const char handbook_usage[] =
    "usage: hrpress handbook DB [-D year=YYYY] [-o OUT.pdf]\n\n"
    "The job-description handbook (岗位说明书汇编) of DB's stores, with a\n"
    "table of contents, from the built-in template handbook.xml.\n\n"
    "  -o, --output FILE     the PDF to write (default handbook.pdf), or "
    "-\n" COMMON_OPTS "\n" BUILTIN_NOTE;

static const char scorecards_usage[] =
    "usage: hrpress scorecards DB --month YYYY-MM [--employee ID]\n"
    "                          [-o OUT.pdf]\n"
    "       hrpress scorecards DB --month YYYY-MM --split store|employee\n"
    "                          [--encrypt] [-j N] [--shard K/N] [-o DIR]\n\n"
    "A month's performance scorecards (绩效考核表), one page per employee\n"
    "with KPI results, from the built-in template scorecard.xml.\n\n"
    "  -o, --output FILE     the PDF to write (default\n"
    "                        scorecards-YYYY-MM.pdf), or -\n"
    "  -m, --month YYYY-MM   the month (required)\n"
    "  -e, --employee ID     only this employee\n" SPLIT_OPTS(
        "scorecards") "  --split employee      one PDF per employee,\n"
                      "                        DIR/scorecard-YYYY-MM-<employee "
                      "id>.pdf, and\n"
                      "                        DIR/manifest-YYYY-MM.csv for a "
                      "mail merge\n"
                      "  --encrypt, --owner-password-file FILE, "
                      "--owner-password PW\n"
                      "                        with --split employee: AES-256 "
                      "protection,\n"
                      "                        as for payslips (see hrpress "
                      "payslips --help)\n" COMMON_OPTS "\n" BUILTIN_NOTE;

static const char payslips_usage[] =
    "usage: hrpress payslips DB --month YYYY-MM [--employee ID]\n"
    "                        [-o OUT.pdf]\n"
    "       hrpress payslips DB --month YYYY-MM --split store [-j N]\n"
    "                        [--shard K/N] [-o DIR]\n"
    "       hrpress payslips DB --month YYYY-MM --split employee\n"
    "                        [--encrypt [--owner-password-file FILE]]\n"
    "                        [-j N] [--shard K/N] [-o DIR]\n\n"
    "A month's payslips (工资条) from its stored pay run, from the built-in\n"
    "template payslip.xml.\n\n"
    "  -o, --output FILE     the PDF to write (default\n"
    "                        payslips-YYYY-MM.pdf), or -\n"
    "  -m, --month YYYY-MM   the month (required)\n"
    "  -e, --employee ID     only this employee\n" SPLIT_OPTS(
        "payslips") "  --split employee      one PDF per employee,\n"
                    "                        DIR/payslip-YYYY-MM-<employee "
                    "id>.pdf, and\n"
                    "                        DIR/manifest-YYYY-MM.csv for a "
                    "mail merge\n"
                    "                        (employee id, name, e-mail, "
                    "file)\n"
                    "  --encrypt             with --split employee: protect "
                    "each file with\n"
                    "                        AES-256; it opens with the "
                    "employee's\n"
                    "                        payslip_password, else the last 6 "
                    "characters\n"
                    "                        of the ID number; printing "
                    "allowed, changes\n"
                    "                        and copying not. An employee with "
                    "neither is\n"
                    "                        an error before any file is "
                    "written\n"
                    "  --owner-password-file FILE  the owner password (lifts "
                    "the limits):\n"
                    "                        the first line of FILE; else\n"
                    "                        $HRPRESS_OWNER_PASSWORD; else a "
                    "random one\n"
                    "                        that nobody knows\n"
                    "  --owner-password PW   the same on the command line, "
                    "where other\n"
                    "                        users of the machine can see it "
                    "(ps): prefer\n"
                    "                        the file\n" COMMON_OPTS
                    "\n" BUILTIN_NOTE
                    "\nSee docs/distribution.md for sending the files out.\n";

static void
print_usage(const char *cmd)
{
	const char *u = strcmp(cmd, "handbook") == 0     ? handbook_usage
	                : strcmp(cmd, "scorecards") == 0 ? scorecards_usage
	                : strcmp(cmd, "payslips") == 0   ? payslips_usage
	                                                 : render_usage;

	fputs(u, stdout);
}

static int
render(const char *dbpath, const char *tpath, const struct bind_param *params,
       size_t nparams, const char *const *fonts, size_t nfonts, const char *out,
       struct diag *d)
{
	struct db *db = NULL;
	struct tmpl *t = NULL;
	struct fontset *fs = NULL;
	struct page_doc *pd = NULL;
	int rc = -1;

	if ((db = db_open(dbpath, DB_READONLY, d)) == NULL ||
	    (t = render_template(tpath, db, d)) == NULL ||
	    (fs = render_fonts(fonts, nfonts, d)) == NULL ||
	    (pd = render_pages(t, db, params, nparams, fs, d)) == NULL ||
	    pdf_write(pd, fs, out, NULL, d) != 0)
		goto out;
	/* with -o -, standard output carries the PDF and nothing else */
	fprintf(outfile_is_stdout(out) ? stderr : stdout,
	        "wrote %s (%zu page%s)\n",
	        outfile_is_stdout(out) ? "the PDF to standard output" : out,
	        pd->npages, pd->npages == 1 ? "" : "s");
	rc = 0;
out:
	page_doc_free(pd);
	fontset_free(fs);
	tmpl_free(t);
	db_close(db);
	return rc;
}

/*
 * Does the document print a month's pay run? payslips always; another
 * template when its text reads the run's tables.
 */
static int
prints_run(const char *cmd, const char *tpath)
{
	static const char *const tables[] = {"pay_slip", "pay_line", "pay_run"};
	char chunk[8192];
	struct buf b;
	size_t n, i;
	int found = 0;
	FILE *f;

	if (strcmp(cmd, "payslips") == 0)
		return 1;
	if ((f = fopen(tpath, "rb")) == NULL)
		return 0; /* reported when the template is parsed */
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]) && b.len; i++)
		if (strstr(buf_cstr(&b), tables[i]) != NULL)
			found = 1;
	buf_free(&b);
	return found;
}

/*
 * Before rendering: --employee names an employee (with a payslip, when the
 * document prints the run), and the month's stored run exists and matches
 * the data (closing.h).
 */
static int
check_run(const char *dbpath, const char *month, const char *employee, int run,
          struct diag *d)
{
	struct db *db;
	int rc = 0;

	if (employee == NULL && (month == NULL || !run))
		return 0;
	if ((db = db_open(dbpath, DB_READONLY, d)) == NULL)
		return -1;
	if (run && month != NULL)
		rc = closing_run_fresh(db, month, 0, d);
	if (rc == 0 && employee != NULL)
		rc = closing_check_employee(db, month, employee, run, d);
	db_close(db);
	return rc;
}

/* ---- one PDF per store or per employee (--split) ---- */

enum split_by { SPLIT_NONE, SPLIT_STORE, SPLIT_EMPLOYEE };

/* One file of a split run. */
struct split_unit {
	const char *key; /* store or employee id (the arena's) */
	char *path;      /* DIR/NAME.pdf */
	char *password;  /* open password with --encrypt, else NULL */
};

struct split {
	const char *dbpath, *cmd, *month, *dir;
	struct month m;        /* month, parsed */
	enum people_kind kind; /* what the documents print */
	enum split_by by;
	const struct bind_param *params; /* the user's, then the key */
	size_t nparams;
	const char *owner_pw;               /* --encrypt, else NULL */
	const struct outfile_input *inputs; /* never overwritten */
	size_t ninputs;
	struct tmpl *t;
	struct fontset *fs;
	struct db *db;               /* per worker */
	struct pdf_scratch *scratch; /* per worker */
	struct split_unit *units;    /* this shard's */
	size_t nunits;
	/* --split employee: the manifest's rows, one per unit */
	struct distribute_person *people;
	const char **files;
	enum distribute_pw_from *from;
};

static int
split_worker_init(void *ctx, struct diag *d)
{
	struct split *sp = ctx;

	sp->db = db_open(sp->dbpath, DB_READONLY, d);
	sp->scratch = pdf_scratch_new();
	return sp->db != NULL ? 0 : -1;
}

/*
 * Render pd and encrypt it in memory, so that the unprotected document
 * never reaches the disk, then write it with the atomic writer.
 */
static int
write_encrypted(const struct split *sp, const struct page_doc *pd,
                const struct split_unit *u, const struct pdf_options *opt,
                struct diag *d)
{
	unsigned char *plain = NULL, *enc = NULL;
	size_t plen = 0, elen = 0;
	int rc = -1;

	if (pdf_render(pd, sp->fs, u->path, opt, &plain, &plen, d) != 0)
		return -1;
	if (encrypt_pdf(plain, plen, u->password, sp->owner_pw, u->path, &enc,
	                &elen, d) == 0)
		rc = outfile_write(u->path, enc, elen, 0, d);
	explicit_bzero(plain, plen);
	free(plain);
	free(enc);
	return rc;
}

/* In a worker: one unit's document, sent back as "PATH\tPAGES". */
static int
split_work(void *ctx, size_t i, struct jobs_out *out, struct diag *d)
{
	struct split *sp = ctx;
	const struct split_unit *u = &sp->units[i];
	struct bind_param params[MAX_PARAMS + 1];
	struct pdf_options opt;
	struct page_doc *pd = NULL;
	char *rec;
	int rc = -1;

	memcpy(params, sp->params, sp->nparams * sizeof(*params));
	params[sp->nparams].name = sp->by == SPLIT_STORE ? "store" : "employee";
	params[sp->nparams].value = u->key;
	memset(&opt, 0, sizeof(opt));
	opt.compress = 1;
	opt.scratch = sp->scratch;
	if ((pd = render_pages(sp->t, sp->db, params, sp->nparams + 1, sp->fs,
	                       d)) != NULL &&
	    (u->password != NULL
	         ? write_encrypted(sp, pd, u, &opt, d)
	         : pdf_write(pd, sp->fs, u->path, &opt, d)) == 0) {
		rec = xasprintf("%s\t%zu", u->path, pd->npages);
		rc = jobs_emit(out, rec, strlen(rec));
		free(rec);
	}
	page_doc_free(pd);
	return rc;
}

static int
split_record(void *ctx, const void *rec, size_t len, struct diag *d)
{
	const char *tab = memchr(rec, '\t', len);
	unsigned long pages;

	(void)ctx;
	(void)d;
	if (tab == NULL)
		return -1;
	pages = strtoul(tab + 1, NULL, 10);
	printf("wrote %.*s (%lu page%s)\n", (int)(tab - (const char *)rec),
	       (const char *)rec, pages, pages == 1 ? "" : "s");
	return 0;
}

/*
 * The units of this shard, from the n ids (stores or employees) and, with
 * --split employee, the employees emps[0..n), each checked before any file
 * is written: a usable id, an open password with --encrypt, and a path
 * that is none of the inputs. Every problem is reported.
 */
static int
split_units(struct split *sp, const char *const *ids,
            const struct people_employee *emps, size_t n,
            const struct jobs_shard *shard, struct diag *d)
{
	size_t i;
	int errors = diag_errors(d);

	assert(n == 0 || (sp->by == SPLIT_EMPLOYEE ? emps : (const void *)ids));
	sp->units = xcalloc(n ? n : 1, sizeof(*sp->units));
	if (sp->by == SPLIT_EMPLOYEE) {
		sp->people = xcalloc(n ? n : 1, sizeof(*sp->people));
		sp->files = xcalloc(n ? n : 1, sizeof(*sp->files));
		sp->from = xcalloc(n ? n : 1, sizeof(*sp->from));
	}
	for (i = 0; i < n; i++) {
		const char *id = sp->by == SPLIT_EMPLOYEE ? emps[i].id : ids[i];
		struct split_unit *u;
		char *name;

		/* the id becomes part of a file name */
		if (id == NULL || !archive_name_ok(id)) {
			diag_report(
			    d, DIAG_ARCHIVE_BAD_NAME, NULL, "%s id \"%.80s\"",
			    sp->by == SPLIT_STORE ? "store" : "employee",
			    id != NULL ? id : "");
			continue;
		}
		if (!jobs_shard_has(shard, i))
			continue;
		u = &sp->units[sp->nunits];
		u->key = id;
		if (sp->by == SPLIT_STORE) {
			u->path = xasprintf("%s/%s-%s-%s.pdf", sp->dir, sp->cmd,
			                    sp->month, id);
		} else {
			struct distribute_person *p = &sp->people[sp->nunits];

			p->id = id;
			p->name = emps[i].name;
			p->email = emps[i].email;
			p->password = emps[i].password;
			p->id_number = emps[i].id_number;
			name = distribute_file_name(sp->kind == PEOPLE_PAYSLIP
			                                ? "payslip"
			                                : "scorecard",
			                            sp->month, id);
			u->path = xasprintf("%s/%s", sp->dir, name);
			sp->files[sp->nunits] = strrchr(u->path, '/') + 1;
			free(name);
			if (sp->owner_pw != NULL)
				u->password = distribute_password(
				    p, sp->owner_pw, &sp->from[sp->nunits], d);
		}
		sp->nunits++;
		(void)outfile_check_distinct(u->path, sp->inputs, sp->ninputs,
		                             d);
	}
	return diag_errors(d) > errors ? -1 : 0;
}

/* --split employee: the mail-merge manifest beside the files. */
static int
write_manifest(const struct split *sp, const struct jobs_shard *shard,
               struct diag *d)
{
	char *name = distribute_manifest_name(sp->month, shard->k, shard->n);
	char *path = xasprintf("%s/%s", sp->dir, name);
	char *text;
	size_t len;
	int rc = -1;

	text = distribute_manifest(sp->people, sp->nunits, sp->files, sp->from,
	                           &len);
	if (outfile_check_distinct(path, sp->inputs, sp->ninputs, d) == 0 &&
	    outfile_write(path, text, len, 0, d) == 0) {
		printf("wrote %s (%zu employee%s)\n", path, sp->nunits,
		       sp->nunits == 1 ? "" : "s");
		rc = 0;
	}
	free(text);
	free(path);
	free(name);
	return rc;
}

static int
render_split(struct split *sp, const char *tpath, int workers,
             const struct jobs_shard *shard, const char *const *fonts,
             size_t nfonts, struct diag *d)
{
	struct arena *a = arena_new();
	struct people_employee *emps = NULL;
	const char **ids = NULL;
	struct jobs_spec spec;
	size_t i, n;
	int rc = -1;

	assert(sp->dir != NULL);
	if ((sp->db = db_open(sp->dbpath, DB_READONLY, d)) == NULL ||
	    (sp->t = render_template(tpath, sp->db, d)) == NULL)
		goto out;
	if ((sp->by == SPLIT_STORE
	         ? people_stores(sp->db, sp->kind, sp->m, a, &ids, &n, d)
	         : people_employees(sp->db, sp->kind, sp->m, a, &emps, &n,
	                            d)) != 0)
		goto out;
	/* nothing is written before every unit is known to be writable */
	if (split_units(sp, ids, emps, n, shard, d) != 0)
		goto out;
	/* the directory gets the umask's permissions, like the files */
	if (mkdir(sp->dir, 0777) < 0 && errno != EEXIST) {
		diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s", sp->dir,
		            strerror(errno));
		goto out;
	}
	/* the workers open their own connections */
	db_close(sp->db);
	sp->db = NULL;
	if ((sp->fs = render_fonts(fonts, nfonts, d)) == NULL)
		goto out;
	memset(&spec, 0, sizeof(spec));
	spec.nunits = sp->nunits;
	spec.workers = workers;
	spec.unit_name = sp->by == SPLIT_STORE ? "stores" : "employees";
	spec.progress = 1;
	spec.ctx = sp;
	spec.worker_init = split_worker_init;
	spec.work = split_work;
	spec.record = split_record;
	if (jobs_run(&spec, d) != 0)
		goto out;
	if (sp->nunits == 0)
		printf("no %s for %s\n", sp->cmd, sp->month);
	else if (sp->by == SPLIT_EMPLOYEE && write_manifest(sp, shard, d) != 0)
		goto out;
	rc = 0;
out:
	for (i = 0; i < sp->nunits; i++) {
		free(sp->units[i].path);
		if (sp->units[i].password != NULL) {
			explicit_bzero(sp->units[i].password,
			               strlen(sp->units[i].password));
			free(sp->units[i].password);
		}
	}
	free(sp->units);
	free(sp->people);
	free(sp->files);
	free(sp->from);
	fontset_free(sp->fs);
	tmpl_free(sp->t);
	db_close(sp->db);
	arena_free(a);
	return rc;
}

/* What an output must never replace. */
struct inputs {
	struct outfile_input in[3 + MAX_FONTS];
	char *fonts[MAX_FONTS]; /* "FILE:INDEX" names FILE */
	size_t n, nfonts;
};

static void
inputs_init(struct inputs *ins, const char *dbpath, const char *tpath,
            const char *const *fonts, size_t nfonts, const char *pwfile)
{
	size_t i;

	memset(ins, 0, sizeof(*ins));
	ins->in[ins->n].what = "the database";
	ins->in[ins->n++].path = dbpath;
	ins->in[ins->n].what = "the template";
	ins->in[ins->n++].path = tpath;
	ins->in[ins->n].what = "the owner password file";
	ins->in[ins->n++].path = pwfile;
	for (i = 0; i < nfonts; i++) {
		const char *colon;

		assert(fonts[i] != NULL); /* getopt's required argument */
		colon = strrchr(fonts[i], ':');
		ins->fonts[i] =
		    colon != NULL && colon[1] != '\0' &&
		            strspn(colon + 1, "0123456789") == strlen(colon + 1)
		        ? xstrndup(fonts[i], (size_t)(colon - fonts[i]))
		        : xstrdup(fonts[i]);
		ins->in[ins->n].what = "a font";
		ins->in[ins->n++].path = ins->fonts[i];
	}
	ins->nfonts = nfonts;
}

static void
inputs_free(struct inputs *ins)
{
	size_t i;

	for (i = 0; i < ins->nfonts; i++)
		free(ins->fonts[i]);
}

#define OWNER_PW_MAX 1024

/*
 * The owner password of --encrypt: the first line of --owner-password-file,
 * else --owner-password, else $HRPRESS_OWNER_PASSWORD, else a random one
 * that nobody knows. Caller frees; NULL after reporting.
 */
static char *
owner_password(const char *file, const char *arg, struct diag *d)
{
	const char *env = getenv("HRPRESS_OWNER_PASSWORD");
	char line[OWNER_PW_MAX + 2];
	FILE *f;
	size_t n;

	if (file == NULL && arg == NULL && (env == NULL || *env == '\0'))
		return encrypt_random_password(d);
	if (file == NULL) {
		arg = arg != NULL ? arg : env;
		if (strlen(arg) > OWNER_PW_MAX) {
			diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
			            "owner password longer than %d bytes",
			            OWNER_PW_MAX);
			return NULL;
		}
		return xstrdup(arg);
	}
	if ((f = fopen(file, "rb")) == NULL) {
		diag_report(d, DIAG_IO_OPEN, NULL, "%s: %s", file,
		            strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	if (n > OWNER_PW_MAX) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "%s: owner password longer than %d bytes", file,
		            OWNER_PW_MAX);
		return NULL;
	}
	if (n == 0) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "%s: the first line (the owner password) is empty",
		            file);
		return NULL;
	}
	line[n] = '\0';
	return xstrdup(line);
}

int
cmd_render(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"month", required_argument, NULL, 'm'},
	    {"employee", required_argument, NULL, 'e'},
	    {"font", required_argument, NULL, 'f'},
	    {"split", required_argument, NULL, 's'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"shard", required_argument, NULL, 'S'},
	    {"encrypt", no_argument, NULL, 'E'},
	    {"owner-password-file", required_argument, NULL, 'P'},
	    {"owner-password", required_argument, NULL, 'p'},
	    {"dump", required_argument, NULL, 'U'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = argv[0];
	struct bind_param params[MAX_PARAMS];
	const char *fonts[MAX_FONTS];
	size_t np = 0, nf = 0;
	const char *out = NULL, *month = NULL, *tpath = NULL, *dbpath;
	const char *employee = NULL, *pwfile = NULL, *pwarg = NULL;
	char *builtin = NULL, *defout = NULL, *owner = NULL;
	int c, rc = -1, positional, workers = jobs_default_workers();
	int sharded = 0, encrypt = 0, dumping = 0;
	enum dump_kind dump = DUMP_PAGE;
	enum split_by split = SPLIT_NONE;
	struct jobs_shard shard = {1, 1};
	struct month m = {0, 0};
	struct inputs ins;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:m:e:D:j:h", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'm':
		case 'e':
			if (np == MAX_PARAMS)
				goto too_many;
			params[np].name = c == 'm' ? "month" : "employee";
			params[np++].value = optarg;
			if (c == 'm')
				month = optarg;
			else
				employee = optarg;
			break;
		case 'D': {
			char *eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg) {
				diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
				            "-D %s: expected NAME=VALUE",
				            optarg);
				return 1;
			}
			if (np == MAX_PARAMS)
				goto too_many;
			*eq = '\0';
			params[np].name = optarg;
			params[np++].value = eq + 1;
			break;
		}
		case 'f':
			if (nf == MAX_FONTS) {
				diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
				            "at most %d fonts", MAX_FONTS);
				return 1;
			}
			fonts[nf++] = optarg;
			break;
		case 's':
			if (strcmp(optarg, "store") == 0)
				split = SPLIT_STORE;
			else if (strcmp(optarg, "employee") == 0)
				split = SPLIT_EMPLOYEE;
			else {
				diag_report(
				    d, DIAG_CLI_BAD_VALUE, NULL,
				    "--split %s: expected --split store or "
				    "--split employee",
				    optarg);
				return 1;
			}
			break;
		case 'j':
			if (jobs_parse_workers(optarg, &workers, d) != 0)
				return 1;
			break;
		case 'S':
			if (jobs_parse_shard(optarg, "--shard", &shard, d) != 0)
				return 1;
			sharded = 1;
			break;
		case 'E':
			encrypt = 1;
			break;
		case 'P':
			pwfile = optarg;
			break;
		case 'p':
			pwarg = optarg;
			break;
		case 'U':
			if (dump_kind_parse(optarg, &dump, d) != 0)
				return 1;
			dumping = 1;
			break;
		case 'h':
			print_usage(cmd);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	positional = strcmp(cmd, "render") == 0 ? 2 : 1;
	if (argc - optind != positional) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "%s (see hrpress %s --help)",
		            positional == 2
		                ? "hrpress render DB TEMPLATE.xml -o OUT.pdf"
		                : "expected exactly one database",
		            cmd);
		return 1;
	}
	if (month != NULL && month_arg("--month", month, &m, d) != 0)
		return 1;
	if (dumping && split != SPLIT_NONE) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "--dump shows one document: leave out --split");
		return 1;
	}
	/* a dump goes to standard output unless -o names a file */
	if (dumping && out == NULL)
		out = "-";
	if (split != SPLIT_NONE && strcmp(cmd, "payslips") != 0 &&
	    strcmp(cmd, "scorecards") != 0) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "--split works with payslips and scorecards");
		return 1;
	}
	if (split == SPLIT_NONE && sharded) {
		diag_report(
		    d, DIAG_CLI_USAGE, NULL,
		    "--shard needs --split store or --split employee: one "
		    "document cannot be split");
		return 1;
	}
	if (split == SPLIT_EMPLOYEE && employee != NULL) {
		diag_report(
		    d, DIAG_CLI_USAGE, NULL,
		    "--split employee writes every employee's file; leave out "
		    "--employee %s",
		    employee);
		return 1;
	}
	if (encrypt && split != SPLIT_EMPLOYEE) {
		diag_report(
		    d, DIAG_CLI_USAGE, NULL,
		    "--encrypt protects each employee's own file: use it with "
		    "--split employee");
		return 1;
	}
	if (!encrypt && (pwfile != NULL || pwarg != NULL)) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "an owner password needs --encrypt");
		return 1;
	}
	if (pwfile != NULL && pwarg != NULL) {
		diag_report(
		    d, DIAG_CLI_USAGE, NULL,
		    "give --owner-password-file or --owner-password, not both");
		return 1;
	}
	dbpath = argv[optind];
	if (positional == 2) {
		tpath = argv[optind + 1];
		if (out == NULL) {
			diag_report(d, DIAG_CLI_USAGE, NULL,
			            "render needs -o OUT.pdf");
			return 1;
		}
	} else {
		const char *name = strcmp(cmd, "handbook") == 0 ? "handbook.xml"
		                   : strcmp(cmd, "scorecards") == 0
		                       ? "scorecard.xml"
		                       : "payslip.xml";
		if (strcmp(cmd, "handbook") != 0 && month == NULL) {
			diag_report(d, DIAG_CLI_USAGE, NULL,
			            "hrpress %s needs --month YYYY-MM", cmd);
			return 1;
		}
		tpath = builtin = render_builtin_path(name);
		if (out == NULL) {
			defout = strcmp(cmd, "handbook") == 0
			             ? xstrdup("handbook.pdf")
			             : xasprintf("%s-%s.pdf", cmd, month);
			out = defout;
		}
	}
	inputs_init(&ins, dbpath, tpath, fonts, nf, pwfile);
	if (split == SPLIT_NONE &&
	    outfile_check_distinct(out, ins.in, ins.n, d) != 0)
		goto out;
	if (check_run(dbpath, month, employee, prints_run(cmd, tpath), d) != 0)
		goto out;
	if (split != SPLIT_NONE) {
		struct split sp;

		if (outfile_is_stdout(out)) {
			diag_report(
			    d, DIAG_CLI_USAGE, NULL,
			    "--split writes many files: -o names a directory, "
			    "not -");
			goto out;
		}
		if (encrypt &&
		    (owner = owner_password(pwfile, pwarg, d)) == NULL)
			goto out;
		memset(&sp, 0, sizeof(sp));
		sp.dbpath = dbpath;
		sp.cmd = cmd;
		sp.month = month;
		sp.m = m;
		sp.kind = strcmp(cmd, "payslips") == 0 ? PEOPLE_PAYSLIP
		                                       : PEOPLE_SCORECARD;
		sp.by = split;
		/* with --split, -o names a directory */
		sp.dir = defout == NULL ? out : ".";
		sp.params = params;
		sp.nparams = np;
		sp.owner_pw = owner;
		sp.inputs = ins.in;
		sp.ninputs = ins.n;
		rc = render_split(&sp, tpath, workers, &shard, fonts, nf, d);
	} else if (dumping) {
		if ((rc = dump_render(dump, dbpath, tpath, params, np, fonts,
		                      nf, out, d)) == 0 &&
		    !outfile_is_stdout(out))
			printf("wrote %s\n", out);
	} else {
		/* one document: -j has nothing to share out */
		rc = render(dbpath, tpath, params, np, fonts, nf, out, d);
	}
out:
	rc = rc == 0 ? 0 : (diag_exit_code(d) ? diag_exit_code(d) : 2);
	inputs_free(&ins);
	if (owner != NULL) {
		explicit_bzero(owner, strlen(owner));
		free(owner);
	}
	free(builtin);
	free(defout);
	return rc;
too_many:
	diag_report(d, DIAG_CLI_BAD_VALUE, NULL, "at most %d parameters",
	            MAX_PARAMS);
	return 1;
}
