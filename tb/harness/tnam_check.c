// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Lockstep comparison and the mismatch report (spec sections 6 and 8). */
#include "tnam_check.h"

#include <inttypes.h>
#include <string.h>
#if TNAM_OUT_AVX2
#include <immintrin.h>
#endif

/* 32 bytes at any alignment, read as any type (GCC's vector extension; the definition of
 * __m256i_u). */
typedef uint64_t out_vec_t __attribute__((vector_size(TNAM_OUT_WINDOW), aligned(1), may_alias));

/* The differing compared bits of every window of the plan, ORed into *acc (an out-parameter:
 * a vector returned by value would change the ABI between the two versions below). Unrolled
 * by 8 and entered part way into its first round (Duff's device) at the first window, which
 * the plan puts at index 8 - n % 8: a loop of one window cost as much again as the windows
 * (10 instructions a window, not 5), and padding n to a multiple of 8 would cost 5 a pad. */
static inline __attribute__((always_inline)) void diff_windows(const tnam_out_plan_t *plan,
                                                               const char *x, const char *y,
                                                               out_vec_t *acc) {
  const uint32_t *at = plan->offset;
  const out_vec_t *mask = (const out_vec_t *)plan->mask;
  out_vec_t d = {0};
  unsigned rounds = (plan->n + TNAM_OUT_UNROLL - 1) / TNAM_OUT_UNROLL;
#define WINDOW(j) d |= (*(const out_vec_t *)(x + at[j]) ^ *(const out_vec_t *)(y + at[j])) & mask[j]
  switch (plan->n % TNAM_OUT_UNROLL) {
    case 0:
      do {
        WINDOW(0);
        /* fall through */
        case 7: WINDOW(1); /* fall through */
        case 6: WINDOW(2); /* fall through */
        case 5: WINDOW(3); /* fall through */
        case 4: WINDOW(4); /* fall through */
        case 3: WINDOW(5); /* fall through */
        case 2: WINDOW(6); /* fall through */
        case 1:
          WINDOW(7);
          at += TNAM_OUT_UNROLL;
          mask += TNAM_OUT_UNROLL;
      } while (--rounds);
  }
#undef WINDOW
  *acc = d;
}

static int equal_baseline(const tnam_out_plan_t *plan, const tnam_chip_out_t *e,
                          const tnam_chip_out_t *a) {
  out_vec_t d;
  diff_windows(plan, (const char *)e, (const char *)a, &d);
  return (d[0] | d[1] | d[2] | d[3]) == 0;
}

#if TNAM_OUT_AVX2
/* AVX2 reads a window in one instruction and takes it unaligned as an operand, where SSE2
 * needs two loads per operand; one vptest ends it. */
__attribute__((target("avx2"))) static int equal_avx2(const tnam_out_plan_t *plan,
                                                      const tnam_chip_out_t *e,
                                                      const tnam_chip_out_t *a) {
  out_vec_t d;
  diff_windows(plan, (const char *)e, (const char *)a, &d);
  return _mm256_testz_si256((__m256i)d, (__m256i)d);
}
#endif

/* The compared bits of one element of port d: all of its field, but of a field whose bits
 * the report lists one by one (style BIT: bit i for column, tile or macro i) only those W bits.
 * So the compare sees exactly what the mismatch report can name (whole values: one out of its
 * port's range differs too), and nothing of the padding or the unused entries. */
static void set_compared(const tnam_port_desc_t *d, void *elem, unsigned w) {
  if (d->report.style != TNAM_STYLE_BIT) {
    memset(elem, 0xff, d->stride ? d->stride : d->size);
    return;
  }
  const uint64_t low = w >= 64 ? ~0ULL : (1ULL << w) - 1;
  if (d->kind == TNAM_KIND_U64)
    *(uint64_t *)elem = low;
  else
    *(uint32_t *)elem = (uint32_t)low;
}

void tnam_out_plan_init(tnam_out_plan_t *plan, const tnam_chip_params_t *p) {
  static tnam_chip_out_t bits; /* the compared bits of the whole struct, 8 KB */
  memset(&bits, 0, sizeof bits);
  for (int id = 0; id < TNAM_N_PORTS; id++) {
    const tnam_port_desc_t *d = &tnam_port_list[id];
    if (d->dir != TNAM_DIR_OUT) continue;
    const unsigned w = tnam_port_width(p, (tnam_port_id_t)id);
    for (unsigned m = 0; m < tnam_port_instances(p, d); m++)
      for (unsigned i = 0; i < tnam_port_count(p, d); i++)
        set_compared(d, tnam_port_elem(d, &bits, m, i), w);
  }
  /* Greedy windows, each from the first compared byte the previous ones leave: the fewest
   * windows that cover them. */
  const unsigned char *b = (const unsigned char *)&bits;
  uint32_t at[TNAM_OUT_WINDOWS_MAX];
  unsigned n = 0;
  for (size_t i = 0; i < sizeof bits; i++) {
    if (!b[i]) continue;
    const size_t start = i + TNAM_OUT_WINDOW > sizeof bits ? sizeof bits - TNAM_OUT_WINDOW : i;
    at[n++] = (uint32_t)start;
    i = start + TNAM_OUT_WINDOW - 1;
  }
  /* Where diff_windows() enters its first round; the entries before are never read. */
  const unsigned first = (TNAM_OUT_UNROLL - n % TNAM_OUT_UNROLL) % TNAM_OUT_UNROLL;
  memset(plan, 0, sizeof *plan);
  for (unsigned k = 0; k < n; k++) {
    plan->offset[first + k] = at[k];
    memcpy(plan->mask[first + k], b + at[k], TNAM_OUT_WINDOW);
  }
  plan->n = n;
#if TNAM_OUT_AVX2
  plan->equal = __builtin_cpu_supports("avx2") ? equal_avx2 : equal_baseline;
#else
  plan->equal = equal_baseline;
#endif
}

int tnam_chip_outputs_equal(const tnam_chip_out_t *e, const tnam_chip_out_t *a,
                            const tnam_chip_params_t *p) {
  static tnam_out_plan_t plan; /* 10 KB */
  tnam_out_plan_init(&plan, p);
  return tnam_out_plan_equal(&plan, e, a);
}

/* The report's `unit` line, by tnam_unit_t (the port list's unit column). */
static const char *const unit_text[TNAM_N_UNITS] = {
    "drive stage (word lines)",
    "sense stage (bitlines, zero detector, comparator)",
    "multi-level readout (successive-approximation search)",
    "4-bit digital block (shift-add, bias, ReLU, requantisation)",
    "multi-level operation control",
    "event counters",
    "chip selection logic (tile map, macro choice, power gating)",
    "chip operation control (busy, done of all macros)"};

/* One differing observable. */
typedef struct {
  char unit[64]; /* e.g. "macro 1 column 5 mac" */
  int macro;     /* macro, or -1 for the chip's own observables */
  int col;       /* column, or -1 */
  int neuron;    /* 4-bit neuron, or -1 */
  tnam_unit_t where;
  char exp[72], act[72];
} diff_t;

#define MAX_DIFFS 12

static void fmt_hex_words(char *buf, size_t size, const uint64_t *w, unsigned bits) {
  size_t n = 0;
  n += (size_t)snprintf(buf + n, size - n, "0x");
  for (unsigned d = (bits + 3) / 4; d-- > 0 && n + 1 < size;) {
    unsigned bit = d * 4;
    buf[n++] = "0123456789abcdef"[(w[bit / 64] >> (bit % 64)) & 0xf];
  }
  buf[n < size ? n : size - 1] = '\0';
}

/* The macro the differences being collected belong to (-1: the chip), and whether names
 * carry it (only a chip with more than one macro). */
typedef struct {
  int macro;
  int named;
} scope_t;

static diff_t *new_diff(diff_t *d, int *n, const scope_t *sc, const char *unit, int col, int neuron,
                        tnam_unit_t where) {
  if (*n == MAX_DIFFS) return NULL;
  diff_t *x = &d[(*n)++];
  char prefix[24] = "";
  if (sc->named && sc->macro >= 0) snprintf(prefix, sizeof prefix, "macro %d ", sc->macro);
  if (col >= 0)
    snprintf(x->unit, sizeof x->unit, "%scolumn %d %s", prefix, col, unit);
  else if (neuron >= 0)
    snprintf(x->unit, sizeof x->unit, "%sneuron %d %s", prefix, neuron, unit);
  else
    snprintf(x->unit, sizeof x->unit, "%s%s", prefix, unit);
  x->macro = sc->macro;
  x->col = col;
  x->neuron = neuron;
  x->where = where;
  return x;
}

/* The elements a report group lists its fields for. */
static unsigned group_domain(const tnam_chip_params_t *p, int group) {
  switch (group) {
    case TNAM_RG_TILE: return p->tiles;
    case TNAM_RG_MACRO: return p->macros;
    case TNAM_RG_M_COL: return p->core.cols;
    case TNAM_RG_M_NEURON: return p->core.nn;
    default: return 1;
  }
}

/* Port d's value for element i of its group: element i of the field (the field itself when it
 * has one element), or its bit i (style BIT); signed for an I32. */
static long long report_value(const tnam_port_desc_t *d, const tnam_chip_out_t *o, unsigned m,
                              unsigned i) {
  if (d->report.style == TNAM_STYLE_BIT)
    return (long long)((tnam_port_get(d, o, m, 0, 0) >> i) & 1);
  const uint64_t v = tnam_port_get(d, o, m, i, 0);
  return d->kind == TNAM_KIND_I32 ? (long long)(int32_t)(uint32_t)v : (long long)v;
}

/* One difference: the `k` ports of one rank (valued together as sum of value * weight) at
 * element i of group g, when any of them differs. */
static int collect_item(const tnam_chip_params_t *cp, const scope_t *sc, int g, unsigned i,
                        const tnam_port_desc_t *const *ports, int k, const tnam_chip_out_t *e,
                        const tnam_chip_out_t *a, diff_t *d, int n) {
  const unsigned m = sc->macro < 0 ? 0 : (unsigned)sc->macro;
  const tnam_port_desc_t *p0 = ports[0];
  long long ev = 0, av = 0;
  int differs = 0;
  for (int j = 0; j < k; j++) {
    const tnam_port_desc_t *p = ports[j];
    if (p->report.style == TNAM_STYLE_HEX) {
      differs |= memcmp(tnam_port_elem(p, (void *)e, m, i), tnam_port_elem(p, (void *)a, m, i),
                        p->size) != 0;
      continue;
    }
    const long long x = report_value(p, e, m, i), y = report_value(p, a, m, i);
    differs |= x != y;
    ev += x * p->report.weight;
    av += y * p->report.weight;
  }
  if (!differs) return n;
  char name[40];
  const char *label = p0->report.label;
  if (g == TNAM_RG_TILE || g == TNAM_RG_MACRO) {
    snprintf(name, sizeof name, "%s %u %s", g == TNAM_RG_TILE ? "tile" : "macro", i, label);
    label = name;
  }
  diff_t *x = new_diff(d, &n, sc, label, g == TNAM_RG_M_COL ? (int)i : -1,
                       g == TNAM_RG_M_NEURON ? (int)i : -1, (tnam_unit_t)p0->report.unit);
  if (!x) return n;
  if (p0->report.style == TNAM_STYLE_HEX) {
    const unsigned bits = tnam_port_width(cp, (tnam_port_id_t)(p0 - tnam_port_list));
    fmt_hex_words(x->exp, sizeof x->exp, tnam_port_elem(p0, (void *)e, m, i), bits);
    fmt_hex_words(x->act, sizeof x->act, tnam_port_elem(p0, (void *)a, m, i), bits);
  } else {
    snprintf(x->exp, sizeof x->exp, "%lld", ev);
    snprintf(x->act, sizeof x->act, "%lld", av);
  }
  return n;
}

/* The differing observables of the chip (sc->macro < 0) or of one macro, in report order. */
static int collect_diffs(const tnam_chip_params_t *cp, const scope_t *sc, const tnam_chip_out_t *e,
                         const tnam_chip_out_t *a, diff_t *d, int n) {
  const tnam_port_desc_t *order[TNAM_N_PORTS];
  const int len = tnam_port_sort(order, TNAM_DIR_OUT, TNAM_ORDER_REPORT);
  for (int s = 0, next; s < len; s = next) {
    const int g = order[s]->report.group;
    for (next = s; next < len && order[next]->report.group == g;) next++;
    if ((g >= TNAM_RG_M) != (sc->macro >= 0)) continue;
    for (unsigned i = 0; i < group_domain(cp, g); i++)
      for (int r = s, r_end; r < next; r = r_end) {
        for (r_end = r; r_end < next && order[r_end]->report.rank == order[r]->report.rank;)
          r_end++;
        n = collect_item(cp, sc, g, i, order + r, r_end - r, e, a, d, n);
      }
  }
  return n;
}

static void print_op_origin(const tnam_check_ctx_t *c, const char *label, size_t op,
                            uint64_t cycle) {
  if (op == TNAM_SEQ_NONE) {
    fprintf(c->out, "  %-12s: none (cycle %" PRIu64 " drove no stream command)\n", label, cycle);
    return;
  }
  const tnam_op_t *o = tnam_stream_op(c->s, op);
  fprintf(c->out, "  %-12s: %s:%u (%s, issued in cycle %" PRIu64 ")\n", label, c->s->path, o->line,
          tnam_op_names[o->kind], cycle);
}

/* The golden model of macro m, or NULL when the model does not run. */
static tnam_model_t *macro_model(const tnam_check_ctx_t *c, int m) {
  return c->chip && m >= 0 ? tnam_chip_macro(c->chip, (unsigned)m) : NULL;
}

/* Word lines and, for one column, the weights on the driven rows, P, N, the variation terms
 * and the threshold, all as macro m's sense stage saw them in the golden model. */
static void print_operands(const tnam_check_ctx_t *c, int m, const uint64_t *wl, int col) {
  const tnam_params_t *p = &c->s->params;
  char hex[80];
  fmt_hex_words(hex, sizeof hex, wl, p->rows);
  unsigned driven = 0;
  for (unsigned r = 0; r < p->rows; r++) driven += (unsigned)((wl[r / 64] >> (r % 64)) & 1);
  fprintf(c->out, "  %-12s: %s (%u of %u rows driven)\n", "word lines", hex, driven, p->rows);
  tnam_model_t *model = macro_model(c, m);
  if (!model || col < 0) return;
  tnam_model_sense_weights(model, (unsigned)col);
  const tnam_sense_t *sn = tnam_model_last_sense(model);
  fprintf(c->out, "  %-12s: %d: P = %u, N = %u, threshold T = %d%s\n", "column", col, sn->p[col],
          sn->n[col], sn->thr[col],
          sn->p[col] + sn->n[col] || sn->test ? "" : " (zero detector gates it)");
  fprintf(c->out, "  %-12s: defective P = %u, N = %u, excess D = %d, offset %d, trim %d%s\n",
          "variation", sn->pd[col], sn->nd[col], sn->excess, sn->off[col], sn->trim[col],
          sn->test ? ", test mode (zero detector bypassed)" : "");
  fprintf(c->out, "  %-12s:", "weights");
  const tnam_var_state_t *vs = tnam_model_var_state(model);
  unsigned shown = 0;
  for (unsigned r = 0; r < p->rows; r++) {
    if (!((wl[r / 64] >> (r % 64)) & 1)) continue;
    int w = sn->weight_at_sense[col][r];
    fprintf(c->out, "%s row %u = %s%s", shown && shown % 8 == 0 ? "\n               " : "", r,
            w > 0   ? "+1"
            : w < 0 ? "-1"
                    : "0",
            (vs->defect[r] >> col) & 1 ? " (defective)" : "");
    shown++;
  }
  fprintf(c->out, "%s\n", shown ? "" : " (no row driven)");
}

/* The running multi-level operation as macro m's golden model holds it after this edge, and
 * the operands of the differing column or neuron. */
static void print_multilevel(const tnam_check_ctx_t *c, const tnam_out_t *exp, const diff_t *d0) {
  static const char *const phases[] = {"READ", "STEP", "FINISH"};
  const tnam_params_t *p = &c->s->params;
  const tnam_seq_t *q = c->seq;
  print_op_origin(c, "evaluation", q->fifo_op[q->fifo_head], q->fifo_cycle[q->fifo_head]);
  tnam_model_t *model = macro_model(c, d0->macro);
  if (!model) return;
  const tnam_ml_state_t *ml = tnam_model_ml_state(model);
  if (ml->busy)
    fprintf(c->out, "  %-12s: plane %u (planes 0..%u), phase %s, next step k = %u (S = %u)\n",
            "state", ml->plane, ml->planes - 1, phases[ml->phase], ml->step, p->steps);
  else
    fprintf(c->out, "  %-12s: finished at this edge\n", "state");
  if (d0->col >= 0) {
    const unsigned col = (unsigned)d0->col;
    fprintf(c->out,
            "  %-12s: A = %d (mac_o of the plane's READ), search step %u: ref = %d, q = %u, code = "
            "%d\n",
            "expected", exp->mac[col], exp->sar_bit, exp->sar_ref[col],
            (unsigned)((exp->sar_q >> col) & 1), exp->sar_code[col]);
  } else if (d0->neuron >= 0) {
    const unsigned j = (unsigned)d0->neuron;
    fprintf(c->out,
            "  %-12s: %u: bias %d, shift %u; columns %u..%u digitised %d, %d, %d (digits "
            "2^0, 2^1, 2^2); acc = %d, out = %u\n",
            "neuron", j, ml->bias[j], ml->shift, 3 * j, 3 * j + 2, exp->sar_code[3 * j],
            exp->sar_code[3 * j + 1], exp->sar_code[3 * j + 2], exp->acc[j], exp->out[j]);
  }
  /* The word lines of the plane read last (and the column's operands, for a column unit). */
  print_operands(c, d0->macro, tnam_model_last_sense(model)->wl, d0->col);
}

/* The word lines (and, in q4 mode, the activations) of every tile on the chip's ports in the
 * cycle being compared. */
static void print_tile_inputs(const tnam_check_ctx_t *c, int q4) {
  const tnam_params_t *p = &c->s->params;
  for (unsigned t = 0; t < c->s->chip.tiles; t++) {
    char hex[4 * TNAM_MAX_ROWS / 4 + 8], label[24];
    snprintf(label, sizeof label, "%s t%u", q4 ? "activations" : "word lines", t);
    if (q4)
      fmt_hex_words(hex, sizeof hex, c->in->act[t], 4 * p->rows);
    else
      fmt_hex_words(hex, sizeof hex, c->in->x[t], p->rows);
    fprintf(c->out, "  %-12s: %s\n", label, hex);
  }
}

/* What the golden model's selection saw for the latest evaluation: per tile its copies and
 * per copy its hazard count and residual offset. */
static void print_selection(const tnam_check_ctx_t *c, const tnam_chip_out_t *exp) {
  if (!c->chip) return;
  const tnam_chip_params_t *p = &c->s->chip;
  const tnam_chip_sel_info_t *si = tnam_chip_last_selection(c->chip);
  fprintf(c->out, "  %-12s: mode %u, select %s\n", "selection", si->mode,
          si->select ? "on (variation-aware)" : "off (lowest-index copy)");
  for (unsigned t = 0; t < p->tiles; t++) {
    fprintf(c->out, "  %-12s: tile %u %s; copies:", t ? "" : "tiles", t,
            (si->active >> t) & 1 ? "active" : "inactive");
    for (unsigned m = 0; m < p->macros; m++)
      if ((si->candidates[t] >> m) & 1)
        fprintf(c->out, " macro %u (hazard rows %u, resid %u)", m, si->hz[m], exp->resid[m]);
    if ((exp->sel_valid >> t) & 1)
      fprintf(c->out, "; chosen macro %u\n", exp->sel[t]);
    else
      fprintf(c->out, "; none chosen\n");
  }
}

/* Where a report's cycle is in the waves (scripts/regress_waves.sh cuts its window there):
 * every rising edge is a clock period, the held ones too. */
static void print_time(const tnam_check_ctx_t *c, uint64_t cycle) {
  if (!c->untimed)
    fprintf(c->out, "  %-12s: rising edge at %" PRIu64 " ns in the waves\n", "time",
            (cycle + c->seq->held) * 10 + 5);
}

static void print_trailer(const tnam_check_ctx_t *c) {
  if (c->work) fprintf(c->out, "  %-12s: %s\n", "work", c->work);
  fprintf(c->out, "  %-12s: %s\n", "seed", c->seed_text ? c->seed_text : "none (stream file)");
  fprintf(c->out, "  %-12s: %s\n", "reproduce", c->repro);
}

int tnam_check_report_mismatch(const tnam_check_ctx_t *c, uint64_t cycle,
                               const tnam_chip_out_t *exp, const tnam_chip_out_t *act) {
  const tnam_chip_params_t *cp = &c->s->chip;
  diff_t d[MAX_DIFFS];
  /* The chip's selection first: a wrong choice shows in the chosen macros too. */
  const scope_t chip = {-1, 0};
  int n = collect_diffs(cp, &chip, exp, act, d, 0);
  for (unsigned m = 0; m < cp->macros; m++) {
    const scope_t sc = {(int)m, cp->macros > 1};
    n = collect_diffs(cp, &sc, exp, act, d, n);
  }
  if (n == 0) return 1; /* equal: the compare sees exactly the bits collected here (D31) */
  const int held = c->in && c->in->core.hold;
  fprintf(c->out, "MISMATCH at cycle %" PRIu64 "%s: %s: expected (%s) %s, actual (%s) %s\n", cycle,
          held ? " (at a held edge after it)" : "", d[0].unit, c->exp_name, d[0].exp, c->act_name,
          d[0].act);
  fprintf(c->out, "  %-12s: %s%s\n", "unit", unit_text[d[0].where],
          d[0].macro >= 0 && cp->macros > 1 ? " of that macro" : "");
  if (held)
    fprintf(c->out,
            "  %-12s: ce_i = 0 at this edge (spec 5): no register may change; every input "
            "but rst_ni (%u) is random\n",
            "held edge", c->in->core.rst_n);
  print_time(c, cycle);
  /* Both the command of this cycle and the evaluation sensed in it (issued one cycle
   * earlier): counters and results change in the sense stage, the rest in the drive stage. */
  print_op_origin(c, "command", tnam_seq_issued_op(c->seq, cycle), cycle);
  size_t sensed = cycle ? tnam_seq_issued_op(c->seq, cycle - 1) : TNAM_SEQ_NONE;
  const size_t pending = tnam_seq_pending_eval(c->seq);
  if (d[0].macro < 0) {
    /* The chip's registers change at the edge of the cycle's inputs (a stream command, or a
     * cycle that calibration drove). */
    const size_t issued = tnam_seq_issued_op(c->seq, cycle);
    if (issued != TNAM_SEQ_NONE && tnam_op_is_eval(tnam_stream_op(c->s, issued)->kind))
      print_op_origin(c, "evaluation", issued, cycle);
    else
      fprintf(c->out, "  %-12s: %s in this cycle\n", "evaluation",
              c->in && c->in->core.eval ? "eval_i driven (not by a stream evaluation)" : "none");
    if (c->in && c->in->core.eval)
      print_tile_inputs(c, c->chip && tnam_chip_last_selection(c->chip)->mode == TNAM_MODE_Q4);
    print_selection(c, exp);
  } else if (pending != TNAM_SEQ_NONE &&
             tnam_op_is_multilevel(tnam_stream_op(c->s, pending)->kind)) {
    print_multilevel(c, &exp->m[d[0].macro], &d[0]);
  } else if (sensed != TNAM_SEQ_NONE && tnam_stream_op(c->s, sensed)->kind == TNAM_OP_EVAL) {
    print_op_origin(c, "evaluation", sensed, cycle - 1);
    tnam_model_t *model = macro_model(c, d[0].macro);
    if (model) print_operands(c, d[0].macro, tnam_model_last_sense(model)->wl, d[0].col);
  } else {
    fprintf(c->out, "  %-12s: none sensed in this cycle\n", "evaluation");
  }
  for (int i = 1; i < n; i++)
    fprintf(c->out, "  %-12s: %s: expected %s, actual %s\n", i == 1 ? "also differ" : "", d[i].unit,
            d[i].exp, d[i].act);
  if (n == MAX_DIFFS) fprintf(c->out, "  %-12s: (more differences not listed)\n", "");
  print_trailer(c);
  return 0;
}

/* The values list expectation `kind` is checked against, as the outputs hold them. */
static const void *actual_list(const tnam_out_t *out, int kind) {
  switch (kind) {
    case TNAM_EXPECT_MAC: return out->mac;
    case TNAM_EXPECT_CODE: return out->sar_code;
    case TNAM_EXPECT_ACC: return out->acc;
    default: return out->out;
  }
}
_Static_assert(sizeof(((tnam_out_t *)0)->out[0]) == sizeof(int32_t), "out[] compares as int32_t");

/* Value i of list expectation `kind` as the outputs hold it (out[] unsigned, the rest signed). */
static long long actual_value(const tnam_out_t *out, int kind, unsigned i) {
  const void *list = actual_list(out, kind);
  return kind == TNAM_EXPECT_OUT ? (long long)((const uint32_t *)list)[i]
                                 : (long long)((const int32_t *)list)[i];
}

/* Checks one tile's expectations; macro = the macro chosen for it, or -1. */
static int check_tile(const tnam_check_ctx_t *c, uint64_t cycle, size_t eval_op, unsigned tile,
                      int macro, const tnam_chip_out_t *chip_out, const char *side,
                      uint64_t latency) {
  const tnam_stream_t *s = c->s;
  const tnam_op_t *op = tnam_stream_op(s, eval_op);
  const tnam_expect_t *e = tnam_op_expect(s, op, tile);
  const unsigned cols = s->params.cols;
  const uint64_t colmask = cols == 64 ? ~0ULL : (1ULL << cols) - 1;
  const tnam_out_t *out = macro >= 0 ? &chip_out->m[macro] : NULL;
  for (uint32_t left = e->kinds; left; left &= left - 1) {
    const int kind = __builtin_ctz(left); /* in the order of the kinds, as the report needs */
    const unsigned count = tnam_expect_count(&s->params, kind);
    long long want = 0, got = 0;
    int item = -1; /* failing column or neuron; -1: the whole expectation failed */
    int failed = 0;
    if (kind == TNAM_EXPECT_SEL) {
      want = e->bits[kind] == TNAM_SEL_NONE ? -1 : (long long)e->bits[kind];
      got = macro;
      failed = want != got;
    } else if (kind == TNAM_EXPECT_CYCLES) {
      want = (long long)e->bits[kind];
      got = (long long)latency;
      failed = want != got;
    } else if (!out) {
      failed = 1; /* the stream says the tile runs (the reader checked), the chip did not */
      want = 1;
      got = 0;
    } else if (count == 0) {
      const uint64_t have = (kind == TNAM_EXPECT_DEC ? out->dec : out->gate) & colmask;
      const uint64_t diff = have ^ e->bits[kind];
      if (diff) {
        item = __builtin_ctzll(diff);
        want = (long long)((e->bits[kind] >> item) & 1);
        got = (long long)((have >> item) & 1);
        failed = 1;
      }
    } else {
      const int32_t *vals = tnam_expect_vals(s, e, kind);
      /* Equal bytes are equal values (out[] holds 4-bit values, whose uint32_t bytes are their
       * int32_t bytes): the value walk below only finds the failing item. */
      if (memcmp(vals, actual_list(out, kind), count * sizeof vals[0]) == 0) continue;
      for (unsigned i = 0; i < count && !failed; i++) {
        if (vals[i] == actual_value(out, kind, i)) continue;
        item = (int)i;
        want = vals[i];
        got = actual_value(out, kind, i);
        failed = 1;
      }
    }
    if (!failed) continue;
    const int per_neuron = kind == TNAM_EXPECT_ACC || kind == TNAM_EXPECT_OUT;
    fprintf(c->out, "EXPECTATION FAILED at cycle %" PRIu64 ": ", cycle);
    if (s->chip.tiles > 1 || s->chip.macros > 1) fprintf(c->out, "tile %u ", tile);
    if (item >= 0) fprintf(c->out, "%s %d ", per_neuron ? "neuron" : "column", item);
    if (kind != TNAM_EXPECT_SEL && kind != TNAM_EXPECT_CYCLES && !out)
      fprintf(c->out, "%s: the stream expects a result but %s chose no macro for the tile\n",
              tnam_expect_names[kind], side);
    else if (kind == TNAM_EXPECT_SEL) {
      char w[32] = "no macro", g[32] = "no macro";
      if (want >= 0) snprintf(w, sizeof w, "macro %lld", want);
      if (got >= 0) snprintf(g, sizeof g, "macro %lld", got);
      fprintf(c->out, "sel: stream expects %s, %s chose %s\n", w, side, g);
    } else
      fprintf(c->out, "%s: stream expects %lld, %s gives %lld\n", tnam_expect_names[kind], want,
              side, got);
    fprintf(c->out, "  %-12s: %s:%u\n", "expectation", s->path, e->line[kind]);
    print_time(c, cycle);
    if (macro >= 0 && s->chip.macros > 1)
      fprintf(c->out, "  %-12s: macro %d\n", "read from", macro);
    print_op_origin(c, "evaluation", eval_op, cycle + 1 - latency);
    if (kind == TNAM_EXPECT_SEL)
      print_selection(c, chip_out);
    else if (!per_neuron && op->kind != TNAM_OP_Q4)
      print_operands(c, macro, tnam_op_x(s, op, tile), item);
    tnam_model_t *model = macro_model(c, macro);
    if (per_neuron && model) {
      const tnam_ml_state_t *ml = tnam_model_ml_state(model);
      fprintf(c->out, "  %-12s: %d: bias %d, shift %u, acc = %d, out = %u (golden model)\n",
              "neuron", item, ml->bias[item], ml->shift, out->acc[item], out->out[item]);
    }
    print_trailer(c);
    return 0;
  }
  return 1;
}

int tnam_check_expects(const tnam_check_ctx_t *c, uint64_t cycle, size_t eval_op,
                       const tnam_chip_out_t *out, const char *side, uint64_t latency) {
  const tnam_stream_t *s = c->s;
  if (tnam_stream_op(s, eval_op)->u.eval.expect == TNAM_NO_EXPECT) return 1;
  for (unsigned t = 0; t < s->chip.tiles; t++) {
    const int macro = (c->seq->retired_sel_valid >> t) & 1 ? (int)c->seq->retired_sel[t] : -1;
    if (!check_tile(c, cycle, eval_op, t, macro, out, side, latency)) return 0;
  }
  return 1;
}

int tnam_check_report_timing(const tnam_check_ctx_t *c, uint64_t cycle, tnam_retire_t r,
                             size_t eval_op, const char *side) {
  if (r == TNAM_RETIRE_STUCK) {
    fprintf(c->out,
            "TIMING ERROR at cycle %" PRIu64
            ": %s has held chip_busy_o for more than %u "
            "cycles, longer than any operation takes\n",
            cycle, side, c->seq->max_latency);
  } else if (r == TNAM_RETIRE_SPURIOUS) {
    fprintf(c->out,
            "TIMING ERROR at cycle %" PRIu64
            ": %s raised res_valid_o or chip_done_o with no "
            "evaluation of that kind in flight\n",
            cycle, side);
    if (eval_op != TNAM_SEQ_NONE)
      print_op_origin(c, "in flight", eval_op, c->seq->fifo_cycle[c->seq->fifo_head]);
  } else if (tnam_op_is_multilevel(tnam_stream_op(c->s, eval_op)->kind)) {
    fprintf(c->out,
            "TIMING ERROR at cycle %" PRIu64
            ": %s: this operation is not done %u "
            "cycles after eval_i, the most any operation takes\n",
            cycle, side, c->seq->max_latency);
    print_op_origin(c, "operation", eval_op, cycle + 1 - c->seq->max_latency);
  } else {
    fprintf(c->out,
            "TIMING ERROR at cycle %" PRIu64
            ": %s: the result of this evaluation was "
            "due %d cycles after eval_i, in cycle %" PRIu64 "\n",
            cycle, side, TNAM_EVAL_LATENCY, cycle);
    print_op_origin(c, "evaluation", eval_op, cycle - 1);
  }
  print_time(c, cycle);
  print_trailer(c);
  return 0;
}
