#include "netkeel/store/sql_literal.hpp"

#include <gtest/gtest.h>

namespace netkeel::store {
namespace {

TEST(SqlLiteral, StringsEscapeQuotesBackslashesAndControlBytes) {
  EXPECT_EQ("'plain'", sql_string("plain"));
  EXPECT_EQ("''", sql_string(""));
  EXPECT_EQ(R"('it\'s')", sql_string("it's"));
  EXPECT_EQ(R"('a\\b')", sql_string("a\\b"));
  EXPECT_EQ(R"('x\' OR 1=1 --')", sql_string("x' OR 1=1 --"));
  EXPECT_EQ(R"('tab\x09nl\x0Anul\x00del\x7F')", sql_string(std::string("tab\tnl\nnul\0del\x7f", 15)));
  EXPECT_EQ("'h\xC3\xA9'", sql_string("h\xC3\xA9"));  // UTF-8 passes through
}

TEST(SqlLiteral, TypedArrays) {
  EXPECT_EQ("CAST([] AS Array(UInt64))", sql_uint64_array({}));
  EXPECT_EQ("CAST([1,18446744073709551615] AS Array(UInt64))", sql_uint64_array({1, 18446744073709551615ULL}));
  EXPECT_EQ("CAST([1,2] AS Array(UInt32))", sql_uint32_array({1, 2}));
}

TEST(SqlLiteral, UrlEncodeKeepsUnreservedOnly) {
  EXPECT_EQ("INSERT%20INTO%20db.samples%20FORMAT%20RowBinary", url_encode("INSERT INTO db.samples FORMAT RowBinary"));
  EXPECT_EQ("a-b_c.d~e%2F%3F%26%3D%25%C3%A9", url_encode("a-b_c.d~e/?&=%\xC3\xA9"));
}

}  // namespace
}  // namespace netkeel::store
