/* workload_sweep.c: see workload_sweep.h. One trial is one forked child of
 * the booted case process: it runs the workload with allocation N of one
 * domain failing (runtime/fault/fault_alloc.h, with an observer above it that
 * records the failed allocation's call stack), runs it again with nothing
 * failing, and finalizes. It tells the parent how each step went over a pipe,
 * which is also its stdout and stderr, so that a fatal error's message is
 * read too; a crash handler writes the signal and the crashing stack there
 * before the child dies of it. The parent waits for the child without a
 * wall-clock verdict: a child whose threads can no longer make progress
 * (core/watch/progress.h) is a deadlock; a long backstop catches a spin.
 * A broken trial is filed under its site, the kind of failure and the first
 * frames of the crashing stack (or, for what is not a crash, of the failed
 * allocation's caller), so that each distinct site is reported once, with
 * the first domain and N that reach it and how many trials do. A fatal
 * error CPython raises on purpose (tracemalloc's realloc hook; the exit of an
 * API that ends the process on failure by design, named by its workload) is
 * not a broken trial. */
#include "workload_sweep.h"

#include "fault_alloc.h"
#include "progress.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Every point up to EVERY, then about SPREAD more across the rest. */
#define EVERY 12
#define SPREAD 12
#define FRAMES 24     /* stack frames recorded */
#define SITE_FRAMES 3 /* frames that name a site */
#define BACKSTOP 60.0 /* seconds: a child that spins without end */
#define MAX_SITES 16
#define MAX_STUCK 3 /* trials of a domain that deadlock or hang before its sweep ends */

/* The child's side. */

static int report_fd = -1;
static volatile sig_atomic_t phase; /* 0: the failing run, 1: the rerun, 2: Py_FinalizeEx */
static void *fail_frames[FRAMES];
static volatile int fail_depth;

static void put_frames(const char *tag, void *const *frames, int n);

/* The observer above the fault layer: the same count, and the stack of the
 * allocation that fails. */
typedef struct observer {
    PyMemAllocatorEx wrapped;
    int domain;
    long fail_at, allocations;
} observer;

static void observe(observer *o)
{
    if (++o->allocations == o->fail_at) { /* written at once: the child may deadlock or exit */
        fail_depth = backtrace(fail_frames, FRAMES);
        put_frames("site", fail_frames, fail_depth);
    }
}

static void *observe_malloc(void *ctx, size_t size)
{
    observer *o = ctx;
    observe(o);
    return o->wrapped.malloc(o->wrapped.ctx, size);
}

static void *observe_calloc(void *ctx, size_t nelem, size_t elsize)
{
    observer *o = ctx;
    observe(o);
    return o->wrapped.calloc(o->wrapped.ctx, nelem, elsize);
}

static void *observe_realloc(void *ctx, void *ptr, size_t size)
{
    observer *o = ctx;
    observe(o);
    return o->wrapped.realloc(o->wrapped.ctx, ptr, size);
}

static void observe_free(void *ctx, void *ptr)
{
    observer *o = ctx;
    o->wrapped.free(o->wrapped.ctx, ptr);
}

static void put(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(report_fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w, n -= (size_t)w;
    }
}

/* "\n@@<tag> 0x.. 0x..\n", async-signal-safe. */
static void put_frames(const char *tag, void *const *frames, int n)
{
    char line[32 + FRAMES * 20];
    size_t k = 0;
    line[k++] = '\n', line[k++] = '@', line[k++] = '@';
    for (const char *t = tag; *t; t++)
        line[k++] = *t;
    for (int i = 0; i < n; i++) {
        uintptr_t a = (uintptr_t)frames[i];
        char hex[2 * sizeof a];
        int h = 0;
        do
            hex[h++] = "0123456789abcdef"[a & 15], a >>= 4;
        while (a);
        line[k++] = ' ', line[k++] = '0', line[k++] = 'x';
        while (h)
            line[k++] = hex[--h];
    }
    line[k++] = '\n';
    put(line, k);
}

static void on_crash(int sig)
{
    void *frames[FRAMES];
    char line[48];
    int n = snprintf(line, sizeof line, "\n@@crash %d %d\n", sig, (int)phase);
    put(line, (size_t)n);
    put_frames("bt", frames, backtrace(frames, FRAMES));
    signal(sig, SIG_DFL);
    raise(sig);
}

static PyObject *compiled(const workload *w)
{
    return Py_CompileString(w->source, "<workload>", Py_file_input);
}

/* Runs the workload once: 0, or -1 with *what the exception (type: text) or what it
 * reported instead; *exception 1 when one was set. */
static int run_workload(const workload *w, PyObject *code, observer *obs, fault_alloc *f,
                        char *what, size_t size, int *exception)
{
    const char *reported = NULL;
    PyObject *globals = code ? PyDict_New() : NULL;
    if (code &&
        (!globals || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0))
        return snprintf(what, size, "the namespace could not be made"), -1;
    if (obs) {
        fault_alloc_install(f, obs->domain, obs->fail_at);
        memset(&obs->wrapped, 0, sizeof obs->wrapped);
        PyMem_GetAllocator(obs->domain, &obs->wrapped);
        PyMemAllocatorEx mine = {obs, observe_malloc, observe_calloc, observe_realloc,
                                 observe_free};
        PyMem_SetAllocator(obs->domain, &mine);
    }
    int rc = 0;
    if (code) {
        PyObject *r = PyEval_EvalCode(code, globals, globals);
        rc = r ? 0 : -1;
        Py_XDECREF(r);
    } else
        rc = w->run(&reported);
    if (obs) {
        PyMem_SetAllocator(obs->domain, &obs->wrapped);
        fault_alloc_remove(f);
    }
    *exception = PyErr_Occurred() != NULL;
    what[0] = '\0';
    if (*exception) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *text = value ? PyObject_Str(value) : NULL;
        const char *s = text ? PyUnicode_AsUTF8(text) : NULL;
        snprintf(what, size, "%s: %.160s", ((PyTypeObject *)type)->tp_name, s ? s : "?");
        PyErr_Clear();
        Py_XDECREF(text);
        Py_XDECREF(type); /* statements: 3.6's Py_XDECREF is a do-while */
        Py_XDECREF(value);
        Py_XDECREF(tb);
    } else if (reported)
        snprintf(what, size, "%s", reported);
    if (globals) {
        PyDict_Clear(globals);
        Py_DECREF(globals);
    }
    return rc;
}

static void trial_child(const workload *w, int domain, long fail_at, int fd)
{
    char what[256], line[400];
    int exception, n;
    report_fd = fd;
    dup2(fd, 1), dup2(fd, 2);
    const int sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], on_crash);
    void *warm[2];
    backtrace(warm, 2); /* loads what backtrace() needs, before any allocation fails */
    PyObject *code = w->source ? compiled(w) : NULL;
    if (w->source && !code) {
        PyErr_Print();
        n = snprintf(line, sizeof line, "\n@@nocode\n");
        put(line, (size_t)n);
        _exit(3);
    }
    observer obs = {.domain = domain, .fail_at = fail_at};
    fault_alloc f;
    memset(&f, 0, sizeof f);
    phase = 0;
    int rc = run_workload(w, code, &obs, &f, what, sizeof what, &exception);
    n = snprintf(line, sizeof line, "\n@@ran %d %ld %d %d %s\n", f.fired, obs.allocations, rc,
                 exception, what);
    put(line, (size_t)n);
    phase = 1;
    rc = run_workload(w, code, NULL, NULL, what, sizeof what, &exception);
    n = snprintf(line, sizeof line, "\n@@rerun %d %d %s\n", rc, exception, what);
    put(line, (size_t)n);
    Py_XDECREF(code);
    phase = 2;
    rc = Py_FinalizeEx();
    n = snprintf(line, sizeof line, "\n@@fin %d\n", rc);
    put(line, (size_t)n);
    _exit(0);
}

/* The parent's side. */

typedef struct trial {
    int status, signal, crash_phase, deadlock, hung, exited;
    int ran, fired, failed, exception, rerun, rerun_failed, rerun_exception, fin, finalized;
    long allocations;
    char what[256], rerun_what[256], fatal[200];
    void *bt[FRAMES], *site[FRAMES];
    int bt_n, site_n;
} trial;

static int parse_frames(const char *s, void **frames)
{
    int n = 0;
    char *end;
    while (n < FRAMES) {
        unsigned long long a = strtoull(s, &end, 16);
        if (end == s)
            break;
        frames[n++] = (void *)(uintptr_t)a, s = end;
    }
    return n;
}

static void parse_line(trial *t, const char *line)
{
    int k = 0;
    if (strncmp(line, "Fatal Python error: ", 20) == 0 && !t->fatal[0])
        snprintf(t->fatal, sizeof t->fatal, "%.190s", line);
    if (strncmp(line, "@@", 2) != 0)
        return;
    line += 2;
    if (sscanf(line, "crash %d %d", &t->signal, &t->crash_phase) == 2)
        return;
    if (strncmp(line, "bt ", 3) == 0)
        t->bt_n = parse_frames(line + 3, t->bt);
    else if (strncmp(line, "site ", 5) == 0)
        t->site_n = parse_frames(line + 5, t->site);
    else if (sscanf(line, "ran %d %ld %d %d %n", &t->fired, &t->allocations, &t->failed,
                    &t->exception, &k) >= 4) {
        t->ran = 1, t->failed = t->failed != 0;
        snprintf(t->what, sizeof t->what, "%s", k ? line + k : "");
    } else if (sscanf(line, "rerun %d %d %n", &t->rerun_failed, &t->rerun_exception, &k) >= 2) {
        t->rerun = 1, t->rerun_failed = t->rerun_failed != 0;
        snprintf(t->rerun_what, sizeof t->rerun_what, "%s", k ? line + k : "");
    } else if (sscanf(line, "fin %d", &t->fin) == 1)
        t->finalized = 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the child's lines until it closes the pipe, or until it can make no
 * progress for half a second (deadlock), or the backstop passes (hung). */
static void read_child(int fd, pid_t pid, trial *t)
{
    char buf[4096], line[1024];
    size_t used = 0;
    int blocked = 0;
    unsigned long long cpu = 0;
    double start = now();
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 10);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            double left = BACKSTOP - (now() - start);
            blocked = cts_blocked_reason(pid, left, BACKSTOP, &cpu) ? blocked + 1 : 0;
            if (blocked >= 50) {
                t->deadlock = 1;
                return;
            }
            if (left < 0) {
                t->hung = 1;
                return;
            }
            continue;
        }
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        for (const char *p = buf, *end = buf + n; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t take = (size_t)((nl ? nl : end) - p);
            take = take < sizeof line - 1 - used ? take : sizeof line - 1 - used;
            memcpy(line + used, p, take), used += take;
            p = nl ? nl + 1 : end;
            if (nl) { /* a whole line: the text beyond the buffer is dropped */
                line[used] = '\0', used = 0;
                parse_line(t, line);
            }
        }
    }
}

static void run_trial(const workload *w, int domain, long fail_at, trial *t)
{
    int fds[2];
    memset(t, 0, sizeof *t);
    CTS_PIPE(fds);
    fflush(NULL);
#if PY_VERSION_HEX >= 0x03070000
    PyOS_BeforeFork();
#endif
    pid_t pid = CTS_FORK();
    if (pid == 0) {
#if PY_VERSION_HEX >= 0x03070000
        PyOS_AfterFork_Child();
#else
        PyOS_AfterFork();
#endif
        close(fds[0]);
        trial_child(w, domain, fail_at, fds[1]);
    }
#if PY_VERSION_HEX >= 0x03070000
    PyOS_AfterFork_Parent();
#endif
    close(fds[1]);
    read_child(fds[0], pid, t);
    close(fds[0]);
    if (t->deadlock || t->hung)
        kill(pid, SIGKILL);
    waitpid(pid, &t->status, 0);
    if (!t->deadlock && !t->hung && WIFSIGNALED(t->status) && !t->signal)
        t->signal = WTERMSIG(t->status), t->crash_phase = t->rerun ? 2 : t->ran ? 1 : 0;
    t->exited = WIFEXITED(t->status) ? WEXITSTATUS(t->status) : -1;
}

static const char *const phases[] = {"the failing run", "the rerun with nothing failing",
                                     "Py_FinalizeEx()"};

/* tracemalloc's realloc hook ends the process on purpose when it cannot
 * record the trace of a block the allocator below already resized
 * (tracemalloc_realloc(), Python/tracemalloc.c, every version: "The error
 * cannot be reported to the caller, because realloc() may already have
 * shrunk the memory block and so removed bytes." then
 * Py_FatalError("tracemalloc_realloc() failed to allocate a trace")). */
static int tracemalloc_realloc_fatal(const trial *t)
{
    return t->signal == SIGABRT &&
           strstr(t->fatal, "tracemalloc_realloc() failed to allocate a trace");
}

/* A fatal error the API ends the process with by design: not a broken trial. */
static int fatal_by_design(const workload *w, const trial *t)
{
    int status_exit = !t->signal && !t->deadlock && !t->hung && !t->ran && t->exited == 1;
    return tracemalloc_realloc_fatal(t) || (w->exits_by_design && status_exit && t->fatal[0]);
}

/* What broke in a trial, or NULL: the kind, which also names the site. */
static const char *broken(const workload *w, const trial *t, char *buf, size_t size)
{
    if (fatal_by_design(w, t))
        return NULL;
    if (t->deadlock || t->hung)
        snprintf(buf, size, "%s in %s", t->deadlock ? "deadlock (no thread can go on)" : "hang",
                 phases[t->rerun ? 2
                        : t->ran ? 1
                                 : 0]);
    else if (t->signal)
        snprintf(buf, size, "%s in %s%s%s", strsignal(t->signal), phases[t->crash_phase % 3],
                 t->fatal[0] ? ": " : "", t->fatal);
    else if (!t->ran)
        snprintf(buf, size, "the child exited with status %d before the workload ended%s%s",
                 t->exited, t->fatal[0] ? ": " : "", t->fatal);
    else if (t->failed && !t->exception && !t->what[0])
        snprintf(buf, size, "failed with no exception set");
    else if (!t->failed && t->exception)
        snprintf(buf, size, "completed with an exception set (%s)", t->what);
    else if (t->exception && strncmp(t->what, "SystemError", 11) == 0)
        snprintf(buf, size, "a C function broke the error convention (%s)", t->what);
    else if (!t->rerun)
        snprintf(buf, size, "the child exited with status %d after the failing run", t->exited);
    else if (t->rerun_failed)
        snprintf(buf, size, "the rerun with nothing failing failed (%s)", t->rerun_what);
    else if (!t->finalized)
        snprintf(buf, size, "the child exited with status %d in Py_FinalizeEx()", t->exited);
    else if (t->fin != 0)
        snprintf(buf, size, "Py_FinalizeEx() returned %d", t->fin);
    else
        return NULL;
    return buf;
}

/* A frame as module+offset: the same call site in every trial. */
static void frame_key(void *addr, char *key, size_t ksize)
{
    Dl_info info;
    if (!dladdr(addr, &info) || !info.dli_fname) {
        snprintf(key, ksize, "%p", addr);
        return;
    }
    const char *base = strrchr(info.dli_fname, '/');
    unsigned long off = (unsigned long)((uintptr_t)addr - (uintptr_t)info.dli_fbase);
    snprintf(key, ksize, "%s+0x%lx", base ? base + 1 : info.dli_fname, off);
}

/* The frame's function, from addr2line (for a distinct site only: it is
 * slow), else from the dynamic symbols; "?" when neither knows it. */
static void frame_function(void *addr, char *fn, size_t fsize)
{
    Dl_info info;
    snprintf(fn, fsize, "?");
    if (!dladdr(addr, &info) || !info.dli_fname)
        return;
    unsigned long off = (unsigned long)((uintptr_t)addr - (uintptr_t)info.dli_fbase);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "addr2line -f -e '%s' 0x%lx 2>/dev/null", info.dli_fname,
             off ? off - 1 : 0);
    FILE *p = popen(cmd, "r");
    if (p) {
        if (fgets(fn, (int)fsize, p))
            fn[strcspn(fn, "\n")] = '\0';
        pclose(p);
    }
    if ((!fn[0] || strcmp(fn, "??") == 0))
        snprintf(fn, fsize, "%s", info.dli_sname ? info.dli_sname : "?");
}

/* Frames of the suite, the C library and the allocator entry points are
 * not the site. */
static int skipped(void *addr)
{
    static const char *const entry[] = {"PyMem_",           "_PyMem_",          "PyObject_Malloc",
                                        "PyObject_Calloc",  "PyObject_Realloc", "_PyObject_Malloc",
                                        "_PyObject_Calloc", "_PyObject_Realloc"};
    Dl_info mine, info;
    if (!dladdr(addr, &info) || !info.dli_fname)
        return 0;
    if (dladdr((void *)on_crash, &mine) && info.dli_fbase == mine.dli_fbase)
        return 1;
    if (strstr(info.dli_fname, "/libc.") || strstr(info.dli_fname, "/libc-"))
        return 1;
    uintptr_t off = (uintptr_t)addr - (uintptr_t)info.dli_saddr;
    for (size_t i = 0; info.dli_sname && off < 4096 && i < sizeof entry / sizeof *entry; i++)
        if (strncmp(info.dli_sname, entry[i], strlen(entry[i])) == 0)
            return 1;
    return 0;
}

/* The site's key (kind and frames) and its frames. */
static int site_of(const trial *t, const char *kind, char *key, size_t ksize, void **site)
{
    /* a crash in the failing run is where it crashed; one after it (the
     * rerun, Py_FinalizeEx) is corruption left behind, filed under the
     * failed allocation's caller, where it was left */
    int at_crash = t->signal && t->crash_phase == 0;
    void *const *frames = at_crash ? t->bt : t->site;
    int n = at_crash ? t->bt_n : t->site_n, used = 0;
    /* the kind of failure, a fatal error's message, and the innermost frame */
    size_t k = (size_t)snprintf(key, ksize, "%.40s|%.120s|", kind, t->fatal);
    for (int i = 0; i < n && used < SITE_FRAMES; i++) {
        char fkey[160];
        if (skipped(frames[i]))
            continue;
        frame_key(frames[i], fkey, sizeof fkey);
        site[used++] = frames[i];
        if (used == 1 && !t->fatal[0] && k < ksize) /* a fatal error is its own site */
            k += (size_t)snprintf(key + k, ksize - k, "%s", fkey);
    }
    return used;
}

/* The site's frames in words. */
static void site_words(void *const *frames, int n, int crash, char *where, size_t wsize)
{
    size_t w = 0;
    where[0] = '\0';
    for (int i = 0; i < n && w < wsize; i++) {
        char fkey[160], fn[160];
        frame_key(frames[i], fkey, sizeof fkey);
        frame_function(frames[i], fn, sizeof fn);
        w += (size_t)snprintf(where + w, wsize - w, "%s%s (%s)", i ? " <- " : "", fn, fkey);
    }
    if (!n)
        snprintf(where, wsize, "%s", crash ? "no stack" : "no failed allocation recorded");
}

typedef struct site {
    char key[400], kind[300];
    void *frames[SITE_FRAMES];
    int nframes, crash;
    const char *domain;
    long fail_at, trials, domain_total;
} site;

/* The command of docs/repro/fail_nth_in_workload.c that replays the site's
 * domain outside the suite. With -S it starts Python with the suite's
 * settings, but in a process of its own, so its N is near the suite's, not
 * always the same: it is given every allocation of the domain, and half as
 * many again. */
static const char *standalone_command(const workload *w, const site *s, char *buf, size_t size)
{
    const char *upper = strrchr(s->domain, '_'); /* PYMEM_DOMAIN_RAW: raw */
    char domain[4] = "";
    for (int i = 0; upper && i < 3; i++)
        domain[i] = (char)tolower((unsigned char)upper[i + 1]);
    snprintf(buf, size, "fail_wl -S %s %s:1-%ld (docs/repro/fail_nth_in_workload.c)",
             w->file ? w->file : w->name, domain, s->domain_total + s->domain_total / 2 + 1);
    return buf;
}

static long every_from_env(void)
{
    const char *e = getenv("PYMEM_CTS_WORKLOAD_EVERY");
    long k = e ? strtol(e, NULL, 10) : 0;
    return k > 0 ? k : 0;
}

void workload_sweep(cts_ctx *cts)
{
    const workload *w = cts_param(cts);
    static site sites[MAX_SITES];
    int nsites = 0;
    long broken_trials = 0, trials = 0, points = 0, every = every_from_env();
    char kind[300], key[400], where[600], stopped[300] = "";
    trial t;
    for (int d = 0; d < 3; d++) {
        int domain = cts_families[d].domain;
        const char *dname = fault_domain_name(domain);
        run_trial(w, domain, 0, &t);
        CTS_REQUIRE(!broken(w, &t, kind, sizeof kind) && !t.failed,
                    "workload %s with no allocation failing: %s%s", w->name,
                    broken(w, &t, kind, sizeof kind) ? kind : "failed: ", t.failed ? t.what : "");
        long total = t.allocations;
        int stuck = 0;
        long stride = every ? every : total > EVERY ? (total - EVERY) / SPREAD + 1 : 1;
        for (long n = 1; n <= total; n += every ? every : n < EVERY ? 1 : stride) {
            run_trial(w, domain, n, &t);
            trials++;
            if (t.ran && !t.fired)
                break; /* fewer allocations than n this time: every point is done */
            points++;
            if (!broken(w, &t, kind, sizeof kind))
                continue;
            if ((t.deadlock || t.hung) && ++stuck == MAX_STUCK) {
                snprintf(stopped + strlen(stopped), sizeof stopped - strlen(stopped),
                         "%s%s after %d stuck trials at allocation %ld of %ld",
                         stopped[0] ? "; " : "", dname, MAX_STUCK, n, total);
                n = total; /* ends the loop once this trial is filed */
            }
            broken_trials++;
            void *frames[SITE_FRAMES];
            int nframes = site_of(&t, kind, key, sizeof key, frames);
            int s = 0;
            while (s < nsites && strcmp(sites[s].key, key) != 0)
                s++;
            if (s == nsites && nsites < MAX_SITES) {
                nsites++;
                snprintf(sites[s].key, sizeof sites[s].key, "%s", key);
                snprintf(sites[s].kind, sizeof sites[s].kind, "%s", kind);
                memcpy(sites[s].frames, frames, sizeof frames);
                sites[s].nframes = nframes, sites[s].crash = t.signal && t.crash_phase == 0;
                sites[s].domain = dname, sites[s].fail_at = n, sites[s].trials = 0;
                sites[s].domain_total = total;
            }
            if (s < nsites)
                sites[s].trials++;
        }
    }
    for (int s = 0; s < nsites; s++) {
        char command[300];
        site_words(sites[s].frames, sites[s].nframes, sites[s].crash, where, sizeof where);
        CTS_EXPECT(0,
                   "workload %s, site %d of %d: %s, first with allocation %ld of %s failing (%ld "
                   "trial%s); %s %s; outside the suite: %s",
                   w->name, s + 1, nsites, sites[s].kind, sites[s].fail_at, sites[s].domain,
                   sites[s].trials, sites[s].trials == 1 ? "" : "s",
                   sites[s].crash ? "crashed at" : "the failed allocation's caller:", where,
                   standalone_command(w, &sites[s], command, sizeof command));
    }
    CTS_EXPECT(!stopped[0],
               "(sweeps ended early, each trial costing a deadlock "
               "wait: %s)",
               stopped);
    CTS_EXPECT(broken_trials == 0 || nsites > 0, "%ld broken trials in more sites than %d",
               broken_trials, MAX_SITES);
    if (points == 0)
        CTS_UNSUPPORTED("workload %s makes no allocation on any domain: nothing to fail", w->name);
    (void)trials;
}
