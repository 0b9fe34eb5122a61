#include "netkeel/store/clickhouse_endpoint.hpp"

#include "netkeel/core/error.hpp"
#include "netkeel/core/host_port.hpp"

namespace netkeel::store {
namespace {

constexpr std::string_view scheme = "clickhouse://";
constexpr std::string_view expected_form = "; expected clickhouse://HOST:PORT/DB, e.g. clickhouse://127.0.0.1:8123/netkeel";

[[noreturn]] void reject(std::string_view url, const std::string& problem) {
  throw UsageError("--store " + std::string(url) + ": " + problem + std::string(expected_form));
}

}  // namespace

bool is_valid_clickhouse_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

ClickHouseEndpoint parse_clickhouse_url(std::string_view url) {
  if (!url.starts_with(scheme)) reject(url, "not a clickhouse:// URL");
  std::string_view rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) reject(url, "the database name is missing");
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view database = rest.substr(slash + 1);

  const auto parsed = parse_host_port(authority);
  if (const auto* problem = std::get_if<std::string>(&parsed)) reject(url, *problem);
  const HostPort& host_port = std::get<HostPort>(parsed);
  if (database.empty()) reject(url, "the database name is missing");
  if (!is_valid_clickhouse_identifier(database)) {
    reject(url, "the database name '" + std::string(database) + "' must match [A-Za-z_][A-Za-z0-9_]*");
  }
  return {"http://" + host_port.host + ":" + std::to_string(host_port.port), std::string(database)};
}

}  // namespace netkeel::store
