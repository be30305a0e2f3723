// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Host-driven calibration (spec 12.2) and placement at weight-load time (spec 11.4). Both are
 * host functions: calibration drives the chip's ordinary ports one cycle at a time, so it runs
 * unchanged on every back end. */
#include "tnam_cal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const tnam_chip_out_t *model_step(void *ctx, const tnam_chip_in_t *in) {
  return tnam_chip_step(ctx, in);
}

void tnam_port_model(tnam_port_t *port, tnam_chip_t *chip) {
  port->step = model_step;
  port->ctx = chip;
  port->p = tnam_chip_params(chip);
}

void tnam_port_idle(tnam_chip_in_t *in) {
  memset(in, 0, sizeof *in);
  in->core.rst_n = true;
}

/* ---- calibration ------------------------------------------------------------------------ */

typedef struct {
  const tnam_port_t *port;
  const tnam_chip_params_t *p;
  const tnam_chip_out_t *out; /* outputs after the latest step */
  uint64_t cycles;
  char *err;
  size_t err_size;
} cal_t;

static int cal_fail(cal_t *k, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(k->err, k->err_size, fmt, ap);
  va_end(ap);
  return 0;
}

static int step(cal_t *k, const tnam_chip_in_t *in) {
  k->out = k->port->step(k->port->ctx, in);
  k->cycles++;
  if (!k->out)
    return cal_fail(k, "the run was stopped at cycle %" PRIu64 " of the host procedure", k->cycles);
  return 1;
}

/* One level read of macro m, the only macro holding tile 0: *in (with whatever writes ride in
 * the same cycle) plus the evaluation, then idle cycles until the chip is done; the digitised
 * values go to code[]. An operation longer than the longest possible one (2 + 4 S, spec 7) is
 * an error, so a back end that never finishes cannot hang the host. */
static int level_read(cal_t *k, unsigned m, tnam_chip_in_t *in, int32_t *code) {
  const unsigned limit = 2 + 4 * k->p->core.steps;
  in->core.eval = true;
  if (!step(k, in)) return 0;
  tnam_chip_in_t idle;
  tnam_port_idle(&idle);
  for (unsigned len = 1; k->out->busy; len++) {
    if (len == limit)
      return cal_fail(k,
                      "calibration of macro %u: a level read was still busy %u cycles after "
                      "its start (cycle %" PRIu64 ")",
                      m, limit, k->cycles);
    if (!step(k, &idle)) return 0;
  }
  if (!k->out->done)
    return cal_fail(k,
                    "calibration of macro %u: a level read ended without done (cycle %" PRIu64 ")",
                    m, k->cycles);
  memcpy(code, k->out->m[m].sar_code, k->p->core.cols * sizeof *code);
  return 1;
}

/* The configuration write (broadcast to every macro) in *in. */
static void set_cfg(tnam_chip_in_t *in, uint32_t mode, uint32_t shift, bool select, bool test) {
  in->core.cfg_en = true;
  in->core.cfg_mode = mode;
  in->core.cfg_shift = shift;
  in->cfg_select = select;
  in->core.cfg_test = test;
}

static void set_map(tnam_chip_in_t *in, unsigned macro, bool valid, uint32_t tile) {
  in->map_en = true;
  in->map_macro = macro;
  in->map_valid = valid;
  in->map_tile = tile;
}

static int calibrate_macro(cal_t *k, unsigned m, tnam_cal_result_t *res) {
  const unsigned R = k->p->core.rows, C = k->p->core.cols, M = k->p->macros;
  const uint64_t all_cols = C == 64 ? ~0ULL : (1ULL << C) - 1u;
  int32_t code[TNAM_MAX_COLS];
  tnam_chip_in_t in;

  /* 1. Macro m alone holds tile 0, so static selection runs it and no other macro. For the
   * first macro every entry is written (the map was the caller's); afterwards only the
   * previous macro gives the tile up. */
  for (unsigned j = m ? m - 1 : 0; j < (m ? m + 1 : M); j++) {
    tnam_port_idle(&in);
    set_map(&in, j, j == m, 0);
    if (!step(k, &in)) return 0;
  }
  /* m's trims go to 0 so that the next read sees the bare offsets. */
  for (unsigned c = 0; c < C; c++) {
    tnam_port_idle(&in);
    in.mask = 1u << m;
    in.core.trim_en = true;
    in.core.trim_col = c;
    if (!step(k, &in)) return 0;
  }

  /* 2. Offsets: with no word line driven, test mode keeps every comparator on and the search
   * digitises A_c = o_c. The search range [-2^(S-1), 2^(S-1)-1] is the OW-bit range (S = OW),
   * so every code is a valid trim. */
  tnam_port_idle(&in);
  if (!level_read(k, m, &in, res->trim[m])) return 0;

  /* 3. Defects. The trims are written in the same cycles as the +1 rows (the ports are
   * independent), and each row's health bits ride with the next row's read. */
  for (unsigned i = 0; i < (R > C ? R : C); i++) {
    tnam_port_idle(&in);
    in.mask = 1u << m;
    if (i < R) {
      in.core.wr_en = true;
      in.core.wr_row = i;
      in.core.wr_mag = all_cols;
    }
    if (i < C) {
      in.core.trim_en = true;
      in.core.trim_col = i;
      in.core.trim = res->trim[m][i];
    }
    if (!step(k, &in)) return 0;
  }
  for (unsigned r = 0; r <= R; r++) {
    tnam_port_idle(&in);
    in.mask = 1u << m;
    if (r > 0) {
      in.core.health_en = true;
      in.core.health_row = r - 1;
      in.core.health = res->health[m][r - 1];
    }
    /* 4. Rows 0 .. R-1 drive one row each; the extra read (r = R) drives none and measures
     * what the trims left. */
    if (r < R) in.x[0][r / 64] = 1ULL << (r % 64);
    if (!level_read(k, m, &in, code)) return 0;
    if (r < R) {
      /* Trimmed, a driven +1 cell reads 1 + D f(r, c). */
      for (unsigned c = 0; c < C; c++)
        if (code[c] != 1) res->health[m][r] |= 1ULL << c;
    } else {
      uint32_t sum = 0;
      for (unsigned c = 0; c < C; c++) sum += (uint32_t)abs(code[c]);
      res->resid[m] = sum > TNAM_RESID_MAX ? TNAM_RESID_MAX : sum;
    }
  }

  /* 5. Clear the cells; the residual register rides with the first row. */
  for (unsigned r = 0; r < R; r++) {
    tnam_port_idle(&in);
    in.mask = 1u << m;
    in.core.wr_en = true;
    in.core.wr_row = r;
    if (r == 0) {
      in.resid_en = true;
      in.resid_macro = m;
      in.resid = res->resid[m];
    }
    if (!step(k, &in)) return 0;
  }
  return 1;
}

/* Writes the tile map of every macro, the configuration riding with the first entry. */
static int configure(cal_t *k, const tnam_chip_cfg_t *cfg) {
  tnam_chip_in_t in;
  for (unsigned m = 0; m < k->p->macros; m++) {
    tnam_port_idle(&in);
    if (m == 0) set_cfg(&in, cfg->mode, cfg->shift, cfg->select, cfg->test);
    set_map(&in, m, (cfg->map_valid >> m) & 1u, cfg->map_tile[m]);
    if (!step(k, &in)) return 0;
  }
  return 1;
}

int tnam_port_configure(const tnam_port_t *port, const tnam_chip_cfg_t *cfg, char *err,
                        size_t err_size) {
  cal_t k = {.port = port, .p = port->p, .err = err, .err_size = err_size};
  return configure(&k, cfg);
}

int tnam_cal_run(const tnam_port_t *port, const tnam_chip_cfg_t *restore, tnam_cal_result_t *res,
                 char *err, size_t err_size) {
  cal_t k = {.port = port, .p = port->p, .err = err, .err_size = err_size};
  memset(res, 0, sizeof *res);
  tnam_chip_in_t in;

  tnam_port_idle(&in);
  set_cfg(&in, TNAM_MODE_LEVEL, 0, false, true);
  int ok = step(&k, &in);
  for (unsigned m = 0; ok && m < k.p->macros; m++) ok = calibrate_macro(&k, m, res);
  ok = ok && configure(&k, restore);
  res->cycles = k.cycles;
  return ok;
}

/* ---- placement -------------------------------------------------------------------------- */

int tnam_place(const tnam_chip_params_t *p, const tnam_cal_result_t *cal, const tnam_nonzero_t *nz,
               tnam_chip_cfg_t *cfg) {
  if (p->macros < p->tiles) return 0;
  uint32_t free_macros = (1u << p->macros) - 1u;
  cfg->map_valid = 0;
  memset(cfg->map_tile, 0, sizeof cfg->map_tile);
  for (unsigned t = 0; t < p->tiles; t++) {
    /* Every row counts as driven: the hazard count is the number of rows on which the
     * macro's known-defective cells meet the tile's non-zero weights. */
    uint32_t hz[TNAM_MAX_MACROS] = {0};
    for (unsigned m = 0; m < p->macros; m++)
      for (unsigned r = 0; r < p->core.rows; r++) hz[m] += (cal->health[m][r] & nz->row[t][r]) != 0;
    int m = tnam_select_copy(free_macros, hz, cal->resid);
    cfg->map_valid |= 1u << m;
    cfg->map_tile[m] = t;
    free_macros &= ~(1u << m);
  }
  return 1;
}
