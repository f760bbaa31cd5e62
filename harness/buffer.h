/* buffer.h: a growable byte buffer that can keep only its tail. */
#ifndef CTS_BUFFER_H
#define CTS_BUFFER_H

#include <stddef.h>

typedef struct cts_buffer {
    char *data;
    size_t len, cap;
    size_t limit; /* keep at most this many bytes: the newest ones */
    size_t dropped;
} cts_buffer;

void cts_buffer_append(cts_buffer *b, const char *data, size_t len);
const char *cts_buffer_text(cts_buffer *b); /* NUL-terminated */
void cts_buffer_free(cts_buffer *b);

#endif
