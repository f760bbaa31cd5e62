/* zygote.c: see zygote.h. The worker and the zygote talk over a
 * SOCK_SEQPACKET socket pair in messages of one size: the worker asks for
 * a case by its index in the registry, passing the child's two pipe ends
 * (SCM_RIGHTS); the zygote answers with the child's pid and, when the
 * child ends, with its wait status (the zygote is its parent and reaps it,
 * told by a signalfd for SIGCHLD). The child is set up as an exec'd fresh
 * child is: its own process group, no core file, no stdin, stdout and
 * stderr into its output pipe, events on CTS_MSG_FD, the case's
 * PYTHONMALLOC, then cts_child_main(). */
#include "compat.h"

#include "zygote.h"

#include "buffer.h"
#include "child.h"
#include "io.h"
#include "protocol.h"
#include "registry.h"
#include "runner.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Before 3.7 the suite applies PYTHONMALLOC when the program is loaded
 * (runtime/boot.c): a fork of the worker keeps the mode, not the case's. */
#define ZYGOTE_USABLE (PY_VERSION_HEX >= 0x03070000 && !CTS_EXTENSION_HOST)

typedef struct message {
    char kind;  /* 'C' start a case (worker to zygote), 'P' its pid, 'X' a child ended */
    int index;  /* 'C': the case's index in the registry */
    pid_t pid;  /* 'P' (-1: not started), 'X' */
    int status; /* 'X': its wait status */
} message;

/* The worker's side: its end of the socket, and the children that ended
 * and have not been asked for yet. */
static int sock = -1;
static pid_t zygote = -1;
static struct ended {
    pid_t pid;
    int status;
} * ended;
static size_t nended;
static pid_t *running; /* started through the zygote, not yet ended */
static size_t nrunning;

/* ---- the zygote ---- */

static void send_message(int fd, message m)
{
    while (send(fd, &m, sizeof m, MSG_NOSIGNAL) < 0 && errno == EINTR)
        ;
}

/* In the case's child: what an exec'd fresh child would have, then the case. */
__attribute__((noreturn)) static void run_case(const cts_case *c, int out_w, int msg_w)
{
    cts_runner_prepare_child(out_w, -1);
    if (out_w > 2 && out_w != msg_w)
        close(out_w);
    cts_keep_fd_as(msg_w, CTS_MSG_FD);
    if (msg_w != CTS_MSG_FD)
        close(msg_w);
    if (c->allocator)
        setenv("PYTHONMALLOC", c->allocator, 1);
    exit(cts_child_main(c->id, CTS_MSG_FD)); /* as main() returns from it */
}

static pid_t start_case(int index, int out_w, int msg_w, int fd, int sfd, const sigset_t *mask)
{
    const cts_case *c = cts_registry_at((size_t)index);
    pid_t zygote = getpid(), pid = c ? fork() : -1;
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, mask, NULL);
        close(fd);
        close(sfd);
        cts_die_with_parent(zygote);
        run_case(c, out_w, msg_w);
    }
    if (pid > 0)
        setpgid(pid, pid); /* also here: no race with the child's own call */
    return pid;
}

/* One request: a case index and two descriptors; 0 at the worker's end. */
static int take_request(int fd, int *index, int fds[2])
{
    message m;
    char control[CMSG_SPACE(2 * sizeof(int))];
    struct iovec iov = {.iov_base = &m, .iov_len = sizeof m};
    struct msghdr h = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n;
    while ((n = recvmsg(fd, &h, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
        ;
    struct cmsghdr *cm = n == (ssize_t)sizeof m ? CMSG_FIRSTHDR(&h) : NULL;
    if (!cm || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(2 * sizeof(int)))
        return 0;
    memcpy(fds, CMSG_DATA(cm), 2 * sizeof(int));
    *index = m.index;
    return 1;
}

static void report_ended(int fd, int sfd)
{
    struct signalfd_siginfo info;
    while (read(sfd, &info, sizeof info) == (ssize_t)sizeof info)
        ;
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        send_message(fd, (message){.kind = 'X', .pid = pid, .status = status});
}

/* The worker's end closed: the children ended are waited for, so that
 * their CPU time is the worker's (which waits for this process). */
__attribute__((noreturn)) static void stop_serving(void)
{
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    _exit(0);
}

__attribute__((noreturn)) static void serve(int fd, pid_t worker)
{
    cts_die_with_parent(worker);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigset_t chld, mask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &mask);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0)
        _exit(1); /* the worker sees its end close, and execs */
    for (;;) {
        struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            _exit(1);
        if (p[1].revents)
            report_ended(fd, sfd);
        if (!p[0].revents)
            continue;
        int index, fds[2];
        if (!take_request(fd, &index, fds))
            stop_serving();
        pid_t pid = start_case(index, fds[0], fds[1], fd, sfd, &mask);
        close(fds[0]);
        close(fds[1]);
        send_message(fd, (message){.kind = 'P', .pid = pid});
    }
}

/* ---- the worker's side ---- */

static int fresh_exec_forced(void)
{
    const char *v = getenv("PYMEM_CTS_FRESH_EXEC");
    return v && *v && strcmp(v, "0") != 0;
}

void cts_zygote_start(int private_fd)
{
    int fds[2];
    if (!ZYGOTE_USABLE || fresh_exec_forced() ||
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
        return;
    fflush(NULL);
    pid_t worker = getpid(), pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (private_fd >= 0)
            close(private_fd);
        serve(fds[1], worker);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return;
    }
    sock = fds[0];
    zygote = pid;
}

void cts_zygote_stop(void)
{
    if (sock >= 0)
        close(sock);
    sock = -1;
    while (zygote > 0 && waitpid(zygote, NULL, 0) < 0 && errno == EINTR)
        ;
    zygote = -1;
}

int cts_zygote_serves(const cts_case *c)
{
    return sock >= 0 && c->isolation == CTS_FRESH && !c->fresh_exec;
}

int cts_zygote_fd(void)
{
    return nrunning ? sock : -1;
}

static void remember(pid_t **list, size_t *n, pid_t pid)
{
    *list = cts_realloc_or_exit(*list, *n + 1, sizeof **list);
    (*list)[(*n)++] = pid;
}

static void forget_running(pid_t pid)
{
    for (size_t i = 0; i < nrunning; i++) {
        if (running[i] == pid) {
            running[i] = running[--nrunning];
            return;
        }
    }
}

static void note_ended(pid_t pid, int status)
{
    ended = cts_realloc_or_exit(ended, nended + 1, sizeof *ended);
    ended[nended++] = (struct ended){pid, status};
    forget_running(pid);
}

/* The zygote is gone: its children died with it (SIGKILL), and so will
 * every other fresh case start, by exec. */
static void zygote_gone(void)
{
    close(sock);
    sock = -1;
    while (nrunning)
        note_ended(running[0], SIGKILL);
}

/* One message from the zygote: 1, or 0 when there is none now (or it is
 * gone). A pid is kept in *pid_reply. */
static int take_news(int flags, pid_t *pid_reply)
{
    message m;
    ssize_t n;
    while ((n = recv(sock, &m, sizeof m, flags)) < 0 && errno == EINTR)
        ;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (n != (ssize_t)sizeof m) {
        zygote_gone();
        return 0;
    }
    if (m.kind == 'X')
        note_ended(m.pid, m.status);
    else if (m.kind == 'P' && pid_reply)
        *pid_reply = m.pid;
    return 1;
}

void cts_zygote_collect(void)
{
    while (sock >= 0 && take_news(MSG_DONTWAIT, NULL))
        ;
}

static int index_of(const cts_case *c)
{
    for (size_t i = 0; i < cts_registry_count(); i++) {
        if (cts_registry_at(i) == c)
            return (int)i;
    }
    return -1;
}

static int send_request(const cts_case *c, int out_w, int msg_w)
{
    message m = {.kind = 'C', .index = index_of(c)};
    char control[CMSG_SPACE(2 * sizeof(int))];
    memset(control, 0, sizeof control);
    struct iovec iov = {.iov_base = &m, .iov_len = sizeof m};
    struct msghdr h = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&h);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(cm), (int[2]){out_w, msg_w}, 2 * sizeof(int));
    ssize_t n;
    while ((n = sendmsg(sock, &h, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    return n == (ssize_t)sizeof m;
}

pid_t cts_zygote_fork(const cts_case *c, int out_w, int msg_w)
{
    if (sock < 0 || !send_request(c, out_w, msg_w)) {
        if (sock >= 0)
            zygote_gone();
        return -1;
    }
    pid_t pid = 0;
    while (sock >= 0 && pid == 0)
        take_news(0, &pid);
    if (pid > 0)
        remember(&running, &nrunning, pid);
    return pid > 0 ? pid : -1;
}

pid_t cts_zygote_reaped(pid_t pid, int *status)
{
    cts_zygote_collect();
    for (size_t i = 0; i < nended; i++) {
        if (ended[i].pid == pid) {
            *status = ended[i].status;
            ended[i] = ended[--nended];
            return pid;
        }
    }
    return 0;
}
