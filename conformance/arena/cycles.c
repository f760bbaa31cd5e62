/* cycles.c: no memory is lost through the arena allocator across the
 * lifecycle events of a real embedder: Py_FinalizeEx()/Py_Initialize()
 * cycles, and sub-interpreters with their own obmalloc state (3.12+) made
 * and ended. A counting arena allocator (arena_spy.c) sees
 * every arena pymalloc takes and gives back; after the first cycle warms
 * up, each further cycle may keep at most ARENA_BUDGET more arenas.
 * Source: Doc/c-api/memory.rst, "Customize pymalloc Arena Allocator";
 * Doc/c-api/init.rst, Py_FinalizeEx ("Small amounts of memory allocated by
 * the Python interpreter may not be freed") and "Sub-interpreter support". */
#include "arena_spy.h"
#include "boot.h"
#include "interpreters.h"
#include "cts.h"

enum { CYCLES = 4, ARENA_BUDGET = 1 };

/* Some work that takes and gives back arenas: 13 MiB of small objects. */
static int workload(void)
{
    return PyRun_SimpleString("x = [bytearray(i % 500 + 1) for i in range(50000)]\n"
                              "del x\nimport json, collections\n");
}

/* The checks after CYCLES cycles of one kind; after[i] is the live count
 * after cycle i. */
static void check_cycles(cts_ctx *cts, const char *cycles, const long *after)
{
    printf("live arenas after each of %d %s:", CYCLES, cycles);
    for (int i = 0; i < CYCLES; i++)
        printf(" %ld", after[i]);
    printf("; %ld taken, %ld foreign frees, %ld frees of NULL\n", arena_seen.allocs,
           arena_seen.unknown, arena_seen.null_frees);
    CTS_EXPECT(arena_seen.null_frees == 0,
               "the arena allocator's free() was called %ld times with NULL, which is no arena, "
               "over %d %s",
               arena_seen.null_frees, CYCLES, cycles);
    CTS_REQUIRE(arena_seen.allocs > 0,
                "the counting arena allocator saw no arena: nothing was measured");
    long grown = after[CYCLES - 1] - after[0];
    CTS_EXPECT(grown <= (long)ARENA_BUDGET * (CYCLES - 1),
               "%ld arenas more are held after %d %s than after the first (budget %d each): "
               "arenas are lost",
               grown, CYCLES, cycles, ARENA_BUDGET);
}

static const char cycles_rule[] =
    "Py_FinalizeEx: ... Small amounts of memory allocated by the Python interpreter may not be "
    "freed (if you find a leak, please report it). (through the arena allocator: at most one "
    "arena more per Py_FinalizeEx()/Py_Initialize() cycle)";

CTS_CASE(finalize_and_initialize, .id = "arena.cycles.finalize_and_initialize", .doc = cycles_rule,
         .source = {.quote = "Small amounts of memory allocated by the Python interpreter may not "
                             "be freed (if you find a leak, please report it).",
                    .page = "c-api/interp-lifecycle.html#c.Py_FinalizeEx",
                    .python = "3.15",
                    .note = "the bound, at most one arena more per cycle, is CPython's behaviour "
                            "measured on 3.6 to 3.15"},
         .needs = CTS_NEED_PYMALLOC, .isolation = CTS_FRESH, .timeout = 20)
{
    arena_spy_install();
    long after[CYCLES];
    for (int i = 0; i < CYCLES; i++) {
        CTS_REQUIRE(workload() == 0, "cycle %d: the workload failed", i);
        CTS_REQUIRE(Py_FinalizeEx() == 0, "cycle %d: Py_FinalizeEx() failed", i);
        after[i] = arena_seen.live;
        const char *err = cts_boot();
        CTS_REQUIRE(err == NULL, "cycle %d: Py_Initialize() again failed: %s", i, err);
        if (!arena_spy_installed()) { /* 3.12+ reset it (docs/findings.md): count on */
            printf("cycle %d: the arena allocator was reset to the default\n", i);
            arena_spy_rewrap();
        }
    }
    check_cycles(cts, "Py_FinalizeEx()/Py_Initialize() cycles", after);
}

static const char subinterp_rule[] =
    "Py_EndInterpreter: Destroy the (sub-)interpreter ... All thread states associated with "
    "this interpreter are destroyed. (an interpreter with its own obmalloc state gives its "
    "arenas back: at most one arena more per interpreter made and ended)";

CTS_CASE(own_obmalloc_subinterpreters, .id = "arena.cycles.own_obmalloc_subinterpreters",
         .doc = subinterp_rule,
         .source = {.quote = "All thread states associated with this interpreter are destroyed.",
                    .page = "c-api/subinterpreters.html#c.Py_EndInterpreter",
                    .python = "3.15",
                    .note = "that such an interpreter gives its arenas back is CPython's behaviour "
                            "measured on 3.12 to 3.15"},
         .needs = CTS_NEED_PYMALLOC, .timeout = 20, .since = 0x030C0000,
         .why_version = "interpreters with their own obmalloc state "
                        "(PyInterpreterConfig.use_main_obmalloc = 0) are new in 3.12")
{
#if PY_VERSION_HEX >= 0x030C0000
    arena_spy_install();
    PyThreadState *main_ts = PyThreadState_Get();
    long after[CYCLES], foreign_before = arena_seen.unknown;
    for (int i = 0; i < CYCLES; i++) {
        const char *why = NULL;
        PyThreadState *sub = new_isolated_interpreter(&why);
        CTS_REQUIRE(sub != NULL, "cycle %d: Py_NewInterpreterFromConfig failed: %s", i, why);
        int bad = workload();
        Py_EndInterpreter(sub);
        PyThreadState_Swap(main_ts);
        CTS_REQUIRE(bad == 0, "cycle %d: the workload failed in the sub-interpreter", i);
        after[i] = arena_seen.live;
    }
    CTS_EXPECT(arena_seen.unknown == foreign_before,
               "%ld arenas given back through the arena allocator while sub-interpreters ran "
               "were never taken through it: their obmalloc state bypasses the allocator set "
               "with PyObject_SetArenaAllocator() when it allocates",
               arena_seen.unknown - foreign_before);
    check_cycles(cts, "own-obmalloc sub-interpreters made and ended", after);
#endif
}
