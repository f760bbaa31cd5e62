/* mutant.h: what every mutant shim shares. A mutant is an LD_PRELOAD library
 * that interposes one or two functions of the memory API and breaks exactly
 * one documented rule, but only for calls made by the program under test
 * (the suite's cases and fuzz targets): calls from inside libpython go to
 * the real function, so the mutant is a build that deviates for its API
 * users, not one that cannot start. */
#ifndef MUTANT_H
#define MUTANT_H

#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The real function `name`, looked up once. */
#define REAL(type, name)                                                                           \
    static type real_##name;                                                                       \
    if (!real_##name) {                                                                            \
        real_##name = (type)dlsym(RTLD_NEXT, #name);                                               \
        if (!real_##name) {                                                                        \
            fprintf(stderr, "mutant: %s is not in this Python\n", #name);                          \
            abort();                                                                               \
        }                                                                                          \
    }

static uintptr_t program_lo, program_hi;

static int find_program(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size, (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (!program_lo || lo < program_lo)
            program_lo = lo;
        if (lo + ph->p_memsz > program_hi)
            program_hi = lo + ph->p_memsz;
    }
    return 1; /* the first object is the program itself */
}

/* Non-zero when the return address lies in the program, not a library. */
static inline int called_by_program(void *ret)
{
    if (!program_hi)
        dl_iterate_phdr(find_program, NULL);
    return (uintptr_t)ret >= program_lo && (uintptr_t)ret < program_hi;
}

#define FROM_PROGRAM() called_by_program(__builtin_return_address(0))

#endif
