// compiler.hpp: from S-expressions to bytecode.
//
// Compilation has two passes over one top-level form:
//  1. expand (expander.cpp, syntax_rules.cpp): macros and derived forms are
//     expanded and every identifier is resolved, giving a small tree of core
//     nodes (constant, variable reference/assignment, if, sequence, lambda,
//     call, let, inline primitive).  Resolving a reference from an inner
//     lambda marks the variable captured and adds it to the free lists of the
//     lambdas in between; set! marks it assigned.
//  2. generate (compiler.cpp): bytecode for each lambda.  Locals live in
//     frame slots; a variable that is both captured and assigned lives in a
//     Box; captured variables are copied into Closure.free.
//
// GC safety: the tree is C++ memory, so it never holds a Value.  Literal data
// and macro transformers go into CompileContext::pool, a Lisp Vector whose
// only reference is the context itself, a local on the C++ stack (ambiguous
// root); nodes refer to pool indices.  Variables are identified by name
// (std::string) and Var objects, never by symbol address.
//
// Hygiene (documented in docs/vm.md): syntax-rules renames every symbol a
// template introduces to a fresh alias "name\x01N" (an interned symbol no
// reader can produce).  An alias bound by the expansion refers to that
// binding; otherwise it means its original name looked up in the macro's
// definition environment (top level for define-syntax at top level).  So
// template temporaries never capture user variables, and user variables
// never capture a template's references to globals.  Quoted data is
// stripped of aliases.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bytecode.hpp"
#include "value.hpp"

namespace lisp {

class Vm;

// Compiles one top-level form into a Code object taking no arguments.
// `source` and `line` name where the form came from (for backtraces).
// Syntax errors raise a Lisp error of kind syntax-error.
Value compile_toplevel(Vm& vm, Value form, std::string_view source, int line);

// A readable listing of a Code object's bytecode (for tests and debugging).
std::string disassemble(Vm& vm, Value code);

// The name of a symbol with every macro alias suffix removed.
std::string symbol_base_name(Value symbol);
std::string_view symbol_name(Value symbol);

// ---- internal: shared by expander.cpp, syntax_rules.cpp, compiler.cpp ----

struct LambdaInfo;

struct Var {
  std::string name;
  LambdaInfo* owner = nullptr;
  bool captured = false;
  bool assigned = false;
  int slot = -1;  // frame slot, given by the code generator
  bool boxed() const { return captured && assigned; }
};

struct Node;

struct LambdaInfo {
  LambdaInfo* parent = nullptr;
  std::vector<Var*> params;  // the rest parameter, if any, is last
  bool rest = false;
  std::vector<Var*> free;  // captured from enclosing lambdas, in Closure.free order
  Node* body = nullptr;
  std::string name;  // for backtraces; empty if anonymous
  int free_index(Var* v);  // index in `free`, adding v if needed
};

enum class NodeKind {
  constant,       // pool[lit]
  local_ref,      // var
  local_set,      // var = kids[0]
  global_ref,     // pool[lit] is the symbol
  global_set,
  global_define,
  if_,            // kids: test, then, else
  seq,            // kids in order; value of the last
  lambda,         // lambda
  call,           // kids[0] the procedure, then the arguments
  let,            // vars[i] = kids[i] (nullptr: unspecified), then kids.back() the body
  prim,           // op on kids (an inlined primitive)
};

struct Node {
  NodeKind kind;
  int lit = -1;
  Var* var = nullptr;
  LambdaInfo* lambda = nullptr;
  Op op = Op::NIL;
  std::vector<Node*> kids;
  std::vector<Var*> vars;
};

struct Scope;

// What a name means at one point.
struct Binding {
  enum Kind { variable, macro } kind = variable;
  Var* var = nullptr;
  int macro_lit = -1;     // pool index of the transformer
  Scope* macro_env = nullptr;
};

struct Scope {
  Scope* parent = nullptr;
  LambdaInfo* lambda = nullptr;  // the lambda whose frame holds this scope's variables
  std::vector<std::pair<std::string, Binding>> names;
  Binding* find(const std::string& name);
};

struct AliasInfo {
  std::string original;  // the name it renames (may itself be an alias)
  Scope* env;            // the macro's definition environment; nullptr = top level
};

struct CompileContext {
  explicit CompileContext(Vm& vm) : vm(vm) {}
  Vm& vm;
  // Values the tree refers to.  This context is a C++ local, so `pool` is
  // an ambiguous root: the Vector is pinned and its items traced.
  Value pool = 0;
  std::size_t pool_count = 0;
  std::deque<Node> nodes;
  std::deque<Var> vars;
  std::deque<LambdaInfo> lambdas;
  std::deque<Scope> scopes;
  std::unordered_map<std::string, AliasInfo> aliases;
  std::string source;  // "file:line" of the top-level form
  Scope* top = nullptr;  // the top-level scope: define there defines a global

  int add_literal(Value v);
  Value literal(int index) const;
  Node* node(NodeKind kind);
  Var* new_var(const std::string& name, LambdaInfo* owner);
  Scope* new_scope(Scope* parent, LambdaInfo* lambda);
  [[noreturn]] void syntax_error(std::string_view message, Value form);
};

// Expands a top-level form to a node tree (expander.cpp).
Node* expand_toplevel(CompileContext& ctx, Value form, LambdaInfo* toplevel);

// Derived forms written as rewrites to other forms (derived_forms.cpp): the
// rewritten form if `name` (a global's base name) is one, else 0.
Value rewrite_derived(CompileContext& ctx, const std::string& name, Value form);
// A symbol that always means the global `name`, whatever is bound locally.
Value global_id(CompileContext& ctx, std::string_view name);

// syntax-rules (syntax_rules.cpp).  A transformer is the Lisp list
// (ellipsis literals rule...) made from the (syntax-rules ...) form.
Value make_syntax_rules(CompileContext& ctx, Value spec);
// Expands `form` by the transformer; introduced symbols are renamed to
// aliases registered in ctx.aliases with environment `env`.
Value apply_syntax_rules(CompileContext& ctx, Value transformer, Value form, Scope* env);
// A fresh alias symbol for `name`.
Value make_alias(CompileContext& ctx, Value symbol, Scope* env);
// `datum` with every alias symbol replaced by its base name.
Value strip_syntax(Vm& vm, Value datum);

// Global macros (define-syntax at top level): name -> transformer.  The
// transformers live in a Vector in the interpreter's roots.
Value global_macro(Vm& vm, const std::string& name);  // 0 if none
void define_global_macro(Vm& vm, const std::string& name, Value transformer);

}  // namespace lisp
