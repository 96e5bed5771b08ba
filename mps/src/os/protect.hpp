// protect.hpp -- page protection and the protection-fault handler (the only
// mprotect and SIGSEGV code; architecture.md, Decisions: "Barriers are
// memory protection"; mps-interface.md section 9; docs/design/shield.md).
//
// The seg layer's shield is the only caller: it write-protects segments
// whose reference summary is narrower than "all zones" and lowers the
// protection when the mutator writes them.  This layer knows nothing of
// arenas: the shield registers a callback that the SIGSEGV handler asks
// whether a faulting address is one of ours.
//
// Handler contract (async-signal context): the callback must not lock,
// allocate or assert; it returns true if it handled the fault (the faulting
// instruction is then restarted).  The handler runs it in one thread at a
// time, so two threads faulting on one segment do not race on its state.
// Otherwise the handler chains to the SIGSEGV disposition that was
// installed before it: an SA_SIGINFO handler gets (sig, info, context); a
// plain handler gets sig; SIG_DFL / SIG_IGN is restored and the handler
// returns, so the fault re-raises with it.  errno is preserved across the
// handler.
#pragma once

#include <cstddef>

#include "base/word.hpp"

namespace mps::os {

enum class ProtMode { read_write, read_only };

// Sets the protection of [base, base + size) (page-aligned, committed).
// False if the OS refused (e.g. too many mappings): the caller must then
// treat the range as unprotected.
bool protect(Addr base, std::size_t size, ProtMode mode) noexcept;

// Asked, from the SIGSEGV handler, whether it handles a fault at `addr`.
using FaultCallback = bool (*)(void* addr) noexcept;

// Makes sure the SIGSEGV handler is in place, with `callback` (every
// caller passes the same one).  The first call installs it; a later call
// finds it still installed (one sigaction query) or, if someone replaced
// it since (a test framework restoring the handlers it saved, a client
// installing its own), installs it again over the newcomer, which becomes
// the disposition faults that are not ours are chained to.  Returns true
// if the handler is in place: false if it cannot be installed (a sanitizer
// that refuses user SIGSEGV handlers, for example), in which case the
// caller must not rely on protection faults.
bool fault_handler_ensure(FaultCallback callback) noexcept;

// True if the handler owns SIGSEGV right now.
bool fault_handler_active() noexcept;

}  // namespace mps::os
