#include "netkeel/core/json_string.hpp"

#include <gtest/gtest.h>

namespace netkeel::core {
namespace {

std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(quoted("said \"hi\" \\ there"), R"("said \"hi\" \\ there")");
  EXPECT_EQ(quoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(quoted(std::string_view("\x01\x1f\0", 3)), R"("\u0001\u001f\u0000")");
  EXPECT_EQ(quoted("\x7f"), "\"\x7f\"") << "DEL is no control character for JSON";
}

TEST(JsonString, KeepsValidUtf8AndReplacesEveryInvalidByte) {
  EXPECT_EQ(quoted("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  EXPECT_EQ(quoted("bad \xFF, cut \xE2\x82"), "\"bad \xEF\xBF\xBD, cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(quoted("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"") << "an overlong form";
  EXPECT_EQ(quoted("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"") << "a surrogate";
}

TEST(JsonString, Appends) {
  std::string out = "x=";
  append_json_string(out, "");
  EXPECT_EQ(out, "x=\"\"");
}

}  // namespace
}  // namespace netkeel::core
