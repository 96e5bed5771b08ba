/* mpscmvt.h: pool class MVT (Manual Variable Temporal)
 *
 * A manually managed pool that allocates only through allocation points
 * and frees with mps_free.  It places consecutive allocations next to
 * each other, so it works best when objects allocated together die
 * together.
 * Pool keywords: MPS_KEY_ALIGN, MPS_KEY_MIN_SIZE, MPS_KEY_MEAN_SIZE,
 * MPS_KEY_MAX_SIZE, MPS_KEY_MVT_RESERVE_DEPTH, MPS_KEY_MVT_FRAG_LIMIT.
 */

#ifndef mpscmvt_h
#define mpscmvt_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How many mean-sized blocks' worth of freed memory to keep for reuse
 * (default 1024). */
extern const struct mps_key_s _mps_key_MVT_RESERVE_DEPTH;
#define MPS_KEY_MVT_RESERVE_DEPTH (&_mps_key_MVT_RESERVE_DEPTH)
#define MPS_KEY_MVT_RESERVE_DEPTH_FIELD count

/* Fraction of free memory (0.0 to 1.0, default 0.3) above which the pool
 * falls back to first-fit allocation. */
extern const struct mps_key_s _mps_key_MVT_FRAG_LIMIT;
#define MPS_KEY_MVT_FRAG_LIMIT (&_mps_key_MVT_FRAG_LIMIT)
#define MPS_KEY_MVT_FRAG_LIMIT_FIELD d

extern mps_pool_class_t mps_class_mvt(void);

/* Deprecated names of the generic pool size functions. */
#define mps_mvt_free_size mps_pool_free_size
#define mps_mvt_size mps_pool_total_size

#ifdef __cplusplus
}
#endif

#endif /* mpscmvt_h */
