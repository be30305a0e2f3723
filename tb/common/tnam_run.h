/* Command-line front end shared by the harness binaries: options, run loop, exit codes. */
#ifndef TNAM_RUN_H
#define TNAM_RUN_H

#include <stddef.h>

#include "tnam_backend.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes of every harness binary. */
enum {
  TNAM_EXIT_PASS = 0,
  TNAM_EXIT_FAIL = 1,    /* mismatch, failed expectation, timing error */
  TNAM_EXIT_USAGE = 2,   /* bad option, bad stream or weight file */
  TNAM_EXIT_ABORTED = 3  /* timeout, cycle limit, interrupted */
};

/* Opens the RTL back end. Returns 1, or 0 with a message in err. */
typedef int (*tnam_rtl_open_fn)(tnam_backend_t *b, const tnam_waves_t *waves, char *err,
                                size_t err_size);

/* The RTL build's parameters (its stream `config` must match). */
typedef void (*tnam_rtl_params_fn)(unsigned *rows, unsigned *cols, unsigned *macros,
                                   unsigned *tiles);

/* Runs the command line. rtl_open may be NULL for a model-only binary. */
int tnam_run_main(int argc, char **argv, tnam_rtl_open_fn rtl_open,
                  tnam_rtl_params_fn rtl_params, int can_trace);

#ifdef __cplusplus
}
#endif

#endif /* TNAM_RUN_H */
