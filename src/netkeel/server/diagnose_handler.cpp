#include "netkeel/server/diagnose_handler.hpp"

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/server/bad_request.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/server/window_diagnosis.hpp"
#include "netkeel/site/did_you_mean.hpp"

namespace netkeel::server {
namespace {

std::vector<std::string> network_names(const analyze::SiteProbePaths& paths) {
  std::vector<std::string> names;
  for (const auto& [name, network_paths] : paths) names.push_back(name);
  return names;
}

}  // namespace

ApiResponse no_site_response() {
  return error_response(404, "the server runs without --site, so it knows no cabling to diagnose: start it with "
                             "--site FILE");
}

ApiResponse handle_diagnose(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                            const analyze::SiteProbePaths* paths) {
  if (paths == nullptr) return no_site_response();
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"network", "since"});
    const std::optional<std::string> network = single_parameter(parameters, "network");
    if (network && !paths->count(*network)) {
      const std::vector<std::string> known = network_names(*paths);
      std::string message = "parameter network=" + *network + ": the site file has no network of that name";
      if (const auto close = site::did_you_mean(*network, known)) message += "; did you mean '" + *close + "'?";
      throw BadRequest(message + " (its networks: " + site::join_names(known) + ")");
    }
    const std::int64_t window_ms = duration_parameter(parameters, "since", kDefaultDiagnoseWindowMs,
                                                      kMinDiagnoseWindowMs, kMaxDiagnoseWindowMs);
    const store::TimestampMs end_ms = query_now(context.now_ms);
    const WindowDiagnosis window = diagnose_window(store, *paths, network, end_ms - window_ms, end_ms, context.deadline);
    analyze::Diagnosis diagnosis{static_cast<double>(window_ms) / 1000.0, window.culprits};
    return json_response(200, analyze::diagnosis_json(diagnosis));
  });
}

}  // namespace netkeel::server
