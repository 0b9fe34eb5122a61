// KernelVipHolder on the real kernel: a "host" namespace holds the VIP on a macvlan of its eth0, a "peer"
// namespace on the other end of a veth pair asks for it. Checked from the peer, as a client would see it:
// the VIP answers ARP with its planned MAC and nothing else answers for it (the parent would, with its own
// MAC, without arp_ignore), ping works, a gratuitous ARP corrects the peer's neighbour entry, the VIP goes
// quiet within the fence time when the fence is not extended, and release leaves nothing behind.
// The same on the Open vSwitch backend, with a private OVS (userspace datapath) in the host namespace.
// Needs root; namespaces nkt-vh-<pid>-<n>, removed by their guards also when a test fails.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

#include "netkeel/apply/ovs_backend.hpp"
#include "netkeel/apply/vsctl_ovsdb.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/core/unique_fd.hpp"
#include "netkeel/ha/kernel_vip_holder.hpp"
#include "netkeel/ha/macvlan_vip_device.hpp"
#include "netkeel/ha/nftables_vip_fence.hpp"
#include "netkeel/ha/ovs_internal_port_vip_device.hpp"
#include "netkeel/ha/packet_arp_announcer.hpp"
#include "netkeel/ha/vip_device_name.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/libnl_netlink.hpp"
#include "netkeel/kernel/network_namespace.hpp"
#include "netkeel/kernel/proc_sysctl.hpp"
#include "support/temporary_directory.hpp"
#include "support/test_namespace.hpp"

namespace netkeel::ha {
namespace {

using namespace std::chrono_literals;

const Ipv4Address kHostAddress = *Ipv4Address::parse("10.77.0.1");
const Ipv4Address kPeerAddress = *Ipv4Address::parse("10.77.0.2");
const Ipv4Address kVip = *Ipv4Address::parse("10.77.0.100");
const MacAddress kVipMac = *MacAddress::parse("02:4e:4b:aa:00:01");
const MacAddress kHostNicMac = *MacAddress::parse("02:4e:4b:00:00:01");
const MacAddress kStaleMac = *MacAddress::parse("02:00:00:00:99:99");

// Who answered an ARP request for TARGET sent from NAMESPACE's eth0: the sender MAC of every reply that
// arrived within WINDOW (all of them, so a second answerer shows up).
std::vector<MacAddress> arp_answers(const std::string& name_space, Ipv4Address target,
                                    std::chrono::milliseconds window = 300ms) {
  UniqueFd fd;
  unsigned index = 0;
  {
    kernel::ScopedNetworkNamespace inside(name_space);  // the socket stays in the namespace it is opened in
    fd.reset(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP)));
    index = if_nametoindex("eth0");
  }
  if (!fd || index == 0) throw std::runtime_error("peer ARP socket: " + std::string(std::strerror(errno)));
  ifreq request{};
  std::strncpy(request.ifr_name, "eth0", IFNAMSIZ - 1);
  if (ioctl(fd.get(), SIOCGIFHWADDR, &request) != 0) throw std::runtime_error("SIOCGIFHWADDR");
  std::array<std::uint8_t, 42> frame{};
  std::memset(frame.data(), 0xff, 6);
  std::memcpy(frame.data() + 6, request.ifr_hwaddr.sa_data, 6);
  frame[12] = 0x08, frame[13] = 0x06, frame[15] = 1, frame[16] = 0x08, frame[18] = 6, frame[19] = 4, frame[21] = 1;
  std::memcpy(frame.data() + 22, request.ifr_hwaddr.sa_data, 6);
  const uint32_t sender = htonl(kPeerAddress.value()), wanted = htonl(target.value());
  std::memcpy(frame.data() + 28, &sender, 4);
  std::memcpy(frame.data() + 38, &wanted, 4);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = static_cast<int>(index);
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  if (sendto(fd.get(), frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
    throw std::runtime_error("send ARP request: " + std::string(std::strerror(errno)));

  std::vector<MacAddress> out;
  const auto deadline = std::chrono::steady_clock::now() + window;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) break;
    pollfd p{fd.get(), POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) != 1) continue;
    std::array<std::uint8_t, 1500> in{};
    const ssize_t n = recv(fd.get(), in.data(), in.size(), 0);
    uint32_t answered = 0;
    if (n < 42 || in[12] != 0x08 || in[13] != 0x06 || in[21] != 2) continue;  // ARP replies only
    std::memcpy(&answered, in.data() + 28, 4);
    if (answered != wanted) continue;
    std::array<std::uint8_t, 6> mac{};
    std::memcpy(mac.data(), in.data() + 22, 6);
    out.push_back(MacAddress(mac));
  }
  return out;
}

ProcessResult run(std::vector<std::string> argv) {
  ProcessRequest request;
  request.argv = std::move(argv);
  request.timeout = 10s;
  return run_process(request);
}

bool ping_works(const std::string& name_space, Ipv4Address target) {
  return run({"ip", "netns", "exec", name_space, "ping", "-n", "-q", "-c", "1", "-W", "1", target.str()}).ok();
}

// The MAC in NAMESPACE's neighbour entry for ADDRESS on eth0 ("" when there is none).
std::string neighbour_mac(const std::string& name_space, Ipv4Address address) {
  const std::string out = run({"ip", "-n", name_space, "neigh", "show", address.str(), "dev", "eth0"}).out;
  const auto at = out.find("lladdr ");
  return at == std::string::npos ? "" : out.substr(at + 7, 17);
}

// A private Open vSwitch inside one namespace: database, sockets, pidfiles and logs in a temporary directory;
// the destructor stops both daemons by the pids in their pidfiles and removes the directory.
class PrivateOvs {
 public:
  explicit PrivateOvs(const std::string& name_space) {
    must({"ovsdb-tool", "create", dir_ + "/conf.db", "/usr/share/openvswitch/vswitch.ovsschema"});
    must({"ip", "netns", "exec", name_space, "ovsdb-server", dir_ + "/conf.db", "--remote=punix:" + dir_ + "/db.sock",
          "--pidfile=" + dir_ + "/ovsdb-server.pid", "--detach", "--no-chdir", "--log-file=" + dir_ + "/ovsdb-server.log",
          "--unixctl=" + dir_ + "/ovsdb-server.ctl"});
    vsctl({"--no-wait", "init"});
    must({"ip", "netns", "exec", name_space, "ovs-vswitchd", db(), "--pidfile=" + dir_ + "/ovs-vswitchd.pid", "--detach",
          "--no-chdir", "--log-file=" + dir_ + "/ovs-vswitchd.log", "--unixctl=" + dir_ + "/ovs-vswitchd.ctl"});
  }
  ~PrivateOvs() {
    for (const char* daemon : {"ovs-vswitchd", "ovsdb-server"}) {
      int pid = 0;
      std::ifstream(dir_ + "/" + daemon + ".pid") >> pid;
      if (pid > 1 && comm(pid) == daemon) stop(pid);
    }
  }  // then temporary_ removes the directory
  PrivateOvs(const PrivateOvs&) = delete;
  PrivateOvs& operator=(const PrivateOvs&) = delete;

  std::string db() const { return "unix:" + dir_ + "/db.sock"; }
  std::string vsctl(std::vector<std::string> args) {
    args.insert(args.begin(), {"ovs-vsctl", "--db=" + db(), "--timeout=20"});
    return must(std::move(args));
  }

 private:
  std::string must(std::vector<std::string> argv) {
    ProcessRequest request;
    request.argv = argv;
    request.environment = {{"OVS_RUNDIR", dir_}, {"OVS_LOGDIR", dir_}, {"OVS_DBDIR", dir_}, {"OVS_SYSCONFDIR", dir_}};
    request.timeout = 30s;
    const ProcessResult r = run_process(request);
    if (!r.ok()) throw std::runtime_error(argv[0] + " failed: " + r.status_text() + ": " + r.err + r.out);
    return r.out;
  }
  static std::string comm(int pid) {
    std::string name;
    std::getline(std::ifstream("/proc/" + std::to_string(pid) + "/comm"), name);
    return name;
  }
  // SIGTERM, SIGKILL after 3 s; waits (polling, with a deadline) until the process is gone or a zombie.
  static void stop(int pid) {
    auto gone = [&] {
      std::string stat;
      std::getline(std::ifstream("/proc/" + std::to_string(pid) + "/stat"), stat);
      const auto close = stat.rfind(')');
      return stat.empty() || (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z');
    };
    for (int signal : {SIGTERM, SIGKILL}) {
      ::kill(pid, signal);
      const auto deadline = std::chrono::steady_clock::now() + 3s;
      while (!gone() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
      if (gone()) return;
    }
  }

  netkeel::testing::TemporaryDirectory temporary_{"nkt-vh-ovs", "/tmp"};  // short: OVS's socket paths
  std::string dir_ = temporary_.path().string();
};

class VipHolderNamespaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces, macvlan, nftables, packet sockets)";
    const auto macvlan = kernel::feature_for_link_kind(kernel::detect_kernel_features(), "macvlan");
    if (macvlan && !macvlan->available) GTEST_SKIP() << macvlan->message();
    host_ = std::make_unique<testing::TestNamespace>("nkt-vh-");
    peer_ = std::make_unique<testing::TestNamespace>("nkt-vh-");
    host_->must_ip({"link", "add", "eth0", "address", kHostNicMac.str(), "type", "veth", "peer", "name", "eth0", "netns",
                    peer_->name()});
    host_->must_ip({"addr", "add", kHostAddress.str() + "/24", "dev", "eth0"});
    peer_->must_ip({"addr", "add", kPeerAddress.str() + "/24", "dev", "eth0"});
    for (auto* ns : {host_.get(), peer_.get()}) {
      ns->must_ip({"link", "set", "lo", "up"});
      ns->must_ip({"link", "set", "eth0", "up"});
    }
    in_host([&] {
      netlink_ = std::make_unique<kernel::LibnlNetlink>();
      fence_ = std::make_unique<NftablesVipFence>();
      fence_->install();
    });
    const VipHolderSpec spec{"keystone", kVip, 32, kVipMac, "eth0"};
    device_ = std::make_unique<MacvlanVipDevice>(spec, *netlink_, kernel::detect_kernel_features());
    holder_ = std::make_unique<KernelVipHolder>(spec, *device_, *netlink_, sysctl_, *fence_, announcer_, clock_);
  }
  void TearDown() override {
    if (holder_) in_host([&] { holder_->release(); });
  }

  // Runs F with this thread in the host namespace (netlink and nftables sockets were opened there;
  // /proc/sys and packet sockets follow the thread).
  template <typename F>
  void in_host(F&& f) {
    kernel::ScopedNetworkNamespace inside(host_->name());
    f();
  }
  std::optional<kernel::Link> in_host_link(const std::string& name) {
    std::optional<kernel::Link> out;
    in_host([&] {
      for (const auto& l : netlink_->links())
        if (l.name == name) out = l;
    });
    return out;
  }
  const std::string& peer() const { return peer_->name(); }
  std::string nft(const std::string& what) {
    return run({"ip", "netns", "exec", host_->name(), "nft", "list", what, "inet", kVipFenceTable, "open_vips"}).out;
  }

  std::unique_ptr<testing::TestNamespace> host_, peer_;
  SystemClock clock_;
  kernel::ProcSysctl sysctl_;
  PacketArpAnnouncer announcer_;
  std::unique_ptr<kernel::LibnlNetlink> netlink_;
  std::unique_ptr<NftablesVipFence> fence_;
  std::unique_ptr<MacvlanVipDevice> device_;
  std::unique_ptr<KernelVipHolder> holder_;
};

TEST_F(VipHolderNamespaceTest, TheVipAnswersArpWithItsPlannedMacOnlyAndAnswersPing) {
  in_host([&] { holder_->take(60s); });
  const std::string device = vip_device_name("keystone");
  const auto link = in_host_link(device);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->kind, "macvlan");
  EXPECT_EQ(link->macvlan_mode, "private");
  EXPECT_EQ(link->mac, kVipMac);
  // addrgenmode none: no IPv6 link-local on the device (1 = IN6_ADDR_GEN_MODE_NONE).
  std::optional<std::string> addr_gen_mode;
  in_host([&] { addr_gen_mode = sysctl_.get("net.ipv6.conf." + device + ".addr_gen_mode"); });
  if (addr_gen_mode) {
    EXPECT_EQ(*addr_gen_mode, "1");
  }
  EXPECT_EQ(run({"ip", "-n", host_->name(), "-6", "addr", "show", "dev", device}).out, "");

  for (int i = 0; i < 3; ++i) {
    const auto answers = arp_answers(peer(), kVip);
    ASSERT_FALSE(answers.empty()) << "no ARP reply for the VIP";
    for (const auto& mac : answers) EXPECT_EQ(mac, kVipMac) << "answered with " << mac.str() << " (the parent's MAC?)";
  }
  // The host's eth0 does not know the peer yet: the ping's reply makes it ask, and that request must name
  // the host's own address (arp_announce=2 on the parent), or the peer would learn eth0's MAC for the VIP.
  EXPECT_TRUE(ping_works(peer(), kVip));
  EXPECT_EQ(neighbour_mac(peer(), kVip), kVipMac.str());
  EXPECT_EQ(arp_answers(peer(), kHostAddress), std::vector<MacAddress>{kHostNicMac})
      << "the VIP device must not answer for the host's own address";
}

TEST_F(VipHolderNamespaceTest, AGratuitousArpCorrectsThePeersNeighbourEntry) {
  peer_->must_ip({"neigh", "replace", kVip.str(), "lladdr", kStaleMac.str(), "dev", "eth0", "nud", "stale"});
  run({"ip", "netns", "exec", peer(), "sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_accept=1"});
  ASSERT_EQ(neighbour_mac(peer(), kVip), kStaleMac.str());
  in_host([&] { holder_->take(60s); });
  const auto deadline = clock_.now() + 5s;  // the burst ends 2.2 s after take
  while (neighbour_mac(peer(), kVip) != kVipMac.str() && clock_.now() < deadline) {
    in_host([&] { holder_->announce_due(); });
    clock_.sleep_for(20ms);
  }
  EXPECT_EQ(neighbour_mac(peer(), kVip), kVipMac.str());
  EXPECT_GE(holder_->counters().gratuitous_arps_sent, 1u);
  EXPECT_EQ(holder_->counters().gratuitous_arp_failures, 0u) << holder_->last_error();
}

TEST_F(VipHolderNamespaceTest, WithoutExtensionTheVipGoesQuietWithinTheFenceTime) {
  constexpr auto kFence = 3s;
  const SteadyTime taken = clock_.now();
  in_host([&] { holder_->take(kFence); });
  ASSERT_FALSE(arp_answers(peer(), kVip).empty());
  ASSERT_TRUE(ping_works(peer(), kVip));
  // Poll; a round that starts after fence time + 1 s no longer counts.
  bool quiet = false;
  while (!quiet && clock_.now() < taken + kFence + 1s) {
    quiet = arp_answers(peer(), kVip, 200ms).empty() && !ping_works(peer(), kVip);
  }
  EXPECT_TRUE(quiet) << "the VIP still answers after its fence ran out";
  EXPECT_TRUE(holder_->held()) << "the kernel fenced it, not the holder";
  // A renewal opens it again.
  in_host([&] { holder_->extend_fence(30s); });
  EXPECT_FALSE(arp_answers(peer(), kVip).empty());
}

TEST_F(VipHolderNamespaceTest, ReleaseRemovesDeviceAddressAndFenceElement) {
  in_host([&] { holder_->take(60s); });
  ASSERT_NE(nft("set").find(kVip.str()), std::string::npos) << nft("set");
  in_host([&] { holder_->release(); });
  EXPECT_FALSE(holder_->held());
  EXPECT_FALSE(in_host_link(vip_device_name("keystone")));
  std::vector<kernel::Address> addresses;
  in_host([&] { addresses = netlink_->addresses(); });
  for (const auto& a : addresses) EXPECT_NE(a.address, kVip) << a.interface;
  EXPECT_EQ(nft("set").find(kVip.str()), std::string::npos) << nft("set");
  EXPECT_TRUE(arp_answers(peer(), kVip).empty());
  EXPECT_FALSE(ping_works(peer(), kVip));
  in_host([&] { holder_->release(); });  // again: nothing to do, nothing thrown
  EXPECT_EQ(holder_->counters().release_errors, 0u) << holder_->last_error();
  in_host([&] { fence_->remove(); });
  EXPECT_EQ(run({"ip", "netns", "exec", host_->name(), "nft", "list", "tables"}).out, "");
}

// The OVS backend: eth0 is a port of the bridge nk-br0, the host's address lives on the internal port
// nkp0 (as apply's OVS backend puts it on `bond0` or `bond0.20`), and the VIP gets an internal port beside it.
TEST(VipHolderOnOvs, TheVipOnAnInternalPortAnswersWithItsPlannedMacOnlyAndGoesQuietWithoutItsFence) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces, Open vSwitch, nftables, packet sockets)";
  if (!run({"ovs-vswitchd", "--version"}).ok()) GTEST_SKIP() << "Open vSwitch is not installed";
  testing::TestNamespace host("nkt-vh-"), peer("nkt-vh-");
  host.must_ip({"link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", peer.name()});
  for (auto* ns : {&host, &peer}) {
    ns->must_ip({"link", "set", "lo", "up"});
    ns->must_ip({"link", "set", "eth0", "up"});
    // The userspace datapath cannot complete checksums left to "hardware".
    ASSERT_TRUE(run({"ip", "netns", "exec", ns->name(), "ethtool", "-K", "eth0", "tx", "off", "rx", "off"}).ok());
  }
  peer.must_ip({"addr", "add", kPeerAddress.str() + "/24", "dev", "eth0"});
  PrivateOvs ovs(host.name());
  ovs.vsctl({"add-br", apply::kOvsBridgeName, "--", "set", "bridge", apply::kOvsBridgeName, "datapath_type=netdev"});
  ovs.vsctl({"add-port", apply::kOvsBridgeName, "eth0"});
  ovs.vsctl({"add-port", apply::kOvsBridgeName, "nkp0", "--", "set", "Interface", "nkp0", "type=internal",
             "mac=\"" + kHostNicMac.str() + "\""});
  // What the OVS backend does for a bridge member: the kernel must not answer ARP on it.
  ASSERT_TRUE(run({"ip", "netns", "exec", host.name(), "sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_ignore=1"}).ok());
  host.must_ip({"addr", "add", kHostAddress.str() + "/24", "dev", "nkp0"});
  host.must_ip({"link", "set", "nkp0", "up"});

  SystemClock clock;
  kernel::ProcSysctl sysctl;
  PacketArpAnnouncer announcer;
  apply::VsctlOvsdb ovsdb(ovs.db());
  std::unique_ptr<kernel::LibnlNetlink> netlink;
  std::unique_ptr<NftablesVipFence> fence;
  const VipHolderSpec spec{"keystone", kVip, 32, kVipMac, "nkp0"};
  OvsInternalPortVipDevice device(spec, ovsdb, sysctl, apply::kOvsBridgeName);
  std::unique_ptr<KernelVipHolder> holder;
  auto in_host = [&](auto&& f) {
    kernel::ScopedNetworkNamespace inside(host.name());
    f();
  };
  in_host([&] {
    netlink = std::make_unique<kernel::LibnlNetlink>();
    fence = std::make_unique<NftablesVipFence>();
    fence->install();
    holder = std::make_unique<KernelVipHolder>(spec, device, *netlink, sysctl, *fence, announcer, clock);
  });
  struct ReleaseAtEnd {
    std::function<void()> release;
    ~ReleaseAtEnd() { release(); }
  } release_at_end{[&] { in_host([&] { holder->release(); }); }};

  constexpr auto kFence = 3s;
  const SteadyTime taken = clock.now();
  in_host([&] { holder->take(kFence); });
  const std::string ports = ovs.vsctl({"list-ports", apply::kOvsBridgeName});
  EXPECT_NE(ports.find(device.name()), std::string::npos) << ports;
  EXPECT_NE(ovs.vsctl({"get", "Interface", device.name(), "mac"}).find(kVipMac.str()), std::string::npos);
  EXPECT_EQ(run({"ip", "-n", host.name(), "-6", "addr", "show", "dev", device.name()}).out, "");
  const auto answers = arp_answers(peer.name(), kVip);
  ASSERT_FALSE(answers.empty()) << "no ARP reply for the VIP";
  for (const auto& mac : answers) EXPECT_EQ(mac, kVipMac) << "answered with " << mac.str();
  EXPECT_TRUE(ping_works(peer.name(), kVip));
  EXPECT_EQ(neighbour_mac(peer.name(), kVip), kVipMac.str());

  bool quiet = false;
  while (!quiet && clock.now() < taken + kFence + 1s)
    quiet = arp_answers(peer.name(), kVip, 200ms).empty() && !ping_works(peer.name(), kVip);
  EXPECT_TRUE(quiet) << "the VIP still answers after its fence ran out";

  in_host([&] { holder->release(); });
  EXPECT_EQ(ovs.vsctl({"list-ports", apply::kOvsBridgeName}).find(device.name()), std::string::npos);
  EXPECT_EQ(holder->counters().release_errors, 0u) << holder->last_error();
}

}  // namespace
}  // namespace netkeel::ha
