/* interpreters.c: the fault-injection cases of interpreters: Py_NewInterpreter
 * and, from 3.12, Py_NewInterpreterFromConfig with a shared and an isolated
 * config (runtime/fault/fault_calls.h), each with allocation 1, 2, 3 ... of
 * RAW, MEM and OBJ failing in turn (support/fault_sweep.c). */
#include "fault_sweep.h"

FAULT_CALLS_interpreters(FAULT_CASE)
