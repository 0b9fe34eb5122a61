#include "netkeel/probe/probe_scheduler.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::probe {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::vector<ProbeTarget> mesh(int n) {
  std::vector<ProbeTarget> out;
  for (int i = 0; i < n; ++i)
    out.push_back(ProbeTarget{"a", "peer" + std::to_string(i), TargetRole::host, "mgmt", ProbeKind::icmp,
                              Ipv4Address(0x0a000001), Ipv4Address(0x0a000100 + uint32_t(i)), 0});
  return out;
}

// Runs the scheduler on a fake clock in `step` increments and records every send time per target.
std::map<TargetId, std::vector<SteadyTime>> run(ProbeScheduler& s, FakeClock& clock, Nanoseconds total, Nanoseconds step) {
  std::map<TargetId, std::vector<SteadyTime>> sends;
  const SteadyTime end = clock.now() + total;
  while (clock.now() < end) {
    for (TargetId id : s.due(clock.now())) sends[id].push_back(clock.now());
    clock.advance(step);
  }
  return sends;
}

TEST(ProbeScheduler, ATargetProbedEveryTenIntervalsGetsATenthOfTheProbes) {
  FakeClock clock;
  ProbeScheduler s({}, clock.now());
  auto targets = mesh(2);
  targets[1].kind = ProbeKind::pmtu;
  targets[1].every = 10;
  s.set_targets(targets, clock.now());
  auto sends = run(s, clock, seconds(100), milliseconds(1));
  ASSERT_EQ(sends.size(), 2u);
  std::map<ProbeKind, std::vector<SteadyTime>> by_kind;
  for (const auto& [id, times] : sends) by_kind[s.target(id).kind] = times;
  EXPECT_NEAR(double(by_kind[ProbeKind::icmp].size()), 100, 1);
  const auto& rare = by_kind[ProbeKind::pmtu];
  EXPECT_NEAR(double(rare.size()), 10, 1);
  for (size_t i = 1; i < rare.size(); ++i) {
    const auto gap = rare[i] - rare[i - 1];
    EXPECT_GE(gap, milliseconds(9800)) << "10 s apart, give or take the jitter of one interval";
    EXPECT_LE(gap, milliseconds(10200));
  }
}

TEST(ProbeScheduler, TheBudgetCountsARareTargetAsTheFractionItSends) {
  FakeClock clock;
  ProbeScheduler s({.max_probes_per_second = 11}, clock.now());
  auto targets = mesh(10);
  for (auto t : mesh(10)) {
    t.kind = ProbeKind::pmtu;
    t.every = 10;
    targets.push_back(t);
  }
  s.set_targets(targets, clock.now());
  // 10 targets every second and 10 every 10 s make 11 probes a second: within the budget, no stretch.
  EXPECT_EQ(s.effective_interval(), seconds(1));
  s.set_targets(mesh(20), clock.now());
  EXPECT_GT(s.effective_interval(), seconds(1)) << "20 every second do not fit 11/s";
}

TEST(ProbeScheduler, OneProbePerSecondPerTargetByDefault) {
  FakeClock clock;
  ProbeScheduler s({}, clock.now());
  s.set_targets(mesh(50), clock.now());
  auto sends = run(s, clock, seconds(60), milliseconds(1));
  ASSERT_EQ(sends.size(), 50u);
  for (const auto& [id, times] : sends) {
    EXPECT_GE(times.size(), 59u);
    EXPECT_LE(times.size(), 61u);
  }
}

TEST(ProbeScheduler, JitterStaysWithinBoundsAroundTheSlot) {
  FakeClock clock;
  ScheduleOptions o;
  o.jitter = 0.2;
  o.seed = 42;
  ProbeScheduler s(o, clock.now());
  s.set_targets(mesh(20), clock.now());
  auto sends = run(s, clock, seconds(30), milliseconds(1));
  bool some_gap_differs = false;
  for (const auto& [id, times] : sends) {
    for (size_t i = 1; i < times.size(); ++i) {
      const auto gap = times[i] - times[i - 1];
      // Two neighbouring probes are one interval apart, each moved by at most ±20% (+1 ms step).
      EXPECT_GE(gap, milliseconds(600 - 1));
      EXPECT_LE(gap, milliseconds(1400 + 1));
      if (gap < milliseconds(990) || gap > milliseconds(1010)) some_gap_differs = true;
    }
  }
  EXPECT_TRUE(some_gap_differs) << "jitter never moved a probe";
}

TEST(ProbeScheduler, PhasesSpreadTargetsOverTheInterval) {
  FakeClock clock;
  ScheduleOptions o;
  o.jitter = 0;
  ProbeScheduler s(o, clock.now());
  s.set_targets(mesh(100), clock.now());
  // No 100 ms window of the first second carries more than a third of the mesh (no thundering herd).
  std::vector<int> per_window(10, 0);
  const SteadyTime start = clock.now();
  while (clock.now() < start + seconds(1)) {
    per_window[size_t((clock.now() - start) / milliseconds(100))] += int(s.due(clock.now()).size());
    clock.advance(milliseconds(1));
  }
  int total = 0;
  for (int n : per_window) {
    EXPECT_LE(n, 33);
    total += n;
  }
  EXPECT_EQ(total, 100);
}

TEST(ProbeScheduler, SameSeedSameScheduleOtherSeedOtherSchedule) {
  auto first_times = [](uint64_t seed) {
    FakeClock clock;
    ScheduleOptions o;
    o.seed = seed;
    ProbeScheduler s(o, clock.now());
    s.set_targets(mesh(10), clock.now());
    return run(s, clock, seconds(3), milliseconds(1));
  };
  EXPECT_EQ(first_times(7), first_times(7));
  EXPECT_NE(first_times(7), first_times(8));
}

TEST(ProbeScheduler, BudgetStretchesTheIntervalAndCapsTheRate) {
  FakeClock clock;
  ScheduleOptions o;
  o.max_probes_per_second = 100;
  ProbeScheduler s(o, clock.now());
  s.set_targets(mesh(400), clock.now());
  EXPECT_EQ(s.effective_interval(), seconds(4));
  std::vector<int> per_second(20, 0);
  const SteadyTime start = clock.now();
  int total = 0;
  std::map<TargetId, int> per_target;
  while (clock.now() < start + seconds(20)) {
    for (TargetId id : s.due(clock.now())) {
      ++per_second[size_t((clock.now() - start) / seconds(1))];
      ++per_target[id];
      ++total;
    }
    clock.advance(milliseconds(1));
  }
  for (int n : per_second) EXPECT_LE(n, 100 + 5);  // the rate plus the bucket (1/20 s of budget)
  EXPECT_EQ(per_target.size(), 400u);              // nobody starves
  EXPECT_GE(total, 1900);                          // ~5 rounds of 400 in 20 s
}

TEST(ProbeScheduler, TargetsFollowPlanChangesInPlace) {
  FakeClock clock;
  ProbeScheduler s({}, clock.now());
  auto targets = mesh(3);
  auto first = s.set_targets(targets, clock.now());
  ASSERT_EQ(first.added.size(), 3u);
  run(s, clock, seconds(2), milliseconds(1));
  const TargetId kept = first.added[1];
  targets.erase(targets.begin());  // peer0 leaves
  targets.push_back(mesh(4)[3]);   // peer3 joins
  auto change = s.set_targets(targets, clock.now());
  ASSERT_EQ(change.removed, std::vector<TargetId>{first.added[0]});
  ASSERT_EQ(change.added.size(), 1u);
  EXPECT_EQ(s.target(kept).dst, "peer1");
  auto sends = run(s, clock, seconds(3), milliseconds(1));
  EXPECT_FALSE(sends.count(first.added[0]));
  EXPECT_TRUE(sends.count(kept));
  EXPECT_TRUE(sends.count(change.added[0]));
  EXPECT_EQ(s.ids().size(), 3u);
}

TEST(ProbeScheduler, ProbesPerTargetEndsTheSchedule) {
  FakeClock clock;
  ScheduleOptions o;
  o.probes_per_target = 3;
  ProbeScheduler s(o, clock.now());
  s.set_targets(mesh(5), clock.now());
  auto sends = run(s, clock, seconds(10), milliseconds(1));
  for (const auto& [id, times] : sends) EXPECT_EQ(times.size(), 3u);
  EXPECT_TRUE(s.done());
  EXPECT_FALSE(s.next_wakeup().has_value());
}

TEST(ProbeScheduler, RejectsBadOptions) {
  FakeClock clock;
  EXPECT_THROW(ProbeScheduler(ScheduleOptions{.interval = Nanoseconds(0)}, clock.now()), UsageError);
  EXPECT_THROW(ProbeScheduler(ScheduleOptions{.jitter = 0.7}, clock.now()), UsageError);
  EXPECT_THROW(ProbeScheduler(ScheduleOptions{.max_probes_per_second = -1}, clock.now()), UsageError);
}

}  // namespace
}  // namespace netkeel::probe
