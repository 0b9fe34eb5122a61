#include "netkeel/server/range_query_handler.hpp"

#include "netkeel/server/aggregation_name.hpp"
#include "netkeel/server/bad_request.hpp"
#include "netkeel/core/duration.hpp"
#include "netkeel/server/label_matcher_text.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/server/range_result_json.hpp"
#include "netkeel/store/series.hpp"

namespace netkeel::server {

ApiResponse handle_range_query(const QueryParameters& parameters, store::Store& store, const QueryContext& context) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"metric", "match", "start", "end", "since", "step", "agg"});
    RangeResult result;
    store::RangeQuery& query = result.query;
    query.selector.metric = required_parameter(parameters, "metric", "netkeel_probe_rtt_seconds");
    if (!store::is_valid_metric_name(query.selector.metric)) {
      throw BadRequest("parameter metric=" + query.selector.metric +
                       ": not a metric name: use letters, digits, '_' and ':' and do not start with a digit");
    }
    for (const std::string& text : repeated_parameter(parameters, "match")) {
      query.selector.matchers.push_back(parse_label_matcher(text));
    }
    const TimeRange range = time_range_parameters(parameters, context.now_ms, 5 * 60 * 1000);
    query.start_ms = range.start_ms;
    query.end_ms = range.end_ms;
    query.step_ms = duration_parameter(parameters, "step", 0, 0, 366LL * 86400 * 1000);
    // Both times lie in the query window (query_parameters.hpp), so end - start cannot overflow.
    if (query.step_ms > 0 && (query.end_ms - query.start_ms) / query.step_ms >= kMaxRangeSteps) {
      throw BadRequest("step=" + format_duration_ms(query.step_ms) + " over " +
                       format_duration_ms(query.end_ms - query.start_ms) + " makes more than " +
                       std::to_string(kMaxRangeSteps) + " points per series: use a larger step or a shorter range");
    }
    if (const auto agg = single_parameter(parameters, "agg")) {
      const auto parsed = parse_aggregation(*agg);
      if (!parsed) throw BadRequest("parameter agg=" + *agg + ": use avg, min, max, sum or last");
      query.aggregation = *parsed;
    }
    // The store refuses an answer over the cap (QueryTooLarge, a 400) before it reads the points.
    query.max_points = kMaxRangePoints;
    query.deadline = context.deadline;
    result.series = store.query_range(query);
    return json_response(200, range_result_json(result));
  });
}

}  // namespace netkeel::server
