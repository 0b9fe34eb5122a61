#include "netkeel/analyze/rule_context.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace netkeel::analyze {

TargetKind RuleContext::target_kind(const std::string& dst) const {
  // A host that never reported (down since before the server started) is still a host: only targets
  // probed on a service port are VIPs.
  if (hosts.count(dst) > 0) return TargetKind::host;
  if (dst == "gateway") return TargetKind::gateway;
  return probes.service_targets().count(dst) > 0 ? TargetKind::vip : TargetKind::host;
}

std::vector<std::pair<const PairKey&, PairStatus>>::const_iterator RuleContext::lower_bound(const PairKey& key) const {
  return std::lower_bound(status.begin(), status.end(), key,
                          [](const std::pair<const PairKey&, PairStatus>& entry, const PairKey& k) { return entry.first < k; });
}

const PairStatus* RuleContext::find_status(const PairKey& key) const {
  const auto it = lower_bound(key);
  return it != status.end() && it->first == key ? &it->second : nullptr;
}

RuleContext make_rule_context(const ProbeHistory& probes, const LinkStates& links, const AlertTopology& topology,
                              const AlertOptions& options, TimestampMs now_ms) {
  RuleContext context{probes, links, topology, options, now_ms, {}, {}, {}, {}};
  context.status.reserve(probes.pairs().size());
  for (const auto& [key, window] : probes.pairs()) context.status.emplace_back(key, pair_status(window, options, now_ms));
  for (const TopologyHost& host : topology.hosts) context.hosts.insert(host.name);
  TimestampMs newest = 0;
  for (const auto& [host, at] : probes.last_sample_by_host()) {
    context.hosts.insert(host);
    newest = std::max(newest, at);
  }
  for (const auto& [host, at] : probes.last_sample_by_host()) {
    if (at <= newest - options.agent_silent_after_ms) context.silent.insert(host);
  }
  std::map<std::string, TimestampMs> first_cut;  // host -> when a non-silent peer first could not reach it
  for (const auto& [key, status] : context.status) {
    if (key.probe_class != ProbeClass::reach || !status.recent || !status.unreachable_since) continue;
    if (context.silent.count(key.src) > 0 || key.src == key.dst) continue;
    auto [it, inserted] = first_cut.try_emplace(key.dst, *status.unreachable_since);
    if (!inserted) it->second = std::min(it->second, *status.unreachable_since);
  }
  const auto& last_sample = probes.last_sample_by_host();
  for (const auto& [host, cut] : first_cut) {
    const auto seen = last_sample.find(host);
    if (seen != last_sample.end() && seen->second < cut) context.quiet_since_cut.insert(host);
  }
  return context;
}

std::string join(const std::vector<std::string>& names, const char* separator) {
  std::string text;
  for (const std::string& name : names) text.append(text.empty() ? "" : separator).append(name);
  return text;
}

std::string listed_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size() && i < kMaxListedLines; ++i) text += "\n- " + lines[i];
  if (lines.size() > kMaxListedLines) text += "\n- ... and " + std::to_string(lines.size() - kMaxListedLines) + " more";
  return text;
}

std::string percent(double ratio) {
  char text[32];
  const double value = ratio * 100;
  std::snprintf(text, sizeof text, value >= 10 || value == std::floor(value) ? "%.0f%%" : "%.1f%%", value);
  return text;
}

std::string seconds_text(std::int64_t ms) {
  const std::int64_t s = ms / 1000;
  if (s < 60) return std::to_string(s) + "s";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
}

}  // namespace netkeel::analyze
