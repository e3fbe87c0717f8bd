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

#endif
