// shield.cpp -- the shield; see shield.hpp.  No protection yet: it keeps
// the "inside" state so that re-entry is caught.
#include "seg/shield.hpp"

#include "base/check.hpp"
#include "seg/seg.hpp"

namespace mps {

void shield_enter(Arena* arena) noexcept {
  SegRegistry* registry = seg_registry(arena);
  MPS_ASSERT(registry != nullptr);
  MPS_ASSERT_MSG(registry->shield_depth == 0,
                 "shield: the collector was re-entered (a format method or scanner called the MPS?)");
  registry->shield_depth = 1;
}

void shield_leave(Arena* arena) noexcept {
  SegRegistry* registry = seg_registry(arena);
  MPS_ASSERT(registry != nullptr && registry->shield_depth == 1);
  registry->shield_depth = 0;
}

bool shield_inside(Arena* arena) noexcept {
  auto* registry = static_cast<SegRegistry*>(arena_upper_state(arena)->collector);
  return registry != nullptr && registry->shield_depth != 0;
}

}  // namespace mps
