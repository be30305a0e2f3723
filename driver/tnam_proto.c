// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Board protocol: vectors in the port order of tnam_chip, CRC-16/CCITT-FALSE, frames. */
#include "tnam_proto.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *tnam_proto_error_text(unsigned code) {
  switch (code) {
    case TNAM_ERR_CRC: return "CRC mismatch";
    case TNAM_ERR_LENGTH: return "length not the one the type needs";
    case TNAM_ERR_TYPE: return "unknown type";
    case TNAM_ERR_TIMEOUT: return "timeout inside a frame";
    case TNAM_ERR_FRAMING: return "UART framing error";
    default: return "unknown error code";
  }
}

const char *tnam_proto_type_name(unsigned type) {
  static char buf[16];
  switch (type) {
    case TNAM_T_INFO: return "INFO";
    case TNAM_T_STEP: return "STEP";
    case TNAM_T_INFO_ANSWER: return "INFO answer";
    case TNAM_T_OUT: return "OUT";
    case TNAM_T_ERROR: return "ERROR";
    default: snprintf(buf, sizeof buf, "type 0x%02X", type & 0xFFu); return buf;
  }
}

/* ---- vectors ------------------------------------------------------------------------------
 * One walk over the ports, in the order of rtl/tnam_chip.v's header, serves packing, unpacking
 * and naming: each port is opened by name, then its bits are moved field by field, least
 * significant first, exactly where tnam_chip_ports.h puts them on the Verilated ports. */

typedef enum { WALK_PACK, WALK_UNPACK, WALK_FIND } walk_op_t;

typedef struct {
  walk_op_t op;
  uint8_t *buf;      /* the vector (pack: written, unpack: read; NULL for WALK_FIND) */
  unsigned pos;      /* next vector bit */
  unsigned find;     /* WALK_FIND: the bit whose port is wanted */
  const char *found; /* its port */
  unsigned found_lsb;
  const char *port; /* port being walked */
  unsigned port_lsb;
} walk_t;

static void port(walk_t *w, const char *name) {
  if (w->op == WALK_FIND && !w->found && w->port && w->find < w->pos) {
    w->found = w->port;
    w->found_lsb = w->port_lsb;
  }
  w->port = name;
  w->port_lsb = w->pos;
}

/* Moves the n low bits of *v (n <= 64). Unpacking fills *v with them, zero-extended. */
static void bits(walk_t *w, uint64_t *v, unsigned n) {
  if (w->op == WALK_PACK) {
    for (unsigned i = 0; i < n; i++)
      if ((*v >> i) & 1u) w->buf[(w->pos + i) / 8] |= (uint8_t)(1u << ((w->pos + i) % 8));
  } else if (w->op == WALK_UNPACK) {
    uint64_t x = 0;
    for (unsigned i = 0; i < n; i++)
      x |= (uint64_t)((w->buf[(w->pos + i) / 8] >> ((w->pos + i) % 8)) & 1u) << i;
    *v = x;
  }
  w->pos += n;
}

static void u32f(walk_t *w, uint32_t *v, unsigned n) {
  uint64_t x = *v;
  bits(w, &x, n);
  if (w->op == WALK_UNPACK) *v = (uint32_t)x;
}

/* A signed field: two's complement in n bits, sign-extended when unpacked. */
static void i32f(walk_t *w, int32_t *v, unsigned n) {
  uint64_t x = (uint32_t)*v;
  bits(w, &x, n);
  if (w->op == WALK_UNPACK) {
    const uint32_t sign = 1u << (n - 1);
    *v = (int32_t)(((uint32_t)x ^ sign) - sign);
  }
}

static void boolf(walk_t *w, bool *v) {
  uint64_t x = *v;
  bits(w, &x, 1);
  if (w->op == WALK_UNPACK) *v = x != 0;
}

/* n bits of a word array, word 0 first. */
static void words(walk_t *w, uint64_t *v, unsigned n) {
  for (unsigned k = 0; k * 64 < n; k++) bits(w, &v[k], n - k * 64 < 64 ? n - k * 64 : 64);
}

/* The input ports after clk_i, but ce_i (spec 13.2). */
static void walk_in(walk_t *w, const tnam_chip_params_t *cp, tnam_chip_in_t *in) {
  const tnam_params_t *p = &cp->core;
  tnam_in_t *c = &in->core;
  port(w, "rst_ni");
  boolf(w, &c->rst_n);
  port(w, "mask_i");
  u32f(w, &in->mask, cp->macros);
  port(w, "wr_en_i");
  boolf(w, &c->wr_en);
  port(w, "wr_row_i");
  u32f(w, &c->wr_row, p->raw);
  port(w, "wr_mag_i");
  bits(w, &c->wr_mag, p->cols);
  port(w, "wr_sign_i");
  bits(w, &c->wr_sign, p->cols);
  port(w, "thr_en_i");
  boolf(w, &c->thr_en);
  port(w, "thr_col_i");
  u32f(w, &c->thr_col, p->caw);
  port(w, "thr_i");
  i32f(w, &c->thr, p->vw);
  port(w, "cfg_en_i");
  boolf(w, &c->cfg_en);
  port(w, "cfg_mode_i");
  u32f(w, &c->cfg_mode, 2);
  port(w, "cfg_shift_i");
  u32f(w, &c->cfg_shift, 5);
  port(w, "cfg_test_i");
  boolf(w, &c->cfg_test);
  port(w, "cfg_select_i");
  boolf(w, &in->cfg_select);
  port(w, "bias_en_i");
  boolf(w, &c->bias_en);
  port(w, "bias_idx_i");
  u32f(w, &c->bias_idx, p->naw);
  port(w, "bias_i");
  i32f(w, &c->bias, p->bw);
  port(w, "trim_en_i");
  boolf(w, &c->trim_en);
  port(w, "trim_col_i");
  u32f(w, &c->trim_col, p->caw);
  port(w, "trim_i");
  i32f(w, &c->trim, p->ow);
  port(w, "health_en_i");
  boolf(w, &c->health_en);
  port(w, "health_row_i");
  u32f(w, &c->health_row, p->raw);
  port(w, "health_i");
  bits(w, &c->health, p->cols);
  port(w, "var_en_i");
  boolf(w, &c->var_en);
  port(w, "var_sel_i");
  u32f(w, &c->var_sel, 2);
  port(w, "var_addr_i");
  u32f(w, &c->var_addr, p->vaw);
  port(w, "var_data_i");
  bits(w, &c->var_data, p->vdw);
  port(w, "eval_i");
  boolf(w, &c->eval);
  port(w, "x_i");
  for (unsigned t = 0; t < cp->tiles; t++) words(w, in->x[t], p->rows);
  port(w, "act_i");
  for (unsigned t = 0; t < cp->tiles; t++) words(w, in->act[t], 4 * p->rows);
  port(w, "map_en_i");
  boolf(w, &in->map_en);
  port(w, "map_macro_i");
  u32f(w, &in->map_macro, cp->mw);
  port(w, "map_valid_i");
  boolf(w, &in->map_valid);
  port(w, "map_tile_i");
  u32f(w, &in->map_tile, cp->tw);
  port(w, "resid_en_i");
  boolf(w, &in->resid_en);
  port(w, "resid_macro_i");
  u32f(w, &in->resid_macro, cp->mw);
  port(w, "resid_i");
  u32f(w, &in->resid, TNAM_RSW);
  port(w, NULL);
}

/* One 32-bit counter port: macro m's at [m*32 +: 32]. */
#define CNT_PORT(name, field)                                       \
  do {                                                              \
    port(w, name);                                                  \
    for (unsigned m = 0; m < M; m++) u32f(w, &out->m[m].field, 32); \
  } while (0)

/* Every output port (spec 13.2): macro ports concatenated by macro, macro 0 least significant. */
static void walk_out(walk_t *w, const tnam_chip_params_t *cp, tnam_chip_out_t *out) {
  const tnam_params_t *p = &cp->core;
  const unsigned M = cp->macros, C = p->cols;
  port(w, "wl_valid_o");
  for (unsigned m = 0; m < M; m++) boolf(w, &out->m[m].wl_valid);
  port(w, "wl_o");
  for (unsigned m = 0; m < M; m++) words(w, out->m[m].wl, p->rows);
  port(w, "res_valid_o");
  for (unsigned m = 0; m < M; m++) boolf(w, &out->m[m].res_valid);
  port(w, "mac_o");
  for (unsigned m = 0; m < M; m++)
    for (unsigned c = 0; c < C; c++) i32f(w, &out->m[m].mac[c], p->vw);
  port(w, "gate_o");
  for (unsigned m = 0; m < M; m++) bits(w, &out->m[m].gate, C);
  port(w, "dec_o");
  for (unsigned m = 0; m < M; m++) bits(w, &out->m[m].dec, C);
  CNT_PORT("cnt_eval_o", cnt_eval);
  CNT_PORT("cnt_dec_o", cnt_dec);
  CNT_PORT("cnt_gated_o", cnt_gated);
  CNT_PORT("cnt_nzdrv_o", cnt_nzdrv);
  CNT_PORT("cnt_wr_o", cnt_wr);
  CNT_PORT("cnt_step_o", cnt_step);
  port(w, "busy_o");
  for (unsigned m = 0; m < M; m++) boolf(w, &out->m[m].busy);
  port(w, "done_o");
  for (unsigned m = 0; m < M; m++) boolf(w, &out->m[m].done);
  port(w, "sar_step_o");
  for (unsigned m = 0; m < M; m++) boolf(w, &out->m[m].sar_step);
  port(w, "sar_bit_o");
  for (unsigned m = 0; m < M; m++) u32f(w, &out->m[m].sar_bit, p->sbw);
  port(w, "sar_ref_o");
  for (unsigned m = 0; m < M; m++)
    for (unsigned c = 0; c < C; c++) i32f(w, &out->m[m].sar_ref[c], p->vw);
  port(w, "sar_q_o");
  for (unsigned m = 0; m < M; m++) bits(w, &out->m[m].sar_q, C);
  port(w, "sar_code_o");
  for (unsigned m = 0; m < M; m++)
    for (unsigned c = 0; c < C; c++) i32f(w, &out->m[m].sar_code[c], p->vw);
  port(w, "acc_o");
  for (unsigned m = 0; m < M; m++)
    for (unsigned j = 0; j < p->nn; j++) i32f(w, &out->m[m].acc[j], p->aw);
  port(w, "out_o");
  for (unsigned m = 0; m < M; m++)
    for (unsigned j = 0; j < p->nn; j++) u32f(w, &out->m[m].out[j], 4);
  port(w, "chip_busy_o");
  boolf(w, &out->busy);
  port(w, "chip_done_o");
  boolf(w, &out->done);
  port(w, "sel_o");
  for (unsigned t = 0; t < cp->tiles; t++) u32f(w, &out->sel[t], cp->mw);
  port(w, "sel_valid_o");
  u32f(w, &out->sel_valid, cp->tiles);
  port(w, "men_o");
  u32f(w, &out->men, M);
  port(w, "cnt_active_o");
  for (unsigned m = 0; m < M; m++) u32f(w, &out->cnt_active[m], 32);
  port(w, "map_valid_o");
  u32f(w, &out->map_valid, M);
  port(w, "map_tile_o");
  for (unsigned m = 0; m < M; m++) u32f(w, &out->map_tile[m], cp->tw);
  port(w, "resid_o");
  for (unsigned m = 0; m < M; m++) u32f(w, &out->resid[m], TNAM_RSW);
  port(w, NULL);
}

#undef CNT_PORT

/* The walks only read the struct when packing or counting: one scratch struct serves them so
 * that the walk needs no const and non-const twin. */
unsigned tnam_vec_in_bits(const tnam_chip_params_t *p) {
  static tnam_chip_in_t scratch;
  walk_t w = {.op = WALK_FIND, .find = ~0u};
  walk_in(&w, p, &scratch);
  return w.pos;
}

unsigned tnam_vec_out_bits(const tnam_chip_params_t *p) {
  static tnam_chip_out_t scratch;
  walk_t w = {.op = WALK_FIND, .find = ~0u};
  walk_out(&w, p, &scratch);
  return w.pos;
}

unsigned tnam_vec_in_bytes(const tnam_chip_params_t *p) { return (tnam_vec_in_bits(p) + 7) / 8; }
unsigned tnam_vec_out_bytes(const tnam_chip_params_t *p) { return (tnam_vec_out_bits(p) + 7) / 8; }

void tnam_vec_pack_in(const tnam_chip_params_t *p, const tnam_chip_in_t *in, uint8_t *buf) {
  tnam_chip_in_t copy = *in; /* the walk takes a mutable struct; packing only reads it */
  memset(buf, 0, tnam_vec_in_bytes(p));
  walk_t w = {.op = WALK_PACK, .buf = buf};
  walk_in(&w, p, &copy);
}

void tnam_vec_unpack_in(const tnam_chip_params_t *p, const uint8_t *buf, tnam_chip_in_t *in) {
  memset(in, 0, sizeof *in);
  walk_t w = {.op = WALK_UNPACK, .buf = (uint8_t *)buf}; /* unpacking only reads buf */
  walk_in(&w, p, in);
}

void tnam_vec_pack_out(const tnam_chip_params_t *p, const tnam_chip_out_t *out, uint8_t *buf) {
  static tnam_chip_out_t copy; /* 12 kB: not on the stack of every step */
  copy = *out;
  memset(buf, 0, tnam_vec_out_bytes(p));
  walk_t w = {.op = WALK_PACK, .buf = buf};
  walk_out(&w, p, &copy);
}

void tnam_vec_unpack_out(const tnam_chip_params_t *p, const uint8_t *buf, tnam_chip_out_t *out) {
  memset(out, 0, sizeof *out);
  walk_t w = {.op = WALK_UNPACK, .buf = (uint8_t *)buf};
  walk_out(&w, p, out);
}

const char *tnam_vec_port_at(const tnam_chip_params_t *p, int out, unsigned bit, unsigned *lsb) {
  static tnam_chip_in_t in_scratch;
  static tnam_chip_out_t out_scratch;
  walk_t w = {.op = WALK_FIND, .find = bit};
  if (out)
    walk_out(&w, p, &out_scratch);
  else
    walk_in(&w, p, &in_scratch);
  if (w.found && lsb) *lsb = w.found_lsb;
  return w.found;
}

/* ---- CRC and frames ------------------------------------------------------------------------ */

uint16_t tnam_crc16_update(uint16_t crc, uint8_t byte) {
  crc ^= (uint16_t)(byte << 8);
  for (int i = 0; i < 8; i++)
    crc = (uint16_t)(crc & 0x8000u ? (crc << 1u) ^ 0x1021u : (unsigned)crc << 1u);
  return crc;
}

uint16_t tnam_crc16(const uint8_t *data, size_t n) {
  uint16_t crc = 0xFFFFu;
  for (size_t i = 0; i < n; i++) crc = tnam_crc16_update(crc, data[i]);
  return crc;
}

size_t tnam_frame_encode(uint8_t sync, uint8_t type, uint8_t seq, const uint8_t *payload,
                         uint16_t len, uint8_t *out) {
  out[0] = sync;
  out[1] = type;
  out[2] = seq;
  out[3] = (uint8_t)(len & 0xFFu);
  out[4] = (uint8_t)(len >> 8);
  if (len) memcpy(out + 5, payload, len);
  const uint16_t crc = tnam_crc16(out + 1, 4u + len);
  out[5 + len] = (uint8_t)(crc & 0xFFu);
  out[6 + len] = (uint8_t)(crc >> 8);
  return len + TNAM_FRAME_OVERHEAD;
}

void tnam_dec_init(tnam_dec_t *d, const tnam_dec_cfg_t *cfg) {
  memset(d, 0, offsetof(tnam_dec_t, payload));
  d->cfg = *cfg;
  if (!cfg->rules && (d->cfg.max_len == 0 || d->cfg.max_len > TNAM_PROTO_MAX_PAYLOAD))
    d->cfg.max_len = TNAM_PROTO_MAX_PAYLOAD;
}

void tnam_dec_abort(tnam_dec_t *d) { d->got = 0; }

int tnam_dec_in_frame(const tnam_dec_t *d) { return d->got > 0; }

unsigned tnam_dec_need(const tnam_dec_t *d) {
  if (d->got < 5) return 5 - d->got;
  return 5u + d->len + 2u - d->got;
}

/* Ends the frame with an error: the decoder waits for the next sync byte. */
static tnam_dec_status_t fail(tnam_dec_t *d, tnam_dec_status_t st) {
  d->got = 0;
  return st;
}

tnam_dec_status_t tnam_dec_feed(tnam_dec_t *d, uint8_t byte) {
  if (d->got == 0) {
    if (byte != d->cfg.sync) {
      if (d->cfg.hunt) return TNAM_DEC_MORE;
      d->bad_byte = byte;
      d->seq_valid = 0;
      return TNAM_DEC_BAD_SYNC;
    }
    d->got = 1;
    d->seq_valid = 0;
    d->crc = 0xFFFFu;
    return TNAM_DEC_MORE;
  }
  const unsigned at = d->got++;
  if (at < 5 + (unsigned)d->len || at < 5) d->crc = tnam_crc16_update(d->crc, byte);
  if (at == 1) {
    d->type = byte;
    if (!d->cfg.rules) return TNAM_DEC_MORE;
    for (unsigned k = 0; k < d->cfg.n_rules; k++)
      if (d->cfg.rules[k].type == byte) return TNAM_DEC_MORE;
    return fail(d, TNAM_DEC_BAD_TYPE);
  }
  if (at == 2) {
    d->seq = byte;
    d->seq_valid = 1;
    return TNAM_DEC_MORE;
  }
  if (at == 3) {
    d->len = byte;
    return TNAM_DEC_MORE;
  }
  if (at == 4) {
    d->len = (uint16_t)(d->len | byte << 8);
    if (d->cfg.rules) {
      for (unsigned k = 0; k < d->cfg.n_rules; k++)
        if (d->cfg.rules[k].type == d->type) d->want_len = d->cfg.rules[k].len;
      if (d->len != d->want_len) return fail(d, TNAM_DEC_BAD_LEN);
    } else if (d->len > d->cfg.max_len) {
      d->want_len = (uint16_t)d->cfg.max_len;
      return fail(d, TNAM_DEC_BAD_LEN);
    }
    return TNAM_DEC_MORE;
  }
  if (at < 5u + d->len) {
    if (at - 5 < TNAM_PROTO_MAX_PAYLOAD) d->payload[at - 5] = byte;
    return TNAM_DEC_MORE;
  }
  if (at == 5u + d->len) {
    d->crc_rx = byte;
    return TNAM_DEC_MORE;
  }
  d->crc_rx = (uint16_t)(d->crc_rx | byte << 8);
  d->got = 0;
  return d->crc_rx == d->crc ? TNAM_DEC_FRAME : TNAM_DEC_BAD_CRC;
}

void tnam_dec_describe(const tnam_dec_t *d, tnam_dec_status_t st, char *buf, size_t n) {
  switch (st) {
    case TNAM_DEC_BAD_SYNC:
      snprintf(buf, n, "bad sync: first byte 0x%02X, not 0x%02X", d->bad_byte, d->cfg.sync);
      break;
    case TNAM_DEC_BAD_TYPE: snprintf(buf, n, "unknown frame type 0x%02X", d->type); break;
    case TNAM_DEC_BAD_LEN:
      if (d->cfg.rules)
        snprintf(buf, n, "%s frame of length %u, the type needs %u", tnam_proto_type_name(d->type),
                 d->len, d->want_len);
      else
        snprintf(buf, n, "frame length %u over the limit %u", d->len, d->want_len);
      break;
    case TNAM_DEC_BAD_CRC:
      snprintf(buf, n, "bad CRC: the frame carries 0x%04X, its bytes give 0x%04X", d->crc_rx,
               d->crc);
      break;
    default: snprintf(buf, n, "no error"); break;
  }
}
