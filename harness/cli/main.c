/* main.c: the entry point of the pymem-cts program, which embeds the
 * Python build under test (see cli.c for the command line). */
#include "cli.h"
#include "data_dir.h"

#include <unistd.h>

/* The absolute path of this program, which the driver re-executes. */
static const char *self_exe(const char *argv0)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return argv0;
    path[n] = '\0';
    return path;
}

int main(int argc, char **argv)
{
    const char *exe = self_exe(argv[0]);
#ifdef CTS_DEFAULT_EXPECTATIONS /* the suite, not a test program built from main.c */
    const char *expectations_dir = cts_default_expectations_dir(exe);
#else
    const char *expectations_dir = NULL;
#endif
    return cts_main(argc, argv, exe, expectations_dir);
}
