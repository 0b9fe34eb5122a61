#include "netkeel/store/head_chunks.hpp"

#include <algorithm>

namespace netkeel::store {

void HeadChunks::append(std::int64_t series_id, std::int64_t timestamp_ms, double value) {
  std::vector<HeadChunk>& chunks = chunks_[series_id];
  if (!chunks.empty() && !chunks.back().sealed) {
    HeadChunk& open = chunks.back();
    if (open.encoder.count() < chunk_samples_ && open.encoder.append(timestamp_ms, value)) {
      open.dirty = true;
      open.summary.add(value);
      if (open.encoder.count() >= chunk_samples_) open.sealed = true;
      return;
    }
    open.sealed = true;
  }
  HeadChunk fresh;
  fresh.encoder = ChunkEncoder(restart_samples_);
  fresh.chunk_id = next_chunk_id_++;
  fresh.encoder.append(timestamp_ms, value);
  fresh.summary.add(value);
  fresh.sealed = chunk_samples_ <= 1;
  chunks.push_back(std::move(fresh));
}

const std::vector<HeadChunk>* HeadChunks::chunks_of(std::int64_t series_id) const {
  auto it = chunks_.find(series_id);
  return it == chunks_.end() ? nullptr : &it->second;
}

void HeadChunks::for_each_dirty(const std::function<void(std::int64_t, const HeadChunk&)>& visit) const {
  for (const auto& [series_id, chunks] : chunks_) {
    for (const HeadChunk& chunk : chunks) {
      if (chunk.dirty) visit(series_id, chunk);
    }
  }
}

void HeadChunks::mark_checkpointed() {
  for (auto it = chunks_.begin(); it != chunks_.end();) {
    auto& chunks = it->second;
    chunks.erase(std::remove_if(chunks.begin(), chunks.end(), [](const HeadChunk& c) { return c.sealed; }),
                 chunks.end());
    for (HeadChunk& c : chunks) c.dirty = false;
    it = chunks.empty() ? chunks_.erase(it) : std::next(it);
  }
}

void HeadChunks::drop_older_than(std::int64_t cutoff_ms) {
  for (auto it = chunks_.begin(); it != chunks_.end();) {
    auto& chunks = it->second;
    chunks.erase(std::remove_if(chunks.begin(), chunks.end(),
                                [&](const HeadChunk& c) { return c.encoder.last_timestamp() < cutoff_ms; }),
                 chunks.end());
    it = chunks.empty() ? chunks_.erase(it) : std::next(it);
  }
}

}  // namespace netkeel::store
