// SiteHistory: versions numbered in order, texts kept, refusals recorded, all read back after a restart,
// and a damaged history named by file and line.
#include "netkeel/server/site_history.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

TEST(SiteHistory, NumbersAcceptedVersionsAndKeepsTheirTexts) {
  netkeel::testing::TemporaryDirectory dir("netkeel-site-history");
  SiteHistory history(dir.path() / "h");
  EXPECT_FALSE(history.latest_accepted());
  const auto first = history.record_accepted("site: a\n", "aaaa", 1000, "start");
  history.record_refused("bbbb", 2000, "file changed", "site.yaml:3:5: error: bad");
  const auto second = history.record_accepted("site: c\n", "cccc", 3000, "SIGHUP");
  EXPECT_EQ(first.version, 1u);
  EXPECT_EQ(second.version, 2u);
  ASSERT_EQ(history.entries().size(), 3u);
  EXPECT_FALSE(history.entries()[1].accepted);
  EXPECT_FALSE(history.entries()[1].version);
  EXPECT_EQ(history.latest_accepted()->hash, "cccc");
  EXPECT_EQ(history.text_of(1), "site: a\n");
  EXPECT_EQ(history.text_of(2), "site: c\n");
  EXPECT_FALSE(history.text_of(3));
}

TEST(SiteHistory, ReadsBackEverythingAfterARestart) {
  netkeel::testing::TemporaryDirectory dir("netkeel-site-history");
  {
    SiteHistory history(dir.path());
    history.record_accepted("one", "h1", 1000, "start");
    history.record_refused("h2", 2000, "file changed", "x.yaml:1:1: error: no");
  }
  SiteHistory again(dir.path());
  ASSERT_EQ(again.entries().size(), 2u);
  EXPECT_EQ(again.entries()[0].version, 1u);
  EXPECT_EQ(again.entries()[0].source, "start");
  EXPECT_EQ(again.entries()[1].messages, "x.yaml:1:1: error: no");
  EXPECT_EQ(again.entries()[1].time_ms, 2000);
  EXPECT_EQ(again.record_accepted("three", "h3", 3000, "SIGHUP").version, 2u);  // numbering goes on
}

TEST(SiteHistory, ADamagedLineIsNamedByFileAndLine) {
  netkeel::testing::TemporaryDirectory dir("netkeel-site-history");
  {
    SiteHistory history(dir.path());
    history.record_accepted("one", "h1", 1000, "start");
  }
  std::ofstream(dir.path() / "history.jsonl", std::ios::app) << "{not json\n";
  try {
    SiteHistory broken(dir.path());
    FAIL() << "a damaged history was read";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("history.jsonl:2: not a site history entry"));
  }
}

}  // namespace
}  // namespace netkeel::server
