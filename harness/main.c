/* main.c: the entry point of the pymem-cts program, which embeds the
 * Python build under test (see cli.c for the command line). */
#include "cli.h"

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
#ifdef CTS_EXPECTATIONS_DIR
    const char *expectations_dir = CTS_EXPECTATIONS_DIR;
#else
    const char *expectations_dir = NULL;
#endif
    return cts_main(argc, argv, self_exe(argv[0]), expectations_dir);
}
