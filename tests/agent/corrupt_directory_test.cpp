// The spool's corrupt/ directory stays within its bounds, oldest files first, counted and logged.
#include "netkeel/agent/corrupt_directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "support/temporary_directory.hpp"
#include "netkeel/agent/spool.hpp"

namespace netkeel::agent {
namespace {

namespace fs = std::filesystem;

struct CorruptDirectoryTest : ::testing::Test {
  netkeel::testing::TemporaryDirectory dir;
  std::vector<std::string> log;
  fs::path corrupt = dir.path() / "corrupt";

  LogLine sink() {
    return [this](const std::string& line) { log.push_back(line); };
  }
  // A file of `bytes` bytes in the spool directory, as a batch that failed its check would be.
  fs::path spool_file(const std::string& name, std::size_t bytes) {
    const fs::path path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << std::string(bytes, 'x');
    return path;
  }
  std::size_t lines_containing(const std::string& part) const {
    return std::size_t(std::count_if(log.begin(), log.end(), [&](const auto& l) { return l.find(part) != std::string::npos; }));
  }
};

TEST_F(CorruptDirectoryTest, KeepsAtMostMaxFilesDeletingTheOldestFirst) {
  CorruptDirectory c(corrupt, 3, 1 << 20, sink());
  for (const char* name : {"a", "b", "c", "d", "e"}) ASSERT_TRUE(c.take(spool_file(name, 10)));
  EXPECT_EQ(c.files(), 3u);
  EXPECT_EQ(c.bytes(), 30u);
  EXPECT_EQ(c.trimmed_total(), 2u);
  EXPECT_FALSE(fs::exists(corrupt / "a"));
  EXPECT_FALSE(fs::exists(corrupt / "b"));
  for (const char* name : {"c", "d", "e"}) EXPECT_TRUE(fs::exists(corrupt / name)) << name;
  EXPECT_FALSE(fs::exists(dir.path() / "e")) << "moved, not copied";
  EXPECT_EQ(lines_containing("deleted a "), 1u);
  EXPECT_EQ(lines_containing("deleted b "), 1u);
  EXPECT_EQ(lines_containing("--spool-corrupt-max-files"), 2u) << "each deletion names the bound's flag";
}

TEST_F(CorruptDirectoryTest, KeepsAtMostMaxBytesDeletingTheOldestFirst) {
  CorruptDirectory c(corrupt, 100, 250, sink());
  c.take(spool_file("old", 100));
  c.take(spool_file("mid", 100));
  c.take(spool_file("new", 100));  // 300 > 250: "old" goes
  EXPECT_EQ(c.files(), 2u);
  EXPECT_EQ(c.bytes(), 200u);
  EXPECT_EQ(c.trimmed_total(), 1u);
  EXPECT_FALSE(fs::exists(corrupt / "old"));
  EXPECT_TRUE(fs::exists(corrupt / "mid"));
  EXPECT_TRUE(fs::exists(corrupt / "new"));
}

TEST_F(CorruptDirectoryTest, AFileLargerThanTheWholeBoundIsNotKept) {
  CorruptDirectory c(corrupt, 100, 50, sink());
  c.take(spool_file("small", 20));
  c.take(spool_file("huge", 80));
  EXPECT_EQ(c.files(), 0u);
  EXPECT_EQ(c.bytes(), 0u);
  EXPECT_EQ(c.trimmed_total(), 2u);
  EXPECT_FALSE(fs::exists(corrupt / "huge"));
}

TEST_F(CorruptDirectoryTest, ZeroFilesKeepsNothingButStillCountsAndLogs) {
  CorruptDirectory c(corrupt, 0, 1 << 20, sink());
  ASSERT_TRUE(c.take(spool_file("a", 5)));
  EXPECT_EQ(c.files(), 0u);
  EXPECT_EQ(c.trimmed_total(), 1u);
  EXPECT_FALSE(fs::exists(corrupt / "a"));
  EXPECT_FALSE(fs::exists(dir.path() / "a"));
  EXPECT_EQ(lines_containing("deleted a "), 1u);
}

TEST_F(CorruptDirectoryTest, FilesFromAnEarlierRunAreIndexedByAgeAndTrimmedAtStart) {
  fs::create_directories(corrupt);
  const auto now = fs::file_time_type::clock::now();
  // Names sort the other way round from their ages: the age decides.
  for (auto [name, age_hours] : std::vector<std::pair<std::string, int>>{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}) {
    std::ofstream(corrupt / name) << "12345";
    fs::last_write_time(corrupt / name, now - std::chrono::hours(age_hours));
  }
  CorruptDirectory c(corrupt, 3, 1 << 20, sink());  // one too many: the oldest, "d", goes at once
  EXPECT_EQ(c.files(), 3u);
  EXPECT_EQ(c.bytes(), 15u);
  EXPECT_EQ(c.trimmed_total(), 1u);
  EXPECT_FALSE(fs::exists(corrupt / "d"));
  c.take(spool_file("e", 5));  // then "c", the oldest left
  EXPECT_FALSE(fs::exists(corrupt / "c"));
  EXPECT_TRUE(fs::exists(corrupt / "b"));
  EXPECT_TRUE(fs::exists(corrupt / "e"));
  EXPECT_EQ(c.trimmed_total(), 2u);
}

TEST_F(CorruptDirectoryTest, TheSameNameAgainReplacesTheOlderFile) {
  CorruptDirectory c(corrupt, 10, 1 << 20, sink());
  c.take(spool_file("batch-1", 10));
  c.take(spool_file("batch-1", 4));
  EXPECT_EQ(c.files(), 1u);
  EXPECT_EQ(c.bytes(), 4u);
  EXPECT_EQ(c.trimmed_total(), 0u);
}

TEST_F(CorruptDirectoryTest, AMissingFileIsNotTaken) {
  CorruptDirectory c(corrupt, 10, 1 << 20, sink());
  EXPECT_FALSE(c.take(dir.path() / "gone"));
  EXPECT_EQ(c.files(), 0u);
}

TEST_F(CorruptDirectoryTest, TheSpoolBoundsItsCorruptDirectory) {
  SpoolOptions options{dir.path() / "spool", 1 << 20, 2, 1 << 20};
  Spool spool(options, sink());
  for (std::uint64_t sequence = 1; sequence <= 4; ++sequence) spool.push(sequence, "not gzip");
  for (std::uint64_t sequence = 1; sequence <= 4; ++sequence) spool.set_aside(sequence, "bad gzip");
  EXPECT_EQ(spool.set_aside_total(), 4u);
  EXPECT_EQ(spool.corrupt().files(), 2u);
  EXPECT_EQ(spool.corrupt().trimmed_total(), 2u);
  const fs::path kept = dir.path() / "spool" / "corrupt";
  EXPECT_FALSE(fs::exists(kept / Spool::file_name(1)));
  EXPECT_FALSE(fs::exists(kept / Spool::file_name(2)));
  EXPECT_TRUE(fs::exists(kept / Spool::file_name(3)));
  EXPECT_TRUE(fs::exists(kept / Spool::file_name(4)));

  Spool reopened(options, sink());  // a restart sees what is kept
  EXPECT_EQ(reopened.corrupt().files(), 2u);
  EXPECT_EQ(reopened.corrupt().bytes(), 2 * std::string("not gzip").size());
}

}  // namespace
}  // namespace netkeel::agent
