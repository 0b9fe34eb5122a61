#include "netkeel/server/diagnose_pair_handler.hpp"

#include <algorithm>

#include "netkeel/analyze/pair_diagnosis.hpp"
#include "netkeel/server/bad_request.hpp"
#include "netkeel/server/diagnose_handler.hpp"
#include "netkeel/server/counter_pace.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/server/site_hosts.hpp"
#include "netkeel/server/window_diagnosis.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::server {
namespace {

std::vector<analyze::KindProbes> kind_probes(store::Store& store, const std::string& network, const std::string& src,
                                             const std::string& dst, store::TimestampMs start_ms,
                                             store::TimestampMs end_ms, const store::QueryDeadline& deadline) {
  auto read = [&](const char* metric) {
    store::RangeQuery query;
    query.selector = {metric,
                      {store::LabelMatcher("src", store::MatchOp::equal, src),
                       store::LabelMatcher("dst", store::MatchOp::equal, dst),
                       store::LabelMatcher("network", store::MatchOp::equal, network)}};
    query.start_ms = start_ms;
    query.end_ms = end_ms;
    query.deadline = deadline;
    return store.query_range(query);
  };
  return analyze::probes_by_kind(read(store::probe_sent_metric), read(store::probe_lost_metric),
                                 read(store::probe_rtt_metric));
}

analyze::PairDirection direction(store::Store& store, const std::string& network, const std::string& src,
                                 const std::string& dst, store::TimestampMs start_ms, store::TimestampMs end_ms,
                                 const store::QueryDeadline& deadline) {
  analyze::PairDirection out{src, dst, {}};
  const auto now = kind_probes(store, network, src, dst, start_ms, end_ms, deadline);
  const auto before = kind_probes(store, network, src, dst, start_ms - kDiagnoseBaselineMs, start_ms - 1, deadline);
  for (const analyze::KindProbes& k : now) out.kinds.push_back({k, analyze::KindProbes{k.kind}});
  for (const analyze::KindProbes& k : before) {
    auto it = std::find_if(out.kinds.begin(), out.kinds.end(), [&](const auto& c) { return c.now.kind == k.kind; });
    if (it == out.kinds.end()) {
      out.kinds.push_back({analyze::KindProbes{k.kind}, k});
    } else {
      it->baseline = k;
    }
  }
  std::sort(out.kinds.begin(), out.kinds.end(), [](const auto& x, const auto& y) { return x.now.kind < y.now.kind; });
  return out;
}

}  // namespace

ApiResponse handle_diagnose_pair(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                                 const analyze::SiteProbePaths* paths) {
  if (paths == nullptr) return no_site_response();
  return guarded_query(context, [&]() -> ApiResponse {
    reject_unknown_parameters(parameters, {"a", "b", "since"});
    const std::string a = required_parameter(parameters, "a", "node1");
    const std::string b = required_parameter(parameters, "b", "node2");
    const std::int64_t window_ms = duration_parameter(parameters, "since", kDefaultDiagnoseWindowMs,
                                                      kMinDiagnoseWindowMs, kMaxDiagnoseWindowMs);
    if (a == b) throw BadRequest("parameters a=" + a + " and b=" + b + ": name two different hosts");
    if (auto unknown = unknown_host_response(*paths, "a", a)) return *unknown;
    if (auto unknown = unknown_host_response(*paths, "b", b)) return *unknown;
    const store::TimestampMs end_ms = query_now(context.now_ms);
    const store::TimestampMs start_ms = end_ms - window_ms;

    analyze::PairDiagnosis d;
    d.a = a;
    d.b = b;
    d.window_s = static_cast<double>(window_ms) / 1000.0;
    d.baseline_s = static_cast<double>(kDiagnoseBaselineMs) / 1000.0;
    d.source_ports = analyze::kNoSourcePorts;
    WindowDiagnosis window = window_evidence(store, start_ms, end_ms, context.deadline);
    for (const auto& [network, network_paths] : *paths) {
      if (!network_paths.crossings(a, b)) continue;
      // Each network's own ranking marks its hops: a component named on another network says nothing here.
      rank_window(window, store, *paths, network, start_ms, end_ms, context.deadline);
      d.networks.push_back({network, analyze::pair_flows(network_paths, a, b, window.culprits),
                            {direction(store, network, a, b, start_ms, end_ms, context.deadline),
                             direction(store, network, b, a, start_ms, end_ms, context.deadline)}});
    }
    d.verdict = analyze::pair_verdict(d);
    return json_response(200, analyze::pair_diagnosis_json(d));
  });
}

}  // namespace netkeel::server
