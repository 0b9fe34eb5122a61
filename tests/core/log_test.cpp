// The logging facility: line formats (text with and without journald, JSON), levels, the journal test.
#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "netkeel/core/log.hpp"

namespace netkeel::log {
namespace {

using ::testing::ElementsAre;

constexpr std::int64_t kNoon = 1796644800000;  // 2026-12-07T12:00:00.000Z

Options text_options() {
  Options o;
  o.daemon = "netkeel keeper";
  return o;
}

TEST(LogFormat, TextCarriesItsOwnTimestampAndLevelOutsideTheJournal) {
  EXPECT_EQ(format_line(text_options(), Level::warning, "etcd member 2 timed out", kNoon),
            "2026-12-07T12:00:00.000Z warning netkeel keeper: etcd member 2 timed out");
}

TEST(LogFormat, UnderJournaldTextHasThePriorityPrefixAndNoTimestamp) {
  Options o = text_options();
  o.journal = true;
  EXPECT_EQ(format_line(o, Level::error, "x", kNoon), "<3>netkeel keeper: x");
  EXPECT_EQ(format_line(o, Level::warning, "x", kNoon), "<4>netkeel keeper: x");
  EXPECT_EQ(format_line(o, Level::info, "x", kNoon), "<6>netkeel keeper: x");
  EXPECT_EQ(format_line(o, Level::debug, "x", kNoon), "<7>netkeel keeper: x");
}

TEST(LogFormat, AMultiLineMessageStaysOneEntryWithIndentedLines) {
  Options o = text_options();
  o.journal = true;
  EXPECT_EQ(format_line(o, Level::error, "site file not usable:\nsite.yaml:3:5: unknown key\n", kNoon),
            "<3>netkeel keeper: site file not usable:\n  site.yaml:3:5: unknown key");
}

TEST(LogFormat, JsonIsOneObjectPerLineWithEscapes) {
  Options o = text_options();
  o.format = Format::json;
  o.journal = true;  // JSON keeps its time even under journald: collectors read it
  EXPECT_EQ(format_line(o, Level::info, "said \"hi\"\n\ttab\x01", kNoon),
            "{\"time\":\"2026-12-07T12:00:00.000Z\",\"level\":\"info\",\"daemon\":\"netkeel keeper\","
            "\"message\":\"said \\\"hi\\\"\\n\\ttab\\u0001\"}");
}

TEST(LogLevels, ParseAndNameRoundTripAndRejectOthers) {
  for (const Level l : {Level::debug, Level::info, Level::warning, Level::error}) EXPECT_EQ(parse_level(to_string(l)), l);
  EXPECT_FALSE(parse_level("warn"));
  EXPECT_FALSE(parse_level("INFO"));
  EXPECT_EQ(parse_format("json"), Format::json);
  EXPECT_FALSE(parse_format("logfmt"));
}

TEST(LogLevels, LinesBelowTheLevelAreDropped) {
  const Options before = options();
  std::vector<std::string> lines;
  const Sink previous = set_sink([&lines](const std::string& line) { lines.push_back(line); });
  Options o = text_options();
  o.level = Level::warning;
  o.journal = true;
  configure(o);
  debug("d");
  info("i");
  warning("w");
  error("e");
  set_sink(previous);
  configure(before);
  EXPECT_THAT(lines, ElementsAre("<4>netkeel keeper: w", "<3>netkeel keeper: e"));
}

TEST(LogJournal, StderrIsTheJournalOnlyWhenJournalStreamNamesIt) {
  const char* saved = std::getenv("JOURNAL_STREAM");
  const std::string restore = saved ? saved : "";
  struct stat st {};
  ASSERT_EQ(fstat(2, &st), 0);
  unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(stderr_is_journal());
  setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino)).c_str(), 1);
  EXPECT_TRUE(stderr_is_journal());
  setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1)).c_str(), 1);
  EXPECT_FALSE(stderr_is_journal()) << "inherited by a process whose stderr goes elsewhere";
  setenv("JOURNAL_STREAM", "garbage", 1);
  EXPECT_FALSE(stderr_is_journal());
  if (saved) setenv("JOURNAL_STREAM", restore.c_str(), 1); else unsetenv("JOURNAL_STREAM");
}

}  // namespace
}  // namespace netkeel::log
