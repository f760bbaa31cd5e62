/* data_dir.c: finds the suite's data relative to the running program (see
 * data_dir.h); no absolute data path is the only option. */
#include "data_dir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CTS_DATA_FROM_BIN
#define CTS_DATA_FROM_BIN "../share/pymem-cts"
#endif

/* dir: the directory of path, its symlinks resolved. */
static void directory_of(const char *path, char *dir, size_t size)
{
    char real[PATH_MAX];
    snprintf(dir, size, "%s", realpath(path, real) ? real : path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, size, ".");
}

const char *cts_data_dir(const char *self_exe, const char *what)
{
    static char found[PATH_MAX + 64];
    char here[PATH_MAX];
    directory_of(self_exe, here, sizeof here);
#if defined(CTS_SUITE_BUILD_DIR) && defined(CTS_SOURCE_DATA)
    char tree[PATH_MAX];
    if (realpath(CTS_SUITE_BUILD_DIR, tree) && strcmp(tree, here) == 0) {
        snprintf(found, sizeof found, "%s/%s", CTS_SOURCE_DATA, what);
        return found;
    }
#endif
    /* Each leading ../ taken off here, so the path named when it is missing
     * reads /prefix/share/..., not /prefix/bin/../share/... */
    const char *rel = CTS_DATA_FROM_BIN;
    char *slash;
    while (strncmp(rel, "../", 3) == 0 && (slash = strrchr(here, '/')) && slash != here) {
        *slash = '\0';
        rel += 3;
    }
    char candidate[PATH_MAX + 64], real[PATH_MAX];
    snprintf(candidate, sizeof candidate, "%s/%s/%s", here, rel, what);
    snprintf(found, sizeof found, "%s", realpath(candidate, real) ? real : candidate);
    return found;
}

const char *cts_default_expectations_dir(const char *self_exe)
{
    return cts_data_dir(self_exe, "expectations");
}
