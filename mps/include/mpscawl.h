/* mpscawl.h: pool class AWL (Automatic Weak Linked)
 *
 * A non-moving garbage-collected pool for objects holding weak (or
 * exact) references, such as weak hash tables.  Each object may have a
 * dependent object that its scan method is allowed to read and write.
 * Pool keywords: MPS_KEY_FORMAT (required), MPS_KEY_AWL_FIND_DEPENDENT,
 * MPS_KEY_CHAIN, MPS_KEY_GEN.
 * Allocation point keyword: MPS_KEY_RANK (exact, the default, or weak).
 */

#ifndef mpscawl_h
#define mpscawl_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the dependent object of the object at addr, or NULL. */
typedef mps_addr_t (*mps_awl_find_dependent_t)(mps_addr_t addr);

extern const struct mps_key_s _mps_key_AWL_FIND_DEPENDENT;
#define MPS_KEY_AWL_FIND_DEPENDENT (&_mps_key_AWL_FIND_DEPENDENT)
#define MPS_KEY_AWL_FIND_DEPENDENT_FIELD addr_method

extern mps_pool_class_t mps_class_awl(void);

#ifdef __cplusplus
}
#endif

#endif /* mpscawl_h */
