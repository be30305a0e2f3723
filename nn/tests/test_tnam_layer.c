// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of the mapper and the layer API on the golden model back end: hand-sized dense
 * and conv networks of both modes, on chips that split the fan-in (8 rows), that need more
 * units than columns, and that have several macros and tiles; every image's logits must equal
 * the integer reference's (tnam_ref.c) bit for bit. Then the same networks on varied chips
 * (docs/nn.md section 5, "Variation"): no variation and offsets alone leave calibration exact; with
 * defects, selection between copies is compared with calibration alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tnam_chipnet.h"
#include "tnam_ref.h"

#define IMAGES 12

static uint64_t rng = 1;
static unsigned next_rand(unsigned n) {
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)((rng >> 33) % n);
}

typedef struct {
  tnam_net_t net;
  int8_t w[TNAM_NET_MAX_LAYERS][4096];
  int32_t param[TNAM_NET_MAX_LAYERS][64];
} test_net_t;

/* Appends a layer of the given type to n (input shape: the previous layer's output). */
static void add_layer(test_net_t *t, tnam_layer_type_t type, unsigned k, unsigned out) {
  tnam_net_t *net = &t->net;
  const unsigned l = net->n_layers++;
  tnam_layer_t *ly = &net->layer[l];
  memset(ly, 0, sizeof *ly);
  ly->type = type;
  ly->k = k;
  if (l == 0) {
    ly->in_c = net->in_c, ly->in_h = net->in_h, ly->in_w = net->in_w;
  } else {
    ly->in_c = net->layer[l - 1].out_c, ly->in_h = net->layer[l - 1].out_h;
    ly->in_w = net->layer[l - 1].out_w;
  }
  if (type == TNAM_LAYER_POOL) {
    ly->out_c = ly->in_c, ly->out_h = ly->in_h / k, ly->out_w = ly->in_w / k;
    return;
  }
  ly->out_c = out;
  ly->out_h = type == TNAM_LAYER_CONV ? ly->in_h - k + 1 : 1;
  ly->out_w = type == TNAM_LAYER_CONV ? ly->in_w - k + 1 : 1;
  ly->fan_in = type == TNAM_LAYER_CONV ? ly->in_c * k * k : ly->in_c * ly->in_h * ly->in_w;
  assert_true((size_t)out * ly->fan_in <= sizeof t->w[0]);
  const int wmax = net->mode == TNAM_NET_BIN ? 1 : 7;
  for (unsigned i = 0; i < out * ly->fan_in; i++)
    t->w[l][i] = (int8_t)((int)next_rand(2 * wmax + 1) - wmax);
  /* Thresholds and biases around the sums' spread; a few far out of a small chip's registers. */
  for (unsigned o = 0; o < out; o++)
    t->param[l][o] = (int32_t)next_rand(net->mode == TNAM_NET_BIN ? 9 : 301) -
                     (net->mode == TNAM_NET_BIN ? 3 : 150) + (o == 1 ? 5000 : 0);
  ly->shift = net->mode == TNAM_NET_Q4 ? 4 : 0;
  ly->w = t->w[l];
  ly->param = t->param[l];
}

/* conv 3x3 x5, pool 2, dense 40, dense 3 on 1x6x6; or dense 30, dense 3 on 1x10x10. */
static void make_net(test_net_t *t, tnam_net_mode_t mode, int cnn) {
  memset(t, 0, sizeof *t);
  tnam_net_t *net = &t->net;
  net->mode = mode;
  net->in_c = 1;
  net->in_h = net->in_w = cnn ? 6 : 10;
  net->pixel_max = 16;
  net->in_param = mode == TNAM_NET_BIN ? 8 : 0;
  if (cnn) {
    add_layer(t, TNAM_LAYER_CONV, 3, 5);
    add_layer(t, TNAM_LAYER_POOL, 2, 0);
    add_layer(t, TNAM_LAYER_DENSE, 0, 40);
  } else {
    add_layer(t, TNAM_LAYER_DENSE, 0, 30);
  }
  add_layer(t, TNAM_LAYER_DENSE, 0, 3);
}

/* A golden-model chip behind a session. */
typedef struct {
  tnam_chip_t *chip;
  tnam_backend_t b;
  tnam_session_t sess;
} test_chip_t;

static void chip_open(test_chip_t *k, unsigned rows, unsigned cols, unsigned macros,
                      unsigned tiles) {
  tnam_chip_params_t cp;
  assert_true(tnam_chip_params_make(rows, cols, macros, tiles, &cp));
  k->chip = tnam_chip_new(&cp);
  assert_non_null(k->chip);
  tnam_backend_model_init(&k->b, k->chip);
  tnam_session_init(&k->sess, &k->b, &cp);
}

/* Runs IMAGES random images through the reference and, in batches of `batch`, the chip k; with
 * mit >= 0 the session is prepared first (variation *v, NULL for none). Returns the images whose
 * logits differ from the reference's. */
static unsigned run_images(tnam_net_mode_t mode, int cnn, test_chip_t *k, size_t batch,
                           const tnam_var_t *v, int mit) {
  test_net_t *t = malloc(sizeof *t);
  assert_non_null(t);
  make_net(t, mode, cnn);
  tnam_chipnet_t cn;
  assert_int_equal(tnam_chipnet_init(&cn, &t->net, &k->sess, batch), 0);
  char err[256];
  if (mit >= 0) {
    static tnam_cal_result_t cal;
    assert_int_equal(
        tnam_session_prepare(&k->sess, v, (tnam_mitigation_t)mit, &cal, err, sizeof err),
        TNAM_EXIT_PASS);
    assert_int_equal(k->sess.copies, mit == TNAM_MIT_CAL_SEL ? 2 : 1);
  }
  tnam_ref_t ref;
  assert_int_equal(tnam_ref_init(&ref, &t->net), 0);
  const size_t n_in = (size_t)t->net.in_h * t->net.in_w;
  uint8_t pixels[IMAGES * 100];
  for (size_t i = 0; i < IMAGES * n_in; i++) pixels[i] = (uint8_t)next_rand(17);
  unsigned differ = 0;
  for (size_t first = 0; first < IMAGES; first += batch) {
    const size_t count = IMAGES - first < batch ? IMAGES - first : batch;
    const int st = tnam_chipnet_run(&cn, pixels + first * n_in, count, first, err, sizeof err);
    if (st) print_error("%s\n", err);
    assert_int_equal(st, TNAM_EXIT_PASS);
    for (size_t i = 0; i < count; i++) {
      tnam_ref_run(&ref, pixels + (first + i) * n_in);
      differ += memcmp(ref.logits, cn.logits + i * 3, 3 * sizeof *ref.logits) != 0;
    }
  }
  const unsigned last = t->net.n_layers - 1;
  assert_true(cn.stats[last].cycles > 0);
  assert_true(cn.stats[last].ev.eval > 0);
  tnam_ref_free(&ref);
  tnam_chipnet_free(&cn);
  tnam_chip_free(k->chip);
  free(t);
  return differ;
}

/* An ideal chip, batches of 5: every image's logits equal the reference's. */
static void three_way(tnam_net_mode_t mode, int cnn, unsigned rows, unsigned cols, unsigned macros,
                      unsigned tiles) {
  test_chip_t k;
  chip_open(&k, rows, cols, macros, tiles);
  assert_int_equal(run_images(mode, cnn, &k, 5, NULL, -1), 0);
}

/* The images of a 64 x 16 chip with M = 4, T = 2 and variation *v (NULL: none) under mit whose
 * logits differ from the reference's. */
static unsigned varied_differ(tnam_net_mode_t mode, int cnn, const tnam_var_t *v,
                              tnam_mitigation_t mit) {
  rng = 7; /* the same network and images for every chip and mitigation */
  test_chip_t k;
  chip_open(&k, 64, 16, 4, 2);
  return run_images(mode, cnn, &k, IMAGES, v, (int)mit);
}

/* Every combination of mode and network on one chip and mitigation. */
static unsigned all_differ(const tnam_var_t *v, tnam_mitigation_t mit) {
  unsigned n = 0;
  for (int cnn = 0; cnn < 2; cnn++)
    n += varied_differ(TNAM_NET_BIN, cnn, v, mit) + varied_differ(TNAM_NET_Q4, cnn, v, mit);
  return n;
}

static void draw(double sigma, double rate, uint64_t seed, tnam_var_t *v) {
  tnam_chip_params_t cp;
  assert_true(tnam_chip_params_make(64, 16, 4, 2, &cp));
  tnam_var_draw(&cp, sigma, rate, 1, seed, v);
}

/* A chip without variation: every mitigation is exact (calibration measures nothing to fix,
 * selection between identical copies changes nothing). */
static void test_variation_zero(void **state) {
  (void)state;
  static tnam_var_t v;
  draw(0, 0, 1, &v);
  for (int mit = 0; mit < TNAM_MIT_COUNT; mit++)
    assert_int_equal(all_differ(&v, (tnam_mitigation_t)mit), 0);
}

/* Offsets alone: they change results, and calibration's trims cancel them exactly
 * (docs/variation.md), with or without selection. */
static void test_variation_offsets(void **state) {
  (void)state;
  static tnam_var_t v;
  draw(2, 0, 2, &v);
  assert_true(all_differ(&v, TNAM_MIT_NONE) > 0);
  assert_int_equal(all_differ(&v, TNAM_MIT_CAL), 0);
  assert_int_equal(all_differ(&v, TNAM_MIT_CAL_SEL), 0);
}

/* Defects (3 % of cells, D = +1) on top of offsets: calibration alone cannot avoid them,
 * selection between two copies avoids the ones it can; over several chips it is not worse. */
static void test_variation_defects(void **state) {
  (void)state;
  static tnam_var_t v;
  unsigned cal = 0, sel = 0;
  for (uint64_t seed = 1; seed <= 4; seed++) {
    draw(1, 0.03, seed, &v);
    cal += all_differ(&v, TNAM_MIT_CAL);
    sel += all_differ(&v, TNAM_MIT_CAL_SEL);
  }
  print_message("defects: %u images differ under cal, %u under cal+sel\n", cal, sel);
  assert_true(cal > 0);
  assert_true(sel <= cal);
}

/* cal+sel on a chip without spares is refused before anything runs. */
static void test_variation_no_spares(void **state) {
  (void)state;
  test_chip_t k;
  chip_open(&k, 64, 16, 3, 2);
  static tnam_cal_result_t cal;
  char err[256];
  assert_int_equal(tnam_session_prepare(&k.sess, NULL, TNAM_MIT_CAL_SEL, &cal, err, sizeof err),
                   TNAM_EXIT_USAGE);
  assert_non_null(strstr(err, "macros 3 tiles 2"));
  assert_false(k.sess.started);
  tnam_chip_free(k.chip);
}

/* The read of each layer follows the table of docs/nn.md section 5. */
static void test_read_rules(void **state) {
  (void)state;
  test_net_t *t = malloc(sizeof *t);
  assert_non_null(t);
  tnam_chip_params_t big, small;
  assert_true(tnam_chip_params_make(64, 16, 1, 1, &big));
  assert_true(tnam_chip_params_make(8, 4, 4, 2, &small));
  make_net(t, TNAM_NET_BIN, 1);
  tnam_layer_map_t L;
  const tnam_layer_t *conv = &t->net.layer[0];
  tnam_layer_spec_t spec = {TNAM_NET_BIN, 0, conv->fan_in, conv->out_c, 0, conv->w, conv->param};
  t->param[0][1] = 0; /* every threshold fits */
  tnam_layer_map(&L, &big, &spec);
  assert_int_equal(L.read, TNAM_READ_THRESH);
  assert_int_equal(L.units, 1);
  tnam_layer_map(&L, &small, &spec); /* fan-in 9 > 8 rows: two row blocks, level readout */
  assert_int_equal(L.read, TNAM_READ_LEVEL);
  assert_int_equal(L.blocks, 2);
  assert_int_equal(L.units, 4); /* 5 neurons on 4 columns: 2 groups */
  assert_int_equal(L.banks, 2);
  t->param[0][1] = 5000; /* a threshold beyond VW bits: level readout */
  tnam_layer_map(&L, &big, &spec);
  assert_int_equal(L.read, TNAM_READ_LEVEL);
  spec.last = 1;
  t->param[0][1] = 0;
  tnam_layer_map(&L, &big, &spec); /* an output layer needs the whole sum */
  assert_int_equal(L.read, TNAM_READ_LEVEL);
  spec = (tnam_layer_spec_t){TNAM_NET_Q4, 0, 9, 5, 2, conv->w, conv->param};
  tnam_layer_map(&L, &big, &spec);
  assert_int_equal(L.read, TNAM_READ_Q4OUT);
  assert_int_equal(L.groups, 1); /* 5 neurons of three columns on 16 columns */
  tnam_layer_map(&L, &small, &spec);
  assert_int_equal(L.read, TNAM_READ_Q4ACC);
  assert_int_equal(L.groups, 5); /* one 4-bit neuron per 4-column macro */
  free(t);
}

static void test_dense_bin(void **s) {
  (void)s;
  three_way(TNAM_NET_BIN, 0, 64, 16, 1, 1); /* fan-in 100: split; 30 neurons: 2 groups */
}
static void test_dense_q4(void **s) {
  (void)s;
  three_way(TNAM_NET_Q4, 0, 64, 16, 1, 1);
}
static void test_conv_bin(void **s) {
  (void)s;
  three_way(TNAM_NET_BIN, 1, 64, 16, 1, 1);
}
static void test_conv_q4(void **s) {
  (void)s;
  three_way(TNAM_NET_Q4, 1, 64, 16, 1, 1);
}
static void test_macros_tiles(void **s) {
  (void)s;
  for (int cnn = 0; cnn < 2; cnn++)
    for (int m = TNAM_NET_BIN; m <= TNAM_NET_Q4; m++) {
      three_way((tnam_net_mode_t)m, cnn, 64, 16, 4, 2);
      three_way((tnam_net_mode_t)m, cnn, 8, 4, 4, 2);  /* every layer split, many passes */
      three_way((tnam_net_mode_t)m, cnn, 37, 5, 3, 2); /* a bank and a macro left over */
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_read_rules),        cmocka_unit_test(test_dense_bin),
      cmocka_unit_test(test_dense_q4),          cmocka_unit_test(test_conv_bin),
      cmocka_unit_test(test_conv_q4),           cmocka_unit_test(test_macros_tiles),
      cmocka_unit_test(test_variation_zero),    cmocka_unit_test(test_variation_offsets),
      cmocka_unit_test(test_variation_defects), cmocka_unit_test(test_variation_no_spares),
  };
  return cmocka_run_group_tests_name("tnam_layer", tests, NULL, NULL);
}
