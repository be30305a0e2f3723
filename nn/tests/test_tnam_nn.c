// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* cmocka tests of nn/: the IDX and digits readers on files the tests write (plain and gzip,
 * good and bad), the model reader on good and broken model files, and the integer reference on
 * hand-computed networks of both modes. Every error must name its file and what is wrong; the
 * messages are printed so that a reader of the log sees them verbatim. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tnam_digits.h"
#include "tnam_idx.h"
#include "tnam_model.h"
#include "tnam_net.h"
#include "tnam_ref.h"

static char dir[64];
static char err[1024];

static const char *path_of(const char *name) {
  static char p[4][256];
  static unsigned next;
  char *s = p[next++ % 4];
  snprintf(s, sizeof p[0], "%s/%s", dir, name);
  return s;
}

static void write_file(const char *path, const void *data, size_t len, int gz) {
  if (gz) {
    gzFile f = gzopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(gzwrite(f, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(f), Z_OK);
  } else {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
  }
}

/* An error must name the file and contain what: printed for the log. */
static void expect_error(const char *path, const char *what) {
  print_message("    error: %s\n", err);
  assert_non_null(strstr(err, path));
  assert_non_null(strstr(err, what));
}

/* ---- IDX ---------------------------------------------------------------------------------- */

/* An IDX file of `count` 2x3 images (pixel i of image k = 10k + i) or `count` labels (k % 10). */
static size_t make_idx(uint8_t *buf, int images, uint32_t count) {
  const unsigned nd = images ? 3 : 1;
  const uint32_t dims[3] = {count, 2, 3};
  buf[0] = buf[1] = 0, buf[2] = 8, buf[3] = (uint8_t)nd;
  size_t at = 4;
  for (unsigned d = 0; d < nd; ++d, at += 4)
    for (unsigned b = 0; b < 4; ++b) buf[at + b] = (uint8_t)(dims[d] >> (24 - 8 * b));
  for (uint32_t k = 0; k < count; ++k)
    for (unsigned i = 0; i < (images ? 6u : 1u); ++i)
      buf[at++] = (uint8_t)(images ? 10 * k + i : k % 10);
  return at;
}

static void write_pair(const char *images, const char *labels, uint32_t ni, uint32_t nl, int gz) {
  uint8_t buf[1024];
  write_file(images, buf, make_idx(buf, 1, ni), gz);
  write_file(labels, buf, make_idx(buf, 0, nl), gz);
}

static void check_pair_ok(const char *images, const char *labels) {
  tnam_dataset_t ds;
  assert_int_equal(tnam_idx_load(images, labels, &ds, err, sizeof err), 0);
  assert_int_equal(ds.count, 5);
  assert_int_equal(ds.rows, 2);
  assert_int_equal(ds.cols, 3);
  assert_int_equal(ds.pixel_max, 255);
  assert_int_equal(ds.pixels[4 * 6 + 5], 45);
  assert_int_equal(ds.labels[3], 3);
  tnam_dataset_free(&ds);
}

static void test_idx_plain_and_gzip(void **state) {
  (void)state;
  write_pair(path_of("i"), path_of("l"), 5, 5, 0);
  check_pair_ok(path_of("i"), path_of("l"));
  write_pair(path_of("i.gz"), path_of("l.gz"), 5, 5, 1);
  check_pair_ok(path_of("i.gz"), path_of("l.gz"));
}

static void test_idx_dir(void **state) {
  (void)state;
  /* Images plain, labels gzipped: each name is found in either form. */
  write_pair(path_of("t10k-images-idx3-ubyte"), path_of("t10k-labels-idx1-ubyte.gz"), 5, 5, 0);
  write_pair(path_of("t10k-images-idx3-ubyte"), path_of("t10k-labels-idx1-ubyte.gz"), 5, 5, 1);
  write_pair(path_of("t10k-images-idx3-ubyte"), path_of("unused"), 5, 5, 0);
  tnam_dataset_t ds;
  assert_int_equal(tnam_idx_load_dir(dir, "t10k", &ds, err, sizeof err), 0);
  assert_int_equal(ds.count, 5);
  tnam_dataset_free(&ds);
  assert_int_equal(tnam_idx_load_dir(dir, "train", &ds, err, sizeof err), -1);
  expect_error(dir, "no train-images-idx3-ubyte or train-images-idx3-ubyte.gz");
}

static void load_bad(const uint8_t *buf, size_t len, int gz, const char *what) {
  uint8_t labels[64];
  write_file(path_of("bad"), buf, len, gz);
  write_file(path_of("bad-l"), labels, make_idx(labels, 0, 5), 0);
  tnam_dataset_t ds;
  assert_int_equal(tnam_idx_load(path_of("bad"), path_of("bad-l"), &ds, err, sizeof err), -1);
  expect_error(path_of("bad"), what);
}

static void test_idx_bad(void **state) {
  (void)state;
  uint8_t buf[1024];
  size_t len = make_idx(buf, 1, 5);
  load_bad(buf, len - 1, 0, "header says 30 elements, the file holds 29 bytes");
  load_bad(buf, len - 1, 0, "truncated");
  load_bad(buf, 10, 0, "shorter than the 16-byte IDX header");
  buf[len] = 0;
  load_bad(buf, len + 1, 1, "trailing bytes");
  buf[7] = 6; /* count 6 > 5 images present */
  load_bad(buf, len, 1, "header says 36 elements");
  buf[7] = 5;
  buf[0] = 0x1f;
  load_bad(buf, len, 0, "wrong magic");
  buf[0] = 0;
  buf[2] = 0x0d;
  load_bad(buf, len, 0, "element type 0x0d not supported");
  buf[2] = 8;
  buf[3] = 1;
  load_bad(buf, len, 0, "IDX file has 1 dimensions, expected 3");
  buf[3] = 3;
  /* 2^22 images of 2^21 x 2^21 pixels: 2^64 elements, which 64 bits read as 0, the bytes after
   * a header alone. */
  const uint8_t wraps[16] = {0, 0, 8, 3, 0, 0x40, 0, 0, 0, 0x20, 0, 0, 0, 0x20, 0, 0};
  load_bad(wraps, sizeof wraps, 0, "header's dimensions multiply to 2^64 elements or more");
  /* A gzip file cut in the middle of its stream. */
  write_file(path_of("whole.gz"), buf, len, 1);
  FILE *f = fopen(path_of("whole.gz"), "rb");
  uint8_t gz[1024];
  size_t gzlen = fread(gz, 1, sizeof gz, f);
  fclose(f);
  load_bad(gz, gzlen - 12, 0, "truncated gzip stream: it ends before its end marker");
  gz[gzlen / 2] ^= 0xff; /* a corrupt deflate stream */
  load_bad(gz, gzlen, 0, "gzip stream");
}

static void test_idx_labels_mismatch(void **state) {
  (void)state;
  write_pair(path_of("i"), path_of("l"), 5, 4, 0);
  tnam_dataset_t ds;
  assert_int_equal(tnam_idx_load(path_of("i"), path_of("l"), &ds, err, sizeof err), -1);
  expect_error(path_of("l"), "holds 4 labels but the image file");
  write_pair(path_of("i"), path_of("l"), 5, 5, 0);
  assert_int_equal(tnam_idx_load(path_of("i"), path_of("nothing"), &ds, err, sizeof err), -1);
  expect_error(path_of("nothing"), "cannot open");
}

/* ---- digits ------------------------------------------------------------------------------- */

/* The digits file with `lines` rows; row r has pixel i = (r + i) % 17 and label r % 10; the
 * field `bad_field` of row `bad_row` (0-based) replaced by `bad`. */
static void write_digits(const char *path, unsigned lines, unsigned bad_row, int bad_field,
                         const char *bad) {
  char *text = malloc(lines * 65 * 4 + 16), *p = text;
  for (unsigned r = 0; r < lines; ++r) {
    for (int f = 0; f < 65; ++f) {
      if (r == bad_row && f == bad_field)
        p += sprintf(p, "%s", bad);
      else
        p += sprintf(p, "%u", f < 64 ? (r + (unsigned)f) % 17 : r % 10);
      *p++ = f < 64 ? ',' : '\n';
    }
  }
  write_file(path, text, (size_t)(p - text), 1);
  free(text);
}

static void test_digits(void **state) {
  (void)state;
  const char *path = path_of("digits.csv.gz");
  write_digits(path, 1797, 9999, -1, "");
  tnam_dataset_t ds;
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_TEST, &ds, err, sizeof err), 0);
  assert_int_equal(ds.count, 360);
  assert_int_equal(ds.rows, 8);
  assert_int_equal(ds.pixel_max, 16);
  assert_int_equal(ds.labels[0], 1437 % 10);
  assert_int_equal(ds.pixels[5], (1437 + 5) % 17);
  tnam_dataset_free(&ds);
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_TRAIN, &ds, err, sizeof err), 0);
  assert_int_equal(ds.count, 1437);
  assert_int_equal(ds.pixels[64 + 3], 4);
  tnam_dataset_free(&ds);
  /* A float that is an exact integer is accepted. */
  write_digits(path, 1797, 3, 2, "5.000000000000000000e+00");
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_ALL, &ds, err, sizeof err), 0);
  assert_int_equal(ds.pixels[3 * 64 + 2], 5);
  tnam_dataset_free(&ds);
  write_digits(path, 1797, 3, 2, "17");
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_ALL, &ds, err, sizeof err), -1);
  expect_error(path, "line 4, field 3: 17 outside 0 .. 16 (pixel)");
  write_digits(path, 1797, 7, 64, "10");
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_ALL, &ds, err, sizeof err), -1);
  expect_error(path, "line 8, field 65: 10 outside 0 .. 9 (label)");
  write_digits(path, 1797, 0, 1, "2.5");
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_ALL, &ds, err, sizeof err), -1);
  expect_error(path, "line 1, field 2: not a number");
  /* D36: no blanks, signs, hexadecimal, inf or nan, which strtod alone would take. */
  static const char *const refused[] = {" 5", "5 ", "+5", "0x5", "inf", "-0", "5e"};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    write_digits(path, 1797, 0, 1, refused[i]);
    assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_ALL, &ds, err, sizeof err), -1);
    expect_error(path, "line 1, field 2: not a number");
  }
  write_digits(path, 1796, 9999, -1, "");
  assert_int_equal(tnam_digits_load(path, TNAM_SPLIT_ALL, &ds, err, sizeof err), -1);
  expect_error(path, "1796 lines, expected 1797");
}

/* ---- model files -------------------------------------------------------------------------- */

typedef struct {
  uint8_t b[4096];
  size_t n;
} blob_t;

static void put16(blob_t *m, unsigned v) {
  m->b[m->n++] = (uint8_t)v, m->b[m->n++] = (uint8_t)(v >> 8);
}
static void put32(blob_t *m, uint32_t v) {
  put16(m, v & 0xffff);
  put16(m, v >> 16);
}

static void header(blob_t *m, unsigned mode, unsigned layers, unsigned c, unsigned h, unsigned w,
                   unsigned in_param) {
  memset(m, 0, sizeof *m);
  memcpy(m->b, TNAM_NET_MAGIC, 8);
  m->n = 8;
  put16(m, TNAM_NET_VERSION);
  put16(m, TNAM_NET_HEADER);
  put32(m, 0); /* file size: set by finish() */
  memcpy(m->b + m->n, "test-net", 8);
  m->n += TNAM_NET_NAME;
  m->b[m->n++] = (uint8_t)mode;
  m->b[m->n++] = (uint8_t)layers;
  put16(m, c), put16(m, h), put16(m, w);
  put16(m, 255);
  put16(m, in_param);
}

static void layer(blob_t *m, unsigned type, unsigned mode, unsigned shift, const unsigned in[3],
                  const unsigned out[3], unsigned k, const int8_t *w, const int32_t *param) {
  m->b[m->n++] = (uint8_t)type, m->b[m->n++] = (uint8_t)mode, m->b[m->n++] = (uint8_t)shift;
  m->b[m->n++] = 0;
  for (int i = 0; i < 3; ++i) put16(m, in[i]);
  for (int i = 0; i < 3; ++i) put16(m, out[i]);
  put16(m, k);
  put16(m, 0);
  if (type == TNAM_LAYER_POOL) return;
  const size_t fan_in =
      type == TNAM_LAYER_DENSE ? (size_t)in[0] * in[1] * in[2] : (size_t)in[0] * k * k;
  memcpy(m->b + m->n, w, out[0] * fan_in);
  m->n += out[0] * fan_in;
  for (unsigned o = 0; o < out[0]; ++o) put32(m, (uint32_t)param[o]);
}

static void finish(blob_t *m) {
  const size_t size = m->n + 4;
  m->b[12] = (uint8_t)size, m->b[13] = (uint8_t)(size >> 8), m->b[14] = m->b[15] = 0;
  put32(m, (uint32_t)crc32(0L, m->b, (uInt)m->n));
}

/* Dense bin 4 -> 2 (thresholds), dense 2 -> 3 output. */
static const int8_t d1w[] = {1, -1, 0, 1, /**/ -1, 1, 1, 0};
static const int32_t d1t[] = {0, -1};
static const int8_t d2w[] = {1, 0, /**/ 0, 1, /**/ -1, 1};
static const int32_t d2b[] = {0, 0, 1};

static void bin_mlp(blob_t *m) {
  header(m, TNAM_NET_BIN, 2, 1, 1, 4, 127);
  layer(m, TNAM_LAYER_DENSE, TNAM_NET_BIN, 0, (const unsigned[3]){1, 1, 4},
        (const unsigned[3]){2, 1, 1}, 0, d1w, d1t);
  layer(m, TNAM_LAYER_DENSE, TNAM_NET_BIN, 0, (const unsigned[3]){2, 1, 1},
        (const unsigned[3]){3, 1, 1}, 0, d2w, d2b);
  finish(m);
}

static int load_blob(blob_t *m, tnam_net_t *net) {
  write_file(path_of("m.tnn"), m->b, m->n, 0);
  return tnam_net_load(path_of("m.tnn"), net, err, sizeof err);
}

static void expect_bad_model(blob_t *m, const char *what) {
  tnam_net_t net;
  assert_int_equal(load_blob(m, &net), -1);
  expect_error(path_of("m.tnn"), what);
}

static void test_net_ok_and_dense_bin(void **state) {
  (void)state;
  blob_t m;
  bin_mlp(&m);
  tnam_net_t net;
  assert_int_equal(load_blob(&m, &net), 0);
  assert_string_equal(net.name, "test-net");
  assert_int_equal(net.n_layers, 2);
  assert_int_equal(tnam_net_classes(&net), 3);
  tnam_ref_t r;
  assert_int_equal(tnam_ref_init(&r, &net), 0);
  /* Pixels 200 0 0 200 -> x = 1 0 0 1. Layer 1: s = (2, -1) > (0, -1) -> (1, 0).
   * Logits: (1, 0, -1 + 1) = (1, 0, 0) -> class 0. */
  assert_int_equal(tnam_ref_run(&r, (const uint8_t[]){200, 0, 0, 200}), 0);
  assert_int_equal(r.logits[0], 1);
  assert_int_equal(r.logits[2], 0);
  assert_int_equal(r.act[1][0], 1);
  assert_int_equal(r.act[1][1], 0);
  /* x = 0 1 1 0 -> s = (-1, 2) -> (0, 1); logits (0, 1, 2) -> class 2. Pixel 127 is not > 127. */
  assert_int_equal(tnam_ref_run(&r, (const uint8_t[]){0, 128, 255, 127}), 2);
  assert_int_equal(r.logits[1], 1);
  assert_int_equal(r.logits[2], 2);
  /* Activity of layer 0: 2 + 2 of 8 inputs driven; layer 1: 1 + 1 of 4. */
  assert_int_equal(r.driven[0], 4);
  assert_int_equal(r.presented[0], 8);
  assert_int_equal(r.driven[1], 2);
  tnam_ref_free(&r);
  tnam_net_free(&net);
}

static void test_net_bad(void **state) {
  (void)state;
  blob_t m;
  bin_mlp(&m);
  m.b[70] ^= 1; /* a byte in a layer record, CRC unchanged */
  expect_bad_model(&m, "checksum fails");
  bin_mlp(&m);
  m.b[8] = 2;
  expect_bad_model(&m, "format version 2, this reader knows version 1");
  bin_mlp(&m);
  m.n -= 5;
  expect_bad_model(&m, "truncated: the header says");
  bin_mlp(&m);
  m.b[0] = 'X';
  expect_bad_model(&m, "wrong magic");
  /* The rest are consistent files (right CRC) with a wrong field. */
  bin_mlp(&m);
  m.n -= 4;
  m.b[48] = 3;
  finish(&m);
  expect_bad_model(&m, "unknown mode 3 (1 = bin, 2 = q4)");
  /* Second layer's input 3x1x1 where the first gives 2x1x1. */
  header(&m, TNAM_NET_BIN, 2, 1, 1, 4, 127);
  layer(&m, TNAM_LAYER_DENSE, TNAM_NET_BIN, 0, (const unsigned[3]){1, 1, 4},
        (const unsigned[3]){2, 1, 1}, 0, d1w, d1t);
  layer(&m, TNAM_LAYER_DENSE, TNAM_NET_BIN, 0, (const unsigned[3]){3, 1, 1},
        (const unsigned[3]){2, 1, 1}, 0, d2w, d2b);
  finish(&m);
  expect_bad_model(&m, "layer 1 (dense): input shape 3x1x1, but the previous layer gives 2x1x1");
  /* A ternary weight of 2 in a bin network. */
  const int8_t w2[] = {1, -1, 0, 2, -1, 1, 1, 0};
  header(&m, TNAM_NET_BIN, 2, 1, 1, 4, 127);
  layer(&m, TNAM_LAYER_DENSE, TNAM_NET_BIN, 0, (const unsigned[3]){1, 1, 4},
        (const unsigned[3]){2, 1, 1}, 0, w2, d1t);
  layer(&m, TNAM_LAYER_DENSE, TNAM_NET_BIN, 0, (const unsigned[3]){2, 1, 1},
        (const unsigned[3]){3, 1, 1}, 0, d2w, d2b);
  finish(&m);
  expect_bad_model(&m, "layer 0 (dense): weight [0][3] = 2 outside -1 .. 1 (bin)");
  /* A conv whose output shape disagrees with its kernel. */
  const int8_t cw[4] = {1, 1, 1, 1};
  header(&m, TNAM_NET_BIN, 2, 1, 3, 3, 127);
  layer(&m, TNAM_LAYER_CONV, TNAM_NET_BIN, 0, (const unsigned[3]){1, 3, 3},
        (const unsigned[3]){1, 1, 1}, 2, cw, d1t);
  finish(&m);
  expect_bad_model(&m, "layer 0 (conv): output shape 1x1x1, its input and k give 1x2x2");
  /* A shift in a bin layer. */
  bin_mlp(&m);
  m.n -= 4;
  m.b[TNAM_NET_HEADER + 2] = 3;
  finish(&m);
  expect_bad_model(&m, "layer 0 (dense): shift 3 (must be 0: only q4 hidden layers requantise)");
  /* A fan-in of 256 x 4096 x 4096 = 2^32, which 32 bits read as 0 (and then accepted the layer
   * with no weights): the record by hand, as layer() would copy 2^33 weight bytes. */
  header(&m, TNAM_NET_BIN, 1, 256, 4096, 4096, 127);
  const unsigned rec[] = {256, 4096, 4096, 2, 1, 1, 0, 0};
  m.b[m.n++] = TNAM_LAYER_DENSE, m.b[m.n++] = TNAM_NET_BIN, m.b[m.n++] = 0, m.b[m.n++] = 0;
  for (int i = 0; i < 8; ++i) put16(&m, rec[i]);
  put32(&m, 0), put32(&m, 0);
  finish(&m);
  expect_bad_model(&m, "layer 0 (dense): fan-in 4294967296: a neuron's sum can leave int32");
}

/* conv 2x2 (ch channels) on 1x3x3 -> ch x 2x2, pool 2 -> ch x 1x1, dense ch -> 2: loaded, with
 * a reference ready to run. */
static void conv_pool_dense(tnam_net_mode_t mode, unsigned in_param, unsigned shift, unsigned ch,
                            const int8_t *cw, const int32_t *cp, const int8_t *dw,
                            const int32_t *dp, tnam_net_t *net, tnam_ref_t *r) {
  blob_t m;
  header(&m, mode, 3, 1, 3, 3, in_param);
  layer(&m, TNAM_LAYER_CONV, mode, shift, (const unsigned[3]){1, 3, 3},
        (const unsigned[3]){ch, 2, 2}, 2, cw, cp);
  layer(&m, TNAM_LAYER_POOL, mode, 0, (const unsigned[3]){ch, 2, 2}, (const unsigned[3]){ch, 1, 1},
        2, NULL, NULL);
  layer(&m, TNAM_LAYER_DENSE, mode, 0, (const unsigned[3]){ch, 1, 1}, (const unsigned[3]){2, 1, 1},
        0, dw, dp);
  finish(&m);
  assert_int_equal(load_blob(&m, net), 0);
  assert_int_equal(tnam_ref_init(r, net), 0);
}

/* q4: one channel. */
static void test_conv_q4(void **state) {
  (void)state;
  const int8_t cw[4] = {7, -3, 2, 0};
  const int32_t cb[1] = {5};
  const int8_t dw[2] = {1, -2};
  const int32_t db[2] = {0, 10};
  tnam_net_t net;
  tnam_ref_t r;
  conv_pool_dense(TNAM_NET_Q4, 4, 2, 1, cw, cb, dw, db, &net, &r);
  /* Pixels >> 4: x = [[1 2 3] [4 5 6] [7 8 15]] (255 >> 4 = 15).
   * Patches (im2col: x(y,x) x(y,x+1) x(y+1,x) x(y+1,x+1)), s = 7a - 3b + 2c + 5 (bias):
   *   (0,0): 1 2 4 5  -> 7 - 6 + 8 + 5 = 14  -> 14 >> 2 = 3
   *   (0,1): 2 3 5 6  -> 14 - 9 + 10 + 5 = 20 -> 5
   *   (1,0): 4 5 7 8  -> 28 - 15 + 14 + 5 = 32 -> 8
   *   (1,1): 5 6 8 15 -> 35 - 18 + 16 + 5 = 38 -> 9
   * pool -> 9; logits (9, -18 + 10) = (9, -8) -> class 0. */
  const uint8_t px[9] = {16, 32, 48, 64, 80, 96, 112, 128, 255};
  assert_int_equal(tnam_ref_run(&r, px), 0);
  assert_int_equal(r.act[1][0], 3);
  assert_int_equal(r.act[1][1], 5);
  assert_int_equal(r.act[1][2], 8);
  assert_int_equal(r.act[1][3], 9);
  assert_int_equal(r.act[2][0], 9);
  assert_int_equal(r.logits[0], 9);
  assert_int_equal(r.logits[1], -8);
  /* All pixels 0: conv gives 5 >> 2 = 1 everywhere; logits (1, 8) -> class 1. */
  const uint8_t zero[9] = {0};
  assert_int_equal(tnam_ref_run(&r, zero), 1);
  assert_int_equal(r.logits[1], 8);
  tnam_ref_free(&r);
  tnam_net_free(&net);
  /* A q4 weight of 8 is out of range. */
  blob_t m;
  const int8_t big[4] = {8, 0, 0, 0};
  header(&m, TNAM_NET_Q4, 3, 1, 3, 3, 4);
  layer(&m, TNAM_LAYER_CONV, TNAM_NET_Q4, 2, (const unsigned[3]){1, 3, 3},
        (const unsigned[3]){1, 2, 2}, 2, big, cb);
  finish(&m);
  expect_bad_model(&m, "layer 0 (conv): weight [0][0] = 8 outside -7 .. 7 (q4)");
}

/* bin: two channels, OR-pooling. */
static void test_conv_bin(void **state) {
  (void)state;
  const int8_t cw[8] = {1, 1, 0, 0, /**/ 0, 0, -1, 1};
  const int32_t ct[2] = {1, 0};
  const int8_t dw[2 * 2] = {1, 0, 0, 1};
  const int32_t db[2] = {0, 0};
  tnam_net_t net;
  tnam_ref_t r;
  conv_pool_dense(TNAM_NET_BIN, 127, 0, 2, cw, ct, dw, db, &net, &r);
  /* x = [[1 1 0] [0 0 1] [0 1 0]].
   * channel 0 (top pair, > 1): (0,0) 1+1=2 -> 1; (0,1) 1+0 -> 0; (1,0) 0 -> 0; (1,1) 0+1 -> 0
   * channel 1 (-bottom-left + bottom-right, > 0): (0,0) -0+0=0 -> 0; (0,1) -0+1 -> 1;
   *   (1,0) -0+1 -> 1; (1,1) -1+0 -> 0.  OR-pool: (1, 1); logits (1, 1) -> tie -> class 0. */
  const uint8_t px[9] = {255, 200, 0, 0, 0, 130, 0, 255, 0};
  assert_int_equal(tnam_ref_run(&r, px), 0);
  const uint8_t c0[4] = {1, 0, 0, 0}, c1[4] = {0, 1, 1, 0};
  assert_memory_equal(r.act[1], c0, 4);
  assert_memory_equal(r.act[1] + 4, c1, 4);
  assert_int_equal(r.act[2][0], 1);
  assert_int_equal(r.act[2][1], 1);
  assert_int_equal(r.logits[0], 1);
  assert_int_equal(r.logits[1], 1);
  tnam_ref_free(&r);
  tnam_net_free(&net);
}

/* The reference's requantisation is written independently of the golden model's: they agree. */
static void test_requant_matches_model(void **state) {
  (void)state;
  for (int32_t acc = -300; acc <= 3000; ++acc)
    for (unsigned s = 0; s <= 31; ++s)
      assert_int_equal(tnam_ref_requant(acc, s), tnam_q4_requant(acc, s));
  assert_int_equal(tnam_argmax((const int32_t[]){3, 7, 7, -1}, 4), 1);
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/tnam_nn_test.XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_idx_plain_and_gzip),
      cmocka_unit_test(test_idx_dir),
      cmocka_unit_test(test_idx_bad),
      cmocka_unit_test(test_idx_labels_mismatch),
      cmocka_unit_test(test_digits),
      cmocka_unit_test(test_net_ok_and_dense_bin),
      cmocka_unit_test(test_net_bad),
      cmocka_unit_test(test_conv_q4),
      cmocka_unit_test(test_conv_bin),
      cmocka_unit_test(test_requant_matches_model),
  };
  return cmocka_run_group_tests_name("tnam_nn", tests, setup, teardown);
}
