#include "netkeel/analyze/culprit_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

#include "netkeel/analyze/nic_counter_evidence.hpp"

namespace netkeel::analyze {
namespace {

enum class PairClass { lossy, clean, unclear };

struct ObservedPair {
  const store::ProbePair* probe = nullptr;
  const std::vector<Crossing>* crossings = nullptr;
  PairClass kind = PairClass::unclear;
};

// Components crossed by exactly the same pairs: no probe can tell them apart.
struct Group {
  std::vector<std::size_t> members;  // component indices, in ProbePaths order
  std::map<std::size_t, double> shares;  // observed pair -> share of its flows crossing the group
};

struct GroupScore {
  std::size_t explains = 0;      // lossy pairs (of those asked about) crossing it
  std::size_t contradicts = 0;   // clean pairs that would have shown its loss
  std::size_t clean_crossing = 0;
  double lost = 0;               // probes lost on the explained pairs
  double typical_loss = 0;       // median loss of the explained pairs
  double score() const { return static_cast<double>(explains) - 2.0 * static_cast<double>(contradicts); }
};

PairClass classify(const store::ProbePair& pair, const RankingOptions& options) {
  if (pair.sent < options.min_sent && pair.lost < options.min_lost) return PairClass::unclear;
  if (pair.lost >= options.min_lost && pair.loss >= options.lossy_ratio) return PairClass::lossy;
  if (pair.sent >= options.min_sent && pair.loss <= options.clean_ratio) return PairClass::clean;
  return PairClass::unclear;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

GroupScore score_group(const Group& group, const std::vector<ObservedPair>& pairs, const std::set<std::size_t>& lossy) {
  GroupScore out;
  std::vector<double> rates;  // the loss a fault here would cause on a flow through it
  std::vector<double> losses;
  for (const auto& [pair, share] : group.shares) {
    if (!lossy.count(pair)) continue;
    ++out.explains;
    out.lost += pairs[pair].probe->lost;
    losses.push_back(pairs[pair].probe->loss);
    rates.push_back(std::min(1.0, pairs[pair].probe->loss / share));
  }
  out.typical_loss = median(losses);
  const double rate = median(rates);
  for (const auto& [pair, share] : group.shares) {
    if (pairs[pair].kind != PairClass::clean) continue;
    ++out.clean_crossing;
    // A clean pair contradicts when, with this loss on its flows through the group, it would have lost
    // several probes (5 expected: seeing none by chance is under 1%) and lost far fewer.
    const double expected = pairs[pair].probe->sent * share * rate;
    if (expected >= 5 && pairs[pair].probe->lost <= 0.2 * expected) ++out.contradicts;
  }
  return out;
}

// How likely each kind is the one that failed, among components the probes cannot tell apart.
double prior(ComponentKind kind, bool total_loss) {
  switch (kind) {
    case ComponentKind::nic:
    case ComponentKind::bond_member: return 0.35;
    case ComponentKind::cable: return 0.3;
    case ComponentKind::switch_port: return 0.2;
    case ComponentKind::host: return total_loss ? 0.6 : 0.15;  // everything lost: a dead host is likeliest
    case ComponentKind::switch_: return 0.5;
    case ComponentKind::uplink: return 0.4;
    case ComponentKind::network: return 0.2;
  }
  return 0.1;
}

// How much a NIC's own counters move a group's confidence towards each of its members. Damaged frames
// (CRC, frame, length) and carrier trouble point at the wire: the cable first, then the switch port's
// transmitter or this NIC's receiver (without switch counters those stay together). The NIC's ring and
// hardware errors point at the NIC itself. Drops alone say little (a stack drops frames of protocols it
// does not run), and only lean towards the host's stack.
double evidence_factor(ComponentKind kind, const NicEvidence& e) {
  const bool wire = e.wire_errors > 0 || e.carrier_changes > 0 || e.went_down;
  const bool device = e.device_errors > 0;
  const bool other_errors = e.error_increase > e.wire_errors + e.device_errors;  // a driver without details
  switch (kind) {
    case ComponentKind::nic:
    case ComponentKind::bond_member: return device ? 4 : (wire || other_errors) ? 2.5 : 1;
    case ComponentKind::cable: return wire ? 4 : other_errors ? 2 : 1;
    case ComponentKind::switch_port: return wire ? 2.5 : other_errors ? 1.5 : 1;
    default: return 1;
  }
}

// What the counters cannot split, said where they point.
std::string counters_limit_text(const NicEvidence& e) {
  if (e.device_errors > 0) return "";
  if (e.wire_errors > 0) {
    return "damaged frames point at the cable, the switch port's transmitter or this NIC's receiver; without the "
           "switch's own counters netkeel cannot tell the cable from the port";
  }
  return "";
}

std::string pair_text(const store::ProbePair& pair) {
  return fmt::format("{}->{} lost {:.1f}% ({:.0f} of {:.0f})", pair.src, pair.dst, pair.loss * 100, pair.lost,
                     pair.sent);
}

std::string explanation(const GroupScore& score, std::size_t lossy_total, const std::string& network) {
  std::string text = fmt::format("explains {} of {} lossy pairs on {}", score.explains, lossy_total, network);
  if (score.clean_crossing == 0) return text + ", no clean pair crosses it";
  if (score.contradicts == 0) {
    return text + fmt::format(", {} clean {} it with too few probes through it to show its loss",
                              score.clean_crossing, score.clean_crossing == 1 ? "pair crosses" : "pairs cross");
  }
  return text + fmt::format(", but {} clean {} it that would have lost probes", score.contradicts,
                            score.contradicts == 1 ? "pair crosses" : "pairs cross");
}

// 0..1: grows with the lossy pairs and the lost probes behind the explanation.
double strength(const GroupScore& score) {
  return (1 - std::exp(-static_cast<double>(score.explains) / 2.0)) * (1 - std::exp(-score.lost / 10.0));
}

class Ranking {
 public:
  Ranking(const ProbePaths& paths, const store::ProbeMatrix& matrix, const LocalEvidence& evidence,
          const RankingOptions& options)
      : paths_(paths), evidence_(evidence), options_(options) {
    std::map<std::pair<std::string, std::string>, std::size_t> by_pair;
    for (const store::ProbePair& probe : matrix.pairs) {
      const std::vector<Crossing>* crossings = paths.crossings(probe.src, probe.dst);
      if (crossings == nullptr) continue;  // a host the site file does not cable on this network
      by_pair[{probe.src, probe.dst}] = pairs_.size();
      pairs_.push_back({&probe, crossings, classify(probe, options)});
    }
    set_aside_stale_sources(by_pair);
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
      if (pairs_[p].kind == PairClass::lossy) lossy_.insert(p);
    }
    build_groups();
  }

  std::vector<RankedCulprit> run() {
    std::vector<RankedCulprit> out;
    if (!lossy_.empty()) rank_by_probes(out);
    add_carrier_suspects(out);
    add_error_suspects(out);
    return out;
  }

 private:
  // A probe and its reply cross a pair's path both ways, so A->B clean while B->A is lossy over the same
  // window cannot both be current: A's results are older (its agent cannot reach the server since the
  // fault). Such a source's clean results say nothing.
  void set_aside_stale_sources(const std::map<std::pair<std::string, std::string>, std::size_t>& by_pair) {
    std::set<std::string> stale;
    for (const ObservedPair& pair : pairs_) {
      if (pair.kind != PairClass::clean) continue;
      auto reverse = by_pair.find({pair.probe->dst, pair.probe->src});
      if (reverse != by_pair.end() && pairs_[reverse->second].kind == PairClass::lossy) stale.insert(pair.probe->src);
    }
    for (ObservedPair& pair : pairs_) {
      if (pair.kind == PairClass::clean && stale.count(pair.probe->src)) pair.kind = PairClass::unclear;
    }
  }

  // Grouped by the informative pairs only: a pair that says nothing cannot separate two components.
  void build_groups() {
    std::map<std::size_t, std::map<std::size_t, double>> by_component;
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
      if (pairs_[p].kind == PairClass::unclear) continue;
      for (const Crossing& crossing : *pairs_[p].crossings) by_component[crossing.component][p] = crossing.share;
    }
    std::map<std::vector<std::size_t>, std::size_t> by_support;
    for (const auto& [component, shares] : by_component) {
      std::vector<std::size_t> support;
      for (const auto& [pair, share] : shares) support.push_back(pair);
      auto [it, added] = by_support.try_emplace(support, groups_.size());
      if (added) groups_.push_back({{}, shares});
      Group& group = groups_[it->second];
      group.members.push_back(component);
      // The group's share of a pair: the largest of its members' (a flow crosses the host whichever member).
      for (const auto& [pair, share] : shares) group.shares[pair] = std::max(group.shares[pair], share);
    }
  }

  void rank_by_probes(std::vector<RankedCulprit>& out) {
    std::set<std::size_t> remaining = lossy_;
    std::set<std::size_t> picked;
    double best_confidence = 0;
    for (std::size_t round = 0; round < options_.max_faults && !remaining.empty(); ++round) {
      std::size_t best = groups_.size();
      GroupScore best_score;
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        if (picked.count(g)) continue;
        GroupScore score = score_group(groups_[g], pairs_, remaining);
        if (score.explains == 0) continue;
        if (best == groups_.size() || better(score, groups_[g], best_score, groups_[best])) {
          best = g;
          best_score = score;
        }
      }
      if (best == groups_.size()) break;
      picked.insert(best);
      const double coverage = static_cast<double>(best_score.explains) / static_cast<double>(remaining.size());
      const double confidence = coverage * consistency(best_score) * strength(best_score);
      best_confidence = std::max(best_confidence, confidence);
      add_group(out, groups_[best], best_score, confidence, remaining);
      for (const auto& [pair, share] : groups_[best].shares) remaining.erase(pair);
      if (best_score.score() <= 0) break;  // the best left is contradicted: nothing better explains the rest
    }
    // Runners-up: what else explains the loss, as likely as the picks are wrong.
    std::vector<std::pair<double, std::size_t>> others;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (picked.count(g)) continue;
      GroupScore score = score_group(groups_[g], pairs_, lossy_);
      if (score.explains == 0) continue;
      const double coverage = static_cast<double>(score.explains) / static_cast<double>(lossy_.size());
      others.emplace_back(coverage * consistency(score) * strength(score) * (1 - best_confidence), g);
    }
    std::sort(others.begin(), others.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < others.size() && i < 3; ++i) {
      if (others[i].first < 0.01) break;
      add_group(out, groups_[others[i].second], score_group(groups_[others[i].second], pairs_, lossy_), others[i].first,
                lossy_);
    }
  }

  static double consistency(const GroupScore& score) {
    return static_cast<double>(score.explains) / static_cast<double>(score.explains + 4 * score.contradicts);
  }

  bool better(const GroupScore& a, const Group& group_a, const GroupScore& b, const Group& group_b) const {
    if (a.score() != b.score()) return a.score() > b.score();
    if (a.explains != b.explains) return a.explains > b.explains;
    return group_a.shares.size() < group_b.shares.size();  // the more specific explanation
  }

  void add_group(std::vector<RankedCulprit>& out, const Group& group, const GroupScore& score, double confidence,
                 const std::set<std::size_t>& asked) {
    const bool total_loss = score.typical_loss >= 0.95;
    std::vector<double> weights;
    double sum = 0;
    for (std::size_t member : group.members) {
      const NetworkComponent& c = paths_.components[member];
      double weight = prior(c.kind, total_loss);
      if (const NicEvidence* nic = c.nic.empty() ? nullptr : evidence_.find(c.host, c.nic);
          nic != nullptr && has_local_signal(*nic)) {
        weight *= evidence_factor(c.kind, *nic);  // the host's own counters point at this NIC's side
      } else if (c.kind == ComponentKind::host && host_drops(c.name)) {
        weight *= 1.5;  // its NICs drop packets with no error: the stack (buffers, CPU) is a little likelier
      }
      weights.push_back(weight);
      sum += weight;
    }
    std::vector<std::string> shared_evidence;
    std::size_t shown = 0;
    for (const auto& [pair, share] : group.shares) {
      if (!asked.count(pair) || shown == 3) continue;
      shared_evidence.push_back("lossy: " + pair_text(*pairs_[pair].probe));
      ++shown;
    }
    std::set<std::pair<std::string, std::string>> nics_told;
    for (std::size_t member : group.members) {
      const NetworkComponent& c = paths_.components[member];
      if (c.nic.empty() || !nics_told.insert({c.host, c.nic}).second) continue;
      const NicEvidence* nic = evidence_.find(c.host, c.nic);
      if (nic == nullptr || !(has_local_signal(*nic) || nic->drop_increase > 0)) continue;
      shared_evidence.push_back(describe_nic_evidence(c.host, c.nic, *nic));
      if (std::string limit = counters_limit_text(*nic); !limit.empty()) shared_evidence.push_back(limit);
    }
    const std::string text = explanation(score, lossy_.size(), paths_.network);
    for (std::size_t i = 0; i < group.members.size(); ++i) {
      const NetworkComponent& c = paths_.components[group.members[i]];
      RankedCulprit culprit{c.kind, c.name, confidence * weights[i] / sum, text, shared_evidence};
      if (group.members.size() > 1) culprit.evidence.push_back(alike_text(group, group.members[i]));
      out.push_back(std::move(culprit));
    }
  }

  std::string alike_text(const Group& group, std::size_t member) const {
    std::string names;
    bool nic_side = false;
    for (std::size_t other : group.members) {
      if (other == member) continue;
      const NetworkComponent& c = paths_.components[other];
      names += (names.empty() ? "" : ", ") + to_string(c.kind) + " " + c.name;
      nic_side = nic_side || !c.nic.empty();
    }
    std::string text = "probes cannot tell it apart from " + names + " (the same probes cross them)";
    if (nic_side && !group_has_counters(group)) {
      text += "; NIC error counters and carrier changes on these NICs would split them";
    }
    return text;
  }

  bool group_has_counters(const Group& group) const {
    for (std::size_t member : group.members) {
      const NetworkComponent& c = paths_.components[member];
      if (const NicEvidence* nic = c.nic.empty() ? nullptr : evidence_.find(c.host, c.nic);
          nic != nullptr && has_local_signal(*nic)) {
        return true;
      }
    }
    return false;
  }

  bool host_drops(const std::string& host) const {
    for (const auto& [key, nic] : evidence_.nics) {
      if (key.first == host && nic.drop_increase > 0 && !has_local_signal(nic)) return true;
    }
    return false;
  }

  // NIC errors with no lossy pair behind them: frames damaged or dropped by hardware that the probes did
  // not happen to hit. Named with a confidence that grows with the errors and never reaches a probe-backed
  // culprit's; each NIC at most once, on the kind its counters point at.
  void add_error_suspects(std::vector<RankedCulprit>& out) {
    for (const NetworkComponent& c : paths_.components) {
      if (c.kind != ComponentKind::nic && c.kind != ComponentKind::bond_member && c.kind != ComponentKind::cable) {
        continue;
      }
      const NicEvidence* nic = evidence_.find(c.host, c.nic);
      if (nic == nullptr || named_by_probes(out, c.host, c.nic)) continue;
      const double errors = std::max(nic->error_increase, nic->wire_errors + nic->device_errors);
      if (!(errors > 0)) continue;
      const bool points_at_wire = nic->wire_errors > nic->device_errors;
      if ((c.kind == ComponentKind::cable) != points_at_wire) continue;
      std::string explains = fmt::format("{}:{} counted {:.0f} errors in the window ({}), though no probe was lost "
                                         "through it",
                                         c.host, c.nic, errors, points_at_wire ? "damaged frames" : "the NIC's own");
      RankedCulprit culprit{c.kind, c.name, 0.3 * (1 - std::exp(-errors / 20.0)), explains,
                            {describe_nic_evidence(c.host, c.nic, *nic)}};
      if (std::string limit = counters_limit_text(*nic); !limit.empty()) culprit.evidence.push_back(limit);
      merge(out, std::move(culprit));
    }
  }

  // Carrier lost on NICs: on most NICs cabled to one switch it is that switch; on one NIC, its side.
  void add_carrier_suspects(std::vector<RankedCulprit>& out) {
    std::map<std::string, std::vector<const NetworkComponent*>> ports_by_switch;
    for (const NetworkComponent& c : paths_.components) {
      if (c.kind == ComponentKind::switch_port) ports_by_switch[c.switch_name].push_back(&c);
    }
    std::set<std::pair<std::string, std::string>> explained;
    for (const auto& [switch_name, ports] : ports_by_switch) {
      std::vector<std::string> down;
      for (const NetworkComponent* port : ports) {
        const NicEvidence* nic = evidence_.find(port->host, port->nic);
        if (nic != nullptr && (nic->went_down || nic->carrier_changes > 0)) down.push_back(port->host + ":" + port->nic);
      }
      if (down.size() < 2 || down.size() * 2 < ports.size()) continue;
      for (const NetworkComponent* port : ports) explained.insert({port->host, port->nic});
      const double share = static_cast<double>(down.size()) / static_cast<double>(ports.size());
      std::string names;
      for (const std::string& name : down) names += (names.empty() ? "" : ", ") + name;
      merge(out, {ComponentKind::switch_, switch_name,
                  share * (1 - std::exp(-static_cast<double>(down.size()) / 2.0)),
                  fmt::format("carrier lost on {} of {} NICs cabled to it", down.size(), ports.size()),
                  {"carrier lost: " + names}});
    }
    for (const NetworkComponent& c : paths_.components) {
      if (c.kind != ComponentKind::nic && c.kind != ComponentKind::bond_member && c.kind != ComponentKind::cable &&
          c.kind != ComponentKind::switch_port) {
        continue;
      }
      if (explained.count({c.host, c.nic})) continue;
      const NicEvidence* nic = evidence_.find(c.host, c.nic);
      if (nic == nullptr || !(nic->went_down || nic->carrier_changes > 0)) continue;
      const double changes = std::max(nic->carrier_changes, 1.0);
      const double side_share = c.kind == ComponentKind::switch_port ? 0.25 : c.kind == ComponentKind::cable ? 0.35 : 0.4;
      merge(out, {c.kind, c.name, 0.9 * (1 - std::exp(-changes / 2.0)) * side_share,
                  fmt::format("{}:{} lost carrier ({:.0f} changes in the window)", c.host, c.nic, changes),
                  {describe_nic_evidence(c.host, c.nic, *nic)}});
    }
  }

  // Whether the probes' ranking already lists this NIC's side (its counters weighed in there).
  bool named_by_probes(const std::vector<RankedCulprit>& out, const std::string& host, const std::string& nic) const {
    for (const RankedCulprit& culprit : out) {
      const std::size_t index = paths_.find(culprit.kind, culprit.name);
      if (index < paths_.components.size() && paths_.components[index].host == host &&
          paths_.components[index].nic == nic) {
        return true;
      }
    }
    return false;
  }

  static void merge(std::vector<RankedCulprit>& out, RankedCulprit culprit) {
    for (RankedCulprit& existing : out) {
      if (existing.kind != culprit.kind || existing.name != culprit.name) continue;
      existing.confidence = 1 - (1 - existing.confidence) * (1 - culprit.confidence);
      existing.evidence.push_back(culprit.explains);
      return;
    }
    culprit.evidence.insert(culprit.evidence.begin(), culprit.explains);
    out.push_back(std::move(culprit));
  }

  const ProbePaths& paths_;
  const LocalEvidence& evidence_;
  const RankingOptions& options_;
  std::vector<ObservedPair> pairs_;
  std::set<std::size_t> lossy_;
  std::vector<Group> groups_;
};

void sort_best_first(std::vector<RankedCulprit>& culprits) {
  std::stable_sort(culprits.begin(), culprits.end(),
                   [](const RankedCulprit& a, const RankedCulprit& b) { return a.confidence > b.confidence; });
}

}  // namespace

std::vector<RankedCulprit> rank_culprits(const ProbePaths& paths, const store::ProbeMatrix& matrix,
                                   const LocalEvidence& evidence, const RankingOptions& options) {
  std::vector<RankedCulprit> out = Ranking(paths, matrix, evidence, options).run();
  sort_best_first(out);
  if (out.size() > options.max_culprits) out.resize(options.max_culprits);
  return out;
}

std::vector<RankedCulprit> merge_rankings(const std::vector<std::vector<RankedCulprit>>& rankings, std::size_t max_culprits) {
  std::vector<RankedCulprit> out;
  for (const std::vector<RankedCulprit>& ranking : rankings) {
    for (const RankedCulprit& culprit : ranking) {
      auto it = std::find_if(out.begin(), out.end(), [&](const RankedCulprit& c) {
        return c.kind == culprit.kind && c.name == culprit.name;
      });
      if (it == out.end()) {
        out.push_back(culprit);
      } else if (culprit.confidence > it->confidence) {
        std::string other = it->explains;
        *it = culprit;
        it->evidence.push_back("also: " + other);
      } else if (culprit.explains != it->explains) {
        it->evidence.push_back("also: " + culprit.explains);
      }
    }
  }
  sort_best_first(out);
  if (out.size() > max_culprits) out.resize(max_culprits);
  return out;
}

}  // namespace netkeel::analyze
