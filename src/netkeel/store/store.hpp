#pragma once
// The time-series store behind `netkeel server`: one interface, two back ends (SQLite embedded,
// ClickHouse), one conformance suite (tests/store/store_conformance.hpp). docs/store.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/store/batch.hpp"
#include "netkeel/store/label_matcher.hpp"
#include "netkeel/store/point.hpp"
#include "netkeel/store/query_deadline.hpp"

namespace netkeel::store {

enum class Aggregation { avg, min, max, sum, last };

struct RangeQuery {
  SeriesSelector selector;
  TimestampMs start_ms = 0;  // inclusive
  TimestampMs end_ms = 0;    // inclusive
  // 0: every raw sample in [start, end]. Otherwise one point per non-empty step bucket
  // [start + k*step, start + (k+1)*step), stamped with the bucket's start.
  std::int64_t step_ms = 0;
  Aggregation aggregation = Aggregation::avg;
  // 0: no cap. Otherwise the store estimates the answer's points once it knows the matching series
  // (series x steps, or the stored samples in the range) and throws QueryTooLarge before reading any.
  std::uint64_t max_points = 0;
  QueryDeadline deadline;  // passed: QueryTimedOut
};

struct SeriesPoints {
  Series series;
  std::vector<Point> points;  // increasing timestamps
};

struct LatestValue {
  Series series;
  Point point;
};

// One probe kind's share of a pair (series whose `kind` label is `kind`: icmp, udp, tcp, pmtu).
struct ProbeKindLoss {
  std::string kind;
  double sent = 0;
  double lost = 0;
  double loss = 0;  // lost / sent, 0 when nothing was sent
  bool operator==(const ProbeKindLoss&) const = default;
};

struct ProbePair {
  std::string src;
  std::string dst;
  double sent = 0;  // probes sent in the window (increase of netkeel_probe_sent_total)
  double lost = 0;  // probes lost in the window (increase of netkeel_probe_lost_total)
  double loss = 0;  // lost / sent, 0 when nothing was sent
  double rtt_p50_seconds = 0;  // NaN when the window has no RTT sample
  double rtt_p99_seconds = 0;
  // Every kind the pair probed with, sorted by kind, whatever the query's kind: a kind that fails alone
  // tells a dead responder (udp) or an MTU black hole (pmtu) from network loss.
  std::vector<ProbeKindLoss> kinds;
};

struct ProbeMatrixQuery {
  std::string network;
  TimestampMs start_ms = 0;  // inclusive
  TimestampMs end_ms = 0;    // inclusive
  QueryDeadline deadline;    // passed: QueryTimedOut
  // Empty: sent, lost and RTTs pool every kind. Otherwise only series of this kind count for them
  // (ProbePair::kinds still lists every kind).
  std::string kind;
};

struct ProbeMatrix {
  std::string network;
  std::vector<ProbePair> pairs;  // sorted by (src, dst)
};

struct HostLastSeen {
  std::string host;
  TimestampMs last_seen_ms = 0;  // newest timestamp of any batch the host sent
  bool operator==(const HostLastSeen&) const = default;
};

// Where a page of events ends: the next page starts at `timestamp_ms`, after the first `skip` events at
// that time (in the back end's order of events at one time).
struct EventCursor {
  TimestampMs timestamp_ms = 0;
  std::uint64_t skip = 0;
  bool operator==(const EventCursor&) const = default;
};

struct EventQuery {
  TimestampMs start_ms = 0;  // inclusive
  TimestampMs end_ms = 0;    // inclusive
  std::optional<std::string> host;  // only this host's events
  std::optional<std::string> kind;  // only events of this kind
  std::optional<EventCursor> after;  // the previous page's `next`
  std::size_t limit = 1000;          // at most this many events (at least 1)
  QueryDeadline deadline;            // passed: QueryTimedOut
};

struct EventPage {
  std::vector<Event> events;        // by time
  std::optional<EventCursor> next;  // nothing: the page holds the last matching event
};

enum class WriteOutcome { stored, duplicate };

struct MaintenanceReport {
  std::uint64_t raw_chunks_deleted = 0;
  std::uint64_t rollup_buckets_written = 0;
  std::uint64_t rollup_buckets_deleted = 0;
  std::uint64_t events_deleted = 0;
  std::uint64_t batch_ids_deleted = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores the batch; when this returns, the batch is durable (see docs/store.md, "Durability").
  // A batch whose id was stored before is not stored again (duplicate). Throws InvalidBatch for a
  // malformed batch, SeriesLimitExceeded (an InvalidBatch) for one over a cardinality limit (nothing of
  // it stored), RuntimeError when the back end fails.
  virtual WriteOutcome write(const Batch& batch) = 0;

  // Matching series with their points in the range (series without points are left out), sorted by
  // canonical key. Older than raw retention, step queries read the finest rollup that still covers them.
  // Throws QueryTooLarge (over query.max_points, before reading points), QueryTimedOut (deadline).
  virtual std::vector<SeriesPoints> query_range(const RangeQuery& query) = 0;

  // The newest sample of each matching series.
  virtual std::vector<LatestValue> latest(const SeriesSelector& selector) = 0;

  // Loss and RTT percentiles for every (src, dst) pair that probed on the network in the window.
  virtual ProbeMatrix probe_matrix(const ProbeMatrixQuery& query) = 0;

  virtual std::vector<HostLastSeen> hosts() = 0;  // sorted by host

  // One page of the matching events, oldest first; query.after continues after an earlier page, so that
  // reading page after page returns every event once.
  virtual EventPage events(const EventQuery& query) = 0;

  // Rolls raw data up and deletes what the retention policy no longer keeps, as of `now_ms`
  // (passed in, never read from a clock).
  virtual MaintenanceReport maintain(TimestampMs now_ms) = 0;

  // Bytes the stored data takes on disk now (SQLite: the database's pages; ClickHouse: its active
  // parts), for the server's /metrics.
  virtual std::uint64_t size_bytes() = 0;
};

}  // namespace netkeel::store
