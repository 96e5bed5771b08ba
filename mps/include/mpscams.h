/* mpscams.h: pool class AMS (Automatic Mark-and-Sweep)
 *
 * A non-moving, non-generational garbage-collected pool for formatted
 * objects, useful while debugging scanning code.
 * Pool keywords: MPS_KEY_FORMAT (required), MPS_KEY_CHAIN, MPS_KEY_GEN,
 * MPS_KEY_AMS_SUPPORT_AMBIGUOUS; the debug class also takes
 * MPS_KEY_POOL_DEBUG_OPTIONS.
 * Allocation point keyword: MPS_KEY_RANK (exact, the default, or ambig).
 */

#ifndef mpscams_h
#define mpscams_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether ambiguous references may point to objects in the pool
 * (default true). */
extern const struct mps_key_s _mps_key_AMS_SUPPORT_AMBIGUOUS;
#define MPS_KEY_AMS_SUPPORT_AMBIGUOUS (&_mps_key_AMS_SUPPORT_AMBIGUOUS)
#define MPS_KEY_AMS_SUPPORT_AMBIGUOUS_FIELD b

extern mps_pool_class_t mps_class_ams(void);
extern mps_pool_class_t mps_class_ams_debug(void); /* with fenceposts */

#ifdef __cplusplus
}
#endif

#endif /* mpscams_h */
