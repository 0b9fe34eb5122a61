// Opening the embedded store: pragmas, schema and migration, prepared statements, the series catalog and
// the replay of the head log.
#include <algorithm>
#include <limits>

#include "netkeel/store/head_log_entry.hpp"
#include "netkeel/store/sqlite_read_guards.hpp"
#include "netkeel/store/sqlite_schema.hpp"
#include "netkeel/store/sqlite_series_labels.hpp"
#include "netkeel/store/sqlite_store_impl.hpp"

namespace netkeel::store {

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
  db.exec(sqlite_schema_sql);
  db.exec("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', " + std::to_string(sqlite_schema_version) + ")");
  bool migrate = false;
  {
    auto s = db.prepare("SELECT key, value FROM meta");
    while (s.step()) {
      const std::string key = s.column_text(0);
      if (key == "schema_version" && s.column_int64(1) == 1) {
        migrate = true;
      } else if (key == "schema_version" && s.column_int64(1) != sqlite_schema_version) {
        throw RuntimeError("sqlite:" + path + ": schema version " + std::to_string(s.column_int64(1)) +
                           " is not the " + std::to_string(sqlite_schema_version) +
                           " this netkeel understands: use the matching netkeel or a new file");
      }
      if (key == "raw_retained_from") raw_retained_from = s.column_int64(1);
    }
  }
  if (migrate) migrate_sqlite_schema_from_version_1(db);
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

void SqliteStore::Impl::add_to_catalog(SqliteCatalogEntry entry) {
  const std::size_t index = catalog.size();
  catalog_by_key.emplace(entry.key, index);
  catalog_by_metric[entry.series.metric].push_back(index);
  if (probe_windows) probe_windows->add_series(entry.id, entry.series);
  catalog.push_back(std::move(entry));
}

void SqliteStore::Impl::load_probe_windows() {
  if (!probe_windows) return;
  TimestampMs newest = sqlite_no_time;
  {
    auto s = db.prepare("SELECT count(*), max(last_seen_ts) FROM hosts");
    if (s.step() && s.column_int64(0) > 0) newest = s.column_int64(1);
  }
  if (newest == sqlite_no_time) return;  // nothing stored: every sample to come passes through append()
  const TimestampMs from = newest - options.matrix_memory_ms;
  probe_windows->held_from(from);
  ReadTransaction read(db);
  std::vector<Point> points;
  try {
    for (const char* metric : {probe_sent_metric, probe_lost_metric, probe_rtt_metric}) {
      for (const SqliteCatalogEntry* entry : entries_of(metric)) {
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
    SqliteCatalogEntry entry;
    entry.id = s.column_int64(0);
    entry.series.metric = s.column_text(1);
    entry.series.labels = decode_sqlite_labels(s.column_blob(2), "sqlite:" + db.path() + ": series " + s.column_text(3));
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

std::vector<const SqliteCatalogEntry*> SqliteStore::Impl::match_unsorted(const SeriesSelector& selector) const {
  std::vector<const SqliteCatalogEntry*> matched;
  auto it = catalog_by_metric.find(selector.metric);
  if (it == catalog_by_metric.end()) return matched;
  for (std::size_t index : it->second) {
    if (selector.matches(catalog[index].series)) matched.push_back(&catalog[index]);
  }
  return matched;
}

std::vector<const SqliteCatalogEntry*> SqliteStore::Impl::entries_of(const std::string& metric) const {
  std::vector<const SqliteCatalogEntry*> entries;
  auto it = catalog_by_metric.find(metric);
  if (it == catalog_by_metric.end()) return entries;
  entries.reserve(it->second.size());
  for (std::size_t index : it->second) entries.push_back(&catalog[index]);
  return entries;
}

}  // namespace netkeel::store
