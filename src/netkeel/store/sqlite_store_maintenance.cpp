// Keeping the embedded store small: checkpoints (the head log folded into chunks), rollups, and retention.
#include <algorithm>
#include <map>

#include "netkeel/store/sqlite_schema.hpp"
#include "netkeel/store/sqlite_store_impl.hpp"
#include "netkeel/store/time_buckets.hpp"

namespace netkeel::store {

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

std::uint64_t SqliteStore::Impl::roll_up(const RollupLevel& level, TimestampMs now) {
  const std::int64_t resolution = level.resolution_ms;
  std::optional<SqliteRollupState> state;
  for (const SqliteRollupState& s : rollup_states()) {
    if (s.resolution_ms == resolution) state = s;
  }
  TimestampMs from = sqlite_no_time;
  if (state) {
    from = state->rolled_up_until;
  } else {  // first run: from the oldest stored sample
    auto s = db.prepare("SELECT count(*), min(start_ts) FROM chunks");
    if (s.step() && s.column_int64(0) > 0) from = floor_to(s.column_int64(1), resolution);
  }
  const TimestampMs until = floor_to(now, resolution);  // only complete buckets
  from = std::max(from, floor_to(now - level.retention_ms, resolution));
  std::uint64_t written = 0;
  if (from != sqlite_no_time && until > from) {
    for (const SqliteCatalogEntry& entry : catalog) {
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
    set_sqlite_meta(m.db, "raw_retained_from", std::max(m.raw_retained_from, raw_cutoff));

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
