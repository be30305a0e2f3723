// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Board protocol: vectors in the port order of tnam_chip, CRC-16/CCITT-FALSE, frames. */
#include "tnam_proto.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tnam_ports.h"

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
 * One walk over the port list (tnam_ports.h, the order of rtl/tnam_chip.v's header) serves
 * packing, unpacking and naming: each port's elements are moved least significant first,
 * exactly where tnam_chip_ports.h puts them on the Verilated ports. */

typedef enum { WALK_PACK, WALK_UNPACK, WALK_FIND } walk_op_t;

typedef struct {
  walk_op_t op;
  uint8_t *buf;      /* the vector (pack: written, unpack: read; NULL for WALK_FIND) */
  unsigned pos;      /* next vector bit */
  unsigned find;     /* WALK_FIND: the bit whose port is wanted */
  const char *found; /* its port */
  unsigned found_lsb;
} walk_t;

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

/* Every port of one direction but the clock and its enable (clk_i, ce_i; spec 13.2): per macro
 * instance, per element, per 64-bit word. *chip is read when packing, written when unpacking
 * and not touched otherwise (NULL then). */
static void walk(walk_t *w, const tnam_chip_params_t *p, int dir, void *chip) {
  for (unsigned id = 0; id < TNAM_N_PORTS; id++) {
    const tnam_port_desc_t *d = &tnam_port_list[id];
    if (d->dir != dir || d->kind == TNAM_KIND_CLK || d->kind == TNAM_KIND_CE) continue;
    const unsigned lsb = w->pos, width = tnam_port_width(p, (tnam_port_id_t)id);
    const unsigned count = tnam_port_count(p, d), instances = tnam_port_instances(p, d);
    for (unsigned m = 0; m < instances; m++)
      for (unsigned i = 0; i < count; i++)
        for (unsigned k = 0; k * 64 < width; k++) {
          const unsigned n = width - k * 64 < 64 ? width - k * 64 : 64;
          uint64_t v = w->op == WALK_PACK ? tnam_port_get(d, chip, m, i, k) : 0;
          bits(w, &v, n);
          if (w->op == WALK_UNPACK) tnam_port_set(d, chip, m, i, k, n, v);
        }
    if (w->op == WALK_FIND && !w->found && w->find < w->pos) {
      w->found = d->name;
      w->found_lsb = lsb;
    }
  }
}

/* Packing and counting only read the struct (counting not even that: chip NULL). */
unsigned tnam_vec_in_bits(const tnam_chip_params_t *p) {
  walk_t w = {.op = WALK_FIND, .find = ~0u};
  walk(&w, p, TNAM_DIR_IN, NULL);
  return w.pos;
}

unsigned tnam_vec_out_bits(const tnam_chip_params_t *p) {
  walk_t w = {.op = WALK_FIND, .find = ~0u};
  walk(&w, p, TNAM_DIR_OUT, NULL);
  return w.pos;
}

unsigned tnam_vec_in_bytes(const tnam_chip_params_t *p) { return (tnam_vec_in_bits(p) + 7) / 8; }
unsigned tnam_vec_out_bytes(const tnam_chip_params_t *p) { return (tnam_vec_out_bits(p) + 7) / 8; }

void tnam_vec_pack_in(const tnam_chip_params_t *p, const tnam_chip_in_t *in, uint8_t *buf) {
  memset(buf, 0, tnam_vec_in_bytes(p));
  walk_t w = {.op = WALK_PACK, .buf = buf};
  walk(&w, p, TNAM_DIR_IN, (tnam_chip_in_t *)in);
}

void tnam_vec_unpack_in(const tnam_chip_params_t *p, const uint8_t *buf, tnam_chip_in_t *in) {
  memset(in, 0, sizeof *in);
  walk_t w = {.op = WALK_UNPACK, .buf = (uint8_t *)buf}; /* unpacking only reads buf */
  walk(&w, p, TNAM_DIR_IN, in);
}

void tnam_vec_pack_out(const tnam_chip_params_t *p, const tnam_chip_out_t *out, uint8_t *buf) {
  memset(buf, 0, tnam_vec_out_bytes(p));
  walk_t w = {.op = WALK_PACK, .buf = buf};
  walk(&w, p, TNAM_DIR_OUT, (tnam_chip_out_t *)out);
}

void tnam_vec_unpack_out(const tnam_chip_params_t *p, const uint8_t *buf, tnam_chip_out_t *out) {
  memset(out, 0, sizeof *out);
  walk_t w = {.op = WALK_UNPACK, .buf = (uint8_t *)buf};
  walk(&w, p, TNAM_DIR_OUT, out);
}

const char *tnam_vec_port_at(const tnam_chip_params_t *p, int out, unsigned bit, unsigned *lsb) {
  walk_t w = {.op = WALK_FIND, .find = bit};
  walk(&w, p, out ? TNAM_DIR_OUT : TNAM_DIR_IN, NULL);
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
