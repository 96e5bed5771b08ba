/* mpsclo.h: pool class LO (Leaf Object)
 *
 * A non-moving, unprotected garbage-collected pool for formatted objects
 * that contain no references (e.g. buffers shared with foreign code).
 * Pool keywords: MPS_KEY_FORMAT (required), MPS_KEY_CHAIN, MPS_KEY_GEN.
 */

#ifndef mpsclo_h
#define mpsclo_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

extern mps_pool_class_t mps_class_lo(void);

#ifdef __cplusplus
}
#endif

#endif /* mpsclo_h */
