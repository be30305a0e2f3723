// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The Verilated board top (tnam_fpga_top) as a C-callable clock: one call, one board clock. */
#ifndef TNAM_VBOARD_H
#define TNAM_VBOARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tnam_vb tnam_vb_t;

/* The parameters the top was Verilated with. */
typedef struct {
  unsigned rows, cols, macros, tiles, clks_per_bit;
} tnam_vb_params_t;

void tnam_vb_params(tnam_vb_params_t *p);
/* 1 when built with WAVES=1 (FST tracing available). */
int tnam_vb_can_trace(void);
/* Creates the model (and the FST file when fst_path is not NULL); NULL with a message in err. */
tnam_vb_t *tnam_vb_open(const char *fst_path, char *err, size_t err_size);
/* One board clock with rx_i at `rx` (low half, then the rising edge); returns tx_o after it. */
int tnam_vb_clock(tnam_vb_t *vb, int rx);
/* led_o as it is now. */
unsigned tnam_vb_leds(const tnam_vb_t *vb);
/* Closes the trace (so that the FST is readable) and frees the model. 1, or 0 when the wave
 * file could not be written whole (said on stderr). */
int tnam_vb_close(tnam_vb_t *vb);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_VBOARD_H */
