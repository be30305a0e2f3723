// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the board protocol (driver/tnam_proto.c, spec 13.3), both directions, on the
 * same bytes.
 * - To the board: the bytes are what a host sends to the bridge's C model
 *   (driver/tnam_bridge_model.c) of the iCEBreaker's chip, then the line goes quiet. Property:
 *   every answer the bridge sends decodes, with the host's rules, as a good frame.
 * - To the host: the bytes are a board's answers to the host's board back end
 *   (driver/tnam_board.c: the INFO check, the reset STEP against the golden model, then STEP
 *   after STEP until an answer is refused), through a link that serves them one read at a
 *   time and times out when they run out. */
#define _GNU_SOURCE
#include <string.h>

#include "tnam_board.h"
#include "tnam_fuzz.h"
#include "tnam_proto.h"

static void to_board(const uint8_t *data, size_t size) {
  static tnam_bridge_t *br;
  const tnam_chip_params_t p = tnam_fuzz_chip(6); /* 4 x 6, 2 macros, 1 tile */
  tnam_bridge_free(br); /* a fresh board per input: the previous one's state is gone */
  br = tnam_bridge_new(&p);
  if (!br) abort();
  for (size_t i = 0; i < size; i++) tnam_bridge_rx(br, data[i]);
  tnam_bridge_idle(br);

  const tnam_frame_rule_t rules[] = {{TNAM_T_INFO_ANSWER, TNAM_INFO_BYTES},
                                     {TNAM_T_OUT, (uint16_t)tnam_vec_out_bytes(&p)},
                                     {TNAM_T_ERROR, 1}};
  const tnam_dec_cfg_t cfg = {.sync = TNAM_SYNC_TO_HOST, .hunt = 0, .rules = rules, .n_rules = 3};
  static tnam_dec_t dec;
  tnam_dec_init(&dec, &cfg);
  uint8_t buf[512];
  size_t n;
  while ((n = tnam_bridge_tx(br, buf, sizeof buf)) > 0) {
    for (size_t i = 0; i < n; i++) {
      const tnam_dec_status_t st = tnam_dec_feed(&dec, buf[i]);
      char why[160];
      tnam_dec_describe(&dec, st, why, sizeof why);
      TNAM_FUZZ_CHECK(st == TNAM_DEC_MORE || st == TNAM_DEC_FRAME,
                      "the bridge model sent a frame the host refuses: %s", why);
    }
  }
  TNAM_FUZZ_CHECK(!tnam_dec_in_frame(&dec), "the bridge model's last answer is incomplete");
}

/* A board whose answers are the input: quiet until the host's first request. */
typedef struct {
  const uint8_t *data;
  size_t size, at;
  int asked;
} fuzz_board_t;

static int fuzz_write(tnam_link_t *l, const uint8_t *buf, size_t n, char *err, size_t err_size) {
  (void)buf, (void)n, (void)err, (void)err_size;
  ((fuzz_board_t *)l->impl)->asked = 1;
  return 1;
}

static long fuzz_read(tnam_link_t *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err,
                      size_t err_size) {
  (void)timeout_ms, (void)err, (void)err_size;
  fuzz_board_t *fb = l->impl;
  if (!fb->asked || fb->at == fb->size) return TNAM_LINK_TIMEOUT;
  if (n > fb->size - fb->at) n = fb->size - fb->at;
  memcpy(buf, fb->data + fb->at, n);
  fb->at += n;
  return (long)n;
}

static void fuzz_close(tnam_link_t *l) { l->impl = NULL; }

static void to_host(const uint8_t *data, size_t size) {
  fuzz_board_t fb = {.data = data, .size = size};
  tnam_link_t link = {.name = "fuzz board",
                      .write = fuzz_write,
                      .read = fuzz_read,
                      .close = fuzz_close,
                      .impl = &fb};
  const tnam_board_cfg_t cfg = {.link = &link, .timeout_ms = 1000, .expect = NULL};
  tnam_backend_t b;
  char err[1024];
  if (tnam_board_open(&b, &cfg, err, sizeof err) != TNAM_EXIT_PASS) return;
  tnam_chip_in_t in;
  memset(&in, 0, sizeof in);
  in.core.rst_n = true;
  while (b.step(&b, &in)) {
  }
  TNAM_FUZZ_CHECK(tnam_board_error(&b)[0] != '\0', "a refused answer without a reason");
  b.close(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  to_board(data, size);
  to_host(data, size);
  return 0;
}
