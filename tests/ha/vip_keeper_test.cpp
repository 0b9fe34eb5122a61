// The keeper drives the ownership machine against the fake store, a recording holder and a fake clock:
// claims, renewals, takeovers, partitions, lost answers, failed checks, kernel refusals and stopping.
#include "netkeel/ha/vip_keeper.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "fakes/core/fake_clock.hpp"
#include "fakes/ha/fake_key_value_store.hpp"
#include "recording_vip_holder.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kKey = "/netkeel/keep/vips/keystone";

struct SettableHealth final : ServiceHealth {
  bool healthy() override { return value; }
  bool value = true;
};

// One host: its holder, its health and its keeper, all on the shared fake clock.
struct Host {
  Host(const std::string& name, int rank, FakeKeyValueStore& store, const FakeClock& clock,
       std::vector<std::string>& log)
      : holder(clock, log), keeper(VipKeeperOptions{kKey, name, rank, {}}, store, holder, health, clock) {}
  RecordingVipHolder holder;
  SettableHealth health;
  VipKeeper keeper;
  SteadyTime wake;
  bool alive = true;  // false: the process is gone (never stepped again), its kernel fence stays
};

class VipKeeperTest : public ::testing::Test {
 protected:
  Host& add_host(const std::string& name, int rank) {
    hosts_.push_back(std::make_unique<Host>(name, rank, store_, clock_, log_));
    hosts_.back()->wake = clock_.now();
    return *hosts_.back();
  }
  // Steps every live keeper at the wake it asked for, in time order, until UNTIL.
  void run_until(SteadyTime until) {
    for (int round = 0; round < 1'000'000; ++round) {
      Host* next = nullptr;
      for (auto& host : hosts_) {
        if (host->alive && (!next || host->wake < next->wake)) next = host.get();
      }
      if (!next || next->wake > until) {
        clock_.set(until);
        return;
      }
      clock_.set(std::max(next->wake, clock_.now()));
      next->wake = next->keeper.step();
    }
    FAIL() << "the keepers never slept";
  }
  void run_for(Nanoseconds duration) { run_until(clock_.now() + duration); }
  std::string key_value() const { return store_.peek(kKey) ? store_.peek(kKey)->value : "(absent)"; }

  FakeClock clock_;
  FakeKeyValueStore store_;
  std::vector<std::string> log_;
  std::vector<std::unique_ptr<Host>> hosts_;
};

TEST_F(VipKeeperTest, TakesAFreeKeyAndRenewsItEveryInterval) {
  Host& a = add_host("a", 0);
  run_for(seconds(1));
  EXPECT_EQ(key_value(), "a");
  EXPECT_TRUE(a.holder.answering());
  ASSERT_EQ(a.holder.taken_at.size(), 1u);
  const KeeperStatus status = a.keeper.status();
  EXPECT_EQ(status.state, OwnershipState::holding);
  EXPECT_EQ(status.holder_seen, "a");
  EXPECT_TRUE(status.vip_held);
  EXPECT_EQ(status.takeovers_total, 1u);
  EXPECT_EQ(status.fence_refreshes_total, 10u);  // renewals sent at 0.1 s ... 1.0 s
  EXPECT_EQ(status.renew_latency.count, 11u);    // the claim and the ten renewals
  EXPECT_GT(a.holder.announces, 0);
}

TEST_F(VipKeeperTest, TheFenceEndsHoldTimeAfterTheSendEvenWhenTheAnswerIsSlow) {
  Host& a = add_host("a", 0);
  SteadyTime last_send;
  store_.before_call = [&](KeyValueCall call, const std::string&) {
    if (call != KeyValueCall::compare_and_set) return;
    last_send = clock_.now();
    clock_.advance(milliseconds(150));
  };
  run_for(seconds(1));
  ASSERT_EQ(a.keeper.status().state, OwnershipState::holding);
  // Each answer comes 150 ms after its send: the fence ends 400 ms after the send, 250 ms after the answer.
  EXPECT_EQ(a.holder.fence_until(), last_send + milliseconds(400));
  const auto latency = a.keeper.status().renew_latency;
  EXPECT_DOUBLE_EQ(latency.last_seconds, 0.15);
  EXPECT_DOUBLE_EQ(latency.max_seconds, 0.15);
  EXPECT_EQ(latency.buckets[5], latency.count);  // le=0.15
  EXPECT_EQ(a.holder.taken_at.size(), 1u);
  EXPECT_TRUE(a.holder.released_at.empty());
}

TEST_F(VipKeeperTest, AHolderCutOffFromTheStoreDropsTheVipByItsDeadlineAndRetakesWhenItComesBack) {
  Host& a = add_host("a", 0);
  run_for(seconds(1));
  ASSERT_TRUE(a.holder.answering());
  const SteadyTime cut = clock_.now();
  store_.set_unavailable(true);
  run_until(cut + milliseconds(299));  // the last confirmed write was sent at most 100 ms before the cut
  EXPECT_TRUE(a.holder.held());
  run_until(cut + milliseconds(400));
  EXPECT_FALSE(a.holder.held());
  ASSERT_EQ(a.holder.released_at.size(), 1u);
  EXPECT_LE(a.holder.released_at[0], cut + milliseconds(400));
  EXPECT_EQ(a.keeper.status().state, OwnershipState::fenced);
  EXPECT_GT(a.keeper.status().store_errors_total, 0u);
  run_for(seconds(1));
  EXPECT_EQ(a.keeper.status().state, OwnershipState::fenced);  // still away: nothing held
  store_.set_unavailable(false);
  run_for(milliseconds(200));
  EXPECT_EQ(a.keeper.status().state, OwnershipState::holding);  // its own claim, taken back at once
  EXPECT_EQ(a.holder.taken_at.size(), 2u);
}

TEST_F(VipKeeperTest, AStandbyTakesADeadHostsVipAfterTheTakeoverWaitPlusItsRankOffset) {
  Host& a = add_host("a", 0);
  Host& c = add_host("c", 1);
  run_for(seconds(2));
  ASSERT_EQ(key_value(), "a");
  ASSERT_EQ(c.keeper.status().state, OwnershipState::standby);
  const std::int64_t last_revision = store_.peek(kKey)->mod_revision;
  const SteadyTime death = clock_.now();
  a.alive = false;  // SIGKILL: no release, no free; only its kernel fence runs out
  run_for(seconds(2));
  ASSERT_EQ(c.holder.taken_at.size(), 1u);
  const SteadyTime taken = c.holder.taken_at[0];
  EXPECT_GE(a.holder.fence_until(), death);
  EXPECT_GT(taken, a.holder.fence_until());  // never both
  // c first saw the last revision within one read interval of the death, then waited 600 + 100 ms.
  EXPECT_GE(taken, death + milliseconds(700));
  EXPECT_LE(taken, death + milliseconds(800));
  EXPECT_EQ(key_value(), "c");
  EXPECT_GT(store_.peek(kKey)->mod_revision, last_revision);
  EXPECT_EQ(c.keeper.status().takeovers_total, 1u);
}

TEST_F(VipKeeperTest, AFailedCheckDropsTheVipFirstThenFreesTheKeyAndAStandbyTakesItAtOnce) {
  Host& a = add_host("a", 0);
  Host& b = add_host("b", 0);
  run_for(seconds(1));
  ASSERT_EQ(key_value(), "a");
  store_.before_call = [&](KeyValueCall call, const std::string&) {
    if (call == KeyValueCall::compare_and_set) log_.push_back("write");
  };
  log_.clear();
  const SteadyTime failure = clock_.now();
  a.health.value = false;
  run_for(milliseconds(300));
  ASSERT_GE(log_.size(), 2u);
  EXPECT_EQ(log_[0], "release");  // the VIP goes before the key says it is free
  EXPECT_EQ(log_[1], "write");
  EXPECT_EQ(a.keeper.status().state, OwnershipState::failed);
  EXPECT_EQ(a.keeper.status().releases_total, 1u);
  EXPECT_EQ(a.keeper.status().releases_by_reason[static_cast<int>(ReleaseReason::unhealthy)], 1u);
  ASSERT_EQ(b.holder.taken_at.size(), 1u);
  EXPECT_LE(b.holder.taken_at[0], failure + milliseconds(200));  // the next read, not the takeover wait
  EXPECT_GE(b.holder.taken_at[0], a.holder.released_at[0]);
  EXPECT_EQ(key_value(), "b");
}

TEST_F(VipKeeperTest, ALostRenewalAnswerDoesNotCostTheVip) {
  Host& a = add_host("a", 0);
  run_for(seconds(1));
  store_.lose_next_answers(1);
  run_for(seconds(1));
  EXPECT_EQ(a.keeper.status().state, OwnershipState::holding);
  EXPECT_TRUE(a.holder.released_at.empty());
  EXPECT_EQ(a.keeper.status().store_errors_total, 1u);
  EXPECT_EQ(key_value(), "a");
}

TEST_F(VipKeeperTest, AHolderWhoseKeyWasOverwrittenDropsTheVipAtItsNextRenewal) {
  Host& a = add_host("a", 0);
  run_for(seconds(1));
  const SteadyTime intrusion = clock_.now();
  store_.force_put(kKey, "intruder");
  run_for(milliseconds(150));
  ASSERT_EQ(a.holder.released_at.size(), 1u);
  EXPECT_LE(a.holder.released_at[0], intrusion + milliseconds(100));
  EXPECT_EQ(a.keeper.status().state, OwnershipState::standby);
  EXPECT_EQ(a.keeper.status().holder_seen, "intruder");
  EXPECT_EQ(a.keeper.status().releases_by_reason[static_cast<int>(ReleaseReason::lost)], 1u);
}

TEST_F(VipKeeperTest, AKernelRefusalReleasesFreesTheKeyAndRetriesLater) {
  Host& a = add_host("a", 0);
  a.holder.refuse_take = true;
  run_for(milliseconds(500));
  const KeeperStatus status = a.keeper.status();
  EXPECT_EQ(status.state, OwnershipState::failed);
  EXPECT_EQ(status.take_failures_total, 1u);
  EXPECT_EQ(status.takeovers_total, 0u);
  EXPECT_EQ(key_value(), "");
  a.holder.refuse_take = false;
  run_for(seconds(1));
  EXPECT_EQ(a.keeper.status().state, OwnershipState::holding);
}

TEST_F(VipKeeperTest, StopReleasesFreesTheKeyAndEndsRun) {
  Host& a = add_host("a", 0);
  const SteadyTime stop_at = clock_.now() + seconds(1);
  clock_.on_sleep = [&] {
    if (clock_.now() >= stop_at) a.keeper.request_stop();
  };
  a.keeper.run();  // returns only once stopped
  EXPECT_FALSE(a.holder.held());
  EXPECT_EQ(key_value(), "");
  EXPECT_EQ(a.keeper.status().state, OwnershipState::stopped);
  EXPECT_EQ(a.keeper.status().releases_total, 1u);
  EXPECT_EQ(a.keeper.status().releases_by_reason[static_cast<int>(ReleaseReason::stopping)], 1u);
  EXPECT_LE(clock_.now(), stop_at + milliseconds(100));
}

TEST_F(VipKeeperTest, StopWithTheStoreAwayStillEndsRun) {
  Host& a = add_host("a", 0);
  const SteadyTime away_at = clock_.now() + seconds(1);
  clock_.on_sleep = [&] {
    if (clock_.now() < away_at) return;
    store_.set_unavailable(true);
    a.keeper.request_stop();
  };
  a.keeper.run();
  EXPECT_FALSE(a.holder.held());
  EXPECT_EQ(key_value(), "a");  // could not be freed: standbys take it after their wait
  EXPECT_EQ(a.keeper.status().state, OwnershipState::stopped);
}

TEST_F(VipKeeperTest, AnEmptyKeyIsRefused) {
  std::vector<std::string> log;
  RecordingVipHolder holder(clock_, log);
  SettableHealth health;
  EXPECT_THROW(VipKeeper(VipKeeperOptions{"", "a", 0, {}}, store_, holder, health, clock_), UsageError);
}


// ---- voluntary handover (keep drain | move | rebalance) and placement directives ----

// True when two hosts answer for the VIP at TIME... checked at every step by stepping in small slices.
class HandoverTest : public VipKeeperTest {
 protected:
  // Runs in 1 ms slices for DURATION; counts slices in which two hosts answered and in which none did.
  void watch_for(Nanoseconds duration) {
    const SteadyTime end = clock_.now() + duration;
    while (clock_.now() < end) {
      run_for(milliseconds(1));
      int answering = 0;
      for (const auto& host : hosts_) answering += host->holder.answering();
      if (answering > 1) ++dual_slices;
      if (answering == 0) ++silent_slices;
    }
  }
  int dual_slices = 0;
  int silent_slices = 0;
};

TEST_F(HandoverTest, TheHolderReleasesThenTheTargetTakesNeverTwoHoldersAndOneShortGap) {
  Host& a = add_host("a", 0);
  Host& b = add_host("b", 1);
  Host& c = add_host("c", 2);
  run_for(seconds(1));
  ASSERT_EQ(key_value(), "a");
  a.keeper.request_handover("c");
  watch_for(seconds(2));
  EXPECT_EQ(key_value(), "c");
  EXPECT_TRUE(c.holder.answering());
  EXPECT_FALSE(a.holder.answering());
  EXPECT_FALSE(b.holder.answering());
  EXPECT_EQ(dual_slices, 0);
  EXPECT_LT(silent_slices, 150);  // the target reads every 100 ms and claims at once
  // Release first, then take (on the fake clock both may fall on one instant; the log has the order).
  ASSERT_EQ(a.holder.released_at.size(), 1u);
  ASSERT_EQ(c.holder.taken_at.size(), 1u);
  EXPECT_LE(a.holder.released_at[0], c.holder.taken_at[0]);
  const auto takes = std::count(log_.begin(), log_.end(), "take");
  EXPECT_EQ(takes, 2);  // a's first take, then c's
  const auto last_release = std::find(log_.rbegin(), log_.rend(), "release");
  const auto last_take = std::find(log_.rbegin(), log_.rend(), "take");
  EXPECT_GT(last_release - log_.rbegin(), last_take - log_.rbegin()) << "c took before a released";
  // and it stays there: a, now a standby, does not take it back.
  watch_for(seconds(3));
  EXPECT_EQ(key_value(), "c");
  EXPECT_EQ(dual_slices, 0);
}

TEST_F(HandoverTest, ATargetThatNeverComesCostsOneTakeoverWaitNotTheVip) {
  Host& a = add_host("a", 0);
  add_host("b", 1);
  run_for(seconds(1));
  ASSERT_EQ(key_value(), "a");
  a.keeper.request_handover("ghost");  // no keeper runs there
  watch_for(seconds(3));
  EXPECT_EQ(dual_slices, 0);
  const std::string holder = key_value();
  EXPECT_TRUE(holder == "a" || holder == "b") << holder;
  EXPECT_LT(silent_slices, 1200);  // takeover wait (600 ms) + rank offsets, not forever
}

TEST_F(HandoverTest, AHandoverAskedOfAStandbyIsIgnored) {
  add_host("a", 0);
  Host& b = add_host("b", 1);
  run_for(seconds(1));
  b.keeper.request_handover("a");
  watch_for(seconds(1));
  EXPECT_EQ(key_value(), "a");
  EXPECT_EQ(silent_slices, 0);
}

TEST_F(HandoverTest, ADrainedHostClaimsNothingNotEvenAFreeKey) {
  Host& a = add_host("a", 0);
  a.keeper.set_placement(0, false);
  run_for(seconds(2));
  EXPECT_EQ(key_value(), "(absent)");
  EXPECT_FALSE(a.holder.answering());
  a.keeper.set_placement(0, true);  // undrained
  run_for(seconds(1));
  EXPECT_EQ(key_value(), "a");
}

TEST_F(HandoverTest, ANewRankChangesWhoClaimsAFirstPlacement) {
  // b is rank 1 at construction, but the placement makes it rank 0 and a rank 3.
  Host& a = add_host("a", 0);
  Host& b = add_host("b", 1);
  a.keeper.set_placement(3, true);
  b.keeper.set_placement(0, true);
  run_for(seconds(1));
  EXPECT_EQ(key_value(), "b");
}

}  // namespace
}  // namespace netkeel::ha
