/* buffer.c: see buffer.h. */
#include "buffer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *cts_realloc_or_exit(void *p, size_t count, size_t size)
{
    void *q = size && count > SIZE_MAX / size ? NULL : realloc(p, count * size);
    if (!q) {
        fputs("pymem-cts: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

static void reserve(cts_buffer *b, size_t need)
{
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    b->data = cts_realloc_or_exit(b->data, cap, 1);
    b->cap = cap;
}

void cts_buffer_append(cts_buffer *b, const char *data, size_t len)
{
    reserve(b, b->len + len + 1);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    if (b->limit && b->len > b->limit) {
        size_t cut = b->len - b->limit;
        memmove(b->data, b->data + cut, b->len - cut + 1);
        b->len -= cut;
        b->dropped += cut;
    }
}

const char *cts_buffer_text(cts_buffer *b)
{
    reserve(b, b->len + 1);
    b->data[b->len] = '\0';
    return b->data;
}

void cts_buffer_free(cts_buffer *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
