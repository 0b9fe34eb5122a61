#pragma once
// All the checks of one service's instance on this host, and the one yes/no its VIP keeper asks for.
// Own checks (tcp, http, exec, link, mesh) each run on a HealthMonitor of their own; the instance passes
// them when every one passes (none failing, none held down). Dependencies are judged across the site from
// the keepers' reports (instance_health.hpp), fed in by the host keeper; they fail the instance only
// through a `dep: X@local` check whose X is healthy elsewhere (a move helps), counted with that check's
// fall/rise and hold-down. A dependency that is down everywhere only degrades the instance: it keeps its
// VIP, so an outage of mysql moves no keystone.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/check_tracker.hpp"
#include "netkeel/ha/health_monitor.hpp"
#include "netkeel/ha/instance_health.hpp"
#include "netkeel/ha/service_health.hpp"

namespace netkeel::ha {

struct OwnChecksVerdict {
  bool passing = true;
  std::string failed_check;  // describe() of the first check that is not passing
  std::string detail;        // its detail (or, when all pass, the first check's last result; "no check")
};

struct CheckView {
  std::string check;  // "tcp 3306", "link eno1,eno2", "dep mysql@local"
  CheckState state = CheckState::failing;
  std::uint64_t flaps_total = 0;
};

class InstanceChecks final : public ServiceHealth {
 public:
  // LOCAL_DEPENDENCY: the timing of the service's first `dep: X@local` check (nullopt: none).
  struct LocalDependencyCheck {
    std::string name;  // "dep mysql@local"
    HealthTiming timing;
    Nanoseconds hold_down{0};
  };
  InstanceChecks(const Clock& clock, std::optional<LocalDependencyCheck> local_dependency);

  void add(std::unique_ptr<HealthMonitor> monitor);  // before start()
  void start();
  void stop();

  bool healthy() override;  // own checks pass and no local dependency fails
  OwnChecksVerdict own() const;
  // The site-wide judgement of this instance (from the reports, with this host's fresh own verdict).
  void judge(const InstanceJudgement& judgement);
  std::optional<InstanceJudgement> judgement() const;
  std::vector<CheckView> checks() const;

 private:
  const Clock& clock_;
  std::vector<std::unique_ptr<HealthMonitor>> monitors_;
  std::optional<LocalDependencyCheck> local_dependency_;
  std::optional<CheckTracker> local_dependency_tracker_;
  std::atomic<bool> local_dependency_ok_{true};
  mutable std::mutex mutex_;
  std::optional<InstanceJudgement> judgement_;
};

}  // namespace netkeel::ha
