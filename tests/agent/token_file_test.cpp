#include "netkeel/agent/token_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "agent/temporary_directory.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {
namespace {

TEST(TokenFile, TheFirstLineWithoutTrailingSpaceOrCarriageReturnIsTheToken) {
  testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "token") << "s3cret \r\nsecond line\n";
  EXPECT_EQ(read_token_file(dir.path() / "token"), "s3cret");
}

TEST(TokenFile, AMissingFileOrAnEmptyFirstLineIsAUsageErrorNamingTheFile) {
  testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "empty") << "\ntoken on line two\n";
  for (const auto& path : {dir.path() / "missing", dir.path() / "empty"}) {
    try {
      read_token_file(path);
      FAIL() << path << " was accepted";
    } catch (const UsageError& error) {
      EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find("token"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace netkeel::agent
