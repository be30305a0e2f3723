// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Thin C++ shim: clocks the Verilated tnam_fpga_top one board clock per call for the C vboard.
// C++ only because Verilator's generated model is C++; the pty, the UART wire and the faults are
// C (tnam_vboard_main.c, tnam_uart_line.c).
#include "tnam_vboard.h"

#include <cstdint>
#include <cstdio>
#include <new>

#include "Vtnam_fpga_top.h"
#include "verilated.h"
#if VM_TRACE
#include "tnam_fst_check.h"
#include "verilated_fst_c.h"
#endif

struct tnam_vb {
  VerilatedContext ctx;
  Vtnam_fpga_top *top = nullptr;
  uint64_t clocks = 0;
#if VM_TRACE
  VerilatedFstC *trace = nullptr;
  const char *fst_path = nullptr;
#endif
};

namespace {
// Half a board clock in trace time units (Verilated with --timescale 1ns/1ns): 12 MHz is an
// 83.3 ns period, rounded to 84 ns so that GTKWave's axis reads in real time.
constexpr uint64_t kHalfPeriod = 42;
} // namespace

extern "C" void tnam_vb_params(tnam_vb_params_t *p) {
  p->rows = TNAM_ROWS;
  p->cols = TNAM_COLS;
  p->macros = TNAM_MACROS;
  p->tiles = TNAM_TILES;
  p->clks_per_bit = TNAM_CLKS_PER_BIT;
}

extern "C" int tnam_vb_can_trace(void) { return VM_TRACE; }

extern "C" tnam_vb_t *tnam_vb_open(const char *fst_path, char *err, size_t err_size) {
  tnam_vb_t *vb = new (std::nothrow) tnam_vb;
  if (!vb) {
    std::snprintf(err, err_size, "out of memory for the Verilated model");
    return nullptr;
  }
  vb->ctx.fatalOnError(false);
#if VM_TRACE
  vb->ctx.traceEverOn(true);
#endif
  vb->top = new Vtnam_fpga_top(&vb->ctx, "TOP");
  vb->top->clk_i = 0;
  vb->top->rx_i = 1; // an idle UART line is high
  vb->top->eval();
#if VM_TRACE
  if (fst_path) {
    vb->fst_path = fst_path;
    vb->trace = new VerilatedFstC;
    vb->top->trace(vb->trace, 99);
    vb->trace->open(fst_path);
    if (!vb->trace->isOpen()) {
      std::snprintf(err, err_size, "cannot open wave file %s", fst_path);
      delete vb->trace;
      delete vb->top;
      delete vb;
      return nullptr;
    }
  }
#else
  (void)fst_path;
#endif
  return vb;
}

extern "C" int tnam_vb_clock(tnam_vb_t *vb, int rx) {
  Vtnam_fpga_top *t = vb->top;
  t->rx_i = rx ? 1 : 0;
  t->clk_i = 0;
  t->eval();
#if VM_TRACE
  if (vb->trace) vb->trace->dump(vb->clocks * 2 * kHalfPeriod);
#endif
  t->clk_i = 1;
  t->eval();
#if VM_TRACE
  if (vb->trace) vb->trace->dump(vb->clocks * 2 * kHalfPeriod + kHalfPeriod);
#endif
  vb->clocks++;
  return t->tx_o;
}

extern "C" unsigned tnam_vb_leds(const tnam_vb_t *vb) { return vb->top->led_o; }

extern "C" int tnam_vb_close(tnam_vb_t *vb) {
  if (!vb) return 1;
  int ok = 1;
#if VM_TRACE
  if (vb->trace) {
    vb->trace->close();
    delete vb->trace;
    // The last dump is the rising edge of the last clock.
    const uint64_t last = vb->clocks ? (vb->clocks - 1) * 2 * kHalfPeriod + kHalfPeriod : 0;
    ok = tnam_fst_readable(vb->fst_path, last);
  }
#endif
  vb->top->final();
  delete vb->top;
  delete vb;
  return ok;
}
