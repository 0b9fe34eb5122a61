#include "netkeel/ha/instance_checks.hpp"

namespace netkeel::ha {

InstanceChecks::InstanceChecks(const Clock& clock, std::optional<LocalDependencyCheck> local_dependency)
    : clock_(clock), local_dependency_(std::move(local_dependency)) {
  if (local_dependency_) {
    local_dependency_tracker_.emplace(clock_, local_dependency_->timing, local_dependency_->hold_down);
    // A local dependency is met until the reports say otherwise (unlike an own check, which must first
    // pass `rise` times): the keeper's own checks already keep it from taking a VIP it cannot serve.
    for (int i = 0; i < local_dependency_->timing.rise; ++i) local_dependency_tracker_->record({true, "not judged yet"});
  }
}

void InstanceChecks::add(std::unique_ptr<HealthMonitor> monitor) { monitors_.push_back(std::move(monitor)); }

void InstanceChecks::start() {
  for (auto& monitor : monitors_) monitor->start();
}

void InstanceChecks::stop() {
  for (auto& monitor : monitors_) monitor->stop();
}

bool InstanceChecks::healthy() {
  for (auto& monitor : monitors_)
    if (!monitor->healthy()) return false;
  return local_dependency_ok_.load(std::memory_order_acquire);
}

OwnChecksVerdict InstanceChecks::own() const {
  OwnChecksVerdict verdict;
  verdict.detail = monitors_.empty() ? "no check" : monitors_.front()->detail();
  for (const auto& monitor : monitors_) {
    if (monitor->state() == CheckState::passing) continue;
    return {false, monitor->describe(), monitor->detail()};
  }
  return verdict;
}

void InstanceChecks::judge(const InstanceJudgement& judgement) {
  std::lock_guard lock(mutex_);
  if (local_dependency_tracker_) {
    const bool met = judgement.cause != HealthCause::local_dependency;
    local_dependency_tracker_->record({met, met ? "met" : judgement.reason});
    local_dependency_ok_.store(local_dependency_tracker_->passing(), std::memory_order_release);
  }
  judgement_ = judgement;
}

std::optional<InstanceJudgement> InstanceChecks::judgement() const {
  std::lock_guard lock(mutex_);
  return judgement_;
}

std::vector<CheckView> InstanceChecks::checks() const {
  std::vector<CheckView> out;
  for (const auto& monitor : monitors_) out.push_back({monitor->describe(), monitor->state(), monitor->flaps_total()});
  std::lock_guard lock(mutex_);
  if (local_dependency_tracker_) {
    out.push_back({local_dependency_->name, local_dependency_tracker_->state(), local_dependency_tracker_->flaps_total()});
  }
  return out;
}

}  // namespace netkeel::ha
