#pragma once
// The real Ovsdb: ovs-vsctl against a database socket (and ethtool: checksum offload off on members). Reads with one `ovs-vsctl --format=json
// --data=json list Bridge / Port / Interface` call; each change is one ovs-vsctl transaction (it
// waits until ovs-vswitchd has applied it, so a new internal port exists as a link when it returns).
// The argument building and the JSON parsing are pure and unit-tested.
#include <string>
#include <vector>

#include "netkeel/apply/ovsdb.hpp"

namespace netkeel::apply {

inline constexpr const char* kSystemOvsdbTarget = "unix:/var/run/openvswitch/db.sock";

class VsctlOvsdb : public Ovsdb {
 public:
  explicit VsctlOvsdb(std::string db_target = kSystemOvsdbTarget) : target_(std::move(db_target)) {}
  std::optional<OvsBridge> read_bridge(const std::string& name) override;
  void apply(const OvsChange& change) override;
  std::string target() const override { return target_; }

 private:
  std::string run_vsctl(const std::vector<std::string>& args);
  std::string target_;
};

// The ovs-vsctl arguments (after --db and --timeout) of one change's transaction.
std::vector<std::string> vsctl_arguments(const OvsChange& change);
// The arguments of the read, and the bridge parsed from its output (three JSON tables, one per line).
std::vector<std::string> vsctl_read_arguments();
std::optional<OvsBridge> parse_vsctl_bridge(const std::string& output, const std::string& bridge);

}  // namespace netkeel::apply
