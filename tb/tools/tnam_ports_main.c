// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* tnam_ports: the GTKWave view of the port list (c_model/tnam_ports.h) for sim/gen_gtkw.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnam_backend.h"
#include "tnam_cli.h"
#include "tnam_ports.h"

/* The view's groups, by tnam_view_group_t. */
#define GROUP(id, per_macro, label) {per_macro, label},
static const struct {
  int per_macro;
  const char *label; /* printf format of (macro, search steps) */
} groups[] = {TNAM_VIEW_GROUPS(GROUP)};
#undef GROUP

static const char *const formats[] = {"bin", "hex", "dec", "sdec"};

/* One port of a group: a whole port, or a port per element ("fields": elements first .. first +
 * n - 1 of count, each w bits, shown as label[0 ..]). */
static void print_port(const tnam_chip_params_t *p, const tnam_port_desc_t *d, unsigned m) {
  const unsigned w = tnam_port_width(p, (tnam_port_id_t)(d - tnam_port_list));
  const unsigned n = tnam_port_count(p, d);
  const char *fmt = formats[d->view.format];
  if (d->scope == TNAM_SCOPE_NONE || d->scope == TNAM_SCOPE_CORE || d->scope == TNAM_SCOPE_CHIP) {
    printf("port %s %s %u\n", fmt, d->name, w);
    return;
  }
  const int len = (int)strlen(d->name) - 2; /* the label: the name without _i or _o */
  printf("fields %s %s %u %u %.*s %u %u\n", fmt, d->name, w, tnam_port_instances(p, d) * n, len,
         d->name, m * n, n);
}

/* The groups of the chip, or of macro m, each after its label line. */
static void print_groups(const tnam_chip_params_t *p, const tnam_port_desc_t *const *order, int len,
                         int per_macro, unsigned m) {
  for (int s = 0, next; s < len; s = next) {
    const unsigned g = order[s]->view.group;
    for (next = s; next < len && order[next]->view.group == g;) next++;
    if (g == TNAM_VIEW_NONE || groups[g].per_macro != per_macro) continue;
    printf("label ");
    printf(groups[g].label, m, p->core.steps); /* a label uses what it needs of these */
    printf("\n");
    for (int i = s; i < next; i++) print_port(p, order[i], m);
  }
}

static void print_view(const tnam_chip_params_t *p) {
  const tnam_port_desc_t *order[TNAM_N_PORTS];
  const int len = tnam_port_sort(order, -1, TNAM_ORDER_VIEW);
  print_groups(p, order, len, 0, 0);
  for (unsigned m = 0; m < p->macros; m++) print_groups(p, order, len, 1, m);
}

int main(int argc, char **argv) {
  unsigned v[4] = {0, 0, 1, 1};
  tnam_chip_params_t p;
  int ok = argc == 3 || argc == 5;
  /* Plain decimals: sscanf's %u took " -6" as 4294967290. */
  for (int i = 1; ok && i < argc; i++) {
    uint64_t x = 0;
    ok = tnam_num_u64(argv[i], 0, 65535, &x) == TNAM_NUM_OK;
    v[i - 1] = (unsigned)x;
  }
  if (!ok || !tnam_chip_params_make(v[0], v[1], v[2], v[3], &p)) {
    fprintf(stderr,
            "usage: %s ROWS COLS [MACROS TILES]: the GTKWave view of tnam_chip's ports, one line\n"
            "per group label or port (ROWS 2..256, COLS 3..64, MACROS 1..8, TILES 1..min(MACROS, "
            "4))\n",
            argv[0]);
    return TNAM_EXIT_USAGE;
  }
  print_view(&p);
  return tnam_stdout_finish(TNAM_EXIT_PASS);
}
