/* runtime.h: what a program that runs inside the build under test without
 * being a case includes (the fuzz targets): Python's headers as the suite
 * sees them (compat.h), the three allocator families (cts_families, whose
 * type case.h declares) and what the probe tells of the running build. */
#ifndef CTS_RUNTIME_H
#define CTS_RUNTIME_H

#include "compat.h"

#include "case.h"
#include "probe.h"

#endif
