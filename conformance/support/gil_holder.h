/* gil_holder.h: runs a function in a new thread that has no Python thread
 * state while the calling thread keeps the GIL and waits for it: the
 * arrangement of an embedder whose GIL-holding thread waits for a worker.
 * A call that needs the GIL cannot finish then; one that does not, must. */
#ifndef CTS_GIL_HOLDER_H
#define CTS_GIL_HOLDER_H

/* Runs fn(arg) in a new thread and waits, holding the GIL, until it
 * returns or is blocked (asleep in futex() at 20 looks a millisecond apart,
 * or asleep at 100 in a row), or has used ms milliseconds of CPU time
 * without returning; then lets the GIL go until the thread ends. A state,
 * not a time: the wait takes as long as the machine needs to get there.
 * Returns 1 if fn returned first, 0 if not; a thread that cannot be
 * started ends the case as ERROR (CTS_THREAD). */
int gil_holder_waits_for(void *(*fn)(void *), void *arg, int ms);

/* A thread body: PyMem_RawMalloc(64) and PyMem_RawFree(); sets *(int *)ok
 * to whether the allocation succeeded. */
void *gil_holder_raw_malloc(void *ok);

#endif
