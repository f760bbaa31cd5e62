/* debug_support.h: what the debug hooks' documented block layout looks
 * like from the data pointer p, for the debug-hook cases. Doc/c-api/memory.rst,
 * "Debug hooks on the Python memory allocators": with S = sizeof(size_t),
 * p[-2*S:-S] holds the size asked for (big-endian), p[-S] the API id, then
 * S-1 FORBIDDENBYTEs, the data, and S FORBIDDENBYTEs after it. */
#ifndef CTS_DEBUG_SUPPORT_H
#define CTS_DEBUG_SUPPORT_H

#include "cts.h"

#include <stddef.h>

/* "Changed in version 3.8: Byte patterns 0xCB (PYMEM_CLEANBYTE), 0xDB
 * (PYMEM_DEADBYTE) and 0xFB (PYMEM_FORBIDDENBYTE) have been replaced with
 * 0xCD, 0xDD and 0xFD to use the same values than Windows CRT debug
 * malloc() and free()." */
static inline unsigned char debug_cleanbyte(unsigned long version)
{
    return version >= 0x03080000 ? 0xCD : 0xCB;
}

static inline unsigned char debug_deadbyte(unsigned long version)
{
    return version >= 0x03080000 ? 0xDD : 0xDB;
}

static inline unsigned char debug_forbiddenbyte(unsigned long version)
{
    return version >= 0x03080000 ? 0xFD : 0xFB;
}

/* The API identifier of a family: 'r', 'm' or 'o'. */
static inline char debug_api_id(const cts_family *fam)
{
    return fam->name[0];
}

/* The size stored big-endian in p[-2*S:-S]. */
static inline size_t debug_stored_size(const unsigned char *p)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof(size_t); i++)
        n = n << 8 | p[-2 * (ptrdiff_t)sizeof(size_t) + (ptrdiff_t)i];
    return n;
}

/* The index of the first byte of p[from:to] that is not `value`, or -1. */
static inline ptrdiff_t debug_first_other(const unsigned char *p, ptrdiff_t from, ptrdiff_t to,
                                          unsigned char value)
{
    for (ptrdiff_t i = from; i < to; i++) {
        if (p[i] != value)
            return i;
    }
    return -1;
}

#endif
