#include "netkeel/ha/etcd_endpoints.hpp"

#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/core/host_port.hpp"

namespace netkeel::ha {
namespace {

constexpr std::string_view kExpectedForm =
    "expected http://HOST:PORT or https://HOST:PORT, several separated by commas, e.g. "
    "--etcd http://10.10.0.11:2379,http://10.10.0.12:2379";

[[noreturn]] void reject(std::size_t index, std::string_view entry, std::string_view problem) {
  throw UsageError(fmt::format("--etcd: member {} '{}': {}; {}", index + 1, entry, problem, kExpectedForm));
}

std::string parse_one(std::size_t index, std::string_view entry) {
  std::string_view scheme;
  if (entry.starts_with("http://")) scheme = "http://";
  else if (entry.starts_with("https://")) scheme = "https://";
  else reject(index, entry, "not an http:// or https:// URL");
  std::string_view authority = entry.substr(scheme.size());
  if (authority.ends_with('/')) authority.remove_suffix(1);
  if (authority.find_first_of("/?#@") != std::string_view::npos) {
    reject(index, entry, "a member URL has no path, query or user part");
  }
  const auto parsed = parse_host_port(authority);
  if (const auto* problem = std::get_if<std::string>(&parsed)) reject(index, entry, *problem);
  const HostPort& host_port = std::get<HostPort>(parsed);
  return fmt::format("{}{}:{}", scheme, host_port.host, host_port.port);
}

}  // namespace

std::vector<std::string> parse_etcd_endpoints(std::string_view list) {
  if (list.empty()) throw UsageError(fmt::format("--etcd: no member URL given; {}", kExpectedForm));
  std::vector<std::string> members;
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    const std::string_view entry = list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
    if (entry.empty()) reject(members.size(), entry, "an empty entry (two commas, or one at either end)");
    std::string url = parse_one(members.size(), entry);
    if (std::find(members.begin(), members.end(), url) != members.end()) {
      reject(members.size(), entry, "this member is listed twice");
    }
    members.push_back(std::move(url));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return members;
}

}  // namespace netkeel::ha
