/* mpscmvff.h: pool class MVFF (Manual Variable First Fit)
 *
 * A general-purpose manually managed pool of variable-sized blocks,
 * allocated with mps_alloc (or allocation points, or a segregated
 * allocation cache) and freed with mps_free.
 * Pool keywords: MPS_KEY_EXTEND_BY, MPS_KEY_MEAN_SIZE, MPS_KEY_ALIGN,
 * MPS_KEY_SPARE, MPS_KEY_MVFF_ARENA_HIGH, MPS_KEY_MVFF_SLOT_HIGH,
 * MPS_KEY_MVFF_FIRST_FIT; the debug class also takes
 * MPS_KEY_POOL_DEBUG_OPTIONS.
 */

#ifndef mpscmvff_h
#define mpscmvff_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Take memory from the arena at high addresses (default false). */
extern const struct mps_key_s _mps_key_MVFF_ARENA_HIGH;
#define MPS_KEY_MVFF_ARENA_HIGH (&_mps_key_MVFF_ARENA_HIGH)
#define MPS_KEY_MVFF_ARENA_HIGH_FIELD b

/* mps_alloc searches the highest free range first (default false). */
extern const struct mps_key_s _mps_key_MVFF_SLOT_HIGH;
#define MPS_KEY_MVFF_SLOT_HIGH (&_mps_key_MVFF_SLOT_HIGH)
#define MPS_KEY_MVFF_SLOT_HIGH_FIELD b

/* mps_alloc takes the low end of the range it finds (default true). */
extern const struct mps_key_s _mps_key_MVFF_FIRST_FIT;
#define MPS_KEY_MVFF_FIRST_FIT (&_mps_key_MVFF_FIRST_FIT)
#define MPS_KEY_MVFF_FIRST_FIT_FIELD b

extern mps_pool_class_t mps_class_mvff(void);
extern mps_pool_class_t mps_class_mvff_debug(void); /* with fenceposts */

/* Deprecated names of the generic pool size functions. */
#define mps_mvff_free_size mps_pool_free_size
#define mps_mvff_size mps_pool_total_size

#ifdef __cplusplus
}
#endif

#endif /* mpscmvff_h */
