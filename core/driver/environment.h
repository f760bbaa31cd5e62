/* environment.h: the one list of environment variables the Python under
 * test may see (environment.c), applied by the driver to its own
 * environment before it starts any worker, so that workers, forked cases
 * and fresh case processes inherit only those. The suite then sets what it
 * controls itself: PYTHONHOME (the build under test) and PYTHONMALLOC. */
#ifndef CTS_ENVIRONMENT_H
#define CTS_ENVIRONMENT_H

typedef struct cts_environment {
    char **passed;  /* names of the variables kept, NULL-terminated */
    char **removed; /* names of the variables removed, NULL-terminated */
} cts_environment;

/* The whitelist: names, and prefixes ending in '*'; NULL-terminated. */
const char *const *cts_environment_whitelist(void);

/* Removes every variable the whitelist does not name from this process's
 * environment, and says which it kept and which it removed (names only:
 * values can be secrets). */
void cts_environment_restrict(cts_environment *out);

#endif
