/* SPDX-License-Identifier: MIT */
/*
 * PKCS#7 detached signatures in PDF files, with OpenSSL's CMS: an
 * incremental update appended to a finished PDF adds a signature field
 * (/ByteRange, /Contents) that covers every byte but the signature itself,
 * and sign_verify() checks such a file. Also SHA-256 for the ledger.
 */
#define _GNU_SOURCE /* memmem */
#include "sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xmem.h"

/*
 * Room for the DER signature, in bytes (twice as many hex digits): the
 * size of a trial signature made with the key when it is loaded, plus
 * this margin (an ECDSA signature varies by a few bytes, a signing time
 * from 2050 on is 2 bytes longer). A fixed 8 KiB would leave about 13 KB
 * of hex zeros in every file signed with an RSA-2048 key.
 */
#define SIG_MARGIN 64
/* The most room kept, whatever the trial said. */
#define SIG_RESERVE_MAX 65536
/* Width of the /ByteRange numbers, patched in place after writing. */
#define RANGE_WIDTH 40
/* Digits of one /ByteRange number we accept when verifying (10^15 B). */
#define RANGE_DIGITS 15

struct sign_trust {
	STACK_OF(X509) * certs; /* pinned signers and CAs alike */
};

struct sign_key {
	EVP_PKEY *pkey;
	X509 *cert;
	char *signer; /* subject CN, UTF-8 */
	char fingerprint[SIGN_SHA256_HEX];
	size_t reserve; /* bytes kept for the DER signature */
};

static void
to_hex(const unsigned char *p, size_t n, char *out, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void
sign_sha256_hex(const void *data, size_t len, char *hex)
{
	unsigned char md[32];

	SHA256(data, len, md);
	to_hex(md, sizeof(md), hex, 0);
}

/* The last OpenSSL error as text, for messages. */
static const char *
ssl_error(char *buf, size_t size)
{
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	if (e == 0)
		return "unknown error";
	ERR_error_string_n(e, buf, size);
	return buf;
}

/*
 * `openssl req -subj "/CN=张三"` without -utf8 takes each byte of the UTF-8
 * name for a Latin-1 character, so the certificate holds "å¼ ä¸\u0089".
 * When every character of s is below U+0100 and their values, taken as
 * bytes, are valid UTF-8, those bytes are the name that was meant: s is
 * rewritten in place (it only gets shorter). Returns 1 if it was.
 */
static int
undo_latin1(char *s)
{
	size_t len = strlen(s), i = 0, n = 0;
	int high = 0;
	uint32_t cp;
	char *bytes = xmalloc(len + 1);

	while (i < len) {
		int k = utf8_decode(s + i, len - i, &cp);

		if (k < 0 || cp > 0xFF) {
			free(bytes);
			return 0;
		}
		high |= cp >= 0x80;
		bytes[n++] = (char)cp;
		i += (size_t)k;
	}
	bytes[n] = '\0';
	if (!high || utf8_validate(bytes, n, NULL) < 0) {
		free(bytes);
		return 0;
	}
	memcpy(s, bytes, n + 1);
	free(bytes);
	return 1;
}

/* Does valid UTF-8 s hold a control character (C0, DEL or C1)? */
static int
has_control(const char *s)
{
	size_t len = strlen(s), i = 0;
	uint32_t cp;

	while (i < len) {
		int k = utf8_decode(s + i, len - i, &cp);

		if (k < 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/*
 * The subject's common name as UTF-8, a Latin-1 misreading undone; NULL if
 * there is none or it is not valid UTF-8.
 */
static char *
common_name(X509 *cert)
{
	X509_NAME *name = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	unsigned char *u = NULL;
	char *s;
	int n;

	if (i < 0)
		return NULL;
	n = ASN1_STRING_to_UTF8(
	    &u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n < 0)
		return NULL;
	s = xstrndup((const char *)u, (size_t)n);
	OPENSSL_free(u);
	if (utf8_validate(s, strlen(s), NULL) == 0)
		(void)undo_latin1(s);
	return s;
}

static void
cert_fingerprint(X509 *cert, char *hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	X509_digest(cert, EVP_sha256(), md, &n);
	to_hex(md, n, hex, 0);
}

/*
 * The CMS signature of the bytes in: SHA-256, the signer's certificate
 * only (it is bound to the signed attributes by signingCertificateV2, so
 * no byte of it can change unnoticed, which a chain certificate's could),
 * and the signing time time_s, the time the record itself states (/M,
 * XMP, the visible block), not the clock: OpenSSL adds its own only when
 * the attribute is missing. So with SOURCE_DATE_EPOCH and an RSA key
 * (PKCS#1 v1.5 is deterministic) a record is signed byte for byte alike.
 * NULL on failure (OpenSSL's error queue says why).
 */
static CMS_ContentInfo *
cms_sign(const struct sign_key *k, long long time_s, BIO *in)
{
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP |
	                           CMS_CADES | CMS_PARTIAL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	CMS_SignerInfo *si;
	ASN1_TIME *when = NULL;

	if (cms == NULL)
		return NULL;
	si = CMS_add1_signer(cms, k->cert, k->pkey, EVP_sha256(), flags);
	if (si == NULL ||
	    (when = ASN1_TIME_set(NULL, (time_t)time_s)) == NULL ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, when->type,
	                                when, -1) != 1 ||
	    CMS_final(cms, in, NULL, flags & ~CMS_PARTIAL) != 1) {
		ASN1_TIME_free(when);
		CMS_ContentInfo_free(cms);
		return NULL;
	}
	ASN1_TIME_free(when);
	return cms;
}

/*
 * k->reserve: the size of a signature of a few bytes at the time signing
 * starts with this key (its size does not depend on what is signed: the
 * signed attributes hold a digest), plus SIG_MARGIN. Made once per key,
 * before the workers start. Returns 0, or -1 after reporting.
 */
static int
trial_reserve(struct sign_key *k, const char *key_path, struct diag *d)
{
	BIO *in = BIO_new_mem_buf("hrpress", 7);
	CMS_ContentInfo *cms = in != NULL ? cms_sign(k, 0, in) : NULL;
	unsigned char *der = NULL;
	char err[256];
	int n = cms != NULL ? i2d_CMS_ContentInfo(cms, &der) : -1;

	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	if (n <= 0 || (size_t)n + SIG_MARGIN > SIG_RESERVE_MAX) {
		diag_report(d, DIAG_SIGN_KEY, NULL,
		            "%s: cannot sign with this "
		            "key: %s",
		            key_path,
		            n <= 0
		                ? ssl_error(err, sizeof(err))
		                : "the signature would be larger than 64 KiB");
		return -1;
	}
	k->reserve = (size_t)n + SIG_MARGIN;
	return 0;
}

struct sign_key *
sign_key_load(const char *key_path, const char *cert_path, struct diag *d)
{
	struct sign_key *k = xcalloc(1, sizeof(*k));
	char err[256];
	BIO *b;

	if ((b = BIO_new_file(key_path, "r")) == NULL ||
	    (k->pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)) == NULL) {
		diag_report(d, DIAG_SIGN_KEY, NULL, "%s: %s", key_path,
		            ssl_error(err, sizeof(err)));
		BIO_free(b);
		goto fail;
	}
	BIO_free(b);
	if ((b = BIO_new_file(cert_path, "r")) == NULL ||
	    (k->cert = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL) {
		diag_report(d, DIAG_SIGN_KEY, NULL, "%s: %s", cert_path,
		            ssl_error(err, sizeof(err)));
		BIO_free(b);
		goto fail;
	}
	BIO_free(b);
	if (X509_check_private_key(k->cert, k->pkey) != 1) {
		ERR_clear_error();
		diag_report(d, DIAG_SIGN_KEY, NULL,
		            "%s: key does not match certificate %s", key_path,
		            cert_path);
		goto fail;
	}
	if ((k->signer = common_name(k->cert)) == NULL ||
	    k->signer[0] == '\0') {
		diag_report(
		    d, DIAG_SIGN_KEY, NULL,
		    "%s: certificate has no common name (CN): make it again "
		    "with openssl req -utf8 -subj '/CN=NAME'",
		    cert_path);
		goto fail;
	}
	/*
	 * Checked before any record is made: a name that is not text would
	 * only fail in a worker, when the signature block is drawn.
	 */
	if (utf8_validate(k->signer, strlen(k->signer), NULL) < 0 ||
	    has_control(k->signer)) {
		diag_report(
		    d, DIAG_SIGN_KEY, NULL,
		    "%s: the certificate's name (CN) is not readable text "
		    "(a certificate made by openssl req -subj without -utf8?): "
		    "make it again with openssl req -utf8 -subj '/CN=NAME' ...",
		    cert_path);
		goto fail;
	}
	cert_fingerprint(k->cert, k->fingerprint);
	if (trial_reserve(k, key_path, d) != 0)
		goto fail;
	return k;
fail:
	sign_key_free(k);
	return NULL;
}

void
sign_key_free(struct sign_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	X509_free(k->cert);
	free(k->signer);
	free(k);
}

const char *
sign_key_signer(const struct sign_key *k)
{
	return k->signer;
}

const char *
sign_key_fingerprint(const struct sign_key *k)
{
	return k->fingerprint;
}

/* ---- reading the PDF written by libharu ---- */

/* The PDF being signed: the parts of its last trailer that we need. */
struct pdfinfo {
	size_t xref_off; /* startxref */
	long size;       /* /Size */
	long root, info; /* object numbers of /Root and /Info */
	char id[160];    /* the /ID array, copied verbatim */
	size_t *offs;    /* offs[n]: offset of object n (0: none) */
};

static const char *
rmemmem(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	if (m > n)
		return NULL;
	for (i = n - m + 1; i-- > 0;)
		if (memcmp(hay + i, needle, m) == 0)
			return hay + i;
	return NULL;
}

static int
is_delim(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '/' ||
	       c == '[' || c == '<' || c == '(' || c == '>' || c == ']';
}

/* Position just after key in [s, s+n) (a whole name), or NULL. */
static const char *
find_key(const char *s, size_t n, const char *key)
{
	size_t m = strlen(key);
	const char *p = s, *end = s + n;

	while ((p = memmem(p, (size_t)(end - p), key, m)) != NULL) {
		if (p + m < end && is_delim(p[m]))
			return p + m;
		p += m;
	}
	return NULL;
}

static long
key_number(const char *s, size_t n, const char *key)
{
	const char *p = find_key(s, n, key);

	return p ? strtol(p, NULL, 10) : -1;
}

/* The object n: *body at "<<" of its dictionary, *len up to its last ">>". */
static int
object_dict(const char *pdf, size_t len, const struct pdfinfo *pi, long n,
            const char **body, size_t *blen)
{
	const char *s, *e, *end;

	if (n <= 0 || n >= pi->size || pi->offs[n] == 0 || pi->offs[n] >= len)
		return -1;
	s = pdf + pi->offs[n];
	e = memmem(s, len - pi->offs[n], "endobj", 6);
	if (e == NULL || (s = memmem(s, (size_t)(e - s), "<<", 2)) == NULL)
		return -1;
	end = rmemmem(s, (size_t)(e - s), ">>");
	if (end == NULL)
		return -1;
	*body = s;
	*blen = (size_t)(end - s); /* without the final ">>" */
	return 0;
}

static int
parse_pdf(const char *pdf, size_t len, struct pdfinfo *pi)
{
	const char *sx = rmemmem(pdf, len, "startxref"), *tr, *p, *id, *ide;
	char *endp;
	long first, count, i;

	memset(pi, 0, sizeof(*pi));
	if (sx == NULL ||
	    (tr = rmemmem(pdf, (size_t)(sx - pdf), "trailer")) == NULL)
		return -1;
	pi->xref_off = strtoul(sx + 9, NULL, 10);
	pi->size = key_number(tr, (size_t)(sx - tr), "/Size");
	pi->root = key_number(tr, (size_t)(sx - tr), "/Root");
	pi->info = key_number(tr, (size_t)(sx - tr), "/Info");
	if (pi->size <= 1 || pi->size > 10000000 || pi->root <= 0 ||
	    pi->xref_off >= len)
		return -1;
	if ((id = find_key(tr, (size_t)(sx - tr), "/ID")) != NULL) {
		ide = memchr(id, ']', (size_t)(sx - id));
		if (ide == NULL || (size_t)(ide - id) + 2 > sizeof(pi->id))
			return -1;
		memcpy(pi->id, id, (size_t)(ide - id) + 1);
	}
	p = pdf + pi->xref_off;
	if (strncmp(p, "xref", 4) != 0)
		return -1;
	p += 4;
	pi->offs = xcalloc((size_t)pi->size, sizeof(*pi->offs));
	for (;;) {
		while (p < pdf + len && (*p == '\n' || *p == '\r' || *p == ' '))
			p++;
		if (p >= tr)
			break;
		first = strtol(p, &endp, 10);
		count = strtol(endp, &endp, 10);
		if (endp == p || first < 0 || count < 0 ||
		    first + count > pi->size)
			return -1;
		p = endp;
		while (*p == ' ' || *p == '\r' || *p == '\n')
			p++;
		if (p + 20 * count > tr)
			return -1;
		for (i = 0; i < count; i++, p += 20)
			if (p[17] == 'n')
				pi->offs[first + i] = strtoul(p, NULL, 10);
	}
	return 0;
}

/* ---- writing the update ---- */

/* A PDF text string: UTF-16BE with byte order mark, as hex. */
static int
put_text_string(struct buf *b, const char *s)
{
	size_t i = 0, n = strlen(s);
	uint16_t u[2];
	int j;

	buf_adds(b, "<FEFF");
	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);

		if (k < 0)
			return -1;
		i += (size_t)k;
		for (j = 0; j < utf8_to_utf16(cp, u); j++)
			buf_printf(b, "%04X", (unsigned)u[j]);
	}
	buf_adds(b, ">");
	return 0;
}

static void
pdf_date(long long t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, size, "D:%Y%m%d%H%M%S+00'00'", &tm);
}

struct xent {
	long num;
	size_t off;
};

static int
cmp_xent(const void *a, const void *b)
{
	const struct xent *x = a, *y = b;

	return (x->num > y->num) - (x->num < y->num);
}

static int
sign_fail(struct diag *d, const char *label, const char *why)
{
	diag_report(d, DIAG_SIGN_PDF, NULL, "%s: %s", label, why);
	return -1;
}

/* Write the incremental update into b, after the original file. */
static int
write_update(struct buf *b, const char *pdf, size_t len,
             const struct pdfinfo *pi, const struct sign_key *k,
             const struct sign_params *sp, size_t *range_at,
             size_t *contents_at)
{
	const char *page_body = NULL, *cat_body, *pages_body, *kids, *annots;
	size_t page_len = 0, cat_len, pages_len, xref_at, i;
	long pages, page, sig = pi->size, widget = pi->size + 1,
	                  form = pi->size + 2;
	struct xent ents[5];
	char date[40];

	if (object_dict(pdf, len, pi, pi->root, &cat_body, &cat_len) < 0)
		return -1;
	pages = key_number(cat_body, cat_len, "/Pages");
	if (object_dict(pdf, len, pi, pages, &pages_body, &pages_len) < 0 ||
	    (kids = find_key(pages_body, pages_len, "/Kids")) == NULL)
		return -1;
	kids += strspn(kids, " \r\n[");
	page = strtol(kids, NULL, 10);
	if (object_dict(pdf, len, pi, page, &page_body, &page_len) < 0 ||
	    find_key(cat_body, cat_len, "/AcroForm") != NULL)
		return -1;
	annots = find_key(page_body, page_len, "/Annots");
	if (annots != NULL) {
		annots += strspn(annots, " \r\n");
		if (*annots != '[')
			return -1; /* an indirect array: not written by us */
	}

	if (len > 0 && pdf[len - 1] != '\n')
		buf_addc(b, '\n');
	pdf_date(sp->time_s, date, sizeof(date));

	ents[0].num = sig;
	ents[0].off = b->len;
	buf_printf(b,
	           "%ld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
	           "/SubFilter /adbe.pkcs7.detached\n/Name ",
	           sig);
	if (put_text_string(b, k->signer) < 0)
		return -1;
	buf_printf(b, "\n/M (%s)\n/Reason ", date);
	if (put_text_string(b, sp->reason) < 0)
		return -1;
	buf_adds(b, "\n/ByteRange [");
	*range_at = b->len;
	buf_printf(b, "%-*s]\n/Contents ", RANGE_WIDTH, "0 0 0 0");
	*contents_at = b->len;
	buf_addc(b, '<');
	for (i = 0; i < 2 * k->reserve; i++)
		buf_addc(b, '0');
	buf_adds(b, ">\n>>\nendobj\n");

	ents[1].num = widget;
	ents[1].off = b->len;
	buf_printf(
	    b,
	    "%ld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig "
	    "/T (Signature1) /V %ld 0 R /Rect [0 0 0 0] /F 132 /P %ld 0 R "
	    ">>\nendobj\n",
	    widget, sig, page);

	ents[2].num = form;
	ents[2].off = b->len;
	buf_printf(b,
	           "%ld 0 obj\n<< /Fields [%ld 0 R] /SigFlags 3 >>\n"
	           "endobj\n",
	           form, widget);

	/* new versions of the catalog and the first page */
	ents[3].num = pi->root;
	ents[3].off = b->len;
	buf_printf(b, "%ld 0 obj\n", pi->root);
	buf_add(b, cat_body, cat_len);
	buf_printf(b, "/AcroForm %ld 0 R\n>>\nendobj\n", form);

	ents[4].num = page;
	ents[4].off = b->len;
	buf_printf(b, "%ld 0 obj\n", page);
	if (annots != NULL) {
		size_t head = (size_t)(annots - page_body) + 1;

		buf_add(b, page_body, head);
		buf_printf(b, "%ld 0 R ", widget);
		buf_add(b, page_body + head, page_len - head);
		buf_adds(b, ">>\nendobj\n");
	} else {
		buf_add(b, page_body, page_len);
		buf_printf(b, "/Annots [%ld 0 R]\n>>\nendobj\n", widget);
	}

	qsort(ents, 5, sizeof(ents[0]), cmp_xent);
	xref_at = b->len;
	buf_adds(b, "xref\n");
	for (i = 0; i < 5; i++)
		buf_printf(b, "%ld 1\n%010zu 00000 n \n", ents[i].num,
		           ents[i].off);
	buf_printf(b, "trailer\n<< /Size %ld /Root %ld 0 R ", pi->size + 3,
	           pi->root);
	if (pi->info > 0)
		buf_printf(b, "/Info %ld 0 R ", pi->info);
	if (pi->id[0] != '\0')
		buf_printf(b, "/ID %s ", pi->id);
	buf_printf(b, "/Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", pi->xref_off,
	           xref_at);
	return 0;
}

/* The bytes a /ByteRange [0 a b c] covers, concatenated. */
static BIO *
signed_bytes(const unsigned char *data, size_t a, size_t b, size_t c)
{
	BIO *bio = BIO_new(BIO_s_mem());

	BIO_write(bio, data, (int)a);
	BIO_write(bio, data + b, (int)c);
	return bio;
}

int
sign_pdf(const struct sign_key *k, const struct sign_params *sp,
         const char *label, unsigned char **data, size_t *len, struct diag *d)
{
	struct pdfinfo pi;
	struct buf b;
	size_t range_at = 0, contents_at = 0, a, bb, c;
	CMS_ContentInfo *cms = NULL;
	unsigned char *der = NULL;
	char range[RANGE_WIDTH + 1], err[256];
	BIO *in = NULL;
	int derlen, rc = -1;

	if (parse_pdf((const char *)*data, *len, &pi) < 0) {
		free(pi.offs);
		return sign_fail(d, label,
		                 "cannot find the PDF's trailer "
		                 "and cross-reference table");
	}
	buf_init(&b, 0);
	buf_add(&b, *data, *len);
	if (write_update(&b, (const char *)*data, *len, &pi, k, sp, &range_at,
	                 &contents_at) < 0) {
		sign_fail(d, label, "unexpected PDF structure");
		goto out;
	}
	a = contents_at;
	bb = contents_at + 2 * k->reserve + 2;
	c = b.len - bb;
	snprintf(range, sizeof(range), "0 %zu %zu %zu", a, bb, c);
	memset(b.data + range_at, ' ', RANGE_WIDTH);
	memcpy(b.data + range_at, range, strlen(range));

	in = signed_bytes((unsigned char *)b.data, a, bb, c);
	if ((cms = cms_sign(k, sp->time_s, in)) == NULL ||
	    (derlen = i2d_CMS_ContentInfo(cms, &der)) <= 0) {
		sign_fail(d, label, ssl_error(err, sizeof(err)));
		goto out;
	}
	if ((size_t)derlen > k->reserve) {
		sign_fail(d, label, "signature larger than the space kept");
		goto out;
	}
	{
		char *hex = xmalloc(2 * (size_t)derlen + 1);

		to_hex(der, (size_t)derlen, hex, 1);
		memcpy(b.data + a + 1, hex, 2 * (size_t)derlen);
		free(hex);
	}
	free(*data);
	*len = b.len;
	*data = (unsigned char *)buf_take(&b);
	rc = 0;
out:
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	buf_free(&b);
	free(pi.offs);
	return rc;
}

/* ---- verification ---- */

static int
bad(struct sign_result *r, const char *why)
{
	r->status = SIGN_BAD;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return -1;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lowercase is not what we write: a changed byte */
}

/*
 * The signed attribute signingCertificateV2 (CAdES, added by sign_pdf)
 * holds the signer certificate's hash, so the certificate is covered by
 * the signature too, including its own signature bytes.
 */
static int
signing_cert_bound(CMS_ContentInfo *cms, STACK_OF(X509) * signers)
{
	CMS_SignerInfo *si =
	    sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	ASN1_STRING *attr;
	ESS_SIGNING_CERT_V2 *ss = NULL;
	const unsigned char *p;
	int ok;

	attr = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3,
	    V_ASN1_SEQUENCE);
	if (attr == NULL)
		return -1;
	p = ASN1_STRING_get0_data(attr);
	ss = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(attr));
	if (ss == NULL)
		return -1;
	ok = OSSL_ESS_check_signing_certs(NULL, ss, signers, 1);
	ESS_SIGNING_CERT_V2_free(ss);
	ERR_clear_error();
	return ok == 1 ? 0 : -1;
}

/*
 * Algorithm parameters are not covered either, and OpenSSL ignores them
 * for RSA and SHA-2: they must be NULL or absent, as written.
 */
static int
alg_params_ok(CMS_ContentInfo *cms)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	X509_ALGOR *dig = NULL, *sig = NULL;
	const ASN1_OBJECT *obj;
	const void *val;
	int t1, t2;

	if (sk_CMS_SignerInfo_num(sis) != 1)
		return -1;
	CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(sis, 0), NULL, NULL,
	                         &dig, &sig);
	if (dig == NULL || sig == NULL)
		return -1;
	X509_ALGOR_get0(&obj, &t1, &val, dig);
	X509_ALGOR_get0(&obj, &t2, &val, sig);
	return (t1 == V_ASN1_NULL || t1 == V_ASN1_UNDEF) &&
	               (t2 == V_ASN1_NULL || t2 == V_ASN1_UNDEF)
	           ? 0
	           : -1;
}

/*
 * Whether the SignerInfo's signature over its signed attributes verifies
 * with the one embedded certificate, and its messageDigest attribute is
 * the digest of the signed bytes. CMS_verify checks both too, but OpenSSL
 * 3.0 leaks a memory BIO whenever either check fails, and a verifier run
 * over a whole archive of damaged files must not grow; it is called only
 * once these pass.
 */
static int
signature_ok(CMS_ContentInfo *cms, const unsigned char *data, size_t a,
             size_t b, size_t c)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si;
	X509_ALGOR *dig = NULL;
	const ASN1_OBJECT *obj;
	const ASN1_OCTET_STRING *want;
	const EVP_MD *md;
	EVP_MD_CTX *ctx;
	unsigned char got[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int ok;

	STACK_OF(X509) * certs;
	int sig_ok;

	if (sk_CMS_SignerInfo_num(sis) != 1)
		return 0;
	si = sk_CMS_SignerInfo_value(sis, 0);
	certs = CMS_get1_certs(cms);
	sig_ok = certs != NULL && sk_X509_num(certs) == 1 &&
	         CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, 0)) == 0;
	if (sig_ok) {
		CMS_SignerInfo_set1_signer_cert(si, sk_X509_value(certs, 0));
		sig_ok = CMS_SignerInfo_verify(si) == 1;
	}
	sk_X509_pop_free(certs, X509_free);
	ERR_clear_error();
	if (!sig_ok)
		return 0;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
	if (dig == NULL)
		return 0;
	X509_ALGOR_get0(&obj, NULL, NULL, dig);
	want = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if ((md = EVP_get_digestbyobj(obj)) == NULL || want == NULL ||
	    (ctx = EVP_MD_CTX_new()) == NULL)
		return 0;
	ok = EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
	     EVP_DigestUpdate(ctx, data, a) == 1 &&
	     EVP_DigestUpdate(ctx, data + b, c) == 1 &&
	     EVP_DigestFinal_ex(ctx, got, &n) == 1 &&
	     (int)n == ASN1_STRING_length(want) &&
	     memcmp(got, ASN1_STRING_get0_data(want), n) == 0;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The length of the DER element at p (header included), or 0. */
static size_t
der_len(const unsigned char *p, size_t avail, size_t *hdr)
{
	size_t n, i, len;

	if (avail < 2)
		return 0;
	if (p[1] < 0x80) {
		*hdr = 2;
		len = p[1];
	} else {
		n = p[1] & 0x7F;
		if (n == 0 || n > 3 || avail < 2 + n)
			return 0;
		for (len = 0, i = 0; i < n; i++)
			len = len * 256 + p[2 + i];
		*hdr = 2 + n;
	}
	return *hdr + len <= avail ? *hdr + len : 0;
}

/*
 * OpenSSL does not look at the version numbers, which no signature covers:
 * SignedData and its one SignerInfo must both say 1 (what sign_pdf writes).
 */
/*
 * SET { AlgorithmIdentifier { id-sha256 } }, as sign_pdf writes it, and
 * the same with explicit NULL parameters
 */
static const unsigned char sha256_algs[] = {
    0x31, 0x0D, 0x30, 0x0B, 0x06, 0x09, 0x60, 0x86,
    0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
};
static const unsigned char sha256_algs_null[] = {
    0x31, 0x0F, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48,
    0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
};

/* Whether the DER at p (avail bytes) starts with the n bytes of want. */
static int
starts_with(const unsigned char *p, size_t avail, const unsigned char *want,
            size_t n)
{
	return avail >= n && memcmp(p, want, n) == 0;
}

static int
versions_ok(const unsigned char *der, size_t n)
{
	const unsigned char *p = der, *end = der + n;
	size_t hdr, len;

	/* ContentInfo SEQUENCE, contentType OID, [0], SignedData SEQUENCE */
	if (der_len(p, n, &hdr) == 0)
		return -1;
	p += hdr;
	if ((len = der_len(p, (size_t)(end - p), &hdr)) == 0)
		return -1;
	p += len;
	if (der_len(p, (size_t)(end - p), &hdr) == 0)
		return -1;
	p += hdr;
	if (der_len(p, (size_t)(end - p), &hdr) == 0)
		return -1;
	p += hdr;
	if (end - p < 3 || p[0] != 0x02 || p[1] != 0x01 || p[2] != 0x01)
		return -1;
	/*
	 * digestAlgorithms, which no signature covers either: exactly the
	 * one SHA-256 that sign_pdf writes (OpenSSL digests the content
	 * with these, and fails without saying why on anything else)
	 */
	if (!starts_with(p + 3, (size_t)(end - p) - 3, sha256_algs,
	                 sizeof(sha256_algs)) &&
	    !starts_with(p + 3, (size_t)(end - p) - 3, sha256_algs_null,
	                 sizeof(sha256_algs_null)))
		return -1;
	/* skip version, digestAlgorithms, encapContentInfo, [0] certs */
	for (;;) {
		if ((len = der_len(p, (size_t)(end - p), &hdr)) == 0)
			return -1;
		if (p[0] == 0x31 && p + len == end)
			break; /* the last element: signerInfos */
		p += len;
	}
	p += hdr; /* SET OF SignerInfo */
	if (der_len(p, (size_t)(end - p), &hdr) == 0)
		return -1;
	p += hdr; /* SignerInfo SEQUENCE */
	return end - p >= 3 && p[0] == 0x02 && p[1] == 0x01 && p[2] == 0x01
	           ? 0
	           : -1;
}

/* Parse "[0 a b c]" at p; 0 or -1. */
static int
parse_range(const char *p, const char *end, size_t v[4])
{
	char tmp[RANGE_WIDTH + 8], *q;
	size_t n = (size_t)(end - p) < sizeof(tmp) - 1 ? (size_t)(end - p)
	                                               : sizeof(tmp) - 1;
	int i;

	memcpy(tmp, p, n);
	tmp[n] = '\0';
	q = tmp + strspn(tmp, " ");
	if (*q++ != '[')
		return -1;
	for (i = 0; i < 4; i++) {
		size_t digits = 0;

		q += strspn(q, " ");
		if (*q < '0' || *q > '9')
			return -1;
		/*
		 * At most RANGE_DIGITS digits: no offset of a file we read
		 * needs more, and no sum of two of them can overflow.
		 */
		v[i] = 0;
		for (; *q >= '0' && *q <= '9'; q++)
			if (++digits > RANGE_DIGITS)
				return -1;
			else
				v[i] = v[i] * 10 + (size_t)(*q - '0');
	}
	q += strspn(q, " ");
	return *q == ']' ? 0 : -1;
}

static int
check_cms(const unsigned char *data, size_t len, const size_t v[4],
          const struct sign_trust *trust, struct sign_result *r)
{
	size_t hexlen = v[2] - v[1] - 2, derlen, i, hdr;
	const unsigned char *h, *p;
	unsigned char *der, *re = NULL;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *certs = NULL, *signers = NULL;
	X509_STORE *store = NULL;
	BIO *in = NULL;

	(void)len;
	h = data + v[1] + 1;
	/* DER length from the SEQUENCE header, then all zeros */
	if (hexlen < 4 || hexval((char)h[0]) != 3 || hexval((char)h[1]) != 0)
		return bad(r, "signature is not a DER SEQUENCE");
	{
		int l0 = hexval((char)h[2]) * 16 + hexval((char)h[3]);

		if (l0 < 0x80) {
			hdr = 2;
			derlen = (size_t)l0 + hdr;
		} else if (l0 >= 0x81 && l0 <= 0x83 &&
		           hexlen >= 4 + 2 * (size_t)(l0 - 0x80)) {
			derlen = 0;
			hdr = 2 + (size_t)(l0 - 0x80);
			for (i = 2; i < hdr; i++) {
				int hi = hexval((char)h[2 * i]),
				    lo = hexval((char)h[2 * i + 1]);

				if (hi < 0 || lo < 0)
					return bad(r, "signature length "
					              "is not hexadecimal");
				derlen = derlen * 256 + (size_t)(hi * 16 + lo);
			}
			derlen += hdr;
		} else {
			return bad(r, "signature has a bad DER length");
		}
	}
	if (2 * derlen > hexlen)
		return bad(r, "signature longer than /Contents");
	der = xmalloc(derlen);
	for (i = 0; i < derlen; i++) {
		int hi = hexval((char)h[2 * i]),
		    lo = hexval((char)h[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(der);
			return bad(r, "/Contents is not uppercase hexadecimal");
		}
		der[i] = (unsigned char)(hi * 16 + lo);
	}
	for (i = 2 * derlen; i < hexlen; i++)
		if (h[i] != '0') {
			free(der);
			return bad(r, "/Contents padding is not all zeros");
		}
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen);
	if (cms == NULL || p != der + derlen ||
	    i2d_CMS_ContentInfo(cms, &re) != (int)derlen ||
	    memcmp(re, der, derlen) != 0) {
		bad(r, "signature is not a well-formed PKCS#7 structure");
		goto out;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data ||
	    versions_ok(der, derlen) < 0 || alg_params_ok(cms) < 0) {
		bad(r, "signature is not a PKCS#7 detached signature of data");
		goto out;
	}
	in = signed_bytes(data, v[1], v[2], v[3]);
	if (!signature_ok(cms, data, v[1], v[2], v[3]) ||
	    CMS_verify(cms, NULL, NULL, in, NULL,
	               CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		ERR_clear_error();
		bad(r, "signature digest mismatch: the signed bytes or the "
		       "signature changed");
		goto out;
	}
	certs = CMS_get1_certs(cms);
	signers = CMS_get0_signers(cms);
	if (certs == NULL || sk_X509_num(certs) != 1 || signers == NULL ||
	    sk_X509_num(signers) != 1 || signing_cert_bound(cms, signers) < 0) {
		bad(r, "a certificate in the signature does not verify");
		goto out;
	}
	{
		X509 *signer = sk_X509_value(signers, 0);
		char *cn = common_name(signer);

		snprintf(r->signer, sizeof(r->signer), "%s", cn ? cn : "?");
		free(cn);
		cert_fingerprint(signer, r->fingerprint);
	}
	/* trust: a pinned certificate, or a chain to a listed CA */
	if (trust != NULL) {
		int j;

		for (j = 0; j < sk_X509_num(trust->certs); j++)
			if (X509_cmp(sk_X509_value(trust->certs, j),
			             sk_X509_value(signers, 0)) == 0)
				r->trusted = 1;
		if (!r->trusted) {
			store = X509_STORE_new();
			for (j = 0; j < sk_X509_num(trust->certs); j++)
				X509_STORE_add_cert(
				    store, sk_X509_value(trust->certs, j));
			BIO_free(in);
			in = signed_bytes(data, v[1], v[2], v[3]);
			r->trusted = CMS_verify(cms, NULL, store, in, NULL,
			                        CMS_BINARY) == 1;
			ERR_clear_error();
		}
	}
	r->status = SIGN_VALID;
out:
	sk_X509_free(signers);
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_free(store);
	BIO_free(in);
	OPENSSL_free(re);
	CMS_ContentInfo_free(cms);
	free(der);
	return r->status == SIGN_VALID ? 0 : -1;
}

static int
verify(const unsigned char *data, size_t len, const struct sign_trust *trust,
       struct sign_result *r)
{
	const char *s = (const char *)data, *br, *br2;
	size_t v[4];
	static const char ck[] = "/Contents ";

	memset(r, 0, sizeof(*r));
	if (data == NULL || len == 0) {
		r->status = SIGN_NONE;
		return 0;
	}
	br = memmem(s, len, "/ByteRange", 10);
	if (br == NULL) {
		r->status = SIGN_NONE;
		return 0;
	}
	br2 = memmem(br + 10, len - (size_t)(br + 10 - s), "/ByteRange", 10);
	if (br2 != NULL)
		return bad(r, "more than one signature");
	if (parse_range(br + 10, s + len, v) < 0)
		return bad(r, "malformed /ByteRange");
	/* each test keeps the next one's arithmetic inside the file */
	if (v[0] != 0 || v[1] < sizeof(ck) || v[1] >= len || v[2] > len ||
	    v[2] < v[1] + 2 || v[3] != len - v[2])
		return bad(r, "/ByteRange does not cover the whole file");
	if (data[v[1]] != '<' || data[v[2] - 1] != '>' ||
	    memcmp(data + v[1] - (sizeof(ck) - 1), ck, sizeof(ck) - 1) != 0)
		return bad(r, "/ByteRange gap is not the /Contents string");
	return check_cms(data, len, v, trust, r);
}

void
sign_verify(const unsigned char *data, size_t len,
            const struct sign_trust *trust, struct sign_result *r)
{
	(void)verify(data, len, trust, r);
}

struct sign_trust *
sign_trust_load(const char *const *paths, size_t n, struct diag *d)
{
	struct sign_trust *t = xcalloc(1, sizeof(*t));
	char err[256];
	size_t i;

	t->certs = sk_X509_new_null();
	for (i = 0; i < n; i++) {
		BIO *b = BIO_new_file(paths[i], "r");
		X509 *c;
		int found = 0;

		if (b == NULL) {
			diag_report(d, DIAG_SIGN_KEY, NULL, "%s: %s", paths[i],
			            ssl_error(err, sizeof(err)));
			sign_trust_free(t);
			return NULL;
		}
		while ((c = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
			sk_X509_push(t->certs, c);
			found++;
		}
		ERR_clear_error(); /* the end of the file */
		BIO_free(b);
		if (found == 0) {
			diag_report(
			    d, DIAG_SIGN_KEY, NULL,
			    "%s: no PEM "
			    "certificate in it (give the archive's signing "
			    "certificate or its CA, -----BEGIN "
			    "CERTIFICATE-----)",
			    paths[i]);
			sign_trust_free(t);
			return NULL;
		}
	}
	return t;
}

void
sign_trust_free(struct sign_trust *t)
{
	if (t == NULL)
		return;
	sk_X509_pop_free(t->certs, X509_free);
	free(t);
}
