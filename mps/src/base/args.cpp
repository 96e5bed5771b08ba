// args.cpp -- keyword-argument list decoding; see args.hpp.
#include "base/args.hpp"

#include <cstdio>

namespace mps {

namespace {

// The condition text names the key, as the interface promises.  The buffer
// is per thread so concurrent reports do not garble each other.
void report_key_problem(unsigned line, const char* problem, mps_key_t key) {
  static thread_local char text[160];
  std::snprintf(text, sizeof text, "%s %s", problem, key->name);
  report_assertion(__FILE__, line, text);
}

}  // namespace

void ArgList::check() const {
  MPS_ASSERT_MSG(args_ != nullptr, "keyword argument list is NULL (use mps_args_none)");
  unsigned i = 0;
  for (; i < MPS_ARGS_MAX && args_[i].key != MPS_KEY_ARGS_END; ++i) {
    MPS_ASSERT_MSG(args_[i].key != nullptr, "keyword argument list contains a NULL key");
    MPS_ASSERT_MSG(args_[i].key->sig == kKeySig, "keyword argument list contains a key that is not an MPS key");
  }
  MPS_ASSERT_MSG(i < MPS_ARGS_MAX, "keyword argument list is not terminated by MPS_KEY_ARGS_END within MPS_ARGS_MAX entries");
}

bool ArgList::take(mps_key_t key, mps_arg_s* out) {
  for (unsigned i = 0; i < MPS_ARGS_MAX && args_[i].key != MPS_KEY_ARGS_END; ++i) {
    if (args_[i].key != key) continue;
    if (key->check != nullptr && !key->check(&args_[i])) {
      report_key_problem(__LINE__, "keyword argument has an illegal value:", key);
    }
    *out = args_[i];
    unsigned j = i;
    do {  // shift the rest down, terminator included
      args_[j] = args_[j + 1];
      ++j;
    } while (args_[j - 1].key != MPS_KEY_ARGS_END && j + 1 < MPS_ARGS_MAX);
    if (args_[j - 1].key != MPS_KEY_ARGS_END) args_[j - 1].key = MPS_KEY_ARGS_END;
    return true;
  }
  return false;
}

void ArgList::take_required(mps_key_t key, mps_arg_s* out) {
  if (!take(key, out)) report_key_problem(__LINE__, "required keyword argument missing:", key);
}

void ArgList::take(mps_key_t key, std::size_t* value) {
  mps_arg_s arg;
  if (take(key, &arg)) *value = arg.val.size;
}
void ArgList::take(mps_key_t key, double* value) {
  mps_arg_s arg;
  if (take(key, &arg)) *value = arg.val.d;
}
void ArgList::take(mps_key_t key, bool* value) {
  mps_arg_s arg;
  if (take(key, &arg)) *value = arg.val.b != 0;
}
void ArgList::take(mps_key_t key, unsigned* value) {
  mps_arg_s arg;
  if (take(key, &arg)) *value = arg.val.u;
}
void ArgList::take_count(mps_key_t key, mps_word_t* value) {
  mps_arg_s arg;
  if (take(key, &arg)) *value = arg.val.count;
}
void ArgList::take(mps_key_t key, mps_addr_t* value) {
  mps_arg_s arg;
  if (take(key, &arg)) *value = arg.val.addr;
}

}  // namespace mps
