// args.hpp -- decoding keyword-argument lists (mps_arg_s arrays).
//
// The interface's rules (mps-interface.md 1.5): a list ends at
// MPS_KEY_ARGS_END and holds at most MPS_ARGS_MAX entries; arguments a
// function uses are removed from the caller's array (later ones shift down);
// unknown keys are left alone; a missing required key is an assertion naming
// the key.  Each key object carries its name and a checker for its value.
#pragma once

#include "base/check.hpp"
#include "base/word.hpp"
#include "mps.h"

// The object behind each MPS_KEY_X macro.  Defined here (not in mps.h, where
// it is incomplete) so every layer can read a key's name.
struct mps_key_s {
  mps::Sig sig;
  const char* name;
  bool (*check)(const mps_arg_s* arg);  // is the value acceptable?
};

namespace mps {

inline constexpr Sig kKeySig = 0x519CE111;

class ArgList {
 public:
  explicit ArgList(mps_arg_s* args) : args_(args) {}

  // Checks the list's shape: not null, terminated within MPS_ARGS_MAX,
  // every key a real key.  Reports through the assertion handler.
  void check() const;

  // If `key` is present: checks its value, copies it to *out, removes it
  // from the caller's list and returns true.  Otherwise returns false.
  bool take(mps_key_t key, mps_arg_s* out);

  // As take, but the key is required: its absence is an assertion naming it.
  void take_required(mps_key_t key, mps_arg_s* out);

  // Typed conveniences: leave *value as the default when the key is absent.
  void take(mps_key_t key, std::size_t* value);
  void take(mps_key_t key, double* value);
  void take(mps_key_t key, bool* value);
  void take(mps_key_t key, unsigned* value);
  void take(mps_key_t key, mps_addr_t* value);
  // mps_word_t is size_t on LP64 platforms, so the `count` field has its own name.
  void take_count(mps_key_t key, mps_word_t* value);

  mps_arg_s* raw() const { return args_; }

 private:
  mps_arg_s* args_;
};

}  // namespace mps
