/* driver.c: what `pymem-cts` does when a user runs it. For each allocator
 * mode it starts a worker (this binary re-executed with PYTHONMALLOC set),
 * reads the worker's JSON lines, applies the expectations, shows progress,
 * and at the end prints the summary (summary.c) and writes the reports. The
 * driver never initialises Python itself. */
#include "driver.h"

#include "buffer.h"
#include "caps.h"
#include "expect.h"
#include "io.h"
#include "outputs.h"
#include "protocol.h"
#include "registry.h"
#include "report.h"
#include "summary.h"
#include "text.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct driver {
    const cts_options *opt;
    cts_expectations expectations;
    cts_report report;
    size_t planned; /* cases per mode */
    size_t done;    /* records of the current mode */
    int tty;
    int progress_shown;
    /* The once-per-run cases' records (case.h), as the mode that ran them
     * sent them, before any expectation: each stands for the later modes. */
    cJSON **once;
    size_t nonce;
    int once_ran; /* a mode's worker ran them and finished */
} driver;

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

static void clear_progress(driver *d)
{
    if (d->tty && d->progress_shown) {
        fputs("\r\033[K", stderr);
        d->progress_shown = 0;
    }
}

static void show_progress(driver *d, const char *mode, const char *id)
{
    if (!d->tty)
        return;
    fprintf(stderr, "\r\033[K[%s %zu/%zu] %.60s", mode, d->done, d->planned, id);
    d->progress_shown = 1;
}

static void print_result_line(driver *d, const cts_record *rec)
{
    int bad = cts_result_is_bad(rec->result);
    if (!bad && !d->opt->verbose && !rec->rerun)
        return;
    clear_progress(d);
    const char *why = rec->result == CTS_XFAIL ? rec->reason : rec->message;
    printf("%-11s [%s] %s%s%s\n", cts_result_name(rec->result), rec->allocator, rec->id,
           why ? ": " : "", why ? why : "");
    if (bad && d->opt->verbose && rec->output && *rec->output)
        printf("    output:\n%s\n", rec->output);
    cts_stdout_flush();
}

static cts_mode_run *current_mode(driver *d)
{
    return &d->report.modes[d->report.nmodes - 1];
}

static void add_record(driver *d, cts_record *rec)
{
    cts_mode_run *m = current_mode(d);
    if (m->have_caps)
        cts_expectations_apply(&d->expectations, &m->caps, rec);
    d->report.records = cts_realloc_or_exit(d->report.records, d->report.nrecords + 1, sizeof *rec);
    d->report.records[d->report.nrecords++] = *rec;
    d->done++;
    print_result_line(d, rec);
    show_progress(d, m->mode, rec->id);
}

/* Keeps the record of a once-per-run case, as its worker sent it. */
static void keep_if_once_per_run(driver *d, const cJSON *obj, const char *id)
{
    const cts_case *c = cts_registry_find(id);
    if (d->once_ran || !c || !c->once_per_run)
        return;
    d->once = cts_realloc_or_exit(d->once, d->nonce + 1, sizeof *d->once);
    d->once[d->nonce++] = cJSON_Duplicate(obj, 1);
}

/* The records of the once-per-run cases for a mode that left them out:
 * each the result of the mode they ran in, which it names, taking this
 * mode's expectations; no time of its own. */
static void stand_in_for_once_per_run(driver *d, cts_mode_run *m)
{
    for (size_t i = 0; i < d->nonce; i++) {
        cts_record rec;
        if (!cts_record_from_json(d->once[i], &rec))
            continue;
        rec.ran_in = rec.allocator;
        rec.allocator = strdup(m->mode);
        rec.seconds = 0;
        free(rec.reason); /* the expectation is this mode's to apply */
        rec.reason = NULL;
        add_record(d, &rec);
    }
}

/* One line from the worker. */
static void handle_line(driver *d, const char *line)
{
    cJSON *obj = cJSON_Parse(line);
    const cJSON *type = obj ? cJSON_GetObjectItemCaseSensitive(obj, "type") : NULL;
    cts_mode_run *m = current_mode(d);
    if (!cJSON_IsString(type)) {
        if (!m->error)
            m->error = strdup("the worker sent a line that is not a record");
    } else if (strcmp(type->valuestring, "caps") == 0) {
        m->have_caps = cts_caps_from_json(obj, &m->caps);
    } else if (strcmp(type->valuestring, "result") == 0) {
        cts_record rec;
        if (cts_record_from_json(obj, &rec)) {
            keep_if_once_per_run(d, obj, rec.id);
            add_record(d, &rec);
        }
    } else if (strcmp(type->valuestring, "boot_error") == 0) {
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(obj, "message");
        free(m->error);
        m->error = strdup(cJSON_IsString(msg) ? msg->valuestring : "boot failed");
    } else if (strcmp(type->valuestring, "done") == 0) {
        m->finished = 1;
    }
    cJSON_Delete(obj);
}

static void take_lines(driver *d, cts_buffer *lines)
{
    char *text = (char *)cts_buffer_text(lines);
    char *start = text, *nl;
    while ((nl = strchr(start, '\n'))) {
        *nl = '\0';
        handle_line(d, start);
        start = nl + 1;
    }
    size_t rest = strlen(start);
    memmove(text, start, rest + 1);
    lines->len = rest;
}

/* One read into b; closes the fd at EOF. */
static int read_once(int *fd, cts_buffer *b)
{
    char chunk[8192];
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
        cts_buffer_append(b, chunk, (size_t)n);
        return 1;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    close(*fd);
    *fd = -1;
    return 0;
}

static void exec_worker(const cts_options *opt, const char *mode, int once_ran, int out_w,
                        int rec_w)
{
    setpgid(0, 0);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(out_w, 1);
    dup2(out_w, 2);
    cts_keep_fd_as(rec_w, CTS_RECORD_FD);
    if (strcmp(mode, "default") == 0 && !opt->explicit_default)
        unsetenv("PYTHONMALLOC");
    else
        setenv("PYTHONMALLOC", mode, 1);
    cts_worker_args args = {.record_fd = CTS_RECORD_FD,
                            .jobs = opt->jobs,
                            .timeout = opt->timeout,
                            .filter = opt->filter,
                            .once_ran = once_ran};
    cts_argv command;
    cts_worker_argv(&command, opt->self_exe, &args);
    execv(opt->self_exe, command.argv);
    fprintf(stderr, "pymem-cts: cannot start a worker (%s): %s\n", opt->self_exe, strerror(errno));
    _exit(127);
}

static pid_t start_worker(const cts_options *opt, const char *mode, int once_ran, int *out_fd,
                          int *rec_fd)
{
    int out[2], rec[2];
    if (cts_pipes(out, rec) != 0)
        return -1;
    fflush(NULL);
    pid_t driver = getpid(), pid = fork();
    if (pid == 0) {
        cts_die_with_parent(driver);
        exec_worker(opt, mode, once_ran, out[1], rec[1]);
    }
    close(out[1]);
    close(rec[1]);
    if (pid < 0) {
        close(out[0]);
        close(rec[0]);
        return -1;
    }
    setpgid(pid, pid);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(rec[0], F_SETFL, O_NONBLOCK);
    *out_fd = out[0];
    *rec_fd = rec[0];
    return pid;
}

/* Why a worker's run is incomplete, or NULL when it is not. */
static char *worker_failure(cts_mode_run *m, int status, int silent, const char *output)
{
    char *msg = NULL;
    const char *tail = output && *output ? output : "(no output)";
    if (m->error)
        return NULL;
    if (silent) {
        if (asprintf(&msg, "the worker stopped answering and was killed") < 0)
            msg = NULL;
    } else if (WIFSIGNALED(status)) {
        if (asprintf(&msg, "the worker was killed by %s; its output: %.400s",
                     cts_signal_name(WTERMSIG(status)), tail) < 0)
            msg = NULL;
    } else if (!m->finished || WEXITSTATUS(status) != 0) {
        if (asprintf(&msg, "the worker exited with status %d before finishing; its output: %.400s",
                     WEXITSTATUS(status), tail) < 0)
            msg = NULL;
    }
    return msg;
}

/* An ERROR record standing for a mode whose worker failed. */
static void record_mode_error(driver *d, cts_mode_run *m, const char *output)
{
    cts_record rec = {0};
    rec.id = strdup("harness.worker");
    rec.allocator = strdup(m->mode);
    rec.result = CTS_ERROR;
    rec.message = strdup(m->error);
    rec.output = output && *output ? strdup(output) : NULL;
    d->planned++;
    add_record(d, &rec);
}

static void run_mode(driver *d, const char *mode)
{
    d->report.modes =
        cts_realloc_or_exit(d->report.modes, d->report.nmodes + 1, sizeof *d->report.modes);
    cts_mode_run *m = &d->report.modes[d->report.nmodes++];
    memset(m, 0, sizeof *m);
    m->mode = strdup(mode);
    d->done = 0;
    int out_fd, rec_fd;
    int once_ran = d->once_ran;
    pid_t pid = start_worker(d->opt, mode, once_ran, &out_fd, &rec_fd);
    if (pid < 0) {
        m->error = strdup("cannot start a worker process");
        record_mode_error(d, m, NULL);
        return;
    }
    cts_buffer lines = {0}, output = {.limit = 16 * 1024};
    double patience = 2 * CTS_BACKSTOP * CTS_MAX_TIMEOUT_FACTOR * d->opt->timeout + 60,
           last = cts_now();
    int silent = 0;
    while (out_fd >= 0 || rec_fd >= 0) {
        struct pollfd fds[2] = {{.fd = rec_fd, .events = POLLIN}, {.fd = out_fd, .events = POLLIN}};
        poll(fds, 2, 200);
        if (rec_fd >= 0 && read_once(&rec_fd, &lines)) {
            take_lines(d, &lines);
            last = cts_now();
        }
        if (out_fd >= 0)
            read_once(&out_fd, &output);
        if (interrupted)
            kill(-pid, SIGTERM);
        if (!silent && cts_now() - last > patience) {
            silent = 1;
            kill(-pid, SIGKILL);
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    m = current_mode(d);
    char *text = cts_text_from_bytes(output.data, output.len);
    char *failure = worker_failure(m, status, silent, text);
    if (failure)
        m->error = failure;
    if (m->error && !interrupted)
        record_mode_error(d, m, text);
    if (once_ran && m->have_caps && !m->error)
        stand_in_for_once_per_run(d, m);
    d->once_ran |= m->finished && !m->error;
    free(text);
    cts_buffer_free(&lines);
    cts_buffer_free(&output);
}

static int count_planned(const char *filter)
{
    int n = 0;
    for (size_t i = 0; i < cts_registry_count(); i++)
        n += cts_filter_matches(filter, cts_registry_at(i)->id);
    return n;
}

static int load_expectations(driver *d)
{
    char err[1024];
    const cts_options *opt = d->opt;
    if (!opt->no_default_expectations && opt->default_expectations_dir &&
        cts_expectations_load_dir(&d->expectations, opt->default_expectations_dir, err,
                                  sizeof err) != 0) {
        fprintf(stderr, "pymem-cts: %s\n", err);
        return -1;
    }
    for (int i = 0; i < opt->nexpectations; i++) {
        if (cts_expectations_load(&d->expectations, opt->expectations[i], err, sizeof err) != 0) {
            fprintf(stderr, "pymem-cts: %s\n", err);
            return -1;
        }
    }
    return 0;
}

int cts_check_expectations(const cts_options *opt)
{
    driver d = {0};
    d.opt = opt;
    if (load_expectations(&d) != 0)
        return 2;
    size_t stale = 0, unmeasured = 0;
    for (size_t i = 0; i < d.expectations.count; i++) {
        const cts_expectation *e = &d.expectations.items[i];
        size_t n = 0;
        for (size_t k = 0; k < cts_registry_count() && !n; k++)
            n += cts_filter_matches(e->pattern, cts_registry_at(k)->id);
        if (!n) {
            printf("stale: %s: case '%s' matches no case of this suite\n", e->source, e->pattern);
            stale++;
        }
        if (!e->measured) {
            printf("unmeasured: %s: case '%s' names no \"measured\" builds\n", e->source,
                   e->pattern);
            unmeasured++;
        }
    }
    printf("%zu expectations entries, %zu stale, %zu unmeasured\n", d.expectations.count, stale,
           unmeasured);
    cts_expectations_free(&d.expectations);
    return stale || unmeasured ? 1 : 0;
}

static int write_reports(driver *d)
{
    char err[1024];
    int rc = 0;
    if (d->opt->json && cts_report_write_json(&d->report, d->opt->json, err, sizeof err) != 0) {
        fprintf(stderr, "pymem-cts: %s\n", err);
        rc = -1;
    }
    if (d->opt->junit && cts_report_write_junit(&d->report, d->opt->junit, err, sizeof err) != 0) {
        fprintf(stderr, "pymem-cts: %s\n", err);
        rc = -1;
    }
    return rc;
}

int cts_driver_main(const cts_options *opt, const char *const *modes)
{
    driver d = {0};
    d.opt = opt;
    d.tty = isatty(2);
    if (load_expectations(&d) != 0)
        return 2;
    int planned = count_planned(opt->filter);
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    signal(SIGHUP, on_interrupt); /* a hangup reaches only this process group */
    signal(SIGPIPE, SIG_IGN);
    d.report.started = time(NULL);
    d.report.filter = opt->filter;
    d.report.environment = &opt->environment;
    double t0 = cts_now();
    for (const char *const *m = modes; *m && !interrupted; m++) {
        d.planned = (size_t)planned;
        run_mode(&d, *m);
    }
    d.report.seconds = cts_now() - t0;
    for (size_t i = 0; i < d.nonce; i++)
        cJSON_Delete(d.once[i]);
    free(d.once);
    if (interrupted) {
        clear_progress(&d);
        fprintf(stderr, "pymem-cts: interrupted by %s; no report written\n",
                strsignal(interrupted));
        return 128 + interrupted;
    }
    clear_progress(&d);
    cts_print_summary(&d.report, opt);
    if (write_reports(&d) != 0)
        return 2; /* the target changed during the run: outputs.c checked it */
    int bad = 0;
    for (size_t i = 0; i < d.report.nrecords; i++)
        bad |= cts_result_is_bad(d.report.records[i].result);
    return bad ? 1 : 0;
}
