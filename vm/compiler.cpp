// compiler.cpp: pass 2 of the compiler (bytecode generation from the node
// tree), the compile context, global macros and the disassembler.
//
// Frame slots: parameters first, then `let` variables, allocated stack-wise
// (a slot is reused once its let is finished: closures copy values, and a
// captured assigned variable is a Box, so reuse is safe).  The code records
// the largest operand-stack depth it reaches in its two-byte prefix.
#include "compiler.hpp"

#include <cstring>

#include "errors.hpp"
#include "heap.hpp"
#include "interpreter.hpp"
#include "vm.hpp"

namespace lisp {

std::string_view symbol_name(Value symbol) {
  auto* s = as<String>(as<Symbol>(symbol)->name);
  return std::string_view(s->bytes, s->length);
}

std::string symbol_base_name(Value symbol) {
  std::string_view name = symbol_name(symbol);
  return std::string(name.substr(0, name.find('\x01')));
}

int LambdaInfo::free_index(Var* v) {
  for (std::size_t i = 0; i < free.size(); ++i)
    if (free[i] == v) return static_cast<int>(i);
  free.push_back(v);
  return static_cast<int>(free.size() - 1);
}

Binding* Scope::find(const std::string& name) {
  for (auto it = names.rbegin(); it != names.rend(); ++it)
    if (it->first == name) return &it->second;
  return nullptr;
}

// ---- the compile context -------------------------------------------------------

int CompileContext::add_literal(Value v) {
  Heap& heap = vm.heap();
  std::size_t capacity = pool == 0 ? 0 : fixnum_value(as<Vector>(pool)->length);
  if (pool_count == capacity) {
    Value bigger = heap.make_vector(capacity == 0 ? 32 : capacity * 2, kFalse);
    for (std::size_t i = 0; i < pool_count; ++i) as<Vector>(bigger)->items[i] = as<Vector>(pool)->items[i];
    pool = bigger;
  }
  as<Vector>(pool)->items[pool_count] = v;
  return static_cast<int>(pool_count++);
}

Value CompileContext::literal(int index) const { return as<Vector>(pool)->items[index]; }

Node* CompileContext::node(NodeKind kind) {
  nodes.emplace_back();
  nodes.back().kind = kind;
  return &nodes.back();
}

Var* CompileContext::new_var(const std::string& name, LambdaInfo* owner) {
  vars.emplace_back();
  vars.back().name = name;
  vars.back().owner = owner;
  return &vars.back();
}

Scope* CompileContext::new_scope(Scope* parent, LambdaInfo* lambda) {
  scopes.emplace_back();
  scopes.back().parent = parent;
  scopes.back().lambda = lambda;
  return &scopes.back();
}

void CompileContext::syntax_error(std::string_view message, Value form) {
  Value stripped = strip_syntax(vm, form);
  raise_error_kind(vm, "syntax-error", message, {stripped});
}

// ---- aliases -------------------------------------------------------------------

namespace {

bool contains_alias(Value v, int depth = 0) {
  if (depth > 10000) return false;
  for (;;) {
    if (is_symbol(v)) return symbol_name(v).find('\x01') != std::string_view::npos;
    if (is_vector(v)) {
      auto n = fixnum_value(as<Vector>(v)->length);
      for (std::intptr_t i = 0; i < n; ++i)
        if (contains_alias(as<Vector>(v)->items[i], depth + 1)) return true;
      return false;
    }
    if (!is_pair(v)) return false;
    if (contains_alias(car(v), depth + 1)) return true;
    v = cdr(v);
  }
}

Value strip(Vm& vm, Value v) {
  Heap& heap = vm.heap();
  if (is_symbol(v)) {
    std::string_view name = symbol_name(v);
    if (name.find('\x01') == std::string_view::npos) return v;
    return heap.intern(symbol_base_name(v));
  }
  if (is_pair(v)) {
    Value a = strip(vm, car(v));
    Value d = strip(vm, cdr(v));
    return heap.cons(a, d);
  }
  if (is_vector(v)) {
    auto n = fixnum_value(as<Vector>(v)->length);
    Value out = heap.make_vector(n, kFalse);
    for (std::intptr_t i = 0; i < n; ++i) {
      Value item = strip(vm, as<Vector>(v)->items[i]);
      as<Vector>(out)->items[i] = item;
    }
    return out;
  }
  return v;
}

}  // namespace

Value strip_syntax(Vm& vm, Value datum) {
  if (!contains_alias(datum)) return datum;
  return strip(vm, datum);
}

// ---- global macros -------------------------------------------------------------

Value global_macro(Vm& vm, const std::string& name) {
  Interpreter& in = vm.interpreter();
  auto it = in.macro_index.find(name);
  if (it == in.macro_index.end()) return 0;
  return as<Vector>(in.macro_vector())->items[it->second];
}

void define_global_macro(Vm& vm, const std::string& name, Value transformer) {
  Interpreter& in = vm.interpreter();
  auto it = in.macro_index.find(name);
  if (it != in.macro_index.end()) {
    as<Vector>(in.macro_vector())->items[it->second] = transformer;
    return;
  }
  std::size_t count = in.macro_index.size();
  Value v = in.macro_vector();
  std::size_t capacity = is_vector(v) ? fixnum_value(as<Vector>(v)->length) : 0;
  if (count == capacity) {
    Value bigger = vm.heap().make_vector(capacity == 0 ? 64 : capacity * 2, kFalse);
    v = in.macro_vector();
    for (std::size_t i = 0; i < count; ++i) as<Vector>(bigger)->items[i] = as<Vector>(v)->items[i];
    in.set_macro_vector(bigger);
  }
  as<Vector>(in.macro_vector())->items[count] = transformer;
  in.macro_index[name] = count;
}

// ---- code generation -------------------------------------------------------------

namespace {

struct FunctionGen {
  FunctionGen(CompileContext& c, LambdaInfo* l) : ctx(c), lambda(l) {}
  CompileContext& ctx;
  LambdaInfo* lambda;
  std::vector<std::uint8_t> code{0, 0};  // the max-depth prefix, patched at the end
  // Lisp Vector of constants.  This struct is a C++ local: ambiguous root.
  Value constants = 0;
  std::size_t const_count = 0;
  std::unordered_map<std::string, int> global_consts;  // symbol name -> index
  int depth = 0, max_depth = 0;
  int next_slot = 0, max_slot = 0;

  void push(int n = 1) {
    depth += n;
    if (depth > max_depth) max_depth = depth;
  }
  void pop(int n = 1) { depth -= n; }
  void op(Op o) { code.push_back(static_cast<std::uint8_t>(o)); }
  void u8(unsigned v) { code.push_back(static_cast<std::uint8_t>(v)); }
  void u16(long v) {
    if (v < 0 || v > 0xffff) ctx.syntax_error("procedure too large to compile", kFalse);
    code.push_back(static_cast<std::uint8_t>(v & 0xff));
    code.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
  }
  std::size_t u32_placeholder() {
    std::size_t at = code.size();
    for (int i = 0; i < 4; ++i) code.push_back(0);
    return at;
  }
  void patch_u32(std::size_t at, std::size_t value) {
    for (int i = 0; i < 4; ++i) code[at + i] = static_cast<std::uint8_t>((value >> (8 * i)) & 0xff);
  }

  int add_constant(Value v) {
    Heap& heap = ctx.vm.heap();
    std::size_t capacity = constants == 0 ? 0 : fixnum_value(as<Vector>(constants)->length);
    if (const_count == capacity) {
      Value bigger = heap.make_vector(capacity == 0 ? 8 : capacity * 2, kFalse);
      for (std::size_t i = 0; i < const_count; ++i)
        as<Vector>(bigger)->items[i] = as<Vector>(constants)->items[i];
      constants = bigger;
    }
    as<Vector>(constants)->items[const_count] = v;
    return static_cast<int>(const_count++);
  }
  int global_constant(int lit) {
    Value symbol = ctx.literal(lit);
    std::string name(symbol_name(symbol));
    auto it = global_consts.find(name);
    if (it != global_consts.end()) return it->second;
    int k = add_constant(symbol);
    global_consts[name] = k;
    return k;
  }

  void finish_tail(bool tail) {
    if (tail) op(Op::RETURN);
  }

  void gen(Node* n, bool tail) {
    switch (n->kind) {
      case NodeKind::constant: {
        Value v = ctx.literal(n->lit);
        if (v == kNil) op(Op::NIL);
        else if (v == kTrue) op(Op::TRUE);
        else if (v == kFalse) op(Op::FALSE);
        else if (v == kUnspecified) op(Op::UNSPEC);
        else if (is_fixnum(v) && fixnum_value(v) >= -32768 && fixnum_value(v) <= 32767) {
          op(Op::SMALLINT);
          u16(static_cast<std::uint16_t>(static_cast<std::int16_t>(fixnum_value(v))));
        } else {
          op(Op::CONST);
          u16(add_constant(v));
        }
        push();
        finish_tail(tail);
        return;
      }
      case NodeKind::local_ref: {
        Var* v = n->var;
        if (v->owner == lambda) {
          op(v->boxed() ? Op::LOCAL_BOX : Op::LOCAL);
          u16(v->slot);
        } else {
          op(v->boxed() ? Op::FREE_BOX : Op::FREE);
          u16(lambda->free_index(v));
        }
        push();
        finish_tail(tail);
        return;
      }
      case NodeKind::local_set: {
        gen(n->kids[0], false);
        Var* v = n->var;
        if (v->owner == lambda) {
          op(v->boxed() ? Op::SET_LOCAL_BOX : Op::SET_LOCAL);
          u16(v->slot);
        } else {
          op(Op::SET_FREE_BOX);  // captured and assigned: always boxed
          u16(lambda->free_index(v));
        }
        pop();
        op(Op::UNSPEC);
        push();
        finish_tail(tail);
        return;
      }
      case NodeKind::global_ref:
        op(Op::GLOBAL);
        u16(global_constant(n->lit));
        push();
        finish_tail(tail);
        return;
      case NodeKind::global_set:
      case NodeKind::global_define:
        gen(n->kids[0], false);
        op(n->kind == NodeKind::global_set ? Op::SET_GLOBAL : Op::DEFINE_GLOBAL);
        u16(global_constant(n->lit));
        pop();
        op(Op::UNSPEC);
        push();
        finish_tail(tail);
        return;
      case NodeKind::if_: {
        gen(n->kids[0], false);
        op(Op::JUMP_IF_FALSE);
        std::size_t to_else = u32_placeholder();
        pop();
        int d = depth;
        gen(n->kids[1], tail);
        std::size_t to_end = 0;
        if (!tail) {
          op(Op::JUMP);
          to_end = u32_placeholder();
        }
        patch_u32(to_else, code.size());
        depth = d;
        gen(n->kids[2], tail);
        if (!tail) patch_u32(to_end, code.size());
        return;
      }
      case NodeKind::seq:
        for (std::size_t i = 0; i + 1 < n->kids.size(); ++i) {
          gen(n->kids[i], false);
          op(Op::POP);
          pop();
        }
        gen(n->kids.back(), tail);
        return;
      case NodeKind::lambda:
        gen_closure(n->lambda);
        finish_tail(tail);
        return;
      case NodeKind::call: {
        if (!tail) {
          op(Op::FRAME);
          push(2);
        }
        for (Node* k : n->kids) gen(k, false);
        int argc = static_cast<int>(n->kids.size()) - 1;
        op(tail ? Op::TAIL_CALL : Op::CALL);
        u16(argc);
        pop(argc + 1 + (tail ? 0 : 2));
        push();
        return;
      }
      case NodeKind::let: {
        int saved = next_slot;
        for (Var* v : n->vars) {
          v->slot = next_slot++;
          if (next_slot > max_slot) max_slot = next_slot;
        }
        for (std::size_t i = 0; i < n->vars.size(); ++i) {
          Var* v = n->vars[i];
          if (n->kids[i] != nullptr) {
            gen(n->kids[i], false);
            op(Op::SET_LOCAL);
            u16(v->slot);
            pop();
          } else {
            op(Op::UNSPEC);
            op(Op::SET_LOCAL);
            u16(v->slot);
          }
          if (v->boxed()) {
            op(Op::BOX_LOCAL);
            u16(v->slot);
          }
        }
        gen(n->kids.back(), tail);
        next_slot = saved;
        return;
      }
      case NodeKind::prim:
        for (Node* k : n->kids) gen(k, false);
        op(n->op);
        pop(static_cast<int>(n->kids.size()));
        push();
        finish_tail(tail);
        return;
    }
  }

  void gen_closure(LambdaInfo* child);

  // Generates the whole body and returns the Code object.
  Value finish() {
    for (std::size_t i = 0; i < lambda->params.size(); ++i) {
      lambda->params[i]->slot = static_cast<int>(i);
    }
    next_slot = max_slot = static_cast<int>(lambda->params.size());
    for (Var* p : lambda->params) {
      if (p->boxed()) {
        op(Op::BOX_LOCAL);
        u16(p->slot);
      }
    }
    gen(lambda->body, true);
    if (max_depth > 0xffff) ctx.syntax_error("procedure too large to compile", kFalse);
    code[0] = static_cast<std::uint8_t>(max_depth & 0xff);
    code[1] = static_cast<std::uint8_t>(max_depth >> 8);

    Heap& heap = ctx.vm.heap();
    Value bytecode = heap.make_bytevector(code.size(), 0);
    std::memcpy(as<Bytevector>(bytecode)->bytes, code.data(), code.size());
    Value consts = heap.make_vector(const_count, kFalse);
    for (std::size_t i = 0; i < const_count; ++i)
      as<Vector>(consts)->items[i] = as<Vector>(constants)->items[i];
    Value name = lambda->name.empty() ? kFalse : heap.intern(lambda->name);
    Value source = ctx.source.empty() ? kFalse : heap.make_string(ctx.source);
    Value c = heap.make_code();
    auto* code_obj = as<Code>(c);
    code_obj->bytecode = bytecode;
    code_obj->constants = consts;
    code_obj->name = name;
    std::size_t required = lambda->params.size() - (lambda->rest ? 1 : 0);
    code_obj->arity = make_fixnum(static_cast<std::intptr_t>(required));
    code_obj->rest = make_bool(lambda->rest);
    code_obj->frame_size = make_fixnum(max_slot);
    code_obj->source = source;
    code_obj->line_table = kFalse;
    return c;
  }
};

void FunctionGen::gen_closure(LambdaInfo* child) {
  FunctionGen inner(ctx, child);
  Value c = inner.finish();
  op(Op::CLOSURE);
  u16(add_constant(c));
  u16(static_cast<long>(child->free.size()));
  for (Var* v : child->free) {
    if (v->owner == lambda) {
      u8(0);
      u16(v->slot);
    } else {
      u8(1);
      u16(lambda->free_index(v));
    }
  }
  push();
}

}  // namespace

Value compile_toplevel(Vm& vm, Value form, std::string_view source, int line) {
  CompileContext ctx(vm);
  if (!source.empty()) ctx.source = std::string(source) + ":" + std::to_string(line);
  ctx.lambdas.emplace_back();
  LambdaInfo* top = &ctx.lambdas.back();
  top->body = expand_toplevel(ctx, form, top);
  FunctionGen gen(ctx, top);
  return gen.finish();
}

std::string disassemble(Vm& vm, Value code) {
  std::string out;
  Value bv = as<Code>(code)->bytecode;
  std::size_t length = as<Bytevector>(bv)->length;
  std::size_t pc = kCodeStart;
  while (pc < length) {
    const std::uint8_t* bytes = as<Bytevector>(bv)->bytes;
    auto o = static_cast<Op>(bytes[pc]);
    if (static_cast<int>(o) >= kOpCount) {
      out += "?\n";
      break;
    }
    out += std::to_string(pc) + " " + kOpNames[static_cast<int>(o)];
    std::size_t at = pc + 1;
    switch (kOpOperandBytes[static_cast<int>(o)]) {
      case 2:
        if (o == Op::SMALLINT)
          out += " " + std::to_string(static_cast<std::int16_t>(read_u16(bytes + at)));
        else
          out += " " + std::to_string(read_u16(bytes + at));
        break;
      case 4:
        if (o == Op::CLOSURE) {
          out += " " + std::to_string(read_u16(bytes + at)) + " " + std::to_string(read_u16(bytes + at + 2));
        } else {
          out += " " + std::to_string(read_u32(bytes + at));
        }
        break;
      default:
        break;
    }
    if (o == Op::GLOBAL || o == Op::SET_GLOBAL || o == Op::DEFINE_GLOBAL) {
      Value s = as<Vector>(as<Code>(code)->constants)->items[read_u16(bytes + at)];
      out += " ; " + std::string(symbol_name(s));
    }
    pc = at + kOpOperandBytes[static_cast<int>(o)];
    if (o == Op::CLOSURE) pc += 3 * read_u16(bytes + at + 2);
    out += "\n";
  }
  (void)vm;
  return out;
}

}  // namespace lisp
