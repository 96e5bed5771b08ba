/* mpstd.h: platform constants for the Memory Pool System
 *
 * Works out the operating system, processor architecture and compiler
 * from the compiler's predefined macros and publishes them as MPS
 * platform constants.  Nothing here declares a type or a function, so
 * this header can be included anywhere, from C (C89 or later) or C++.
 *
 * For each platform this defines:
 *   MPS_OS_xx        operating system: FR (FreeBSD), LI (Linux),
 *                    W3 (Windows), XC (macOS)
 *   MPS_ARCH_xx      architecture: A6 (ARM64), I3 (IA-32), I6 (x86-64)
 *   MPS_BUILD_xx     compiler: GC (GCC), LL (Clang/LLVM), MV (Visual C++)
 *   MPS_PF_xxxxxx    the six-letter platform code, e.g. MPS_PF_LII6GC
 *   MPS_PF_STRING    the same code as a lower-case string, e.g. "lii6gc"
 *   MPS_T_WORD       an unsigned integer type as wide as a pointer
 *   MPS_T_ULONGEST   the widest unsigned integer type the MPS uses
 *   MPS_WORD_WIDTH   bits in MPS_T_WORD (32 or 64)
 *   MPS_WORD_SHIFT   log2 of MPS_WORD_WIDTH (5 or 6)
 *   MPS_PF_ALIGN     the platform's natural alignment in bytes: the
 *                    strictest alignment any ordinary C object needs
 */

#ifndef mpstd_h
#define mpstd_h


/* Operating system. */

#if defined(__linux__)
#define MPS_OS_LI
#elif defined(__FreeBSD__)
#define MPS_OS_FR
#elif defined(__APPLE__) && defined(__MACH__)
#define MPS_OS_XC
#elif defined(_WIN32)
#define MPS_OS_W3
#else
#error "mpstd.h: unsupported operating system"
#endif


/* Architecture. */

#if defined(__x86_64__) || defined(__amd64__) || defined(_M_X64) || defined(_M_AMD64)
#define MPS_ARCH_I6
#elif defined(__i386__) || defined(_M_IX86)
#define MPS_ARCH_I3
#elif defined(__aarch64__) || defined(_M_ARM64)
#define MPS_ARCH_A6
#else
#error "mpstd.h: unsupported processor architecture"
#endif


/* Compiler.  Clang also defines __GNUC__ (and, as clang-cl, _MSC_VER),
 * so it is tested first. */

#if defined(__clang__)
#define MPS_BUILD_LL
#elif defined(__GNUC__)
#define MPS_BUILD_GC
#elif defined(_MSC_VER)
#define MPS_BUILD_MV
#else
#error "mpstd.h: unsupported compiler"
#endif


/* Platform code. */

#if defined(MPS_OS_LI) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_GC)
#define MPS_PF_LII3GC
#define MPS_PF_STRING "lii3gc"
#elif defined(MPS_OS_LI) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_LL)
#define MPS_PF_LII3LL
#define MPS_PF_STRING "lii3ll"
#elif defined(MPS_OS_LI) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_GC)
#define MPS_PF_LII6GC
#define MPS_PF_STRING "lii6gc"
#elif defined(MPS_OS_LI) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_LL)
#define MPS_PF_LII6LL
#define MPS_PF_STRING "lii6ll"
#elif defined(MPS_OS_LI) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_GC)
#define MPS_PF_LIA6GC
#define MPS_PF_STRING "lia6gc"
#elif defined(MPS_OS_LI) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_LL)
#define MPS_PF_LIA6LL
#define MPS_PF_STRING "lia6ll"
#elif defined(MPS_OS_FR) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_GC)
#define MPS_PF_FRI3GC
#define MPS_PF_STRING "fri3gc"
#elif defined(MPS_OS_FR) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_LL)
#define MPS_PF_FRI3LL
#define MPS_PF_STRING "fri3ll"
#elif defined(MPS_OS_FR) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_GC)
#define MPS_PF_FRI6GC
#define MPS_PF_STRING "fri6gc"
#elif defined(MPS_OS_FR) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_LL)
#define MPS_PF_FRI6LL
#define MPS_PF_STRING "fri6ll"
#elif defined(MPS_OS_FR) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_GC)
#define MPS_PF_FRA6GC
#define MPS_PF_STRING "fra6gc"
#elif defined(MPS_OS_FR) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_LL)
#define MPS_PF_FRA6LL
#define MPS_PF_STRING "fra6ll"
#elif defined(MPS_OS_XC) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_GC)
#define MPS_PF_XCI6GC
#define MPS_PF_STRING "xci6gc"
#elif defined(MPS_OS_XC) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_LL)
#define MPS_PF_XCI6LL
#define MPS_PF_STRING "xci6ll"
#elif defined(MPS_OS_XC) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_GC)
#define MPS_PF_XCA6GC
#define MPS_PF_STRING "xca6gc"
#elif defined(MPS_OS_XC) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_LL)
#define MPS_PF_XCA6LL
#define MPS_PF_STRING "xca6ll"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_MV)
#define MPS_PF_W3I3MV
#define MPS_PF_STRING "w3i3mv"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_LL)
#define MPS_PF_W3I3LL
#define MPS_PF_STRING "w3i3ll"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_I3) && defined(MPS_BUILD_GC)
#define MPS_PF_W3I3GC
#define MPS_PF_STRING "w3i3gc"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_MV)
#define MPS_PF_W3I6MV
#define MPS_PF_STRING "w3i6mv"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_LL)
#define MPS_PF_W3I6LL
#define MPS_PF_STRING "w3i6ll"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_I6) && defined(MPS_BUILD_GC)
#define MPS_PF_W3I6GC
#define MPS_PF_STRING "w3i6gc"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_MV)
#define MPS_PF_W3A6MV
#define MPS_PF_STRING "w3a6mv"
#elif defined(MPS_OS_W3) && defined(MPS_ARCH_A6) && defined(MPS_BUILD_LL)
#define MPS_PF_W3A6LL
#define MPS_PF_STRING "w3a6ll"
#else
#error "mpstd.h: unsupported combination of OS, architecture and compiler"
#endif


/* Word types and widths.
 *
 * 64-bit Windows is LLP64: unsigned long stays 32 bits wide there, so
 * the pointer-sized type is unsigned __int64.  Every other supported
 * platform is ILP32 or LP64, where unsigned long is pointer-sized. */

#if defined(MPS_ARCH_I6) || defined(MPS_ARCH_A6)

#if defined(MPS_OS_W3) && defined(MPS_BUILD_MV)
#define MPS_T_WORD      unsigned __int64
#define MPS_T_ULONGEST  unsigned __int64
#define MPS_PF_ALIGN    16
#elif defined(MPS_OS_W3)
/* The same type as unsigned __int64, spelt without the extension. */
#define MPS_T_WORD      unsigned long long
#define MPS_T_ULONGEST  unsigned long long
#define MPS_PF_ALIGN    16
#else
#define MPS_T_WORD      unsigned long
#define MPS_T_ULONGEST  unsigned long
#define MPS_PF_ALIGN    8
#endif
#define MPS_WORD_WIDTH  64
#define MPS_WORD_SHIFT  6

#else /* 32-bit */

#define MPS_T_WORD      unsigned long
#define MPS_T_ULONGEST  unsigned long
#define MPS_WORD_WIDTH  32
#define MPS_WORD_SHIFT  5
#if defined(MPS_OS_W3)
#define MPS_PF_ALIGN    8
#else
#define MPS_PF_ALIGN    4
#endif

#endif /* word size */


#endif /* mpstd_h */
