// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the board protocol: vectors, CRC, frames, the bridge model, the board back end
 * with injected link faults, and the serial link on a pseudo-terminal. */
#define _XOPEN_SOURCE 600 /* posix_openpt, grantpt, unlockpt, ptsname */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tnam_board.h"
#include "tnam_check.h"
#include "tnam_link.h"
#include "tnam_prng.h"
#include "tnam_proto.h"
#include "tnam_run.h"

static tnam_chip_params_t chip(unsigned rows, unsigned cols, unsigned macros, unsigned tiles) {
  tnam_chip_params_t p;
  assert_true(tnam_chip_params_make(rows, cols, macros, tiles, &p));
  return p;
}

/* Configurations of the round trips: the two boards, the simulated chips, the extremes. */
static const unsigned configs[][4] = {{8, 6, 2, 1}, {16, 6, 2, 1},   {64, 16, 4, 2}, {8, 4, 4, 2},
                                      {2, 3, 1, 1}, {256, 64, 8, 4}, {100, 17, 3, 3}};
#define N_CONFIGS (sizeof configs / sizeof configs[0])

static unsigned bit_of(const uint8_t *v, unsigned i) { return (v[i / 8] >> (i % 8)) & 1u; }

static void test_crc_check_value(void **state) {
  (void)state;
  assert_int_equal(tnam_crc16((const uint8_t *)"123456789", 9), 0x29B1);
  assert_int_equal(tnam_crc16(NULL, 0), 0xFFFF);
}

/* Lengths of spec 13.2 and named fields at the positions the port order gives, by hand. */
static void test_vector_layout(void **state) {
  (void)state;
  const tnam_chip_params_t p = chip(8, 6, 2, 1);
  assert_int_equal(tnam_vec_in_bits(&p), 140);
  assert_int_equal(tnam_vec_out_bits(&p), 862);
  assert_int_equal(tnam_vec_in_bytes(&p), 18);
  assert_int_equal(tnam_vec_out_bytes(&p), 108);
  const tnam_chip_params_t q = chip(16, 6, 2, 1);
  assert_int_equal(tnam_vec_in_bytes(&q), 24);
  assert_int_equal(tnam_vec_out_bytes(&q), 115);

  uint8_t v[32];
  tnam_chip_in_t in;
  memset(&in, 0, sizeof in);
  in.core.rst_n = true;
  tnam_vec_pack_in(&p, &in, v);
  assert_int_equal(v[0], 0x01); /* rst_ni at bit 0 */
  in.core.rst_n = false;
  in.mask = 1; /* mask_i[0] at bit 1 */
  tnam_vec_pack_in(&p, &in, v);
  assert_int_equal(v[0], 0x02);
  in.mask = 2;
  in.core.wr_en = true; /* wr_en_i after the M = 2 mask bits: bit 3 */
  tnam_vec_pack_in(&p, &in, v);
  assert_int_equal(v[0], 0x04 | 0x08);
  memset(&in, 0, sizeof in);
  in.core.wr_row = 5; /* wr_row_i: 3 bits at 4 */
  tnam_vec_pack_in(&p, &in, v);
  assert_int_equal(v[0], 5u << 4);
  memset(&in, 0, sizeof in);
  in.resid = 0x80; /* resid_i's top bit is the vector's last bit */
  tnam_vec_pack_in(&p, &in, v);
  assert_int_equal(bit_of(v, 139), 1);
  for (unsigned i = 0; i < 139; i++) assert_int_equal(bit_of(v, i), 0);
  assert_int_equal(v[17] >> 4, 0); /* padding */

  unsigned lsb;
  assert_string_equal(tnam_vec_port_at(&p, 0, 0, &lsb), "rst_ni");
  assert_string_equal(tnam_vec_port_at(&p, 0, 2, &lsb), "mask_i");
  assert_int_equal(lsb, 1);
  assert_string_equal(tnam_vec_port_at(&p, 0, 139, &lsb), "resid_i");
  assert_int_equal(lsb, 132);
  /* Summed by hand from the header: eval_i at 85, then x_i (8 bits), act_i (32 bits). */
  assert_string_equal(tnam_vec_port_at(&p, 0, 85, &lsb), "eval_i");
  assert_string_equal(tnam_vec_port_at(&p, 0, 86, &lsb), "x_i");
  assert_int_equal(lsb, 86);
  assert_string_equal(tnam_vec_port_at(&p, 0, 125, &lsb), "act_i");
  assert_int_equal(lsb, 94);
  assert_string_equal(tnam_vec_port_at(&p, 0, 126, &lsb), "map_en_i");
  assert_null(tnam_vec_port_at(&p, 0, 140, &lsb));
  /* Outputs: wl_valid_o at 0 (M bits), wl_o at 2 (M*R), res_valid_o at 18, mac_o at 20. */
  assert_string_equal(tnam_vec_port_at(&p, 1, 0, &lsb), "wl_valid_o");
  assert_string_equal(tnam_vec_port_at(&p, 1, 2, &lsb), "wl_o");
  assert_string_equal(tnam_vec_port_at(&p, 1, 18, &lsb), "res_valid_o");
  assert_string_equal(tnam_vec_port_at(&p, 1, 20, &lsb), "mac_o");
  assert_string_equal(tnam_vec_port_at(&p, 1, 861, &lsb), "resid_o");
  assert_int_equal(lsb, 862 - 16);

  tnam_chip_out_t out;
  memset(&out, 0, sizeof out);
  uint8_t o[128];
  out.m[1].mac[2] = -1; /* macro 1 column 2: at mac_o + (1*6 + 2) * VW(7) */
  tnam_vec_pack_out(&p, &out, o);
  for (unsigned i = 0; i < 862; i++) assert_int_equal(bit_of(o, i), i >= 76 && i < 83);
  memset(&out, 0, sizeof out);
  out.m[1].wl_valid = true; /* wl_valid_o[1] */
  out.resid[1] = 0x80;      /* the last bit */
  tnam_vec_pack_out(&p, &out, o);
  assert_int_equal(o[0], 0x02);
  assert_int_equal(bit_of(o, 861), 1);
  tnam_chip_out_t back;
  tnam_vec_unpack_out(&p, o, &back);
  assert_true(back.m[1].wl_valid);
  assert_int_equal(back.resid[1], 0x80);
}

/* Random vectors -> struct -> vector is the identity (every bit has a field and back), and
 * random structs -> vector -> struct keeps every field to its port's width. */
static void test_vector_round_trips(void **state) {
  (void)state;
  tnam_prng_t g;
  tnam_prng_seed(&g, 7);
  static tnam_chip_in_t in, in2;
  static tnam_chip_out_t out, out2;
  static uint8_t v[TNAM_PROTO_MAX_PAYLOAD], w[TNAM_PROTO_MAX_PAYLOAD];
  for (size_t k = 0; k < N_CONFIGS; k++) {
    const tnam_chip_params_t p = chip(configs[k][0], configs[k][1], configs[k][2], configs[k][3]);
    const unsigned ib = tnam_vec_in_bits(&p), ob = tnam_vec_out_bits(&p);
    assert_true(tnam_vec_out_bytes(&p) <= TNAM_PROTO_MAX_PAYLOAD);
    for (int rep = 0; rep < 20; rep++) {
      for (unsigned i = 0; i < sizeof v; i++) v[i] = (uint8_t)tnam_prng_next(&g);
      v[ib / 8] &= (uint8_t)((1u << (ib % 8)) - 1u); /* padding is 0 */
      tnam_vec_unpack_in(&p, v, &in);
      tnam_vec_pack_in(&p, &in, w);
      assert_memory_equal(v, w, tnam_vec_in_bytes(&p));
      tnam_vec_unpack_in(&p, w, &in2);
      assert_memory_equal(&in, &in2, sizeof in);

      for (unsigned i = 0; i < sizeof v; i++) v[i] = (uint8_t)tnam_prng_next(&g);
      v[ob / 8] &= (uint8_t)((1u << (ob % 8)) - 1u);
      tnam_vec_unpack_out(&p, v, &out);
      tnam_vec_pack_out(&p, &out, w);
      assert_memory_equal(v, w, tnam_vec_out_bytes(&p));
      tnam_vec_unpack_out(&p, w, &out2);
      assert_memory_equal(&out, &out2, sizeof out);
      /* Signed outputs come back sign-extended, as tnam_chip_ports.h samples them. */
      const int32_t top = 1 << (p.core.vw - 1);
      for (unsigned m = 0; m < p.macros; m++)
        for (unsigned c = 0; c < p.core.cols; c++)
          assert_in_range(out.m[m].mac[c] + top, 0, 2 * top - 1);
    }
    /* Fields with bits above their ports' widths: each comes back as its low bits. */
    memset(&in, 0, sizeof in);
    in.core.rst_n = tnam_prng_next(&g) & 1u;
    in.mask = (uint32_t)tnam_prng_next(&g);
    in.core.wr_row = (uint32_t)tnam_prng_next(&g);
    in.core.thr = (int32_t)(uint32_t)tnam_prng_next(&g);
    in.resid = (uint32_t)tnam_prng_next(&g);
    for (unsigned t = 0; t < TNAM_MAX_TILES; t++)
      for (unsigned i = 0; i < TNAM_ROW_WORDS; i++) in.x[t][i] = tnam_prng_next(&g);
    tnam_vec_pack_in(&p, &in, v);
    tnam_vec_unpack_in(&p, v, &in2);
    assert_int_equal(in2.core.rst_n, in.core.rst_n);
    assert_int_equal(in2.mask, in.mask & ((1u << p.macros) - 1u));
    assert_int_equal(in2.core.wr_row, in.core.wr_row & ((1u << p.core.raw) - 1u));
    assert_int_equal((uint32_t)in2.core.thr & ((1u << p.core.vw) - 1u),
                     (uint32_t)in.core.thr & ((1u << p.core.vw) - 1u));
    assert_int_equal(in2.resid, in.resid & 0xFFu);
    for (unsigned t = 0; t < p.tiles; t++)
      for (unsigned r = 0; r < p.core.rows; r++)
        assert_int_equal((in2.x[t][r / 64] >> (r % 64)) & 1u, (in.x[t][r / 64] >> (r % 64)) & 1u);
  }
}

/* The golden model's outputs of a random run survive the vector exactly. */
static void test_vector_carries_model_outputs(void **state) {
  (void)state;
  const tnam_chip_params_t p = chip(16, 6, 4, 2);
  tnam_chip_t *c = tnam_chip_new(&p);
  assert_non_null(c);
  tnam_prng_t g;
  tnam_prng_seed(&g, 3);
  static uint8_t v[TNAM_PROTO_MAX_PAYLOAD], iv[TNAM_PROTO_MAX_PAYLOAD];
  static tnam_chip_out_t back;
  tnam_chip_in_t in;
  for (int cyc = 0; cyc < 400; cyc++) {
    for (unsigned i = 0; i < sizeof iv; i++) iv[i] = (uint8_t)tnam_prng_next(&g);
    tnam_vec_unpack_in(&p, iv, &in);
    in.core.rst_n = cyc > 0;
    const tnam_chip_out_t *o = tnam_chip_step(c, &in);
    tnam_vec_pack_out(&p, o, v);
    tnam_vec_unpack_out(&p, v, &back);
    assert_true(tnam_chip_outputs_equal(o, &back, &p));
  }
  tnam_chip_free(c);
}

/* ---- decoder --------------------------------------------------------------------------- */

static tnam_dec_status_t feed_all(tnam_dec_t *d, const uint8_t *b, size_t n, size_t *used) {
  for (size_t i = 0; i < n; i++) {
    const tnam_dec_status_t st = tnam_dec_feed(d, b[i]);
    if (st != TNAM_DEC_MORE) {
      *used = i + 1;
      return st;
    }
  }
  *used = n;
  return TNAM_DEC_MORE;
}

static void test_decoder_errors(void **state) {
  (void)state;
  static tnam_dec_t d;
  const tnam_frame_rule_t rules[] = {{TNAM_T_OUT, 3}, {TNAM_T_ERROR, 1}};
  const tnam_dec_cfg_t cfg = {.sync = TNAM_SYNC_TO_HOST, .rules = rules, .n_rules = 2};
  uint8_t f[32], pl[3] = {1, 2, 3};
  char msg[160];
  size_t used;
  const size_t n = tnam_frame_encode(TNAM_SYNC_TO_HOST, TNAM_T_OUT, 9, pl, 3, f);
  assert_int_equal(n, 10);

  tnam_dec_init(&d, &cfg);
  assert_int_equal(tnam_dec_need(&d), 5);
  assert_int_equal(feed_all(&d, f, 5, &used), TNAM_DEC_MORE);
  assert_int_equal(tnam_dec_need(&d), 5);
  assert_int_equal(feed_all(&d, f + 5, n - 5, &used), TNAM_DEC_FRAME);
  assert_int_equal(used, n - 5);
  assert_int_equal(d.type, TNAM_T_OUT);
  assert_int_equal(d.seq, 9);
  assert_memory_equal(d.payload, pl, 3);

  const uint8_t junk[] = {0x00, 0x5A};
  assert_int_equal(feed_all(&d, junk, 2, &used), TNAM_DEC_BAD_SYNC);
  assert_int_equal(used, 1);
  tnam_dec_describe(&d, TNAM_DEC_BAD_SYNC, msg, sizeof msg);
  assert_non_null(strstr(msg, "bad sync: first byte 0x00"));

  uint8_t g[32];
  memcpy(g, f, n);
  g[1] = 0x77; /* unknown type: at the type byte */
  tnam_dec_init(&d, &cfg);
  assert_int_equal(feed_all(&d, g, n, &used), TNAM_DEC_BAD_TYPE);
  assert_int_equal(used, 2);
  assert_false(tnam_dec_in_frame(&d));

  memcpy(g, f, n);
  g[3] = 4; /* wrong length: at the second length byte */
  tnam_dec_init(&d, &cfg);
  assert_int_equal(feed_all(&d, g, n, &used), TNAM_DEC_BAD_LEN);
  assert_int_equal(used, 5);
  assert_true(d.seq_valid);
  tnam_dec_describe(&d, TNAM_DEC_BAD_LEN, msg, sizeof msg);
  assert_string_equal(msg, "OUT frame of length 4, the type needs 3");

  memcpy(g, f, n);
  g[6] ^= 0x10; /* a flipped payload bit: at the last CRC byte */
  tnam_dec_init(&d, &cfg);
  assert_int_equal(feed_all(&d, g, n, &used), TNAM_DEC_BAD_CRC);
  assert_int_equal(used, n);
  tnam_dec_describe(&d, TNAM_DEC_BAD_CRC, msg, sizeof msg);
  assert_non_null(strstr(msg, "bad CRC"));

  /* Without rules: any type, a length limit. */
  const tnam_dec_cfg_t lim = {.sync = TNAM_SYNC_TO_HOST, .max_len = 2};
  tnam_dec_init(&d, &lim);
  assert_int_equal(feed_all(&d, f, n, &used), TNAM_DEC_BAD_LEN);
  tnam_dec_describe(&d, TNAM_DEC_BAD_LEN, msg, sizeof msg);
  assert_string_equal(msg, "frame length 3 over the limit 2");

  /* Hunting skips bytes until sync, then decodes. */
  const tnam_dec_cfg_t hunt = {.sync = TNAM_SYNC_TO_HOST, .hunt = 1, .rules = rules, .n_rules = 2};
  tnam_dec_init(&d, &hunt);
  uint8_t h[40] = {0x00, 0xA5, 0xFF};
  memcpy(h + 3, f, n);
  assert_int_equal(feed_all(&d, h, n + 3, &used), TNAM_DEC_FRAME);
  assert_int_equal(used, n + 3);
}

/* ---- the bridge model ------------------------------------------------------------------ */

/* Sends bytes to the bridge, takes its whole answer; returns the answer's length. */
static size_t ask(tnam_bridge_t *br, const uint8_t *req, size_t n, uint8_t *ans, size_t cap) {
  for (size_t i = 0; i < n; i++) tnam_bridge_rx(br, req[i]);
  return tnam_bridge_tx(br, ans, cap);
}

/* An ERROR frame with this code and seq, exactly. */
static void assert_error_frame(const uint8_t *a, size_t n, uint8_t code, uint8_t seq) {
  uint8_t want[8];
  assert_int_equal(n, tnam_frame_encode(TNAM_SYNC_TO_HOST, TNAM_T_ERROR, seq, &code, 1, want));
  assert_memory_equal(a, want, n);
}

static void test_bridge_model_answers(void **state) {
  (void)state;
  const tnam_chip_params_t p = chip(8, 6, 2, 1);
  tnam_bridge_t *br = tnam_bridge_new(&p);
  assert_non_null(br);
  static uint8_t req[256], ans[1024], vec[64], good[1024];
  size_t n, a;

  /* INFO, after garbage (with no sync byte) before it. */
  const uint8_t garbage[] = {0x00, 0x5A, 0xFF, 0x13};
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_INFO, 4, NULL, 0, req);
  assert_int_equal(ask(br, garbage, sizeof garbage, ans, sizeof ans), 0);
  a = ask(br, req, n, ans, sizeof ans);
  const uint8_t info[14] = {'T', 'N', 'A', 'M', 1, 8, 0, 6, 2, 1, 18, 0, 108, 0};
  uint8_t want[32];
  assert_int_equal(a, tnam_frame_encode(TNAM_SYNC_TO_HOST, TNAM_T_INFO_ANSWER, 4, info, 14, want));
  assert_memory_equal(ans, want, a);

  /* Bad CRC: ERROR 1 with the seq; the chip is not clocked. */
  memset(vec, 0, sizeof vec);
  vec[0] = 1; /* rst_ni = 1 */
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 17, vec, 18, req);
  req[n - 1] ^= 1;
  assert_error_frame(ans, ask(br, req, n, ans, sizeof ans), TNAM_ERR_CRC, 17);
  assert_int_equal(tnam_bridge_steps(br), 0);

  /* Wrong length for the type: ERROR 2 at the length, with the seq. */
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 18, vec, 17, req);
  assert_error_frame(ans, ask(br, req, 5, ans, sizeof ans), TNAM_ERR_LENGTH, 18);
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_INFO, 19, vec, 1, req);
  assert_error_frame(ans, ask(br, req, 5, ans, sizeof ans), TNAM_ERR_LENGTH, 19);

  /* Unknown type: ERROR 3 at the type byte, seq 0 (not reached). */
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, 0x03, 20, NULL, 0, req);
  assert_error_frame(ans, ask(br, req, 2, ans, sizeof ans), TNAM_ERR_TYPE, 0);

  /* Timeout inside a frame: ERROR 4, with the seq when it got that far, else 0. */
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 21, vec, 18, req);
  assert_int_equal(ask(br, req, 10, ans, sizeof ans), 0);
  tnam_bridge_idle(br);
  assert_error_frame(ans, tnam_bridge_tx(br, ans, sizeof ans), TNAM_ERR_TIMEOUT, 21);
  assert_int_equal(ask(br, req, 2, ans, sizeof ans), 0);
  tnam_bridge_idle(br);
  assert_error_frame(ans, tnam_bridge_tx(br, ans, sizeof ans), TNAM_ERR_TIMEOUT, 0);
  tnam_bridge_idle(br); /* outside a frame: nothing */
  assert_int_equal(tnam_bridge_tx_pending(br), 0);

  /* A framing error inside a frame: ERROR 5; outside one: nothing. */
  assert_int_equal(ask(br, req, 4, ans, sizeof ans), 0);
  tnam_bridge_rx_framing_error(br);
  assert_error_frame(ans, tnam_bridge_tx(br, ans, sizeof ans), TNAM_ERR_FRAMING, 21);
  tnam_bridge_rx_framing_error(br);
  assert_int_equal(tnam_bridge_tx_pending(br), 0);
  assert_int_equal(tnam_bridge_steps(br), 0);

  /* After all that, a good STEP clocks the chip once: the answer is a fresh model's first
   * cycle (the bad STEPs changed nothing). */
  tnam_chip_t *model = tnam_chip_new(&p);
  tnam_chip_in_t in;
  tnam_vec_unpack_in(&p, vec, &in);
  tnam_vec_pack_out(&p, tnam_chip_step(model, &in), good);
  n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 22, vec, 18, req);
  a = ask(br, req, n, ans, sizeof ans);
  assert_int_equal(a, 108 + 7);
  assert_int_equal(ans[0], TNAM_SYNC_TO_HOST);
  assert_int_equal(ans[1], TNAM_T_OUT);
  assert_int_equal(ans[2], 22);
  assert_memory_equal(ans + 5, good, 108);
  assert_int_equal(tnam_crc16(ans + 1, 4 + 108), ans[113] | ans[114] << 8);
  assert_int_equal(tnam_bridge_steps(br), 1);
  tnam_chip_free(model);
  tnam_bridge_free(br);
}

/* As the RTL bridge (and tnam_fpga_tb on it): the bytes that arrive back to back while an
 * answer is sent are dropped. An INFO answer is 21 bytes: the 20 bytes after an INFO request
 * are dropped, the 21st is heard. */
static void test_bridge_model_drops_pipelined(void **state) {
  (void)state;
  const tnam_chip_params_t p = chip(8, 6, 2, 1);
  tnam_bridge_t *br = tnam_bridge_new(&p);
  assert_non_null(br);
  static uint8_t req[512], ans[1024], want[64];
  const uint8_t info[14] = {'T', 'N', 'A', 'M', 1, 8, 0, 6, 2, 1, 18, 0, 108, 0};
  const size_t one = tnam_frame_encode(TNAM_SYNC_TO_HOST, TNAM_T_INFO_ANSWER, 0x21, info, 14, want);
  for (size_t gap = 0; gap <= 20; gap++) {
    /* INFO seq 0x21, `gap` zero bytes, INFO seq 0x22 (neither CRC holds a 0xA5). */
    size_t n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_INFO, 0x21, NULL, 0, req);
    memset(req + n, 0, gap);
    n += gap;
    n += tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_INFO, 0x22, NULL, 0, req + n);
    const size_t a = ask(br, req, n, ans, sizeof ans);
    assert_memory_equal(ans, want, one);
    if (gap < 20) {
      assert_int_equal(a, one); /* the second INFO's sync byte was dropped */
    } else {
      assert_int_equal(a, 2 * one);
      assert_int_equal(ans[one + 2], 0x22);
    }
    tnam_bridge_idle(br);
    assert_int_equal(tnam_bridge_tx_pending(br), 0);
  }
  /* Two STEPs back to back: the chip is clocked once. */
  static uint8_t vec[64];
  size_t n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 1, vec, 18, req);
  n += tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 2, vec, 18, req + n);
  assert_int_equal(ask(br, req, n, ans, sizeof ans), 108 + 7);
  assert_int_equal(tnam_bridge_steps(br), 1);
  /* A host that has read the whole answer is heard at once. */
  assert_int_equal(ask(br, req, 25, ans, sizeof ans), 108 + 7);
  assert_int_equal(tnam_bridge_steps(br), 2);
  tnam_bridge_free(br);
}

/* ---- the board back end against the bridge model, with faults in the link ----------------- */

/* FAULT_PAD: the OUT answer with a padding bit set and its CRC made good again. */
typedef enum { FAULT_NONE, FAULT_FLIP, FAULT_DROP, FAULT_SILENT, FAULT_PAD } fault_t;

/* A link in front of the model board that spoils the answers once armed. */
typedef struct {
  tnam_link_t inner;
  fault_t fault;
  int armed;
  unsigned at;        /* answer byte the fault hits */
  unsigned pos;       /* answer bytes read since armed */
  uint8_t held[1024]; /* FAULT_PAD: the spoilt answer, served from here */
  size_t held_len, held_pos;
} faulty_t;

static int faulty_write(tnam_link_t *l, const uint8_t *buf, size_t n, char *err, size_t es) {
  faulty_t *f = l->impl;
  return f->inner.write(&f->inner, buf, n, err, es);
}

static long faulty_read(tnam_link_t *l, uint8_t *buf, size_t n, unsigned ms, char *err, size_t es) {
  faulty_t *f = l->impl;
  if (f->armed && f->fault == FAULT_SILENT) {
    uint8_t sink[4096];
    while (f->inner.read(&f->inner, sink, sizeof sink, ms, err, es) > 0) continue;
    return TNAM_LINK_TIMEOUT;
  }
  if (f->armed && f->fault == FAULT_PAD) {
    if (f->held_len == 0) {
      long got;
      while ((got = f->inner.read(&f->inner, f->held + f->held_len, sizeof f->held - f->held_len,
                                  ms, err, es)) > 0)
        f->held_len += (size_t)got;
      const size_t len = f->held[3] | (size_t)f->held[4] << 8;
      f->held[5 + len - 1] |= 0x80; /* the last payload byte's top bit: padding at 8 x 6 */
      const uint16_t crc = tnam_crc16(f->held + 1, 4 + len);
      f->held[5 + len] = (uint8_t)(crc & 0xFFu);
      f->held[6 + len] = (uint8_t)(crc >> 8);
    }
    if (f->held_pos == f->held_len) return TNAM_LINK_TIMEOUT;
    if (n > f->held_len - f->held_pos) n = f->held_len - f->held_pos;
    memcpy(buf, f->held + f->held_pos, n);
    f->held_pos += n;
    return (long)n;
  }
  long r = f->inner.read(&f->inner, buf, n, ms, err, es);
  if (!f->armed || r <= 0) return r;
  for (long i = 0; i < r; i++, f->pos++) {
    if (f->pos != f->at) continue;
    if (f->fault == FAULT_FLIP) buf[i] ^= 0x04;
    if (f->fault == FAULT_DROP) {
      memmove(buf + i, buf + i + 1, (size_t)(r - i - 1));
      r--;
      f->pos++;
      break;
    }
  }
  return r;
}

static void faulty_close(tnam_link_t *l) {
  faulty_t *f = l->impl;
  f->inner.close(&f->inner);
}

/* The model board behind a faulty link, opened through the board back end. */
static void open_faulty(faulty_t *f, tnam_link_t *l, tnam_backend_t *b,
                        const tnam_chip_params_t *p) {
  char err[512];
  memset(f, 0, sizeof *f);
  assert_true(tnam_bridge_link_open(&f->inner, p, err, sizeof err));
  memset(l, 0, sizeof *l);
  l->name = "model board";
  l->write = faulty_write;
  l->read = faulty_read;
  l->close = faulty_close;
  l->impl = f;
  const tnam_board_cfg_t cfg = {.link = l, .timeout_ms = 50, .expect = p};
  const int st = tnam_board_open(b, &cfg, err, sizeof err);
  if (st != TNAM_EXIT_PASS) fail_msg("%s", err);
}

/* The model board of 8x6, 2 macros, 1 tile behind a faulty link, open. */
typedef struct {
  tnam_chip_params_t p;
  faulty_t f;
  tnam_link_t l;
  tnam_backend_t b;
} bench_t;

static void bench_open(bench_t *t) {
  t->p = chip(8, 6, 2, 1);
  open_faulty(&t->f, &t->l, &t->b, &t->p);
}

static void bench_close(bench_t *t) {
  t->b.close(&t->b);
  t->l.close(&t->l);
}

static void where(void *ctx, char *buf, size_t n) {
  snprintf(buf, n, "cycle %d, test.tns line 40", *(int *)ctx);
}

static void test_board_runs_and_checks(void **state) {
  (void)state;
  static bench_t t;
  bench_open(&t);
  const tnam_chip_params_t p = t.p;
  faulty_t *f = &t.f;
  tnam_backend_t *b = &t.b;
  assert_int_equal(tnam_board_params(b)->core.rows, 8);
  tnam_chip_t *model = tnam_chip_new(&p);
  tnam_prng_t g;
  tnam_prng_seed(&g, 11);
  uint8_t iv[32];
  tnam_chip_in_t in;
  for (int cyc = 0; cyc < 300; cyc++) {
    for (unsigned i = 0; i < sizeof iv; i++) iv[i] = (uint8_t)tnam_prng_next(&g);
    tnam_vec_unpack_in(&p, iv, &in);
    in.core.rst_n = cyc > 0;
    const tnam_chip_out_t *o = b->step(b, &in);
    assert_non_null(o);
    assert_true(tnam_chip_outputs_equal(tnam_chip_step(model, &in), o, &p));
  }
  assert_int_equal(tnam_board_steps(b), 301);
  /* 302 requests: the sequence numbers wrapped from 255 to 1 on the way. */
  assert_int_equal(tnam_bridge_steps(tnam_bridge_link_bridge(&f->inner)), 301);
  bench_close(&t);
  tnam_chip_free(model);
}

/* One STEP through an armed fault must fail with `msg` in the error. */
static void fault_case(fault_t fault, unsigned at, const char *msg) {
  static bench_t t;
  bench_open(&t);
  faulty_t *f = &t.f;
  tnam_backend_t *b = &t.b;
  int cycle = 5;
  tnam_board_set_where(b, where, &cycle);
  tnam_chip_in_t in;
  memset(&in, 0, sizeof in);
  in.core.rst_n = true;
  assert_non_null(b->step(b, &in));
  f->fault = fault;
  f->at = at;
  f->armed = 1;
  cycle = 6;
  assert_null(b->step(b, &in));
  const char *e = tnam_board_error(b);
  if (!strstr(e, msg)) fail_msg("error '%s' lacks '%s'", e, msg);
  if (!strstr(e, "model board: STEP seq 4 (cycle 6, test.tns line 40): "))
    fail_msg("error '%s' does not name the link, the frame and the cycle", e);
  bench_close(&t);
}

static void test_board_faults(void **state) {
  (void)state;
  fault_case(FAULT_FLIP, 40, "bad CRC: the frame carries");
  fault_case(FAULT_FLIP, 0, "bad sync: first byte 0x5E, not 0x5A");
  fault_case(FAULT_FLIP, 1, "frame type 0x86");
  fault_case(FAULT_FLIP, 3, "OUT frame of length 104, the type needs 108");
  fault_case(FAULT_DROP, 50, "answer incomplete after 50 ms: 114 bytes, the frame needs 1 more");
  fault_case(FAULT_SILENT, 0, "no answer within 50 ms");
  /* 862 output bits at 8 x 6: bits 6 and 7 of the last byte are padding. */
  fault_case(FAULT_PAD, 0, "malformed OUT frame: padding bits 6..7 of its last byte are 0x80");
}

/* A repeated (stale) answer: good CRC, the previous request's seq. */
static void test_board_stale_answer(void **state) {
  (void)state;
  static bench_t t;
  bench_open(&t);
  const tnam_chip_params_t p = t.p;
  faulty_t *f = &t.f;
  tnam_backend_t *b = &t.b;
  tnam_chip_in_t in;
  memset(&in, 0, sizeof in);
  /* The bridge gets the next STEP with the seq of the last one: a good frame, the old seq. */
  static uint8_t vec[64], req[128];
  tnam_vec_pack_in(&p, &in, vec);
  const size_t n = tnam_frame_encode(TNAM_SYNC_TO_BOARD, TNAM_T_STEP, 2, vec, 18, req);
  tnam_bridge_t *br = tnam_bridge_link_bridge(&f->inner);
  for (size_t i = 0; i < n; i++) tnam_bridge_rx(br, req[i]); /* queued before the host asks */
  assert_null(b->step(b, &in));
  const char *e = tnam_board_error(b);
  if (!strstr(e, "STEP seq 3") || !strstr(e, "the answer carries seq 2")) fail_msg("error '%s'", e);
  bench_close(&t);
}

/* An ERROR frame from the board is put in words. */
static void test_board_error_frame(void **state) {
  (void)state;
  static bench_t t;
  bench_open(&t);
  faulty_t *f = &t.f;
  tnam_backend_t *b = &t.b;
  /* A stray 0xA5 on the wire opens a frame the host's STEP then spoils: unknown type 0xA5. */
  tnam_bridge_rx(tnam_bridge_link_bridge(&f->inner), 0xA5);
  tnam_chip_in_t in;
  memset(&in, 0, sizeof in);
  assert_null(b->step(b, &in));
  const char *e = tnam_board_error(b);
  if (!strstr(e, "board reported: unknown type in request seq 0")) fail_msg("error '%s'", e);
  bench_close(&t);
}

/* A board of another configuration is refused, and the message says what each side is. */
static void test_board_refuses_other_config(void **state) {
  (void)state;
  const tnam_chip_params_t board = chip(16, 6, 2, 1), want = chip(8, 6, 2, 1);
  tnam_link_t l;
  char err[512];
  assert_true(tnam_bridge_link_open(&l, &board, err, sizeof err));
  tnam_backend_t b;
  const tnam_board_cfg_t cfg = {.link = &l, .timeout_ms = 50, .expect = &want};
  assert_int_equal(tnam_board_open(&b, &cfg, err, sizeof err), TNAM_EXIT_ABORTED);
  assert_non_null(strstr(err,
                         "the board is rows 16 cols 6 macros 2 tiles 1 (IN_BYTES 24, "
                         "OUT_BYTES 115), expected rows 8 cols 6 macros 2 tiles 1"));
  l.close(&l);
}

/* ---- the serial link on a pseudo-terminal ---------------------------------------------- */

static int open_master(char *slave, size_t n) {
  const int m = posix_openpt(O_RDWR | O_NOCTTY);
  assert_true(m >= 0);
  assert_int_equal(grantpt(m), 0);
  assert_int_equal(unlockpt(m), 0);
  snprintf(slave, n, "%s", ptsname(m));
  return m;
}

static void test_serial_errors(void **state) {
  (void)state;
  tnam_link_t l;
  char err[512], slave[128];
  assert_false(tnam_serial_open(&l, "/nonexistent/tty", 115200, err, sizeof err));
  assert_non_null(strstr(err, "cannot open serial port /nonexistent/tty: No such file"));
  assert_false(tnam_serial_open(&l, "/dev/null", 115200, err, sizeof err));
  assert_non_null(strstr(err, "/dev/null is not a tty"));
  const int m = open_master(slave, sizeof slave);
  assert_false(tnam_serial_open(&l, slave, 12345, err, sizeof err));
  assert_non_null(strstr(err, "baud rate 12345"));
  assert_true(tnam_serial_open(&l, slave, 115200, err, sizeof err));
  uint8_t b[8];
  assert_int_equal(l.read(&l, b, sizeof b, 30, err, sizeof err), TNAM_LINK_TIMEOUT);
  assert_int_equal(write(m, "\x5a\x00\x0d", 3), 3); /* raw: no CR/LF mapping, no echo */
  long got = 0;
  while (got < 3) {
    const long r = l.read(&l, b + got, sizeof b - (size_t)got, 500, err, sizeof err);
    assert_true(r > 0);
    got += r;
  }
  assert_memory_equal(b, "\x5a\x00\x0d", 3);
  const uint8_t out[] = {0xA5, 0x0A, 0x11};
  assert_true(l.write(&l, out, 3, err, sizeof err));
  uint8_t echo[8];
  assert_int_equal(read(m, echo, sizeof echo), 3);
  assert_memory_equal(echo, out, 3);
  close(m); /* the other end hangs up */
  assert_int_equal(l.read(&l, b, sizeof b, 500, err, sizeof err), TNAM_LINK_ERROR);
  assert_non_null(strstr(err, "hung up"));
  l.close(&l);
}

/* The whole board path over a real tty: a child serves the bridge model on the pty master. */
static void test_serial_board(void **state) {
  (void)state;
  char slave[128], err[512];
  const int m = open_master(slave, sizeof slave);
  tnam_link_t l;
  assert_true(tnam_serial_open(&l, slave, 115200, err, sizeof err));
  const tnam_chip_params_t p = chip(8, 6, 2, 1);
  const pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    tnam_bridge_t *br = tnam_bridge_new(&p);
    uint8_t buf[512];
    ssize_t r;
    while ((r = read(m, buf, sizeof buf)) > 0) {
      for (ssize_t i = 0; i < r; i++) tnam_bridge_rx(br, buf[i]);
      size_t n;
      while ((n = tnam_bridge_tx(br, buf, sizeof buf)) > 0)
        if (write(m, buf, n) != (ssize_t)n) _exit(1);
    }
    _exit(0);
  }
  tnam_backend_t board, *b = &board;
  const tnam_board_cfg_t cfg = {.link = &l, .timeout_ms = 2000};
  if (tnam_board_open(b, &cfg, err, sizeof err) != TNAM_EXIT_PASS) fail_msg("%s", err);
  tnam_chip_t *model = tnam_chip_new(tnam_board_params(b));
  tnam_chip_in_t in;
  memset(&in, 0, sizeof in);
  in.core.rst_n = true;
  for (int cyc = 0; cyc < 20; cyc++) {
    in.core.wr_en = cyc % 2;
    in.core.wr_row = (uint32_t)cyc % 8;
    in.core.wr_mag = 0x2A;
    in.mask = 3;
    const tnam_chip_out_t *o = b->step(b, &in);
    if (!o) fail_msg("%s", tnam_board_error(b));
    assert_true(tnam_chip_outputs_equal(tnam_chip_step(model, &in), o, &p));
  }
  b->close(b);
  l.close(&l);
  close(m);
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
  tnam_chip_free(model);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_crc_check_value),
      cmocka_unit_test(test_vector_layout),
      cmocka_unit_test(test_vector_round_trips),
      cmocka_unit_test(test_vector_carries_model_outputs),
      cmocka_unit_test(test_decoder_errors),
      cmocka_unit_test(test_bridge_model_answers),
      cmocka_unit_test(test_bridge_model_drops_pipelined),
      cmocka_unit_test(test_board_runs_and_checks),
      cmocka_unit_test(test_board_faults),
      cmocka_unit_test(test_board_stale_answer),
      cmocka_unit_test(test_board_error_frame),
      cmocka_unit_test(test_board_refuses_other_config),
      cmocka_unit_test(test_serial_errors),
      cmocka_unit_test(test_serial_board),
  };
  return cmocka_run_group_tests_name("tnam_proto", tests, NULL, NULL);
}
