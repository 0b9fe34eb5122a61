#include "netkeel/ha/vip_fence_commands.hpp"

#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

using namespace std::chrono_literals;

const Ipv4Address kVip = *Ipv4Address::parse("10.20.0.200");

TEST(VipFenceCommands, InstallReplacesBothTablesWithTheDropRules) {
  const std::string text = vip_fence_install_commands("netkeel_vip_fence");
  // add before delete: a missing table is no error; the new definition follows in the same batch.
  EXPECT_LT(text.find("add table arp netkeel_vip_fence\ndelete table arp netkeel_vip_fence\n"), text.find("table arp netkeel_vip_fence {"));
  EXPECT_NE(text.find("arp saddr ip @managed_vips arp saddr ip != @open_vips counter drop"), std::string::npos);
  EXPECT_NE(text.find("ip daddr @managed_vips ip daddr != @open_vips counter drop"), std::string::npos);
  EXPECT_NE(text.find("ip saddr @managed_vips ip saddr != @open_vips counter drop"), std::string::npos);
  EXPECT_NE(text.find("set open_vips { type ipv4_addr; flags timeout; }"), std::string::npos);
}

TEST(VipFenceCommands, OpenIsAddDeleteAddInEachFamily) {
  const std::string expected_arp =
      "add element arp t managed_vips { 10.20.0.200 }\n"
      "add element arp t open_vips { 10.20.0.200 timeout 1500ms }\n"
      "delete element arp t open_vips { 10.20.0.200 }\n"
      "add element arp t open_vips { 10.20.0.200 timeout 1500ms }\n";
  const std::string text = vip_fence_open_commands("t", kVip, 1500ms);
  EXPECT_EQ(text, expected_arp + [&] {
    std::string inet = expected_arp;
    for (std::size_t at = 0; (at = inet.find(" arp ", at)) != std::string::npos;) inet.replace(at, 5, " inet ");
    return inet;
  }());
}

TEST(VipFenceCommands, OpenRoundsDownToWholeMillisecondsButNeverToZero) {
  EXPECT_NE(vip_fence_open_commands("t", kVip, 1999us).find("timeout 1ms"), std::string::npos);
  EXPECT_NE(vip_fence_open_commands("t", kVip, 0ns).find("timeout 1ms"), std::string::npos);
}

TEST(VipFenceCommands, CloseAddsSoTheDeleteCannotFail) {
  EXPECT_EQ(vip_fence_close_commands("t", kVip),
            "add element arp t open_vips { 10.20.0.200 timeout 1ms }\n"
            "delete element arp t open_vips { 10.20.0.200 }\n"
            "add element inet t open_vips { 10.20.0.200 timeout 1ms }\n"
            "delete element inet t open_vips { 10.20.0.200 }\n");
}

TEST(VipFenceCommands, RemoveDeletesBothTablesEvenWhenAbsent) {
  EXPECT_EQ(vip_fence_remove_commands("t"), "add table arp t\ndelete table arp t\nadd table inet t\ndelete table inet t\n");
}

}  // namespace
}  // namespace netkeel::ha
