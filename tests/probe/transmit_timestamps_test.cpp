// Parsing the kernel's error-queue messages into transmit stamps, on hand-built control data, and
// the real thing on a loopback UDP socket (no root needed).
#include "netkeel/probe/transmit_timestamps.hpp"

#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "netkeel/probe/socket_io.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {
namespace {

// An error-queue message as the kernel builds it: SCM_TIMESTAMPING and IP_RECVERR.
struct ErrorQueueMessage {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(scm_timestamping)) + CMSG_SPACE(sizeof(sock_extended_err))] = {};
  msghdr msg{};

  ErrorQueueMessage(timespec software, sock_extended_err error, bool with_stamp = true, bool with_error = true) {
    size_t used = 0;
    auto append = [&](int level, int type, const void* data, size_t size) {
      auto* c = reinterpret_cast<cmsghdr*>(control + used);
      c->cmsg_level = level;
      c->cmsg_type = type;
      c->cmsg_len = CMSG_LEN(size);
      std::memcpy(CMSG_DATA(c), data, size);
      used += CMSG_SPACE(size);
    };
    scm_timestamping stamps{};
    stamps.ts[0] = software;
    if (with_stamp) append(SOL_SOCKET, SCM_TIMESTAMPING, &stamps, sizeof stamps);
    if (with_error) append(SOL_IP, IP_RECVERR, &error, sizeof error);
    msg.msg_control = used ? control : nullptr;
    msg.msg_controllen = used;
  }
};

sock_extended_err stamp_error(uint32_t key, uint32_t info = SCM_TSTAMP_SND) {
  sock_extended_err e{};
  e.ee_errno = ENOMSG;
  e.ee_origin = SO_EE_ORIGIN_TIMESTAMPING;
  e.ee_info = info;
  e.ee_data = key;
  return e;
}

TEST(TransmitStamps, ParsesTheSoftwareStampAndItsKey) {
  ErrorQueueMessage m(timespec{1700000000, 123456789}, stamp_error(42));
  auto s = parse_transmit_stamp(m.msg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->key, 42u);
  EXPECT_EQ(s->at, std::chrono::seconds(1700000000) + Nanoseconds(123456789));
}

TEST(TransmitStamps, IgnoresWhatIsNotASendStamp) {
  EXPECT_FALSE(parse_transmit_stamp(ErrorQueueMessage({1, 0}, stamp_error(1, SCM_TSTAMP_SCHED)).msg)) << "scheduler stamp";
  EXPECT_FALSE(parse_transmit_stamp(ErrorQueueMessage({1, 0}, stamp_error(1, SCM_TSTAMP_ACK)).msg)) << "ACK stamp";
  sock_extended_err icmp{};
  icmp.ee_errno = EHOSTUNREACH;
  icmp.ee_origin = SO_EE_ORIGIN_ICMP;
  EXPECT_FALSE(parse_transmit_stamp(ErrorQueueMessage({1, 0}, icmp).msg)) << "ICMP error";
  EXPECT_FALSE(parse_transmit_stamp(ErrorQueueMessage({0, 0}, stamp_error(1)).msg)) << "hardware-only: no software stamp";
  EXPECT_FALSE(parse_transmit_stamp(ErrorQueueMessage({1, 0}, stamp_error(1), false, true).msg)) << "no stamp";
  EXPECT_FALSE(parse_transmit_stamp(ErrorQueueMessage({1, 0}, stamp_error(1), true, false).msg)) << "no key";
  msghdr empty{};
  EXPECT_FALSE(parse_transmit_stamp(empty));
}

TEST(TransmitStamps, LoopbackUdpSendsAreStampedAndNumbered) {
  UniqueFd receiver(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0));
  sockaddr_in to = to_sockaddr(Ipv4Address(0x7f000001), 0);
  ASSERT_EQ(bind(receiver.get(), reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
  socklen_t len = sizeof to;
  getsockname(receiver.get(), reinterpret_cast<sockaddr*>(&to), &len);

  UniqueFd sender(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0));
  ASSERT_TRUE(enable_transmit_timestamps(sender.get()));
  const uint8_t data[4] = {1, 2, 3, 4};
  const Nanoseconds before = realtime_now();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(send_from(sender.get(), Ipv4Address(0), to, data), 0);
  const Nanoseconds after = realtime_now();
  const auto stamps = read_transmit_stamps(sender.get());
  ASSERT_EQ(stamps.size(), 3u) << "loopback stamps during sendmsg";
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(stamps[i].key, i);
    EXPECT_GE(stamps[i].at, before);
    EXPECT_LE(stamps[i].at, after);
  }
  EXPECT_TRUE(read_transmit_stamps(sender.get()).empty()) << "the queue is drained";
}

}  // namespace
}  // namespace netkeel::probe
