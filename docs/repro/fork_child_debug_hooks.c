/* fork_child_debug_hooks.c: a child forked with the documented protocol
 * (PyOS_BeforeFork, fork, PyOS_AfterFork_Child) must be able to run Python
 * and finalise. On 3.8 under the debug hooks (PYTHONMALLOC=debug) the
 * child's Py_FinalizeEx() dumps a block with a bad header and dies (SIGBUS
 * or SIGSEGV); 3.7 and 3.9+ exit 0.
 *   cc fork_child_debug_hooks.c $(python3.8-config --cflags --ldflags --embed) -o forkdbg
 *   PYTHONMALLOC=debug ./forkdbg   # "child exited 0", or "child died of signal N" (exit 1) */
#include <Python.h>

#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    Py_Initialize();
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
