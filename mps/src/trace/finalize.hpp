// finalize.hpp -- finalization registrations (mps-interface.md 13; design
// note docs/design/finalize.md).
//
// mps_finalize(arena, &ref) adds one registration of `ref` (a client
// pointer); mps_definalize removes one.  The registrations are a table of
// references in arena control memory: they are the arena's "final rank"
// references, which keep nothing alive on their own but which the trace
// fixes once a block is otherwise unreachable.  The trace's half of the
// interface (finalization_preserve, finalization_scan_messages,
// finalization_finish) is declared in collector_hooks.hpp; this header adds
// the registration calls and the forms that take the trace's operations as
// parameters, so unit tests can drive them with a fake trace.
//
// Which pools may hold registered blocks is checked by the api layer (pool/
// is above this layer): api/api_finalize.cpp.
//
// Caller holds the arena lock for everything here.
#pragma once

#include <cstddef>

#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Arena;
struct ScanState;
struct Trace;

// Adds a registration of `ref`.  The same block may be registered any
// number of times; each registration gives at most one message.  Errors:
// those of arena_control_alloc (the table grows), nothing changed.
Res finalization_register(Arena* arena, mps_addr_t ref) noexcept;

// Removes one registration of `ref`; MPS_RES_FAIL if there is none.
Res finalization_deregister(Arena* arena, mps_addr_t ref) noexcept;

// Registrations not yet consumed (for tests and statistics).
std::size_t finalization_count(Arena* arena) noexcept;

// What finalization needs of the trace: trace_is_dead and trace_fix
// (collector_hooks.hpp, scan_state.hpp) in the library; fakes in tests.
struct FinalizationTraceOps {
  bool (*is_dead)(Trace* trace, mps_addr_t ref);
  Res (*fix)(ScanState* ss, mps_addr_t* ref_io);
};

// The bodies of finalization_preserve and finalization_scan_messages.
Res finalization_preserve_with(ScanState* ss, const FinalizationTraceOps& ops) noexcept;
Res finalization_scan_messages_with(ScanState* ss, const FinalizationTraceOps& ops) noexcept;

}  // namespace mps
