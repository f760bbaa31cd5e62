/* cts.h: what a conformance case file includes.
 *
 * A case is a plain function registered with its metadata:
 *
 *   CTS_CASE(malloc_before_init,
 *            .id = "families.raw.malloc_before_init",
 *            .doc = "PyMem_RawMalloc() ... can be called before Python initialization",
 *            .source = {.quote = "...", .page = "c-api/memory.html#...", .python = "3.15"},
 *            .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)
 *   {
 *       void *p = PyMem_RawMalloc(8);
 *       CTS_REQUIRE(p != NULL, "PyMem_RawMalloc(8) before Py_Initialize returned NULL");
 *       PyMem_RawFree(p);
 *   }
 *
 * The id ends in the case's name, which is also its function's: the
 * registry refuses any other (registry.c), so grep finds a reported id.
 * The runner executes every case in a child process (see runner.c), so a case
 * may crash, abort or hang: that becomes a result, not a crash of the suite.
 * CTS_EXPECT records a failure and goes on; CTS_REQUIRE records it and leaves
 * the case; CTS_UNSUPPORTED leaves the case with a reason. */
#ifndef CTS_H
#define CTS_H

#include "compat.h"

#include "case.h"
#include "probe.h" /* the build's allocator names, cts_arena_size() */

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* What a case can ask of its context. */
const void *cts_param(const cts_ctx *cts);
const cts_family *cts_family_of(const cts_ctx *cts);  /* a family case's (case.h) */
unsigned long cts_python_version(const cts_ctx *cts); /* runtime PY_VERSION_HEX */
const char *cts_allocator_name(const cts_ctx *cts);   /* e.g. "pymalloc_debug" */

/* Records a failed check as "file:line: message [expected: cond]" (the
 * condition is left out when it is the constant 0 of a check that always
 * fails); 1 when ok. */
int cts_check_(cts_ctx *cts, int ok, const char *cond, const char *file, int line, const char *fmt,
               ...) __attribute__((format(printf, 6, 7)));
void cts_unsupported_(cts_ctx *cts, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define CTS_EXPECT(cond, ...)                                                                      \
    ((void)cts_check_(cts, !!(cond), #cond, __FILE__, __LINE__, __VA_ARGS__))
#define CTS_REQUIRE(cond, ...)                                                                     \
    do {                                                                                           \
        if (!cts_check_(cts, !!(cond), #cond, __FILE__, __LINE__, __VA_ARGS__))                    \
            return;                                                                                \
    } while (0)
#define CTS_UNSUPPORTED(...)                                                                       \
    do {                                                                                           \
        cts_unsupported_(cts, __VA_ARGS__);                                                        \
        return;                                                                                    \
    } while (0)

/* The case's own system calls, checked (checked.c): on failure each ends
 * the case as ERROR naming the call, file:line and errno, since the fault
 * is the suite's, not the Python's. CTS_FORK's child dies with its parent
 * (io.h); CTS_PIPE's ends are close-on-exec; CTS_SCRATCH_FILE is a file in
 * memory (memfd), not in a /tmp that may be read-only or full. */
#define CTS_THREAD(thread, fn, arg) cts_thread_(thread, fn, arg, __FILE__, __LINE__)
#define CTS_FORK() cts_fork_(__FILE__, __LINE__)
#define CTS_PIPE(fds) cts_pipe_(fds, __FILE__, __LINE__)
#define CTS_SCRATCH_FILE(name) cts_scratch_file_(name, __FILE__, __LINE__)
void cts_thread_(pthread_t *thread, void *(*fn)(void *), void *arg, const char *file, int line);
pid_t cts_fork_(const char *file, int line);
void cts_pipe_(int fds[2], const char *file, int line);
int cts_scratch_file_(const char *name, const char *file, int line);

/* Registers the case var##_case named name_: the id's last part, which the
 * registry checks, and the file and line of the definition. */
#define CTS_REGISTER_(var, name_, ...)                                                             \
    static const cts_case var##_case = {                                                           \
        .name = name_, .file = __FILE__, .line = __LINE__, __VA_ARGS__};                           \
    __attribute__((constructor)) static void var##_register(void)                                  \
    {                                                                                              \
        cts_register(&var##_case);                                                                 \
    }

/* Defines and registers one case whose id ends in ".fn"; the body follows
 * the macro. */
#define CTS_CASE(fn, ...)                                                                          \
    static void fn(cts_ctx *cts __attribute__((unused)));                                          \
    CTS_REGISTER_(fn, #fn, .run = fn, __VA_ARGS__)                                                 \
    static void fn(cts_ctx *cts __attribute__((unused)))

/* Defines one case body run once per family, with ids "<area>.raw.<fn>",
 * "<area>.mem.<fn>" and "<area>.obj.<fn>". */
#define CTS_FAMILIES_CASE(fn, area, ...)                                                           \
    static void fn(cts_ctx *cts __attribute__((unused)), const cts_family *fam);                   \
    static void fn##_thunk(cts_ctx *cts)                                                           \
    {                                                                                              \
        fn(cts, cts_family_of(cts));                                                               \
    }                                                                                              \
    CTS_REGISTER_(fn##_raw, #fn, .id = area ".raw." #fn, .family = &cts_families[0],               \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    CTS_REGISTER_(fn##_mem, #fn, .id = area ".mem." #fn, .family = &cts_families[1],               \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    CTS_REGISTER_(fn##_obj, #fn, .id = area ".obj." #fn, .family = &cts_families[2],               \
                  .run = fn##_thunk, __VA_ARGS__)                                                  \
    static void fn(cts_ctx *cts __attribute__((unused)), const cts_family *fam)

/* The same, in the "families" area: ids "families.<raw|mem|obj>.<fn>". */
#define CTS_FAMILY_CASE(fn, ...) CTS_FAMILIES_CASE(fn, "families", __VA_ARGS__)

#endif
