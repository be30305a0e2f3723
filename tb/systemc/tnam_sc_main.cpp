// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// tnam_sim_sc: the SystemC lockstep harness. The Verilated tnam_chip (--sc) under an sc_clock,
// a Host that plays the stream and a Checker that checks every cycle against the golden model.
// Options, stream, sequencer, comparison, reports, digest and summary are the C harness's
// (tb/harness/tnam_run.h); this file only clocks the RTL and moves values to and from its ports.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "Vtnam_chip.h"
#include "tnam_chip_ports.h"
#include "tnam_cli.h"
#include "tnam_run.h"
#include "verilated.h"
#include "verilated_sc.h"
#if VM_TRACE
#include "tnam_fst_check.h"
#include "verilated_fst_sc.h"
#endif

namespace {

using tnam_ports::kCols;
using tnam_ports::kMacros;
using tnam_ports::kRows;
using tnam_ports::kTiles;

// Every port but clk_i (bound to the sc_clock) from the port list, as TNAM_SIGNAL(name): what
// TNAM_SIGNAL does is defined where the list is used.
#define TNAM_SC_KIND_CLK(name)
#define TNAM_SC_KIND_CE(name) TNAM_SIGNAL(name)
#define TNAM_SC_KIND_BOOL(name) TNAM_SIGNAL(name)
#define TNAM_SC_KIND_U32(name) TNAM_SIGNAL(name)
#define TNAM_SC_KIND_I32(name) TNAM_SIGNAL(name)
#define TNAM_SC_KIND_U64(name) TNAM_SIGNAL(name)
#define TNAM_SC_KIND_WORDS(name) TNAM_SIGNAL(name)
#define TNAM_SC_PORT(name, field, scope, kind, ...) TNAM_SC_KIND_##kind(name)
#define TNAM_SC_PORTS TNAM_PORTS_IN(TNAM_SC_PORT) TNAM_PORTS_OUT(TNAM_SC_PORT)

// The signal a port of Vtnam_chip binds to: sc_signal of the port's own data type (bool,
// uint32_t, uint64_t or sc_bv<N>, depending on the width in this build).
template <typename Port>
using signal_of = sc_core::sc_signal<typename std::remove_reference_t<Port>::data_type>;

// One signal per port, named like the port: the port holder of tnam_chip_ports.h.
struct ChipSignals {
#define TNAM_SIGNAL(name) signal_of<decltype(Vtnam_chip::name)> name{#name};
  TNAM_SC_PORTS
#undef TNAM_SIGNAL
  void bind(Vtnam_chip &top) {
#define TNAM_SIGNAL(name) top.name(name);
    TNAM_SC_PORTS
#undef TNAM_SIGNAL
  }
};

// What Host and Checker share: the run, the cycle in flight and its hand-over event.
struct Bench {
  tnam_run_t *run = nullptr;
  ChipSignals sig;
  tnam_chip_in_t in{};  // inputs of the cycle in flight
  bool pending = false; // in was driven, its rising edge not yet checked
  bool stop = false;    // a check failed: the run ends
  uint64_t cycle = 0;   // cycles checked
  sc_core::sc_event checked;
};

// Checks, after each rising edge, the cycle the Host drove: at the falling edge, when the
// registered outputs have long settled.
SC_MODULE(Checker) {
  sc_core::sc_in<bool> clk{"clk"};
  Bench *b = nullptr;
  tnam_chip_out_t out{};

  void check() {
    if (!b->pending) return;
    tnam_ports::sample(b->sig, &out);
    b->pending = false;
    b->cycle++;
    if (!tnam_run_check(b->run, &b->in, &out)) b->stop = true;
    b->checked.notify(); // immediate: the Host drives the next cycle in this same delta
  }

  SC_CTOR(Checker) {
    SC_METHOD(check);
    sensitive << clk.neg();
    dont_initialize();
  }
};

// Plays the stream: one cycle's inputs before each rising edge (at the falling edge, once the
// Checker has checked the last cycle); clocks the calibration the same way.
SC_MODULE(Host) {
  Bench *b = nullptr;
  Vtnam_chip *top = nullptr;
#if VM_TRACE
  VerilatedFstSc *trace = nullptr;
#endif

  // Opens the wave file at the first cycle of the window, closes it after the last: the FST
  // holds the window's cycles only (times as in the whole run).
  void waves_window() {
#if VM_TRACE
    const tnam_waves_t *w = tnam_run_waves(b->run);
    if (!w->path) return;
    if (!trace && b->cycle == w->from_cycle) {
      trace = new VerilatedFstSc;
      top->trace(trace, 99);
      trace->open(w->path);
      if (!trace->isOpen()) {
        std::fprintf(stderr, "cannot open wave file %s\n", w->path);
        std::exit(TNAM_EXIT_USAGE);
      }
    } else if (trace && b->cycle > w->to_cycle) {
      close_waves();
    }
#endif
  }

  void close_waves() {
#if VM_TRACE
    // The tracer stays registered with the kernel (its sc_trace_file base is private): closed,
    // it ignores the kernel's later dump calls. Not deleted: the kernel still points to it.
    if (trace && trace->isOpen()) {
      trace->close();
      if (!tnam_fst_readable(tnam_run_waves(b->run)->path, 0))
        tnam_run_abort(b->run, TNAM_EXIT_ABORTED, "the wave file is incomplete");
    }
#endif
  }

  // One cycle: drive *in, wait until the Checker has checked its rising edge.
  void cycle(const tnam_chip_in_t &in) {
    waves_window();
    b->in = in;
    tnam_ports::drive(b->sig, &b->in);
    b->pending = true;
    wait(b->checked);
  }

  static const tnam_chip_out_t *step(void *ctx, const tnam_chip_in_t *in) {
    Host *h = static_cast<Host *>(ctx);
    h->cycle(*in);
    return h->b->stop ? nullptr : tnam_run_ref(h->b->run);
  }

  void play() {
    tnam_chip_in_t in;
    while (!b->stop) {
      const int rc = tnam_run_next(b->run, &in);
      if (rc == 0) break;
      if (rc == TNAM_SEQ_CALIBRATE)
        tnam_run_calibrate(b->run, step, this);
      else
        cycle(in);
    }
    sc_core::sc_stop();
  }

  SC_CTOR(Host) {
    SC_THREAD(play);
    // The C run loop and calibration run on this thread's stack.
    set_stack_size(16u << 20);
  }
};

void rtl_params(unsigned *rows, unsigned *cols, unsigned *macros, unsigned *tiles) {
  *rows = kRows;
  *cols = kCols;
  *macros = kMacros;
  *tiles = kTiles;
}

// SystemC prints its banner before sc_main unless this is set: set it at static initialisation.
const int kNoBanner = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);

} // namespace

int sc_main(int argc, char **argv) {
  (void)kNoBanner;
  // The Verilated model's time precision (--timescale 1ns/1ns), before any sc_time exists.
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
  // The Host ends the run with sc_stop(): no "Simulation stopped by user" notice.
  // (the kernel's infos have no id of their own: this hides its other infos too)
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  const tnam_run_dut_t dut = {rtl_params, VM_TRACE, "RTL"};
  int status = 0;
  Bench *b = new Bench;
  tnam_chip_params_t params;
  if (!tnam_chip_params_make(kRows, kCols, kMacros, kTiles, &params)) {
    std::fprintf(stderr, "cannot set up the chip parameters\n");
    return TNAM_EXIT_USAGE;
  }
  b->run = tnam_run_open(argc, argv, &dut, &status);
  if (!b->run) return tnam_stdout_finish(status);

  Verilated::fatalOnError(false);
#if VM_TRACE
  if (tnam_run_waves(b->run)->path) Verilated::traceEverOn(true);
#endif
  // Rising edge of cycle n at n*10+5 ns, as in the Verilator harness's waves.
  sc_core::sc_clock clk("clk", 10, sc_core::SC_NS, 0.5, 5, sc_core::SC_NS, true);
  Vtnam_chip top("TOP");
  top.clk_i(clk);
  b->sig.bind(top);
  Checker checker("checker");
  checker.clk(clk);
  checker.b = b;
  Host host("host");
  host.b = b;
  host.top = &top;

  sc_core::sc_start();
  host.close_waves();
  top.final();
  status = tnam_run_close(b->run);
  delete b;
  return status;
}
