/* explore.c: the lifecycle explorer, bounded: every sequence of the
 * operations of runtime/explore/world.h up to a length, from before
 * Py_Initialize() and from a running interpreter, each operation only where
 * the documentation allows it, and every documented promise world.h models
 * checked after every step and after the teardown that ends each sequence
 * (sub-interpreters ended, blocks freed, Py_FinalizeEx(), allocators given
 * back). Nobody wrote these sequences down: they are generated. A failure
 * is replayed alone and shortened while it still fails; `pymem-cts --explore
 * SEQUENCE` writes it out as a standalone C program that reproduces it
 * without the suite. The running walks are split by their first operation, so that
 * --jobs runs them side by side. PYMEM_CTS_EXPLORE_DEPTH=N walks deeper. */
#include "cts.h"
#include "explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HANG_SECONDS 60

static const char walk_rule[] =
    "every sequence of documented operations (initialization and finalization, sub-interpreters, "
    "tracemalloc, wrapping allocators, the arena allocator, the debug hooks, fork, threads, "
    "blocks of every family held across them) keeps every promise runtime/explore/world.h models, "
    "after every step and after its teardown";

#define WALK_SOURCE                                                                                \
    {                                                                                              \
        .impl = "runtime/explore/world.h",                                                         \
        .note = "a composite of the documented rules world.h names (c-api/memory.html, "           \
                "c-api/init.html, library/tracemalloc.html), checked on generated sequences",      \
    }

typedef struct walk_report {
    cts_ctx *cts;
    int found;
} walk_report;

/* Faults a case of its own reports, with its expectation where a build has
 * it: the walk names that case instead of reporting the fault twice. */
static const struct known_fault {
    const char *failure; /* a part of the walk's message */
    const char *case_id;
} known_faults[] = {
    {"a thread without a thread state allocating RAW blocked",
     "tracemalloc.threads.raw_while_gil_holder_waits"},
    {"the arena allocator was asked to free NULL", "arena.cycles.own_obmalloc_subinterpreters"},
    {NULL, NULL},
};

static const char *reported_by(const char *message)
{
    for (const struct known_fault *k = known_faults; k->failure; k++)
        if (strstr(message, k->failure))
            return k->case_id;
    return NULL;
}

static int known(void *arg, const char *message)
{
    (void)arg;
    return reported_by(message) != NULL;
}

static void found(void *arg, const explore_sequence *s, const char *message)
{
    walk_report *r = arg;
    char seq[1024];
    const char *known = reported_by(message);
    if (known) {
        printf("known: the sequence %s: %s (the case %s reports it)\n",
               explore_describe(s, seq, sizeof seq), message, known);
        return;
    }
    r->found++;
    cts_ctx *cts = r->cts;
    explore_describe(s, seq, sizeof seq);
    const char *mode = getenv("PYTHONMALLOC");
    CTS_EXPECT(0,
               "the sequence %s: %s (`%s%s%spymem-cts --explore '%s'` writes it out as a "
               "standalone C program)",
               seq, message, mode ? "PYTHONMALLOC=" : "", mode ? mode : "", mode ? " " : "", seq);
    fflush(stdout);
}

static int depth_or(int fallback)
{
    const char *text = getenv("PYMEM_CTS_EXPLORE_DEPTH");
    int depth = text ? atoi(text) : 0;
    return depth > 0 && depth <= 8 ? depth : fallback;
}

static void walk(cts_ctx *cts, int initialized, int depth, int (*first)(int op))
{
    walk_report r = {cts, 0};
    explore_walk w = {.initialized = initialized,
                      .depth = depth_or(depth),
                      .first_op_filter = first,
                      .hang_seconds = HANG_SECONDS,
                      .found = found,
                      .known = known,
                      .arg = &r};
    explore_walk_run(&w);
    printf("walked %ld sequences of up to %d operations from %s; %ld failures in the tree did "
           "not recur alone\n",
           w.nodes, w.depth, initialized ? "a running interpreter" : "before Py_Initialize()",
           w.unconfirmed);
    CTS_EXPECT(w.nodes > 1, "the walk ran no sequence");
}

static int first_is(int op, const char *const *names)
{
    for (; *names; names++)
        if (op == explore_op_by_name(*names))
            return 1;
    return 0;
}

static int first_interpreters(int op)
{
    static const char *const names[] = {"new_interpreter", "new_isolated_interpreter", NULL};
    return first_is(op, names);
}

static int first_tracing(int op)
{
    static const char *const names[] = {"tm_start", NULL};
    return first_is(op, names);
}

static int first_tracemalloc(int op)
{
    static const char *const names[] = {
        "tm_stop", "tm_clear", "tm_reset_peak", "tm_snapshot", "tm_track", "tm_untrack", NULL};
    return first_is(op, names);
}

static int first_process(int op)
{
    static const char *const names[] = {"fork",          "thread_raw", "thread_gil", "python",
                                        "decode_locale", "finalize",   NULL};
    return first_is(op, names);
}

static int first_hooks(int op)
{
    static const char *const names[] = {"hook_push_raw",
                                        "hook_push_mem",
                                        "hook_push_obj",
                                        "hook_pop",
                                        "arena_push",
                                        "debug_hooks",
                                        NULL};
    return first_is(op, names);
}

static int first_blocks(int op)
{
    return !first_interpreters(op) && !first_tracing(op) && !first_tracemalloc(op) &&
           !first_process(op) && !first_hooks(op);
}

#define WALK_CASE(fn, text, initialized, depth, first)                                             \
    CTS_CASE(fn, .id = "lifecycle.explore." #fn, .doc = text, .source = WALK_SOURCE,               \
             .isolation = CTS_FRESH, .boot = CTS_NO_BOOT)                                          \
    {                                                                                              \
        walk(cts, initialized, depth, first);                                                      \
    }

WALK_CASE(before_initialize, walk_rule, 0, 2, NULL)
WALK_CASE(from_interpreters, walk_rule, 1, 2, first_interpreters)
WALK_CASE(from_tracing, walk_rule, 1, 2, first_tracing)
WALK_CASE(from_tracemalloc, walk_rule, 1, 2, first_tracemalloc)
WALK_CASE(from_process, walk_rule, 1, 2, first_process)
WALK_CASE(from_hooks, walk_rule, 1, 2, first_hooks)
WALK_CASE(from_blocks, walk_rule, 1, 2, first_blocks)
