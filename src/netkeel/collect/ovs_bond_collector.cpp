#include "netkeel/collect/ovs_bond_collector.hpp"

#include <filesystem>

#include "netkeel/collect/command_output.hpp"
#include "netkeel/collect/ovs_bond_output.hpp"

namespace netkeel::collect {

namespace {

std::string first_line(const std::string& text) {
  auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

std::string resolve_ovs_target(const std::string& flag, const std::string& system_pidfile) {
  if (flag.empty() || flag == "none") return "";
  if (flag == "auto") return std::filesystem::exists(system_pidfile) ? "ovs-vswitchd" : "";
  return flag;
}

OvsBondCollector::OvsBondCollector(std::string target) : target_(std::move(target)), log_("Open vSwitch at " + target_) {}

std::vector<BondState> OvsBondCollector::read() {
  auto ask = [&](const char* command) { return run_command({"ovs-appctl", "-t", target_, "--timeout=2", command}); };
  const auto bonds = ask("bond/show");
  if (!bonds.ok()) {
    log_.report(false, "ovs-appctl bond/show: " + first_line(bonds.err.empty() ? bonds.out : bonds.err) +
                           " (--ovs-ctl none turns OVS bond state off)");
    return {};
  }
  std::vector<BondState> out;
  try {
    out = parse_ovs_bond_show(bonds.out);
    const auto lacp = ask("lacp/show");
    // No LACP bond at all is not an error; a failed call leaves the LACP columns empty.
    if (lacp.ok()) merge_ovs_lacp_show(lacp.out, out);
  } catch (const std::exception& e) {
    log_.report(false, e.what());
    return {};
  }
  log_.report(true);
  return out;
}

}  // namespace netkeel::collect
