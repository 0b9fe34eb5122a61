// The daemon's loop (Agent::serve) over fake parts and a FakeClock: many report intervals in
// milliseconds of real time, with nothing sleeping. What it checks: every report carries exactly the
// probes of its interval, link events show at once and reach the next report, a site-file change
// retargets the probes, a link event or a peer that stops answering is reported early, peers' probes are answered in batches, and a signal stops the loop.
// With --keeper-metrics: the keeper's page read at one report is in the next batch, and a keeper that
// does not answer or fails delays no report.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "agent/gated_http_client.hpp"
#include "fakes/core/fake_clock.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/agent/agent.hpp"
#include "netkeel/agent/batch_builder.hpp"
#include "probe/fake_prober.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class FakeResponder final : public probe::EchoResponder {
 public:
  int poll_fd() const override { return -1; }
  size_t answer_pending() override {
    const size_t answered = waiting;
    answered_total_ += waiting;
    waiting = 0;
    ++batches;
    return answered;
  }
  uint64_t answered_total() const override { return answered_total_; }

  size_t waiting = 0;  // peers' probes queued
  int batches = 0;     // answer_pending() calls

 private:
  uint64_t answered_total_ = 0;
};

class FakeLinks final : public collect::LinkEventSource {
 public:
  int poll_fd() const override { return -1; }
  std::vector<collect::LinkEvent> take_events() override { return std::exchange(pending, {}); }
  std::vector<collect::LinkEvent> pending;
};

class CountingCollectors final : public HostCollectors {
 public:
  void collect(AgentSnapshot& s) override {
    ++calls;
    s.netstat = {{"Tcp", "RetransSegs", calls}};
  }
  int calls = 0;
};

// Sleeps by advancing the clock. A scripted happening (a link event, a peer's probe, a signal) at its
// time ends the wait early with its source ready, as epoll would.
class FakeWaiter final : public LoopWaiter {
 public:
  struct Happening {
    SteadyTime at;
    LoopSource source;
    std::function<void()> action;  // what the world does then (queue an event, a probe)
  };
  explicit FakeWaiter(FakeClock& clock) : clock_(clock) {}
  void watch(int, LoopSource source, bool) override { watched.insert(source); }
  void rearm(int, LoopSource) override { ++rearms; }
  std::vector<LoopSource> wait(int timeout_ms) override {
    ++waits;
    const SteadyTime until = clock_.now() + milliseconds(timeout_ms);
    if (!script.empty() && script.front().at <= until) {
      Happening next = std::move(script.front());
      script.erase(script.begin());
      if (next.at > clock_.now()) clock_.set(next.at);
      if (next.action) next.action();
      return {next.source};
    }
    clock_.advance(until - clock_.now());
    return {};
  }

  std::vector<Happening> script;  // in time order
  std::set<LoopSource> watched;
  int rearms = 0;
  long waits = 0;

 private:
  FakeClock& clock_;
};

class AgentLoopTest : public ::testing::Test {
 protected:
  AgentLoopTest() {
    site_file_ = dir_.path() / "site.yaml";
    std::filesystem::copy_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml", site_file_);
    options_.site_file = site_file_.string();
    options_.host = "node1";
    options_.interval = seconds(1);
    options_.jitter = 0;
    options_.max_probes_per_second = 0;
    options_.timeout = milliseconds(500);
    options_.udp = options_.tcp = options_.pmtu = false;  // ICMP only: one prober to fake
    options_.report_interval = seconds(10);
    options_.plan_check_interval = seconds(5);
    prober_->answer = [](probe::TargetId, uint32_t) { return std::optional<Nanoseconds>(milliseconds(2)); };
  }

  std::unique_ptr<Agent> make_agent(std::unique_ptr<http::HttpClient> keeper_client = nullptr) {
    AgentParts parts{clock_, {}, nullptr, nullptr, nullptr, nullptr};
    if (keeper_client) {
      options_.keeper_metrics.url = "http://127.0.0.1:9949/metrics";
      parts.keeper = std::make_unique<KeeperScraper>(std::move(keeper_client), options_.keeper_metrics);
      keeper_ = parts.keeper.get();
    }
    parts.probers[probe::ProbeKind::icmp] = std::unique_ptr<probe::Prober>(prober_);
    parts.responder = std::unique_ptr<probe::EchoResponder>(responder_);
    parts.links = std::unique_ptr<collect::LinkEventSource>(links_);
    parts.collectors = std::unique_ptr<HostCollectors>(collectors_);
    parts.waiter = std::unique_ptr<LoopWaiter>(waiter_);
    return std::make_unique<Agent>(options_, std::move(parts));
  }

  // Serves until the clock has moved `span` past the start.
  void serve_for(Agent& agent, Nanoseconds span) {
    const SteadyTime end = start_ + span;
    AgentOutputs outputs;
    outputs.publish = [&](std::shared_ptr<const AgentSnapshot> s) { published_.push_back(std::move(s)); };
    outputs.ship = [&](const AgentSnapshot& s) {
      shipped_.push_back(s);
      if (on_ship) on_ship();
    };
    agent.serve(outputs, [&] { return clock_.now() < end; });
  }

  SteadyTime at(Nanoseconds offset) const { return start_ + offset; }

  static std::set<std::string> destinations(const AgentSnapshot& s) {
    std::set<std::string> out;
    for (const auto& r : s.probes) out.insert(r.target.dst);
    return out;
  }

  netkeel::testing::TemporaryDirectory dir_;
  std::filesystem::path site_file_;
  AgentOptions options_;
  FakeClock clock_;
  SteadyTime start_ = clock_.now();
  // Owned by the agent once made; the test keeps a view to script and inspect them.
  probe::testing::FakeProber* prober_ = new probe::testing::FakeProber;
  FakeResponder* responder_ = new FakeResponder;
  FakeLinks* links_ = new FakeLinks;
  CountingCollectors* collectors_ = new CountingCollectors;
  FakeWaiter* waiter_ = new FakeWaiter(clock_);
  std::vector<std::shared_ptr<const AgentSnapshot>> published_;
  std::vector<AgentSnapshot> shipped_;
  std::function<void()> on_ship;    // after each shipped report, on the loop's thread
  KeeperScraper* keeper_ = nullptr;  // owned by the agent, with a keeper client
};

TEST_F(AgentLoopTest, EveryReportCarriesExactlyTheProbesOfItsInterval) {
  auto agent = make_agent();
  serve_for(*agent, seconds(100) + milliseconds(500));

  // The start publishes once (an empty page), then one report every 10 s.
  ASSERT_EQ(shipped_.size(), 11U);
  ASSERT_EQ(published_.size(), 11U);
  EXPECT_EQ(collectors_->calls, 11);
  EXPECT_TRUE(shipped_[0].probes.empty() || shipped_[0].probes[0].interval.sent == 0);
  // node1 probes node2 and node3 on 4 networks, the mgmt gateway and the 2 services' VIPs, once a second each.
  const auto targets = shipped_[1].probes.size();
  EXPECT_EQ(targets, 11U);
  uint64_t total_sent = 0;
  for (size_t report = 1; report < shipped_.size(); ++report) {
    ASSERT_EQ(shipped_[report].probes.size(), targets) << "report " << report;
    for (const auto& r : shipped_[report].probes) {
      EXPECT_EQ(r.interval.sent, 10U) << "report " << report << " to " << r.target.dst;
      EXPECT_EQ(r.interval.lost, 0U) << "report " << report << " to " << r.target.dst;
      total_sent += r.interval.sent;
    }
    EXPECT_EQ(shipped_[report].netstat.at(0).value, double(report + 1)) << "collected once per report";
  }
  // Nothing sent is unaccounted for: every probe the prober sent is in a report (the last few still in flight).
  EXPECT_LE(total_sent, prober_->sent.size());
  EXPECT_GE(total_sent + targets, prober_->sent.size());
  EXPECT_GE(clock_.now(), at(seconds(100)));
  EXPECT_TRUE(waiter_->watched.count(LoopSource::links));
  EXPECT_TRUE(waiter_->watched.count(LoopSource::responder));
}

TEST_F(AgentLoopTest, ALinkEventIsReportedWithinASecondThenReportsGoBackToTheirInterval) {
  waiter_->script.push_back({at(milliseconds(35'200)), LoopSource::links, [&] {
                               links_->pending.push_back({"eno1", 2, false, false, unix_nanoseconds(clock_.wall_now())});
                             }});
  auto agent = make_agent();
  serve_for(*agent, seconds(80) + milliseconds(500));

  // The start and reports at 10, 20, 30 s; the event at 35.2 s is reported at once (the last report is more
  // than a second old), then every second for 15 s after it (35.2 .. 50.2 s), then every 10 s again.
  ASSERT_EQ(shipped_.size(), 23U);
  const AgentSnapshot& at_event = shipped_[4];
  ASSERT_EQ(at_event.link_events.size(), 1U);
  EXPECT_EQ(at_event.link_events[0].name, "eno1");
  EXPECT_FALSE(at_event.link_events[0].up);
  ASSERT_FALSE(at_event.link_state_events.empty());
  EXPECT_EQ(at_event.link_state_events[0].kind, store::LinkEventKind::down);
  EXPECT_TRUE(shipped_[5].link_events.empty()) << "each event goes out once";
  EXPECT_EQ(shipped_[5].link_transitions.at("eno1"), 1U);
  EXPECT_EQ(shipped_[5].probes.at(0).interval.sent, 1U) << "a one-second report";
  EXPECT_EQ(shipped_[20].probes.at(0).interval.sent, 10U) << "10 s after the last fast report (50.2 s)";
  // /metrics shows the event at once too: it is published with its report.
  EXPECT_EQ(published_[4]->link_states.at("eno1"), DampedState::down);
}

TEST_F(AgentLoopTest, PeersThatStopAnsweringAreReportedWithinSecondsForFifteenSeconds) {
  // From 25 s on, no target answers (a dead switch, say).
  prober_->answer = [&](probe::TargetId, uint32_t) {
    return clock_.now() < at(seconds(25)) ? std::optional<Nanoseconds>(milliseconds(2)) : std::nullopt;
  };
  auto agent = make_agent();
  serve_for(*agent, seconds(70) + milliseconds(500));

  // Reports at 0, 10, 20 s; the first lost probes (sent at 25 s, lost 0.5 s later) start a spell of reports a
  // second apart that lasts 15 s past the last target's first loss; later losses of targets that never
  // answered since start none.
  ASSERT_GE(shipped_.size(), 4U);
  // Report 3 is the first with a loss: it came at 25.5 .. 26.5 s, not at 30 s.
  std::uint64_t lost_in_first = 0;
  for (const auto& r : shipped_[3].probes) lost_in_first += r.interval.lost;
  EXPECT_GT(lost_in_first, 0U);
  EXPECT_LE(shipped_[3].probes.at(0).interval.sent, 7U) << "reported before the regular 30 s report";
  std::size_t one_second = 0, ten_seconds = 0;
  for (std::size_t i = 4; i < shipped_.size(); ++i) {
    const auto sent = shipped_[i].probes.at(0).interval.sent;
    one_second += sent == 1 ? 1 : 0;
    ten_seconds += sent == 10 ? 1 : 0;
  }
  EXPECT_GE(one_second, 13U);
  EXPECT_LE(one_second, 16U);
  EXPECT_EQ(ten_seconds, 2U) << "back to 10 s after the spell (about 42 .. 70 s)";
}

TEST_F(AgentLoopTest, AChangedSiteFileRetargetsTheProbesAndABrokenOneIsIgnored) {
  const auto rewrite_site = [&](const std::function<std::string(std::string)>& change) {
    std::ifstream in(site_file_);
    std::stringstream text;
    text << in.rdbuf();
    std::ofstream(site_file_, std::ios::trunc) << change(text.str());
  };
  // At 12 s node3 leaves the site; at 32 s an edit breaks the file (the last good plan stays).
  waiter_->script.push_back({at(seconds(12)), LoopSource::probers, [&] {
                               rewrite_site([](std::string s) { return s.substr(0, s.find("  - name: node3")) + s.substr(s.find("services:")); });
                             }});
  waiter_->script.push_back({at(seconds(32)), LoopSource::probers, [&] {
                               rewrite_site([](std::string s) { return s + "\nnot yaml: [\n"; });
                             }});
  auto agent = make_agent();
  serve_for(*agent, seconds(50) + milliseconds(500));

  ASSERT_EQ(shipped_.size(), 6U);
  EXPECT_EQ(destinations(shipped_[1]).count("node3"), 1U);
  // The change is seen at the plan check at 15 s: the report at 20 s still holds node3's last probes,
  // the ones after it no longer probe node3 at all.
  for (size_t report = 3; report < shipped_.size(); ++report) {
    EXPECT_EQ(destinations(shipped_[report]).count("node3"), 0U) << "report " << report;
    EXPECT_EQ(destinations(shipped_[report]).count("node2"), 1U) << "report " << report;
  }
  for (const auto& r : shipped_[5].probes) EXPECT_EQ(r.interval.sent, 10U) << r.target.dst;
}

TEST_F(AgentLoopTest, PeersProbesAreAnsweredInBatchesOnTheWakeGrid) {
  // 20 peers' probes arrive 5 ms apart around 3 s; the loop notes them and answers them together.
  for (int i = 0; i < 20; ++i) {
    waiter_->script.push_back({at(seconds(3) + milliseconds(5 * i)), LoopSource::responder, [&] { ++responder_->waiting; }});
  }
  auto agent = make_agent();
  serve_for(*agent, seconds(10) + milliseconds(500));

  EXPECT_EQ(responder_->answered_total(), 20U);
  EXPECT_EQ(responder_->waiting, 0U);
  EXPECT_LT(responder_->batches, 20) << "answered in batches, not one wakeup each";
  EXPECT_GE(responder_->batches, 1);
  EXPECT_EQ(waiter_->rearms, responder_->batches) << "quiet between batches, woken again after each";
  EXPECT_EQ(shipped_.back().responder_answered_total, 20U);
}

TEST_F(AgentLoopTest, ASignalStopsTheLoop) {
  waiter_->script.push_back({at(seconds(25)), LoopSource::signal, nullptr});
  auto agent = make_agent();
  serve_for(*agent, std::chrono::hours(1));  // would run an hour of fake time without the signal

  EXPECT_EQ(clock_.now(), at(seconds(25)));
  EXPECT_EQ(shipped_.size(), 3U);  // the start, 10 s and 20 s
}


const std::string kKeeperPage =
    "# TYPE netkeel_keeper_instance_health gauge\n"
    "netkeel_keeper_instance_health{service=\"keystone\",health=\"healthy\"} 1\n"
    "# TYPE netkeel_keeper_vip_releases_by_cause_total counter\n"
    "netkeel_keeper_vip_releases_by_cause_total{service=\"keystone\",cause=\"check\"} 2\n";

TEST_F(AgentLoopTest, TheKeepersPageReadAtOneReportIsShippedWithTheNext) {
  auto client = std::make_unique<http::FakeHttpClient>();
  client->respond_by_default(http::Response{200, kKeeperPage, "text/plain"});
  auto agent = make_agent(std::move(client));
  // The read runs on the scraper's thread; waiting for it after each report makes the test deterministic
  // (the loop itself never waits: see the next test).
  std::vector<store::TimestampMs> report_wall_ms;
  on_ship = [&] {
    report_wall_ms.push_back(std::chrono::duration_cast<milliseconds>(unix_nanoseconds(clock_.wall_now())).count());
    ASSERT_TRUE(keeper_->wait_idle(seconds(10)));
  };
  serve_for(*agent, seconds(30) + milliseconds(500));

  ASSERT_EQ(shipped_.size(), 4U);
  EXPECT_FALSE(shipped_[0].keeper_scrape) << "the first report comes before any read";
  EXPECT_EQ(shipped_[0].keeper_scrapes->scrapes, 0U);
  for (size_t report = 1; report < shipped_.size(); ++report) {
    const AgentSnapshot& s = shipped_[report];
    ASSERT_TRUE(s.keeper_scrape) << "report " << report;
    EXPECT_EQ(s.keeper_scrape->at_ms, report_wall_ms[report - 1]) << "read when the previous report was made";
    EXPECT_EQ(s.keeper_scrape->samples.size(), 2U);
    EXPECT_EQ(s.keeper_scrapes->scrapes, report);
    EXPECT_TRUE(s.keeper_scrapes->up);
    EXPECT_EQ(s.probes.size(), 11U) << "the probes are all there too";
  }
  // In the batch: the keeper's series with the host, next to the agent's own.
  const store::Batch batch = build_batch(shipped_[2], TimeAnchor{clock_.now(), report_wall_ms[2]});
  bool health = false, counted = false;
  for (const auto& sample : batch.samples) {
    const store::Series& series = batch.series[sample.series];
    if (series.metric == "netkeel_keeper_instance_health" && series.label("host") == "node1" &&
        series.label("service") == "keystone" && series.label("health") == "healthy") {
      health = true;
      EXPECT_EQ(sample.value, 1);
      EXPECT_EQ(sample.timestamp_ms, report_wall_ms[1]);
    }
    counted = counted || (series.metric == "netkeel_agent_keeper_scrapes_total" && sample.value == 2);
  }
  EXPECT_TRUE(health);
  EXPECT_TRUE(counted);
  // /metrics shows the agent's counts of its reads, not the keeper's samples (the keeper serves those).
  for (const auto& page : published_) EXPECT_FALSE(page->keeper_scrape);
  EXPECT_EQ(published_.back()->keeper_scrapes->scrapes, 3U);
}

TEST_F(AgentLoopTest, AKeeperThatDoesNotAnswerDelaysNoReport) {
  auto gated = std::make_unique<testing::GatedHttpClient>();
  testing::GatedHttpClient& gate = *gated;
  auto agent = make_agent(std::move(gated));
  // Should the loop wait on the keeper, this opens the gate after 20 s of real time, and the check below fails.
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 200 && !done; ++i) std::this_thread::sleep_for(milliseconds(100));
    if (!done) gate.open();
  });
  serve_for(*agent, seconds(100) + milliseconds(500));
  done = true;
  watchdog.join();
  EXPECT_FALSE(gate.is_open()) << "the loop waited for the keeper";
  // Every report on time, with all its probes, and no read finished.
  ASSERT_EQ(shipped_.size(), 11U);
  for (size_t report = 1; report < shipped_.size(); ++report) {
    EXPECT_EQ(shipped_[report].probes.at(0).interval.sent, 10U) << "report " << report;
    EXPECT_FALSE(shipped_[report].keeper_scrape);
    EXPECT_EQ(shipped_[report].keeper_scrapes->scrapes, 0U);
  }
  EXPECT_EQ(gate.started(), 1) << "one read hangs; the reports since did not pile up more";
  gate.open();  // the scraper's thread ends with the agent
}

TEST_F(AgentLoopTest, AFailingKeeperIsCountedAndItsReportsGoOn) {
  auto client = std::make_unique<http::FakeHttpClient>();
  for (int i = 0; i < 3; ++i) client->fail("Connection refused");
  client->respond(http::Response{200, "not a page\n", "text/plain"});
  client->respond_by_default(http::Response{200, kKeeperPage, "text/plain"});
  auto agent = make_agent(std::move(client));
  on_ship = [&] { ASSERT_TRUE(keeper_->wait_idle(seconds(10))); };
  serve_for(*agent, seconds(60) + milliseconds(500));

  ASSERT_EQ(shipped_.size(), 7U);
  const KeeperScrapeCounters& after_failures = *shipped_[4].keeper_scrapes;
  EXPECT_EQ(after_failures.scrapes, 4U);
  EXPECT_EQ(after_failures.failures.at("unreachable"), 3U);
  EXPECT_EQ(after_failures.failures.at("bad_page"), 1U);
  EXPECT_FALSE(after_failures.up);
  for (size_t report = 1; report <= 4; ++report) {
    EXPECT_FALSE(shipped_[report].keeper_scrape) << "report " << report;
    EXPECT_EQ(shipped_[report].probes.size(), 11U) << "report " << report;
  }
  ASSERT_TRUE(shipped_[5].keeper_scrape);
  EXPECT_TRUE(shipped_[5].keeper_scrapes->up);
}

}  // namespace
}  // namespace netkeel::agent
