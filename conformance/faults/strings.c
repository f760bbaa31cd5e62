/* strings.c: the fault-injection cases of strings: PyUnicode_FromString, PyUnicode_FromFormat,
 * PyUnicode_Concat, PyUnicode_AsUTF8String (runtime/fault/fault_calls.h), each with allocation 1,
 * 2, 3 ... of RAW, MEM and OBJ failing in turn (support/fault_sweep.c). */
#include "fault_sweep.h"

FAULT_CALLS_strings(FAULT_CASE)
