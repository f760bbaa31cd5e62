/* list_sources.c: every case's source, one line each, for ci/doc_trace.py:
 * "<id>\t<page#anchor>\t<python version>\t<quote>" (page, version and quote
 * empty when the rule is not quoted from the documentation), with a family
 * case's "%s" filled in. */
#include "registry.h"
#include "source.h"

#include <stdio.h>

int main(void)
{
    const char *error = cts_registry_check();
    if (error) {
        fprintf(stderr, "list_sources: %s\n", error);
        return 2;
    }
    for (size_t i = 0; i < cts_registry_count(); i++) {
        const cts_case *c = cts_registry_at(i);
        char quote[1024], page[256];
        printf("%s\t%s\t%s\t%s\n", c->id,
               c->source.quote ? cts_source_text(c, c->source.page, page, sizeof page) : "",
               c->source.quote ? c->source.python : "",
               c->source.quote ? cts_source_text(c, c->source.quote, quote, sizeof quote) : "");
    }
    return 0;
}
