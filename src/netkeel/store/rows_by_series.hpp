#pragma once
// Groups (series, time, value) rows that arrive in any order, as ClickHouse streams an unsorted answer,
// into each series' points in time order. Rows of one series mostly arrive together and in time order
// (a data part is sorted by (series_id, t)), so they are kept as runs and sorted only when a series has
// several. A repeated (series, time) -- a not-yet-merged twin -- is kept once, the first one seen, as
// raw reads do. Buffers keep their memory across clear(), so a store reuses one per query. Pure.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "netkeel/store/point.hpp"

namespace netkeel::store {

class RowsBySeries {
 public:
  void add(std::uint64_t series_id, std::int64_t timestamp_ms, double value) {
    if (!runs_.empty() && runs_.back().series_id == series_id && points_.back().timestamp_ms < timestamp_ms) {
      points_.push_back({timestamp_ms, value});
      ++runs_.back().end;
      return;
    }
    runs_.push_back({series_id, points_.size(), points_.size() + 1});
    points_.push_back({timestamp_ms, value});
  }

  // Calls `visit` once per series that had rows, with its points strictly increasing in time; the span
  // is valid during the call only.
  void for_each_series(const std::function<void(std::uint64_t series_id, std::span<const Point> points)>& visit);

  void clear();

 private:
  struct Run {
    std::uint64_t series_id;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Point> points_;
  std::vector<Run> runs_;
  std::vector<Point> merged_;  // scratch for a series with several runs
};

}  // namespace netkeel::store
