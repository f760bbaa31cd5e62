/* bytes.c: the fault-injection cases of bytes: PyBytes_FromStringAndSize,
 * PyByteArray_FromStringAndSize (runtime/fault/fault_calls.h), each with allocation 1, 2, 3 ... of
 * RAW, MEM and OBJ failing in turn (support/fault_sweep.c). */
#include "fault_sweep.h"

FAULT_CALLS_bytes(FAULT_CASE)
