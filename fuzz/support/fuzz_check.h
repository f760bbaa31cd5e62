/* fuzz_check.h: how a fuzz target states an invariant. A broken invariant
 * prints one line naming the API and the values, then aborts, so libFuzzer
 * (or the replay driver) saves the input as a reproducer. */
#ifndef CTS_FUZZ_CHECK_H
#define CTS_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#ifdef __FILE_NAME__
#define FUZZ_FILE __FILE_NAME__
#else
#define FUZZ_FILE __FILE__
#endif

#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz invariant broken at %s:%d: ", FUZZ_FILE, __LINE__);              \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
