// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* Unit tests of the vboard's UART wire model: loopback of every byte at several bit lengths,
 * mid-bit sampling against skewed edges, a glitch that is no start bit, a bad stop bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tnam_uart_line.h"

/* Runs the transmitter into the receiver until it is idle; returns the bytes received. */
static size_t loop_through(unsigned tx_cpb, unsigned rx_cpb, const uint8_t *send, size_t n,
                           uint8_t *got, int *framing) {
  tnam_uart_tx_t tx;
  tnam_uart_rx_t rx;
  tnam_uart_tx_init(&tx, tx_cpb);
  tnam_uart_rx_init(&rx, rx_cpb);
  size_t sent = 0, recv = 0;
  *framing = 0;
  for (unsigned clk = 0; clk < 20u * tx_cpb * (unsigned)(n + 2); clk++) {
    if (!tnam_uart_tx_busy(&tx) && sent < n) tnam_uart_tx_load(&tx, send[sent++]);
    uint8_t b;
    const tnam_uart_event_t ev = tnam_uart_rx_clock(&rx, tnam_uart_tx_clock(&tx), &b);
    if (ev == TNAM_UART_FRAMING) (*framing)++;
    if (ev != TNAM_UART_NOTHING) got[recv++] = b;
  }
  return recv;
}

static void every_byte_back_to_back(void **state) {
  (void)state;
  uint8_t send[256], got[260];
  for (unsigned i = 0; i < 256; i++) send[i] = (uint8_t)(i * 37u + 11u);
  static const unsigned cpbs[] = {2, 3, 4, 16, 104};
  for (size_t k = 0; k < sizeof cpbs / sizeof cpbs[0]; k++) {
    int framing;
    assert_int_equal(loop_through(cpbs[k], cpbs[k], send, 256, got, &framing), 256);
    assert_int_equal(framing, 0);
    assert_memory_equal(got, send, 256);
  }
}

/* Feeds the receiver a hand-made line: `bits` (start, data LSB first, stop) each held for
 * `cpb` clocks, after `lead` idle clocks. */
static tnam_uart_event_t feed(tnam_uart_rx_t *rx, unsigned cpb, unsigned lead, unsigned frame,
                              unsigned nbits, uint8_t *b) {
  tnam_uart_event_t last = TNAM_UART_NOTHING;
  for (unsigned i = 0; i < lead; i++)
    assert_int_equal(tnam_uart_rx_clock(rx, 1, b), TNAM_UART_NOTHING);
  for (unsigned bit = 0; bit < nbits; bit++)
    for (unsigned c = 0; c < cpb; c++) {
      const tnam_uart_event_t ev = tnam_uart_rx_clock(rx, (int)((frame >> bit) & 1u), b);
      if (ev != TNAM_UART_NOTHING) last = ev;
    }
  return last;
}

/* A sender 4 % fast or slow is off by 0.4 bit at the stop bit: only a receiver that samples
 * each bit near its middle reads it right. */
static void samples_in_the_middle_of_each_bit(void **state) {
  (void)state;
  uint8_t send[64], got[70];
  for (unsigned i = 0; i < 64; i++) send[i] = (uint8_t)(i * 101u + 7u);
  static const unsigned senders[] = {96, 104};
  for (size_t k = 0; k < 2; k++) {
    int framing;
    assert_int_equal(loop_through(senders[k], 100, send, 64, got, &framing), 64);
    assert_int_equal(framing, 0);
    assert_memory_equal(got, send, 64);
  }
}

static void bad_stop_bit_is_a_framing_error(void **state) {
  (void)state;
  tnam_uart_rx_t rx;
  tnam_uart_rx_init(&rx, 8);
  uint8_t b = 0;
  /* 0xA5 with a stop bit of 0, then the line goes high: one framing error, the byte kept. */
  assert_int_equal(feed(&rx, 8, 3, 0xA5u << 1, 10, &b), TNAM_UART_FRAMING);
  assert_int_equal(b, 0xA5);
  /* The receiver hunts again only after the line has been high: a good byte follows. */
  assert_int_equal(feed(&rx, 8, 5, (1u << 9) | (0x3Cu << 1), 10, &b), TNAM_UART_BYTE);
  assert_int_equal(b, 0x3C);
  assert_false(tnam_uart_rx_busy(&rx));
}

static void short_low_pulse_is_no_start_bit(void **state) {
  (void)state;
  tnam_uart_rx_t rx;
  tnam_uart_rx_init(&rx, 16);
  uint8_t b = 0;
  /* Low for 3 of 16 clocks: high again in the start bit's middle, so nothing starts. */
  for (int i = 0; i < 3; i++) tnam_uart_rx_clock(&rx, 0, &b);
  for (int i = 0; i < 40; i++) assert_int_equal(tnam_uart_rx_clock(&rx, 1, &b), TNAM_UART_NOTHING);
  assert_false(tnam_uart_rx_busy(&rx));
  assert_int_equal(feed(&rx, 16, 1, (1u << 9) | (0x81u << 1), 10, &b), TNAM_UART_BYTE);
  assert_int_equal(b, 0x81);
}

static void idle_transmitter_holds_the_line_high(void **state) {
  (void)state;
  tnam_uart_tx_t tx;
  tnam_uart_tx_init(&tx, 4);
  for (int i = 0; i < 10; i++) assert_int_equal(tnam_uart_tx_clock(&tx), 1);
  tnam_uart_tx_load(&tx, 0x00);
  /* Start bit and 8 zero data bits: 36 low clocks, then the stop bit's 4 high ones. */
  for (int i = 0; i < 36; i++) assert_int_equal(tnam_uart_tx_clock(&tx), 0);
  for (int i = 0; i < 4; i++) assert_int_equal(tnam_uart_tx_clock(&tx), 1);
  assert_false(tnam_uart_tx_busy(&tx));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_byte_back_to_back),
      cmocka_unit_test(samples_in_the_middle_of_each_bit),
      cmocka_unit_test(bad_stop_bit_is_a_framing_error),
      cmocka_unit_test(short_low_pulse_is_no_start_bit),
      cmocka_unit_test(idle_transmitter_holds_the_line_high),
  };
  return cmocka_run_group_tests_name("tnam_uart_line", tests, NULL, NULL);
}
