#include "netkeel/server/matrix_json.hpp"

#include <cmath>
#include <limits>
#include <set>
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
  std::set<std::string> agents_down;
  for (const HostFreshness& host : report.hosts) {
    if (host.agent_down) agents_down.insert(host.host);
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (const store::ProbePair& pair : report.matrix.pairs) {
    nlohmann::json kinds = nlohmann::json::object();
    for (const store::ProbeKindLoss& kind : pair.kinds) {
      kinds[kind.kind] = {{"sent", kind.sent}, {"lost", kind.lost}, {"loss", kind.loss}};
    }
    pairs.push_back({{"src", pair.src},
                     {"dst", pair.dst},
                     {"sent", pair.sent},
                     {"lost", pair.lost},
                     {"loss", pair.loss},
                     {"rtt_p50_ms", milliseconds_or_null(pair.rtt_p50_seconds)},
                     {"rtt_p99_ms", milliseconds_or_null(pair.rtt_p99_seconds)},
                     {"responder_down", agents_down.count(pair.dst) > 0},
                     {"kinds", std::move(kinds)}});
  }
  nlohmann::json hosts = nlohmann::json::array();
  for (const HostFreshness& host : report.hosts) {
    hosts.push_back({{"host", host.host},
                     {"last_report_ms", host.last_report_ms ? nlohmann::json(*host.last_report_ms) : nlohmann::json()},
                     {"age_s", host.age_s ? nlohmann::json(*host.age_s) : nlohmann::json()},
                     {"stale", host.stale},
                     {"agent_down", host.agent_down}});
  }
  return {{"network", report.matrix.network}, {"window_s", report.window_s},
          {"kind", report.kind.empty() ? "all" : report.kind},   {"pairs", std::move(pairs)},
          {"stale_after_s", report.stale_after_s}, {"hosts", std::move(hosts)}};
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
    store::ProbePair pair{text(p, "src", place), text(p, "dst", place), number(p, "sent", place),
                          number(p, "lost", place), number(p, "loss", place),
                          seconds_from_ms(p, "rtt_p50_ms", place), seconds_from_ms(p, "rtt_p99_ms", place), {}};
    // Servers before per-kind loss send no `kinds`; `responder_down` is read back from the hosts' agent_down.
    if (p.contains("kinds")) {
      const auto& kinds = p["kinds"];
      if (!kinds.is_object()) throw std::invalid_argument(place + ".kinds: expected an object");
      for (const auto& [kind, counts] : kinds.items()) {
        const std::string kind_place = place + ".kinds." + kind;
        pair.kinds.push_back({kind, number(counts, "sent", kind_place), number(counts, "lost", kind_place),
                              number(counts, "loss", kind_place)});
      }
    }
    report.matrix.pairs.push_back(std::move(pair));
  }
  if (json.contains("kind")) {
    report.kind = text(json, "kind", "matrix");
    if (report.kind == "all") report.kind.clear();
  }
  // Servers before host freshness send neither key: their hosts are simply not known to be stale.
  if (json.contains("stale_after_s")) report.stale_after_s = number(json, "stale_after_s", "matrix");
  if (!json.contains("hosts")) return report;
  const auto& hosts = json["hosts"];
  if (!hosts.is_array()) throw std::invalid_argument("matrix.hosts: expected an array");
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const std::string place = "matrix.hosts[" + std::to_string(i) + "]";
    const auto& h = hosts[i];
    HostFreshness host;
    host.host = text(h, "host", place);
    if (const auto& last = member(h, "last_report_ms", place); !last.is_null()) {
      if (!last.is_number_integer()) throw std::invalid_argument(place + ".last_report_ms: expected an integer or null");
      host.last_report_ms = last.get<std::int64_t>();
    }
    if (const auto& age = member(h, "age_s", place); !age.is_null()) host.age_s = number(h, "age_s", place);
    const auto& stale = member(h, "stale", place);
    if (!stale.is_boolean()) throw std::invalid_argument(place + ".stale: expected true or false");
    host.stale = stale.get<bool>();
    if (h.contains("agent_down")) {
      if (!h["agent_down"].is_boolean()) throw std::invalid_argument(place + ".agent_down: expected true or false");
      host.agent_down = h["agent_down"].get<bool>();
    }
    report.hosts.push_back(std::move(host));
  }
  return report;
}

}  // namespace netkeel::server
