/* debug_fill_bytes.c: the bytes the debug hooks write. The docs: "Newly
 * allocated memory is filled with the byte 0xCD (PYMEM_CLEANBYTE)", blocks
 * are surrounded by 0xFD (PYMEM_FORBIDDENBYTE), and "Changed in version
 * 3.8: Byte patterns 0xCB (PYMEM_CLEANBYTE), 0xDB (PYMEM_DEADBYTE) and 0xFB
 * (PYMEM_FORBIDDENBYTE) have been replaced with 0xCD, 0xDD and 0xFD". 3.7.16
 * already writes 0xCD and 0xFD: the change (bpo-36389, PR gh-12782) was
 * backported to 3.7 without the docs saying so (3.7 is end-of-life).
 * Build (3.6, 3.7: drop --embed), then run under the debug hooks:
 *   cc debug_fill_bytes.c -o fill $(python3.13-config --cflags --ldflags --embed)
 *   PYTHONMALLOC=debug ./fill
 * Prints the bytes and the ones the docs give for this version; exit 1 when
 * they differ (3.7.16: 0xCD/0xFD where the docs date them to 3.8).
 * Exit 2: the debug hooks are not installed (no PYTHONMALLOC=debug). */
#include <Python.h>

#include <stddef.h>

int main(void)
{
    Py_Initialize();
    unsigned char *p = PyMem_Malloc(16);
    const ptrdiff_t s = (ptrdiff_t)sizeof(size_t);
    if (!p || p[-s] != 'm') { /* the debug hooks' API id of PYMEM_DOMAIN_MEM */
        printf("set-up: the debug hooks are not installed: run with PYTHONMALLOC=debug\n");
        return 2;
    }
    int v38 = PY_VERSION_HEX >= 0x03080000;
    unsigned clean = v38 ? 0xCD : 0xCB, forbidden = v38 ? 0xFD : 0xFB;
    printf("%s: clean 0x%02X, forbidden before 0x%02X, after 0x%02X; documented for this "
           "version: clean 0x%02X, forbidden 0x%02X\n",
           PY_VERSION, p[0], p[-1], p[16], clean, forbidden);
    int ok = p[0] == clean && p[-1] == forbidden && p[16] == forbidden;
    PyMem_Free(p);
    Py_FinalizeEx();
    return ok ? 0 : 1;
}
