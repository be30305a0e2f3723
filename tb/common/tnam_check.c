/* Lockstep comparison and the mismatch report (spec sections 6 and 8). */
#include "tnam_check.h"

#include <inttypes.h>
#include <string.h>

/* Where an observable comes from, for the report's `unit` line. */
typedef enum {
  UNIT_DRIVE,    /* word-line register */
  UNIT_SENSE,    /* bitlines, zero detector, comparator, result registers */
  UNIT_SEARCH,   /* successive-approximation search registers */
  UNIT_NEURON,   /* q4 digital block: accumulator, requantisation */
  UNIT_CONTROL,  /* multi-level operation control: busy, done */
  UNIT_COUNTERS
} unit_t;

static const char *const unit_text[] = {
    "drive stage (word lines)",
    "sense stage (bitlines, zero detector, comparator)",
    "multi-level readout (successive-approximation search)",
    "4-bit digital block (shift-add, bias, ReLU, requantisation)",
    "multi-level operation control",
    "event counters"};

/* One differing observable. */
typedef struct {
  char unit[48];  /* e.g. "column 5 mac" */
  int col;        /* column, or -1 */
  int neuron;     /* 4-bit neuron, or -1 */
  unit_t where;
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

static diff_t *new_diff(diff_t *d, int *n, const char *unit, int col, int neuron, unit_t where) {
  if (*n == MAX_DIFFS) return NULL;
  diff_t *x = &d[(*n)++];
  if (col >= 0) snprintf(x->unit, sizeof x->unit, "column %d %s", col, unit);
  else if (neuron >= 0) snprintf(x->unit, sizeof x->unit, "neuron %d %s", neuron, unit);
  else snprintf(x->unit, sizeof x->unit, "%s", unit);
  x->col = col;
  x->neuron = neuron;
  x->where = where;
  return x;
}

static void add_diff(diff_t *d, int *n, const char *unit, int col, int neuron, unit_t where,
                     long long e, long long a) {
  diff_t *x = new_diff(d, n, unit, col, neuron, where);
  if (!x) return;
  snprintf(x->exp, sizeof x->exp, "%lld", e);
  snprintf(x->act, sizeof x->act, "%lld", a);
}

/* Compares one scalar observable and records it when it differs. */
#define DIFF(name, field, where)                                                      \
  do {                                                                                \
    if (e->field != a->field)                                                         \
      add_diff(d, &n, name, -1, -1, where, (long long)e->field, (long long)a->field); \
  } while (0)

static int collect_diffs(const tnam_params_t *p, const tnam_out_t *e, const tnam_out_t *a,
                         diff_t *d) {
  int n = 0;
  DIFF("busy_o", busy, UNIT_CONTROL);
  DIFF("done_o", done, UNIT_CONTROL);
  DIFF("wl_valid_o", wl_valid, UNIT_DRIVE);
  if (memcmp(e->wl, a->wl, sizeof e->wl) != 0) {
    diff_t *x = new_diff(d, &n, "wl_o (driven word lines)", -1, -1, UNIT_DRIVE);
    if (x) {
      fmt_hex_words(x->exp, sizeof x->exp, e->wl, p->rows);
      fmt_hex_words(x->act, sizeof x->act, a->wl, p->rows);
    }
  }
  DIFF("res_valid_o", res_valid, UNIT_SENSE);
  DIFF("sar_step_o", sar_step, UNIT_SEARCH);
  DIFF("sar_bit_o (step index)", sar_bit, UNIT_SEARCH);
  for (unsigned c = 0; c < p->cols; c++) {
    const int col = (int)c;
    if (e->mac[c] != a->mac[c]) add_diff(d, &n, "mac", col, -1, UNIT_SENSE, e->mac[c], a->mac[c]);
    if (((e->gate ^ a->gate) >> c) & 1)
      add_diff(d, &n, "gate (zero detector)", col, -1, UNIT_SENSE, (e->gate >> c) & 1,
               (a->gate >> c) & 1);
    if (((e->dec ^ a->dec) >> c) & 1)
      add_diff(d, &n, "dec (comparator decision)", col, -1, UNIT_SENSE, (e->dec >> c) & 1,
               (a->dec >> c) & 1);
    if (e->sar_ref[c] != a->sar_ref[c])
      add_diff(d, &n, "sar_ref (search reference)", col, -1, UNIT_SEARCH, e->sar_ref[c],
               a->sar_ref[c]);
    if (((e->sar_q ^ a->sar_q) >> c) & 1)
      add_diff(d, &n, "sar_q (search decision)", col, -1, UNIT_SEARCH, (e->sar_q >> c) & 1,
               (a->sar_q >> c) & 1);
    if (e->sar_code[c] != a->sar_code[c])
      add_diff(d, &n, "sar_code (digitised value)", col, -1, UNIT_SEARCH, e->sar_code[c],
               a->sar_code[c]);
  }
  for (unsigned j = 0; j < p->nn; j++) {
    if (e->acc[j] != a->acc[j])
      add_diff(d, &n, "acc (accumulator)", -1, (int)j, UNIT_NEURON, e->acc[j], a->acc[j]);
    if (e->out[j] != a->out[j])
      add_diff(d, &n, "out (4-bit output)", -1, (int)j, UNIT_NEURON, e->out[j], a->out[j]);
  }
  DIFF("cnt_eval_o", cnt_eval, UNIT_COUNTERS);
  DIFF("cnt_dec_o", cnt_dec, UNIT_COUNTERS);
  DIFF("cnt_gated_o", cnt_gated, UNIT_COUNTERS);
  DIFF("cnt_nzdrv_o", cnt_nzdrv, UNIT_COUNTERS);
  DIFF("cnt_wr_o", cnt_wr, UNIT_COUNTERS);
  DIFF("cnt_step_o", cnt_step, UNIT_COUNTERS);
  return n;
}
#undef DIFF

static void print_op_origin(const tnam_check_ctx_t *c, const char *label, size_t op,
                            uint64_t cycle) {
  if (op == TNAM_SEQ_NONE) {
    fprintf(c->out, "  %-12s: none (cycle %" PRIu64 " drove no stream command)\n", label, cycle);
    return;
  }
  const tnam_op_t *o = &c->s->ops[op];
  fprintf(c->out, "  %-12s: %s:%u (%s, issued in cycle %" PRIu64 ")\n", label, c->s->path,
          o->line, tnam_op_names[o->kind], cycle);
}

/* Word lines and, for one column, the weights on the driven rows, P, N and the threshold,
 * all as the golden model's sense stage saw them. */
static void print_operands(const tnam_check_ctx_t *c, const uint64_t *wl, int col) {
  const tnam_params_t *p = &c->s->params;
  char hex[80];
  fmt_hex_words(hex, sizeof hex, wl, p->rows);
  unsigned driven = 0;
  for (unsigned r = 0; r < p->rows; r++) driven += (unsigned)((wl[r / 64] >> (r % 64)) & 1);
  fprintf(c->out, "  %-12s: %s (%u of %u rows driven)\n", "word lines", hex, driven, p->rows);
  if (!c->model || col < 0) return;
  tnam_model_sense_weights(c->model, (unsigned)col);
  const tnam_sense_t *sn = tnam_model_last_sense(c->model);
  fprintf(c->out, "  %-12s: %d: P = %u, N = %u, threshold T = %d%s\n", "column", col, sn->p[col],
          sn->n[col], sn->thr[col], sn->p[col] + sn->n[col] ? "" : " (zero detector gates it)");
  fprintf(c->out, "  %-12s:", "weights");
  unsigned shown = 0;
  for (unsigned r = 0; r < p->rows; r++) {
    if (!((wl[r / 64] >> (r % 64)) & 1)) continue;
    int w = sn->weight_at_sense[col][r];
    fprintf(c->out, "%s row %u = %s", shown && shown % 8 == 0 ? "\n               " : "", r,
            w > 0 ? "+1" : w < 0 ? "-1" : "0");
    shown++;
  }
  fprintf(c->out, "%s\n", shown ? "" : " (no row driven)");
}

/* The running multi-level operation as the golden model holds it after this edge, and the
 * operands of the differing column or neuron. */
static void print_multilevel(const tnam_check_ctx_t *c, const tnam_out_t *exp, const diff_t *d0) {
  static const char *const phases[] = {"READ", "STEP", "FINISH"};
  const tnam_params_t *p = &c->s->params;
  const tnam_seq_t *q = c->seq;
  print_op_origin(c, "evaluation", q->fifo_op[q->fifo_head], q->fifo_cycle[q->fifo_head]);
  if (!c->model) return;
  const tnam_ml_state_t *ml = tnam_model_ml_state(c->model);
  if (ml->busy)
    fprintf(c->out, "  %-12s: plane %u (planes 0..%u), phase %s, next step k = %u (S = %u)\n", "state",
            ml->plane, ml->planes - 1, phases[ml->phase], ml->step, p->steps);
  else
    fprintf(c->out, "  %-12s: finished at this edge\n", "state");
  if (d0->col >= 0) {
    const unsigned col = (unsigned)d0->col;
    fprintf(c->out, "  %-12s: A = %d (mac_o of the plane's READ), search step %u: ref = %d, q = %u, code = %d\n",
            "expected", exp->mac[col], exp->sar_bit, exp->sar_ref[col],
            (unsigned)((exp->sar_q >> col) & 1), exp->sar_code[col]);
  } else if (d0->neuron >= 0) {
    const unsigned j = (unsigned)d0->neuron;
    fprintf(c->out, "  %-12s: %u: bias %d, shift %u; columns %u..%u digitised %d, %d, %d (digits "
                    "2^0, 2^1, 2^2); acc = %d, out = %u\n",
            "neuron", j, ml->bias[j], ml->shift, 3 * j, 3 * j + 2, exp->sar_code[3 * j],
            exp->sar_code[3 * j + 1], exp->sar_code[3 * j + 2], exp->acc[j], exp->out[j]);
  }
  /* The word lines of the plane read last (and the column's operands, for a column unit). */
  print_operands(c, tnam_model_last_sense(c->model)->wl, d0->col);
}

static void print_trailer(const tnam_check_ctx_t *c) {
  fprintf(c->out, "  %-12s: %s\n", "seed", c->seed_text ? c->seed_text : "none (stream file)");
  fprintf(c->out, "  %-12s: %s\n", "reproduce", c->repro);
}

int tnam_check_report_mismatch(const tnam_check_ctx_t *c, uint64_t cycle, const tnam_out_t *exp,
                               const tnam_out_t *act) {
  const tnam_params_t *p = &c->s->params;

  diff_t d[MAX_DIFFS];
  int n = collect_diffs(p, exp, act, d);
  fprintf(c->out, "MISMATCH at cycle %" PRIu64 ": %s: expected (%s) %s, actual (%s) %s\n", cycle,
          d[0].unit, c->exp_name, d[0].exp, c->act_name, d[0].act);
  fprintf(c->out, "  %-12s: %s\n", "unit", unit_text[d[0].where]);
  fprintf(c->out, "  %-12s: rising edge at %" PRIu64 " ns in the waves\n", "time",
          cycle * 10 + 5);
  /* Both the command of this cycle and the evaluation sensed in it (issued one cycle
   * earlier): counters and results change in the sense stage, the rest in the drive stage. */
  print_op_origin(c, "command", tnam_seq_issued_op(c->seq, cycle), cycle);
  size_t sensed = cycle ? tnam_seq_issued_op(c->seq, cycle - 1) : TNAM_SEQ_NONE;
  const size_t pending = tnam_seq_pending_eval(c->seq);
  if (pending != TNAM_SEQ_NONE && tnam_op_is_multilevel(c->s->ops[pending].kind)) {
    print_multilevel(c, exp, &d[0]);
  } else if (sensed != TNAM_SEQ_NONE && c->s->ops[sensed].kind == TNAM_OP_EVAL) {
    print_op_origin(c, "evaluation", sensed, cycle - 1);
    if (c->model) print_operands(c, tnam_model_last_sense(c->model)->wl, d[0].col);
  } else {
    fprintf(c->out, "  %-12s: none sensed in this cycle\n", "evaluation");
  }
  for (int i = 1; i < n; i++)
    fprintf(c->out, "  %-12s: %s: expected %s, actual %s\n", i == 1 ? "also differ" : "",
            d[i].unit, d[i].exp, d[i].act);
  if (n == MAX_DIFFS) fprintf(c->out, "  %-12s: (more differences not listed)\n", "");
  print_trailer(c);
  return 0;
}

/* Value i of list expectation `kind` as the outputs hold it. */
static long long actual_value(const tnam_out_t *out, int kind, unsigned i) {
  switch (kind) {
    case TNAM_EXPECT_MAC: return out->mac[i];
    case TNAM_EXPECT_CODE: return out->sar_code[i];
    case TNAM_EXPECT_ACC: return out->acc[i];
    default: return out->out[i];
  }
}

int tnam_check_expects(const tnam_check_ctx_t *c, uint64_t cycle, size_t eval_op,
                       const tnam_out_t *out, const char *side, uint64_t latency) {
  const tnam_stream_t *s = c->s;
  const uint32_t index = s->ops[eval_op].arg;
  if (index == TNAM_NO_EXPECT) return 1;
  const tnam_expect_t *e = &s->expects[index];
  const unsigned cols = s->params.cols;
  const uint64_t colmask = cols == 64 ? ~0ULL : (1ULL << cols) - 1;
  for (int kind = 0; kind < TNAM_EXPECT_KINDS; kind++) {
    if (!e->line[kind]) continue;
    const unsigned count = tnam_expect_count(&s->params, kind);
    long long want = 0, got = 0;
    int item = -1; /* failing column or neuron; -1: the whole expectation failed */
    int failed = 0;
    if (kind == TNAM_EXPECT_CYCLES) {
      want = (long long)e->bits[kind];
      got = (long long)latency;
      failed = want != got;
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
    if (item >= 0) fprintf(c->out, "%s %d ", per_neuron ? "neuron" : "column", item);
    fprintf(c->out, "%s: stream expects %lld, %s gives %lld\n", tnam_expect_names[kind], want,
            side, got);
    fprintf(c->out, "  %-12s: %s:%u\n", "expectation", s->path, e->line[kind]);
    print_op_origin(c, "evaluation", eval_op, cycle + 1 - latency);
    if (!per_neuron && s->ops[eval_op].kind != TNAM_OP_Q4)
      print_operands(c, s->ops[eval_op].bits, item);
    if (per_neuron && c->model) {
      const tnam_ml_state_t *ml = tnam_model_ml_state(c->model);
      fprintf(c->out, "  %-12s: %d: bias %d, shift %u, acc = %d, out = %u (golden model)\n",
              "neuron", item, ml->bias[item], ml->shift, out->acc[item], out->out[item]);
    }
    print_trailer(c);
    return 0;
  }
  return 1;
}

int tnam_check_report_timing(const tnam_check_ctx_t *c, uint64_t cycle, tnam_retire_t r,
                             size_t eval_op, const char *side) {
  if (r == TNAM_RETIRE_STUCK) {
    fprintf(c->out, "TIMING ERROR at cycle %" PRIu64 ": %s has held busy_o for more than %u "
                    "cycles, longer than any operation takes\n", cycle, side, c->seq->max_latency);
  } else if (r == TNAM_RETIRE_SPURIOUS) {
    fprintf(c->out, "TIMING ERROR at cycle %" PRIu64 ": %s raised res_valid_o or done_o with no "
                    "evaluation of that kind in flight\n", cycle, side);
    if (eval_op != TNAM_SEQ_NONE) print_op_origin(c, "in flight", eval_op, c->seq->fifo_cycle[c->seq->fifo_head]);
  } else if (tnam_op_is_multilevel(c->s->ops[eval_op].kind)) {
    fprintf(c->out, "TIMING ERROR at cycle %" PRIu64 ": %s: this operation is not done %u "
                    "cycles after eval_i, the most any operation takes\n", cycle, side,
            c->seq->max_latency);
    print_op_origin(c, "operation", eval_op, cycle + 1 - c->seq->max_latency);
  } else {
    fprintf(c->out, "TIMING ERROR at cycle %" PRIu64 ": %s: the result of this evaluation was "
                    "due %d cycles after eval_i, in cycle %" PRIu64 "\n",
            cycle, side, TNAM_EVAL_LATENCY, cycle);
    print_op_origin(c, "evaluation", eval_op, cycle - 1);
  }
  print_trailer(c);
  return 0;
}
