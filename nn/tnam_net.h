// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Networks in the .tnn model file format, version 1 (docs/nn.md section 3). */
#ifndef TNAM_NET_H
#define TNAM_NET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TNAM_NET_MAGIC "TNAMNET\x1a"
enum {
  TNAM_NET_VERSION = 1,
  TNAM_NET_HEADER = 60,       /* bytes of the file header */
  TNAM_NET_LAYER_HEADER = 20, /* bytes of a layer record's header */
  TNAM_NET_NAME = 32,         /* bytes of the name field */
  TNAM_NET_MAX_LAYERS = 32
};

typedef enum { TNAM_NET_BIN = 1, TNAM_NET_Q4 = 2 } tnam_net_mode_t;
typedef enum { TNAM_LAYER_DENSE = 1, TNAM_LAYER_CONV = 2, TNAM_LAYER_POOL = 3 } tnam_layer_type_t;

typedef struct {
  tnam_layer_type_t type;
  unsigned shift;               /* q4 hidden compute layers */
  unsigned in_c, in_h, in_w;    /* input shape */
  unsigned out_c, out_h, out_w; /* output shape */
  unsigned k;                   /* conv kernel, pool window */
  unsigned fan_in;              /* compute layers: inputs per neuron */
  const int8_t *w;              /* compute layers: w[o * fan_in + i] */
  int32_t *param;               /* compute layers: T (bin hidden) or B, out_c of them */
} tnam_layer_t;

typedef struct {
  char name[TNAM_NET_NAME + 1];
  tnam_net_mode_t mode;
  unsigned in_c, in_h, in_w, pixel_max, in_param;
  unsigned n_layers;
  tnam_layer_t layer[TNAM_NET_MAX_LAYERS];
  uint8_t *file; /* the file's bytes, which the weights point into */
} tnam_net_t;

/* Validates the bytes of a model file (path names it in errors) and takes ownership of buf
 * (malloc'ed) on success. Returns 0, or -1 with err naming the field that is wrong. */
int tnam_net_parse(uint8_t *buf, size_t len, const char *path, tnam_net_t *net, char *err,
                   size_t n);
/* Reads and validates a model file. */
int tnam_net_load(const char *path, tnam_net_t *net, char *err, size_t n);
void tnam_net_free(tnam_net_t *net);

/* The output layer's neurons: the number of classes. */
unsigned tnam_net_classes(const tnam_net_t *net);
const char *tnam_net_mode_name(tnam_net_mode_t mode);
const char *tnam_layer_type_name(tnam_layer_type_t type);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_NET_H */
