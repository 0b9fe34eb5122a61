#include "netkeel/store/rows_by_series.hpp"

#include <algorithm>

namespace netkeel::store {

void RowsBySeries::for_each_series(
    const std::function<void(std::uint64_t series_id, std::span<const Point> points)>& visit) {
  // Runs of one series next to each other, in the order their first points came (stable), then merged.
  std::stable_sort(runs_.begin(), runs_.end(), [](const Run& a, const Run& b) { return a.series_id < b.series_id; });
  for (std::size_t i = 0; i < runs_.size();) {
    std::size_t j = i + 1;
    while (j < runs_.size() && runs_[j].series_id == runs_[i].series_id) ++j;
    if (j == i + 1) {
      visit(runs_[i].series_id, std::span<const Point>(points_.data() + runs_[i].begin, runs_[i].end - runs_[i].begin));
    } else {
      merged_.clear();
      for (std::size_t k = i; k < j; ++k) {
        merged_.insert(merged_.end(), points_.begin() + static_cast<std::ptrdiff_t>(runs_[k].begin),
                       points_.begin() + static_cast<std::ptrdiff_t>(runs_[k].end));
      }
      std::stable_sort(merged_.begin(), merged_.end(),
                       [](const Point& a, const Point& b) { return a.timestamp_ms < b.timestamp_ms; });
      merged_.erase(std::unique(merged_.begin(), merged_.end(),
                                [](const Point& a, const Point& b) { return a.timestamp_ms == b.timestamp_ms; }),
                    merged_.end());
      visit(runs_[i].series_id, merged_);
    }
    i = j;
  }
}

void RowsBySeries::clear() {
  points_.clear();
  runs_.clear();
  merged_.clear();
}

}  // namespace netkeel::store
