#pragma once
// Alerts survive a server restart as store events (docs/alerts.md, "Persistence"): every transition is
// an event of kind `alert` whose text is the alert as JSON; at start the newest record of each alert is
// read back. Events work the same on every store back end (SQLite, ClickHouse).
#include <cstdint>
#include <string>
#include <vector>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::analyze {

// The agent-host name of the batches the server writes its own events under.
inline constexpr const char* kServerEventHost = "netkeel-server";

// The events as one batch for Store::write. `sequence` must grow from batch to batch, also across
// restarts: the server passes the time in milliseconds (or the previous sequence + 1 if larger).
store::Batch server_events_batch(std::vector<store::Event> events, std::uint64_t sequence);

// The newest record of each alert stored in [now - lookback, now + 1 h] (the hour: alerts written by a
// server whose clock was ahead). `unreadable` counts events whose text is not an alert.
std::vector<Alert> load_stored_alerts(store::Store& store, std::int64_t now_ms, std::int64_t lookback_ms,
                                      std::size_t* unreadable = nullptr);

}  // namespace netkeel::analyze
