/* decode_locale_across_lifecycle.c: the docs' embedding example (Very High
 * Level Embedding) decodes argv[0] with Py_DecodeLocale() before
 * Py_Initialize() and frees it with PyMem_RawFree() after Py_FinalizeEx().
 * Under a PYTHONMALLOC that changes the RAW allocator at initialisation the
 * free aborts: the block goes back to another allocator than the one that
 * made it.
 *   cc decode_locale_across_lifecycle.c $(python3.14-config --cflags --ldflags --embed) -o decode
 *   PYTHONMALLOC=debug ./decode   # release builds: Fatal Python error (bad ID or pads), SIGABRT
 *   PYTHONMALLOC=malloc ./decode  # debug builds: free(): invalid pointer, SIGABRT */
#include <Python.h>

int main(int argc, char **argv)
{
    (void)argc;
    wchar_t *program = Py_DecodeLocale(argv[0], NULL); /* as the docs' example */
    if (!program)
        return 2;
    Py_Initialize();
    PyRun_SimpleString("print('hello from the embedded interpreter')");
    if (Py_FinalizeEx() < 0)
        return 120;
    PyMem_RawFree(program); /* aborts here */
    printf("PyMem_RawFree of the Py_DecodeLocale block after Py_FinalizeEx: fine\n");
    return 0;
}
