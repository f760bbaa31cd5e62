/* fork_child_debug_hooks.c: a child forked with the documented protocol
 * (PyOS_BeforeFork, fork, PyOS_AfterFork_Child) must be able to run Python
 * and finalise. On 3.8 under the debug hooks (PYTHONMALLOC=debug) the
 * child's Py_FinalizeEx() dumps a block with a bad header and dies (SIGBUS
 * or SIGSEGV); 3.7 and 3.9+ exit 0. Known upstream: bpo-42540 (gh-86706),
 * fixed in 3.9 and 3.10 (PRs gh-29564, gh-29599, gh-29600), never in 3.8.
 * 3.7+ (3.6 has no PyOS_BeforeFork).
 * Build and run (3.7: drop --embed):
 *   cc fork_child_debug_hooks.c -o forkdbg $(python3.8-config --cflags --ldflags --embed)
 *   PYTHONMALLOC=debug ./forkdbg   # "child exited 0", or "child died of signal N" (exit 1)
 * Exit 2: the debug hooks are not installed (no PYTHONMALLOC=debug). */
#include <Python.h>

#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

/* The debug hooks' layout: p[-S] is the API id ('r' for RAW), p[-S+1:0]
 * are forbidden bytes (0xFD; 0xFB before 3.8). */
static int debug_hooks_installed(void)
{
    unsigned char *p = PyMem_RawMalloc(8);
    const ptrdiff_t s = (ptrdiff_t)sizeof(size_t);
    int on = p && p[-s] == 'r' && (p[-1] == 0xFD || p[-1] == 0xFB);
    PyMem_RawFree(p);
    return on;
}

int main(void)
{
    Py_Initialize();
    if (!debug_hooks_installed()) {
        printf("set-up: the debug hooks are not installed: run with PYTHONMALLOC=debug\n");
        return 2;
    }
    fflush(NULL);
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
        PyOS_AfterFork_Child();
        PyRun_SimpleString("x = [bytes(i % 600) for i in range(5000)]; del x");
        _exit(Py_FinalizeEx() == 0 ? 0 : 4);
    }
    PyOS_AfterFork_Parent();
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("child died of signal %d\n", WTERMSIG(status));
    else
        printf("child exited %d\n", WEXITSTATUS(status));
    Py_FinalizeEx();
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
