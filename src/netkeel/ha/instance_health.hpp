#pragma once
// Health with causes: tells "my service is broken" from "what my service depends on is broken". From the
// keepers' reports (each instance's own check) and the site's `depends_on`, each instance is
//   failed    its own check fails (only a failed instance gives up its VIP),
//   degraded  its own check passes but a service it depends on has no healthy instance anywhere
//             (moving it would only spread the outage, so it keeps its VIP),
//   healthy   its own check passes and every dependency has a healthy instance,
// with the chain of reasons ("depends on keystone, which has no healthy instance (keystone@ctl1:
// depends on mysql, which has no healthy instance)"). A dependency no keeper reports on (a service
// without a VIP) is not judged and blocks nothing. Pure.
#include <string>
#include <vector>

#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

enum class InstanceHealth { healthy, degraded, failed };
std::string to_string(InstanceHealth health);

struct InstanceJudgement {
  std::string service;
  std::string host;
  InstanceHealth health = InstanceHealth::failed;
  std::string reason;  // empty when healthy
};

// One judgement per report, in the order of REPORTS.
std::vector<InstanceJudgement> judge_instances(const site::Site& site, const std::vector<KeeperReport>& reports);

}  // namespace netkeel::ha
