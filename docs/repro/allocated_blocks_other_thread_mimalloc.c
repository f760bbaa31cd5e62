/* allocated_blocks_other_thread_mimalloc.c: under PYTHONMALLOC=mimalloc on a
 * build with the GIL, sys.getallocatedblocks() leaves out the blocks that
 * another thread of the interpreter allocated: 1000 PyObject_Malloc blocks
 * made in a thread with a thread state of its own, still live after it
 * ended, do not raise it at all. The docs: "Return the number of memory
 * blocks currently allocated by the interpreter, regardless of their size."
 * CPython counts only the calling thread's mimalloc heap there
 * (Objects/obmalloc.c, get_mimalloc_allocated_blocks: "TODO(sgross): this
 * only counts the current thread's blocks"); pymalloc counts them all, and
 * so does the free-threaded build. 3.13+.
 * Build and run:
 *   cc allocated_blocks_other_thread_mimalloc.c -o otherblocks $(python3.13-config --cflags --ldflags --embed) -lpthread
 *   PYTHONMALLOC=mimalloc ./otherblocks   # "... raised it by 0" (exit 1)
 *   PYTHONMALLOC=pymalloc ./otherblocks   # "... raised it by 1000" or more (exit 0)
 * Exit 2: PYTHONMALLOC is not set, or a block or the thread could not be made. */
#include <Python.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 1000 };
static void *blocks[N];
static int failed;

static Py_ssize_t allocated_blocks(void)
{
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *r = sys ? PyObject_CallMethod(sys, "getallocatedblocks", NULL) : NULL;
    Py_ssize_t n = r ? PyLong_AsSsize_t(r) : -1;
    Py_XDECREF(r);
    Py_XDECREF(sys);
    return n;
}

static void *allocate(void *arg)
{
    (void)arg;
    PyGILState_STATE g = PyGILState_Ensure();
    for (int i = 0; i < N; i++)
        failed += (blocks[i] = PyObject_Malloc(24)) == NULL;
    PyGILState_Release(g);
    return NULL;
}

int main(void)
{
    const char *mode = getenv("PYTHONMALLOC");
    pthread_t t;
    int started;
    if (mode == NULL || mode[0] == '\0') {
        puts("set-up: say which allocator to measure: PYTHONMALLOC=mimalloc or pymalloc");
        return 2;
    }
    Py_Initialize();
    Py_ssize_t before = allocated_blocks();
    Py_BEGIN_ALLOW_THREADS
    started = pthread_create(&t, NULL, allocate, NULL) == 0 && pthread_join(t, NULL) == 0;
    Py_END_ALLOW_THREADS
    Py_ssize_t after = allocated_blocks();
    if (!started || failed || before < 0 || after < 0) {
        printf("set-up: the thread or its blocks could not be made\n");
        return 2;
    }
    printf("PYTHONMALLOC=%s: %d live blocks an ended thread allocated raised "
           "sys.getallocatedblocks() by %zd\n",
           mode, N, after - before);
    for (int i = 0; i < N; i++)
        PyObject_Free(blocks[i]);
    Py_FinalizeEx();
    return after - before >= N ? 0 : 1;
}
