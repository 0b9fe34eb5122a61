#include "netkeel/cli/event_pages.hpp"

#include <algorithm>
#include <set>

#include "netkeel/core/error.hpp"
#include "netkeel/core/rfc3339_time.hpp"

namespace netkeel::cli {
namespace {

void check_event(const nlohmann::json& event, const std::string& place) {
  if (!event.is_object() || !event.contains("t_ms") || !event["t_ms"].is_number_integer()) {
    throw RuntimeError(place + ": expected an object with an integer t_ms");
  }
  for (const char* key : {"host", "kind", "text"}) {
    if (!event.contains(key) || !event[key].is_string()) throw RuntimeError(place + "." + key + ": expected a string");
  }
}

}  // namespace

nlohmann::json fetch_all_events(http::HttpClient& client, const ApiTarget& target, const QueryString& query) {
  nlohmann::json all = nlohmann::json::array();
  std::set<std::string> cursors_seen;
  std::optional<std::string> after;
  for (std::size_t page = 0;; ++page) {
    QueryString page_query = query;
    if (after) page_query.emplace_back("after", *after);
    const nlohmann::json answer = get_api_json(client, target, "/api/v1/events", page_query);
    const std::string place = "server " + target.base_url + ": events page " + std::to_string(page + 1);
    if (!answer.is_object() || !answer.contains("events") || !answer["events"].is_array()) {
      throw RuntimeError(place + ": expected {\"events\": [...]} (is it netkeel?)");
    }
    for (std::size_t i = 0; i < answer["events"].size(); ++i) {
      check_event(answer["events"][i], place + ".events[" + std::to_string(i) + "]");
      all.push_back(answer["events"][i]);
    }
    if (!answer.contains("next") || answer["next"].is_null()) break;
    if (!answer["next"].is_string()) throw RuntimeError(place + ".next: expected a string");
    after = answer["next"].get<std::string>();
    // A server that hands back a cursor twice would keep us reading forever.
    if (!cursors_seen.insert(*after).second) throw RuntimeError(place + ": the server repeated cursor " + *after);
  }
  return {{"events", std::move(all)}};
}

std::string events_table(const nlohmann::json& events) {
  const nlohmann::json& list = events.at("events");
  if (list.empty()) return "no events in this range\n";
  std::size_t host_width = 4, kind_width = 4;
  for (const auto& e : list) {
    host_width = std::max(host_width, e["host"].get_ref<const std::string&>().size());
    kind_width = std::max(kind_width, e["kind"].get_ref<const std::string&>().size());
  }
  const auto padded = [](const std::string& text, std::size_t width) {
    return text + std::string(width - text.size(), ' ');
  };
  std::string out = padded("time", 24) + "  " + padded("host", host_width) + "  " + padded("kind", kind_width) + "  text\n";
  for (const auto& e : list) {
    out += format_rfc3339_ms(e["t_ms"].get<std::int64_t>()) + "  " + padded(e["host"].get<std::string>(), host_width) +
           "  " + padded(e["kind"].get<std::string>(), kind_width) + "  " + e["text"].get<std::string>() + "\n";
  }
  return out;
}

}  // namespace netkeel::cli
