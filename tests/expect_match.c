/* expect_match.c: proves how expectations entries match builds, on a table
 * of versions and build traits: version prefixes and ranges, debug and
 * free-threaded builds, the allocator mode and the allocator in use. Each
 * row names an entry of the table below and a build, and whether the entry
 * must turn that build's FAIL into XFAIL. Exit status 1 on any mismatch. */
#include "expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char table_json[] =
    "{\"expectations\": ["
    "{\"case\": \"t.range\", \"result\": \"FAIL\", \"reason\": \"r\","
    " \"versions\": [\">=3.13.2 <3.14\"]},"
    "{\"case\": \"t.prefix\", \"result\": \"FAIL\", \"reason\": \"r\", \"versions\": [\"3.13\"]},"
    "{\"case\": \"t.open\", \"result\": \"FAIL\", \"reason\": \"r\", \"versions\": [\">=3.15\"]},"
    "{\"case\": \"t.mixed\", \"result\": \"FAIL\", \"reason\": \"r\","
    " \"versions\": [\"3.7\", \">3.9.1,<=3.10.4\"]},"
    "{\"case\": \"t.release_mimalloc\", \"result\": \"FAIL\", \"reason\": \"r\","
    " \"versions\": [\">=3.13\"], \"allocators\": [\"mimalloc\"], \"debug_build\": false},"
    "{\"case\": \"t.ft\", \"result\": \"FAIL\", \"reason\": \"r\", \"free_threaded\": true},"
    "{\"case\": \"t.impl\", \"result\": \"FAIL\", \"reason\": \"r\","
    " \"implementation\": \"cpython\", \"versions\": [\"==3.12.1\"]},"
    "{\"case\": \"t.flaky\", \"result\": [\"PASS\", \"CRASH\"], \"reason\": \"r\"}"
    "]}";

typedef struct row {
    const char *id;
    const char *version;
    const char *requested, *allocator;
    int debug, ft;
    const char *impl;
    int waived; /* 1: the FAIL becomes XFAIL */
} row;

static const row rows[] = {
    {"t.range", "3.13.1", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.range", "3.13.2", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.range", "3.13.18", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.range", "3.13.30rc1", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.range", "3.14.0a1", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.range", "3.14.10", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.range", "3.12.9", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.prefix", "3.13.0", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.prefix", "3.130.1", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.prefix", "3.1", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.open", "3.15.2", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.open", "3.16.0a1", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.open", "3.14.99", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.open", "4.0", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.mixed", "3.7.16", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.mixed", "3.9.1", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.mixed", "3.9.2", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.mixed", "3.10.4", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.mixed", "3.10.5", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.release_mimalloc", "3.14.10", "mimalloc", "mimalloc", 0, 0, "cpython", 1},
    {"t.release_mimalloc", "3.14.10", "mimalloc", "mimalloc", 1, 0, "cpython", 0},
    {"t.release_mimalloc", "3.15.2", "default", "mimalloc", 0, 1, "cpython", 1},
    {"t.release_mimalloc", "3.15.2", "pymalloc", "pymalloc", 0, 0, "cpython", 0},
    {"t.release_mimalloc", "3.12.1", "mimalloc", "mimalloc", 0, 0, "cpython", 0},
    {"t.ft", "3.13.15", "default", "mimalloc", 0, 1, "cpython", 1},
    {"t.ft", "3.13.15", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.impl", "3.12.1", "default", "pymalloc", 0, 0, "cpython", 1},
    {"t.impl", "3.12.10", "default", "pymalloc", 0, 0, "cpython", 0},
    {"t.impl", "3.12.1", "default", "pymalloc", 0, 0, "pypy", 0},
};

static int check_row(const cts_expectations *set, const row *r)
{
    cts_caps caps = {0};
    snprintf(caps.version, sizeof caps.version, "%s", r->version);
    snprintf(caps.requested, sizeof caps.requested, "%s", r->requested);
    snprintf(caps.allocator, sizeof caps.allocator, "%s", r->allocator);
    snprintf(caps.implementation, sizeof caps.implementation, "%s", r->impl);
    caps.debug_build = r->debug;
    caps.free_threaded = r->ft;
    cts_record rec = {.id = (char *)r->id, .result = CTS_FAIL};
    cts_expectations_apply(set, &caps, &rec);
    int waived = rec.result == CTS_XFAIL;
    free(rec.reason);
    if (waived == r->waived)
        return 0;
    printf("FAIL: %s on %s%s%s (%s, %s): %s, expected %s\n", r->id, r->version,
           r->debug ? " debug" : "", r->ft ? " free-threaded" : "", r->requested, r->allocator,
           waived ? "waived" : "not waived", r->waived ? "waived" : "not waived");
    return 1;
}

/* An intermittent entry (["PASS", "CRASH"]) waives both of its outcomes,
 * and nothing else. */
static int check_intermittent(const cts_expectations *set)
{
    static const cts_result given[] = {CTS_PASS, CTS_CRASH, CTS_FAIL, CTS_TIMEOUT};
    static const cts_result want[] = {CTS_XFAIL, CTS_XFAIL, CTS_FAIL, CTS_TIMEOUT};
    cts_caps caps = {0};
    snprintf(caps.version, sizeof caps.version, "3.6.15");
    int failed = 0;
    for (int i = 0; i < 4; i++) {
        cts_record rec = {.id = "t.flaky", .result = given[i]};
        cts_expectations_apply(set, &caps, &rec);
        if (rec.result != want[i]) {
            printf("FAIL: t.flaky: %s became %s, expected %s\n", cts_result_name(given[i]),
                   cts_result_name(rec.result), cts_result_name(want[i]));
            failed++;
        }
        free(rec.reason);
        free(rec.message);
    }
    return failed;
}

int main(void)
{
    char path[] = "/tmp/expect_match.XXXXXX", err[512];
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, table_json, sizeof table_json - 1) != (ssize_t)(sizeof table_json - 1))
        return perror("expect_match: temporary file"), 2;
    close(fd);
    cts_expectations set = {0};
    int rc = cts_expectations_load(&set, path, err, sizeof err);
    unlink(path);
    if (rc != 0)
        return printf("expect_match: %s\n", err), 2;
    size_t n = sizeof rows / sizeof rows[0], failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += (size_t)check_row(&set, &rows[i]);
    int flaky = check_intermittent(&set);
    failed += (size_t)flaky;
    n += 4;
    cts_expectations_free(&set);
    printf("%zu passed, %zu failed\n", n - failed, failed);
    return failed ? 1 : 0;
}
