/* outputs.c: see outputs.h. A report is only ever written to a regular
 * file, by renaming a temporary file over it (atomic_write.c): a device,
 * FIFO, socket or directory at the path, or a path through /proc (as
 * /dev/stdout is), is refused before the run rather than replaced after
 * it. A symlink is followed, so its target is what gets written. */
#include "outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_LINK_HOPS = 40 };

static int stdout_errno;

/* link's target, relative to the directory link is in. */
static char *link_target(const char *link)
{
    char target[PATH_MAX];
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0)
        return NULL;
    target[n] = '\0';
    const char *slash = strrchr(link, '/');
    int dir_len = target[0] == '/' || !slash ? 0 : (int)(slash - link + 1);
    char *joined;
    if (asprintf(&joined, "%.*s%s", dir_len, link, target) < 0)
        return NULL;
    return joined;
}

/* Whether path's directory is under /proc (a file descriptor's link). */
static int under_proc(const char *path)
{
    char *copy = strdup(path), dir[PATH_MAX];
    int proc = copy && realpath(dirname(copy), dir) && strncmp(dir, "/proc/", 6) == 0;
    free(copy);
    return proc;
}

/* The path once every symlink is followed; a dangling one gives the path
 * it points to. NULL with errno set on a loop or an unreadable link, and
 * with EBADF for a link to a file descriptor (/dev/stdout, /dev/fd/N). */
static char *follow_links(const char *path)
{
    char *cur = strdup(path);
    for (int hops = 0; cur && hops < MAX_LINK_HOPS; hops++) {
        struct stat st;
        if (under_proc(cur)) {
            free(cur);
            errno = EBADF;
            return NULL;
        }
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char *next = link_target(cur);
        free(cur);
        cur = next;
    }
    free(cur);
    errno = ELOOP;
    return NULL;
}

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Whether a file can be created in dir: a probe created and removed. */
static int can_create_in(const char *target, char *err, size_t size, const char *flag,
                         const char *path, const char *dir)
{
    char probe[PATH_MAX + 16];
    snprintf(probe, sizeof probe, "%s.tmp.XXXXXX", target);
    int fd = mkstemp(probe);
    if (fd < 0) {
        snprintf(err, size, "%s %s: cannot create a file in %s: %s", flag, path, dir,
                 strerror(errno));
        return 0;
    }
    close(fd);
    unlink(probe);
    return 1;
}

/* Whether target is a regular file or absent; a message when not. */
static int is_regular_or_absent(const char *flag, const char *path, const char *target, char *err,
                                size_t size)
{
    struct stat st;
    if (lstat(target, &st) == 0) {
        if (S_ISREG(st.st_mode))
            return 1;
        snprintf(err, size,
                 "%s %s: is %s: reports are written only to regular files (a new file or one "
                 "to replace)",
                 flag, path, kind_of(st.st_mode));
        return 0;
    }
    if (errno == ENOENT)
        return 1;
    snprintf(err, size, "%s %s: %s", flag, path, strerror(errno));
    return 0;
}

/* final with its directory made canonical; NULL with a message. */
static char *canonical(const char *flag, const char *path, const char *final, char *err,
                       size_t size)
{
    char *dcopy = strdup(final), *bcopy = strdup(final), *target = NULL;
    char dir[PATH_MAX];
    const char *base = basename(bcopy);
    if (!realpath(dirname(dcopy), dir))
        snprintf(err, size, "%s %s: its directory: %s", flag, path, strerror(errno));
    else if (strlen(dir) + strlen(base) + 20 >= PATH_MAX)
        snprintf(err, size, "%s: the path is too long once its links are followed", flag);
    else if (asprintf(&target, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, base) < 0)
        target = NULL;
    free(dcopy);
    free(bcopy);
    return target;
}

/* final, canonical, checked to be a regular file or absent in a directory
 * where a file can be created. */
static char *checked_target(const char *flag, const char *path, const char *final, char *err,
                            size_t size)
{
    char *target = canonical(flag, path, final, err, size);
    if (!target)
        return NULL;
    char *dir = strdup(target);
    int ok = is_regular_or_absent(flag, path, target, err, size) &&
             can_create_in(target, err, size, flag, path, dirname(dir));
    free(dir);
    if (!ok) {
        free(target);
        return NULL;
    }
    return target;
}

char *cts_report_target(const char *flag, const char *path, char *err, size_t size)
{
    if (!*path) {
        snprintf(err, size, "%s needs a file name, not ''", flag);
        return NULL;
    }
    if (strlen(path) >= PATH_MAX - 20) {
        snprintf(err, size, "%s: the path is %zu bytes long (at most %d)", flag, strlen(path),
                 PATH_MAX - 20);
        return NULL;
    }
    size_t len = strlen(path);
    if (path[len - 1] == '/') {
        snprintf(err, size, "%s %s: names a directory, not a file", flag, path);
        return NULL;
    }
    char *final = follow_links(path);
    if (!final && errno == EBADF) {
        snprintf(err, size,
                 "%s %s: is under /proc (a file descriptor, as /dev/stdout is): reports are "
                 "written only to regular files",
                 flag, path);
        return NULL;
    }
    if (!final) {
        snprintf(err, size, "%s %s: cannot follow the symlink: %s", flag, path, strerror(errno));
        return NULL;
    }
    char *target = checked_target(flag, path, final, err, size);
    free(final);
    return target;
}

int cts_same_target(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int cts_stdout_was_open(void)
{
    int stdout_open = 1;
    for (int fd = 1; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0)
            continue;
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0 && null != fd) {
            dup2(null, fd);
            close(null);
        }
        stdout_open &= fd != 1;
    }
    return stdout_open;
}

void cts_stdout_flush(void)
{
    if (fflush(stdout) != 0 && !stdout_errno)
        stdout_errno = errno ? errno : EIO;
}

int cts_stdout_result(char *err, size_t size)
{
    cts_stdout_flush();
    if (!stdout_errno && ferror(stdout))
        stdout_errno = EIO;
    if (!stdout_errno)
        return 0;
    snprintf(err, size, "cannot write to stdout: %s; the console results are lost",
             strerror(stdout_errno));
    return -1;
}
