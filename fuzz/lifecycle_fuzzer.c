/* lifecycle_fuzzer.c: the lifecycle explorer (runtime/explore/world.h)
 * unbounded: sequences of its operations decoded from the input, in one
 * process whose world goes on from input to input, so that finalization
 * and initialization cycles, sub-interpreters, tracemalloc, wrapping
 * allocators, the arena allocator, fork and threads meet in orders nobody
 * wrote down; each operation only where the documentation allows it.
 * Input: one byte per operation, its index modulo the operation count; an
 * operation not enabled in the world's state is skipped.
 * Invariants: every promise world.h models, checked after every operation
 * (w_check), and at each input's end the world is settled back to a
 * running interpreter (sub-interpreters ended, blocks freed, tracing
 * stopped, allocators given back), each step checked. Threads run one at a
 * time and are joined at once: the schedule is the input's. A broken
 * invariant prints the input's sequence, which `pymem-cts --explore SEQ`
 * replays alone, shortens and writes out as a standalone C program.
 * Planted bug (PYMEM_CTS_FUZZ_PLANT=1): the model forgets that a re-track
 * updates the size, so that a snapshot after two Tracks of one block
 * disagrees with it. */
#include "runtime.h"

#include "explore.h"
#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "world.h"

static world w;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("lifecycle_fuzzer");
    w_begin(&w);
    /* Known faults would be found again and again; their cases report them.
     * PYMEM_CTS_FUZZ_KNOWN=1 keeps them (ci/time-to-bug.sh measures them). */
    w.avoid_known = !getenv("PYMEM_CTS_FUZZ_KNOWN");
    w.initialized = 1, w.main_ts = PyThreadState_Get(), w.current = -1;
    w.cycles = 1; /* fuzz_boot's Py_Initialize(): the debug hooks may no longer be set up */
    return 0;
}

/* The world back to a running main interpreter with nothing held, each
 * step checked as the teardown checks it. */
static void settle(void)
{
    w_settle(&w);
    for (int i = w.n_blocks - 1; !w.failure[0] && i >= 0; i--)
        if (w.blocks[i].domain == PYMEM_DOMAIN_RAW || w.initialized) {
            w_free_ptr(w.blocks[i].domain, w.blocks[i].p);
            w_drop_block(&w, i);
        }
    if (!w.failure[0] && !w.initialized && w_apply(&w, W_OP_initialize) == 0)
        w_check(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    explore_sequence s = {.ops = {W_OP_initialize}, .n = 1};
    while (!fuzz_input_done(&in) && !w.failure[0]) {
        int op = fuzz_byte(&in) % W_OP_COUNT;
        if (!w_enabled(&w, op))
            continue;
        if (s.n < EXPLORE_MAX_OPS)
            s.ops[s.n++] = op;
        FUZZ_TRACE("%s", explore_op_name(op));
        if (w_apply(&w, op) == 0)
            w_check(&w);
        if (fuzz_planted() && op == W_OP_tm_track && w.n_tracked > 0)
            w.tracked_size[0] += 8; /* the planted bug: the model's, never Python's */
    }
    settle();
    char seq[2048];
    explore_describe(&s, seq, sizeof seq);
    FUZZ_CHECK(!w.failure[0],
               "lifecycle_fuzzer: %s, after the sequence %s (pymem-cts --explore "
               "'%s' writes it out as a standalone C program)",
               w.failure, seq, seq);
    fuzz_expect_no_exception("lifecycle_fuzzer");
    return 0;
}
