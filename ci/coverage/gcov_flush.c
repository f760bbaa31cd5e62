/* gcov_flush.c: an LD_PRELOAD shim for coverage runs. A process of a
 * --coverage build writes its counters (the .gcda files) from a destructor,
 * that is only when it returns from main or calls exit(). The suite's forked
 * case children leave by _exit(), and its death tests by abort() or a fatal
 * signal, so their counters would be lost. This shim writes them first:
 * it wraps _exit, _Exit and abort, and handles the fatal signals by writing
 * the counters, restoring the default action and raising the signal again,
 * so the process still ends exactly as it would have (same status, same
 * signal). A process killed by SIGKILL (a case that timed out) writes nothing.
 *
 * Linked with gcov's runtime (-lgcov): its __gcov_dump walks the one list of
 * every instrumented object loaded in the process (libpython, the python
 * executable, extension modules), which they share through the exported
 * __gcov_master; a no-op when nothing loaded is instrumented.
 *   cc -shared -fPIC -O2 -o gcov_flush.so gcov_flush.c -ldl -lgcov */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errno.h>

extern void __gcov_dump(void);

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};

static void write_counters(void)
{
    int saved = errno;
    __gcov_dump();
    errno = saved;
}

static void on_fatal_signal(int sig)
{
    write_counters();
    signal(sig, SIG_DFL);
    /* A fault re-executes its instruction on return and dies of it now; a
     * raised signal (abort, kill) is raised again. */
    raise(sig);
}

__attribute__((constructor)) static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
        struct sigaction old;
        /* A handler the program inherited or set is kept. */
        if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            sigaction(fatal_signals[i], &sa, NULL);
    }
}

/* The next definition of NAME (libc's), found once. */
static void *next(void **cache, const char *name)
{
    if (!*cache)
        *cache = dlsym(RTLD_NEXT, name);
    return *cache;
}

void _exit(int status)
{
    static void *real;
    write_counters();
    ((void (*)(int))next(&real, "_exit"))(status);
    __builtin_unreachable();
}

void _Exit(int status)
{
    static void *real;
    write_counters();
    ((void (*)(int))next(&real, "_Exit"))(status);
    __builtin_unreachable();
}

void abort(void)
{
    static void *real;
    write_counters();
    ((void (*)(void))next(&real, "abort"))();
    __builtin_unreachable();
}
