/* libedit's readline-compatible API for Swift.
 *
 * Always libedit's header: GNU readline's headers are installed on the same machines and
 * would otherwise be picked up by <readline/readline.h>. */
#ifndef NNLAB_CEDITLINE_SHIM_H
#define NNLAB_CEDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/* Completion entry points, set from Swift through these accessors because Swift 6 cannot
 * write C globals directly. */
static inline void nn_rl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void nn_rl_set_completion_append(int ch) { rl_completion_append_character = ch; }
static inline void nn_rl_set_word_break(const char *chars) { rl_basic_word_break_characters = chars; }
static inline void nn_rl_set_name(const char *name) { rl_readline_name = name; }
static inline const char *nn_rl_line_buffer(void) { return rl_line_buffer; }
static inline int nn_rl_point(void) { return rl_point; }
static inline void nn_rl_set_attempted_over(int v) { rl_attempted_completion_over = v; }

/* Signals: libedit's own handlers re-raise signals to the whole process group, so nnlab turns
 * them off (before rl_initialize) and installs its own. */
static inline void nn_rl_set_catch_signals(int v) { rl_catch_signals = v; rl_catch_sigwinch = v; }

#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Installs a handler with sigaction; without SA_RESTART when restart is 0, so a blocking
 * read() returns with EINTR and readline() gives the line back. */
static inline int nn_install_signal_handler(int signo, void (*handler)(int), int restart) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    return sigaction(signo, &action, NULL);
}

/* Restores the default action of a signal. */
static inline int nn_default_signal_handler(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}

/* The columns of the terminal on a file descriptor, or 0 when it is not a terminal. */
static inline int nn_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

/* The history as lines, oldest first, for the views' `:` prompt. */
static inline int nn_history_count(void) { return history_length; }
static inline const char *nn_history_line(int offset) {
    HIST_ENTRY *entry = history_get(history_base + offset);
    return entry ? entry->line : 0;
}

#endif
