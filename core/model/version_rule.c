/* version_rule.c: matches a Python version against an expectations entry's
 * version rule: a prefix or a range (see version_rule.h). */
#include "version_rule.h"

#include <ctype.h>
#include <string.h>

typedef struct version {
    long part[3]; /* major, minor, micro */
} version;

/* Reads "3", "3.13" or "3.13.2" (a trailing "rc1" is allowed only when
 * lenient); returns the end, or NULL if s does not start with a version. */
static const char *read_version(const char *s, version *v, int lenient)
{
    memset(v, 0, sizeof *v);
    for (int i = 0; i < 3; i++) {
        if (!isdigit((unsigned char)*s))
            return NULL;
        long n = 0;
        while (isdigit((unsigned char)*s) && n < 100000)
            n = n * 10 + (*s++ - '0');
        v->part[i] = n;
        if (*s != '.' || !isdigit((unsigned char)s[1]))
            break;
        s++;
    }
    if (lenient)
        while (isalnum((unsigned char)*s) || *s == '+')
            s++;
    return s;
}

static int compare(const version *a, const version *b)
{
    for (int i = 0; i < 3; i++)
        if (a->part[i] != b->part[i])
            return a->part[i] < b->part[i] ? -1 : 1;
    return 0;
}

static int is_range(const char *rule)
{
    return *rule == '<' || *rule == '>' || *rule == '=';
}

/* Reads one comparison ("<=3.14") at s; sets *holds for version, returns the
 * end or NULL on a syntax error. */
static const char *read_comparison(const char *s, const version *have, int *holds)
{
    char op[3] = {0};
    size_t n = strspn(s, "<>=");
    if (n < 1 || n > 2)
        return NULL;
    memcpy(op, s, n);
    version bound;
    const char *end = read_version(s + n, &bound, 0);
    if (!end)
        return NULL;
    int c = compare(have, &bound);
    if (strcmp(op, "<") == 0)
        *holds = c < 0;
    else if (strcmp(op, "<=") == 0)
        *holds = c <= 0;
    else if (strcmp(op, ">") == 0)
        *holds = c > 0;
    else if (strcmp(op, ">=") == 0)
        *holds = c >= 0;
    else if (strcmp(op, "==") == 0)
        *holds = c == 0;
    else
        return NULL;
    return end;
}

/* Evaluates a range; -1 on a syntax error, else whether all comparisons hold. */
static int range_matches(const char *rule, const version *have)
{
    int all = 1, any = 0;
    for (const char *s = rule; *s;) {
        s += strspn(s, " ,");
        if (!*s)
            break;
        int holds;
        if (!(s = read_comparison(s, have, &holds)))
            return -1;
        if (*s && *s != ' ' && *s != ',')
            return -1;
        all &= holds;
        any = 1;
    }
    return any ? all : -1;
}

static int prefix_matches(const char *rule, const char *version)
{
    size_t len = strlen(rule);
    return strncmp(version, rule, len) == 0 &&
           (version[len] == '\0' || !isdigit((unsigned char)version[len]));
}

const char *cts_version_rule_error(const char *rule)
{
    version any = {{3, 0, 0}}, v;
    if (is_range(rule))
        return range_matches(rule, &any) < 0
                   ? "is not a range such as \">=3.13.2 <3.14\" (operators <, <=, >, >=, ==)"
                   : NULL;
    const char *end = read_version(rule, &v, 1);
    return end && !*end ? NULL
                        : "is neither a version prefix (\"3.13\") nor a range (\">=3.13.2\")";
}

int cts_version_rule_matches(const char *rule, const char *version)
{
    if (!is_range(rule))
        return prefix_matches(rule, version);
    struct version have;
    if (!read_version(version, &have, 1))
        return 0;
    return range_matches(rule, &have) == 1;
}
