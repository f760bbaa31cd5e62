/* boot_child.h: for cases about start-up configuration. From a process
 * that has not started Python (a CTS_FRESH, CTS_NO_BOOT case), runs a child
 * that sets one environment variable, starts Python, optionally does more,
 * and exits; the case then asserts on how it ended. The child's facts come
 * back on a pipe of their own, apart from whatever Python prints. */
#ifndef CTS_BOOT_CHILD_H
#define CTS_BOOT_CHILD_H

#include <stddef.h>

typedef struct boot_child {
    int exited, code;  /* exit status, when it exited */
    int signal;        /* the signal that killed it, or 0 */
    int booted;        /* it reached the end of a successful boot */
    char name[64];     /* the allocator name the build reported after boot */
    char report[1024]; /* the lines the child sent with boot_child_report() */
    char output[8192]; /* the start of its stdout and stderr */
} boot_child;

/* var=value for the child (value NULL: unset); boot() starts Python (NULL:
 * cts_boot) and returns NULL or why it failed; then() runs after a
 * successful boot when not NULL. */
void boot_child_run(boot_child *r, const char *var, const char *value, const char *(*boot)(void),
                    void (*then)(void));

/* In then(): sends one line to the case's r->report. */
void boot_child_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
