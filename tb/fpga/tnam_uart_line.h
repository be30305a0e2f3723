// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The host's end of a UART wire, bit by bit: serialises bytes onto the board's rx pin and
 * decodes its tx pin (8 data bits, no parity, 1 stop bit, LSB first; spec 13.1). */
#ifndef TNAM_UART_LINE_H
#define TNAM_UART_LINE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Transmitter: drives the line one board clock at a time. The line idles high. */
typedef struct {
  unsigned cpb;   /* board clocks per bit */
  unsigned frame; /* the bits still to send, current one at bit 0: start, 8 data, stop */
  unsigned bits;  /* bits left, the current one included; 0 = idle */
  unsigned left;  /* clocks left in the current bit */
} tnam_uart_tx_t;

void tnam_uart_tx_init(tnam_uart_tx_t *t, unsigned cpb);
/* Starts sending `byte`; only when idle (the previous stop bit has been sent in full). */
void tnam_uart_tx_load(tnam_uart_tx_t *t, uint8_t byte);
static inline int tnam_uart_tx_busy(const tnam_uart_tx_t *t) { return t->bits != 0; }
/* The line level during the next clock; counts that clock. */
int tnam_uart_tx_clock(tnam_uart_tx_t *t);

/* Receiver: a falling edge starts a byte, every bit is sampled in its middle, a stop bit at 0
 * is a framing error. It hunts for the next falling edge after the stop bit's sample, so a
 * line held low after a framing error starts nothing until it has been high. */
typedef struct {
  unsigned cpb;
  int prev;       /* the level at the previous clock (edge detection) */
  unsigned bit;   /* the next bit to sample: 0 start, 1..8 data, 9 stop; 10 = hunting */
  unsigned left;  /* clocks to the next sample */
  unsigned shift; /* data bits so far */
} tnam_uart_rx_t;

void tnam_uart_rx_init(tnam_uart_rx_t *r, unsigned cpb);
static inline int tnam_uart_rx_busy(const tnam_uart_rx_t *r) { return r->bit != 10; }

/* What one clock's sample completed. */
typedef enum {
  TNAM_UART_NOTHING = 0,
  TNAM_UART_BYTE,   /* a byte with a good stop bit */
  TNAM_UART_FRAMING /* a byte whose stop bit was 0 */
} tnam_uart_event_t;

/* Feeds the line level seen at one clock; on a completed byte writes it to *byte. */
tnam_uart_event_t tnam_uart_rx_clock(tnam_uart_rx_t *r, int level, uint8_t *byte);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_UART_LINE_H */
