/* SPDX-License-Identifier: MIT */
/*
 * Signature tests: SHA-256, key loading, and a small hand-made PDF signed
 * with a key made by the openssl command at test time, then verified as
 * is and after a single changed byte in each part of the file.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "sign.h"
#include "xmem.h"

struct fixture {
	char dir[64];
	char *key, *cert, *other_key;
	struct diag *d;
};

static int
sh(const char *cmd)
{
	return system(cmd);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char *cmd;
	int rc;

	snprintf(f->dir, sizeof(f->dir), "/tmp/hrp-sign-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->key = xasprintf("%s/key.pem", f->dir);
	f->cert = xasprintf("%s/cert.pem", f->dir);
	f->other_key = xasprintf("%s/other.pem", f->dir);
	cmd = xasprintf("openssl req -x509 -newkey rsa:2048 -nodes -days 2 "
	    "-utf8 -subj '/CN=测试人事部' -keyout %s -out %s 2>/dev/null && "
	    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
	    "-out %s 2>/dev/null", f->key, f->cert, f->other_key);
	rc = sh(cmd);
	free(cmd);
	if (rc != 0)
		return -1;
	f->d = diag_new(NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	(void)sh(cmd);
	free(cmd);
	free(f->key);
	free(f->cert);
	free(f->other_key);
	diag_free(f->d);
	free(f);
	return 0;
}

/*
 * A one-page PDF with a classic cross-reference table, as libharu writes
 * them. The caller frees *out.
 */
static void
tiny_pdf(unsigned char **out, size_t *len)
{
	static const char *const objs[] = {
		"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
		"<<\n/Type /Pages\n/Kids [3 0 R]\n/Count 1\n>>",
		"<<\n/Type /Page\n/MediaBox [0 0 200 200]\n/Parent 2 0 R\n"
		"/Contents 4 0 R\n/Resources << >>\n>>",
		"<<\n/Length 20\n>>\nstream\n0 0 m 100 100 l S   \nendstream",
		"<<\n/Producer (test)\n>>",
	};
	size_t offs[6], i, xref;
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "%PDF-1.3\n%\xB7\xBE\xAD\xAA\n");
	for (i = 0; i < 5; i++) {
		offs[i + 1] = b.len;
		buf_printf(&b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	xref = b.len;
	buf_adds(&b, "xref\n0 6\n0000000000 65535 f\r\n");
	for (i = 1; i <= 5; i++)
		buf_printf(&b, "%010zu 00000 n\r\n", offs[i]);
	buf_printf(&b, "trailer\n<<\n/Root 1 0 R\n/Info 5 0 R\n/Size 6\n"
	    "/ID [<00112233445566778899AABBCCDDEEFF> "
	    "<00112233445566778899AABBCCDDEEFF>]\n>>\nstartxref\n%zu\n%%%%EOF\n",
	    xref);
	*len = b.len;
	*out = (unsigned char *)buf_take(&b);
}

static void
test_sha256(void **state)
{
	char hex[SIGN_SHA256_HEX];

	(void)state;
	sign_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sign_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
}

static void
test_key_load(void **state)
{
	struct fixture *f = *state;
	struct sign_key *k;
	char *bogus = xasprintf("%s/missing.pem", f->dir);

	k = sign_key_load(f->key, f->cert, f->d);
	assert_non_null(k);
	assert_string_equal(sign_key_signer(k), "测试人事部");
	assert_int_equal(strlen(sign_key_fingerprint(k)), 64);
	sign_key_free(k);
	assert_false(diag_has(f->d, DIAG_SIGN_KEY));
	/* a key that is not the certificate's */
	assert_null(sign_key_load(f->other_key, f->cert, f->d));
	assert_true(diag_has(f->d, DIAG_SIGN_KEY));
	assert_null(sign_key_load(bogus, f->cert, f->d));
	assert_null(sign_key_load(f->key, bogus, f->d));
	sign_key_free(NULL);
	free(bogus);
}

/* Sign the tiny PDF; *data and *len receive the signed file. */
static void
signed_pdf(struct fixture *f, unsigned char **data, size_t *len,
    char *fingerprint)
{
	struct sign_params sp = { "工资条签发", 1743465600 };
	struct sign_key *k = sign_key_load(f->key, f->cert, f->d);

	assert_non_null(k);
	tiny_pdf(data, len);
	assert_int_equal(sign_pdf(k, &sp, "tiny", data, len, f->d), 0);
	strcpy(fingerprint, sign_key_fingerprint(k));
	sign_key_free(k);
}

static void
test_sign_and_verify(void **state)
{
	struct fixture *f = *state;
	struct sign_result r;
	unsigned char *data;
	size_t len, orig_len;
	char fp[SIGN_SHA256_HEX], *path, *cmd;
	FILE *fp_out;

	tiny_pdf(&data, &orig_len);
	sign_verify(data, orig_len, NULL, &r);
	assert_int_equal(r.status, SIGN_NONE);
	free(data);

	signed_pdf(f, &data, &len, fp);
	assert_true(len > orig_len);
	sign_verify(data, len, NULL, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_string_equal(r.signer, "测试人事部");
	assert_string_equal(r.fingerprint, fp);
	assert_false(r.trusted);	/* self-signed */
	/* the reason as UTF-16BE with BOM: 工 U+5DE5 资 U+8D44 */
	assert_non_null(memmem(data, len, "/Reason <FEFF5DE58D44", 20));
	assert_non_null(memmem(data, len, "/SigFlags 3", 11));
	assert_non_null(memmem(data, len, "/Annots [", 9));

	/* poppler agrees, when it is installed */
	path = xasprintf("%s/signed.pdf", f->dir);
	fp_out = fopen(path, "wb");
	assert_non_null(fp_out);
	assert_int_equal(fwrite(data, 1, len, fp_out), len);
	fclose(fp_out);
	cmd = xasprintf("command -v pdfsig >/dev/null || exit 0; pdfsig '%s' "
	    "| grep -q 'Signature is Valid'", path);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	cmd = xasprintf("command -v qpdf >/dev/null || exit 0; "
	    "qpdf --check '%s' >/dev/null", path);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	free(path);
	free(data);
}

/* One changed byte at off makes the file fail. */
static void
expect_bad(const unsigned char *data, size_t len, size_t off,
    unsigned char mask)
{
	unsigned char *copy = xmalloc(len);
	struct sign_result r;

	memcpy(copy, data, len);
	copy[off] ^= mask;
	sign_verify(copy, len, NULL, &r);
	if (r.status == SIGN_VALID)
		fail_msg("byte %zu ^ 0x%02X not detected", off, mask);
	free(copy);
}

/*
 * The signing time is the record's, not the clock's: the same bytes and
 * time signed twice with an RSA key are the same file, another time is
 * not. An ECDSA key (randomised signatures of varying length) fits the
 * room kept for its signatures, every time.
 */
static void
test_deterministic(void **state)
{
	struct fixture *f = *state;
	struct sign_params sp = { "工资条签发", 1743465600 };
	struct sign_key *k = sign_key_load(f->key, f->cert, f->d);
	unsigned char *a, *b, *c;
	size_t alen, blen, clen;
	struct sign_result r;
	char *ec_key = xasprintf("%s/ec.pem", f->dir),
	    *ec_cert = xasprintf("%s/ec-cert.pem", f->dir), *cmd;
	int i;

	assert_non_null(k);
	tiny_pdf(&a, &alen);
	tiny_pdf(&b, &blen);
	tiny_pdf(&c, &clen);
	assert_int_equal(sign_pdf(k, &sp, "a", &a, &alen, f->d), 0);
	sleep(1);
	assert_int_equal(sign_pdf(k, &sp, "b", &b, &blen, f->d), 0);
	sp.time_s += 60;
	assert_int_equal(sign_pdf(k, &sp, "c", &c, &clen, f->d), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_true(alen != clen || memcmp(a, c, alen) != 0);
	free(a);
	free(b);
	free(c);
	sign_key_free(k);

	cmd = xasprintf("openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:prime256v1 -nodes -days 2 -utf8 "
	    "-subj '/CN=测试人事部' -keyout %s -out %s 2>/dev/null", ec_key,
	    ec_cert);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	k = sign_key_load(ec_key, ec_cert, f->d);
	assert_non_null(k);
	for (i = 0; i < 20; i++) {
		tiny_pdf(&a, &alen);
		assert_int_equal(sign_pdf(k, &sp, "ec", &a, &alen, f->d), 0);
		sign_verify(a, alen, NULL, &r);
		assert_int_equal(r.status, SIGN_VALID);
		free(a);
	}
	sign_key_free(k);
	free(ec_key);
	free(ec_cert);
}

static void
test_tampered(void **state)
{
	struct fixture *f = *state;
	unsigned char *data;
	const unsigned char *contents, *end;
	size_t len, c, i;
	char fp[SIGN_SHA256_HEX];
	struct sign_result r;

	signed_pdf(f, &data, &len, fp);
	contents = memmem(data, len, "/Contents <", 11);
	assert_non_null(contents);
	c = (size_t)(contents - data) + 11;
	expect_bad(data, len, 0, 0x01);		/* header */
	expect_bad(data, len, 150, 0x20);	/* page content stream */
	expect_bad(data, len, c + 40, 0x01);	/* the signature's DER */
	expect_bad(data, len, c + 1000, 0x04);	/* the signature value */
	end = (const unsigned char *)memchr(contents + 11, '>',
	    len - c);
	assert_non_null(end);
	/* the room kept is the key's signature size and a little more */
	assert_true((size_t)(end - data) - c < 2 * 1800);
	expect_bad(data, len, (size_t)(end - data) - 2, 0x01);	/* padding */
	expect_bad(data, len, c - 12, 0x01);	/* /ByteRange numbers area */
	expect_bad(data, len, len - 10, 0x01);	/* trailer */
	expect_bad(data, len, len - 1, 0x20);	/* last byte */
	/* every byte of the DER and of its first padding digits */
	for (i = c; i < c + 3200 && i < len; i++)
		expect_bad(data, len, i, 0x01);
	/* a truncated file */
	sign_verify(data, len - 1, NULL, &r);
	assert_int_equal(r.status, SIGN_BAD);
	/* lowercase hex is not what sign_pdf writes */
	for (i = c; data[i] != '>'; i++)
		if (data[i] >= 'A' && data[i] <= 'F') {
			data[i] |= 0x20;
			break;
		}
	sign_verify(data, len, NULL, &r);
	assert_int_equal(r.status, SIGN_BAD);
	free(data);
}

static void
test_not_a_pdf(void **state)
{
	struct fixture *f = *state;
	struct sign_params sp = { "x", 0 };
	struct sign_key *k = sign_key_load(f->key, f->cert, f->d);
	unsigned char *data = (unsigned char *)xstrdup("not a pdf");
	size_t len = 9;
	struct sign_result r;

	assert_non_null(k);
	assert_int_equal(sign_pdf(k, &sp, "junk", &data, &len, f->d), -1);
	assert_true(diag_has(f->d, DIAG_SIGN_PDF));
	assert_int_equal(len, 9);
	sign_verify((const unsigned char *)"/ByteRange [0 1 2 3]", 20, NULL, &r);
	assert_int_equal(r.status, SIGN_BAD);
	sign_key_free(k);
	free(data);
}

/*
 * A hostile /ByteRange "[0 a b c]" must never index outside the file
 * (ASan checks): c is the rest of the file after b, as a real one has.
 */
static void
expect_range_bad(const char *a, size_t b)
{
	char *text = xasprintf("%%PDF-1.7\n/Contents <3000>\n/ByteRange "
	    "[0 %s %zu 000]\n", a, b);
	size_t len = strlen(text);
	unsigned char *exact = xmalloc(len);	/* no byte to spare */
	struct sign_result r;
	char *c = strstr(text, " 000]");

	assert_non_null(c);
	if (b <= len)
		snprintf(c, 6, " %03zu]", (len - b) % 1000);
	c[5] = '\n';
	memcpy(exact, text, len);
	sign_verify(exact, len, NULL, &r);
	if (r.status != SIGN_BAD)
		fail_msg("/ByteRange [0 %s %zu ...] not refused", a, b);
	free(exact);
	free(text);
}

static void
test_hostile_range(void **state)
{
	struct sign_result r;

	(void)state;
	expect_range_bad("18446744073709551615", 40);
	expect_range_bad("18446744073709551614", 40);
	expect_range_bad("99999999999999999999999999", 40);
	expect_range_bad("30", 29);
	expect_range_bad("30", 31);
	expect_range_bad("4000", 40);
	expect_range_bad("-1", 40);
	/* an empty file: nothing to read, no signature */
	sign_verify(NULL, 0, NULL, &r);
	assert_int_equal(r.status, SIGN_NONE);
}

/*
 * Trust: the pinned certificate and the CA that issued a certificate are
 * trusted; a certificate of the same name on another key, and a CA that
 * did not issue it, are not.
 */
static void
test_trust(void **state)
{
	struct fixture *f = *state;
	char *ca_key = xasprintf("%s/ca.key", f->dir),
	    *ca = xasprintf("%s/ca.pem", f->dir),
	    *leaf_key = xasprintf("%s/leaf.key", f->dir),
	    *leaf = xasprintf("%s/leaf.pem", f->dir),
	    *twin = xasprintf("%s/twin.pem", f->dir),
	    *twin_key = xasprintf("%s/twin.key", f->dir), *cmd;
	const char *paths[1];
	struct sign_params sp = { "工资条签发", 1700000000 };
	struct sign_trust *t;
	struct sign_result r;
	struct sign_key *k;
	unsigned char *data;
	size_t len;

	cmd = xasprintf("cd %s && openssl req -x509 -newkey rsa:2048 -nodes "
	    "-days 2 -utf8 -subj '/CN=测试集团CA' -keyout ca.key -out ca.pem "
	    "2>/dev/null && openssl req -newkey rsa:2048 -nodes -utf8 "
	    "-subj '/CN=测试人事部' -keyout leaf.key -out leaf.csr "
	    "2>/dev/null && openssl x509 -req -in leaf.csr -CA ca.pem "
	    "-CAkey ca.key -CAcreateserial -days 2 -out leaf.pem 2>/dev/null "
	    "&& openssl req -x509 -newkey rsa:2048 -nodes -days 2 -utf8 "
	    "-subj '/CN=测试人事部' -keyout twin.key -out twin.pem 2>/dev/null",
	    f->dir);
	assert_int_equal(sh(cmd), 0);
	free(cmd);

	/* signed by the CA-issued certificate */
	tiny_pdf(&data, &len);
	k = sign_key_load(leaf_key, leaf, f->d);
	assert_non_null(k);
	assert_int_equal(sign_pdf(k, &sp, "tiny", &data, &len, f->d), 0);
	sign_key_free(k);

	sign_verify(data, len, NULL, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_false(r.trusted);
	paths[0] = leaf;		/* pinned */
	t = sign_trust_load(paths, 1, f->d);
	assert_non_null(t);
	sign_verify(data, len, t, &r);
	assert_true(r.trusted);
	sign_trust_free(t);
	paths[0] = ca;			/* its CA */
	t = sign_trust_load(paths, 1, f->d);
	assert_non_null(t);
	sign_verify(data, len, t, &r);
	assert_true(r.trusted);
	sign_trust_free(t);
	paths[0] = twin;		/* same name, other key */
	t = sign_trust_load(paths, 1, f->d);
	assert_non_null(t);
	sign_verify(data, len, t, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_string_equal(r.signer, "测试人事部");
	assert_false(r.trusted);
	sign_trust_free(t);
	free(data);

	/* re-signed by the twin: valid, but pinning the real one refuses it */
	tiny_pdf(&data, &len);
	k = sign_key_load(twin_key, twin, f->d);
	assert_non_null(k);
	assert_int_equal(sign_pdf(k, &sp, "tiny", &data, &len, f->d), 0);
	sign_key_free(k);
	paths[0] = leaf;
	t = sign_trust_load(paths, 1, f->d);
	sign_verify(data, len, t, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_false(r.trusted);
	sign_trust_free(t);
	paths[0] = ca;
	t = sign_trust_load(paths, 1, f->d);
	sign_verify(data, len, t, &r);
	assert_false(r.trusted);
	sign_trust_free(t);
	free(data);

	/* a file without a certificate is refused by name */
	paths[0] = ca_key;
	assert_null(sign_trust_load(paths, 1, f->d));
	assert_true(diag_has(f->d, DIAG_SIGN_KEY));
	assert_non_null(strstr(diag_text(f->d), "ca.key: no PEM certificate"));
	free(ca_key);
	free(ca);
	free(leaf_key);
	free(leaf);
	free(twin);
	free(twin_key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_key_load),
		cmocka_unit_test(test_sign_and_verify),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_trust),
		cmocka_unit_test(test_hostile_range),
		cmocka_unit_test(test_not_a_pdf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
