/* SPDX-License-Identifier: MIT */
/*
 * The archive: record paths built only from checked ids, durable writes that
 * never replace a file, the PDF/A-2b XMP packet and the append-only ledger
 * table (its DDL is the schema's last section).
 */
#define _GNU_SOURCE /* memmem */
#include "archive.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "month.h"
#include "outfile.h"
#include "xmem.h"

#define NAME_MAX_LEN 64
/* Versions tried before giving up on a name (a run-away loop otherwise). */
#define MAX_VERSIONS 9999

/* ---- paths ---- */

int
archive_name_ok(const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return 0;
	for (n = 0; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return n <= NAME_MAX_LEN;
}

static int
check_parts(const char *month, const char *dept, const char *emp,
            const char *kind, struct diag *d)
{
	const char *what = NULL, *val = NULL;
	struct month m;

	if (month_parse(month, &m) != 0)
		what = "month", val = month;
	else if (!archive_name_ok(dept))
		what = "department id", val = dept;
	else if (!archive_name_ok(emp))
		what = "employee id", val = emp;
	else if (!archive_name_ok(kind))
		what = "document kind", val = kind;
	if (what == NULL)
		return 0;
	/* the value may hold anything: show it escaped-free but bounded */
	diag_report(
	    d, DIAG_ARCHIVE_BAD_NAME, NULL,
	    "%s \"%.80s\": only letters, digits, '_' and '-' are allowed", what,
	    val ? val : "(null)");
	return -1;
}

char *
archive_rel_path(const char *month, const char *dept, const char *emp,
                 const char *kind, int version, struct diag *d)
{
	if (check_parts(month, dept, emp, kind, d) < 0)
		return NULL;
	if (version <= 1)
		return xasprintf("%s/%s/%s-%s.pdf", month, dept, emp, kind);
	return xasprintf("%s/%s/%s-%s.v%d.pdf", month, dept, emp, kind,
	                 version);
}

static int
io_error(struct diag *d, const char *path, const char *what)
{
	diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s: %s", path, what,
	            strerror(errno));
	return -1;
}

/* mkdir that accepts an existing directory (never a symlink or file). */
static int
make_dir(const char *path, struct diag *d)
{
	struct stat st;

	if (mkdir(path, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return io_error(d, path, "mkdir");
	if (lstat(path, &st) < 0)
		return io_error(d, path, "stat");
	if (!S_ISDIR(st.st_mode)) {
		diag_report(d, DIAG_IO_WRITE, NULL, "%s: not a directory",
		            path);
		return -1;
	}
	return 0;
}

static int
sync_dir(const char *path, struct diag *d)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return io_error(d, path, "open");
	if (fsync(fd) < 0) {
		io_error(d, path, "fsync");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

struct archive_tmp {
	char *root, *month, *dept, *emp, *kind;
	char *tmp; /* the temporary dot-file, registered with cleanup */
	int fd;    /* open on it until archive_tmp_link */
};

void
archive_tmp_free(struct archive_tmp *t)
{
	if (t == NULL)
		return;
	if (t->fd >= 0)
		close(t->fd);
	if (t->tmp != NULL) {
		unlink(t->tmp);
		cleanup_unregister(t->tmp);
	}
	free(t->tmp);
	free(t->root);
	free(t->month);
	free(t->dept);
	free(t->emp);
	free(t->kind);
	free(t);
}

struct archive_tmp *
archive_tmp_write(const char *root, const char *month, const char *dept,
                  const char *emp, const char *kind, const void *data,
                  size_t len, struct diag *d)
{
	struct archive_tmp *t;
	char *mdir, *ddir;
	int rc;

	if (check_parts(month, dept, emp, kind, d) < 0)
		return NULL;
	if (make_dir(root, d) < 0)
		return NULL;
	mdir = xasprintf("%s/%s", root, month);
	ddir = xasprintf("%s/%s", mdir, dept);
	rc = make_dir(mdir, d) < 0 || make_dir(ddir, d) < 0 ? -1 : 0;
	free(mdir);
	if (rc < 0) {
		free(ddir);
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->fd = -1;
	t->root = xstrdup(root);
	t->month = xstrdup(month);
	t->dept = xstrdup(dept);
	t->emp = xstrdup(emp);
	t->kind = xstrdup(kind);
	/* a dot-name: never a final name, which cannot start with '.' */
	t->tmp = xasprintf("%s/.%s-%s.XXXXXX", ddir, emp, kind);
	free(ddir);
	if ((t->fd = cleanup_mkstemp(t->tmp)) < 0) {
		io_error(d, t->tmp, "create");
		free(t->tmp); /* nothing was made under that name */
		t->tmp = NULL;
		archive_tmp_free(t);
		return NULL;
	}
	if (fchmod(t->fd, outfile_mode(OUTFILE_READONLY)) < 0 ||
	    write_all(t->fd, data, len) < 0) {
		io_error(d, t->tmp, "write");
		archive_tmp_free(t);
		return NULL;
	}
	return t;
}

int
archive_tmp_sync(struct archive_tmp *const *t, size_t n, struct diag *d)
{
	size_t i;

	if (n == 0)
		return 0;
	/*
	 * One syncfs writes every file of the batch in one journal commit;
	 * each fsync after it finds its file clean and reports any error
	 * that file's writeback had.
	 */
	(void)syncfs(t[0]->fd);
	for (i = 0; i < n; i++)
		if (fsync(t[i]->fd) < 0)
			return io_error(d, t[i]->tmp, "write");
	return 0;
}

int
archive_tmp_link(struct archive_tmp *t, int first_version, char **rel_out,
                 int *version, struct diag *d)
{
	char *rel = NULL, *full = NULL;
	int v, rc = -1;

	*rel_out = NULL;
	if (close(t->fd) < 0) {
		t->fd = -1;
		return io_error(d, t->tmp, "close");
	}
	t->fd = -1;
	/*
	 * link() fails with EEXIST instead of replacing, even when the name
	 * appears between two attempts: a concurrent run cannot be clobbered.
	 */
	assert(first_version >= 1);
	for (v = first_version; v <= MAX_VERSIONS; v++) {
		free(rel);
		free(full);
		rel =
		    archive_rel_path(t->month, t->dept, t->emp, t->kind, v, d);
		full = xasprintf("%s/%s", t->root, rel);
		if (link(t->tmp, full) == 0)
			break;
		if (errno != EEXIST) {
			io_error(d, full, "link");
			goto out;
		}
	}
	if (v > MAX_VERSIONS) {
		/* the ledger's last version may already be the last there is */
		if (full == NULL) {
			rel = archive_rel_path(t->month, t->dept, t->emp,
			                       t->kind, MAX_VERSIONS, d);
			full = xasprintf("%s/%s", t->root, rel);
		}
		diag_report(d, DIAG_IO_EXISTS, NULL, "%s: too many versions",
		            full);
		goto out;
	}
	if (unlink(t->tmp) < 0) {
		io_error(d, t->tmp, "unlink");
		goto out;
	}
	cleanup_unregister(t->tmp);
	free(t->tmp);
	t->tmp = NULL;
	*rel_out = rel;
	rel = NULL;
	*version = v;
	rc = 0;
out:
	free(rel);
	free(full);
	return rc;
}

int
archive_store(const char *root, const char *month, const char *dept,
              const char *emp, const char *kind, const void *data, size_t len,
              int first_version, char **rel_out, int *version, struct diag *d)
{
	struct archive_tmp *t =
	    archive_tmp_write(root, month, dept, emp, kind, data, len, d);
	int rc;

	*rel_out = NULL;
	if (t == NULL)
		return -1;
	rc =
	    archive_tmp_sync(&t, 1, d) == 0 &&
	            archive_tmp_link(t, first_version, rel_out, version, d) == 0
	        ? 0
	        : -1;
	archive_tmp_free(t);
	return rc;
}

/* Whether dir (len bytes) is one of the n strings of seen. */
static int
seen_dir(char **seen, size_t n, const char *dir, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(seen[i]) == len && memcmp(seen[i], dir, len) == 0)
			return 1;
	return 0;
}

int
archive_sync_dirs(const char *root, const struct archive_entry *e, size_t n,
                  struct diag *d)
{
	char **seen = NULL, *full;
	size_t nseen = 0, cap = 0, i, j;
	int rc = 0;

	/* every directory of every path: "2025-03/PRT", then "2025-03" */
	for (i = 0; i < n && rc == 0; i++) {
		const char *p = e[i].path;

		for (j = strlen(p); j > 0 && rc == 0; j--) {
			if (p[j - 1] != '/')
				continue;
			if (seen_dir(seen, nseen, p, j - 1))
				continue;
			seen = xgrow(seen, &cap, nseen + 1, sizeof(*seen));
			seen[nseen++] = xstrndup(p, j - 1);
			full = xasprintf("%s/%s", root, seen[nseen - 1]);
			rc = sync_dir(full, d);
			free(full);
		}
	}
	if (rc == 0 && n > 0)
		rc = sync_dir(root, d);
	for (i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

/* ---- XMP ---- */

char *
archive_xml_escape(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_adds(&b, "&amp;");
			break;
		case '<':
			buf_adds(&b, "&lt;");
			break;
		case '>':
			buf_adds(&b, "&gt;");
			break;
		case '"':
			buf_adds(&b, "&quot;");
			break;
		case '\'':
			buf_adds(&b, "&apos;");
			break;
		default:
			/* XML 1.0 has no control characters but these */
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n' && *s != '\r')
				buf_addc(&b, ' ');
			else
				buf_addc(&b, *s);
		}
	}
	return buf_take(&b);
}

static void
add_esc(struct buf *b, const char *s)
{
	char *e = archive_xml_escape(s);

	buf_adds(b, e);
	free(e);
}

/*
 * The packet is as short as PDF/A-2b allows: one rdf:Description for
 * every schema, no indentation, no padding; only the hrp: properties need
 * the extension schema, whose four fields per property are all required.
 */
static void
add_simple(struct buf *b, const char *tag, const char *v)
{
	if (v == NULL)
		return;
	buf_printf(b, "<%s>", tag);
	add_esc(b, v);
	buf_printf(b, "</%s>\n", tag);
}

static void
add_alt(struct buf *b, const char *tag, const char *v)
{
	if (v == NULL)
		return;
	buf_printf(b, "<%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
	add_esc(b, v);
	buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void
add_property(struct buf *b, const char *name, const char *desc)
{
	buf_printf(b,
	           "<rdf:li rdf:parseType=\"Resource\">"
	           "<pdfaProperty:name>%s</pdfaProperty:name>"
	           "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
	           "<pdfaProperty:category>external</pdfaProperty:category>"
	           "<pdfaProperty:description>%s</pdfaProperty:description>"
	           "</rdf:li>\n",
	           name, desc);
}

char *
archive_xmp(const struct archive_meta *m)
{
	struct buf b;
	char date[32];
	time_t t = (time_t)m->time_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	buf_init(&b, 0);
	buf_adds(
	    &b,
	    "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
	    "<rdf:RDF "
	    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\""
	    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\""
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
	    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
	    " xmlns:hrp=\"urn:hrpress:archive:1#\""
	    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
	    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
	    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
	    "<pdfaid:part>2</pdfaid:part>"
	    "<pdfaid:conformance>B</pdfaid:conformance>\n");
	add_alt(&b, "dc:title", m->title);
	if (m->author != NULL) {
		buf_adds(&b, "<dc:creator><rdf:Seq><rdf:li>");
		add_esc(&b, m->author);
		buf_adds(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	add_alt(&b, "dc:description", m->subject);
	add_simple(&b, "xmp:CreateDate", date);
	add_simple(&b, "xmp:ModifyDate", date);
	add_simple(&b, "xmp:CreatorTool", m->creator);
	add_simple(&b, "pdf:Producer", m->producer);
	add_simple(&b, "pdf:Keywords", m->keywords);
	add_simple(&b, "hrp:EmployeeID", m->employee_id);
	add_simple(&b, "hrp:Month", m->month);
	add_simple(&b, "hrp:DocumentKind", m->kind);
	/* PDF/A: properties outside the predefined schemas must be described */
	buf_adds(&b,
	         "<pdfaExtension:schemas><rdf:Bag>"
	         "<rdf:li rdf:parseType=\"Resource\">"
	         "<pdfaSchema:schema>hrpress archive record</pdfaSchema:schema>"
	         "<pdfaSchema:namespaceURI>urn:hrpress:archive:1#"
	         "</pdfaSchema:namespaceURI>"
	         "<pdfaSchema:prefix>hrp</pdfaSchema:prefix>"
	         "<pdfaSchema:property><rdf:Seq>\n");
	add_property(&b, "EmployeeID", "employee id");
	add_property(&b, "Month", "month, YYYY-MM");
	add_property(&b, "DocumentKind", "payslip or scorecard");
	buf_adds(&b, "</rdf:Seq></pdfaSchema:property></rdf:li>"
	             "</rdf:Bag></pdfaExtension:schemas>\n"
	             "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
	             "<?xpacket end=\"w\"?>");
	return buf_take(&b);
}

/* ---- ledger ---- */

int
archive_ledger_insert(struct db *db, const struct archive_entry *e, size_t n,
                      struct diag *d)
{
	static const char sql[] =
	    "INSERT INTO archive_ledger (path, kind, employee_id, month, "
	    "sha256, size, created_at, generator, signer_sha256, version, "
	    "archive_id) VALUES (:path, :kind, :emp, :month, :sha, :size, "
	    ":at, :gen, :signer, :version, :archive)";
	struct db_param p[11];
	size_t i;

	for (i = 0; i < n; i++) {
		memset(p, 0, sizeof(p));
		p[0].name = "path";
		p[0].v.type = FMT_V_TEXT;
		p[0].v.s = e[i].path;
		p[1].name = "kind";
		p[1].v.type = FMT_V_TEXT;
		p[1].v.s = e[i].kind;
		p[2].name = "emp";
		p[2].v.type = FMT_V_TEXT;
		p[2].v.s = e[i].employee_id;
		p[3].name = "month";
		p[3].v.type = FMT_V_TEXT;
		p[3].v.s = e[i].month;
		p[4].name = "sha";
		p[4].v.type = FMT_V_TEXT;
		p[4].v.s = e[i].sha256;
		p[5].name = "size";
		p[5].v.type = FMT_V_INT;
		p[5].v.i = e[i].size;
		p[6].name = "at";
		p[6].v.type = FMT_V_TEXT;
		p[6].v.s = e[i].created_at;
		p[7].name = "gen";
		p[7].v.type = FMT_V_TEXT;
		p[7].v.s = e[i].generator;
		p[8].name = "signer";
		p[8].v.type = e[i].signer_sha256 ? FMT_V_TEXT : FMT_V_NULL;
		p[8].v.s = e[i].signer_sha256;
		p[9].name = "version";
		p[9].v.type = FMT_V_INT;
		p[9].v.i = e[i].version;
		p[10].name = "archive";
		p[10].v.type = FMT_V_TEXT;
		p[10].v.s = e[i].archive_id ? e[i].archive_id : "";
		if (db_query(db, sql, NULL, p, 11, NULL, NULL, d) != 0)
			return -1;
	}
	return 0;
}

int
archive_ledger_append(struct db *db, const struct archive_entry *e, size_t n,
                      struct diag *d)
{
	if (db_begin(db, d) != 0)
		return -1;
	if (archive_ledger_insert(db, e, n, d) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, d);
}

int
archive_ledger_last_version(struct db *db, const char *archive_id,
                            const char *month, const char *dept,
                            const char *emp, const char *kind, int *version,
                            struct diag *d)
{
	struct arena *a;
	struct db_rows rows;
	struct db_param p[5];
	char *from, *to;
	int rc = -1;

	*version = 0;
	if (check_parts(month, dept, emp, kind, d) < 0)
		return -1;
	/* every version's path starts "M/D/E-K." and sorts before "M/D/E-K/" */
	from = xasprintf("%s/%s/%s-%s.", month, dept, emp, kind);
	to = xasprintf("%s/%s/%s-%s/", month, dept, emp, kind);
	memset(p, 0, sizeof(p));
	p[0].name = "archive";
	p[0].v.type = FMT_V_TEXT;
	p[0].v.s = archive_id;
	p[1].name = "from";
	p[1].v.type = FMT_V_TEXT;
	p[1].v.s = from;
	p[2].name = "to";
	p[2].v.type = FMT_V_TEXT;
	p[2].v.s = to;
	p[3].name = "emp";
	p[3].v.type = FMT_V_TEXT;
	p[3].v.s = emp;
	p[4].name = "kind";
	p[4].v.type = FMT_V_TEXT;
	p[4].v.s = kind;
	a = arena_new();
	if (db_query(
	        db,
	        "SELECT coalesce(max(version), 0) FROM archive_ledger "
	        "WHERE archive_id = :archive AND path >= :from AND path < :to "
	        "AND employee_id = :emp AND kind = :kind",
	        NULL, p, 5, a, &rows, d) == 0) {
		const struct fmt_value *v = db_cell(&rows, 0, 0);

		*version = v->type == FMT_V_INT ? (int)v->i : 0;
		rc = 0;
	}
	arena_free(a);
	free(from);
	free(to);
	return rc;
}

int
archive_ledger_find(struct db *db, const char *hex, struct arena *arena,
                    struct db_rows *out, struct diag *d)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = "sha";
	p.v.type = FMT_V_TEXT;
	p.v.s = hex;
	return db_query(
	    db,
	    "SELECT path, size, kind, employee_id, month, version, "
	    "signer_sha256, created_at, archive_id FROM archive_ledger "
	    "WHERE sha256 = :sha ORDER BY id",
	    NULL, &p, 1, arena, out, d);
}

/* ---- the archive directory's identity ---- */

/* "hrpress-archive 1\nid HEX\n" → id; 0 or -1. */
static int
parse_id_file(const char *text, char *id)
{
	size_t i;

	if (strncmp(text, "hrpress-archive 1\nid ", 21) != 0)
		return -1;
	text += 21;
	for (i = 0; i < ARCHIVE_ID_HEX - 1; i++)
		if (!((text[i] >= '0' && text[i] <= '9') ||
		      (text[i] >= 'a' && text[i] <= 'f')))
			return -1;
	if (text[i] != '\n' || text[i + 1] != '\0')
		return -1;
	memcpy(id, text, ARCHIVE_ID_HEX - 1);
	id[ARCHIVE_ID_HEX - 1] = '\0';
	return 0;
}

/* Read path's id: 0, 1 when it does not exist, -1 after reporting. */
static int
read_id_file(const char *path, char *id, struct diag *d)
{
	char text[128];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		io_error(d, path, "open");
		return -1;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0) {
		io_error(d, path, "read");
		return -1;
	}
	text[n] = '\0';
	if (parse_id_file(text, id) != 0) {
		diag_report(
		    d, DIAG_ARCHIVE_LEDGER, NULL,
		    "%s: not an hrpress "
		    "archive id file; restore it from a backup of the archive "
		    "(it names the archive in the ledger)",
		    path);
		return -1;
	}
	return 0;
}

int
archive_root_id(const char *root, int create, char *id, struct diag *d)
{
	char *path = xasprintf("%s/%s", root, ARCHIVE_ID_FILE), *tmp = NULL;
	unsigned char rnd[16];
	char text[64];
	int rc, fd = -1;
	size_t i;
	FILE *ur;

	rc = read_id_file(path, id, d);
	if (rc <= 0 || !create)
		goto out;
	rc = -1;
	if (mkdir(root, 0755) < 0 && errno != EEXIST) {
		io_error(d, root, "mkdir");
		goto out;
	}
	ur = fopen("/dev/urandom", "rb");
	if (ur == NULL || fread(rnd, 1, sizeof(rnd), ur) != sizeof(rnd)) {
		if (ur != NULL)
			fclose(ur);
		io_error(d, "/dev/urandom", "read");
		goto out;
	}
	fclose(ur);
	memcpy(text, "hrpress-archive 1\nid ", 21);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(text + 21 + 2 * i, 3, "%02x", rnd[i]);
	text[21 + 32] = '\n';
	text[21 + 33] = '\0';
	tmp = xasprintf("%s/.%s.XXXXXX", root, ARCHIVE_ID_FILE);
	if ((fd = mkstemp(tmp)) < 0) {
		io_error(d, root, "create a file in");
		goto out;
	}
	cleanup_register(tmp);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    fsync(fd) < 0) {
		io_error(d, tmp, "write");
		goto out_tmp;
	}
	/* link() never replaces: the first of two racing runs wins */
	if (link(tmp, path) < 0 && errno != EEXIST) {
		io_error(d, path, "link");
		goto out_tmp;
	}
	rc = read_id_file(path, id, d);
out_tmp:
	close(fd);
	unlink(tmp);
	cleanup_unregister(tmp);
out:
	free(tmp);
	free(path);
	return rc;
}

int
archive_locate(const char *file, char *id, char **rel, struct diag *d)
{
	char *full = realpath(file, NULL), *dir, *slash, *idpath;
	int depth, rc = 0;

	*rel = NULL;
	if (full == NULL) {
		io_error(d, file, "resolve");
		return -1;
	}
	dir = xstrdup(full);
	for (depth = 0; depth <= ARCHIVE_ID_DEPTH; depth++) {
		if ((slash = strrchr(dir, '/')) == NULL)
			break;
		*slash = '\0';
		idpath = xasprintf("%s/%s", *dir ? dir : "", ARCHIVE_ID_FILE);
		rc = read_id_file(idpath, id, d);
		free(idpath);
		if (rc < 0)
			break;
		if (rc == 0) {
			*rel = xstrdup(full + strlen(dir) + 1);
			rc = 1;
			break;
		}
		rc = 0;
	}
	free(dir);
	free(full);
	return rc;
}

/* ---- a record's embedded identity ---- */

/* The text of <tag>...</tag>, found exactly once, into out[size]. */
static int
xmp_value(const char *s, size_t len, const char *tag, char *out, size_t size)
{
	char open_tag[64], close_tag[64];
	const char *a, *b, *again;
	size_t ol, n;

	ol = (size_t)snprintf(open_tag, sizeof(open_tag), "<%s>", tag);
	snprintf(close_tag, sizeof(close_tag), "</%s>", tag);
	if ((a = memmem(s, len, open_tag, ol)) == NULL)
		return -1;
	again = memmem(a + ol, len - (size_t)(a + ol - s), open_tag, ol);
	if (again != NULL)
		return -1;
	a += ol;
	b = memmem(a, len - (size_t)(a - s), close_tag, strlen(close_tag));
	if (b == NULL || (n = (size_t)(b - a)) == 0 || n >= size ||
	    memchr(a, '<', n) != NULL || memchr(a, '&', n) != NULL)
		return -1;
	memcpy(out, a, n);
	out[n] = '\0';
	return 0;
}

int
archive_ident_read(const unsigned char *data, size_t len,
                   struct archive_ident *id)
{
	const char *s = (const char *)data;

	memset(id, 0, sizeof(*id));
	if (data == NULL || len == 0 ||
	    xmp_value(s, len, "hrp:EmployeeID", id->employee_id,
	              sizeof(id->employee_id)) != 0 ||
	    xmp_value(s, len, "hrp:Month", id->month, sizeof(id->month)) != 0 ||
	    xmp_value(s, len, "hrp:DocumentKind", id->kind, sizeof(id->kind)) !=
	        0) {
		memset(id, 0, sizeof(*id));
		return -1;
	}
	return 0;
}

int
archive_ident_matches_path(const struct archive_ident *id, const char *path)
{
	const char *base = strrchr(path, '/'), *p, *month;
	size_t el = strlen(id->employee_id), kl = strlen(id->kind);

	base = base ? base + 1 : path;
	if (strncmp(base, id->employee_id, el) != 0 || base[el] != '-' ||
	    strncmp(base + el + 1, id->kind, kl) != 0)
		return 0;
	p = base + el + 1 + kl;
	if (strncmp(p, ".v", 2) == 0) {
		p += 2;
		if (*p < '1' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (strcmp(p, ".pdf") != 0)
		return 0;
	/* MONTH/DEPT/ before the base name */
	if (base - path < 10)
		return 0;
	p = base - 1;                    /* the '/' before the base */
	while (p > path && p[-1] != '/') /* back over DEPT */
		p--;
	if (p - path < 8 || p[-1] != '/')
		return 0;
	month = p - 8;
	return strncmp(month, id->month, 7) == 0 &&
	       (month == path || month[-1] == '/');
}
