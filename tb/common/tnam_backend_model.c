/* The golden model behind the driver API. */
#include "tnam_backend.h"

static const tnam_out_t *model_step(tnam_backend_t *b, const tnam_in_t *in) {
  return tnam_model_step((tnam_model_t *)b->impl, in);
}

static void model_close(tnam_backend_t *b) { (void)b; }

void tnam_backend_model_init(tnam_backend_t *b, tnam_model_t *model) {
  b->name = "golden model";
  b->step = model_step;
  b->close = model_close;
  b->impl = model;
}
