/* mpscamc.h: pool classes AMC (Automatic Mostly-Copying) and AMCZ
 *
 * AMC is a generational copying collector for formatted objects that
 * contain references; objects referenced ambiguously are pinned rather
 * than copied.  AMCZ is the same for leaf objects (no references: never
 * scanned, never protected).
 * Pool keywords: MPS_KEY_FORMAT (required), MPS_KEY_CHAIN,
 * MPS_KEY_INTERIOR, MPS_KEY_EXTEND_BY, MPS_KEY_LARGE_SIZE.
 * Allocation point keyword (AMC): MPS_KEY_AP_HASH_ARRAYS.
 */

#ifndef mpscamc_h
#define mpscamc_h

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

extern mps_pool_class_t mps_class_amc(void);
extern mps_pool_class_t mps_class_amcz(void);

/* Deprecated: with the arena parked, call f(addr, p, s) for every object
 * in an AMC pool, including padding objects. */
typedef void (*mps_amc_apply_stepper_t)(mps_addr_t addr, void *p, size_t s);
extern void mps_amc_apply(mps_pool_t pool, mps_amc_apply_stepper_t f,
                          void *p, size_t s);

#ifdef __cplusplus
}
#endif

#endif /* mpscamc_h */
