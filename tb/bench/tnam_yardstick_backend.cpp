// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Thin C++ shim: make bench's yardstick (tnam_yardstick.v) behind the chip back end's C interface
// (tb/verilator/tnam_vl_backend.h), so that tnam_sim's own main and benchmark loop drive it with
// the chip's stimulus. C++ only because Verilator's generated model is C++.
#include <cstdio>
#include <new>

#include "Vtnam_yardstick.h"
#include "tnam_chip_ports.h"
#include "tnam_vl_backend.h"
#include "verilated.h"

namespace {

using namespace tnam_ports;

static_assert(kMacros == 1 && kTiles == 1, "the yardstick stands for a chip of one macro");

struct YardstickImpl {
  VerilatedContext ctx;
  Vtnam_yardstick *top = nullptr;
  tnam_chip_params_t params{};
  tnam_chip_out_t out{}; // only macro 0's res_valid, mac, gate and dec move
};

const tnam_chip_out_t *yardstick_step(tnam_backend_t *b, const tnam_chip_in_t *in) {
  YardstickImpl *y = static_cast<YardstickImpl *>(b->impl);
  Vtnam_yardstick *t = y->top;
  const tnam_params_t &p = y->params.core;
  const tnam_in_t &c = in->core;
  // The yardstick has no clock enable: a held edge (spec 5) is not clocked, which is what an
  // enable on every register gives; with rst_ni low it is a reset edge like any other.
  if (c.hold && c.rst_n) return &y->out;
  // The chip's write ports reach macro 0 only through bit 0 of mask_i (spec 11.2).
  const bool to_macro = in->mask & 1;
  put(t->rst_ni, raw(c.rst_n), 1);
  put(t->wr_en_i, raw(c.wr_en && to_macro), 1);
  put(t->wr_row_i, raw(c.wr_row), p.raw);
  put(t->wr_mag_i, raw(c.wr_mag), p.cols);
  put(t->wr_sign_i, raw(c.wr_sign), p.cols);
  put(t->thr_en_i, raw(c.thr_en && to_macro), 1);
  put(t->thr_col_i, raw(c.thr_col), p.caw);
  put(t->thr_i, raw(c.thr), p.vw);
  put(t->eval_i, raw(c.eval), 1);
  put_bits(t->x_i, in->x[0], p.rows);

  t->clk_i = 0;
  t->eval();
  t->clk_i = 1;
  t->eval();

  tnam_out_t &m = y->out.m[0];
  load(t->res_valid_o, 0, 1, m.res_valid);
  for (unsigned col = 0; col < p.cols; col++) load(t->mac_o, col * p.vw, p.vw, m.mac[col]);
  load(t->gate_o, 0, p.cols, m.gate);
  load(t->dec_o, 0, p.cols, m.dec);
  return &y->out;
}

void yardstick_close(tnam_backend_t *b) {
  YardstickImpl *y = static_cast<YardstickImpl *>(b->impl);
  if (!y) return;
  y->top->final();
  delete y->top;
  delete y;
  b->impl = nullptr;
}

} // namespace

extern "C" void tnam_vl_params(unsigned *rows, unsigned *cols, unsigned *macros, unsigned *tiles) {
  *rows = kRows;
  *cols = kCols;
  *macros = kMacros;
  *tiles = kTiles;
}

extern "C" int tnam_vl_can_trace(void) { return 0; }

extern "C" int tnam_vl_open(tnam_backend_t *b, const tnam_waves_t *, char *err, size_t err_size) {
  YardstickImpl *y = new (std::nothrow) YardstickImpl;
  if (!y || !tnam_chip_params_make(kRows, kCols, kMacros, kTiles, &y->params)) {
    std::snprintf(err, err_size, "cannot set up the Verilated yardstick");
    delete y;
    return 0;
  }
  y->ctx.fatalOnError(false);
  y->top = new Vtnam_yardstick(&y->ctx, "TOP");
  // The one macro holds the one tile, so the chip's static selection picks it for every
  // evaluation (spec 11.2 with M = T = 1): the expectation checks read the result from it.
  y->out.sel_valid = 1;
  b->name = "yardstick";
  b->step = yardstick_step;
  b->bind = nullptr;
  b->close = yardstick_close;
  b->impl = y;
  return 1;
}
