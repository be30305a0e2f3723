// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_vboard: the Verilated board top behind a pseudo-terminal, so that the host tool runs a
 * stream against it exactly as against a board on a serial port (spec 13, decision D22).
 *
 * When the top is clocked (the idle rule): the bridge counts board clocks only for its
 * inter-byte timeout (13.3), and everything else it does follows a byte. So the vboard clocks
 * the top while a byte travels on either wire and for TAIL = 8192 + 256 bit times after the
 * last one (the timeout plus a margin). A host that stops in the middle of a frame therefore
 * gets the board's ERROR 4 exactly as from a real board, and a board that has been quiet for a
 * whole TAIL is outside any frame with nothing left to count: the vboard then stops clocking
 * and sleeps in poll() until the host writes, and starts again at its first byte. Board time
 * is simulated time: the timeout's 8192 bit times take the simulation about 10 ms of wall
 * time at 4 clocks per bit (a real board at 115200 baud: 71 ms), so a host that stalls in the
 * middle of a frame gets ERROR 4 here sooner than from a board. The tnam_host writes each
 * frame in one write(), which the vboard reads whole, so it never stalls mid-frame.
 *
 * The board's answers go to the pty a whole frame at a time (the frame ends are counted here
 * anyway, for the summary), so that the host wakes once per answer; bytes that are no frame go
 * once the board's line has been quiet for two byte times. */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tnam_cli.h"
#include "tnam_prng.h"
#include "tnam_uart_line.h"
#include "tnam_vboard.h"
#include "tnam_version.h"

enum {
  EXIT_OK = 0,
  EXIT_FAIL = 1, /* the pty failed, the board sent a byte with a bad stop bit, or an output
                    (the wave file, standard output) could not be written */
  EXIT_USAGE = 2,
  TIMEOUT_BITS = 8192, /* the bridge's inter-byte timeout (spec 13.3) */
  TAIL_MARGIN_BITS = 256,
  CHUNK_CLOCKS = 128, /* clocks between two looks at the pty while the top runs */
  IN_SIZE = 4096,
  OUT_SIZE = 65536,
  OUT_HIGH = OUT_SIZE / 2, /* stop clocking until the host has read this much */
  SYNC_TO_HOST = 0x5A,
  TYPE_OUT = 0x82,
  TYPE_INFO = 0x81,
  TYPE_ERROR = 0xEE,
  GARBAGE_SEED = 1,
  POWER_ON_CLOCKS = 64 /* the board top's power-on reset is 16 clocks (spec 13.1) */
};

typedef enum {
  FAULT_NONE,
  FAULT_FLIP_REQ,
  FAULT_DROP_REQ,
  FAULT_FLIP_ANS,
  FAULT_GARBAGE,
  FAULT_SILENT
} fault_kind_t;

typedef struct {
  const char *link;
  const char *waves;
  unsigned max_idle_s;
  int persist; /* serve host after host, like a board that stays powered */
  fault_kind_t fault;
  uint64_t fault_n; /* the byte a counted fault hits, from 1 */
  const char *fault_text;
} opts_t;

/* Follows the board's answers byte by byte (they are well formed unless the board is broken)
 * to count them; the host checks them in full. */
typedef struct {
  unsigned pos; /* bytes of the current frame so far; 0 = hunting for the sync byte */
  uint8_t type, seq;
  unsigned len; /* payload length once both bytes are in */
  uint8_t code; /* an ERROR frame's first payload byte */
  uint64_t outs, infos, errors;
} frame_count_t;

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) { g_stop = sig; }

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void usage(FILE *f, const char *argv0) {
  tnam_vb_params_t p;
  tnam_vb_params(&p);
  fprintf(f,
          "usage: %s [options]\n"
          "The Verilated tnam_fpga_top (rows %u cols %u macros %u tiles %u, %u clocks per bit)\n"
          "behind a pseudo-terminal: prints 'vboard: <slave path>', then serves one host.\n"
          "  --link PATH        also make PATH a symbolic link to the slave (replaces a link)\n"
          "  --persist          when the host hangs up, keep the board as it is and wait for the\n"
          "                     next one (a board that stays powered between runs)\n"
          "  --max-idle-s N     exit after N seconds without traffic (default 60)\n"
          "  --fault F          flip-request:N  flip bit 0 of the N-th byte the host sends\n"
          "                     drop-request:N  drop that byte\n"
          "                     flip-answer:N   flip bit 0 of the N-th byte the board answers\n"
          "                     garbage         answer seeded random bytes instead of the board's\n"
          "                     silent          never answer\n"
          "  --waves FILE.fst   trace every board clock (binary built with WAVES=1)\n"
          "  --version          print 'tnam_vboard VERSION' and exit\n"
          "exit: 0 when the host hung up (without --persist) or after the idle time, 1 on a pty "
          "error or a board byte\n"
          "with a bad stop bit, 2 on a bad option\n",
          argv0, p.rows, p.cols, p.macros, p.tiles, p.clks_per_bit);
}

static int parse_fault(const char *text, opts_t *o) {
  static const struct {
    const char *name;
    fault_kind_t kind;
    int counted;
  } kinds[] = {{"flip-request", FAULT_FLIP_REQ, 1},
               {"drop-request", FAULT_DROP_REQ, 1},
               {"flip-answer", FAULT_FLIP_ANS, 1},
               {"garbage", FAULT_GARBAGE, 0},
               {"silent", FAULT_SILENT, 0}};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    const size_t n = strlen(kinds[k].name);
    if (strncmp(text, kinds[k].name, n) != 0) continue;
    if (!kinds[k].counted && text[n] == '\0') {
      o->fault = kinds[k].kind;
      return 1;
    }
    if (kinds[k].counted && text[n] == ':') {
      o->fault = kinds[k].kind;
      return tnam_opt_u64("--fault", text + n + 1, 1, UINT64_MAX, &o->fault_n);
    }
  }
  fprintf(stderr,
          "error: option --fault: '%s' is not flip-request:N, drop-request:N, "
          "flip-answer:N, garbage or silent\n",
          text);
  return 0;
}

static int parse_opts(int argc, char **argv, opts_t *o) {
  memset(o, 0, sizeof *o);
  o->max_idle_s = 60;
  tnam_opt_seen_t seen = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout, argv[0]);
      exit(EXIT_OK);
    }
    if (strcmp(a, "--version") == 0) {
      printf("tnam_vboard %s\n", TNAM_VERSION);
      exit(EXIT_OK);
    }
    if (strcmp(a, "--persist") == 0) {
      if (!tnam_opt_once(&seen, a)) return 0;
      o->persist = 1;
      continue;
    }
    /* Every other option takes a value. */
    const int known = strcmp(a, "--link") == 0 || strcmp(a, "--max-idle-s") == 0 ||
                      strcmp(a, "--fault") == 0 || strcmp(a, "--waves") == 0;
    const char *val = i + 1 < argc ? argv[++i] : NULL;
    if (!known || !val) {
      fprintf(stderr,
              known ? "error: option %s needs a value (see --help)\n"
                    : "error: unknown option '%s' (see --help)\n",
              a);
      return 0;
    }
    uint64_t v;
    /* --fault names its own second value below. */
    if (strcmp(a, "--fault") != 0 && !tnam_opt_once(&seen, a)) return 0;
    if (strcmp(a, "--link") == 0) {
      if (val[0] == '\0') {
        fprintf(stderr, "error: option --link: the path is empty\n");
        return 0;
      }
      o->link = val;
    } else if (strcmp(a, "--max-idle-s") == 0) {
      if (!tnam_opt_u64(a, val, 1, 86400, &v)) return 0;
      o->max_idle_s = (unsigned)v;
    } else if (strcmp(a, "--fault") == 0) {
      if (o->fault_text) {
        fprintf(stderr, "error: option --fault: given twice ('%s' and '%s'); one fault per run\n",
                o->fault_text, val);
        return 0;
      }
      o->fault_text = val;
      if (!parse_fault(val, o)) return 0;
    } else {
      if (!tnam_vb_can_trace()) {
        fprintf(stderr,
                "error: option --waves: this binary was built without waves; build with "
                "'make vboard WAVES=1'\n");
        return 0;
      }
      if (!tnam_opt_output_file(a, val)) return 0;
      o->waves = val;
    }
  }
  return 1;
}

/* Opens the master side, sets the line raw (no echo, no line editing, no CR/LF mapping: the
 * frames are binary) through a slave descriptor that the caller keeps open until the host
 * has sent its first byte. */
/* Our own descriptor of the pty slave, raw (no echo: the board's answers must not come back
 * as requests). While we hold it the master sees no hang-up. -1 (message printed) on error. */
static int open_slave(const char *path) {
  const int s = open(path, O_RDWR | O_NOCTTY);
  struct termios tio;
  if (s < 0 || tcgetattr(s, &tio) != 0) {
    fprintf(stderr, "error: cannot open the pty slave %s: %s\n", path, strerror(errno));
    if (s >= 0) close(s);
    return -1;
  }
  cfmakeraw(&tio);
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  if (tcsetattr(s, TCSANOW, &tio) != 0) {
    fprintf(stderr, "error: cannot set the pty %s raw: %s\n", path, strerror(errno));
    close(s);
    return -1;
  }
  return s;
}

static int open_pty(int *master, int *slave, char *path, size_t path_size) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0) {
    fprintf(stderr, "error: posix_openpt: %s\n", strerror(errno));
    return 0;
  }
  const char *name = NULL;
  if (grantpt(m) != 0 || unlockpt(m) != 0 || !(name = ptsname(m))) {
    fprintf(stderr, "error: grantpt/unlockpt/ptsname: %s\n", strerror(errno));
    close(m);
    return 0;
  }
  snprintf(path, path_size, "%s", name);
  const int s = open_slave(path);
  if (s < 0 || fcntl(m, F_SETFL, O_NONBLOCK) != 0) {
    if (s >= 0)
      fprintf(stderr, "error: cannot make the pty master non-blocking: %s\n", strerror(errno));
    close(m);
    if (s >= 0) close(s);
    return 0;
  }
  *master = m;
  *slave = s;
  return 1;
}

/* Points `link` at `target`: through a temporary name and rename(), so that a host waiting for
 * the link never sees a half-made one. Replaces a symbolic link, nothing else. */
static int make_link(const char *link, const char *target) {
  struct stat st;
  if (lstat(link, &st) == 0 && !S_ISLNK(st.st_mode)) {
    fprintf(stderr, "error: option --link: %s exists and is not a symbolic link\n", link);
    return 0;
  }
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", link, (long)getpid()) >= (int)sizeof tmp) {
    fprintf(stderr, "error: option --link: path too long: %s\n", link);
    return 0;
  }
  unlink(tmp);
  if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
    fprintf(stderr, "error: option --link: cannot make %s: %s\n", link, strerror(errno));
    unlink(tmp);
    return 0;
  }
  return 1;
}

/* Removes the link only while it still names this run's slave. */
static void remove_link(const char *link, const char *target) {
  char buf[PATH_MAX];
  ssize_t n = readlink(link, buf, sizeof buf - 1);
  if (n < 0) return;
  buf[n] = '\0';
  if (strcmp(buf, target) == 0) unlink(link);
}

/* Returns 1 when b ends a frame. */
static int count_frame_byte(frame_count_t *f, uint8_t b) {
  if (f->pos == 0) {
    if (b == SYNC_TO_HOST) f->pos = 1;
    return 0;
  }
  switch (f->pos) {
    case 1: f->type = b; break;
    case 2: f->seq = b; break;
    case 3: f->len = b; break;
    case 4: f->len |= (unsigned)b << 8; break;
    case 5: f->code = b; break;
    default: break;
  }
  f->pos++;
  if (f->pos < 5 + f->len + 2) return 0;
  f->pos = 0;
  if (f->type == TYPE_OUT)
    f->outs++;
  else if (f->type == TYPE_INFO)
    f->infos++;
  else if (f->type == TYPE_ERROR) {
    f->errors++;
    fprintf(stderr, "vboard: the board answered ERROR 0x%02x (sequence number %u)\n",
            f->len ? f->code : 0, f->seq);
  }
  return 1;
}

/* The run: the wires, the buffers towards the pty and the counters for the summary. */
typedef struct {
  const opts_t *o;
  tnam_vb_t *vb;
  unsigned cpb;
  int master, slave;
  const char *path; /* the slave's */
  unsigned hosts;   /* hosts that have hung up */
  int connected;    /* the host has sent a byte (our slave descriptor is closed since) */
  tnam_uart_tx_t to_board;
  tnam_uart_rx_t from_board;
  uint8_t in[IN_SIZE];
  size_t in_head, in_len;
  uint8_t out[OUT_SIZE];
  size_t out_len;
  uint64_t bytes_in, bytes_out, board_bytes, requests, clocks, framing_errors;
  frame_count_t frames;
  tnam_prng_t garbage;
  double last_traffic;
} vboard_t;

/* A byte from the board: counted, then faulted as asked, then queued for the host. Returns 1
 * when it ends a frame. */
static int board_byte(vboard_t *s, uint8_t b, int framing) {
  s->board_bytes++;
  s->last_traffic = now_s();
  if (framing) {
    s->framing_errors++;
    fprintf(stderr, "vboard: framing error: board byte %" PRIu64 " (0x%02x) has a stop bit of 0\n",
            s->board_bytes, b);
  }
  const int end = count_frame_byte(&s->frames, b);
  switch (s->o->fault) {
    case FAULT_SILENT: return end;
    case FAULT_GARBAGE: b = (uint8_t)tnam_prng_next(&s->garbage); break;
    case FAULT_FLIP_ANS:
      if (s->board_bytes == s->o->fault_n) b ^= 1u;
      break;
    default: break;
  }
  if (s->out_len < OUT_SIZE) s->out[s->out_len++] = b;
  return end;
}

/* The next byte for the board's rx from the host's, after the request faults; -1 if none. */
static int next_request_byte(vboard_t *s) {
  while (s->in_len > 0) {
    uint8_t b = s->in[s->in_head++];
    s->in_len--;
    s->requests++;
    const int hit = s->requests == s->o->fault_n;
    if (hit && s->o->fault == FAULT_DROP_REQ) continue;
    if (hit && s->o->fault == FAULT_FLIP_REQ) b ^= 1u;
    return b;
  }
  return -1;
}

/* Reads what the host has written. Returns 0 when the host has hung up. */
static int pull(vboard_t *s) {
  if (s->in_len > 0) return 1;
  ssize_t n = read(s->master, s->in, sizeof s->in);
  if (n > 0) {
    s->in_head = 0;
    s->in_len = (size_t)n;
    s->bytes_in += (uint64_t)n;
    s->last_traffic = now_s();
    if (!s->connected) {
      /* From now on the master sees the host's close as a hang-up. */
      s->connected = 1;
      close(s->slave);
      s->slave = -1;
    }
    return 1;
  }
  if (n == 0) return 0;
  if (errno == EAGAIN || errno == EINTR) return 1;
  if (errno == EIO) return 0; /* the last slave descriptor is closed */
  fprintf(stderr, "vboard: error: read from the pty: %s\n", strerror(errno));
  return 0;
}

/* Writes what the board has answered. Returns 0 when the host has hung up. */
static int push(vboard_t *s) {
  if (s->out_len == 0) return 1;
  ssize_t n = write(s->master, s->out, s->out_len);
  if (n > 0) {
    s->bytes_out += (uint64_t)n;
    memmove(s->out, s->out + n, s->out_len - (size_t)n);
    s->out_len -= (size_t)n;
    return 1;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 1;
  if (n < 0 && errno != EIO)
    fprintf(stderr, "vboard: error: write to the pty: %s\n", strerror(errno));
  return 0;
}

/* Clocks the top for up to a chunk; stops early when the wires and the tail are quiet or when
 * the board has finished a frame (so that the host gets its answer in one piece). Returns 1 when
 * the board's output should go to the host now. */
static int clock_chunk(vboard_t *s, uint64_t *quiet_left, uint64_t tail) {
  for (int k = 0; k < CHUNK_CLOCKS; k++) {
    if (!tnam_uart_tx_busy(&s->to_board)) {
      int b = next_request_byte(s);
      if (b >= 0) tnam_uart_tx_load(&s->to_board, (uint8_t)b);
    }
    const int level = tnam_uart_tx_clock(&s->to_board);
    const int tx = tnam_vb_clock(s->vb, level);
    s->clocks++;
    uint8_t b;
    const tnam_uart_event_t ev = tnam_uart_rx_clock(&s->from_board, tx, &b);
    const int frame_end = ev != TNAM_UART_NOTHING && board_byte(s, b, ev == TNAM_UART_FRAMING);
    if (tnam_uart_tx_busy(&s->to_board) || tnam_uart_rx_busy(&s->from_board) || !tx)
      *quiet_left = tail;
    else if (*quiet_left > 0 && --*quiet_left == 0 && s->in_len == 0)
      return 1;
    if (frame_end) return 1;
  }
  /* Bytes that are not a frame (a broken board, the garbage fault) go out once the board's
   * line has been quiet for two byte times. */
  return *quiet_left + 20u * s->cpb <= tail;
}

/* The host has hung up. With --persist: the board keeps its state and whatever is still on
 * the wires, answers nobody reads are dropped (as a UART with no program on it drops them),
 * and the next host is awaited; returns 1. Otherwise (or if the slave cannot be reopened) 0. */
static int next_host(vboard_t *s) {
  s->hosts++;
  if (!s->o->persist) return 0;
  s->slave = open_slave(s->path);
  if (s->slave < 0) return 0;
  s->connected = 0;
  s->out_len = 0;
  fprintf(stderr, "vboard: host %u hung up; waiting for the next one\n", s->hosts);
  return 1;
}

/* Serves hosts until one hangs up (the last, with --persist), the idle time passes or a signal
 * comes; returns why. */
static const char *serve(vboard_t *s) {
  const uint64_t tail = (uint64_t)(TIMEOUT_BITS + TAIL_MARGIN_BITS) * s->cpb;
  uint64_t quiet_left = tail; /* the power-on reset runs before the first byte, too */
  int flush = 0;
  s->last_traffic = now_s();
  for (;;) {
    if (g_stop) return g_stop == SIGINT ? "interrupted" : "terminated";
    if (!pull(s) && !next_host(s)) return "host hung up";
    const int active = s->in_len > 0 || tnam_uart_tx_busy(&s->to_board) ||
                       tnam_uart_rx_busy(&s->from_board) || quiet_left > 0;
    if ((flush || !active || s->out_len >= OUT_HIGH) && !push(s) && !next_host(s))
      return "host hung up";
    flush = 0;
    const double idle = now_s() - s->last_traffic;
    if (idle >= s->o->max_idle_s) return "idle";
    if (active && s->out_len < OUT_HIGH) {
      flush = clock_chunk(s, &quiet_left, tail);
      continue;
    }
    /* Nothing to clock (or the host is not reading): sleep until the pty has news. */
    struct pollfd p = {.fd = s->master, .events = s->out_len ? POLLOUT : 0, .revents = 0};
    if (s->out_len < OUT_HIGH) p.events |= POLLIN;
    const int wait_ms = (int)((s->o->max_idle_s - idle) * 1000.0) + 1;
    if (poll(&p, 1, wait_ms) < 0 && errno != EINTR) {
      fprintf(stderr, "vboard: error: poll on the pty: %s\n", strerror(errno));
      return "pty error";
    }
    if ((p.revents & (POLLHUP | POLLERR)) && s->connected && !next_host(s)) return "host hung up";
  }
}

int main(int argc, char **argv) {
  opts_t o;
  if (!parse_opts(argc, argv, &o)) return EXIT_USAGE;
  tnam_vb_params_t prm;
  tnam_vb_params(&prm);
  if (prm.clks_per_bit < 2) {
    fprintf(stderr, "error: built with CLKS_PER_BIT %u; the UART wire model needs at least 2\n",
            prm.clks_per_bit);
    return EXIT_USAGE;
  }

  static vboard_t s; /* static: the buffers are large */
  s.o = &o;
  s.cpb = prm.clks_per_bit;
  s.master = s.slave = -1;
  tnam_uart_tx_init(&s.to_board, s.cpb);
  tnam_uart_rx_init(&s.from_board, s.cpb);
  tnam_prng_seed(&s.garbage, GARBAGE_SEED);

  char path[PATH_MAX];
  if (!open_pty(&s.master, &s.slave, path, sizeof path)) return EXIT_FAIL;
  s.path = path;
  char err[256];
  s.vb = tnam_vb_open(o.waves, err, sizeof err);
  if (!s.vb) {
    fprintf(stderr, "error: %s\n", err);
    return EXIT_FAIL;
  }
  /* The board's power-on reset (16 clocks) is over before a host can find the port: a byte
   * whose start bit fell into it would be lost. */
  for (unsigned k = 0; k < POWER_ON_CLOCKS; k++) (void)tnam_vb_clock(s.vb, 1);
  s.clocks = POWER_ON_CLOCKS;
  if (o.link && !make_link(o.link, path)) {
    tnam_vb_close(s.vb);
    return EXIT_USAGE;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns at once */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  printf("vboard: %s\n", path);
  fflush(stdout);
  fprintf(stderr, "vboard: rows %u cols %u macros %u tiles %u, %u clocks per bit, fault %s\n",
          prm.rows, prm.cols, prm.macros, prm.tiles, s.cpb, o.fault_text ? o.fault_text : "none");

  const double t0 = now_s();
  const char *why = serve(&s);
  const double secs = now_s() - t0;
  const unsigned leds = tnam_vb_leds(s.vb);
  const int waves_ok = tnam_vb_close(s.vb);
  if (o.link) remove_link(o.link, path);
  close(s.master);
  if (s.slave >= 0) close(s.slave);

  printf("vboard: %s: %" PRIu64 " bytes in, %" PRIu64 " bytes out, %" PRIu64 " clocks, %" PRIu64
         " chip cycles (OUT frames), %" PRIu64 " INFO, %" PRIu64 " ERROR frames, %" PRIu64
         " framing errors, leds %u%u, %.2f s\n",
         why, s.bytes_in, s.bytes_out, s.clocks, s.frames.outs, s.frames.infos, s.frames.errors,
         s.framing_errors, (leds >> 1) & 1u, leds & 1u, secs);
  if (strcmp(why, "pty error") == 0 || s.framing_errors || !waves_ok) return EXIT_FAIL;
  /* The host that started this board reads only its first line and closes the pipe: a later
   * line lost there is an error of this program, which that host does not look at. */
  return tnam_stdout_finish(EXIT_OK) == EXIT_OK ? EXIT_OK : EXIT_FAIL;
}
