// syntax_rules.cpp: syntax-rules macros: pattern matching (literals,
// ellipsis after any sub-pattern with patterns after it, nested ellipsis,
// dotted tails, vectors, a custom ellipsis identifier, `_`) and template
// instantiation (ellipsis depth, (... ...) escapes), renaming every symbol
// the template introduces to a fresh alias (see compiler.hpp on hygiene).
//
// Match bindings are a Lisp alist ((pattern-symbol depth . value) ...); for
// depth d > 0 the value is a list of the depth d-1 values, one per repetition.
// Everything is kept in Lisp data held by C++ locals, so collections during
// expansion are harmless.
#include "compiler.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "interpreter.hpp"
#include "vm.hpp"

namespace lisp {
namespace {

long proper_length(Value l, Value* tail = nullptr) {
  long n = 0;
  for (; is_pair(l); l = cdr(l)) ++n;
  if (tail) *tail = l;
  return n;
}

struct Expansion {
  CompileContext& ctx;
  Heap& heap;
  std::string ellipsis;
  Value literals;      // list of symbols
  Value renames = kNil;  // alist: template symbol -> alias
  Scope* env;
  Value form;          // for error messages

  Expansion(CompileContext& c, Value lits, std::string ell, Scope* e, Value f)
      : ctx(c), heap(c.vm.heap()), ellipsis(std::move(ell)), literals(lits), env(e), form(f) {}

  bool is_ellipsis(Value v) const { return is_symbol(v) && symbol_base_name(v) == ellipsis; }
  bool is_literal(Value v) const {
    std::string name = symbol_base_name(v);
    for (Value l = literals; is_pair(l); l = cdr(l))
      if (symbol_base_name(car(l)) == name) return true;
    return false;
  }
  Value cons(Value a, Value b) { return heap.cons(a, b); }

  // ---- matching ----
  static bool datum_equal(Value a, Value b) {
    if (a == b) return true;
    if (is_string(a) && is_string(b)) {
      auto* x = as<String>(a);
      auto* y = as<String>(b);
      return x->length == y->length && std::string_view(x->bytes, x->length) ==
                                           std::string_view(y->bytes, y->length);
    }
    if (is_flonum(a) && is_flonum(b)) return as<Flonum>(a)->value == as<Flonum>(b)->value;
    return false;
  }

  // Adds (sym . depth) for every pattern variable of `pat` to `out`.
  void pattern_vars(Value pat, long depth, Value& out) {
    if (is_symbol(pat)) {
      if (is_literal(pat) || is_ellipsis(pat) || symbol_base_name(pat) == "_") return;
      out = cons(cons(pat, make_fixnum(depth)), out);
    } else if (is_pair(pat)) {
      if (is_pair(cdr(pat)) && is_ellipsis(car(cdr(pat)))) {
        pattern_vars(car(pat), depth + 1, out);
        pattern_vars(cdr(cdr(pat)), depth, out);
      } else {
        pattern_vars(car(pat), depth, out);
        pattern_vars(cdr(pat), depth, out);
      }
    } else if (is_vector(pat)) {
      auto n = fixnum_value(as<Vector>(pat)->length);
      for (std::intptr_t i = 0; i < n; ++i) pattern_vars(as<Vector>(pat)->items[i], depth, out);
    }
  }

  Value vector_to_list(Value v) {
    Value out = kNil;
    for (std::intptr_t i = fixnum_value(as<Vector>(v)->length) - 1; i >= 0; --i)
      out = cons(as<Vector>(v)->items[i], out);
    return out;
  }

  bool match(Value pat, Value f, Value& binds) {
    if (is_symbol(pat)) {
      if (is_literal(pat)) return is_symbol(f) && symbol_base_name(f) == symbol_base_name(pat);
      if (symbol_base_name(pat) == "_") return true;
      binds = cons(cons(pat, cons(make_fixnum(0), f)), binds);
      return true;
    }
    if (is_pair(pat)) {
      if (is_pair(cdr(pat)) && is_ellipsis(car(cdr(pat)))) {
        Value sub = car(pat);
        Value after = cdr(cdr(pat));
        long min_after = proper_length(after);
        long available = proper_length(f);
        long reps = available - min_after;
        if (reps < 0) return false;
        Value per_rep = kNil;  // reversed list of binding alists
        for (long i = 0; i < reps; ++i, f = cdr(f)) {
          Value b = kNil;
          if (!match(sub, car(f), b)) return false;
          per_rep = cons(b, per_rep);
        }
        Value vars = kNil;
        pattern_vars(sub, 0, vars);
        for (Value v = vars; is_pair(v); v = cdr(v)) {
          Value var = car(car(v));
          Value values = kNil;
          for (Value r = per_rep; is_pair(r); r = cdr(r)) values = cons(lookup(car(r), var), values);
          // each value is (depth . value); the repetition has depth+1
          Value plain = kNil;
          for (Value x = values; is_pair(x); x = cdr(x)) plain = cons(cdr(car(x)), plain);
          Value ordered = kNil;
          for (Value x = plain; is_pair(x); x = cdr(x)) ordered = cons(car(x), ordered);
          long depth = fixnum_value(cdr(car(v))) + 1;
          binds = cons(cons(var, cons(make_fixnum(depth), ordered)), binds);
        }
        return match(after, f, binds);
      }
      if (!is_pair(f)) return false;
      return match(car(pat), car(f), binds) && match(cdr(pat), cdr(f), binds);
    }
    if (pat == kNil) return f == kNil;
    if (is_vector(pat)) {
      if (!is_vector(f)) return false;
      return match(vector_to_list(pat), vector_to_list(f), binds);
    }
    return datum_equal(pat, f);
  }

  // (depth . value) bound to `var`, or 0.
  static Value lookup(Value binds, Value var) {
    for (; is_pair(binds); binds = cdr(binds))
      if (car(car(binds)) == var) return cdr(car(binds));
    return 0;
  }

  // ---- instantiation ----
  Value rename(Value s) {
    for (Value l = renames; is_pair(l); l = cdr(l))
      if (car(car(l)) == s) return cdr(car(l));
    Value alias = make_alias(ctx, s, env);
    renames = cons(cons(s, alias), renames);
    return alias;
  }

  // Pattern variables of depth > 0 (in `binds`) that occur in `t`.
  void ellipsis_vars(Value t, Value binds, Value& out) {
    if (is_symbol(t)) {
      Value b = lookup(binds, t);
      if (b != 0 && fixnum_value(car(b)) > 0) {
        for (Value l = out; is_pair(l); l = cdr(l))
          if (car(l) == t) return;
        out = cons(t, out);
      }
    } else if (is_pair(t)) {
      ellipsis_vars(car(t), binds, out);
      ellipsis_vars(cdr(t), binds, out);
    } else if (is_vector(t)) {
      ellipsis_vars(vector_to_list(t), binds, out);
    }
  }

  // The instantiations of `sub` followed by `depth` ellipses, as a list.
  Value repeat(Value sub, Value binds, long depth, bool escaped) {
    Value vars = kNil;
    ellipsis_vars(sub, binds, vars);
    if (vars == kNil) ctx.syntax_error("syntax-rules: no pattern variable before ellipsis in template", form);
    long n = -1;
    for (Value v = vars; is_pair(v); v = cdr(v)) {
      long len = proper_length(cdr(lookup(binds, car(v))));
      if (n < 0 || len < n) n = len;  // lockstep; the shortest decides
    }
    Value results = kNil;  // reversed
    for (long i = 0; i < n; ++i) {
      Value b = binds;
      for (Value v = vars; is_pair(v); v = cdr(v)) {
        Value bound = lookup(binds, car(v));
        Value item = cdr(bound);
        for (long k = 0; k < i; ++k) item = cdr(item);
        b = cons(cons(car(v), cons(make_fixnum(fixnum_value(car(bound)) - 1), car(item))), b);
      }
      if (depth > 1) {
        for (Value r = repeat(sub, b, depth - 1, escaped); is_pair(r); r = cdr(r))
          results = cons(car(r), results);
      } else {
        results = cons(instantiate(sub, b, escaped), results);
      }
    }
    Value out = kNil;
    for (; is_pair(results); results = cdr(results)) out = cons(car(results), out);
    return out;
  }

  Value instantiate(Value t, Value binds, bool escaped) {
    if (is_symbol(t)) {
      Value b = lookup(binds, t);
      if (b == 0) return rename(t);
      if (fixnum_value(car(b)) != 0)
        ctx.syntax_error("syntax-rules: pattern variable used without ellipsis", t);
      return cdr(b);
    }
    if (is_pair(t)) {
      if (!escaped && is_ellipsis(car(t)) && is_pair(cdr(t)))
        return instantiate(car(cdr(t)), binds, true);  // (... template)
      if (!escaped && is_pair(cdr(t)) && is_ellipsis(car(cdr(t)))) {
        Value rest = cdr(cdr(t));
        long depth = 1;
        while (is_pair(rest) && is_ellipsis(car(rest))) {
          ++depth;
          rest = cdr(rest);
        }
        Value items = repeat(car(t), binds, depth, escaped);
        Value tail = instantiate(rest, binds, escaped);
        if (items == kNil) return tail;
        Value reversed = kNil;
        for (Value l = items; is_pair(l); l = cdr(l)) reversed = cons(car(l), reversed);
        for (; is_pair(reversed); reversed = cdr(reversed)) tail = cons(car(reversed), tail);
        return tail;
      }
      Value a = instantiate(car(t), binds, escaped);
      Value d = instantiate(cdr(t), binds, escaped);
      return cons(a, d);
    }
    if (is_vector(t)) {
      Value items = instantiate(vector_to_list(t), binds, escaped);
      long n = proper_length(items);
      Value v = heap.make_vector(n, kFalse);
      for (long i = 0; i < n; ++i, items = cdr(items)) as<Vector>(v)->items[i] = car(items);
      return v;
    }
    return t;
  }
};

}  // namespace

Value make_alias(CompileContext& ctx, Value symbol, Scope* env) {
  std::string original(symbol_name(symbol));
  std::string name = original + "\x01" + std::to_string(++ctx.vm.interpreter().alias_counter);
  if (env != nullptr) ctx.aliases[name] = AliasInfo{original, env};
  return ctx.vm.heap().intern(name);
}

Value make_syntax_rules(CompileContext& ctx, Value spec) {
  if (!is_pair(spec) || !is_symbol(car(spec)) || symbol_base_name(car(spec)) != "syntax-rules")
    ctx.syntax_error("only syntax-rules transformers are supported", spec);
  Value rest = cdr(spec);
  Value ellipsis = ctx.vm.heap().intern("...");
  if (is_pair(rest) && is_symbol(car(rest))) {  // (syntax-rules ellipsis (literal...) rule...)
    ellipsis = car(rest);
    rest = cdr(rest);
  }
  if (!is_pair(rest) || proper_length(car(rest)) < 0) ctx.syntax_error("syntax-rules: bad literals", spec);
  Value tail;
  proper_length(car(rest), &tail);
  if (tail != kNil) ctx.syntax_error("syntax-rules: bad literals", spec);
  for (Value r = cdr(rest); is_pair(r); r = cdr(r)) {
    Value rule = car(r);
    if (proper_length(rule, &tail) != 2 || tail != kNil || !is_pair(car(rule)))
      ctx.syntax_error("syntax-rules: each rule must be (pattern template)", rule);
  }
  Heap& heap = ctx.vm.heap();
  return heap.cons(ellipsis, rest);  // (ellipsis literals rule...)
}

Value apply_syntax_rules(CompileContext& ctx, Value transformer, Value form, Scope* env) {
  std::string ellipsis = symbol_base_name(car(transformer));
  Value literals = car(cdr(transformer));
  for (Value r = cdr(cdr(transformer)); is_pair(r); r = cdr(r)) {
    Value rule = car(r);
    Expansion e(ctx, literals, ellipsis, env, form);
    Value binds = kNil;
    // The keyword position of the pattern is ignored.
    if (e.match(cdr(car(rule)), cdr(form), binds)) return e.instantiate(car(cdr(rule)), binds, false);
  }
  ctx.syntax_error("no syntax-rules pattern matches", form);
}

}  // namespace lisp
