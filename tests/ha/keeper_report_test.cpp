#include "netkeel/ha/keeper_report.hpp"

#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

TEST(KeeperReport, RoundTripsAndRefusesWhatIsNotOne) {
  const KeeperReport report{"keystone", "ctl2", "holding", 1767225600123, true, "GET ...: HTTP 200", true};
  EXPECT_EQ(parse_keeper_report(to_json(report)), report);
  EXPECT_FALSE(parse_keeper_report("ctl2"));
  EXPECT_FALSE(parse_keeper_report("[]"));
  EXPECT_FALSE(parse_keeper_report(R"({"service":"keystone"})"));
  EXPECT_FALSE(parse_keeper_report(R"({"service":1,"host":"h","state":"s","since_unix_ms":0,"healthy":true,)"
                                   R"("health_detail":"","vip_held":false})"));
  EXPECT_EQ(keeper_report_key("acme", "keystone", "ctl2"), "/netkeel/acme/keepers/keystone/ctl2");
}

}  // namespace
}  // namespace netkeel::ha
