/* SPDX-License-Identifier: MIT */
/*
 * hrpress scheme list|show|export|import|assign: the glue between the
 * command line and scheme.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "month.h"
#include "fmt.h"
#include "outfile.h"
#include "scheme.h"

static const char scheme_usage[] =
    "usage: hrpress scheme list DB\n"
    "       hrpress scheme show DB SCHEME [--version V | --month M]\n"
    "       hrpress scheme export DB SCHEME [--version V | --month M]"
    " -o FILE.csv\n"
    "       hrpress scheme import DB SCHEME FILE.csv --from YYYY-MM"
    " [--force]\n"
    "       hrpress scheme assign DB SCHEME --position P | --employee E"
    " [--from YYYY-MM] [--force]\n\n"
    "Show and change the pay schemes. A version is never changed: import\n"
    "stores the edited CSV as a new version valid from --from, so earlier\n"
    "months are computed as before. docs/schemes.md has an example.\n\n"
    "  -v, --version V      the version valid from month V (default latest)\n"
    "  -m, --month M        the version in force in month M\n"
    "  -o, --output FILE    where export writes the CSV (UTF-8 with BOM)\n"
    "  -f, --from YYYY-MM   first month of the new version or assignment\n"
    "  -p, --position P     assign the position P (岗位编号)\n"
    "  -e, --employee E     assign the employee E (工号) only\n"
    "      --force          allow months that already have stored pay runs\n"
    "                       (run payroll again for them afterwards)\n"
    "  -h, --help           show this help\n";

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

static int
read_all(const char *path, struct buf *b, struct diag *d)
{
	struct srcpos p = {path, 0, 0};
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		diag_report(d, DIAG_IO_OPEN, &p, "%s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) < 0) {
			diag_report(d, DIAG_CSV_LIMIT, &p, "too large");
			fclose(f);
			return -1;
		}
	if (ferror(f)) {
		diag_report(d, DIAG_IO_READ, &p, "%s", strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int
bad_month(const char *opt, const char *m, struct diag *d)
{
	struct month parsed;

	if (m != NULL && month_arg(opt, m, &parsed, d) != 0)
		return 1;
	return 0;
}

int
cmd_scheme(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"version", required_argument, NULL, 'v'},
	    {"month", required_argument, NULL, 'm'},
	    {"output", required_argument, NULL, 'o'},
	    {"from", required_argument, NULL, 'f'},
	    {"position", required_argument, NULL, 'p'},
	    {"employee", required_argument, NULL, 'e'},
	    {"force", no_argument, NULL, 'F'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *version = NULL, *month = NULL, *output = NULL;
	const char *from = NULL, *position = NULL, *employee = NULL, *sub;
	int force = 0, c, rc, nargs, n = 0;
	enum db_mode mode = DB_READONLY;
	struct buf out, in;
	struct db *db;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hv:m:o:f:p:e:", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'v':
			version = optarg;
			break;
		case 'm':
			month = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			from = optarg;
			break;
		case 'p':
			position = optarg;
			break;
		case 'e':
			employee = optarg;
			break;
		case 'F':
			force = 1;
			break;
		case 'h':
			fputs(scheme_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	nargs = argc - optind;
	sub = nargs > 0 ? argv[optind] : "";
	if (strcmp(sub, "list") == 0)
		n = 2;
	else if (strcmp(sub, "show") == 0 || strcmp(sub, "export") == 0 ||
	         strcmp(sub, "assign") == 0)
		n = 3;
	else if (strcmp(sub, "import") == 0)
		n = 4;
	if (n == 0 || nargs != n ||
	    (strcmp(sub, "export") == 0 && output == NULL) ||
	    (strcmp(sub, "import") == 0 && from == NULL) ||
	    (strcmp(sub, "assign") == 0 &&
	     (position == NULL) == (employee == NULL))) {
		diag_report(d, DIAG_CLI_USAGE, NULL, "%s",
		            "hrpress scheme list|show|export|import|assign ... "
		            "(hrpress scheme --help shows each)");
		return 1;
	}
	if (version != NULL && month != NULL) {
		diag_report(d, DIAG_CLI_USAGE, NULL, "%s",
		            "give --version or --month, not both");
		return 1;
	}
	if (bad_month("--version", version, d) ||
	    bad_month("--month", month, d) || bad_month("--from", from, d))
		return 1;
	if (strcmp(sub, "import") == 0 || strcmp(sub, "assign") == 0)
		mode = DB_READWRITE;
	if (output != NULL) {
		struct outfile_input inputs[] = {
		    {"the database", argv[optind + 1]},
		};

		if (outfile_check_distinct(output, inputs, 1, d) < 0)
			return 1;
	}
	buf_init(&out, 0);
	buf_init(&in, 0);
	db = db_open(argv[optind + 1], mode, d);
	if (db == NULL)
		return failed(d);
	if (strcmp(sub, "list") == 0)
		rc = scheme_list(db, &out, d);
	else if (strcmp(sub, "show") == 0)
		rc = scheme_show(db, argv[optind + 2], version, month, &out, d);
	else if (strcmp(sub, "export") == 0)
		rc = scheme_export(db, argv[optind + 2], version, month, &out,
		                   d);
	else if (strcmp(sub, "import") == 0) {
		int nchanged;

		rc = read_all(argv[optind + 3], &in, d);
		if (rc == 0)
			rc = scheme_import(db, argv[optind + 2],
			                   argv[optind + 3],
			                   in.data ? in.data : "", in.len, from,
			                   force, &out, &nchanged, d);
	} else
		rc = scheme_assign(db, argv[optind + 2], position, employee,
		                   from, force, &out, d);
	db_close(db);
	if (rc == 0 && output != NULL) {
		rc = outfile_write(output, out.data ? out.data : "", out.len, 0,
		                   d);
		if (rc == 0)
			printf("wrote %s: edit the 数值 column, then hrpress "
			       "scheme import %s %s %s --from YYYY-MM\n",
			       output, argv[optind + 1], argv[optind + 2],
			       output);
	} else if (rc == 0)
		fputs(buf_cstr(&out), stdout);
	buf_free(&out);
	buf_free(&in);
	return rc == 0 ? 0 : failed(d);
}
