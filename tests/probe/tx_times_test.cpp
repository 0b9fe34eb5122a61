// Send times: kernel transmit stamps matched to probes by the socket's send number, and the fallback
// to the agent's clock when a probe got none.
#include "netkeel/probe/tx_times.hpp"

#include <gtest/gtest.h>

namespace netkeel::probe {
namespace {

using std::chrono::microseconds;

TEST(TxTimes, KernelStampGivesTheRttAndSaysSo) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(1000));
  tx.stamped(0, 0, microseconds(1030));  // the packet reached the driver 30 us after the agent's clock
  auto m = tx.rtt(1, 0, microseconds(1100));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rtt, microseconds(70));
  EXPECT_EQ(m->source, SendTimeSource::kernel);
  EXPECT_FALSE(tx.rtt(1, 0, microseconds(1200))) << "a probe resolves once";
}

TEST(TxTimes, NoStampFallsBackToTheAgentsClock) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(1000));
  auto m = tx.rtt(1, 0, microseconds(1100));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rtt, microseconds(100));
  EXPECT_EQ(m->source, SendTimeSource::userspace);
}

TEST(TxTimes, KeysCountSendsPerSocketAndMatchTheRightProbe) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(100), 0);  // socket 0, key 0
  tx.sent(2, 0, microseconds(110), 1);  // socket 1, key 0
  tx.sent(3, 0, microseconds(120), 0);  // socket 0, key 1
  tx.stamped(0, 1, microseconds(125));
  tx.stamped(1, 0, microseconds(112));
  tx.stamped(0, 0, microseconds(101));
  EXPECT_EQ(tx.rtt(3, 0, microseconds(200))->rtt, microseconds(75));
  EXPECT_EQ(tx.rtt(2, 0, microseconds(200))->rtt, microseconds(88));
  EXPECT_EQ(tx.rtt(1, 0, microseconds(200))->rtt, microseconds(99));
}

TEST(TxTimes, AFailedSendGivesItsKeyBack) {
  // The kernel numbers only the packets it took: after a refused send the next stamp is for key 1.
  TxTimes tx;
  tx.sent(1, 0, microseconds(100));  // key 0
  tx.sent(2, 0, microseconds(110));  // key 1, refused
  tx.send_failed(2, 0);
  tx.sent(3, 0, microseconds(120));  // key 1 again
  tx.stamped(0, 1, microseconds(121));
  auto m = tx.rtt(3, 0, microseconds(150));
  EXPECT_EQ(m->source, SendTimeSource::kernel);
  EXPECT_EQ(m->rtt, microseconds(29));
  EXPECT_FALSE(tx.rtt(2, 0, microseconds(150)));
}

TEST(TxTimes, StampsThatCannotBelongToTheProbeAreIgnored) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(1000));
  tx.stamped(0, 0, microseconds(900));  // before the agent even sent: keys out of step
  EXPECT_EQ(tx.rtt(1, 0, microseconds(1100))->source, SendTimeSource::userspace);
  tx.sent(1, 1, microseconds(2000));
  tx.stamped(0, 1, microseconds(2500));  // after the reply arrived
  auto m = tx.rtt(1, 1, microseconds(2100));
  EXPECT_EQ(m->source, SendTimeSource::userspace);
  EXPECT_EQ(m->rtt, microseconds(100));
}

TEST(TxTimes, StampsForForgottenProbesAndUnknownKeysAreHarmless) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(100));
  tx.sent(1, 1, microseconds(200));
  tx.sent(2, 0, microseconds(300));
  tx.forget(1);
  EXPECT_EQ(tx.in_flight(), 1u);
  tx.stamped(0, 0, microseconds(101));
  tx.stamped(0, 77, microseconds(101));
  tx.forget(2, 0);
  EXPECT_EQ(tx.in_flight(), 0u);
  EXPECT_FALSE(tx.rtt(1, 0, microseconds(400)));
}

TEST(TxTimes, ResendingASequenceNumberReplacesTheOldProbe) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(100));
  tx.sent(1, 0, microseconds(500));  // key 1
  tx.stamped(0, 0, microseconds(101));  // the old probe's stamp: no longer tracked
  tx.stamped(0, 1, microseconds(505));
  EXPECT_EQ(tx.in_flight(), 1u);
  EXPECT_EQ(tx.rtt(1, 0, microseconds(600))->rtt, microseconds(95));
}

TEST(TxTimes, APartlyTakenBatchGivesBackTheKeysOfEveryUntakenSend) {
  // sendmmsg took the first two of four: the last two give their keys back, newest first, and the
  // batch's retry numbers them again from key 2.
  TxTimes tx;
  for (TargetId id = 1; id <= 4; ++id) tx.sent(id, 0, microseconds(100));
  tx.send_failed(4, 0);
  tx.send_failed(3, 0);
  tx.sent(3, 0, microseconds(110));  // key 2
  tx.sent(4, 0, microseconds(110));  // key 3
  tx.stamped(0, 0, microseconds(101));
  tx.stamped(0, 1, microseconds(102));
  tx.stamped(0, 2, microseconds(111));
  tx.stamped(0, 3, microseconds(112));
  EXPECT_EQ(tx.rtt(1, 0, microseconds(200))->rtt, microseconds(99));
  EXPECT_EQ(tx.rtt(2, 0, microseconds(200))->rtt, microseconds(98));
  EXPECT_EQ(tx.rtt(3, 0, microseconds(200))->rtt, microseconds(89));
  EXPECT_EQ(tx.rtt(4, 0, microseconds(200))->rtt, microseconds(88));
  EXPECT_EQ(tx.in_flight(), 0u);
}

TEST(TxTimes, StampsFindTheirProbeAfterEarlierSendsWereLetGo) {
  // Resolved sends leave the key table from the front; later keys still index the right probe.
  TxTimes tx;
  for (uint32_t seq = 0; seq < 3; ++seq) {
    tx.sent(1, seq, microseconds(10));
    tx.rtt(1, seq, microseconds(20));
  }
  tx.sent(2, 0, microseconds(100));  // key 3
  tx.stamped(0, 3, microseconds(105));
  EXPECT_EQ(tx.rtt(2, 0, microseconds(200))->source, SendTimeSource::kernel);
  EXPECT_EQ(tx.in_flight(), 0u);
}

TEST(TxTimes, ARepliesTargetIdItNeverSentToIsIgnored) {
  TxTimes tx;
  tx.sent(1, 0, microseconds(100));
  EXPECT_FALSE(tx.rtt(4'000'000'000u, 0, microseconds(200))) << "no table grows to a foreign id";
  EXPECT_EQ(tx.in_flight(), 1u);
}

}  // namespace
}  // namespace netkeel::probe
