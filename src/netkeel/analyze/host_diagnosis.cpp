#include "netkeel/analyze/host_diagnosis.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "netkeel/analyze/optional_number_json.hpp"

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/analyze/nic_counter_evidence.hpp"

namespace netkeel::analyze {
namespace {

constexpr double kSilentAfterS = 30;        // as the ranking: an agent silent this long reports old news
constexpr double kRetransmitRise = 3;       // retransmits count as up at 3x their baseline pace...
constexpr double kRetransmitFloorPerS = 1;  // ...and at least one a second
constexpr double kRttRise = 2;              // the RTT to peers counts as up at twice its baseline...
constexpr double kRttFloorS = 0.0005;       // ...and 0.5 ms more


double median(std::vector<double> values) {
  if (values.empty()) return kNoValue;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

std::string culprit_text(const RankedCulprit& c) {
  return fmt::format("{} {} ({:.2f})", to_string(c.kind), c.name, c.confidence);
}

const HostNic* nic_with_errors(const HostDiagnosis& d) {
  const HostNic* worst = nullptr;
  for (const HostNic& nic : d.nics) {
    const double errors = std::max(nic.window.error_increase, nic.window.wire_errors + nic.window.device_errors);
    if (errors > 0 && (worst == nullptr || errors > worst->window.error_increase)) worst = &nic;
  }
  return worst;
}

std::string ms(double seconds) { return std::isnan(seconds) ? "-" : fmt::format("{:.2f} ms", seconds * 1000); }

std::string loss_text(double loss, double lost, double sent) {
  if (!(sent > 0)) return "-";
  return fmt::format("{:.1f}% ({:.0f}/{:.0f})", loss * 100, lost, sent);
}

}  // namespace

std::set<std::pair<ComponentKind, std::string>> host_side_components(const SiteProbePaths& paths,
                                                                      const std::string& host) {
  std::set<std::pair<ComponentKind, std::string>> out;
  for (const auto& [network, network_paths] : paths) {
    for (const NetworkComponent& c : network_paths.components) {
      if ((c.kind == ComponentKind::host && c.name == host) || (!c.nic.empty() && c.host == host)) {
        out.insert({c.kind, c.name});
      }
    }
  }
  return out;
}

bool probes_lossy(const PeerProbes& p) { return p.lost >= 3 && p.loss >= 0.01; }

HostVerdict host_verdict(const HostDiagnosis& d, const std::vector<RankedCulprit>& all_culprits) {
  std::string prefix;
  if (!d.last_report_age_s) {
    prefix = fmt::format("its agent never reported; ");
  } else if (*d.last_report_age_s > kSilentAfterS) {
    prefix = fmt::format("its agent has sent nothing for {:.0f} s (the host, its agent or its way to the server is "
                         "down); ",
                         *d.last_report_age_s);
  }
  const auto lossy = std::count_if(d.peers.begin(), d.peers.end(), probes_lossy);
  const auto probed = std::count_if(d.peers.begin(), d.peers.end(), [](const PeerProbes& p) { return p.sent > 0; });
  if (!d.culprits.empty() && d.culprits.front().confidence >= 0.2) {
    const RankedCulprit& best = d.culprits.front();
    std::string text = prefix + fmt::format("{} is the likeliest culprit: {}", culprit_text(best), best.explains);
    for (const HostNic& nic : d.nics) {
      if (best.name.find(d.host + ":" + nic.name) == 0 && has_local_signal(nic.window)) {
        text += "; " + describe_nic_evidence(d.host, nic.name, nic.window);
      }
    }
    return {true, text};
  }
  if (lossy > 0) {
    for (const RankedCulprit& c : all_culprits) {
      if (c.confidence < 0.2) break;
      return {true, prefix + fmt::format("loss on {} of {} of its probe rows, but the likeliest culprit is {}, not on {}",
                                  lossy, probed, culprit_text(c), d.host)};
    }
    return {true, prefix + fmt::format("loss on {} of {} of its probe rows, too little or too scattered to name a culprit "
                                "(see each peer below, and diagnose pair)",
                                lossy, probed)};
  }
  if (const HostNic* nic = nic_with_errors(d)) {
    return {true, prefix + fmt::format("no probe loss, but {}; {}", describe_nic_evidence(d.host, nic->name, nic->window),
                                nic->window.wire_errors > nic->window.device_errors
                                    ? "damaged frames: check the cable and the switch port"
                                    : "the NIC's own errors: check the NIC and its driver")};
  }
  for (const HostNic& nic : d.nics) {
    if (nic.window.carrier_changes > 0 || nic.window.went_down) {
      return {true, prefix + fmt::format("no probe loss, but {}", describe_nic_evidence(d.host, nic.name, nic.window))};
    }
    if (nic.carrier && !*nic.carrier) return {true, prefix + fmt::format("no probe loss, but {} has no carrier", nic.name)};
  }
  for (const HostBondMember& m : d.bond_members) {
    if (!m.up) return {true, prefix + fmt::format("no probe loss, but bond {} runs without member {} (down)", m.bond, m.member)};
    if (m.lacp_attached && !*m.lacp_attached) {
      return {true, prefix + fmt::format("no probe loss, but member {} of bond {} is not attached to its LACP aggregator",
                                  m.member, m.bond)};
    }
  }
  for (const CounterPace& c : d.stack) {
    if (c.name != "Tcp_RetransSegs" || std::isnan(c.per_s)) continue;
    const double baseline = std::isnan(c.baseline_per_s) ? 0 : c.baseline_per_s;
    if (c.per_s >= kRetransmitFloorPerS && c.per_s >= kRetransmitRise * baseline) {
      return {true, prefix + fmt::format("no probe loss, but TCP retransmits run at {:.1f}/s against {} in the baseline: "
                                  "loss on paths the mesh does not probe, or a busy peer",
                                  c.per_s, std::isnan(c.baseline_per_s) ? "none known" : fmt::format("{:.2f}/s", baseline))};
    }
  }
  std::vector<double> ratios;
  std::vector<double> rises;
  for (const PeerProbes& p : d.peers) {
    if (std::isnan(p.rtt_p50_s) || std::isnan(p.baseline_rtt_p50_s) || !(p.baseline_rtt_p50_s > 0)) continue;
    ratios.push_back(p.rtt_p50_s / p.baseline_rtt_p50_s);
    rises.push_back(p.rtt_p50_s - p.baseline_rtt_p50_s);
  }
  if (!ratios.empty() && median(ratios) >= kRttRise && median(rises) >= kRttFloorS) {
    return {true, prefix + fmt::format("no probe loss, but the median RTT to and from its peers is {:.1f}x its baseline "
                                "(+{:.2f} ms): a busy host or a congested link",
                                median(ratios), median(rises) * 1000)};
  }
  if (!prefix.empty()) return {true, prefix.substr(0, prefix.size() - 2)};
  if (probed == 0) return {false, fmt::format("no probes to or from {} in the window: nothing to judge by", d.host)};
  return {false, fmt::format("no fault seen on {}: {} probe rows to and from its peers are clean, no NIC errors, carrier steady",
                     d.host, probed)};
}

nlohmann::json host_diagnosis_json(const HostDiagnosis& d) {
  nlohmann::json nics = nlohmann::json::array();
  for (const HostNic& nic : d.nics) {
    nics.push_back({{"name", nic.name},
                    {"networks", nic.networks},
                    {"switch_port", nic.switch_port},
                    {"carrier", nic.carrier ? nlohmann::json(*nic.carrier) : nlohmann::json(nullptr)},
                    {"oper_state", nic.oper_state},
                    {"master", nic.master},
                    {"errors", nic.window.error_increase},
                    {"wire_errors", nic.window.wire_errors},
                    {"device_errors", nic.window.device_errors},
                    {"drops", nic.window.drop_increase},
                    {"carrier_changes", nic.window.carrier_changes},
                    {"went_down", nic.window.went_down},
                    {"rising", nic.window.rising}});
  }
  nlohmann::json members = nlohmann::json::array();
  for (const HostBondMember& m : d.bond_members) {
    members.push_back({{"bond", m.bond},
                       {"member", m.member},
                       {"up", m.up},
                       {"active", m.active},
                       {"lacp_attached", m.lacp_attached ? nlohmann::json(*m.lacp_attached) : nlohmann::json(nullptr)}});
  }
  nlohmann::json stack = nlohmann::json::array();
  for (const CounterPace& c : d.stack) {
    stack.push_back(counter_pace_json(c));
  }
  nlohmann::json peers = nlohmann::json::array();
  for (const PeerProbes& p : d.peers) {
    peers.push_back({{"network", p.network},
                     {"peer", p.peer},
                     {"direction", p.outgoing ? "to" : "from"},
                     {"sent", p.sent},
                     {"lost", p.lost},
                     {"loss", p.loss},
                     {"rtt_p50_s", number_or_null(p.rtt_p50_s)},
                     {"baseline", {{"sent", p.baseline_sent},
                                   {"loss", p.baseline_loss},
                                   {"rtt_p50_s", number_or_null(p.baseline_rtt_p50_s)}}}});
  }
  return {{"host", d.host},
          {"window_s", d.window_s},
          {"baseline_s", d.baseline_s},
          {"last_report_age_s", d.last_report_age_s ? nlohmann::json(*d.last_report_age_s) : nlohmann::json(nullptr)},
          {"fault", d.fault},
          {"verdict", d.verdict},
          {"nics", nics},
          {"bond_members", members},
          {"stack", stack},
          {"peers", peers},
          {"culprits", diagnosis_json({d.window_s, d.culprits})["culprits"]}};
}

std::string host_diagnosis_table(const nlohmann::json& j) {
  std::string out = fmt::format("host {} over the last {:g} s (baseline: the {:g} s before)\n",
                                j.at("host").get<std::string>(), j.at("window_s").get<double>(),
                                j.at("baseline_s").get<double>());
  out += "verdict: " + j.at("verdict").get<std::string>() + "\n";
  const nlohmann::json& age = j.at("last_report_age_s");
  out += age.is_null() ? "agent: never reported\n" : fmt::format("agent: last report {:.1f} s ago\n", age.get<double>());

  out += "\nNICs (errors, drops and carrier changes in the window):\n";
  out += fmt::format("  {:<10} {:<8} {:<15} {:<8} {:<14} {:>7} {:>7} {:>8}  {}\n", "NIC", "CARRIER", "STATE", "MASTER",
                     "PORT", "ERRORS", "DROPS", "CARRIER~", "NETWORKS / RISING");
  for (const nlohmann::json& nic : j.at("nics")) {
    const nlohmann::json& carrier = nic.at("carrier");
    std::string networks;
    for (const nlohmann::json& n : nic.at("networks")) networks += (networks.empty() ? "" : ",") + n.get<std::string>();
    std::string rising;
    for (const auto& [name, increase] : nic.at("rising").items()) {
      rising += fmt::format(" {}+{:.0f}", name, increase.get<double>());
    }
    const std::string master = nic.at("master").get<std::string>();
    out += fmt::format("  {:<10} {:<8} {:<15} {:<8} {:<14} {:>7.0f} {:>7.0f} {:>8.0f}  {}{}\n",
                       nic.at("name").get<std::string>(),
                       carrier.is_null() ? "?" : carrier.get<bool>() ? "yes" : "NO",
                       nic.at("oper_state").get<std::string>().empty() ? "?" : nic.at("oper_state").get<std::string>(),
                       master.empty() ? "-" : master, nic.at("switch_port").get<std::string>(),
                       nic.at("errors").get<double>(), nic.at("drops").get<double>(),
                       nic.at("carrier_changes").get<double>(), networks, rising);
  }
  if (!j.at("bond_members").empty()) {
    out += "\nbond members:\n";
    for (const nlohmann::json& m : j.at("bond_members")) {
      const nlohmann::json& lacp = m.at("lacp_attached");
      out += fmt::format("  {:<10} {:<10} {:<5} {:<9} {}\n", m.at("bond").get<std::string>(),
                         m.at("member").get<std::string>(), m.at("up").get<bool>() ? "up" : "DOWN",
                         m.at("active").get<bool>() ? "active" : "inactive",
                         lacp.is_null() ? "" : lacp.get<bool>() ? "lacp attached" : "LACP NOT ATTACHED");
    }
  }
  out += "\nTCP/IP stack (increase in the window; pace now / in the baseline):\n";
  if (j.at("stack").empty()) out += "  (the agent shipped no /proc/net/snmp or netstat counters)\n";
  for (const nlohmann::json& c : j.at("stack")) {
    const double now = number_from(c.at("per_s"));
    const double before = number_from(c.at("baseline_per_s"));
    out += fmt::format("  {:<26} {:>10.0f}  {:>10}  {:>10}\n", c.at("counter").get<std::string>(),
                       c.at("increase").get<double>(), std::isnan(now) ? "-" : fmt::format("{:.2f}/s", now),
                       std::isnan(before) ? "-" : fmt::format("{:.2f}/s", before));
  }
  out += "\nprobes (now / baseline):\n";
  out += fmt::format("  {:<10} {:<10} {:<4}  {:<20} {:>10}  {:<20} {:>10}\n", "NETWORK", "PEER", "DIR", "LOSS NOW",
                     "RTT P50", "LOSS BASELINE", "RTT P50");
  for (const nlohmann::json& p : j.at("peers")) {
    const nlohmann::json& b = p.at("baseline");
    const double sent = p.at("sent").get<double>();
    const double baseline_sent = b.at("sent").get<double>();
    out += fmt::format("  {:<10} {:<10} {:<4}  {:<20} {:>10}  {:<20} {:>10}\n", p.at("network").get<std::string>(),
                       p.at("peer").get<std::string>(), p.at("direction").get<std::string>(),
                       loss_text(p.at("loss").get<double>(), p.at("lost").get<double>(), sent),
                       ms(number_from(p.at("rtt_p50_s"))),
                       loss_text(b.at("loss").get<double>(), b.at("loss").get<double>() * baseline_sent, baseline_sent),
                       ms(number_from(b.at("rtt_p50_s"))));
  }
  if (!j.at("culprits").empty()) {
    out += "\nculprits on this host's side:\n";
    for (const nlohmann::json& c : j.at("culprits")) {
      out += fmt::format("  {:.2f}  {:<11}  {}\n         {}\n", c.at("confidence").get<double>(),
                         c.at("kind").get<std::string>(), c.at("name").get<std::string>(),
                         c.at("explains").get<std::string>());
    }
  }
  return out;
}

}  // namespace netkeel::analyze
