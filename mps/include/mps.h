/* mps.h: the Memory Pool System public C interface
 *
 * Everything that does not belong to one arena class or pool class:
 * types, result codes, keyword arguments, arenas, pools, object formats,
 * scanning, allocation points, allocation caches, roots, threads,
 * generation chains, location dependency, messages, finalization,
 * telemetry, heap walking and transforms.  The arena classes are in
 * mpsavm.h and mpsacl.h, the pool classes in mpsc*.h, the plinth in
 * mpslib.h and mpsio.h.
 *
 * Compiles as C89 or later and as C++.  Names beginning "_mps_" are
 * part of the interface only because the macros below use them; clients
 * should not use them directly.
 *
 * Some operations are provided both as a macro (a fast path expanded
 * into the client's code) and as a function of the same name and
 * signature; writing the name in parentheses, as in "(mps_reserve)(...)",
 * or #undef-ing it calls the function.
 */

#ifndef mps_h
#define mps_h

#include <stddef.h>
#include <stdarg.h>
#include <limits.h>

#include "mpstd.h"

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h> /* _ReadWriteBarrier, used by mps_commit */
#endif

#ifdef __cplusplus
extern "C" {
#endif


/* Statement brackets.  MPS_BEGIN ... MPS_END forms a single statement
 * that needs a semicolon after it, like a function call. */

#define MPS_BEGIN do {
#define MPS_END   } while (0)


/* Basic types */

typedef MPS_T_WORD mps_word_t;          /* unsigned, as wide as a pointer */
typedef int mps_bool_t;                 /* 0 false; results are 0 or 1 */
typedef int mps_res_t;                  /* result code, see below */
typedef void *mps_addr_t;               /* managed address or reference */
typedef size_t mps_align_t;             /* alignment: a power of 2 */
typedef unsigned mps_rm_t;              /* root mode, MPS_RM_* */
typedef unsigned mps_rank_t;            /* reference rank, mps_rank_*() */
typedef unsigned mps_message_type_t;    /* mps_message_type_*() */
typedef mps_word_t mps_clock_t;         /* processor time, see mps_clock */
typedef mps_word_t mps_label_t;         /* telemetry label */
typedef void (*mps_fun_t)(void);        /* any function, for keywords */


/* Opaque handles */

typedef struct mps_arena_s *mps_arena_t;                 /* an arena */
typedef struct mps_arena_class_s *mps_arena_class_t;     /* arena class */
typedef struct mps_pool_s *mps_pool_t;                   /* a pool */
typedef struct mps_pool_class_s *mps_pool_class_t;       /* pool class */
typedef mps_pool_class_t mps_class_t;                    /* deprecated */
typedef struct mps_chain_s *mps_chain_t;                 /* gen. chain */
typedef struct mps_fmt_s *mps_fmt_t;                     /* object format */
typedef struct mps_root_s *mps_root_t;                   /* a root */
typedef struct mps_thr_s *mps_thr_t;                     /* thread reg. */
typedef struct mps_message_s *mps_message_t;             /* a message */
typedef struct mps_alloc_pattern_s *mps_alloc_pattern_t; /* alloc. pattern */
typedef struct mps_frame_s *mps_frame_t;                 /* alloc. frame */
typedef struct mps_transform_s *mps_transform_t;         /* a transform */
typedef const struct mps_key_s *mps_key_t;               /* keyword */


/* Result codes
 *
 * Every fallible function returns one of these.  Out-parameters are
 * written only when the result is MPS_RES_OK.  Clients should be ready
 * for any code from any function. */

enum {
  MPS_RES_OK = 0,           /* success (always zero) */
  MPS_RES_FAIL = 1,         /* some other failure */
  MPS_RES_RESOURCE = 2,     /* a resource (e.g. address space) ran out */
  MPS_RES_MEMORY = 3,       /* no more committed memory */
  MPS_RES_LIMIT = 4,        /* an internal limit was reached */
  MPS_RES_UNIMPL = 5,       /* not implemented here */
  MPS_RES_IO = 6,           /* input/output error (telemetry) */
  MPS_RES_COMMIT_LIMIT = 7, /* the arena's commit limit would be passed */
  MPS_RES_PARAM = 8,        /* an illegal parameter value */
  _mps_RES_COUNT = 9        /* number of result codes (internal) */
};


/* Public structures whose layout client code depends on */

/* Allocation point.  The three fields are read and written by the
 * mps_reserve and mps_commit macros in client code. */
typedef struct mps_ap_s {
  mps_addr_t init;              /* end of committed memory */
  mps_addr_t alloc;             /* end of reserved memory */
  mps_addr_t limit;             /* end of the buffer; 0 when trapped */
} mps_ap_s, *mps_ap_t;

/* Scan state, passed to scanning functions.  The fields are used by the
 * MPS_SCAN_BEGIN, MPS_FIX1 and MPS_SCAN_END macros. */
typedef struct mps_ss_s {
  mps_word_t _zs;               /* zone shift */
  mps_word_t _w;                /* white set: zones that may be condemned */
  mps_word_t _ufs;              /* summary of zones of references seen */
} mps_ss_s, *mps_ss_t;

/* Location dependency.  The client provides the storage; the contents
 * are private to the MPS. */
typedef struct mps_ld_s {
  mps_word_t _epoch;            /* arena epoch at reset */
  mps_word_t _rs;               /* zone set of added addresses */
} mps_ld_s, *mps_ld_t;

/* Closure for the tagged area scanners: a word is a candidate reference
 * when (word & mask) == pattern. */
typedef struct mps_scan_tag_s {
  mps_word_t mask;
  mps_word_t pattern;
} mps_scan_tag_s, *mps_scan_tag_t;

/* One generation of a chain: capacity in kilobytes and predicted
 * mortality (fraction of objects that die, 0.0 to 1.0). */
typedef struct mps_gen_param_s {
  size_t mps_capacity;
  double mps_mortality;
} mps_gen_param_s;

/* Options for the debugging pool classes (mps_class_ams_debug,
 * mps_class_mvff_debug).  A size of 0 turns that feature off. */
typedef struct mps_pool_debug_option_s {
  const void *fence_template;   /* pattern written around each block */
  size_t fence_size;
  const void *free_template;    /* pattern written over free space */
  size_t free_size;
} mps_pool_debug_option_s;


/* Callback types */

typedef mps_res_t (*mps_root_scan_t)(mps_ss_t ss, void *p, size_t s);
typedef mps_res_t (*mps_area_scan_t)(mps_ss_t ss, void *base, void *limit,
                                     void *closure);
typedef mps_res_t (*mps_fmt_scan_t)(mps_ss_t ss, mps_addr_t base,
                                    mps_addr_t limit);
typedef mps_res_t (*mps_reg_scan_t)(mps_ss_t ss, mps_thr_t thr,
                                    void *p, size_t s);
typedef mps_addr_t (*mps_fmt_skip_t)(mps_addr_t addr);
typedef void (*mps_fmt_copy_t)(mps_addr_t old, mps_addr_t new_); /* obsolete */
typedef void (*mps_fmt_fwd_t)(mps_addr_t old, mps_addr_t new_);
typedef mps_addr_t (*mps_fmt_isfwd_t)(mps_addr_t addr);
typedef void (*mps_fmt_pad_t)(mps_addr_t addr, size_t size);
typedef mps_addr_t (*mps_fmt_class_t)(mps_addr_t addr);
typedef void (*mps_arena_extended_t)(mps_arena_t arena, void *base,
                                     size_t size);
typedef void (*mps_arena_contracted_t)(mps_arena_t arena, void *base,
                                       size_t size);
typedef void (*mps_formatted_objects_stepper_t)(mps_addr_t addr,
                                                mps_fmt_t fmt,
                                                mps_pool_t pool,
                                                void *p, size_t s);
typedef void (*mps_roots_stepper_t)(mps_addr_t *ref, mps_root_t root,
                                    void *p, size_t s);


/* Keyword arguments
 *
 * Functions ending "_k" take an array of mps_arg_s terminated by an
 * element whose key is MPS_KEY_ARGS_END (pass mps_args_none for no
 * arguments).  On return, the arguments the function used have been
 * removed from the array; unknown keys are left alone.  Build lists with
 * MPS_ARGS_BEGIN / MPS_ARGS_ADD / MPS_ARGS_END, or with C99 designated
 * initialisers such as {MPS_KEY_ARENA_SIZE, {.size = n}}. */

typedef struct mps_arg_s {
  mps_key_t key;
  union {
    mps_bool_t b;
    char c;
    const char *string;
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    float f;
    double d;
    size_t size;
    mps_fun_t fun;
    mps_addr_t addr;
    mps_fmt_t format;
    mps_chain_t chain;
    struct mps_pool_debug_option_s *pool_debug_options;
    mps_addr_t (*addr_method)(mps_addr_t);
    mps_align_t align;
    mps_word_t count;
    void *p;
    mps_rank_t rank;
    mps_fmt_scan_t fmt_scan;
    mps_fmt_skip_t fmt_skip;
    mps_fmt_fwd_t fmt_fwd;
    mps_fmt_isfwd_t fmt_isfwd;
    mps_fmt_pad_t fmt_pad;
    mps_fmt_class_t fmt_class;
    mps_pool_t pool;
  } val;
} mps_arg_s;

/* Maximum length of an argument list, including the terminator. */
#define MPS_ARGS_MAX 32

/* An empty argument list (just the terminator). */
extern mps_arg_s mps_args_none[];

/* Set the key of element i (used by the MPS_ARGS_* macros). */
extern void _mps_args_set_key(mps_arg_s args[MPS_ARGS_MAX], unsigned i,
                              mps_key_t key);

/* Keys.  Each MPS_KEY_X is the address of a distinct constant object;
 * MPS_KEY_X_FIELD names the member of mps_arg_s.val that carries its
 * value.  Keys specific to one class are in that class's header. */

extern const struct mps_key_s _mps_key_ARGS_END;
#define MPS_KEY_ARGS_END (&_mps_key_ARGS_END)

extern const struct mps_key_s _mps_key_ARENA_SIZE;
#define MPS_KEY_ARENA_SIZE (&_mps_key_ARENA_SIZE)
#define MPS_KEY_ARENA_SIZE_FIELD size
extern const struct mps_key_s _mps_key_ARENA_GRAIN_SIZE;
#define MPS_KEY_ARENA_GRAIN_SIZE (&_mps_key_ARENA_GRAIN_SIZE)
#define MPS_KEY_ARENA_GRAIN_SIZE_FIELD size
extern const struct mps_key_s _mps_key_ARENA_ZONED;
#define MPS_KEY_ARENA_ZONED (&_mps_key_ARENA_ZONED)
#define MPS_KEY_ARENA_ZONED_FIELD b
extern const struct mps_key_s _mps_key_ARENA_EXTENDED;
#define MPS_KEY_ARENA_EXTENDED (&_mps_key_ARENA_EXTENDED)
#define MPS_KEY_ARENA_EXTENDED_FIELD fun
extern const struct mps_key_s _mps_key_ARENA_CONTRACTED;
#define MPS_KEY_ARENA_CONTRACTED (&_mps_key_ARENA_CONTRACTED)
#define MPS_KEY_ARENA_CONTRACTED_FIELD fun
extern const struct mps_key_s _mps_key_COMMIT_LIMIT;
#define MPS_KEY_COMMIT_LIMIT (&_mps_key_COMMIT_LIMIT)
#define MPS_KEY_COMMIT_LIMIT_FIELD size
extern const struct mps_key_s _mps_key_SPARE;
#define MPS_KEY_SPARE (&_mps_key_SPARE)
#define MPS_KEY_SPARE_FIELD d
extern const struct mps_key_s _mps_key_SPARE_COMMIT_LIMIT; /* deprecated */
#define MPS_KEY_SPARE_COMMIT_LIMIT (&_mps_key_SPARE_COMMIT_LIMIT)
#define MPS_KEY_SPARE_COMMIT_LIMIT_FIELD size
extern const struct mps_key_s _mps_key_PAUSE_TIME;
#define MPS_KEY_PAUSE_TIME (&_mps_key_PAUSE_TIME)
#define MPS_KEY_PAUSE_TIME_FIELD d
extern const struct mps_key_s _mps_key_VMW3_TOP_DOWN;
#define MPS_KEY_VMW3_TOP_DOWN (&_mps_key_VMW3_TOP_DOWN)
#define MPS_KEY_VMW3_TOP_DOWN_FIELD b

extern const struct mps_key_s _mps_key_FORMAT;
#define MPS_KEY_FORMAT (&_mps_key_FORMAT)
#define MPS_KEY_FORMAT_FIELD format
extern const struct mps_key_s _mps_key_CHAIN;
#define MPS_KEY_CHAIN (&_mps_key_CHAIN)
#define MPS_KEY_CHAIN_FIELD chain
extern const struct mps_key_s _mps_key_GEN;
#define MPS_KEY_GEN (&_mps_key_GEN)
#define MPS_KEY_GEN_FIELD u
extern const struct mps_key_s _mps_key_INTERIOR;
#define MPS_KEY_INTERIOR (&_mps_key_INTERIOR)
#define MPS_KEY_INTERIOR_FIELD b
extern const struct mps_key_s _mps_key_EXTEND_BY;
#define MPS_KEY_EXTEND_BY (&_mps_key_EXTEND_BY)
#define MPS_KEY_EXTEND_BY_FIELD size
extern const struct mps_key_s _mps_key_LARGE_SIZE;
#define MPS_KEY_LARGE_SIZE (&_mps_key_LARGE_SIZE)
#define MPS_KEY_LARGE_SIZE_FIELD size
extern const struct mps_key_s _mps_key_MIN_SIZE;
#define MPS_KEY_MIN_SIZE (&_mps_key_MIN_SIZE)
#define MPS_KEY_MIN_SIZE_FIELD size
extern const struct mps_key_s _mps_key_MEAN_SIZE;
#define MPS_KEY_MEAN_SIZE (&_mps_key_MEAN_SIZE)
#define MPS_KEY_MEAN_SIZE_FIELD size
extern const struct mps_key_s _mps_key_MAX_SIZE;
#define MPS_KEY_MAX_SIZE (&_mps_key_MAX_SIZE)
#define MPS_KEY_MAX_SIZE_FIELD size
extern const struct mps_key_s _mps_key_ALIGN;
#define MPS_KEY_ALIGN (&_mps_key_ALIGN)
#define MPS_KEY_ALIGN_FIELD align
extern const struct mps_key_s _mps_key_POOL_DEBUG_OPTIONS;
#define MPS_KEY_POOL_DEBUG_OPTIONS (&_mps_key_POOL_DEBUG_OPTIONS)
#define MPS_KEY_POOL_DEBUG_OPTIONS_FIELD pool_debug_options

extern const struct mps_key_s _mps_key_RANK;
#define MPS_KEY_RANK (&_mps_key_RANK)
#define MPS_KEY_RANK_FIELD rank
extern const struct mps_key_s _mps_key_AP_HASH_ARRAYS;
#define MPS_KEY_AP_HASH_ARRAYS (&_mps_key_AP_HASH_ARRAYS)
#define MPS_KEY_AP_HASH_ARRAYS_FIELD b

extern const struct mps_key_s _mps_key_FMT_ALIGN;
#define MPS_KEY_FMT_ALIGN (&_mps_key_FMT_ALIGN)
#define MPS_KEY_FMT_ALIGN_FIELD align
extern const struct mps_key_s _mps_key_FMT_HEADER_SIZE;
#define MPS_KEY_FMT_HEADER_SIZE (&_mps_key_FMT_HEADER_SIZE)
#define MPS_KEY_FMT_HEADER_SIZE_FIELD size
extern const struct mps_key_s _mps_key_FMT_SCAN;
#define MPS_KEY_FMT_SCAN (&_mps_key_FMT_SCAN)
#define MPS_KEY_FMT_SCAN_FIELD fmt_scan
extern const struct mps_key_s _mps_key_FMT_SKIP;
#define MPS_KEY_FMT_SKIP (&_mps_key_FMT_SKIP)
#define MPS_KEY_FMT_SKIP_FIELD fmt_skip
extern const struct mps_key_s _mps_key_FMT_FWD;
#define MPS_KEY_FMT_FWD (&_mps_key_FMT_FWD)
#define MPS_KEY_FMT_FWD_FIELD fmt_fwd
extern const struct mps_key_s _mps_key_FMT_ISFWD;
#define MPS_KEY_FMT_ISFWD (&_mps_key_FMT_ISFWD)
#define MPS_KEY_FMT_ISFWD_FIELD fmt_isfwd
extern const struct mps_key_s _mps_key_FMT_PAD;
#define MPS_KEY_FMT_PAD (&_mps_key_FMT_PAD)
#define MPS_KEY_FMT_PAD_FIELD fmt_pad
extern const struct mps_key_s _mps_key_FMT_CLASS;
#define MPS_KEY_FMT_CLASS (&_mps_key_FMT_CLASS)
#define MPS_KEY_FMT_CLASS_FIELD fmt_class

/* Building argument lists on the stack:
 *
 *   MPS_ARGS_BEGIN(args) {
 *     MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, 64 * 1024 * 1024);
 *     res = mps_arena_create_k(&arena, mps_arena_class_vm(), args);
 *   } MPS_ARGS_END(args);
 *
 * MPS_ARGS_BEGIN declares the array "args" and a counter "args_i"; the
 * list is kept terminated after every addition.  These are statements;
 * MPS_ARGS_BEGIN/END may nest with different names. */

#define MPS_ARGS_BEGIN(_args) \
  MPS_BEGIN \
    mps_arg_s _args[MPS_ARGS_MAX]; \
    unsigned _args##_i = 0; \
    _mps_args_set_key(_args, _args##_i, MPS_KEY_ARGS_END); \
    MPS_BEGIN

#define MPS_ARGS_ADD_FIELD(_args, _key, _field, _val) \
  MPS_BEGIN \
    _mps_args_set_key(_args, _args##_i, _key); \
    _args[_args##_i].val._field = (_val); \
    ++_args##_i; \
    _mps_args_set_key(_args, _args##_i, MPS_KEY_ARGS_END); \
  MPS_END

#define MPS_ARGS_ADD(_args, _key, _val) \
  MPS_ARGS_ADD_FIELD(_args, _key, _key##_FIELD, _val)

/* Deprecated: the list is always terminated, so this is not needed. */
#define MPS_ARGS_DONE(_args) \
  MPS_BEGIN \
    _mps_args_set_key(_args, _args##_i, MPS_KEY_ARGS_END); \
    _args##_i = MPS_ARGS_MAX; \
  MPS_END

#define MPS_ARGS_END(_args) \
    MPS_END; \
  MPS_END


/* Ranks and root modes
 *
 * Ranks are returned by functions.  Root modes are a sum of MPS_RM_*
 * flags, or 0. */

extern mps_rank_t mps_rank_ambig(void);   /* ambiguous references */
extern mps_rank_t mps_rank_exact(void);   /* exact references */
extern mps_rank_t mps_rank_weak(void);    /* weak references */

#define MPS_RM_CONST      (((mps_rm_t)1) << 0) /* deprecated: never written */
#define MPS_RM_PROT       (((mps_rm_t)1) << 1) /* may be barrier-protected */
#define MPS_RM_PROT_INNER (((mps_rm_t)1) << 1) /* protect whole pages only */


/* Arenas */

/* Create an arena of the given class (mps_arena_class_vm(),
 * mps_arena_class_cl()) configured by keyword arguments.  The new arena
 * is unclamped. */
extern mps_res_t mps_arena_create_k(mps_arena_t *arena_o,
                                    mps_arena_class_t arena_class,
                                    mps_arg_s args[]);

/* Destroy an arena.  Everything created in it must be destroyed (and all
 * threads deregistered) first. */
extern void mps_arena_destroy(mps_arena_t arena);

/* Deprecated: create an arena from class-specific variable arguments
 * (VM: size_t arena_size; client: size_t arena_size, mps_addr_t base). */
extern mps_res_t mps_arena_create(mps_arena_t *arena_o,
                                  mps_arena_class_t arena_class, ...);
extern mps_res_t mps_arena_create_v(mps_arena_t *arena_o,
                                    mps_arena_class_t arena_class,
                                    va_list args);

/* Client arenas only: give the arena another block of memory. */
extern mps_res_t mps_arena_extend(mps_arena_t arena, mps_addr_t base,
                                  size_t size);

/* Memory accounting and tuning. */
extern size_t mps_arena_reserved(mps_arena_t arena);
extern size_t mps_arena_committed(mps_arena_t arena);
extern size_t mps_arena_spare_committed(mps_arena_t arena);
extern size_t mps_arena_commit_limit(mps_arena_t arena);
extern mps_res_t mps_arena_commit_limit_set(mps_arena_t arena, size_t limit);
extern double mps_arena_spare(mps_arena_t arena);
extern void mps_arena_spare_set(mps_arena_t arena, double spare);
extern double mps_arena_pause_time(mps_arena_t arena);
extern void mps_arena_pause_time_set(mps_arena_t arena, double pause_time);

/* Deprecated byte forms of the spare fraction. */
extern size_t mps_arena_spare_commit_limit(mps_arena_t arena);
extern void mps_arena_spare_commit_limit_set(mps_arena_t arena,
                                             size_t limit);

/* Number of flips so far in which objects may have moved. */
extern mps_word_t mps_collections(mps_arena_t arena);

/* Arena states and collection control. */
extern void mps_arena_clamp(mps_arena_t arena);      /* no new collections */
extern void mps_arena_release(mps_arena_t arena);    /* back to unclamped */
extern void mps_arena_park(mps_arena_t arena);       /* finish, then clamp */
extern void mps_arena_postmortem(mps_arena_t arena); /* for debuggers only */
extern mps_res_t mps_arena_start_collect(mps_arena_t arena);
extern mps_res_t mps_arena_collect(mps_arena_t arena); /* leaves it parked */
extern mps_bool_t mps_arena_step(mps_arena_t arena, double interval,
                                 double multiplier);

/* Removed interfaces, kept for old clients: park the arena and remove
 * (or restore) all barriers. */
extern void mps_arena_expose(mps_arena_t arena);
extern void mps_arena_unsafe_expose_remember_protection(mps_arena_t arena);
extern void mps_arena_unsafe_restore_protection(mps_arena_t arena);

/* Introspection. */
extern mps_bool_t mps_arena_busy(mps_arena_t arena);
extern mps_bool_t mps_arena_has_addr(mps_arena_t arena, mps_addr_t addr);
extern mps_res_t mps_addr_object(mps_addr_t *p_o, mps_arena_t arena,
                                 mps_addr_t addr);


/* Pools */

/* Create a pool of the given class (e.g. mps_class_amc()) configured by
 * keyword arguments. */
extern mps_res_t mps_pool_create_k(mps_pool_t *pool_o, mps_arena_t arena,
                                   mps_pool_class_t pool_class,
                                   mps_arg_s args[]);

/* Deprecated: create a pool from class-specific variable arguments. */
extern mps_res_t mps_pool_create(mps_pool_t *pool_o, mps_arena_t arena,
                                 mps_pool_class_t pool_class, ...);
extern mps_res_t mps_pool_create_v(mps_pool_t *pool_o, mps_arena_t arena,
                                   mps_pool_class_t pool_class,
                                   va_list args);

/* Destroy a pool and all its blocks.  Its allocation points and caches
 * must be destroyed first. */
extern void mps_pool_destroy(mps_pool_t pool);

extern size_t mps_pool_total_size(mps_pool_t pool); /* held from arena */
extern size_t mps_pool_free_size(mps_pool_t pool);  /* not in client use */

/* If addr is in a block of a pool of the arena, store the pool and
 * return true. */
extern mps_bool_t mps_addr_pool(mps_pool_t *pool_o, mps_arena_t arena,
                                mps_addr_t addr);

/* Visit all formatted objects of a GC pool (arena parked) by calling
 * scan_area on areas covering them. */
extern mps_res_t mps_pool_walk(mps_pool_t pool, mps_area_scan_t scan_area,
                               void *closure);

/* Manual allocation (MFS, MVFF) and freeing (MFS, MVFF, MVT). */
extern mps_res_t mps_alloc(mps_addr_t *p_o, mps_pool_t pool, size_t size);
extern void mps_free(mps_pool_t pool, mps_addr_t addr, size_t size);

/* Debugging pools: check every fencepost / free-space pattern now. */
extern void mps_pool_check_fenceposts(mps_pool_t pool);
extern void mps_pool_check_free_space(mps_pool_t pool);


/* Object formats */

/* Create a format from the MPS_KEY_FMT_* keyword arguments. */
extern mps_res_t mps_fmt_create_k(mps_fmt_t *fmt_o, mps_arena_t arena,
                                  mps_arg_s args[]);
extern void mps_fmt_destroy(mps_fmt_t fmt);

/* If addr is in a block of a formatted pool, store its format. */
extern mps_bool_t mps_addr_fmt(mps_fmt_t *fmt_o, mps_arena_t arena,
                               mps_addr_t addr);

/* Deprecated format descriptions and their create functions. */

typedef struct mps_fmt_A_s {
  mps_align_t align;
  mps_fmt_scan_t scan;
  mps_fmt_skip_t skip;
  mps_fmt_copy_t copy;          /* ignored */
  mps_fmt_fwd_t fwd;
  mps_fmt_isfwd_t isfwd;
  mps_fmt_pad_t pad;
} mps_fmt_A_s;
typedef struct mps_fmt_A_s *mps_fmt_A_t;

typedef struct mps_fmt_B_s {
  mps_align_t align;
  mps_fmt_scan_t scan;
  mps_fmt_skip_t skip;
  mps_fmt_copy_t copy;          /* ignored */
  mps_fmt_fwd_t fwd;
  mps_fmt_isfwd_t isfwd;
  mps_fmt_pad_t pad;
  mps_fmt_class_t mps_class;
} mps_fmt_B_s;
typedef struct mps_fmt_B_s *mps_fmt_B_t;

typedef struct mps_fmt_auto_header_s {
  mps_align_t align;
  mps_fmt_scan_t scan;
  mps_fmt_skip_t skip;
  mps_fmt_fwd_t fwd;
  mps_fmt_isfwd_t isfwd;
  mps_fmt_pad_t pad;
  size_t mps_headerSize;
} mps_fmt_auto_header_s;

typedef struct mps_fmt_fixed_s {
  mps_align_t align;
  mps_fmt_scan_t scan;
  mps_fmt_fwd_t fwd;
  mps_fmt_isfwd_t isfwd;
  mps_fmt_pad_t pad;
} mps_fmt_fixed_s;

extern mps_res_t mps_fmt_create_A(mps_fmt_t *fmt_o, mps_arena_t arena,
                                  mps_fmt_A_s *fmt_A);
extern mps_res_t mps_fmt_create_B(mps_fmt_t *fmt_o, mps_arena_t arena,
                                  mps_fmt_B_s *fmt_B);
extern mps_res_t mps_fmt_create_auto_header(mps_fmt_t *fmt_o,
                                            mps_arena_t arena,
                                            mps_fmt_auto_header_s *fmt_ah);
extern mps_res_t mps_fmt_create_fixed(mps_fmt_t *fmt_o, mps_arena_t arena,
                                      mps_fmt_fixed_s *fmt_fixed);


/* Generation chains */

extern mps_res_t mps_chain_create(mps_chain_t *chain_o, mps_arena_t arena,
                                  size_t gen_count,
                                  mps_gen_param_s *gen_params);
extern void mps_chain_destroy(mps_chain_t chain);


/* Allocation points
 *
 * Allocate with the reserve/initialize/commit protocol:
 *
 *   do {
 *     res = mps_reserve(&p, ap, size);
 *     if (res != MPS_RES_OK) return res;
 *     ... initialize the object at p ...
 *   } while (!mps_commit(ap, p, size));
 */

extern mps_res_t mps_ap_create_k(mps_ap_t *ap_o, mps_pool_t pool,
                                 mps_arg_s args[]);

/* Deprecated: AMS, AWL and SNC read one mps_rank_t; others nothing. */
extern mps_res_t mps_ap_create(mps_ap_t *ap_o, mps_pool_t pool, ...);
extern mps_res_t mps_ap_create_v(mps_ap_t *ap_o, mps_pool_t pool,
                                 va_list args);

extern void mps_ap_destroy(mps_ap_t ap);

/* Slow paths of mps_reserve and mps_commit. */
extern mps_res_t mps_ap_fill(mps_addr_t *p_o, mps_ap_t ap, size_t size);
extern mps_bool_t mps_ap_trip(mps_ap_t ap, mps_addr_t p, size_t size);

/* Function forms of the mps_reserve and mps_commit macros. */
extern mps_res_t (mps_reserve)(mps_addr_t *p_o, mps_ap_t ap, size_t size);
extern mps_bool_t (mps_commit)(mps_ap_t ap, mps_addr_t p, size_t size);

/* Removed reservoir interface, kept for old clients: these act as
 * mps_ap_fill and mps_reserve; the reservoir is always empty. */
extern mps_res_t mps_ap_fill_with_reservoir_permit(mps_addr_t *p_o,
                                                   mps_ap_t ap,
                                                   size_t size);
extern mps_res_t (mps_reserve_with_reservoir_permit)(mps_addr_t *p_o,
                                                     mps_ap_t ap,
                                                     size_t size);
extern void mps_reservoir_limit_set(mps_arena_t arena, size_t size);
extern size_t mps_reservoir_limit(mps_arena_t arena);
extern size_t mps_reservoir_available(mps_arena_t arena);

/* Allocation frames (meaningful for SNC). */
extern mps_res_t (mps_ap_frame_push)(mps_frame_t *frame_o, mps_ap_t ap);
extern mps_res_t (mps_ap_frame_pop)(mps_ap_t ap, mps_frame_t frame);

/* Allocation patterns (hints to the collector). */
extern mps_alloc_pattern_t mps_alloc_pattern_ramp(void);
extern mps_alloc_pattern_t mps_alloc_pattern_ramp_collect_all(void);
extern mps_res_t mps_ap_alloc_pattern_begin(mps_ap_t ap,
                                            mps_alloc_pattern_t pattern);
extern mps_res_t mps_ap_alloc_pattern_end(mps_ap_t ap,
                                          mps_alloc_pattern_t pattern);
extern mps_res_t mps_ap_alloc_pattern_reset(mps_ap_t ap);

/* Compiler barrier used by mps_commit: the store to ap->init must not be
 * moved after the load of ap->limit (nor the client's initializing
 * stores after the store to ap->init).  The collector only inspects an
 * allocation point while the owning thread is stopped, so ordering the
 * thread's own accesses is what matters; this costs no instruction. */
#if defined(__ATOMIC_SEQ_CST)
#define _mps_commit_barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#elif defined(_MSC_VER) && !defined(__clang__)
#define _mps_commit_barrier() _ReadWriteBarrier()
#else
#define _mps_commit_barrier() ((void)0)
#endif

/* mps_reserve(p_o, ap, size): reserve size bytes (a non-zero multiple of
 * the alignment) on ap and store the block's address through p_o.  The
 * fast path bumps ap->alloc in line; otherwise it calls mps_ap_fill.
 * May evaluate its arguments more than once. */
#define mps_reserve(_p_o, _mps_ap, _size) \
  ((mps_word_t)(_mps_ap)->alloc + (mps_word_t)(_size) \
     > (mps_word_t)(_mps_ap)->alloc \
   && (mps_word_t)(_mps_ap)->alloc + (mps_word_t)(_size) \
     <= (mps_word_t)(_mps_ap)->limit \
   ? ((_mps_ap)->alloc = \
        (mps_addr_t)((mps_word_t)(_mps_ap)->alloc + (mps_word_t)(_size)), \
      *(_p_o) = (_mps_ap)->init, \
      (mps_res_t)MPS_RES_OK) \
   : mps_ap_fill(_p_o, _mps_ap, _size))

/* mps_commit(ap, p, size): commit the block reserved at p.  Returns true
 * if the object is now managed by the MPS; false if the block was
 * invalidated by a collection, in which case reserve and initialize it
 * again.  May evaluate its arguments more than once. */
#define mps_commit(_mps_ap, _p, _size) \
  (_mps_commit_barrier(), \
   (_mps_ap)->init = (_mps_ap)->alloc, \
   _mps_commit_barrier(), \
   (_mps_ap)->limit != NULL \
   ? (mps_bool_t)1 \
   : mps_ap_trip(_mps_ap, _p, _size))

/* Statement form of mps_reserve: assigns the result code to the lvalue
 * res_v and the block's address to the lvalue p_v. */
#define MPS_RESERVE_BLOCK(_res_v, _p_v, _mps_ap, _size) \
  MPS_BEGIN \
    mps_word_t _mps_alloc = (mps_word_t)(_mps_ap)->alloc; \
    mps_word_t _mps_next = _mps_alloc + (mps_word_t)(_size); \
    if (_mps_next > _mps_alloc \
        && _mps_next <= (mps_word_t)(_mps_ap)->limit) { \
      (_mps_ap)->alloc = (mps_addr_t)_mps_next; \
      (_p_v) = (_mps_ap)->init; \
      (_res_v) = MPS_RES_OK; \
    } else { \
      (_res_v) = mps_ap_fill(&(_p_v), _mps_ap, _size); \
    } \
  MPS_END


/* Segregated allocation caches
 *
 * A cache of free blocks in a few size classes, on a pool that supports
 * mps_alloc and mps_free (MFS, MVFF).  The structure layout is used by
 * the MPS_SAC_* macros below. */

#define MPS_SAC_CLASS_LIMIT ((size_t)8)

/* One size class, as passed to mps_sac_create. */
typedef struct mps_sac_class_s {
  size_t mps_block_size;        /* size of blocks in this class */
  size_t mps_cached_count;      /* how many blocks to keep cached */
  unsigned mps_frequency;       /* relative frequency of requests */
} mps_sac_class_s;

#define mps_sac_classes_s mps_sac_class_s /* deprecated */

/* One free list of the cache; free blocks are chained through their
 * first word. */
typedef struct _mps_sac_freelist_block_s {
  size_t _size;                 /* see _MPS_SAC_FIND */
  size_t _count;                /* number of blocks on the list */
  size_t _count_max;            /* most blocks the list may hold */
  mps_addr_t _blocks;           /* first free block */
} _mps_sac_freelist_block_s;

typedef struct _mps_sac_s {
  size_t _middle;               /* block size of the middle class */
  mps_bool_t _trapped;          /* always false */
  _mps_sac_freelist_block_s _freelists[2 * MPS_SAC_CLASS_LIMIT];
} _mps_sac_s;

typedef struct _mps_sac_s *mps_sac_t;

extern mps_res_t mps_sac_create(mps_sac_t *sac_o, mps_pool_t pool,
                                size_t classes_count,
                                mps_sac_class_s *classes);
extern void mps_sac_destroy(mps_sac_t sac);
extern void mps_sac_flush(mps_sac_t sac);

/* Function forms of MPS_SAC_ALLOC_FAST and MPS_SAC_FREE_FAST.  The
 * unused argument is obsolete: pass 0. */
extern mps_res_t mps_sac_alloc(mps_addr_t *p_o, mps_sac_t sac, size_t size,
                               mps_bool_t unused);
extern void mps_sac_free(mps_sac_t sac, mps_addr_t p, size_t size);

/* Slow paths of the macros. */
extern mps_res_t mps_sac_fill(mps_addr_t *p_o, mps_sac_t sac, size_t size,
                              mps_bool_t unused);
extern void mps_sac_empty(mps_sac_t sac, mps_addr_t p, size_t size);

/* Find the free list for a request of size bytes, leaving its index in
 * the size_t lvalue _i.  Even slots hold the classes above the middle
 * class in increasing size, ending with a sentinel of size SIZE_MAX; odd
 * slots hold the middle class and those below it in decreasing size,
 * each recording the size of the next smaller class (0 for the
 * smallest). */
#define _MPS_SAC_FIND(i, sac, size) \
  MPS_BEGIN \
    if ((size_t)(size) > (sac)->_middle) { \
      i = 0; \
      while ((size_t)(size) > (sac)->_freelists[i]._size) \
        i += 2; \
    } else { \
      i = 1; \
      while ((size_t)(size) <= (sac)->_freelists[i]._size) \
        i += 2; \
    } \
  MPS_END

/* Allocate size bytes from the cache: assigns the result code to res_v
 * and the block to p_v.  May evaluate its arguments more than once. */
#define MPS_SAC_ALLOC_FAST(res_v, p_v, sac, size, unused) \
  MPS_BEGIN \
    size_t _mps_i; \
    _MPS_SAC_FIND(_mps_i, sac, size); \
    if ((sac)->_freelists[_mps_i]._count != 0) { \
      (p_v) = (sac)->_freelists[_mps_i]._blocks; \
      (sac)->_freelists[_mps_i]._blocks = *(mps_addr_t *)(p_v); \
      --(sac)->_freelists[_mps_i]._count; \
      (res_v) = MPS_RES_OK; \
    } else { \
      (res_v) = mps_sac_fill(&(p_v), sac, size, unused); \
    } \
  MPS_END

/* Return the block p of size bytes (as requested) to the cache.  May
 * evaluate its arguments more than once. */
#define MPS_SAC_FREE_FAST(sac, p, size) \
  MPS_BEGIN \
    size_t _mps_i; \
    _MPS_SAC_FIND(_mps_i, sac, size); \
    if ((sac)->_freelists[_mps_i]._count \
        < (sac)->_freelists[_mps_i]._count_max) { \
      *(mps_addr_t *)(p) = (sac)->_freelists[_mps_i]._blocks; \
      (sac)->_freelists[_mps_i]._blocks = (p); \
      ++(sac)->_freelists[_mps_i]._count; \
    } else { \
      mps_sac_empty(sac, p, size); \
    } \
  MPS_END

/* Deprecated names. */
#define MPS_SAC_ALLOC(res_v, p_v, sac, size, unused) \
  MPS_SAC_ALLOC_FAST(res_v, p_v, sac, size, unused)
#define MPS_SAC_FREE(sac, p, size) MPS_SAC_FREE_FAST(sac, p, size)


/* Roots
 *
 * Register a root before storing references in it and destroy it before
 * freeing its memory.  rm is 0 or a sum of MPS_RM_* flags. */

extern mps_res_t mps_root_create(mps_root_t *root_o, mps_arena_t arena,
                                 mps_rank_t rank, mps_rm_t rm,
                                 mps_root_scan_t root_scan,
                                 void *p, size_t s);
extern mps_res_t mps_root_create_area(mps_root_t *root_o, mps_arena_t arena,
                                      mps_rank_t rank, mps_rm_t rm,
                                      void *base, void *limit,
                                      mps_area_scan_t scan_area,
                                      void *closure);
extern mps_res_t mps_root_create_area_tagged(mps_root_t *root_o,
                                             mps_arena_t arena,
                                             mps_rank_t rank, mps_rm_t rm,
                                             void *base, void *limit,
                                             mps_area_scan_t scan_area,
                                             mps_word_t mask,
                                             mps_word_t pattern);
extern mps_res_t mps_root_create_fmt(mps_root_t *root_o, mps_arena_t arena,
                                     mps_rank_t rank, mps_rm_t rm,
                                     mps_fmt_scan_t fmt_scan,
                                     mps_addr_t base, mps_addr_t limit);

/* Thread roots: the registers and stack of thr, from its stack pointer
 * up to (not including) cold, the address of a local in a frame
 * that stays live while the thread uses the MPS. */
extern mps_res_t mps_root_create_thread(mps_root_t *root_o,
                                        mps_arena_t arena,
                                        mps_thr_t thr, void *cold);
extern mps_res_t mps_root_create_thread_tagged(mps_root_t *root_o,
                                               mps_arena_t arena,
                                               mps_rank_t rank, mps_rm_t rm,
                                               mps_thr_t thr,
                                               mps_area_scan_t scan_area,
                                               mps_word_t mask,
                                               mps_word_t pattern,
                                               void *cold);
extern mps_res_t mps_root_create_thread_scanned(mps_root_t *root_o,
                                                mps_arena_t arena,
                                                mps_rank_t rank,
                                                mps_rm_t rm,
                                                mps_thr_t thr,
                                                mps_area_scan_t scan_area,
                                                void *closure,
                                                void *cold);

/* Deprecated root constructors. */
extern mps_res_t mps_root_create_table(mps_root_t *root_o,
                                       mps_arena_t arena,
                                       mps_rank_t rank, mps_rm_t rm,
                                       mps_addr_t *base, size_t count);
extern mps_res_t mps_root_create_table_masked(mps_root_t *root_o,
                                              mps_arena_t arena,
                                              mps_rank_t rank, mps_rm_t rm,
                                              mps_addr_t *base,
                                              size_t count,
                                              mps_word_t mask);
extern mps_res_t mps_root_create_reg(mps_root_t *root_o, mps_arena_t arena,
                                     mps_rank_t rank, mps_rm_t rm,
                                     mps_thr_t thr, mps_reg_scan_t reg_scan,
                                     void *p, size_t s);
extern mps_res_t mps_stack_scan_ambig(mps_ss_t ss, mps_thr_t thr,
                                      void *p, size_t s);

extern void mps_root_destroy(mps_root_t root);

/* Deprecated: call f for each root reference to a GC'd object
 * (arena parked). */
extern void mps_arena_roots_walk(mps_arena_t arena, mps_roots_stepper_t f,
                                 void *p, size_t s);


/* Threads */

/* Register the calling thread with the arena. */
extern mps_res_t mps_thread_reg(mps_thr_t *thr_o, mps_arena_t arena);
extern void mps_thread_dereg(mps_thr_t thr);

/* Removed, kept for old clients: stores f(p, s) into *r_o. */
typedef void *(*mps_tramp_t)(void *p, size_t s);
extern void mps_tramp(void **r_o, mps_tramp_t f, void *p, size_t s);


/* Scanning
 *
 * A scanning function (format scan method, root or area scanner) fixes
 * each reference it holds:
 *
 *   MPS_SCAN_BEGIN(ss) {
 *     for each reference field r:
 *       if (MPS_FIX1(ss, r)) {
 *         mps_addr_t ref = r;
 *         mps_res_t res = MPS_FIX2(ss, &ref);
 *         if (res != MPS_RES_OK) return res;
 *         r = ref;
 *       }
 *   } MPS_SCAN_END(ss);
 *   return MPS_RES_OK;
 *
 * Inside, ss may be passed to another scanning function only through
 * MPS_FIX_CALL. */

/* Second stage of fixing: the function behind MPS_FIX2. */
extern mps_res_t _mps_fix2(mps_ss_t ss, mps_addr_t *ref_io);

/* Removed, kept for old clients: function form of MPS_FIX12. */
extern mps_res_t mps_fix(mps_ss_t ss, mps_addr_t *ref_io);

#define MPS_SCAN_BEGIN(ss) \
  MPS_BEGIN \
    mps_ss_t _ss = (ss); \
    mps_word_t _mps_zs = _ss->_zs; \
    mps_word_t _mps_w = _ss->_w; \
    mps_word_t _mps_ufs = _ss->_ufs; \
    mps_word_t _mps_wt = 0; \
    (void)_mps_zs; (void)_mps_w; (void)_mps_ufs; (void)_mps_wt; \
    {

#define MPS_SCAN_END(ss) \
    } \
    (ss)->_ufs = _mps_ufs; \
  MPS_END

/* First stage of fixing, in line: is ref (any word) possibly a reference
 * to a condemned object?  Uses only the locals of MPS_SCAN_BEGIN. */
#define MPS_FIX1(_ss, _ref) \
  (_mps_wt = (mps_word_t)1 << (((mps_word_t)(_ref) >> _mps_zs) \
                               & (mps_word_t)(MPS_WORD_WIDTH - 1)), \
   _mps_ufs |= _mps_wt, \
   (mps_bool_t)((_mps_w & _mps_wt) != 0))

/* Second stage: fix the reference at ref_io (may update it). */
#define MPS_FIX2(_ss, _ref_io) _mps_fix2(_ss, _ref_io)

/* Both stages on the reference at ref_io. */
#define MPS_FIX12(_ss, _ref_io) \
  (MPS_FIX1(_ss, *(_ref_io)) \
   ? MPS_FIX2(_ss, _ref_io) \
   : (mps_res_t)MPS_RES_OK)

#define MPS_FIX(_ss, _ref_io) MPS_FIX12(_ss, _ref_io) /* deprecated */

/* Evaluate call, an expression that passes ss to another scanning
 * function, and merge what that function saw into this one's summary. */
#define MPS_FIX_CALL(_ss, _call) \
  MPS_BEGIN \
    (void)(_call); \
    _mps_ufs |= (_ss)->_ufs; \
  MPS_END

/* Area scanners: usable as mps_area_scan_t for roots and mps_pool_walk.
 * _tagged and _tagged_or_zero take an mps_scan_tag_t closure; _masked
 * takes one too and strips the tag before fixing. */
extern mps_res_t mps_scan_area(mps_ss_t ss, void *base, void *limit,
                               void *closure);
extern mps_res_t mps_scan_area_masked(mps_ss_t ss, void *base, void *limit,
                                      void *closure);
extern mps_res_t mps_scan_area_tagged(mps_ss_t ss, void *base, void *limit,
                                      void *closure);
extern mps_res_t mps_scan_area_tagged_or_zero(mps_ss_t ss, void *base,
                                              void *limit, void *closure);


/* Location dependency
 *
 * Detects whether blocks whose addresses were used (e.g. in an
 * address-hashed table) may have moved. */

extern void mps_ld_reset(mps_ld_t ld, mps_arena_t arena);
extern void mps_ld_add(mps_ld_t ld, mps_arena_t arena, mps_addr_t addr);
extern void mps_ld_merge(mps_ld_t dest_ld, mps_arena_t arena,
                         mps_ld_t src_ld);
extern mps_bool_t mps_ld_isstale(mps_ld_t ld, mps_arena_t arena,
                                 mps_addr_t addr);
extern mps_bool_t mps_ld_isstale_any(mps_ld_t ld, mps_arena_t arena);


/* Messages
 *
 * All message types start disabled; enable the ones you want, then
 * poll and get messages, and discard each one you get. */

enum {
  _mps_MESSAGE_TYPE_FINALIZATION = 0,
  _mps_MESSAGE_TYPE_GC = 1,
  _mps_MESSAGE_TYPE_GC_START = 2
};

#define mps_message_type_finalization() \
  ((mps_message_type_t)_mps_MESSAGE_TYPE_FINALIZATION)
#define mps_message_type_gc() \
  ((mps_message_type_t)_mps_MESSAGE_TYPE_GC)
#define mps_message_type_gc_start() \
  ((mps_message_type_t)_mps_MESSAGE_TYPE_GC_START)

extern void mps_message_type_enable(mps_arena_t arena,
                                    mps_message_type_t type);
extern void mps_message_type_disable(mps_arena_t arena,
                                     mps_message_type_t type);
extern mps_bool_t mps_message_poll(mps_arena_t arena);
extern mps_bool_t mps_message_queue_type(mps_message_type_t *type_o,
                                         mps_arena_t arena);
extern mps_bool_t mps_message_get(mps_message_t *message_o,
                                  mps_arena_t arena,
                                  mps_message_type_t type);
extern void mps_message_discard(mps_arena_t arena, mps_message_t message);

extern mps_message_type_t mps_message_type(mps_arena_t arena,
                                           mps_message_t message);
extern mps_clock_t mps_message_clock(mps_arena_t arena,
                                     mps_message_t message);

/* Finalization messages. */
extern void mps_message_finalization_ref(mps_addr_t *ref_o,
                                         mps_arena_t arena,
                                         mps_message_t message);

/* GC messages (end of a collection). */
extern size_t mps_message_gc_live_size(mps_arena_t arena,
                                       mps_message_t message);
extern size_t mps_message_gc_condemned_size(mps_arena_t arena,
                                            mps_message_t message);
extern size_t mps_message_gc_not_condemned_size(mps_arena_t arena,
                                                mps_message_t message);

/* GC start messages: why the collection started. */
extern const char *mps_message_gc_start_why(mps_arena_t arena,
                                            mps_message_t message);


/* Finalization */

/* Register (or deregister) the block *ref_p for finalization. */
extern mps_res_t mps_finalize(mps_arena_t arena, mps_addr_t *ref_p);
extern mps_res_t mps_definalize(mps_arena_t arena, mps_addr_t *ref_p);


/* Telemetry and labels (callable without an arena) */

extern void mps_telemetry_set(mps_word_t set_mask);
extern void mps_telemetry_reset(mps_word_t reset_mask);
extern mps_word_t mps_telemetry_get(void);
extern mps_label_t mps_telemetry_intern(const char *label);
extern void mps_telemetry_label(mps_addr_t addr, mps_label_t label);
extern void mps_telemetry_flush(void);

/* Removed, kept for old clients: clear reset_mask, then toggle
 * flip_mask; returns the previous filter. */
extern mps_word_t mps_telemetry_control(mps_word_t reset_mask,
                                        mps_word_t flip_mask);


/* Heap walking (deprecated; prefer mps_pool_walk) */

extern void mps_arena_formatted_objects_walk(mps_arena_t arena,
                                             mps_formatted_objects_stepper_t f,
                                             void *p, size_t s);


/* Transforms: replace references to old objects by references to new
 * ones throughout the arena (arena parked). */

extern mps_res_t mps_transform_create(mps_transform_t *transform_o,
                                      mps_arena_t arena);
extern mps_res_t mps_transform_add_oldnew(mps_transform_t transform,
                                          mps_addr_t *old_array,
                                          mps_addr_t *new_array,
                                          size_t count);
extern mps_res_t mps_transform_apply(mps_bool_t *applied_o,
                                     mps_transform_t transform);
extern void mps_transform_destroy(mps_transform_t transform);


#ifdef __cplusplus
}
#endif

#endif /* mps_h */
