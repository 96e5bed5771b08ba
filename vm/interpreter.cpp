// interpreter.cpp: the value stack, the dispatch loop, calls, errors and
// backtraces.  See bytecode.hpp for the frame layout.
//
// The value stack is one mapping of VmOptions.max_stack_bytes reserved at
// start-up with MAP_NORESERVE: the kernel commits pages only as the stack
// reaches them, so it grows on demand and deep recursion costs only the
// memory it uses, yet the stack never moves.  That matters because a
// primitive's `args` point into the stack and stay in use while the
// primitive re-enters the interpreter (Vm::apply).  The stack is an exact
// root whose scan function covers [0, sp_) only, so nothing above the top
// is ever looked at.
//
// GC rules in the loop: `sp`/`fp` are synced to sp_/fp_ (SYNC) before
// anything that can allocate, throw or re-enter; `closure`, `base` (the
// first bytecode byte: word-aligned, an interior pointer to the Bytevector)
// and `consts` are C++ locals -- ambiguous references, interior pointers
// allowed -- so the running closure, its bytecode and constants are pinned
// while they run.  (`pc` alone would not do: it is rarely word-aligned, and
// the thread root only looks at aligned words.)  A saved caller is reloaded from the stack on return.
#include "interpreter.hpp"

#include <sys/mman.h>
#include <sys/resource.h>

#include <cstring>

#include "builtins.hpp"
#include "bytecode.hpp"
#include "compiler.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "vm.hpp"

namespace lisp {

namespace {
constexpr std::size_t kBottom = kFrameHeader;  // dummy header words at the stack base
constexpr std::size_t kHandlerReserve = 64 * 1024;  // words kept back for error handling
constexpr std::size_t kCallSlack = 8;
constexpr std::size_t kMaxApplyDepth = 10000;
constexpr int kBacktraceShown = 20;
}  // namespace

Interpreter::Interpreter(Vm& vm, std::size_t max_stack_bytes) : vm_(vm) {
  max_words_ = max_stack_bytes / sizeof(Value);
  if (max_words_ < 2 * kHandlerReserve) max_words_ = 2 * kHandlerReserve;
  void* p = mmap(nullptr, max_words_ * sizeof(Value), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  stack_ = static_cast<Value*>(p);
  capacity_ = max_words_;
  limit_ = max_words_ - kHandlerReserve;
  for (std::size_t i = 0; i < kBottom; ++i) stack_[i] = make_fixnum(0);
  sp_ = kBottom;
  fp_ = 0;
  for (Value& r : roots_) r = kNil;
  roots_[kMacros] = kFalse;
  Heap& heap = vm.heap();
  if (mps_root_create(&stack_root_, heap.arena(), mps_rank_exact(), 0, scan_stack, this, 0) !=
      MPS_RES_OK)
    throw std::bad_alloc();
  roots_root_ = heap.register_root(roots_, kRootCount);
  // Re-entry from C++ is limited by the C++ stack actually left, measured
  // from here (the VM is made near the bottom of the thread's stack).
  char here;
  c_stack_base_ = reinterpret_cast<std::uintptr_t>(&here);
  rlimit limit{};
  std::size_t size = 8u << 20;
  if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) size = limit.rlim_cur;
  c_stack_budget_ = size > (1u << 20) ? size - (512u << 10) : size / 2;
}

Interpreter::~Interpreter() {
  vm_.heap().unregister_root(roots_root_);
  if (stack_root_ != nullptr) mps_root_destroy(stack_root_);
  munmap(stack_, max_words_ * sizeof(Value));
}

mps_res_t Interpreter::scan_stack(mps_ss_t ss, void* p, std::size_t) {
  auto* self = static_cast<Interpreter*>(p);
  Value* q = self->stack_;
  Value* limit = q + self->sp_;
  MPS_SCAN_BEGIN(ss) {
    for (; q < limit; ++q) {
      Value v = *q;
      if (is_pointer(v) && MPS_FIX1(ss, v)) {
        mps_addr_t ref = reinterpret_cast<mps_addr_t>(v);
        mps_res_t res = MPS_FIX2(ss, &ref);
        if (res != MPS_RES_OK) return res;
        *q = reinterpret_cast<Value>(ref);
      }
    }
  }
  MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

void Interpreter::reset() {
  sp_ = kBottom;
  fp_ = 0;
  apply_depth_ = 0;
  roots_[kHandlers] = kNil;
  roots_[kWinders] = kNil;
  roots_[kPending] = kNil;
  limit_ = max_words_ - kHandlerReserve;
  // Give back the pages a deep recursion touched.
  constexpr std::size_t kKeep = 1 << 20;  // words
  if (max_words_ > kKeep) {
    madvise(stack_ + kKeep, (max_words_ - kKeep) * sizeof(Value), MADV_DONTNEED);
  }
}

void Interpreter::after_unwind() {
  if (sp_ + kHandlerReserve < max_words_ - kHandlerReserve) limit_ = max_words_ - kHandlerReserve;
}

[[noreturn]] void Interpreter::stack_overflow() {
  limit_ = max_words_;  // let the handlers run in the reserve
  raise_error_kind(vm_, "stack-overflow",
                   "stack overflow: recursion too deep (the value stack limit is " +
                       std::to_string(max_words_ * sizeof(Value) / (1024 * 1024)) + " MB)");
}

// ---- backtraces -------------------------------------------------------------------

namespace {
std::string frame_description(Value closure) {
  if (!has_type(closure, Type::closure)) return "in ?";
  auto* code = as<Code>(as<Closure>(closure)->code);
  std::string out = "in ";
  out += is_symbol(code->name) ? symbol_base_name(code->name) : std::string("<toplevel>");
  if (is_string(code->source)) {
    auto* s = as<String>(code->source);
    out += " (" + std::string(s->bytes, s->length) + ")";
  }
  return out;
}
}  // namespace

Value Interpreter::make_backtrace() {
  Heap& heap = vm_.heap();
  std::vector<std::string> lines;
  std::size_t f = fp_;
  std::size_t frames = 0;
  while (f >= kBottom && f <= sp_) {
    if (frames < static_cast<std::size_t>(kBacktraceShown)) lines.push_back(frame_description(stack_[f - 1]));
    ++frames;
    f = static_cast<std::size_t>(fixnum_value(stack_[f - 3]));
  }
  if (frames > lines.size())
    lines.push_back("... " + std::to_string(frames - lines.size()) + " more frames");
  Value out = kNil;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    Value s = heap.make_string(*it);
    out = heap.cons(s, out);
  }
  return out;
}

void Interpreter::record_backtrace(Value payload) {
  if (has_type(payload, Type::error_object)) {
    if (as<ErrorObject>(payload)->backtrace != kFalse) {
      roots_[kBacktrace] = as<ErrorObject>(payload)->backtrace;
      return;
    }
    Value bt = make_backtrace();
    as<ErrorObject>(payload)->backtrace = bt;
    roots_[kBacktrace] = bt;
    return;
  }
  if (payload == roots_[kLastPayload]) return;
  roots_[kLastPayload] = payload;
  roots_[kBacktrace] = make_backtrace();
}

// ---- exceptions -------------------------------------------------------------------

Value Interpreter::raise(Value payload, bool continuable) {
  Value h = roots_[kHandlers];
  if (h == kNil) throw LispError{payload, continuable};
  Value entry = car(h);
  if (is_fixnum(entry)) {
    roots_[kPending] = payload;
    throw CatchThrow{fixnum_value(entry)};
  }
  // A with-exception-handler handler runs with the outer handlers installed.
  roots_[kHandlers] = cdr(h);
  Value arg[1] = {payload};
  Value result = apply(entry, arg);
  roots_[kHandlers] = h;
  if (continuable) return result;
  roots_[kHandlers] = cdr(h);
  Heap& heap = vm_.heap();
  Value message = heap.make_string("exception handler returned from a non-continuable raise");
  Value irritants = heap.cons(payload, kNil);
  Value secondary = heap.make_error_object(heap.intern("error"), message, irritants);
  raise(secondary, false);
  return kUnspecified;  // not reached: a non-continuable raise never returns
}

void Interpreter::unwind_to(Value target) {
  while (roots_[kWinders] != target && roots_[kWinders] != kNil) {
    Value w = car(roots_[kWinders]);
    roots_[kWinders] = cdr(roots_[kWinders]);
    apply(cdr(w), {});
  }
}

[[noreturn]] void Interpreter::arity_error(Value procedure, int given) {
  std::string name = "#<procedure>";
  std::string expected;
  if (has_type(procedure, Type::closure)) {
    auto* code = as<Code>(as<Closure>(procedure)->code);
    if (is_symbol(code->name)) name = symbol_base_name(code->name);
    expected = std::to_string(fixnum_value(code->arity));
    if (code->rest == kTrue) expected = "at least " + expected;
  } else if (has_type(procedure, Type::primitive)) {
    auto* p = as<Primitive>(procedure);
    name = std::string(symbol_name(p->name));
    auto lo = fixnum_value(p->min_args), hi = fixnum_value(p->max_args);
    expected = hi < 0 ? "at least " + std::to_string(lo)
               : lo == hi ? std::to_string(lo)
                          : std::to_string(lo) + " to " + std::to_string(hi);
  } else {
    expected = "1";
  }
  raise_error_kind(vm_, "arity-error",
                   name + ": wrong number of arguments: expected " + expected + ", got " +
                       std::to_string(given),
                   {procedure});
}

Value Interpreter::rest_list(std::size_t first, std::size_t count) {
  Heap& heap = vm_.heap();
  Value list = kNil;
  for (std::size_t i = count; i > 0; --i) list = heap.cons(stack_[first + i - 1], list);
  return list;
}

PrimitiveFn Interpreter::inline_slow_fn(Op op) {
  auto index = static_cast<std::size_t>(op);
  if (inline_fns_[index] == nullptr) {
    for (const InlinePrimitive& p : kInlinePrimitives) {
      if (p.op != op) continue;
      Value g = vm_.global(p.name);
      if (has_type(g, Type::primitive))
        inline_fns_[index] = vm_.primitive(fixnum_value(as<Primitive>(g)->index)).fn;
      if (inline_fns_[index] == nullptr)
        raise_error(vm_, std::string("primitive not available: ") + p.name);
    }
  }
  return inline_fns_[index];
}

// ---- calls from C++ ------------------------------------------------------------------

Value Interpreter::apply(Value procedure, std::span<const Value> args) {
  char probe;
  // Stacks grow down; a frame above the one that measured the base counts as 0.
  const auto used = static_cast<std::intptr_t>(c_stack_base_) -
                    static_cast<std::intptr_t>(reinterpret_cast<std::uintptr_t>(&probe));
  if (apply_depth_ >= kMaxApplyDepth || used > static_cast<std::intptr_t>(c_stack_budget_))
    raise_error_kind(vm_, "stack-overflow", "stack overflow: too many nested calls from native code");
  const std::size_t n = args.size();
  if (sp_ + n + kFrameHeader + kCallSlack > limit_) stack_overflow();
  const std::size_t saved_sp = sp_, saved_fp = fp_;
  stack_[sp_] = make_fixnum(static_cast<std::intptr_t>(fp_));
  stack_[sp_ + 1] = make_fixnum(-1);  // return to C++
  stack_[sp_ + 2] = procedure;
  for (std::size_t i = 0; i < n; ++i) stack_[sp_ + 3 + i] = args[i];
  sp_ += n + kFrameHeader;
  ++apply_depth_;
  try {
    Value result;
    if (has_type(procedure, Type::closure)) {
      fp_ = sp_ - n;
      result = run(static_cast<int>(n));
    } else {
      result = call_other(procedure, static_cast<int>(n));
    }
    sp_ = saved_sp;
    fp_ = saved_fp;
    --apply_depth_;
    return result;
  } catch (...) {
    sp_ = saved_sp;
    fp_ = saved_fp;
    --apply_depth_;
    throw;
  }
}

// A call of a primitive or continuation whose arguments are the top `n`
// stack words (sp_ synced); returns the result.
Value Interpreter::call_other(Value f, int n) {
  Value* args = stack_ + sp_ - n;
  if (has_type(f, Type::primitive)) {
    auto* p = as<Primitive>(f);
    auto lo = fixnum_value(p->min_args), hi = fixnum_value(p->max_args);
    if (n < lo || (hi >= 0 && n > hi)) arity_error(f, n);
    return vm_.primitive(fixnum_value(p->index)).fn(vm_, args, n);
  }
  if (has_type(f, Type::continuation)) {
    auto* k = as<Continuation>(f);
    if (k->live != kTrue)
      raise_error(vm_, "continuation no longer valid (continuations are escape-only)", {f});
    Value values;
    if (n == 1) {
      values = args[0];
    } else {
      values = vm_.heap().make_values(n);
      for (int i = 0; i < n; ++i) as<Vector>(values)->items[i] = stack_[sp_ - n + i];
    }
    roots_[kPending] = values;
    throw ContinuationThrow{fixnum_value(as<Continuation>(f)->id)};
  }
  raise_error(vm_, "not a procedure", {f});
}

// ---- the dispatch loop -----------------------------------------------------------------

Value Interpreter::run(int entry_argc) {
  Value* const stack = stack_;
  Value* fp = stack + fp_;
  Value* sp = stack + sp_;
  Value closure = 0;
  const std::uint8_t* base = nullptr;
  const std::uint8_t* pc = nullptr;
  Value* consts = nullptr;
  Value f;
  int n = entry_argc;
  bool tail = false;
  Heap& heap = vm_.heap();

#define SYNC() (sp_ = static_cast<std::size_t>(sp - stack), fp_ = static_cast<std::size_t>(fp - stack))
#define LOAD_CODE()                                                      \
  do {                                                                   \
    Code* c_ = as<Code>(as<Closure>(closure)->code);                     \
    base = as<Bytevector>(c_->bytecode)->bytes;                          \
    consts = as<Vector>(c_->constants)->items;                           \
  } while (0)

  static void* const labels[] = {
#define LISP_OP_LABEL(name, bytes) &&op_##name,
      LISP_OPCODES(LISP_OP_LABEL)
#undef LISP_OP_LABEL
  };
#define NEXT goto* labels[*pc++]
#define U16() (pc += 2, read_u16(pc - 2))

  try {
    f = fp[-1];
    goto enter;

  // Entry of a closure `f` at fp[-1] with `n` arguments at fp[0..n).
  enter: {
    Code* c = as<Code>(as<Closure>(f)->code);
    const std::intptr_t arity = fixnum_value(c->arity);
    if (c->rest == kTrue) {
      if (n < arity) {
        SYNC();
        arity_error(f, n);
      }
      sp = fp + n;
      SYNC();
      Value rest = rest_list(static_cast<std::size_t>(fp - stack + arity), static_cast<std::size_t>(n - arity));
      fp[arity] = rest;
      n = static_cast<int>(arity) + 1;
    } else if (n != arity) {
      sp = fp + n;
      SYNC();
      arity_error(f, n);
    }
    const std::intptr_t frame_size = fixnum_value(c->frame_size);
    const std::uint8_t* code_bytes = as<Bytevector>(c->bytecode)->bytes;
    if (static_cast<std::size_t>(fp - stack) + frame_size + read_u16(code_bytes) + kCallSlack > limit_) {
      sp = fp + n;
      SYNC();
      stack_overflow();
    }
    for (std::intptr_t i = n; i < frame_size; ++i) fp[i] = kUnspecified;
    sp = fp + frame_size;
    closure = f;
    base = code_bytes;
    consts = as<Vector>(c->constants)->items;
    pc = base + kCodeStart;
    NEXT;
  }

  op_CONST:
    *sp++ = consts[U16()];
    NEXT;
  op_SMALLINT:
    *sp++ = make_fixnum(static_cast<std::int16_t>(U16()));
    NEXT;
  op_NIL:
    *sp++ = kNil;
    NEXT;
  op_TRUE:
    *sp++ = kTrue;
    NEXT;
  op_FALSE:
    *sp++ = kFalse;
    NEXT;
  op_UNSPEC:
    *sp++ = kUnspecified;
    NEXT;
  op_LOCAL:
    *sp++ = fp[U16()];
    NEXT;
  op_SET_LOCAL:
    fp[U16()] = *--sp;
    NEXT;
  op_LOCAL_BOX:
    *sp++ = as<Box>(fp[U16()])->value;
    NEXT;
  op_SET_LOCAL_BOX:
    as<Box>(fp[U16()])->value = *--sp;
    NEXT;
  op_BOX_LOCAL: {
    std::uint16_t i = U16();
    SYNC();
    Value b = heap.make_box(fp[i]);
    fp[i] = b;
    NEXT;
  }
  op_FREE:
    *sp++ = as<Closure>(closure)->free[U16()];
    NEXT;
  op_FREE_BOX:
    *sp++ = as<Box>(as<Closure>(closure)->free[U16()])->value;
    NEXT;
  op_SET_FREE_BOX:
    as<Box>(as<Closure>(closure)->free[U16()])->value = *--sp;
    NEXT;
  op_GLOBAL: {
    Value s = consts[U16()];
    Value v = as<Symbol>(s)->value;
    if (v == kUnbound) {
      SYNC();
      raise_error_kind(vm_, "unbound-variable", "unbound variable:", {s});
    }
    *sp++ = v;
    NEXT;
  }
  op_SET_GLOBAL: {
    Value s = consts[U16()];
    if (as<Symbol>(s)->value == kUnbound) {
      SYNC();
      raise_error_kind(vm_, "unbound-variable",
                       "set!: unbound variable:", {s});
    }
    as<Symbol>(s)->value = *--sp;
    NEXT;
  }
  op_DEFINE_GLOBAL: {
    Value s = consts[U16()];
    as<Symbol>(s)->value = *--sp;
    NEXT;
  }
  op_POP:
    --sp;
    NEXT;
  op_JUMP:
    pc = base + read_u32(pc);
    NEXT;
  op_JUMP_IF_FALSE:
    if (*--sp == kFalse) {
      pc = base + read_u32(pc);
    } else {
      pc += 4;
    }
    NEXT;
  op_CLOSURE: {
    Value code = consts[U16()];
    std::uint16_t count = U16();
    SYNC();
    Value c = heap.make_closure(code, count);
    for (std::uint16_t i = 0; i < count; ++i) {
      std::uint8_t from_free = pc[0];
      std::uint16_t index = read_u16(pc + 1);
      pc += 3;
      as<Closure>(c)->free[i] = from_free ? as<Closure>(closure)->free[index] : fp[index];
    }
    *sp++ = c;
    NEXT;
  }
  op_FRAME:
    sp[0] = make_fixnum(0);
    sp[1] = make_fixnum(0);
    sp += 2;
    NEXT;
  op_CALL:
    n = U16();
    tail = false;
    goto call;
  op_TAIL_CALL:
    n = U16();
    tail = true;
    goto call;

  // The callee is at sp[-n-1] and its arguments above it.
  call:
    f = sp[-n - 1];
    if (has_type(f, Type::closure)) {
      if (tail) {
        std::memmove(fp - 1, sp - n - 1, (n + 1) * sizeof(Value));
        sp = fp + n;
      } else {
        sp[-n - 3] = make_fixnum(fp - stack);
        sp[-n - 2] = make_fixnum(pc - base);
        fp = sp - n;
      }
      goto enter;
    }
    if (has_type(f, Type::primitive) && fixnum_value(as<Primitive>(f)->index) == apply_index_) {
      // (apply proc a ... list): spread the list in place and call again,
      // so apply keeps tail calls proper and does not re-enter.
      if (n < 2) {
        SYNC();
        arity_error(f, n);
      }
      Value list = sp[-1];
      long len = 0;
      for (Value l = list; is_pair(l); l = cdr(l)) ++len;
      {
        Value tail_check = list;
        for (long i = 0; i < len; ++i) tail_check = cdr(tail_check);
        if (tail_check != kNil) {
          SYNC();
          type_error(vm_, "apply", n, "a list", list);
        }
      }
      if (static_cast<std::size_t>(sp - stack) + len + kCallSlack > limit_) {
        SYNC();
        stack_overflow();
      }
      Value* callee = sp - n - 1;
      std::memmove(callee, callee + 1, (n - 1) * sizeof(Value));
      sp = callee + (n - 1);
      for (Value l = list; is_pair(l); l = cdr(l)) *sp++ = car(l);
      n = n - 2 + static_cast<int>(len);
      goto call;
    }
    {
      SYNC();
      Value result = call_other(f, n);
      sp -= n + 1;
      if (tail) {
        *sp++ = result;
        goto do_return;
      }
      sp -= 2;  // the FRAME words
      *sp++ = result;
      NEXT;
    }

  op_RETURN:
  do_return: {
    Value result = sp[-1];
    const std::intptr_t saved_pc = fixnum_value(fp[-2]);
    const std::size_t saved_fp = static_cast<std::size_t>(fixnum_value(fp[-3]));
    sp = fp - kFrameHeader;
    if (saved_pc < 0) {
      sp_ = static_cast<std::size_t>(sp - stack);
      fp_ = saved_fp;
      return result;
    }
    fp = stack + saved_fp;
    closure = fp[-1];
    LOAD_CODE();
    pc = base + saved_pc;
    *sp++ = result;
    NEXT;
  }

#define SLOW2(op)                                                   \
  do {                                                              \
    SYNC();                                                         \
    Value r_ = inline_slow_fn(op)(vm_, sp - 2, 2);                  \
    sp[-2] = r_;                                                    \
    --sp;                                                           \
    NEXT;                                                           \
  } while (0)
#define SLOW1(op)                                                   \
  do {                                                              \
    SYNC();                                                         \
    Value r_ = inline_slow_fn(op)(vm_, sp - 1, 1);                  \
    sp[-1] = r_;                                                    \
    NEXT;                                                           \
  } while (0)

  op_ADD: {
    Value a = sp[-2], b = sp[-1];
    std::intptr_t r;
    if (is_fixnum(a) && is_fixnum(b) &&
        !__builtin_add_overflow(static_cast<std::intptr_t>(a), static_cast<std::intptr_t>(b) - 1, &r)) {
      sp[-2] = static_cast<Value>(r);
      --sp;
      NEXT;
    }
    SLOW2(Op::ADD);
  }
  op_SUB: {
    Value a = sp[-2], b = sp[-1];
    std::intptr_t r;
    if (is_fixnum(a) && is_fixnum(b) &&
        !__builtin_sub_overflow(static_cast<std::intptr_t>(a), static_cast<std::intptr_t>(b) - 1, &r)) {
      sp[-2] = static_cast<Value>(r);
      --sp;
      NEXT;
    }
    SLOW2(Op::SUB);
  }
  op_MUL: {
    Value a = sp[-2], b = sp[-1];
    std::intptr_t r;
    if (is_fixnum(a) && is_fixnum(b) &&
        !__builtin_mul_overflow(fixnum_value(a), fixnum_value(b), &r) && fixnum_fits(r)) {
      sp[-2] = make_fixnum(r);
      --sp;
      NEXT;
    }
    SLOW2(Op::MUL);
  }
#define COMPARE(name, cmp)                                                              \
  op_##name: {                                                                          \
    Value a = sp[-2], b = sp[-1];                                                       \
    if (is_fixnum(a) && is_fixnum(b)) {                                                 \
      sp[-2] = make_bool(static_cast<std::intptr_t>(a) cmp static_cast<std::intptr_t>(b)); \
      --sp;                                                                             \
      NEXT;                                                                             \
    }                                                                                   \
    SLOW2(Op::name);                                                                    \
  }
  COMPARE(LT, <)
  COMPARE(GT, >)
  COMPARE(LE, <=)
  COMPARE(GE, >=)
  COMPARE(NUM_EQ, ==)
#undef COMPARE
  op_EQ:
    sp[-2] = make_bool(sp[-2] == sp[-1]);
    --sp;
    NEXT;
  op_CONS: {
    SYNC();
    Value p = heap.cons(sp[-2], sp[-1]);
    sp[-2] = p;
    --sp;
    NEXT;
  }
  op_CAR:
    if (is_pair(sp[-1])) {
      sp[-1] = car(sp[-1]);
      NEXT;
    }
    SLOW1(Op::CAR);
  op_CDR:
    if (is_pair(sp[-1])) {
      sp[-1] = cdr(sp[-1]);
      NEXT;
    }
    SLOW1(Op::CDR);
  op_NULLP:
    sp[-1] = make_bool(sp[-1] == kNil);
    NEXT;
  op_PAIRP:
    sp[-1] = make_bool(is_pair(sp[-1]));
    NEXT;
  op_NOT:
    sp[-1] = make_bool(sp[-1] == kFalse);
    NEXT;
  op_ZEROP:
    if (is_fixnum(sp[-1])) {
      sp[-1] = make_bool(sp[-1] == make_fixnum(0));
      NEXT;
    }
    SLOW1(Op::ZEROP);
  } catch (LispError& e) {
    // Every throwing path synced sp_/fp_ first, so the stack is intact here:
    // record the backtrace, then offer the error to the handlers.
    Value payload = e.payload;
    try {
      record_backtrace(payload);
    } catch (LispError&) {
      // No memory for the backtrace (heap exhausted): go on without it.
    }
    if (roots_[kHandlers] == kNil) throw;
    raise(payload, false);
    throw;  // not reached
  }
#undef SLOW1
#undef SLOW2
#undef NEXT
#undef U16
#undef SYNC
#undef LOAD_CODE
}

void Interpreter::find_apply_primitive() {
  Value g = vm_.global("apply");
  if (has_type(g, Type::primitive)) apply_index_ = fixnum_value(as<Primitive>(g)->index);
}

}  // namespace lisp
