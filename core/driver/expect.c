/* expect.c: loads and applies expectations files. The schema is strict:
 * an unknown key, a missing reason or a result that cannot be expected is an
 * error, so that a typo never silently waives a failure.
 *
 *   {"expectations": [{"case": "families.*.alignment", "result": "FAIL",
 *     "reason": "...", "versions": [">=3.13"], "allocators": ["mimalloc"],
 *     "implementation": "cpython", "debug_build": false, "free_threaded": true,
 *     "measured": ["3.13.0", "3.14.10"], "link": "..."}]}
 *
 * "versions" holds version rules (version_rule.h): prefixes or ranges.
 * "measured" names the builds the entry was measured on (free text, e.g.
 * "3.13.15t"); --check-expectations flags a shipped entry without it. */
#include "expect.h"

#include "buffer.h"
#include "io.h"
#include "json_strict.h"

#include "version_rule.h"
#include "wire.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_keys[] = {
    "case",        "result",        "reason",   "link", "implementation", "versions", "allocators",
    "debug_build", "free_threaded", "measured", NULL,
};

/* The file's text, or NULL with "cannot read expectations file PATH: why". */
static char *read_file(const char *path, size_t *out_len, char *err, size_t size)
{
    char why[128];
    char *text = cts_read_whole_file(path, out_len, why, sizeof why);
    if (!text)
        snprintf(err, size, "cannot read expectations file %s: %s", path, why);
    else if (*out_len == 0) {
        snprintf(err, size, "cannot read expectations file %s: empty", path);
        free(text);
        text = NULL;
    }
    return text;
}

/* NULL-terminated copy of an array of strings; NULL item when absent. */
static int string_list(const cJSON *item, char ***out)
{
    *out = NULL;
    if (!item)
        return 1;
    if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) == 0)
        return 0;
    int n = cJSON_GetArraySize(item), i = 0;
    char **list = cts_realloc_or_exit(NULL, (size_t)n + 1, sizeof *list);
    memset(list, 0, ((size_t)n + 1) * sizeof *list);
    const cJSON *s;
    cJSON_ArrayForEach(s, item)
    {
        if (!cJSON_IsString(s)) {
            for (int j = 0; j < i; j++)
                free(list[j]);
            free(list);
            return 0;
        }
        size_t len = strlen(s->valuestring) + 1;
        list[i++] = memcpy(cts_realloc_or_exit(NULL, len, 1), s->valuestring, len);
    }
    *out = list;
    return 1;
}

static int add_result(const cJSON *name, unsigned *out)
{
    cts_result r;
    if (!cJSON_IsString(name) || !cts_result_parse(name->valuestring, &r))
        return 0;
    *out |= 1u << r;
    return 1;
}

/* "FAIL" or ["FAIL", "CRASH"]; only failures can be expected, and PASS only
 * beside one of them: ["PASS", "CRASH"] is a fault that comes and goes. */
static int parse_results(const cJSON *item, unsigned *out)
{
    *out = 0;
    if (cJSON_IsString(item)) {
        if (!add_result(item, out))
            return 0;
    } else if (cJSON_IsArray(item)) {
        const cJSON *one;
        cJSON_ArrayForEach(one, item)
        {
            if (!add_result(one, out))
                return 0;
        }
    }
    unsigned failures = 1u << CTS_FAIL | 1u << CTS_CRASH | 1u << CTS_TIMEOUT;
    return (*out & failures) != 0 && (*out & ~(failures | 1u << CTS_PASS)) == 0;
}

static const char *check_keys(const cJSON *entry)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, entry)
    {
        int known = 0;
        for (int i = 0; known_keys[i]; i++)
            known |= strcmp(member->string, known_keys[i]) == 0;
        if (!known)
            return member->string;
    }
    return NULL;
}

static const char *parse_entry(const cJSON *entry, cts_expectation *e)
{
    static char why[160];
    const char *unknown;
    if (!cJSON_IsObject(entry))
        return "is not an object";
    if ((unknown = check_keys(entry))) {
        snprintf(why, sizeof why, "has an unknown key '%.60s'", unknown);
        return why;
    }
    const cJSON *pattern = cJSON_GetObjectItemCaseSensitive(entry, "case");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(entry, "reason");
    const cJSON *impl = cJSON_GetObjectItemCaseSensitive(entry, "implementation");
    const cJSON *debug = cJSON_GetObjectItemCaseSensitive(entry, "debug_build");
    const cJSON *ft = cJSON_GetObjectItemCaseSensitive(entry, "free_threaded");
    if (!cJSON_IsString(pattern) || !*pattern->valuestring)
        return "needs \"case\": a glob over case ids";
    if (!cJSON_IsString(reason) || !*reason->valuestring)
        return "needs a \"reason\"";
    if (!parse_results(cJSON_GetObjectItemCaseSensitive(entry, "result"), &e->results))
        return "needs \"result\": FAIL, CRASH or TIMEOUT, or a list of them (PASS only beside "
               "one of them)";
    if (impl && !cJSON_IsString(impl))
        return "has an \"implementation\" that is not a string";
    if (debug && !cJSON_IsBool(debug))
        return "has a \"debug_build\" that is not true or false";
    if (ft && !cJSON_IsBool(ft))
        return "has a \"free_threaded\" that is not true or false";
    if (!string_list(cJSON_GetObjectItemCaseSensitive(entry, "versions"), &e->versions))
        return "has \"versions\" that is not a non-empty list of strings";
    for (char **v = e->versions; v && *v; v++) {
        const char *bad = cts_version_rule_error(*v);
        if (bad) {
            snprintf(why, sizeof why, "has a version rule '%.40s' that %s", *v, bad);
            return why;
        }
    }
    if (!string_list(cJSON_GetObjectItemCaseSensitive(entry, "allocators"), &e->allocators))
        return "has \"allocators\" that is not a non-empty list of strings";
    if (!string_list(cJSON_GetObjectItemCaseSensitive(entry, "measured"), &e->measured))
        return "has \"measured\" that is not a non-empty list of strings";
    e->pattern = strdup(pattern->valuestring);
    e->reason = strdup(reason->valuestring);
    e->implementation = impl ? strdup(impl->valuestring) : NULL;
    e->debug_build = debug ? cJSON_IsTrue(debug) : -1;
    e->free_threaded = ft ? cJSON_IsTrue(ft) : -1;
    return NULL;
}

/* The top level: {"expectations": [...]} and nothing else. */
static const cJSON *expectations_list(const cJSON *root, char *why, size_t size)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "expectations"), *member;
    if (!cJSON_IsObject(root) || !cJSON_IsArray(list)) {
        snprintf(why, size, "needs a top-level \"expectations\" list");
        return NULL;
    }
    cJSON_ArrayForEach(member, root)
    {
        if (strcmp(member->string, "expectations") != 0) {
            snprintf(why, size,
                     "has an unknown top-level key '%.60s' (the only one is \"expectations\")",
                     member->string);
            return NULL;
        }
    }
    return list;
}

/* Appends every entry of list; -1 with a message naming the entry. */
static int add_entries(cts_expectations *set, const char *path, const cJSON *list, char *err,
                       size_t size)
{
    size_t n = (size_t)cJSON_GetArraySize(list), number = 0;
    cts_expectation *items = realloc(set->items, (set->count + n) * sizeof *items);
    if (!items && n > 0) {
        snprintf(err, size, "out of memory loading %s", path);
        return -1;
    }
    set->items = items;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, list)
    {
        cts_expectation *e = &set->items[set->count];
        memset(e, 0, sizeof *e);
        number++;
        const char *why = parse_entry(entry, e);
        if (why) {
            snprintf(err, size, "expectations file %s: entry %zu %s", path, number, why);
            return -1;
        }
        if (asprintf(&e->source, "%s entry %zu", path, number) < 0)
            e->source = NULL;
        set->count++;
    }
    return 0;
}

int cts_expectations_load(cts_expectations *set, const char *path, char *err, size_t size)
{
    size_t len = 0;
    char why[256];
    char *text = read_file(path, &len, err, size);
    if (!text)
        return -1;
    cJSON *root = cts_json_parse_strict(text, len, why, sizeof why);
    free(text);
    const cJSON *list = root ? expectations_list(root, why, sizeof why) : NULL;
    if (!list) {
        snprintf(err, size, "expectations file %s: %s", path, why);
        cJSON_Delete(root);
        return -1;
    }
    int rc = add_entries(set, path, list, err, size);
    cJSON_Delete(root);
    return rc;
}

static int ends_with_json(const char *name)
{
    size_t len = strlen(name);
    return len > 5 && strcmp(name + len - 5, ".json") == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_json_entry(const struct dirent *d)
{
    return ends_with_json(d->d_name);
}

int cts_expectations_load_dir(cts_expectations *set, const char *dir, char *err, size_t size)
{
    struct dirent **names;
    int n = scandir(dir, &names, is_json_entry, by_name);
    if (n <= 0) {
        snprintf(err, size,
                 "the default expectations directory %s: %s (pass --no-default-expectations "
                 "to run without it)",
                 dir, n < 0 ? strerror(errno) : "holds no *.json file");
        if (n == 0)
            free(names);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (rc == 0)
            rc = cts_expectations_load(set, path, err, size);
        free(names[i]);
    }
    free(names);
    return rc;
}

static void free_list(char **list)
{
    for (char **p = list; p && *p; p++)
        free(*p);
    free(list);
}

void cts_expectations_free(cts_expectations *set)
{
    for (size_t i = 0; i < set->count; i++) {
        cts_expectation *e = &set->items[i];
        free(e->source);
        free(e->pattern);
        free(e->reason);
        free(e->implementation);
        free_list(e->versions);
        free_list(e->allocators);
        free_list(e->measured);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

static int version_matches(char **versions, const char *version)
{
    if (!versions)
        return 1;
    for (char **v = versions; *v; v++)
        if (cts_version_rule_matches(*v, version))
            return 1;
    return 0;
}

static int allocator_matches(char **allocators, const cts_caps *caps)
{
    if (!allocators)
        return 1;
    for (char **a = allocators; *a; a++) {
        if (strcmp(*a, caps->requested) == 0 || strcmp(*a, caps->allocator) == 0)
            return 1;
    }
    return 0;
}

static const cts_expectation *find(const cts_expectations *set, const cts_caps *caps,
                                   const char *id)
{
    for (size_t i = 0; i < set->count; i++) {
        const cts_expectation *e = &set->items[i];
        if (fnmatch(e->pattern, id, 0) == 0 && version_matches(e->versions, caps->version) &&
            allocator_matches(e->allocators, caps) &&
            (!e->implementation || strcmp(e->implementation, caps->implementation) == 0) &&
            (e->debug_build < 0 || e->debug_build == caps->debug_build) &&
            (e->free_threaded < 0 || e->free_threaded == caps->free_threaded))
            return e;
    }
    return NULL;
}

void cts_expectations_apply(const cts_expectations *set, const cts_caps *caps, cts_record *rec)
{
    const cts_expectation *e = find(set, caps, rec->id);
    if (!e)
        return;
    if (e->results & (1u << rec->result)) {
        if (rec->result == CTS_PASS) { /* an intermittent fault that did not show */
            free(rec->message);
            if (asprintf(&rec->message, "passed this time; %s names the fault intermittent",
                         e->source) < 0)
                rec->message = NULL;
        }
        rec->result = CTS_XFAIL;
        rec->reason = strdup(e->reason);
    } else if (rec->result == CTS_PASS) {
        rec->result = CTS_XPASS;
        rec->reason = strdup(e->reason);
        free(rec->message);
        if (asprintf(&rec->message, "passed, but %s expects it to fail", e->source) < 0)
            rec->message = NULL;
    }
}
