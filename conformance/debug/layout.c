/* layout.c: the block layout and fill bytes of the debug hooks, read
 * in place from the data pointer (never after free). Runs wherever the hooks
 * are installed: PYTHONMALLOC=debug, malloc_debug, pymalloc_debug,
 * mimalloc_debug and a debug build's default.
 * Source: Doc/c-api/memory.rst, "Debug hooks on the Python memory allocators". */
#include "debug_support.h"

#include <string.h>

#define S ((ptrdiff_t)sizeof(size_t))

CTS_FAMILIES_CASE(header, "debug.layout", .needs = CTS_NEED_DEBUG_HOOKS,
                  .doc = "p[-2*S:-S] Number of bytes originally asked for. This is a size_t, "
                         "big-endian (easier to read in a memory dump). p[-S] API identifier "
                         "(ASCII character)",
                  .source = {
                      .quote = "This is a size_t, big-endian (easier to read in a memory dump).",
                      .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators",
                      .python = "3.15"})
{
    unsigned char *p = fam->malloc(37);
    CTS_REQUIRE(p != NULL, "%sMalloc(37) returned NULL", fam->prefix);
    size_t stored = debug_stored_size(p);
    CTS_EXPECT(stored == 37, "%sMalloc(37): p[-2*S:-S] holds %zu, expected 37", fam->prefix,
               stored);
    CTS_EXPECT(p[-S] == (unsigned char)debug_api_id(fam),
               "%sMalloc: API identifier p[-S] is 0x%02x, expected '%c'", fam->prefix, p[-S],
               debug_api_id(fam));
    fam->free(p);
}

CTS_FAMILIES_CASE(forbidden_pads, "debug.layout", .needs = CTS_NEED_DEBUG_HOOKS,
                  .doc = "p[-S+1:0] Copies of PYMEM_FORBIDDENBYTE. Used to catch under- writes "
                         "and reads. ... p[N:N+S] Copies of PYMEM_FORBIDDENBYTE. Used to catch "
                         "over- writes and reads.",
                  .source = {
                      .quote = "Used to catch under- writes and reads. ... Used to catch over- "
                               "writes and reads. ... Memory blocks are surrounded by \"forbidden "
                               "bytes\" filled with the byte 0xFD (PYMEM_FORBIDDENBYTE).",
                      .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators",
                      .python = "3.15"})
{
    unsigned char want = debug_forbiddenbyte(cts_python_version(cts));
    unsigned char *p = fam->malloc(24);
    CTS_REQUIRE(p != NULL, "%sMalloc(24) returned NULL", fam->prefix);
    ptrdiff_t lead = debug_first_other(p, -S + 1, 0, want);
    ptrdiff_t tail = debug_first_other(p, 24, 24 + S, want);
    CTS_EXPECT(lead < 0, "%sMalloc(24): leading pad p[%td] is 0x%02x, expected 0x%02x", fam->prefix,
               lead, lead < 0 ? 0 : p[lead], want);
    CTS_EXPECT(tail < 0, "%sMalloc(24): trailing pad p[%td] is 0x%02x, expected 0x%02x",
               fam->prefix, tail, tail < 0 ? 0 : p[tail], want);
    fam->free(p);
}

/* A plain 100-byte buffer from each domain. */
CTS_FAMILIES_CASE(
    clean_fill, "debug.layout", .needs = CTS_NEED_DEBUG_HOOKS,
    .doc = "p[0:N] The requested memory, filled with copies of PYMEM_CLEANBYTE, "
           "used to catch reference to uninitialized memory.",
    .source = {
        .quote = "The requested memory, filled with copies of PYMEM_CLEANBYTE, used to catch "
                 "reference to uninitialized memory. ... These debug hooks fill dynamically "
                 "allocated memory blocks with special, recognizable bit patterns. ... Newly "
                 "allocated memory is filled with the byte 0xCD (PYMEM_CLEANBYTE)",
        .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators",
        .python = "3.15"})
{
    unsigned char want = debug_cleanbyte(cts_python_version(cts));
    unsigned char *p = fam->malloc(100);
    CTS_REQUIRE(p != NULL, "%sMalloc(100) returned NULL", fam->prefix);
    ptrdiff_t bad = debug_first_other(p, 0, 100, want), others = 0;
    for (int i = 0; i < 100; i++)
        others += p[i] != want;
    CTS_EXPECT(bad < 0,
               "%sMalloc(100): p[%td] is 0x%02x, expected PYMEM_CLEANBYTE 0x%02x (%td of 100 "
               "bytes differ)",
               fam->prefix, bad, bad < 0 ? 0 : p[bad], want, others);
    fam->free(p);
}

CTS_FAMILIES_CASE(realloc_grow_fill, "debug.layout", .needs = CTS_NEED_DEBUG_HOOKS,
                  .doc = "When a realloc-like function is called requesting a larger memory "
                         "block, the new excess bytes are also filled with PYMEM_CLEANBYTE.",
                  .source = {
                      .quote = "When a realloc-like function is called requesting a larger memory "
                               "block, the new excess bytes are also filled with PYMEM_CLEANBYTE.",
                      .page = "c-api/memory.html#debug-hooks-on-the-python-memory-allocators",
                      .python = "3.15"})
{
    unsigned char want = debug_cleanbyte(cts_python_version(cts));
    unsigned char *p = fam->malloc(8);
    CTS_REQUIRE(p != NULL, "%sMalloc(8) returned NULL", fam->prefix);
    memset(p, 0x11, 8);
    unsigned char *q = fam->realloc(p, 64);
    CTS_REQUIRE(q != NULL, "%sRealloc(p, 64) returned NULL", fam->prefix);
    CTS_EXPECT(debug_first_other(q, 0, 8, 0x11) < 0, "%sRealloc lost the first 8 bytes",
               fam->prefix);
    ptrdiff_t bad = debug_first_other(q, 8, 64, want);
    CTS_EXPECT(bad < 0, "%sRealloc(p, 64): new byte q[%td] is 0x%02x, expected 0x%02x", fam->prefix,
               bad, bad < 0 ? 0 : q[bad], want);
    CTS_EXPECT(debug_stored_size(q) == 64, "%sRealloc(p, 64): stored size is %zu", fam->prefix,
               debug_stored_size(q));
    fam->free(q);
}

CTS_FAMILIES_CASE(calloc_is_zero, "debug.layout", .needs = CTS_NEED_DEBUG_HOOKS,
                  .doc = "Calloc: The memory is initialized to zeros (the debug hooks do not "
                         "fill calloc memory with PYMEM_CLEANBYTE).",
                  .source = {.quote = "The memory is initialized to zeros.",
                             .page = "c-api/memory.html#c.%sCalloc",
                             .python = "3.15"})
{
    unsigned char *p = fam->calloc(10, 10);
    CTS_REQUIRE(p != NULL, "%sCalloc(10, 10) returned NULL", fam->prefix);
    ptrdiff_t bad = debug_first_other(p, 0, 100, 0);
    CTS_EXPECT(bad < 0, "%sCalloc(10, 10): p[%td] is 0x%02x under the debug hooks", fam->prefix,
               bad, bad < 0 ? 0 : p[bad]);
    fam->free(p);
}
