// api_pool_classes.cpp -- the mps_class_X() functions of the pool-class
// headers, and what the api layer needs to know about each class.
//
// Built classes (MFS, MVFF, MVFF debug, MVT) return the class objects of
// pool/.  The automatic classes (AMC, AMCZ, AMS, AMS debug, AWL, LO, SNC)
// arrive with the collector; until then each returns a placeholder class
// whose pool creation gives MPS_RES_UNIMPL, so a client can test for them.
// MV was removed from the MPS (MVFF replaces it); its declarations in
// mpscmv.h get a placeholder too.  When a class is built, replace its
// placeholder here by the real object: the predicates below follow.
#include "api/api_internal.hpp"
#include "mpscamc.h"
#include "mpscams.h"
#include "mpscawl.h"
#include "mpsclo.h"
#include "mpscmfs.h"
#include "mpscmv.h"
#include "mpscmvff.h"
#include "mpscmvt.h"
#include "mpscsnc.h"
#include "pool/amc.hpp"
#include "pool/mfs.hpp"
#include "pool/mvff.hpp"
#include "pool/mvt.hpp"

using namespace mps;
using namespace mps::api;

namespace {

Res unbuilt_init(Pool*, ArgList) { return MPS_RES_UNIMPL; }

// A class whose implementation belongs to a later issue.
constexpr PoolClass unbuilt_class(const char* name) {
  PoolClass klass{};
  klass.name = name;
  klass.instance_size = sizeof(Pool);
  klass.init = unbuilt_init;
  return klass;
}

// Issue: the collector and its pools.
constexpr PoolClass kAMSPlaceholder = unbuilt_class("AMS");
constexpr PoolClass kAMSDebugPlaceholder = unbuilt_class("AMS debug");
constexpr PoolClass kAWLPlaceholder = unbuilt_class("AWL");
constexpr PoolClass kLOPlaceholder = unbuilt_class("LO");
constexpr PoolClass kSNCPlaceholder = unbuilt_class("SNC");
// Removed from the MPS; never to be built (use MVFF).
constexpr PoolClass kMVPlaceholder = unbuilt_class("MV (removed: use MVFF)");
constexpr PoolClass kMVDebugPlaceholder = unbuilt_class("MV debug (removed: use MVFF debug)");

mps_pool_class_t handle_of_class(const PoolClass* klass) {
  return reinterpret_cast<mps_pool_class_t>(const_cast<PoolClass*>(klass));
}
const PoolClass* class_of(mps_pool_class_t handle) { return reinterpret_cast<const PoolClass*>(handle); }

}  // namespace

extern "C" MPS_EXPORT mps_pool_class_t mps_class_mfs(void) { return handle_of_class(&kMFSPoolClass); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_mvff(void) { return handle_of_class(&kMVFFPoolClass); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_mvff_debug(void) { return handle_of_class(&kMVFFDebugPoolClass); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_mvt(void) { return handle_of_class(&kMVTPoolClass); }

extern "C" MPS_EXPORT mps_pool_class_t mps_class_amc(void) { return handle_of_class(&kAMCPoolClass); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_amcz(void) { return handle_of_class(&kAMCZPoolClass); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_ams(void) { return handle_of_class(&kAMSPlaceholder); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_ams_debug(void) { return handle_of_class(&kAMSDebugPlaceholder); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_awl(void) { return handle_of_class(&kAWLPlaceholder); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_lo(void) { return handle_of_class(&kLOPlaceholder); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_snc(void) { return handle_of_class(&kSNCPlaceholder); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_mv(void) { return handle_of_class(&kMVPlaceholder); }
extern "C" MPS_EXPORT mps_pool_class_t mps_class_mv_debug(void) { return handle_of_class(&kMVDebugPlaceholder); }

namespace mps::api {

bool pool_class_known(const PoolClass* klass) noexcept {
  const mps_pool_class_t all[] = {
      mps_class_mfs(), mps_class_mvff(), mps_class_mvff_debug(), mps_class_mvt(),
      mps_class_amc(), mps_class_amcz(), mps_class_ams(),        mps_class_ams_debug(),
      mps_class_awl(), mps_class_lo(),   mps_class_snc(),        mps_class_mv(),
      mps_class_mv_debug(),
  };
  for (mps_pool_class_t handle : all) {
    if (class_of(handle) == klass) return true;
  }
  return false;
}

bool pool_class_unbuilt(const PoolClass* klass) noexcept { return klass->init == unbuilt_init; }

bool pool_class_ap_takes_rank(const PoolClass* klass) noexcept {
  return klass == class_of(mps_class_ams()) || klass == class_of(mps_class_ams_debug()) ||
         klass == class_of(mps_class_awl()) || klass == class_of(mps_class_snc());
}

bool pool_class_supports_sac(const PoolClass* klass) noexcept {
  return klass == &kMFSPoolClass || klass == &kMVFFPoolClass || klass == &kMVFFDebugPoolClass;
}

}  // namespace mps::api
