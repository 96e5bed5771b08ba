// derived_forms.cpp: the derived forms that are rewritten to other forms
// before expansion: do, quasiquote, define-record-type, guard, parameterize,
// delay / delay-force, case-lambda, let-values / let*-values, receive,
// define-values, assert.  Each rewrite names the globals and keywords it
// introduces with global_id, so user variables cannot capture them; the
// temporaries it introduces are fresh aliases.  The runtime helpers they call
// (%catch, %parameterize, %make-promise, %case-lambda, call-with-values,
// %make-record-type, %record...) are natives or defined by the VM's prelude
// (vm.cpp).
#include "compiler.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "vm.hpp"

namespace lisp {
namespace {

struct Rewriter {
  CompileContext& ctx;
  Heap& heap;
  explicit Rewriter(CompileContext& c) : ctx(c), heap(c.vm.heap()) {}

  Value g(std::string_view name) { return global_id(ctx, name); }
  Value cons(Value a, Value b) { return heap.cons(a, b); }
  Value list(std::initializer_list<Value> items) {
    Value out = kNil;
    for (auto it = items.end(); it != items.begin();) out = cons(*--it, out);
    return out;
  }
  Value quote(Value v) { return list({g("quote"), v}); }
  Value fresh(std::string_view name) { return make_alias(ctx, heap.intern(name), nullptr); }
  Value reverse(Value l) {
    Value out = kNil;
    for (; is_pair(l); l = cdr(l)) out = cons(car(l), out);
    return out;
  }
  static long length(Value l) {
    long n = 0;
    for (; is_pair(l); l = cdr(l)) ++n;
    return l == kNil ? n : -1;
  }
  static Value nth(Value l, int i) {
    while (i-- > 0) l = cdr(l);
    return car(l);
  }
  bool named(Value v, const char* name) {
    return is_symbol(v) && symbol_base_name(v) == name;
  }
  [[noreturn]] void bad(std::string_view message, Value form) { ctx.syntax_error(message, form); }

  // (do ((var init step)...) (test result...) body...)
  Value do_loop(Value form) {
    if (length(form) < 3 || length(nth(form, 1)) < 0 || length(nth(form, 2)) < 1)
      bad("do: expects (do ((var init [step])...) (test result...) body...)", form);
    Value loop = fresh("do-loop");
    Value bindings = kNil, steps = kNil;
    for (Value b = nth(form, 1); is_pair(b); b = cdr(b)) {
      Value spec = car(b);
      long n = length(spec);
      if ((n != 2 && n != 3) || !is_symbol(car(spec))) bad("do: bad variable clause", spec);
      bindings = cons(list({car(spec), nth(spec, 1)}), bindings);
      steps = cons(n == 3 ? nth(spec, 2) : car(spec), steps);
    }
    Value clause = nth(form, 2);
    Value result = cdr(clause) == kNil ? list({g("if"), kFalse, kFalse})
                                       : cons(g("begin"), cdr(clause));
    Value again = cons(loop, reverse(steps));
    Value body = cons(g("begin"), reverse(cons(again, reverse(cdr(cdr(cdr(form)))))));
    return list({g("let"), loop, reverse(bindings), list({g("if"), car(clause), result, body})});
  }

  Value qq(Value x, int depth) {
    if (is_vector(x)) {
      Value items = kNil;
      auto* v = as<Vector>(x);
      for (std::intptr_t i = fixnum_value(v->length) - 1; i >= 0; --i)
        items = cons(as<Vector>(x)->items[i], items);
      return list({g("list->vector"), qq(items, depth)});
    }
    if (!is_pair(x)) return is_symbol(x) || x == kNil ? quote(x) : x;
    Value head = car(x);
    if (named(head, "unquote") && length(x) == 2) {
      if (depth == 1) return nth(x, 1);
      return list({g("list"), quote(head), qq(nth(x, 1), depth - 1)});
    }
    if (named(head, "quasiquote") && length(x) == 2)
      return list({g("list"), quote(head), qq(nth(x, 1), depth + 1)});
    if (is_pair(head) && named(car(head), "unquote-splicing") && length(head) == 2) {
      Value rest = qq(cdr(x), depth);
      if (depth == 1) return list({g("append"), nth(head, 1), rest});
      return list({g("cons"), list({g("list"), quote(car(head)), qq(nth(head, 1), depth - 1)}),
                   rest});
    }
    return list({g("cons"), qq(head, depth), qq(cdr(x), depth)});
  }

  // (define-record-type name (ctor field...) pred (field accessor [modifier])...)
  Value record_type(Value form) {
    if (length(form) < 4) bad("define-record-type: expects a name, constructor and predicate", form);
    Value type_name = nth(form, 1);
    if (is_pair(type_name)) type_name = car(type_name);
    if (!is_symbol(type_name)) bad("define-record-type: the type name must be a symbol", form);
    Value ctor = nth(form, 2);
    Value pred = nth(form, 3);
    Value specs = cdr(cdr(cdr(cdr(form))));
    Value fields = kNil;
    for (Value l = specs; is_pair(l); l = cdr(l)) {
      Value spec = car(l);
      if (is_symbol(spec)) spec = list({spec});
      if (length(spec) < 1 || length(spec) > 3 || !is_symbol(car(spec)))
        bad("define-record-type: bad field spec", car(l));
      fields = cons(car(spec), fields);
    }
    fields = reverse(fields);
    long nfields = length(fields);
    Value field_vector = heap.make_vector(nfields, kFalse);
    {
      long i = 0;
      for (Value l = fields; is_pair(l); l = cdr(l), ++i)
        as<Vector>(field_vector)->items[i] = strip_syntax(ctx.vm, car(l));
    }
    // The type name is bound to the record type (as in Guile), and the
    // procedures refer to it.
    Value type_var = type_name;
    Value out = kNil;
    auto define = [&](Value name, Value value) { out = cons(list({g("define"), name, value}), out); };
    define(type_var, list({g("%make-record-type"), quote(strip_syntax(ctx.vm, type_name)),
                           quote(field_vector)}));
    auto field_index = [&](Value f) -> long {
      long i = 0;
      for (Value l = fields; is_pair(l); l = cdr(l), ++i)
        if (symbol_base_name(car(l)) == symbol_base_name(f)) return i;
      bad("define-record-type: unknown field", f);
    };
    if (is_symbol(ctor)) ctor = cons(ctor, fields);
    if (is_pair(ctor)) {
      if (length(ctor) < 1 || !is_symbol(car(ctor))) bad("define-record-type: bad constructor", ctor);
      Value params = kNil;
      for (Value l = cdr(ctor); is_pair(l); l = cdr(l)) {
        field_index(car(l));
        Value p = fresh(symbol_name(car(l)));
        params = cons(p, params);
      }
      params = reverse(params);
      Value args = kNil;
      for (Value f = fields; is_pair(f); f = cdr(f)) {
        Value arg = list({g("if"), kFalse, kFalse});  // unspecified
        Value p = params;
        for (Value l = cdr(ctor); is_pair(l); l = cdr(l), p = cdr(p))
          if (symbol_base_name(car(l)) == symbol_base_name(car(f))) arg = car(p);
        args = cons(arg, args);
      }
      Value body = cons(g("%record"), cons(type_var, reverse(args)));
      define(car(ctor), list({g("named-lambda"), cons(car(ctor), params), body}));
    }
    Value obj = fresh("obj"), val = fresh("value");
    if (is_symbol(pred))
      define(pred, list({g("named-lambda"), list({pred, obj}),
                         list({g("%record?"), obj, type_var})}));
    for (Value l = specs; is_pair(l); l = cdr(l)) {
      Value spec = car(l);
      if (is_symbol(spec)) continue;
      Value index = make_fixnum(field_index(car(spec)));
      if (length(spec) >= 2) {
        Value acc = nth(spec, 1);
        define(acc, list({g("named-lambda"), list({acc, obj}),
                          list({g("%record-ref"), obj, type_var, index})}));
      }
      if (length(spec) == 3) {
        Value mod = nth(spec, 2);
        define(mod, list({g("named-lambda"), list({mod, obj, val}),
                          list({g("%record-set!"), obj, type_var, index, val})}));
      }
    }
    return cons(g("begin"), reverse(out));
  }

  // (guard (var clause...) body...): the clauses run in the guard's
  // dynamic environment after unwinding; with no matching clause the
  // object is raised again from there (see docs/vm.md).
  Value guard(Value form) {
    if (length(form) < 3 || length(nth(form, 1)) < 1 || !is_symbol(car(nth(form, 1))))
      bad("guard: expects (guard (var clause...) body...)", form);
    Value var = car(nth(form, 1));
    Value clauses = cdr(nth(form, 1));
    bool has_else = false;
    for (Value l = clauses; is_pair(l); l = cdr(l))
      if (is_pair(car(l)) && named(car(car(l)), "else")) has_else = true;
    if (!has_else) {
      clauses = reverse(cons(list({g("else"), list({g("%reraise"), var})}), reverse(clauses)));
    }
    Value thunk = cons(g("lambda"), cons(kNil, cdr(cdr(form))));
    Value handler = list({g("lambda"), list({var}), cons(g("cond"), clauses)});
    return list({g("%catch"), thunk, handler});
  }

  Value parameterize(Value form) {
    if (length(form) < 3 || length(nth(form, 1)) < 0) bad("parameterize: bad syntax", form);
    Value params = kNil, values = kNil;
    for (Value l = nth(form, 1); is_pair(l); l = cdr(l)) {
      if (length(car(l)) != 2) bad("parameterize: bad binding", car(l));
      params = cons(car(car(l)), params);
      values = cons(nth(car(l), 1), values);
    }
    return list({g("%parameterize"), cons(g("list"), reverse(params)),
                 cons(g("list"), reverse(values)),
                 cons(g("lambda"), cons(kNil, cdr(cdr(form))))});
  }

  Value let_values(Value form, bool sequential) {
    if (length(form) < 3 || length(nth(form, 1)) < 0) bad("let-values: bad syntax", form);
    Value bindings = nth(form, 1);
    Value body = cdr(cdr(form));
    if (bindings == kNil) return cons(g("let"), cons(kNil, body));
    // Nested call-with-values: each binding's expression sees the
    // variables bound before it (let*-values scoping, also for let-values;
    // documented).
    (void)sequential;
    Value b = car(bindings);
    if (length(b) != 2) bad("let-values: bad binding", b);
    Value inner = cdr(bindings) == kNil
                      ? cons(g("let"), cons(kNil, body))
                      : cons(g("let*-values"), cons(cdr(bindings), body));
    return list({g("call-with-values"), list({g("lambda"), kNil, nth(b, 1)}),
                 list({g("lambda"), car(b), inner})});
  }

  Value receive(Value form) {
    if (length(form) < 4) bad("receive: expects formals, an expression and a body", form);
    return list({g("call-with-values"), list({g("lambda"), kNil, nth(form, 2)}),
                 cons(g("lambda"), cons(nth(form, 1), cdr(cdr(cdr(form)))))});
  }

  Value define_values(Value form) {
    if (length(form) != 3) bad("define-values: expects formals and an expression", form);
    Value formals = nth(form, 1);
    Value out = kNil, temps = kNil, sets = kNil;
    Value f = formals;
    for (; is_pair(f); f = cdr(f)) {
      if (!is_symbol(car(f))) bad("define-values: bad formals", form);
      Value t = fresh("value");
      out = cons(list({g("define"), car(f), kFalse}), out);
      temps = cons(t, temps);
      sets = cons(list({g("set!"), car(f), t}), sets);
    }
    Value temp_formals = reverse(temps);
    if (f != kNil) {
      if (!is_symbol(f)) bad("define-values: bad formals", form);
      Value t = fresh("rest");
      out = cons(list({g("define"), f, kFalse}), out);
      sets = cons(list({g("set!"), f, t}), sets);
      // append the rest temporary as the dotted tail
      if (temp_formals == kNil) {
        temp_formals = t;
      } else {
        Value last = temp_formals;
        while (cdr(last) != kNil) last = cdr(last);
        as<Pair>(last)->cdr = t;
      }
    }
    sets = cons(list({g("if"), kFalse, kFalse}), sets);
    Value receiver = cons(g("lambda"), cons(temp_formals, reverse(sets)));
    out = cons(list({g("call-with-values"), list({g("lambda"), kNil, nth(form, 2)}), receiver}),
               out);
    return cons(g("begin"), reverse(out));
  }

  Value assert_form(Value form) {
    if (length(form) < 2) bad("assert: expects an expression", form);
    Value message = heap.make_string("assertion failed");
    return list({g("if"), nth(form, 1), kTrue,
                 cons(g("error"), cons(message, cons(quote(strip_syntax(ctx.vm, nth(form, 1))),
                                                     cdr(cdr(form)))))});
  }
};

}  // namespace

Value rewrite_derived(CompileContext& ctx, const std::string& name, Value form) {
  Rewriter r(ctx);
  if (name == "do") return r.do_loop(form);
  if (name == "quasiquote") {
    if (Rewriter::length(form) != 2) r.bad("quasiquote: expects one template", form);
    return r.qq(Rewriter::nth(form, 1), 1);
  }
  if (name == "define-record-type") return r.record_type(form);
  if (name == "guard") return r.guard(form);
  if (name == "parameterize") return r.parameterize(form);
  if (name == "delay" || name == "delay-force" || name == "make-lazy-promise") {
    if (Rewriter::length(form) != 2) r.bad("delay: expects one expression", form);
    return r.list({r.g("%make-lazy-promise"), r.list({r.g("lambda"), kNil, Rewriter::nth(form, 1)})});
  }
  if (name == "case-lambda") {
    Value procs = kNil;
    for (Value l = cdr(form); is_pair(l); l = cdr(l)) {
      if (Rewriter::length(car(l)) < 2) r.bad("case-lambda: bad clause", car(l));
      procs = r.cons(r.cons(r.g("lambda"), car(l)), procs);
    }
    return r.cons(r.g("%case-lambda"), r.reverse(procs));
  }
  if (name == "let-values") return r.let_values(form, false);
  if (name == "let*-values") return r.let_values(form, true);
  if (name == "receive") return r.receive(form);
  if (name == "define-values") return r.define_values(form);
  if (name == "assert") return r.assert_form(form);
  return 0;
}

}  // namespace lisp
