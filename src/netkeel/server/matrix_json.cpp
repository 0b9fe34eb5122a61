#include "netkeel/server/matrix_json.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace netkeel::server {
namespace {

nlohmann::json milliseconds_or_null(double seconds) {
  if (!std::isfinite(seconds)) return nullptr;
  return seconds * 1000.0;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& place) {
  if (!object.is_object()) throw std::invalid_argument(place + ": expected an object");
  const auto it = object.find(key);
  if (it == object.end()) throw std::invalid_argument(place + ": missing key '" + key + "'");
  return *it;
}

double number(const nlohmann::json& object, const char* key, const std::string& place) {
  const auto& value = member(object, key, place);
  if (!value.is_number()) throw std::invalid_argument(place + "." + key + ": expected a number");
  return value.get<double>();
}

double seconds_from_ms(const nlohmann::json& object, const char* key, const std::string& place) {
  const auto& value = member(object, key, place);
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value.is_number()) throw std::invalid_argument(place + "." + key + ": expected a number or null");
  return value.get<double>() / 1000.0;
}

std::string text(const nlohmann::json& object, const char* key, const std::string& place) {
  const auto& value = member(object, key, place);
  if (!value.is_string()) throw std::invalid_argument(place + "." + key + ": expected a string");
  return value.get<std::string>();
}

}  // namespace

nlohmann::json matrix_json(const MatrixReport& report) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const store::ProbePair& pair : report.matrix.pairs) {
    pairs.push_back({{"src", pair.src},
                     {"dst", pair.dst},
                     {"sent", pair.sent},
                     {"lost", pair.lost},
                     {"loss", pair.loss},
                     {"rtt_p50_ms", milliseconds_or_null(pair.rtt_p50_seconds)},
                     {"rtt_p99_ms", milliseconds_or_null(pair.rtt_p99_seconds)}});
  }
  return {{"network", report.matrix.network}, {"window_s", report.window_s}, {"pairs", std::move(pairs)}};
}

MatrixReport matrix_from_json(const nlohmann::json& json) {
  MatrixReport report;
  report.matrix.network = text(json, "network", "matrix");
  report.window_s = number(json, "window_s", "matrix");
  const auto& pairs = member(json, "pairs", "matrix");
  if (!pairs.is_array()) throw std::invalid_argument("matrix.pairs: expected an array");
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const std::string place = "matrix.pairs[" + std::to_string(i) + "]";
    const auto& p = pairs[i];
    report.matrix.pairs.push_back({text(p, "src", place), text(p, "dst", place), number(p, "sent", place),
                                   number(p, "lost", place), number(p, "loss", place),
                                   seconds_from_ms(p, "rtt_p50_ms", place), seconds_from_ms(p, "rtt_p99_ms", place)});
  }
  return report;
}

}  // namespace netkeel::server
