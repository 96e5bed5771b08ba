// ring.hpp -- intrusive doubly linked rings.
//
// A Ring node is embedded in the structure it links; a ring's head is a
// Ring on its own.  Invariant: for every node n, n->next->prev == n and
// n->prev->next == n; a node alone on its ring points to itself.  Nothing is
// allocated, so rings can be used by code that runs before any memory
// exists and inside signal handlers.
#pragma once

#include <cstddef>

namespace mps {

struct Ring {
  Ring* next;
  Ring* prev;

  void init() { next = prev = this; }
  bool is_single() const { return next == this; }
  bool is_empty() const { return next == this; }  // for a head

  // Inserts `node` just before this (at the tail, when this is a head).
  void append(Ring* node) {
    node->prev = prev;
    node->next = this;
    prev->next = node;
    prev = node;
  }
  // Inserts `node` just after this (at the front, when this is a head).
  void insert_after(Ring* node) {
    node->next = next;
    node->prev = this;
    next->prev = node;
    next = node;
  }
  void remove() {
    next->prev = prev;
    prev->next = next;
    init();
  }
  std::size_t length() const {
    std::size_t n = 0;
    for (const Ring* r = next; r != this; r = r->next) ++n;
    return n;
  }
};

// The structure of type T whose member `field` is `node`.
template <typename T, Ring T::*field>
T* ring_owner(Ring* node) {
  const auto offset = reinterpret_cast<std::size_t>(&(static_cast<T*>(nullptr)->*field));
  return reinterpret_cast<T*>(reinterpret_cast<char*>(node) - offset);
}

// Iterates over a ring, allowing removal of the current node:
//   for (Ring *node, *next; ...)  is spelt  MPS_RING_FOR(node, next, &head) { ... }
#define MPS_RING_FOR(node, next_node, head)                                  \
  for (::mps::Ring *node = (head)->next, *next_node = node->next; node != (head); \
       node = next_node, next_node = node->next)

}  // namespace mps
