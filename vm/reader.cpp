// reader.cpp: the S-expression reader (read_datum), and text_is_complete for
// the REPL.
//
// Syntax: integers (decimal, or with #x #b #o #d; an integer too big for a
// fixnum reads as a flonum, so it stays a number, inexact), decimals and
// exponents as flonums, n/d as the flonum quotient (there are no rationals),
// +inf.0 -inf.0 +nan.0; strings with \n \t \r \a \b \0 \\ \" \xHH; and
// line continuations; characters #\a #\space #\x41 ...; symbols (case
// sensitive, |...| with escapes); #t #f #true #false; lists with dotted tails;
// vectors #(...); bytevectors #u8(...); ' ` , ,@; comments ; #| |# (nested),
// #; datum, and a #! line (a script's first line).
//
// Errors raise read-error with "NAME:LINE:COLUMN: what is wrong".  Nesting is
// bounded (kMaxDepth) so a deeply nested input is a read error, not a stack
// overflow.  While a list is being read its Values are held in locals (head
// and tail), so they are pinned across the allocations of later elements.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "builtins.hpp"
#include "vm.hpp"

namespace lisp {

namespace {

constexpr int kMaxDepth = 1000;

int g_last_datum_line = 0;

bool is_delimiter(int c) {
  return c == -1 || std::isspace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"' ||
         c == ';' || c == '\'' || c == '`' || c == ',';
}

int digit_value_in(int c, int radix) {
  int d;
  if (c >= '0' && c <= '9') d = c - '0';
  else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
  else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
  else return -1;
  return d < radix ? d : -1;
}

// A decimal number with a fraction or exponent: [+-]? (d+ [.d*]? | .d+) ([eE][+-]?d+)?
bool looks_decimal(std::string_view t) {
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == t.size();
}

// An integer in `radix`, or nothing.  Sets `big` (and `approx`) when it does
// not fit a fixnum.
bool parse_integer(std::string_view t, int radix, std::intptr_t* out, bool* big, double* approx) {
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  if (i == t.size()) return false;
  std::intptr_t n = 0;
  double d = 0;
  *big = false;
  for (; i < t.size(); ++i) {
    const int digit = digit_value_in(static_cast<unsigned char>(t[i]), radix);
    if (digit < 0) return false;
    d = d * radix + digit;
    if (!*big && (__builtin_mul_overflow(n, radix, &n) || __builtin_add_overflow(n, digit, &n) ||
                  n > kFixnumMax + 1))
      *big = true;
  }
  if (negative) n = -n;
  if (!*big && !fixnum_fits(n)) *big = true;
  *out = n;
  *approx = negative ? -d : d;
  return true;
}

}  // namespace

// The reader proper: one per read_datum call.
class Reader {
 public:
  Reader(Vm& vm, Value port) : vm_(vm), heap_(vm.heap()), port_(port) {}

  Value read_top() {
    skip_atmosphere(0);
    if (!pending_hash_ && peek() == -1) return kEof;
    g_last_datum_line = static_cast<int>(fixnum_value(as<Port>(port_)->line));
    Value v = read(0);
    if (v == kCloseMarker) fail("unexpected ')'");
    if (v == kDotMarker) fail("unexpected '.'");
    return v;
  }

 private:
  // Markers read() returns for ')' and a lone '.'; never visible outside.
  static constexpr Value kCloseMarker = make_imm(Imm::unbound, 1);
  static constexpr Value kDotMarker = make_imm(Imm::unbound, 2);

  Vm& vm_;
  Heap& heap_;
  Value port_;

  int peek() { return port_peek_char(vm_, port_); }
  int next() { return port_read_char(vm_, port_); }

  [[noreturn]] void fail(const std::string& what) {
    const auto* p = as<Port>(port_);
    std::string name = is_string(p->name) ? std::string(as<String>(p->name)->bytes) : "?";
    raise_error_kind(vm_, "read-error",
                     name + ":" + std::to_string(fixnum_value(p->line)) + ":" +
                         std::to_string(fixnum_value(p->column)) + ": " + what);
  }

  // Whitespace and comments (but not #; which needs a datum read).
  void skip_atmosphere(int depth) {
    for (;;) {
      const int c = peek();
      if (c == -1) return;
      if (std::isspace(c)) {
        next();
      } else if (c == ';') {
        while (peek() != -1 && peek() != '\n') next();
      } else if (c == '#') {
        // Only #| and #; and #! start comments: look one further.
        if (!skip_hash_comment(depth)) return;
      } else {
        return;
      }
    }
  }

  // Called with '#' next.  Consumes a comment and returns true, or consumes
  // nothing and returns false.  String ports can look two ahead by position;
  // for file ports '#' is consumed and remembered.
  bool skip_hash_comment(int depth) {
    next();  // '#'
    const int c = peek();
    if (c == '|') {
      next();
      skip_block_comment();
      return true;
    }
    if (c == ';') {
      next();
      Value ignored = read(depth + 1);
      if (ignored == kCloseMarker || ignored == kDotMarker) fail("#; needs a datum after it");
      return true;
    }
    if (c == '!') {
      while (peek() != -1 && peek() != '\n') next();
      return true;
    }
    pending_hash_ = true;
    return false;
  }

  bool pending_hash_ = false;  // a '#' was consumed by skip_hash_comment

  void skip_block_comment() {
    int depth = 1;
    while (depth > 0) {
      const int c = next();
      if (c == -1) fail("end of input inside a #| comment");
      if (c == '|' && peek() == '#') {
        next();
        --depth;
      } else if (c == '#' && peek() == '|') {
        next();
        ++depth;
      }
    }
  }

  Value read(int depth) {
    if (depth > kMaxDepth) fail("data nested too deeply");
    skip_atmosphere(depth);
    if (pending_hash_) {
      pending_hash_ = false;
      return read_hash(depth);
    }
    const int c = next();
    switch (c) {
      case -1: fail("unexpected end of input");
      case '(': case '[': return read_list(depth);
      case ')': case ']': return kCloseMarker;
      case '"': return read_string();
      case '\'': return read_quoted("quote", depth);
      case '`': return read_quoted("quasiquote", depth);
      case ',':
        if (peek() == '@') {
          next();
          return read_quoted("unquote-splicing", depth);
        }
        return read_quoted("unquote", depth);
      case '|': return heap_.intern(read_bar_symbol());
      default: {
        std::string token(1, static_cast<char>(c));
        read_token_rest(token);
        if (token == ".") return kDotMarker;
        return parse_atom(token);
      }
    }
  }

  void read_token_rest(std::string& token) {
    while (!is_delimiter(peek())) token += static_cast<char>(next());
  }

  Value read_quoted(const char* name, int depth) {
    Value datum = read(depth + 1);
    if (datum == kCloseMarker || datum == kDotMarker) fail(std::string("nothing to ") + name);
    Value tail = heap_.cons(datum, kNil);
    return heap_.cons(heap_.intern(name), tail);
  }

  // After '(' (or '['; brackets are accepted as parentheses, unmatched).
  Value read_list(int depth) {
    Value head = kNil, tail = kNil;  // locals: the list so far is pinned
    for (;;) {
      Value item = read(depth + 1);
      if (item == kCloseMarker) return head;
      if (item == kDotMarker) {
        if (head == kNil) fail("'.' at the start of a list");
        Value last = read(depth + 1);
        if (last == kCloseMarker || last == kDotMarker) fail("a datum must follow '.'");
        Value end = read(depth + 1);
        if (end != kCloseMarker) fail("only one datum may follow '.'");
        as<Pair>(tail)->cdr = last;
        return head;
      }
      Value link = heap_.cons(item, kNil);
      if (head == kNil) head = link;
      else as<Pair>(tail)->cdr = link;
      tail = link;
    }
  }

  Value read_string() {
    std::string s;
    for (;;) {
      int c = next();
      if (c == -1) fail("end of input inside a string");
      if (c == '"') break;
      if (c != '\\') {
        s += static_cast<char>(c);
        continue;
      }
      c = next();
      switch (c) {
        case 'n': s += '\n'; break;
        case 't': s += '\t'; break;
        case 'r': s += '\r'; break;
        case 'a': s += '\a'; break;
        case 'b': s += '\b'; break;
        case '0': s += '\0'; break;
        case '\\': s += '\\'; break;
        case '"': s += '"'; break;
        case 'x': case 'X': {
          const std::uint32_t code = read_hex_escape();
          if (code > 255) fail("string characters must be in 0..255");
          s += static_cast<char>(code);
          break;
        }
        case '\n': case ' ': case '\t': {
          // Line continuation: skip the rest of this line's blanks, the
          // newline, and the next line's leading blanks.
          while (c == ' ' || c == '\t') c = next();
          if (c != '\n') fail("bad line continuation in a string");
          while (peek() == ' ' || peek() == '\t') next();
          break;
        }
        case -1: fail("end of input inside a string");
        default: fail(std::string("unknown string escape \\") + static_cast<char>(c));
      }
    }
    return heap_.make_string(s);
  }

  // After \x: hex digits and a ';'.
  std::uint32_t read_hex_escape() {
    std::uint32_t code = 0;
    int digits = 0;
    for (;;) {
      const int c = next();
      if (c == ';') break;
      const int d = digit_value_in(c, 16);
      if (d < 0 || ++digits > 6) fail("bad \\x escape (hex digits then ';')");
      code = code * 16 + d;
    }
    if (digits == 0) fail("bad \\x escape (hex digits then ';')");
    return code;
  }

  std::string read_bar_symbol() {
    std::string s;
    for (;;) {
      int c = next();
      if (c == -1) fail("end of input inside |symbol|");
      if (c == '|') return s;
      if (c == '\\') {
        c = next();
        if (c == 'x') {
          const std::uint32_t code = read_hex_escape();
          if (code > 255) fail("symbol characters must be in 0..255");
          c = static_cast<int>(code);
        } else if (c == -1) {
          fail("end of input inside |symbol|");
        }
      }
      s += static_cast<char>(c);
    }
  }

  // After '#'.
  Value read_hash(int depth) {
    const int c = next();
    switch (c) {
      case '(': {
        Value list = read_list(depth);
        return list_to_vector(list);
      }
      case '\\': return read_char();
      case -1: fail("end of input after '#'");
      default: break;
    }
    std::string token(1, static_cast<char>(c));
    if (token == "u" && peek() == '8') {
      next();
      if (next() != '(') fail("#u8 must be followed by '('");
      Value list = read_list(depth);
      return list_to_bytevector(list);
    }
    read_token_rest(token);
    if (token == "t" || token == "true") return kTrue;
    if (token == "f" || token == "false") return kFalse;
    if (token == "eof") return kEof;
    if (!token.empty() && std::strchr("xXbBoOdDeEiI", token[0]) != nullptr) {
      Value n = parse_number(token.substr(1), radix_of(token[0]));
      if (n != 0) return token[0] == 'i' || token[0] == 'I' ? to_inexact(n) : n;
      fail("bad number #" + token);
    }
    fail("unknown syntax #" + token);
  }

  static int radix_of(char c) {
    switch (c) {
      case 'x': case 'X': return 16;
      case 'b': case 'B': return 2;
      case 'o': case 'O': return 8;
      default: return 10;
    }
  }

  Value to_inexact(Value n) {
    if (is_fixnum(n)) return heap_.make_flonum(static_cast<double>(fixnum_value(n)));
    return n;
  }

  Value read_char() {
    int c = next();
    if (c == -1) fail("end of input after #\\");
    std::string name(1, static_cast<char>(c));
    if (!is_delimiter(peek()) && (std::isalnum(c) || c >= 0x80)) read_token_rest(name);
    if (name.size() == 1) return make_char(static_cast<unsigned char>(name[0]));
    if (static_cast<unsigned char>(name[0]) >= 0x80) {
      std::uint32_t code;
      if (decode_utf8(name, &code)) return make_char(code);
      fail("bad character #\\" + name);
    }
    static const struct { const char* name; std::uint32_t code; } kNames[] = {
        {"space", ' '},   {"newline", '\n'}, {"linefeed", '\n'}, {"tab", '\t'},
        {"nul", 0},       {"null", 0},       {"return", '\r'},   {"alarm", 7},
        {"backspace", 8}, {"delete", 127},   {"rubout", 127},    {"escape", 27},
        {"altmode", 27}};
    for (const auto& entry : kNames)
      if (name == entry.name) return make_char(entry.code);
    if ((name[0] == 'x' || name[0] == 'U' || name[0] == 'u') && name.size() > 1) {
      std::uint32_t code = 0;
      for (std::size_t i = 1; i < name.size(); ++i) {
        const int d = digit_value_in(static_cast<unsigned char>(name[i]), 16);
        if (d < 0 || code > 0x10ffff) fail("bad character #\\" + name);
        code = code * 16 + d;
      }
      if (code > 0x10ffff) fail("bad character #\\" + name);
      return make_char(code);
    }
    fail("unknown character name #\\" + name);
  }

  static bool decode_utf8(std::string_view s, std::uint32_t* out) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    std::size_t n = b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 0;
    if (n == 0 || s.size() != n) return false;
    std::uint32_t code = b0 & (0x3f >> (n - 1));
    for (std::size_t i = 1; i < n; ++i) code = (code << 6) | (static_cast<unsigned char>(s[i]) & 0x3f);
    *out = code;
    return true;
  }

  Value list_to_vector(Value list) {
    std::size_t n = 0;
    for (Value p = list; is_pair(p); p = cdr(p)) ++n;
    Value vec = heap_.make_vector(n, kFalse);  // `list` is pinned meanwhile
    std::size_t i = 0;
    for (Value p = list; is_pair(p); p = cdr(p)) as<Vector>(vec)->items[i++] = car(p);
    return vec;
  }

  Value list_to_bytevector(Value list) {
    std::size_t n = 0;
    for (Value p = list; is_pair(p); p = cdr(p)) {
      const Value b = car(p);
      if (!is_fixnum(b) || fixnum_value(b) < 0 || fixnum_value(b) > 255)
        fail("bytevector elements must be integers 0..255");
      ++n;
    }
    if (list != kNil && !is_pair(list)) fail("bad bytevector syntax");
    Value bv = heap_.make_bytevector(n, 0);
    std::size_t i = 0;
    for (Value p = list; is_pair(p); p = cdr(p))
      as<Bytevector>(bv)->bytes[i++] = static_cast<std::uint8_t>(fixnum_value(car(p)));
    return bv;
  }

  // A number in `radix`, or 0 if the token is not one.
  Value parse_number(std::string_view t, int radix) {
    if (t == "+inf.0") return heap_.make_flonum(HUGE_VAL);
    if (t == "-inf.0") return heap_.make_flonum(-HUGE_VAL);
    if (t == "+nan.0" || t == "-nan.0") return heap_.make_flonum(std::nan(""));
    std::intptr_t n;
    bool big;
    double approx;
    if (parse_integer(t, radix, &n, &big, &approx))
      return big ? heap_.make_flonum(approx) : make_fixnum(n);
    if (radix != 10) return 0;
    if (looks_decimal(t)) return heap_.make_flonum(std::strtod(std::string(t).c_str(), nullptr));
    const auto slash = t.find('/');
    if (slash != std::string_view::npos) {
      std::intptr_t num, den;
      double num_d, den_d;
      bool big_num, big_den;
      if (parse_integer(t.substr(0, slash), 10, &num, &big_num, &num_d) &&
          parse_integer(t.substr(slash + 1), 10, &den, &big_den, &den_d) &&
          t[slash + 1] != '+' && t[slash + 1] != '-') {
        if (!big_num && !big_den && den != 0 && num % den == 0) return make_fixnum(num / den);
        return heap_.make_flonum(num_d / den_d);
      }
    }
    return 0;
  }

  Value parse_atom(const std::string& token) {
    const auto first = static_cast<unsigned char>(token[0]);
    if (std::isdigit(first) || first == '+' || first == '-' || first == '.') {
      Value n = parse_number(token, 10);
      if (n != 0) return n;
    }
    return heap_.intern(token);
  }
};

Value read_datum(Vm& vm, Value port) {
  return Reader(vm, port).read_top();
}

int last_datum_line(Vm&, Value) { return g_last_datum_line; }

// For the REPL: scans the text as the reader would, without building
// anything, and says whether a datum is still open.
bool text_is_complete(std::string_view text) {
  int depth = 0;
  bool pending_prefix = false;  // a ' ` , or ,@ waiting for its datum
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto at = [&](std::size_t k) -> int { return k < n ? static_cast<unsigned char>(text[k]) : -1; };
  while (i < n) {
    const int c = at(i);
    if (std::isspace(c)) {
      ++i;
    } else if (c == ';') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '"' || c == '|') {
      ++i;
      while (i < n && at(i) != c) i += at(i) == '\\' ? 2 : 1;
      if (i >= n) return false;
      ++i;
      pending_prefix = false;
    } else if (c == '#' && at(i + 1) == '|') {
      int nest = 1;
      i += 2;
      while (nest > 0) {
        if (i >= n) return false;
        if (at(i) == '|' && at(i + 1) == '#') --nest, i += 2;
        else if (at(i) == '#' && at(i + 1) == '|') ++nest, i += 2;
        else ++i;
      }
    } else if (c == '#' && at(i + 1) == '\\') {
      i += 3;  // the character itself may be a delimiter: #\( #\;
      while (i < n && !is_delimiter(at(i))) ++i;
      pending_prefix = false;
    } else if (c == '#' && at(i + 1) == ';') {
      i += 2;
      pending_prefix = true;
    } else if (c == '(' || c == '[') {
      ++depth;
      ++i;
      pending_prefix = false;
    } else if (c == ')' || c == ']') {
      if (depth > 0) --depth;  // too many ')' is complete: the reader reports it
      ++i;
    } else if (c == '\'' || c == '`' || c == ',') {
      ++i;
      if (c == ',' && at(i) == '@') ++i;
      pending_prefix = true;
    } else {
      while (i < n && !is_delimiter(at(i)) && at(i) != '"') {
        if (at(i) == '(' || at(i) == ')') break;
        ++i;
      }
      pending_prefix = false;
    }
  }
  return depth == 0 && !pending_prefix;
}

}  // namespace lisp
