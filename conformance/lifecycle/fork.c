/* fork.c: a process that fork()s keeps a working memory API in
 * the child, under every allocator mode (the run's): the child allocates in
 * the three families, runs Python code, and finalises with exit status 0,
 * also when the parent was tracing, and when the parent's main interpreter
 * forks while a sub-interpreter of it is alive (the child's
 * PyOS_AfterFork_Child() deletes the other interpreters). A child that hangs (no thread of it can
 * make progress, or it spins for 5 s of CPU) is killed.
 * Source: Doc/c-api/sys.rst, PyOS_BeforeFork / PyOS_AfterFork_Child
 * (PyOS_AfterFork before 3.7). */
#include "cts.h"
#include "progress.h"
#include "tracemalloc_support.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char fork_rule[] =
    "PyOS_AfterFork_Child: Function to update some internal state after a process fork. This "
    "function should be called from the child process after calling fork() ... (and Python, "
    "its allocators among it, then works in the child)";

/* What the child does: 0 when every call worked. */
static int child_workout(int tracing)
{
    int bad = 0;
    /* The free-threaded build "requires that only Python objects are
     * allocated using the 'object' domain": there RAW and MEM only. */
    const int families = CTS_FREE_THREADED ? 2 : 3;
    for (int i = 0; i < families; i++) {
        const cts_family *f = &cts_families[i];
        for (size_t n = 1; n < 5000; n = n * 3 + 1) {
            unsigned char *p = f->malloc(n);
            bad += p == NULL;
            if (p) {
                memset(p, 0x5A, n);
                unsigned char *q = f->realloc(p, n * 2);
                bad += q == NULL || q[n - 1] != 0x5A;
                f->free(q ? q : p);
            }
        }
    }
    bad += PyRun_SimpleString("x = [bytes(i % 600) for i in range(5000)]; del x") != 0;
    if (tracing) {
        bad += PyTraceMalloc_Track(77, (uintptr_t)0x40000, 32) != 0;
        bad += PyTraceMalloc_Untrack(77, (uintptr_t)0x40000) != 0;
        bad += tm_stop() != 0;
    }
    return bad;
}

static pid_t fork_python(void)
{
#if PY_VERSION_HEX >= 0x03070000
    PyOS_BeforeFork();
    pid_t pid = CTS_FORK();
    if (pid == 0)
        PyOS_AfterFork_Child();
    else
        PyOS_AfterFork_Parent();
#else
    pid_t pid = CTS_FORK();
    if (pid == 0)
        PyOS_AfterFork();
#endif
    return pid;
}

/* Waits until the child exits, or hangs: at 100 looks in a row no thread
 * of it could make progress (each waits on a futex) and it used under 1 ms
 * of CPU, or it used 5 s of CPU (its workout takes milliseconds). States,
 * not a time: a busy machine slows the child, it does not hang it. Returns
 * the status, or -1 after killing a hung child. */
static int wait_child(pid_t pid)
{
    int status, still = 0;
    unsigned long long cpu = 0, before = 0;
    while (waitpid(pid, &status, WNOHANG) != pid) {
        int blocked = cts_blocked_reason(pid, 1e9, 1e9, &cpu) != NULL;
        still = blocked && (still == 0 || cpu - before < 1000000ull) ? still + 1 : 0;
        before = still == 1 ? cpu : before;
        if (still >= 100 || cpu > 5000000000ull) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        usleep(1000);
    }
    return status;
}

/* A sub-interpreter made from the main interpreter and left alive, the
 * main interpreter's thread state current again; NULL when it could not be
 * made. */
static PyThreadState *new_idle_subinterpreter(void)
{
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    PyThreadState_Swap(main_ts);
    return sub;
}

static void end_subinterpreter(PyThreadState *sub)
{
    PyThreadState *main_ts = PyThreadState_Swap(sub);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
}

static void check_fork(cts_ctx *cts, int tracing)
{
    if (tracing)
        CTS_REQUIRE(tm_start() == 0, "tracemalloc.start() failed");
    fflush(NULL);
    pid_t pid = fork_python();
    if (pid == 0) {
        int bad = child_workout(tracing);
        int fin = Py_FinalizeEx();
        _exit(bad ? 3 : fin != 0 ? 4 : 0);
    }
    int status = wait_child(pid);
    CTS_EXPECT(status != -1, "the forked child hung: no thread of it could make progress, or it "
                             "used 5 s of CPU (killed)");
    if (status == -1)
        return;
    CTS_EXPECT(!WIFSIGNALED(status), "the forked child died of signal %d", WTERMSIG(status));
    CTS_EXPECT(!WIFEXITED(status) || WEXITSTATUS(status) == 0,
               "the forked child exited with status %d (3: an allocation or Python call failed, "
               "4: Py_FinalizeEx() failed)",
               WEXITSTATUS(status));
}

#define FORK_SOURCE                                                                                \
    {                                                                                              \
        .quote = "This must be called from the child process after calling fork(), or any "        \
                 "similar function that clones the current process, if there is any chance the "   \
                 "process will call back into the Python interpreter.",                            \
        .page = "c-api/sys.html#c.PyOS_AfterFork_Child", .python = "3.15"                          \
    }

CTS_CASE(child_allocates_and_finalizes, .id = "lifecycle.fork.child_allocates_and_finalizes",
         .doc = fork_rule, .source = FORK_SOURCE, .timeout = 10)
{
    check_fork(cts, 0);
}

CTS_CASE(child_of_tracing_parent, .id = "lifecycle.fork.child_of_tracing_parent", .doc = fork_rule,
         .source = FORK_SOURCE, .needs = CTS_NEED_TRACEMALLOC, .timeout = 10)
{
    check_fork(cts, 1);
}

/* Found by the lifecycle explorer (initialize, new_interpreter,
 * switch_to_main, fork): nothing in the docs of PyOS_AfterFork_Child() or
 * of sub-interpreters excludes a fork from the main interpreter while a
 * sub-interpreter is alive. */
CTS_CASE(child_of_parent_with_subinterpreter,
         .id = "lifecycle.fork.child_of_parent_with_subinterpreter", .doc = fork_rule,
         .source = FORK_SOURCE, .timeout = 10)
{
    PyThreadState *sub = new_idle_subinterpreter();
    CTS_REQUIRE(sub != NULL, "Py_NewInterpreter() returned NULL");
    check_fork(cts, 0);
    end_subinterpreter(sub);
}
