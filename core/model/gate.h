/* gate.h: whether a case applies to this build and allocator mode. */
#ifndef CTS_GATE_H
#define CTS_GATE_H

#include "caps.h"
#include "case.h"
#include "protocol.h"

#include <stddef.h>

/* NULL when c can run here, otherwise the reason it is UNSUPPORTED, in buf,
 * and its kind in *kind. */
const char *cts_gate(const cts_case *c, const cts_caps *caps, char *buf, size_t size,
                     cts_skip_kind *kind);

/* "3.12" for 0x030C0000, "3.12.1" when the micro version is not zero. */
void cts_format_version(unsigned long hex, char *buf, size_t size);

#endif
