/* strmap.h: a hash map from strings to pointers, for the report tools'
 * lookups by case id, area and mode: exact, case-sensitive, and constant
 * time, so that a report of 100k ids is read in linear time. The map
 * borrows its keys: each must outlive it unchanged. */
#ifndef CTS_STRMAP_H
#define CTS_STRMAP_H

#include <stddef.h>

typedef struct cts_strmap {
    const char **keys;
    void **values;
    size_t cap, count;
} cts_strmap;

/* The value of key, or NULL. */
void *cts_strmap_get(const cts_strmap *m, const char *key);

/* Sets key's value (value not NULL). Exits on out of memory. */
void cts_strmap_put(cts_strmap *m, const char *key, void *value);

void cts_strmap_free(cts_strmap *m);

#endif
