#include "netkeel/ha/keeper_metrics.hpp"

#include <fmt/format.h>

#include "netkeel/ha/ownership_state.hpp"

namespace netkeel::ha {

namespace {

constexpr OwnershipState kStates[] = {OwnershipState::init,      OwnershipState::standby, OwnershipState::taking,
                                      OwnershipState::holding,   OwnershipState::releasing, OwnershipState::fenced,
                                      OwnershipState::failed,    OwnershipState::stopped};

// Service names are plain (letters, digits, - _ .): nothing to escape in a label value.
void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

template <typename Value>
void counter(std::string& out, const std::vector<KeeperMetricsInput>& vips, const char* name, const char* help,
             Value value) {
  family(out, name, "counter", help);
  for (const auto& vip : vips) out += fmt::format("{}{{service=\"{}\"}} {}\n", name, vip.service, value(vip.status));
}

// Check descriptions come from the site file (an exec command may hold anything): escape them.
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void add_health(std::string& out, const std::vector<KeeperMetricsInput>& vips) {
  family(out, "netkeel_keeper_instance_health", "gauge",
         "1 for the health of this host's instance of each service (healthy, degraded or failed), 0 for the others.");
  for (const auto& vip : vips)
    for (InstanceHealth health : {InstanceHealth::healthy, InstanceHealth::degraded, InstanceHealth::failed})
      out += fmt::format("netkeel_keeper_instance_health{{service=\"{}\",health=\"{}\"}} {}\n", vip.service,
                         to_string(health), vip.judgement && vip.judgement->health == health ? 1 : 0);
  family(out, "netkeel_keeper_instance_unhealthy_cause", "gauge",
         "1 for why the instance is not healthy: check, dependency or local_dependency (all 0 when healthy).");
  for (const auto& vip : vips)
    for (HealthCause cause : {HealthCause::check, HealthCause::dependency, HealthCause::local_dependency})
      out += fmt::format("netkeel_keeper_instance_unhealthy_cause{{service=\"{}\",cause=\"{}\"}} {}\n", vip.service,
                         to_string(cause), vip.judgement && vip.judgement->cause == cause ? 1 : 0);
  family(out, "netkeel_keeper_check_state", "gauge",
         "1 for the state each check of the instance is in (passing, failing, held_down), 0 for the others.");
  for (const auto& vip : vips)
    for (const auto& check : vip.checks)
      for (CheckState state : {CheckState::passing, CheckState::failing, CheckState::held_down})
        out += fmt::format("netkeel_keeper_check_state{{service=\"{}\",check=\"{}\",state=\"{}\"}} {}\n", vip.service,
                           label_value(check.check), to_string(state), check.state == state ? 1 : 0);
  family(out, "netkeel_keeper_check_flaps_total", "counter",
         "Times each check went from passing to failing (what the flap hold-down counts).");
  for (const auto& vip : vips)
    for (const auto& check : vip.checks)
      out += fmt::format("netkeel_keeper_check_flaps_total{{service=\"{}\",check=\"{}\"}} {}\n", vip.service,
                         label_value(check.check), check.flaps_total);
  family(out, "netkeel_keeper_vip_releases_by_cause_total", "counter",
         "Times the VIP left this host, by cause (check, held_down, local_dependency, lost, handover, shutdown, "
         "take_failed, leftover, other).");
  for (const auto& vip : vips)
    for (const char* cause : kReleaseCauses) {
      auto it = vip.releases_by_cause.find(cause);
      out += fmt::format("netkeel_keeper_vip_releases_by_cause_total{{service=\"{}\",cause=\"{}\"}} {}\n", vip.service,
                         cause, it == vip.releases_by_cause.end() ? 0 : it->second);
    }
}

}  // namespace

std::string release_cause(ReleaseReason reason, bool own_passing, bool held_down, std::optional<HealthCause> cause) {
  switch (reason) {
    case ReleaseReason::lost: return "lost";
    case ReleaseReason::handover: return "handover";
    case ReleaseReason::stopping: return "shutdown";
    case ReleaseReason::take_failed: return "take_failed";
    case ReleaseReason::leftover: return "leftover";
    case ReleaseReason::unhealthy: break;
  }
  if (held_down) return "held_down";
  if (!own_passing) return "check";
  if (cause == HealthCause::local_dependency) return "local_dependency";
  return "other";
}

std::string keeper_metrics_text(const std::vector<KeeperMetricsInput>& vips, SteadyTime now, bool drained) {
  std::string out;
  family(out, "netkeel_keeper_drained", "gauge",
         "1 while `netkeel keep drain` keeps this host out: it claims no VIP until undrained.");
  out += fmt::format("netkeel_keeper_drained {}\n", drained ? 1 : 0);
  family(out, "netkeel_keeper_vip_state", "gauge", "1 for the state each VIP's ownership is in on this host, 0 for the others.");
  for (const auto& vip : vips)
    for (OwnershipState state : kStates)
      out += fmt::format("netkeel_keeper_vip_state{{service=\"{}\",state=\"{}\"}} {}\n", vip.service, to_string(state),
                         vip.status.state == state ? 1 : 0);
  family(out, "netkeel_keeper_vip_state_since_seconds", "gauge", "Seconds each VIP has been in its current state.");
  for (const auto& vip : vips)
    out += fmt::format("netkeel_keeper_vip_state_since_seconds{{service=\"{}\"}} {:.3f}\n", vip.service,
                       std::chrono::duration<double>(now - vip.status.since).count());
  family(out, "netkeel_keeper_vip_held", "gauge", "1 while the VIP's device and address are on this host.");
  for (const auto& vip : vips)
    out += fmt::format("netkeel_keeper_vip_held{{service=\"{}\"}} {}\n", vip.service, vip.status.vip_held ? 1 : 0);
  family(out, "netkeel_keeper_service_healthy", "gauge", "1 while the service's own check passes on this host.");
  for (const auto& vip : vips)
    out += fmt::format("netkeel_keeper_service_healthy{{service=\"{}\"}} {}\n", vip.service, vip.service_healthy ? 1 : 0);
  add_health(out, vips);
  counter(out, vips, "netkeel_keeper_takeovers_total", "Times the VIP was put on this host.",
          [](const KeeperStatus& s) { return s.takeovers_total; });
  counter(out, vips, "netkeel_keeper_releases_total", "Times the VIP was taken off this host, for any reason.",
          [](const KeeperStatus& s) { return s.releases_total; });
  counter(out, vips, "netkeel_keeper_fence_refreshes_total", "Confirmed renewals that extended the kernel fence.",
          [](const KeeperStatus& s) { return s.fence_refreshes_total; });
  counter(out, vips, "netkeel_keeper_store_errors_total", "Requests to etcd that got no answer in time.",
          [](const KeeperStatus& s) { return s.store_errors_total; });
  counter(out, vips, "netkeel_keeper_take_failures_total", "Times the kernel refused to put the VIP on this host.",
          [](const KeeperStatus& s) { return s.take_failures_total; });
  family(out, "netkeel_keeper_renew_latency_seconds", "histogram",
         "Time from sending a claim or renewal to etcd's confirmation.");
  for (const auto& vip : vips) {
    const RenewLatency& latency = vip.status.renew_latency;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kRenewLatencyBounds.size(); ++i) {
      cumulative += latency.buckets[i];
      out += fmt::format("netkeel_keeper_renew_latency_seconds_bucket{{service=\"{}\",le=\"{}\"}} {}\n", vip.service,
                         kRenewLatencyBounds[i], cumulative);
    }
    out += fmt::format("netkeel_keeper_renew_latency_seconds_bucket{{service=\"{}\",le=\"+Inf\"}} {}\n", vip.service,
                       latency.count);
    out += fmt::format("netkeel_keeper_renew_latency_seconds_sum{{service=\"{}\"}} {}\n", vip.service, latency.sum_seconds);
    out += fmt::format("netkeel_keeper_renew_latency_seconds_count{{service=\"{}\"}} {}\n", vip.service, latency.count);
  }
  return out;
}

std::string keeper_site_metrics_text(std::int64_t number, const std::string& sha256,
                                     const std::map<std::string, std::uint64_t>& reloads) {
  std::string out;
  family(out, "netkeel_keeper_site_version", "gauge",
         "The site version this keeper runs: the server's version number (0: a local file or a cached copy); "
         "sha256 names its text");
  out += fmt::format("netkeel_keeper_site_version{{sha256=\"{}\"}} {}\n", sha256.substr(0, 12), number);
  family(out, "netkeel_keeper_site_reloads_total", "counter",
         "New site versions seen since start, by result: applied (taken live), refused (valid but not takeable "
         "live: kept the running one), invalid (not a valid site)");
  for (const char* result : {"applied", "refused", "invalid"}) {
    const auto it = reloads.find(result);
    out += fmt::format("netkeel_keeper_site_reloads_total{{result=\"{}\"}} {}\n", result,
                       it == reloads.end() ? 0 : it->second);
  }
  return out;
}

}  // namespace netkeel::ha
