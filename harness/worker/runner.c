/* runner.c: the worker's scheduler. Each case runs in a child of its own:
 * forked from this already-initialised interpreter (CTS_FORK), or, for
 * cases that need control of start-up (CTS_FRESH), forked by the zygote,
 * which stopped before Python's start-up (zygote.h), or a fresh
 * re-execution of this binary. Children run in their own process group, with core dumps off;
 * their output and event lines are read through pipes while up to `jobs`
 * of them run, and any still running at its deadline is killed. A deadline
 * charges a case for the time its processes ran or slept, not for the time
 * they waited for a CPU (protocol.h, CTS_BACKSTOP); a case that ends
 * TIMEOUT is run again, alone, once every other case has ended, and the
 * result of that run is the one sent, saying it was a re-run. A child's
 * threads are looked at in /proc only when a look is due (an eighth of its
 * age after the last one) or when it may be past its deadline: each look
 * costs a few system calls per thread, and a pass comes with every chunk of
 * output. */
#include "compat.h"

#include "runner.h"

#include "buffer.h"
#include "child.h"
#include "classify.h"
#include "gate.h"
#include "io.h"
#include "progress.h"
#include "protocol.h"
#include "registry.h"
#include "stacks.h"
#include "text.h"
#include "zygote.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t cts_runner_stop;

enum { OUTPUT_LIMIT = 64 * 1024, RECORD_OUTPUT = 16 * 1024 };

/* A child none of whose threads can make progress for this long, with no
 * output and less than STUCK_CPU_NS of CPU time used meanwhile, is
 * deadlocked: it is ended then, not at its deadline. */
enum { STUCK_MS = 100 };
#define STUCK_CPU_NS 1000000ULL

/* What a run of the cases needs everywhere, and the cases that timed out
 * once, to be run again alone at the end, each with its first message. */
typedef struct runner {
    const cts_caps *caps;
    const cts_run_options *opt;
    cts_emit_fn emit;
    void *arg;
    const cts_case **again;
    char **first;
    size_t nagain;
} runner;

typedef struct slot {
    const cts_case *c;
    pid_t pid;
    int out_fd, msg_fd; /* -1 once at EOF */
    cts_buffer out, msg;
    double started;
    double timeout;     /* this case's deadline: seconds after started, less cpu_wait */
    double cpu_wait;    /* seconds its processes were runnable but waited for a CPU */
    cts_cpu_wait waits; /* its threads' run-delays at the last look */
    const char *first;  /* when this run is a re-run: the first run's TIMEOUT message */
    int timed_out;
    int backstop;           /* timed out at the wall-clock backstop, not at its deadline */
    int to_end;             /* timed out in this pass of reap: its stacks, then SIGKILL */
    double ended;           /* when it timed out */
    double blocked_since;   /* when no thread could make progress, or 0 */
    size_t seen_output;     /* output and event bytes read by then */
    unsigned long long cpu; /* CPU time its threads had used by then, ns */
    const char *stuck;      /* why it was ended before its deadline, or NULL */
    int forked_by_zygote;   /* a child of the zygote (zygote.h), which reaps it */
    double next_look;       /* when its threads are next looked at in /proc */
    double worker_waited;   /* the worker's CPU wait, seconds, at its last look */
} slot;

static char *dup_text(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The seconds this worker has waited for a CPU since it started running
 * cases, read from /proc at most once a pass (t): a case waits for the
 * worker too (its output pipe full until the worker reads). */
static double worker_cpu_wait(double t)
{
    static cts_cpu_wait self;
    static double total, looked_at;
    int waiting_now;
    if (t != looked_at)
        total += (double)cts_cpu_wait_since(&self, getpid(), 0, &waiting_now) / 1e9;
    looked_at = t;
    return total;
}

void cts_runner_prepare_child(int out_w, int private_fd)
{
    if (private_fd >= 0)
        close(private_fd);
    setpgid(0, 0);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) {
        dup2(devnull, 0);
        close(devnull);
    }
    dup2(out_w, 1);
    dup2(out_w, 2);
}

/* Python's fork protocol around a fork that goes on running Python code
 * (3.13 aborts in the child without it: the import lock is a mutex the
 * parent must take before fork). 3.6 has only PyOS_AfterFork(). */
static void before_fork(int keeps_python)
{
#if CTS_HAVE_FORK_PROTOCOL
    if (keeps_python)
        PyOS_BeforeFork();
#else
    (void)keeps_python;
#endif
}

static void after_fork_in_parent(int keeps_python)
{
#if CTS_HAVE_FORK_PROTOCOL
    if (keeps_python)
        PyOS_AfterFork_Parent();
#else
    (void)keeps_python;
#endif
}

static void after_fork_in_child(void)
{
#if CTS_HAVE_FORK_PROTOCOL
    PyOS_AfterFork_Child();
#else
    PyOS_AfterFork();
#endif
}

static void exec_fresh(const cts_case *c, const char *self_exe, int msg_w)
{
    cts_keep_fd_as(msg_w, CTS_MSG_FD);
    if (c->allocator)
        setenv("PYTHONMALLOC", c->allocator, 1);
    cts_child_args args = {.id = c->id, .msg_fd = CTS_MSG_FD};
    cts_argv command;
    cts_child_argv(&command, self_exe, &args);
    execv(self_exe, command.argv);
    fprintf(stderr, "pymem-cts: cannot re-execute %s: %s\n", self_exe, strerror(errno));
    _exit(127);
}

/* A child of this worker: forked from the booted interpreter, or exec'd
 * fresh. */
static pid_t fork_child(const cts_case *c, const cts_caps *caps, const cts_run_options *opt,
                        int out_w, int msg_w)
{
    int keeps_python = c->isolation == CTS_FORK;
    fflush(NULL);
    before_fork(keeps_python);
    pid_t worker = getpid(), pid = fork();
    if (pid == 0) {
        cts_die_with_parent(worker);
        cts_runner_prepare_child(out_w, opt->private_fd);
        if (c->isolation == CTS_FRESH)
            exec_fresh(c, opt->self_exe, msg_w);
        after_fork_in_child();
        cts_child_run(c, caps, msg_w);
        _exit(0);
    }
    after_fork_in_parent(keeps_python);
    return pid;
}

/* The case's deadline: --timeout, or the case's own .timeout when shorter,
 * or its .timeout_factor times --timeout (case.h). */
static double case_deadline(const cts_case *c, double run_timeout)
{
    if (c->timeout > 0 && c->timeout < run_timeout)
        return c->timeout;
    return c->timeout_factor > 1 ? c->timeout_factor * run_timeout : run_timeout;
}

static int start_child(slot *s, const cts_case *c, const cts_caps *caps, const cts_run_options *opt,
                       const char *first)
{
    int out[2], msg[2];
    if (cts_pipes(out, msg) != 0)
        return -1;
    pid_t pid = cts_zygote_serves(c) ? cts_zygote_fork(c, out[1], msg[1]) : -1;
    int forked_by_zygote = pid > 0;
    if (!forked_by_zygote)
        pid = fork_child(c, caps, opt, out[1], msg[1]);
    close(out[1]);
    close(msg[1]);
    if (pid < 0) {
        close(out[0]);
        close(msg[0]);
        return -1;
    }
    setpgid(pid, pid); /* also here: no race with the child's own call */
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(msg[0], F_SETFL, O_NONBLOCK);
    memset(s, 0, sizeof *s);
    s->c = c;
    s->pid = pid;
    s->forked_by_zygote = forked_by_zygote;
    s->out_fd = out[0];
    s->msg_fd = msg[0];
    s->out.limit = OUTPUT_LIMIT;
    s->msg.limit = OUTPUT_LIMIT;
    s->started = cts_now();
    s->next_look = s->started + STUCK_MS / 2000.0;
    s->worker_waited = worker_cpu_wait(s->started);
    s->first = first;
    s->timeout = case_deadline(c, opt->timeout);
    return 0;
}

/* Reads what is there; closes the fd at EOF. */
static void drain_pipe(int *fd, cts_buffer *b)
{
    char chunk[4096];
    while (*fd >= 0) {
        ssize_t n = read(*fd, chunk, sizeof chunk);
        if (n > 0) {
            cts_buffer_append(b, chunk, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        close(*fd);
        *fd = -1;
    }
}

static void emit_simple(const cts_case *c, const cts_caps *caps, cts_result r, cts_skip_kind skip,
                        const char *msg, cts_emit_fn emit, void *arg)
{
    cts_record rec = {0};
    rec.id = (char *)c->id;
    rec.allocator = (char *)caps->requested;
    rec.result = r;
    rec.skip = skip;
    rec.message = (char *)msg;
    emit(&rec, arg);
}

/* Keeps a first TIMEOUT of c for a re-run alone at the end. */
static void run_again(runner *r, const cts_case *c, const char *message)
{
    r->again = realloc(r->again, (r->nagain + 1) * sizeof *r->again);
    r->first = realloc(r->first, (r->nagain + 1) * sizeof *r->first);
    if (!r->again || !r->first) {
        fprintf(stderr, "pymem-cts: out of memory\n");
        _exit(1);
    }
    r->again[r->nagain] = c;
    r->first[r->nagain++] = strdup(message ? message : "TIMEOUT");
}

/* A re-run's record says so: the field, and a note in its message. */
static void note_rerun(cts_record *rec, const char *first)
{
    char *message = NULL;
    int n = rec->result == CTS_TIMEOUT
                ? asprintf(&message, "%s (so did its first run: it was re-run alone)",
                           rec->message ? rec->message : "TIMEOUT")
            : rec->message
                ? asprintf(&message, "%s [re-run alone after a TIMEOUT: %s]", rec->message, first)
                : asprintf(&message, "re-run alone after a TIMEOUT: %s", first);
    free(rec->message);
    rec->message = n < 0 ? NULL : message;
    rec->rerun = strdup(first);
}

/* The child has been reaped: collect the rest of its output, classify. */
static void finish_child(runner *r, slot *s, int status)
{
    kill(-s->pid, SIGKILL); /* anything it left behind in its group */
    drain_pipe(&s->out_fd, &s->out);
    drain_pipe(&s->msg_fd, &s->msg);
    if (s->out_fd >= 0)
        close(s->out_fd);
    if (s->msg_fd >= 0)
        close(s->msg_fd);
    /* The output whole, NUL bytes included: as text, so that a pattern
     * sees what comes after a NUL and a report can carry it. */
    char *output = cts_text_from_bytes(s->out.data, s->out.len);
    char *events = cts_text_from_bytes(s->msg.data, s->msg.len);
    cts_ending e = {.timed_out = s->timed_out,
                    .timeout = s->timeout,
                    .cpu_wait = s->cpu_wait,
                    .backstop = s->backstop,
                    .status = status,
                    .events = events,
                    .output = output,
                    .stuck = s->stuck,
                    .stuck_ms = STUCK_MS};
    cts_record rec = {0};
    cts_classify(s->c, &e, &rec);
    rec.id = dup_text(s->c->id);
    rec.allocator = dup_text(r->caps->requested);
    rec.seconds = (s->timed_out ? s->ended : cts_now()) - s->started; /* not the stacks' time */
    if (rec.result != CTS_PASS && s->out.len > 0) {
        size_t keep = s->out.len > RECORD_OUTPUT ? RECORD_OUTPUT : s->out.len;
        rec.output = cts_text_from_bytes(s->out.data + s->out.len - keep, keep);
    }
    if (s->first)
        note_rerun(&rec, s->first);
    if (rec.result == CTS_TIMEOUT && !s->first && !cts_runner_stop)
        run_again(r, s->c, rec.message);
    else
        r->emit(&rec, r->arg);
    cts_record_free(&rec);
    free(output);
    free(events);
    cts_buffer_free(&s->out);
    cts_buffer_free(&s->msg);
    s->c = NULL;
}

static void wait_for_output(slot *slots, int jobs)
{
    struct pollfd fds[2 * CTS_MAX_JOBS + 1];
    int n = 0;
    for (int i = 0; i < jobs; i++) {
        if (!slots[i].c)
            continue;
        if (slots[i].out_fd >= 0)
            fds[n++] = (struct pollfd){.fd = slots[i].out_fd, .events = POLLIN};
        if (slots[i].msg_fd >= 0)
            fds[n++] = (struct pollfd){.fd = slots[i].msg_fd, .events = POLLIN};
    }
    if (cts_zygote_fd() >= 0)
        fds[n++] = (struct pollfd){.fd = cts_zygote_fd(), .events = POLLIN};
    poll(fds, (nfds_t)n, 20);
    cts_zygote_collect();
    for (int i = 0; i < jobs; i++) {
        if (slots[i].c) {
            drain_pipe(&slots[i].out_fd, &slots[i].out);
            drain_pipe(&slots[i].msg_fd, &slots[i].msg);
        }
    }
}

/* Why s can no longer finish, once that has held for STUCK_MS with no new
 * output and almost no CPU time used; NULL while it may. */
static const char *stuck(slot *s, double t)
{
    size_t seen = s->out.len + s->msg.len;
    unsigned long long cpu;
    double charged = t - s->started - s->cpu_wait;
    const char *why = cts_blocked_reason(s->pid, s->timeout - charged, s->timeout, &cpu);
    if (!why || seen != s->seen_output || s->blocked_since == 0 || cpu - s->cpu > STUCK_CPU_NS) {
        s->blocked_since = why ? t : 0;
        s->seen_output = seen;
        s->cpu = cpu;
        return NULL;
    }
    return t - s->blocked_since >= STUCK_MS / 1000.0 ? why : NULL;
}

/* Takes the stacks of the children that timed out in this pass of reap,
 * then kills them: after every child was looked at, so that one child's
 * stacks (eu-stack or gdb take from 10 ms to over 0.5 s) never delay the
 * ending of another that timed out at the same time. */
static void end_timed_out(slot *slots, int jobs)
{
    for (int i = 0; i < jobs; i++) {
        slot *s = &slots[i];
        if (!s->c || !s->to_end)
            continue;
        s->to_end = 0;
        if (!cts_runner_stop)
            cts_capture_stacks(s->pid, &s->out);
        kill(-s->pid, SIGKILL);
    }
}

/* Whether s is past its deadline, after adding the time it, or the worker
 * (the more of the two), waited for a CPU since the last look to what is
 * not charged (never more than all the time since it started: a wait is
 * known only when it ends, so a look may learn of one that began long
 * before the last look); never while one of its threads waits for a CPU
 * now (that wait is not counted yet: it will be at a later look). */
static int past_deadline(slot *s, double t)
{
    int waiting_now;
    double gained = (double)cts_cpu_wait_since(&s->waits, s->pid, 1, &waiting_now) / 1e9;
    double worker = worker_cpu_wait(t), worker_gained = worker - s->worker_waited;
    double wall = t - s->started;
    s->worker_waited = worker;
    gained = gained > worker_gained ? gained : worker_gained;
    s->cpu_wait = s->cpu_wait + gained < wall ? s->cpu_wait + gained : wall;
    return !waiting_now && wall - s->cpu_wait > s->timeout;
}

/* Whether s's threads are to be looked at in this pass: when it may be past
 * its deadline (a look tells what it waited for a CPU meanwhile), or when
 * its next look is due. Looks come STUCK_MS / 2 apart at first, so that a
 * deadlock ends soon, then an eighth of its age apart, so that a thread or
 * process that lived for a while is seen before it ends. */
static int due_for_a_look(slot *s, double t)
{
    double wall = t - s->started, apart = wall / 8;
    if (wall - s->cpu_wait <= s->timeout && t < s->next_look)
        return 0;
    s->next_look = t + (apart > STUCK_MS / 2000.0 ? apart : STUCK_MS / 2000.0);
    return 1;
}

/* Whether s is to be ended now: the run stops, it is past the backstop,
 * or a look finds it past its deadline or stuck. */
static int to_be_ended(slot *s, double t)
{
    s->backstop = t - s->started > CTS_BACKSTOP * s->timeout;
    if (s->backstop || cts_runner_stop)
        return 1;
    if (!due_for_a_look(s, t))
        return 0;
    return past_deadline(s, t) || (s->stuck = stuck(s, t)) != NULL;
}

/* Reaps finished children and kills those past their deadline or stuck. */
static int reap_children(runner *run, slot *slots, int jobs)
{
    int running = 0;
    double t = cts_now();
    for (int i = 0; i < jobs; i++) {
        slot *s = &slots[i];
        if (!s->c)
            continue;
        int status;
        pid_t r = s->forked_by_zygote ? cts_zygote_reaped(s->pid, &status)
                                      : waitpid(s->pid, &status, WNOHANG);
        if (r == s->pid) {
            finish_child(run, s, status);
            continue;
        }
        if (!s->timed_out && to_be_ended(s, t)) {
            s->timed_out = s->to_end = 1;
            s->ended = t;
        }
        running++;
    }
    end_timed_out(slots, jobs);
    return running;
}

static int next_runnable(size_t *next, const cts_caps *caps, const cts_run_options *opt,
                         cts_emit_fn emit, void *arg, const cts_case **out)
{
    char why[512];
    while (*next < cts_registry_count()) {
        const cts_case *c = cts_registry_at((*next)++);
        if (!cts_filter_matches(opt->filter, c->id) || (opt->skip_once && c->once_per_run))
            continue;
        cts_skip_kind kind;
        const char *skip = cts_gate(c, caps, why, sizeof why, &kind);
        if (skip) {
            emit_simple(c, caps, CTS_UNSUPPORTED, kind, skip, emit, arg);
            continue;
        }
        *out = c;
        return 1;
    }
    return 0;
}

/* Runs the cases that timed out once again, one at a time, nothing beside
 * them; one that cannot be (stopped, or no child) is sent as it first
 * ended. */
static void run_alone(runner *r, slot *s)
{
    for (size_t i = 0; i < r->nagain; i++) {
        const cts_case *c = r->again[i];
        if (cts_runner_stop || start_child(s, c, r->caps, r->opt, r->first[i]) != 0)
            emit_simple(c, r->caps, CTS_TIMEOUT, CTS_SKIP_NONE, r->first[i], r->emit, r->arg);
        else
            do
                wait_for_output(s, 1);
            while (reap_children(r, s, 1) > 0);
        free(r->first[i]);
    }
    free(r->again);
    free(r->first);
}

int cts_run_cases(const cts_caps *caps, const cts_run_options *opt, cts_emit_fn emit, void *arg)
{
    static slot slots[CTS_MAX_JOBS];
    runner r = {.caps = caps, .opt = opt, .emit = emit, .arg = arg};
    int jobs = opt->jobs < 1 ? 1 : opt->jobs > CTS_MAX_JOBS ? CTS_MAX_JOBS : opt->jobs;
    memset(slots, 0, sizeof slots);
    size_t next = 0;
    int more = 1, running = 0;
    do {
        for (int i = 0; i < jobs && more && !cts_runner_stop; i++) {
            const cts_case *c;
            if (slots[i].c)
                continue;
            if (!(more = next_runnable(&next, caps, opt, emit, arg, &c)))
                break;
            if (start_child(&slots[i], c, caps, opt, NULL) != 0)
                emit_simple(c, caps, CTS_ERROR, CTS_SKIP_NONE, "cannot start a child process", emit,
                            arg);
        }
        wait_for_output(slots, jobs);
        running = reap_children(&r, slots, jobs);
    } while ((more && !cts_runner_stop) || running > 0);
    run_alone(&r, &slots[0]);
    return cts_runner_stop ? -1 : 0;
}
