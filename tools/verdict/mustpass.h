/* mustpass.h: the frozen must-pass lists of one suite version, one file per
 * profile (conformance/mustpass/<version>/<profile>.txt). A line is
 * "<id> <tier>": tier "documented" for a rule the documentation states,
 * "reference" for CPython's reference behaviour (its implementation, or a
 * measurement). The header's "# profile: NAME: what it covers" names it. */
#ifndef CTS_MUSTPASS_H
#define CTS_MUSTPASS_H

#include <stddef.h>

enum { TIER_DOCUMENTED = 0, TIER_REFERENCE = 1, TIER_COUNT };

typedef struct mustpass_id {
    char *id;
    int tier;
} mustpass_id;

typedef struct profile {
    char *name;  /* e.g. "embedding" */
    char *about; /* what it covers, from the header */
    mustpass_id *ids;
    size_t count;
} profile;

typedef struct profiles {
    profile *items; /* strongest first: the one with the most ids */
    size_t count;
} profiles;

extern const char *const tier_names[TIER_COUNT];
extern const char *const tier_about[TIER_COUNT];

/* Loads every *.txt in dir; on a malformed or empty list prints one line
 * naming it and exits 2. */
void profiles_load(profiles *set, const char *dir);
/* Whether id is on any profile's list. */
int profiles_know(const profiles *set, const char *id);

#endif
