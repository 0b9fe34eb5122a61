// Reading one series of the embedded store: raw points (stored and in-memory chunks, merged when late
// writes made them overlap), a counter's increase from chunk summaries, rollup buckets, and which rollup a
// step query older than raw retention reads.
#include <algorithm>

#include "netkeel/store/sqlite_read_guards.hpp"
#include "netkeel/store/sqlite_store_impl.hpp"
#include "netkeel/store/step_aggregation.hpp"
#include "netkeel/store/time_buckets.hpp"

namespace netkeel::store {
namespace {

// An in-memory chunk holds everything its stored row holds, and more: readers skip the stored row.
bool held_in_memory(const std::vector<HeadChunk>* in_memory, std::int64_t chunk_id) {
  return in_memory && std::any_of(in_memory->begin(), in_memory->end(),
                                  [&](const HeadChunk& c) { return c.chunk_id == chunk_id; });
}

}  // namespace

std::uint64_t SqliteStore::Impl::stored_points(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end) {
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

std::vector<Point> SqliteStore::Impl::read_raw(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end) {
  std::vector<Point> points;
  read_raw_into(entry, start, end, points);
  return points;
}

void SqliteStore::Impl::read_raw_into(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end,
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

CounterSummary SqliteStore::Impl::read_counter(const SqliteCatalogEntry& entry, TimestampMs start, TimestampMs end) {
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

std::vector<TimedSummary> SqliteStore::Impl::read_rollups(const SqliteCatalogEntry& entry, std::int64_t resolution,
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

std::vector<SqliteRollupState> SqliteStore::Impl::rollup_states() {
  std::vector<SqliteRollupState> states;
  auto s = db.prepare("SELECT resolution_ms, rolled_up_until, retained_from FROM rollup_state ORDER BY resolution_ms");
  while (s.step()) states.push_back({s.column_int64(0), s.column_int64(1), s.column_int64(2)});
  return states;
}

std::optional<SqliteRollupState> SqliteStore::Impl::rollup_level_for(const RangeQuery& query) {
  // Older than raw retention, a step query reads the finest rollup that still covers its start.
  std::optional<SqliteRollupState> level;
  if (query.step_ms > 0 && query.start_ms < raw_retained_from) {
    const auto states = rollup_states();  // finest first
    for (const SqliteRollupState& state : states) {
      if (state.retained_from <= query.start_ms) {
        level = state;
        break;
      }
    }
    if (!level) {  // none reaches back far enough: the one reaching furthest
      for (const SqliteRollupState& state : states) {
        if (!level || state.retained_from < level->retained_from) level = state;
      }
    }
  }
  return level;
}

std::vector<Point> SqliteStore::Impl::read_series(const SqliteCatalogEntry& entry, const RangeQuery& query,
                                                  const std::optional<SqliteRollupState>& level) {
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

}  // namespace netkeel::store
