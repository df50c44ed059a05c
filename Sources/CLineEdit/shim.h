// Fixed-arity wrappers over libedit's variadic el_set/el_get/history, which Swift cannot call.
#ifndef DROPSTEP_CLINEEDIT_SHIM_H
#define DROPSTEP_CLINEEDIT_SHIM_H

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <histedit.h>

typedef char *(*cle_prompt_fn)(EditLine *);
typedef unsigned char (*cle_key_fn)(EditLine *, int);

static inline FILE *cle_stdin(void) { return stdin; }
static inline FILE *cle_stdout(void) { return stdout; }
static inline FILE *cle_stderr(void) { return stderr; }

static inline int cle_set_prompt_esc(EditLine *el, cle_prompt_fn fn, char esc) {
    return el_set(el, EL_PROMPT_ESC, fn, esc);
}
static inline int cle_set_prompt(EditLine *el, cle_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int cle_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int cle_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int cle_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int cle_add_function(EditLine *el, const char *name, const char *help, cle_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int cle_bind(EditLine *el, const char *key, const char *cmd) {
    return el_set(el, EL_BIND, key, cmd, (const char *)NULL);
}
static inline int cle_setty(EditLine *el, const char *a, const char *b) {
    return el_set(el, EL_SETTY, a, b, (const char *)NULL);
}
static inline int cle_set_clientdata(EditLine *el, void *p) { return el_set(el, EL_CLIENTDATA, p); }
static inline void *cle_get_clientdata(EditLine *el) {
    void *p = NULL;
    el_get(el, EL_CLIENTDATA, &p);
    return p;
}
/* libedit's output stream: text printed below the line being edited goes through it. */
static inline FILE *cle_get_outfp(EditLine *el) {
    FILE *fp = NULL;
    el_get(el, EL_GETFP, 1, &fp);
    return fp;
}
/* Forgets what is on the screen and draws the prompt and buffer from the cursor's row. */
static inline int cle_refresh(EditLine *el) { return el_set(el, EL_REFRESH); }
static inline int cle_history_setsize(History *h, int n) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, n);
}
static inline int cle_history_setunique(History *h, int on) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, on);
}
static inline int cle_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int cle_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int cle_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
static inline int cle_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return 0;
    return ev.num;
}
/* H_FIRST is the newest entry, then H_NEXT goes older; NULL at the end. */
static inline const char *cle_history_first(History *h) {
    HistEvent ev;
    return history(h, &ev, H_FIRST) < 0 ? NULL : ev.str;
}
static inline const char *cle_history_next(History *h) {
    HistEvent ev;
    return history(h, &ev, H_NEXT) < 0 ? NULL : ev.str;
}
/* Whether input is waiting on fd within ms milliseconds (tells ESC alone from an arrow key). */
static inline int cle_input_pending(int fd, int ms) {
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, ms) > 0;
}
/* Runs a shell command line (the learner's $EDITOR may carry arguments). */
static inline int cle_system(const char *command) { return system(command); }

#endif
