/* mustpass.c: loads the frozen must-pass lists of one suite version (see
 * mustpass.h). */
#include "mustpass.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tier_names[TIER_COUNT] = {"documented", "reference"};
const char *const tier_about[TIER_COUNT] = {
    "documented rules only",
    "documented rules and CPython's reference behaviour",
};

static void bad_list(const char *path, int line, const char *what)
{
    fprintf(stderr, "pymem-cts-verdict: %s:%d: %s\n", path, line, what);
    exit(2);
}

/* "# profile: NAME: about" sets the profile's name and description. */
static void read_header(profile *p, const char *line)
{
    const char *tag = "# profile: ";
    if (strncmp(line, tag, strlen(tag)) != 0 || p->name)
        return;
    const char *name = line + strlen(tag), *colon = strchr(name, ':');
    p->name = colon ? strndup(name, (size_t)(colon - name)) : strdup(name);
    p->about = strdup(colon ? colon + 1 + strspn(colon + 1, " ") : "");
}

static void add_id(profile *p, const char *path, int n, char *line)
{
    char *tier = strchr(line, ' ');
    if (!tier)
        bad_list(path, n, "expected '<id> documented' or '<id> reference'");
    *tier++ = '\0';
    int t = -1;
    for (int i = 0; i < TIER_COUNT; i++)
        if (strcmp(tier, tier_names[i]) == 0)
            t = i;
    if (t < 0)
        bad_list(path, n, "the tier is neither 'documented' nor 'reference'");
    p->ids = realloc(p->ids, (p->count + 1) * sizeof *p->ids);
    p->ids[p->count++] = (mustpass_id){strdup(line), t};
}

static void load_one(profile *p, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        bad_list(path, 0, "cannot open");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int n = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        n++;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '#')
            read_header(p, line);
        else if (line[0])
            add_id(p, path, n, line);
    }
    free(line);
    fclose(f);
    if (!p->name)
        bad_list(path, 1, "no '# profile: NAME: what it covers' line");
    if (p->count == 0)
        bad_list(path, n, "the must-pass list is empty");
}

static int stronger_first(const void *a, const void *b)
{
    const profile *x = a, *y = b;
    return x->count == y->count ? strcmp(x->name, y->name) : x->count > y->count ? -1 : 1;
}

void profiles_load(profiles *set, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "pymem-cts-verdict: %s: no such must-pass directory\n", dir);
        exit(2);
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        set->items = realloc(set->items, (set->count + 1) * sizeof *set->items);
        memset(&set->items[set->count], 0, sizeof *set->items);
        load_one(&set->items[set->count++], path);
    }
    closedir(d);
    if (set->count == 0) {
        fprintf(stderr, "pymem-cts-verdict: %s: no must-pass list (<profile>.txt)\n", dir);
        exit(2);
    }
    qsort(set->items, set->count, sizeof *set->items, stronger_first);
}

int profiles_know(const profiles *set, const char *id)
{
    for (size_t i = 0; i < set->count; i++)
        for (size_t j = 0; j < set->items[i].count; j++)
            if (strcmp(set->items[i].ids[j].id, id) == 0)
                return 1;
    return 0;
}
