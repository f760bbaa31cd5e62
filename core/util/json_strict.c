/* json_strict.c: see json_strict.h. */
#include "json_strict.h"

#include "buffer.h"
#include "io.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The line and column of at in text, from 1. */
static void locate(const char *text, const char *at, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (const char *p = text; p < at; p++) {
        *column = *p == '\n' ? 1 : *column + 1;
        *line += *p == '\n';
    }
}

static void say_where(const char *text, const char *at, const char *what, char *why, size_t size)
{
    int line, column;
    locate(text, at, &line, &column);
    snprintf(why, size, "%s (line %d, column %d)", what, line, column);
}

/* The length of the JSON number at s (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)
 * if the n bytes of number characters at s are exactly one, else 0: cJSON
 * alone would take "01", "1." or "-0x" as numbers Python's json refuses. */
static size_t number_length(const char *s, size_t n)
{
    size_t i = s[0] == '-';
    size_t digits = strspn(s + i, "0123456789");
    if (digits == 0 || (digits > 1 && s[i] == '0'))
        return 0;
    i += digits;
    if (i < n && s[i] == '.') {
        digits = strspn(s + i + 1, "0123456789");
        if (digits == 0)
            return 0;
        i += 1 + digits;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i += 1 + (s[i + 1] == '+' || s[i + 1] == '-');
        digits = strspn(s + i, "0123456789");
        if (digits == 0)
            return 0;
        i += digits;
    }
    return i == n ? n : 0;
}

/* The first byte of text that breaks a rule cJSON does not check: a NUL
 * byte, a byte of no valid UTF-8 sequence, a control character or a \u0000
 * escape in a string, a malformed number; NULL when there is none. what
 * says which. */
static const char *first_bad_byte(const char *text, size_t len, const char **what)
{
    const unsigned char *p = (const unsigned char *)text;
    int in_string = 0;
    for (size_t i = 0; i < len;) {
        size_t n = p[i] >= 0x20 && p[i] < 0x80 ? 1 : cts_utf8_sequence(p + i, len - i);
        if (p[i] == '\0')
            *what = "holds a NUL byte";
        else if (n == 0)
            *what = "is not valid UTF-8";
        else if (in_string && p[i] < 0x20)
            *what = "holds a control character in a string";
        else if (in_string && p[i] == '\\' && len - i >= 6 && memcmp(p + i + 1, "u0000", 5) == 0)
            *what = "holds a NUL (\\u0000) in a string";
        else if (!in_string && (p[i] == '-' || (p[i] >= '0' && p[i] <= '9'))) {
            n = strspn(text + i, "+-.0123456789eE");
            if (n > len - i || !number_length(text + i, n))
                *what = "holds a malformed number";
        } else if (p[i] == '"')
            in_string = !in_string;
        else if (in_string && p[i] == '\\' && i + 1 < len && p[i + 1] != '\0')
            n = 2; /* the escaped byte (a quote too) is part of the string */
        if (*what)
            return text + i;
        i += n;
    }
    return NULL;
}

/* At most 60 bytes of s with every byte that is not printable ASCII as '?'. */
static void shown(const char *s, char out[61])
{
    size_t i = 0;
    for (; s[i] && i < 60; i++)
        out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
    out[i] = '\0';
}

static int by_key(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether some object in item holds a key twice or two keys that differ
 * only in case; says which in why. Each object's keys sorted: n log n. */
static int repeated_key(const cJSON *item, char *why, size_t size)
{
    if (cJSON_IsObject(item) && item->child && item->child->next) {
        size_t n = 0, i = 0;
        for (const cJSON *c = item->child; c; c = c->next)
            n++;
        const char **keys = cts_realloc_or_exit(NULL, n, sizeof *keys);
        for (const cJSON *c = item->child; c; c = c->next)
            keys[i++] = c->string;
        qsort(keys, n, sizeof *keys, by_key);
        for (i = 1; i < n && strcasecmp(keys[i - 1], keys[i]) != 0; i++)
            ;
        if (i < n) {
            char a[61], b[61];
            shown(keys[i - 1], a);
            shown(keys[i], b);
            if (strcmp(keys[i - 1], keys[i]) == 0)
                snprintf(why, size, "has an object with the key '%s' twice", a);
            else
                snprintf(why, size,
                         "has an object with the keys '%s' and '%s', which differ only in case", a,
                         b);
        }
        free(keys);
        if (i < n)
            return 1;
    }
    for (const cJSON *c = item->child; c; c = c->next)
        if (repeated_key(c, why, size))
            return 1;
    return 0;
}

cJSON *cts_json_parse_strict(const char *text, size_t len, char *why, size_t size)
{
    const char *what = NULL, *bad = first_bad_byte(text, len, &what), *end = NULL;
    if (bad) {
        say_where(text, bad, what, why, size);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        say_where(text, end ? end : text, "is not valid JSON", why, size);
        return NULL;
    }
    end += strspn(end, " \t\r\n");
    if (end < text + len) {
        say_where(text, end, "has data after its JSON value", why, size);
        cJSON_Delete(root);
        return NULL;
    }
    if (repeated_key(root, why, size)) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

cJSON *cts_json_read_strict(const char *path, char *why, size_t size)
{
    size_t len = 0;
    char *text = cts_read_whole_file(path, &len, why, size);
    if (!text)
        return NULL;
    cJSON *root = NULL;
    if (len == 0)
        snprintf(why, size, "empty");
    else
        root = cts_json_parse_strict(text, len, why, size);
    free(text);
    return root;
}
