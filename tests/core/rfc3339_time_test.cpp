#include "netkeel/core/rfc3339_time.hpp"

#include <gtest/gtest.h>

namespace netkeel {
namespace {

TEST(Rfc3339Time, UtcWithMilliseconds) {
  EXPECT_EQ(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(1767225600000), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(1767225600000 + 86'399'999), "2026-01-01T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339_ms(1835395200042), "2028-02-29T00:00:00.042Z");  // a leap day
}

}  // namespace
}  // namespace netkeel
