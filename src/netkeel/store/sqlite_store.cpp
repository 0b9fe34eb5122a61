#include "netkeel/store/sqlite_store.hpp"

#include <algorithm>
#include <limits>

#include "netkeel/core/error.hpp"
#include "netkeel/store/cardinality_limits.hpp"
#include "netkeel/store/event_paging.hpp"
#include "netkeel/store/head_log_entry.hpp"
#include "netkeel/store/query_too_large.hpp"
#include "netkeel/store/sqlite_read_guards.hpp"
#include "netkeel/store/sqlite_series_labels.hpp"
#include "netkeel/store/sqlite_store_impl.hpp"

namespace netkeel::store {
namespace {

// How many series a query reads under one hold of the store's mutex, and how many points at most:
// a big query then lets writes in between its pieces instead of holding them back until it ends.
constexpr std::size_t series_per_piece = 64;
constexpr std::size_t points_per_piece = 200'000;
// A deadline is checked every this many series matched (a matcher costs well under a microsecond).
constexpr std::size_t series_per_deadline_check = 256;

// The catalog's series that the selector picks, matched without the store's mutex: the entries never
// change once published, and RE2 matching takes time linear in the label values.
std::vector<const SqliteCatalogEntry*> select_series(const std::vector<const SqliteCatalogEntry*>& candidates,
                                                     const SeriesSelector& selector, const QueryDeadline& deadline,
                                                     bool sorted) {
  std::vector<const SqliteCatalogEntry*> matched;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i % series_per_deadline_check == 0) deadline.check("matching series");
    if (selector.matches(candidates[i]->series)) matched.push_back(candidates[i]);
  }
  if (sorted) {
    std::sort(matched.begin(), matched.end(), [](const auto* a, const auto* b) { return a->key < b->key; });
  }
  return matched;
}

// The number of points between two times, in unsigned arithmetic: end - start overflows int64 when the
// times are far apart (a query from INT64_MIN to INT64_MAX).
std::uint64_t span_ms(TimestampMs start, TimestampMs end) {
  return static_cast<std::uint64_t>(end) - static_cast<std::uint64_t>(start);
}

// Steps of a step query, saturating at the largest uint64 (2^64 - 1 steps of 1 ms over all of int64).
std::uint64_t step_count(const RangeQuery& query) {
  const std::uint64_t whole = span_ms(query.start_ms, query.end_ms) / static_cast<std::uint64_t>(query.step_ms);
  return whole == std::numeric_limits<std::uint64_t>::max() ? whole : whole + 1;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, SqliteStoreOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))) {}

SqliteStore::~SqliteStore() {
  try {
    std::lock_guard lock(impl_->mutex);
    impl_->checkpoint();
  } catch (...) {  // the head log still holds the samples; the next open replays it
  }
}

WriteOutcome SqliteStore::write(const Batch& batch) {
  std::vector<std::string> keys = validate_batch(batch);
  std::lock_guard lock(impl_->mutex);
  Impl& m = *impl_;
  const TimestampMs newest = newest_timestamp(batch);
  std::vector<std::int64_t> series_ids(batch.series.size());
  std::vector<SqliteCatalogEntry> new_series;
  std::vector<std::uint8_t> log_entry;
  // The cardinality limits, before anything of the batch is stored. (A retried batch brings no new series.)
  const auto unknown = static_cast<std::uint64_t>(std::count_if(
      keys.begin(), keys.end(), [&](const std::string& key) { return !m.catalog_by_key.contains(key); }));
  const auto host_entry = m.series_per_host.find(batch.id.agent_host);
  check_cardinality(batch.id, unknown, host_entry == m.series_per_host.end() ? 0 : host_entry->second,
                    m.options.cardinality, m.options.rejections.get());
  m.begin();
  try {
    SqliteStatement& b = *m.insert_batch;
    b.bind(1, std::string_view(batch.id.agent_host))
        .bind(2, static_cast<std::int64_t>(batch.id.sequence))
        .bind(3, newest);
    b.run();
    if (m.db.changes() == 0) {
      m.rollback();
      return WriteOutcome::duplicate;
    }
    for (std::size_t i = 0; i < batch.series.size(); ++i) {
      std::string& key = keys[i];
      auto known = m.catalog_by_key.find(key);
      if (known != m.catalog_by_key.end()) {
        series_ids[i] = m.catalog[known->second].id;
        continue;
      }
      const auto labels = encode_sqlite_labels(batch.series[i].labels);
      SqliteStatement& s = *m.insert_series;
      s.bind(1, std::string_view(batch.series[i].metric)).bind_blob(2, labels).bind(3, std::string_view(key));
      s.run();
      series_ids[i] = m.db.last_insert_rowid();
      new_series.push_back({series_ids[i], batch.series[i], std::move(key)});
    }
    if (!new_series.empty()) {
      SqliteStatement& s = *m.upsert_host_series;
      s.bind(1, std::string_view(batch.id.agent_host)).bind(2, static_cast<std::int64_t>(new_series.size()));
      s.run();
    }
    if (!batch.samples.empty()) {
      std::vector<LoggedSample> logged;
      logged.reserve(batch.samples.size());
      for (const Sample& s : batch.samples) logged.push_back({series_ids[s.series], s.timestamp_ms, s.value});
      log_entry = encode_head_log_entry(logged);
      SqliteStatement& s = *m.insert_log;
      s.bind_blob(1, log_entry);
      s.run();
    }
    if (newest != sqlite_no_time) {
      SqliteStatement& s = *m.upsert_host;
      s.bind(1, std::string_view(batch.id.agent_host)).bind(2, newest);
      s.run();
    }
    for (const Event& e : batch.events) {
      SqliteStatement& s = *m.insert_event;
      s.bind(1, e.timestamp_ms).bind(2, std::string_view(e.host)).bind(3, std::string_view(e.kind)).bind(4, std::string_view(e.text));
      s.run();
    }
    m.commit();
  } catch (...) {
    m.rollback();
    throw;
  }
  // Durable now; mirror it in memory.
  if (!new_series.empty()) m.series_per_host[batch.id.agent_host] += new_series.size();
  for (SqliteCatalogEntry& entry : new_series) m.add_to_catalog(std::move(entry));
  for (const Sample& s : batch.samples) m.heads->append(series_ids[s.series], s.timestamp_ms, s.value);
  if (m.probe_windows) {
    for (const Sample& s : batch.samples) m.probe_windows->append(series_ids[s.series], s.timestamp_ms, s.value);
  }
  m.log_bytes += log_entry.size();
  if (m.log_bytes >= m.options.checkpoint_log_bytes) m.checkpoint();
  return WriteOutcome::stored;
}

std::vector<SeriesPoints> SqliteStore::query_range(const RangeQuery& query) {
  if (query.step_ms < 0) throw UsageError("range query: step must be 0 (raw samples) or positive");
  Impl& m = *impl_;
  std::vector<const SqliteCatalogEntry*> candidates;
  {
    std::lock_guard lock(m.mutex);
    candidates = m.entries_of(query.selector.metric);
  }
  const std::vector<const SqliteCatalogEntry*> matched = select_series(candidates, query.selector, query.deadline, true);
  if (matched.empty() || query.start_ms > query.end_ms) return {};

  // The answer's size, estimated before any point is read: steps per series, or the samples stored.
  if (query.max_points > 0) {
    std::uint64_t estimate = 0;  // more than max_points: over
    std::string what;
    if (query.step_ms > 0) {
      const std::uint64_t steps = step_count(query);
      estimate = steps > query.max_points / matched.size() ? query.max_points + 1 : steps * matched.size();
      what = std::to_string(matched.size()) + " series x " + std::to_string(steps) + " steps";
    } else {
      for (std::size_t first = 0; first < matched.size() && estimate <= query.max_points; first += series_per_piece) {
        std::lock_guard lock(m.mutex);
        ReadTransaction read(m.db);
        InterruptAtDeadline interrupt(m.db, query.deadline);
        read_before(query.deadline, "counting the points of a range query", [&] {
          for (std::size_t i = first; i < std::min(matched.size(), first + series_per_piece); ++i) {
            estimate += m.stored_points(*matched[i], query.start_ms, query.end_ms);
          }
        });
      }
      what = "samples stored in the range for " + std::to_string(matched.size()) + " series";
    }
    if (estimate > query.max_points) {
      throw QueryTooLarge("the answer would hold more than " + std::to_string(query.max_points) + " points (" + what +
                          "): add match= or a larger step, or shorten the range");
    }
  }

  // The points, a bounded piece of series per hold of the mutex, so writes go on in between.
  std::vector<SeriesPoints> out;
  std::uint64_t total = 0;
  for (std::size_t next = 0; next < matched.size();) {
    std::lock_guard lock(m.mutex);
    ReadTransaction read(m.db);
    InterruptAtDeadline interrupt(m.db, query.deadline);
    const std::optional<SqliteRollupState> level = m.rollup_level_for(query);
    std::size_t piece_points = 0;
    for (std::size_t taken = 0; next < matched.size() && taken < series_per_piece && piece_points < points_per_piece;
         ++taken, ++next) {
      query.deadline.check("range query");
      std::vector<Point> points =
          read_before(query.deadline, "range query", [&] { return m.read_series(*matched[next], query, level); });
      piece_points += points.size();
      total += points.size();
      if (query.max_points > 0 && total > query.max_points) {  // the estimate was low (rollups, late writes)
        throw QueryTooLarge("the answer would hold more than " + std::to_string(query.max_points) +
                            " points: add match= or a larger step, or shorten the range");
      }
      if (!points.empty()) out.push_back({matched[next]->series, std::move(points)});
    }
  }
  return out;
}

std::vector<LatestValue> SqliteStore::latest(const SeriesSelector& selector) {
  Impl& m = *impl_;
  std::vector<const SqliteCatalogEntry*> candidates;
  {
    std::lock_guard lock(m.mutex);
    candidates = m.entries_of(selector.metric);
  }
  const std::vector<const SqliteCatalogEntry*> matched = select_series(candidates, selector, QueryDeadline(), true);
  std::vector<LatestValue> out;
  for (std::size_t next = 0; next < matched.size();) {
    std::lock_guard lock(m.mutex);
    ReadTransaction read(m.db);
    for (std::size_t taken = 0; next < matched.size() && taken < series_per_piece; ++taken, ++next) {
      const SqliteCatalogEntry* entry = matched[next];
      std::optional<Point> best;
      auto consider = [&](Point p) {
        if (p.timestamp_ms >= m.raw_retained_from && (!best || p.timestamp_ms > best->timestamp_ms)) best = p;
      };
      if (const auto* in_memory = m.heads->chunks_of(entry->id)) {
        for (const HeadChunk& c : *in_memory) consider({c.encoder.last_timestamp(), c.encoder.last_value()});
      }
      SqliteStatement& s = *m.select_latest_chunk;
      s.bind(1, entry->id);
      if (s.step()) {
        try {
          const auto points = decode_chunk(s.column_blob(1));
          if (!points.empty()) consider(points.back());
        } catch (const CorruptChunk& e) {
          s.reset();
          throw RuntimeError("sqlite:" + m.db.path() + ": a chunk of " + entry->key + " is corrupt: " + e.what());
        }
      }
      s.reset();
      if (best) out.push_back({entry->series, *best});
    }
  }
  return out;
}

ProbeMatrix SqliteStore::probe_matrix(const ProbeMatrixQuery& query) {
  std::lock_guard lock(impl_->mutex);
  Impl& m = *impl_;
  ReadTransaction read(m.db);
  InterruptAtDeadline interrupt(m.db, query.deadline);
  // Streams one series at a time through one buffer: materialising ~2M points, then freeing them, made
  // the 50 x 50 query spend most of its time in malloc and page faults. Counters come from chunk
  // summaries where a chunk lies inside the window; only RTTs are decoded in full. The builder sorts the
  // pairs, so the series need no sorting here. (Its selectors compare labels for equality only: no
  // regex runs under the mutex.)
  // A window inside the newest data time held in memory: no chunk is read.
  if (m.probe_windows && m.probe_windows->answers(query) && query.start_ms >= m.raw_retained_from) {
    return m.probe_windows->matrix(query);
  }
  ProbeMatrixBuilder& builder = m.matrix_builder;
  builder.clear();
  builder.count_only_kind(query.kind);
  query.deadline.check("probe matrix");
  return read_before(query.deadline, "probe matrix", [&] {
    for (const SqliteCatalogEntry* entry : m.match_unsorted(probe_selector(probe_sent_metric, query.network))) {
      query.deadline.check("probe matrix");
      builder.add_sent_increase(entry->series, m.read_counter(*entry, query.start_ms, query.end_ms).increase);
    }
    for (const SqliteCatalogEntry* entry : m.match_unsorted(probe_selector(probe_lost_metric, query.network))) {
      query.deadline.check("probe matrix");
      builder.add_lost_increase(entry->series, m.read_counter(*entry, query.start_ms, query.end_ms).increase);
    }
    for (const SqliteCatalogEntry* entry : m.match_unsorted(probe_selector(probe_rtt_metric, query.network))) {
      query.deadline.check("probe matrix");
      if (!builder.counts(entry->series)) {  // another kind's RTTs: the pair, not its points
        builder.add_rtt(entry->series, {});
        continue;
      }
      m.read_raw_into(*entry, query.start_ms, query.end_ms, m.matrix_points);
      builder.add_rtt(entry->series, m.matrix_points);
    }
    return builder.build(query.network);
  });
}

std::uint64_t SqliteStore::size_bytes() {
  std::lock_guard lock(impl_->mutex);
  // page_count sees the pages the WAL holds too: the database as readers see it.
  auto s = impl_->db.prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  return s.step() ? static_cast<std::uint64_t>(s.column_int64(0)) : 0;
}

std::vector<HostLastSeen> SqliteStore::hosts() {
  std::lock_guard lock(impl_->mutex);
  std::vector<HostLastSeen> out;
  auto s = impl_->db.prepare("SELECT host, last_seen_ts FROM hosts ORDER BY host");
  while (s.step()) out.push_back({s.column_text(0), s.column_int64(1)});
  return out;
}

EventPage SqliteStore::events(const EventQuery& query) {
  return read_event_page(query, [&](const EventRows& rows) {
    std::vector<Event> read;
    std::lock_guard lock(impl_->mutex);
    InterruptAtDeadline interrupt(impl_->db, query.deadline);
    read_before(query.deadline, "events query", [&] {
      auto s = impl_->db.prepare(std::string("SELECT ts, host, kind, text FROM events WHERE ts >= ?1 AND ts <= ?2") +
                                 (query.host ? " AND host = ?3" : "") + (query.kind ? " AND kind = ?4" : "") +
                                 " ORDER BY ts, id LIMIT ?5 OFFSET ?6");
      s.bind(1, rows.from_ms).bind(2, query.end_ms);
      if (query.host) s.bind(3, std::string_view(*query.host));
      if (query.kind) s.bind(4, std::string_view(*query.kind));
      // SQLite's LIMIT and OFFSET are signed: clamp (a page never comes near either).
      constexpr auto most = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      s.bind(5, static_cast<std::int64_t>(std::min(rows.count, most)))
          .bind(6, static_cast<std::int64_t>(std::min(rows.skip, most)));
      while (s.step()) read.push_back({s.column_int64(0), s.column_text(1), s.column_text(2), s.column_text(3)});
    });
    return read;
  });
}

}  // namespace netkeel::store
