/* mpscmv.h: pool class MV (Manual Variable), removed
 *
 * MV has been replaced by MVFF (mpscmvff.h).  This header is kept so
 * that old clients build; new code should use mps_class_mvff().
 */

#ifndef mpscmv_h
#define mpscmv_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Pool classes that behave as MVFF and its debugging variant. */
extern mps_pool_class_t mps_class_mv(void);
extern mps_pool_class_t mps_class_mv_debug(void);

/* Deprecated names of the generic pool size functions. */
#define mps_mv_free_size mps_pool_free_size
#define mps_mv_size mps_pool_total_size

#ifdef __cplusplus
}
#endif

#endif /* mpscmv_h */
