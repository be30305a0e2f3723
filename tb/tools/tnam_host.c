// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_host: runs a stream on an FPGA board (or the model board), every cycle checked. */
#define _POSIX_C_SOURCE 200809L /* fork, pipe, poll, kill, waitpid, nanosleep */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tnam_board.h"
#include "tnam_cli.h"
#include "tnam_link.h"
#include "tnam_proto.h"
#include "tnam_run.h"

typedef struct {
  int serial;         /* --board serial or vboard: the board is behind a tty */
  const char *vboard; /* --board vboard: the virtual board to start (--vboard) */
  int board_given;
  const char *port;
  unsigned baud;
  unsigned timeout_ms;
  unsigned rows, cols, macros, tiles; /* --config of the model board */
  int config_given;
  const char *record;
} host_opts_t;

/* The iCEBreaker's virtual board, as `make vboard` builds it. */
#define DEFAULT_VBOARD "build/vboard-r4c6m2t1/tnam_vboard"

static void usage(const char *argv0) {
  printf(
      "usage: %s [--board model|serial|vboard] [--port PATH] [host options] run options\n"
      "Runs a stream on a board single-stepped through its UART bridge (docs/architecture.md\n"
      "section 13): one STEP frame per chip cycle, every output checked against the golden\n"
      "model as in make sim.\n"
      "host options:\n"
      "  --board B          model (the bridge's C model in this process, default), serial\n"
      "                     (a board on --port), or vboard (starts the virtual board --vboard\n"
      "                     and runs on its pseudo-terminal)\n"
      "  --port PATH        the board's serial port (--board serial), e.g. /dev/ttyUSB1\n"
      "  --vboard PATH      the virtual board (default " DEFAULT_VBOARD
      ", make vboard)\n"
      "  --baud N           serial baud rate (default 115200)\n"
      "  --timeout-ms N     longest wait for each answer (default 2000)\n"
      "  --config R:C:M:T   the model board's rows, columns, macros and tiles (default\n"
      "                     4:6:2:1, the iCEBreaker's); a serial board's comes from its INFO "
      "answer\n"
      "  --record FILE      write the exchanged bytes for a post-synthesis simulation:\n"
      "                     $readmemh words, 0XX host to board, 1XX board to host\n"
      "exit: 0 pass, 1 mismatch or failed expectation, 2 bad input, 3 link or protocol error\n"
      "(timeout, bad sync, CRC, sequence number, type or length; an ERROR frame), refused\n"
      "board, interrupt\n"
      "run options (as for tnam_sim; the board is the RTL side, named \"board\"):\n",
      argv0);
}

/* --config R:C:M:T: four plain decimals (the range is checked with the chip's). 1, or 0 after a
 * message. */
static int parse_config(const char *val, host_opts_t *o) {
  static const char *const names[4] = {"ROWS", "COLS", "MACROS", "TILES"};
  unsigned *const dst[4] = {&o->rows, &o->cols, &o->macros, &o->tiles};
  tnam_str_t part = {0};
  const char *p = val;
  int ok = 1;
  for (int k = 0; k < 4 && ok; k++) {
    const char *colon = strchr(p, ':');
    const size_t n = colon && k < 3 ? (size_t)(colon - p) : strlen(p);
    part.len = 0;
    uint64_t v = 0;
    ok = tnam_str_add(&part, "%.*s", (int)n, p) &&
         tnam_num_u64(tnam_str_get(&part), 1, 65535, &v) == TNAM_NUM_OK;
    if (!ok)
      fprintf(stderr,
              "error: option --config: '%s': %s '%s' is not a whole number in [1, 65535] "
              "(ROWS:COLS:MACROS:TILES, e.g. 4:6:2:1)\n",
              val, names[k], tnam_str_get(&part));
    *dst[k] = (unsigned)v;
    p += n + 1;
    if (ok && k < 3 && !colon) {
      fprintf(stderr, "error: option --config: '%s' is not ROWS:COLS:MACROS:TILES, e.g. 4:6:2:1\n",
              val);
      ok = 0;
    }
  }
  tnam_str_free(&part);
  return ok;
}

/* Takes the host's own options out of argv (the rest go to tnam_run_open). 1, or 0 after a
 * message. */
static int parse_host(int *argc, char **argv, host_opts_t *o) {
  *o = (host_opts_t){
      .baud = 115200, .timeout_ms = 2000, .rows = 4, .cols = 6, .macros = 2, .tiles = 1};
  static const char *const own[] = {"--board",  "--port",   "--baud",  "--timeout-ms",
                                    "--config", "--record", "--vboard"};
  int n = 1;
  tnam_opt_seen_t seen = {0};
  for (int i = 1; i < *argc; i++) {
    const char *a = argv[i];
    int mine = 0;
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) mine |= strcmp(a, own[k]) == 0;
    if (!mine) {
      argv[n++] = argv[i];
      /* A run option's value is passed along with it, never read as a host option. */
      if (strncmp(a, "--", 2) == 0 && i + 1 < *argc && strncmp(argv[i + 1], "--", 2) != 0)
        argv[n++] = argv[++i];
      continue;
    }
    if (!tnam_opt_once(&seen, a)) return 0;
    if (i + 1 == *argc) {
      fprintf(stderr, "error: option %s needs a value (see --help)\n", a);
      return 0;
    }
    const char *val = argv[++i];
    if (strcmp(a, "--board") == 0) {
      if (strcmp(val, "model") != 0 && strcmp(val, "serial") != 0 && strcmp(val, "vboard") != 0) {
        fprintf(stderr, "error: option --board: '%s' is not model, serial or vboard\n", val);
        return 0;
      }
      o->serial = strcmp(val, "model") != 0;
      if (strcmp(val, "vboard") == 0 && !o->vboard) o->vboard = DEFAULT_VBOARD;
      o->board_given = 1;
    } else if (strcmp(a, "--vboard") == 0) {
      o->vboard = val;
    } else if (strcmp(a, "--port") == 0) {
      o->port = val;
    } else if (strcmp(a, "--baud") == 0) {
      if (!tnam_opt_uint(a, val, 1, 4000000, &o->baud)) return 0;
    } else if (strcmp(a, "--timeout-ms") == 0) {
      if (!tnam_opt_uint(a, val, 1, 3600000, &o->timeout_ms)) return 0;
    } else if (strcmp(a, "--config") == 0) {
      if (!parse_config(val, o)) return 0;
      o->config_given = 1;
    } else {
      o->record = val;
    }
  }
  argv[n] = NULL;
  *argc = n;
  if (o->port && !o->board_given) o->serial = 1; /* a port means a real board */
  if (o->vboard && !(o->serial && o->board_given)) {
    fprintf(stderr, "error: option --vboard: only with --board vboard\n");
    return 0;
  }
  if (o->vboard && o->port) {
    fprintf(stderr, "error: option --port: the virtual board makes its own (--board vboard)\n");
    return 0;
  }
  if (o->serial && !o->port && !o->vboard) {
    fprintf(stderr, "error: --board serial needs --port PATH (see --help)\n");
    return 0;
  }
  if (!o->serial && o->port) {
    fprintf(stderr, "error: option --port: the model board has no port (use --board serial)\n");
    return 0;
  }
  if (tnam_opt_given(&seen, "--baud") && !(o->serial && !o->vboard)) {
    fprintf(stderr,
            "error: option --baud: only for a board on a serial port (--board serial); %s\n",
            o->vboard ? "the virtual board's pseudo-terminal has no baud rate"
                      : "the model board has no line");
    return 0;
  }
  if (o->serial && o->config_given) {
    fprintf(stderr,
            "error: option --config: a serial board's configuration comes from its INFO "
            "answer\n");
    return 0;
  }
  return 1;
}

/* The board's configuration, for tnam_run_open (its callback takes no context). */
static tnam_chip_params_t board_params;

static void rtl_params(unsigned *rows, unsigned *cols, unsigned *macros, unsigned *tiles) {
  *rows = board_params.core.rows;
  *cols = board_params.core.cols;
  *macros = board_params.macros;
  *tiles = board_params.tiles;
}

static void run_where(void *ctx, char *buf, size_t n) { tnam_run_where(ctx, buf, n); }

typedef struct {
  tnam_run_t *r;
  tnam_backend_t *board;
} host_t;

/* One chip cycle on the board, then the lockstep check; NULL when the run stops. */
static const tnam_chip_out_t *host_step(void *ctx, const tnam_chip_in_t *in) {
  host_t *h = ctx;
  const tnam_chip_out_t *out = h->board->step(h->board, in);
  if (!out) {
    tnam_run_abort(h->r, TNAM_EXIT_ABORTED, tnam_board_error(h->board));
    return NULL;
  }
  return tnam_run_check(h->r, in, out) ? tnam_run_ref(h->r) : NULL;
}

/* --board vboard: the virtual board runs as a child; its pty path is the first line it prints
 * ("vboard: /dev/pts/N"). It leaves by itself when the host hangs up. */
static pid_t vboard_pid = -1;
static char vboard_port[256]; /* a pty's path: /dev/pts/N */

/* Starts o->vboard and waits (at most 10 s) for its pty path. 1, or 0 (message printed). */
static int vboard_start(host_opts_t *o) {
  int fds[2];
  if (pipe(fds) != 0) {
    fprintf(stderr, "error: pipe: %s\n", strerror(errno));
    return 0;
  }
  fflush(stdout);
  vboard_pid = fork();
  if (vboard_pid < 0) {
    fprintf(stderr, "error: fork: %s\n", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return 0;
  }
  if (vboard_pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(o->vboard, o->vboard, "--max-idle-s", "60", (char *)NULL);
    fprintf(stderr, "error: cannot run the virtual board %s: %s (make vboard builds it)\n",
            o->vboard, strerror(errno));
    _exit(TNAM_EXIT_USAGE);
  }
  close(fds[1]);
  char line[sizeof vboard_port + 16];
  size_t n = 0;
  int ok = 0;
  struct pollfd p = {.fd = fds[0], .events = POLLIN, .revents = 0};
  for (int waited = 0; waited < 100 && n + 1 < sizeof line && !ok;) {
    const int r = poll(&p, 1, 100);
    if (r == 0) {
      waited++;
      continue;
    }
    if (r < 0 && errno == EINTR && !tnam_stop_signal) continue;
    if (r < 0 || read(fds[0], &line[n], 1) != 1) break; /* the child is gone, or a stop */
    ok = line[n] == '\n';
    n++;
  }
  close(fds[0]); /* later lines go nowhere: the virtual board ignores SIGPIPE */
  line[n] = '\0';
  if (ok && sscanf(line, "vboard: %255s", vboard_port) == 1) {
    o->port = vboard_port;
    return 1;
  }
  if (tnam_stop_signal)
    fprintf(stderr, "error: interrupted by signal %d while the virtual board %s started\n",
            (int)tnam_stop_signal, o->vboard);
  else
    fprintf(stderr, "error: the virtual board %s did not name its pseudo-terminal within 10 s%s\n",
            o->vboard, n ? "" : " (see above)");
  return 0;
}

/* Waits (at most 5 s) for the virtual board to leave, then ends it. */
static void vboard_stop(void) {
  if (vboard_pid <= 0) return;
  const struct timespec tick = {0, 50 * 1000000L};
  for (int i = 0; i < 100; i++) {
    if (waitpid(vboard_pid, NULL, WNOHANG) == vboard_pid) return;
    if (i == 20) kill(vboard_pid, SIGTERM); /* 1 s: the host may not have connected */
    nanosleep(&tick, NULL);
  }
  kill(vboard_pid, SIGKILL);
  waitpid(vboard_pid, NULL, 0);
}

/* Set when the --record file could not be written: the run then fails (exit 3). */
static int record_failed;

/* Opens the link the options name, recording it if asked. Exit status, message printed. */
static int open_link(const host_opts_t *o, int argc, char **argv, tnam_link_t *link) {
  char err[512];
  tnam_link_t raw;
  if (o->serial) {
    if (!tnam_serial_open(&raw, o->port, o->baud, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      return TNAM_EXIT_USAGE;
    }
  } else {
    tnam_chip_params_t p;
    if (!tnam_chip_params_make(o->rows, o->cols, o->macros, o->tiles, &p)) {
      fprintf(stderr,
              "error: option --config: rows %u cols %u macros %u tiles %u is out of "
              "range\n",
              o->rows, o->cols, o->macros, o->tiles);
      return TNAM_EXIT_USAGE;
    }
    if (!tnam_bridge_link_open(&raw, &p, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      return TNAM_EXIT_ABORTED;
    }
  }
  if (!o->record) {
    *link = raw;
    if (raw.name == raw.name_buf) link->name = link->name_buf;
    return TNAM_EXIT_PASS;
  }
  FILE *f = fopen(o->record, "w");
  tnam_str_t comment = {0};
  for (int i = 0; i < argc; i++) tnam_str_add(&comment, "%s%s", i ? " " : "", argv[i]);
  if (comment.failed) snprintf(err, sizeof err, "out of memory");
  if (!f || comment.failed ||
      !tnam_link_record(link, &raw, f, tnam_str_get(&comment), &record_failed, err, sizeof err)) {
    fprintf(stderr, "error: cannot write %s: %s\n", o->record, f ? err : strerror(errno));
    if (f) fclose(f);
    raw.close(&raw);
    tnam_str_free(&comment);
    return TNAM_EXIT_USAGE;
  }
  tnam_str_free(&comment);
  return TNAM_EXIT_PASS;
}

int main(int argc, char **argv) {
  /* --help and --version need no board: the run options answer them (status 0). */
  for (int i = 1; i < argc; i++) {
    const int help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
    if (!help && strcmp(argv[i], "--version") != 0) continue;
    if (help) usage(argv[0]);
    char *ask[] = {argv[0], argv[i], NULL};
    int status;
    tnam_run_open(2, ask, NULL, &status);
    return tnam_stdout_finish(status);
  }
  /* Before the board opens: a signal while it is asked what it is, or while the virtual
   * board starts, ends the host with a message and the record file closed. */
  tnam_catch_stop_signals();
  const int full_argc = argc;
  char **full_argv = malloc(((size_t)argc + 1) * sizeof *full_argv);
  if (!full_argv) return TNAM_EXIT_ABORTED;
  memcpy(full_argv, argv, ((size_t)argc + 1) * sizeof *argv);
  host_opts_t o;
  if (!parse_host(&argc, argv, &o)) {
    free(full_argv);
    return TNAM_EXIT_USAGE;
  }
  if (o.vboard && !vboard_start(&o)) {
    free(full_argv);
    vboard_stop();
    return tnam_stop_signal ? TNAM_EXIT_ABORTED : TNAM_EXIT_USAGE;
  }
  atexit(vboard_stop);
  tnam_link_t link;
  int status = open_link(&o, full_argc, full_argv, &link);
  free(full_argv);
  if (status != TNAM_EXIT_PASS) return status;

  tnam_backend_t board;
  char err[1024];
  const tnam_board_cfg_t bc = {.link = &link, .timeout_ms = o.timeout_ms};
  status = tnam_board_open(&board, &bc, err, sizeof err);
  if (status != TNAM_EXIT_PASS) {
    fprintf(stderr, "error: %s\n", err);
    link.close(&link);
    return tnam_stdout_finish(status);
  }
  board_params = *tnam_board_params(&board);
  printf("board: %s, rows %u cols %u macros %u tiles %u, vectors of %u and %u bytes\n", link.name,
         board_params.core.rows, board_params.core.cols, board_params.macros, board_params.tiles,
         tnam_vec_in_bytes(&board_params), tnam_vec_out_bytes(&board_params));

  /* The reproduce line must reach the same board, so it carries the host's own options. */
  tnam_str_t command = {0};
  if (o.vboard)
    tnam_str_add(&command, "%s --board vboard --vboard %s --timeout-ms %u", argv[0], o.vboard,
                 o.timeout_ms);
  else if (o.serial)
    tnam_str_add(&command, "%s --board serial --port %s --baud %u --timeout-ms %u", argv[0], o.port,
                 o.baud, o.timeout_ms);
  else
    tnam_str_add(&command, "%s --board model --config %u:%u:%u:%u", argv[0], o.rows, o.cols,
                 o.macros, o.tiles);
  if (command.failed) {
    fprintf(stderr, "error: out of memory for the reproduce line\n");
    board.close(&board);
    link.close(&link);
    return TNAM_EXIT_ABORTED;
  }
  const tnam_run_dut_t dut = {.params = rtl_params,
                              .can_trace = 0,
                              .rtl_name = "board",
                              .command = tnam_str_get(&command),
                              .untimed = 1, /* single-stepped: no fixed time per cycle */
                              .config_hint =
                                  " (the model board's is --config R:C:M:T; a "
                                  "serial board's is its build)"};
  tnam_run_t *r = tnam_run_open(argc, argv, &dut, &status);
  if (!r) {
    board.close(&board);
    link.close(&link);
    tnam_str_free(&command);
    return tnam_stdout_finish(status);
  }
  tnam_board_set_where(&board, run_where, r);
  host_t h = {.r = r, .board = &board};
  tnam_chip_in_t in;
  int next;
  while ((next = tnam_run_next(r, &in)) != 0) {
    if (next == TNAM_SEQ_CALIBRATE)
      tnam_run_calibrate(r, host_step, &h);
    else if (!host_step(&h, &in))
      break;
  }
  board.close(&board);
  link.close(&link); /* closes the record file: a write error shows now at the latest */
  if (record_failed) tnam_run_abort(r, TNAM_EXIT_ABORTED, "the --record file is incomplete");
  status = tnam_run_close(r);
  tnam_str_free(&command);
  return status;
}
