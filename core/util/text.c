/* text.c: see text.h. The decoder accepts exactly the well-formed UTF-8 of
 * Unicode's table 3-7: no overlong forms, no surrogates, nothing above
 * U+10FFFF. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

static int in(unsigned char byte, unsigned char low, unsigned char high)
{
    return byte >= low && byte <= high;
}

/* The range the second byte of a sequence led by lead must be in. */
static void second_byte_range(unsigned char lead, unsigned char *low, unsigned char *high)
{
    *low = 0x80;
    *high = 0xBF;
    if (lead == 0xE0)
        *low = 0xA0;
    else if (lead == 0xED)
        *high = 0x9F;
    else if (lead == 0xF0)
        *low = 0x90;
    else if (lead == 0xF4)
        *high = 0x8F;
}

size_t cts_utf8_sequence(const unsigned char *p, size_t len)
{
    if (len == 0 || p[0] == 0)
        return 0;
    if (p[0] < 0x80)
        return 1;
    size_t need = in(p[0], 0xC2, 0xDF)   ? 2
                  : in(p[0], 0xE0, 0xEF) ? 3
                  : in(p[0], 0xF0, 0xF4) ? 4
                                         : 0;
    if (need == 0 || len < need)
        return 0;
    unsigned char low, high;
    second_byte_range(p[0], &low, &high);
    if (!in(p[1], low, high))
        return 0;
    for (size_t i = 2; i < need; i++) {
        if (!in(p[i], 0x80, 0xBF))
            return 0;
    }
    return need;
}

char *cts_text_from_bytes(const char *data, size_t len)
{
    char *out = malloc(len * 3 + 1), *q = out;
    if (!out) {
        fputs("pymem-cts: out of memory\n", stderr);
        exit(2);
    }
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        size_t n = cts_utf8_sequence(p + i, len - i);
        if (n == 0) {
            memcpy(q, replacement, 3);
            q += 3;
            i++;
            continue;
        }
        memcpy(q, p + i, n);
        q += n;
        i += n;
    }
    *q = '\0';
    return out;
}

char *cts_text_from_string(const char *s)
{
    return s ? cts_text_from_bytes(s, strlen(s)) : NULL;
}
