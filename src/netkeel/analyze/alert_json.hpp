#pragma once
// An Alert as JSON, the one form GET /api/v1/alerts answers, `netkeel alerts --format json` prints and the
// store keeps (events of kind `alert`): {"name","state","severity","network","since","ended","summary",
// "description","culprit":{"kind","name"},"labels":{...}}, times in RFC 3339 UTC with milliseconds
// ("ended" null while firing).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/alert.hpp"

namespace netkeel::analyze {

nlohmann::json alert_to_json(const Alert& alert);
nlohmann::json alerts_to_json(const std::vector<Alert>& alerts);  // {"alerts":[...]}

// Throws std::invalid_argument naming the field ("alerts[2].since: ...") and what it expects.
Alert alert_from_json(const nlohmann::json& json, const std::string& where = "alert");
std::vector<Alert> alerts_from_json(const nlohmann::json& json);  // {"alerts":[...]}

// 2026-12-07T11:41:00.123Z
std::string rfc3339_ms(std::int64_t unix_ms);
// The same form back (also without milliseconds, with "Z" only); nothing if it is not one.
std::optional<std::int64_t> parse_rfc3339_ms(const std::string& text);

}  // namespace netkeel::analyze
