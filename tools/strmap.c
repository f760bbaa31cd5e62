/* strmap.c: see strmap.h. Open addressing, FNV-1a, at most half full. */
#include "strmap.h"

#include "buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot of key, or the empty slot where it would go. */
static size_t slot(const cts_strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *cts_strmap_get(const cts_strmap *m, const char *key)
{
    return m->cap ? m->values[slot(m, key)] : NULL;
}

static void grow(cts_strmap *m)
{
    cts_strmap bigger = {.cap = m->cap ? m->cap * 2 : 64};
    bigger.keys = memset(cts_realloc_or_exit(NULL, bigger.cap, sizeof *bigger.keys), 0,
                         bigger.cap * sizeof *bigger.keys);
    bigger.values = memset(cts_realloc_or_exit(NULL, bigger.cap, sizeof *bigger.values), 0,
                           bigger.cap * sizeof *bigger.values);
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            cts_strmap_put(&bigger, m->keys[i], m->values[i]);
    cts_strmap_free(m);
    *m = bigger;
}

void cts_strmap_put(cts_strmap *m, const char *key, void *value)
{
    if (2 * (m->count + 1) > m->cap)
        grow(m);
    size_t i = slot(m, key);
    m->count += m->keys[i] == NULL;
    m->keys[i] = key;
    m->values[i] = value;
}

void cts_strmap_free(cts_strmap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}
