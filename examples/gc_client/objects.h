/* objects.h -- the object model of the gc_client example, and the MPS
 * object format that describes it to the collector.
 *
 * A value is one machine word:
 *
 *   ...xxx1   a small integer (the word shifted right by one);
 *   0         NIL, the empty list;
 *   ...xxx0   otherwise, the address of an object in the MPS heap.
 *
 * Every object starts with a word giving its type, so the collector's
 * callbacks can find their way around a segment.  That word is part of
 * the object: the format has no in-band header (MPS_KEY_FMT_HEADER_SIZE is
 * 0), so the address of an object is both its base pointer and its client
 * pointer.
 *
 * Besides the client's types (pairs, strings) the format has the two kinds
 * of object the collector asks it to make: forwarding objects (left where
 * a moved object used to be) and padding objects (filling gaps). */
#ifndef GC_CLIENT_OBJECTS_H
#define GC_CLIENT_OBJECTS_H

#include <stddef.h>

#include "mps.h"

typedef mps_word_t value_t;

#define NIL ((value_t)0)
#define TAG_MASK ((mps_word_t)1) /* the bits that say what a value is */
#define TAG_INT ((mps_word_t)1)  /* ... an integer */
#define TAG_REF ((mps_word_t)0)  /* ... a reference or NIL */

/* Every object is a whole number of words, and starts on a word boundary. */
#define OBJ_ALIGN sizeof(mps_word_t)

enum obj_type {
  TYPE_PAIR = 1,   /* a cons cell: two values; lives in the AMC pool */
  TYPE_STRING = 2, /* characters, no references; lives in the AMCZ pool */
  TYPE_FWD = 3,    /* made by the fwd method: where the object went */
  TYPE_PAD1 = 4,   /* made by the pad method: a one-word gap */
  TYPE_PAD = 5     /* made by the pad method: a longer gap */
};

typedef struct pair_s {
  mps_word_t type; /* TYPE_PAIR */
  value_t car, cdr;
} pair_s;

typedef struct string_s {
  mps_word_t type; /* TYPE_STRING */
  size_t length;   /* characters, not counting the terminating NUL */
  char chars[];    /* NUL-terminated, then rounded up to OBJ_ALIGN */
} string_s;

/* A forwarding object keeps the size of the object it replaces, so that
 * skip still steps over the right number of bytes.  It needs three words;
 * the smallest objects (a pair; a string of up to seven characters on a
 * 64-bit machine, three on a 32-bit one) have three, so one layout fits
 * every object.  A format whose objects can be smaller needs a second,
 * shorter forwarding type that takes its size from its type. */
typedef struct fwd_s {
  mps_word_t type; /* TYPE_FWD */
  mps_addr_t to;   /* the new copy */
  size_t size;     /* the size of the old object */
} fwd_s;

typedef struct pad1_s {
  mps_word_t type; /* TYPE_PAD1; the size is one word */
} pad1_s;

typedef struct pad_s {
  mps_word_t type; /* TYPE_PAD */
  size_t size;
} pad_s;

static inline value_t int_value(long n) { return ((mps_word_t)n << 1) | TAG_INT; }
static inline long int_of(value_t v) { return (long)(v >> 1); } /* non-negative integers only */
static inline int is_int(value_t v) { return (v & TAG_MASK) == TAG_INT; }
static inline int is_ref(value_t v) { return v != NIL && (v & TAG_MASK) == TAG_REF; }

static inline mps_word_t type_of(value_t v) { return *(mps_word_t *)v; }
static inline pair_s *as_pair(value_t v) { return (pair_s *)v; }
static inline string_s *as_string(value_t v) { return (string_s *)v; }
static inline value_t car(value_t v) { return as_pair(v)->car; }
static inline value_t cdr(value_t v) { return as_pair(v)->cdr; }

/* The size in bytes of a string object of length characters. */
static inline size_t string_size(size_t length) {
  size_t bytes = offsetof(string_s, chars) + length + 1;
  return (bytes + OBJ_ALIGN - 1) & ~(OBJ_ALIGN - 1);
}

/* Creates the object format for these objects in arena. */
mps_res_t objects_format_create(mps_fmt_t *fmt_o, mps_arena_t arena);

#endif /* GC_CLIENT_OBJECTS_H */
