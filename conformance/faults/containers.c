/* containers.c: the fault-injection cases of containers: tuples, lists, dicts and sets, made and
 * mutated (runtime/fault/fault_calls.h), each with allocation 1, 2, 3 ... of RAW, MEM and OBJ
 * failing in turn (support/fault_sweep.c). */
#include "fault_sweep.h"

FAULT_CALLS_containers(FAULT_CASE)
