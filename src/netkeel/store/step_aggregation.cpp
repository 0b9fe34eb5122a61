#include "netkeel/store/step_aggregation.hpp"

#include <cstdint>

namespace netkeel::store {
namespace {

template <typename Item, typename TimeOf, typename AddTo>
std::vector<Point> aggregate(std::span<const Item> items, const RangeQuery& query, TimeOf time_of, AddTo add_to) {
  std::vector<Point> out;
  Summary current;
  TimestampMs current_bucket = 0;
  bool open = false;
  for (const Item& item : items) {
    const TimestampMs t = time_of(item);
    if (t < query.start_ms || t > query.end_ms) continue;
    // Unsigned: t - start may exceed INT64_MAX when start is far in the past.
    const std::uint64_t offset = static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(query.start_ms);
    const std::uint64_t step = static_cast<std::uint64_t>(query.step_ms);
    const auto bucket = static_cast<TimestampMs>(static_cast<std::uint64_t>(query.start_ms) + offset / step * step);
    if (open && bucket != current_bucket) {
      if (current.count > 0) out.push_back({current_bucket, current.value(query.aggregation)});
      current = Summary{};
    }
    current_bucket = bucket;
    open = true;
    add_to(current, item);
  }
  if (open && current.count > 0) out.push_back({current_bucket, current.value(query.aggregation)});
  return out;
}

}  // namespace

std::vector<Point> aggregate_steps(std::span<const Point> points, const RangeQuery& query) {
  return aggregate(points, query, [](const Point& p) { return p.timestamp_ms; },
                   [](Summary& s, const Point& p) { s.add(p.timestamp_ms, p.value); });
}

std::vector<Point> aggregate_steps(std::span<const TimedSummary> buckets, const RangeQuery& query) {
  return aggregate(buckets, query, [](const TimedSummary& b) { return b.bucket_start_ms; },
                   [](Summary& s, const TimedSummary& b) { s.merge(b.summary); });
}

}  // namespace netkeel::store
