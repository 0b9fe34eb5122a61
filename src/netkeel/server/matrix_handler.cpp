#include "netkeel/server/matrix_handler.hpp"

#include "netkeel/server/bad_request.hpp"
#include "netkeel/server/matrix_json.hpp"
#include "netkeel/server/query_guard.hpp"

namespace netkeel::server {

ApiResponse handle_matrix(const QueryParameters& parameters, store::Store& store, const QueryContext& context) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"network", "window", "end"});
    store::ProbeMatrixQuery query;
    query.network = required_parameter(parameters, "network", "mgmt");
    const std::int64_t window_ms =
        duration_parameter(parameters, "window", kDefaultMatrixWindowMs, 1000, kMaxMatrixWindowMs);
    query.end_ms = query_now(context.now_ms);
    if (const auto end = single_parameter(parameters, "end")) {
      query.end_ms = time_range_parameters({{"start", *end}, {"end", *end}}, context.now_ms, 0).end_ms;
    }
    query.start_ms = query.end_ms - window_ms;  // end is in the query window, the window at most a day
    query.deadline = context.deadline;
    MatrixReport report{store.probe_matrix(query), static_cast<double>(window_ms) / 1000.0};
    report.matrix.network = query.network;
    return json_response(200, matrix_json(report));
  });
}

}  // namespace netkeel::server
