// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The one list of tnam_chip's ports and of the C fields that carry them (spec 4, 6, 11.1). */
#ifndef TNAM_PORTS_H
#define TNAM_PORTS_H

#include <stddef.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every port of rtl/tnam_chip.v, in the order of its module header (the order of the board
 * protocol's vectors, spec 13.2), inputs then outputs. Everything that moves, hashes, reports
 * or shows a port is expanded from these two lists: the Verilated port conversion
 * (tb/verilator/tnam_chip_ports.h), the SystemC signals, the protocol's vectors, the mismatch
 * report's list of differences, the lockstep equality check's plan of the bytes it compares
 * (tb/harness/tnam_check.h), the digest and the GTKWave view (tb/tools/tnam_ports_main.c for
 * sim/gen_gtkw.sh). A unit test (tb/harness/tests/test_tnam_ports.c) checks that the lists
 * cover every field of tnam_chip_out_t and tnam_out_t and every port of the spec's tables.
 * Adding a port: one line here, plus the RTL.
 *
 * Columns:
 *   name    the RTL port
 *   field   the C field: of tnam_chip_in_t.core (scope CORE), of tnam_chip_in_t or
 *           tnam_chip_out_t (CHIP, TILE, MACRO), or of every macro's tnam_out_t in
 *           tnam_chip_out_t.m[] (M, M_COL, M_NEURON); `none` for the clock, which has none
 *   scope   CORE    one value, an input of every macro
 *           CHIP    one value of the chip
 *           TILE    an array, one element per tile, tile t's at [t*W +: W]
 *           MACRO   a chip array, one element per macro
 *           M       one value per macro; macro m's at [m*W +: W]
 *           M_COL   per macro and column: macro m's column c at [(m*C + c)*W +: W]
 *           M_NEURON per macro and 4-bit neuron: [(m*NN + j)*W +: W]
 *           NONE    no C field (kind CLK)
 *   kind    the C type: BOOL, U32, I32 (two's complement in W bits, sign-extended when read),
 *           U64 (up to 64 bits), WORDS (uint64_t words, word 0 least significant);
 *           CLK (the clock: the harness toggles it) or CE (the clock enable: a bool field
 *           holding its inverse, `hold`, 1 at a held edge, spec 5; tnam_port_get() and
 *           tnam_port_set() give and take the port's value; not in the board's vectors:
 *           the bridge pulses it, spec 13.2)
 *   width   W, of one element, in the spec's parameter names (evaluated by tnam_port_width())
 *   digest  (group, word, shift): the digest hashes, group by group, per element of the
 *           group's scope, words of 64 bits; word k is the XOR of its fields shifted left by
 *           their shift (a WORDS field is all of its words). The order is the digest's since
 *           its first version: a digest must not change when code moves.
 *   report  (group, rank, style, weight, unit, label): the mismatch report lists differences
 *           group by group, per element of the group's domain, fields by rank. style: VAL (the
 *           value), BIT (bit i of the field for element i), HEX (a word array in hex). Fields
 *           of one rank are one difference, valued as the sum of value * weight. unit: the
 *           report's `unit` line. label: how the difference is named.
 *   view    (group, rank, format): where the GTKWave view shows the port (group NONE: not
 *           shown) and how: BIN, HEX, DEC (unsigned decimal) or SDEC (signed decimal). */
/* clang-format off */
#define TNAM_PORTS_IN(X) \
  X(clk_i,         none,       NONE, CLK,   1,    (CLOCK, 0, BIN)) \
  X(rst_ni,        rst_n,      CORE, BOOL,  1,    (CLOCK, 1, BIN)) \
  X(ce_i,          hold,       CORE, CE,    1,    (CLOCK, 2, BIN)) \
  X(mask_i,        mask,       CHIP, U32,   M,    (WRITE, 0, HEX)) \
  X(wr_en_i,       wr_en,      CORE, BOOL,  1,    (WRITE, 1, BIN)) \
  X(wr_row_i,      wr_row,     CORE, U32,   RAW,  (WRITE, 2, DEC)) \
  X(wr_mag_i,      wr_mag,     CORE, U64,   C,    (WRITE, 3, HEX)) \
  X(wr_sign_i,     wr_sign,    CORE, U64,   C,    (WRITE, 4, HEX)) \
  X(thr_en_i,      thr_en,     CORE, BOOL,  1,    (WRITE, 5, BIN)) \
  X(thr_col_i,     thr_col,    CORE, U32,   CAW,  (WRITE, 6, DEC)) \
  X(thr_i,         thr,        CORE, I32,   VW,   (WRITE, 7, SDEC)) \
  X(cfg_en_i,      cfg_en,     CORE, BOOL,  1,    (CFG, 0, BIN)) \
  X(cfg_mode_i,    cfg_mode,   CORE, U32,   2,    (CFG, 1, DEC)) \
  X(cfg_shift_i,   cfg_shift,  CORE, U32,   5,    (CFG, 2, DEC)) \
  X(cfg_test_i,    cfg_test,   CORE, BOOL,  1,    (CFG, 3, BIN)) \
  X(cfg_select_i,  cfg_select, CHIP, BOOL,  1,    (CFG, 4, BIN)) \
  X(bias_en_i,     bias_en,    CORE, BOOL,  1,    (CFG, 5, BIN)) \
  X(bias_idx_i,    bias_idx,   CORE, U32,   NAW,  (CFG, 6, DEC)) \
  X(bias_i,        bias,       CORE, I32,   BW,   (CFG, 7, SDEC)) \
  X(trim_en_i,     trim_en,    CORE, BOOL,  1,    (WRITE, 8, BIN)) \
  X(trim_col_i,    trim_col,   CORE, U32,   CAW,  (WRITE, 9, DEC)) \
  X(trim_i,        trim,       CORE, I32,   OW,   (WRITE, 10, SDEC)) \
  X(health_en_i,   health_en,  CORE, BOOL,  1,    (WRITE, 11, BIN)) \
  X(health_row_i,  health_row, CORE, U32,   RAW,  (WRITE, 12, DEC)) \
  X(health_i,      health,     CORE, U64,   C,    (WRITE, 13, HEX)) \
  X(var_en_i,      var_en,     CORE, BOOL,  1,    (VAR, 0, BIN)) \
  X(var_sel_i,     var_sel,    CORE, U32,   2,    (VAR, 1, DEC)) \
  X(var_addr_i,    var_addr,   CORE, U32,   VAW,  (VAR, 2, DEC)) \
  X(var_data_i,    var_data,   CORE, U64,   VDW,  (VAR, 3, HEX)) \
  X(eval_i,        eval,       CORE, BOOL,  1,    (EVAL, 0, BIN)) \
  X(x_i,           x,          TILE, WORDS, R,    (EVAL, 1, HEX)) \
  X(act_i,         act,        TILE, WORDS, 4*R,  (EVAL, 2, HEX)) \
  X(map_en_i,      map_en,     CHIP, BOOL,  1,    (MAP, 0, BIN)) \
  X(map_macro_i,   map_macro,  CHIP, U32,   MW,   (MAP, 1, DEC)) \
  X(map_valid_i,   map_valid,  CHIP, BOOL,  1,    (MAP, 2, BIN)) \
  X(map_tile_i,    map_tile,   CHIP, U32,   TW,   (MAP, 3, DEC)) \
  X(resid_en_i,    resid_en,   CHIP, BOOL,  1,    (MAP, 4, BIN)) \
  X(resid_macro_i, resid_macro,CHIP, U32,   MW,   (MAP, 5, DEC)) \
  X(resid_i,       resid,      CHIP, U32,   RSW,  (MAP, 6, DEC))

#define TNAM_PORTS_OUT(X) \
  X(wl_valid_o,  wl_valid,   M,        BOOL,  1,    (M, 0, 0),      (M, 2, VAL, 1, DRIVE, "wl_valid_o"),                 (DRIVE, 0, BIN)) \
  X(wl_o,        wl,         M,        WORDS, R,    (M, 6, 0),      (M, 3, HEX, 1, DRIVE, "wl_o (driven word lines)"),   (DRIVE, 1, HEX)) \
  X(res_valid_o, res_valid,  M,        BOOL,  1,    (M, 0, 1),      (M, 4, VAL, 1, SENSE, "res_valid_o"),                (SENSE, 0, BIN)) \
  X(mac_o,       mac,        M_COL,    I32,   VW,   (M_COL, 0, 0),  (M_COL, 0, VAL, 1, SENSE, "mac"),                    (SENSE, 3, SDEC)) \
  X(gate_o,      gate,       M,        U64,   C,    (M, 1, 0),      (M_COL, 1, BIT, 1, SENSE, "gate (zero detector)"),   (SENSE, 1, HEX)) \
  X(dec_o,       dec,        M,        U64,   C,    (M, 1, 1),      (M_COL, 2, BIT, 1, SENSE, "dec (comparator decision)"), (SENSE, 2, HEX)) \
  X(cnt_eval_o,  cnt_eval,   M,        U32,   CNTW, (M, 3, 0),      (M_COUNT, 0, VAL, 1, COUNTERS, "cnt_eval_o"),        (COUNT, 0, DEC)) \
  X(cnt_dec_o,   cnt_dec,    M,        U32,   CNTW, (M, 3, 32),     (M_COUNT, 1, VAL, 1, COUNTERS, "cnt_dec_o"),         (COUNT, 1, DEC)) \
  X(cnt_gated_o, cnt_gated,  M,        U32,   CNTW, (M, 4, 0),      (M_COUNT, 2, VAL, 1, COUNTERS, "cnt_gated_o"),       (COUNT, 2, DEC)) \
  X(cnt_nzdrv_o, cnt_nzdrv,  M,        U32,   CNTW, (M, 4, 32),     (M_COUNT, 3, VAL, 1, COUNTERS, "cnt_nzdrv_o"),       (COUNT, 3, DEC)) \
  X(cnt_wr_o,    cnt_wr,     M,        U32,   CNTW, (M, 4, 16),     (M_COUNT, 4, VAL, 1, COUNTERS, "cnt_wr_o"),          (COUNT, 4, DEC)) \
  X(cnt_step_o,  cnt_step,   M,        U32,   CNTW, (M, 5, 0),      (M_COUNT, 5, VAL, 1, COUNTERS, "cnt_step_o"),        (COUNT, 5, DEC)) \
  X(busy_o,      busy,       M,        BOOL,  1,    (M, 0, 2),      (M, 0, VAL, 1, CONTROL, "busy_o"),                   (SEARCH, 0, BIN)) \
  X(done_o,      done,       M,        BOOL,  1,    (M, 0, 3),      (M, 1, VAL, 1, CONTROL, "done_o"),                   (SEARCH, 1, BIN)) \
  X(sar_step_o,  sar_step,   M,        BOOL,  1,    (M, 0, 4),      (M, 5, VAL, 1, SEARCH, "sar_step_o"),                (SEARCH, 2, BIN)) \
  X(sar_bit_o,   sar_bit,    M,        U32,   SBW,  (M, 0, 8),      (M, 6, VAL, 1, SEARCH, "sar_bit_o (step index)"),    (SEARCH, 3, DEC)) \
  X(sar_ref_o,   sar_ref,    M_COL,    I32,   VW,   (M_COL, 1, 0),  (M_COL, 3, VAL, 1, SEARCH, "sar_ref (search reference)"), (SEARCH, 5, SDEC)) \
  X(sar_q_o,     sar_q,      M,        U64,   C,    (M, 2, 0),      (M_COL, 4, BIT, 1, SEARCH, "sar_q (search decision)"), (SEARCH, 4, HEX)) \
  X(sar_code_o,  sar_code,   M_COL,    I32,   VW,   (M_COL, 2, 0),  (M_COL, 5, VAL, 1, SEARCH, "sar_code (digitised value)"), (SEARCH, 6, SDEC)) \
  X(acc_o,       acc,        M_NEURON, I32,   AW,   (M_NEURON, 0, 0), (M_NEURON, 0, VAL, 1, NEURON, "acc (accumulator)"), (NEURON, 0, SDEC)) \
  X(out_o,       out,        M_NEURON, U32,   4,    (M_NEURON, 1, 0), (M_NEURON, 1, VAL, 1, NEURON, "out (4-bit output)"), (NEURON, 1, DEC)) \
  X(chip_busy_o, busy,       CHIP,     BOOL,  1,    (CHIP, 0, 0),   (CHIP, 0, VAL, 1, CHIP_CONTROL, "chip_busy_o"),      (SEL, 0, BIN)) \
  X(chip_done_o, done,       CHIP,     BOOL,  1,    (CHIP, 0, 1),   (CHIP, 1, VAL, 1, CHIP_CONTROL, "chip_done_o"),      (SEL, 1, BIN)) \
  X(sel_o,       sel,        TILE,     U32,   MW,   (TILE, 0, 0),   (TILE, 1, VAL, 1, SELECT, "sel_o (chosen macro)"),   (SEL, 3, DEC)) \
  X(sel_valid_o, sel_valid,  CHIP,     U32,   T,    (CHIP, 0, 8),   (TILE, 0, BIT, 1, SELECT, "sel_valid_o"),            (SEL, 2, HEX)) \
  X(men_o,       men,        CHIP,     U32,   M,    (CHIP, 0, 16),  (ENABLE, 0, VAL, 1, SELECT, "men_o (macro enables)"), (SEL, 4, HEX)) \
  X(cnt_active_o, cnt_active, MACRO,   U32,   CNTW, (MACRO, 0, 0),  (MACRO, 0, VAL, 1, SELECT, "cnt_active_o"),          (SEL, 5, DEC)) \
  X(map_valid_o, map_valid,  CHIP,     U32,   M,    (CHIP, 0, 24),  (MACRO, 1, BIT, 16, SELECT, "map (valid*16 + tile)"), (MAP, 7, HEX)) \
  X(map_tile_o,  map_tile,   MACRO,    U32,   TW,   (MACRO, 1, 0),  (MACRO, 1, VAL, 1, SELECT, "map (valid*16 + tile)"), (MAP, 8, DEC)) \
  X(resid_o,     resid,      MACRO,    U32,   RSW,  (MACRO, 2, 0),  (MACRO, 2, VAL, 1, SELECT, "resid_o"),               (MAP, 9, DEC))
/* clang-format on */

#define TNAM_CNTW 32 /* event counter width (spec 1) */

/* Port ids, in list order: TNAM_PORT_clk_i, ... */
#define TNAM_PORT_ID(name, ...) TNAM_PORT_##name,
typedef enum {
  TNAM_PORTS_IN(TNAM_PORT_ID) TNAM_PORTS_OUT(TNAM_PORT_ID) TNAM_N_PORTS
} tnam_port_id_t;
#undef TNAM_PORT_ID

typedef enum { TNAM_DIR_IN, TNAM_DIR_OUT } tnam_port_dir_t;
typedef enum {
  TNAM_SCOPE_NONE,
  TNAM_SCOPE_CORE,
  TNAM_SCOPE_CHIP,
  TNAM_SCOPE_TILE,
  TNAM_SCOPE_MACRO,
  TNAM_SCOPE_M,
  TNAM_SCOPE_M_COL,
  TNAM_SCOPE_M_NEURON
} tnam_port_scope_t;
typedef enum {
  TNAM_KIND_CLK,
  TNAM_KIND_CE,
  TNAM_KIND_BOOL,
  TNAM_KIND_U32,
  TNAM_KIND_I32,
  TNAM_KIND_U64,
  TNAM_KIND_WORDS
} tnam_port_kind_t;

/* Digest groups, in hashing order: each macro's (M, then its columns, then its neurons), then
 * the chip's. The scope of a group's fields is the group's. */
typedef enum {
  TNAM_DG_M,
  TNAM_DG_M_COL,
  TNAM_DG_M_NEURON,
  TNAM_DG_CHIP,
  TNAM_DG_TILE,
  TNAM_DG_MACRO
} tnam_digest_group_t;

/* Report groups, in report order: the chip's first (a wrong choice shows in the chosen macros
 * too), then each macro's. Each has a domain: the elements it is listed for. */
typedef enum {
  TNAM_RG_TILE,     /* per tile */
  TNAM_RG_ENABLE,   /* once */
  TNAM_RG_MACRO,    /* per macro (the chip's arrays) */
  TNAM_RG_CHIP,     /* once */
  TNAM_RG_M,        /* once per macro */
  TNAM_RG_M_COL,    /* per macro and column */
  TNAM_RG_M_NEURON, /* per macro and neuron */
  TNAM_RG_M_COUNT   /* once per macro */
} tnam_report_group_t;
typedef enum { TNAM_STYLE_VAL, TNAM_STYLE_BIT, TNAM_STYLE_HEX } tnam_report_style_t;
typedef enum { TNAM_FMT_BIN, TNAM_FMT_HEX, TNAM_FMT_DEC, TNAM_FMT_SDEC } tnam_view_format_t;

/* Where a difference comes from, for the report's `unit` line (texts in tnam_check.c). */
typedef enum {
  TNAM_UNIT_DRIVE,   /* word-line register */
  TNAM_UNIT_SENSE,   /* bitlines, zero detector, comparator, result registers */
  TNAM_UNIT_SEARCH,  /* successive-approximation search registers */
  TNAM_UNIT_NEURON,  /* q4 digital block: accumulator, requantisation */
  TNAM_UNIT_CONTROL, /* multi-level operation control: busy, done */
  TNAM_UNIT_COUNTERS,
  TNAM_UNIT_SELECT, /* chip: tile map, selection, power gating, macro-active counters */
  TNAM_UNIT_CHIP_CONTROL,
  TNAM_N_UNITS
} tnam_unit_t;

/* Groups of the GTKWave view, in view order; `macro` groups repeat for every macro. label is a
 * printf format of (macro, search steps). */
/* clang-format off */
#define TNAM_VIEW_GROUPS(X) \
  X(CLOCK,  0, "clock and reset") \
  X(EVAL,   0, "evaluate (one vector per tile)") \
  X(WRITE,  0, "write ports (mask_i: the macros written)") \
  X(VAR,    0, "variation injection (0 offset, 1 defect row, 2 excess)") \
  X(CFG,    0, "layer configuration (0 thresh, 1 level, 2 q4)") \
  X(MAP,    0, "tile map and residual offsets") \
  X(SEL,    0, "selection and power gating") \
  X(DRIVE,  1, "macro %u: drive stage") \
  X(SENSE,  1, "macro %u: sense stage results") \
  X(SEARCH, 1, "macro %u: multi-level search (%u steps)") \
  X(NEURON, 1, "macro %u: 4-bit neurons") \
  X(COUNT,  1, "macro %u: event counters") \
  X(NONE,   0, "")
/* clang-format on */
#define TNAM_VIEW_ID(id, per_macro, label) TNAM_VIEW_##id,
typedef enum { TNAM_VIEW_GROUPS(TNAM_VIEW_ID) TNAM_N_VIEWS } tnam_view_group_t;
#undef TNAM_VIEW_ID

/* One port as data, for the code that walks the list at run time (the protocol's vectors, the
 * report, the digest, the view, the tests). */
typedef struct {
  const char *name;
  const char *field; /* the C field's name ("none" for scope NONE) */
  unsigned char dir, scope, kind;
  size_t offset; /* of the field in tnam_chip_in_t / tnam_chip_out_t (macro 0's for M*) */
  size_t size;   /* bytes of the field (all elements) */
  size_t stride; /* bytes from one element to the next (array fields) */
  struct {
    unsigned char group, word, shift;
  } digest;
  struct {
    unsigned char group, rank, style, weight, unit;
    const char *label;
  } report;
  struct {
    unsigned char group, rank, format;
  } view;
} tnam_port_desc_t;

/* The list, indexed by tnam_port_id_t. */
extern const tnam_port_desc_t tnam_port_list[TNAM_N_PORTS];

/* W of one element of a port: its width column with the spec's parameters of *p. */
static inline unsigned tnam_port_width(const tnam_chip_params_t *p, tnam_port_id_t id) {
  const tnam_params_t *c = &p->core;
  const unsigned R = c->rows, C = c->cols, RAW = c->raw, CAW = c->caw, VW = c->vw, SBW = c->sbw,
                 NAW = c->naw, BW = c->bw, AW = c->aw, OW = c->ow, VAW = c->vaw, VDW = c->vdw,
                 M = p->macros, T = p->tiles, MW = p->mw, TW = p->tw, RSW = TNAM_RSW,
                 CNTW = TNAM_CNTW;
  switch (id) {
#define TNAM_PORT_WIDTH_CASE(name, field, scope, kind, width, ...) \
  case TNAM_PORT_##name: return width;
    TNAM_PORTS_IN(TNAM_PORT_WIDTH_CASE)
    TNAM_PORTS_OUT(TNAM_PORT_WIDTH_CASE)
#undef TNAM_PORT_WIDTH_CASE
    default: break;
  }
  return 0;
}

/* Elements of a port per macro (M*) or in the chip (the rest): tiles, macros, columns, ... */
unsigned tnam_port_count(const tnam_chip_params_t *p, const tnam_port_desc_t *d);
/* Macro instances a port is concatenated over: M for the M* scopes, else 1. */
unsigned tnam_port_instances(const tnam_chip_params_t *p, const tnam_port_desc_t *d);
/* Bits of the whole port. */
unsigned tnam_port_bits(const tnam_chip_params_t *p, const tnam_port_desc_t *d);

/* Element i of macro m (m ignored outside M*) of a port's field in *chip, a tnam_chip_in_t or
 * a tnam_chip_out_t as d->dir says. */
void *tnam_port_elem(const tnam_port_desc_t *d, void *chip, unsigned m, unsigned i);
/* Bits [64k, 64k + 64) of that element (k > 0 only for WORDS), zero-extended; I32 as its
 * two's complement. */
uint64_t tnam_port_get(const tnam_port_desc_t *d, const void *chip, unsigned m, unsigned i,
                       unsigned k);
/* Sets them from the low bits of v (an I32 sign-extended from bit w-1 of its width w). */
void tnam_port_set(const tnam_port_desc_t *d, void *chip, unsigned m, unsigned i, unsigned k,
                   unsigned w, uint64_t v);

/* The ports of direction dir (TNAM_DIR_IN, TNAM_DIR_OUT, or -1 for both) ordered by one of
 * their (group, rank) keys, list order among equals, into order[]; returns how many. */
typedef enum { TNAM_ORDER_DIGEST, TNAM_ORDER_REPORT, TNAM_ORDER_VIEW } tnam_port_order_t;
int tnam_port_sort(const tnam_port_desc_t **order, int dir, tnam_port_order_t key);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_PORTS_H */
