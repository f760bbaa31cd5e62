/* numbers.c: the fault-injection cases of numbers: PyLong_FromLong, PyLong_FromString,
 * PyFloat_FromDouble, PyNumber_Multiply (runtime/fault/fault_calls.h), each with allocation 1, 2, 3
 * ... of RAW, MEM and OBJ failing in turn (support/fault_sweep.c). */
#include "fault_sweep.h"

FAULT_CALLS_numbers(FAULT_CASE)
