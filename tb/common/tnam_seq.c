/* Stream sequencer: one port-level input set per cycle, evaluations tracked to their result. */
#include "tnam_seq.h"

#include <string.h>

void tnam_seq_init(tnam_seq_t *q, const tnam_stream_t *s) {
  memset(q, 0, sizeof *q);
  q->s = s;
  q->cur_op = TNAM_SEQ_NONE;
  q->drain_left = TNAM_EVAL_LATENCY;
  q->cycle = UINT64_MAX; /* the first tnam_seq_next() prepares cycle 0 */
  tnam_prng_seed(&q->noise, 0x6e6f697365ULL);
  q->max_latency = 2 + TNAM_Q4_PLANES * s->params.steps;
}

static uint64_t low_mask(unsigned bits) { return bits >= 64 ? ~0ULL : (1ULL << bits) - 1; }

/* Don't-care values within each port's width (a Verilated port must not see bits above it). */
static void fill_noise(tnam_seq_t *q, tnam_in_t *in) {
  const tnam_params_t *p = &q->s->params;
  tnam_prng_t *g = &q->noise;
  in->wr_row = (uint32_t)(tnam_prng_next(g) & low_mask(p->raw));
  in->wr_mag = tnam_prng_next(g) & low_mask(p->cols);
  in->wr_sign = tnam_prng_next(g) & low_mask(p->cols);
  in->thr_col = (uint32_t)(tnam_prng_next(g) & low_mask(p->caw));
  in->thr = (int32_t)(tnam_prng_next(g) & low_mask(p->vw));
  for (unsigned w = 0; w < TNAM_ROW_WORDS; w++)
    in->x[w] = w * 64 < p->rows ? tnam_prng_next(g) & low_mask(p->rows - w * 64) : 0;
  for (unsigned w = 0; w < TNAM_ACT_WORDS; w++)
    in->act[w] = w * 16 < p->rows ? tnam_prng_next(g) & low_mask(4 * (p->rows - w * 16)) : 0;
  const uint64_t r = tnam_prng_next(g);
  in->cfg_mode = (uint32_t)(r & 3);
  in->cfg_shift = (uint32_t)(r >> 2) & TNAM_SHIFT_MAX;
  in->bias_idx = (uint32_t)((r >> 7) & low_mask(p->naw));
  in->bias = (int32_t)((r >> 16) & low_mask(p->bw));
}

/* A cycle in which the macro is busy: every enable is random too (spec section 10 says
 * they are all ignored). The reset stays inactive. */
static void fill_busy_noise(tnam_seq_t *q, tnam_in_t *in) {
  const uint64_t r = tnam_prng_next(&q->noise);
  in->wr_en = r & 1;
  in->thr_en = (r >> 1) & 1;
  in->eval = (r >> 2) & 1;
  in->cfg_en = (r >> 3) & 1;
  in->bias_en = (r >> 4) & 1;
}

int tnam_seq_next(tnam_seq_t *q, tnam_in_t *in, int busy) {
  const tnam_stream_t *s = q->s;
  memset(in, 0, sizeof *in);
  fill_noise(q, in);
  in->rst_n = 1;
  /* Commands wait for a running multi-level operation; a reset or idle op already under way
   * cannot meet one (only an evaluation starts one). */
  if (busy && q->repeat_left == 0 && (q->next_op < s->n_ops || q->drain_left > 0)) {
    fill_busy_noise(q, in);
    q->stall++;
    q->cycle++;
    q->issued_op[q->cycle % 4] = TNAM_SEQ_NONE;
    return 1;
  }
  q->stall = 0;
  if (q->repeat_left == 0) {
    if (q->next_op == s->n_ops) {
      q->cur_op = TNAM_SEQ_NONE;
      if (q->drain_left == 0) return 0;
      q->drain_left--;
      q->cycle++;
      q->issued_op[q->cycle % 4] = TNAM_SEQ_NONE;
      return 1;
    }
    q->cur_op = q->next_op++;
    const uint32_t kind = s->ops[q->cur_op].kind;
    q->repeat_left = kind == TNAM_OP_RESET || kind == TNAM_OP_IDLE ? s->ops[q->cur_op].arg : 1;
  }
  q->repeat_left--;
  q->cycle++;
  q->issued_op[q->cycle % 4] = q->cur_op;

  const tnam_op_t *op = &s->ops[q->cur_op];
  switch (op->kind) {
    case TNAM_OP_RESET:
      in->rst_n = 0;
      q->fifo_count = 0; /* the reset clears the pipeline: nothing in flight survives */
      break;
    case TNAM_OP_WRITE:
      in->wr_en = 1;
      in->wr_row = op->arg;
      in->wr_mag = op->mag;
      in->wr_sign = op->sign;
      break;
    case TNAM_OP_THR:
      in->thr_en = 1;
      in->thr_col = op->arg;
      in->thr = op->value;
      break;
    case TNAM_OP_MODE:
      in->cfg_en = 1;
      in->cfg_mode = op->arg;
      in->cfg_shift = (uint32_t)op->value;
      break;
    case TNAM_OP_BIAS:
      in->bias_en = 1;
      in->bias_idx = op->arg;
      in->bias = op->value;
      break;
    case TNAM_OP_EVAL:
    case TNAM_OP_LEVEL:
    case TNAM_OP_Q4: {
      in->eval = 1;
      if (op->kind == TNAM_OP_Q4) memcpy(in->act, tnam_op_act(s, op), sizeof in->act);
      else memcpy(in->x, op->bits, sizeof in->x);
      unsigned tail = (q->fifo_head + q->fifo_count) % TNAM_SEQ_FIFO;
      q->fifo_op[tail] = q->cur_op;
      q->fifo_cycle[tail] = q->cycle;
      q->fifo_count++; /* at most TNAM_EVAL_LATENCY are ever in flight */
      break;
    }
    default: break;
  }
  return 1;
}

tnam_retire_t tnam_seq_retire(tnam_seq_t *q, const tnam_out_t *out, size_t *eval_op,
                              uint64_t *latency) {
  if (q->stall > q->max_latency) return TNAM_RETIRE_STUCK;
  const int have = q->fifo_count > 0;
  const size_t head = have ? q->fifo_op[q->fifo_head] : TNAM_SEQ_NONE;
  const int head_ml = have && tnam_op_is_multilevel(q->s->ops[head].kind);
  /* Cycles from the head's eval_i to the cycle in which these outputs are visible. */
  const uint64_t age = have ? q->cycle + 1 - q->fifo_cycle[q->fifo_head] : 0;
  *eval_op = head;
  if (!out->res_valid && !out->done) {
    /* A result overdue by a cycle is as wrong as a spurious one. */
    if (have && age >= (head_ml ? q->max_latency : TNAM_EVAL_LATENCY)) return TNAM_RETIRE_LATE_EARLY;
    return TNAM_RETIRE_NONE;
  }
  /* Exactly one result of the kind the oldest evaluation in flight gives. */
  if (!have || (out->res_valid && out->done) || (out->done != head_ml))
    return TNAM_RETIRE_SPURIOUS;
  q->fifo_head = (q->fifo_head + 1) % TNAM_SEQ_FIFO;
  q->fifo_count--;
  *latency = age;
  return head_ml || age == TNAM_EVAL_LATENCY ? TNAM_RETIRE_OK : TNAM_RETIRE_LATE_EARLY;
}

size_t tnam_seq_issued_op(const tnam_seq_t *q, uint64_t cycle) {
  if (cycle > q->cycle || q->cycle - cycle >= 4) return TNAM_SEQ_NONE;
  return q->issued_op[cycle % 4];
}

size_t tnam_seq_pending_eval(const tnam_seq_t *q) {
  return q->fifo_count ? q->fifo_op[q->fifo_head] : TNAM_SEQ_NONE;
}
