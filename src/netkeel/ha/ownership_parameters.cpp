#include "netkeel/ha/ownership_parameters.hpp"

#include <fmt/format.h>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {
namespace {

double ms(Nanoseconds duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

}  // namespace

std::vector<std::string> parameter_problems(const OwnershipParameters& p) {
  std::vector<std::string> problems;
  const auto must_be_positive = [&](const char* name, Nanoseconds value) {
    if (value <= Nanoseconds::zero()) {
      problems.push_back(fmt::format("{} is {} ms: it must be more than 0", name, ms(value)));
    }
  };
  must_be_positive("renew_interval", p.renew_interval);
  must_be_positive("hold_time", p.hold_time);
  must_be_positive("takeover_wait", p.takeover_wait);
  must_be_positive("request_timeout", p.request_timeout);
  must_be_positive("retry_after_failure", p.retry_after_failure);
  if (p.rank_offset < Nanoseconds::zero()) {
    problems.push_back(fmt::format("rank_offset is {} ms: it must be 0 or more", ms(p.rank_offset)));
  }
  if (p.first_claim_offset < Nanoseconds::zero()) {
    problems.push_back(fmt::format("first_claim_offset is {} ms: it must be 0 or more", ms(p.first_claim_offset)));
  }
  if (p.max_scheduling_lag < Nanoseconds::zero()) {
    problems.push_back(fmt::format("max_scheduling_lag is {} ms: it must be 0 or more", ms(p.max_scheduling_lag)));
  }
  if (!(p.clock_rate_error >= 0 && p.clock_rate_error <= 0.1)) {
    problems.push_back(fmt::format("clock_rate_error is {}: it must be between 0 and 0.1 (10%)", p.clock_rate_error));
  }
  if (!problems.empty()) return problems;

  // Safety: the old holder's fence must end before a standby can claim (see the header).
  const double margin = ms(p.takeover_wait) - ms(p.max_scheduling_lag) - p.clock_rate_error * ms(p.takeover_wait);
  if (!(ms(p.hold_time) < margin)) {
    problems.push_back(fmt::format(
        "hold_time {} ms is not below takeover_wait - max_scheduling_lag - clock_rate_error x takeover_wait "
        "= {} - {} - {} x {} = {:.1f} ms: two hosts could hold the VIP at once; lower hold_time or raise "
        "takeover_wait",
        ms(p.hold_time), ms(p.takeover_wait), ms(p.max_scheduling_lag), p.clock_rate_error, ms(p.takeover_wait),
        margin));
  }
  // Liveness: a renewal sent when due (or as soon as the previous answer came, if that was later) and
  // answered within request_timeout must land before hold_time, or a healthy holder drops the VIP.
  const Nanoseconds renewal_cycle = std::max(p.renew_interval, p.request_timeout) + p.request_timeout;
  if (!(renewal_cycle < p.hold_time)) {
    problems.push_back(fmt::format(
        "max(renew_interval, request_timeout) + request_timeout = {} ms is not below hold_time {} ms: a holder "
        "whose renewals are answered in time would still drop the VIP; renew more often or shorten "
        "request_timeout",
        ms(renewal_cycle), ms(p.hold_time)));
  }
  return problems;
}

void validate(const OwnershipParameters& parameters) {
  const auto problems = parameter_problems(parameters);
  if (problems.empty()) return;
  std::string message = "VIP ownership timing rejected:";
  for (const auto& problem : problems) message += "\n  " + problem;
  throw UsageError(message);
}

}  // namespace netkeel::ha
