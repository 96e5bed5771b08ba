/* consumer.c -- the smallest client: an arena, an MVFF pool, one block. */
#include <stdio.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmvff.h"

int main(void) {
  mps_arena_t arena;
  mps_pool_t pool;
  mps_addr_t p;
  if (mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none) != MPS_RES_OK) return 1;
  if (mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none) != MPS_RES_OK) return 1;
  if (mps_alloc(&p, pool, 100) != MPS_RES_OK) return 1;
  mps_free(pool, p, 100);
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
  puts("consumer: ok");
  return 0;
}
