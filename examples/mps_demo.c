/* mps_demo.c -- a small, complete client of the Memory Pool System.
 *
 * It uses only the public headers, the way any C program would, and walks
 * through the manual side of the library:
 *
 *   1. a virtual-memory arena, which reserves address space and commits it
 *      as pools ask for memory;
 *   2. an MVFF pool (variable-sized blocks), used both through mps_alloc /
 *      mps_free and through an allocation point (reserve / commit);
 *   3. an MFS pool (one fixed block size);
 *   4. an MVT pool (allocation points only, blocks freed with mps_free);
 *   5. a segregated allocation cache on the MVFF pool;
 *   6. the arena's commit limit being hit, reported as MPS_RES_COMMIT_LIMIT;
 *   7. tearing it all down in the safe order: caches and allocation points,
 *      then pools, then the arena.
 *
 * Usage: mps_demo [--quiet]
 *   --quiet prints only a one-line summary (the test suite runs it so).
 * Exits 0 on success, 1 if anything the demo relies on fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps.h"      /* everything generic */
#include "mpsavm.h"   /* the virtual-memory arena class */
#include "mpscmfs.h"  /* MFS: Manual Fixed Small */
#include "mpscmvff.h" /* MVFF: Manual Variable First Fit */
#include "mpscmvt.h"  /* MVT: Manual Variable Temporal */

static int quiet = 0;

/* Prints unless --quiet. */
#define SAY(...) do { if (!quiet) printf(__VA_ARGS__); } while (0)

/* Every MPS call that can fail returns a result code; the demo stops at
 * the first unexpected one. */
static void check(mps_res_t res, const char *what) {
  if (res != MPS_RES_OK) {
    fprintf(stderr, "mps_demo: %s failed with result code %d\n", what, res);
    exit(1);
  }
}

static void show_arena(mps_arena_t arena, const char *when) {
  SAY("  arena %-28s reserved %8lu KiB, committed %6lu KiB (spare %lu KiB)\n", when,
      (unsigned long)(mps_arena_reserved(arena) / 1024), (unsigned long)(mps_arena_committed(arena) / 1024),
      (unsigned long)(mps_arena_spare_committed(arena) / 1024));
}

static void show_pool(mps_pool_t pool, const char *name) {
  SAY("  pool %-6s total %6lu KiB, free %6lu KiB\n", name, (unsigned long)(mps_pool_total_size(pool) / 1024),
      (unsigned long)(mps_pool_free_size(pool) / 1024));
}

/* Allocates one object on an allocation point.  The loop is the protocol:
 * reserve, initialise, commit; a false commit (only possible with a moving
 * collector) means "initialise again". */
static void *ap_new(mps_ap_t ap, size_t size, int fill) {
  mps_addr_t p;
  do {
    check(mps_reserve(&p, ap, size), "mps_reserve");
    memset(p, fill, size);
  } while (!mps_commit(ap, p, size));
  return p;
}

int main(int argc, char **argv) {
  mps_arena_t arena;
  mps_pool_t mvff, mfs, mvt;
  mps_ap_t mvff_ap, mvt_ap;
  mps_sac_t sac;
  mps_sac_class_s sac_classes[3] = {{32, 16, 4}, {64, 16, 2}, {256, 8, 1}};
  void *blocks[100];
  mps_addr_t p, unit, mvt_block;
  mps_res_t res;
  size_t limit, allocated_before_limit = 0;
  int i, limit_hit = 0;

  if (argc > 1 && strcmp(argv[1], "--quiet") == 0) quiet = 1;
  SAY("mps demo: a tour of the manual side of the library\n\n");

  /* 1. The arena: 64 MiB of address space to start with. */
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, (size_t)64 << 20);
    check(mps_arena_create_k(&arena, mps_arena_class_vm(), args), "mps_arena_create_k");
  } MPS_ARGS_END(args);
  SAY("1. created a VM arena\n");
  show_arena(arena, "at creation:");

  /* 2. MVFF: mps_alloc / mps_free of variable sizes ... */
  check(mps_pool_create_k(&mvff, arena, mps_class_mvff(), mps_args_none), "creating the MVFF pool");
  check(mps_ap_create_k(&mvff_ap, mvff, mps_args_none), "creating an allocation point on MVFF");
  for (i = 0; i < 100; ++i) {
    check(mps_alloc(&p, mvff, (size_t)(16 + i * 24)), "mps_alloc");
    memset(p, i, (size_t)(16 + i * 24));
    blocks[i] = p;
  }
  SAY("\n2. MVFF: 100 blocks from mps_alloc (16 to 2392 bytes)\n");
  show_pool(mvff, "MVFF");
  for (i = 0; i < 100; i += 2) mps_free(mvff, blocks[i], (size_t)(16 + i * 24));
  SAY("   freed every other block\n");
  show_pool(mvff, "MVFF");
  /* ... and the allocation point, whose fast path is inline in mps.h. */
  for (i = 0; i < 1000; ++i) (void)ap_new(mvff_ap, 48, 0xAB);
  SAY("   1000 objects of 48 bytes through an allocation point\n");
  show_pool(mvff, "MVFF");

  /* 3. MFS: every block is the unit size. */
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MFS_UNIT_SIZE, 40);
    check(mps_pool_create_k(&mfs, arena, mps_class_mfs(), args), "creating the MFS pool");
  } MPS_ARGS_END(args);
  for (i = 0; i < 500; ++i) check(mps_alloc(&unit, mfs, 40), "mps_alloc on MFS");
  mps_free(mfs, unit, 40);
  SAY("\n3. MFS: 500 units of 40 bytes, one given back\n");
  show_pool(mfs, "MFS");

  /* 4. MVT: allocation points to allocate, mps_free to free. */
  check(mps_pool_create_k(&mvt, arena, mps_class_mvt(), mps_args_none), "creating the MVT pool");
  check(mps_ap_create_k(&mvt_ap, mvt, mps_args_none), "creating an allocation point on MVT");
  mvt_block = ap_new(mvt_ap, 4096, 0);
  for (i = 0; i < 200; ++i) (void)ap_new(mvt_ap, 128, i);
  mps_free(mvt, mvt_block, 4096);
  SAY("\n4. MVT: 200 objects of 128 bytes and one of 4 KiB (freed)\n");
  show_pool(mvt, "MVT");

  /* 5. A segregated allocation cache: small blocks come and go without
   *    reaching the pool, through the inline macros. */
  check(mps_sac_create(&sac, mvff, 3, sac_classes), "mps_sac_create");
  for (i = 0; i < 100; ++i) {
    size_t size = (size_t)(8 + (i * 37) % 250);
    MPS_SAC_ALLOC_FAST(res, p, sac, size, 0);
    check(res, "MPS_SAC_ALLOC_FAST");
    memset(p, 0, size);
    MPS_SAC_FREE_FAST(sac, p, size);
  }
  SAY("\n5. SAC on MVFF: 100 allocate/free pairs through the cache\n");
  show_arena(arena, "before the limit:");

  /* 6. The commit limit: cap committed memory just above what is in use,
   *    then allocate until the arena refuses. */
  limit = mps_arena_committed(arena) + ((size_t)1 << 20);
  check(mps_arena_commit_limit_set(arena, limit), "mps_arena_commit_limit_set");
  SAY("\n6. commit limit set to %lu KiB\n", (unsigned long)(limit / 1024));
  for (i = 0; i < 1000; ++i) {
    res = mps_alloc(&p, mvff, 64 * 1024);
    if (res == MPS_RES_COMMIT_LIMIT) {
      limit_hit = 1;
      break;
    }
    check(res, "mps_alloc under the commit limit");
    allocated_before_limit += 64 * 1024;
  }
  if (!limit_hit) {
    fprintf(stderr, "mps_demo: the commit limit was never reported\n");
    return 1;
  }
  SAY("   after %lu KiB more, mps_alloc returned MPS_RES_COMMIT_LIMIT (%d), as it should\n",
      (unsigned long)(allocated_before_limit / 1024), (int)MPS_RES_COMMIT_LIMIT);
  show_arena(arena, "at the limit:");
  check(mps_arena_commit_limit_set(arena, (size_t)-1), "removing the commit limit");

  /* 7. Tear down in the safe order. */
  mps_sac_destroy(sac);
  mps_ap_destroy(mvt_ap);
  mps_ap_destroy(mvff_ap);
  mps_pool_destroy(mvt);
  mps_pool_destroy(mfs);
  mps_pool_destroy(mvff);
  SAY("\n7. destroyed the cache, allocation points and pools\n");
  show_arena(arena, "before destruction:");
  mps_arena_destroy(arena);
  SAY("   destroyed the arena\n\n");

  printf("mps demo: ok (VM arena; MVFF, MFS and MVT pools; allocation points; SAC; "
         "commit limit reported after %lu KiB)\n",
         (unsigned long)(allocated_before_limit / 1024));
  return 0;
}
