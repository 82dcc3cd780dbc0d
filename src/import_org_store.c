/* SPDX-License-Identifier: MIT */
/*
 * The organisation import's writing, inside the caller's transaction, of
 * rows that passed every check: --replace deletions of the list kinds,
 * updates or inserts of the kinds with ids, job-description items, KPI
 * rows, social-insurance rates and the superiors of positions.
 */
#include "import_org_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fmt.h"
#include "xmem.h"

/* ------------------------------------------------------------ writing */

/* --replace: the rows of the list kinds that the file's keys name. */
int
import_org_delete_replaced(struct octx *c)
{
	static const char *const del[][2] = {
	    [IMPORT_JOB_ITEMS] =
	        {"SELECT count(*) FROM position_item "
	         "WHERE position_id = :a AND section = :b",
	         "DELETE FROM position_item WHERE position_id = :a AND "
	         "section = :b"},
	    [IMPORT_KPI_ITEMS] =
	        {"SELECT count(*) FROM kpi WHERE "
	         "position_id = :a AND :b = :b",
	         "DELETE FROM kpi WHERE position_id = :a AND :b = :b"},
	    [IMPORT_SI_RATE] =
	        {"SELECT count(*) FROM si_rate WHERE "
	         "city = :a AND year = :b",
	         "DELETE FROM si_rate WHERE city = :a AND year = :b"},
	};
	struct oidx *ix = xcalloc(c->nrows + 1, sizeof(*ix));
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < c->nrows; i++) {
		const struct orow *r = &c->rows[i];

		if (r->key == NULL)
			continue;
		ix[n].key =
		    c->o->kind == IMPORT_JOB_ITEMS
		        ? arena_printf(c->a, "%s\x1f%s", r->v[0].s, r->v[1].s)
		    : c->o->kind == IMPORT_KPI_ITEMS
		        ? r->v[0].s
		        : arena_printf(c->a, "%s\x1f%lld", r->v[0].s,
		                       (long long)r->v[SR_YEAR].i);
		ix[n++].row = i;
	}
	qsort(ix, n, sizeof(*ix), cmp_idx);
	for (i = 0; i < n && rc == 0; i++) {
		const struct orow *r = &c->rows[ix[i].row];
		struct db_param p[] = {{"a", r->v[0]},
		                       {"b", c->o->kind == IMPORT_SI_RATE
		                                 ? r->v[SR_YEAR]
		                                 : r->v[1]}};
		const char *sec = r->v[1].s;
		int64_t cnt = 0;

		if (i > 0 && strcmp(ix[i].key, ix[i - 1].key) == 0)
			continue;
		if (c->o->kind == IMPORT_JOB_ITEMS &&
		    (strcmp(sec, "authority") == 0 ||
		     strcmp(sec, "accountability") == 0)) {
			rc = query_int(
			    c,
			    arena_printf(
			        c->a,
			        "SELECT count(*) "
			        "FROM position WHERE id = :a AND %s <> '' AND "
			        ":b = :b",
			        sec),
			    p, 2, &cnt);
			if (rc == 0)
				rc = query(c,
				           arena_printf(c->a,
				                        "UPDATE "
				                        "position SET %s = '' "
				                        "WHERE id = :a AND "
				                        ":b = :b",
				                        sec),
				           p, 2, NULL);
		} else {
			rc = query_int(c, del[c->o->kind][0], p, 2, &cnt);
			if (rc == 0)
				rc = query(c, del[c->o->kind][1], p, 2, NULL);
		}
		c->st->deleted += (int)cnt;
	}
	free(ix);
	return rc;
}

/* A row of a kind with ids: UPDATE the file's columns, or INSERT. */
int
import_org_write_upsert(struct octx *c, const struct orow *r)
{
	struct db_param p[MAXC];
	const char *keycol = c->k->cols[0].dbcol;
	char *set = arena_printf(c->a, "%s = :%s", keycol, keycol);
	char *names = arena_strdup(c->a, keycol);
	char *vals = arena_printf(c->a, ":%s", keycol);
	size_t k, np = 0;

	for (k = 0; k < c->ncols; k++) {
		const struct ocol *oc = &c->k->cols[k];

		if (oc->dbcol == NULL ||
		    (r->v[k].type == FMT_V_NULL &&
		     !(oc->type == OT_SCHEME && c->col[k] >= 0)))
			continue;
		p[np].name = oc->dbcol;
		p[np++].v = r->v[k];
		if (k == 0)
			continue;
		set = arena_printf(c->a, "%s, %s = :%s", set, oc->dbcol,
		                   oc->dbcol);
		names = arena_printf(c->a, "%s, %s", names, oc->dbcol);
		vals = arena_printf(c->a, "%s, :%s", vals, oc->dbcol);
	}
	if (r->exists) {
		c->st->updated++;
		return query(c,
		             arena_printf(c->a,
		                          "UPDATE %s SET %s WHERE "
		                          "%s = :%s",
		                          c->k->table, set, keycol, keycol),
		             p, np, NULL);
	}
	c->st->inserted++;
	return query(c,
	             arena_printf(c->a, "INSERT INTO %s (%s) VALUES (%s)",
	                          c->k->table, names, vals),
	             p, np, NULL);
}

/* A job-description row: a list item, or a part of a position's text. */
int
import_org_write_job_item(struct octx *c, const struct orow *r)
{
	struct db_param p[] = {{"p", r->v[JI_POS]},
	                       {"s", r->v[JI_SECTION]},
	                       {"n", r->v[JI_SEQ]},
	                       {"t", r->v[JI_TEXT]}};
	const char *sec = r->v[JI_SECTION].s;

	c->st->inserted++;
	if (strcmp(sec, "authority") == 0 || strcmp(sec, "accountability") == 0)
		/* Items joined in order, 。 or ； between them. */
		return query(
		    c,
		    arena_printf(c->a,
		                 "UPDATE position SET %s = "
		                 "CASE WHEN %s = '' THEN :t WHEN substr(%s, "
		                 "-1) IN ('。', "
		                 "'；', ';', '！') THEN %s || :t ELSE %s || "
		                 "'；' || :t END "
		                 "WHERE id = :p AND :s = :s AND :n = :n",
		                 sec, sec, sec, sec, sec),
		    p, 4, NULL);
	return query(c,
	             "INSERT INTO position_item (position_id, section, "
	             "seq, text) VALUES (:p, :s, :n, :t)",
	             p, 4, NULL);
}

int
import_org_write_kpi(struct octx *c, const struct orow *r)
{
	struct db_param p[] = {{"p", r->v[KI_POS]},
	                       {"c", r->v[KI_CODE]},
	                       {"n", r->v[KI_SEQ]},
	                       {"name", r->v[KI_NAME]},
	                       {"w", r->v[KI_WEIGHT]},
	                       {"k", r->v[KI_KIND]},
	                       {"u", r->v[KI_UNIT].type == FMT_V_TEXT
	                                 ? r->v[KI_UNIT]
	                                 : vtext("")}};

	c->st->inserted++;
	return query(
	    c,
	    "INSERT INTO kpi (position_id, code, seq, name, "
	    "weight, kind, unit) VALUES (:p, :c, :n, :name, :w, :k, :u)",
	    p, 7, NULL);
}

int
import_org_write_target(struct octx *c, const struct orow *r)
{
	struct db_param p[MAXC];
	char *names = arena_strdup(c->a, "store_id, year");
	char *vals = arena_strdup(c->a, ":store_id, :year");
	char *set = arena_strdup(c->a, "year = excluded.year");
	size_t k, np = 0;

	for (k = 0; k < c->ncols; k++) {
		const struct ocol *oc = &c->k->cols[k];

		if (r->v[k].type == FMT_V_NULL)
			continue;
		p[np].name = oc->dbcol;
		p[np++].v = r->v[k];
		if (k == TG_STORE || k == TG_YEAR)
			continue;
		names = arena_printf(c->a, "%s, %s", names, oc->dbcol);
		vals = arena_printf(c->a, "%s, :%s", vals, oc->dbcol);
		set = arena_printf(c->a, "%s, %s = excluded.%s", set, oc->dbcol,
		                   oc->dbcol);
	}
	if (r->exists)
		c->st->updated++;
	else
		c->st->inserted++;
	return query(
	    c,
	    arena_printf(c->a,
	                 "INSERT INTO service_target (%s) VALUES (%s) "
	                 "ON CONFLICT (store_id, year) DO UPDATE SET %s",
	                 names, vals, set),
	    p, np, NULL);
}

int
import_org_write_si_rate(struct octx *c, const struct orow *r)
{
	struct db_param p[] = {
	    {"c", r->v[SR_CITY]},
	    {"y", r->v[SR_YEAR]},
	    {"i", r->v[SR_ITEM]},
	    {"n", r->v[SR_NAME]},
	    {"r", r->v[SR_RATE]},
	    {"f", r->v[SR_FIXED].type == FMT_V_INT ? r->v[SR_FIXED] : vint(0)},
	    {"lo", r->v[SR_MIN]},
	    {"hi", r->v[SR_MAX]},
	    {"rd",
	     r->v[SR_ROUND].type == FMT_V_INT ? r->v[SR_ROUND] : vint(1)}};

	c->st->inserted++;
	return query(
	    c,
	    "INSERT INTO si_rate (city, year, item, name, "
	    "rate_bp, fixed_fen, base_min_fen, base_max_fen, round_fen) "
	    "VALUES (:c, :y, :i, :n, :r, :f, :lo, :hi, :rd)",
	    p, 9, NULL);
}

/* The superiors of the file's positions, once all positions exist. */
int
import_org_write_superiors(struct octx *c)
{
	size_t i, j;

	if (c->col[PS_SUPERIORS] < 0)
		return 0;
	for (i = 0; i < c->nrows; i++) {
		const struct orow *r = &c->rows[i];
		struct db_param p[3] = {{"p", r->v[PS_ID]}};

		if (query(c,
		          "DELETE FROM position_superior WHERE "
		          "position_id = :p",
		          p, 1, NULL) < 0)
			return -1;
		for (j = 0; j < r->nsups; j++) {
			p[1].name = "s";
			p[1].v = vtext(r->sups[j]);
			p[2].name = "n";
			p[2].v = vint((int64_t)j + 1);
			if (query(c,
			          "INSERT INTO position_superior "
			          "(position_id, superior_id, sort) VALUES "
			          "(:p, :s, "
			          ":n)",
			          p, 3, NULL) < 0)
				return -1;
		}
	}
	return 0;
}
