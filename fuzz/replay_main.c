/* replay_main.c: a plain main() for any fuzz target, so that every target
 * builds with any compiler and ctest can replay the corpus without
 * libFuzzer. Each argument is an input file or a directory of them (files
 * whose names start with '.' are skipped); inputs run in name order.
 *   <target>-replay [-v] PATH...
 * Exit status: 0 when every input ran, 2 for a bad argument or no input at
 * all. A broken invariant aborts, as it does under libFuzzer. */
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
static long replayed;

static void fail(const char *what, const char *path)
{
    fprintf(stderr, "replay: %s: %s\n", path, what);
    exit(2);
}

static void replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail(strerror(errno), path);
    size_t cap = 4096, size = 0, n;
    uint8_t *data = malloc(cap);
    while (data && (n = fread(data + size, 1, cap - size, f)) > 0) {
        size += n;
        if (size == cap)
            data = realloc(data, cap *= 2);
    }
    if (!data || ferror(f))
        fail(data ? "read error" : "out of memory", path);
    fclose(f);
    if (verbose)
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    replayed++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        fail(strerror(errno), path);
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (count + 1) * sizeof *names);
        if (!names || !(names[count] = malloc(strlen(path) + strlen(e->d_name) + 2)))
            fail("out of memory", path);
        sprintf(names[count++], "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        replay_file(names[i]);
        free(names[i]);
    }
    free(names);
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
    for (int i = first; i < argc; i++) { /* check every path before booting */
        struct stat st;
        if (argv[i][0] == '-')
            fail("unknown option", argv[i]);
        if (stat(argv[i], &st) != 0)
            fail(strerror(errno), argv[i]);
    }
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = first; i < argc; i++) {
        struct stat st;
        stat(argv[i], &st);
        if (S_ISDIR(st.st_mode))
            replay_dir(argv[i]);
        else
            replay_file(argv[i]);
    }
    if (replayed == 0) {
        fprintf(stderr, "replay: no input found in the paths given\n");
        return 2;
    }
    fprintf(stderr, "replay: %ld inputs, no invariant broken\n", replayed);
    return 0;
}
