/* replay_main.c: a plain main() for any fuzz target, so that every target
 * builds with any compiler and ctest can replay the corpus without
 * libFuzzer. Each argument is an input file or a directory of them (files
 * whose names start with '.' are skipped); inputs run in name order.
 *   <target>-replay [-v] PATH...
 * -v names each input and switches the op trace on (fuzz_input.h).
 * Exit status: 0 when every input ran, 2 for a bad argument or no input at
 * all. A broken invariant aborts, as it does under libFuzzer. */
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int verbose;

/* The inputs to replay, collected before Python starts. */
static char **inputs;
static size_t n_inputs;

static void fail(const char *what, const char *path)
{
    fprintf(stderr, "replay: %s: %s\n", path, what);
    exit(2);
}

static void add_input(const char *dir, const char *name)
{
    char **grown = realloc(inputs, (n_inputs + 1) * sizeof *inputs);
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    if (!grown || !path)
        fail("out of memory", dir);
    inputs = grown;
    sprintf(path, "%s%s%s", dir, *dir ? "/" : "", name);
    inputs[n_inputs++] = path;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *path)
{
    struct stat st;
    if (path[0] == '-')
        fail("unknown option", path);
    if (stat(path, &st) != 0)
        fail(strerror(errno), path);
    if (!S_ISDIR(st.st_mode)) {
        add_input("", path);
        return;
    }
    DIR *d = opendir(path);
    if (!d)
        fail(strerror(errno), path);
    size_t first = n_inputs;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            add_input(path, e->d_name);
    closedir(d);
    qsort(inputs + first, n_inputs - first, sizeof *inputs, by_name);
}

static void replay(const char *path)
{
    char why[128];
    size_t size;
    char *data = cts_read_whole_file(path, &size, why, sizeof why);
    if (!data)
        fail(why, path);
    if (verbose)
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput((const uint8_t *)data, size);
    free(data);
}

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "-v") == 0)
        verbose = first = 2;
    if (first >= argc) {
        fprintf(stderr, "usage: %s [-v] FILE-OR-DIRECTORY...\n", argv[0]);
        return 2;
    }
    for (int i = first; i < argc; i++)
        collect(argv[i]);
    if (n_inputs == 0) {
        fprintf(stderr, "replay: no input in the paths given (names starting with '.' are "
                        "skipped)\n");
        return 2;
    }
    if (verbose)
        setenv("PYMEM_CTS_FUZZ_TRACE", "1", 1); /* read by LLVMFuzzerInitialize's boot */
    LLVMFuzzerInitialize(&argc, &argv);
    for (size_t i = 0; i < n_inputs; i++)
        replay(inputs[i]);
    fprintf(stderr, "replay: %zu inputs, no invariant broken\n", n_inputs);
    return 0;
}
