#include "netkeel/store/clickhouse_endpoint.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::store {
namespace {

TEST(ClickHouseEndpoint, ParsesHostPortAndDatabase) {
  EXPECT_EQ((ClickHouseEndpoint{"http://127.0.0.1:8123", "netkeel"}),
            parse_clickhouse_url("clickhouse://127.0.0.1:8123/netkeel"));
  EXPECT_EQ((ClickHouseEndpoint{"http://ch-1.example.org:18123", "metrics_2"}),
            parse_clickhouse_url("clickhouse://ch-1.example.org:18123/metrics_2"));
  EXPECT_EQ((ClickHouseEndpoint{"http://[::1]:8123", "_db"}), parse_clickhouse_url("clickhouse://[::1]:8123/_db"));
}

struct BadUrl {
  const char* url;
  const char* problem;
};

class ClickHouseEndpointBad : public ::testing::TestWithParam<BadUrl> {};

TEST_P(ClickHouseEndpointBad, IsAUsageErrorNamingTheProblemAndTheForm) {
  try {
    parse_clickhouse_url(GetParam().url);
    FAIL() << GetParam().url << " was accepted";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr(GetParam().url));
    EXPECT_THAT(e.what(), ::testing::HasSubstr(GetParam().problem));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("expected clickhouse://HOST:PORT/DB"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ClickHouseEndpointBad,
    ::testing::Values(BadUrl{"http://127.0.0.1:8123/netkeel", "not a clickhouse:// URL"},
                      BadUrl{"clickhouse://127.0.0.1:8123", "database name is missing"},
                      BadUrl{"clickhouse://127.0.0.1:8123/", "database name is missing"},
                      BadUrl{"clickhouse://127.0.0.1/netkeel", "port is missing"},
                      BadUrl{"clickhouse://:8123/netkeel", "host is missing"},
                      BadUrl{"clickhouse://127.0.0.1:0/netkeel", "not a number from 1 to 65535"},
                      BadUrl{"clickhouse://127.0.0.1:65536/netkeel", "not a number from 1 to 65535"},
                      BadUrl{"clickhouse://127.0.0.1:8x/netkeel", "not a number from 1 to 65535"},
                      BadUrl{"clickhouse://127.0.0.1:8123/net-keel", "must match [A-Za-z_][A-Za-z0-9_]*"},
                      BadUrl{"clickhouse://127.0.0.1:8123/1db", "must match"},
                      BadUrl{"clickhouse://127.0.0.1:8123/db;DROP", "must match"},
                      BadUrl{"clickhouse://user@host:8123/db", "bad character '@' in the host"},
                      BadUrl{"clickhouse://[::1/db", "closing ']'"},
                      BadUrl{"clickhouse://[::1]/db", "port is missing"}));

TEST(ClickHouseEndpoint, IdentifierRule) {
  EXPECT_TRUE(is_valid_clickhouse_identifier("netkeel"));
  EXPECT_TRUE(is_valid_clickhouse_identifier("_a1"));
  EXPECT_FALSE(is_valid_clickhouse_identifier(""));
  EXPECT_FALSE(is_valid_clickhouse_identifier("a.b"));
  EXPECT_FALSE(is_valid_clickhouse_identifier("a`b"));
}

}  // namespace
}  // namespace netkeel::store
