/* registry.c: collects the cases that register themselves at start-up
 * (constructors in the case files) and answers look-ups by id or glob. */
#include "registry.h"

#include "buffer.h"
#include "protocol.h"
#include "source.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cts_case **table;
static size_t count, capacity;

void cts_register(const cts_case *c)
{
    if (count == capacity) {
        capacity = capacity ? capacity * 2 : 64;
        table = cts_realloc_or_exit(table, capacity, sizeof *table);
    }
    table[count++] = c;
}

static int by_id(const void *a, const void *b)
{
    return strcmp((*(const cts_case *const *)a)->id, (*(const cts_case *const *)b)->id);
}

/* Whether word starts a word of text ("race" in "races", not in "trace"). */
static int has_word(const char *text, const char *word)
{
    for (const char *p = text; (p = strcasestr(p, word)); p++)
        if (p == text || !isalnum((unsigned char)p[-1]))
            return 1;
    return 0;
}

/* A version window says when an API or a documented rule exists, never
 * where a build is broken: its reason must cite an addition or a documented
 * change, and may not name a fault (a known fault is an expectation). */
const char *cts_window_reason_error(const char *why)
{
    static const char *const cites[] = {"new in",     "added in",      "changed in", "removed in",
                                        "deprecated", "accepted from", NULL};
    static const char *const faults[] = {"race", "bug",  "crash", "hang",   "deadlock", "gh-",
                                         "bpo-", "fail", "fault", "broken", NULL};
    if (!why || !*why)
        return "gives no reason (.why_version)";
    int cited = 0;
    for (int i = 0; cites[i]; i++)
        cited |= strcasestr(why, cites[i]) != NULL;
    for (int i = 0; faults[i]; i++)
        if (has_word(why, faults[i]))
            return "names a fault: a known fault is an expectation, not a version window";
    return cited ? NULL
                 : "cites no API addition or documented change ('new in', 'Added in', 'Changed "
                   "in', 'removed in', 'deprecated', 'accepted from')";
}

/* A case has one name: its id's last part is the name its macro was given
 * (the C function of a CTS_CASE), so that grep finds a reported id's code. */
const char *cts_case_name_error(const cts_case *c)
{
    static char message[512];
    const char *last = strrchr(c->id, '.');
    if (c->name && last && strcmp(last + 1, c->name) == 0)
        return NULL;
    snprintf(message, sizeof message,
             "case '%s' (%s:%d) is defined as '%s': its id must end in '.%s', its name", c->id,
             c->file ? c->file : "?", c->line, c->name ? c->name : "(no name)",
             c->name ? c->name : "(no name)");
    return message;
}

/* Whether group is one of the three families' (case.h), whose cases a
 * file of any name in the area may hold (CTS_FAMILIES_CASE). */
static int is_family_group(const char *group, size_t len)
{
    static const char *const families[] = {"raw", "mem", "obj"};
    for (size_t i = 0; i < sizeof families / sizeof *families; i++)
        if (strlen(families[i]) == len && strncmp(group, families[i], len) == 0)
            return 1;
    return 0;
}

/* A case's id is its path: the case <area>.<group>.<name> is defined in
 * conformance/<area>/<group>.c, or is the file conformance/<area>/<group>/
 * <name>.py (a workload file, conformance/CMakeLists.txt); a family's group
 * (raw, mem, obj) in any file of conformance/<area>/, a declared variant
 * (.variant_of) in the file of the group it varies. Cases outside
 * conformance/ (the project's own tests) are not held to it. */
const char *cts_case_path_error(const cts_case *c)
{
    static char message[512];
    const char *rel = c->file ? strstr(c->file, "conformance/") : NULL;
    if (!rel)
        return NULL;
    rel += strlen("conformance/");
    const char *group = strchr(c->id, '.');
    const char *name = group ? strchr(group + 1, '.') : NULL;
    if (!name)
        return NULL; /* cts_case_name_error's to report */
    size_t area_len = (size_t)(group - c->id), group_len = (size_t)(name - group - 1);
    char want[256];
    if (c->variant_of)
        snprintf(want, sizeof want, "%.*s/%s.c", (int)area_len, c->id, c->variant_of);
    else
        snprintf(want, sizeof want, "%.*s/%.*s.c", (int)area_len, c->id, (int)group_len, group + 1);
    if (strcmp(rel, want) == 0)
        return NULL;
    char file[256];
    snprintf(file, sizeof file, "%.*s/%.*s/%s.py", (int)area_len, c->id, (int)group_len, group + 1,
             name + 1);
    if (!c->variant_of && strcmp(rel, file) == 0)
        return NULL;
    if (!c->variant_of && is_family_group(group + 1, group_len) &&
        strncmp(rel, c->id, area_len) == 0 && rel[area_len] == '/' &&
        !strchr(rel + area_len + 1, '/'))
        return NULL;
    snprintf(message, sizeof message,
             "case '%s' is defined in conformance/%s: its id names the file conformance/%s", c->id,
             rel, want);
    return message;
}

/* Whether a case's start-up keeps the run's allocator mode out: the mode is
 * PYTHONMALLOC in the worker's environment, which a fresh process with its
 * own .allocator replaces before Python reads it, and the gate's needs of
 * the mode (pymalloc, mimalloc, the debug hooks or their absence). */
static int mode_cannot_reach(const cts_case *c)
{
    const unsigned mode_needs =
        CTS_NEED_PYMALLOC | CTS_NEED_MIMALLOC | CTS_NEED_DEBUG_HOOKS | CTS_NEED_NO_DEBUG_HOOKS;
    return c->isolation == CTS_FRESH && c->allocator && !(c->needs & mode_needs);
}

const char *cts_registry_check(void)
{
    static char message[256];
    for (size_t i = 0; i < count; i++) {
        if (!table[i]->id || !table[i]->run)
            return "a registered case has no id or no function";
        const char *error = cts_case_name_error(table[i]);
        if (!error)
            error = cts_case_path_error(table[i]);
        if (error)
            return error;
    }
    qsort(table, count, sizeof *table, by_id);
    for (size_t i = 0; i < count; i++) {
        const cts_case *c = table[i];
        if (i > 0 && strcmp(table[i - 1]->id, c->id) == 0) {
            snprintf(message, sizeof message, "case id '%s' is registered twice", c->id);
            return message;
        }
        if (!c->doc || !*c->doc) {
            snprintf(message, sizeof message, "case '%s' states no rule (.doc)", c->id);
            return message;
        }
        const char *source = cts_source_error(c);
        if (source) {
            snprintf(message, sizeof message, "case '%s' %s (.source)", c->id, source);
            return message;
        }
        if (c->death_stderr && !c->death_signal) {
            snprintf(message, sizeof message, "death test '%s' names no signal", c->id);
            return message;
        }
        const char *window = c->since || c->until ? cts_window_reason_error(c->why_version) : NULL;
        if (window) {
            snprintf(message, sizeof message, "case '%s': its version window %s", c->id, window);
            return message;
        }
        if (c->boot == CTS_NO_BOOT && c->isolation != CTS_FRESH) {
            snprintf(message, sizeof message, "case '%s' boots itself but is not CTS_FRESH", c->id);
            return message;
        }
        if (c->timeout_factor < 0 || c->timeout_factor > CTS_MAX_TIMEOUT_FACTOR ||
            (c->timeout_factor && c->timeout > 0)) {
            snprintf(message, sizeof message,
                     "case '%s': .timeout_factor must be 1 to %d, and never beside .timeout", c->id,
                     CTS_MAX_TIMEOUT_FACTOR);
            return message;
        }
        if (c->once_per_run && !mode_cannot_reach(c)) {
            snprintf(message, sizeof message,
                     "case '%s' runs once per run, but the run's mode reaches it: it must be "
                     "CTS_FRESH with its own .allocator and need nothing of the mode",
                     c->id);
            return message;
        }
    }
    return NULL;
}

const char *cts_case_location(const cts_case *c, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%d", c->file ? c->file : "?", c->line);
    return buf;
}

size_t cts_registry_count(void)
{
    return count;
}

const cts_case *cts_registry_at(size_t i)
{
    return i < count ? table[i] : NULL;
}

const cts_case *cts_registry_find(const char *id)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(table[i]->id, id) == 0)
            return table[i];
    }
    return NULL;
}

const char *cts_case_area(const cts_case *c, char *buf, size_t size)
{
    size_t len = strcspn(c->id, ".");
    snprintf(buf, size, "%.*s", (int)len, c->id);
    return buf;
}

/* Whether the glob of len bytes at p matches id. */
static int glob_matches(const char *p, size_t len, const char *id)
{
    char *pattern = strndup(p, len);
    if (!pattern) {
        fputs("pymem-cts: out of memory matching --filter\n", stderr);
        exit(2);
    }
    int matches = fnmatch(pattern, id, 0) == 0;
    free(pattern);
    return matches;
}

int cts_filter_matches(const char *filter, const char *id)
{
    if (!filter || !*filter)
        return 1;
    int includes = 0, included = 0;
    for (const char *p = filter; *p;) {
        size_t len = strcspn(p, ",");
        if (len > 0 && p[0] == '-') {
            if (glob_matches(p + 1, len - 1, id))
                return 0;
        } else if (len > 0) {
            includes++;
            included |= glob_matches(p, len, id);
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return included || includes == 0;
}
