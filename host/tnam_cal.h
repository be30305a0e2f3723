// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Host-driven calibration (spec 12.2) and placement at weight-load time (spec 11.4). */
#ifndef TNAM_CAL_H
#define TNAM_CAL_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The chip as the host sees it: one cycle per call. step() returns the outputs after the
 * edge, or NULL when the caller's run must stop (a lockstep mismatch already reported, a
 * limit): calibration then stops too. */
typedef struct {
  const tnam_chip_out_t *(*step)(void *ctx, const tnam_chip_in_t *in);
  void *ctx;
  const tnam_chip_params_t *p;
} tnam_port_t;

/* The layer configuration and tile map that calibration restores when it ends. */
typedef struct {
  uint32_t mode, shift;
  bool select, test;
  uint32_t map_valid; /* bit m */
  uint32_t map_tile[TNAM_MAX_MACROS];
} tnam_chip_cfg_t;

/* What calibration measured. */
typedef struct {
  int32_t trim[TNAM_MAX_MACROS][TNAM_MAX_COLS];
  uint64_t health[TNAM_MAX_MACROS][TNAM_MAX_ROWS];
  uint32_t resid[TNAM_MAX_MACROS];
  uint64_t cycles; /* cycles the procedure took */
} tnam_cal_result_t;

/* A port on the golden model `chip` (owned by the caller). */
void tnam_port_model(tnam_port_t *port, tnam_chip_t *chip);

/* Inputs of a cycle in which no port is active (reset released). */
void tnam_port_idle(tnam_chip_in_t *in);

/* Writes the tile map and the layer configuration *cfg (M cycles, the configuration with the
 * first map entry; the chip must not be busy). Returns 1, or 0 with a message in err when
 * the port stopped. */
int tnam_port_configure(const tnam_port_t *port, const tnam_chip_cfg_t *cfg, char *err,
                        size_t err_size);

/* Runs spec 12.2 on every macro through `port` (the chip must not be busy), writes the trims,
 * health rows and residuals, then restores *restore. Returns 1, or 0 with a message in err
 * (the port stopped, or an operation did not finish within its longest length). */
int tnam_cal_run(const tnam_port_t *port, const tnam_chip_cfg_t *restore, tnam_cal_result_t *res,
                 char *err, size_t err_size);

/* Where each weight tile holds a non-zero weight: a column mask per row. (A struct rather than
 * a bare 2-D array: ISO C before C23 does not convert uint64_t (*)[N] to a const pointer.) */
typedef struct {
  uint64_t row[TNAM_MAX_TILES][TNAM_MAX_ROWS];
} tnam_nonzero_t;

/* Placement of spec 11.4: for tiles 0 .. T-1 in order, the free macro with the fewest rows on
 * which its known-defective cells (cal->health) meet the tile's non-zero weights, ties by
 * cal->resid then index. Writes map_valid/map_tile of *cfg (macros left over hold no tile).
 * Returns 0 if M < T. */
int tnam_place(const tnam_chip_params_t *p, const tnam_cal_result_t *cal, const tnam_nonzero_t *nz,
               tnam_chip_cfg_t *cfg);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CAL_H */
