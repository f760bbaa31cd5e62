/* gil_holder.h: runs a function in a new thread that has no Python thread
 * state while the calling thread keeps the GIL and waits for it: the
 * arrangement of an embedder whose GIL-holding thread waits for a worker.
 * A call that needs the GIL cannot finish then; one that does not, must. */
#ifndef CTS_GIL_HOLDER_H
#define CTS_GIL_HOLDER_H

/* Runs fn(arg) in a new thread and waits up to ms milliseconds, holding the
 * GIL, for it to return (or until it is blocked: 100 looks a millisecond
 * apart find it asleep, or using and waiting for almost no CPU); then lets
 * the GIL go until the thread ends.
 * Returns 1 if fn returned within ms, 0 if not; a thread that cannot be
 * started ends the case as ERROR (CTS_THREAD). */
int gil_holder_waits_for(void *(*fn)(void *), void *arg, int ms);

/* A thread body: PyMem_RawMalloc(64) and PyMem_RawFree(); sets *(int *)ok
 * to whether the allocation succeeded. */
void *gil_holder_raw_malloc(void *ok);

#endif
