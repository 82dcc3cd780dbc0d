/* SPDX-License-Identifier: MIT */
/*
 * The render pipeline shared by every command that makes a document: the
 * built-in template search, parse + check, and bind + layout into pages.
 */
#include "render.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "tmpl.h"
#include "xmem.h"

/* p if it is readable, else NULL (p freed). */
static char *
readable(char *p)
{
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

char *
render_builtin_path(const char *name)
{
	const char *env = getenv("HRPRESS_TEMPLATES");
	char exe[PATH_MAX], *p, *slash;
	ssize_t n;

	if (env != NULL && *env != '\0' &&
	    (p = readable(xasprintf("%s/%s", env, name))) != NULL)
		return p;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if ((p = readable(xasprintf("%s/../templates/%s", exe,
			                            name))) != NULL ||
			    (p = readable(
			         xasprintf("%s/../share/hrpress/templates/%s",
			                   exe, name))) != NULL)
				return p;
		}
	}
	return xasprintf("%s/templates/%s", HRP_DATADIR, name);
}

struct tmpl *
render_template(const char *path, struct db *db, struct diag *d)
{
	struct tmpl *t = tmpl_parse_file(path, d);

	if (t != NULL && tmpl_check(t, db, d) != 0) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

struct fontset *
render_fonts(const char *const *fonts, size_t nfonts, struct diag *d)
{
	return nfonts ? fontset_open(fonts, nfonts, d)
	              : fontset_open_default(d);
}

struct page_doc *
render_pages(const struct tmpl *t, struct db *db,
             const struct bind_param *params, size_t nparams,
             const struct fontset *fs, struct diag *d)
{
	struct doc *doc;
	struct page_doc *pd;

	if ((doc = bind_run(t, db, params, nparams, d)) == NULL)
		return NULL;
	/* layout copies what the pages show into their own arena */
	pd = layout_run(doc, fs, d);
	doc_free(doc);
	return pd;
}
