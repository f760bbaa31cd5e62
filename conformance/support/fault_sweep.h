/* fault_sweep.h: the fault-injection case of one call of fault_calls.h:
 * FAULT_CASE, given to a group's list (FAULT_CALLS_<group>), registers the
 * case faults.<group>.<name> of each call, whose body is fault_sweep(). */
#ifndef CTS_FAULT_SWEEP_H
#define CTS_FAULT_SWEEP_H

#include "cts.h"

#include "fault_calls.h"

/* The case body: the call named by the case's parameter (an index of
 * fault_calls.h), with allocation 1, 2, 3 ... of RAW, MEM and OBJ failing in
 * turn; UNSUPPORTED when it allocates nothing to fail. */
void fault_sweep(cts_ctx *cts);

#define FAULT_CASE(name, group, since_, api, where, text)                                          \
    static const int name##_index = FAULT_CALL_##name;                                             \
    CTS_REGISTER_(fault_##name, #name, .id = "faults." #group "." #name, .run = fault_sweep,       \
                  .param = &name##_index, .since = FAULT_SINCE_##since_,                           \
                  .why_version = api " is new in " FAULT_NEW_IN_##since_,                          \
                  .doc = api " with each allocation of each domain failing in turn reports the "   \
                             "failure as documented (with MemoryError set, or no exception where " \
                             "its page says so) and leaves the heap intact",                       \
                  .source = {.quote = text,                                                        \
                             .page = where,                                                        \
                             .python = "3.15",                                                     \
                             .note = "MemoryError for a failed allocation, where the page says "   \
                                     "only 'an exception': the C API's convention "                \
                                     "(PyErr_NoMemory), read in every call measured"})

#endif
