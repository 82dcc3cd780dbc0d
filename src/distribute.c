/* SPDX-License-Identifier: MIT */
/*
 * Per-employee documents (see distribute.h): ASCII file names, the open
 * password rule and the mail-merge manifest.
 */
#include "distribute.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "encrypt.h"
#include "utf8.h"
#include "xmem.h"

/* The manifest of a big group stays far below this. */
#define MANIFEST_MAX ((size_t)256 << 20)

char *
distribute_file_name(const char *kind, const char *month, const char *id)
{
	return xasprintf("%s-%s-%s.pdf", kind, month, id);
}

char *
distribute_manifest_name(const char *month, unsigned k, unsigned n)
{
	if (n > 1)
		return xasprintf("manifest-%s-shard-%u-of-%u.csv", month, k, n);
	return xasprintf("manifest-%s.csv", month);
}

static int
is_set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* Byte offset of the last n characters of the valid UTF-8 string s. */
static size_t
tail_offset(const char *s, size_t n)
{
	size_t len = strlen(s), off = len;

	while (off > 0 && n > 0) {
		off--;
		/* continuation bytes are 10xxxxxx */
		if (((unsigned char)s[off] & 0xc0) != 0x80)
			n--;
	}
	return off;
}

char *
distribute_password(const struct distribute_person *p, const char *owner_pw,
                    enum distribute_pw_from *from, struct diag *d)
{
	const char *src, *field;
	size_t len, chars;

	*from = DISTRIBUTE_PW_NONE;
	if (is_set(p->password)) {
		src = p->password;
		field = "payslip_password";
	} else if (is_set(p->id_number)) {
		src = p->id_number;
		field = "id_number";
	} else {
		diag_report(
		    d, DIAG_PAYSLIP_PASSWORD, NULL,
		    "employee %s %s: neither payslip_password nor id_number "
		    "is set; import the staff list with the ID number (or a "
		    "password) of every employee",
		    p->id, p->name);
		return NULL;
	}
	len = strlen(src);
	if (utf8_validate(src, len, NULL) != 0) {
		diag_report(d, DIAG_PAYSLIP_PASSWORD, NULL,
		            "employee %s %s: %s is not valid UTF-8", p->id,
		            p->name, field);
		return NULL;
	}
	chars = utf8_count(src, len);
	if (chars < ENCRYPT_MIN_PASSWORD) {
		diag_report(
		    d, DIAG_PAYSLIP_PASSWORD, NULL,
		    "employee %s %s: %s has %zu characters, at least %d are "
		    "needed",
		    p->id, p->name, field, chars, ENCRYPT_MIN_PASSWORD);
		return NULL;
	}
	if (src == p->password) {
		*from = DISTRIBUTE_PW_FIELD;
		src = xstrdup(src);
	} else {
		*from = DISTRIBUTE_PW_ID_NUMBER;
		src = xstrdup(src + tail_offset(src, ENCRYPT_MIN_PASSWORD));
	}
	if (owner_pw != NULL && strcmp(src, owner_pw) == 0) {
		diag_report(
		    d, DIAG_PAYSLIP_PASSWORD, NULL,
		    "employee %s %s: the open password equals the owner "
		    "password, which would lift every limit; choose another "
		    "owner password",
		    p->id, p->name);
		free((char *)src);
		*from = DISTRIBUTE_PW_NONE;
		return NULL;
	}
	return (char *)src;
}

/* One CSV cell: quoted when needed, formulas neutralised. */
static void
add_cell(struct buf *b, const char *s)
{
	const char *c;
	int quote;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		buf_addc(b, '\'');
	for (c = s; *c != '\0'; c++) {
		if (*c == '"')
			buf_addc(b, '"');
		buf_addc(b, *c);
	}
	if (quote)
		buf_addc(b, '"');
}

char *
distribute_manifest(const struct distribute_person *p, size_t n,
                    const char *const *files,
                    const enum distribute_pw_from *from, size_t *len)
{
	static const char *const hint[] = {
	    [DISTRIBUTE_PW_NONE] = "无密码",
	    [DISTRIBUTE_PW_FIELD] = "工资条密码",
	    [DISTRIBUTE_PW_ID_NUMBER] = "身份证号后6位",
	};
	struct buf b;
	size_t i;

	buf_init(&b, MANIFEST_MAX);
	buf_adds(&b, "\xef\xbb\xbf"
	             "employee_id,name,email,file,"
	             "password_hint\r\n");
	for (i = 0; i < n; i++) {
		add_cell(&b, p[i].id);
		buf_addc(&b, ',');
		add_cell(&b, p[i].name);
		buf_addc(&b, ',');
		add_cell(&b, p[i].email);
		buf_addc(&b, ',');
		add_cell(&b, files[i]);
		buf_addc(&b, ',');
		add_cell(&b, hint[from[i]]);
		buf_adds(&b, "\r\n");
	}
	*len = b.len;
	return buf_take(&b);
}
