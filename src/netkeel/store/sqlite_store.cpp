#include "netkeel/store/sqlite_store.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "netkeel/core/error.hpp"
#include "netkeel/store/cardinality_limits.hpp"
#include "netkeel/store/chunk_codec.hpp"
#include "netkeel/store/counter_summary.hpp"
#include "netkeel/store/head_chunks.hpp"
#include "netkeel/store/event_paging.hpp"
#include "netkeel/store/head_log_entry.hpp"
#include "netkeel/store/leb128.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/probe_windows.hpp"
#include "netkeel/store/query_too_large.hpp"
#include "netkeel/store/sqlite_database.hpp"
#include "netkeel/store/step_aggregation.hpp"
#include "netkeel/store/summary.hpp"

namespace netkeel::store {
namespace {

// An in-memory chunk holds everything its stored row holds, and more: readers skip the stored row.
bool held_in_memory(const std::vector<HeadChunk>* in_memory, std::int64_t chunk_id) {
  return in_memory && std::any_of(in_memory->begin(), in_memory->end(),
                                  [&](const HeadChunk& c) { return c.chunk_id == chunk_id; });
}

// 2 added chunks.summary (also in the chunk index) and chunks.restarts; a version 1 file is migrated on open.
constexpr std::int64_t schema_version = 2;
constexpr TimestampMs no_time = std::numeric_limits<TimestampMs>::min();

constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series(
  id INTEGER PRIMARY KEY, metric TEXT NOT NULL, labels BLOB NOT NULL, key TEXT NOT NULL UNIQUE);
-- A rowid table, not WITHOUT ROWID: a WITHOUT ROWID row keeps only ~1 KB in its page and spills the
-- rest of a chunk's blob to an overflow page of its own, which tripled the file in the benchmark.
CREATE TABLE IF NOT EXISTS chunks(
  chunk_id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, start_ts INTEGER NOT NULL,
  end_ts INTEGER NOT NULL, count INTEGER NOT NULL, summary BLOB, restarts BLOB, data BLOB NOT NULL);
-- The summary in the index: the probe matrix reads a counter chunk's summary from the index alone.
CREATE INDEX IF NOT EXISTS chunks_by_series ON chunks(series_id, start_ts, end_ts, summary);
CREATE TABLE IF NOT EXISTS head_log(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS batches(
  agent_host TEXT NOT NULL, sequence INTEGER NOT NULL, newest_ts INTEGER NOT NULL,
  PRIMARY KEY(agent_host, sequence)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hosts(host TEXT PRIMARY KEY, last_seen_ts INTEGER NOT NULL) WITHOUT ROWID;
-- Series per agent host, for the --max-series-per-host limit (series stored before this table existed
-- count for nobody).
CREATE TABLE IF NOT EXISTS host_series(agent_host TEXT PRIMARY KEY, series INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, host TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_ts ON events(ts);
CREATE TABLE IF NOT EXISTS rollups(
  resolution_ms INTEGER NOT NULL, series_id INTEGER NOT NULL, bucket_ts INTEGER NOT NULL,
  count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  last REAL NOT NULL, last_ts INTEGER NOT NULL,
  PRIMARY KEY(resolution_ms, series_id, bucket_ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_state(
  resolution_ms INTEGER PRIMARY KEY, rolled_up_until INTEGER NOT NULL, retained_from INTEGER NOT NULL);
)sql";

// Labels as stored in series.labels: per label, LEB128 length + name, LEB128 length + value.
std::vector<std::uint8_t> encode_labels(const std::vector<Label>& labels) {
  std::vector<std::uint8_t> out;
  for (const Label& l : labels) {
    for (const std::string* s : {&l.name, &l.value}) {
      append_leb128(out, s->size());
      out.insert(out.end(), s->begin(), s->end());
    }
  }
  return out;
}

std::vector<Label> decode_labels(std::span<const std::uint8_t> bytes, const std::string& where) {
  std::vector<Label> labels;
  std::size_t i = 0;
  auto read_string = [&]() {
    const Leb128Read length = read_leb128(bytes, i, 9);
    if (length.status != Leb128Status::ok) throw RuntimeError(where + ": stored labels are corrupt");
    const std::uint64_t n = length.value;
    if (n > bytes.size() - i) throw RuntimeError(where + ": stored labels are corrupt");
    std::string s(reinterpret_cast<const char*>(bytes.data() + i), n);
    i += n;
    return s;
  };
  while (i < bytes.size()) {
    Label l;
    l.name = read_string();
    l.value = read_string();
    labels.push_back(std::move(l));
  }
  return labels;
}

TimestampMs floor_to(TimestampMs t, std::int64_t step) {
  const TimestampMs q = t / step * step;
  return q > t ? q - step : q;
}

TimestampMs ceil_to(TimestampMs t, std::int64_t step) {
  const TimestampMs f = floor_to(t, step);
  return f == t ? t : f + step;
}

// Resets a statement however its scope ends, so an error thrown between two steps (a corrupt chunk) does
// not leave the statement mid-query for the next caller.
class ResetOnExit {
 public:
  explicit ResetOnExit(SqliteStatement& statement) : statement_(statement) {}
  ~ResetOnExit() { statement_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  SqliteStatement& statement_;
};

struct CatalogEntry {
  std::int64_t id = 0;
  Series series;
  std::string key;
};

// How many series a query reads under one hold of the store's mutex, and how many points at most:
// a big query then lets writes in between its pieces instead of holding them back until it ends.
constexpr std::size_t series_per_piece = 64;
constexpr std::size_t points_per_piece = 200'000;
// A deadline is checked every this many series matched (a matcher costs well under a microsecond).
constexpr std::size_t series_per_deadline_check = 256;

// The catalog's series that the selector picks, matched without the store's mutex: the entries never
// change once published, and RE2 matching takes time linear in the label values.
std::vector<const CatalogEntry*> select_series(const std::vector<const CatalogEntry*>& candidates,
                                               const SeriesSelector& selector, const QueryDeadline& deadline,
                                               bool sorted) {
  std::vector<const CatalogEntry*> matched;
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

int deadline_passed(void* deadline) { return static_cast<const QueryDeadline*>(deadline)->passed() ? 1 : 0; }

// While alive (under the mutex), SQLite interrupts any statement once the deadline has passed.
class InterruptAtDeadline {
 public:
  InterruptAtDeadline(SqliteDatabase& db, const QueryDeadline& deadline) : db_(db) {
    db_.set_progress_handler(1000, &deadline_passed, const_cast<QueryDeadline*>(&deadline));
  }
  ~InterruptAtDeadline() { db_.set_progress_handler(0, nullptr, nullptr); }
  InterruptAtDeadline(const InterruptAtDeadline&) = delete;
  InterruptAtDeadline& operator=(const InterruptAtDeadline&) = delete;

 private:
  SqliteDatabase& db_;
};

// Runs `read`; a SQLite error that the deadline caused (the statement was interrupted) becomes QueryTimedOut.
template <typename Read>
auto read_before(const QueryDeadline& deadline, const char* what, Read read) {
  try {
    return read();
  } catch (const RuntimeError&) {
    deadline.check(what);
    throw;
  }
}

struct RollupState {
  std::int64_t resolution_ms = 0;
  TimestampMs rolled_up_until = no_time;
  TimestampMs retained_from = no_time;
};

}  // namespace

// One snapshot, and one lock, for all the statements of a query instead of one per statement.
class ReadTransaction {
 public:
  explicit ReadTransaction(SqliteDatabase& db) : db_(db) { db_.exec("BEGIN"); }
  ~ReadTransaction() {
    try {
      db_.exec("COMMIT");
    } catch (...) {  // a read-only transaction has nothing to lose; make sure it ends
      try {
        db_.exec("ROLLBACK");
      } catch (...) {  // none was open
      }
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  SqliteDatabase& db_;
};

struct SqliteStore::Impl {
  Impl(const std::string& path, SqliteStoreOptions opts);

  // Everything below runs with `mutex` held.
  void begin() { db.exec("BEGIN IMMEDIATE"); }
  void commit() { db.exec("COMMIT"); }
  void rollback() noexcept {
    try {
      db.exec("ROLLBACK");
    } catch (...) {  // nothing to undo
    }
  }
  void load_catalog();
  void replay_head_log();
  void load_probe_windows();  // the last matrix_memory_ms of the probe series, from chunks and head chunks
  void add_to_catalog(CatalogEntry entry);
  // The catalog's series of the metric, to be matched after the mutex is released (select_series).
  std::vector<const CatalogEntry*> entries_of(const std::string& metric) const;
  std::vector<const CatalogEntry*> match_unsorted(const SeriesSelector& selector) const;  // all under the mutex
  // The samples stored for the series in [start, end], counted from the chunk index (whole chunks that
  // overlap the range: an upper bound), without decoding any.
  std::uint64_t stored_points(const CatalogEntry& entry, TimestampMs start, TimestampMs end);
  std::optional<RollupState> rollup_level_for(const RangeQuery& query);
  std::vector<Point> read_series(const CatalogEntry& entry, const RangeQuery& query,
                                 const std::optional<RollupState>& level);
  std::vector<Point> read_raw(const CatalogEntry& entry, TimestampMs start, TimestampMs end);
  // The same into a buffer the caller reuses (no allocation per series when streaming many).
  void read_raw_into(const CatalogEntry& entry, TimestampMs start, TimestampMs end, std::vector<Point>& points);
  // The counter's increase in [start, end] as read_raw_into + counter_increase would give it, but whole
  // chunks inside the window are added from their stored summary instead of being decoded.
  CounterSummary read_counter(const CatalogEntry& entry, TimestampMs start, TimestampMs end);
  // Visits the chunk's samples in time order until `visit` returns false, from the last restart whose
  // samples before it all lie before `start` (samples before `start` may still come). A corrupt chunk
  // throws RuntimeError naming it and its series.
  template <typename Visit>
  void decode_chunk(const CatalogEntry& entry, std::span<const std::uint8_t> bytes,
                    std::span<const ChunkRestart> restarts, std::int64_t chunk_id, TimestampMs start, Visit visit) {
    try {
      const ChunkRestart* from = nullptr;
      for (const ChunkRestart& r : restarts) {
        if (r.last_timestamp < start) from = &r;
      }
      ChunkDecoder decoder = from ? ChunkDecoder(bytes, *from) : ChunkDecoder(bytes);
      Point p;
      while (decoder.next(p)) {
        if (!visit(p)) return;
      }
    } catch (const CorruptChunk& e) {
      throw corrupt(entry, chunk_id, e);
    }
  }
  RuntimeError corrupt(const CatalogEntry& entry, std::int64_t chunk_id, const CorruptChunk& e) const {
    return RuntimeError("sqlite:" + db.path() + ": chunk " + std::to_string(chunk_id) + " of " + entry.key +
                        " is corrupt: " + e.what());
  }
  // A stored chunk's restarts (none for a NULL column), decoded into a buffer reused per call.
  std::span<const ChunkRestart> stored_restarts(const CatalogEntry& entry, std::span<const std::uint8_t> bytes,
                                                std::int64_t chunk_id) {
    try {
      restart_scratch = decode_chunk_restarts(bytes);
    } catch (const CorruptChunk& e) {
      throw corrupt(entry, chunk_id, e);
    }
    return restart_scratch;
  }
  void migrate_from_version_1();
  std::vector<TimedSummary> read_rollups(const CatalogEntry& entry, std::int64_t resolution, TimestampMs start,
                                         TimestampMs end);
  std::vector<RollupState> rollup_states();
  void checkpoint();
  std::uint64_t roll_up(const RollupLevel& level, TimestampMs now);
  void set_meta(const char* key, std::int64_t value);

  SqliteStoreOptions options;
  SqliteDatabase db;
  std::mutex mutex;
  // A deque: it only grows, and growing moves no entry, so queries match entries they listed under the
  // mutex after releasing it.
  std::deque<CatalogEntry> catalog;
  std::unordered_map<std::string, std::uint64_t> series_per_host;  // mirrors the host_series table
  std::unordered_map<std::string, std::size_t> catalog_by_key;
  std::unordered_map<std::string, std::vector<std::size_t>> catalog_by_metric;
  std::optional<HeadChunks> heads;
  // Reused by every probe_matrix() call (under the mutex), so their buffers keep their memory.
  ProbeMatrixBuilder matrix_builder;
  // The recent probe samples, so the dashboard's matrix reads memory (none when matrix_memory_ms is 0).
  std::optional<ProbeWindows> probe_windows;
  std::vector<Point> matrix_points;
  std::vector<std::uint8_t> chunk_bytes;  // an in-memory chunk's bytes, reused
  std::vector<ChunkRestart> restart_scratch;
  struct CounterPiece {  // one chunk of a counter series that overlaps the window
    TimestampMs start_ts;
    TimestampMs end_ts;
    std::int64_t chunk_id;
    std::optional<CounterSummary> summary;  // none: a chunk stored before summaries existed
    const HeadChunk* in_memory;             // or stored:
    std::size_t data_begin = 0;             // its blob and restarts in cut_chunk_bytes, when it is decoded
    std::size_t data_size = 0;
    std::size_t restarts_size = 0;          // (after the blob)
  };
  std::vector<CounterPiece> counter_pieces;
  std::vector<std::uint8_t> cut_chunk_bytes;
  std::uint64_t log_bytes = 0;
  TimestampMs raw_retained_from = no_time;

  std::optional<SqliteStatement> insert_batch, insert_series, insert_log, upsert_host, insert_event, upsert_chunk,
      select_chunks, select_chunk_summaries, select_latest_chunk, select_rollups, upsert_rollup, select_chunk_counts,
      upsert_host_series;
};

SqliteStore::Impl::Impl(const std::string& path, SqliteStoreOptions opts) : options(std::move(opts)), db(path) {
  if (options.chunk_samples == 0) throw UsageError("sqlite store: chunk_samples must be at least 1");
  // Both only take effect on a new file. 16 KiB pages pack ~10 chunks of ~1.5 KB each, where 4 KiB pages
  // wasted a third of every page; incremental auto-vacuum lets maintain() shrink the file.
  db.exec("PRAGMA page_size=16384");
  db.exec("PRAGMA auto_vacuum=INCREMENTAL");
  db.exec("PRAGMA journal_mode=WAL");
  db.exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  // Reads come from the mapped file instead of a pread() copy per page, and hot pages stay cached.
  db.exec("PRAGMA mmap_size=" + std::to_string(options.mmap_bytes));
  db.exec("PRAGMA cache_size=-" + std::to_string(options.cache_bytes / 1024));
  db.exec(schema_sql);
  db.exec("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', " + std::to_string(schema_version) + ")");
  bool migrate = false;
  {
    auto s = db.prepare("SELECT key, value FROM meta");
    while (s.step()) {
      const std::string key = s.column_text(0);
      if (key == "schema_version" && s.column_int64(1) == 1) {
        migrate = true;
      } else if (key == "schema_version" && s.column_int64(1) != schema_version) {
        throw RuntimeError("sqlite:" + path + ": schema version " + std::to_string(s.column_int64(1)) +
                           " is not the " + std::to_string(schema_version) +
                           " this netkeel understands: use the matching netkeel or a new file");
      }
      if (key == "raw_retained_from") raw_retained_from = s.column_int64(1);
    }
  }
  if (migrate) migrate_from_version_1();
  insert_batch.emplace(db.prepare("INSERT OR IGNORE INTO batches(agent_host, sequence, newest_ts) VALUES(?, ?, ?)"));
  insert_series.emplace(db.prepare("INSERT INTO series(metric, labels, key) VALUES(?, ?, ?)"));
  insert_log.emplace(db.prepare("INSERT INTO head_log(data) VALUES(?)"));
  upsert_host.emplace(db.prepare(
      "INSERT INTO hosts(host, last_seen_ts) VALUES(?1, ?2) "
      "ON CONFLICT(host) DO UPDATE SET last_seen_ts = max(last_seen_ts, excluded.last_seen_ts)"));
  insert_event.emplace(db.prepare("INSERT INTO events(ts, host, kind, text) VALUES(?, ?, ?, ?)"));
  upsert_chunk.emplace(db.prepare(
      "INSERT OR REPLACE INTO chunks(series_id, start_ts, chunk_id, end_ts, count, data, summary, restarts) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
  // (the chunk_id key makes the upsert replace a head chunk's earlier, shorter version)
  select_chunks.emplace(db.prepare(
      "SELECT chunk_id, data, start_ts, restarts FROM chunks WHERE series_id = ?1 AND start_ts <= ?2 AND end_ts >= ?3 "
      "ORDER BY start_ts"));
  // (ORDER BY start_ts is the index's order; adding chunk_id made SQLite copy every blob into a sorter,
  // a third of the probe matrix's time. read_raw_into restores the chunk_id order where it matters.)
  // From the chunk index alone for a chunk inside the window: SQLite seeks the table row (deferred seek)
  // only for a chunk whose blob the CASE asks for, one the window cuts or without a summary.
  select_chunk_summaries.emplace(db.prepare(
      "SELECT chunk_id, start_ts, end_ts, summary, "
      "CASE WHEN start_ts < ?3 OR end_ts > ?2 OR summary IS NULL THEN data END, "
      "CASE WHEN start_ts < ?3 THEN restarts END "
      "FROM chunks WHERE series_id = ?1 AND start_ts <= ?2 AND end_ts >= ?3 ORDER BY start_ts"));
  select_latest_chunk.emplace(
      db.prepare("SELECT chunk_id, data FROM chunks WHERE series_id = ? ORDER BY end_ts DESC LIMIT 1"));
  select_rollups.emplace(db.prepare(
      "SELECT bucket_ts, count, sum, min, max, last, last_ts FROM rollups "
      "WHERE resolution_ms = ? AND series_id = ? AND bucket_ts >= ? AND bucket_ts <= ? ORDER BY bucket_ts"));
  upsert_rollup.emplace(db.prepare(
      "INSERT OR REPLACE INTO rollups(resolution_ms, series_id, bucket_ts, count, sum, min, max, last, last_ts) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  select_chunk_counts.emplace(db.prepare(
      "SELECT chunk_id, count FROM chunks WHERE series_id = ?1 AND start_ts <= ?2 AND end_ts >= ?3"));
  upsert_host_series.emplace(db.prepare(
      "INSERT INTO host_series(agent_host, series) VALUES(?1, ?2) "
      "ON CONFLICT(agent_host) DO UPDATE SET series = series + excluded.series"));
  {
    auto s = db.prepare("SELECT agent_host, series FROM host_series");
    while (s.step()) series_per_host[s.column_text(0)] = static_cast<std::uint64_t>(s.column_int64(1));
  }

  // Slots of a tenth of the span, at most 30 s: a window's edges decode at most two slots per series.
  if (options.matrix_memory_ms > 0) {
    probe_windows.emplace(options.matrix_memory_ms,
                          std::min<std::int64_t>(30'000, std::max<std::int64_t>(1, options.matrix_memory_ms / 10)));
  }
  load_catalog();
  std::int64_t next_chunk_id = 1;
  {
    auto s = db.prepare("SELECT coalesce(max(chunk_id), 0) + 1 FROM chunks");
    if (s.step()) next_chunk_id = s.column_int64(0);
  }
  heads.emplace(options.chunk_samples, next_chunk_id, options.restart_samples);
  replay_head_log();
  load_probe_windows();
}

void SqliteStore::Impl::add_to_catalog(CatalogEntry entry) {
  const std::size_t index = catalog.size();
  catalog_by_key.emplace(entry.key, index);
  catalog_by_metric[entry.series.metric].push_back(index);
  if (probe_windows) probe_windows->add_series(entry.id, entry.series);
  catalog.push_back(std::move(entry));
}

void SqliteStore::Impl::load_probe_windows() {
  if (!probe_windows) return;
  TimestampMs newest = no_time;
  {
    auto s = db.prepare("SELECT count(*), max(last_seen_ts) FROM hosts");
    if (s.step() && s.column_int64(0) > 0) newest = s.column_int64(1);
  }
  if (newest == no_time) return;  // nothing stored: every sample to come passes through append()
  const TimestampMs from = newest - options.matrix_memory_ms;
  probe_windows->held_from(from);
  ReadTransaction read(db);
  std::vector<Point> points;
  try {
    for (const char* metric : {probe_sent_metric, probe_lost_metric, probe_rtt_metric}) {
      for (const CatalogEntry* entry : entries_of(metric)) {
        read_raw_into(*entry, from, std::numeric_limits<TimestampMs>::max(), points);
        for (const Point& p : points) probe_windows->append(entry->id, p.timestamp_ms, p.value);
      }
    }
  } catch (const RuntimeError&) {
    // A corrupt chunk must not keep the store from opening: matrices over what was loaded are read from
    // the chunks instead, whose reads name the corrupt chunk.
    probe_windows->held_from(newest + 1);
  }
}

void SqliteStore::Impl::load_catalog() {
  auto s = db.prepare("SELECT id, metric, labels, key FROM series ORDER BY id");
  while (s.step()) {
    CatalogEntry entry;
    entry.id = s.column_int64(0);
    entry.series.metric = s.column_text(1);
    entry.series.labels = decode_labels(s.column_blob(2), "sqlite:" + db.path() + ": series " + s.column_text(3));
    entry.key = s.column_text(3);
    add_to_catalog(std::move(entry));
  }
}

void SqliteStore::Impl::replay_head_log() {
  auto s = db.prepare("SELECT seq, data FROM head_log ORDER BY seq");
  while (s.step()) {
    const auto data = s.column_blob(1);
    std::vector<LoggedSample> samples;
    try {
      samples = decode_head_log_entry(data);
    } catch (const std::runtime_error& e) {
      throw RuntimeError("sqlite:" + db.path() + ": head log row " + std::to_string(s.column_int64(0)) +
                         " is corrupt (" + e.what() + ")");
    }
    for (const LoggedSample& sample : samples) heads->append(sample.series_id, sample.timestamp_ms, sample.value);
    log_bytes += data.size();
  }
}

std::vector<const CatalogEntry*> SqliteStore::Impl::match_unsorted(const SeriesSelector& selector) const {
  std::vector<const CatalogEntry*> matched;
  auto it = catalog_by_metric.find(selector.metric);
  if (it == catalog_by_metric.end()) return matched;
  for (std::size_t index : it->second) {
    if (selector.matches(catalog[index].series)) matched.push_back(&catalog[index]);
  }
  return matched;
}

std::vector<const CatalogEntry*> SqliteStore::Impl::entries_of(const std::string& metric) const {
  std::vector<const CatalogEntry*> entries;
  auto it = catalog_by_metric.find(metric);
  if (it == catalog_by_metric.end()) return entries;
  entries.reserve(it->second.size());
  for (std::size_t index : it->second) entries.push_back(&catalog[index]);
  return entries;
}

std::uint64_t SqliteStore::Impl::stored_points(const CatalogEntry& entry, TimestampMs start, TimestampMs end) {
  start = std::max(start, raw_retained_from);
  if (start > end) return 0;
  const std::vector<HeadChunk>* in_memory = heads->chunks_of(entry.id);
  std::uint64_t points = 0;
  SqliteStatement& s = *select_chunk_counts;
  ResetOnExit reset_counts(s);
  s.bind(1, entry.id).bind(2, end).bind(3, start);
  while (s.step()) {
    if (!held_in_memory(in_memory, s.column_int64(0))) points += static_cast<std::uint64_t>(s.column_int64(1));
  }
  if (in_memory) {
    for (const HeadChunk& c : *in_memory) {
      if (c.encoder.last_timestamp() >= start && c.encoder.first_timestamp() <= end) points += c.encoder.count();
    }
  }
  return points;
}

std::vector<Point> SqliteStore::Impl::read_raw(const CatalogEntry& entry, TimestampMs start, TimestampMs end) {
  std::vector<Point> points;
  read_raw_into(entry, start, end, points);
  return points;
}

void SqliteStore::Impl::read_raw_into(const CatalogEntry& entry, TimestampMs start, TimestampMs end,
                                      std::vector<Point>& points) {
  start = std::max(start, raw_retained_from);
  points.clear();
  if (start > end) return;
  const std::vector<HeadChunk>* in_memory = heads->chunks_of(entry.id);
  bool sorted = true;
  // Where each stored chunk's points went, to put the chunks in (start_ts, chunk_id) order when they overlap.
  struct Segment {
    TimestampMs start_ts;
    std::int64_t chunk_id;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Segment> segments;
  auto decode_into = [&](std::span<const std::uint8_t> bytes, std::span<const ChunkRestart> restarts,
                         std::int64_t chunk_id) {
    decode_chunk(entry, bytes, restarts, chunk_id, start, [&](const Point& p) {
      if (p.timestamp_ms < start) return true;
      if (p.timestamp_ms > end) return false;
      if (!points.empty() && p.timestamp_ms <= points.back().timestamp_ms) sorted = false;
      points.push_back(p);
      return true;
    });
  };
  SqliteStatement& s = *select_chunks;
  ResetOnExit reset_chunks(s);
  s.bind(1, entry.id).bind(2, end).bind(3, start);
  while (s.step()) {
    const std::int64_t chunk_id = s.column_int64(0);
    if (held_in_memory(in_memory, chunk_id)) continue;
    const std::size_t begin = points.size();
    // Restarts matter only when the window starts after the chunk does.
    decode_into(s.column_blob(1), s.column_int64(2) < start ? stored_restarts(entry, s.column_blob(3), chunk_id)
                                                            : std::span<const ChunkRestart>(),
                chunk_id);
    segments.push_back({s.column_int64(2), chunk_id, begin, points.size()});
  }
  s.reset();
  if (in_memory) {
    for (const HeadChunk& c : *in_memory) {
      if (c.encoder.last_timestamp() < start || c.encoder.first_timestamp() > end) continue;
      c.encoder.bytes_into(chunk_bytes);
      decode_into(chunk_bytes, c.encoder.restarts(), c.chunk_id);
    }
  }
  if (!sorted) {  // overlapping chunks (out-of-order writes): merge, the later write of a timestamp wins
    // Stored chunks in (start_ts, chunk_id) order, then the in-memory ones, as the stable sort expects.
    std::stable_sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
      return a.start_ts != b.start_ts ? a.start_ts < b.start_ts : a.chunk_id < b.chunk_id;
    });
    std::vector<Point> ordered;
    ordered.reserve(points.size());
    const std::size_t stored_end = segments.empty() ? 0 : std::max_element(segments.begin(), segments.end(),
                                                                           [](const Segment& a, const Segment& b) {
                                                                             return a.end < b.end;
                                                                           })->end;
    for (const Segment& seg : segments) ordered.insert(ordered.end(), points.begin() + seg.begin, points.begin() + seg.end);
    ordered.insert(ordered.end(), points.begin() + stored_end, points.end());
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Point& a, const Point& b) { return a.timestamp_ms < b.timestamp_ms; });
    std::vector<Point> unique;
    for (const Point& p : ordered) {
      if (!unique.empty() && unique.back().timestamp_ms == p.timestamp_ms) {
        unique.back() = p;
      } else {
        unique.push_back(p);
      }
    }
    points = std::move(unique);
  }
}

CounterSummary SqliteStore::Impl::read_counter(const CatalogEntry& entry, TimestampMs start, TimestampMs end) {
  CounterSummary total;
  start = std::max(start, raw_retained_from);
  if (start > end) return total;
  const std::vector<HeadChunk>* in_memory = heads->chunks_of(entry.id);
  std::vector<CounterPiece>& pieces = counter_pieces;
  pieces.clear();
  cut_chunk_bytes.clear();
  SqliteStatement& s = *select_chunk_summaries;
  ResetOnExit reset_summaries(s);
  s.bind(1, entry.id).bind(2, end).bind(3, start);
  while (s.step()) {
    const std::int64_t chunk_id = s.column_int64(0);
    if (held_in_memory(in_memory, chunk_id)) continue;
    CounterPiece piece{s.column_int64(1), s.column_int64(2), chunk_id, decode_counter_summary(s.column_blob(3)), nullptr};
    // Copied: the blob is valid only until the next step, and pieces are folded after all are listed.
    const auto data = s.column_blob(4);
    const auto restarts = s.column_blob(5);
    piece.data_begin = cut_chunk_bytes.size();
    piece.data_size = data.size();
    piece.restarts_size = restarts.size();
    cut_chunk_bytes.insert(cut_chunk_bytes.end(), data.begin(), data.end());
    cut_chunk_bytes.insert(cut_chunk_bytes.end(), restarts.begin(), restarts.end());
    pieces.push_back(piece);
  }
  s.reset();
  if (in_memory) {
    for (const HeadChunk& c : *in_memory) {
      if (c.encoder.last_timestamp() < start || c.encoder.first_timestamp() > end) continue;
      pieces.push_back({c.encoder.first_timestamp(), c.encoder.last_timestamp(), c.chunk_id, c.summary, &c});
    }
  }
  auto by_time = [](const CounterPiece& a, const CounterPiece& b) {
    return a.start_ts != b.start_ts ? a.start_ts < b.start_ts : a.chunk_id < b.chunk_id;
  };
  if (!std::is_sorted(pieces.begin(), pieces.end(), by_time)) std::sort(pieces.begin(), pieces.end(), by_time);
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    if (pieces[i].start_ts <= pieces[i - 1].end_ts) {
      // Overlapping chunks (late samples): only the merged samples say which write of a time counts.
      CounterSummary merged;
      read_raw_into(entry, start, end, matrix_points);
      for (const Point& p : matrix_points) merged.add(p.value);
      return merged;
    }
  }
  for (const CounterPiece& piece : pieces) {
    if (piece.summary && piece.start_ts >= start && piece.end_ts <= end) {
      total.append(*piece.summary);
      continue;
    }
    // A chunk the window cuts (or one without a summary): its samples inside the window, one by one.
    auto add_in_window = [&](const Point& p) {
      if (p.timestamp_ms > end) return false;
      if (p.timestamp_ms >= start) total.add(p.value);
      return true;
    };
    if (piece.in_memory) {
      piece.in_memory->encoder.bytes_into(chunk_bytes);
      decode_chunk(entry, chunk_bytes, piece.in_memory->encoder.restarts(), piece.chunk_id, start, add_in_window);
    } else {
      const std::uint8_t* bytes = cut_chunk_bytes.data() + piece.data_begin;
      const std::span<const std::uint8_t> data(bytes, piece.data_size);
      const std::span<const std::uint8_t> restarts(bytes + piece.data_size, piece.restarts_size);
      decode_chunk(entry, data, stored_restarts(entry, restarts, piece.chunk_id), piece.chunk_id, start, add_in_window);
    }
  }
  return total;
}

void SqliteStore::Impl::migrate_from_version_1() {
  // Chunks written by version 1 keep a NULL summary and are decoded when read; new chunks get one.
  begin();
  try {
    db.exec(
        "ALTER TABLE chunks ADD COLUMN summary BLOB;"
        "ALTER TABLE chunks ADD COLUMN restarts BLOB;"
        "DROP INDEX chunks_by_series;"
        "CREATE INDEX chunks_by_series ON chunks(series_id, start_ts, end_ts, summary);");
    set_meta("schema_version", schema_version);
    commit();
  } catch (...) {
    rollback();
    throw;
  }
}

std::vector<TimedSummary> SqliteStore::Impl::read_rollups(const CatalogEntry& entry, std::int64_t resolution,
                                                          TimestampMs start, TimestampMs end) {
  std::vector<TimedSummary> buckets;
  SqliteStatement& s = *select_rollups;
  s.bind(1, resolution).bind(2, entry.id).bind(3, start).bind(4, end);
  while (s.step()) {
    TimedSummary b;
    b.bucket_start_ms = s.column_int64(0);
    b.summary.count = static_cast<std::uint64_t>(s.column_int64(1));
    b.summary.sum = s.column_double(2);
    b.summary.min = s.column_double(3);
    b.summary.max = s.column_double(4);
    b.summary.last = s.column_double(5);
    b.summary.last_ms = s.column_int64(6);
    buckets.push_back(b);
  }
  s.reset();
  return buckets;
}

std::vector<RollupState> SqliteStore::Impl::rollup_states() {
  std::vector<RollupState> states;
  auto s = db.prepare("SELECT resolution_ms, rolled_up_until, retained_from FROM rollup_state ORDER BY resolution_ms");
  while (s.step()) states.push_back({s.column_int64(0), s.column_int64(1), s.column_int64(2)});
  return states;
}

std::optional<RollupState> SqliteStore::Impl::rollup_level_for(const RangeQuery& query) {
  // Older than raw retention, a step query reads the finest rollup that still covers its start.
  std::optional<RollupState> level;
  if (query.step_ms > 0 && query.start_ms < raw_retained_from) {
    const auto states = rollup_states();  // finest first
    for (const RollupState& state : states) {
      if (state.retained_from <= query.start_ms) {
        level = state;
        break;
      }
    }
    if (!level) {  // none reaches back far enough: the one reaching furthest
      for (const RollupState& state : states) {
        if (!level || state.retained_from < level->retained_from) level = state;
      }
    }
  }
  return level;
}

std::vector<Point> SqliteStore::Impl::read_series(const CatalogEntry& entry, const RangeQuery& query,
                                                  const std::optional<RollupState>& level) {
  if (query.step_ms == 0) return read_raw(entry, query.start_ms, query.end_ms);
  if (!level) return aggregate_steps(read_raw(entry, query.start_ms, query.end_ms), query);
  // Rollup buckets before the boundary, raw samples from it on; the boundary is aligned to the
  // bucket width so that no sample is counted twice.
  const TimestampMs boundary = ceil_to(raw_retained_from, level->resolution_ms);
  std::vector<TimedSummary> parts =
      read_rollups(entry, level->resolution_ms, query.start_ms, std::min(query.end_ms, boundary - 1));
  if (query.end_ms >= boundary) {
    for (const Point& p : read_raw(entry, std::max(query.start_ms, boundary), query.end_ms)) {
      TimedSummary single{p.timestamp_ms, {}};
      single.summary.add(p.timestamp_ms, p.value);
      parts.push_back(single);
    }
  }
  return aggregate_steps(parts, query);
}

void SqliteStore::Impl::checkpoint() {
  begin();
  try {
    // In chunk_id (= rowid) order: appending to the B-tree fills its pages, random order half-fills them.
    std::vector<std::pair<std::int64_t, const HeadChunk*>> dirty;
    heads->for_each_dirty([&](std::int64_t series_id, const HeadChunk& chunk) { dirty.emplace_back(series_id, &chunk); });
    std::sort(dirty.begin(), dirty.end(),
              [](const auto& a, const auto& b) { return a.second->chunk_id < b.second->chunk_id; });
    std::vector<std::uint8_t> bytes;
    for (const auto& [series_id, chunk_pointer] : dirty) {
      const HeadChunk& chunk = *chunk_pointer;
      bytes = chunk.encoder.bytes();
      const auto summary = encode_counter_summary(chunk.summary);
      const std::vector<std::uint8_t> restarts = encode_chunk_restarts(chunk.encoder.restarts());
      SqliteStatement& s = *upsert_chunk;
      s.bind(1, series_id)
          .bind(2, chunk.encoder.first_timestamp())
          .bind(3, chunk.chunk_id)
          .bind(4, chunk.encoder.last_timestamp())
          .bind(5, static_cast<std::int64_t>(chunk.encoder.count()))
          .bind_blob(6, bytes)
          .bind_blob(7, summary)
          .bind_blob(8, restarts);
      s.run();
    }
    db.exec("DELETE FROM head_log");
    commit();
  } catch (...) {
    rollback();
    throw;
  }
  heads->mark_checkpointed();
  log_bytes = 0;
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void SqliteStore::Impl::set_meta(const char* key, std::int64_t value) {
  auto s = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
  s.bind(1, std::string_view(key)).bind(2, value);
  s.run();
}

std::uint64_t SqliteStore::Impl::roll_up(const RollupLevel& level, TimestampMs now) {
  const std::int64_t resolution = level.resolution_ms;
  std::optional<RollupState> state;
  for (const RollupState& s : rollup_states()) {
    if (s.resolution_ms == resolution) state = s;
  }
  TimestampMs from = no_time;
  if (state) {
    from = state->rolled_up_until;
  } else {  // first run: from the oldest stored sample
    auto s = db.prepare("SELECT count(*), min(start_ts) FROM chunks");
    if (s.step() && s.column_int64(0) > 0) from = floor_to(s.column_int64(1), resolution);
  }
  const TimestampMs until = floor_to(now, resolution);  // only complete buckets
  from = std::max(from, floor_to(now - level.retention_ms, resolution));
  std::uint64_t written = 0;
  if (from != no_time && until > from) {
    for (const CatalogEntry& entry : catalog) {
      std::map<TimestampMs, Summary> buckets;
      for (const Point& p : read_raw(entry, from, until - 1)) {
        buckets[floor_to(p.timestamp_ms, resolution)].add(p.timestamp_ms, p.value);
      }
      for (const auto& [bucket, summary] : buckets) {
        if (summary.count == 0) continue;  // only NaN samples
        SqliteStatement& s = *upsert_rollup;
        s.bind(1, resolution)
            .bind(2, entry.id)
            .bind(3, bucket)
            .bind(4, static_cast<std::int64_t>(summary.count))
            .bind(5, summary.sum)
            .bind(6, summary.min)
            .bind(7, summary.max)
            .bind(8, summary.last)
            .bind(9, summary.last_ms);
        s.run();
        ++written;
      }
    }
  }
  auto s = db.prepare("INSERT OR REPLACE INTO rollup_state(resolution_ms, rolled_up_until, retained_from) VALUES(?, ?, ?)");
  s.bind(1, resolution).bind(2, std::max(until, state ? state->rolled_up_until : until)).bind(3, now - level.retention_ms);
  s.run();
  return written;
}

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
  std::vector<CatalogEntry> new_series;
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
      const auto labels = encode_labels(batch.series[i].labels);
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
    if (newest != no_time) {
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
  for (CatalogEntry& entry : new_series) m.add_to_catalog(std::move(entry));
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
  std::vector<const CatalogEntry*> candidates;
  {
    std::lock_guard lock(m.mutex);
    candidates = m.entries_of(query.selector.metric);
  }
  const std::vector<const CatalogEntry*> matched = select_series(candidates, query.selector, query.deadline, true);
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
    const std::optional<RollupState> level = m.rollup_level_for(query);
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
  std::vector<const CatalogEntry*> candidates;
  {
    std::lock_guard lock(m.mutex);
    candidates = m.entries_of(selector.metric);
  }
  const std::vector<const CatalogEntry*> matched = select_series(candidates, selector, QueryDeadline(), true);
  std::vector<LatestValue> out;
  for (std::size_t next = 0; next < matched.size();) {
    std::lock_guard lock(m.mutex);
    ReadTransaction read(m.db);
    for (std::size_t taken = 0; next < matched.size() && taken < series_per_piece; ++taken, ++next) {
      const CatalogEntry* entry = matched[next];
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
    for (const CatalogEntry* entry : m.match_unsorted(probe_selector(probe_sent_metric, query.network))) {
      query.deadline.check("probe matrix");
      builder.add_sent_increase(entry->series, m.read_counter(*entry, query.start_ms, query.end_ms).increase);
    }
    for (const CatalogEntry* entry : m.match_unsorted(probe_selector(probe_lost_metric, query.network))) {
      query.deadline.check("probe matrix");
      builder.add_lost_increase(entry->series, m.read_counter(*entry, query.start_ms, query.end_ms).increase);
    }
    for (const CatalogEntry* entry : m.match_unsorted(probe_selector(probe_rtt_metric, query.network))) {
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
  const EventRows rows = event_rows(query);
  std::vector<Event> read;
  query.deadline.check("events query");
  if (rows.from_ms <= query.end_ms) {
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
  }
  return event_page(std::move(read), query);
}

MaintenanceReport SqliteStore::maintain(TimestampMs now_ms) {
  std::lock_guard lock(impl_->mutex);
  Impl& m = *impl_;
  const RetentionPolicy& policy = m.options.retention;
  MaintenanceReport report;
  m.checkpoint();  // every sample in the chunk table, so rollups and deletes see all of them
  m.begin();
  try {
    for (const RollupLevel& level : policy.rollups) report.rollup_buckets_written += m.roll_up(level, now_ms);

    const TimestampMs raw_cutoff = now_ms - policy.raw_retention_ms;
    auto raw = m.db.prepare("DELETE FROM chunks WHERE end_ts < ?");
    raw.bind(1, raw_cutoff);
    raw.run();
    report.raw_chunks_deleted = static_cast<std::uint64_t>(m.db.changes());
    m.set_meta("raw_retained_from", std::max(m.raw_retained_from, raw_cutoff));

    for (const RollupLevel& level : policy.rollups) {
      auto s = m.db.prepare("DELETE FROM rollups WHERE resolution_ms = ? AND bucket_ts < ?");
      s.bind(1, level.resolution_ms).bind(2, now_ms - level.retention_ms);
      s.run();
      report.rollup_buckets_deleted += static_cast<std::uint64_t>(m.db.changes());
    }
    auto events = m.db.prepare("DELETE FROM events WHERE ts < ?");
    events.bind(1, now_ms - policy.event_retention_ms);
    events.run();
    report.events_deleted = static_cast<std::uint64_t>(m.db.changes());
    auto batches = m.db.prepare("DELETE FROM batches WHERE newest_ts < ?");
    batches.bind(1, now_ms - policy.batch_id_retention_ms);
    batches.run();
    report.batch_ids_deleted = static_cast<std::uint64_t>(m.db.changes());
    m.commit();
    m.raw_retained_from = std::max(m.raw_retained_from, raw_cutoff);
    m.heads->drop_older_than(raw_cutoff);
  } catch (...) {
    m.rollback();
    throw;
  }
  m.db.exec("PRAGMA incremental_vacuum");
  return report;
}

void SqliteStore::checkpoint() {
  std::lock_guard lock(impl_->mutex);
  impl_->checkpoint();
}

std::size_t SqliteStore::matrix_memory_series() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->probe_windows ? impl_->probe_windows->series_count() : 0;
}

std::uint64_t SqliteStore::matrix_memory_bytes() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->probe_windows ? impl_->probe_windows->memory_bytes() : 0;
}

std::uint64_t SqliteStore::head_log_bytes() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log_bytes;
}

}  // namespace netkeel::store
