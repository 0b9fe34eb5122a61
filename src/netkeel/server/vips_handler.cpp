#include "netkeel/server/vips_handler.hpp"

#include <algorithm>

#include "netkeel/core/vip_event_text.hpp"
#include "netkeel/server/query_guard.hpp"

namespace netkeel::server {

namespace {

// Every event of KIND in the range, page after page (VIP events are rare: a few per move).
void read_all(store::Store& store, store::EventQuery query, const char* kind, std::vector<store::Event>& out) {
  query.kind = kind;
  while (true) {
    store::EventPage page = store.events(query);
    out.insert(out.end(), std::make_move_iterator(page.events.begin()), std::make_move_iterator(page.events.end()));
    if (!page.next) return;
    query.after = page.next;
  }
}

}  // namespace

ApiResponse handle_vips(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                        const std::vector<PlannedVip>& planned) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"start", "end", "since"});
    const TimeRange range = time_range_parameters(parameters, context.now_ms, kDefaultVipsWindowMs);
    store::EventQuery query;
    query.start_ms = range.start_ms;
    query.end_ms = range.end_ms;
    query.limit = 10000;
    query.deadline = context.deadline;
    std::vector<store::Event> events;
    read_all(store, query, kVipReleaseKind, events);
    read_all(store, query, kVipTakeoverKind, events);
    // By time; at one millisecond a release first (a handover frees the VIP, then it is taken).
    std::stable_sort(events.begin(), events.end(), [](const store::Event& a, const store::Event& b) {
      if (a.timestamp_ms != b.timestamp_ms) return a.timestamp_ms < b.timestamp_ms;
      return a.kind == kVipReleaseKind && b.kind != kVipReleaseKind;
    });
    return json_response(200, vip_states_json(vip_states(planned, events), (range.end_ms - range.start_ms) / 1000));
  });
}

}  // namespace netkeel::server
