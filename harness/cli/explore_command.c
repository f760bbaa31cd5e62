/* explore_command.c: see explore_command.h. The driver never starts Python,
 * so it can fork the clean processes the replays need. */
#include "compat.h"

#include "explore_command.h"

#include "boot.h"
#include "explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CTS_BUILD_PYTHON
#define CTS_BUILD_PYTHON "python3"
#endif

#define HANG_SECONDS 60

/* The names of text into s; 0, or -1 with a one-line error printed. */
static int parse_sequence(const char *text, explore_sequence *s)
{
    char name[64];
    s->n = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ", \t\n");
        if (len >= sizeof name) {
            fprintf(stderr, "pymem-cts: --explore: '%.*s' is no operation\n", (int)len, p);
            return -1;
        }
        if (len > 0) {
            snprintf(name, sizeof name, "%.*s", (int)len, p);
            int op = explore_op_by_name(name);
            if (op < 0 || s->n == EXPLORE_MAX_OPS) {
                fprintf(stderr,
                        "pymem-cts: --explore: %s (the operations: initialize, "
                        "tm_start, ... as runtime/explore/world.h names them)\n",
                        op < 0 ? "an unknown operation" : "more than 64 operations");
                return -1;
            }
            s->ops[s->n++] = op;
        }
        p += len + strspn(p + len, ", \t\n");
    }
    if (s->n == 0) {
        fputs("pymem-cts: --explore takes a sequence of operations, not an empty one\n", stderr);
        return -1;
    }
    return 0;
}

int cts_explore_command(const char *sequence)
{
    explore_sequence s;
    if (parse_sequence(sequence, &s) != 0)
        return 2;
    if (Py_IsInitialized()) {
        fputs("pymem-cts: --explore needs the embedding build (its replays start Python from "
              "scratch); this is the extension-module host, inside a running interpreter\n",
              stderr);
        return 2;
    }
    cts_use_build_home();
    explore_outcome o;
    explore_keep_known_faults();
    explore_replay(&s, HANG_SECONDS, &o);
    char seq[2048];
    if (o.failed < 0) {
        fprintf(stderr, "pymem-cts: --explore: %s\n", o.message);
        return 2;
    }
    if (!o.failed) {
        printf("ok: every promise held: %s\n", explore_describe(&s, seq, sizeof seq));
        return 0;
    }
    explore_minimize(&s, HANG_SECONDS);
    explore_replay(&s, HANG_SECONDS, &o);
    const char *mode = getenv("PYTHONMALLOC");
    fprintf(stderr, "FAIL: %s: %s\n", explore_describe(&s, seq, sizeof seq), o.message);
    explore_write_program(stdout, &s, CTS_BUILD_PYTHON "-config", mode ? mode : "", o.message);
    return 1;
}
