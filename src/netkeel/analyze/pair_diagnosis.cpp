#include "netkeel/analyze/pair_diagnosis.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "netkeel/analyze/optional_number_json.hpp"
#include <map>

#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::analyze {
namespace {

constexpr double kSuspectFrom = 0.1;  // a hop is marked when the ranking gives it at least this


nlohmann::json kind_json(const KindProbes& k) {
  return {{"sent", k.sent}, {"lost", k.lost}, {"loss", k.loss},
          {"rtt_p50_s", number_or_null(k.rtt_p50_s)}, {"rtt_p99_s", number_or_null(k.rtt_p99_s)}};
}

std::string ms(double seconds) { return std::isnan(seconds) ? "-" : fmt::format("{:.2f}", seconds * 1000); }

std::string loss_text(const nlohmann::json& k) {
  const double sent = k.at("sent").get<double>();
  if (!(sent > 0)) return "-";
  return fmt::format("{:.1f}% ({:.0f}/{:.0f})", k.at("loss").get<double>() * 100, k.at("lost").get<double>(), sent);
}

}  // namespace

std::vector<KindProbes> probes_by_kind(const std::vector<store::SeriesPoints>& sent,
                                       const std::vector<store::SeriesPoints>& lost,
                                       const std::vector<store::SeriesPoints>& rtt) {
  std::map<std::string, KindProbes> kinds;
  std::map<std::string, std::vector<double>> rtts;
  for (const store::SeriesPoints& s : sent) {
    const std::string kind(s.series.label("kind"));
    kinds[kind].kind = kind;
    kinds[kind].sent += store::counter_increase(s.points);
  }
  for (const store::SeriesPoints& s : lost) {
    const std::string kind(s.series.label("kind"));
    kinds[kind].kind = kind;
    kinds[kind].lost += store::counter_increase(s.points);
  }
  for (const store::SeriesPoints& s : rtt) {
    const std::string kind(s.series.label("kind"));
    for (const store::Point& p : s.points) {
      if (!std::isnan(p.value)) rtts[kind].push_back(p.value);
    }
  }
  std::vector<KindProbes> out;
  for (auto& [kind, k] : kinds) {
    k.loss = k.sent > 0 ? k.lost / k.sent : 0;
    std::vector<double>& values = rtts[kind];
    std::sort(values.begin(), values.end());
    k.rtt_p50_s = store::percentile(values, 0.5);
    k.rtt_p99_s = store::percentile(values, 0.99);
    out.push_back(k);
  }
  return out;
}

std::vector<PairFlow> pair_flows(const ProbePaths& paths, const std::string& a, const std::string& b,
                                 const std::vector<RankedCulprit>& culprits) {
  std::vector<PairFlow> out;
  for (const FlowPath& flow : flow_paths(paths, a, b)) {
    PairFlow pair_flow{flow.share, {}};
    for (std::size_t hop : flow.hops) {
      const NetworkComponent& c = paths.components[hop];
      double suspect = 0;
      for (const RankedCulprit& culprit : culprits) {
        if (culprit.kind == c.kind && culprit.name == c.name) suspect = std::max(suspect, culprit.confidence);
      }
      pair_flow.hops.push_back({c.kind, c.name, suspect});
    }
    out.push_back(std::move(pair_flow));
  }
  return out;
}

std::string path_text(const PairFlow& flow) {
  std::string out;
  for (const PathHop& hop : flow.hops) {
    if (!out.empty()) out += " > ";
    out += hop.kind == ComponentKind::host ? hop.name : to_string(hop.kind) + " " + hop.name;
    if (hop.suspect >= kSuspectFrom) out += fmt::format(" [suspect {:.2f}]", hop.suspect);
  }
  return out;
}

std::string pair_verdict(const PairDiagnosis& d) {
  // Judged per network and direction with every kind pooled (a kind alone sends too few probes in a short
  // window to count 3 lost), naming the kinds that lost.
  std::vector<std::string> lossy;
  const PathHop* suspect = nullptr;
  std::size_t probed = 0;
  for (const PairNetwork& network : d.networks) {
    for (const PairDirection& direction : network.directions) {
      double sent = 0, lost = 0;
      std::string kinds;
      for (const KindComparison& k : direction.kinds) {
        sent += k.now.sent;
        lost += k.now.lost;
        if (k.now.lost > 0) kinds += (kinds.empty() ? "" : ",") + k.now.kind;
      }
      if (sent > 0) ++probed;
      if (lost >= 3 && lost >= 0.01 * sent) {
        lossy.push_back(fmt::format("{} {}->{} {:.1f}% ({})", network.network, direction.src, direction.dst,
                                    100 * lost / sent, kinds));
      }
    }
    for (const PairFlow& flow : network.flows) {
      for (const PathHop& hop : flow.hops) {
        if (hop.suspect >= kSuspectFrom && (suspect == nullptr || hop.suspect > suspect->suspect)) suspect = &hop;
      }
    }
  }
  if (probed == 0) return fmt::format("no probes between {} and {} in the window: nothing to judge by", d.a, d.b);
  if (lossy.empty()) return fmt::format("no loss between {} and {}: {} networks and directions clean", d.a, d.b, probed);
  std::string list;
  for (std::size_t i = 0; i < lossy.size() && i < 4; ++i) list += (i ? ", " : "") + lossy[i];
  if (lossy.size() > 4) list += fmt::format(" and {} more", lossy.size() - 4);
  std::string text = fmt::format("loss on {} of {} networks and directions ({})", lossy.size(), probed, list);
  if (suspect != nullptr) {
    return text + fmt::format("; the suspect hop on its path: {} {} ({:.2f})", to_string(suspect->kind), suspect->name,
                              suspect->suspect);
  }
  return text + "; no hop on its path is suspect: the ranking has too little to name one (see netkeel diagnose)";
}

nlohmann::json pair_diagnosis_json(const PairDiagnosis& d) {
  nlohmann::json networks = nlohmann::json::array();
  for (const PairNetwork& network : d.networks) {
    nlohmann::json flows = nlohmann::json::array();
    for (const PairFlow& flow : network.flows) {
      nlohmann::json hops = nlohmann::json::array();
      for (const PathHop& hop : flow.hops) {
        hops.push_back({{"kind", to_string(hop.kind)}, {"name", hop.name}, {"suspect", std::round(hop.suspect * 100) / 100}});
      }
      flows.push_back({{"share", flow.share}, {"hops", hops}, {"text", path_text(flow)}});
    }
    nlohmann::json directions = nlohmann::json::array();
    for (const PairDirection& direction : network.directions) {
      nlohmann::json kinds = nlohmann::json::array();
      for (const KindComparison& k : direction.kinds) {
        kinds.push_back({{"kind", k.now.kind}, {"now", kind_json(k.now)}, {"baseline", kind_json(k.baseline)}});
      }
      directions.push_back({{"src", direction.src}, {"dst", direction.dst}, {"kinds", kinds}});
    }
    networks.push_back({{"network", network.network}, {"flows", flows}, {"directions", directions}});
  }
  return {{"a", d.a},
          {"b", d.b},
          {"window_s", d.window_s},
          {"baseline_s", d.baseline_s},
          {"verdict", d.verdict},
          {"source_ports", d.source_ports},
          {"networks", networks}};
}

std::string pair_diagnosis_table(const nlohmann::json& j) {
  std::string out = fmt::format("{} <-> {} over the last {:g} s (baseline: the {:g} s before)\n",
                                j.at("a").get<std::string>(), j.at("b").get<std::string>(),
                                j.at("window_s").get<double>(), j.at("baseline_s").get<double>());
  out += "verdict: " + j.at("verdict").get<std::string>() + "\n";
  if (j.at("networks").empty()) out += "\nthe two hosts share no network in the site file\n";
  for (const nlohmann::json& network : j.at("networks")) {
    out += "\n" + network.at("network").get<std::string>() + ":\n";
    for (const nlohmann::json& flow : network.at("flows")) {
      out += fmt::format("  path ({:.0f}% of flows): {}\n", flow.at("share").get<double>() * 100,
                         flow.at("text").get<std::string>());
    }
    out += fmt::format("  {:<16} {:<5} {:<20} {:>8} {:>8}  {:<20} {:>8} {:>8}\n", "DIRECTION", "KIND", "LOSS NOW",
                       "P50 ms", "P99 ms", "LOSS BASELINE", "P50 ms", "P99 ms");
    for (const nlohmann::json& direction : network.at("directions")) {
      const std::string way = direction.at("src").get<std::string>() + "->" + direction.at("dst").get<std::string>();
      if (direction.at("kinds").empty()) out += fmt::format("  {:<16} no probes\n", way);
      for (const nlohmann::json& k : direction.at("kinds")) {
        const nlohmann::json& now = k.at("now");
        const nlohmann::json& before = k.at("baseline");
        out += fmt::format("  {:<16} {:<5} {:<20} {:>8} {:>8}  {:<20} {:>8} {:>8}\n", way,
                           k.at("kind").get<std::string>(), loss_text(now), ms(number_from(now.at("rtt_p50_s"))),
                           ms(number_from(now.at("rtt_p99_s"))), loss_text(before),
                           ms(number_from(before.at("rtt_p50_s"))), ms(number_from(before.at("rtt_p99_s"))));
      }
    }
  }
  out += "\nper source port: " + j.at("source_ports").get<std::string>() + "\n";
  return out;
}

}  // namespace netkeel::analyze
