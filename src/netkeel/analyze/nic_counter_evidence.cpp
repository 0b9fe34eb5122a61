#include "netkeel/analyze/nic_counter_evidence.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::analyze {
namespace {

enum class Role { total_error, wire_error, device_error, drop, carrier };

struct CounterRole {
  const char* name;  // as in /sys/class/net/<if>/statistics/
  Role role;
};

constexpr CounterRole kCounters[] = {
    {"rx_errors", Role::total_error},          {"tx_errors", Role::total_error},
    {"rx_crc_errors", Role::wire_error},       {"rx_frame_errors", Role::wire_error},
    {"rx_length_errors", Role::wire_error},    {"tx_carrier_errors", Role::wire_error},
    {"rx_fifo_errors", Role::device_error},    {"rx_missed_errors", Role::device_error},
    {"rx_over_errors", Role::device_error},    {"tx_fifo_errors", Role::device_error},
    {"tx_aborted_errors", Role::device_error}, {"tx_heartbeat_errors", Role::device_error},
    {"tx_window_errors", Role::device_error},  {"rx_dropped", Role::drop},
    {"tx_dropped", Role::drop},                {"carrier_changes", Role::carrier},
};

std::string metric_of(const char* counter) { return fmt::format("netkeel_nic_{}_total", counter); }

}  // namespace

const std::vector<std::string>& nic_evidence_metrics() {
  static const std::vector<std::string> metrics = [] {
    std::vector<std::string> out;
    for (const CounterRole& counter : kCounters) out.push_back(metric_of(counter.name));
    return out;
  }();
  return metrics;
}

void add_nic_counter_evidence(LocalEvidence& evidence, std::span<const store::SeriesPoints> series) {
  for (const store::SeriesPoints& s : series) {
    const CounterRole* role = nullptr;
    for (const CounterRole& counter : kCounters) {
      if (s.series.metric == metric_of(counter.name)) role = &counter;
    }
    const std::string host(s.series.label("host"));
    const std::string nic(s.series.label("interface"));
    if (role == nullptr || host.empty() || nic.empty()) continue;
    const double increase = store::counter_increase(s.points);
    if (!(increase > 0)) continue;
    NicEvidence& e = evidence.nics[{host, nic}];
    e.rising[role->name] += increase;
    switch (role->role) {
      case Role::total_error: e.error_increase += increase; break;
      case Role::wire_error: e.wire_errors += increase; break;
      case Role::device_error: e.device_errors += increase; break;
      case Role::drop: e.drop_increase += increase; break;
      case Role::carrier: e.carrier_changes = std::max(e.carrier_changes, increase); break;
    }
  }
}

std::string describe_nic_evidence(const std::string& host, const std::string& nic, const NicEvidence& e) {
  std::vector<std::string> parts;
  for (const auto& [counter, increase] : e.rising) {
    if (counter != "carrier_changes") parts.push_back(fmt::format("{} +{:.0f}", counter, increase));
  }
  if (parts.empty()) {  // totals without the counters' names (evidence put together by hand)
    if (e.error_increase > 0) parts.push_back(fmt::format("{:.0f} NIC errors", e.error_increase));
    if (e.drop_increase > 0) parts.push_back(fmt::format("{:.0f} drops", e.drop_increase));
  }
  if (e.carrier_changes > 0) parts.push_back(fmt::format("{:.0f} carrier changes", e.carrier_changes));
  if (e.went_down) parts.push_back("went down");
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
  return fmt::format("{}:{}: {} in the window", host, nic, joined);
}

bool has_local_signal(const NicEvidence& e) {
  return e.error_increase > 0 || e.wire_errors > 0 || e.device_errors > 0 || e.carrier_changes > 0 || e.went_down;
}

}  // namespace netkeel::analyze
