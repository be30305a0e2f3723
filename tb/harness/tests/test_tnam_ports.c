// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the port list (c_model/tnam_ports.h): it covers every field of the output
 * structs, every output is compared, digested and reported, and it matches the spec's tables. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tnam_check.h"
#include "tnam_digest.h"
#include "tnam_gen.h"
#include "tnam_ports.h"

/* Chips of the perturbation test. Not 64 columns: the digest has always dropped bit 63 of
 * dec_o there (it hashes gate ^ dec << 1), and it must not change. */
static const unsigned configs[][4] = {{64, 16, 1, 1}, {8, 4, 4, 2}, {37, 5, 3, 2}, {256, 8, 8, 4}};
#define N_CONFIGS (sizeof configs / sizeof configs[0])

static tnam_chip_params_t chip(const unsigned *c) {
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(c[0], c[1], c[2], c[3], &p));
  return p;
}

static unsigned width_of(const tnam_chip_params_t *p, const tnam_port_desc_t *d) {
  return tnam_port_width(p, (tnam_port_id_t)(d - tnam_port_list));
}

/* Flips bit b of element i of macro m of port d's field. */
static void flip(const tnam_chip_params_t *p, const tnam_port_desc_t *d, tnam_chip_out_t *o,
                 unsigned m, unsigned i, unsigned b) {
  const uint64_t v = tnam_port_get(d, o, m, i, b / 64) ^ (1ull << (b % 64));
  tnam_port_set(d, o, m, i, b / 64, width_of(p, d), v);
}

/* The report's name of one difference, by the rules of spec 8 (independent of tnam_check.c). */
static void report_name(const tnam_chip_params_t *p, const tnam_port_desc_t *d, unsigned m,
                        unsigned i, char *buf, size_t n) {
  const char *label = d->report.label;
  char macro[24] = "";
  if (p->macros > 1) snprintf(macro, sizeof macro, "macro %u ", m);
  switch (d->report.group) {
    case TNAM_RG_TILE: snprintf(buf, n, "tile %u %s", i, label); break;
    case TNAM_RG_MACRO: snprintf(buf, n, "macro %u %s", i, label); break;
    case TNAM_RG_M_COL: snprintf(buf, n, "%scolumn %u %s", macro, i, label); break;
    case TNAM_RG_M_NEURON: snprintf(buf, n, "%sneuron %u %s", macro, i, label); break;
    case TNAM_RG_M:
    case TNAM_RG_M_COUNT: snprintf(buf, n, "%s%s", macro, label); break;
    default: snprintf(buf, n, "%s", label); break;
  }
}

/* The first line of the mismatch report of exp against act. */
static char *first_report_line(const tnam_check_ctx_t *ctx, const tnam_chip_out_t *exp,
                               const tnam_chip_out_t *act) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  assert_non_null(f);
  tnam_check_ctx_t c = *ctx;
  c.out = f;
  tnam_check_report_mismatch(&c, 5, exp, act);
  fclose(f);
  char *nl = strchr(text, '\n');
  if (nl) *nl = '\0';
  return text;
}

/* What a mismatch report on chip *p needs: a short generated stream (*s, to free) and its
 * sequencer. */
static tnam_check_ctx_t report_ctx(const tnam_chip_params_t *p, tnam_stream_t *s, tnam_seq_t *seq) {
  assert_true(tnam_gen_stream_ideal(p, 1, TNAM_GEN_MIXED, TNAM_GEN_ALL_MODES, 20, 0, s));
  tnam_seq_init(seq, s);
  return (tnam_check_ctx_t){
      .s = s, .seq = seq, .repro = "r", .exp_name = "golden model", .act_name = "RTL"};
}

/* One bit of one element changed: the equality check fails, the digest changes and the report
 * names the element. */
static void check_perturbation(const tnam_check_ctx_t *ctx, const tnam_chip_params_t *p,
                               const tnam_port_desc_t *d, const tnam_chip_out_t *base, unsigned m,
                               unsigned i, unsigned b) {
  static tnam_chip_out_t act;
  act = *base;
  flip(p, d, &act, m, i, b);
  const uint64_t h = tnam_digest_chip(TNAM_DIGEST_INIT, base, p);
  if (tnam_chip_outputs_equal(base, &act, p) || tnam_digest_chip(TNAM_DIGEST_INIT, &act, p) == h)
    fail_msg("%s macro %u element %u bit %u: %s", d->name, m, i, b,
             tnam_chip_outputs_equal(base, &act, p) ? "compared equal" : "digest unchanged");
  /* A BIT field is reported per element of its group: bit b is that element. */
  const unsigned element = d->report.style == TNAM_STYLE_BIT ? b : i;
  char want[128], line[192];
  report_name(p, d, m, element, want, sizeof want);
  snprintf(line, sizeof line, "MISMATCH at cycle 5: %s: expected (golden model) ", want);
  char *got = first_report_line(ctx, base, &act);
  if (strncmp(got, line, strlen(line)) != 0)
    fail_msg("%s macro %u element %u bit %u: report line '%s', want '%s...'", d->name, m, i, b, got,
             line);
  free(got);
}

/* Every output port, in every macro, its first and last element, its lowest and highest bit. */
static void test_every_output_compared_digested_reported(void **state) {
  (void)state;
  for (size_t c = 0; c < N_CONFIGS; c++) {
    const tnam_chip_params_t p = chip(configs[c]);
    tnam_stream_t s;
    tnam_seq_t seq;
    const tnam_check_ctx_t ctx = report_ctx(&p, &s, &seq);
    static tnam_chip_out_t base; /* all 0: every flip is a difference */
    unsigned checked = 0;
    for (int id = 0; id < TNAM_N_PORTS; id++) {
      const tnam_port_desc_t *d = &tnam_port_list[id];
      if (d->dir != TNAM_DIR_OUT) continue;
      const unsigned w = width_of(&p, d), n = tnam_port_count(&p, d);
      for (unsigned m = 0; m < tnam_port_instances(&p, d); m++)
        for (unsigned i = 0; i<n; i += n> 1 ? n - 1 : 1)
          for (unsigned b = 0; b<w; b += w> 1 ? w - 1 : 1) {
            check_perturbation(&ctx, &p, d, &base, m, i, b);
            checked++;
          }
    }
    assert_true(checked > 0);
    tnam_stream_free(&s);
  }
}

/* ---- the compare sees every compared bit and nothing else ------------------------------ */

/* Chips of the compare's test: besides the perturbation test's, the smallest chip, and 64
 * columns (no unused column) on the largest (its last window moved back inside the struct). */
static const unsigned compare_configs[][4] = {{64, 16, 1, 1}, {37, 5, 3, 2},   {8, 4, 4, 2},
                                              {256, 8, 8, 4}, {256, 64, 8, 4}, {2, 3, 1, 1}};

/* The compared bits of tnam_chip_out_t on chip *p, by the rule of tnam_check.h and from the
 * port list alone: every field of the elements in use, but only the W bits of a BIT field. */
static void compared_bits(const tnam_chip_params_t *p, tnam_chip_out_t *bits) {
  memset(bits, 0, sizeof *bits);
  for (int id = 0; id < TNAM_N_PORTS; id++) {
    const tnam_port_desc_t *d = &tnam_port_list[id];
    if (d->dir != TNAM_DIR_OUT) continue;
    const unsigned w = width_of(p, d);
    for (unsigned m = 0; m < tnam_port_instances(p, d); m++)
      for (unsigned i = 0; i < tnam_port_count(p, d); i++) {
        unsigned char *e = tnam_port_elem(d, bits, m, i);
        const size_t size = d->stride ? d->stride : d->size;
        for (size_t k = 0; k < size; k++)
          for (unsigned bit = 0; bit < 8; bit++)
            if (d->report.style != TNAM_STYLE_BIT || k * 8 + bit < w) e[k] |= 1u << bit;
      }
  }
}

static void fill_random(void *buf, size_t n, uint64_t *state) {
  unsigned char *b = buf;
  for (size_t k = 0; k < n; k++) {
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    b[k] = (unsigned char)(*state >> 56);
  }
}

/* Outputs equal in every compared bit and different in every other byte (random) compare
 * equal; flipping any one compared bit makes them differ, and the report names the element of
 * the first and last bit of every field's first and last element. */
static void test_compare_sees_every_compared_bit_and_nothing_else(void **state) {
  (void)state;
  static tnam_chip_out_t bits, exp, act;
  static tnam_out_plan_t plan;
  uint64_t seed = 1;
  for (size_t c = 0; c < sizeof compare_configs / sizeof compare_configs[0]; c++) {
    const tnam_chip_params_t p = chip(compare_configs[c]);
    tnam_out_plan_init(&plan, &p);
    compared_bits(&p, &bits);
    /* The expected side 0 in the compared bits (valid values for the report), random
     * elsewhere; the actual side its compared bits and other random bytes. */
    fill_random(&exp, sizeof exp, &seed);
    fill_random(&act, sizeof act, &seed);
    const unsigned char *mb = (const unsigned char *)&bits;
    unsigned char *eb = (unsigned char *)&exp, *ab = (unsigned char *)&act;
    size_t n_bits = 0;
    for (size_t k = 0; k < sizeof bits; k++) {
      eb[k] &= (unsigned char)~mb[k];
      ab[k] &= (unsigned char)~mb[k];
      n_bits += (size_t)__builtin_popcount(mb[k]);
    }
    assert_true(tnam_out_plan_equal(&plan, &exp, &act));
    for (size_t k = 0; k < sizeof bits; k++)
      for (unsigned bit = 0; bit < 8; bit++) {
        if (!((mb[k] >> bit) & 1)) continue;
        ab[k] ^= (unsigned char)(1u << bit);
        if (tnam_out_plan_equal(&plan, &exp, &act))
          fail_msg("chip %u x %u x %u x %u: byte %zu bit %u: compared equal", p.core.rows,
                   p.core.cols, p.macros, p.tiles, k, bit);
        ab[k] ^= (unsigned char)(1u << bit);
        n_bits--;
      }
    assert_int_equal(n_bits, 0);
    tnam_stream_t s;
    tnam_seq_t seq;
    const tnam_check_ctx_t ctx = report_ctx(&p, &s, &seq);
    for (int id = 0; id < TNAM_N_PORTS; id++) {
      const tnam_port_desc_t *d = &tnam_port_list[id];
      if (d->dir != TNAM_DIR_OUT) continue;
      const unsigned n = tnam_port_count(&p, d), w = width_of(&p, d);
      const size_t size = d->stride ? d->stride : d->size;
      /* A bool's value is its bit 0. */
      const unsigned top = d->report.style == TNAM_STYLE_BIT ? w - 1
                           : d->kind == TNAM_KIND_BOOL       ? 0
                                                             : (unsigned)(size * 8 - 1);
      for (unsigned m = 0; m < tnam_port_instances(&p, d); m++)
        for (unsigned i = 0; i<n; i += n> 1 ? n - 1 : 1)
          for (unsigned b = 0; b <= top; b += top > 0 ? top : 1) {
            unsigned char *e = tnam_port_elem(d, &act, m, i);
            e[b / 8] ^= (unsigned char)(1u << (b % 8));
            char want[128], line[192];
            report_name(&p, d, m, d->report.style == TNAM_STYLE_BIT ? b : i, want, sizeof want);
            snprintf(line, sizeof line, "MISMATCH at cycle 5: %s: expected (golden model) ", want);
            char *got = first_report_line(&ctx, &exp, &act);
            if (strncmp(got, line, strlen(line)) != 0)
              fail_msg("%s macro %u element %u bit %u: report line '%s', want '%s...'", d->name, m,
                       i, b, got, line);
            free(got);
            e[b / 8] ^= (unsigned char)(1u << (b % 8));
          }
    }
    tnam_stream_free(&s);
  }
}

/* ---- the list covers the structs -------------------------------------------------------- */

typedef struct {
  size_t offset, size, align;
  const char *name;
} span_t;

static int by_offset(const void *x, const void *y) {
  const span_t *a = x, *b = y;
  return (a->offset > b->offset) - (a->offset < b->offset);
}

static size_t align_of(const tnam_port_desc_t *d) {
  switch (d->kind) {
    case TNAM_KIND_BOOL: return _Alignof(bool);
    case TNAM_KIND_U32:
    case TNAM_KIND_I32: return _Alignof(uint32_t);
    default: return _Alignof(uint64_t);
  }
}

/* The listed fields lie one after the other with only alignment padding between them, and end
 * where the struct ends: a field the list lacks would leave a larger gap or move the end. */
static void check_layout(span_t *f, int n, size_t struct_size, size_t struct_align) {
  qsort(f, (size_t)n, sizeof f[0], by_offset);
  size_t end = 0;
  for (int k = 0; k < n; k++) {
    const size_t at = (end + f[k].align - 1) / f[k].align * f[k].align;
    if (f[k].offset != at)
      fail_msg("bytes %zu .. %zu before field %s belong to no listed field", end, f[k].offset,
               f[k].name);
    end = f[k].offset + f[k].size;
  }
  assert_int_equal((end + struct_align - 1) / struct_align * struct_align, struct_size);
}

static void test_list_covers_output_structs_layout(void **state) {
  (void)state;
  span_t macro[TNAM_N_PORTS], chip_f[TNAM_N_PORTS + 1];
  int nm = 0, nc = 0;
  const size_t m0 = offsetof(tnam_chip_out_t, m);
  chip_f[nc++] = (span_t){m0, sizeof(((tnam_chip_out_t *)0)->m), _Alignof(tnam_out_t), "m"};
  for (int id = 0; id < TNAM_N_PORTS; id++) {
    const tnam_port_desc_t *d = &tnam_port_list[id];
    if (d->dir != TNAM_DIR_OUT) continue;
    if (d->scope >= TNAM_SCOPE_M)
      macro[nm++] = (span_t){d->offset - m0, d->size, align_of(d), d->name};
    else
      chip_f[nc++] = (span_t){d->offset, d->size, align_of(d), d->name};
  }
  check_layout(macro, nm, sizeof(tnam_out_t), _Alignof(tnam_out_t));
  check_layout(chip_f, nc, sizeof(tnam_chip_out_t), _Alignof(tnam_chip_out_t));
}

/* The file's text, NUL-terminated. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) fail_msg("cannot open %s", path);
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  for (int ch; (ch = fgetc(f)) != EOF;) fputc(ch, mem);
  fclose(mem);
  fclose(f);
  return text;
}

/* The member names of `typedef struct { ... } name;` in a header, comments removed, into
 * names[]; returns how many. */
static int struct_members(const char *path, const char *type, char names[][32], int max) {
  char *text = slurp(path);
  char end_mark[64];
  snprintf(end_mark, sizeof end_mark, "} %s;", type);
  char *end = strstr(text, end_mark);
  if (!end) fail_msg("%s: no '%s'", path, end_mark);
  *end = '\0';
  char *body = strrchr(text, '{');
  assert_non_null(body);
  body++;
  for (char *c = strstr(body, "/*"); c; c = strstr(c, "/*")) {
    char *e = strstr(c, "*/");
    assert_non_null(e);
    memset(c, ' ', (size_t)(e + 2 - c));
  }
  int n = 0;
  for (char *decl = strtok(body, ";"); decl; decl = strtok(NULL, ";")) {
    /* The declarators after the type: "uint32_t a[4], b" gives a and b. */
    for (char *arr; (arr = strchr(decl, '[')) != NULL;) memset(arr, ' ', strcspn(arr, "]") + 1);
    char *type_end = decl + strspn(decl, " \t\n"), *save;
    type_end += strcspn(type_end, " \t\n");
    for (char *name = strtok_r(type_end, ", \t\n", &save); name;
         name = strtok_r(NULL, ", \t\n", &save)) {
      assert_true(n < max);
      snprintf(names[n++], 32, "%s", name);
    }
  }
  free(text);
  return n;
}

/* Every member of the output structs is a listed field (tnam_chip_out_t.m holds the macros'):
 * also one the layout cannot see, hidden in padding. */
static void test_list_names_every_output_member(void **state) {
  (void)state;
  static const struct {
    const char *header, *type;
    int per_macro;
  } structs[] = {{TNAM_SRC_DIR "/c_model/tnam_model.h", "tnam_out_t", 1},
                 {TNAM_SRC_DIR "/c_model/tnam_chip.h", "tnam_chip_out_t", 0}};
  for (size_t s = 0; s < 2; s++) {
    char names[64][32];
    const int n = struct_members(structs[s].header, structs[s].type, names, 64);
    int listed = 0;
    for (int k = 0; k < n; k++) {
      int found = !structs[s].per_macro && strcmp(names[k], "m") == 0;
      for (int id = 0; id < TNAM_N_PORTS && !found; id++) {
        const tnam_port_desc_t *d = &tnam_port_list[id];
        found = d->dir == TNAM_DIR_OUT && (d->scope >= TNAM_SCOPE_M) == structs[s].per_macro &&
                strcmp(d->field, names[k]) == 0;
      }
      if (!found) fail_msg("%s.%s is no output of c_model/tnam_ports.h", structs[s].type, names[k]);
      listed++;
    }
    assert_true(listed > 0);
  }
}

/* ---- the list is the spec's ---------------------------------------------------------------- */

/* The part of doc from the heading that starts with `from` to the next that starts with `to`. */
static char *section(const char *doc, const char *from, const char *to) {
  const char *a = strstr(doc, from);
  if (!a) fail_msg("docs/architecture.md has no '%s'", from);
  const char *b = strstr(a, to);
  if (!b) fail_msg("docs/architecture.md has no '%s' after '%s'", to, from);
  char *text = malloc((size_t)(b - a) + 1);
  memcpy(text, a, (size_t)(b - a));
  text[b - a] = '\0';
  return text;
}

/* The port of a table row "| `name` | dir | ...": 1 with name and dir, or 0. */
static int table_row(const char *line, char *name, char *dir) {
  return sscanf(line, "| `%31[a-z_]` | %3[a-z] |", name, dir) == 2;
}

/* The chip does not have this macro port (spec 11.1: every output of every macro but it). */
static int macro_only(const char *name) { return strcmp(name, "hazard_o") == 0; }

static const tnam_port_desc_t *listed(const char *name) {
  for (int id = 0; id < TNAM_N_PORTS; id++)
    if (strcmp(tnam_port_list[id].name, name) == 0) return &tnam_port_list[id];
  return NULL;
}

/* Every row of the port tables of sections 4 and 11.1 is a listed port of its direction, and
 * every listed port is a row. */
static void test_list_is_the_spec_port_tables(void **state) {
  (void)state;
  char *doc = slurp(TNAM_SRC_DIR "/docs/architecture.md");
  char *tables[2] = {section(doc, "## 4. Interface", "## 5. "),
                     section(doc, "### 11.1 Ports", "### 11.2 ")};
  int in_spec[TNAM_N_PORTS] = {0};
  for (int t = 0; t < 2; t++) {
    char *save;
    for (char *line = strtok_r(tables[t], "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
      char name[32], dir[4];
      if (!table_row(line, name, dir) || macro_only(name)) continue;
      const tnam_port_desc_t *d = listed(name);
      if (!d) fail_msg("spec port %s is not in c_model/tnam_ports.h", name);
      if (strcmp(dir, d->dir == TNAM_DIR_IN ? "in" : "out") != 0)
        fail_msg("spec port %s is '%s', the list's is not", name, dir);
      in_spec[d - tnam_port_list] = 1;
    }
    free(tables[t]);
  }
  for (int id = 0; id < TNAM_N_PORTS; id++)
    if (!in_spec[id])
      fail_msg("port %s of the list is in no table of spec 4 or 11.1", tnam_port_list[id].name);
  free(doc);
}

/* Section 6 names every listed output, and only those (and hazard_o, which it excludes). */
static void test_list_is_the_spec_observables(void **state) {
  (void)state;
  char *doc = slurp(TNAM_SRC_DIR "/docs/architecture.md");
  char *text = section(doc, "## 6. Observables", "## 7. ");
  for (int id = 0; id < TNAM_N_PORTS; id++) {
    char quoted[40];
    snprintf(quoted, sizeof quoted, "`%s`", tnam_port_list[id].name);
    if (tnam_port_list[id].dir == TNAM_DIR_OUT && !strstr(text, quoted))
      fail_msg("spec section 6 does not name the output %s", tnam_port_list[id].name);
  }
  for (const char *q = strchr(text, '`'); q; q = strchr(q + 1, '`')) {
    char name[32];
    if (sscanf(q, "`%31[a-z_]`", name) != 1) continue;
    const size_t len = strlen(name);
    if (len < 2 || strcmp(name + len - 2, "_o") != 0 || macro_only(name)) continue;
    const tnam_port_desc_t *d = listed(name);
    if (!d || d->dir != TNAM_DIR_OUT)
      fail_msg("spec section 6 names %s, no output of the list", name);
    q = strchr(q + 1, '`'); /* past the closing quote */
  }
  free(text);
  free(doc);
}

/* ---- the columns agree with each other ------------------------------------------------------ */

/* What each expansion relies on: a digest group's ports share its scope, its words run 0, 1,
 * ... and a word array has its word alone; ports of one report rank share label and unit; a
 * per-macro view group or report group holds only per-macro ports. */
static void test_columns_consistent(void **state) {
  (void)state;
  const tnam_port_desc_t *order[TNAM_N_PORTS];
  const int n = tnam_port_sort(order, TNAM_DIR_OUT, TNAM_ORDER_DIGEST);
  for (int k = 1; k < n; k++) {
    const tnam_port_desc_t *a = order[k - 1], *b = order[k];
    if (a->digest.group != b->digest.group) {
      assert_int_equal(b->digest.word, 0);
      continue;
    }
    assert_int_equal(a->scope, b->scope);
    assert_true(b->digest.word - a->digest.word <= 1);
    if (a->kind == TNAM_KIND_WORDS || b->kind == TNAM_KIND_WORDS)
      assert_int_not_equal(a->digest.word, b->digest.word);
  }
  tnam_port_sort(order, TNAM_DIR_OUT, TNAM_ORDER_REPORT);
  for (int k = 0; k < n; k++) {
    const tnam_port_desc_t *d = order[k];
    assert_int_equal(d->report.group >= TNAM_RG_M, d->scope >= TNAM_SCOPE_M);
    if (k && d->report.group == order[k - 1]->report.group &&
        d->report.rank == order[k - 1]->report.rank) {
      assert_string_equal(d->report.label, order[k - 1]->report.label);
      assert_int_equal(d->report.unit, order[k - 1]->report.unit);
    }
  }
  for (int id = 0; id < TNAM_N_PORTS; id++) {
    const tnam_port_desc_t *d = &tnam_port_list[id];
    const int per_macro_view = d->view.group >= TNAM_VIEW_DRIVE && d->view.group != TNAM_VIEW_NONE;
    assert_int_equal(per_macro_view, d->scope >= TNAM_SCOPE_M);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_output_compared_digested_reported),
      cmocka_unit_test(test_compare_sees_every_compared_bit_and_nothing_else),
      cmocka_unit_test(test_list_covers_output_structs_layout),
      cmocka_unit_test(test_list_names_every_output_member),
      cmocka_unit_test(test_list_is_the_spec_port_tables),
      cmocka_unit_test(test_list_is_the_spec_observables),
      cmocka_unit_test(test_columns_consistent),
  };
  return cmocka_run_group_tests_name("tnam_ports", tests, NULL, NULL);
}
