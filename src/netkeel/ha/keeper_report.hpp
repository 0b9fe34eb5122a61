#pragma once
// What each keeper tells the others, and `netkeel keep status`, about one VIP on its host: its state,
// since when (wall time, for people), and the health of its service there. Written to the coordination
// store under /netkeel/<site>/keepers/<service>/<host> when something changes (and every few seconds), as
// JSON. Only for display: ownership itself never reads these records.
#include <cstdint>
#include <optional>
#include <string>

namespace netkeel::ha {

struct KeeperReport {
  std::string service;
  std::string host;
  std::string state;           // an OwnershipState's name: standby, holding, ...
  std::int64_t since_unix_ms = 0;
  bool healthy = false;        // the service's own checks on this host (all but dep checks) pass
  std::string health_detail;   // the failing check's result (or held-down reason); the last result when healthy
  std::string failed_check;    // the first own check that fails ("tcp 3306", "link", "mesh"); "" when healthy
  bool vip_held = false;       // the VIP's device and address are on this host now
  bool operator==(const KeeperReport&) const = default;
};

std::string keeper_report_key(const std::string& site, const std::string& service, const std::string& host);
std::string keeper_report_prefix(const std::string& site);

std::string to_json(const KeeperReport& report);
// nullopt for a value that is not a keeper report (written by something else, or damaged).
std::optional<KeeperReport> parse_keeper_report(const std::string& json);

}  // namespace netkeel::ha
