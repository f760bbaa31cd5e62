/* worker.c: see worker.h. */
#include "compat.h"

#include "worker.h"

#include "boot.h"
#include "probe.h"
#include "io.h"
#include "wire.h"
#include "zygote.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_line(int fd, cJSON *obj)
{
    char *text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (!text)
        return;
    size_t left = strlen(text) + 1;
    text[left - 1] = '\n'; /* the line ends where the string did */
    cts_write_all(fd, text, left);
    free(text);
}

static void emit_to_fd(const cts_record *rec, void *arg)
{
    cJSON *obj = cts_record_to_json(rec);
    cts_json_add_string(obj, "type", "result");
    write_line(*(int *)arg, obj);
}

static void on_stop_signal(int sig)
{
    (void)sig;
    cts_runner_stop = 1;
}

static void send_typed(int fd, const char *type, const char *message)
{
    cJSON *obj = cJSON_CreateObject();
    cts_json_add_string(obj, "type", type);
    if (message)
        cts_json_add_string(obj, "message", message);
    write_line(fd, obj);
}

int cts_worker_main(const cts_run_options *opt, int record_fd)
{
    signal(SIGTERM, on_stop_signal);
    signal(SIGINT, on_stop_signal);
    signal(SIGPIPE, SIG_IGN);
    cts_zygote_start(opt->private_fd); /* before anything of Python starts */
    const char *err = cts_boot();
    if (err) {
        send_typed(record_fd, "boot_error", err);
        cts_zygote_stop();
        return 1;
    }
    cts_caps caps;
    cts_probe(&caps, getenv("PYTHONMALLOC"));
    cJSON *obj = cts_caps_to_json(&caps);
    cts_json_add_string(obj, "type", "caps");
    write_line(record_fd, obj);
    int rc = cts_run_cases(&caps, opt, emit_to_fd, &record_fd);
    cts_zygote_stop();
    send_typed(record_fd, rc == 0 ? "done" : "stopped", NULL);
    fflush(NULL);
    _exit(rc == 0 ? 0 : 1);
}
