// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Cycle-accurate C11 golden model of the TNAM chip: M macros, tile map, selection (spec 11). */
#ifndef TNAM_CHIP_H
#define TNAM_CHIP_H

#include <stdbool.h>
#include <stdint.h>

#include "tnam_model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TNAM_MAX_MACROS 8
#define TNAM_MAX_TILES 4
#define TNAM_RSW 8 /* residual-offset register width */
#define TNAM_RESID_MAX 255u

/* max(1, clog2(n)): the width of a macro or tile index (mw, tw), as a constant expression. */
#define TNAM_INDEX_WIDTH(n) ((n) > 2 ? TNAM_CLOG2(n) : 1)

typedef struct {
  tnam_params_t core; /* every macro's parameters */
  unsigned macros;    /* M */
  unsigned tiles;     /* T */
  unsigned mw;        /* max(1, clog2(M)) */
  unsigned tw;        /* max(1, clog2(T)) */
} tnam_chip_params_t;

/* Fills *p; false (and *p untouched) if out of range (spec section 1). */
bool tnam_chip_params_make(unsigned rows, unsigned cols, unsigned macros, unsigned tiles,
                           tnam_chip_params_t *p);

/* Inputs of one cycle (the ports of tnam_chip). core holds every macro port; core.eval is the
 * chip's eval_i, core.x and core.act are not used (x and act below replace them). */
typedef struct {
  tnam_in_t core;
  uint32_t mask;   /* mask_i: bit m = macro m takes this cycle's writes */
  bool cfg_select; /* written with core.cfg_mode */
  uint64_t x[TNAM_MAX_TILES][TNAM_ROW_WORDS];   /* word lines per tile */
  uint64_t act[TNAM_MAX_TILES][TNAM_ACT_WORDS]; /* activations per tile */
  bool map_en;
  uint32_t map_macro;
  bool map_valid;
  uint32_t map_tile;
  bool resid_en;
  uint32_t resid_macro;
  uint32_t resid; /* low 8 bits used */
} tnam_chip_in_t;

/* Outputs after a rising edge: every macro's observables and the chip's (spec section 6).
 * Entries >= M (macros) or >= T (tiles) stay 0. */
typedef struct {
  tnam_out_t m[TNAM_MAX_MACROS];
  bool busy;                    /* chip_busy_o */
  bool done;                    /* chip_done_o */
  uint32_t sel[TNAM_MAX_TILES]; /* sel_o */
  uint32_t sel_valid;           /* sel_valid_o, bit t */
  uint32_t men;                 /* men_o, bit m */
  uint32_t cnt_active[TNAM_MAX_MACROS];
  uint32_t map_valid; /* bit m */
  uint32_t map_tile[TNAM_MAX_MACROS];
  uint32_t resid[TNAM_MAX_MACROS];
} tnam_chip_out_t;

/* The selection rule of spec 11.3 among the macros in `candidates` (bit m): lowest hz[m],
 * then lowest resid[m], then lowest index. Returns the macro, or -1 if there is none.
 * Shared by the chip model and the host's placement (tnam_place). */
int tnam_select_copy(uint32_t candidates, const uint32_t *hz, const uint32_t *resid);

/* What the selection of the latest accepted evaluation saw, for mismatch reports. */
typedef struct {
  uint32_t active;                     /* bit t: tile t had a driven row */
  uint32_t candidates[TNAM_MAX_TILES]; /* copies of each tile (bit m) */
  uint32_t hz[TNAM_MAX_MACROS];        /* hazard count of each macro holding an active tile */
  bool select;                         /* the select bit used */
  uint32_t mode;                       /* the mode used */
} tnam_chip_sel_info_t;

typedef struct tnam_chip tnam_chip_t;

/* A chip in its reset state; NULL if out of memory or *p is not what tnam_chip_params_make()
 * gives. */
tnam_chip_t *tnam_chip_new(const tnam_chip_params_t *p);
void tnam_chip_free(tnam_chip_t *c);
const tnam_chip_params_t *tnam_chip_params(const tnam_chip_t *c);

/* One rising edge, as tnam_model_step() (a held edge, in->core.hold, changes nothing). The
 * returned outputs stay valid until the next step. */
const tnam_chip_out_t *tnam_chip_step(tnam_chip_t *c, const tnam_chip_in_t *in);

/* Macro m's model (for reports, calibration tests and placement); NULL if m >= M. */
tnam_model_t *tnam_chip_macro(tnam_chip_t *c, unsigned m);

/* The latest accepted evaluation's selection inputs. */
const tnam_chip_sel_info_t *tnam_chip_last_selection(const tnam_chip_t *c);

/* The chip's configuration copy: 1 when variation-aware selection is on. */
bool tnam_chip_select(const tnam_chip_t *c);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_CHIP_H */
