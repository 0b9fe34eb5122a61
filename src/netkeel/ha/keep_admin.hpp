#pragma once
// The operators' keys in the coordination store (docs/keep.md, "Admin keys"), written by `netkeel keep
// drain | undrain | move | rebalance` and read by every keeper:
//   /netkeel/<site>/admin/drains/<host>      a drained host: it claims nothing until undrained
//   /netkeel/<site>/admin/moves/<service>    a handover request: the holder hands the VIP to `to`
//   /netkeel/<site>/admin/history/<ms>-<n>   one record per operation and per VIP it moved
// Values are JSON. Pure: formats and parses only.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "netkeel/ha/key_value_store.hpp"

namespace netkeel::ha {

std::string admin_prefix(const std::string& site);
std::string drain_key(const std::string& site, const std::string& host);
std::string move_key(const std::string& site, const std::string& service);
std::string history_prefix(const std::string& site);
// Sorts by time in the store's key order.
std::string history_key(const std::string& site, std::int64_t at_unix_ms, int sequence);

// Who asked, when, and why: the value of a drain or a move key.
struct AdminRequest {
  std::string by;             // user@hostname
  std::int64_t at_unix_ms = 0;
  std::string to;             // moves: the host that should take the VIP; drains: ""
  std::string cause;          // "drain ctl1", "move", "rebalance", ...
  bool operator==(const AdminRequest&) const = default;
};

// One operation, or one VIP it moved (from -> to), as `keep status --history` shows it.
struct OperationRecord {
  std::int64_t at_unix_ms = 0;
  std::string by;
  std::string operation;      // drain | undrain | move | rebalance
  std::string service;        // "" for drain/undrain themselves
  std::string from, to;
  std::string cause;
  std::string result;         // done | failed: <why>
  bool operator==(const OperationRecord&) const = default;
};

std::string to_json(const AdminRequest& request);
std::optional<AdminRequest> parse_admin_request(const std::string& json);
std::string to_json(const OperationRecord& record);
std::optional<OperationRecord> parse_operation_record(const std::string& json);

// What the admin keys say now.
struct AdminState {
  std::set<std::string> drained;
  std::map<std::string, AdminRequest> moves;  // service -> request
};
// From a list of the keys under admin_prefix (other keys and damaged values are skipped).
AdminState parse_admin_state(const std::string& site, const std::vector<KeyValue>& keys);

}  // namespace netkeel::ha
