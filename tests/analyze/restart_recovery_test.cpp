// Alerts and their state survive a server restart: stored as events in a real SQLite store, reloaded by
// a new engine.
#include "engine_fixture.hpp"
#include "netkeel/analyze/alert_tracker.hpp"
#include "netkeel/analyze/rules.hpp"
#include "netkeel/analyze/stored_alerts.hpp"
#include "netkeel/store/sqlite_store.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::analyze::testing {
namespace {

class RestartRecovery : public EngineFixture {
 protected:
  // Feeds the mesh and writes every evaluation's events to the store, as the server does.
  void step_and_store(const LostFn& lost, const std::set<std::string>& silent = {}) {
    Evaluation evaluation = step(lost, silent);
    if (!evaluation.events.empty()) store.write(server_events_batch(evaluation.events, ++sequence));
  }

  netkeel::testing::TemporaryDirectory dir{"netkeel-restart-recovery"};
  store::SqliteStore store{dir.file("store.db")};
  std::uint64_t sequence = 0;
};

int cmp2_dead(const std::string& src, const std::string& dst, const std::string&) {
  return dst == "cmp2" || src == "cmp2" ? 10 : 0;
}

TEST_F(RestartRecovery, FiringAndResolvedAlertsComeBackWithTheirTimes) {
  for (int i = 0; i < 3; ++i) step_and_store(no_loss);
  // A link that went down and up again (resolved) and a host down (firing).
  store::Batch links;
  links.id = {"ctl1", 900};
  links.events = {{now, "ctl1", "link_down", "eno2 down"}};
  engine.ingest(links);
  step_and_store(no_loss);
  links.id.sequence = 901;
  links.events = {{now, "ctl1", "link_up", "eno2 up (held up)"}};
  engine.ingest(links);
  step_and_store(no_loss);
  for (int i = 0; i < 5; ++i) step_and_store(cmp2_dead, {"cmp2"});
  const std::vector<Alert> before = engine.firing_and_resolved();
  ASSERT_EQ(engine.firing().size(), 1u);
  ASSERT_EQ(before.size(), 2u);

  AlertEngine restarted({}, {});
  restarted.restore(load_stored_alerts(store, now, 7 * 24 * 3'600'000LL), now + 1000);
  const std::vector<Alert> after = restarted.firing_and_resolved();
  ASSERT_EQ(after.size(), 2u);
  // Transitions are stored, so each alert comes back as it fired or resolved (the rules refresh the
  // figures in the text at the next evaluation).
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(alert_identity(after[i]), alert_identity(before[i])) << i;
    EXPECT_EQ(after[i].state, before[i].state) << i;
    EXPECT_EQ(after[i].since_unix_ms, before[i].since_unix_ms) << i;
    EXPECT_EQ(after[i].ended_unix_ms, before[i].ended_unix_ms) << i;
    EXPECT_EQ(after[i].summary, before[i].summary) << i;
  }
  EXPECT_EQ(after[1].name, kLinkDown);

  // The restarted server holds the host-down alert while the evidence comes back, then the rules decide.
  std::swap(engine, restarted);
  for (int i = 0; i < 5; ++i) step_and_store(cmp2_dead, {"cmp2"});
  ASSERT_EQ(firing(kHostDown).size(), 1u);
  EXPECT_EQ(firing(kHostDown)[0].since_unix_ms, before[0].since_unix_ms) << "the same incident, not a new one";
  EXPECT_EQ(fired_count(kHostDown), 1u);
  steps(2, no_loss);
  EXPECT_TRUE(firing(kHostDown).empty());
}

TEST_F(RestartRecovery, ARestoredAlertWithoutNewEvidenceResolvesAfterTheHold) {
  for (int i = 0; i < 3; ++i) step_and_store(no_loss);
  for (int i = 0; i < 5; ++i) step_and_store(cmp2_dead, {"cmp2"});
  ASSERT_EQ(engine.firing().size(), 1u);
  AlertEngine restarted({}, {});
  restarted.restore(load_stored_alerts(store, now, 3'600'000), now);
  std::swap(engine, restarted);
  steps(11, no_loss);  // 110 s: within the 2-minute hold
  EXPECT_EQ(firing(kHostDown).size(), 1u);
  steps(2, no_loss);
  EXPECT_TRUE(firing(kHostDown).empty());
}

TEST(StoredAlerts, AnUnreadableEventIsCountedNotFatal) {
  std::size_t unreadable = 0;
  const auto alerts = alerts_from_events({{1, "netkeel-server", "alert", "{not json"}}, &unreadable);
  EXPECT_TRUE(alerts.empty());
  EXPECT_EQ(unreadable, 1u);
}

}  // namespace
}  // namespace netkeel::analyze::testing
