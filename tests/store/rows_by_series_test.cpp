// Rows in any order come out per series, in time order, each time once.
#include "netkeel/store/rows_by_series.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

namespace netkeel::store {
namespace {

using Points = std::vector<std::pair<std::int64_t, double>>;

std::map<std::uint64_t, Points> collect(RowsBySeries& rows) {
  std::map<std::uint64_t, Points> out;
  rows.for_each_series([&](std::uint64_t id, std::span<const Point> points) {
    EXPECT_EQ(0u, out.count(id)) << "series " << id << " visited twice";
    for (const Point& p : points) out[id].emplace_back(p.timestamp_ms, p.value);
  });
  return out;
}

TEST(RowsBySeries, SortedRunsPassThrough) {
  RowsBySeries rows;
  rows.add(7, 1, 1.5);
  rows.add(7, 2, 2.5);
  rows.add(3, 1, 9);
  const auto out = collect(rows);
  ASSERT_EQ(2u, out.size());
  EXPECT_THAT(out.at(7), ::testing::ElementsAre(std::pair<std::int64_t, double>{1, 1.5}, std::pair<std::int64_t, double>{2, 2.5}));
  EXPECT_THAT(out.at(3), ::testing::ElementsAre(std::pair<std::int64_t, double>{1, 9}));
}

TEST(RowsBySeries, InterleavedOutOfOrderRowsAndTwinsAreMerged) {
  RowsBySeries rows;
  // Two data parts' streams interleaved, a twin (same series and time) in each.
  for (auto [id, t, v] : std::vector<std::tuple<std::uint64_t, std::int64_t, double>>{
           {1, 30, 3}, {1, 40, 4}, {2, 10, 10}, {1, 10, 1}, {1, 30, 3}, {2, 5, 0.5}, {1, 20, 2}, {2, 10, 10}}) {
    rows.add(id, t, v);
  }
  const auto out = collect(rows);
  using P = std::pair<std::int64_t, double>;
  EXPECT_THAT(out.at(1), ::testing::ElementsAre(P{10, 1}, P{20, 2}, P{30, 3}, P{40, 4}));
  EXPECT_THAT(out.at(2), ::testing::ElementsAre(P{5, 0.5}, P{10, 10}));
}

TEST(RowsBySeries, ClearForgetsEverything) {
  RowsBySeries rows;
  rows.add(1, 1, 1);
  rows.clear();
  EXPECT_TRUE(collect(rows).empty());
  rows.add(2, 1, 1);
  EXPECT_EQ(1u, collect(rows).size());
}

}  // namespace
}  // namespace netkeel::store
