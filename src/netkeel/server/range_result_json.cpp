#include "netkeel/server/range_result_json.hpp"

#include <stdexcept>

#include "netkeel/server/aggregation_name.hpp"
#include "netkeel/server/sample_value_json.hpp"

namespace netkeel::server {
namespace {

const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& place) {
  if (!object.is_object()) throw std::invalid_argument(place + ": expected an object");
  const auto it = object.find(key);
  if (it == object.end()) throw std::invalid_argument(place + ": missing key '" + key + "'");
  return *it;
}

std::int64_t integer(const nlohmann::json& object, const char* key, const std::string& place) {
  const auto& value = member(object, key, place);
  if (!value.is_number_integer()) throw std::invalid_argument(place + "." + key + ": expected an integer");
  return value.get<std::int64_t>();
}

}  // namespace

nlohmann::json range_result_json(const RangeResult& result) {
  nlohmann::json series = nlohmann::json::array();
  for (const store::SeriesPoints& s : result.series) {
    nlohmann::json labels = nlohmann::json::object();
    for (const store::Label& label : s.series.labels) labels[label.name] = label.value;
    nlohmann::json points = nlohmann::json::array();
    for (const store::Point& p : s.points) points.push_back({p.timestamp_ms, sample_value_json(p.value)});
    series.push_back({{"labels", std::move(labels)}, {"points", std::move(points)}});
  }
  return {{"metric", result.query.selector.metric},
          {"start_ms", result.query.start_ms},
          {"end_ms", result.query.end_ms},
          {"step_ms", result.query.step_ms},
          {"aggregation", aggregation_name(result.query.aggregation)},
          {"series", std::move(series)}};
}

RangeResult range_result_from_json(const nlohmann::json& json) {
  RangeResult result;
  const auto& metric = member(json, "metric", "result");
  if (!metric.is_string()) throw std::invalid_argument("result.metric: expected a string");
  result.query.selector.metric = metric.get<std::string>();
  result.query.start_ms = integer(json, "start_ms", "result");
  result.query.end_ms = integer(json, "end_ms", "result");
  result.query.step_ms = integer(json, "step_ms", "result");
  const auto& aggregation = member(json, "aggregation", "result");
  const auto parsed = aggregation.is_string() ? parse_aggregation(aggregation.get<std::string>()) : std::nullopt;
  if (!parsed) throw std::invalid_argument("result.aggregation: expected avg, min, max, sum or last");
  result.query.aggregation = *parsed;
  const auto& series = member(json, "series", "result");
  if (!series.is_array()) throw std::invalid_argument("result.series: expected an array");
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string place = "result.series[" + std::to_string(i) + "]";
    store::SeriesPoints s;
    s.series.metric = result.query.selector.metric;
    const auto& labels = member(series[i], "labels", place);
    if (!labels.is_object()) throw std::invalid_argument(place + ".labels: expected an object");
    for (const auto& item : labels.items()) {
      if (!item.value().is_string()) throw std::invalid_argument(place + ".labels." + item.key() + ": expected a string");
      s.series.labels.push_back({item.key(), item.value().get<std::string>()});  // JSON objects keep keys sorted
    }
    const auto& points = member(series[i], "points", place);
    if (!points.is_array()) throw std::invalid_argument(place + ".points: expected an array");
    for (std::size_t k = 0; k < points.size(); ++k) {
      const auto& p = points[k];
      const std::string point_place = place + ".points[" + std::to_string(k) + "]";
      if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer()) {
        throw std::invalid_argument(point_place + ": expected [t_ms, value]");
      }
      try {
        s.points.push_back({p[0].get<std::int64_t>(), sample_value_from_json(p[1])});
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(point_place + "[1]: " + e.what());
      }
    }
    result.series.push_back(std::move(s));
  }
  return result;
}

}  // namespace netkeel::server
