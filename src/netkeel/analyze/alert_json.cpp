#include "netkeel/analyze/alert_json.hpp"

#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace netkeel::analyze {
namespace {

std::string text_field(const nlohmann::json& json, const std::string& where, const char* name) {
  const auto it = json.find(name);
  if (it == json.end() || !it->is_string()) {
    throw std::invalid_argument(where + "." + name + ": expected a string");
  }
  return it->get<std::string>();
}

std::int64_t time_field(const nlohmann::json& json, const std::string& where, const char* name) {
  const std::string text = text_field(json, where, name);
  const auto ms = parse_rfc3339_ms(text);
  if (!ms) throw std::invalid_argument(where + "." + name + ": '" + text + "' is not an RFC 3339 UTC time such as 2026-12-07T11:41:00.123Z");
  return *ms;
}

}  // namespace

std::string rfc3339_ms(std::int64_t unix_ms) {
  const std::int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  const int millis = static_cast<int>(unix_ms - seconds * 1000);
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return text;
}

std::optional<std::int64_t> parse_rfc3339_ms(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) != 6 ||
      consumed != 19) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t at = 19;
  int millis = 0;
  if (at < text.size() && text[at] == '.') {
    std::size_t digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 3) millis = millis * 10 + (text[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t d = digits; d < 3; ++d) millis *= 10;
  }
  if (at + 1 != text.size() || text[at] != 'Z') return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t seconds = timegm(&tm);
  return static_cast<std::int64_t>(seconds) * 1000 + millis;
}

// {"kind", "name"}, and "confidence" and "explains" when localization named it.
static nlohmann::json culprit_json(const Culprit& culprit) {
  nlohmann::json out = {{"kind", culprit.kind}, {"name", culprit.name}};
  if (culprit.confidence) {
    out["confidence"] = *culprit.confidence;
    out["explains"] = culprit.explains;
  }
  return out;
}

nlohmann::json alert_to_json(const Alert& alert) {
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [name, value] : alert.labels) labels[name] = value;
  return {{"name", alert.name},
          {"state", to_string(alert.state)},
          {"severity", to_string(alert.severity)},
          {"network", alert.network},
          {"since", rfc3339_ms(alert.since_unix_ms)},
          {"ended", alert.ended_unix_ms ? nlohmann::json(rfc3339_ms(*alert.ended_unix_ms)) : nlohmann::json(nullptr)},
          {"summary", alert.summary},
          {"description", alert.description},
          {"culprit", culprit_json(alert.culprit)},
          {"labels", std::move(labels)}};
}

nlohmann::json alerts_to_json(const std::vector<Alert>& alerts) {
  nlohmann::json list = nlohmann::json::array();
  for (const Alert& alert : alerts) list.push_back(alert_to_json(alert));
  return {{"alerts", std::move(list)}};
}

Alert alert_from_json(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object()) throw std::invalid_argument(where + ": expected an object");
  Alert alert;
  alert.name = text_field(json, where, "name");
  const std::string state = text_field(json, where, "state");
  if (state != "firing" && state != "resolved") throw std::invalid_argument(where + ".state: expected firing or resolved, got '" + state + "'");
  alert.state = state == "firing" ? AlertState::firing : AlertState::resolved;
  const std::string severity = text_field(json, where, "severity");
  if (severity != "warning" && severity != "critical") {
    throw std::invalid_argument(where + ".severity: expected warning or critical, got '" + severity + "'");
  }
  alert.severity = severity == "critical" ? Severity::critical : Severity::warning;
  alert.network = text_field(json, where, "network");
  alert.since_unix_ms = time_field(json, where, "since");
  const auto ended = json.find("ended");
  if (ended != json.end() && !ended->is_null()) alert.ended_unix_ms = time_field(json, where, "ended");
  if (alert.state == AlertState::resolved && !alert.ended_unix_ms) {
    throw std::invalid_argument(where + ".ended: a resolved alert needs its end time");
  }
  alert.summary = text_field(json, where, "summary");
  alert.description = text_field(json, where, "description");
  const auto culprit = json.find("culprit");
  if (culprit == json.end() || !culprit->is_object()) throw std::invalid_argument(where + ".culprit: expected {\"kind\",\"name\"}");
  alert.culprit.kind = text_field(*culprit, where + ".culprit", "kind");
  alert.culprit.name = text_field(*culprit, where + ".culprit", "name");
  if (const auto confidence = culprit->find("confidence"); confidence != culprit->end()) {
    if (!confidence->is_number() || *confidence < 0 || *confidence > 1) {
      throw std::invalid_argument(where + ".culprit.confidence: expected a number from 0 to 1");
    }
    alert.culprit.confidence = confidence->get<double>();
    alert.culprit.explains = text_field(*culprit, where + ".culprit", "explains");
  }
  const auto labels = json.find("labels");
  if (labels == json.end() || !labels->is_object()) throw std::invalid_argument(where + ".labels: expected an object");
  for (const auto& [name, value] : labels->items()) {
    if (!value.is_string()) throw std::invalid_argument(where + ".labels." + name + ": expected a string");
    alert.labels[name] = value.get<std::string>();
  }
  return alert;
}

std::vector<Alert> alerts_from_json(const nlohmann::json& json) {
  const auto list = json.is_object() ? json.find("alerts") : json.end();
  if (list == json.end() || !list->is_array()) throw std::invalid_argument("expected {\"alerts\":[...]}");
  std::vector<Alert> alerts;
  for (std::size_t i = 0; i < list->size(); ++i) alerts.push_back(alert_from_json((*list)[i], "alerts[" + std::to_string(i) + "]"));
  return alerts;
}

}  // namespace netkeel::analyze
