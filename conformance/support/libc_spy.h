/* libc_spy.h: what the Python under test asks of the C library's allocator.
 * It routes the calls that libpython (the object that defines
 * PyMem_RawMalloc) makes to malloc(), calloc(), realloc() and free() through
 * counters, by rewriting libpython's own slots for them (its GOT), and
 * forwards each to the C library. Nothing else in the process is affected:
 * the suite's own calls and other libraries' go to the C library directly.
 * For a case's forked child; one at a time. */
#ifndef CTS_LIBC_SPY_H
#define CTS_LIBC_SPY_H

#include <stddef.h>

typedef struct libc_calls {
    long mallocs, callocs, reallocs, frees;
    size_t malloc_size; /* the last malloc()'s */
    size_t calloc_nelem, calloc_elsize;
    void *realloc_ptr; /* the last realloc()'s */
    size_t realloc_size;
    void *free_ptr; /* the last free()'s */
    size_t largest; /* the most bytes one malloc, calloc or realloc asked for */
} libc_calls;

/* The calls seen since libc_spy_install() or libc_spy_clear(). */
extern libc_calls libc_seen;

/* Routes libpython's calls through the counters; NULL, or why it cannot
 * (then nothing is changed). */
const char *libc_spy_install(void);
/* Zeroes the counters. */
void libc_spy_clear(void);
/* Puts libpython's slots back. */
void libc_spy_remove(void);

#endif
