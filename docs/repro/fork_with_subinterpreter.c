/* fork_with_subinterpreter.c: the main interpreter makes a sub-interpreter,
 * makes itself current again and forks with the documented protocol
 * (PyOS_BeforeFork, fork, PyOS_AfterFork_Child). The child must be able to
 * call back into Python. PyOS_AfterFork_Child() deletes every interpreter
 * but the main one, and there it breaks: 3.8 to 3.12 deadlock (the child
 * waits for the runtime's HEAD lock that _PyInterpreterState_DeleteExceptMain()
 * itself holds, in interpreter_clear()), 3.13 aborts ("PyThreadState_Get:
 * the function must be called with the GIL held"), 3.14 and 3.15 die of
 * SIGSEGV. 3.6 and 3.7 exit 0. Known upstream: gh-84139 (bpo-39958) and
 * gh-101437.
 * Build and run (3.6, 3.7: drop --embed):
 *   cc fork_with_subinterpreter.c -o forksub $(python3-config --cflags --ldflags --embed)
 *   ./forksub   # "child exited 0" (exit 0), or "child died of signal N" (exit 1)
 * A deadlocked child is ended by SIGALRM after 30 s (signal 14). */
#include <Python.h>

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (!sub) {
        fprintf(stderr, "Py_NewInterpreter() returned NULL\n");
        return 2;
    }
    PyThreadState_Swap(main_ts);
    fflush(NULL);
#if PY_VERSION_HEX >= 0x03070000
    PyOS_BeforeFork();
#endif
    pid_t pid = fork();
    if (pid == 0) {
        alarm(30);
#if PY_VERSION_HEX >= 0x03070000
        PyOS_AfterFork_Child();
#else
        PyOS_AfterFork();
#endif
        int rc = PyRun_SimpleString("x = [str(i) for i in range(1000)]");
        _exit(rc == 0 && Py_FinalizeEx() == 0 ? 0 : 3);
    }
#if PY_VERSION_HEX >= 0x03070000
    PyOS_AfterFork_Parent();
#endif
    int status = 0;
    waitpid(pid, &status, 0);
    PyThreadState_Swap(sub);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    Py_FinalizeEx();
    if (WIFSIGNALED(status)) {
        printf("child died of signal %d\n", WTERMSIG(status));
        return 1;
    }
    printf("child exited %d\n", WEXITSTATUS(status));
    return WEXITSTATUS(status) != 0;
}
