/* report_junit.c: the JUnit XML report, one <testsuite> per allocator mode,
 * one <testcase> per case; FAIL/XPASS are failures, CRASH/TIMEOUT/ERROR
 * errors, UNSUPPORTED and XFAIL skipped with their reason. */
#include "report.h"

#include "buffer.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void put_case(cts_buffer *b, const cts_record *rec)
{
    char num[64];
    put(b, "    <testcase classname=\"");
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

static void put_suite(cts_buffer *b, const cts_report *r, const char *mode)
{
    size_t counts[CTS_RESULT_COUNT], total = 0;
    cts_report_count(r, mode, counts);
    for (int i = 0; i < CTS_RESULT_COUNT; i++)
        total += counts[i];
    char head[256];
    put(b, "  <testsuite name=\"pymem-cts[");
    put_escaped(b, mode);
    snprintf(head, sizeof head,
             "]\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", total,
             counts[CTS_FAIL] + counts[CTS_XPASS],
             counts[CTS_CRASH] + counts[CTS_TIMEOUT] + counts[CTS_ERROR],
             counts[CTS_UNSUPPORTED] + counts[CTS_XFAIL]);
    put(b, head);
    for (size_t i = 0; i < r->nrecords; i++) {
        if (strcmp(r->records[i].allocator, mode) == 0)
            put_case(b, &r->records[i]);
    }
    put(b, "  </testsuite>\n");
}

int cts_report_write_junit(const cts_report *r, const char *path, char *err, size_t size)
{
    cts_buffer b = {0};
    put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pymem-cts\">\n");
    for (size_t i = 0; i < r->nmodes; i++)
        put_suite(&b, r, r->modes[i].mode);
    put(&b, "</testsuites>\n");
    int rc = cts_write_atomically(path, cts_buffer_text(&b), b.len, err, size);
    cts_buffer_free(&b);
    return rc;
}
