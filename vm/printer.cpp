// printer.cpp: the external representation of every value, in `write` style
// (strings and characters quoted so `read` gives them back) and `display`
// style.  The printer never allocates, so it cannot trigger a collection.
//
// Bounds: nesting deeper than kMaxDepth prints "...", a list whose cdrs form
// a cycle stops with "..." once the cycle is detected, and a whole printout
// visits at most kMaxNodes values, so no structure, deep or cyclic, can crash
// the printer or make it run forever.
#include <charconv>
#include <cmath>
#include <cstring>

#include "builtins.hpp"
#include "vm.hpp"

namespace lisp {

namespace {

constexpr int kMaxDepth = 2000;  // C++ recursion: keep well inside the stack
constexpr std::size_t kMaxNodes = 10'000'000;

std::string_view string_view_of(Value s) {
  const auto* str = as<String>(s);
  return {str->bytes, static_cast<std::size_t>(str->length)};
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

void append_hex(std::string& out, unsigned value) {
  char buf[16];
  auto res = std::to_chars(buf, buf + sizeof buf, value, 16);
  out.append(buf, res.ptr);
}

const char* char_name(std::uint32_t c) {
  switch (c) {
    case 0: return "null";
    case 7: return "alarm";
    case 8: return "backspace";
    case 9: return "tab";
    case 10: return "newline";
    case 13: return "return";
    case 27: return "escape";
    case 32: return "space";
    case 127: return "delete";
    default: return nullptr;
  }
}

// A symbol needs |bars| in write style if the reader would not give it back.
bool symbol_needs_bars(std::string_view name) {
  if (name.empty()) return true;
  for (unsigned char c : name) {
    if (c <= ' ' || std::strchr("()\"';`|", c) != nullptr) return true;
  }
  if (name[0] == '#') return true;
  // Something that reads as a number: starts like one.
  if (std::isdigit(static_cast<unsigned char>(name[0]))) return true;
  if ((name[0] == '+' || name[0] == '-' || name[0] == '.') && name.size() > 1 &&
      std::isdigit(static_cast<unsigned char>(name[1])))
    return true;
  return name == ".";
}

class Printer {
 public:
  Printer(bool write_style, std::string& out) : write_(write_style), out_(out) {}

  void print(Value v, int depth) {
    if (++nodes_ > kMaxNodes || depth > kMaxDepth) {
      out_ += "...";
      return;
    }
    if (is_fixnum(v)) {
      out_ += std::to_string(fixnum_value(v));
    } else if (is_imm(v)) {
      print_immediate(v);
    } else if (!is_pointer(v)) {
      out_ += "#<invalid>";
    } else {
      print_object(v, depth);
    }
  }

 private:
  bool write_;
  std::string& out_;
  std::size_t nodes_ = 0;

  void print_immediate(Value v) {
    switch (imm_kind(v)) {
      case Imm::empty_list: out_ += "()"; return;
      case Imm::false_: out_ += "#f"; return;
      case Imm::true_: out_ += "#t"; return;
      case Imm::unspecified: out_ += "#<unspecified>"; return;
      case Imm::eof: out_ += "#<eof>"; return;
      case Imm::unbound: out_ += "#<unbound>"; return;
      case Imm::default_: out_ += "#<default>"; return;
      case Imm::character: print_char(char_value(v)); return;
    }
    out_ += "#<immediate>";
  }

  void print_char(std::uint32_t c) {
    if (!write_) {
      if (c < 256) out_ += static_cast<char>(c);  // strings hold bytes: a char is one
      else append_utf8(out_, c);
      return;
    }
    out_ += "#\\";
    if (const char* name = char_name(c)) {
      out_ += name;
    } else if (c < 32 || (c >= 128 && c < 256)) {
      out_ += 'x';
      append_hex(out_, c);
    } else {
      append_utf8(out_, c);
    }
  }

  void print_string(std::string_view s) {
    if (!write_) {
      out_ += s;
      return;
    }
    out_ += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\t': out_ += "\\t"; break;
        case '\r': out_ += "\\r"; break;
        default:
          if (c < 32 || c == 127) {
            out_ += "\\x";
            append_hex(out_, c);
            out_ += ';';
          } else {
            out_ += static_cast<char>(c);
          }
      }
    }
    out_ += '"';
  }

  void print_symbol(Value sym) {
    std::string_view name = string_view_of(as<Symbol>(sym)->name);
    if (write_ && symbol_needs_bars(name)) {
      out_ += '|';
      for (char c : name) {
        if (c == '|' || c == '\\') out_ += '\\';
        out_ += c;
      }
      out_ += '|';
    } else {
      out_ += name;
    }
  }

  // The elements of a list, with a dotted tail; stops at a cdr cycle
  // (Floyd: `slow` advances every other step).
  void print_list(Value v, int depth) {
    out_ += '(';
    Value slow = v;
    bool first = true;
    for (std::size_t i = 0;; ++i) {
      if (!first) out_ += ' ';
      first = false;
      print(car(v), depth + 1);
      v = cdr(v);
      if (!is_pair(v)) break;
      if (i & 1) slow = cdr(slow);
      if (v == slow) {
        out_ += " ...";
        v = kNil;
        break;
      }
      if (nodes_ > kMaxNodes) {
        out_ += " ...";
        v = kNil;
        break;
      }
    }
    if (v != kNil) {
      out_ += " . ";
      print(v, depth + 1);
    }
    out_ += ')';
  }

  void print_items(const Value* items, std::intptr_t n, int depth) {
    for (std::intptr_t i = 0; i < n; ++i) {
      if (i > 0) out_ += ' ';
      print(items[i], depth + 1);
    }
  }

  void print_name_or(Value name, const char* fallback) {
    if (is_symbol(name)) out_ += string_view_of(as<Symbol>(name)->name);
    else if (is_string(name)) out_ += string_view_of(name);
    else out_ += fallback;
  }

  void print_object(Value v, int depth) {
    switch (type_of_object(v)) {
      case Type::pair: print_list(v, depth); return;
      case Type::string: print_string(string_view_of(v)); return;
      case Type::symbol: print_symbol(v); return;
      case Type::flonum: out_ += format_flonum(as<Flonum>(v)->value); return;
      case Type::vector:
        out_ += "#(";
        print_items(as<Vector>(v)->items, fixnum_value(as<Vector>(v)->length), depth);
        out_ += ')';
        return;
      case Type::values:
        print_items(as<Vector>(v)->items, fixnum_value(as<Vector>(v)->length), depth);
        return;
      case Type::bytevector: {
        out_ += "#u8(";
        const auto* b = as<Bytevector>(v);
        for (std::size_t i = 0; i < b->length; ++i) {
          if (i > 0) out_ += ' ';
          out_ += std::to_string(b->bytes[i]);
        }
        out_ += ')';
        return;
      }
      case Type::closure: {
        Value code = as<Closure>(v)->code;
        out_ += "#<procedure ";
        print_name_or(has_type(code, Type::code) ? as<Code>(code)->name : kFalse, "anonymous");
        out_ += '>';
        return;
      }
      case Type::primitive:
        out_ += "#<procedure ";
        print_name_or(as<Primitive>(v)->name, "?");
        out_ += '>';
        return;
      case Type::code:
        out_ += "#<code ";
        print_name_or(as<Code>(v)->name, "anonymous");
        out_ += '>';
        return;
      case Type::continuation: out_ += "#<continuation>"; return;
      case Type::box: out_ += "#<box>"; return;
      case Type::record_type:
        out_ += "#<record-type ";
        print_name_or(as<RecordType>(v)->name, "?");
        out_ += '>';
        return;
      case Type::record: {
        const auto* r = as<Record>(v);
        out_ += "#<record ";
        print_name_or(has_type(r->type, Type::record_type) ? as<RecordType>(r->type)->name : kFalse,
                      "?");
        const std::size_t fields = header_words(r->header) - 2;
        for (std::size_t i = 0; i < fields; ++i) {
          out_ += ' ';
          print(r->fields[i], depth + 1);
        }
        out_ += '>';
        return;
      }
      case Type::hash_table:
        out_ += "#<hash-table " + std::to_string(fixnum_value(as<HashTable>(v)->count)) + '>';
        return;
      case Type::port: {
        const auto* p = as<Port>(v);
        const auto kind = static_cast<PortKind>(fixnum_value(p->kind));
        out_ += (kind == PortKind::input_file || kind == PortKind::input_string) ? "#<input-port "
                                                                                  : "#<output-port ";
        print_name_or(p->name, "?");
        if (p->open != kTrue) out_ += " (closed)";
        out_ += '>';
        return;
      }
      case Type::error_object: {
        const auto* e = as<ErrorObject>(v);
        out_ += "#<error ";
        const bool saved = write_;
        write_ = true;
        print(e->message, depth + 1);
        for (Value irritants = e->irritants; is_pair(irritants) && nodes_ <= kMaxNodes;
             irritants = cdr(irritants)) {
          out_ += ' ';
          print(car(irritants), depth + 1);
        }
        write_ = saved;
        out_ += '>';
        return;
      }
      case Type::forward:
      case Type::pad1:
      case Type::pad:
        break;
    }
    out_ += "#<invalid object>";
  }
};

}  // namespace

std::string format_flonum(double d) {
  if (std::isnan(d)) return "+nan.0";
  if (std::isinf(d)) return d > 0 ? "+inf.0" : "-inf.0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  std::string s(buf, res.ptr);
  // Scheme spelling: an exponent without '+', and a '.' so it reads as inexact.
  const auto e = s.find('e');
  if (e != std::string::npos) {
    // 1e+21 -> 1e21, 1.5e-07 -> 1.5e-7 (the exponent alone marks it inexact)
    std::size_t digits = e + 1;
    if (s[digits] == '+') s.erase(digits, 1);
    else if (s[digits] == '-') ++digits;
    while (digits + 1 < s.size() && s[digits] == '0') s.erase(digits, 1);
  } else if (s.find('.') == std::string::npos) {
    s += ".0";
  }
  return s;
}

void print_value(Vm&, Value v, bool write_style, std::string& out) {
  Printer(write_style, out).print(v, 0);
}

std::string write_string(Vm& vm, Value v) {
  std::string out;
  print_value(vm, v, true, out);
  return out;
}

std::string display_string(Vm& vm, Value v) {
  std::string out;
  print_value(vm, v, false, out);
  return out;
}

}  // namespace lisp
