/* mpscsnc.h: pool class SNC (Stack No Checking)
 *
 * A manually managed pool of formatted, scanned objects freed in stack
 * order: mps_ap_frame_pop frees everything allocated on the allocation
 * point since the matching mps_ap_frame_push.
 * Pool keyword: MPS_KEY_FORMAT (required; no in-band headers).
 * Allocation point keyword: MPS_KEY_RANK (default exact).
 */

#ifndef mpscsnc_h
#define mpscsnc_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

extern mps_pool_class_t mps_class_snc(void);

#ifdef __cplusplus
}
#endif

#endif /* mpscsnc_h */
