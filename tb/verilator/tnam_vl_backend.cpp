// Thin C++ shim: drives Vtnam_chip one clock per step() and converts its ports to C structs.
// C++ only because Verilator's generated model is C++; everything else is in the C harness.
#include "tnam_vl_backend.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>

#include "Vtnam_chip.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#if !defined(TNAM_ROWS) || !defined(TNAM_COLS) || !defined(TNAM_MACROS) || !defined(TNAM_TILES)
#error "build with -DTNAM_ROWS=.. -DTNAM_COLS=.. -DTNAM_MACROS=.. -DTNAM_TILES=.. matching the Verilated parameters"
#endif

namespace {

constexpr unsigned kRows = TNAM_ROWS;
constexpr unsigned kCols = TNAM_COLS;
constexpr unsigned kMacros = TNAM_MACROS;
constexpr unsigned kTiles = TNAM_TILES;
constexpr unsigned kCntW = 32;
constexpr unsigned kRsw = TNAM_RSW;
// Words of the chip's per-tile inputs packed into one vector (tile t at t*R or t*4R bits).
constexpr unsigned kXWords = (kTiles * kRows + 63) / 64;
constexpr unsigned kActWords = (kTiles * 4 * kRows + 63) / 64;
// Half a clock period in trace time units (the model is Verilated with --timescale 1ns/1ns):
// a 10 ns clock puts cycle n's rising edge at n*10+5 ns in GTKWave.
constexpr uint64_t kHalfPeriod = 5;

uint64_t low_mask(unsigned nbits) { return nbits >= 64 ? ~0ULL : (1ULL << nbits) - 1; }

// Ports of up to 64 bits are plain integers; wider ones are VlWide arrays of 32-bit words.
// These overloads let one line per port serve every parameterisation. An input port gets
// only its nbits low bits: Verilator expects the bits above a port's width to be 0.
template <typename T>
void put_bits(T &port, const uint64_t *words, unsigned nbits) {
  port = static_cast<T>(words[0] & low_mask(nbits));
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
// ORs the nbits low bits of src into dst at bit lsb (dst zeroed by the caller).
void pack_bits(uint64_t *dst, unsigned lsb, const uint64_t *src, unsigned nbits) {
  for (unsigned w = 0; w * 64 < nbits; w++) {
    const uint64_t v = src[w] & low_mask(nbits - w * 64);
    const unsigned at = lsb + w * 64;
    dst[at / 64] |= v << (at % 64);
    if (at % 64) {
      const unsigned next = at / 64 + 1;
      // The high part lands in the next word only if the field reaches it.
      if (next * 64 < lsb + nbits) dst[next] |= v >> (64 - at % 64);
    }
  }
}
template <typename T>
uint64_t get_word(const T &port, unsigned word32) {
  return word32 == 0   ? static_cast<uint64_t>(port) & 0xffffffffULL
         : word32 == 1 ? static_cast<uint64_t>(port) >> 32
                       : 0;
}
template <std::size_t N>
uint64_t get_word(const VlWide<N> &port, unsigned word32) {
  return word32 < N ? port[word32] : 0;
}
// Bits [lsb, lsb + width) of a port, width <= 32.
template <typename T>
uint32_t get_field(const T &port, unsigned lsb, unsigned width) {
  uint64_t lo = get_word(port, lsb / 32) | get_word(port, lsb / 32 + 1) << 32;
  return static_cast<uint32_t>((lo >> (lsb % 32)) & low_mask(width));
}
// Bits [lsb, lsb + width) of a port, width <= 64.
template <typename T>
uint64_t get_field64(const T &port, unsigned lsb, unsigned width) {
  if (width <= 32) return get_field(port, lsb, width);
  return get_field(port, lsb, 32) | static_cast<uint64_t>(get_field(port, lsb + 32, width - 32)) << 32;
}
// Bits [lsb, lsb + nbits) of a port into 64-bit words.
template <typename T>
void get_bits(const T &port, unsigned lsb, unsigned nbits, uint64_t *words) {
  for (unsigned w = 0; w * 64 < nbits; w++)
    words[w] = get_field64(port, lsb + w * 64, nbits - w * 64 < 64 ? nbits - w * 64 : 64);
}
bool bit(uint32_t v, unsigned i) { return (v >> i) & 1; }

struct VlImpl {
  VerilatedContext ctx;
  Vtnam_chip *top = nullptr;
  tnam_chip_params_t params{};
  uint64_t cycle = 0;
  tnam_chip_out_t out{};
#if VM_TRACE
  VerilatedFstC *trace = nullptr;
  tnam_waves_t waves{};
#endif
};

void drive(Vtnam_chip *t, const tnam_chip_params_t &cp, const tnam_chip_in_t *in) {
  const tnam_params_t &p = cp.core;
  const tnam_in_t &c = in->core;
  t->rst_ni = c.rst_n;
  t->mask_i = mask_bits(in->mask, kMacros);
  t->wr_en_i = c.wr_en;
  t->wr_row_i = mask_bits(c.wr_row, p.raw);
  put_bits(t->wr_mag_i, &c.wr_mag, kCols);
  put_bits(t->wr_sign_i, &c.wr_sign, kCols);
  t->thr_en_i = c.thr_en;
  t->thr_col_i = mask_bits(c.thr_col, p.caw);
  t->thr_i = mask_bits(static_cast<uint32_t>(c.thr), p.vw);
  t->cfg_en_i = c.cfg_en;
  t->cfg_mode_i = mask_bits(c.cfg_mode, 2);
  t->cfg_shift_i = mask_bits(c.cfg_shift, 5);
  t->cfg_test_i = c.cfg_test;
  t->cfg_select_i = in->cfg_select;
  t->bias_en_i = c.bias_en;
  t->bias_idx_i = mask_bits(c.bias_idx, p.naw);
  t->bias_i = mask_bits(static_cast<uint32_t>(c.bias), p.bw);
  t->trim_en_i = c.trim_en;
  t->trim_col_i = mask_bits(c.trim_col, p.caw);
  t->trim_i = mask_bits(static_cast<uint32_t>(c.trim), p.ow);
  t->health_en_i = c.health_en;
  t->health_row_i = mask_bits(c.health_row, p.raw);
  put_bits(t->health_i, &c.health, kCols);
  t->var_en_i = c.var_en;
  t->var_sel_i = mask_bits(c.var_sel, 2);
  t->var_addr_i = mask_bits(c.var_addr, p.vaw);
  put_bits(t->var_data_i, &c.var_data, p.vdw);
  t->eval_i = c.eval;
  if (kTiles == 1) {
    put_bits(t->x_i, in->x[0], kRows);
    put_bits(t->act_i, in->act[0], 4 * kRows);
  } else {
    uint64_t x[kXWords] = {0};
    uint64_t act[kActWords] = {0};
    for (unsigned k = 0; k < kTiles; k++) {
      pack_bits(x, k * kRows, in->x[k], kRows);
      pack_bits(act, k * 4 * kRows, in->act[k], 4 * kRows);
    }
    put_bits(t->x_i, x, kTiles * kRows);
    put_bits(t->act_i, act, kTiles * 4 * kRows);
  }
  t->map_en_i = in->map_en;
  t->map_macro_i = mask_bits(in->map_macro, cp.mw);
  t->map_valid_i = in->map_valid;
  t->map_tile_i = mask_bits(in->map_tile, cp.tw);
  t->resid_en_i = in->resid_en;
  t->resid_macro_i = mask_bits(in->resid_macro, cp.mw);
  t->resid_i = mask_bits(in->resid, kRsw);
}

// Macro m's outputs: its slice of every concatenated port.
void sample_macro(const Vtnam_chip *t, const tnam_params_t &p, unsigned m, tnam_out_t *o) {
  const unsigned vw = p.vw;
  o->wl_valid = bit(t->wl_valid_o, m);
  get_bits(t->wl_o, m * kRows, kRows, o->wl);
  o->res_valid = bit(t->res_valid_o, m);
  for (unsigned c = 0; c < kCols; c++) {
    const unsigned at = (m * kCols + c) * vw;
    o->mac[c] = sign_extend(get_field(t->mac_o, at, vw), vw);
    o->sar_ref[c] = sign_extend(get_field(t->sar_ref_o, at, vw), vw);
    o->sar_code[c] = sign_extend(get_field(t->sar_code_o, at, vw), vw);
  }
  for (unsigned j = 0; j < p.nn; j++) {
    o->acc[j] = sign_extend(get_field(t->acc_o, (m * p.nn + j) * p.aw, p.aw), p.aw);
    o->out[j] = get_field(t->out_o, (m * p.nn + j) * 4, 4);
  }
  o->gate = get_field64(t->gate_o, m * kCols, kCols);
  o->dec = get_field64(t->dec_o, m * kCols, kCols);
  o->cnt_eval = get_field(t->cnt_eval_o, m * kCntW, kCntW);
  o->cnt_dec = get_field(t->cnt_dec_o, m * kCntW, kCntW);
  o->cnt_gated = get_field(t->cnt_gated_o, m * kCntW, kCntW);
  o->cnt_nzdrv = get_field(t->cnt_nzdrv_o, m * kCntW, kCntW);
  o->cnt_wr = get_field(t->cnt_wr_o, m * kCntW, kCntW);
  o->cnt_step = get_field(t->cnt_step_o, m * kCntW, kCntW);
  o->busy = bit(t->busy_o, m);
  o->done = bit(t->done_o, m);
  o->sar_step = bit(t->sar_step_o, m);
  o->sar_bit = get_field(t->sar_bit_o, m * p.sbw, p.sbw);
  o->sar_q = get_field64(t->sar_q_o, m * kCols, kCols);
}

const tnam_chip_out_t *vl_step(tnam_backend_t *b, const tnam_chip_in_t *in) {
  VlImpl *v = static_cast<VlImpl *>(b->impl);
  tnam_chip_out_t *out = &v->out;
  Vtnam_chip *t = v->top;
  const tnam_chip_params_t &cp = v->params;
  drive(t, cp, in);

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

  for (unsigned m = 0; m < kMacros; m++) {
    sample_macro(t, cp.core, m, &out->m[m]);
    out->cnt_active[m] = get_field(t->cnt_active_o, m * kCntW, kCntW);
    out->map_tile[m] = get_field(t->map_tile_o, m * cp.tw, cp.tw);
    out->resid[m] = get_field(t->resid_o, m * kRsw, kRsw);
  }
  for (unsigned k = 0; k < kTiles; k++) out->sel[k] = get_field(t->sel_o, k * cp.mw, cp.mw);
  out->busy = t->chip_busy_o;
  out->done = t->chip_done_o;
  out->sel_valid = t->sel_valid_o;
  out->men = t->men_o;
  out->map_valid = t->map_valid_o;
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
  if (!v || !tnam_chip_params_make(kRows, kCols, kMacros, kTiles, &v->params)) {
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
  b->close = vl_close;
  b->impl = v;
  return 1;
}
