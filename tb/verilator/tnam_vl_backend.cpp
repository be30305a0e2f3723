// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Thin C++ shim: drives Vtnam_chip one clock per step() and converts its ports to C structs.
// C++ only because Verilator's generated model is C++; everything else is in the C harness.
#include "tnam_vl_backend.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#if VM_COVERAGE
#include <string>

#include <unistd.h>
#endif

#include "Vtnam_chip.h"
#include "tnam_chip_ports.h"
#include "verilated.h"
#if VM_TRACE
#include "tnam_fst_check.h"
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
  uint64_t last_dump = 0; // the time of the last dump
#endif
#if VM_COVERAGE
  std::string cov_path; // empty: no coverage file (TNAM_COVERAGE_DIR unset)
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
  if (dump) {
    v->last_dump = v->cycle * 2 * kHalfPeriod + kHalfPeriod;
    v->trace->dump(v->last_dump);
  }
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
    if (!tnam_fst_readable(v->waves.path, v->last_dump) && v->waves.failed) *v->waves.failed = 1;
  }
#endif
  v->top->final();
#if VM_COVERAGE
  if (!v->cov_path.empty()) v->ctx.coveragep()->write(v->cov_path.c_str());
#endif
  delete v->top;
  delete v;
  b->impl = nullptr;
}

// A coverage build (COVERAGE=1, make coverage) writes its counts at the end of the run into a new
// file in the folder that TNAM_COVERAGE_DIR names. The file is created here, under a unique name,
// so that parallel and repeated runs never overwrite one another and a folder that cannot be
// written stops the run before it starts. Without the variable a coverage build writes nothing.
bool open_coverage(VlImpl *v, char *err, size_t err_size) {
  const char *dir = std::getenv("TNAM_COVERAGE_DIR");
  if (!dir || !*dir) return true;
#if VM_COVERAGE
  std::string path = std::string(dir) + "/tnam_sim-XXXXXX.dat";
  const int fd = mkstemps(&path[0], 4);
  if (fd < 0) {
    std::snprintf(err, err_size, "cannot create a coverage file in %s (TNAM_COVERAGE_DIR): %s", dir,
                  std::strerror(errno));
    return false;
  }
  close(fd);
  v->cov_path = path;
  return true;
#else
  (void)v;
  std::snprintf(err, err_size,
                "TNAM_COVERAGE_DIR is set, but this binary counts no coverage (build it with "
                "COVERAGE=1)");
  return false;
#endif
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
  if (!open_coverage(v, err, err_size)) {
    delete v;
    return 0;
  }
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
