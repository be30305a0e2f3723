// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The test list (tb/regress.tsv), the seeds, and the plan of jobs it expands to. */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_chip.h"
#include "tnam_gen.h"
#include "tnam_ops.h"
#include "tnam_opts.h"
#include "tnam_prng.h"
#include "tnam_regress.h"

const char *const tnam_rg_level_names[TNAM_RG_LEVELS] = {"L0", "L1", "L2"};
const char *const tnam_rg_harness_names[TNAM_RG_HARNESSES] = {"lockstep", "sc", "model", "vboard"};

/* The columns of a line, in order. */
enum { F_NAME, F_LEVEL, F_HARNESS, F_CONFIG, F_STIM, F_SEEDS, F_TAGS, F_TIMEOUT, F_COUNT };
static const char *const field_names[F_COUNT] = {"name",     "level", "harness", "config",
                                                 "stimulus", "seeds", "tags",    "timeout"};

static char *dup_or_null(const char *s) {
  if (!s) return NULL;
  char *d = strdup(s);
  return d;
}

static int lookup(const char *const *names, int n, const char *text) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], text) == 0) return i;
  return -1;
}

/* A name: a letter or digit, then letters, digits, '_', '-', '.'; at most TNAM_RG_NAME_MAX. */
static int good_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > TNAM_RG_NAME_MAX || strchr("_-.", s[0])) return 0;
  return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.") == n;
}

/* config R:C:M:T, each a decimal, the chip within the spec's limits (tnam_chip_params_make). */
static int parse_config(const tnam_where_t *w, char *text, tnam_rg_test_t *t) {
  char *part[5];
  int n = 0;
  char *copy = strdup(text);
  if (!copy) return tnam_fail(w, "out of memory");
  for (char *p = copy; n < 5;) {
    part[n++] = p;
    char *colon = strchr(p, ':');
    if (!colon) break;
    *colon = '\0';
    p = colon + 1;
  }
  long v[4];
  static const char *const what[4] = {"rows", "columns", "macros", "tiles"};
  int ok = n == 4;
  if (!ok) tnam_fail(w, "config '%s' is not ROWS:COLS:MACROS:TILES, e.g. 64:16:1:1", text);
  for (int i = 0; ok && i < 4; i++) {
    char label[32];
    snprintf(label, sizeof label, "config %s", what[i]);
    ok = tnam_parse_long(w, label, part[i], 1, 65535, &v[i]);
  }
  free(copy);
  if (!ok) return 0;
  tnam_chip_params_t p;
  if (!tnam_chip_params_make((unsigned)v[0], (unsigned)v[1], (unsigned)v[2], (unsigned)v[3], &p))
    return tnam_fail(w,
                     "config %s is outside the spec's limits (docs/architecture.md section 1: "
                     "rows %d..%d, columns %d..%d, macros 1..%d, tiles 1..min(macros, %d))",
                     text, TNAM_MIN_ROWS, TNAM_MAX_ROWS, TNAM_MIN_COLS, TNAM_MAX_COLS,
                     TNAM_MAX_MACROS, TNAM_MAX_TILES);
  t->rows = (unsigned)v[0], t->cols = (unsigned)v[1];
  t->macros = (unsigned)v[2], t->tiles = (unsigned)v[3];
  return 1;
}

/* stimulus: stream=PATH, or generator options profile=P,modes=A+B,cycles=N,ideal,hold=N. */
static int parse_stimulus(const tnam_where_t *w, char *text, tnam_rg_test_t *t) {
  t->profile = tnam_gen_profile_from_name("mixed");
  if (strncmp(text, "stream=", 7) == 0) {
    if (!text[7]) return tnam_fail(w, "stimulus 'stream=' names no file");
    t->stream = strdup(text + 7);
    return t->stream ? 1 : tnam_fail(w, "out of memory");
  }
  if (strcmp(text, "-") == 0) return 1; /* the generator's defaults */
  char *save = NULL;
  for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(item, '=');
    const char *val = eq ? eq + 1 : NULL;
    if (eq) *eq = '\0';
    if (strcmp(item, "ideal") == 0 && !val) {
      t->ideal = 1;
    } else if (!val) {
      return tnam_fail(w,
                       "stimulus item '%s' is not stream=PATH, profile=P, modes=M, cycles=N, "
                       "hold=N or ideal",
                       item);
    } else if (strcmp(item, "profile") == 0) {
      t->profile = tnam_gen_profile_from_name(val);
      if (t->profile < 0)
        return tnam_fail(w, "profile '%s' is not sparse, half, dense, random or mixed", val);
    } else if (strcmp(item, "modes") == 0) {
      /* '+' between modes: ',' separates the items. */
      char *m = strdup(val);
      if (!m) return tnam_fail(w, "out of memory");
      for (char *c = m; *c; c++)
        if (*c == '+') *c = ',';
      if (!*m || tnam_gen_modes_from_text(m) == 0) {
        free(m);
        return tnam_fail(w, "modes '%s' is not a '+' list of thresh, level and q4", val);
      }
      free(t->modes);
      t->modes = m;
    } else if (strcmp(item, "cycles") == 0) {
      uint64_t c;
      if (!tnam_parse_u64(w, "cycles", val, 1, TNAM_OPTS_CYCLES_MAX, &c)) return 0;
      t->cycles = c;
    } else if (strcmp(item, "hold") == 0) {
      long h;
      if (!tnam_parse_long(w, "hold", val, 0, TNAM_HOLD_RATE_MAX, &h)) return 0;
      t->have_hold = 1, t->hold = (unsigned)h;
    } else {
      return tnam_fail(w, "stimulus item '%s=' is not profile=, modes=, cycles= or hold=", item);
    }
  }
  return 1;
}

/* seeds: '-' (a stream), or a comma list of rN (N seeds derived from the regression seed) and
 * pinned seeds (decimal numbers). */
static int parse_seeds(const tnam_where_t *w, char *text, tnam_rg_test_t *t) {
  if (strcmp(text, "-") == 0) return 1;
  char *save = NULL;
  for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
    if (item[0] == 'r') {
      long n;
      if (!tnam_parse_long(w, "seed count", item + 1, 1, TNAM_RG_SEEDS_MAX, &n)) return 0;
      t->derived += (unsigned)n;
    } else {
      uint64_t s;
      if (!tnam_parse_u64(w, "pinned seed", item, 0, UINT64_MAX, &s)) return 0;
      for (unsigned i = 0; i < t->npinned; i++)
        if (t->pinned[i] == s) return tnam_fail(w, "pinned seed %s is given twice", item);
      uint64_t *p = realloc(t->pinned, (t->npinned + 1) * sizeof *p);
      if (!p) return tnam_fail(w, "out of memory");
      t->pinned = p;
      t->pinned[t->npinned++] = s;
    }
    if (t->derived + t->npinned > TNAM_RG_SEEDS_MAX)
      return tnam_fail(w, "more than %u seeds", TNAM_RG_SEEDS_MAX);
  }
  return 1;
}

static void test_free(tnam_rg_test_t *t) {
  free(t->name), free(t->stream), free(t->modes), free(t->pinned), free(t->tags), free(t->file);
  memset(t, 0, sizeof *t);
}

/* One line's test into *t (zeroed). 1, or 0 with the error. */
static int parse_line(const tnam_where_t *w, char **tok, int n, tnam_rg_test_t *t) {
  if (n != F_COUNT)
    return tnam_fail(w, "%d fields, want %d: name level harness config stimulus seeds tags timeout",
                     n, F_COUNT);
  if (!good_name(tok[F_NAME]))
    return tnam_fail(w,
                     "name '%s' is not a letter or digit then letters, digits, '_', '-' or '.' "
                     "(at most %d)",
                     tok[F_NAME], TNAM_RG_NAME_MAX);
  t->name = strdup(tok[F_NAME]);
  t->level = lookup(tnam_rg_level_names, TNAM_RG_LEVELS, tok[F_LEVEL]);
  if (t->level < 0) return tnam_fail(w, "level '%s' is not L0, L1 or L2", tok[F_LEVEL]);
  t->harness = lookup(tnam_rg_harness_names, TNAM_RG_HARNESSES, tok[F_HARNESS]);
  if (t->harness < 0)
    return tnam_fail(w, "unknown harness '%s' (lockstep, sc, model or vboard)", tok[F_HARNESS]);
  if (!parse_config(w, tok[F_CONFIG], t)) return 0;
  if (!parse_stimulus(w, tok[F_STIM], t)) return 0;
  if (!parse_seeds(w, tok[F_SEEDS], t)) return 0;
  if (t->stream && (t->derived || t->npinned))
    return tnam_fail(w, "a stream has no seeds: give '-' as its seeds");
  if (!t->stream && !t->derived && !t->npinned)
    return tnam_fail(w, "a generated stimulus needs seeds (rN derived, or pinned numbers)");
  t->tags = strdup(strcmp(tok[F_TAGS], "-") == 0 ? "" : tok[F_TAGS]);
  long to;
  if (!tnam_parse_long(w, "timeout", tok[F_TIMEOUT], 1, TNAM_RG_TIMEOUT_MAX, &to)) return 0;
  t->timeout = (unsigned)to;
  t->file = strdup(w->path);
  t->line = w->line;
  if (!t->name || !t->tags || !t->file) return tnam_fail(w, "out of memory");
  /* A stream file (not a glob) must exist now: a missing one stops the run before it starts. */
  if (t->stream && !strpbrk(t->stream, "*?[")) {
    tnam_err_t e;
    FILE *f = tnam_text_open(t->stream, "stream", w, &e);
    if (!f) {
      snprintf(w->err->msg, sizeof w->err->msg, "%s", e.msg);
      return 0;
    }
    fclose(f);
  }
  return 1;
}

int tnam_rg_list_read(const char *path, tnam_rg_list_t *list, tnam_err_t *err) {
  memset(list, 0, sizeof *list);
  FILE *f = tnam_text_open(path, "test list", NULL, err);
  if (!f) return 0;
  tnam_where_t w = {path, 0, err};
  char buf[4096];
  char *tok[F_COUNT + 1];
  int r, ok = 1;
  (void)field_names;
  while (ok && (w.line++, r = tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tnam_tokenize(buf, tok, F_COUNT + 1);
    if (n == 0) continue;
    if (n < 0) n = F_COUNT + 1;
    tnam_rg_test_t t;
    memset(&t, 0, sizeof t);
    ok = parse_line(&w, tok, n, &t);
    for (size_t i = 0; ok && i < list->n; i++)
      if (strcmp(list->tests[i].name, t.name) == 0)
        ok = tnam_fail(&w, "test '%s' is defined twice (first at line %u)", t.name,
                       list->tests[i].line);
    if (ok) {
      tnam_rg_test_t *grown = realloc(list->tests, (list->n + 1) * sizeof *grown);
      if (!grown)
        ok = tnam_fail(&w, "out of memory");
      else {
        list->tests = grown;
        list->tests[list->n++] = t;
      }
    }
    if (!ok) test_free(&t);
  }
  if (ok && r < 0) ok = 0;
  fclose(f);
  if (ok && list->n == 0) {
    w.line = 0;
    snprintf(err->msg, sizeof err->msg, "%s: no test in the list", path);
    ok = 0;
  }
  if (!ok) tnam_rg_list_free(list);
  return ok;
}

void tnam_rg_list_free(tnam_rg_list_t *list) {
  for (size_t i = 0; i < list->n; i++) test_free(&list->tests[i]);
  free(list->tests);
  memset(list, 0, sizeof *list);
}

static int match_any(const char *patterns, const char *text) {
  char *copy = strdup(patterns), *save = NULL;
  int hit = 0;
  if (!copy) return 0;
  for (char *p = strtok_r(copy, ",", &save); p && !hit; p = strtok_r(NULL, ",", &save))
    hit = fnmatch(p, text, 0) == 0;
  free(copy);
  return hit;
}

int tnam_rg_match(const tnam_rg_test_t *t, const char *filter) {
  if (!filter || !*filter) return 1;
  if (match_any(filter, t->name)) return 1;
  char *copy = strdup(t->tags), *save = NULL;
  int hit = 0;
  if (!copy) return 0;
  for (char *tag = strtok_r(copy, ",", &save); tag && !hit; tag = strtok_r(NULL, ",", &save))
    hit = match_any(filter, tag);
  free(copy);
  return hit;
}

uint64_t tnam_rg_seed(uint64_t regress_seed, const char *name, unsigned index) {
  uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a of the test's name */
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    h = (h ^ *p) * 0x100000001b3ULL;
  uint64_t x = regress_seed ^ h;
  (void)tnam_splitmix64(&x);
  x ^= (uint64_t)index * 0xd1b54a32d192ed03ULL;
  return tnam_splitmix64(&x) % 1000000000000ULL;
}

/* The chip a stream's `config` line names: 1 with *rows.. set, 0 when it has none. */
static int stream_chip(const char *path, unsigned *rows, unsigned *cols, unsigned *macros,
                       unsigned *tiles) {
  tnam_err_t err;
  FILE *f = tnam_text_open(path, "stream", NULL, &err);
  if (!f) return 0;
  tnam_where_t w = {path, 0, &err};
  char buf[4096];
  char *tok[9];
  int found = 0;
  while (!found && (w.line++, tnam_read_line(f, buf, sizeof buf, &w)) > 0) {
    int n = tnam_tokenize(buf, tok, 9);
    if (n < 1 || strcmp(tok[0], "config") != 0) continue;
    *macros = *tiles = 1;
    found = (n == 5 || n == 9) && strcmp(tok[1], "rows") == 0 && strcmp(tok[3], "cols") == 0;
    if (!found) break;
    *rows = (unsigned)strtoul(tok[2], NULL, 10), *cols = (unsigned)strtoul(tok[4], NULL, 10);
    if (n == 9) {
      found = strcmp(tok[5], "macros") == 0 && strcmp(tok[7], "tiles") == 0;
      *macros = (unsigned)strtoul(tok[6], NULL, 10), *tiles = (unsigned)strtoul(tok[8], NULL, 10);
    }
  }
  fclose(f);
  return found;
}

static int add_job(tnam_rg_plan_t *plan, const tnam_rg_test_t *t, char *name, int have_seed,
                   uint64_t seed, const char *stream) {
  tnam_rg_job_t *grown = realloc(plan->jobs, (plan->n + 1) * sizeof *grown);
  if (!grown || !name) {
    free(name);
    return 0;
  }
  plan->jobs = grown;
  tnam_rg_job_t *j = &plan->jobs[plan->n++];
  j->test = t, j->name = name, j->have_seed = have_seed, j->seed = seed;
  j->stream = dup_or_null(stream);
  return 1;
}

static char *job_name(const char *test, const char *suffix) {
  tnam_str_t s = {0};
  tnam_str_add(&s, "%s%s", test, suffix);
  return s.failed ? NULL : s.text;
}

static int plan_test(tnam_rg_plan_t *plan, const tnam_rg_test_t *t, uint64_t regress_seed,
                     tnam_err_t *err) {
  tnam_where_t w = {t->file, t->line, err};
  if (!t->stream) {
    const unsigned n = t->derived + t->npinned;
    for (unsigned i = 0; i < n; i++) {
      char suffix[32] = "";
      if (n > 1) snprintf(suffix, sizeof suffix, ".s%u", i);
      const uint64_t seed =
          i < t->derived ? tnam_rg_seed(regress_seed, t->name, i) : t->pinned[i - t->derived];
      if (!add_job(plan, t, job_name(t->name, suffix), 1, seed, NULL))
        return tnam_fail(&w, "out of memory");
    }
    return 1;
  }
  const int is_glob = strpbrk(t->stream, "*?[") != NULL;
  glob_t g;
  if (glob(t->stream, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
    if (is_glob) globfree(&g);
    return tnam_fail(&w, "stream '%s' matches no file", t->stream);
  }
  size_t used = 0;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    const char *path = g.gl_pathv[i];
    unsigned r = 0, c = 0, m = 0, ti = 0;
    const int chip = stream_chip(path, &r, &c, &m, &ti);
    const int fits = chip && r == t->rows && c == t->cols && m == t->macros && ti == t->tiles;
    if (!is_glob && !fits) {
      globfree(&g);
      return chip ? tnam_fail(&w, "stream '%s' is for the chip %u:%u:%u:%u, not %u:%u:%u:%u",
                              t->stream, r, c, m, ti, t->rows, t->cols, t->macros, t->tiles)
                  : tnam_fail(&w, "stream '%s' has no config line", t->stream);
    }
    if (!fits) continue;
    char *name;
    if (is_glob) {
      const char *base = strrchr(path, '/');
      base = base ? base + 1 : path;
      tnam_str_t s = {0};
      tnam_str_add(&s, "%s.%.*s", t->name, (int)strcspn(base, "."), base);
      name = s.failed ? NULL : s.text;
    } else {
      name = job_name(t->name, "");
    }
    if (!add_job(plan, t, name, 0, 0, path)) {
      globfree(&g);
      return tnam_fail(&w, "out of memory");
    }
    used++;
  }
  globfree(&g);
  if (!used)
    return tnam_fail(&w, "stream '%s' matches no stream for the chip %u:%u:%u:%u", t->stream,
                     t->rows, t->cols, t->macros, t->tiles);
  return 1;
}

int tnam_rg_plan(const tnam_rg_list_t *list, unsigned levels, const char *filter,
                 uint64_t regress_seed, tnam_rg_plan_t *plan, tnam_err_t *err) {
  memset(plan, 0, sizeof *plan);
  for (size_t i = 0; i < list->n; i++) {
    const tnam_rg_test_t *t = &list->tests[i];
    if (!(levels & (1u << t->level)) || !tnam_rg_match(t, filter)) continue;
    const size_t first = plan->n;
    if (!plan_test(plan, t, regress_seed, err)) {
      tnam_rg_plan_free(plan);
      return 0;
    }
    /* A job's name must be unique in the run (a test "a.s1" beside a test "a" with seeds). */
    for (size_t k = first; k < plan->n; k++)
      for (size_t j = 0; j < first; j++)
        if (strcmp(plan->jobs[j].name, plan->jobs[k].name) == 0) {
          tnam_where_t w = {t->file, t->line, err};
          tnam_fail(&w, "job name '%s' is also a job of test '%s' (line %u)", plan->jobs[k].name,
                    plan->jobs[j].test->name, plan->jobs[j].test->line);
          tnam_rg_plan_free(plan);
          return 0;
        }
  }
  return 1;
}

void tnam_rg_plan_free(tnam_rg_plan_t *plan) {
  for (size_t i = 0; i < plan->n; i++) free(plan->jobs[i].name), free(plan->jobs[i].stream);
  free(plan->jobs);
  memset(plan, 0, sizeof *plan);
}
