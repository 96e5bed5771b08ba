/* mpsacl.h: the client arena class
 *
 * A client arena manages memory the client supplies; it never asks the
 * operating system for more.  Create one with
 *   mps_arena_create_k(&arena, mps_arena_class_cl(), args)
 * giving MPS_KEY_ARENA_CL_BASE and MPS_KEY_ARENA_SIZE (both required);
 * optional: MPS_KEY_COMMIT_LIMIT, MPS_KEY_ARENA_GRAIN_SIZE,
 * MPS_KEY_PAUSE_TIME.  Add memory later with mps_arena_extend.
 */

#ifndef mpsacl_h
#define mpsacl_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Base address of the memory block given to a client arena. */
extern const struct mps_key_s _mps_key_ARENA_CL_BASE;
#define MPS_KEY_ARENA_CL_BASE (&_mps_key_ARENA_CL_BASE)
#define MPS_KEY_ARENA_CL_BASE_FIELD addr

/* The client arena class. */
extern mps_arena_class_t mps_arena_class_cl(void);

#ifdef __cplusplus
}
#endif

#endif /* mpsacl_h */
