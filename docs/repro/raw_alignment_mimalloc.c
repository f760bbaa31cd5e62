/* raw_alignment_mimalloc.c: under PYTHONMALLOC=mimalloc, 3.15 serves the RAW
 * domain with mimalloc too, so PyMem_RawMalloc(n) for n <= 8 returns blocks
 * aligned to 8, not to alignof(max_align_t) = 16 as malloc() does (and as
 * 3.13 and 3.14 do, where RAW stays on malloc). It prints, per domain,
 * whether its malloc function is the one PYTHONMALLOC=malloc installs for
 * RAW (the system malloc wrapper), and the alignment of small blocks. No
 * alignment is documented (bpo-31912, gh-76093, asks for it); the 3.15 docs
 * do not mention the RAW change, which gh-144914 (PR gh-144916) made for the
 * free-threaded build. 3.13+ (mimalloc).
 * Build and run:
 *   cc raw_alignment_mimalloc.c -o rawalign $(python3.15-config --cflags --ldflags --embed)
 *   ./rawalign                       # exit 2: the RAW wrapper's address, as a reference
 *   PYTHONMALLOC=mimalloc ./rawalign # 3.15: RAW differs and blocks are 8-aligned (exit 1) */
#include <Python.h>

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    Py_Initialize();
    PyMemAllocatorEx raw, mem;
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &raw);
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &mem);
    printf("RAW malloc %p, MEM malloc %p\n", (void *)(uintptr_t)raw.malloc,
           (void *)(uintptr_t)mem.malloc);
    const char *mode = getenv("PYTHONMALLOC");
    if (!mode || strcmp(mode, "mimalloc") != 0) {
        printf("set-up: PYTHONMALLOC is not mimalloc: the addresses above are the reference\n");
        Py_FinalizeEx();
        return 2;
    }
    int misaligned = 0;
    for (size_t n = 1; n <= 16; n++) {
        void *p = PyMem_RawMalloc(n);
        size_t rem = (uintptr_t)p % alignof(max_align_t);
        if (rem)
            printf("PyMem_RawMalloc(%zu) = %p: %zu mod %zu\n", n, p, rem, alignof(max_align_t));
        misaligned += rem != 0;
        /* keep p, so that the next block is another one */
    }
    printf("%d of 16 RAW blocks not aligned to alignof(max_align_t)\n", misaligned);
    Py_FinalizeEx();
    return misaligned ? 1 : 0;
}
