// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The job wrapper (`tnam_regress job JOBDIR`), the process group with its timeout, and the
 * key=value files of the run folder. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tnam_regress.h"

/* ---- key=value files ------------------------------------------------------------------------ */

int tnam_rg_kv_read(const char *path, tnam_rg_kv_t *kv, tnam_err_t *err) {
  memset(kv, 0, sizeof *kv);
  FILE *f = tnam_text_open(path, "file", NULL, err);
  if (!f) return 0;
  tnam_where_t w = {path, 0, err};
  char buf[16384];
  int r, ok = 1;
  while (ok && (w.line++, r = tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    char *eq = strchr(buf, '=');
    if (!eq || eq == buf) {
      ok = tnam_fail(&w, "not a key=value line");
      break;
    }
    *eq = '\0';
    char **k = realloc(kv->key, (kv->n + 1) * sizeof *k);
    if (k) kv->key = k;
    char **v = realloc(kv->val, (kv->n + 1) * sizeof *v);
    if (v) kv->val = v;
    if (!k || !v) {
      ok = tnam_fail(&w, "out of memory");
      break;
    }
    kv->key[kv->n] = strdup(buf);
    kv->val[kv->n] = strdup(eq + 1);
    kv->n++;
  }
  if (r < 0) ok = 0;
  fclose(f);
  if (!ok) tnam_rg_kv_free(kv);
  return ok;
}

const char *tnam_rg_kv_get(const tnam_rg_kv_t *kv, const char *key) {
  for (size_t i = 0; i < kv->n; i++)
    if (kv->key[i] && strcmp(kv->key[i], key) == 0) return kv->val[i] ? kv->val[i] : "";
  return NULL;
}

void tnam_rg_kv_free(tnam_rg_kv_t *kv) {
  for (size_t i = 0; i < kv->n; i++) free(kv->key[i]), free(kv->val[i]);
  free(kv->key), free(kv->val);
  memset(kv, 0, sizeof *kv);
}

int tnam_rg_write_atomic(const char *path, const char *text) {
  tnam_str_t tmp = {0};
  tnam_str_add(&tmp, "%s.tmp", path);
  FILE *f = tmp.failed ? NULL : fopen(tmp.text, "w");
  int ok = f && fputs(text, f) >= 0;
  if (f) { /* closed whatever the flush gave */
    const int flushed = fflush(f) == 0;
    const int closed = fclose(f) == 0;
    ok = ok && flushed && closed;
  }
  if (ok) ok = rename(tmp.text, path) == 0;
  if (!ok) fprintf(stderr, "error: cannot write %s: %s\n", path, strerror(errno));
  tnam_str_free(&tmp);
  return ok;
}

int tnam_rg_shell_word(tnam_str_t *s, const char *text) {
  static const char safe[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=,+%@";
  if (*text && strspn(text, safe) == strlen(text)) return tnam_str_add(s, "%s", text);
  tnam_str_add(s, "'");
  for (const char *p = text; *p; p++)
    if (*p == '\'')
      tnam_str_add(s, "'\\''");
    else
      tnam_str_add(s, "%c", *p);
  return tnam_str_add(s, "'");
}

/* ---- processes ------------------------------------------------------------------------------ */

static sigset_t waited; /* SIGCHLD, SIGINT, SIGTERM */

void tnam_rg_block_signals(void) {
  sigemptyset(&waited);
  sigaddset(&waited, SIGCHLD);
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGTERM);
  sigprocmask(SIG_BLOCK, &waited, NULL);
  /* A shell starts a background job with SIGINT ignored, and an ignored signal is dropped
   * before sigtimedwait could take it: blocked, the default action never runs. */
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int tnam_rg_run_group(char *const argv[], const char *dir, int out_fd, unsigned timeout_s,
                      tnam_rg_exit_t *e) {
  memset(e, 0, sizeof *e);
  const double t0 = now_s();
  const pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "error: cannot start %s: %s\n", argv[0], strerror(errno));
    return 0;
  }
  if (pid == 0) {
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (out_fd >= 0) {
      dup2(out_fd, 1);
      dup2(out_fd, 2);
    }
    if (dir && chdir(dir) != 0) {
      fprintf(stderr, "error: cannot enter %s: %s\n", dir, strerror(errno));
      _exit(127);
    }
    execvp(argv[0], argv);
    fprintf(stderr, "error: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  setpgid(pid, pid); /* also here: no race with the first kill */
  double kill_at = timeout_s ? t0 + timeout_s : 0, hard_at = 0;
  int status = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  for (;;) {
    const pid_t got = wait4(pid, &status, WNOHANG, &ru);
    if (got == pid) break;
    const double t = now_s();
    if (hard_at && t >= hard_at) {
      kill(-pid, SIGKILL);
      hard_at = 0;
    } else if (kill_at && t >= kill_at) {
      e->timed_out = !e->stop_sig;
      kill(-pid, SIGTERM);
      kill_at = 0, hard_at = t + 5;
    }
    double next = 1.0;
    if (kill_at && kill_at - t < next) next = kill_at - t;
    if (hard_at && hard_at - t < next) next = hard_at - t;
    if (next < 0.001) next = 0.001;
    struct timespec ts = {(time_t)next, (long)((next - (time_t)next) * 1e9)};
    const int sig = sigtimedwait(&waited, NULL, &ts);
    if ((sig == SIGINT || sig == SIGTERM) && !e->stop_sig && !e->timed_out) {
      e->stop_sig = sig;
      kill(-pid, SIGTERM);
      kill_at = 0, hard_at = now_s() + 5;
    }
  }
  kill(-pid, SIGKILL); /* whatever the program left behind in its group */
  e->wall_s = now_s() - t0;
  e->rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  struct rusage children;
  e->maxrss_kb = ru.ru_maxrss;
  if (getrusage(RUSAGE_CHILDREN, &children) == 0 && children.ru_maxrss > e->maxrss_kb)
    e->maxrss_kb = children.ru_maxrss;
  return 1;
}

void tnam_rg_first_line(const char *log_path, char *buf, size_t size) {
  buf[0] = '\0';
  FILE *f = fopen(log_path, "r");
  if (!f) return;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0) {
    if (!strstr(line, "MISMATCH") && !strstr(line, "FAIL") && !strstr(line, "error:") &&
        !strstr(line, "TIMING ERROR"))
      continue;
    char *p = line + strspn(line, " \t");
    p[strcspn(p, "\r\n")] = '\0';
    tnam_escape(buf, size, p);
    break;
  }
  free(line);
  fclose(f);
}

/* ---- the job wrapper ---------------------------------------------------------------------- */

static const char *describe(int rc) {
  switch (rc) {
    case 1: return "mismatch or failed expectation";
    case 2: return "bad input or usage";
    case 3: return "stopped: its own timeout, a link error or an interrupt";
    case 126:
    case 127: return "the program could not run";
    default: return rc > 128 ? "killed by a signal" : "failed";
  }
}

int tnam_rg_job_main(const char *jobdir) {
  tnam_str_t p = {0};
  tnam_err_t err;
  tnam_rg_kv_t meta;
  tnam_str_add(&p, "%s/meta", jobdir);
  if (p.failed || !tnam_rg_kv_read(p.text, &meta, &err)) {
    fprintf(stderr, "error: %s\n", p.failed ? "out of memory" : err.msg);
    tnam_str_free(&p);
    return 2;
  }
  long timeout = 0;
  const char *to = tnam_rg_kv_get(&meta, "timeout");
  tnam_where_t w = {p.text, 0, &err};
  if (!to || !tnam_parse_long(&w, "timeout", to, 1, TNAM_RG_TIMEOUT_MAX, &timeout)) {
    fprintf(stderr, "error: %s: no valid timeout= line\n", p.text);
    tnam_rg_kv_free(&meta);
    tnam_str_free(&p);
    return 2;
  }
  tnam_rg_kv_free(&meta);

  char host[256] = "?";
  gethostname(host, sizeof host - 1);
  tnam_str_t t = {0};
  tnam_str_add(&t, "host=%s pid=%ld at=%ld\n", host, (long)getpid(), (long)time(NULL));
  p.len = 0;
  tnam_str_add(&p, "%s/started", jobdir);
  int ok = !t.failed && !p.failed && tnam_rg_write_atomic(p.text, t.text);
  p.len = 0;
  tnam_str_add(&p, "%s/log", jobdir);
  const int fd = ok ? open(p.text, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
  tnam_str_t cmd = {0};
  tnam_str_add(&cmd, "%s/cmd", jobdir);
  char *argv[] = {"sh", cmd.text, NULL};
  tnam_rg_exit_t e;
  tnam_rg_block_signals();
  ok = fd >= 0 && !cmd.failed && tnam_rg_run_group(argv, NULL, fd, (unsigned)timeout, &e);
  if (fd >= 0) close(fd);
  if (!ok) {
    fprintf(stderr, "error: job %s could not run\n", jobdir);
    tnam_str_free(&p), tnam_str_free(&t), tnam_str_free(&cmd);
    return 1;
  }
  const char *status;
  char reason[256];
  if (e.stop_sig) {
    status = "error";
    snprintf(reason, sizeof reason, "interrupted by signal %d", e.stop_sig);
  } else if (e.timed_out) {
    status = "timeout";
    snprintf(reason, sizeof reason, "killed at its timeout of %ld s", timeout);
  } else if (e.rc == 0) {
    status = "pass";
    reason[0] = '\0';
  } else {
    status = e.rc == 1 || e.rc == 3 ? "fail" : "error";
    snprintf(reason, sizeof reason, "exit %d: %s", e.rc, describe(e.rc));
  }
  char first[1024];
  tnam_rg_first_line(p.text, first, sizeof first);
  if (e.rc == 0 && !e.timed_out && !e.stop_sig) first[0] = '\0';
  t.len = 0;
  tnam_str_add(&t, "status=%s\nrc=%d\nwall_s=%.3f\nmaxrss_kb=%ld\nreason=%s\nfirst=%s\n", status,
               e.rc, e.wall_s, e.maxrss_kb, reason, first);
  p.len = 0;
  tnam_str_add(&p, "%s/result", jobdir);
  ok = !t.failed && !p.failed && tnam_rg_write_atomic(p.text, t.text);
  tnam_str_free(&p), tnam_str_free(&t), tnam_str_free(&cmd);
  return ok ? 0 : 1;
}
