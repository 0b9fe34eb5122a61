// KernelVipHolder against the fakes: FakeNetlink, FakeSysctl, FakeVipFence, FakeArpAnnouncer, FakeClock.
#include "netkeel/ha/kernel_vip_holder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>

#include "fakes/core/fake_clock.hpp"
#include "fakes/ha/fake_arp_announcer.hpp"
#include "fakes/ha/fake_vip_fence.hpp"
#include "fakes/kernel/fake_netlink.hpp"
#include "fakes/kernel/fake_sysctl.hpp"
#include "netkeel/ha/macvlan_vip_device.hpp"
#include "netkeel/ha/vip_device_name.hpp"

namespace netkeel::ha {
namespace {

using namespace std::chrono_literals;

const Ipv4Address kVip = *Ipv4Address::parse("10.20.0.200");
const MacAddress kVipMac = *MacAddress::parse("02:4e:4b:aa:00:01");
const MacAddress kNicMac = *MacAddress::parse("3c:fd:fe:00:00:01");

class KernelVipHolderTest : public ::testing::Test {
 protected:
  KernelVipHolderTest() {
    netlink_.add_physical_link("bond0.20", kNicMac, 9000);
    netlink_.change_link("bond0.20", kernel::LinkChange{.admin_up = true});
    sysctl_.define("net.ipv4.conf.all.rp_filter", "2");
    for (const char* key : {"arp_ignore", "arp_filter", "arp_announce"}) sysctl_.define("net.ipv4.conf.bond0/20." + std::string(key), "0");
    for (const char* key : {"arp_ignore", "arp_announce", "accept_local", "rp_filter"})
      sysctl_.define("net.ipv4.conf." + device() + "." + key, "0");
    fence_.install();
  }

  std::string device() const { return vip_device_name("keystone"); }
  KernelVipHolder make_holder(std::vector<kernel::FeatureStatus> features = {}, std::string parent = "bond0.20") {
    const VipHolderSpec spec{"keystone", kVip, 32, kVipMac, std::move(parent)};
    device_ = std::make_unique<MacvlanVipDevice>(spec, netlink_, std::move(features));
    return KernelVipHolder(spec, *device_, netlink_, sysctl_, fence_, announcer_, clock_);
  }
  std::optional<kernel::Link> link(const std::string& name) {
    for (const auto& l : netlink_.links())
      if (l.name == name) return l;
    return std::nullopt;
  }
  bool has_vip_address() {
    const auto a = netlink_.addresses();
    return std::find(a.begin(), a.end(), kernel::Address{device(), kVip, 32}) != a.end();
  }
  std::string sysctl(const std::string& key) { return sysctl_.get(key).value_or("<missing>"); }
  // Calls announce_due() every 10 ms of fake time for DURATION; returns the offsets of what was sent.
  std::vector<std::chrono::milliseconds> announce_for(KernelVipHolder& holder, Nanoseconds duration) {
    const SteadyTime start = clock_.now();
    const std::size_t before = announcer_.sent().size();
    while (clock_.now() - start < duration) {
      holder.announce_due();
      clock_.advance(10ms);
    }
    std::vector<std::chrono::milliseconds> out;
    for (std::size_t i = before; i < announcer_.sent().size(); ++i)
      out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(announcer_.sent()[i].at - start));
    return out;
  }

  FakeClock clock_;
  kernel::FakeNetlink netlink_;
  kernel::FakeSysctl sysctl_;
  FakeVipFence fence_{clock_};
  FakeArpAnnouncer announcer_{clock_};
  std::unique_ptr<MacvlanVipDevice> device_;
};

TEST_F(KernelVipHolderTest, TakeMakesTheDeviceWithThePlannedMacTheAddressAndOpensTheFence) {
  auto holder = make_holder();
  EXPECT_FALSE(holder.held());
  holder.take(500ms);
  EXPECT_TRUE(holder.held());
  const auto dev = link(device());
  ASSERT_TRUE(dev);
  EXPECT_EQ(dev->kind, "macvlan");
  EXPECT_EQ(dev->parent, "bond0.20");
  EXPECT_EQ(dev->mac, kVipMac);
  EXPECT_EQ(dev->macvlan_mode, "private");
  EXPECT_EQ(dev->mtu, 9000);  // the parent's
  EXPECT_TRUE(dev->admin_up);
  EXPECT_FALSE(netlink_.ipv6_link_local(device()));
  EXPECT_TRUE(has_vip_address());
  EXPECT_TRUE(fence_.is_open(kVip));
  EXPECT_EQ(fence_.open_until(kVip), clock_.now() + 500ms);
  EXPECT_EQ(holder.counters().takes, 1u);
}

TEST_F(KernelVipHolderTest, TakeSetsTheArpSysctlsOnParentAndDevice) {
  auto holder = make_holder();
  holder.take(500ms);
  EXPECT_EQ(sysctl("net.ipv4.conf.bond0/20.arp_ignore"), "1");
  EXPECT_EQ(sysctl("net.ipv4.conf.bond0/20.arp_filter"), "1");
  EXPECT_EQ(sysctl("net.ipv4.conf.bond0/20.arp_announce"), "2");
  EXPECT_EQ(sysctl("net.ipv4.conf." + device() + ".arp_ignore"), "1");
  EXPECT_EQ(sysctl("net.ipv4.conf." + device() + ".arp_announce"), "2");
  EXPECT_EQ(sysctl("net.ipv4.conf." + device() + ".accept_local"), "1");
  EXPECT_EQ(sysctl("net.ipv4.conf." + device() + ".rp_filter"), "0");
}

TEST_F(KernelVipHolderTest, ExtendFenceReopensForExactlyTheNewDuration) {
  auto holder = make_holder();
  holder.take(500ms);
  clock_.advance(300ms);
  holder.extend_fence(400ms);
  EXPECT_EQ(fence_.open_until(kVip), clock_.now() + 400ms);
  clock_.advance(399ms);
  EXPECT_TRUE(fence_.is_open(kVip));
  clock_.advance(1ms);
  EXPECT_FALSE(fence_.is_open(kVip));  // not renewed: the kernel stops answering on its own
  EXPECT_EQ(holder.counters().fence_extensions, 1u);
}

TEST_F(KernelVipHolderTest, ExtendingAVipThatIsNotHeldIsRefused) {
  auto holder = make_holder();
  EXPECT_THROW(holder.extend_fence(500ms), RuntimeError);
  EXPECT_FALSE(fence_.managed(kVip));
}

TEST_F(KernelVipHolderTest, ReleaseClosesTheFenceFirstThenRemovesAddressAndDevice) {
  auto holder = make_holder();
  holder.take(500ms);
  const std::size_t calls_before = fence_.calls().size();
  const int mutations_before = netlink_.mutation_count();
  holder.release();
  EXPECT_FALSE(holder.held());
  EXPECT_FALSE(fence_.is_open(kVip));
  EXPECT_TRUE(fence_.managed(kVip));  // still fenced: nothing answers for it here
  ASSERT_EQ(fence_.calls().size(), calls_before + 1);
  EXPECT_EQ(fence_.calls().back(), "close 10.20.0.200");
  EXPECT_FALSE(has_vip_address());
  EXPECT_FALSE(link(device()));
  EXPECT_EQ(netlink_.mutation_count(), mutations_before + 2);  // delete address, delete link
  EXPECT_EQ(holder.counters().releases, 1u);
}

TEST_F(KernelVipHolderTest, ReleaseIsIdempotentAndSurvivesAKernelThatRefuses) {
  auto holder = make_holder();
  holder.release();  // never taken: nothing to do, nothing thrown
  holder.take(500ms);
  fence_.fail_next("netlink socket gone");
  netlink_.fail_next(kernel::NetlinkOperation::delete_address, EBUSY);
  holder.release();  // both failures swallowed; the device delete still ran (and took the address along)
  EXPECT_FALSE(link(device()));
  EXPECT_FALSE(has_vip_address());
  EXPECT_EQ(holder.counters().release_errors, 2u);
  EXPECT_NE(holder.last_error().find("delete address"), std::string::npos) << holder.last_error();
  const int mutations = netlink_.mutation_count();
  holder.release();
  holder.release();
  EXPECT_EQ(netlink_.mutation_count(), mutations);
  EXPECT_EQ(holder.counters().releases, 1u);
}

TEST_F(KernelVipHolderTest, TakeTwiceKeepsTheDeviceAndRestartsTheBurst) {
  auto holder = make_holder();
  holder.take(500ms);
  const int mutations = netlink_.mutation_count();
  holder.take(800ms);
  EXPECT_EQ(netlink_.mutation_count(), mutations + 1);  // only "set up" again; device and address stay
  EXPECT_EQ(fence_.open_until(kVip), clock_.now() + 800ms);
}

TEST_F(KernelVipHolderTest, TakeReplacesAStaleDeviceWithTheWrongMac) {
  netlink_.create_link(kernel::LinkSpec{.name = device(), .kind = "macvlan", .mac = MacAddress::parse("02:00:00:00:00:99"),
                                        .parent = "bond0.20", .macvlan_mode = "private"});
  auto holder = make_holder();
  holder.take(500ms);
  EXPECT_EQ(link(device())->mac, kVipMac);
}

TEST_F(KernelVipHolderTest, ATakeThatFailsAfterCreatingTheDeviceRemovesItAndClosesTheFence) {
  auto holder = make_holder();
  netlink_.fail_next(kernel::NetlinkOperation::add_address, EACCES);
  try {
    holder.take(500ms);
    FAIL() << "take succeeded";
  } catch (const RuntimeError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("take VIP 10.20.0.200 of keystone on bond0.20"), std::string::npos) << what;
  }
  EXPECT_FALSE(holder.held());
  EXPECT_FALSE(link(device()));
  EXPECT_FALSE(fence_.is_open(kVip));
  EXPECT_EQ(holder.counters().take_failures, 1u);
  holder.announce_due();
  EXPECT_TRUE(announcer_.sent().empty());
}

TEST_F(KernelVipHolderTest, ATakeWhoseSysctlFailsLeavesNothingBehind) {
  auto holder = make_holder();
  sysctl_.fail_next_set(EROFS);
  EXPECT_THROW(holder.take(500ms), RuntimeError);
  EXPECT_FALSE(link(device()));
  EXPECT_FALSE(fence_.is_open(kVip));
}

TEST_F(KernelVipHolderTest, ATakeWhoseFenceCannotOpenLeavesNoDevice) {
  auto holder = make_holder();
  fence_.fail_next("Operation not permitted");
  EXPECT_THROW(holder.take(500ms), RuntimeError);
  EXPECT_FALSE(link(device()));
  EXPECT_FALSE(has_vip_address());
}

TEST_F(KernelVipHolderTest, AMissingParentIsNamedWithTheFix) {
  auto holder = make_holder({}, "eno9");
  try {
    holder.take(500ms);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("parent interface eno9 of VIP 10.20.0.200 does not exist; apply the host plan"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(KernelVipHolderTest, StrictReversePathFilteringIsRefusedWithTheFix) {
  sysctl_.define("net.ipv4.conf.all.rp_filter", "1");
  auto holder = make_holder();
  try {
    holder.take(500ms);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("rp_filter is 1 (strict)"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(link(device()));
}

TEST_F(KernelVipHolderTest, AKernelWithoutMacvlanIsNamedBeforeAnythingChanges) {
  kernel::KernelEvidence evidence;
  evidence.release = "6.1.0-test";
  evidence.modules_directory_found = true;
  std::vector<kernel::FeatureStatus> features;
  for (const auto& f : kernel::known_kernel_features()) features.push_back(kernel::assess_kernel_feature(f, evidence));
  netlink_.set_supported_kinds({"bridge"});
  auto holder = make_holder(features);
  try {
    holder.take(500ms);
    FAIL();
  } catch (const RuntimeError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("needs its own macvlan device"), std::string::npos) << what;
    EXPECT_NE(what.find("macvlan: not in this kernel"), std::string::npos) << what;
    EXPECT_NE(what.find("modprobe macvlan"), std::string::npos) << what;
  }
  EXPECT_FALSE(fence_.managed(kVip));           // never opened
  EXPECT_EQ(netlink_.mutation_count(), 1);      // only the test's own "set bond0.20 up"
}

TEST_F(KernelVipHolderTest, AnnouncesInABurstThenEveryMinute) {
  auto holder = make_holder();
  holder.take(10min);
  const auto offsets = announce_for(holder, 125s);
  const std::vector<std::chrono::milliseconds> expected{0ms, 100ms, 300ms, 1100ms, 2200ms, 62200ms, 122200ms};
  EXPECT_EQ(offsets, expected);
  for (const auto& a : announcer_.sent()) {
    EXPECT_EQ(a.device, device());
    EXPECT_EQ(a.vip, kVip);
    EXPECT_EQ(a.mac, kVipMac);
  }
  EXPECT_EQ(holder.counters().gratuitous_arps_sent, 7u);
}

TEST_F(KernelVipHolderTest, NothingIsAnnouncedOnceTheFenceHasExpiredOrAfterRelease) {
  auto holder = make_holder();
  holder.take(200ms);
  EXPECT_EQ(announce_for(holder, 3s), (std::vector<std::chrono::milliseconds>{0ms, 100ms}));
  holder.extend_fence(10min);  // renewed again: the schedule goes on where it is
  EXPECT_EQ(announce_for(holder, 60s).size(), 1u);
  holder.release();
  EXPECT_TRUE(announce_for(holder, 5min).empty());
}

TEST_F(KernelVipHolderTest, AFailedAnnouncementIsCountedAndTheScheduleGoesOn) {
  auto holder = make_holder();
  holder.take(10min);
  announcer_.fail_next("No such device");
  const auto offsets = announce_for(holder, 3s);
  EXPECT_EQ(offsets, (std::vector<std::chrono::milliseconds>{100ms, 300ms, 1100ms, 2200ms}));
  EXPECT_EQ(holder.counters().gratuitous_arp_failures, 1u);
  EXPECT_NE(holder.last_error().find("No such device"), std::string::npos);
}

TEST_F(KernelVipHolderTest, ASecondTakeStartsANewBurst) {
  auto holder = make_holder();
  holder.take(10min);
  announce_for(holder, 10s);
  holder.release();
  holder.take(10min);
  EXPECT_EQ(announce_for(holder, 3s).size(), 5u);
}

}  // namespace
}  // namespace netkeel::ha
