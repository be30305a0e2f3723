// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Thin C++ shim: drives Vtnam_chip one clock per step() and converts its ports to C structs.
// C++ only because Verilator's generated model is C++; everything else is in the C harness.
#include "tnam_vl_backend.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>

#include "Vtnam_chip.h"
#include "tnam_chip_ports.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {

using namespace tnam_ports;
// Half a clock period in trace time units (the model is Verilated with --timescale 1ns/1ns):
// a 10 ns clock puts cycle n's rising edge at n*10+5 ns in GTKWave.
constexpr uint64_t kHalfPeriod = 5;

struct VlImpl {
  VerilatedContext ctx;
  Vtnam_chip *top = nullptr;
  uint64_t cycle = 0;
  tnam_chip_out_t out{};
  SampledPorts<Vtnam_chip> sampled; // what out holds of the per-element ports
#if VM_TRACE
  VerilatedFstC *trace = nullptr;
  tnam_waves_t waves{};
#endif
};

const tnam_chip_out_t *vl_step(tnam_backend_t *b, const tnam_chip_in_t *in) {
  VlImpl *v = static_cast<VlImpl *>(b->impl);
  tnam_chip_out_t *out = &v->out;
  Vtnam_chip *t = v->top;
  drive(*t, in);

  t->clk_i = 0;
  t->eval();
#if VM_TRACE
  const bool dump = v->trace && v->cycle >= v->waves.from_cycle && v->cycle <= v->waves.to_cycle;
  if (dump) v->trace->dump(v->cycle * 2 * kHalfPeriod);
#endif
  t->clk_i = 1;
  t->eval();
#if VM_TRACE
  if (dump) v->trace->dump(v->cycle * 2 * kHalfPeriod + kHalfPeriod);
#endif
  v->cycle++;

  // A failed RTL assertion (make sim builds with --assert, docs/decisions.md D34) has printed
  // its message; the run stops there instead of comparing on.
  if (v->ctx.gotError()) {
    std::fprintf(stderr, "RTL ASSERTION FAILED at cycle %llu (the message above names the check)\n",
                 static_cast<unsigned long long>(v->cycle - 1));
    return nullptr;
  }
  sample_changed(*t, v->sampled, out);
  return out;
}

void vl_close(tnam_backend_t *b) {
  VlImpl *v = static_cast<VlImpl *>(b->impl);
  if (!v) return;
#if VM_TRACE
  if (v->trace) {
    v->trace->close();
    delete v->trace;
  }
#endif
  v->top->final();
  delete v->top;
  delete v;
  b->impl = nullptr;
}

} // namespace

extern "C" void tnam_vl_params(unsigned *rows, unsigned *cols, unsigned *macros, unsigned *tiles) {
  *rows = kRows;
  *cols = kCols;
  *macros = kMacros;
  *tiles = kTiles;
}

extern "C" int tnam_vl_can_trace(void) { return VM_TRACE; }

extern "C" int tnam_vl_open(tnam_backend_t *b, const tnam_waves_t *waves, char *err,
                            size_t err_size) {
  VlImpl *v = new (std::nothrow) VlImpl;
  tnam_chip_params_t params;
  if (!v || !tnam_chip_params_make(kRows, kCols, kMacros, kTiles, &params)) {
    std::snprintf(err, err_size, "cannot set up the Verilated model");
    delete v;
    return 0;
  }
  v->ctx.fatalOnError(false);
#if VM_TRACE
  v->ctx.traceEverOn(true);
#endif
  v->top = new Vtnam_chip(&v->ctx, "TOP");
#if VM_TRACE
  if (waves->path) {
    v->waves = *waves;
    v->trace = new VerilatedFstC;
    v->top->trace(v->trace, 99);
    v->trace->open(waves->path);
    if (!v->trace->isOpen()) {
      std::snprintf(err, err_size, "cannot open wave file %s", waves->path);
      delete v->trace;
      delete v->top;
      delete v;
      return 0;
    }
  }
#else
  (void)waves;
#endif
  b->name = "RTL";
  b->step = vl_step;
  b->bind = nullptr;
  b->close = vl_close;
  b->impl = v;
  return 1;
}
