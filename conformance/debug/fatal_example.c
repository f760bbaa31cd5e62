/* fatal_example.c: the memory overview's example of a C library free() of a
 * PyMem_New() block, which the docs call "Fatal", as a death test. */
#include "cts.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

/* The docs' example calls this "Fatal" without saying how it ends. Under the
 * debug hooks the pointer is 2*S bytes into the C library's block, so libc's
 * free() must fail: glibc aborts ("free(): invalid pointer") or the process
 * faults. No message is promised, so none is asserted. Without the hooks the
 * outcome depends on the allocator (a large PyMem_New block is libc memory
 * and the free() silently works), so only the debug modes are tested. */
CTS_CASE(libc_free_of_pymem_new, .id = "debug.fatal_example.libc_free_of_pymem_new",
         .doc = "free(buf1); /* Fatal -- should be PyMem_Del() */",
         .source = {.quote = "This will result in mixed calls between the C allocator and the "
                             "Python memory manager with fatal consequences, because they "
                             "implement different algorithms and operate on different heaps.",
                    .page = "c-api/memory.html#overview",
                    .python = "3.15"},
         .needs = CTS_NEED_DEBUG_HOOKS | CTS_NEED_NO_ASAN, .death_signal = SIGABRT,
         .death_signal_alt = SIGSEGV)
{
    char *buf1 = PyMem_New(char, BUFSIZ);
    CTS_REQUIRE(buf1 != NULL, "PyMem_New(char, BUFSIZ) returned NULL");
    free(buf1); /* must not return */
}
