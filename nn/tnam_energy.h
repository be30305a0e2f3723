// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The activity-based energy model (docs/energy.md): per-event constants read from one config
 * file (nn/energy.cfg), event counts from the chip's counters, energy per event class, energy per
 * inference and TOPS/W. */
#ifndef TNAM_ENERGY_H
#define TNAM_ENERGY_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_chip.h"
#include "tnam_net.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The chip's published efficiency (Okumura et al., VLSI 2019), printed beside the model's. */
#define TNAM_ENERGY_PUBLISHED_TOPS_W 8.8

/* The event classes, one constant each (docs/energy.md section 2 gives each one's physics). */
typedef enum {
  TNAM_E_CELL,   /* cell_read: a driven non-zero cell's bitline current for one read */
  TNAM_E_DEC,    /* comparator_decision: one comparator decision */
  TNAM_E_STEP,   /* search_step_column: one column's register update in one search step */
  TNAM_E_ZD,     /* zero_detect_column: one column's zero detector in one read */
  TNAM_E_WRITE,  /* cell_write: one weight (magnitude and sign cells) written */
  TNAM_E_Q4,     /* q4_neuron_plane: one 4-bit neuron's shift-add of one bit plane */
  TNAM_E_PSUM,   /* psum_add: one 32-bit digital addition of partial sums outside the macro */
  TNAM_E_ACTIVE, /* macro_active_cycle: clocking one powered macro's registers for a cycle */
  TNAM_E_CLASSES
} tnam_energy_class_t;

/* The constants' names in the config file, indexed by tnam_energy_class_t. */
extern const char *const tnam_energy_names[TNAM_E_CLASSES];

/* Energy per event, femtojoules. */
typedef struct {
  double fj[TNAM_E_CLASSES];
} tnam_energy_cfg_t;

/* Parses the len bytes of a config file (the format of docs/energy.md section 3); file names it
 * in errors. Returns 0, or -1 with err = "FILE:LINE: what is wrong" (or "FILE: missing constant
 * 'NAME'"); *cfg is written only on success. */
int tnam_energy_parse(const char *text, size_t len, const char *file, tnam_energy_cfg_t *cfg,
                      char *err, size_t n);

/* Reads and parses a config file. */
int tnam_energy_load(const char *path, tnam_energy_cfg_t *cfg, char *err, size_t n);

/* Event counts of a run, summed over macros (docs/energy.md section 4 says where each comes
 * from). Counts are 64 bits: a run may exceed the chip's 32-bit counters. */
typedef struct {
  uint64_t eval;       /* cnt_eval: reads (a threshold evaluation, or one plane of a level or q4
                          operation) */
  uint64_t dec;        /* cnt_dec */
  uint64_t gated;      /* cnt_gated */
  uint64_t nzdrv;      /* cnt_nzdrv */
  uint64_t wr;         /* cnt_wr: weights written */
  uint64_t step;       /* cnt_step */
  uint64_t active;     /* cnt_active */
  uint64_t q4_reads;   /* the part of eval made in q4 mode (the caller knows each layer's mode) */
  uint64_t psum_adds;  /* digital additions of partial sums outside the macros (split fan-in) */
  unsigned cols;       /* COLS of every macro */
  uint64_t ops;        /* operations: 2 per dense-equivalent MAC (tnam_energy_net_ops) */
  uint64_t inferences; /* images run */
} tnam_energy_counts_t;

/* Adds the counter increments of every macro between two snapshots of the chip's outputs
 * (modulo 2^32, so a counter that wrapped once between them still counts right). */
void tnam_energy_add_chip(tnam_energy_counts_t *c, const tnam_chip_out_t *before,
                          const tnam_chip_out_t *after, unsigned macros);

/* Adds b's counts to a's (a run's counts from its layers'); cols becomes b's when a has none.
 * Every count is a sum over events, so runs and layers add field by field. */
void tnam_energy_counts_add(tnam_energy_counts_t *a, const tnam_energy_counts_t *b);

/* The operation count of one inference: 2 per multiply-accumulate of every compute layer, every
 * weight times every input it meets, zeros included (dense-equivalent). */
uint64_t tnam_energy_net_ops(const tnam_net_t *net);

typedef struct {
  uint64_t events[TNAM_E_CLASSES]; /* events per class, from the counts */
  double fj[TNAM_E_CLASSES];       /* energy per class */
  double total_fj;
  double per_inference_fj;    /* total / inferences (0 when there are none) */
  double tops_per_w;          /* ops / energy (0 when the energy is 0) */
  double gating_saved_min_fj; /* at least this much: one decision per gated column read */
} tnam_energy_report_t;

/* Energy of a run: events[k] * fj[k] per class. Returns 0, or -1 when cols is 0 while reads
 * were counted (the per-column events cannot be counted). */
int tnam_energy_compute(const tnam_energy_cfg_t *cfg, const tnam_energy_counts_t *c,
                        tnam_energy_report_t *r);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_ENERGY_H */
