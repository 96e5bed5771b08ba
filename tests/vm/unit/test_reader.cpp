// test_reader.cpp: the reader, checked by reading text and writing the
// datum back, and its errors (positions, malformed and deeply nested input).
#include <doctest/doctest.h>

#include <string>

#include "builtins.hpp"
#include "vm.hpp"

using namespace lisp;

namespace {

VmOptions options_without_stdlib() {
  VmOptions options;
  options.load_stdlib = false;
  return options;
}

// Reads every datum of `text` and writes them back, separated by spaces.
std::string round_trip(Vm& vm, std::string_view text) {
  Value port = open_input_string(vm, text, "test");
  std::string out;
  for (Value v = read_datum(vm, port); v != kEof; v = read_datum(vm, port)) {
    if (!out.empty()) out += ' ';
    out += write_string(vm, v);
  }
  return out;
}

// The message of the read error `text` raises, or "" if it reads.
std::string read_error(Vm& vm, std::string_view text) {
  try {
    round_trip(vm, text);
  } catch (const LispError& e) {
    if (!has_type(e.payload, Type::error_object)) return "not an error object";
    Value message = as<ErrorObject>(e.payload)->message;
    std::string kind(as<String>(as<Symbol>(as<ErrorObject>(e.payload)->kind)->name)->bytes);
    return kind + ": " + std::string(as<String>(message)->bytes);
  }
  return "";
}

}  // namespace

TEST_CASE("reader numbers") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  CHECK(round_trip(vm, "0 42 -17 +5") == "0 42 -17 5");
  CHECK(round_trip(vm, "#x1F #b101 #o17 #d99 #xff") == "31 5 15 99 255");
  CHECK(round_trip(vm, "1.5 -0.25 1e3 2.5e-3 .5 1.") == "1.5 -0.25 1000.0 0.0025 0.5 1.0");
  CHECK(round_trip(vm, "+inf.0 -inf.0 +nan.0") == "+inf.0 -inf.0 +nan.0");
  CHECK(round_trip(vm, "4611686018427387903") == "4611686018427387903");
  CHECK(round_trip(vm, "4611686018427387904") == "4611686018427387904.0");  // too big: a flonum
  CHECK(round_trip(vm, "1/2 6/3") == "0.5 2");
  CHECK(round_trip(vm, "+ - ... 1+ -x") == "+ - ... |1+| -x");
}

TEST_CASE("reader strings and characters") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  CHECK(round_trip(vm, R"("hello" "a\nb\tc" "q\"q" "back\\slash" "\x41;BC")") ==
        R"("hello" "a\nb\tc" "q\"q" "back\\slash" "ABC")");
  CHECK(round_trip(vm, "\"line \\\n     continued\"") == "\"line continued\"");
  CHECK(round_trip(vm, R"(#\a #\space #\newline #\tab #\nul #\x41 #\( #\))") ==
        R"(#\a #\space #\newline #\tab #\null #\A #\( #\))");
  Value port = open_input_string(vm, "#\\x3bb", "test");
  Value c = read_datum(vm, port);
  REQUIRE(is_char(c));
  CHECK(char_value(c) == 0x3bb);
}

TEST_CASE("reader symbols booleans and lists") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  CHECK(round_trip(vm, "abc Hello |with space| #t #f #true #false") ==
        "abc Hello |with space| #t #f #t #f");
  CHECK(round_trip(vm, "(1 2 3) (a . b) (1 2 . 3) () [x y]") == "(1 2 3) (a . b) (1 2 . 3) () (x y)");
  CHECK(round_trip(vm, "#(1 \"s\" #\\c) #u8(0 255 7) #()") == "#(1 \"s\" #\\c) #u8(0 255 7) #()");
  CHECK(round_trip(vm, "'x `(a ,b ,@c)") ==
        "(quote x) (quasiquote (a (unquote b) (unquote-splicing c)))");
  Value port = open_input_string(vm, "abc", "test");
  CHECK(read_datum(vm, port) == vm.heap().intern("abc"));
}

TEST_CASE("reader comments") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  CHECK(round_trip(vm, "1 ; comment\n 2") == "1 2");
  CHECK(round_trip(vm, "1 #| block #| nested |# still |# 2") == "1 2");
  CHECK(round_trip(vm, "1 #;(ignored (datum)) 2 #; 3") == "1 2");
  CHECK(round_trip(vm, "(a #;b c)") == "(a c)");
  CHECK(round_trip(vm, "#!/usr/bin/env mpslisp\n(x)") == "(x)");
  CHECK(round_trip(vm, "   ; only a comment") == "");
}

TEST_CASE("reader errors name the position") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  CHECK(read_error(vm, "(1 2") == "read-error: test:1:4: unexpected end of input");
  CHECK(read_error(vm, "\n\n  )") == "read-error: test:3:3: unexpected ')'");
  CHECK(read_error(vm, "\"abc") == "read-error: test:1:4: end of input inside a string");
  CHECK(read_error(vm, "#z").find("read-error: test:1:2: unknown syntax") == 0);
  CHECK(read_error(vm, "(1 . )").find("read-error") == 0);
  CHECK(read_error(vm, "(1 . 2 3)").find("read-error") == 0);
  CHECK(read_error(vm, "( . 2)").find("read-error") == 0);
  CHECK(read_error(vm, "#u8(256)").find("read-error") == 0);
  CHECK(read_error(vm, "#\\bogus").find("read-error") == 0);
  CHECK(read_error(vm, "\"\\q\"").find("read-error") == 0);
  CHECK(read_error(vm, "#| never closed").find("read-error") == 0);
  CHECK(read_error(vm, "'").find("read-error") == 0);
}

TEST_CASE("reader bounds nesting depth") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  std::string deep(100000, '(');
  CHECK(read_error(vm, deep).find("nested too deeply") != std::string::npos);
  std::string quotes(100000, '\'');
  CHECK(read_error(vm, quotes + "x").find("nested too deeply") != std::string::npos);
  std::string comments;
  for (int i = 0; i < 100000; ++i) comments += "#;";
  CHECK(read_error(vm, comments + "x").find("read-error") == 0);
  std::string ok(500, '(');
  ok += std::string(500, ')');
  CHECK(read_error(vm, ok) == "");
}

TEST_CASE("reader survives garbage input") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  const char* inputs[] = {"#", "#\\", "#x", "#xZZ", "|abc", ")", "(. .)", "#(1 . 2)", "\"\\x41\"",
                          "#u8", "#u8(1 2", ",@", "\\", "#!eof", "\x01\x02\xff"};
  for (const char* text : inputs) {
    // Either reads or raises a read error; never anything else.
    std::string err = read_error(vm, text);
    CHECK_MESSAGE((err.empty() || err.find("read-error") == 0), text, " -> ", err);
  }
}

TEST_CASE("text_is_complete for the REPL") {
  CHECK(text_is_complete("(+ 1 2)"));
  CHECK(text_is_complete("42"));
  CHECK(text_is_complete(""));
  CHECK_FALSE(text_is_complete("(define (f x)"));
  CHECK_FALSE(text_is_complete("\"open string"));
  CHECK_FALSE(text_is_complete("#| open comment"));
  CHECK_FALSE(text_is_complete("'"));
  CHECK(text_is_complete("(display \")\")"));
  CHECK(text_is_complete("#\\("));
  CHECK(text_is_complete("(a) ; (unclosed in a comment"));
  CHECK(text_is_complete("())"));  // too many: complete, the reader reports it
  CHECK_FALSE(text_is_complete("#(1 2"));
  CHECK_FALSE(text_is_complete("(a #| x |# "));
}
