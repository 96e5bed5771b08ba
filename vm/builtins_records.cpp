// builtins_records.cpp: the procedures define-record-type expands into.
//   (%make-record-type name #(field ...))  -> a record type
//   (%record type value ...)               -> a record with those fields
//   (%record? obj type)                    -> #t if obj is a record of type
//   (%record-ref obj type index)           -> a field
//   (%record-set! obj type index value)    -> sets a field
// Records print as #<record NAME field-value ...> (printer.cpp).
#include "builtin_support.hpp"

namespace lisp {

namespace {

Value check_record_type(Vm& vm, const char* who, Value* a, int i) {
  return arg_of_type(vm, who, a, i, Type::record_type, "a record type");
}

std::string type_name(Value type) {
  Value name = as<RecordType>(type)->name;
  return is_symbol(name) ? std::string(string_view_of(as<Symbol>(name)->name)) : "record";
}

// Checks that a[0] is a record of type a[1] and a[2] a field index of it.
std::size_t check_field(Vm& vm, const char* who, Value* a) {
  check_record_type(vm, who, a, 1);
  if (!has_type(a[0], Type::record) || as<Record>(a[0])->type != a[1])
    type_error(vm, who, 1, ("a record of type " + type_name(a[1])).c_str(), a[0]);
  const std::size_t fields = header_words(as<Record>(a[0])->header) - 2;
  if (fields == 0) raise_error_kind(vm, "range-error", std::string(who) + ": the record has no fields", {a[2]});
  return arg_index(vm, who, a, 2, fields - 1);
}

Value p_make_record_type(Vm& vm, Value* a, int) {
  if (!is_symbol(a[0]) && !is_string(a[0])) type_error(vm, "%make-record-type", 1, "a symbol", a[0]);
  Value fields = arg_of_type(vm, "%make-record-type", a, 1, Type::vector, "a vector of field names");
  for (std::intptr_t i = 0; i < fixnum_value(as<Vector>(fields)->length); ++i)
    if (!is_symbol(as<Vector>(fields)->items[i]))
      type_error(vm, "%make-record-type", 2, "a vector of symbols", fields);
  return vm.heap().make_record_type(a[0], a[1]);
}

Value p_record(Vm& vm, Value* a, int n) {
  check_record_type(vm, "%record", a, 0);
  const std::intptr_t fields = fixnum_value(as<Vector>(as<RecordType>(a[0])->field_names)->length);
  if (n - 1 != fields)
    raise_error_kind(vm, "arity-error",
                     "%record: " + type_name(a[0]) + " has " + std::to_string(fields) + " fields, given " +
                         std::to_string(n - 1));
  Value r = vm.heap().make_record(a[0]);
  for (int i = 1; i < n; ++i) as<Record>(r)->fields[i - 1] = a[i];
  return r;
}

Value p_record_p(Vm& vm, Value* a, int) {
  check_record_type(vm, "%record?", a, 1);
  return make_bool(has_type(a[0], Type::record) && as<Record>(a[0])->type == a[1]);
}

Value p_record_ref(Vm& vm, Value* a, int) {
  return as<Record>(a[0])->fields[check_field(vm, "%record-ref", a)];
}

Value p_record_set(Vm& vm, Value* a, int) {
  as<Record>(a[0])->fields[check_field(vm, "%record-set!", a)] = a[3];
  return kUnspecified;
}

Value p_any_record_p(Vm&, Value* a, int) { return make_bool(has_type(a[0], Type::record)); }

const PrimitiveSpec kRecordPrimitives[] = {
    {"%make-record-type", p_make_record_type, 2, 2},
    {"%record", p_record, 1, -1},
    {"%record?", p_record_p, 2, 2},
    {"%record-ref", p_record_ref, 3, 3},
    {"%record-set!", p_record_set, 4, 4},
    {"record?", p_any_record_p, 1, 1},
};

}  // namespace

void register_record_builtins(Vm& vm) { vm.define_primitives(kRecordPrimitives); }

}  // namespace lisp
