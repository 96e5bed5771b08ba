// thread.cpp -- thread registration, stopping the world, and fork.  See
// thread.hpp and docs/design/thread.md.
//
// Invariants:
// - every Thread on an arena's thread ring has sig == kThreadSig and
//   arena == that arena; a deregistered one has kSigInvalid;
// - outside threads_stop_and_run no Thread of the arena is suspended by
//   us; inside it, every other thread of the arena that still exists is.
#include "arena/thread.hpp"

#include <pthread.h>

#include <atomic>
#include <new>

#include "base/check.hpp"
#include "os/lock.hpp"

namespace mps {

bool thread_check(const Thread* thread) noexcept {
  return thread != nullptr && thread->sig == kThreadSig && thread->arena != nullptr;
}

Res thread_register(Thread** thread_o, Arena* arena) noexcept {
  void* p = nullptr;
  const Res res = arena_control_alloc(&p, arena, sizeof(Thread));
  if (res != MPS_RES_OK) return res;
  Thread* thread = new (p) Thread{};
  thread->arena_link.init();
  thread->arena = arena;
  if (!os::thread_init_current(&thread->os)) {
    arena_control_free(arena, thread, sizeof(Thread));
    return MPS_RES_RESOURCE;
  }
  // After the os layer's fork handler (installed by thread_init_current),
  // so that ours prepares first: arena locks before its handshake mutex,
  // the order thread_suspend takes them in.
  threads_install_fork_handlers();
  thread->sig = kThreadSig;
  arena_thread_ring(arena)->append(&thread->arena_link);
  *thread_o = thread;
  return MPS_RES_OK;
}

void thread_deregister(Thread* thread) noexcept {
  MPS_ASSERT(thread_check(thread));
  Arena* arena = thread->arena;
  thread->arena_link.remove();
  os::thread_finish(&thread->os);
  thread->sig = kSigInvalid;
  arena_control_free(arena, thread, sizeof(Thread));
}

bool thread_belongs_to(Arena* arena, const Thread* thread) noexcept {
  MPS_RING_FOR(node, next, arena_thread_ring(arena)) {
    if (thread_of_link(node) == thread) return true;
  }
  return false;
}

namespace {

struct StopBody {
  Arena* arena;
  Thread* self;  // the caller's first registration with the arena, or null
  void (*body)(void*);
  void* closure;
};

// Runs in call_with_context's callee: the caller's context is in
// self->os.  Other registrations of the calling thread share it.
void run_captured(void* p) {
  auto* stop = static_cast<StopBody*>(p);
  if (stop->self != nullptr) {
    MPS_RING_FOR(node, next, arena_thread_ring(stop->arena)) {
      Thread* thread = thread_of_link(node);
      if (thread == stop->self || !os::thread_is_current(&thread->os)) continue;
      for (std::size_t i = 0; i < os::kContextWords; ++i) thread->os.context[i] = stop->self->os.context[i];
      thread->os.stack_hot = stop->self->os.stack_hot;
    }
  }
  stop->body(stop->closure);
  if (stop->self != nullptr) {
    MPS_RING_FOR(node, next, arena_thread_ring(stop->arena)) {
      Thread* thread = thread_of_link(node);
      if (os::thread_is_current(&thread->os)) thread->os.stack_hot = nullptr;
    }
  }
}

}  // namespace

void threads_stop_and_run(Arena* arena, void (*body)(void*), void* closure) noexcept {
  StopBody stop{arena, nullptr, body, closure};
  MPS_RING_FOR(node, next, arena_thread_ring(arena)) {
    Thread* thread = thread_of_link(node);
    if (os::thread_is_current(&thread->os)) {
      if (stop.self == nullptr) stop.self = thread;
      continue;
    }
    if (thread->os.state.load(std::memory_order_relaxed) != os::ThreadState::running) continue;
    if (!os::thread_suspend(&thread->os)) {
      MPS_ASSERT_COOL_MSG(false, "a registered thread exited without mps_thread_dereg "
                                 "(its stack is no longer scanned; deregister threads before they exit)");
    }
  }
  os::call_with_context(stop.self == nullptr ? nullptr : &stop.self->os, run_captured, &stop);
  MPS_RING_FOR(node, next, arena_thread_ring(arena)) {
    Thread* thread = thread_of_link(node);
    if (thread->os.state.load(std::memory_order_relaxed) == os::ThreadState::suspended) {
      os::thread_resume(&thread->os);
    }
  }
}

bool thread_scan_ranges(const Thread* thread, Word** context_base, Word** context_limit, void** stack_hot) noexcept {
  const os::OsThread& os = thread->os;
  const bool stopped = os.state.load(std::memory_order_acquire) == os::ThreadState::suspended ||
                       (os::thread_is_current(&os) && os.stack_hot != nullptr);
  if (!stopped) return false;
  Word* base = const_cast<Word*>(os.context);
  *context_base = base;
  *context_limit = base + os::kContextWords;
  *stack_hot = os.stack_hot;
  return true;
}

// --- Fork ------------------------------------------------------------------------

namespace {

void fork_prepare() {
  os::global_lock().claim();
  MPS_RING_FOR(node, next, global_arena_ring()) arena_lock(arena_of_global_link(node)).claim();
}

void fork_release_all() {
  MPS_RING_FOR(node, next, global_arena_ring()) arena_lock(arena_of_global_link(node)).release();
  os::global_lock().release();
}

void fork_child() {
  MPS_RING_FOR(node, next, global_arena_ring()) {
    Arena* arena = arena_of_global_link(node);
    MPS_RING_FOR(tnode, tnext, arena_thread_ring(arena)) os::thread_after_fork_in_child(&thread_of_link(tnode)->os);
  }
  fork_release_all();
}

std::atomic<bool> fork_handlers_installed{false};

}  // namespace

void threads_install_fork_handlers() noexcept {
  if (fork_handlers_installed.exchange(true, std::memory_order_acq_rel)) return;
  pthread_atfork(fork_prepare, fork_release_all, fork_child);
}

}  // namespace mps
