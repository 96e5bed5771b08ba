/* mpscmfs.h: pool class MFS (Manual Fixed Small)
 *
 * A manually managed pool of blocks that all have the same size.  Use
 * mps_alloc and mps_free with exactly the unit size.
 * Pool keywords: MPS_KEY_MFS_UNIT_SIZE (required), MPS_KEY_EXTEND_BY.
 */

#ifndef mpscmfs_h
#define mpscmfs_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size of every block in the pool (at least one word). */
extern const struct mps_key_s _mps_key_MFS_UNIT_SIZE;
#define MPS_KEY_MFS_UNIT_SIZE (&_mps_key_MFS_UNIT_SIZE)
#define MPS_KEY_MFS_UNIT_SIZE_FIELD size

extern mps_pool_class_t mps_class_mfs(void);

#ifdef __cplusplus
}
#endif

#endif /* mpscmfs_h */
