#pragma once
// The kinds of link event an agent ships, as one type: the link state tracker produces them; the agent's
// stderr, its `--once` JSON and its batches print them with to_string; a reader that must tell a link event
// from other event kinds parses them. On the wire (batch JSON, the events table, GET /api/v1/events) they
// stay the strings below, so nothing stored or queried changes.
#include <optional>
#include <string>
#include <string_view>

namespace netkeel::store {

enum class LinkEventKind {
  down,      // "link_down": the damped state went down (reported at once)
  up,        // "link_up": the link came back and held up
  flapping,  // "link_flapping": quick up/down changes; damped until they stop
  raw_down,  // "link_raw_down": one netlink change to not running, undamped
  raw_up,    // "link_raw_up": one netlink change to running, undamped
  removed,   // "link_removed": the interface is gone
};

std::string to_string(LinkEventKind kind);
// The kind a wire string names, or nullopt for any other event kind (a VIP move, an agent restart).
std::optional<LinkEventKind> parse_link_event_kind(std::string_view text);

}  // namespace netkeel::store
