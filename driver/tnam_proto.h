// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Board protocol of spec 13.2-13.3: input/output vectors, CRC-16, frames, incremental decoder. */
#ifndef TNAM_PROTO_H
#define TNAM_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TNAM_PROTO_VERSION 1
#define TNAM_SYNC_TO_BOARD 0xA5u
#define TNAM_SYNC_TO_HOST 0x5Au
#define TNAM_FRAME_OVERHEAD 7u /* sync, type, seq, 2 length bytes, 2 CRC bytes */

/* Frame types (spec 13.3). */
enum {
  TNAM_T_INFO = 0x01,
  TNAM_T_STEP = 0x02,
  TNAM_T_INFO_ANSWER = 0x81,
  TNAM_T_OUT = 0x82,
  TNAM_T_ERROR = 0xEE
};
#define TNAM_INFO_BYTES 14u

/* Error codes of an ERROR frame's payload. */
enum {
  TNAM_ERR_CRC = 0x01,
  TNAM_ERR_LENGTH = 0x02,
  TNAM_ERR_TYPE = 0x03,
  TNAM_ERR_TIMEOUT = 0x04,
  TNAM_ERR_FRAMING = 0x05
};

/* "CRC mismatch", ... for a code; "unknown error code" otherwise. */
const char *tnam_proto_error_text(unsigned code);
/* "INFO", "STEP", "INFO answer", "OUT", "ERROR", or "type 0xNN" (static buffer). */
const char *tnam_proto_type_name(unsigned type);

/* ---- vectors (spec 13.2) ---------------------------------------------------------------- */

/* Bits and bytes of the input vector (every input port but clk_i and ce_i) and of the output
 * vector (every output port), in the port order of rtl/tnam_chip.v, first port at bit 0. */
unsigned tnam_vec_in_bits(const tnam_chip_params_t *p);
unsigned tnam_vec_out_bits(const tnam_chip_params_t *p);
unsigned tnam_vec_in_bytes(const tnam_chip_params_t *p);
unsigned tnam_vec_out_bytes(const tnam_chip_params_t *p);

/* The longest payload of any configuration (an OUT frame of the largest chip), bytes. */
#define TNAM_PROTO_MAX_PAYLOAD 8192u

/* Packs *in into buf (tnam_vec_in_bytes() bytes, padding bits 0). Bits of a field above its
 * port's width are dropped, as the ports drop them. */
void tnam_vec_pack_in(const tnam_chip_params_t *p, const tnam_chip_in_t *in, uint8_t *buf);
/* Unpacks buf into *in: every field from its port, the rest 0; signed fields sign-extended. */
void tnam_vec_unpack_in(const tnam_chip_params_t *p, const uint8_t *buf, tnam_chip_in_t *in);
void tnam_vec_pack_out(const tnam_chip_params_t *p, const tnam_chip_out_t *out, uint8_t *buf);
/* As tnam_chip_ports.h samples the RTL: mac, sar_ref, sar_code and acc sign-extended, entries
 * >= M or >= T left 0. */
void tnam_vec_unpack_out(const tnam_chip_params_t *p, const uint8_t *buf, tnam_chip_out_t *out);

/* The port that holds bit `bit` of the input (out = 0) or output (out = 1) vector: its name,
 * and through *lsb (may be NULL) the vector bit of its bit 0. NULL beyond the vector. */
const char *tnam_vec_port_at(const tnam_chip_params_t *p, int out, unsigned bit, unsigned *lsb);

/* ---- CRC and frames (spec 13.3) --------------------------------------------------------- */

/* CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR. */
uint16_t tnam_crc16(const uint8_t *data, size_t n);
uint16_t tnam_crc16_update(uint16_t crc, uint8_t byte);

/* Writes one frame into out (len + TNAM_FRAME_OVERHEAD bytes) and returns its size. */
size_t tnam_frame_encode(uint8_t sync, uint8_t type, uint8_t seq, const uint8_t *payload,
                         uint16_t len, uint8_t *out);

/* One frame type the decoder accepts and the payload length it needs. */
typedef struct {
  uint8_t type;
  uint16_t len;
} tnam_frame_rule_t;

/* What the decoder expects. */
typedef struct {
  uint8_t sync;
  int hunt;                       /* 1: discard bytes outside a frame until sync (the bridge);
                                    0: any other byte is an error (the host) */
  const tnam_frame_rule_t *rules; /* known types with their lengths; NULL: any type */
  unsigned n_rules;
  unsigned max_len; /* without rules: the longest payload (<= MAX_PAYLOAD) */
} tnam_dec_cfg_t;

typedef enum {
  TNAM_DEC_MORE,     /* the frame is not complete yet */
  TNAM_DEC_FRAME,    /* a complete, good frame: type, seq, len, payload */
  TNAM_DEC_BAD_SYNC, /* (no hunt) the first byte is not the sync byte */
  TNAM_DEC_BAD_TYPE, /* a type the rules do not know */
  TNAM_DEC_BAD_LEN,  /* not the length the type needs, or over max_len */
  TNAM_DEC_BAD_CRC
} tnam_dec_status_t;

/* An incremental frame decoder: fed one byte at a time, it says at the earliest byte whether
 * the frame is complete or wrong (and then waits for the next frame). */
typedef struct {
  tnam_dec_cfg_t cfg;
  unsigned got; /* bytes of the current frame so far; 0: outside a frame */
  uint8_t type, seq;
  int seq_valid; /* the frame in progress, or the one that just ended, got as far as
                            its sequence number */
  uint16_t len;
  uint16_t crc;      /* running CRC of bytes 1 .. */
  uint16_t crc_rx;   /* the CRC the frame carried (after BAD_CRC) */
  uint8_t bad_byte;  /* the byte that was not sync (after BAD_SYNC) */
  uint16_t want_len; /* the length the type needs (after BAD_LEN) */
  uint8_t payload[TNAM_PROTO_MAX_PAYLOAD];
} tnam_dec_t;

void tnam_dec_init(tnam_dec_t *d, const tnam_dec_cfg_t *cfg);
tnam_dec_status_t tnam_dec_feed(tnam_dec_t *d, uint8_t byte);
/* Bytes the current frame still needs at least (5 before the header is complete). */
unsigned tnam_dec_need(const tnam_dec_t *d);
/* 1 inside a frame (its sync byte seen), 0 outside. */
int tnam_dec_in_frame(const tnam_dec_t *d);
/* Drops a frame in progress (timeout, framing error). */
void tnam_dec_abort(tnam_dec_t *d);
/* Words for a status other than MORE and FRAME, with the frame's details. */
void tnam_dec_describe(const tnam_dec_t *d, tnam_dec_status_t st, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_PROTO_H */
