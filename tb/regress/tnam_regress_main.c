// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_regress: the regression runner behind `make regress` (tb/regress/README.md).
 *   tnam_regress run [options]      plan the list's jobs, build, run them, report
 *   tnam_regress resume DIR [opts]  rerun the jobs of a run that have no result, report it all
 *   tnam_regress plan [options]     print the jobs and their seeds, run nothing
 *   tnam_regress job JOBDIR         the job wrapper both engines run */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tnam_gen.h"
#include "tnam_opts.h"
#include "tnam_regress.h"

#define EXIT_BAD 2

typedef struct {
  const char *list, *filter, *engine, *out;
  const char *make_vars; /* extra make variables of every build and name (--make) */
  unsigned levels;
  char level_text[16];
  int have_seed;
  uint64_t seed;
  unsigned jobs, waves_max;
  uint64_t cycles; /* 0: the list's */
  int no_build;
  int fcov; /* --fcov: every job counts the functional coverage bins into its folder */
} opts_t;

/* One job of a run as its folder holds it (meta, result, waves.status). */
typedef struct {
  char *dir; /* absolute */
  tnam_rg_kv_t meta, result, waves;
  int have_result;
} rjob_t;

typedef struct {
  char *dir, *root, *self;
  opts_t o;
  rjob_t *jobs;
  size_t n;
  int stop_sig;
  double t0;
} run_t;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *strf(const char *fmt, const char *a, const char *b) {
  tnam_str_t s = {0};
  tnam_str_add(&s, fmt, a, b);
  if (s.failed) {
    fprintf(stderr, "error: out of memory\n");
    exit(EXIT_BAD);
  }
  return s.text;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: tnam_regress run [options] | resume DIR [options] | plan [options] | job "
          "JOBDIR\n"
          "  --list FILE      the test list (default tb/regress.tsv)\n"
          "  --level L        L0, L1, L2 or a '+' list of them (default L0)\n"
          "  --filter PATS    only tests whose name or a tag matches one of these comma-separated\n"
          "                   shell patterns\n"
          "  --seed N         the regression seed the jobs' seeds derive from (default: a fresh "
          "one)\n"
          "  --jobs N         jobs at once (default: the number of cores)\n"
          "  --engine E       local (default) or slurm (scripts/regress_slurm.sh)\n"
          "  --out DIR        where run folders go (default build/regress)\n"
          "  --cycles N       the length of every generated stream instead of the list's\n"
          "  --waves-max N    waves for at most N failed jobs (default 3)\n"
          "  --make VARS      make variables for every build and program name, e.g. a mutant's\n"
          "                   \"RTL_DIR=build/mut/x/rtl SIMDIR=build/mut/x VL_ASSERT=\"\n"
          "  --no-build       build nothing (the programs exist)\n"
          "  --fcov           every job counts the functional coverage bins into JOBDIR/fcov.cnt\n"
          "                   (make regress FCOV=1 merges them: make fcov's report)\n"
          "exit: 0 all passed, 1 a job failed, 2 bad input, 130/143 interrupted\n");
}

static int parse_levels(const char *text, unsigned *mask) {
  char *copy = strdup(text), *save = NULL;
  *mask = 0;
  int ok = copy != NULL;
  for (char *l = ok ? strtok_r(copy, "+,", &save) : NULL; ok && l;
       l = strtok_r(NULL, "+,", &save)) {
    int found = 0;
    for (int i = 0; i < TNAM_RG_LEVELS; i++)
      if (strcmp(l, tnam_rg_level_names[i]) == 0) *mask |= 1u << i, found = 1;
    ok = found;
  }
  free(copy);
  return ok && *mask;
}

static int parse_opts(int argc, char **argv, int first, opts_t *o) {
  tnam_opt_seen_t seen = {0};
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--no-build") == 0) {
      o->no_build = 1;
      continue;
    }
    if (strcmp(a, "--fcov") == 0) {
      o->fcov = 1;
      continue;
    }
    if (strncmp(a, "--", 2) != 0 || i + 1 >= argc) {
      fprintf(stderr, "error: %s '%s'\n",
              i + 1 >= argc ? "option without value" : "unknown argument", a);
      return 0;
    }
    if (!tnam_opt_once(&seen, a)) return 0;
    const char *v = argv[++i];
    uint64_t n;
    if (strcmp(a, "--list") == 0)
      o->list = v;
    else if (strcmp(a, "--filter") == 0)
      o->filter = v;
    else if (strcmp(a, "--out") == 0)
      o->out = v;
    else if (strcmp(a, "--make") == 0)
      o->make_vars = v;
    else if (strcmp(a, "--engine") == 0) {
      if (strcmp(v, "local") != 0 && strcmp(v, "slurm") != 0) {
        fprintf(stderr, "error: option --engine: '%s' is not local or slurm\n", v);
        return 0;
      }
      o->engine = v;
    } else if (strcmp(a, "--level") == 0) {
      if (!parse_levels(v, &o->levels)) {
        fprintf(stderr, "error: option --level: '%s' is not L0, L1, L2 or a '+' list of them\n", v);
        return 0;
      }
    } else if (strcmp(a, "--seed") == 0) {
      if (!tnam_opt_u64(a, v, 0, UINT64_MAX, &o->seed)) return 0;
      o->have_seed = 1;
    } else if (strcmp(a, "--jobs") == 0) {
      if (!tnam_opt_u64(a, v, 1, 1024, &n)) return 0;
      o->jobs = (unsigned)n;
    } else if (strcmp(a, "--waves-max") == 0) {
      if (!tnam_opt_u64(a, v, 0, 100000, &n)) return 0;
      o->waves_max = (unsigned)n;
    } else if (strcmp(a, "--cycles") == 0) {
      if (!tnam_opt_u64(a, v, 1, TNAM_OPTS_CYCLES_MAX, &o->cycles)) return 0;
    } else {
      fprintf(stderr, "error: unknown option '%s'\n", a);
      return 0;
    }
  }
  return 1;
}

static void level_text(unsigned mask, char *buf, size_t size) {
  buf[0] = '\0';
  for (int i = 0; i < TNAM_RG_LEVELS; i++)
    if (mask & (1u << i))
      snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "+" : "",
               tnam_rg_level_names[i]);
}

static uint64_t fresh_seed(void) {
  uint64_t x = 0;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || read(fd, &x, sizeof x) != (ssize_t)sizeof x) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    x = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
  }
  if (fd >= 0) close(fd);
  return x % 1000000000000ULL;
}

/* ---- the programs of a configuration: asked from make, built by make -------------------- */

/* What make calls the programs of a chip (make print-VAR): SIM, SC_SIM, MODEL_RUN, VBOARD, HOST. */
enum { P_SIM, P_SC, P_MODEL, P_VBOARD, P_HOST, P_COUNT };
static const char *const prog_vars[P_COUNT] = {"SIM", "SC_SIM", "MODEL_RUN", "VBOARD", "HOST"};

/* --make: words for every make command line, as the shell splits them ("" when none). */
static const char *make_vars = "";

typedef struct {
  unsigned rows, cols, macros, tiles;
  unsigned harnesses; /* mask */
  char *prog[P_COUNT];
} chip_t;

static void make_dims(char *buf, size_t size, const chip_t *c) {
  snprintf(buf, size, "ROWS=%u COLS=%u MACROS=%u TILES=%u", c->rows, c->cols, c->macros, c->tiles);
}

static int ask_make(chip_t *c) {
  char dims[128];
  make_dims(dims, sizeof dims, c);
  tnam_str_t cmd = {0};
  tnam_str_add(&cmd, "make -s --no-print-directory %s %s", dims, make_vars);
  for (int i = 0; i < P_COUNT; i++) tnam_str_add(&cmd, " print-%s", prog_vars[i]);
  FILE *p = cmd.failed ? NULL : popen(cmd.text, "r");
  int ok = p != NULL;
  char line[PATH_MAX];
  for (int i = 0; ok && i < P_COUNT; i++) {
    ok = fgets(line, sizeof line, p) != NULL;
    if (ok) {
      line[strcspn(line, "\n")] = '\0';
      c->prog[i] = strdup(line);
      ok = c->prog[i] && line[0];
    }
  }
  if (p && pclose(p) != 0) ok = 0;
  if (!ok) fprintf(stderr, "error: '%s' did not name the programs\n", tnam_str_get(&cmd));
  tnam_str_free(&cmd);
  return ok;
}

static chip_t *chip_of(chip_t **chips, size_t *n, unsigned r, unsigned c, unsigned m, unsigned t) {
  for (size_t i = 0; i < *n; i++)
    if ((*chips)[i].rows == r && (*chips)[i].cols == c && (*chips)[i].macros == m &&
        (*chips)[i].tiles == t)
      return &(*chips)[i];
  chip_t *grown = realloc(*chips, (*n + 1) * sizeof *grown);
  if (!grown) return NULL;
  *chips = grown;
  chip_t *k = &grown[(*n)++];
  memset(k, 0, sizeof *k);
  k->rows = r, k->cols = c, k->macros = m, k->tiles = t;
  return ask_make(k) ? k : NULL;
}

static void wait_signals(sigset_t *set) {
  sigemptyset(set);
  sigaddset(set, SIGCHLD);
  sigaddset(set, SIGINT);
  sigaddset(set, SIGTERM);
}

/* The last n lines of a file on stderr, indented. */
static void tail_file(const char *path, size_t n) {
  FILE *f = fopen(path, "r");
  char **ring = calloc(n, sizeof *ring), *line = NULL;
  size_t cap = 0, count = 0;
  while (f && ring && getline(&line, &cap, f) > 0) {
    free(ring[count % n]);
    ring[count++ % n] = strdup(line);
  }
  for (size_t i = count > n ? count - n : 0; ring && i < count; i++) {
    const char *l = ring[i % n] ? ring[i % n] : "";
    fprintf(stderr, "  | %s%s", l, l[0] && l[strlen(l) - 1] == '\n' ? "" : "\n");
  }
  for (size_t i = 0; ring && i < n; i++) free(ring[i]);
  free(ring), free(line);
  if (f) fclose(f);
}

/* make ROWS= COLS= MACROS= TILES= with the programs of `progs` (a mask of P_*) that the chip's
 * harnesses need, in argv (room for 16); argc, 6 when there is nothing to build. */
static int make_argv(const chip_t *c, unsigned progs, char d[4][32], char **argv) {
  static const int need[TNAM_RG_HARNESSES][2] = {
      {P_SIM, -1}, {P_SC, -1}, {P_MODEL, -1}, {P_VBOARD, P_HOST}};
  int a = 0;
  argv[a++] = "make";
  argv[a++] = "--no-print-directory";
  snprintf(d[0], 32, "ROWS=%u", c->rows);
  snprintf(d[1], 32, "COLS=%u", c->cols);
  snprintf(d[2], 32, "MACROS=%u", c->macros);
  snprintf(d[3], 32, "TILES=%u", c->tiles);
  for (int k = 0; k < 4; k++) argv[a++] = d[k];
  unsigned have = 0;
  for (int h = 0; h < TNAM_RG_HARNESSES; h++)
    for (int k = 0; k < 2; k++) {
      const int p = need[h][k];
      if ((c->harnesses & (1u << h)) && p >= 0 && (progs & (1u << p)) && !(have & (1u << p))) {
        have |= 1u << p;
        argv[a++] = c->prog[p];
      }
    }
  argv[a] = NULL;
  return a;
}

/* Builds the programs every chip's harnesses need: first, in one make, those all chips share
 * (the model runner with the C libraries, the host tool), then each chip's own (its harness,
 * SystemC harness, virtual board) in a make of its own, JOBS of them at once (Verilator's
 * elaboration is one process: two builds fill two cores better than one). Each make's output
 * goes to RUNDIR/build-rRcCmMtT.log. 1, or 0 after a message when a build failed or was
 * interrupted (run->stop_sig). */
static int build_chips(run_t *run, chip_t *chips, size_t n) {
  const unsigned shared = (1u << P_MODEL) | (1u << P_HOST);
  unsigned harnesses = 0;
  for (size_t i = 0; i < n; i++) harnesses |= chips[i].harnesses;
  pid_t *pids = calloc(n + 1, sizeof *pids);
  double *t0 = calloc(n + 1, sizeof *t0);
  int ok = pids && t0;
  size_t next = 0, running = 0;
  sigset_t set;
  wait_signals(&set);
  /* Slot n is the shared programs' make, which runs alone before the others. */
  chip_t all = chips[0];
  all.harnesses = harnesses;
  int shared_done = 0;
  while (ok && !run->stop_sig && (!shared_done || next < n || running)) {
    while (ok && !run->stop_sig && running < (shared_done ? run->o.jobs : 1) &&
           (shared_done ? next < n : !pids[n])) {
      const size_t i = shared_done ? next++ : n;
      const chip_t *c = i == n ? &all : &chips[i];
      char d[4][32], *argv[16];
      if (make_argv(c, i == n ? shared : ~shared, d, argv) == 6) {
        if (i == n) shared_done = 1;
        continue;
      }
      tnam_str_t log = {0};
      if (i == n)
        tnam_str_add(&log, "%s/build-shared.log", run->dir);
      else
        tnam_str_add(&log, "%s/build-r%uc%um%ut%u.log", run->dir, c->rows, c->cols, c->macros,
                     c->tiles);
      const int fd =
          log.failed ? -1 : open(log.text, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      printf("regress: building");
      for (int k = 2; argv[k]; k++) printf(" %s", argv[k]);
      printf("\n");
      fflush(stdout);
      const pid_t pid = fd >= 0 ? fork() : -1;
      if (pid == 0) {
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        dup2(fd, 1), dup2(fd, 2);
        /* Through sh: --make's words are split as the shell splits them. */
        tnam_str_t line = {0};
        tnam_str_add(&line, "exec");
        for (int k = 0; argv[k]; k++) {
          tnam_str_add(&line, " ");
          tnam_rg_shell_word(&line, argv[k]);
          if (k == 5) tnam_str_add(&line, " %s", make_vars);
        }
        execl("/bin/sh", "sh", "-c", tnam_str_get(&line), (char *)NULL);
        fprintf(stderr, "error: cannot run make: %s\n", strerror(errno));
        _exit(127);
      }
      if (fd >= 0) close(fd);
      tnam_str_free(&log);
      if (pid < 0) {
        fprintf(stderr, "error: cannot start make: %s\n", strerror(errno));
        ok = 0;
        break;
      }
      setpgid(pid, pid);
      pids[i] = pid, t0[i] = now_s();
      running++;
    }
    if (!running) {
      shared_done = 1;
      if (next >= n) break;
      continue;
    }
    struct timespec ts = {1, 0};
    const int sig = sigtimedwait(&set, NULL, &ts);
    if ((sig == SIGINT || sig == SIGTERM) && !run->stop_sig) run->stop_sig = sig;
    int status;
    pid_t got;
    while ((got = waitpid(-1, &status, WNOHANG)) > 0)
      for (size_t i = 0; i <= n; i++) {
        if (pids[i] != got) continue;
        pids[i] = -1;
        running--;
        if (i == n) shared_done = 1;
        const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        char name[64] = "the shared programs", log[64] = "build-shared.log";
        if (i < n) {
          const chip_t *c = &chips[i];
          snprintf(name, sizeof name, "%u:%u:%u:%u", c->rows, c->cols, c->macros, c->tiles);
          snprintf(log, sizeof log, "build-r%uc%um%ut%u.log", c->rows, c->cols, c->macros,
                   c->tiles);
        }
        if (rc == 0) {
          printf("regress: built %s in %.0f s\n", name, now_s() - t0[i]);
        } else if (!run->stop_sig) {
          char *path = strf("%s/%s", run->dir, log);
          tail_file(path, 12);
          fprintf(stderr, "error: the build of %s failed (exit %d): see %s\n", name, rc, path);
          free(path);
          ok = 0;
        }
        fflush(stdout);
      }
  }
  /* Interrupted or failed: end the builds still running. */
  for (size_t i = 0; pids && i <= n; i++)
    if (pids[i] > 0) {
      kill(-pids[i], SIGTERM);
      waitpid(pids[i], NULL, 0);
      kill(-pids[i], SIGKILL);
    }
  free(pids), free(t0);
  return ok && !run->stop_sig;
}

/* ---- the run folder ------------------------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const char *text, int mode) {
  char *path = strf("%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  int ok = f && fputs(text, f) >= 0;
  if (f) ok = (fclose(f) == 0) & ok;
  if (ok && mode) ok = chmod(path, (mode_t)mode) == 0;
  if (!ok) fprintf(stderr, "error: cannot write %s: %s\n", path, strerror(errno));
  free(path);
  return ok;
}

static int mkdirs(const char *path) {
  char *p = strdup(path);
  int ok = p != NULL;
  for (char *s = p ? p + 1 : NULL; ok && s && *s; s++)
    if (*s == '/') {
      *s = '\0';
      ok = mkdir(p, 0755) == 0 || errno == EEXIST;
      *s = '/';
    }
  if (ok) ok = mkdir(p, 0755) == 0 || errno == EEXIST;
  if (!ok) fprintf(stderr, "error: cannot make folder %s: %s\n", path, strerror(errno));
  free(p);
  return ok;
}

/* build/regress/YYYYmmdd-HHMMSS-LEVEL (-2, -3 .. when that second has one), and latest. */
static char *make_run_dir(const char *out, const char *levels) {
  if (!mkdirs(out)) return NULL;
  char stamp[64];
  time_t t = time(NULL);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&t));
  for (int k = 1; k < 1000; k++) {
    tnam_str_t name = {0};
    tnam_str_add(&name, "%s-%s", stamp, levels);
    if (k > 1) tnam_str_add(&name, "-%d", k);
    char *dir = strf("%s/%s", out, tnam_str_get(&name));
    if (mkdir(dir, 0755) == 0) {
      char *link = strf("%s/latest", out, ""), *tmp = strf("%s/.latest.%s", out, name.text);
      unlink(tmp);
      if (symlink(name.text, tmp) != 0 || rename(tmp, link) != 0) unlink(tmp);
      free(link), free(tmp);
      tnam_str_free(&name);
      char *abs = realpath(dir, NULL);
      free(dir);
      return abs;
    }
    const int e = errno;
    free(dir);
    tnam_str_free(&name);
    if (e != EEXIST) {
      fprintf(stderr, "error: cannot make a run folder in %s: %s\n", out, strerror(e));
      return NULL;
    }
  }
  return NULL;
}

/* The program and options of a job. */
static void job_command(const tnam_rg_job_t *j, const chip_t *c, uint64_t cycles, const char **bin,
                        tnam_str_t *args) {
  const tnam_rg_test_t *t = j->test;
  switch (t->harness) {
    case TNAM_RG_LOCKSTEP: *bin = c->prog[P_SIM]; break;
    case TNAM_RG_SC: *bin = c->prog[P_SC]; break;
    case TNAM_RG_MODEL: *bin = c->prog[P_MODEL]; break;
    default:
      *bin = c->prog[P_HOST];
      tnam_str_add(args, "--board vboard --vboard ");
      tnam_rg_shell_word(args, c->prog[P_VBOARD]);
      tnam_str_add(args, " ");
  }
  tnam_str_add(args, "--quiet");
  if (j->stream) {
    tnam_str_add(args, " --stream ");
    tnam_rg_shell_word(args, j->stream);
    return;
  }
  tnam_str_add(args, " --seed %llu --profile %s", (unsigned long long)j->seed,
               tnam_gen_profile_name(t->profile));
  if (t->modes) tnam_str_add(args, " --modes %s", t->modes);
  if (cycles || t->cycles)
    tnam_str_add(args, " --cycles %llu", (unsigned long long)(cycles ? cycles : t->cycles));
  if (t->ideal) tnam_str_add(args, " --ideal");
  if (t->have_hold) tnam_str_add(args, " --hold-rate %u", t->hold);
  if (t->harness == TNAM_RG_MODEL)
    tnam_str_add(args, " --rows %u --cols %u --macros %u --tiles %u", t->rows, t->cols, t->macros,
                 t->tiles);
}

static int write_job(const char *root, const char *jobdir, const tnam_rg_job_t *j, const chip_t *c,
                     uint64_t cycles, int fcov) {
  const tnam_rg_test_t *t = j->test;
  const char *bin;
  tnam_str_t args = {0}, meta = {0}, cmd = {0};
  job_command(j, c, cycles, &bin, &args);
  /* Every harness counts the same bins (D39); make regress FCOV=1 merges the files. */
  if (fcov) {
    tnam_str_add(&args, " --fcov ");
    tnam_rg_shell_word(&args, jobdir);
    tnam_str_add(&args, "/fcov.cnt");
  }
  char seed[32] = "";
  if (j->have_seed) snprintf(seed, sizeof seed, "%llu", (unsigned long long)j->seed);
  tnam_str_add(&meta,
               "name=%s\ntest=%s\nlevel=%s\nharness=%s\nrows=%u\ncols=%u\nmacros=%u\ntiles=%u\n"
               "seed=%s\nstream=%s\ntimeout=%u\nbin=%s\nargs=%s\nrerun=%s %s\ntags=%s\n"
               "list=%s:%u\n",
               j->name, t->name, tnam_rg_level_names[t->level], tnam_rg_harness_names[t->harness],
               t->rows, t->cols, t->macros, t->tiles, seed, j->stream ? j->stream : "", t->timeout,
               bin, tnam_str_get(&args), bin, tnam_str_get(&args), t->tags, t->file, t->line);
  tnam_str_add(&cmd, "#!/bin/sh\n# %s: rerun by hand with: sh %s/cmd\ncd ", j->name, jobdir);
  tnam_rg_shell_word(&cmd, root);
  tnam_str_add(&cmd, " || exit 127\nexec ");
  tnam_rg_shell_word(&cmd, bin);
  tnam_str_add(&cmd, " %s\n", tnam_str_get(&args));
  /* Programs built with --make's variables (make regress MUTANT=): the wave build of a failure
   * must be of the same sources (scripts/regress_waves.sh). */
  if (*make_vars) tnam_str_add(&meta, "waves_build=%s\n", make_vars);
  int ok = !args.failed && !meta.failed && !cmd.failed && mkdirs(jobdir) &&
           write_file(jobdir, "meta", meta.text, 0) && write_file(jobdir, "cmd", cmd.text, 0755);
  tnam_str_free(&args), tnam_str_free(&meta), tnam_str_free(&cmd);
  return ok;
}

static int write_conf(const run_t *run, uint64_t seed) {
  const opts_t *o = &run->o;
  tnam_str_t s = {0};
  tnam_str_add(&s,
               "level=%s\nregress_seed=%llu\nengine=%s\njobs=%u\nlist=%s\nfilter=%s\ncycles=%llu\n"
               "waves_max=%u\nroot=%s\nmake=%s\nstarted=%ld\n",
               o->level_text, (unsigned long long)seed, o->engine, o->jobs, o->list,
               o->filter ? o->filter : "", (unsigned long long)o->cycles, o->waves_max, run->root,
               make_vars, (long)time(NULL));
  int ok = !s.failed && write_file(run->dir, "regress.conf", s.text, 0);
  tnam_str_free(&s);
  return ok;
}

/* ---- a run's jobs as the folders hold them -------------------------------------------- */

static void rjob_load_result(rjob_t *j) {
  tnam_err_t err;
  tnam_rg_kv_free(&j->result);
  tnam_rg_kv_free(&j->waves);
  char *p = strf("%s/result", j->dir, "");
  j->have_result = exists(p) && tnam_rg_kv_read(p, &j->result, &err);
  free(p);
  p = strf("%s/waves.status", j->dir, "");
  if (exists(p)) tnam_rg_kv_read(p, &j->waves, &err);
  free(p);
}

static const char *rget(const rjob_t *j, const char *key) {
  const char *v = tnam_rg_kv_get(&j->result, key);
  return v ? v : "";
}
static const char *mget(const rjob_t *j, const char *key) {
  const char *v = tnam_rg_kv_get(&j->meta, key);
  return v ? v : "";
}

/* A result the run must redo: none, one without a status (a machine that went down right after
 * the rename: results are not fsync'ed), or one that says the job was interrupted. */
static int rjob_pending(const rjob_t *j) {
  return !j->have_result || !*rget(j, "status") ||
         strncmp(rget(j, "reason"), "interrupted", 11) == 0;
}
static int rjob_passed(const rjob_t *j) {
  return j->have_result && strcmp(rget(j, "status"), "pass") == 0;
}

static int load_joblist(run_t *run) {
  char *path = strf("%s/joblist", run->dir, "");
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "error: %s: cannot open: %s\n", path, strerror(errno));
    free(path);
    return 0;
  }
  char *line = NULL;
  size_t cap = 0;
  int ok = 1;
  while (ok && getline(&line, &cap, f) > 0) {
    line[strcspn(line, "\n")] = '\0';
    if (!line[0]) continue;
    rjob_t *g = realloc(run->jobs, (run->n + 1) * sizeof *g);
    if (!g) break;
    run->jobs = g;
    rjob_t *j = &g[run->n];
    memset(j, 0, sizeof *j);
    j->dir = strdup(line);
    tnam_err_t err;
    char *m = strf("%s/meta", line, "");
    ok = tnam_rg_kv_read(m, &j->meta, &err);
    if (!ok) fprintf(stderr, "error: %s\n", err.msg);
    free(m);
    if (ok) {
      rjob_load_result(j);
      run->n++;
    }
  }
  free(line);
  fclose(f);
  free(path);
  return ok;
}

/* ---- progress ------------------------------------------------------------------------------ */

typedef struct {
  size_t total, done, passed, failed, running;
  size_t done_here; /* finished in this invocation (for the ETA) */
  int tty;
  double last;
  double jobs_t0; /* when the first job started: the ETA's time base (builds excluded) */
} progress_t;

static void fmt_time(char *buf, size_t size, double s) {
  long t = (long)(s + 0.5);
  if (t >= 3600)
    snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

static void progress_show(progress_t *p, double t0, int force) {
  const double t = now_s();
  if (!force && t - p->last < (p->tty ? 0.25 : 10.0)) return;
  p->last = t;
  char el[32], eta[32] = "?";
  fmt_time(el, sizeof el, t - t0);
  if (p->done_here) {
    const size_t left = p->total - p->done;
    fmt_time(eta, sizeof eta, (t - p->jobs_t0) / (double)p->done_here * (double)left);
  }
  if (p->tty)
    printf(
        "\r\033[Kregress: %zu/%zu done, %zu passed, %zu failed, %zu running, %s elapsed, "
        "ETA %s",
        p->done, p->total, p->passed, p->failed, p->running, el, eta);
  else
    printf("regress: %zu/%zu done, %zu passed, %zu failed, %zu running, %s elapsed, ETA %s\n",
           p->done, p->total, p->passed, p->failed, p->running, el, eta);
  fflush(stdout);
}

/* A line above the progress line. */
static void progress_say(const progress_t *p, const char *text) {
  printf("%s%s\n", p->tty ? "\r\033[K" : "", text);
  fflush(stdout);
}

static void progress_done(progress_t *p, rjob_t *j) {
  rjob_load_result(j);
  if (rjob_pending(j)) return; /* interrupted: not done */
  p->done++, p->done_here++;
  if (rjob_passed(j)) {
    p->passed++;
    return;
  }
  p->failed++;
  tnam_str_t s = {0};
  tnam_str_add(&s, "  %-7s %s: %s", strcmp(rget(j, "status"), "timeout") == 0 ? "TIMEOUT" : "FAIL",
               mget(j, "name"), rget(j, "reason"));
  progress_say(p, tnam_str_get(&s));
  tnam_str_free(&s);
}

/* ---- engines -------------------------------------------------------------------------------- */

static void clear_job(const rjob_t *j) {
  static const char *const files[] = {"result", "result.tmp", "started", "log", "waves.status"};
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    char *p = strf("%s/%s", j->dir, files[k]);
    unlink(p);
    free(p);
  }
}

static pid_t spawn(char *const argv[], int out_fd) {
  const pid_t pid = fork();
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (out_fd >= 0) dup2(out_fd, 1), dup2(out_fd, 2);
    execv(argv[0], argv);
    fprintf(stderr, "error: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  if (pid < 0) fprintf(stderr, "error: cannot start %s: %s\n", argv[0], strerror(errno));
  return pid;
}

static void engine_local(run_t *run, size_t *pend, size_t npend, progress_t *p) {
  pid_t *pids = calloc(run->o.jobs, sizeof *pids);
  size_t *which = calloc(run->o.jobs, sizeof *which);
  size_t next = 0;
  sigset_t set;
  wait_signals(&set);
  if (!pids || !which) {
    fprintf(stderr, "error: out of memory\n");
    free(pids), free(which);
    return;
  }
  for (;;) {
    while (!run->stop_sig && p->running < run->o.jobs && next < npend) {
      rjob_t *j = &run->jobs[pend[next++]];
      clear_job(j);
      char *argv[] = {run->self, "job", j->dir, NULL};
      const pid_t pid = spawn(argv, -1);
      if (pid < 0) {
        run->stop_sig = -1;
        break;
      }
      for (unsigned k = 0; k < run->o.jobs; k++)
        if (!pids[k]) {
          pids[k] = pid, which[k] = pend[next - 1];
          break;
        }
      p->running++;
    }
    if (!p->running) break;
    progress_show(p, run->t0, 0);
    struct timespec ts = {p->tty ? 0 : 1, p->tty ? 250000000L : 0};
    const int sig = sigtimedwait(&set, NULL, &ts);
    if ((sig == SIGINT || sig == SIGTERM) && !run->stop_sig) {
      run->stop_sig = sig;
      for (unsigned k = 0; k < run->o.jobs; k++)
        if (pids[k]) kill(pids[k], SIGTERM);
    }
    int status;
    pid_t got;
    while ((got = waitpid(-1, &status, WNOHANG)) > 0)
      for (unsigned k = 0; k < run->o.jobs; k++)
        if (pids[k] == got) {
          pids[k] = 0;
          p->running--;
          progress_done(p, &run->jobs[which[k]]);
        }
  }
  free(pids), free(which);
}

/* Prints the lines of fd's file past *off. */
static void echo_new(const char *path, long *off, const progress_t *p) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  fseek(f, *off, SEEK_SET);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0 && line[n - 1] == '\n') {
    *off += n;
    line[n - 1] = '\0';
    progress_say(p, line);
  }
  free(line);
  fclose(f);
}

/* ENGINE=slurm: scripts/regress_slurm.sh RUNDIR JOBFILE (or $TNAM_REGRESS_SLURM), polling the
 * results meanwhile. 1, or 0 when the engine could not run the jobs. */
static int engine_slurm(run_t *run, size_t *pend, size_t npend, progress_t *p) {
  const char *env = getenv("TNAM_REGRESS_SLURM");
  char *script = env && *env ? strdup(env) : strf("%s/scripts/regress_slurm.sh", run->root, "");
  if (access(script, X_OK) != 0) {
    fprintf(stderr, "error: ENGINE=slurm needs %s: %s\n", script, strerror(errno));
    free(script);
    return 0;
  }
  tnam_str_t list = {0};
  for (size_t i = 0; i < npend; i++) {
    clear_job(&run->jobs[pend[i]]);
    tnam_str_add(&list, "%s\n", run->jobs[pend[i]].dir);
  }
  char *jobfile = strf("%s/slurm.jobs", run->dir, "");
  char *logpath = strf("%s/slurm.log", run->dir, "");
  int ok = !list.failed && tnam_rg_write_atomic(jobfile, list.text);
  tnam_str_free(&list);
  char jobs[32];
  snprintf(jobs, sizeof jobs, "%u", run->o.jobs);
  setenv("TNAM_REGRESS_BIN", run->self, 1);
  setenv("TNAM_JOBS", jobs, 1);
  const int fd = ok ? open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
  char *argv[] = {script, run->dir, jobfile, NULL};
  const pid_t pid = fd >= 0 ? spawn(argv, fd) : -1;
  if (fd >= 0) close(fd);
  int status = 0;
  long off = 0;
  sigset_t set;
  wait_signals(&set);
  double hard_at = 0;
  int *seen = calloc(npend, sizeof *seen);
  while (pid > 0 && seen) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    echo_new(logpath, &off, p);
    p->running = 0;
    for (size_t i = 0; i < npend; i++) {
      if (seen[i]) continue;
      rjob_t *j = &run->jobs[pend[i]];
      char *r = strf("%s/result", j->dir, ""), *s = strf("%s/started", j->dir, "");
      if (exists(r)) {
        seen[i] = 1;
        progress_done(p, j);
      } else if (exists(s)) {
        p->running++;
      }
      free(r), free(s);
    }
    progress_show(p, run->t0, 0);
    struct timespec ts = {1, 0};
    const int sig = sigtimedwait(&set, NULL, &ts);
    if ((sig == SIGINT || sig == SIGTERM) && !run->stop_sig) {
      run->stop_sig = sig;
      kill(pid, sig); /* the script cancels the array */
      hard_at = now_s() + 30;
    }
    if (hard_at && now_s() > hard_at) kill(pid, SIGKILL), hard_at = 0;
  }
  echo_new(logpath, &off, p);
  p->running = 0;
  for (size_t i = 0; seen && i < npend; i++)
    if (!seen[i]) {
      rjob_t *j = &run->jobs[pend[i]];
      rjob_load_result(j);
      if (j->have_result) progress_done(p, j);
    }
  free(seen);
  const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (pid > 0 && rc != 0 && !run->stop_sig) {
    progress_say(p, "");
    fprintf(stderr, "regress: %s exited %d (its output: %s)\n", script, rc, logpath);
    if (rc == 3) ok = 0; /* the cluster did not answer: nothing ran */
  }
  if (pid <= 0) ok = 0;
  free(script), free(jobfile), free(logpath);
  return ok;
}

/* ---- waves on failure ------------------------------------------------------------------ */

static void waves_for(run_t *run, rjob_t *j) {
  const char *env = getenv("TNAM_REGRESS_WAVES");
  char *script = env && *env ? strdup(env) : strf("%s/scripts/regress_waves.sh", run->root, "");
  tnam_str_t st = {0};
  if (access(script, X_OK) != 0) {
    tnam_str_add(&st, "note=waves: not available (no %s)\n",
                 env && *env ? env : "scripts/regress_waves.sh");
  } else {
    printf("regress: waves for %s\n", mget(j, "name"));
    fflush(stdout);
    char *log = strf("%s/waves.log", j->dir, "");
    const int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    char *argv[] = {script, j->dir, NULL};
    tnam_rg_exit_t e = {0};
    const int ran = fd >= 0 && tnam_rg_run_group(argv, run->root, fd, 3600, &e);
    if (fd >= 0) close(fd);
    if (e.stop_sig) run->stop_sig = e.stop_sig;
    FILE *f = fopen(log, "r");
    char *line = NULL, last[512] = "";
    size_t cap = 0;
    while (f && getline(&line, &cap, f) > 0) {
      line[strcspn(line, "\n")] = '\0';
      if (strncmp(line, "waves: ", 7) == 0)
        tnam_str_add(&st, "waves=%s\n", line + 7);
      else if (strncmp(line, "view: ", 6) == 0)
        tnam_str_add(&st, "view=%s\n", line + 6);
      if (line[0]) tnam_escape(last, sizeof last, line);
    }
    free(line);
    if (f) fclose(f);
    if (!ran || e.rc != 0)
      tnam_str_add(&st, "note=waves: not made (regress_waves.sh exit %d: %s)\n", e.rc, last);
    free(log);
  }
  char *path = strf("%s/waves.status", j->dir, "");
  if (!st.failed) tnam_rg_write_atomic(path, st.text);
  free(path), free(script);
  tnam_str_free(&st);
  rjob_load_result(j);
}

/* ---- the report: summary.txt and junit.xml --------------------------------------------- */

static void xml_add(tnam_str_t *s, const char *text) {
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    switch (*p) {
      case '&': tnam_str_add(s, "&amp;"); break;
      case '<': tnam_str_add(s, "&lt;"); break;
      case '>': tnam_str_add(s, "&gt;"); break;
      case '"': tnam_str_add(s, "&quot;"); break;
      case '\'': tnam_str_add(s, "&apos;"); break;
      default:
        if (*p < 0x20 && *p != '\n' && *p != '\t')
          tnam_str_add(s, "?");
        else
          tnam_str_add(s, "%c", *p);
    }
  }
}

typedef enum { K_PASS, K_FAIL, K_NOTRUN } kind_t;

static kind_t kind_of(const rjob_t *j, int interrupted) {
  if (rjob_passed(j)) return K_PASS;
  if (rjob_pending(j) && interrupted) return K_NOTRUN;
  return K_FAIL;
}

/* The reason of a failed job: its result's, or that it has none. */
static const char *fail_reason(const rjob_t *j) {
  if (!j->have_result) return "lost: no result (node killed or job cancelled)";
  return rget(j, "reason");
}

static int report(run_t *run, uint64_t seed) {
  const int interrupted = run->stop_sig != 0;
  size_t np = 0, nf = 0, nn = 0;
  long peak = 0;
  const rjob_t *peak_job = NULL;
  double sum_wall = 0;
  for (size_t i = 0; i < run->n; i++) {
    const rjob_t *j = &run->jobs[i];
    const kind_t k = kind_of(j, interrupted);
    np += k == K_PASS, nf += k == K_FAIL, nn += k == K_NOTRUN;
    if (j->have_result && !rjob_pending(j)) {
      const long rss = strtol(rget(j, "maxrss_kb"), NULL, 10);
      if (rss > peak) peak = rss, peak_job = j;
      sum_wall += strtod(rget(j, "wall_s"), NULL);
    }
  }
  tnam_str_t sum = {0}, x = {0};
  tnam_str_add(&sum,
               "regress: %s\nregress: level %s, regression seed %llu, engine %s, %u jobs at once\n",
               run->dir, run->o.level_text, (unsigned long long)seed, run->o.engine, run->o.jobs);
  /* Failures first, each with its first line, rerun line, log and waves. */
  for (size_t i = 0; i < run->n; i++) {
    const rjob_t *j = &run->jobs[i];
    if (kind_of(j, interrupted) != K_FAIL) continue;
    const char *status = j->have_result ? rget(j, "status") : "lost";
    tnam_str_add(&sum, "%-8s %s  [%s/%s/%s:%s:%s:%s%s%s]  %s\n",
                 strcmp(status, "timeout") == 0 ? "TIMEOUT" : "FAIL", mget(j, "name"),
                 mget(j, "level"), mget(j, "harness"), mget(j, "rows"), mget(j, "cols"),
                 mget(j, "macros"), mget(j, "tiles"), *mget(j, "seed") ? " seed " : "",
                 mget(j, "seed"), fail_reason(j));
    if (*rget(j, "first")) tnam_str_add(&sum, "         first: %s\n", rget(j, "first"));
    tnam_str_add(&sum, "         rerun: %s\n         log:   %s/log\n", mget(j, "rerun"), j->dir);
    const char *w = tnam_rg_kv_get(&j->waves, "waves"), *v = tnam_rg_kv_get(&j->waves, "view"),
               *note = tnam_rg_kv_get(&j->waves, "note");
    if (w) tnam_str_add(&sum, "         waves: %s\n", w);
    if (v) tnam_str_add(&sum, "         view:  %s\n", v);
    if (note)
      tnam_str_add(&sum, "         %s\n", note);
    else if (!w && !v && strcmp(status, "fail") == 0 && !interrupted)
      tnam_str_add(&sum, "         waves: not made (WAVES_MAX=%u reached)\n", run->o.waves_max);
  }
  size_t shown = 0;
  for (size_t i = 0; i < run->n; i++) {
    const rjob_t *j = &run->jobs[i];
    if (kind_of(j, interrupted) != K_NOTRUN) continue;
    if (shown++ < 10) tnam_str_add(&sum, "NOT RUN  %s  (interrupted)\n", mget(j, "name"));
  }
  if (shown > 10) tnam_str_add(&sum, "NOT RUN  ... and %zu more\n", shown - 10);
  char el[32];
  fmt_time(el, sizeof el, now_s() - run->t0);
  tnam_str_add(&sum, "regress: %zu jobs: %zu passed, %zu failed, %zu not run", run->n, np, nf, nn);
  tnam_str_add(&sum, "; %s elapsed, %.1f s in jobs", el, sum_wall);
  if (peak_job)
    tnam_str_add(&sum, "; peak RSS %.1f MB (%s)", peak / 1024.0, mget(peak_job, "name"));
  tnam_str_add(&sum, "\n");
  if (interrupted)
    tnam_str_add(&sum, "regress: interrupted; rerun what is missing: make regress RESUME=%s\n",
                 run->dir);
  tnam_str_add(&sum, "regress: JUnit %s/junit.xml\n", run->dir);
  /* The passed jobs in the file only. */
  tnam_str_t passes = {0};
  for (size_t i = 0; i < run->n; i++)
    if (kind_of(&run->jobs[i], interrupted) == K_PASS)
      tnam_str_add(&passes, "ok       %s  %s s\n", mget(&run->jobs[i], "name"),
                   rget(&run->jobs[i], "wall_s"));

  /* JUnit: one testsuite, one testcase a job. */
  char stamp[64], host[256] = "localhost";
  time_t t = time(NULL);
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", localtime(&t));
  gethostname(host, sizeof host - 1);
  tnam_str_add(&x,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tnam regress\" "
               "tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
               run->n, nf, nn, sum_wall);
  tnam_str_add(&x, "  <testsuite name=\"regress ");
  xml_add(&x, run->o.level_text);
  tnam_str_add(&x,
               " seed %llu\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
               "time=\"%.3f\" timestamp=\"%s\" hostname=\"",
               (unsigned long long)seed, run->n, nf, nn, sum_wall, stamp);
  xml_add(&x, host);
  tnam_str_add(&x, "\">\n");
  for (size_t i = 0; i < run->n; i++) {
    const rjob_t *j = &run->jobs[i];
    const kind_t k = kind_of(j, interrupted);
    tnam_str_add(&x, "    <testcase name=\"");
    xml_add(&x, mget(j, "name"));
    tnam_str_add(&x, "\" classname=\"%s/%s/%s:%s:%s:%s\" time=\"%s\">\n", mget(j, "level"),
                 mget(j, "harness"), mget(j, "rows"), mget(j, "cols"), mget(j, "macros"),
                 mget(j, "tiles"), j->have_result ? rget(j, "wall_s") : "0");
    if (k == K_NOTRUN) tnam_str_add(&x, "      <skipped message=\"interrupted\"/>\n");
    if (k == K_FAIL) {
      tnam_str_add(&x, "      <failure type=\"%s\" message=\"",
                   j->have_result ? rget(j, "status") : "lost");
      xml_add(&x, fail_reason(j));
      tnam_str_add(&x, "\">");
      if (*rget(j, "first")) {
        tnam_str_add(&x, "first: ");
        xml_add(&x, rget(j, "first"));
        tnam_str_add(&x, "\n");
      }
      tnam_str_add(&x, "rerun: ");
      xml_add(&x, mget(j, "rerun"));
      const char *note = tnam_rg_kv_get(&j->waves, "note");
      if (note) {
        tnam_str_add(&x, "\n");
        xml_add(&x, note);
      }
      for (int w = 0; w < 2; w++) {
        const char *v = tnam_rg_kv_get(&j->waves, w ? "view" : "waves");
        if (!v) continue;
        tnam_str_add(&x, "\n%s: ", w ? "view" : "waves");
        xml_add(&x, v);
      }
      tnam_str_add(&x, "</failure>\n");
    }
    tnam_str_add(&x, "      <system-out>seed=%s stream=%s\nrerun: ", mget(j, "seed"),
                 mget(j, "stream"));
    xml_add(&x, mget(j, "rerun"));
    tnam_str_add(&x, "\n[[ATTACHMENT|");
    xml_add(&x, j->dir);
    tnam_str_add(&x, "/log]]\n");
    if (k == K_FAIL)
      for (int w = 0; w < 2; w++) {
        const char *v = tnam_rg_kv_get(&j->waves, w ? "view" : "waves");
        if (!v) continue;
        tnam_str_add(&x, "[[ATTACHMENT|");
        xml_add(&x, v);
        tnam_str_add(&x, "]]\n");
      }
    tnam_str_add(&x, "</system-out>\n    </testcase>\n");
  }
  tnam_str_add(&x, "  </testsuite>\n</testsuites>\n");
  tnam_str_t file = {0};
  tnam_str_add(&file, "%s%s", tnam_str_get(&sum), tnam_str_get(&passes));
  char *sp = strf("%s/summary.txt", run->dir, ""), *xp = strf("%s/junit.xml", run->dir, "");
  int ok = !sum.failed && !x.failed && !file.failed && tnam_rg_write_atomic(sp, file.text) &&
           tnam_rg_write_atomic(xp, x.text);
  fputs(tnam_str_get(&sum), stdout);
  fflush(stdout);
  free(sp), free(xp);
  tnam_str_free(&sum), tnam_str_free(&x), tnam_str_free(&passes), tnam_str_free(&file);
  if (!ok) return EXIT_BAD;
  if (run->stop_sig > 0) return 128 + run->stop_sig;
  if (run->stop_sig < 0) return 1;
  return nf ? 1 : 0;
}

/* ---- run and resume ------------------------------------------------------------------------ */

/* Builds what the pending jobs need (each chip once), runs them on the engine, makes the waves
 * of the failures, reports. */
static int execute(run_t *run, uint64_t seed) {
  size_t *pend = malloc((run->n + 1) * sizeof *pend), npend = 0;
  chip_t *chips = NULL;
  size_t nchips = 0;
  progress_t p = {0};
  p.tty = isatty(1);
  p.total = run->n;
  if (!pend) return EXIT_BAD;
  for (size_t i = 0; i < run->n; i++) {
    rjob_t *j = &run->jobs[i];
    if (rjob_pending(j)) {
      pend[npend++] = i;
      continue;
    }
    p.done++;
    if (rjob_passed(j))
      p.passed++;
    else
      p.failed++;
  }
  if (!run->o.no_build)
    for (size_t i = 0; i < npend; i++) {
      const rjob_t *j = &run->jobs[pend[i]];
      const unsigned r = (unsigned)atoi(mget(j, "rows")), c = (unsigned)atoi(mget(j, "cols")),
                     m = (unsigned)atoi(mget(j, "macros")), t = (unsigned)atoi(mget(j, "tiles"));
      chip_t *k = chip_of(&chips, &nchips, r, c, m, t);
      if (!k) return EXIT_BAD;
      for (int h = 0; h < TNAM_RG_HARNESSES; h++)
        if (strcmp(mget(j, "harness"), tnam_rg_harness_names[h]) == 0) k->harnesses |= 1u << h;
    }
  if (nchips && !build_chips(run, chips, nchips) && !run->stop_sig) return 1;
  printf("regress: %zu jobs to run (%zu of %zu have a result), %u at once, engine %s\n", npend,
         run->n - npend, run->n, run->o.jobs, run->o.engine);
  fflush(stdout);
  int engine_ok = 1;
  p.jobs_t0 = now_s();
  if (!run->stop_sig) {
    if (strcmp(run->o.engine, "slurm") == 0)
      engine_ok = engine_slurm(run, pend, npend, &p);
    else
      engine_local(run, pend, npend, &p);
  }
  if (!engine_ok && !run->stop_sig) {
    fprintf(stderr, "%serror: the %s engine could not run the jobs\n", p.tty ? "\n" : "",
            run->o.engine);
    return EXIT_BAD;
  }
  progress_show(&p, run->t0, 1);
  if (p.tty) printf("\n");
  unsigned made = 0;
  for (size_t i = 0; i < run->n && !run->stop_sig && made < run->o.waves_max; i++) {
    rjob_t *j = &run->jobs[i];
    if (!j->have_result || strcmp(rget(j, "status"), "fail") != 0) continue;
    if (j->waves.n) {
      made++;
      continue;
    }
    waves_for(run, j);
    made++;
  }
  free(pend);
  for (size_t i = 0; i < nchips; i++)
    for (int k = 0; k < P_COUNT; k++) free(chips[i].prog[k]);
  free(chips);
  return report(run, seed);
}

static int cmd_run(int argc, char **argv, int plan_only) {
  run_t run = {0};
  opts_t *o = &run.o;
  o->list = "tb/regress.tsv", o->engine = "local", o->out = "build/regress";
  o->levels = 1u << TNAM_RG_L0, o->waves_max = 3;
  long nproc = sysconf(_SC_NPROCESSORS_ONLN);
  o->jobs = nproc > 0 ? (unsigned)nproc : 1;
  if (!parse_opts(argc, argv, 2, o)) return EXIT_BAD;
  if (o->make_vars && strpbrk(o->make_vars, "\n\r")) {
    fprintf(stderr, "error: option --make: one line of make variables\n");
    return EXIT_BAD;
  }
  if (o->make_vars) make_vars = o->make_vars;
  level_text(o->levels, o->level_text, sizeof o->level_text);
  tnam_rg_list_t list;
  tnam_err_t err;
  if (!tnam_rg_list_read(o->list, &list, &err)) {
    fprintf(stderr, "error: %s\n", err.msg);
    return EXIT_BAD;
  }
  const uint64_t seed = o->have_seed ? o->seed : fresh_seed();
  tnam_rg_plan_t plan;
  if (!tnam_rg_plan(&list, o->levels, o->filter, seed, &plan, &err)) {
    fprintf(stderr, "error: %s\n", err.msg);
    tnam_rg_list_free(&list);
    return EXIT_BAD;
  }
  if (plan.n == 0) {
    fprintf(stderr, "error: %s: no test of level %s matches '%s'\n", o->list, o->level_text,
            o->filter ? o->filter : "");
    tnam_rg_list_free(&list);
    return EXIT_BAD;
  }
  printf("regress: regression seed %llu (REGRESS_SEED=%llu gives these job seeds again)\n",
         (unsigned long long)seed, (unsigned long long)seed);
  if (plan_only) {
    for (size_t i = 0; i < plan.n; i++) {
      const tnam_rg_job_t *j = &plan.jobs[i];
      printf("%s\t%s\t%s\t%u:%u:%u:%u\t", j->name, tnam_rg_level_names[j->test->level],
             tnam_rg_harness_names[j->test->harness], j->test->rows, j->test->cols, j->test->macros,
             j->test->tiles);
      if (j->have_seed)
        printf("seed %llu\n", (unsigned long long)j->seed);
      else
        printf("stream %s\n", j->stream);
    }
    printf("regress: %zu jobs\n", plan.n);
    tnam_rg_plan_free(&plan);
    tnam_rg_list_free(&list);
    return tnam_stdout_finish(0);
  }
  tnam_rg_block_signals();
  run.t0 = now_s();
  run.root = realpath(".", NULL);
  run.self = realpath("/proc/self/exe", NULL);
  run.dir = make_run_dir(o->out, o->level_text);
  int ok = run.root && run.self && run.dir && write_conf(&run, seed);
  /* The job folders need the programs' names: ask make once a chip. */
  chip_t *chips = NULL;
  size_t nchips = 0;
  tnam_str_t joblist = {0};
  run.jobs = calloc(plan.n, sizeof *run.jobs);
  ok = ok && run.jobs;
  for (size_t i = 0; ok && i < plan.n; i++) {
    const tnam_rg_job_t *j = &plan.jobs[i];
    chip_t *c =
        chip_of(&chips, &nchips, j->test->rows, j->test->cols, j->test->macros, j->test->tiles);
    char *dir = strf("%s/jobs/%s", run.dir, j->name);
    ok = c && write_job(run.root, dir, j, c, o->cycles, o->fcov);
    tnam_str_add(&joblist, "%s\n", dir);
    rjob_t *r = &run.jobs[run.n];
    r->dir = dir;
    char *m = strf("%s/meta", dir, "");
    ok = ok && tnam_rg_kv_read(m, &r->meta, &err);
    free(m);
    if (ok) run.n++;
  }
  ok = ok && !joblist.failed && write_file(run.dir, "joblist", joblist.text, 0);
  tnam_str_free(&joblist);
  for (size_t i = 0; i < nchips; i++)
    for (int k = 0; k < P_COUNT; k++) free(chips[i].prog[k]);
  free(chips);
  tnam_rg_plan_free(&plan);
  tnam_rg_list_free(&list);
  if (!ok) return EXIT_BAD;
  printf("regress: %zu jobs of level %s in %s\n", run.n, o->level_text, run.dir);
  return tnam_stdout_finish(execute(&run, seed));
}

static int cmd_resume(int argc, char **argv) {
  if (argc < 3) {
    usage(stderr);
    return EXIT_BAD;
  }
  run_t run = {0};
  run.dir = realpath(argv[2], NULL);
  if (!run.dir) {
    fprintf(stderr, "error: RESUME=%s: %s\n", argv[2], strerror(errno));
    return EXIT_BAD;
  }
  char *conf_path = strf("%s/regress.conf", run.dir, "");
  tnam_rg_kv_t conf;
  tnam_err_t err;
  if (!tnam_rg_kv_read(conf_path, &conf, &err)) {
    fprintf(stderr, "error: %s (RESUME= names a run folder of make regress)\n", err.msg);
    return EXIT_BAD;
  }
  free(conf_path);
  opts_t *o = &run.o;
  const char *v;
  o->engine = (v = tnam_rg_kv_get(&conf, "engine")) ? strdup(v) : "local";
  o->list = (v = tnam_rg_kv_get(&conf, "list")) ? strdup(v) : "";
  o->filter = (v = tnam_rg_kv_get(&conf, "filter")) ? strdup(v) : "";
  o->jobs = (v = tnam_rg_kv_get(&conf, "jobs")) ? (unsigned)atoi(v) : 1;
  o->waves_max = (v = tnam_rg_kv_get(&conf, "waves_max")) ? (unsigned)atoi(v) : 3;
  make_vars = (v = tnam_rg_kv_get(&conf, "make")) ? strdup(v) : "";
  snprintf(o->level_text, sizeof o->level_text, "%s",
           (v = tnam_rg_kv_get(&conf, "level")) ? v : "?");
  const uint64_t seed = (v = tnam_rg_kv_get(&conf, "regress_seed")) ? strtoull(v, NULL, 10) : 0;
  tnam_rg_kv_free(&conf);
  /* Options given now (JOBS=, ENGINE=, WAVES_MAX=) win over the run's. */
  opts_t given = *o;
  if (!parse_opts(argc, argv, 3, &given)) return EXIT_BAD;
  if (given.list != o->list || given.filter != o->filter || given.have_seed || given.cycles ||
      given.levels || given.make_vars) {
    fprintf(stderr,
            "error: a resumed run keeps its list, level, filter, seed, cycles and make variables "
            "(%s)\n",
            run.dir);
    return EXIT_BAD;
  }
  *o = given;
  if (o->jobs < 1) o->jobs = 1;
  tnam_rg_block_signals();
  run.t0 = now_s();
  run.root = realpath(".", NULL);
  run.self = realpath("/proc/self/exe", NULL);
  if (!run.root || !run.self || !load_joblist(&run)) return EXIT_BAD;
  printf("regress: resuming %s (level %s, regression seed %llu)\n", run.dir, o->level_text,
         (unsigned long long)seed);
  return tnam_stdout_finish(execute(&run, seed));
}

int main(int argc, char **argv) {
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    usage(stdout);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "job") == 0) return tnam_rg_job_main(argv[2]);
  if (argc >= 2 && strcmp(argv[1], "run") == 0) return cmd_run(argc, argv, 0);
  if (argc >= 2 && strcmp(argv[1], "plan") == 0) return cmd_run(argc, argv, 1);
  if (argc >= 2 && strcmp(argv[1], "resume") == 0) return cmd_resume(argc, argv);
  usage(stderr);
  return EXIT_BAD;
}
