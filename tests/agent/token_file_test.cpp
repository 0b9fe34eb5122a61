#include "netkeel/agent/token_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "support/temporary_directory.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

using ::testing::HasSubstr;

std::string usage_error_of(const std::filesystem::path& path) {
  try {
    read_token_file(path);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(TokenFile, TheFirstLineWithoutTrailingSpaceOrCarriageReturnIsTheToken) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "token") << "s3cret-site-token \r\nsecond line\n";
  EXPECT_EQ(read_token_file(dir.path() / "token"), "s3cret-site-token");
}

// Issue 20: a token file with leading spaces never matched, since only trailing blanks were taken off.
// The server and every client read token files with this one function, so both sides agree.
TEST(TokenFile, SpacesAndTabsAroundTheTokenAreTakenOffOnBothEnds) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "token") << "  \t s3cret-site-token\t \r\n";
  EXPECT_EQ(read_token_file(dir.path() / "token"), "s3cret-site-token");
  std::ofstream(dir.path() / "inner") << "a token with inner spaces\n";  // kept: they are part of it
  EXPECT_EQ(read_token_file(dir.path() / "inner"), "a token with inner spaces");
}

// Issue 20: a one-character token was accepted.
TEST(TokenFile, ATokenShorterThanTheMinimumIsAUsageErrorSayingHowToMakeOne) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "short") << "  t  \n";
  const std::string message = usage_error_of(dir.path() / "short");
  EXPECT_THAT(message, HasSubstr((dir.path() / "short").string()));
  EXPECT_THAT(message, HasSubstr("the token has 1 characters, fewer than the 16"));
  EXPECT_THAT(message, HasSubstr("openssl rand -hex 32 > " + (dir.path() / "short").string()));

  std::ofstream(dir.path() / "fifteen") << std::string(kMinTokenLength - 1, 'x') << "\n";
  EXPECT_THAT(usage_error_of(dir.path() / "fifteen"), HasSubstr("15 characters"));
  std::ofstream(dir.path() / "sixteen") << std::string(kMinTokenLength, 'x') << "\n";
  EXPECT_EQ(read_token_file(dir.path() / "sixteen"), std::string(kMinTokenLength, 'x'));
}

TEST(TokenFile, AControlCharacterInTheTokenIsAUsageError) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "token") << "s3cret-site\x01-token\n";
  EXPECT_THAT(usage_error_of(dir.path() / "token"), HasSubstr("control character"));
}

TEST(TokenFile, AMissingFileOrAnEmptyFirstLineIsAUsageErrorNamingTheFile) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "empty") << "\ntoken on line two\n";
  std::ofstream(dir.path() / "blank") << "   \t\r\n";
  for (const auto& path : {dir.path() / "missing", dir.path() / "empty", dir.path() / "blank"}) {
    const std::string message = usage_error_of(path);
    EXPECT_THAT(message, HasSubstr(path.string()));
    EXPECT_THAT(message, HasSubstr("token"));
  }
}

}  // namespace
}  // namespace netkeel::agent
