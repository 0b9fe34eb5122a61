#include "netkeel/probe/probe_engine.hpp"

#include <gtest/gtest.h>

#include "fake_prober.hpp"
#include "fakes/core/fake_clock.hpp"

namespace netkeel::probe {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeProber;

ProbeTarget target(const std::string& dst, ProbeKind kind = ProbeKind::icmp) {
  return ProbeTarget{"a", dst, TargetRole::host, "mgmt", kind, Ipv4Address(0x0a000001), Ipv4Address(0x0a000002), 0};
}

struct EngineFixture : ::testing::Test {
  FakeClock clock;
  FakeProber icmp, udp;
  ScheduleOptions schedule{.jitter = 0};
  std::unique_ptr<ProbeEngine> engine;
  void make(Nanoseconds timeout = milliseconds(500)) {
    engine = std::make_unique<ProbeEngine>(clock, schedule, timeout,
                                           std::map<ProbeKind, Prober*>{{ProbeKind::icmp, &icmp}, {ProbeKind::udp, &udp}});
  }
  void step(Nanoseconds d, Nanoseconds by = milliseconds(1)) {
    for (auto end = clock.now() + d; clock.now() < end; clock.advance(by)) engine->tick();
  }
  // An ICMP prober (kernel-stamped or not) whose every probe is answered with `rtt`; ticks until
  // target "b"'s first probe is out.
  void first_probe_answered_in(Nanoseconds rtt, bool stamped, Nanoseconds timeout = milliseconds(500)) {
    icmp.stamped = stamped;
    make(timeout);
    icmp.answer = [rtt](TargetId, uint32_t) { return std::optional<Nanoseconds>(rtt); };
    engine->set_targets({target("b")});
    while (icmp.sent.empty()) {
      clock.advance(milliseconds(1));
      engine->tick();
    }
  }
};

TEST_F(EngineFixture, RepliesGiveRttAndNoLoss) {
  make();
  engine->set_targets({target("b")});
  for (auto end = clock.now() + seconds(10); clock.now() < end; clock.advance(milliseconds(1))) {
    engine->tick();
    if (icmp.sent.empty()) continue;
    clock.advance(milliseconds(3));  // the reply takes 3 ms on the engine's clock
    icmp.reply_to_all_sent();
    engine->collect();
  }
  auto r = engine->results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_GE(r[0].interval.sent, 9u);
  EXPECT_LE(r[0].interval.sent, 10u);
  EXPECT_EQ(r[0].interval.lost, 0u);
  ASSERT_TRUE(r[0].interval.rtt);
  EXPECT_EQ(r[0].interval.rtt->min, milliseconds(3));
  EXPECT_EQ(r[0].interval.rtt->max, milliseconds(3));
}

TEST_F(EngineFixture, NoReplyIsLostAfterTheTimeoutNotBefore) {
  make(milliseconds(500));
  engine->set_targets({target("b")});
  while (icmp.sent.empty()) {
    clock.advance(milliseconds(1));
    engine->tick();
  }
  const auto sent = icmp.sent.front();
  clock.advance(milliseconds(500));
  engine->tick();
  EXPECT_EQ(engine->results()[0].interval.lost, 0u) << "lost at exactly the timeout";
  clock.advance(milliseconds(1));
  engine->tick();
  EXPECT_EQ(engine->results()[0].interval.lost, 1u);
  EXPECT_TRUE(icmp.expired.count({sent.id, sent.seq}));
  // A reply after the verdict changes nothing.
  icmp.pending.push_back({sent.id, sent.seq, milliseconds(600)});
  engine->collect();
  EXPECT_EQ(engine->results()[0].interval.sent, 1u);
  EXPECT_EQ(engine->results()[0].interval.lost, 1u);
  EXPECT_FALSE(engine->results()[0].interval.rtt);
}

TEST_F(EngineFixture, LossAccountingEveryOtherProbeLost) {
  make(milliseconds(200));
  // Only even sequence numbers are answered, with the prober's own (kernel) RTT.
  auto even = [](TargetId, uint32_t seq) -> std::optional<Nanoseconds> {
    if (seq % 2) return std::nullopt;
    return std::chrono::microseconds(250);
  };
  icmp.answer = even;
  udp.answer = even;
  engine->set_targets({target("b"), target("c", ProbeKind::udp)});
  step(seconds(100));
  for (const auto& r : engine->results()) {
    EXPECT_GE(r.interval.sent, 98u);
    EXPECT_EQ(r.interval.lost, r.interval.sent / 2) << r.target.dst;
    EXPECT_EQ(r.interval.rtt->p50, std::chrono::microseconds(250));
    EXPECT_EQ(r.sent_total, r.interval.sent);
  }
}

TEST_F(EngineFixture, DuplicateAndUnknownRepliesAreIgnored) {
  make();
  engine->set_targets({target("b")});
  while (icmp.sent.empty()) {
    clock.advance(milliseconds(1));
    engine->tick();
  }
  const auto s = icmp.sent.front();
  icmp.pending = {{s.id, s.seq, milliseconds(1)}, {s.id, s.seq, milliseconds(1)}, {s.id, s.seq + 7, milliseconds(1)},
                  {999, 0, milliseconds(1)}};
  engine->collect();
  auto r = engine->results()[0];
  EXPECT_EQ(r.sent_total, 1u);
  EXPECT_EQ(r.lost_total, 0u);
  EXPECT_EQ(r.interval.rtt->max, milliseconds(1));
}

TEST_F(EngineFixture, RefusedSendIsLostAtOnce) {
  make();
  icmp.refuse_sends = true;
  engine->set_targets({target("b")});
  step(milliseconds(1001));
  EXPECT_EQ(engine->results()[0].interval.lost, 1u);
}

TEST_F(EngineFixture, IntervalRollsOverTotalsKeepCounting) {
  make(milliseconds(100));
  engine->set_targets({target("b")});
  step(seconds(3));
  auto first = engine->take_interval();
  EXPECT_EQ(first[0].interval.lost, first[0].interval.sent);
  EXPECT_GE(first[0].interval.sent, 2u);
  auto now = engine->results();
  EXPECT_EQ(now[0].interval.sent, 0u);
  EXPECT_EQ(now[0].sent_total, first[0].sent_total);
}

TEST_F(EngineFixture, RemovedTargetsAreForgottenEverywhere) {
  make();
  auto change = engine->set_targets({target("b"), target("c")});
  step(seconds(2));
  engine->set_targets({target("c")});
  EXPECT_EQ(icmp.removed, std::vector<TargetId>{change.added[0]});
  ASSERT_EQ(engine->results().size(), 1u);
  EXPECT_EQ(engine->results()[0].target.dst, "c");
}

TEST_F(EngineFixture, RoundsModeFinishesWhenEveryProbeResolved) {
  schedule.probes_per_target = 4;
  schedule.interval = milliseconds(10);
  make(milliseconds(50));
  engine->set_targets({target("b"), target("c", ProbeKind::udp)});
  int guard = 0;
  while (!engine->finished() && ++guard < 10000) {
    clock.advance(milliseconds(1));
    engine->tick();
    udp.reply_to_all_sent();  // icmp never answers
  }
  ASSERT_TRUE(engine->finished());
  for (const auto& r : engine->results()) {
    EXPECT_EQ(r.interval.sent, 4u);
    EXPECT_EQ(r.interval.lost, r.target.kind == ProbeKind::icmp ? 4u : 0u);
  }
}

TEST(ProbeStatistics, PercentilesAreNearestRank) {
  std::vector<Nanoseconds> v;
  for (int i = 100; i >= 1; --i) v.push_back(Nanoseconds(i));
  EXPECT_EQ(percentile(v, 0.5), Nanoseconds(50));
  EXPECT_EQ(percentile(v, 0.99), Nanoseconds(99));
  EXPECT_EQ(percentile({Nanoseconds(7)}, 0.99), Nanoseconds(7));
  ProbeStatistics s;
  for (int i = 1; i <= 4; ++i) s.record_reply(Nanoseconds(i * 10));
  s.record_loss();
  auto i = s.interval();
  EXPECT_EQ(i.sent, 5u);
  EXPECT_EQ(i.lost, 1u);
  EXPECT_DOUBLE_EQ(i.loss_ratio(), 0.2);
  EXPECT_EQ(i.rtt->min, Nanoseconds(10));
  EXPECT_EQ(i.rtt->max, Nanoseconds(40));
  EXPECT_EQ(i.rtt->avg, Nanoseconds(25));
  EXPECT_EQ(i.rtt->p50, Nanoseconds(20));
}

TEST_F(EngineFixture, CountsWhereEachRttsSendTimeCameFromPerKind) {
  make();
  engine->set_targets({target("b"), target("c", ProbeKind::udp)});
  // Every other ICMP reply had no kernel transmit stamp; UDP replies all had one.
  icmp.answer = [](TargetId, uint32_t) { return std::optional<Nanoseconds>(milliseconds(2)); };
  udp.answer = icmp.answer;
  icmp.answer_send_time = [](uint32_t seq) { return seq % 2 ? SendTimeSource::userspace : SendTimeSource::kernel; };
  udp.answer_send_time = [](uint32_t) { return SendTimeSource::kernel; };
  step(seconds(10));
  const auto& counts = engine->send_time_counts();
  const auto sent_icmp = engine->results().at(0).sent_total;
  ASSERT_GE(sent_icmp, 9u);
  EXPECT_EQ(counts.at(ProbeKind::icmp).kernel + counts.at(ProbeKind::icmp).userspace, sent_icmp);
  EXPECT_EQ(counts.at(ProbeKind::icmp).userspace, sent_icmp / 2);
  EXPECT_EQ(counts.at(ProbeKind::udp).userspace, 0u);
  EXPECT_GE(counts.at(ProbeKind::udp).kernel, 9u);
}

TEST_F(EngineFixture, ProbersThatMeasureNoSendTimeAreNotCounted) {
  make();
  engine->set_targets({target("b")});
  icmp.answer = [](TargetId, uint32_t) { return std::optional<Nanoseconds>(milliseconds(2)); };
  step(seconds(3));
  EXPECT_GE(engine->results().at(0).sent_total, 2u);
  EXPECT_TRUE(engine->send_time_counts().empty());
}

TEST_F(EngineFixture, WakeupsAreRoundedUpToTheGranularitySoProbesGoInBatches) {
  schedule.interval = seconds(1);
  make();
  EXPECT_EQ(engine->wake_granularity(), milliseconds(50));
  std::vector<ProbeTarget> targets;
  for (int i = 0; i < 200; ++i) targets.push_back(target("t" + std::to_string(i)));
  engine->set_targets(targets);
  // Run a second by following next_wakeup() only, as the agent's loop does: every wakeup is on the
  // 50 ms grid, and 200 probes take at most ~20 wakeups.
  int wakeups = 0;
  for (auto end = clock.now() + seconds(1); clock.now() < end; ++wakeups) {
    auto next = engine->next_wakeup();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->time_since_epoch() % milliseconds(50), Nanoseconds(0));
    if (*next > clock.now()) clock.advance(*next - clock.now());
    engine->tick();
  }
  EXPECT_GE(icmp.sent.size(), 190u);
  EXPECT_LE(wakeups, 22);
}

TEST_F(EngineFixture, ShortIntervalsGetAFinerGranularity) {
  schedule.interval = milliseconds(20);
  make();
  EXPECT_EQ(engine->wake_granularity(), milliseconds(2));
}

TEST_F(EngineFixture, ProbesDueAtOneWakeupGoToEachProberAsOneBatch) {
  make();
  std::vector<ProbeTarget> targets;
  for (int i = 0; i < 100; ++i) targets.push_back(target("t" + std::to_string(i), i % 4 == 0 ? ProbeKind::udp : ProbeKind::icmp));
  engine->set_targets(targets);
  // Wake only on the 50 ms grid, as the agent does: every wakeup hands each kind's due probes over in
  // one send_batch call, so the calls are far fewer than the probes.
  for (auto end = clock.now() + seconds(1); clock.now() < end;) {
    clock.advance(*engine->next_wakeup() - clock.now());
    engine->tick();
  }
  EXPECT_GE(icmp.sent.size() + udp.sent.size(), 95u);  // every target about once in the second
  EXPECT_LE(icmp.sent.size() + udp.sent.size(), 105u);
  EXPECT_GT(udp.sent.size(), 0u);
  size_t icmp_batched = 0;
  for (size_t n : icmp.batch_sizes) {
    EXPECT_GT(n, 0u) << "an empty batch is no call";
    icmp_batched += n;
  }
  EXPECT_EQ(icmp_batched, icmp.sent.size());
  EXPECT_LT(icmp.batch_sizes.size(), icmp.sent.size()) << "probes due together share a batch";
  EXPECT_LE(icmp.batch_sizes.size() + udp.batch_sizes.size(), 2u * 21u) << "at most one batch per kind and wakeup";
}

TEST_F(EngineFixture, RepliesThatCameBackDuringTheSendAreTakenInTheSameTick) {
  first_probe_answered_in(microseconds(80), false);  // timed by the agent's clock: read right after the send
  // A near peer answers before sendmmsg returns: the tick that sent the probe already has its reply.
  EXPECT_TRUE(icmp.pending.empty());
  const auto r = engine->results().at(0);
  EXPECT_EQ(r.interval.sent, 1u);
  EXPECT_EQ(r.interval.lost, 0u);
  EXPECT_EQ(r.interval.rtt->max, microseconds(80));
  ASSERT_TRUE(engine->next_wakeup());
  EXPECT_GT(*engine->next_wakeup(), clock.now() + milliseconds(50)) << "no deadline left to wake for: the next send";
}

TEST_F(EngineFixture, RefusedProbesInABatchAreLostAndTheRestGoOut) {
  make();
  engine->set_targets({target("a"), target("b"), target("c"), target("d")});
  icmp.refuse_sends = true;
  step(milliseconds(1001));
  for (const auto& r : engine->results()) {
    EXPECT_EQ(r.interval.sent, 1u) << r.target.dst;
    EXPECT_EQ(r.interval.lost, 1u) << r.target.dst;
  }
  EXPECT_EQ(icmp.expired.size(), 4u) << "the prober frees what a refused probe held";
}

TEST_F(EngineFixture, AStampedProbersRepliesWaitForTheNextWakeupWithTheirKernelRtt) {
  first_probe_answered_in(microseconds(80), true);
  EXPECT_EQ(icmp.pending.size(), 1u) << "no read right after the send: the reply is read with the next wakeup's";
  clock.advance(milliseconds(50));  // read a grid step later: the RTT is still the kernel's
  engine->tick();
  EXPECT_TRUE(icmp.pending.empty());
  const auto r = engine->results().at(0);
  EXPECT_EQ(r.interval.sent, 1u);
  EXPECT_EQ(r.interval.lost, 0u);
  EXPECT_EQ(r.interval.rtt->max, microseconds(80));
}

TEST_F(EngineFixture, AReplyInTimeButReadAfterTheDeadlineIsNoLoss) {
  first_probe_answered_in(milliseconds(499), true, milliseconds(500));
  clock.advance(milliseconds(520));  // the wakeup comes after the deadline: the reply is read first
  engine->tick();
  const auto r = engine->results().at(0);
  EXPECT_EQ(r.interval.sent, 1u);
  EXPECT_EQ(r.interval.lost, 0u) << "it arrived 499 ms after the send, within the 500 ms timeout";
  EXPECT_EQ(r.interval.rtt->max, milliseconds(499));
}

TEST_F(EngineFixture, AMeasuredRttBeyondTheTimeoutIsALossWhenEverItIsRead) {
  first_probe_answered_in(milliseconds(501), true, milliseconds(500));
  clock.advance(milliseconds(100));  // read long before the deadline
  engine->tick();
  EXPECT_EQ(engine->results().at(0).interval.lost, 0u) << "not yet: the verdict waits for the deadline";
  clock.advance(milliseconds(401));
  engine->tick();
  const auto r = engine->results().at(0);
  EXPECT_EQ(r.interval.lost, 1u);
  EXPECT_FALSE(r.interval.rtt) << "the late reply's RTT is not counted";
}

TEST_F(EngineFixture, TakingAnIntervalFirstReadsTheRepliesThatWait) {
  first_probe_answered_in(microseconds(80), true);
  const auto interval = engine->take_interval().at(0).interval;
  EXPECT_EQ(interval.sent, 1u);
  EXPECT_EQ(interval.lost, 0u);
  ASSERT_TRUE(interval.rtt) << "the reply in the socket belongs to the interval that is taken";
  EXPECT_EQ(interval.rtt->max, microseconds(80));
}


// The peer's agent answers UDP, its kernel ICMP: a new lab's first probes reach peers whose agent has not
// started yet. Those UDP probes are no network loss, so they are counted apart, not as sent and lost.
struct ResponderFixture : EngineFixture {
  const TargetResult* find(const std::vector<TargetResult>& results, ProbeKind kind) {
    for (const auto& r : results)
      if (r.target.kind == kind) return &r;
    return nullptr;
  }
  TargetResult udp_result() { return *find(engine->results(), ProbeKind::udp); }
  static std::optional<Nanoseconds> always(TargetId, uint32_t) { return std::chrono::microseconds(200); }
};

TEST_F(ResponderFixture, UdpLossBeforeTheResponderFirstAnswersIsNotLossWhileIcmpAnswers) {
  make(milliseconds(200));
  icmp.answer = always;
  engine->set_targets({target("b"), target("b", ProbeKind::udp)});
  step(seconds(5));  // the peer's agent is not up: UDP goes unanswered
  EXPECT_EQ(udp_result().sent_total, 0u);
  EXPECT_EQ(udp_result().lost_total, 0u);
  EXPECT_GE(udp_result().unanswered_total, 4u);
  const auto before = udp_result().unanswered_total;
  udp.answer = always;  // the agent starts
  step(seconds(5));
  EXPECT_GE(udp_result().sent_total, 4u);
  EXPECT_EQ(udp_result().lost_total, 0u);
  EXPECT_EQ(udp_result().unanswered_total, before);
  EXPECT_EQ(engine->loss_onsets(), 0u);
}

TEST_F(ResponderFixture, OnceTheResponderAnsweredItsUdpLossIsLoss) {
  make(milliseconds(200));
  icmp.answer = always;
  udp.answer = always;
  engine->set_targets({target("b"), target("b", ProbeKind::udp)});
  step(seconds(3));
  udp.answer = nullptr;  // the agent stops (or the network drops UDP): the agent-down rule is the server's
  step(seconds(5));
  const TargetResult r = udp_result();
  EXPECT_GE(r.lost_total, 4u);
  EXPECT_EQ(r.unanswered_total, 0u);
  EXPECT_GE(r.replies_total(), 2u);
}

TEST_F(ResponderFixture, UdpLossCountsWhenIcmpToThePeerFailsToo) {
  make(milliseconds(200));  // neither answers: the peer is unreachable, which is loss
  engine->set_targets({target("b"), target("b", ProbeKind::udp)});
  step(seconds(5));
  const TargetResult r = udp_result();
  EXPECT_GE(r.lost_total, 4u);
  EXPECT_EQ(r.lost_total, r.sent_total);
  // Only a UDP probe resolved before ICMP's first verdict can have counted apart.
  EXPECT_LE(r.unanswered_total, 1u);
}

TEST_F(ResponderFixture, UdpLossCountsWithoutAnIcmpTargetToTellTheKernelIsUp) {
  make(milliseconds(200));
  icmp.answer = always;
  auto other = target("c");
  other.address = Ipv4Address(0x0a000003);  // ICMP answers, but for another address
  engine->set_targets({other, target("b", ProbeKind::udp)});
  step(seconds(3));
  EXPECT_GE(udp_result().lost_total, 2u);
  EXPECT_EQ(udp_result().unanswered_total, 0u);
}

TEST_F(ResponderFixture, ARemovedAndAddedAgainUdpTargetWaitsForItsResponderAgain) {
  make(milliseconds(200));
  icmp.answer = always;
  udp.answer = always;
  engine->set_targets({target("b"), target("b", ProbeKind::udp)});
  step(seconds(2));
  engine->set_targets({target("b")});
  udp.answer = nullptr;
  engine->set_targets({target("b"), target("b", ProbeKind::udp)});
  step(seconds(3));
  EXPECT_EQ(udp_result().lost_total, 0u);
  EXPECT_GE(udp_result().unanswered_total, 2u);
}

}  // namespace
}  // namespace netkeel::probe
