// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* libFuzzer target: the test-stream reader (tb/stimulus/tnam_stream_parse.c) on any bytes, read
 * from memory. The stream is named as if it were in tb/streams/, so that `load` and `variation`
 * lines find the directed streams' weight and variation files there. Properties: a stream that
 * parses is written (tnam_stream_dump) as a text that parses again and is written the same; and
 * one of at most RUN_CYCLES cycles runs on the golden model through the sequencer and the
 * executor (driver/tnam_exec.c) with every result on time (a `calibrate` the executor refuses). */
#define _GNU_SOURCE /* fmemopen, open_memstream, memfd_create */
#include <string.h>

#include "tnam_exec.h"
#include "tnam_fuzz.h"
#include "tnam_stream.h"

#define RUN_CYCLES 4000

#define STREAM_NAME TNAM_SRC_DIR "/tb/streams/fuzz-input.tns"

/* Parses len bytes at text; 1 with *s filled, or 0. */
static int parse(const char *text, size_t len, tnam_stream_t *s, tnam_err_t *err) {
  /* fmemopen refuses a zero size: an empty stream is one blank line. */
  FILE *f = len ? fmemopen((void *)text, len, "r") : fmemopen((void *)"\n", 1, "r");
  if (!f) abort();
  const int ok = tnam_stream_read(f, STREAM_NAME, s, err);
  fclose(f);
  return ok;
}

/* The stream as text, malloc'ed. */
static char *dump(const tnam_stream_t *s, size_t *len) {
  char *text = NULL;
  FILE *f = open_memstream(&text, len);
  if (!f) abort();
  TNAM_FUZZ_CHECK(tnam_stream_dump(s, f), "tnam_stream_dump failed on a memory stream");
  fclose(f);
  return text;
}

/* The stream on the golden model, when it is short. */
static void run(const tnam_stream_t *s) {
  uint64_t cycles = 0;
  int calibrates = 0;
  for (size_t i = 0; i < s->n_ops; i++) {
    cycles += tnam_op_cycles(tnam_stream_op(s, i));
    calibrates |= tnam_stream_op(s, i)->kind == TNAM_OP_CAL;
  }
  if (cycles > RUN_CYCLES) return;
  tnam_chip_t *chip = tnam_chip_new(&s->chip);
  if (!chip) abort();
  tnam_backend_t b;
  tnam_backend_model_init(&b, chip);
  char err[512] = "";
  const int status = tnam_exec_run(&b, s, NULL, NULL, NULL, err, sizeof err);
  TNAM_FUZZ_CHECK(status == TNAM_EXIT_PASS || (status == TNAM_EXIT_USAGE && calibrates),
                  "a stream that parses does not run on the golden model (exit %d): %s", status,
                  err);
  b.close(&b);
  tnam_chip_free(chip);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tnam_stream_t s;
  tnam_err_t err;
  if (!parse((const char *)data, size, &s, &err)) return 0;
  run(&s);
  size_t len1, len2;
  char *text1 = dump(&s, &len1);
  tnam_stream_free(&s);
  TNAM_FUZZ_CHECK(parse(text1, len1, &s, &err), "the dump of a stream does not parse: %s\n%s",
                  err.msg, text1);
  char *text2 = dump(&s, &len2);
  tnam_stream_free(&s);
  TNAM_FUZZ_CHECK(len1 == len2 && memcmp(text1, text2, len1) == 0,
                  "a stream's dump, parsed and dumped again, differs:\n%s\n----\n%s", text1, text2);
  free(text1);
  free(text2);
  return 0;
}
