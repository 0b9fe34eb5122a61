// The VIP ownership state machine on its own: every state, transition and timeout, driven by hand with
// explicit times (the machine never reads a clock).
#include "netkeel/ha/vip_ownership.hpp"

#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using Actions = std::vector<OwnershipAction>;

const SteadyTime T0 = SteadyTime{} + std::chrono::hours(1);
SteadyTime at(int ms) { return T0 + milliseconds(ms); }
KeyValue key_of(const std::string& holder, std::int64_t revision) { return KeyValue{"/vip", holder, revision}; }
WriteOutcome confirmed(std::int64_t revision) { return WriteOutcome{true, revision, std::nullopt}; }
WriteOutcome refused(std::optional<KeyValue> current) { return WriteOutcome{false, 0, std::move(current)}; }

class VipOwnershipTest : public ::testing::Test {
 protected:
  // Brings machine M (host "a") to holding at revision 5, the claim sent at T0.
  void hold(VipOwnership& m) {
    m.start(T0, true);
    m.on_read(T0, std::nullopt);
    const auto step = m.on_write(at(10), confirmed(5));
    ASSERT_EQ(m.state(), OwnershipState::holding);
    ASSERT_EQ(step.actions, (Actions{TakeVip{at(400)}}));
  }
  VipOwnership a{"a", 0, OwnershipParameters{}};
};

TEST_F(VipOwnershipTest, StartRemovesALeftoverVipAndReadsTheKey) {
  const auto step = a.start(T0, true);
  EXPECT_EQ(a.state(), OwnershipState::init);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::leftover}, ReadKey{}}));
}

TEST_F(VipOwnershipTest, InitRetriesAFailedReadAfterTheRenewInterval) {
  a.start(T0, true);
  auto step = a.on_read_failed(at(150));  // the store took its time to fail
  EXPECT_EQ(a.state(), OwnershipState::init);
  EXPECT_EQ(step.actions, (Actions{ReadKey{}}));  // sent at T0: the next read was due at T0 + 100 ms
  a = VipOwnership("a", 0, {});
  a.start(T0, true);
  step = a.on_read_failed(at(5));
  EXPECT_EQ(step.wake_at, at(100));
  EXPECT_TRUE(a.on_tick(at(99), true).actions.empty());
  EXPECT_EQ(a.on_tick(at(100), true).actions, (Actions{ReadKey{}}));
}

TEST_F(VipOwnershipTest, AnAbsentKeyIsClaimedAtOnce) {
  a.start(T0, true);
  const auto step = a.on_read(at(3), std::nullopt);
  EXPECT_EQ(a.state(), OwnershipState::taking);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 0}}));
}

TEST_F(VipOwnershipTest, AnAbsentKeyWaitsRankTimesTheOffsetSoFirstPlacementsSpread) {
  OwnershipParameters parameters;
  parameters.first_claim_offset = milliseconds(0);  // rank_offset alone: rank 2 waits 200 ms
  VipOwnership second("b", 2, parameters);
  second.start(T0, true);
  second.on_read(at(3), std::nullopt);
  EXPECT_EQ(second.state(), OwnershipState::standby);
  second.on_tick(at(100), true);
  second.on_read(at(104), std::nullopt);
  EXPECT_EQ(second.state(), OwnershipState::standby);  // absent for 101 ms of its 200
  const auto step = second.on_tick(at(204), true);   // absent since 3 ms: claims at once
  EXPECT_EQ(second.state(), OwnershipState::taking);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"b", 0}}));
}

TEST_F(VipOwnershipTest, AKeyFreedByAHolderIsClaimedAtOnceWhateverTheRank) {
  VipOwnership second("b", 2, OwnershipParameters{});
  second.start(T0, true);
  const auto step = second.on_read(at(3), key_of("", 9));
  EXPECT_EQ(second.state(), OwnershipState::taking);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"b", 9}}));
}

TEST_F(VipOwnershipTest, AKeyMarkedFreeIsClaimedAtOnceAtItsRevision) {
  a.start(T0, true);
  const auto step = a.on_read(at(3), key_of("", 9));
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 9}}));
}

TEST_F(VipOwnershipTest, ThisHostsOwnStaleClaimIsClaimedAgainAtOnce) {
  a.start(T0, true);
  const auto step = a.on_read(at(3), key_of("a", 9));
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 9}}));
}

TEST_F(VipOwnershipTest, AConfirmedClaimTakesTheVipUntilHoldTimeAfterTheSend) {
  a.start(T0, true);
  a.on_read(T0, std::nullopt);  // the claim is sent at T0
  const auto step = a.on_write(at(30), confirmed(5));
  EXPECT_EQ(a.state(), OwnershipState::holding);
  EXPECT_EQ(step.actions, (Actions{TakeVip{at(400)}}));  // from the send, not from the answer
  EXPECT_EQ(step.wake_at, at(100));
  EXPECT_EQ(a.hold_deadline(), at(400));
  EXPECT_EQ(a.holder_seen(), "a");
}

TEST_F(VipOwnershipTest, AClaimConfirmedAfterTheHoldTimeTakesNothingAndReadsAgain) {
  a.start(T0, true);
  a.on_read(T0, std::nullopt);
  const auto step = a.on_write(at(400), confirmed(5));
  EXPECT_EQ(a.state(), OwnershipState::standby);
  EXPECT_EQ(step.actions, (Actions{ReadKey{}}));  // the read shows our claim, which is then renewed
}

TEST_F(VipOwnershipTest, TheHolderRenewsEveryIntervalOnItsLastRevisionAndExtendsTheFence) {
  hold(a);
  EXPECT_EQ(a.on_tick(at(99), true).actions, (Actions{AnnounceVip{}}));
  EXPECT_EQ(a.on_tick(at(100), true).actions, (Actions{AnnounceVip{}, WriteKey{"a", 5}}));
  auto step = a.on_write(at(120), confirmed(6));
  EXPECT_EQ(step.actions, (Actions{ExtendFence{at(500)}}));
  EXPECT_EQ(step.wake_at, at(200));
  EXPECT_EQ(a.on_tick(at(200), true).actions, (Actions{AnnounceVip{}, WriteKey{"a", 6}}));
}

TEST_F(VipOwnershipTest, ASlowRenewalIsFollowedByTheNextOneAtOnce) {
  hold(a);
  a.on_tick(at(100), true);
  const auto step = a.on_write(at(260), confirmed(6));  // answered after the next one was due
  EXPECT_EQ(step.actions, (Actions{ExtendFence{at(500)}, WriteKey{"a", 6}}));
}

TEST_F(VipOwnershipTest, AHolderCutOffFromTheStoreDropsTheVipAtItsDeadline) {
  hold(a);
  a.on_tick(at(100), true);
  auto step = a.on_write_unknown(at(250));
  EXPECT_EQ(a.state(), OwnershipState::holding);  // the fence still runs until T0 + 400
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 5}}));  // retried at once: the last send was 150 ms ago
  step = a.on_write_unknown(at(399));
  EXPECT_EQ(a.state(), OwnershipState::holding);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 5}}));
  step = a.on_write_unknown(at(400));
  EXPECT_EQ(a.state(), OwnershipState::fenced);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::lost}, ReadKey{}}));
}

TEST_F(VipOwnershipTest, AHolderWakesAtItsDeadlineEvenWhenNothingAnswers) {
  hold(a);
  OwnershipStep step;
  for (int sent = 100; sent <= 300; sent += 100) {
    ASSERT_EQ(a.on_tick(at(sent), true).actions, (Actions{AnnounceVip{}, WriteKey{"a", 5}}));
    step = a.on_write_unknown(at(sent + 10));  // a fast failure: connection refused
  }
  EXPECT_EQ(step.wake_at, at(400));
  step = a.on_tick(at(400), true);
  EXPECT_EQ(a.state(), OwnershipState::fenced);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::lost}, ReadKey{}}));  // not announced on its way out
}

TEST_F(VipOwnershipTest, ARenewalConfirmedAfterTheDeadlineIsTooLate) {
  hold(a);
  a.on_tick(at(100), true);
  const auto step = a.on_write(at(500), confirmed(6));  // sent at 100: its own deadline 500 has passed
  EXPECT_EQ(a.state(), OwnershipState::fenced);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::lost}, ReadKey{}}));
}

TEST_F(VipOwnershipTest, ARenewalRefusedBecauseAnotherHostWroteDropsTheVipAtOnce) {
  hold(a);
  a.on_tick(at(100), true);
  const auto step = a.on_write(at(110), refused(key_of("b", 8)));
  EXPECT_EQ(a.state(), OwnershipState::fenced);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::lost}, ReadKey{}}));
  EXPECT_EQ(a.holder_seen(), "b");
}

TEST_F(VipOwnershipTest, ARenewalRefusedBecauseTheKeyVanishedDropsTheVipAtOnce) {
  hold(a);
  a.on_tick(at(100), true);
  a.on_write(at(110), refused(std::nullopt));
  EXPECT_EQ(a.state(), OwnershipState::fenced);
}

TEST_F(VipOwnershipTest, ARenewalRefusedByItsOwnLostWriteAdoptsTheRevisionButNotTheDeadline) {
  hold(a);
  a.on_tick(at(100), true);
  a.on_write_unknown(at(150));  // it did happen: the key is ours at revision 6
  auto step = a.on_tick(at(200), true);
  EXPECT_EQ(step.actions, (Actions{AnnounceVip{}, WriteKey{"a", 5}}));
  step = a.on_write(at(210), refused(key_of("a", 6)));
  EXPECT_EQ(a.state(), OwnershipState::holding);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 6}}));
  EXPECT_EQ(a.hold_deadline(), at(400));
  step = a.on_write(at(220), confirmed(7));
  EXPECT_EQ(step.actions, (Actions{ExtendFence{at(610)}}));
}

TEST_F(VipOwnershipTest, AStandbyClaimsAnotherHostsKeyOnlyAfterTheTakeoverWaitPlusItsRankOffset) {
  VipOwnership c("c", 2, OwnershipParameters{});  // waits 600 + 2 x 100 ms
  EXPECT_EQ(c.takeover_wait(), milliseconds(800));
  c.start(T0, true);
  auto step = c.on_read(at(20), key_of("b", 7));  // first seen when the answer came
  EXPECT_EQ(c.state(), OwnershipState::standby);
  EXPECT_TRUE(step.actions.empty());
  int reads = 0;
  while (true) {
    const SteadyTime wake = step.wake_at;
    step = c.on_tick(wake, true);
    if (step.actions == Actions{ReadKey{}}) {
      ++reads;
      step = c.on_read(wake, key_of("b", 7));
      continue;
    }
    ASSERT_EQ(step.actions, (Actions{WriteKey{"c", 7}}));
    EXPECT_EQ(wake, at(820));
    break;
  }
  EXPECT_EQ(c.state(), OwnershipState::taking);
  EXPECT_EQ(reads, 8);  // one per renew interval meanwhile
}

TEST_F(VipOwnershipTest, ANewRevisionStartsTheTakeoverWaitAgain) {
  VipOwnership b("b", 0, OwnershipParameters{});
  b.start(T0, true);
  b.on_read(T0, key_of("a", 7));
  b.on_tick(at(500), true);
  b.on_read(at(500), key_of("a", 8));  // renewed
  b.on_tick(at(600), true);
  auto step = b.on_read(at(600), key_of("a", 8));
  EXPECT_TRUE(step.actions.empty());
  EXPECT_EQ(step.wake_at, at(700));
  step = b.on_tick(at(1099), true);
  EXPECT_EQ(step.actions, (Actions{ReadKey{}}));
  step = b.on_read(at(1099), key_of("a", 8));
  EXPECT_EQ(step.wake_at, at(1100));
  EXPECT_EQ(b.on_tick(at(1100), true).actions, (Actions{WriteKey{"b", 8}}));
}

TEST_F(VipOwnershipTest, AStandbyCutOffFromReadsStillClaimsByCompareAndSet) {
  VipOwnership b("b", 0, OwnershipParameters{});
  b.start(T0, true);
  b.on_read(T0, key_of("a", 7));
  for (int sent = 100; sent < 600; sent += 100) {
    ASSERT_EQ(b.on_tick(at(sent), true).actions, (Actions{ReadKey{}}));
    ASSERT_TRUE(b.on_read_failed(at(sent + 10)).actions.empty());
  }
  EXPECT_EQ(b.state(), OwnershipState::standby);
  EXPECT_EQ(b.on_tick(at(600), true).actions, (Actions{WriteKey{"b", 7}}));
}

// The dead holder was etcd's leader: the claim finds no leader and gets no answer. Waiting a whole
// takeover wait again would add it to the outage; the claim is a compare-and-set on the revision seen, so
// the standby keeps its observation and claims again one renew interval plus its rank's offset later.
TEST_F(VipOwnershipTest, AClaimWithoutAnswerKeepsTheObservationAndRetriesSoon) {
  VipOwnership c("c", 1, OwnershipParameters{});  // waits 600 + 100 ms
  c.start(T0, true);
  c.on_read(T0, key_of("a", 7));
  auto step = c.on_tick(at(700), true);
  ASSERT_EQ(step.actions, (Actions{WriteKey{"c", 7}}));
  step = c.on_write_unknown(at(850));  // the 150 ms budget ran out
  EXPECT_EQ(c.state(), OwnershipState::standby);
  EXPECT_EQ(step.actions, (Actions{ReadKey{}}));
  step = c.on_read_failed(at(860));  // still no leader
  EXPECT_EQ(step.wake_at, at(950));
  ASSERT_EQ(c.on_tick(at(950), true).actions, (Actions{ReadKey{}}));
  step = c.on_read_failed(at(960));
  EXPECT_EQ(step.wake_at, at(1050));  // 850 + 100 + 1 x 100, not a whole 700 ms wait again
  EXPECT_EQ(c.on_tick(at(1050), true).actions, (Actions{WriteKey{"c", 7}}));
  EXPECT_EQ(c.state(), OwnershipState::taking);
}

// The holder was only cut off from etcd: when etcd answers again its renewal wins, and the standby's
// retried claim on the old revision is refused.
TEST_F(VipOwnershipTest, AClaimRetriedAfterNoAnswerStillLosesToARenewal) {
  VipOwnership c("c", 1, OwnershipParameters{});
  c.start(T0, true);
  c.on_read(T0, key_of("a", 7));
  c.on_tick(at(700), true);
  c.on_write_unknown(at(850));
  auto step = c.on_read(at(860), key_of("a", 8));  // renewed meanwhile: a new revision, a new wait
  EXPECT_TRUE(step.actions.empty());
  EXPECT_EQ(step.wake_at, at(950));
  for (int t = 950; t < 1560; t += 100) {
    ASSERT_EQ(c.on_tick(at(t), true).actions, (Actions{ReadKey{}})) << t;
    c.on_read(at(t), key_of("a", 8));
  }
  EXPECT_EQ(c.on_tick(at(1560), true).actions, (Actions{WriteKey{"c", 8}}));
}

TEST_F(VipOwnershipTest, ARefusedClaimWatchesTheWinner) {
  VipOwnership b("b", 0, OwnershipParameters{});
  b.start(T0, true);
  b.on_read(T0, std::nullopt);
  const auto step = b.on_write(at(5), refused(key_of("c", 3)));
  EXPECT_EQ(b.state(), OwnershipState::standby);
  EXPECT_TRUE(step.actions.empty());
  EXPECT_EQ(step.wake_at, at(100));
  EXPECT_EQ(b.holder_seen(), "c");
}

TEST_F(VipOwnershipTest, AClaimWithoutAnswerReadsAndClaimsAgainWhenTheKeyNamesThisHost) {
  a.start(T0, true);
  a.on_read(T0, std::nullopt);
  auto step = a.on_write_unknown(at(150));
  EXPECT_EQ(a.state(), OwnershipState::standby);
  EXPECT_EQ(step.actions, (Actions{ReadKey{}}));
  step = a.on_read(at(160), key_of("a", 4));
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 4}}));
}

TEST_F(VipOwnershipTest, AFailedCheckWhileHoldingDropsTheVipFirstThenFreesTheKey) {
  hold(a);
  auto step = a.on_tick(at(50), false);
  EXPECT_EQ(a.state(), OwnershipState::releasing);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::unhealthy}, WriteKey{"", 5}}));
  step = a.on_write(at(60), confirmed(6));
  EXPECT_EQ(a.state(), OwnershipState::failed);
  EXPECT_TRUE(step.actions.empty());
  EXPECT_TRUE(a.on_tick(at(160), false).actions.empty());
  step = a.on_tick(at(260), true);  // healthy again: a candidate again, reads at once
  EXPECT_EQ(a.state(), OwnershipState::standby);
  EXPECT_EQ(step.actions, (Actions{ReadKey{}}));
}

TEST_F(VipOwnershipTest, AnUnhealthyHostNeverClaimsEvenAFreeKey) {
  a.start(T0, false);
  const auto step = a.on_read(at(1), std::nullopt);
  EXPECT_EQ(a.state(), OwnershipState::failed);
  EXPECT_TRUE(step.actions.empty());
}

TEST_F(VipOwnershipTest, AStandbyWhoseCheckFailsLeavesTheRunning) {
  VipOwnership b("b", 0, OwnershipParameters{});
  b.start(T0, true);
  b.on_read(T0, key_of("a", 7));
  b.on_tick(at(100), false);
  EXPECT_EQ(b.state(), OwnershipState::failed);
  EXPECT_TRUE(b.on_tick(at(900), false).actions.empty());  // past the takeover wait: still no claim
}

TEST_F(VipOwnershipTest, AFreeingWriteWithoutAnswerIsRetriedUntilTheKeyIsStaleAnyway) {
  hold(a);
  a.on_tick(at(50), false);  // frees, sent at 50
  auto step = a.on_write_unknown(at(60));
  EXPECT_EQ(a.state(), OwnershipState::releasing);
  EXPECT_EQ(step.wake_at, at(150));
  step = a.on_tick(at(150), false);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"", 5}}));
  step = a.on_write_unknown(at(700));  // past 50 + 600: every standby may claim it by now
  EXPECT_EQ(a.state(), OwnershipState::failed);
}

TEST_F(VipOwnershipTest, AFreeingWriteRefusedMeansSomeoneElseWroteFirst) {
  hold(a);
  a.on_tick(at(50), false);
  a.on_write(at(60), refused(key_of("b", 9)));
  EXPECT_EQ(a.state(), OwnershipState::failed);
}

TEST_F(VipOwnershipTest, StopWhileHoldingReleasesThenFreesThenStops) {
  hold(a);
  auto step = a.on_stop(at(50));
  EXPECT_EQ(a.state(), OwnershipState::releasing);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::stopping}, WriteKey{"", 5}}));
  step = a.on_write(at(55), confirmed(6));
  EXPECT_EQ(a.state(), OwnershipState::stopped);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::stopping}}));
  EXPECT_EQ(step.wake_at, SteadyTime::max());
  EXPECT_TRUE(a.on_tick(at(60), true).actions.empty());
}

TEST_F(VipOwnershipTest, StopWithoutTheStoreStillStopsAfterTheStaleTime) {
  hold(a);
  a.on_stop(at(50));
  EXPECT_EQ(a.on_write_unknown(at(200)).actions, (Actions{WriteKey{"", 5}}));
  a.on_write_unknown(at(650));
  EXPECT_EQ(a.state(), OwnershipState::stopped);
}

TEST_F(VipOwnershipTest, StopWhenNotHoldingStopsAtOnce) {
  VipOwnership b("b", 0, OwnershipParameters{});
  b.start(T0, true);
  b.on_read(T0, key_of("a", 7));
  const auto step = b.on_stop(at(10));
  EXPECT_EQ(b.state(), OwnershipState::stopped);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::stopping}}));
}

TEST_F(VipOwnershipTest, StopDuringAClaimFreesTheKeyIfTheClaimWon) {
  a.start(T0, true);
  a.on_read(T0, std::nullopt);
  a.on_stop(at(1));  // the claim is in flight
  EXPECT_EQ(a.state(), OwnershipState::taking);
  const auto step = a.on_write(at(5), confirmed(4));
  EXPECT_EQ(a.state(), OwnershipState::releasing);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"", 4}}));  // never took the VIP
}

TEST_F(VipOwnershipTest, AStopDuringAReadIsActedOnWhenTheAnswerComes) {
  a.start(T0, true);
  EXPECT_TRUE(a.on_stop(at(1)).actions.empty());  // the read is in flight
  const auto step = a.on_read(at(2), std::nullopt);  // a free key, but no claim: stopping
  EXPECT_EQ(a.state(), OwnershipState::stopped);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::stopping}}));
}

TEST_F(VipOwnershipTest, AFailedCheckReportedDuringARenewalIsActedOnWithItsAnswer) {
  hold(a);
  a.on_tick(at(100), true);
  a.observe_health(false);
  const auto step = a.on_write(at(110), confirmed(6));
  EXPECT_EQ(a.state(), OwnershipState::releasing);
  EXPECT_EQ(step.actions, (Actions{ExtendFence{at(500)}, ReleaseVip{ReleaseReason::unhealthy}, WriteKey{"", 6}}));
}

TEST_F(VipOwnershipTest, AKernelRefusalReleasesFreesAndSitsOutTheRetryTime) {
  hold(a);
  auto step = a.on_take_failed(at(11));
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::take_failed}, WriteKey{"", 5}}));
  a.on_write(at(12), confirmed(6));
  EXPECT_EQ(a.state(), OwnershipState::failed);
  EXPECT_EQ(a.since(), at(12));
  EXPECT_TRUE(a.on_tick(at(1011), true).actions.empty());
  EXPECT_EQ(a.on_tick(at(1012), true).actions, (Actions{ReadKey{}}));
  EXPECT_EQ(a.state(), OwnershipState::standby);
}

TEST_F(VipOwnershipTest, AFencedHostBecomesStandbyWhenTheStoreAnswersAndRetakesItsOwnClaim) {
  hold(a);
  a.on_tick(at(100), true);
  a.on_write_unknown(at(250));
  a.on_write_unknown(at(400));
  ASSERT_EQ(a.state(), OwnershipState::fenced);
  auto step = a.on_read_failed(at(450));
  EXPECT_EQ(a.state(), OwnershipState::fenced);
  step = a.on_tick(step.wake_at, true);
  step = a.on_read(at(600), key_of("a", 6));  // the store is back; the key still names us
  EXPECT_EQ(step.actions, (Actions{WriteKey{"a", 6}}));
}

TEST_F(VipOwnershipTest, MisuseIsALogicError) {
  a.start(T0, true);
  EXPECT_THROW(a.on_tick(at(1), true), std::logic_error);  // the read is still in flight
  EXPECT_THROW(a.on_write(at(1), confirmed(1)), std::logic_error);
}

TEST_F(VipOwnershipTest, TheConstructorRefusesBadIdentities) {
  EXPECT_THROW(VipOwnership("", 0, {}), UsageError);
  EXPECT_THROW(VipOwnership("a", -1, {}), UsageError);
  OwnershipParameters unsafe;
  unsafe.hold_time = milliseconds(700);
  EXPECT_THROW(VipOwnership("a", 0, unsafe), UsageError);
}

TEST(OwnershipState, EveryStateHasAName) {
  EXPECT_EQ(to_string(OwnershipState::init), "init");
  EXPECT_EQ(to_string(OwnershipState::standby), "standby");
  EXPECT_EQ(to_string(OwnershipState::taking), "taking");
  EXPECT_EQ(to_string(OwnershipState::holding), "holding");
  EXPECT_EQ(to_string(OwnershipState::releasing), "releasing");
  EXPECT_EQ(to_string(OwnershipState::fenced), "fenced");
  EXPECT_EQ(to_string(OwnershipState::failed), "failed");
  EXPECT_EQ(to_string(OwnershipState::stopped), "stopped");
}

// ---- voluntary handover and placement directives ----

TEST_F(VipOwnershipTest, AHandoverDropsTheVipFirstThenNamesTheTargetInTheKey) {
  hold(a);
  ASSERT_TRUE(a.request_handover("b"));
  auto step = a.on_tick(at(50), true);
  EXPECT_EQ(a.state(), OwnershipState::releasing);
  EXPECT_EQ(step.actions, (Actions{ReleaseVip{ReleaseReason::handover}, WriteKey{"handover:b", 5}}));
  step = a.on_write(at(53), confirmed(6));
  EXPECT_EQ(a.state(), OwnershipState::standby);
  if (!has_store_request(step)) step = a.on_tick(at(110), true);
  ASSERT_FALSE(step.actions.empty());
  EXPECT_EQ(step.actions.back(), OwnershipAction{ReadKey{}});
  a.on_read(at(112), key_of("handover:b", 6));
  EXPECT_EQ(a.state(), OwnershipState::standby);  // the key names b: a waits like any standby
}

TEST_F(VipOwnershipTest, OnlyTheTargetClaimsAHandedOverKeyAtOnce) {
  VipOwnership b("b", 2, OwnershipParameters{});
  b.start(T0, true);
  auto step = b.on_read(at(3), key_of("handover:b", 6));
  EXPECT_EQ(b.state(), OwnershipState::taking);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"b", 6}}));

  VipOwnership c("c", 1, OwnershipParameters{});
  c.start(T0, true);
  c.on_read(at(3), key_of("handover:b", 6));
  EXPECT_EQ(c.state(), OwnershipState::standby);  // another host's claim: wait 600 + 100 ms
  step = c.on_tick(at(600), true);
  c.on_read(at(602), key_of("handover:b", 6));
  EXPECT_EQ(c.state(), OwnershipState::standby);
  step = c.on_tick(at(703), true);
  EXPECT_EQ(c.state(), OwnershipState::taking);  // b never came: c takes it
  EXPECT_EQ(step.actions, (Actions{WriteKey{"c", 6}}));
}

TEST_F(VipOwnershipTest, AHandoverIsRefusedUnlessHoldingAndToAnotherHost) {
  EXPECT_FALSE(a.request_handover("b"));  // not started
  hold(a);
  EXPECT_FALSE(a.request_handover("a"));
  EXPECT_FALSE(a.request_handover(""));
  EXPECT_TRUE(a.request_handover("b"));
}

TEST_F(VipOwnershipTest, AHostThatIsNotClaimableTakesNothingButKeepsWhatItHolds) {
  VipOwnership d("d", 0, OwnershipParameters{});
  d.set_claimable(false);
  d.start(T0, true);
  d.on_read(at(3), std::nullopt);
  EXPECT_EQ(d.state(), OwnershipState::standby);
  d.on_tick(at(100), true);
  d.on_read(at(102), key_of("", 4));
  EXPECT_EQ(d.state(), OwnershipState::standby);  // not even a free key
  d.on_tick(at(2000), true);
  EXPECT_EQ(d.state(), OwnershipState::standby);

  hold(a);
  a.set_claimable(false);  // drained while holding: keeps renewing until asked to hand over
  const auto step = a.on_tick(at(100), true);
  EXPECT_EQ(a.state(), OwnershipState::holding);
  EXPECT_EQ(step.actions, (Actions{AnnounceVip{}, WriteKey{"a", 5}}));
}

TEST_F(VipOwnershipTest, ANewRankChangesTheTakeoverWait) {
  VipOwnership b("b", 3, OwnershipParameters{});
  EXPECT_EQ(b.takeover_wait(), milliseconds(900));
  b.set_rank(1);
  EXPECT_EQ(b.takeover_wait(), milliseconds(700));
  b.set_rank(-1);  // ignored
  EXPECT_EQ(b.rank(), 1);
}

TEST_F(VipOwnershipTest, AnAbsentKeyWaitsRankTimesTheFirstClaimOffsetWhenThatIsLonger) {
  VipOwnership second("b", 2, OwnershipParameters{});  // rank 2 x 1 s
  second.start(T0, true);
  second.on_read(at(3), std::nullopt);
  second.on_tick(at(1500), true);
  second.on_read(at(1502), std::nullopt);
  EXPECT_EQ(second.state(), OwnershipState::standby);  // absent for 1.5 s of its 2
  const auto step = second.on_tick(at(2003), true);
  EXPECT_EQ(second.state(), OwnershipState::taking);
  EXPECT_EQ(step.actions, (Actions{WriteKey{"b", 0}}));
}

}  // namespace
}  // namespace netkeel::ha
