/* faults_fuzzer.c: sequences of C-API calls, each with one allocation
 * failing, in the interpreter that the earlier calls of the sequence (and
 * their failures) left behind: freelists, caches and resized tables carry
 * from one call to the next, where the conformance sweep (conformance/faults/) starts
 * each trial alike.
 * Input: records of 3+ bytes: the call (an index into fault_calls.h), the
 * domain (RAW, MEM, OBJ), and the allocation to fail (1..4096, 2 bytes).
 * Invariants, checked after each call: it reports failure only when an
 * allocation failed, then with an exception set; a success leaves no
 * exception; our guard blocks keep their bytes and the domain hands out
 * distinct blocks. ASan (under PYTHONMALLOC=malloc) and the debug hooks
 * (pymalloc_debug) watch every block in between.
 * Not run here: the calls whose failures are known findings, which would
 * end every run at once (docs/findings.md): PyRun_String (NULL without an
 * exception), the import (RuntimeError for a failed lock), Py_NewInterpreter
 * (deadlocks or sets MemoryError), Py_NewInterpreterFromConfig (crashes in
 * its error path from 3.13.8). The faults.* cases report them.
 * Planted bug: a failed call's exception is forgotten before the check. */
#include "runtime.h"

#include "fault_alloc.h"
#include "fault_trial.h"
#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"

static int excluded(int call)
{
    return call == FAULT_CALL_run_string || call == FAULT_CALL_import_module ||
           call == FAULT_CALL_new_interpreter || call == FAULT_CALL_new_interpreter_from_config ||
           call == FAULT_CALL_new_interpreter_from_config_isolated;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("faults_fuzzer");
    fault_guards_fill();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    char message[512];
    while (!fuzz_input_done(&in)) {
        int call = fuzz_byte(&in) % FAULT_CALL_COUNT;
        int domain = cts_families[fuzz_byte(&in) % 3].domain;
        long fail_at = (long)fuzz_range(&in, 1, 4096);
        FUZZ_TRACE("%s with allocation %ld of %s failing%s", fault_call_apis[call], fail_at,
                   fault_domain_name(domain), excluded(call) ? " (excluded: skipped)" : "");
        if (excluded(call))
            continue;
        fault_trial t;
        fault_trial_run(call, domain, fail_at, &t);
        if (fuzz_planted() && t.failed)
            t.exception = NULL;
        const char *verdict = fault_trial_verdict(call, domain, &t, message, sizeof message);
        FUZZ_CHECK(!verdict, "faults_fuzzer: %s", verdict);
        verdict = fault_guards_verdict(domain, message, sizeof message);
        FUZZ_CHECK(!verdict, "faults_fuzzer: after %s with allocation %ld of %s failing: %s",
                   fault_call_apis[call], fail_at, fault_domain_name(domain), verdict);
    }
    fuzz_expect_no_exception("faults_fuzzer");
    return 0;
}
