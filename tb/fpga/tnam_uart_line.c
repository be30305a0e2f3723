// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The host's end of a UART wire, bit by bit (see tnam_uart_line.h). */
#include "tnam_uart_line.h"

enum { HUNTING = 10, STOP_BIT = 9 };

void tnam_uart_tx_init(tnam_uart_tx_t *t, unsigned cpb) {
  t->cpb = cpb;
  t->frame = 0;
  t->bits = 0;
  t->left = 0;
}

void tnam_uart_tx_load(tnam_uart_tx_t *t, uint8_t byte) {
  /* Start bit 0 at bit 0, data LSB first, stop bit 1 at bit 9. */
  t->frame = (1u << 9) | ((unsigned)byte << 1);
  t->bits = 10;
  t->left = t->cpb;
}

int tnam_uart_tx_clock(tnam_uart_tx_t *t) {
  if (t->bits == 0) return 1;
  const int level = (int)(t->frame & 1u);
  if (--t->left == 0) {
    t->frame >>= 1;
    t->bits--;
    t->left = t->cpb;
  }
  return level;
}

void tnam_uart_rx_init(tnam_uart_rx_t *r, unsigned cpb) {
  r->cpb = cpb;
  r->prev = 1;
  r->bit = HUNTING;
  r->left = 0;
  r->shift = 0;
}

tnam_uart_event_t tnam_uart_rx_clock(tnam_uart_rx_t *r, int level, uint8_t *byte) {
  const int prev = r->prev;
  r->prev = level;
  if (r->bit == HUNTING) {
    if (prev && !level) {
      /* This clock is the start bit's first: its middle is half a bit on. */
      r->bit = 0;
      r->left = r->cpb / 2;
      r->shift = 0;
      if (r->left == 0) r->left = 1;
    }
    return TNAM_UART_NOTHING;
  }
  if (--r->left != 0) return TNAM_UART_NOTHING;
  r->left = r->cpb;
  if (r->bit == 0) {
    /* A start bit that is high again in its middle was a glitch, not a byte. */
    r->bit = level ? HUNTING : 1;
    return TNAM_UART_NOTHING;
  }
  if (r->bit < STOP_BIT) {
    r->shift |= (unsigned)(level != 0) << (r->bit - 1);
    r->bit++;
    return TNAM_UART_NOTHING;
  }
  r->bit = HUNTING;
  *byte = (uint8_t)r->shift;
  return level ? TNAM_UART_BYTE : TNAM_UART_FRAMING;
}
