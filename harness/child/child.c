/* child.c: the case's side of the isolation: its context, the check
 * functions behind CTS_EXPECT/CTS_REQUIRE/CTS_UNSUPPORTED, and the line
 * protocol that carries their verdicts to the runner. */
#include "child.h"

#include "boot.h"
#include "probe.h"
#include "io.h"
#include "protocol.h"
#include "registry.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cts_ctx {
    const cts_case *c;
    const cts_caps *caps;
    int msg_fd;
};

/* One event line; newlines inside the text become spaces. */
static void send_line(int fd, char kind, const char *text)
{
    char line[2048];
    int len = snprintf(line, sizeof line - 1, "%c %s", kind, text);
    if (len < 0)
        return;
    if ((size_t)len > sizeof line - 2)
        len = sizeof line - 2;
    for (int i = 0; i < len; i++) {
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    }
    line[len++] = '\n';
    cts_write_all(fd, line, (size_t)len);
}

/* A case file's path from the source tree's top, "conformance/debug/detect.c"
 * (the path is its identity: a base name alone is not unique); another
 * file's base name. */
static const char *where_in_tree(const char *file)
{
    const char *tree = strstr(file, "conformance/");
    const char *base = strrchr(file, '/');
    return tree ? tree : base ? base + 1 : file;
}

int cts_check_(cts_ctx *cts, int ok, const char *cond, const char *file, int line, const char *fmt,
               ...)
{
    if (ok)
        return 1;
    char text[1800];
    size_t n = (size_t)snprintf(text, sizeof text, "%s:%d: ", where_in_tree(file), line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text + n, sizeof text - n, fmt, ap);
    va_end(ap);
    n = strlen(text);
    if (strcmp(cond, "0") != 0)
        snprintf(text + n, sizeof text - n, " [expected: %s]", cond);
    send_line(cts->msg_fd, CTS_EVENT_FAIL, text);
    return 0;
}

void cts_unsupported_(cts_ctx *cts, const char *fmt, ...)
{
    char text[1800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    send_line(cts->msg_fd, CTS_EVENT_UNSUPPORTED, text);
}

const void *cts_param(const cts_ctx *cts)
{
    return cts->c->param;
}

const cts_family *cts_family_of(const cts_ctx *cts)
{
    return cts->c->family;
}

unsigned long cts_python_version(const cts_ctx *cts)
{
    return cts->caps ? cts->caps->version_hex : cts_runtime_version();
}

const char *cts_allocator_name(const cts_ctx *cts)
{
    return cts->caps ? cts->caps->allocator : "";
}

/* The case running in this process, for cts_child_leave_unsupported. */
static cts_ctx *running;

/* Ends the running case with one event line of kind. */
__attribute__((noreturn)) static void leave_with(char kind, const char *text)
{
    if (!running) {
        fprintf(stderr, "pymem-cts: internal error: %s (outside a case)\n", text);
        abort();
    }
    fflush(stdout);
    fflush(stderr);
    send_line(running->msg_fd, kind, text);
    _exit(0);
}

void cts_child_leave_unsupported(const char *text)
{
    leave_with(CTS_EVENT_UNSUPPORTED, text);
}

void cts_child_leave_error(const char *text)
{
    leave_with(CTS_EVENT_ERROR, text);
}

#ifdef CTS_ABSENT_H /* an implementation that lacks part of the API (absent.h) */
__attribute__((noreturn)) static void leave_absent(const char *text)
{
    leave_with(CTS_EVENT_ABSENT, text);
}
#endif

void cts_child_run(const cts_case *c, const cts_caps *caps, int msg_fd)
{
    cts_ctx ctx = {c, caps, msg_fd};
    running = &ctx;
#ifdef CTS_ABSENT_H
    cts_on_absent_api(leave_absent);
#endif
    c->run(&ctx);
    running = NULL;
    fflush(stdout);
    fflush(stderr);
    send_line(msg_fd, CTS_EVENT_DONE, "");
}

int cts_child_main(const char *id, int msg_fd)
{
    const cts_case *c = cts_registry_find(id);
    if (!c) {
        fprintf(stderr, "pymem-cts: no case with id '%s'\n", id);
        return 2;
    }
    cts_caps caps;
    const cts_caps *have = NULL;
    if (c->boot == CTS_BOOT) {
        const char *err = cts_boot();
        if (err) {
            send_line(msg_fd, CTS_EVENT_ERROR, err);
            return 1;
        }
        cts_probe(&caps, getenv("PYTHONMALLOC"));
        have = &caps;
    }
    cts_child_run(c, have, msg_fd);
    _exit(0); /* like a forked child: no finalisation unless the case does it */
}
