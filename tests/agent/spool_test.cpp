#include "netkeel/agent/spool.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include "support/temporary_directory.hpp"

namespace netkeel::agent {
namespace {

struct SpoolTest : ::testing::Test {
  netkeel::testing::TemporaryDirectory dir;
  std::vector<std::string> log;
  SpoolOptions options(std::uint64_t max_bytes = 1000) { return {dir.path() / "spool", max_bytes}; }
  LogLine sink() {
    return [this](const std::string& line) { log.push_back(line); };
  }
  bool logged(const std::string& part) const {
    for (const auto& line : log)
      if (line.find(part) != std::string::npos) return true;
    return false;
  }
};

TEST_F(SpoolTest, KeepsBatchesInSequenceOrderAndCountsBytes) {
  Spool spool(options(), sink());
  spool.push(12, "twelve");
  spool.push(3, "three");
  spool.push(7, "seven");
  EXPECT_EQ(spool.batch_count(), 3u);
  EXPECT_EQ(spool.total_bytes(), 16u);
  std::vector<std::uint64_t> order;
  while (auto head = spool.oldest()) {
    order.push_back(head->sequence);
    spool.remove(head->sequence);
  }
  EXPECT_EQ(order, (std::vector<std::uint64_t>{3, 7, 12}));
  EXPECT_EQ(spool.total_bytes(), 0u);
}

TEST_F(SpoolTest, FileNamesSortLikeSequences) {
  EXPECT_EQ(Spool::file_name(42), "batch-00000000000000000042.json.gz");
  EXPECT_LT(Spool::file_name(9), Spool::file_name(10));
}

TEST_F(SpoolTest, ReadsBackWhatWasPushed) {
  Spool spool(options(), sink());
  spool.push(1, std::string("\x1f\x8b\0binary", 9));
  EXPECT_EQ(spool.read(*spool.oldest()), std::string("\x1f\x8b\0binary", 9));
}

TEST_F(SpoolTest, WhenFullDropsTheOldestFirstCountsAndLogsIt) {
  Spool spool(options(100), sink());
  for (std::uint64_t sequence = 1; sequence <= 4; ++sequence) spool.push(sequence, std::string(30, 'x'));
  EXPECT_EQ(spool.batch_count(), 3u);  // 4 x 30 > 100: batch 1 went
  EXPECT_EQ(spool.oldest()->sequence, 2u);
  EXPECT_EQ(spool.dropped_total(), 1u);
  EXPECT_TRUE(logged("dropped the oldest batch 1")) << ::testing::PrintToString(log);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "spool" / Spool::file_name(1)));
  EXPECT_LE(spool.total_bytes(), 100u);
}

TEST_F(SpoolTest, ABatchLargerThanTheWholeSpoolIsDroppedItself) {
  Spool spool(options(100), sink());
  spool.push(1, "small");
  EXPECT_EQ(spool.push(2, std::string(101, 'x')), 1u);
  EXPECT_EQ(spool.batch_count(), 1u);
  EXPECT_EQ(spool.oldest()->sequence, 1u);
  EXPECT_EQ(spool.dropped_total(), 1u);
}

TEST_F(SpoolTest, SurvivesARestartWithTheSameBatchesInOrder) {
  {
    Spool spool(options(), sink());
    spool.push(5, "five");
    spool.push(6, "six");
  }
  Spool reopened(options(), sink());
  EXPECT_EQ(reopened.batch_count(), 2u);
  EXPECT_EQ(reopened.total_bytes(), 7u);
  EXPECT_EQ(reopened.oldest()->sequence, 5u);
  EXPECT_EQ(reopened.read(*reopened.oldest()), "five");
  EXPECT_EQ(reopened.highest_sequence(), 6u);
  EXPECT_TRUE(logged("2 batches (7 bytes) waiting"));
}

TEST_F(SpoolTest, RemovesHalfWrittenFilesAndSetsAsideStrangeNamesOnStart) {
  const auto root = dir.path() / "spool";
  std::filesystem::create_directories(root);
  std::ofstream(root / ".tmp-batch-00000000000000000009.json.gz") << "half";
  std::ofstream(root / "batch-12x.json.gz") << "?";
  std::ofstream(root / "sequence") << "10\n";
  Spool spool(options(), sink());
  EXPECT_EQ(spool.batch_count(), 0u);
  EXPECT_FALSE(std::filesystem::exists(root / ".tmp-batch-00000000000000000009.json.gz"));
  EXPECT_TRUE(std::filesystem::exists(root / "corrupt" / "batch-12x.json.gz"));
  EXPECT_TRUE(std::filesystem::exists(root / "sequence"));  // not a batch: left alone
  EXPECT_EQ(spool.set_aside_total(), 1u);
}

TEST_F(SpoolTest, SetAsideMovesTheFileToCorruptAndForgetsIt) {
  Spool spool(options(), sink());
  spool.push(1, "one");
  spool.push(2, "two");
  spool.set_aside(1, "bad gzip");
  EXPECT_EQ(spool.oldest()->sequence, 2u);
  EXPECT_EQ(spool.total_bytes(), 3u);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "spool" / "corrupt" / Spool::file_name(1)));
  EXPECT_TRUE(logged("bad gzip"));
}

TEST_F(SpoolTest, AnUncreatableDirectoryIsARuntimeErrorNamingIt) {
  std::ofstream(dir.path() / "file") << "x";
  try {
    Spool spool(SpoolOptions{dir.path() / "file" / "spool", 1000}, sink());
    FAIL() << "a spool under a regular file was accepted";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("--spool-dir"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace netkeel::agent
