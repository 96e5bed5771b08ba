// builtins_numbers.cpp: numbers: arithmetic, comparison, predicates,
// rounding, transcendental functions and number<->string.
//
// There are two kinds of number: fixnums (exact) and flonums (inexact).  An
// operation on two fixnums whose result does not fit a fixnum raises an
// `overflow` error (never wraps); a fixnum / fixnum that does not divide
// exactly gives a flonum (there are no rationals).  Mixed operations give
// flonums.
#include <cmath>
#include <limits>

#include "builtin_support.hpp"

namespace lisp {

namespace {

double to_double(Value v) {
  return is_fixnum(v) ? static_cast<double>(fixnum_value(v)) : as<Flonum>(v)->value;
}

void check_number(Vm& vm, const char* who, Value* args, int i) {
  if (!is_number(args[i])) type_error(vm, who, i + 1, "a number", args[i]);
}

Value flo(Vm& vm, double d) { return vm.heap().make_flonum(d); }

[[noreturn]] void overflow(Vm& vm, const char* who, Value a, Value b) {
  raise_error_kind(vm, "overflow", std::string(who) + ": fixnum overflow", {a, b});
}

Value fix(Vm& vm, const char* who, std::intptr_t n, Value a, Value b) {
  if (!fixnum_fits(n)) overflow(vm, who, a, b);
  return make_fixnum(n);
}

Value add2(Vm& vm, Value a, Value b) {
  if (is_fixnum(a) && is_fixnum(b)) {
    std::intptr_t r;
    if (__builtin_add_overflow(fixnum_value(a), fixnum_value(b), &r)) overflow(vm, "+", a, b);
    return fix(vm, "+", r, a, b);
  }
  return flo(vm, to_double(a) + to_double(b));
}

Value sub2(Vm& vm, Value a, Value b) {
  if (is_fixnum(a) && is_fixnum(b)) {
    std::intptr_t r;
    if (__builtin_sub_overflow(fixnum_value(a), fixnum_value(b), &r)) overflow(vm, "-", a, b);
    return fix(vm, "-", r, a, b);
  }
  return flo(vm, to_double(a) - to_double(b));
}

Value mul2(Vm& vm, Value a, Value b) {
  if (is_fixnum(a) && is_fixnum(b)) {
    std::intptr_t r;
    if (__builtin_mul_overflow(fixnum_value(a), fixnum_value(b), &r)) overflow(vm, "*", a, b);
    return fix(vm, "*", r, a, b);
  }
  return flo(vm, to_double(a) * to_double(b));
}

Value div2(Vm& vm, Value a, Value b) {
  if (is_fixnum(a) && is_fixnum(b)) {
    const std::intptr_t x = fixnum_value(a), y = fixnum_value(b);
    if (y == 0) raise_error_kind(vm, "range-error", "/: division by zero", {a});
    if (x % y == 0) return fix(vm, "/", x / y, a, b);
    return flo(vm, static_cast<double>(x) / static_cast<double>(y));
  }
  return flo(vm, to_double(a) / to_double(b));
}

template <Value (*op)(Vm&, Value, Value)>
Value fold(Vm& vm, const char* who, Value* args, int count, Value identity) {
  for (int i = 0; i < count; ++i) check_number(vm, who, args, i);
  if (count == 0) return identity;
  Value acc = args[0];
  for (int i = 1; i < count; ++i) acc = op(vm, acc, args[i]);
  return acc;
}

Value p_add(Vm& vm, Value* a, int n) { return fold<add2>(vm, "+", a, n, make_fixnum(0)); }
Value p_mul(Vm& vm, Value* a, int n) { return fold<mul2>(vm, "*", a, n, make_fixnum(1)); }
Value p_sub(Vm& vm, Value* a, int n) {
  if (n == 1) {
    check_number(vm, "-", a, 0);
    return sub2(vm, make_fixnum(0), a[0]);
  }
  return fold<sub2>(vm, "-", a, n, make_fixnum(0));
}
Value p_div(Vm& vm, Value* a, int n) {
  if (n == 1) {
    check_number(vm, "/", a, 0);
    return div2(vm, make_fixnum(1), a[0]);
  }
  return fold<div2>(vm, "/", a, n, make_fixnum(1));
}

// Comparison of two numbers: -1, 0, 1, or 2 when unordered (a NaN).
int compare(Value a, Value b) {
  if (is_fixnum(a) && is_fixnum(b)) {
    const std::intptr_t x = fixnum_value(a), y = fixnum_value(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const double x = to_double(a), y = to_double(b);
  if (x < y) return -1;
  if (x > y) return 1;
  if (x == y) return 0;
  return 2;
}

template <bool (*ok)(int)>
Value compare_chain(Vm& vm, const char* who, Value* args, int count) {
  for (int i = 0; i < count; ++i) check_number(vm, who, args, i);
  for (int i = 0; i + 1 < count; ++i)
    if (!ok(compare(args[i], args[i + 1]))) return kFalse;
  return kTrue;
}
bool is_eq(int c) { return c == 0; }
bool is_lt(int c) { return c == -1; }
bool is_gt(int c) { return c == 1; }
bool is_le(int c) { return c == -1 || c == 0; }
bool is_ge(int c) { return c == 1 || c == 0; }
Value p_num_eq(Vm& vm, Value* a, int n) { return compare_chain<is_eq>(vm, "=", a, n); }
Value p_lt(Vm& vm, Value* a, int n) { return compare_chain<is_lt>(vm, "<", a, n); }
Value p_gt(Vm& vm, Value* a, int n) { return compare_chain<is_gt>(vm, ">", a, n); }
Value p_le(Vm& vm, Value* a, int n) { return compare_chain<is_le>(vm, "<=", a, n); }
Value p_ge(Vm& vm, Value* a, int n) { return compare_chain<is_ge>(vm, ">=", a, n); }

bool integral(Value v) {
  if (is_fixnum(v)) return true;
  if (!is_flonum(v)) return false;
  const double d = as<Flonum>(v)->value;
  return std::isfinite(d) && d == std::floor(d);
}

void check_integer(Vm& vm, const char* who, Value* args, int i) {
  if (!integral(args[i])) type_error(vm, who, i + 1, "an integer", args[i]);
}

enum class DivKind { quotient, remainder, modulo };

Value integer_division(Vm& vm, const char* who, Value* args, DivKind kind) {
  check_integer(vm, who, args, 0);
  check_integer(vm, who, args, 1);
  if (is_fixnum(args[0]) && is_fixnum(args[1])) {
    const std::intptr_t x = fixnum_value(args[0]), y = fixnum_value(args[1]);
    if (y == 0) raise_error_kind(vm, "range-error", std::string(who) + ": division by zero", {args[0]});
    if (y == -1) return kind == DivKind::quotient ? fix(vm, who, -x, args[0], args[1]) : make_fixnum(0);
    switch (kind) {
      case DivKind::quotient: return make_fixnum(x / y);
      case DivKind::remainder: return make_fixnum(x % y);
      case DivKind::modulo: {
        std::intptr_t m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return make_fixnum(m);
      }
    }
  }
  const double x = to_double(args[0]), y = to_double(args[1]);
  if (y == 0) raise_error_kind(vm, "range-error", std::string(who) + ": division by zero", {args[0]});
  switch (kind) {
    case DivKind::quotient: return flo(vm, std::trunc(x / y));
    case DivKind::remainder: return flo(vm, std::fmod(x, y));
    case DivKind::modulo: {
      double m = std::fmod(x, y);
      if (m != 0 && ((m < 0) != (y < 0))) m += y;
      return flo(vm, m);
    }
  }
  return kFalse;
}

Value p_quotient(Vm& vm, Value* a, int) { return integer_division(vm, "quotient", a, DivKind::quotient); }
Value p_remainder(Vm& vm, Value* a, int) { return integer_division(vm, "remainder", a, DivKind::remainder); }
Value p_modulo(Vm& vm, Value* a, int) { return integer_division(vm, "modulo", a, DivKind::modulo); }

Value two_values(Vm& vm, Value a, Value b) {
  Value v = vm.heap().make_values(2);  // a and b are locals: pinned
  as<Vector>(v)->items[0] = a;
  as<Vector>(v)->items[1] = b;
  return v;
}

Value p_floor_div(Vm& vm, Value* a, int) {
  Value m = integer_division(vm, "floor/", a, DivKind::modulo);
  Value q;
  if (is_fixnum(a[0]) && is_fixnum(a[1]))
    q = make_fixnum((fixnum_value(a[0]) - fixnum_value(m)) / fixnum_value(a[1]));
  else
    q = flo(vm, std::floor(to_double(a[0]) / to_double(a[1])));
  return two_values(vm, q, m);
}

Value p_truncate_div(Vm& vm, Value* a, int) {
  Value q = integer_division(vm, "truncate/", a, DivKind::quotient);
  Value r = integer_division(vm, "truncate/", a, DivKind::remainder);
  return two_values(vm, q, r);
}

Value p_abs(Vm& vm, Value* a, int) {
  check_number(vm, "abs", a, 0);
  if (is_fixnum(a[0])) return fix(vm, "abs", std::abs(fixnum_value(a[0])), a[0], a[0]);
  return flo(vm, std::fabs(as<Flonum>(a[0])->value));
}

Value min_max(Vm& vm, const char* who, Value* a, int n, bool want_max) {
  bool inexact = false;
  for (int i = 0; i < n; ++i) {
    check_number(vm, who, a, i);
    inexact |= is_flonum(a[i]);
  }
  Value best = a[0];
  for (int i = 1; i < n; ++i) {
    const int c = compare(a[i], best);
    if (c == 2) return flo(vm, std::nan(""));
    if (want_max ? c > 0 : c < 0) best = a[i];
  }
  return inexact && is_fixnum(best) ? flo(vm, to_double(best)) : best;
}
Value p_min(Vm& vm, Value* a, int n) { return min_max(vm, "min", a, n, false); }
Value p_max(Vm& vm, Value* a, int n) { return min_max(vm, "max", a, n, true); }

std::intptr_t gcd2(std::intptr_t a, std::intptr_t b) {
  a = a < 0 ? -a : a;
  b = b < 0 ? -b : b;
  while (b != 0) {
    const std::intptr_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

Value p_gcd(Vm& vm, Value* a, int n) {
  std::intptr_t g = 0;
  for (int i = 0; i < n; ++i) g = gcd2(g, arg_fixnum(vm, "gcd", a, i));
  return make_fixnum(g);
}

Value p_lcm(Vm& vm, Value* a, int n) {
  std::intptr_t l = 1;
  for (int i = 0; i < n; ++i) {
    const std::intptr_t x = arg_fixnum(vm, "lcm", a, i);
    if (x == 0) return make_fixnum(0);
    std::intptr_t r;
    if (__builtin_mul_overflow(l / gcd2(l, x), x < 0 ? -x : x, &r) || !fixnum_fits(r))
      overflow(vm, "lcm", a[i], make_fixnum(l));
    l = r;
  }
  return make_fixnum(l);
}

// ---- predicates ----

Value p_number_p(Vm&, Value* a, int) { return make_bool(is_number(a[0])); }
Value p_integer_p(Vm&, Value* a, int) { return make_bool(integral(a[0])); }
Value p_rational_p(Vm&, Value* a, int) {
  return make_bool(is_fixnum(a[0]) || (is_flonum(a[0]) && std::isfinite(as<Flonum>(a[0])->value)));
}
Value p_exact_p(Vm& vm, Value* a, int) {
  check_number(vm, "exact?", a, 0);
  return make_bool(is_fixnum(a[0]));
}
Value p_inexact_p(Vm& vm, Value* a, int) {
  check_number(vm, "inexact?", a, 0);
  return make_bool(is_flonum(a[0]));
}
Value p_exact_integer_p(Vm&, Value* a, int) { return make_bool(is_fixnum(a[0])); }
Value p_nan_p(Vm& vm, Value* a, int) {
  check_number(vm, "nan?", a, 0);
  return make_bool(is_flonum(a[0]) && std::isnan(as<Flonum>(a[0])->value));
}
Value p_zero_p(Vm& vm, Value* a, int) {
  check_number(vm, "zero?", a, 0);
  return make_bool(compare(a[0], make_fixnum(0)) == 0);
}
Value p_positive_p(Vm& vm, Value* a, int) {
  check_number(vm, "positive?", a, 0);
  return make_bool(compare(a[0], make_fixnum(0)) == 1);
}
Value p_negative_p(Vm& vm, Value* a, int) {
  check_number(vm, "negative?", a, 0);
  return make_bool(compare(a[0], make_fixnum(0)) == -1);
}
Value p_odd_p(Vm& vm, Value* a, int) {
  check_integer(vm, "odd?", a, 0);
  if (is_fixnum(a[0])) return make_bool((fixnum_value(a[0]) & 1) != 0);
  return make_bool(std::fmod(as<Flonum>(a[0])->value, 2.0) != 0);
}
Value p_even_p(Vm& vm, Value* a, int) {
  check_integer(vm, "even?", a, 0);
  if (is_fixnum(a[0])) return make_bool((fixnum_value(a[0]) & 1) == 0);
  return make_bool(std::fmod(as<Flonum>(a[0])->value, 2.0) == 0);
}

// ---- rounding and conversion ----

template <double (*f)(double)>
Value rounding(Vm& vm, const char* who, Value* a) {
  check_number(vm, who, a, 0);
  if (is_fixnum(a[0])) return a[0];
  return flo(vm, f(as<Flonum>(a[0])->value));
}
double round_even(double d) { return std::nearbyint(d); }  // default mode: ties to even
double floor_d(double d) { return std::floor(d); }
double ceil_d(double d) { return std::ceil(d); }
double trunc_d(double d) { return std::trunc(d); }
Value p_floor(Vm& vm, Value* a, int) { return rounding<floor_d>(vm, "floor", a); }
Value p_ceiling(Vm& vm, Value* a, int) { return rounding<ceil_d>(vm, "ceiling", a); }
Value p_round(Vm& vm, Value* a, int) { return rounding<round_even>(vm, "round", a); }
Value p_truncate(Vm& vm, Value* a, int) { return rounding<trunc_d>(vm, "truncate", a); }

Value p_exact(Vm& vm, Value* a, int) {
  check_number(vm, "exact", a, 0);
  if (is_fixnum(a[0])) return a[0];
  const double d = as<Flonum>(a[0])->value;
  if (!std::isfinite(d) || d != std::floor(d))
    raise_error_kind(vm, "range-error", "exact: no exact integer equals this number (no rationals)",
                     {a[0]});
  if (d < -4.6116860184273879e18 || d >= 4.6116860184273879e18)
    raise_error_kind(vm, "overflow", "exact: too big for a fixnum", {a[0]});
  return make_fixnum(static_cast<std::intptr_t>(d));
}

Value p_inexact(Vm& vm, Value* a, int) {
  check_number(vm, "inexact", a, 0);
  return is_flonum(a[0]) ? a[0] : flo(vm, to_double(a[0]));
}

// ---- powers and transcendental functions ----

Value p_sqrt(Vm& vm, Value* a, int) {
  check_number(vm, "sqrt", a, 0);
  if (is_fixnum(a[0]) && fixnum_value(a[0]) >= 0) {
    const auto n = fixnum_value(a[0]);
    auto r = static_cast<std::intptr_t>(std::sqrt(static_cast<double>(n)));
    while (r * r > n) --r;
    while ((r + 1) * (r + 1) <= n) ++r;
    if (r * r == n) return make_fixnum(r);
  }
  return flo(vm, std::sqrt(to_double(a[0])));
}

Value p_exact_integer_sqrt(Vm& vm, Value* a, int) {
  const std::intptr_t n = arg_fixnum(vm, "exact-integer-sqrt", a, 0);
  if (n < 0) type_error(vm, "exact-integer-sqrt", 1, "a non-negative integer", a[0]);
  auto r = static_cast<std::intptr_t>(std::sqrt(static_cast<double>(n)));
  while (r * r > n) --r;
  while ((r + 1) * (r + 1) <= n) ++r;
  return two_values(vm, make_fixnum(r), make_fixnum(n - r * r));
}

Value p_expt(Vm& vm, Value* a, int) {
  check_number(vm, "expt", a, 0);
  check_number(vm, "expt", a, 1);
  if (is_fixnum(a[0]) && is_fixnum(a[1]) && fixnum_value(a[1]) >= 0) {
    std::intptr_t base = fixnum_value(a[0]), e = fixnum_value(a[1]), result = 1;
    while (e > 0) {
      if (e & 1)
        if (__builtin_mul_overflow(result, base, &result) || !fixnum_fits(result))
          overflow(vm, "expt", a[0], a[1]);
      e >>= 1;
      if (e > 0 && (__builtin_mul_overflow(base, base, &base) || !fixnum_fits(base)))
        overflow(vm, "expt", a[0], a[1]);
    }
    return make_fixnum(result);
  }
  return flo(vm, std::pow(to_double(a[0]), to_double(a[1])));
}

template <double (*f)(double)>
Value unary_math(Vm& vm, const char* who, Value* a) {
  check_number(vm, who, a, 0);
  return flo(vm, f(to_double(a[0])));
}
double exp_d(double d) { return std::exp(d); }
double sin_d(double d) { return std::sin(d); }
double cos_d(double d) { return std::cos(d); }
double tan_d(double d) { return std::tan(d); }
double asin_d(double d) { return std::asin(d); }
double acos_d(double d) { return std::acos(d); }
Value p_exp(Vm& vm, Value* a, int) {
  if (a[0] == make_fixnum(0)) return make_fixnum(1);
  return unary_math<exp_d>(vm, "exp", a);
}
Value p_sin(Vm& vm, Value* a, int) { return unary_math<sin_d>(vm, "sin", a); }
Value p_cos(Vm& vm, Value* a, int) { return unary_math<cos_d>(vm, "cos", a); }
Value p_tan(Vm& vm, Value* a, int) { return unary_math<tan_d>(vm, "tan", a); }
Value p_asin(Vm& vm, Value* a, int) { return unary_math<asin_d>(vm, "asin", a); }
Value p_acos(Vm& vm, Value* a, int) { return unary_math<acos_d>(vm, "acos", a); }

Value p_log(Vm& vm, Value* a, int n) {
  check_number(vm, "log", a, 0);
  if (n == 2) {
    check_number(vm, "log", a, 1);
    return flo(vm, std::log(to_double(a[0])) / std::log(to_double(a[1])));
  }
  if (a[0] == make_fixnum(1)) return make_fixnum(0);
  return flo(vm, std::log(to_double(a[0])));
}

Value p_atan(Vm& vm, Value* a, int n) {
  check_number(vm, "atan", a, 0);
  if (n == 2) {
    check_number(vm, "atan", a, 1);
    return flo(vm, std::atan2(to_double(a[0]), to_double(a[1])));
  }
  return flo(vm, std::atan(to_double(a[0])));
}

Value p_square(Vm& vm, Value* a, int) {
  check_number(vm, "square", a, 0);
  return mul2(vm, a[0], a[0]);
}

// ---- number <-> string ----

int arg_radix(Vm& vm, const char* who, Value* a, int n, int i) {
  if (n <= i) return 10;
  const std::intptr_t r = arg_fixnum(vm, who, a, i);
  if (r != 2 && r != 8 && r != 10 && r != 16)
    raise_error_kind(vm, "range-error", std::string(who) + ": radix must be 2, 8, 10 or 16", {a[i]});
  return static_cast<int>(r);
}

Value p_number_to_string(Vm& vm, Value* a, int n) {
  check_number(vm, "number->string", a, 0);
  const int radix = arg_radix(vm, "number->string", a, n, 1);
  if (is_flonum(a[0])) return make_string_value(vm, format_flonum(as<Flonum>(a[0])->value));
  std::intptr_t v = fixnum_value(a[0]);
  if (radix == 10) return make_string_value(vm, std::to_string(v));
  std::string digits;
  const bool negative = v < 0;
  std::uintptr_t u = negative ? -static_cast<std::uintptr_t>(v) : static_cast<std::uintptr_t>(v);
  do {
    digits.insert(digits.begin(), "0123456789abcdef"[u % radix]);
    u /= radix;
  } while (u != 0);
  if (negative) digits.insert(digits.begin(), '-');
  return make_string_value(vm, digits);
}

// Reads the text with the reader (so both agree on number syntax) and
// accepts it only if it is one number and nothing else.
Value p_string_to_number(Vm& vm, Value* a, int n) {
  std::string text(arg_string(vm, "string->number", a, 0));
  const int radix = arg_radix(vm, "string->number", a, n, 1);
  if (text.empty() || text.find_first_of(" \t\n\r()[]\";'`,|") != std::string::npos) return kFalse;
  if (radix != 10 && (text.empty() || text[0] != '#'))
    text = std::string("#") + (radix == 16 ? 'x' : radix == 8 ? 'o' : 'b') + text;
  try {
    Value port = open_input_string(vm, text, "string->number");
    Value v = read_datum(vm, port);
    if (!is_number(v) || read_datum(vm, port) != kEof) return kFalse;
    return v;
  } catch (const LispError&) {
    return kFalse;
  }
}

const PrimitiveSpec kNumberPrimitives[] = {
    {"+", p_add, 0, -1},
    {"-", p_sub, 1, -1},
    {"*", p_mul, 0, -1},
    {"/", p_div, 1, -1},
    {"=", p_num_eq, 1, -1},
    {"<", p_lt, 1, -1},
    {">", p_gt, 1, -1},
    {"<=", p_le, 1, -1},
    {">=", p_ge, 1, -1},
    {"quotient", p_quotient, 2, 2},
    {"remainder", p_remainder, 2, 2},
    {"modulo", p_modulo, 2, 2},
    {"floor-remainder", p_modulo, 2, 2},
    {"truncate-quotient", p_quotient, 2, 2},
    {"truncate-remainder", p_remainder, 2, 2},
    {"floor/", p_floor_div, 2, 2},
    {"truncate/", p_truncate_div, 2, 2},
    {"abs", p_abs, 1, 1},
    {"min", p_min, 1, -1},
    {"max", p_max, 1, -1},
    {"gcd", p_gcd, 0, -1},
    {"lcm", p_lcm, 0, -1},
    {"number?", p_number_p, 1, 1},
    {"complex?", p_number_p, 1, 1},
    {"real?", p_number_p, 1, 1},
    {"rational?", p_rational_p, 1, 1},
    {"integer?", p_integer_p, 1, 1},
    {"exact?", p_exact_p, 1, 1},
    {"inexact?", p_inexact_p, 1, 1},
    {"exact-integer?", p_exact_integer_p, 1, 1},
    {"nan?", p_nan_p, 1, 1},
    {"zero?", p_zero_p, 1, 1},
    {"positive?", p_positive_p, 1, 1},
    {"negative?", p_negative_p, 1, 1},
    {"odd?", p_odd_p, 1, 1},
    {"even?", p_even_p, 1, 1},
    {"floor", p_floor, 1, 1},
    {"ceiling", p_ceiling, 1, 1},
    {"round", p_round, 1, 1},
    {"truncate", p_truncate, 1, 1},
    {"exact", p_exact, 1, 1},
    {"inexact", p_inexact, 1, 1},
    {"inexact->exact", p_exact, 1, 1},
    {"exact->inexact", p_inexact, 1, 1},
    {"sqrt", p_sqrt, 1, 1},
    {"exact-integer-sqrt", p_exact_integer_sqrt, 1, 1},
    {"expt", p_expt, 2, 2},
    {"exp", p_exp, 1, 1},
    {"log", p_log, 1, 2},
    {"sin", p_sin, 1, 1},
    {"cos", p_cos, 1, 1},
    {"tan", p_tan, 1, 1},
    {"asin", p_asin, 1, 1},
    {"acos", p_acos, 1, 1},
    {"atan", p_atan, 1, 2},
    {"square", p_square, 1, 1},
    {"number->string", p_number_to_string, 1, 2},
    {"string->number", p_string_to_number, 1, 2},
};

}  // namespace

void register_number_builtins(Vm& vm) { vm.define_primitives(kNumberPrimitives); }

}  // namespace lisp
