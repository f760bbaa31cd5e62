/* libc_spy.c: see libc_spy.h. The slots are found as the dynamic linker
 * fills them: libpython's relocations (DT_RELA and DT_JMPREL) of type
 * GLOB_DAT or JUMP_SLOT against the four symbols. A slot in the RELRO
 * segment is made writable for the write and read-only again after it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "libc_spy.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__x86_64__)
#define SLOT_GLOB_DAT R_X86_64_GLOB_DAT
#define SLOT_JUMP_SLOT R_X86_64_JUMP_SLOT
#elif defined(__aarch64__)
#define SLOT_GLOB_DAT R_AARCH64_GLOB_DAT
#define SLOT_JUMP_SLOT R_AARCH64_JUMP_SLOT
#endif

#if defined(__LP64__)
#define REL_SYM ELF64_R_SYM
#define REL_TYPE ELF64_R_TYPE
#else
#define REL_SYM ELF32_R_SYM
#define REL_TYPE ELF32_R_TYPE
#endif

libc_calls libc_seen;

/* The functions libpython's slots are bound to: the first definition in
 * the global scope (the C library's, or a sanitizer's that interposes it). */
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);

static void note_size(size_t n)
{
    if (n > libc_seen.largest)
        libc_seen.largest = n;
}

static void *spy_malloc(size_t n)
{
    libc_seen.mallocs++;
    libc_seen.malloc_size = n;
    note_size(n);
    return real_malloc(n);
}

static void *spy_calloc(size_t nelem, size_t elsize)
{
    libc_seen.callocs++;
    libc_seen.calloc_nelem = nelem;
    libc_seen.calloc_elsize = elsize;
    size_t total;
    note_size(__builtin_mul_overflow(nelem, elsize, &total) ? SIZE_MAX : total);
    return real_calloc(nelem, elsize);
}

static void *spy_realloc(void *p, size_t n)
{
    libc_seen.reallocs++;
    libc_seen.realloc_ptr = p;
    libc_seen.realloc_size = n;
    note_size(n);
    return real_realloc(p, n);
}

static void spy_free(void *p)
{
    libc_seen.frees++;
    libc_seen.free_ptr = p;
    real_free(p);
}

static void *spy_of(const char *name)
{
    if (!strcmp(name, "malloc"))
        return (void *)spy_malloc;
    if (!strcmp(name, "calloc"))
        return (void *)spy_calloc;
    if (!strcmp(name, "realloc"))
        return (void *)spy_realloc;
    if (!strcmp(name, "free"))
        return (void *)spy_free;
    return NULL;
}

enum { SLOTS_MAX = 32 };
static struct slot {
    void **at;
    void *was, *spy;
    int relro;
} slots[SLOTS_MAX];
static int slot_count;

/* What the search of libpython's object found. */
typedef struct search {
    uintptr_t inside; /* an address libpython defines */
    int found;        /* the object was seen */
    const char *why;  /* why nothing can be rewritten */
} search;

static uintptr_t absolute(const struct dl_phdr_info *info, ElfW(Addr) p)
{
    return p < info->dlpi_addr ? info->dlpi_addr + p : p; /* glibc relocates most d_ptr */
}

static int holds(const struct dl_phdr_info *info, uintptr_t addr, ElfW(Word) type)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == type && addr >= lo && addr < lo + ph->p_memsz)
            return 1;
    }
    return 0;
}

static const ElfW(Dyn) * dynamic_of(const struct dl_phdr_info *info)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
            return (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    }
    return NULL;
}

#ifdef SLOT_GLOB_DAT
/* Records the slots of one relocation table. */
static void collect(const struct dl_phdr_info *info, const ElfW(Rela) * rela, size_t bytes,
                    const ElfW(Sym) * symtab, const char *strtab)
{
    for (size_t i = 0; rela && i < bytes / sizeof *rela; i++) {
        unsigned type = (unsigned)REL_TYPE(rela[i].r_info);
        if (type != SLOT_GLOB_DAT && type != SLOT_JUMP_SLOT)
            continue;
        void *spy = spy_of(strtab + symtab[REL_SYM(rela[i].r_info)].st_name);
        if (!spy || slot_count == SLOTS_MAX)
            continue;
        uintptr_t at = info->dlpi_addr + rela[i].r_offset;
        slots[slot_count++] = (struct slot){(void **)at, NULL, spy, holds(info, at, PT_GNU_RELRO)};
    }
}
#endif

/* A function found by dlsym() inside the object whose slots are rewritten is
 * that object's own PLT entry, not the function: a non-PIE executable with
 * libpython linked in (Debian's python3) gives its PLT entries as the
 * canonical addresses of the functions it imports. Calling it would jump
 * through the rewritten slot back to the spy, for ever. The C library's
 * own definition is taken instead. */
static int take_from_libc_if_inside(const struct dl_phdr_info *info, void **fn, const char *name)
{
    if (!holds(info, (uintptr_t)*fn, PT_LOAD))
        return 0;
    void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
    void *own = libc ? dlsym(libc, name) : NULL;
    if (!own || holds(info, (uintptr_t)own, PT_LOAD))
        return -1;
    *fn = own;
    return 0;
}

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    search *s = data;
    if (!holds(info, s->inside, PT_LOAD))
        return 0;
    s->found = 1;
    if (take_from_libc_if_inside(info, (void **)&real_malloc, "malloc") ||
        take_from_libc_if_inside(info, (void **)&real_calloc, "calloc") ||
        take_from_libc_if_inside(info, (void **)&real_realloc, "realloc") ||
        take_from_libc_if_inside(info, (void **)&real_free, "free")) {
        s->why = "malloc() resolves inside libpython's own object and libc.so.6 gives no other";
        return 1;
    }
#ifdef SLOT_GLOB_DAT
    const ElfW(Dyn) *d = dynamic_of(info);
    const ElfW(Rela) *rela = NULL, *jmprel = NULL;
    size_t relasz = 0, pltrelsz = 0;
    const ElfW(Sym) *symtab = NULL;
    const char *strtab = NULL;
    for (; d && d->d_tag != DT_NULL; d++) {
        switch (d->d_tag) {
        case DT_RELA: rela = (const ElfW(Rela) *)absolute(info, d->d_un.d_ptr); break;
        case DT_RELASZ: relasz = d->d_un.d_val; break;
        case DT_JMPREL: jmprel = (const ElfW(Rela) *)absolute(info, d->d_un.d_ptr); break;
        case DT_PLTRELSZ: pltrelsz = d->d_un.d_val; break;
        case DT_SYMTAB: symtab = (const ElfW(Sym) *)absolute(info, d->d_un.d_ptr); break;
        case DT_STRTAB: strtab = (const char *)absolute(info, d->d_un.d_ptr); break;
        }
    }
    if (!symtab || !strtab) {
        s->why = "libpython has no dynamic symbol table";
        return 1;
    }
    collect(info, rela, relasz, symtab, strtab);
    collect(info, jmprel, pltrelsz, symtab, strtab);
    if (slot_count == 0)
        s->why = "libpython has no GOT slot for malloc(), calloc(), realloc() or free()";
#else
    s->why = "rewriting GOT slots is done on x86-64 and AArch64 only";
#endif
    return 1;
}

/* Writes value into a slot, through a writable mapping for the moment. */
static int write_slot(const struct slot *sl, void *value)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    void *start = (void *)((uintptr_t)sl->at & ~(page - 1));
    size_t len = (uintptr_t)(sl->at + 1) - (uintptr_t)start;
    if (mprotect(start, len, PROT_READ | PROT_WRITE) != 0)
        return -1;
    __atomic_store_n(sl->at, value, __ATOMIC_SEQ_CST);
    return sl->relro ? mprotect(start, len, PROT_READ) : 0;
}

const char *libc_spy_install(void)
{
    real_malloc = (void *(*)(size_t))dlsym(RTLD_DEFAULT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_DEFAULT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_DEFAULT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_DEFAULT, "free");
    search s = {(uintptr_t)dlsym(RTLD_DEFAULT, "PyMem_RawMalloc"), 0, NULL};
    if (!real_malloc || !real_calloc || !real_realloc || !real_free || !s.inside)
        return "dlsym() found no malloc(), calloc(), realloc(), free() or PyMem_RawMalloc()";
    slot_count = 0;
    dl_iterate_phdr(visit, &s);
    if (!s.found)
        return "no loaded object holds PyMem_RawMalloc()";
    if (s.why)
        return s.why;
    for (int i = 0; i < slot_count; i++) {
        slots[i].was = *slots[i].at;
        if (write_slot(&slots[i], slots[i].spy) != 0) {
            slot_count = i; /* the ones written so far go back */
            libc_spy_remove();
            return "mprotect() refused to make a GOT slot of libpython writable";
        }
    }
    libc_spy_clear();
    return NULL;
}

void libc_spy_clear(void)
{
    memset(&libc_seen, 0, sizeof libc_seen);
}

void libc_spy_remove(void)
{
    for (int i = 0; i < slot_count; i++) {
        if (slots[i].was)
            write_slot(&slots[i], slots[i].was);
    }
    slot_count = 0;
}
