/* Test streams (.tns): parsed command list shared by every harness (spec section 7). */
#ifndef TNAM_STREAM_H
#define TNAM_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tnam_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Expanded operations, one per cycle-consuming command: every `thr *` and `load` is already
 * split into one op per cycle. Expectations are not ops: they hang off their evaluation. */
typedef enum {
  TNAM_OP_RESET, /* arg = cycles with rst_n low */
  TNAM_OP_WRITE, /* arg = row; mag, sign = column masks */
  TNAM_OP_THR,   /* arg = column; value = threshold */
  TNAM_OP_EVAL,  /* bits = word lines; arg = index in expects, or TNAM_NO_EXPECT */
  TNAM_OP_IDLE   /* arg = cycles */
} tnam_op_kind_t;

#define TNAM_NO_EXPECT UINT32_MAX

typedef struct {
  uint32_t kind; /* tnam_op_kind_t */
  uint32_t line; /* source line in `path` (generated streams: the line it has when dumped) */
  uint32_t arg;
  int32_t value;
  uint64_t mag;
  uint64_t sign;
  uint64_t bits[TNAM_ROW_WORDS];
} tnam_op_t;

/* What the stream expects of one evaluation's result (spec section 7). */
enum { TNAM_EXPECT_DEC, TNAM_EXPECT_GATE, TNAM_EXPECT_MAC, TNAM_EXPECT_KINDS };

typedef struct {
  uint32_t line[TNAM_EXPECT_KINDS]; /* source line of each expectation; 0 = not expected */
  uint64_t dec;
  uint64_t gate;
  uint32_t mac; /* index of the first of `cols` values in mac_pool */
} tnam_expect_t;

typedef struct {
  char path[256];       /* file name for messages, or a description of a generated stream */
  tnam_params_t params; /* from the `config` line */
  unsigned config_line; /* where that line is (0 for a generated stream) */
  tnam_op_t *ops;
  size_t n_ops, cap_ops;
  tnam_expect_t *expects;
  size_t n_expects, cap_expects;
  int32_t *mac_pool;
  size_t n_mac, cap_mac;
  size_t dump_lines; /* lines a dump has written so far: generated ops get these numbers */
} tnam_stream_t;

/* Error text: "FILE:LINE: message". */
typedef struct {
  char msg[512];
} tnam_err_t;

void tnam_stream_init(tnam_stream_t *s, const char *path, const tnam_params_t *p);
void tnam_stream_free(tnam_stream_t *s);

/* Appends one op; returns 0 when out of memory. An op with line 0 gets the line it will
 * have in a dump. */
int tnam_stream_push(tnam_stream_t *s, const tnam_op_t *op);

/* Attaches an expectation of `kind` to the latest op, which must be an evaluation:
 * `bits` for dec/gate, `macs` (cols values) for mac. Line 0: the line it will have in a dump.
 * Returns 0 when out of memory. */
int tnam_stream_expect(tnam_stream_t *s, int kind, uint64_t bits, const int32_t *macs,
                       uint32_t line);

/* Parses a whole .tns file. On failure fills err, frees what it built, returns 0. */
int tnam_stream_load(const char *path, tnam_stream_t *s, tnam_err_t *err);

/* Writes the stream as a .tns text that parses back to the same ops. Returns 0 on I/O error. */
int tnam_stream_dump(const tnam_stream_t *s, FILE *f);

/* Cycles the stream takes (without the drain at the end). */
uint64_t tnam_stream_cycles(const tnam_stream_t *s);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_STREAM_H */
