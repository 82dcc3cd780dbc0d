/* SPDX-License-Identifier: MIT */
/*
 * What an interrupted run leaves behind: nothing but finished files. Temporary
 * files are registered while they exist, worker processes while they run; on
 * SIGINT, SIGTERM, SIGHUP or SIGPIPE the handler passes the signal on to the
 * workers, waits for them, unlinks the temporary files and dies of the signal.
 */
#ifndef HRP_CLEANUP_H
#define HRP_CLEANUP_H

#include <sys/types.h>

/*
 * Install the handlers (once, from cli_run). A signal that was ignored when
 * the process started (nohup, "cmd &" in a script) stays ignored.
 */
void cleanup_install(void);

/*
 * mkstemp(tmpl) with the new file registered, with the signals blocked in
 * between so that no interrupt can leave it behind. Returns the descriptor,
 * or -1 with errno set (nothing registered).
 */
int cleanup_mkstemp(char *tmpl);

/*
 * Register path (copied) as a temporary file of this process: the handler
 * unlinks it. Registering a path twice keeps one entry. Never fails (out of
 * memory exits, see xmem.h).
 */
void cleanup_register(const char *path);

/*
 * Forget path: call it once the file is renamed, linked into place or
 * removed. A path that is not registered is ignored.
 */
void cleanup_unregister(const char *path);

/*
 * A worker process of this process: the handler sends it the signal
 * (SIGTERM for SIGPIPE) and waits for it before unlinking and dying.
 * Remove it once it has been reaped.
 */
void cleanup_add_child(pid_t pid);
void cleanup_remove_child(pid_t pid);

/* Registered entries of this process (for tests). */
size_t cleanup_count(void);

#endif
