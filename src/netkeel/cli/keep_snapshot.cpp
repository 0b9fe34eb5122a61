#include "netkeel/cli/keep_snapshot.hpp"

#include "netkeel/ha/handover_value.hpp"
#include "netkeel/ha/vip_candidates.hpp"

namespace netkeel::cli {

KeepSnapshot read_keep_snapshot(ha::KeyValueStore& store, const std::string& site) {
  KeepSnapshot s;
  for (const auto& key : store.list(ha::vip_key_prefix(site))) {
    const std::string service = key.key.substr(ha::vip_key_prefix(site).size());
    const std::string holder = ha::holder_in(key.value);
    if (!holder.empty()) s.holders[service] = holder;
    if (auto target = ha::handover_target(key.value)) s.handovers[service] = *target;
  }
  for (const auto& key : store.list(ha::keeper_report_prefix(site)))
    if (auto report = ha::parse_keeper_report(key.value)) s.reports.push_back(*report);
  const auto admin_keys = store.list(ha::admin_prefix(site));
  s.admin = ha::parse_admin_state(site, admin_keys);
  for (const auto& key : admin_keys)
    if (key.key.rfind(ha::history_prefix(site), 0) == 0)
      if (auto record = ha::parse_operation_record(key.value)) s.history.push_back(*record);
  return s;
}

ha::PlacementInput observed_placement_input(const PlannedSite& planned, const KeepSnapshot& snapshot) {
  ha::PlacementInput input = ha::placement_input(planned.site, planned.plan);
  input.holders = snapshot.holders;
  input.drained = snapshot.admin.drained;
  std::set<std::pair<std::string, std::string>> reported;
  for (const auto& report : snapshot.reports) {
    reported.insert({report.service, report.host});
    if (!report.healthy) input.failed.insert({report.service, report.host});
  }
  for (const auto& service : input.services)
    for (const auto& host : service.candidates)
      if (!reported.count({service.name, host})) input.failed.insert({service.name, host});
  return input;
}

}  // namespace netkeel::cli
