/* mpsavm.h: the virtual-memory arena class
 *
 * A VM arena reserves address space from the operating system and maps
 * memory into it as needed.  Create one with
 *   mps_arena_create_k(&arena, mps_arena_class_vm(), args)
 * Keywords: MPS_KEY_ARENA_SIZE, MPS_KEY_ARENA_GRAIN_SIZE,
 * MPS_KEY_COMMIT_LIMIT, MPS_KEY_SPARE, MPS_KEY_PAUSE_TIME,
 * MPS_KEY_ARENA_EXTENDED, MPS_KEY_ARENA_CONTRACTED, MPS_KEY_VMW3_TOP_DOWN
 * (Windows), MPS_KEY_ARENA_ZONED, MPS_KEY_SPARE_COMMIT_LIMIT (deprecated).
 */

#ifndef mpsavm_h
#define mpsavm_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The VM arena class. */
extern mps_arena_class_t mps_arena_class_vm(void);

/* Removed, kept for old clients: a VM arena that ignores zones (the same
 * as mps_arena_class_vm() with MPS_KEY_ARENA_ZONED false). */
extern mps_arena_class_t mps_arena_class_vmnz(void);

/* Set the preferred (desired) and smallest acceptable (minimum) size of
 * future address-space reservations; desired >= minimum. */
extern mps_res_t mps_arena_vm_growth(mps_arena_t arena, size_t desired,
                                     size_t minimum);

#ifdef __cplusplus
}
#endif

#endif /* mpsavm_h */
