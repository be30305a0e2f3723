// Thin C++ shim: drives Vtnam_macro one clock per step() and converts its ports to C structs.
// C++ only because Verilator's generated model is C++; everything else is in the C harness.
#include "tnam_vl_backend.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>

#include "Vtnam_macro.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#if !defined(TNAM_ROWS) || !defined(TNAM_COLS)
#error "build with -DTNAM_ROWS=.. -DTNAM_COLS=.. matching the Verilated parameters"
#endif

namespace {

constexpr unsigned kRows = TNAM_ROWS;
constexpr unsigned kCols = TNAM_COLS;
// Half a clock period in trace time units (the model is Verilated with --timescale 1ns/1ns):
// a 10 ns clock puts cycle n's rising edge at n*10+5 ns in GTKWave.
constexpr uint64_t kHalfPeriod = 5;

// Ports of up to 64 bits are plain integers; wider ones are VlWide arrays of 32-bit words.
// These overloads let one line per port serve every parameterisation. An input port gets
// only its nbits low bits: Verilator expects the bits above a port's width to be 0.
template <typename T>
void put_bits(T &port, const uint64_t *words, unsigned nbits) {
  port = static_cast<T>(nbits >= 64 ? words[0] : words[0] & ((1ULL << nbits) - 1));
}
template <std::size_t N>
void put_bits(VlWide<N> &port, const uint64_t *words, unsigned nbits) {
  for (std::size_t i = 0; i < N; i++) port[i] = static_cast<EData>(words[i / 2] >> (32 * (i % 2)));
  if (nbits % 32) port[N - 1] &= (1u << (nbits % 32)) - 1;
}
// The low width bits of v (width < 32), for a narrow input port.
uint32_t mask_bits(uint32_t v, unsigned width) { return v & ((1u << width) - 1); }
// Sign-extends the low width bits of raw (1 <= width <= 32).
int32_t sign_extend(uint32_t raw, unsigned width) {
  return static_cast<int32_t>(raw << (32 - width)) >> (32 - width);
}
template <typename T>
uint64_t get_word(const T &port, unsigned word32) {
  return word32 == 0 ? static_cast<uint64_t>(port) & 0xffffffffULL
                     : static_cast<uint64_t>(port) >> 32;
}
template <std::size_t N>
uint64_t get_word(const VlWide<N> &port, unsigned word32) {
  return word32 < N ? port[word32] : 0;
}
// Bits [lsb, lsb + width) of a port, width <= 32.
template <typename T>
uint32_t get_field(const T &port, unsigned lsb, unsigned width) {
  uint64_t lo = get_word(port, lsb / 32) | get_word(port, lsb / 32 + 1) << 32;
  return static_cast<uint32_t>((lo >> (lsb % 32)) & ((1ULL << width) - 1));
}
template <typename T>
void get_bits(const T &port, unsigned nbits, uint64_t *words) {
  for (unsigned w = 0; w * 64 < nbits; w++)
    words[w] = get_word(port, 2 * w) | get_word(port, 2 * w + 1) << 32;
}

struct VlImpl {
  VerilatedContext ctx;
  Vtnam_macro *top = nullptr;
  tnam_params_t params{};
  uint64_t cycle = 0;
  tnam_out_t out{};
#if VM_TRACE
  VerilatedFstC *trace = nullptr;
  tnam_waves_t waves{};
#endif
};

const tnam_out_t *vl_step(tnam_backend_t *b, const tnam_in_t *in) {
  VlImpl *v = static_cast<VlImpl *>(b->impl);
  tnam_out_t *out = &v->out;
  Vtnam_macro *t = v->top;
  t->rst_ni = in->rst_n;
  t->wr_en_i = in->wr_en;
  t->wr_row_i = in->wr_row;
  t->wr_mag_i = in->wr_mag;
  t->wr_sign_i = in->wr_sign;
  t->thr_en_i = in->thr_en;
  t->thr_col_i = in->thr_col;
  const tnam_params_t &p = v->params;
  t->thr_i = mask_bits(static_cast<uint32_t>(in->thr), p.vw);
  t->eval_i = in->eval;
  put_bits(t->x_i, in->x, kRows);
  put_bits(t->act_i, in->act, 4 * kRows);
  t->cfg_en_i = in->cfg_en;
  t->cfg_mode_i = mask_bits(in->cfg_mode, 2);
  t->cfg_shift_i = mask_bits(in->cfg_shift, 5);
  t->bias_en_i = in->bias_en;
  t->bias_idx_i = mask_bits(in->bias_idx, p.naw);
  t->bias_i = mask_bits(static_cast<uint32_t>(in->bias), p.bw);

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

  out->wl_valid = t->wl_valid_o;
  get_bits(t->wl_o, kRows, out->wl);
  out->res_valid = t->res_valid_o;
  const unsigned vw = p.vw;
  for (unsigned c = 0; c < kCols; c++) {
    out->mac[c] = sign_extend(get_field(t->mac_o, c * vw, vw), vw);
    out->sar_ref[c] = sign_extend(get_field(t->sar_ref_o, c * vw, vw), vw);
    out->sar_code[c] = sign_extend(get_field(t->sar_code_o, c * vw, vw), vw);
  }
  for (unsigned j = 0; j < p.nn; j++) {
    out->acc[j] = sign_extend(get_field(t->acc_o, j * p.aw, p.aw), p.aw);
    out->out[j] = get_field(t->out_o, 4 * j, 4);
  }
  out->gate = t->gate_o;
  out->dec = t->dec_o;
  out->cnt_eval = t->cnt_eval_o;
  out->cnt_dec = t->cnt_dec_o;
  out->cnt_gated = t->cnt_gated_o;
  out->cnt_nzdrv = t->cnt_nzdrv_o;
  out->cnt_wr = t->cnt_wr_o;
  out->cnt_step = t->cnt_step_o;
  out->busy = t->busy_o;
  out->done = t->done_o;
  out->sar_step = t->sar_step_o;
  out->sar_bit = t->sar_bit_o;
  out->sar_q = t->sar_q_o;
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

}  // namespace

extern "C" void tnam_vl_params(unsigned *rows, unsigned *cols) {
  *rows = kRows;
  *cols = kCols;
}

extern "C" int tnam_vl_can_trace(void) { return VM_TRACE; }

extern "C" int tnam_vl_open(tnam_backend_t *b, const tnam_waves_t *waves, char *err,
                            size_t err_size) {
  VlImpl *v = new (std::nothrow) VlImpl;
  if (!v || !tnam_params_make(kRows, kCols, &v->params)) {
    std::snprintf(err, err_size, "cannot set up the Verilated model");
    delete v;
    return 0;
  }
  v->ctx.fatalOnError(false);
#if VM_TRACE
  v->ctx.traceEverOn(true);
#endif
  v->top = new Vtnam_macro(&v->ctx, "TOP");
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
  b->close = vl_close;
  b->impl = v;
  return 1;
}
