#include "netkeel/server/diagnose_vm_handler.hpp"

#include <algorithm>
#include <set>

#include "netkeel/analyze/vm_diagnosis.hpp"
#include "netkeel/server/counter_pace.hpp"
#include "netkeel/server/diagnose_handler.hpp"
#include "netkeel/server/diagnose_host_handler.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/site/did_you_mean.hpp"

namespace netkeel::server {
namespace {

constexpr const char* kVmCounters[] = {"receive_packets", "receive_errors", "receive_drops",
                                       "transmit_packets", "transmit_errors", "transmit_drops"};

store::SeriesSelector vm_selector(const char* counter, const std::string& host, const std::string& domain,
                                  const std::string& interface) {
  return {std::string("netkeel_vm_interface_") + counter + "_total",
          {store::LabelMatcher("host", store::MatchOp::equal, host),
           store::LabelMatcher("domain", store::MatchOp::equal, domain),
           store::LabelMatcher("interface", store::MatchOp::equal, interface)}};
}

}  // namespace

ApiResponse handle_diagnose_vm(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                               const analyze::SiteProbePaths* paths) {
  if (paths == nullptr) return no_site_response();
  return guarded_query(context, [&]() -> ApiResponse {
    reject_unknown_parameters(parameters, {"domain", "since"});
    const std::string domain = required_parameter(parameters, "domain", "instance-0000002a");
    const std::int64_t window_ms = duration_parameter(parameters, "since", kDefaultDiagnoseWindowMs,
                                                      kMinDiagnoseWindowMs, kMaxDiagnoseWindowMs);
    // The VM's interfaces as its host's agent last reported them (a migrated VM: the newest host's).
    std::set<std::string> domains;
    std::vector<store::LatestValue> interfaces;
    for (store::LatestValue& info : store.latest({"netkeel_vm_interface_info", {}})) {
      domains.insert(std::string(info.series.label("domain")));
      if (info.series.label("domain") == domain) interfaces.push_back(std::move(info));
    }
    if (interfaces.empty()) {
      const std::vector<std::string> known(domains.begin(), domains.end());
      std::string message = "parameter domain=" + domain + ": no agent reported a VM of that name";
      if (known.empty()) {
        return error_response(404, message + " (no agent reports VMs: they do where libvirt answers at --libvirt-uri)");
      }
      if (const auto close = site::did_you_mean(domain, known)) message += "; did you mean '" + *close + "'?";
      return error_response(404, message + " (the VMs reported: " + site::join_names(known) + ")");
    }
    const auto newest = std::max_element(interfaces.begin(), interfaces.end(), [](const auto& a, const auto& b) {
      return a.point.timestamp_ms < b.point.timestamp_ms;
    });
    const std::string host(newest->series.label("host"));
    const store::TimestampMs end_ms = query_now(context.now_ms);
    const store::TimestampMs start_ms = end_ms - window_ms;

    analyze::VmDiagnosis d;
    d.domain = domain;
    d.uuid = std::string(newest->series.label("uuid"));
    d.window_s = static_cast<double>(window_ms) / 1000.0;
    d.baseline_s = static_cast<double>(kDiagnoseBaselineMs) / 1000.0;
    for (const store::LatestValue& info : interfaces) {
      if (info.series.label("host") != host) continue;
      analyze::VmInterface vm_interface{std::string(info.series.label("interface")),
                                        std::string(info.series.label("mac")), {}};
      for (const char* counter : kVmCounters) {
        vm_interface.counters.push_back(counter_pace(store, counter, vm_selector(counter, host, domain, vm_interface.name),
                                                     start_ms, end_ms, context.deadline));
      }
      d.interfaces.push_back(std::move(vm_interface));
    }
    std::sort(d.interfaces.begin(), d.interfaces.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    d.host = host_diagnosis(store, *paths, host, start_ms, end_ms, context.deadline);
    d.verdict = analyze::vm_verdict(d);
    return json_response(200, analyze::vm_diagnosis_json(d));
  });
}

}  // namespace netkeel::server
