#pragma once
// The SQLite back end's in-memory chunks: per series, chunks whose newest samples are not yet in the
// chunk table (they are in the head log). A checkpoint writes them and forgets the sealed ones.
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "netkeel/store/chunk_codec.hpp"
#include "netkeel/store/counter_summary.hpp"

namespace netkeel::store {

struct HeadChunk {
  std::int64_t chunk_id = 0;  // the chunk table key it is (or will be) stored under
  ChunkEncoder encoder;
  CounterSummary summary;  // of the samples in `encoder`, kept as they arrive (stored with the chunk)
  bool sealed = false;  // full, or closed by an out-of-order sample: no more appends
  bool dirty = true;    // changed since the last checkpoint
};

class HeadChunks {
 public:
  // restart_samples: a ChunkRestart every this many samples in each chunk (0: none).
  HeadChunks(std::uint32_t chunk_samples, std::int64_t next_chunk_id, std::uint32_t restart_samples = 0)
      : chunk_samples_(chunk_samples), next_chunk_id_(next_chunk_id), restart_samples_(restart_samples) {}

  // Appends to the series' open chunk; a full chunk, or a sample not newer than the open chunk's last,
  // seals it and opens a new one.
  void append(std::int64_t series_id, std::int64_t timestamp_ms, double value);

  const std::vector<HeadChunk>* chunks_of(std::int64_t series_id) const;

  void for_each_dirty(const std::function<void(std::int64_t series_id, const HeadChunk&)>& visit) const;
  void mark_checkpointed();  // forgets sealed chunks, marks the open ones clean
  // Forgets chunks whose newest sample is older than `cutoff_ms` (retention deleted their rows).
  void drop_older_than(std::int64_t cutoff_ms);

 private:
  std::uint32_t chunk_samples_;
  std::int64_t next_chunk_id_;
  std::uint32_t restart_samples_;
  std::unordered_map<std::int64_t, std::vector<HeadChunk>> chunks_;
};

}  // namespace netkeel::store
