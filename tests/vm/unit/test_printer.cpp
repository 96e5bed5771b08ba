// test_printer.cpp: the external representation of every type, in write
// and display style, and the bounds on deep and cyclic structures.
#include <doctest/doctest.h>

#include <cmath>
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

}  // namespace

TEST_CASE("printer numbers") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  Heap& h = vm.heap();
  CHECK(write_string(vm, make_fixnum(0)) == "0");
  CHECK(write_string(vm, make_fixnum(-123)) == "-123");
  CHECK(write_string(vm, make_fixnum(kFixnumMax)) == "4611686018427387903");
  CHECK(write_string(vm, h.make_flonum(1.0)) == "1.0");
  CHECK(write_string(vm, h.make_flonum(0.5)) == "0.5");
  CHECK(write_string(vm, h.make_flonum(-2.25)) == "-2.25");
  CHECK(write_string(vm, h.make_flonum(0.1)) == "0.1");
  CHECK(write_string(vm, h.make_flonum(1e21)) == "1e21");
  CHECK(write_string(vm, h.make_flonum(1.5e-7)) == "1.5e-7");
  CHECK(write_string(vm, h.make_flonum(HUGE_VAL)) == "+inf.0");
  CHECK(write_string(vm, h.make_flonum(-HUGE_VAL)) == "-inf.0");
  CHECK(write_string(vm, h.make_flonum(std::nan(""))) == "+nan.0");
  CHECK(format_flonum(100.0) == "100.0");
}

TEST_CASE("printer characters and strings in both styles") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  Heap& h = vm.heap();
  CHECK(write_string(vm, make_char('a')) == "#\\a");
  CHECK(write_string(vm, make_char(' ')) == "#\\space");
  CHECK(write_string(vm, make_char('\n')) == "#\\newline");
  CHECK(write_string(vm, make_char(1)) == "#\\x1");
  CHECK(display_string(vm, make_char('a')) == "a");
  Value s = h.make_string("say \"hi\"\n\t\\");
  CHECK(write_string(vm, s) == "\"say \\\"hi\\\"\\n\\t\\\\\"");
  CHECK(display_string(vm, s) == "say \"hi\"\n\t\\");
  CHECK(write_string(vm, h.make_string(std::string_view("\x01", 1))) == "\"\\x1;\"");
}

TEST_CASE("printer lists vectors and symbols") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  Heap& h = vm.heap();
  Value list = h.cons(make_fixnum(1), h.cons(h.make_string("two"), h.cons(kTrue, kNil)));
  CHECK(write_string(vm, list) == "(1 \"two\" #t)");
  CHECK(display_string(vm, list) == "(1 two #t)");
  CHECK(write_string(vm, h.cons(make_fixnum(1), make_fixnum(2))) == "(1 . 2)");
  Value quoted = h.cons(h.intern("quote"), h.cons(h.intern("x"), kNil));
  CHECK(write_string(vm, quoted) == "(quote x)");
  Value vec = h.make_vector(3, make_fixnum(7));
  CHECK(write_string(vm, vec) == "#(7 7 7)");
  CHECK(write_string(vm, h.make_vector(0, kFalse)) == "#()");
  CHECK(write_string(vm, h.make_bytevector(2, 9)) == "#u8(9 9)");
  CHECK(write_string(vm, kNil) == "()");
  CHECK(write_string(vm, kEof) == "#<eof>");
  CHECK(write_string(vm, kUnspecified) == "#<unspecified>");
  CHECK(write_string(vm, h.intern("a b")) == "|a b|");
  CHECK(display_string(vm, h.intern("a b")) == "a b");
  CHECK(write_string(vm, h.intern("")) == "||");
}

TEST_CASE("printer other objects") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  Heap& h = vm.heap();
  Value fields = h.make_vector(2, h.intern("x"));
  Value type = h.make_record_type(h.intern("point"), fields);
  Value rec = h.make_record(type);
  as<Record>(rec)->fields[0] = make_fixnum(1);
  as<Record>(rec)->fields[1] = h.make_string("y");
  CHECK(write_string(vm, rec) == "#<record point 1 \"y\">");
  Value table = h.make_hash_table(HashKind::equal);
  h.hash_set(table, make_fixnum(1), make_fixnum(2));
  CHECK(write_string(vm, table) == "#<hash-table 1>");
  Value err = h.make_error_object(h.intern("error"), h.make_string("bad thing"),
                                  h.cons(make_fixnum(42), h.cons(h.make_string("s"), kNil)));
  CHECK(write_string(vm, err) == "#<error \"bad thing\" 42 \"s\">");
  Value prim = h.make_primitive(0, h.intern("car"), 1, 1);
  CHECK(write_string(vm, prim) == "#<procedure car>");
  Value port = open_input_string(vm, "abc", "string");
  CHECK(write_string(vm, port) == "#<input-port string>");
}

TEST_CASE("printer bounds deep and cyclic structures") {
  int cold = 0;
  Vm vm(options_without_stdlib(), &cold);
  Heap& h = vm.heap();
  // A cdr cycle.
  Value cycle = h.cons(make_fixnum(1), h.cons(make_fixnum(2), kNil));
  as<Pair>(cdr(cycle))->cdr = cycle;
  std::string out = write_string(vm, cycle);
  CHECK(out.find("...") != std::string::npos);
  CHECK(out.size() < 100);
  // A car cycle.
  Value knot = h.cons(kNil, kNil);
  as<Pair>(knot)->car = knot;
  CHECK(write_string(vm, knot).find("...") != std::string::npos);
  // A vector holding itself twice: exponential without a node budget.
  Value vec = h.make_vector(2, kFalse);
  as<Vector>(vec)->items[0] = vec;
  as<Vector>(vec)->items[1] = vec;
  CHECK(write_string(vm, vec).find("...") != std::string::npos);
  // Very deep nesting.
  Value deep = kNil;
  for (int i = 0; i < 100000; ++i) deep = h.cons(deep, kNil);
  CHECK(write_string(vm, deep).find("...") != std::string::npos);
}
