#include "netkeel/collect/nic_counters.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace netkeel::collect {
namespace {

// Reads only (no change to any namespace): loopback is in every namespace and its counters only grow.
TEST(NicCounters, LoopbackIsReadWithEveryStatistic) {
  const auto nics = read_nic_counters();
  const NicCounters* lo = nullptr;
  for (const auto& n : nics)
    if (n.name == "lo") lo = &n;
  ASSERT_NE(lo, nullptr);
  EXPECT_EQ(lo->ifindex, 1);
  for (const auto& name : nic_stat_names()) EXPECT_TRUE(lo->stats.count(name)) << name;
  std::ifstream sys("/sys/class/net/lo/statistics/rx_crc_errors");
  uint64_t crc = 0;
  if (sys >> crc) {
    EXPECT_EQ(lo->stats.at("rx_crc_errors"), crc);
  }
}

}  // namespace
}  // namespace netkeel::collect
