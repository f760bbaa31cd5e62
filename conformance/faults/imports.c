/* imports.c: the fault-injection cases of imports: PyImport_ImportModule
 * (runtime/fault/fault_calls.h), each with allocation 1, 2, 3 ... of RAW, MEM
 * and OBJ failing in turn (support/fault_sweep.c). */
#include "fault_sweep.h"

FAULT_CALLS_imports(FAULT_CASE)
