/* mpslib.h: the plinth's library interface
 *
 * The plinth connects the MPS to its environment.  The library built
 * with the MPS provides an implementation on top of the C standard
 * library; a client may replace it (for example on a freestanding
 * system) by defining these functions itself.  Plinth functions may be
 * called from a protection-fault handler, so they must neither call the
 * MPS nor touch memory it manages.
 */

#ifndef mpslib_h
#define mpslib_h

#include <stddef.h>

#include "mps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* End-of-file value returned by the output functions on failure. */
extern int mps_lib_get_EOF(void);
#define mps_lib_EOF (mps_lib_get_EOF())

/* Output streams. */
typedef struct mps_lib_stream_s mps_lib_FILE;
extern mps_lib_FILE *mps_lib_get_stderr(void);
extern mps_lib_FILE *mps_lib_get_stdout(void);
#define mps_lib_stderr (mps_lib_get_stderr())
#define mps_lib_stdout (mps_lib_get_stdout())

/* As fputc and fputs in the C standard library. */
extern int mps_lib_fputc(int c, mps_lib_FILE *stream);
extern int mps_lib_fputs(const char *s, mps_lib_FILE *stream);

/* Report a failed assertion: the source file and line, and the text of
 * the condition that was false.  Calls the installed handler. */
extern void mps_lib_assert_fail(const char *file, unsigned line,
                                const char *condition);

/* Install a new assertion handler and return the previous one.  A
 * handler must not call the MPS. */
typedef void (*mps_lib_assert_fail_t)(const char *file, unsigned line,
                                      const char *condition);
extern mps_lib_assert_fail_t mps_lib_assert_fail_install(
    mps_lib_assert_fail_t handler);

/* As memset, memcpy (never overlapping) and memcmp. */
extern void *(mps_lib_memset)(void *s, int c, size_t n);
extern void *(mps_lib_memcpy)(void *dest, const void *src, size_t n);
extern int (mps_lib_memcmp)(const void *s1, const void *s2, size_t n);

/* Processor time since an arbitrary epoch, and its units per second
 * (as clock() and CLOCKS_PER_SEC). */
extern mps_clock_t mps_clock(void);
extern mps_clock_t mps_clocks_per_sec(void);

/* Initial telemetry filter, e.g. from the environment; 0 if none. */
extern unsigned long mps_lib_telemetry_control(void);

#ifdef __cplusplus
}
#endif

#endif /* mpslib_h */
