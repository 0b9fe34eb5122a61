#pragma once
// The embedded store (`--store sqlite:PATH`): one SQLite file in WAL mode holding Gorilla-compressed
// chunks per series, a head log that makes each write durable with one row, rollups and retention.
// Schema, durability and retention: docs/store.md. Thread-safe: one mutex, for SQLite has one writer
// anyway; queries match their series without it and read points under it in bounded pieces, so writes go
// on while a query runs.
#include <cstdint>
#include <memory>
#include <string>

#include "netkeel/store/cardinality_limits.hpp"
#include "netkeel/store/retention_policy.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::store {

struct SqliteStoreOptions {
  RetentionPolicy retention;
  std::uint32_t chunk_samples = 240;  // a chunk is sealed at this many samples (4 min of 1 Hz data)
  // A restart point (the decoder's state) every this many samples of a chunk, so a read whose window
  // starts inside a chunk decodes from the last one before it instead of from the chunk's start (0: none).
  std::uint32_t restart_samples = 80;
  // The head log is folded into chunks (a checkpoint) once it holds this many bytes.
  std::uint64_t checkpoint_log_bytes = 32 * 1024 * 1024;
  // false: PRAGMA synchronous=NORMAL (a write survives a crash of the process, the last writes can be
  // lost on power failure); true: FULL (fsync per write, survives power failure too).
  bool synchronous_full = false;
  std::uint64_t mmap_bytes = 256 * 1024 * 1024;  // PRAGMA mmap_size: how much of the file reads map
  std::uint64_t cache_bytes = 64 * 1024 * 1024;  // PRAGMA cache_size: SQLite's page cache
  // How much of the newest data time the probe matrix keeps in memory (ProbeWindows, docs/store.md, "The
  // probe matrix in memory"): a matrix whose window starts inside it is answered from memory. 0: none kept.
  std::int64_t matrix_memory_ms = 10 * 60 * 1000;
  CardinalityLimits cardinality;  // new series per batch and series per agent host
  // Where refused batches are counted by limit (shared with whoever shows them); none: counted nowhere.
  std::shared_ptr<CardinalityRejections> rejections;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the database and replays its head log. Throws RuntimeError.
  explicit SqliteStore(const std::string& path, SqliteStoreOptions options = {});
  ~SqliteStore() override;  // checkpoints

  WriteOutcome write(const Batch& batch) override;
  std::vector<SeriesPoints> query_range(const RangeQuery& query) override;
  std::vector<LatestValue> latest(const SeriesSelector& selector) override;
  ProbeMatrix probe_matrix(const ProbeMatrixQuery& query) override;
  std::vector<HostLastSeen> hosts() override;
  EventPage events(const EventQuery& query) override;
  MaintenanceReport maintain(TimestampMs now_ms) override;
  std::uint64_t size_bytes() override;

  // Writes every in-memory chunk to the chunk table, empties the head log and truncates the WAL.
  void checkpoint();
  std::uint64_t head_log_bytes() const;  // logged since the last checkpoint
  // The probe matrix's in-memory windows: series kept and heap bytes (0, 0 when matrix_memory_ms is 0).
  std::size_t matrix_memory_series() const;
  std::uint64_t matrix_memory_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace netkeel::store
