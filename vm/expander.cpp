// expander.cpp: pass 1 of the compiler: expands macros and derived forms and
// resolves identifiers, turning an S-expression into the node tree of
// compiler.hpp.  Special forms are looked up by the base name of the global
// an identifier resolves to, so a local variable named `if` shadows `if`.
// Forms that are easiest written as other forms (do, quasiquote,
// define-record-type, guard, parameterize, delay, case-lambda, let-values,
// define-values, assert) are rewritten to S-expressions and expanded again;
// their rewrites name globals through "global aliases" (gid) so local
// variables of the user's cannot capture them.
#include <functional>

#include "compiler.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "interpreter.hpp"
#include "vm.hpp"

namespace lisp {
namespace {

using Handler = Node* (*)(CompileContext&, Value form, Scope* s);

Value sym(CompileContext& ctx, std::string_view name) { return ctx.vm.heap().intern(name); }

// A symbol that always means the global `name`, whatever is bound locally:
// an alias with no registry entry resolves at top level.
Value gid(CompileContext& ctx, std::string_view name) {
  std::string n(name);
  n += "\x01g";
  return ctx.vm.heap().intern(n);
}

Value cons(CompileContext& ctx, Value a, Value b) { return ctx.vm.heap().cons(a, b); }
Value list(CompileContext& ctx, std::initializer_list<Value> items) {
  Value out = kNil;
  for (auto it = items.end(); it != items.begin();) out = cons(ctx, *--it, out);
  return out;
}
Value reverse_list(CompileContext& ctx, Value l) {
  Value out = kNil;
  for (; is_pair(l); l = cdr(l)) out = cons(ctx, car(l), out);
  return out;
}

// Length of a proper list, or -1.
long list_length(Value l) {
  long n = 0;
  for (; is_pair(l); l = cdr(l)) ++n;
  return l == kNil ? n : -1;
}

Value nth(Value l, int i) {
  while (i-- > 0) l = cdr(l);
  return car(l);
}

// What an identifier means.
struct Resolved {
  enum Kind { local, local_macro, global } kind;
  Binding* binding = nullptr;
  std::string name;  // for globals: the base name
};

Resolved resolve_name(CompileContext& ctx, const std::string& name, Scope* s) {
  for (Scope* sc = s; sc != nullptr; sc = sc->parent) {
    if (Binding* b = sc->find(name)) {
      return {b->kind == Binding::variable ? Resolved::local : Resolved::local_macro, b, name};
    }
  }
  auto pos = name.rfind('\x01');
  if (pos == std::string::npos) return {Resolved::global, nullptr, name};
  auto it = ctx.aliases.find(name);
  if (it == ctx.aliases.end()) return resolve_name(ctx, name.substr(0, pos), nullptr);
  return resolve_name(ctx, it->second.original, it->second.env);
}

Resolved resolve(CompileContext& ctx, Value symbol, Scope* s) {
  return resolve_name(ctx, std::string(symbol_name(symbol)), s);
}

// The global symbol for a base name, as a literal.
int global_literal(CompileContext& ctx, const std::string& name) {
  return ctx.add_literal(sym(ctx, name));
}

Node* constant(CompileContext& ctx, Value v) {
  Node* n = ctx.node(NodeKind::constant);
  n->lit = ctx.add_literal(v);
  return n;
}

Node* unspecified(CompileContext& ctx) { return constant(ctx, kUnspecified); }

Node* seq(CompileContext& ctx, std::vector<Node*> kids) {
  if (kids.empty()) return unspecified(ctx);
  if (kids.size() == 1) return kids[0];
  Node* n = ctx.node(NodeKind::seq);
  n->kids = std::move(kids);
  return n;
}

Node* if_node(CompileContext& ctx, Node* test, Node* then, Node* otherwise) {
  Node* n = ctx.node(NodeKind::if_);
  n->kids = {test, then, otherwise};
  return n;
}

// A reference to a local variable from scope `s`: marks it captured when the
// reference is from an inner lambda.
Node* local_ref(CompileContext& ctx, Var* v, Scope* s) {
  LambdaInfo* here = s->lambda;
  if (v->owner != here) {
    v->captured = true;
    for (LambdaInfo* l = here; l != v->owner && l != nullptr; l = l->parent) l->free_index(v);
  }
  Node* n = ctx.node(NodeKind::local_ref);
  n->var = v;
  return n;
}

Node* local_set(CompileContext& ctx, Var* v, Node* value, Scope* s) {
  local_ref(ctx, v, s);  // capture marking only; the node is discarded
  v->assigned = true;
  Node* n = ctx.node(NodeKind::local_set);
  n->var = v;
  n->kids = {value};
  return n;
}

// A let of one hidden temporary (not visible to user code).
Node* let1(CompileContext& ctx, Var* v, Node* init, Node* body) {
  Node* n = ctx.node(NodeKind::let);
  n->vars = {v};
  n->kids = {init, body};
  return n;
}

Node* expand(CompileContext& ctx, Value form, Scope* s);
Node* expand_body(CompileContext& ctx, Value body, Scope* s, Value form);
Node* expand_lambda(CompileContext& ctx, Value formals, Value body, Scope* s,
                    const std::string& name, Value form);

// Expands `form`; if it is a lambda, the procedure gets `name`.
Node* expand_named(CompileContext& ctx, Value form, Scope* s, const std::string& name) {
  if (is_pair(form) && is_symbol(car(form)) && is_pair(cdr(form))) {
    Resolved r = resolve(ctx, car(form), s);
    if (r.kind == Resolved::global && r.name == "lambda")
      return expand_lambda(ctx, car(cdr(form)), cdr(cdr(form)), s, name, form);
  }
  return expand(ctx, form, s);
}

bool is_keyword(CompileContext& ctx, Value v, Scope* s, const char* name) {
  if (!is_symbol(v)) return false;
  Resolved r = resolve(ctx, v, s);
  return r.kind == Resolved::global && r.name == name;
}

// The macro transformer `head` names, or 0; sets *env to its environment.
Value macro_for(CompileContext& ctx, Value head, Scope* s, Scope** env) {
  if (!is_symbol(head)) return 0;
  Resolved r = resolve(ctx, head, s);
  if (r.kind == Resolved::local_macro) {
    *env = r.binding->macro_env;
    return ctx.literal(r.binding->macro_lit);
  }
  if (r.kind == Resolved::global) {
    *env = nullptr;
    return global_macro(ctx.vm, r.name);
  }
  return 0;
}

Node* expand_call(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 0) ctx.syntax_error("bad procedure call (improper list)", form);
  Node* n = ctx.node(NodeKind::call);
  for (Value l = form; is_pair(l); l = cdr(l)) n->kids.push_back(expand(ctx, car(l), s));
  return n;
}

// ---- core forms ---------------------------------------------------------------

Node* sf_quote(CompileContext& ctx, Value form, Scope*) {
  if (list_length(form) != 2) ctx.syntax_error("quote: expects one datum", form);
  return constant(ctx, strip_syntax(ctx.vm, car(cdr(form))));
}

Node* sf_if(CompileContext& ctx, Value form, Scope* s) {
  long n = list_length(form);
  if (n != 3 && n != 4) ctx.syntax_error("if: expects (if test then [else])", form);
  Node* test = expand(ctx, nth(form, 1), s);
  Node* then = expand(ctx, nth(form, 2), s);
  Node* otherwise = n == 4 ? expand(ctx, nth(form, 3), s) : unspecified(ctx);
  return if_node(ctx, test, then, otherwise);
}

// (define name expr) / (define (name . formals) body...) / curried: the
// name and the value form.
void parse_define(CompileContext& ctx, Value form, Value* name, Value* value) {
  if (list_length(form) < 2) ctx.syntax_error("define: bad syntax", form);
  Value target = nth(form, 1);
  Value rest = cdr(cdr(form));
  // Curried define: (define ((f a) b) ...) = (define (f a) (lambda (b) ...)).
  while (is_pair(target)) {
    rest = list(ctx, {cons(ctx, gid(ctx, "lambda"), cons(ctx, cdr(target), rest))});
    target = car(target);
  }
  if (!is_symbol(target)) ctx.syntax_error("define: the name must be a symbol", form);
  *name = target;
  if (rest == kNil) {
    *value = 0;
  } else if (is_pair(rest) && cdr(rest) == kNil) {
    *value = car(rest);
  } else {
    ctx.syntax_error("define: expects one value", form);
  }
}

Node* sf_define(CompileContext& ctx, Value form, Scope* s) {
  if (s != ctx.top) ctx.syntax_error("define: not allowed in an expression context", form);
  Value name, value;
  parse_define(ctx, form, &name, &value);
  std::string base = symbol_base_name(name);
  Node* n = ctx.node(NodeKind::global_define);
  n->lit = global_literal(ctx, base);
  n->kids = {value == 0 ? unspecified(ctx) : expand_named(ctx, value, s, base)};
  return n;
}

Node* sf_set(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) != 3 || !is_symbol(nth(form, 1)))
    ctx.syntax_error("set!: expects (set! name expr)", form);
  Resolved r = resolve(ctx, nth(form, 1), s);
  Node* value = expand(ctx, nth(form, 2), s);
  if (r.kind == Resolved::local) return local_set(ctx, r.binding->var, value, s);
  if (r.kind == Resolved::local_macro) ctx.syntax_error("set!: cannot assign a macro", form);
  Node* n = ctx.node(NodeKind::global_set);
  n->lit = global_literal(ctx, r.name);
  n->kids = {value};
  return n;
}

Node* sf_lambda(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 3) ctx.syntax_error("lambda: expects formals and a body", form);
  return expand_lambda(ctx, nth(form, 1), cdr(cdr(form)), s, "", form);
}

Node* sf_named_lambda(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 3 || !is_pair(nth(form, 1)) || !is_symbol(car(nth(form, 1))))
    ctx.syntax_error("named-lambda: expects (named-lambda (name . formals) body...)", form);
  Value head = nth(form, 1);
  return expand_lambda(ctx, cdr(head), cdr(cdr(form)), s, symbol_base_name(car(head)), form);
}

Node* sf_begin(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 0) ctx.syntax_error("begin: bad syntax", form);
  std::vector<Node*> kids;
  for (Value l = cdr(form); is_pair(l); l = cdr(l)) kids.push_back(expand(ctx, car(l), s));
  return seq(ctx, std::move(kids));
}

// (let ((v init) ...) body...) and named let.
Node* sf_let(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 3) ctx.syntax_error("let: expects bindings and a body", form);
  Value second = nth(form, 1);
  if (is_symbol(second)) {  // named let
    Value bindings = nth(form, 2);
    Value body = cdr(cdr(cdr(form)));
    if (list_length(bindings) < 0 || body == kNil) ctx.syntax_error("let: bad named let", form);
    Value formals = kNil;
    std::vector<Node*> inits;
    for (Value b = bindings; is_pair(b); b = cdr(b)) {
      Value binding = car(b);
      if (is_symbol(binding)) {
        formals = cons(ctx, binding, formals);
        inits.push_back(unspecified(ctx));
        continue;
      }
      if (list_length(binding) != 2 || !is_symbol(car(binding)))
        ctx.syntax_error("let: bad binding", binding);
      formals = cons(ctx, car(binding), formals);
      inits.push_back(expand(ctx, nth(binding, 1), s));
    }
    formals = reverse_list(ctx, formals);
    Scope* inner = ctx.new_scope(s, s->lambda);
    Var* loop = ctx.new_var(std::string(symbol_name(second)), s->lambda);
    inner->names.push_back({loop->name, Binding{Binding::variable, loop}});
    Node* proc = expand_lambda(ctx, formals, body, inner, symbol_base_name(second), form);
    Node* call = ctx.node(NodeKind::call);
    call->kids.push_back(local_ref(ctx, loop, inner));
    for (Node* i : inits) call->kids.push_back(i);
    Node* n = ctx.node(NodeKind::let);
    n->vars = {loop};
    n->kids = {nullptr, seq(ctx, {local_set(ctx, loop, proc, inner), call})};
    return n;
  }
  if (list_length(second) < 0) ctx.syntax_error("let: bad bindings", form);
  Node* n = ctx.node(NodeKind::let);
  Scope* inner = ctx.new_scope(s, s->lambda);
  for (Value b = second; is_pair(b); b = cdr(b)) {
    Value binding = car(b);
    Value name;
    Node* init;
    if (is_symbol(binding)) {
      name = binding;
      init = unspecified(ctx);
    } else {
      long len = list_length(binding);
      if ((len != 2 && len != 1) || !is_symbol(car(binding)))
        ctx.syntax_error("let: bad binding", binding);
      name = car(binding);
      init = len == 2 ? expand_named(ctx, nth(binding, 1), s, symbol_base_name(name))
                      : unspecified(ctx);
    }
    Var* v = ctx.new_var(std::string(symbol_name(name)), s->lambda);
    if (inner->find(v->name)) ctx.syntax_error("let: duplicate variable", form);
    inner->names.push_back({v->name, Binding{Binding::variable, v}});
    n->vars.push_back(v);
    n->kids.push_back(init);
  }
  n->kids.push_back(expand_body(ctx, cdr(cdr(form)), inner, form));
  return n;
}

Node* sf_let_star(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 3 || list_length(nth(form, 1)) < 0)
    ctx.syntax_error("let*: expects bindings and a body", form);
  Value bindings = nth(form, 1);
  Value body = cdr(cdr(form));
  if (bindings == kNil || cdr(bindings) == kNil)
    return sf_let(ctx, cons(ctx, gid(ctx, "let"), cons(ctx, bindings, body)), s);
  Value inner = cons(ctx, gid(ctx, "let*"), cons(ctx, cdr(bindings), body));
  return sf_let(ctx, list(ctx, {gid(ctx, "let"), list(ctx, {car(bindings)}), inner}), s);
}

Node* sf_letrec(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 3 || list_length(nth(form, 1)) < 0)
    ctx.syntax_error("letrec: expects bindings and a body", form);
  Scope* inner = ctx.new_scope(s, s->lambda);
  Node* n = ctx.node(NodeKind::let);
  for (Value b = nth(form, 1); is_pair(b); b = cdr(b)) {
    Value binding = car(b);
    if (list_length(binding) != 2 || !is_symbol(car(binding)))
      ctx.syntax_error("letrec: bad binding", binding);
    Var* v = ctx.new_var(std::string(symbol_name(car(binding))), s->lambda);
    inner->names.push_back({v->name, Binding{Binding::variable, v}});
    n->vars.push_back(v);
    n->kids.push_back(nullptr);
  }
  std::vector<Node*> body;
  int i = 0;
  for (Value b = nth(form, 1); is_pair(b); b = cdr(b), ++i) {
    Var* v = n->vars[i];
    Node* init = expand_named(ctx, nth(car(b), 1), inner, symbol_base_name(car(car(b))));
    body.push_back(local_set(ctx, v, init, inner));
  }
  body.push_back(expand_body(ctx, cdr(cdr(form)), inner, form));
  n->kids.push_back(seq(ctx, std::move(body)));
  return n;
}

Node* sf_and(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 0) ctx.syntax_error("and: bad syntax", form);
  Value args = cdr(form);
  if (args == kNil) return constant(ctx, kTrue);
  if (cdr(args) == kNil) return expand(ctx, car(args), s);
  Node* test = expand(ctx, car(args), s);
  Node* rest = sf_and(ctx, cons(ctx, car(form), cdr(args)), s);
  return if_node(ctx, test, rest, constant(ctx, kFalse));
}

Node* sf_or(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 0) ctx.syntax_error("or: bad syntax", form);
  Value args = cdr(form);
  if (args == kNil) return constant(ctx, kFalse);
  if (cdr(args) == kNil) return expand(ctx, car(args), s);
  Node* first = expand(ctx, car(args), s);
  Node* rest = sf_or(ctx, cons(ctx, car(form), cdr(args)), s);
  Var* t = ctx.new_var("or-tmp", s->lambda);
  Node* ref1 = ctx.node(NodeKind::local_ref);
  ref1->var = t;
  Node* ref2 = ctx.node(NodeKind::local_ref);
  ref2->var = t;
  return let1(ctx, t, first, if_node(ctx, ref1, ref2, rest));
}

Node* body_of(CompileContext& ctx, Value forms, Scope* s) {
  std::vector<Node*> kids;
  for (Value l = forms; is_pair(l); l = cdr(l)) kids.push_back(expand(ctx, car(l), s));
  return seq(ctx, std::move(kids));
}

Node* sf_when(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 2) ctx.syntax_error("when: expects a test", form);
  return if_node(ctx, expand(ctx, nth(form, 1), s), body_of(ctx, cdr(cdr(form)), s),
                 unspecified(ctx));
}

Node* sf_unless(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 2) ctx.syntax_error("unless: expects a test", form);
  return if_node(ctx, expand(ctx, nth(form, 1), s), unspecified(ctx),
                 body_of(ctx, cdr(cdr(form)), s));
}

Node* cond_clauses(CompileContext& ctx, Value clauses, Scope* s, Value form) {
  if (clauses == kNil) return unspecified(ctx);
  Value clause = car(clauses);
  if (list_length(clause) < 1) ctx.syntax_error("cond: bad clause", clause);
  if (is_keyword(ctx, car(clause), s, "else")) {
    if (cdr(clauses) != kNil) ctx.syntax_error("cond: else must be the last clause", form);
    return body_of(ctx, cdr(clause), s);
  }
  Node* test = expand(ctx, car(clause), s);
  Node* rest = cond_clauses(ctx, cdr(clauses), s, form);
  Value body = cdr(clause);
  if (body == kNil || (is_pair(body) && is_keyword(ctx, car(body), s, "=>"))) {
    Var* t = ctx.new_var("cond-tmp", s->lambda);
    Node* ref1 = ctx.node(NodeKind::local_ref);
    ref1->var = t;
    Node* ref2 = ctx.node(NodeKind::local_ref);
    ref2->var = t;
    Node* then = ref2;
    if (body != kNil) {
      if (list_length(body) != 2) ctx.syntax_error("cond: => expects one procedure", clause);
      then = ctx.node(NodeKind::call);
      then->kids = {expand(ctx, nth(body, 1), s), ref2};
    }
    return let1(ctx, t, test, if_node(ctx, ref1, then, rest));
  }
  return if_node(ctx, test, body_of(ctx, body, s), rest);
}

Node* sf_cond(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 1) ctx.syntax_error("cond: bad syntax", form);
  return cond_clauses(ctx, cdr(form), s, form);
}

// Data eq? can compare (so case can use the inline EQ).
bool eq_comparable(Value d) {
  return is_fixnum(d) || is_imm(d) || is_symbol(d);
}

Node* sf_case(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) < 2) ctx.syntax_error("case: expects a key", form);
  Var* key = ctx.new_var("case-key", s->lambda);
  auto key_ref = [&] {
    Node* r = ctx.node(NodeKind::local_ref);
    r->var = key;
    return r;
  };
  // Build the clauses back to front.  (Values are kept in Lisp lists held
  // by locals, never in a std::vector: a collection may move them.)
  Value reversed = reverse_list(ctx, cdr(cdr(form)));
  Node* result = unspecified(ctx);
  for (; is_pair(reversed); reversed = cdr(reversed)) {
    Value clause = car(reversed);
    if (list_length(clause) < 2) ctx.syntax_error("case: bad clause", clause);
    Value body = cdr(clause);
    Node* then;
    if (is_keyword(ctx, car(body), s, "=>")) {
      if (list_length(body) != 2) ctx.syntax_error("case: => expects one procedure", clause);
      then = ctx.node(NodeKind::call);
      then->kids = {expand(ctx, nth(body, 1), s), key_ref()};
    } else {
      then = body_of(ctx, body, s);
    }
    if (is_keyword(ctx, car(clause), s, "else")) {
      result = then;
      continue;
    }
    Value data = strip_syntax(ctx.vm, car(clause));
    if (list_length(data) < 0) ctx.syntax_error("case: bad datum list", clause);
    Node* test = constant(ctx, kFalse);
    bool simple = true;
    for (Value d = data; is_pair(d); d = cdr(d)) simple = simple && eq_comparable(car(d));
    if (simple) {
      for (Value d = reverse_list(ctx, data); is_pair(d); d = cdr(d)) {
        Node* eq = ctx.node(NodeKind::prim);
        eq->op = Op::EQ;
        eq->kids = {key_ref(), constant(ctx, car(d))};
        test = if_node(ctx, eq, constant(ctx, kTrue), test);
      }
    } else {
      test = ctx.node(NodeKind::call);
      Node* memv = ctx.node(NodeKind::global_ref);
      memv->lit = global_literal(ctx, "memv");
      test->kids = {memv, key_ref(), constant(ctx, data)};
    }
    result = if_node(ctx, test, then, result);
  }
  return let1(ctx, key, expand(ctx, nth(form, 1), s), result);
}

Node* sf_define_syntax(CompileContext& ctx, Value form, Scope* s) {
  if (list_length(form) != 3 || !is_symbol(nth(form, 1)))
    ctx.syntax_error("define-syntax: expects a name and a transformer", form);
  if (s != ctx.top) ctx.syntax_error("define-syntax: not allowed in an expression context", form);
  Value transformer = make_syntax_rules(ctx, nth(form, 2));
  define_global_macro(ctx.vm, symbol_base_name(nth(form, 1)), transformer);
  return unspecified(ctx);
}

Node* sf_let_syntax(CompileContext& ctx, Value form, Scope* s, bool rec) {
  if (list_length(form) < 3 || list_length(nth(form, 1)) < 0)
    ctx.syntax_error("let-syntax: expects bindings and a body", form);
  Scope* inner = ctx.new_scope(s, s->lambda);
  for (Value b = nth(form, 1); is_pair(b); b = cdr(b)) {
    Value binding = car(b);
    if (list_length(binding) != 2 || !is_symbol(car(binding)))
      ctx.syntax_error("let-syntax: bad binding", binding);
    Binding mb{Binding::macro, nullptr, ctx.add_literal(make_syntax_rules(ctx, nth(binding, 1))),
               rec ? inner : s};
    inner->names.push_back({std::string(symbol_name(car(binding))), mb});
  }
  return expand_body(ctx, cdr(cdr(form)), inner, form);
}
Node* sf_let_syntax_plain(CompileContext& ctx, Value form, Scope* s) {
  return sf_let_syntax(ctx, form, s, false);
}
Node* sf_letrec_syntax(CompileContext& ctx, Value form, Scope* s) {
  return sf_let_syntax(ctx, form, s, true);
}

Node* sf_syntax_rules(CompileContext& ctx, Value form, Scope*) {
  ctx.syntax_error("syntax-rules: only allowed in define-syntax or let-syntax", form);
}

Node* sf_unquote(CompileContext& ctx, Value form, Scope*) {
  ctx.syntax_error("unquote: not inside quasiquote", form);
}

Node* sf_else(CompileContext& ctx, Value form, Scope*) {
  ctx.syntax_error("bad use of a syntactic keyword", form);
}

}  // namespace


namespace {

const std::unordered_map<std::string, Handler>& special_forms() {
  static const std::unordered_map<std::string, Handler> table = {
      {"quote", sf_quote},
      {"if", sf_if},
      {"define", sf_define},
      {"set!", sf_set},
      {"lambda", sf_lambda},
      {"named-lambda", sf_named_lambda},
      {"begin", sf_begin},
      {"let", sf_let},
      {"let*", sf_let_star},
      {"letrec", sf_letrec},
      {"letrec*", sf_letrec},
      {"and", sf_and},
      {"or", sf_or},
      {"when", sf_when},
      {"unless", sf_unless},
      {"cond", sf_cond},
      {"case", sf_case},
      {"define-syntax", sf_define_syntax},
      {"let-syntax", sf_let_syntax_plain},
      {"letrec-syntax", sf_letrec_syntax},
      {"syntax-rules", sf_syntax_rules},
      {"unquote", sf_unquote},
      {"unquote-splicing", sf_unquote},
      {"else", sf_else},
      {"=>", sf_else},
  };
  return table;
}

Node* expand_pair(CompileContext& ctx, Value form, Scope* s) {
  Value head = car(form);
  if (!is_symbol(head)) return expand_call(ctx, form, s);
  Resolved r = resolve(ctx, head, s);
  if (r.kind == Resolved::local) return expand_call(ctx, form, s);
  if (r.kind == Resolved::local_macro) {
    Value expanded = apply_syntax_rules(ctx, ctx.literal(r.binding->macro_lit), form,
                                        r.binding->macro_env);
    return expand(ctx, expanded, s);
  }
  auto& table = special_forms();
  if (auto it = table.find(r.name); it != table.end()) return it->second(ctx, form, s);
  // A stdlib macro of the same name (e.g. delay, assert) wins over the
  // built-in rewrite, so the stdlib's runtime helpers and syntax agree.
  if (Value macro = global_macro(ctx.vm, r.name); macro != 0) {
    return expand(ctx, apply_syntax_rules(ctx, macro, form, nullptr), s);
  }
  if (Value rewritten = rewrite_derived(ctx, r.name, form); rewritten != 0)
    return expand(ctx, rewritten, s);
  // An inlined primitive?  (+ a b c ...) and (* a b c ...) nest to the
  // binary forms (left to right, the order the generic procedures use).
  long argc = list_length(form) - 1;
  if ((r.name == "+" || r.name == "*" || r.name == "-") && argc > 2) {
    Op op = r.name == "+" ? Op::ADD : r.name == "*" ? Op::MUL : Op::SUB;
    Node* acc = expand(ctx, nth(form, 1), s);
    for (Value l = cdr(cdr(form)); is_pair(l); l = cdr(l)) {
      Node* n = ctx.node(NodeKind::prim);
      n->op = op;
      n->kids = {acc, expand(ctx, car(l), s)};
      acc = n;
    }
    return acc;
  }
  for (const InlinePrimitive& p : kInlinePrimitives) {
    if (r.name == p.name && argc == p.args) {
      Node* n = ctx.node(NodeKind::prim);
      n->op = p.op;
      for (Value l = cdr(form); is_pair(l); l = cdr(l)) n->kids.push_back(expand(ctx, car(l), s));
      return n;
    }
  }
  return expand_call(ctx, form, s);
}

Node* expand(CompileContext& ctx, Value form, Scope* s) {
  if (is_symbol(form)) {
    Resolved r = resolve(ctx, form, s);
    if (r.kind == Resolved::local) return local_ref(ctx, r.binding->var, s);
    if (r.kind == Resolved::local_macro) ctx.syntax_error("bad use of a macro name", form);
    Node* n = ctx.node(NodeKind::global_ref);
    n->lit = global_literal(ctx, r.name);
    return n;
  }
  if (is_pair(form)) return expand_pair(ctx, form, s);
  return constant(ctx, form);  // self-evaluating
}

Node* expand_lambda(CompileContext& ctx, Value formals, Value body, Scope* s,
                    const std::string& name, Value form) {
  ctx.lambdas.emplace_back();
  LambdaInfo* l = &ctx.lambdas.back();
  l->parent = s->lambda;
  l->name = name;
  Scope* inner = ctx.new_scope(s, l);
  Value f = formals;
  auto add_param = [&](Value p) {
    if (!is_symbol(p)) ctx.syntax_error("lambda: a parameter must be a symbol", form);
    Var* v = ctx.new_var(std::string(symbol_name(p)), l);
    if (inner->find(v->name)) ctx.syntax_error("lambda: duplicate parameter", form);
    inner->names.push_back({v->name, Binding{Binding::variable, v}});
    l->params.push_back(v);
  };
  for (; is_pair(f); f = cdr(f)) add_param(car(f));
  if (f != kNil) {
    add_param(f);
    l->rest = true;
  }
  if (body == kNil) ctx.syntax_error("lambda: empty body", form);
  l->body = expand_body(ctx, body, inner, form);
  Node* n = ctx.node(NodeKind::lambda);
  n->lambda = l;
  return n;
}

// A body: internal definitions (found after macro expansion, and spliced
// out of `begin`) become variables of one new scope with letrec* semantics;
// definitions and expressions may be mixed and run in order.
Node* expand_body(CompileContext& ctx, Value body, Scope* s, Value form) {
  if (list_length(body) < 0) ctx.syntax_error("bad body", form);
  Scope* inner = ctx.new_scope(s, s->lambda);
  // items: reversed list of (name-or-#f . form); name is the definition's
  // symbol, #f marks an expression.
  Value items = kNil;
  Value work = body;
  while (is_pair(work)) {
    Value f = car(work);
    work = cdr(work);
    if (is_pair(f) && is_symbol(car(f))) {
      Scope* env = nullptr;
      Resolved r = resolve(ctx, car(f), inner);
      if (r.kind != Resolved::local) {
        if (Value m = macro_for(ctx, car(f), inner, &env); m != 0) {
          work = cons(ctx, apply_syntax_rules(ctx, m, f, env), work);
          continue;
        }
      }
      if (r.kind == Resolved::global) {
        if (r.name == "begin") {
          if (list_length(f) < 0) ctx.syntax_error("begin: bad syntax", f);
          Value spliced = reverse_list(ctx, cdr(f));
          for (; is_pair(spliced); spliced = cdr(spliced)) work = cons(ctx, car(spliced), work);
          continue;
        }
        if (r.name == "define") {
          Value name, value;
          parse_define(ctx, f, &name, &value);
          std::string n(symbol_name(name));
          if (!inner->find(n)) {
            Var* v = ctx.new_var(n, s->lambda);
            inner->names.push_back({n, Binding{Binding::variable, v}});
          }
          items = cons(ctx, cons(ctx, name, value == 0 ? kUnspecified : value), items);
          continue;
        }
        if (r.name == "define-syntax") {
          if (list_length(f) != 3 || !is_symbol(nth(f, 1)))
            ctx.syntax_error("define-syntax: expects a name and a transformer", f);
          Binding mb{Binding::macro, nullptr, ctx.add_literal(make_syntax_rules(ctx, nth(f, 2))),
                     inner};
          inner->names.push_back({std::string(symbol_name(nth(f, 1))), mb});
          continue;
        }
        if (r.name == "define-record-type" || r.name == "define-values") {
          // These rewrite to (begin (define ...) ...), spliced next round.
          work = cons(ctx, rewrite_derived(ctx, r.name, f), work);
          continue;
        }
      }
    }
    items = cons(ctx, cons(ctx, kFalse, f), items);
  }
  items = reverse_list(ctx, items);
  Node* n = ctx.node(NodeKind::let);
  for (auto& [name, binding] : inner->names) {
    if (binding.kind != Binding::variable) continue;
    n->vars.push_back(binding.var);
    n->kids.push_back(nullptr);
  }
  std::vector<Node*> kids;
  for (Value l = items; is_pair(l); l = cdr(l)) {
    Value item = car(l);
    if (car(item) == kFalse) {
      kids.push_back(expand(ctx, cdr(item), inner));
    } else {
      Var* v = inner->find(std::string(symbol_name(car(item))))->var;
      Node* value = cdr(item) == kUnspecified
                        ? unspecified(ctx)
                        : expand_named(ctx, cdr(item), inner, symbol_base_name(car(item)));
      kids.push_back(local_set(ctx, v, value, inner));
    }
  }
  if (kids.empty()) ctx.syntax_error("body: no expressions", form);
  Node* body_node = seq(ctx, std::move(kids));
  if (n->vars.empty()) return body_node;
  n->kids.push_back(body_node);
  return n;
}

}  // namespace

Value global_id(CompileContext& ctx, std::string_view name) { return gid(ctx, name); }

Node* expand_toplevel(CompileContext& ctx, Value form, LambdaInfo* toplevel) {
  ctx.top = ctx.new_scope(nullptr, toplevel);
  return expand(ctx, form, ctx.top);
}

}  // namespace lisp
