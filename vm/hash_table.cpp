// hash_table.cpp: hash tables in the collected heap (layout in value.hpp):
// hashing and equivalence for the eq, eqv, equal and string kinds, lookup,
// insertion, deletion, growth, and rehashing when a location dependency says
// that a key hashed by its address may have moved.
//
// A table is a HashTable object whose `buckets` Vector holds, per bucket, a
// chain: a list whose elements are the entry pairs (key . value).
//
// Address-based hashing, the MPS way (mps-interface.md section 11):
//   - before computing a hash from an object's address, mps_ld_add that
//     address to the table's location dependency (`ld`, kept in the object);
//   - when a lookup fails and the dependency is stale (the collector may have
//     moved a key since), rehash everything and look again, once;
//   - the rehash resets the dependency and re-adds every address it uses.
// A rehash for a stale dependency keeps the bucket vector and relinks the
// chains in place, so it allocates nothing; only growth allocates a new
// vector, and does so before the reset.  Either way nothing allocates between
// the reset and the search that follows, so no collection can move keys in
// between.  (When that rehash allocated a new vector too, a collection at
// every allocation-point refill -- --stress -- with a table of a few thousand
// keys made each insertion miss, rehash, collect in the rehash's allocation
// and find the table stale again at the next insertion: a full collection per
// insertion.)  Symbols carry a stable hash of their name and flonums hash by
// value, so neither needs the dependency.
#include <cstring>
#include <string_view>

#include "heap.hpp"

namespace lisp {

namespace {

constexpr int kMaxEqualDepth = 10000;  // deeper structures compare by eqv?

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

std::uint64_t hash_bytes(const void* data, std::size_t n) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

std::uint64_t hash_double(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return mix(bits);
}

std::string_view string_view_of(Value s) {
  const auto* str = as<String>(s);
  return {str->bytes, static_cast<std::size_t>(str->length)};
}

// How to hash one key.  `ld` non-null: the table's dependency, to which any
// address used is added; null: a lookup (nothing is added) or the stable hash
// (addresses are not used at all; `stable` then true).
struct Hasher {
  mps_arena_t arena;
  mps_ld_t ld;
  bool stable = false;
  bool used_address = false;

  std::uint64_t address(Value v) {
    used_address = true;
    if (stable) return static_cast<std::uint64_t>(type_of_object(v)) * 0x9e3779b97f4a7c15ull;
    if (ld != nullptr) mps_ld_add(ld, arena, reinterpret_cast<mps_addr_t>(v));  // before hashing
    return mix(v);
  }

  std::uint64_t eq(Value v) {
    if (!is_pointer(v)) return mix(v);
    if (is_symbol(v)) return static_cast<std::uint64_t>(fixnum_value(as<Symbol>(v)->hash));
    return address(v);
  }

  std::uint64_t eqv(Value v) {
    if (is_flonum(v)) return hash_double(as<Flonum>(v)->value);
    return eq(v);
  }

  std::uint64_t equal(Value v, int depth) {
    if (!is_pointer(v)) return mix(v);
    if (depth > 8) return 17;  // enough to spread; deep parts do not change the hash
    switch (type_of_object(v)) {
      case Type::string: {
        std::string_view s = string_view_of(v);
        return hash_bytes(s.data(), s.size());
      }
      case Type::bytevector:
        return hash_bytes(as<Bytevector>(v)->bytes, as<Bytevector>(v)->length) ^ 0x5bd1e995;
      case Type::pair: {
        std::uint64_t h = 0x12345;
        int n = 0;
        for (; is_pair(v) && n < 16; v = cdr(v), ++n) h = mix(h * 31 + equal(car(v), depth + 1));
        return h;
      }
      case Type::vector: {
        const auto* vec = as<Vector>(v);
        const std::intptr_t n = fixnum_value(vec->length);
        std::uint64_t h = mix(static_cast<std::uint64_t>(n) + 0x777);
        for (std::intptr_t i = 0; i < n && i < 16; ++i) h = mix(h * 31 + equal(vec->items[i], depth + 1));
        return h;
      }
      default:
        return eqv(v);
    }
  }

  std::uint64_t hash(HashKind kind, Value key) {
    switch (kind) {
      case HashKind::eq: return eq(key);
      case HashKind::eqv: return eqv(key);
      case HashKind::equal: return equal(key, 0);
      case HashKind::string:
        if (is_string(key)) {
          std::string_view s = string_view_of(key);
          return hash_bytes(s.data(), s.size());
        }
        return equal(key, 0);
    }
    return 0;
  }
};

bool keys_match(HashKind kind, Value a, Value b) {
  switch (kind) {
    case HashKind::eq: return a == b;
    case HashKind::eqv: return values_eqv(a, b);
    case HashKind::equal:
    case HashKind::string: return values_equal(a, b);
  }
  return false;
}

HashKind kind_of(Value table) {
  return static_cast<HashKind>(fixnum_value(as<HashTable>(table)->kind));
}
mps_ld_t ld_of(Value table) { return reinterpret_cast<mps_ld_t>(as<HashTable>(table)->ld); }
std::size_t bucket_count(Value table) {
  return static_cast<std::size_t>(fixnum_value(as<Vector>(as<HashTable>(table)->buckets)->length));
}

// The entry for `key` in the chain of its bucket, or 0.  Does not allocate.
Value search(Value table, Value key, std::uint64_t hash) {
  const HashKind kind = kind_of(table);
  Value buckets = as<HashTable>(table)->buckets;
  const std::size_t index = hash & (bucket_count(table) - 1);
  for (Value chain = as<Vector>(buckets)->items[index]; is_pair(chain); chain = cdr(chain)) {
    if (keys_match(kind, car(car(chain)), key)) return car(chain);
  }
  return 0;
}

bool equal_rec(Value a, Value b, int depth);

}  // namespace

// Rehashes `table` into its own bucket vector: every chain link is first
// threaded onto one list (through its cdr), the buckets emptied, then each
// link pushed onto the chain its key now hashes to.  Allocates nothing; the
// caller has reset the dependency, to which the hashing re-adds addresses.
void Heap::rehash_in_place(Value table, HashKind kind) {
  Value buckets = as<HashTable>(table)->buckets;
  const std::size_t count = bucket_count(table);
  Value links = kNil;
  for (std::size_t i = 0; i < count; ++i) {
    Value chain = as<Vector>(buckets)->items[i];
    as<Vector>(buckets)->items[i] = kNil;
    while (is_pair(chain)) {
      Value next = cdr(chain);
      as<Pair>(chain)->cdr = links;
      links = chain;
      chain = next;
    }
  }
  Hasher hasher{arena_, ld_of(table)};
  while (is_pair(links)) {
    Value next = cdr(links);
    const std::size_t index = hasher.hash(kind, car(car(links))) & (count - 1);
    as<Pair>(links)->cdr = as<Vector>(buckets)->items[index];
    as<Vector>(buckets)->items[index] = links;
    links = next;
  }
}

// ---- equivalence ---------------------------------------------------------------

bool values_eqv(Value a, Value b) {
  if (a == b) return true;
  if (is_flonum(a) && is_flonum(b)) {
    // Same bits: eqv? tells 0.0 from -0.0 and a NaN equals itself.
    return std::memcmp(&as<Flonum>(a)->value, &as<Flonum>(b)->value, sizeof(double)) == 0;
  }
  return false;
}

namespace {
bool equal_rec(Value a, Value b, int depth) {
  for (;;) {  // iterate along cdrs, recurse into cars
    if (values_eqv(a, b)) return true;
    if (!is_pointer(a) || !is_pointer(b)) return false;
    const Type type = type_of_object(a);
    if (type != type_of_object(b) || depth > kMaxEqualDepth) return false;
    switch (type) {
      case Type::pair:
        if (!equal_rec(car(a), car(b), depth + 1)) return false;
        a = cdr(a);
        b = cdr(b);
        ++depth;
        continue;
      case Type::string:
        return string_view_of(a) == string_view_of(b);
      case Type::bytevector: {
        const auto* x = as<Bytevector>(a);
        const auto* y = as<Bytevector>(b);
        return x->length == y->length && std::memcmp(x->bytes, y->bytes, x->length) == 0;
      }
      case Type::vector: {
        const auto* x = as<Vector>(a);
        const auto* y = as<Vector>(b);
        if (x->length != y->length) return false;
        for (std::intptr_t i = 0; i < fixnum_value(x->length); ++i)
          if (!equal_rec(x->items[i], y->items[i], depth + 1)) return false;
        return true;
      }
      default:
        return false;
    }
  }
}
}  // namespace

bool values_equal(Value a, Value b) { return equal_rec(a, b, 0); }

std::uint64_t stable_hash(Value v) {
  Hasher h{nullptr, nullptr, true};
  return h.equal(v, 0);
}

// ---- operations ------------------------------------------------------------------

void Heap::hash_rehash(Value table, std::size_t new_count) {
  const std::size_t old_count = bucket_count(table);
  // Growth allocates the new vector, before the reset; a rehash at the same
  // size reuses the vector (below) and allocates nothing.
  Value new_buckets = new_count == old_count ? 0 : make_vector(new_count, kNil);
  const HashKind kind = kind_of(table);
  Value old_buckets = as<HashTable>(table)->buckets;
  mps_ld_reset(ld_of(table), arena_);
  if (new_buckets == 0) {
    rehash_in_place(table, kind);
    return;
  }
  Hasher hasher{arena_, ld_of(table)};
  // Relink every chain link (no allocation): each keeps its entry pair.
  for (std::size_t i = 0; i < old_count; ++i) {
    Value chain = as<Vector>(old_buckets)->items[i];
    while (is_pair(chain)) {
      Value next = cdr(chain);
      const std::size_t index = hasher.hash(kind, car(car(chain))) & (new_count - 1);
      as<Pair>(chain)->cdr = as<Vector>(new_buckets)->items[index];
      as<Vector>(new_buckets)->items[index] = chain;
      chain = next;
    }
    as<Vector>(old_buckets)->items[i] = kNil;  // the old vector is garbage now
  }
  as<HashTable>(table)->buckets = new_buckets;
}

Value Heap::hash_find(Value table, Value key) {
  Hasher hasher{arena_, nullptr};
  const HashKind kind = kind_of(table);
  Value entry = search(table, key, hasher.hash(kind, key));
  if (entry != 0 || !hasher.used_address) return entry;
  // A miss on a key hashed by address: a collection may have moved keys
  // since they were hashed.  Rehash if so and search once more (the key is
  // a local, so pinned: its address cannot change meanwhile).
  const bool stale = (kind == HashKind::eq || kind == HashKind::eqv)
                         ? mps_ld_isstale(ld_of(table), arena_, reinterpret_cast<mps_addr_t>(key))
                         : mps_ld_isstale_any(ld_of(table), arena_);
  if (!stale) return 0;
  hash_rehash(table, bucket_count(table));
  Hasher again{arena_, nullptr};
  return search(table, key, again.hash(kind, key));
}

Value Heap::hash_ref(Value table, Value key, Value missing) {
  Value entry = hash_find(table, key);
  return entry != 0 ? cdr(entry) : missing;
}

void Heap::hash_set(Value table, Value key, Value value) {
  Value found = hash_find(table, key);
  if (found != 0) {
    as<Pair>(found)->cdr = value;
    return;
  }
  // A new key.  A collection in these allocations may move other keys: the
  // dependency records that, and the next miss rehashes.  `key`, a local, is
  // pinned, so its hash below is its hash from now on.
  Value entry = cons(key, value);
  Value link = cons(entry, kNil);
  const std::intptr_t count = fixnum_value(as<HashTable>(table)->count) + 1;
  if (static_cast<std::size_t>(count) > bucket_count(table))  // load factor 1: double
    hash_rehash(table, bucket_count(table) * 2);
  Hasher hasher{arena_, ld_of(table)};
  const std::size_t index = hasher.hash(kind_of(table), key) & (bucket_count(table) - 1);
  Value buckets = as<HashTable>(table)->buckets;
  as<Pair>(link)->cdr = as<Vector>(buckets)->items[index];
  as<Vector>(buckets)->items[index] = link;
  as<HashTable>(table)->count = make_fixnum(count);
}

bool Heap::hash_delete(Value table, Value key) {
  Value entry = hash_find(table, key);  // rehashes first if stale
  if (entry == 0) return false;
  // hash_find did not allocate after its last rehash, so the key is in the
  // bucket its current hash names.
  Hasher hasher{arena_, nullptr};
  const std::size_t index = hasher.hash(kind_of(table), key) & (bucket_count(table) - 1);
  Value buckets = as<HashTable>(table)->buckets;
  Value prev = 0;
  for (Value chain = as<Vector>(buckets)->items[index]; is_pair(chain); chain = cdr(chain)) {
    if (car(chain) == entry) {
      if (prev == 0)
        as<Vector>(buckets)->items[index] = cdr(chain);
      else
        as<Pair>(prev)->cdr = cdr(chain);
      as<HashTable>(table)->count = make_fixnum(fixnum_value(as<HashTable>(table)->count) - 1);
      return true;
    }
    prev = chain;
  }
  return false;  // not reached: the entry was found in this bucket
}

Value Heap::hash_entries(Value table) {
  Value result = kNil;
  Value buckets = as<HashTable>(table)->buckets;  // pinned local: cons below may collect
  const std::size_t n = bucket_count(table);
  for (std::size_t i = 0; i < n; ++i) {
    for (Value chain = as<Vector>(buckets)->items[i]; is_pair(chain); chain = cdr(chain))
      result = cons(car(chain), result);
  }
  return result;
}

void Heap::hash_clear(Value table) {
  Value buckets = make_vector(8, kNil);
  as<HashTable>(table)->buckets = buckets;
  as<HashTable>(table)->count = make_fixnum(0);
  mps_ld_reset(ld_of(table), arena_);
}

Value Heap::find_symbol(std::string_view name) {
  Value table = symbol_table_;
  const std::uint64_t hash = hash_bytes(name.data(), name.size());
  Value buckets = as<HashTable>(table)->buckets;
  const std::size_t index = hash & (bucket_count(table) - 1);
  for (Value chain = as<Vector>(buckets)->items[index]; is_pair(chain); chain = cdr(chain)) {
    if (string_view_of(car(car(chain))) == name) return cdr(car(chain));
  }
  return 0;
}

}  // namespace lisp
