#include "netkeel/store/clickhouse_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "netkeel/core/error.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/store/cardinality_limits.hpp"
#include "netkeel/store/clickhouse_connection.hpp"
#include "netkeel/store/clickhouse_partition.hpp"
#include "netkeel/store/clickhouse_queries.hpp"
#include "netkeel/store/clickhouse_schema.hpp"
#include "netkeel/store/event_paging.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/query_too_large.hpp"
#include "netkeel/store/row_binary.hpp"
#include "netkeel/store/rows_by_series.hpp"
#include "netkeel/store/series_hash.hpp"
#include "netkeel/store/summary.hpp"

namespace netkeel::store {
namespace {

constexpr TimestampMs no_time = std::numeric_limits<TimestampMs>::min();
// The probe matrix asks for at most this many series' rows per query (~15 MB for 5 minutes at 1 Hz).
constexpr std::size_t matrix_series_per_query = 2048;

struct CatalogEntry {
  std::uint64_t id = 0;
  Series series;
  std::string key;  // canonical key
};

std::vector<std::string_view> views(const std::vector<Label>& labels, std::string Label::*field) {
  std::vector<std::string_view> out;
  out.reserve(labels.size());
  for (const Label& l : labels) out.push_back(l.*field);
  return out;
}

}  // namespace

// A deadline is checked every this many series matched.
constexpr std::size_t series_per_deadline_check = 256;

struct ClickHouseStore::Impl {
  ClickHouseConnection connection;
  ClickHouseStoreOptions options;
  std::string version;
  // Held by writes, maintenance and the probe matrix (its reused buffers). Other queries take no lock: they
  // share only the connection, so they run alongside writes.
  std::mutex mutex;
  // Series this process registered per agent host (ClickHouse's series table does not say which host sent
  // a series): --max-series-per-host counts from the server's start on this back end.
  std::unordered_map<std::string, std::uint64_t> series_per_host;
  // Every series id this database holds (read at open, extended by writes) with its canonical key, to
  // insert each series once and to catch the (unlikely) case of two keys with one 64-bit hash.
  std::unordered_map<std::uint64_t, std::string> known_series;
  // Reused by every probe_matrix() call (under the mutex), so their buffers keep their memory.
  ProbeMatrixBuilder matrix_builder;
  RowsBySeries matrix_rows;

  Impl(ClickHouseEndpoint endpoint, std::shared_ptr<http::HttpClient> client, ClickHouseStoreOptions opts)
      : connection(std::move(endpoint), std::move(client), opts.timeout), options(std::move(opts)) {}

  const std::string& db() const { return connection.endpoint().database; }

  // A query's statement, given up at the deadline (with QueryTimedOut).
  std::string query_until(const QueryDeadline& deadline, const std::string& sql, const char* what) {
    deadline.check(what);
    const auto left = deadline.remaining();
    try {
      if (!left) return connection.query(sql, what);
      return connection.query(sql, what, std::chrono::ceil<std::chrono::milliseconds>(*left));
    } catch (const RuntimeError&) {
      deadline.check(what);
      throw;
    }
  }

  std::vector<CatalogEntry> series_of(const std::vector<std::string>& metrics, const QueryDeadline& deadline = {}) {
    const std::string answer = query_until(deadline, clickhouse_sql::series_of_metrics(db(), metrics), "read series");
    RowBinaryReader in(answer, "read series");
    std::vector<CatalogEntry> out;
    while (!in.at_end()) {
      const auto id = in.number<std::uint64_t>();
      std::string metric = in.string();
      std::vector<std::string> names = in.string_array();
      std::vector<std::string> values = in.string_array();
      if (names.size() != values.size()) {
        throw RuntimeError("ClickHouse store " + db() + ".series: series " + std::to_string(id) +
                           " has label names and values of different lengths");
      }
      std::vector<Label> labels;
      labels.reserve(names.size());
      for (std::size_t i = 0; i < names.size(); ++i) labels.push_back({std::move(names[i]), std::move(values[i])});
      Series series = make_series(std::move(metric), std::move(labels));
      std::string key = canonical_key(series);
      out.push_back({id, std::move(series), std::move(key)});
    }
    return out;
  }

  // The catalog's series that the selector picks, sorted by canonical key. The metric narrows in SQL; the
  // label matchers run here (RE2, no lock held), so =~ and !~ mean the same on every back end.
  std::vector<CatalogEntry> match(const SeriesSelector& selector, const QueryDeadline& deadline = {}) {
    std::vector<CatalogEntry> out;
    std::size_t seen = 0;
    for (CatalogEntry& entry : series_of({selector.metric}, deadline)) {
      if (seen++ % series_per_deadline_check == 0) deadline.check("matching series");
      if (selector.matches(entry.series)) out.push_back(std::move(entry));
    }
    std::sort(out.begin(), out.end(), [](const CatalogEntry& a, const CatalogEntry& b) { return a.key < b.key; });
    return out;
  }

  void create_schema() {
    for (const std::string& statement : clickhouse_schema(db())) connection.query(statement, "create the schema");
    version = connection.query("SELECT version()", "read the server version");
    while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
    for (CatalogEntry& entry : series_of({})) known_series.emplace(entry.id, std::move(entry.key));
  }

  // Ids of the batch's series (in Batch::series order); inserts the ones this database lacks.
  std::vector<std::uint64_t> register_series(const Batch& batch, const std::vector<std::string>& keys) {
    std::vector<std::uint64_t> ids(batch.series.size());
    RowBinaryWriter rows;
    std::vector<std::pair<std::uint64_t, std::string>> added;
    for (std::size_t i = 0; i < batch.series.size(); ++i) {
      ids[i] = series_hash(keys[i]);
      const auto known = known_series.find(ids[i]);
      if (known != known_series.end()) {
        if (known->second != keys[i]) {
          throw RuntimeError("ClickHouse store: series " + keys[i] + " and " + known->second +
                             " share the 64-bit id " + std::to_string(ids[i]) +
                             "; rename a label to store both (docs/store.md, ClickHouse back end)");
        }
        continue;
      }
      const Series& s = batch.series[i];
      rows.number<std::uint64_t>(ids[i]);
      rows.string(s.metric);
      rows.string_array(views(s.labels, &Label::name));
      rows.string_array(views(s.labels, &Label::value));
      added.emplace_back(ids[i], keys[i]);
    }
    if (!added.empty()) {
      connection.insert_row_binary(clickhouse_series_table, rows.take(), "store new series");
      for (auto& [id, key] : added) known_series.emplace(id, std::move(key));
    }
    return ids;
  }

  template <typename Row>
  void for_each_row(const std::string& sql, const char* what, Row row, const QueryDeadline& deadline = {}) {
    const std::string answer = query_until(deadline, sql, what);
    RowBinaryReader in(answer, what);
    while (!in.at_end()) row(in);
  }
};

ClickHouseStore::ClickHouseStore(ClickHouseEndpoint endpoint, std::shared_ptr<http::HttpClient> client,
                                 ClickHouseStoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(endpoint), std::move(client), std::move(options))) {
  impl_->create_schema();
}

ClickHouseStore::~ClickHouseStore() = default;

const std::string& ClickHouseStore::server_version() const { return impl_->version; }

WriteOutcome ClickHouseStore::write(const Batch& batch) {
  const std::vector<std::string> keys = validate_batch(batch);
  std::lock_guard lock(impl_->mutex);
  Impl& m = *impl_;
  // Check, then insert, under this store's mutex: exact for one netkeel server per database. Two servers
  // writing one database could both store a batch retried to each of them (docs/store.md).
  bool seen = false;
  m.for_each_row(clickhouse_sql::batch_seen(m.db(), batch.id), "look up the batch id",
                 [&](RowBinaryReader& in) { seen = in.number<std::uint64_t>() != 0; });
  if (seen) return WriteOutcome::duplicate;

  // The cardinality limits, before anything of the batch is stored.
  std::uint64_t unknown = 0;
  for (const std::string& key : keys) unknown += m.known_series.contains(series_hash(key)) ? 0 : 1;
  const auto host_entry = m.series_per_host.find(batch.id.agent_host);
  check_cardinality(batch.id, unknown, host_entry == m.series_per_host.end() ? 0 : host_entry->second,
                    m.options.cardinality, m.options.rejections.get());
  const std::vector<std::uint64_t> ids = m.register_series(batch, keys);
  if (unknown > 0) m.series_per_host[batch.id.agent_host] += unknown;
  if (!batch.samples.empty()) {
    RowBinaryWriter rows;
    rows.reserve(batch.samples.size() * 26);
    for (const Sample& s : batch.samples) {
      rows.date_of(s.timestamp_ms);
      rows.number<std::uint64_t>(ids[s.series]);
      rows.number<std::int64_t>(s.timestamp_ms);
      rows.number<double>(s.value);
    }
    m.connection.insert_row_binary(clickhouse_samples_table, rows.take(), "store samples");
  }
  if (!batch.events.empty()) {
    RowBinaryWriter rows;
    for (const Event& e : batch.events) {
      rows.date_of(e.timestamp_ms);
      rows.number<std::int64_t>(e.timestamp_ms);
      rows.string(e.host);
      rows.string(e.kind);
      rows.string(e.text);
    }
    m.connection.insert_row_binary(clickhouse_events_table, rows.take(), "store events");
  }
  const TimestampMs newest = newest_timestamp(batch);
  if (newest != no_time) {
    RowBinaryWriter rows;
    rows.string(batch.id.agent_host);
    rows.number<std::int64_t>(newest);
    m.connection.insert_row_binary(clickhouse_hosts_table, rows.take(), "store the host's last-seen time");
  }
  // The batch id last: a write that failed before this point is retried in full, and its samples and
  // events, stored twice, collapse when ClickHouse merges (ReplacingMergeTree); raw reads and events skip
  // the twins before that, aggregates count them until then (docs/store.md).
  RowBinaryWriter id_row;
  id_row.date_of(newest);
  id_row.string(batch.id.agent_host);
  id_row.number<std::uint64_t>(batch.id.sequence);
  id_row.number<std::int64_t>(newest);
  m.connection.insert_row_binary(clickhouse_batches_table, id_row.take(), "store the batch id");
  return WriteOutcome::stored;
}

std::vector<SeriesPoints> ClickHouseStore::query_range(const RangeQuery& query) {
  if (query.step_ms < 0) throw std::invalid_argument("range query: step must be 0 (raw) or positive");
  Impl& m = *impl_;
  std::vector<CatalogEntry> matched = m.match(query.selector, query.deadline);
  if (matched.empty() || query.start_ms > query.end_ms) return {};
  std::vector<std::uint64_t> ids;
  for (const CatalogEntry& e : matched) ids.push_back(e.id);
  // The answer's size, estimated before any point is read: steps per series, or the samples stored.
  if (query.max_points > 0) {
    std::uint64_t estimate = 0;
    std::string what;
    if (query.step_ms > 0) {
      // Unsigned: end - start overflows int64 for times far apart; saturating: so does the + 1.
      std::uint64_t steps = (static_cast<std::uint64_t>(query.end_ms) - static_cast<std::uint64_t>(query.start_ms)) /
                            static_cast<std::uint64_t>(query.step_ms);
      if (steps < std::numeric_limits<std::uint64_t>::max()) ++steps;
      estimate = steps > query.max_points / matched.size() ? query.max_points + 1 : steps * matched.size();
      what = std::to_string(matched.size()) + " series x " + std::to_string(steps) + " steps";
    } else {
      m.for_each_row(clickhouse_sql::sample_count(m.db(), ids, query.start_ms, query.end_ms), "count samples",
                     [&](RowBinaryReader& in) { estimate = in.number<std::uint64_t>(); }, query.deadline);
      what = "samples stored in the range for " + std::to_string(matched.size()) + " series";
    }
    if (estimate > query.max_points) {
      throw QueryTooLarge("the answer would hold more than " + std::to_string(query.max_points) + " points (" + what +
                          "): add match= or a larger step, or shorten the range");
    }
  }
  std::unordered_map<std::uint64_t, std::vector<Point>> points;

  if (query.step_ms == 0) {
    m.for_each_row(clickhouse_sql::raw_samples(m.db(), ids, query.start_ms, query.end_ms), "read raw samples",
                   [&](RowBinaryReader& in) {
                     const auto id = in.number<std::uint64_t>();
                     const auto t = in.number<std::int64_t>();
                     const auto value = in.number<double>();
                     std::vector<Point>& series = points[id];
                     if (!series.empty() && series.back().timestamp_ms == t) return;  // a not-yet-merged twin
                     series.push_back({t, value});
                   }, query.deadline);
  } else {
    m.for_each_row(clickhouse_sql::step_summaries(m.db(), ids, query.start_ms, query.end_ms, query.step_ms),
                   "read step aggregates", [&](RowBinaryReader& in) {
                     const auto id = in.number<std::uint64_t>();
                     const auto bucket = in.number<std::int64_t>();
                     Summary summary;
                     summary.count = in.number<std::uint64_t>();
                     summary.sum = in.number<double>();
                     summary.min = in.number<double>();
                     summary.max = in.number<double>();
                     summary.last = in.number<double>();
                     summary.last_ms = in.number<std::int64_t>();
                     points[id].push_back({query.start_ms + bucket * query.step_ms, summary.value(query.aggregation)});
                   }, query.deadline);
  }
  std::vector<SeriesPoints> out;
  for (CatalogEntry& e : matched) {
    auto found = points.find(e.id);
    if (found == points.end() || found->second.empty()) continue;
    out.push_back({std::move(e.series), std::move(found->second)});
  }
  return out;
}

std::vector<LatestValue> ClickHouseStore::latest(const SeriesSelector& selector) {
  Impl& m = *impl_;
  std::vector<CatalogEntry> matched = m.match(selector);
  if (matched.empty()) return {};
  std::vector<std::uint64_t> ids;
  for (const CatalogEntry& e : matched) ids.push_back(e.id);
  std::unordered_map<std::uint64_t, Point> newest;
  m.for_each_row(clickhouse_sql::latest_samples(m.db(), ids), "read the latest samples", [&](RowBinaryReader& in) {
    const auto id = in.number<std::uint64_t>();
    const auto value = in.number<double>();
    const auto t = in.number<std::int64_t>();
    newest[id] = Point{t, value};
  });
  std::vector<LatestValue> out;
  for (CatalogEntry& e : matched) {
    auto found = newest.find(e.id);
    if (found != newest.end()) out.push_back({std::move(e.series), found->second});
  }
  return out;
}

ProbeMatrix ClickHouseStore::probe_matrix(const ProbeMatrixQuery& query) {
  std::lock_guard lock(impl_->mutex);
  Impl& m = *impl_;
  // ClickHouse streams the window's rows unsorted (its cheapest answer: server-side sorting and array
  // lambdas took 18.16 ~1.3 s of CPU for the 50 x 50 matrix) and netkeel computes the matrix with the
  // same builder as SQLite, so both back ends give the same numbers; twins are counted once.
  enum class Kind { sent, lost, rtt };
  struct ProbeSeries {
    Series series;
    Kind kind;
    bool has_rows = false;
  };
  std::unordered_map<std::uint64_t, ProbeSeries> probe_series;
  std::vector<std::uint64_t> ids;
  ProbeMatrixBuilder& builder = m.matrix_builder;
  builder.clear();
  builder.count_only_kind(query.kind);
  const SeriesSelector on_network = probe_selector(probe_sent_metric, query.network);  // its label matchers
  for (CatalogEntry& e : m.series_of({probe_sent_metric, probe_lost_metric, probe_rtt_metric}, query.deadline)) {
    if (!std::all_of(on_network.matchers.begin(), on_network.matchers.end(),
                     [&](const LabelMatcher& matcher) { return matcher.matches(e.series); })) {
      continue;
    }
    const Kind kind = e.series.metric == probe_rtt_metric    ? Kind::rtt
                      : e.series.metric == probe_sent_metric ? Kind::sent
                                                             : Kind::lost;
    // Another kind's RTTs are not read: the pair still shows through the loop over series without rows.
    if (kind != Kind::rtt || builder.counts(e.series)) ids.push_back(e.id);
    probe_series.emplace(e.id, ProbeSeries{std::move(e.series), kind});
  }
  auto add = [&](const ProbeSeries& s, std::span<const Point> points) {
    switch (s.kind) {
      case Kind::sent: builder.add_sent(s.series, points); break;
      case Kind::lost: builder.add_lost(s.series, points); break;
      case Kind::rtt: builder.add_rtt(s.series, points); break;
    }
  };
  // A bounded number of series per query keeps each answer (and the memory it is grouped in) bounded
  // whatever the matrix's size, and small enough for malloc to reuse instead of mapping fresh pages.
  for (std::size_t first = 0; first < ids.size() && query.start_ms <= query.end_ms; first += matrix_series_per_query) {
    const std::vector<std::uint64_t> some(ids.begin() + static_cast<std::ptrdiff_t>(first),
                                          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), first + matrix_series_per_query)));
    RowsBySeries& rows = m.matrix_rows;
    rows.clear();
    m.for_each_row(clickhouse_sql::window_rows(m.db(), some, query.start_ms, query.end_ms), "read probe samples",
                   [&](RowBinaryReader& in) {
                     const auto id = in.number<std::uint64_t>();
                     const auto t = in.number<std::int64_t>();
                     const auto value = in.number<double>();
                     rows.add(id, t, value);
                   }, query.deadline);
    rows.for_each_series([&](std::uint64_t id, std::span<const Point> points) {
      const auto found = probe_series.find(id);
      if (found == probe_series.end()) return;  // not asked for
      add(found->second, points);
      found->second.has_rows = true;
    });
  }
  // Every probe series on the network names a pair (as in every back end), even without samples in the window.
  for (const auto& [id, s] : probe_series) {
    if (!s.has_rows) add(s, {});
  }
  return builder.build(query.network);
}

std::uint64_t ClickHouseStore::size_bytes() {
  std::uint64_t bytes = 0;
  impl_->for_each_row(clickhouse_sql::size_bytes(impl_->db()), "read the store's size",
                      [&](RowBinaryReader& in) { bytes = in.number<std::uint64_t>(); });
  return bytes;
}

std::vector<HostLastSeen> ClickHouseStore::hosts() {
  std::vector<HostLastSeen> out;
  impl_->for_each_row(clickhouse_sql::hosts(impl_->db()), "read hosts", [&](RowBinaryReader& in) {
    std::string host = in.string();
    out.push_back({std::move(host), in.number<std::int64_t>()});
  });
  return out;
}

EventPage ClickHouseStore::events(const EventQuery& query) {
  return read_event_page(query, [&](const EventRows& rows) {
    std::vector<Event> read;
    impl_->for_each_row(
        clickhouse_sql::events(impl_->db(), rows.from_ms, query.end_ms, query.host, query.kind, rows.skip, rows.count),
        "read events",
        [&](RowBinaryReader& in) {
          Event e;
          e.timestamp_ms = in.number<std::int64_t>();
          e.host = in.string();
          e.kind = in.string();
          e.text = in.string();
          read.push_back(std::move(e));
        },
        query.deadline);
    return read;
  });
}

MaintenanceReport ClickHouseStore::maintain(TimestampMs now_ms) {
  std::lock_guard lock(impl_->mutex);
  Impl& m = *impl_;
  const RetentionPolicy& policy = m.options.retention;
  struct Partition {
    std::string table;
    std::string name;
    std::uint64_t parts = 0;
    std::uint64_t rows = 0;
  };
  std::vector<Partition> partitions;
  m.for_each_row(clickhouse_sql::day_partitions(m.db()), "list day partitions", [&](RowBinaryReader& in) {
    Partition p;
    p.table = in.string();
    p.name = in.string();
    p.parts = in.number<std::uint64_t>();
    p.rows = in.number<std::uint64_t>();
    partitions.push_back(std::move(p));
  });
  MaintenanceReport report;
  for (const Partition& p : partitions) {
    const auto day_start = partition_day_start_ms(p.name);
    if (!day_start) continue;  // not one of ours: leave it
    TimestampMs cutoff = 0;
    std::uint64_t* counter = nullptr;
    std::uint64_t amount = p.rows;
    if (p.table == clickhouse_samples_table) {
      cutoff = now_ms - policy.raw_retention_ms;
      counter = &report.raw_chunks_deleted;
      amount = p.parts;  // a data part is this back end's chunk
    } else if (p.table == clickhouse_events_table) {
      cutoff = now_ms - policy.event_retention_ms;
      counter = &report.events_deleted;
    } else if (p.table == clickhouse_batches_table) {
      cutoff = now_ms - policy.batch_id_retention_ms;
      counter = &report.batch_ids_deleted;
    } else {
      continue;
    }
    if (!partition_expired(*day_start, cutoff)) continue;
    m.connection.query(clickhouse_sql::drop_partition(m.db(), p.table, p.name), "drop an expired day partition");
    *counter += amount;
  }
  return report;
}

}  // namespace netkeel::store
