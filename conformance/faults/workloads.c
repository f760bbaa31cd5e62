/* workloads.c: fault injection over whole workloads, beside the single calls
 * of the other faults/ groups: each case runs one small program of the
 * corpus below with allocation 1, 2, 3 ... of RAW, MEM and OBJ failing in
 * turn, each trial in a forked child that then runs the program again with
 * nothing failing and finalizes (support/workload_sweep.c). The corpus
 * exercises the language and the standard library broadly, plus a
 * sub-interpreter and tracemalloc. A Python workload is compiled before the
 * failure is armed, so that what fails is its run, not the parser (the
 * parser's failures are faults.code.run_string's). */
#include "workload_sweep.h"

#include <stdio.h>

#define WORKLOAD_containers                                                                        \
    .source = "d = {str(i): [i] * (i % 7) for i in range(300)}\n"                                  \
              "s = {k[::-1] for k in d if len(k) > 1}\n"                                           \
              "t = tuple(sorted(d.items(), key=lambda kv: (len(kv[1]), kv[0]), reverse=True))\n"   \
              "l = [x for v in d.values() for x in v if x % 3]\n"                                  \
              "l.extend(range(200)); l.insert(5, None); del l[10:60:3]\n"                          \
              "m = dict(zip(l[:50], t)); m.update(a=1, b=2); fs = frozenset(s) | {1, 2}\n"         \
              "assert len(d) == 300 and 'a' in m\n"

WORKLOAD_CASE(containers,
              "A workload of dict, list, set and tuple displays, comprehensions and "
              "methods",
              0)

#define WORKLOAD_strings                                                                           \
    .source =                                                                                      \
        "parts = []\n"                                                                             \
        "for i in range(200):\n"                                                                   \
        "    parts.append(f'{i:>8x}|{i / 7:.3f}|{str(i) * 3!r}|' + '%s-%d' % ('é' * i, i))\n"     \
        "text = '\\n'.join(parts) + '\\u20ac\\U0001f600'\n"                                        \
        "for enc in ('utf-8', 'utf-16', 'latin-1', 'ascii'):\n"                                    \
        "    b = text.encode(enc, errors='replace')\n"                                             \
        "    assert b.decode(enc, errors='replace')\n"                                             \
        "w = text.split('|'); u = text.upper().replace('A', 'bb').strip()\n"                       \
        "assert '{0}:{x}'.format(1, x=2) == '1:2' and len(w) > 100\n"

WORKLOAD_CASE(strings, "A workload of f-strings, %-formatting, str.format, joins and encodings", 0)

#define WORKLOAD_classes_gc                                                                        \
    .source = "import gc\n"                                                                        \
              "dead = []\n"                                                                        \
              "class Node:\n"                                                                      \
              "    __slots__ = ('other', 'data', '__weakref__', '__dict__')\n"                     \
              "    def __init__(self, n):\n"                                                       \
              "        self.data = [n] * 4; self.other = None\n"                                   \
              "    def __del__(self):\n"                                                           \
              "        dead.append(len(self.data))\n"                                              \
              "class Sub(Node):\n"                                                                 \
              "    def __repr__(self): return 'Sub(%r)' % (self.data,)\n"                          \
              "for i in range(100):\n"                                                             \
              "    a, b = Node(i), Sub(i)\n"                                                       \
              "    a.other, b.other = b, a\n"                                                      \
              "    repr(b)\n"                                                                      \
              "del a, b\n"                                                                         \
              "gc.collect()\n"                                                                     \
              "assert len(dead) > 0\n"

WORKLOAD_CASE(classes_gc,
              "A workload of classes with __slots__ and __del__ in reference cycles, "
              "collected by gc.collect()",
              0)

#define WORKLOAD_exceptions                                                                        \
    .source = "import traceback\n"                                                                 \
              "def f(n):\n"                                                                        \
              "    if n == 0:\n"                                                                   \
              "        raise ValueError('bottom %d' % n)\n"                                        \
              "    try:\n"                                                                         \
              "        f(n - 1)\n"                                                                 \
              "    except ValueError as e:\n"                                                      \
              "        raise KeyError(n) from e\n"                                                 \
              "out = []\n"                                                                         \
              "for i in range(6):\n"                                                               \
              "    try:\n"                                                                         \
              "        f(i % 4 + 1)\n"                                                             \
              "    except KeyError as e:\n"                                                        \
              "        out.append(''.join(traceback.format_exception(type(e), e, "                 \
              "e.__traceback__)))\n"                                                               \
              "    finally:\n"                                                                     \
              "        out.append(i)\n"                                                            \
              "assert 'bottom' in out[0]\n"

WORKLOAD_CASE(exceptions,
              "A workload of raised, chained and caught exceptions and formatted "
              "tracebacks",
              0)

#define WORKLOAD_generators                                                                        \
    .source = "def gen(n):\n"                                                                      \
              "    for i in range(n):\n"                                                           \
              "        got = yield i\n"                                                            \
              "        if got: yield got\n"                                                        \
              "def outer():\n"                                                                     \
              "    yield from gen(50)\n"                                                           \
              "    yield from (x * x for x in range(50) if x & 1)\n"                               \
              "total = sum(outer())\n"                                                             \
              "g = gen(10); next(g); g.send('x'); g.close()\n"                                     \
              "async def co(n):\n"                                                                 \
              "    return n * 2\n"                                                                 \
              "c = co(21)\n"                                                                       \
              "try:\n"                                                                             \
              "    c.send(None)\n"                                                                 \
              "except StopIteration as e:\n"                                                       \
              "    assert e.value == 42\n"                                                         \
              "assert total > 0\n"

WORKLOAD_CASE(generators,
              "A workload of generators, yield from, generator expressions and a "
              "coroutine driven by hand",
              0)

#define WORKLOAD_stdlib                                                                            \
    .source = "import json, re, struct\n"                                                          \
              "doc = {'a': [1, 2.5, None, True], 'b': {'c': 'd' * 50}, 'e': list(range(50))}\n"    \
              "assert json.loads(json.dumps(doc, indent=2, sort_keys=True)) == doc\n"              \
              "pat = re.compile(r'(?P<w>[a-z]+)(\\d+)?', re.I)\n"                                  \
              "found = [m.group('w') for m in pat.finditer('abc12 DEF x9 ' * 20)]\n"               \
              "assert re.sub(r'\\s+', ' ', 'a  b\\tc') == 'a b c'\n"                               \
              "packed = struct.pack('<iQd10s', -1, 2**40, 0.5, b'xyz')\n"                          \
              "assert struct.unpack('<iQd10s', packed)[1] == 2**40 and found\n"

WORKLOAD_CASE(stdlib, "A workload of json, re and struct", 0)

#define WORKLOAD_import_pure                                                                       \
    .source = "import sys\n"                                                                       \
              "for name in ('colorsys', 'textwrap'):\n"                                            \
              "    sys.modules.pop(name, None)\n"                                                  \
              "import colorsys, textwrap\n"                                                        \
              "assert colorsys.rgb_to_hsv(0.2, 0.4, 0.4)\n"                                        \
              "assert textwrap.fill('word ' * 40, 30)\n"

WORKLOAD_CASE(import_pure,
              "A workload that imports pure-Python modules of the standard library "
              "(colorsys, textwrap)",
              0)

#define WORKLOAD_tracemalloc                                                                       \
    .source = "import tracemalloc\n"                                                               \
              "tracemalloc.start(2)\n"                                                             \
              "try:\n"                                                                             \
              "    keep = [str(i) * 3 for i in range(100)]\n"                                      \
              "    snap = tracemalloc.take_snapshot()\n"                                           \
              "    stats = snap.statistics('lineno')\n"                                            \
              "    cur, peak = tracemalloc.get_traced_memory()\n"                                  \
              "    assert peak >= cur > 0\n"                                                       \
              "finally:\n"                                                                         \
              "    tracemalloc.stop()\n"

WORKLOAD_CASE(tracemalloc,
              "A workload that starts tracemalloc, takes a snapshot, reads its "
              "statistics and stops",
              CTS_NEED_TRACEMALLOC)

/* Py_NewInterpreter() documents no exception on failure (3.11: "If creation
 * of the new interpreter is unsuccessful, NULL is returned; no exception is
 * set"), and an exception raised inside the sub-interpreter belongs to it:
 * both are reported, not raised in the main interpreter. From 3.12 its page
 * promises no NULL: "This is essentially just a wrapper around
 * Py_NewInterpreterFromConfig() with a config that preserves the existing
 * behavior", and it hands a failed status to Py_ExitStatusException()
 * (Python/pylifecycle.c), which ends the process with "Fatal Python error:"
 * and exit status 1, by design (gh-112729): such a trial breaks nothing. A
 * crash or abort inside it still does (new_interpreter()'s error path is
 * Py_NewInterpreterFromConfig()'s too, whose failure is a status). */
static int subinterpreter(const char **reported)
{
    static char text[200];
    PyThreadState *main_tstate = PyThreadState_Get();
    PyThreadState *sub = Py_NewInterpreter();
    if (!sub) {
        PyThreadState_Swap(main_tstate);
        *reported = "Py_NewInterpreter() returned NULL";
        return -1;
    }
    PyObject *main_dict = PyModule_GetDict(PyImport_AddModule("__main__"));
    PyObject *r = PyRun_String("x = {i: str(i) for i in range(200)}\n"
                               "import colorsys\n"
                               "y = sorted(x.values(), key=len)\n",
                               Py_file_input, main_dict, main_dict);
    int failed = r == NULL, set = PyErr_Occurred() != NULL;
    if (set) {
        snprintf(text, sizeof text, "the sub-interpreter's code raised %s",
                 ((PyTypeObject *)PyErr_Occurred())->tp_name);
        PyErr_Clear();
    }
    Py_XDECREF(r);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_tstate);
    if (failed)
        *reported = set ? text : NULL; /* NULL: it failed with no exception set */
    return failed ? -1 : 0;
}

#if PY_VERSION_HEX >= 0x030C0000
#define WORKLOAD_subinterpreter                                                                    \
    .run = subinterpreter,                                                                         \
    .exits_by_design = "Py_NewInterpreter() exits through Py_ExitStatusException() on a failed "   \
                       "status (3.12+ docs: a wrapper that preserves the existing behavior)"
#else
#define WORKLOAD_subinterpreter .run = subinterpreter
#endif

WORKLOAD_CASE(subinterpreter,
              "A workload that creates a sub-interpreter with Py_NewInterpreter(), "
              "runs code and an import in it and ends it",
              0)
