#pragma once
// The checks one VIP keeper reads, across a site version that changes them. New checks start failing
// (they must pass `rise` times first), so swapping them in at once would drop a VIP held here while its
// service is fine. Instead the old checks keep answering until the new ones settle: every new check
// passes, or the settle time has passed (then the new ones answer whatever they say). A held VIP thus
// stays through the change when the service passes the new checks, and is released, as any failing
// check releases it, when it does not.
#include <memory>
#include <mutex>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/instance_checks.hpp"
#include "netkeel/ha/service_health.hpp"

namespace netkeel::ha {

class ReloadedChecks final : public ServiceHealth {
 public:
  explicit ReloadedChecks(std::shared_ptr<InstanceChecks> checks);

  // Thread-safe; the answer of the checks in force.
  bool healthy() override;
  // Thread-safe: the checks in force (their verdicts and views, for reports and /metrics).
  std::shared_ptr<InstanceChecks> current() const;
  // Both the checks in force and the ones settling, so each has the site's judgement when it answers.
  void judge(const InstanceJudgement& judgement);

  // NEXT (already started) answers once it settles, by SETTLE_BY at the latest. Returns the checks NEXT
  // replaces while settling, if any were still settling (the caller stops them).
  std::shared_ptr<InstanceChecks> replace(std::shared_ptr<InstanceChecks> next, SteadyTime settle_by);
  // Puts settled checks in force; returns the checks they replace (the caller stops them), else nullptr.
  std::shared_ptr<InstanceChecks> settle(SteadyTime now);
  bool settling() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<InstanceChecks> current_;
  std::shared_ptr<InstanceChecks> next_;
  SteadyTime settle_by_{};
};

// How long new checks may take to settle: the slowest check's `rise` passes (each at most interval +
// timeout apart), plus one second for the keeper's loop.
Nanoseconds settle_time(const site::Service& service);

}  // namespace netkeel::ha
