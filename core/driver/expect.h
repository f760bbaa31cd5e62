/* expect.h: expectations files, which name the cases known to fail on some
 * builds and why. A matching failure becomes XFAIL; a matching pass XPASS. */
#ifndef CTS_EXPECT_H
#define CTS_EXPECT_H

#include "caps.h"
#include "result.h"

#include <stddef.h>

typedef struct cts_expectation {
    char *source;     /* "file.json entry N", for messages */
    char *pattern;    /* glob over case ids */
    unsigned results; /* bit (1 << cts_result) for each expected result */
    char *reason;
    char *implementation; /* NULL: any */
    char **versions;      /* version rules ("3.13", ">=3.13.2 <3.14"); NULL: any */
    char **allocators;    /* allocator names; NULL: any */
    int debug_build;      /* -1: any */
    int free_threaded;    /* -1: any */
    char **measured;      /* the builds it was measured on; NULL: not said */
} cts_expectation;

typedef struct cts_expectations {
    cts_expectation *items;
    size_t count;
} cts_expectations;

/* Loads one file; on error returns -1 with a one-line message in err. */
int cts_expectations_load(cts_expectations *set, const char *path, char *err, size_t size);
/* Loads every *.json file in dir, sorted. A dir that is missing, cannot
 * be read or holds no *.json file is an error: it is the default one, and
 * a moved checkout or a copied build must not lose its waivers silently. */
int cts_expectations_load_dir(cts_expectations *set, const char *dir, char *err, size_t size);
void cts_expectations_free(cts_expectations *set);

/* Turns rec into XFAIL or XPASS when an entry matches it. */
void cts_expectations_apply(const cts_expectations *set, const cts_caps *caps, cts_record *rec);

#endif
