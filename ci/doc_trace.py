#!/usr/bin/env python3
"""doc_trace.py: which sentences of CPython's memory documentation the suite
asserts, per documentation version.

  doc_trace.py extract HTML_ROOT VERSION OUT.txt
      every sentence of the pages in SCOPE and REFERENCED (Debian's
      python3.X-doc HTML, e.g. /usr/share/doc/python3.11/html), one per line:
      "<page>#<anchor>\\t<normative|other>\\t<sentence>"; the normative ones of
      SCOPE are what the table counts, all are what a quote is checked against
  doc_trace.py check SOURCES.tsv SENTENCES_DIR
      exit 1 when a case quotes a passage that no version's page holds
  doc_trace.py table SOURCES.tsv SENTENCES_DIR UNTESTABLE.txt OUT.md
      the traceability table: coverage per version, every sentence with the
      cases that assert it or the reason it is not tested, every uncovered one

SOURCES.tsv is what tests/list_sources prints: "<id>\\t<page>\\t<version>\\t<quote>"
per case (quote and page empty for a rule taken from the implementation).
A quote may join passages with " ... "; each must be in the page verbatim
(whitespace and typographic quotes normalised); a passage that starts with
"[page#anchor] " is of that page, "[@3.13] " or "[page#anchor@3.13] " of that
version's text (an older wording of the same rule). Only the standard library.
"""
import html.parser
import os
import re
import sys

# The pages and the parts of them that state the memory API's rules: a page
# whole, or the elements with these ids (a section, or an API entry's dt,
# whose dd is taken).
SCOPE = {
    "c-api/memory.html": None,
    "library/tracemalloc.html": [
        "domainfilter",
        "tracemalloc.Trace.domain",
        "tracemalloc.start",
        "tracemalloc.stop",
        "tracemalloc.is_tracing",
        "tracemalloc.clear_traces",
        "tracemalloc.get_traced_memory",
    ],
    "using/cmdline.html": ["envvar-PYTHONMALLOC", "envvar-PYTHONMALLOCSTATS"],
    "c-api/init_config.html": [
        "c.PyPreConfig.allocator",
        "c.PyConfig.malloc_stats",
        "c.PyConfig.tracemalloc",
    ],
}
# Pages (and parts of SCOPE's pages) a case quotes beyond SCOPE: their
# sentences are extracted so that a quote can be checked, but they do not
# count in the coverage table.
REFERENCED = {
    "c-api/init.html": ["before-python-initialization", "c.Py_FinalizeEx", "c.Py_NewInterpreter",
                        "c.Py_EndInterpreter", "c.PyInterpreterConfig.use_main_obmalloc",
                        "c.PyInterpreterConfig.gil", "c.Py_NewInterpreterFromConfig",
                        "c.PyThreadState_Clear", "c.PyThreadState_Delete"],
    "c-api/threads.html": ["c.PyThreadState_Clear", "c.PyThreadState_Delete"],
    # the memory settings of the Isolated Configuration, PyConfig's strings
    "c-api/init_config.html": ["isolated-configuration", "c.PyPreConfig_InitIsolatedConfig",
                               "c.PyConfig_InitIsolatedConfig", "c.PyWideStringList_Insert",
                               "c.PyConfig_SetWideStringList", "c.PyConfig_SetBytesString",
                               "c.Py_PreInitializeFromArgs", "c.Py_PreInitializeFromBytesArgs"],
    "library/tracemalloc.html": ["tracemalloc.get_object_traceback"],
    "library/devmode.html": ["python-development-mode", "effects-of-the-python-development-mode"],
    "using/cmdline.html": ["cmdoption-X", "envvar-PYTHONTRACEMALLOC"],
    "c-api/interp-lifecycle.html": ["before-python-initialization", "c.Py_FinalizeEx"],
    "c-api/subinterpreters.html": ["c.Py_NewInterpreter", "c.Py_EndInterpreter",
                                   "c.Py_NewInterpreterFromConfig",
                                   "c.PyInterpreterConfig.use_main_obmalloc",
                                   "c.PyInterpreterConfig.gil"],
    "c-api/sys.html": ["c.PyOS_AfterFork_Child", "c.Py_DecodeLocale"],
    "c-api/list.html": ["c.PyList_New", "c.PyList_Append"],
    "c-api/allocation.html": ["c.PyObject_New", "c.PyObject_NewVar"],
    "c-api/gcsupport.html": ["c.PyObject_GC_New", "c.PyObject_GC_NewVar"],
    # the calls of runtime/fault/fault_calls.h
    "c-api/long.html": ["c.PyLong_FromLong", "c.PyLong_FromString"],
    "c-api/float.html": ["c.PyFloat_FromDouble"],
    "c-api/number.html": ["c.PyNumber_Multiply"],
    "c-api/bytes.html": ["c.PyBytes_FromStringAndSize"],
    "c-api/bytearray.html": ["c.PyByteArray_FromStringAndSize"],
    "c-api/unicode.html": ["c.PyUnicode_FromString", "c.PyUnicode_FromFormat",
                           "c.PyUnicode_Concat", "c.PyUnicode_AsUTF8String"],
    "c-api/tuple.html": ["c.PyTuple_New"],
    "c-api/dict.html": ["c.PyDict_New", "c.PyDict_SetItem", "c.PyDict_SetItemString",
                        "c.PyDict_Copy"],
    "c-api/set.html": ["c.PySet_Add"],
    "c-api/arg.html": ["c.Py_BuildValue"],
    "c-api/object.html": ["c.PyObject_Repr"],
    "c-api/veryhigh.html": ["c.PyRun_String", "c.PyRun_StringFlags"],
    "c-api/import.html": ["c.PyImport_ImportModule", "c.PyImport_ImportModuleLevelObject"],
}
BLOCKS = {"p", "li", "dd", "td", "th", "dt", "caption"}
SKIP = {"pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}
# A sentence is normative when it says what something does or must do.
NORMATIVE = re.compile(
    r"\b(returns?|returned|must|is|are|can|cannot|should|may|will|does|do|never|always|"
    r"calls?|called|fails?|sets?|raises?|allocates?|frees?|resizes?|uses?|used|installs?|"
    r"checks?|detects?|gets?|tracks?|untracks?|clears?|stops?|starts?|fills?|filled|"
    r"creates?|destroys?|same as|equivalent|has|have|falls?|filters?|match(es)?|prints?|"
    r"writes?|reads?|updates?|disabled|enabled|installed|supported|requires?)\b",
    re.I,
)
ABBREV = re.compile(r"\b(e\.g|i\.e|ex|etc|vs|resp)\.$", re.I)


def normalise(text):
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u00b6", "")
    return re.sub(r"\s+", " ", text).strip()


VOID = {"br", "img", "hr", "meta", "link", "input", "wbr"}


class Page(html.parser.HTMLParser):
    """Collects the (anchor, text) blocks of the scoped parts of one page.
    The anchor is the innermost section's id, or the id of the API entry
    (dt) whose description (dd) holds the block."""

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted  # None: the whole page
        self.stack = []  # dicts: tag, scope, anchor, block, skip
        self.blocks, self.text = [], []
        self.dd_for = None  # the id of the dt just closed, for its dd

    def attr(self, key, default=None):
        for e in reversed(self.stack):
            if e[key]:
                return e[key]
        return default

    def flush(self):
        text = normalise("".join(self.text))
        self.text = []
        if text and (self.wanted is None or self.attr("scope")):
            self.blocks.append((self.attr("anchor", ""), text))

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        ident, cls = a.get("id"), (a.get("class") or "").split()
        section = tag == "section" or (tag == "div" and "section" in cls)
        anchor = ident if section else None
        if tag == "dd" and self.dd_for:
            anchor, self.dd_for = self.dd_for, None
        scope = bool(anchor and self.wanted and anchor in self.wanted)
        if tag in BLOCKS:
            self.flush()
        skip = tag in SKIP or "headerlink" in cls or (tag == "dt" and "sig" in cls)
        self.stack.append({"tag": tag, "scope": scope, "anchor": anchor,
                           "block": tag in BLOCKS, "skip": skip, "id": ident})

    def handle_endtag(self, tag):
        if tag in VOID or not any(e["tag"] == tag for e in self.stack):
            return
        while self.stack:
            e = self.stack[-1]
            if e["block"]:
                self.flush()
            self.stack.pop()
            if e["tag"] == "dt" and e["id"]:
                self.dd_for = e["id"]
            if e["tag"] == tag:
                break

    def handle_data(self, data):
        if not any(e["skip"] for e in self.stack):
            self.text.append(data)


def sentences(text):
    """Splits a block into sentences at '. ', '? ', '! ' before a capital."""
    out, start = [], 0
    for m in re.finditer(r"[.!?:](?=\s+[A-Z\"(])", text):
        piece = text[start : m.end()]
        if ABBREV.search(piece) or m.group() == ":":
            continue
        out.append(piece.strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def extract(root, version, out):
    lines = []
    parts = [(True, page, wanted) for page, wanted in SCOPE.items()]
    parts += [(False, page, wanted) for page, wanted in REFERENCED.items()]
    for counted, page, wanted in parts:
        path = os.path.join(root, page)
        if not os.path.exists(path) and page in REFERENCED:
            continue
        if not os.path.exists(path):
            sys.exit("doc_trace: %s: no such page in the %s documentation" % (path, version))
        p = Page(wanted)
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        p.close()
        seen = set()
        for anchor, block in p.blocks:
            for s in sentences(block):
                if (anchor, s) in seen:
                    continue
                seen.add((anchor, s))
                normative = counted and len(s.split()) >= 3 and NORMATIVE.search(s)
                lines.append("%s#%s\t%s\t%s" % (page, anchor, "normative" if normative else "other", s))
    if not lines:
        sys.exit("doc_trace: no sentences found under %s" % root)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Normative sentences of the %s documentation (ci/doc_trace.py extract)\n" % version)
        f.write("\n".join(lines) + "\n")


def load_sentences(directory, covered_only=False):
    """{version: [(anchor, sentence)]} from SENTENCES_DIR/<version>.txt;
    covered_only: only the normative ones of the pages in SCOPE."""
    out = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t", 2) for l in f if l.strip() and not l.startswith("#")]
        if any(len(r) != 3 for r in rows):
            sys.exit("doc_trace: %s: a line is not '<page#anchor> <kind> <sentence>'" % name)
        out[name[:-4]] = [(a, s) for a, kind, s in rows if not covered_only or kind == "normative"]
    if not out:
        sys.exit("doc_trace: %s holds no <version>.txt sentence list" % directory)
    return out


def load_sources(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                sys.exit("doc_trace: %s:%d: expected id, page, version, quote" % (path, n))
            rows.append(parts)
    return rows


def passages(quote, page="", version=None):
    """[(page, version, passage)]: the quote's passages, " ... " between them.
    One that starts with "[page#anchor] " is of that page, "[@3.13] " or
    "[page#anchor@3.13] " of that version's text (an older wording of the
    rule); the others are of page and version."""
    out = []
    for p in quote.split(" ... "):
        m = re.match(r"\[([^\]\s@]*)(?:@([0-9.]+))?\] (.*)", p.strip())
        where, when, text = (m.group(1) or page, m.group(2) or version, m.group(3)) if m else (page, version, p)
        if normalise(text):
            out.append((where, when, normalise(text)))
    return out


def holds(passage, page, version_sentences):
    """Whether the page's text (its sentences in order) holds passage."""
    page_file = page.split("#")[0]
    text = " ".join(s for anchor, s in version_sentences if anchor.split("#")[0] == page_file)
    return passage in text


def asserts(passage, sentence):
    """Whether a quoted passage covers a sentence: one holds the other."""
    return passage in sentence or (len(sentence) >= 20 and sentence in passage)


def page_text(versions, version, page):
    return [x for x in versions[version] if x[0].split("#")[0] == page.split("#")[0]]


def check(sources_path, directory):
    versions = load_sentences(directory)
    bad = 0
    for case, page, version, quote in load_sources(sources_path):
        if not quote:
            continue
        for where, when, p in passages(quote, page, version):
            found = [v for v in versions if holds(p, where, page_text(versions, v, where))]
            if not found:
                print("doc_trace: %s quotes a passage no version of %s holds: %r" % (case, where, p))
                bad += 1
            elif when not in found:
                print("doc_trace: %s says its quote is %s's text; only %s hold: %r"
                      % (case, when, ", ".join(found), p))
                bad += 1
    if bad:
        sys.exit(1)
    print("doc_trace: every quoted passage is in its page")


def load_untestable(path):
    """[(kind, key, reason)]: kind "sentence" (exact) or "anchor" (every uncovered one there)."""
    out, reason = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("# "):
                continue
            if line.startswith("## "):
                reason = line[3:].strip()
            elif reason is None:
                sys.exit("doc_trace: %s:%d: a sentence before any '## reason' line" % (path, n))
            elif line.startswith("@"):
                out.append(("anchor", line[1:].strip(), reason))
            else:
                out.append(("sentence", normalise(line), reason))
    return out


def table(sources_path, directory, untestable_path, out):
    versions = load_sentences(directory, covered_only=True)
    sources = load_sources(sources_path)
    untestable = load_untestable(untestable_path)
    known = {x for rows in versions.values() for x in rows}
    stale = [key for kind, key, _ in untestable
             if not any((kind == "sentence" and s == key) or (kind == "anchor" and a == key)
                        for a, s in known)]
    if stale:
        sys.exit("doc_trace: %s explains what no version's page says: %r" % (untestable_path, stale[0]))
    lines = [
        "# Traceability: the documentation's sentences and the cases that assert them",
        "",
        "Generated by `ci/doc_trace.py table` (ctest `docs.traceability`); do not edit. The",
        "sentences are every normative sentence (returns, must, is, can be called, ...) of",
        "`c-api/memory.html`, the tracemalloc functions and `DomainFilter`/`Trace.domain` of",
        "`library/tracemalloc.html`, `PYTHONMALLOC`/`PYTHONMALLOCSTATS` in `using/cmdline.html`",
        "and `PyPreConfig.allocator`, `PyConfig.malloc_stats`, `PyConfig.tracemalloc` in",
        "`c-api/init_config.html`, from Debian's python3.X-doc HTML (`docs/trace/sentences/`,",
        "`ci/doc_trace.sh` regenerates them). A sentence is covered when a case quotes it (or a",
        "passage of it), explained when `docs/trace/untestable.txt` gives the reason no case can",
        "assert it.",
        "",
        "Whether each case of the must-pass lists asserts only what its quote says, and so earns",
        "its tier, is reviewed case by case in [`tier-review.md`](tier-review.md) (suite 0.3.0).",
        "How each sentence `untestable.txt` explains was tried against an observation, and what",
        "became a case, is in [`trace/README.md`](trace/README.md).",
        "",
        "| version | sentences | covered | explained | uncovered | covered share | covered or explained |",
        "|---|---|---|---|---|---|---|",
    ]
    detail = []
    for version in sorted(versions, key=lambda v: [int(x) for x in v.split(".")]):
        rows = versions[version]
        covered = explained = 0
        uncovered, body = [], []
        for anchor, s in rows:
            cases = sorted({c for c, page, _, q in sources if q and any(
                where.split("#")[0] == anchor.split("#")[0] and asserts(p, s)
                for where, _, p in passages(q, page))})
            why = next((r for kind, key, r in untestable
                        if (kind == "sentence" and key == s) or (kind == "anchor" and key == anchor)), None)
            if cases:
                covered += 1
                body.append("| %s | %s | %s |" % (anchor, s.replace("|", "\\|"), ", ".join("`%s`" % c for c in cases)))
            elif why:
                explained += 1
                body.append("| %s | %s | not tested: %s |" % (anchor, s.replace("|", "\\|"), why))
            else:
                uncovered.append((anchor, s))
                body.append("| %s | %s | **uncovered** |" % (anchor, s.replace("|", "\\|")))
        n = len(rows)
        lines.append("| %s | %d | %d | %d | %d | %.0f%% | %.0f%% |" % (
            version, n, covered, explained, len(uncovered), 100.0 * covered / n,
            100.0 * (covered + explained) / n))
        detail += ["", "## Python %s" % version, ""]
        if uncovered:
            detail += ["Uncovered (%d):" % len(uncovered), ""]
            detail += ["- %s: %s" % (a, s) for a, s in uncovered]
        else:
            detail += ["Every sentence is covered or explained."]
        detail += ["", "| anchor | sentence | asserted by |", "|---|---|---|"] + body
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines + detail) + "\n")


def main(argv):
    if len(argv) == 5 and argv[1] == "extract":
        extract(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "check":
        check(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "table":
        table(argv[2], argv[3], argv[4], argv[5])
    else:
        sys.exit(__doc__.strip().split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv)
