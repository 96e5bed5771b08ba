// api_chain.cpp -- generation chains through the C interface
// (mps-interface.md 10): mps_chain_create, mps_chain_destroy.
#include "api/api_internal.hpp"
#include "arena/chain.hpp"

using namespace mps;
using namespace mps::api;

extern "C" MPS_EXPORT mps_res_t mps_chain_create(mps_chain_t* chain_o, mps_arena_t handle, size_t gen_count,
                                                 mps_gen_param_s* gen_params) {
  Arena* arena = arena_of(handle);
  API_CHECK_NOT_NULL("mps_chain_create", chain_o);
  API_CHECK_ARENA("mps_chain_create", arena);
  API_ASSERT(gen_count > 0, "mps_chain_create: gen_count is zero");
  API_CHECK_NOT_NULL("mps_chain_create", gen_params);
  Chain* chain = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    res = chain_create(&chain, arena, gen_count, gen_params);
  }
  if (res != MPS_RES_OK) return res;
  *chain_o = reinterpret_cast<mps_chain_t>(chain);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_chain_destroy(mps_chain_t handle) {
  auto* chain = reinterpret_cast<Chain*>(handle);
  API_ASSERT(chain != nullptr && chain_check(chain) && !chain->is_default,
             "mps_chain_destroy: chain is not a valid chain (null, destroyed, or not a chain)");
  os::LockGuard guard(arena_lock(chain->arena));
  chain_destroy(chain);
}
