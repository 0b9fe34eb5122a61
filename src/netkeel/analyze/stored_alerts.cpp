#include "netkeel/analyze/stored_alerts.hpp"

#include "netkeel/analyze/alert_engine.hpp"

namespace netkeel::analyze {

store::Batch server_events_batch(std::vector<store::Event> events, std::uint64_t sequence) {
  store::Batch batch;
  batch.id = {kServerEventHost, sequence};
  batch.events = std::move(events);
  return batch;
}

std::vector<Alert> load_stored_alerts(store::Store& store, std::int64_t now_ms, std::int64_t lookback_ms,
                                      std::size_t* unreadable) {
  store::EventQuery query;
  query.start_ms = now_ms - lookback_ms;
  query.end_ms = now_ms + 3'600'000;
  query.kind = kAlertEventKind;
  query.limit = 1000;
  std::vector<store::Event> events;
  for (;;) {
    store::EventPage page = store.events(query);
    for (auto& event : page.events) events.push_back(std::move(event));
    if (!page.next) break;
    query.after = page.next;
  }
  return alerts_from_events(events, unreadable);
}

}  // namespace netkeel::analyze
