// SendBatch (sendmmsg) and ReceiveBatch (recvmmsg) on loopback UDP sockets: no namespace, no root.
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <set>

#include "netkeel/probe/receive_batch.hpp"
#include "netkeel/probe/send_batch.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {
namespace {

const Ipv4Address kLoopback(0x7f000001);

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

TEST(SocketBatches, OneSendmmsgCarriesEveryDatagramAndRecvmmsgTakesThemInChunks) {
  BoundUdp sender, receiver;
  SendBatch batch;
  for (uint8_t i = 0; i < 100; ++i) batch.add(kLoopback, to_sockaddr(kLoopback, receiver.port)).assign(3, i);
  ASSERT_EQ(batch.size(), 100u);
  ASSERT_EQ(batch.send(sender.fd.get(), 0), 100);

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
