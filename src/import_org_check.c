/* SPDX-License-Identifier: MIT */
/*
 * The organisation import's checks: each cell read by its column's type,
 * the keys of the rows (duplicates in the file, rows already stored), the
 * references to stores, departments, positions and schemes resolved against
 * the database (superiors also against the file), the values a file leaves
 * out, and the checks of the whole once written (cycles of superiors, KPI
 * weights, pay runs of the rates' years).
 */
#include "import_org_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "utf8.h"
#include "xmem.h"

#define SHORT_MAX_CHARS 200 /* names, titles, one-line texts */
#define LONG_MAX_CHARS 1000 /* paragraphs: scope, summary, items */
#define MAX_SUPERIORS 8     /* superiors named in one cell */

/* The parts of a job description; the last two are columns of position. */
static const char *const sections[][4] = {
    {"duty", "岗位职责", "工作职责", "职责"},
    {"routine", "日常工作", "工作内容", NULL},
    {"qualification", "任职资格", "任职要求", "任职条件"},
    {"authority", "管理权限", "权限", NULL},
    {"accountability", "管理责任", "责任", NULL},
};

static const char *const si_items[][3] = {
    {"pension", "养老保险", "养老"},
    {"medical", "医疗保险", "医疗"},
    {"unemployment", "失业保险", "失业"},
    {"housing", "住房公积金", "公积金"},
};

/* ------------------------------------------------------------ cells */

/* Index of s among the names of table (rows of n names), or -1. */
static int
name_index(const char *const *table, size_t rows, size_t n, const char *s)
{
	size_t i, j;

	for (i = 0; i < rows; i++)
		for (j = 0; j < n; j++)
			if (table[i * n + j] != NULL &&
			    strcasecmp(table[i * n + j], s) == 0)
				return (int)i;
	return -1;
}

static int
parse_round(const char *s, int64_t *out)
{
	static const char *const names[][4] = {
	    {"1", "分", "0.01", "fen"},
	    {"10", "角", "0.1", "jiao"},
	    {"100", "元", "1", "yuan"},
	};
	int i = name_index(&names[0][0], 3, 4, s);

	if (i < 0)
		return -1;
	*out = i == 0 ? 1 : i == 1 ? 10 : 100;
	return 0;
}

/*
 * An amount in yuan, or in 万元 when the cell ends in 万 ("220万") or the
 * column's header says 万元 ("总产值（万元）": 220): never 220 yuan for
 * what a clerk wrote as 220万.
 */
static void
read_amount(struct octx *c, struct orow *r, size_t k, const char *s)
{
	size_t len = strlen(s);
	int wan = c->wan[k];
	const char *why = NULL;
	int64_t n;

	if (len > 3 && strcmp(s + len - 3, "万") == 0) {
		s = arena_printf(c->a, "%.*s", (int)(len - 3), s);
		wan = 1;
	}
	if ((wan ? import_parse_wan(s, &n, &why)
	         : import_parse_yuan(s, 0, &n, &why)) < 0) {
		rerr(c, r, (int)k, "\"%s\" %s", s, why);
		return;
	}
	if (wan && n > INT64_MAX / 10000) {
		rerr(c, r, (int)k, "\"%s\" is too large", s);
		return;
	}
	r->v[k] = vint(wan ? n * 10000 : n);
}

/* Read cell s of column k into r->v[k]; empty cells are handled before. */
static void
read_cell(struct octx *c, struct orow *r, size_t k, const char *s)
{
	const struct ocol *oc = &c->k->cols[k];
	const char *why = NULL;
	size_t chars = utf8_count(s, strlen(s));
	int64_t n;
	int i;

	switch (oc->type) {
	case OT_ID:
		if (!import_is_id(s)) {
			rerr(c, r, (int)k,
			     "\"%s\" is not an id (letters, "
			     "digits, _ and -, at most %d)",
			     s, IMPORT_ID_MAX_BYTES);
			return;
		}
		r->v[k] = vtext(s);
		return;
	case OT_TEXT:
	case OT_LONG:
		if (chars >
		    (oc->type == OT_TEXT ? SHORT_MAX_CHARS : LONG_MAX_CHARS)) {
			rerr(c, r, (int)k, "longer than %d characters",
			     oc->type == OT_TEXT ? SHORT_MAX_CHARS
			                         : LONG_MAX_CHARS);
			return;
		}
		r->v[k] = vtext(s);
		return;
	case OT_COUNT:
	case OT_SEQ:
	case OT_WEIGHT:
	case OT_YEAR:
		if (import_parse_count(s, &n, &why) < 0) {
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
			return;
		}
		if (oc->type == OT_SEQ && n < 1)
			rerr(c, r, (int)k, "\"%s\" is not a number from 1", s);
		else if (oc->type == OT_WEIGHT && n > 100)
			rerr(c, r, (int)k, "\"%s\" is more than 100 points", s);
		else if (oc->type == OT_YEAR &&
		         (n < 1990 || n > 2100 || strlen(s) != 4))
			rerr(c, r, (int)k, "\"%s\" is not a year (YYYY)", s);
		else
			r->v[k] = vint(n);
		return;
	case OT_PERCENT:
		if (import_parse_dec2(s, 1, &n, &why) < 0)
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
		else if (n > MONEY_BP_PER_UNIT)
			rerr(c, r, (int)k, "\"%s\" is more than 100%%", s);
		else
			r->v[k] = vint(n);
		return;
	case OT_AMOUNT:
		read_amount(c, r, k, s);
		return;
	case OT_POINTS:
		if (import_parse_dec2(s, 0, &n, &why) < 0)
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
		else
			r->v[k] = vint(n);
		return;
	case OT_YUAN:
		if (import_parse_yuan(s, 0, &n, &why) < 0)
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
		else
			r->v[k] = vint(n);
		return;
	case OT_STORE:
	case OT_DEPT:
	case OT_POS:
	case OT_SCHEME:
	case OT_SUPERIORS:
		/* resolved once every row is read */
		r->v[k] = vtext(s);
		return;
	case OT_SECTION:
		i = name_index(&sections[0][0], 5, 4, s);
		if (i < 0)
			rerr(c, r, (int)k,
			     "\"%s\" is not a part of a job "
			     "description (岗位职责, 日常工作, 任职资格, "
			     "管理权限 "
			     "or 管理责任)",
			     s);
		else
			r->v[k] = vtext(sections[i][0]);
		return;
	case OT_KPI_KIND:
		if (strcasecmp(s, "ratio") == 0 || strcmp(s, "完成率") == 0 ||
		    strcmp(s, "按完成率") == 0 || strcmp(s, "计算") == 0)
			r->v[k] = vtext("ratio");
		else if (strcasecmp(s, "graded") == 0 ||
		         strcmp(s, "评分") == 0 || strcmp(s, "打分") == 0)
			r->v[k] = vtext("graded");
		else
			rerr(c, r, (int)k,
			     "\"%s\" is neither 完成率 (ratio: "
			     "points from target and actual) nor 评分 (graded: "
			     "the appraiser gives the points)",
			     s);
		return;
	case OT_SI_ITEM:
		i = name_index(&si_items[0][0], 4, 3, s);
		if (i < 0)
			rerr(c, r, (int)k,
			     "\"%s\" is not 养老保险, 医疗保险, "
			     "失业保险 or 住房公积金",
			     s);
		else
			r->v[k] = vtext(si_items[i][0]);
		return;
	case OT_ROUND:
		if (parse_round(s, &n) < 0)
			rerr(c, r, (int)k,
			     "\"%s\" is not 分, 角 or 元 (what "
			     "the amount is rounded to)",
			     s);
		else
			r->v[k] = vint(n);
		return;
	}
}

/* Read every cell of record rec into a new row. */
void
import_org_read_row(struct octx *c, const struct import_record *rec,
                    struct orow *r)
{
	size_t k;

	memset(r, 0, sizeof(*r));
	r->line = rec->line;
	for (k = 0; k < c->ncols; k++) {
		const char *s;

		r->v[k] = vnull();
		if (c->col[k] < 0)
			continue;
		s = rec->fields[c->col[k]];
		r->raw[k] = s;
		if (*s == '\0') {
			if (c->k->cols[k].req != REQ_NO)
				rerr(c, r, (int)k,
				     "required: the cell is "
				     "empty");
			else if (c->k->cols[k].type == OT_TEXT ||
			         c->k->cols[k].type == OT_LONG)
				r->v[k] = vtext("");
			else if (c->k->cols[k].type == OT_COUNT ||
			         c->k->cols[k].type == OT_YUAN)
				r->v[k] = vint(0);
			else if (c->k->cols[k].type == OT_ROUND)
				r->v[k] = vint(1);
			continue;
		}
		read_cell(c, r, k, s);
	}
}

/* ------------------------------------------------------------ keys */

/* "position_id, section and seq": the key columns, for messages. */
static const char *
key_names(struct octx *c)
{
	const struct ocol *k = c->k->cols;

	switch (c->k->nkey) {
	case 1:
		return k[0].name;
	case 2:
		return arena_printf(c->a, "%s and %s", k[0].name, k[1].name);
	default:
		return arena_printf(c->a, "%s, %s and %s", k[0].name, k[1].name,
		                    k[2].name);
	}
}

/* The rows' keys sorted: a key twice in the file is an error. */
void
import_org_check_duplicates(struct octx *c)
{
	struct oidx *ix = xcalloc(c->nrows + 1, sizeof(*ix));
	size_t i, n = 0;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].key != NULL) {
			ix[n].key = c->rows[i].key;
			ix[n++].row = i;
		}
	qsort(ix, n, sizeof(*ix), cmp_idx);
	for (i = 1; i < n; i++)
		if (strcmp(ix[i].key, ix[i - 1].key) == 0) {
			struct orow *r = &c->rows[ix[i].row];
			size_t j = i - 1;

			while (j > 0 && strcmp(ix[j - 1].key, ix[i].key) == 0)
				j--;
			rerr(c, r, 0, "duplicate row: line %d has the same %s",
			     c->rows[ix[j].row].line, key_names(c));
		}
	free(ix);
}

/* The row's key as one string (the key columns joined). */
void
import_org_make_key(struct octx *c, struct orow *r)
{
	const char *key = "";
	int k;

	for (k = 0; k < c->k->nkey; k++) {
		const struct fmt_value *v = &r->v[k];
		const char *s =
		    v->type == FMT_V_TEXT ? v->s
		    : v->type == FMT_V_INT
		        ? arena_printf(c->a, "%lld", (long long)v->i)
		        : NULL;

		if (s == NULL)
			return;
		key = k == 0 ? s : arena_printf(c->a, "%s\x1f%s", key, s);
	}
	r->key = key;
}

/* Sorted index of the positions of a positions file by id and title. */
static void
index_positions(struct octx *c)
{
	size_t i;

	c->ids = xcalloc(c->nrows + 1, sizeof(*c->ids));
	c->titles = xcalloc(c->nrows + 1, sizeof(*c->titles));
	for (i = 0; i < c->nrows; i++) {
		const struct orow *r = &c->rows[i];

		if (r->v[PS_ID].type == FMT_V_TEXT) {
			c->ids[c->nids].key = r->v[PS_ID].s;
			c->ids[c->nids++].row = i;
		}
		if (r->v[PS_TITLE].type == FMT_V_TEXT &&
		    *r->v[PS_TITLE].s != '\0') {
			c->titles[c->ntitles].key = r->v[PS_TITLE].s;
			c->titles[c->ntitles++].row = i;
		}
	}
	qsort(c->ids, c->nids, sizeof(*c->ids), cmp_idx);
	qsort(c->titles, c->ntitles, sizeof(*c->titles), cmp_idx);
}

/* The first entry of ix[0..n) with key s, or NULL. */
static const struct oidx *
find_idx(const struct oidx *ix, size_t n, const char *s)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix[mid].key, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(ix[lo].key, s) == 0 ? &ix[lo] : NULL;
}

/* ------------------------------------------------------------ references */

/*
 * The id that s names in table: an id, or else the unique row whose
 * name_col is s. NULL after reporting (unknown or ambiguous) in column k.
 */
static const char *
resolve(struct octx *c, struct orow *r, int k, const char *table,
        const char *name_col, const char *noun, const char *s)
{
	struct db_param p = {"s", vtext(s)};
	struct db_rows rows;
	size_t i;
	const char *list;

	if (query(c,
	          arena_printf(c->a, "SELECT id FROM %s WHERE id = :s", table),
	          &p, 1, &rows) < 0)
		return NULL;
	if (rows.nrows > 0)
		return text_at(&rows, 0, 0);
	if (name_col != NULL &&
	    query(c,
	          arena_printf(c->a,
	                       "SELECT id FROM "
	                       "%s WHERE %s = :s ORDER BY id",
	                       table, name_col),
	          &p, 1, &rows) < 0)
		return NULL;
	if (name_col != NULL && rows.nrows == 1)
		return text_at(&rows, 0, 0);
	if (name_col != NULL && rows.nrows > 1) {
		list = text_at(&rows, 0, 0);
		for (i = 1; i < rows.nrows; i++)
			list = arena_printf(c->a, "%s, %s", list,
			                    text_at(&rows, i, 0));
		rerr(c, r, k,
		     "\"%s\" is the name of %zu %ss (%s): write the "
		     "id",
		     s, rows.nrows, noun, list);
		return NULL;
	}
	if (strcmp(table, "scheme") != 0) {
		rerr(c, r, k,
		     "unknown %s %s: import the %ss first (hrpress "
		     "import DB %s FILE), or correct the cell",
		     noun, s, noun,
		     strcmp(table, "store") == 0        ? "stores"
		     : strcmp(table, "department") == 0 ? "departments"
		                                        : "positions");
		return NULL;
	}
	if (query(c, "SELECT id FROM scheme ORDER BY id", NULL, 0, &rows) < 0)
		return NULL;
	list = rows.nrows > 0 ? text_at(&rows, 0, 0) : NULL;
	for (i = 1; i < rows.nrows; i++)
		list = arena_printf(c->a, "%s, %s", list, text_at(&rows, i, 0));
	if (list == NULL)
		rerr(c, r, k,
		     "unknown pay scheme %s: the database has no pay "
		     "schemes yet; leave the cell empty and assign the scheme "
		     "later",
		     s);
	else
		rerr(c, r, k, "unknown pay scheme %s (the database has %s)", s,
		     list);
	return NULL;
}

/* A superior: a position of the file (id or title) or of the database. */
static const char *
resolve_superior(struct octx *c, struct orow *r, const char *s)
{
	const struct oidx *x = find_idx(c->ids, c->nids, s);
	struct db_param p = {"s", vtext(s)};
	struct db_rows rows;
	const char *id = NULL;
	int n = 0;

	if (x != NULL)
		return s;
	if (query(c, "SELECT id FROM position WHERE id = :s", &p, 1, &rows) < 0)
		return NULL;
	if (rows.nrows > 0)
		return text_at(&rows, 0, 0);
	/* A title: the file's positions, then the database's others. */
	for (x = find_idx(c->titles, c->ntitles, s);
	     x != NULL && x < c->titles + c->ntitles && strcmp(x->key, s) == 0;
	     x++) {
		id = c->rows[x->row].v[PS_ID].s;
		n++;
	}
	if (query(c, "SELECT id FROM position WHERE title = :s", &p, 1, &rows) <
	    0)
		return NULL;
	for (size_t i = 0; i < rows.nrows; i++)
		if (find_idx(c->ids, c->nids, text_at(&rows, i, 0)) == NULL) {
			id = text_at(&rows, i, 0);
			n++;
		}
	if (n == 1)
		return id;
	if (n > 1)
		rerr(c, r, PS_SUPERIORS,
		     "\"%s\" is the title of %d "
		     "positions: write the position's id",
		     s, n);
	else
		rerr(c, r, PS_SUPERIORS,
		     "unknown superior %s: neither a "
		     "position of this file nor of the database",
		     s);
	return NULL;
}

/* Split a superiors cell at 、 , ， ; ； / and blanks. */
static void
read_superiors(struct octx *c, struct orow *r, const char *cell)
{
	static const char *const seps[] = {"、", ",", "，", ";",     "；",
	                                   "/",  " ", "\t", "\u3000"};
	const char *p = cell;

	r->sups = arena_alloc(c->a, MAX_SUPERIORS * sizeof(*r->sups));
	while (*p) {
		size_t i, len = 0, sl = 0;
		const char *s, *id;

		for (;;) {
			for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
				if (strncmp(p + len, seps[i],
				            strlen(seps[i])) == 0)
					break;
			if (p[len] == '\0' ||
			    i < sizeof(seps) / sizeof(seps[0])) {
				sl = p[len] ? strlen(seps[i]) : 0;
				break;
			}
			len++;
		}
		if (len > 0) {
			s = arena_strndup(c->a, p, len);
			if (r->nsups == MAX_SUPERIORS) {
				rerr(c, r, PS_SUPERIORS,
				     "more than %d "
				     "superiors",
				     MAX_SUPERIORS);
				return;
			}
			id = resolve_superior(c, r, s);
			if (id != NULL && strcmp(id, r->v[PS_ID].s) == 0) {
				rerr(c, r, PS_SUPERIORS,
				     "%s is the position "
				     "itself: a position cannot report to "
				     "itself",
				     s);
				id = NULL;
			}
			for (i = 0; id != NULL && i < r->nsups; i++)
				if (strcmp(r->sups[i], id) == 0) {
					rerr(c, r, PS_SUPERIORS,
					     "%s is "
					     "named twice",
					     s);
					id = NULL;
				}
			if (id != NULL)
				r->sups[r->nsups++] = id;
		}
		p += len + sl;
	}
}

/* Does the key of row r exist in the database? 0/1, or -1. */
int
import_org_key_exists(struct octx *c, struct orow *r, int *out)
{
	static const char *const sql[] = {
	    [IMPORT_STORES] = "SELECT count(*) FROM store WHERE id = :a",
	    [IMPORT_DEPARTMENTS] = "SELECT count(*) FROM department "
	                           "WHERE id = :a",
	    [IMPORT_POSITIONS] = "SELECT count(*) FROM position WHERE "
	                         "id = :a",
	    [IMPORT_JOB_ITEMS] =
	        "SELECT count(*) FROM position_item "
	        "WHERE position_id = :a AND section = :b AND seq = :c",
	    [IMPORT_KPI_ITEMS] = "SELECT count(*) FROM kpi WHERE "
	                         "position_id = :a AND code = :b",
	    [IMPORT_MODELS] = "SELECT count(*) FROM vehicle_model WHERE "
	                      "model = :a",
	    [IMPORT_SI_RATE] = "SELECT count(*) FROM si_rate WHERE "
	                       "city = :a AND item = :b AND year = :c",
	    [IMPORT_SERVICE_TARGET] = "SELECT count(*) FROM service_target "
	                              "WHERE store_id = :a AND year = :b",
	};
	struct db_param p[] = {{"a", r->v[0]}, {"b", r->v[1]}, {"c", r->v[2]}};
	const char *q = sql[c->o->kind];
	int64_t n;

	if (c->o->kind == IMPORT_JOB_ITEMS) {
		const char *sec = r->v[JI_SECTION].s;

		if (strcmp(sec, "authority") == 0 ||
		    strcmp(sec, "accountability") == 0)
			q = arena_printf(
			    c->a,
			    "SELECT count(*) FROM position "
			    "WHERE id = :a AND %s <> '' AND :b = :b AND "
			    ":c = :c",
			    sec);
	}
	if (query_int(c, q, p, (size_t)c->k->nkey, &n) < 0)
		return -1;
	*out = n > 0;
	return 0;
}

/* Resolve the references of every row; -1 on a database failure. */
int
import_org_resolve_rows(struct octx *c)
{
	size_t i, k;

	if (c->o->kind == IMPORT_POSITIONS)
		index_positions(c);
	for (i = 0; i < c->nrows; i++) {
		struct orow *r = &c->rows[i];

		for (k = 0; k < c->ncols; k++) {
			enum otype t = c->k->cols[k].type;
			const char *s = r->v[k].type == FMT_V_TEXT ? r->v[k].s
			                                           : NULL,
			           *id = NULL;

			if (t == OT_SUPERIORS && r->raw[k] != NULL &&
			    r->v[PS_ID].type == FMT_V_TEXT)
				read_superiors(c, r, r->raw[k]);
			if (s == NULL || (t != OT_STORE && t != OT_DEPT &&
			                  t != OT_POS && t != OT_SCHEME))
				continue;
			if (t == OT_STORE)
				id = resolve(c, r, (int)k, "store",
				             "short_name", "store", s);
			else if (t == OT_DEPT)
				id = resolve(c, r, (int)k, "department", "name",
				             "department", s);
			else if (t == OT_POS)
				id = resolve(c, r, (int)k, "position", "title",
				             "position", s);
			else
				id = resolve(c, r, (int)k, "scheme", NULL,
				             "scheme", s);
			if (failed(c) && id == NULL && !r->bad)
				return -1; /* the database failed */
			r->v[k] = id != NULL ? vtext(id) : vnull();
		}
	}
	return 0;
}

/* ------------------------------------------------------------ defaults */

static int
cmp_group(const void *a, const void *b)
{
	return cmp_idx(a, b);
}

/*
 * Values the file leaves out: the year of --month (si_rate), the name of a
 * contribution, and the seq of list rows without one (1, 2, ... per
 * position and section in the order of the file).
 */
void
import_org_fill_defaults(struct octx *c)
{
	int list =
	    c->o->kind == IMPORT_JOB_ITEMS || c->o->kind == IMPORT_KPI_ITEMS;
	int sk = c->o->kind == IMPORT_JOB_ITEMS ? JI_SEQ : KI_SEQ;
	struct oidx *ix = NULL;
	size_t i, n = 0;

	if (list)
		ix = xcalloc(c->nrows + 1, sizeof(*ix));
	for (i = 0; i < c->nrows; i++) {
		struct orow *r = &c->rows[i];

		if (c->o->kind == IMPORT_SERVICE_TARGET &&
		    r->v[TG_STORE].type == FMT_V_NULL && !r->bad) {
			if (c->col[TG_STORE] < 0 && c->only_store != NULL)
				r->v[TG_STORE] = vtext(c->only_store);
			else if (c->col[TG_STORE] >= 0)
				rerr(c, r, TG_STORE,
				     "required: the cell is empty");
			else
				rerr(c, r, -1,
				     "store_id: the database has several "
				     "stores: add a store_id (门店) column");
		}
		if (c->o->kind == IMPORT_SI_RATE) {
			long y =
			    c->o->month ? strtol(c->o->month, NULL, 10) : 0;

			if (r->v[SR_YEAR].type == FMT_V_NULL && y > 0)
				r->v[SR_YEAR] = vint(y);
			else if (r->v[SR_YEAR].type == FMT_V_NULL && !r->bad)
				rerr(c, r, SR_YEAR,
				     "a year is required "
				     "(YYYY), or give --month");
			else if (y > 0 && r->v[SR_YEAR].type == FMT_V_INT &&
			         r->v[SR_YEAR].i != y)
				rerr(c, r, SR_YEAR,
				     "%lld is not the year of "
				     "--month %s",
				     (long long)r->v[SR_YEAR].i, c->o->month);
			if (r->v[SR_ITEM].type == FMT_V_TEXT &&
			    (r->v[SR_NAME].type == FMT_V_NULL ||
			     *r->v[SR_NAME].s == '\0')) {
				int k = name_index(&si_items[0][0], 4, 3,
				                   r->v[SR_ITEM].s);

				r->v[SR_NAME] = vtext(si_items[k][1]);
			}
		}
		if (list && r->v[sk].type == FMT_V_NULL &&
		    r->v[0].type == FMT_V_TEXT &&
		    (sk == KI_SEQ || r->v[1].type == FMT_V_TEXT)) {
			ix[n].key = sk == KI_SEQ
			                ? r->v[0].s
			                : arena_printf(c->a, "%s\x1f%s",
			                               r->v[0].s, r->v[1].s);
			ix[n++].row = i;
		}
	}
	if (list) {
		int64_t seq = 0;

		qsort(ix, n, sizeof(*ix), cmp_group);
		for (i = 0; i < n; i++) {
			seq = i > 0 && strcmp(ix[i].key, ix[i - 1].key) == 0
			          ? seq + 1
			          : 1;
			c->rows[ix[i].row].v[sk] = vint(seq);
		}
	}
	free(ix);
}

/* Checks of a row that need its references and whether it is new. */
void
import_org_check_row(struct octx *c, struct orow *r, int64_t nstores)
{
	size_t k;

	if (c->o->kind == IMPORT_DEPARTMENTS && !r->exists &&
	    r->v[DP_STORE].type == FMT_V_NULL && !r->bad) {
		if (c->col[DP_STORE] >= 0)
			rerr(c, r, DP_STORE, "required for a new department");
		else if (c->only_store != NULL)
			r->v[DP_STORE] = vtext(c->only_store);
		else
			rerr(c, r, -1,
			     "store_id: a new department needs a "
			     "store_id (门店) column: the database has %lld "
			     "stores",
			     (long long)nstores);
	}
	if (c->o->kind == IMPORT_SI_RATE && r->v[SR_MIN].type == FMT_V_INT &&
	    r->v[SR_MAX].type == FMT_V_INT && r->v[SR_MAX].i < r->v[SR_MIN].i)
		rerr(c, r, SR_MAX, "%s is below the lower limit %s",
		     r->raw[SR_MAX], r->raw[SR_MIN]);
	for (k = 0; k < c->ncols && !r->exists; k++) {
		const struct ocol *oc = &c->k->cols[k];

		if (oc->req != REQ_NEW)
			continue;
		if (c->col[k] < 0)
			rerr(c, r, -1,
			     "%s: missing column (%s), needed for "
			     "the new %s %s",
			     oc->name, oc->aliases, c->k->what, r->raw[0]);
	}
}

/* ------------------------------------------------------------ the whole */

/* A position of the file that is its own superior, through others. */
int
import_org_check_cycles(struct octx *c)
{
	size_t i;

	if (c->col[PS_SUPERIORS] < 0)
		return 0;
	for (i = 0; i < c->nrows; i++) {
		struct orow *r = &c->rows[i];
		struct db_param p = {"p", r->v[PS_ID]};
		struct db_rows path;

		if (r->nsups == 0)
			continue;
		/* The positions above p that have p above them. */
		if (query(
		        c,
		        "WITH RECURSIVE up(id) AS (SELECT superior_id "
		        "FROM position_superior WHERE position_id = :p UNION "
		        "SELECT s.superior_id FROM position_superior s JOIN up "
		        "ON s.position_id = up.id), down(id) AS (SELECT "
		        "position_id FROM position_superior WHERE superior_id "
		        "= "
		        ":p UNION SELECT s.position_id FROM position_superior "
		        "s "
		        "JOIN down ON s.superior_id = down.id) SELECT id FROM "
		        "up "
		        "WHERE id IN (SELECT id FROM down) ORDER BY id",
		        &p, 1, &path) < 0)
			return -1;
		if (path.nrows > 0) {
			const char *list = text_at(&path, 0, 0);
			size_t j;

			for (j = 1; j < path.nrows; j++)
				list = arena_printf(c->a, "%s, %s", list,
				                    text_at(&path, j, 0));
			rerr(c, r, PS_SUPERIORS,
			     "superiors in a cycle "
			     "(%s): going up from %s leads back to %s; the "
			     "chain of superiors must end at a position "
			     "without one",
			     list, r->v[PS_ID].s, r->v[PS_ID].s);
		}
	}
	return 0;
}

/* The KPI weights of each position of the file add up to 100 points. */
int
import_org_check_weights(struct octx *c)
{
	struct oidx *ix = xcalloc(c->nrows + 1, sizeof(*ix));
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nrows; i++) {
		ix[i].key = c->rows[i].v[KI_POS].s;
		ix[i].row = i;
	}
	qsort(ix, c->nrows, sizeof(*ix), cmp_idx);
	for (i = 0; i < c->nrows && rc == 0; i++) {
		struct orow *r = &c->rows[ix[i].row];
		struct db_param p = {"p", r->v[KI_POS]};
		int64_t sum;

		/* the position's first row in the file */
		if (i > 0 && strcmp(ix[i].key, ix[i - 1].key) == 0)
			continue;
		rc = query_int(c,
		               "SELECT coalesce(sum(weight), 0) FROM kpi "
		               "WHERE position_id = :p",
		               &p, 1, &sum);
		if (rc == 0 && sum != 100)
			rerr(c, r, KI_WEIGHT,
			     "the weights of position %s add "
			     "up to %lld points%s; a scorecard is out of 100: "
			     "correct the weights",
			     r->v[KI_POS].s, (long long)sum,
			     c->o->replace
			         ? ""
			         : " (with its "
			           "KPI rows already in the database)");
	}
	free(ix);
	return rc;
}

/* The stored pay runs of the years of a file of rates. */
int
import_org_warn_pay_runs(struct octx *c)
{
	struct srcpos pos = {c->file, 0, 0};
	struct db_param p[2];
	struct db_rows r;
	size_t i;
	int64_t lo = 9999, hi = 0;

	for (i = 0; i < c->nrows; i++) {
		int64_t y = c->rows[i].v[import_org_year_col(c)].i;

		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
	}
	p[0].name = "from";
	p[0].v = vtext(arena_printf(c->a, "%04lld-01", (long long)lo));
	p[1].name = "to";
	p[1].v = vtext(arena_printf(c->a, "%04lld-12", (long long)hi));
	if (query(c,
	          "SELECT month FROM pay_run WHERE month BETWEEN :from "
	          "AND :to ORDER BY month",
	          p, 2, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		diag_report(c->d, DIAG_CSV_PAY_RUN, &pos, "%s",
		            text_at(&r, i, 0));
	return 0;
}

/* ------------------------------------------------------------ stored rows */

/* Rates of a year with a closed month are refused: its runs use them. */
int
import_org_year_col(const struct octx *c)
{
	return c->o->kind == IMPORT_SERVICE_TARGET ? TG_YEAR : SR_YEAR;
}

int
import_org_check_closed(struct octx *c)
{
	const char *what = arena_printf(c->a, "import of %s from %s",
	                                import_kind_name(c->o->kind), c->file);
	int64_t done = 0;
	size_t i;

	for (i = 0; i < c->nrows; i++) {
		int64_t y = c->rows[i].v[import_org_year_col(c)].i;

		if (y == done)
			continue;
		done = y;
		if (closing_check_range(
		        c->db, arena_printf(c->a, "%04lld-01", (long long)y),
		        arena_printf(c->a, "%04lld-12", (long long)y), what,
		        c->d) < 0)
			return -1;
	}
	return 0;
}

/* A row of a list kind whose key is stored already (no --replace). */
void
import_org_exists_error(struct octx *c, struct orow *r)
{
	const char *sec;
	int i;

	switch (c->o->kind) {
	case IMPORT_JOB_ITEMS:
		sec = r->v[JI_SECTION].s;
		i = name_index(&sections[0][0], 5, 4, sec);
		if (strcmp(sec, "authority") == 0 ||
		    strcmp(sec, "accountability") == 0)
			rerr(c, r, JI_SECTION,
			     "position %s already has its "
			     "%s (import with --replace to replace the "
			     "position's %s)",
			     r->v[JI_POS].s, sections[i][1], sections[i][1]);
		else
			rerr(c, r, JI_SECTION,
			     "item %lld of %s of position %s "
			     "is already in the database (import with "
			     "--replace to replace the position's %s)",
			     (long long)r->v[JI_SEQ].i, sections[i][1],
			     r->v[JI_POS].s, sections[i][1]);
		break;
	case IMPORT_KPI_ITEMS:
		rerr(c, r, KI_CODE,
		     "KPI %s of position %s is already in the "
		     "database (import with --replace to replace all KPI rows "
		     "of the file's positions)",
		     r->v[KI_CODE].s, r->v[KI_POS].s);
		break;
	default:
		rerr(c, r, SR_ITEM,
		     "the %s rate of %s for %lld is already in "
		     "the database (import with --replace to replace the "
		     "rates of the file's cities and years)",
		     si_items[name_index(&si_items[0][0], 4, 3,
		                         r->v[SR_ITEM].s)][1],
		     r->v[SR_CITY].s, (long long)r->v[SR_YEAR].i);
		break;
	}
}
