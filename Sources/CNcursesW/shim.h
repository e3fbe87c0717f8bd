/* The wide-character ncurses API for Swift.
 *
 * SwiftPM drops the defines that ncursesw's pkg-config file carries, so the wide API is switched
 * on here before curses is included. Swift 6 cannot touch C globals such as stdscr, COLS and
 * LINES, nor import the attribute macros, so small accessor functions stand in for them. */
#ifndef NNLAB_CNCURSESW_SHIM_H
#define NNLAB_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *nn_stdscr(void) { return stdscr; }
static inline int nn_cols(void) { return COLS; }
static inline int nn_lines(void) { return LINES; }
static inline int nn_colors(void) { return COLORS; }
static inline int nn_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *nn_stdin(void) { return stdin; }
static inline FILE *nn_stdout(void) { return stdout; }

static inline attr_t nn_a_normal(void) { return A_NORMAL; }
static inline attr_t nn_a_bold(void) { return A_BOLD; }
static inline attr_t nn_a_dim(void) { return A_DIM; }
static inline attr_t nn_a_reverse(void) { return A_REVERSE; }
static inline attr_t nn_a_underline(void) { return A_UNDERLINE; }

static inline int nn_key_resize(void) { return KEY_RESIZE; }
static inline int nn_key_up(void) { return KEY_UP; }
static inline int nn_key_down(void) { return KEY_DOWN; }
static inline int nn_key_left(void) { return KEY_LEFT; }
static inline int nn_key_right(void) { return KEY_RIGHT; }
static inline int nn_key_backspace(void) { return KEY_BACKSPACE; }
static inline int nn_key_enter(void) { return KEY_ENTER; }
static inline int nn_key_npage(void) { return KEY_NPAGE; }
static inline int nn_key_ppage(void) { return KEY_PPAGE; }
static inline int nn_key_home(void) { return KEY_HOME; }
static inline int nn_key_end(void) { return KEY_END; }
static inline int nn_key_dc(void) { return KEY_DC; }

/* Mouse reports are read as raw SGR sequences (ESC [ < b ; x ; y M): while the mouse is on,
 * curses must not take the terminal's mouse prefix (kmous, often ESC [ <) for KEY_MOUSE, or it
 * would swallow the report. */
static inline void nn_mouse_keys_raw(int on) { keyok(KEY_MOUSE, on ? FALSE : TRUE); }

/* Puts one character cell with attributes and a color pair; pairs above 255 work because the
 * pair travels in the cchar_t, not in the attribute bits. */
static inline int nn_put_cell(WINDOW *win, int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

#endif
