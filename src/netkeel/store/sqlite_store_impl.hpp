#pragma once
// The embedded store's state and its internal operations, shared by the files that implement SqliteStore:
// sqlite_store_open.cpp (opening, the series catalog, the head log's replay), sqlite_store_reads.cpp
// (points, counters and rollups of one series), sqlite_store_maintenance.cpp (checkpoints, rollups,
// retention) and sqlite_store.cpp (the Store interface). Included by those files only.
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "netkeel/core/error.hpp"
#include "netkeel/store/chunk_codec.hpp"
#include "netkeel/store/counter_summary.hpp"
#include "netkeel/store/head_chunks.hpp"
#include "netkeel/store/probe_matrix.hpp"
#include "netkeel/store/probe_windows.hpp"
#include "netkeel/store/retention_policy.hpp"
#include "netkeel/store/sqlite_database.hpp"
#include "netkeel/store/sqlite_store.hpp"
#include "netkeel/store/summary.hpp"

namespace netkeel::store {

inline constexpr TimestampMs sqlite_no_time = std::numeric_limits<TimestampMs>::min();

struct SqliteCatalogEntry {
  std::int64_t id = 0;
  Series series;
  std::string key;
};

struct SqliteRollupState {
  std::int64_t resolution_ms = 0;
  TimestampMs rolled_up_until = sqlite_no_time;
  TimestampMs retained_from = sqlite_no_time;
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
  void add_to_catalog(SqliteCatalogEntry entry);
  // The catalog's series of the metric, to be matched after the mutex is released (select_series).
  std::vector<const SqliteCatalogEntry*> entries_of(const std::string& metric) const;
  std::vector<const SqliteCatalogEntry*> match_unsorted(const SeriesSelector& selector) const;  // all under the mutex
  // The samples stored for the series in [start, end], counted from the chunk index (whole chunks that
  // overlap the range: an upper bound), without decoding any.
  std::uint64_t stored_points(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end);
  std::optional<SqliteRollupState> rollup_level_for(const RangeQuery& query);
  std::vector<Point> read_series(const SqliteCatalogEntry& entry, const RangeQuery& query,
                                 const std::optional<SqliteRollupState>& level);
  std::vector<Point> read_raw(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end);
  // The same into a buffer the caller reuses (no allocation per series when streaming many).
  void read_raw_into(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end, std::vector<Point>& points);
  // The counter's increase in [start, end] as read_raw_into + counter_increase would give it, but whole
  // chunks inside the window are added from their stored summary instead of being decoded.
  CounterSummary read_counter(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end);
  // Visits the chunk's samples in time order until `visit` returns false, from the last restart whose
  // samples before it all lie before `start` (samples before `start` may still come). A corrupt chunk
  // throws RuntimeError naming it and its series.
  template <typename Visit>
  void decode_chunk(const SqliteCatalogEntry& entry, std::span<const std::uint8_t> bytes,
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
  RuntimeError corrupt(const SqliteCatalogEntry& entry, std::int64_t chunk_id, const CorruptChunk& e) const {
    return RuntimeError("sqlite:" + db.path() + ": chunk " + std::to_string(chunk_id) + " of " + entry.key +
                        " is corrupt: " + e.what());
  }
  // A stored chunk's restarts (none for a NULL column), decoded into a buffer reused per call.
  std::span<const ChunkRestart> stored_restarts(const SqliteCatalogEntry& entry, std::span<const std::uint8_t> bytes,
                                                std::int64_t chunk_id) {
    try {
      restart_scratch = decode_chunk_restarts(bytes);
    } catch (const CorruptChunk& e) {
      throw corrupt(entry, chunk_id, e);
    }
    return restart_scratch;
  }
  std::vector<TimedSummary> read_rollups(const SqliteCatalogEntry& entry, std::int64_t resolution, TimestampMs start,
                                         TimestampMs end);
  std::vector<SqliteRollupState> rollup_states();
  void checkpoint();
  std::uint64_t roll_up(const RollupLevel& level, TimestampMs now);

  SqliteStoreOptions options;
  SqliteDatabase db;
  std::mutex mutex;
  // A deque: it only grows, and growing moves no entry, so queries match entries they listed under the
  // mutex after releasing it.
  std::deque<SqliteCatalogEntry> catalog;
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
  TimestampMs raw_retained_from = sqlite_no_time;

  std::optional<SqliteStatement> insert_batch, insert_series, insert_log, upsert_host, insert_event, upsert_chunk,
      select_chunks, select_chunk_summaries, select_latest_chunk, select_rollups, upsert_rollup, select_chunk_counts,
      upsert_host_series;
};

}  // namespace netkeel::store
