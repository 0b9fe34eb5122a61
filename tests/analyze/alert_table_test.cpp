#include <gtest/gtest.h>

#include "netkeel/analyze/alert_table.hpp"

namespace netkeel::analyze {
namespace {

TEST(AlertTable, HasTheDocumentedColumns) {
  Alert link;
  link.name = "NetkeelLinkDown";
  link.since_unix_ms = 1'796'000'000'123;
  link.summary = "link down: eno2 of ctl1";
  link.culprit = {"nic", "ctl1:eno2"};
  Alert loss;
  loss.name = "NetkeelSustainedLoss";
  loss.network = "storage";
  loss.since_unix_ms = 1'796'000'010'000;
  loss.summary = "storage: 20% loss to host cmp1 from 3 of 3 hosts";
  loss.culprit = {"host", "cmp1"};
  EXPECT_EQ(render_alert_table({link, loss}, false),
            "NAME                  SEVERITY  NETWORK  CULPRIT        SINCE                 SUMMARY\n"
            "NetkeelLinkDown       warning   -        nic ctl1:eno2  2026-11-30T00:53:20Z  link down: eno2 of ctl1\n"
            "NetkeelSustainedLoss  warning   storage  host cmp1      2026-11-30T00:53:30Z  storage: 20% loss to host cmp1 from 3 of 3 hosts\n");
  link.state = AlertState::resolved;
  EXPECT_NE(render_alert_table({link}, true).find("NetkeelLinkDown  resolved"), std::string::npos);
  EXPECT_EQ(render_alert_table({}, false), "no alerts firing\n");
}

}  // namespace
}  // namespace netkeel::analyze
