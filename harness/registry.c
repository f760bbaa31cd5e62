/* registry.c: collects the cases that register themselves at start-up
 * (constructors in the case files) and answers look-ups by id or glob. */
#include "registry.h"

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
        table = realloc(table, capacity * sizeof *table);
        if (!table) {
            fputs("pymem-cts: out of memory registering cases\n", stderr);
            exit(2);
        }
    }
    table[count++] = c;
}

static int by_id(const void *a, const void *b)
{
    return strcmp((*(const cts_case *const *)a)->id, (*(const cts_case *const *)b)->id);
}

const char *cts_registry_check(void)
{
    static char message[256];
    for (size_t i = 0; i < count; i++) {
        if (!table[i]->id || !table[i]->run)
            return "a registered case has no id or no function";
    }
    qsort(table, count, sizeof *table, by_id);
    for (size_t i = 0; i < count; i++) {
        const cts_case *c = table[i];
        if (i > 0 && strcmp(table[i - 1]->id, c->id) == 0) {
            snprintf(message, sizeof message, "case id '%s' is registered twice", c->id);
            return message;
        }
        if (!c->doc || !*c->doc) {
            snprintf(message, sizeof message, "case '%s' quotes no documented rule (.doc)", c->id);
            return message;
        }
        if (c->death_stderr && !c->death_signal) {
            snprintf(message, sizeof message, "death test '%s' names no signal", c->id);
            return message;
        }
        if (c->boot == CTS_NO_BOOT && c->isolation != CTS_FRESH) {
            snprintf(message, sizeof message, "case '%s' boots itself but is not CTS_FRESH", c->id);
            return message;
        }
    }
    return NULL;
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

int cts_filter_matches(const char *filter, const char *id)
{
    if (!filter || !*filter)
        return 1;
    char pattern[512];
    for (const char *p = filter; *p;) {
        size_t len = strcspn(p, ",");
        if (len > 0 && len < sizeof pattern) {
            memcpy(pattern, p, len);
            pattern[len] = '\0';
            if (fnmatch(pattern, id, 0) == 0)
                return 1;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}
