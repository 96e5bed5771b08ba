/* mpsio.h: the plinth's input/output interface
 *
 * The stream to which the MPS writes its telemetry.  The library built
 * with the MPS writes to a file (named by the environment variable
 * MPS_TELEMETRY_FILENAME, default "mpsio.log"); a client may replace
 * these functions by defining them itself.
 */

#ifndef mpsio_h
#define mpsio_h

#include <stddef.h>

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mps_io_s *mps_io_t;

extern mps_res_t mps_io_create(mps_io_t *io_o);
extern void mps_io_destroy(mps_io_t io);
extern mps_res_t mps_io_write(mps_io_t io, void *buf, size_t size);
extern mps_res_t mps_io_flush(mps_io_t io);

#ifdef __cplusplus
}
#endif

#endif /* mpsio_h */
