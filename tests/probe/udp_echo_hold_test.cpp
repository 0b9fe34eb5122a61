#include "netkeel/probe/udp_echo_hold.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace netkeel::probe {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(UdpEchoHold, ClearedMeansNotFilledAndAWrittenHoldReadsBack) {
  std::vector<uint8_t> datagram(kUdpProbeSize, 0);
  clear_hold(datagram);
  EXPECT_FALSE(read_hold(datagram)) << "all ones: an echo that nobody filled";
  write_hold(datagram, microseconds(31'250));
  EXPECT_EQ(read_hold(datagram), microseconds(31'250));
  EXPECT_EQ(datagram[kProbePayloadSize], 0) << "big-endian";
  write_hold(datagram, Nanoseconds(-5));
  EXPECT_EQ(read_hold(datagram), Nanoseconds(0)) << "a clock step backwards holds nothing";
}

TEST(UdpEchoHold, OtherSizesHaveNoHoldField) {
  std::vector<uint8_t> old_probe(kProbePayloadSize, 0x11);  // a 16-byte probe of an older agent
  write_hold(old_probe, milliseconds(5));
  EXPECT_EQ(old_probe, std::vector<uint8_t>(kProbePayloadSize, 0x11)) << "echoed unchanged";
  EXPECT_FALSE(read_hold(old_probe));
  std::vector<uint8_t> longer(kUdpProbeSize + 1, 0);
  EXPECT_FALSE(read_hold(longer));
}

TEST(UdpEchoHold, TheHoldComesOffTheRttOnlyWhenItFits) {
  EXPECT_EQ(without_hold(milliseconds(30), microseconds(29'900)), microseconds(100));
  EXPECT_EQ(without_hold(milliseconds(30), std::nullopt), milliseconds(30));
  EXPECT_EQ(without_hold(milliseconds(30), milliseconds(30)), milliseconds(30)) << "no trip left: not trusted";
  EXPECT_EQ(without_hold(milliseconds(30), milliseconds(40)), milliseconds(30));
}

}  // namespace
}  // namespace netkeel::probe
