// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Cycle-accurate C11 golden model of the TNAM chip: M macros, tile map, selection (spec 11). */
#include "tnam_chip.h"

#include "tnam_macro.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Everything that reset clears, apart from the macros' own registers. */
typedef struct {
  tnam_chip_out_t out; /* the output registers: tnam_chip_step() returns a pointer to them */
  uint32_t mode;       /* the chip's copy of the layer mode (selects the driven rows) */
  bool select;         /* variation-aware selection */
  uint32_t copies[TNAM_MAX_TILES]; /* bit m: macro m holds tile t (from out.map_*) */
  tnam_chip_sel_info_t sel_info;
} tnam_chip_state_t;

struct tnam_chip {
  tnam_chip_params_t params;
  unsigned row_words;                 /* 64-row words in use: ceil(R / 64) */
  uint64_t row_valid[TNAM_ROW_WORDS]; /* bits of the rows < R */
  tnam_model_t *macro[TNAM_MAX_MACROS];
  tnam_chip_state_t state;
};

bool tnam_chip_params_make(unsigned rows, unsigned cols, unsigned macros, unsigned tiles,
                           tnam_chip_params_t *p) {
  tnam_params_t core;
  const unsigned max_tiles = macros < TNAM_MAX_TILES ? macros : TNAM_MAX_TILES;
  if (!tnam_params_make(rows, cols, &core) || macros < 1 || macros > TNAM_MAX_MACROS || tiles < 1 ||
      tiles > max_tiles) {
    return false;
  }
  p->core = core;
  p->macros = macros;
  p->tiles = tiles;
  p->mw = TNAM_INDEX_WIDTH(macros);
  p->tw = TNAM_INDEX_WIDTH(tiles);
  return true;
}

/* The copies of every tile, from the tile map registers. */
static void update_copies(tnam_chip_t *c) {
  tnam_chip_state_t *s = &c->state;
  memset(s->copies, 0, sizeof s->copies);
  for (unsigned m = 0; m < c->params.macros; ++m) {
    if ((s->out.map_valid >> m) & 1) {
      s->copies[s->out.map_tile[m]] |= UINT32_C(1) << m;
    }
  }
}

/* The reset state of the chip's own registers: macro m holds tile m for m < T. The macros'
 * slots of the outputs (out.m, first) are not the chip's: each macro's reset clears its own,
 * and those of m >= M are never written (tnam_chip_new() clears them). */
_Static_assert(offsetof(tnam_chip_state_t, out) == 0 && offsetof(tnam_chip_out_t, m) == 0,
               "the macros' output slots come first in the chip's state");
static void reset_chip_registers(tnam_chip_t *c) {
  tnam_chip_state_t *s = &c->state;
  /* Every register of the chip's own, after the macros' output slots (each macro's reset
   * clears its own). */
  memset((char *)s + sizeof s->out.m, 0, sizeof *s - sizeof s->out.m);
  for (unsigned t = 0; t < c->params.tiles; ++t) {
    s->out.map_valid |= UINT32_C(1) << t;
    s->out.map_tile[t] = t;
  }
  update_copies(c);
}

void tnam_chip_free(tnam_chip_t *c) {
  if (c == NULL) {
    return;
  }
  for (unsigned m = 0; m < TNAM_MAX_MACROS; ++m) {
    tnam_model_free(c->macro[m]);
  }
  free(c);
}

tnam_chip_t *tnam_chip_new(const tnam_chip_params_t *p) {
  tnam_chip_params_t checked;
  /* tnam_chip_params_t is all unsigned fields, so it has no padding to spoil the comparison. */
  if (p == NULL ||
      !tnam_chip_params_make(p->core.rows, p->core.cols, p->macros, p->tiles, &checked) ||
      memcmp(&checked, p, sizeof checked) != 0) {
    return NULL;
  }
  tnam_chip_t *c = calloc(1, sizeof *c);
  if (c == NULL) {
    return NULL;
  }
  c->params = checked;
  c->row_words = (checked.core.rows + 63) / 64;
  for (unsigned w = 0; w < TNAM_ROW_WORDS; ++w) {
    const unsigned first_row = 64 * w;
    const unsigned rows = checked.core.rows > first_row ? checked.core.rows - first_row : 0;
    c->row_valid[w] = rows >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << rows) - 1;
  }
  for (unsigned m = 0; m < checked.macros; ++m) {
    c->macro[m] = tnam_model_new(&checked.core);
    if (c->macro[m] == NULL) {
      tnam_chip_free(c);
      return NULL;
    }
    /* Each macro's registers are its slot of the chip's outputs: nothing to copy per cycle. */
    tnam_model_keep_outputs_in(c->macro[m], &c->state.out.m[m]);
  }
  reset_chip_registers(c);
  return c;
}

const tnam_chip_params_t *tnam_chip_params(const tnam_chip_t *c) { return &c->params; }

tnam_model_t *tnam_chip_macro(tnam_chip_t *c, unsigned m) {
  return m < c->params.macros ? c->macro[m] : NULL;
}

const tnam_chip_sel_info_t *tnam_chip_last_selection(const tnam_chip_t *c) {
  return &c->state.sel_info;
}

bool tnam_chip_select(const tnam_chip_t *c) { return c->state.select; }

int tnam_select_copy(uint32_t candidates, const uint32_t *hz, const uint32_t *resid) {
  int best = -1;
  /* Ascending index, replaced only by a strictly better copy: ties keep the lower index. */
  for (uint32_t left = candidates; left; left &= left - 1) {
    const int m = __builtin_ctz(left);
    if (best < 0 || hz[m] < hz[best] || (hz[m] == hz[best] && resid[m] < resid[best])) {
      best = m;
    }
  }
  return best;
}

/* The driven rows of tile t (spec 11.3) in the chip's mode: x, or in q4 mode the rows whose
 * activation is not 0; rows >= R excluded (no macro drives them). Only the words in use are
 * written. */
static void driven_rows(const tnam_chip_t *c, const tnam_chip_in_t *in, unsigned t,
                        uint64_t rows[TNAM_ROW_WORDS]) {
  if (c->state.mode == TNAM_MODE_Q4) {
    const uint64_t *act = in->act[t];
    for (unsigned w = 0; w < c->row_words; ++w) {
      uint64_t nonzero = 0;
      for (unsigned k = 0; k < 4; ++k) {
        const uint64_t a = act[4 * w + k];
        const uint64_t nonzero_nibbles = (a | a >> 1 | a >> 2 | a >> 3) & TNAM_NIBBLE_LOW_BITS;
        nonzero |= tnam_nibbles_to_rows(nonzero_nibbles) << (16 * k);
      }
      rows[w] = nonzero & c->row_valid[w];
    }
  } else {
    for (unsigned w = 0; w < c->row_words; ++w) {
      rows[w] = in->x[t][w] & c->row_valid[w];
    }
  }
}

/* Selection of spec 11.3 for an accepted evaluation, from the registers of the cycle that
 * ends: loads sel and sel_valid, records what it saw in sel_info and returns the macros chosen
 * (bit m). */
static uint32_t select_macros(tnam_chip_t *c, const tnam_chip_in_t *in) {
  tnam_chip_state_t *s = &c->state;
  tnam_chip_sel_info_t *info = &s->sel_info;
  *info = (tnam_chip_sel_info_t){.select = s->select, .mode = s->mode};
  uint32_t chosen_macros = 0;
  uint32_t sel_valid = 0;
  for (unsigned t = 0; t < c->params.tiles; ++t) {
    uint64_t rows[TNAM_ROW_WORDS];
    driven_rows(c, in, t, rows);
    uint64_t any_row = 0;
    for (unsigned w = 0; w < c->row_words; ++w) {
      any_row |= rows[w];
    }
    const bool active = any_row != 0;
    info->active |= (uint32_t)active << t;
    info->candidates[t] = s->copies[t];
    int chosen;
    if (!s->select) {
      /* Static mapping: the lowest copy, active or not. */
      chosen = s->copies[t] ? __builtin_ctz(s->copies[t]) : -1;
    } else if (!active) {
      chosen = -1; /* runs nowhere: its results are the known results for MAC = 0 */
    } else {
      for (uint32_t left = s->copies[t]; left; left &= left - 1) {
        const unsigned m = (unsigned)__builtin_ctz(left);
        uint64_t hazard[TNAM_ROW_WORDS];
        tnam_model_hazard(c->macro[m], hazard);
        unsigned count = 0;
        for (unsigned w = 0; w < c->row_words; ++w) {
          /* Tested first: most words hold no driven hazard row, and this file's popcount is a
           * libgcc call (the macro model clones its popcounts for POPCNT; this one is rare). */
          const uint64_t driven_hazards = rows[w] & hazard[w];
          count += driven_hazards ? (unsigned)__builtin_popcountll(driven_hazards) : 0;
        }
        info->hz[m] = count;
      }
      chosen = tnam_select_copy(s->copies[t], info->hz, s->out.resid);
    }
    s->out.sel[t] = chosen >= 0 ? (uint32_t)chosen : 0;
    if (chosen >= 0) {
      sel_valid |= UINT32_C(1) << t;
      chosen_macros |= UINT32_C(1) << chosen;
    }
  }
  s->out.sel_valid = sel_valid;
  return chosen_macros;
}

/* Asynchronous reset: every macro and every chip register. */
static void reset_chip(tnam_chip_t *c, const tnam_chip_in_t *in) {
  reset_chip_registers(c);
  for (unsigned m = 0; m < c->params.macros; ++m) {
    tnam_model_step(c->macro[m], &in->core);
  }
}

/* The tile map and residual-offset ports, at an edge at which the chip is not busy. */
static void write_map_and_resid(tnam_chip_t *c, const tnam_chip_in_t *in) {
  tnam_chip_state_t *s = &c->state;
  const tnam_chip_params_t *p = &c->params;
  if (in->map_en && in->map_macro < p->macros && !(in->map_valid && in->map_tile >= p->tiles)) {
    const uint32_t bit = UINT32_C(1) << in->map_macro;
    s->out.map_valid = (s->out.map_valid & ~bit) | (in->map_valid ? bit : 0);
    /* A macro holding no tile shows tile 0, as after reset. */
    s->out.map_tile[in->map_macro] = in->map_valid ? in->map_tile : 0;
    update_copies(c);
  }
  if (in->resid_en && in->resid_macro < p->macros) {
    s->out.resid[in->resid_macro] = in->resid & TNAM_RESID_MAX;
  }
}

const tnam_chip_out_t *tnam_chip_step(tnam_chip_t *c, const tnam_chip_in_t *in) {
  tnam_chip_state_t *s = &c->state;
  tnam_chip_out_t *out = &s->out;
  if (!in->core.rst_n) {
    reset_chip(c, in);
    return out;
  }
  if (in->core.hold) return out; /* ce_i = 0: no register of the chip or its macros changes */
  const bool busy = out->busy;
  const bool evaluate = in->core.eval && !busy;
  /* Bit m: macro m evaluates in this cycle, being the one chosen for its tile. Only an
   * accepted evaluation chooses. */
  const uint32_t evaluating = evaluate ? select_macros(c, in) : 0;
  /* Every macro steps on the chip's ports, with its own evaluation and tile. While the chip is
   * busy no macro takes a write or configuration, not even an idle spare. Bit m: macro m takes
   * a write of this cycle (the enables are tested here once, not per macro). */
  const uint32_t writing = busy || !tnam_macro_writes(&in->core) ? 0 : in->mask;
  const bool configures = !busy && in->core.cfg_en;
  uint32_t men = 0;
  bool any_busy = false;
  bool any_done = false;
  for (unsigned m = 0; m < c->params.macros; ++m) {
    const bool eval = (evaluating >> m) & 1;
    /* Active: an evaluation enters or is still in the macro's pipeline in this cycle (bitwise
     * ors: no branch per operand). */
    const tnam_out_t *before = &out->m[m];
    const bool active = eval | before->wl_valid | before->busy;
    men |= (uint32_t)active << m;
    out->cnt_active[m] += active;
    /* A macro that evaluates holds its tile: map_tile[m] is that tile. */
    const unsigned tile = out->map_tile[m];
    tnam_macro_step(c->macro[m], &in->core, (writing >> m) & 1, configures, eval, in->x[tile],
                    in->act[tile]);
    any_busy |= out->m[m].busy; /* the macro's registers are its slot of the outputs */
    any_done |= out->m[m].done;
  }
  out->men = men;
  if (!busy) {
    const uint32_t mode = in->core.cfg_mode & 3u; /* 3 is no mode */
    if (in->core.cfg_en && mode <= TNAM_MODE_Q4) {
      s->mode = mode;
      s->select = in->cfg_select;
    }
    if (in->map_en || in->resid_en) {
      write_map_and_resid(c, in);
    }
  }
  out->busy = any_busy;
  out->done = any_done && !any_busy;
  return out;
}
