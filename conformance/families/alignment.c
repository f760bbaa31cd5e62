/* alignment.c: blocks are aligned for any C type. The C API docs
 * promise no alignment explicitly; pymalloc and libc give 16 bytes on
 * x86-64 (bpo-27987), mimalloc gives blocks of 8 bytes or less only 8-byte
 * alignment (a deviation recorded in the expectations, not weakened here).
 * Source: measured on 3.6-3.13 (see the spec notes, F14/F15); gh-91335. */
#include "cts.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

CTS_FAMILY_CASE(alignment,
                .doc = "a block is suitably aligned for any C object type: "
                       "alignof(max_align_t), 16 bytes on x86-64, for every size 1..1024",
                .source = {
                    .note = "no alignment is documented (gh-91335 asks for it): "
                            "alignof(max_align_t) is what CPython gives, measured on 3.6 to 3.15"})
{
    const uintptr_t want = alignof(max_align_t);
    void *blocks[1024];
    size_t worst_size = 0;
    uintptr_t worst = 0;
    for (size_t n = 1; n <= 1024; n++) {
        blocks[n - 1] = fam->malloc(n);
        CTS_REQUIRE(blocks[n - 1] != NULL, "%sMalloc(%zu) returned NULL", fam->prefix, n);
        uintptr_t low = (uintptr_t)blocks[n - 1] & (want - 1);
        if (low && !worst) {
            worst = (uintptr_t)blocks[n - 1];
            worst_size = n;
        }
    }
    for (size_t n = 1; n <= 1024; n++)
        fam->free(blocks[n - 1]);
    CTS_EXPECT(worst == 0, "%sMalloc(%zu) returned %p, not %zu-byte aligned", fam->prefix,
               worst_size, (void *)worst, (size_t)want);
}
