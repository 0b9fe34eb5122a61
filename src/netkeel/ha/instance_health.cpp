#include "netkeel/ha/instance_health.hpp"

#include <map>
#include <optional>
#include <set>

namespace netkeel::ha {

std::string to_string(InstanceHealth health) {
  switch (health) {
    case InstanceHealth::healthy: return "healthy";
    case InstanceHealth::degraded: return "degraded";
    case InstanceHealth::failed: return "failed";
  }
  return "failed";
}

namespace {

class Judge {
 public:
  Judge(const site::Site& site, const std::vector<KeeperReport>& reports) : site_(site) {
    for (const auto& report : reports) by_service_[report.service].push_back(&report);
  }

  InstanceJudgement judge(const KeeperReport& report) {
    InstanceJudgement out{report.service, report.host, InstanceHealth::healthy, ""};
    if (!report.healthy) {
      out.health = InstanceHealth::failed;
      out.reason = "its check fails: " + report.health_detail;
      return out;
    }
    if (auto why = missing_dependency(report.service)) {
      out.health = InstanceHealth::degraded;
      out.reason = *why;
    }
    return out;
  }

 private:
  // Why SERVICE's dependencies are not all available, or nothing when they are.
  std::optional<std::string> missing_dependency(const std::string& service) {
    const site::Service* s = site_.find_service(service);
    if (!s) return std::nullopt;
    for (const auto& dependency : s->depends_on) {
      if (available(dependency)) continue;
      std::string why = "depends on " + dependency + ", which has no healthy instance";
      if (auto detail = example_cause(dependency)) why += " (" + *detail + ")";
      return why;
    }
    return std::nullopt;
  }

  // Some instance of SERVICE is healthy, or no keeper reports on it (then it is not judged).
  bool available(const std::string& service) {
    if (auto known = available_.find(service); known != available_.end()) return known->second;
    auto reports = by_service_.find(service);
    if (reports == by_service_.end()) return true;
    if (!visiting_.insert(service).second) return true;  // a cycle (the validator refuses them): do not loop
    bool any = false;
    const bool dependencies_ok = !missing_dependency(service);
    for (const KeeperReport* report : reports->second) any |= report->healthy && dependencies_ok;
    visiting_.erase(service);
    return available_[service] = any;
  }

  // One instance's story, for the chain: "keystone@ctl1: depends on mysql, ..." or "mysql@ctl1: its check fails: ...".
  std::optional<std::string> example_cause(const std::string& service) {
    auto reports = by_service_.find(service);
    if (reports == by_service_.end() || reports->second.empty()) return std::nullopt;
    const KeeperReport& first = *reports->second.front();
    if (!first.healthy) return service + "@" + first.host + ": its check fails: " + first.health_detail;
    if (auto why = missing_dependency(service)) return service + "@" + first.host + ": " + *why;
    return std::nullopt;
  }

  const site::Site& site_;
  std::map<std::string, std::vector<const KeeperReport*>> by_service_;
  std::map<std::string, bool> available_;
  std::set<std::string> visiting_;
};

}  // namespace

std::vector<InstanceJudgement> judge_instances(const site::Site& site, const std::vector<KeeperReport>& reports) {
  Judge judge(site, reports);
  std::vector<InstanceJudgement> out;
  for (const auto& report : reports) out.push_back(judge.judge(report));
  return out;
}

}  // namespace netkeel::ha
