// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* A serial port as a byte link: termios raw 8N1, no flow control, reads with a deadline. */
#define _DEFAULT_SOURCE /* cfmakeraw, cfsetspeed, the B* speeds above 38400 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tnam_cli.h"
#include "tnam_link.h"

typedef struct {
  int fd;
} serial_t;

static const struct {
  unsigned baud;
  speed_t code;
} speeds[] = {{9600, B9600},     {19200, B19200},     {38400, B38400},     {57600, B57600},
              {115200, B115200}, {230400, B230400},   {460800, B460800},   {500000, B500000},
              {921600, B921600}, {1000000, B1000000}, {2000000, B2000000}, {3000000, B3000000}};

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for `events` until deadline_ms: 1 ready, 0 timeout, -1 hang-up or error (err set). */
static int wait_fd(tnam_link_t *l, short events, long deadline_ms, char *err, size_t err_size) {
  serial_t *s = l->impl;
  for (;;) {
    const long left = deadline_ms - now_ms();
    if (left <= 0) return 0;
    struct pollfd pfd = {.fd = s->fd, .events = events};
    const int rc = poll(&pfd, 1, (int)(left > 60000 ? 60000 : left));
    if (rc < 0 && errno == EINTR && !tnam_stop_signal) continue;
    if (rc < 0 && errno == EINTR) {
      snprintf(err, err_size, "interrupted by signal %d", (int)tnam_stop_signal);
      return -1;
    }
    if (rc < 0) {
      snprintf(err, err_size, "poll: %s", strerror(errno));
      return -1;
    }
    if (rc == 0) continue;
    if (pfd.revents & events) return 1;
    if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
      snprintf(err, err_size, "the other end hung up");
      return -1;
    }
  }
}

static int serial_write(tnam_link_t *l, const uint8_t *buf, size_t n, char *err, size_t err_size) {
  serial_t *s = l->impl;
  /* A UART drains at the baud rate; a write that cannot progress for 10 s is a dead port. */
  const long deadline = now_ms() + 10000;
  size_t done = 0;
  while (done < n) {
    const ssize_t w = write(s->fd, buf + done, n - done);
    if (w > 0) {
      done += (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR && !tnam_stop_signal) continue;
    if (w < 0 && errno == EINTR) {
      snprintf(err, err_size, "interrupted by signal %d", (int)tnam_stop_signal);
      return 0;
    }
    if (w < 0 && errno != EAGAIN) {
      snprintf(err, err_size, "write: %s%s", strerror(errno),
               errno == EIO ? " (the other end hung up)" : "");
      return 0;
    }
    const int rc = wait_fd(l, POLLOUT, deadline, err, err_size);
    if (rc == 0) snprintf(err, err_size, "write blocked for 10 s");
    if (rc <= 0) return 0;
  }
  return 1;
}

static long serial_read(tnam_link_t *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err,
                        size_t err_size) {
  serial_t *s = l->impl;
  const long deadline = now_ms() + (long)timeout_ms;
  for (;;) {
    const int rc = wait_fd(l, POLLIN, deadline, err, err_size);
    if (rc <= 0) return rc == 0 ? TNAM_LINK_TIMEOUT : TNAM_LINK_ERROR;
    const ssize_t r = read(s->fd, buf, n);
    if (r > 0) return (long)r;
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue; /* wait_fd sees a stop */
    if (r == 0)
      snprintf(err, err_size, "end of file (the other end hung up)");
    else
      snprintf(err, err_size, "read: %s%s", strerror(errno),
               errno == EIO ? " (the other end hung up)" : "");
    return TNAM_LINK_ERROR;
  }
}

static void serial_close(tnam_link_t *l) {
  serial_t *s = l->impl;
  if (!s) return;
  close(s->fd);
  free(s);
  l->impl = NULL;
}

int tnam_serial_open(tnam_link_t *l, const char *path, unsigned baud, char *err, size_t err_size) {
  memset(l, 0, sizeof *l);
  speed_t code = 0;
  int known = 0;
  for (size_t k = 0; k < sizeof speeds / sizeof speeds[0]; k++)
    if (speeds[k].baud == baud) {
      code = speeds[k].code;
      known = 1;
    }
  if (!known) {
    snprintf(err, err_size,
             "baud rate %u is not one termios supports (9600 .. 3000000, e.g. "
             "115200)",
             baud);
    return 0;
  }
  const int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int e = errno;
    snprintf(err, err_size, "cannot open serial port %s: %s%s", path, strerror(e),
             e == EACCES ? " (is the user in the dialout group?)" : "");
    return 0;
  }
  struct termios t;
  if (!isatty(fd) || tcgetattr(fd, &t) != 0) {
    snprintf(err, err_size, "%s is not a tty (a serial port or a pty slave is needed)", path);
    close(fd);
    return 0;
  }
  cfmakeraw(&t); /* 8 data bits, no parity, no echo, no signals, no CR/LF mapping */
  t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS | CSIZE);
  t.c_cflag |= CS8 | CLOCAL | CREAD;
  t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  if (cfsetispeed(&t, code) != 0 || cfsetospeed(&t, code) != 0 || tcsetattr(fd, TCSANOW, &t) != 0) {
    snprintf(err, err_size, "cannot set %s to %u baud 8N1: %s", path, baud, strerror(errno));
    close(fd);
    return 0;
  }
  tcflush(fd, TCIOFLUSH); /* bytes from before this run are not answers to it */
  serial_t *s = malloc(sizeof *s);
  if (!s) {
    snprintf(err, err_size, "out of memory");
    close(fd);
    return 0;
  }
  s->fd = fd;
  snprintf(l->name_buf, sizeof l->name_buf, "serial %s", path);
  l->name = l->name_buf;
  l->write = serial_write;
  l->read = serial_read;
  l->close = serial_close;
  l->impl = s;
  return 1;
}
