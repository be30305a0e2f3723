// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The board's UART bridge (spec 13.3) in C, in front of a tnam_chip golden model. */
#include <stdlib.h>
#include <string.h>

#include "tnam_link.h"
#include "tnam_proto.h"

struct tnam_bridge {
  tnam_chip_params_t p;
  tnam_chip_t *chip;
  unsigned in_bytes, out_bytes;
  tnam_frame_rule_t rules[2];
  tnam_dec_t dec;
  uint8_t *in_reg;  /* the input register: STEP payload bytes land here as they arrive */
  uint8_t *out_vec; /* the output ports, read when an OUT frame is sent */
  uint8_t *frame;   /* an answer being encoded */
  uint8_t *txq;     /* answers not yet read by the host */
  size_t tx_head, tx_len, tx_cap;
  uint64_t steps;
  /* The RTL bridge drops every byte that arrives while it sends an answer: it hunts again
   * when it hands the answer's last byte to its transmitter. In byte times on a line that
   * carries bytes back to back, that is `busy` more bytes; the host's reading bytes of the
   * answer shows that time has passed (until tx_taken reaches busy_until). */
  size_t busy;
  uint64_t tx_taken, tx_queued, busy_until;
};

tnam_bridge_t *tnam_bridge_new(const tnam_chip_params_t *p) {
  tnam_bridge_t *br = calloc(1, sizeof *br);
  if (!br) return NULL;
  br->p = *p;
  br->in_bytes = tnam_vec_in_bytes(p);
  br->out_bytes = tnam_vec_out_bytes(p);
  br->chip = tnam_chip_new(p);
  br->in_reg = calloc(br->in_bytes, 1);
  br->out_vec = calloc(br->out_bytes, 1);
  br->frame = malloc(br->out_bytes + TNAM_FRAME_OVERHEAD);
  if (!br->chip || !br->in_reg || !br->out_vec || !br->frame ||
      br->out_bytes > TNAM_PROTO_MAX_PAYLOAD) {
    tnam_bridge_free(br);
    return NULL;
  }
  br->rules[0] = (tnam_frame_rule_t){TNAM_T_INFO, 0};
  br->rules[1] = (tnam_frame_rule_t){TNAM_T_STEP, (uint16_t)br->in_bytes};
  const tnam_dec_cfg_t cfg = {
      .sync = TNAM_SYNC_TO_BOARD, .hunt = 1, .rules = br->rules, .n_rules = 2};
  tnam_dec_init(&br->dec, &cfg);
  return br;
}

void tnam_bridge_free(tnam_bridge_t *br) {
  if (!br) return;
  tnam_chip_free(br->chip);
  free(br->in_reg);
  free(br->out_vec);
  free(br->frame);
  free(br->txq);
  free(br);
}

/* Queues one answer frame. */
static void send(tnam_bridge_t *br, uint8_t type, uint8_t seq, const uint8_t *payload,
                 uint16_t len) {
  const size_t n = tnam_frame_encode(TNAM_SYNC_TO_HOST, type, seq, payload, len, br->frame);
  if (br->tx_head > 0) { /* compact: read bytes are gone */
    memmove(br->txq, br->txq + br->tx_head, br->tx_len);
    br->tx_head = 0;
  }
  if (br->tx_len + n > br->tx_cap) {
    size_t cap = br->tx_cap ? br->tx_cap : 256;
    while (cap < br->tx_len + n) cap *= 2;
    uint8_t *q = realloc(br->txq, cap);
    if (!q) abort(); /* a few kB: the host reads every answer before the next request */
    br->txq = q;
    br->tx_cap = cap;
  }
  memcpy(br->txq + br->tx_len, br->frame, n);
  br->tx_len += n;
  br->tx_queued += n;
  /* Answers are sent only when not busy, so this is the only answer in flight. */
  br->busy = n - 1;
  br->busy_until = br->tx_queued - 1;
}

/* One byte time on the receiving line: 1 when the bridge is sending and drops the byte. */
static int dropped(tnam_bridge_t *br) {
  if (!br->busy) return 0;
  br->busy--;
  return 1;
}

/* An ERROR frame: it echoes the request's sequence number when the frame got that far. */
static void send_error(tnam_bridge_t *br, uint8_t code) {
  send(br, TNAM_T_ERROR, br->dec.seq_valid ? br->dec.seq : 0, &code, 1);
}

static void carry_out(tnam_bridge_t *br) {
  const tnam_dec_t *d = &br->dec;
  if (d->type == TNAM_T_INFO) {
    const tnam_params_t *c = &br->p.core;
    const uint8_t info[TNAM_INFO_BYTES] = {'T',
                                           'N',
                                           'A',
                                           'M',
                                           TNAM_PROTO_VERSION,
                                           (uint8_t)(c->rows & 0xFFu),
                                           (uint8_t)(c->rows >> 8),
                                           (uint8_t)c->cols,
                                           (uint8_t)br->p.macros,
                                           (uint8_t)br->p.tiles,
                                           (uint8_t)(br->in_bytes & 0xFFu),
                                           (uint8_t)(br->in_bytes >> 8),
                                           (uint8_t)(br->out_bytes & 0xFFu),
                                           (uint8_t)(br->out_bytes >> 8)};
    send(br, TNAM_T_INFO_ANSWER, d->seq, info, TNAM_INFO_BYTES);
    return;
  }
  /* STEP: the register drives the chip (rst_ni through its flip-flop, taken only now) for one
   * enabled clock; the outputs after that edge are the answer. */
  tnam_chip_in_t in;
  tnam_vec_unpack_in(&br->p, br->in_reg, &in);
  tnam_vec_pack_out(&br->p, tnam_chip_step(br->chip, &in), br->out_vec);
  br->steps++;
  send(br, TNAM_T_OUT, d->seq, br->out_vec, (uint16_t)br->out_bytes);
}

void tnam_bridge_rx(tnam_bridge_t *br, uint8_t byte) {
  if (dropped(br)) return;
  tnam_dec_t *d = &br->dec;
  const unsigned at = d->got; /* this byte's index in the frame */
  const tnam_dec_status_t st = tnam_dec_feed(d, byte);
  /* A STEP payload byte goes straight into the input register, good frame or not: the chip
   * does not sample it until a good STEP is carried out. */
  if (st == TNAM_DEC_MORE && at >= 5 && d->type == TNAM_T_STEP && at - 5 < br->in_bytes)
    br->in_reg[at - 5] = byte;
  switch (st) {
    case TNAM_DEC_FRAME: carry_out(br); break;
    case TNAM_DEC_BAD_TYPE: send_error(br, TNAM_ERR_TYPE); break;
    case TNAM_DEC_BAD_LEN: send_error(br, TNAM_ERR_LENGTH); break;
    case TNAM_DEC_BAD_CRC: send_error(br, TNAM_ERR_CRC); break;
    default: break; /* MORE; BAD_SYNC does not happen while hunting */
  }
}

void tnam_bridge_rx_framing_error(tnam_bridge_t *br) {
  if (dropped(br)) return;
  if (!tnam_dec_in_frame(&br->dec)) return; /* outside a frame it is one more discarded byte */
  tnam_dec_abort(&br->dec);
  send_error(br, TNAM_ERR_FRAMING);
}

void tnam_bridge_idle(tnam_bridge_t *br) {
  br->busy = 0; /* 8192 bit times: any answer has been sent */
  if (!tnam_dec_in_frame(&br->dec)) return;
  tnam_dec_abort(&br->dec);
  send_error(br, TNAM_ERR_TIMEOUT);
}

size_t tnam_bridge_tx(tnam_bridge_t *br, uint8_t *buf, size_t n) {
  if (n > br->tx_len) n = br->tx_len;
  if (n == 0) return 0; /* txq may still be NULL */
  memcpy(buf, br->txq + br->tx_head, n);
  br->tx_head += n;
  br->tx_len -= n;
  /* The host holds answer bytes up to tx_taken: they have been sent. */
  br->tx_taken += n;
  const uint64_t left = br->tx_taken >= br->busy_until ? 0 : br->busy_until - br->tx_taken;
  if (left < br->busy) br->busy = (size_t)left;
  return n;
}

size_t tnam_bridge_tx_pending(const tnam_bridge_t *br) { return br->tx_len; }

uint64_t tnam_bridge_steps(const tnam_bridge_t *br) { return br->steps; }

/* ---- the bridge model as a link ------------------------------------------------------------ */

static int bridge_write(tnam_link_t *l, const uint8_t *buf, size_t n, char *err, size_t err_size) {
  (void)err;
  (void)err_size;
  for (size_t i = 0; i < n; i++) tnam_bridge_rx(l->impl, buf[i]);
  return 1;
}

/* Nothing more comes from the host while it waits for an answer: an unfinished frame times
 * out. A model with nothing to say is a silent board: the deadline passes at once. */
static long bridge_read(tnam_link_t *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err,
                        size_t err_size) {
  (void)timeout_ms;
  (void)err;
  (void)err_size;
  tnam_bridge_t *br = l->impl;
  if (tnam_bridge_tx_pending(br) == 0) tnam_bridge_idle(br);
  return (long)tnam_bridge_tx(br, buf, n);
}

static void bridge_close(tnam_link_t *l) {
  tnam_bridge_free(l->impl);
  l->impl = NULL;
}

int tnam_bridge_link_open(tnam_link_t *l, const tnam_chip_params_t *p, char *err, size_t err_size) {
  memset(l, 0, sizeof *l);
  l->impl = tnam_bridge_new(p);
  if (!l->impl) {
    snprintf(err, err_size, "out of memory for the model board");
    return 0;
  }
  l->name = "model board";
  l->write = bridge_write;
  l->read = bridge_read;
  l->close = bridge_close;
  return 1;
}

tnam_bridge_t *tnam_bridge_link_bridge(tnam_link_t *l) { return l->impl; }
