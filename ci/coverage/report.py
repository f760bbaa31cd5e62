#!/usr/bin/env python3
"""report.py: the coverage table ci/coverage.sh prints, from gcov's JSON.

    report.py SUITE_DIR CPYTHON_DIR TITLE [--free-threaded]

Each directory holds the `*.gcov.json.gz` files `gcov --json-format
--branch-probabilities` wrote for the objects of the CPython build after one
run (the suite's; CPython's own tests'). Both runs are of the same build, so
their lines and branches are the same and the union is taken line by line
and branch by branch. Prints Markdown: a row per file (lines reached,
branches taken), then a row per function of the files in PER_FUNCTION, and
the functions no run enters. With --free-threaded (a build without the GIL)
obmalloc.c has a second row without pymalloc's functions that no run enters:
such a build compiles pymalloc but never uses it.
"""
import gzip
import json
import os
import sys

# (source path relative to the source tree, object, per-function table)
FILES = [
    ("Objects/obmalloc.c", "Objects/obmalloc", True),
    ("Python/tracemalloc.c", "Python/tracemalloc", True),
    ("Modules/_tracemalloc.c", "Modules/_tracemalloc", True),
    ("Python/pylifecycle.c", "Python/pylifecycle", False),
    ("Python/preconfig.c", "Python/preconfig", False),
    ("Python/initconfig.c", "Python/initconfig", False),
    ("Python/pystate.c", "Python/pystate", False),
]
# The memory parts of the files whose whole is mostly not memory code: the
# functions (CPython 3.13) that set up the allocators, read and write
# PyPreConfig.allocator and PYTHONMALLOC, hold PyConfig's memory options and
# allocate its strings, or allocate, clear and free the interpreter and
# thread states, the per-interpreter obmalloc state and the frames' data
# stack. A name the build does not have is reported, not counted.
MEMORY_PARTS = {
    "Python/pylifecycle.c": [
        "_Py_PreInitializeFromPyArgv",   # reads PyPreConfig, writes it: sets the allocators
        "Py_PreInitialize",              # public entry to the allocator set-up
        "Py_PreInitializeFromArgs",      # the same, with argv (may read -X dev)
        "Py_PreInitializeFromBytesArgs",  # the same, bytes argv
        "_Py_PreInitializeFromConfig",   # pre-initialisation done by Py_InitializeFromConfig
        "pycore_create_interpreter",     # main interpreter: obmalloc state, _PyTraceMalloc_Init
        "init_interp_settings",          # use_main_obmalloc and its rule on the other fields
        "new_interpreter",               # sub-interpreter: its own obmalloc state, freed on error
        "Py_NewInterpreterFromConfig",   # public: PyInterpreterConfig.use_main_obmalloc
        "Py_NewInterpreter",             # public: a sub-interpreter sharing main's obmalloc
        "Py_EndInterpreter",             # frees a sub-interpreter's states and obmalloc state
        "finalize_subinterpreters",      # frees the sub-interpreters left at finalization
        "finalize_interp_clear",         # clears the states, delayed frees, mimalloc heaps
        "finalize_interp_delete",        # frees the interpreter state
        "_Py_Finalize",                  # tracemalloc stop/fini, PYTHONMALLOCSTATS' statistics
        "Py_FinalizeEx",                 # public entry to it
        "Py_Finalize",                   # the same, status ignored
    ],
    "Python/preconfig.c": [
        "_PyPreConfig_InitCompatConfig",   # allocator = PYMEM_ALLOCATOR_NOT_SET
        "PyPreConfig_InitPythonConfig",    # public: reads PYTHONMALLOC
        "PyPreConfig_InitIsolatedConfig",  # public: use_environment = 0, PYTHONMALLOC ignored
        "_PyPreConfig_InitFromPreConfig",  # copies the allocator
        "_PyPreConfig_InitFromConfig",     # the preconfig Py_InitializeFromConfig makes
        "preconfig_copy",                  # copies PyPreConfig.allocator
        "preconfig_init_allocator",        # PYTHONMALLOC, dev mode's debug hooks
        "preconfig_read",                  # calls it
        "_PyPreConfig_Read",               # reads the allocator (with the environment's rules)
        "_PyPreConfig_Write",              # sets the allocators (_PyMem_SetupAllocators)
    ],
    # config_read_env_vars is left out: one of its 25 variables is memory's
    # (PYTHONMALLOCSTATS, config.pyconfig.malloc_stats_from_env); so is
    # init_interp_main, where config->tracemalloc starts tracing
    # (config.pyconfig.tracemalloc_starts_tracing) among the rest of start-up.
    "Python/initconfig.c": [
        "_PyWideStringList_Clear",      # frees a list with the RAW allocator
        "_PyWideStringList_Copy",       # allocates one with it
        "PyWideStringList_Insert",      # public: grows a list with it
        "PyWideStringList_Append",      # public: the same, at the end
        "_PyWideStringList_Extend",     # the same, a list at a time
        "_PyConfig_InitCompatConfig",   # tracemalloc and malloc_stats: -1 (not set)
        "PyConfig_InitPythonConfig",    # public: reads them from the environment
        "PyConfig_InitIsolatedConfig",  # public: tracemalloc = 0, environment ignored
        "PyConfig_Clear",               # frees PyConfig's strings and lists (RAW)
        "PyConfig_SetString",           # allocates a string with the RAW allocator
        "PyConfig_SetBytesString",      # the same, decoded
        "_PyConfig_Copy",               # allocates the copy's strings and lists
        "PyConfig_SetWideStringList",   # public: replaces a RAW list
        "config_init_tracemalloc",      # PYTHONTRACEMALLOC and -X tracemalloc[=N]
    ],
    "Python/pystate.c": [
        "alloc_interpreter",                   # allocates an interpreter state (RAW)
        "free_interpreter",                    # frees it, its obmalloc state
        "init_interpreter",                    # sets up its allocator-related state
        "_PyInterpreterState_New",             # allocates and links it
        "PyInterpreterState_New",              # public
        "interpreter_clear",                   # frees what the interpreter holds
        "PyInterpreterState_Clear",            # public
        "_PyInterpreterState_Clear",           # used at finalization
        "PyInterpreterState_Delete",           # public: frees the state
        "_PyInterpreterState_DeleteExceptMain",  # after fork(): frees the others' states
        "allocate_chunk",                      # a data-stack chunk (arena allocator)
        "reset_threadstate",                   # the preallocated main thread state
        "alloc_threadstate",                   # allocates a thread state (RAW)
        "free_threadstate",                    # frees it
        "init_threadstate",                    # sets up its data stack
        "add_threadstate",                     # links it
        "new_threadstate",                     # allocates and links it
        "PyThreadState_New",                   # public
        "_PyThreadState_New",                  # the interpreter's own threads
        "_PyThreadState_NewBound",             # PyGILState_Ensure's
        "_PyThreadState_Prealloc",             # allocated ahead of its thread
        "clear_datastack",                     # frees the data-stack chunks
        "PyThreadState_Clear",                 # public: frees what the state holds
        "PyThreadState_Delete",                # public: frees the state
        "_PyThreadState_DeleteCurrent",        # the same, for the current one
        "PyThreadState_DeleteCurrent",         # public alias
        "_PyThreadState_RemoveExcept",         # after fork(): unlinks the others
        "_PyThreadState_DeleteList",           # and frees them
        "push_chunk",                          # frames' data stack: a new or cached chunk
        "_PyThreadState_PushFrame",            # a frame on the data stack
        "_PyThreadState_PopFrame",             # its pop: caches or frees a chunk
        "_PyThreadState_ClearMimallocHeaps",   # abandons the thread's mimalloc heaps
    ],
}

# obmalloc.c includes mimalloc's sources (WITH_MIMALLOC): their lines are
# counted apart, in one row.
MIMALLOC = "Objects/mimalloc/"
# pymalloc's own functions in obmalloc.c (3.13): a free-threaded build
# compiles them and always allocates objects with mimalloc.
PYMALLOC = {
    "arena_map_mark_used", "arena_map_is_used", "new_arena", "address_in_range",
    "pymalloc_pool_extend", "allocate_from_new_pool", "pymalloc_alloc", "_PyObject_Malloc",
    "_PyObject_Calloc", "insert_to_usedpool", "insert_to_freepool", "pymalloc_free",
    "_PyObject_Free", "pymalloc_realloc", "_PyObject_Realloc", "free_obmalloc_arenas",
    "pymalloc_print_stats",
}


def load(directory, obj):
    path = os.path.join(directory, os.path.basename(obj) + ".gcov.json.gz")
    with gzip.open(path, "rt") as f:
        return json.load(f)


class Cov:
    """Lines and branches of one source file in one run: line -> count,
    (line, index) -> count; function -> (count, lines, branches)."""

    def __init__(self):
        self.lines = {}
        self.branches = {}
        self.functions = {}
        self.func_lines = {}

    def add_file(self, entry):
        for fn in entry["functions"]:
            name = fn["name"]
            self.functions[name] = max(self.functions.get(name, 0), fn["execution_count"])
            self.func_lines.setdefault(name, (fn["start_line"], fn["end_line"]))
        for ln in entry["lines"]:
            n = ln["line_number"]
            self.lines[n] = max(self.lines.get(n, 0), ln["count"])
            for i, br in enumerate(ln["branches"]):
                key = (ln.get("function_name", ""), n, i)
                self.branches[key] = max(self.branches.get(key, 0), br["count"])
        return self


def entries(data, suffix):
    return [f for f in data["files"] if f["file"].endswith("/" + suffix) or f["file"] == suffix]


def merge(covs):
    out = Cov()
    for c in covs:
        for k, v in c.lines.items():
            out.lines[k] = max(out.lines.get(k, 0), v)
        for k, v in c.branches.items():
            out.branches[k] = max(out.branches.get(k, 0), v)
        for k, v in c.functions.items():
            out.functions[k] = max(out.functions.get(k, 0), v)
        out.func_lines.update(c.func_lines)
    return out


def pct(hit, total):
    if total == 0:
        return "-"
    return "%.1f %% (%d/%d)" % (100.0 * hit / total, hit, total)


def figures(cov, line_set=None, branch_set=None):
    lines = [n for n in cov.lines if line_set is None or n in line_set]
    branches = [k for k in cov.branches if branch_set is None or k in branch_set]
    return (sum(1 for n in lines if cov.lines[n] > 0), len(lines),
            sum(1 for k in branches if cov.branches[k] > 0), len(branches))


def restrict(cov, lines, branches):
    """COV with only these lines and branches."""
    out = Cov()
    out.lines = {k: v for k, v in cov.lines.items() if k in lines}
    out.branches = {k: v for k, v in cov.branches.items() if k in branches}
    out.functions, out.func_lines = cov.functions, cov.func_lines
    return out


def file_row(label, s, c):
    """One row of the file table: the suite's run S, CPython's tests' C."""
    u = merge([s, c])
    fs, fc, fu = figures(s), figures(c), figures(u)
    only_s = sum(1 for n in s.lines if s.lines[n] > 0 and c.lines.get(n, 0) == 0)
    only_c = sum(1 for n in c.lines if c.lines[n] > 0 and s.lines.get(n, 0) == 0)
    print("| %s | %d | %s | %s | %s | %d | %s | %s | %s | %d | %d |" % (
        label, fs[1], pct(fs[0], fs[1]), pct(fc[0], fc[1]), pct(fu[0], fu[1]),
        fs[3], pct(fs[2], fs[3]), pct(fc[2], fc[3]), pct(fu[2], fu[3]), only_s, only_c))


def function_lines(data_entries):
    """function -> set of line numbers, (function, line, index) branch keys."""
    lines, branches = {}, {}
    for entry in data_entries:
        for ln in entry["lines"]:
            fn = ln.get("function_name", "")
            lines.setdefault(fn, set()).add(ln["line_number"])
            for i in range(len(ln["branches"])):
                branches.setdefault(fn, set()).add((fn, ln["line_number"], i))
    return lines, branches


def function_table(heading, names, s, c, u, flines, fbranches):
    """A row per function of NAMES, then those the suite does not enter."""
    entered = {k: sum(1 for n in names if cov.functions.get(n, 0) > 0) for k, cov in
               (("suite", s), ("cpython", c), ("union", u))}
    print("\n### %s; entered by the suite %d, by CPython's tests %d, by either %d\n" % (
        heading, entered["suite"], entered["cpython"], entered["union"]))
    print("| function | line | lines | suite | CPython | union | branches | suite | CPython "
          "| union |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in names:
        ls, bs = flines.get(name, set()), fbranches.get(name, set())
        row = [figures(cov, ls, bs) for cov in (s, c, u)]
        mark = "" if s.functions.get(name, 0) > 0 else " (suite: not entered)"
        print("| `%s`%s | %d | %d | %s | %s | %s | %d | %s | %s | %s |" % (
            name, mark, u.func_lines[name][0], row[0][1],
            pct(row[0][0], row[0][1]), pct(row[1][0], row[1][1]), pct(row[2][0], row[2][1]),
            row[0][3], pct(row[0][2], row[0][3]), pct(row[1][2], row[1][3]),
            pct(row[2][2], row[2][3])))
    missing = [n for n in names if s.functions.get(n, 0) == 0]
    print("\nNot entered by the suite (%d): %s" % (
        len(missing), ", ".join("`%s`%s" % (n, "" if c.functions.get(n, 0) == 0
                                             else " (CPython's tests do)") for n in missing)
        or "none"))


def main():
    free_threaded = sys.argv[4:] == ["--free-threaded"]
    if len(sys.argv) != 4 and not free_threaded:
        print("report: takes SUITE_DIR CPYTHON_DIR TITLE [--free-threaded]", file=sys.stderr)
        return 2
    suite_dir, cpython_dir, title = sys.argv[1:4]
    print("## %s\n" % title)
    print("Lines: lines with code that ran at least once; branches: branch outcomes taken at "
          "least once (gcov). `suite`: `pymem-cts --allocator all`; `CPython`: CPython's own "
          "tests; `union`: either.\n")
    print("| file | lines | suite | CPython | union | branches | suite | CPython | union "
          "| lines only the suite reaches | lines only CPython's tests reach |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    per_function = []
    memory_parts = []
    mimalloc = {"suite": Cov(), "cpython": Cov()}
    for src, obj, per_fn in FILES:
        try:
            suite_data, cpython_data = load(suite_dir, obj), load(cpython_dir, obj)
        except FileNotFoundError as e:
            print("| `%s` | no data (%s) |" % (src, e.filename))
            continue
        s = merge(Cov().add_file(e) for e in entries(suite_data, src))
        c = merge(Cov().add_file(e) for e in entries(cpython_data, src))
        u = merge([s, c])
        if src == "Objects/obmalloc.c":
            for key, data in (("suite", suite_data), ("cpython", cpython_data)):
                for e in data["files"]:
                    if "/" + MIMALLOC in e["file"]:
                        mimalloc[key].add_file(dict(e, lines=[
                            dict(ln, line_number=(e["file"], ln["line_number"])) for ln in e["lines"]]))
        file_row("`%s`" % src, s, c)
        if free_threaded and src == "Objects/obmalloc.c":
            u = merge([s, c])
            apart = {n for n in PYMALLOC if u.functions.get(n, 0) == 0}
            flines, fbranches = function_lines(entries(suite_data, src))
            keep_l = set().union(*(v for k, v in flines.items() if k not in apart))
            keep_b = set().union(*(v for k, v in fbranches.items() if k not in apart))
            file_row("`%s` without pymalloc (%d functions no run enters)" % (src, len(apart)),
                     restrict(s, keep_l, keep_b), restrict(c, keep_l, keep_b))
        if src in MEMORY_PARTS:
            flines, fbranches = function_lines(entries(suite_data, src))
            names = [n for n in MEMORY_PARTS[src] if n in u.func_lines]
            keep_l = set().union(*(flines.get(n, set()) for n in names))
            keep_b = set().union(*(fbranches.get(n, set()) for n in names))
            file_row("`%s`: memory parts (%d functions)" % (src, len(names)),
                     restrict(s, keep_l, keep_b), restrict(c, keep_l, keep_b))
            memory_parts.append((src, s, c, u, (flines, fbranches), names))
        if per_fn:
            per_function.append((src, s, c, u, function_lines(entries(suite_data, src))))
    ms, mc = mimalloc["suite"], mimalloc["cpython"]
    if ms.lines:
        file_row("`%s*` (in obmalloc.o)" % MIMALLOC, ms, mc)
    for src, s, c, u, (flines, fbranches) in per_function:
        names = sorted(u.func_lines, key=lambda n: u.func_lines[n][0])
        function_table("`%s`: %d functions" % (src, len(names)), names, s, c, u, flines,
                       fbranches)
    for src, s, c, u, (flines, fbranches), names in memory_parts:
        function_table("`%s`, memory parts: %d functions (`report.py`'s MEMORY_PARTS)" % (
            src, len(names)), names, s, c, u, flines, fbranches)
        absent = [n for n in MEMORY_PARTS[src] if n not in u.func_lines]
        if absent:
            print("\nNot in this build: %s" % ", ".join("`%s`" % n for n in absent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
