// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* A board (bridge + chip, spec 13) over a byte link, as a back end of the driver API. */
#ifndef TNAM_BOARD_H
#define TNAM_BOARD_H

#include <stddef.h>

#include "tnam_backend.h"
#include "tnam_link.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  tnam_link_t *link;                /* open; stays owned by the caller */
  unsigned timeout_ms;              /* for each answer */
  const tnam_chip_params_t *expect; /* the configuration the board must have; NULL: the one
                                       its INFO answer gives */
} tnam_board_cfg_t;

/* Sends INFO and refuses a board whose magic, version, configuration or vector lengths differ
 * from what is expected; then sends the reset STEP (every input 0) and checks its answer
 * against a fresh golden model after a reset cycle. Returns TNAM_EXIT_PASS with *b ready, or
 * TNAM_EXIT_ABORTED (link or protocol error, refused board) or TNAM_EXIT_FAIL (the reset
 * answer differs) with the reason in err. Each step() then sends one STEP frame and returns
 * the OUT frame's outputs, or NULL when the answer is missing or wrong in any way (timeout,
 * sync, CRC, sequence number, type, length, an ERROR frame): tnam_board_error() says why. */
int tnam_board_open(tnam_backend_t *b, const tnam_board_cfg_t *cfg, char *err, size_t err_size);

/* The board's configuration (from its INFO answer). */
const tnam_chip_params_t *tnam_board_params(const tnam_backend_t *b);

/* Why the last step() returned NULL: names the link, the frame (type, sequence number) and,
 * through the `where` callback, the stream line and cycle it carried. */
const char *tnam_board_error(const tnam_backend_t *b);

/* How step errors name the cycle in flight ("cycle 12, x.tns line 40"); NULL: not named. */
void tnam_board_set_where(tnam_backend_t *b, void (*where)(void *ctx, char *buf, size_t n),
                          void *ctx);

/* STEP frames answered so far (the reset STEP included). */
uint64_t tnam_board_steps(const tnam_backend_t *b);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_BOARD_H */
