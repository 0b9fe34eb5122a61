#include "netkeel/store/clickhouse_partition.hpp"

#include <gtest/gtest.h>

#include "netkeel/store/retention_policy.hpp"

namespace netkeel::store {
namespace {

TEST(ClickHousePartition, DayStartOfYyyymmdd) {
  EXPECT_EQ(0, partition_day_start_ms("19700101"));
  EXPECT_EQ(1'764'115'200'000, partition_day_start_ms("20251126"));
  EXPECT_EQ(951'782'400'000, partition_day_start_ms("20000229"));  // a leap day of a /400 year
}

TEST(ClickHousePartition, AnythingElseIsNotADay) {
  for (const char* p : {"", "tuple()", "2025112", "202511260", "2025-11-", "20251300", "20251100", "20251132",
                        "19000229", "20250229", "2025112a"}) {
    EXPECT_FALSE(partition_day_start_ms(p).has_value()) << p;
  }
}

TEST(ClickHousePartition, ExpiresOnlyWhenTheWholeDayIsBeforeTheCutoff) {
  const TimestampMs day = 10 * day_ms;
  EXPECT_FALSE(partition_expired(day, day));
  EXPECT_FALSE(partition_expired(day, day + day_ms - 1));
  EXPECT_TRUE(partition_expired(day, day + day_ms));
}

}  // namespace
}  // namespace netkeel::store
