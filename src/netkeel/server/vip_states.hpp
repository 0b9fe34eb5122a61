#pragma once
// Each service VIP's holder as the keepers' events tell it (GET /api/v1/vips, the dashboard's VIPs
// table). The keepers post a vip_takeover when a VIP is put on their host and a vip_release when it
// leaves (core/vip_event_text.hpp); the newest takeover names the holder until its holder releases it.
// The coordination store stays the authority (`netkeel keep status` asks it): this view is what reached
// the server, and a VIP with no event in the window is "unknown". Pure.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::server {

struct PlannedVip {
  std::string service;
  std::string network;
  std::string address;  // "10.0.1.10/32"
};

struct VipState {
  std::string service;
  std::string network;             // "" for a VIP only the events know (not in the site file)
  std::string address;
  std::string state = "unknown";   // held, released (no holder since), unknown (no event in the window)
  std::string holder;              // "" unless held
  std::int64_t since_ms = 0;       // when it entered its state (0 when unknown)
  std::uint64_t takeovers = 0;     // in the window: how often it was put on a host
  std::string last_release_host;   // the newest release in the window ("" none) ...
  std::string last_release_cause;  // ... and its cause ("lost", "check: tcp ...: ...", ...)
  std::int64_t last_release_ms = 0;
};

// The plan's service VIPs, in plan order.
std::vector<PlannedVip> planned_vips(const plan::ClusterPlan& plan);

// PLANNED in plan order, then any other service the events name (sorted); EVENTS of any kind, oldest
// first (others are skipped). A release stamped before the takeover it made room for (hosts' clocks
// differ by milliseconds) does not clear the new holder: only the holder's own release does.
std::vector<VipState> vip_states(const std::vector<PlannedVip>& planned, const std::vector<store::Event>& events);

// {"vips": [{"service","network","address","state","holder","since_ms","takeovers","last_release":
//   {"host","cause","t_ms"} | null}], "window_s": W}
nlohmann::json vip_states_json(const std::vector<VipState>& states, std::int64_t window_s);

}  // namespace netkeel::server
