#include "netkeel/store/chunk_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

namespace netkeel::store {
namespace {

std::vector<Point> round_trip(const std::vector<Point>& points) {
  ChunkEncoder encoder;
  for (const Point& p : points) EXPECT_TRUE(encoder.append(p.timestamp_ms, p.value)) << p.timestamp_ms;
  return decode_chunk(encoder.bytes());
}

// Compares values bit for bit, so NaN payloads and -0.0 count too.
void expect_same(const std::vector<Point>& expected, const std::vector<Point>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].timestamp_ms, actual[i].timestamp_ms) << "sample " << i;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(expected[i].value), std::bit_cast<std::uint64_t>(actual[i].value))
        << "sample " << i << ": " << expected[i].value << " vs " << actual[i].value;
  }
}

TEST(ChunkCodec, EmptyChunkDecodesToNothing) {
  ChunkEncoder encoder;
  EXPECT_TRUE(decode_chunk(encoder.bytes()).empty());
}

TEST(ChunkCodec, SingleSample) {
  expect_same({{1'700'000'000'000, 42.5}}, round_trip({{1'700'000'000'000, 42.5}}));
}

TEST(ChunkCodec, SpecialValuesRoundTripBitExact) {
  const double nan_with_payload = std::bit_cast<double>(std::uint64_t{0x7ff8'0000'dead'beef});
  const std::vector<double> values = {0.0,
                                      -0.0,
                                      1.0,
                                      -1.0,
                                      std::numeric_limits<double>::quiet_NaN(),
                                      nan_with_payload,
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::max(),
                                      std::numeric_limits<double>::lowest(),
                                      std::numeric_limits<double>::epsilon(),
                                      -123456.789,
                                      0.1,
                                      0.2,
                                      0.30000000000000004};
  std::vector<Point> points;
  std::int64_t t = 0;
  for (double v : values) points.push_back({t += 1000, v});
  expect_same(points, round_trip(points));
  // Every ordered pair, so each XOR transition (and window reuse) is exercised.
  points.clear();
  t = 0;
  for (double a : values) {
    for (double b : values) {
      points.push_back({t += 1000, a});
      points.push_back({t += 1000, b});
    }
  }
  expect_same(points, round_trip(points));
}

TEST(ChunkCodec, RepeatedValuesAndRegularTimestampsCostAboutTwoBitsEach) {
  std::vector<Point> points;
  for (int i = 0; i < 1000; ++i) points.push_back({1'700'000'000'000 + i * 1000, 7.0});
  ChunkEncoder encoder;
  for (const Point& p : points) encoder.append(p.timestamp_ms, p.value);
  const auto bytes = encoder.bytes();
  expect_same(points, decode_chunk(bytes));
  // header 3 (version, count 1000 in two LEB128 bytes) + first sample 16 + second sample (dod class '10') 17 bits + 998 x 2 bits.
  EXPECT_EQ(3u + (128 + 17 + 998 * 2 + 7) / 8, bytes.size());
}

TEST(ChunkCodec, IrregularTimestampsInEveryDeltaOfDeltaClass) {
  const std::vector<std::int64_t> gaps = {1,        2,          1000,        999,           1001,     8192,
                                          8193,     -0 + 9000,  65536,       65537,         524288,   524289,
                                          1,        10'000'000, 1,           1'000'000'000, 1,        std::int64_t{1} << 40,
                                          1,        3,          std::int64_t{1} << 50, 1};
  std::vector<Point> points;
  std::int64_t t = -5'000'000;  // negative timestamps (before the epoch) are valid too
  double v = 0.5;
  for (std::int64_t gap : gaps) {
    points.push_back({t, v});
    t += gap;
    v = v * -1.7 + 3;
  }
  expect_same(points, round_trip(points));
}

TEST(ChunkCodec, ExtremeTimestamps) {
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  expect_same({{min, 1}, {-1, 2}, {max - 1, 3}, {max, 4}}, round_trip({{min, 1}, {-1, 2}, {max - 1, 3}, {max, 4}}));
}

TEST(ChunkCodec, RefusesNonIncreasingOrHugeGapTimestamps) {
  ChunkEncoder encoder;
  ASSERT_TRUE(encoder.append(1000, 1));
  EXPECT_FALSE(encoder.append(1000, 2));
  EXPECT_FALSE(encoder.append(999, 2));
  ChunkEncoder wide;
  ASSERT_TRUE(wide.append(std::numeric_limits<std::int64_t>::min(), 1));
  EXPECT_FALSE(wide.append(1, 2));  // a gap above INT64_MAX ms
  EXPECT_EQ(1u, wide.count());
  expect_same({{1000, 1}}, decode_chunk(encoder.bytes()));
}

TEST(ChunkCodec, RandomSeriesRoundTrip) {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 200; ++round) {
    std::vector<Point> points;
    std::int64_t t = static_cast<std::int64_t>(rng() % 2'000'000'000'000ULL);
    double v = 0;
    const int n = static_cast<int>(rng() % 500) + 1;
    for (int i = 0; i < n; ++i) {
      points.push_back({t, v});
      switch (rng() % 4) {
        case 0: t += 1000; break;
        case 1: t += 1000 + static_cast<std::int64_t>(rng() % 21) - 10; break;
        case 2: t += static_cast<std::int64_t>(rng() % 100'000'000) + 1; break;
        default: t += 1; break;
      }
      switch (rng() % 5) {
        case 0: break;  // repeat
        case 1: v += 1; break;
        case 2: v = std::bit_cast<double>(rng()); break;  // any bit pattern, NaNs included
        case 3: v = static_cast<double>(rng() % 1000) / 1000.0; break;
        default: v = -v; break;
      }
    }
    expect_same(points, round_trip(points));
  }
}

TEST(ChunkDecoder, RejectsCorruptChunks) {
  ChunkEncoder encoder;
  for (int i = 0; i < 50; ++i) encoder.append(i * 1000, i * 0.25);
  const auto good = encoder.bytes();

  EXPECT_THROW(decode_chunk({}), CorruptChunk);
  auto bad_version = good;
  bad_version[0] = 9;
  EXPECT_THROW(decode_chunk(bad_version), CorruptChunk);
  // Truncated anywhere: never a crash, always CorruptChunk.
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_THROW(decode_chunk(std::span(good).first(n)), CorruptChunk) << n;
  }
  auto trailing = good;
  trailing.push_back(0);
  EXPECT_THROW(decode_chunk(trailing), CorruptChunk);
  auto huge_count = std::vector<std::uint8_t>{1, 0xff, 0xff, 0xff, 0xff, 0x0f};
  EXPECT_THROW(decode_chunk(huge_count), CorruptChunk);
  auto endless_count = std::vector<std::uint8_t>{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  EXPECT_THROW(decode_chunk(endless_count), CorruptChunk);
}

TEST(ChunkDecoder, RejectsDecreasingTimestamps) {
  // Two samples: t0 = 1000, then dod class '10' with -2000 -> delta -1000.
  BitWriter w;
  w.write(1000, 64);
  w.write(0, 64);
  w.write(0b10, 2);
  w.write(static_cast<std::uint64_t>(std::int64_t{-2000}), 14);
  w.write(0, 1);
  std::vector<std::uint8_t> chunk = {1, 2};
  w.append_to(chunk);
  EXPECT_THROW(decode_chunk(chunk), CorruptChunk);
}

TEST(ChunkDecoder, RejectsZeroDeltaAndXorWindowUseBeforeItIsSet) {
  BitWriter w;
  w.write(1000, 64);
  w.write(0, 64);
  w.write(0, 1);  // dod 0 after the first sample means delta 0: a repeated timestamp
  std::vector<std::uint8_t> chunk = {1, 2};
  w.append_to(chunk);
  EXPECT_THROW(decode_chunk(chunk), CorruptChunk);

  BitWriter v;
  v.write(1000, 64);
  v.write(0, 64);
  v.write(0b10, 2);
  v.write(1000, 14);
  v.write(0b10, 2);  // '10' = reuse the window, but none was set
  v.write(0, 62);
  std::vector<std::uint8_t> chunk2 = {1, 2};
  v.append_to(chunk2);
  EXPECT_THROW(decode_chunk(chunk2), CorruptChunk);
}

// Decoding from any restart yields exactly the samples from its index on, for series that exercise
// every timestamp class and XOR window change.
TEST(ChunkRestarts, DecodingFromEachRestartYieldsTheRestOfTheChunk) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 50; ++round) {
    ChunkEncoder encoder(1 + static_cast<std::uint32_t>(rng() % 7));
    std::vector<Point> points;
    std::int64_t t = static_cast<std::int64_t>(rng() % 1'000'000) - 500'000;
    const int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      t += 1 + static_cast<std::int64_t>(rng() % (i % 5 == 0 ? 2'000'000 : 3));
      const double value = i % 3 == 0 ? static_cast<double>(rng() % 4) : std::bit_cast<double>(rng() >> (rng() % 12));
      ASSERT_TRUE(encoder.append(t, value));
      points.push_back({t, value});
    }
    const std::vector<std::uint8_t> bytes = encoder.bytes();
    const auto restarts = decode_chunk_restarts(encode_chunk_restarts(encoder.restarts()));
    EXPECT_EQ(encoder.restarts(), restarts);
    for (const ChunkRestart& restart : restarts) {
      ASSERT_LT(restart.index, points.size());
      EXPECT_EQ(points[restart.index - 1].timestamp_ms, restart.last_timestamp);
      ChunkDecoder decoder(bytes, restart);
      Point p;
      std::size_t i = restart.index;
      while (decoder.next(p)) {
        ASSERT_LT(i, points.size());
        EXPECT_EQ(points[i].timestamp_ms, p.timestamp_ms);
        EXPECT_EQ(std::bit_cast<std::uint64_t>(points[i].value), std::bit_cast<std::uint64_t>(p.value));
        ++i;
      }
      EXPECT_EQ(points.size(), i) << "round " << round << " restart " << restart.index;
    }
  }
}

TEST(ChunkRestarts, NoneWithoutAnIntervalAndOneBeforeEveryIntervalthSample) {
  ChunkEncoder plain;
  ChunkEncoder every_four(4);
  for (int i = 0; i < 10; ++i) {
    plain.append(i * 1000, i);
    every_four.append(i * 1000, i);
  }
  EXPECT_TRUE(plain.restarts().empty());
  ASSERT_EQ(2u, every_four.restarts().size());
  EXPECT_EQ(4u, every_four.restarts()[0].index);
  EXPECT_EQ(8u, every_four.restarts()[1].index);
  EXPECT_EQ(plain.bytes(), every_four.bytes());  // the chunk itself is the same
}

TEST(ChunkRestarts, ARestartThatDoesNotFitTheChunkIsRejected) {
  ChunkEncoder encoder(2);
  for (int i = 0; i < 5; ++i) encoder.append(i * 1000, i * 0.5);
  const auto bytes = encoder.bytes();
  ChunkRestart past_end = encoder.restarts().at(0);
  past_end.bit_offset = bytes.size() * 8 + 1;
  EXPECT_THROW(ChunkDecoder(bytes, past_end), CorruptChunk);
  ChunkRestart last_sample = encoder.restarts().at(0);
  last_sample.index = 5;
  EXPECT_THROW(ChunkDecoder(bytes, last_sample), CorruptChunk);
  ChunkRestart wide_window = encoder.restarts().at(0);
  wide_window.has_window = true;
  wide_window.window_leading = 31;
  wide_window.window_trailing = 40;
  EXPECT_THROW(ChunkDecoder(bytes, wide_window), CorruptChunk);
  const std::vector<std::uint8_t> ragged(34, 0);
  EXPECT_THROW(decode_chunk_restarts(ragged), CorruptChunk);
  EXPECT_TRUE(decode_chunk_restarts({}).empty());
}

TEST(BitStream, WritesAndReadsFieldsOfEveryWidth) {
  BitWriter w;
  std::mt19937_64 rng(7);
  std::vector<std::pair<std::uint64_t, unsigned>> fields;
  for (int i = 0; i < 2000; ++i) {
    const unsigned width = static_cast<unsigned>(rng() % 65);
    std::uint64_t v = rng();
    if (width < 64) v &= (std::uint64_t{1} << width) - 1;
    if (width == 0) v = 0;
    fields.emplace_back(v, width);
    w.write(v, width);
  }
  const auto bytes = w.bytes();
  EXPECT_EQ((w.bit_count() + 7) / 8, bytes.size());
  BitReader r(bytes);
  for (auto [v, width] : fields) {
    std::uint64_t got = 0;
    ASSERT_TRUE(r.read(width, got));
    EXPECT_EQ(v, got) << width;
  }
  EXPECT_LT(r.remaining_bits(), 8u);
  std::uint64_t unused = 0;
  EXPECT_FALSE(r.read(8, unused));
}

}  // namespace
}  // namespace netkeel::store
