#include <gtest/gtest.h>

#include "netkeel/store/sending_host_label.hpp"

namespace netkeel::store {
namespace {

TEST(SendingHostLabel, ASeriesWithoutHostOrSrcGetsTheSendersNameInItsSortedPlace) {
  Batch batch;
  batch.id = {"node2", 7};
  batch.series = {make_series("netkeel_nic_rx_errors_total", {{"interface", "eno1"}}),
                  make_series("netkeel_netstat_Tcp_RetransSegs", {}),
                  make_series("netkeel_nic_carrier", {{"oper_state", "up"}, {"interface", "eno1"}, {"a", "x"}}),
                  make_series("netkeel_probe_sent_total", {{"src", "node2"}, {"dst", "node1"}}),
                  make_series("netkeel_link_up", {{"host", "node2"}, {"interface", "eno1"}})};
  label_series_with_sending_host(batch);
  EXPECT_EQ(batch.series[0], make_series("netkeel_nic_rx_errors_total", {{"interface", "eno1"}, {"host", "node2"}}));
  EXPECT_EQ(batch.series[1], make_series("netkeel_netstat_Tcp_RetransSegs", {{"host", "node2"}}));
  EXPECT_EQ(batch.series[2].labels,
            (std::vector<Label>{{"a", "x"}, {"host", "node2"}, {"interface", "eno1"}, {"oper_state", "up"}}));
  // A probe names its host in src, and a series with a host keeps it.
  EXPECT_EQ(batch.series[3], make_series("netkeel_probe_sent_total", {{"src", "node2"}, {"dst", "node1"}}));
  EXPECT_EQ(batch.series[4], make_series("netkeel_link_up", {{"host", "node2"}, {"interface", "eno1"}}));
}

}  // namespace
}  // namespace netkeel::store
