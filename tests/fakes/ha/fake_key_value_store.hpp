#pragma once
// An in-memory KeyValueStore with etcd's revision rules (one revision counter for the whole store, bumped
// by every write or delete; a key's mod revision is the store revision of its last write) and the faults
// VIP ownership must survive: a partitioned store (every call throws KeyValueUnavailable without acting),
// a lost answer (the write happens, then KeyValueUnavailable is thrown) and a per-call hook that runs
// before each call (to move a fake clock, change the faults, or have another writer slip in). Unit tests
// only; one thread at a time.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/ha/key_value_store.hpp"

namespace netkeel::ha {

enum class KeyValueCall { get, list, compare_and_set, compare_and_delete };
std::string to_string(KeyValueCall call);

class FakeKeyValueStore final : public KeyValueStore {
 public:
  std::optional<KeyValue> get(const std::string& key) override;
  std::vector<KeyValue> list(const std::string& prefix) override;
  WriteOutcome compare_and_set(const std::string& key, const std::string& value,
                               std::int64_t expected_revision) override;
  WriteOutcome compare_and_delete(const std::string& key, std::int64_t expected_revision) override;

  // Faults. unavailable: every call throws before acting (a partition, or no etcd quorum).
  void set_unavailable(bool unavailable) { unavailable_ = unavailable; }
  bool unavailable() const { return unavailable_; }
  // The next COUNT writes (compare_and_set or compare_and_delete) are applied, then their answer is lost.
  void lose_next_answers(int count) { answers_to_lose_ = count; }
  // Runs at the start of every call, before the faults are looked at; may change them or write.
  std::function<void(KeyValueCall call, const std::string& key)> before_call;

  // Test access that bypasses the faults and the hook (never counted as calls).
  std::optional<KeyValue> peek(const std::string& key) const;
  std::int64_t revision() const { return revision_; }
  // An unconditional write, as another client would do; returns the key's new mod revision.
  std::int64_t force_put(const std::string& key, const std::string& value);

  int calls(KeyValueCall call) const;

 private:
  void enter(KeyValueCall call, const std::string& key);
  WriteOutcome finish_write(WriteOutcome outcome, KeyValueCall call, const std::string& key);

  std::map<std::string, KeyValue> keys_;
  std::int64_t revision_ = 1;  // etcd starts at 1 for an empty store
  bool unavailable_ = false;
  int answers_to_lose_ = 0;
  std::map<KeyValueCall, int> calls_;
};

}  // namespace netkeel::ha
