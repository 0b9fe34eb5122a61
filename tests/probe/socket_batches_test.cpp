// SendBatch (sendmmsg) and ReceiveBatch (recvmmsg) on loopback UDP sockets: no namespace, no root.
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <linux/sock_diag.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "netkeel/probe/receive_batch.hpp"
#include "netkeel/probe/send_batch.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {
namespace {

const Ipv4Address kLoopback(0x7f000001);

// Memory the socket's receive queue holds now (SO_MEMINFO), in bytes of truesize.
uint32_t queued_memory(int fd) {
  uint32_t info[SK_MEMINFO_VARS] = {};
  socklen_t len = sizeof info;
  EXPECT_EQ(getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, &len), 0);
  return info[SK_MEMINFO_RMEM_ALLOC];
}

struct BoundUdp {
  UniqueFd fd{socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  uint16_t port = 0;
  BoundUdp() {
    sockaddr_in a = to_sockaddr(kLoopback, 0);
    EXPECT_EQ(bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    enable_receive_timestamps(fd.get());
  }
};

// Waits (bounded) until the receive queue holds at least `bytes` of datagram memory.
bool wait_for_queued_memory(int fd, uint32_t bytes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (queued_memory(fd) < bytes) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// The queue memory one datagram of PAYLOAD bytes takes (its skb's truesize), measured on a socket of its
// own: the kernel rounds each skb's size to cache lines and allocation classes, so it depends on the size.
uint32_t datagram_memory(size_t payload) {
  static std::map<size_t, uint32_t> measured;
  if (const auto it = measured.find(payload); it != measured.end()) return it->second;
  BoundUdp sender, receiver;
  SendBatch batch;
  batch.add(kLoopback, to_sockaddr(kLoopback, receiver.port)).assign(payload, 0);
  EXPECT_EQ(batch.send(sender.fd.get(), 0), 1);
  EXPECT_TRUE(wait_for_queued_memory(receiver.fd.get(), 1)) << "the calibration datagram never arrived";
  return measured[payload] = queued_memory(receiver.fd.get());
}

// Loopback delivers in softirq context, which a loaded machine defers to ksoftirqd: datagrams just sent
// may not be queued yet when the test reads. Waits (bounded, for the kernel, not for a time) until the
// receive queue holds datagrams of these payload sizes.
bool wait_until_queued(int fd, const std::vector<size_t>& payloads) {
  uint32_t bytes = 0;
  for (const size_t payload : payloads) bytes += datagram_memory(payload);
  return wait_for_queued_memory(fd, bytes);
}

// The kernel turns arrival stamping on for the whole system only once a socket asks for stamps, and
// from a work queue (a static key), so under load the first datagrams after a fresh start may be stamped
// when they are read instead of when they arrived. Waits (bounded) until a datagram's stamp precedes its
// read, i.e. arrival stamping is on; it stays on while RECEIVER keeps its stamps enabled.
bool wait_until_arrival_stamping(const BoundUdp& receiver) {
  BoundUdp sender;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    SendBatch batch;
    batch.add(kLoopback, to_sockaddr(kLoopback, receiver.port)).assign(3, 0);
    if (batch.send(sender.fd.get(), 0) != 1 || !wait_until_queued(receiver.fd.get(), {3})) return false;
    const Nanoseconds before = realtime_now();
    ReceiveBatch in(1, 64);
    if (in.receive(receiver.fd.get()) == 1 && in.received(0) <= before) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

TEST(SocketBatches, OneSendmmsgCarriesEveryDatagramAndRecvmmsgTakesThemInChunks) {
  BoundUdp sender, receiver;
  ASSERT_TRUE(wait_until_arrival_stamping(receiver));
  SendBatch batch;
  for (uint8_t i = 0; i < 100; ++i) batch.add(kLoopback, to_sockaddr(kLoopback, receiver.port)).assign(3, i);
  ASSERT_EQ(batch.size(), 100u);
  ASSERT_EQ(batch.send(sender.fd.get(), 0), 100);
  ASSERT_TRUE(wait_until_queued(receiver.fd.get(), std::vector<size_t>(100, 3)));

  ReceiveBatch in(64, 256);
  const Nanoseconds before = realtime_now();
  ASSERT_EQ(in.receive(receiver.fd.get()), 64) << "a full chunk first";
  std::set<uint8_t> seen;
  for (size_t i = 0; i < 64; ++i) {
    ASSERT_EQ(in.data(i).size(), 3u);
    seen.insert(in.data(i)[0]);
    EXPECT_EQ(in.local(i), kLoopback) << "IP_PKTINFO names the address it was sent to";
    EXPECT_EQ(ntohs(in.from(i).sin_port), sender.port);
    EXPECT_GT(in.received(i), Nanoseconds(0));
    EXPECT_LE(in.received(i), before) << "the kernel's receive stamp, taken before the read";
  }
  ASSERT_EQ(in.receive(receiver.fd.get()), 36) << "then the rest: fewer than capacity means drained";
  for (size_t i = 0; i < 36; ++i) seen.insert(in.data(i)[0]);
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(in.receive(receiver.fd.get()), -EAGAIN);
}

TEST(SocketBatches, ABatchIsReusedAndOnlyItsOwnDatagramsGo) {
  BoundUdp sender, receiver;
  SendBatch batch;
  for (int i = 0; i < 5; ++i) batch.add(Ipv4Address(0), to_sockaddr(kLoopback, receiver.port)).assign(10, 1);
  ASSERT_EQ(batch.send(sender.fd.get(), 0), 5);
  batch.clear();
  batch.add(Ipv4Address(0), to_sockaddr(kLoopback, receiver.port)).assign(2, 7);
  batch.add(Ipv4Address(0), to_sockaddr(kLoopback, receiver.port)).assign(4, 8);
  EXPECT_EQ(batch.send(sender.fd.get(), 1), 1) << "from the second datagram on";
  ASSERT_TRUE(wait_until_queued(receiver.fd.get(), {10, 10, 10, 10, 10, 4}));
  ReceiveBatch in(16, 256);
  ASSERT_EQ(in.receive(receiver.fd.get()), 6);
  EXPECT_EQ(in.data(5).size(), 4u);
  EXPECT_EQ(in.data(5)[0], 8);
}

TEST(SocketBatches, DatagramsLongerThanTheSnapLengthAreCutNotLost) {
  BoundUdp sender, receiver;
  SendBatch batch;
  batch.add(kLoopback, to_sockaddr(kLoopback, receiver.port)).assign(1400, 5);
  batch.add(kLoopback, to_sockaddr(kLoopback, receiver.port)).assign(20, 6);
  ASSERT_EQ(batch.send(sender.fd.get(), 0), 2);
  ReceiveBatch in(8, 64);
  ASSERT_EQ(in.receive(receiver.fd.get()), 2);
  EXPECT_EQ(in.data(0).size(), 64u);
  EXPECT_EQ(in.data(1).size(), 20u);
  EXPECT_EQ(in.data(1)[0], 6);
}

TEST(SocketBatches, ARefusedFirstDatagramIsReportedWithItsErrno) {
  BoundUdp sender;
  SendBatch batch;
  batch.add(kLoopback, to_sockaddr(kLoopback, 9)).assign(70000, 0);  // larger than any UDP datagram
  batch.add(kLoopback, to_sockaddr(kLoopback, 9)).assign(1, 0);
  EXPECT_EQ(batch.send(sender.fd.get(), 0), -EMSGSIZE);
}

}  // namespace
}  // namespace netkeel::probe
