/* mem_obj_alignment_mimalloc.c: under PYTHONMALLOC=mimalloc, PyMem_Malloc(n)
 * and PyObject_Malloc(n) for n <= 8 return blocks aligned to 8, not to
 * alignof(max_align_t) = 16 as pymalloc and malloc() do. No alignment is
 * documented (bpo-31912, gh-76093: "PyMem_Malloc() should guarantee
 * alignof(max_align_t)"), so this is CPython behaviour, not a broken
 * promise. Debug builds give 16 (mimalloc's debug padding). 3.13+.
 * Build and run:
 *   cc mem_obj_alignment_mimalloc.c -o memalign $(python3.13-config --cflags --ldflags --embed)
 *   PYTHONMALLOC=mimalloc ./memalign   # release builds: "4 of 16 MEM blocks ..." (exit 1)
 *   PYTHONMALLOC=pymalloc ./memalign   # 0 of 16 (exit 0)
 * Exit 2: PYTHONMALLOC is not set (say which allocator to measure). */
#include <Python.h>

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static int count(const char *name, void *(*alloc)(size_t))
{
    int misaligned = 0;
    for (size_t n = 1; n <= 16; n++) {
        void *p = alloc(n); /* kept, so that the next block is another one */
        misaligned += p && (uintptr_t)p % alignof(max_align_t) != 0;
    }
    printf("%d of 16 %s blocks of 1 to 16 bytes not aligned to alignof(max_align_t) = %zu\n",
           misaligned, name, alignof(max_align_t));
    return misaligned;
}

int main(void)
{
    const char *mode = getenv("PYTHONMALLOC");
    if (!mode || !*mode) {
        printf("set-up: PYTHONMALLOC is not set: run with PYTHONMALLOC=mimalloc\n");
        return 2;
    }
    Py_Initialize();
    printf("PYTHONMALLOC=%s\n", mode);
    int bad = count("MEM", PyMem_Malloc) + count("OBJ", PyObject_Malloc);
    Py_FinalizeEx();
    return bad ? 1 : 0;
}
