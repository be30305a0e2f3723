// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Conversion between tnam_chip's ports and the C structs tnam_chip_in_t / tnam_chip_out_t, once
// for every harness: templated on the "port holder" P, any object whose members are named like
// the ports (Vtnam_chip of a --cc build: CData..QData and VlWide members; a struct of
// sc_signal<T> of a --sc build). PortIO<T> says how one port of type T is written and read;
// the --sc specialisations are compiled only when VM_SC (set by Verilator's makefile) is 1.
// Needs -DTNAM_ROWS=.. -DTNAM_COLS=.. -DTNAM_MACROS=.. -DTNAM_TILES=.. matching the Verilated
// parameters.
#ifndef TNAM_CHIP_PORTS_H
#define TNAM_CHIP_PORTS_H

#include <cstddef>
#include <cstdint>

#include "tnam_chip.h"
#include "verilated.h"
#if VM_SC
#include "verilated_sc.h"
#endif

#if !defined(TNAM_ROWS) || !defined(TNAM_COLS) || !defined(TNAM_MACROS) || !defined(TNAM_TILES)
#error \
    "build with -DTNAM_ROWS=.. -DTNAM_COLS=.. -DTNAM_MACROS=.. -DTNAM_TILES=.. matching the Verilated parameters"
#endif

namespace tnam_ports {

constexpr unsigned kRows = TNAM_ROWS;
constexpr unsigned kCols = TNAM_COLS;
constexpr unsigned kMacros = TNAM_MACROS;
constexpr unsigned kTiles = TNAM_TILES;
constexpr unsigned kCntW = 32;
constexpr unsigned kRsw = TNAM_RSW;
// Words of the chip's per-tile inputs packed into one vector (tile t at t*R or t*4R bits).
constexpr unsigned kXWords = (kTiles * kRows + 63) / 64;
constexpr unsigned kActWords = (kTiles * 4 * kRows + 63) / 64;

inline uint64_t low_mask(unsigned nbits) { return nbits >= 64 ? ~0ULL : (1ULL << nbits) - 1; }

// put(): the nbits low bits of words[] onto the port (Verilator expects the bits above a port's
// width to be 0). word32(): 32-bit word i of the port's value (0 above its width).
// Primary template: Verilator's C++ ports of up to 64 bits (CData, SData, IData, QData).
template <typename T>
struct PortIO {
  static void put(T &port, const uint64_t *words, unsigned nbits) {
    port = static_cast<T>(words[0] & low_mask(nbits));
  }
  static uint32_t word32(const T &port, unsigned i) {
    const uint64_t v = static_cast<uint64_t>(port);
    return i == 0 ? static_cast<uint32_t>(v) : i == 1 ? static_cast<uint32_t>(v >> 32) : 0;
  }
};
// Verilator's C++ ports wider than 64 bits: arrays of 32-bit words.
template <std::size_t N>
struct PortIO<VlWide<N>> {
  static void put(VlWide<N> &port, const uint64_t *words, unsigned nbits) {
    for (std::size_t i = 0; i < N; i++)
      port[i] = static_cast<EData>(words[i / 2] >> (32 * (i % 2)));
    if (nbits % 32) port[N - 1] &= (1u << (nbits % 32)) - 1;
  }
  static uint32_t word32(const VlWide<N> &port, unsigned i) { return i < N ? port[i] : 0; }
};
#if VM_SC
// SystemC signals of Verilator's --sc ports up to 64 bits: bool, uint32_t, uint64_t.
template <typename T>
struct PortIO<sc_core::sc_signal<T>> {
  static void put(sc_core::sc_signal<T> &sig, const uint64_t *words, unsigned nbits) {
    sig.write(static_cast<T>(words[0] & low_mask(nbits)));
  }
  static uint32_t word32(const sc_core::sc_signal<T> &sig, unsigned i) {
    const uint64_t v = static_cast<uint64_t>(sig.read());
    return i == 0 ? static_cast<uint32_t>(v) : i == 1 ? static_cast<uint32_t>(v >> 32) : 0;
  }
};
// ... and wider than 64 bits: sc_bv<N>.
template <int N>
struct PortIO<sc_core::sc_signal<sc_dt::sc_bv<N>>> {
  static constexpr int kWords = (N + 31) / 32;
  static void put(sc_core::sc_signal<sc_dt::sc_bv<N>> &sig, const uint64_t *words, unsigned nbits) {
    sc_dt::sc_bv<N> v;
    for (int i = 0; i < kWords; i++) {
      uint32_t w = static_cast<uint32_t>(words[i / 2] >> (32 * (i % 2)));
      if (i == kWords - 1 && nbits % 32) w &= (1u << (nbits % 32)) - 1;
      v.set_word(i, w);
    }
    sig.write(v);
  }
  static uint32_t word32(const sc_core::sc_signal<sc_dt::sc_bv<N>> &sig, unsigned i) {
    return static_cast<int>(i) < kWords ? static_cast<uint32_t>(sig.read().get_word(i)) : 0;
  }
};
#endif

template <typename T>
void put_bits(T &port, const uint64_t *words, unsigned nbits) {
  PortIO<T>::put(port, words, nbits);
}
// A port of up to 64 bits from a value (its nbits low bits).
template <typename T>
void put(T &port, uint64_t v, unsigned nbits) {
  PortIO<T>::put(port, &v, nbits);
}
// Sign-extends the low width bits of raw (1 <= width <= 32).
inline int32_t sign_extend(uint32_t raw, unsigned width) {
  return static_cast<int32_t>(raw << (32 - width)) >> (32 - width);
}
// ORs the nbits low bits of src into dst at bit lsb (dst zeroed by the caller).
inline void pack_bits(uint64_t *dst, unsigned lsb, const uint64_t *src, unsigned nbits) {
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
// Bits [lsb, lsb + width) of a port, width <= 32.
template <typename T>
uint32_t get_field(const T &port, unsigned lsb, unsigned width) {
  const uint64_t lo = PortIO<T>::word32(port, lsb / 32) |
                      static_cast<uint64_t>(PortIO<T>::word32(port, lsb / 32 + 1)) << 32;
  return static_cast<uint32_t>((lo >> (lsb % 32)) & low_mask(width));
}
// Bits [lsb, lsb + width) of a port, width <= 64.
template <typename T>
uint64_t get_field64(const T &port, unsigned lsb, unsigned width) {
  if (width <= 32) return get_field(port, lsb, width);
  return get_field(port, lsb, 32) | static_cast<uint64_t>(get_field(port, lsb + 32, width - 32))
                                        << 32;
}
// Bits [lsb, lsb + nbits) of a port into 64-bit words.
template <typename T>
void get_bits(const T &port, unsigned lsb, unsigned nbits, uint64_t *words) {
  for (unsigned w = 0; w * 64 < nbits; w++)
    words[w] = get_field64(port, lsb + w * 64, nbits - w * 64 < 64 ? nbits - w * 64 : 64);
}
template <typename T>
bool bit(const T &port, unsigned i) {
  return get_field(port, i, 1);
}

// Drives every input port but the clock from *in (ce_i at 1).
template <typename P>
void drive(P &t, const tnam_chip_params_t &cp, const tnam_chip_in_t *in) {
  const tnam_params_t &p = cp.core;
  const tnam_in_t &c = in->core;
  put(t.rst_ni, c.rst_n, 1);
  put(t.ce_i, 1, 1); // every harness cycle is a chip cycle; only the FPGA bridge stalls the chip
  put(t.mask_i, in->mask, kMacros);
  put(t.wr_en_i, c.wr_en, 1);
  put(t.wr_row_i, c.wr_row, p.raw);
  put_bits(t.wr_mag_i, &c.wr_mag, kCols);
  put_bits(t.wr_sign_i, &c.wr_sign, kCols);
  put(t.thr_en_i, c.thr_en, 1);
  put(t.thr_col_i, c.thr_col, p.caw);
  put(t.thr_i, static_cast<uint32_t>(c.thr), p.vw);
  put(t.cfg_en_i, c.cfg_en, 1);
  put(t.cfg_mode_i, c.cfg_mode, 2);
  put(t.cfg_shift_i, c.cfg_shift, 5);
  put(t.cfg_test_i, c.cfg_test, 1);
  put(t.cfg_select_i, in->cfg_select, 1);
  put(t.bias_en_i, c.bias_en, 1);
  put(t.bias_idx_i, c.bias_idx, p.naw);
  put(t.bias_i, static_cast<uint32_t>(c.bias), p.bw);
  put(t.trim_en_i, c.trim_en, 1);
  put(t.trim_col_i, c.trim_col, p.caw);
  put(t.trim_i, static_cast<uint32_t>(c.trim), p.ow);
  put(t.health_en_i, c.health_en, 1);
  put(t.health_row_i, c.health_row, p.raw);
  put_bits(t.health_i, &c.health, kCols);
  put(t.var_en_i, c.var_en, 1);
  put(t.var_sel_i, c.var_sel, 2);
  put(t.var_addr_i, c.var_addr, p.vaw);
  put_bits(t.var_data_i, &c.var_data, p.vdw);
  put(t.eval_i, c.eval, 1);
  if (kTiles == 1) {
    put_bits(t.x_i, in->x[0], kRows);
    put_bits(t.act_i, in->act[0], 4 * kRows);
  } else {
    uint64_t x[kXWords] = {0};
    uint64_t act[kActWords] = {0};
    for (unsigned k = 0; k < kTiles; k++) {
      pack_bits(x, k * kRows, in->x[k], kRows);
      pack_bits(act, k * 4 * kRows, in->act[k], 4 * kRows);
    }
    put_bits(t.x_i, x, kTiles * kRows);
    put_bits(t.act_i, act, kTiles * 4 * kRows);
  }
  put(t.map_en_i, in->map_en, 1);
  put(t.map_macro_i, in->map_macro, cp.mw);
  put(t.map_valid_i, in->map_valid, 1);
  put(t.map_tile_i, in->map_tile, cp.tw);
  put(t.resid_en_i, in->resid_en, 1);
  put(t.resid_macro_i, in->resid_macro, cp.mw);
  put(t.resid_i, in->resid, kRsw);
}

// Macro m's outputs: its slice of every concatenated port.
template <typename P>
void sample_macro(const P &t, const tnam_params_t &p, unsigned m, tnam_out_t *o) {
  const unsigned vw = p.vw;
  o->wl_valid = bit(t.wl_valid_o, m);
  get_bits(t.wl_o, m * kRows, kRows, o->wl);
  o->res_valid = bit(t.res_valid_o, m);
  for (unsigned c = 0; c < kCols; c++) {
    const unsigned at = (m * kCols + c) * vw;
    o->mac[c] = sign_extend(get_field(t.mac_o, at, vw), vw);
    o->sar_ref[c] = sign_extend(get_field(t.sar_ref_o, at, vw), vw);
    o->sar_code[c] = sign_extend(get_field(t.sar_code_o, at, vw), vw);
  }
  for (unsigned j = 0; j < p.nn; j++) {
    o->acc[j] = sign_extend(get_field(t.acc_o, (m * p.nn + j) * p.aw, p.aw), p.aw);
    o->out[j] = get_field(t.out_o, (m * p.nn + j) * 4, 4);
  }
  o->gate = get_field64(t.gate_o, m * kCols, kCols);
  o->dec = get_field64(t.dec_o, m * kCols, kCols);
  o->cnt_eval = get_field(t.cnt_eval_o, m * kCntW, kCntW);
  o->cnt_dec = get_field(t.cnt_dec_o, m * kCntW, kCntW);
  o->cnt_gated = get_field(t.cnt_gated_o, m * kCntW, kCntW);
  o->cnt_nzdrv = get_field(t.cnt_nzdrv_o, m * kCntW, kCntW);
  o->cnt_wr = get_field(t.cnt_wr_o, m * kCntW, kCntW);
  o->cnt_step = get_field(t.cnt_step_o, m * kCntW, kCntW);
  o->busy = bit(t.busy_o, m);
  o->done = bit(t.done_o, m);
  o->sar_step = bit(t.sar_step_o, m);
  o->sar_bit = get_field(t.sar_bit_o, m * p.sbw, p.sbw);
  o->sar_q = get_field64(t.sar_q_o, m * kCols, kCols);
}

// Every output port into *out (entries >= macros or >= tiles are left alone).
template <typename P>
void sample(const P &t, const tnam_chip_params_t &cp, tnam_chip_out_t *out) {
  for (unsigned m = 0; m < kMacros; m++) {
    sample_macro(t, cp.core, m, &out->m[m]);
    out->cnt_active[m] = get_field(t.cnt_active_o, m * kCntW, kCntW);
    out->map_tile[m] = get_field(t.map_tile_o, m * cp.tw, cp.tw);
    out->resid[m] = get_field(t.resid_o, m * kRsw, kRsw);
  }
  for (unsigned k = 0; k < kTiles; k++) out->sel[k] = get_field(t.sel_o, k * cp.mw, cp.mw);
  out->busy = bit(t.chip_busy_o, 0);
  out->done = bit(t.chip_done_o, 0);
  out->sel_valid = get_field(t.sel_valid_o, 0, kTiles);
  out->men = get_field(t.men_o, 0, kMacros);
  out->map_valid = get_field(t.map_valid_o, 0, kMacros);
}

} // namespace tnam_ports

#endif // TNAM_CHIP_PORTS_H
