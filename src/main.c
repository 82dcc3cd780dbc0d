/* SPDX-License-Identifier: MIT */
/* hrpress entry point: everything happens in cli_run(). */
#include <locale.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	/* Formatting is locale-independent by construction; keep "C". */
	setlocale(LC_ALL, "C");
	return cli_run(argc, argv);
}
