#pragma once
// Health with causes: tells "my service is broken" from "what my service depends on is broken". From the
// keepers' reports (each instance's own checks) and the site's dependencies (`depends_on` entries and dep
// checks), each instance is
//   failed    its own checks fail (tcp/http/exec, the host's link or mesh, or one is held down for
//             flapping), or a `dep: X@local` check fails while X is healthy on another host (moving helps);
//             only a failed instance gives up its VIP,
//   degraded  its own checks pass but a dependency has no healthy instance (moving it would only spread
//             the outage, so it keeps its VIP and blocks moves),
//   healthy   its own checks pass and every dependency is met,
// with the chain of reasons through every level ("depends on keystone, which is degraded: depends on
// mysql, which has no healthy instance (mysql@ctl1: its tcp 3306 check fails: ...)"). A dependency no
// keeper reports on (a service without a VIP) is not judged and blocks nothing. Pure.
#include <string>
#include <vector>

#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

enum class InstanceHealth { healthy, degraded, failed };
std::string to_string(InstanceHealth health);

// Why an instance is not healthy, as a bounded word (a metric label): none, check, dependency, local_dependency.
enum class HealthCause { none, check, dependency, local_dependency };
std::string to_string(HealthCause cause);

struct InstanceJudgement {
  std::string service;
  std::string host;
  InstanceHealth health = InstanceHealth::failed;
  std::string reason;  // empty when healthy
  HealthCause cause = HealthCause::none;
};

// One judgement per report, in the order of REPORTS.
std::vector<InstanceJudgement> judge_instances(const site::Site& site, const std::vector<KeeperReport>& reports);

// A service as a whole: healthy when one instance is, else degraded when one is, else failed (also when
// no keeper reports on it).
InstanceHealth service_health(const std::vector<InstanceJudgement>& judged, const std::string& service);

// Every dependency of SERVICE (depends_on entries, then dep checks), each once.
struct ServiceDependency {
  std::string service;
  bool local = false;  // dep: X@local
};
std::vector<ServiceDependency> dependencies_of(const site::Service& service);

}  // namespace netkeel::ha
