// bytecode.hpp: the instruction set the compiler emits and the interpreter
// runs.  One table (an X-macro) defines every opcode and its operand bytes.
//
// A Code object's bytecode Bytevector starts with a two-byte prefix: the
// largest number of operand-stack words the code ever pushes above its frame
// (so the interpreter checks stack room once per call, not per push).  The
// first instruction is at offset kCodeStart.  Operands are little-endian:
// u16 for slots, constants and counts, u32 for jump targets (absolute
// offsets into the bytecode).
//
// The value stack during a call (indices grow upwards):
//
//   fp-3  saved caller fp (fixnum index; 0 = none)
//   fp-2  saved caller pc offset (fixnum; -1 = return to C++)
//   fp-1  the procedure being run (a Closure)
//   fp+0  argument 0 ... argument n-1, then the local slots (`let`
//         variables) up to frame_size, then operand-stack temporaries.
//
// FRAME pushes the two saved words before the callee and its arguments are
// pushed; CALL n fills them in.  A tail call moves the callee and arguments
// down onto fp-1 and reuses the saved words.
#pragma once

#include <cstdint>

namespace lisp {

constexpr int kCodeStart = 2;  // after the max-stack-depth prefix
constexpr int kFrameHeader = 3;  // saved fp, saved pc, callee

// X(name, operand bytes); CLOSURE has variable-length operands (see below).
#define LISP_OPCODES(X)                                                        \
  X(CONST, 2)          /* push constants[k] */                                 \
  X(SMALLINT, 2)       /* push fixnum from i16 */                              \
  X(NIL, 0)            /* push '() */                                          \
  X(TRUE, 0)                                                                   \
  X(FALSE, 0)                                                                  \
  X(UNSPEC, 0)         /* push the unspecified value */                        \
  X(LOCAL, 2)          /* push fp[i] */                                        \
  X(SET_LOCAL, 2)      /* fp[i] = pop */                                       \
  X(LOCAL_BOX, 2)      /* push box value of fp[i] */                           \
  X(SET_LOCAL_BOX, 2)  /* box value of fp[i] = pop */                          \
  X(BOX_LOCAL, 2)      /* fp[i] = new Box(fp[i]) */                            \
  X(FREE, 2)           /* push closure.free[i] */                              \
  X(FREE_BOX, 2)       /* push box value of closure.free[i] */                 \
  X(SET_FREE_BOX, 2)   /* box value of closure.free[i] = pop */                \
  X(GLOBAL, 2)         /* push value of symbol constants[k]; error if unbound */ \
  X(SET_GLOBAL, 2)     /* set! a global: error if unbound */                   \
  X(DEFINE_GLOBAL, 2)  /* define a global = pop */                             \
  X(POP, 0)                                                                    \
  X(JUMP, 4)                                                                   \
  X(JUMP_IF_FALSE, 4)  /* pop; jump if #f */                                   \
  X(CLOSURE, 4)        /* u16 k (Code), u16 n, then n x (u8 from_free, u16 index) */ \
  X(FRAME, 0)          /* push the two saved-state words of a call */          \
  X(CALL, 2)           /* u16 argument count */                                \
  X(TAIL_CALL, 2)                                                              \
  X(RETURN, 0)                                                                 \
  /* Inlined primitives: fixnum fast path, else the primitive's function. */   \
  X(ADD, 0)                                                                    \
  X(SUB, 0)                                                                    \
  X(MUL, 0)                                                                    \
  X(LT, 0)                                                                     \
  X(GT, 0)                                                                     \
  X(LE, 0)                                                                     \
  X(GE, 0)                                                                     \
  X(NUM_EQ, 0)                                                                 \
  X(EQ, 0)                                                                     \
  X(CONS, 0)                                                                   \
  X(CAR, 0)                                                                    \
  X(CDR, 0)                                                                    \
  X(NULLP, 0)                                                                  \
  X(PAIRP, 0)                                                                  \
  X(NOT, 0)                                                                    \
  X(ZEROP, 0)

enum class Op : std::uint8_t {
#define LISP_OP_ENUM(name, bytes) name,
  LISP_OPCODES(LISP_OP_ENUM)
#undef LISP_OP_ENUM
};

constexpr int kOpCount = 0
#define LISP_OP_COUNT(name, bytes) +1
    LISP_OPCODES(LISP_OP_COUNT)
#undef LISP_OP_COUNT
    ;

// Operand bytes of each opcode (CLOSURE's captures come on top of these).
constexpr int kOpOperandBytes[] = {
#define LISP_OP_BYTES(name, bytes) bytes,
    LISP_OPCODES(LISP_OP_BYTES)
#undef LISP_OP_BYTES
};

constexpr const char* kOpNames[] = {
#define LISP_OP_NAME(name, bytes) #name,
    LISP_OPCODES(LISP_OP_NAME)
#undef LISP_OP_NAME
};

// The inlined primitives, with the global whose function is their slow path
// and their argument count.  The compiler uses an inline opcode only when the
// name is not lexically bound (documented in docs/vm.md: redefining these
// globals does not affect calls compiled earlier or inline).
struct InlinePrimitive {
  const char* name;
  Op op;
  int args;
};

constexpr InlinePrimitive kInlinePrimitives[] = {
    {"+", Op::ADD, 2},     {"-", Op::SUB, 2},       {"*", Op::MUL, 2},   {"<", Op::LT, 2},
    {">", Op::GT, 2},      {"<=", Op::LE, 2},       {">=", Op::GE, 2},   {"=", Op::NUM_EQ, 2},
    {"eq?", Op::EQ, 2},    {"cons", Op::CONS, 2},   {"car", Op::CAR, 1}, {"cdr", Op::CDR, 1},
    {"null?", Op::NULLP, 1}, {"pair?", Op::PAIRP, 1}, {"not", Op::NOT, 1}, {"zero?", Op::ZEROP, 1},
};

inline std::uint16_t read_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
inline std::uint32_t read_u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

}  // namespace lisp
