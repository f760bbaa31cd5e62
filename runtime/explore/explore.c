/* explore.c: the walk, the replay, the minimizer and the program writer of
 * the lifecycle explorer (explore.h) over the world of world.h. */
#include "explore.h"

#include "world.h"
#include "world_text.h" /* world.h's text, for the programs written out */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

#ifdef PYPY_VERSION /* no allocator API to explore: every sequence is refused */
const char *explore_op_name(int op)
{
    return (void)op, "?";
}
int explore_op_count(void)
{
    return 0;
}
int explore_op_by_name(const char *name)
{
    return (void)name, -1;
}
const char *explore_describe(const explore_sequence *s, char *buf, size_t size)
{
    (void)s;
    snprintf(buf, size, "(none)");
    return buf;
}
void explore_replay(const explore_sequence *s, double hang_seconds, explore_outcome *out)
{
    (void)s, (void)hang_seconds;
    out->failed = -1;
    snprintf(out->message, sizeof out->message, "the explorer needs CPython's allocator API");
}
void explore_minimize(explore_sequence *s, double hang_seconds)
{
    (void)s, (void)hang_seconds;
}
void explore_write_program(FILE *out, const explore_sequence *s, const char *python_config,
                           const char *mode, const char *failure)
{
    (void)out, (void)s, (void)python_config, (void)mode, (void)failure;
}
void explore_walk_run(explore_walk *walk)
{
    walk->nodes = 0;
}
void explore_keep_known_faults(void)
{
}
#else

static const char *const op_names[W_OP_COUNT] = {
#define W_NAME(name) #name,
    W_OPS(W_NAME)
#undef W_NAME
};

const char *explore_op_name(int op)
{
    return op >= 0 && op < W_OP_COUNT ? op_names[op] : "?";
}

int explore_op_count(void)
{
    return W_OP_COUNT;
}

int explore_op_by_name(const char *name)
{
    for (int op = 0; op < W_OP_COUNT; op++)
        if (strcmp(name, op_names[op]) == 0)
            return op;
    return -1;
}

const char *explore_describe(const explore_sequence *s, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->n && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", explore_op_name(s->ops[i]));
    return buf;
}

/* Whether walks and replays leave out the known faults (w_known_fault). */
static int avoid_known = 1;

void explore_keep_known_faults(void)
{
    avoid_known = 0;
}

/* ---- a sequence alone, in a fork of this (uninitialized) process */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The child's side: "@<i>\n" before each step, "F<message>\n" at a failure. */
static void replay_child(const explore_sequence *s, int fd)
{
    static world w;
    w_begin(&w);
    w.avoid_known = avoid_known;
    char line[720];
    for (int i = 0; i < s->n && !w.failure[0]; i++) {
        if (!w_enabled(&w, s->ops[i]))
            continue; /* a shortened sequence may disable a later step */
        int len = snprintf(line, sizeof line, "@%d\n", i);
        if (write(fd, line, (size_t)len) < 0)
            _exit(2);
        if (w_apply(&w, s->ops[i]) == 0)
            w_check(&w);
    }
    if (!w.failure[0]) {
        int len = snprintf(line, sizeof line, "@%d\n", s->n);
        if (write(fd, line, (size_t)len) < 0)
            _exit(2);
        w_teardown(&w);
    }
    if (w.failure[0]) {
        int len = snprintf(line, sizeof line, "F%s\n", w.failure);
        if (write(fd, line, (size_t)len) < 0)
            _exit(2);
    }
    _exit(w.failure[0] ? 1 : 0);
}

/* The step the child last started, from its "@<i>" lines. */
static const char *step_name(const explore_sequence *s, int step)
{
    return step < 0 ? "its start" : step >= s->n ? "the teardown" : explore_op_name(s->ops[step]);
}

/* Reads the child's lines until it closes the pipe: 0; or until it
 * deadlocks (every thread on a lock for half a second, w_process_blocked):
 * 2; or until hang_seconds pass, a backstop for a hang that spins: 1. */
static int read_child(int fd, pid_t pid, double hang_seconds, int *step, char *failure, size_t size)
{
    char buf[1024], line[720];
    size_t used = 0;
    int blocked = 0;
    double deadline = now_seconds() + hang_seconds;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 10); /* 50 looks 10 ms apart: half a second blocked */
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            blocked = w_process_blocked(pid) ? blocked + 1 : 0;
            if (blocked >= 50)
                return 2;
            if (now_seconds() > deadline)
                return 1;
            continue;
        }
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            return 0;
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != '\n') {
                if (used < sizeof line - 1)
                    line[used++] = buf[i];
                continue;
            }
            line[used] = '\0', used = 0;
            if (line[0] == '@')
                *step = atoi(line + 1);
            else if (line[0] == 'F')
                snprintf(failure, size, "%.600s", line + 1);
        }
    }
}

void explore_replay(const explore_sequence *s, double hang_seconds, explore_outcome *out)
{
    int fds[2];
    memset(out, 0, sizeof *out);
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0) {
        snprintf(out->message, sizeof out->message, "pipe: %s", strerror(errno));
        out->failed = -1;
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        replay_child(s, fds[1]);
    }
    close(fds[1]);
    int step = -1, status = 0, deadlocked = 0;
    char failure[700] = "";
    int hung = pid > 0 ? read_child(fds[0], pid, hang_seconds, &step, failure, sizeof failure) : 0;
    close(fds[0]);
    if (hung)
        deadlocked = hung == 2, kill(pid, SIGKILL);
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (pid < 0)
        snprintf(out->message, sizeof out->message, "fork: %s", strerror(errno)), out->failed = -1;
    else if (hung)
        snprintf(out->message, sizeof out->message,
                 deadlocked ? "deadlock in %s: every thread "
                              "waits on a lock"
                            : "hung in %s: no end within %g s",
                 step_name(s, step), hang_seconds),
            out->failed = 1;
    else if (WIFSIGNALED(status))
        snprintf(out->message, sizeof out->message, "died of signal %d (%s) in %s",
                 WTERMSIG(status), strsignal(WTERMSIG(status)), step_name(s, step)),
            out->failed = 1;
    else if (WEXITSTATUS(status) != 0)
        snprintf(out->message, sizeof out->message, "%s", failure[0] ? failure : "exited 1"),
            out->failed = 1;
}

void explore_minimize(explore_sequence *s, double hang_seconds)
{
    explore_outcome o;
    for (int i = s->n - 1; i >= 0; i--) {
        explore_sequence shorter = *s;
        memmove(&shorter.ops[i], &shorter.ops[i + 1], sizeof s->ops[0] * (size_t)(s->n - i - 1));
        shorter.n--;
        explore_replay(&shorter, hang_seconds, &o);
        if (o.failed == 1)
            *s = shorter;
    }
}

void explore_write_program(FILE *out, const explore_sequence *s, const char *python_config,
                           const char *mode, const char *failure)
{
    char seq[2048];
    fprintf(out,
            "/* A standalone reproducer written by pymem-cts's lifecycle explorer.\n"
            " * The sequence: %s.\n"
            " * What broke: %s\n"
            " * Build and run against the Python under test (%s is its python3-config):\n"
            " *   cc -o repro repro.c $(%s --cflags) $(%s --ldflags --embed 2>/dev/null || %s "
            "--ldflags) -lpthread\n"
            " *   %s%s%s./repro\n"
            " * Exit 0: every promise held; 1 (the broken promise printed), or a death by a\n"
            " * signal: one broke; 2: a step of the\n"
            " * sequence is not allowed on this build, so nothing was tested. The operations\n"
            " * and what each checks are below (world.h of pymem-cts), then main(). */\n",
            explore_describe(s, seq, sizeof seq), failure, python_config, python_config,
            python_config, python_config, mode[0] ? "PYTHONMALLOC=" : "env -u PYTHONMALLOC ", mode,
            mode[0] ? " " : "");
    fputs(explore_world_text, out);
    fputs("\nint main(void)\n{\n    static world w;\n    static const int ops[] = {", out);
    for (int i = 0; i < s->n; i++)
        fprintf(out, "%sW_OP_%s", i ? ", " : "", explore_op_name(s->ops[i]));
    fputs("};\n    static const char *const names[] = {", out);
    for (int i = 0; i < s->n; i++)
        fprintf(out, "%s\"%s\"", i ? ", " : "", explore_op_name(s->ops[i]));
    fputs("};\n"
          "    w_begin(&w);\n"
          "    for (size_t i = 0; i < sizeof ops / sizeof *ops && !w.failure[0]; i++) {\n"
          "        if (!w_enabled(&w, ops[i])) {\n"
          "            printf(\"not tested: %s is not allowed at step %zu on this build\\n\",\n"
          "                   names[i], i + 1);\n"
          "            return 2;\n"
          "        }\n"
          "        if (w_apply(&w, ops[i]) == 0)\n"
          "            w_check(&w);\n"
          "    }\n"
          "    if (!w.failure[0])\n"
          "        w_teardown(&w);\n"
          "    if (w.failure[0]) {\n"
          "        printf(\"FAIL: %s\\n\", w.failure);\n"
          "        return 1;\n"
          "    }\n"
          "    puts(\"ok: every promise held\");\n"
          "    return 0;\n"
          "}\n",
          out);
}

/* ---- the walk: a tree of forked processes, one per sequence */

typedef struct walk_state {
    explore_walk *walk;
    int fd;             /* the report pipe's writing end */
    explore_sequence s; /* the sequence this process has applied */
} walk_state;

/* "<kind> <op>,<op>,...|<text>\n" into line; its length. */
static int format_report(const walk_state *st, char kind, const char *text, char *line, size_t size)
{
    int n = snprintf(line, size, "%c ", kind);
    for (int i = 0; i < st->s.n && n < (int)size - 40; i++)
        n += snprintf(line + n, size - (size_t)n, "%s%d", i ? "," : "", st->s.ops[i]);
    n += snprintf(line + n, size - (size_t)n, "|%.700s\n", text);
    if (n > (int)size - 1)
        n = (int)size - 1, line[n - 1] = '\n';
    return n;
}

/* One report to the pipe, in one write (shorter than PIPE_BUF: whole). */
static void report(const walk_state *st, char kind, const char *text)
{
    char line[1024];
    int n = format_report(st, kind, text, line, sizeof line);
    if (write(st->fd, line, (size_t)n) < 0)
        _exit(2);
}

static char hang_line[1024];
static int hang_fd = -1;

static void on_alarm(int sig)
{
    (void)sig;
    if (write(hang_fd, hang_line, strlen(hang_line)) < 0)
        _exit(3);
    _exit(3);
}

/* Waits for a child of the tree; a death by a signal, or a deadlock
 * (w_wait_child), is reported. */
static void await_child(const walk_state *st, pid_t pid, const char *what)
{
    int status = 0;
    char text[200] = "";
    if (w_wait_child(pid, &status) != 0)
        snprintf(text, sizeof text, "deadlock in %s: every thread waits on a lock", what);
    else if (WIFSIGNALED(status))
        snprintf(text, sizeof text, "died of signal %d (%s) in %s", WTERMSIG(status),
                 strsignal(WTERMSIG(status)), what);
    if (text[0]) {
        walk_state child = *st; /* the child's sequence: this one and what */
        int op = explore_op_by_name(what);
        if (op >= 0 && child.s.n < EXPLORE_MAX_OPS)
            child.s.ops[child.s.n++] = op;
        report(&child, 'F', text);
    }
}

/* Arms the hang alarm of this process: the report names its sequence. */
static void arm_hang(walk_state *st, const char *what)
{
    char text[200];
    snprintf(text, sizeof text, "hung in %s: no end within %g s", what, st->walk->hang_seconds);
    format_report(st, 'F', text, hang_line, sizeof hang_line);
    hang_fd = st->fd;
    signal(SIGALRM, on_alarm);
    alarm((unsigned)(st->walk->hang_seconds + 0.999));
}

static void walk_node(walk_state *st, world *w);

/* In a child: the teardown of this node's state, checked. */
static void walk_teardown(walk_state *st, world *w)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        arm_hang(st, "the teardown");
        w->step++;
        if (w_teardown(w) != 0)
            report(st, 'F', w->failure);
        _exit(0);
    }
    if (pid > 0)
        await_child(st, pid, "the teardown");
}

static void walk_step(walk_state *st, world *w, int op)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* a tree never outlives its node */
        st->s.ops[st->s.n++] = op;
        arm_hang(st, explore_op_name(op));
        if (w_apply(w, op) != 0 || w_check(w) != 0) {
            report(st, 'F', w->failure);
            _exit(0);
        }
        alarm(0);
        walk_node(st, w);
        _exit(0);
    }
    if (pid > 0)
        await_child(st, pid, explore_op_name(op));
}

static void walk_node(walk_state *st, world *w)
{
    report(st, 'N', "");
    if (st->s.n >= st->walk->depth) { /* a leaf: its teardown here, no process is left to keep */
        arm_hang(st, "the teardown");
        w->step++;
        if (w_teardown(w) != 0)
            report(st, 'F', w->failure);
        return;
    }
    walk_teardown(st, w);
    for (int op = 0; op < W_OP_COUNT; op++) {
        if (!w_enabled(w, op))
            continue;
        if (st->s.n == 0 && st->walk->first_op_filter && !st->walk->first_op_filter(op))
            continue;
        walk_step(st, w, op);
    }
}

/* ---- the root: reads the tree's reports, confirms and reports failures */

typedef struct failure_seen {
    char key[200];
    char message[720]; /* the text of the shortest sequence's failure */
    explore_sequence s;
} failure_seen;

/* A failure's text without the step that names where it happened, so that
 * one fault reached by many sequences is reported once. */
static void failure_key(const char *message, char *key, size_t size)
{
    const char *p = strncmp(message, "step ", 5) == 0 ? strchr(message, ':') : NULL;
    p = p ? p + 2 : message;
    size_t n = strcspn(p, "0123456789");
    snprintf(key, size, "%.*s", (int)(n < size - 1 ? n : size - 1), p);
}

static int parse_report(const char *line, explore_sequence *s, const char **text)
{
    s->n = 0;
    const char *p = line + 2;
    while (*p && *p != '|' && s->n < EXPLORE_MAX_OPS) {
        s->ops[s->n++] = (int)strtol(p, (char **)&p, 10);
        if (*p == ',')
            p++;
    }
    if (*p != '|')
        return 0;
    *text = p + 1;
    return 1;
}

static void note_failure(failure_seen *seen, int *nseen, int max, const explore_sequence *s,
                         const char *text)
{
    char key[200];
    failure_key(text, key, sizeof key);
    for (int i = 0; i < *nseen; i++)
        if (strcmp(seen[i].key, key) == 0) {
            if (s->n < seen[i].s.n) {
                seen[i].s = *s;
                snprintf(seen[i].message, sizeof seen[i].message, "%s", text);
            }
            return;
        }
    if (*nseen < max) {
        snprintf(seen[*nseen].key, sizeof seen[*nseen].key, "%s", key);
        snprintf(seen[*nseen].message, sizeof seen[*nseen].message, "%s", text);
        seen[(*nseen)++].s = *s;
    }
}

/* The root's reading of the report pipe, until every process of the tree
 * has closed it. */
static void read_reports(explore_walk *walk, int fd, failure_seen *seen, int *nseen, int max)
{
    char buf[4096], line[1100];
    size_t used = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != '\n') {
                if (used < sizeof line - 1)
                    line[used++] = buf[i];
                continue;
            }
            line[used] = '\0', used = 0;
            explore_sequence s;
            const char *text;
            if (!parse_report(line, &s, &text))
                continue;
            if (line[0] == 'N')
                walk->nodes++;
            else
                note_failure(seen, nseen, max, &s, text);
        }
    }
}

/* A failure of the tree, replayed alone from a fresh process: reported
 * when it recurs, minimized; counted as unconfirmed when it does not. */
static void confirm(explore_walk *walk, const explore_sequence *in_tree,
                    const char *in_tree_message)
{
    explore_sequence s = {.n = 0};
    if (walk->initialized)
        s.ops[s.n++] = W_OP_initialize;
    for (int i = 0; i < in_tree->n && s.n < EXPLORE_MAX_OPS; i++)
        s.ops[s.n++] = in_tree->ops[i];
    explore_outcome o;
    if (walk->known && walk->known(walk->arg, in_tree_message)) {
        walk->found(walk->arg, &s, in_tree_message);
        return;
    }
    explore_replay(&s, walk->hang_seconds * 3, &o);
    if (o.failed != 1) {
        walk->unconfirmed++;
        return;
    }
    explore_minimize(&s, walk->hang_seconds * 3);
    explore_replay(&s, walk->hang_seconds * 3, &o);
    if (o.failed == 1)
        walk->found(walk->arg, &s, o.message);
    else
        walk->unconfirmed++;
}

void explore_walk_run(explore_walk *walk)
{
    enum { MAX_SEEN = 32 };
    static failure_seen seen[MAX_SEEN];
    int nseen = 0, fds[2];
    walk->nodes = walk->unconfirmed = 0;
    if (pipe(fds) != 0)
        return;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        static world w;
        w_begin(&w);
        w.avoid_known = avoid_known;
        walk_state st = {walk, fds[1], {.n = 0}};
        if (walk->initialized && (w_apply(&w, W_OP_initialize) != 0 || w_check(&w) != 0)) {
            report(&st, 'F', w.failure);
            _exit(0);
        }
        walk_node(&st, &w);
        _exit(0);
    }
    close(fds[1]);
    if (pid > 0)
        read_reports(walk, fds[0], seen, &nseen, MAX_SEEN);
    close(fds[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    for (int i = 0; i < nseen; i++)
        confirm(walk, &seen[i].s, seen[i].message);
}
#endif /* PYPY_VERSION */
