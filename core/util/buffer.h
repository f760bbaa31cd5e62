/* buffer.h: a growable byte buffer that can keep only its tail, and the
 * one way the driver's tables grow. */
#ifndef CTS_BUFFER_H
#define CTS_BUFFER_H

#include <stddef.h>

typedef struct cts_buffer {
    char *data;
    size_t len, cap;
    size_t limit; /* keep at most this many bytes: the newest ones */
    size_t dropped;
} cts_buffer;

/* realloc(p, count * size), or exits 2 with "pymem-cts: out of memory"
 * (also when count * size overflows): for the driver's own tables, where
 * running on without them would lose results. */
void *cts_realloc_or_exit(void *p, size_t count, size_t size);

void cts_buffer_append(cts_buffer *b, const char *data, size_t len);
const char *cts_buffer_text(cts_buffer *b); /* NUL-terminated */
void cts_buffer_free(cts_buffer *b);

#endif
