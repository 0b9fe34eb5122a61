#include "netkeel/ha/reloaded_checks.hpp"

#include <algorithm>

namespace netkeel::ha {

ReloadedChecks::ReloadedChecks(std::shared_ptr<InstanceChecks> checks) : current_(std::move(checks)) {}

bool ReloadedChecks::healthy() { return current()->healthy(); }

std::shared_ptr<InstanceChecks> ReloadedChecks::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void ReloadedChecks::judge(const InstanceJudgement& judgement) {
  std::shared_ptr<InstanceChecks> current, next;
  {
    std::lock_guard lock(mutex_);
    current = current_;
    next = next_;
  }
  current->judge(judgement);
  if (next) next->judge(judgement);
}

std::shared_ptr<InstanceChecks> ReloadedChecks::replace(std::shared_ptr<InstanceChecks> next, SteadyTime settle_by) {
  std::lock_guard lock(mutex_);
  auto unsettled = std::move(next_);
  next_ = std::move(next);
  settle_by_ = settle_by;
  return unsettled;
}

std::shared_ptr<InstanceChecks> ReloadedChecks::settle(SteadyTime now) {
  std::lock_guard lock(mutex_);
  if (!next_ || (!next_->healthy() && now < settle_by_)) return nullptr;
  auto replaced = std::move(current_);
  current_ = std::move(next_);
  next_.reset();
  return replaced;
}

bool ReloadedChecks::settling() const {
  std::lock_guard lock(mutex_);
  return next_ != nullptr;
}

Nanoseconds settle_time(const site::Service& service) {
  Nanoseconds slowest{0};
  for (const auto& check : service.checks)
    slowest = std::max<Nanoseconds>(slowest, (check.interval + check.timeout) * std::max(check.rise, 1));
  return slowest + std::chrono::seconds(1);
}

}  // namespace netkeel::ha
