// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The board back end: INFO check, reset STEP, then one STEP frame per chip cycle, every answer
 * checked (spec 13.4). The host never retries (decision D23). */
#define _POSIX_C_SOURCE 200809L
#include "tnam_board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tnam_proto.h"

typedef struct {
  tnam_board_cfg_t cfg;
  tnam_chip_params_t p;
  unsigned in_bytes, out_bytes;
  unsigned out_bits;          /* the rest of the OUT payload's last byte is padding */
  uint8_t seq;                /* of the last request */
  tnam_frame_rule_t rules[2]; /* the expected answer's type, and ERROR */
  tnam_dec_t dec;
  uint8_t *frame; /* a request being sent */
  uint8_t *vec;   /* an input vector */
  tnam_chip_out_t out;
  uint64_t steps;
  void (*where)(void *ctx, char *buf, size_t n);
  void *where_ctx;
  char err[768];
} board_t;

/* 1 .. 255, then 1 again: an ERROR frame's seq 0 ("the request did not get that far") never
 * names a real request. */
static uint8_t next_seq(board_t *bd) {
  bd->seq = (uint8_t)(bd->seq % 255u + 1u);
  return bd->seq;
}

/* The request in flight, for messages: "STEP seq 17 (cycle 12, x.tns line 40)". */
static void request_text(const board_t *bd, uint8_t type, const char *what, char *buf, size_t n) {
  char where[256] = "";
  if (what)
    snprintf(where, sizeof where, "%s", what);
  else if (bd->where)
    bd->where(bd->where_ctx, where, sizeof where);
  snprintf(buf, n, "%s seq %u%s%s%s", tnam_proto_type_name(type), bd->seq, where[0] ? " (" : "",
           where, where[0] ? ")" : "");
}

/* Milliseconds between two monotonic clock readings. */
static long ms_between(const struct timespec *a, const struct timespec *b) {
  return (b->tv_sec - a->tv_sec) * 1000L + (b->tv_nsec - a->tv_nsec) / 1000000L;
}

/* A run that ended mid-frame leaves bytes on the line: the rest of an answer, or the ERROR 4
 * the bridge sends 8192 bit times (71 ms at 115200) after a request stopped half way. They are
 * read and dropped until the line has been quiet for TNAM_QUIET_MS; a line that never goes
 * quiet (another program on the port, a wrong baud rate) is an error after TNAM_NOISY_MS.
 * 1, or 0 with bd->err. */
#define TNAM_QUIET_MS 100u
#define TNAM_NOISY_MS 2000L
static int wait_quiet(board_t *bd) {
  tnam_link_t *l = bd->cfg.link;
  uint8_t buf[256];
  char why[320];
  unsigned long dropped = 0;
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    const long r = l->read(l, buf, sizeof buf, TNAM_QUIET_MS, why, sizeof why);
    if (r == TNAM_LINK_TIMEOUT) return 1;
    if (r == TNAM_LINK_ERROR) {
      snprintf(bd->err, sizeof bd->err, "%s: before the first request: %s", l->name, why);
      return 0;
    }
    dropped += (unsigned long)r;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (ms_between(&t0, &t) > TNAM_NOISY_MS) {
      snprintf(bd->err, sizeof bd->err,
               "%s: the board sent %lu bytes in %ld ms without a request and does not stop "
               "(another program on the port, or a wrong baud rate?)",
               l->name, dropped, TNAM_NOISY_MS);
      return 0;
    }
  }
}

/* Sends one request and reads its answer of type `answer` into bd->dec. 1, or 0 with bd->err.
 * `what` names the request for messages (NULL: the where callback's cycle). */
static int exchange(board_t *bd, uint8_t type, const uint8_t *payload, uint16_t len, uint8_t answer,
                    uint16_t answer_len, const char *what) {
  tnam_link_t *l = bd->cfg.link;
  const uint8_t seq = next_seq(bd);
  char req[320], why[320];
  const size_t n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, type, seq, payload, len, bd->frame);
  bd->rules[0] = (tnam_frame_rule_t){answer, answer_len};
  bd->rules[1] = (tnam_frame_rule_t){TNAM_T_ERROR, 1};
  const tnam_dec_cfg_t dc = {
      .sync = TNAM_SYNC_TO_HOST, .hunt = 0, .rules = bd->rules, .n_rules = 2};
  tnam_dec_init(&bd->dec, &dc);
  if (!l->write(l, bd->frame, n, why, sizeof why)) goto fail;

  /* One deadline for the whole answer; never read past its end, so that a stray byte after it
   * is seen as the next answer's bad sync instead of being swallowed. */
  uint8_t buf[256];
  unsigned got = 0;
  const unsigned t0 = bd->cfg.timeout_ms;
  unsigned left = t0;
  for (;;) {
    unsigned want = tnam_dec_need(&bd->dec);
    if (want > sizeof buf) want = sizeof buf;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    const long r = l->read(l, buf, want, left, why, sizeof why);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (r == TNAM_LINK_ERROR) goto fail;
    if (r == TNAM_LINK_TIMEOUT) {
      if (got == 0)
        snprintf(why, sizeof why, "no answer within %u ms", t0);
      else
        snprintf(why, sizeof why,
                 "answer incomplete after %u ms: %u bytes, the frame needs %u more", t0, got,
                 tnam_dec_need(&bd->dec));
      goto fail;
    }
    const long spent = ms_between(&a, &b);
    left = spent >= (long)left ? 0 : left - (unsigned)spent;
    for (long i = 0; i < r; i++) {
      got++;
      const tnam_dec_status_t st = tnam_dec_feed(&bd->dec, buf[i]);
      if (st == TNAM_DEC_MORE) continue;
      if (st != TNAM_DEC_FRAME) {
        tnam_dec_describe(&bd->dec, st, why, sizeof why);
        goto fail;
      }
      if (bd->dec.type == TNAM_T_ERROR) {
        snprintf(why, sizeof why, "board reported: %s in request seq %u",
                 tnam_proto_error_text(bd->dec.payload[0]), bd->dec.seq);
        goto fail;
      }
      if (bd->dec.seq != seq) {
        snprintf(why, sizeof why, "the answer carries seq %u (a lost or repeated frame)",
                 bd->dec.seq);
        goto fail;
      }
      return 1;
    }
  }
fail:
  request_text(bd, type, what, req, sizeof req);
  snprintf(bd->err, sizeof bd->err, "%s: %s: %s", l->name, req, why);
  return 0;
}

/* An OUT answer's padding bits (after the last port, spec 13.2) must be 0: a frame with
 * others set is malformed, however good its CRC. 1, or 0 with bd->err. */
static int check_padding(board_t *bd, const char *what) {
  const uint8_t last = bd->dec.payload[bd->out_bytes - 1];
  const uint8_t pad = (uint8_t)(last & (0xFFu << (bd->out_bits - 8 * (bd->out_bytes - 1))));
  if (!pad) return 1;
  char req[320];
  request_text(bd, TNAM_T_STEP, what, req, sizeof req);
  snprintf(bd->err, sizeof bd->err,
           "%s: %s: malformed OUT frame: padding bits %u..%u of its last byte are 0x%02X, "
           "not 0",
           bd->cfg.link->name, req, bd->out_bits % 8, 7u, pad);
  return 0;
}

static const tnam_chip_out_t *board_step(tnam_backend_t *b, const tnam_chip_in_t *in) {
  board_t *bd = b->impl;
  /* A held edge needs no frame: the bridge holds the chip's ce_i at 0 between any two STEPs
   * (spec 13.4), so the board's chip has its held edges and its outputs are the last ones. */
  if (in->core.hold) return &bd->out;
  tnam_vec_pack_in(&bd->p, in, bd->vec);
  if (!exchange(bd, TNAM_T_STEP, bd->vec, (uint16_t)bd->in_bytes, TNAM_T_OUT,
                (uint16_t)bd->out_bytes, NULL) ||
      !check_padding(bd, NULL))
    return NULL;
  bd->steps++;
  tnam_vec_unpack_out(&bd->p, bd->dec.payload, &bd->out);
  return &bd->out;
}

static void board_free(board_t *bd) {
  if (!bd) return;
  free(bd->frame);
  free(bd->vec);
  free(bd);
}

static void board_close(tnam_backend_t *b) {
  board_free(b->impl);
  b->impl = NULL;
}

/* The INFO answer: magic, version, a configuration in range, the lengths this host computes
 * for it, and the expected configuration. 1, or 0 with err. */
static int check_info(board_t *bd, const uint8_t *a, char *err, size_t err_size) {
  const char *port = bd->cfg.link->name;
  if (memcmp(a, "TNAM", 4) != 0) {
    snprintf(err, err_size,
             "%s: the INFO answer starts %02X %02X %02X %02X, not 'TNAM': not a "
             "TNAM bridge",
             port, a[0], a[1], a[2], a[3]);
    return 0;
  }
  if (a[4] != TNAM_PROTO_VERSION) {
    snprintf(err, err_size, "%s: the board speaks protocol version %u, this host version %u", port,
             a[4], TNAM_PROTO_VERSION);
    return 0;
  }
  const unsigned rows = a[5] | (unsigned)a[6] << 8, cols = a[7], macros = a[8], tiles = a[9];
  const unsigned in_b = a[10] | (unsigned)a[11] << 8, out_b = a[12] | (unsigned)a[13] << 8;
  char board[160];
  snprintf(board, sizeof board, "rows %u cols %u macros %u tiles %u (IN_BYTES %u, OUT_BYTES %u)",
           rows, cols, macros, tiles, in_b, out_b);
  if (!tnam_chip_params_make(rows, cols, macros, tiles, &bd->p)) {
    snprintf(err, err_size, "%s: the board is %s, a configuration out of range", port, board);
    return 0;
  }
  const tnam_chip_params_t *e = bd->cfg.expect;
  if (e &&
      (e->core.rows != rows || e->core.cols != cols || e->macros != macros || e->tiles != tiles)) {
    snprintf(err, err_size, "%s: the board is %s, expected rows %u cols %u macros %u tiles %u",
             port, board, e->core.rows, e->core.cols, e->macros, e->tiles);
    return 0;
  }
  bd->in_bytes = tnam_vec_in_bytes(&bd->p);
  bd->out_bits = tnam_vec_out_bits(&bd->p);
  bd->out_bytes = (bd->out_bits + 7) / 8;
  if (in_b != bd->in_bytes || out_b != bd->out_bytes) {
    snprintf(err, err_size,
             "%s: the board is %s, but that configuration's vectors are IN_BYTES "
             "%u and OUT_BYTES %u here (bridge and host built from other port "
             "lists?)",
             port, board, bd->in_bytes, bd->out_bytes);
    return 0;
  }
  return 1;
}

/* The reset STEP's answer against a fresh golden model after one reset cycle: the first
 * differing bit, named by its port. 1 when equal, else 0 with err. */
static int check_reset(board_t *bd, const uint8_t *in_vec, char *err, size_t err_size) {
  tnam_chip_t *model = tnam_chip_new(&bd->p);
  uint8_t *want = malloc(bd->out_bytes);
  if (!model || !want) {
    tnam_chip_free(model);
    free(want);
    snprintf(err, err_size, "out of memory");
    return 0;
  }
  tnam_chip_in_t in;
  tnam_vec_unpack_in(&bd->p, in_vec, &in);
  tnam_vec_pack_out(&bd->p, tnam_chip_step(model, &in), want);
  const uint8_t *got = bd->dec.payload;
  int ok = 1;
  for (unsigned i = 0; ok && i < 8 * bd->out_bytes; i++) {
    const unsigned g = (got[i / 8] >> (i % 8)) & 1u, w = (want[i / 8] >> (i % 8)) & 1u;
    if (g == w) continue;
    unsigned lsb = 0;
    const char *name = tnam_vec_port_at(&bd->p, 1, i, &lsb);
    snprintf(err, err_size,
             "%s: the answer to the reset STEP differs from a fresh golden model's "
             "outputs after a reset cycle: %s bit %u is %u on the board, %u in "
             "the model (output vector bit %u)",
             bd->cfg.link->name, name ? name : "padding after the last port,", name ? i - lsb : i,
             g, w, i);
    ok = 0;
  }
  tnam_chip_free(model);
  free(want);
  return ok;
}

int tnam_board_open(tnam_backend_t *b, const tnam_board_cfg_t *cfg, char *err, size_t err_size) {
  board_t *bd = calloc(1, sizeof *bd);
  if (bd) bd->frame = malloc(TNAM_PROTO_MAX_PAYLOAD + TNAM_FRAME_OVERHEAD);
  if (!bd || !bd->frame) {
    board_free(bd);
    snprintf(err, err_size, "out of memory");
    return TNAM_EXIT_ABORTED;
  }
  bd->cfg = *cfg;
  int status = TNAM_EXIT_ABORTED;
  if (!wait_quiet(bd)) {
    snprintf(err, err_size, "%s", bd->err);
    goto fail;
  }
  if (!exchange(bd, TNAM_T_INFO, NULL, 0, TNAM_T_INFO_ANSWER, TNAM_INFO_BYTES,
                "asking what the board is")) {
    snprintf(err, err_size, "%s", bd->err);
    goto fail;
  }
  if (!check_info(bd, bd->dec.payload, err, err_size)) goto fail;
  bd->vec = calloc(bd->in_bytes, 1);
  if (!bd->vec) {
    snprintf(err, err_size, "out of memory");
    goto fail;
  }
  /* Every input 0: rst_ni low, so a board that ran before starts where a fresh model does. */
  if (!exchange(bd, TNAM_T_STEP, bd->vec, (uint16_t)bd->in_bytes, TNAM_T_OUT,
                (uint16_t)bd->out_bytes, "the reset cycle before the stream") ||
      !check_padding(bd, "the reset cycle before the stream")) {
    snprintf(err, err_size, "%s", bd->err);
    goto fail;
  }
  bd->steps++;
  if (!check_reset(bd, bd->vec, err, err_size)) {
    status = TNAM_EXIT_FAIL;
    goto fail;
  }
  b->name = "board";
  b->step = board_step;
  b->bind = NULL;
  b->close = board_close;
  b->impl = bd;
  return TNAM_EXIT_PASS;
fail:
  board_free(bd);
  return status;
}

const tnam_chip_params_t *tnam_board_params(const tnam_backend_t *b) {
  return &((const board_t *)b->impl)->p;
}

const char *tnam_board_error(const tnam_backend_t *b) { return ((const board_t *)b->impl)->err; }

void tnam_board_set_where(tnam_backend_t *b, void (*where)(void *ctx, char *buf, size_t n),
                          void *ctx) {
  board_t *bd = b->impl;
  bd->where = where;
  bd->where_ctx = ctx;
}

uint64_t tnam_board_steps(const tnam_backend_t *b) { return ((const board_t *)b->impl)->steps; }
