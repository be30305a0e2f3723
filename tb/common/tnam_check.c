/* Lockstep comparison and the mismatch report (spec sections 6 and 8). */
#include "tnam_check.h"

#include <inttypes.h>
#include <string.h>

/* One differing observable. */
typedef struct {
  char unit[48];  /* e.g. "column 5 mac" */
  int col;        /* column, or -1 for macro-wide signals */
  int sense;      /* 1: result of an evaluation (sense stage); 0: drive stage or counters */
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

static void add_diff(diff_t *d, int *n, const char *unit, int col, int sense, long long e,
                     long long a) {
  if (*n == MAX_DIFFS) return;
  diff_t *x = &d[(*n)++];
  if (col >= 0) snprintf(x->unit, sizeof x->unit, "column %d %s", col, unit);
  else snprintf(x->unit, sizeof x->unit, "%s", unit);
  x->col = col;
  x->sense = sense;
  snprintf(x->exp, sizeof x->exp, "%lld", e);
  snprintf(x->act, sizeof x->act, "%lld", a);
}

static int collect_diffs(const tnam_params_t *p, const tnam_out_t *e, const tnam_out_t *a,
                         diff_t *d) {
  int n = 0;
  if (e->wl_valid != a->wl_valid) add_diff(d, &n, "wl_valid_o", -1, 0, e->wl_valid, a->wl_valid);
  if (memcmp(e->wl, a->wl, sizeof e->wl) != 0 && n < MAX_DIFFS) {
    diff_t *x = &d[n++];
    snprintf(x->unit, sizeof x->unit, "wl_o (driven word lines)");
    x->col = -1;
    x->sense = 0;
    fmt_hex_words(x->exp, sizeof x->exp, e->wl, p->rows);
    fmt_hex_words(x->act, sizeof x->act, a->wl, p->rows);
  }
  if (e->res_valid != a->res_valid)
    add_diff(d, &n, "res_valid_o", -1, 1, e->res_valid, a->res_valid);
  for (unsigned c = 0; c < p->cols; c++) {
    if (e->mac[c] != a->mac[c]) add_diff(d, &n, "mac", (int)c, 1, e->mac[c], a->mac[c]);
    if (((e->dec ^ a->dec) >> c) & 1)
      add_diff(d, &n, "dec (comparator decision)", (int)c, 1, (e->dec >> c) & 1, (a->dec >> c) & 1);
    if (((e->gate ^ a->gate) >> c) & 1)
      add_diff(d, &n, "gate (zero detector)", (int)c, 1, (e->gate >> c) & 1, (a->gate >> c) & 1);
  }
  static const struct {
    const char *name;
    size_t off;
  } counters[] = {{"cnt_eval_o", offsetof(tnam_out_t, cnt_eval)},
                  {"cnt_dec_o", offsetof(tnam_out_t, cnt_dec)},
                  {"cnt_gated_o", offsetof(tnam_out_t, cnt_gated)},
                  {"cnt_nzdrv_o", offsetof(tnam_out_t, cnt_nzdrv)},
                  {"cnt_wr_o", offsetof(tnam_out_t, cnt_wr)}};
  for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++) {
    uint32_t ev, av;
    memcpy(&ev, (const char *)e + counters[i].off, sizeof ev);
    memcpy(&av, (const char *)a + counters[i].off, sizeof av);
    if (ev != av) add_diff(d, &n, counters[i].name, -1, 0, ev, av);
  }
  return n;
}

static void print_op_origin(const tnam_check_ctx_t *c, const char *label, size_t op,
                            uint64_t cycle) {
  if (op == TNAM_SEQ_NONE) {
    fprintf(c->out, "  %-12s: none (cycle %" PRIu64 " drove no stream command)\n", label, cycle);
    return;
  }
  static const char *const kinds[] = {"reset", "write", "thr", "eval", "idle"};
  const tnam_op_t *o = &c->s->ops[op];
  fprintf(c->out, "  %-12s: %s:%u (%s, issued in cycle %" PRIu64 ")\n", label, c->s->path,
          o->line, kinds[o->kind], cycle);
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
  fprintf(c->out, "  %-12s: %s\n", "unit",
          d[0].sense ? "sense stage (bitlines, zero detector, comparator)"
                     : d[0].unit[0] == 'c' ? "event counters" : "drive stage (word lines)");
  fprintf(c->out, "  %-12s: rising edge at %" PRIu64 " ns in the waves\n", "time",
          cycle * 10 + 5);
  /* Both the command of this cycle and the evaluation sensed in it (issued one cycle
   * earlier): counters and results change in the sense stage, the rest in the drive stage. */
  print_op_origin(c, "command", tnam_seq_issued_op(c->seq, cycle), cycle);
  size_t sensed = cycle ? tnam_seq_issued_op(c->seq, cycle - 1) : TNAM_SEQ_NONE;
  if (sensed != TNAM_SEQ_NONE && c->s->ops[sensed].kind == TNAM_OP_EVAL) {
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

int tnam_check_expects(const tnam_check_ctx_t *c, uint64_t cycle, size_t eval_op,
                       const tnam_out_t *out, const char *side) {
  const tnam_stream_t *s = c->s;
  const uint32_t index = s->ops[eval_op].arg;
  if (index == TNAM_NO_EXPECT) return 1;
  const tnam_expect_t *e = &s->expects[index];
  const unsigned cols = s->params.cols;
  const uint64_t colmask = cols == 64 ? ~0ULL : (1ULL << cols) - 1;
  const uint64_t dec_diff = e->line[TNAM_EXPECT_DEC] ? (out->dec & colmask) ^ e->dec : 0;
  const uint64_t gate_diff = e->line[TNAM_EXPECT_GATE] ? (out->gate & colmask) ^ e->gate : 0;
  const int check_mac = e->line[TNAM_EXPECT_MAC] != 0;
  if (!dec_diff && !gate_diff &&
      (!check_mac || memcmp(&s->mac_pool[e->mac], out->mac, cols * sizeof out->mac[0]) == 0))
    return 1;

  /* Report the first failing expectation in column order: mac, then dec, then gate. */
  for (unsigned col = 0; col < cols; col++) {
    int kind = -1;
    long long want = 0, got = 0;
    if (check_mac && s->mac_pool[e->mac + col] != out->mac[col]) {
      kind = TNAM_EXPECT_MAC;
      want = s->mac_pool[e->mac + col];
      got = out->mac[col];
    } else if ((dec_diff | gate_diff) >> col & 1) {
      kind = (dec_diff >> col & 1) ? TNAM_EXPECT_DEC : TNAM_EXPECT_GATE;
      uint64_t have = kind == TNAM_EXPECT_DEC ? out->dec : out->gate;
      want = (long long)(((kind == TNAM_EXPECT_DEC ? e->dec : e->gate) >> col) & 1);
      got = (long long)((have >> col) & 1);
    }
    if (kind < 0) continue;
    static const char *const what[] = {"dec (comparator decision)", "gate (zero detector)",
                                       "mac"};
    fprintf(c->out,
            "EXPECTATION FAILED at cycle %" PRIu64 ": column %u %s: stream expects %lld, %s gives "
            "%lld\n",
            cycle, col, what[kind], want, side, got);
    fprintf(c->out, "  %-12s: %s:%u\n", "expectation", s->path, e->line[kind]);
    print_op_origin(c, "evaluation", eval_op, cycle - 1);
    print_operands(c, s->ops[eval_op].bits, (int)col);
    print_trailer(c);
    return 0;
  }
  return 1;
}

int tnam_check_report_timing(const tnam_check_ctx_t *c, uint64_t cycle, int spurious,
                             size_t eval_op, const char *side) {
  if (spurious) {
    fprintf(c->out, "TIMING ERROR at cycle %" PRIu64 ": %s raised res_valid_o with no evaluation "
                    "in flight\n", cycle, side);
  } else {
    fprintf(c->out, "TIMING ERROR at cycle %" PRIu64 ": %s: the result of this evaluation was "
                    "due %d cycles after eval_i, in cycle %" PRIu64 "\n",
            cycle, side, TNAM_EVAL_LATENCY, cycle);
    print_op_origin(c, "evaluation", eval_op, cycle - 1);
  }
  print_trailer(c);
  return 0;
}
