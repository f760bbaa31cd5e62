#!/bin/bash
# case-run-bench.sh: what one case run costs the harness, in CPU time (the
# process's and every child's it waited for: user + system), beside the
# floor, a bare fork() + _exit() + waitpid() of a booted interpreter. The
# cases are the selftest binary's trivial ones, so that the cost is the
# run's, not a rule's: a fork case (selftest.expect_pass.returns), a fresh
# case that boots (fresh_process_allocator) and one that does not
# (fresh_process_unbooted), each fresh one started by the zygote and by a
# new exec (PYMEM_CTS_FRESH_EXEC=1). A case's cost is a one-mode run with it
# less the same run without it (a case gated UNSUPPORTED, which starts no
# child). Every command runs once per round, the rounds interleaved; the
# medians over N rounds are printed as a Markdown table.
#   ci/case-run-bench.sh [--runs N] SELFTEST PYTHON
# SELFTEST: a build's pymem-cts-selftest; PYTHON: the build under test's
# python (the floor's interpreter).
set -u
runs=21
die() { echo "case-run-bench: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs) case ${2:-} in [1-9] | [1-9][0-9]) runs=$2; shift 2 ;; *) die "--runs needs a count from 1 to 99" ;; esac ;;
    -*) die "unknown option '$1'" ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || die "usage: ci/case-run-bench.sh [--runs N] SELFTEST PYTHON"
[ -x "$1" ] || die "'$1' is not an executable selftest binary"
[ -x "$2" ] || die "'$2' is not an executable python"
exec python3 - "$runs" "$1" "$2" <<'PY'
import os, resource, statistics, subprocess, sys

runs, selftest, python = int(sys.argv[1]), sys.argv[2], sys.argv[3]
FORKS = 200
gate = "selftest.expect_unsupported.version_gate"
kinds = [  # (name, case, environment)
    ("fork case", "selftest.expect_pass.returns", {}),
    ("fresh, boots: zygote", "selftest.expect_pass.fresh_process_allocator", {}),
    ("fresh, boots: exec", "selftest.expect_pass.fresh_process_allocator",
     {"PYMEM_CTS_FRESH_EXEC": "1"}),
    ("fresh, no boot: zygote", "selftest.expect_pass.fresh_process_unbooted", {}),
    ("fresh, no boot: exec", "selftest.expect_pass.fresh_process_unbooted",
     {"PYMEM_CTS_FRESH_EXEC": "1"}),
]
floor_code = ("import os\nfor _ in range(%d):\n    pid = os.fork()\n    if pid == 0:\n"
              "        os._exit(0)\n    os.waitpid(pid, 0)\n" % FORKS)


def cpu(command, extra=None):
    """CPU seconds of command and the children it waited for."""
    env = dict(os.environ, **(extra or {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def suite(case, extra=None):
    return cpu([selftest, "--no-default-expectations", "--jobs", "1", "--filter", case], extra)


samples = {name: [] for name, _, _ in kinds}
floor = []
for _ in range(runs):
    floor.append(cpu([python, "-c", floor_code]) - cpu([python, "-c", "pass"]))
    for name, case, extra in kinds:
        samples[name].append(suite(gate + "," + case, extra) - suite(gate, extra))
per_fork = statistics.median(floor) / FORKS
print("| case run | CPU ms (median of %d) | x bare fork |" % runs)
print("|---|---|---|")
print("| bare fork()+_exit()+waitpid() of the booted python | %.3f | 1.0 |" % (per_fork * 1e3))
for name, _, _ in kinds:
    m = statistics.median(samples[name])
    print("| %s | %.3f | %.1f |" % (name, m * 1e3, m / per_fork))
PY
