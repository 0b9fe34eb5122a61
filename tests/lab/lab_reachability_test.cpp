// Issue 4's "done when" on EVERY example site, as root, in the lab's own namespaces: after `lab up`
// (no agents, to keep it short) every host reaches every other host on every network they share from
// its own address on that network; the replies leave by the interface that address belongs to
// (per-interface tx counters of the replying host); the planned static ARP entries are present; a
// trunk carries the network's VLAN tag (AF_PACKET capture with PACKET_AUXDATA in the switch
// namespace); and a host does not answer ARP for its storage address on its management interface while
// it does on storage. Each lab is removed (`lab down`) before the next comes up, also on failure.
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "netkeel/kernel/network_namespace.hpp"
#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using namespace lab_test;  // NOLINT: the shared lab test vocabulary
using nlohmann::json;

constexpr int kPings = 10;

struct Lab {
  std::string name;
  plan::ClusterPlan plan;
  json manifest;
  std::string netns(const std::string& host) const { return "nk-" + name + "-" + host; }
};

// tx packets per interface of a namespace (`ip -s -j link`).
std::map<std::string, long long> tx_packets(const std::string& netns) {
  std::map<std::string, long long> tx;
  auto j = json::parse(run_shell("ip -n " + netns + " -s -j link show").output, nullptr, false);
  if (!j.is_array()) return tx;
  for (const auto& l : j) tx[l.value("ifname", "")] = l["stats64"]["tx"].value("packets", 0LL);
  return tx;
}

// The links below `name` in the host's plan (VLAN parents, bond members): its replies count there too.
std::set<std::string> lower_links(const plan::HostPlan& host, const std::string& name) {
  std::set<std::string> lower;
  std::vector<std::string> todo{name};
  while (!todo.empty()) {
    auto* link = host.find_link(todo.back());
    todo.pop_back();
    if (!link) continue;
    if (!link->parent.empty() && lower.insert(link->parent).second) todo.push_back(link->parent);
    for (const auto& m : link->members)
      if (lower.insert(m).second) todo.push_back(m);
  }
  return lower;
}

struct Peer {
  const plan::HostPlan* host;
  const plan::HostNetworkPlan* net;
};

std::vector<Peer> hosts_on(const Lab& lab, const std::string& network) {
  std::vector<Peer> on;
  for (const auto& h : lab.plan.hosts)
    for (const auto& n : h.networks)
      if (n.network == network) on.push_back({&h, &n});
  return on;
}

// fping -C-less count mode: "ADDR : xmt/rcv/%loss = 10/10/0%" per target -> received replies.
std::map<std::string, int> ping_all(const std::string& netns, const std::string& source, const std::vector<Peer>& to) {
  std::string targets;
  for (const auto& p : to) targets += " " + p.net->address.str();
  auto r = run_shell("ip netns exec " + netns + " fping -q -c " + std::to_string(kPings) + " -p 20 -t 500 -S " +
                     source + targets);
  std::map<std::string, int> received;
  std::regex line(R"(([0-9.]+) +: xmt/rcv/%loss = \d+/(\d+)/)");
  for (std::sregex_iterator it(r.output.begin(), r.output.end(), line), end; it != end; ++it)
    received[(*it)[1].str()] = std::stoi((*it)[2].str());
  return received;
}

void check_reachability_and_reply_interfaces(const Lab& lab) {
  int pairs = 0;
  for (const auto& network : lab.plan.networks) {
    auto on = hosts_on(lab, network.name);
    for (const auto& from : on) {
      std::vector<Peer> peers;
      for (const auto& p : on)
        if (p.host != from.host) peers.push_back(p);
      if (peers.empty()) continue;
      std::map<std::string, std::map<std::string, long long>> before, after;
      for (const auto& p : peers) before[p.host->name] = tx_packets(lab.netns(p.host->name));
      auto received = ping_all(lab.netns(from.host->name), from.net->address.str(), peers);
      for (const auto& p : peers) after[p.host->name] = tx_packets(lab.netns(p.host->name));
      for (const auto& p : peers) {
        ++pairs;
        SCOPED_TRACE(from.host->name + " (" + from.net->address.str() + ") -> " + p.host->name + " (" +
                     p.net->address.str() + ") on " + network.name);
        const int got = received[p.net->address.str()];
        EXPECT_GT(got, 0) << "no reply";
        if (got == 0) continue;
        auto delta = [&](const std::string& ifname) {
          return after[p.host->name][ifname] - before[p.host->name][ifname];
        };
        // Every reply left by the interface its source address belongs to...
        EXPECT_GE(delta(p.net->interface), got) << "replies did not leave by " << p.net->interface;
        // ...and not by another network's interface (other than the links below it).
        auto lower = lower_links(*p.host, p.net->interface);
        for (const auto& other : p.host->networks) {
          if (other.interface != p.net->interface && !lower.count(other.interface)) {
            EXPECT_LT(delta(other.interface), got) << "replies left by " << other.interface;
          }
        }
      }
    }
  }
  EXPECT_GT(pairs, 0);
}

void check_static_arp(const Lab& lab) {
  for (const auto& h : lab.plan.hosts) {
    auto j = json::parse(run_shell("ip -n " + lab.netns(h.name) + " -j neigh show nud permanent").output, nullptr, false);
    ASSERT_TRUE(j.is_array()) << h.name;
    std::set<std::string> present;
    for (const auto& n : j) present.insert(n.value("dev", "") + " " + n.value("dst", "") + " " + n.value("lladdr", ""));
    for (const auto& n : h.neighbours)
      EXPECT_TRUE(present.count(n.interface + " " + n.address.str() + " " + n.mac.str()))
          << h.name << ": no permanent neighbour " << n.address.str() << " lladdr " << n.mac.str() << " on "
          << n.interface << " (" << n.owner << ")";
  }
}

// An AF_PACKET socket opened inside a namespace (it stays there when the thread leaves).
int packet_socket(const std::string& netns, int protocol, int ifindex_of_name_or_0, const std::string& ifname = "") {
  kernel::ScopedNetworkNamespace inside(netns);
  int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(protocol));
  if (fd < 0) return -1;
  int on = 1;
  ::setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &on, sizeof on);
  int buf = 4 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
  if (!ifname.empty() || ifindex_of_name_or_0) {
    sockaddr_ll a{};
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(protocol);
    a.sll_ifindex = ifname.empty() ? ifindex_of_name_or_0 : static_cast<int>(::if_nametoindex(ifname.c_str()));
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  return fd;
}

struct Frame {
  int ifindex = 0;
  int pkttype = 0;
  int vid = -1;  // -1: untagged
  std::vector<unsigned char> bytes;  // from the Ethernet header, with any inline tag removed
};

// Every frame queued on the socket now (non-blocking), or waiting up to `wait_ms` for the first.
std::vector<Frame> drain(int fd, int wait_ms) {
  std::vector<Frame> frames;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, std::max<int>(0, static_cast<int>(left.count()))) <= 0) return frames;
    unsigned char data[10000];
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(tpacket_auxdata))];
    sockaddr_ll from{};
    iovec iov{data, sizeof data};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(fd, &msg, MSG_DONTWAIT);
    if (n <= 0) return frames;
    Frame f;
    f.ifindex = from.sll_ifindex;
    f.pkttype = from.sll_pkttype;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA) continue;
      tpacket_auxdata aux;
      std::memcpy(&aux, CMSG_DATA(c), sizeof aux);
      if (aux.tp_status & TP_STATUS_VLAN_VALID) f.vid = aux.tp_vlan_tci & 0x0fff;
    }
    f.bytes.assign(data, data + n);
    if (f.vid < 0 && n >= 18 && data[12] == 0x81 && data[13] == 0x00) {  // the tag still inline
      f.vid = ((data[14] << 8) | data[15]) & 0x0fff;
      f.bytes.erase(f.bytes.begin() + 12, f.bytes.begin() + 16);
    }
    frames.push_back(std::move(f));
  }
}

bool is_echo_request(const Frame& f, const std::string& src, const std::string& dst) {
  const auto& b = f.bytes;
  if (b.size() < 14 + 20 + 8 || b[12] != 0x08 || b[13] != 0x00 || b[14 + 9] != 1) return false;
  char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &b[14 + 12], s, sizeof s);
  ::inet_ntop(AF_INET, &b[14 + 16], d, sizeof d);
  const size_t icmp = 14 + 4 * (b[14] & 0x0f);
  return src == s && dst == d && b.size() > icmp && b[icmp] == 8;
}

void check_trunk_vlan_tag(const Lab& lab) {
  for (const auto& network : lab.plan.networks) {
    auto on = hosts_on(lab, network.name);
    if (on.size() < 2 || !on[0].net->tagged || !on[0].net->vlan) continue;
    const auto& from = on[0];
    const auto& to = on[1];
    SCOPED_TRACE("VLAN tag of " + network.name + ": " + from.host->name + " -> " + to.host->name);
    // A socket in each switch namespace where one of the sender's cables ends; its ports there.
    std::map<std::string, std::set<int>> ports;
    for (const auto& l : lab.manifest["links"])
      if (l["role"] == "cable" && l["a_netns"] == lab.netns(from.host->name)) {
        kernel::ScopedNetworkNamespace inside(l["b_netns"].get<std::string>());
        ports[l["b_netns"]].insert(static_cast<int>(::if_nametoindex(l["b_ifname"].get<std::string>().c_str())));
      }
    ASSERT_FALSE(ports.empty());
    std::map<std::string, int> sockets;
    for (const auto& [ns, _] : ports) sockets[ns] = packet_socket(ns, ETH_P_ALL, 0);
    run_shell("ip netns exec " + lab.netns(from.host->name) + " fping -q -c 5 -p 20 -t 500 -S " +
              from.net->address.str() + " " + to.net->address.str());
    int seen = 0;
    for (const auto& [ns, fd] : sockets) {
      for (const auto& f : drain(fd, 200)) {
        if (!ports[ns].count(f.ifindex) || f.pkttype == PACKET_OUTGOING) continue;
        if (!is_echo_request(f, from.net->address.str(), to.net->address.str())) continue;
        ++seen;
        EXPECT_EQ(f.vid, *network.vlan) << "echo request on a trunk port of " << ns;
      }
      ::close(fd);
    }
    EXPECT_GT(seen, 0) << "no echo request seen on the sender's switch ports";
    return;  // one tagged network per site is enough
  }
  std::printf("[ skipped ] trunk VLAN tag: no tagged network shared by two hosts in this example\n");
}

struct Interface {
  int index = 0;
  unsigned char mac[6] = {};
};

Interface interface_in(const std::string& netns, const std::string& ifname) {
  kernel::ScopedNetworkNamespace inside(netns);
  Interface i;
  i.index = static_cast<int>(::if_nametoindex(ifname.c_str()));
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq req{};
  std::strncpy(req.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd, SIOCGIFHWADDR, &req) == 0) std::memcpy(i.mac, req.ifr_hwaddr.sa_data, 6);
  ::close(fd);
  return i;
}

// From `netns`, an ARP request "who has TARGET? tell SENDER" out of `ifname`; true when TARGET answers.
bool arp_answered(const std::string& netns, const std::string& ifname, const std::string& sender,
                  const std::string& target) {
  auto itf = interface_in(netns, ifname);
  int fd = packet_socket(netns, ETH_P_ARP, itf.index);
  unsigned char frame[42] = {};
  std::memset(frame, 0xff, 6);
  std::memcpy(frame + 6, itf.mac, 6);
  frame[12] = 0x08, frame[13] = 0x06;                                 // ARP
  frame[14] = 0, frame[15] = 1, frame[16] = 0x08, frame[17] = 0x00;  // Ethernet, IPv4
  frame[18] = 6, frame[19] = 4, frame[20] = 0, frame[21] = 1;        // request
  std::memcpy(frame + 22, itf.mac, 6);
  ::inet_pton(AF_INET, sender.c_str(), frame + 28);
  ::inet_pton(AF_INET, target.c_str(), frame + 38);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = itf.index;
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  bool answered = false;
  for (int attempt = 0; attempt < 3 && !answered; ++attempt) {
    ::sendto(fd, frame, sizeof frame, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    for (const auto& f : drain(fd, 300)) {
      const auto& b = f.bytes;
      if (b.size() < 42 || b[12] != 0x08 || b[13] != 0x06 || b[21] != 2) continue;  // an ARP reply
      char spa[INET_ADDRSTRLEN];
      ::inet_ntop(AF_INET, &b[28], spa, sizeof spa);
      answered |= target == spa;
    }
  }
  ::close(fd);
  return answered;
}

void check_no_storage_arp_on_mgmt(const Lab& lab) {
  auto mgmt = hosts_on(lab, "mgmt"), storage = hosts_on(lab, "storage");
  if (mgmt.size() < 2 || storage.size() < 2) {
    std::printf("[ skipped ] storage ARP on mgmt: the example has no mgmt and storage networks on two hosts\n");
    return;
  }
  auto net_of = [](const std::vector<Peer>& on, const plan::HostPlan* h) -> const plan::HostNetworkPlan* {
    for (const auto& p : on)
      if (p.host == h) return p.net;
    return nullptr;
  };
  const plan::HostPlan *asker = nullptr, *target = nullptr;
  for (const auto& a : mgmt)
    for (const auto& b : mgmt)
      if (!asker && a.host != b.host && net_of(storage, a.host) && net_of(storage, b.host) &&
          net_of(mgmt, b.host)->interface != net_of(storage, b.host)->interface &&
          net_of(mgmt, b.host)->subnet == net_of(mgmt, a.host)->subnet &&
          net_of(storage, b.host)->subnet == net_of(storage, a.host)->subnet)
        asker = a.host, target = b.host;
  if (!asker) {
    std::printf("[ skipped ] storage ARP on mgmt: no two hosts on one mgmt and one storage segment with storage "
                "on its own interface (mgmt and storage share an untagged segment here)\n");
    return;
  }
  const auto *a_mgmt = net_of(mgmt, asker), *a_storage = net_of(storage, asker);
  const auto *b_mgmt = net_of(mgmt, target), *b_storage = net_of(storage, target);
  SCOPED_TRACE(asker->name + " asks " + target->name);
  const auto ns = lab.netns(asker->name);
  EXPECT_TRUE(arp_answered(ns, a_mgmt->interface, a_mgmt->address.str(), b_mgmt->address.str()))
      << "its mgmt address answers on mgmt (control)";
  EXPECT_TRUE(arp_answered(ns, a_storage->interface, a_storage->address.str(), b_storage->address.str()))
      << "its storage address answers on storage";
  EXPECT_FALSE(arp_answered(ns, a_mgmt->interface, a_mgmt->address.str(), b_storage->address.str()))
      << target->name << " answered ARP for its storage address " << b_storage->address.str() << " on mgmt";
}

class ExampleInTheLab : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleInTheLab, ReachabilityReplyInterfacesStaticArpVlanTagsAndArpIsolation) {
  const std::string example = GetParam();
  Lab lab{unique_lab("rch" + example.substr(0, 1) + "-"), plan_of(example), {}};
  LabGuard guard(lab.name);
  // --no-agents --no-keep: the reply-interface counts below need networks with no traffic but the test's
  // own (agents probe, keepers renew their VIPs through etcd every 100 ms).
  auto up = run_shell(kNetkeel + " lab up " + kExamples + example + " --no-agents --no-keep --name " + lab.name);
  ASSERT_EQ(up.exit_code, 0) << up.output;
  std::ifstream in(kLabRoot + lab.name + "/manifest.json");
  lab.manifest = json::parse(in);
  {
    SCOPED_TRACE("reachability");
    check_reachability_and_reply_interfaces(lab);
  }
  {
    SCOPED_TRACE("static ARP");
    check_static_arp(lab);
  }
  check_trunk_vlan_tag(lab);
  check_no_storage_arp_on_mgmt(lab);
}

INSTANTIATE_TEST_SUITE_P(EveryExample, ExampleInTheLab,
                         ::testing::Values("1-one-rack-one-vlan.yaml", "2-production-mlag.yaml",
                                           "3-two-switches-no-mlag.yaml", "4-one-lacp-switch.yaml",
                                           "5-leaf-spine-l3.yaml", "6-grown-two-racks.yaml"),
                         [](const auto& info) { return "example" + info.param.substr(0, 1); });

}  // namespace
}  // namespace netkeel
