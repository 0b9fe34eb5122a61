#include "netkeel/store/link_event_kind.hpp"

#include <array>
#include <utility>

namespace netkeel::store {
namespace {

constexpr std::array<std::pair<LinkEventKind, std::string_view>, 6> kNames = {{
    {LinkEventKind::down, "link_down"},
    {LinkEventKind::up, "link_up"},
    {LinkEventKind::flapping, "link_flapping"},
    {LinkEventKind::raw_down, "link_raw_down"},
    {LinkEventKind::raw_up, "link_raw_up"},
    {LinkEventKind::removed, "link_removed"},
}};

}  // namespace

std::string to_string(LinkEventKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return std::string(name);
  return "link_unknown";  // unreachable: every enumerator is in kNames (the round-trip test checks it)
}

std::optional<LinkEventKind> parse_link_event_kind(std::string_view text) {
  for (const auto& [k, name] : kNames)
    if (name == text) return k;
  return std::nullopt;
}

}  // namespace netkeel::store
