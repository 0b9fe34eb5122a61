// Counter summaries: joined end to end they give counter_increase's answer (exactly, for the integer
// counters the probe matrix reads), and they survive their 24-byte encoding bit for bit.
#include "netkeel/store/counter_summary.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::store {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

CounterSummary summarize(const std::vector<Point>& points, std::size_t begin, std::size_t end) {
  CounterSummary s;
  for (std::size_t i = begin; i < end; ++i) s.add(points[i].value);
  return s;
}

TEST(CounterSummary, AddFollowsCounterIncrease) {
  const std::vector<Point> points{{1, 10}, {2, 15}, {3, nan}, {4, 3}, {5, 12}};
  const CounterSummary s = summarize(points, 0, points.size());
  EXPECT_EQ(17, s.increase);  // 5 + 3 (reset) + 9
  EXPECT_EQ(10, s.first);
  EXPECT_EQ(12, s.last);
  EXPECT_TRUE(CounterSummary{}.empty());
  EXPECT_TRUE(summarize({{1, nan}}, 0, 1).empty());
}

TEST(CounterSummary, RunsJoinedEndToEndEqualTheWholeForIntegerCounters) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 500; ++round) {
    std::vector<Point> points;
    double value = static_cast<double>(rng() % 1000);
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      const auto dice = rng() % 10;
      if (dice == 0) {
        value = static_cast<double>(rng() % 20);  // a reset
      } else {
        value += static_cast<double>(rng() % 100);
      }
      points.push_back({i, dice == 1 ? nan : value});
    }
    // Cut into runs at random places (empty runs included) and join them.
    CounterSummary joined;
    std::size_t begin = 0;
    while (begin < points.size()) {
      const std::size_t end = std::min(points.size(), begin + static_cast<std::size_t>(rng() % 6));
      joined.append(summarize(points, begin, end));
      begin = end;
    }
    EXPECT_EQ(counter_increase(points), joined.increase) << "round " << round;
  }
}

TEST(CounterSummary, AppendingToOrFromAnEmptySummaryChangesNothing) {
  CounterSummary s = summarize({{1, 4}, {2, 6}}, 0, 2);
  s.append(CounterSummary{});
  EXPECT_EQ(2, s.increase);
  CounterSummary empty;
  empty.append(s);
  EXPECT_EQ(4, empty.first);
  EXPECT_EQ(6, empty.last);
  EXPECT_EQ(2, empty.increase);
}

TEST(CounterSummary, EncodingIsBitExact) {
  const CounterSummary s{-0.0, std::numeric_limits<double>::infinity(), 5e-324};
  const auto decoded = decode_counter_summary(encode_counter_summary(s));
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(std::signbit(decoded->first));
  EXPECT_EQ(s.last, decoded->last);
  EXPECT_EQ(s.increase, decoded->increase);
  const auto empty = decode_counter_summary(encode_counter_summary(CounterSummary{}));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(std::bit_cast<std::uint64_t>(nan), std::bit_cast<std::uint64_t>(empty->last));
}

TEST(CounterSummary, DecodingRefusesAnythingButTwentyFourBytes) {
  EXPECT_FALSE(decode_counter_summary({}));  // a chunk stored before summaries existed (NULL)
  const std::vector<std::uint8_t> short_bytes(23, 0);
  EXPECT_FALSE(decode_counter_summary(short_bytes));
  const std::vector<std::uint8_t> long_bytes(25, 0);
  EXPECT_FALSE(decode_counter_summary(long_bytes));
}

}  // namespace
}  // namespace netkeel::store
