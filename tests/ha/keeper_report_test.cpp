#include "netkeel/ha/keeper_report.hpp"

#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

TEST(KeeperReport, RoundTripsAndRefusesWhatIsNotOne) {
  const KeeperReport report{"keystone", "ctl2", "holding", 1767225600123, true, "GET ...: HTTP 200", "", true};
  EXPECT_EQ(parse_keeper_report(to_json(report)), report);
  EXPECT_FALSE(parse_keeper_report("ctl2"));
  EXPECT_FALSE(parse_keeper_report("[]"));
  EXPECT_FALSE(parse_keeper_report(R"({"service":"keystone"})"));
  EXPECT_FALSE(parse_keeper_report(R"({"service":1,"host":"h","state":"s","since_unix_ms":0,"healthy":true,)"
                                   R"("health_detail":"","vip_held":false})"));
  // A report from a keeper that predates failed_check still reads (an empty failed_check).
  const auto older = parse_keeper_report(R"({"service":"mysql","host":"h","state":"standby","since_unix_ms":0,)"
                                         R"("healthy":false,"health_detail":"refused","vip_held":false})");
  ASSERT_TRUE(older);
  EXPECT_EQ(older->failed_check, "");
  KeeperReport failed = report;
  failed.healthy = false;
  failed.failed_check = "link eno1,eno2";
  EXPECT_EQ(parse_keeper_report(to_json(failed)), failed);
  EXPECT_EQ(keeper_report_key("acme", "keystone", "ctl2"), "/netkeel/acme/keepers/keystone/ctl2");
}

}  // namespace
}  // namespace netkeel::ha
