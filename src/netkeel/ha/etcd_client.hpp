#pragma once
// KeyValueStore over etcd 3.4's v3 JSON gateway (POST /v3/kv/range and /v3/kv/txn), through an
// http::HttpClient (CurlHttpClient in production, FakeHttpClient in unit tests).
//
// Compare-and-set is one txn: compare MOD == expected (CREATE == 0 when the key must be absent),
// success = put, failure = range, so a refused write returns what the key holds now without a second
// round trip. Compare-and-delete is the same with a delete.
//
// Members and failover: the client talks to one member at a time and remembers the last one that
// answered. Each operation has one budget (`request_timeout`, 150 ms by default: a VIP holder renews
// every 100 ms and must know quickly when it cannot). Within it, a read moves on to the next member
// after any failure; a write moves on only when the failure proves the request never reached the
// member (connection refused, name not resolved), because a write that timed out may have happened
// and replaying it elsewhere would turn our own success into an apparent conflict. Every other failure
// throws KeyValueUnavailable and the next operation starts after the member that failed (a member tried
// with less than half the budget left is not blamed for running out of it).
//
// Replies are checked strictly: a non-JSON body, a field of the wrong type, bad base64 or a body over
// `max_reply_bytes` is KeyValueUnavailable naming the member and what was wrong. etcd omits fields
// with zero values (a failed txn has no "succeeded"), so a missing field reads as false / 0 / empty.
//
// Operations may come from several threads when the HttpClient allows it (CurlHttpClient serialises
// them); the remembered member is the only state the client keeps.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/key_value_store.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::ha {

struct EtcdClientOptions {
  std::vector<std::string> members;                     // client URLs, e.g. http://10.10.0.11:2379 (parse_etcd_endpoints)
  std::chrono::milliseconds request_timeout{150};       // whole operation, every member tried included
  std::size_t max_reply_bytes = 4 * 1024 * 1024;        // larger replies are refused, not parsed
};

class EtcdClient final : public KeyValueStore {
 public:
  // Throws UsageError when `options.members` is empty or the timeout is not positive. `http` and
  // `clock` must outlive the client.
  EtcdClient(http::HttpClient& http, const Clock& clock, EtcdClientOptions options);

  std::optional<KeyValue> get(const std::string& key) override;
  std::vector<KeyValue> list(const std::string& prefix) override;
  WriteOutcome compare_and_set(const std::string& key, const std::string& value,
                               std::int64_t expected_revision) override;
  WriteOutcome compare_and_delete(const std::string& key, std::int64_t expected_revision) override;

  // The member the next operation goes to first (the last one that answered).
  const std::string& preferred_member() const { return options_.members[preferred_]; }

 private:
  enum class Kind { read, write };
  // POSTs BODY to PATH on the members in turn (see the header comment) and returns the parsed reply.
  struct Reply;
  Reply call(const std::string& path, const nlohmann::json& body, Kind kind);

  http::HttpClient& http_;
  const Clock& clock_;
  EtcdClientOptions options_;
  std::atomic<std::size_t> preferred_{0};  // an index into options_.members
};

// The key just after every key that starts with PREFIX (etcd's range_end for a prefix): PREFIX with
// its last byte below 0xff incremented and what follows dropped; "\0" (every key) when there is none.
std::string prefix_range_end(const std::string& prefix);

}  // namespace netkeel::ha
