/* mpscmv2.h: old name of the MVT pool class header
 *
 * Kept so that old clients build; include mpscmvt.h instead.
 */

#ifndef mpscmv2_h
#define mpscmv2_h

#include "mpscmvt.h"

#endif /* mpscmv2_h */
