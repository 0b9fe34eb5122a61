#pragma once
// What VIP ownership needs from the coordination store (etcd): read a key with its revision, and write or
// delete it only if its revision is still the one the caller saw (compare-and-set). No leases: a VIP
// holder's safety comes from its own monotonic deadline (docs/keep.md), not from the store's timers.
// Implementations: EtcdClient (etcd v3 JSON gateway) and FakeKeyValueStore (unit tests; can partition).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

struct KeyValue {
  std::string key;
  std::string value;
  std::int64_t mod_revision = 0;  // the store's revision of the key's last write; never 0 for a present key
};

struct WriteOutcome {
  bool succeeded = false;           // the compare held and the write (or delete) happened
  std::int64_t revision = 0;        // succeeded: the key's new mod revision (a delete: the store's revision)
  std::optional<KeyValue> current;  // not succeeded: what the key holds now (nullopt: absent)
};

// No answer in time, or no member reachable. The outcome of a write is then UNKNOWN: it may have
// happened. Callers must never read this as "absent" or "refused".
class KeyValueUnavailable : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

class KeyValueStore {
 public:
  virtual ~KeyValueStore() = default;
  // nullopt: the key is absent. Throws KeyValueUnavailable.
  virtual std::optional<KeyValue> get(const std::string& key) = 0;
  // Every key that starts with PREFIX, in key order. Throws KeyValueUnavailable.
  virtual std::vector<KeyValue> list(const std::string& prefix) = 0;
  // Writes VALUE only when KEY's mod revision is EXPECTED_REVISION (0: only when KEY is absent).
  // Throws KeyValueUnavailable.
  virtual WriteOutcome compare_and_set(const std::string& key, const std::string& value,
                                       std::int64_t expected_revision) = 0;
  // Deletes KEY only when its mod revision is EXPECTED_REVISION. Throws KeyValueUnavailable.
  virtual WriteOutcome compare_and_delete(const std::string& key, std::int64_t expected_revision) = 0;
};

}  // namespace netkeel::ha
