/* SPDX-License-Identifier: MIT */
/*
 * The command line: a table of subcommands, option parsing and --help.
 * Every subcommand returns the process exit status: 0 success, 1 user error
 * (bad input or environment, reported), 2 internal failure.
 */
#ifndef HRP_CLI_H
#define HRP_CLI_H

struct diag;

int cli_run(int argc, char **argv);

/*
 * A getopt_long() error in subcommand cmd: c is what getopt_long() returned
 * (':' for a missing argument, anything else for an unknown option), and
 * argv/optind are as getopt_long() left them. Reports DIAG_CLI_MISSING_ARG
 * or DIAG_CLI_UNKNOWN_OPTION with the option as typed and where to look
 * ("(see hrpress CMD --help)") into d, and returns 1, the exit status.
 */
int cli_option_error(const char *cmd, int c, char **argv, struct diag *d);

/*
 * Subcommand entry points (cmd_<name>.c). argv[0] is the subcommand name;
 * options follow in getopt_long style. Errors go through d; normal output
 * (summaries, paths written) goes to stdout.
 */
int cmd_init(int argc, char **argv, struct diag *d);
int cmd_import(int argc, char **argv, struct diag *d);
int cmd_payroll(int argc, char **argv, struct diag *d);
int cmd_render(int argc, char **argv, struct diag *d);
int cmd_archive(int argc, char **argv, struct diag *d);
int cmd_verify(int argc, char **argv, struct diag *d);
int cmd_ledger(int argc, char **argv, struct diag *d);
int cmd_close(int argc, char **argv, struct diag *d);
int cmd_reopen(int argc, char **argv, struct diag *d);
int cmd_store(int argc, char **argv, struct diag *d);
int cmd_set(int argc, char **argv, struct diag *d);
int cmd_export(int argc, char **argv, struct diag *d);
int cmd_scheme(int argc, char **argv, struct diag *d);

#endif
