#include "netkeel/store/clickhouse_endpoint.hpp"

#include <charconv>

#include "netkeel/core/error.hpp"

namespace netkeel::store {
namespace {

constexpr std::string_view scheme = "clickhouse://";
constexpr std::string_view expected_form = "; expected clickhouse://HOST:PORT/DB, e.g. clickhouse://127.0.0.1:8123/netkeel";

[[noreturn]] void reject(std::string_view url, const std::string& problem) {
  throw UsageError("--store " + std::string(url) + ": " + problem + std::string(expected_form));
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
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

  std::string_view host;
  std::string_view port;
  if (authority.starts_with('[')) {  // [IPv6]:PORT
    const auto close = authority.find(']');
    if (close == std::string_view::npos) reject(url, "an IPv6 host needs its closing ']'");
    host = authority.substr(0, close + 1);
    if (close + 1 >= authority.size() || authority[close + 1] != ':') reject(url, "the port is missing");
    port = authority.substr(close + 2);
    for (char c : host.substr(1, host.size() - 2)) {
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') reject(url, "bad character in the IPv6 host");
    }
  } else {
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) reject(url, "the port is missing");
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    for (char c : host) {
      if (!is_host_char(c)) reject(url, std::string("bad character '") + c + "' in the host");
    }
  }
  if (host.empty() || host == "[]") reject(url, "the host is missing");
  unsigned port_number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), port_number);
  if (port.empty() || error != std::errc{} || end != port.data() + port.size() || port_number == 0 ||
      port_number > 65535) {
    reject(url, "the port '" + std::string(port) + "' is not a number from 1 to 65535");
  }
  if (database.empty()) reject(url, "the database name is missing");
  if (!is_valid_clickhouse_identifier(database)) {
    reject(url, "the database name '" + std::string(database) + "' must match [A-Za-z_][A-Za-z0-9_]*");
  }
  return {"http://" + std::string(host) + ":" + std::to_string(port_number), std::string(database)};
}

}  // namespace netkeel::store
