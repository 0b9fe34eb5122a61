#include "fakes/ha/fake_key_value_store.hpp"

namespace netkeel::ha {

std::string to_string(KeyValueCall call) {
  switch (call) {
    case KeyValueCall::get: return "get";
    case KeyValueCall::list: return "list";
    case KeyValueCall::compare_and_set: return "compare_and_set";
    case KeyValueCall::compare_and_delete: return "compare_and_delete";
  }
  return "unknown";
}

void FakeKeyValueStore::enter(KeyValueCall call, const std::string& key) {
  ++calls_[call];
  if (before_call) before_call(call, key);
  if (unavailable_) {
    throw KeyValueUnavailable("fake key-value store: partitioned (" + to_string(call) + " " + key + ")");
  }
}

WriteOutcome FakeKeyValueStore::finish_write(WriteOutcome outcome, KeyValueCall call, const std::string& key) {
  if (answers_to_lose_ > 0) {
    --answers_to_lose_;
    throw KeyValueUnavailable("fake key-value store: answer lost after the write (" + to_string(call) + " " +
                              key + ")");
  }
  return outcome;
}

std::optional<KeyValue> FakeKeyValueStore::get(const std::string& key) {
  enter(KeyValueCall::get, key);
  return peek(key);
}

std::vector<KeyValue> FakeKeyValueStore::list(const std::string& prefix) {
  enter(KeyValueCall::list, prefix);
  std::vector<KeyValue> found;
  for (auto it = keys_.lower_bound(prefix); it != keys_.end() && it->first.starts_with(prefix); ++it) {
    found.push_back(it->second);
  }
  return found;
}

WriteOutcome FakeKeyValueStore::compare_and_set(const std::string& key, const std::string& value,
                                                std::int64_t expected_revision) {
  enter(KeyValueCall::compare_and_set, key);
  const auto current = peek(key);
  const std::int64_t current_revision = current ? current->mod_revision : 0;
  if (current_revision != expected_revision) {
    return WriteOutcome{.succeeded = false, .revision = 0, .current = current};
  }
  const std::int64_t written = force_put(key, value);
  return finish_write(WriteOutcome{.succeeded = true, .revision = written, .current = std::nullopt},
                      KeyValueCall::compare_and_set, key);
}

WriteOutcome FakeKeyValueStore::compare_and_delete(const std::string& key, std::int64_t expected_revision) {
  enter(KeyValueCall::compare_and_delete, key);
  const auto current = peek(key);
  const std::int64_t current_revision = current ? current->mod_revision : 0;
  if (current_revision != expected_revision) {
    return WriteOutcome{.succeeded = false, .revision = 0, .current = current};
  }
  // As etcd: an absent key's mod revision is 0, and deleting nothing is no write (no new revision).
  if (!current) return WriteOutcome{.succeeded = true, .revision = revision_, .current = std::nullopt};
  keys_.erase(key);
  ++revision_;
  return finish_write(WriteOutcome{.succeeded = true, .revision = revision_, .current = std::nullopt},
                      KeyValueCall::compare_and_delete, key);
}

std::optional<KeyValue> FakeKeyValueStore::peek(const std::string& key) const {
  const auto it = keys_.find(key);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::int64_t FakeKeyValueStore::force_put(const std::string& key, const std::string& value) {
  ++revision_;
  keys_[key] = KeyValue{.key = key, .value = value, .mod_revision = revision_};
  return revision_;
}

int FakeKeyValueStore::calls(KeyValueCall call) const {
  const auto it = calls_.find(call);
  return it == calls_.end() ? 0 : it->second;
}

}  // namespace netkeel::ha
