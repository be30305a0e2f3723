// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Byte links to a board: a serial port, or the in-process bridge model; optional recording. */
#ifndef TNAM_LINK_H
#define TNAM_LINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tnam_chip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* read(): bytes read (>= 1), TNAM_LINK_TIMEOUT when none arrived before the deadline, or
 * TNAM_LINK_ERROR (message in err) when the link broke (the other end hung up, I/O error).
 * read() and write() messages do not repeat the link's name: the caller names the link. */
#define TNAM_LINK_TIMEOUT 0
#define TNAM_LINK_ERROR (-1)

typedef struct tnam_link tnam_link_t;
struct tnam_link {
  const char *name; /* how messages name the link: "serial /dev/ttyUSB1", "model board" */
  /* Writes all n bytes: 1, or 0 with a message in err. */
  int (*write)(tnam_link_t *l, const uint8_t *buf, size_t n, char *err, size_t err_size);
  /* Reads 1 .. n bytes, waiting at most timeout_ms for the first. */
  long (*read)(tnam_link_t *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err,
               size_t err_size);
  /* Frees the link; safe once from any state. */
  void (*close)(tnam_link_t *l);
  void *impl;
  char name_buf[256];
};

/* A tty (a USB UART, or a pty slave), raw 8N1 at `baud`, no flow control. Returns 1, or 0 with
 * a message in err (no such file, not a tty, permission, baud not supported). */
int tnam_serial_open(tnam_link_t *l, const char *path, unsigned baud, char *err, size_t err_size);

/* ---- the bridge model: the golden model board ----------------------------------------------
 * The bridge of spec 13.3, byte for byte, in front of a tnam_chip golden model. Bytes written
 * are fed to it at once; the answers it sends queue up for read(). Its timeout rule (no next
 * byte within 8192 bit times) is modelled as "no more bytes": a read while a frame is
 * unfinished and nothing is queued ends that frame with ERROR 4. As the RTL, it drops the bytes
 * that arrive while it sends an answer (spec 13.3): bytes fed back to back count one byte time
 * each, and the host's taking answer bytes shows that they have been sent. */
typedef struct tnam_bridge tnam_bridge_t;

tnam_bridge_t *tnam_bridge_new(const tnam_chip_params_t *p); /* NULL: out of memory */
void tnam_bridge_free(tnam_bridge_t *br);
/* One byte from the host's UART. */
void tnam_bridge_rx(tnam_bridge_t *br, uint8_t byte);
/* A byte whose stop bit was 0 (the UART's framing error). */
void tnam_bridge_rx_framing_error(tnam_bridge_t *br);
/* 8192 bit times without a byte. */
void tnam_bridge_idle(tnam_bridge_t *br);
/* Takes up to n answer bytes; returns how many. */
size_t tnam_bridge_tx(tnam_bridge_t *br, uint8_t *buf, size_t n);
/* Answer bytes queued. */
size_t tnam_bridge_tx_pending(const tnam_bridge_t *br);
/* STEP frames carried out (chip cycles clocked). */
uint64_t tnam_bridge_steps(const tnam_bridge_t *br);

/* A link to a bridge model of configuration *p that it owns. Returns 1, or 0 (out of memory). */
int tnam_bridge_link_open(tnam_link_t *l, const tnam_chip_params_t *p, char *err, size_t err_size);
/* The bridge behind a link opened by tnam_bridge_link_open(). */
tnam_bridge_t *tnam_bridge_link_bridge(tnam_link_t *l);

/* ---- recording ------------------------------------------------------------------------------
 * Wraps *inner (taking it over) so that every byte is also written to f as one $readmemh word
 * per line: 0XX a byte from the host, 1XX a byte from the board; the first line is a comment
 * `// <comment>`. close() closes inner and f; when a write to f failed (a full disk), then or
 * before, it says so on stderr and sets *failed (which the caller checks after close(): the
 * record is incomplete). Returns 1, or 0 (out of memory; inner untouched). */
int tnam_link_record(tnam_link_t *l, tnam_link_t *inner, FILE *f, const char *comment, int *failed,
                     char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_LINK_H */
