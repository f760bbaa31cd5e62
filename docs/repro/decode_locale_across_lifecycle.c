/* decode_locale_across_lifecycle.c: the embedding example of the 3.8 to 3.10
 * docs (Very High Level Embedding) decodes argv[0] with Py_DecodeLocale()
 * before Py_Initialize() and frees it with PyMem_RawFree() after
 * Py_FinalizeEx(); the 3.11+ example uses PyConfig instead. Under a
 * PYTHONMALLOC that changes the RAW allocator at initialisation the free
 * aborts: the block goes back to another allocator than the one that made
 * it. The docs ("use PyMem_RawFree() to free the memory") do not say
 * whether that is allowed: a documentation gap (related: bpo-32096).
 * Build (3.7: drop --embed):
 *   cc decode_locale_across_lifecycle.c -o decode \
 *       $(python3.14-config --cflags --ldflags --embed)
 *   PYTHONMALLOC=debug ./decode   # release builds: Fatal Python error (bad ID or pads), SIGABRT
 *   PYTHONMALLOC=malloc ./decode  # debug builds: free(): invalid pointer, SIGABRT
 * Exit 2: Py_Initialize() did not change the RAW allocator (no PYTHONMALLOC
 * that changes it; and always on 3.6, whose Py_Initialize() never reads
 * PYTHONMALLOC), so nothing was tested. */
#include <Python.h>

#include <stdint.h>

int main(int argc, char **argv)
{
    (void)argc;
    PyMemAllocatorEx before, after; /* PyMem_GetAllocator is safe before init */
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &before);
    wchar_t *program = Py_DecodeLocale(argv[0], NULL); /* as the docs' example */
    if (!program)
        return 2;
    Py_Initialize();
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &after);
    if (before.malloc == after.malloc && before.free == after.free && before.ctx == after.ctx) {
        printf("set-up: Py_Initialize() kept the RAW allocator (PYTHONMALLOC=%s): nothing to "
               "test\n",
               getenv("PYTHONMALLOC") ? getenv("PYTHONMALLOC") : "unset");
        Py_FinalizeEx();
        PyMem_RawFree(program);
        return 2;
    }
    PyRun_SimpleString("print('hello from the embedded interpreter')");
    if (Py_FinalizeEx() < 0)
        return 120;
    PyMem_RawFree(program); /* aborts here */
    printf("PyMem_RawFree of the Py_DecodeLocale block after Py_FinalizeEx: fine\n");
    return 0;
}
