/* SPDX-License-Identifier: MIT */
/*
 * hrpress render DB TEMPLATE -o OUT, and the shortcuts handbook, scorecards
 * and payslips that use the built-in templates. Glue only: open the database
 * read-only, parse and check the template, bind, lay out, write the PDF.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "fmt.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "pdf.h"
#include "tmpl.h"
#include "xmem.h"

#define MAX_PARAMS 32
#define MAX_FONTS 8

static const char render_usage[] =
    "usage: hrpress render DB TEMPLATE.xml [options] -o OUT.pdf\n"
    "       hrpress handbook DB [-o OUT.pdf]\n"
    "       hrpress scorecards DB --month YYYY-MM [--employee ID] [-o OUT.pdf]\n"
    "       hrpress payslips DB --month YYYY-MM [--employee ID] [-o OUT.pdf]\n\n"
    "Render a template with the data of DB (opened read-only) into a PDF.\n"
    "handbook, scorecards and payslips use the built-in templates\n"
    "(templates/handbook.xml, scorecard.xml, payslip.xml) and write\n"
    "handbook.pdf, scorecards-YYYY-MM.pdf or payslips-YYYY-MM.pdf by default.\n\n"
    "  -o, --output FILE     the PDF to write (replaced atomically)\n"
    "  -m, --month YYYY-MM   the template parameter month\n"
    "  -e, --employee ID     only this employee (parameter employee)\n"
    "  -D NAME=VALUE         any other template parameter\n"
    "  --font FILE[:INDEX]   font chain, in order of preference (repeatable);\n"
    "                        default: wqy-microhei.ttc:0, HanaMinB.ttf\n"
    "  -h, --help            this text\n\n"
    "Fonts are searched in $HRPRESS_FONT_PATH, ./fonts, the installed data\n"
    "directory and /usr/share/fonts/truetype/*; templates of the shortcuts in\n"
    "$HRPRESS_TEMPLATES, the templates/ folder beside the program's parent\n"
    "folder, then the installed data directory.\n";

/* Built-in template path: first existing candidate. */
static char *
builtin_template(const char *name)
{
	const char *env = getenv("HRPRESS_TEMPLATES");
	char exe[PATH_MAX];
	ssize_t n;
	char *p;

	if (env && *env) {
		p = xasprintf("%s/%s", env, name);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			p = xasprintf("%s/../templates/%s", exe, name);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
			p = xasprintf("%s/../share/hrpress/templates/%s", exe, name);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
		}
	}
	return xasprintf("%s/templates/%s", HRP_DATADIR, name);
}

static int
render(const char *dbpath, const char *tpath, const struct bind_param *params,
    size_t nparams, const char *const *fonts, size_t nfonts, const char *out,
    struct diag *d)
{
	struct db *db = NULL;
	struct tmpl *t = NULL;
	struct doc *doc = NULL;
	struct fontset *fs = NULL;
	struct page_doc *pd = NULL;
	int rc = -1;

	if ((db = db_open(dbpath, DB_READONLY, d)) == NULL)
		goto out;
	if ((t = tmpl_parse_file(tpath, d)) == NULL)
		goto out;
	if (tmpl_check(t, db, d) != 0)
		goto out;
	if ((doc = bind_run(t, db, params, nparams, d)) == NULL)
		goto out;
	fs = nfonts ? fontset_open(fonts, nfonts, d) : fontset_open_default(d);
	if (fs == NULL)
		goto out;
	if ((pd = layout_run(doc, fs, d)) == NULL)
		goto out;
	if (pdf_write(pd, fs, out, NULL, d) != 0)
		goto out;
	printf("wrote %s (%zu page%s)\n", out, pd->npages,
	    pd->npages == 1 ? "" : "s");
	rc = 0;
out:
	page_doc_free(pd);
	fontset_free(fs);
	doc_free(doc);
	tmpl_free(t);
	db_close(db);
	return rc;
}

int
cmd_render(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "month", required_argument, NULL, 'm' },
		{ "employee", required_argument, NULL, 'e' },
		{ "font", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = argv[0];
	struct bind_param params[MAX_PARAMS];
	const char *fonts[MAX_FONTS];
	size_t np = 0, nf = 0;
	const char *out = NULL, *month = NULL, *tpath = NULL, *dbpath;
	char *builtin = NULL, *defout = NULL;
	int c, rc, positional;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:m:e:D:h", opts, NULL)) != -1) {
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
			break;
		case 'D': {
			char *eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg) {
				diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
				    "-D %s: expected NAME=VALUE", optarg);
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
		case 'h':
			fputs(render_usage, stdout);
			return 0;
		case ':':
			diag_report(d, DIAG_CLI_MISSING_ARG, NULL, "%s",
			    argv[optind - 1]);
			return 1;
		default:
			diag_report(d, DIAG_CLI_UNKNOWN_OPTION, NULL, "%s",
			    argv[optind - 1]);
			return 1;
		}
	}
	positional = strcmp(cmd, "render") == 0 ? 2 : 1;
	if (argc - optind != positional) {
		diag_report(d, DIAG_CLI_USAGE, NULL, "%s (see hrpress %s --help)",
		    positional == 2 ? "hrpress render DB TEMPLATE.xml -o OUT.pdf"
				    : "expected exactly one database", cmd);
		return 1;
	}
	if (month && fmt_parse_month(month, NULL, NULL) != 0) {
		diag_report(d, DIAG_CLI_BAD_MONTH, NULL, "%s", month);
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
		    : strcmp(cmd, "scorecards") == 0 ? "scorecard.xml"
		    : "payslip.xml";
		if (strcmp(cmd, "handbook") != 0 && month == NULL) {
			diag_report(d, DIAG_CLI_USAGE, NULL,
			    "hrpress %s needs --month YYYY-MM", cmd);
			return 1;
		}
		tpath = builtin = builtin_template(name);
		if (out == NULL) {
			defout = strcmp(cmd, "handbook") == 0
			    ? xstrdup("handbook.pdf")
			    : xasprintf("%s-%s.pdf", cmd, month);
			out = defout;
		}
	}
	rc = render(dbpath, tpath, params, np, fonts, nf, out, d) == 0
	    ? 0 : (diag_exit_code(d) ? diag_exit_code(d) : 2);
	free(builtin);
	free(defout);
	return rc;
too_many:
	diag_report(d, DIAG_CLI_BAD_VALUE, NULL, "at most %d parameters",
	    MAX_PARAMS);
	return 1;
}
