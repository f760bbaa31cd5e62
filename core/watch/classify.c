/* classify.c: the rules that turn a child's exit status, signal, event
 * lines and output into PASS, FAIL, UNSUPPORTED, CRASH, TIMEOUT or ERROR.
 * A death test passes only if it died of the expected signal AND its
 * output matches the expected pattern. */
#include "classify.h"

#include "io.h"
#include "protocol.h"

#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

/* The text of every event line of one kind, joined by "; ". */
static char *events_of(const char *events, char kind)
{
    size_t len = 0;
    char *out = NULL;
    for (const char *p = events; p && *p;) {
        size_t n = strcspn(p, "\n");
        if (n >= 2 && p[0] == kind && p[1] == ' ') {
            char *grown = realloc(out, len + n + 3);
            if (!grown)
                break;
            out = grown;
            if (len) {
                memcpy(out + len, "; ", 2);
                len += 2;
            }
            memcpy(out + len, p + 2, n - 2);
            len += n - 2;
            out[len] = '\0';
        }
        p += n;
        if (*p)
            p++;
    }
    return out;
}

static int has_event(const char *events, char kind)
{
    char *text = events_of(events, kind);
    free(text);
    return text != NULL;
}

static int output_matches(const char *pattern, const char *output, char **why)
{
    regex_t re;
    int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
    if (rc != 0) {
        char err[128];
        regerror(rc, &re, err, sizeof err);
        *why = format("bad death-test pattern /%s/: %s", pattern, err);
        return -1;
    }
    int ok = regexec(&re, output ? output : "", 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static void classify_death(const cts_case *c, const cts_ending *e, cts_record *rec)
{
    int st = e->status;
    if (WIFSIGNALED(st)) {
        int sig = WTERMSIG(st);
        if (sig != c->death_signal && sig != c->death_signal_alt) {
            rec->result = CTS_CRASH;
            rec->message = format("expected to die of %s, but was killed by %s",
                                  cts_signal_name(c->death_signal), cts_signal_name(sig));
            return;
        }
        if (!c->death_stderr) {
            rec->result = CTS_PASS;
            return;
        }
        char *why = NULL;
        int m = output_matches(c->death_stderr, e->output, &why);
        rec->result = m > 0 ? CTS_PASS : m < 0 ? CTS_ERROR : CTS_FAIL;
        if (m == 0)
            why = format("died of %s as expected, but its output does not match /%s/",
                         cts_signal_name(sig), c->death_stderr);
        rec->message = why;
        return;
    }
    rec->result = CTS_FAIL;
    char *failed = events_of(e->events, CTS_EVENT_FAIL);
    if (failed)
        rec->message =
            format("expected to die of %s: %s", cts_signal_name(c->death_signal), failed);
    else if (has_event(e->events, CTS_EVENT_DONE))
        rec->message = format("expected to die of %s, but the case returned",
                              cts_signal_name(c->death_signal));
    else
        rec->message = format("expected to die of %s, but exited with status %d",
                              cts_signal_name(c->death_signal), WEXITSTATUS(st));
    free(failed);
}

static void classify_exit(const cts_ending *e, cts_record *rec)
{
    int code = WEXITSTATUS(e->status);
    char *text;
    if ((text = events_of(e->events, CTS_EVENT_ERROR))) {
        rec->result = CTS_ERROR;
        rec->message = text;
    } else if ((text = events_of(e->events, CTS_EVENT_FAIL))) {
        rec->result = CTS_FAIL;
        rec->message = text;
    } else if ((text = events_of(e->events, CTS_EVENT_UNSUPPORTED))) {
        rec->result = CTS_UNSUPPORTED;
        rec->skip = CTS_SKIP_CASE;
        rec->message = text;
    } else if ((text = events_of(e->events, CTS_EVENT_ABSENT))) {
        rec->result = CTS_UNSUPPORTED;
        rec->skip = CTS_SKIP_IMPLEMENTATION;
        rec->message = text;
    } else if (!has_event(e->events, CTS_EVENT_DONE)) {
        rec->result = CTS_FAIL;
        rec->message = format("exited with status %d before the case finished", code);
    } else if (code != 0) {
        rec->result = CTS_FAIL;
        rec->message = format("finished, but the process exited with status %d", code);
    } else {
        rec->result = CTS_PASS;
    }
}

void cts_classify(const cts_case *c, const cts_ending *e, cts_record *rec)
{
    if (e->timed_out && e->stuck) {
        rec->result = CTS_TIMEOUT;
        rec->message = format("deadlock: no thread made progress for %d ms: %s; killed before "
                              "its %g s deadline",
                              e->stuck_ms, e->stuck, e->timeout);
    } else if (e->timed_out && e->backstop) {
        rec->result = CTS_TIMEOUT;
        rec->message = format("still running after %g s of wall-clock time (%d times its %g s "
                              "deadline, %.1f s of it waiting for a CPU); killed",
                              CTS_BACKSTOP * e->timeout, CTS_BACKSTOP, e->timeout, e->cpu_wait);
    } else if (e->timed_out && e->cpu_wait >= 0.1) {
        rec->result = CTS_TIMEOUT;
        rec->message = format("still running after %g s, not counting %.1f s it waited for a "
                              "CPU; killed",
                              e->timeout, e->cpu_wait);
    } else if (e->timed_out) {
        rec->result = CTS_TIMEOUT;
        rec->message = format("still running after %g s; killed", e->timeout);
    } else if (!WIFSIGNALED(e->status) && has_event(e->events, CTS_EVENT_ERROR)) {
        rec->result = CTS_ERROR; /* the harness failed it (checked.c), death test or not */
        rec->message = events_of(e->events, CTS_EVENT_ERROR);
    } else if (c->death_signal) {
        classify_death(c, e, rec);
    } else if (WIFSIGNALED(e->status)) {
        char *failed = events_of(e->events, CTS_EVENT_FAIL);
        rec->result = CTS_CRASH;
        rec->message = format("killed by %s%s%s", cts_signal_name(WTERMSIG(e->status)),
                              failed ? " after: " : "", failed ? failed : "");
        free(failed);
    } else {
        classify_exit(e, rec);
    }
}
