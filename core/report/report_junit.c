/* report_junit.c: the JUnit XML report, one <testsuite> per allocator mode,
 * one <testcase> per case; FAIL/XPASS are failures, CRASH/TIMEOUT/ERROR
 * errors, UNSUPPORTED and XFAIL skipped with their reason. Valid against
 * Jenkins' schema (tests/junit.xsd) and Ant's (tests/junit-ant.xsd); the
 * build and mode are in every suite's name and every case's classname
 * (docs/report-schema.md, "The JUnit report"). */
#include "report.h"

#include "buffer.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put(cts_buffer *b, const char *s)
{
    cts_buffer_append(b, s, strlen(s));
}

/* Whether the character of n bytes at p is one XML 1.0 cannot carry: a
 * control character other than tab and newline, U+FFFE or U+FFFF. */
static int not_xml(const unsigned char *p, size_t n)
{
    if (n == 1)
        return p[0] < 0x20 && p[0] != '\n' && p[0] != '\t';
    return n == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

/* XML-escaped text, made valid UTF-8 first (text.h); characters XML 1.0
 * cannot carry become '?'. */
static void put_escaped(cts_buffer *b, const char *s)
{
    char *text = cts_text_from_string(s ? s : "");
    size_t len = strlen(text);
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t n = cts_utf8_sequence(p, len - (size_t)(p - (const unsigned char *)text));
        switch (*p) {
        case '<': put(b, "&lt;"); break;
        case '>': put(b, "&gt;"); break;
        case '&': put(b, "&amp;"); break;
        case '"': put(b, "&quot;"); break;
        default:
            if (not_xml(p, n))
                put(b, "?");
            else
                cts_buffer_append(b, (const char *)p, n);
        }
        p += n;
    }
    free(text);
}

/* "cpython-3.11.7d", "cpython-3.13.1t", "pypy-3.9.16": the implementation,
 * the version and the free-threaded and debug marks, from the first mode
 * whose worker probed the build; the headers' version if none did. */
static void build_tag(const cts_report *r, char *out, size_t size)
{
    for (size_t i = 0; i < r->nmodes; i++) {
        const cts_caps *c = &r->modes[i].caps;
        if (r->modes[i].have_caps) {
            snprintf(out, size, "%s-%s%s%s", c->implementation[0] ? c->implementation : "python",
                     c->version, c->free_threaded ? "t" : "", c->debug_build ? "d" : "");
            return;
        }
    }
#ifdef CTS_HEADER_VERSION
    snprintf(out, size, "python-%s", CTS_HEADER_VERSION);
#else
    snprintf(out, size, "python-unknown");
#endif
}

/* classname "<build>.<mode>" (Jenkins: package the build, class the
 * mode), name the case's id. */
static void put_case(cts_buffer *b, const char *build, const cts_record *rec)
{
    char num[64];
    put(b, "    <testcase classname=\"");
    put_escaped(b, build);
    put(b, ".");
    put_escaped(b, rec->allocator);
    put(b, "\" name=\"");
    put_escaped(b, rec->id);
    snprintf(num, sizeof num, "\" time=\"%.3f\">\n", rec->seconds);
    put(b, num);
    const char *tag = NULL;
    switch (rec->result) {
    case CTS_FAIL:
    case CTS_XPASS: tag = "failure"; break;
    case CTS_CRASH:
    case CTS_TIMEOUT:
    case CTS_ERROR: tag = "error"; break;
    case CTS_UNSUPPORTED:
    case CTS_XFAIL: tag = "skipped"; break;
    default: break;
    }
    if (tag) {
        put(b, "      <");
        put(b, tag);
        put(b, " type=\"");
        put(b, cts_result_name(rec->result));
        put(b, "\" message=\"");
        put_escaped(b, rec->result == CTS_XFAIL ? rec->reason : rec->message);
        put(b, "\">");
        put_escaped(b, rec->output);
        put(b, "</");
        put(b, tag);
        put(b, ">\n");
    }
    put(b, "    </testcase>\n");
}

static void put_property(cts_buffer *b, const char *name, const char *value)
{
    put(b, "      <property name=\"");
    put_escaped(b, name);
    put(b, "\" value=\"");
    put_escaped(b, value);
    put(b, "\"/>\n");
}

/* The run's identity: the JSON report's "build" object, the suite's
 * version, the mode and what the build said it uses in it. */
static void put_properties(cts_buffer *b, const cts_report *r, const cts_mode_run *m)
{
    put(b, "    <properties>\n");
    cJSON *build = cts_report_build_json(), *item;
    cJSON_ArrayForEach(item, build)
    {
        if (cJSON_IsString(item))
            put_property(b, item->string, item->valuestring);
    }
    cJSON_Delete(build);
    put_property(b, "suite_version", cts_report_suite_version());
    put_property(b, "allocator", m->mode);
    if (m->have_caps)
        put_property(b, "allocator_in_use", m->caps.allocator);
    if (r->filter)
        put_property(b, "filter", r->filter);
    put(b, "    </properties>\n");
}

static void put_suite(cts_buffer *b, const cts_report *r, size_t index, const char *tag,
                      const char *host, const char *stamp)
{
    const cts_mode_run *m = &r->modes[index];
    size_t counts[CTS_RESULT_COUNT], total = 0;
    cts_report_count(r, m->mode, counts);
    for (int i = 0; i < CTS_RESULT_COUNT; i++)
        total += counts[i];
    double seconds = 0;
    for (size_t i = 0; i < r->nrecords; i++) {
        if (strcmp(r->records[i].allocator, m->mode) == 0)
            seconds += r->records[i].seconds;
    }
    char head[512];
    put(b, "  <testsuite name=\"pymem-cts[");
    put_escaped(b, tag);
    put(b, " ");
    put_escaped(b, m->mode);
    put(b, "]\" package=\"");
    put_escaped(b, tag);
    put(b, "\" hostname=\"");
    put_escaped(b, host);
    snprintf(head, sizeof head,
             "\" id=\"%zu\" timestamp=\"%s\" time=\"%.3f\" tests=\"%zu\" failures=\"%zu\" "
             "errors=\"%zu\" skipped=\"%zu\">\n",
             index, stamp, seconds, total, counts[CTS_FAIL] + counts[CTS_XPASS],
             counts[CTS_CRASH] + counts[CTS_TIMEOUT] + counts[CTS_ERROR],
             counts[CTS_UNSUPPORTED] + counts[CTS_XFAIL]);
    put(b, head);
    put_properties(b, r, m);
    for (size_t i = 0; i < r->nrecords; i++) {
        if (strcmp(r->records[i].allocator, m->mode) == 0)
            put_case(b, tag, &r->records[i]);
    }
    put(b, "    <system-out/>\n    <system-err/>\n  </testsuite>\n");
}

int cts_report_write_junit(const cts_report *r, const char *path, char *err, size_t size)
{
    cts_buffer b = {0};
    char tag[128], host[256], stamp[32];
    build_tag(r, tag, sizeof tag);
    /* Ant's hostname is a non-empty token: "localhost" if there is none. */
    if (gethostname(host, sizeof host) != 0 || !host[0] || strpbrk(host, " \t\n"))
        snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    /* Ant's timestamp carries no zone: it is UTC, as the JSON's "started". */
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", gmtime(&r->started));
    put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (size_t i = 0; i < r->nmodes; i++)
        put_suite(&b, r, i, tag, host, stamp);
    put(&b, "</testsuites>\n");
    int rc = cts_write_atomically(path, cts_buffer_text(&b), b.len, err, size);
    cts_buffer_free(&b);
    return rc;
}
