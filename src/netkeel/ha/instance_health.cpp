#include "netkeel/ha/instance_health.hpp"

#include <map>
#include <optional>
#include <set>

#include "netkeel/ha/check_tracker.hpp"

namespace netkeel::ha {

std::string to_string(InstanceHealth health) {
  switch (health) {
    case InstanceHealth::healthy: return "healthy";
    case InstanceHealth::degraded: return "degraded";
    case InstanceHealth::failed: return "failed";
  }
  return "failed";
}

std::string to_string(HealthCause cause) {
  switch (cause) {
    case HealthCause::none: return "none";
    case HealthCause::check: return "check";
    case HealthCause::dependency: return "dependency";
    case HealthCause::local_dependency: return "local_dependency";
  }
  return "none";
}

std::vector<ServiceDependency> dependencies_of(const site::Service& service) {
  std::vector<ServiceDependency> out;
  auto add = [&](const std::string& name, bool local) {
    for (auto& known : out)
      if (known.service == name) {
        known.local |= local;  // @local is the stricter promise
        return;
      }
    out.push_back({name, local});
  };
  for (const auto& name : service.depends_on) add(name, false);
  for (const auto& check : service.checks)
    if (check.kind == site::HealthCheck::Kind::dep)
      add(check.dep_service, check.dep_scope == site::HealthCheck::Scope::local);
  return out;
}

namespace {

class Judge {
 public:
  Judge(const site::Site& site, const std::vector<KeeperReport>& reports) : site_(site) {
    for (const auto& report : reports) by_service_[report.service].push_back(&report);
  }

  InstanceJudgement judge(const KeeperReport& report) {
    const auto key = std::make_pair(report.service, report.host);
    if (auto known = judged_.find(key); known != judged_.end()) return known->second;
    InstanceJudgement out{report.service, report.host, InstanceHealth::healthy, "", HealthCause::none};
    if (!report.healthy) {
      out.health = InstanceHealth::failed;
      out.cause = HealthCause::check;
      const bool held = report.health_detail.rfind(kHeldDownDetail, 0) == 0;
      out.reason = (report.failed_check.empty() ? "its check" : "its " + report.failed_check + " check") +
                   (held ? " is " : " fails: ") + report.health_detail;
      return judged_[key] = out;
    }
    if (!visiting_.insert(key).second) return out;  // a cycle (the validator refuses them): do not loop
    if (const site::Service* service = site_.find_service(report.service)) {
      for (const auto& dependency : dependencies_of(*service)) {
        const auto unmet = dependency.local ? local_dependency(dependency.service, report.host)
                                              : any_dependency(dependency.service);
        if (!unmet) continue;
        // A failed verdict (moving helps) outranks a degraded one (moving would not).
        if (out.health == InstanceHealth::healthy ||
            (out.health == InstanceHealth::degraded && unmet->health == InstanceHealth::failed)) {
          out.health = unmet->health;
          out.reason = unmet->reason;
          out.cause = unmet->cause;
        }
      }
    }
    visiting_.erase(key);
    return judged_[key] = out;
  }

  InstanceHealth service_wide(const std::string& service) {
    auto reports = by_service_.find(service);
    if (reports == by_service_.end()) return InstanceHealth::failed;
    InstanceHealth best = InstanceHealth::failed;
    for (const KeeperReport* report : reports->second) {
      const InstanceHealth h = judge(*report).health;
      if (h == InstanceHealth::healthy) return h;
      if (h == InstanceHealth::degraded) best = h;
    }
    return best;
  }

 private:
  // A dependency's verdict, for the instance that has it to copy (service and host are the instance's).
  static InstanceJudgement verdict(InstanceHealth health, HealthCause cause, std::string reason) {
    return InstanceJudgement{"", "", health, std::move(reason), cause};
  }

  // Why DEPENDENCY (anywhere) does not serve: nothing when it does, or when no keeper reports on it.
  std::optional<InstanceJudgement> any_dependency(const std::string& dependency) {
    if (!by_service_.count(dependency)) return std::nullopt;
    const InstanceHealth health = service_wide(dependency);
    if (health == InstanceHealth::healthy) return std::nullopt;
    return verdict(InstanceHealth::degraded, HealthCause::dependency, "depends on " + dependency + ", " +
                                                                               story(dependency, health));
  }

  // Why DEPENDENCY's instance on HOST does not serve: failed when another host's does (a move helps),
  // degraded when none does.
  std::optional<InstanceJudgement> local_dependency(const std::string& dependency, const std::string& host) {
    if (!by_service_.count(dependency)) return std::nullopt;
    std::optional<InstanceJudgement> here;
    for (const KeeperReport* report : by_service_[dependency])
      if (report->host == host) here = judge(*report);
    if (here && here->health == InstanceHealth::healthy) return std::nullopt;
    const std::string what = here ? "which is " + to_string(here->health) + " here: " + here->reason
                                  : "which does not run here";
    const InstanceHealth health = service_wide(dependency);
    if (health == InstanceHealth::healthy) {
      std::string elsewhere;
      for (const KeeperReport* report : by_service_[dependency])
        if (judge(*report).health == InstanceHealth::healthy) elsewhere += (elsewhere.empty() ? "" : ",") + report->host;
      return verdict(InstanceHealth::failed, HealthCause::local_dependency,
                  "depends on " + dependency + "@local, " + what + " (healthy on " + elsewhere + ")");
    }
    return verdict(InstanceHealth::degraded, HealthCause::dependency,
                   "depends on " + dependency + "@local, " + what + "; " + dependency +
                       (health == InstanceHealth::degraded ? " is degraded everywhere" : " has no healthy instance anywhere"));
  }

  // "which is degraded: <an instance's reason>" or "which has no healthy instance (<an instance's reason>)".
  std::string story(const std::string& service, InstanceHealth health) {
    for (const KeeperReport* report : by_service_[service]) {
      const InstanceJudgement j = judge(*report);
      if (j.health != health) continue;
      if (health == InstanceHealth::degraded) return "which is degraded: " + j.reason;
      return "which has no healthy instance (" + service + "@" + j.host + ": " + j.reason + ")";
    }
    return "which has no healthy instance";
  }

  const site::Site& site_;
  std::map<std::string, std::vector<const KeeperReport*>> by_service_;
  std::map<std::pair<std::string, std::string>, InstanceJudgement> judged_;
  std::set<std::pair<std::string, std::string>> visiting_;
};

}  // namespace

std::vector<InstanceJudgement> judge_instances(const site::Site& site, const std::vector<KeeperReport>& reports) {
  Judge judge(site, reports);
  std::vector<InstanceJudgement> out;
  for (const auto& report : reports) out.push_back(judge.judge(report));
  return out;
}

InstanceHealth service_health(const std::vector<InstanceJudgement>& judged, const std::string& service) {
  InstanceHealth best = InstanceHealth::failed;
  for (const auto& j : judged) {
    if (j.service != service) continue;
    if (j.health == InstanceHealth::healthy) return j.health;
    if (j.health == InstanceHealth::degraded) best = j.health;
  }
  return best;
}

}  // namespace netkeel::ha
