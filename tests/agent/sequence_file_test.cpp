#include "netkeel/agent/sequence_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temporary_directory.hpp"

namespace netkeel::agent {
namespace {

void ignore(const std::string&) {}

TEST(SequenceFile, AFreshSpoolStartsAtTheWallClockSoNoEarlierSequenceComesBack) {
  netkeel::testing::TemporaryDirectory dir;
  SequenceFile sequence(dir.path(), std::nullopt, 1764150000000, ignore);
  EXPECT_EQ(sequence.take(), 1764150000000u);
  EXPECT_EQ(sequence.take(), 1764150000001u);
}

TEST(SequenceFile, ARestartContinuesWhereTheLastRunStopped) {
  netkeel::testing::TemporaryDirectory dir;
  {
    SequenceFile sequence(dir.path(), std::nullopt, 100, ignore);
    sequence.take();
    sequence.take();
  }
  SequenceFile restarted(dir.path(), std::nullopt, 999999, ignore);
  EXPECT_EQ(restarted.take(), 102u);
}

TEST(SequenceFile, NeverBelowTheHighestSpooledBatch) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "sequence") << "5\n";
  SequenceFile sequence(dir.path(), 40, 100, ignore);
  EXPECT_EQ(sequence.take(), 41u);
}

TEST(SequenceFile, AnUnreadableFileIsLoggedAndTheSpoolDecides) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "sequence") << "twelve\n";
  std::vector<std::string> log;
  SequenceFile sequence(dir.path(), 7, 100, [&](const std::string& line) { log.push_back(line); });
  EXPECT_EQ(sequence.take(), 8u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("does not hold a sequence number"), std::string::npos);
}

}  // namespace
}  // namespace netkeel::agent
