/* source.c: a case's source (see source.h). */
#include "source.h"

#include <stdio.h>
#include <string.h>

const char *cts_source_tier(const cts_case *c)
{
    return c->source.impl || c->source.note ? "reference" : "documented";
}

const char *cts_source_text(const cts_case *c, const char *text, char *buf, size_t size)
{
    const cts_family *fam = c->family;
    if (!text)
        return NULL;
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < size; p++) {
        if (fam && p[0] == '%' && p[1] == 's') {
            n += (size_t)snprintf(buf + n, size - n, "%s", fam->prefix);
            n = n < size ? n : size - 1;
            p++;
        } else
            buf[n++] = *p;
    }
    buf[n] = '\0';
    return buf;
}

const char *cts_source_error(const cts_case *c)
{
    const cts_source *s = &c->source;
    if (s->quote && (!s->page || !s->python || !strchr(s->page, '#')))
        return "quotes the documentation without its page#section and Python version";
    if (!s->quote && !s->impl && !s->note)
        return "names no source (a documentation quote, an implementation file or a note)";
    return NULL;
}

const char *cts_source_describe(const cts_case *c, char *buf, size_t size)
{
    char quote[1024], page[256];
    const cts_source *s = &c->source;
    int n = snprintf(buf, size, "[%s]", cts_source_tier(c));
    if (s->quote && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " %s (%s): \"%s\"",
                      cts_source_text(c, s->page, page, sizeof page), s->python,
                      cts_source_text(c, s->quote, quote, sizeof quote));
    if (s->impl && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " implementation: %s", s->impl);
    if (s->note && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " measured: %s", s->note);
    return buf;
}

static void add_text(cJSON *o, const char *name, const char *text)
{
    cJSON_AddItemToObject(o, name, text ? cJSON_CreateString(text) : cJSON_CreateNull());
}

cJSON *cts_source_json(const cts_case *c)
{
    char quote[1024], page[256];
    cJSON *o = cJSON_CreateObject();
    add_text(o, "tier", cts_source_tier(c));
    add_text(o, "quote", cts_source_text(c, c->source.quote, quote, sizeof quote));
    add_text(o, "page", cts_source_text(c, c->source.page, page, sizeof page));
    add_text(o, "python", c->source.python);
    add_text(o, "implementation", c->source.impl);
    add_text(o, "note", c->source.note);
    return o;
}
