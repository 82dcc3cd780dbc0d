/* SPDX-License-Identifier: MIT */
/*
 * The staff columns that leave hrpress for a bank or a mailbox, as a clerk
 * types them into a spreadsheet: ID number (GB 11643 check digit), bank
 * account (digits, spaces removed), e-mail address. Text in, normalised
 * text out; nothing is reported here.
 */
#include <stddef.h>
#include <string.h>

#include "fmt.h"
#include "import.h"
#include "month.h"

/*
 * "6.22202E+18", "1.10101E17": what Excel writes for a long number in a
 * General-format column. The digits after the first few are lost, so the
 * value cannot be repaired, only typed again as text.
 */
static int
is_scientific(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return 0;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return 0;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

int
import_parse_id_number(const char *s, char out[19], const char **why)
{
	static const int weight[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
	                               3, 7, 9,  10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	char date[MONTH_DAY_TEXT];
	struct month birth;
	size_t i, n = strlen(s);
	int sum = 0;

	if (is_scientific(s)) {
		*why = "is in scientific notation: Excel dropped digits; "
		       "format the column as text in Excel and type the "
		       "number again";
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') &&
		    !(i == 17 && (s[i] == 'X' || s[i] == 'x')))
			break;
	if (i < n || (n != 18 && n != 15)) {
		*why = "is not an ID number (18 characters: 17 digits and "
		       "a check digit 0-9 or X)";
		return -1;
	}
	if (n == 15) {
		*why = "is an old 15-digit ID number: give the 18-digit "
		       "number of the current ID card";
		return -1;
	}
	memcpy(date, s + 6, 4);
	date[4] = '-';
	memcpy(date + 5, s + 10, 2);
	date[7] = '-';
	memcpy(date + 8, s + 12, 2);
	date[10] = '\0';
	if (month_parse_date(date, &birth, NULL) < 0) {
		*why = "is not an ID number (characters 7-14 are not a "
		       "birth date)";
		return -1;
	}
	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * weight[i];
	if ((s[17] == 'x' ? 'X' : s[17]) != check[sum % 11]) {
		*why = "has a wrong check digit (the last character): "
		       "compare every digit with the ID card";
		return -1;
	}
	memcpy(out, s, 18);
	out[17] = check[sum % 11];
	out[18] = '\0';
	return 0;
}

int
import_parse_bank_account(const char *s, char *out, size_t size,
                          const char **why)
{
	size_t n = 0;
	const char *p;

	if (is_scientific(s)) {
		*why = "is in scientific notation: Excel dropped digits; "
		       "format the column as text in Excel and type the "
		       "account number again";
		return -1;
	}
	for (p = s; *p != '\0'; p++) {
		/* spaces as printed on the card, also U+3000 */
		if (*p == ' ' || *p == '\t')
			continue;
		if (strncmp(p, "\xe3\x80\x80", 3) == 0) {
			p += 2;
			continue;
		}
		if (*p < '0' || *p > '9') {
			*why = "is not a bank account number (digits only; "
			       "spaces are allowed)";
			return -1;
		}
		if (n + 1 < size)
			out[n] = *p;
		n++;
	}
	if (n < IMPORT_ACCOUNT_MIN_DIGITS || n > IMPORT_ACCOUNT_MAX_DIGITS ||
	    n + 1 > size) {
		*why = "is not a bank account number (8 to 32 digits)";
		return -1;
	}
	out[n] = '\0';
	return 0;
}

int
import_parse_email(const char *s, const char **why)
{
	const char *at = strchr(s, '@'), *p;

	*why = "is not an e-mail address (name@example.com)";
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strlen(s) > 254)
		return -1;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' ||
		    *p == '<' || *p == '>' || *p == '"')
			return -1;
	p = strrchr(at + 1, '.');
	if (p == NULL || p == at + 1 || p[1] == '\0')
		return -1;
	return 0;
}
