#include "netkeel/ha/keep_admin.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace netkeel::ha {

namespace {

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string admin_prefix(const std::string& site) { return "/netkeel/" + site + "/admin/"; }
std::string drain_key(const std::string& site, const std::string& host) { return admin_prefix(site) + "drains/" + host; }
std::string move_key(const std::string& site, const std::string& service) {
  return admin_prefix(site) + "moves/" + service;
}
std::string history_prefix(const std::string& site) { return admin_prefix(site) + "history/"; }
std::string history_key(const std::string& site, std::int64_t at_unix_ms, int sequence) {
  return history_prefix(site) + fmt::format("{:016d}-{:04d}", at_unix_ms, sequence);
}

std::string to_json(const AdminRequest& request) {
  return dump({{"by", request.by}, {"at_unix_ms", request.at_unix_ms}, {"to", request.to}, {"cause", request.cause}});
}

std::optional<AdminRequest> parse_admin_request(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  try {
    return AdminRequest{value.at("by").get<std::string>(), value.at("at_unix_ms").get<std::int64_t>(),
                        value.at("to").get<std::string>(), value.at("cause").get<std::string>()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string to_json(const OperationRecord& r) {
  return dump({{"at_unix_ms", r.at_unix_ms},
               {"by", r.by},
               {"operation", r.operation},
               {"service", r.service},
               {"from", r.from},
               {"to", r.to},
               {"cause", r.cause},
               {"result", r.result}});
}

std::optional<OperationRecord> parse_operation_record(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  try {
    return OperationRecord{value.at("at_unix_ms").get<std::int64_t>(), value.at("by").get<std::string>(),
                           value.at("operation").get<std::string>(), value.at("service").get<std::string>(),
                           value.at("from").get<std::string>(),      value.at("to").get<std::string>(),
                           value.at("cause").get<std::string>(),     value.at("result").get<std::string>()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

AdminState parse_admin_state(const std::string& site, const std::vector<KeyValue>& keys) {
  AdminState state;
  const std::string drains = admin_prefix(site) + "drains/";
  const std::string moves = admin_prefix(site) + "moves/";
  for (const auto& key : keys) {
    if (key.key.rfind(drains, 0) == 0 && key.key.size() > drains.size()) {
      state.drained.insert(key.key.substr(drains.size()));
    } else if (key.key.rfind(moves, 0) == 0 && key.key.size() > moves.size()) {
      if (auto request = parse_admin_request(key.value); request && !request->to.empty())
        state.moves[key.key.substr(moves.size())] = *request;
    }
  }
  return state;
}

}  // namespace netkeel::ha
