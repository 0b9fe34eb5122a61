#include "netkeel/agent/simulated_agents.hpp"

#include <algorithm>
#include <stdexcept>

#include "netkeel/collect/nic_counters.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/version.hpp"
#include "netkeel/probe/probe_targets.hpp"

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr int kMaxHosts = 60'000;  // addresses 10.N.0.1 .. 10.N.234.96 stay below the gateway's .255.254
constexpr int kMaxNetworks = 200;

// splitmix64: one well-mixed 64-bit value from another; seeds each (host, interval) generator on its own,
// so a host's values never depend on which other hosts were generated first.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return state_ = mix(state_); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  std::uint64_t state_;
};

std::string network_name(int network) { return "net" + std::to_string(network + 1); }

Ipv4Address host_address(int network, int host) {
  const auto n = static_cast<std::uint32_t>(host + 1);
  return Ipv4Address((10u << 24) | (static_cast<std::uint32_t>(100 + network) << 16) | n);
}

Ipv4Address gateway_address(int network) {
  return Ipv4Address((10u << 24) | (static_cast<std::uint32_t>(100 + network) << 16) | 0xfffe);
}

int network_mtu(int network) { return network == 0 ? 1500 : 9000; }  // the first one untagged at 1500, the rest jumbo

Nanoseconds wall_ns(store::TimestampMs ms) { return milliseconds(ms); }

}  // namespace

void check_simulated_agents_options(const SimulatedAgentsOptions& o) {
  if (o.hosts < 2 || o.hosts > kMaxHosts) {
    throw UsageError("--hosts " + std::to_string(o.hosts) + ": expected 2.." + std::to_string(kMaxHosts) + " hosts");
  }
  if (o.networks < 1 || o.networks > kMaxNetworks) {
    throw UsageError("--networks " + std::to_string(o.networks) + ": expected 1.." + std::to_string(kMaxNetworks));
  }
  if (o.probe_interval <= Nanoseconds{0} || o.report_interval <= Nanoseconds{0}) {
    throw UsageError("--interval and --report-interval must be positive durations, e.g. 1s and 10s");
  }
  if (o.report_interval % o.probe_interval != Nanoseconds{0} || o.probe_interval % milliseconds(1) != Nanoseconds{0}) {
    throw UsageError("--report-interval must be a whole number of --interval, both in whole milliseconds (e.g. 1s and 10s)");
  }
  if (!(o.loss_ratio >= 0 && o.loss_ratio <= 1)) throw UsageError("--loss-ratio must lie in [0, 1], e.g. 0.001");
  if (!(o.link_event_ratio >= 0 && o.link_event_ratio <= 1)) throw UsageError("--link-event-ratio must lie in [0, 1]");
  if (o.pmtu_every == 0) throw UsageError("--pmtu-every must be at least 1");
}

SimulatedAgents::SimulatedAgents(SimulatedAgentsOptions options) : options_(std::move(options)) {
  check_simulated_agents_options(options_);
  name_width_ = std::max<int>(3, static_cast<int>(std::to_string(options_.hosts).size()));
  hosts_.resize(static_cast<std::size_t>(options_.hosts));
  for (auto& h : hosts_) h.totals.resize(targets_per_host());
}

std::string SimulatedAgents::host_name(int host) const {
  std::string digits = std::to_string(host + 1);
  return "node" + std::string(static_cast<std::size_t>(std::max(0, name_width_ - static_cast<int>(digits.size()))), '0') + digits;
}

std::size_t SimulatedAgents::targets_per_host() const {
  return static_cast<std::size_t>(options_.networks) * (3 * static_cast<std::size_t>(options_.hosts - 1) + 1);
}

// In probe_targets()' order: by network, then peers (icmp, udp, pmtu each), then the gateway.
std::vector<probe::ProbeTarget> SimulatedAgents::targets_of(int host) const {
  std::vector<probe::ProbeTarget> out;
  out.reserve(targets_per_host());
  const std::string src = host_name(host);
  for (int n = 0; n < options_.networks; ++n) {
    const std::string network = network_name(n);
    const Ipv4Address source = host_address(n, host);
    for (int peer = 0; peer < options_.hosts; ++peer) {
      if (peer == host) continue;
      const std::string dst = host_name(peer);
      const Ipv4Address address = host_address(n, peer);
      out.push_back({src, dst, probe::TargetRole::host, network, probe::ProbeKind::icmp, source, address});
      out.push_back({src, dst, probe::TargetRole::host, network, probe::ProbeKind::udp, source, address,
                     probe::kDefaultResponderPort});
      out.push_back({src, dst, probe::TargetRole::host, network, probe::ProbeKind::pmtu, source, address, 0,
                     network_mtu(n), options_.pmtu_every});
    }
    out.push_back({src, "gateway", probe::TargetRole::gateway, network, probe::ProbeKind::icmp, source, gateway_address(n)});
  }
  return out;
}

// 80-480 us, fixed per (seed, src, dst, network) and shared by the pair's probe kinds, as one path is.
Nanoseconds SimulatedAgents::base_rtt(int host, const probe::ProbeTarget& target, std::size_t index) const {
  const std::size_t per_network = 3 * static_cast<std::size_t>(options_.hosts - 1) + 1;
  const std::size_t pair = index % per_network / 3;  // the peer (or the gateway) within the network
  const std::uint64_t network = index / per_network;
  const std::uint64_t h = mix(options_.seed ^ mix(static_cast<std::uint64_t>(host) << 20 ^ pair << 8 ^ network));
  const std::int64_t extra = target.kind == probe::ProbeKind::pmtu ? 30'000 : 0;  // a jumbo frame takes longer on the wire
  return nanoseconds(80'000 + static_cast<std::int64_t>(h % 400'000) + extra);
}

AgentSnapshot SimulatedAgents::snapshot(int host, std::uint64_t interval, store::TimestampMs end_ms) {
  if (host < 0 || host >= options_.hosts) throw std::out_of_range("simulated host " + std::to_string(host));
  HostState& state = hosts_[static_cast<std::size_t>(host)];
  if (interval != state.next_interval) {
    throw std::invalid_argument("simulated host " + host_name(host) + ": interval " + std::to_string(interval) +
                                " asked, " + std::to_string(state.next_interval) + " expected (counters only grow in order)");
  }
  ++state.next_interval;
  Random random(mix(options_.seed ^ mix(static_cast<std::uint64_t>(host) << 32 ^ interval)));

  AgentSnapshot s;
  s.site = options_.site;
  s.host = host_name(host);
  s.version = std::string(netkeel_version());
  const Nanoseconds report = options_.report_interval;
  const Nanoseconds end = wall_ns(end_ms);
  const Nanoseconds start = end - report;
  const auto slots = static_cast<std::uint64_t>(report / options_.probe_interval);
  const SteadyTime steady_origin{};  // steady time = wall time here: the anchor maps one onto the other

  std::vector<probe::ProbeTarget> targets = targets_of(host);
  s.probes.reserve(targets.size());
  std::vector<Nanoseconds> rtts;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    probe::TargetResult r;
    r.target = std::move(targets[i]);
    TargetTotals& totals = state.totals[i];
    const Nanoseconds base = base_rtt(host, r.target, i);
    // The scheduler spreads targets over the probe interval; each probe leaves within +-5% of its slot.
    const auto phase = options_.probe_interval * 8 / 10 * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(targets.size()) +
                       options_.probe_interval / 10;
    rtts.clear();
    for (std::uint64_t k = 0; k < slots; ++k) {
      if ((interval * slots + k) % r.target.every != i % r.target.every) continue;
      const auto jitter = nanoseconds(static_cast<std::int64_t>((random.unit() - 0.5) * 0.1 *
                                                                static_cast<double>(options_.probe_interval.count())));
      const Nanoseconds sent_at = start + options_.probe_interval * static_cast<std::int64_t>(k) + phase + jitter;
      ++r.interval.sent;
      if (random.unit() < options_.loss_ratio) {
        ++r.interval.lost;
        continue;
      }
      double factor = 0.9 + 0.2 * random.unit();
      if (random.unit() < 0.01) factor += 2.0 * random.unit();  // the odd slow reply
      const auto rtt = nanoseconds(static_cast<std::int64_t>(static_cast<double>(base.count()) * factor));
      r.interval.replies.push_back({steady_origin + sent_at + rtt, rtt});
      rtts.push_back(rtt);
    }
    if (!rtts.empty()) {
      probe::RttSummary summary;
      summary.min = *std::min_element(rtts.begin(), rtts.end());
      summary.max = *std::max_element(rtts.begin(), rtts.end());
      Nanoseconds sum{0};
      for (auto v : rtts) sum += v;
      summary.avg = sum / static_cast<std::int64_t>(rtts.size());
      summary.p50 = probe::percentile(rtts, 0.5);
      summary.p99 = probe::percentile(rtts, 0.99);
      r.interval.rtt = summary;
      totals.rtt_sum_ns += sum.count();
      s.send_times[r.target.kind].kernel += rtts.size();
    }
    totals.sent += r.interval.sent;
    totals.lost += r.interval.lost;
    r.sent_total = totals.sent;
    r.lost_total = totals.lost;
    r.rtt_sum_total = nanoseconds(totals.rtt_sum_ns);
    s.probes.push_back(std::move(r));
  }
  // send_times above counted this interval only; the agent reports totals since start.
  for (auto& [kind, counts] : s.send_times) counts.kernel = state.send_times[kind] += counts.kernel;

  // NIC counters grow at a per-host rate (1-100 MB/s), split over the bond's two members.
  const double seconds = std::chrono::duration<double>(report).count();
  const std::uint64_t rate = 1'000'000 + mix(options_.seed ^ static_cast<std::uint64_t>(host)) % 99'000'000;
  state.rx_bytes += static_cast<std::uint64_t>(static_cast<double>(rate) * seconds * (0.8 + 0.4 * random.unit()));
  state.tx_bytes += static_cast<std::uint64_t>(static_cast<double>(rate) * seconds * (0.6 + 0.4 * random.unit()));

  // The odd link event: eno2 loses carrier and gets it back within the interval.
  if (random.unit() < options_.link_event_ratio) {
    const Nanoseconds down_at = start + nanoseconds(static_cast<std::int64_t>(random.unit() * 0.5 * static_cast<double>(report.count())));
    const Nanoseconds up_at = down_at + report / 4;
    s.link_events.push_back({"eno2", 3, false, false, down_at});
    s.link_events.push_back({"eno2", 3, true, false, up_at});
    s.link_state_events.push_back({store::LinkEventKind::down, "eno2", down_at});
    s.link_state_events.push_back({store::LinkEventKind::up, "eno2", up_at});
    state.carrier_changes += 2;
    state.link_transitions += 2;
  }

  struct NicShare {
    const char* name;
    int ifindex;
    const char* master;
    double share;
  };
  for (const NicShare& nic : {NicShare{"eno1", 2, "bond0", 0.5}, NicShare{"eno2", 3, "bond0", 0.5}, NicShare{"bond0", 4, "", 1.0}}) {
    collect::NicCounters c;
    c.name = nic.name;
    c.ifindex = nic.ifindex;
    c.master = nic.master;
    c.carrier = true;
    c.oper_state = "up";
    c.carrier_changes = 1 + (c.name == "eno2" ? state.carrier_changes : 0);
    for (const auto& stat : collect::nic_stat_names()) c.stats[stat] = 0;
    c.stats["rx_bytes"] = static_cast<std::uint64_t>(static_cast<double>(state.rx_bytes) * nic.share);
    c.stats["tx_bytes"] = static_cast<std::uint64_t>(static_cast<double>(state.tx_bytes) * nic.share);
    c.stats["rx_packets"] = c.stats["rx_bytes"] / 900;
    c.stats["tx_packets"] = c.stats["tx_bytes"] / 900;
    s.nics.push_back(std::move(c));
  }
  s.link_transitions = {{"eno2", state.link_transitions}};
  s.link_states = {{"bond0", DampedState::up}, {"eno1", DampedState::up}, {"eno2", DampedState::up}};

  // TCP/IP figures and the responder, which answers every peer's udp probes.
  state.tcp_out_segs += static_cast<std::int64_t>(rate / 1400 * static_cast<std::uint64_t>(seconds));
  if (random.unit() < 0.3) state.tcp_retrans += 1 + static_cast<std::int64_t>(random.next() % 20);
  s.netstat = {{"Tcp", "OutSegs", state.tcp_out_segs}, {"Tcp", "RetransSegs", state.tcp_retrans},
               {"TcpExt", "ListenDrops", 0}, {"Udp", "InDatagrams", static_cast<std::int64_t>(state.responder_answered)}};
  state.responder_answered += static_cast<std::uint64_t>(options_.hosts - 1) * static_cast<std::uint64_t>(options_.networks) * slots;
  s.responder_answered_total = state.responder_answered;
  return s;
}

store::Batch SimulatedAgents::batch(int host, std::uint64_t interval, store::TimestampMs end_ms, std::uint64_t sequence) {
  const AgentSnapshot s = snapshot(host, interval, end_ms);
  store::Batch b = build_batch(s, TimeAnchor{SteadyTime{} + milliseconds(end_ms), end_ms});
  b.id.sequence = sequence;
  return b;
}

}  // namespace netkeel::agent
