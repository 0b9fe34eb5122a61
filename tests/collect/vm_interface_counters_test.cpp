// VM counters through libvirt's built-in test driver (test:///default): its running domain "test"
// with interface testnet0; a domain defined and started here appears through the lifecycle event and
// vanishes when destroyed; a URI that does not answer is reported once and skipped.
// test:///default keeps one shared state per process, so this test's own read-write connection and
// the collector's read-only one see the same domains.
#include "netkeel/collect/vm_interface_counters.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <thread>

#include "fakes/core/fake_clock.hpp"

namespace netkeel::collect {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kUri = "test:///default";

// Polls `done` until it holds or 10 s pass (events arrive on libvirt's thread).
template <typename F>
bool wait_until(F done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

bool has_interface(const std::vector<VmInterfaceCounters>& counters, const std::string& domain, const std::string& interface) {
  return std::any_of(counters.begin(), counters.end(),
                     [&](const auto& c) { return c.domain == domain && c.interface == interface; });
}

TEST(VmCounterCollector, CountersOfTheTestDriversRunningDomain) {
  SystemClock clock;
  VmCounterCollector vms(kUri, clock);
  ASSERT_TRUE(vms.up()) << vms.why();
  auto counters = vms.read();
  auto it = std::find_if(counters.begin(), counters.end(), [](const auto& c) { return c.domain == "test"; });
  ASSERT_NE(it, counters.end());
  EXPECT_EQ(it->interface, "testnet0");
  EXPECT_EQ(it->mac, "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(it->uuid.size(), 36u);
  EXPECT_GT(it->rx_bytes, 0);
  EXPECT_GT(it->tx_packets, 0);
  // The test driver's counters grow with time: a second read is never smaller.
  auto again = vms.read();
  auto it2 = std::find_if(again.begin(), again.end(), [](const auto& c) { return c.domain == "test"; });
  ASSERT_NE(it2, again.end());
  EXPECT_GE(it2->rx_bytes, it->rx_bytes);
}

TEST(VmCounterCollector, ADomainStartedAndDestroyedIsFollowedThroughEvents) {
  SystemClock clock;
  VmCounterCollector vms(kUri, clock);
  ASSERT_TRUE(vms.up()) << vms.why();
  EXPECT_THAT(vms.domains(), Not(Contains("nk-vm1")));

  virConnectPtr admin = virConnectOpen(kUri);
  ASSERT_NE(admin, nullptr);
  const char* xml =
      "<domain type='test'><name>nk-vm1</name><memory>1024</memory><os><type>hvm</type></os>"
      "<devices><interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/>"
      "<target dev='nkvnet1'/></interface></devices></domain>";
  virDomainPtr d = virDomainDefineXML(admin, xml);
  ASSERT_NE(d, nullptr) << virGetLastErrorMessage();
  const uint64_t events_before = vms.events_seen();
  ASSERT_EQ(virDomainCreate(d), 0) << virGetLastErrorMessage();
  EXPECT_TRUE(wait_until([&] { return vms.events_seen() > events_before; })) << "no lifecycle event";
  EXPECT_TRUE(wait_until([&] { return has_interface(vms.read(), "nk-vm1", "nkvnet1"); }));
  EXPECT_THAT(vms.domains(), Contains("nk-vm1"));

  const uint64_t events_started = vms.events_seen();
  ASSERT_EQ(virDomainDestroy(d), 0) << virGetLastErrorMessage();
  EXPECT_TRUE(wait_until([&] { return vms.events_seen() > events_started; })) << "no lifecycle event";
  EXPECT_TRUE(wait_until([&] { return !has_interface(vms.read(), "nk-vm1", "nkvnet1"); }));
  EXPECT_THAT(vms.domains(), Not(Contains("nk-vm1")));
  EXPECT_TRUE(has_interface(vms.read(), "test", "testnet0"));  // the other domain is untouched

  virDomainUndefine(d);
  virDomainFree(d);
  virConnectClose(admin);
}

TEST(VmCounterCollector, AUriThatDoesNotAnswerIsReportedOnceAndSkipped) {
  FakeClock clock;
  ::testing::internal::CaptureStderr();
  {
    // No daemon listens on this socket: the same failure as a host without libvirtd.
    VmCounterCollector vms("qemu+unix:///system?socket=/nonexistent/netkeel-libvirt-sock", clock);
    EXPECT_FALSE(vms.up());
    EXPECT_THAT(vms.why(), HasSubstr("nonexistent"));
    for (int i = 0; i < 5; ++i) {
      EXPECT_TRUE(vms.read().empty());
      clock.advance(std::chrono::seconds(61));  // past every backoff: each read retries
    }
    EXPECT_FALSE(vms.up());
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  size_t lines = 0;
  for (size_t at = 0; (at = err.find("unavailable", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 1u) << err;
  EXPECT_THAT(err, HasSubstr("--libvirt-uri none"));
}

TEST(VmCounterCollector, EmptyAndNoneMeanOff) {
  EXPECT_FALSE(vm_collection_enabled(""));
  EXPECT_FALSE(vm_collection_enabled("none"));
  EXPECT_TRUE(vm_collection_enabled("qemu:///system"));
}

}  // namespace
}  // namespace netkeel::collect
