#pragma once
// The text of the keepers' VIP events (docs/keep.md, "Events"), written by the keeper and read back by the
// server, which shows each VIP's holder from them (GET /api/v1/vips): one format, in one place.
//   vip_takeover  "keystone: VIP taken by node2"
//   vip_release   "keystone: VIP released by node1 (cause: check: http ...: ...)"
#include <optional>
#include <string>

namespace netkeel {

inline constexpr const char* kVipTakeoverKind = "vip_takeover";
inline constexpr const char* kVipReleaseKind = "vip_release";

std::string vip_takeover_text(const std::string& service, const std::string& host);
// WHY: the cause word first (keeper_metrics.hpp's release causes), then any detail after ": ".
std::string vip_release_text(const std::string& service, const std::string& host, const std::string& why);

struct VipEventFacts {
  std::string service;
  std::string host;
  bool taken = false;  // a takeover; else a release
  std::string why;     // a release's cause and detail ("" for a takeover)
};

// The facts of an event of KIND with TEXT; nullopt when it is not a VIP event in this format.
std::optional<VipEventFacts> parse_vip_event(const std::string& kind, const std::string& text);

}  // namespace netkeel
