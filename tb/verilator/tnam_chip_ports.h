// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Conversion between tnam_chip's ports and the C structs tnam_chip_in_t / tnam_chip_out_t, once
// for every harness and expanded from the port list (c_model/tnam_ports.h): templated on the
// "port holder" P, any object whose members are named like
// the ports (Vtnam_chip of a --cc build: CData..QData and VlWide members; a struct of
// sc_signal<T> of a --sc build). PortIO<T> says how one port of type T is written and read;
// the --sc specialisations are compiled only when VM_SC (set by Verilator's makefile) is 1.
// Needs -DTNAM_ROWS=.. -DTNAM_COLS=.. -DTNAM_MACROS=.. -DTNAM_TILES=.. matching the Verilated
// parameters.
#ifndef TNAM_CHIP_PORTS_H
#define TNAM_CHIP_PORTS_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "tnam_chip.h"
#include "tnam_ports.h"
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
constexpr unsigned kNeurons = TNAM_NN(kCols);

// Every port's element width, named like the port: the port list's width column evaluated at
// compile time with this build's parameters (the formulas are tnam_params_make()'s, from
// tnam_model.h and tnam_chip.h). Constant widths make every shift and mask of the conversion a
// constant, so sample() and drive() compile to straight-line word moves.
namespace port_width {
constexpr unsigned R = kRows, C = kCols, M = kMacros, T = kTiles, RAW = TNAM_RAW(R),
                   CAW = TNAM_CAW(C), VW = TNAM_VW(R), SBW = TNAM_SBW(R), NAW = TNAM_NAW(C),
                   BW = TNAM_BW(R), AW = TNAM_AW(R), OW = TNAM_OW(R), VAW = TNAM_VAW(R, C),
                   VDW = TNAM_VDW(R, C), MW = TNAM_INDEX_WIDTH(M), TW = TNAM_INDEX_WIDTH(T),
                   RSW = TNAM_RSW, CNTW = TNAM_CNTW;
#define TNAM_VL_PORT_WIDTH(name, field, scope, kind, width, ...) constexpr unsigned name = width;
TNAM_PORTS_IN(TNAM_VL_PORT_WIDTH)
TNAM_PORTS_OUT(TNAM_VL_PORT_WIDTH)
#undef TNAM_VL_PORT_WIDTH
} // namespace port_width

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

// The value of one input field as the low bits of a port (an int32_t as its two's complement).
inline uint64_t raw(bool v) { return v; }
inline uint64_t raw(uint32_t v) { return v; }
inline uint64_t raw(int32_t v) { return static_cast<uint32_t>(v); }
inline uint64_t raw(uint64_t v) { return v; }

// A per-tile input: tile k's w bits at [k*w +: w].
template <typename T, std::size_t N>
void put_tiles(T &port, const uint64_t (&tiles)[TNAM_MAX_TILES][N], unsigned w) {
  if (kTiles == 1) return put_bits(port, tiles[0], w);
  uint64_t v[kTiles * N] = {0};
  for (unsigned k = 0; k < kTiles; k++) pack_bits(v, k * w, tiles[k], w);
  put_bits(port, v, kTiles * w);
}

// One output element from bits [lsb, lsb + w) of its port, by the field's C type.
template <typename T>
void load(const T &port, unsigned lsb, unsigned, bool &v) {
  v = bit(port, lsb);
}
template <typename T>
void load(const T &port, unsigned lsb, unsigned w, uint32_t &v) {
  v = get_field(port, lsb, w);
}
template <typename T>
void load(const T &port, unsigned lsb, unsigned w, int32_t &v) {
  v = sign_extend(get_field(port, lsb, w), w);
}
template <typename T>
void load(const T &port, unsigned lsb, unsigned w, uint64_t &v) {
  v = get_field64(port, lsb, w);
}
template <typename T, std::size_t N>
void load(const T &port, unsigned lsb, unsigned w, uint64_t (&v)[N]) {
  get_bits(port, lsb, w, v);
}

// The expansions of the port list (tnam_ports.h), by scope: t is the port holder, w the port's
// element width (a constant).
#define TNAM_VL_WIDTH(name) port_width::name
#define TNAM_VL_DRIVE_NONE(port, field, kind, w) // the clock: the harness toggles it
// The port's value of a field: the enable's field is its inverse (`hold`, spec 5).
#define TNAM_VL_PORT_VALUE_CE(v) !(v)
#define TNAM_VL_PORT_VALUE_BOOL(v) v
#define TNAM_VL_PORT_VALUE_U32(v) v
#define TNAM_VL_PORT_VALUE_I32(v) v
#define TNAM_VL_PORT_VALUE_U64(v) v
#define TNAM_VL_DRIVE_CORE(port, field, kind, w) \
  put(port, raw(TNAM_VL_PORT_VALUE_##kind(in->core.field)), w);
#define TNAM_VL_DRIVE_CHIP(port, field, kind, w) put(port, raw(in->field), w);
#define TNAM_VL_DRIVE_TILE(port, field, kind, w) put_tiles(port, in->field, w);
#define TNAM_VL_DRIVE(name, field, scope, kind, width, view) \
  TNAM_VL_DRIVE_##scope(t.name, field, kind, TNAM_VL_WIDTH(name))

#define TNAM_VL_SAMPLE_M(port, field, w) \
  for (unsigned m = 0; m < kMacros; m++) load(port, m *(w), w, out->m[m].field);
#define TNAM_VL_SAMPLE_EACH(port, field, w, n) \
  for (unsigned m = 0; m < kMacros; m++)       \
    for (unsigned i = 0; i < (n); i++) load(port, (m * (n) + i) * (w), w, out->m[m].field[i]);
#define TNAM_VL_SAMPLE_M_COL(port, field, w) TNAM_VL_SAMPLE_EACH(port, field, w, kCols)
#define TNAM_VL_SAMPLE_M_NEURON(port, field, w) TNAM_VL_SAMPLE_EACH(port, field, w, kNeurons)
#define TNAM_VL_SAMPLE_CHIP(port, field, w) load(port, 0, w, out->field);
#define TNAM_VL_SAMPLE_TILE(port, field, w) \
  for (unsigned k = 0; k < kTiles; k++) load(port, k *(w), w, out->field[k]);
#define TNAM_VL_SAMPLE_MACRO(port, field, w) \
  for (unsigned m = 0; m < kMacros; m++) load(port, m *(w), w, out->field[m]);
#define TNAM_VL_SAMPLE(name, field, scope, kind, width, ...) \
  TNAM_VL_SAMPLE_##scope(t.name, field, TNAM_VL_WIDTH(name))

// Drives every input port but the clock from *in (ce_i low at a held edge, in->core.hold).
template <typename P>
void drive(P &t, const tnam_chip_in_t *in) {
  TNAM_PORTS_IN(TNAM_VL_DRIVE)
}

// Every output port into *out (entries >= macros or >= tiles are left alone).
template <typename P>
void sample(const P &t, tnam_chip_out_t *out) {
  TNAM_PORTS_OUT(TNAM_VL_SAMPLE)
}

// The output ports as the Verilated model held them at the last sample_changed(). Only the
// per-column and per-neuron ports (TNAM_VL_LAZY_<scope> 1) are compared with them: their
// conversion loops over their elements, and most of them keep their value for many cycles
// (the search registers and the neurons in threshold traffic, mac between evaluations), so
// comparing their raw words first is cheaper than converting them again.
#define TNAM_VL_LAZY_M_COL 1
#define TNAM_VL_LAZY_M_NEURON 1
#define TNAM_VL_LAZY_M 0
#define TNAM_VL_LAZY_CHIP 0
#define TNAM_VL_LAZY_TILE 0
#define TNAM_VL_LAZY_MACRO 0
#define TNAM_VL_RAW_COPY(name, ...) std::remove_reference_t<decltype(P::name)> name{};
template <typename P>
struct SampledPorts {
  bool valid = false; // false until the first sample_changed()
  TNAM_PORTS_OUT(TNAM_VL_RAW_COPY)
};

#define TNAM_VL_SAMPLE_CHANGED(name, field, scope, kind, width, ...)              \
  if (!TNAM_VL_LAZY_##scope || !last.valid ||                                     \
      std::memcmp(&t.name, &last.name, sizeof last.name) != 0) {                  \
    if (TNAM_VL_LAZY_##scope) std::memcpy(&last.name, &t.name, sizeof last.name); \
    TNAM_VL_SAMPLE_##scope(t.name, field, TNAM_VL_WIDTH(name))                    \
  }

// As sample(), for an *out that keeps what the previous call wrote: a per-column or
// per-neuron port whose raw words did not change since then is not converted again.
// Flattened: every shift and mask is a constant, but GCC left the word lines' conversion
// (wl_o) a call, about 58 instructions a cycle (callgrind, 64 x 16) for one word move.
template <typename P>
__attribute__((flatten)) void sample_changed(const P &t, SampledPorts<P> &last,
                                             tnam_chip_out_t *out) {
  TNAM_PORTS_OUT(TNAM_VL_SAMPLE_CHANGED)
  last.valid = true;
}

} // namespace tnam_ports

#endif // TNAM_CHIP_PORTS_H
