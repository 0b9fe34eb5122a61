#include "netkeel/ha/keeper_report.hpp"

#include <nlohmann/json.hpp>

namespace netkeel::ha {

std::string keeper_report_prefix(const std::string& site) { return "/netkeel/" + site + "/keepers/"; }

std::string keeper_report_key(const std::string& site, const std::string& service, const std::string& host) {
  return keeper_report_prefix(site) + service + "/" + host;
}

std::string to_json(const KeeperReport& report) {
  return nlohmann::json{{"service", report.service},
                        {"host", report.host},
                        {"state", report.state},
                        {"since_unix_ms", report.since_unix_ms},
                        {"healthy", report.healthy},
                        {"health_detail", report.health_detail},
                        {"vip_held", report.vip_held},
                        {"failed_check", report.failed_check}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<KeeperReport> parse_keeper_report(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  KeeperReport report;
  try {
    report.service = value.at("service").get<std::string>();
    report.host = value.at("host").get<std::string>();
    report.state = value.at("state").get<std::string>();
    report.since_unix_ms = value.at("since_unix_ms").get<std::int64_t>();
    report.healthy = value.at("healthy").get<bool>();
    report.health_detail = value.at("health_detail").get<std::string>();
    report.vip_held = value.at("vip_held").get<bool>();
    report.failed_check = value.value("failed_check", std::string());  // absent from older keepers' reports
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return report;
}

}  // namespace netkeel::ha
