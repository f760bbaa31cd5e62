/* version_rule.h: the "versions" of an expectations entry. A rule is either
 * a prefix ("3.13" matches 3.13, 3.13.0 and 3.13.0rc1, not 3.130) or a
 * range of comparisons joined by spaces or commas (">=3.13.2 <3.14": from
 * 3.13.2 up to, not including, 3.14). A bound's missing parts are 0, and a
 * pre-release compares as its final release (3.14.0a1 is not < 3.14). */
#ifndef CTS_VERSION_RULE_H
#define CTS_VERSION_RULE_H

#include <stddef.h>

/* NULL when rule is well formed, else why not (a static string). */
const char *cts_version_rule_error(const char *rule);
/* Whether version ("3.13.18", "3.15.0rc1") satisfies rule. */
int cts_version_rule_matches(const char *rule, const char *version);

#endif
