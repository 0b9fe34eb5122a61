#include "netkeel/plan/routing_tables.hpp"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::plan {
namespace {

std::vector<site::Network> networks(std::vector<std::optional<uint32_t>> tables) {
  std::vector<site::Network> out;
  for (size_t i = 0; i < tables.size(); ++i) {
    site::Network n;
    n.name = "n" + std::to_string(i);
    n.table = tables[i];
    out.push_back(n);
  }
  return out;
}

TEST(RoutingTables, DefaultIs100PlusPosition) {
  EXPECT_THAT(routing_table_ids(networks({{}, {}, {}})), ::testing::ElementsAre(100, 101, 102));
}

TEST(RoutingTables, ExplicitIdsWinAndDefaultsStepAroundThem) {
  // n0 explicit 101, n1's default 101 is taken -> 102, n2's default 102 now taken -> 103.
  EXPECT_THAT(routing_table_ids(networks({101u, {}, {}})), ::testing::ElementsAre(101, 102, 103));
}

TEST(RoutingTables, DefaultsSkipTheKernelsReservedTables) {
  std::vector<std::optional<uint32_t>> tables(160);
  const auto ids = routing_table_ids(networks(tables));
  std::set<uint32_t> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  EXPECT_FALSE(unique.count(253));
  EXPECT_FALSE(unique.count(254));
  EXPECT_FALSE(unique.count(255));
}

}  // namespace
}  // namespace netkeel::plan
